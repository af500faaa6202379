/* hvplan: sizing by use.  A VM's demand per resource is a percentile of its samples times a
 * comfort factor, as Azure Migrate's performance-based assessment computes it
 * (learn.microsoft.com/azure/migrate/concepts-assessment-calculation, "Calculate sizing
 * (performance-based)"), kept within what Hyper-V can give the VM; the confidence in it is the
 * share of the period its samples cover, rated in Azure Migrate's bands
 * (learn.microsoft.com/azure/migrate/confidence-ratings). */
#include "planner/sizing/demand.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const basis_names[] = {
  [HVP_SIZING_BASIS_CONFIGURED] = "configured",
  [HVP_SIZING_BASIS_MEASURED] = "measured",
};

static const char *const licensing_names[] = {
  [HVP_LICENSING_NONE] = "none",
  [HVP_LICENSING_STANDARD] = "standard",
  [HVP_LICENSING_DATACENTER] = "datacenter",
  [HVP_LICENSING_CHEAPEST] = "cheapest",
};

/**
 * hvp_sizing_basis_to_string:
 * @basis: a basis
 *
 * Returns: (transfer none): "configured" or "measured" (the `basis` of `hvplan-size/1`)
 */
const char *
hvp_sizing_basis_to_string (HvpSizingBasis basis)
{
  return basis == HVP_SIZING_BASIS_MEASURED ? basis_names[1] : basis_names[0];
}

/**
 * hvp_licensing_to_string:
 * @licensing: an edition choice
 *
 * Returns: (transfer none): "none", "standard", "datacenter" or "cheapest"
 */
const char *
hvp_licensing_to_string (HvpLicensing licensing)
{
  if ((guint) licensing >= G_N_ELEMENTS (licensing_names))
    return licensing_names[0];
  return licensing_names[licensing];
}

/**
 * hvp_plan_options_set_basis:
 * @options: options
 * @text: "configured" or "measured" (the value of `--basis`)
 * @error: return location for a #GError
 *
 * Returns: %FALSE and %HVP_ERROR_USAGE when @text names no basis
 */
gboolean
hvp_plan_options_set_basis (HvpPlanOptions *options, const char *text, GError **error)
{
  g_return_val_if_fail (options != NULL && text != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (basis_names); i++)
    if (strcmp (text, basis_names[i]) == 0)
      {
        options->basis = (HvpSizingBasis) i;
        return TRUE;
      }
  g_set_error (error, HVP_ERROR, HVP_ERROR_USAGE,
               "invalid basis '%s': expected configured or measured", text);
  return FALSE;
}

/**
 * hvp_plan_options_set_licensing:
 * @options: options
 * @text: "standard", "datacenter" or "cheapest" (the value of `--licensing`)
 * @error: return location for a #GError
 *
 * Returns: %FALSE and %HVP_ERROR_USAGE when @text names no edition choice
 */
gboolean
hvp_plan_options_set_licensing (HvpPlanOptions *options, const char *text, GError **error)
{
  g_return_val_if_fail (options != NULL && text != NULL, FALSE);

  for (guint i = HVP_LICENSING_STANDARD; i < G_N_ELEMENTS (licensing_names); i++)
    if (strcmp (text, licensing_names[i]) == 0)
      {
        options->licensing = (HvpLicensing) i;
        return TRUE;
      }
  g_set_error (error, HVP_ERROR, HVP_ERROR_USAGE,
               "invalid licensing '%s': expected standard, datacenter or cheapest", text);
  return FALSE;
}

/* @text as a decimal number within [@min, @max], else %HVP_ERROR_USAGE naming @what. */
static gboolean
parse_decimal (const char *text, double min, double max, const char *what, double *ret_value,
               GError **error)
{
  char *end = NULL;
  double value = g_ascii_strtod (text, &end);

  if (!g_ascii_isdigit (text[0]) || end == NULL || *end != '\0' || !(value >= min)
      || !(value <= max))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_USAGE,
                   "invalid %s '%s': expected a decimal number from %g to %g", what, text, min,
                   max);
      return FALSE;
    }
  *ret_value = value;
  return TRUE;
}

/**
 * hvp_plan_options_set_percentile:
 * @options: options
 * @text: a decimal number from 1 to 100 (the value of `--percentile`)
 * @error: return location for a #GError
 *
 * Returns: %FALSE and %HVP_ERROR_USAGE when @text is no such number
 */
gboolean
hvp_plan_options_set_percentile (HvpPlanOptions *options, const char *text, GError **error)
{
  g_return_val_if_fail (options != NULL && text != NULL, FALSE);

  return parse_decimal (text, 1, 100, "percentile", &options->percentile, error);
}

