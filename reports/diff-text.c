/* hvplan: the diff as text for people, and the phrases the TAP report shares with it. */
#include "reports/diff-report.h"

#include <string.h>

#include "models/text.h"

/* Appends 'text' as hvp_text_append_terminal() shows it, so one name never breaks a line nor
 * drives the terminal. */
static void
append_quoted (GString *out, const char *text)
{
  g_string_append_c (out, '\'');
  hvp_text_append_terminal (out, text);
  g_string_append_c (out, '\'');
}

/**
 * hvp_report_diff_append_object_label:
 * @out: where to append
 * @object: a compared object
 *
 * Appends "vm 'web'", "host 'hv01'" or "switch 'External' on host 'hv01'".
 */
void
hvp_report_diff_append_object_label (GString *out, const HvpDiffObject *object)
{
  g_string_append (out, hvp_diff_kind_to_string (object->kind));
  g_string_append_c (out, ' ');
  append_quoted (out, object->name != NULL ? object->name : "(unnamed)");
  if (object->host != NULL)
    {
      g_string_append (out, " on host ");
      append_quoted (out, object->host);
    }
}

static void
append_value (GString *out, const HvpDiffChange *change, const char *value, guint64 number)
{
  if (value == NULL)
    {
      g_string_append (out, "(none)");
      return;
    }
  switch (change->type)
    {
    case HVP_DIFF_VALUE_STRING:
      append_quoted (out, value);
      break;
    case HVP_DIFF_VALUE_BYTES:
      {
        g_autofree char *human = hvp_report_format_bytes (number);

        g_string_append_printf (out, "%s (%s)", value, human);
        break;
      }
    case HVP_DIFF_VALUE_NUMBER:
    case HVP_DIFF_VALUE_BOOLEAN:
      g_string_append (out, value);
      break;
    }
}

/**
 * hvp_report_diff_append_change:
 * @out: where to append
 * @change: a change
 *
 * Appends one change as a phrase: "memory.startup_bytes 4294967296 (4.0 GiB) -> 8589934592
 * (8.0 GiB)" for a field of the object itself, "disk 'SCSI 0:1' file_size_bytes 1 -> 2" for a
 * field of a part, "snapshot 'Before update' added" for a part added or removed.  Strings are
 * quoted, unknown values are "(none)", sizes come exact and human-readable.
 */
void
hvp_report_diff_append_change (GString *out, const HvpDiffChange *change)
{
  if (change->subject != NULL)
    {
      g_string_append (out, hvp_diff_kind_to_string (change->kind));
      g_string_append_c (out, ' ');
      append_quoted (out, change->subject);
      g_string_append_c (out, ' ');
    }
  if (change->status != HVP_DIFF_STATUS_CHANGED)
    {
      g_string_append (out, hvp_diff_status_to_string (change->status));
      return;
    }
  g_string_append_printf (out, "%s ", change->field);
  append_value (out, change, change->old_value, change->old_number);
  g_string_append (out, " -> ");
  append_value (out, change, change->new_value, change->new_number);
}

/**
 * hvp_report_diff_text:
 * @diff: a diff
 * @out: where to append the report
 *
 * The diff for people: a header naming both inputs, one paragraph per object that differs (its
 * status and label, then one indented line per change), and a summary with the verdict.  Equal
 * objects are only counted.
 */
void
hvp_report_diff_text (const HvpDiff *diff, GString *out)
{
  g_return_if_fail (diff != NULL && out != NULL);

  g_string_append (out, "hvplan diff ");
  append_quoted (out, diff->old_label);
  g_string_append (out, " -> ");
  append_quoted (out, diff->new_label);
  g_string_append (out, "\n\n");

  for (guint i = 0; i < diff->objects->len; i++)
    {
      const HvpDiffObject *object = g_ptr_array_index (diff->objects, i);

      if (object->status == HVP_DIFF_STATUS_EQUAL)
        continue;
      g_string_append_printf (out, "%-8s ", hvp_diff_status_to_string (object->status));
      hvp_report_diff_append_object_label (out, object);
      g_string_append_c (out, '\n');
      for (guint c = 0; c < object->changes->len; c++)
        {
          g_string_append (out, "         ");
          hvp_report_diff_append_change (out, g_ptr_array_index (object->changes, c));
          g_string_append_c (out, '\n');
        }
    }
  if (!hvp_diff_is_equal (diff))
    g_string_append_c (out, '\n');
  g_string_append_printf (out,
                          "%u objects compared: %u equal, %u changed, %u added, %u removed\n",
                          diff->objects->len, diff->n_equal, diff->n_changed, diff->n_added,
                          diff->n_removed);
  g_string_append_printf (out, "Result: %s\n", hvp_diff_is_equal (diff) ? "equal" : "different");
}
