/* hvplan: the storage check of "Hyper-V: Prepare to Migrate" (Windows Server 2012 migration guide,
 * ms.assetid 00959060-30f1-4578-8068-89d4d58f137c): every file once, saved states, headroom. */
#include "planner/checks/checks.h"

#include <string.h>

typedef struct {
  HvpPlan *plan;
  GHashTable *counted;       /* HvpDisk * of the host being walked already counted */
  const HvpHost *host;       /* that host */
  GHashTable *unknown;       /* paths of files of unknown size, already noted */
  GPtrArray *unknown_paths;  /* the same, in the order met */
  GPtrArray *unknown_vms;    /* VMs using them */
  GHashTable *unknown_vm_set; /* the same, to add each once */
  guint64 files_bytes;
  guint64 worst_case_bytes;
  guint64 saved_bytes;       /* saved states, placeholders included */
  const HvpDisk *largest;
  const char *largest_vm;
} StorageWalk;

static void
note_unknown (StorageWalk *walk, const char *path, const char *vm)
{
  if (g_hash_table_add (walk->unknown, (gpointer) path))
    g_ptr_array_add (walk->unknown_paths, (gpointer) path);
  if (g_hash_table_add (walk->unknown_vm_set, (gpointer) vm))
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
 * Available is the free space of all destination volumes, the destination's own VMs' files
 * counted as used (hvp_destination_volume_free_bytes()); what its own dynamic and differencing
 * disks can still grow by adds to the worst case.  Fail when the requirement exceeds it or
 * the largest file fits no single volume; warn when the worst case exceeds it, sizes are unknown
 * or the destination lists no volumes.
 */
/* Measures one VM: its drives' and its snapshots' drives' files not counted before, and its saved
 * states, into @walk and its row. */
static void
measure_vm (const HvpHost *host, const HvpVm *vm, HvpPlanVm *plan_vm, gpointer user_data)
{
  StorageWalk *walk = user_data;
  const char *name = hvp_vm_label (vm);
  guint64 placeholder_bytes;
  guint64 vm_saved_bytes;
  guint64 bytes;

  /* A host's disks are its own objects (models/host.c) and a chain stays on its host: the set of
   * files counted holds one host's at a time, small enough to stay in cache (at 1,000,000 VMs
   * one set of every disk was a fifth of this check). */
  if (walk->host != host)
    {
      g_hash_table_remove_all (walk->counted);
      walk->host = host;
    }
  bytes = walk_drives (walk, host, vm->drives, name);
  for (guint s = 0; s < vm->snapshots->len; s++)
    {
      const HvpSnapshot *snapshot = g_ptr_array_index (vm->snapshots, s);

      bytes = hvp_add_saturating (bytes, walk_drives (walk, host, snapshot->drives, name));
    }
  vm_saved_bytes = saved_state_bytes (vm, &placeholder_bytes);
  if (placeholder_bytes != 0)
    {
      g_autofree char *size = hvp_format_gib (placeholder_bytes);

      hvp_plan_add_finding (walk->plan, HVP_VERDICT_INFO, HVP_REQUIREMENT_STORAGE, name,
                            "size of saved state unknown: counted as the memory it holds, %s",
                            size);
    }
  walk->saved_bytes = hvp_add_saturating (walk->saved_bytes, vm_saved_bytes);
  plan_vm->storage_bytes = hvp_add_saturating (bytes, vm_saved_bytes);
}

/* The destination's free space (its own VMs' files counted as used:
 * hvp_destination_volume_free_bytes()), summed into @requirement; returns its largest volume and
 * that volume's free space in @ret_largest_free. */
static const HvpVolume *
measure_volumes (HvpRequirement *requirement, const HvpHost *destination,
                 guint64 *ret_largest_free)
{
  const HvpVolume *largest_volume = NULL;
  guint64 largest_free = 0;

  for (guint i = 0; i < destination->volumes->len; i++)
    {
      const HvpVolume *volume = g_ptr_array_index (destination->volumes, i);
      guint64 free_bytes = hvp_destination_volume_free_bytes (destination, volume);

      requirement->available = hvp_add_saturating (requirement->available, free_bytes);
      if (largest_volume == NULL || free_bytes > largest_free)
        {
          largest_volume = volume;
          largest_free = free_bytes;
        }
    }
  *ret_largest_free = largest_free;
  return largest_volume;
}

/* Required and worst case: files and saved states, plus the headroom percentage of each. */
static void
add_headroom (HvpPlan *plan, HvpRequirement *requirement, const StorageWalk *walk)
{
  guint percent = plan->options->storage_headroom_percent;
  guint64 worst_headroom;

  requirement->required = hvp_add_saturating (walk->files_bytes, walk->saved_bytes);
  plan->storage_headroom_bytes = hvp_percent_of (requirement->required, percent);
  requirement->required = hvp_add_saturating (requirement->required,
                                               plan->storage_headroom_bytes);
  requirement->worst_case = hvp_add_saturating (walk->worst_case_bytes, walk->saved_bytes);
  worst_headroom = hvp_percent_of (requirement->worst_case, percent);
  requirement->worst_case = hvp_add_saturating (requirement->worst_case, worst_headroom);
}

static void
judge_unknown_sizes (HvpPlan *plan, HvpRequirement *requirement, const StorageWalk *walk)
{
  g_autofree char *paths = NULL;

  if (walk->unknown_paths->len == 0)
    return;
  paths = hvp_finding_quote_names (walk->unknown_paths);
  for (guint i = 0; i < walk->unknown_vms->len; i++)
    hvp_requirement_add_vm (requirement, g_ptr_array_index (walk->unknown_vms, i));
  if (walk->unknown_paths->len == 1)
    hvp_plan_add_finding (plan, HVP_VERDICT_WARN, HVP_REQUIREMENT_STORAGE, NULL,
                          "size of 1 virtual hard disk unknown: %s: it counts as 0 bytes; "
                          "make the file readable (--path-map) and plan again", paths);
  else
    hvp_plan_add_finding (plan, HVP_VERDICT_WARN, HVP_REQUIREMENT_STORAGE, NULL,
                          "sizes of %u virtual hard disks unknown: %s: they count as 0 bytes; "
                          "make the files readable (--path-map) and plan again",
                          walk->unknown_paths->len, paths);
}

/* Fail when the requirement exceeds the free space of all volumes, warn when the worst case
 * does. */
static void
judge_free_space (HvpPlan *plan, const HvpRequirement *requirement, const StorageWalk *walk,
                  const HvpHost *destination)
{
  g_autofree char *available = hvp_format_gib (requirement->available);

  if (requirement->required > requirement->available)
    {
      g_autofree char *required = hvp_format_gib (requirement->required);
      g_autofree char *files = hvp_format_gib (walk->files_bytes);
      g_autofree char *saved = hvp_format_gib (walk->saved_bytes);
      g_autofree char *headroom = hvp_format_gib (plan->storage_headroom_bytes);

      hvp_plan_add_finding (plan, HVP_VERDICT_FAIL, HVP_REQUIREMENT_STORAGE, NULL,
                            "storage needs %s (virtual hard disks %s, saved states %s, "
                            "%u %% headroom %s), the volumes of '%s' have %s free: add storage, "
                            "or merge or delete checkpoints before migration",
                            required, files, saved, plan->options->storage_headroom_percent,
                            headroom, hvp_host_label (destination), available);
    }
  else if (requirement->worst_case > requirement->available)
    {
      g_autofree char *worst = hvp_format_gib (requirement->worst_case);

      hvp_plan_add_finding (plan, HVP_VERDICT_WARN, HVP_REQUIREMENT_STORAGE, NULL,
                            "dynamic and differencing disks can grow to need %s with headroom, "
                            "the volumes of '%s' have %s free: VMs pause when a volume fills; "
                            "watch free space or convert the disks to fixed",
                            worst, hvp_host_label (destination), available);
    }
}

/* Fail when the largest file is larger than the free space of the largest volume. */
static void
judge_largest_file (HvpPlan *plan, const StorageWalk *walk, const HvpVolume *largest_volume,
                    guint64 largest_free)
{
  g_autofree char *size = NULL;
  g_autofree char *free_space = NULL;

  if (walk->largest == NULL || largest_volume == NULL
      || walk->largest->file_size_bytes <= largest_free)
    return;
  size = hvp_format_gib (walk->largest->file_size_bytes);
  free_space = hvp_format_gib (largest_free);
  hvp_plan_add_finding (plan, HVP_VERDICT_FAIL, HVP_REQUIREMENT_STORAGE, walk->largest_vm,
                        "file '%s' (%s) fits no destination volume: the largest, '%s', has "
                        "%s free; add a larger volume",
                        walk->largest->path, size, largest_volume->path, free_space);
}

void
hvp_check_storage (HvpPlan *plan, const HvpInventory *source, const HvpHost *destination)
{
  HvpRequirement *requirement = &plan->requirements[HVP_REQUIREMENT_STORAGE];
  g_autoptr (GHashTable) counted = g_hash_table_new (NULL, NULL);
  g_autoptr (GHashTable) unknown = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) unknown_paths = g_ptr_array_new ();
  g_autoptr (GPtrArray) unknown_vms = g_ptr_array_new ();
  g_autoptr (GHashTable) unknown_vm_set = g_hash_table_new (g_str_hash, g_str_equal);
  StorageWalk walk = { plan, counted, NULL, unknown, unknown_paths, unknown_vms, unknown_vm_set,
                       0, 0, 0, NULL, NULL };
  const HvpVolume *largest_volume;
  guint64 largest_free = 0;

  hvp_check_walk_vms (plan, source, measure_vm, &walk);
  largest_volume = measure_volumes (requirement, destination, &largest_free);
  add_headroom (plan, requirement, &walk);
  /* The destination's own dynamic and differencing disks grow into the same free space. */
  requirement->worst_case = hvp_add_saturating (requirement->worst_case,
                                                plan->destination_use.growth_bytes);

  judge_unknown_sizes (plan, requirement, &walk);
  if (destination->volumes->len == 0)
    {
      g_autofree char *required = hvp_format_gib (requirement->required);

      hvp_plan_add_finding (plan, HVP_VERDICT_WARN, HVP_REQUIREMENT_STORAGE, NULL,
                            "destination lists no volumes: storage for %s cannot be checked; "
                            "add the volumes of '%s' to its inventory", required,
                            hvp_host_label (destination));
      return;
    }
  judge_free_space (plan, requirement, &walk, destination);
  judge_largest_file (plan, &walk, largest_volume, largest_free);
}
