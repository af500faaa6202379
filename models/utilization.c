/* hvplan: a VM's measured utilization (models/README.md, "utilization"). */
#include "models/utilization.h"

#include <math.h>
#include <string.h>

#include "models/error.h"

/* The most instants one VM's series may hold: a year of samples every 30 seconds.  Above it a
 * document is refused rather than allocated (hostile input). */
#define HVP_UTILIZATION_MAX_SLOTS (366u * 24 * 120)

/**
 * hvp_utilization_new:
 *
 * Returns: (transfer full): a utilization with empty series, no interval and no period
 */
HvpUtilization *
hvp_utilization_new (void)
{
  HvpUtilization *utilization = g_new0 (HvpUtilization, 1);

  utilization->processor_percent = g_array_new (FALSE, FALSE, sizeof (gfloat));
  utilization->memory_demand_mib = g_array_new (FALSE, FALSE, sizeof (gfloat));
  utilization->disk_bytes_per_second = g_array_new (FALSE, FALSE, sizeof (gfloat));
  utilization->disk_iops = g_array_new (FALSE, FALSE, sizeof (gfloat));
  utilization->network_bytes_per_second = g_array_new (FALSE, FALSE, sizeof (gfloat));
  return utilization;
}

/**
 * hvp_utilization_free:
 * @utilization: (nullable) (transfer full): a utilization
 */
void
hvp_utilization_free (HvpUtilization *utilization)
{
  if (utilization == NULL)
    return;
  g_array_unref (utilization->processor_percent);
  g_array_unref (utilization->memory_demand_mib);
  g_array_unref (utilization->disk_bytes_per_second);
  g_array_unref (utilization->disk_iops);
  g_array_unref (utilization->network_bytes_per_second);
  g_free (utilization);
}

/**
 * hvp_utilization_n_slots:
 * @utilization: a utilization
 *
 * Returns: the instants its series span (the longer series' length), samples or gaps
 */
guint
hvp_utilization_n_slots (const HvpUtilization *utilization)
{
  g_return_val_if_fail (utilization != NULL, 0);

  return MAX (utilization->processor_percent->len, utilization->memory_demand_mib->len);
}

/**
 * hvp_utilization_n_samples:
 * @utilization: a utilization
 *
 * Returns: the instants at which both processor and memory were sampled (not NaN)
 */
guint
hvp_utilization_n_samples (const HvpUtilization *utilization)
{
  guint n = 0;
  guint slots;

  g_return_val_if_fail (utilization != NULL, 0);

  slots = MIN (utilization->processor_percent->len, utilization->memory_demand_mib->len);
  for (guint i = 0; i < slots; i++)
    if (!isnan (g_array_index (utilization->processor_percent, gfloat, i))
        && !isnan (g_array_index (utilization->memory_demand_mib, gfloat, i)))
      n++;
  return n;
}

/**
 * hvp_utilization_drop_unsampled:
 * @utilization: a utilization
 *
 * Empties each optional series (disk bytes/s, disk IOPS, network bytes/s) that holds only gaps
 * (NaN): a collector writes every series it knows for every VM, and one whose counters gave
 * nothing (a VM without a virtual disk or adapter, a driver without the statistics) is "not
 * sampled", which the canonical document leaves out.
 */
void
hvp_utilization_drop_unsampled (HvpUtilization *utilization)
{
  GArray *optional[3];

  g_return_if_fail (utilization != NULL);

  optional[0] = utilization->disk_bytes_per_second;
  optional[1] = utilization->disk_iops;
  optional[2] = utilization->network_bytes_per_second;
  for (guint s = 0; s < G_N_ELEMENTS (optional); s++)
    {
      gboolean any = FALSE;

      for (guint i = 0; i < optional[s]->len && !any; i++)
        any = !isnan (g_array_index (optional[s], gfloat, i));
      if (!any)
        g_array_set_size (optional[s], 0);
    }
}

static gboolean refuse (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* Sets %HVP_ERROR_DATA from @format and returns %FALSE. */
static gboolean
refuse (GError **error, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (HVP_ERROR, HVP_ERROR_DATA, format, args));
  va_end (args);
  return FALSE;
}

