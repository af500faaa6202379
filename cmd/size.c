/* hvplan: `hvplan size`, how many servers of which catalog model hold the source VMs, and where
 * each VM goes; or the placement onto several existing hosts. */
#include <stdlib.h>
#if defined(__GLIBC__) && !HVP_JEMALLOC
#include <malloc.h>
#endif
#include <string.h>
#include <time.h>

#include "cmd/command.h"
#include "planner/sizing/catalog.h"
#include "planner/sizing/demand.h"
#include "planner/sizing/sizing.h"
#include "reports/size-report.h"

typedef struct {
  char **sources;
  char *catalog;
  char **destinations;
  int spare;
  int growth;
  char *vcpu_ratio;
  char *basis;
  char *percentile;
  char *comfort;
  char *licensing;
  char *format;
  gboolean csv_bom;
  gboolean timing;
  HvpPlannerArgs planner;
  HvpSourceArgs common;
} SizeArgs;

static void
size_args_clear (SizeArgs *args)
{
  g_clear_pointer (&args->sources, g_strfreev);
  g_clear_pointer (&args->catalog, g_free);
  g_clear_pointer (&args->destinations, g_strfreev);
  g_clear_pointer (&args->vcpu_ratio, g_free);
  g_clear_pointer (&args->basis, g_free);
  g_clear_pointer (&args->percentile, g_free);
  g_clear_pointer (&args->comfort, g_free);
  g_clear_pointer (&args->licensing, g_free);
  g_clear_pointer (&args->format, g_free);
  hvp_planner_args_clear (&args->planner);
  hvp_source_args_clear (&args->common);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SizeArgs, size_args_clear)

/* The workbook; exits with 74 when its temporary files cannot be written. */
static void
write_xlsx (const HvpSizing *sizing, const HvpInventory *source, GString *out)
{
  g_autoptr (GError) error = NULL;

  if (!hvp_report_size_xlsx (sizing, source, out, &error))
    exit (hvp_command_fail (error));
}

/* The report formats; the first is the default.  The large ones also stream: written out block by
 * block while they are made (hvp_command_write_output_stream()), never held whole. */
static const struct {
  const char *name;
  void (*write) (const HvpSizing *sizing, const HvpInventory *source, GString *out);
  void (*stream) (const HvpSizing *sizing, const HvpInventory *source, HvpReportStream *stream);
} size_formats[] = {
  { "text", hvp_report_size_text, hvp_report_size_text_stream },
  { "json", hvp_report_size_json, hvp_report_size_json_stream },
  { "markdown", hvp_report_size_markdown, NULL },
  { "html", hvp_report_size_html, hvp_report_size_html_stream },
  { "csv", hvp_report_size_csv, NULL },
  { "xlsx", write_xlsx, NULL },
};

/* What write_streamed() hands the output's sink. */
typedef struct {
  const HvpSizing *sizing;
  const HvpInventory *source;
  gsize format;
} StreamedReport;

/* An #HvpOutputProducer: the report of size_formats[format] written through the output's sink in
 * blocks of about %HVP_REPORT_STREAM_BLOCK bytes. */
static gboolean
produce_report (HvpWriteFunc write, gpointer sink, gpointer user_data, GError **error)
{
  const StreamedReport *report = user_data;
  g_autoptr (GString) buffer = g_string_sized_new (HVP_REPORT_STREAM_BLOCK + 64 * 1024);
  HvpReportStream stream;

  hvp_report_stream_init (&stream, buffer, write, sink);
  size_formats[report->format].stream (report->sizing, report->source, &stream);
  return hvp_report_stream_finish (&stream, error);
}

/* Writes the report to --output: streamed when the format can be and nothing is done to the whole
 * text after (the colours of a text report on a terminal), else made whole, coloured and
 * written.  Either way the output file is replaced at once or not at all (cmd/output.c). */
