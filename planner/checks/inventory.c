/* hvplan: the inventory check: a source in which configuration files were found but not read
 * never passes (issue 18, "no silent pass"). */
#include "planner/checks/checks.h"

/**
 * hvp_check_inventory:
 * @plan: the plan being built
 * @source: the inventory being migrated
 * @destination: the destination host (not used)
 *
 * One warning finding (%HVP_REQUIREMENT_INVENTORY) per configuration file of @source that a
 * collector found but did not read (#HvpWarning.unread, hvp_inventory_add_unread()): the VM or
 * checkpoint it holds is missing from every number of the plan, so the plan's verdict is at best
 * WARN.  `--strict` turns the same files into exit status 65 before any plan is made
 * (hvp_collect()).
 */
void
hvp_check_inventory (HvpPlan *plan, const HvpInventory *source, const HvpHost *destination)
{
  (void) destination;

  for (guint i = 0; i < source->warnings->len; i++)
    {
      const HvpWarning *warning = g_ptr_array_index (source->warnings, i);

      if (warning->unread)
        hvp_plan_add_finding (plan, HVP_VERDICT_WARN, HVP_REQUIREMENT_INVENTORY, NULL,
                              "configuration '%s' was found but not read (%s): what it holds is "
                              "not planned", warning->file, warning->message);
    }
}
