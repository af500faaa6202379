#include "unit.h"
#include "models/model.h"

static void
test_parse_size (void)
{
  guint64 bytes = 0;

  g_assert_true (hvp_parse_size ("4096", &bytes));
  g_assert_cmpuint (bytes, ==, 4096);
  g_assert_true (hvp_parse_size ("512MiB", &bytes));
  g_assert_cmpuint (bytes, ==, G_GUINT64_CONSTANT (536870912));
  g_assert_true (hvp_parse_size ("2g", &bytes));
  g_assert_cmpuint (bytes, ==, G_GUINT64_CONSTANT (2147483648));
  g_assert_true (hvp_parse_size ("16777215TiB", &bytes));
  g_assert_cmpuint (bytes, ==, G_GUINT64_CONSTANT (16777215) << 40);

  g_assert_false (hvp_parse_size ("16777216TiB", &bytes)); /* 2^64: overflow */
  g_assert_false (hvp_parse_size ("", &bytes));
  g_assert_false (hvp_parse_size ("-1", &bytes));
  g_assert_false (hvp_parse_size ("1.5G", &bytes));
  g_assert_false (hvp_parse_size ("2GB", &bytes)); /* decimal units are refused */
  g_assert_false (hvp_parse_size ("G", &bytes));
}

static void
test_parse_uint64 (void)
{
  guint64 value = 0;

  g_assert_true (hvp_parse_uint64 ("18446744073709551615", &value));
  g_assert_cmpuint (value, ==, G_MAXUINT64);
  g_assert_false (hvp_parse_uint64 ("18446744073709551616", &value));
  g_assert_false (hvp_parse_uint64 ("+1", &value));
  g_assert_false (hvp_parse_uint64 (" 1", &value));
  g_assert_false (hvp_parse_uint64 ("1 ", &value));
}

static void
test_arithmetic (void)
{
  guint64 product = 7;

  g_assert_true (hvp_mul_uint64 (1048576, 1024, &product));
  g_assert_cmpuint (product, ==, HVP_GIB);
  g_assert_false (hvp_mul_uint64 (G_MAXUINT64 / 2 + 1, 2, &product));
  g_assert_cmpuint (product, ==, HVP_GIB); /* untouched on failure */
  g_assert_cmpuint (hvp_add_saturating (G_MAXUINT64, 1), ==, G_MAXUINT64);
  g_assert_cmpuint (hvp_add_saturating (2, 3), ==, 5);
}

static void
test_format_gib (void)
{
  struct {
    guint64 bytes;
    const char *text;
  } cases[] = {
    { 0, "0.0 GiB" },
    { HVP_GIB, "1.0 GiB" },
    { G_GUINT64_CONSTANT (1127428916), "1.1 GiB" }, /* just above 1.05 GiB */
    { G_GUINT64_CONSTANT (1127428915), "1.0 GiB" }, /* just below */
    { 380 * HVP_GIB + 8 * HVP_MIB, "380.0 GiB" },
    { G_MAXUINT64, "17179869184.0 GiB" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = hvp_format_gib (cases[i].bytes);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_filetime (void)
{
  /* properties/last_powered_on_time of the real 2012 R2 sample: 2014-11-09 08:31:36 UTC. */
  g_assert_cmpint (hvp_filetime_to_unix (G_GUINT64_CONSTANT (130599954966442599)), ==, 1415521896);
  g_assert_cmpint (hvp_filetime_to_unix (G_GUINT64_CONSTANT (116444736000000000)), ==, 0);
}

static void
test_enum_tables (void)
{
  HvpSwitchType type = HVP_SWITCH_TYPE_UNKNOWN;
  HvpVmState state = HVP_VM_STATE_UNKNOWN;
  HvpDiskType disk_type = HVP_DISK_TYPE_UNKNOWN;
  HvpControllerType controller = HVP_CONTROLLER_TYPE_OTHER;

  g_assert_cmpstr (hvp_switch_type_to_string (HVP_SWITCH_TYPE_EXTERNAL), ==, "external");
  g_assert_true (hvp_switch_type_from_string ("private", &type));
  g_assert_cmpint (type, ==, HVP_SWITCH_TYPE_PRIVATE);
  g_assert_false (hvp_switch_type_from_string ("External", &type));
  g_assert_true (hvp_vm_state_from_string ("saved", &state));
  g_assert_cmpint (state, ==, HVP_VM_STATE_SAVED);
  g_assert_cmpstr (hvp_vm_state_to_string (99), ==, "unknown");
  g_assert_true (hvp_disk_type_from_string ("differencing", &disk_type));
  g_assert_cmpint (disk_type, ==, HVP_DISK_TYPE_DIFFERENCING);
  g_assert_cmpstr (hvp_disk_format_to_string (HVP_DISK_FORMAT_VHDX), ==, "vhdx");
  g_assert_true (hvp_controller_type_from_string ("scsi", &controller));
  g_assert_cmpint (controller, ==, HVP_CONTROLLER_TYPE_SCSI);
  g_assert_false (hvp_controller_type_from_string (NULL, &controller));
}

static void
test_mac (void)
{
  g_autofree char *dashes = hvp_mac_normalize ("00-15-5d-01-07-dc");
  g_autofree char *plain = hvp_mac_normalize ("00155D191E06");
  g_autofree char *colons = hvp_mac_normalize ("52:54:00:12:34:56");
  g_autofree char *short_mac = hvp_mac_normalize ("00-15-5D");
  g_autofree char *junk = hvp_mac_normalize ("00-15-5D-01-07-ZZ");

  g_assert_cmpstr (dashes, ==, "00-15-5D-01-07-DC");
  g_assert_cmpstr (plain, ==, "00-15-5D-19-1E-06");
  g_assert_cmpstr (colons, ==, "52-54-00-12-34-56");
  g_assert_null (short_mac);
  g_assert_null (junk);
}

HVP_TEST_SUITE (units)
{
  g_test_add_func ("/models/units/parse-size", test_parse_size);
  g_test_add_func ("/models/units/parse-uint64", test_parse_uint64);
  g_test_add_func ("/models/units/arithmetic", test_arithmetic);
  g_test_add_func ("/models/units/format-gib", test_format_gib);
  g_test_add_func ("/models/units/filetime", test_filetime);
  g_test_add_func ("/models/units/enum-tables", test_enum_tables);
  g_test_add_func ("/models/adapter/mac-normalize", test_mac);
}
