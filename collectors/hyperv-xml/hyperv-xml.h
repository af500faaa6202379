/* hvplan: Hyper-V VM configuration XML (Windows Server 2008 – 2012 R2), formats.md section 1. */
#pragma once

#include <glib.h>

#include "collectors/collector.h"

G_BEGIN_DECLS

extern const HvpCollector hvp_collector_hyperv_xml;

gboolean hvp_hyperv_xml_read_vm (const char *file, const char *text, gsize length,
                                 HvpInventory *inventory, HvpHost *host, HvpVm **ret_vm,
                                 GError **error);
gboolean hvp_hyperv_xml_read_snapshot (const char *file, const char *text, gsize length,
                                       HvpInventory *inventory, HvpHost *host,
                                       HvpSnapshot **ret_snapshot, char **ret_vm_id,
                                       GError **error);
gboolean hvp_hyperv_xml_sniff (const char *data, gsize length);

G_END_DECLS
