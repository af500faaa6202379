#include "collectors/collector.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#define HVP_DEFAULT_MAX_INPUT_BYTES (256 * HVP_MIB)

static void
hvp_path_map_free (HvpPathMap *map)
{
  if (map == NULL)
    return;
  g_free (map->from);
  g_free (map->to);
  g_free (map);
}

/**
 * hvp_collect_options_new:
 *
 * Returns: (transfer full): options with no path maps and the default input limit (256 MiB)
 */
HvpCollectOptions *
hvp_collect_options_new (void)
{
  HvpCollectOptions *options = g_new0 (HvpCollectOptions, 1);

  options->path_maps = g_ptr_array_new_with_free_func ((GDestroyNotify) hvp_path_map_free);
  options->max_input_bytes = HVP_DEFAULT_MAX_INPUT_BYTES;
  options->sample_interval_seconds = 300;
  return options;
}

/**
 * hvp_collect_options_free:
 * @options: (nullable) (transfer full): options
 */
void
hvp_collect_options_free (HvpCollectOptions *options)
{
  if (options == NULL)
    return;
  g_ptr_array_unref (options->path_maps);
  g_free (options);
}

/**
 * hvp_collect_options_report_progress:
 * @options: (nullable): the collection's options
 * @what: what is being read, in hvplan's words (#HvpCollectProgressFunc)
 * @done: how many of them are read
 * @total: how many there are
 *
 * Tells @options' progress function, when there is one, that @done of @total are read.  Cheap
 * enough to call once a file or a domain: the function decides what to show and how often.
 */
void
hvp_collect_options_report_progress (const HvpCollectOptions *options, const char *what,
                                     guint done, guint total)
{
  if (options != NULL && options->progress != NULL)
    options->progress (what, done, total, options->progress_data);
}

static gint
compare_maps_longest_first (gconstpointer a, gconstpointer b)
{
  const HvpPathMap *x = *(HvpPathMap *const *) a;
  const HvpPathMap *y = *(HvpPathMap *const *) b;
  gsize lx = strlen (x->from);
  gsize ly = strlen (y->from);

  return lx == ly ? 0 : (lx > ly ? -1 : 1);
}

/**
 * hvp_collect_options_add_path_map:
 * @options: options
 * @text: "FROM=TO", for example `D:\Hyper-V=/srv/copy`
 * @error: return location for an error
 *
 * Adds a path map; maps are tried longest FROM first.
 *
 * Returns: %FALSE with %HVP_ERROR_USAGE when @text has no '=' or an empty side
 */
gboolean
hvp_collect_options_add_path_map (HvpCollectOptions *options, const char *text, GError **error)
{
  const char *equals = strchr (text, '=');
  g_autoptr (GString) from = NULL;
  HvpPathMap *map;

  if (equals == NULL || equals == text || equals[1] == '\0')
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_USAGE,
                   "path map '%s' is not of the form 'WINDOWS-PREFIX=LOCAL-FOLDER'", text);
      return FALSE;
    }
  from = g_string_new_len (text, equals - text);
  while (from->len > 1 && (from->str[from->len - 1] == '\\' || from->str[from->len - 1] == '/'))
    g_string_truncate (from, from->len - 1);
  map = g_new0 (HvpPathMap, 1);
  map->from = g_string_free (g_steal_pointer (&from), FALSE);
  map->to = g_strdup (equals + 1);
  g_ptr_array_add (options->path_maps, map);
  g_ptr_array_sort (options->path_maps, compare_maps_longest_first);
  return TRUE;
}

static gboolean
is_separator (char c)
{
  return c == '\\' || c == '/';
}

/* Does @path start with @prefix, comparing as Windows does (no case, either separator)? */
static gboolean
has_windows_prefix (const char *path, const char *prefix)
{
  gsize i;

  for (i = 0; prefix[i] != '\0'; i++)
    {
      if (is_separator (prefix[i]) && is_separator (path[i]))
        continue;
      if (g_ascii_tolower (prefix[i]) != g_ascii_tolower (path[i]))
        return FALSE;
    }
  return path[i] == '\0' || is_separator (path[i]);
}

/**
 * hvp_path_map_apply:
 * @options: (nullable): collect options with path maps
 * @recorded_path: a path as the source recorded it (`D:\Hyper-V\Virtual Hard Disks\a.vhdx`)
 *
 * Maps a recorded path to where its copy lives: the longest matching FROM prefix is replaced by
 * TO, and the rest of the path has its '\\' turned into '/' (`/srv/copy/Virtual Hard Disks/a.vhdx`).
 *
 * Returns: (transfer full) (nullable): the local path, or %NULL when no map matches
 */
char *
hvp_path_map_apply (const HvpCollectOptions *options, const char *recorded_path)
{
  if (options == NULL || recorded_path == NULL)
    return NULL;
  for (guint i = 0; i < options->path_maps->len; i++)
    {
      const HvpPathMap *map = g_ptr_array_index (options->path_maps, i);
      g_autofree char *rest = NULL;

      if (!has_windows_prefix (recorded_path, map->from))
        continue;
      rest = g_strdup (recorded_path + strlen (map->from));
      g_strdelimit (rest, "\\", '/');
      return g_build_filename (map->to, rest, NULL);
    }
  return NULL;
}

/* How far below its start a '\\'- or '/'-separated path ends, or -1 once a ".." climbs above. */
static int
path_depth (const char *path)
{
  g_auto (GStrv) parts = g_regex_split_simple ("[\\\\/]", path, 0, 0);
  int depth = 0;

  for (gsize i = 0; parts[i] != NULL; i++)
    {
      if (strcmp (parts[i], "..") == 0)
        depth--;
      else if (parts[i][0] != '\0' && strcmp (parts[i], ".") != 0)
        depth++;
      if (depth < 0)
        return -1;
    }
  return depth;
}

