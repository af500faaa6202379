/* hvplan: a VM's memory configuration (static or Hyper-V dynamic memory). */
#pragma once

#include <glib.h>

#include "models/field.h"

G_BEGIN_DECLS

/**
 * HvpMemory:
 * @dynamic: %TRUE when dynamic memory is enabled
 * @startup_bytes: the static size, or dynamic memory's startup RAM
 * @minimum_bytes: dynamic minimum RAM (0 for static memory)
 * @maximum_bytes: dynamic maximum RAM (0 for static memory)
 *
 * Memory of a VM or snapshot, in bytes.  Hyper-V XML records MB (`settings/memory/bank/size`,
 * `reservation`, `limit`), PowerShell bytes, libvirt KiB: collectors convert.
 */
typedef struct {
  gboolean dynamic;
  guint64 startup_bytes;
  guint64 minimum_bytes;
  guint64 maximum_bytes;
} HvpMemory;

gboolean hvp_memory_validate (const HvpMemory *memory, GError **error);

extern const HvpFieldTable hvp_memory_fields;

G_END_DECLS
