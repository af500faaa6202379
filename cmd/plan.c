/* hvplan: `hvplan plan --source SOURCE --destination DEST`, the requirements of "Hyper-V: Prepare
 * to Migrate" checked against a destination, and the placement over several destination hosts. */
#include <stdlib.h>

#include "cmd/command.h"
#include "planner/plan.h"
#include "planner/sizing/sizing.h"
#include "reports/report.h"
#include "reports/size-report.h"

typedef struct {
  char **sources;
  char **destinations;
  char *format;
  gboolean csv_bom;
  HvpPlannerArgs planner;
  HvpSourceArgs common;
} PlanArgs;

static void
plan_args_clear (PlanArgs *args)
{
  g_clear_pointer (&args->sources, g_strfreev);
  g_clear_pointer (&args->destinations, g_strfreev);
  g_clear_pointer (&args->format, g_free);
  hvp_planner_args_clear (&args->planner);
  hvp_source_args_clear (&args->common);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PlanArgs, plan_args_clear)

/* The report formats: the plan, followed by the placement when there are several destination
 * hosts (@placement not %NULL).  The first is the default. */
static void
write_text (const HvpPlan *plan, const HvpInventory *source, const HvpSizing *placement,
            GString *out)
{
  hvp_report_plan_text (plan, source, out);
  if (placement != NULL)
    hvp_report_size_placement_text (placement, out);
}

static void
write_json (const HvpPlan *plan, const HvpInventory *source, const HvpSizing *placement,
            GString *out)
{
  if (placement != NULL)
    hvp_report_plan_json_placement (plan, source, hvp_report_size_placement_json (placement), out);
  else
    hvp_report_plan_json (plan, source, out);
}

static void
write_markdown (const HvpPlan *plan, const HvpInventory *source, const HvpSizing *placement,
                GString *out)
{
  hvp_report_plan_markdown (plan, source, out);
  if (placement != NULL)
    hvp_report_size_placement_markdown (placement, out);
}

/* The workbook; exits with 74 when its temporary files cannot be written. */
static void
write_xlsx (const HvpPlan *plan, const HvpInventory *source, const HvpSizing *placement,
            GString *out)
{
  g_autoptr (GError) error = NULL;

  if (!hvp_report_plan_xlsx (plan, source, placement, out, &error))
    exit (hvp_command_fail (error));
}

/* The page; exits with 66 when the module that renders its checklist cannot be loaded. */
static void
write_html (const HvpPlan *plan, const HvpInventory *source, const HvpSizing *placement,
            GString *out)
{
  g_autoptr (GError) error = NULL;

  if (!hvp_report_plan_html (plan, source, placement, out, &error))
    exit (hvp_command_fail (error));
}

static const struct {
  const char *name;
  void (*write) (const HvpPlan *plan, const HvpInventory *source, const HvpSizing *placement,
                 GString *out);
} plan_formats[] = {
  { "text", write_text },
  { "json", write_json },
  { "markdown", write_markdown },
  { "html", write_html },
  { "csv", hvp_report_plan_csv },
  { "xlsx", write_xlsx },
};

