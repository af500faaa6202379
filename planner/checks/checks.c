/* hvplan: the four checks of "Hyper-V: Prepare to Migrate" (Windows Server 2012 migration guide,
 * ms.assetid 00959060-30f1-4578-8068-89d4d58f137c): storage, network, memory, processor. */
#include "planner/checks/checks.h"

#include <string.h>

/* "'a', 'b', 'c'" for a list of names. */
static char *
quote_list (GPtrArray *names)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (text, "%s'%s'", i > 0 ? ", " : "",
                            (const char *) g_ptr_array_index (names, i));
  return g_string_free (text, FALSE);
}

/* Storage ------------------------------------------------------------------------------------- */

typedef struct {
  GHashTable *counted;       /* HvpDisk * already counted */
  GHashTable *unknown;       /* paths of files of unknown size, already noted */
  GPtrArray *unknown_paths;  /* the same, in the order met */
  GPtrArray *unknown_vms;    /* VMs using them */
  guint64 files_bytes;
  guint64 worst_case_bytes;
  const HvpDisk *largest;
  const char *largest_vm;
} StorageWalk;

static void
note_unknown (StorageWalk *walk, const char *path, const char *vm)
{
  if (g_hash_table_add (walk->unknown, (gpointer) path))
    g_ptr_array_add (walk->unknown_paths, (gpointer) path);
  for (guint i = 0; i < walk->unknown_vms->len; i++)
    if (strcmp (g_ptr_array_index (walk->unknown_vms, i), vm) == 0)
      return;
  g_ptr_array_add (walk->unknown_vms, (gpointer) vm);
}

/* Counts the file at @path and its parent chain, each file once over the whole walk.
 * Returns the bytes the files not counted before take now. */
static guint64
walk_chain (StorageWalk *walk, const HvpHost *host, const char *path, const char *vm)
{
  const HvpDisk *disk = hvp_host_find_disk (host, path);
  guint64 added = 0;

  if (disk == NULL)
    {
      note_unknown (walk, path, vm);
      return 0;
    }
  while (disk != NULL && g_hash_table_add (walk->counted, (gpointer) disk))
    {
      const HvpDisk *parent = disk->parent;

      if (!disk->readable && disk->file_size_bytes == 0)
        note_unknown (walk, disk->path, vm);
      added = hvp_add_saturating (added, disk->file_size_bytes);
      walk->files_bytes = hvp_add_saturating (walk->files_bytes, disk->file_size_bytes);
      walk->worst_case_bytes = hvp_add_saturating (walk->worst_case_bytes,
                                                   hvp_disk_worst_case_bytes (disk));
      if (walk->largest == NULL || disk->file_size_bytes > walk->largest->file_size_bytes)
        {
          walk->largest = disk;
          walk->largest_vm = vm;
        }
      if (parent == NULL && disk->parent_path != NULL)
        {
          parent = hvp_host_find_disk (host, disk->parent_path);
          if (parent == NULL)
            note_unknown (walk, disk->parent_path, vm);
        }
      disk = parent;
    }
  return added;
}

static guint64
walk_drives (StorageWalk *walk, const HvpHost *host, GPtrArray *drives, const char *vm)
{
  guint64 bytes = 0;

  for (guint i = 0; i < drives->len; i++)
    {
      const HvpDrive *drive = g_ptr_array_index (drives, i);

      if (drive->disk_path != NULL)
        bytes = hvp_add_saturating (bytes, walk_chain (walk, host, drive->disk_path, vm));
    }
  return bytes;
}

/* Saved-state bytes of a VM and its snapshots; a saved state of unknown size counts as the memory
 * it holds (a .bin/.vsv pair is about the VM's RAM). */
static guint64
saved_state_bytes (const HvpVm *vm, guint64 *ret_placeholder_bytes)
{
  guint64 bytes = 0;
  guint64 placeholder = 0;

  if (vm->saved_state)
    {
      if (vm->saved_state_bytes != 0)
        bytes = vm->saved_state_bytes;
      else
        placeholder = vm->memory.startup_bytes;
    }
  for (guint i = 0; i < vm->snapshots->len; i++)
    {
      const HvpSnapshot *snapshot = g_ptr_array_index (vm->snapshots, i);

      if (!snapshot->saved_state)
        continue;
      if (snapshot->saved_state_bytes != 0)
        bytes = hvp_add_saturating (bytes, snapshot->saved_state_bytes);
      else if (snapshot->memory.startup_bytes != 0)
        placeholder = hvp_add_saturating (placeholder, snapshot->memory.startup_bytes);
      else
        placeholder = hvp_add_saturating (placeholder, vm->memory.startup_bytes);
    }
  *ret_placeholder_bytes = placeholder;
  return hvp_add_saturating (bytes, placeholder);
}

/**
 * hvp_check_storage:
 * @plan: the plan being built
 * @source: the inventory being migrated
 * @destination: the destination host
 *
 * "The destination server must have enough storage for all the VHDs of the source" [PTM].  Every
 * file is counted once: each VM's and each snapshot's drives lead to a disk of the host's table,
 * then up its parent chain; a parent shared by several chains counts for the first VM that uses it
 * (also in that VM's row).  Saved states add their bytes, or the memory they hold when the size is
 * unknown (an info finding says so).  The storage headroom percentage is added on top, rounded up.
 * The worst case counts every dynamic and differencing disk at hvp_disk_worst_case_bytes()
 * (Hyper-V BPA: "ensure sufficient physical disk space … dynamically expanding / differencing").
 * Available is the free space of all destination volumes.  Fail when the requirement exceeds it or
 * the largest file fits no single volume; warn when the worst case exceeds it, sizes are unknown
 * or the destination lists no volumes.
 */
