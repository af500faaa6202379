#include "models/inventory.h"

#include <string.h>

#include "models/error.h"

static void
hvp_warning_free (HvpWarning *warning)
{
  if (warning == NULL)
    return;
  g_free (warning->file);
  g_free (warning->position);
  g_free (warning->message);
  g_free (warning);
}

/**
 * hvp_inventory_new:
 *
 * Returns: (transfer full): an empty inventory
 */
HvpInventory *
hvp_inventory_new (void)
{
  HvpInventory *inventory = g_new0 (HvpInventory, 1);

  inventory->hosts = g_ptr_array_new_with_free_func ((GDestroyNotify) hvp_host_free);
  inventory->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) hvp_warning_free);
  inventory->sources = g_ptr_array_new_with_free_func (g_free);
  return inventory;
}

/**
 * hvp_inventory_free:
 * @inventory: (nullable) (transfer full): an inventory, with everything it owns
 */
void
hvp_inventory_free (HvpInventory *inventory)
{
  if (inventory == NULL)
    return;
  g_ptr_array_unref (inventory->hosts);
  g_ptr_array_unref (inventory->warnings);
  g_ptr_array_unref (inventory->sources);
  g_free (inventory);
}

/* Host names compare as Windows compares computer names: without regard to case. */
static gboolean
host_names_equal (const char *a, const char *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_ascii_strcasecmp (a, b) == 0;
}

/**
 * hvp_inventory_ensure_host:
 * @inventory: an inventory
 * @name: (nullable): host name; %NULL for a host the source does not name
 *
 * Returns: (transfer none): the inventory's host of that name, added when there is none
 */
HvpHost *
hvp_inventory_ensure_host (HvpInventory *inventory, const char *name)
{
  for (guint i = 0; i < inventory->hosts->len; i++)
    {
      HvpHost *host = g_ptr_array_index (inventory->hosts, i);

      if (host_names_equal (host->name, name))
        return host;
    }
  g_ptr_array_add (inventory->hosts, hvp_host_new (name));
  return g_ptr_array_index (inventory->hosts, inventory->hosts->len - 1);
}

/* Appends a warning of @file at @position; returns it, for the caller to mark. */
static HvpWarning * G_GNUC_PRINTF (4, 0)
add_warning_va (HvpInventory *inventory, const char *file, const char *position,
                const char *format, va_list args)
{
  HvpWarning *warning = g_new0 (HvpWarning, 1);

  warning->file = g_strdup (file);
  warning->position = g_strdup (position);
  warning->message = g_strdup_vprintf (format, args);
  g_ptr_array_add (inventory->warnings, warning);
  return warning;
}

/**
 * hvp_inventory_add_warning:
 * @inventory: an inventory
 * @file: the file or URI concerned
 * @position: (nullable): element path, line or offset in @file
 * @format: printf-style message: what could not be read, or what was inferred
 * @...: arguments
 *
 * Records a warning about the input.
 */
void
hvp_inventory_add_warning (HvpInventory *inventory, const char *file, const char *position,
                           const char *format, ...)
{
  va_list args;

  va_start (args, format);
  add_warning_va (inventory, file, position, format, args);
  va_end (args);
}

/**
 * hvp_inventory_add_unread:
 * @inventory: an inventory
 * @file: the configuration file found but not read
 * @position: (nullable): element path, line or offset in @file
 * @format: printf-style message: why it was not read
 * @...: arguments
 *
 * Records a warning with #HvpWarning.unread set: a VM or checkpoint configuration was found and
 * not read (unsupported format, unreadable, not attached), so the inventory may lack a VM.  The
 * planner turns each into a warning finding and `--strict` into exit status 65
 * (hvp_inventory_count_unread()).
 */
void
hvp_inventory_add_unread (HvpInventory *inventory, const char *file, const char *position,
                          const char *format, ...)
{
  va_list args;

  va_start (args, format);
  add_warning_va (inventory, file, position, format, args)->unread = TRUE;
  va_end (args);
}

/**
 * hvp_inventory_count_unread:
 * @inventory: an inventory
 *
 * Returns: the number of warnings of @inventory that report a configuration file found but not
 *   read (hvp_inventory_add_unread())
 */
