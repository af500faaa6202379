/* Unit tests of models/utilization.c: the series text (write, read, gaps, refusals) and the
 * checks of a VM's utilization. */
#include <math.h>
#include <string.h>

#include "unit.h"
#include "models/model.h"

static GArray *
floats (const float *values, guint n)
{
  GArray *series = g_array_new (FALSE, FALSE, sizeof (gfloat));

  g_array_append_vals (series, values, n);
  return series;
}

static void
test_series_round_trip (void)
{
  static const float values[] = { 12.5f, 0, NAN, 100, 0.125f, 6000 };
  g_autoptr (GArray) series = floats (values, G_N_ELEMENTS (values));
  g_autoptr (GArray) back = g_array_new (FALSE, FALSE, sizeof (gfloat));
  g_autofree char *text = hvp_series_to_string (series);
  gsize offset = 99;

  g_assert_cmpstr (text, ==, "12.5,0,,100,0.125,6000");
  g_assert_true (hvp_series_parse (text, back, &offset));
  g_assert_cmpuint (back->len, ==, 6);
  for (guint i = 0; i < back->len; i++)
    if (isnan (values[i]))
      g_assert_true (isnan (g_array_index (back, gfloat, i)));
    else
      g_assert_cmpfloat (g_array_index (back, gfloat, i), ==, values[i]);
  g_assert_cmpuint (offset, ==, 99); /* written only on failure */
}

static void
test_series_gaps_and_empty (void)
{
  g_autoptr (GArray) series = g_array_new (FALSE, FALSE, sizeof (gfloat));
  gsize offset = 0;

  g_assert_true (hvp_series_parse ("", series, &offset));
  g_assert_cmpuint (series->len, ==, 0);
  g_assert_true (hvp_series_parse (",,", series, &offset));
  g_assert_cmpuint (series->len, ==, 3);
  g_assert_true (isnan (g_array_index (series, gfloat, 2)));
}

static void
test_series_refused (void)
{
  static const struct {
    const char *text;
    gsize offset;
  } cases[] = {
    { "1,nan,3", 2 }, { "inf", 0 }, { "1,2x", 2 }, { "0x10", 0 }, { "1;2", 0 }, { "1e999", 0 },
    { "1, 2", 2 }, { "--1", 0 }, { "1e", 0 }, { "1e+", 0 }, { ".", 0 }, { "-", 0 },
    { "1.2.3", 0 }, { "1e5e", 0 }, { "1e5.3", 0 }, { "5,+-3", 2 }, { "1,2,3e", 4 },
    { "1,4e38", 2 }, { "1e-99999999999", 0 } /* parses to 0: refused below only if not */,
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GArray) series = g_array_new (FALSE, FALSE, sizeof (gfloat));
      gsize offset = 99;

      if (strcmp (cases[i].text, "1e-99999999999") == 0)
        {
          g_assert_true (hvp_series_parse (cases[i].text, series, &offset));
          g_assert_cmpfloat (g_array_index (series, gfloat, 0), ==, 0);
          continue;
        }
      g_assert_false (hvp_series_parse (cases[i].text, series, &offset));
      g_assert_cmpuint (offset, ==, cases[i].offset);
      /* The samples before the wrong one stay: their count is its index. */
      g_assert_cmpuint (series->len, ==, cases[i].offset == 0 ? 0 : cases[i].offset / 2);
    }
}

/* The series reader's own decimal reading gives, bit for bit, what g_ascii_strtod() then a cast
 * to float gives: on every "%.6g" of random floats over the ranges samples take, and on forms
 * "%.6g" never writes (signs, leading points, exponents, 20 digits). */
static void
test_series_matches_strtod (void)
{
  static const char *const forms[] = {
    "+1.5", "-0", ".5", "5.", "007.250", "1E3", "1e-3", "-2.5e+2", "123456789012345678901",
    "0.000000000000000000000000001", "3.4028234e38", "1e22", "1e23", "9007199254740993",
    "0.1", "99.99990", "1234567.8", "4e-45",
  };
  g_autoptr (GRand) rand = g_rand_new_with_seed (17);
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GArray) expected = g_array_new (FALSE, FALSE, sizeof (gfloat));
  g_autoptr (GArray) series = g_array_new (FALSE, FALSE, sizeof (gfloat));
  gsize offset = 0;

  for (guint i = 0; i < 20000 + G_N_ELEMENTS (forms); i++)
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];
      const char *sample = buffer;
      gfloat value;

      if (i < G_N_ELEMENTS (forms))
        sample = forms[i];
      else
        {
          double scale = pow (10, g_rand_int_range (rand, -8, 9));

          g_ascii_formatd (buffer, sizeof buffer, "%.6g",
                           (gfloat) (g_rand_double (rand) * scale));
        }
      value = (gfloat) g_ascii_strtod (sample, NULL);
      g_array_append_val (expected, value);
      g_string_append_printf (text, "%s%s", i > 0 ? "," : "", sample);
    }
  g_assert_true (hvp_series_parse (text->str, series, &offset));
  g_assert_cmpuint (series->len, ==, expected->len);
  g_assert_cmpmem (series->data, series->len * sizeof (gfloat), expected->data,
                   expected->len * sizeof (gfloat));
}

