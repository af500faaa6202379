/* hvplan: workbooks through libxlsxwriter (https://libxlsxwriter.github.io/, Debian's
 * libxlsxwriter-dev), Office Open XML SpreadsheetML (ECMA-376 Part 1, section 18).
 *
 * Every sheet starts with a bold header row, frozen (the pane below row 1), and gets an autofilter
 * over its columns and rows when the workbook is closed.  Numbers are numbers: counts as they
 * are, sizes as GiB (bytes / 2^30) with the number format `#,##0.00 "GiB"`.  Excel's number
 * formats scale only by powers of 1000 (a trailing comma), so a byte count cannot show as GiB;
 * a number of GiB can.  libxlsxwriter writes a number with 16 significant digits, so the cell
 * times 1073741824, rounded to an integer, gives the bytes back exactly below 10^15 bytes (909
 * TiB); the CSV and JSON reports hold the exact bytes at any size.  Text is
 * written as text cells (ECMA-376 Part 1, 18.3.1.4, `t="s"`): a spreadsheet shows
 * `=cmd|' /C calc'!A0` as those characters and never evaluates it; the value stays exact.  The
 * workbook is made in a temporary file (libxlsxwriter writes files) and read back whole, so the
 * command writes it to its output as any other report. */
#include "reports/xlsx.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "models/error.h"

/* Excel's limit on the characters of a cell (libxlsxwriter's LXW_STR_MAX, in bytes). */
#define XLSX_TEXT_MAX_BYTES 32767

struct _HvpXlsxSheet {
  HvpXlsxBook *book;
  lxw_worksheet *worksheet;
  lxw_row_t row;
  lxw_col_t column;
  lxw_col_t n_columns;
};

struct _HvpXlsxBook {
  char *path;
  lxw_workbook *workbook;
  lxw_format *header;
  lxw_format *gib;
  lxw_format *lines;
  lxw_format *time;
  GPtrArray *sheets;
  char *failure;  /* the first thing that went wrong, for hvp_xlsx_book_close() */
};

static void
book_free (HvpXlsxBook *book)
{
  if (book->workbook != NULL)
    lxw_workbook_free (book->workbook);
  if (book->path != NULL)
    g_unlink (book->path);
  g_free (book->path);
  g_ptr_array_unref (book->sheets);
  g_free (book->failure);
  g_free (book);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpXlsxBook, book_free)

/* Keeps the first failure of libxlsxwriter (@result not LXW_NO_ERROR), with what was written. */
static void
book_check (HvpXlsxBook *book, lxw_error result, const char *what)
{
  if (result != LXW_NO_ERROR && book->failure == NULL)
    book->failure = g_strdup_printf ("%s: %s", what, lxw_strerror (result));
}

/* The formats every sheet uses. */
static void
book_add_formats (HvpXlsxBook *book)
{
  book->header = workbook_add_format (book->workbook);
  format_set_bold (book->header);
  book->gib = workbook_add_format (book->workbook);
  format_set_num_format (book->gib, "#,##0.00 \"GiB\"");
  book->lines = workbook_add_format (book->workbook);
  format_set_text_wrap (book->lines);
  format_set_align (book->lines, LXW_ALIGN_VERTICAL_TOP);
  book->time = workbook_add_format (book->workbook);
  format_set_num_format (book->time, "yyyy-mm-dd hh:mm:ss");
}

/**
 * hvp_xlsx_book_new:
 * @error: return location for an error
 *
 * Starts a workbook, in a temporary file of g_get_tmp_dir() (`TMPDIR`), where libxlsxwriter also
 * keeps its own temporary files.
 *
 * Returns: (transfer full) (nullable): the workbook, to end with hvp_xlsx_book_close(); %NULL with
 *   %HVP_ERROR_WRITE when no temporary file can be made
 */
HvpXlsxBook *
hvp_xlsx_book_new (GError **error)
{
  g_autoptr (HvpXlsxBook) book = g_new0 (HvpXlsxBook, 1);
  lxw_workbook_options options = { .tmpdir = (char *) g_get_tmp_dir () };
  g_autoptr (GError) local_error = NULL;
  int fd;

  book->sheets = g_ptr_array_new_with_free_func (g_free);
  fd = g_file_open_tmp ("hvplan-XXXXXX.xlsx", &book->path, &local_error);
  if (fd < 0)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_WRITE, "cannot make the workbook: %s",
                   local_error->message);
      return NULL;
    }
  close (fd);
  book->workbook = workbook_new_opt (book->path, &options);
  if (book->workbook == NULL)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_WRITE, "cannot make the workbook '%s'", book->path);
      return NULL;
    }
  book_add_formats (book);
  return g_steal_pointer (&book);
}

