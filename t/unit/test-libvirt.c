/* Tests of collectors/libvirt through libvirt's test driver (no daemon, no network). */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "unit.h"
#include "collectors/libvirt/libvirt.h"
#include "collectors/libvirt/libvirt-private.h"
#include "models/model.h"

static char *
data_uri (const char *relative)
{
  const char *data = g_getenv ("HVP_DATA");
  g_autofree char *path = NULL;
  g_autofree char *absolute = NULL;

  g_assert_nonnull (data);
  path = g_build_filename (data, relative, NULL);
  absolute = g_canonicalize_filename (path, NULL);
  return g_strdup_printf ("test://%s", absolute);
}

static char *
example_uri (const char *name)
{
  const char *root = g_getenv ("HVP_SOURCE_ROOT");
  g_autofree char *path = NULL;

  g_assert_nonnull (root);
  path = g_build_filename (root, "examples", "libvirt", name, NULL);
  return g_strdup_printf ("test://%s", path);
}

static HvpInventory *
collect_ok (const char *uri)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (hvp_libvirt_collect (uri, inventory, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (inventory->hosts->len, ==, 1);
  return g_steal_pointer (&inventory);
}

static HvpHost *
only_host (HvpInventory *inventory)
{
  return g_ptr_array_index (inventory->hosts, 0);
}

static gboolean
has_warning (const HvpInventory *inventory, const char *position, const char *fragment)
{
  for (guint i = 0; i < inventory->warnings->len; i++)
    {
      const HvpWarning *warning = g_ptr_array_index (inventory->warnings, i);

      if ((position == NULL || g_strcmp0 (warning->position, position) == 0)
          && strstr (warning->message, fragment) != NULL)
        return TRUE;
    }
  return FALSE;
}

static gboolean
strings_contain (GPtrArray *strings, const char *string)
{
  for (guint i = 0; i < strings->len; i++)
    if (g_strcmp0 (g_ptr_array_index (strings, i), string) == 0)
      return TRUE;
  return FALSE;
}

static void
test_probe (void)
{
  g_assert_cmpuint (hvp_libvirt_probe ("test:///default"), ==, 100);
  g_assert_cmpuint (hvp_libvirt_probe ("test:///srv/node.xml"), ==, 100);
  g_assert_cmpuint (hvp_libvirt_probe ("qemu:///system"), ==, 100);
  g_assert_cmpuint (hvp_libvirt_probe ("qemu+ssh://admin@kvm1/system"), ==, 100);
  g_assert_cmpuint (hvp_libvirt_probe ("hyperv://hv1/?transport=http"), ==, 100);
  g_assert_cmpuint (hvp_libvirt_probe ("https://example.org/"), ==, 0);
  g_assert_cmpuint (hvp_libvirt_probe ("qemu+carrier://x/system"), ==, 0);
  g_assert_cmpuint (hvp_libvirt_probe ("/srv/hyperv/Virtual Machines"), ==, 0);
  g_assert_cmpuint (hvp_libvirt_probe ("source-host.json"), ==, 0);
  g_assert_cmpuint (hvp_libvirt_probe ("test://[bad"), ==, 0);
}

static void
test_scale (void)
{
  guint64 bytes = 0;

  g_assert_true (hvp_libvirt_scale_to_bytes ("4096", NULL, 1024, &bytes));
  g_assert_cmpuint (bytes, ==, G_GUINT64_CONSTANT (4194304));
  g_assert_true (hvp_libvirt_scale_to_bytes ("4096", "MiB", 1024, &bytes));
  g_assert_cmpuint (bytes, ==, G_GUINT64_CONSTANT (4294967296));
  g_assert_true (hvp_libvirt_scale_to_bytes ("2", "G", 1024, &bytes));
  g_assert_cmpuint (bytes, ==, G_GUINT64_CONSTANT (2147483648));
  g_assert_true (hvp_libvirt_scale_to_bytes ("3", "GB", 1, &bytes));
  g_assert_cmpuint (bytes, ==, G_GUINT64_CONSTANT (3000000000));
  g_assert_true (hvp_libvirt_scale_to_bytes (" 512 ", "bytes", 1024, &bytes));
  g_assert_cmpuint (bytes, ==, 512);
  g_assert_true (hvp_libvirt_scale_to_bytes ("1", "kb", 1, &bytes));
  g_assert_cmpuint (bytes, ==, 1000);
  g_assert_true (hvp_libvirt_scale_to_bytes ("15", "EiB", 1, &bytes));
  g_assert_cmpuint (bytes, ==, G_GUINT64_CONSTANT (15) << 60);
  g_assert_false (hvp_libvirt_scale_to_bytes ("16", "EiB", 1, &bytes));
  g_assert_false (hvp_libvirt_scale_to_bytes ("18446744073709551615", "KiB", 1, &bytes));
  g_assert_false (hvp_libvirt_scale_to_bytes ("1", "XiB", 1, &bytes));
  g_assert_false (hvp_libvirt_scale_to_bytes ("1", "Mo", 1, &bytes));
  g_assert_false (hvp_libvirt_scale_to_bytes ("-1", "KiB", 1, &bytes));
  g_assert_false (hvp_libvirt_scale_to_bytes ("1.5", "GiB", 1, &bytes));
}

/* test:///default: libvirt's built-in node (test_driver.c defaultConnXML). */
static void
test_default (void)
{
  g_autoptr (HvpInventory) inventory = collect_ok ("test:///default");
  HvpHost *host = only_host (inventory);
  HvpVm *vm;

  g_assert_cmpstr (host->name, ==, "default");
  g_assert_true (has_warning (inventory, "hostname", "the test driver reports this machine's name"));
  g_assert_cmpuint (host->logical_processors, ==, 16);
  g_assert_cmpuint (host->memory_bytes, ==, G_GUINT64_CONSTANT (3145728) * 1024);
  g_assert_nonnull (host->processor.cpu_xml);
  g_assert_true (g_str_has_prefix (host->processor.cpu_xml, "<cpu>"));
  g_assert_true (has_warning (inventory, "capabilities", "names no vendor"));
  g_assert_cmpuint (host->vms->len, ==, 1);
  vm = g_ptr_array_index (host->vms, 0);
  g_assert_cmpstr (vm->name, ==, "test");
  g_assert_cmpstr (vm->id, ==, "6695EB01-F6A4-8304-79AA-97F2502E193F");
  g_assert_cmpint (vm->state, ==, HVP_VM_STATE_RUNNING);
  g_assert_cmpuint (vm->vcpus, ==, 2);
  /* <memory> 8388608 KiB above <currentMemory> 2097152 KiB: dynamic-like. */
  g_assert_true (vm->memory.dynamic);
  g_assert_cmpuint (vm->memory.startup_bytes, ==, 2 * HVP_GIB);
  g_assert_cmpuint (vm->memory.maximum_bytes, ==, 8 * HVP_GIB);
  g_assert_cmpuint (host->switches->len, ==, 1);
  g_assert_cmpstr (((HvpSwitch *) g_ptr_array_index (host->switches, 0))->name, ==, "default");
  g_assert_cmpuint (host->volumes->len, ==, 1);
  g_assert_cmpstr (((HvpVolume *) g_ptr_array_index (host->volumes, 0))->path, ==,
                   "/default-pool");
  g_assert_true (strings_contain (host->physical_nics, "eth1"));
  g_assert_cmpstr (g_ptr_array_index (inventory->sources, 0), ==, "libvirt:test:///default");
}

/* testnode.xml with its domain, network and pool files beside it. */
static void
test_sample_testnode (void)
{
  g_autofree char *uri = data_uri ("libvirt/testnode.xml");
  g_autoptr (HvpInventory) inventory = collect_ok (uri);
  HvpHost *host = only_host (inventory);
  HvpVm *fv0, *fc4;
  HvpSwitch *private_switch, *default_switch;
  HvpAdapter *adapter;
  HvpDisk *disk;

  g_assert_cmpstr (host->name, ==, "testnode");
  /* cpu: 4 nodes × 4 sockets × 4 cores × 2 threads, capped by <active>50</active>. */
  g_assert_cmpuint (host->logical_processors, ==, 50);
  g_assert_cmpuint (host->memory_bytes, ==, G_GUINT64_CONSTANT (8192000) * 1024);
  g_assert_cmpstr (host->processor.name, ==, "i986");
  g_assert_cmpuint (host->vms->len, ==, 2);
  fc4 = g_ptr_array_index (host->vms, 0);
  fv0 = g_ptr_array_index (host->vms, 1);
  g_assert_cmpstr (fc4->name, ==, "fc4");
  g_assert_cmpstr (fv0->name, ==, "fv0");
  g_assert_cmpstr (fv0->id, ==, "4DEA22B3-1D52-D8F3-2516-782E98AB3FA0");
  g_assert_cmpuint (fv0->vcpus, ==, 4);
  g_assert_cmpuint (fv0->memory.startup_bytes, ==, G_GUINT64_CONSTANT (524288) * 1024);
  g_assert_false (fv0->memory.dynamic);
  /* fc4: <memory> 261072 above <currentMemory> 131072 (KiB). */
  g_assert_cmpuint (fc4->memory.startup_bytes, ==, G_GUINT64_CONSTANT (131072) * 1024);
  g_assert_cmpuint (fc4->memory.maximum_bytes, ==, G_GUINT64_CONSTANT (261072) * 1024);
  g_assert_true (fc4->memory.dynamic);
  /* fv0: one hard disk; the cdrom and the floppy are not drives. */
  g_assert_cmpuint (fv0->drives->len, ==, 1);
  g_assert_cmpstr (((HvpDrive *) g_ptr_array_index (fv0->drives, 0))->disk_path, ==, "/root/fv0");
  disk = hvp_host_find_disk (host, "/root/fv0");
  g_assert_nonnull (disk);
  g_assert_cmpuint (disk->virtual_size_bytes, ==, 0);
  g_assert_true (has_warning (inventory, "domain 'fv0'", "size unknown"));
  g_assert_cmpuint (fv0->adapters->len, ==, 1);
  adapter = g_ptr_array_index (fv0->adapters, 0);
  g_assert_cmpstr (adapter->mac, ==, "00-16-3E-5D-C7-9E");
  g_assert_cmpstr (adapter->switch_name, ==, "xenbr0");
  g_assert_true (has_warning (inventory, "domain 'fv0'", "'xenbr0' is no network of the host"));
  private_switch = hvp_host_find_switch (host, "private");
  default_switch = hvp_host_find_switch (host, "default");
  g_assert_nonnull (private_switch);
  g_assert_nonnull (default_switch);
  g_assert_cmpint (private_switch->type, ==, HVP_SWITCH_TYPE_PRIVATE);
  /* testnetdef.xml: <forward dev='eth0'/> without a mode is nat. */
  g_assert_cmpint (default_switch->type, ==, HVP_SWITCH_TYPE_INTERNAL);
  g_assert_cmpuint (host->volumes->len, ==, 1);
}

static void
test_sample_testnodeinline (void)
{
  g_autofree char *uri = data_uri ("libvirt/testnodeinline.xml");
  g_autoptr (HvpInventory) inventory = collect_ok (uri);
  HvpHost *host = only_host (inventory);
  HvpVm *fc5 = hvp_host_find_vm (host, "fc5");

  g_assert_cmpuint (host->vms->len, ==, 3);
  g_assert_nonnull (fc5);
  /* <test:runstate>3</test:runstate> */
  g_assert_cmpint (fc5->state, ==, HVP_VM_STATE_PAUSED);
  g_assert_cmpuint (host->logical_processors, ==, 50);
}

static void
test_sample_constructed (void)
{
  g_autofree char *uri = data_uri ("libvirt/synthetic/constructed-hyperv-like-node.xml");
  g_autoptr (HvpInventory) inventory = collect_ok (uri);
  HvpHost *host = only_host (inventory);
  HvpVm *web01 = hvp_host_find_vm (host, "web01");
  HvpDisk *disk = hvp_host_find_disk (host, "/vm/web01.vhdx");
  HvpSnapshot *snap2;

  g_assert_nonnull (web01);
  g_assert_cmpint (web01->state, ==, HVP_VM_STATE_OFF);
  g_assert_true (web01->memory.dynamic);
  g_assert_cmpuint (web01->memory.startup_bytes, ==, 2048 * HVP_MIB);
  g_assert_cmpuint (web01->memory.maximum_bytes, ==, 4096 * HVP_MIB);
  g_assert_cmpuint (web01->snapshots->len, ==, 2);
  g_assert_cmpstr (web01->current_snapshot_id, ==, "snap2");
  snap2 = hvp_vm_find_snapshot (web01, "snap2");
  g_assert_nonnull (snap2);
  g_assert_nonnull (snap2->parent);
  g_assert_cmpstr (snap2->parent->id, ==, "snap1");
  g_assert_true (has_warning (inventory, "domain 'web01' snapshot 'snap1'", "records no configuration"));
  g_assert_nonnull (disk);
  g_assert_cmpint (disk->format, ==, HVP_DISK_FORMAT_VHDX);
  g_assert_cmpuint (disk->virtual_size_bytes, ==, 40 * HVP_GIB);
  g_assert_cmpuint (disk->file_size_bytes, ==, 10 * HVP_GIB);
  g_assert_cmpuint (host->logical_processors, ==, 32);
  g_assert_cmpuint (host->memory_bytes, ==, G_GUINT64_CONSTANT (268435456) * 1024);
  g_assert_cmpint (hvp_host_find_switch (host, "extnet")->type, ==, HVP_SWITCH_TYPE_EXTERNAL);
}

static void
test_example_source (void)
{
  g_autofree char *uri = example_uri ("source-host.xml");
  g_autoptr (HvpInventory) inventory = collect_ok (uri);
  HvpHost *host = only_host (inventory);
  HvpVm *dc01, *web01, *sql01, *lab01;
  HvpSwitch *external, *internal, *private_switch;
  HvpSnapshot *base, *updates, *updates2, *experiment;
  HvpAdapter *adapter;
  HvpDrive *drive;
  HvpDisk *disk;
  HvpVolume *volume;

  g_assert_cmpstr (host->name, ==, "source-host");
  g_assert_cmpuint (host->memory_bytes, ==, 128 * HVP_GIB);
  g_assert_cmpuint (host->logical_processors, ==, 32);
  g_assert_cmpstr (host->processor.name, ==, "Xeon E5-2670");
  g_assert_cmpuint (host->physical_nics->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (host->physical_nics, 0), ==, "eth0");
  g_assert_cmpstr (g_ptr_array_index (host->physical_nics, 1), ==, "eth1");

  /* Networks → switches. */
  g_assert_cmpuint (host->switches->len, ==, 3);
  external = hvp_host_find_switch (host, "External");
  internal = hvp_host_find_switch (host, "Internal");
  private_switch = hvp_host_find_switch (host, "Private");
  g_assert_cmpint (external->type, ==, HVP_SWITCH_TYPE_EXTERNAL);
  g_assert_cmpstr (external->id, ==, "A1B2C3D4-0000-4000-8000-000000000001");
  g_assert_cmpuint (external->physical_nics->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (external->physical_nics, 0), ==, "br-ext");
  g_assert_cmpint (internal->type, ==, HVP_SWITCH_TYPE_INTERNAL);
  g_assert_cmpint (private_switch->type, ==, HVP_SWITCH_TYPE_PRIVATE);
  g_assert_cmpuint (private_switch->physical_nics->len, ==, 0);

  /* Pools → volumes: the test driver gives every pool 100 GiB; available = 100 GiB minus the
   * allocations (21 GiB + 12800 MiB + 35 GiB = 68.5 GiB; lab: 3 GiB). */
  g_assert_cmpuint (host->volumes->len, ==, 2);
  volume = g_ptr_array_index (host->volumes, 0);
  if (g_strcmp0 (volume->path, "/srv/hyperv") != 0)
    volume = g_ptr_array_index (host->volumes, 1);
  g_assert_cmpstr (volume->path, ==, "/srv/hyperv");
  g_assert_cmpuint (volume->capacity_bytes, ==, 100 * HVP_GIB);
  g_assert_cmpuint (volume->free_bytes, ==, 100 * HVP_GIB - 68 * HVP_GIB - 512 * HVP_MIB);

  /* Domains, sorted by name. */
  g_assert_cmpuint (host->vms->len, ==, 4);
  dc01 = g_ptr_array_index (host->vms, 0);
  lab01 = g_ptr_array_index (host->vms, 1);
  sql01 = g_ptr_array_index (host->vms, 2);
  web01 = g_ptr_array_index (host->vms, 3);
  g_assert_cmpstr (dc01->name, ==, "dc01");
  g_assert_cmpstr (lab01->name, ==, "lab01");
  g_assert_cmpstr (sql01->name, ==, "sql01");
  g_assert_cmpstr (web01->name, ==, "web01");

  /* dc01: running, static 4 GiB, one IDE disk (the cdrom is left out), External adapter. */
  g_assert_cmpstr (dc01->id, ==, "1C8BD1A4-6A0E-4B6F-9F4C-0D2A7E3B5C01");
  g_assert_cmpint (dc01->state, ==, HVP_VM_STATE_RUNNING);
  g_assert_cmpuint (dc01->vcpus, ==, 2);
  g_assert_false (dc01->memory.dynamic);
  g_assert_cmpuint (dc01->memory.startup_bytes, ==, 4 * HVP_GIB);
  g_assert_cmpuint (dc01->memory.maximum_bytes, ==, 0);
  g_assert_false (dc01->saved_state);
  g_assert_cmpuint (dc01->drives->len, ==, 1);
  drive = g_ptr_array_index (dc01->drives, 0);
  g_assert_cmpint (drive->controller_type, ==, HVP_CONTROLLER_TYPE_IDE);
  g_assert_cmpuint (drive->controller_number, ==, 0);
  g_assert_cmpuint (drive->controller_location, ==, 0);
  g_assert_cmpstr (drive->disk_path, ==, "/srv/hyperv/dc01.vhdx");
  disk = hvp_host_find_disk (host, "/srv/hyperv/dc01.vhdx");
  g_assert_cmpint (disk->format, ==, HVP_DISK_FORMAT_VHDX);
  g_assert_cmpuint (disk->virtual_size_bytes, ==, 60 * HVP_GIB);
  g_assert_cmpuint (disk->file_size_bytes, ==, 21 * HVP_GIB);
  g_assert_true (has_warning (inventory, "domain 'dc01'", "records no driver type; format vhdx"));
  adapter = g_ptr_array_index (dc01->adapters, 0);
  g_assert_cmpstr (adapter->mac, ==, "00-15-5D-01-07-DC");
  g_assert_cmpstr (adapter->switch_name, ==, "External");
  g_assert_cmpstr (adapter->switch_id, ==, "A1B2C3D4-0000-4000-8000-000000000001");
  g_assert_true (adapter->connected);

  /* web01: balloon room (<currentMemory> 2 GiB under <memory> 8 GiB): dynamic up to <memory>;
   * <maxMemory> 16 GiB is the hot-plug ceiling, no dynamic-memory maximum.  4 vCPUs configured
   * (2 current), VHD disk, two adapters. */
  g_assert_cmpint (web01->state, ==, HVP_VM_STATE_OFF);
  g_assert_cmpuint (web01->vcpus, ==, 4);
  g_assert_true (web01->memory.dynamic);
  g_assert_cmpuint (web01->memory.startup_bytes, ==, 2 * HVP_GIB);
  g_assert_cmpuint (web01->memory.minimum_bytes, ==, 2 * HVP_GIB);
  g_assert_cmpuint (web01->memory.maximum_bytes, ==, 8 * HVP_GIB);
  g_assert_true (has_warning (inventory, "domain 'web01'", "taken as dynamic memory"));
  drive = g_ptr_array_index (web01->drives, 0);
  g_assert_cmpint (drive->controller_type, ==, HVP_CONTROLLER_TYPE_SCSI);
  disk = hvp_host_find_disk (host, "/srv/hyperv/web01.vhd");
  g_assert_cmpint (disk->format, ==, HVP_DISK_FORMAT_VHD);
  g_assert_cmpuint (disk->virtual_size_bytes, ==, 40 * HVP_GIB);
  g_assert_cmpuint (disk->file_size_bytes, ==, 12800 * HVP_MIB);
  g_assert_cmpuint (web01->adapters->len, ==, 2);
  g_assert_cmpstr (((HvpAdapter *) g_ptr_array_index (web01->adapters, 0))->switch_name, ==,
                   "Internal");
  /* <source bridge='br-ext'/> is the External network's bridge. */
  g_assert_cmpstr (((HvpAdapter *) g_ptr_array_index (web01->adapters, 1))->switch_name, ==,
                   "External");

  /* web01 snapshots: base → {experiment, updates → updates-2}; current updates-2. */
  g_assert_cmpuint (web01->snapshots->len, ==, 4);
  g_assert_cmpstr (web01->current_snapshot_id, ==, "updates-2");
  base = hvp_vm_find_snapshot (web01, "base");
  updates = hvp_vm_find_snapshot (web01, "updates");
  updates2 = hvp_vm_find_snapshot (web01, "updates-2");
  experiment = hvp_vm_find_snapshot (web01, "experiment");
  g_assert_null (base->parent);
  g_assert_cmpuint (base->children->len, ==, 2);
  g_assert_true (g_ptr_array_index (base->children, 0) == updates);
  g_assert_true (g_ptr_array_index (base->children, 1) == experiment);
  g_assert_true (updates2->parent == updates);
  g_assert_cmpint (base->creation_time, ==, 1600000000);
  g_assert_cmpint (updates->creation_time, ==, 1600086400);
  g_assert_false (base->saved_state);
  g_assert_true (updates->saved_state);
  g_assert_false (updates2->saved_state);
  g_assert_true (experiment->saved_state); /* paused, no <memory>: the state decides */
  g_assert_cmpuint (base->vcpus, ==, 1);
  g_assert_cmpuint (base->memory.startup_bytes, ==, 1 * HVP_GIB);
  g_assert_cmpuint (base->drives->len, ==, 1);
  g_assert_cmpuint (updates->vcpus, ==, 6);
  g_assert_true (updates->memory.dynamic);
  g_assert_cmpuint (updates->memory.maximum_bytes, ==, 6 * HVP_GIB);
  g_assert_cmpuint (hvp_vm_max_vcpus (web01), ==, 6);

  /* sql01: managed save; the second disk is in no pool. */
  g_assert_cmpint (sql01->state, ==, HVP_VM_STATE_SAVED);
  g_assert_true (sql01->saved_state);
  g_assert_cmpuint (sql01->vcpus, ==, 8);
  g_assert_cmpuint (sql01->memory.startup_bytes, ==, 16 * HVP_GIB);
  g_assert_cmpuint (sql01->drives->len, ==, 2);
  drive = g_ptr_array_index (sql01->drives, 1);
  g_assert_cmpuint (drive->controller_number, ==, 1);
  g_assert_cmpuint (drive->controller_location, ==, 3);
  g_assert_cmpuint (hvp_host_find_disk (host, "/srv/hyperv/sql01-os.vhdx")->virtual_size_bytes,
                    ==, 127 * HVP_GIB);
  g_assert_cmpuint (hvp_host_find_disk (host, "/srv/data/sql01-data.vhdx")->virtual_size_bytes,
                    ==, 0);
  g_assert_true (has_warning (inventory, "domain 'sql01'",
                              "disk '/srv/data/sql01-data.vhdx': size unknown"));

  /* lab01: paused, qcow2 differencing disk on the Private network. */
  g_assert_cmpint (lab01->state, ==, HVP_VM_STATE_PAUSED);
  disk = hvp_host_find_disk (host, "/srv/lab/lab01.qcow2");
  g_assert_cmpint (disk->format, ==, HVP_DISK_FORMAT_QCOW2);
  g_assert_cmpint (disk->type, ==, HVP_DISK_TYPE_DIFFERENCING);
  g_assert_cmpstr (disk->parent_path, ==, "/srv/lab/golden.qcow2");
  g_assert_cmpuint (disk->virtual_size_bytes, ==, 20 * HVP_GIB);
  g_assert_cmpstr (((HvpAdapter *) g_ptr_array_index (lab01->adapters, 0))->switch_name, ==,
                   "Private");
}

static void
test_example_destination (void)
{
  g_autofree char *uri = example_uri ("destination-host.xml");
  g_autoptr (HvpInventory) inventory = collect_ok (uri);
  HvpHost *host = only_host (inventory);
  guint64 free_bytes = 0;

  g_assert_cmpstr (host->name, ==, "destination-host");
  g_assert_cmpuint (host->vms->len, ==, 0);
  g_assert_cmpuint (host->memory_bytes, ==, 256 * HVP_GIB);
  g_assert_cmpuint (host->logical_processors, ==, 64);
  g_assert_cmpuint (host->physical_nics->len, ==, 4);
  g_assert_cmpuint (host->switches->len, ==, 3);
  g_assert_cmpint (hvp_host_find_switch (host, "External")->type, ==, HVP_SWITCH_TYPE_EXTERNAL);
  g_assert_cmpint (hvp_host_find_switch (host, "Internal")->type, ==, HVP_SWITCH_TYPE_INTERNAL);
  g_assert_cmpint (hvp_host_find_switch (host, "Private")->type, ==, HVP_SWITCH_TYPE_PRIVATE);
  /* Four pools of 100 GiB each: the test driver's fixed pool size. */
  g_assert_cmpuint (host->volumes->len, ==, 4);
  for (guint i = 0; i < host->volumes->len; i++)
    {
      HvpVolume *volume = g_ptr_array_index (host->volumes, i);

      g_assert_true (g_str_has_prefix (volume->path, "/srv/hyperv"));
      free_bytes += volume->free_bytes;
    }
  g_assert_cmpuint (free_bytes, ==, 400 * HVP_GIB);
}

static void
test_open_error (void)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autoptr (GError) error = NULL;

  g_assert_false (hvp_libvirt_collect ("test:///nonexistent/file.xml", inventory, &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_OPEN);
  g_assert_cmpuint (hvp_error_exit_status (error), ==, HVP_EXIT_OPEN);
  /* libvirt 9.0.0's own words. */
  g_assert_cmpstr (error->message, ==,
                   "cannot connect to 'test:///nonexistent/file.xml': XML error: failed to parse "
                   "xml document '/nonexistent/file.xml'");
  g_assert_cmpuint (inventory->hosts->len, ==, 0);
}

static void
test_open_error_hides_password (void)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autoptr (GError) error = NULL;

  /* A host in a test:// URI means the remote driver: it fails before any network (no TLS CA). */
  g_assert_false (hvp_libvirt_collect ("test+unix://admin:Sup3rSecret@/default?socket=/nonexistent",
                                       inventory, &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_OPEN);
  g_assert_true (g_str_has_prefix (error->message,
                                   "cannot connect to 'test+unix://admin@/default?socket=/nonexistent': "));
  g_assert_null (strstr (error->message, "Sup3rSecret"));
}

static void
test_malformed_domain (void)
{
  const char *files[] = { "libvirt/synthetic/malformed-domain.xml",
                          "libvirt/synthetic/not-well-formed.xml" };
  const char *messages[] = { "XML error: an os <type> must be specified",
                             "Opening and ending tag mismatch" };

  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *uri = data_uri (files[i]);
      g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
      g_autoptr (GError) error = NULL;

      g_assert_false (hvp_libvirt_collect (uri, inventory, &error));
      g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
      g_assert_cmpuint (hvp_error_exit_status (error), ==, HVP_EXIT_DATA);
      g_assert_true (g_str_has_prefix (error->message, "cannot connect to 'test://"));
      g_assert_nonnull (strstr (error->message, messages[i]));
    }
}

