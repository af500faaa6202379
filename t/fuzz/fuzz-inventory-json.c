/* hvplan fuzz target "inventory-json": the canonical inventory document ("hvplan-inventory/1",
 * models/inventory-json.c), in memory, as sources and destinations are read (the collector's
 * hvp_inventory_from_json_take(): the text freed once parsed, each long series string given back
 * once read); the probe's test too.  What is read must write and read back unchanged (with
 * hvp_inventory_from_json()). */
#include "t/fuzz/fuzz.h"

#include "models/inventory-json.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (HvpInventory) inventory = NULL;
  g_autoptr (GError) error = NULL;

  (void) hvp_json_looks_like_inventory ((const char *) data, size);
  /* A copy the reader owns and frees, as hvp_read_input_file() hands it over. */
  inventory = hvp_inventory_from_json_take (g_memdup2 (data, size), size, "fuzz.json", &error);
  if (inventory == NULL)
    hvp_fuzz_check_error (error);
  else
    hvp_fuzz_check_inventory (inventory);
  return 0;
}
