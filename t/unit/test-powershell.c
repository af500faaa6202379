/* Tests of collectors/powershell: real ConvertTo-Json fragments, the synthetic collect-hyperv.ps1
 * document, each shape hand-run cmdlets produce, and broken input. */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "unit.h"
#include "collectors/powershell/powershell.h"
#include "models/inventory-json.h"

#define GIB (G_GUINT64_CONSTANT (1) << 30)
#define MIB (G_GUINT64_CONSTANT (1) << 20)
#define VHD_FOLDER "D:\\Hyper-V\\Virtual Hard Disks\\"
#define SNAPSHOT_1 "0F1E2D3C-4B5A-4968-8776-A5B4C3D2E1F0"
#define SNAPSHOT_2 "1A2B3C4D-5E6F-4A7B-8C9D-0E1F2A3B4C5D"

/* ------------------------------------------------------------------------------- helpers */

/* A real fragment: t/data/powershell/NAME when its licence allowed copying it, else
 * $HVP_SAMPLES/powershell-json/NAME (t/data/powershell/README.md); NULL when neither exists. */
static char *
sample_path (const char *name)
{
  const char *data = g_getenv ("HVP_DATA");
  const char *samples = g_getenv ("HVP_SAMPLES");
  g_autofree char *copied = NULL;
  g_autofree char *shared = NULL;

  g_assert_nonnull (data);
  copied = g_build_filename (data, "powershell", name, NULL);
  if (g_file_test (copied, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&copied);
  if (samples == NULL)
    return NULL;
  shared = g_build_filename (samples, "powershell-json", name, NULL);
  return g_file_test (shared, G_FILE_TEST_IS_REGULAR) ? g_steal_pointer (&shared) : NULL;
}

static char *
synthetic_path (const char *name)
{
  const char *data = g_getenv ("HVP_DATA");

  g_assert_nonnull (data);
  return g_build_filename (data, "powershell", "synthetic", name, NULL);
}

static char *
read_file (const char *path, gsize *ret_length)
{
  g_autoptr (GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, ret_length, &error));
  g_assert_no_error (error);
  return text;
}

/* Reads @text as file @file; asserts success. */
static HvpInventory *
read_ok (const char *file, const char *text, gsize length)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (hvp_powershell_read (file, text, length, inventory, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&inventory);
}

static HvpInventory *
read_string_ok (const char *text)
{
  return read_ok ("test.json", text, strlen (text));
}

/* Reads a real fragment, or skips the test when it is not on this machine. */
static HvpInventory *
read_sample (const char *name)
{
  g_autofree char *path = sample_path (name);
  g_autofree char *text = NULL;
  gsize length;

  if (path == NULL)
    {
      g_test_skip ("sample not in t/data/powershell nor $HVP_SAMPLES/powershell-json");
      return NULL;
    }
  text = read_file (path, &length);
  /* Windows PowerShell 5.1's layout: "Key":  value, with two spaces. */
  g_assert_nonnull (strstr (text, "\":  "));
  g_assert_cmpuint (hvp_powershell_sniff (text, length), >=, 60);
  return read_ok (name, text, length);
}

/* Asserts that reading @text fails with @code and a message holding every string of
 * @fragments (NULL-terminated). */
static void
assert_refused (const char *text, gsize length, int code, const char *const *fragments)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autoptr (GError) error = NULL;

  g_assert_false (hvp_powershell_read ("bad.json", text, length, inventory, &error));
  g_assert_error (error, HVP_ERROR, code);
  g_assert_nonnull (strstr (error->message, "'bad.json'"));
  for (gsize i = 0; fragments[i] != NULL; i++)
    if (strstr (error->message, fragments[i]) == NULL)
      g_error ("message '%s' lacks '%s'", error->message, fragments[i]);
}

static void
assert_refused_string (const char *text, int code, const char *const *fragments)
{
  assert_refused (text, strlen (text), code, fragments);
}

/* The number of warnings whose message holds @fragment. */
static guint
count_warnings (const HvpInventory *inventory, const char *fragment)
{
  guint count = 0;

  for (guint i = 0; i < inventory->warnings->len; i++)
    {
      const HvpWarning *warning = g_ptr_array_index (inventory->warnings, i);

      if (strstr (warning->message, fragment) != NULL)
        count++;
    }
  return count;
}

static HvpHost *
only_host (const HvpInventory *inventory)
{
  g_assert_cmpuint (inventory->hosts->len, ==, 1);
  return g_ptr_array_index (inventory->hosts, 0);
}

static HvpVm *
find_vm (const HvpHost *host, const char *name)
{
  HvpVm *vm = hvp_host_find_vm (host, name);

  g_assert_nonnull (vm);
  return vm;
}

static const HvpDrive *
only_drive (const GPtrArray *drives)
{
  g_assert_cmpuint (drives->len, ==, 1);
  return g_ptr_array_index (drives, 0);
}

static char *
to_utf16le (const char *text, gsize length, gboolean bom, gsize *ret_length)
{
  g_autoptr (GError) error = NULL;
  gsize written = 0;
  g_autofree char *converted = g_convert (text, (gssize) length, "UTF-16LE", "UTF-8", NULL,
                                          &written, &error);
  char *result;

  g_assert_no_error (error);
  result = g_malloc (written + 2);
  if (bom)
    memcpy (result, "\xFF\xFE", 2);
  memcpy (result + (bom ? 2 : 0), converted, written);
  *ret_length = written + (bom ? 2 : 0);
  return result;
}

/* ---------------------------------------------------------------------- real fragments */

static void
test_sample_vagrant_controller (void)
{
  g_autoptr (HvpInventory) inventory = read_sample ("vagrant_Get-VMScsiController_ConvertTo-Json.json");
  const char *disk_path = "C:\\Users\\vagrant\\project\\.vagrant\\machines\\default\\hyperv\\"
                          "Virtual Hard Disks\\ubuntu-18.04-amd64.vhdx";
  HvpHost *host;
  HvpVm *vm;
  const HvpDrive *drive;
  HvpDisk *disk;

  if (inventory == NULL)
    return;
  host = only_host (inventory);
  g_assert_cmpstr (host->name, ==, "DESKTOP-GICAJ17");
  g_assert_cmpuint (host->vms->len, ==, 1);
  vm = find_vm (host, "6F225311-B793-49CF-98A3-0A32108E49BB");
  g_assert_cmpstr (vm->name, ==, "project_default_1744059721263_2993");
  /* Drives holds a hard disk drive and a DVD drive; only the hard disk is a drive of the model. */
  drive = only_drive (vm->drives);
  g_assert_cmpint (drive->controller_type, ==, HVP_CONTROLLER_TYPE_SCSI);
  g_assert_cmpuint (drive->controller_number, ==, 0);
  g_assert_cmpuint (drive->controller_location, ==, 0);
  g_assert_cmpstr (drive->disk_path, ==, disk_path);
  disk = hvp_host_find_disk (host, disk_path);
  g_assert_nonnull (disk);
  g_assert_cmpint (disk->format, ==, HVP_DISK_FORMAT_VHDX);
  g_assert_false (disk->readable);
  g_assert_cmpuint (host->disks->len, ==, 1);
  /* Known only from a controller: the warning says Get-VM output is missing. */
  g_assert_cmpuint (inventory->warnings->len, ==, 1);
  g_assert_cmpuint (count_warnings (inventory, "known only from its devices"), ==, 1);
}

