/* hvplan: the walk over the source VMs and their plan rows that the checks share. */
#include "planner/checks/checks.h"

/**
 * hvp_check_walk_vms:
 * @plan: the plan being built; its rows (plan->vms) follow @source's VMs
 * @source: the inventory being migrated
 * @visit: called once per VM of every host of @source, in inventory order, with its host and row
 * @user_data: passed to @visit
 *
 * Visits every source VM with the row hvp_plan_new() made for it.
 */
void
hvp_check_walk_vms (HvpPlan *plan, const HvpInventory *source, HvpCheckVmFunc visit,
                    gpointer user_data)
{
  guint row = 0;

  for (guint h = 0; h < source->hosts->len; h++)
    {
      const HvpHost *host = g_ptr_array_index (source->hosts, h);

      for (guint v = 0; v < host->vms->len; v++, row++)
        visit (host, g_ptr_array_index (host->vms, v), g_ptr_array_index (plan->vms, row),
               user_data);
    }
}
