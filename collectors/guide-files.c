/* hvplan: the guides (guides/README.md): the ones compiled into hvplan (hvp_guide_builtin()), or,
 * when $HVPLAN_GUIDE_DIR names a folder, that folder's files, one per guide, `<id>.json`. */
#include "collectors/guide-files.h"

#include <string.h>

#include "models/error.h"

/* Guide files are small; a larger one is not ours. */
#define GUIDE_MAX_BYTES (1024 * 1024)

/**
 * hvp_guide_dir:
 *
 * The folder of the guide files that replaces the built-in guides: the value of
 * `HVPLAN_GUIDE_DIR` when set and not empty.
 *
 * Returns: (transfer none) (nullable): the folder, or %NULL for the built-in guides
 */
const char *
hvp_guide_dir (void)
{
  const char *dir = g_getenv (HVP_GUIDE_DIR_VARIABLE);

  return dir != NULL && *dir != '\0' ? dir : NULL;
}

/* Every built-in guide, in the order of their ids. */
static GPtrArray *
load_all_builtin (GError **error)
{
  g_auto (GStrv) ids = hvp_guide_builtin_ids ();
  g_autoptr (GPtrArray) guides = g_ptr_array_new_with_free_func ((GDestroyNotify) hvp_guide_free);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      HvpGuide *guide = hvp_guide_builtin (ids[i], error);

      if (guide == NULL)
        return NULL;
      g_ptr_array_add (guides, guide);
    }
  return g_steal_pointer (&guides);
}

static HvpGuide *
load_file (const char *path, const char *id, GError **error)
{
  g_autoptr (HvpCollectOptions) options = hvp_collect_options_new ();
  g_autofree char *text = NULL;
  g_autoptr (HvpGuide) guide = NULL;
  gsize length = 0;

  options->max_input_bytes = GUIDE_MAX_BYTES;
  if (!hvp_read_input_file (path, options, &text, &length, error))
    return NULL;
  guide = hvp_guide_parse (text, length, path, error);
  if (guide == NULL)
    return NULL;
  if (strcmp (guide->id, id) != 0)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "'%s': id: '%s' is not the file's name",
                   path, guide->id);
      return NULL;
    }
  return g_steal_pointer (&guide);
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/**
 * hvp_guides_load_all:
 * @error: return location for an error
 *
 * Reads every built-in guide, or with `HVPLAN_GUIDE_DIR` set every `*.json` file of that folder,
 * in the C order of their names.
 *
 * Returns: (transfer full) (element-type HvpGuide) (nullable): the guides, or %NULL with
 *   %HVP_ERROR_OPEN (the folder cannot be read: "cannot read the guides folder 'DIR'
 *   (HVPLAN_GUIDE_DIR): ...") or a guide's error (hvp_guide_parse())
 */
GPtrArray *
hvp_guides_load_all (GError **error)
{
  const char *dir_name = hvp_guide_dir ();
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GDir) dir = dir_name != NULL ? g_dir_open (dir_name, 0, &local_error) : NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) guides = g_ptr_array_new_with_free_func ((GDestroyNotify) hvp_guide_free);
  const char *name;

  if (dir_name == NULL)
    return load_all_builtin (error);
  if (dir == NULL)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_OPEN,
                   "cannot read the guides folder '%s' (" HVP_GUIDE_DIR_VARIABLE "): %s",
                   dir_name, local_error->message);
      return NULL;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json") && strlen (name) > 5)
      g_ptr_array_add (names, g_strndup (name, strlen (name) - 5));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      const char *id = g_ptr_array_index (names, i);
      g_autofree char *path = g_strdup_printf ("%s/%s.json", dir_name, id);
      HvpGuide *guide = load_file (path, id, error);

      if (guide == NULL)
        return NULL;
      g_ptr_array_add (guides, guide);
    }
  return g_steal_pointer (&guides);
}

/**
 * hvp_guide_load:
 * @id: a guide id (`essentials-sbs2003`)
 * @error: return location for an error
 *
 * Reads the built-in guide @id (hvp_guide_builtin()), or with `HVPLAN_GUIDE_DIR` set the file
 * `<id>.json` of that folder.
 *
 * Returns: (transfer full) (nullable): the guide, or %NULL with %HVP_ERROR_USAGE (no guide of that
 *   id: "no guide 'ID' ('hvplan guides' lists them)") or a guide's error (hvp_guide_parse())
 */
HvpGuide *
hvp_guide_load (const char *id, GError **error)
{
  g_autofree char *path = NULL;

  if (hvp_guide_dir () == NULL)
    return hvp_guide_builtin (id, error);
  if (hvp_guide_id_is_valid (id))
    path = g_strdup_printf ("%s/%s.json", hvp_guide_dir (), id);
  if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *shown = g_strescape (id, NULL);

      g_set_error (error, HVP_ERROR, HVP_ERROR_USAGE, "no guide '%s' ('hvplan guides' lists them)",
                   shown);
      return NULL;
    }
  return load_file (path, id, error);
}

/**
 * hvp_answers_read_file:
 * @file: an answers file ("hvplan-answers/1")
 * @options: (nullable): for the input size limit
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the answers (hvp_answers_parse()), or %NULL with
 *   %HVP_ERROR_OPEN, %HVP_ERROR_DATA or %HVP_ERROR_UNSUPPORTED
 */
HvpAnswers *
hvp_answers_read_file (const char *file, const HvpCollectOptions *options, GError **error)
{
  g_autofree char *text = NULL;
  gsize length = 0;

  if (!hvp_read_input_file (file, options, &text, &length, error))
    return NULL;
  return hvp_answers_parse (text, length, file, error);
}
