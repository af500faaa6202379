/* Tests of models/text.c: the one terminal notation. */
#include <glib.h>

#include "unit.h"
#include "models/text.h"

typedef struct {
  const char *text;
  const char *shown;
} TextCase;

static void
test_escape (void)
{
  static const TextCase cases[] = {
    { "", "" },
    { "plain \xc3\xa9 D:\\VMs\\a.vhdx", "plain \xc3\xa9 D:\\VMs\\a.vhdx" },
    { "x\nVerdict: PASS", "x\\nVerdict: PASS" },
    { "a\rb\tc", "a\\rb\\tc" },
    { "\x1b[2J\x1b]0;t\x07", "\\x1B[2J\\x1B]0;t\\x07" },
    { "\x01\x1f\x7f", "\\x01\\x1F\\x7F" },
    { "c1 \xc2\x80 \xc2\x85 \xc2\x9b" "2J \xc2\x9f", "c1 \\u0080 \\u0085 \\u009B2J \\u009F" },
    { "\xc2\xa0nbsp stays", "\xc2\xa0nbsp stays" },
    { "bidi \xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad\xe2\x80\xae",
      "bidi \\u202A\\u202B\\u202C\\u202D\\u202E" },
    { "iso \xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9", "iso \\u2066\\u2067\\u2068\\u2069" },
    { "ls \xe2\x80\xa8 ps \xe2\x80\xa9", "ls \\u2028 ps \\u2029" },
    { "lrm \xe2\x80\x8e kept", "lrm \xe2\x80\x8e kept" },
    { "bad \xff \xc3 end", "bad \\xFF \\xC3 end" },
    { "overlong \xc0\xaf", "overlong \\xC0\\xAF" },
    { "cut \xe2\x80", "cut \\xE2\\x80" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = hvp_text_escape_terminal (cases[i].text);

      g_assert_cmpstr (shown, ==, cases[i].shown);
      g_assert_true (hvp_text_has_terminal_control (cases[i].text)
                     == (g_strcmp0 (cases[i].text, cases[i].shown) != 0));
    }
}

static void
test_null (void)
{
  g_autofree char *shown = hvp_text_escape_terminal (NULL);
  g_autoptr (GString) out = g_string_new ("x");

  g_assert_cmpstr (shown, ==, "");
  hvp_text_append_terminal (out, NULL);
  g_assert_cmpstr (out->str, ==, "x");
}

/* The output holds no control character, whatever the input. */
static void
test_every_byte (void)
{
  char text[256 * 2 + 1];
  g_autofree char *shown = NULL;

  for (guint b = 1; b < 256; b++)
    {
      text[2 * (b - 1)] = (char) b;
      text[2 * (b - 1) + 1] = 'a';
    }
  text[2 * 255] = '\0';
  shown = hvp_text_escape_terminal (text);
  g_assert_true (g_utf8_validate (shown, -1, NULL));
  g_assert_false (hvp_text_has_terminal_control (shown));
  for (const char *p = shown; *p != '\0'; p++)
    g_assert_cmpuint ((guchar) *p, >=, 0x20);
}

HVP_TEST_SUITE (text)
{
  g_test_add_func ("/models/text/escape", test_escape);
  g_test_add_func ("/models/text/null", test_null);
  g_test_add_func ("/models/text/every-byte", test_every_byte);
}
