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

/**
 * hvp_utilization_validate:
 * @utilization: a utilization
 * @error: return location for a #GError
 *
 * Checks what the sizing relies on: both series the same length (one slot per instant), at most
 * a year of 30-second samples, an interval when there are samples, processor shares within
 * 0–100 % and memory demands within 0 and 2^40 MiB (1 EiB).
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
  return TRUE;
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

/* Whether @c may appear in a decimal number of the series (no "nan", "inf", hex). */
static gboolean
is_number_char (char c)
{
  return g_ascii_isdigit (c) || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
}

/**
 * hvp_series_parse:
 * @text: a series as hvp_series_to_string() writes it
 * @series: (element-type gfloat): where the samples are appended (NaN for a gap)
 * @ret_error_offset: (out): on failure, the byte offset in @text of the value that is wrong
 *
 * Reads a series: comma-separated decimal numbers (C locale), an empty field a gap.  An empty
 * @text is no sample at all.
 *
 * Returns: %FALSE when a field is not a finite decimal number
 */
gboolean
hvp_series_parse (const char *text, GArray *series, gsize *ret_error_offset)
{
  const char *p = text;

  g_return_val_if_fail (text != NULL && series != NULL && ret_error_offset != NULL, FALSE);

  if (*text == '\0')
    return TRUE;
  for (;;)
    {
      gfloat value = NAN;
      const char *end = p;

      while (is_number_char (*end))
        end++;
      if (end > p)
        {
          char *parsed_end = NULL;
          double number = g_ascii_strtod (p, &parsed_end);

          if (parsed_end != end || !isfinite (number) || fabs (number) > G_MAXFLOAT)
            break;
          value = (gfloat) number;
        }
      if (*end != ',' && *end != '\0')
        break;
      g_array_append_val (series, value);
      if (*end == '\0')
        return TRUE;
      p = end + 1;
    }
  *ret_error_offset = (gsize) (p - text);
  return FALSE;
}

/* The fields of a VM's utilization (models/README.md, "utilization"). */
static const HvpField utilization_fields[] = {
  HVP_FIELD_ROW (HvpUtilization, start_time, HVP_FIELD_TIME, HVP_FIELD_REQUIRED),
  HVP_FIELD_ROW (HvpUtilization, interval_seconds, HVP_FIELD_COUNT, HVP_FIELD_REQUIRED),
  HVP_FIELD_ROW (HvpUtilization, period_seconds, HVP_FIELD_COUNT, HVP_FIELD_OPTIONAL),
  HVP_FIELD_ROW (HvpUtilization, processor_percent, HVP_FIELD_SERIES, HVP_FIELD_REQUIRED),
  HVP_FIELD_ROW (HvpUtilization, memory_demand_mib, HVP_FIELD_SERIES, HVP_FIELD_REQUIRED),
};

/**
 * hvp_utilization_fields:
 *
 * The fields of #HvpUtilization: the keys of a VM's "utilization" in the canonical inventory
 * document, in order.
 */
const HvpFieldTable hvp_utilization_fields = HVP_FIELD_TABLE ("utilization", utilization_fields);
