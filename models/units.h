/* hvplan: units and number parsing shared by every stage. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HVP_MIB (G_GUINT64_CONSTANT (1) << 20)
#define HVP_GIB (G_GUINT64_CONSTANT (1) << 30)

/* The largest byte count an inventory holds: 2^53 - 1 (8 PiB), the largest integer the inventory
 * reader takes exactly (models/README.md).  Collectors refuse larger sizes from their input, so
 * that what `hvplan collect` writes can always be read again; no real disk or memory is near. */
#define HVP_BYTES_MAX G_GUINT64_CONSTANT (9007199254740991)

gboolean hvp_parse_uint64 (const char *text, guint64 *ret_value);
gboolean hvp_parse_size (const char *text, guint64 *ret_bytes);
gboolean hvp_mul_uint64 (guint64 a, guint64 b, guint64 *ret_value);
guint64 hvp_add_saturating (guint64 a, guint64 b);
char *hvp_format_gib (guint64 bytes);
gint64 hvp_filetime_to_unix (guint64 filetime);
const char *hvp_enum_to_string (const char *const *names, guint n_names, guint value);
gboolean hvp_enum_from_string (const char *const *names, guint n_names, const char *string,
                               guint *ret_value);

guint64 hvp_percent_of (guint64 bytes, guint percent);
guint64 hvp_add_percent (guint64 bytes, guint percent);

G_END_DECLS
