/* Unit tests of planner/options.c, planner/checks/ (storage, memory, network, processor) and
 * planner/plan.c on synthetic inventories built in memory: every expected number is worked out by
 * hand in the comments. */
#include <string.h>

#include "unit.h"
#include "collectors/collector.h"
#include "models/processor.h"
#include "planner/plan.h"

#define GIB HVP_GIB
#define MIB HVP_MIB

/* Builders ------------------------------------------------------------------------------------ */

static HvpVm *
add_vm (HvpHost *host, const char *name, HvpVmState state, guint vcpus, guint64 startup_bytes)
{
  g_autofree char *id = g_strdup_printf ("ID-%s", name);
  HvpVm *vm = hvp_vm_new (id, name);

  vm->state = state;
  vm->vcpus = vcpus;
  vm->memory.startup_bytes = startup_bytes;
  g_ptr_array_add (host->vms, vm);
  return vm;
}

/* VM "vm": saved, 2 vCPUs, 1 GiB of memory and a 1 GiB saved state. */
static HvpVm *
add_saved_vm (HvpHost *host)
{
  HvpVm *vm = add_vm (host, "vm", HVP_VM_STATE_SAVED, 2, GIB);

  vm->saved_state = TRUE;
  vm->saved_state_bytes = GIB;
  return vm;
}

static HvpDisk *
add_disk (HvpHost *host, const char *path, HvpDiskType type, guint64 file_size_bytes,
          guint64 virtual_size_bytes, const char *parent_path)
{
  HvpDisk *disk = hvp_disk_new (path);

  disk->format = HVP_DISK_FORMAT_VHDX;
  disk->type = type;
  disk->file_size_bytes = file_size_bytes;
  disk->virtual_size_bytes = virtual_size_bytes;
  disk->parent_path = g_strdup (parent_path);
  disk->readable = TRUE;
  return hvp_host_add_disk (host, disk);
}

static void
attach (GPtrArray *drives, const char *path)
{
  g_ptr_array_add (drives, hvp_drive_new (HVP_CONTROLLER_TYPE_SCSI, 0, drives->len, path));
}

static HvpAdapter *
add_adapter (HvpVm *vm, const char *switch_name)
{
  HvpAdapter *adapter = hvp_adapter_new ("Network Adapter");

  adapter->switch_name = g_strdup (switch_name);
  g_ptr_array_add (vm->adapters, adapter);
  return adapter;
}

static HvpSwitch *
add_switch (HvpHost *host, const char *id, const char *name, HvpSwitchType type)
{
  HvpSwitch *vswitch = hvp_switch_new (id, name, type);

  g_ptr_array_add (host->switches, vswitch);
  return vswitch;
}

static void
set_processor (HvpHost *host, const char *vendor, guint family, guint model, gint stepping)
{
  g_free (host->processor.vendor);
  host->processor.vendor = g_strdup (vendor);
  host->processor.family = family;
  host->processor.model = model;
  host->processor.stepping = stepping;
}

/* A destination host with 64 GiB, 16 logical processors, 4 NICs, one 1 TiB volume, switch "LAN". */
static HvpInventory *
destination_new (void)
{
  HvpInventory *inventory = hvp_inventory_new ();
  HvpHost *host = hvp_inventory_ensure_host (inventory, "hv-new");

  host->memory_bytes = 64 * GIB;
  host->logical_processors = 16;
  set_processor (host, "GenuineIntel", 6, 85, 7);
  for (guint i = 1; i <= 4; i++)
    g_ptr_array_add (host->physical_nics, g_strdup_printf ("NIC%u", i));
  g_ptr_array_add (host->volumes, hvp_volume_new ("D:\\", 2048 * GIB, 1024 * GIB));
  add_switch (host, NULL, "LAN", HVP_SWITCH_TYPE_EXTERNAL);
  return inventory;
}

static HvpHost *
destination_host (HvpInventory *destination)
{
  return g_ptr_array_index (destination->hosts, 0);
}

static HvpInventory *
source_new (HvpHost **ret_host)
{
  HvpInventory *inventory = hvp_inventory_new ();

  *ret_host = hvp_inventory_ensure_host (inventory, "hv-old");
  set_processor (*ret_host, "GenuineIntel", 6, 85, 7);
  (*ret_host)->memory_bytes = 32 * GIB;
  (*ret_host)->logical_processors = 8;
  return inventory;
}

static HvpPlan *
plan_ok (const HvpInventory *source, const HvpInventory *destination,
         const HvpPlanOptions *options)
{
  g_autoptr (GError) error = NULL;
  HvpPlan *plan = hvp_plan_new (source, destination, options, &error);

  g_assert_no_error (error);
  g_assert_nonnull (plan);
  return plan;
}

/* The finding of @requirement whose message contains @text, or NULL. */
static const HvpFinding *
find_finding (const HvpPlan *plan, HvpRequirementKind requirement, const char *text)
{
  for (guint i = 0; i < plan->findings->len; i++)
    {
      const HvpFinding *finding = g_ptr_array_index (plan->findings, i);

      if (finding->requirement == requirement && strstr (finding->message, text) != NULL)
        return finding;
    }
  return NULL;
}

static guint
count_findings (const HvpPlan *plan, HvpRequirementKind requirement, HvpVerdict severity)
{
  guint count = 0;

  for (guint i = 0; i < plan->findings->len; i++)
    {
      const HvpFinding *finding = g_ptr_array_index (plan->findings, i);

      if (finding->requirement == requirement && finding->severity == severity)
        count++;
    }
  return count;
}

static const HvpPlanVm *
plan_vm (const HvpPlan *plan, guint index)
{
  g_assert_cmpuint (index, <, plan->vms->len);
  return g_ptr_array_index (plan->vms, index);
}

/* Options ------------------------------------------------------------------------------------- */

static void
test_options_defaults (void)
{
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();

  g_assert_cmpint (options->memory_policy, ==, HVP_MEMORY_POLICY_STARTUP);
  g_assert_cmpint (options->concurrency, ==, HVP_CONCURRENCY_RUNNING);
  g_assert_cmpuint (options->storage_headroom_percent, ==, 20);
  g_assert_cmpuint (options->host_reserve_bytes, ==, 2 * GIB);
  g_assert_true (options->vm_overhead_auto);
  g_assert_cmpuint (options->switch_maps->len, ==, 0);
  g_assert_cmpfloat (options->vcpu_ratio, ==, 1.0);
}

static void
test_options_overhead (void)
{
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();

  /* 32 MiB for the first GiB, 8 MiB for each further GiB, a partial GiB counted whole. */
  g_assert_cmpuint (hvp_plan_options_vm_overhead (options, 1 * GIB), ==, 32 * MIB);
  g_assert_cmpuint (hvp_plan_options_vm_overhead (options, 4 * GIB), ==, 56 * MIB);
  g_assert_cmpuint (hvp_plan_options_vm_overhead (options, 4 * GIB + 1), ==, 64 * MIB);
  g_assert_cmpuint (hvp_plan_options_vm_overhead (options, GIB + GIB / 2), ==, 40 * MIB);
  g_assert_cmpuint (hvp_plan_options_vm_overhead (options, 512 * MIB), ==, 32 * MIB);
  g_assert_cmpuint (hvp_plan_options_vm_overhead (options, 0), ==, 32 * MIB);
  g_assert_cmpuint (hvp_plan_options_vm_overhead (options, 16 * GIB), ==, 152 * MIB);

  options->vm_overhead_auto = FALSE;
  options->vm_overhead_bytes = 100 * MIB;
  g_assert_cmpuint (hvp_plan_options_vm_overhead (options, 16 * GIB), ==, 100 * MIB);
}

