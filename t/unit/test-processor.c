/* Unit tests of models/processor.c: the processor comparison hook. */
#include "unit.h"
#include "models/processor.h"

#include "models/error.h"

static guint calls;

static gboolean
failing_comparator (const HvpProcessor *source, const HvpProcessor *destination,
                    HvpCpuComparison *ret_result, char **ret_method, GError **error)
{
  (void) source;
  (void) destination;
  (void) ret_result;
  (void) ret_method;
  calls++;
  g_set_error_literal (error, HVP_ERROR, HVP_ERROR_DATA, "not a <cpu> element");
  return FALSE;
}

static gboolean
superset_comparator (const HvpProcessor *source, const HvpProcessor *destination,
                     HvpCpuComparison *ret_result, char **ret_method, GError **error)
{
  (void) error;
  calls++;
  *ret_result = g_strcmp0 (source->cpu_xml, destination->cpu_xml) == 0
                  ? HVP_CPU_COMPARISON_IDENTICAL : HVP_CPU_COMPARISON_SUPERSET;
  *ret_method = g_strdup ("stand-in");
  return TRUE;
}

/* No comparator: unknown, no method, no error; a registered one is called and answers; the last
 * registered wins; NULL unregisters. */
static void
test_comparator (void)
{
  HvpProcessor source = { .cpu_xml = (char *) "<cpu/>" };
  HvpProcessor destination = { .cpu_xml = (char *) "<cpu><feature/></cpu>" };
  HvpCpuComparison result = HVP_CPU_COMPARISON_INCOMPATIBLE;
  g_autofree char *method = NULL;
  g_autoptr (GError) error = NULL;

  calls = 0;
  /* None registered, whatever a test before this one in the program registered (unit.h). */
  hvp_processor_set_comparator (NULL);
  g_assert_true (hvp_processor_compare_descriptions (&source, &destination, &result, &method,
                                                     &error));
  g_assert_cmpint (result, ==, HVP_CPU_COMPARISON_UNKNOWN);
  g_assert_null (method);

  hvp_processor_set_comparator (failing_comparator);
  hvp_processor_set_comparator (superset_comparator);
  g_assert_true (hvp_processor_compare_descriptions (&source, &destination, &result, &method,
                                                     &error));
  g_assert_cmpint (result, ==, HVP_CPU_COMPARISON_SUPERSET);
  g_assert_cmpstr (method, ==, "stand-in");
  g_assert_cmpuint (calls, ==, 1);

  hvp_processor_set_comparator (failing_comparator);
  g_assert_false (hvp_processor_compare_descriptions (&source, &destination, &result, &method,
                                                      &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  g_assert_cmpuint (calls, ==, 2);

  hvp_processor_set_comparator (NULL);
  g_clear_pointer (&method, g_free);
  g_assert_true (hvp_processor_compare_descriptions (&source, &destination, &result, &method,
                                                     NULL));
  g_assert_cmpint (result, ==, HVP_CPU_COMPARISON_UNKNOWN);
  g_assert_cmpuint (calls, ==, 2);
}

static void
test_names (void)
{
  g_assert_cmpstr (hvp_cpu_comparison_to_string (HVP_CPU_COMPARISON_UNKNOWN), ==, "unknown");
  g_assert_cmpstr (hvp_cpu_comparison_to_string (HVP_CPU_COMPARISON_INCOMPATIBLE), ==,
                   "incompatible");
  g_assert_cmpstr (hvp_cpu_comparison_to_string (HVP_CPU_COMPARISON_IDENTICAL), ==, "identical");
  g_assert_cmpstr (hvp_cpu_comparison_to_string (HVP_CPU_COMPARISON_SUPERSET), ==, "superset");
}

HVP_TEST_SUITE (processor)
{
  g_test_add_func ("/models/processor/comparator", test_comparator);
  g_test_add_func ("/models/processor/names", test_names);
}
