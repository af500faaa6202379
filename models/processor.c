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
 * registering is not thread-safe and belongs before the first plan.
 */
void
hvp_processor_set_comparator (HvpProcessorComparator comparator)
{
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
