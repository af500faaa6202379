#include "models/units.h"

#include <string.h>

/**
 * hvp_parse_uint64:
 * @text: decimal digits, nothing else (no sign, no spaces)
 * @ret_value: (out): the value
 *
 * Parses an unsigned 64-bit decimal number exactly.
 *
 * Returns: %FALSE when @text is empty, has other characters or overflows 64 bits
 */
gboolean
hvp_parse_uint64 (const char *text, guint64 *ret_value)
{
  guint64 value;

  if (text == NULL || !g_ascii_isdigit (text[0]))
    return FALSE;
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, &value, NULL))
    return FALSE;
  *ret_value = value;
  return TRUE;
}

static const struct {
  const char *suffix;
  guint64 factor;
} size_suffixes[] = {
  { "", 1 },
  { "B", 1 },
  { "K", G_GUINT64_CONSTANT (1) << 10 },
  { "KiB", G_GUINT64_CONSTANT (1) << 10 },
  { "M", G_GUINT64_CONSTANT (1) << 20 },
  { "MiB", G_GUINT64_CONSTANT (1) << 20 },
  { "G", G_GUINT64_CONSTANT (1) << 30 },
  { "GiB", G_GUINT64_CONSTANT (1) << 30 },
  { "T", G_GUINT64_CONSTANT (1) << 40 },
  { "TiB", G_GUINT64_CONSTANT (1) << 40 },
};

/**
 * hvp_parse_size:
 * @text: a whole number with an optional binary unit: "4096", "512MiB", "2G", "1TiB"
 * @ret_bytes: (out): the size in bytes
 *
 * Parses a size given on the command line.  Units are binary (K = KiB = 1024); decimal units are
 * not accepted because they would be ambiguous beside Windows' own GB (= GiB).
 *
 * Returns: %FALSE when @text is not such a size or overflows 64 bits
 */
gboolean
hvp_parse_size (const char *text, guint64 *ret_bytes)
{
  gsize digits = 0;
  g_autofree char *number = NULL;
  guint64 value;

  if (text == NULL)
    return FALSE;
  while (g_ascii_isdigit (text[digits]))
    digits++;
  if (digits == 0)
    return FALSE;
  number = g_strndup (text, digits);
  if (!hvp_parse_uint64 (number, &value))
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (size_suffixes); i++)
    if (g_ascii_strcasecmp (text + digits, size_suffixes[i].suffix) == 0)
      return hvp_mul_uint64 (value, size_suffixes[i].factor, ret_bytes);
  return FALSE;
}

/**
 * hvp_mul_uint64:
 * @a: a factor
 * @b: a factor
 * @ret_value: (out): @a × @b
 *
 * Multiplies without silent overflow (for MB → bytes conversions of untrusted numbers).
 *
 * Returns: %FALSE when the product does not fit 64 bits
 */
gboolean
hvp_mul_uint64 (guint64 a, guint64 b, guint64 *ret_value)
{
  guint64 product;

  if (__builtin_mul_overflow (a, b, &product))
    return FALSE;
  *ret_value = product;
  return TRUE;
}

/**
 * hvp_add_saturating:
 * @a: a term
 * @b: a term
 *
 * Returns: @a + @b, or %G_MAXUINT64 when the sum does not fit
 */
guint64
hvp_add_saturating (guint64 a, guint64 b)
{
  guint64 sum;

  if (__builtin_add_overflow (a, b, &sum))
    return G_MAXUINT64;
  return sum;
}

/**
 * hvp_format_gib:
 * @bytes: a size
 *
 * Formats a size for people: GiB with one decimal ("12.5 GiB"), rounded to nearest, independent
 * of the locale.
 *
 * Returns: (transfer full): the text
 */
char *
hvp_format_gib (guint64 bytes)
{
  /* Tenths of a GiB, rounded half up, in integers: whole GiB, then the remainder (< 2^30, so
   * × 20 cannot overflow). */
  guint64 tenths = bytes / HVP_GIB * 10 + ((bytes % HVP_GIB) * 20 + HVP_GIB) / (2 * HVP_GIB);

  return g_strdup_printf ("%" G_GUINT64_FORMAT ".%u GiB", tenths / 10, (guint) (tenths % 10));
}

/**
 * hvp_filetime_to_unix:
 * @filetime: a Windows FILETIME: 100-nanosecond intervals since 1601-01-01 UTC
 *
 * Returns: seconds since 1970-01-01 UTC (negative before 1970)
 */
gint64
hvp_filetime_to_unix (guint64 filetime)
{
  const guint64 epoch_difference = G_GUINT64_CONSTANT (11644473600); /* 1601 → 1970, seconds */

  return (gint64) (filetime / 10000000) - (gint64) epoch_difference;
}

/**
 * hvp_enum_to_string:
 * @names: (array length=n_names): the enum's string table, indexed by value
 * @n_names: entries in @names
 * @value: an enum value
 *
 * The one lookup behind every `hvp_<type>_to_string()`.
 *
 * Returns: (transfer none): the name, or @names[0] (the "unknown" entry) when @value is out of range
 */
const char *
hvp_enum_to_string (const char *const *names, guint n_names, guint value)
{
  if (value >= n_names || names[value] == NULL)
    return names[0];
  return names[value];
}

/**
 * hvp_enum_from_string:
 * @names: (array length=n_names): the enum's string table, indexed by value
 * @n_names: entries in @names
 * @string: (nullable): a name
 * @ret_value: (out): the value whose name is @string
 *
 * The one lookup behind every `hvp_<type>_from_string()`; names are compared exactly.
 *
 * Returns: %FALSE when @string is in no entry
 */
gboolean
hvp_enum_from_string (const char *const *names, guint n_names, const char *string,
                      guint *ret_value)
{
  if (string == NULL)
    return FALSE;
  for (guint i = 0; i < n_names; i++)
    if (names[i] != NULL && strcmp (string, names[i]) == 0)
      {
        *ret_value = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * hvp_percent_of:
 * @bytes: a quantity (bytes or a count)
 * @percent: a percentage
 *
 * Returns: @percent of @bytes, rounded up, saturating at %G_MAXUINT64 (no overflow for any @bytes)
 */
guint64
hvp_percent_of (guint64 bytes, guint percent)
{
  guint64 whole = bytes / 100 * percent;
  guint64 part = ((bytes % 100) * percent + 99) / 100;

  if (percent != 0 && whole / percent != bytes / 100)
    return G_MAXUINT64;
  return hvp_add_saturating (whole, part);
}

/**
 * hvp_add_percent:
 * @bytes: a quantity (bytes or a count)
 * @percent: a percentage
 *
 * The storage headroom rule of the storage check (planner/checks/), shared with sizing (growth, headroom):
 * @percent of @bytes rounded up, added to @bytes, saturating at %G_MAXUINT64.
 *
 * Returns: @bytes × (100 + @percent) / 100, rounded up
 */
guint64
hvp_add_percent (guint64 bytes, guint percent)
{
  return hvp_add_saturating (bytes, hvp_percent_of (bytes, percent));
}