void
hvp_check_storage (HvpPlan *plan, const HvpInventory *source, const HvpHost *destination)
{
  HvpRequirement *requirement = &plan->requirements[HVP_REQUIREMENT_STORAGE];
  guint percent = plan->options->storage_headroom_percent;
  g_autoptr (GHashTable) counted = g_hash_table_new (NULL, NULL);
  g_autoptr (GHashTable) unknown = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) unknown_paths = g_ptr_array_new ();
  g_autoptr (GPtrArray) unknown_vms = g_ptr_array_new ();
  StorageWalk walk = { counted, unknown, unknown_paths, unknown_vms, 0, 0, NULL, NULL };
  guint64 saved_bytes = 0;
  guint64 worst_headroom;
  const HvpVolume *largest_volume = NULL;
  guint row = 0;

  for (guint h = 0; h < source->hosts->len; h++)
    {
      const HvpHost *host = g_ptr_array_index (source->hosts, h);

      for (guint v = 0; v < host->vms->len; v++, row++)
        {
          const HvpVm *vm = g_ptr_array_index (host->vms, v);
          HvpPlanVm *plan_vm = g_ptr_array_index (plan->vms, row);
          const char *name = hvp_vm_label (vm);
          guint64 placeholder_bytes;
          guint64 vm_saved_bytes;
          guint64 bytes;

          bytes = walk_drives (&walk, host, vm->drives, name);
          for (guint s = 0; s < vm->snapshots->len; s++)
            {
              const HvpSnapshot *snapshot = g_ptr_array_index (vm->snapshots, s);

              bytes = hvp_add_saturating (bytes, walk_drives (&walk, host, snapshot->drives, name));
            }
          vm_saved_bytes = saved_state_bytes (vm, &placeholder_bytes);
          if (placeholder_bytes != 0)
            {
              g_autofree char *size = hvp_format_gib (placeholder_bytes);

              hvp_plan_add_finding (plan, HVP_VERDICT_INFO, HVP_REQUIREMENT_STORAGE, name,
                                    "size of saved state unknown: counted as the memory it holds, "
                                    "%s", size);
            }
          saved_bytes = hvp_add_saturating (saved_bytes, vm_saved_bytes);
          plan_vm->storage_bytes = hvp_add_saturating (bytes, vm_saved_bytes);
        }
    }

  for (guint i = 0; i < destination->volumes->len; i++)
    {
      const HvpVolume *volume = g_ptr_array_index (destination->volumes, i);

      requirement->available = hvp_add_saturating (requirement->available, volume->free_bytes);
      if (largest_volume == NULL || volume->free_bytes > largest_volume->free_bytes)
        largest_volume = volume;
    }

  requirement->required = hvp_add_saturating (walk.files_bytes, saved_bytes);
  plan->storage_headroom_bytes = hvp_percent_of (requirement->required, percent);
  requirement->required = hvp_add_saturating (requirement->required,
                                               plan->storage_headroom_bytes);
  requirement->worst_case = hvp_add_saturating (walk.worst_case_bytes, saved_bytes);
  worst_headroom = hvp_percent_of (requirement->worst_case, percent);
  requirement->worst_case = hvp_add_saturating (requirement->worst_case, worst_headroom);

  if (unknown_paths->len > 0)
    {
      g_autofree char *paths = quote_list (unknown_paths);

      for (guint i = 0; i < unknown_vms->len; i++)
        hvp_requirement_add_vm (requirement, g_ptr_array_index (unknown_vms, i));
      if (unknown_paths->len == 1)
        hvp_plan_add_finding (plan, HVP_VERDICT_WARN, HVP_REQUIREMENT_STORAGE, NULL,
                              "size of 1 virtual hard disk unknown: %s: it counts as 0 bytes; "
                              "make the file readable (--path-map) and plan again", paths);
      else
        hvp_plan_add_finding (plan, HVP_VERDICT_WARN, HVP_REQUIREMENT_STORAGE, NULL,
                              "sizes of %u virtual hard disks unknown: %s: they count as 0 bytes; "
                              "make the files readable (--path-map) and plan again",
                              unknown_paths->len, paths);
    }

  if (destination->volumes->len == 0)
    {
      g_autofree char *required = hvp_format_gib (requirement->required);

      hvp_plan_add_finding (plan, HVP_VERDICT_WARN, HVP_REQUIREMENT_STORAGE, NULL,
                            "destination lists no volumes: storage for %s cannot be checked; "
                            "add the volumes of '%s' to its inventory", required,
                            hvp_host_label (destination));
      return;
    }

  if (requirement->required > requirement->available)
    {
      g_autofree char *required = hvp_format_gib (requirement->required);
      g_autofree char *files = hvp_format_gib (walk.files_bytes);
      g_autofree char *saved = hvp_format_gib (saved_bytes);
      g_autofree char *headroom = hvp_format_gib (plan->storage_headroom_bytes);
      g_autofree char *available = hvp_format_gib (requirement->available);

      hvp_plan_add_finding (plan, HVP_VERDICT_FAIL, HVP_REQUIREMENT_STORAGE, NULL,
                            "storage needs %s (virtual hard disks %s, saved states %s, "
                            "%u %% headroom %s), the volumes of '%s' have %s free: add storage, "
                            "or merge or delete checkpoints before migration",
                            required, files, saved, percent, headroom,
                            hvp_host_label (destination), available);
    }
  else if (requirement->worst_case > requirement->available)
    {
      g_autofree char *worst = hvp_format_gib (requirement->worst_case);
      g_autofree char *available = hvp_format_gib (requirement->available);

      hvp_plan_add_finding (plan, HVP_VERDICT_WARN, HVP_REQUIREMENT_STORAGE, NULL,
                            "dynamic and differencing disks can grow to need %s with headroom, "
                            "the volumes of '%s' have %s free: VMs pause when a volume fills; "
                            "watch free space or convert the disks to fixed",
                            worst, hvp_host_label (destination), available);
    }

  if (walk.largest != NULL && largest_volume != NULL
      && walk.largest->file_size_bytes > largest_volume->free_bytes)
    {
      g_autofree char *size = hvp_format_gib (walk.largest->file_size_bytes);
      g_autofree char *free_space = hvp_format_gib (largest_volume->free_bytes);

      hvp_plan_add_finding (plan, HVP_VERDICT_FAIL, HVP_REQUIREMENT_STORAGE, walk.largest_vm,
                            "file '%s' (%s) fits no destination volume: the largest, '%s', has "
                            "%s free; add a larger volume",
                            walk.largest->path, size, largest_volume->path, free_space);
    }
}

