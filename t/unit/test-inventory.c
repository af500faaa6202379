#include <string.h>

#include "unit.h"
#include "models/model.h"

static HvpSnapshot *
add_snapshot (HvpVm *vm, const char *id, const char *parent_id, gint64 creation_time)
{
  HvpSnapshot *snapshot = hvp_snapshot_new (id, id);

  snapshot->parent_id = g_strdup (parent_id);
  snapshot->creation_time = creation_time;
  g_ptr_array_add (vm->snapshots, snapshot);
  return snapshot;
}

static void
test_snapshot_tree (void)
{
  g_autoptr (HvpVm) vm = hvp_vm_new ("ID", "vm");
  g_autoptr (GPtrArray) problems = NULL;
  HvpSnapshot *root = add_snapshot (vm, "root", NULL, 100);
  HvpSnapshot *late = add_snapshot (vm, "late", "root", 300);
  HvpSnapshot *early = add_snapshot (vm, "early", "root", 200);
  HvpSnapshot *leaf = add_snapshot (vm, "leaf", "early", 400);

  problems = hvp_vm_link_snapshots (vm);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_null (root->parent);
  g_assert_true (leaf->parent == early);
  g_assert_cmpuint (root->children->len, ==, 2);
  g_assert_true (g_ptr_array_index (root->children, 0) == early); /* by creation time */
  g_assert_true (g_ptr_array_index (root->children, 1) == late);
  g_assert_true (hvp_vm_find_snapshot (vm, "leaf") == leaf);
  g_assert_null (hvp_vm_find_snapshot (vm, "nope"));

  /* Linking twice gives the same tree, not doubled children. */
  g_ptr_array_unref (hvp_vm_link_snapshots (vm));
  g_assert_cmpuint (root->children->len, ==, 2);
}

static void
test_snapshot_problems (void)
{
  g_autoptr (HvpVm) vm = hvp_vm_new ("ID", "vm");
  g_autoptr (GPtrArray) problems = NULL;
  HvpSnapshot *a = add_snapshot (vm, "a", "b", 1);
  HvpSnapshot *b = add_snapshot (vm, "b", "a", 2);
  HvpSnapshot *orphan = add_snapshot (vm, "orphan", "gone", 3);

  problems = hvp_vm_link_snapshots (vm);
  /* a → b links; b → a would close the loop and is refused; the orphan stays a root. */
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_true (a->parent == b);
  g_assert_null (b->parent);
  g_assert_null (orphan->parent);
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 0), "closes a loop"));
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 1), "'gone'"));
}

static void
test_max_vcpus_and_saved_state (void)
{
  g_autoptr (HvpVm) vm = hvp_vm_new ("ID", "vm");
  HvpSnapshot *snapshot;

  vm->vcpus = 2;
  g_assert_cmpuint (hvp_vm_max_vcpus (vm), ==, 2);
  g_assert_false (hvp_vm_has_saved_state (vm));
  snapshot = add_snapshot (vm, "s", NULL, 0);
  snapshot->vcpus = 8;
  snapshot->saved_state = TRUE;
  g_assert_cmpuint (hvp_vm_max_vcpus (vm), ==, 8);
  g_assert_true (hvp_vm_has_saved_state (vm));
}