/**
 * hvp_plan_options_set_comfort_factor:
 * @options: options
 * @text: a decimal number from 1 to 10 (the value of `--comfort`): 1.3 adds 30 %
 * @error: return location for a #GError
 *
 * Returns: %FALSE and %HVP_ERROR_USAGE when @text is no such number
 */
gboolean
hvp_plan_options_set_comfort_factor (HvpPlanOptions *options, const char *text, GError **error)
{
  g_return_val_if_fail (options != NULL && text != NULL, FALSE);

  return parse_decimal (text, 1, 10, "comfort factor", &options->comfort_factor, error);
}

/* Quickselect (Hoare's FIND): moves the @k-th smallest of @values[0..@n) to @values[@k]. */
static double
select_kth (double *values, guint n, guint k)
{
  guint left = 0, right = n - 1;

  while (left < right)
    {
      double pivot = values[left + (right - left) / 2];
      guint i = left, j = right;

      while (i <= j)
        {
          while (values[i] < pivot)
            i++;
          while (values[j] > pivot)
            j--;
          if (i <= j)
            {
              double swap = values[i];

              values[i] = values[j];
              values[j] = swap;
              i++;
              if (j == 0)
                break;
              j--;
            }
        }
      if (k <= j)
        right = j;
      else if (k >= i)
        left = i;
      else
        break;
    }
  return values[k];
}

/**
 * hvp_percentile_of_doubles:
 * @values: (array length=n): numbers, none NaN; reordered
 * @n: how many
 * @percentile: 1 to 100
 *
 * The nearest-rank percentile: the smallest value at or above which @percentile % of @values
 * lie (the ⌈P/100 × n⌉-th smallest); the 100th is the largest.
 *
 * Returns: the percentile, 0 when @n is 0
 */
double
hvp_percentile_of_doubles (double *values, guint n, double percentile)
{
  double rank;

  g_return_val_if_fail (values != NULL || n == 0, 0);

  if (n == 0)
    return 0;
  rank = ceil (percentile / 100.0 * (double) n - 1e-9);
  return select_kth (values, n, (guint) CLAMP (rank, 1.0, (double) n) - 1);
}

/**
 * hvp_percentile_of:
 * @values: (array length=n): samples, NaN for gaps (skipped)
 * @n: how many
 * @percentile: 1 to 100
 *
 * Returns: hvp_percentile_of_doubles() of the samples that are not NaN; 0 when none is
 */
double
hvp_percentile_of (gfloat *values, guint n, double percentile)
{
  g_autofree double *copy = g_new (double, MAX (n, 1u));
  guint m = 0;

  g_return_val_if_fail (values != NULL || n == 0, 0);

  for (guint i = 0; i < n; i++)
    if (!isnan (values[i]))
      copy[m++] = values[i];
  return hvp_percentile_of_doubles (copy, m, percentile);
}

/**
 * hvp_demand_min_samples:
 * @percentile: 1 to 100
 *
 * The fewest samples a VM is sized by use from: ⌈100 / (100 − P)⌉ (at least 12, an hour of
 * 5-minute samples), so that at least one sample lies above the P-th percentile (with fewer, the
 * "percentile" is the largest sample and says nothing of the peaks; 20 samples at the 95th); for
 * the 100th, 12.
 *
 * Returns: that count
 */
guint
hvp_demand_min_samples (double percentile)
{
  if (percentile >= 100 - 1e-9)
    return 12;
  return MAX (12u, (guint) ceil (100.0 / (100.0 - percentile) - 1e-9));
}

/**
 * hvp_confidence_rating:
 * @coverage: share of the period covered by samples, 0–1
 *
 * Azure Migrate's confidence ratings of a performance-based assessment
 * (learn.microsoft.com/azure/migrate/confidence-ratings, "Ratings"): 0–20 % of the data points
 * available 1 star, 21–40 % 2, 41–60 % 3, 61–80 % 4, 81–100 % 5.
 *
 * Returns: 1 to 5
 */
guint
hvp_confidence_rating (double coverage)
{
  double percent = floor (coverage * 100 + 1e-9);

  if (percent <= 20)
    return 1;
  if (percent <= 40)
    return 2;
  if (percent <= 60)
    return 3;
  if (percent <= 80)
    return 4;
  return 5;
}

/**
 * hvp_confidence_rule:
 *
 * Returns: (transfer none): hvp_confidence_rating()'s bands and their source, in words, for the
 *   reports
 */
const char *
hvp_confidence_rule (void)
{
  return "coverage 0-20 % 1 star, 21-40 % 2, 41-60 % 3, 61-80 % 4, 81-100 % 5 (Azure Migrate's "
         "confidence ratings, learn.microsoft.com/azure/migrate/confidence-ratings)";
}

/* The share of the period @utilization's samples cover: samples × interval / period (the period
 * asked for, else the span of its slots), at most 1. */