static void
test_sample_terraform_switch (void)
{
  g_autoptr (HvpInventory) inventory = read_sample ("terraform-provider-hyperv_Get-VMSwitch_ConvertTo-Json.json");
  HvpHost *host;
  HvpSwitch *vswitch;

  if (inventory == NULL)
    return;
  host = only_host (inventory);
  g_assert_null (host->name);
  g_assert_cmpuint (host->switches->len, ==, 1);
  vswitch = g_ptr_array_index (host->switches, 0);
  g_assert_cmpstr (vswitch->name, ==, "test");
  g_assert_null (vswitch->id);
  /* "SwitchType": 2 is External (formats.md 2.2). */
  g_assert_cmpint (vswitch->type, ==, HVP_SWITCH_TYPE_EXTERNAL);
  g_assert_cmpuint (vswitch->physical_nics->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (vswitch->physical_nics, 0), ==, "Dell Wireless 1830 802.11ac");
  g_assert_cmpuint (inventory->warnings->len, ==, 0);
}

static void
test_sample_open_ebackup_vm (void)
{
  g_autoptr (HvpInventory) inventory = read_sample ("open-eBackup_Get-VM_fragment.json");
  HvpHost *host;
  HvpVm *vm;

  if (inventory == NULL)
    return;
  host = only_host (inventory);
  g_assert_cmpuint (host->vms->len, ==, 1);
  vm = g_ptr_array_index (host->vms, 0);
  g_assert_cmpstr (vm->id, ==, "4F27BC34-0D01-4057-BC93-A4C556D61644");
  g_assert_cmpstr (vm->name, ==, "\xe6\xb5\x8b\xe8\xaf\x95\xe8\x99\x9a\xe6\x8b\x9f\xe6\x9c\xba" "1");
  /* "State": 3 is Off; "Version" is a string, "Generation" an integer. */
  g_assert_cmpint (vm->state, ==, HVP_VM_STATE_OFF);
  g_assert_false (vm->saved_state);
  g_assert_cmpstr (vm->configuration_version, ==, "5.0");
  g_assert_cmpuint (vm->generation, ==, 2);
  g_assert_cmpuint (inventory->warnings->len, ==, 0);
}

static void
test_sample_open_ebackup_vhd (void)
{
  g_autoptr (HvpInventory) inventory = read_sample ("open-eBackup_Get-VHD_fragment.json");
  const char *folder = "C:\\Users\\Public\\Documents\\Hyper-V\\Virtual Hard Disks\\";
  g_autofree char *path = g_strconcat (folder, "CentOS7_04455719-5F4C-4ED1-AA4B-631F44AB561C.avhdx", NULL);
  g_autofree char *parent = g_strconcat (folder, "CentOS7.vhdx", NULL);
  HvpHost *host;
  HvpDisk *disk;

  if (inventory == NULL)
    return;
  host = only_host (inventory);
  /* The child Get-VHD described, and its parent, which the chain needs (size unknown). */
  g_assert_cmpuint (host->disks->len, ==, 2);
  g_assert_nonnull (hvp_host_find_disk (host, parent));
  g_assert_cmpuint (hvp_host_find_disk (host, parent)->virtual_size_bytes, ==, 0);
  g_assert_false (hvp_host_find_disk (host, parent)->readable);
  disk = hvp_host_find_disk (host, path);
  g_assert_nonnull (disk);
  /* VhdFormat 3 = VHDX, VhdType 4 = Differencing, Size in bytes. */
  g_assert_cmpint (disk->format, ==, HVP_DISK_FORMAT_VHDX);
  g_assert_cmpint (disk->type, ==, HVP_DISK_TYPE_DIFFERENCING);
  g_assert_cmpuint (disk->virtual_size_bytes, ==, G_GUINT64_CONSTANT (136365211648));
  g_assert_cmpuint (disk->file_size_bytes, ==, 0);
  g_assert_cmpstr (disk->parent_path, ==, parent);
  g_assert_true (disk->parent == hvp_host_find_disk (host, parent));
  g_assert_true (disk->readable);
  g_assert_cmpuint (host->vms->len, ==, 0);

  /* What collect writes reads back (the fuzz target's round trip found a parent_path naming no
   * disk when the parent was left out). */
  {
    g_autofree char *json = hvp_inventory_to_json (inventory);
    g_autoptr (GError) error = NULL;
    g_autoptr (HvpInventory) again = hvp_inventory_from_json (json, strlen (json), "written",
                                                              &error);

    g_assert_no_error (error);
    g_assert_nonnull (again);
  }
}

static void
test_sample_open_ebackup_scvmm (void)
{
  g_autofree char *path = sample_path ("open-eBackup_Get-SCVMHost_fragment.json");
  g_autofree char *text = NULL;
  gsize length;
  const char *fragments[] = { "System Center VMM", "Get-SCVMHost", NULL };

  if (path == NULL)
    {
      g_test_skip ("sample not in t/data/powershell nor $HVP_SAMPLES/powershell-json");
      return;
    }
  text = read_file (path, &length);
  /* Claimed by the probe (so the user gets this message, not "no format") and refused. */
  g_assert_cmpuint (hvp_powershell_sniff (text, length), ==, 60);
  assert_refused (text, length, HVP_ERROR_UNSUPPORTED, fragments);
}

/* ------------------------------------------------------------ the collect-hyperv.ps1 shape */

