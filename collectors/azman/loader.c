/* hvplan: the Authorization Manager collector as the program sees it: its probe, which reads a
 * file's first bytes, and the reading of a store, which the Hyper-V module does
 * (collectors/hyperv-loader.c). */
#include "collectors/azman/azman.h"

#include "collectors/hyperv-module.h"
#include "collectors/xml-sniff.h"

/**
 * hvp_azman_read:
 * @xml: (array length=length): the store's text
 * @length: bytes in @xml
 * @file: the file name, for messages
 * @security: the settings the store fills
 * @error: return location for an error
 *
 * hvp_azman_parse() in the Hyper-V module, loaded on first use.
 *
 * Returns: %FALSE with %HVP_ERROR_OPEN when the module cannot be loaded (the caller names its
 *   file), or hvp_azman_parse()'s error (%HVP_ERROR_DATA)
 */
gboolean
hvp_azman_read (const char *xml, gsize length, const char *file, HvpSecurity *security,
                GError **error)
{
  const HvpHypervModule *module = hvp_hyperv_module_get (error);

  return module != NULL && module->read_azman (xml, length, file, security, error);
}

static guint
azman_probe (const char *source)
{
  return hvp_xml_file_has_root (source, "AzAdminManager") ? 80 : 0;
}

static gboolean
azman_collect (const char *source, const HvpCollectOptions *options, HvpInventory *inventory,
               GError **error)
{
  const HvpHypervModule *module = hvp_hyperv_module_get (error);

  if (module == NULL)
    {
      g_prefix_error (error, "cannot read '%s': ", source);
      return FALSE;
    }
  return module->collect_azman (source, options, inventory, error);
}

/**
 * hvp_collector_azman:
 *
 * The collector of a Hyper-V Authorization Manager store (`InitialStore.xml`, from
 * `%ProgramData%\Microsoft\Windows\Hyper-V`): one file whose root element is
 * `<AzAdminManager>` (probe 80, any extension; it loads nothing).  Collect
 * (hvp_azman_collect(), in the Hyper-V module) reads it into the security settings of the
 * inventory's host with no name; fails with %HVP_ERROR_OPEN when the file cannot be read or the
 * module cannot be loaded, and %HVP_ERROR_DATA when it is not a readable store.
 */
const HvpCollector hvp_collector_azman = {
  .name = "azman",
  .probe = azman_probe,
  .collect = azman_collect,
};
