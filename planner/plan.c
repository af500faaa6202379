/* hvplan: the plan object: one source and one destination, the checks of planner/checks/ run in
 * the order of hvp_checks[] (the network and inventory checks beside the others, on a second
 * thread), one row per source VM, and the findings sorted. */
#include "planner/plan.h"

#include "planner/checks/checks.h"

/* A row's strings; the rows themselves are one block, plan->vm_rows. */
static void
hvp_plan_vm_clear (gpointer data)
{
  HvpPlanVm *plan_vm = data;

  g_free (plan_vm->name);
  g_free (plan_vm->configuration_version);
  g_free (plan_vm->upgrade_version);
  g_free (plan_vm->hop_hosts);
}

static gboolean
source_has_vm (const HvpInventory *source, const char *name)
{
  for (guint h = 0; h < source->hosts->len; h++)
    if (hvp_host_find_vm (g_ptr_array_index (source->hosts, h), name) != NULL)
      return TRUE;
  return FALSE;
}

static char *
source_name (const HvpInventory *source)
{
  GString *names;

  if (source->hosts->len == 0)
    return NULL;
  names = g_string_new (NULL);
  for (guint h = 0; h < source->hosts->len; h++)
    g_string_append_printf (names, "%s%s", h > 0 ? ", " : "",
                            hvp_host_label (g_ptr_array_index (source->hosts, h)));
  return g_string_free (names, FALSE);
}

/* Every VM named with --concurrent must be a source VM. */
static gboolean
check_concurrent_names (const HvpInventory *source, const HvpPlanOptions *options,
                        GError **error)
{
  if (options->concurrency != HVP_CONCURRENCY_NAMES)
    return TRUE;
  for (guint i = 0; i < options->concurrent_names->len; i++)
    {
      const char *name = g_ptr_array_index (options->concurrent_names, i);

      if (!source_has_vm (source, name))
        {
          g_set_error (error, HVP_ERROR, HVP_ERROR_USAGE,
                       "unknown VM '%s' in the concurrent VMs: the source has no VM of that "
                       "name", name);
          return FALSE;
        }
    }
  return TRUE;
}

/* Runs @func (@data) on a thread of its own when this machine has a second processor, else
 * here; returns the thread to join, or %NULL when it ran here. */
static GThread *
run_beside (const char *name, GThreadFunc func, gpointer data)
{
  GThread *thread = NULL;

  if (g_get_num_processors () > 1)
    thread = g_thread_try_new (name, func, data, NULL);
  if (thread == NULL)
    func (data);
  return thread;
}

/* The rows of the VMs of hosts @first to @last − 1 (add_vm_rows()). */
typedef struct {
  HvpPlanVm *rows;          /* the first of them */
  const HvpInventory *source;
  guint first;
  guint last;
} RowRange;

static gpointer
fill_rows (gpointer data)
{
  const RowRange *range = data;
  HvpPlanVm *plan_vm = range->rows;

  for (guint h = range->first; h < range->last; h++)
    {
      const HvpHost *host = g_ptr_array_index (range->source->hosts, h);

      for (guint v = 0; v < host->vms->len; v++, plan_vm++)
        {
          const HvpVm *vm = g_ptr_array_index (host->vms, v);

          plan_vm->name = g_strdup (hvp_vm_label (vm));
          plan_vm->vcpus = hvp_vm_max_vcpus (vm);
          plan_vm->snapshots = vm->snapshots->len;
          plan_vm->saved_state = hvp_vm_has_saved_state (vm);
          plan_vm->configuration_version = g_strdup (vm->configuration_version);
        }
    }
  return NULL;
}

/* One row per source VM, in inventory order, with what the model says of it; the checks fill
 * the rest.  The rows are one block (plan->vm_rows, sized by the caller): a million rows are not a
 * million allocations, and when the sizing moves their strings out (planner/sizing/sizing.c), the
 * block goes back at once instead of leaving a hole between every two of them.  Each row depends
 * on its VM alone: the second half of the hosts' rows are filled beside the first
 * (run_beside(); at 1,000,000 VMs the rows took 0.53 s on one thread, issue 14). */