guint
hvp_inventory_count_unread (const HvpInventory *inventory)
{
  guint count = 0;

  g_return_val_if_fail (inventory != NULL, 0);

  for (guint i = 0; i < inventory->warnings->len; i++)
    count += ((const HvpWarning *) g_ptr_array_index (inventory->warnings, i))->unread ? 1 : 0;
  return count;
}

/**
 * hvp_inventory_count_vms:
 * @inventory: an inventory
 *
 * Returns: the number of VMs over all hosts
 */
guint
hvp_inventory_count_vms (const HvpInventory *inventory)
{
  guint count = 0;

  for (guint i = 0; i < inventory->hosts->len; i++)
    count += ((HvpHost *) g_ptr_array_index (inventory->hosts, i))->vms->len;
  return count;
}

/* Takes every element out of @array, in order, leaving it empty and freeing none: one steal of the
 * whole block (g_ptr_array_steal_index (array, 0) in a loop moves the rest each time: quadratic).
 * Free the returned block with g_free(). */
static gpointer *
take_all (GPtrArray *array, gsize *ret_length)
{
  return g_ptr_array_steal (array, ret_length);
}

/* Moves every element of @from to the end of @to, leaving @from empty. */
static void
move_all (GPtrArray *to, GPtrArray *from)
{
  gsize length = 0;
  g_autofree gpointer *items = take_all (from, &length);

  for (gsize i = 0; i < length; i++)
    g_ptr_array_add (to, items[i]);
}

/* The key two elements are the same by, allocated; %NULL values have a key no string has. */
typedef char *(*MergeKey) (gconstpointer element);

static char *
key_of_string (const char *string)
{
  return g_strdup (string != NULL ? string : "\xff");
}

/* Appends each element of @from to @to unless one of the same @key is there already (then frees
 * it with @free_element); leaves @from empty.  Hashed: linear in both lengths. */
