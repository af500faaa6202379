/* hvplan: internal entry points of the libvirt collector, for its tests and fuzz targets only
 * (t/unit/test-libvirt.c, t/fuzz/fuzz-libvirt-xml.c).  Not part of the collector's interface. */
#pragma once

#include <glib.h>

#include "models/model.h"

G_BEGIN_DECLS

gboolean hvp_libvirt_read_document (const char *name, const char *text, gsize length,
                                    HvpInventory *inventory, GError **error);

G_END_DECLS
