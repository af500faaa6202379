/* hvplan: writing text from the inventory into Markdown (CommonMark 0.30 with GitHub's extensions)
 * so that it renders as exactly that text, whatever it holds: shared by the plan checklist
 * (plan-markdown.c) and the sizing (size-markdown.c). */
#include "reports/markdown.h"

#include <string.h>

#include "models/text.h"

/* ASCII punctuation that Markdown (CommonMark, with GitHub's extensions: tables, strikethrough,
 * autolinks, math, mentions) may read as syntax; CommonMark lets a backslash escape each.  A ':'
 * before '/' is escaped too, or GitHub would link "http://..." with the backslashes of its
 * escaped dots inside; '.' keeps "www." from being linked. */
static const char markdown_specials[] = "\\`*_{}[]()#+-.!|<>&~$@^";

/* Appends @c, a C0 control character or DEL, as its Unicode control picture (U+2400 + c,
 * U+2421 for DEL): visible, and not a line break for Markdown. */
static void
append_control_picture (GString *out, guchar c)
{
  g_string_append_unichar (out, c == 0x7f ? 0x2421 : 0x2400 + c);
}

/**
 * hvp_markdown_append_literal_char:
 * @out: Markdown is appended here
 * @p: a character of valid UTF-8 text that is not an ASCII Markdown special to escape
 * @in_code: %TRUE inside a code span or block, where a backslash is literal
 *
 * Appends the character at @p so that it neither breaks the line nor drives a terminal that shows
 * the Markdown: a C0 control or DEL as its control picture (U+2400–U+2421), a C1 control, a
 * bidirectional override or isolate or U+2028/U+2029 (hvp_text_is_terminal_control()) in
 * hvp_text_append_terminal()'s notation (`\u202E`; outside code its backslash escaped, so it
 * renders as written), anything else as it is.
 *
 * Returns: the character after @p
 */
const char *
hvp_markdown_append_literal_char (GString *out, const char *p, gboolean in_code)
{
  guchar c = (guchar) *p;
  gunichar u;

  if (c < 0x20 || c == 0x7f)
    {
      append_control_picture (out, c);
      return p + 1;
    }
  if (c < 0x80)
    {
      g_string_append_c (out, (char) c);
      return p + 1;
    }
  u = g_utf8_get_char (p);
  if (hvp_text_is_terminal_control (u))
    g_string_append_printf (out, "%s\\u%04X", in_code ? "" : "\\", u);
  else
    g_string_append_len (out, p, g_utf8_next_char (p) - p);
  return g_utf8_next_char (p);
}

/**
 * hvp_markdown_append_text:
 * @out: Markdown is appended here
 * @text: any text (a name, a message); invalid UTF-8 is replaced with U+FFFD first
 *
 * Appends @text as inline Markdown that renders as exactly @text: a backslash before every ASCII
 * punctuation character CommonMark or GitHub may read as syntax (`` \ ` * _ { } [ ] ( ) # + - .
 * ! | < > & ~ $ @ ^ ``, and `:` before `/`, so no autolink forms; CommonMark 0.30, 2.4
 * "Backslash escapes"), C0 control characters and DEL as their Unicode control pictures
 * (U+2400 to U+2421), C1 controls and bidirectional overrides as `\u009B`, `\u202E`
 * (hvp_markdown_append_literal_char()), so @text can neither open a block nor end a line or list
 * item, nor drive a terminal.  Safe in a
 * GitHub table cell: `|` is escaped.
 */
void
hvp_markdown_append_text (GString *out, const char *text)
{
  g_autofree char *valid = NULL;

  g_return_if_fail (out != NULL && text != NULL);

  valid = g_utf8_make_valid (text, -1);
  for (const char *p = valid; *p != '\0';)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c < 0x7f
          && (strchr (markdown_specials, c) != NULL || (c == ':' && p[1] == '/')))
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
          p++;
        }
      else
        p = hvp_markdown_append_literal_char (out, p, FALSE);
    }
}

