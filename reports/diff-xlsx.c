/* hvplan: the diff as a workbook (reports/README.md, "The xlsx reports"): Summary and Changes. */
#include "reports/diff-report.h"

#include "reports/xlsx.h"
#include "reports/xlsx-module.h"

#define N_COLUMNS(columns) ((guint) G_N_ELEMENTS (columns))

static void
add_count_row (HvpXlsxSheet *sheet, const char *item, guint value)
{
  hvp_xlsx_text (sheet, item);
  hvp_xlsx_count (sheet, value);
  hvp_xlsx_end_row (sheet);
}

static void
add_summary (HvpXlsxBook *book, const HvpDiff *diff)
{
  static const HvpXlsxColumn columns[] = { { "item", 10 }, { "value", 40 } };
  HvpXlsxSheet *sheet = hvp_xlsx_book_add_sheet (book, "Summary", columns, N_COLUMNS (columns));

  hvp_xlsx_text (sheet, "old");
  hvp_xlsx_text (sheet, diff->old_label);
  hvp_xlsx_end_row (sheet);
  hvp_xlsx_text (sheet, "new");
  hvp_xlsx_text (sheet, diff->new_label);
  hvp_xlsx_end_row (sheet);
  hvp_xlsx_text (sheet, "equal");
  hvp_xlsx_bool (sheet, hvp_diff_is_equal (diff));
  hvp_xlsx_end_row (sheet);
  add_count_row (sheet, "objects", diff->objects->len);
  add_count_row (sheet, "equal", diff->n_equal);
  add_count_row (sheet, "changed", diff->n_changed);
  add_count_row (sheet, "added", diff->n_added);
  add_count_row (sheet, "removed", diff->n_removed);
}

/* A changed value as its type: text, a number (a count; a signed one stays signed), a size in
 * GiB, a boolean; empty when unknown or for a part added or removed. */
static void
add_value (HvpXlsxSheet *sheet, const HvpDiffChange *change, const char *value, guint64 number)
{
  if (change->status != HVP_DIFF_STATUS_CHANGED || value == NULL)
    hvp_xlsx_blank (sheet);
  else if (change->type == HVP_DIFF_VALUE_BYTES)
    hvp_xlsx_bytes (sheet, number);
  else if (change->type == HVP_DIFF_VALUE_BOOLEAN)
    hvp_xlsx_bool (sheet, g_strcmp0 (value, "true") == 0);
  else if (change->type == HVP_DIFF_VALUE_NUMBER)
    hvp_xlsx_number (sheet, g_ascii_strtod (value, NULL));
  else
    hvp_xlsx_text (sheet, value);
}

static void
add_change_row (HvpXlsxSheet *sheet, const HvpDiffObject *object, const HvpDiffChange *change)
{
  hvp_xlsx_text (sheet, hvp_diff_kind_to_string (object->kind));
  hvp_xlsx_text (sheet, object->name);
  hvp_xlsx_text (sheet, object->host);
  hvp_xlsx_text (sheet, hvp_diff_status_to_string (object->status));
  if (change != NULL)
    {
      hvp_xlsx_text (sheet, hvp_diff_kind_to_string (change->kind));
      hvp_xlsx_text (sheet, change->subject);
      hvp_xlsx_text (sheet, hvp_diff_status_to_string (change->status));
      hvp_xlsx_text (sheet, change->field);
      add_value (sheet, change, change->old_value, change->old_number);
      add_value (sheet, change, change->new_value, change->new_number);
    }
  hvp_xlsx_end_row (sheet);
}

/**
 * hvp_xlsx_report_diff:
 * @diff: a diff
 * @out: the workbook's bytes are appended here
 * @error: return location for an error
 *
 * Writes @diff as an Office Open XML workbook (reports/README.md, "The xlsx reports"): Summary
 * (old, new, equal, the counts of `summary`) and Changes, one row per change of every object
 * that is not equal (as the CSV report: the object, then the change's kind, subject, status,
 * field, old and new values as their types, sizes in GiB), with a frozen header row and an
 * autofilter.
 *
 * Returns: %FALSE with %HVP_ERROR_WRITE when the workbook cannot be made (temporary files)
 */
gboolean
hvp_xlsx_report_diff (const HvpDiff *diff, GString *out, GError **error)
{
  static const HvpXlsxColumn columns[] = {
    { "object kind", 10 }, { "object", 30 }, { "host", 16 }, { "object status", 10 },
    { "kind", 12 }, { "subject", 30 }, { "status", 9 }, { "field", 24 }, { "old", 30 },
    { "new", 30 },
  };
  HvpXlsxBook *book;
  HvpXlsxSheet *sheet;

  g_return_val_if_fail (diff != NULL && out != NULL, FALSE);

  book = hvp_xlsx_book_new (error);
  if (book == NULL)
    return FALSE;
  add_summary (book, diff);
  sheet = hvp_xlsx_book_add_sheet (book, "Changes", columns, N_COLUMNS (columns));
  for (guint o = 0; o < diff->objects->len; o++)
    {
      const HvpDiffObject *object = g_ptr_array_index (diff->objects, o);

      if (object->status == HVP_DIFF_STATUS_EQUAL)
        continue;
      if (object->changes->len == 0)
        add_change_row (sheet, object, NULL);
      for (guint c = 0; c < object->changes->len; c++)
        add_change_row (sheet, object, g_ptr_array_index (object->changes, c));
    }
  return hvp_xlsx_book_close (book, out, error);
}