static gboolean
write_report (const SizeArgs *args, gsize format, const HvpSizing *sizing,
              const HvpInventory *source, GError **error)
{
  g_autoptr (GString) report = NULL;
  gboolean color = FALSE;

  if (size_formats[format].stream != NULL
      && (strcmp (size_formats[format].name, "text") != 0
          || (hvp_command_use_color (args->common.color, args->common.output, &color, NULL)
              && !color)))
    {
      StreamedReport streamed = { .sizing = sizing, .source = source, .format = format };

      return hvp_command_write_output_stream (args->common.output, produce_report, &streamed,
                                              error);
    }
  report = g_string_new (NULL);
  size_formats[format].write (sizing, source, report);
  hvp_source_args_color_report (&args->common, size_formats[format].name, report);
  return hvp_command_write_report (args->common.output, args->csv_bom, report, error);
}

/* Only for the C library's malloc() (meson option 'allocator': the sanitizer builds; jemalloc runs
 * one arena, hvplan.c).  The models are sized on a pool of one thread a processor
 * (planner/sizing/sizing.c).  glibc gives threads arenas of their own, up to eight a processor,
 * and what a thread frees stays in its arena: at 100,000 VMs the size command's peak was 218 MB
 * with them and 201 MB with one arena (issue 14, t/bench/README.md).  One arena a processor keeps
 * most of that gain without making the pool's threads wait for each other's allocations. */
static void
limit_malloc_arenas (void)
{
#if defined(__GLIBC__) && !HVP_JEMALLOC
  mallopt (M_ARENA_MAX, (int) MAX (1, g_get_num_processors ()));
#endif
}

/* What the command leaves to the process's exit, which hvp_command_size() returns to: the kernel
 * takes the memory back in one step.  Freed block by block, the source and the sizing took 1.2-1.7
 * s of the command's 20-26 s at 1,000,000 VMs (issue 14, t/bench/README.md, "ninth pass").  Still
 * reachable from here, they are no leak to LeakSanitizer or valgrind (volatile: nothing reads
 * them, and the compiler would otherwise drop the stores). */
static struct {
  HvpInventory *volatile source;
  HvpSizing *volatile sizing;
} left_to_exit;

/* CPU seconds of the whole process (every thread): a figure load on the machine does not inflate. */
static double
cpu_seconds (void)
{
  struct timespec now;

  if (clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &now) != 0)
    return 0;
  return (double) now.tv_sec + (double) now.tv_nsec / 1e9;
}