static double
coverage_of (const HvpUtilization *utilization, guint samples)
{
  double period = utilization->period_seconds != 0
                    ? (double) utilization->period_seconds
                    : (double) hvp_utilization_n_slots (utilization)
                        * (double) utilization->interval_seconds;

  if (period <= 0)
    return 0;
  return MIN (1.0, (double) samples * (double) utilization->interval_seconds / period);
}

/* The percentile of an optional series, NaN when it was not sampled. */
static double
optional_percentile (GArray *series, double percentile)
{
  guint samples = 0;

  for (guint i = 0; i < series->len; i++)
    samples += !isnan (g_array_index (series, gfloat, i));
  if (samples == 0)
    return NAN;
  return hvp_percentile_of ((gfloat *) series->data, series->len, percentile);
}

/**
 * hvp_vm_demand_has_io:
 * @demand: a VM's measured demand
 *
 * Returns: %TRUE when it has a disk or network percentile to show (#HvpVmDemand)
 */
gboolean
hvp_vm_demand_has_io (const HvpVmDemand *demand)
{
  g_return_val_if_fail (demand != NULL, FALSE);

  return demand->measured
         && (!isnan (demand->disk_bytes_per_second) || !isnan (demand->disk_iops)
             || !isnan (demand->network_bytes_per_second));
}

/* Sets @demand's input/output percentiles from @utilization's optional series (shown by the
 * reports, not packed: a host's disk and network capacity is not in the catalog). */
static void
measure_io (const HvpUtilization *utilization, double percentile, HvpVmDemand *demand)
{
  demand->disk_bytes_per_second = optional_percentile (utilization->disk_bytes_per_second,
                                                       percentile);
  demand->disk_iops = optional_percentile (utilization->disk_iops, percentile);
  demand->network_bytes_per_second = optional_percentile (utilization->network_bytes_per_second,
                                                          percentile);
}

/**
 * hvp_vm_demand_measure:
 * @vm: a VM, with or without utilization
 * @options: the percentile (#HvpPlanOptions.percentile) and comfort factor
 * @ret_demand: (out): its measured demand
 *
 * Measures one VM: its samples, their coverage and, with at least hvp_demand_min_samples(), the
 * percentile of its processor share and memory demand, each × the comfort factor.  Memory stays
 * within what Hyper-V gives the VM: a static-memory VM holds its whole startup memory while it
 * runs (floor and ceiling: startup, so its measured memory is its configured memory); a
 * dynamic-memory VM never gets less than its minimum nor more than its maximum
 * (learn.microsoft.com/windows-server/virtualization/hyper-v/manage/hyper-v-dynamic-memory).
 * Processors stay at most its vCPUs (a VM cannot run more than its virtual processors).  The
 * disk and network series, where sampled, give their percentile alone (see #HvpVmDemand).
 */
void
hvp_vm_demand_measure (const HvpVm *vm, const HvpPlanOptions *options, HvpVmDemand *ret_demand)
{
  const HvpUtilization *utilization = vm->utilization;
  HvpVmDemand demand = { 0 };
  double memory;

  g_return_if_fail (vm != NULL && options != NULL && ret_demand != NULL);

  demand.disk_bytes_per_second = demand.disk_iops = demand.network_bytes_per_second = NAN;

  demand.memory_floor_bytes = vm->memory.dynamic ? vm->memory.minimum_bytes
                                                 : vm->memory.startup_bytes;
  demand.memory_ceiling_bytes = vm->memory.dynamic ? MAX (vm->memory.maximum_bytes,
                                                          vm->memory.startup_bytes)
                                                   : vm->memory.startup_bytes;
  if (utilization != NULL)
    {
      demand.samples = hvp_utilization_n_samples (utilization);
      demand.coverage = coverage_of (utilization, demand.samples);
    }
  if (utilization != NULL && demand.samples >= hvp_demand_min_samples (options->percentile))
    {
      demand.measured = TRUE;
      memory = hvp_percentile_of ((gfloat *) utilization->memory_demand_mib->data,
                                  utilization->memory_demand_mib->len, options->percentile)
               * options->comfort_factor * (double) HVP_MIB;
      memory = CLAMP (memory, (double) demand.memory_floor_bytes,
                      (double) demand.memory_ceiling_bytes);
      demand.memory_bytes = (guint64) ceil (memory);
      demand.vcpus = MIN ((double) vm->vcpus,
                          hvp_percentile_of ((gfloat *) utilization->processor_percent->data,
                                             utilization->processor_percent->len,
                                             options->percentile)
                            / 100.0 * vm->vcpus * options->comfort_factor);
      measure_io (utilization, options->percentile, &demand);
    }
  *ret_demand = demand;
}
