/* Unit tests of planner/finding.c: the order of findings, what a finding does to its requirement,
 * and the names of verdicts and requirements. */
#include "unit.h"
#include "planner/plan.h"

/* A plan with no rows and no checks run: enough for hvp_plan_add_finding(). */
static HvpPlan *
empty_plan_new (void)
{
  HvpPlan *plan = g_new0 (HvpPlan, 1);

  plan->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) hvp_finding_free);
  plan->vms = g_ptr_array_new ();
  for (guint k = 0; k < HVP_N_ALL_REQUIREMENTS; k++)
    {
      plan->requirements[k].kind = (HvpRequirementKind) k;
      plan->requirements[k].vms = g_ptr_array_new_with_free_func (g_free);
    }
  return plan;
}

static HvpFinding *
finding_new (HvpVerdict severity, HvpRequirementKind requirement, const char *vm,
             const char *format, ...) G_GNUC_PRINTF (4, 5);

static HvpFinding *
finding_new (HvpVerdict severity, HvpRequirementKind requirement, const char *vm,
             const char *format, ...)
{
  HvpFinding *finding;
  va_list args;

  va_start (args, format);
  finding = hvp_finding_new_valist (severity, requirement, vm, format, args);
  va_end (args);
  return finding;
}

/* Worst severity first, then requirement, then VM (none first), then message in byte order. */
static void
test_compare (void)
{
  g_autoptr (GPtrArray) findings
    = g_ptr_array_new_with_free_func ((GDestroyNotify) hvp_finding_free);
  static const char *const expected[] = {
    "fail storage", "warn storage none", "warn storage a", "warn network a", "info B", "info a",
  };

  g_ptr_array_add (findings, finding_new (HVP_VERDICT_INFO, HVP_REQUIREMENT_MEMORY, "vm",
                                          "info %s", "a"));
  g_ptr_array_add (findings, finding_new (HVP_VERDICT_WARN, HVP_REQUIREMENT_NETWORK, "a",
                                          "warn network a"));
  g_ptr_array_add (findings, finding_new (HVP_VERDICT_WARN, HVP_REQUIREMENT_STORAGE, "a",
                                          "warn storage a"));
  g_ptr_array_add (findings, finding_new (HVP_VERDICT_INFO, HVP_REQUIREMENT_MEMORY, "vm",
                                          "info B"));
  g_ptr_array_add (findings, finding_new (HVP_VERDICT_WARN, HVP_REQUIREMENT_STORAGE, NULL,
                                          "warn storage none"));
  g_ptr_array_add (findings, finding_new (HVP_VERDICT_FAIL, HVP_REQUIREMENT_STORAGE, NULL,
                                          "fail storage"));
  g_ptr_array_sort (findings, hvp_finding_compare);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (((HvpFinding *) g_ptr_array_index (findings, i))->message, ==, expected[i]);
}

/* Info notes only; warn and fail raise the verdict (never lower it) and name the VM once, except
 * for the processor requirement, whose VMs are the saved-state VMs. */
static void
test_add_finding (void)
{
  g_autoptr (HvpPlan) plan = empty_plan_new ();
  const HvpRequirement *storage = &plan->requirements[HVP_REQUIREMENT_STORAGE];
  const HvpRequirement *processor = &plan->requirements[HVP_REQUIREMENT_PROCESSOR];

  hvp_plan_add_finding (plan, HVP_VERDICT_INFO, HVP_REQUIREMENT_STORAGE, "a", "note");
  g_assert_cmpint (storage->verdict, ==, HVP_VERDICT_PASS);
  g_assert_cmpuint (storage->vms->len, ==, 0);
  hvp_plan_add_finding (plan, HVP_VERDICT_FAIL, HVP_REQUIREMENT_STORAGE, "a", "%u GiB", 3u);
  hvp_plan_add_finding (plan, HVP_VERDICT_WARN, HVP_REQUIREMENT_STORAGE, "a", "again");
  hvp_plan_add_finding (plan, HVP_VERDICT_WARN, HVP_REQUIREMENT_STORAGE, NULL, "no VM");
  g_assert_cmpint (storage->verdict, ==, HVP_VERDICT_FAIL);
  g_assert_cmpuint (storage->vms->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (storage->vms, 0), ==, "a");
  hvp_plan_add_finding (plan, HVP_VERDICT_WARN, HVP_REQUIREMENT_PROCESSOR, "b", "saved state");
  g_assert_cmpint (processor->verdict, ==, HVP_VERDICT_WARN);
  g_assert_cmpuint (processor->vms->len, ==, 0);
  g_assert_cmpuint (plan->findings->len, ==, 5);
  g_assert_cmpstr (((HvpFinding *) g_ptr_array_index (plan->findings, 1))->message, ==, "3 GiB");
  g_assert_cmpint (hvp_plan_verdict (plan), ==, HVP_VERDICT_FAIL);
}

static void
test_names (void)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  g_autofree char *none = hvp_finding_quote_names (names);
  g_autofree char *two = NULL;

  g_assert_cmpstr (none, ==, "");
  g_ptr_array_add (names, (gpointer) "LAN");
  g_ptr_array_add (names, (gpointer) "DMZ");
  two = hvp_finding_quote_names (names);
  g_assert_cmpstr (two, ==, "'LAN', 'DMZ'");
  g_assert_cmpstr (hvp_verdict_to_string (HVP_VERDICT_INFO), ==, "info");
  g_assert_cmpstr (hvp_verdict_to_string (HVP_VERDICT_FAIL), ==, "fail");
  g_assert_cmpstr (hvp_requirement_kind_to_string (HVP_REQUIREMENT_STORAGE), ==, "storage");
  g_assert_cmpstr (hvp_requirement_kind_to_string (HVP_REQUIREMENT_SECURITY), ==, "security");
}

/* Each VM once, in the order first added, for any number of VMs (a hashed set, issue 12). */
static void
test_requirement_vms (void)
{
  HvpRequirement requirement = { 0 };

  requirement.vms = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (requirement.vms, g_strdup ("before"));
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < 20000; i++)
      {
        g_autofree char *name = g_strdup_printf ("vm%05u", i);

        hvp_requirement_add_vm (&requirement, name);
      }
  hvp_requirement_add_vm (&requirement, "before");
  g_assert_cmpuint (requirement.vms->len, ==, 20001);
  g_assert_cmpstr (g_ptr_array_index (requirement.vms, 0), ==, "before");
  g_assert_cmpstr (g_ptr_array_index (requirement.vms, 1), ==, "vm00000");
  g_assert_cmpstr (g_ptr_array_index (requirement.vms, 20000), ==, "vm19999");
  g_hash_table_unref (requirement.vm_set);
  g_ptr_array_unref (requirement.vms);
}

HVP_TEST_SUITE (finding)
{
  g_test_add_func ("/planner/finding/compare", test_compare);
  g_test_add_func ("/planner/finding/add-finding", test_add_finding);
  g_test_add_func ("/planner/finding/names", test_names);
  g_test_add_func ("/planner/finding/requirement-vms", test_requirement_vms);
}
