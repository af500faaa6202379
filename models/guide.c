/* hvplan: a migration guide as data (guides/README.md describes the file, "hvplan-guide/1").
 *
 * A guide file is ours, not the user's: it is read strictly, and every fault is an error naming
 * the file and the key (`'wsus.json': steps[2].anchor: missing`). */
#include "models/guide.h"

#include <string.h>

#include "models/error.h"
#include "models/guide-builtin.h"
#include "models/json.h"

static void
step_free (gpointer data)
{
  HvpGuideStep *step = data;

  if (step == NULL)
    return;
  g_free (step->id);
  g_free (step->title);
  g_free (step->text);
  g_free (step->document);
  g_free (step->location);
  g_free (step->anchor);
  g_clear_pointer (&step->depends_on, g_ptr_array_unref);
  g_free (step->check);
  g_free (step);
}

/**
 * hvp_guide_free:
 * @guide: (nullable) (transfer full): a guide
 *
 * Frees @guide and its steps.
 */
void
hvp_guide_free (HvpGuide *guide)
{
  if (guide == NULL)
    return;
  g_free (guide->id);
  g_free (guide->title);
  g_free (guide->file);
  g_clear_pointer (&guide->steps, g_ptr_array_unref);
  g_free (guide);
}

/**
 * hvp_guide_id_is_valid:
 * @text: a guide, step or check id
 *
 * Returns: %TRUE when @text is a non-empty run of `[a-z0-9-]`: a guide's file name stem, a step
 *   id or a check id
 */
gboolean
hvp_guide_id_is_valid (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

/* The string at @key of @object, or an error "'FILE': WHERE.KEY: ...". */
static char *
get_string (const cJSON *object, const char *key, const char *file, const char *where,
            GError **error)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);

  if (cJSON_IsString (item) && item->valuestring[0] != '\0')
    return g_strdup (item->valuestring);
  g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "'%s': %s%s%s: %s%s", file, where,
               *where != '\0' ? "." : "", key, item == NULL ? "missing" : "expected a non-empty string, found ",
               item == NULL ? "" : hvp_json_type_name (item));
  return NULL;
}

static gboolean
read_depends_on (const cJSON *item, HvpGuideStep *step, const char *file, const char *where,
                 GError **error)
{
  const cJSON *element;

  if (item == NULL)
    return TRUE;
  if (!cJSON_IsArray (item))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "'%s': %s.depends_on: expected an array",
                   file, where);
      return FALSE;
    }
  cJSON_ArrayForEach (element, item)
    {
      if (!cJSON_IsString (element) || !hvp_guide_id_is_valid (element->valuestring))
        {
          g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                       "'%s': %s.depends_on: expected step ids", file, where);
          return FALSE;
        }
      g_ptr_array_add (step->depends_on, g_strdup (element->valuestring));
    }
  return TRUE;
}

/* The source document of a step: its title and location from the guide's "documents". */
static gboolean
read_source (const cJSON *object, const cJSON *documents, HvpGuideStep *step, const char *file,
             const char *where, GError **error)
{
  g_autofree char *key = get_string (object, "document", file, where, error);
  const cJSON *document;
  g_autofree char *document_where = NULL;

  if (key == NULL)
    return FALSE;
  document = cJSON_GetObjectItemCaseSensitive (documents, key);
  if (!cJSON_IsObject (document))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "'%s': %s.document: '%s' is not in documents",
                   file, where, key);
      return FALSE;
    }
  document_where = g_strdup_printf ("documents.%s", key);
  step->document = get_string (document, "title", file, document_where, error);
  if (step->document == NULL)
    return FALSE;
  step->location = get_string (document, "location", file, document_where, error);
  if (step->location == NULL)
    return FALSE;
  step->anchor = get_string (object, "anchor", file, where, error);
  return step->anchor != NULL;
}

