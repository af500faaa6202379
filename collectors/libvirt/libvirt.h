/* hvplan: any libvirt connection (test://, qemu://, qemu+ssh://, hyperv://), formats.md section 4. */
#pragma once

#include <glib.h>

#include "collectors/collector.h"
#include "models/processor.h"

G_BEGIN_DECLS

extern const HvpCollector hvp_collector_libvirt;

/**
 * HvpLibvirtApi:
 *
 * Optional libvirt APIs the collector uses; a driver that lacks one (VIR_ERR_NO_SUPPORT) costs a
 * warning, never the collection.  Used by hvp_libvirt_set_unsupported_for_testing().
 */
typedef enum {
  HVP_LIBVIRT_API_CAPABILITIES = 1 << 0,
  HVP_LIBVIRT_API_SNAPSHOTS = 1 << 1,
  HVP_LIBVIRT_API_MANAGED_SAVE = 1 << 2,
  HVP_LIBVIRT_API_NETWORKS = 1 << 3,
  HVP_LIBVIRT_API_STORAGE = 1 << 4,
  HVP_LIBVIRT_API_INTERFACES = 1 << 5,
} HvpLibvirtApi;

gboolean hvp_libvirt_compare_processors (const HvpProcessor *source,
                                         const HvpProcessor *destination,
                                         const char *destination_uri,
                                         HvpCpuComparison *ret_result, char **ret_method,
                                         GError **error);
void hvp_libvirt_register_processor_comparator (void);
gboolean hvp_libvirt_collect (const char *uri, HvpInventory *inventory, GError **error);
guint hvp_libvirt_probe (const char *source);
gboolean hvp_libvirt_scale_to_bytes (const char *value, const char *unit, guint64 default_scale,
                                     guint64 *ret_bytes);
void hvp_libvirt_set_unsupported_for_testing (guint apis);

G_END_DECLS
