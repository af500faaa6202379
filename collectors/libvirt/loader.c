/* hvplan: the libvirt collector as the program sees it — its probe, and the module that does the
 * work, loaded on first use.
 *
 * libvirt pulls about fifty shared libraries (GnuTLS, libcurl, Kerberos, libssh, …) into every
 * process that links it: 25 ms of dynamic loading and relocation on each start, which every
 * `hvplan` run paid although only libvirt URIs and libvirt `<cpu>` comparisons need it.  So
 * libvirt.c is built as a module (hvplan-libvirt.so, GModule) that this file loads the first time a
 * libvirt URI is collected or two `<cpu>` descriptions are compared.  A program that links
 * libvirt.c itself (the unit tests, the fuzz targets) uses that copy and loads nothing. */
#include "collectors/libvirt/libvirt.h"

#include <string.h>

#include "collectors/libvirt/libvirt-module.h"
#include "collectors/module.h"
#include "collectors/uri.h"

/* Defined when this program links libvirt.c itself; NULL in hvplan, which loads the module. */
extern const HvpLibvirtModule hvp_libvirt_module __attribute__ ((weak));

#define MODULE_FILE "hvplan-libvirt.so"

static const char *const driver_schemes[] = {
  "test", "qemu", "hyperv", "lxc", "xen", "libxl", "esx", "gsx", "vpx", "vbox", "vmwareplayer",
  "vmwarews", "vmwarefusion", "openvz", "bhyve", "ch", "vz", "parallels", "remote", "uml", NULL,
};
static const char *const transports[] = {
  "ssh", "libssh", "libssh2", "tcp", "tls", "unix", "ext", NULL,
};

static gboolean
scheme_is_libvirt (const char *scheme)
{
  g_auto (GStrv) parts = g_strsplit (scheme, "+", 2);

  if (!g_strv_contains ((const char *const *) driver_schemes, parts[0]))
    return FALSE;
  return parts[1] == NULL || g_strv_contains ((const char *const *) transports, parts[1]);
}

/**
 * hvp_libvirt_probe:
 * @source: a file, folder or URI
 *
 * libvirt URIs look like `driver[+transport]://[user@][host][:port]/path[?query]` (libvirt
 * docs/uri.rst).  The driver and transport must be ones libvirt has.  Loads nothing.
 *
 * Returns: 100 when @source parses as a URI with such a scheme, else 0
 */
guint
hvp_libvirt_probe (const char *source)
{
  g_autofree char *scheme = NULL;

  if (source == NULL || strstr (source, "://") == NULL)
    return 0;
  if (!g_uri_split (source, G_URI_FLAGS_ENCODED | G_URI_FLAGS_NON_DNS, &scheme, NULL, NULL, NULL,
                    NULL, NULL, NULL, NULL)
      || scheme == NULL)
    return 0;
  return scheme_is_libvirt (scheme) ? 100 : 0;
}

/* The module: linked in, or loaded once; NULL with %HVP_ERROR_OPEN when it cannot be loaded. */
static const HvpLibvirtModule *
libvirt_module (GError **error)
{
  static HvpModuleSlot slot = HVP_MODULE_SLOT_INIT (MODULE_FILE, HVP_LIBVIRT_MODULE_SYMBOL,
                                                    HVP_LIBVIRT_MODULE_ABI);

  if (&hvp_libvirt_module != NULL)
    return &hvp_libvirt_module;
  return hvp_module_slot_get (&slot, error);
}

static gboolean
collect (const char *source, const HvpCollectOptions *options, HvpInventory *inventory,
         GError **error)
{
  const HvpLibvirtModule *module = libvirt_module (error);

  if (module == NULL)
    {
      g_autofree char *shown = hvp_uri_without_secrets (source, NULL);

      g_prefix_error (error, "cannot read '%s': ", shown);
      return FALSE;
    }
  return module->collect (source, options, inventory, error);
}

/* Two `<cpu>` descriptions need libvirt; anything less is compared by CPUID identity here, as
 * hvp_libvirt_compare_processors() would, without loading it. */
static gboolean
compare_descriptions (const HvpProcessor *source, const HvpProcessor *destination,
                      HvpCpuComparison *ret_result, char **ret_method, GError **error)
{
  const HvpLibvirtModule *module;

  if (source->cpu_xml == NULL || destination->cpu_xml == NULL)
    {
      *ret_result = hvp_processor_compare_by_identity (source, destination);
      *ret_method = g_strdup ("vendor/family/model");
      return TRUE;
    }
  module = libvirt_module (error);
  if (module == NULL)
    return FALSE;
  return module->compare_descriptions (source, destination, ret_result, ret_method, error);
}

/**
 * hvp_libvirt_register_processor_comparator:
 *
 * Registers the libvirt collector's processor comparison (hvp_libvirt_compare_processors()
 * without a destination URI) as the model's (hvp_processor_set_comparator()), so that the planner
 * compares libvirt `<cpu>` descriptions by their features.  libvirt is loaded only when two
 * descriptions are compared.  Called by hvp_collectors_init().
 */
void
hvp_libvirt_register_processor_comparator (void)
{
  hvp_processor_set_comparator (compare_descriptions);
}

/**
 * hvp_collector_libvirt:
 *
 * The libvirt collector: a SOURCE that is a libvirt URI.  Probing loads nothing; collecting loads
 * the module.
 */
const HvpCollector hvp_collector_libvirt = {
  .name = "libvirt",
  .probe = hvp_libvirt_probe,
  .collect = collect,
};
