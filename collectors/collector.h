/* hvplan: the collector table and hvp_collect(), which turns sources into one inventory. */
#pragma once

#include <glib.h>

#include "models/model.h"

G_BEGIN_DECLS

/**
 * HvpPathMap:
 * @from: a path prefix as the source recorded it ("D:\\Hyper-V"); Windows prefixes match without
 *   regard to case or to '\\' versus '/'
 * @to: the local folder that holds the copy ("/srv/copy")
 *
 * Where the files of a source host live on this machine.
 */
typedef struct {
  char *from;
  char *to;
} HvpPathMap;

/**
 * HvpCollectProgressFunc:
 * @what: what is being read, in hvplan's words ("VM configuration files", "virtual hard disks",
 *   "domains"); never text from the input
 * @done: how many of them are read, this one included
 * @total: how many there are (it may grow: a differencing disk's parents are found as it is read)
 * @user_data: #HvpCollectOptions.progress_data
 *
 * How a collector says how far it is.  Collectors never print (HACKING.md): the command decides
 * whether and how a person sees it.
 */
typedef void (*HvpCollectProgressFunc) (const char *what, guint done, guint total,
                                        gpointer user_data);

/**
 * HvpCollectOptions:
 * @path_maps: (element-type HvpPathMap): tried in order, longest prefix first
 * @max_input_bytes: inputs larger than this are refused (0: the default, 256 MiB)
 * @progress: (nullable): told how far a long collection is (hvp_collect_options_report_progress());
 *   %NULL: nobody watches
 * @progress_data: passed to @progress
 * @sample_seconds: live libvirt connections: sample each running domain's utilization for this
 *   long (0: no sampling; `hvplan collect --sample-minutes`)
 * @sample_interval_seconds: seconds between two samples (at least 1)
 * @strict: hvp_collect() refuses (%HVP_ERROR_DATA) a source in which a configuration file was
 *   found but not read (hvp_inventory_count_unread()), instead of warning
 * @jobs: how many threads parse the configuration files of a folder (Hyper-V data roots); 0: one
 *   per processor (g_get_num_processors()); the result does not depend on it
 *
 * Options every collector honours.
 */
typedef struct {
  GPtrArray *path_maps;
  guint64 max_input_bytes;
  HvpCollectProgressFunc progress;
  gpointer progress_data;
  double sample_seconds;
  guint sample_interval_seconds;
  gboolean strict;
  guint jobs;
} HvpCollectOptions;

/**
 * HvpCollector:
 * @name: short name ("hyperv-xml"), recorded in the inventory's sources
 * @probe: how sure the collector is that it reads @source: 0 (not at all) to 100 (certain); must
 *   not fail and must read at most the first few KiB of a file
 * @collect: read @source into @inventory; on failure set an %HVP_ERROR and return %FALSE
 *
 * One input format.  Adding a format is adding a folder under `collectors/` and a line in
 * `collectors/registry.c`.
 */
typedef struct {
  const char *name;
  guint (*probe) (const char *source);
  gboolean (*collect) (const char *source, const HvpCollectOptions *options,
                       HvpInventory *inventory, GError **error);
} HvpCollector;

HvpCollectOptions *hvp_collect_options_new (void);
void hvp_collect_options_free (HvpCollectOptions *options);
gboolean hvp_collect_options_add_path_map (HvpCollectOptions *options, const char *text,
                                           GError **error);
char *hvp_path_map_apply (const HvpCollectOptions *options, const char *recorded_path);
gboolean hvp_path_map_check (const HvpCollectOptions *options, const char *recorded_path,
                             GError **error);

void hvp_collect_options_report_progress (const HvpCollectOptions *options, const char *what,
                                          guint done, guint total);
void hvp_collectors_init (void);
const HvpCollector *hvp_collector_for (const char *source, GError **error);
HvpInventory *hvp_collect (const char *const *sources, const HvpCollectOptions *options,
                           GError **error);
gboolean hvp_read_input_file (const char *file, const HvpCollectOptions *options, char **ret_text,
                              gsize *ret_length, GError **error);
GMappedFile *hvp_map_input_file (const char *file, const HvpCollectOptions *options,
                                  GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpCollectOptions, hvp_collect_options_free)

G_END_DECLS
