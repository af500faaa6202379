/* hvplan: the option groups that several subcommands share, each filling a struct of the calling
 * command (no file-level option state). */
#include <string.h>

#include "cmd/command.h"

/**
 * hvp_source_args_add_entries:
 * @args: (transfer none): where GOption stores the options; must outlive @context's parse
 * @context: a subcommand's option context
 *
 * Adds the options of every command that reads sources: --path-map, --max-input-size, --output,
 * --quiet, --color, --strict.
 */
void
hvp_source_args_add_entries (HvpSourceArgs *args, GOptionContext *context)
{
  const GOptionEntry entries[] = {
    { "path-map", 0, 0, G_OPTION_ARG_STRING_ARRAY, &args->path_maps,
      "Where a source folder's copy lives here, e.g. 'D:\\Hyper-V=/srv/copy' (repeatable)",
      "WINDOWS-PREFIX=FOLDER" },
    { "max-input-size", 0, 0, G_OPTION_ARG_STRING, &args->max_input,
      "Refuse input files larger than this (default 256MiB)", "SIZE" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &args->output,
      "Write to FILE (atomically) instead of standard output", "FILE" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &args->quiet,
      "Do not print input warnings, nor the progress of a long collection", NULL },
    { "color", 0, 0, G_OPTION_ARG_STRING, &args->color,
      "Colour the verdicts: 'auto' (default: on a terminal, unless NO_COLOR is set), 'always' "
      "or 'never'", "WHEN" },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &args->strict,
      "Exit 65 when a VM configuration file was found but not read", NULL },
    G_OPTION_ENTRY_NULL
  };

  /* GOption copies the entries; the pointers into @args stay valid. */
  g_option_context_add_main_entries (context, entries, NULL);
}

/**
 * hvp_source_args_clear:
 * @args: options filled by a parse
 *
 * Frees what GOption allocated in @args.
 */
void
hvp_source_args_clear (HvpSourceArgs *args)
{
  g_clear_pointer (&args->path_maps, g_strfreev);
  g_clear_pointer (&args->max_input, g_free);
  g_clear_pointer (&args->output, g_free);
  g_clear_pointer (&args->color, g_free);
}

/**
 * hvp_source_args_collect_options:
 * @args: parsed source options
 * @error: return location for an error
 *
 * Builds collector options from @args, with the progress line of hvp_command_progress_attach()
 * when a person watches standard error.
 *
 * Returns: (transfer full) (nullable): the options, or %NULL with %HVP_ERROR_USAGE for a path map
 *   without '=', a size that is not one or a --color that is not auto, always or never
 */
HvpCollectOptions *
hvp_source_args_collect_options (const HvpSourceArgs *args, GError **error)
{
  g_autoptr (HvpCollectOptions) options = hvp_collect_options_new ();
  gboolean color;

  for (gsize i = 0; args->path_maps != NULL && args->path_maps[i] != NULL; i++)
    if (!hvp_collect_options_add_path_map (options, args->path_maps[i], error))
      return NULL;
  if (args->max_input != NULL && !hvp_parse_size (args->max_input, &options->max_input_bytes))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_USAGE,
                   "--max-input-size '%s' is not a size such as 64MiB", args->max_input);
      return NULL;
    }
  if (!hvp_command_use_color (args->color, args->output, &color, error))
    return NULL;
  hvp_command_progress_attach (options, args->quiet);
  options->strict = args->strict;
  return g_steal_pointer (&options);
}

/**
 * hvp_planner_args_add_entries:
 * @args: (transfer none): where GOption stores the options; its @storage_headroom is set to -1
 *   (not given) here
 * @context: a subcommand's option context
 *
 * Adds the planner options every planning command shares: --memory-policy, --concurrent,
 * --storage-headroom, --host-reserve, --vm-overhead, --switch-map.  Their defaults and sources
 * are in planner/options.c.
 */
