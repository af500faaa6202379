/* Tests of collectors/hyperv-xml: real Windows Server 2012 R2 VM configurations, a data root built
 * in a temporary folder, and broken input. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "unit.h"
#include "collectors/hyperv-xml/hyperv-xml.h"

#define SAMPLE_VM_ID "0AA394FA-7C4A-4070-BA32-773D43B28A68"
#define SAMPLE_SWITCH_ID "438B7B13-6180-4155-B7BF-08709CCF234D"
#define SAMPLE_DISK "C:\\dev\\vagrant\\Win2k12R2\\.vagrant\\machines\\default\\hyperv\\disk.vhd"
#define SNAPSHOT_ID "9D2E6C41-3B7A-4F0E-8E55-6A1B2C3D4E5F"
#define SNAPSHOT_PARENT_ID "1C7F0B8E-2D4A-4B6C-9E8F-0A1B2C3D4E5F"

static char *
data_path (const char *name)
{
  const char *data = g_getenv ("HVP_DATA");

  g_assert_nonnull (data);
  return g_build_filename (data, "hyperv-xml", name, NULL);
}

static char *
read_data (const char *name, gsize *ret_length)
{
  g_autofree char *path = data_path (name);
  g_autoptr (GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, ret_length, &error));
  g_assert_no_error (error);
  return text;
}

/* The mwrock sample (UTF-8 bytes), the source every derived input is made from. */
static char *
sample_text (void)
{
  gsize length;

  return read_data ("mwrock-packer-templates_2012R2_vm.XML", &length);
}

/* @text with every @from replaced by @to; @from must occur. */
static char *
replace (const char *text, const char *from, const char *to)
{
  g_auto (GStrv) parts = g_strsplit (text, from, -1);

  g_assert_cmpuint (g_strv_length (parts), >, 1);
  return g_strjoinv (to, parts);
}

/* UTF-16LE with a BOM, as Hyper-V writes. */
static char *
to_utf16le (const char *text, gsize *ret_length)
{
  g_autoptr (GError) error = NULL;
  gsize length = 0;
  g_autofree char *utf16 = g_convert (text, -1, "UTF-16LE", "UTF-8", NULL, &length, &error);
  char *bytes;

  g_assert_no_error (error);
  bytes = g_malloc (length + 2);
  bytes[0] = (char) 0xFF;
  bytes[1] = (char) 0xFE;
  memcpy (bytes + 2, utf16, length);
  *ret_length = length + 2;
  return bytes;
}

static void
assert_sample_vm (const HvpVm *vm, const HvpHost *host, const char *name, guint vcpus)
{
  const HvpDrive *drive;
  const HvpAdapter *adapter;
  const HvpSwitch *vswitch;

  g_assert_cmpstr (vm->name, ==, name);
  g_assert_cmpstr (vm->id, ==, SAMPLE_VM_ID);
  g_assert_cmpuint (vm->vcpus, ==, vcpus);
  g_assert_false (vm->memory.dynamic);
  g_assert_cmpuint (vm->memory.startup_bytes, ==, G_GUINT64_CONSTANT (1073741824));
  g_assert_cmpuint (vm->memory.minimum_bytes, ==, 0);
  g_assert_cmpuint (vm->memory.maximum_bytes, ==, 0);
  g_assert_cmpuint (vm->generation, ==, 1);
  g_assert_cmpstr (vm->configuration_version, ==, "5.0");
  g_assert_false (vm->processor_compatibility);
  g_assert_cmpint (vm->state, ==, HVP_VM_STATE_UNKNOWN);
  g_assert_false (vm->saved_state);

  g_assert_cmpuint (vm->drives->len, ==, 1);
  drive = g_ptr_array_index (vm->drives, 0);
  g_assert_cmpint (drive->controller_type, ==, HVP_CONTROLLER_TYPE_IDE);
  g_assert_cmpuint (drive->controller_number, ==, 0);
  g_assert_cmpuint (drive->controller_location, ==, 0);
  g_assert_cmpstr (drive->disk_path, ==, SAMPLE_DISK);
  g_assert_cmpuint (host->disks->len, ==, 1);
  g_assert_nonnull (hvp_host_find_disk (host, SAMPLE_DISK));

  g_assert_cmpuint (vm->adapters->len, ==, 1);
  adapter = g_ptr_array_index (vm->adapters, 0);
  g_assert_cmpstr (adapter->name, ==, "Network Adapter");
  g_assert_cmpstr (adapter->mac, ==, "00-15-5D-01-07-DC");
  g_assert_cmpstr (adapter->switch_id, ==, SAMPLE_SWITCH_ID);
  g_assert_cmpstr (adapter->switch_name, ==, "Virtual External Switch");
  g_assert_true (adapter->connected);

  g_assert_cmpuint (host->switches->len, ==, 1);
  vswitch = g_ptr_array_index (host->switches, 0);
  g_assert_cmpstr (vswitch->id, ==, SAMPLE_SWITCH_ID);
  g_assert_cmpstr (vswitch->name, ==, "Virtual External Switch");
  g_assert_cmpint (vswitch->type, ==, HVP_SWITCH_TYPE_UNKNOWN);
}

