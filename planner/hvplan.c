/* hvplan: the command.  Parses options, collects, plans, reports; maps errors to exit statuses. */
#include <errno.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "collectors/collector.h"
#include "planner/command.h"
#include "planner/plan.h"
#include "planner/sizing.h"
#include "reports/report.h"
#include "reports/size-report.h"

typedef struct {
  const char *name;
  const char *parameters;
  const char *summary;
  int (*run) (int argc, char **argv);
} HvpCommand;

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
 * Parses a subcommand's options; on a usage error prints it.
 *
 * Returns: %FALSE when the options are wrong
 */
gboolean
hvp_command_parse_options (GOptionContext *context, int *argc, char ***argv, int *ret_status)
{
  g_autoptr (GError) error = NULL;

  if (g_option_context_parse (context, argc, argv, &error))
    return TRUE;
  g_printerr ("hvplan: %s\n", error->message);
  *ret_status = HVP_EXIT_USAGE;
  return FALSE;
}

/**
 * hvp_command_usage_error:
 * @context: the subcommand's option context
 * @message: what is wrong with the command line
 *
 * Prints @message and the subcommand's help on standard error.
 *
 * Returns: %HVP_EXIT_USAGE
 */
int
hvp_command_usage_error (GOptionContext *context, const char *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("hvplan: %s\n\n%s", message, help);
  return HVP_EXIT_USAGE;
}

/**
 * hvp_command_print_warnings:
 * @inventory: an inventory
 *
 * Prints the inventory's input warnings on standard error, one a line.
 */
void
hvp_command_print_warnings (const HvpInventory *inventory)
{
  for (guint i = 0; i < inventory->warnings->len; i++)
    {
      const HvpWarning *warning = g_ptr_array_index (inventory->warnings, i);

      g_printerr ("hvplan: warning: %s%s%s: %s\n", warning->file,
                  warning->position != NULL ? ": " : "",
                  warning->position != NULL ? warning->position : "", warning->message);
    }
}

/* Options every command that reads sources shares. */
static char **opt_path_maps;
static char *opt_max_input;
static char *opt_output;
static gboolean opt_quiet;

static const GOptionEntry source_entries[] = {
  { "path-map", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_path_maps,
    "Where a source folder's copy lives here, e.g. 'D:\\Hyper-V=/srv/copy' (repeatable)",
    "WINDOWS-PREFIX=FOLDER" },
  { "max-input-size", 0, 0, G_OPTION_ARG_STRING, &opt_max_input,
    "Refuse input files larger than this (default 256MiB)", "SIZE" },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output,
    "Write to FILE (atomically) instead of standard output", "FILE" },
  { "quiet", 'q', 0, G_OPTION_ARG_NONE, &opt_quiet, "Do not print input warnings", NULL },
  G_OPTION_ENTRY_NULL
};

/**
 * hvp_command_source_entries:
 *
 * Returns: (transfer none): the options of every command that reads sources: --path-map,
 *   --max-input-size, --output, --quiet
 */
const GOptionEntry *
hvp_command_source_entries (void)
{
  return source_entries;
}

/**
 * hvp_command_output_file:
 *
 * Returns: (transfer none) (nullable): the --output file, %NULL for standard output
 */
const char *
hvp_command_output_file (void)
{
  return opt_output;
}

/**
 * hvp_command_quiet:
 *
 * Returns: %TRUE when --quiet was given
 */
gboolean
hvp_command_quiet (void)
{
  return opt_quiet;
}

/**
 * hvp_command_report_format:
 * @context: the subcommand's options, for the usage message
 * @format: (nullable): the --format argument: "text" (also %NULL), "json" or "markdown"
 * @ret_format: (out): the format, on success
 * @ret_status: (out): the exit status, when @format is none of them
 *
 * Reads the --format of `hvplan plan` and `hvplan size`; for another value prints the usage error
 * (hvp_command_usage_error()).
 *
 * Returns: %TRUE with *@ret_format set, or %FALSE with *@ret_status %HVP_EXIT_USAGE
 */
gboolean
hvp_command_report_format (GOptionContext *context, const char *format,
                           HvpCommandFormat *ret_format, int *ret_status)
{
  if (format == NULL || strcmp (format, "text") == 0)
    *ret_format = HVP_COMMAND_FORMAT_TEXT;
  else if (strcmp (format, "json") == 0)
    *ret_format = HVP_COMMAND_FORMAT_JSON;
  else if (strcmp (format, "markdown") == 0)
    *ret_format = HVP_COMMAND_FORMAT_MARKDOWN;
  else
    {
      *ret_status = hvp_command_usage_error (context,
                                             "--format must be 'text', 'json' or 'markdown'");
      return FALSE;
    }
  return TRUE;
}

