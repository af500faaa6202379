/* hvplan fuzz target "hyperv-xml": one Hyper-V VM configuration file, in memory.  The same bytes
 * are read as a VM (hvp_hyperv_xml_read_vm) and as a snapshot (hvp_hyperv_xml_read_snapshot), and
 * sniffed as the probe does; what is read must write and read back as an inventory. */
#include "t/fuzz/fuzz.h"

#include "collectors/hyperv-xml/hyperv-xml.h"

#define VM_FILE "/fuzz/Virtual Machines/5B0C1E2A-7D3F-4A10-9C21-0123456789AB.xml"
#define SNAPSHOT_FILE "/fuzz/Snapshots/9D2E6C41-3B7A-4F0E-8E55-6A1B2C3D4E5F.xml"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *text = (const char *) data;
  g_autoptr (HvpInventory) vm_inventory = hvp_inventory_new ();
  g_autoptr (HvpInventory) snapshot_inventory = hvp_inventory_new ();
  g_autoptr (HvpSnapshot) snapshot = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *vm_id = NULL;
  HvpHost *host;
  HvpVm *vm = NULL;

  (void) hvp_hyperv_xml_sniff (text, size);

  host = hvp_inventory_ensure_host (vm_inventory, NULL);
  if (hvp_hyperv_xml_read_vm (VM_FILE, text, size, vm_inventory, host, &vm, &error))
    {
      if (vm == NULL)
        g_error ("hvp_hyperv_xml_read_vm succeeded without a VM");
      hvp_fuzz_check_inventory (vm_inventory);
    }
  else
    hvp_fuzz_check_error (error);
  g_clear_error (&error);

  host = hvp_inventory_ensure_host (snapshot_inventory, NULL);
  if (hvp_hyperv_xml_read_snapshot (SNAPSHOT_FILE, text, size, snapshot_inventory, host,
                                    &snapshot, &vm_id, &error))
    {
      vm = hvp_vm_new ("5B0C1E2A-7D3F-4A10-9C21-0123456789AB", "owner");
      g_ptr_array_add (host->vms, vm);
      g_ptr_array_add (vm->snapshots, g_steal_pointer (&snapshot));
      g_ptr_array_unref (hvp_vm_link_snapshots (vm));
      hvp_fuzz_check_inventory (snapshot_inventory);
    }
  else
    hvp_fuzz_check_error (error);
  return 0;
}