/* The mwrock copy: re-saved as UTF-8 but still declaring UTF-16, 1 vCPU. */
static void
test_sample_mwrock (void)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  HvpHost *host = hvp_inventory_ensure_host (inventory, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *file = data_path ("mwrock-packer-templates_2012R2_vm.XML");
  g_autofree char *text = NULL;
  gsize length;
  HvpVm *vm = NULL;

  g_assert_true (g_file_get_contents (file, &text, &length, NULL));
  g_assert_true (hvp_hyperv_xml_read_vm (file, text, length, inventory, host, &vm, &error));
  g_assert_no_error (error);
  g_assert_nonnull (vm);
  g_assert_cmpuint (host->vms->len, ==, 1);
  g_assert_true (g_ptr_array_index (host->vms, 0) == vm);
  g_assert_cmpstr (vm->config_path, ==, file);
  assert_sample_vm (vm, host, "2012R2", 1);
  g_assert_cmpuint (inventory->warnings->len, ==, 0);
  g_assert_true (hvp_hyperv_xml_sniff (text, length));
}

/* The shizzlator original: UTF-16LE with BOM and CRLF, 4 vCPUs.  Read from the shared samples (no
 * licence file in its repository, so it is not copied into t/data). */
static void
test_sample_shizzlator_utf16 (void)
{
  const char *samples = g_getenv ("HVP_SAMPLES");
  g_autofree char *file = NULL;
  g_autofree char *text = NULL;
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  HvpHost *host = hvp_inventory_ensure_host (inventory, NULL);
  g_autoptr (GError) error = NULL;
  gsize length;
  HvpVm *vm = NULL;

  if (samples != NULL)
    file = g_build_filename (samples, "hyperv-xml", "shizzlator-packer-windows_2012R2_vm_utf16le.XML",
                             NULL);
  if (file == NULL || !g_file_test (file, G_FILE_TEST_IS_REGULAR))
    {
      g_test_skip ("HVP_SAMPLES/hyperv-xml is absent");
      return;
    }
  g_assert_true (g_file_get_contents (file, &text, &length, NULL));
  g_assert_cmpuint ((guchar) text[0], ==, 0xFF);
  g_assert_cmpuint ((guchar) text[1], ==, 0xFE);
  g_assert_true (hvp_hyperv_xml_read_vm (file, text, length, inventory, host, &vm, &error));
  g_assert_no_error (error);
  assert_sample_vm (vm, host, "vagrant-2012-r2", 4);
  g_assert_cmpuint (inventory->warnings->len, ==, 0);
  g_assert_true (hvp_hyperv_xml_sniff (text, length));
}

