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

/**
 * HvpModuleSlot:
 * @file: the module's file name ("hvplan-hyperv.so")
 * @symbol: the name of its table
 * @abi: the table layout this program expects
 * @once: for g_once_init_enter(): set once the load was tried
 * @table: the table, or %NULL when the load failed
 * @failure: why it failed
 *
 * One module's load, tried once per process (hvp_module_slot_get()); a static variable of its
 * loader, set up with HVP_MODULE_SLOT_INIT().
 */
typedef struct {
  const char *file;
  const char *symbol;
  guint abi;
  gsize once;
  gconstpointer table;
  GError *failure;
} HvpModuleSlot;

#define HVP_MODULE_SLOT_INIT(file, symbol, abi) { (file), (symbol), (abi), 0, NULL, NULL }

gconstpointer hvp_module_load (const char *file, const char *symbol, guint abi, GError **error);
gconstpointer hvp_module_slot_get (HvpModuleSlot *slot, GError **error);

G_END_DECLS
