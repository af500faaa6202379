/* hvplan: the "Security" object of collect-hyperv.ps1's JSON (collectors/powershell/README.md). */
#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

#include "models/host.h"
#include "models/inventory.h"

G_BEGIN_DECLS

gboolean hvp_powershell_read_security (const cJSON *security, const char *file, HvpHost *host,
                                       HvpInventory *inventory, GError **error);

G_END_DECLS
