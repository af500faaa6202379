/* hvplan: a VM's demand measured from its utilization (percentile × comfort factor), and the
 * confidence in it. */
#pragma once

#include <glib.h>

#include "planner/options.h"

G_BEGIN_DECLS

/**
 * HvpVmDemand:
 * @samples: instants at which both processor and memory were sampled
 * @coverage: share of the requested period the samples cover, 0–1
 * @measured: %TRUE when the VM has enough samples to be sized by use; %FALSE: it falls back to
 *   its configured demand
 * @memory_bytes: measured memory: the percentile of its memory demand × the comfort factor,
 *   within the floor and the ceiling (hvp_vm_demand_measure()); 0 unless @measured
 * @memory_floor_bytes: the least it may be given (static memory: its startup memory; dynamic:
 *   its minimum)
 * @memory_ceiling_bytes: the most it can use (static: startup; dynamic: maximum)
 * @vcpus: measured processors: the percentile of its processor share × its vCPUs × the comfort
 *   factor, at most its vCPUs (fractional: 0.5 is half a logical processor busy); 0 unless
 *   @measured
 * @disk_bytes_per_second: the percentile of its disk bytes/s series (not × the comfort factor:
 *   shown, not packed); NaN unless @measured and the series was sampled
 * @disk_iops: likewise, of its disk operations per second
 * @network_bytes_per_second: likewise, of its network bytes/s
 *
 * One VM's measured demand, before growth and overhead.
 */
typedef struct {
  guint samples;
  double coverage;
  gboolean measured;
  guint64 memory_bytes;
  guint64 memory_floor_bytes;
  guint64 memory_ceiling_bytes;
  double vcpus;
  double disk_bytes_per_second;
  double disk_iops;
  double network_bytes_per_second;
} HvpVmDemand;

gboolean hvp_plan_options_set_basis (HvpPlanOptions *options, const char *text, GError **error);
gboolean hvp_plan_options_set_percentile (HvpPlanOptions *options, const char *text,
                                          GError **error);
gboolean hvp_plan_options_set_comfort_factor (HvpPlanOptions *options, const char *text,
                                              GError **error);
gboolean hvp_plan_options_set_licensing (HvpPlanOptions *options, const char *text,
                                         GError **error);
const char *hvp_sizing_basis_to_string (HvpSizingBasis basis);
const char *hvp_licensing_to_string (HvpLicensing licensing);

double hvp_percentile_of (gfloat *values, guint n, double percentile);
double hvp_percentile_of_doubles (double *values, guint n, double percentile);
guint hvp_demand_min_samples (double percentile);
guint hvp_confidence_rating (double coverage);
const char *hvp_confidence_rule (void);
void hvp_vm_demand_measure (const HvpVm *vm, const HvpPlanOptions *options,
                            HvpVmDemand *ret_demand);

gboolean hvp_vm_demand_has_io (const HvpVmDemand *demand);

G_END_DECLS
