/* hvplan: `hvplan size`, how many servers of which catalog model hold the source VMs, and where
 * each VM goes; or the placement onto several existing hosts. */
#include <time.h>

#include "collectors/collector.h"
#include "planner/catalog.h"
#include "planner/command.h"
#include "planner/sizing.h"
#include "reports/size-report.h"

static char **opt_sources;
static char *opt_catalog;
static char **opt_destinations;
static int opt_spare = G_MININT;
static int opt_growth = G_MININT;
static char *opt_vcpu_ratio;
static char *opt_format;
static gboolean opt_timing;

/* CPU seconds of the whole process (every thread): a figure load on the machine does not inflate. */
static double
cpu_seconds (void)
{
  struct timespec now;

  if (clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &now) != 0)
    return 0;
  return (double) now.tv_sec + (double) now.tv_nsec / 1e9;
}

static const GOptionEntry size_entries[] = {
  { "source", 's', 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_sources,
    "The hosts to migrate: data root, VM .xml or inventory JSON (repeat to merge sources)",
    "SOURCE" },
  { "catalog", 'c', 0, G_OPTION_ARG_FILENAME, &opt_catalog,
    "Candidate server models, a JSON list (examples/catalog.json)", "CATALOG" },
  { "destination", 'd', 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_destinations,
    "Place onto existing hosts instead: inventory JSON with several hosts (repeatable)", "DEST" },
  { "spare", 0, 0, G_OPTION_ARG_INT, &opt_spare,
    "Hosts that may fail while the others still hold every VM (default 1)", "N" },
  { "growth", 0, 0, G_OPTION_ARG_INT, &opt_growth,
    "Growth added to memory and storage, in percent (default 0)", "PERCENT" },
  { "vcpu-ratio", 0, 0, G_OPTION_ARG_STRING, &opt_vcpu_ratio,
    "vCPUs per logical processor, e.g. 4 or 4:1 (default 1:1)", "R" },
  { "format", 'f', 0, G_OPTION_ARG_STRING, &opt_format,
    "Report format: text (default), json or markdown", "FORMAT" },
  { "timing", 0, 0, G_OPTION_ARG_NONE, &opt_timing,
    "Print the wall time of reading, sizing and reporting, and the CPU time of sizing, on "
    "standard error", NULL },
  G_OPTION_ENTRY_NULL
};

/**
 * hvp_command_size:
 * @argc: arguments after "size"
 * @argv: (array length=argc): the arguments, argv[0] being "size"
 *
 * `hvplan size --source SOURCE... --catalog CATALOG` (or `--destination DEST...`): the sizing,
 * as text, JSON or Markdown.
 *
 * Returns: 0 when a model (or the existing hosts) holds every VM, 1 when none does, else an
 *   error's status
 */