/* Memory -------------------------------------------------------------------------------------- */

static gboolean
vm_is_named (const HvpVm *vm, GPtrArray *names)
{
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      if (g_strcmp0 (vm->name, name) == 0
          || (vm->id != NULL && g_ascii_strcasecmp (vm->id, name) == 0))
        return TRUE;
    }
  return FALSE;
}

static gboolean
vm_is_concurrent (const HvpVm *vm, const HvpPlanOptions *options)
{
  switch (options->concurrency)
    {
    case HVP_CONCURRENCY_ALL:
      return TRUE;
    case HVP_CONCURRENCY_NAMES:
      return vm_is_named (vm, options->concurrent_names);
    case HVP_CONCURRENCY_RUNNING:
    default:
      return vm->state != HVP_VM_STATE_OFF;
    }
}

static guint64
vm_memory_bytes (const HvpVm *vm, HvpMemoryPolicy policy)
{
  if (vm->memory.dynamic && policy == HVP_MEMORY_POLICY_MAXIMUM && vm->memory.maximum_bytes != 0)
    return vm->memory.maximum_bytes;
  return vm->memory.startup_bytes;
}

/**
 * hvp_check_memory:
 * @plan: the plan being built
 * @source: the inventory being migrated
 * @destination: the destination host
 *
 * "The sum of the memory of all VMs that run at the same time, plus the memory the Hyper-V role
 * needs" [PTM].  The concurrent VMs are chosen by #HvpConcurrency: under
 * %HVP_CONCURRENCY_RUNNING every VM that was not off (running, paused, saved, a transitional
 * state, or unknown: the VMs of unknown state are listed in one info finding).  Each counts its
 * static memory, or for dynamic memory its startup or maximum RAM by #HvpMemoryPolicy, plus
 * hvp_plan_options_vm_overhead(); the host reserve is added once.  Fail when the destination has
 * less, warn when its memory is unknown.  Under %HVP_MEMORY_POLICY_STARTUP an info finding says
 * when the VMs could not all grow to their dynamic maximum at once (Diag-V does the same).
 */
