/* hvplan: `hvplan diff OLD NEW`, what changed between two inventories. */
#include <stdlib.h>
#include <string.h>
#if defined(__GLIBC__) && !HVP_JEMALLOC
#include <malloc.h>
#endif

#include "cmd/command.h"
#include "collectors/uri.h"
#include "models/diff.h"
#include "reports/diff-report.h"

typedef struct {
  char **ignore;
  char **tolerances;
  char *format;
  gboolean csv_bom;
  HvpSourceArgs common;
} DiffArgs;

static void
diff_args_clear (DiffArgs *args)
{
  g_clear_pointer (&args->ignore, g_strfreev);
  g_clear_pointer (&args->tolerances, g_strfreev);
  g_clear_pointer (&args->format, g_free);
  hvp_source_args_clear (&args->common);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DiffArgs, diff_args_clear)

/* The workbook; exits with 74 when its temporary files cannot be written. */
static void
write_xlsx (const HvpDiff *diff, GString *out)
{
  g_autoptr (GError) error = NULL;

  if (!hvp_report_diff_xlsx (diff, out, &error))
    exit (hvp_command_fail (error));
}

/* The report formats; the first is the default. */
static const struct {
  const char *name;
  void (*write) (const HvpDiff *diff, GString *out);
} diff_formats[] = {
  { "text", hvp_report_diff_text },
  { "json", hvp_report_diff_json },
  { "tap", hvp_report_diff_tap },
  { "html", hvp_report_diff_html },
  { "csv", hvp_report_diff_csv },
  { "xlsx", write_xlsx },
};

static char *
describe_fields (void)
{
  g_autoptr (GPtrArray) names = hvp_diff_field_names ();
  GString *out = g_string_new (
    "OLD and NEW are anything 'hvplan collect' reads: an inventory JSON, a Hyper-V data root, a\n"
    "VM configuration .xml.  Objects match by identity, not position: hosts pairwise (by name\n"
    "when there are several), switches by name then id, VMs by id then name, a VM's disks by\n"
    "controller place then file name, adapters by MAC then name, snapshots by id then name and\n"
    "parent; a host's security settings, when both sides collected them, by scope name, role\n"
    "assignment scope and name, disabled firewall rule name, remote grant group and SID.\n\n"
    "To verify a migration (README, \"diff\"): --ignore host --ignore volume --ignore vm.host\n"
    "  --ignore vm.config_path --ignore vm.state --ignore disk.path --ignore disk.local_path\n"
    "  --ignore switch.id --ignore switch.physical_nics --ignore adapter.switch_id\n"
    "  --tolerance disk.file_size_bytes=10  (and --ignore vm.id --ignore snapshot.id when the\n"
    "  import created new ids)\n\n"
    "Exit status: 0 equal under the options, 1 different, 64 usage, 65 bad input data,\n"
    "66 input cannot be opened, 74 output cannot be written.\n" HVP_SOURCE_URI_HELP "\nFields:");
  const char *previous = "";
  gsize line_start = 0;

  /* One line per kind, wrapped before 100 columns. */
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      gsize kind_length = strcspn (name, ".");

      if (strncmp (name, previous, kind_length) != 0 || previous[kind_length] != '.'
          || out->len - line_start + 1 + strlen (name) > 99)
        {
          g_string_append (out, "\n ");
          line_start = out->len - 1;
        }
      previous = name;
      g_string_append_printf (out, " %s", name);
    }
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

