/* hvplan: the plan object: one source and one destination, the checks of planner/checks/ run in
 * the order of hvp_checks[], one row per source VM, and the findings sorted. */
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

/* One row per source VM, in inventory order, with what the model says of it; the checks fill
 * the rest.  The rows are one block (plan->vm_rows, sized by the caller): a million rows are not a
 * million allocations, and when the sizing moves their strings out (planner/sizing/sizing.c), the
 * block goes back at once instead of leaving a hole between every two of them. */
static void
add_vm_rows (HvpPlan *plan, const HvpInventory *source)
{
  guint row = 0;

  for (guint h = 0; h < source->hosts->len; h++)
    {
      const HvpHost *host = g_ptr_array_index (source->hosts, h);

      for (guint v = 0; v < host->vms->len; v++)
        {
          const HvpVm *vm = g_ptr_array_index (host->vms, v);
          HvpPlanVm *plan_vm = &plan->vm_rows[row++];

          plan_vm->name = g_strdup (hvp_vm_label (vm));
          plan_vm->vcpus = hvp_vm_max_vcpus (vm);
          plan_vm->snapshots = vm->snapshots->len;
          plan_vm->saved_state = hvp_vm_has_saved_state (vm);
          plan_vm->configuration_version = g_strdup (vm->configuration_version);
          g_ptr_array_add (plan->vms, plan_vm);
        }
    }
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
  add_vm_rows (plan, source);
  return plan;
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
 * sizing runs this with storage, memory, network and inventory (hvp_sizing_new()).
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
  for (guint i = 0; i < hvp_n_checks; i++)
    if ((requirements & HVP_REQUIREMENT_BIT (hvp_checks[i].kind)) != 0)
      hvp_checks[i].check (plan, source, target);
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