void
hvp_planner_args_add_entries (HvpPlannerArgs *args, GOptionContext *context)
{
  const GOptionEntry entries[] = {
    { "memory-policy", 0, 0, G_OPTION_ARG_STRING, &args->memory_policy,
      "Dynamic memory counts as 'startup' (default) or 'maximum' RAM", "POLICY" },
    { "concurrent", 0, 0, G_OPTION_ARG_STRING, &args->concurrent,
      "VMs that run at once: 'running' (default: running, paused, saved or of unknown state), "
      "'all', or NAME,NAME,...", "SET" },
    { "storage-headroom", 0, 0, G_OPTION_ARG_INT, &args->storage_headroom,
      "Storage to keep free on top of the files, in percent (default 20)", "PERCENT" },
    { "host-reserve", 0, 0, G_OPTION_ARG_STRING, &args->host_reserve,
      "Memory for the management OS and the Hyper-V role (default 2GiB)", "SIZE" },
    { "vm-overhead", 0, 0, G_OPTION_ARG_STRING, &args->vm_overhead,
      "Memory overhead per VM: 'auto' (default: 32MiB for the first GiB + 8MiB per further GiB) "
      "or a SIZE", "SIZE" },
    { "switch-map", 0, 0, G_OPTION_ARG_STRING_ARRAY, &args->switch_maps,
      "Source switch SRC is destination switch DST (repeatable)", "SRC=DST" },
    G_OPTION_ENTRY_NULL
  };

  args->storage_headroom = -1;
  g_option_context_add_main_entries (context, entries, NULL);
}

/**
 * hvp_planner_args_clear:
 * @args: options filled by a parse
 *
 * Frees what GOption allocated in @args.
 */
void
hvp_planner_args_clear (HvpPlannerArgs *args)
{
  g_clear_pointer (&args->memory_policy, g_free);
  g_clear_pointer (&args->concurrent, g_free);
  g_clear_pointer (&args->host_reserve, g_free);
  g_clear_pointer (&args->vm_overhead, g_free);
  g_clear_pointer (&args->switch_maps, g_strfreev);
}

static gboolean
set_vm_overhead (HvpPlanOptions *options, const char *text, GError **error)
{
  if (strcmp (text, "auto") == 0)
    return TRUE;
  if (!hvp_parse_size (text, &options->vm_overhead_bytes))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_USAGE,
                   "--vm-overhead '%s' is neither 'auto' nor a size such as 64MiB", text);
      return FALSE;
    }
  options->vm_overhead_auto = FALSE;
  return TRUE;
}

/**
 * hvp_planner_args_plan_options:
 * @args: parsed planner options
 * @error: return location for an error
 *
 * Builds planner options: the defaults of hvp_plan_options_new() with @args applied.
 *
 * Returns: (transfer full) (nullable): the options, or %NULL with %HVP_ERROR_USAGE naming the
 *   option whose value is wrong
 */
HvpPlanOptions *
hvp_planner_args_plan_options (const HvpPlannerArgs *args, GError **error)
{
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();

  if (args->memory_policy != NULL
      && !hvp_plan_options_set_memory_policy (options, args->memory_policy, error))
    return NULL;
  if (args->concurrent != NULL
      && !hvp_plan_options_set_concurrency (options, args->concurrent, error))
    return NULL;
  if (args->storage_headroom != -1)
    {
      if (args->storage_headroom < 0 || args->storage_headroom > 1000)
        {
          g_set_error (error, HVP_ERROR, HVP_ERROR_USAGE,
                       "--storage-headroom %d is not a percentage from 0 to 1000",
                       args->storage_headroom);
          return NULL;
        }
      options->storage_headroom_percent = (guint) args->storage_headroom;
    }
  if (args->host_reserve != NULL
      && !hvp_parse_size (args->host_reserve, &options->host_reserve_bytes))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_USAGE, "--host-reserve '%s' is not a size such as 2GiB",
                   args->host_reserve);
      return NULL;
    }
  if (args->vm_overhead != NULL && !set_vm_overhead (options, args->vm_overhead, error))
    return NULL;
  for (gsize i = 0; args->switch_maps != NULL && args->switch_maps[i] != NULL; i++)
    if (!hvp_plan_options_add_switch_map (options, args->switch_maps[i], error))
      return NULL;
  return g_steal_pointer (&options);
}

/**
 * hvp_source_args_color_report:
 * @args: parsed source options (--color, --output)
 * @format: the report format chosen ("text", "json", ...)
 * @report: the report, coloured in place
 *
 * Colours the verdicts of a text report (hvp_command_color_text()) when --color says so
 * (hvp_command_use_color(): a terminal, NO_COLOR); other formats are never coloured.
 */
void
hvp_source_args_color_report (const HvpSourceArgs *args, const char *format, GString *report)
{
  gboolean color = FALSE;

  if (strcmp (format, "text") == 0 && hvp_command_use_color (args->color, args->output, &color,
                                                              NULL)
      && color)
    hvp_command_color_text (report);
}
