/* Unit tests of reports/plan-text.c, reports/plan-json.c and the sections they share with the
 * sizing (reports/common.c): golden outputs for one synthetic plan (t/data/report/, regenerated
 * when HVP_REGENERATE=1), and the JSON read back with cJSON. */
#include <cjson/cJSON.h>
#include <string.h>

#include "unit.h"
#include "reports/report.h"
#include "reports/size-report.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cJSON, cJSON_Delete)

#define GIB HVP_GIB

static HvpDisk *
add_disk (HvpHost *host, const char *path, HvpDiskType type, guint64 file_size_bytes,
          guint64 virtual_size_bytes, const char *parent_path, gboolean readable)
{
  HvpDisk *disk = hvp_disk_new (path);

  disk->format = HVP_DISK_FORMAT_VHDX;
  disk->type = type;
  disk->file_size_bytes = file_size_bytes;
  disk->virtual_size_bytes = virtual_size_bytes;
  disk->parent_path = g_strdup (parent_path);
  disk->readable = readable;
  return hvp_host_add_disk (host, disk);
}

static HvpVm *
add_vm (HvpHost *host, const char *id, const char *name, HvpVmState state, guint vcpus,
        guint64 startup_bytes)
{
  HvpVm *vm = hvp_vm_new (id, name);

  vm->state = state;
  vm->vcpus = vcpus;
  vm->memory.startup_bytes = startup_bytes;
  g_ptr_array_add (host->vms, vm);
  return vm;
}

static void
attach (GPtrArray *drives, const char *path)
{
  g_ptr_array_add (drives, hvp_drive_new (HVP_CONTROLLER_TYPE_SCSI, 0, drives->len, path));
}

static void
connect_adapter (HvpVm *vm, const char *switch_name)
{
  HvpAdapter *adapter = hvp_adapter_new ("Network Adapter");

  adapter->switch_name = g_strdup (switch_name);
  g_ptr_array_add (vm->adapters, adapter);
}

/* hv01 (Intel) with three VMs:
 *   dc01   running, 4 GiB static, 2 vCPUs, dynamic disk 12 GiB of 60 GiB, on "LAN"
 *   sql01  saved (size unknown), dynamic memory 8 GiB startup / 16 GiB maximum, 4 vCPUs, fixed
 *          disk 100 GiB, snapshot "pre-patch" with 8 vCPUs on a 5 GiB differencing disk, on
 *          "Backup" (Internal)
 *   web01  off, 2 GiB, 1 vCPU, a disk that could not be read */
