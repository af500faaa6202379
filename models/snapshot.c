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

/* The fields of a snapshot (models/README.md, "snapshots"). */
static const HvpField snapshot_fields[] = {
  HVP_FIELD_ROW (HvpSnapshot, id, HVP_FIELD_STRING,
                 HVP_FIELD_REQUIRED | HVP_FIELD_NULLABLE | HVP_FIELD_FOLD_CASE),
  HVP_FIELD_ROW (HvpSnapshot, name, HVP_FIELD_STRING, HVP_FIELD_NULLABLE),
  HVP_FIELD_ROW (HvpSnapshot, parent_id, HVP_FIELD_STRING,
                 HVP_FIELD_NULLABLE | HVP_FIELD_REFERENCE),
  HVP_FIELD_ROW (HvpSnapshot, creation_time, HVP_FIELD_TIME, HVP_FIELD_OPTIONAL),
  HVP_FIELD_ROW (HvpSnapshot, saved_state, HVP_FIELD_BOOL, HVP_FIELD_OPTIONAL),
  HVP_FIELD_ROW (HvpSnapshot, saved_state_bytes, HVP_FIELD_BYTES, HVP_FIELD_OPTIONAL),
  HVP_FIELD_ROW (HvpSnapshot, vcpus, HVP_FIELD_COUNT, HVP_FIELD_OPTIONAL),
  HVP_FIELD_OBJECT_ROW (HvpSnapshot, memory, &hvp_memory_fields),
  HVP_FIELD_ARRAY_ROW (HvpSnapshot, drives, HVP_FIELD_WHOLE, &hvp_drive_fields),
};

/**
 * hvp_snapshot_fields:
 *
 * The fields of #HvpSnapshot in the canonical inventory document, in order.
 */
const HvpFieldTable hvp_snapshot_fields = HVP_FIELD_TABLE ("snapshot", snapshot_fields);