static void
assert_document (const HvpInventory *inventory)
{
  HvpHost *host = only_host (inventory);
  HvpVolume *volume;
  HvpSwitch *vswitch;
  HvpDisk *disk;
  HvpVm *vm;
  HvpAdapter *adapter;
  HvpSnapshot *first;
  HvpSnapshot *second;

  g_assert_cmpstr (host->name, ==, "HV01");
  g_assert_cmpstr (host->os, ==, "Microsoft Windows Server 2012 R2 Datacenter");
  g_assert_cmpuint (host->memory_bytes, ==, 64 * GIB);
  g_assert_cmpuint (host->logical_processors, ==, 16);
  g_assert_cmpstr (host->processor.vendor, ==, "GenuineIntel");
  g_assert_cmpuint (host->processor.family, ==, 6);
  g_assert_cmpuint (host->processor.model, ==, 45);
  g_assert_cmpint (host->processor.stepping, ==, 7);
  g_assert_cmpstr (host->processor.name, ==, "Intel(R) Xeon(R) CPU E5-2650 0 @ 2.00GHz");
  g_assert_cmpuint (host->physical_nics->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (host->physical_nics, 1), ==,
                   "Broadcom BCM5709C NetXtreme II GigE (NDIS VBD Client) #2");

  g_assert_cmpuint (host->volumes->len, ==, 2);
  volume = g_ptr_array_index (host->volumes, 1);
  g_assert_cmpstr (volume->path, ==, "D:\\");
  g_assert_cmpuint (volume->capacity_bytes, ==, 1024 * GIB);
  g_assert_cmpuint (volume->free_bytes, ==, 300 * GIB);

  g_assert_cmpuint (host->switches->len, ==, 3);
  vswitch = hvp_host_find_switch (host, "Corp External");
  g_assert_cmpstr (vswitch->id, ==, "438B7B13-6180-4155-B7BF-08709CCF234D");
  g_assert_cmpint (vswitch->type, ==, HVP_SWITCH_TYPE_EXTERNAL);
  g_assert_cmpuint (vswitch->physical_nics->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (vswitch->physical_nics, 0), ==,
                   "Broadcom BCM5709C NetXtreme II GigE (NDIS VBD Client) #1");
  g_assert_cmpint (hvp_host_find_switch (host, "Backup Internal")->type, ==, HVP_SWITCH_TYPE_INTERNAL);
  g_assert_cmpint (hvp_host_find_switch (host, "Lab Private")->type, ==, HVP_SWITCH_TYPE_PRIVATE);

  g_assert_cmpuint (host->disks->len, ==, 4);
  disk = hvp_host_find_disk (host, VHD_FOLDER "WEB01_" SNAPSHOT_1 ".avhdx");
  g_assert_nonnull (disk);
  g_assert_cmpint (disk->type, ==, HVP_DISK_TYPE_DIFFERENCING);
  g_assert_cmpuint (disk->virtual_size_bytes, ==, 60 * GIB);
  g_assert_cmpuint (disk->file_size_bytes, ==, 2 * GIB);
  g_assert_true (disk->parent == hvp_host_find_disk (host, VHD_FOLDER "WEB01.vhdx"));
  disk = hvp_host_find_disk (host, VHD_FOLDER "SQL01.vhd");
  g_assert_cmpint (disk->format, ==, HVP_DISK_FORMAT_VHD);
  g_assert_cmpint (disk->type, ==, HVP_DISK_TYPE_FIXED);
  g_assert_cmpuint (disk->file_size_bytes, ==, 200 * GIB + 512);

  g_assert_cmpuint (host->vms->len, ==, 3);
  vm = find_vm (host, "6A1F7E4C-52D4-4C7B-9F3B-1C2D3E4F5A6B");
  g_assert_cmpstr (vm->name, ==, "DC01");
  g_assert_cmpint (vm->state, ==, HVP_VM_STATE_RUNNING);
  g_assert_cmpuint (vm->generation, ==, 2);
  g_assert_cmpuint (vm->vcpus, ==, 2);
  g_assert_false (vm->memory.dynamic);
  g_assert_cmpuint (vm->memory.startup_bytes, ==, 4 * GIB);
  g_assert_cmpuint (vm->memory.maximum_bytes, ==, 0);
  /* Running with a .bin placeholder: not a saved state. */
  g_assert_false (vm->saved_state);
  g_assert_cmpuint (vm->saved_state_bytes, ==, 0);
  g_assert_cmpint (only_drive (vm->drives)->controller_type, ==, HVP_CONTROLLER_TYPE_SCSI);
  g_assert_cmpuint (vm->adapters->len, ==, 1);
  adapter = g_ptr_array_index (vm->adapters, 0);
  g_assert_cmpstr (adapter->mac, ==, "00-15-5D-01-07-01");
  g_assert_cmpstr (adapter->switch_name, ==, "Corp External");
  g_assert_cmpstr (adapter->switch_id, ==, "438B7B13-6180-4155-B7BF-08709CCF234D");
  g_assert_true (adapter->connected);

  vm = find_vm (host, "WEB01");
  g_assert_cmpint (vm->state, ==, HVP_VM_STATE_OFF);
  g_assert_true (vm->processor_compatibility);
  g_assert_true (vm->memory.dynamic);
  g_assert_cmpuint (vm->memory.startup_bytes, ==, 1 * GIB);
  g_assert_cmpuint (vm->memory.minimum_bytes, ==, 512 * MIB);
  g_assert_cmpuint (vm->memory.maximum_bytes, ==, 4 * GIB);
  g_assert_cmpint (only_drive (vm->drives)->controller_type, ==, HVP_CONTROLLER_TYPE_IDE);
  g_assert_cmpstr (vm->current_snapshot_id, ==, SNAPSHOT_2);
  g_assert_cmpuint (vm->snapshots->len, ==, 2);
  first = hvp_vm_find_snapshot (vm, SNAPSHOT_1);
  second = hvp_vm_find_snapshot (vm, SNAPSHOT_2);
  g_assert_cmpstr (first->name, ==, "before update");
  g_assert_null (first->parent);
  g_assert_true (second->parent == first);
  /* 2026-10-01T08:00:00Z and 2026-10-02T18:30:00Z. */
  g_assert_cmpint (first->creation_time, ==, 1790841600);
  g_assert_cmpint (second->creation_time, ==, 1790965800);
  g_assert_false (first->saved_state);
  g_assert_cmpuint (first->vcpus, ==, 1);
  g_assert_cmpuint (first->memory.maximum_bytes, ==, 2 * GIB);
  g_assert_cmpstr (only_drive (first->drives)->disk_path, ==, VHD_FOLDER "WEB01.vhdx");
  /* Taken while running: it holds memory (.vsv + .bin). */
  g_assert_true (second->saved_state);
  g_assert_cmpuint (second->saved_state_bytes, ==, 24 * MIB + 1 * GIB);

  vm = find_vm (host, "SQL01");
  g_assert_cmpint (vm->state, ==, HVP_VM_STATE_SAVED);
  g_assert_true (vm->saved_state);
  g_assert_cmpuint (vm->saved_state_bytes, ==, 25 * MIB + 8 * GIB);
  g_assert_cmpuint (vm->vcpus, ==, 4);

  g_assert_nonnull (host->ip_configuration);
  g_assert_true (g_str_has_prefix (host->ip_configuration, "\r\nWindows IP Configuration\r\n"));
  g_assert_nonnull (strstr (host->ip_configuration, "192.0.2.21(Preferred)"));

  g_assert_nonnull (host->security);
  g_assert_cmpstr (host->security->store_location, ==,
                   "msxml://C:\\ProgramData\\Microsoft\\Windows\\Hyper-V\\InitialStore.xml");
  g_assert_true (host->security->store_read);
  g_assert_cmpuint (host->security->scopes->len, ==, 1);
  g_assert_cmpuint (host->security->role_assignments->len, ==, 2);
  g_assert_cmpuint (host->security->disabled_firewall_rules->len, ==, 1);
  g_assert_true (g_str_has_prefix (host->security->machine_launch_restriction, "O:BAG:BAD:"));

  /* The script's Errors become warnings; nothing else is reported. */
  g_assert_cmpuint (inventory->warnings->len, ==, 1);
  g_assert_cmpuint (count_warnings (inventory, "could not read NetAdapters: Get-NetAdapter : Access is denied."), ==, 1);
  g_assert_cmpuint (inventory->sources->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (inventory->sources, 0),
                            "collect-hyperv.ps1 1.0.0 on HV01 at 2026-11-30T09:12:44.1230000Z"));
}