void
hvp_check_memory (HvpPlan *plan, const HvpInventory *source, const HvpHost *destination)
{
  HvpRequirement *requirement = &plan->requirements[HVP_REQUIREMENT_MEMORY];
  const HvpPlanOptions *options = plan->options;
  g_autoptr (GPtrArray) unknown_state = g_ptr_array_new ();
  guint64 vm_bytes = 0;
  guint64 at_maximum_bytes = 0;
  gboolean any_dynamic = FALSE;
  guint row = 0;

  for (guint h = 0; h < source->hosts->len; h++)
    {
      const HvpHost *host = g_ptr_array_index (source->hosts, h);

      for (guint v = 0; v < host->vms->len; v++, row++)
        {
          const HvpVm *vm = g_ptr_array_index (host->vms, v);
          HvpPlanVm *plan_vm = g_ptr_array_index (plan->vms, row);
          guint64 maximum_bytes = vm_memory_bytes (vm, HVP_MEMORY_POLICY_MAXIMUM);
          guint64 overhead;

          plan_vm->memory_bytes = vm_memory_bytes (vm, options->memory_policy);
          plan_vm->concurrent = vm_is_concurrent (vm, options);
          if (!plan_vm->concurrent)
            continue;
          if (options->concurrency == HVP_CONCURRENCY_RUNNING && vm->state == HVP_VM_STATE_UNKNOWN)
            g_ptr_array_add (unknown_state, (gpointer) hvp_vm_label (vm));
          if (plan_vm->memory_bytes == 0)
            hvp_plan_add_finding (plan, HVP_VERDICT_WARN, HVP_REQUIREMENT_MEMORY,
                                  hvp_vm_label (vm),
                                  "memory size unknown: counted as 0 bytes; collect the VM's "
                                  "configuration and plan again");
          overhead = hvp_plan_options_vm_overhead (options, plan_vm->memory_bytes);
          vm_bytes = hvp_add_saturating (vm_bytes, plan_vm->memory_bytes);
          plan->memory_overhead_bytes = hvp_add_saturating (plan->memory_overhead_bytes, overhead);
          at_maximum_bytes = hvp_add_saturating (at_maximum_bytes, maximum_bytes);
          at_maximum_bytes = hvp_add_saturating (at_maximum_bytes,
                                                 hvp_plan_options_vm_overhead (options,
                                                                               maximum_bytes));
          any_dynamic = any_dynamic || vm->memory.dynamic;
        }
    }

  plan->memory_reserve_bytes = options->host_reserve_bytes;
  requirement->required = hvp_add_saturating (vm_bytes, plan->memory_overhead_bytes);
  requirement->required = hvp_add_saturating (requirement->required, plan->memory_reserve_bytes);
  at_maximum_bytes = hvp_add_saturating (at_maximum_bytes, plan->memory_reserve_bytes);
  requirement->available = destination->memory_bytes;

  if (unknown_state->len > 0)
    {
      g_autofree char *names = quote_list (unknown_state);

      if (unknown_state->len == 1)
        hvp_plan_add_finding (plan, HVP_VERDICT_INFO, HVP_REQUIREMENT_MEMORY, NULL,
                              "state of 1 VM unknown: counted as running: %s; name the VMs that "
                              "run at the same time with --concurrent", names);
      else
        hvp_plan_add_finding (plan, HVP_VERDICT_INFO, HVP_REQUIREMENT_MEMORY, NULL,
                              "state of %u VMs unknown: counted as running: %s; name the VMs "
                              "that run at the same time with --concurrent",
                              unknown_state->len, names);
    }

  if (requirement->available == 0)
    {
      g_autofree char *required = hvp_format_gib (requirement->required);

      hvp_plan_add_finding (plan, HVP_VERDICT_WARN, HVP_REQUIREMENT_MEMORY, NULL,
                            "memory of '%s' unknown: the concurrent VMs need %s; add its memory "
                            "to the destination inventory", hvp_host_label (destination),
                            required);
      return;
    }

  if (requirement->required > requirement->available)
    {
      g_autofree char *required = hvp_format_gib (requirement->required);
      g_autofree char *vms = hvp_format_gib (vm_bytes);
      g_autofree char *overhead = hvp_format_gib (plan->memory_overhead_bytes);
      g_autofree char *reserve = hvp_format_gib (plan->memory_reserve_bytes);
      g_autofree char *available = hvp_format_gib (requirement->available);

      hvp_plan_add_finding (plan, HVP_VERDICT_FAIL, HVP_REQUIREMENT_MEMORY, NULL,
                            "memory needs %s (VMs %s, overhead %s, host reserve %s), '%s' has %s: "
                            "add memory, or run fewer VMs at the same time (--concurrent)",
                            required, vms, overhead, reserve, hvp_host_label (destination),
                            available);
    }
  else if (options->memory_policy == HVP_MEMORY_POLICY_STARTUP && any_dynamic
           && at_maximum_bytes > requirement->available)
    {
      g_autofree char *maximum = hvp_format_gib (at_maximum_bytes);
      g_autofree char *available = hvp_format_gib (requirement->available);

      hvp_plan_add_finding (plan, HVP_VERDICT_INFO, HVP_REQUIREMENT_MEMORY, NULL,
                            "with dynamic memory at its maximum the concurrent VMs would need %s, "
                            "'%s' has %s: they cannot all grow to their maximum at once",
                            maximum, hvp_host_label (destination), available);
    }
}

/* Network ------------------------------------------------------------------------------------- */

static const char *
map_switch (const HvpPlanOptions *options, const char *name)
{
  for (guint i = 0; i < options->switch_maps->len; i++)
    {
      const HvpSwitchMap *map = g_ptr_array_index (options->switch_maps, i);

      if (strcmp (map->from, name) == 0)
        return map->to;
    }
  return NULL;
}

static void
add_name (GHashTable *set, GPtrArray *ordered, const char *name)
{
  if (g_hash_table_add (set, (gpointer) name))
    g_ptr_array_add (ordered, (gpointer) name);
}

/* The physical NICs an External (or presumed External) switch needs: its bound NICs, or one for
 * the switch itself when none is known. */
static void
count_switch_nics (const HvpSwitch *vswitch, GHashTable *nics, GHashTable *unbound)
{
  if (vswitch->physical_nics->len == 0)
    {
      const char *name = vswitch->name != NULL ? vswitch->name : vswitch->id;

      if (name != NULL)
        g_hash_table_add (unbound, (gpointer) name);
      return;
    }
  for (guint i = 0; i < vswitch->physical_nics->len; i++)
    g_hash_table_add (nics, g_ptr_array_index (vswitch->physical_nics, i));
}

/**
 * hvp_vm_visit_uplinks:
 * @host: the source host of @vm (its switch table resolves the adapters)
 * @vm: a VM
 * @visit: called once per uplink an adapter of @vm needs, with the uplink's name, %TRUE when the
 *   name is a switch's (an External switch with no known NIC, or a switch the host does not list
 *   or whose type is unknown: counted as External, as hvp_check_network() does) and @user_data;
 *   an uplink several adapters share may be visited more than once
 * @user_data: passed to @visit
 *
 * The physical NICs the External switches of @vm's connected adapters are bound to (a team: each
 * member), by the same rules as hvp_check_network(): an adapter's switch is looked up by id, then
 * by name; Internal and Private switches need none.
 */
