#include "models/snapshot.h"

#include "models/drive.h"

/**
 * hvp_snapshot_new:
 * @id: snapshot id
 * @name: (nullable): display name
 *
 * Returns: (transfer full): a root snapshot without saved state, drives or children
 */
HvpSnapshot *
hvp_snapshot_new (const char *id, const char *name)
{
  HvpSnapshot *snapshot = g_new0 (HvpSnapshot, 1);

  snapshot->id = g_strdup (id);
  snapshot->name = g_strdup (name);
  snapshot->drives = g_ptr_array_new_with_free_func ((GDestroyNotify) hvp_drive_free);
  snapshot->children = g_ptr_array_new ();
  return snapshot;
}

/**
 * hvp_snapshot_free:
 * @snapshot: (nullable) (transfer full): a snapshot; its parent and children are not freed (the
 *   VM owns them)
 */
void
hvp_snapshot_free (HvpSnapshot *snapshot)
{
  if (snapshot == NULL)
    return;
  g_free (snapshot->id);
  g_free (snapshot->name);
  g_free (snapshot->parent_id);
  g_ptr_array_unref (snapshot->drives);
  g_ptr_array_unref (snapshot->children);
  g_free (snapshot);
}
