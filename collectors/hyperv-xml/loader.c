/* hvplan: the Hyper-V XML collector as the program sees it: its probe, which reads a folder
 * listing or a file's first bytes, and its collection, which the Hyper-V module does
 * (collectors/hyperv-loader.c). */
#include "collectors/hyperv-xml/hyperv-xml.h"

#include "collectors/hyperv-module.h"
#include "collectors/xml-sniff.h"

/**
 * hvp_hyperv_xml_find_folder:
 * @parent: a folder
 * @name: the name of a child folder ("Virtual Machines", "Snapshots")
 *
 * Finds the child folder of @parent called @name, compared without regard to case (copies made
 * on Windows keep Windows' spelling, which Linux file systems then compare exactly).
 *
 * Returns: (transfer full) (nullable): its path, or %NULL when @parent has none
 */
char *
hvp_hyperv_xml_find_folder (const char *parent, const char *name)
{
  g_autofree char *exact = g_build_filename (parent, name, NULL);
  g_autoptr (GDir) dir = NULL;
  const char *entry;

  if (g_file_test (exact, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&exact);
  dir = g_dir_open (parent, 0, NULL);
  if (dir == NULL)
    return NULL;
  while ((entry = g_dir_read_name (dir)) != NULL)
    if (g_ascii_strcasecmp (entry, name) == 0)
      {
        char *path = g_build_filename (parent, entry, NULL);

        if (g_file_test (path, G_FILE_TEST_IS_DIR))
          return path;
        g_free (path);
      }
  return NULL;
}

/**
 * hvp_hyperv_xml_is_vms_folder:
 * @path: a path
 *
 * Returns: %TRUE when the last part of @path is %HVP_HYPERV_XML_VMS_FOLDER, in any case
 */
gboolean
hvp_hyperv_xml_is_vms_folder (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);

  return g_ascii_strcasecmp (base, HVP_HYPERV_XML_VMS_FOLDER) == 0;
}

static guint
hyperv_xml_probe (const char *source)
{
  g_autofree char *folder = NULL;

  if (g_file_test (source, G_FILE_TEST_IS_DIR))
    {
      folder = hvp_hyperv_xml_find_folder (source, HVP_HYPERV_XML_VMS_FOLDER);
      if (folder != NULL)
        return 90;
      return hvp_hyperv_xml_is_vms_folder (source) ? 90 : 0;
    }
  return hvp_xml_file_has_root (source, "configuration") ? 80 : 0;
}

/**
 * hvp_collector_hyperv_xml:
 *
 * The collector of Hyper-V VM configuration XML (Windows Server 2008 – 2012 R2): a data root
 * (a folder holding `Virtual Machines\*.xml`, optionally `Snapshots\*.xml`), its `Virtual
 * Machines` folder, or one configuration file.  Probe: 90 for such a folder, 80 for a file whose
 * root element is `<configuration>`; it loads nothing.  Collect (hvp_hyperv_xml_collect(), in the
 * Hyper-V module) fills the host with unknown name (hvp_inventory_ensure_host() with %NULL),
 * resolves its disks with hvp_vhd_resolve_host() and fails with %HVP_ERROR_DATA on any malformed
 * VM file (a VM must not be lost silently) or %HVP_ERROR_OPEN on a folder or file that cannot be
 * read, or when the module cannot be loaded.
 */
const HvpCollector hvp_collector_hyperv_xml = {
  .name = "hyperv-xml",
  .probe = hyperv_xml_probe,
  .collect = hvp_hyperv_module_collect,
};
