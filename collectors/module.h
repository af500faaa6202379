/* hvplan: the parts built as modules, loaded on first use (libvirt support, xlsx reports). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * HvpModuleHeader:
 * @abi: the table layout's version, raised whenever the table changes
 * @version: hvplan's version (%HVP_VERSION) of the build that made the module
 *
 * The first member of every module's table, so that a module of another build is refused.
 */
typedef struct {
  guint abi;
  const char *version;
} HvpModuleHeader;

gconstpointer hvp_module_load (const char *file, const char *symbol, guint abi, GError **error);

G_END_DECLS
