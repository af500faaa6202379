/* hvplan: the sheets the plan's and the sizing's workbooks share: Findings, Warnings and Placement
 * (reports/README.md, "The xlsx reports").  Part of the xlsx module (hvplan-xlsx.so). */
#include "reports/sheets.h"

#define N_COLUMNS(columns) ((guint) G_N_ELEMENTS (columns))

/* Rows of the Findings sheet: @model's name in the first column when the sheet has one. */
static void
add_finding_rows (HvpXlsxSheet *sheet, gboolean with_model, const char *model,
                  const GPtrArray *findings)
{
  for (guint i = 0; i < findings->len; i++)
    {
      const HvpFinding *finding = g_ptr_array_index (findings, i);

      if (with_model)
        hvp_xlsx_text (sheet, model);
      hvp_xlsx_text (sheet, hvp_verdict_to_string (finding->severity));
      hvp_xlsx_text (sheet, hvp_requirement_kind_to_string (finding->requirement));
      hvp_xlsx_text (sheet, finding->vm);
      hvp_xlsx_text (sheet, finding->message);
      hvp_xlsx_end_row (sheet);
    }
}

/**
 * hvp_sheets_add_findings:
 * @book: a workbook
 * @sizing: (nullable): a sizing: the sheet gets a first column `model`, and after @findings
 *   (the source's, model empty) each model's findings
 * @findings: (element-type HvpFinding): the plan's or the sizing's findings, in order
 *
 * Adds the sheet Findings: `severity`, `requirement`, `VM` (empty for none), `message`, one row a
 * finding, as `findings[]` of the JSON documents.
 */
void
hvp_sheets_add_findings (HvpXlsxBook *book, const HvpSizing *sizing, const GPtrArray *findings)
{
  static const HvpXlsxColumn columns[] = { { "model", 30 }, { "severity", 9 },
                                           { "requirement", 12 }, { "VM", 24 },
                                           { "message", 100 } };
  const gboolean with_model = sizing != NULL;
  HvpXlsxSheet *sheet = hvp_xlsx_book_add_sheet (book, "Findings", columns + (with_model ? 0 : 1),
                                                 N_COLUMNS (columns) - (with_model ? 0 : 1));

  add_finding_rows (sheet, with_model, NULL, findings);
  for (guint m = 0; sizing != NULL && m < sizing->models->len; m++)
    {
      const HvpSizingModel *model = g_ptr_array_index (sizing->models, m);

      add_finding_rows (sheet, TRUE, model->name, model->findings);
    }
}

/**
 * hvp_sheets_add_warnings:
 * @book: a workbook
 * @source: (nullable): the source inventory
 *
 * Adds the sheet Warnings: the source's collector warnings (`file`, `position`, `message`).
 */
void
hvp_sheets_add_warnings (HvpXlsxBook *book, const HvpInventory *source)
{
  static const HvpXlsxColumn columns[] = { { "file", 40 }, { "position", 24 },
                                           { "message", 80 } };
  HvpXlsxSheet *sheet = hvp_xlsx_book_add_sheet (book, "Warnings", columns, N_COLUMNS (columns));

  for (guint i = 0; source != NULL && i < source->warnings->len; i++)
    {
      const HvpWarning *warning = g_ptr_array_index (source->warnings, i);

      hvp_xlsx_text (sheet, warning->file);
      hvp_xlsx_text (sheet, warning->position);
      hvp_xlsx_text (sheet, warning->message);
      hvp_xlsx_end_row (sheet);
    }
}

/* A host's capacity cells: storage empty when shared (G_MAXUINT64). */
static void
add_capacity (HvpXlsxSheet *sheet, const HvpPlacementBin *capacity)
{
  hvp_xlsx_bytes (sheet, capacity->memory_bytes);
  hvp_xlsx_count (sheet, capacity->vcpus);
  if (capacity->storage_bytes == G_MAXUINT64)
    hvp_xlsx_blank (sheet);
  else
    hvp_xlsx_bytes (sheet, capacity->storage_bytes);
  hvp_xlsx_count (sheet, capacity->nics);
}

static void
add_placement_row (HvpXlsxSheet *sheet, const HvpSizing *sizing, const HvpSizingModel *model,
                   const HvpSizingHost *host)
{
  g_autoptr (GPtrArray) names = hvp_sheets_host_vm_names (sizing, host);

  hvp_xlsx_text (sheet, model->name);
  hvp_xlsx_text (sheet, host->name);
  hvp_xlsx_count (sheet, host->vms->len);
  hvp_xlsx_bytes (sheet, host->usage.memory_bytes);
  hvp_xlsx_count (sheet, host->usage.vcpus);
  hvp_xlsx_bytes (sheet, host->usage.storage_bytes);
  hvp_xlsx_count (sheet, hvp_placement_usage_nics (&host->usage));
  add_capacity (sheet, model->catalog_model != NULL ? &model->host_capacity : &host->capacity);
  hvp_xlsx_lines (sheet, names);
  hvp_xlsx_end_row (sheet);
}

/**
 * hvp_sheets_add_placement:
 * @book: a workbook
 * @sizing: a sizing (every model) or a plan's placement onto several hosts (one model)
 *
 * Adds the sheet Placement: one row per host of each model's placement (models that fit), with
 * `model`, `host`, `VMs`, what they take (memory and storage in GiB, vCPUs, NICs), one host's
 * capacity (the model's, or the existing host's less its own VMs) and the VM names one a line:
 * `models[].placement[]` of the `hvplan-size/1` document.
 */
void
hvp_sheets_add_placement (HvpXlsxBook *book, const HvpSizing *sizing)
{
  static const HvpXlsxColumn columns[] = {
    { "model", 30 }, { "host", 16 }, { "VMs", 6 }, { "memory", 14 }, { "vCPUs", 7 },
    { "storage", 14 }, { "NICs", 6 }, { "capacity memory", 15 }, { "capacity vCPUs", 9 },
    { "capacity storage", 15 }, { "capacity NICs", 9 }, { "VM names", 30 },
  };
  HvpXlsxSheet *sheet = hvp_xlsx_book_add_sheet (book, "Placement", columns,
                                                 N_COLUMNS (columns));

  for (guint m = 0; m < sizing->models->len; m++)
    {
      const HvpSizingModel *model = g_ptr_array_index (sizing->models, m);

      for (guint h = 0; h < model->hosts->len; h++)
        add_placement_row (sheet, sizing, model, g_ptr_array_index (model->hosts, h));
    }
}
