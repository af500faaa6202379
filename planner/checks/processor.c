/* hvplan: the processor check of "Hyper-V: Prepare to Migrate": virtual processors against the
 * destination's logical processors, and saved states against its processor. */
#include "planner/checks/checks.h"

#include <string.h>

#include "models/processor.h"

static void
check_vcpus (HvpPlan *plan, const HvpVm *vm, guint available, const char *destination)
{
  g_autoptr (GString) places = g_string_new (NULL);
  guint vcpus = hvp_vm_max_vcpus (vm);

  if (vcpus <= available)
    return;
  if (vm->vcpus > available)
    g_string_append (places, "the VM");
  for (guint i = 0; i < vm->snapshots->len; i++)
    {
      const HvpSnapshot *snapshot = g_ptr_array_index (vm->snapshots, i);

      if (snapshot->vcpus > available)
        g_string_append_printf (places, "%ssnapshot '%s'", places->len > 0 ? ", " : "",
                                snapshot->name != NULL ? snapshot->name : snapshot->id);
    }
  hvp_plan_add_finding (plan, HVP_VERDICT_FAIL, HVP_REQUIREMENT_PROCESSOR, hvp_vm_label (vm),
                        "%u virtual processors (%s) exceed the %u logical processors of '%s': "
                        "Compare-VM rejects the VM and each such snapshot configuration; lower "
                        "the count with Set-VMProcessor and delete the snapshots that hold more",
                        vcpus, places->str, available, destination);
}

/* Where both hosts describe their processor (a libvirt `<cpu>`), the registered comparator
 * compares the feature sets (hvp_processor_compare_descriptions(); the libvirt collector's): a
 * covering destination decides "compatible", a lacking one "incompatible"; otherwise CPUID
 * identity (vendor, family, model, stepping) decides below. */
static HvpCpuComparison
compare_cpu_descriptions (HvpPlan *plan, const HvpHost *host, const HvpHost *destination)
{
  HvpCpuComparison result = HVP_CPU_COMPARISON_UNKNOWN;
  g_autofree char *method = NULL;
  g_autoptr (GError) error = NULL;

  if (host->processor.cpu_xml == NULL || destination->processor.cpu_xml == NULL)
    return HVP_CPU_COMPARISON_UNKNOWN;
  if (!hvp_processor_compare_descriptions (&host->processor, &destination->processor, &result,
                                           &method, &error))
    {
      hvp_plan_add_finding (plan, HVP_VERDICT_INFO, HVP_REQUIREMENT_PROCESSOR, NULL,
                            "libvirt could not compare the processors of '%s' and '%s' (%s): "
                            "compared by manufacturer, family and model",
                            hvp_host_label (host), hvp_host_label (destination), error->message);
      return HVP_CPU_COMPARISON_UNKNOWN;
    }
  if (result != HVP_CPU_COMPARISON_UNKNOWN && g_strcmp0 (method, "vendor/family/model") != 0)
    {
      g_free (plan->processor_method);
      plan->processor_method = g_strdup_printf ("libvirt %s", method);
    }
  return result;
}

/* The registered comparator decided (plan->processor_method names it): a covering destination is
 * a note, a lacking one fails unless processor compatibility is on within one manufacturer. */
static void
judge_by_features (HvpPlan *plan, const HvpVm *vm, const HvpHost *host,
                   const HvpHost *destination, HvpCpuComparison comparison)
{
  const char *from_vendor = hvp_processor_vendor_normalize (host->processor.vendor);
  const char *to_vendor = hvp_processor_vendor_normalize (destination->processor.vendor);
  const char *name = hvp_vm_label (vm);

  if (comparison != HVP_CPU_COMPARISON_INCOMPATIBLE)
    hvp_plan_add_finding (plan, HVP_VERDICT_INFO, HVP_REQUIREMENT_PROCESSOR, name,
                          "saved state: the processor of '%s' offers every feature of '%s' "
                          "(%s)", hvp_host_label (destination), hvp_host_label (host),
                          plan->processor_method);
  else if (vm->processor_compatibility && g_strcmp0 (from_vendor, to_vendor) == 0)
    hvp_plan_add_finding (plan, HVP_VERDICT_INFO, HVP_REQUIREMENT_PROCESSOR, name,
                          "saved state: the processor of '%s' lacks features of '%s' (%s); "
                          "processor compatibility for migration is on",
                          hvp_host_label (destination), hvp_host_label (host),
                          plan->processor_method);
  else
    hvp_plan_add_finding (plan, HVP_VERDICT_FAIL, HVP_REQUIREMENT_PROCESSOR, name,
                          "saved state taken on '%s' cannot be restored on '%s', whose "
                          "processor lacks features (%s): shut the VM down cleanly or delete "
                          "the saved state before migration", hvp_host_label (host),
                          hvp_host_label (destination), plan->processor_method);
}

