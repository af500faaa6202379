/* hvplan: the memory check of "Hyper-V: Prepare to Migrate": the concurrent VMs, their overhead
 * and the host reserve against the destination's memory. */
#include "planner/checks/checks.h"

/* Named with --concurrent: by its name, or by its id in any case (hashed: no scan per VM). */
static gboolean
vm_is_named (const HvpVm *vm, GHashTable *index)
{
  g_autofree char *name_key = g_strconcat ("name:", vm->name, NULL);
  g_autofree char *folded = NULL;
  g_autofree char *id_key = NULL;

  if (vm->name != NULL && g_hash_table_contains (index, name_key))
    return TRUE;
  if (vm->id == NULL)
    return FALSE;
  folded = g_ascii_strdown (vm->id, -1);
  id_key = g_strconcat ("id:", folded, NULL);
  return g_hash_table_contains (index, id_key);
}

static gboolean
vm_is_concurrent (const HvpVm *vm, const HvpPlanOptions *options)
{
  switch (options->concurrency)
    {
    case HVP_CONCURRENCY_ALL:
      return TRUE;
    case HVP_CONCURRENCY_NAMES:
      return vm_is_named (vm, options->concurrent_index);
    case HVP_CONCURRENCY_RUNNING:
    default:
      return vm->state != HVP_VM_STATE_OFF;
    }
}

/**
 * hvp_vm_policy_memory_bytes:
 * @vm: a VM
 * @policy: the memory policy
 *
 * Returns: the memory the memory check counts for @vm: its static memory, or for dynamic memory
 *   its maximum under %HVP_MEMORY_POLICY_MAXIMUM (when known), else its startup memory, in bytes
 */
guint64
hvp_vm_policy_memory_bytes (const HvpVm *vm, HvpMemoryPolicy policy)
{
  if (vm->memory.dynamic && policy == HVP_MEMORY_POLICY_MAXIMUM && vm->memory.maximum_bytes != 0)
    return vm->memory.maximum_bytes;
  return vm->memory.startup_bytes;
}

typedef struct {
  HvpPlan *plan;
  GPtrArray *unknown_state;  /* labels of the concurrent VMs of unknown state */
  guint64 vm_bytes;          /* the concurrent VMs' memory under the policy, without overhead */
  guint64 at_maximum_bytes;  /* the same at their dynamic maximum, with overhead */
  gboolean any_dynamic;
} MemoryWalk;

/* Measures one VM: its row's memory and whether it is concurrent; a concurrent VM adds its memory
 * and overhead to @walk. */
static void
measure_vm (const HvpHost *host, const HvpVm *vm, HvpPlanVm *plan_vm, gpointer user_data)
{
  MemoryWalk *walk = user_data;
  HvpPlan *plan = walk->plan;
  const HvpPlanOptions *options = plan->options;
  guint64 maximum_bytes = hvp_vm_policy_memory_bytes (vm, HVP_MEMORY_POLICY_MAXIMUM);
  guint64 overhead;

  (void) host;
  plan_vm->memory_bytes = hvp_vm_policy_memory_bytes (vm, options->memory_policy);
  plan_vm->concurrent = vm_is_concurrent (vm, options);
  if (!plan_vm->concurrent)
    return;
  if (options->concurrency == HVP_CONCURRENCY_RUNNING && vm->state == HVP_VM_STATE_UNKNOWN)
    g_ptr_array_add (walk->unknown_state, (gpointer) hvp_vm_label (vm));
  if (plan_vm->memory_bytes == 0)
    hvp_plan_add_finding (plan, HVP_VERDICT_WARN, HVP_REQUIREMENT_MEMORY, hvp_vm_label (vm),
                          "memory size unknown: counted as 0 bytes; collect the VM's "
                          "configuration and plan again");
  overhead = hvp_plan_options_vm_overhead (options, plan_vm->memory_bytes);
  walk->vm_bytes = hvp_add_saturating (walk->vm_bytes, plan_vm->memory_bytes);
  plan->memory_overhead_bytes = hvp_add_saturating (plan->memory_overhead_bytes, overhead);
  walk->at_maximum_bytes = hvp_add_saturating (walk->at_maximum_bytes, maximum_bytes);
  walk->at_maximum_bytes
    = hvp_add_saturating (walk->at_maximum_bytes,
                          hvp_plan_options_vm_overhead (options, maximum_bytes));
  walk->any_dynamic = walk->any_dynamic || vm->memory.dynamic;
}

static void
judge_unknown_states (HvpPlan *plan, const GPtrArray *unknown_state)
{
  g_autofree char *names = NULL;

  if (unknown_state->len == 0)
    return;
  names = hvp_finding_quote_names (unknown_state);
  if (unknown_state->len == 1)
    hvp_plan_add_finding (plan, HVP_VERDICT_INFO, HVP_REQUIREMENT_MEMORY, NULL,
                          "state of 1 VM unknown: counted as running: %s; name the VMs that "
                          "run at the same time with --concurrent", names);
  else
    hvp_plan_add_finding (plan, HVP_VERDICT_INFO, HVP_REQUIREMENT_MEMORY, NULL,
                          "state of %u VMs unknown: counted as running: %s; name the VMs "
                          "that run at the same time with --concurrent",
                          unknown_state->len, names);
}

