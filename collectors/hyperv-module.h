/* hvplan: what the Hyper-V module (hvplan-hyperv.so) offers the program that loads it.  Only the
 * Hyper-V collectors' program-side parts (collectors/hyperv-loader.c, hyperv-xml/loader.c,
 * vmcx/vmcx-collector.c, azman/loader.c) and the module's table (hyperv-module.c) include this. */
#pragma once

#include <glib.h>

#include "collectors/collector.h"
#include "collectors/module.h"

G_BEGIN_DECLS

/* Raised whenever the table below changes, so a stale module from an older build is refused. */
#define HVP_HYPERV_MODULE_ABI 1
#define HVP_HYPERV_MODULE_SYMBOL "hvp_hyperv_module"
#define HVP_HYPERV_MODULE_FILE "hvplan-hyperv.so"

/**
 * HvpHypervModule:
 * @header: %HVP_HYPERV_MODULE_ABI and the version of the build that made the module
 * @collect: hvp_hyperv_xml_collect(): a data root, a `Virtual Machines` folder, one
 *   configuration `.xml` or `.vmcx`
 * @collect_azman: hvp_azman_collect(): one Authorization Manager store
 * @read_azman: hvp_azman_parse(): a store's text into #HvpSecurity (the PowerShell collector's
 *   `Security.AuthorizationStore.Xml`)
 *
 * The one symbol (`hvp_hyperv_module`) the loader looks up in the module.
 */
typedef struct {
  HvpModuleHeader header;
  gboolean (*collect) (const char *source, const HvpCollectOptions *options,
                       HvpInventory *inventory, GError **error);
  gboolean (*collect_azman) (const char *source, const HvpCollectOptions *options,
                             HvpInventory *inventory, GError **error);
  gboolean (*read_azman) (const char *xml, gsize length, const char *file, HvpSecurity *security,
                          GError **error);
} HvpHypervModule;

extern const HvpHypervModule hvp_hyperv_module;

const HvpHypervModule *hvp_hyperv_module_get (GError **error);
gboolean hvp_hyperv_module_collect (const char *source, const HvpCollectOptions *options,
                                    HvpInventory *inventory, GError **error);

G_END_DECLS
