/* hvplan: `hvplan guides`, the migration guides hvplan carries, and `hvplan checklist --guide ID`,
 * one guide with its automatic checks filled in from the servers' facts and its manual steps
 * from an answers file. */
#include <string.h>

#include "cmd/command.h"
#include "collectors/guide-files.h"
#include "collectors/server-facts/server-facts.h"
#include "models/text.h"
#include "reports/checklist.h"

typedef struct {
  char *guide;
  char **sources;
  char **destinations;
  char *host;
  char *answers;
  char *install_date;
  gboolean require_complete;
  char *format;
  HvpSourceArgs common;
} ChecklistArgs;

static void
checklist_args_clear (ChecklistArgs *args)
{
  g_clear_pointer (&args->guide, g_free);
  g_clear_pointer (&args->sources, g_strfreev);
  g_clear_pointer (&args->destinations, g_strfreev);
  g_clear_pointer (&args->host, g_free);
  g_clear_pointer (&args->answers, g_free);
  g_clear_pointer (&args->install_date, g_free);
  g_clear_pointer (&args->format, g_free);
  hvp_source_args_clear (&args->common);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ChecklistArgs, checklist_args_clear)

/* What a checklist reads, owned here; the context points into it. */
typedef struct {
  HvpServerFacts *source;
  HvpServerFacts *destination;
  HvpServerFacts *host;
  HvpInventory *source_inventory;
  HvpInventory *destination_inventory;
  HvpPlanOptions *plan_options;
  HvpPlan *plan;
} ChecklistInputs;

static void
checklist_inputs_clear (ChecklistInputs *inputs)
{
  g_clear_pointer (&inputs->source, hvp_server_facts_free);
  g_clear_pointer (&inputs->destination, hvp_server_facts_free);
  g_clear_pointer (&inputs->host, hvp_server_facts_free);
  g_clear_pointer (&inputs->plan, hvp_plan_free);
  g_clear_pointer (&inputs->plan_options, hvp_plan_options_free);
  g_clear_pointer (&inputs->source_inventory, hvp_inventory_free);
  g_clear_pointer (&inputs->destination_inventory, hvp_inventory_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ChecklistInputs, checklist_inputs_clear)

/* The report formats; the first is the default. */
static const struct {
  const char *name;
  void (*write) (const HvpChecklist *checklist, GString *out);
} checklist_formats[] = {
  { "text", hvp_report_checklist_text },
  { "json", hvp_report_checklist_json },
  { "markdown", hvp_report_checklist_markdown },
};

/**
 * hvp_command_guides:
 * @argc: arguments after "guides"
 * @argv: (array length=argc): the arguments, argv[0] being "guides"
 *
 * `hvplan guides`: one line per guide (hvp_guides_load_all()), its id first, then its title.
 *
 * Returns: 0, 64 for arguments, or a guide file's error status (65, 66)
 */
int
hvp_command_guides (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("- list the migration guides");
  g_autoptr (GPtrArray) guides = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  int status;

  g_option_context_set_description (
    context, "The guides are compiled into hvplan; $" HVP_GUIDE_DIR_VARIABLE " names a folder of guide\n"
             "files to read instead.  'hvplan checklist --guide ID' renders one.\n\n"
             "Exit status: 0 success, 64 usage, 65 a guide file is invalid, 66 the folder cannot be\n"
             "read.\n");
  if (!hvp_command_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return hvp_command_usage_error (context, "guides takes no arguments");
  guides = hvp_guides_load_all (&error);
  if (guides == NULL)
    return hvp_command_fail (error);
  hvp_report_guides_text (guides, out);
  if (!hvp_command_write_output (NULL, out->str, &error))
    return hvp_command_fail (error);
  return HVP_EXIT_OK;
}

static void
add_entries (ChecklistArgs *args, GOptionContext *context)
{
  const GOptionEntry entries[] = {
    { "guide", 'g', 0, G_OPTION_ARG_STRING, &args->guide, "The guide ('hvplan guides' lists them)",
      "ID" },
    { "source", 's', 0, G_OPTION_ARG_FILENAME_ARRAY, &args->sources,
      "The source server's facts (collect-server.ps1), or for the hyperv guide its inventory",
      "FILE" },
    { "destination", 'd', 0, G_OPTION_ARG_FILENAME_ARRAY, &args->destinations,
      "The destination server's facts, or for the hyperv guide its inventory", "FILE" },
    { "host", 0, 0, G_OPTION_ARG_FILENAME, &args->host,
      "The Hyper-V host's facts, when the source server is a VM (its clock is checked too)",
      "FILE" },
    { "answers", 'a', 0, G_OPTION_ARG_FILENAME, &args->answers,
      "The answers file that ticks manual steps (hvplan-answers/1)", "FILE" },
    { "install-date", 0, 0, G_OPTION_ARG_STRING, &args->install_date,
      "The planned installation date of the destination (default: today, UTC)", "YYYY-MM-DD" },
    { "require-complete", 0, 0, G_OPTION_ARG_NONE, &args->require_complete,
      "Exit 1 unless every step passed or is ticked", NULL },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &args->format,
      "Report format: text (default), json or markdown", "FORMAT" },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_add_main_entries (context, entries, NULL);
  hvp_source_args_add_entries (&args->common, context);
  g_option_context_set_description (
    context,
    "Every automatic check is filled in: pass, fail or unknown, with its evidence and the file\n"
    "and keys it came from.  Manual steps, and checks without evidence, are ticked by the\n"
    "answers file (README.md, \"Migration guides\").\n\n"
    "Exit status: 0 no check failed, 1 a check failed (or, with --require-complete, a step is\n"
    "neither passed nor ticked), 64 usage, 65 bad input data, 66 input cannot be opened,\n"
    "74 output cannot be written.\n");
}

static HvpServerFacts *
read_facts (const char *const *files, const char *option, const HvpCollectOptions *options,
            GError **error)
{
  if (files == NULL)
    return NULL;
  if (files[0] != NULL && files[1] != NULL)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_USAGE, "%s: one server facts file, not several",
                   option);
      return NULL;
    }
  return hvp_server_facts_read_file (files[0], options, error);
}