int
hvp_command_size (int argc, char **argv)
{
  g_autoptr (GOptionContext) context =
    g_option_context_new ("- size the hardware to buy and place the VMs on several hosts");
  g_autoptr (HvpCollectOptions) collect_options = NULL;
  g_autoptr (HvpPlanOptions) plan_options = NULL;
  g_autoptr (HvpInventory) source = NULL;
  g_autoptr (HvpInventory) destination = NULL;
  g_autoptr (HvpCatalog) catalog = NULL;
  g_autoptr (HvpSizing) sizing = NULL;
  g_autoptr (GString) report = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GTimer) timer = g_timer_new ();
  double read_seconds, size_seconds, size_cpu;
  HvpCommandFormat format;
  int status;

  g_option_context_add_main_entries (context, size_entries, NULL);
  g_option_context_add_main_entries (context, hvp_command_planner_entries (), NULL);
  g_option_context_add_main_entries (context, hvp_command_source_entries (), NULL);
  g_option_context_set_description (context,
    "For each catalog model: the fewest hosts that hold every source VM under the four checks\n"
    "(storage with headroom, memory with overhead and host reserve, NICs for External switches,\n"
    "logical processors; saved states only on a compatible processor), keeping --spare hosts of\n"
    "failover reserve (System Center VMM's cluster reserve), with the lower bound, the limiting\n"
    "resource and the placement; then the cheapest model (when every model has a price) or the\n"
    "one with fewest hosts.  With --destination, places the VMs onto those existing hosts.\n"
    "Exit status: 0 a model fits, 1 none does, 64 usage, 65 bad input data, 66 input cannot be\n"
    "opened, 74 output cannot be written.\n");
  if (!hvp_command_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return hvp_command_usage_error (context, "size takes no positional arguments");
  if (opt_sources == NULL)
    return hvp_command_usage_error (context, "size needs --source");
  if ((opt_catalog == NULL) == (opt_destinations == NULL))
    return hvp_command_usage_error (context, "size needs either --catalog or --destination");
  if (!hvp_command_report_format (context, opt_format, &format, &status))
    return status;
  if (opt_spare != G_MININT && (opt_spare < 0 || opt_spare > 1000))
    return hvp_command_usage_error (context, "--spare must be a host count from 0 to 1000");
  if (opt_growth != G_MININT && (opt_growth < 0 || opt_growth > 1000))
    return hvp_command_usage_error (context, "--growth must be a percentage from 0 to 1000");

  collect_options = hvp_command_collect_options (&error);
  if (collect_options == NULL)
    return hvp_command_fail (error);
  plan_options = hvp_command_plan_options (&error);
  if (plan_options == NULL)
    return hvp_command_fail (error);
  if (opt_spare != G_MININT)
    plan_options->spare_hosts = (guint) opt_spare;
  if (opt_growth != G_MININT)
    plan_options->growth_percent = (guint) opt_growth;
  if (opt_vcpu_ratio != NULL
      && !hvp_plan_options_set_vcpu_ratio (plan_options, opt_vcpu_ratio, &error))
    return hvp_command_fail (error);

  if (opt_catalog != NULL)
    {
      catalog = hvp_catalog_load (opt_catalog, collect_options, &error);
      if (catalog == NULL)
        return hvp_command_fail (error);
    }
  source = hvp_collect ((const char *const *) opt_sources, collect_options, &error);
  if (source == NULL)
    return hvp_command_fail (error);
  if (opt_destinations != NULL)
    {
      destination = hvp_collect ((const char *const *) opt_destinations, collect_options, &error);
      if (destination == NULL)
        return hvp_command_fail (error);
      if (!hvp_command_quiet ())
        hvp_command_print_warnings (destination);
    }
  read_seconds = g_timer_elapsed (timer, NULL);

  g_timer_start (timer);
  size_cpu = cpu_seconds ();
  if (catalog != NULL)
    sizing = hvp_sizing_new_for_catalog (source, catalog, plan_options, &error);
  else
    sizing = hvp_sizing_new_for_hosts (source, destination, plan_options, &error);
  if (sizing == NULL)
    return hvp_command_fail (error);
  size_seconds = g_timer_elapsed (timer, NULL);
  size_cpu = cpu_seconds () - size_cpu;

  g_timer_start (timer);
  if (format == HVP_COMMAND_FORMAT_JSON)
    hvp_report_size_json (sizing, source, report);
  else if (format == HVP_COMMAND_FORMAT_MARKDOWN)
    hvp_report_size_markdown (sizing, source, report);
  else
    hvp_report_size_text (sizing, source, report);
  if (!hvp_command_write_output (hvp_command_output_file (), report->str, &error))
    return hvp_command_fail (error);
  if (opt_timing)
    g_printerr ("hvplan: timing: read %.3f s, size %.3f s (cpu %.3f s; %u VMs x %u models), "
                "report %.3f s\n", read_seconds, size_seconds, size_cpu, sizing->vms->len,
                sizing->models->len, g_timer_elapsed (timer, NULL));
  return sizing->best >= 0 ? HVP_EXIT_OK : HVP_EXIT_NO;
}
