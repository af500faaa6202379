/* hvplan: a report written out in large blocks while it is made (issue 14: the 36 MB text of a
 * sizing of 100,000 VMs was held whole before a byte was written). */
#include "reports/stream.h"

/**
 * hvp_report_stream_init:
 * @stream: (out caller-allocates): the stream
 * @out: (transfer none): the buffer the report is appended to; it outlives @stream
 * @write: (nullable): the sink's function (#HvpWriteFunc), or %NULL to keep the whole report in
 *   @out (the report functions that return a #GString)
 * @sink: passed to @write
 *
 * Sets up @stream; end it with hvp_report_stream_finish().
 */
void
hvp_report_stream_init (HvpReportStream *stream, GString *out, HvpWriteFunc write, gpointer sink)
{
  g_return_if_fail (stream != NULL && out != NULL);

  stream->out = out;
  stream->write = write;
  stream->sink = sink;
  stream->error = NULL;
  stream->block = HVP_REPORT_STREAM_BLOCK;
}

/* Writes out what @stream->out holds (after an error: drops it). */
static void
write_out (HvpReportStream *stream)
{
  if (stream->error == NULL && stream->out->len > 0)
    stream->write (stream->out->str, stream->out->len, stream->sink, &stream->error);
  g_string_truncate (stream->out, 0);
}

/**
 * hvp_report_stream_flush:
 * @stream: a stream
 *
 * Writes out the text appended so far when it holds at least @stream->block bytes (and
 * the stream has a sink), keeping the buffer's room for the next block.  A write error is kept
 * for hvp_report_stream_finish(); from then on the text is dropped, so the report runs on to its
 * end cheaply and holds no more memory.
 */
void
hvp_report_stream_flush (HvpReportStream *stream)
{
  g_return_if_fail (stream != NULL);

  if (stream->write != NULL && stream->out->len >= stream->block)
    write_out (stream);
}

/**
 * hvp_report_stream_finish:
 * @stream: a stream
 * @error: return location for an error
 *
 * Writes out the rest of the report (when the stream has a sink).
 *
 * Returns: %FALSE with the first error of the sink's function (%HVP_ERROR_WRITE for the output
 *   sinks) when a block could not be written
 */
gboolean
hvp_report_stream_finish (HvpReportStream *stream, GError **error)
{
  g_return_val_if_fail (stream != NULL, FALSE);

  if (stream->write != NULL)
    write_out (stream);
  if (stream->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&stream->error));
      return FALSE;
    }
  return TRUE;
}
