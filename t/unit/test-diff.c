/* Unit tests of models/diff.c and the diff reports: matching by identity, options, errors. */
#include <string.h>

#include "unit.h"
#include "models/model.h"
#include "models/diff.h"
#include "reports/diff-report.h"

/* One host "hv01" with switch "External", VM "web" (id W, 4 GiB, a disk on SCSI 0:0, an
 * adapter, snapshots "base" -> "patched") and VM "dc01" (id D). */
static HvpInventory *
make_inventory (void)
{
  HvpInventory *inventory = hvp_inventory_new ();
  HvpHost *host = hvp_inventory_ensure_host (inventory, "hv01");
  HvpVm *web = hvp_vm_new ("11111111-0000-0000-0000-00000000000W", "web");
  HvpVm *dc01 = hvp_vm_new ("11111111-0000-0000-0000-00000000000D", "dc01");
  HvpDisk *disk = hvp_disk_new ("D:\\VMs\\web.vhdx");
  HvpAdapter *adapter = hvp_adapter_new ("Network Adapter");
  HvpSnapshot *base = hvp_snapshot_new ("S1", "base");
  HvpSnapshot *patched = hvp_snapshot_new ("S2", "patched");

  g_ptr_array_add (host->switches, hvp_switch_new ("SW1", "External", HVP_SWITCH_TYPE_EXTERNAL));
  disk->format = HVP_DISK_FORMAT_VHDX;
  disk->type = HVP_DISK_TYPE_DYNAMIC;
  disk->virtual_size_bytes = 100 * HVP_GIB;
  disk->file_size_bytes = 10 * HVP_GIB;
  hvp_host_add_disk (host, disk);

  web->vcpus = 2;
  web->memory.startup_bytes = 4 * HVP_GIB;
  g_ptr_array_add (web->drives, hvp_drive_new (HVP_CONTROLLER_TYPE_SCSI, 0, 0, "D:\\VMs\\web.vhdx"));
  adapter->mac = g_strdup ("00-15-5D-00-00-01");
  adapter->switch_id = g_strdup ("SW1");
  adapter->switch_name = g_strdup ("External");
  adapter->connected = TRUE;
  g_ptr_array_add (web->adapters, adapter);
  patched->parent_id = g_strdup ("S1");
  g_ptr_array_add (web->snapshots, patched);
  g_ptr_array_add (web->snapshots, base);
  web->current_snapshot_id = g_strdup ("S2");
  g_ptr_array_unref (hvp_vm_link_snapshots (web));
  g_ptr_array_add (host->vms, web);

  dc01->vcpus = 1;
  dc01->memory.startup_bytes = 2 * HVP_GIB;
  g_ptr_array_add (host->vms, dc01);
  return inventory;
}

static HvpVm *
find_vm (HvpInventory *inventory, const char *name)
{
  HvpHost *host = g_ptr_array_index (inventory->hosts, 0);

  for (guint i = 0; i < host->vms->len; i++)
    if (strcmp (((HvpVm *) g_ptr_array_index (host->vms, i))->name, name) == 0)
      return g_ptr_array_index (host->vms, i);
  g_assert_not_reached ();
}

