/* hvplan fuzz target "inventory-json": the canonical inventory document ("hvplan-inventory/1",
 * models/inventory-json.c), in memory, as sources and destinations are read; the probe's test
 * too.  What is read must write and read back unchanged. */
#include "t/fuzz/fuzz.h"

#include "models/inventory-json.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (HvpInventory) inventory = NULL;
  g_autoptr (GError) error = NULL;

  (void) hvp_json_looks_like_inventory ((const char *) data, size);
  inventory = hvp_inventory_from_json ((const char *) data, size, "fuzz.json", &error);
  if (inventory == NULL)
    hvp_fuzz_check_error (error);
  else
    hvp_fuzz_check_inventory (inventory);
  return 0;
}