static void
add_entries (SizeArgs *args, GOptionContext *context)
{
  const GOptionEntry entries[] = {
    { "source", 's', 0, G_OPTION_ARG_FILENAME_ARRAY, &args->sources,
      "The hosts to migrate: data root, VM .xml or inventory JSON (repeat to merge sources)",
      "SOURCE" },
    { "catalog", 'c', 0, G_OPTION_ARG_FILENAME, &args->catalog,
      "Candidate server models, a JSON list (examples/catalog.json)", "CATALOG" },
    { "destination", 'd', 0, G_OPTION_ARG_FILENAME_ARRAY, &args->destinations,
      "Place onto existing hosts instead: inventory JSON with several hosts (repeatable)", "DEST" },
    { "spare", 0, 0, G_OPTION_ARG_INT, &args->spare,
      "Hosts that may fail while the others still hold every VM (default 1)", "N" },
    { "growth", 0, 0, G_OPTION_ARG_INT, &args->growth,
      "Growth added to memory and storage, in percent (default 0)", "PERCENT" },
    { "vcpu-ratio", 0, 0, G_OPTION_ARG_STRING, &args->vcpu_ratio,
      "vCPUs per logical processor, e.g. 4 or 4:1 (default 1:1)", "R" },
    { "basis", 0, 0, G_OPTION_ARG_STRING, &args->basis,
      "Size from what VMs are configured for (default) or what they used: configured or measured",
      "BASIS" },
    { "percentile", 0, 0, G_OPTION_ARG_STRING, &args->percentile,
      "Measured basis: percentile of each VM's samples, 1 to 100 (default 95)", "P" },
    { "comfort", 0, 0, G_OPTION_ARG_STRING, &args->comfort,
      "Measured basis: comfort factor on each percentile, 1 to 10 (default 1.3)", "F" },
    { "licensing", 0, 0, G_OPTION_ARG_STRING, &args->licensing,
      "Add Windows Server licences to each model's price: standard, datacenter or cheapest",
      "EDITION" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &args->format,
      "Report format: text (default), json, markdown, html (one self-contained page), csv "
      "or xlsx",
      "FORMAT" },
    { "csv-bom", 0, 0, G_OPTION_ARG_NONE, &args->csv_bom,
      "With --format csv: start with the UTF-8 byte order mark (for Excel)", NULL },
    { "timing", 0, 0, G_OPTION_ARG_NONE, &args->timing,
      "Print the wall time of reading, sizing and reporting, and the CPU time of each, on "
      "standard error", NULL },
    G_OPTION_ENTRY_NULL
  };

  args->spare = G_MININT;
  args->growth = G_MININT;
  g_option_context_add_main_entries (context, entries, NULL);
  hvp_planner_args_add_entries (&args->planner, context);
  hvp_source_args_add_entries (&args->common, context);
  g_option_context_set_description (context,
    "For each catalog model: the fewest hosts that hold every source VM under the four checks\n"
    "(storage with headroom, memory with overhead and host reserve, NICs for External switches,\n"
    "logical processors; saved states only on a compatible processor), keeping --spare hosts of\n"
    "failover reserve (System Center VMM's cluster reserve), with the lower bound, the limiting\n"
    "resource and the placement; then the cheapest model (when every model has a price) or the\n"
    "one with fewest hosts.  With --destination, places the VMs onto those existing hosts.\n"
    "With --basis measured, each VM takes the --percentile of its utilization samples times\n"
    "--comfort, and hosts are packed by the percentile of their VMs' summed samples where the\n"
    "series share one timeline.  With --licensing, the price adds Windows Server core licences.\n"
    "Exit status: 0 a model fits, 1 none does, 64 usage, 65 bad input data, 66 input cannot be\n"
    "opened, 74 output cannot be written.\n" HVP_SOURCE_URI_HELP);
}

/* The checks of the command line that need no input: which inputs, which format, the ranges. */
static gboolean
check_arguments (const SizeArgs *args, GOptionContext *context, int argc, gsize *ret_format,
                 int *ret_status)
{
  if (argc > 1)
    *ret_status = hvp_command_usage_error (context, "size takes no positional arguments");
  else if (args->sources == NULL)
    *ret_status = hvp_command_usage_error (context, "size needs --source");
  else if ((args->catalog == NULL) == (args->destinations == NULL))
    *ret_status = hvp_command_usage_error (context, "size needs either --catalog or --destination");
  else if (!hvp_command_choose_format (context, size_formats, G_N_ELEMENTS (size_formats),
                                       sizeof size_formats[0], args->format, ret_format,
                                       ret_status)
           || !hvp_command_check_sheet_output (context, size_formats[*ret_format].name,
                                               args->csv_bom, args->common.output, ret_status))
    return FALSE;
  else if (args->spare != G_MININT && (args->spare < 0 || args->spare > 1000))
    *ret_status = hvp_command_usage_error (context, "--spare must be a host count from 0 to 1000");
  else if (args->growth != G_MININT && (args->growth < 0 || args->growth > 1000))
    *ret_status = hvp_command_usage_error (context,
                                           "--growth must be a percentage from 0 to 1000");
  else if ((args->percentile != NULL || args->comfort != NULL)
           && g_strcmp0 (args->basis, "measured") != 0)
    *ret_status = hvp_command_usage_error (context,
                                           "--percentile and --comfort need --basis measured");
  else if (args->licensing != NULL && args->catalog == NULL)
    *ret_status = hvp_command_usage_error (context, "--licensing needs --catalog");
  else
    return TRUE;
  return FALSE;
}

/* --output is none of the inputs: --source, --destination, --catalog. */
static gboolean
check_output (const SizeArgs *args, GError **error)
{
  const char *const catalog[] = { args->catalog, NULL };
  const char *output = args->common.output;

  return hvp_command_check_output_not_input (output, "--source",
                                             (const char *const *) args->sources, error)
         && hvp_command_check_output_not_input (output, "--destination",
                                                (const char *const *) args->destinations, error)
         && hvp_command_check_output_not_input (output, "--catalog", catalog, error);
}

