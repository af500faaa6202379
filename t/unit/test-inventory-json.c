/* Tests of models/inventory-json.c (the "hvplan-inventory/1" document), of the number reading it
 * shares with the catalog (models/json.c), and of the inventory-json collector. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "unit.h"
#include "collectors/inventory-json/inventory-json.h"
#include "models/json.h"
#include "models/model.h"

#define TWO_TO_53 G_GUINT64_CONSTANT (9007199254740991) /* the largest exact value: 2^53 - 1 */
#define ONE_TIB G_GUINT64_CONSTANT (1099511627776)

/* Adds @n items to @array, first to last or last to first. */
static void
add_all (GPtrArray *array, gpointer *items, guint n, gboolean reversed)
{
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (array, items[reversed ? n - 1 - i : i]);
}

static HvpDrive *
drive (HvpControllerType type, guint number, guint location, const char *path)
{
  return hvp_drive_new (type, number, location, path);
}

static HvpSnapshot *
snapshot (const char *id, const char *name, const char *parent_id, gint64 creation_time,
          gboolean reversed)
{
  HvpSnapshot *s = hvp_snapshot_new (id, name);
  gpointer drives[2];

  s->parent_id = g_strdup (parent_id);
  s->creation_time = creation_time;
  s->saved_state = parent_id == NULL;
  s->saved_state_bytes = parent_id == NULL ? 2 * HVP_GIB + 17 : 0;
  s->vcpus = 2;
  s->memory.startup_bytes = 2 * HVP_GIB;
  drives[0] = drive (HVP_CONTROLLER_TYPE_IDE, 0, 0, "D:\\VMs\\web01\\web01_A.avhdx");
  drives[1] = drive (HVP_CONTROLLER_TYPE_SCSI, 0, 1, "D:\\VMs\\web01\\data.vhdx");
  add_all (s->drives, drives, G_N_ELEMENTS (drives), reversed);
  return s;
}

static HvpVm *
build_web01 (gboolean reversed)
{
  HvpVm *vm = hvp_vm_new ("6A1F7E4C-52D4-4C7B-9F3B-1C2D3E4F5A6B", "web01");
  HvpAdapter *lan = hvp_adapter_new ("Network Adapter");
  HvpAdapter *backup = hvp_adapter_new ("Network Adapter");
  gpointer drives[3];
  gpointer adapters[2];
  gpointer snapshots[4];

  vm->state = HVP_VM_STATE_SAVED;
  vm->generation = 2;
  vm->configuration_version = g_strdup ("5.0");
  vm->vcpus = 4;
  vm->memory.dynamic = TRUE;
  vm->memory.startup_bytes = 4 * HVP_GIB;
  vm->memory.minimum_bytes = 512 * HVP_MIB;
  vm->memory.maximum_bytes = TWO_TO_53;
  vm->processor_compatibility = TRUE;
  vm->saved_state = TRUE;
  vm->saved_state_bytes = 4 * HVP_GIB + 4096;
  vm->config_path = g_strdup ("D:\\VMs\\web01\\Virtual Machines\\6A1F7E4C.xml");
  vm->current_snapshot_id = g_strdup ("S3");

  drives[0] = drive (HVP_CONTROLLER_TYPE_SCSI, 0, 1, "D:\\VMs\\web01\\data.vhdx");
  drives[1] = drive (HVP_CONTROLLER_TYPE_IDE, 0, 0, "D:\\VMs\\web01\\web01_B.avhdx");
  drives[2] = drive (HVP_CONTROLLER_TYPE_SCSI, 0, 0, "D:\\VMs\\web01\\logs.vhdx");
  add_all (vm->drives, drives, G_N_ELEMENTS (drives), reversed);

  /* Two adapters with one name: the MAC orders them. */
  lan->mac = g_strdup ("00-15-5D-01-07-DC");
  lan->switch_id = g_strdup ("C3B2A190-0000-4000-8000-000000000001");
  lan->switch_name = g_strdup ("LAN");
  backup->mac = g_strdup ("00-15-5D-01-07-AA");
  backup->connected = FALSE;
  adapters[0] = lan;
  adapters[1] = backup;
  add_all (vm->adapters, adapters, G_N_ELEMENTS (adapters), reversed);

  /* A tree: S1 root; S2 (older) and S3 (newer) its children; S4 child of S2. */
  snapshots[0] = snapshot ("S3", "after patch", "S1", 1700000300, reversed);
  snapshots[1] = snapshot ("S1", "clean install", NULL, 1700000000, reversed);
  snapshots[2] = snapshot ("S4", "before upgrade", "S2", 1700000400, reversed);
  snapshots[3] = snapshot ("S2", "before patch", "S1", 1700000100, reversed);
  add_all (vm->snapshots, snapshots, G_N_ELEMENTS (snapshots), reversed);
  return vm;
}

/* A source host with every field set, and a destination host (no VMs).  @reversed inserts every
 * list in the opposite order. */