/**
 * hvp_path_map_check:
 * @options: (nullable): collect options with path maps
 * @recorded_path: (nullable): a path as the source recorded it, or as hvplan joined a relative
 *   parent name to its child's recorded folder
 * @error: return location for an error
 *
 * Refuses a recorded path that a path map matches but whose rest climbs above the map's folder
 * with ".." (`D:\\Hyper-V\\..\\..\\x.vhd` under `D:\\Hyper-V=/srv/copy`): its copy would be
 * looked for outside the folder the user named.
 *
 * Returns: %TRUE when no map matches or the path stays inside, else %FALSE with
 *   %HVP_ERROR_DATA "'PATH': '..' climbs above the --path-map folder 'FROM' ('TO')"
 */
gboolean
hvp_path_map_check (const HvpCollectOptions *options, const char *recorded_path, GError **error)
{
  if (options == NULL || recorded_path == NULL)
    return TRUE;
  for (guint i = 0; i < options->path_maps->len; i++)
    {
      const HvpPathMap *map = g_ptr_array_index (options->path_maps, i);

      if (!has_windows_prefix (recorded_path, map->from))
        continue;
      if (path_depth (recorded_path + strlen (map->from)) >= 0)
        return TRUE;
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "'%s': '..' climbs above the --path-map folder '%s' ('%s')", recorded_path,
                   map->from, map->to);
      return FALSE;
    }
  return TRUE;
}

/* The checks before an input file is read: it exists, is a regular file and is no larger than
 * @limit (the messages of hvp_read_input_file()). */
static gboolean
check_input_file (const char *file, guint64 limit, GError **error)
{
  GStatBuf st;

  if (g_stat (file, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, HVP_ERROR, HVP_ERROR_OPEN, "cannot open '%s': %s", file,
                   g_strerror (saved_errno));
      return FALSE;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_OPEN, "cannot read '%s': it is a folder", file);
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      /* A FIFO would block until a writer comes, a device may never end (/dev/zero). */
      g_set_error (error, HVP_ERROR, HVP_ERROR_OPEN, "cannot read '%s': not a regular file",
                   file);
      return FALSE;
    }
  if ((guint64) st.st_size > limit)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "'%s' is %" G_GUINT64_FORMAT " bytes, more than the input limit of %"
                   G_GUINT64_FORMAT " bytes", file, (guint64) st.st_size, limit);
      return FALSE;
    }
  return TRUE;
}

/**
 * hvp_read_input_file:
 * @file: a file name
 * @options: (nullable): for the size limit
 * @ret_text: (out) (transfer full): the contents, NUL-terminated
 * @ret_length: (out): their length in bytes (without the NUL)
 * @error: return location for an error
 *
 * Reads a whole input file, refusing one larger than the limit before reading it.
 *
 * Returns: %FALSE with %HVP_ERROR_OPEN when @file cannot be opened or read (or is a folder, a
 *   FIFO, a device: not a regular file), or
 *   %HVP_ERROR_DATA when it is larger than the limit
 */
gboolean
hvp_read_input_file (const char *file, const HvpCollectOptions *options, char **ret_text,
                     gsize *ret_length, GError **error)
{
  guint64 limit = options != NULL && options->max_input_bytes != 0 ? options->max_input_bytes
                                                                    : HVP_DEFAULT_MAX_INPUT_BYTES;
  g_autoptr (GError) local_error = NULL;
  char *text;
  gsize length;

  if (!check_input_file (file, limit, error))
    return FALSE;
  if (!g_file_get_contents (file, &text, &length, &local_error))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_OPEN, "cannot read '%s': %s", file,
                   local_error->message);
      return FALSE;
    }
  *ret_text = text;
  *ret_length = length;
  return TRUE;
}

/**
 * hvp_map_input_file:
 * @file: a file name
 * @options: (nullable): for the size limit
 * @error: return location for an error
 *
 * hvp_read_input_file() without copying: the file is mapped read-only (GMappedFile, mmap(2)), so
 * a large inventory is neither copied from the page cache nor held twice (on a 285 MB inventory,
 * the copy and the zeroed pages it lands in were a fifth of `hvplan diff`'s time).  The contents
 * are not NUL-terminated and are %NULL for an empty file; the file must not be truncated while
 * the mapping is in use (as for any program reading a mapped file).
 *
 * Returns: (transfer full) (nullable): the mapping (g_mapped_file_get_contents(),
 *   g_mapped_file_get_length(); free with g_mapped_file_unref()), or %NULL with @error set as
 *   hvp_read_input_file() sets it
 */
GMappedFile *
hvp_map_input_file (const char *file, const HvpCollectOptions *options, GError **error)
{
  guint64 limit = options != NULL && options->max_input_bytes != 0 ? options->max_input_bytes
                                                                    : HVP_DEFAULT_MAX_INPUT_BYTES;
  g_autoptr (GError) local_error = NULL;
  GMappedFile *mapped;

  if (!check_input_file (file, limit, error))
    return NULL;
  mapped = g_mapped_file_new (file, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_OPEN, "cannot read '%s': %s", file,
                   local_error->message);
      return NULL;
    }
  if ((guint64) g_mapped_file_get_length (mapped) > limit)
    {
      /* It grew after check_input_file() looked. */
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "'%s' is %" G_GUINT64_FORMAT " bytes, more than the input limit of %"
                   G_GUINT64_FORMAT " bytes", file, (guint64) g_mapped_file_get_length (mapped),
                   limit);
      g_mapped_file_unref (mapped);
      return NULL;
    }
  return mapped;
}