static HvpInventory *
report_source (void)
{
  HvpInventory *source = hvp_inventory_new ();
  HvpHost *host = hvp_inventory_ensure_host (source, "hv01");
  HvpSwitch *lan = hvp_switch_new ("5A1C-LAN", "LAN", HVP_SWITCH_TYPE_EXTERNAL);
  HvpSnapshot *snapshot = hvp_snapshot_new ("7E2B", "pre-patch");
  HvpVm *vm;

  host->memory_bytes = 96 * GIB;
  host->logical_processors = 24;
  host->processor.vendor = g_strdup ("GenuineIntel");
  host->processor.family = 6;
  host->processor.model = 63;
  host->processor.stepping = 2;
  g_ptr_array_add (lan->physical_nics, g_strdup ("Ethernet 1"));
  g_ptr_array_add (host->switches, lan);
  g_ptr_array_add (host->switches, hvp_switch_new ("9F0D-BAK", "Backup",
                                                   HVP_SWITCH_TYPE_INTERNAL));

  add_disk (host, "D:\\VMs\\dc01.vhdx", HVP_DISK_TYPE_DYNAMIC, 12 * GIB, 60 * GIB, NULL, TRUE);
  add_disk (host, "D:\\VMs\\sql01.vhdx", HVP_DISK_TYPE_FIXED, 100 * GIB + 4096, 100 * GIB, NULL,
            TRUE);
  add_disk (host, "D:\\VMs\\sql01_7E2B.avhdx", HVP_DISK_TYPE_DIFFERENCING, 5 * GIB, 100 * GIB,
            "D:\\VMs\\sql01.vhdx", TRUE);
  add_disk (host, "D:\\VMs\\web01.vhdx", HVP_DISK_TYPE_UNKNOWN, 0, 0, NULL, FALSE);
  hvp_host_link_disks (host);

  vm = add_vm (host, "1B4E28BA-2FA1-11D2-883F-0016D3CCA427", "dc01", HVP_VM_STATE_RUNNING, 2,
               4 * GIB);
  attach (vm->drives, "D:\\VMs\\dc01.vhdx");
  connect_adapter (vm, "LAN");

  vm = add_vm (host, "2C5F39CB-3FB2-22E3-994F-1127E4DDB538", "sql01", HVP_VM_STATE_SAVED, 4,
               8 * GIB);
  vm->memory.dynamic = TRUE;
  vm->memory.minimum_bytes = 2 * GIB;
  vm->memory.maximum_bytes = 16 * GIB;
  vm->saved_state = TRUE;
  attach (vm->drives, "D:\\VMs\\sql01_7E2B.avhdx");
  snapshot->vcpus = 8;
  snapshot->memory = vm->memory;
  attach (snapshot->drives, "D:\\VMs\\sql01.vhdx");
  g_ptr_array_add (vm->snapshots, snapshot);
  connect_adapter (vm, "Backup");

  vm = add_vm (host, "3D6A4ADC-4FC3-33F4-AA5A-2238F5EEC649", "web01", HVP_VM_STATE_OFF, 1,
               2 * GIB);
  attach (vm->drives, "D:\\VMs\\web01.vhdx");
  connect_adapter (vm, "LAN");

  hvp_inventory_add_warning (source, "D:\\VMs\\web01.vhdx", NULL,
                             "cannot open 'D:\\VMs\\web01.vhdx': no path map covers it");
  return source;
}

/* hv02 (AMD): 64 GiB, 16 logical processors, 2 NICs, 500 GiB free, switch "LAN" only. */
static HvpInventory *
report_destination (void)
{
  HvpInventory *destination = hvp_inventory_new ();
  HvpHost *host = hvp_inventory_ensure_host (destination, "hv02");

  host->memory_bytes = 64 * GIB;
  host->logical_processors = 16;
  host->processor.vendor = g_strdup ("AuthenticAMD");
  host->processor.family = 25;
  host->processor.model = 1;
  host->processor.stepping = 1;
  g_ptr_array_add (host->physical_nics, g_strdup ("Ethernet 1"));
  g_ptr_array_add (host->physical_nics, g_strdup ("Ethernet 2"));
  g_ptr_array_add (host->volumes, hvp_volume_new ("E:\\", 1024 * GIB, 500 * GIB));
  g_ptr_array_add (host->switches, hvp_switch_new (NULL, "LAN", HVP_SWITCH_TYPE_EXTERNAL));
  return destination;
}