/* The server facts of a "server" guide. */
static gboolean
read_server_inputs (const ChecklistArgs *args, const HvpCollectOptions *options,
                    ChecklistInputs *inputs, GError **error)
{
  const char *const host[] = { args->host, NULL };

  inputs->source = read_facts ((const char *const *) args->sources, "--source", options, error);
  if (inputs->source == NULL && args->sources != NULL)
    return FALSE;
  inputs->destination = read_facts ((const char *const *) args->destinations, "--destination",
                                    options, error);
  if (inputs->destination == NULL && args->destinations != NULL)
    return FALSE;
  inputs->host = read_facts (args->host != NULL ? host : NULL, "--host", options, error);
  return inputs->host != NULL || args->host == NULL;
}

/* The inventories and plan of an "inventory" guide (the hyperv guide), with the default planner
 * options. */
static gboolean
read_inventory_inputs (const ChecklistArgs *args, const HvpCollectOptions *options,
                       ChecklistInputs *inputs, GError **error)
{
  HvpPlannerArgs defaults = { .storage_headroom = -1 };

  if (args->sources == NULL || args->destinations == NULL)
    return TRUE;
  if (args->host != NULL)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_USAGE, "--host is for the server guides");
      return FALSE;
    }
  inputs->plan_options = hvp_planner_args_plan_options (&defaults, error);
  if (inputs->plan_options == NULL)
    return FALSE;
  inputs->source_inventory = hvp_command_collect_sources ((const char *const *) args->sources,
                                                          options, !args->common.quiet, error);
  if (inputs->source_inventory == NULL)
    return FALSE;
  inputs->destination_inventory = hvp_command_collect_sources (
    (const char *const *) args->destinations, options, !args->common.quiet, error);
  if (inputs->destination_inventory == NULL)
    return FALSE;
  inputs->plan = hvp_plan_new (inputs->source_inventory, inputs->destination_inventory,
                               inputs->plan_options, error);
  return inputs->plan != NULL;
}