/* Fail when the destination has less memory than required; a note when the concurrent VMs could
 * not all grow to their dynamic maximum at once. */
static void
judge_memory (HvpPlan *plan, const HvpRequirement *requirement, const MemoryWalk *walk,
              const HvpHost *destination)
{
  g_autofree char *available = hvp_format_gib (requirement->available);

  if (requirement->required > requirement->available)
    {
      g_autofree char *required = hvp_format_gib (requirement->required);
      g_autofree char *vms = hvp_format_gib (walk->vm_bytes);
      g_autofree char *overhead = hvp_format_gib (plan->memory_overhead_bytes);
      g_autofree char *reserve = hvp_format_gib (plan->memory_reserve_bytes);

      const HvpDestinationUse *use = &plan->destination_use;

      if (use->concurrent == 0)
        hvp_plan_add_finding (plan, HVP_VERDICT_FAIL, HVP_REQUIREMENT_MEMORY, NULL,
                              "memory needs %s (VMs %s, overhead %s, host reserve %s), '%s' has "
                              "%s: add memory, or run fewer VMs at the same time (--concurrent)",
                              required, vms, overhead, reserve, hvp_host_label (destination),
                              available);
      else
        {
          g_autofree char *already = hvp_format_gib (hvp_add_saturating (use->memory_bytes,
                                                                         use->overhead_bytes));

          hvp_plan_add_finding (plan, HVP_VERDICT_FAIL, HVP_REQUIREMENT_MEMORY, NULL,
                                "memory needs %s (VMs %s, overhead %s, host reserve %s, "
                                "already on the destination %s in %u VM%s), '%s' has %s: add "
                                "memory, move VMs off the destination, or run fewer VMs at the "
                                "same time (--concurrent)", required, vms, overhead, reserve,
                                already, use->concurrent, use->concurrent == 1 ? "" : "s",
                                hvp_host_label (destination), available);
        }
    }
  else if (plan->options->memory_policy == HVP_MEMORY_POLICY_STARTUP && walk->any_dynamic
           && walk->at_maximum_bytes > requirement->available)
    {
      g_autofree char *maximum = hvp_format_gib (walk->at_maximum_bytes);

      hvp_plan_add_finding (plan, HVP_VERDICT_INFO, HVP_REQUIREMENT_MEMORY, NULL,
                            "with dynamic memory at its maximum the concurrent VMs would need %s, "
                            "'%s' has %s: they cannot all grow to their maximum at once",
                            maximum, hvp_host_label (destination), available);
    }
}

/**
 * hvp_check_memory:
 * @plan: the plan being built
 * @source: the inventory being migrated
 * @destination: the destination host
 *
 * "The sum of the memory of all VMs that run at the same time, plus the memory the Hyper-V role
 * needs" [PTM].  The concurrent VMs are chosen by #HvpConcurrency: under
 * %HVP_CONCURRENCY_RUNNING every VM that was not off (running, paused, saved, a transitional
 * state, or unknown: the VMs of unknown state are listed in one info finding).  Each counts its
 * static memory, or for dynamic memory its startup or maximum RAM by #HvpMemoryPolicy, plus
 * hvp_plan_options_vm_overhead(); the host reserve is added once, and so is what the destination's
 * own VMs take (#HvpDestinationUse, hvp_destination_use_measure(): they run at the same time as
 * the migrated ones).  Fail when the destination has less, warn when its memory is unknown.
 * Under %HVP_MEMORY_POLICY_STARTUP an info finding says when the VMs could not all grow to their
 * dynamic maximum at once (Diag-V does the same).
 */
void
hvp_check_memory (HvpPlan *plan, const HvpInventory *source, const HvpHost *destination)
{
  HvpRequirement *requirement = &plan->requirements[HVP_REQUIREMENT_MEMORY];
  g_autoptr (GPtrArray) unknown_state = g_ptr_array_new ();
  MemoryWalk walk = { plan, unknown_state, 0, 0, FALSE };
  guint64 already = hvp_add_saturating (plan->destination_use.memory_bytes,
                                        plan->destination_use.overhead_bytes);

  hvp_check_walk_vms (plan, source, measure_vm, &walk);
  plan->memory_reserve_bytes = plan->options->host_reserve_bytes;
  requirement->required = hvp_add_saturating (walk.vm_bytes, plan->memory_overhead_bytes);
  requirement->required = hvp_add_saturating (requirement->required, plan->memory_reserve_bytes);
  requirement->required = hvp_add_saturating (requirement->required, already);
  walk.at_maximum_bytes = hvp_add_saturating (walk.at_maximum_bytes, plan->memory_reserve_bytes);
  walk.at_maximum_bytes = hvp_add_saturating (walk.at_maximum_bytes, already);
  requirement->available = destination->memory_bytes;

  judge_unknown_states (plan, unknown_state);
  if (requirement->available == 0)
    {
      g_autofree char *required = hvp_format_gib (requirement->required);

      hvp_plan_add_finding (plan, HVP_VERDICT_WARN, HVP_REQUIREMENT_MEMORY, NULL,
                            "memory of '%s' unknown: the concurrent VMs need %s; add its memory "
                            "to the destination inventory", hvp_host_label (destination),
                            required);
      return;
    }
  judge_memory (plan, requirement, &walk, destination);
}
