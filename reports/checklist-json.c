/* hvplan: a guide's checklist as JSON, "hvplan-checklist/1" (README.md, "Migration guides"),
 * built as a cJSON tree and printed by hvp_json_print(). */
#include "reports/checklist.h"

#include "models/json.h"

static cJSON *
strings_array (const GPtrArray *strings)
{
  cJSON *array = hvp_json_checked (cJSON_CreateArray ());

  for (guint i = 0; i < strings->len; i++)
    cJSON_AddItemToArray (array, hvp_json_string (g_ptr_array_index (strings, i)));
  return array;
}

static cJSON *
nullable_string (const char *text)
{
  return text != NULL ? hvp_json_string (text) : hvp_json_checked (cJSON_CreateNull ());
}

static cJSON *
result_object (const HvpCheckResult *result)
{
  cJSON *object = hvp_json_checked (cJSON_CreateObject ());

  hvp_json_add (object, "state", hvp_json_string (hvp_check_state_to_string (result->state)));
  hvp_json_add (object, "evidence", hvp_json_string (result->evidence));
  hvp_json_add (object, "origin", hvp_json_string (result->origin));
  hvp_json_add (object, "items", strings_array (result->items));
  return object;
}

static cJSON *
answer_object (const HvpAnswer *answer)
{
  cJSON *object = hvp_json_checked (cJSON_CreateObject ());

  hvp_json_add (object, "who", hvp_json_string (answer->who));
  hvp_json_add (object, "when", hvp_json_string (answer->when));
  hvp_json_add (object, "note", nullable_string (answer->note));
  return object;
}

static cJSON *
step_object (const HvpChecklistStep *item)
{
  cJSON *object = hvp_json_checked (cJSON_CreateObject ());
  cJSON *source = hvp_json_checked (cJSON_CreateObject ());

  hvp_json_add (object, "id", hvp_json_string (item->step->id));
  hvp_json_add (object, "order", hvp_json_uint64 (item->step->order));
  hvp_json_add (object, "title", hvp_json_string (item->step->title));
  hvp_json_add (object, "text", hvp_json_string (item->step->text));
  hvp_json_add (source, "document", hvp_json_string (item->step->document));
  hvp_json_add (source, "location", hvp_json_string (item->step->location));
  hvp_json_add (source, "anchor", hvp_json_string (item->step->anchor));
  hvp_json_add (object, "source", source);
  hvp_json_add (object, "depends_on", strings_array (item->step->depends_on));
  hvp_json_add (object, "check", nullable_string (item->step->check));
  hvp_json_add (object, "status", hvp_json_string (hvp_step_status_to_string (item->status)));
  hvp_json_add (object, "result", item->result != NULL ? result_object (item->result)
                                                       : hvp_json_checked (cJSON_CreateNull ()));
  hvp_json_add (object, "answer", item->answer != NULL ? answer_object (item->answer)
                                                       : hvp_json_checked (cJSON_CreateNull ()));
  return object;
}

/**
 * hvp_report_checklist_json:
 * @checklist: a checklist
 * @out: JSON is appended here
 *
 * The checklist as one JSON object, "hvplan-checklist/1": `guide` (`id`, `title`), `source`,
 * `destination`, `install_date`, `answers_file` (strings or null), `counts` (steps per status),
 * `failed` and `complete` (booleans), `steps` (each: `id`, `order`, `title`, `text`, `source`
 * with `document`, `location`, `anchor`, `depends_on`, `check`, `status`, `result` with `state`,
 * `evidence`, `origin`, `items`, or null, `answer` with `who`, `when`, `note`, or null) and
 * `warnings`.
 */
void
hvp_report_checklist_json (const HvpChecklist *checklist, GString *out)
{
  g_autoptr (cJSON) root = hvp_json_checked (cJSON_CreateObject ());
  cJSON *guide = hvp_json_checked (cJSON_CreateObject ());
  cJSON *counts = hvp_json_checked (cJSON_CreateObject ());
  cJSON *steps = hvp_json_checked (cJSON_CreateArray ());
  g_autofree char *text = NULL;

  hvp_json_add (root, "schema", hvp_json_string ("hvplan-checklist/1"));
  hvp_json_add (guide, "id", hvp_json_string (checklist->guide->id));
  hvp_json_add (guide, "title", hvp_json_string (checklist->guide->title));
  hvp_json_add (root, "guide", guide);
  hvp_json_add (root, "source", nullable_string (checklist->source_name));
  hvp_json_add (root, "destination", nullable_string (checklist->destination_name));
  hvp_json_add (root, "install_date", hvp_json_string (checklist->install_date));
  hvp_json_add (root, "answers_file", nullable_string (checklist->answers_file));
  for (guint s = 0; s <= HVP_STEP_OPEN; s++)
    hvp_json_add (counts, hvp_step_status_to_string (s), hvp_json_uint64 (checklist->counts[s]));
  hvp_json_add (root, "counts", counts);
  hvp_json_add (root, "failed", hvp_json_bool (hvp_checklist_has_failure (checklist)));
  hvp_json_add (root, "complete", hvp_json_bool (hvp_checklist_is_complete (checklist)));
  for (guint i = 0; i < checklist->steps->len; i++)
    cJSON_AddItemToArray (steps, step_object (g_ptr_array_index (checklist->steps, i)));
  hvp_json_add (root, "steps", steps);
  hvp_json_add (root, "warnings", strings_array (checklist->warnings));
  text = hvp_json_print (root);
  g_string_append (out, text);
}