/* The planner options of the sizing: the shared ones, then --spare, --growth and --vcpu-ratio. */
static HvpPlanOptions *
sizing_options (const SizeArgs *args, GError **error)
{
  g_autoptr (HvpPlanOptions) options = hvp_planner_args_plan_options (&args->planner, error);

  if (options == NULL)
    return NULL;
  if (args->spare != G_MININT)
    options->spare_hosts = (guint) args->spare;
  if (args->growth != G_MININT)
    options->growth_percent = (guint) args->growth;
  if (args->vcpu_ratio != NULL
      && !hvp_plan_options_set_vcpu_ratio (options, args->vcpu_ratio, error))
    return NULL;
  if ((args->basis != NULL && !hvp_plan_options_set_basis (options, args->basis, error))
      || (args->percentile != NULL
          && !hvp_plan_options_set_percentile (options, args->percentile, error))
      || (args->comfort != NULL
          && !hvp_plan_options_set_comfort_factor (options, args->comfort, error))
      || (args->licensing != NULL
          && !hvp_plan_options_set_licensing (options, args->licensing, error)))
    return NULL;
  return g_steal_pointer (&options);
}

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
  g_auto (SizeArgs) args = { 0 };
  g_autoptr (HvpCollectOptions) collect_options = NULL;
  g_autoptr (HvpPlanOptions) plan_options = NULL;
  g_autoptr (HvpInventory) source = NULL;
  g_autoptr (HvpInventory) destination = NULL;
  g_autoptr (HvpCatalog) catalog = NULL;
  g_autoptr (HvpSizing) sizing = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GTimer) timer = g_timer_new ();
  double read_seconds, read_cpu, size_seconds, size_cpu, report_cpu;
  gsize format;
  int status;

  add_entries (&args, context);
  if (!hvp_command_parse_options (context, &argc, &argv, &status)
      || !check_arguments (&args, context, argc, &format, &status))
    return status;
  if (!check_output (&args, &error))
    return hvp_command_fail (error);
  collect_options = hvp_source_args_collect_options (&args.common, &error);
  if (collect_options == NULL)
    return hvp_command_fail (error);
  plan_options = sizing_options (&args, &error);
  if (plan_options == NULL)
    return hvp_command_fail (error);

  limit_malloc_arenas ();
  read_cpu = cpu_seconds ();
  if (args.catalog != NULL)
    {
      catalog = hvp_catalog_load (args.catalog, collect_options, &error);
      if (catalog == NULL)
        return hvp_command_fail (error);
    }
  source = hvp_command_collect_sources ((const char *const *) args.sources, collect_options,
                                        FALSE, &error);
  if (source == NULL)
    return hvp_command_fail (error);
  if (args.destinations != NULL)
    {
      destination = hvp_command_collect_sources ((const char *const *) args.destinations,
                                                 collect_options, !args.common.quiet, &error);
      if (destination == NULL)
        return hvp_command_fail (error);
    }
  read_seconds = g_timer_elapsed (timer, NULL);
  read_cpu = cpu_seconds () - read_cpu;

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
  report_cpu = cpu_seconds ();
  if (!write_report (&args, format, sizing, source, &error))
    return hvp_command_fail (error);
  report_cpu = cpu_seconds () - report_cpu;
  if (args.timing)
    g_printerr ("hvplan: timing: read %.3f s (cpu %.3f s), size %.3f s (cpu %.3f s; %u VMs x %u "
                "models), report %.3f s (%.3f s of CPU)\n", read_seconds, read_cpu, size_seconds,
                size_cpu, sizing->vms->len, sizing->models->len, g_timer_elapsed (timer, NULL),
                report_cpu);
  status = sizing->best >= 0 ? HVP_EXIT_OK : HVP_EXIT_NO;
  left_to_exit.source = g_steal_pointer (&source);
  left_to_exit.sizing = g_steal_pointer (&sizing);
  return status;
}