static void
test_options_parse (void)
{
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  g_autoptr (GError) error = NULL;
  const HvpSwitchMap *map;

  g_assert_true (hvp_plan_options_add_switch_map (options, "LAN=Prod=1", &error));
  g_assert_no_error (error);
  map = g_ptr_array_index (options->switch_maps, 0);
  g_assert_cmpstr (map->from, ==, "LAN");
  g_assert_cmpstr (map->to, ==, "Prod=1");
  g_assert_true (hvp_plan_options_add_switch_map (options, "LAN=Prod", &error));
  g_assert_cmpuint (options->switch_maps->len, ==, 1);
  map = g_ptr_array_index (options->switch_maps, 0);
  g_assert_cmpstr (map->to, ==, "Prod");

  g_assert_false (hvp_plan_options_add_switch_map (options, "LAN", &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_USAGE);
  g_assert_cmpstr (error->message, ==, "invalid switch map 'LAN': expected SOURCE=DESTINATION");
  g_clear_error (&error);
  g_assert_false (hvp_plan_options_add_switch_map (options, "=Prod", &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_USAGE);
  g_clear_error (&error);
  g_assert_false (hvp_plan_options_add_switch_map (options, "LAN=", &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_USAGE);
  g_clear_error (&error);

  g_assert_true (hvp_plan_options_set_memory_policy (options, "maximum", &error));
  g_assert_cmpint (options->memory_policy, ==, HVP_MEMORY_POLICY_MAXIMUM);
  g_assert_true (hvp_plan_options_set_memory_policy (options, "startup", &error));
  g_assert_cmpint (options->memory_policy, ==, HVP_MEMORY_POLICY_STARTUP);
  g_assert_false (hvp_plan_options_set_memory_policy (options, "minimum", &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_USAGE);
  g_clear_error (&error);

  g_assert_true (hvp_plan_options_set_concurrency (options, "all", &error));
  g_assert_cmpint (options->concurrency, ==, HVP_CONCURRENCY_ALL);
  g_assert_true (hvp_plan_options_set_concurrency (options, "dc01, sql01", &error));
  g_assert_cmpint (options->concurrency, ==, HVP_CONCURRENCY_NAMES);
  g_assert_cmpuint (options->concurrent_names->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (options->concurrent_names, 1), ==, "sql01");
  g_assert_true (hvp_plan_options_set_concurrency (options, "ID-Saved", &error));
  g_assert_cmpuint (g_hash_table_size (options->concurrent_index), ==, 6);
  g_assert_true (g_hash_table_contains (options->concurrent_index, "name:ID-Saved"));
  g_assert_true (g_hash_table_contains (options->concurrent_index, "id:id-saved"));
  g_assert_false (g_hash_table_contains (options->concurrent_index, "name:id-saved"));
  g_assert_false (hvp_plan_options_set_concurrency (options, "dc01,,sql01", &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_USAGE);
  g_clear_error (&error);
  g_assert_false (hvp_plan_options_set_concurrency (options, "", &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_USAGE);
  g_clear_error (&error);
  g_assert_true (hvp_plan_options_set_concurrency (options, "running", &error));
  g_assert_cmpint (options->concurrency, ==, HVP_CONCURRENCY_RUNNING);
  g_assert_cmpuint (options->concurrent_names->len, ==, 0);
  g_assert_cmpuint (g_hash_table_size (options->concurrent_index), ==, 0);
}

/* Storage ------------------------------------------------------------------------------------- */

/* Two VMs whose differencing disks share one dynamic parent:
 *   base.vhdx  dynamic       file 10 GiB, virtual 40 GiB
 *   a.avhdx    differencing  file  2 GiB, virtual 40 GiB, parent base   (vm1, and its snapshot)
 *   b.avhdx    differencing  file  3 GiB, virtual 40 GiB, parent base   (vm2)
 *   data.vhdx  fixed         file  5 GiB, virtual  5 GiB                (vm2)
 * files = 20 GiB; worst = 40 + 40 + 40 + 5 = 125 GiB. */
static HvpInventory *
shared_parent_source (void)
{
  HvpHost *host;
  HvpInventory *source = source_new (&host);
  HvpVm *vm1 = add_vm (host, "vm1", HVP_VM_STATE_OFF, 2, 1 * GIB);
  HvpVm *vm2 = add_vm (host, "vm2", HVP_VM_STATE_OFF, 2, 1 * GIB);
  HvpSnapshot *snapshot = hvp_snapshot_new ("S1", "before");

  add_disk (host, "C:\\VMs\\base.vhdx", HVP_DISK_TYPE_DYNAMIC, 10 * GIB, 40 * GIB, NULL);
  add_disk (host, "C:\\VMs\\a.avhdx", HVP_DISK_TYPE_DIFFERENCING, 2 * GIB, 40 * GIB,
            "C:\\VMs\\base.vhdx");
  add_disk (host, "C:\\VMs\\b.avhdx", HVP_DISK_TYPE_DIFFERENCING, 3 * GIB, 40 * GIB,
            "C:\\VMs\\base.vhdx");
  add_disk (host, "C:\\VMs\\data.vhdx", HVP_DISK_TYPE_FIXED, 5 * GIB, 5 * GIB, NULL);
  hvp_host_link_disks (host);
  attach (vm1->drives, "C:\\VMs\\a.avhdx");
  /* The snapshot's drive names the same file in another spelling: still one file. */
  attach (snapshot->drives, "c:/vms/A.avhdx");
  g_ptr_array_add (vm1->snapshots, snapshot);
  attach (vm2->drives, "C:\\VMs\\b.avhdx");
  attach (vm2->drives, "C:\\VMs\\data.vhdx");
  return source;
}

static void
test_storage_shared_parent (void)
{
  g_autoptr (HvpInventory) source = shared_parent_source ();
  g_autoptr (HvpInventory) destination = destination_new ();
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);
  const HvpRequirement *storage = &plan->requirements[HVP_REQUIREMENT_STORAGE];

  /* 20 GiB + 20 % = 24 GiB; worst 125 GiB + 25 GiB = 150 GiB. */
  g_assert_cmpuint (plan->storage_headroom_bytes, ==, 4 * GIB);
  g_assert_cmpuint (storage->required, ==, 24 * GIB);
  g_assert_cmpuint (storage->worst_case, ==, 150 * GIB);
  g_assert_cmpuint (storage->available, ==, 1024 * GIB);
  g_assert_cmpint (storage->verdict, ==, HVP_VERDICT_PASS);
  /* The shared parent counts for the first VM that uses it. */
  g_assert_cmpuint (plan_vm (plan, 0)->storage_bytes, ==, 12 * GIB);
  g_assert_cmpuint (plan_vm (plan, 1)->storage_bytes, ==, 8 * GIB);
  g_assert_cmpuint (plan_vm (plan, 0)->snapshots, ==, 1);
}

static void
test_storage_worst_case (void)
{
  g_autoptr (HvpInventory) source = shared_parent_source ();
  g_autoptr (HvpInventory) destination = destination_new ();
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  HvpVolume *volume = g_ptr_array_index (destination_host (destination)->volumes, 0);
  const HvpFinding *finding;

  /* 100 GiB free: the 24 GiB fit, the 150 GiB worst case does not → warn. */
  volume->free_bytes = 100 * GIB;
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);

    g_assert_cmpint (plan->requirements[HVP_REQUIREMENT_STORAGE].verdict, ==, HVP_VERDICT_WARN);
    finding = find_finding (plan, HVP_REQUIREMENT_STORAGE, "can grow to need 150.0 GiB");
    g_assert_nonnull (finding);
    g_assert_cmpint (finding->severity, ==, HVP_VERDICT_WARN);
    g_assert_cmpint (hvp_plan_verdict (plan), ==, HVP_VERDICT_WARN);
  }

  /* 20 GiB free on two volumes: less than the 24 GiB → fail. */
  volume->free_bytes = 10 * GIB;
  g_ptr_array_add (destination_host (destination)->volumes,
                   hvp_volume_new ("E:\\", 100 * GIB, 10 * GIB));
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);

    g_assert_cmpuint (plan->requirements[HVP_REQUIREMENT_STORAGE].available, ==, 20 * GIB);
    g_assert_cmpint (plan->requirements[HVP_REQUIREMENT_STORAGE].verdict, ==, HVP_VERDICT_FAIL);
    finding = find_finding (plan, HVP_REQUIREMENT_STORAGE, "storage needs 24.0 GiB");
    g_assert_nonnull (finding);
    g_assert_cmpstr (finding->message, ==,
                     "storage needs 24.0 GiB (virtual hard disks 20.0 GiB, saved states 0.0 GiB, "
                     "20 % headroom 4.0 GiB), the volumes of 'hv-new' have 20.0 GiB free: add "
                     "storage, or merge or delete checkpoints before migration");
    /* The largest file (base.vhdx, 10 GiB) still fits one 10 GiB volume. */
    g_assert_null (find_finding (plan, HVP_REQUIREMENT_STORAGE, "fits no destination volume"));
  }
}

static void
test_storage_largest_file (void)
{
  g_autoptr (HvpInventory) source = shared_parent_source ();
  g_autoptr (HvpInventory) destination = destination_new ();
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  g_autoptr (HvpPlan) plan = NULL;
  HvpHost *target = destination_host (destination);
  const HvpFinding *finding;

  /* 9 GiB + 200 GiB free: the total fits, the 10 GiB base.vhdx fits E: only. */
  g_ptr_array_set_size (target->volumes, 0);
  g_ptr_array_add (target->volumes, hvp_volume_new ("D:\\", 100 * GIB, 9 * GIB));
  g_ptr_array_add (target->volumes, hvp_volume_new ("E:\\", 300 * GIB, 200 * GIB));
  plan = plan_ok (source, destination, options);
  g_assert_null (find_finding (plan, HVP_REQUIREMENT_STORAGE, "fits no destination volume"));
  g_clear_pointer (&plan, hvp_plan_free);

  /* Two volumes of 9 GiB: 18 GiB in all, but no single one holds the 10 GiB file. */
  g_ptr_array_set_size (target->volumes, 0);
  g_ptr_array_add (target->volumes, hvp_volume_new ("D:\\", 100 * GIB, 9 * GIB));
  g_ptr_array_add (target->volumes, hvp_volume_new ("E:\\", 100 * GIB, 9 * GIB));
  plan = plan_ok (source, destination, options);
  finding = find_finding (plan, HVP_REQUIREMENT_STORAGE, "fits no destination volume");
  g_assert_nonnull (finding);
  g_assert_cmpint (finding->severity, ==, HVP_VERDICT_FAIL);
  g_assert_cmpstr (finding->vm, ==, "vm1");
  g_assert_cmpstr (finding->message, ==,
                   "file 'C:\\VMs\\base.vhdx' (10.0 GiB) fits no destination volume: the largest, "
                   "'D:\\', has 9.0 GiB free; add a larger volume");
}

static void
test_storage_saved_state (void)
{
  HvpHost *host;
  g_autoptr (HvpInventory) source = source_new (&host);
  g_autoptr (HvpInventory) destination = destination_new ();
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  g_autoptr (HvpPlan) plan = NULL;
  HvpVm *vm = add_vm (host, "saved", HVP_VM_STATE_SAVED, 2, 4 * GIB);
  HvpVm *other = add_vm (host, "other", HVP_VM_STATE_OFF, 2, 1 * GIB);
  HvpSnapshot *with_bytes = hvp_snapshot_new ("S1", "with-bytes");
  HvpSnapshot *with_memory = hvp_snapshot_new ("S2", "with-memory");
  HvpSnapshot *without = hvp_snapshot_new ("S3", "without-memory");
  const HvpFinding *finding;

  /* VM saved, size unknown → its 4 GiB startup memory; snapshot with 1 GiB of files → 1 GiB;
   * snapshot of 2 GiB memory, size unknown → 2 GiB; snapshot without memory → the VM's 4 GiB. */
  vm->saved_state = TRUE;
  with_bytes->saved_state = TRUE;
  with_bytes->saved_state_bytes = 1 * GIB;
  with_memory->saved_state = TRUE;
  with_memory->memory.startup_bytes = 2 * GIB;
  without->saved_state = TRUE;
  g_ptr_array_add (vm->snapshots, with_bytes);
  g_ptr_array_add (vm->snapshots, with_memory);
  g_ptr_array_add (vm->snapshots, without);
  /* A known saved-state size is taken as it is. */
  other->saved_state = TRUE;
  other->saved_state_bytes = 3 * GIB;
  options->storage_headroom_percent = 0;
  plan = plan_ok (source, destination, options);

  g_assert_cmpuint (plan->storage_headroom_bytes, ==, 0);
  g_assert_cmpuint (plan->requirements[HVP_REQUIREMENT_STORAGE].required, ==, 14 * GIB);
  g_assert_cmpuint (plan->requirements[HVP_REQUIREMENT_STORAGE].worst_case, ==, 14 * GIB);
  g_assert_cmpuint (plan_vm (plan, 0)->storage_bytes, ==, 11 * GIB);
  g_assert_cmpuint (plan_vm (plan, 1)->storage_bytes, ==, 3 * GIB);
  g_assert_true (plan_vm (plan, 0)->saved_state);
  g_assert_cmpuint (plan_vm (plan, 0)->snapshots, ==, 3);
  finding = find_finding (plan, HVP_REQUIREMENT_STORAGE, "size of saved state unknown");
  g_assert_nonnull (finding);
  g_assert_cmpint (finding->severity, ==, HVP_VERDICT_INFO);
  g_assert_cmpstr (finding->vm, ==, "saved");
  g_assert_cmpstr (finding->message, ==,
                   "size of saved state unknown: counted as the memory it holds, 10.0 GiB");
  g_assert_cmpint (plan->requirements[HVP_REQUIREMENT_STORAGE].verdict, ==, HVP_VERDICT_PASS);
}

static void
test_storage_headroom (void)
{
  HvpHost *host;
  g_autoptr (HvpInventory) source = source_new (&host);
  g_autoptr (HvpInventory) destination = destination_new ();
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  HvpVm *vm = add_vm (host, "vm", HVP_VM_STATE_OFF, 1, GIB);

  add_disk (host, "/var/lib/libvirt/images/vm.qcow2", HVP_DISK_TYPE_FIXED, 1001, 1001, NULL);
  attach (vm->drives, "/var/lib/libvirt/images/vm.qcow2");

  /* 20 % of 1001 bytes = 200.2 → 201 (rounded up); 10 % → 100.1 → 101; 0 % → 0. */
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);

    g_assert_cmpuint (plan->storage_headroom_bytes, ==, 201);
    g_assert_cmpuint (plan->requirements[HVP_REQUIREMENT_STORAGE].required, ==, 1202);
  }
  options->storage_headroom_percent = 10;
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);

    g_assert_cmpuint (plan->storage_headroom_bytes, ==, 101);
    g_assert_cmpuint (plan->requirements[HVP_REQUIREMENT_STORAGE].required, ==, 1102);
  }
  options->storage_headroom_percent = 0;
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);

    g_assert_cmpuint (plan->storage_headroom_bytes, ==, 0);
    g_assert_cmpuint (plan->requirements[HVP_REQUIREMENT_STORAGE].required, ==, 1001);
  }
}

