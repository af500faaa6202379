/* hvplan: the processor comparison hook: the model names the comparison, a collector provides it,
 * the planner asks for it without knowing which collector that is. */
#include "models/processor.h"

#include "models/units.h"

static const char *const comparison_names[] = {
  [HVP_CPU_COMPARISON_UNKNOWN] = "unknown",
  [HVP_CPU_COMPARISON_INCOMPATIBLE] = "incompatible",
  [HVP_CPU_COMPARISON_IDENTICAL] = "identical",
  [HVP_CPU_COMPARISON_SUPERSET] = "superset",
};

/* Set once, before the planner runs (hvp_collectors_init()); read afterwards. */
static HvpProcessorComparator registered_comparator;

/**
 * hvp_cpu_comparison_to_string:
 * @comparison: a comparison result
 *
 * Returns: (transfer none): "unknown", "incompatible", "identical" or "superset"
 */
const char *
hvp_cpu_comparison_to_string (HvpCpuComparison comparison)
{
  return hvp_enum_to_string (comparison_names, G_N_ELEMENTS (comparison_names), comparison);
}

/**
 * hvp_processor_set_comparator:
 * @comparator: (nullable): the comparison of processor descriptions; %NULL for none
 *
 * Registers the function hvp_processor_compare_descriptions() calls, replacing any registered
 * before.  The libvirt collector registers its own (collectors/registry.c, hvp_collectors_init());
 * registering is not thread-safe and belongs before the first plan; registering the comparator
 * already registered writes nothing, so threads that each call hvp_collect() after one first
 * call (`hvplan diff` reading both sides at once) only read it.
 */
void
hvp_processor_set_comparator (HvpProcessorComparator comparator)
{
  if (registered_comparator != comparator)
    registered_comparator = comparator;
}

/**
 * hvp_processor_compare_descriptions:
 * @source: the processor a VM's saved state was taken on
 * @destination: the processor it should resume on
 * @ret_result: (out): the verdict
 * @ret_method: (out) (transfer full) (nullable): which method decided; %NULL when no comparator
 *   is registered
 * @error: return location for an error
 *
 * Compares two hosts' processor descriptions with the comparator registered by
 * hvp_processor_set_comparator(); with none registered, the verdict is
 * %HVP_CPU_COMPARISON_UNKNOWN (the caller then decides by CPUID identity).
 *
 * Returns: %TRUE with @ret_result and @ret_method set; %FALSE with the comparator's error
 *   (%HVP_ERROR_DATA when a description cannot be read)
 */
gboolean
hvp_processor_compare_descriptions (const HvpProcessor *source, const HvpProcessor *destination,
                                    HvpCpuComparison *ret_result, char **ret_method,
                                    GError **error)
{
  g_return_val_if_fail (source != NULL && destination != NULL, FALSE);

  if (registered_comparator == NULL)
    {
      *ret_result = HVP_CPU_COMPARISON_UNKNOWN;
      *ret_method = NULL;
      return TRUE;
    }
  return registered_comparator (source, destination, ret_result, ret_method, error);
}

/**
 * hvp_processor_compare_by_identity:
 * @source: the processor a VM's saved state was taken on
 * @destination: the processor it should resume on
 *
 * Compares two processors by their CPUID identity alone, the fall-back when no feature sets can
 * be compared: vendors that differ are incompatible (Microsoft, "Processor compatibility mode in
 * Hyper-V": a VM cannot move between Intel and AMD processors, even in compatibility mode), the
 * same vendor, family and model are identical, anything else is unknown.
 *
 * Returns: the verdict; %HVP_CPU_COMPARISON_UNKNOWN when either vendor is unknown
 */
HvpCpuComparison
hvp_processor_compare_by_identity (const HvpProcessor *source, const HvpProcessor *destination)
{
  const char *source_vendor = hvp_processor_vendor_normalize (source->vendor);
  const char *destination_vendor = hvp_processor_vendor_normalize (destination->vendor);

  if (source_vendor == NULL || destination_vendor == NULL)
    return HVP_CPU_COMPARISON_UNKNOWN;
  if (g_ascii_strcasecmp (source_vendor, destination_vendor) != 0)
    return HVP_CPU_COMPARISON_INCOMPATIBLE;
  if (source->family != 0 && source->family == destination->family && source->model != 0
      && source->model == destination->model)
    return HVP_CPU_COMPARISON_IDENTICAL;
  return HVP_CPU_COMPARISON_UNKNOWN;
}
