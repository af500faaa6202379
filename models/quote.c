/* hvplan: the one place that quotes a value from the inventory for the shell of a command a report
 * suggests (POSIX sh for hvplan's own options, PowerShell for cmdlets, cmd.exe for net.exe).  No
 * report or check builds a command line around a name by hand: each calls the function of its
 * shell, and a value the function refuses gets no command, only the reason.
 *
 * Every function also refuses a value that a report could not show as it would be typed: one
 * holding a line break, another control character, a bidirectional override or bytes that are not
 * UTF-8 (hvp_text_has_terminal_control()): the text reports escape those, so the command shown
 * would not name the same thing, and a line break in a pasted command runs what follows it. */
#include "models/quote.h"

#include <string.h>

#include "models/error.h"
#include "models/text.h"

static gboolean
check_displayable (const char *value, GError **error)
{
  if (!hvp_text_has_terminal_control (value))
    return TRUE;
  g_set_error (error, HVP_ERROR, HVP_ERROR_UNSUPPORTED,
               "it holds a control character, a bidirectional override or invalid UTF-8, which "
               "a one-line command cannot show as typed");
  return FALSE;
}

/**
 * hvp_quote_posix_sh:
 * @value: a value from the inventory (a switch name, a path)
 * @error: return location for an error, or %NULL
 *
 * Quotes @value as one word for a POSIX shell (sh, bash, dash, zsh in sh mode): between single
 * quotes, which "preserve the literal value of each character", and each single quote, which
 * "cannot occur within single-quotes", written as `'\''` (close, a backslash-escaped quote,
 * reopen).  POSIX.1-2017, Shell Command Language, 2.2.1 "Escape Character (Backslash)" and 2.2.2
 * "Single-Quotes".  So `$(...)`, backticks, `*`, `;` and `\` stay literal.
 *
 * Returns: (transfer full) (nullable): the quoted word (`'a b'`, `'it'\''s'`, `''` for ""), or
 *   %NULL with %HVP_ERROR_UNSUPPORTED when @value holds a control character, a bidirectional
 *   override or invalid UTF-8; the message says why, without @value
 */
char *
hvp_quote_posix_sh (const char *value, GError **error)
{
  GString *word;

  g_return_val_if_fail (value != NULL, NULL);
  if (!check_displayable (value, error))
    return NULL;
  word = g_string_sized_new (strlen (value) + 2);
  g_string_append_c (word, '\'');
  for (const char *p = value; *p != '\0'; p++)
    if (*p == '\'')
      g_string_append (word, "'\\''");
    else
      g_string_append_c (word, *p);
  g_string_append_c (word, '\'');
  return g_string_free (word, FALSE);
}

/* PowerShell's single-quote characters: the apostrophe and the four typographic single quotes
 * its tokenizer accepts in their place (PowerShell Language Specification 3.0, 2.3.5.2 "String
 * literals", single-quote-character). */
static gboolean
is_powershell_single_quote (gunichar c)
{
  return c == '\'' || c == 0x2018 || c == 0x2019 || c == 0x201a || c == 0x201b;
}

/**
 * hvp_quote_powershell:
 * @value: a value from the inventory (a firewall rule name, an account)
 * @error: return location for an error, or %NULL
 *
 * Quotes @value as a PowerShell verbatim (single-quoted) string: nothing inside is expanded
 * (`$x`, `$(...)`, the backtick escape), and "to include a single quotation mark in a
 * single-quoted string, use a second consecutive single quote" (Microsoft Learn,
 * about_Quoting_Rules, "Single-quoted strings").  PowerShell also takes the typographic single
 * quotes U+2018, U+2019, U+201A and U+201B as single quotes (PowerShell Language Specification
 * 3.0, 2.3.5.2, single-quote-character): each is doubled too, so none can close the string.
 *
 * Returns: (transfer full) (nullable): the quoted string (`'a b'`, `'it''s'`), or %NULL with
 *   %HVP_ERROR_UNSUPPORTED when @value holds a control character, a bidirectional override or
 *   invalid UTF-8
 */
char *
hvp_quote_powershell (const char *value, GError **error)
{
  GString *word;

  g_return_val_if_fail (value != NULL, NULL);
  if (!check_displayable (value, error))
    return NULL;
  word = g_string_sized_new (strlen (value) + 2);
  g_string_append_c (word, '\'');
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      gsize length = g_utf8_next_char (p) - p;

      if (is_powershell_single_quote (g_utf8_get_char (p)))
        g_string_append_len (word, p, length);
      g_string_append_len (word, p, length);
    }
  g_string_append_c (word, '\'');
  return g_string_free (word, FALSE);
}

/* The characters cmd.exe cannot be trusted with inside double quotes, and why. */
static const struct {
  char c;
  const char *why;
} cmd_refused[] = {
  { '"', "'\"' ends cmd.exe's quoting, and cmd.exe has no escape for it inside double quotes" },
  { '%', "cmd.exe expands '%' variables even between double quotes" },
  { '!', "cmd.exe expands '!' variables between double quotes when delayed expansion is on" },
  { '^', "'^' is cmd.exe's escape character and is read again when the line is parsed twice" },
  { '&', "'&' separates commands in cmd.exe as soon as the quoting shifts" },
  { '|', "'|' is a pipe in cmd.exe as soon as the quoting shifts" },
  { '<', "'<' redirects input in cmd.exe as soon as the quoting shifts" },
  { '>', "'>' redirects output in cmd.exe as soon as the quoting shifts" },
};

/**
 * hvp_quote_cmd:
 * @value: a value from the inventory (a local group, an account)
 * @error: return location for an error, or %NULL
 *
 * Quotes @value as one argument of a program run from cmd.exe: between double quotes, which keep
 * spaces and `&|<>^` from cmd.exe's parser (Microsoft Learn, "cmd": "the special characters that
 * require quotes are <space> &()[]{}^=;!'+,`~"), with a run of backslashes at the end doubled so
 * that the program's argument parser does not read `\"` as a quote ("Parsing C++ command-line
 * arguments": 2n backslashes before a double quote are n backslashes and a delimiter).
 *
 * cmd.exe cannot quote everything: it expands `%VAR%` even between double quotes (and `!VAR!`
 * with delayed expansion; Microsoft Learn, "set", "call"), and has no escape for `"` inside them.
 * A value holding `"`, `%`, `!`, `^`, `&`, `|`, `<` or `>`, or a control character, is refused
 * rather than escaped, so that a line pasted into a batch file or into `cmd /c "..."`, where
 * it is parsed again, still means one argument.
 *
 * Returns: (transfer full) (nullable): the quoted argument (`"Hyper-V Administrators"`), or %NULL
 *   with %HVP_ERROR_UNSUPPORTED whose message names the character and why
 */
char *
hvp_quote_cmd (const char *value, GError **error)
{
  GString *word;
  gsize trailing = 0;

  g_return_val_if_fail (value != NULL, NULL);
  if (!check_displayable (value, error))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (cmd_refused); i++)
    if (strchr (value, cmd_refused[i].c) != NULL)
      {
        g_set_error (error, HVP_ERROR, HVP_ERROR_UNSUPPORTED, "%s", cmd_refused[i].why);
        return NULL;
      }
  word = g_string_sized_new (strlen (value) + 4);
  g_string_append_c (word, '"');
  g_string_append (word, value);
  for (const char *p = value + strlen (value); p > value && p[-1] == '\\'; p--)
    trailing++;
  for (gsize i = 0; i < trailing; i++)
    g_string_append_c (word, '\\');
  g_string_append_c (word, '"');
  return g_string_free (word, FALSE);
}
