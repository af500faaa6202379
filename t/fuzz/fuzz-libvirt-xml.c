/* hvplan fuzz target "libvirt-xml": one document as libvirt formats it (`<domain>`, `<network>`,
 * `<domainsnapshot>`, `<capabilities>`, `<cpu>`), read by the libvirt collector's own readers
 * without a connection (hvp_libvirt_read_document(), libvirt-private.h).  What is read must write
 * and read back as an inventory. */
#include "t/fuzz/fuzz.h"

#include "collectors/libvirt/libvirt-private.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autoptr (GError) error = NULL;

  if (hvp_libvirt_read_document ("fuzz.xml", (const char *) data, size, inventory, &error))
    hvp_fuzz_check_inventory (inventory);
  else
    hvp_fuzz_check_error (error);
  return 0;
}
