/* hvplan: paths as a source recorded them (Windows drive and UNC paths, read on any system). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean hvp_path_is_windows (const char *path);
char *hvp_path_windows_basename (const char *path);

G_END_DECLS
