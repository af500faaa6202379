/* hvplan fuzz target "catalog": the server catalog of `hvplan size --catalog` (planner/sizing/catalog.c),
 * in memory.  A failure must be one HVP_ERROR line. */
#include "t/fuzz/fuzz.h"

#include "planner/sizing/catalog.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (HvpCatalog) catalog = NULL;
  g_autoptr (GError) error = NULL;

  catalog = hvp_catalog_parse ("fuzz.json", (const char *) data, size, &error);
  if (catalog == NULL)
    hvp_fuzz_check_error (error);
  return 0;
}
