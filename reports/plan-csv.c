/* hvplan: the plan as a spreadsheet's CSV, one record per source VM (reports/README.md, "The
 * CSV reports"); the cells are written by csv.c (RFC 4180, formula guard). */
#include "reports/report.h"

#include "reports/csv.h"
#include "reports/sheets.h"

/**
 * hvp_report_plan_csv:
 * @plan: a plan
 * @source: the inventory the plan was made from (the VMs' hosts and states)
 * @placement: (nullable): the placement over several destination hosts; adds a last column
 * @out: the report is appended here
 *
 * Writes @plan as CSV (RFC 4180: a header record, CRLF line ends, UTF-8): one record per source
 * VM in inventory order with `vm`, `source_host`, `state`, `vcpus`, `memory_bytes`,
 * `storage_bytes`, `snapshots`, `saved_state`, `concurrent` (the numbers of `vms[]` in the
 * `hvplan-plan/1` document, exact bytes), and with @placement `destination_host` (the host the
 * VM is placed on, empty when it fits none).  Text cells starting like a formula get a quote in
 * front (csv.c).
 */
void
hvp_report_plan_csv (const HvpPlan *plan, const HvpInventory *source, const HvpSizing *placement,
                     GString *out)
{
  static const char *const header[] = { "vm", "source_host", "state", "vcpus", "memory_bytes",
                                        "storage_bytes", "snapshots", "saved_state", "concurrent",
                                        "configuration_version", "migration_path",
                                        "compatibility", NULL };
  g_autoptr (GPtrArray) vms = NULL;
  g_autofree const char **destinations = NULL;
  HvpCsv csv = { out, 0 };

  g_return_if_fail (plan != NULL && source != NULL && out != NULL);

  vms = hvp_sheets_source_vms (source);
  if (placement != NULL)
    destinations = hvp_sheets_placement_hosts (placement, plan->vms->len);
  for (guint i = 0; header[i] != NULL; i++)
    hvp_csv_append_raw (&csv, header[i]);
  if (destinations != NULL)
    hvp_csv_append_raw (&csv, "destination_host");
  hvp_csv_end_row (&csv);
  for (guint i = 0; i < plan->vms->len; i++)
    {
      const HvpPlanVm *plan_vm = g_ptr_array_index (plan->vms, i);
      const HvpSheetsVm *vm = i < vms->len ? g_ptr_array_index (vms, i) : NULL;

      hvp_csv_append_text (&csv, plan_vm->name);
      hvp_csv_append_text (&csv, vm != NULL ? hvp_host_label (vm->host) : NULL);
      hvp_csv_append_raw (&csv, vm != NULL ? hvp_vm_state_to_string (vm->vm->state) : NULL);
      hvp_csv_append_uint64 (&csv, plan_vm->vcpus);
      hvp_csv_append_uint64 (&csv, plan_vm->memory_bytes);
      hvp_csv_append_uint64 (&csv, plan_vm->storage_bytes);
      hvp_csv_append_uint64 (&csv, plan_vm->snapshots);
      hvp_csv_append_bool (&csv, plan_vm->saved_state);
      hvp_csv_append_bool (&csv, plan_vm->concurrent);
      hvp_csv_append_text (&csv, plan_vm->configuration_version);
      hvp_csv_append_raw (&csv, hvp_migration_path_to_string (plan_vm->migration_path));
      hvp_csv_append_raw (&csv, hvp_verdict_to_string (plan_vm->compatibility));
      if (destinations != NULL)
        hvp_csv_append_text (&csv, destinations[i]);
      hvp_csv_end_row (&csv);
    }
}
