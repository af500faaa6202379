/* hvplan: sampling the utilization of a live libvirt connection's running domains. */
#pragma once

#include <glib.h>
#include <libvirt/libvirt.h>

#include "models/model.h"

G_BEGIN_DECLS

guint hvp_libvirt_sample (virConnectPtr connection, HvpHost *host, double seconds, guint interval);

G_END_DECLS