static void
test_unsupported (void)
{
  g_autofree char *uri = example_uri ("source-host.xml");
  g_autoptr (HvpInventory) inventory = NULL;
  HvpHost *host;
  HvpVm *sql01;

  hvp_libvirt_set_unsupported_for_testing (HVP_LIBVIRT_API_CAPABILITIES | HVP_LIBVIRT_API_SNAPSHOTS
                                           | HVP_LIBVIRT_API_MANAGED_SAVE
                                           | HVP_LIBVIRT_API_NETWORKS | HVP_LIBVIRT_API_STORAGE
                                           | HVP_LIBVIRT_API_INTERFACES);
  inventory = collect_ok (uri);
  hvp_libvirt_set_unsupported_for_testing (0);
  host = only_host (inventory);
  g_assert_cmpuint (host->vms->len, ==, 4);
  g_assert_null (host->processor.cpu_xml);
  g_assert_cmpuint (host->switches->len, ==, 0);
  g_assert_cmpuint (host->volumes->len, ==, 0);
  g_assert_cmpuint (host->physical_nics->len, ==, 0);
  g_assert_cmpuint (hvp_host_find_vm (host, "web01")->snapshots->len, ==, 0);
  sql01 = hvp_host_find_vm (host, "sql01");
  g_assert_false (sql01->saved_state);
  g_assert_cmpint (sql01->state, ==, HVP_VM_STATE_OFF);
  g_assert_true (has_warning (inventory, NULL, "virtual switches unknown: the driver does not support it"));
  g_assert_true (has_warning (inventory, "domain 'web01'", "snapshots unknown"));
  g_assert_true (has_warning (inventory, "domain 'sql01'", "managed save image unknown"));
  g_assert_true (has_warning (inventory, NULL, "virConnectListAllStoragePools"));
  g_assert_true (has_warning (inventory, NULL, "virConnectListAllInterfaces"));
  g_assert_true (has_warning (inventory, "capabilities", "virConnectGetCapabilities"));
  /* Disk sizes come from storage volumes: unknown now. */
  g_assert_cmpuint (hvp_host_find_disk (host, "/srv/hyperv/dc01.vhdx")->virtual_size_bytes, ==, 0);
}

