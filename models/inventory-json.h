/* hvplan: the canonical inventory document, "hvplan-inventory/1". */
#pragma once

#include <glib.h>

#include "models/inventory.h"

G_BEGIN_DECLS

#define HVP_INVENTORY_SCHEMA "hvplan-inventory/1"

/**
 * HvpWriteFunc:
 * @data: (array length=length): the next bytes of the output
 * @length: bytes in @data
 * @sink: where they go, as the caller of the writer gave it
 * @error: return location for an error
 *
 * Takes the next block of a document written as a stream (hvp_inventory_write_json()).
 *
 * Returns: %FALSE with @error set when the bytes could not be written
 */
typedef gboolean (*HvpWriteFunc) (const char *data, gsize length, gpointer sink, GError **error);

char *hvp_inventory_to_json (const HvpInventory *inventory);
gboolean hvp_inventory_write_json (const HvpInventory *inventory, HvpWriteFunc write,
                                   gpointer sink, GError **error);
HvpInventory *hvp_inventory_from_json (const char *text, gsize length, const char *file,
                                       GError **error);
HvpInventory *hvp_inventory_from_json_mapped (GMappedFile *mapped, const char *file,
                                              GError **error);
HvpInventory *hvp_inventory_from_json_take (char *text, gsize length, const char *file,
                                            GError **error);
gboolean hvp_json_looks_like_inventory (const char *text, gsize length);

G_END_DECLS
