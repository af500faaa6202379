/* hvplan: what is known about a set of hosts, and what could not be read. */
#pragma once

#include <glib.h>

#include "models/host.h"

G_BEGIN_DECLS

/**
 * HvpWarning:
 * @file: the file (or URI) the warning is about
 * @position: (nullable): element path, line or byte offset inside @file
 * @message: what could not be read or was inferred
 * @unread: %TRUE when @file is a configuration (a VM or checkpoint of any format) that was found
 *   but not read: the inventory may lack a VM, so no plan of it can pass (issue 18)
 *
 * Something a collector met but could not read, or a value it inferred.  Warnings are data: they
 * travel in the inventory and reach the user through the reports.
 */
typedef struct {
  char *file;
  char *position;
  char *message;
  gboolean unread;
} HvpWarning;

/**
 * HvpInventory:
 * @hosts: (element-type HvpHost): hosts
 * @warnings: (element-type HvpWarning): what the collectors could not read
 * @sources: (element-type utf8): what the inventory was collected from, one entry per source
 *
 * The in-memory model every stage works on.
 */
typedef struct {
  GPtrArray *hosts;
  GPtrArray *warnings;
  GPtrArray *sources;
} HvpInventory;

HvpInventory *hvp_inventory_new (void);
void hvp_inventory_free (HvpInventory *inventory);
HvpHost *hvp_inventory_ensure_host (HvpInventory *inventory, const char *name);
void hvp_inventory_add_warning (HvpInventory *inventory, const char *file, const char *position,
                                const char *format, ...) G_GNUC_PRINTF (4, 5);
void hvp_inventory_add_unread (HvpInventory *inventory, const char *file, const char *position,
                               const char *format, ...) G_GNUC_PRINTF (4, 5);
guint hvp_inventory_count_unread (const HvpInventory *inventory);
void hvp_inventory_merge (HvpInventory *inventory, HvpInventory *other);
void hvp_inventory_merge_named (HvpInventory *inventory, HvpInventory *other,
                                const char *inventory_name, const char *other_name);
guint hvp_inventory_count_vms (const HvpInventory *inventory);
gboolean hvp_inventory_check_merged (HvpInventory *inventory, const char *sources,
                                     GError **error);
gboolean hvp_inventory_validate (const HvpInventory *inventory, const char *source,
                                 HvpVmPlatform platform, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpInventory, hvp_inventory_free)

G_END_DECLS