/**
 * hvp_markdown_append_code:
 * @out: Markdown is appended here
 * @text: literal text (a path, an id); invalid UTF-8 is replaced with U+FFFD first
 *
 * Appends @text as a code span, so that a Windows path keeps its backslashes: the fence is one
 * backtick longer than the longest backtick run inside, and one space pads both ends when @text
 * starts or ends with a backtick or with spaces at both ends (CommonMark 0.30, 6.1 "Code spans").
 * Control characters show as hvp_markdown_append_literal_char() writes them; empty @text is written `(empty)`.  Not for
 * table cells: a `|` inside would end the cell.
 */
void
hvp_markdown_append_code (GString *out, const char *text)
{
  g_autofree char *valid = NULL;
  gsize longest = 0;
  gsize run = 0;
  gsize length;
  gboolean pad;

  g_return_if_fail (out != NULL && text != NULL);

  valid = g_utf8_make_valid (text, -1);
  length = strlen (valid);
  if (length == 0)
    {
      g_string_append (out, "(empty)");
      return;
    }
  for (const char *p = valid; *p != '\0'; p++)
    {
      run = *p == '`' ? run + 1 : 0;
      longest = MAX (longest, run);
    }
  /* A leading and trailing space would be stripped, and a backtick at either end would join the
   * fence: pad both ends with one space, which CommonMark strips again. */
  pad = valid[0] == '`' || valid[length - 1] == '`'
        || (valid[0] == ' ' && valid[length - 1] == ' ');
  for (gsize i = 0; i <= longest; i++)
    g_string_append_c (out, '`');
  if (pad)
    g_string_append_c (out, ' ');
  for (const char *p = valid; *p != '\0';)
    p = hvp_markdown_append_literal_char (out, p, TRUE);
  if (pad)
    g_string_append_c (out, ' ');
  for (gsize i = 0; i <= longest; i++)
    g_string_append_c (out, '`');
}

/**
 * hvp_markdown_append_name:
 * @out: Markdown is appended here
 * @name: (nullable): a name from the inventory
 *
 * Appends @name escaped as hvp_markdown_append_text() does, in bold (`**...**`) when it can be
 * (emphasis needs no white space just inside its delimiters: CommonMark 0.30, 6.2 "Emphasis and
 * strong emphasis"), else plain; `(unnamed)` for a %NULL or empty name.  The caller follows it
 * with white space, punctuation or the end of the line.
 */
void
hvp_markdown_append_name (GString *out, const char *name)
{
  g_autofree char *valid = NULL;
  gunichar first;
  gunichar last;
  gboolean bold;

  g_return_if_fail (out != NULL);

  if (name == NULL || *name == '\0')
    {
      g_string_append (out, "\\(unnamed\\)");
      return;
    }
  valid = g_utf8_make_valid (name, -1);
  first = g_utf8_get_char (valid);
  last = g_utf8_get_char (g_utf8_prev_char (valid + strlen (valid)));
  bold = !g_unichar_isspace (first) && !g_unichar_isspace (last);
  if (bold)
    g_string_append (out, "**");
  hvp_markdown_append_text (out, valid);
  if (bold)
    g_string_append (out, "**");
}

/**
 * hvp_markdown_append_text_list:
 * @out: Markdown is appended here
 * @texts: (element-type utf8): names or other texts from the inventory
 *
 * Appends @texts separated by ", ", each as hvp_markdown_append_text() writes it (so the list is
 * safe in a table cell too); nothing for an empty array.
 */
void
hvp_markdown_append_text_list (GString *out, const GPtrArray *texts)
{
  g_return_if_fail (out != NULL && texts != NULL);

  for (guint i = 0; i < texts->len; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      hvp_markdown_append_text (out, g_ptr_array_index (texts, i));
    }
}