/* CPUID identity decides (hvp_processor_saved_state_match()), with the verdict of
 * hvp_saved_state_match_verdict(). */
static void
judge_by_identity (HvpPlan *plan, const HvpVm *vm, const HvpHost *host,
                   const HvpHost *destination)
{
  const HvpProcessor *from = &host->processor;
  const HvpProcessor *to = &destination->processor;
  const char *from_vendor = hvp_processor_vendor_normalize (from->vendor);
  const char *to_vendor = hvp_processor_vendor_normalize (to->vendor);
  const char *name = hvp_vm_label (vm);
  HvpSavedStateMatch match = hvp_processor_saved_state_match (from, to,
                                                              vm->processor_compatibility);
  HvpVerdict verdict = hvp_saved_state_match_verdict (match);

  switch (match)
    {
    case HVP_SAVED_STATE_VENDOR_UNKNOWN:
      hvp_plan_add_finding (plan, verdict, HVP_REQUIREMENT_PROCESSOR, name,
                            "saved state: processor manufacturer of '%s' or '%s' unknown: a saved "
                            "state restores only on the same manufacturer; shut the VM down "
                            "cleanly before migration to be safe",
                            hvp_host_label (host), hvp_host_label (destination));
      break;
    case HVP_SAVED_STATE_VENDOR_DIFFERS:
      hvp_plan_add_finding (plan, verdict, HVP_REQUIREMENT_PROCESSOR, name,
                            "saved state taken on %s cannot be restored on %s: shut the VM down "
                            "cleanly or delete the saved state before migration; processor "
                            "compatibility does not cross manufacturers", from_vendor, to_vendor);
      break;
    case HVP_SAVED_STATE_MODEL_UNKNOWN:
      hvp_plan_add_finding (plan, verdict, HVP_REQUIREMENT_PROCESSOR, name,
                            "saved state: processor model of '%s' or '%s' unknown: restoring may "
                            "fail on another model; enable processor compatibility for migration "
                            "or shut the VM down cleanly before migration",
                            hvp_host_label (host), hvp_host_label (destination));
      break;
    case HVP_SAVED_STATE_MODEL_COMPATIBLE:
      hvp_plan_add_finding (plan, verdict, HVP_REQUIREMENT_PROCESSOR, name,
                            "saved state moves from family %u model %u to family %u model %u: "
                            "processor compatibility for migration is on",
                            from->family, from->model, to->family, to->model);
      break;
    case HVP_SAVED_STATE_MODEL_DIFFERS:
      hvp_plan_add_finding (plan, verdict, HVP_REQUIREMENT_PROCESSOR, name,
                            "saved state taken on family %u model %u cannot be restored on "
                            "family %u model %u: shut the VM down cleanly, then enable processor "
                            "compatibility for migration (Set-VMProcessor "
                            "-CompatibilityForMigrationEnabled $true)",
                            from->family, from->model, to->family, to->model);
      break;
    case HVP_SAVED_STATE_STEPPING_UNKNOWN:
      hvp_plan_add_finding (plan, verdict, HVP_REQUIREMENT_PROCESSOR, name,
                            "saved state: processor stepping of '%s' or '%s' unknown: test the "
                            "restore, or shut the VM down cleanly before migration",
                            hvp_host_label (host), hvp_host_label (destination));
      break;
    case HVP_SAVED_STATE_STEPPING_DIFFERS:
      hvp_plan_add_finding (plan, verdict, HVP_REQUIREMENT_PROCESSOR, name,
                            "saved state taken on stepping %d restores on stepping %d only if the "
                            "steppings are compatible: test the restore, or shut the VM down "
                            "cleanly before migration", from->stepping, to->stepping);
      break;
    case HVP_SAVED_STATE_SAME:
    default:
      break;
    }
}

