#include <string.h>

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
  state_only->vcpus = 4; /* the data root's value wins where both know one */
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
  g_assert_cmpuint (vm->vcpus, ==, 2);
  g_assert_cmpuint (root->warnings->len, ==, 1);
  g_assert_cmpuint (hvp_inventory_count_vms (root), ==, 1);
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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/models/vm/snapshot-tree", test_snapshot_tree);
  g_test_add_func ("/models/vm/snapshot-problems", test_snapshot_problems);
  g_test_add_func ("/models/vm/max-vcpus-and-saved-state", test_max_vcpus_and_saved_state);
  g_test_add_func ("/models/host/disks", test_host_disks);
  g_test_add_func ("/models/host/find", test_find_by_id_or_name);
  g_test_add_func ("/models/host/processor-vendor", test_processor_vendor);
  g_test_add_func ("/models/disk/worst-case", test_worst_case);
  g_test_add_func ("/models/inventory/merge-data-root-with-host", test_merge_data_root_with_host);
  g_test_add_func ("/models/inventory/merge-distinct-hosts", test_merge_distinct_hosts);
  return g_test_run ();
}