/* Synthetic, UTF-16LE: Gen 2, dynamic memory, processor compatibility, two SCSI disks. */
static void
test_dynamic_scsi_gen2 (void)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  HvpHost *host = hvp_inventory_ensure_host (inventory, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  gsize length;
  HvpVm *vm = NULL;
  const HvpDrive *drive;

  text = read_data ("synthetic/dynamic-scsi-gen2-utf16le.xml", &length);
  g_assert_true (hvp_hyperv_xml_read_vm ("dyn.xml", text, length, inventory, host, &vm, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (vm->name, ==, "dyn-scsi-gen2");
  g_assert_cmpstr (vm->id, ==, "5B0C1E2A-7D3F-4A10-9C21-0123456789AB");
  g_assert_cmpuint (vm->generation, ==, 2);
  g_assert_cmpuint (vm->vcpus, ==, 2);
  g_assert_true (vm->processor_compatibility);
  g_assert_true (vm->memory.dynamic);
  g_assert_cmpuint (vm->memory.startup_bytes, ==, 2048 * HVP_MIB);
  g_assert_cmpuint (vm->memory.minimum_bytes, ==, 512 * HVP_MIB);
  g_assert_cmpuint (vm->memory.maximum_bytes, ==, 4096 * HVP_MIB);
  g_assert_cmpuint (vm->drives->len, ==, 2);
  drive = g_ptr_array_index (vm->drives, 0);
  g_assert_cmpint (drive->controller_type, ==, HVP_CONTROLLER_TYPE_SCSI);
  g_assert_cmpuint (drive->controller_number, ==, 0);
  g_assert_cmpuint (drive->controller_location, ==, 0);
  g_assert_cmpstr (drive->disk_path, ==, "D:\\Hyper-V\\Virtual Hard Disks\\dyn-scsi-gen2.vhdx");
  drive = g_ptr_array_index (vm->drives, 1);
  g_assert_cmpuint (drive->controller_location, ==, 1);
  g_assert_cmpstr (drive->disk_path, ==, "D:\\Hyper-V\\Virtual Hard Disks\\data.vhdx");
  g_assert_cmpuint (host->disks->len, ==, 2);
  g_assert_cmpuint (inventory->warnings->len, ==, 0);
}

/* Synthetic snapshot file: id from the file name, parent and owner inferred. */
static void
test_snapshot_file (void)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  HvpHost *host = hvp_inventory_ensure_host (inventory, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (HvpSnapshot) snapshot = NULL;
  g_autofree char *vm_id = NULL;
  g_autofree char *text = NULL;
  gsize length;
  const HvpDrive *drive;

  text = read_data ("synthetic/" SNAPSHOT_ID ".xml", &length);
  g_assert_true (hvp_hyperv_xml_read_snapshot ("Snapshots/" SNAPSHOT_ID ".xml", text, length,
                                               inventory, host, &snapshot, &vm_id, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (snapshot->id, ==, SNAPSHOT_ID);
  g_assert_cmpstr (snapshot->name, ==, "before patch");
  g_assert_cmpstr (snapshot->parent_id, ==, SNAPSHOT_PARENT_ID);
  g_assert_cmpstr (vm_id, ==, SAMPLE_VM_ID);
  g_assert_cmpint (snapshot->creation_time, ==, 1415511280); /* 2014-11-09 05:34:40 UTC */
  g_assert_cmpuint (snapshot->vcpus, ==, 2);
  g_assert_cmpuint (snapshot->memory.startup_bytes, ==, 1024 * HVP_MIB);
  g_assert_cmpuint (snapshot->drives->len, ==, 1);
  drive = g_ptr_array_index (snapshot->drives, 0);
  g_assert_true (g_str_has_suffix (drive->disk_path, "disk_" SNAPSHOT_ID ".avhd"));
  g_assert_cmpuint (host->disks->len, ==, 1);
  g_assert_cmpuint (host->vms->len, ==, 0);
}

/* ---------------------------------------------------------------------------------------------- */

static void
write_file (const char *dir, const char *name, const char *contents, gsize length)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, (gssize) length, &error));
  g_assert_no_error (error);
}

/* A sample-derived VM with another id, name and vCPU count, UTF-16LE. */
static char *
derived_vm (const char *id, const char *name, const char *vcpus, gsize *ret_length)
{
  g_autofree char *text = sample_text ();
  g_autofree char *a = replace (text, SAMPLE_VM_ID, id);
  g_autofree char *b = replace (a, "<name type=\"string\">2012R2</name>", name);
  g_autofree char *c = replace (b, "<count type=\"integer\">1</count>", vcpus);

  return to_utf16le (c, ret_length);
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = NULL;
  const char *entry;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_remove (path);
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, entry, NULL);

      remove_tree (child);
    }
  g_rmdir (path);
}

static gboolean
has_warning (const HvpInventory *inventory, const char *text)
{
  for (guint i = 0; i < inventory->warnings->len; i++)
    {
      const HvpWarning *warning = g_ptr_array_index (inventory->warnings, i);

      if (strstr (warning->message, text) != NULL)
        return TRUE;
    }
  return FALSE;
}

static guint
count_warnings (const HvpInventory *inventory, const char *text)
{
  guint count = 0;

  for (guint i = 0; i < inventory->warnings->len; i++)
    {
      const HvpWarning *warning = g_ptr_array_index (inventory->warnings, i);

      if (strstr (warning->message, text) != NULL)
        count++;
    }
  return count;
}

#define VM_A "AAAAAAAA-0000-4000-8000-000000000001"
#define VM_B "BBBBBBBB-0000-4000-8000-000000000002"
#define VM_C "CCCCCCCC-0000-4000-8000-000000000003"
#define CHILD_SNAPSHOT_ID "DDDDDDDD-0000-4000-8000-000000000004"