void
hvp_vm_visit_uplinks (const HvpHost *host, const HvpVm *vm,
                      void (*visit) (const char *name, gboolean is_switch, gpointer user_data),
                      gpointer user_data)
{
  for (guint a = 0; a < vm->adapters->len; a++)
    {
      const HvpAdapter *adapter = g_ptr_array_index (vm->adapters, a);
      const HvpSwitch *vswitch = NULL;
      const char *name = adapter->switch_name;

      if (!adapter->connected)
        continue;
      if (adapter->switch_id != NULL)
        vswitch = hvp_host_find_switch (host, adapter->switch_id);
      if (vswitch == NULL && name != NULL)
        vswitch = hvp_host_find_switch (host, name);
      if (vswitch == NULL)
        {
          if (name != NULL)
            visit (name, TRUE, user_data);
          continue;
        }
      if (vswitch->type != HVP_SWITCH_TYPE_EXTERNAL && vswitch->type != HVP_SWITCH_TYPE_UNKNOWN)
        continue;
      if (vswitch->physical_nics->len == 0)
        {
          const char *switch_name = vswitch->name != NULL ? vswitch->name : vswitch->id;

          if (switch_name != NULL)
            visit (switch_name, TRUE, user_data);
          continue;
        }
      for (guint i = 0; i < vswitch->physical_nics->len; i++)
        visit (g_ptr_array_index (vswitch->physical_nics, i), FALSE, user_data);
    }
}

/**
 * hvp_check_network:
 * @plan: the plan being built
 * @source: the inventory being migrated
 * @destination: the destination host
 *
 * "The destination needs at least as many physical network adapters as the source has virtual
 * networks marked External" [PTM].  Required: the distinct physical NICs (by name) bound to the
 * source's External switches, a team counting each member; an External switch with no known NIC
 * counts as one (once per switch name).  A switch of unknown type, or one the source does not
 * list, that an adapter uses is counted as External, with a warning.  Available: the destination's
 * physical NICs.  Then every connected adapter's switch (by name, else its id looked up among the
 * source host's switches) must exist on the destination by name, after the switch maps; otherwise
 * a fail finding worded like Compare-VM's incompatibility 33012.  A destination that lists no
 * switches gets one warning naming the switches to create.
 */
void
hvp_check_network (HvpPlan *plan, const HvpInventory *source, const HvpHost *destination)
{
  HvpRequirement *requirement = &plan->requirements[HVP_REQUIREMENT_NETWORK];
  g_autoptr (GHashTable) nics = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) unbound = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) presumed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) presumed_names = g_ptr_array_new ();
  g_autoptr (GHashTable) needed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) needed_names = g_ptr_array_new ();
  g_autoptr (GHashTable) reported = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint h = 0; h < source->hosts->len; h++)
    {
      const HvpHost *host = g_ptr_array_index (source->hosts, h);

      for (guint i = 0; i < host->switches->len; i++)
        {
          const HvpSwitch *vswitch = g_ptr_array_index (host->switches, i);

          if (vswitch->type == HVP_SWITCH_TYPE_EXTERNAL)
            count_switch_nics (vswitch, nics, unbound);
        }

      for (guint v = 0; v < host->vms->len; v++)
        {
          const HvpVm *vm = g_ptr_array_index (host->vms, v);

          for (guint a = 0; a < vm->adapters->len; a++)
            {
              const HvpAdapter *adapter = g_ptr_array_index (vm->adapters, a);
              const HvpSwitch *vswitch = NULL;
              const char *name = adapter->switch_name;
              const char *target;
              const char *mapped;
              char *message;

              if (!adapter->connected)
                continue;
              if (adapter->switch_id != NULL)
                vswitch = hvp_host_find_switch (host, adapter->switch_id);
              if (vswitch == NULL && name != NULL)
                vswitch = hvp_host_find_switch (host, name);
              if (name == NULL && vswitch != NULL)
                name = vswitch->name;
              if (name == NULL)
                {
                  if (adapter->switch_id != NULL)
                    hvp_plan_add_finding (plan, HVP_VERDICT_WARN, HVP_REQUIREMENT_NETWORK,
                                          hvp_vm_label (vm),
                                          "adapter '%s' connects to switch id '%s', which '%s' "
                                          "does not list: check its switch on the destination by "
                                          "hand", adapter->name, adapter->switch_id,
                                          hvp_host_label (host));
                  continue;
                }

              if (vswitch == NULL || vswitch->type == HVP_SWITCH_TYPE_UNKNOWN)
                {
                  if (g_hash_table_add (presumed, (gpointer) name))
                    {
                      g_ptr_array_add (presumed_names, (gpointer) name);
                      if (vswitch != NULL)
                        count_switch_nics (vswitch, nics, unbound);
                      else
                        g_hash_table_add (unbound, (gpointer) name);
                    }
                }

              mapped = map_switch (plan->options, name);
              target = mapped != NULL ? mapped : name;
              add_name (needed, needed_names, target);
              if (destination->switches->len == 0
                  || hvp_host_find_switch (destination, target) != NULL)
                continue;
              if (mapped != NULL)
                message = g_strdup_printf ("Could not find Ethernet switch '%s' (Compare-VM "
                                           "33012), the map target for '%s': create it on the "
                                           "destination or correct --switch-map '%s=%s'",
                                           target, name, name, target);
              else
                message = g_strdup_printf ("Could not find Ethernet switch '%s' (Compare-VM "
                                           "33012): create it on the destination or map it "
                                           "with --switch-map '%s=NAME'", name, name);
              /* Two adapters of one VM on one switch make one finding. */
              if (g_hash_table_add (reported, g_strdup_printf ("%s\n%s", hvp_vm_label (vm),
                                                               message)))
                hvp_plan_add_finding (plan, HVP_VERDICT_FAIL, HVP_REQUIREMENT_NETWORK,
                                      hvp_vm_label (vm), "%s", message);
              g_free (message);
            }
        }
    }

  for (guint i = 0; i < presumed_names->len; i++)
    hvp_plan_add_finding (plan, HVP_VERDICT_WARN, HVP_REQUIREMENT_NETWORK, NULL,
                          "type of switch '%s' unknown: counted as External; collect the source "
                          "host's switches (Get-VMSwitch) to be sure",
                          (const char *) g_ptr_array_index (presumed_names, i));

  requirement->required = g_hash_table_size (nics) + g_hash_table_size (unbound);
  requirement->available = destination->physical_nics->len;

  if (destination->switches->len == 0 && needed_names->len > 0)
    {
      g_autofree char *names = quote_list (needed_names);

      hvp_plan_add_finding (plan, HVP_VERDICT_WARN, HVP_REQUIREMENT_NETWORK, NULL,
                            "destination '%s' lists no virtual switches: create %s on it before "
                            "migration (Compare-VM 33012 otherwise)",
                            hvp_host_label (destination), names);
    }

  if (requirement->available == 0 && requirement->required > 0)
    hvp_plan_add_finding (plan, HVP_VERDICT_WARN, HVP_REQUIREMENT_NETWORK, NULL,
                          "destination '%s' lists no physical network adapters: the External "
                          "switches need %" G_GUINT64_FORMAT "; add them to its inventory",
                          hvp_host_label (destination), requirement->required);
  else if (requirement->required > requirement->available)
    hvp_plan_add_finding (plan, HVP_VERDICT_FAIL, HVP_REQUIREMENT_NETWORK, NULL,
                          "External switches need %" G_GUINT64_FORMAT " physical network "
                          "adapters, '%s' has %" G_GUINT64_FORMAT ": add adapters, or bind "
                          "fewer External switches on the destination",
                          requirement->required, hvp_host_label (destination),
                          requirement->available);
}