/* Compares @actual with t/data/report/@name; writes it there instead when HVP_REGENERATE=1. */
static void
check_golden (const char *name, const char *actual)
{
  const char *data = g_getenv ("HVP_DATA");
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;
  g_autoptr (GError) error = NULL;

  if (data == NULL)
    {
      g_test_skip ("HVP_DATA is not set");
      return;
    }
  path = g_build_filename (data, "report", name, NULL);
  if (g_strcmp0 (g_getenv ("HVP_REGENERATE"), "1") == 0)
    {
      g_file_set_contents (path, actual, -1, &error);
      g_assert_no_error (error);
      g_test_message ("regenerated %s", path);
      return;
    }
  g_file_get_contents (path, &expected, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (actual, ==, expected);
}

static HvpPlan *
report_plan (const HvpInventory *source, const HvpInventory *destination,
             const HvpPlanOptions *options)
{
  g_autoptr (GError) error = NULL;
  HvpPlan *plan = hvp_plan_new (source, destination, options, &error);

  g_assert_no_error (error);
  g_assert_nonnull (plan);
  return plan;
}

static void
test_text_golden (void)
{
  g_autoptr (HvpInventory) source = report_source ();
  g_autoptr (HvpInventory) destination = report_destination ();
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  g_autoptr (HvpPlan) plan = report_plan (source, destination, options);
  g_autoptr (GString) out = g_string_new (NULL);

  hvp_report_plan_text (plan, source, out);
  /* Independent of the golden file: the table rows and one finding line. */
  g_assert_nonnull (strstr (out->str, "Migration plan: hv01 -> hv02\nVerdict: FAIL\n"));
  g_assert_nonnull (strstr (out->str, "\nnetwork                1          2  FAIL\n"));
  g_assert_nonnull (strstr (out->str, "\nprocessor              8         16  FAIL\n"));
  g_assert_nonnull (strstr (out->str, "\nFAIL network    sql01: Could not find Ethernet switch "
                                      "'Backup' (Compare-VM 33012)"));
  check_golden ("plan.txt", out->str);
}

static void
test_text_options (void)
{
  g_autoptr (HvpInventory) source = report_source ();
  g_autoptr (HvpInventory) destination = report_destination ();
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  g_autoptr (HvpPlan) plan = NULL;
  g_autoptr (GString) out = g_string_new (NULL);

  g_assert_true (hvp_plan_options_set_memory_policy (options, "maximum", NULL));
  g_assert_true (hvp_plan_options_set_concurrency (options, "dc01,web01", NULL));
  options->vm_overhead_auto = FALSE;
  options->vm_overhead_bytes = 64 * HVP_MIB;
  plan = report_plan (source, destination, options);
  hvp_report_plan_text (plan, source, out);
  g_assert_nonnull (strstr (out->str, "  memory policy: dynamic-memory VMs count with their "
                                      "maximum RAM\n"));
  g_assert_nonnull (strstr (out->str, "  concurrency: only 'dc01', 'web01' run at the same "
                                      "time\n"));
  g_assert_nonnull (strstr (out->str, "  VM overhead: 64 MiB per VM (128 MiB in all)\n"));
}

/* The plan and the sizing state the VM overhead alike, from the planner's constants: the formula
 * in MiB, and a flat overhead in MiB (or bytes) too, never in GiB. */
static void
test_overhead_plan_and_size (void)
{
  g_autoptr (HvpInventory) source = report_source ();
  g_autoptr (HvpInventory) destination = report_destination ();
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  g_autoptr (HvpPlan) plan = NULL;
  g_autoptr (HvpSizing) sizing = NULL;
  g_autoptr (GString) plan_text = g_string_new (NULL);
  g_autoptr (GString) size_text = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *formula = g_strdup_printf ("  VM overhead: %" G_GUINT64_FORMAT " MiB for the "
                                              "first GiB of each VM's memory and %"
                                              G_GUINT64_FORMAT " MiB for each further GiB",
                                              HVP_VM_OVERHEAD_FIRST_GIB_BYTES / HVP_MIB,
                                              HVP_VM_OVERHEAD_PER_GIB_BYTES / HVP_MIB);

  plan = report_plan (source, destination, options);
  sizing = hvp_sizing_new_for_hosts (source, destination, options, &error);
  g_assert_no_error (error);
  hvp_report_plan_text (plan, source, plan_text);
  hvp_report_size_text (sizing, source, size_text);
  g_assert_nonnull (strstr (plan_text->str, formula));
  g_assert_nonnull (strstr (size_text->str, formula));

  options->vm_overhead_auto = FALSE;
  options->vm_overhead_bytes = 64 * HVP_MIB;
  g_string_truncate (size_text, 0);
  hvp_report_size_text (sizing, source, size_text);
  g_assert_nonnull (strstr (size_text->str, "  VM overhead: 64 MiB per VM\n"));
  options->vm_overhead_bytes = 1000000;
  g_string_truncate (size_text, 0);
  hvp_report_size_text (sizing, source, size_text);
  g_assert_nonnull (strstr (size_text->str, "  VM overhead: 1000000 bytes per VM\n"));
}

static const cJSON *
member (const cJSON *object, const char *name)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, name);

  if (item == NULL)
    g_error ("JSON member '%s' missing", name);
  return item;
}