static char *
build_data_root (void)
{
  g_autoptr (GError) error = NULL;
  char *root = g_dir_make_tmp ("hvp-hyperv-xml-XXXXXX", &error);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *snapshot = NULL;
  g_autofree char *sample = sample_text ();
  g_autofree char *child_1 = NULL;
  g_autofree char *child_2 = NULL;
  g_autofree char *child_3 = NULL;
  g_autofree char *child_utf16 = NULL;
  g_autofree char *parent = NULL;
  gsize length;
  char state[300];

  g_assert_no_error (error);
  a = derived_vm (VM_A, "<name type=\"string\">alpha</name>", "<count type=\"integer\">2</count>",
                  &length);
  write_file (root, "Virtual Machines/" VM_A ".xml", a, length);
  {
    /* charlie records one snapshot, which is missing. */
    g_autofree char *counted = replace (sample, "<size type=\"integer\">0</size>",
                                        "<size type=\"integer\">1</size>");
    g_autofree char *renamed = replace (counted, SAMPLE_VM_ID, VM_C);
    g_autofree char *named = replace (renamed, "<name type=\"string\">2012R2</name>",
                                      "<name type=\"string\">charlie</name>");

    write_file (root, "Virtual Machines/" VM_C ".XML", named, strlen (named));
  }
  b = derived_vm (VM_B, "<name type=\"string\">bravo</name>", "<count type=\"integer\">8</count>",
                  &length);
  write_file (root, "Virtual Machines/" VM_B ".xml", b, length);
  /* Saved state of bravo: 100 + 200 bytes; a file of another kind is not counted. */
  memset (state, 'x', sizeof state);
  write_file (root, "Virtual Machines/" VM_B "/" VM_B ".vsv", state, 100);
  write_file (root, "Virtual Machines/" VM_B "/" VM_B ".bin", state, 200);
  write_file (root, "Virtual Machines/" VM_B "/notes.txt", state, 7);
  /* alpha's folder exists but holds no saved state. */
  write_file (root, "Virtual Machines/" VM_A "/readme.txt", state, 3);
  /* A .vmcx that is no Hyper-V storage file is reported as not read. */
  write_file (root, "Virtual Machines/EEEEEEEE-0000-4000-8000-000000000005.vmcx", state, 16);
  write_file (root, "Virtual Hard Disks/placeholder.txt", state, 1);

  /* Two snapshots of alpha: the committed fixture, re-owned, is the child of a root snapshot. */
  snapshot = read_data ("synthetic/" SNAPSHOT_ID ".xml", &length);
  {
    g_autoptr (GError) convert_error = NULL;
    g_autofree char *utf8 = g_convert (snapshot + 2, (gssize) length - 2, "UTF-8", "UTF-16LE", NULL,
                                       NULL, &convert_error);
    g_autofree char *owned = NULL;
    g_autofree char *reparented = NULL;
    g_autofree char *utf16 = NULL;

    g_assert_no_error (convert_error);
    owned = replace (utf8, "<logical_id type=\"string\">" SAMPLE_VM_ID,
                     "<logical_id type=\"string\">" VM_A);
    reparented = replace (owned, SNAPSHOT_PARENT_ID, CHILD_SNAPSHOT_ID);
    utf16 = to_utf16le (reparented, &length);
    write_file (root, "Snapshots/" SNAPSHOT_ID ".xml", utf16, length);
  }
  write_file (root, "Snapshots/" SNAPSHOT_ID "/" SNAPSHOT_ID ".bin", state, 50);
  child_1 = replace (sample, "<global_id type=\"string\">" SAMPLE_VM_ID,
                     "<global_id type=\"string\">" CHILD_SNAPSHOT_ID);
  child_2 = replace (child_1, "<logical_id type=\"string\">" SAMPLE_VM_ID,
                     "<logical_id type=\"string\">" VM_A);
  child_3 = replace (child_2, "<name type=\"string\">2012R2</name>",
                     "<name type=\"string\">fresh install</name>");
  parent = replace (child_3, "<count type=\"integer\">1</count>",
                    "<count type=\"integer\">16</count>");
  child_utf16 = to_utf16le (parent, &length);
  write_file (root, "Snapshots/" CHILD_SNAPSHOT_ID ".xml", child_utf16, length);
  return root;
}

