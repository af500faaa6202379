/* Tests of models/quote.c: one case list per shell, from each shell's documented grammar. */
#include <string.h>
#include <glib.h>

#include "unit.h"
#include "models/error.h"
#include "models/quote.h"

typedef char *(*QuoteFunc) (const char *value, GError **error);

typedef struct {
  const char *value;
  const char *quoted; /* NULL: refused */
} QuoteCase;

static void
check_cases (QuoteFunc quote, const QuoteCase *cases, gsize n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *quoted = quote (cases[i].value, &error);

      g_test_message ("value '%s'", cases[i].value);
      g_assert_cmpstr (quoted, ==, cases[i].quoted);
      if (cases[i].quoted == NULL)
        {
          g_assert_error (error, HVP_ERROR, HVP_ERROR_UNSUPPORTED);
          g_assert_cmpuint (strlen (error->message), >, 0);
        }
      else
        g_assert_no_error (error);
    }
}

/* The control characters no shell gets in a one-line command: LF, CR, TAB, ESC, DEL, C1 CSI
 * (U+009B), RIGHT-TO-LEFT OVERRIDE (U+202E), FIRST STRONG ISOLATE (U+2068), invalid UTF-8. */
static const char *const refused_everywhere[] = {
  "a\nb", "x\r", "a\tb", "\x1b[2J", "del\x7f", "csi\xc2\x9b" "2J", "abc\xe2\x80\xae" "fdp.exe",
  "iso\xe2\x81\xa8", "bad\xff",
};

static void
check_refused_everywhere (QuoteFunc quote)
{
  for (gsize i = 0; i < G_N_ELEMENTS (refused_everywhere); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *quoted = quote (refused_everywhere[i], &error);

      g_assert_null (quoted);
      g_assert_error (error, HVP_ERROR, HVP_ERROR_UNSUPPORTED);
    }
}

/* POSIX.1-2017 2.2.2: single quotes keep every character literal; a single quote is closed,
 * backslash-escaped (2.2.1) and reopened. */
static void
test_posix_sh (void)
{
  static const QuoteCase cases[] = {
    { "", "''" },
    { "External", "'External'" },
    { "Corp LAN", "'Corp LAN'" },
    { "it's", "'it'\\''s'" },
    { "''", "''\\'''\\'''" },
    { "$(reboot)", "'$(reboot)'" },
    { "`id`", "'`id`'" },
    { "a;b&c|d>e<f", "'a;b&c|d>e<f'" },
    { "*?[x]~", "'*?[x]~'" },
    { "back\\slash\\", "'back\\slash\\'" },
    { "\"dq\" $HOME", "'\"dq\" $HOME'" },
    { "%PATH%^!", "'%PATH%^!'" },
    { "caf\xc3\xa9 \xe2\x80\x99", "'caf\xc3\xa9 \xe2\x80\x99'" },
  };

  check_cases (hvp_quote_posix_sh, cases, G_N_ELEMENTS (cases));
  check_refused_everywhere (hvp_quote_posix_sh);
}

/* about_Quoting_Rules: single-quoted strings expand nothing; a quote is doubled.  The language
 * specification's single-quote-character: U+2018, U+2019, U+201A, U+201B close a string too, so
 * each is doubled. */
static void
test_powershell (void)
{
  static const QuoteCase cases[] = {
    { "", "''" },
    { "vm-monitoring-icmpv4", "'vm-monitoring-icmpv4'" },
    { "it's", "'it''s'" },
    { "$env:PATH $(Stop-Computer)", "'$env:PATH $(Stop-Computer)'" },
    { "back`tick`'", "'back`tick`'''" },
    { "\"double\"", "'\"double\"'" },
    { "left\xe2\x80\x98right\xe2\x80\x99", "'left\xe2\x80\x98\xe2\x80\x98right\xe2\x80\x99\xe2\x80\x99'" },
    { "low\xe2\x80\x9a high\xe2\x80\x9b", "'low\xe2\x80\x9a\xe2\x80\x9a high\xe2\x80\x9b\xe2\x80\x9b'" },
    { "\xe2\x80\x99; Stop-Computer; \xe2\x80\x98",
      "'\xe2\x80\x99\xe2\x80\x99; Stop-Computer; \xe2\x80\x98\xe2\x80\x98'" },
    { "\xe2\x80\x9c" "curly double\xe2\x80\x9d", "'\xe2\x80\x9c" "curly double\xe2\x80\x9d'" },
    { "C:\\path\\", "'C:\\path\\'" },
    { "%PATH% & | < > ^ !", "'%PATH% & | < > ^ !'" },
  };

  check_cases (hvp_quote_powershell, cases, G_N_ELEMENTS (cases));
  check_refused_everywhere (hvp_quote_powershell);
}

/* cmd: double quotes; '%' and '!' expand inside them, '"' cannot be escaped there, and '^&|<>'
 * are refused so that a line parsed twice stays one argument; trailing backslashes are doubled
 * for the C runtime's argument parser. */
static void
test_cmd (void)
{
  static const QuoteCase cases[] = {
    { "", "\"\"" },
    { "Hyper-V Administrators", "\"Hyper-V Administrators\"" },
    { "CONTOSO\\alice", "\"CONTOSO\\alice\"" },
    { "it's (x) [y] {z} = ; + , ` ~", "\"it's (x) [y] {z} = ; + , ` ~\"" },
    { "trailing\\", "\"trailing\\\\\"" },
    { "two\\\\", "\"two\\\\\\\\\"" },
    { "$(reboot)", "\"$(reboot)\"" },
    { "a\"b", NULL },
    { "%PATH%", NULL },
    { "100%", NULL },
    { "!x!", NULL },
    { "a^b", NULL },
    { "a&calc", NULL },
    { "a|b", NULL },
    { "a<b", NULL },
    { "a>b", NULL },
  };

  check_cases (hvp_quote_cmd, cases, G_N_ELEMENTS (cases));
  check_refused_everywhere (hvp_quote_cmd);
}

/* The reason names the character that cannot be quoted. */
static void
test_cmd_reason (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *quoted = hvp_quote_cmd ("x%PATH%", &error);

  g_assert_null (quoted);
  g_assert_error (error, HVP_ERROR, HVP_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "'%'"));
}

HVP_TEST_SUITE (quote)
{
  g_test_add_func ("/models/quote/posix-sh", test_posix_sh);
  g_test_add_func ("/models/quote/powershell", test_powershell);
  g_test_add_func ("/models/quote/cmd", test_cmd);
  g_test_add_func ("/models/quote/cmd-reason", test_cmd_reason);
}
