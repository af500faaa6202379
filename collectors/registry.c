#include "collectors/collector.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "collectors/azman/azman.h"
#include "collectors/hyperv-xml/hyperv-xml.h"
#include "collectors/inventory-json/inventory-json.h"
#include "collectors/libvirt/libvirt.h"
#include "collectors/powershell/powershell.h"
#include "collectors/uri.h"
#include "collectors/vmcx/vmcx-collector.h"

/* Every collector hvplan has.  Adding a format is adding a folder and a line here. */
static const HvpCollector *const collectors[] = {
  &hvp_collector_inventory_json,
  &hvp_collector_hyperv_xml,
  &hvp_collector_libvirt,
  &hvp_collector_azman,
  &hvp_collector_powershell,
  &hvp_collector_vmcx,
};

/**
 * hvp_collectors_init:
 *
 * Registers what collectors offer the model beyond their inventories: the libvirt collector's
 * processor comparison (hvp_libvirt_register_processor_comparator()).  hvp_collect() calls it;
 * a program that builds inventories otherwise calls it once before planning.  Calling it again
 * does no harm.
 */
void
hvp_collectors_init (void)
{
  hvp_libvirt_register_processor_comparator ();
}

/**
 * hvp_collector_for:
 * @source: a file, folder or URI
 * @error: return location for an error
 *
 * Asks every collector how sure it is that it reads @source, and picks the surest.
 *
 * Returns: (transfer none) (nullable): the collector, or %NULL with %HVP_ERROR_OPEN when @source
 *   does not exist or is neither a regular file nor a folder (a FIFO, a device), or
 *   %HVP_ERROR_DATA when no collector reads it; a URI's password is not in the message
 *   (hvp_uri_without_secrets())
 */
const HvpCollector *
hvp_collector_for (const char *source, GError **error)
{
  const HvpCollector *best = NULL;
  guint best_score = 0;
  g_autoptr (GString) names = g_string_new (NULL);
  g_autofree char *shown = NULL;

  /* A FIFO, socket or device: no collector reads one, and no probe may open it (opening a FIFO
   * waits for a writer). */
  if (strstr (source, "://") == NULL && g_file_test (source, G_FILE_TEST_EXISTS)
      && !g_file_test (source, G_FILE_TEST_IS_REGULAR) && !g_file_test (source, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_OPEN,
                   "cannot read '%s': not a regular file or folder", source);
      return NULL;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (collectors); i++)
    {
      guint score = collectors[i]->probe (source);

      g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", collectors[i]->name);
      if (score > best_score)
        {
          best = collectors[i];
          best_score = score;
        }
    }
  if (best != NULL)
    return best;
  if (strstr (source, "://") == NULL && g_access (source, F_OK) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, HVP_ERROR, HVP_ERROR_OPEN, "cannot open '%s': %s", source,
                   g_strerror (saved_errno));
      return NULL;
    }
  shown = hvp_uri_without_secrets (source, NULL);
  g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "'%s' is in no format hvplan reads (%s)", shown,
               names->str);
  return NULL;
}

/* Whose limits the VMs a collector reads are held to (hvp_vm_validate()). */
static HvpVmPlatform
platform_of (const HvpCollector *collector)
{
  if (collector == &hvp_collector_libvirt)
    return HVP_VM_PLATFORM_LIBVIRT;
  if (collector == &hvp_collector_hyperv_xml || collector == &hvp_collector_powershell)
    return HVP_VM_PLATFORM_HYPERV;
  return HVP_VM_PLATFORM_ANY;
}

/* Merges @part, read from @sources[@index], naming the sources as the user gave them. */
static void
merge_given (HvpInventory *inventory, HvpInventory *part, const char *const *sources, gsize index)
{
  g_autoptr (GString) before = g_string_new (NULL);

  for (gsize i = 0; i < index; i++)
    g_string_append_printf (before, "%s%s", i > 0 ? ", " : "", sources[i]);
  hvp_inventory_merge_named (inventory, part, before->str, sources[index]);
}

