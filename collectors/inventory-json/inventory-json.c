/* hvplan: the inventory-json collector.  It reads the canonical inventory document that
 * `hvplan inventory` writes (schema "hvplan-inventory/1", models/README.md); the document itself is
 * read by hvp_inventory_from_json(). */
#include "collectors/inventory-json/inventory-json.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

/* Bytes of a file the probe looks at: hvp_json_looks_like_inventory() looks at the first KiB. */
#define PROBE_BYTES 1024

static guint
inventory_json_probe (const char *source)
{
  char buffer[PROBE_BYTES];
  gsize length = 0;
  int fd;

  if (!g_file_test (source, G_FILE_TEST_IS_REGULAR))
    return 0;
  fd = g_open (source, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return 0;
  while (length < sizeof buffer)
    {
      gssize got = read (fd, buffer + length, sizeof buffer - length);

      if (got <= 0)
        break;
      length += (gsize) got;
    }
  g_close (fd, NULL);
  return hvp_json_looks_like_inventory (buffer, length) ? 100 : 0;
}

static gboolean
inventory_json_collect (const char *source, const HvpCollectOptions *options,
                        HvpInventory *inventory, GError **error)
{
  g_autoptr (GMappedFile) mapped = hvp_map_input_file (source, options, error);
  g_autoptr (HvpInventory) document = NULL;

  if (mapped == NULL)
    return FALSE;
  document = hvp_inventory_from_json_mapped (mapped, source, error);
  if (document == NULL)
    return FALSE;
  hvp_inventory_merge (inventory, document);
  return TRUE;
}

/**
 * hvp_collector_inventory_json:
 *
 * The collector of "hvplan-inventory/1" documents (models/README.md, "The inventory document").
 * Its probe answers 100 for a regular file whose first KiB, after an optional UTF-8 byte order
 * mark and whitespace, starts with '{' and contains "hvplan-inventory/" (so a document of another
 * schema version is claimed too, and refused with a clear message); else 0.  Collecting reads the
 * file (within the input limit of @options), parses it with hvp_inventory_from_json() and merges
 * it into the target inventory with hvp_inventory_merge().  Errors: %HVP_ERROR_OPEN when the file
 * cannot be read, %HVP_ERROR_DATA when it is larger than the limit or not a valid document.
 */
const HvpCollector hvp_collector_inventory_json = {
  .name = "inventory-json",
  .probe = inventory_json_probe,
  .collect = inventory_json_collect,
};