static void
add_vm_rows (HvpPlan *plan, const HvpInventory *source, guint n_vms)
{
  RowRange ranges[2] = {
    { plan->vm_rows, source, 0, 0 },
    { NULL, source, 0, source->hosts->len },
  };
  guint rows = 0;
  GThread *beside;

  while (ranges[0].last < source->hosts->len && rows < n_vms / 2)
    rows += ((const HvpHost *) g_ptr_array_index (source->hosts, ranges[0].last++))->vms->len;
  ranges[1].rows = plan->vm_rows + rows;
  ranges[1].first = ranges[0].last;
  beside = run_beside ("hvp-rows", fill_rows, &ranges[1]);
  fill_rows (&ranges[0]);
  if (beside != NULL)
    g_thread_join (beside);
  for (guint row = 0; row < n_vms; row++)
    g_ptr_array_add (plan->vms, &plan->vm_rows[row]);
}

/* The plan object with its rows, before any check runs. */
static HvpPlan *
plan_alloc (const HvpInventory *source, const HvpHost *target, const HvpPlanOptions *options)
{
  HvpPlan *plan = g_new0 (HvpPlan, 1);
  guint n_vms = hvp_inventory_count_vms (source);

  plan->source_name = source_name (source);
  plan->destination_name = g_strdup (target->name);
  plan->destination_os = g_strdup (target->os);
  plan->options = options;
  plan->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) hvp_finding_free);
  plan->vm_rows = g_new0 (HvpPlanVm, MAX (n_vms, 1u));
  plan->vms = g_ptr_array_new_full (n_vms, hvp_plan_vm_clear);
  for (guint k = 0; k < HVP_N_ALL_REQUIREMENTS; k++)
    {
      plan->requirements[k].kind = (HvpRequirementKind) k;
      plan->requirements[k].verdict = HVP_VERDICT_PASS;
      plan->requirements[k].vms = g_ptr_array_new_with_free_func (g_free);
    }
  hvp_destination_use_measure (target, options, &plan->destination_use);
  add_vm_rows (plan, source, n_vms);
  return plan;
}

/* The checks that run beside the others (run_checks()): they read no row and write none, and
 * what they write of the plan (their requirements, the NICs the destination's own VMs hold,
 * findings) no other check reads. */
#define SIDE_CHECKS                                                                             \
  (HVP_REQUIREMENT_BIT (HVP_REQUIREMENT_NETWORK) | HVP_REQUIREMENT_BIT (HVP_REQUIREMENT_INVENTORY))

typedef struct {
  HvpPlan *plan;
  const HvpInventory *source;
  const HvpHost *target;
  guint requirements;
} Checks;

/* Runs the checks of hvp_checks[] in @data's set (#Checks), in their order. */
static gpointer
run_checks (gpointer data)
{
  const Checks *checks = data;

  for (guint i = 0; i < hvp_n_checks; i++)
    if ((checks->requirements & HVP_REQUIREMENT_BIT (hvp_checks[i].kind)) != 0)
      hvp_checks[i].check (checks->plan, checks->source, checks->target);
  return NULL;
}

/* Runs the checks in @requirements on @plan: the network and inventory checks beside the others
 * (run_beside()), on a copy of the plan's members with findings of its own; then what they wrote
 * is put back.  Their findings come after the others' until the caller sorts them all (by
 * requirement first: the two sets never mix).  At 1,000,000 VMs the network check took 0.43 s of
 * the sizing's 2.5 s on one thread (issue 14). */
static void
run_all_checks (HvpPlan *plan, const HvpInventory *source, const HvpHost *target,
                guint requirements)
{
  HvpPlan side_plan = *plan;
  Checks side = { &side_plan, source, target, requirements & SIDE_CHECKS };
  Checks rest = { plan, source, target, requirements & ~SIDE_CHECKS };
  GThread *beside;

  side_plan.findings = g_ptr_array_new_with_free_func ((GDestroyNotify) hvp_finding_free);
  beside = side.requirements != 0 ? run_beside ("hvp-checks", run_checks, &side) : NULL;
  run_checks (&rest);
  if (beside != NULL)
    g_thread_join (beside);
  for (guint k = 0; k < HVP_N_ALL_REQUIREMENTS; k++)
    if ((side.requirements & HVP_REQUIREMENT_BIT (k)) != 0)
      plan->requirements[k] = side_plan.requirements[k];
  if ((side.requirements & HVP_REQUIREMENT_BIT (HVP_REQUIREMENT_NETWORK)) != 0)
    plan->destination_use.nics = side_plan.destination_use.nics;
  g_ptr_array_extend_and_steal (plan->findings, side_plan.findings);
}

