/* hvplan: a report written out in large blocks while it is made, instead of held whole. */
#pragma once

#include <glib.h>

#include "models/inventory-json.h"

G_BEGIN_DECLS

/* The size of the blocks a streamed report is written in: large enough that a write is cheap
 * against the text it carries, small against a report of tens of MB. */
#define HVP_REPORT_STREAM_BLOCK (1024 * 1024)

/**
 * HvpReportStream:
 * @out: the report's text not yet written: writers append here, as to any report's #GString
 * @write: (nullable): the sink's function; %NULL keeps the whole report in @out
 * @sink: passed to @write
 * @error: (nullable): the first error @write set; once set, the text is dropped, not written
 * @block: bytes gathered before a flush writes them out (%HVP_REPORT_STREAM_BLOCK; the tests set
 *   smaller blocks)
 *
 * A report streamed through an output sink (hvp_command_write_output_stream()): the writers
 * append to @out and call hvp_report_stream_flush() at the end of each large part (a host of a
 * placement), so the report never holds more than a block or so of text.
 */
typedef struct {
  GString *out;
  HvpWriteFunc write;
  gpointer sink;
  GError *error;
  gsize block;
} HvpReportStream;

void hvp_report_stream_init (HvpReportStream *stream, GString *out, HvpWriteFunc write,
                             gpointer sink);
void hvp_report_stream_flush (HvpReportStream *stream);
gboolean hvp_report_stream_finish (HvpReportStream *stream, GError **error);

G_END_DECLS
