/* hvplan: what the CSV and xlsx reports share: the source VMs in the order of the plan's rows
 * (hosts in inventory order, each host's VMs in order, as planner/plan.c builds #HvpPlan.vms and
 * planner/sizing/sizing.c #HvpSizing.vms), where a placement put each of them, and the
 * workbook sheets the plan and the sizing share (Findings, Warnings, Placement). */
#include "reports/sheets.h"

/**
 * hvp_sheets_source_vms:
 * @source: the source inventory of a plan or a sizing
 *
 * Lists the source VMs in the order of #HvpPlan.vms and #HvpSizing.vms, each with its host.
 *
 * Returns: (transfer full) (element-type HvpSheetsVm): the VMs (the array owns the pairs, not
 *   what they point to)
 */
GPtrArray *
hvp_sheets_source_vms (const HvpInventory *source)
{
  GPtrArray *vms = g_ptr_array_new_with_free_func (g_free);

  for (guint h = 0; h < source->hosts->len; h++)
    {
      const HvpHost *host = g_ptr_array_index (source->hosts, h);

      for (guint v = 0; v < host->vms->len; v++)
        {
          HvpSheetsVm *pair = g_new (HvpSheetsVm, 1);

          pair->host = host;
          pair->vm = g_ptr_array_index (host->vms, v);
          g_ptr_array_add (vms, pair);
        }
    }
  return vms;
}

/**
 * hvp_sheets_placement_hosts:
 * @placement: a sizing onto existing hosts (hvp_sizing_new_for_hosts(): one model)
 * @n_vms: the plan's VMs (#HvpPlan.vms, the same VMs in the same order as #HvpSizing.vms)
 *
 * Where the placement put each VM.
 *
 * Returns: (transfer container) (array length=n_vms): per VM, the name of its host (owned by
 *   @placement), or %NULL when it is on none (the model does not fit)
 */
const char **
hvp_sheets_placement_hosts (const HvpSizing *placement, guint n_vms)
{
  const char **hosts = g_new0 (const char *, n_vms + 1);
  const HvpSizingModel *model;

  g_return_val_if_fail (placement->models->len == 1, hosts);

  model = g_ptr_array_index (placement->models, 0);
  for (guint h = 0; h < model->hosts->len; h++)
    {
      const HvpSizingHost *host = g_ptr_array_index (model->hosts, h);

      for (guint i = 0; i < host->vms->len; i++)
        {
          guint index = g_array_index (host->vms, guint, i);

          if (index < n_vms)
            hosts[index] = host->name;
        }
    }
  return hosts;
}

/**
 * hvp_sheets_host_vm_names:
 * @sizing: a sizing
 * @host: one host of one of its models' placement
 *
 * Returns: (transfer container) (element-type utf8): the names of the VMs on @host in placement
 *   order (owned by @sizing)
 */
GPtrArray *
hvp_sheets_host_vm_names (const HvpSizing *sizing, const HvpSizingHost *host)
{
  GPtrArray *names = g_ptr_array_new ();

  for (guint i = 0; i < host->vms->len; i++)
    {
      const HvpSizingVm *vm = g_ptr_array_index (sizing->vms, g_array_index (host->vms, guint, i));

      g_ptr_array_add (names, vm->name);
    }
  return names;
}
