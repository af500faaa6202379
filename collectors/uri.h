/* hvplan: the secrets a source URI may carry (a password in its user-info or query), removed
 * before the URI reaches libvirt or any message. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *hvp_uri_without_secrets (const char *source, gboolean *ret_removed);

G_END_DECLS