static void
test_data_root (void)
{
  g_autofree char *root = build_data_root ();
  g_autofree char *vms_dir = g_build_filename (root, "Virtual Machines", NULL);
  g_autofree char *file = g_build_filename (vms_dir, VM_A ".xml", NULL);
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autoptr (HvpCollectOptions) options = hvp_collect_options_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *expected_source = g_strdup_printf ("hyperv-xml:%s", root);
  HvpHost *host;
  HvpVm *alpha;
  HvpVm *bravo;
  HvpVm *charlie;
  HvpSnapshot *snapshot;
  HvpSnapshot *child;

  g_assert_cmpuint (hvp_collector_hyperv_xml.probe (root), ==, 90);
  g_assert_cmpuint (hvp_collector_hyperv_xml.probe (vms_dir), ==, 90);
  g_assert_cmpuint (hvp_collector_hyperv_xml.probe (file), ==, 80);

  g_assert_true (hvp_collector_hyperv_xml.collect (root, options, inventory, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < inventory->warnings->len; i++)
    {
      const HvpWarning *warning = g_ptr_array_index (inventory->warnings, i);

      g_test_message ("warning: %s: %s: %s", warning->file,
                      warning->position != NULL ? warning->position : "-", warning->message);
    }
  g_assert_cmpuint (inventory->hosts->len, ==, 1);
  host = g_ptr_array_index (inventory->hosts, 0);
  g_assert_null (host->name);
  g_assert_cmpuint (host->vms->len, ==, 3);
  alpha = g_ptr_array_index (host->vms, 0);
  bravo = g_ptr_array_index (host->vms, 1);
  charlie = g_ptr_array_index (host->vms, 2);
  g_assert_cmpstr (alpha->name, ==, "alpha");
  g_assert_cmpstr (alpha->id, ==, VM_A);
  g_assert_cmpuint (alpha->vcpus, ==, 2);
  g_assert_cmpstr (bravo->name, ==, "bravo");
  g_assert_cmpuint (bravo->vcpus, ==, 8);
  g_assert_cmpstr (charlie->name, ==, "charlie"); /* .XML: the extension in upper case */

  g_assert_false (alpha->saved_state);
  g_assert_cmpint (alpha->state, ==, HVP_VM_STATE_UNKNOWN);
  g_assert_true (bravo->saved_state);
  g_assert_cmpint (bravo->state, ==, HVP_VM_STATE_SAVED);
  g_assert_cmpuint (bravo->saved_state_bytes, ==, 300);
  g_assert_cmpint (charlie->state, ==, HVP_VM_STATE_UNKNOWN);
  g_assert_true (has_warning (inventory, "taken as saved"));

  /* One switch and one disk for three VMs: they share them. */
  g_assert_cmpuint (host->switches->len, ==, 1);
  /* The configurations do not record its type: the planner reports it, the collector does not. */
  g_assert_cmpint (((HvpSwitch *) g_ptr_array_index (host->switches, 0))->type, ==,
                   HVP_SWITCH_TYPE_UNKNOWN);
  g_assert_nonnull (hvp_host_find_disk (host, SAMPLE_DISK));
  g_assert_nonnull (hvp_host_find_disk (host, "C:\\dev\\vagrant\\Win2k12R2\\.vagrant\\machines\\"
                                              "default\\hyperv\\disk_" SNAPSHOT_ID ".avhd"));
  g_assert_true (has_warning (inventory, "no Hyper-V storage file signature"));

  /* Snapshots: both attached to alpha, linked child → parent. */
  g_assert_cmpuint (alpha->snapshots->len, ==, 2);
  g_assert_cmpuint (bravo->snapshots->len, ==, 0);
  snapshot = hvp_vm_find_snapshot (alpha, SNAPSHOT_ID);
  child = hvp_vm_find_snapshot (alpha, CHILD_SNAPSHOT_ID);
  g_assert_nonnull (snapshot);
  g_assert_nonnull (child);
  g_assert_cmpstr (snapshot->name, ==, "before patch");
  g_assert_cmpstr (child->name, ==, "fresh install");
  g_assert_true (snapshot->parent == child);
  g_assert_null (child->parent);
  g_assert_cmpuint (child->children->len, ==, 1);
  g_assert_true (snapshot->saved_state);
  g_assert_cmpuint (snapshot->saved_state_bytes, ==, 50);
  g_assert_false (child->saved_state);
  g_assert_cmpuint (child->vcpus, ==, 16);
  g_assert_cmpuint (hvp_vm_max_vcpus (alpha), ==, 16);
  /* The root snapshot names no parent: reported. */
  g_assert_cmpuint (count_warnings (inventory, "parent snapshot is not recorded"), ==, 1);
  g_assert_cmpuint (count_warnings (inventory, "'charlie' records 1 snapshots, 0 were found"), ==, 1);

  g_assert_cmpuint (inventory->sources->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (inventory->sources, 0), ==, expected_source);
  remove_tree (root);
}

/* One file of a data root: the VM, and only its own snapshots. */
static void
test_single_file (void)
{
  g_autofree char *root = build_data_root ();
  g_autofree char *file = g_build_filename (root, "Virtual Machines", VM_B ".xml", NULL);
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autoptr (GError) error = NULL;
  HvpHost *host;
  HvpVm *vm;

  g_assert_true (hvp_collector_hyperv_xml.collect (file, NULL, inventory, &error));
  g_assert_no_error (error);
  host = g_ptr_array_index (inventory->hosts, 0);
  g_assert_cmpuint (host->vms->len, ==, 1);
  vm = g_ptr_array_index (host->vms, 0);
  g_assert_cmpstr (vm->name, ==, "bravo");
  g_assert_cmpuint (vm->saved_state_bytes, ==, 300);
  g_assert_cmpuint (vm->snapshots->len, ==, 0); /* alpha's snapshots are not bravo's */
  remove_tree (root);
}

/* The same VM id twice in one data root: the second copy is reported, not lost silently. */
static void
test_duplicate_vm (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("hvp-hyperv-xml-XXXXXX", &error);
  g_autofree char *sample = sample_text ();
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  HvpHost *host;

  write_file (root, "Virtual Machines/a.xml", sample, strlen (sample));
  write_file (root, "Virtual Machines/b.xml", sample, strlen (sample));
  g_assert_true (hvp_collector_hyperv_xml.collect (root, NULL, inventory, &error));
  g_assert_no_error (error);
  host = g_ptr_array_index (inventory->hosts, 0);
  g_assert_cmpuint (host->vms->len, ==, 1);
  g_assert_true (has_warning (inventory, "this copy is ignored"));
  remove_tree (root);
}

/* A malformed VM file stops the collection: no VM is silently lost. */
static void
test_data_root_bad_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("hvp-hyperv-xml-XXXXXX", &error);
  g_autofree char *sample = sample_text ();
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();

  write_file (root, "Virtual Machines/a.xml", sample, strlen (sample));
  write_file (root, "Virtual Machines/b.xml", sample, strlen (sample) / 2);
  g_assert_false (hvp_collector_hyperv_xml.collect (root, NULL, inventory, &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "b.xml"));
  remove_tree (root);
}

