/* hvplan: what changed between two inventories (`hvplan diff OLD NEW`). */
#pragma once

#include <glib.h>

#include "models/model.h"

G_BEGIN_DECLS

/**
 * HVP_DIFF_SCHEMA:
 *
 * The schema name of the JSON diff report.
 */
#define HVP_DIFF_SCHEMA "hvplan-diff/1"

/**
 * HvpDiffKind:
 * @HVP_DIFF_KIND_HOST: a host (an object of its own)
 * @HVP_DIFF_KIND_VOLUME: a volume of a host (a part of the host)
 * @HVP_DIFF_KIND_SWITCH: a virtual switch (an object of its own)
 * @HVP_DIFF_KIND_VM: a virtual machine (an object of its own)
 * @HVP_DIFF_KIND_DISK: a hard disk drive of a VM with the disk file attached to it (a part)
 * @HVP_DIFF_KIND_ADAPTER: a network adapter of a VM (a part)
 * @HVP_DIFF_KIND_SNAPSHOT: a checkpoint of a VM (a part)
 * @HVP_DIFF_KIND_SCOPE: an Authorization Manager scope of a host (a part of the host)
 * @HVP_DIFF_KIND_ROLE_ASSIGNMENT: an Authorization Manager role assignment of a host, by scope
 *   and name (a part)
 * @HVP_DIFF_KIND_DISABLED_FIREWALL_RULE: a disabled firewall rule of a host, by rule name (a
 *   part; "added" means the rule was turned off)
 * @HVP_DIFF_KIND_REMOTE_GRANT: a remote-management grant of a host, by group and member SID (a
 *   part)
 *
 * What a compared object or part is.  The order is the report order of objects.  Field names
 * given to --ignore and --tolerance are "KIND.FIELD" with these kinds' names
 * (hvp_diff_kind_to_string()); see hvp_diff_field_names().
 */
typedef enum {
  HVP_DIFF_KIND_HOST,
  HVP_DIFF_KIND_VOLUME,
  HVP_DIFF_KIND_SWITCH,
  HVP_DIFF_KIND_VM,
  HVP_DIFF_KIND_DISK,
  HVP_DIFF_KIND_ADAPTER,
  HVP_DIFF_KIND_SNAPSHOT,
  HVP_DIFF_KIND_SCOPE,
  HVP_DIFF_KIND_ROLE_ASSIGNMENT,
  HVP_DIFF_KIND_DISABLED_FIREWALL_RULE,
  HVP_DIFF_KIND_REMOTE_GRANT,
} HvpDiffKind;

#define HVP_DIFF_N_KINDS (HVP_DIFF_KIND_REMOTE_GRANT + 1)

/**
 * HvpDiffStatus:
 * @HVP_DIFF_STATUS_EQUAL: equal under the options
 * @HVP_DIFF_STATUS_CHANGED: matched, with at least one changed field or part
 * @HVP_DIFF_STATUS_ADDED: only in the new inventory
 * @HVP_DIFF_STATUS_REMOVED: only in the old inventory
 */
typedef enum {
  HVP_DIFF_STATUS_EQUAL,
  HVP_DIFF_STATUS_CHANGED,
  HVP_DIFF_STATUS_ADDED,
  HVP_DIFF_STATUS_REMOVED,
} HvpDiffStatus;

/**
 * HvpDiffValueType:
 * @HVP_DIFF_VALUE_STRING: text (a name, path, id or enum name)
 * @HVP_DIFF_VALUE_NUMBER: an integer (a count, a time in seconds)
 * @HVP_DIFF_VALUE_BYTES: a size in bytes
 * @HVP_DIFF_VALUE_BOOLEAN: "true" or "false"
 *
 * How a changed field's values are written.
 */
typedef enum {
  HVP_DIFF_VALUE_STRING,
  HVP_DIFF_VALUE_NUMBER,
  HVP_DIFF_VALUE_BYTES,
  HVP_DIFF_VALUE_BOOLEAN,
} HvpDiffValueType;