static void
test_host_disks (void)
{
  g_autoptr (HvpHost) host = hvp_host_new ("HV1");
  HvpDisk *child = hvp_host_add_disk (host, hvp_disk_new ("D:\\VMs\\child.avhdx"));
  HvpDisk *parent = hvp_host_add_disk (host, hvp_disk_new ("D:\\VMs\\Base.vhdx"));
  HvpDisk *same = hvp_host_add_disk (host, hvp_disk_new ("d:/vms/BASE.VHDX"));
  HvpDisk *posix = hvp_host_add_disk (host, hvp_disk_new ("/srv/a.vhdx"));

  g_assert_true (same == parent);
  g_assert_cmpuint (host->disks->len, ==, 3);
  g_assert_null (hvp_host_find_disk (host, "/srv/A.vhdx")); /* POSIX paths are exact */
  g_assert_true (hvp_host_find_disk (host, "/srv/a.vhdx") == posix);

  child->parent_path = g_strdup ("d:\\vms\\base.vhdx");
  hvp_host_link_disks (host);
  g_assert_true (child->parent == parent);
  g_assert_null (parent->parent);
  g_assert_true (hvp_host_find_disk (host, "D:/VMS/Child.AVHDX") == child);
  g_assert_null (hvp_host_find_disk (host, "D:\\VMs\\child.vhdx"));

  /* Keys of 512 bytes and fewer are made on the stack, longer ones allocated: both match. */
  for (gsize length = 510; length <= 514; length++)
    {
      g_autofree char *path = g_strnfill (length, 'a');
      g_autofree char *other_case = g_strnfill (length, 'A');
      HvpDisk *disk;

      path[0] = 'E', path[1] = ':', path[2] = '\\';
      other_case[0] = 'e', other_case[1] = ':', other_case[2] = '/';
      disk = hvp_host_add_disk (host, hvp_disk_new (path));
      g_assert_true (hvp_host_find_disk (host, other_case) == disk);
      other_case[length - 1] = 'b';
      g_assert_null (hvp_host_find_disk (host, other_case));
    }
}

static void
test_worst_case (void)
{
  g_autoptr (HvpDisk) disk = hvp_disk_new ("x.vhdx");

  disk->file_size_bytes = 4 * HVP_MIB;
  disk->virtual_size_bytes = 60 * HVP_GIB;
  disk->type = HVP_DISK_TYPE_DYNAMIC;
  g_assert_cmpuint (hvp_disk_worst_case_bytes (disk), ==, 60 * HVP_GIB);
  disk->type = HVP_DISK_TYPE_FIXED;
  g_assert_cmpuint (hvp_disk_worst_case_bytes (disk), ==, 4 * HVP_MIB);
  disk->type = HVP_DISK_TYPE_DIFFERENCING;
  disk->file_size_bytes = 61 * HVP_GIB; /* metadata can make the file larger */
  g_assert_cmpuint (hvp_disk_worst_case_bytes (disk), ==, 61 * HVP_GIB);
}

static void
test_find_by_id_or_name (void)
{
  g_autoptr (HvpHost) host = hvp_host_new ("HV1");

  g_ptr_array_add (host->switches, hvp_switch_new ("438B7B13-6180-4155-B7BF-08709CCF234D", "Ext",
                                                   HVP_SWITCH_TYPE_EXTERNAL));
  g_ptr_array_add (host->vms, hvp_vm_new ("0AA394FA-7C4A-4070-BA32-773D43B28A68", "2012R2"));
  g_assert_nonnull (hvp_host_find_switch (host, "438b7b13-6180-4155-b7bf-08709ccf234d"));
  g_assert_nonnull (hvp_host_find_switch (host, "Ext"));
  g_assert_null (hvp_host_find_switch (host, "ext"));
  g_assert_nonnull (hvp_host_find_vm (host, "0aa394fa-7c4a-4070-ba32-773d43b28a68"));
  g_assert_nonnull (hvp_host_find_vm (host, "2012R2"));
  g_assert_null (hvp_host_find_vm (host, NULL));
}

/* A copied data root (unnamed host, VMs, switches of unknown type) merged with the same host's
 * inventory (name, hardware, typed switches, VM state). */