/* A node of many domains, each with its disk and adapter: 500 with HVP_TEST_EXPENSIVE=1, 100
 * otherwise (libvirt's test driver parses 500 in 0.2 s of CPU, a third of the room's default
 * run); every assertion holds for either count. */
static void
test_many_domains (void)
{
  const guint n = hvp_test_expensive () ? 500 : 100;
  g_autoptr (GError) error = NULL;
  g_autofree char *directory = g_dir_make_tmp ("hvplan-libvirt-XXXXXX", &error);
  g_autofree char *file = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *last_name = NULL;
  g_autofree char *last_id = NULL;
  g_autoptr (GString) xml = g_string_new ("<node>\n");
  g_autoptr (HvpInventory) inventory = NULL;
  HvpHost *host;
  guint64 total = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (xml,
                            "<domain type='test'><name>vm%03u</name>"
                            "<uuid>00000000-0000-4000-8000-%012u</uuid>"
                            "<memory unit='MiB'>%u</memory><vcpu>%u</vcpu>"
                            "<os><type>hvm</type></os><devices>"
                            "<disk type='file' device='disk'><driver name='qemu' type='vpc'/>"
                            "<source file='/srv/vm%03u.vhd'/><target dev='sda' bus='scsi'/></disk>"
                            "<interface type='network'><source network='lan'/></interface>"
                            "</devices></domain>\n",
                            i, i, 512 + i, 1 + i % 8, i);
  g_string_append (xml, "<network><name>lan</name><bridge name='br0'/><forward mode='bridge'/></network>\n"
                        "<cpu><nodes>1</nodes><sockets>2</sockets><cores>32</cores><threads>2</threads></cpu>\n"
                        "<memory>1073741824</memory>\n</node>\n");
  file = g_build_filename (directory, "many.xml", NULL);
  g_assert_true (g_file_set_contents (file, xml->str, (gssize) xml->len, &error));
  uri = g_strdup_printf ("test://%s", file);
  inventory = collect_ok (uri);
  host = only_host (inventory);
  g_assert_cmpuint (host->vms->len, ==, n);
  g_assert_cmpuint (host->disks->len, ==, n);
  for (guint i = 0; i < host->vms->len; i++)
    {
      HvpVm *vm = g_ptr_array_index (host->vms, i);
      g_autofree char *name = g_strdup_printf ("vm%03u", i);

      g_assert_cmpstr (vm->name, ==, name);
      g_assert_cmpuint (vm->vcpus, ==, 1 + i % 8);
      g_assert_cmpstr (((HvpAdapter *) g_ptr_array_index (vm->adapters, 0))->switch_name, ==, "lan");
      total += vm->memory.startup_bytes;
    }
  /* Σ (512 + i) MiB for i < n = n × 512 + n (n − 1) / 2 MiB (500: 256000 + 124750). */
  g_assert_cmpuint (total, ==, ((guint64) n * 512 + (guint64) n * (n - 1) / 2) * HVP_MIB);
  last_name = g_strdup_printf ("vm%03u", n - 1);
  last_id = g_strdup_printf ("00000000-0000-4000-8000-%012u", n - 1);
  g_assert_cmpstr (hvp_host_find_vm (host, last_name)->id, ==, last_id);
  g_assert_cmpint (g_remove (file), ==, 0);
  g_assert_cmpint (g_rmdir (directory), ==, 0);
}