static void
test_storage_unknown_sizes (void)
{
  HvpHost *host;
  g_autoptr (HvpInventory) source = source_new (&host);
  g_autoptr (HvpInventory) destination = destination_new ();
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  g_autoptr (HvpPlan) plan = NULL;
  HvpVm *vm1 = add_vm (host, "vm1", HVP_VM_STATE_OFF, 1, GIB);
  HvpVm *vm2 = add_vm (host, "vm2", HVP_VM_STATE_OFF, 1, GIB);
  HvpDisk *unreadable;
  HvpDisk *known;
  const HvpRequirement *storage;
  const HvpFinding *finding;

  /* Unreadable, no size: unknown.  Unreadable with a size from elsewhere: known. */
  unreadable = add_disk (host, "C:\\VMs\\lost.vhdx", HVP_DISK_TYPE_UNKNOWN, 0, 0, NULL);
  unreadable->readable = FALSE;
  known = add_disk (host, "C:\\VMs\\known.vhdx", HVP_DISK_TYPE_UNKNOWN, 7 * GIB, 0, NULL);
  known->readable = FALSE;
  attach (vm1->drives, "C:\\VMs\\lost.vhdx");
  attach (vm1->drives, "C:\\VMs\\known.vhdx");
  /* A drive whose file the host does not list at all. */
  attach (vm2->drives, "C:\\VMs\\missing.vhdx");
  plan = plan_ok (source, destination, options);
  storage = &plan->requirements[HVP_REQUIREMENT_STORAGE];

  g_assert_cmpint (storage->verdict, ==, HVP_VERDICT_WARN);
  /* 20 % of 7 GiB is 1503238553.6 bytes: rounded up. */
  g_assert_cmpuint (storage->required, ==, 7 * GIB + 7 * GIB / 5 + 1);
  finding = find_finding (plan, HVP_REQUIREMENT_STORAGE, "sizes of 2 virtual hard disks unknown");
  g_assert_nonnull (finding);
  g_assert_cmpint (finding->severity, ==, HVP_VERDICT_WARN);
  g_assert_null (finding->vm);
  g_assert_cmpstr (finding->message, ==,
                   "sizes of 2 virtual hard disks unknown: 'C:\\VMs\\lost.vhdx', "
                   "'C:\\VMs\\missing.vhdx': they count as 0 bytes; make the files readable "
                   "(--path-map) and plan again");
  g_assert_cmpuint (storage->vms->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (storage->vms, 0), ==, "vm1");
  g_assert_cmpstr (g_ptr_array_index (storage->vms, 1), ==, "vm2");
}

static void
test_storage_no_volumes (void)
{
  g_autoptr (HvpInventory) source = shared_parent_source ();
  g_autoptr (HvpInventory) destination = destination_new ();
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  g_autoptr (HvpPlan) plan = NULL;
  const HvpFinding *finding;

  g_ptr_array_set_size (destination_host (destination)->volumes, 0);
  plan = plan_ok (source, destination, options);
  g_assert_cmpint (plan->requirements[HVP_REQUIREMENT_STORAGE].verdict, ==, HVP_VERDICT_WARN);
  g_assert_cmpuint (plan->requirements[HVP_REQUIREMENT_STORAGE].available, ==, 0);
  finding = find_finding (plan, HVP_REQUIREMENT_STORAGE, "destination lists no volumes");
  g_assert_nonnull (finding);
  g_assert_cmpint (finding->severity, ==, HVP_VERDICT_WARN);
  g_assert_cmpuint (count_findings (plan, HVP_REQUIREMENT_STORAGE, HVP_VERDICT_FAIL), ==, 0);
}

/* Memory -------------------------------------------------------------------------------------- */