static void
test_merge_data_root_with_host (void)
{
  g_autoptr (HvpInventory) root = hvp_inventory_new ();
  g_autoptr (HvpInventory) described = hvp_inventory_new ();
  HvpHost *unnamed = hvp_inventory_ensure_host (root, NULL);
  HvpHost *named = hvp_inventory_ensure_host (described, "HV-OLD");
  HvpVm *vm = hvp_vm_new ("VM1", "dc01");
  HvpVm *state_only = hvp_vm_new ("vm1", "dc01");
  HvpSwitch *typed = hvp_switch_new ("SW1", "Corp", HVP_SWITCH_TYPE_EXTERNAL);
  HvpHost *merged;

  vm->vcpus = 2;
  g_ptr_array_add (unnamed->vms, vm);
  g_ptr_array_add (unnamed->switches, hvp_switch_new ("sw1", "Corp", HVP_SWITCH_TYPE_UNKNOWN));
  g_ptr_array_add (root->sources, g_strdup ("hyperv-xml:root"));
  hvp_inventory_add_warning (root, "a.xml", "settings", "something %d", 1);

  named->memory_bytes = 32 * HVP_GIB;
  named->logical_processors = 8;
  named->processor.vendor = g_strdup ("GenuineIntel");
  g_ptr_array_add (named->physical_nics, g_strdup ("NIC1"));
  g_ptr_array_add (typed->physical_nics, g_strdup ("NIC1"));
  g_ptr_array_add (named->switches, typed);
  state_only->state = HVP_VM_STATE_RUNNING;
  state_only->vcpus = 4; /* both know one: the larger, with a warning */
  g_ptr_array_add (named->vms, state_only);

  hvp_inventory_merge (root, described);

  g_assert_cmpuint (root->hosts->len, ==, 1);
  g_assert_cmpuint (described->hosts->len, ==, 0);
  merged = g_ptr_array_index (root->hosts, 0);
  g_assert_cmpstr (merged->name, ==, "HV-OLD");
  g_assert_cmpuint (merged->memory_bytes, ==, 32 * HVP_GIB);
  g_assert_cmpstr (merged->processor.vendor, ==, "GenuineIntel");
  g_assert_cmpuint (merged->switches->len, ==, 1);
  g_assert_cmpint (((HvpSwitch *) g_ptr_array_index (merged->switches, 0))->type, ==,
                   HVP_SWITCH_TYPE_EXTERNAL);
  g_assert_cmpuint (((HvpSwitch *) g_ptr_array_index (merged->switches, 0))->physical_nics->len, ==, 1);
  g_assert_cmpuint (merged->vms->len, ==, 1);
  g_assert_cmpint (vm->state, ==, HVP_VM_STATE_RUNNING);
  g_assert_cmpuint (vm->vcpus, ==, 4);
  g_assert_cmpuint (root->warnings->len, ==, 2);
  g_assert_cmpstr (((HvpWarning *) g_ptr_array_index (root->warnings, 1))->message, ==,
                   "vcpus is 4 in '(no source)' but 2 in 'hyperv-xml:root'; hvplan uses the larger");
  g_assert_cmpuint (hvp_inventory_count_vms (root), ==, 1);
}

/* One host, one VM of 2 GiB (@memory) from source @source. */
static HvpInventory *
one_vm_inventory (const char *source, guint64 memory, guint vcpus)
{
  HvpInventory *inventory = hvp_inventory_new ();
  HvpHost *host = hvp_inventory_ensure_host (inventory, "HV1");
  HvpVm *vm = hvp_vm_new ("VM1", "web01");

  vm->memory.startup_bytes = memory;
  vm->vcpus = vcpus;
  g_ptr_array_add (host->vms, vm);
  g_ptr_array_add (inventory->sources, g_strdup (source));
  return inventory;
}

static HvpVm *
first_vm (HvpInventory *inventory)
{
  return g_ptr_array_index (((HvpHost *) g_ptr_array_index (inventory->hosts, 0))->vms, 0);
}

/* Two sources disagree: the same answer whichever comes first, and a warning with the field,
 * both values and both sources. */
static void
test_merge_conflict_order (void)
{
  for (guint order = 0; order < 2; order++)
    {
      g_autoptr (HvpInventory) small = one_vm_inventory ("a.json", 2 * HVP_GIB, 2);
      g_autoptr (HvpInventory) large = one_vm_inventory ("b.json", 64 * HVP_GIB, 2);
      HvpInventory *into = order == 0 ? small : large;
      HvpWarning *warning;

      hvp_inventory_merge (into, order == 0 ? large : small);
      g_assert_cmpuint (first_vm (into)->memory.startup_bytes, ==, 64 * HVP_GIB);
      g_assert_cmpuint (first_vm (into)->vcpus, ==, 2);
      g_assert_cmpuint (into->warnings->len, ==, 1);
      warning = g_ptr_array_index (into->warnings, 0);
      g_assert_cmpstr (warning->position, ==, "VM 'web01' (VM1)");
      g_assert_nonnull (strstr (warning->message, "memory.startup_bytes is "));
      g_assert_nonnull (strstr (warning->message, "68719476736 bytes"));
      g_assert_nonnull (strstr (warning->message, "'a.json'"));
      g_assert_nonnull (strstr (warning->message, "'b.json'"));
    }
}

