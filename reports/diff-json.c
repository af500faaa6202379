/* hvplan: the diff as the JSON document "hvplan-diff/1" (reports/README.md). */
#include "reports/diff-report.h"

#include "models/json.h"

/* A value as its JSON type: numbers and sizes exact (raw digits), booleans bare, strings quoted. */
static cJSON *
value_json (const HvpDiffChange *change, const char *value)
{
  if (value == NULL)
    return hvp_json_checked (cJSON_CreateNull ());
  if (change->type == HVP_DIFF_VALUE_STRING)
    return hvp_json_string (value);
  return hvp_json_checked (cJSON_CreateRaw (value));
}

static cJSON *
bytes_human_json (gboolean known, guint64 bytes)
{
  g_autofree char *human = known ? hvp_report_format_bytes (bytes) : NULL;

  return known ? hvp_json_string (human) : hvp_json_checked (cJSON_CreateNull ());
}

static cJSON *
change_json (const HvpDiffChange *change)
{
  cJSON *item = hvp_json_checked (cJSON_CreateObject ());

  hvp_json_add (item, "kind", hvp_json_string (hvp_diff_kind_to_string (change->kind)));
  hvp_json_add (item, "subject", hvp_json_string (change->subject));
  hvp_json_add (item, "status", hvp_json_string (hvp_diff_status_to_string (change->status)));
  hvp_json_add (item, "field", hvp_json_string (change->field));
  if (change->status == HVP_DIFF_STATUS_CHANGED)
    {
      hvp_json_add (item, "old", value_json (change, change->old_value));
      hvp_json_add (item, "new", value_json (change, change->new_value));
      if (change->type == HVP_DIFF_VALUE_BYTES)
        {
          hvp_json_add (item, "old_human",
                        bytes_human_json (change->old_value != NULL, change->old_number));
          hvp_json_add (item, "new_human",
                        bytes_human_json (change->new_value != NULL, change->new_number));
        }
    }
  return item;
}

static cJSON *
object_json (const HvpDiffObject *object)
{
  cJSON *item = hvp_json_checked (cJSON_CreateObject ());
  cJSON *changes = hvp_json_checked (cJSON_CreateArray ());

  hvp_json_add (item, "kind", hvp_json_string (hvp_diff_kind_to_string (object->kind)));
  hvp_json_add (item, "name", hvp_json_string (object->name));
  hvp_json_add (item, "host", hvp_json_string (object->host));
  hvp_json_add (item, "old_id", hvp_json_string (object->old_id));
  hvp_json_add (item, "new_id", hvp_json_string (object->new_id));
  hvp_json_add (item, "status", hvp_json_string (hvp_diff_status_to_string (object->status)));
  for (guint c = 0; c < object->changes->len; c++)
    cJSON_AddItemToArray (changes, change_json (g_ptr_array_index (object->changes, c)));
  hvp_json_add (item, "changes", changes);
  return item;
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
  g_autoptr (cJSON) document = NULL;
  cJSON *summary;
  cJSON *objects;
  g_autofree char *text = NULL;

  g_return_if_fail (diff != NULL && out != NULL);

  document = hvp_json_checked (cJSON_CreateObject ());
  hvp_json_add (document, "schema", hvp_json_string (HVP_DIFF_SCHEMA));
  hvp_json_add (document, "old", hvp_json_string (diff->old_label));
  hvp_json_add (document, "new", hvp_json_string (diff->new_label));
  hvp_json_add (document, "equal", hvp_json_bool (hvp_diff_is_equal (diff)));
  summary = hvp_json_checked (cJSON_CreateObject ());
  hvp_json_add (summary, "objects", hvp_json_uint64 (diff->objects->len));
  hvp_json_add (summary, "equal", hvp_json_uint64 (diff->n_equal));
  hvp_json_add (summary, "changed", hvp_json_uint64 (diff->n_changed));
  hvp_json_add (summary, "added", hvp_json_uint64 (diff->n_added));
  hvp_json_add (summary, "removed", hvp_json_uint64 (diff->n_removed));
  hvp_json_add (document, "summary", summary);
  objects = hvp_json_checked (cJSON_CreateArray ());
  for (guint i = 0; i < diff->objects->len; i++)
    {
      const HvpDiffObject *object = g_ptr_array_index (diff->objects, i);

      if (object->status != HVP_DIFF_STATUS_EQUAL)
        cJSON_AddItemToArray (objects, object_json (object));
    }
  hvp_json_add (document, "objects", objects);
  text = hvp_json_print (document);
  g_string_append (out, text);
}