/* Processor ----------------------------------------------------------------------------------- */

static void
check_vcpus (HvpPlan *plan, const HvpVm *vm, guint available, const char *destination)
{
  g_autoptr (GString) places = g_string_new (NULL);
  guint vcpus = hvp_vm_max_vcpus (vm);

  if (vcpus <= available)
    return;
  if (vm->vcpus > available)
    g_string_append (places, "the VM");
  for (guint i = 0; i < vm->snapshots->len; i++)
    {
      const HvpSnapshot *snapshot = g_ptr_array_index (vm->snapshots, i);

      if (snapshot->vcpus > available)
        g_string_append_printf (places, "%ssnapshot '%s'", places->len > 0 ? ", " : "",
                                snapshot->name != NULL ? snapshot->name : snapshot->id);
    }
  hvp_plan_add_finding (plan, HVP_VERDICT_FAIL, HVP_REQUIREMENT_PROCESSOR, hvp_vm_label (vm),
                        "%u virtual processors (%s) exceed the %u logical processors of '%s': "
                        "Compare-VM rejects the VM and each such snapshot configuration; lower "
                        "the count with Set-VMProcessor and delete the snapshots that hold more",
                        vcpus, places->str, available, destination);
}

/* Where both hosts describe their processor as a libvirt `<cpu>`, libvirt compares the feature
 * sets (hvp_libvirt_compare_processors()): a covering destination decides "compatible", a lacking
 * one "incompatible"; otherwise CPUID identity (vendor, family, model, stepping) decides below. */
static HvpCpuComparison
compare_cpu_descriptions (HvpPlan *plan, const HvpHost *host, const HvpHost *destination)
{
  HvpCpuComparison result = HVP_CPU_COMPARISON_UNKNOWN;
  g_autofree char *method = NULL;
  g_autoptr (GError) error = NULL;

  if (host->processor.cpu_xml == NULL || destination->processor.cpu_xml == NULL)
    return HVP_CPU_COMPARISON_UNKNOWN;
  if (!hvp_libvirt_compare_processors (&host->processor, &destination->processor, NULL, &result,
                                       &method, &error))
    {
      hvp_plan_add_finding (plan, HVP_VERDICT_INFO, HVP_REQUIREMENT_PROCESSOR, NULL,
                            "libvirt could not compare the processors of '%s' and '%s' (%s): "
                            "compared by manufacturer, family and model",
                            hvp_host_label (host), hvp_host_label (destination), error->message);
      return HVP_CPU_COMPARISON_UNKNOWN;
    }
  if (result != HVP_CPU_COMPARISON_UNKNOWN && g_strcmp0 (method, "vendor/family/model") != 0)
    {
      g_free (plan->processor_method);
      plan->processor_method = g_strdup_printf ("libvirt %s", method);
    }
  return result;
}