/**
 * hvp_xlsx_book_add_sheet:
 * @book: a workbook
 * @name: the sheet's name (at most 31 characters, none of `[]:*?/\`)
 * @columns: (array length=n_columns): its columns
 * @n_columns: how many
 *
 * Adds a sheet with its header row (bold, frozen), the column widths set; the next cell written
 * is the first of row 2.
 *
 * Returns: (transfer none): the sheet, owned by @book
 */
HvpXlsxSheet *
hvp_xlsx_book_add_sheet (HvpXlsxBook *book, const char *name, const HvpXlsxColumn *columns,
                         guint n_columns)
{
  HvpXlsxSheet *sheet = g_new0 (HvpXlsxSheet, 1);

  g_ptr_array_add (book->sheets, sheet);
  sheet->book = book;
  sheet->n_columns = (lxw_col_t) n_columns;
  sheet->worksheet = workbook_add_worksheet (book->workbook, name);
  g_assert (sheet->worksheet != NULL); /* the names are hvplan's own, valid and distinct */
  for (guint c = 0; c < n_columns; c++)
    {
      book_check (book, worksheet_write_string (sheet->worksheet, 0, (lxw_col_t) c,
                                                columns[c].title, book->header), name);
      book_check (book, worksheet_set_column (sheet->worksheet, (lxw_col_t) c, (lxw_col_t) c,
                                              columns[c].width, NULL), name);
    }
  worksheet_freeze_panes (sheet->worksheet, 1, 0);
  sheet->row = 1;
  return sheet;
}

/* The cell to write next, or FALSE (the failure kept) past the last row a sheet can hold. */
static gboolean
next_cell (HvpXlsxSheet *sheet)
{
  if (sheet->row < LXW_ROW_MAX)
    return TRUE;
  book_check (sheet->book, LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE,
              "more rows than a worksheet holds (1048576)");
  return FALSE;
}

/* Writes @text as a text cell in @format: valid UTF-8 (each invalid byte as U+FFFD), at most
 * Excel's 32767 bytes (cut at a character, with "…" at the end). */
static void
write_text (HvpXlsxSheet *sheet, const char *text, lxw_format *format)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  if (!next_cell (sheet))
    return;
  if (strlen (valid) > XLSX_TEXT_MAX_BYTES)
    {
      const char *end = g_utf8_find_prev_char (valid, valid + XLSX_TEXT_MAX_BYTES - 3);

      strcpy ((char *) end, "\xE2\x80\xA6");
    }
  book_check (sheet->book, worksheet_write_string (sheet->worksheet, sheet->row, sheet->column,
                                                   valid, format), "cannot write a cell");
  sheet->column++;
}

/**
 * hvp_xlsx_text:
 * @sheet: a sheet
 * @text: (nullable): text (from the inventory: kept exact, as a text cell); %NULL leaves the cell
 *   empty
 *
 * Writes the next cell of the row as text.
 */
void
hvp_xlsx_text (HvpXlsxSheet *sheet, const char *text)
{
  if (text == NULL)
    hvp_xlsx_blank (sheet);
  else
    write_text (sheet, text, NULL);
}

/**
 * hvp_xlsx_lines:
 * @sheet: a sheet
 * @texts: (element-type utf8): texts (VM names)
 *
 * Writes the next cell as @texts one a line (joined with LF, the cell wrapped).
 */
void
hvp_xlsx_lines (HvpXlsxSheet *sheet, const GPtrArray *texts)
{
  g_autoptr (GString) joined = g_string_new (NULL);

  for (guint i = 0; i < texts->len; i++)
    g_string_append_printf (joined, "%s%s", i > 0 ? "\n" : "",
                            (const char *) g_ptr_array_index (texts, i));
  write_text (sheet, joined->str, sheet->book->lines);
}

/* Writes the next cell as the number @value in @format. */
static void
write_number (HvpXlsxSheet *sheet, double value, lxw_format *format)
{
  if (!next_cell (sheet))
    return;
  book_check (sheet->book, worksheet_write_number (sheet->worksheet, sheet->row, sheet->column,
                                                   value, format), "cannot write a cell");
  sheet->column++;
}

