/* hvplan: the diff as a spreadsheet's CSV, one record per change (reports/README.md, "The CSV
 * reports"); the cells are written by csv.c. */
#include "reports/diff-report.h"

#include "reports/csv.h"

/* A changed value: text through the formula guard, numbers and booleans as hvplan wrote them. */
static void
append_value (HvpCsv *csv, const HvpDiffChange *change, const char *value)
{
  if (change->status != HVP_DIFF_STATUS_CHANGED)
    hvp_csv_append_raw (csv, NULL);
  else if (change->type == HVP_DIFF_VALUE_STRING)
    hvp_csv_append_text (csv, value);
  else
    hvp_csv_append_raw (csv, value);
}

/* The object's own cells, the first five of each of its records. */
static void
append_object (HvpCsv *csv, const HvpDiffObject *object)
{
  hvp_csv_append_raw (csv, hvp_diff_kind_to_string (object->kind));
  hvp_csv_append_text (csv, object->name);
  hvp_csv_append_text (csv, object->host);
  hvp_csv_append_raw (csv, hvp_diff_status_to_string (object->status));
}

/**
 * hvp_report_diff_csv:
 * @diff: a diff
 * @out: the report is appended here
 *
 * Writes @diff as CSV (RFC 4180: a header record, CRLF line ends, UTF-8): one record per change
 * of every object that is not equal, in the order of the `hvplan-diff/1` document, with
 * `object_kind`, `object`, `host`, `object_status`, then the change: `kind`, `subject`, `status`,
 * `field`, `old`, `new` (for a changed field: text as text, sizes and counts as exact integers,
 * booleans as `true`/`false`, empty when unknown).  An object added or removed as a whole has
 * one record with its own cells and empty change cells.
 */
void
hvp_report_diff_csv (const HvpDiff *diff, GString *out)
{
  static const char *const header[] = { "object_kind", "object", "host", "object_status", "kind",
                                        "subject", "status", "field", "old", "new", NULL };
  HvpCsv csv = { out, 0 };

  g_return_if_fail (diff != NULL && out != NULL);

  hvp_csv_append_header (&csv, header);
  for (guint o = 0; o < diff->objects->len; o++)
    {
      const HvpDiffObject *object = g_ptr_array_index (diff->objects, o);

      if (object->status == HVP_DIFF_STATUS_EQUAL)
        continue;
      if (object->changes->len == 0)
        {
          append_object (&csv, object);
          for (guint i = 0; i < 6; i++)
            hvp_csv_append_raw (&csv, NULL);
          hvp_csv_end_row (&csv);
        }
      for (guint c = 0; c < object->changes->len; c++)
        {
          const HvpDiffChange *change = g_ptr_array_index (object->changes, c);

          append_object (&csv, object);
          hvp_csv_append_raw (&csv, hvp_diff_kind_to_string (change->kind));
          hvp_csv_append_text (&csv, change->subject);
          hvp_csv_append_raw (&csv, hvp_diff_status_to_string (change->status));
          hvp_csv_append_raw (&csv, change->field);
          append_value (&csv, change, change->old_value);
          append_value (&csv, change, change->new_value);
          hvp_csv_end_row (&csv);
        }
    }
}