static void
test_document (void)
{
  g_autofree char *path = synthetic_path ("hv01.json");
  gsize length;
  g_autofree char *text = read_file (path, &length);
  g_autoptr (HvpInventory) inventory = NULL;

  /* 5.1's layout and line ends, as the script writes them. */
  g_assert_nonnull (strstr (text, "\"Schema\":  \"hvplan-powershell/1\",\r\n"));
  g_assert_cmpuint (hvp_powershell_sniff (text, length), ==, 100);
  inventory = read_ok ("hv01.json", text, length);
  assert_document (inventory);
}

/* UTF-16LE (with and without a BOM) and UTF-8 with a BOM read as the UTF-8 file does. */
static void
test_document_encodings (void)
{
  g_autofree char *path = synthetic_path ("hv01.json");
  gsize length;
  g_autofree char *text = read_file (path, &length);
  g_autoptr (HvpInventory) plain = read_ok ("hv01.json", text, length);
  g_autofree char *expected = hvp_inventory_to_json (plain);
  g_autofree char *with_bom = g_strconcat ("\xEF\xBB\xBF", text, NULL);

  for (int variant = 0; variant < 3; variant++)
    {
      g_autofree char *encoded = NULL;
      gsize encoded_length = 0;
      g_autoptr (HvpInventory) inventory = NULL;
      g_autofree char *actual = NULL;

      if (variant == 2)
        encoded = g_strdup (with_bom), encoded_length = length + 3;
      else
        encoded = to_utf16le (text, length, variant == 0, &encoded_length);
      g_assert_cmpuint (hvp_powershell_sniff (encoded, MIN (encoded_length, 4096)), ==, 100);
      inventory = read_ok ("hv01.json", encoded, encoded_length);
      assert_document (inventory);
      actual = hvp_inventory_to_json (inventory);
      g_assert_cmpstr (actual, ==, expected);
    }
}

/* ------------------------------------------------------------------ hand-run cmdlet shapes */

/* Enums as integers (5.1's default) or as names (-EnumsAsStrings, a value cut by -Depth). */
static void
test_enums (void)
{
  g_autoptr (HvpInventory) inventory = read_string_ok (
    "[{\"Name\": \"a\", \"Id\": \"11111111-1111-1111-1111-111111111111\", \"State\": 2},"
    " {\"Name\": \"b\", \"Id\": \"22222222-2222-2222-2222-222222222222\", \"State\": \"Running\"},"
    " {\"Name\": \"c\", \"Id\": \"33333333-3333-3333-3333-333333333333\", \"State\": 32779},"
    " {\"Name\": \"d\", \"Id\": \"44444444-4444-4444-4444-444444444444\", \"State\": \"savedcritical\"},"
    " {\"Name\": \"e\", \"Id\": \"55555555-5555-5555-5555-555555555555\", \"State\": 12345},"
    " {\"Name\": \"s1\", \"SwitchType\": 1}, {\"Name\": \"s2\", \"SwitchType\": \"Internal\"},"
    " {\"Name\": \"s3\", \"SwitchType\": 0}, {\"Name\": \"s4\", \"SwitchType\": \"2\"},"
    " {\"Path\": \"C:\\\\a.avhdx\", \"VhdFormat\": 3, \"VhdType\": 4, \"Size\": 10},"
    " {\"Path\": \"C:\\\\b.vhd\", \"VhdFormat\": \"VHD\", \"VhdType\": \"Differencing\", \"Size\": 10}]");
  HvpHost *host = only_host (inventory);

  g_assert_cmpint (find_vm (host, "a")->state, ==, HVP_VM_STATE_RUNNING);
  g_assert_cmpint (find_vm (host, "b")->state, ==, HVP_VM_STATE_RUNNING);
  g_assert_cmpint (find_vm (host, "c")->state, ==, HVP_VM_STATE_SAVED);
  g_assert_true (find_vm (host, "c")->saved_state);
  g_assert_cmpint (find_vm (host, "d")->state, ==, HVP_VM_STATE_SAVED);
  g_assert_cmpint (find_vm (host, "e")->state, ==, HVP_VM_STATE_UNKNOWN);
  g_assert_cmpuint (count_warnings (inventory, "unknown State value 12345"), ==, 1);
  g_assert_cmpint (hvp_host_find_switch (host, "s1")->type, ==, HVP_SWITCH_TYPE_INTERNAL);
  g_assert_cmpint (hvp_host_find_switch (host, "s2")->type, ==, HVP_SWITCH_TYPE_INTERNAL);
  g_assert_cmpint (hvp_host_find_switch (host, "s3")->type, ==, HVP_SWITCH_TYPE_PRIVATE);
  g_assert_cmpint (hvp_host_find_switch (host, "s4")->type, ==, HVP_SWITCH_TYPE_EXTERNAL);
  g_assert_cmpint (hvp_host_find_disk (host, "C:\\a.avhdx")->type, ==, HVP_DISK_TYPE_DIFFERENCING);
  g_assert_cmpint (hvp_host_find_disk (host, "C:\\a.avhdx")->format, ==, HVP_DISK_FORMAT_VHDX);
  g_assert_cmpint (hvp_host_find_disk (host, "C:\\b.vhd")->type, ==, HVP_DISK_TYPE_DIFFERENCING);
  g_assert_cmpint (hvp_host_find_disk (host, "C:\\b.vhd")->format, ==, HVP_DISK_FORMAT_VHD);
  g_assert_cmpuint (inventory->warnings->len, ==, 1);
}