static void
merge_unique (GPtrArray *to, GPtrArray *from, MergeKey key, GDestroyNotify free_element)
{
  g_autoptr (GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gsize length = 0;
  g_autofree gpointer *items = NULL;

  for (guint i = 0; i < to->len; i++)
    g_hash_table_add (known, key (g_ptr_array_index (to, i)));
  items = take_all (from, &length);
  for (gsize i = 0; i < length; i++)
    {
      char *element_key = key (items[i]);

      if (g_hash_table_contains (known, element_key))
        {
          g_free (element_key);
          free_element (items[i]);
          continue;
        }
      g_hash_table_add (known, element_key);
      g_ptr_array_add (to, items[i]);
    }
}

static void
take_string (char **target, char **source)
{
  if (*target == NULL && *source != NULL)
    *target = g_steal_pointer (source);
}

static char *
string_key (gconstpointer string)
{
  return key_of_string (string);
}

static void
merge_strings (GPtrArray *to, GPtrArray *from)
{
  merge_unique (to, from, string_key, g_free);
}

static char *
firewall_rule_key (gconstpointer rule)
{
  return key_of_string (((const HvpFirewallRule *) rule)->name);
}

static char *
volume_key (gconstpointer volume)
{
  return key_of_string (((const HvpVolume *) volume)->path);
}

/* The two sides of a merge, for warnings: the inventory being completed and what fills it in. */
typedef struct {
  HvpInventory *inventory;
  const char *mine;
  const char *theirs;
} MergeSides;

/* Fields two sources may legitimately see differently: where each found the files, and whether it
 * read a header (hvp_inventory_merge() prefers the side that did). */
static gboolean
field_is_local (const HvpField *field)
{
  static const char *const local[] = { "config_path", "local_path", "header_read" };

  for (gsize i = 0; i < G_N_ELEMENTS (local); i++)
    if (strcmp (field->name, local[i]) == 0)
      return TRUE;
  return FALSE;
}

static char *
describe_value (const HvpField *field, gconstpointer object)
{
  guint64 bytes;

  switch (field->type)
    {
    case HVP_FIELD_STRING:
      return g_strdup_printf ("'%s'", HVP_FIELD_CONST_MEMBER (object, field->offset, char *));
    case HVP_FIELD_COUNT:
      return g_strdup_printf ("%u", HVP_FIELD_CONST_MEMBER (object, field->offset, guint));
    case HVP_FIELD_TRISTATE:
      return g_strdup (HVP_FIELD_CONST_MEMBER (object, field->offset, guint) == HVP_TRISTATE_YES
                         ? "true" : "false");
    case HVP_FIELD_ENUM:
      return g_strdup (hvp_field_enum_to_string (field->enum_names,
                                                 HVP_FIELD_CONST_MEMBER (object, field->offset,
                                                                         guint)));
    case HVP_FIELD_BYTES:
      bytes = HVP_FIELD_CONST_MEMBER (object, field->offset, guint64);
      return g_strdup_printf ("%" G_GUINT64_FORMAT " bytes", bytes);
    default:
      g_assert_not_reached ();
    }
}

static const char *reconcile_known (const HvpField *field, gpointer to, gpointer from);

/* Warns about two known values that differ, then lets reconcile_known() decide. */
static void
warn_conflict (const MergeSides *sides, const char *what, const char *key, const HvpField *field,
               gpointer to, gpointer from)
{
  g_autofree char *mine = describe_value (field, to);
  g_autofree char *theirs = describe_value (field, from);
  const char *rule = reconcile_known (field, to, from);
  /* The sources in byte order, so the warning too is the same whatever their order. */
  gboolean swap = strcmp (sides->theirs, sides->mine) < 0;

  hvp_inventory_add_warning (sides->inventory, swap ? sides->theirs : sides->mine, what,
                             "%s is %s in '%s' but %s in '%s'; hvplan uses %s", key,
                             swap ? theirs : mine, swap ? sides->theirs : sides->mine,
                             swap ? mine : theirs, swap ? sides->mine : sides->theirs, rule);
}

/* One scalar field that both sides know and that differs: which value stays.  Numbers: the larger
 * (the cautious answer for planning, whatever the order of the sources); strings: the first in
 * byte order; enums: the larger value.  Returns the rule's words for the warning. */
static const char *
reconcile_known (const HvpField *field, gpointer to, gpointer from)
{
  char **to_string, **from_string;

  switch (field->type)
    {
    case HVP_FIELD_STRING:
      to_string = &HVP_FIELD_MEMBER (to, field->offset, char *);
      from_string = &HVP_FIELD_MEMBER (from, field->offset, char *);
      if (strcmp (*from_string, *to_string) < 0)
        {
          char *swap = *to_string;

          *to_string = *from_string;
          *from_string = swap;
        }
      return "the first in byte order";
    case HVP_FIELD_COUNT:
      HVP_FIELD_MEMBER (to, field->offset, guint)
        = MAX (HVP_FIELD_MEMBER (to, field->offset, guint),
               HVP_FIELD_MEMBER (from, field->offset, guint));
      return "the larger";
    case HVP_FIELD_BYTES:
      HVP_FIELD_MEMBER (to, field->offset, guint64)
        = MAX (HVP_FIELD_MEMBER (to, field->offset, guint64),
               HVP_FIELD_MEMBER (from, field->offset, guint64));
      return "the larger";
    case HVP_FIELD_ENUM:
    default:
      HVP_FIELD_MEMBER (to, field->offset, guint)
        = MAX (HVP_FIELD_MEMBER (to, field->offset, guint),
               HVP_FIELD_MEMBER (from, field->offset, guint));
      return "the later name in the model's list";
    }
}

/* 0 (unknown), equal (strings: without regard to case when the field says so), or different. */
static int
compare_field (const HvpField *field, gconstpointer to, gconstpointer from, gboolean *ret_unknown)
{
  const char *a, *b;

  *ret_unknown = FALSE;
  switch (field->type)
    {
    case HVP_FIELD_STRING:
      a = HVP_FIELD_CONST_MEMBER (to, field->offset, char *);
      b = HVP_FIELD_CONST_MEMBER (from, field->offset, char *);
      *ret_unknown = a == NULL || b == NULL;
      if (*ret_unknown)
        return 0;
      return (field->flags & HVP_FIELD_FOLD_CASE) ? g_ascii_strcasecmp (a, b) : strcmp (a, b);
    case HVP_FIELD_COUNT:
    case HVP_FIELD_ENUM:
    case HVP_FIELD_TRISTATE:
      *ret_unknown = HVP_FIELD_CONST_MEMBER (to, field->offset, guint) == 0
                     || HVP_FIELD_CONST_MEMBER (from, field->offset, guint) == 0;
      return HVP_FIELD_CONST_MEMBER (to, field->offset, guint)
             != HVP_FIELD_CONST_MEMBER (from, field->offset, guint);
    case HVP_FIELD_BYTES:
      *ret_unknown = HVP_FIELD_CONST_MEMBER (to, field->offset, guint64) == 0
                     || HVP_FIELD_CONST_MEMBER (from, field->offset, guint64) == 0;
      return HVP_FIELD_CONST_MEMBER (to, field->offset, guint64)
             != HVP_FIELD_CONST_MEMBER (from, field->offset, guint64);
    default:
      *ret_unknown = TRUE;
      return 0;
    }
}

static void
fill_unknown (const HvpField *field, gpointer to, gpointer from)
{
  if (field->type == HVP_FIELD_STRING)
    take_string (&HVP_FIELD_MEMBER (to, field->offset, char *),
                 &HVP_FIELD_MEMBER (from, field->offset, char *));
  else if (field->type == HVP_FIELD_BYTES)
    HVP_FIELD_MEMBER (to, field->offset, guint64)
      = MAX (HVP_FIELD_MEMBER (to, field->offset, guint64),
             HVP_FIELD_MEMBER (from, field->offset, guint64));
  else if (field->type == HVP_FIELD_COUNT || field->type == HVP_FIELD_ENUM
           || field->type == HVP_FIELD_TRISTATE)
    HVP_FIELD_MEMBER (to, field->offset, guint)
      = MAX (HVP_FIELD_MEMBER (to, field->offset, guint),
             HVP_FIELD_MEMBER (from, field->offset, guint));
}

/* Merges the scalar fields of @table (strings, counts, bytes, enums; embedded objects field by
 * field, their keys prefixed "memory."): an unknown value is filled in; two known values that
 * differ are warned about with both values and both sources, and reconcile_known() decides, so the
 * order of the sources never does.  Booleans are left to the caller (false is also unknown). */
static void
reconcile_fields (const MergeSides *sides, const char *what, const char *prefix,
                  const HvpFieldTable *table, gpointer to, gpointer from)
{
  for (guint f = 0; f < table->n_fields; f++)
    {
      const HvpField *field = &table->fields[f];
      g_autofree char *key = g_strconcat (prefix, field->name, NULL);
      gboolean unknown;

      if (field->type == HVP_FIELD_OBJECT)
        {
          g_autofree char *inner = g_strconcat (key, ".", NULL);

          reconcile_fields (sides, what, inner, field->table,
                            (char *) to + field->offset, (char *) from + field->offset);
          continue;
        }
      if (field_is_local (field))
        {
          if (field->type == HVP_FIELD_STRING)
            fill_unknown (field, to, from);
          continue;
        }
      if (compare_field (field, to, from, &unknown) == 0 || unknown)
        {
          fill_unknown (field, to, from);
          continue;
        }
      warn_conflict (sides, what, key, field, to, from);
    }
}

static void
merge_switch (const MergeSides *sides, HvpSwitch *to, HvpSwitch *from)
{
  g_autofree char *what = g_strdup_printf ("switch '%s'", to->name);

  reconcile_fields (sides, what, "", &hvp_switch_fields, to, from);
  merge_strings (to->physical_nics, from->physical_nics);
}

static void
merge_snapshots (const MergeSides *sides, HvpVm *to, HvpVm *from)
{
  g_autoptr (GPtrArray) problems = NULL;

  gsize n_taken_snapshots = 0;
  g_autofree gpointer *taken_snapshots = take_all (from->snapshots, &n_taken_snapshots);

  for (gsize k = 0; k < n_taken_snapshots; k++)
    {
      HvpSnapshot *snapshot = taken_snapshots[k];

      if (hvp_vm_find_snapshot (to, snapshot->id) != NULL)
        hvp_snapshot_free (snapshot);
      else
        g_ptr_array_add (to->snapshots, snapshot);
    }
  /* A checkpoint tree that loops only once both sides are put together is reported as the
   * readers report one (the looping snapshot stays a root). */
  problems = hvp_vm_link_snapshots (to);
  for (guint i = 0; i < problems->len; i++)
    hvp_inventory_add_warning (sides->inventory, sides->theirs, hvp_vm_label (to),
                               "after merging with '%s': %s", sides->mine,
                               (const char *) g_ptr_array_index (problems, i));
}

static void
merge_vm (const MergeSides *sides, HvpVm *to, HvpVm *from)
{
  g_autofree char *what = g_strdup_printf ("VM '%s' (%s)", hvp_vm_label (to),
                                           to->id != NULL ? to->id : "no id");

  if (to->memory.startup_bytes == 0)
    to->memory = from->memory;
  to->memory.dynamic |= from->memory.dynamic;
  reconcile_fields (sides, what, "", &hvp_vm_fields, to, from);
  to->processor_compatibility |= from->processor_compatibility;
  to->saved_state |= from->saved_state;
  if (to->drives->len == 0)
    move_all (to->drives, from->drives);
  if (to->adapters->len == 0)
    move_all (to->adapters, from->adapters);
  merge_snapshots (sides, to, from);
}

static void
merge_disk (const MergeSides *sides, HvpHost *host, HvpDisk *disk)
{
  HvpDisk *existing = hvp_host_find_disk (host, disk->path);

  if (existing == NULL)
    {
      hvp_host_add_disk (host, disk);
      return;
    }
  if (!existing->readable && disk->readable)
    {
      g_free (existing->local_path);
      existing->local_path = g_steal_pointer (&disk->local_path);
      existing->format = disk->format;
      existing->type = disk->type;
      existing->virtual_size_bytes = disk->virtual_size_bytes;
      existing->file_size_bytes = disk->file_size_bytes;
      g_free (existing->parent_path);
      existing->parent_path = g_steal_pointer (&disk->parent_path);
      existing->readable = TRUE;
    }
  else if (existing->readable && disk->readable)
    {
      g_autofree char *what = g_strdup_printf ("disk '%s'", existing->path);

      reconcile_fields (sides, what, "", &hvp_disk_fields, existing, disk);
    }
  hvp_disk_free (disk);
}

/* Security settings: the inventory's values win, the other's fill in.  The store's scopes and
 * role assignments come together from whichever side read a store; firewall rules join by name,
 * remote grants by group and SID (or account). */
static void
merge_security (HvpHost *to, HvpHost *from)
{
  HvpSecurity *mine = to->security;
  HvpSecurity *theirs = from->security;

  if (theirs == NULL)
    return;
  if (mine == NULL)
    {
      to->security = g_steal_pointer (&from->security);
      return;
    }
  take_string (&mine->store_location, &theirs->store_location);
  take_string (&mine->service_application, &theirs->service_application);
  take_string (&mine->machine_launch_restriction, &theirs->machine_launch_restriction);
  if (!mine->store_read && theirs->store_read)
    {
      GPtrArray *swap = mine->scopes;

      mine->scopes = theirs->scopes;
      theirs->scopes = swap;
      swap = mine->role_assignments;
      mine->role_assignments = theirs->role_assignments;
      theirs->role_assignments = swap;
      mine->store_read = TRUE;
    }
  merge_unique (mine->disabled_firewall_rules, theirs->disabled_firewall_rules,
                firewall_rule_key, (GDestroyNotify) hvp_firewall_rule_free);
  gsize n_taken_grants = 0;
  g_autofree gpointer *taken_grants = take_all (theirs->remote_grants, &n_taken_grants);

  for (gsize k = 0; k < n_taken_grants; k++)
    {
      HvpRemoteGrant *grant = taken_grants[k];
      gboolean known = FALSE;

      for (guint i = 0; i < mine->remote_grants->len && !known; i++)
        {
          const HvpRemoteGrant *other = g_ptr_array_index (mine->remote_grants, i);

          known = g_strcmp0 (other->group, grant->group) == 0
                  && (grant->sid != NULL ? g_strcmp0 (other->sid, grant->sid) == 0
                                         : g_strcmp0 (other->account, grant->account) == 0);
        }
      if (known)
        hvp_remote_grant_free (grant);
      else
        g_ptr_array_add (mine->remote_grants, grant);
    }
}

static void
merge_host (const MergeSides *sides, HvpHost *to, HvpHost *from)
{
  take_string (&to->name, &from->name);
  take_string (&to->os, &from->os);
  if (to->memory_bytes == 0)
    to->memory_bytes = from->memory_bytes;
  if (to->logical_processors == 0)
    to->logical_processors = from->logical_processors;
  if (to->processor.vendor == NULL)
    {
      HvpProcessor empty = { .stepping = -1 };

      g_free (to->processor.name);
      g_free (to->processor.cpu_xml);
      to->processor = from->processor;
      from->processor = empty;
    }
  merge_strings (to->physical_nics, from->physical_nics);

  merge_unique (to->volumes, from->volumes, volume_key, (GDestroyNotify) hvp_volume_free);

  gsize n_taken_switches = 0;
  g_autofree gpointer *taken_switches = take_all (from->switches, &n_taken_switches);

  for (gsize k = 0; k < n_taken_switches; k++)
    {
      HvpSwitch *vswitch = taken_switches[k];
      HvpSwitch *existing = hvp_host_find_switch (to, vswitch->id);

      if (existing == NULL)
        existing = hvp_host_find_switch (to, vswitch->name);
      if (existing == NULL)
        {
          g_ptr_array_add (to->switches, vswitch);
          continue;
        }
      merge_switch (sides, existing, vswitch);
      hvp_switch_free (vswitch);
    }

  gsize n_taken_disks = 0;
  g_autofree gpointer *taken_disks = take_all (from->disks, &n_taken_disks);

  for (gsize k = 0; k < n_taken_disks; k++)
    merge_disk (sides, to, taken_disks[k]);
  g_hash_table_remove_all (from->disk_index);
  hvp_host_link_disks (to);

  gsize n_taken_vms = 0;
  g_autofree gpointer *taken_vms = take_all (from->vms, &n_taken_vms);

  for (gsize k = 0; k < n_taken_vms; k++)
    {
      HvpVm *vm = taken_vms[k];
      HvpVm *existing = hvp_host_find_vm (to, vm->id);

      if (existing == NULL)
        {
          g_ptr_array_add (to->vms, vm);
          continue;
        }
      merge_vm (sides, existing, vm);
      hvp_vm_free (vm);
    }

  take_string (&to->ip_configuration, &from->ip_configuration);
  merge_security (to, from);
}

/* @names: each named host of @inventory by its name in ASCII lower case (the first of a name
 * only), kept up to date by merge_hosts(), so that merging N hosts is O(N), not O(N²) (10,000
 * hosts: a million-VM inventory). */

/* The host of @inventory that @host describes too: the same name, or the only host when one of
 * the two is unnamed (a copied data root names no host; the host's own inventory does). */
static HvpHost *
find_matching_host (HvpInventory *inventory, GHashTable *names, const HvpHost *host)
{
  if (host->name != NULL)
    {
      g_autofree char *key = g_ascii_strdown (host->name, -1);
      HvpHost *named = g_hash_table_lookup (names, key);

      if (named != NULL)
        return named;
    }
  if (inventory->hosts->len == 1)
    {
      HvpHost *only = g_ptr_array_index (inventory->hosts, 0);

      if (only->name == NULL || host->name == NULL)
        return only;
    }
  return NULL;
}

/* Adds @host's name to @names unless a host already has it. */
static void
index_host_name (GHashTable *names, HvpHost *host)
{
  char *key;

  if (host->name == NULL)
    return;
  key = g_ascii_strdown (host->name, -1);
  if (g_hash_table_contains (names, key))
    g_free (key);
  else
    g_hash_table_insert (names, key, host);
}

/* "a.json, b.json": the sources an inventory was collected from, for merge warnings. */
static char *
join_sources (const HvpInventory *inventory)
{
  g_autoptr (GString) joined = g_string_new (NULL);

  for (guint i = 0; i < inventory->sources->len; i++)
    g_string_append_printf (joined, "%s%s", i > 0 ? ", " : "",
                            (const char *) g_ptr_array_index (inventory->sources, i));
  if (joined->len == 0)
    g_string_append (joined, "(no source)");
  return g_string_free (g_steal_pointer (&joined), FALSE);
}

/**
 * hvp_inventory_merge:
 * @inventory: the inventory to complete
 * @other: (transfer none): an inventory of the same hosts from another source; left empty
 *
 * Merges what @other knows into @inventory: hosts match by name (without regard to case), and an
 * unnamed host (a copied data root) matches the only host of the other side; within a host,
 * switches match by id then name, VMs by id then name, disks by path, volumes by path.  Where one
 * side does not know a value, the other's fills in.  Where both know a field of the same VM,
 * disk (both read its header; else the side that read the header wins) or switch and the values
 * differ, a warning names the field, both values and both sources, and the rule decides, never
 * the order of the sources: numbers take the larger (a planner errs towards needing more),
 * strings the first in byte order, enums the later name.  Paths where each source found the files
 * (`config_path`, `local_path`) are not compared.  Snapshot trees are relinked; a loop that only
 * the merge closes is a warning, as the readers report one.  Security settings merge as before:
 * @inventory's values win, the store's scopes and role assignments come from whichever side read a
 * store (@inventory's first), disabled firewall rules join by name and remote grants by group and
 * SID.  Sources and warnings are appended.  hvp_inventory_check_merged() then checks what only
 * the whole can show (differencing chains, VM ids on two hosts).
 */
void
hvp_inventory_merge (HvpInventory *inventory, HvpInventory *other)
{
  g_autofree char *mine = join_sources (inventory);
  g_autofree char *theirs = join_sources (other);

  hvp_inventory_merge_named (inventory, other, mine, theirs);
}

/**
 * hvp_inventory_merge_named:
 * @inventory: the inventory to complete
 * @other: (transfer none): an inventory of the same hosts from another source; left empty
 * @inventory_name: what @inventory was read from, for warnings (the files given so far)
 * @other_name: what @other was read from (the file given)
 *
 * hvp_inventory_merge() with the names its warnings give the two sides: hvp_collect() names the
 * files and URIs the user gave, where hvp_inventory_merge() names the sources the inventories
 * record (an inventory document records what it was collected from, not its own file name).
 */
void
hvp_inventory_merge_named (HvpInventory *inventory, HvpInventory *other,
                           const char *inventory_name, const char *other_name)
{
  MergeSides sides = { inventory, inventory_name, other_name };

  move_all (inventory->sources, other->sources);
  move_all (inventory->warnings, other->warnings);
  gsize n_taken_hosts = 0;
  g_autofree gpointer *taken_hosts = take_all (other->hosts, &n_taken_hosts);
  g_autoptr (GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < inventory->hosts->len; i++)
    index_host_name (names, g_ptr_array_index (inventory->hosts, i));
  for (gsize k = 0; k < n_taken_hosts; k++)
    {
      HvpHost *host = taken_hosts[k];
      HvpHost *existing = find_matching_host (inventory, names, host);

      if (existing == NULL)
        {
          g_ptr_array_add (inventory->hosts, host);
          index_host_name (names, host);
          continue;
        }
      merge_host (&sides, existing, host);
      index_host_name (names, existing); /* an unnamed host may have taken a name */
      hvp_host_free (host);
    }
}

/* A differencing chain longer than the host's disks goes round a loop. */
static gboolean
check_disk_chains (const HvpHost *host, GError **error)
{
  for (guint i = 0; i < host->disks->len; i++)
    {
      const HvpDisk *disk = g_ptr_array_index (host->disks, i);
      guint steps = 0;

      for (const HvpDisk *d = disk->parent; d != NULL; d = d->parent)
        if (++steps > host->disks->len)
          {
            g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                         "host '%s': disks[%u].parent_path: the differencing chain of '%s' loops "
                         "back on itself", hvp_host_label (host), i, disk->path);
            return FALSE;
          }
    }
  return TRUE;
}

