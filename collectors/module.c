/* hvplan: loading the parts built as modules.
 *
 * Linking a library loads it, and all it links, into every process on every start: libvirt pulls
 * about fifty shared libraries (25 ms a start), libxlsxwriter OpenSSL's libcrypto (8 ms), though
 * only libvirt URIs and `--format xlsx` need them.  So those parts are modules (GModule), loaded by
 * hvp_module_load() the first time they are needed. */
#include "collectors/module.h"

#include <gmodule.h>

#include "models/error.h"

/* The folders a module is looked for in, in order: $HVPLAN_MODULE_DIR alone when set; else the
 * program's own folder's collectors/ and reports/ (a build tree: build/hvplan beside
 * build/collectors/hvplan-libvirt.so), then the installed HVP_MODULE_DIR. */
static GPtrArray *
module_folders (void)
{
  GPtrArray *folders = g_ptr_array_new_with_free_func (g_free);
  const char *override = g_getenv ("HVPLAN_MODULE_DIR");
  g_autofree char *program = NULL;

  if (override != NULL && *override != '\0')
    {
      g_ptr_array_add (folders, g_strdup (override));
      return folders;
    }
  program = g_file_read_link ("/proc/self/exe", NULL);
  if (program != NULL)
    {
      g_autofree char *folder = g_path_get_dirname (program);

      g_ptr_array_add (folders, g_build_filename (folder, "collectors", NULL));
      g_ptr_array_add (folders, g_build_filename (folder, "reports", NULL));
    }
  g_ptr_array_add (folders, g_strdup (HVP_MODULE_DIR));
  return folders;
}

/* Opens @path and returns its @symbol when the table was built with this program; else appends
 * why not to @failures. */
static gconstpointer
open_table (const char *path, const char *symbol, guint abi, GString *failures)
{
  /* Lazy binding, as the program's own start: resolving every symbol of the module and of what
   * it brings (libxml2 with ICU, libvirt with its fifty) at once cost 1.9 million instructions of
   * a 15-million-instruction Hyper-V collect (callgrind).  The modules are linked with
   * --no-undefined (meson.build), so none is missing. */
  GModule *module = g_module_open (path, G_MODULE_BIND_LOCAL | G_MODULE_BIND_LAZY);
  gpointer found = NULL;
  const HvpModuleHeader *header;

  if (module == NULL || !g_module_symbol (module, symbol, &found))
    {
      g_string_append_printf (failures, "%s%s", failures->len > 0 ? "; " : "", g_module_error ());
      if (module != NULL)
        g_module_close (module);
      return NULL;
    }
  header = found;
  if (header->abi != abi || g_strcmp0 (header->version, HVP_VERSION) != 0)
    {
      g_string_append_printf (failures, "%s%s is from hvplan %s", failures->len > 0 ? "; " : "",
                              path, header->version);
      g_module_close (module);
      return NULL;
    }
  /* Resident: its functions are called for the rest of the process. */
  g_module_make_resident (module);
  return found;
}

/**
 * hvp_module_load:
 * @file: the module's file name ("hvplan-libvirt.so")
 * @symbol: the name of its table, whose first member is an #HvpModuleHeader
 * @abi: the table layout this program expects
 * @error: return location for an error
 *
 * Loads @file from the first folder that has it: `$HVPLAN_MODULE_DIR` alone when set, else the
 * program's own folder's `collectors/` and `reports/` (the build tree), else the folder hvplan was
 * installed with (`libdir/hvplan`).  Not thread-safe: callers load once (g_once_init_enter()).
 *
 * Returns: (transfer none) (nullable): the table, or %NULL with %HVP_ERROR_OPEN naming each place
 *   tried ("not found", the loader's message, "is from hvplan X") and saying to set
 *   HVPLAN_MODULE_DIR
 */
gconstpointer
hvp_module_load (const char *file, const char *symbol, guint abi, GError **error)
{
  g_autoptr (GPtrArray) folders = module_folders ();
  g_autoptr (GString) failures = g_string_new (NULL);

  for (guint i = 0; i < folders->len; i++)
    {
      g_autofree char *path = g_build_filename (folders->pdata[i], file, NULL);
      gconstpointer table;

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_string_append_printf (failures, "%s%s: not found", failures->len > 0 ? "; " : "",
                                  path);
          continue;
        }
      table = open_table (path, symbol, abi, failures);
      if (table != NULL)
        return table;
    }
  g_set_error (error, HVP_ERROR, HVP_ERROR_OPEN,
               "hvplan's module %s cannot be loaded (%s); set HVPLAN_MODULE_DIR to the folder "
               "that holds it",
               file, failures->str);
  return NULL;
}

/**
 * hvp_module_slot_get:
 * @slot: the module's slot, a static variable of its loader (HVP_MODULE_SLOT_INIT())
 * @error: return location for an error
 *
 * Loads @slot's module with hvp_module_load() the first time it is asked for, from any thread;
 * later calls return the same answer without trying again.
 *
 * Returns: (transfer none) (nullable): the table, or %NULL with a copy of the first try's
 *   %HVP_ERROR_OPEN
 */
gconstpointer
hvp_module_slot_get (HvpModuleSlot *slot, GError **error)
{
  if (g_once_init_enter (&slot->once))
    {
      slot->table = hvp_module_load (slot->file, slot->symbol, slot->abi, &slot->failure);
      g_once_init_leave (&slot->once, 1);
    }
  if (slot->table == NULL && error != NULL)
    *error = g_error_copy (slot->failure);
  return slot->table;
}