/* The first sample of @series outside [0, @max] (NaN is a gap), or -1. */
static gint64
first_out_of_range (const GArray *series, double max)
{
  for (guint i = 0; i < series->len; i++)
    {
      gfloat value = g_array_index (series, gfloat, i);

      if (!isnan (value) && (value < 0 || value > max))
        return i;
    }
  return -1;
}

/* The largest rate an optional series may hold: 2^50 (a petabyte, or a quadrillion operations, a
 * second), far above any virtual disk or adapter; above it the sample is refused as bad data. */
#define HVP_UTILIZATION_MAX_RATE 1125899906842624.0

/* Checks an optional series named @name: empty, or @slots samples within 0 and
 * HVP_UTILIZATION_MAX_RATE (NaN a gap). */
static gboolean
validate_optional (const GArray *series, const char *name, guint slots, GError **error)
{
  gint64 bad;

  if (series->len == 0)
    return TRUE;
  if (series->len != slots)
    return refuse (error,
                   "utilization: %s has %u samples, processor_percent %u: "
                   "they must have one slot per instant each", name, series->len, slots);
  bad = first_out_of_range (series, HVP_UTILIZATION_MAX_RATE);
  if (bad >= 0)
    return refuse (error,
                   "utilization: %s sample %" G_GINT64_FORMAT " is negative or above 2^50",
                   name, bad);
  return TRUE;
}

/**
 * hvp_utilization_validate:
 * @utilization: a utilization
 * @error: return location for a #GError
 *
 * Checks what the sizing relies on: both series the same length (one slot per instant), at most
 * a year of 30-second samples, an interval when there are samples, processor shares within
 * 0–100 % and memory demands within 0 and 2^40 MiB (1 EiB); each optional series (disk bytes/s,
 * disk IOPS, network bytes/s) empty or as long as the others, its samples within 0 and 2^50.
 *
 * Returns: %TRUE when it holds; else %FALSE with %HVP_ERROR_DATA naming the series and sample
 */
gboolean
hvp_utilization_validate (const HvpUtilization *utilization, GError **error)
{
  gint64 bad;

  g_return_val_if_fail (utilization != NULL, FALSE);

  if (utilization->processor_percent->len != utilization->memory_demand_mib->len)
    return refuse (error,
                   "utilization: processor_percent has %u samples, memory_demand_mib %u: "
                   "they must have one slot per instant each",
                   utilization->processor_percent->len,
                   utilization->memory_demand_mib->len);
  if (utilization->processor_percent->len > HVP_UTILIZATION_MAX_SLOTS)
    return refuse (error,
                   "utilization: %u samples, more than the %u a year at 30 seconds holds",
                   utilization->processor_percent->len, HVP_UTILIZATION_MAX_SLOTS);
  if (utilization->processor_percent->len > 0 && utilization->interval_seconds == 0)
    return refuse (error,
                   "utilization: interval_seconds is 0 but there are samples");
  bad = first_out_of_range (utilization->processor_percent, 100);
  if (bad >= 0)
    return refuse (error,
                   "utilization: processor_percent sample %" G_GINT64_FORMAT
                   " is outside 0 to 100", bad);
  bad = first_out_of_range (utilization->memory_demand_mib, 1099511627776.0);
  if (bad >= 0)
    return refuse (error,
                   "utilization: memory_demand_mib sample %" G_GINT64_FORMAT
                   " is negative or above 1 EiB", bad);
  return validate_optional (utilization->disk_bytes_per_second, "disk_bytes_per_second",
                            utilization->processor_percent->len, error)
         && validate_optional (utilization->disk_iops, "disk_iops",
                               utilization->processor_percent->len, error)
         && validate_optional (utilization->network_bytes_per_second,
                               "network_bytes_per_second", utilization->processor_percent->len,
                               error);
}

/**
 * hvp_series_to_string:
 * @series: (element-type gfloat): samples, NaN for gaps
 *
 * Writes a series as the canonical inventory document stores it (models/README.md,
 * "utilization"): the samples in order, separated by commas, each with up to 6 significant digits
 * ("%.6g" in the C locale), a gap as nothing between two commas.  One JSON string per series
 * instead of one JSON number per sample keeps a month of 5-minute samples of 10,000 VMs readable
 * in bounded memory.
 *
 * Returns: (transfer full): the text; free with g_free()
 */