/* One result is an object, several an array; both read the same, in a file and inside the
 * document; 5.1's {"value": [...], "Count": n} wrapper is a list too. */
static void
test_single_object (void)
{
  const char *vm = "{\"Name\": \"a\", \"VMId\": \"11111111-1111-1111-1111-111111111111\","
                   " \"State\": 3, \"ProcessorCount\": 2, \"DynamicMemoryEnabled\": false,"
                   " \"MemoryStartup\": 2147483648}";
  g_autofree char *array = g_strdup_printf ("[%s]", vm);
  g_autofree char *wrapped = g_strdup_printf ("{\"value\": [%s], \"Count\": 1}", vm);
  g_autoptr (HvpInventory) single = read_string_ok (vm);
  g_autoptr (HvpInventory) list = read_string_ok (array);
  g_autoptr (HvpInventory) value = read_string_ok (wrapped);
  g_autofree char *single_json = hvp_inventory_to_json (single);
  g_autofree char *list_json = hvp_inventory_to_json (list);
  g_autofree char *value_json = hvp_inventory_to_json (value);
  g_autoptr (HvpInventory) document = read_string_ok (
    "{\"Schema\": \"hvplan-powershell/1\", \"ComputerName\": \"HV02\","
    " \"Processors\": {\"Manufacturer\": \"AuthenticAMD\", \"Description\": \"AMD64 Family 23 Model 49 Stepping 0\","
    "                  \"NumberOfLogicalProcessors\": 64},"
    " \"Switches\": {\"Name\": \"LAN\", \"SwitchType\": 2, \"NetAdapterInterfaceDescriptions\": \"NIC A\"},"
    " \"VMs\": {\"Name\": \"x\", \"Id\": \"{AAAAAAAA-0000-0000-0000-000000000001}\", \"State\": 2,"
    "          \"ProcessorCount\": 1, \"Memory\": {\"DynamicMemoryEnabled\": false, \"Startup\": 1073741824},"
    "          \"HardDrives\": {\"ControllerType\": 1, \"ControllerNumber\": 0, \"ControllerLocation\": 1, \"Path\": \"E:\\\\x.vhdx\"},"
    "          \"NetworkAdapters\": {\"Name\": \"n\", \"MacAddress\": \"00155D000001\", \"SwitchName\": \"LAN\"},"
    "          \"Snapshots\": {\"Id\": \"BBBBBBBB-0000-0000-0000-000000000001\", \"Name\": \"s\"}}}");
  HvpHost *host;
  HvpVm *x;

  g_assert_cmpstr (single_json, ==, list_json);
  g_assert_cmpstr (single_json, ==, value_json);
  x = find_vm (only_host (single), "11111111-1111-1111-1111-111111111111");
  g_assert_cmpuint (x->memory.startup_bytes, ==, 2 * GIB);
  g_assert_cmpuint (x->vcpus, ==, 2);

  host = only_host (document);
  g_assert_cmpstr (host->name, ==, "HV02");
  g_assert_cmpstr (host->processor.vendor, ==, "AuthenticAMD");
  g_assert_cmpuint (host->processor.family, ==, 23);
  g_assert_cmpuint (host->processor.model, ==, 49);
  g_assert_cmpint (host->processor.stepping, ==, 0);
  /* No Get-VMHost: the processors' logical processors add up. */
  g_assert_cmpuint (host->logical_processors, ==, 64);
  g_assert_cmpstr (g_ptr_array_index (hvp_host_find_switch (host, "LAN")->physical_nics, 0), ==, "NIC A");
  x = find_vm (host, "AAAAAAAA-0000-0000-0000-000000000001");
  g_assert_cmpuint (only_drive (x->drives)->controller_location, ==, 1);
  g_assert_cmpuint (x->adapters->len, ==, 1);
  g_assert_cmpuint (x->snapshots->len, ==, 1);
  g_assert_cmpuint (document->warnings->len, ==, 0);
}

/* "\/Date(ms)\/" (5.1), with an offset, ISO 8601 with Z, an offset or no zone, 5.1's Get-Date
 * wrapper: one instant.  Something else is a warning and unknown. */
static void
test_dates (void)
{
  const char *dates[] = {
    "\"\\/Date(1507552800000)\\/\"",
    "\"/Date(1507552800000+0200)/\"",
    "\"2017-10-09T12:40:00Z\"",
    "\"2017-10-09T14:40:00.0000000+02:00\"",
    "\"2017-10-09T12:40:00\"",
    "{\"value\": \"\\/Date(1507552800000)\\/\", \"DisplayHint\": 2, \"DateTime\": \"Monday, October 9, 2017 2:40:00 PM\"}",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autofree char *text = g_strdup_printf (
        "{\"Id\": \"CCCCCCCC-0000-0000-0000-000000000001\", \"Name\": \"s\", \"VMName\": \"v\","
        " \"SnapshotType\": 0, \"CreationTime\": %s}", dates[i]);
      g_autoptr (HvpInventory) inventory = read_string_ok (text);
      HvpVm *vm = find_vm (only_host (inventory), "v");

      g_assert_cmpuint (vm->snapshots->len, ==, 1);
      g_assert_cmpint (((HvpSnapshot *) g_ptr_array_index (vm->snapshots, 0))->creation_time, ==,
                       1507552800);
    }
  {
    g_autoptr (HvpInventory) inventory = read_string_ok (
      "{\"Id\": \"CCCCCCCC-0000-0000-0000-000000000001\", \"Name\": \"s\", \"VMName\": \"v\","
      " \"SnapshotType\": 0, \"CreationTime\": \"yesterday\"}");
    HvpVm *vm = find_vm (only_host (inventory), "v");

    g_assert_cmpint (((HvpSnapshot *) g_ptr_array_index (vm->snapshots, 0))->creation_time, ==, 0);
    g_assert_cmpuint (count_warnings (inventory, "'yesterday' is not a date"), ==, 1);
  }
}