static HvpGuideStep *
read_step (const cJSON *object, const cJSON *documents, guint index, const char *file,
           GError **error)
{
  g_autofree char *where = g_strdup_printf ("steps[%u]", index);
  HvpGuideStep *step = g_new0 (HvpGuideStep, 1);
  g_autoptr (GPtrArray) owner = g_ptr_array_new_with_free_func (step_free);
  const cJSON *order = cJSON_GetObjectItemCaseSensitive (object, "order");
  const cJSON *check = cJSON_GetObjectItemCaseSensitive (object, "check");
  guint64 value = 0;

  g_ptr_array_add (owner, step);
  step->depends_on = g_ptr_array_new_with_free_func (g_free);
  if ((step->id = get_string (object, "id", file, where, error)) == NULL
      || (step->title = get_string (object, "title", file, where, error)) == NULL
      || (step->text = get_string (object, "text", file, where, error)) == NULL
      || !read_source (object, documents, step, file, where, error)
      || !read_depends_on (cJSON_GetObjectItemCaseSensitive (object, "depends_on"), step, file,
                           where, error))
    return NULL;
  if (!hvp_guide_id_is_valid (step->id))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "'%s': %s.id: '%s' is not [a-z0-9-]+", file,
                   where, step->id);
      return NULL;
    }
  if (!cJSON_IsNumber (order) || !hvp_json_number_to_uint64 (order, G_MAXUINT, "an order", &value, NULL)
      || value == 0)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "'%s': %s.order: expected a whole number from 1",
                   file, where);
      return NULL;
    }
  step->order = (guint) value;
  if (check != NULL && (!cJSON_IsString (check) || !hvp_guide_id_is_valid (check->valuestring)))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "'%s': %s.check: expected a check id", file,
                   where);
      return NULL;
    }
  step->check = check != NULL ? g_strdup (check->valuestring) : NULL;
  return g_ptr_array_steal_index (owner, 0);
}

static gint
compare_steps (gconstpointer a, gconstpointer b)
{
  const HvpGuideStep *first = *(HvpGuideStep *const *) a;
  const HvpGuideStep *second = *(HvpGuideStep *const *) b;

  return first->order < second->order ? -1 : first->order > second->order;
}

/* Ids and orders unique; every dependency names a step that comes earlier (so no circle). */
static gboolean
check_steps (const HvpGuide *guide, const char *file, GError **error)
{
  for (guint i = 0; i < guide->steps->len; i++)
    {
      const HvpGuideStep *step = g_ptr_array_index (guide->steps, i);

      for (guint j = 0; j < i; j++)
        {
          const HvpGuideStep *other = g_ptr_array_index (guide->steps, j);

          if (strcmp (other->id, step->id) == 0 || other->order == step->order)
            {
              g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                           "'%s': steps '%s' and '%s': the same id or order", file, other->id,
                           step->id);
              return FALSE;
            }
        }
      for (guint d = 0; d < step->depends_on->len; d++)
        {
          const HvpGuideStep *before = hvp_guide_find_step (guide, g_ptr_array_index (step->depends_on, d));

          if (before == NULL || before->order >= step->order)
            {
              g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                           "'%s': step '%s' depends on '%s', which is not an earlier step", file,
                           step->id, (const char *) g_ptr_array_index (step->depends_on, d));
              return FALSE;
            }
        }
    }
  return TRUE;
}

static gboolean
read_header (const cJSON *root, HvpGuide *guide, const char *file, GError **error)
{
  g_autofree char *format = get_string (root, "schema", file, "", error);
  g_autofree char *input = NULL;

  if (format == NULL)
    return FALSE;
  if (strcmp (format, HVP_GUIDE_SCHEMA) != 0)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_UNSUPPORTED, "'%s': schema '%s' is not '%s'", file,
                   format, HVP_GUIDE_SCHEMA);
      return FALSE;
    }
  if ((guide->id = get_string (root, "id", file, "", error)) == NULL
      || (guide->title = get_string (root, "title", file, "", error)) == NULL
      || (input = get_string (root, "input", file, "", error)) == NULL)
    return FALSE;
  if (!hvp_guide_id_is_valid (guide->id))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "'%s': id: '%s' is not [a-z0-9-]+", file,
                   guide->id);
      return FALSE;
    }
  if (strcmp (input, "server") != 0 && strcmp (input, "inventory") != 0)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "'%s': input: '%s' is neither 'server' nor 'inventory'", file, input);
      return FALSE;
    }
  guide->input = strcmp (input, "server") == 0 ? HVP_GUIDE_INPUT_SERVER : HVP_GUIDE_INPUT_INVENTORY;
  return TRUE;
}

/**
 * hvp_guide_parse:
 * @text: (array length=length): the guide file's bytes
 * @length: their number
 * @file: the file's name, for messages
 * @error: return location for an error
 *
 * Reads a guide document, "hvplan-guide/1" (guides/README.md): `id`, `title`, `input`
 * ("server" or "inventory"), `documents` (key → `title`, `location`) and `steps`, each with `id`,
 * `order`, `title`, `text`, `document` (a key of `documents`), `anchor`, optional `depends_on`
 * (ids of earlier steps) and optional `check`.
 *
 * Returns: (transfer full) (nullable): the guide, its steps sorted by order; %NULL with
 *   %HVP_ERROR_DATA (not JSON, a key missing or of the wrong type, two steps with one id or
 *   order, a dependency on a later or unknown step) or %HVP_ERROR_UNSUPPORTED (another format)
 */
