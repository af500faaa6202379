/* hvplan: the verdicts, requirements and findings a plan is made of. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _HvpPlan HvpPlan;

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
 * @HVP_REQUIREMENT_COMPATIBILITY: every reason a VM would not import or start on the destination
 *   (issue 13): its row counts the VMs concerned, each VM gets a migration path
 *   (#HvpMigrationPath); its verdict counts in hvp_plan_verdict()
 * @HVP_REQUIREMENT_INVENTORY: configuration files of the source found but not read: findings only
 *   (the VMs they hold are missing from every number), its verdict counts in hvp_plan_verdict()
 *   and hvp_plan_capacity_verdict()
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
  HVP_REQUIREMENT_COMPATIBILITY,
  HVP_REQUIREMENT_INVENTORY,
} HvpRequirementKind;

/**
 * HVP_N_ALL_REQUIREMENTS:
 *
 * The capacity requirements, the findings-only security requirement, compatibility and the
 * findings-only inventory requirement.
 */
#define HVP_N_ALL_REQUIREMENTS (HVP_REQUIREMENT_INVENTORY + 1)

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
  /*< private >*/
  GHashTable *vm_set;        /* the names of @vms, for hvp_requirement_add_vm(); made there */
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

HvpFinding *hvp_finding_new_valist (HvpVerdict severity, HvpRequirementKind requirement,
                                    const char *vm, const char *format, va_list args)
  G_GNUC_PRINTF (4, 0);
void hvp_finding_free (HvpFinding *finding);
gint hvp_finding_compare (gconstpointer a, gconstpointer b);
void hvp_plan_add_finding (HvpPlan *plan, HvpVerdict severity, HvpRequirementKind requirement,
                           const char *vm, const char *format, ...) G_GNUC_PRINTF (5, 6);
void hvp_requirement_add_vm (HvpRequirement *requirement, const char *vm);
char *hvp_finding_quote_names (const GPtrArray *names);

const char *hvp_verdict_to_string (HvpVerdict verdict);
const char *hvp_requirement_kind_to_string (HvpRequirementKind kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpFinding, hvp_finding_free)

G_END_DECLS