/* Below -Depth, ConvertTo-Json writes an object as its type name: a warning, never a crash. */
static void
test_depth_truncated (void)
{
  g_autoptr (HvpInventory) inventory = read_string_ok (
    "[{\"Name\": \"a\", \"Id\": \"11111111-1111-1111-1111-111111111111\", \"State\": 2,"
    "  \"ProcessorCount\": 2, \"MemoryStartup\": 1073741824,"
    "  \"HardDrives\": [\"Microsoft.HyperV.PowerShell.HardDiskDrive\","
    "                   {\"Path\": \"C:\\\\a.vhdx\", \"ControllerType\": 0, \"ControllerNumber\": 0, \"ControllerLocation\": 1}],"
    "  \"NetworkAdapters\": \"System.Collections.Generic.List`1[Microsoft.HyperV.PowerShell.VMNetworkAdapter]\"},"
    " \"Microsoft.HyperV.PowerShell.VirtualMachine\"]");
  g_autoptr (HvpInventory) document = read_string_ok (
    "{\"Schema\": \"hvplan-powershell/1\", \"ComputerName\": \"HV03\","
    " \"VMHost\": \"Microsoft.HyperV.PowerShell.VMHost\","
    " \"VMs\": [{\"Name\": \"b\", \"State\": \"Off\", \"ProcessorCount\": 1,"
    "           \"Memory\": \"Microsoft.HyperV.PowerShell.VMMemory\", \"MemoryStartup\": 536870912}]}");
  HvpVm *vm = find_vm (only_host (inventory), "a");

  g_assert_cmpuint (only_drive (vm->drives)->controller_location, ==, 1);
  g_assert_cmpuint (vm->adapters->len, ==, 0);
  g_assert_cmpuint (count_warnings (inventory, "ConvertTo-Json cut it at -Depth"), ==, 3);
  g_assert_cmpuint (inventory->warnings->len, ==, 3);

  vm = find_vm (only_host (document), "b");
  /* Memory was cut: Get-VM's own MemoryStartup is used. */
  g_assert_cmpuint (vm->memory.startup_bytes, ==, 512 * MIB);
  g_assert_cmpuint (count_warnings (document, "'Microsoft.HyperV.PowerShell.VMMemory' instead of its properties"), ==, 1);
  g_assert_cmpuint (count_warnings (document, "'Microsoft.HyperV.PowerShell.VMHost' instead of its properties"), ==, 1);
}

/* Get-VM | ConvertTo-Json > file in 5.1: UTF-16LE, integers for enums, the default depth. */
static void
test_get_vm_file (void)
{
  g_autofree char *path = synthetic_path ("get-vm-depth2-utf16le.json");
  gsize length;
  g_autofree char *text = read_file (path, &length);
  g_autoptr (HvpInventory) inventory = NULL;
  HvpHost *host;
  HvpVm *vm;
  HvpAdapter *adapter;

  g_assert_cmpuint ((guchar) text[0], ==, 0xFF);
  g_assert_cmpuint ((guchar) text[1], ==, 0xFE);
  /* The probe sees only 4 KiB: 2048 characters of Get-VM's leading properties. */
  g_assert_cmpuint (hvp_powershell_sniff (text, MIN (length, 4096)), ==, 60);
  inventory = read_ok ("vms.json", text, length);
  host = only_host (inventory);
  g_assert_cmpstr (host->name, ==, "HV02");
  g_assert_cmpuint (host->vms->len, ==, 2);
  vm = find_vm (host, "5F3B7D2A-1C4E-4A6B-8D9F-0A1B2C3D4E5F");
  g_assert_cmpstr (vm->name, ==, "FILE01");
  g_assert_cmpint (vm->state, ==, HVP_VM_STATE_RUNNING);
  g_assert_cmpuint (vm->vcpus, ==, 2);
  g_assert_false (vm->memory.dynamic);
  g_assert_cmpuint (vm->memory.startup_bytes, ==, 2 * GIB);
  g_assert_cmpuint (vm->memory.minimum_bytes, ==, 0);
  g_assert_cmpuint (vm->drives->len, ==, 2);
  g_assert_cmpuint (((HvpDrive *) g_ptr_array_index (vm->drives, 1))->controller_location, ==, 1);
  adapter = g_ptr_array_index (vm->adapters, 0);
  g_assert_cmpstr (adapter->mac, ==, "00-15-5D-0A-1B-01");
  g_assert_true (adapter->connected);
  vm = find_vm (host, "TEST02");
  g_assert_cmpint (vm->state, ==, HVP_VM_STATE_OFF);
  g_assert_cmpuint (vm->generation, ==, 2);
  g_assert_true (vm->memory.dynamic);
  g_assert_cmpuint (vm->memory.maximum_bytes, ==, 2 * GIB);
  g_assert_cmpint (only_drive (vm->drives)->controller_type, ==, HVP_CONTROLLER_TYPE_SCSI);
  g_assert_false (((HvpAdapter *) g_ptr_array_index (vm->adapters, 0))->connected);
  g_assert_cmpuint (host->disks->len, ==, 3);
  g_assert_cmpuint (inventory->warnings->len, ==, 0);
}

/* Get-VM and Get-VMHardDiskDrive saved to two files merge into one VM. */
static void
test_two_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hvp-powershell-XXXXXX", NULL);
  g_autofree char *vms = g_build_filename (dir, "vms.json", NULL);
  g_autofree char *drives = g_build_filename (dir, "drives.json", NULL);
  const char *vm_text = "{\"ComputerName\": \"HV9\", \"Name\": \"a\", \"VMId\": \"11111111-1111-1111-1111-111111111111\","
                        " \"State\": 3, \"ProcessorCount\": 4, \"MemoryStartup\": 4294967296}";
  const char *drive_text = "[{\"ComputerName\": \"HV9\", \"VMName\": \"a\", \"VMId\": \"11111111-1111-1111-1111-111111111111\","
                           " \"Path\": \"D:\\\\a.vhdx\", \"ControllerType\": 1, \"ControllerNumber\": 0, \"ControllerLocation\": 0}]";
  const char *sources[] = { vms, drives, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (HvpInventory) inventory = NULL;
  HvpVm *vm;

  g_assert_nonnull (dir);
  g_assert_true (g_file_set_contents (vms, vm_text, -1, NULL));
  g_assert_true (g_file_set_contents (drives, drive_text, -1, NULL));
  g_assert_cmpuint (hvp_collector_powershell.probe (vms), ==, 60);
  inventory = hvp_collect (sources, NULL, &error);
  g_assert_no_error (error);
  vm = find_vm (only_host (inventory), "a");
  g_assert_cmpuint (vm->vcpus, ==, 4);
  g_assert_cmpuint (vm->memory.startup_bytes, ==, 4 * GIB);
  g_assert_cmpstr (only_drive (vm->drives)->disk_path, ==, "D:\\a.vhdx");
  g_assert_cmpuint (only_host (inventory)->vms->len, ==, 1);
  g_unlink (vms);
  g_unlink (drives);
  g_rmdir (dir);
}

