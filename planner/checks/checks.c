/* hvplan: the checks of "Hyper-V: Prepare to Migrate" (Windows Server 2012 migration guide,
 * ms.assetid 00959060-30f1-4578-8068-89d4d58f137c) that hvp_plan_new() runs, in order.  A new
 * requirement is a file in this folder and a line here. */
#include "planner/checks/checks.h"

/**
 * hvp_checks:
 *
 * Every check, in the order hvp_plan_new() runs them (the order findings are added in; the plan
 * sorts them afterwards).
 */
const HvpCheck hvp_checks[] = {
  { HVP_REQUIREMENT_STORAGE, hvp_check_storage },
  { HVP_REQUIREMENT_MEMORY, hvp_check_memory },
  { HVP_REQUIREMENT_NETWORK, hvp_check_network },
  { HVP_REQUIREMENT_PROCESSOR, hvp_check_processor },
  { HVP_REQUIREMENT_SECURITY, hvp_check_security },
  { HVP_REQUIREMENT_COMPATIBILITY, hvp_check_compatibility },
  { HVP_REQUIREMENT_INVENTORY, hvp_check_inventory },
};

/**
 * hvp_n_checks:
 *
 * The number of rows of hvp_checks[].
 */
const guint hvp_n_checks = G_N_ELEMENTS (hvp_checks);