/**
 * hvp_command_collect_options:
 * @error: return location for an error
 *
 * Builds collector options from the shared options (hvp_command_source_entries()).
 *
 * Returns: (transfer full) (nullable): the options, or %NULL with %HVP_ERROR_USAGE
 */
HvpCollectOptions *
hvp_command_collect_options (GError **error)
{
  g_autoptr (HvpCollectOptions) options = hvp_collect_options_new ();

  for (gsize i = 0; opt_path_maps != NULL && opt_path_maps[i] != NULL; i++)
    if (!hvp_collect_options_add_path_map (options, opt_path_maps[i], error))
      return NULL;
  if (opt_max_input != NULL && !hvp_parse_size (opt_max_input, &options->max_input_bytes))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_USAGE,
                   "--max-input-size '%s' is not a size such as 64MiB", opt_max_input);
      return NULL;
    }
  return g_steal_pointer (&options);
}

/**
 * hvp_command_collect:
 * @argc: arguments after "collect"
 * @argv: (array length=argc): the arguments, argv[0] being "collect"
 *
 * `hvplan collect SOURCE... [-o FILE]`: writes the canonical inventory of the sources.
 *
 * Returns: the exit status
 */
int
hvp_command_collect (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("SOURCE... - collect an inventory");
  g_autoptr (HvpCollectOptions) options = NULL;
  g_autoptr (HvpInventory) inventory = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  int status;

  g_option_context_add_main_entries (context, source_entries, NULL);
  g_option_context_set_description (context,
    "SOURCE is a Hyper-V data root (a folder with 'Virtual Machines'), a VM configuration .xml\n"
    "file or an hvplan inventory JSON.  Several sources of one host are merged.\n"
    "Writes the canonical inventory (schema hvplan-inventory/1).\n");
  if (!hvp_command_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc < 2)
    return hvp_command_usage_error (context, "collect needs at least one SOURCE");

  options = hvp_command_collect_options (&error);
  if (options == NULL)
    return hvp_command_fail (error);
  inventory = hvp_collect ((const char *const *) argv + 1, options, &error);
  if (inventory == NULL)
    return hvp_command_fail (error);
  if (!opt_quiet)
    hvp_command_print_warnings (inventory);
  json = hvp_inventory_to_json (inventory);
  if (!hvp_command_write_output (opt_output, json, &error))
    return hvp_command_fail (error);
  return HVP_EXIT_OK;
}

static char **opt_sources;
static char **opt_destinations;
static char *opt_format;
static char *opt_memory_policy;
static char *opt_concurrent;
static int opt_storage_headroom = -1;
static char *opt_host_reserve;
static char *opt_vm_overhead;
static char **opt_switch_maps;

static const GOptionEntry plan_entries[] = {
  { "source", 's', 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_sources,
    "The host to migrate: data root, VM .xml or inventory JSON (repeat to merge sources)",
    "SOURCE" },
  { "destination", 'd', 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_destinations,
    "The destination host: an inventory JSON with a host and no VMs (several hosts: placement)",
    "DEST" },
  { "format", 'f', 0, G_OPTION_ARG_STRING, &opt_format,
    "Report format: text (default), json or markdown (the migration checklist)", "FORMAT" },
  G_OPTION_ENTRY_NULL
};

/* The options of the planner every planning command shares. */
static const GOptionEntry planner_entries[] = {
  { "memory-policy", 0, 0, G_OPTION_ARG_STRING, &opt_memory_policy,
    "Dynamic memory counts as 'startup' (default) or 'maximum' RAM", "POLICY" },
  { "concurrent", 0, 0, G_OPTION_ARG_STRING, &opt_concurrent,
    "VMs that run at once: 'running' (default: running, paused, saved or of unknown state), "
    "'all', or NAME,NAME,...", "SET" },
  { "storage-headroom", 0, 0, G_OPTION_ARG_INT, &opt_storage_headroom,
    "Storage to keep free on top of the files, in percent (default 20)", "PERCENT" },
  { "host-reserve", 0, 0, G_OPTION_ARG_STRING, &opt_host_reserve,
    "Memory for the management OS and the Hyper-V role (default 2GiB)", "SIZE" },
  { "vm-overhead", 0, 0, G_OPTION_ARG_STRING, &opt_vm_overhead,
    "Memory overhead per VM: 'auto' (default: 32MiB for the first GiB + 8MiB per further GiB) "
    "or a SIZE", "SIZE" },
  { "switch-map", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_switch_maps,
    "Source switch SRC is destination switch DST (repeatable)", "SRC=DST" },
  G_OPTION_ENTRY_NULL
};