/* One VM id on two hosts is refused (hvp_inventory_check_merged()). */
static gboolean
check_vm_ids (const HvpInventory *inventory, const char *sources, GError **error)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint h = 0; h < inventory->hosts->len; h++)
    {
      const HvpHost *host = g_ptr_array_index (inventory->hosts, h);

      for (guint v = 0; v < host->vms->len; v++)
        {
          const HvpVm *vm = g_ptr_array_index (host->vms, v);
          char *key;
          const HvpHost *first;

          if (vm->id == NULL)
            continue;
          key = g_ascii_strup (vm->id, -1);
          first = g_hash_table_lookup (seen, key);
          if (first == NULL)
            {
              g_hash_table_insert (seen, key, (gpointer) host);
              continue;
            }
          g_free (key);
          if (first == host)
            continue;
          g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                       "'%s': VM id '%s' appears twice (hosts '%s' and '%s')", sources, vm->id,
                       hvp_host_label (first), hvp_host_label (host));
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * hvp_inventory_check_merged:
 * @inventory: an inventory merged from one or more sources (hvp_collect())
 * @sources: the sources it was collected from, for messages ("a.json, b.json")
 * @error: return location for an error
 *
 * Checks what only the merged whole shows, with one rule for every command (they all collect
 * through hvp_collect()).  Each disk is linked to its parent again, and a differencing chain that
 * loops (two sources naming each other's disk as parent) is refused as the readers refuse one.
 * A VM id on two hosts is refused, as the inventory document reader and the diff refuse it
 * (collectors/README.md, "Merging sources": Hyper-V refuses to import a VM whose id a VM of the
 * host already has, Microsoft's `Import-VM` reference, `-GenerateNewId`; so two VMs of one id
 * cannot both land on one destination as they are, and one VM collected on two hosts must not be
 * counted twice).
 *
 * Returns: %TRUE, or %FALSE with %HVP_ERROR_DATA naming the host and the disk of a looping chain,
 *   or the id and both hosts
 */
gboolean
hvp_inventory_check_merged (HvpInventory *inventory, const char *sources, GError **error)
{
  g_return_val_if_fail (inventory != NULL && sources != NULL, FALSE);

  for (guint h = 0; h < inventory->hosts->len; h++)
    {
      HvpHost *host = g_ptr_array_index (inventory->hosts, h);

      hvp_host_link_disks (host);
      if (!check_disk_chains (host, error))
        {
          g_prefix_error (error, "'%s': ", sources);
          return FALSE;
        }
    }
  return check_vm_ids (inventory, sources, error);
}

/**
 * hvp_inventory_validate:
 * @inventory: an inventory as a collector filled it
 * @source: the source it was read from, for messages
 * @platform: the kind of host the source describes (the vCPU limit, hvp_vm_vcpu_limit())
 * @error: return location for an error
 *
 * Refuses impossible values, whichever collector read them: every volume through
 * hvp_volume_validate(), every VM through hvp_vm_validate().  hvp_collect() calls it for every
 * source; the inventory document reader calls the same checks with the JSON path.
 *
 * Returns: %TRUE, or %FALSE with %HVP_ERROR_DATA: "'FILE': host 'H': VM 'V': FIELD: detail", FILE
 *   the VM's configuration file when known, else @source
 */
gboolean
hvp_inventory_validate (const HvpInventory *inventory, const char *source, HvpVmPlatform platform,
                        GError **error)
{
  g_return_val_if_fail (inventory != NULL && source != NULL, FALSE);

  for (guint h = 0; h < inventory->hosts->len; h++)
    {
      const HvpHost *host = g_ptr_array_index (inventory->hosts, h);

      for (guint i = 0; i < host->volumes->len; i++)
        if (!hvp_volume_validate (g_ptr_array_index (host->volumes, i), error))
          {
            g_prefix_error (error, "'%s': host '%s': ", source, hvp_host_label (host));
            return FALSE;
          }
      for (guint i = 0; i < host->vms->len; i++)
        {
          const HvpVm *vm = g_ptr_array_index (host->vms, i);

          if (!hvp_vm_validate (vm, platform, error))
            {
              g_prefix_error (error, "'%s': host '%s': VM '%s': ",
                              vm->config_path != NULL ? vm->config_path : source,
                              hvp_host_label (host), hvp_vm_label (vm));
              return FALSE;
            }
        }
    }
  return TRUE;
}