static void
test_probe (void)
{
  const char *inventory = "{\"schema\": \"hvplan-inventory/1\", \"hosts\": [{\"name\": \"x\", \"VMId\": 1}]}";
  const char *other = "{\"a\": 1}";
  const char *xml = "<?xml version=\"1.0\"?><configuration/>";
  const char *bare = " \r\n[ {\"SwitchType\":  2} ]";
  const char *document = "{\"Schema\": \"hvplan-powershell/1\"}";

  g_assert_cmpuint (hvp_powershell_sniff (inventory, strlen (inventory)), ==, 0);
  g_assert_cmpuint (hvp_powershell_sniff (other, strlen (other)), ==, 0);
  g_assert_cmpuint (hvp_powershell_sniff (xml, strlen (xml)), ==, 0);
  g_assert_cmpuint (hvp_powershell_sniff ("", 0), ==, 0);
  g_assert_cmpuint (hvp_powershell_sniff (bare, strlen (bare)), ==, 60);
  g_assert_cmpuint (hvp_powershell_sniff (document, strlen (document)), ==, 100);
  /* A document of another version is claimed, to be refused with a clear message. */
  g_assert_cmpuint (hvp_powershell_sniff ("{\"Schema\": \"hvplan-powershell/2\"}", 33), ==, 100);
}

/* -------------------------------------------------------------------------------- bad input */

static void
test_bad_not_json (void)
{
  const char *syntax[] = { "not valid JSON at byte 46", "line 2, column 13", NULL };
  const char *text[] = { "not valid JSON at byte 0", "line 1, column 1", NULL };
  const char *empty[] = { "ends early", NULL };
  const char *scalar[] = { "expected a JSON object or list, found a number", NULL };

  assert_refused_string ("{\"Schema\": \"hvplan-powershell/1\",\n  \"VMs\": [1,, 2]}", HVP_ERROR_DATA, syntax);
  assert_refused_string ("Name : DC01\r\nState : Running\r\n", HVP_ERROR_DATA, text);
  assert_refused_string ("", HVP_ERROR_DATA, empty);
  assert_refused_string ("  \r\n", HVP_ERROR_DATA, empty);
  assert_refused_string ("42", HVP_ERROR_DATA, scalar);
}

/* A value of the wrong type names its key path. */
static void
test_bad_types (void)
{
  const char *count[] = { "VMs[1].ProcessorCount", "expected a whole number, found the string 'four'", NULL };
  const char *negative[] = { "VMs[0].Memory.Startup", "-5 is not a whole number", NULL };
  const char *fraction[] = { "Vhds[0].Size", "1.5 is not a whole number", NULL };
  const char *huge[] = { "Volumes[0].FreeSpace", "is not a whole number from 0 to 2^53 - 1", NULL };
  const char *boolean[] = { "VMs[0].NetworkAdapters[0].Connected", "expected true or false, found a number", NULL };
  const char *list[] = { "Switches", "expected a list, found a number", NULL };
  const char *element[] = { "VMs[0].HardDrives[1]", "expected an object, found a number", NULL };
  const char *string[] = { "ComputerName", "expected a string, found an object", NULL };
  const char *schema[] = { "Schema", "expected the string 'hvplan-powershell/1', found a number", NULL };
  const char *state[] = { "[0].State", "expected a number or a name, found a boolean", NULL };
  const char *count_size[] = { "VMs[0].ProcessorCount", "4294967296 is larger than 4294967295", NULL };

  assert_refused_string ("{\"Schema\": \"hvplan-powershell/1\", \"VMs\": [{\"Name\": \"a\"},"
                         " {\"Name\": \"b\", \"ProcessorCount\": \"four\"}]}", HVP_ERROR_DATA, count);
  assert_refused_string ("{\"Schema\": \"hvplan-powershell/1\", \"VMs\": [{\"Name\": \"a\","
                         " \"Memory\": {\"Startup\": -5}}]}", HVP_ERROR_DATA, negative);
  assert_refused_string ("{\"Schema\": \"hvplan-powershell/1\", \"Vhds\": [{\"Path\": \"a.vhd\", \"Size\": 1.5}]}",
                         HVP_ERROR_DATA, fraction);
  assert_refused_string ("{\"Schema\": \"hvplan-powershell/1\", \"Volumes\": [{\"Path\": \"C:\\\\\","
                         " \"FreeSpace\": 9007199254740993}]}", HVP_ERROR_DATA, huge);
  assert_refused_string ("{\"Schema\": \"hvplan-powershell/1\", \"VMs\": [{\"Name\": \"a\","
                         " \"NetworkAdapters\": [{\"Connected\": 3}]}]}", HVP_ERROR_DATA, boolean);
  assert_refused_string ("{\"Schema\": \"hvplan-powershell/1\", \"Switches\": 3}", HVP_ERROR_DATA, list);
  assert_refused_string ("{\"Schema\": \"hvplan-powershell/1\", \"VMs\": [{\"Name\": \"a\","
                         " \"HardDrives\": [null, 7]}]}", HVP_ERROR_DATA, element);
  assert_refused_string ("{\"Schema\": \"hvplan-powershell/1\", \"ComputerName\": {}}", HVP_ERROR_DATA, string);
  assert_refused_string ("{\"Schema\": 1}", HVP_ERROR_DATA, schema);
  assert_refused_string ("[{\"Name\": \"a\", \"Id\": \"x\", \"State\": true}]", HVP_ERROR_DATA, state);
  assert_refused_string ("{\"Schema\": \"hvplan-powershell/1\", \"VMs\": [{\"Name\": \"a\","
                         " \"ProcessorCount\": 4294967296}]}", HVP_ERROR_DATA, count_size);
}

/* A VM's per-VM disk and network series (issue 17): read into the optional series; a malformed
 * disk sample is refused with its index and key path, a negative IOPS or a series of another
 * length by the model's rule; an all-gap series is "not sampled". */
#define UTILIZATION_HEAD "{\"Schema\": \"hvplan-powershell/1\", \"VMs\": [{\"Name\": \"a\", " \
  "\"Utilization\": {\"StartTime\": \"2027-01-01T00:05:00Z\", \"IntervalSeconds\": 300, " \
  "\"ProcessorPercent\": \"10,20,30\", \"MemoryDemandMiB\": \"512,512,512\", "