static void
check_saved_state (HvpPlan *plan, const HvpVm *vm, const HvpHost *host,
                   const HvpHost *destination, HvpCpuComparison comparison)
{
  const HvpProcessor *from = &host->processor;
  const HvpProcessor *to = &destination->processor;
  const char *from_vendor = hvp_processor_vendor_normalize (from->vendor);
  const char *to_vendor = hvp_processor_vendor_normalize (to->vendor);
  const char *name = hvp_vm_label (vm);

  if (plan->processor_method != NULL && comparison != HVP_CPU_COMPARISON_UNKNOWN)
    {
      if (comparison != HVP_CPU_COMPARISON_INCOMPATIBLE)
        hvp_plan_add_finding (plan, HVP_VERDICT_INFO, HVP_REQUIREMENT_PROCESSOR, name,
                              "saved state: the processor of '%s' offers every feature of '%s' "
                              "(%s)", hvp_host_label (destination), hvp_host_label (host),
                              plan->processor_method);
      else if (vm->processor_compatibility && g_strcmp0 (from_vendor, to_vendor) == 0)
        hvp_plan_add_finding (plan, HVP_VERDICT_INFO, HVP_REQUIREMENT_PROCESSOR, name,
                              "saved state: the processor of '%s' lacks features of '%s' (%s); "
                              "processor compatibility for migration is on",
                              hvp_host_label (destination), hvp_host_label (host),
                              plan->processor_method);
      else
        hvp_plan_add_finding (plan, HVP_VERDICT_FAIL, HVP_REQUIREMENT_PROCESSOR, name,
                              "saved state taken on '%s' cannot be restored on '%s', whose "
                              "processor lacks features (%s): shut the VM down cleanly or delete "
                              "the saved state before migration", hvp_host_label (host),
                              hvp_host_label (destination), plan->processor_method);
      return;
    }

  switch (hvp_processor_saved_state_match (from, to, vm->processor_compatibility))
    {
    case HVP_SAVED_STATE_VENDOR_UNKNOWN:
      hvp_plan_add_finding (plan, HVP_VERDICT_WARN, HVP_REQUIREMENT_PROCESSOR, name,
                            "saved state: processor manufacturer of '%s' or '%s' unknown: a saved "
                            "state restores only on the same manufacturer; shut the VM down "
                            "cleanly before migration to be safe",
                            hvp_host_label (host), hvp_host_label (destination));
      break;
    case HVP_SAVED_STATE_VENDOR_DIFFERS:
      hvp_plan_add_finding (plan, HVP_VERDICT_FAIL, HVP_REQUIREMENT_PROCESSOR, name,
                            "saved state taken on %s cannot be restored on %s: shut the VM down "
                            "cleanly or delete the saved state before migration; processor "
                            "compatibility does not cross manufacturers", from_vendor, to_vendor);
      break;
    case HVP_SAVED_STATE_MODEL_UNKNOWN:
      hvp_plan_add_finding (plan, HVP_VERDICT_WARN, HVP_REQUIREMENT_PROCESSOR, name,
                            "saved state: processor model of '%s' or '%s' unknown: restoring may "
                            "fail on another model; enable processor compatibility for migration "
                            "or shut the VM down cleanly before migration",
                            hvp_host_label (host), hvp_host_label (destination));
      break;
    case HVP_SAVED_STATE_MODEL_COMPATIBLE:
      hvp_plan_add_finding (plan, HVP_VERDICT_INFO, HVP_REQUIREMENT_PROCESSOR, name,
                            "saved state moves from family %u model %u to family %u model %u: "
                            "processor compatibility for migration is on",
                            from->family, from->model, to->family, to->model);
      break;
    case HVP_SAVED_STATE_MODEL_DIFFERS:
      hvp_plan_add_finding (plan, HVP_VERDICT_FAIL, HVP_REQUIREMENT_PROCESSOR, name,
                            "saved state taken on family %u model %u cannot be restored on "
                            "family %u model %u: shut the VM down cleanly, then enable processor "
                            "compatibility for migration (Set-VMProcessor "
                            "-CompatibilityForMigrationEnabled $true)",
                            from->family, from->model, to->family, to->model);
      break;
    case HVP_SAVED_STATE_STEPPING_UNKNOWN:
      hvp_plan_add_finding (plan, HVP_VERDICT_WARN, HVP_REQUIREMENT_PROCESSOR, name,
                            "saved state: processor stepping of '%s' or '%s' unknown: test the "
                            "restore, or shut the VM down cleanly before migration",
                            hvp_host_label (host), hvp_host_label (destination));
      break;
    case HVP_SAVED_STATE_STEPPING_DIFFERS:
      hvp_plan_add_finding (plan, HVP_VERDICT_WARN, HVP_REQUIREMENT_PROCESSOR, name,
                            "saved state taken on stepping %d restores on stepping %d only if the "
                            "steppings are compatible: test the restore, or shut the VM down "
                            "cleanly before migration", from->stepping, to->stepping);
      break;
    case HVP_SAVED_STATE_SAME:
    default:
      break;
    }
}

/**
 * hvp_processor_saved_state_match:
 * @from: the processor the saved state was taken on
 * @to: the processor it would be restored on
 * @processor_compatibility: processor compatibility for migration is on for the VM
 *
 * The CPUID rule of "Hyper-V: Prepare to Migrate" for a VM with a saved state: same manufacturer
 * (vendors normalised with hvp_processor_vendor_normalize()), then same family and model unless
 * processor compatibility for migration is on, then same stepping.  The first difference or
 * unknown value decides.
 *
 * Returns: how the processors compare; hvp_saved_state_match_verdict() gives its verdict
 */