static void
test_memory_static (void)
{
  HvpHost *host;
  g_autoptr (HvpInventory) source = source_new (&host);
  g_autoptr (HvpInventory) destination = destination_new ();
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  const HvpRequirement *memory;

  add_vm (host, "small", HVP_VM_STATE_RUNNING, 1, 1 * GIB);
  add_vm (host, "large", HVP_VM_STATE_RUNNING, 2, 4 * GIB);
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);

    /* 5 GiB + (32 + 56) MiB overhead + 2 GiB reserve. */
    memory = &plan->requirements[HVP_REQUIREMENT_MEMORY];
    g_assert_cmpuint (plan->memory_overhead_bytes, ==, 88 * MIB);
    g_assert_cmpuint (plan->memory_reserve_bytes, ==, 2 * GIB);
    g_assert_cmpuint (memory->required, ==, 7 * GIB + 88 * MIB);
    g_assert_cmpuint (memory->available, ==, 64 * GIB);
    g_assert_cmpint (memory->verdict, ==, HVP_VERDICT_PASS);
    g_assert_cmpuint (plan_vm (plan, 1)->memory_bytes, ==, 4 * GIB);
  }

  /* Reserve 4 GiB, flat 100 MiB overhead, 7 GiB destination → 5 GiB + 200 MiB + 4 GiB: fail. */
  options->host_reserve_bytes = 4 * GIB;
  options->vm_overhead_auto = FALSE;
  options->vm_overhead_bytes = 100 * MIB;
  destination_host (destination)->memory_bytes = 7 * GIB;
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);
    const HvpFinding *finding;

    memory = &plan->requirements[HVP_REQUIREMENT_MEMORY];
    g_assert_cmpuint (memory->required, ==, 9 * GIB + 200 * MIB);
    g_assert_cmpint (memory->verdict, ==, HVP_VERDICT_FAIL);
    finding = find_finding (plan, HVP_REQUIREMENT_MEMORY, "memory needs");
    g_assert_nonnull (finding);
    g_assert_cmpstr (finding->message, ==,
                     "memory needs 9.2 GiB (VMs 5.0 GiB, overhead 0.2 GiB, host reserve 4.0 GiB), "
                     "'hv-new' has 7.0 GiB: add memory, or run fewer VMs at the same time "
                     "(--concurrent)");
    g_assert_cmpint (hvp_plan_verdict (plan), ==, HVP_VERDICT_FAIL);
  }

  /* Destination memory unknown → warn. */
  destination_host (destination)->memory_bytes = 0;
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);

    g_assert_cmpint (plan->requirements[HVP_REQUIREMENT_MEMORY].verdict, ==, HVP_VERDICT_WARN);
    g_assert_nonnull (find_finding (plan, HVP_REQUIREMENT_MEMORY, "memory of 'hv-new' unknown"));
  }
}

/* A destination that already runs VMs (issue 12): "Hyper-V: Prepare to Migrate" sums every VM
 * that runs at the same time, and the destination's own run with the migrated ones. */
static void
test_memory_busy_destination (void)
{
  HvpHost *host;
  g_autoptr (HvpInventory) source = source_new (&host);
  g_autoptr (HvpInventory) destination = destination_new ();
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  HvpHost *target = destination_host (destination);
  HvpVm *own;

  target->memory_bytes = 32 * GIB;
  add_vm (host, "app", HVP_VM_STATE_RUNNING, 4, 16 * GIB);
  own = add_vm (target, "db", HVP_VM_STATE_RUNNING, 8, 28 * GIB);
  own->memory.dynamic = TRUE;
  own->memory.maximum_bytes = 30 * GIB;
  add_vm (target, "cold", HVP_VM_STATE_OFF, 2, 8 * GIB);
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);
    const HvpRequirement *memory = &plan->requirements[HVP_REQUIREMENT_MEMORY];

    /* 16 GiB + 152 MiB, reserve 2 GiB, and db: 28 GiB + (32 + 27 × 8) MiB; cold is off. */
    g_assert_cmpuint (plan->destination_use.vms, ==, 2);
    g_assert_cmpuint (plan->destination_use.concurrent, ==, 1);
    g_assert_cmpuint (plan->destination_use.memory_bytes, ==, 28 * GIB);
    g_assert_cmpuint (plan->destination_use.overhead_bytes, ==, 248 * MIB);
    g_assert_cmpuint (plan->destination_use.vcpus, ==, 8);
    g_assert_cmpuint (memory->required, ==, 46 * GIB + 400 * MIB);
    g_assert_cmpint (memory->verdict, ==, HVP_VERDICT_FAIL);
    g_assert_nonnull (find_finding (plan, HVP_REQUIREMENT_MEMORY,
                                    "already on the destination 28.2 GiB in 1 VM)"));
    g_assert_nonnull (find_finding (plan, HVP_REQUIREMENT_PROCESSOR,
                                    "already on the destination: 8 virtual processors in 1 VM"));
  }

  /* --memory-policy maximum counts db at 30 GiB; --concurrent all counts cold too. */
  options->memory_policy = HVP_MEMORY_POLICY_MAXIMUM;
  options->concurrency = HVP_CONCURRENCY_ALL;
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);

    g_assert_cmpuint (plan->destination_use.concurrent, ==, 2);
    g_assert_cmpuint (plan->destination_use.memory_bytes, ==, 38 * GIB);
    g_assert_cmpuint (plan->destination_use.vcpus, ==, 10);
  }
}

/* The destination's own disk files take room on its volumes: a volume's free space counts at most
 * its capacity less those files, and their growth adds to the worst case. */
static void
test_storage_busy_destination (void)
{
  HvpHost *host;
  g_autoptr (HvpInventory) source = source_new (&host);
  g_autoptr (HvpInventory) destination = destination_new ();
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  HvpHost *target = destination_host (destination);
  HvpVm *own = add_vm (target, "db", HVP_VM_STATE_OFF, 2, GIB);
  const HvpVolume *volume = g_ptr_array_index (target->volumes, 0);

  /* D:\ holds 2048 GiB with 1024 free: 1500 GiB of files leave 548, a file elsewhere nothing. */
  add_disk (target, "d:\\VMs\\db.vhdx", HVP_DISK_TYPE_DYNAMIC, 1500 * GIB, 1600 * GIB, NULL);
  add_disk (target, "E:\\other.vhdx", HVP_DISK_TYPE_FIXED, 10 * GIB, 10 * GIB, NULL);
  attach (own->drives, "d:\\VMs\\db.vhdx");
  g_assert_cmpuint (hvp_destination_volume_free_bytes (target, volume), ==, 548 * GIB);
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);

    g_assert_cmpuint (plan->requirements[HVP_REQUIREMENT_STORAGE].available, ==, 548 * GIB);
    g_assert_cmpuint (plan->destination_use.storage_bytes, ==, 1510 * GIB);
    g_assert_cmpuint (plan->destination_use.growth_bytes, ==, 100 * GIB);
    g_assert_cmpuint (plan->requirements[HVP_REQUIREMENT_STORAGE].worst_case, ==, 100 * GIB);
    /* An off VM takes no memory under the default concurrency. */
    g_assert_cmpuint (plan->requirements[HVP_REQUIREMENT_MEMORY].required, ==, 2 * GIB);
  }
}

/* The External switches the destination's own VMs use hold their NICs, unless the source counts
 * the same switch. */
static void
test_network_busy_destination (void)
{
  HvpHost *host;
  g_autoptr (HvpInventory) source = source_new (&host);
  g_autoptr (HvpInventory) destination = destination_new ();
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  HvpHost *target = destination_host (destination);
  HvpSwitch *lan = g_ptr_array_index (target->switches, 0);
  HvpSwitch *dmz = add_switch (target, NULL, "DMZ", HVP_SWITCH_TYPE_EXTERNAL);
  HvpSwitch *source_lan = add_switch (host, NULL, "LAN", HVP_SWITCH_TYPE_EXTERNAL);
  HvpVm *vm = add_vm (host, "app", HVP_VM_STATE_RUNNING, 1, GIB);
  HvpVm *own = add_vm (target, "edge", HVP_VM_STATE_RUNNING, 1, GIB);

  g_ptr_array_add (source_lan->physical_nics, g_strdup ("NIC1"));
  g_ptr_array_add (lan->physical_nics, g_strdup ("NIC1"));
  g_ptr_array_add (dmz->physical_nics, g_strdup ("NIC2"));
  g_ptr_array_add (dmz->physical_nics, g_strdup ("NIC3"));
  add_adapter (vm, "LAN")->connected = TRUE;
  add_adapter (own, "LAN")->connected = TRUE;
  add_adapter (own, "DMZ")->connected = TRUE;
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);

    /* LAN is shared with the source; DMZ's team of two counts. */
    g_assert_cmpuint (plan->destination_use.nics, ==, 2);
    g_assert_cmpuint (plan->requirements[HVP_REQUIREMENT_NETWORK].required, ==, 3);
    g_assert_cmpint (plan->requirements[HVP_REQUIREMENT_NETWORK].verdict, ==, HVP_VERDICT_PASS);
  }
  g_ptr_array_set_size (target->physical_nics, 2);
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);

    g_assert_cmpint (plan->requirements[HVP_REQUIREMENT_NETWORK].verdict, ==, HVP_VERDICT_FAIL);
  }
}

