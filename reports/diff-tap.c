/* hvplan: the diff as TAP (Test Anything Protocol 13), one test point per compared object, so a
 * CI system shows each VM, host and switch as a passing or failing check. */
#include "reports/diff-report.h"

#include <string.h>

/* Copies @text into a test point's description: '#' starts a TAP directive, so it is escaped;
 * the phrases never hold a line break (names are escaped when quoted). */
static void
append_description (GString *out, const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '#' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
}

/**
 * hvp_report_diff_tap:
 * @diff: a diff
 * @out: where to append the report
 *
 * The diff as TAP version 13: the plan `1..N`, then one test point per compared object in report
 * order.  An equal object is `ok N - vm 'dc01'`; a changed one is `not ok N - vm 'web'
 * memory.startup_bytes 4294967296 (4.0 GiB) -> 8589934592 (8.0 GiB)` when it has one change, or
 * `not ok N - vm 'web' 3 changes` followed by one `# ` diagnostic line per change; an added or
 * removed object is `not ok N - vm 'new01' added`.  With no objects the plan is `1..0` with a
 * SKIP directive.
 */
void
hvp_report_diff_tap (const HvpDiff *diff, GString *out)
{
  g_autoptr (GString) line = g_string_new (NULL);

  g_return_if_fail (diff != NULL && out != NULL);

  g_string_append (out, "TAP version 13\n");
  if (diff->objects->len == 0)
    {
      g_string_append (out, "1..0 # SKIP neither inventory has an object to compare\n");
      return;
    }
  g_string_append_printf (out, "1..%u\n", diff->objects->len);
  for (guint i = 0; i < diff->objects->len; i++)
    {
      const HvpDiffObject *object = g_ptr_array_index (diff->objects, i);

      g_string_truncate (line, 0);
      hvp_report_diff_append_object_label (line, object);
      switch (object->status)
        {
        case HVP_DIFF_STATUS_EQUAL:
          break;
        case HVP_DIFF_STATUS_ADDED:
        case HVP_DIFF_STATUS_REMOVED:
          g_string_append_printf (line, " %s", hvp_diff_status_to_string (object->status));
          break;
        case HVP_DIFF_STATUS_CHANGED:
          g_string_append_c (line, ' ');
          if (object->changes->len == 1)
            hvp_report_diff_append_change (line, g_ptr_array_index (object->changes, 0));
          else
            g_string_append_printf (line, "%u changes", object->changes->len);
          break;
        }
      g_string_append_printf (out, "%s %u - ",
                              object->status == HVP_DIFF_STATUS_EQUAL ? "ok" : "not ok", i + 1);
      append_description (out, line->str);
      g_string_append_c (out, '\n');

      for (guint c = 0; object->changes->len > 1 && c < object->changes->len; c++)
        {
          g_string_append (out, "# ");
          hvp_report_diff_append_change (out, g_ptr_array_index (object->changes, c));
          g_string_append_c (out, '\n');
        }
    }
}