/**
 * HvpDiffChange:
 * @kind: the kind of what changed: the object's own kind, or the kind of one of its parts
 * @subject: (nullable): which part ("SCSI 0:1", "Before update"); %NULL for the object itself
 * @status: %HVP_DIFF_STATUS_CHANGED for a field; %HVP_DIFF_STATUS_ADDED or
 *   %HVP_DIFF_STATUS_REMOVED for a whole part
 * @field: (nullable): the field, relative to @kind ("memory.startup_bytes"); %NULL for a part
 *   added or removed
 * @type: how to write the values
 * @old_value: (nullable): the old value as text (decimal for numbers and bytes); %NULL when
 *   unknown (JSON null)
 * @new_value: (nullable): the new value, likewise
 * @old_number: the old value of a number or size
 * @new_number: the new value of a number or size
 *
 * One difference inside a matched object.
 */
typedef struct {
  HvpDiffKind kind;
  char *subject;
  HvpDiffStatus status;
  char *field;
  HvpDiffValueType type;
  char *old_value;
  char *new_value;
  guint64 old_number;
  guint64 new_number;
} HvpDiffChange;

/**
 * HvpDiffObject:
 * @kind: %HVP_DIFF_KIND_HOST, %HVP_DIFF_KIND_SWITCH or %HVP_DIFF_KIND_VM
 * @name: the name it is reported under: the old name, or the new one for an added object
 * @host: (nullable): for a switch of an inventory with several hosts, its host's name
 * @old_id: (nullable): id in the old inventory (VMs and switches)
 * @new_id: (nullable): id in the new inventory
 * @status: equal, changed, added or removed
 * @changes: (element-type HvpDiffChange): what changed, in a fixed order: the object's fields in
 *   table order, then its parts by kind, place and name
 *
 * One compared object: a test point of the TAP report.
 */
typedef struct {
  HvpDiffKind kind;
  char *name;
  char *host;
  char *old_id;
  char *new_id;
  HvpDiffStatus status;
  GPtrArray *changes;
} HvpDiffObject;

/**
 * HvpDiffOptions:
 * @ignore: (element-type utf8): ignored fields: "KIND.FIELD", a prefix of such names ending at a
 *   dot ("vm.memory"), or a kind alone ("volume": every difference of that kind)
 * @tolerances: (element-type HvpDiffTolerance): numeric fields allowed to move
 *
 * What the comparison overlooks.
 */
typedef struct {
  GPtrArray *ignore;
  GPtrArray *tolerances;
} HvpDiffOptions;

/**
 * HvpDiffTolerance:
 * @field: a numeric field, "KIND.FIELD"
 * @percent: how far the new value may be from the old one, in percent of the old value
 */
typedef struct {
  char *field;
  double percent;
} HvpDiffTolerance;

/**
 * HvpDiff:
 * @old_label: what the old inventory was read from (for reports)
 * @new_label: what the new inventory was read from
 * @objects: (element-type HvpDiffObject): every compared object, by kind, then name, then host,
 *   then id
 * @n_equal: objects equal under the options
 * @n_changed: objects matched with differences
 * @n_added: objects only in the new inventory
 * @n_removed: objects only in the old inventory
 *
 * The comparison of two inventories.
 */
typedef struct {
  char *old_label;
  char *new_label;
  GPtrArray *objects;
  guint n_equal;
  guint n_changed;
  guint n_added;
  guint n_removed;
} HvpDiff;

HvpDiffOptions *hvp_diff_options_new (void);
void hvp_diff_options_free (HvpDiffOptions *options);
gboolean hvp_diff_options_add_ignore (HvpDiffOptions *options, const char *field, GError **error);
gboolean hvp_diff_options_add_tolerance (HvpDiffOptions *options, const char *text,
                                         GError **error);

HvpDiff *hvp_diff_new (const HvpInventory *old_inventory, const char *old_label,
                       const HvpInventory *new_inventory, const char *new_label,
                       const HvpDiffOptions *options, GError **error);
void hvp_diff_free (HvpDiff *diff);
gboolean hvp_diff_is_equal (const HvpDiff *diff);

const char *hvp_diff_kind_to_string (HvpDiffKind kind);
const char *hvp_diff_status_to_string (HvpDiffStatus status);
GPtrArray *hvp_diff_field_names (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpDiffOptions, hvp_diff_options_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpDiff, hvp_diff_free)

G_END_DECLS