static void
assert_members (const cJSON *object, const char *const *names)
{
  const cJSON *child = object->child;

  /* Exactly these names, in this order. */
  for (guint i = 0; names[i] != NULL; i++, child = child->next)
    {
      g_assert_nonnull (child);
      g_assert_cmpstr (child->string, ==, names[i]);
    }
  g_assert_null (child);
}

static void
test_json_golden (void)
{
  static const char *const root_names[] = { "schema", "verdict", "source", "destination",
                                             "requirements", "vms", "findings", "warnings", NULL };
  static const char *const requirement_names[] = { "storage", "memory", "network", "processor",
                                                    "compatibility", NULL };
  static const char *const storage_names[] = { "verdict", "required_bytes", "worst_case_bytes",
                                                "available_bytes", "headroom_percent", NULL };
  static const char *const memory_names[] = { "verdict", "required_bytes", "available_bytes",
                                               "host_reserve_bytes", "vm_overhead_bytes",
                                               "policy", NULL };
  static const char *const network_names[] = { "verdict", "required_nics", "available_nics",
                                                NULL };
  static const char *const processor_names[] = { "verdict", "required_logical_processors",
                                                  "available_logical_processors",
                                                  "saved_state_vms", "compatibility_method", NULL };
  static const char *const vm_names[] = { "name", "vcpus", "memory_bytes", "storage_bytes",
                                           "snapshots", "saved_state", "concurrent",
                                           "configuration_version", "migration_path",
                                           "compatibility", NULL };
  static const char *const finding_names[] = { "severity", "requirement", "vm", "message", NULL };
  g_autoptr (HvpInventory) source = report_source ();
  g_autoptr (HvpInventory) destination = report_destination ();
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  g_autoptr (HvpPlan) plan = report_plan (source, destination, options);
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (cJSON) root = NULL;
  const char *end = NULL;
  const cJSON *requirements;
  const cJSON *item;
  const cJSON *element;

  hvp_report_plan_json (plan, source, out);
  root = cJSON_ParseWithOpts (out->str, &end, TRUE);
  g_assert_nonnull (root);

  assert_members (root, root_names);
  g_assert_cmpstr (member (root, "schema")->valuestring, ==, "hvplan-plan/1");
  g_assert_cmpstr (member (root, "verdict")->valuestring, ==, "fail");
  g_assert_cmpstr (member (root, "source")->valuestring, ==, "hv01");
  g_assert_cmpstr (member (root, "destination")->valuestring, ==, "hv02");

  requirements = member (root, "requirements");
  assert_members (requirements, requirement_names);
  item = member (requirements, "storage");
  assert_members (item, storage_names);
  /* Files 12 + 100 GiB 4 KiB + 5 GiB, saved state 8 GiB (memory), 20 % headroom rounded up. */
  g_assert_cmpuint (plan->requirements[HVP_REQUIREMENT_STORAGE].required, ==,
                    125 * GIB + 4096 + (25 * GIB + 820));
  g_assert_nonnull (strstr (out->str, "\"required_bytes\": 161061278516,\n"));
  g_assert_cmpstr (member (item, "verdict")->valuestring, ==, "warn");
  g_assert_cmpfloat (member (item, "headroom_percent")->valuedouble, ==, 20);
  g_assert_cmpfloat (member (item, "available_bytes")->valuedouble, ==, 500.0 * GIB);

  item = member (requirements, "memory");
  assert_members (item, memory_names);
  g_assert_cmpstr (member (item, "policy")->valuestring, ==, "startup");
  /* dc01 4 GiB + 56 MiB, sql01 8 GiB + 88 MiB, reserve 2 GiB. */
  g_assert_cmpfloat (member (item, "required_bytes")->valuedouble, ==,
                     14.0 * GIB + 144.0 * HVP_MIB);
  g_assert_cmpfloat (member (item, "vm_overhead_bytes")->valuedouble, ==, 144.0 * HVP_MIB);
  g_assert_cmpfloat (member (item, "host_reserve_bytes")->valuedouble, ==, 2.0 * GIB);

  item = member (requirements, "network");
  assert_members (item, network_names);
  g_assert_cmpfloat (member (item, "required_nics")->valuedouble, ==, 1);
  g_assert_cmpfloat (member (item, "available_nics")->valuedouble, ==, 2);
  g_assert_cmpstr (member (item, "verdict")->valuestring, ==, "fail");

  item = member (requirements, "processor");
  assert_members (item, processor_names);
  g_assert_cmpfloat (member (item, "required_logical_processors")->valuedouble, ==, 8);
  g_assert_cmpfloat (member (item, "available_logical_processors")->valuedouble, ==, 16);
  g_assert_true (cJSON_IsArray (member (item, "saved_state_vms")));
  g_assert_cmpint (cJSON_GetArraySize (member (item, "saved_state_vms")), ==, 1);
  g_assert_cmpstr (cJSON_GetArrayItem (member (item, "saved_state_vms"), 0)->valuestring, ==,
                   "sql01");
  g_assert_cmpstr (member (item, "verdict")->valuestring, ==, "fail");

  item = member (root, "vms");
  g_assert_cmpint (cJSON_GetArraySize (item), ==, 3);
  cJSON_ArrayForEach (element, item)
    assert_members (element, vm_names);
  element = cJSON_GetArrayItem (item, 1);
  g_assert_cmpstr (member (element, "name")->valuestring, ==, "sql01");
  g_assert_cmpfloat (member (element, "vcpus")->valuedouble, ==, 8);
  g_assert_true (cJSON_IsTrue (member (element, "saved_state")));
  g_assert_true (cJSON_IsTrue (member (element, "concurrent")));
  g_assert_cmpfloat (member (element, "snapshots")->valuedouble, ==, 1);
  g_assert_true (cJSON_IsFalse (member (cJSON_GetArrayItem (item, 2), "concurrent")));

  item = member (root, "findings");
  g_assert_cmpint (cJSON_GetArraySize (item), ==, (int) plan->findings->len);
  cJSON_ArrayForEach (element, item)
    assert_members (element, finding_names);
  element = cJSON_GetArrayItem (item, 0);
  g_assert_cmpstr (member (element, "severity")->valuestring, ==, "fail");
  /* A finding about no VM has "vm": null. */
  g_assert_nonnull (strstr (out->str, "\"vm\": null,\n"));

  check_golden ("plan.json", out->str);
}

static void
test_json_exact_integers (void)
{
  g_autoptr (HvpInventory) source = report_source ();
  g_autoptr (HvpInventory) destination = report_destination ();
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  g_autoptr (HvpPlan) plan = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  HvpHost *host = g_ptr_array_index (destination->hosts, 0);
  HvpVolume *volume = g_ptr_array_index (host->volumes, 0);

  /* 2^64 - 1001 is not a double: a cJSON number would print 18446744073709549568. */
  volume->free_bytes = G_GUINT64_CONSTANT (18446744073709550615);
  plan = report_plan (source, destination, options);
  hvp_report_plan_json (plan, source, out);
  g_assert_nonnull (strstr (out->str, "\"available_bytes\": 18446744073709550615,\n"));
}

HVP_TEST_SUITE (report)
{
  g_test_add_func ("/reports/plan-text/golden", test_text_golden);
  g_test_add_func ("/reports/plan-text/options", test_text_options);
  g_test_add_func ("/reports/size-text/overhead", test_overhead_plan_and_size);
  g_test_add_func ("/reports/plan-json/golden", test_json_golden);
  g_test_add_func ("/reports/plan-json/exact-integers", test_json_exact_integers);
}
