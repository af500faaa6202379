/* hvplan: what the placement's files share (placement.c, first-fit.c, norm-pack.c), not for use
 * outside planner/sizing/.
 *
 * placement.c holds the placement object, the order, the lower bound and the failover check, and
 * chooses among the packings; first-fit.c packs VMs host by host over a segment tree (first fit
 * and spread) and empties the least loaded hosts; norm-pack.c fills identical hosts one at a time
 * with the VMs whose shape matches the room left.  placement.c calls the other two, norm-pack.c
 * calls first-fit.c for its emptying pass, and neither calls back.  The tests of an item against a
 * host are inline here: they run once per candidate in the inner loops. */
#pragma once

#include "planner/sizing/placement.h"

G_BEGIN_DECLS

static inline guint
hvp_popcount64 (guint64 bits)
{
  return (guint) __builtin_popcountll (bits);
}

/* The processor groups of @host: bit 0 ("any processor") always set. */
static inline guint64
hvp_placement_bin_groups (const HvpPlacementBin *host)
{
  return host->processor_groups | 1;
}

/* The last test of hvp_placement_item_fits(): whether @host has the NICs for the uplinks of
 * @item and of @usage together. */
static inline gboolean
hvp_placement_item_fits_uplinks (const HvpPlacementItem *item, const HvpPlacementBin *host,
                                 const HvpPlacementUsage *usage)
{
  return (item->uplinks & ~usage->uplinks) == 0
         || hvp_popcount64 (usage->uplinks | item->uplinks) <= host->nics;
}

/* Whether @item fits @host that holds @usage already. */
static inline gboolean
hvp_placement_item_fits (const HvpPlacementItem *item, const HvpPlacementBin *host,
                         const HvpPlacementUsage *usage)
{
  return item->memory_bytes <= host->memory_bytes - usage->memory_bytes
         && item->vcpus <= host->vcpus - usage->vcpus
         && item->storage_bytes <= host->storage_bytes - usage->storage_bytes
         && item->largest_vcpus <= host->logical_processors
         && (hvp_placement_bin_groups (host) >> item->processor_group & 1) != 0
         && hvp_placement_item_fits_uplinks (item, host, usage);
}

/* hvp_placement_item_fits_empty() without the argument checks: %TRUE when @item fits @host
 * holding nothing else, else the first resource short in @ret_resource (optional). */
static inline gboolean
hvp_placement_item_fits_empty_host (const HvpPlacementItem *item, const HvpPlacementBin *host,
                                    HvpResource *ret_resource)
{
  HvpResource resource;

  if (item->memory_bytes > host->memory_bytes)
    resource = HVP_RESOURCE_MEMORY;
  else if (item->vcpus > host->vcpus || item->largest_vcpus > host->logical_processors
           || (hvp_placement_bin_groups (host) >> item->processor_group & 1) == 0)
    resource = HVP_RESOURCE_PROCESSORS;
  else if (item->storage_bytes > host->storage_bytes)
    resource = HVP_RESOURCE_STORAGE;
  else if (hvp_popcount64 (item->uplinks) > host->nics)
    resource = HVP_RESOURCE_NICS;
  else
    return TRUE;
  if (ret_resource != NULL)
    *ret_resource = resource;
  return FALSE;
}

/* @demand as a share of @capacity: 0 for no demand, G_MAXDOUBLE for none of that capacity. */
static inline double
hvp_placement_share (guint64 demand, guint64 capacity)
{
  if (demand == 0)
    return 0;
  if (capacity == 0)
    return G_MAXDOUBLE;
  return (double) demand / (double) capacity;
}

/* Adds @item to @usage (one VM more). */
static inline void
hvp_placement_usage_add (HvpPlacementUsage *usage, const HvpPlacementItem *item)
{
  usage->memory_bytes += item->memory_bytes;
  usage->vcpus += item->vcpus;
  usage->storage_bytes += item->storage_bytes;
  usage->uplinks |= item->uplinks;
  usage->vms++;
  usage->largest_memory_bytes = MAX (usage->largest_memory_bytes, item->memory_bytes);
  usage->largest_vcpus = MAX (usage->largest_vcpus, item->vcpus);
}

/* Sort order: a share descending, then memory descending, then an index ascending. */
typedef struct {
  double share;
  guint64 memory_bytes;
  guint index;
} HvpPlacementSortKey;

static inline int
hvp_placement_sort_key_compare (const void *a, const void *b)
{
  const HvpPlacementSortKey *x = a;
  const HvpPlacementSortKey *y = b;

  if (x->share != y->share)
    return x->share > y->share ? -1 : 1;
  if (x->memory_bytes != y->memory_bytes)
    return x->memory_bytes > y->memory_bytes ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* The first of the @n @shares at most @limit (share p at @shares[p × @stride]: 1 for an array of
 * shares, more where each is a field of a larger element), by binary search over shares that
 * descend (where they do not, as in the norm packer's buckets, an approximate start that depends
 * on the probes).  The search's path, and so its answer, is the same for every limit in
 * [*@ret_low, *@ret_high): each probe that went right bounds the limits from above (they are below
 * its share), each that went left from below (at least its share). */
static inline guint
hvp_placement_first_share_at_most (const double *shares, gsize stride, guint n, double limit,
                                   double *ret_low, double *ret_high)
{
  guint low = 0, high = n;
  double low_limit = -G_MAXDOUBLE, high_limit = G_MAXDOUBLE;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      double share = shares[middle * stride];

      if (share > limit)
        {
          low = middle + 1;
          high_limit = MIN (high_limit, share);
        }
      else
        {
          high = middle;
          low_limit = MAX (low_limit, share);
        }
    }
  *ret_low = low_limit;
  *ret_high = high_limit;
  return low;
}

/* A remembered answer of hvp_placement_first_share_at_most(): @start for every limit in
 * [@low, @high). */
typedef struct {
  double low;
  double high;
  guint start;
} HvpShareStart;

/* An empty range: the first hvp_placement_share_start() searches. */
#define HVP_SHARE_START_INIT ((HvpShareStart) { 1, 0, 0 })

/* hvp_placement_first_share_at_most() of @shares, @stride and @limit through @memo (one per
 * series of searches of the same @shares): the same answer, the search made only when @limit is
 * outside the range of the one remembered.  The norm packer's limits of one size class change
 * little from one VM to the next on a host, and each new host starts from the same ones (its free
 * shares are all 1). */
static inline guint
hvp_placement_share_start (const double *shares, gsize stride, guint n, double limit,
                           HvpShareStart *memo)
{
  if (!(limit >= memo->low && limit < memo->high))
    memo->start = hvp_placement_first_share_at_most (shares, stride, n, limit, &memo->low,
                                                     &memo->high);
  return memo->start;
}

HvpPlacement *hvp_placement_first_fit (const HvpPlacementItem *items, guint n_items,
                                       const HvpPlacementBin *hosts, guint n_hosts,
                                       gboolean identical, HvpPlacementPolicy policy,
                                       const guint *order, guint bound, gboolean all_or_nothing);
void hvp_placement_empty_hosts (const HvpPlacementItem *items, guint n_items,
                                const HvpPlacementBin *host, const guint *order,
                                HvpPlacement *placement, const HvpPlacementUsage *usage,
                                guint n_used);
HvpPlacement *hvp_placement_norm_pack (const HvpPlacementItem *items, guint n_items,
                                       const HvpPlacementBin *host, const guint *order,
                                       guint bound);

G_END_DECLS
