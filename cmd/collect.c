/* hvplan: `hvplan collect SOURCE... [-o FILE]`, the canonical inventory of the sources. */
#include "cmd/command.h"

#if defined(__GLIBC__) && !HVP_JEMALLOC
#include <malloc.h>
#endif

/* hvp_inventory_write_json() as the output's producer. */
static gboolean
produce_inventory (HvpWriteFunc write, gpointer sink, gpointer user_data, GError **error)
{
  return hvp_inventory_write_json (user_data, write, sink, error);
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
  g_auto (HvpSourceArgs) args = { 0 };
  g_autoptr (HvpCollectOptions) options = NULL;
  g_autoptr (HvpInventory) inventory = NULL;
  g_autoptr (GError) error = NULL;
  double sample_minutes = 0;
  int sample_interval = 300;
  int jobs = -1; /* not given: one thread per processor */
  const GOptionEntry entries[] = {
    { "sample-minutes", 0, 0, G_OPTION_ARG_DOUBLE, &sample_minutes,
      "Live libvirt connections: sample each running VM's processor and memory use for this "
      "long (a decimal number of minutes) for size --basis measured", "MINUTES" },
    { "sample-interval", 0, 0, G_OPTION_ARG_INT, &sample_interval,
      "Seconds between two samples (default 300)", "SECONDS" },
    { "jobs", 0, 0, G_OPTION_ARG_INT, &jobs,
      "Threads parsing the VM configuration files of a Hyper-V data root, 1 to 1024 (default: "
      "one per processor); the inventory is the same for any number", "N" },
    G_OPTION_ENTRY_NULL
  };
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  hvp_source_args_add_entries (&args, context);
  g_option_context_set_description (context,
    "SOURCE is a Hyper-V data root (a folder with 'Virtual Machines'), a VM configuration .xml\n"
    "or .vmcx file, an hvplan inventory JSON or a libvirt URI.  Several sources of one host are\n"
    "merged.  Writes the canonical inventory (schema hvplan-inventory/1).  With --sample-minutes,\n"
    "a live libvirt connection's running VMs are sampled (virDomainGetCPUStats,\n"
    "virDomainMemoryStats) into their utilization; collect-hyperv.ps1 -SampleMinutes does it on\n"
    "Hyper-V.\n" HVP_SOURCE_URI_HELP);
  if (!hvp_command_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc < 2)
    return hvp_command_usage_error (context, "collect needs at least one SOURCE");
  if (!(sample_minutes >= 0 && sample_minutes <= 527040) || sample_interval < 1
      || sample_interval > 86400 || (sample_minutes > 0 && sample_minutes * 60 < sample_interval))
    return hvp_command_usage_error (context, "--sample-minutes must be 0 to 527040 (a year) and "
                                    "at least one --sample-interval of 1 to 86400 seconds");
  if (jobs != -1 && (jobs < 1 || jobs > 1024))
    return hvp_command_usage_error (context, "--jobs must be 1 to 1024");
  if (!hvp_command_check_output_not_input (args.output, "SOURCE", (const char *const *) argv + 1,
                                           &error))
    return hvp_command_fail (error);

#if defined(__GLIBC__) && !HVP_JEMALLOC
  /* A data root's files are read and parsed one after the other, each allocating and freeing
   * about 100 KiB at the top of the heap: glibc gave it back to the kernel and took it again for
   * every file (18,000 brk() calls for 10,000 files, a TLB flush each, 15 % of the collection's
   * CPU).  Growing the heap 1 MiB at a time and keeping that much free stops it (issue 14:
   * 2.0-2.8 s -> 1.4-1.8 s of CPU for 10,000 configurations; the peak does not change). */
  mallopt (M_TOP_PAD, 1024 * 1024);
#endif
  options = hvp_source_args_collect_options (&args, &error);
  if (options == NULL)
    return hvp_command_fail (error);
  options->sample_seconds = sample_minutes * 60;
  options->sample_interval_seconds = (guint) sample_interval;
  options->jobs = jobs == -1 ? 0 : (guint) jobs;
  inventory = hvp_command_collect_sources ((const char *const *) argv + 1, options, !args.quiet,
                                           &error);
  if (inventory == NULL)
    return hvp_command_fail (error);
  if (!hvp_command_write_output_stream (args.output, produce_inventory, inventory, &error))
    return hvp_command_fail (error);
  return HVP_EXIT_OK;
}
