/* hvplan: the four checks of "Hyper-V: Prepare to Migrate", private to the planner. */
#pragma once

#include <glib.h>

#include "collectors/libvirt/libvirt.h"
#include "planner/plan.h"

G_BEGIN_DECLS

/*
 * Each check reads every VM of every host of @source, in inventory order, compares the sum with
 * @destination (the destination inventory's first host), fills plan->requirements[its kind] and
 * the per-VM rows it owns (plan->vms, created by hvp_plan_new() in the same order), and adds
 * findings with hvp_plan_add_finding().  A warn or fail finding raises its requirement's verdict.
 */
void hvp_check_storage (HvpPlan *plan, const HvpInventory *source, const HvpHost *destination);
void hvp_check_memory (HvpPlan *plan, const HvpInventory *source, const HvpHost *destination);
void hvp_check_network (HvpPlan *plan, const HvpInventory *source, const HvpHost *destination);
void hvp_check_processor (HvpPlan *plan, const HvpInventory *source, const HvpHost *destination);
void hvp_check_security (HvpPlan *plan, const HvpInventory *source, const HvpHost *destination);
gboolean hvp_os_ignores_authorization_store (const char *os);

void hvp_plan_add_finding (HvpPlan *plan, HvpVerdict severity, HvpRequirementKind requirement,
                           const char *vm, const char *format, ...) G_GNUC_PRINTF (5, 6);
void hvp_requirement_add_vm (HvpRequirement *requirement, const char *vm);
const char *hvp_vm_label (const HvpVm *vm);
const char *hvp_host_label (const HvpHost *host);

G_END_DECLS