static void
test_memory_dynamic (void)
{
  HvpHost *host;
  g_autoptr (HvpInventory) source = source_new (&host);
  g_autoptr (HvpInventory) destination = destination_new ();
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  HvpVm *vm = add_vm (host, "dyn", HVP_VM_STATE_RUNNING, 2, 2 * GIB);

  vm->memory.dynamic = TRUE;
  vm->memory.minimum_bytes = 512 * MIB;
  vm->memory.maximum_bytes = 8 * GIB;
  destination_host (destination)->memory_bytes = 8 * GIB;

  /* Startup: 2 GiB + 40 MiB + 2 GiB = 4 GiB 40 MiB, fits 8 GiB; at maximum 8 GiB + 88 MiB +
   * 2 GiB would not: an info finding, verdict still pass. */
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);
    const HvpFinding *finding;

    g_assert_cmpuint (plan->requirements[HVP_REQUIREMENT_MEMORY].required, ==, 4 * GIB + 40 * MIB);
    g_assert_cmpuint (plan_vm (plan, 0)->memory_bytes, ==, 2 * GIB);
    g_assert_cmpint (plan->requirements[HVP_REQUIREMENT_MEMORY].verdict, ==, HVP_VERDICT_PASS);
    finding = find_finding (plan, HVP_REQUIREMENT_MEMORY, "dynamic memory at its maximum");
    g_assert_nonnull (finding);
    g_assert_cmpint (finding->severity, ==, HVP_VERDICT_INFO);
    g_assert_cmpstr (finding->message, ==,
                     "with dynamic memory at its maximum the concurrent VMs would need 10.1 GiB, "
                     "'hv-new' has 8.0 GiB: they cannot all grow to their maximum at once");
  }

  g_assert_true (hvp_plan_options_set_memory_policy (options, "maximum", NULL));
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);

    g_assert_cmpuint (plan->requirements[HVP_REQUIREMENT_MEMORY].required, ==,
                      10 * GIB + 88 * MIB);
    g_assert_cmpuint (plan->memory_overhead_bytes, ==, 88 * MIB);
    g_assert_cmpuint (plan_vm (plan, 0)->memory_bytes, ==, 8 * GIB);
    g_assert_cmpint (plan->requirements[HVP_REQUIREMENT_MEMORY].verdict, ==, HVP_VERDICT_FAIL);
    g_assert_null (find_finding (plan, HVP_REQUIREMENT_MEMORY, "dynamic memory at its maximum"));
  }
}

/* Five VMs, one per state, 1, 2, 4, 8, 16 GiB. */
static HvpInventory *
states_source (void)
{
  HvpHost *host;
  HvpInventory *source = source_new (&host);

  add_vm (host, "running", HVP_VM_STATE_RUNNING, 1, 1 * GIB);
  add_vm (host, "off", HVP_VM_STATE_OFF, 1, 2 * GIB);
  add_vm (host, "unknown", HVP_VM_STATE_UNKNOWN, 1, 4 * GIB);
  add_vm (host, "saved", HVP_VM_STATE_SAVED, 1, 8 * GIB);
  add_vm (host, "paused", HVP_VM_STATE_PAUSED, 1, 16 * GIB);
  return source;
}

static void
test_memory_concurrency (void)
{
  g_autoptr (HvpInventory) source = states_source ();
  g_autoptr (HvpInventory) destination = destination_new ();
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  g_autoptr (GError) error = NULL;

  options->host_reserve_bytes = 0;
  options->vm_overhead_auto = FALSE;

  /* Running: all but "off": 1 + 4 + 8 + 16 = 29 GiB; the unknown one is listed. */
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);
    const HvpFinding *finding;

    g_assert_cmpuint (plan->requirements[HVP_REQUIREMENT_MEMORY].required, ==, 29 * GIB);
    g_assert_false (plan_vm (plan, 1)->concurrent);
    g_assert_true (plan_vm (plan, 2)->concurrent);
    g_assert_cmpuint (plan_vm (plan, 1)->memory_bytes, ==, 2 * GIB);
    finding = find_finding (plan, HVP_REQUIREMENT_MEMORY, "state of");
    g_assert_nonnull (finding);
    g_assert_cmpint (finding->severity, ==, HVP_VERDICT_INFO);
    g_assert_cmpstr (finding->message, ==,
                     "state of 1 VM unknown: counted as running: 'unknown'; name the VMs that run "
                     "at the same time with --concurrent");
    g_assert_cmpuint (count_findings (plan, HVP_REQUIREMENT_MEMORY, HVP_VERDICT_INFO), ==, 1);
  }

  /* All: 31 GiB, no state finding. */
  g_assert_true (hvp_plan_options_set_concurrency (options, "all", &error));
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);

    g_assert_cmpuint (plan->requirements[HVP_REQUIREMENT_MEMORY].required, ==, 31 * GIB);
    g_assert_null (find_finding (plan, HVP_REQUIREMENT_MEMORY, "state of"));
  }

  /* Names (a VM id counts too): off + saved = 10 GiB. */
  g_assert_true (hvp_plan_options_set_concurrency (options, "off,ID-saved", &error));
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);

    g_assert_cmpuint (plan->requirements[HVP_REQUIREMENT_MEMORY].required, ==, 10 * GIB);
    g_assert_true (plan_vm (plan, 1)->concurrent);
    g_assert_false (plan_vm (plan, 0)->concurrent);
    g_assert_true (plan_vm (plan, 3)->concurrent);
  }

  /* A name that matches no VM is a usage error. */
  g_assert_true (hvp_plan_options_set_concurrency (options, "ghost", &error));
  {
    g_autoptr (HvpPlan) plan = hvp_plan_new (source, destination, options, &error);

    g_assert_null (plan);
    g_assert_error (error, HVP_ERROR, HVP_ERROR_USAGE);
    g_assert_cmpstr (error->message, ==,
                     "unknown VM 'ghost' in the concurrent VMs: the source has no VM of that name");
  }
}

/* Network ------------------------------------------------------------------------------------- */

static void
test_network_external_nics (void)
{
  HvpHost *host;
  g_autoptr (HvpInventory) source = source_new (&host);
  g_autoptr (HvpInventory) destination = destination_new ();
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  HvpVm *vm = add_vm (host, "vm", HVP_VM_STATE_OFF, 1, GIB);
  HvpSwitch *team = add_switch (host, "T", "LAN", HVP_SWITCH_TYPE_EXTERNAL);
  HvpSwitch *shared = add_switch (host, "S", "LAN2", HVP_SWITCH_TYPE_EXTERNAL);
  HvpSwitch *mystery = add_switch (host, "M", "Lab", HVP_SWITCH_TYPE_UNKNOWN);
  HvpAdapter *adapter;

  /* A team of two NICs; a second External switch listing one of them again; an External switch
   * with no known NIC (1); an Internal switch (0); an unknown-type switch an adapter uses, bound
   * to NIC C (1, with a warning); an unknown-type switch no adapter uses (0). */
  g_ptr_array_add (team->physical_nics, g_strdup ("NIC A"));
  g_ptr_array_add (team->physical_nics, g_strdup ("NIC B"));
  g_ptr_array_add (shared->physical_nics, g_strdup ("NIC B"));
  add_switch (host, "U", "Uplink", HVP_SWITCH_TYPE_EXTERNAL);
  add_switch (host, "I", "Internal", HVP_SWITCH_TYPE_INTERNAL);
  g_ptr_array_add (mystery->physical_nics, g_strdup ("NIC C"));
  add_switch (host, "Q", "Unused", HVP_SWITCH_TYPE_UNKNOWN);
  add_adapter (vm, "LAN");
  /* An adapter that records only the switch id. */
  adapter = add_adapter (vm, NULL);
  adapter->switch_id = g_strdup ("m");
  /* A disconnected adapter is not checked. */
  adapter = add_adapter (vm, "Nowhere");
  adapter->connected = FALSE;
  add_switch (destination_host (destination), NULL, "Lab", HVP_SWITCH_TYPE_EXTERNAL);

  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);
    const HvpRequirement *network = &plan->requirements[HVP_REQUIREMENT_NETWORK];
    const HvpFinding *finding;

    g_assert_cmpuint (network->required, ==, 4);
    g_assert_cmpuint (network->available, ==, 4);
    finding = find_finding (plan, HVP_REQUIREMENT_NETWORK, "type of switch");
    g_assert_nonnull (finding);
    g_assert_cmpint (finding->severity, ==, HVP_VERDICT_WARN);
    g_assert_cmpstr (finding->message, ==,
                     "type of switch 'Lab' unknown: counted as External; collect the source host's "
                     "switches (Get-VMSwitch) to be sure");
    g_assert_cmpuint (count_findings (plan, HVP_REQUIREMENT_NETWORK, HVP_VERDICT_WARN), ==, 1);
    g_assert_cmpuint (count_findings (plan, HVP_REQUIREMENT_NETWORK, HVP_VERDICT_FAIL), ==, 0);
    g_assert_cmpint (network->verdict, ==, HVP_VERDICT_WARN);
  }

  /* Three NICs on the destination: fail. */
  g_ptr_array_set_size (destination_host (destination)->physical_nics, 3);
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);
    const HvpFinding *finding;

    g_assert_cmpint (plan->requirements[HVP_REQUIREMENT_NETWORK].verdict, ==, HVP_VERDICT_FAIL);
    finding = find_finding (plan, HVP_REQUIREMENT_NETWORK, "physical network adapters");
    g_assert_nonnull (finding);
    g_assert_cmpstr (finding->message, ==,
                     "External switches need 4 physical network adapters, 'hv-new' has 3: add "
                     "adapters, or bind fewer External switches on the destination");
  }
}