/**
 * hvp_command_planner_entries:
 *
 * Returns: (transfer none): the planner options every planning command shares: --memory-policy,
 *   --concurrent, --storage-headroom, --host-reserve, --vm-overhead, --switch-map
 */
const GOptionEntry *
hvp_command_planner_entries (void)
{
  return planner_entries;
}

/**
 * hvp_command_plan_options:
 * @error: return location for an error
 *
 * Builds planner options from hvp_command_planner_entries().
 *
 * Returns: (transfer full) (nullable): the options, or %NULL with %HVP_ERROR_USAGE
 */
HvpPlanOptions *
hvp_command_plan_options (GError **error)
{
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();

  if (opt_memory_policy != NULL
      && !hvp_plan_options_set_memory_policy (options, opt_memory_policy, error))
    return NULL;
  if (opt_concurrent != NULL && !hvp_plan_options_set_concurrency (options, opt_concurrent, error))
    return NULL;
  if (opt_storage_headroom != -1)
    {
      if (opt_storage_headroom < 0 || opt_storage_headroom > 1000)
        {
          g_set_error (error, HVP_ERROR, HVP_ERROR_USAGE,
                       "--storage-headroom %d is not a percentage from 0 to 1000",
                       opt_storage_headroom);
          return NULL;
        }
      options->storage_headroom_percent = (guint) opt_storage_headroom;
    }
  if (opt_host_reserve != NULL && !hvp_parse_size (opt_host_reserve, &options->host_reserve_bytes))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_USAGE, "--host-reserve '%s' is not a size such as 2GiB",
                   opt_host_reserve);
      return NULL;
    }
  if (opt_vm_overhead != NULL && strcmp (opt_vm_overhead, "auto") != 0)
    {
      if (!hvp_parse_size (opt_vm_overhead, &options->vm_overhead_bytes))
        {
          g_set_error (error, HVP_ERROR, HVP_ERROR_USAGE,
                       "--vm-overhead '%s' is neither 'auto' nor a size such as 64MiB",
                       opt_vm_overhead);
          return NULL;
        }
      options->vm_overhead_auto = FALSE;
    }
  for (gsize i = 0; opt_switch_maps != NULL && opt_switch_maps[i] != NULL; i++)
    if (!hvp_plan_options_add_switch_map (options, opt_switch_maps[i], error))
      return NULL;
  return g_steal_pointer (&options);
}

/**
 * hvp_command_plan:
 * @argc: arguments after "plan"
 * @argv: (array length=argc): the arguments, argv[0] being "plan"
 *
 * `hvplan plan --source SOURCE --destination DEST`: the four checks, as text or JSON.
 *
 * Returns: 0 when everything fits, 1 when a requirement fails, else an error's status
 */
