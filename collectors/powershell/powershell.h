/* hvplan: the PowerShell collector: collect-hyperv.ps1's "hvplan-powershell/1" document, and
 * Hyper-V cmdlet output saved with ConvertTo-Json (formats.md section 2). */
#pragma once

#include <glib.h>

#include "collectors/collector.h"

G_BEGIN_DECLS

/**
 * HVP_POWERSHELL_SCHEMA:
 *
 * The `Schema` value of the document collect-hyperv.ps1 writes (collectors/powershell/README.md).
 */
#define HVP_POWERSHELL_SCHEMA "hvplan-powershell/1"

extern const HvpCollector hvp_collector_powershell;

gboolean hvp_powershell_read (const char *file, const char *text, gsize length,
                              HvpInventory *inventory, GError **error);
guint hvp_powershell_sniff (const char *data, gsize length);

G_END_DECLS