/**
 * hvp_plan_new_for:
 * @source: the inventory being migrated: every VM of every host
 * @destination: an inventory whose first host is the destination (as for hvp_plan_new())
 * @options: (transfer none): planner options; must outlive the plan
 * @requirements: the checks to run: a set of HVP_REQUIREMENT_BIT() of #HvpRequirementKind
 *   (%HVP_PLAN_ALL_REQUIREMENTS for all of them)
 * @error: return location for a #GError
 *
 * hvp_plan_new() running only the checks of hvp_checks[] whose kind is in @requirements, in the
 * same order; the rows' name, vCPUs, snapshots, saved state and configuration version are always
 * filled, the other numbers of a row only by the check that owns them (memory and concurrency:
 * the memory check; storage: the storage check; the migration path: the compatibility check), and
 * the requirements of checks not run stay empty (verdict pass).  The findings the checks run make
 * are those hvp_plan_new() makes, byte for byte, sorted the same way: the checks do not read one
 * another's findings, and the processor check reads only the memory check's concurrency.  The
 * sizing runs this with storage, memory, network and inventory (hvp_sizing_new()).  With a second
 * processor, the rows of half the hosts and the network and inventory checks are made on a
 * second thread, beside the rest: the plan is the same.
 *
 * Returns: (transfer full) (nullable): the plan, or %NULL with the errors of hvp_plan_new()
 */
