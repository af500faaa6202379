/* Unit tests of reports/names.c: a sizing's VM names escaped once, then listed per host. */
#include <string.h>

#include "unit.h"
#include "models/text.h"
#include "reports/names.h"

/* Three VMs, the second with a control character (synthetic); a host holds VMs 2 and 0. */
static void
test_list (void)
{
  static const char *const vm_names[] = { "web01", "bad\001name", "" };
  g_autoptr (GPtrArray) vms = g_ptr_array_new_with_free_func (g_free);
  HvpSizing sizing = { .vms = vms };
  g_auto (HvpReportNames) names = { 0 };
  g_autoptr (GArray) host = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) empty = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GString) out = g_string_new ("VMs: ");
  const guint placed[] = { 2, 1, 0 };
  const char *name;
  gsize length;

  for (guint i = 0; i < G_N_ELEMENTS (vm_names); i++)
    {
      HvpSizingVm *vm = g_new0 (HvpSizingVm, 1);

      vm->name = (char *) vm_names[i];
      g_ptr_array_add (vms, vm);
    }
  hvp_report_names_init (&names, &sizing, hvp_text_append_terminal);
  name = hvp_report_names_get (&names, 1, &length);
  g_assert_cmpmem (name, length, "bad\\x01name", 11);
  hvp_report_names_get (&names, 2, &length);
  g_assert_cmpuint (length, ==, 0);

  g_array_append_vals (host, placed, G_N_ELEMENTS (placed));
  hvp_report_names_append_list (&names, host, ", ", out);
  g_assert_cmpstr (out->str, ==, "VMs: , bad\\x01name, web01");
  hvp_report_names_append_list (&names, empty, ", ", out);
  g_assert_cmpstr (out->str, ==, "VMs: , bad\\x01name, web01");
  g_assert_cmpuint (out->len, ==, strlen (out->str));
}

HVP_TEST_SUITE (names)
{
  g_test_add_func ("/reports/names/list", test_list);
}