static void
add_entries (DiffArgs *args, GOptionContext *context, const char *description)
{
  const GOptionEntry entries[] = {
    { "ignore", 0, 0, G_OPTION_ARG_STRING_ARRAY, &args->ignore,
      "Overlook a field ('vm.config_path'), a group ('vm.memory') or a kind ('volume') "
      "(repeatable)", "FIELD" },
    { "tolerance", 0, 0, G_OPTION_ARG_STRING_ARRAY, &args->tolerances,
      "Let a numeric field move by PERCENT of its old value (repeatable)", "FIELD=PERCENT" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &args->format,
      "Report format: text (default), json, tap, html (one self-contained page), csv or "
      "xlsx",
      "FORMAT" },
    { "csv-bom", 0, 0, G_OPTION_ARG_NONE, &args->csv_bom,
      "With --format csv: start with the UTF-8 byte order mark (for Excel)", NULL },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_add_main_entries (context, entries, NULL);
  hvp_source_args_add_entries (&args->common, context);
  g_option_context_set_description (context, description);
}

/* One side of the comparison, read by a thread of its own. */
typedef struct {
  const char *source;
  const HvpCollectOptions *options;
  HvpInventory *inventory;
  GError *error;
} Side;

static gpointer
collect_side (gpointer data)
{
  Side *side = data;
  const char *const sources[] = { side->source, NULL };

  side->inventory = hvp_collect (sources, side->options, &side->error);
  return NULL;
}

/* Whether both sides may be read at once: both are inventory documents (the reader keeps its
 * state per call and per thread, models/json.c) and no progress line is drawn (it is one line
 * for one collection at a time).  Anything else, or a source no collector takes, is read one
 * side after the other, as before, with the same messages. */
static gboolean
sides_can_overlap (const char *const *sources, const HvpCollectOptions *options)
{
  if (options->progress != NULL)
    return FALSE;
  for (guint i = 0; i < 2; i++)
    {
      const HvpCollector *collector = hvp_collector_for (sources[i], NULL);

      if (collector == NULL || strcmp (collector->name, "inventory-json") != 0)
        return FALSE;
    }
  return TRUE;
}

/* Reads OLD (@sources[0]) on a second thread while this one reads NEW (two 285 MB inventories:
 * t/bench/diff/run.sh), then prints each side's warnings in order and reports the first
 * failure, OLD's before NEW's: the same lines, in the same order, as reading them one after the
 * other.  Returns FALSE with @error set on a failure. */
static gboolean
collect_sides_at_once (const char *const *sources, const HvpCollectOptions *options,
                       gboolean print_warnings, HvpInventory **ret_inventories, GError **error)
{
  Side sides[2] = { { sources[0], options, NULL, NULL }, { sources[1], options, NULL, NULL } };
  GThread *thread;

  /* Registers the processor comparator and the error domain once, before two threads call
   * hvp_collect(): both are stored on first use without a lock (G_DEFINE_QUARK), which
   * ThreadSanitizer reports when two threads fail at once. */
  hvp_collectors_init ();
  (void) HVP_ERROR;
  thread = g_thread_new ("hvplan-diff-old", collect_side, &sides[0]);
  collect_side (&sides[1]);
  g_thread_join (thread);
  for (guint i = 0; i < 2; i++)
    {
      if (sides[i].inventory == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&sides[i].error));
          for (guint j = 0; j < 2; j++)
            {
              g_clear_error (&sides[j].error);
              g_clear_pointer (&sides[j].inventory, hvp_inventory_free);
            }
          return FALSE;
        }
      hvp_command_print_collected (sides[i].inventory, print_warnings);
    }
  ret_inventories[0] = sides[0].inventory;
  ret_inventories[1] = sides[1].inventory;
  return TRUE;
}

/* The two inventories, OLD then NEW, in @ret_inventories: at once when they may be
 * (sides_can_overlap()), else one after the other. */
static gboolean
collect_sides (const char *const *sources, const HvpCollectOptions *options,
               gboolean print_warnings, HvpInventory **ret_inventories, GError **error)
{
  if (sides_can_overlap (sources, options))
    return collect_sides_at_once (sources, options, print_warnings, ret_inventories, error);
  for (guint side = 0; side < 2; side++)
    {
      const char *const one[] = { sources[side], NULL };

      ret_inventories[side] = hvp_command_collect_sources (one, options, print_warnings, error);
      if (ret_inventories[side] == NULL)
        {
          if (side == 1)
            g_clear_pointer (&ret_inventories[0], hvp_inventory_free);
          return FALSE;
        }
    }
  return TRUE;
}

/* Frees the two inventories of the array @data (and the array): freeing two models was 2 % of
 * the CPU of a diff of 10,000-VM inventories (perf), which the report need not wait for. */
static gpointer
free_inventories (gpointer data)
{
  HvpInventory **inventories = data;

  hvp_inventory_free (inventories[0]);
  hvp_inventory_free (inventories[1]);
  g_free (inventories);
  return NULL;
}

static HvpDiffOptions *
diff_options_from_command_line (const DiffArgs *args, GError **error)
{
  g_autoptr (HvpDiffOptions) options = hvp_diff_options_new ();

  for (gsize i = 0; args->ignore != NULL && args->ignore[i] != NULL; i++)
    if (!hvp_diff_options_add_ignore (options, args->ignore[i], error))
      return NULL;
  for (gsize i = 0; args->tolerances != NULL && args->tolerances[i] != NULL; i++)
    if (!hvp_diff_options_add_tolerance (options, args->tolerances[i], error))
      return NULL;
  return g_steal_pointer (&options);
}

