/* hvplan: text from the input made safe to show on a terminal.
 *
 * A name read from a server someone else runs may hold anything: a line break that starts a
 * second "Verdict:" line, ESC or CSI (U+009B) that start a terminal control sequence (ECMA-48,
 * 5.3 and 5.4), or a bidirectional override that shows text in another order than it is read
 * (Unicode Standard Annex #9, 2.1 and 2.2; the "Trojan Source" attacks, CVE-2021-42574).  Every
 * text report, warning and error message writes such values through hvp_text_append_terminal(),
 * so they reach the terminal in one visible notation. */
#include "models/text.h"

#include <string.h>

/**
 * hvp_text_is_terminal_control:
 * @c: a Unicode character
 *
 * Tells whether @c must not reach a terminal raw: a C0 control (U+0000–U+001F: ESC, CR, LF, TAB,
 * BEL, BS...), DEL (U+007F), a C1 control (U+0080–U+009F: CSI U+009B, OSC U+009D, NEL U+0085; ECMA-48
 * 5.3 and 5.4), one of the bidirectional embeddings and overrides U+202A–U+202E or the isolates
 * U+2066–U+2069 (UAX #9, 2.1 "Explicit Directional Embeddings" to 2.4 "Explicit Directional
 * Isolates"), or the line and paragraph separators U+2028 and U+2029.
 *
 * Returns: %TRUE when @c is shown escaped
 */
gboolean
hvp_text_is_terminal_control (gunichar c)
{
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e)
         || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
}

/* One character of hvp_text_is_terminal_control() in the notation. */
static void
append_control (GString *out, gunichar c)
{
  if (c == '\n')
    g_string_append (out, "\\n");
  else if (c == '\r')
    g_string_append (out, "\\r");
  else if (c == '\t')
    g_string_append (out, "\\t");
  else if (c < 0x80)
    g_string_append_printf (out, "\\x%02X", c);
  else
    g_string_append_printf (out, "\\u%04X", c);
}

/**
 * hvp_text_append_terminal:
 * @out: the text is appended here
 * @text: (nullable): text that came from input (a name, a path, a library's message); %NULL
 *   appends nothing
 *
 * Appends @text so that it shows as itself on a terminal and stays on one line: LF, CR and TAB as
 * `\n`, `\r`, `\t`; the other C0 controls and DEL as `\xHH` (`\x1B` for ESC); C1 controls, the
 * bidirectional embeddings, overrides and isolates and U+2028/U+2029 as `\uHHHH` (`\u009B` for
 * CSI, `\u202E` for RIGHT-TO-LEFT OVERRIDE); each byte that is not part of valid UTF-8 as `\xHH`.
 * Every other character, backslashes included, is copied, so Windows paths read as they are (a
 * name that holds the six characters `\x1B` shows the same as ESC would: the notation is for
 * eyes, JSON keeps the exact value).  The one notation of every text report, warning and error
 * message (hvp_error_one_line() uses it).
 */
void
hvp_text_append_terminal (GString *out, const char *text)
{
  const char *p = text;
  const char *end;

  g_return_if_fail (out != NULL);
  if (text == NULL)
    return;
  end = text + strlen (text);
  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02X", (guchar) *p);
          p++;
          continue;
        }
      if (hvp_text_is_terminal_control (c))
        append_control (out, c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      p = g_utf8_next_char (p);
    }
}

/**
 * hvp_text_escape_terminal:
 * @text: (nullable): text that came from input
 *
 * hvp_text_append_terminal() into a new string.
 *
 * Returns: (transfer full): @text as a terminal shows it safely; "" for %NULL
 */
char *
hvp_text_escape_terminal (const char *text)
{
  GString *out = g_string_sized_new (text != NULL ? strlen (text) : 0);

  hvp_text_append_terminal (out, text);
  return g_string_free (out, FALSE);
}

/**
 * hvp_text_has_terminal_control:
 * @text: text that came from input
 *
 * Tells whether hvp_text_append_terminal() would change @text: it holds a character of
 * hvp_text_is_terminal_control() or a byte that is not valid UTF-8.  A command line holding one
 * cannot be shown as it would be typed (see models/quote.c).
 *
 * Returns: %TRUE when @text holds such a character or byte
 */
gboolean
hvp_text_has_terminal_control (const char *text)
{
  const char *end;

  g_return_val_if_fail (text != NULL, FALSE);
  end = text + strlen (text);
  if (!g_utf8_validate (text, end - text, NULL))
    return TRUE;
  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    if (hvp_text_is_terminal_control (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}
