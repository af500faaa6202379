/* hvplan: the findings of a plan: what a check found, its severity, and the verdicts and VMs of
 * the requirements they raise.  The checks write here; nothing here calls a check or the plan. */
#include "planner/finding.h"

#include <string.h>

#include "planner/plan.h"

static const char *const verdict_names[] = {
  [HVP_VERDICT_PASS] = "pass",
  [HVP_VERDICT_INFO] = "info",
  [HVP_VERDICT_WARN] = "warn",
  [HVP_VERDICT_FAIL] = "fail",
};

static const char *const requirement_names[] = {
  [HVP_REQUIREMENT_STORAGE] = "storage",
  [HVP_REQUIREMENT_MEMORY] = "memory",
  [HVP_REQUIREMENT_NETWORK] = "network",
  [HVP_REQUIREMENT_PROCESSOR] = "processor",
  [HVP_REQUIREMENT_SECURITY] = "security",
  [HVP_REQUIREMENT_COMPATIBILITY] = "compatibility",
  [HVP_REQUIREMENT_INVENTORY] = "inventory",
};

/**
 * hvp_verdict_to_string:
 * @verdict: a verdict
 *
 * Returns: (transfer none): "pass", "info", "warn" or "fail" (the names of `hvplan-plan/1`)
 */
const char *
hvp_verdict_to_string (HvpVerdict verdict)
{
  return hvp_enum_to_string (verdict_names, G_N_ELEMENTS (verdict_names), verdict);
}

/**
 * hvp_requirement_kind_to_string:
 * @kind: a requirement
 *
 * Returns: (transfer none): "storage", "memory", "network", "processor", "security",
 *   "compatibility" or "inventory"
 */
const char *
hvp_requirement_kind_to_string (HvpRequirementKind kind)
{
  return hvp_enum_to_string (requirement_names, G_N_ELEMENTS (requirement_names), kind);
}

/**
 * hvp_finding_new_valist:
 * @severity: %HVP_VERDICT_INFO, %HVP_VERDICT_WARN or %HVP_VERDICT_FAIL
 * @requirement: the check that found it
 * @vm: (nullable): the VM concerned
 * @format: printf() format of the message: what is wrong, then what to do, one line
 * @args: its arguments
 *
 * Returns: (transfer full): a new finding; free with hvp_finding_free()
 */
HvpFinding *
hvp_finding_new_valist (HvpVerdict severity, HvpRequirementKind requirement, const char *vm,
                        const char *format, va_list args)
{
  HvpFinding *finding = g_new0 (HvpFinding, 1);

  finding->severity = severity;
  finding->requirement = requirement;
  finding->vm = g_strdup (vm);
  finding->message = g_strdup_vprintf (format, args);
  return finding;
}

/**
 * hvp_finding_free:
 * @finding: (nullable) (transfer full): a finding
 *
 * Frees @finding, its VM name and its message.
 */
void
hvp_finding_free (HvpFinding *finding)
{
  if (finding == NULL)
    return;
  g_free (finding->vm);
  g_free (finding->message);
  g_free (finding);
}

/**
 * hvp_finding_compare:
 * @a: a pointer to an #HvpFinding pointer (an element of a #GPtrArray)
 * @b: another
 *
 * The order of findings in a plan and a sizing, for g_ptr_array_sort(): worst severity first, then
 * requirement, VM name (findings about no VM first), message (strcmp(), so byte order).
 *
 * Returns: negative, zero or positive as @a sorts before, with or after @b
 */
gint
hvp_finding_compare (gconstpointer a, gconstpointer b)
{
  const HvpFinding *x = *(HvpFinding *const *) a;
  const HvpFinding *y = *(HvpFinding *const *) b;

  if (x->severity != y->severity)
    return x->severity > y->severity ? -1 : 1;
  if (x->requirement != y->requirement)
    return x->requirement < y->requirement ? -1 : 1;
  if (g_strcmp0 (x->vm, y->vm) != 0)
    return g_strcmp0 (x->vm, y->vm);
  return strcmp (x->message, y->message);
}

static void
raise_verdict (HvpRequirement *requirement, HvpVerdict verdict)
{
  if (verdict > requirement->verdict)
    requirement->verdict = verdict;
}

/**
 * hvp_requirement_add_vm:
 * @requirement: a requirement
 * @vm: a VM name
 *
 * Adds @vm to the VMs responsible for @requirement's verdict, once (a hashed set of the names,
 * made on the first call, keeps this constant-time: a check may add every VM).
 */
void
hvp_requirement_add_vm (HvpRequirement *requirement, const char *vm)
{
  char *copy;

  if (requirement->vm_set == NULL)
    {
      requirement->vm_set = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < requirement->vms->len; i++)
        g_hash_table_add (requirement->vm_set, g_ptr_array_index (requirement->vms, i));
    }
  if (g_hash_table_contains (requirement->vm_set, vm))
    return;
  copy = g_strdup (vm);
  g_ptr_array_add (requirement->vms, copy);
  g_hash_table_add (requirement->vm_set, copy);
}

/**
 * hvp_plan_add_finding:
 * @plan: the plan being built
 * @severity: %HVP_VERDICT_INFO, %HVP_VERDICT_WARN or %HVP_VERDICT_FAIL
 * @requirement: the check that found it
 * @vm: (nullable): the VM concerned
 * @format: printf() format of the message: what is wrong, then what to do, one line
 * @...: its arguments
 *
 * Adds a finding.  A warn or fail finding raises the requirement's verdict to its severity and,
 * except for the processor requirement (whose VMs are the saved-state VMs), names @vm among the
 * requirement's responsible VMs.
 */
void
hvp_plan_add_finding (HvpPlan *plan, HvpVerdict severity, HvpRequirementKind requirement,
                      const char *vm, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (plan->findings,
                   hvp_finding_new_valist (severity, requirement, vm, format, args));
  va_end (args);

  if (severity >= HVP_VERDICT_WARN)
    {
      raise_verdict (&plan->requirements[requirement], severity);
      if (vm != NULL && requirement != HVP_REQUIREMENT_PROCESSOR)
        hvp_requirement_add_vm (&plan->requirements[requirement], vm);
    }
}

/**
 * hvp_finding_quote_names:
 * @names: (element-type utf8): names, in the order to print them
 *
 * Formats names for a finding's message: "'a', 'b', 'c'".
 *
 * Returns: (transfer full): the quoted names joined with ", "; empty for no names
 */
char *
hvp_finding_quote_names (const GPtrArray *names)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (text, "%s'%s'", i > 0 ? ", " : "",
                            (const char *) g_ptr_array_index (names, i));
  return g_string_free (text, FALSE);
}