HvpPlan *
hvp_plan_new_for (const HvpInventory *source, const HvpInventory *destination,
                  const HvpPlanOptions *options, guint requirements, GError **error)
{
  g_autoptr (HvpPlan) plan = NULL;
  const HvpHost *target;

  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (destination != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  if (destination->hosts->len == 0)
    {
      g_set_error_literal (error, HVP_ERROR, HVP_ERROR_DATA,
                           "destination inventory lists no host");
      return NULL;
    }
  target = g_ptr_array_index (destination->hosts, 0);

  if (!check_concurrent_names (source, options, error))
    return NULL;

  plan = plan_alloc (source, target, options);
  run_all_checks (plan, source, target, requirements);
  g_ptr_array_sort (plan->findings, hvp_finding_compare);
  return g_steal_pointer (&plan);
}

/**
 * hvp_plan_new:
 * @source: the inventory being migrated: every VM of every host
 * @destination: an inventory whose first host is the destination (the VMs it already runs count
 *   as used: #HvpDestinationUse, hvp_destination_use_measure())
 * @options: (transfer none): planner options; must outlive the plan
 * @error: return location for a #GError
 *
 * Fills one row per source VM in inventory order, runs the checks of hvp_checks[] in order: the
 * four of "Hyper-V: Prepare to Migrate" (Windows Server 2012 migration guide), storage, memory,
 * network and processor, then the security customizations (see hvp_check_storage() and the others
 * in `planner/checks/`), and sorts the findings by severity (worst first), requirement, VM name
 * and message, so that the output is deterministic.
 *
 * Returns: (transfer full) (nullable): the plan, or %NULL with %HVP_ERROR_DATA when @destination
 *   has no host, or %HVP_ERROR_USAGE when @options names a concurrent VM the source lacks
 */
HvpPlan *
hvp_plan_new (const HvpInventory *source, const HvpInventory *destination,
              const HvpPlanOptions *options, GError **error)
{
  return hvp_plan_new_for (source, destination, options, HVP_PLAN_ALL_REQUIREMENTS, error);
}

static const char *const migration_path_names[] = {
  [HVP_MIGRATION_PATH_UNKNOWN] = "unknown",
  [HVP_MIGRATION_PATH_IMPORT] = "import",
  [HVP_MIGRATION_PATH_IMPORT_AND_UPGRADE] = "import-and-upgrade",
  [HVP_MIGRATION_PATH_TWO_HOP] = "two-hop",
  [HVP_MIGRATION_PATH_RECREATE] = "recreate",
  [HVP_MIGRATION_PATH_BLOCKED] = "blocked",
};

/**
 * hvp_migration_path_to_string:
 * @path: a migration path
 *
 * Returns: (transfer none): "unknown", "import", "import-and-upgrade", "two-hop", "recreate" or
 *   "blocked" (the names of `hvplan-plan/1`)
 */
const char *
hvp_migration_path_to_string (HvpMigrationPath path)
{
  return hvp_enum_to_string (migration_path_names, G_N_ELEMENTS (migration_path_names), path);
}

/**
 * hvp_plan_free:
 * @plan: (nullable) (transfer full): a plan (its options are not freed)
 */
void
hvp_plan_free (HvpPlan *plan)
{
  if (plan == NULL)
    return;
  g_free (plan->source_name);
  g_free (plan->destination_name);
  g_free (plan->processor_method);
  g_free (plan->destination_os);
  g_free (plan->destination_rules);
  for (guint k = 0; k < HVP_N_ALL_REQUIREMENTS; k++)
    {
      g_clear_pointer (&plan->requirements[k].vm_set, g_hash_table_unref);
      g_clear_pointer (&plan->requirements[k].vms, g_ptr_array_unref);
    }
  g_clear_pointer (&plan->findings, g_ptr_array_unref);
  g_clear_pointer (&plan->vms, g_ptr_array_unref);
  g_free (plan->vm_rows);
  g_free (plan);
}

/**
 * hvp_destination_use_memory_bytes:
 * @use: what a destination's own VMs take
 *
 * Returns: the memory the destination's concurrent VMs take, in bytes: their memory under the
 *   memory policy plus their per-VM overhead (saturating at %G_MAXUINT64)
 */
guint64
hvp_destination_use_memory_bytes (const HvpDestinationUse *use)
{
  g_return_val_if_fail (use != NULL, 0);

  return hvp_add_saturating (use->memory_bytes, use->overhead_bytes);
}

/**
 * hvp_plan_capacity_verdict:
 * @plan: a plan
 *
 * The verdict of the capacity requirements of "Hyper-V: Prepare to Migrate" (storage, memory,
 * network, processor), without the security settings: what the migration checklist's step 1
 * answers.  Configuration files of the source found but not read (%HVP_REQUIREMENT_INVENTORY)
 * count too: the VMs they hold are missing from the numbers.
 *
 * Returns: the worst of their verdicts
 */
HvpVerdict
hvp_plan_capacity_verdict (const HvpPlan *plan)
{
  HvpVerdict verdict = HVP_VERDICT_PASS;

  g_return_val_if_fail (plan != NULL, HVP_VERDICT_FAIL);

  for (guint k = 0; k < HVP_N_REQUIREMENTS; k++)
    verdict = MAX (verdict, plan->requirements[k].verdict);
  /* A configuration not read leaves its VM out of every number: the capacity is not known. */
  verdict = MAX (verdict, plan->requirements[HVP_REQUIREMENT_INVENTORY].verdict);
  return verdict;
}

/**
 * hvp_plan_verdict:
 * @plan: a plan
 *
 * Returns: the worst verdict of the plan's requirements (%HVP_VERDICT_PASS, %HVP_VERDICT_WARN or
 *   %HVP_VERDICT_FAIL; info findings do not change it)
 */
HvpVerdict
hvp_plan_verdict (const HvpPlan *plan)
{
  HvpVerdict verdict = HVP_VERDICT_PASS;

  g_return_val_if_fail (plan != NULL, HVP_VERDICT_FAIL);

  for (guint k = 0; k < HVP_N_ALL_REQUIREMENTS; k++)
    verdict = MAX (verdict, plan->requirements[k].verdict);
  return verdict;
}