static void
check_saved_state (HvpPlan *plan, const HvpVm *vm, const HvpHost *host,
                   const HvpHost *destination, HvpCpuComparison comparison)
{
  if (plan->processor_method != NULL && comparison != HVP_CPU_COMPARISON_UNKNOWN)
    judge_by_features (plan, vm, host, destination, comparison);
  else
    judge_by_identity (plan, vm, host, destination);
}

/**
 * hvp_processor_saved_state_match:
 * @from: the processor the saved state was taken on
 * @to: the processor it would be restored on
 * @processor_compatibility: processor compatibility for migration is on for the VM
 *
 * The CPUID rule of "Hyper-V: Prepare to Migrate" for a VM with a saved state: same manufacturer
 * (vendors normalised with hvp_processor_vendor_normalize()), then same family and model unless
 * processor compatibility for migration is on, then same stepping.  The first difference or
 * unknown value decides.
 *
 * Returns: how the processors compare; hvp_saved_state_match_verdict() gives its verdict
 */
HvpSavedStateMatch
hvp_processor_saved_state_match (const HvpProcessor *from, const HvpProcessor *to,
                                 gboolean processor_compatibility)
{
  const char *from_vendor = hvp_processor_vendor_normalize (from->vendor);
  const char *to_vendor = hvp_processor_vendor_normalize (to->vendor);

  if (from_vendor == NULL || *from_vendor == '\0' || to_vendor == NULL || *to_vendor == '\0')
    return HVP_SAVED_STATE_VENDOR_UNKNOWN;
  if (strcmp (from_vendor, to_vendor) != 0)
    return HVP_SAVED_STATE_VENDOR_DIFFERS;
  if (from->family == 0 || from->model == 0 || to->family == 0 || to->model == 0)
    return HVP_SAVED_STATE_MODEL_UNKNOWN;
  if (from->family != to->family || from->model != to->model)
    return processor_compatibility ? HVP_SAVED_STATE_MODEL_COMPATIBLE
                                   : HVP_SAVED_STATE_MODEL_DIFFERS;
  if (from->stepping < 0 || to->stepping < 0)
    return HVP_SAVED_STATE_STEPPING_UNKNOWN;
  if (from->stepping != to->stepping)
    return HVP_SAVED_STATE_STEPPING_DIFFERS;
  return HVP_SAVED_STATE_SAME;
}

/**
 * hvp_saved_state_match_verdict:
 * @match: how two processors compare for a saved state
 *
 * Returns: %HVP_VERDICT_FAIL for another manufacturer, or another family/model without processor
 *   compatibility (the saved state cannot be restored); %HVP_VERDICT_WARN when something is
 *   unknown or the stepping differs; %HVP_VERDICT_INFO for another model with processor
 *   compatibility; %HVP_VERDICT_PASS for the same processor
 */
HvpVerdict
hvp_saved_state_match_verdict (HvpSavedStateMatch match)
{
  switch (match)
    {
    case HVP_SAVED_STATE_VENDOR_DIFFERS:
    case HVP_SAVED_STATE_MODEL_DIFFERS:
      return HVP_VERDICT_FAIL;
    case HVP_SAVED_STATE_VENDOR_UNKNOWN:
    case HVP_SAVED_STATE_MODEL_UNKNOWN:
    case HVP_SAVED_STATE_STEPPING_UNKNOWN:
    case HVP_SAVED_STATE_STEPPING_DIFFERS:
      return HVP_VERDICT_WARN;
    case HVP_SAVED_STATE_MODEL_COMPATIBLE:
      return HVP_VERDICT_INFO;
    case HVP_SAVED_STATE_SAME:
    default:
      return HVP_VERDICT_PASS;
    }
}

/* An info finding when the destination already runs VMs: their vCPUs and the migrated VMs' that
 * run at the same time (plan->vms' concurrent flag, set by the memory check) against its logical
 * processors at the vCPU ratio. */
