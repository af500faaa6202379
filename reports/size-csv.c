/* hvplan: the sizing as a spreadsheet's CSV, one record per host of each model's placement
 * (reports/README.md, "The CSV reports"); the cells are written by csv.c. */
#include "reports/size-report.h"

#include "models/text.h"
#include "reports/csv.h"
#include "reports/names.h"

/* A host's capacity: the model's for a catalog model, the host's own for existing hosts; the
 * storage cell is empty for shared storage (G_MAXUINT64). */
static void
append_capacity (HvpCsv *csv, const HvpPlacementBin *capacity)
{
  hvp_csv_append_uint64 (csv, capacity->memory_bytes);
  hvp_csv_append_uint64 (csv, capacity->vcpus);
  if (capacity->storage_bytes == G_MAXUINT64)
    hvp_csv_append_raw (csv, NULL);
  else
    hvp_csv_append_uint64 (csv, capacity->storage_bytes);
  hvp_csv_append_uint64 (csv, capacity->nics);
}

/* The record of one host of @model's placement (@host %NULL: the model places nothing); @names:
 * the VMs' names in the terminal notation, escaped once; @cell: room for the VMs' cell. */
static void
append_host (HvpCsv *csv, const HvpSizing *sizing, guint m, const HvpSizingHost *host,
             const HvpReportNames *names, GString *cell)
{
  const HvpSizingModel *model = g_ptr_array_index (sizing->models, m);

  hvp_csv_append_text (csv, model->name);
  hvp_csv_append_bool (csv, model->fits);
  hvp_csv_append_bool (csv, sizing->best == (gint) m);
  if (host == NULL)
    {
      for (guint i = 0; i < 11; i++)
        hvp_csv_append_raw (csv, NULL);
      hvp_csv_end_row (csv);
      return;
    }
  hvp_csv_append_text (csv, host->name);
  hvp_csv_append_uint64 (csv, host->vms->len);
  hvp_csv_append_uint64 (csv, host->usage.memory_bytes);
  hvp_csv_append_uint64 (csv, host->usage.vcpus);
  hvp_csv_append_uint64 (csv, host->usage.storage_bytes);
  hvp_csv_append_uint64 (csv, hvp_placement_usage_nics (&host->usage));
  append_capacity (csv, model->catalog_model != NULL ? &model->host_capacity : &host->capacity);
  g_string_truncate (cell, 0);
  hvp_report_names_append_list (names, host->vms, "\n", cell);
  hvp_csv_append_terminal_cell (csv, cell->str);
  hvp_csv_end_row (csv);
}

/**
 * hvp_report_size_csv:
 * @sizing: a sizing
 * @source: (nullable): the inventory it was made from (unused: the CSV holds the placement only)
 * @out: the report is appended here
 *
 * Writes @sizing as CSV (RFC 4180: a header record, CRLF line ends, UTF-8): one record per host of
 * each model's placement, models in catalog order, with `model`, `fits`, `recommended`, `host`
 * (`1`, `2`, ... or the existing host's name), `vm_count`, what its VMs take (`memory_bytes`,
 * `vcpus`, `storage_bytes`, `nics`, as `models[].placement[]` of `hvplan-size/1`), one host's
 * capacity (`capacity_memory_bytes`, `capacity_vcpus`, `capacity_storage_bytes`, empty for shared
 * storage, `capacity_nics`) and `vms`, the VM names one a line.  A model that places nothing has
 * one record with its name, `fits` and `recommended` only.
 */
void
hvp_report_size_csv (const HvpSizing *sizing, const HvpInventory *source, GString *out)
{
  static const char *const header[] = { "model", "fits", "recommended", "host", "vm_count",
                                        "memory_bytes", "vcpus", "storage_bytes", "nics",
                                        "capacity_memory_bytes", "capacity_vcpus",
                                        "capacity_storage_bytes", "capacity_nics", "vms", NULL };
  HvpCsv csv = { out, 0 };
  g_auto (HvpReportNames) names = { 0 };
  g_autoptr (GString) cell = g_string_new (NULL);

  g_return_if_fail (sizing != NULL && out != NULL);
  (void) source;

  hvp_csv_append_header (&csv, header);
  hvp_report_names_init (&names, sizing, hvp_text_append_terminal);
  for (guint m = 0; m < sizing->models->len; m++)
    {
      const HvpSizingModel *model = g_ptr_array_index (sizing->models, m);

      if (model->hosts->len == 0)
        append_host (&csv, sizing, m, NULL, &names, cell);
      for (guint h = 0; h < model->hosts->len; h++)
        append_host (&csv, sizing, m, g_ptr_array_index (model->hosts, h), &names, cell);
    }
}