static void
add_entries (PlanArgs *args, GOptionContext *context)
{
  const GOptionEntry entries[] = {
    { "source", 's', 0, G_OPTION_ARG_FILENAME_ARRAY, &args->sources,
      "The host to migrate: data root, VM .xml or inventory JSON (repeat to merge sources)",
      "SOURCE" },
    { "destination", 'd', 0, G_OPTION_ARG_FILENAME_ARRAY, &args->destinations,
      "The destination host: an inventory JSON (its own VMs count as used; several hosts: "
      "placement)",
      "DEST" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &args->format,
      "Report format: text (default), json, markdown (the migration checklist), html (one "
      "self-contained page), csv or xlsx",
      "FORMAT" },
    { "csv-bom", 0, 0, G_OPTION_ARG_NONE, &args->csv_bom,
      "With --format csv: start with the UTF-8 byte order mark (for Excel)", NULL },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_add_main_entries (context, entries, NULL);
  hvp_planner_args_add_entries (&args->planner, context);
  hvp_source_args_add_entries (&args->common, context);
  g_option_context_set_description (context,
    "Checks the four requirements of Microsoft's \"Hyper-V: Prepare to Migrate\": storage,\n"
    "memory, network and processor.  With several destination hosts (an inventory with several,\n"
    "or several --destination), the checks are against the first and the VMs are placed over\n"
    "all of them: the placement decides the exit status.\n"
    "Exit status: 0 everything fits, 1 a requirement fails,\n"
    "64 usage, 65 bad input data, 66 input cannot be opened, 74 output cannot be written.\n"
    HVP_SOURCE_URI_HELP);
}

/**
 * hvp_command_plan:
 * @argc: arguments after "plan"
 * @argv: (array length=argc): the arguments, argv[0] being "plan"
 *
 * `hvplan plan --source SOURCE --destination DEST`: the checks, as text, JSON or Markdown; with
 * several destination hosts, also the placement of the VMs over them (hvp_sizing_new_for_hosts()
 * with no spare host: `hvplan size --destination` sizes a failover reserve).
 *
 * Returns: 0 when everything fits, 1 when a requirement (or the placement) fails, else an
 *   error's status
 */
int
hvp_command_plan (int argc, char **argv)
{
  g_autoptr (GOptionContext) context =
    g_option_context_new ("- check a destination against a source host");
  g_auto (PlanArgs) args = { 0 };
  g_autoptr (HvpCollectOptions) collect_options = NULL;
  g_autoptr (HvpPlanOptions) plan_options = NULL;
  g_autoptr (HvpInventory) source = NULL;
  g_autoptr (HvpInventory) destination = NULL;
  g_autoptr (HvpPlan) plan = NULL;
  g_autoptr (HvpSizing) placement = NULL;
  g_autoptr (GString) report = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  gsize format;
  int status;

  add_entries (&args, context);
  if (!hvp_command_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return hvp_command_usage_error (context, "plan takes no positional arguments");
  if (args.sources == NULL || args.destinations == NULL)
    return hvp_command_usage_error (context, "plan needs --source and --destination");
  if (!hvp_command_choose_format (context, plan_formats, G_N_ELEMENTS (plan_formats),
                                  sizeof plan_formats[0], args.format, &format, &status)
      || !hvp_command_check_sheet_output (context, plan_formats[format].name, args.csv_bom,
                                          args.common.output, &status))
    return status;
  if (!hvp_command_check_output_not_input (args.common.output, "--source",
                                           (const char *const *) args.sources, &error)
      || !hvp_command_check_output_not_input (args.common.output, "--destination",
                                              (const char *const *) args.destinations, &error))
    return hvp_command_fail (error);

  collect_options = hvp_source_args_collect_options (&args.common, &error);
  if (collect_options == NULL)
    return hvp_command_fail (error);
  plan_options = hvp_planner_args_plan_options (&args.planner, &error);
  if (plan_options == NULL)
    return hvp_command_fail (error);
  /* The reports carry the input warnings of the source; the destination's go to standard error. */
  source = hvp_command_collect_sources ((const char *const *) args.sources, collect_options,
                                        FALSE, &error);
  if (source == NULL)
    return hvp_command_fail (error);
  destination = hvp_command_collect_sources ((const char *const *) args.destinations,
                                             collect_options, !args.common.quiet, &error);
  if (destination == NULL)
    return hvp_command_fail (error);
  plan = hvp_plan_new (source, destination, plan_options, &error);
  if (plan == NULL)
    return hvp_command_fail (error);
  if (destination->hosts->len > 1)
    {
      plan_options->spare_hosts = 0;
      placement = hvp_sizing_new_for_hosts (source, destination, plan_options, &error);
      if (placement == NULL)
        return hvp_command_fail (error);
    }

  plan_formats[format].write (plan, source, placement, report);
  hvp_source_args_color_report (&args.common, plan_formats[format].name, report);
  if (!hvp_command_write_report (args.common.output, args.csv_bom, report, &error))
    return hvp_command_fail (error);
  if (placement != NULL)
    return placement->best >= 0 ? HVP_EXIT_OK : HVP_EXIT_NO;
  return hvp_plan_verdict (plan) == HVP_VERDICT_FAIL ? HVP_EXIT_NO : HVP_EXIT_OK;
}
