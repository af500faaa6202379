/* What the unit tests of planner/sizing/ (placement, first fit, the norm packer) share: VMs and
 * hosts in GiB, and the check that a placement is valid. */
#pragma once

#include <glib.h>

#include "planner/sizing/placement.h"

#define GIB (G_GUINT64_CONSTANT (1) << 30)

static inline HvpPlacementItem
item (guint64 memory_gib, guint64 vcpus, guint64 storage_gib)
{
  return (HvpPlacementItem) { memory_gib * GIB, vcpus, storage_gib * GIB, 0, (guint) vcpus, 0 };
}

static inline HvpPlacementBin
host (guint64 memory_gib, guint64 vcpus, guint64 storage_gib, guint nics)
{
  return (HvpPlacementBin) { memory_gib * GIB, vcpus, storage_gib * GIB, nics, (guint) vcpus, 0 };
}

/* Every item on at most one host, no host over any capacity, usage consistent with the items. */
static inline void
assert_valid (const HvpPlacement *placement, const HvpPlacementItem *items, guint n_items,
              const HvpPlacementBin *hosts, gboolean identical)
{
  g_autofree HvpPlacementUsage *usage = g_new0 (HvpPlacementUsage, MAX (placement->n_hosts, 1u));
  guint unplaced = 0;

  for (guint i = 0; i < n_items; i++)
    {
      guint h = placement->host_of[i];

      if (h == G_MAXUINT)
        {
          unplaced++;
          continue;
        }
      g_assert_cmpuint (h, <, placement->n_hosts);
      usage[h].memory_bytes += items[i].memory_bytes;
      usage[h].vcpus += items[i].vcpus;
      usage[h].storage_bytes += items[i].storage_bytes;
      usage[h].uplinks |= items[i].uplinks;
      usage[h].vms++;
    }
  g_assert_cmpuint (unplaced, ==, placement->n_unplaced);
  for (guint h = 0; h < placement->n_hosts; h++)
    {
      const HvpPlacementBin *bin = identical ? &hosts[0] : &hosts[h];

      g_assert_cmpuint (usage[h].memory_bytes, ==, placement->usage[h].memory_bytes);
      g_assert_cmpuint (usage[h].vcpus, ==, placement->usage[h].vcpus);
      g_assert_cmpuint (usage[h].storage_bytes, ==, placement->usage[h].storage_bytes);
      g_assert_cmpuint (usage[h].vms, ==, placement->usage[h].vms);
      g_assert_cmpuint (usage[h].memory_bytes, <=, bin->memory_bytes);
      g_assert_cmpuint (usage[h].vcpus, <=, bin->vcpus);
      g_assert_cmpuint (usage[h].storage_bytes, <=, bin->storage_bytes);
      g_assert_cmpuint (__builtin_popcountll (usage[h].uplinks), <=, bin->nics);
    }
}

/* Hosts of 10 vCPUs and 10 GiB of storage, memory plentiful; five VMs (vCPUs, storage): v0 (1, 1),
 * v1 (5, 3), v2 (5, 2), v3 (1, 5), v4 (1, 5).  Tight in two resources at once: first fit needs 3
 * hosts, the norm packer 2, the bound (test-norm-pack.c works both out). */
static inline void
tight_pair_instance (HvpPlacementItem items[5], HvpPlacementBin *ret_bin)
{
  items[0] = item (1, 1, 1);
  items[1] = item (1, 5, 3);
  items[2] = item (1, 5, 2);
  items[3] = item (1, 1, 5);
  items[4] = item (1, 1, 5);
  *ret_bin = host (100, 10, 10, 4);
}
