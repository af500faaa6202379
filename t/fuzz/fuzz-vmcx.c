/* hvplan fuzz target "vmcx": one Hyper-V storage file (.vmcx / .vmrs), in memory.  The bytes are
 * read as a key tree (hvp_vmcx_new_from_data), walked into the element tree of the XML shape (hvp_vmcx_to_tree), and
 * read as a VM configuration through the Hyper-V XML mapping (hvp_hyperv_xml_read_vm sniffs the
 * signature); what is read must write and read back as an inventory. */
#include "t/fuzz/fuzz.h"

#include "collectors/hyperv-xml/hyperv-xml.h"
#include "collectors/vmcx/vmcx.h"
#include "collectors/xml.h"

#define VM_FILE "/fuzz/Virtual Machines/5B0C1E2A-7D3F-4A10-9C21-0123456789AB.vmcx"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *bytes = (const char *) data;
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autoptr (HvpVmcx) vmcx = NULL;
  g_autoptr (GError) error = NULL;
  HvpHost *host;
  HvpVm *vm = NULL;

  (void) hvp_vmcx_sniff (bytes, size);
  vmcx = hvp_vmcx_new_from_data (VM_FILE, bytes, size, inventory, &error);
  if (vmcx != NULL)
    {
      g_autoptr (HvpXmlTree) tree = hvp_xml_tree_new ();
      gboolean walked = hvp_vmcx_to_tree (vmcx, "configuration", tree, &error);

      (void) hvp_vmcx_has_key (vmcx, "savedstate/RamMemoryBlock0");
      if (!walked)
        hvp_fuzz_check_error (error);
    }
  else
    hvp_fuzz_check_error (error);
  g_clear_error (&error);

  host = hvp_inventory_ensure_host (inventory, NULL);
  if (hvp_hyperv_xml_read_vm (VM_FILE, bytes, size, inventory, host, &vm, &error))
    {
      if (vm == NULL)
        g_error ("hvp_hyperv_xml_read_vm succeeded without a VM");
      hvp_fuzz_check_inventory (inventory);
    }
  else
    hvp_fuzz_check_error (error);
  return 0;
}
