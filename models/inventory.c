#include "models/inventory.h"

#include <string.h>

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
  HvpWarning *warning = g_new0 (HvpWarning, 1);
  va_list args;

  warning->file = g_strdup (file);
  warning->position = g_strdup (position);
  va_start (args, format);
  warning->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (inventory->warnings, warning);
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

/* Moves every element of @from to the end of @to, leaving @from empty. */
static void
move_all (GPtrArray *to, GPtrArray *from)
{
  while (from->len > 0)
    g_ptr_array_add (to, g_ptr_array_steal_index (from, 0));
}

static void
take_string (char **target, char **source)
{
  if (*target == NULL && *source != NULL)
    *target = g_steal_pointer (source);
}

static gboolean
string_array_contains (GPtrArray *array, const char *string)
{
  for (guint i = 0; i < array->len; i++)
    if (g_strcmp0 (g_ptr_array_index (array, i), string) == 0)
      return TRUE;
  return FALSE;
}

static void
merge_strings (GPtrArray *to, GPtrArray *from)
{
  while (from->len > 0)
    {
      char *string = g_ptr_array_steal_index (from, 0);

      if (string_array_contains (to, string))
        g_free (string);
      else
        g_ptr_array_add (to, string);
    }
}

static void
merge_switch (HvpSwitch *to, HvpSwitch *from)
{
  take_string (&to->id, &from->id);
  if (to->type == HVP_SWITCH_TYPE_UNKNOWN)
    to->type = from->type;
  merge_strings (to->physical_nics, from->physical_nics);
}

static void
merge_vm (HvpVm *to, HvpVm *from)
{
  if (to->state == HVP_VM_STATE_UNKNOWN)
    to->state = from->state;
  if (to->generation == 0)
    to->generation = from->generation;
  take_string (&to->configuration_version, &from->configuration_version);
  take_string (&to->config_path, &from->config_path);
  take_string (&to->current_snapshot_id, &from->current_snapshot_id);
  if (to->vcpus == 0)
    to->vcpus = from->vcpus;
  if (to->memory.startup_bytes == 0)
    to->memory = from->memory;
  to->processor_compatibility |= from->processor_compatibility;
  to->saved_state |= from->saved_state;
  to->saved_state_bytes = MAX (to->saved_state_bytes, from->saved_state_bytes);
  if (to->drives->len == 0)
    move_all (to->drives, from->drives);
  if (to->adapters->len == 0)
    move_all (to->adapters, from->adapters);
  while (from->snapshots->len > 0)
    {
      HvpSnapshot *snapshot = g_ptr_array_steal_index (from->snapshots, 0);

      if (hvp_vm_find_snapshot (to, snapshot->id) != NULL)
        hvp_snapshot_free (snapshot);
      else
        g_ptr_array_add (to->snapshots, snapshot);
    }
  g_ptr_array_unref (hvp_vm_link_snapshots (to));
}

static void
merge_disk (HvpHost *host, HvpDisk *disk)
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
  while (theirs->disabled_firewall_rules->len > 0)
    {
      HvpFirewallRule *rule = g_ptr_array_steal_index (theirs->disabled_firewall_rules, 0);
      gboolean known = FALSE;

      for (guint i = 0; i < mine->disabled_firewall_rules->len && !known; i++)
        known = g_strcmp0 (((HvpFirewallRule *) g_ptr_array_index (mine->disabled_firewall_rules,
                                                                   i))->name, rule->name) == 0;
      if (known)
        hvp_firewall_rule_free (rule);
      else
        g_ptr_array_add (mine->disabled_firewall_rules, rule);
    }
  while (theirs->remote_grants->len > 0)
    {
      HvpRemoteGrant *grant = g_ptr_array_steal_index (theirs->remote_grants, 0);
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
merge_host (HvpHost *to, HvpHost *from)
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

  while (from->volumes->len > 0)
    {
      HvpVolume *volume = g_ptr_array_steal_index (from->volumes, 0);
      gboolean known = FALSE;

      for (guint i = 0; i < to->volumes->len && !known; i++)
        known = g_strcmp0 (((HvpVolume *) g_ptr_array_index (to->volumes, i))->path, volume->path) == 0;
      if (known)
        hvp_volume_free (volume);
      else
        g_ptr_array_add (to->volumes, volume);
    }

  while (from->switches->len > 0)
    {
      HvpSwitch *vswitch = g_ptr_array_steal_index (from->switches, 0);
      HvpSwitch *existing = hvp_host_find_switch (to, vswitch->id);

      if (existing == NULL)
        existing = hvp_host_find_switch (to, vswitch->name);
      if (existing == NULL)
        {
          g_ptr_array_add (to->switches, vswitch);
          continue;
        }
      merge_switch (existing, vswitch);
      hvp_switch_free (vswitch);
    }

  while (from->disks->len > 0)
    merge_disk (to, g_ptr_array_steal_index (from->disks, 0));
  g_hash_table_remove_all (from->disk_index);
  hvp_host_link_disks (to);

  while (from->vms->len > 0)
    {
      HvpVm *vm = g_ptr_array_steal_index (from->vms, 0);
      HvpVm *existing = hvp_host_find_vm (to, vm->id);

      if (existing == NULL)
        {
          g_ptr_array_add (to->vms, vm);
          continue;
        }
      merge_vm (existing, vm);
      hvp_vm_free (vm);
    }

  take_string (&to->ip_configuration, &from->ip_configuration);
  merge_security (to, from);
}

/* The host of @inventory that @host describes too: the same name, or the only host when one of
 * the two is unnamed (a copied data root names no host; the host's own inventory does). */
static HvpHost *
find_matching_host (HvpInventory *inventory, const HvpHost *host)
{
  for (guint i = 0; i < inventory->hosts->len; i++)
    {
      HvpHost *candidate = g_ptr_array_index (inventory->hosts, i);

      if (host->name != NULL && host_names_equal (candidate->name, host->name))
        return candidate;
    }
  if (inventory->hosts->len == 1)
    {
      HvpHost *only = g_ptr_array_index (inventory->hosts, 0);

      if (only->name == NULL || host->name == NULL)
        return only;
    }
  return NULL;
}

/**
 * hvp_inventory_merge:
 * @inventory: the inventory to complete
 * @other: (transfer none): an inventory of the same hosts from another source; left empty
 *
 * Merges what @other knows into @inventory: hosts match by name (without regard to case), and an
 * unnamed host (a copied data root) matches the only host of the other side; within a host,
 * switches match by id then name, VMs by id then name, disks by path, volumes by path.  Where both
 * know a value, @inventory's wins; where it does not, @other's fills in.  Security settings merge
 * the same way: the store's scopes and role assignments come from whichever side read a store
 * (@inventory's first), disabled firewall rules join by name and remote grants by group and SID.  Sources and warnings are
 * appended.
 */
void
hvp_inventory_merge (HvpInventory *inventory, HvpInventory *other)
{
  move_all (inventory->sources, other->sources);
  move_all (inventory->warnings, other->warnings);
  while (other->hosts->len > 0)
    {
      HvpHost *host = g_ptr_array_steal_index (other->hosts, 0);
      HvpHost *existing = find_matching_host (inventory, host);

      if (existing == NULL)
        {
          g_ptr_array_add (inventory->hosts, host);
          continue;
        }
      merge_host (existing, host);
      hvp_host_free (host);
    }
}
