/* hvplan: what every subcommand does with its results and errors: output files, warnings, exit
 * statuses, the choice of a report format. */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/command.h"
#include "models/text.h"
#include "collectors/uri.h"

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

/* The kernel's limit on symbolic links followed in one lookup (MAXSYMLINKS, path_resolution(7)). */
#define OUTPUT_MAX_SYMLINKS 40

static gboolean
set_write_error (GError **error, const char *file, int saved_errno)
{
  g_set_error (error, HVP_ERROR, HVP_ERROR_WRITE, "cannot write '%s': %s", file,
               g_strerror (saved_errno));
  return FALSE;
}

/* What an output holds: one block of bytes, or what a producer writes through a sink block by
 * block (hvp_command_write_output_stream()). */
typedef struct {
  const char *data;
  gsize length;
  HvpOutputProducer produce;
  gpointer produce_data;
} OutputSource;

static gboolean
source_write (const OutputSource *source, HvpWriteFunc write, gpointer sink, GError **error)
{
  if (source->produce != NULL)
    return source->produce (write, sink, source->produce_data, error);
  return write (source->data, source->length, sink, error);
}

/* A stdio stream as a sink; @file %NULL is standard output (for the message). */
typedef struct {
  FILE *stream;
  const char *file;
} StreamSink;

static gboolean
write_to_stream (const char *data, gsize length, gpointer sink, GError **error)
{
  const StreamSink *target = sink;

  if (fwrite (data, 1, length, target->stream) == length)
    return TRUE;
  if (target->file != NULL)
    return set_write_error (error, target->file, errno);
  g_set_error (error, HVP_ERROR, HVP_ERROR_WRITE, "cannot write to standard output: %s",
               g_strerror (errno));
  return FALSE;
}

/* Writes to @file as it is, as the shell's `>` does (open with O_CREAT|O_TRUNC, write, close): for
 * devices, FIFOs, /dev and /proc paths, where a rename would replace the node. */