/**
 * hvp_command_diff:
 * @argc: arguments after "diff"
 * @argv: (array length=argc): the arguments, argv[0] being "diff"
 *
 * `hvplan diff OLD NEW [--ignore FIELD]... [--tolerance FIELD=PERCENT]... [--format FORMAT]`:
 * compares two inventories (each anything `hvplan collect` accepts) and reports added, removed
 * and changed objects as text, JSON ("hvplan-diff/1"), TAP, CSV or an xlsx workbook.
 *
 * Returns: 0 when equal under the options, 1 when different, else an error's exit status
 */
int
hvp_command_diff (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("OLD NEW - compare two inventories");
  g_auto (DiffArgs) args = { 0 };
  g_autoptr (HvpCollectOptions) collect_options = NULL;
  g_autoptr (HvpDiffOptions) diff_options = NULL;
  HvpInventory *inventories[2] = { NULL, NULL };
  GThread *freeing;
  g_autoptr (HvpDiff) diff = NULL;
  g_autoptr (GString) report = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *description = describe_fields ();
  g_autofree char *old_name = NULL;
  g_autofree char *new_name = NULL;
  gsize format;
  int status;

  add_entries (&args, context, description);
  if (!hvp_command_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return hvp_command_usage_error (context, "diff needs two inventories, OLD and NEW");
  if (!hvp_command_choose_format (context, diff_formats, G_N_ELEMENTS (diff_formats),
                                  sizeof diff_formats[0], args.format, &format, &status)
      || !hvp_command_check_sheet_output (context, diff_formats[format].name, args.csv_bom,
                                          args.common.output, &status))
    return status;
  if (!hvp_command_check_output_not_input (args.common.output, "OLD",
                                           (const char *const[]) { argv[1], NULL }, &error)
      || !hvp_command_check_output_not_input (args.common.output, "NEW",
                                              (const char *const[]) { argv[2], NULL }, &error))
    return hvp_command_fail (error);

#if defined(__GLIBC__) && !HVP_JEMALLOC
  /* The side read on a second thread allocates from a glibc arena of its own, which grows a
   * page at a time, each growth an mprotect() call unless the arena's heap was made writable
   * ahead by M_TOP_PAD (glibc's new_heap()): with the default, growing it was a tenth of that
   * thread's time on two 285 MB inventories (perf).  Pages made writable but never touched
   * cost no memory. */
  mallopt (M_TOP_PAD, 64 * 1024 * 1024);
#endif
  collect_options = hvp_source_args_collect_options (&args.common, &error);
  if (collect_options == NULL)
    return hvp_command_fail (error);
  diff_options = diff_options_from_command_line (&args, &error);
  if (diff_options == NULL)
    return hvp_command_fail (error);
  if (!collect_sides ((const char *const *) argv + 1, collect_options, !args.common.quiet,
                      inventories, &error))
    return hvp_command_fail (error);
  /* The report names both sides: never with a URI's password. */
  old_name = hvp_uri_without_secrets (argv[1], NULL);
  new_name = hvp_uri_without_secrets (argv[2], NULL);
  diff = hvp_diff_new (inventories[0], old_name, inventories[1], new_name, diff_options, &error);
  /* The diff holds copies of what it reports: the models go while the report is written, when
   * both were inventory documents read at once (the large case; other sources keep one thread). */
  if (sides_can_overlap ((const char *const *) argv + 1, collect_options))
    freeing = g_thread_new ("hvplan-diff-free", free_inventories,
                            g_memdup2 (inventories, sizeof inventories));
  else
    {
      freeing = NULL;
      free_inventories (g_memdup2 (inventories, sizeof inventories));
    }
  if (diff == NULL)
    {
      if (freeing != NULL)
        g_thread_join (freeing);
      return hvp_command_fail (error);
    }

  diff_formats[format].write (diff, report);
  hvp_source_args_color_report (&args.common, diff_formats[format].name, report);
  if (freeing != NULL)
    g_thread_join (freeing);
  if (!hvp_command_write_report (args.common.output, args.csv_bom, report, &error))
    return hvp_command_fail (error);
  return hvp_diff_is_equal (diff) ? HVP_EXIT_OK : HVP_EXIT_NO;
}
