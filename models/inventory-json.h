/* hvplan: the canonical inventory document, "hvplan-inventory/1". */
#pragma once

#include <glib.h>

#include "models/inventory.h"

G_BEGIN_DECLS

#define HVP_INVENTORY_SCHEMA "hvplan-inventory/1"

char *hvp_inventory_to_json (const HvpInventory *inventory);
HvpInventory *hvp_inventory_from_json (const char *text, gsize length, const char *file,
                                       GError **error);
HvpInventory *hvp_inventory_from_json_take (char *text, gsize length, const char *file,
                                            GError **error);
gboolean hvp_json_looks_like_inventory (const char *text, gsize length);

G_END_DECLS
