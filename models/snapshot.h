/* hvplan: a checkpoint (snapshot) of a VM. */
#pragma once

#include <glib.h>

#include "models/field.h"

#include "models/memory.h"

G_BEGIN_DECLS

/**
 * HvpSnapshot:
 * @id: snapshot id (Hyper-V: the GUID of `Snapshots\<GUID>.xml`; libvirt: the snapshot name)
 * @name: display name
 * @parent_id: (nullable): id of the parent snapshot; %NULL for a root
 * @creation_time: seconds since the Unix epoch (UTC); 0 when unknown
 * @saved_state: %TRUE when the snapshot holds a memory image (taken while the VM ran)
 * @saved_state_bytes: bytes of its saved-state files; 0 when unknown
 * @vcpus: virtual processors in the snapshot's configuration; 0 when unknown
 * @memory: memory in the snapshot's configuration
 * @drives: (element-type HvpDrive): hard disk drives of the snapshot's configuration
 * @parent: (nullable): the parent snapshot, borrowed; set by hvp_vm_link_snapshots()
 * @children: (element-type HvpSnapshot): borrowed, sorted by creation time then name
 *
 * One checkpoint.  A VM owns its snapshots in a flat list; hvp_vm_link_snapshots() links them
 * into a tree.
 */
typedef struct _HvpSnapshot HvpSnapshot;
struct _HvpSnapshot {
  char *id;
  char *name;
  char *parent_id;
  gint64 creation_time;
  gboolean saved_state;
  guint64 saved_state_bytes;
  guint vcpus;
  HvpMemory memory;
  GPtrArray *drives;
  HvpSnapshot *parent;
  GPtrArray *children;
};

HvpSnapshot *hvp_snapshot_new (const char *id, const char *name);
void hvp_snapshot_free (HvpSnapshot *snapshot);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpSnapshot, hvp_snapshot_free)

extern const HvpFieldTable hvp_snapshot_fields;

G_END_DECLS
