/* hvplan: the sizing as a workbook (reports/README.md, "The xlsx reports"): Summary, Models,
 * Placement, Findings, Warnings.  Every number comes from #HvpSizing. */
#include "reports/size-report.h"

#include "reports/sheets.h"
#include "reports/xlsx-module.h"

#define N_COLUMNS(columns) ((guint) G_N_ELEMENTS (columns))

static void
add_summary_row (HvpXlsxSheet *sheet, const char *item, const char *text, guint64 bytes)
{
  hvp_xlsx_text (sheet, item);
  if (text != NULL)
    hvp_xlsx_text (sheet, text);
  else
    hvp_xlsx_bytes (sheet, bytes);
  hvp_xlsx_end_row (sheet);
}

static void
add_summary (HvpXlsxBook *book, const HvpSizing *sizing)
{
  static const HvpXlsxColumn columns[] = { { "item", 16 }, { "value", 40 } };
  HvpXlsxSheet *sheet = hvp_xlsx_book_add_sheet (book, "Summary", columns, N_COLUMNS (columns));
  const HvpSizingModel *best = sizing->best >= 0 ? g_ptr_array_index (sizing->models,
                                                                      sizing->best) : NULL;

  add_summary_row (sheet, "source", sizing->source_name, 0);
  add_summary_row (sheet, "recommended", best != NULL ? best->name : "", 0);
  add_summary_row (sheet, "chosen by",
                   best == NULL ? "" : sizing->by_price ? "price" : "hosts", 0);
  hvp_xlsx_text (sheet, "VMs");
  hvp_xlsx_count (sheet, sizing->vms->len);
  hvp_xlsx_end_row (sheet);
  add_summary_row (sheet, "memory demand", NULL, sizing->total_memory_bytes);
  hvp_xlsx_text (sheet, "vCPU demand");
  hvp_xlsx_count (sheet, sizing->total_vcpus);
  hvp_xlsx_end_row (sheet);
  add_summary_row (sheet, "storage demand", NULL, sizing->total_storage_bytes);
}

/* A count that may be unknown (G_MAXUINT: a resource missing altogether). */
static void
add_bound (HvpXlsxSheet *sheet, guint value)
{
  if (value == G_MAXUINT)
    hvp_xlsx_blank (sheet);
  else
    hvp_xlsx_count (sheet, value);
}

static void
add_model_row (HvpXlsxSheet *sheet, const HvpSizing *sizing, guint m)
{
  const HvpSizingModel *model = g_ptr_array_index (sizing->models, m);
  const HvpCatalogModel *entry = model->catalog_model;

  hvp_xlsx_text (sheet, model->name);
  hvp_xlsx_bool (sheet, model->fits);
  hvp_xlsx_bool (sheet, sizing->best == (gint) m);
  add_bound (sheet, model->fits ? model->hosts_needed : G_MAXUINT);
  add_bound (sheet, model->fits ? model->packed_hosts : G_MAXUINT);
  add_bound (sheet, model->lower_bound);
  hvp_xlsx_text (sheet, hvp_resource_to_string (model->limiting_resource));
  if (entry != NULL && entry->has_price)
    hvp_xlsx_count (sheet, entry->price);
  else
    hvp_xlsx_blank (sheet);
  if (entry != NULL && entry->has_price && model->fits)
    hvp_xlsx_count (sheet, model->total_price);
  else
    hvp_xlsx_blank (sheet);
  if (entry != NULL)
    {
      hvp_xlsx_bytes (sheet, model->host_capacity.memory_bytes);
      hvp_xlsx_count (sheet, model->host_capacity.vcpus);
      hvp_xlsx_count (sheet, model->host_capacity.logical_processors);
      if (model->host_capacity.storage_bytes == G_MAXUINT64)
        hvp_xlsx_blank (sheet);
      else
        hvp_xlsx_bytes (sheet, model->host_capacity.storage_bytes);
      hvp_xlsx_count (sheet, model->host_capacity.nics);
    }
  hvp_xlsx_end_row (sheet);
}

static void
add_models (HvpXlsxBook *book, const HvpSizing *sizing)
{
  static const HvpXlsxColumn columns[] = {
    { "model", 30 }, { "fits", 6 }, { "recommended", 12 }, { "hosts needed", 8 },
    { "packed hosts", 8 }, { "lower bound", 8 }, { "limiting resource", 12 }, { "price", 10 },
    { "total price", 10 }, { "memory per host", 15 }, { "vCPUs per host", 9 },
    { "logical processors per host", 10 }, { "storage per host", 15 }, { "NICs per host", 8 },
  };
  HvpXlsxSheet *sheet = hvp_xlsx_book_add_sheet (book, "Models", columns, N_COLUMNS (columns));

  for (guint m = 0; m < sizing->models->len; m++)
    add_model_row (sheet, sizing, m);
}

/**
 * hvp_xlsx_report_size:
 * @sizing: a sizing
 * @source: (nullable): the inventory it was made from: its collector warnings are listed
 * @out: the workbook's bytes are appended here
 * @error: return location for an error
 *
 * Writes @sizing as an Office Open XML workbook (reports/README.md, "The xlsx reports"): Summary
 * (source, recommendation, demand), Models (one row per model as `models[]` of `hvplan-size/1`:
 * hosts needed, lower bound, limiting resource, prices, one host's capacity), Placement (one row
 * per host of each model), Findings (the source's, then each model's) and Warnings; sizes in GiB,
 * counts as numbers, each sheet with a frozen header row and an autofilter.
 *
 * Returns: %FALSE with %HVP_ERROR_WRITE when the workbook cannot be made (temporary files)
 */
gboolean
hvp_xlsx_report_size (const HvpSizing *sizing, const HvpInventory *source, GString *out,
                      GError **error)
{
  HvpXlsxBook *book;

  g_return_val_if_fail (sizing != NULL && out != NULL, FALSE);

  book = hvp_xlsx_book_new (error);
  if (book == NULL)
    return FALSE;
  add_summary (book, sizing);
  add_models (book, sizing);
  hvp_sheets_add_placement (book, sizing);
  hvp_sheets_add_findings (book, sizing, sizing->findings);
  hvp_sheets_add_warnings (book, source);
  return hvp_xlsx_book_close (book, out, error);
}