char *
hvp_series_to_string (const GArray *series)
{
  GString *text;

  g_return_val_if_fail (series != NULL, NULL);

  text = g_string_sized_new (series->len * 5 + 1);
  for (guint i = 0; i < series->len; i++)
    {
      gfloat value = g_array_index (series, gfloat, i);
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      if (i > 0)
        g_string_append_c (text, ',');
      if (!isnan (value))
        g_string_append (text, g_ascii_formatd (buffer, sizeof buffer, "%.6g", value));
    }
  return g_string_free (text, FALSE);
}

/* Powers of ten a double holds exactly (10^22 is the last: 5^22 < 2^53). */
static const double exact_powers_of_ten[] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* A decimal number as parse_digits() splits it: its significant digits as an integer, how many
 * there are, and the power of ten that scales them. */
typedef struct {
  guint64 mantissa;
  guint digits;
  gint64 exponent;
  gboolean negative;
} Decimal;

/* Reads the digits of @p up to @end into @number; in the fraction (@in_fraction) each lowers the
 * exponent.  Returns where the digits stop and sets @ret_any when there was one. */
static const char *
parse_digits (const char *p, const char *end, gboolean in_fraction, Decimal *number,
              gboolean *ret_any)
{
  for (; p < end && g_ascii_isdigit (*p); p++)
    {
      *ret_any = TRUE;
      if (in_fraction)
        number->exponent--;
      if (number->digits == 0 && *p == '0')
        continue;
      if (number->digits < 19)
        number->mantissa = number->mantissa * 10 + (guint64) (*p - '0');
      else if (!in_fraction)
        number->exponent++;
      number->digits++;
    }
  return p;
}

/* Reads the exponent part ("e", a sign, digits) at @p into @number.  Returns where it stops, or
 * %NULL when the "e" has no digit after it. */
static const char *
parse_exponent (const char *p, const char *end, Decimal *number)
{
  gboolean negative = FALSE;
  gint64 value = 0;

  p++;
  if (p < end && (*p == '-' || *p == '+'))
    negative = *p++ == '-';
  if (p == end || !g_ascii_isdigit (*p))
    return NULL;
  for (; p < end && g_ascii_isdigit (*p); p++)
    value = MIN (value * 10 + (*p - '0'), (gint64) G_MAXINT32);
  number->exponent += negative ? -value : value;
  return p;
}

/* Reads the decimal number that is exactly the bytes @p to @end (C locale, the grammar of
 * strtod() without hexadecimal, "inf" or "nan": a sign, digits with at most one point and at
 * least one digit, an optional exponent).  Up to 15 significant digits scaled by at most 10^22
 * (every sample hvp_series_to_string() writes) it is one exact multiplication or division,
 * rounded once as strtod() rounds (Clinger's fast path); beyond, g_ascii_strtod() reads it.
 * Returns %FALSE when the bytes are not such a number. */
static gboolean
parse_decimal (const char *p, const char *end, double *ret_value)
{
  const char *start = p;
  Decimal number = { 0 };
  gboolean any = FALSE;

  if (p < end && (*p == '-' || *p == '+'))
    number.negative = *p++ == '-';
  p = parse_digits (p, end, FALSE, &number, &any);
  if (p < end && *p == '.')
    p = parse_digits (p + 1, end, TRUE, &number, &any);
  if (!any)
    return FALSE;
  if (p < end && (*p == 'e' || *p == 'E'))
    p = parse_exponent (p, end, &number);
  if (p != end)
    return FALSE;
  if (number.digits <= 15 && number.exponent >= -22 && number.exponent <= 22)
    {
      double value = (double) number.mantissa;

      if (number.exponent >= 0)
        value *= exact_powers_of_ten[number.exponent];
      else
        value /= exact_powers_of_ten[-number.exponent];
      *ret_value = number.negative ? -value : value;
      return TRUE;
    }
  else
    {
      char *parsed_end = NULL;

      *ret_value = g_ascii_strtod (start, &parsed_end);
      return parsed_end == end;
    }
}