HvpGuide *
hvp_guide_parse (const char *text, gsize length, const char *file, GError **error)
{
  g_autoptr (cJSON) root = hvp_json_parse (text, length, file, error);
  g_autoptr (HvpGuide) guide = NULL;
  const cJSON *steps;
  const cJSON *documents;
  const cJSON *element;
  guint index = 0;

  if (root == NULL)
    return NULL;
  guide = g_new0 (HvpGuide, 1);
  guide->file = g_strdup (file);
  guide->steps = g_ptr_array_new_with_free_func (step_free);
  if (!cJSON_IsObject (root) || !read_header (root, guide, file, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "'%s': expected an object", file);
      return NULL;
    }
  steps = cJSON_GetObjectItemCaseSensitive (root, "steps");
  documents = cJSON_GetObjectItemCaseSensitive (root, "documents");
  if (!cJSON_IsArray (steps) || cJSON_GetArraySize (steps) == 0 || !cJSON_IsObject (documents))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "'%s': expected 'documents' (an object) and 'steps' (a non-empty array)", file);
      return NULL;
    }
  cJSON_ArrayForEach (element, steps)
    {
      HvpGuideStep *step = cJSON_IsObject (element)
                             ? read_step (element, documents, index, file, error) : NULL;

      if (step == NULL)
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "'%s': steps[%u]: expected an object",
                         file, index);
          return NULL;
        }
      g_ptr_array_add (guide->steps, step);
      index++;
    }
  g_ptr_array_sort (guide->steps, compare_steps);
  if (!check_steps (guide, file, error))
    return NULL;
  return g_steal_pointer (&guide);
}

/**
 * hvp_guide_find_step:
 * @guide: a guide
 * @id: a step id
 *
 * Returns: (transfer none) (nullable): the step of @guide with @id, or %NULL
 */
const HvpGuideStep *
hvp_guide_find_step (const HvpGuide *guide, const char *id)
{
  for (guint i = 0; i < guide->steps->len; i++)
    {
      const HvpGuideStep *step = g_ptr_array_index (guide->steps, i);

      if (strcmp (step->id, id) == 0)
        return step;
    }
  return NULL;
}

static gint
compare_ids (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The compiled-in guide file @name ("hyperv.json"), parsed; %NULL when there is none. */
static HvpGuide *
parse_builtin (const char *name, GError **error)
{
  g_autofree char *label = g_strdup_printf ("%s (built in)", name);

  for (guint i = 0; i < hvp_n_builtin_guides; i++)
    if (strcmp (hvp_builtin_guides[i].name, name) == 0)
      return hvp_guide_parse (hvp_builtin_guides[i].text, hvp_builtin_guides[i].length, label,
                              error);
  return NULL;
}

/**
 * hvp_guide_builtin:
 * @id: a guide id
 * @error: return location for an error
 *
 * Reads the guide `<id>.json` compiled into hvplan from `guides/` (guides/embed.py, the table
 * hvp_builtin_guides[]).
 *
 * Returns: (transfer full) (nullable): the guide, or %NULL with %HVP_ERROR_USAGE when no built-in
 *   guide has that id ("no guide 'ID' ('hvplan guides' lists them)")
 */
HvpGuide *
hvp_guide_builtin (const char *id, GError **error)
{
  g_autofree char *name = g_strconcat (id, ".json", NULL);
  g_autoptr (GError) local_error = NULL;
  HvpGuide *guide = hvp_guide_id_is_valid (id) ? parse_builtin (name, &local_error) : NULL;

  if (guide != NULL)
    return guide;
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    {
      g_autofree char *shown = g_strescape (id, NULL);

      g_set_error (error, HVP_ERROR, HVP_ERROR_USAGE, "no guide '%s' ('hvplan guides' lists them)",
                   shown);
    }
  return NULL;
}

/**
 * hvp_guide_builtin_ids:
 *
 * Returns: (transfer full): the ids of the built-in guides in the C order of their names, a
 *   %NULL-terminated array; free with g_strfreev()
 */
char **
hvp_guide_builtin_ids (void)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < hvp_n_builtin_guides; i++)
    if (g_str_has_suffix (hvp_builtin_guides[i].name, ".json"))
      g_ptr_array_add (ids, g_strndup (hvp_builtin_guides[i].name,
                                       strlen (hvp_builtin_guides[i].name) - 5));
  g_ptr_array_sort (ids, compare_ids);
  g_ptr_array_add (ids, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
}
