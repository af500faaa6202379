#include "models/path.h"

#include <string.h>

/**
 * hvp_path_is_windows:
 * @path: a path as a source recorded it
 *
 * Returns: %TRUE for "X:…" drive paths, "\\server\share" UNC paths and any path with a '\\'
 */
gboolean
hvp_path_is_windows (const char *path)
{
  if (path == NULL)
    return FALSE;
  return (g_ascii_isalpha (path[0]) && path[1] == ':') || strchr (path, '\\') != NULL;
}

/**
 * hvp_path_windows_basename:
 * @path: a Windows or POSIX path
 *
 * Returns: (transfer full): what follows the last '\\' or '/'
 */
char *
hvp_path_windows_basename (const char *path)
{
  const char *base = path;

  for (const char *p = path; *p != '\0'; p++)
    if (*p == '\\' || *p == '/')
      base = p + 1;
  return g_strdup (base);
}