static gboolean
write_in_place (const char *file, const OutputSource *source, GError **error)
{
  FILE *stream = g_fopen (file, "w");
  StreamSink sink = { .stream = stream, .file = file };
  g_autoptr (GError) local_error = NULL;
  gboolean ok;
  int saved_errno;

  if (stream == NULL)
    return set_write_error (error, file, errno);
  ok = source_write (source, write_to_stream, &sink, &local_error) && fflush (stream) == 0;
  saved_errno = errno;
  if (fclose (stream) != 0 && ok)
    {
      ok = FALSE;
      saved_errno = errno;
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return ok || set_write_error (error, file, saved_errno);
}

/* @file with every symbolic link of its last component followed, as open(2) follows them: a link
 * to a link to "out.json" gives "out.json" (relative targets are relative to the link's folder).
 * A missing target ends the walk (the shell's `>` creates it); the folders are not resolved. */
static char *
resolve_output_links (const char *file, GError **error)
{
  g_autofree char *path = g_strdup (file);

  for (guint i = 0; i <= OUTPUT_MAX_SYMLINKS; i++)
    {
      GStatBuf st;
      g_autofree char *target = NULL;
      g_autofree char *folder = NULL;

      if (g_lstat (path, &st) != 0 || !S_ISLNK (st.st_mode))
        return g_steal_pointer (&path);
      target = g_file_read_link (path, NULL);
      if (target == NULL)
        return g_steal_pointer (&path);
      folder = g_path_get_dirname (path);
      g_free (path);
      path = g_path_is_absolute (target) ? g_steal_pointer (&target)
                                         : g_build_filename (folder, target, NULL);
    }
  set_write_error (error, file, ELOOP);
  return NULL;
}

/* Whether @path lies in /dev or /proc once its folder is resolved (realpath(3)): nodes there are
 * devices, or links the kernel makes (/proc/self/fd/1 names a pipe), and nothing may be renamed
 * over them. */
static gboolean
is_kernel_path (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *real = realpath (folder, NULL);
  const char *canonical = real != NULL ? real : folder;

  return g_str_has_prefix (canonical, "/dev/") || strcmp (canonical, "/dev") == 0
         || g_str_has_prefix (canonical, "/proc/") || strcmp (canonical, "/proc") == 0;
}

/* The process's umask, which umask(2) reads only by setting it (hvplan has one thread here). */
static mode_t
current_umask (void)
{
  mode_t mask = umask (0);

  umask (mask);
  return mask;
}

/* An open file descriptor as a sink; @path names it in messages. */
typedef struct {
  int fd;
  const char *path;
} FdSink;

static gboolean
write_to_fd (const char *text, gsize length, gpointer sink, GError **error)
{
  const FdSink *target = sink;

  for (gsize done = 0; done < length;)
    {
      ssize_t written = write (target->fd, text + done, length - done);

      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        return set_write_error (error, target->path, written < 0 ? errno : EIO);
      done += (gsize) written;
    }
  return TRUE;
}

/* Writes @source to the open file @fd, gives it the mode (and owner) @path must have, and syncs
 * it.  An existing @path keeps its permission bits and, when this process may give them (root, or
 * the owner giving one of its groups), its owner and group; a new one gets 0666 & ~umask, as
 * `>`. */
static gboolean
fill_temporary (int fd, const OutputSource *source, const GStatBuf *existing, const char *path,
                GError **error)
{
  mode_t mode = existing != NULL ? existing->st_mode & 07777 : 0666 & ~current_umask ();
  FdSink sink = { .fd = fd, .path = path };

  if (!source_write (source, write_to_fd, &sink, error))
    return FALSE;
  /* chown before chmod: chown clears the set-user-ID and set-group-ID bits. */
  if (existing != NULL && fchown (fd, existing->st_uid, existing->st_gid) != 0)
    g_debug ("cannot keep the owner of '%s': %s", path, g_strerror (errno));
  if (fchmod (fd, mode) != 0 || fsync (fd) != 0)
    return set_write_error (error, path, errno);
  return TRUE;
}

/* Writes @source to the regular file (or new file) @path atomically: a temporary file
 * "@path.XXXXXX" in @path's own folder, filled and synced, renamed over @path.  @shown is the name
 * the user gave, for messages. */
static gboolean
replace_atomically (const char *path, const char *shown, const OutputSource *source,
                    GError **error)
{
  g_autofree char *temporary = g_strdup_printf ("%s.XXXXXX", path);
  GStatBuf st;
  gboolean exists = g_stat (path, &st) == 0;
  int fd;

  /* `>` on a file this process may not write fails: so does -o, though the folder is writable. */
  if (exists && g_access (path, W_OK) != 0)
    return set_write_error (error, shown, errno);
  fd = g_mkstemp_full (temporary, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0 && exists && errno == EACCES)
    return write_in_place (path, source, error); /* a folder this process cannot add to */
  if (fd < 0)
    return set_write_error (error, shown, errno);
  if (!fill_temporary (fd, source, exists ? &st : NULL, shown, error))
    {
      close (fd);
      g_unlink (temporary);
      return FALSE;
    }
  if (close (fd) != 0 || g_rename (temporary, path) != 0)
    {
      int saved_errno = errno;

      g_unlink (temporary);
      return set_write_error (error, shown, saved_errno);
    }
  return TRUE;
}

/* hvp_command_write_output_bytes() and hvp_command_write_output_stream(). */
static gboolean
write_output (const char *file, const OutputSource *source, GError **error)
{
  g_autofree char *path = NULL;
  GStatBuf st;

  if (file == NULL || strcmp (file, "-") == 0)
    {
      StreamSink sink = { .stream = stdout, .file = NULL };

      if (!source_write (source, write_to_stream, &sink, error))
        return FALSE;
      if (fflush (stdout) != 0)
        {
          g_set_error (error, HVP_ERROR, HVP_ERROR_WRITE, "cannot write to standard output: %s",
                       g_strerror (errno));
          return FALSE;
        }
      return TRUE;
    }
  path = resolve_output_links (file, error);
  if (path == NULL)
    return FALSE;
  if (is_kernel_path (file) || is_kernel_path (path)
      || (g_stat (file, &st) == 0 && !S_ISREG (st.st_mode)))
    {
      g_debug ("writing '%s' in place", file);
      return write_in_place (file, source, error);
    }
  g_debug ("writing '%s' through a temporary file beside '%s'", file, path);
  return replace_atomically (path, file, source, error);
}

/**
 * hvp_command_write_output:
 * @file: (nullable): output file; %NULL or "-" for standard output
 * @text: what to write
 * @error: return location for an error
 *
 * Writes @text to @file as the shell's `>` would, minus the torn file:
 *
 * - a regular file, or a new one, is replaced atomically: a temporary file "FILE.XXXXXX" beside
 *   it (g_mkstemp_full()), written, fsync()ed, then renamed over it, so that @file always holds the
 *   old content or the whole new one.  An existing file keeps its permission bits and, where this
 *   process may set them (root), its owner and group; a new one is created 0666 & ~umask.  A file
 *   this process may not write is refused, as `>` refuses it; one in a folder it may not add to is
 *   written in place.
 * - a symbolic link is followed to its target (up to 40 links, as the kernel does), which is
 *   replaced in its own folder: the link stays a link.
 * - a device, FIFO or socket, and any path in /dev or /proc once its links and folder are
 *   resolved (/dev/stdout, /dev/stderr, /proc/self/fd/N), is written in place: nothing is ever
 *   renamed over them.
 *
 * GLib's g_file_set_contents() and g_file_replace() rename over the link itself and give the file
 * their own mode, hence the steps here.  A file with several hard links loses the link to the
 * others (the rename), which `>` would keep.
 *
 * Returns: %FALSE with %HVP_ERROR_WRITE when it cannot be written
 */
gboolean
hvp_command_write_output (const char *file, const char *text, GError **error)
{
  return hvp_command_write_output_bytes (file, text, strlen (text), error);
}

/**
 * hvp_command_write_output_bytes:
 * @file: (nullable): output file; %NULL or "-" for standard output
 * @data: (array length=length): what to write (may hold NUL bytes: a workbook)
 * @length: bytes of @data
 * @error: return location for an error
 *
 * hvp_command_write_output() for bytes that are not text.
 *
 * Returns: %FALSE with %HVP_ERROR_WRITE when it cannot be written
 */
gboolean
hvp_command_write_output_bytes (const char *file, const char *data, gsize length,
                                GError **error)
{
  const OutputSource source = { .data = data, .length = length };

  return write_output (file, &source, error);
}

/**
 * hvp_command_write_output_stream:
 * @file: (nullable): output file; %NULL or "-" for standard output
 * @produce: (scope call): writes the output through the sink it is given, block by block
 * @user_data: passed to @produce
 * @error: return location for an error
 *
 * hvp_command_write_output() for an output that is written as it is made, never held whole
 * (`collect`'s inventory: hvp_inventory_write_json()), with the same atomic replacement: a
 * temporary file is filled block by block, then renamed.
 *
 * Returns: %FALSE with %HVP_ERROR_WRITE when it cannot be written (or the error @produce set)
 */
gboolean
hvp_command_write_output_stream (const char *file, HvpOutputProducer produce, gpointer user_data,
                                 GError **error)
{
  const OutputSource source = { .produce = produce, .produce_data = user_data };

  g_return_val_if_fail (produce != NULL, FALSE);

  return write_output (file, &source, error);
}

/* The file an input names: itself, or the node file of a `test:///PATH` libvirt URI (the one
 * URI whose input is a local file); %NULL for other URIs. */
static char *
input_file (const char *input)
{
  g_autofree char *scheme = NULL, *host = NULL, *path = NULL;

  if (strstr (input, "://") == NULL)
    return g_strdup (input);
  if (!g_uri_split (input, G_URI_FLAGS_NON_DNS, &scheme, NULL, &host, NULL, &path, NULL, NULL,
                    NULL)
      || g_strcmp0 (scheme, "test") != 0 || (host != NULL && *host != '\0'))
    return NULL;
  return g_steal_pointer (&path);
}

/**
 * hvp_command_check_output_not_input:
 * @output: (nullable): the --output argument (%NULL or "-": standard output)
 * @option: how the command line names @inputs, for the message: "--source", "--catalog", "OLD"
 * @inputs: (array zero-terminated=1) (nullable): input files, folders or URIs of that option
 * @error: return location for an error
 *
 * Refuses an output that is one of the command's own inputs (the same device and inode, links
 * followed: `diff a a -o a`, `plan --source x.json -o x.json`), before anything is read: writing
 * it would destroy the input, as `sort x >x` does.  Only inputs named on the command line are
 * compared (files and folders, and the node file of a `test:///PATH` URI; not the files inside a
 * data root); outputs that are not regular files (/dev/stdout, /dev/null) are never inputs.
 *
 * Returns: %FALSE with %HVP_ERROR_USAGE naming the option and the file when @output is one of
 *   @inputs, else %TRUE
 */
gboolean
hvp_command_check_output_not_input (const char *output, const char *option,
                                    const char *const *inputs, GError **error)
{
  GStatBuf out;

  if (output == NULL || strcmp (output, "-") == 0 || inputs == NULL || g_stat (output, &out) != 0
      || !S_ISREG (out.st_mode))
    return TRUE;
  for (gsize i = 0; inputs[i] != NULL; i++)
    {
      g_autofree char *file = input_file (inputs[i]);
      GStatBuf in;

      if (file != NULL && g_stat (file, &in) == 0 && in.st_dev == out.st_dev
          && in.st_ino == out.st_ino)
        {
          g_autofree char *shown = hvp_uri_without_secrets (inputs[i], NULL);

          g_set_error (error, HVP_ERROR, HVP_ERROR_USAGE,
                       "--output '%s' is the input %s '%s': write the output to another file",
                       output, option, shown);
          return FALSE;
        }
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
 * hvp_collect(), with its progress line on a terminal (hvp_command_progress_begin()), then the
 * warnings (hvp_command_print_warnings()) when @print_warnings.  When a configuration file was
 * found but not read (hvp_inventory_count_unread()), one line says how many even without
 * @print_warnings: no command passes over a missing VM in silence (issue 18).
 *
 * Returns: (transfer full) (nullable): the inventory, or %NULL with hvp_collect()'s error
 */
HvpInventory *
hvp_command_collect_sources (const char *const *sources, const HvpCollectOptions *options,
                             gboolean print_warnings, GError **error)
{
  HvpInventory *inventory;

  hvp_command_progress_begin (options);
  inventory = hvp_collect (sources, options, error);
  hvp_command_progress_end (options);
  if (inventory != NULL)
    hvp_command_print_collected (inventory, print_warnings);
  return inventory;
}

/**
 * hvp_command_print_collected:
 * @inventory: an inventory hvp_collect() returned
 * @print_warnings: print its input warnings on standard error
 *
 * What hvp_command_collect_sources() prints after a collection, for a command that runs
 * hvp_collect() itself (`hvplan diff` reads both sides at once, then prints each side's lines in
 * order): the warnings (hvp_command_print_warnings()) when @print_warnings, and the count of
 * configuration files found but not read, always.
 */
void
hvp_command_print_collected (const HvpInventory *inventory, gboolean print_warnings)
{
  guint unread = hvp_inventory_count_unread (inventory);

  if (print_warnings)
    hvp_command_print_warnings (inventory);
  if (unread > 0)
    g_printerr ("hvplan: warning: %u VM configuration file%s found but not read: the inventory "
                "may lack VMs (--strict makes this an error)\n", unread, unread == 1 ? "" : "s");
}

/**
 * hvp_command_check_sheet_output:
 * @context: the subcommand's options, for the usage message
 * @format: the --format chosen
 * @csv_bom: --csv-bom was given
 * @output: (nullable): the --output argument (%NULL or "-": standard output)
 * @ret_status: (out): %HVP_EXIT_USAGE when the command line is refused
 *
 * The checks of the spreadsheet formats that need no input: --csv-bom only with `--format csv`;
 * `--format xlsx`, a binary zip archive, never to a terminal (as gzip(1) refuses to write
 * compressed data to one): it needs -o FILE or a pipe.  Prints the usage error.
 *
 * Returns: %TRUE when the command line may go on, else %FALSE with *@ret_status set
 */
gboolean
hvp_command_check_sheet_output (GOptionContext *context, const char *format, gboolean csv_bom,
                                const char *output, int *ret_status)
{
  gboolean to_stdout = output == NULL || strcmp (output, "-") == 0;

  if (csv_bom && strcmp (format, "csv") != 0)
    *ret_status = hvp_command_usage_error (context, "--csv-bom goes with --format csv only");
  else if (strcmp (format, "xlsx") == 0 && to_stdout && isatty (STDOUT_FILENO))
    *ret_status = hvp_command_usage_error (context,
                                           "--format xlsx writes a binary workbook: not to a "
                                           "terminal; give -o FILE.xlsx or a pipe");
  else
    return TRUE;
  return FALSE;
}

/**
 * hvp_command_write_report:
 * @file: (nullable): output file; %NULL or "-" for standard output
 * @csv_bom: put the UTF-8 byte order mark first (--csv-bom, checked to go with CSV only)
 * @report: the report (text, or a workbook's bytes)
 * @error: return location for an error
 *
 * Writes @report as hvp_command_write_output_bytes() does, every byte of it, after the byte
 * order mark EF BB BF with @csv_bom (for spreadsheet programs that read a CSV file without one
 * in a legacy code page).
 *
 * Returns: %FALSE with %HVP_ERROR_WRITE when it cannot be written
 */
gboolean
hvp_command_write_report (const char *file, gboolean csv_bom, GString *report, GError **error)
{
  if (csv_bom)
    g_string_prepend (report, "\xEF\xBB\xBF");
  return hvp_command_write_output_bytes (file, report->str, report->len, error);
}
