/* hvplan: the Authorization Manager (AzMan) XML policy store Hyper-V uses up to Windows Server 2012
 * (InitialStore.xml). */
#pragma once

#include <glib.h>

#include "collectors/collector.h"

G_BEGIN_DECLS

/* The program's part (loader.c): the probe; reading a store loads the Hyper-V module. */
extern const HvpCollector hvp_collector_azman;
gboolean hvp_azman_read (const char *xml, gsize length, const char *file, HvpSecurity *security,
                         GError **error);

/* The Hyper-V module's part (azman.c). */
gboolean hvp_azman_parse (const char *xml, gsize length, const char *file, HvpSecurity *security,
                          GError **error);
gboolean hvp_azman_collect (const char *source, const HvpCollectOptions *options,
                            HvpInventory *inventory, GError **error);
gboolean hvp_azman_sniff (const char *data, gsize length);

G_END_DECLS
