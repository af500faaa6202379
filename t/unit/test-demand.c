/* Unit tests of planner/sizing/demand.c: the percentile, the confidence bands, the fewest samples
 * and a VM's measured demand within Hyper-V's floor and ceiling; expected numbers worked out by
 * hand in the comments. */
#include <math.h>

#include "unit.h"
#include "planner/sizing/demand.h"

static void
test_percentile (void)
{
  double ten[] = { 10, 1, 9, 2, 8, 3, 7, 4, 6, 5 };
  gfloat gaps[] = { 5, NAN, 1, NAN, 3 };

  /* Nearest rank: the ⌈P/100 × n⌉-th smallest of 10 values: 95 → 10th, 50 → 5th, 1 → 1st. */
  g_assert_cmpfloat (hvp_percentile_of_doubles (ten, 10, 95), ==, 10);
  g_assert_cmpfloat (hvp_percentile_of_doubles (ten, 10, 50), ==, 5);
  g_assert_cmpfloat (hvp_percentile_of_doubles (ten, 10, 90), ==, 9);
  g_assert_cmpfloat (hvp_percentile_of_doubles (ten, 10, 1), ==, 1);
  g_assert_cmpfloat (hvp_percentile_of_doubles (ten, 10, 100), ==, 10);
  g_assert_cmpfloat (hvp_percentile_of_doubles (ten, 0, 95), ==, 0);
  /* NaN gaps are skipped: of 1, 3, 5 the 50th is the 2nd. */
  g_assert_cmpfloat (hvp_percentile_of (gaps, 5, 50), ==, 3);
}

