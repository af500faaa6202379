/* hvplan: the answers file, "hvplan-answers/1" (README.md, "Migration guides"):
 *
 *   {"schema": "hvplan-answers/1",
 *    "answers": {"backup": {"who": "J. Smith", "when": "2026-12-01", "note": "restored 20 files"}}}
 *
 * One entry per step id; `who` and `when` are required, `note` is optional. */
#include "models/answers.h"

#include <string.h>

#include "models/error.h"
#include "models/json.h"

static void
answer_free (gpointer data)
{
  HvpAnswer *answer = data;

  g_free (answer->step);
  g_free (answer->who);
  g_free (answer->when);
  g_free (answer->note);
  g_free (answer);
}

/**
 * hvp_answers_free:
 * @answers: (nullable) (transfer full): answers
 */
void
hvp_answers_free (HvpAnswers *answers)
{
  if (answers == NULL)
    return;
  g_free (answers->file);
  g_ptr_array_unref (answers->answers);
  g_free (answers);
}

/**
 * hvp_parse_iso8601_utc:
 * @text: an ISO 8601 date ("2026-12-01") or date and time with a zone ("2026-12-01T08:00:00Z",
 *   "2026-12-01T09:00:00+01:00")
 * @ret_unix: (out): seconds since 1970 UTC; a date alone is its 00:00 UTC
 *
 * Returns: %TRUE when @text is one of those
 */
gboolean
hvp_parse_iso8601_utc (const char *text, gint64 *ret_unix)
{
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GDateTime) time = NULL;

  if (strlen (text) == 10)
    {
      g_autofree char *midnight = g_strconcat (text, "T00:00:00Z", NULL);

      time = g_date_time_new_from_iso8601 (midnight, utc);
    }
  else if (strchr (text, 'T') != NULL)
    time = g_date_time_new_from_iso8601 (text, NULL);
  if (time == NULL)
    return FALSE;
  *ret_unix = g_date_time_to_unix (time);
  return TRUE;
}

static char *
optional_string (const cJSON *object, const char *key)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);

  return cJSON_IsString (item) && item->valuestring[0] != '\0' ? g_strdup (item->valuestring)
                                                                : NULL;
}

static HvpAnswer *
read_answer (const cJSON *item, const char *file, GError **error)
{
  g_autofree char *who = optional_string (item, "who");
  g_autofree char *when = optional_string (item, "when");
  const cJSON *note = cJSON_GetObjectItemCaseSensitive (item, "note");
  HvpAnswer *answer;
  gint64 when_unix = 0;

  if (!cJSON_IsObject (item) || who == NULL || when == NULL)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "'%s': answers.%s: expected an object with 'who' and 'when' (strings)", file,
                   item->string);
      return NULL;
    }
  if (!hvp_parse_iso8601_utc (when, &when_unix))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "'%s': answers.%s.when: '%s' is not an ISO 8601 date or date and time", file,
                   item->string, when);
      return NULL;
    }
  if (note != NULL && !cJSON_IsString (note) && !cJSON_IsNull (note))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "'%s': answers.%s.note: expected a string",
                   file, item->string);
      return NULL;
    }
  answer = g_new0 (HvpAnswer, 1);
  answer->step = g_strdup (item->string);
  answer->who = g_steal_pointer (&who);
  answer->when = g_steal_pointer (&when);
  answer->when_unix = when_unix;
  answer->note = optional_string (item, "note");
  return answer;
}

/**
 * hvp_answers_parse:
 * @text: (array length=length): the answers file's bytes
 * @length: their number
 * @file: its name, for messages
 * @error: return location for an error
 *
 * Reads an answers file, "hvplan-answers/1": `answers` maps a step id to `who`, `when` (ISO 8601)
 * and an optional `note`.  Which ids a guide knows is the checklist's question
 * (hvp_checklist_new()).
 *
 * Returns: (transfer full) (nullable): the answers, or %NULL with %HVP_ERROR_DATA (not JSON, a
 *   missing or malformed entry, a step answered twice) or %HVP_ERROR_UNSUPPORTED (another format)
 */
HvpAnswers *
hvp_answers_parse (const char *text, gsize length, const char *file, GError **error)
{
  g_autoptr (cJSON) root = hvp_json_parse (text, length, file, error);
  g_autoptr (HvpAnswers) answers = NULL;
  const cJSON *format;
  const cJSON *entries;
  const cJSON *item;

  if (root == NULL)
    return NULL;
  format = cJSON_GetObjectItemCaseSensitive (root, "schema");
  entries = cJSON_GetObjectItemCaseSensitive (root, "answers");
  if (!cJSON_IsString (format) || strcmp (format->valuestring, HVP_ANSWERS_SCHEMA) != 0)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_UNSUPPORTED, "'%s': schema: expected '%s'", file,
                   HVP_ANSWERS_SCHEMA);
      return NULL;
    }
  if (!cJSON_IsObject (entries))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "'%s': answers: expected an object", file);
      return NULL;
    }
  answers = g_new0 (HvpAnswers, 1);
  answers->file = g_strdup (file);
  answers->answers = g_ptr_array_new_with_free_func (answer_free);
  cJSON_ArrayForEach (item, entries)
    {
      HvpAnswer *answer;

      if (hvp_answers_find (answers, item->string) != NULL)
        {
          g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "'%s': answers.%s: answered twice",
                       file, item->string);
          return NULL;
        }
      answer = read_answer (item, file, error);
      if (answer == NULL)
        return NULL;
      g_ptr_array_add (answers->answers, answer);
    }
  return g_steal_pointer (&answers);
}

/**
 * hvp_answers_find:
 * @answers: (nullable): answers
 * @step: a step id
 *
 * Returns: (transfer none) (nullable): the answer for @step, or %NULL
 */
const HvpAnswer *
hvp_answers_find (const HvpAnswers *answers, const char *step)
{
  for (guint i = 0; answers != NULL && i < answers->answers->len; i++)
    {
      const HvpAnswer *answer = g_ptr_array_index (answers->answers, i);

      if (strcmp (answer->step, step) == 0)
        return answer;
    }
  return NULL;
}