/* Whether @c may appear in a decimal number of the series (no "nan", "inf", hex). */
static inline gboolean
is_number_char (char c)
{
  return g_ascii_isdigit (c) || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
}

/* Reads the field of a series at @p (up to the next comma or the end) into @ret_value, NaN when
 * it is empty.  Returns where it ends (a comma or the NUL), or %NULL when it is not a finite
 * decimal number within a float's range. */
static const char *
parse_sample (const char *p, gfloat *ret_value)
{
  const char *end = p;
  double number;

  while (is_number_char (*end))
    end++;
  if (*end != ',' && *end != '\0')
    return NULL;
  if (end == p)
    {
      *ret_value = NAN;
      return end;
    }
  if (!parse_decimal (p, end, &number) || !isfinite (number) || fabs (number) > G_MAXFLOAT)
    return NULL;
  *ret_value = (gfloat) number;
  return end;
}

/**
 * hvp_series_parse:
 * @text: a series as hvp_series_to_string() writes it
 * @series: (element-type gfloat): where the samples are appended (NaN for a gap)
 * @ret_error_offset: (out): on failure, the byte offset in @text of the value that is wrong
 *
 * Reads a series: comma-separated decimal numbers (C locale), an empty field a gap.  An empty
 * @text is no sample at all.  The commas are counted first so that @series grows once, to its
 * size; each number is read by parse_decimal() (the value strtod() gives, without its cost on the
 * few digits a sample has: reading a month of 5-minute samples of 10,000 VMs spent a fifth of its
 * time in strtod()).
 *
 * Returns: %FALSE when a field is not a finite decimal number (then @series holds the samples
 *   before it: its length grew by the index of the wrong sample)
 */
gboolean
hvp_series_parse (const char *text, GArray *series, gsize *ret_error_offset)
{
  const char *p = text;
  guint first, n = 1;

  g_return_val_if_fail (text != NULL && series != NULL && ret_error_offset != NULL, FALSE);

  if (*text == '\0')
    return TRUE;
  /* One plain loop over the bytes (vectorised): strchr() per comma costs a call per sample. */
  for (gsize i = 0, length = strlen (text); i < length; i++)
    n += text[i] == ',';
  first = series->len;
  g_array_set_size (series, first + n);
  for (guint i = 0; i < n; i++)
    {
      const char *end = parse_sample (p, &g_array_index (series, gfloat, first + i));

      if (end == NULL)
        {
          g_array_set_size (series, first + i);
          *ret_error_offset = (gsize) (p - text);
          return FALSE;
        }
      p = end + 1;
    }
  return TRUE;
}

/* The fields of a VM's utilization (models/README.md, "utilization"). */
static const HvpField utilization_fields[] = {
  HVP_FIELD_ROW (HvpUtilization, start_time, HVP_FIELD_TIME, HVP_FIELD_REQUIRED),
  HVP_FIELD_ROW (HvpUtilization, interval_seconds, HVP_FIELD_COUNT, HVP_FIELD_REQUIRED),
  HVP_FIELD_ROW (HvpUtilization, period_seconds, HVP_FIELD_COUNT, HVP_FIELD_OPTIONAL),
  HVP_FIELD_ROW (HvpUtilization, processor_percent, HVP_FIELD_SERIES, HVP_FIELD_REQUIRED),
  HVP_FIELD_ROW (HvpUtilization, memory_demand_mib, HVP_FIELD_SERIES, HVP_FIELD_REQUIRED),
  HVP_FIELD_ROW (HvpUtilization, disk_bytes_per_second, HVP_FIELD_SERIES, HVP_FIELD_OMIT_NULL),
  HVP_FIELD_ROW (HvpUtilization, disk_iops, HVP_FIELD_SERIES, HVP_FIELD_OMIT_NULL),
  HVP_FIELD_ROW (HvpUtilization, network_bytes_per_second, HVP_FIELD_SERIES, HVP_FIELD_OMIT_NULL),
};

/**
 * hvp_utilization_fields:
 *
 * The fields of #HvpUtilization: the keys of a VM's "utilization" in the canonical inventory
 * document, in order.
 */
const HvpFieldTable hvp_utilization_fields = HVP_FIELD_TABLE ("utilization", utilization_fields);
