/* hvplan: the Hyper-V module, loaded the first time a Hyper-V configuration or an Authorization
 * Manager store is read.
 *
 * Reading Hyper-V's files needs libxml2 (which links ICU's 30 MiB libicudata, liblzma and
 * libstdc++), libvhdi and zlib: 7 ms of dynamic loading on every start of a process that links
 * them, though most runs (plan, size, diff and the reports of an inventory JSON) read none of
 * those files.  So the parsers (collectors/xml.c, xml-tree.c, hyperv-xml/, vmcx/vmcx.c, vhd/,
 * azman/) are built as hvplan-hyperv.so; the program keeps the probes, which read a few bytes
 * with plain C (collectors/xml-sniff.c), and calls the module through this table.  A program that
 * links the module's files itself (the unit tests, the fuzz targets) uses them and loads
 * nothing. */
#include "collectors/hyperv-module.h"

/* Defined when this program links the module's files itself; NULL in hvplan, which loads it. */
extern const HvpHypervModule hvp_hyperv_module __attribute__ ((weak));

/**
 * hvp_hyperv_module_get:
 * @error: return location for an error
 *
 * The Hyper-V module's table: the linked-in one when this program has the module's files, else
 * hvplan-hyperv.so loaded once with hvp_module_load().  Thread-safe.
 *
 * Returns: (transfer none) (nullable): the table, or %NULL with %HVP_ERROR_OPEN when the module
 *   cannot be loaded (the message names each folder tried and says to set HVPLAN_MODULE_DIR)
 */
const HvpHypervModule *
hvp_hyperv_module_get (GError **error)
{
  static HvpModuleSlot slot = HVP_MODULE_SLOT_INIT (HVP_HYPERV_MODULE_FILE,
                                                    HVP_HYPERV_MODULE_SYMBOL,
                                                    HVP_HYPERV_MODULE_ABI);

  if (&hvp_hyperv_module != NULL)
    return &hvp_hyperv_module;
  return hvp_module_slot_get (&slot, error);
}

/**
 * hvp_hyperv_module_collect:
 * @source: a Hyper-V data root, `Virtual Machines` folder, configuration XML or `.vmcx` file
 * @options: (nullable): the collection's options
 * @inventory: the inventory to fill
 * @error: return location for an error
 *
 * The collect function of the Hyper-V XML and `.vmcx` collectors: the module's
 * hvp_hyperv_xml_collect() through hvp_hyperv_module_get(), which both share.
 *
 * Returns: %TRUE when @source was read into @inventory; %FALSE with what the module sets
 *   (%HVP_ERROR_DATA, %HVP_ERROR_OPEN, %HVP_ERROR_UNSUPPORTED), or %HVP_ERROR_OPEN prefixed with
 *   "cannot read '@source': " when the module cannot be loaded
 */
gboolean
hvp_hyperv_module_collect (const char *source, const HvpCollectOptions *options,
                           HvpInventory *inventory, GError **error)
{
  const HvpHypervModule *module = hvp_hyperv_module_get (error);

  if (module == NULL)
    {
      g_prefix_error (error, "cannot read '%s': ", source);
      return FALSE;
    }
  return module->collect (source, options, inventory, error);
}