/* A differencing chain that only the merge closes is refused; a VM id on two hosts is refused. */
static void
test_merge_loops_and_ids (void)
{
  g_autoptr (HvpInventory) a = hvp_inventory_new ();
  g_autoptr (HvpInventory) b = hvp_inventory_new ();
  g_autoptr (HvpInventory) c = one_vm_inventory ("c.json", HVP_GIB, 1);
  g_autoptr (HvpInventory) d = one_vm_inventory ("d.json", HVP_GIB, 1);
  g_autoptr (GError) error = NULL;
  HvpDisk *x = hvp_disk_new ("C:\\x.avhdx");
  HvpDisk *y = hvp_disk_new ("C:\\y.avhdx");

  x->parent_path = g_strdup ("C:\\y.avhdx");
  y->parent_path = g_strdup ("C:\\x.avhdx");
  hvp_host_add_disk (hvp_inventory_ensure_host (a, "HV1"), x);
  hvp_host_add_disk (hvp_inventory_ensure_host (b, "HV1"), y);
  g_assert_true (hvp_inventory_check_merged (a, "a.json", NULL));
  hvp_inventory_merge (a, b);
  g_assert_false (hvp_inventory_check_merged (a, "a.json, b.json", &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "loops back on itself"));
  g_clear_error (&error);

  g_free (((HvpHost *) g_ptr_array_index (d->hosts, 0))->name);
  ((HvpHost *) g_ptr_array_index (d->hosts, 0))->name = g_strdup ("HV2");
  hvp_inventory_merge (c, d);
  g_assert_cmpuint (c->hosts->len, ==, 2);
  g_assert_false (hvp_inventory_check_merged (c, "c.json, d.json", &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  g_assert_cmpstr (error->message, ==,
                   "'c.json, d.json': VM id 'VM1' appears twice (hosts 'HV1' and 'HV2')");
}

/* Impossible values: the field and both values named. */
static void
test_validate (void)
{
  g_autoptr (HvpInventory) inventory = one_vm_inventory ("x.json", 4 * HVP_GIB, 2);
  HvpVm *vm = first_vm (inventory);
  HvpHost *host = g_ptr_array_index (inventory->hosts, 0);
  g_autoptr (GError) error = NULL;

  g_assert_true (hvp_inventory_validate (inventory, "x.json", HVP_VM_PLATFORM_HYPERV, NULL));
  vm->memory.dynamic = TRUE;
  vm->memory.minimum_bytes = 8 * HVP_GIB;
  g_assert_false (hvp_inventory_validate (inventory, "x.json", HVP_VM_PLATFORM_HYPERV, &error));
  g_assert_cmpstr (error->message, ==,
                   "'x.json': host 'HV1': VM 'web01': memory.minimum_bytes 8.0 GiB (8589934592 "
                   "bytes) is above memory.startup_bytes 4.0 GiB (4294967296 bytes)");
  g_clear_error (&error);
  vm->memory.minimum_bytes = HVP_GIB;
  vm->memory.maximum_bytes = 2 * HVP_GIB;
  g_assert_false (hvp_inventory_validate (inventory, "x.json", HVP_VM_PLATFORM_HYPERV, &error));
  g_assert_nonnull (strstr (error->message, "memory.startup_bytes 4.0 GiB (4294967296 bytes) is "
                                            "above memory.maximum_bytes 2.0 GiB"));
  g_clear_error (&error);
  vm->memory.maximum_bytes = 4 * HVP_GIB;
  g_assert_true (hvp_inventory_validate (inventory, "x.json", HVP_VM_PLATFORM_HYPERV, NULL));

  /* Generation 1: 64; generation 2: 2048 (Windows Server 2025); libvirt 4096. */
  vm->generation = 1;
  vm->vcpus = 64;
  g_assert_true (hvp_vm_validate (vm, HVP_VM_PLATFORM_HYPERV, NULL));
  vm->vcpus = 65;
  g_assert_false (hvp_vm_validate (vm, HVP_VM_PLATFORM_HYPERV, &error));
  g_assert_cmpstr (error->message, ==,
                   "vcpus: 65 virtual processors is more than Hyper-V allows a generation 1 VM (64)");
  g_clear_error (&error);
  g_assert_true (hvp_vm_validate (vm, HVP_VM_PLATFORM_LIBVIRT, NULL));
  vm->generation = 2;
  vm->vcpus = 2048;
  g_assert_true (hvp_vm_validate (vm, HVP_VM_PLATFORM_HYPERV, NULL));
  vm->vcpus = 2049;
  g_assert_false (hvp_vm_validate (vm, HVP_VM_PLATFORM_HYPERV, NULL));
  vm->vcpus = 4096;
  g_assert_true (hvp_vm_validate (vm, HVP_VM_PLATFORM_ANY, NULL));
  vm->vcpus = 4097;
  g_assert_false (hvp_vm_validate (vm, HVP_VM_PLATFORM_LIBVIRT, NULL));
  vm->vcpus = 2;

  g_ptr_array_add (host->volumes, hvp_volume_new ("D:\\", 100, 101));
  g_assert_false (hvp_inventory_validate (inventory, "x.json", HVP_VM_PLATFORM_ANY, &error));
  g_assert_cmpstr (error->message, ==,
                   "'x.json': host 'HV1': volume 'D:\\': free_bytes 101 is above capacity_bytes 100");
}

static void
test_merge_distinct_hosts (void)
{
  g_autoptr (HvpInventory) a = hvp_inventory_new ();
  g_autoptr (HvpInventory) b = hvp_inventory_new ();

  hvp_inventory_ensure_host (a, "HV1");
  hvp_inventory_ensure_host (b, "HV2");
  hvp_inventory_ensure_host (b, "hv1");
  hvp_inventory_merge (a, b);
  g_assert_cmpuint (a->hosts->len, ==, 2);
  g_assert_true (hvp_inventory_ensure_host (a, "HV2") == g_ptr_array_index (a->hosts, 1));
}

static void
test_processor_vendor (void)
{
  g_assert_cmpstr (hvp_processor_vendor_normalize ("Intel"), ==, "GenuineIntel");
  g_assert_cmpstr (hvp_processor_vendor_normalize ("GenuineIntel"), ==, "GenuineIntel");
  g_assert_cmpstr (hvp_processor_vendor_normalize ("AMD"), ==, "AuthenticAMD");
  g_assert_cmpstr (hvp_processor_vendor_normalize ("Advanced Micro Devices, Inc."), ==, "AuthenticAMD");
  g_assert_cmpstr (hvp_processor_vendor_normalize ("HygonGenuine"), ==, "HygonGenuine");
  g_assert_null (hvp_processor_vendor_normalize (NULL));
}

HVP_TEST_SUITE (inventory)
{
  g_test_add_func ("/models/vm/snapshot-tree", test_snapshot_tree);
  g_test_add_func ("/models/vm/snapshot-problems", test_snapshot_problems);
  g_test_add_func ("/models/vm/max-vcpus-and-saved-state", test_max_vcpus_and_saved_state);
  g_test_add_func ("/models/host/disks", test_host_disks);
  g_test_add_func ("/models/host/find", test_find_by_id_or_name);
  g_test_add_func ("/models/host/processor-vendor", test_processor_vendor);
  g_test_add_func ("/models/disk/worst-case", test_worst_case);
  g_test_add_func ("/models/inventory/merge-data-root-with-host", test_merge_data_root_with_host);
  g_test_add_func ("/models/inventory/merge-conflict-order", test_merge_conflict_order);
  g_test_add_func ("/models/inventory/merge-loops-and-ids", test_merge_loops_and_ids);
  g_test_add_func ("/models/inventory/validate", test_validate);
  g_test_add_func ("/models/inventory/merge-distinct-hosts", test_merge_distinct_hosts);
}