static void
test_validate (void)
{
  static const float ok[] = { 0, 50, 100 };
  static const float over[] = { 0, 100.5f, 3 };
  g_autoptr (HvpUtilization) utilization = hvp_utilization_new ();
  g_autoptr (GError) error = NULL;

  g_array_append_vals (utilization->processor_percent, ok, 3);
  g_array_append_vals (utilization->memory_demand_mib, ok, 3);
  g_assert_false (hvp_utilization_validate (utilization, &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "interval_seconds is 0"));
  g_clear_error (&error);
  utilization->interval_seconds = 300;
  g_assert_true (hvp_utilization_validate (utilization, &error));
  g_assert_cmpuint (hvp_utilization_n_samples (utilization), ==, 3);
  g_array_index (utilization->memory_demand_mib, gfloat, 1) = NAN;
  g_assert_cmpuint (hvp_utilization_n_samples (utilization), ==, 2);
  g_assert_cmpuint (hvp_utilization_n_slots (utilization), ==, 3);
  g_array_set_size (utilization->processor_percent, 0);
  g_array_append_vals (utilization->processor_percent, over, 3);
  g_assert_false (hvp_utilization_validate (utilization, &error));
  g_assert_nonnull (strstr (error->message, "processor_percent sample 1 is outside 0 to 100"));
  g_clear_error (&error);
  g_array_set_size (utilization->processor_percent, 2);
  g_assert_false (hvp_utilization_validate (utilization, &error));
  g_assert_nonnull (strstr (error->message, "processor_percent has 2 samples, memory_demand_mib 3"));
}

/* The optional disk and network series: empty is fine, else as long as the others and within
 * 0 to 2^50; hvp_utilization_drop_unsampled() empties the ones holding only gaps. */
static void
test_validate_optional (void)
{
  static const float ok[] = { 0, 50, 100 };
  static const float gaps[] = { NAN, NAN, NAN };
  g_autoptr (HvpUtilization) utilization = hvp_utilization_new ();
  g_autoptr (GError) error = NULL;

  utilization->interval_seconds = 300;
  g_array_append_vals (utilization->processor_percent, ok, 3);
  g_array_append_vals (utilization->memory_demand_mib, ok, 3);
  g_array_append_vals (utilization->disk_iops, ok, 3);
  g_array_append_vals (utilization->network_bytes_per_second, gaps, 3);
  g_assert_true (hvp_utilization_validate (utilization, &error));
  hvp_utilization_drop_unsampled (utilization);
  g_assert_cmpuint (utilization->disk_iops->len, ==, 3);
  g_assert_cmpuint (utilization->network_bytes_per_second->len, ==, 0);
  g_array_append_vals (utilization->disk_bytes_per_second, ok, 2);
  g_assert_false (hvp_utilization_validate (utilization, &error));
  g_assert_nonnull (strstr (error->message,
                            "disk_bytes_per_second has 2 samples, processor_percent 3"));
  g_clear_error (&error);
  g_array_set_size (utilization->disk_bytes_per_second, 0);
  g_array_index (utilization->disk_iops, gfloat, 2) = 2e15f;
  g_assert_false (hvp_utilization_validate (utilization, &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "disk_iops sample 2 is negative or above 2^50"));
}

