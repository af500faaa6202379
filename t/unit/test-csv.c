/* Unit tests of reports/csv.c: RFC 4180 fields (quoting, doubled quotes, CRLF), the terminal
 * notation of text from the inventory, and the formula guard (OWASP "CSV Injection"). */
#include <string.h>

#include "unit.h"
#include "models/text.h"
#include "reports/csv.h"

/* One record of @texts (NULL: an empty field) as hvp_csv_append_text() writes it. */
static char *
text_record (const char *const *texts, gsize n)
{
  GString *out = g_string_new (NULL);
  HvpCsv csv = { out, 0 };

  for (gsize i = 0; i < n; i++)
    hvp_csv_append_text (&csv, texts[i]);
  hvp_csv_end_row (&csv);
  return g_string_free (out, FALSE);
}

static void
check_cell (const char *text, const char *expected)
{
  g_autofree char *record = text_record (&text, 1);
  g_autofree char *want = g_strconcat (expected, "\r\n", NULL);

  g_assert_cmpstr (record, ==, want);
}

static void
test_quoting (void)
{
  check_cell ("plain", "plain");
  check_cell ("a,b", "\"a,b\"");
  check_cell ("say \"hi\"", "\"say \"\"hi\"\"\"");
  check_cell ("D:\\VMs\\x.vhdx", "D:\\VMs\\x.vhdx");
  check_cell ("", "");
}

static void
test_formula_guard (void)
{
  check_cell ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0");
  check_cell ("+1", "'+1");
  check_cell ("-2", "'-2");
  check_cell ("@SUM(1)", "'@SUM(1)");
  check_cell ("=HYPERLINK(\"http://e.x\")", "\"'=HYPERLINK(\"\"http://e.x\"\")\"");
  check_cell ("a=b", "a=b");
  check_cell ("'quoted", "'quoted");
}

static void
test_controls (void)
{
  /* TAB and CR would start a formula too: in the notation they start with a backslash. */
  check_cell ("\tx", "\\tx");
  check_cell ("\rx", "\\rx");
  check_cell ("line\nbreak", "line\\nbreak");
  check_cell ("\x1b[31mred", "\\x1B[31mred");
  check_cell ("a\xe2\x80\xae" "b", "a\\u202Eb");
  check_cell ("bad \xff byte", "bad \\xFF byte");
}

static void
test_record (void)
{
  const char *const texts[] = { NULL, "x", NULL };
  g_autofree char *record = text_record (texts, G_N_ELEMENTS (texts));
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  HvpCsv csv = { out, 0 };
  const char *const header[] = { "a", "b", NULL };

  g_assert_cmpstr (record, ==, ",x,\r\n");
  hvp_csv_append_header (&csv, header);
  hvp_csv_append_uint64 (&csv, G_MAXUINT64);
  hvp_csv_append_bool (&csv, TRUE);
  hvp_csv_append_raw (&csv, "-1");
  g_ptr_array_add (names, (gpointer) "=a");
  g_ptr_array_add (names, (gpointer) "b\nc");
  hvp_csv_append_list (&csv, names);
  hvp_csv_end_row (&csv);
  g_assert_cmpstr (out->str, ==, "a,b\r\n18446744073709551615,true,-1,\"'=a\nb\\nc\"\r\n");
}

/* A cell joined from texts already in the terminal notation is the field hvp_csv_append_list()
 * makes of the texts: quoting, the formula guard inside the quotes, controls escaped once. */
static void
test_terminal_cell (void)
{
  static const char *const cases[][3] = {
    { "web01", "dc01", NULL },
    { "=cmd|' /C calc'!A0", "b", NULL },
    { "say \"hi\"", "tab\there", NULL },
    { "a,b", NULL, NULL },
    { "-1", NULL, NULL },
    { NULL, NULL, NULL },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr (GString) by_list = g_string_new (NULL);
      g_autoptr (GString) by_cell = g_string_new (NULL);
      g_autoptr (GString) cell = g_string_new (NULL);
      g_autoptr (GPtrArray) texts = g_ptr_array_new ();
      HvpCsv list_csv = { by_list, 0 };
      HvpCsv cell_csv = { by_cell, 0 };

      for (guint i = 0; i < 3 && cases[c][i] != NULL; i++)
        {
          g_ptr_array_add (texts, (gpointer) cases[c][i]);
          if (i > 0)
            g_string_append_c (cell, '\n');
          hvp_text_append_terminal (cell, cases[c][i]);
        }
      hvp_csv_append_raw (&list_csv, "x");
      hvp_csv_append_list (&list_csv, texts);
      hvp_csv_append_raw (&cell_csv, "x");
      hvp_csv_append_terminal_cell (&cell_csv, cell->str);
      g_assert_cmpstr (by_cell->str, ==, by_list->str);
    }
}

HVP_TEST_SUITE (csv)
{
  g_test_add_func ("/reports/csv/quoting", test_quoting);
  g_test_add_func ("/reports/csv/formula-guard", test_formula_guard);
  g_test_add_func ("/reports/csv/controls", test_controls);
  g_test_add_func ("/reports/csv/record", test_record);
  g_test_add_func ("/reports/csv/terminal-cell", test_terminal_cell);
}