static void
test_probe (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hvp-hyperv-xml-XXXXXX", &error);
  g_autofree char *text_file = g_build_filename (dir, "notes.xml", NULL);
  g_autofree char *domain = g_build_filename (dir, "domain.xml", NULL);
  g_autofree char *sample = data_path ("mwrock-packer-templates_2012R2_vm.XML");
  g_autofree char *utf16 = data_path ("synthetic/dynamic-scsi-gen2-utf16le.xml");
  g_autofree char *missing = g_build_filename (dir, "missing.xml", NULL);

  write_file (dir, "notes.xml", "hello", 5);
  write_file (dir, "domain.xml", "<?xml version='1.0'?>\n<domain type='kvm'/>", 42);
  g_assert_cmpuint (hvp_collector_hyperv_xml.probe (sample), ==, 80);
  g_assert_cmpuint (hvp_collector_hyperv_xml.probe (utf16), ==, 80);
  g_assert_cmpuint (hvp_collector_hyperv_xml.probe (text_file), ==, 0);
  g_assert_cmpuint (hvp_collector_hyperv_xml.probe (domain), ==, 0);
  g_assert_cmpuint (hvp_collector_hyperv_xml.probe (missing), ==, 0);
  g_assert_cmpuint (hvp_collector_hyperv_xml.probe (dir), ==, 0);
  g_assert_true (hvp_hyperv_xml_sniff ("<!-- c --><configuration>", 25));
  g_assert_false (hvp_hyperv_xml_sniff ("<configurations>", 16));
  remove_tree (dir);
}

/* ---------------------------------------------------------------------------------------------- */

/* Reads @text as a VM file; expects HVP_ERROR_DATA with every @fragments in the message and the
 * host left empty. */