HvpSavedStateMatch
hvp_processor_saved_state_match (const HvpProcessor *from, const HvpProcessor *to,
                                 gboolean processor_compatibility)
{
  const char *from_vendor = hvp_processor_vendor_normalize (from->vendor);
  const char *to_vendor = hvp_processor_vendor_normalize (to->vendor);

  if (from_vendor == NULL || *from_vendor == '\0' || to_vendor == NULL || *to_vendor == '\0')
    return HVP_SAVED_STATE_VENDOR_UNKNOWN;
  if (strcmp (from_vendor, to_vendor) != 0)
    return HVP_SAVED_STATE_VENDOR_DIFFERS;
  if (from->family == 0 || from->model == 0 || to->family == 0 || to->model == 0)
    return HVP_SAVED_STATE_MODEL_UNKNOWN;
  if (from->family != to->family || from->model != to->model)
    return processor_compatibility ? HVP_SAVED_STATE_MODEL_COMPATIBLE
                                   : HVP_SAVED_STATE_MODEL_DIFFERS;
  if (from->stepping < 0 || to->stepping < 0)
    return HVP_SAVED_STATE_STEPPING_UNKNOWN;
  if (from->stepping != to->stepping)
    return HVP_SAVED_STATE_STEPPING_DIFFERS;
  return HVP_SAVED_STATE_SAME;
}

/**
 * hvp_saved_state_match_verdict:
 * @match: how two processors compare for a saved state
 *
 * Returns: %HVP_VERDICT_FAIL for another manufacturer, or another family/model without processor
 *   compatibility (the saved state cannot be restored); %HVP_VERDICT_WARN when something is
 *   unknown or the stepping differs; %HVP_VERDICT_INFO for another model with processor
 *   compatibility; %HVP_VERDICT_PASS for the same processor
 */
HvpVerdict
hvp_saved_state_match_verdict (HvpSavedStateMatch match)
{
  switch (match)
    {
    case HVP_SAVED_STATE_VENDOR_DIFFERS:
    case HVP_SAVED_STATE_MODEL_DIFFERS:
      return HVP_VERDICT_FAIL;
    case HVP_SAVED_STATE_VENDOR_UNKNOWN:
    case HVP_SAVED_STATE_MODEL_UNKNOWN:
    case HVP_SAVED_STATE_STEPPING_UNKNOWN:
    case HVP_SAVED_STATE_STEPPING_DIFFERS:
      return HVP_VERDICT_WARN;
    case HVP_SAVED_STATE_MODEL_COMPATIBLE:
      return HVP_VERDICT_INFO;
    case HVP_SAVED_STATE_SAME:
    default:
      return HVP_VERDICT_PASS;
    }
}

/**
 * hvp_check_processor:
 * @plan: the plan being built
 * @source: the inventory being migrated
 * @destination: the destination host
 *
 * "The destination needs at least as many logical processors as the largest VM has virtual
 * processors; VMs with saved state need the same processor manufacturer and compatible
 * steppings" [PTM].  Required: the largest vCPU count over every VM and snapshot configuration
 * (Compare-VM checks both); a VM above the destination's logical processors fails.  Every VM with
 * a saved state (its own or a snapshot's) is compared with the destination processor: another
 * manufacturer fails; another family or model fails unless processor compatibility for migration
 * is on; another stepping warns; anything unknown warns.  Where both hosts carry a libvirt `<cpu>`
 * description, libvirt's feature comparison decides instead, and plan->processor_method says so.
 * The requirement's VMs are the saved-state VMs.
 */
void
hvp_check_processor (HvpPlan *plan, const HvpInventory *source, const HvpHost *destination)
{
  HvpRequirement *requirement = &plan->requirements[HVP_REQUIREMENT_PROCESSOR];
  guint available = destination->logical_processors;
  guint required = 0;

  requirement->available = available;
  for (guint h = 0; h < source->hosts->len; h++)
    {
      const HvpHost *host = g_ptr_array_index (source->hosts, h);
      HvpCpuComparison comparison = HVP_CPU_COMPARISON_UNKNOWN;
      gboolean compared = FALSE;

      for (guint v = 0; v < host->vms->len; v++)
        {
          const HvpVm *vm = g_ptr_array_index (host->vms, v);

          required = MAX (required, hvp_vm_max_vcpus (vm));
          if (available > 0)
            check_vcpus (plan, vm, available, hvp_host_label (destination));
          if (hvp_vm_has_saved_state (vm))
            {
              hvp_requirement_add_vm (requirement, hvp_vm_label (vm));
              if (!compared)
                comparison = compare_cpu_descriptions (plan, host, destination);
              compared = TRUE;
              check_saved_state (plan, vm, host, destination, comparison);
            }
        }
    }
  requirement->required = required;

  if (available == 0 && required > 0)
    hvp_plan_add_finding (plan, HVP_VERDICT_WARN, HVP_REQUIREMENT_PROCESSOR, NULL,
                          "logical processors of '%s' unknown: the largest VM has %u virtual "
                          "processors; add the count to the destination inventory",
                          hvp_host_label (destination), required);
}