/* --strict: the first configuration found but not read, and how many there are, as an error. */
static gboolean
refuse_unread (const HvpInventory *inventory, GError **error)
{
  guint count = hvp_inventory_count_unread (inventory);

  if (count == 0)
    return TRUE;
  for (guint i = 0; i < inventory->warnings->len; i++)
    {
      const HvpWarning *warning = g_ptr_array_index (inventory->warnings, i);

      if (!warning->unread)
        continue;
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "'%s': configuration not read (%s); %u configuration file%s not read in all "
                   "(--strict)", warning->file, warning->message, count, count == 1 ? "" : "s");
      break;
    }
  return FALSE;
}

/**
 * hvp_collect:
 * @sources: (array zero-terminated=1): files, folders or URIs, at least one
 * @options: (nullable): collector options
 * @error: return location for an error
 *
 * Collects every source with the collector that reads it, refuses impossible values
 * (hvp_inventory_validate()), and merges the results into one inventory (hvp_inventory_merge(): a
 * data root and the same host's inventory JSON make one host; conflicting values are warned about
 * and decided by rule, not by the order of @sources), then checks the whole
 * (hvp_inventory_check_merged(): differencing chains that loop after the merge are refused, a VM
 * id on two hosts is refused).  `collect`, `plan`, `size` and `diff` all come here.  Messages,
 * warnings and the inventory's sources name each source without a URI password
 * (hvp_uri_without_secrets()).  With @options' `strict`, a configuration file found but not
 * read (hvp_inventory_add_unread()) is refused.
 *
 * Returns: (transfer full) (nullable): the inventory, or %NULL with the first source's error
 *   (%HVP_ERROR_OPEN, %HVP_ERROR_DATA, %HVP_ERROR_UNSUPPORTED) prefixed by nothing: collectors
 *   name the file themselves; the message is made one line (hvp_error_one_line()); with
 *   `strict`, %HVP_ERROR_DATA naming the first configuration file not read
 */
HvpInventory *
hvp_collect (const char *const *sources, const HvpCollectOptions *options, GError **error)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autoptr (HvpCollectOptions) default_options = NULL;
  g_auto (GStrv) shown = NULL;
  g_autofree char *joined = NULL;
  gsize n_sources = g_strv_length ((char **) sources);

  hvp_collectors_init ();
  if (options == NULL)
    options = default_options = hvp_collect_options_new ();
  /* The sources as messages, warnings and the inventory name them: without URI passwords. */
  shown = g_new0 (char *, n_sources + 1);
  for (gsize i = 0; i < n_sources; i++)
    shown[i] = hvp_uri_without_secrets (sources[i], NULL);
  for (gsize i = 0; i < n_sources; i++)
    {
      const HvpCollector *collector = hvp_collector_for (sources[i], error);
      g_autoptr (HvpInventory) part = NULL;

      if (collector == NULL)
        return NULL;
      part = hvp_inventory_new ();
      g_debug ("collecting '%s' with %s", shown[i], collector->name);
      if (!collector->collect (sources[i], options, part, error)
          || !hvp_inventory_validate (part, shown[i], platform_of (collector), error))
        {
          if (error != NULL)
            hvp_error_one_line (*error);
          return NULL;
        }
      if (part->sources->len == 0)
        g_ptr_array_add (part->sources, g_strdup_printf ("%s:%s", collector->name, shown[i]));
      merge_given (inventory, part, (const char *const *) shown, i);
    }
  joined = g_strjoinv (", ", shown);
  if (!hvp_inventory_check_merged (inventory, joined, error)
      || (options->strict && !refuse_unread (inventory, error)))
    {
      if (error != NULL)
        hvp_error_one_line (*error);
      return NULL;
    }
  return g_steal_pointer (&inventory);
}