int
hvp_command_plan (int argc, char **argv)
{
  g_autoptr (GOptionContext) context =
    g_option_context_new ("- check a destination against a source host");
  g_autoptr (HvpCollectOptions) collect_options = NULL;
  g_autoptr (HvpPlanOptions) plan_options = NULL;
  g_autoptr (HvpInventory) source = NULL;
  g_autoptr (HvpInventory) destination = NULL;
  g_autoptr (HvpPlan) plan = NULL;
  g_autoptr (HvpSizing) placement = NULL;
  g_autoptr (GString) report = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  HvpCommandFormat format;
  int status;

  g_option_context_add_main_entries (context, plan_entries, NULL);
  g_option_context_add_main_entries (context, planner_entries, NULL);
  g_option_context_add_main_entries (context, source_entries, NULL);
  g_option_context_set_description (context,
    "Checks the four requirements of Microsoft's \"Hyper-V: Prepare to Migrate\": storage,\n"
    "memory, network and processor.  With several destination hosts (an inventory with several,\n"
    "or several --destination), the checks are against the first and the VMs are placed over\n"
    "all of them: the placement decides the exit status.\n"
    "Exit status: 0 everything fits, 1 a requirement fails,\n"
    "64 usage, 65 bad input data, 66 input cannot be opened, 74 output cannot be written.\n");
  if (!hvp_command_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return hvp_command_usage_error (context, "plan takes no positional arguments");
  if (opt_sources == NULL || opt_destinations == NULL)
    return hvp_command_usage_error (context, "plan needs --source and --destination");
  if (!hvp_command_report_format (context, opt_format, &format, &status))
    return status;

  collect_options = hvp_command_collect_options (&error);
  if (collect_options == NULL)
    return hvp_command_fail (error);
  plan_options = hvp_command_plan_options (&error);
  if (plan_options == NULL)
    return hvp_command_fail (error);
  source = hvp_collect ((const char *const *) opt_sources, collect_options, &error);
  if (source == NULL)
    return hvp_command_fail (error);
  destination = hvp_collect ((const char *const *) opt_destinations, collect_options, &error);
  if (destination == NULL)
    return hvp_command_fail (error);
  /* The reports carry the input warnings of the source; the destination's go to standard error. */
  if (!opt_quiet)
    hvp_command_print_warnings (destination);
  plan = hvp_plan_new (source, destination, plan_options, &error);
  if (plan == NULL)
    return hvp_command_fail (error);

  /* Several destination hosts: the VMs are placed over them (planner/sizing.c, no spare host:
   * `hvplan size --destination` sizes a failover reserve), and the placement decides. */
  if (destination->hosts->len > 1)
    {
      plan_options->spare_hosts = 0;
      placement = hvp_sizing_new_for_hosts (source, destination, plan_options, &error);
      if (placement == NULL)
        return hvp_command_fail (error);
    }

  if (format == HVP_COMMAND_FORMAT_JSON)
    {
      if (placement != NULL)
        hvp_report_plan_json_placement (plan, source,
                                        hvp_report_size_placement_json (placement), report);
      else
        hvp_report_plan_json (plan, source, report);
    }
  else if (format == HVP_COMMAND_FORMAT_MARKDOWN)
    {
      hvp_report_plan_markdown (plan, source, report);
      if (placement != NULL)
        hvp_report_size_placement_markdown (placement, report);
    }
  else
    {
      hvp_report_plan_text (plan, source, report);
      if (placement != NULL)
        hvp_report_size_placement_text (placement, report);
    }
  if (!hvp_command_write_output (opt_output, report->str, &error))
    return hvp_command_fail (error);
  if (placement != NULL)
    return placement->best >= 0 ? HVP_EXIT_OK : HVP_EXIT_NO;
  return hvp_plan_verdict (plan) == HVP_VERDICT_FAIL ? HVP_EXIT_NO : HVP_EXIT_OK;
}

static const HvpCommand commands[] = {
  { "collect", "SOURCE... [-o FILE]", "collect an inventory from sources", hvp_command_collect },
  { "plan", "--source SOURCE --destination DEST", "check a destination against a source",
    hvp_command_plan },
  { "size", "--source SOURCE --catalog CATALOG", "how many servers of which model, and placement",
    hvp_command_size },
  { "diff", "OLD NEW", "what was added, removed or changed", hvp_command_diff },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "Usage: hvplan COMMAND [OPTION...]\n\nPlan Hyper-V migrations: what the"
                   " destination needs, and whether it has it.\n\nCommands:\n");
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-8s %-38s %s\n", commands[i].name, commands[i].parameters,
             commands[i].summary);
  fprintf (stream, "\n'hvplan COMMAND --help' describes a command's options.\n");
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  setlocale (LC_NUMERIC, "C");
  g_set_prgname ("hvplan");

  if (argc < 2)
    {
      print_usage (stderr);
      return HVP_EXIT_USAGE;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 || strcmp (argv[1], "help") == 0)
    {
      print_usage (stdout);
      return HVP_EXIT_OK;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("hvplan %s\n", HVP_VERSION);
      return HVP_EXIT_OK;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      {
        g_autofree char *prgname = g_strdup_printf ("hvplan %s", commands[i].name);

        g_set_prgname (prgname);
        return commands[i].run (argc - 1, argv + 1);
      }
  g_printerr ("hvplan: unknown command '%s'\n\n", argv[1]);
  print_usage (stderr);
  return HVP_EXIT_USAGE;
}
