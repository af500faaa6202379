/* hvplan: VHD / VHDX headers through libvhdi, and differencing chains. */
#pragma once

#include <glib.h>

#include "collectors/collector.h"

G_BEGIN_DECLS

gboolean hvp_vhd_read (const char *local_path, HvpDisk *disk, GError **error);
gboolean hvp_vhd_resolve_host (HvpHost *host, const char *const *search_dirs,
                               const HvpCollectOptions *options, HvpInventory *inventory,
                               GError **error);

G_END_DECLS