#define WESTMERE "<cpu><arch>x86_64</arch><model>Westmere</model><vendor>Intel</vendor>" \
                 "<feature name='vmx'/></cpu>"
#define HASWELL "<cpu><arch>x86_64</arch><model>Haswell-noTSX</model><vendor>Intel</vendor>" \
                "<feature name='vmx'/><feature name='invtsc'/></cpu>"
#define EPYC "<cpu><arch>x86_64</arch><model>EPYC</model><vendor>AMD</vendor></cpu>"

static void
compare (const char *source_xml, const char *destination_xml, const char *destination_uri,
         HvpCpuComparison expected, const char *expected_method)
{
  HvpProcessor source = { .vendor = (char *) "GenuineIntel", .family = 6, .model = 44,
                          .stepping = 2, .cpu_xml = (char *) source_xml };
  HvpProcessor destination = { .vendor = (char *) "GenuineIntel", .family = 6, .model = 63,
                               .stepping = 2, .cpu_xml = (char *) destination_xml };
  HvpCpuComparison result = HVP_CPU_COMPARISON_UNKNOWN;
  g_autofree char *method = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (hvp_libvirt_compare_processors (&source, &destination, destination_uri, &result,
                                                 &method, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (hvp_cpu_comparison_to_string (result), ==,
                   hvp_cpu_comparison_to_string (expected));
  g_assert_cmpstr (method, ==, expected_method);
}

static void
test_compare_processors (void)
{
  HvpProcessor intel = { .vendor = (char *) "GenuineIntel", .family = 6, .model = 44 };
  HvpProcessor amd = { .vendor = (char *) "AuthenticAMD", .family = 23, .model = 1 };
  HvpProcessor bad = { .vendor = (char *) "GenuineIntel", .cpu_xml = (char *) "<cpu><model>" };
  HvpCpuComparison result;
  g_autofree char *method = NULL;
  g_autoptr (GError) error = NULL;

  /* Baseline on test:///default (the test driver has no virConnectCompareCPU). */
  compare (WESTMERE, HASWELL, NULL, HVP_CPU_COMPARISON_SUPERSET, "virConnectBaselineCPU");
  compare (HASWELL, WESTMERE, NULL, HVP_CPU_COMPARISON_INCOMPATIBLE, "virConnectBaselineCPU");
  compare (WESTMERE, WESTMERE, NULL, HVP_CPU_COMPARISON_IDENTICAL, "virConnectBaselineCPU");
  compare (WESTMERE, EPYC, NULL, HVP_CPU_COMPARISON_INCOMPATIBLE, "virConnectBaselineCPU");
  /* A destination URI whose driver lacks virConnectCompareCPU falls back to the baseline. */
  compare (WESTMERE, HASWELL, "test:///default", HVP_CPU_COMPARISON_SUPERSET,
           "virConnectBaselineCPU");
  /* test:///default's host <cpu> names no model: vendor/family/model decides. */
  compare ("<cpu><arch>i686</arch></cpu>", HASWELL, NULL, HVP_CPU_COMPARISON_UNKNOWN,
           "vendor/family/model");
  compare (NULL, NULL, NULL, HVP_CPU_COMPARISON_UNKNOWN, "vendor/family/model");

  g_assert_true (hvp_libvirt_compare_processors (&intel, &amd, NULL, &result, &method, &error));
  g_assert_cmpint (result, ==, HVP_CPU_COMPARISON_INCOMPATIBLE);
  g_assert_cmpstr (method, ==, "vendor/family/model");
  g_clear_pointer (&method, g_free);
  g_assert_true (hvp_libvirt_compare_processors (&intel, &intel, NULL, &result, &method, &error));
  g_assert_cmpint (result, ==, HVP_CPU_COMPARISON_IDENTICAL);
  g_clear_pointer (&method, g_free);

  bad.cpu_xml = (char *) "<cpu><model>";
  intel.cpu_xml = (char *) WESTMERE;
  g_assert_false (hvp_libvirt_compare_processors (&bad, &intel, NULL, &result, &method, &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  g_assert_null (method);
}

/* The readers without a connection (libvirt-private.h, used by the fuzz targets): a real domain
 * file reads as a VM, documents with a DOCTYPE or another root are refused, and a message quoting
 * input stays on one line. */
static void
test_read_document (void)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("HVP_DATA"), "libvirt", "testdomfv0.xml",
                                            NULL);
  g_autofree char *text = NULL;
  gsize length = 0;
  const HvpHost *host;
  const HvpVm *vm;
  static const char doctype[] = "<?xml version='1.0'?><!DOCTYPE domain [<!ENTITY x 'y'>]>"
                                "<domain><name>&x;</name><memory>1</memory></domain>";
  static const char overflow[] = "<domain><name>n</name><memory unit='EiB'>99</memory>"
                                 "</domain>";

  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  g_assert_true (hvp_libvirt_read_document ("testdomfv0.xml", text, length, inventory, &error));
  g_assert_no_error (error);
  host = g_ptr_array_index (inventory->hosts, 0);
  g_assert_cmpuint (host->vms->len, ==, 1);
  vm = g_ptr_array_index (host->vms, 0);
  g_assert_cmpstr (vm->name, ==, "fv0");
  g_assert_cmpuint (vm->vcpus, >, 0);
  g_assert_cmpuint (vm->memory.startup_bytes, >, 0);

  g_assert_false (hvp_libvirt_read_document ("d.xml", doctype, sizeof doctype - 1, inventory,
                                             &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "DOCTYPE"));
  g_clear_error (&error);
  g_assert_false (hvp_libvirt_read_document ("o.xml", overflow, sizeof overflow - 1, inventory,
                                             &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "fits 64 bits"));
  g_clear_error (&error);
  g_assert_false (hvp_libvirt_read_document ("r.xml", "<pool>\n</pool>", 14, inventory, &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  g_assert_null (strchr (error->message, '\n'));
}

/* A domain document (no connection) with @devices and @memory inside; the only VM. */
static HvpVm *
read_domain_text (HvpInventory *inventory, const char *memory, const char *devices,
                  GError **error)
{
  g_autofree char *text = g_strdup_printf ("<domain type='test'><name>d</name>%s"
                                           "<vcpu>1</vcpu><os><type>hvm</type></os>"
                                           "<devices>%s</devices></domain>", memory, devices);
  HvpHost *host;

  if (!hvp_libvirt_read_document ("d.xml", text, strlen (text), inventory, error))
    return NULL;
  host = only_host (inventory);
  return g_ptr_array_index (host->vms, host->vms->len - 1);
}

/* libvirt's nested <backingStore> (formatdomain.html, "Hard drives"): every layer becomes a host
 * disk whose parent is the next, a block device's <source dev> included, to any depth; an empty
 * <backingStore/> ends the chain. */
static void
test_chain_depth (void)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) devices = g_string_new ("<disk type='file' device='disk'>"
                                              "<driver name='qemu' type='qcow2'/>"
                                              "<source file='/i/l0.qcow2'/>");
  HvpHost *host;
  HvpDisk *disk;
  const guint depth = 40;

  for (guint i = 1; i < depth; i++)
    g_string_append_printf (devices, "<backingStore type='file'><format type='qcow2'/>"
                            "<source file='/i/l%u.qcow2'/>", i);
  g_string_append (devices, "<backingStore type='block'><format type='raw'/>"
                   "<source dev='/dev/vg/base'/><backingStore/></backingStore>");
  for (guint i = 1; i < depth; i++)
    g_string_append (devices, "</backingStore>");
  g_string_append (devices, "<target dev='vda' bus='virtio'/></disk>");
  g_assert_nonnull (read_domain_text (inventory, "<memory>1048576</memory>", devices->str,
                                      &error));
  g_assert_no_error (error);
  host = only_host (inventory);
  g_assert_cmpuint (host->disks->len, ==, depth + 1);
  for (guint i = 0; i + 1 < depth; i++)
    {
      g_autofree char *path = g_strdup_printf ("/i/l%u.qcow2", i);
      g_autofree char *parent = g_strdup_printf ("/i/l%u.qcow2", i + 1);

      disk = hvp_host_find_disk (host, path);
      g_assert_nonnull (disk);
      g_assert_cmpint (disk->type, ==, HVP_DISK_TYPE_DIFFERENCING);
      g_assert_cmpint (disk->format, ==, HVP_DISK_FORMAT_QCOW2);
      g_assert_cmpstr (disk->parent_path, ==, parent);
    }
  g_assert_cmpstr (hvp_host_find_disk (host, "/i/l39.qcow2")->parent_path, ==, "/dev/vg/base");
  disk = hvp_host_find_disk (host, "/dev/vg/base");
  g_assert_nonnull (disk);
  g_assert_cmpint (disk->format, ==, HVP_DISK_FORMAT_RAW);
  g_assert_cmpint (disk->type, ==, HVP_DISK_TYPE_FIXED);
  g_assert_null (disk->parent_path);
}

/* A chain that comes back to one of its layers is refused, as the VHD reader refuses one; a
 * parent two VMs share is added once. */
static void
test_chain_loop (void)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autoptr (HvpInventory) shared = hvp_inventory_new ();
  g_autoptr (GError) error = NULL;
  static const char loop[] =
    "<disk type='file' device='disk'><driver type='qcow2'/><source file='/i/a.qcow2'/>"
    "<backingStore type='file'><format type='qcow2'/><source file='/i/b.qcow2'/>"
    "<backingStore type='file'><format type='qcow2'/><source file='/i/a.qcow2'/>"
    "</backingStore></backingStore><target dev='vda' bus='virtio'/></disk>";
  static const char two[] =
    "<disk type='file' device='disk'><driver type='qcow2'/><source file='/i/x.qcow2'/>"
    "<backingStore type='file'><format type='qcow2'/><source file='/i/gold.qcow2'/>"
    "</backingStore><target dev='vda' bus='virtio'/></disk>"
    "<disk type='file' device='disk'><driver type='qcow2'/><source file='/i/y.qcow2'/>"
    "<backingStore type='file'><format type='qcow2'/><source file='/i/gold.qcow2'/>"
    "</backingStore><target dev='vdb' bus='virtio'/></disk>";

  g_assert_null (read_domain_text (inventory, "<memory>1048576</memory>", loop, &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  g_assert_nonnull (strstr (error->message,
                            "the backing chain of '/i/a.qcow2' loops back to '/i/a.qcow2'"));
  g_clear_error (&error);
  g_assert_nonnull (read_domain_text (shared, "<memory>1048576</memory>", two, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (only_host (shared)->disks->len, ==, 3);
}

/* formatdomain.html, "Memory Allocation": <maxMemory> is the hot-plug ceiling; balloon room
 * between <currentMemory> and <memory> is dynamic memory; without a balloon, static <memory>. */
static void
test_memory_mapping (void)
{
  static const struct {
    const char *memory;
    const char *devices;
    gboolean dynamic;
    guint64 startup_mib, maximum_mib;
  } cases[] = {
    /* hot-plug room only: static, not a 1 PiB maximum */
    { "<maxMemory slots='16' unit='PiB'>1</maxMemory><memory unit='GiB'>8</memory>", "",
      FALSE, 8192, 0 },
    { "<maxMemory slots='16' unit='GiB'>64</maxMemory><memory unit='GiB'>8</memory>"
      "<currentMemory unit='GiB'>8</currentMemory>", "", FALSE, 8192, 0 },
    /* balloon room (the default balloon): dynamic up to <memory> */
    { "<maxMemory slots='16' unit='GiB'>64</maxMemory><memory unit='GiB'>8</memory>"
      "<currentMemory unit='GiB'>2</currentMemory>", "", TRUE, 2048, 8192 },
    { "<memory unit='GiB'>8</memory><currentMemory unit='GiB'>2</currentMemory>",
      "<memballoon model='virtio'/>", TRUE, 2048, 8192 },
    /* no balloon: the guest holds <memory> */
    { "<memory unit='GiB'>8</memory><currentMemory unit='GiB'>2</currentMemory>",
      "<memballoon model='none'/>", FALSE, 8192, 0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
      g_autoptr (GError) error = NULL;
      HvpVm *vm = read_domain_text (inventory, cases[i].memory, cases[i].devices, &error);

      g_test_message ("case %" G_GSIZE_FORMAT ": %s %s", i, cases[i].memory, cases[i].devices);
      g_assert_no_error (error);
      g_assert_nonnull (vm);
      g_assert_cmpint (vm->memory.dynamic, ==, cases[i].dynamic);
      g_assert_cmpuint (vm->memory.startup_bytes, ==, cases[i].startup_mib * HVP_MIB);
      g_assert_cmpuint (vm->memory.maximum_bytes, ==, cases[i].maximum_mib * HVP_MIB);
      g_assert_cmpuint (vm->memory.minimum_bytes, ==, cases[i].dynamic ? cases[i].startup_mib
                                                                        * HVP_MIB : 0);
    }
}

/* The synthetic chains node through the test driver: the pool volume's own XML gives the format
 * and backing file; a domain shutting down (test:runstate 4) is running. */
static void
test_synthetic_chains (void)
{
  g_autofree char *uri = data_uri ("libvirt/synthetic/chains-node.xml");
  g_autoptr (HvpInventory) inventory = collect_ok (uri);
  HvpHost *host = only_host (inventory);
  HvpDisk *fixed = hvp_host_find_disk (host, "/var/lib/libvirt/images/pool/fixed.qcow2");
  HvpDisk *base = hvp_host_find_disk (host, "/var/lib/libvirt/images/pool/base.qcow2");

  g_assert_nonnull (fixed);
  g_assert_nonnull (base);
  g_assert_cmpint (fixed->format, ==, HVP_DISK_FORMAT_QCOW2);
  g_assert_cmpint (fixed->type, ==, HVP_DISK_TYPE_DIFFERENCING);
  g_assert_true (fixed->parent == base);
  g_assert_cmpuint (base->file_size_bytes, ==, 12 * HVP_GIB);
  g_assert_false (has_warning (inventory, "domain 'fixed'", "records no driver type"));
  g_assert_cmpint (hvp_host_find_vm (host, "stopping")->state, ==, HVP_VM_STATE_RUNNING);
  g_assert_cmpint (hvp_host_find_vm (host, "fixed")->state, ==, HVP_VM_STATE_OFF);
  g_assert_cmpuint (host->disks->len, ==, 17);
}

HVP_TEST_SUITE (libvirt)
{
  g_test_add_func ("/collectors/libvirt/probe", test_probe);
  g_test_add_func ("/collectors/libvirt/scale", test_scale);
  g_test_add_func ("/collectors/libvirt/default", test_default);
  g_test_add_func ("/collectors/libvirt/sample/testnode", test_sample_testnode);
  g_test_add_func ("/collectors/libvirt/sample/testnodeinline", test_sample_testnodeinline);
  g_test_add_func ("/collectors/libvirt/synthetic/constructed", test_sample_constructed);
  g_test_add_func ("/collectors/libvirt/example/source-host", test_example_source);
  g_test_add_func ("/collectors/libvirt/example/destination-host", test_example_destination);
  g_test_add_func ("/collectors/libvirt/open-error", test_open_error);
  g_test_add_func ("/collectors/libvirt/open-error-hides-password", test_open_error_hides_password);
  g_test_add_func ("/collectors/libvirt/malformed-domain", test_malformed_domain);
  g_test_add_func ("/collectors/libvirt/unsupported", test_unsupported);
  g_test_add_func ("/collectors/libvirt/many-domains", test_many_domains);
  g_test_add_func ("/collectors/libvirt/compare-processors", test_compare_processors);
  g_test_add_func ("/collectors/libvirt/read-document", test_read_document);
  g_test_add_func ("/collectors/libvirt/chain/depth", test_chain_depth);
  g_test_add_func ("/collectors/libvirt/chain/loop", test_chain_loop);
  g_test_add_func ("/collectors/libvirt/memory-mapping", test_memory_mapping);
  g_test_add_func ("/collectors/libvirt/synthetic/chains", test_synthetic_chains);
}