static void
assert_rejected (const char *text, gsize length, const char *const *fragments)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  HvpHost *host = hvp_inventory_ensure_host (inventory, NULL);
  g_autoptr (GError) error = NULL;
  HvpVm *vm = NULL;

  g_assert_false (hvp_hyperv_xml_read_vm ("bad.xml", text, length, inventory, host, &vm, &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  g_test_message ("%s", error->message);
  g_assert_null (vm);
  g_assert_nonnull (strstr (error->message, "'bad.xml'"));
  for (gsize i = 0; fragments != NULL && fragments[i] != NULL; i++)
    g_assert_nonnull (strstr (error->message, fragments[i]));
  g_assert_cmpuint (host->vms->len, ==, 0);
  g_assert_cmpuint (host->disks->len, ==, 0);
  g_assert_cmpuint (host->switches->len, ==, 0);
}

static void
assert_rejected_replacement (const char *from, const char *to, const char *const *fragments)
{
  g_autofree char *sample = sample_text ();
  g_autofree char *text = replace (sample, from, to);
  g_autofree char *utf16 = NULL;
  gsize length;

  assert_rejected (text, strlen (text), fragments);
  utf16 = to_utf16le (text, &length);
  assert_rejected (utf16, length, fragments);
}

static void
test_bad_truncated (void)
{
  g_autofree char *sample = sample_text ();
  const char *const fragments[] = { "cannot parse", "line ", NULL };
  g_autofree char *utf16 = NULL;
  gsize length;

  assert_rejected (sample, strlen (sample) / 2, fragments);
  utf16 = to_utf16le (sample, &length);
  assert_rejected (utf16, length / 2, fragments);
  assert_rejected (utf16, 3, NULL); /* BOM and half a character */
}

static void test_bad_surrogate (void);

/* libxml2 prints parse errors by default: the collector must not. */
static void
test_bad_silent (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *sample = sample_text ();
      const char *const fragments[] = { "cannot parse", NULL };

      assert_rejected (sample, strlen (sample) / 3, fragments);
      assert_rejected ("<configuration><a></b></configuration>", 38, fragments);
      test_bad_surrogate ();
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("");
}

static void
test_bad_memory (void)
{
  const char *const not_integer[] = { "settings/memory/bank/size", "'abc' is not an integer", NULL };
  const char *const too_big[] = { "settings/memory/bank/size", "out of range", NULL };
  const char *const overflow[] = { "settings/memory/bank/size", "does not fit", NULL };
  const char *const negative[] = { "settings/memory/bank/size", "'-1024' is out of range", NULL };
  const char *const junk[] = { "settings/memory/bank/size", "'1024MB' is not an integer", NULL };
  const char *const missing[] = { "settings/memory/bank/size", "memory size is not recorded", NULL };

  assert_rejected_replacement ("<size type=\"integer\">1024</size>",
                               "<size type=\"integer\">abc</size>", not_integer);
  assert_rejected_replacement ("<size type=\"integer\">1024</size>",
                               "<size type=\"integer\">99999999999999999999</size>", too_big);
  assert_rejected_replacement ("<size type=\"integer\">1024</size>",
                               "<size type=\"integer\">18446744073709551615</size>", overflow);
  /* 2^44 MB = 2^64 bytes: the first size that overflows. */
  assert_rejected_replacement ("<size type=\"integer\">1024</size>",
                               "<size type=\"integer\">17592186044416</size>", overflow);
  assert_rejected_replacement ("<size type=\"integer\">1024</size>",
                               "<size type=\"integer\">-1024</size>", negative);
  assert_rejected_replacement ("<size type=\"integer\">1024</size>",
                               "<size type=\"integer\">1024MB</size>", junk);
  assert_rejected_replacement ("<size type=\"integer\">1024</size>", "", missing);
}

static void
test_bad_values (void)
{
  const char *const vcpus[] = { "settings/processors/count", "vCPU count is not recorded", NULL };
  const char *const boolean[] = { "dynamic_memory_enabled", "'Yes' is not a bool", NULL };
  const char *const version[] = { "properties/version", "'5.0' is not an integer", NULL };

  assert_rejected_replacement ("<count type=\"integer\">1</count>", "", vcpus);
  assert_rejected_replacement ("<dynamic_memory_enabled type=\"bool\">False",
                               "<dynamic_memory_enabled type=\"bool\">Yes", boolean);
  assert_rejected_replacement ("<version type=\"integer\">1280</version>",
                               "<version type=\"integer\">5.0</version>", version);
}

/* The largest memory an inventory holds: 2^53 - 1 bytes (HVP_BYTES_MAX, models/README.md), so
 * 2^33 - 1 MB is read and 2^33 MB refused (an inventory holding it could not be read again). */
static void
test_memory_limit (void)
{
  g_autofree char *sample = sample_text ();
  g_autofree char *text = replace (sample, "<size type=\"integer\">1024</size>",
                                   "<size type=\"integer\">8589934591</size>");
  g_autofree char *over = replace (sample, "<size type=\"integer\">1024</size>",
                                   "<size type=\"integer\">8589934592</size>");
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  HvpHost *host = hvp_inventory_ensure_host (inventory, NULL);
  g_autoptr (GError) error = NULL;
  HvpVm *vm = NULL;

  g_assert_true (hvp_hyperv_xml_read_vm ("big.xml", text, strlen (text), inventory, host, &vm,
                                         &error));
  g_assert_no_error (error);
  g_assert_cmpuint (vm->memory.startup_bytes, ==, G_GUINT64_CONSTANT (8589934591) * HVP_MIB);
  g_assert_cmpuint (vm->memory.startup_bytes, <=, HVP_BYTES_MAX);
  g_assert_false (hvp_hyperv_xml_read_vm ("over.xml", over, strlen (over), inventory, host, &vm,
                                          &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "more than 2^53 - 1 bytes"));
}

static void
test_bad_not_configuration (void)
{
  const char *const fragments[] = { "is not a Hyper-V virtual machine configuration", NULL };
  const char *domain = "<?xml version='1.0'?>\n<domain type='kvm'><name>x</name></domain>";

  assert_rejected (domain, strlen (domain), fragments);
}

static void
test_bad_doctype (void)
{
  const char *const fragments[] = { "has a DOCTYPE: refused", NULL };
  g_autofree char *sample = sample_text ();
  const struct {
    const char *doctype;
    const char *reference;
  } cases[] = {
    { "<!DOCTYPE configuration [<!ENTITY xxe SYSTEM \"file:///nonexistent/hvplan\">]>\n", "&xxe;" },
    { "<!DOCTYPE configuration [<!ENTITY xxe SYSTEM \"http://127.0.0.1:9/hvplan\">]>\n", "&xxe;" },
    { "<!DOCTYPE configuration SYSTEM \"http://127.0.0.1:9/hvplan.dtd\">\n", "" },
    { "<!DOCTYPE configuration [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">"
      "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;\">]>\n",
      "&d;&d;&d;" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *start = g_strconcat (cases[i].doctype, "<configuration>\n", NULL);
      g_autofree char *reference = g_strconcat ("2012R2", cases[i].reference, "</name>", NULL);
      g_autofree char *with_doctype = replace (sample, "<configuration>\n", start);
      g_autofree char *text = replace (with_doctype, "2012R2</name>", reference);
      g_autofree char *utf16 = NULL;
      gsize length;

      assert_rejected (text, strlen (text), fragments);
      utf16 = to_utf16le (text, &length);
      assert_rejected (utf16, length, fragments);
    }
}

/* A lone high surrogate in a UTF-16LE file. */
static void
test_bad_surrogate (void)
{
  g_autofree char *sample = sample_text ();
  g_autofree char *text = replace (sample, "2012R2</name>", "2012R2@</name>");
  const char *const fragments[] = { "cannot parse", "input conversion failed", NULL };
  g_autofree char *utf16 = NULL;
  gsize length;
  gboolean patched = FALSE;

  utf16 = to_utf16le (text, &length);
  for (gsize i = 2; i + 1 < length; i += 2)
    if (utf16[i] == '@' && utf16[i + 1] == 0)
      {
        utf16[i] = 0x00;
        utf16[i + 1] = (char) 0xD8; /* U+D800 followed by '<' */
        patched = TRUE;
      }
  g_assert_true (patched);
  assert_rejected (utf16, length, fragments);
}

static void
test_bad_empty (void)
{
  const char *const fragments[] = { "is empty", NULL };
  const char *const blank[] = { "cannot parse", NULL };

  assert_rejected ("", 0, fragments);
  assert_rejected ("\xFF\xFE", 2, NULL);
  assert_rejected ("   \n", 4, blank);
}

HVP_TEST_SUITE (hyperv_xml)
{
  g_test_add_func ("/collectors/hyperv-xml/sample-mwrock", test_sample_mwrock);
  g_test_add_func ("/collectors/hyperv-xml/sample-shizzlator-utf16le", test_sample_shizzlator_utf16);
  g_test_add_func ("/collectors/hyperv-xml/dynamic-scsi-gen2", test_dynamic_scsi_gen2);
  g_test_add_func ("/collectors/hyperv-xml/snapshot-file", test_snapshot_file);
  g_test_add_func ("/collectors/hyperv-xml/data-root", test_data_root);
  g_test_add_func ("/collectors/hyperv-xml/single-file", test_single_file);
  g_test_add_func ("/collectors/hyperv-xml/duplicate-vm", test_duplicate_vm);
  g_test_add_func ("/collectors/hyperv-xml/data-root-bad-file", test_data_root_bad_file);
  g_test_add_func ("/collectors/hyperv-xml/probe", test_probe);
  g_test_add_func ("/collectors/hyperv-xml/bad/truncated", test_bad_truncated);
  g_test_add_func ("/collectors/hyperv-xml/bad/silent", test_bad_silent);
  g_test_add_func ("/collectors/hyperv-xml/bad/memory", test_bad_memory);
  g_test_add_func ("/collectors/hyperv-xml/bad/values", test_bad_values);
  g_test_add_func ("/collectors/hyperv-xml/memory-limit", test_memory_limit);
  g_test_add_func ("/collectors/hyperv-xml/bad/not-configuration", test_bad_not_configuration);
  g_test_add_func ("/collectors/hyperv-xml/bad/doctype", test_bad_doctype);
  g_test_add_func ("/collectors/hyperv-xml/bad/surrogate", test_bad_surrogate);
  g_test_add_func ("/collectors/hyperv-xml/bad/empty", test_bad_empty);
}