/* A VM with utilization is written with it and read back the same; one without has no key. */
static void
test_inventory_round_trip (void)
{
  static const float cpu[] = { 10, NAN, 30 };
  static const float memory[] = { 2048, NAN, 4096.5f };
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autoptr (HvpInventory) back = NULL;
  g_autoptr (GError) error = NULL;
  HvpHost *host = hvp_inventory_ensure_host (inventory, "hv01");
  HvpVm *measured = hvp_vm_new ("A", "measured");
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;

  measured->utilization = hvp_utilization_new ();
  measured->utilization->start_time = 1798761600;
  measured->utilization->interval_seconds = 300;
  measured->utilization->period_seconds = 900;
  g_array_append_vals (measured->utilization->processor_percent, cpu, 3);
  g_array_append_vals (measured->utilization->memory_demand_mib, memory, 3);
  g_ptr_array_add (host->vms, measured);
  g_ptr_array_add (host->vms, hvp_vm_new ("B", "configured"));
  text = hvp_inventory_to_json (inventory);
  g_assert_nonnull (strstr (text, "\"processor_percent\": \"10,,30\""));
  g_assert_nonnull (strstr (text, "\"memory_demand_mib\": \"2048,,4096.5\""));
  /* Only the measured VM has the key. */
  g_assert_nonnull (strstr (text, "\"utilization\""));
  g_assert_null (strstr (strstr (text, "\"utilization\"") + 1, "\"utilization\""));
  back = hvp_inventory_from_json (text, strlen (text), "mem.json", &error);
  g_assert_no_error (error);
  again = hvp_inventory_to_json (back);
  g_assert_cmpstr (again, ==, text);
  g_assert_null (((HvpVm *) g_ptr_array_index (((HvpHost *) g_ptr_array_index (back->hosts, 0))->vms,
                                               0))->utilization); /* "configured" sorts first */
}

/* A month of 5-minute samples (8,640: each series string above the arena's 16 KiB, so given
 * back once read) read by hvp_inventory_from_json_take(), which frees the text once parsed: the
 * same samples come back (under ASan: no use after free, no double free, no leak). */
static void
test_inventory_long_series_take (void)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autoptr (HvpInventory) back = NULL;
  g_autoptr (GError) error = NULL;
  HvpHost *host = hvp_inventory_ensure_host (inventory, "hv01");
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  const HvpUtilization *read;

  for (guint v = 0; v < 3; v++)
    {
      g_autofree char *id = g_strdup_printf ("id%u", v);
      HvpVm *vm = hvp_vm_new (id, id);

      vm->utilization = hvp_utilization_new ();
      vm->utilization->start_time = 1798761600;
      vm->utilization->interval_seconds = 300;
      for (guint i = 0; i < 8640; i++)
        {
          gfloat cpu = (gfloat) ((i * 7 + v) % 1000) / 10.0f;
          gfloat memory = i % 97 == 0 ? NAN : (gfloat) (1024 + i % 4096) + 0.25f;

          g_array_append_val (vm->utilization->processor_percent, cpu);
          g_array_append_val (vm->utilization->memory_demand_mib, memory);
        }
      g_ptr_array_add (host->vms, vm);
    }
  text = hvp_inventory_to_json (inventory);
  g_assert_cmpuint (strlen (text), >, 3 * 2 * 16384);
  back = hvp_inventory_from_json_take (g_strdup (text), strlen (text), "long.json", &error);
  g_assert_no_error (error);
  read = ((HvpVm *) g_ptr_array_index (((HvpHost *) g_ptr_array_index (back->hosts, 0))->vms,
                                       2))->utilization;
  g_assert_cmpuint (read->processor_percent->len, ==, 8640);
  g_assert_cmpfloat (g_array_index (read->processor_percent, gfloat, 8639), ==,
                     (gfloat) ((8639 * 7 + 2) % 1000) / 10.0f);
  g_assert_true (isnan (g_array_index (read->memory_demand_mib, gfloat, 97)));
  again = hvp_inventory_to_json (back);
  g_assert_cmpstr (again, ==, text);
}

HVP_TEST_SUITE (utilization)
{
  g_test_add_func ("/models/utilization/series-round-trip", test_series_round_trip);
  g_test_add_func ("/models/utilization/series-gaps-and-empty", test_series_gaps_and_empty);
  g_test_add_func ("/models/utilization/series-refused", test_series_refused);
  g_test_add_func ("/models/utilization/series-matches-strtod", test_series_matches_strtod);
  g_test_add_func ("/models/utilization/validate", test_validate);
  g_test_add_func ("/models/utilization/validate-optional", test_validate_optional);
  g_test_add_func ("/models/utilization/inventory-round-trip", test_inventory_round_trip);
  g_test_add_func ("/models/utilization/inventory-long-series-take",
                   test_inventory_long_series_take);
}