static void
test_network_switch_map (void)
{
  HvpHost *host;
  g_autoptr (HvpInventory) source = source_new (&host);
  g_autoptr (HvpInventory) destination = destination_new ();
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  HvpVm *vm1 = add_vm (host, "vm1", HVP_VM_STATE_OFF, 1, GIB);
  HvpVm *vm2 = add_vm (host, "vm2", HVP_VM_STATE_OFF, 1, GIB);

  add_switch (host, NULL, "Prod", HVP_SWITCH_TYPE_EXTERNAL);
  add_switch (host, NULL, "LAN", HVP_SWITCH_TYPE_EXTERNAL);
  add_adapter (vm1, "Prod");
  add_adapter (vm1, "Prod");
  add_adapter (vm2, "Prod");
  add_adapter (vm2, "LAN");

  /* The destination has "LAN" only: one finding per VM for "Prod" (two adapters of vm1 on it
   * make one). */
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);
    const HvpFinding *finding;

    g_assert_cmpuint (count_findings (plan, HVP_REQUIREMENT_NETWORK, HVP_VERDICT_FAIL), ==, 2);
    finding = g_ptr_array_index (plan->findings, 0);
    g_assert_cmpint (finding->severity, ==, HVP_VERDICT_FAIL);
    g_assert_cmpint (finding->requirement, ==, HVP_REQUIREMENT_NETWORK);
    g_assert_cmpstr (finding->vm, ==, "vm1");
    g_assert_cmpstr (finding->message, ==,
                     "Could not find Ethernet switch 'Prod' (Compare-VM 33012): create it on the "
                     "destination or map it with --switch-map 'Prod=NAME'");
    finding = g_ptr_array_index (plan->findings, 1);
    g_assert_cmpstr (finding->vm, ==, "vm2");
    g_assert_cmpuint (plan->requirements[HVP_REQUIREMENT_NETWORK].vms->len, ==, 2);
  }

  /* Mapped onto "LAN": pass. */
  g_assert_true (hvp_plan_options_add_switch_map (options, "Prod=LAN", NULL));
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);

    g_assert_cmpuint (count_findings (plan, HVP_REQUIREMENT_NETWORK, HVP_VERDICT_FAIL), ==, 0);
    g_assert_cmpint (plan->requirements[HVP_REQUIREMENT_NETWORK].verdict, ==, HVP_VERDICT_PASS);
  }

  /* Mapped onto a switch the destination lacks: fail naming the map. */
  g_assert_true (hvp_plan_options_add_switch_map (options, "Prod=Production", NULL));
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);
    const HvpFinding *finding = find_finding (plan, HVP_REQUIREMENT_NETWORK, "map target");

    g_assert_nonnull (finding);
    g_assert_cmpstr (finding->message, ==,
                     "Could not find Ethernet switch 'Production' (Compare-VM 33012), the map "
                     "target for 'Prod': create it on the destination or correct --switch-map "
                     "'Prod=Production'");
  }

  /* A destination listing no switches: one warning naming what to create, no failures. */
  g_ptr_array_set_size (destination_host (destination)->switches, 0);
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);
    const HvpFinding *finding = find_finding (plan, HVP_REQUIREMENT_NETWORK, "no virtual switches");

    g_assert_cmpuint (count_findings (plan, HVP_REQUIREMENT_NETWORK, HVP_VERDICT_FAIL), ==, 0);
    g_assert_cmpuint (count_findings (plan, HVP_REQUIREMENT_NETWORK, HVP_VERDICT_WARN), ==, 1);
    g_assert_nonnull (finding);
    g_assert_cmpstr (finding->message, ==,
                     "destination 'hv-new' lists no virtual switches: create 'Production', 'LAN' "
                     "on it before migration (Compare-VM 33012 otherwise)");
  }
}

/* Processor ----------------------------------------------------------------------------------- */

static void
test_processor_vcpus (void)
{
  HvpHost *host;
  g_autoptr (HvpInventory) source = source_new (&host);
  g_autoptr (HvpInventory) destination = destination_new ();
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  HvpVm *vm = add_vm (host, "vm", HVP_VM_STATE_OFF, 4, GIB);
  HvpSnapshot *snapshot = hvp_snapshot_new ("S1", "eight-cores");

  add_vm (host, "small", HVP_VM_STATE_OFF, 2, GIB);
  snapshot->vcpus = 8;
  g_ptr_array_add (vm->snapshots, snapshot);
  destination_host (destination)->logical_processors = 6;
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);
    const HvpRequirement *processor = &plan->requirements[HVP_REQUIREMENT_PROCESSOR];
    const HvpFinding *finding;

    /* The snapshot's 8 vCPUs raise the requirement above the VM's 4. */
    g_assert_cmpuint (processor->required, ==, 8);
    g_assert_cmpuint (processor->available, ==, 6);
    g_assert_cmpuint (plan_vm (plan, 0)->vcpus, ==, 8);
    g_assert_cmpint (processor->verdict, ==, HVP_VERDICT_FAIL);
    finding = find_finding (plan, HVP_REQUIREMENT_PROCESSOR, "virtual processors");
    g_assert_nonnull (finding);
    g_assert_cmpstr (finding->vm, ==, "vm");
    g_assert_cmpstr (finding->message, ==,
                     "8 virtual processors (snapshot 'eight-cores') exceed the 6 logical "
                     "processors of 'hv-new': Compare-VM rejects the VM and each such snapshot "
                     "configuration; lower the count with Set-VMProcessor and delete the snapshots "
                     "that hold more");
    g_assert_cmpuint (count_findings (plan, HVP_REQUIREMENT_PROCESSOR, HVP_VERDICT_FAIL), ==, 1);
  }
  destination_host (destination)->logical_processors = 8;
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);

    g_assert_cmpint (plan->requirements[HVP_REQUIREMENT_PROCESSOR].verdict, ==, HVP_VERDICT_PASS);
    g_assert_cmpuint (plan->findings->len, ==, 0);
    g_assert_cmpint (hvp_plan_verdict (plan), ==, HVP_VERDICT_PASS);
  }
}

static void
test_processor_vendor (void)
{
  HvpHost *host;
  g_autoptr (HvpInventory) source = source_new (&host);
  g_autoptr (HvpInventory) destination = destination_new ();
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  HvpVm *vm = add_vm (host, "vm", HVP_VM_STATE_OFF, 2, GIB);

  set_processor (destination_host (destination), "AMD", 25, 1, 1);
  /* Without saved state another manufacturer is fine. */
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);

    g_assert_cmpint (plan->requirements[HVP_REQUIREMENT_PROCESSOR].verdict, ==, HVP_VERDICT_PASS);
    g_assert_cmpuint (plan->requirements[HVP_REQUIREMENT_PROCESSOR].vms->len, ==, 0);
  }
  /* The same VM with saved state fails. */
  vm->saved_state = TRUE;
  vm->saved_state_bytes = GIB;
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);
    const HvpRequirement *processor = &plan->requirements[HVP_REQUIREMENT_PROCESSOR];
    const HvpFinding *finding;

    g_assert_cmpint (processor->verdict, ==, HVP_VERDICT_FAIL);
    g_assert_cmpuint (processor->vms->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (processor->vms, 0), ==, "vm");
    finding = find_finding (plan, HVP_REQUIREMENT_PROCESSOR, "saved state");
    g_assert_nonnull (finding);
    g_assert_cmpstr (finding->message, ==,
                     "saved state taken on GenuineIntel cannot be restored on AuthenticAMD: shut "
                     "the VM down cleanly or delete the saved state before migration; processor "
                     "compatibility does not cross manufacturers");
  }
  /* A snapshot's saved state counts too; compatibility mode does not help across vendors. */
  vm->saved_state = FALSE;
  vm->processor_compatibility = TRUE;
  {
    HvpSnapshot *snapshot = hvp_snapshot_new ("S1", "running");

    snapshot->saved_state = TRUE;
    g_ptr_array_add (vm->snapshots, snapshot);
  }
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);

    g_assert_cmpint (plan->requirements[HVP_REQUIREMENT_PROCESSOR].verdict, ==, HVP_VERDICT_FAIL);
  }
  /* Unknown manufacturer: warn. */
  g_clear_pointer (&destination_host (destination)->processor.vendor, g_free);
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);

    g_assert_cmpint (plan->requirements[HVP_REQUIREMENT_PROCESSOR].verdict, ==, HVP_VERDICT_WARN);
    g_assert_nonnull (find_finding (plan, HVP_REQUIREMENT_PROCESSOR, "manufacturer of"));
  }
}

