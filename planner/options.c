#include "planner/options.h"

#include <string.h>

static void
hvp_switch_map_free (gpointer data)
{
  HvpSwitchMap *map = data;

  g_free (map->from);
  g_free (map->to);
  g_free (map);
}

/**
 * hvp_plan_options_new:
 *
 * Creates planner options holding the defaults named in `planner/options.h`: startup-RAM memory
 * policy, VMs running at collection, %HVP_DEFAULT_STORAGE_HEADROOM_PERCENT storage headroom,
 * %HVP_DEFAULT_HOST_RESERVE_BYTES host reserve, the automatic per-VM overhead formula, no switch
 * maps, a vCPU ratio of %HVP_DEFAULT_VCPU_RATIO, %HVP_DEFAULT_SPARE_HOSTS spare host and
 * %HVP_DEFAULT_GROWTH_PERCENT growth; the configured basis (with %HVP_DEFAULT_PERCENTILE and
 * %HVP_DEFAULT_COMFORT_FACTOR ready for the measured one) and no licences counted.
 *
 * Returns: (transfer full): new options; free with hvp_plan_options_free()
 */
HvpPlanOptions *
hvp_plan_options_new (void)
{
  HvpPlanOptions *options = g_new0 (HvpPlanOptions, 1);

  options->memory_policy = HVP_MEMORY_POLICY_STARTUP;
  options->concurrency = HVP_CONCURRENCY_RUNNING;
  options->concurrent_names = g_ptr_array_new_with_free_func (g_free);
  options->concurrent_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  options->storage_headroom_percent = HVP_DEFAULT_STORAGE_HEADROOM_PERCENT;
  options->host_reserve_bytes = HVP_DEFAULT_HOST_RESERVE_BYTES;
  options->vm_overhead_auto = TRUE;
  options->vm_overhead_bytes = 0;
  options->switch_maps = g_ptr_array_new_with_free_func (hvp_switch_map_free);
  options->vcpu_ratio = HVP_DEFAULT_VCPU_RATIO;
  options->spare_hosts = HVP_DEFAULT_SPARE_HOSTS;
  options->growth_percent = HVP_DEFAULT_GROWTH_PERCENT;
  options->percentile = HVP_DEFAULT_PERCENTILE;
  options->comfort_factor = HVP_DEFAULT_COMFORT_FACTOR;
  return options;
}

/**
 * hvp_plan_options_free:
 * @options: (nullable) (transfer full): options
 */
void
hvp_plan_options_free (HvpPlanOptions *options)
{
  if (options == NULL)
    return;
  g_clear_pointer (&options->concurrent_names, g_ptr_array_unref);
  g_clear_pointer (&options->concurrent_index, g_hash_table_unref);
  g_clear_pointer (&options->switch_maps, g_ptr_array_unref);
  g_free (options);
}

/**
 * hvp_plan_options_add_switch_map:
 * @options: options
 * @text: "SOURCE=DESTINATION": a source switch name and the destination switch that replaces it
 *   (the value of `--switch-map`); the first '=' splits, so a destination name may hold '='
 * @error: return location for a #GError
 *
 * Adds a switch map, as Compare-VM users do by reconnecting the adapter before Import-VM.  A later
 * map for the same source switch replaces the earlier one.
 *
 * Returns: %FALSE and %HVP_ERROR_USAGE when @text has no '=' or an empty side
 */
gboolean
hvp_plan_options_add_switch_map (HvpPlanOptions *options, const char *text, GError **error)
{
  const char *equals;
  HvpSwitchMap *map;

  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  equals = strchr (text, '=');
  if (equals == NULL || equals == text || equals[1] == '\0')
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_USAGE,
                   "invalid switch map '%s': expected SOURCE=DESTINATION", text);
      return FALSE;
    }

  map = g_new0 (HvpSwitchMap, 1);
  map->from = g_strndup (text, (gsize) (equals - text));
  map->to = g_strdup (equals + 1);
  for (guint i = 0; i < options->switch_maps->len; i++)
    {
      HvpSwitchMap *old = g_ptr_array_index (options->switch_maps, i);

      if (strcmp (old->from, map->from) == 0)
        {
          g_ptr_array_remove_index (options->switch_maps, i);
          break;
        }
    }
  g_ptr_array_add (options->switch_maps, map);
  return TRUE;
}

/**
 * hvp_plan_options_set_concurrency:
 * @options: options
 * @text: "running", "all", or a comma-separated list of VM names ("dc01,sql01") (the value of
 *   `--concurrent`); names are trimmed of spaces; a name list adds to earlier name lists
 * @error: return location for a #GError
 *
 * Says which VMs run at the same time on the destination, and so count in the memory check.
 * Names are checked against the source by hvp_plan_new().
 *
 * Returns: %FALSE and %HVP_ERROR_USAGE when @text is empty or holds an empty name
 */