static void
test_utilization_io (void)
{
  const char *text_bad[] = { "VMs[0].Utilization.DiskBytesPerSecond",
                             "sample 2 (at byte 4) is not a finite decimal number", NULL };
  const char *negative[] = { "VMs[0].Utilization", "disk_iops sample 1 is negative", NULL };
  const char *length[] = { "VMs[0].Utilization",
                           "network_bytes_per_second has 2 samples, processor_percent 3", NULL };
  g_autoptr (HvpInventory) inventory = read_string_ok (
    UTILIZATION_HEAD "\"DiskBytesPerSecond\": \"1048576,,2e6\", \"DiskIops\": \"100,200,300\", "
    "\"NetworkBytesPerSecond\": \",,\"}}]}");
  const HvpHost *host = g_ptr_array_index (inventory->hosts, 0);
  const HvpUtilization *u = ((const HvpVm *) g_ptr_array_index (host->vms, 0))->utilization;

  g_assert_cmpuint (u->disk_bytes_per_second->len, ==, 3);
  g_assert_cmpfloat (g_array_index (u->disk_bytes_per_second, gfloat, 0), ==, 1048576);
  g_assert_true (isnan (g_array_index (u->disk_bytes_per_second, gfloat, 1)));
  g_assert_cmpfloat (g_array_index (u->disk_iops, gfloat, 2), ==, 300);
  g_assert_cmpuint (u->network_bytes_per_second->len, ==, 0);
  assert_refused_string (UTILIZATION_HEAD "\"DiskBytesPerSecond\": \"1,2,3MB\"}}]}",
                         HVP_ERROR_DATA, text_bad);
  assert_refused_string (UTILIZATION_HEAD "\"DiskIops\": \"1,-2,3\"}}]}", HVP_ERROR_DATA, negative);
  assert_refused_string (UTILIZATION_HEAD "\"NetworkBytesPerSecond\": \"1,2\"}}]}", HVP_ERROR_DATA,
                         length);
}

static void
test_bad_truncated (void)
{
  g_autofree char *path = synthetic_path ("hv01.json");
  gsize length;
  g_autofree char *text = read_file (path, &length);
  g_autofree char *utf16 = NULL;
  gsize utf16_length;
  const char *early[] = { "JSON ends early", "truncated", NULL };
  const char *odd[] = { "UTF-16LE text ends in the middle of a character", "truncated", NULL };

  for (gsize cut = 1; cut < length; cut += length / 7)
    assert_refused (text, cut, HVP_ERROR_DATA, early);
  utf16 = to_utf16le (text, length, TRUE, &utf16_length);
  assert_refused (utf16, utf16_length / 2 + 1 - (utf16_length / 2) % 2, HVP_ERROR_DATA, odd);
  assert_refused (utf16, utf16_length / 2 - (utf16_length / 2) % 2, HVP_ERROR_DATA, early);
}

/* 100 MB of '[': refused at cJSON's nesting limit, quickly and without the memory a tree of that
 * depth would take. */
static void
test_bad_deep_nesting (void)
{
  /* 100 MB, the case collectors/powershell/README.md quotes, in the expensive run (112 MiB and
   * 0.4 s of CPU, more under ASan); otherwise 1 MB, a thousand times the limit. */
  gsize length = (hvp_test_expensive () ? 100 : 1) * 1000 * 1000;
  g_autofree char *text = g_malloc (length);
  const char *fragments[] = { "nests deeper than 1000 levels", NULL };
  gint64 start = g_get_monotonic_time ();

  memset (text, '[', length);
  assert_refused (text, length, HVP_ERROR_DATA, fragments);
  g_test_message ("%zu MB of '[' refused in %.2f s", length / 1000000,
                  (g_get_monotonic_time () - start) / 1e6);
}

static void
test_bad_other (void)
{
  const char *version[] = { "schema 'hvplan-powershell/2' is not supported", "hvplan-powershell/1", NULL };
  const char *other_schema[] = { "schema 'something/1' is not supported", NULL };
  const char *nothing[] = { "no Hyper-V object found", "Get-VM", NULL };
  const char *utf8[] = { "not UTF-8 text at byte 10", NULL };
  const char *nul[] = { "not UTF-8 text at byte 2 (a NUL byte)", NULL };
  const char *utf16[] = { "not valid UTF-16LE text at byte", NULL };

  assert_refused_string ("{\"Schema\": \"hvplan-powershell/2\"}", HVP_ERROR_UNSUPPORTED, version);
  assert_refused_string ("{\"Schema\": \"something/1\"}", HVP_ERROR_DATA, other_schema);
  assert_refused_string ("[{\"Foo\": 1}, 2]", HVP_ERROR_DATA, nothing);
  assert_refused_string ("[]", HVP_ERROR_DATA, nothing);
  assert_refused_string ("{\"Name\": \"\xE9t\xE9\"}", HVP_ERROR_DATA, utf8);
  assert_refused ("[ \0]", 4, HVP_ERROR_DATA, nul);
  /* A lone low surrogate. */
  assert_refused ("\xFF\xFE[\0\x00\xDC]\0", 8, HVP_ERROR_DATA, utf16);
}

HVP_TEST_SUITE (powershell)
{
  g_test_add_func ("/collectors/powershell/sample/vagrant-scsi-controller", test_sample_vagrant_controller);
  g_test_add_func ("/collectors/powershell/sample/terraform-switch", test_sample_terraform_switch);
  g_test_add_func ("/collectors/powershell/sample/open-ebackup-vm", test_sample_open_ebackup_vm);
  g_test_add_func ("/collectors/powershell/sample/open-ebackup-vhd", test_sample_open_ebackup_vhd);
  g_test_add_func ("/collectors/powershell/sample/open-ebackup-scvmm", test_sample_open_ebackup_scvmm);
  g_test_add_func ("/collectors/powershell/document", test_document);
  g_test_add_func ("/collectors/powershell/document/encodings", test_document_encodings);
  g_test_add_func ("/collectors/powershell/cmdlet/enums", test_enums);
  g_test_add_func ("/collectors/powershell/cmdlet/single-object", test_single_object);
  g_test_add_func ("/collectors/powershell/cmdlet/dates", test_dates);
  g_test_add_func ("/collectors/powershell/cmdlet/depth-truncated", test_depth_truncated);
  g_test_add_func ("/collectors/powershell/cmdlet/get-vm-file", test_get_vm_file);
  g_test_add_func ("/collectors/powershell/cmdlet/two-files", test_two_files);
  g_test_add_func ("/collectors/powershell/probe", test_probe);
  g_test_add_func ("/collectors/powershell/bad/not-json", test_bad_not_json);
  g_test_add_func ("/collectors/powershell/bad/types", test_bad_types);
  g_test_add_func ("/collectors/powershell/bad/truncated", test_bad_truncated);
  g_test_add_func ("/collectors/powershell/utilization/io", test_utilization_io);
  g_test_add_func ("/collectors/powershell/bad/deep-nesting", test_bad_deep_nesting);
  g_test_add_func ("/collectors/powershell/bad/other", test_bad_other);
}