static HvpInventory *
build_inventory (gboolean reversed)
{
  HvpInventory *inventory = hvp_inventory_new ();
  HvpHost *source = hvp_host_new ("hv01");
  HvpHost *destination = hvp_host_new ("dest01");
  HvpSwitch *lan = hvp_switch_new ("C3B2A190-0000-4000-8000-000000000001", "LAN",
                                   HVP_SWITCH_TYPE_EXTERNAL);
  HvpSwitch *internal = hvp_switch_new (NULL, "Internal", HVP_SWITCH_TYPE_INTERNAL);
  HvpVm *db01 = hvp_vm_new ("0B7C2E13-8D64-4F1A-A2B3-C4D5E6F70819", "db01");
  HvpDisk *disks[4];
  gpointer hosts[2] = { source, destination };
  gpointer volumes[2];
  gpointer switches[2] = { lan, internal };
  gpointer vms[2];
  gpointer nics[2] = { g_strdup ("Intel(R) Ethernet 1"), g_strdup ("Broadcom NetXtreme #2") };
  gpointer lan_nics[2] = { g_strdup ("Intel(R) Ethernet 1"), g_strdup ("Broadcom NetXtreme #2") };
  gpointer sources[2] = { g_strdup ("hyperv-xml:/srv/copy/hv01"),
                          g_strdup ("powershell:/srv/hv01.json") };

  source->os = g_strdup ("Windows Server 2012 R2 Datacenter");
  source->memory_bytes = TWO_TO_53;
  source->logical_processors = 32;
  source->processor.vendor = g_strdup ("GenuineIntel");
  source->processor.family = 6;
  source->processor.model = 45;
  source->processor.stepping = 7;
  source->processor.name = g_strdup ("Intel(R) Xeon(R) CPU E5-2670 0 @ 2.60GHz");
  source->processor.cpu_xml = g_strdup ("<cpu>\n  <vendor>Intel</vendor>\n</cpu>");
  add_all (source->physical_nics, nics, G_N_ELEMENTS (nics), reversed);
  volumes[0] = hvp_volume_new ("D:\\", 4 * ONE_TIB, ONE_TIB);
  volumes[1] = hvp_volume_new ("C:\\", 200 * HVP_GIB, 50 * HVP_GIB);
  add_all (source->volumes, volumes, G_N_ELEMENTS (volumes), reversed);
  add_all (lan->physical_nics, lan_nics, G_N_ELEMENTS (lan_nics), reversed);
  add_all (source->switches, switches, G_N_ELEMENTS (switches), reversed);

  disks[0] = hvp_disk_new ("D:\\VMs\\web01\\web01.vhdx");
  disks[1] = hvp_disk_new ("D:\\VMs\\web01\\web01_A.avhdx");
  disks[2] = hvp_disk_new ("D:\\VMs\\web01\\web01_B.avhdx");
  disks[3] = hvp_disk_new ("D:\\VMs\\web01\\data.vhdx");
  for (guint i = 0; i < G_N_ELEMENTS (disks); i++)
    {
      disks[i]->local_path = g_strdup_printf ("/srv/copy/hv01/disk%u.vhdx", i);
      disks[i]->format = HVP_DISK_FORMAT_VHDX;
      disks[i]->type = i == 0 || i == 3 ? HVP_DISK_TYPE_DYNAMIC : HVP_DISK_TYPE_DIFFERENCING;
      disks[i]->virtual_size_bytes = ONE_TIB;
      disks[i]->file_size_bytes = 10 * HVP_GIB + i;
      disks[i]->readable = i != 3;
    }
  disks[1]->parent_path = g_strdup ("D:\\VMs\\web01\\web01.vhdx");
  disks[2]->parent_path = g_strdup ("D:\\VMs\\web01\\web01_A.avhdx");
  g_clear_pointer (&disks[3]->local_path, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (disks); i++)
    hvp_host_add_disk (source, disks[reversed ? G_N_ELEMENTS (disks) - 1 - i : i]);
  hvp_host_link_disks (source);

  db01->state = HVP_VM_STATE_OFF;
  db01->generation = 1;
  db01->vcpus = 8;
  db01->memory.startup_bytes = 16 * HVP_GIB;
  vms[0] = build_web01 (reversed);
  vms[1] = db01;
  add_all (source->vms, vms, G_N_ELEMENTS (vms), reversed);

  destination->os = g_strdup ("Windows Server 2022");
  destination->memory_bytes = 256 * HVP_GIB;
  destination->logical_processors = 64;
  destination->processor.vendor = g_strdup ("GenuineIntel");
  g_ptr_array_add (destination->physical_nics, g_strdup ("NIC1"));

  add_all (inventory->hosts, hosts, G_N_ELEMENTS (hosts), reversed);
  add_all (inventory->sources, sources, G_N_ELEMENTS (sources), reversed);
  if (reversed)
    {
      hvp_inventory_add_warning (inventory, "/srv/copy/hv01/b.xml", NULL, "no memory element");
      hvp_inventory_add_warning (inventory, "/srv/copy/hv01/a.xml", "/configuration/settings",
                                 "generation inferred as 1");
      hvp_inventory_add_warning (inventory, "/srv/copy/hv01/a.xml", "/configuration/global_id",
                                 "id missing");
    }
  else
    {
      hvp_inventory_add_warning (inventory, "/srv/copy/hv01/a.xml", "/configuration/global_id",
                                 "id missing");
      hvp_inventory_add_warning (inventory, "/srv/copy/hv01/a.xml", "/configuration/settings",
                                 "generation inferred as 1");
      hvp_inventory_add_warning (inventory, "/srv/copy/hv01/b.xml", NULL, "no memory element");
    }
  return inventory;
}

static HvpInventory *
read_ok (const char *text)
{
  g_autoptr (GError) error = NULL;
  HvpInventory *inventory = hvp_inventory_from_json (text, strlen (text), "test.json", &error);

  g_assert_no_error (error);
  g_assert_nonnull (inventory);
  return inventory;
}

static void
test_round_trip (void)
{
  g_autoptr (HvpInventory) built = build_inventory (FALSE);
  g_autofree char *first = hvp_inventory_to_json (built);
  g_autoptr (HvpInventory) read = read_ok (first);
  g_autofree char *second = hvp_inventory_to_json (read);
  HvpHost *hv01;
  HvpVm *web01;
  HvpDisk *disk;
  HvpSnapshot *root;

  g_assert_cmpstr (first, ==, second);

  /* Exact 64-bit integers in the text. */
  g_assert_nonnull (strstr (first, "\"memory_bytes\": 9007199254740991,\n"));
  g_assert_nonnull (strstr (first, "\"virtual_size_bytes\": 1099511627776,\n"));
  g_assert_nonnull (strstr (first, "\"maximum_bytes\": 9007199254740991\n"));

  /* And in the model read back. */
  g_assert_cmpuint (read->hosts->len, ==, 2);
  hv01 = hvp_inventory_ensure_host (read, "hv01");
  g_assert_cmpuint (read->hosts->len, ==, 2);
  g_assert_cmpuint (hv01->memory_bytes, ==, TWO_TO_53);
  g_assert_cmpuint (hv01->logical_processors, ==, 32);
  g_assert_cmpint (hv01->processor.stepping, ==, 7);
  g_assert_cmpstr (hv01->processor.cpu_xml, ==, "<cpu>\n  <vendor>Intel</vendor>\n</cpu>");
  web01 = hvp_host_find_vm (hv01, "web01");
  g_assert_nonnull (web01);
  g_assert_cmpuint (web01->memory.maximum_bytes, ==, TWO_TO_53);
  g_assert_cmpint (web01->state, ==, HVP_VM_STATE_SAVED);
  g_assert_true (web01->memory.dynamic);
  g_assert_cmpuint (web01->adapters->len, ==, 2);
  g_assert_cmpuint (web01->snapshots->len, ==, 4);
  g_assert_cmpstr (web01->current_snapshot_id, ==, "S3");

  /* Disks re-linked from parent_path. */
  disk = hvp_host_find_disk (hv01, "D:\\VMs\\web01\\web01_B.avhdx");
  g_assert_nonnull (disk);
  g_assert_cmpuint (disk->virtual_size_bytes, ==, ONE_TIB);
  g_assert_nonnull (disk->parent);
  g_assert_cmpstr (disk->parent->path, ==, "D:\\VMs\\web01\\web01_A.avhdx");
  g_assert_nonnull (disk->parent->parent);
  g_assert_cmpstr (disk->parent->parent->path, ==, "D:\\VMs\\web01\\web01.vhdx");
  g_assert_null (disk->parent->parent->parent);
  g_assert_null (hvp_host_find_disk (hv01, "D:\\VMs\\web01\\data.vhdx")->local_path);
  g_assert_false (hvp_host_find_disk (hv01, "D:\\VMs\\web01\\data.vhdx")->readable);

  /* Snapshots re-linked into a tree. */
  root = hvp_vm_find_snapshot (web01, "S1");
  g_assert_nonnull (root);
  g_assert_null (root->parent);
  g_assert_cmpuint (root->children->len, ==, 2);
  g_assert_cmpstr (((HvpSnapshot *) g_ptr_array_index (root->children, 0))->id, ==, "S2");
  g_assert_cmpint (root->creation_time, ==, 1700000000);
  g_assert_cmpuint (root->saved_state_bytes, ==, 2 * HVP_GIB + 17);

  g_assert_cmpuint (read->warnings->len, ==, 3);
  g_assert_cmpuint (read->sources->len, ==, 2);
}

