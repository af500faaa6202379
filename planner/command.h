/* hvplan: what the command's subcommands share (implemented in planner/hvplan.c). */
#pragma once

#include <glib.h>

#include "collectors/collector.h"
#include "planner/options.h"

G_BEGIN_DECLS

/* The report formats of `hvplan plan` and `hvplan size` (--format). */
typedef enum {
  HVP_COMMAND_FORMAT_TEXT,
  HVP_COMMAND_FORMAT_JSON,
  HVP_COMMAND_FORMAT_MARKDOWN,
} HvpCommandFormat;

int hvp_command_fail (GError *error);
int hvp_command_usage_error (GOptionContext *context, const char *message);
gboolean hvp_command_parse_options (GOptionContext *context, int *argc, char ***argv,
                                    int *ret_status);
gboolean hvp_command_write_output (const char *file, const char *text, GError **error);
void hvp_command_print_warnings (const HvpInventory *inventory);
const GOptionEntry *hvp_command_source_entries (void);
HvpCollectOptions *hvp_command_collect_options (GError **error);
const GOptionEntry *hvp_command_planner_entries (void);
HvpPlanOptions *hvp_command_plan_options (GError **error);
const char *hvp_command_output_file (void);
gboolean hvp_command_quiet (void);
gboolean hvp_command_report_format (GOptionContext *context, const char *format,
                                    HvpCommandFormat *ret_format, int *ret_status);

/* One function per subcommand: planner/hvplan-<name>.c, listed in planner/hvplan.c's table. */
int hvp_command_collect (int argc, char **argv);
int hvp_command_plan (int argc, char **argv);
int hvp_command_diff (int argc, char **argv);
int hvp_command_size (int argc, char **argv);

G_END_DECLS