static char *
today_utc (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* The checks that guard the command line before anything is read. */
static gboolean
check_arguments (const ChecklistArgs *args, GError **error)
{
  const char *const answers[] = { args->answers, NULL };
  const char *const host[] = { args->host, NULL };

  if (args->guide == NULL)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_USAGE, "checklist needs --guide ID");
      return FALSE;
    }
  if (args->install_date != NULL && !hvp_install_date_parse (args->install_date, error))
    return FALSE;
  return hvp_command_check_output_not_input (args->common.output, "--source",
                                             (const char *const *) args->sources, error)
         && hvp_command_check_output_not_input (args->common.output, "--destination",
                                                (const char *const *) args->destinations, error)
         && (args->answers == NULL
             || hvp_command_check_output_not_input (args->common.output, "--answers", answers, error))
         && (args->host == NULL
             || hvp_command_check_output_not_input (args->common.output, "--host", host, error));
}

static void
print_warnings (const HvpChecklist *checklist)
{
  for (guint i = 0; i < checklist->warnings->len; i++)
    {
      g_autofree char *text = hvp_text_escape_terminal (g_ptr_array_index (checklist->warnings, i));

      g_printerr ("hvplan: warning: %s\n", text);
    }
}

/* Reads the inputs, builds the checklist. */
static HvpChecklist *
build_checklist (const ChecklistArgs *args, const HvpGuide *guide, ChecklistInputs *inputs,
                 HvpAnswers **ret_answers, GError **error)
{
  g_autoptr (HvpCollectOptions) options = hvp_source_args_collect_options (&args->common, error);
  g_autofree char *today = today_utc ();
  HvpCheckContext context = { 0 };

  if (options == NULL)
    return NULL;
  if (guide->input == HVP_GUIDE_INPUT_SERVER ? !read_server_inputs (args, options, inputs, error)
                                             : !read_inventory_inputs (args, options, inputs, error))
    return NULL;
  if (args->answers != NULL)
    {
      *ret_answers = hvp_answers_read_file (args->answers, options, error);
      if (*ret_answers == NULL)
        return NULL;
    }
  context.source = inputs->source;
  context.destination = inputs->destination;
  context.host = inputs->host;
  context.plan = inputs->plan;
  context.install_date = args->install_date != NULL ? args->install_date : today;
  return hvp_checklist_new (guide, &context, *ret_answers, error);
}

/**
 * hvp_command_checklist:
 * @argc: arguments after "checklist"
 * @argv: (array length=argc): the arguments, argv[0] being "checklist"
 *
 * `hvplan checklist --guide ID [--source FILE] [--destination FILE] [--host FILE] [--answers FILE]
 * [--install-date YYYY-MM-DD] [--require-complete] [--format text|json|markdown]`: the guide with
 * its automatic checks run (hvp_checklist_new()) and its answers applied.
 *
 * Returns: 0 when no check failed, 1 when one did (or a step is open with --require-complete),
 *   else an error's exit status
 */
int
hvp_command_checklist (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("- a migration guide as a checklist");
  g_auto (ChecklistArgs) args = { 0 };
  g_auto (ChecklistInputs) inputs = { 0 };
  g_autoptr (HvpGuide) guide = NULL;
  g_autoptr (HvpAnswers) answers = NULL;
  g_autoptr (HvpChecklist) checklist = NULL;
  g_autoptr (GString) report = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  gsize format;
  int status;

  add_entries (&args, context);
  if (!hvp_command_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return hvp_command_usage_error (context, "checklist takes no positional arguments");
  if (!hvp_command_choose_format (context, checklist_formats, G_N_ELEMENTS (checklist_formats),
                                  sizeof checklist_formats[0], args.format, &format, &status))
    return status;
  if (!check_arguments (&args, &error) || (guide = hvp_guide_load (args.guide, &error)) == NULL)
    return hvp_command_fail (error);
  checklist = build_checklist (&args, guide, &inputs, &answers, &error);
  if (checklist == NULL)
    return hvp_command_fail (error);
  if (!args.common.quiet)
    print_warnings (checklist);
  checklist_formats[format].write (checklist, report);
  if (!hvp_command_write_output (args.common.output, report->str, &error))
    return hvp_command_fail (error);
  if (hvp_checklist_has_failure (checklist)
      || (args.require_complete && !hvp_checklist_is_complete (checklist)))
    return HVP_EXIT_NO;
  return HVP_EXIT_OK;
}
