/* hvplan: the diff as the JSON document "hvplan-diff/1" (reports/README.md). */
#include "reports/diff-report.h"

#include <string.h>

/* JSON string syntax (RFC 8259 section 7); invalid UTF-8 is repaired with U+FFFD. */
static void
append_string (GString *out, const char *string)
{
  g_autofree char *valid = NULL;

  if (string == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  if (!g_utf8_validate (string, -1, NULL))
    string = valid = g_utf8_make_valid (string, -1);
  g_string_append_c (out, '"');
  for (const char *p = string; *p != '\0'; p++)
    {
      unsigned char c = (unsigned char) *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

static void
append_member (GString *out, guint depth, const char *key)
{
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
  append_string (out, key);
  g_string_append (out, ": ");
}

/* A value as its JSON type: numbers and sizes exact (raw digits), booleans bare, strings quoted. */
static void
append_value (GString *out, const HvpDiffChange *change, const char *value)
{
  if (value == NULL || change->type == HVP_DIFF_VALUE_STRING)
    append_string (out, value);
  else
    g_string_append (out, value);
}

static void
append_change (GString *out, const HvpDiffChange *change, gboolean last)
{
  g_string_append (out, "        {\n");
  append_member (out, 5, "kind");
  append_string (out, hvp_diff_kind_to_string (change->kind));
  g_string_append (out, ",\n");
  append_member (out, 5, "subject");
  append_string (out, change->subject);
  g_string_append (out, ",\n");
  append_member (out, 5, "status");
  append_string (out, hvp_diff_status_to_string (change->status));
  g_string_append (out, ",\n");
  append_member (out, 5, "field");
  append_string (out, change->field);
  if (change->status == HVP_DIFF_STATUS_CHANGED)
    {
      g_string_append (out, ",\n");
      append_member (out, 5, "old");
      append_value (out, change, change->old_value);
      g_string_append (out, ",\n");
      append_member (out, 5, "new");
      append_value (out, change, change->new_value);
      if (change->type == HVP_DIFF_VALUE_BYTES)
        {
          g_autofree char *old_human = change->old_value != NULL
                                       ? hvp_report_format_bytes (change->old_number) : NULL;
          g_autofree char *new_human = change->new_value != NULL
                                       ? hvp_report_format_bytes (change->new_number) : NULL;

          g_string_append (out, ",\n");
          append_member (out, 5, "old_human");
          append_string (out, old_human);
          g_string_append (out, ",\n");
          append_member (out, 5, "new_human");
          append_string (out, new_human);
        }
    }
  g_string_append_printf (out, "\n        }%s\n", last ? "" : ",");
}

static void
append_object (GString *out, const HvpDiffObject *object, gboolean last)
{
  g_string_append (out, "    {\n");
  append_member (out, 3, "kind");
  append_string (out, hvp_diff_kind_to_string (object->kind));
  g_string_append (out, ",\n");
  append_member (out, 3, "name");
  append_string (out, object->name);
  g_string_append (out, ",\n");
  append_member (out, 3, "host");
  append_string (out, object->host);
  g_string_append (out, ",\n");
  append_member (out, 3, "old_id");
  append_string (out, object->old_id);
  g_string_append (out, ",\n");
  append_member (out, 3, "new_id");
  append_string (out, object->new_id);
  g_string_append (out, ",\n");
  append_member (out, 3, "status");
  append_string (out, hvp_diff_status_to_string (object->status));
  g_string_append (out, ",\n");
  append_member (out, 3, "changes");
  if (object->changes->len == 0)
    g_string_append (out, "[]");
  else
    {
      g_string_append (out, "[\n");
      for (guint c = 0; c < object->changes->len; c++)
        append_change (out, g_ptr_array_index (object->changes, c), c + 1 == object->changes->len);
      g_string_append (out, "      ]");
    }
  g_string_append_printf (out, "\n    }%s\n", last ? "" : ",");
}

/**
 * hvp_report_diff_json:
 * @diff: a diff
 * @out: where to append the report
 *
 * The diff as an "hvplan-diff/1" document: `schema`, `old` and `new` (what each side was read
 * from), `equal` (the verdict), `summary` (objects compared, equal, changed, added, removed), and
 * `objects`: every object that is not equal, in report order, each with `kind`, `name`, `host`,
 * `old_id`, `new_id`, `status` and `changes`.  A change has `kind` (the object's own kind, or a
 * part's: `volume`, `disk`, `adapter`, `snapshot`, and for a host's security settings `scope`,
 * `role_assignment`, `disabled_firewall_rule`, `remote_grant`), `subject` (the part, or null
 * for the object itself), `status` (changed, added, removed), `field`, and for a changed field
 * `old` and `new` as JSON values (sizes and counts exact integers, null when unknown) plus
 * `old_human` and `new_human` for sizes.  Two-space indentation, keys in this fixed order.
 */
void
hvp_report_diff_json (const HvpDiff *diff, GString *out)
{
  guint unequal;
  guint written = 0;

  g_return_if_fail (diff != NULL && out != NULL);

  unequal = diff->objects->len - diff->n_equal;
  g_string_append (out, "{\n");
  append_member (out, 1, "schema");
  append_string (out, HVP_DIFF_SCHEMA);
  g_string_append (out, ",\n");
  append_member (out, 1, "old");
  append_string (out, diff->old_label);
  g_string_append (out, ",\n");
  append_member (out, 1, "new");
  append_string (out, diff->new_label);
  g_string_append (out, ",\n");
  append_member (out, 1, "equal");
  g_string_append (out, hvp_diff_is_equal (diff) ? "true" : "false");
  g_string_append (out, ",\n");
  append_member (out, 1, "summary");
  g_string_append_printf (out,
                          "{\n    \"objects\": %u,\n    \"equal\": %u,\n    \"changed\": %u,\n"
                          "    \"added\": %u,\n    \"removed\": %u\n  },\n",
                          diff->objects->len, diff->n_equal, diff->n_changed, diff->n_added,
                          diff->n_removed);
  append_member (out, 1, "objects");
  if (unequal == 0)
    g_string_append (out, "[]\n");
  else
    {
      g_string_append (out, "[\n");
      for (guint i = 0; i < diff->objects->len; i++)
        {
          const HvpDiffObject *object = g_ptr_array_index (diff->objects, i);

          if (object->status == HVP_DIFF_STATUS_EQUAL)
            continue;
          written++;
          append_object (out, object, written == unequal);
        }
      g_string_append (out, "  ]\n");
    }
  g_string_append (out, "}\n");
}
