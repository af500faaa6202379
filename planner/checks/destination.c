/* hvplan: what a destination host's own VMs already take, counted by every check and by the
 * placement over several hosts.  "Hyper-V: Prepare to Migrate" (Windows Server 2012 migration
 * guide) sums the memory of every VM that runs at the same time: the VMs a destination already
 * runs run at the same time as those migrated to it. */
#include "planner/checks/checks.h"

#include <string.h>

/* Every VM is counted under --concurrent all; otherwise a destination VM counts unless it was
 * off (--concurrent NAMES names source VMs: the destination's running VMs still run). */
static gboolean
destination_vm_is_concurrent (const HvpVm *vm, const HvpPlanOptions *options)
{
  return options->concurrency == HVP_CONCURRENCY_ALL || vm->state != HVP_VM_STATE_OFF;
}

static void
count_uplink (const char *name, gboolean is_switch, gpointer user_data)
{
  (void) is_switch;
  g_hash_table_add (user_data, (gpointer) name);
}

/* Memory and vCPUs of one concurrent destination VM into @use. */
static void
add_concurrent_vm (HvpDestinationUse *use, const HvpVm *vm, const HvpPlanOptions *options)
{
  guint64 memory = hvp_vm_policy_memory_bytes (vm, options->memory_policy);
  guint64 overhead = hvp_plan_options_vm_overhead (options, memory);
  guint vcpus = hvp_vm_max_vcpus (vm);

  use->concurrent++;
  use->memory_bytes = hvp_add_saturating (use->memory_bytes, memory);
  use->overhead_bytes = hvp_add_saturating (use->overhead_bytes, overhead);
  use->largest_memory_bytes = MAX (use->largest_memory_bytes,
                                   hvp_add_saturating (memory, overhead));
  use->vcpus = hvp_add_saturating (use->vcpus, vcpus);
  use->largest_vcpus = MAX (use->largest_vcpus, vcpus);
}

/**
 * hvp_destination_use_measure:
 * @destination: a destination host, with the VMs it already runs (usually none)
 * @options: planner options (memory policy, concurrency, overhead)
 * @ret_use: (out caller-allocates): what those VMs take
 *
 * Counts the destination's own VMs as the memory check counts source VMs: memory under
 * #HvpMemoryPolicy plus the per-VM overhead and their largest vCPU count, for the VMs that run
 * at the same time (every VM under %HVP_CONCURRENCY_ALL, else every VM that was not off, a VM of
 * unknown state included); the files of its disk table (each once, with what dynamic and
 * differencing disks can still grow by) whether the VM runs or not; and the physical NICs of the
 * External switches its VMs' connected adapters use (hvp_vm_visit_uplinks()).
 */
void
hvp_destination_use_measure (const HvpHost *destination, const HvpPlanOptions *options,
                             HvpDestinationUse *ret_use)
{
  g_autoptr (GHashTable) uplinks = g_hash_table_new (g_str_hash, g_str_equal);
  HvpDestinationUse use = { 0 };

  g_return_if_fail (destination != NULL && options != NULL && ret_use != NULL);

  use.vms = destination->vms->len;
  for (guint v = 0; v < destination->vms->len; v++)
    {
      const HvpVm *vm = g_ptr_array_index (destination->vms, v);

      if (destination_vm_is_concurrent (vm, options))
        add_concurrent_vm (&use, vm, options);
      hvp_vm_visit_uplinks (destination, vm, count_uplink, uplinks);
    }
  for (guint d = 0; d < destination->disks->len; d++)
    {
      const HvpDisk *disk = g_ptr_array_index (destination->disks, d);

      use.storage_bytes = hvp_add_saturating (use.storage_bytes, disk->file_size_bytes);
      use.growth_bytes = hvp_add_saturating (use.growth_bytes,
                                             hvp_disk_worst_case_bytes (disk)
                                               - disk->file_size_bytes);
    }
  use.nics = g_hash_table_size (uplinks);
  *ret_use = use;
}

/* Whether @path lies on the volume at @root ("D:\\", "/var/lib/libvirt"): a prefix ending at a
 * separator, compared without case for Windows paths. */
static gboolean
path_on_volume (const char *path, const char *root)
{
  gsize length = strlen (root);
  gboolean windows = hvp_path_is_windows (root);

  if (length == 0 || strlen (path) < length)
    return FALSE;
  if (windows ? g_ascii_strncasecmp (path, root, length) != 0 : strncmp (path, root, length) != 0)
    return FALSE;
  return root[length - 1] == '\\' || root[length - 1] == '/' || path[length] == '\0'
         || path[length] == '\\' || path[length] == '/';
}

/* The volume of @destination whose root is the longest prefix of @path, or %NULL. */
static const HvpVolume *
volume_of (const HvpHost *destination, const char *path)
{
  const HvpVolume *best = NULL;

  for (guint i = 0; i < destination->volumes->len; i++)
    {
      const HvpVolume *volume = g_ptr_array_index (destination->volumes, i);

      if (volume->path != NULL && path_on_volume (path, volume->path)
          && (best == NULL || strlen (volume->path) > strlen (best->path)))
        best = volume;
    }
  return best;
}

/**
 * hvp_destination_volume_free_bytes:
 * @destination: a destination host
 * @volume: one of its volumes
 *
 * The free space of @volume with the destination's own virtual hard disk files counted as used:
 * at most its capacity less the files of the destination's disk table that lie on it (the volume
 * whose root is the longest prefix of the file's path).  A volume whose free space already leaves
 * room for the files (as a collected one does) keeps it; one whose capacity is unknown (0) keeps
 * its free space.
 *
 * Returns: bytes free for migrated files
 */
guint64
hvp_destination_volume_free_bytes (const HvpHost *destination, const HvpVolume *volume)
{
  guint64 files = 0;

  g_return_val_if_fail (destination != NULL && volume != NULL, 0);

  if (volume->capacity_bytes == 0 || destination->disks->len == 0)
    return volume->free_bytes;
  for (guint d = 0; d < destination->disks->len; d++)
    {
      const HvpDisk *disk = g_ptr_array_index (destination->disks, d);

      if (disk->path != NULL && volume_of (destination, disk->path) == volume)
        files = hvp_add_saturating (files, disk->file_size_bytes);
    }
  if (files >= volume->capacity_bytes)
    return 0;
  return MIN (volume->free_bytes, volume->capacity_bytes - files);
}