static HvpDiff *
diff_with (HvpInventory *a, HvpInventory *b, const char *const *ignore, const char *tolerance)
{
  g_autoptr (HvpDiffOptions) options = hvp_diff_options_new ();
  g_autoptr (GError) error = NULL;
  HvpDiff *diff;

  for (guint i = 0; ignore != NULL && ignore[i] != NULL; i++)
    g_assert_true (hvp_diff_options_add_ignore (options, ignore[i], NULL));
  if (tolerance != NULL)
    g_assert_true (hvp_diff_options_add_tolerance (options, tolerance, NULL));
  diff = hvp_diff_new (a, "a", b, "b", options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (diff);
  return diff;
}

static const HvpDiffObject *
find_object (const HvpDiff *diff, HvpDiffKind kind, const char *name)
{
  for (guint i = 0; i < diff->objects->len; i++)
    {
      const HvpDiffObject *object = g_ptr_array_index (diff->objects, i);

      if (object->kind == kind && g_strcmp0 (object->name, name) == 0)
        return object;
    }
  return NULL;
}

static const HvpDiffChange *
only_change (const HvpDiffObject *object)
{
  g_assert_nonnull (object);
  g_assert_cmpuint (object->changes->len, ==, 1);
  return g_ptr_array_index (object->changes, 0);
}

static void
test_equal_self (void)
{
  g_autoptr (HvpInventory) a = make_inventory ();
  g_autoptr (HvpInventory) b = make_inventory ();
  g_autoptr (HvpDiff) diff = diff_with (a, b, NULL, NULL);
  g_autoptr (GString) tap = g_string_new (NULL);

  g_assert_true (hvp_diff_is_equal (diff));
  /* host, switch, dc01, web: kind then name. */
  g_assert_cmpuint (diff->objects->len, ==, 4);
  g_assert_cmpuint (diff->n_equal, ==, 4);
  hvp_report_diff_tap (diff, tap);
  g_assert_cmpstr (tap->str, ==,
                   "TAP version 13\n1..4\nok 1 - host 'hv01'\nok 2 - switch 'External'\n"
                   "ok 3 - vm 'dc01'\nok 4 - vm 'web'\n");
}

static void
test_memory_change (void)
{
  g_autoptr (HvpInventory) a = make_inventory ();
  g_autoptr (HvpInventory) b = make_inventory ();
  g_autoptr (HvpDiff) diff = NULL;
  g_autoptr (GString) tap = g_string_new (NULL);
  const HvpDiffChange *change;

  find_vm (b, "web")->memory.startup_bytes = 8 * HVP_GIB;
  diff = diff_with (a, b, NULL, NULL);
  g_assert_false (hvp_diff_is_equal (diff));
  g_assert_cmpuint (diff->n_changed, ==, 1);
  change = only_change (find_object (diff, HVP_DIFF_KIND_VM, "web"));
  g_assert_cmpstr (change->field, ==, "memory.startup_bytes");
  g_assert_cmpint (change->type, ==, HVP_DIFF_VALUE_BYTES);
  g_assert_cmpuint (change->old_number, ==, G_GUINT64_CONSTANT (4294967296));
  g_assert_cmpuint (change->new_number, ==, G_GUINT64_CONSTANT (8589934592));
  hvp_report_diff_tap (diff, tap);
  g_assert_nonnull (strstr (tap->str, "\nnot ok 4 - vm 'web' memory.startup_bytes 4294967296 "
                                      "(4.0 GiB) -> 8589934592 (8.0 GiB)\n"));
}

static void
test_vm_renamed (void)
{
  g_autoptr (HvpInventory) a = make_inventory ();
  g_autoptr (HvpInventory) b = make_inventory ();
  g_autoptr (HvpDiff) diff = NULL;
  const HvpDiffChange *change;
  HvpVm *web = find_vm (b, "web");

  g_free (web->name);
  web->name = g_strdup ("web-frontend");
  diff = diff_with (a, b, NULL, NULL);
  /* Matched by id: a change, not a removal and an addition. */
  g_assert_cmpuint (diff->n_added + diff->n_removed, ==, 0);
  change = only_change (find_object (diff, HVP_DIFF_KIND_VM, "web"));
  g_assert_cmpstr (change->field, ==, "name");
  g_assert_cmpstr (change->old_value, ==, "web");
  g_assert_cmpstr (change->new_value, ==, "web-frontend");
}

static void
test_vm_new_id (void)
{
  static const char *const ignore[] = { "vm.id", NULL };
  g_autoptr (HvpInventory) a = make_inventory ();
  g_autoptr (HvpInventory) b = make_inventory ();
  g_autoptr (HvpDiff) diff = NULL;
  g_autoptr (HvpDiff) ignored = NULL;
  HvpVm *web = find_vm (b, "web");

  g_free (web->id);
  web->id = g_strdup ("22222222-0000-0000-0000-000000000000");
  diff = diff_with (a, b, NULL, NULL);
  g_assert_cmpuint (diff->n_added + diff->n_removed, ==, 0);
  g_assert_cmpstr (only_change (find_object (diff, HVP_DIFF_KIND_VM, "web"))->field, ==, "id");
  ignored = diff_with (a, b, ignore, NULL);
  g_assert_true (hvp_diff_is_equal (ignored));
}

static void
test_vm_added_removed (void)
{
  g_autoptr (HvpInventory) a = make_inventory ();
  g_autoptr (HvpInventory) b = make_inventory ();
  g_autoptr (HvpDiff) diff = NULL;
  HvpVm *dc01 = find_vm (b, "dc01");

  g_free (dc01->id);
  dc01->id = g_strdup ("33333333-0000-0000-0000-000000000000");
  g_free (dc01->name);
  dc01->name = g_strdup ("dc02");
  diff = diff_with (a, b, NULL, NULL);
  g_assert_cmpuint (diff->n_added, ==, 1);
  g_assert_cmpuint (diff->n_removed, ==, 1);
  g_assert_cmpint (find_object (diff, HVP_DIFF_KIND_VM, "dc01")->status, ==,
                   HVP_DIFF_STATUS_REMOVED);
  g_assert_cmpint (find_object (diff, HVP_DIFF_KIND_VM, "dc02")->status, ==,
                   HVP_DIFF_STATUS_ADDED);
}

static void
test_disk_moved (void)
{
  g_autoptr (HvpInventory) a = make_inventory ();
  g_autoptr (HvpInventory) b = make_inventory ();
  g_autoptr (HvpDiff) diff = NULL;
  HvpDrive *drive = g_ptr_array_index (find_vm (b, "web")->drives, 0);
  const HvpDiffChange *change;

  /* The same file on another place: matched by file name, the place is the change. */
  drive->controller_location = 3;
  diff = diff_with (a, b, NULL, NULL);
  change = only_change (find_object (diff, HVP_DIFF_KIND_VM, "web"));
  g_assert_cmpint (change->kind, ==, HVP_DIFF_KIND_DISK);
  g_assert_cmpstr (change->subject, ==, "SCSI 0:0");
  g_assert_cmpstr (change->field, ==, "controller");
  g_assert_cmpstr (change->new_value, ==, "SCSI 0:3");
}

static void
test_disk_tolerance (void)
{
  g_autoptr (HvpInventory) a = make_inventory ();
  g_autoptr (HvpInventory) b = make_inventory ();
  g_autoptr (HvpDiff) within = NULL;
  g_autoptr (HvpDiff) beyond = NULL;
  HvpDisk *disk = hvp_host_find_disk (g_ptr_array_index (b->hosts, 0), "D:\\VMs\\web.vhdx");

  /* 10 % of 10 GiB is exactly 1 GiB. */
  disk->file_size_bytes = 11 * HVP_GIB;
  within = diff_with (a, b, NULL, "disk.file_size_bytes=10");
  g_assert_true (hvp_diff_is_equal (within));
  disk->file_size_bytes = 11 * HVP_GIB + 1;
  beyond = diff_with (a, b, NULL, "disk.file_size_bytes=10%");
  g_assert_cmpstr (only_change (find_object (beyond, HVP_DIFF_KIND_VM, "web"))->field, ==,
                   "file_size_bytes");
}

/* A second disk "data" behind SCSI 0:1 of "web", and two drives for snapshot "base"; @reversed
 * adds every drive in the other order (the comparison must not depend on it). */
static void
add_second_disk (HvpInventory *inventory, gboolean reversed)
{
  HvpHost *host = g_ptr_array_index (inventory->hosts, 0);
  HvpVm *web = find_vm (inventory, "web");
  HvpDisk *disk = hvp_disk_new ("D:\\VMs\\data.vhdx");
  HvpSnapshot *base = NULL;
  HvpDrive *drives[2] = {
    hvp_drive_new (HVP_CONTROLLER_TYPE_SCSI, 0, 0, "D:\\VMs\\web-base.avhdx"),
    hvp_drive_new (HVP_CONTROLLER_TYPE_SCSI, 0, 1, "D:\\VMs\\data-base.avhdx"),
  };

  disk->format = HVP_DISK_FORMAT_VHDX;
  disk->type = HVP_DISK_TYPE_FIXED;
  disk->virtual_size_bytes = disk->file_size_bytes = 50 * HVP_GIB;
  hvp_host_add_disk (host, disk);
  g_ptr_array_insert (web->drives, reversed ? 0 : -1,
                      hvp_drive_new (HVP_CONTROLLER_TYPE_SCSI, 0, 1, "D:\\VMs\\data.vhdx"));
  for (guint i = 0; i < web->snapshots->len; i++)
    if (strcmp (((HvpSnapshot *) g_ptr_array_index (web->snapshots, i))->name, "base") == 0)
      base = g_ptr_array_index (web->snapshots, i);
  g_ptr_array_add (base->drives, drives[reversed ? 1 : 0]);
  g_ptr_array_add (base->drives, drives[reversed ? 0 : 1]);
}

/* The cheap check that skips the drives' string comparison (drives_unchanged()) says "unchanged"
 * only when the full comparison would: the same drives in another order are equal; a disk that
 * differs behind the same place and path, a snapshot drive's file, and the current snapshot of a
 * VM without snapshots are still reported. */
static void
test_drives_cheap_check (void)
{
  g_autoptr (HvpInventory) a = make_inventory ();
  g_autoptr (HvpInventory) b = make_inventory ();
  g_autoptr (HvpDiff) reordered = NULL;
  g_autoptr (HvpDiff) disk_moved = NULL;
  g_autoptr (HvpDiff) snapshot_file = NULL;
  g_autoptr (HvpDiff) current = NULL;
  HvpHost *b_host = g_ptr_array_index (b->hosts, 0);
  HvpSnapshot *base;
  HvpDrive *drive;
  const HvpDiffChange *change;

  add_second_disk (a, FALSE);
  add_second_disk (b, TRUE);
  reordered = diff_with (a, b, NULL, NULL);
  g_assert_true (hvp_diff_is_equal (reordered));

  g_free (hvp_host_find_disk (b_host, "D:\\VMs\\data.vhdx")->local_path);
  hvp_host_find_disk (b_host, "D:\\VMs\\data.vhdx")->local_path = g_strdup ("E:\\data.vhdx");
  disk_moved = diff_with (a, b, NULL, NULL);
  change = only_change (find_object (disk_moved, HVP_DIFF_KIND_VM, "web"));
  g_assert_cmpint (change->kind, ==, HVP_DIFF_KIND_DISK);
  g_assert_cmpstr (change->subject, ==, "SCSI 0:1");
  g_assert_cmpstr (change->field, ==, "local_path");
  g_clear_pointer (&hvp_host_find_disk (b_host, "D:\\VMs\\data.vhdx")->local_path, g_free);

  base = g_ptr_array_index (find_vm (b, "web")->snapshots, 1);
  g_assert_cmpstr (base->name, ==, "base");
  drive = g_ptr_array_index (base->drives, 0);
  g_free (drive->disk_path);
  drive->disk_path = g_strdup ("D:\\VMs\\data-other.avhdx");
  snapshot_file = diff_with (a, b, NULL, NULL);
  change = only_change (find_object (snapshot_file, HVP_DIFF_KIND_VM, "web"));
  g_assert_cmpint (change->kind, ==, HVP_DIFF_KIND_SNAPSHOT);
  g_assert_cmpstr (change->field, ==, "drives");
  g_assert_cmpstr (change->old_value, ==, "SCSI 0:0 web-base.avhdx, SCSI 0:1 data-base.avhdx");
  g_assert_cmpstr (change->new_value, ==, "SCSI 0:0 web-base.avhdx, SCSI 0:1 data-other.avhdx");

  find_vm (b, "dc01")->current_snapshot_id = g_strdup ("S9");
  current = diff_with (a, b, (const char *const[]) { "snapshot", NULL }, NULL);
  change = only_change (find_object (current, HVP_DIFF_KIND_VM, "dc01"));
  g_assert_cmpstr (change->field, ==, "current_snapshot_id");
  g_assert_null (change->old_value);
  g_assert_cmpstr (change->new_value, ==, "S9");
}

static void
test_snapshot_tree (void)
{
  static const char *const ignore[] = { "snapshot.id", NULL };
  g_autoptr (HvpInventory) a = make_inventory ();
  g_autoptr (HvpInventory) b = make_inventory ();
  g_autoptr (HvpDiff) same_tree = NULL;
  g_autoptr (HvpDiff) new_root = NULL;
  HvpVm *web = find_vm (b, "web");
  const HvpDiffChange *change;

  /* New ids, same names and tree: matched by name and parent; the current snapshot follows. */
  for (guint i = 0; i < web->snapshots->len; i++)
    {
      HvpSnapshot *snapshot = g_ptr_array_index (web->snapshots, i);

      g_free (snapshot->id);
      snapshot->id = g_strconcat ("NEW-", snapshot->name, NULL);
      if (snapshot->parent_id != NULL)
        {
          g_free (snapshot->parent_id);
          snapshot->parent_id = g_strdup ("NEW-base");
        }
    }
  g_free (web->current_snapshot_id);
  web->current_snapshot_id = g_strdup ("NEW-patched");
  same_tree = diff_with (a, b, ignore, NULL);
  g_assert_true (hvp_diff_is_equal (same_tree));

  /* "patched" becomes a root: its parent changed. */
  for (guint i = 0; i < web->snapshots->len; i++)
    {
      HvpSnapshot *snapshot = g_ptr_array_index (web->snapshots, i);

      g_clear_pointer (&snapshot->parent_id, g_free);
      snapshot->id[0] = 'X';
    }
  new_root = diff_with (a, b, ignore, NULL);
  /* Matched by id no more, by name and parent no more for "patched": removed and added. */
  g_assert_false (hvp_diff_is_equal (new_root));
  change = g_ptr_array_index (find_object (new_root, HVP_DIFF_KIND_VM, "web")->changes, 0);
  g_assert_cmpstr (change->field, ==, "current_snapshot_id");
}

static void
test_switch_renamed (void)
{
  g_autoptr (HvpInventory) a = make_inventory ();
  g_autoptr (HvpInventory) b = make_inventory ();
  g_autoptr (HvpDiff) diff = NULL;
  HvpSwitch *vswitch = g_ptr_array_index (((HvpHost *) g_ptr_array_index (b->hosts, 0))->switches, 0);
  const HvpDiffChange *change;

  g_free (vswitch->name);
  vswitch->name = g_strdup ("External-10G");
  diff = diff_with (a, b, NULL, NULL);
  g_assert_cmpuint (diff->n_added + diff->n_removed, ==, 0);
  change = only_change (find_object (diff, HVP_DIFF_KIND_SWITCH, "External"));
  g_assert_cmpstr (change->field, ==, "name");
  g_assert_cmpstr (change->new_value, ==, "External-10G");
}

static void
test_hosts (void)
{
  g_autoptr (HvpInventory) a = make_inventory ();
  g_autoptr (HvpInventory) b = make_inventory ();
  g_autoptr (HvpDiff) single = NULL;
  g_autoptr (HvpDiff) several = NULL;
  HvpHost *host = g_ptr_array_index (b->hosts, 0);
  HvpVm *dc01 = find_vm (b, "dc01");
  HvpHost *other;
  const HvpDiffObject *object;

  /* One host each: paired even though the name differs. */
  g_free (host->name);
  host->name = g_strdup ("hv02");
  single = diff_with (a, b, NULL, NULL);
  g_assert_cmpstr (only_change (find_object (single, HVP_DIFF_KIND_HOST, "hv01"))->field, ==,
                   "name");

  /* Several hosts: by name.  dc01 moves to a new host hv01 (matched by name): vm.host changes. */
  g_ptr_array_steal_index (host->vms, 1);
  other = hvp_inventory_ensure_host (b, "hv01");
  g_ptr_array_add (other->vms, dc01);
  several = diff_with (a, b, NULL, NULL);
  g_assert_cmpint (find_object (several, HVP_DIFF_KIND_HOST, "hv02")->status, ==,
                   HVP_DIFF_STATUS_ADDED);
  object = find_object (several, HVP_DIFF_KIND_VM, "web");
  g_assert_cmpstr (only_change (object)->field, ==, "host");
  g_assert_cmpstr (only_change (object)->new_value, ==, "hv02");
  g_assert_cmpint (find_object (several, HVP_DIFF_KIND_VM, "dc01")->status, ==,
                   HVP_DIFF_STATUS_EQUAL);
  /* The switch of hv01 has no partner in new hv01: removed; hv02's is added. */
  g_assert_cmpuint (several->n_removed, ==, 1);
}

static void
test_duplicate_ids (void)
{
  g_autoptr (HvpInventory) a = make_inventory ();
  g_autoptr (HvpInventory) b = make_inventory ();
  g_autoptr (GError) error = NULL;
  HvpHost *other = hvp_inventory_ensure_host (b, "hv09");
  HvpDiff *diff;

  g_ptr_array_add (other->vms, hvp_vm_new ("11111111-0000-0000-0000-00000000000d", "copy"));
  diff = hvp_diff_new (a, "a.json", b, "b.json", NULL, &error);
  g_assert_null (diff);
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  g_assert_cmpstr (error->message, ==,
                   "'b.json': VM id '11111111-0000-0000-0000-00000000000d' appears twice "
                   "(hosts 'hv01' and 'hv09')");
}

/* An inventory of @n VMs "vmNNNNN" (ids by number) on host "hv01"; with @changed, every
 * hundredth has twice the memory, the first is gone and one more is there. */
static HvpInventory *
make_fleet (guint n, gboolean changed)
{
  HvpInventory *inventory = hvp_inventory_new ();
  HvpHost *host = hvp_inventory_ensure_host (inventory, "hv01");

  for (guint i = changed ? 1 : 0; i < n + (changed ? 1 : 0); i++)
    {
      g_autofree char *id = g_strdup_printf ("22222222-0000-0000-0000-%012u", i);
      g_autofree char *name = g_strdup_printf ("vm%05u", i);
      HvpVm *vm = hvp_vm_new (id, name);

      vm->memory.startup_bytes = (changed && i % 100 == 50 ? 2 : 1) * HVP_GIB;
      /* Reversed on the new side: matching must not depend on the order. */
      if (changed)
        g_ptr_array_insert (host->vms, 0, vm);
      else
        g_ptr_array_add (host->vms, vm);
    }
  return inventory;
}

/* Enough VMs for the comparison's threads (models/diff.c, VMS_PER_THREAD_MIN): the objects in
 * report order whichever thread compared them, each change on its VM, the duplicate id refused
 * with the new side's label when only the new side has it. */
static void
test_many_vms (void)
{
  g_autoptr (HvpInventory) a = make_fleet (10000, FALSE);
  g_autoptr (HvpInventory) b = make_fleet (10000, TRUE);
  g_autoptr (HvpDiff) diff = diff_with (a, b, NULL, NULL);
  g_autoptr (GError) error = NULL;
  const HvpDiffChange *change;

  /* host, 10,001 VMs by name. */
  g_assert_cmpuint (diff->objects->len, ==, 10002);
  g_assert_cmpuint (diff->n_changed, ==, 100);
  g_assert_cmpuint (diff->n_removed, ==, 1);
  g_assert_cmpuint (diff->n_added, ==, 1);
  g_assert_cmpuint (diff->n_equal, ==, 9900);
  for (guint i = 1; i < diff->objects->len; i++)
    {
      const HvpDiffObject *object = g_ptr_array_index (diff->objects, i);
      g_autofree char *name = g_strdup_printf ("vm%05u", i - 1);

      g_assert_cmpstr (object->name, ==, name);
      g_assert_cmpint (object->status, ==,
                       i == 1 ? HVP_DIFF_STATUS_REMOVED
                       : i == 10001 ? HVP_DIFF_STATUS_ADDED
                       : (i - 1) % 100 == 50 ? HVP_DIFF_STATUS_CHANGED
                                             : HVP_DIFF_STATUS_EQUAL);
    }
  change = only_change (find_object (diff, HVP_DIFF_KIND_VM, "vm09950"));
  g_assert_cmpstr (change->field, ==, "memory.startup_bytes");
  g_assert_cmpuint (change->new_number, ==, 2 * HVP_GIB);

  g_ptr_array_add (((HvpHost *) g_ptr_array_index (b->hosts, 0))->vms,
                   hvp_vm_new ("22222222-0000-0000-0000-000000000007", "copy"));
  g_assert_null (hvp_diff_new (a, "a.json", b, "b.json", NULL, &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  g_assert_cmpstr (error->message, ==,
                   "'b.json': VM id '22222222-0000-0000-0000-000000000007' appears twice "
                   "(hosts 'hv01' and 'hv01')");
}

static void
test_options (void)
{
  g_autoptr (HvpDiffOptions) options = hvp_diff_options_new ();
  g_autoptr (GPtrArray) names = hvp_diff_field_names ();
  GError *error = NULL;

  g_assert_true (hvp_diff_options_add_ignore (options, "volume", NULL));
  g_assert_true (hvp_diff_options_add_ignore (options, "vm.memory", NULL));
  g_assert_true (hvp_diff_options_add_ignore (options, "host.processor.vendor", NULL));
  g_assert_false (hvp_diff_options_add_ignore (options, "vm.mem", &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_USAGE);
  g_clear_error (&error);
  g_assert_false (hvp_diff_options_add_ignore (options, "vmx", &error));
  g_clear_error (&error);
  g_assert_true (hvp_diff_options_add_tolerance (options, "vm.saved_state_bytes=2.5", NULL));
  g_assert_false (hvp_diff_options_add_tolerance (options, "vm.name=2", &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_USAGE);
  g_clear_error (&error);
  g_assert_false (hvp_diff_options_add_tolerance (options, "vm.vcpus=x", &error));
  g_clear_error (&error);
  g_assert_false (hvp_diff_options_add_tolerance (options, "vm.memory=5", &error));
  g_clear_error (&error);

  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "host.name");
  g_assert_true (g_ptr_array_find_with_equal_func (names, "disk.file_size_bytes", g_str_equal,
                                                   NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (names, "adapter.switch_id", g_str_equal, NULL));
}

static void
test_format_bytes (void)
{
  static const struct {
    guint64 bytes;
    const char *text;
  } cases[] = {
    { 0, "0 B" },
    { 1023, "1023 B" },
    { 1024, "1.0 KiB" },
    { 1536, "1.5 KiB" },
    { 314572800, "300.0 MiB" },
    { G_GUINT64_CONSTANT (4294967296), "4.0 GiB" },
    { G_GUINT64_CONSTANT (16911433728), "15.8 GiB" },
    { G_GUINT64_CONSTANT (1099511627776), "1.0 TiB" },
    { G_MAXUINT64, "16.0 EiB" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = hvp_report_format_bytes (cases[i].bytes);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* The names --ignore and --tolerance take, built from the model's field tables: a field added to
 * a table shows up here, and a table change that renames or reorders a compared field fails. */
static void
test_field_names (void)
{
  static const char expected[] =
    "host.name host.os host.memory_bytes host.logical_processors host.processor.vendor "
    "host.processor.family host.processor.model host.processor.stepping host.processor.name "
    "host.processor.cpu_xml host.physical_nics host.security.machine_launch_restriction "
    "host.supported_versions host.secure_boot_templates host.hgs_attested "
    "volume.path volume.capacity_bytes volume.free_bytes switch.id switch.name switch.type "
    "switch.physical_nics vm.id vm.name vm.host vm.state vm.generation vm.configuration_version "
    "vm.vcpus vm.memory.dynamic vm.memory.startup_bytes vm.memory.minimum_bytes "
    "vm.memory.maximum_bytes vm.processor_compatibility vm.saved_state vm.saved_state_bytes "
    "vm.config_path vm.current_snapshot_id vm.secure_boot vm.secure_boot_template vm.tpm "
    "vm.key_protector vm.shielded vm.remotefx_3d vm.fibre_channel_sans vm.assigned_devices "
    "vm.guest_os vm.guest_os_version vm.integration_services_version "
    "vm.processor_compatibility_mode disk.controller disk.path disk.local_path "
    "disk.format disk.type disk.virtual_size_bytes disk.file_size_bytes disk.chain_depth "
    "disk.header_read adapter.name adapter.mac adapter.switch_id adapter.switch_name "
    "adapter.connected adapter.legacy adapter.static_mac adapter.sriov adapter.vlan_id "
    "snapshot.id snapshot.name snapshot.parent_id snapshot.creation_time "
    "snapshot.saved_state snapshot.saved_state_bytes snapshot.vcpus snapshot.memory.dynamic "
    "snapshot.memory.startup_bytes snapshot.memory.minimum_bytes snapshot.memory.maximum_bytes "
    "snapshot.drives scope.name scope.description role_assignment.scope role_assignment.name "
    "role_assignment.role_definition role_assignment.members role_assignment.operations "
    "disabled_firewall_rule.name disabled_firewall_rule.display_name "
    "disabled_firewall_rule.group disabled_firewall_rule.direction "
    "disabled_firewall_rule.profile remote_grant.group remote_grant.group_sid "
    "remote_grant.account remote_grant.sid";
  g_autoptr (GPtrArray) names = hvp_diff_field_names ();
  g_autoptr (GString) joined = g_string_new (NULL);

  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (joined, "%s%s", i > 0 ? " " : "", (const char *) names->pdata[i]);
  g_assert_cmpstr (joined->str, ==, expected);
}

HVP_TEST_SUITE (diff)
{
  g_test_add_func ("/models/diff/equal-self", test_equal_self);
  g_test_add_func ("/models/diff/memory-change", test_memory_change);
  g_test_add_func ("/models/diff/vm-renamed-matched-by-id", test_vm_renamed);
  g_test_add_func ("/models/diff/vm-new-id-matched-by-name", test_vm_new_id);
  g_test_add_func ("/models/diff/vm-added-removed", test_vm_added_removed);
  g_test_add_func ("/models/diff/disk-moved-matched-by-file", test_disk_moved);
  g_test_add_func ("/models/diff/disk-tolerance", test_disk_tolerance);
  g_test_add_func ("/models/diff/snapshot-tree", test_snapshot_tree);
  g_test_add_func ("/models/diff/drives-cheap-check", test_drives_cheap_check);
  g_test_add_func ("/models/diff/switch-renamed-matched-by-id", test_switch_renamed);
  g_test_add_func ("/models/diff/hosts", test_hosts);
  g_test_add_func ("/models/diff/duplicate-ids", test_duplicate_ids);
  g_test_add_func ("/models/diff/options", test_options);
  g_test_add_func ("/models/diff/many-vms", test_many_vms);
  g_test_add_func ("/models/diff/field-names", test_field_names);
  g_test_add_func ("/reports/diff/format-bytes", test_format_bytes);
}