static void
note_destination_vcpus (HvpPlan *plan, const HvpHost *destination)
{
  const HvpDestinationUse *use = &plan->destination_use;
  guint64 migrated = 0;
  double capacity = (double) destination->logical_processors * plan->options->vcpu_ratio;

  if (use->concurrent == 0)
    return;
  for (guint i = 0; i < plan->vms->len; i++)
    {
      const HvpPlanVm *plan_vm = g_ptr_array_index (plan->vms, i);

      if (plan_vm->concurrent)
        migrated += plan_vm->vcpus;
    }
  if ((double) hvp_add_saturating (use->vcpus, migrated) > capacity)
    hvp_plan_add_finding (plan, HVP_VERDICT_INFO, HVP_REQUIREMENT_PROCESSOR, NULL,
                          "already on the destination: %" G_GUINT64_FORMAT " virtual processors "
                          "in %u VM%s; with the %" G_GUINT64_FORMAT " of the migrated VMs that "
                          "run at the same time, %" G_GUINT64_FORMAT " on the %u logical "
                          "processors of '%s', more than %g per logical processor",
                          use->vcpus, use->concurrent, use->concurrent == 1 ? "" : "s", migrated,
                          hvp_add_saturating (use->vcpus, migrated),
                          destination->logical_processors, hvp_host_label (destination),
                          plan->options->vcpu_ratio);
  else
    hvp_plan_add_finding (plan, HVP_VERDICT_INFO, HVP_REQUIREMENT_PROCESSOR, NULL,
                          "already on the destination: %" G_GUINT64_FORMAT " virtual processors "
                          "in %u VM%s; with the %" G_GUINT64_FORMAT " of the migrated VMs that "
                          "run at the same time, %" G_GUINT64_FORMAT " on the %u logical "
                          "processors of '%s', within %g per logical processor",
                          use->vcpus, use->concurrent, use->concurrent == 1 ? "" : "s", migrated,
                          hvp_add_saturating (use->vcpus, migrated),
                          destination->logical_processors, hvp_host_label (destination),
                          plan->options->vcpu_ratio);
}

/**
 * hvp_check_processor:
 * @plan: the plan being built
 * @source: the inventory being migrated
 * @destination: the destination host
 *
 * "The destination needs at least as many logical processors as the largest VM has virtual
 * processors; VMs with saved state need the same processor manufacturer and compatible
 * steppings" [PTM].  Required: the largest vCPU count over every VM and snapshot configuration
 * (Compare-VM checks both); a VM above the destination's logical processors fails.  Every VM with
 * a saved state (its own or a snapshot's) is compared with the destination processor: another
 * manufacturer fails; another family or model fails unless processor compatibility for migration
 * is on; another stepping warns; anything unknown warns.  Where both hosts carry a libvirt `<cpu>`
 * description, libvirt's feature comparison decides instead, and plan->processor_method says so.
 * The requirement's VMs are the saved-state VMs.  When the destination already runs VMs, an info
 * finding sums their vCPUs with the migrated VMs' that run at the same time against its logical
 * processors × the vCPU ratio (the sizing counts them as used, `hvplan size --destination`).
 */
void
hvp_check_processor (HvpPlan *plan, const HvpInventory *source, const HvpHost *destination)
{
  HvpRequirement *requirement = &plan->requirements[HVP_REQUIREMENT_PROCESSOR];
  guint available = destination->logical_processors;
  guint required = 0;

  requirement->available = available;
  for (guint h = 0; h < source->hosts->len; h++)
    {
      const HvpHost *host = g_ptr_array_index (source->hosts, h);
      HvpCpuComparison comparison = HVP_CPU_COMPARISON_UNKNOWN;
      gboolean compared = FALSE;

      for (guint v = 0; v < host->vms->len; v++)
        {
          const HvpVm *vm = g_ptr_array_index (host->vms, v);

          required = MAX (required, hvp_vm_max_vcpus (vm));
          if (available > 0)
            check_vcpus (plan, vm, available, hvp_host_label (destination));
          if (hvp_vm_has_saved_state (vm))
            {
              hvp_requirement_add_vm (requirement, hvp_vm_label (vm));
              if (!compared)
                comparison = compare_cpu_descriptions (plan, host, destination);
              compared = TRUE;
              check_saved_state (plan, vm, host, destination, comparison);
            }
        }
    }
  requirement->required = required;
  note_destination_vcpus (plan, destination);

  if (available == 0 && required > 0)
    hvp_plan_add_finding (plan, HVP_VERDICT_WARN, HVP_REQUIREMENT_PROCESSOR, NULL,
                          "logical processors of '%s' unknown: the largest VM has %u virtual "
                          "processors; add the count to the destination inventory",
                          hvp_host_label (destination), required);
}