/* The canonical text is pinned by a reviewed golden file; HVP_REGENERATE=1 rewrites it. */
static void
test_golden (void)
{
  const char *data = g_getenv ("HVP_DATA");
  g_autoptr (HvpInventory) built = build_inventory (FALSE);
  g_autofree char *text = hvp_inventory_to_json (built);
  g_autofree char *file = NULL;
  g_autofree char *expected = NULL;
  g_autoptr (GError) error = NULL;

  if (data == NULL)
    {
      g_test_skip ("HVP_DATA is not set");
      return;
    }
  file = g_build_filename (data, "inventory-json", "synthetic", "full.json", NULL);
  if (g_getenv ("HVP_REGENERATE") != NULL)
    {
      g_file_set_contents (file, text, -1, &error);
      g_assert_no_error (error);
    }
  g_file_get_contents (file, &expected, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_order_independent (void)
{
  g_autoptr (HvpInventory) forward = build_inventory (FALSE);
  g_autoptr (HvpInventory) backward = build_inventory (TRUE);
  HvpHost *first_host = g_ptr_array_index (backward->hosts, 0);
  HvpVm *first_vm;
  g_autofree char *a = hvp_inventory_to_json (forward);
  g_autofree char *b = hvp_inventory_to_json (backward);
  const char *s1, *s2, *s3, *s4;

  g_assert_cmpstr (a, ==, b);

  /* The caller's model was not reordered. */
  g_assert_cmpstr (first_host->name, ==, "dest01");
  first_host = g_ptr_array_index (backward->hosts, 1);
  first_vm = g_ptr_array_index (first_host->vms, 0);
  g_assert_cmpstr (first_vm->name, ==, "db01");
  g_assert_cmpstr (((HvpDisk *) g_ptr_array_index (first_host->disks, 0))->path, ==,
                   "D:\\VMs\\web01\\data.vhdx");

  /* Hosts by name, snapshots depth first with siblings by creation time. */
  g_assert_true (strstr (a, "\"name\": \"dest01\"") < strstr (a, "\"name\": \"hv01\""));
  s1 = strstr (a, "\"id\": \"S1\"");
  s2 = strstr (a, "\"id\": \"S2\"");
  s3 = strstr (a, "\"id\": \"S3\"");
  s4 = strstr (a, "\"id\": \"S4\"");
  g_assert_true (s1 != NULL && s1 < s2 && s2 < s4 && s4 < s3);
  /* Adapters with one name by MAC; warnings with no position first. */
  g_assert_true (strstr (a, "00-15-5D-01-07-AA") < strstr (a, "00-15-5D-01-07-DC"));
  g_assert_true (strstr (a, "\"id missing\"") < strstr (a, "\"generation inferred as 1\""));
}

/* A snapshot whose parent is missing is a root; a loop is written once, after the roots. */
static void
test_snapshot_orphans_and_loops (void)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  HvpHost *host = hvp_inventory_ensure_host (inventory, "h");
  HvpVm *vm = hvp_vm_new ("V", "vm");
  g_autofree char *text = NULL;
  g_autoptr (HvpInventory) read = NULL;
  g_autofree char *again = NULL;

  g_ptr_array_add (host->vms, vm);
  g_ptr_array_add (vm->snapshots, snapshot ("L1", "loop one", "L2", 5, FALSE));
  g_ptr_array_add (vm->snapshots, snapshot ("L2", "loop two", "L1", 6, FALSE));
  g_ptr_array_add (vm->snapshots, snapshot ("O", "orphan", "gone", 9, FALSE));
  g_ptr_array_add (vm->snapshots, snapshot ("R", "root", NULL, 1, FALSE));
  g_ptr_array_add (vm->snapshots, snapshot ("R", "root again", NULL, 1, FALSE));
  text = hvp_inventory_to_json (inventory);
  g_assert_true (strstr (text, "\"id\": \"R\"") < strstr (text, "\"id\": \"O\""));
  g_assert_true (strstr (text, "\"id\": \"O\"") < strstr (text, "\"id\": \"L1\""));
  g_assert_true (strstr (text, "\"id\": \"L1\"") < strstr (text, "\"id\": \"L2\""));

  /* The duplicate id is refused on reading, naming the second one. */
  {
    g_autoptr (GError) error = NULL;

    read = hvp_inventory_from_json (text, strlen (text), "loops.json", &error);
    g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
    g_assert_nonnull (strstr (error->message, "hosts[0].vms[0].snapshots[1].id"));
    g_assert_null (read);
  }
  g_ptr_array_remove_index (vm->snapshots, 4);
  g_clear_pointer (&text, g_free);
  text = hvp_inventory_to_json (inventory);
  read = read_ok (text);
  again = hvp_inventory_to_json (read);
  g_assert_cmpstr (text, ==, again);
}

/* A hand-written destination: a host with no VMs, only some keys, and keys hvplan does not know. */
static void
test_destination (void)
{
  const char *data = g_getenv ("HVP_DATA");
  g_autofree char *file = NULL;
  g_autofree char *text = NULL;
  gsize length;
  g_autoptr (GError) error = NULL;
  g_autoptr (HvpInventory) inventory = NULL;
  HvpHost *host;
  HvpSwitch *vswitch;

  if (data == NULL)
    {
      g_test_skip ("HVP_DATA is not set");
      return;
    }
  file = g_build_filename (data, "inventory-json", "synthetic", "destination.json", NULL);
  g_file_get_contents (file, &text, &length, &error);
  g_assert_no_error (error);
  g_assert_true (hvp_json_looks_like_inventory (text, length));
  inventory = hvp_inventory_from_json (text, length, file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (inventory->hosts->len, ==, 1);
  host = g_ptr_array_index (inventory->hosts, 0);
  g_assert_cmpstr (host->name, ==, "hv-new01");
  g_assert_cmpuint (host->vms->len, ==, 0);
  g_assert_cmpuint (host->memory_bytes, ==, G_GUINT64_CONSTANT (274877906944));
  g_assert_cmpuint (host->logical_processors, ==, 48);
  g_assert_cmpstr (host->processor.vendor, ==, "GenuineIntel"); /* "Intel" normalised */
  g_assert_cmpuint (host->processor.family, ==, 6);
  g_assert_cmpuint (host->processor.model, ==, 85);
  g_assert_cmpint (host->processor.stepping, ==, 4);
  g_assert_cmpuint (host->physical_nics->len, ==, 2);
  g_assert_cmpuint (host->volumes->len, ==, 1);
  g_assert_cmpuint (((HvpVolume *) g_ptr_array_index (host->volumes, 0))->free_bytes, ==,
                    G_GUINT64_CONSTANT (3298534883328));
  vswitch = hvp_host_find_switch (host, "LAN");
  g_assert_nonnull (vswitch);
  g_assert_cmpint (vswitch->type, ==, HVP_SWITCH_TYPE_EXTERNAL);
  g_assert_null (vswitch->id);
  g_assert_null (host->os);
  g_assert_cmpuint (inventory->warnings->len, ==, 0);
}

/* The examples in models/README.md read; the second, canonical one prints back unchanged. */
static void
test_readme_examples (void)
{
  const char *root = g_getenv ("HVP_SOURCE_ROOT");
  g_autofree char *file = NULL;
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  const char *cursor;
  guint examples = 0;

  if (root == NULL)
    {
      g_test_skip ("HVP_SOURCE_ROOT is not set");
      return;
    }
  file = g_build_filename (root, "models", "README.md", NULL);
  g_file_get_contents (file, &text, NULL, &error);
  g_assert_no_error (error);
  for (cursor = strstr (text, "```json\n"); cursor != NULL; cursor = strstr (cursor, "```json\n"))
    {
      const char *start = cursor + strlen ("```json\n");
      const char *end = strstr (start, "```");
      g_autoptr (HvpInventory) inventory = NULL;
      g_autofree char *printed = NULL;

      g_assert_nonnull (end);
      inventory = hvp_inventory_from_json (start, (gsize) (end - start), file, &error);
      g_assert_no_error (error);
      printed = hvp_inventory_to_json (inventory);
      if (++examples == 2)
        {
          g_autofree char *example = g_strndup (start, (gsize) (end - start));

          g_assert_cmpstr (printed, ==, example);
        }
      cursor = end + 3;
    }
  g_assert_cmpuint (examples, ==, 2);
}

/* A document with a byte order mark and CRLF line ends reads like one without. */
static void
test_bom (void)
{
  const char *text = "\xEF\xBB\xBF\r\n{\"schema\": \"hvplan-inventory/1\",\r\n \"hosts\": []}\r\n";
  g_autoptr (HvpInventory) inventory = read_ok (text);

  g_assert_cmpuint (inventory->hosts->len, ==, 0);
  g_assert_true (hvp_json_looks_like_inventory (text, strlen (text)));
}

/* Reading host by host (a piece of the text per host) gives what reading the whole tree gives:
 * the same inventory when "hosts" is written with an escape (which the scan does not take) as
 * when it is plain, and the message of the first failure in document order: a syntax error in
 * the second host comes before a wrong type in the first, and a second "hosts" key is refused. */
static void
test_by_host (void)
{
  const char *plain = "{\"schema\": \"hvplan-inventory/1\", \"sources\": [\"s\"], \"hosts\": "
                      "[{\"name\": \"h1\", \"logical_processors\": 8},\n {\"name\": \"h2\"}], "
                      "\"warnings\": []}";
  const char *escaped = "{\"schema\": \"hvplan-inventory/1\", \"sources\": [\"s\"], \"\\u0068osts\": "
                        "[{\"name\": \"h1\", \"logical_processors\": 8},\n {\"name\": \"h2\"}], "
                        "\"warnings\": []}";
  const char *late_syntax = "{\"schema\": \"hvplan-inventory/1\", \"hosts\": "
                            "[{\"name\": \"h1\", \"logical_processors\": \"x\"},\n {\"name\" \"h2\"}]}";
  const char *twice = "{\"schema\": \"hvplan-inventory/1\", \"hosts\": [{\"name\": \"h1\"}], "
                      "\"hosts\": [{\"name\": \"h2\"}]}";
  g_autoptr (HvpInventory) a = read_ok (plain);
  g_autoptr (HvpInventory) b = read_ok (escaped);
  g_autofree char *a_text = hvp_inventory_to_json (a);
  g_autofree char *b_text = hvp_inventory_to_json (b);
  g_autoptr (GError) error = NULL;
  g_autoptr (HvpInventory) bad = NULL;

  g_assert_cmpuint (a->hosts->len, ==, 2);
  g_assert_cmpuint (((HvpHost *) g_ptr_array_index (a->hosts, 0))->logical_processors, ==, 8);
  g_assert_cmpstr (a_text, ==, b_text);
  bad = hvp_inventory_from_json (late_syntax, strlen (late_syntax), "t.json", &error);
  g_assert_null (bad);
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  g_assert_cmpstr (error->message, ==, "'t.json': not valid JSON at byte 95 (line 2, column 10)");
  g_clear_error (&error);
  bad = hvp_inventory_from_json (twice, strlen (twice), "t.json", &error);
  g_assert_null (bad);
  g_assert_nonnull (strstr (error->message, "hosts: key appears twice"));
}

/* Writes @text to a temporary file and reads it through hvp_inventory_from_json_mapped(). */
static HvpInventory *
read_mapped (const char *text, GError **error)
{
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("hvp-mapped-XXXXXX.json", &path, NULL);
  g_autoptr (GMappedFile) mapped = NULL;
  HvpInventory *inventory;

  g_assert_cmpint (fd, >=, 0);
  g_close (fd, NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  mapped = g_mapped_file_new (path, FALSE, NULL);
  g_assert_nonnull (mapped);
  inventory = hvp_inventory_from_json_mapped (mapped, "t.json", error);
  g_unlink (path);
  return inventory;
}

/* Read from a mapping, each host's pages are given back once parsed (MADV_DONTNEED): the same
 * inventory, and after a failure in the second host (the first one's pages dropped, three pages
 * of blanks) the whole document read again from the file gives the same message. */
static void
test_by_host_mapped (void)
{
  g_autofree char *blanks = g_strnfill (3 * 4096, ' ');
  g_autofree char *good = g_strdup_printf (
    "{\"schema\": \"hvplan-inventory/1\", \"sources\": [\"s\"], \"hosts\": [{\"name\": \"h1\",%s"
    " \"logical_processors\": 8},\n {\"name\": \"h2\"}], \"warnings\": []}", blanks);
  g_autofree char *bad = g_strdup_printf (
    "{\"schema\": \"hvplan-inventory/1\", \"hosts\": [{\"name\": \"h1\",%s \"logical_processors\": 8"
    "},\n {\"name\": \"h2\", \"logical_processors\": \"x\"}]}", blanks);
  g_autoptr (HvpInventory) plain = read_ok (good);
  g_autoptr (HvpInventory) mapped = read_mapped (good, NULL);
  g_autofree char *plain_text = hvp_inventory_to_json (plain);
  g_autofree char *mapped_text = hvp_inventory_to_json (mapped);
  g_autoptr (GError) plain_error = NULL;
  g_autoptr (GError) mapped_error = NULL;
  g_autoptr (HvpInventory) none = hvp_inventory_from_json (bad, strlen (bad), "t.json",
                                                           &plain_error);
  g_autoptr (HvpInventory) none_mapped = read_mapped (bad, &mapped_error);

  g_assert_cmpstr (plain_text, ==, mapped_text);
  g_assert_null (none);
  g_assert_null (none_mapped);
  g_assert_error (mapped_error, HVP_ERROR, HVP_ERROR_DATA);
  g_assert_nonnull (strstr (mapped_error->message, "hosts[1].logical_processors"));
  g_assert_cmpstr (mapped_error->message, ==, plain_error->message);
}

/* Collects the reader's debug messages (the number of threads it read the hosts on). */
static void
collect_debug (const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
  (void) domain;
  (void) level;
  g_string_append_printf (data, "%s\n", message);
}

/* A document of @n_hosts hosts of about 8 KiB each (an unknown key pads them), one VM each;
 * host @bad_host (if below @n_hosts) carries @bad, a member put first. */
static char *
many_hosts (guint n_hosts, guint bad_host, const char *bad)
{
  g_autofree char *pad = g_strnfill (8000, 'x');
  GString *text = g_string_new ("{\"schema\": \"hvplan-inventory/1\", \"hosts\": [");

  for (guint h = 0; h < n_hosts; h++)
    g_string_append_printf (text,
                            "%s{%s\"name\": \"h%04u\", \"pad\": \"%s\", \"logical_processors\": %u,"
                            " \"vms\": [{\"id\": \"ID-%u\", \"name\": \"vm%u\"}]}",
                            h == 0 ? "" : ",\n", h == bad_host ? bad : "", h, pad, h + 1, h, h);
  g_string_append (text, "], \"warnings\": [{\"file\": \"f\", \"message\": \"m\"}]}");
  return g_string_free (text, FALSE);
}

/* Read from a large document (above 2 MiB), the hosts are parsed on one thread per core: the
 * same inventory, in document order, from the text and from a mapping; a failure anywhere gives
 * the message of the first wrong host in document order, whichever thread met it. */
static void
test_by_host_threads (void)
{
  g_autofree char *good = many_hosts (300, G_MAXUINT, NULL);
  g_autoptr (GString) debug = g_string_new (NULL);
  guint handler = g_log_set_handler ("hvplan-models", G_LOG_LEVEL_DEBUG, collect_debug, debug);
  g_autoptr (HvpInventory) plain = read_ok (good);
  g_autoptr (HvpInventory) mapped = read_mapped (good, NULL);
  g_autofree char *plain_text = hvp_inventory_to_json (plain);
  g_autofree char *mapped_text = hvp_inventory_to_json (mapped);
  g_autofree char *expect_debug = g_strdup_printf (
    "'test.json': read 300 hosts on %u threads\n't.json': read 300 hosts on %u threads\n",
    MIN (g_get_num_processors (), 300), MIN (g_get_num_processors (), 300));

  g_log_remove_handler ("hvplan-models", handler);
  g_assert_cmpstr (debug->str, ==, expect_debug);
  g_assert_cmpuint (plain->hosts->len, ==, 300);
  g_assert_cmpuint (plain->warnings->len, ==, 1);
  for (guint h = 0; h < 300; h++)
    {
      const HvpHost *host = g_ptr_array_index (plain->hosts, h);
      g_autofree char *name = g_strdup_printf ("h%04u", h);
      const HvpVm *vm = g_ptr_array_index (host->vms, 0);
      g_autofree char *vm_name = g_strdup_printf ("vm%u", h);

      g_assert_cmpstr (host->name, ==, name);
      g_assert_cmpuint (host->logical_processors, ==, h + 1);
      g_assert_cmpstr (vm->name, ==, vm_name);
    }
  g_assert_cmpstr (plain_text, ==, mapped_text);
}

/* The first wrong host in document order decides the message, whichever thread reads it. */
static void
test_by_host_threads_errors (void)
{
  static const struct {
    guint bad_host;
    const char *bad;
    const char *expect;
  } cases[] = {
    { 20, "\"memory_bytes\": -1, ", "'t.json': hosts[20].memory_bytes: -1 is negative" },
    { 299, "\"os\": 5, ", "'t.json': hosts[299].os: expected a string or null, found a number" },
    { 150, "\"name\": \"h0007\", ", "'t.json': hosts[150].name: key appears twice" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = many_hosts (300, cases[i].bad_host, cases[i].bad);
      g_autoptr (GError) error = NULL;
      g_autoptr (GError) mapped_error = NULL;
      g_autoptr (HvpInventory) none = hvp_inventory_from_json (text, strlen (text), "t.json",
                                                               &error);
      g_autoptr (HvpInventory) none_mapped = read_mapped (text, &mapped_error);

      g_assert_null (none);
      g_assert_null (none_mapped);
      g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
      g_assert_cmpstr (error->message, ==, cases[i].expect);
      g_assert_cmpstr (mapped_error->message, ==, cases[i].expect);
    }
}

/* A host's numbers are checked for a fraction a double would round while the hosts are scanned
 * (not again after each host's parse): one in host 200 still gives the whole document's message,
 * with its byte and line. */
static void
test_by_host_threads_rounded (void)
{
  g_autofree char *text = many_hosts (300, 200, "\"memory_bytes\": 4503599627370497.5, ");
  gsize byte = (gsize) (strstr (text, "4503599627370497.5") - text);
  g_autofree char *expect = g_strdup_printf (
    "'t.json': the number 4503599627370497.5 at byte %" G_GSIZE_FORMAT " (line 201, column 18)"
    " has a fraction that cannot be read exactly: hvplan's numbers are whole", byte);
  g_autoptr (GError) error = NULL;
  g_autoptr (HvpInventory) none = hvp_inventory_from_json (text, strlen (text), "t.json", &error);

  g_assert_null (none);
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  g_assert_cmpstr (error->message, ==, expect);
}

/* The threads read hosts while the scan goes on, before the root is read: a root that fails
 * (its schema, before the hosts; its warnings, after them) stops them, and the message is the
 * one of the same fault in a document of one host, read on one thread. */
static void
test_by_host_threads_root (void)
{
  static const struct {
    const char *from;
    const char *to;
  } faults[] = {
    { "\"hvplan-inventory/1\"", "\"hvplan-inventory/9\"" },
    { "\"message\": \"m\"", "\"message\": 5" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autofree char *many = many_hosts (300, G_MAXUINT, NULL);
      g_autofree char *one = many_hosts (1, G_MAXUINT, NULL);
      g_autoptr (GString) bad_many = g_string_new (many);
      g_autoptr (GString) bad_one = g_string_new (one);
      g_autoptr (GError) many_error = NULL;
      g_autoptr (GError) one_error = NULL;
      g_autoptr (HvpInventory) none_many = NULL;
      g_autoptr (HvpInventory) none_one = NULL;

      g_assert_cmpuint (g_string_replace (bad_many, faults[i].from, faults[i].to, 1), ==, 1);
      g_assert_cmpuint (g_string_replace (bad_one, faults[i].from, faults[i].to, 1), ==, 1);
      none_many = read_mapped (bad_many->str, &many_error);
      none_one = read_mapped (bad_one->str, &one_error);

      g_assert_null (none_many);
      g_assert_null (none_one);
      g_assert_error (many_error, HVP_ERROR, HVP_ERROR_DATA);
      g_assert_cmpstr (many_error->message, ==, one_error->message);
      g_assert_nonnull (strstr (many_error->message,
                                i == 0 ? "hvplan-inventory/9" : "warnings[0]"));
    }
}

/* Hosts read on different threads are put together in document order: a later host named as an
 * earlier one (ASCII case aside) is refused at the later one. */
static void
test_by_host_threads_twice (void)
{
  g_autofree char *text = many_hosts (300, G_MAXUINT, NULL);
  char *name = strstr (text, "\"name\": \"h0250\"");
  g_autoptr (GError) error = NULL;
  g_autoptr (HvpInventory) none = NULL;

  g_assert_nonnull (name);
  memcpy (name, "\"name\": \"H0007\"", strlen ("\"name\": \"H0007\""));
  none = hvp_inventory_from_json (text, strlen (text), "t.json", &error);
  g_assert_null (none);
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  g_assert_cmpstr (error->message, ==, "'t.json': hosts[250].name: host 'H0007' appears twice");
}

/* A whole number written with a fraction or an exponent reads exactly, even above 2^52. */
static void
test_whole_with_fraction (void)
{
  g_autoptr (HvpInventory) inventory = read_ok (
    "{\"schema\": \"hvplan-inventory/1\", \"hosts\": [{\"name\": \"h\", "
    "\"memory_bytes\": 4503599627370496.0, \"logical_processors\": 1.5e1}]}");
  const HvpHost *host = g_ptr_array_index (inventory->hosts, 0);

  g_assert_cmpuint (host->memory_bytes, ==, G_GUINT64_CONSTANT (4503599627370496));
  g_assert_cmpuint (host->logical_processors, ==, 15);
}

typedef struct {
  const char *name;
  const char *json;   /* a document, or the VM object when it starts with '@' */
  const char *expect; /* a part of the message */
} BadCase;

static const BadCase bad_cases[] = {
  { "negative-bytes", "@\"memory\": {\"startup_bytes\": -5}",
    "'bad.json': hosts[0].vms[0].memory.startup_bytes: -5 is negative" },
  { "huge-bytes", "@\"saved_state_bytes\": 1e300",
    "hosts[0].vms[0].saved_state_bytes: 1e+300 is too large to read exactly (above 2^53 - 1)" },
  { "above-2^53", "@\"saved_state_bytes\": 9007199254740994",
    "hosts[0].vms[0].saved_state_bytes: 9007199254740994 is too large" },
  /* 2^53 + 1 reads as the double 2^53: refused rather than read one byte off. */
  { "2^53+1", "@\"saved_state_bytes\": 9007199254740993",
    "hosts[0].vms[0].saved_state_bytes: 9007199254740992 is too large" },
  { "fraction", "@\"memory\": {\"maximum_bytes\": 2.5}",
    "hosts[0].vms[0].memory.maximum_bytes: 2.5 is not a byte count" },
  /* Above 2^52 a double holds no fraction: 2^52 + 1.5 would read as 2^52 + 2 (issue 12). */
  { "fraction-above-2^52", "@\"saved_state_bytes\": 4503599627370497.5",
    "the number 4503599627370497.5 at byte " },
  { "fraction-in-exponent", "@\"saved_state_bytes\": 45035996273704975e-1",
    "the number 45035996273704975e-1 at byte " },
  { "count-range", "@\"vcpus\": 4294967296",
    "hosts[0].vms[0].vcpus: 4294967296 is out of range (above 4294967295)" },
  { "string-for-number",
    "{\"schema\": \"hvplan-inventory/1\", \"hosts\": [{\"name\": \"h\", \"memory_bytes\": \"12\"}]}",
    "hosts[0].memory_bytes: expected a number, found a string" },
  { "bool-type", "@\"saved_state\": 1", "hosts[0].vms[0].saved_state: expected true or false" },
  { "string-type", "@\"config_path\": 7",
    "hosts[0].vms[0].config_path: expected a string or null, found a number" },
  { "array-type", "@\"drives\": {}", "hosts[0].vms[0].drives: expected an array, found an object" },
  { "element-type", "@\"adapters\": [3]",
    "hosts[0].vms[0].adapters[0]: expected an object, found a number" },
  { "no-schema", "{\"hosts\": []}", "'bad.json': schema: required key is missing" },
  { "no-hosts", "{\"schema\": \"hvplan-inventory/1\"}", "'bad.json': hosts: required key is missing" },
  { "no-vm-name", "{\"schema\": \"hvplan-inventory/1\", \"hosts\": [{\"name\": \"h\", \"vms\": [{\"id\": \"A\"}]}]}",
    "hosts[0].vms[0].name: required key is missing" },
  { "no-host-name", "{\"schema\": \"hvplan-inventory/1\", \"hosts\": [{}]}",
    "hosts[0].name: required key is missing" },
  { "no-disk-path", "{\"schema\": \"hvplan-inventory/1\", \"hosts\": [{\"name\": null, \"disks\": [{\"path\": null}]}]}",
    "hosts[0].disks[0].path: expected a string, found null" },
  { "unknown-state", "@\"state\": \"hibernating\"",
    "hosts[0].vms[0].state: unknown value 'hibernating' (expected unknown, off, running, saved, paused or other)" },
  { "unknown-switch-type",
    "{\"schema\": \"hvplan-inventory/1\", \"hosts\": [{\"name\": \"h\", \"switches\": [{\"name\": \"s\", \"type\": \"External\"}]}]}",
    "hosts[0].switches[0].type: unknown value 'External' (expected unknown, private, internal or external)" },
  { "unknown-controller",
    "@\"drives\": [{\"controller_type\": \"sata\", \"controller_number\": 0, \"controller_location\": 0, \"disk_path\": \"a\"}]",
    "hosts[0].vms[0].drives[0].controller_type: unknown value 'sata'" },
  { "drive-no-location",
    "@\"drives\": [{\"controller_type\": \"ide\", \"controller_number\": 0, \"disk_path\": \"a\"}]",
    "hosts[0].vms[0].drives[0].controller_location: required key is missing" },
  { "snapshot-bytes", "@\"snapshots\": [{\"id\": \"S\", \"memory\": {\"minimum_bytes\": -1}}]",
    "hosts[0].vms[0].snapshots[0].memory.minimum_bytes: -1 is negative" },
  { "snapshot-time", "@\"snapshots\": [{\"id\": \"S\", \"creation_time\": 1.5}]",
    "hosts[0].vms[0].snapshots[0].creation_time: 1.5 is not a whole number of seconds" },
  { "schema-2", "{\"schema\": \"hvplan-inventory/2\", \"hosts\": []}",
    "'bad.json': schema 'hvplan-inventory/2' is not supported (this hvplan reads hvplan-inventory/1)" },
  { "schema-type", "{\"schema\": 1, \"hosts\": []}", "schema: expected a string, found a number" },
  { "duplicate-vm-id",
    "{\"schema\": \"hvplan-inventory/1\", \"hosts\": [{\"name\": \"h\", \"vms\": [{\"id\": \"AB\", \"name\": \"a\"}, {\"id\": \"ab\", \"name\": \"b\"}]}]}",
    "hosts[0].vms[1].id: VM id 'ab' appears twice in host 'h'" },
  { "duplicate-host",
    "{\"schema\": \"hvplan-inventory/1\", \"hosts\": [{\"name\": \"h\"}, {\"name\": \"H\"}]}",
    "hosts[1].name: host 'H' appears twice" },
  { "duplicate-disk",
    "{\"schema\": \"hvplan-inventory/1\", \"hosts\": [{\"name\": \"h\", \"disks\": [{\"path\": \"C:\\\\a.vhdx\"}, {\"path\": \"c:/A.VHDX\"}]}]}",
    "hosts[0].disks[1].path: disk 'c:/A.VHDX' appears twice in host 'h'" },
  { "duplicate-key", "@\"vcpus\": 2, \"vcpus\": 4", "hosts[0].vms[0].vcpus: key appears twice" },
  /* More keys than check_object() compares pairwise: the hash table finds the repeat. */
  { "duplicate-key-many",
    "@\"k0\": 0, \"k1\": 0, \"k2\": 0, \"k3\": 0, \"k4\": 0, \"k5\": 0, "
    "\"k6\": 0, \"k7\": 0, \"k8\": 0, \"k9\": 0, \"k10\": 0, \"k11\": 0, "
    "\"k12\": 0, \"k13\": 0, \"k14\": 0, \"k15\": 0, \"k16\": 0, \"k17\": 0, "
    "\"k18\": 0, \"k19\": 0, \"k20\": 0, \"k21\": 0, \"k22\": 0, \"k23\": 0, "
    "\"k24\": 0, \"k25\": 0, \"k26\": 0, \"k27\": 0, \"k28\": 0, \"k29\": 0, "
    "\"k30\": 0, \"k31\": 0, \"k32\": 0, \"k33\": 0, \"k34\": 0, \"k35\": 0, "
    "\"k36\": 0, \"k37\": 0, \"k38\": 0, \"k39\": 0, "
    "\"vcpus\": 2, \"k7\": 4",
    "hosts[0].vms[0].k7: key appears twice" },
  { "missing-parent",
    "{\"schema\": \"hvplan-inventory/1\", \"hosts\": [{\"name\": \"h\", \"disks\": [{\"path\": \"/a\"}, {\"path\": \"/b\", \"parent_path\": \"/gone\"}]}]}",
    "hosts[0].disks[1].parent_path: '/gone' names no disk of host 'h'" },
  { "parent-loop",
    "{\"schema\": \"hvplan-inventory/1\", \"hosts\": [{\"name\": \"h\", \"disks\": [{\"path\": \"/a\", \"parent_path\": \"/b\"}, {\"path\": \"/b\", \"parent_path\": \"/a\"}]}]}",
    "hosts[0].disks[0].parent_path: the differencing chain of '/a' loops back on itself" },
  { "stepping-negative",
    "{\"schema\": \"hvplan-inventory/1\", \"hosts\": [{\"name\": \"h\", \"processor\": {\"stepping\": -1}}]}",
    "hosts[0].processor.stepping: -1 is negative" },
  { "bad-mac", "@\"adapters\": [{\"name\": \"n\", \"mac\": \"00-15-5D\"}]",
    "hosts[0].vms[0].adapters[0].mac: '00-15-5D' is not a MAC address" },
  { "warning-no-message", "{\"schema\": \"hvplan-inventory/1\", \"hosts\": [], \"warnings\": [{\"file\": \"f\"}]}",
    "warnings[0].message: required key is missing" },
  { "source-type", "{\"schema\": \"hvplan-inventory/1\", \"hosts\": [], \"sources\": [null]}",
    "sources[0]: expected a string, found null" },
  { "root-array", "[]", "'bad.json': (document): expected an object, found an array" },
  { "not-json", "hello", "'bad.json': not valid JSON at byte 0 (line 1, column 1)" },
  { "empty", "", "'bad.json': JSON ends early at byte 0 (line 1)" },
  { "truncated", "{\"schema\": \"hvplan-inventory/1\",\n \"hosts\": [{\"name\": \"h\"",
    "'bad.json': JSON ends early at byte 56 (line 2): the document is empty or truncated" },
  { "truncated-string", "{\"schema\": \"hvplan-inv", "JSON ends early at byte 22" },
  { "syntax-line-3", "{\"schema\": \"hvplan-inventory/1\",\n \"hosts\": [],\n \"x\": tru }",
    "not valid JSON at byte 53 (line 3, column 7)" },
  { "trailing", "{\"schema\": \"hvplan-inventory/1\", \"hosts\": []} {}",
    "not valid JSON at byte 46 (line 1, column 47)" },
};

static void
test_bad (gconstpointer data)
{
  const BadCase *bad = data;
  g_autofree char *json = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (HvpInventory) inventory = NULL;

  if (bad->json[0] == '@')
    json = g_strdup_printf ("{\"schema\": \"hvplan-inventory/1\", \"hosts\": [{\"name\": \"h\", "
                            "\"vms\": [{\"id\": \"A\", \"name\": \"a\", %s}]}]}",
                            bad->json + 1);
  else
    json = g_strdup (bad->json);
  inventory = hvp_inventory_from_json (json, strlen (json), "bad.json", &error);
  g_assert_null (inventory);
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  if (strstr (error->message, bad->expect) == NULL)
    g_test_message ("message: %s", error->message);
  g_assert_nonnull (strstr (error->message, bad->expect));
}

/* An embedded NUL is refused, not read as the end of the text. */
static void
test_nul (void)
{
  static const char text[] = "{\"schema\": \"hvplan-inventory/1\", \"hosts\": []}\0{";
  g_autoptr (GError) error = NULL;
  g_autoptr (HvpInventory) inventory = NULL;

  inventory = hvp_inventory_from_json (text, sizeof text - 1, "nul.json", &error);
  g_assert_null (inventory);
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  g_assert_cmpstr (error->message, ==, "'nul.json': not JSON text: NUL byte at byte 45");
}

/* The length bounds the text: bytes after it are never looked at. */
static void
test_not_terminated (void)
{
  const char *text = "{\"schema\": \"hvplan-inventory/1\", \"hosts\": []}GARBAGE";
  g_autoptr (GError) error = NULL;
  g_autoptr (HvpInventory) inventory = NULL;
  g_autofree char *copy = g_memdup2 (text, 45);

  inventory = hvp_inventory_from_json (copy, 45, "bounded.json", &error);
  g_assert_no_error (error);
  g_assert_nonnull (inventory);
}

/* 100000 '[' fail cleanly at cJSON's nesting limit, alone and inside a document. */
static void
test_deep_nesting (void)
{
  gsize depth = 100000;
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (HvpInventory) inventory = NULL;

  for (gsize i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  inventory = hvp_inventory_from_json (text->str, text->len, "deep.json", &error);
  g_assert_null (inventory);
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "'deep.json': JSON nests deeper than 1000 levels"));
  g_clear_error (&error);

  g_string_assign (text, "{\"schema\": \"hvplan-inventory/1\", \"hosts\": [{\"name\": \"h\", \"x\": ");
  for (gsize i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (gsize i = 0; i < depth; i++)
    g_string_append_c (text, ']');
  g_string_append (text, "}]}");
  inventory = hvp_inventory_from_json (text->str, text->len, "deep.json", &error);
  g_assert_null (inventory);
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "nests deeper than 1000 levels"));
}

/* Keys this version does not know are ignored. */
static void
test_unknown_keys (void)
{
  g_autoptr (HvpInventory) inventory = read_ok (
    "{\"schema\": \"hvplan-inventory/1\", \"future\": {\"a\": [1, 2]},"
    " \"hosts\": [{\"name\": \"h\", \"security\": null, \"vms\": [{\"id\": null, \"name\": \"v\","
    " \"tpm\": true, \"memory\": {\"startup_bytes\": 1024, \"buffer_percent\": 20}}]}]}");
  HvpHost *host = g_ptr_array_index (inventory->hosts, 0);
  HvpVm *vm = g_ptr_array_index (host->vms, 0);

  g_assert_null (vm->id);
  g_assert_cmpstr (vm->name, ==, "v");
  g_assert_cmpuint (vm->memory.startup_bytes, ==, 1024);
  g_assert_cmpint (host->processor.stepping, ==, -1);
}

static gboolean
looks_like (const char *text)
{
  return hvp_json_looks_like_inventory (text, strlen (text));
}

static void
test_looks_like (void)
{
  g_autoptr (GString) late = g_string_new ("{");

  g_assert_true (looks_like ("{\"schema\":\"hvplan-inventory/1\"}"));
  g_assert_true (looks_like ("\xEF\xBB\xBF \n\t{\"schema\":\"hvplan-inventory/9\""));
  g_assert_false (looks_like ("[{\"schema\":\"hvplan-inventory/1\"}]"));
  g_assert_false (looks_like ("{\"schema\":\"hvplan-plan/1\"}"));
  g_assert_false (looks_like ("<xml hvplan-inventory/1>"));
  g_assert_false (looks_like (""));
  /* Only the first KiB counts. */
  g_string_append_printf (late, "\"pad\": \"%*s\", ", 1100, "");
  g_string_append (late, "\"schema\":\"hvplan-inventory/1\"}");
  g_assert_false (hvp_json_looks_like_inventory (late->str, late->len));
}

static void
test_collector (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hvp-inventory-json-XXXXXX", &error);
  g_autofree char *good = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *other = NULL;
  g_autoptr (HvpInventory) built = build_inventory (FALSE);
  g_autofree char *text = hvp_inventory_to_json (built);
  g_autoptr (HvpInventory) target = hvp_inventory_new ();
  g_autofree char *again = NULL;
  const HvpCollector *collector = &hvp_collector_inventory_json;

  g_assert_no_error (error);
  good = g_build_filename (dir, "inventory.json", NULL);
  bad = g_build_filename (dir, "bad.json", NULL);
  other = g_build_filename (dir, "other.json", NULL);
  g_file_set_contents (good, text, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (bad, "{\"schema\": \"hvplan-inventory/1\", \"hosts\": [{]}", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (other, "{\"Name\": \"vSwitch\", \"SwitchType\": 2}", -1, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (collector->name, ==, "inventory-json");
  g_assert_cmpuint (collector->probe (good), ==, 100);
  g_assert_cmpuint (collector->probe (bad), ==, 100);
  g_assert_cmpuint (collector->probe (other), ==, 0);
  g_assert_cmpuint (collector->probe (dir), ==, 0);
  g_assert_cmpuint (collector->probe ("/nonexistent/inventory.json"), ==, 0);

  g_assert_true (collector->collect (good, NULL, target, &error));
  g_assert_no_error (error);
  again = hvp_inventory_to_json (target);
  g_assert_cmpstr (again, ==, text);

  g_assert_false (collector->collect (bad, NULL, target, &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, bad));
  g_clear_error (&error);

  g_assert_false (collector->collect ("/nonexistent/inventory.json", NULL, target, &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_OPEN);
  g_clear_error (&error);

  g_assert_cmpint (g_remove (good), ==, 0);
  g_assert_cmpint (g_remove (bad), ==, 0);
  g_assert_cmpint (g_remove (other), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* hvp_json_number_to_uint64(): the value, or the detail of what is wrong with it. */
static void
assert_number (const char *json, guint64 maximum, guint64 expected, const char *message)
{
  g_autoptr (cJSON) item = cJSON_Parse (json);
  g_autoptr (GError) error = NULL;
  guint64 value = 7;

  g_assert_nonnull (item);
  if (message == NULL)
    {
      g_assert_true (hvp_json_number_to_uint64 (item, maximum, "a count", &value, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (value, ==, expected);
      return;
    }
  g_assert_false (hvp_json_number_to_uint64 (item, maximum, "a count", &value, &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpuint (value, ==, 7);
}

static void
test_number_to_uint64 (void)
{
  assert_number ("0", 10, 0, NULL);
  assert_number ("10", 10, 10, NULL);
  assert_number ("9007199254740991", TWO_TO_53, TWO_TO_53, NULL);
  assert_number ("11", 10, 0, "11 is out of range (above 10)");
  assert_number ("-1", 10, 0, "-1 is negative");
  assert_number ("2.5", 10, 0, "2.5 is not a count");
  assert_number ("9007199254740993", TWO_TO_53, 0,
                 "9007199254740992 is too large to read exactly (above 2^53 - 1)");
  assert_number ("1e999", TWO_TO_53, 0,
                 "the number is too large to read exactly (above 2^53 - 1)");
}

static void
test_type_name (void)
{
  const char *texts[] = { "null", "true", "1", "\"s\"", "[]", "{}" };
  const char *names[] = { "null", "a boolean", "a number", "a string", "an array", "an object" };

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr (cJSON) item = cJSON_Parse (texts[i]);

      g_assert_nonnull (item);
      g_assert_cmpstr (hvp_json_type_name (item), ==, names[i]);
    }
}

/* Every field table reachable from the host's: at most HVP_FIELD_TABLE_MAX rows, keys unique,
 * identity ranks 1..n without a gap, enums with names, nested rows with a table. */
static void
check_field_table (const HvpFieldTable *table)
{
  guint n_identity = 0;
  guint max_rank = 0;

  g_assert_cmpuint (table->n_fields, <=, HVP_FIELD_TABLE_MAX);
  for (guint f = 0; f < table->n_fields; f++)
    {
      const HvpField *field = &table->fields[f];

      for (guint g = 0; g < f; g++)
        g_assert_cmpstr (table->fields[g].name, !=, field->name);
      if (field->identity > 0)
        n_identity++;
      max_rank = MAX (max_rank, field->identity);
      g_assert_true ((field->type == HVP_FIELD_ENUM) == (field->enum_names != NULL));
      if (field->type == HVP_FIELD_OBJECT || field->type == HVP_FIELD_ARRAY
          || field->type == HVP_FIELD_POINTER)
        {
          g_assert_nonnull (field->table);
          check_field_table (field->table);
        }
    }
  g_assert_cmpuint (n_identity, ==, max_rank);
}

static gboolean
field_omitted_when_unknown (const HvpField *field)
{
  return field->type == HVP_FIELD_TRISTATE || (field->flags & HVP_FIELD_OMIT_NULL);
}

static void
test_field_tables (void)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  HvpHost *host = hvp_inventory_ensure_host (inventory, "hv01");
  g_autofree char *text = NULL;
  g_autoptr (cJSON) root = NULL;
  const cJSON *hosts;
  const cJSON *vm;
  guint f = 0;

  check_field_table (&hvp_host_fields);

  /* The writer writes a VM's keys in table order (the parent has no key; the utilization only
   * when measured, so this VM has one). */
  g_ptr_array_add (host->vms, hvp_vm_new ("ID", "vm"));
  ((HvpVm *) g_ptr_array_index (host->vms, 0))->utilization = hvp_utilization_new ();
  text = hvp_inventory_to_json (inventory);
  root = cJSON_Parse (text);
  hosts = cJSON_GetObjectItemCaseSensitive (root, "hosts");
  vm = cJSON_GetArrayItem (
    cJSON_GetObjectItemCaseSensitive (cJSON_GetArrayItem (hosts, 0), "vms"), 0);
  g_assert_nonnull (vm);
  /* Fields unknown in a new VM (tristates, omitted-when-null rows) are left out. */
  for (const cJSON *child = vm->child; child != NULL; child = child->next, f++)
    {
      while (f < hvp_vm_fields.n_fields && (hvp_vm_fields.fields[f].type == HVP_FIELD_PARENT
                                            || field_omitted_when_unknown (&hvp_vm_fields.fields[f])))
        f++;
      g_assert_cmpuint (f, <, hvp_vm_fields.n_fields);
      g_assert_cmpstr (child->string, ==, hvp_vm_fields.fields[f].name);
    }
  while (f < hvp_vm_fields.n_fields && field_omitted_when_unknown (&hvp_vm_fields.fields[f]))
    f++;
  g_assert_cmpuint (f, ==, hvp_vm_fields.n_fields);
}

HVP_TEST_SUITE (inventory_json)
{
  g_test_add_func ("/models/inventory-json/round-trip", test_round_trip);
  g_test_add_func ("/models/inventory-json/golden", test_golden);
  g_test_add_func ("/models/inventory-json/order-independent", test_order_independent);
  g_test_add_func ("/models/inventory-json/snapshot-orphans-and-loops",
                   test_snapshot_orphans_and_loops);
  g_test_add_func ("/models/inventory-json/destination", test_destination);
  g_test_add_func ("/models/inventory-json/by-host", test_by_host);
  g_test_add_func ("/models/inventory-json/by-host-mapped", test_by_host_mapped);
  g_test_add_func ("/models/inventory-json/by-host-threads", test_by_host_threads);
  g_test_add_func ("/models/inventory-json/by-host-threads-errors", test_by_host_threads_errors);
  g_test_add_func ("/models/inventory-json/by-host-threads-twice", test_by_host_threads_twice);
  g_test_add_func ("/models/inventory-json/by-host-threads-rounded", test_by_host_threads_rounded);
  g_test_add_func ("/models/inventory-json/by-host-threads-root", test_by_host_threads_root);
  g_test_add_func ("/models/inventory-json/readme-examples", test_readme_examples);
  g_test_add_func ("/models/inventory-json/bom", test_bom);
  g_test_add_func ("/models/inventory-json/whole-with-fraction", test_whole_with_fraction);
  for (gsize i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/models/inventory-json/bad/%s", bad_cases[i].name);

      g_test_add_data_func (path, &bad_cases[i], test_bad);
    }
  g_test_add_func ("/models/inventory-json/nul", test_nul);
  g_test_add_func ("/models/inventory-json/not-terminated", test_not_terminated);
  g_test_add_func ("/models/inventory-json/deep-nesting", test_deep_nesting);
  g_test_add_func ("/models/inventory-json/unknown-keys", test_unknown_keys);
  g_test_add_func ("/models/inventory-json/looks-like", test_looks_like);
  g_test_add_func ("/models/inventory-json/field-tables", test_field_tables);
  g_test_add_func ("/models/json/number-to-uint64", test_number_to_uint64);
  g_test_add_func ("/models/json/type-name", test_type_name);
  g_test_add_func ("/collectors/inventory-json/probe-and-collect", test_collector);
}
