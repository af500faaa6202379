/* hvplan: what the command line's subcommands share: option groups, output, errors, report formats.
 * One file per subcommand in cmd/, listed in the top-level hvplan.c's command table. */
#pragma once

#include <glib.h>

#include "collectors/collector.h"
#include "models/inventory-json.h"
#include "planner/options.h"

G_BEGIN_DECLS

/**
 * HvpSourceArgs:
 * @path_maps: (nullable): --path-map WINDOWS-PREFIX=FOLDER, repeatable
 * @max_input: (nullable): --max-input-size SIZE
 * @output: (nullable): --output FILE (%NULL: standard output)
 * @quiet: --quiet: do not print input warnings, nor the progress of a long collection
 * @color: (nullable): --color auto|always|never: colour the verdicts of the text reports
 * @strict: --strict: a configuration file found but not read is an error (65)
 *
 * The options of every command that reads sources (cmd/options.c), filled by GOption.
 */
typedef struct {
  char **path_maps;
  char *max_input;
  char *output;
  gboolean quiet;
  char *color;
  gboolean strict;
} HvpSourceArgs;

/**
 * HvpPlannerArgs:
 * @memory_policy: (nullable): --memory-policy startup|maximum
 * @concurrent: (nullable): --concurrent running|all|NAME,...
 * @storage_headroom: --storage-headroom PERCENT, -1 when not given
 * @host_reserve: (nullable): --host-reserve SIZE
 * @vm_overhead: (nullable): --vm-overhead auto|SIZE
 * @switch_maps: (nullable): --switch-map SRC=DST, repeatable
 *
 * The planner options every planning command shares (`plan`, `size`), filled by GOption.
 */
typedef struct {
  char *memory_policy;
  char *concurrent;
  int storage_headroom;
  char *host_reserve;
  char *vm_overhead;
  char **switch_maps;
} HvpPlannerArgs;

/* The lines every command reading sources adds to its --help description. */
#define HVP_SOURCE_URI_HELP \
  "A libvirt URI (test:///PATH/node.xml, qemu+ssh://USER@HOST/system) is a SOURCE too.  Put no\n" \
  "password in it: libvirt's auth.conf holds credentials (https://libvirt.org/auth.html, \"Client\n" \
  "configuration\"); a password in the URI is removed, unused, with a warning.\n"

void hvp_source_args_add_entries (HvpSourceArgs *args, GOptionContext *context);
void hvp_source_args_clear (HvpSourceArgs *args);
void hvp_source_args_color_report (const HvpSourceArgs *args, const char *format,
                                   GString *report);
HvpCollectOptions *hvp_source_args_collect_options (const HvpSourceArgs *args, GError **error);
void hvp_planner_args_add_entries (HvpPlannerArgs *args, GOptionContext *context);
void hvp_planner_args_clear (HvpPlannerArgs *args);
HvpPlanOptions *hvp_planner_args_plan_options (const HvpPlannerArgs *args, GError **error);

int hvp_command_fail (GError *error);
int hvp_command_usage_error (GOptionContext *context, const char *message);
gboolean hvp_command_parse_options (GOptionContext *context, int *argc, char ***argv,
                                    int *ret_status);
gboolean hvp_command_choose_format (GOptionContext *context, const void *formats,
                                    gsize n_formats, gsize format_size, const char *name,
                                    gsize *ret_index, int *ret_status);
HvpInventory *hvp_command_collect_sources (const char *const *sources,
                                           const HvpCollectOptions *options,
                                           gboolean print_warnings, GError **error);
void hvp_command_print_collected (const HvpInventory *inventory, gboolean print_warnings);
gboolean hvp_command_write_output (const char *file, const char *text, GError **error);
gboolean hvp_command_write_output_bytes (const char *file, const char *data, gsize length,
                                         GError **error);

/**
 * HvpOutputProducer:
 * @write: the sink's function: call it with each block of the output, in order
 * @sink: pass it to @write
 * @user_data: as given to hvp_command_write_output_stream()
 * @error: return location for an error (the first one @write sets)
 *
 * Writes an output block by block (hvp_command_write_output_stream()).
 *
 * Returns: %FALSE with @error set when a block could not be written
 */
typedef gboolean (*HvpOutputProducer) (HvpWriteFunc write, gpointer sink, gpointer user_data,
                                       GError **error);

gboolean hvp_command_write_output_stream (const char *file, HvpOutputProducer produce,
                                          gpointer user_data, GError **error);
gboolean hvp_command_write_report (const char *file, gboolean csv_bom, GString *report,
                                   GError **error);
gboolean hvp_command_check_sheet_output (GOptionContext *context, const char *format,
                                         gboolean csv_bom, const char *output, int *ret_status);
gboolean hvp_command_check_output_not_input (const char *output, const char *option,
                                             const char *const *inputs, GError **error);
void hvp_command_print_warnings (const HvpInventory *inventory);
void hvp_command_progress_attach (HvpCollectOptions *options, gboolean quiet);
void hvp_command_progress_begin (const HvpCollectOptions *options);
void hvp_command_progress_end (const HvpCollectOptions *options);
gboolean hvp_command_use_color (const char *color, const char *output, gboolean *ret_color,
                                GError **error);
void hvp_command_color_text (GString *report);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HvpSourceArgs, hvp_source_args_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HvpPlannerArgs, hvp_planner_args_clear)

/* One function per subcommand: cmd/<name>.c. */
int hvp_command_collect (int argc, char **argv);
int hvp_command_plan (int argc, char **argv);
int hvp_command_diff (int argc, char **argv);
int hvp_command_size (int argc, char **argv);
int hvp_command_guides (int argc, char **argv);
int hvp_command_checklist (int argc, char **argv);

G_END_DECLS
