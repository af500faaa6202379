/* hvplan: cells of a CSV report (private to reports/: plan-csv.c, size-csv.c, diff-csv.c). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The byte order mark --csv-bom puts first (UTF-8 encoded U+FEFF). */
#define HVP_CSV_BOM "\xEF\xBB\xBF"

/**
 * HvpCsv:
 * @out: the report the records are appended to
 * @fields: fields written in the current record so far
 *
 * A CSV report being written: `HvpCsv csv = { out, 0 };`.
 */
typedef struct {
  GString *out;
  guint fields;
} HvpCsv;

void hvp_csv_append_text (HvpCsv *csv, const char *text);
void hvp_csv_append_list (HvpCsv *csv, const GPtrArray *texts);
void hvp_csv_append_terminal_cell (HvpCsv *csv, const char *cell);
void hvp_csv_append_uint64 (HvpCsv *csv, guint64 value);
void hvp_csv_append_bool (HvpCsv *csv, gboolean value);
void hvp_csv_append_raw (HvpCsv *csv, const char *value);
void hvp_csv_append_header (HvpCsv *csv, const char *const *names);
void hvp_csv_end_row (HvpCsv *csv);

G_END_DECLS
