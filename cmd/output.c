/* hvplan: what every subcommand does with its results and errors: output files, warnings, exit
 * statuses, the choice of a report format. */
#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "cmd/command.h"
#include "models/text.h"

/**
 * hvp_command_fail:
 * @error: the error that ends the command
 *
 * Prints "hvplan: MESSAGE" on standard error, on one line (hvp_error_one_line()).
 *
 * Returns: the exit status for @error
 */
int
hvp_command_fail (GError *error)
{
  hvp_error_one_line (error);
  g_printerr ("hvplan: %s\n", error->message);
  return hvp_error_exit_status (error);
}

/* Writes to an existing device or FIFO as it is, without the temporary file and rename. */
static gboolean
write_in_place (const char *file, const char *text, GError **error)
{
  FILE *stream = g_fopen (file, "w");
  gboolean ok;
  int saved_errno;

  if (stream == NULL)
    {
      saved_errno = errno;
      g_set_error (error, HVP_ERROR, HVP_ERROR_WRITE, "cannot write '%s': %s", file,
                   g_strerror (saved_errno));
      return FALSE;
    }
  ok = fputs (text, stream) != EOF && fflush (stream) == 0;
  saved_errno = errno;
  if (fclose (stream) != 0 && ok)
    {
      ok = FALSE;
      saved_errno = errno;
    }
  if (!ok)
    g_set_error (error, HVP_ERROR, HVP_ERROR_WRITE, "cannot write '%s': %s", file,
                 g_strerror (saved_errno));
  return ok;
}

/**
 * hvp_command_write_output:
 * @file: (nullable): output file; %NULL or "-" for standard output
 * @text: what to write
 * @error: return location for an error
 *
 * Writes @text to @file atomically (g_file_set_contents(): a temporary file renamed over the old
 * one, so @file always holds the old content or the whole new one, never a torn one).  An
 * existing @file that is not a regular file (/dev/null, /dev/stdout, a FIFO) is written in place:
 * renaming over it would replace the device or FIFO with a regular file.
 *
 * Returns: %FALSE with %HVP_ERROR_WRITE when it cannot be written
 */
gboolean
hvp_command_write_output (const char *file, const char *text, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  GStatBuf st;

  if (file == NULL || strcmp (file, "-") == 0)
    {
      if (fputs (text, stdout) == EOF || fflush (stdout) != 0)
        {
          g_set_error (error, HVP_ERROR, HVP_ERROR_WRITE, "cannot write to standard output: %s",
                       g_strerror (errno));
          return FALSE;
        }
      return TRUE;
    }
  if (g_stat (file, &st) == 0 && !S_ISREG (st.st_mode))
    return write_in_place (file, text, error);
  if (!g_file_set_contents (file, text, -1, &local_error))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_WRITE, "cannot write '%s': %s", file,
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

/**
 * hvp_command_parse_options:
 * @context: the subcommand's option context
 * @argc: (inout): argument count
 * @argv: (inout): arguments
 * @ret_status: (out): %HVP_EXIT_USAGE on failure
 *
 * Parses a subcommand's options; on a usage error prints it on one line (hvp_error_one_line():
 * GLib's message quotes the argument).
 *
 * Returns: %FALSE when the options are wrong
 */
gboolean
hvp_command_parse_options (GOptionContext *context, int *argc, char ***argv, int *ret_status)
{
  g_autoptr (GError) error = NULL;

  if (g_option_context_parse (context, argc, argv, &error))
    return TRUE;
  hvp_error_one_line (error);
  g_printerr ("hvplan: %s\n", error->message);
  *ret_status = HVP_EXIT_USAGE;
  return FALSE;
}

/**
 * hvp_command_usage_error:
 * @context: the subcommand's option context
 * @message: what is wrong with the command line
 *
 * Prints @message (as hvp_text_append_terminal() shows it: it may quote an argument) and the
 * subcommand's help on standard error.
 *
 * Returns: %HVP_EXIT_USAGE
 */
int
hvp_command_usage_error (GOptionContext *context, const char *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
  g_autofree char *line = hvp_text_escape_terminal (message);

  g_printerr ("hvplan: %s\n\n%s", line, help);
  return HVP_EXIT_USAGE;
}

/**
 * hvp_command_print_warnings:
 * @inventory: an inventory
 *
 * Prints the inventory's input warnings on standard error, one a line, their file, position and
 * message as hvp_text_append_terminal() shows them (no control character reaches the terminal).
 */
void
hvp_command_print_warnings (const HvpInventory *inventory)
{
  for (guint i = 0; i < inventory->warnings->len; i++)
    {
      const HvpWarning *warning = g_ptr_array_index (inventory->warnings, i);
      g_autoptr (GString) line = g_string_new ("hvplan: warning: ");

      hvp_text_append_terminal (line, warning->file);
      if (warning->position != NULL)
        {
          g_string_append (line, ": ");
          hvp_text_append_terminal (line, warning->position);
        }
      g_string_append (line, ": ");
      hvp_text_append_terminal (line, warning->message);
      g_printerr ("%s\n", line->str);
    }
}

/**
 * hvp_command_choose_format:
 * @context: the subcommand's options, for the usage message
 * @formats: (array length=n_formats): the subcommand's table of report formats: structs whose
 *   first member is the format's name (`const char *`), such as `{ "json", writer }`
 * @n_formats: how many
 * @format_size: sizeof one element of @formats
 * @name: (nullable): the --format argument; %NULL chooses the first format (the default)
 * @ret_index: (out): the index of the format chosen, on success
 * @ret_status: (out): %HVP_EXIT_USAGE when @name is none of them
 *
 * Finds --format in a subcommand's `{format, writer}` table; for an unknown name prints the usage
 * error, listing the names (hvp_command_usage_error()).
 *
 * Returns: %TRUE with *@ret_index set, or %FALSE with *@ret_status set
 */
gboolean
hvp_command_choose_format (GOptionContext *context, const void *formats, gsize n_formats,
                           gsize format_size, const char *name, gsize *ret_index, int *ret_status)
{
  g_autoptr (GString) message = g_string_new ("--format must be ");

  g_return_val_if_fail (n_formats > 0, FALSE);

  for (gsize i = 0; i < n_formats; i++)
    {
      const char *format = *(const char *const *) ((const char *) formats + i * format_size);

      if (name == NULL || strcmp (name, format) == 0)
        {
          *ret_index = i;
          return TRUE;
        }
    }
  for (gsize i = 0; i < n_formats; i++)
    g_string_append_printf (message, "%s'%s'", i == 0 ? "" : i + 1 < n_formats ? ", " : " or ",
                            *(const char *const *) ((const char *) formats + i * format_size));
  *ret_status = hvp_command_usage_error (context, message->str);
  return FALSE;
}

/**
 * hvp_command_collect_sources:
 * @sources: (array zero-terminated=1): the SOURCE arguments, as hvp_collect() takes them
 * @options: collector options
 * @print_warnings: print the inventory's input warnings on standard error
 * @error: return location for an error
 *
 * hvp_collect(), then the warnings (hvp_command_print_warnings()) when @print_warnings.
 *
 * Returns: (transfer full) (nullable): the inventory, or %NULL with hvp_collect()'s error
 */
HvpInventory *
hvp_command_collect_sources (const char *const *sources, const HvpCollectOptions *options,
                             gboolean print_warnings, GError **error)
{
  HvpInventory *inventory = hvp_collect (sources, options, error);

  if (inventory != NULL && print_warnings)
    hvp_command_print_warnings (inventory);
  return inventory;
}