gboolean
hvp_plan_options_set_concurrency (HvpPlanOptions *options, const char *text, GError **error)
{
  g_auto (GStrv) names = NULL;
  gboolean valid;

  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (strcmp (text, "running") == 0)
    {
      options->concurrency = HVP_CONCURRENCY_RUNNING;
      g_ptr_array_set_size (options->concurrent_names, 0);
      g_hash_table_remove_all (options->concurrent_index);
      return TRUE;
    }
  if (strcmp (text, "all") == 0)
    {
      options->concurrency = HVP_CONCURRENCY_ALL;
      g_ptr_array_set_size (options->concurrent_names, 0);
      g_hash_table_remove_all (options->concurrent_index);
      return TRUE;
    }

  names = g_strsplit (text, ",", -1);
  valid = names[0] != NULL; /* "" splits into no names at all */
  for (guint i = 0; names[i] != NULL; i++)
    if (*g_strstrip (names[i]) == '\0')
      valid = FALSE;
  if (!valid)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_USAGE,
                   "invalid concurrency '%s': expected 'running', 'all' or VM names separated "
                   "by commas", text);
      return FALSE;
    }
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *folded = g_ascii_strdown (names[i], -1);

      g_ptr_array_add (options->concurrent_names, g_strdup (names[i]));
      g_hash_table_add (options->concurrent_index, g_strconcat ("name:", names[i], NULL));
      g_hash_table_add (options->concurrent_index, g_strconcat ("id:", folded, NULL));
    }
  options->concurrency = HVP_CONCURRENCY_NAMES;
  return TRUE;
}

/**
 * hvp_memory_policy_to_string:
 * @policy: a memory policy
 *
 * Returns: (transfer none): "startup" or "maximum": the value of `--memory-policy` that selects
 *   @policy, as the reports state it
 */
const char *
hvp_memory_policy_to_string (HvpMemoryPolicy policy)
{
  return policy == HVP_MEMORY_POLICY_MAXIMUM ? "maximum" : "startup";
}

/**
 * hvp_plan_options_set_memory_policy:
 * @options: options
 * @text: "startup" or "maximum" (the value of `--memory-policy`)
 * @error: return location for a #GError
 *
 * Returns: %FALSE and %HVP_ERROR_USAGE when @text is neither
 */
gboolean
hvp_plan_options_set_memory_policy (HvpPlanOptions *options, const char *text, GError **error)
{
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (strcmp (text, "startup") == 0)
    options->memory_policy = HVP_MEMORY_POLICY_STARTUP;
  else if (strcmp (text, "maximum") == 0)
    options->memory_policy = HVP_MEMORY_POLICY_MAXIMUM;
  else
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_USAGE,
                   "invalid memory policy '%s': expected 'startup' or 'maximum'", text);
      return FALSE;
    }
  return TRUE;
}

/**
 * hvp_plan_options_vm_overhead:
 * @options: options
 * @vm_memory_bytes: the memory counted for the VM
 *
 * The memory Hyper-V needs beside a VM's own.  With @options->vm_overhead_auto:
 * %HVP_VM_OVERHEAD_FIRST_GIB_BYTES (32 MiB) for the first GiB plus %HVP_VM_OVERHEAD_PER_GIB_BYTES
 * (8 MiB) for each further GiB, a partial GiB counted as a whole one (altaro.com, "Memory
 * Management, Requirements and Usage in Hyper-V"): 1 GiB → 32 MiB, 4 GiB → 56 MiB, 1.5 GiB →
 * 40 MiB; a VM of unknown (0) memory still costs the first 32 MiB.  Otherwise the flat
 * @options->vm_overhead_bytes.
 *
 * Returns: the overhead in bytes
 */
guint64
hvp_plan_options_vm_overhead (const HvpPlanOptions *options, guint64 vm_memory_bytes)
{
  guint64 gib;

  g_return_val_if_fail (options != NULL, 0);

  if (!options->vm_overhead_auto)
    return options->vm_overhead_bytes;
  gib = vm_memory_bytes / HVP_GIB + (vm_memory_bytes % HVP_GIB != 0 ? 1 : 0);
  if (gib <= 1)
    return HVP_VM_OVERHEAD_FIRST_GIB_BYTES;
  return HVP_VM_OVERHEAD_FIRST_GIB_BYTES + (gib - 1) * HVP_VM_OVERHEAD_PER_GIB_BYTES;
}

/**
 * hvp_plan_options_set_vcpu_ratio:
 * @options: options
 * @text: "R" or "R:1", R a positive decimal number ("4", "4:1", "1.5") (the value of
 *   `--vcpu-ratio`), at most 64
 * @error: return location for a #GError
 *
 * Sets how many vCPUs one logical processor may carry.
 *
 * Returns: %FALSE and %HVP_ERROR_USAGE when @text is no such ratio
 */
gboolean
hvp_plan_options_set_vcpu_ratio (HvpPlanOptions *options, const char *text, GError **error)
{
  g_autofree char *number = NULL;
  const char *colon;
  char *end = NULL;
  double ratio;

  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  colon = strchr (text, ':');
  if (colon != NULL && strcmp (colon, ":1") != 0)
    colon = text; /* "4:2" and the like: refused below */
  number = colon != NULL ? g_strndup (text, (gsize) (colon - text)) : g_strdup (text);
  ratio = g_ascii_strtod (number, &end);
  if (number[0] == '\0' || !g_ascii_isdigit (number[0]) || end == NULL || *end != '\0'
      || !(ratio > 0) || ratio > 64)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_USAGE,
                   "invalid vCPU ratio '%s': expected vCPUs per logical processor, such as 1, "
                   "4 or 4:1 (above 0, at most 64)", text);
      return FALSE;
    }
  options->vcpu_ratio = ratio;
  return TRUE;
}
