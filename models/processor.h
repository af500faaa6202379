/* hvplan: how two hosts' processors compare for a saved state, and the hook through which a
 * collector that can compare processor feature sets (libvirt) offers its comparison. */
#pragma once

#include <glib.h>

#include "models/host.h"

G_BEGIN_DECLS

/**
 * HvpCpuComparison:
 * @HVP_CPU_COMPARISON_UNKNOWN: nothing decided (no CPU description, or only the vendor matched)
 * @HVP_CPU_COMPARISON_INCOMPATIBLE: the destination lacks something the source's processor has
 * @HVP_CPU_COMPARISON_IDENTICAL: both processors offer the same (libvirt `VIR_CPU_COMPARE_IDENTICAL`)
 * @HVP_CPU_COMPARISON_SUPERSET: the destination offers all the source's processor has, and more
 *   (`VIR_CPU_COMPARE_SUPERSET`)
 *
 * Whether a VM's saved state taken on the source processor can resume on the destination's.
 */
typedef enum {
  HVP_CPU_COMPARISON_UNKNOWN,
  HVP_CPU_COMPARISON_INCOMPATIBLE,
  HVP_CPU_COMPARISON_IDENTICAL,
  HVP_CPU_COMPARISON_SUPERSET,
} HvpCpuComparison;

/**
 * HvpProcessorComparator:
 * @source: the processor a VM's saved state was taken on
 * @destination: the processor it should resume on
 * @ret_result: (out): the verdict
 * @ret_method: (out) (transfer full): which method decided, in the comparator's words
 *   ("virConnectBaselineCPU", "vendor/family/model")
 * @error: return location for an error
 *
 * Compares the processor descriptions (#HvpProcessor `cpu_xml`) of two hosts.  A collector that
 * can read such descriptions registers one with hvp_processor_set_comparator().
 *
 * Returns: %TRUE with @ret_result and @ret_method set; %FALSE with %HVP_ERROR_DATA when a
 *   description cannot be read
 */
typedef gboolean (*HvpProcessorComparator) (const HvpProcessor *source,
                                            const HvpProcessor *destination,
                                            HvpCpuComparison *ret_result, char **ret_method,
                                            GError **error);

const char *hvp_cpu_comparison_to_string (HvpCpuComparison comparison);
void hvp_processor_set_comparator (HvpProcessorComparator comparator);
gboolean hvp_processor_compare_descriptions (const HvpProcessor *source,
                                             const HvpProcessor *destination,
                                             HvpCpuComparison *ret_result, char **ret_method,
                                             GError **error);
HvpCpuComparison hvp_processor_compare_by_identity (const HvpProcessor *source,
                                                    const HvpProcessor *destination);

G_END_DECLS
