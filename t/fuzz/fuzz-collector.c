/* hvplan generic fuzz target: any collector (an HvpCollector, collectors/collector.h) that reads
 * a file.  The input is written to a file in a scratch folder (on tmpfs where it can be) and the
 * collector probes and collects it as `hvplan collect` would; what it collects must write and read
 * back as an inventory.  t/fuzz/meson.build builds one target per line with:
 *   -DHVP_FUZZ_COLLECTOR=hvp_collector_NAME    the collector
 *   -DHVP_FUZZ_HEADER="collectors/NAME/NAME.h" the header that declares it
 *   -DHVP_FUZZ_FILE_NAME="input.EXT"           the file name the input is written to
 *   -DHVP_FUZZ_SOURCE_PREFIX="test://"         (optional) put before the file's absolute path */
#include "t/fuzz/fuzz.h"

#include "collectors/collector.h"

#if !defined(HVP_FUZZ_COLLECTOR) || !defined(HVP_FUZZ_HEADER) || !defined(HVP_FUZZ_FILE_NAME)
#error "fuzz-collector.c needs -DHVP_FUZZ_COLLECTOR, -DHVP_FUZZ_HEADER and -DHVP_FUZZ_FILE_NAME"
#endif
#ifndef HVP_FUZZ_SOURCE_PREFIX
#define HVP_FUZZ_SOURCE_PREFIX ""
#endif

#include HVP_FUZZ_HEADER

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *path = hvp_fuzz_write_file (HVP_FUZZ_FILE_NAME, data, size);
  g_autofree char *source = g_strconcat (HVP_FUZZ_SOURCE_PREFIX, path, NULL);
  g_autoptr (HvpCollectOptions) options = hvp_collect_options_new ();
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autoptr (GError) error = NULL;
  const HvpCollector *collector = &HVP_FUZZ_COLLECTOR;

  (void) collector->probe (source);
  if (collector->collect (source, options, inventory, &error))
    hvp_fuzz_check_inventory (inventory);
  else
    hvp_fuzz_check_error (error);
  return 0;
}
