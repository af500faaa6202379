/* hvplan: workbooks through libxlsxwriter (private to reports/: plan-xlsx.c, size-xlsx.c,
 * diff-xlsx.c).  The library stays behind these functions: the reports name columns and write
 * cells; this file gives every sheet its header row, formats, frozen pane and autofilter. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _HvpXlsxBook HvpXlsxBook;
typedef struct _HvpXlsxSheet HvpXlsxSheet;

/**
 * HvpXlsxColumn:
 * @title: the header cell
 * @width: the column's width, in characters of the default font
 *
 * One column of a sheet.
 */
typedef struct {
  const char *title;
  double width;
} HvpXlsxColumn;

HvpXlsxBook *hvp_xlsx_book_new (GError **error);
HvpXlsxSheet *hvp_xlsx_book_add_sheet (HvpXlsxBook *book, const char *name,
                                       const HvpXlsxColumn *columns, guint n_columns);
gboolean hvp_xlsx_book_close (HvpXlsxBook *book, GString *out, GError **error);

void hvp_xlsx_text (HvpXlsxSheet *sheet, const char *text);
void hvp_xlsx_lines (HvpXlsxSheet *sheet, const GPtrArray *texts);
void hvp_xlsx_count (HvpXlsxSheet *sheet, guint64 value);
void hvp_xlsx_number (HvpXlsxSheet *sheet, double value);
void hvp_xlsx_bytes (HvpXlsxSheet *sheet, guint64 bytes);
void hvp_xlsx_bool (HvpXlsxSheet *sheet, gboolean value);
void hvp_xlsx_time (HvpXlsxSheet *sheet, gint64 unix_seconds);
void hvp_xlsx_blank (HvpXlsxSheet *sheet);
void hvp_xlsx_end_row (HvpXlsxSheet *sheet);

G_END_DECLS