static void
test_processor_compatibility (void)
{
  HvpHost *host;
  g_autoptr (HvpInventory) source = source_new (&host);
  g_autoptr (HvpInventory) destination = destination_new ();
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  HvpVm *vm = add_saved_vm (host);

  /* Same vendor (spelt "Intel" here), another model. */
  set_processor (host, "Intel", 6, 63, 2);
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);
    const HvpFinding *finding = find_finding (plan, HVP_REQUIREMENT_PROCESSOR, "saved state");

    g_assert_cmpint (plan->requirements[HVP_REQUIREMENT_PROCESSOR].verdict, ==, HVP_VERDICT_FAIL);
    g_assert_nonnull (finding);
    g_assert_cmpstr (finding->message, ==,
                     "saved state taken on family 6 model 63 cannot be restored on family 6 model "
                     "85: shut the VM down cleanly, then enable processor compatibility for "
                     "migration (Set-VMProcessor -CompatibilityForMigrationEnabled $true)");
  }
  vm->processor_compatibility = TRUE;
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);
    const HvpFinding *finding = find_finding (plan, HVP_REQUIREMENT_PROCESSOR, "saved state");

    g_assert_cmpint (plan->requirements[HVP_REQUIREMENT_PROCESSOR].verdict, ==, HVP_VERDICT_PASS);
    g_assert_nonnull (finding);
    g_assert_cmpint (finding->severity, ==, HVP_VERDICT_INFO);
  }
  /* Same model, another stepping: warn. */
  set_processor (host, "GenuineIntel", 6, 85, 4);
  vm->processor_compatibility = FALSE;
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);
    const HvpFinding *finding = find_finding (plan, HVP_REQUIREMENT_PROCESSOR, "stepping");

    g_assert_cmpint (plan->requirements[HVP_REQUIREMENT_PROCESSOR].verdict, ==, HVP_VERDICT_WARN);
    g_assert_nonnull (finding);
    g_assert_cmpstr (finding->message, ==,
                     "saved state taken on stepping 4 restores on stepping 7 only if the steppings "
                     "are compatible: test the restore, or shut the VM down cleanly before "
                     "migration");
  }
  /* Identical processors: pass, no finding. */
  set_processor (host, "GenuineIntel", 6, 85, 7);
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);

    g_assert_cmpint (plan->requirements[HVP_REQUIREMENT_PROCESSOR].verdict, ==, HVP_VERDICT_PASS);
    g_assert_null (find_finding (plan, HVP_REQUIREMENT_PROCESSOR, "saved state"));
  }
  /* Stepping unknown on one side: warn. */
  host->processor.stepping = -1;
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);

    g_assert_cmpint (plan->requirements[HVP_REQUIREMENT_PROCESSOR].verdict, ==, HVP_VERDICT_WARN);
  }
}

/* Plan ---------------------------------------------------------------------------------------- */

static void
test_plan_no_destination_host (void)
{
  g_autoptr (HvpInventory) source = shared_parent_source ();
  g_autoptr (HvpInventory) destination = hvp_inventory_new ();
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (HvpPlan) plan = hvp_plan_new (source, destination, options, &error);

  g_assert_null (plan);
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  g_assert_cmpstr (error->message, ==, "destination inventory lists no host");
}

static void
test_plan_sorted (void)
{
  HvpHost *host;
  g_autoptr (HvpInventory) source = source_new (&host);
  g_autoptr (HvpInventory) destination = destination_new ();
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  g_autoptr (HvpPlan) plan = NULL;
  HvpHost *second = hvp_inventory_ensure_host (source, "hv-old2");
  HvpVm *zulu = add_vm (host, "zulu", HVP_VM_STATE_UNKNOWN, 32, GIB);
  HvpVm *alpha = add_vm (second, "alpha", HVP_VM_STATE_RUNNING, 32, 0);

  add_adapter (zulu, "Missing");
  add_adapter (alpha, "Missing");
  plan = plan_ok (source, destination, options);

  g_assert_cmpstr (plan->source_name, ==, "hv-old, hv-old2");
  g_assert_cmpstr (plan->destination_name, ==, "hv-new");
  /* Rows in inventory order; findings worst first, then requirement, then VM. */
  g_assert_cmpstr (plan_vm (plan, 0)->name, ==, "zulu");
  g_assert_cmpstr (plan_vm (plan, 1)->name, ==, "alpha");
  for (guint i = 1; i < plan->findings->len; i++)
    {
      const HvpFinding *a = g_ptr_array_index (plan->findings, i - 1);
      const HvpFinding *b = g_ptr_array_index (plan->findings, i);

      g_assert_cmpint (a->severity, >=, b->severity);
      if (a->severity == b->severity)
        {
          g_assert_cmpint (a->requirement, <=, b->requirement);
          if (a->requirement == b->requirement)
            g_assert_cmpint (g_strcmp0 (a->vm, b->vm), <=, 0);
        }
    }
  /* fail network alpha, fail network zulu, fail processor alpha, fail processor zulu, warn memory
   * alpha (memory unknown), warn network (type of switch 'Missing'), info memory. */
  g_assert_cmpuint (plan->findings->len, ==, 7);
  g_assert_cmpstr (((HvpFinding *) g_ptr_array_index (plan->findings, 0))->vm, ==, "alpha");
  g_assert_cmpint (((HvpFinding *) g_ptr_array_index (plan->findings, 2))->requirement, ==,
                   HVP_REQUIREMENT_PROCESSOR);
  g_assert_cmpint (((HvpFinding *) g_ptr_array_index (plan->findings, 6))->severity, ==,
                   HVP_VERDICT_INFO);
  g_assert_cmpint (hvp_plan_verdict (plan), ==, HVP_VERDICT_FAIL);
  g_assert_cmpstr (hvp_verdict_to_string (HVP_VERDICT_WARN), ==, "warn");
  g_assert_cmpstr (hvp_requirement_kind_to_string (HVP_REQUIREMENT_PROCESSOR), ==, "processor");
}

/* Both hosts carry a libvirt <cpu>: libvirt's feature comparison decides, not family/model, and
 * the plan says which method.  Westmere → Haswell: the destination offers every feature; the
 * other way round it lacks some (checked with virsh hypervisor baseline on Debian's libvirt 9.0). */
static void
test_processor_libvirt_features (void)
{
  static const char westmere[] = "<cpu><arch>x86_64</arch><model>Westmere</model>"
                                 "<vendor>Intel</vendor></cpu>";
  static const char haswell[] = "<cpu><arch>x86_64</arch><model>Haswell-noTSX</model>"
                                "<vendor>Intel</vendor></cpu>";
  HvpHost *host;
  g_autoptr (HvpInventory) source = source_new (&host);
  g_autoptr (HvpInventory) destination = destination_new ();
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();

  /* The libvirt comparator, whatever a test before this one in the program registered. */
  hvp_collectors_init ();
  add_saved_vm (host);
  /* Family/model differ (44 vs 85): by CPUID identity alone this would fail. */
  set_processor (host, "GenuineIntel", 6, 44, 2);
  host->processor.cpu_xml = g_strdup (westmere);
  destination_host (destination)->processor.cpu_xml = g_strdup (haswell);
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);

    g_assert_cmpstr (plan->processor_method, ==, "libvirt virConnectBaselineCPU");
    g_assert_cmpint (plan->requirements[HVP_REQUIREMENT_PROCESSOR].verdict, ==, HVP_VERDICT_PASS);
    g_assert_nonnull (find_finding (plan, HVP_REQUIREMENT_PROCESSOR, "offers every feature"));
  }
  g_free (host->processor.cpu_xml);
  host->processor.cpu_xml = g_strdup (haswell);
  g_free (destination_host (destination)->processor.cpu_xml);
  destination_host (destination)->processor.cpu_xml = g_strdup (westmere);
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);

    g_assert_cmpstr (plan->processor_method, ==, "libvirt virConnectBaselineCPU");
    g_assert_cmpint (plan->requirements[HVP_REQUIREMENT_PROCESSOR].verdict, ==, HVP_VERDICT_FAIL);
    g_assert_nonnull (find_finding (plan, HVP_REQUIREMENT_PROCESSOR, "lacks features"));
  }
  /* Without descriptions: CPUID identity, and the method stays unset. */
  g_clear_pointer (&host->processor.cpu_xml, g_free);
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);

    g_assert_null (plan->processor_method);
  }
}

/* The processor check asks the model's comparator (models/processor.h), whichever collector
 * registered it: a stand-in that finds the destination lacking decides, and names its method; with
 * none registered, CPUID identity decides.  The libvirt comparator is registered again after. */
static gboolean
lacking_comparator (const HvpProcessor *source, const HvpProcessor *destination,
                    HvpCpuComparison *ret_result, char **ret_method, GError **error)
{
  (void) source;
  (void) destination;
  (void) error;
  *ret_result = HVP_CPU_COMPARISON_INCOMPATIBLE;
  *ret_method = g_strdup ("stand-in");
  return TRUE;
}

static void
test_processor_comparator_hook (void)
{
  static const char cpu[] = "<cpu><arch>x86_64</arch><model>Westmere</model></cpu>";
  HvpHost *host;
  g_autoptr (HvpInventory) source = source_new (&host);
  g_autoptr (HvpInventory) destination = destination_new ();
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();

  add_saved_vm (host);
  host->processor.cpu_xml = g_strdup (cpu);
  destination_host (destination)->processor.cpu_xml = g_strdup (cpu);
  hvp_processor_set_comparator (lacking_comparator);
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);

    g_assert_cmpstr (plan->processor_method, ==, "libvirt stand-in");
    g_assert_cmpint (plan->requirements[HVP_REQUIREMENT_PROCESSOR].verdict, ==, HVP_VERDICT_FAIL);
    g_assert_nonnull (find_finding (plan, HVP_REQUIREMENT_PROCESSOR, "lacks features"));
  }
  hvp_processor_set_comparator (NULL);
  {
    g_autoptr (HvpPlan) plan = plan_ok (source, destination, options);

    g_assert_null (plan->processor_method);
  }
  hvp_collectors_init ();
}

