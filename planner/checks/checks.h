/* hvplan: the checks of a plan, one file per requirement, and the table hvp_plan_new() runs;
 * private to the planner (planner/sizing/ uses the shared helpers declared last). */
#pragma once

#include <glib.h>

#include "planner/plan.h"

G_BEGIN_DECLS

/**
 * HvpCheckFunc:
 * @plan: the plan being built
 * @source: the inventory being migrated
 * @destination: the destination host (the destination inventory's first host)
 *
 * A check reads every VM of every host of @source, in inventory order, compares the sum with
 * @destination, fills plan->requirements[its kind] and the per-VM rows it owns (plan->vms,
 * created by hvp_plan_new() in the same order), and adds findings with hvp_plan_add_finding().
 * A warn or fail finding raises its requirement's verdict.
 */
typedef void (*HvpCheckFunc) (HvpPlan *plan, const HvpInventory *source,
                              const HvpHost *destination);

/**
 * HvpCheck:
 * @kind: the requirement the check fills
 * @check: the check
 *
 * One row of hvp_checks[].
 */
typedef struct {
  HvpRequirementKind kind;
  HvpCheckFunc check;
} HvpCheck;

extern const HvpCheck hvp_checks[];
extern const guint hvp_n_checks;

void hvp_check_storage (HvpPlan *plan, const HvpInventory *source, const HvpHost *destination);
void hvp_check_memory (HvpPlan *plan, const HvpInventory *source, const HvpHost *destination);
void hvp_check_network (HvpPlan *plan, const HvpInventory *source, const HvpHost *destination);
void hvp_check_processor (HvpPlan *plan, const HvpInventory *source, const HvpHost *destination);
void hvp_check_security (HvpPlan *plan, const HvpInventory *source, const HvpHost *destination);
void hvp_check_compatibility (HvpPlan *plan, const HvpInventory *source,
                              const HvpHost *destination);
void hvp_check_inventory (HvpPlan *plan, const HvpInventory *source, const HvpHost *destination);

/**
 * HvpCheckVmFunc:
 * @host: the source host of @vm
 * @vm: a VM
 * @plan_vm: its row of the plan
 * @user_data: the data given to hvp_check_walk_vms()
 *
 * Called by hvp_check_walk_vms() once per source VM.
 */
typedef void (*HvpCheckVmFunc) (const HvpHost *host, const HvpVm *vm, HvpPlanVm *plan_vm,
                                gpointer user_data);

void hvp_check_walk_vms (HvpPlan *plan, const HvpInventory *source, HvpCheckVmFunc visit,
                         gpointer user_data);

/* Shared with planner/sizing/. */
guint64 hvp_vm_policy_memory_bytes (const HvpVm *vm, HvpMemoryPolicy policy);
gboolean hvp_os_ignores_authorization_store (const char *os);

void hvp_vm_visit_uplinks (const HvpHost *host, const HvpVm *vm,
                           void (*visit) (const char *name, gboolean is_switch,
                                          gpointer user_data),
                           gpointer user_data);

/**
 * HvpSavedStateMatch:
 * @HVP_SAVED_STATE_SAME: same manufacturer, family, model and stepping
 * @HVP_SAVED_STATE_STEPPING_UNKNOWN: same model, a stepping unknown
 * @HVP_SAVED_STATE_STEPPING_DIFFERS: same model, another stepping
 * @HVP_SAVED_STATE_MODEL_COMPATIBLE: another family or model, processor compatibility on
 * @HVP_SAVED_STATE_MODEL_UNKNOWN: same manufacturer, a family or model unknown
 * @HVP_SAVED_STATE_MODEL_DIFFERS: another family or model, processor compatibility off
 * @HVP_SAVED_STATE_VENDOR_UNKNOWN: a manufacturer unknown
 * @HVP_SAVED_STATE_VENDOR_DIFFERS: another manufacturer
 *
 * How two processors compare for restoring a saved state (CPUID identity).
 */
typedef enum {
  HVP_SAVED_STATE_SAME,
  HVP_SAVED_STATE_STEPPING_UNKNOWN,
  HVP_SAVED_STATE_STEPPING_DIFFERS,
  HVP_SAVED_STATE_MODEL_COMPATIBLE,
  HVP_SAVED_STATE_MODEL_UNKNOWN,
  HVP_SAVED_STATE_MODEL_DIFFERS,
  HVP_SAVED_STATE_VENDOR_UNKNOWN,
  HVP_SAVED_STATE_VENDOR_DIFFERS,
} HvpSavedStateMatch;

HvpSavedStateMatch hvp_processor_saved_state_match (const HvpProcessor *from,
                                                    const HvpProcessor *to,
                                                    gboolean processor_compatibility);
HvpVerdict hvp_saved_state_match_verdict (HvpSavedStateMatch match);

G_END_DECLS
