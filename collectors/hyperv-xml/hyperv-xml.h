/* hvplan: Hyper-V VM configuration XML (Windows Server 2008 – 2012 R2), formats.md section 1. */
#pragma once

#include <glib.h>

#include "collectors/collector.h"

G_BEGIN_DECLS

/**
 * HVP_HYPERV_XML_VMS_FOLDER:
 *
 * The folder of a Hyper-V data root that holds the VM configurations.
 */
#define HVP_HYPERV_XML_VMS_FOLDER "Virtual Machines"

/* The program's part (loader.c): the probe, and the collection through the Hyper-V module. */
extern const HvpCollector hvp_collector_hyperv_xml;
char *hvp_hyperv_xml_find_folder (const char *parent, const char *name);
gboolean hvp_hyperv_xml_is_vms_folder (const char *path);

/* The Hyper-V module's part (hyperv-xml.c). */
gboolean hvp_hyperv_xml_collect (const char *source, const HvpCollectOptions *options,
                                 HvpInventory *inventory, GError **error);

gboolean hvp_hyperv_xml_read_vm (const char *file, const char *text, gsize length,
                                 HvpInventory *inventory, HvpHost *host, HvpVm **ret_vm,
                                 GError **error);
gboolean hvp_hyperv_xml_read_snapshot (const char *file, const char *text, gsize length,
                                       HvpInventory *inventory, HvpHost *host,
                                       HvpSnapshot **ret_snapshot, char **ret_vm_id,
                                       GError **error);
gboolean hvp_hyperv_xml_sniff (const char *data, gsize length);

G_END_DECLS