/* hvp_plan_new_for() -------------------------------------------------------------------------- */

/* The findings of @plan the sizing keeps (planner/sizing/sizing.c's is_source_finding()), one line
 * each: severity, requirement, VM and message. */
static char *
kept_findings (const HvpPlan *plan)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < plan->findings->len; i++)
    {
      const HvpFinding *finding = g_ptr_array_index (plan->findings, i);

      if (finding->requirement == HVP_REQUIREMENT_STORAGE
          || finding->requirement == HVP_REQUIREMENT_MEMORY
          || finding->requirement == HVP_REQUIREMENT_INVENTORY
          || (finding->requirement == HVP_REQUIREMENT_NETWORK
              && g_str_has_prefix (finding->message, "type of switch")))
        g_string_append_printf (out, "%d %d %s %s\n", finding->severity, finding->requirement,
                                finding->vm != NULL ? finding->vm : "-", finding->message);
    }
  return g_string_free (out, FALSE);
}

/* The rows of @plan as the sizing reads them, one line per VM. */
static char *
sizing_rows (const HvpPlan *plan)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < plan->vms->len; i++)
    {
      const HvpPlanVm *row = g_ptr_array_index (plan->vms, i);

      g_string_append_printf (out, "%s %s %u %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT
                              " %d %d %u\n", row->name,
                              row->configuration_version != NULL ? row->configuration_version
                                                                 : "-",
                              row->vcpus, row->memory_bytes, row->storage_bytes, row->concurrent,
                              row->saved_state, row->snapshots);
    }
  return g_string_free (out, FALSE);
}

/* t/data/size/synthetic/estate.json (11 VMs, two External switches) as the commands read it, with
 * what makes each kept finding: a VM's memory unknown, a switch of unknown type, a drive whose file
 * the host does not list, a saved state of unknown size, a configuration not read. */
static HvpInventory *
estate_with_unknowns (const char *data)
{
  g_autofree char *path = g_build_filename (data, "size", "synthetic", "estate.json", NULL);
  g_autofree char *text = NULL;
  gsize length = 0;
  g_autoptr (GError) error = NULL;
  HvpInventory *inventory;
  HvpHost *host;
  HvpVm *vm;

  g_file_get_contents (path, &text, &length, &error);
  g_assert_no_error (error);
  inventory = hvp_inventory_from_json (text, length, path, &error);
  g_assert_no_error (error);
  host = g_ptr_array_index (inventory->hosts, 0);
  g_assert_cmpuint (host->vms->len, ==, 11);
  ((HvpSwitch *) g_ptr_array_index (host->switches, 1))->type = HVP_SWITCH_TYPE_UNKNOWN;
  vm = g_ptr_array_index (host->vms, 0);
  vm->memory.startup_bytes = 0;
  vm = g_ptr_array_index (host->vms, 3);
  attach (vm->drives, "D:\\VMs\\missing.vhdx");
  vm->saved_state = TRUE;
  vm->saved_state_bytes = 0;
  hvp_inventory_add_unread (inventory, "D:\\VMs\\lost.vmcx", NULL, "cannot open");
  return inventory;
}

/* A destination host "target": one that lacks nothing (the sizing's), or a small one. */
static HvpInventory *
new_for_destination (gboolean unlimited)
{
  HvpInventory *destination = hvp_inventory_new ();
  HvpHost *target = hvp_inventory_ensure_host (destination, "target");

  target->memory_bytes = unlimited ? G_MAXUINT64 : 8 * GIB;
  target->logical_processors = unlimited ? G_MAXUINT : 4;
  g_ptr_array_add (target->volumes,
                   hvp_volume_new ("(any)", unlimited ? G_MAXUINT64 : 100 * GIB,
                                   unlimited ? G_MAXUINT64 : 50 * GIB));
  return destination;
}

/* The sizing's checks alone keep the same findings, byte for byte and in the same order, and the
 * same rows as the whole plan, against a destination that lacks nothing and against a small one;
 * the checks left out add nothing. */
static void
test_plan_new_for (void)
{
  const guint kinds = HVP_REQUIREMENT_BIT (HVP_REQUIREMENT_STORAGE)
                      | HVP_REQUIREMENT_BIT (HVP_REQUIREMENT_MEMORY)
                      | HVP_REQUIREMENT_BIT (HVP_REQUIREMENT_NETWORK)
                      | HVP_REQUIREMENT_BIT (HVP_REQUIREMENT_INVENTORY);
  const char *data = g_getenv ("HVP_DATA");
  g_autoptr (HvpInventory) source = NULL;
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();

  if (data == NULL)
    {
      g_test_skip ("HVP_DATA is not set");
      return;
    }
  source = estate_with_unknowns (data);
  for (guint d = 0; d < 2; d++)
    {
      g_autoptr (HvpInventory) destination = new_for_destination (d == 0);
      g_autoptr (GError) error = NULL;
      g_autoptr (HvpPlan) whole = plan_ok (source, destination, options);
      g_autoptr (HvpPlan) part = hvp_plan_new_for (source, destination, options, kinds, &error);
      g_autofree char *whole_findings = kept_findings (whole);
      g_autofree char *part_findings = NULL;
      g_autofree char *whole_rows = sizing_rows (whole);
      g_autofree char *part_rows = NULL;

      g_assert_no_error (error);
      part_findings = kept_findings (part);
      part_rows = sizing_rows (part);
      g_assert_cmpstr (part_findings, ==, whole_findings);
      g_assert_cmpstr (part_rows, ==, whole_rows);
      /* Each kept kind is there: not two empty lists compared. */
      g_assert_nonnull (strstr (whole_findings, "memory size unknown"));
      g_assert_nonnull (strstr (whole_findings, "type of switch 'DMZ' unknown"));
      g_assert_nonnull (strstr (whole_findings, "missing.vhdx"));
      g_assert_nonnull (strstr (whole_findings, "size of saved state unknown"));
      g_assert_nonnull (strstr (whole_findings, "lost.vmcx"));
      g_assert_nonnull (strstr (whole_rows, "\nsql01 "));
      g_assert_cmpuint (part->vms->len, ==, 11);
      g_assert_cmpuint (part->requirements[HVP_REQUIREMENT_MEMORY].required, ==,
                        whole->requirements[HVP_REQUIREMENT_MEMORY].required);
      g_assert_cmpuint (part->requirements[HVP_REQUIREMENT_PROCESSOR].required, ==, 0);
      g_assert_null (find_finding (part, HVP_REQUIREMENT_PROCESSOR, ""));
      g_assert_null (find_finding (part, HVP_REQUIREMENT_SECURITY, ""));
      if (d == 1)
        g_assert_nonnull (find_finding (whole, HVP_REQUIREMENT_PROCESSOR, ""));
    }
}

HVP_TEST_SUITE (plan)
{
  hvp_collectors_init ();

  g_test_add_func ("/planner/options/defaults", test_options_defaults);
  g_test_add_func ("/planner/options/vm-overhead", test_options_overhead);
  g_test_add_func ("/planner/options/parse", test_options_parse);
  g_test_add_func ("/planner/checks/storage/shared-parent", test_storage_shared_parent);
  g_test_add_func ("/planner/checks/storage/worst-case", test_storage_worst_case);
  g_test_add_func ("/planner/checks/storage/largest-file", test_storage_largest_file);
  g_test_add_func ("/planner/checks/storage/saved-state", test_storage_saved_state);
  g_test_add_func ("/planner/checks/storage/headroom", test_storage_headroom);
  g_test_add_func ("/planner/checks/storage/unknown-sizes", test_storage_unknown_sizes);
  g_test_add_func ("/planner/checks/storage/no-volumes", test_storage_no_volumes);
  g_test_add_func ("/planner/checks/memory/static-overhead-reserve", test_memory_static);
  g_test_add_func ("/planner/checks/memory/dynamic-startup-maximum", test_memory_dynamic);
  g_test_add_func ("/planner/checks/memory/concurrency", test_memory_concurrency);
  g_test_add_func ("/planner/checks/memory/busy-destination", test_memory_busy_destination);
  g_test_add_func ("/planner/checks/storage/busy-destination", test_storage_busy_destination);
  g_test_add_func ("/planner/checks/network/busy-destination", test_network_busy_destination);
  g_test_add_func ("/planner/checks/network/external-nics", test_network_external_nics);
  g_test_add_func ("/planner/checks/network/switch-map", test_network_switch_map);
  g_test_add_func ("/planner/checks/processor/vcpus", test_processor_vcpus);
  g_test_add_func ("/planner/checks/processor/saved-state-vendor", test_processor_vendor);
  g_test_add_func ("/planner/checks/processor/compatibility", test_processor_compatibility);
  g_test_add_func ("/planner/checks/processor/libvirt-features",
                   test_processor_libvirt_features);
  g_test_add_func ("/planner/checks/processor/comparator-hook", test_processor_comparator_hook);
  g_test_add_func ("/planner/plan/no-destination-host", test_plan_no_destination_host);
  g_test_add_func ("/planner/plan/findings-sorted", test_plan_sorted);
  g_test_add_func ("/planner/plan/new-for", test_plan_new_for);
}
