/* hvplan: the four checks of "Hyper-V: Prepare to Migrate" and their result. */
#pragma once

#include <glib.h>

#include "models/model.h"
#include "planner/options.h"

G_BEGIN_DECLS

#define HVP_PLAN_SCHEMA "hvplan-plan/1"

/**
 * HvpVerdict:
 *
 * Ordered: a plan's overall verdict is the worst of its requirements'.
 */
typedef enum {
  HVP_VERDICT_PASS,
  HVP_VERDICT_INFO, /* findings only: a note, no action needed */
  HVP_VERDICT_WARN,
  HVP_VERDICT_FAIL,
} HvpVerdict;

/**
 * HvpRequirementKind:
 * @HVP_REQUIREMENT_STORAGE: storage
 * @HVP_REQUIREMENT_MEMORY: memory
 * @HVP_REQUIREMENT_NETWORK: network
 * @HVP_REQUIREMENT_PROCESSOR: processor
 * @HVP_N_REQUIREMENTS: the number of capacity requirements, the rows of the requirements table
 * @HVP_REQUIREMENT_SECURITY: security customizations to re-apply: findings only (no numbers, no
 *   row in the requirements table), but its verdict counts in hvp_plan_verdict()
 *
 * The checks of a plan.
 */
typedef enum {
  HVP_REQUIREMENT_STORAGE,
  HVP_REQUIREMENT_MEMORY,
  HVP_REQUIREMENT_NETWORK,
  HVP_REQUIREMENT_PROCESSOR,
  HVP_N_REQUIREMENTS,
  HVP_REQUIREMENT_SECURITY = HVP_N_REQUIREMENTS,
} HvpRequirementKind;

/**
 * HVP_N_ALL_REQUIREMENTS:
 *
 * The capacity requirements and the findings-only security requirement.
 */
#define HVP_N_ALL_REQUIREMENTS (HVP_REQUIREMENT_SECURITY + 1)

/**
 * HvpRequirement:
 * @kind: which check
 * @verdict: pass, warn or fail
 * @required: what the source needs (bytes, NICs or logical processors)
 * @worst_case: storage only: bytes when every dynamic and differencing disk is full
 * @available: what the destination has, in the same unit
 * @vms: (element-type utf8): names of the VMs responsible for a warn or fail
 *
 * One requirement's numbers.
 */
typedef struct {
  HvpRequirementKind kind;
  HvpVerdict verdict;
  guint64 required;
  guint64 worst_case;
  guint64 available;
  GPtrArray *vms;
} HvpRequirement;

/**
 * HvpFinding:
 * @severity: %HVP_VERDICT_INFO, %HVP_VERDICT_WARN or %HVP_VERDICT_FAIL
 * @requirement: the check that found it
 * @vm: (nullable): the VM concerned
 * @message: what is wrong and what to do, one line
 */
typedef struct {
  HvpVerdict severity;
  HvpRequirementKind requirement;
  char *vm;
  char *message;
} HvpFinding;

/**
 * HvpPlanVm:
 * @name: VM name
 * @vcpus: largest vCPU count of the VM and its snapshots
 * @memory_bytes: memory counted for it under the memory policy (without overhead)
 * @storage_bytes: bytes of the files only this VM uses now (shared parents counted for the first
 *   VM that uses them, in inventory order)
 * @snapshots: number of snapshots
 * @saved_state: the VM or one of its snapshots holds a saved state
 * @concurrent: counted in the memory check
 */
typedef struct {
  char *name;
  guint vcpus;
  guint64 memory_bytes;
  guint64 storage_bytes;
  guint snapshots;
  gboolean saved_state;
  gboolean concurrent;
} HvpPlanVm;

/**
 * HvpPlan:
 * @source_name: (nullable): the source host
 * @destination_name: (nullable): the destination host
 * @options: (transfer none): the options used (owned by the caller, outlives the plan)
 * @requirements: one per #HvpRequirementKind, indexed by kind (the security one has no numbers)
 * @storage_headroom_bytes: storage added by the headroom percentage
 * @memory_reserve_bytes: host reserve counted in the memory requirement
 * @memory_overhead_bytes: per-VM overhead counted in the memory requirement, summed
 * @processor_method: (nullable): how saved-state processor compatibility was decided: "libvirt
 *   virConnectCompareCPU", "libvirt virConnectBaselineCPU"; %NULL for CPUID identity (vendor,
 *   family, model, stepping)
 * @findings: (element-type HvpFinding): sorted by severity (worst first), requirement, VM
 * @vms: (element-type HvpPlanVm): in inventory order
 *
 * The planner's answer for one source and one destination host.
 */
typedef struct {
  char *source_name;
  char *destination_name;
  const HvpPlanOptions *options;
  HvpRequirement requirements[HVP_N_ALL_REQUIREMENTS];
  guint64 storage_headroom_bytes;
  guint64 memory_reserve_bytes;
  guint64 memory_overhead_bytes;
  char *processor_method;
  GPtrArray *findings;
  GPtrArray *vms;
} HvpPlan;

HvpPlan *hvp_plan_new (const HvpInventory *source, const HvpInventory *destination,
                       const HvpPlanOptions *options, GError **error);
void hvp_plan_free (HvpPlan *plan);
HvpFinding *hvp_finding_new_valist (HvpVerdict severity, HvpRequirementKind requirement,
                                    const char *vm, const char *format, va_list args)
  G_GNUC_PRINTF (4, 0);
void hvp_finding_free (HvpFinding *finding);
gint hvp_finding_compare (gconstpointer a, gconstpointer b);
HvpVerdict hvp_plan_verdict (const HvpPlan *plan);
HvpVerdict hvp_plan_capacity_verdict (const HvpPlan *plan);
void hvp_plan_add_finding (HvpPlan *plan, HvpVerdict severity, HvpRequirementKind requirement,
                           const char *vm, const char *format, ...) G_GNUC_PRINTF (5, 6);
void hvp_requirement_add_vm (HvpRequirement *requirement, const char *vm);

const char *hvp_verdict_to_string (HvpVerdict verdict);
const char *hvp_requirement_kind_to_string (HvpRequirementKind kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpPlan, hvp_plan_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpFinding, hvp_finding_free)

G_END_DECLS
