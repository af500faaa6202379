/* hvplan: the diff of two inventories as one self-contained HTML page: the changed objects first,
 * each change with its old and new value side by side, then the added and removed ones. */
#include "reports/diff-report.h"

#include "reports/html.h"

/* A value as the text report shows it, escaped: "(none)" when unknown, sizes exact and in
 * binary units. */
static void
append_value (GString *out, const HvpDiffChange *change, const char *value, guint64 number)
{
  if (value == NULL)
    {
      g_string_append (out, "<span class=\"muted\">(none)</span>");
      return;
    }
  hvp_html_append_text (out, value);
  if (change->type == HVP_DIFF_VALUE_BYTES)
    {
      g_autofree char *human = hvp_report_format_bytes (number);

      g_string_append_printf (out, " <span class=\"muted\">(%s)</span>", human);
    }
}

static void
append_change_row (GString *out, const HvpDiffChange *change)
{
  g_string_append_printf (out, "<tr><td>%s", hvp_diff_kind_to_string (change->kind));
  if (change->subject != NULL)
    {
      g_string_append (out, " ");
      hvp_html_append_text (out, change->subject);
    }
  g_string_append (out, "</td><td>");
  if (change->status != HVP_DIFF_STATUS_CHANGED)
    {
      g_string_append_printf (out, "<i>%s</i></td><td class=\"old\"></td><td class=\"new\"></td>"
                                   "</tr>\n", hvp_diff_status_to_string (change->status));
      return;
    }
  hvp_html_append_text (out, change->field);
  g_string_append (out, "</td><td class=\"old\">");
  append_value (out, change, change->old_value, change->old_number);
  g_string_append (out, "</td><td class=\"new\">");
  append_value (out, change, change->new_value, change->new_number);
  g_string_append (out, "</td></tr>\n");
}

static void
append_object (GString *out, const HvpDiffObject *object)
{
  g_string_append_printf (out, "<h3 class=\"object %s\">%s %s ",
                          object->status == HVP_DIFF_STATUS_CHANGED ? "warn"
                          : object->status == HVP_DIFF_STATUS_ADDED ? "pass" : "fail",
                          hvp_diff_status_to_string (object->status),
                          hvp_diff_kind_to_string (object->kind));
  hvp_html_append_text (out, object->name != NULL ? object->name : "(unnamed)");
  if (object->host != NULL)
    {
      g_string_append (out, " on host ");
      hvp_html_append_text (out, object->host);
    }
  g_string_append (out, "</h3>\n");
  if (object->changes->len == 0)
    return;
  g_string_append (out, "<div class=\"scroll\"><table>\n<thead><tr><th>part</th><th>field</th>"
                        "<th>old</th><th>new</th></tr></thead>\n<tbody>\n");
  for (guint c = 0; c < object->changes->len; c++)
    append_change_row (out, g_ptr_array_index (object->changes, c));
  g_string_append (out, "</tbody></table></div>\n");
}

/**
 * hvp_report_diff_html:
 * @diff: a diff
 * @out: the page is appended here
 *
 * Writes the diff as one self-contained HTML5 page (reports/html.c): both inputs, the result
 * first ("equal" or "different") with the counts, then the objects that differ, changed ones
 * first, then added, then removed, each in report order with a table of its changes (part,
 * field, old value and new value side by side; sizes exact and in binary units).  Equal objects
 * are only counted.  Every string from the inventories is escaped.  Deterministic.
 */
void
hvp_report_diff_html (const HvpDiff *diff, GString *out)
{
  static const HvpDiffStatus order[] = {
    HVP_DIFF_STATUS_CHANGED, HVP_DIFF_STATUS_ADDED, HVP_DIFF_STATUS_REMOVED
  };
  g_autofree char *title = NULL;
  gboolean equal;

  g_return_if_fail (diff != NULL && out != NULL);

  equal = hvp_diff_is_equal (diff);
  title = g_strdup_printf ("hvplan diff %s to %s", diff->old_label, diff->new_label);
  hvp_html_begin (out, title);
  g_string_append (out, "<h1>Inventory diff: <code>");
  hvp_html_append_text (out, diff->old_label);
  g_string_append (out, "</code> &rarr; <code>");
  hvp_html_append_text (out, diff->new_label);
  g_string_append (out, "</code></h1>\n");
  hvp_html_append_verdict (out, equal ? "pass" : "fail",
                           equal ? "Result: equal" : "Result: different");
  g_string_append_printf (out, "<p>%u objects compared: %u equal, %u changed, %u added, "
                               "%u removed.</p>\n", diff->objects->len, diff->n_equal,
                          diff->n_changed, diff->n_added, diff->n_removed);
  for (guint s = 0; s < G_N_ELEMENTS (order); s++)
    for (guint i = 0; i < diff->objects->len; i++)
      {
        const HvpDiffObject *object = g_ptr_array_index (diff->objects, i);

        if (object->status == order[s])
          append_object (out, object);
      }
  hvp_html_end (out);
}
