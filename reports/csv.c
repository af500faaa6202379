/* hvplan: cells of a CSV report, as RFC 4180 ("Common Format and MIME Type for Comma-Separated
 * Values (CSV) Files", section 2) writes them, made safe for the spreadsheet that opens them.
 *
 * A record ends with CRLF (2.1); fields are separated by commas (2.4); a field holding a comma,
 * a double quote, CR or LF is enclosed in double quotes and its double quotes doubled (2.5-2.7).
 * Text from the inventory is first written in the one terminal notation of models/text.c (LF as
 * `\n`, ESC as `\x1B`, ...), so a record is one line whatever a name holds and no control
 * character reaches the terminal that shows the file; the exact values are in the JSON and xlsx
 * reports.  Then a text cell that a spreadsheet would read as a formula, one starting with `=`,
 * `+`, `-`, `@`, TAB or CR (OWASP, "CSV Injection",
 * https://owasp.org/www-community/attacks/CSV_Injection; OWASP ASVS 5.0 requirement 1.2.10), gets
 * a single quote in front: `=cmd|' /C calc'!A0` is written `'=cmd|' /C calc'!A0`.  Number cells
 * are written by hvplan from unsigned integers, never from input text, and start with a digit. */
#include "reports/csv.h"

#include <string.h>

#include "models/text.h"

/* Whether a spreadsheet program would take @text for a formula (OWASP's list). */
static gboolean
starts_like_formula (const char *text)
{
  return text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL;
}

/* Appends @cell as one RFC 4180 field: quoted when it holds a comma, a quote, CR or LF. */
static void
append_field (GString *out, const char *cell)
{
  if (strpbrk (cell, ",\"\r\n") == NULL)
    {
      g_string_append (out, cell);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = cell; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* A comma before every field but the first of a record. */
static void
append_separator (HvpCsv *csv)
{
  if (csv->fields++ > 0)
    g_string_append_c (csv->out, ',');
}

/**
 * hvp_csv_append_text:
 * @csv: the report; the field is appended to its current record
 * @text: (nullable): text, from the inventory or the planner; %NULL writes an empty field
 *
 * Appends one text field: @text in the terminal notation (hvp_text_append_terminal()), with a
 * single quote in front when it starts like a formula (`=`, `+`, `-`, `@`, TAB, CR: OWASP "CSV
 * Injection"), quoted as RFC 4180 section 2 says.
 */
void
hvp_csv_append_text (HvpCsv *csv, const char *text)
{
  g_autoptr (GString) cell = g_string_new (NULL);

  append_separator (csv);
  if (text == NULL)
    return;
  hvp_text_append_terminal (cell, text);
  if (starts_like_formula (cell->str))
    g_string_prepend_c (cell, '\'');
  append_field (csv->out, cell->str);
}

/**
 * hvp_csv_append_list:
 * @csv: the report
 * @texts: (element-type utf8): texts from the inventory (VM names)
 *
 * Appends one text field holding @texts one a line: each in the terminal notation, joined with
 * LF, quoted (RFC 4180 section 2.6: a field may hold line breaks); the formula guard applies to
 * the field's start, as in hvp_csv_append_text().
 */
void
hvp_csv_append_list (HvpCsv *csv, const GPtrArray *texts)
{
  g_autoptr (GString) cell = g_string_new (NULL);

  append_separator (csv);
  for (guint i = 0; i < texts->len; i++)
    {
      if (i > 0)
        g_string_append_c (cell, '\n');
      hvp_text_append_terminal (cell, g_ptr_array_index (texts, i));
    }
  if (starts_like_formula (cell->str))
    g_string_prepend_c (cell, '\'');
  append_field (csv->out, cell->str);
}

/**
 * hvp_csv_append_terminal_cell:
 * @csv: the report
 * @cell: texts already in the terminal notation (hvp_text_append_terminal()), joined with LF
 *
 * Appends @cell as hvp_csv_append_list() appends the texts it joins: one field, the formula guard
 * at its start, quoted when it holds a line break, comma or quote.  For a report that escapes
 * each text once and writes it many times (the size report's VM names, once per model).
 */
void
hvp_csv_append_terminal_cell (HvpCsv *csv, const char *cell)
{
  g_autofree char *guarded = starts_like_formula (cell) ? g_strconcat ("'", cell, NULL) : NULL;

  append_separator (csv);
  append_field (csv->out, guarded != NULL ? guarded : cell);
}

/**
 * hvp_csv_append_uint64:
 * @csv: the report
 * @value: a count or a number of bytes
 *
 * Appends one number field: @value in decimal, digit for digit (no separator, no unit).
 */
void
hvp_csv_append_uint64 (HvpCsv *csv, guint64 value)
{
  append_separator (csv);
  g_string_append_printf (csv->out, "%" G_GUINT64_FORMAT, value);
}

/**
 * hvp_csv_append_bool:
 * @csv: the report
 * @value: a truth value
 *
 * Appends `true` or `false`, as the JSON reports write them.
 */
void
hvp_csv_append_bool (HvpCsv *csv, gboolean value)
{
  append_separator (csv);
  g_string_append (csv->out, value ? "true" : "false");
}

/**
 * hvp_csv_append_raw:
 * @csv: the report
 * @value: (nullable): a value hvplan wrote itself (a diff's number or boolean, an enum name);
 *   %NULL writes an empty field
 *
 * Appends @value quoted as RFC 4180 says, without the formula guard: for numbers hvplan formats
 * from integers (a signed one, such as a processor stepping of -1, stays a number).
 */
void
hvp_csv_append_raw (HvpCsv *csv, const char *value)
{
  append_separator (csv);
  if (value != NULL)
    append_field (csv->out, value);
}

/**
 * hvp_csv_append_header:
 * @csv: the report
 * @names: (array zero-terminated=1): the column names
 *
 * Appends the header record (RFC 4180 section 2.3): one field per name, then CRLF.
 */
void
hvp_csv_append_header (HvpCsv *csv, const char *const *names)
{
  for (gsize i = 0; names[i] != NULL; i++)
    hvp_csv_append_raw (csv, names[i]);
  hvp_csv_end_row (csv);
}

/**
 * hvp_csv_end_row:
 * @csv: the report
 *
 * Ends the record with CRLF (RFC 4180 section 2.1).
 */
void
hvp_csv_end_row (HvpCsv *csv)
{
  g_string_append (csv->out, "\r\n");
  csv->fields = 0;
}