static void
test_confidence_bands (void)
{
  /* Azure Migrate: 0-20 % 1 star, 21-40 % 2, 41-60 % 3, 61-80 % 4, 81-100 % 5. */
  static const struct {
    double coverage;
    guint stars;
  } cases[] = {
    { 0, 1 }, { 0.2, 1 }, { 0.209, 1 }, { 0.21, 2 }, { 0.4, 2 }, { 0.41, 3 }, { 0.6, 3 },
    { 0.61, 4 }, { 0.8, 4 }, { 0.81, 5 }, { 1, 5 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpuint (hvp_confidence_rating (cases[i].coverage), ==, cases[i].stars);
}

static void
test_min_samples (void)
{
  g_assert_cmpuint (hvp_demand_min_samples (95), ==, 20);
  g_assert_cmpuint (hvp_demand_min_samples (99), ==, 100);
  g_assert_cmpuint (hvp_demand_min_samples (50), ==, 12);
  g_assert_cmpuint (hvp_demand_min_samples (100), ==, 12);
}

/* A VM with @n samples of @cpu % and @memory MiB, every 300 s over @period seconds. */
static HvpVm *
sampled_vm (guint n, gfloat cpu, gfloat memory, guint period)
{
  HvpVm *vm = hvp_vm_new ("ID", "vm");

  vm->vcpus = 4;
  vm->utilization = hvp_utilization_new ();
  vm->utilization->interval_seconds = 300;
  vm->utilization->period_seconds = period;
  for (guint i = 0; i < n; i++)
    {
      g_array_append_val (vm->utilization->processor_percent, cpu);
      g_array_append_val (vm->utilization->memory_demand_mib, memory);
    }
  return vm;
}

static void
test_measure (void)
{
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  g_autoptr (HvpVm) vm = sampled_vm (20, 25, 3000, 12000);
  HvpVmDemand demand;

  /* Dynamic 1-8 GiB: 3,000 MiB × 1.3 = 3,900 MiB; 25 % of 4 vCPUs × 1.3 = 1.3; 20 × 300 s of
   * 12,000 s = 50 %. */
  vm->memory.dynamic = TRUE;
  vm->memory.startup_bytes = HVP_GIB;
  vm->memory.minimum_bytes = HVP_GIB;
  vm->memory.maximum_bytes = 8 * HVP_GIB;
  hvp_vm_demand_measure (vm, options, &demand);
  g_assert_true (demand.measured);
  g_assert_cmpuint (demand.samples, ==, 20);
  g_assert_cmpfloat_with_epsilon (demand.coverage, 0.5, 1e-9);
  g_assert_cmpuint (demand.memory_bytes, ==, 3900 * HVP_MIB);
  g_assert_cmpfloat_with_epsilon (demand.vcpus, 1.3, 1e-6);
  /* Above the maximum: 8 GiB; below the minimum: the minimum. */
  options->comfort_factor = 3;
  hvp_vm_demand_measure (vm, options, &demand);
  g_assert_cmpuint (demand.memory_bytes, ==, 8 * HVP_GIB);
  g_assert_cmpfloat_with_epsilon (demand.vcpus, 3, 1e-6);
  vm->memory.minimum_bytes = 4 * HVP_GIB;
  options->comfort_factor = 1;
  hvp_vm_demand_measure (vm, options, &demand);
  g_assert_cmpuint (demand.memory_bytes, ==, 4 * HVP_GIB);
  /* Static memory: its startup memory whatever it demands. */
  vm->memory.dynamic = FALSE;
  vm->memory.startup_bytes = 6 * HVP_GIB;
  hvp_vm_demand_measure (vm, options, &demand);
  g_assert_cmpuint (demand.memory_bytes, ==, 6 * HVP_GIB);
  /* Processors never above its vCPUs. */
  g_array_index (vm->utilization->processor_percent, gfloat, 0) = 100;
  options->percentile = 100;
  options->comfort_factor = 2;
  hvp_vm_demand_measure (vm, options, &demand);
  g_assert_cmpfloat (demand.vcpus, ==, 4);
}

static void
test_too_few_samples (void)
{
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  g_autoptr (HvpVm) vm = sampled_vm (19, 25, 3000, 0);
  g_autoptr (HvpVm) none = hvp_vm_new ("ID", "none");
  HvpVmDemand demand;

  /* 19 < 20 at the 95th: not measured; coverage over its own span (no period): 100 %. */
  hvp_vm_demand_measure (vm, options, &demand);
  g_assert_false (demand.measured);
  g_assert_cmpuint (demand.samples, ==, 19);
  g_assert_cmpfloat (demand.coverage, ==, 1);
  g_assert_cmpuint (demand.memory_bytes, ==, 0);
  options->percentile = 90;
  hvp_vm_demand_measure (vm, options, &demand);
  g_assert_true (demand.measured);
  hvp_vm_demand_measure (none, options, &demand);
  g_assert_false (demand.measured);
  g_assert_cmpfloat (demand.coverage, ==, 0);
}

static void
test_options (void)
{
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  g_autoptr (GError) error = NULL;

  g_assert_cmpfloat (options->percentile, ==, 95);
  g_assert_cmpfloat (options->comfort_factor, ==, 1.3);
  g_assert_true (hvp_plan_options_set_percentile (options, "99.5", &error));
  g_assert_cmpfloat (options->percentile, ==, 99.5);
  g_assert_false (hvp_plan_options_set_percentile (options, "101", &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_USAGE);
  g_clear_error (&error);
  g_assert_false (hvp_plan_options_set_comfort_factor (options, "nan", &error));
  g_clear_error (&error);
  g_assert_false (hvp_plan_options_set_comfort_factor (options, "1.5x", &error));
  g_clear_error (&error);
  g_assert_true (hvp_plan_options_set_basis (options, "measured", &error));
  g_assert_cmpint (options->basis, ==, HVP_SIZING_BASIS_MEASURED);
  g_assert_false (hvp_plan_options_set_licensing (options, "none", &error));
  g_clear_error (&error);
  g_assert_true (hvp_plan_options_set_licensing (options, "cheapest", &error));
  g_assert_cmpstr (hvp_licensing_to_string (options->licensing), ==, "cheapest");
}

HVP_TEST_SUITE (demand)
{
  g_test_add_func ("/planner/demand/percentile", test_percentile);
  g_test_add_func ("/planner/demand/confidence-bands", test_confidence_bands);
  g_test_add_func ("/planner/demand/min-samples", test_min_samples);
  g_test_add_func ("/planner/demand/measure", test_measure);
  g_test_add_func ("/planner/demand/too-few-samples", test_too_few_samples);
  g_test_add_func ("/planner/demand/options", test_options);
}