/**
 * hvp_xlsx_count:
 * @sheet: a sheet
 * @value: a count (exact below 2^53)
 *
 * Writes the next cell as a number.
 */
void
hvp_xlsx_count (HvpXlsxSheet *sheet, guint64 value)
{
  write_number (sheet, (double) value, NULL);
}

/**
 * hvp_xlsx_number:
 * @sheet: a sheet
 * @value: a number (a diff's signed count)
 *
 * Writes the next cell as a number.
 */
void
hvp_xlsx_number (HvpXlsxSheet *sheet, double value)
{
  write_number (sheet, value, NULL);
}

/**
 * hvp_xlsx_bytes:
 * @sheet: a sheet
 * @bytes: a size in bytes
 *
 * Writes the next cell as @bytes / 2^30, a number of GiB (× 2^30 and rounded, the bytes again
 * below 10^15 bytes), shown with two decimals and "GiB".
 */
void
hvp_xlsx_bytes (HvpXlsxSheet *sheet, guint64 bytes)
{
  write_number (sheet, (double) bytes / 1073741824.0, sheet->book->gib);
}

/**
 * hvp_xlsx_bool:
 * @sheet: a sheet
 * @value: a truth value
 *
 * Writes the next cell as a boolean (TRUE, FALSE).
 */
void
hvp_xlsx_bool (HvpXlsxSheet *sheet, gboolean value)
{
  if (!next_cell (sheet))
    return;
  book_check (sheet->book, worksheet_write_boolean (sheet->worksheet, sheet->row, sheet->column,
                                                    value ? 1 : 0, NULL), "cannot write a cell");
  sheet->column++;
}

/**
 * hvp_xlsx_time:
 * @sheet: a sheet
 * @unix_seconds: seconds since the Unix epoch (UTC); 0: unknown
 *
 * Writes the next cell as a date and time (UTC), a spreadsheet serial date (days since
 * 1899-12-30: the Unix epoch is day 25569) shown as `yyyy-mm-dd hh:mm:ss`; 0 leaves it empty.
 */
void
hvp_xlsx_time (HvpXlsxSheet *sheet, gint64 unix_seconds)
{
  if (unix_seconds == 0)
    hvp_xlsx_blank (sheet);
  else
    write_number (sheet, (double) unix_seconds / 86400.0 + 25569.0, sheet->book->time);
}

/**
 * hvp_xlsx_blank:
 * @sheet: a sheet
 *
 * Leaves the next cell empty (an unknown value).
 */
void
hvp_xlsx_blank (HvpXlsxSheet *sheet)
{
  sheet->column++;
}

/**
 * hvp_xlsx_end_row:
 * @sheet: a sheet
 *
 * Ends the row: the next cell is the first of the next row.
 */
void
hvp_xlsx_end_row (HvpXlsxSheet *sheet)
{
  sheet->row++;
  sheet->column = 0;
}

/**
 * hvp_xlsx_book_close:
 * @book: (transfer full): a workbook
 * @out: the workbook's bytes (a zip archive) are appended here
 * @error: return location for an error
 *
 * Gives every sheet its autofilter (header row and every row written), writes the workbook and
 * appends its bytes to @out; frees @book and its temporary file in any case.
 *
 * Returns: %FALSE with %HVP_ERROR_WRITE when a cell, the file or a temporary file of
 *   libxlsxwriter could not be written (the first failure is named)
 */
gboolean
hvp_xlsx_book_close (HvpXlsxBook *book, GString *out, GError **error)
{
  g_autoptr (HvpXlsxBook) owned = book; /* freed on every return */
  g_autofree char *bytes = NULL;
  gsize length = 0;
  lxw_error result;

  for (guint i = 0; i < owned->sheets->len; i++)
    {
      HvpXlsxSheet *sheet = g_ptr_array_index (owned->sheets, i);

      book_check (owned, worksheet_autofilter (sheet->worksheet, 0, 0, sheet->row - 1,
                                               sheet->n_columns - 1), "cannot add an autofilter");
    }
  result = workbook_close (g_steal_pointer (&owned->workbook));
  book_check (owned, result, "cannot write the workbook");
  if (owned->failure != NULL)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_WRITE, "cannot make the workbook: %s",
                   owned->failure);
      return FALSE;
    }
  if (!g_file_get_contents (owned->path, &bytes, &length, NULL))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_WRITE, "cannot read back the workbook '%s'",
                   owned->path);
      return FALSE;
    }
  g_string_append_len (out, bytes, (gssize) length);
  return TRUE;
}
