/* hvplan: placing VMs on several hosts.
 *
 * Multi-dimensional bin packing: memory, vCPUs and storage add up, External uplinks (physical
 * NICs) are a set union, and a VM with a saved state may only go to a host whose processor can
 * restore it.  Items are sorted by their dominant resource (the largest share of one host's
 * capacity, as in Dominant Resource Fairness), largest first, then put on the first host they fit
 * (first-fit decreasing) or on the fitting host with the most free memory (spread, for failover):
 * first-fit.c.  Identical hosts are also packed bin by bin, each host filled with the VMs whose
 * shape matches its free room (norm-pack.c); hvp_placement_pack() keeps the packing with fewer
 * hosts.  This file holds the placement object, the order, the lower bound, the failover check
 * and that choice. */
#include "planner/sizing/placement-private.h"

#include <stdlib.h>
#include <string.h>

static const char *const resource_names[] = {
  [HVP_RESOURCE_MEMORY] = "memory",
  [HVP_RESOURCE_PROCESSORS] = "processors",
  [HVP_RESOURCE_STORAGE] = "storage",
  [HVP_RESOURCE_NICS] = "nics",
};

/**
 * hvp_resource_to_string:
 * @resource: a resource
 *
 * Returns: (transfer none): "memory", "processors", "storage" or "nics" (the names of
 *   `hvplan-size/1`)
 */
const char *
hvp_resource_to_string (HvpResource resource)
{
  if ((guint) resource >= G_N_ELEMENTS (resource_names))
    return "memory";
  return resource_names[resource];
}

/**
 * hvp_placement_usage_nics:
 * @usage: what one host holds
 *
 * Returns: the physical NICs the host's VMs take: its distinct External uplinks
 */
guint
hvp_placement_usage_nics (const HvpPlacementUsage *usage)
{
  g_return_val_if_fail (usage != NULL, 0);

  return hvp_popcount64 (usage->uplinks);
}

/**
 * hvp_placement_item_fits_empty:
 * @item: a VM's demand
 * @host: a host's capacity
 * @ret_resource: (out) (optional): when it does not fit, the first resource that is short:
 *   memory, processors (vCPU capacity or logical processors; also an incompatible processor for a
 *   saved state), storage, nics
 *
 * Returns: %TRUE when @item fits @host holding nothing else
 */
gboolean
hvp_placement_item_fits_empty (const HvpPlacementItem *item, const HvpPlacementBin *host,
                               HvpResource *ret_resource)
{
  g_return_val_if_fail (item != NULL && host != NULL, FALSE);

  return hvp_placement_item_fits_empty_host (item, host, ret_resource);
}

/* The reference host for dominant shares: the model, or the largest capacity per resource. */
static HvpPlacementBin
reference_host (const HvpPlacementBin *hosts, guint n_hosts, gboolean identical)
{
  HvpPlacementBin reference = hosts[0];

  for (guint i = 1; !identical && i < n_hosts; i++)
    {
      reference.memory_bytes = MAX (reference.memory_bytes, hosts[i].memory_bytes);
      reference.vcpus = MAX (reference.vcpus, hosts[i].vcpus);
      reference.storage_bytes = MAX (reference.storage_bytes, hosts[i].storage_bytes);
      reference.nics = MAX (reference.nics, hosts[i].nics);
    }
  return reference;
}

/* Distinct (share, memory) pairs order_by_keys() groups before it gives up for qsort(). */
#define DISTINCT_KEYS_MAX 1024
#define DISTINCT_SLOTS (4 * DISTINCT_KEYS_MAX)

static guint
key_slot (const HvpPlacementSortKey *key)
{
  guint64 bits;

  memcpy (&bits, &key->share, sizeof bits);
  bits ^= key->memory_bytes * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  bits *= G_GUINT64_CONSTANT (0xFF51AFD7ED558CCD);
  return (guint) (bits >> 40) & (DISTINCT_SLOTS - 1);
}

/* Gives each of the @n @keys the number of its (share, memory) pair in @ret_group, and the first
 * key of each pair in @ret_distinct; returns how many pairs there are, or 0 when there are more
 * than DISTINCT_KEYS_MAX. */
static guint
group_keys (const HvpPlacementSortKey *keys, guint n, guint *ret_group,
            HvpPlacementSortKey *ret_distinct)
{
  g_autofree guint *slots = g_new (guint, DISTINCT_SLOTS);
  guint n_distinct = 0;

  memset (slots, 0xff, DISTINCT_SLOTS * sizeof *slots);
  for (guint i = 0; i < n; i++)
    {
      guint slot = key_slot (&keys[i]);

      for (;; slot = (slot + 1) & (DISTINCT_SLOTS - 1))
        {
          const HvpPlacementSortKey *seen;

          if (slots[slot] == G_MAXUINT)
            {
              if (n_distinct == DISTINCT_KEYS_MAX)
                return 0;
              slots[slot] = n_distinct;
              ret_distinct[n_distinct++] = keys[i];
              break;
            }
          seen = &ret_distinct[slots[slot]];
          if (seen->share == keys[i].share && seen->memory_bytes == keys[i].memory_bytes)
            break;
        }
      ret_group[i] = slots[slot];
    }
  return n_distinct;
}

/* Writes the indices of @keys, sorted by hvp_placement_sort_key_compare(), to @ret_order; the
 * indices of @keys ascend with their position.  Generated and real estates repeat a few VM shapes
 * (templates), so the keys are first grouped by (share, memory): with at most DISTINCT_KEYS_MAX
 * pairs, the pairs alone are sorted, and the keys are then laid out pair by pair in their own
 * order (a counting sort, stable, so ties keep their indices ascending): the same order as qsort()
 * of every key, in O(n + pairs log pairs).  With more pairs, qsort(). */
static void
order_by_keys (HvpPlacementSortKey *keys, guint n, guint *ret_order)
{
  g_autofree guint *group = g_new (guint, MAX (n, 1u));
  g_autofree HvpPlacementSortKey *distinct = g_new (HvpPlacementSortKey, DISTINCT_KEYS_MAX);
  guint start[DISTINCT_KEYS_MAX + 1] = { 0 };
  guint rank[DISTINCT_KEYS_MAX];
  guint n_distinct = group_keys (keys, n, group, distinct);

  if (n_distinct == 0)
    {
      qsort (keys, n, sizeof *keys, hvp_placement_sort_key_compare);
      for (guint k = 0; k < n; k++)
        ret_order[k] = keys[k].index;
      return;
    }
  for (guint d = 0; d < n_distinct; d++)
    distinct[d].index = d;
  qsort (distinct, n_distinct, sizeof *distinct, hvp_placement_sort_key_compare);
  for (guint r = 0; r < n_distinct; r++)
    rank[distinct[r].index] = r;
  for (guint i = 0; i < n; i++)
    start[rank[group[i]] + 1]++;
  for (guint r = 0; r < n_distinct; r++)
    start[r + 1] += start[r];
  for (guint i = 0; i < n; i++)
    ret_order[start[rank[group[i]]]++] = keys[i].index;
}

/* The indices of @items largest first: by the dominant share of the reference host (@weights
 * %NULL), or by the sum of the shares times @weights ("FFDSum" in Panigrahy et al., "Heuristics
 * for Vector Bin Packing", Microsoft Research, 2011); ties by memory, then input order. */
static guint *
sorted_order (const HvpPlacementItem *items, guint n_items, const HvpPlacementBin *reference,
              const double *weights)
{
  g_autofree HvpPlacementSortKey *keys = g_new (HvpPlacementSortKey, MAX (n_items, 1u));
  guint *order = g_new (guint, MAX (n_items, 1u));

  for (guint i = 0; i < n_items; i++)
    {
      const HvpPlacementItem *item = &items[i];
      double shares[HVP_N_RESOURCES] = {
        hvp_placement_share (item->memory_bytes, reference->memory_bytes),
        hvp_placement_share (item->vcpus, reference->vcpus),
        hvp_placement_share (item->storage_bytes, reference->storage_bytes),
        hvp_placement_share (hvp_popcount64 (item->uplinks), reference->nics),
      };
      double key = 0;

      for (guint r = 0; r < HVP_N_RESOURCES; r++)
        key = weights == NULL ? MAX (key, shares[r]) : key + weights[r] * MIN (shares[r], 1e6);
      keys[i] = (HvpPlacementSortKey) { key, item->memory_bytes, i };
    }
  order_by_keys (keys, n_items, order);
  return order;
}

/**
 * hvp_placement_order:
 * @items: (array length=n_items): the VMs' demands
 * @n_items: number of items
 * @hosts: (array length=n_hosts): as for hvp_placement_pack()
 * @n_hosts: as for hvp_placement_pack()
 * @identical: all hosts are copies of @hosts[0]
 *
 * The order in which hvp_placement_pack() and hvp_placement_pack_all() take @items: largest
 * first by dominant share of the reference host (the model, or the largest capacity per resource
 * over @hosts), ties by memory, then input order.  It depends on the items and that reference
 * only: compute it once and pass it to every packing of the same items onto the same hosts
 * (on t/bench/size, sorting 100,000 VMs takes about a quarter of the time of packing them).
 *
 * Returns: (transfer full) (array length=n_items): the item indices in that order; free with
 *   g_free()
 */
guint *
hvp_placement_order (const HvpPlacementItem *items, guint n_items, const HvpPlacementBin *hosts,
                     guint n_hosts, gboolean identical)
{
  HvpPlacementBin reference;

  g_return_val_if_fail (hosts != NULL, NULL);
  g_return_val_if_fail (items != NULL || n_items == 0, NULL);
  g_return_val_if_fail (identical || n_hosts > 0, NULL);

  reference = reference_host (hosts, identical ? 1 : n_hosts, identical);
  return sorted_order (items, n_items, &reference, NULL);
}

/* When first fit of unbounded identical hosts (@first_fit, owned) is above the lower @bound: the
 * norm-based packing, kept when it places as many VMs on fewer hosts; else first fit by the sum
 * of the shares, kept when it places more VMs or as many on fewer hosts.  Returns the packing
 * kept and frees the other. */
static HvpPlacement *
pack_tighter (const HvpPlacementItem *items, guint n_items, const HvpPlacementBin *host,
              const guint *order, guint bound, HvpPlacement *first_fit)
{
  /* The plain sum: on generated estates tight in storage and processors it packs 1 to 4 %
   * tighter than weighting each resource by its total demand (t/bench/size). */
  static const double weights[HVP_N_RESOURCES] = { 1, 1, 1, 1 };
  g_autofree guint *weighted_order = NULL;
  HvpPlacement *other = hvp_placement_norm_pack (items, n_items, host, order, bound);

  if (other->n_unplaced == first_fit->n_unplaced && other->n_hosts < first_fit->n_hosts)
    {
      /* The second order of first fit is tried only when this did not win (on t/bench/size it
       * never beats the norm packing, and costs as much as the first). */
      hvp_placement_free (first_fit);
      return other;
    }
  hvp_placement_free (other);
  weighted_order = sorted_order (items, n_items, host, weights);
  other = hvp_placement_first_fit (items, n_items, host, 0, TRUE, HVP_PLACEMENT_FIRST_FIT,
                                   weighted_order, bound, FALSE);
  if (other->n_unplaced < first_fit->n_unplaced
      || (other->n_unplaced == first_fit->n_unplaced && other->n_hosts < first_fit->n_hosts))
    {
      hvp_placement_free (first_fit);
      return other;
    }
  hvp_placement_free (other);
  return first_fit;
}

/**
 * hvp_placement_pack:
 * @items: (array length=n_items): the VMs' demands
 * @n_items: number of items
 * @hosts: (array length=n_hosts): with @identical, one model host (only @hosts[0] is read);
 *   otherwise the existing hosts, in the order they are filled
 * @n_hosts: with @identical: 0 for as many hosts as needed, else exactly that many; otherwise
 *   the number of @hosts (at least 1)
 * @identical: all hosts are copies of @hosts[0]
 * @policy: first fit (fewest hosts) or spread (balanced load)
 * @order: (array length=n_items) (nullable): hvp_placement_order() of the same arguments, or
 *   %NULL to compute it here
 *
 * Places every item that fits somewhere.  Items are taken largest first (hvp_placement_order());
 * each goes on the first host it fits (%HVP_PLACEMENT_FIRST_FIT) or on the host reached by
 * preferring more free memory (%HVP_PLACEMENT_SPREAD).  For identical hosts, as many as needed,
 * a search that looks at more than 256 tree nodes gives up and tries the 16 hosts
 * opened last, then opens a host; then the least loaded hosts are emptied where the others can
 * take their VMs.  Unless that meets the lower bound, first fit also packs bin by bin (each host
 * filled with the VMs whose shape best matches its free room, Panigrahy et al.'s norm-based
 * greedy) and keeps that when it uses fewer hosts; when it does not, first fit by the sum of the
 * shares, kept when it uses fewer hosts (the dominant order on a tie).  With a fixed number of
 * hosts a search that runs out of budget is repeated without one, in first-fit order whatever the
 * policy, so an item is left unplaced only when it fits no host.  Deterministic.  An item that
 * fits no host (for identical unbounded hosts: does not fit an empty one) is left unplaced.
 *
 * Returns: (transfer full): the placement; free with hvp_placement_free()
 */
HvpPlacement *
hvp_placement_pack (const HvpPlacementItem *items, guint n_items, const HvpPlacementBin *hosts,
                    guint n_hosts, gboolean identical, HvpPlacementPolicy policy,
                    const guint *order)
{
  g_autofree guint *own_order = NULL;
  HvpPlacement *placement;
  guint bound = 0;

  g_return_val_if_fail (hosts != NULL, NULL);
  g_return_val_if_fail (items != NULL || n_items == 0, NULL);
  g_return_val_if_fail (identical || n_hosts > 0, NULL);

  if (order == NULL)
    order = own_order = hvp_placement_order (items, n_items, hosts, n_hosts, identical);
  if (identical && n_hosts == 0)
    bound = hvp_placement_lower_bound (items, n_items, &hosts[0], 0, NULL);
  placement = hvp_placement_first_fit (items, n_items, hosts, n_hosts, identical, policy, order,
                                       bound, FALSE);
  if (identical && n_hosts == 0 && policy == HVP_PLACEMENT_FIRST_FIT && n_items > 1
      && placement->n_hosts > bound)
    placement = pack_tighter (items, n_items, &hosts[0], order, bound, placement);
  return placement;
}

/**
 * hvp_placement_pack_all:
 * @items: (array length=n_items): the VMs' demands
 * @n_items: number of items
 * @hosts: (array length=n_hosts): as for hvp_placement_pack()
 * @n_hosts: as for hvp_placement_pack(), but at least 1
 * @identical: all hosts are copies of @hosts[0]
 * @policy: first fit or spread
 * @order: (array length=n_items) (nullable): hvp_placement_order() of the same arguments, or
 *   %NULL to compute it here
 *
 * hvp_placement_pack() with the dominant order only, for a fixed number of hosts, giving up at
 * the first item that fits nowhere (what trying several host counts needs, cheaply: pass the
 * same @order to each).  The searches that run past their budget spend a pool to which each
 * item adds O(log hosts) tree nodes as its turn comes: when one has spent it, the packing gives
 * up too, so this stays O(n log n) (hvp_placement_pack() with a fixed number of hosts is exact,
 * and may cost more).
 *
 * Returns: (transfer full) (nullable): the placement, or %NULL when an item fits no host or the
 *   search for one spent the pool
 */
HvpPlacement *
hvp_placement_pack_all (const HvpPlacementItem *items, guint n_items,
                        const HvpPlacementBin *hosts, guint n_hosts, gboolean identical,
                        HvpPlacementPolicy policy, const guint *order)
{
  g_autofree guint *own_order = NULL;
  HvpPlacement *placement;

  g_return_val_if_fail (hosts != NULL && n_hosts > 0, NULL);
  g_return_val_if_fail (items != NULL || n_items == 0, NULL);

  if (order == NULL)
    order = own_order = hvp_placement_order (items, n_items, hosts, n_hosts, identical);
  placement = hvp_placement_first_fit (items, n_items, hosts, n_hosts, identical, policy, order,
                                       0, TRUE);
  if (placement->n_unplaced > 0)
    g_clear_pointer (&placement, hvp_placement_free);
  return placement;
}

/**
 * hvp_placement_free:
 * @placement: (nullable) (transfer full): a placement
 */
void
hvp_placement_free (HvpPlacement *placement)
{
  if (placement == NULL)
    return;
  g_free (placement->host_of);
  g_free (placement->usage);
  g_free (placement);
}

static guint
ceil_ratio (guint64 demand, guint64 capacity)
{
  guint64 hosts;

  if (demand == 0)
    return 0;
  if (capacity == 0)
    return G_MAXUINT;
  hosts = demand / capacity + (demand % capacity != 0);
  return hosts >= G_MAXUINT ? G_MAXUINT : (guint) hosts;
}

static guint
add_spare (guint hosts, guint spare)
{
  if (hosts == 0 || hosts == G_MAXUINT)
    return hosts;
  return hosts > G_MAXUINT - spare ? G_MAXUINT : hosts + spare;
}

/**
 * hvp_placement_lower_bound:
 * @items: (array length=n_items): the VMs' demands
 * @n_items: number of items
 * @host: one host's capacity
 * @spare: hosts that may fail (they add to memory and processors, the resources a failed-over VM
 *   takes on its new host; storage and NICs do not move)
 * @ret_per_resource: (out caller-allocates) (optional): the bound of each resource
 *
 * No packing can use fewer identical hosts than, for each resource, total demand / one host's
 * capacity rounded up (plus @spare for memory and processors: after @spare hosts fail, the others
 * still hold every VM); for NICs, the distinct uplinks / NICs per host rounded up.  A resource a
 * host lacks entirely while a VM needs it gives %G_MAXUINT.
 *
 * Returns: the largest of the bounds, at least 1 when there is an item (0 for none)
 */
guint
hvp_placement_lower_bound (const HvpPlacementItem *items, guint n_items,
                           const HvpPlacementBin *host, guint spare,
                           guint ret_per_resource[HVP_N_RESOURCES])
{
  guint64 memory = 0, vcpus = 0, storage = 0, uplinks = 0;
  guint bounds[HVP_N_RESOURCES];
  guint best = 0;

  g_return_val_if_fail (host != NULL, 0);

  for (guint i = 0; i < n_items; i++)
    {
      memory = g_uint64_checked_add (&memory, memory, items[i].memory_bytes) ? memory : G_MAXUINT64;
      vcpus = g_uint64_checked_add (&vcpus, vcpus, items[i].vcpus) ? vcpus : G_MAXUINT64;
      storage = g_uint64_checked_add (&storage, storage, items[i].storage_bytes) ? storage
                                                                                 : G_MAXUINT64;
      uplinks |= items[i].uplinks;
    }
  bounds[HVP_RESOURCE_MEMORY] = add_spare (ceil_ratio (memory, host->memory_bytes), spare);
  bounds[HVP_RESOURCE_PROCESSORS] = add_spare (ceil_ratio (vcpus, host->vcpus), spare);
  bounds[HVP_RESOURCE_STORAGE] = ceil_ratio (storage, host->storage_bytes);
  bounds[HVP_RESOURCE_NICS] = ceil_ratio (hvp_popcount64 (uplinks), host->nics);
  for (guint r = 0; r < HVP_N_RESOURCES; r++)
    best = MAX (best, bounds[r]);
  if (n_items > 0 && best == 0)
    best = 1;
  if (ret_per_resource != NULL)
    memcpy (ret_per_resource, bounds, sizeof bounds);
  return best;
}

/* Free capacity of @host under @usage, and its load, for one failover resource. */
static guint64
free_of (const HvpPlacementBin *host, const HvpPlacementUsage *usage, HvpResource resource)
{
  if (resource == HVP_RESOURCE_MEMORY)
    return host->memory_bytes - usage->memory_bytes;
  return host->vcpus - usage->vcpus;
}

static guint64
load_of (const HvpPlacementUsage *usage, HvpResource resource)
{
  return resource == HVP_RESOURCE_MEMORY ? usage->memory_bytes : usage->vcpus;
}

static guint64
largest_of (const HvpPlacementUsage *usage, HvpResource resource)
{
  return resource == HVP_RESOURCE_MEMORY ? usage->largest_memory_bytes : usage->largest_vcpus;
}

static int
compare_uint64 (const void *a, const void *b)
{
  guint64 x = *(const guint64 *) a;
  guint64 y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

/* Σ over @sorted (ascending, with @suffix[i] = Σ sorted[i..]) of max(0, value − @largest). */
static guint64
extra_capacity (const guint64 *sorted, const guint64 *suffix, guint n, guint64 largest)
{
  guint low = 0, high = n;

  /* First index whose value exceeds @largest. */
  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (sorted[middle] > largest)
        high = middle;
      else
        low = middle + 1;
    }
  return suffix[low] - (guint64) (n - low) * largest;
}

/* The most free capacity among the hosts but one whose free capacity is @own_free, from all
 * hosts' free capacities @sorted ascending (@n ≥ 2). */
static guint64
most_free_other (const guint64 *sorted, guint n, guint64 own_free)
{
  return sorted[n - 1] == own_free ? sorted[n - 2] : sorted[n - 1];
}

/* VMM 2012 cluster reserve, R = 1 ("System Center 2012 – VMM Cluster Reserve Calculations"):
 * for each host h, LargestM = its largest VM, OtherM = its other VMs; over every other host,
 * extra = total − reserve − used − LargestM where non-negative; fail when OtherM > Σ extra. */
static gboolean
survives_one (const HvpPlacement *placement, const HvpPlacementBin *hosts, gboolean identical,
              HvpResource resource, guint *ret_host)
{
  guint n = placement->n_hosts;
  g_autofree guint64 *sorted = g_new (guint64, MAX (n, 1u));
  g_autofree guint64 *suffix = g_new0 (guint64, n + 1);

  for (guint h = 0; h < n; h++)
    sorted[h] = free_of (identical ? &hosts[0] : &hosts[h], &placement->usage[h], resource);
  qsort (sorted, n, sizeof *sorted, compare_uint64);
  for (guint i = n; i > 0; i--)
    suffix[i - 1] = suffix[i] + sorted[i - 1];

  for (guint h = 0; h < n; h++)
    {
      const HvpPlacementUsage *usage = &placement->usage[h];
      guint64 largest = largest_of (usage, resource);
      guint64 other = load_of (usage, resource) - largest;
      guint64 own_free = free_of (identical ? &hosts[0] : &hosts[h], usage, resource);
      guint64 extra;

      if (usage->vms == 0 || (load_of (usage, resource) == 0))
        continue;
      extra = extra_capacity (sorted, suffix, n, largest);
      extra -= own_free > largest ? own_free - largest : 0;
      /* VMM's sum reserves room for the largest VM on every survivor but never asks that one of
       * them can take it: a failed host whose only VM fits nowhere would pass. */
      if (largest > most_free_other (sorted, n, own_free) || other > extra)
        {
          *ret_host = h;
          return FALSE;
        }
    }
  return TRUE;
}

static int
compare_uint64_descending (const void *a, const void *b)
{
  return compare_uint64 (b, a);
}

/* R ≥ 2, the worst case of VMM's simple check taken cluster-wide (KB 3023928, "Proof-simple"):
 * the largest VM of the whole cluster, the R most loaded hosts fail with everything on them, and
 * the other hosts count as the R ... N − R with the least extra capacity.  Sound: every failed VM
 * is at most the largest, so while the survivors' extra beyond the largest VM exceeds what is
 * left to place, some survivor takes the next VM. */
static gboolean
survives_many (const HvpPlacement *placement, const HvpPlacementBin *hosts, gboolean identical,
               guint spare, HvpResource resource, guint *ret_host)
{
  guint n = placement->n_hosts;
  g_autofree guint64 *loads = g_new (guint64, MAX (n, 1u));
  g_autofree guint64 *extras = g_new (guint64, MAX (n, 1u));
  guint64 largest = 0, failing = 0, extra = 0;
  guint busiest = 0;

  for (guint h = 0; h < n; h++)
    {
      largest = MAX (largest, largest_of (&placement->usage[h], resource));
      if (load_of (&placement->usage[h], resource) > load_of (&placement->usage[busiest], resource))
        busiest = h;
    }
  for (guint h = 0; h < n; h++)
    {
      guint64 free_bytes = free_of (identical ? &hosts[0] : &hosts[h], &placement->usage[h],
                                    resource);

      loads[h] = load_of (&placement->usage[h], resource);
      extras[h] = free_bytes > largest ? free_bytes - largest : 0;
    }
  qsort (loads, n, sizeof *loads, compare_uint64_descending);
  qsort (extras, n, sizeof *extras, compare_uint64);
  for (guint i = 0; i < spare; i++)
    failing += loads[i];
  for (guint i = 0; i < n - spare; i++)
    extra += extras[i];
  if (failing > extra)
    {
      *ret_host = busiest;
      return FALSE;
    }
  return TRUE;
}

/* Survivors tried per VM by replace_failed() before it gives up (the sum of survives_many()
 * then decides). */
#define REPLACE_BUDGET 16

/* One VM (or, on an existing host, its own VMs as one block) to restart on a survivor. */
typedef struct {
  guint64 amount;        /* of the resource being checked: the sort key */
  guint64 memory_bytes;
  guint64 vcpus;
  guint index;           /* item index, or G_MAXUINT for a block */
} Mover;

static int
compare_movers (const void *a, const void *b)
{
  const Mover *x = a;
  const Mover *y = b;

  if (x->amount != y->amount)
    return x->amount > y->amount ? -1 : 1;
  if (x->memory_bytes != y->memory_bytes)
    return x->memory_bytes > y->memory_bytes ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* The survivors' free memory and vCPUs, in a binary max-heap on the free amount of one resource
 * (ties: lower host first). */
typedef struct {
  guint64 *free_memory;
  guint64 *free_vcpus;
  guint *heap;
  guint n;
  HvpResource resource;
} Survivors;

static gboolean
survivor_before (const Survivors *survivors, guint a, guint b)
{
  const guint64 *free = survivors->resource == HVP_RESOURCE_MEMORY ? survivors->free_memory
                                                                     : survivors->free_vcpus;

  return free[a] != free[b] ? free[a] > free[b] : a < b;
}

static void
survivors_sift_down (Survivors *survivors, guint position)
{
  guint *heap = survivors->heap;

  for (;;)
    {
      guint best = position, left = 2 * position + 1, right = left + 1;
      guint swap;

      if (left < survivors->n && survivor_before (survivors, heap[left], heap[best]))
        best = left;
      if (right < survivors->n && survivor_before (survivors, heap[right], heap[best]))
        best = right;
      if (best == position)
        return;
      swap = heap[best];
      heap[best] = heap[position];
      heap[position] = swap;
      position = best;
    }
}

static void
survivors_sift_up (Survivors *survivors, guint position)
{
  guint *heap = survivors->heap;

  while (position > 0 && survivor_before (survivors, heap[position], heap[(position - 1) / 2]))
    {
      guint parent = (position - 1) / 2;
      guint swap = heap[parent];

      heap[parent] = heap[position];
      heap[position] = swap;
      position = parent;
    }
}

/* Pops the survivor with the most free room (the heap must not be empty). */
static guint
survivors_pop (Survivors *survivors)
{
  guint top = survivors->heap[0];

  survivors->heap[0] = survivors->heap[--survivors->n];
  survivors_sift_down (survivors, 0);
  return top;
}

static void
survivors_push (Survivors *survivors, guint host)
{
  survivors->heap[survivors->n++] = host;
  survivors_sift_up (survivors, survivors->n - 1);
}

/* Puts @mover on the survivor with the most free room of the resource that has room for its
 * memory and vCPUs, looking at REPLACE_BUDGET survivors at most; %FALSE when none of them has. */
static gboolean
survivors_take (Survivors *survivors, const Mover *mover)
{
  guint tried[REPLACE_BUDGET];
  guint n_tried = 0;
  gboolean placed = FALSE;

  while (!placed && n_tried < REPLACE_BUDGET && survivors->n > 0)
    {
      guint host = survivors_pop (survivors);

      tried[n_tried++] = host;
      if (mover->memory_bytes <= survivors->free_memory[host]
          && mover->vcpus <= survivors->free_vcpus[host])
        {
          survivors->free_memory[host] -= mover->memory_bytes;
          survivors->free_vcpus[host] -= mover->vcpus;
          placed = TRUE;
        }
    }
  for (guint t = 0; t < n_tried; t++)
    survivors_push (survivors, tried[t]);
  return placed;
}

/* The @spare hosts with the most load of @resource (ties: lower host first), marked in the
 * returned array of n_hosts flags. */
static gboolean *
worst_hosts (const HvpPlacement *placement, guint spare, HvpResource resource)
{
  guint n = placement->n_hosts;
  g_autofree HvpPlacementSortKey *keys = g_new (HvpPlacementSortKey, MAX (n, 1u));
  gboolean *failed = g_new0 (gboolean, MAX (n, 1u));

  for (guint h = 0; h < n; h++)
    keys[h] = (HvpPlacementSortKey) { (double) load_of (&placement->usage[h], resource), 0, h };
  qsort (keys, n, sizeof *keys, hvp_placement_sort_key_compare);
  for (guint i = 0; i < spare && i < n; i++)
    failed[keys[i].index] = TRUE;
  return failed;
}

/* The VMs of the @failed hosts, largest first by @resource; a failed host whose usage holds
 * more than its items (an existing host's own VMs) adds the rest as one block. */
static GArray *
failed_movers (const HvpPlacement *placement, const gboolean *failed, HvpResource resource)
{
  GArray *movers = g_array_new (FALSE, FALSE, sizeof (Mover));
  g_autofree HvpPlacementUsage *placed = g_new0 (HvpPlacementUsage, MAX (placement->n_hosts, 1u));

  for (guint i = 0; i < placement->n_items; i++)
    {
      guint h = placement->host_of[i];
      const HvpPlacementItem *item = &placement->items[i];
      Mover mover = { 0, item->memory_bytes, item->vcpus, i };

      if (h == G_MAXUINT || h >= placement->n_hosts || !failed[h])
        continue;
      hvp_placement_usage_add (&placed[h], item);
      mover.amount = resource == HVP_RESOURCE_MEMORY ? mover.memory_bytes : mover.vcpus;
      g_array_append_val (movers, mover);
    }
  for (guint h = 0; h < placement->n_hosts; h++)
    {
      const HvpPlacementUsage *usage = &placement->usage[h];
      Mover block = { 0, 0, 0, G_MAXUINT };

      if (!failed[h])
        continue;
      block.memory_bytes = usage->memory_bytes - MIN (usage->memory_bytes, placed[h].memory_bytes);
      block.vcpus = usage->vcpus - MIN (usage->vcpus, placed[h].vcpus);
      block.amount = resource == HVP_RESOURCE_MEMORY ? block.memory_bytes : block.vcpus;
      if (block.memory_bytes != 0 || block.vcpus != 0)
        g_array_append_val (movers, block);
    }
  g_array_sort (movers, compare_movers);
  return movers;
}

/* R ≥ 2, by re-placing: the @spare hosts with the most load of @resource fail, and their VMs,
 * largest first, restart each on the surviving host with the most free room of @resource that
 * holds its memory and vCPUs (REPLACE_BUDGET survivors tried per VM).  %TRUE when every VM
 * found a host; %FALSE is not a proof of the contrary (survives_many() then adds up). */
static gboolean
replace_failed (const HvpPlacement *placement, const HvpPlacementBin *hosts, gboolean identical,
                guint spare, HvpResource resource)
{
  guint n = placement->n_hosts;
  g_autofree gboolean *failed = worst_hosts (placement, spare, resource);
  g_autoptr (GArray) movers = failed_movers (placement, failed, resource);
  g_autofree guint64 *free_memory = g_new (guint64, MAX (n, 1u));
  g_autofree guint64 *free_vcpus = g_new (guint64, MAX (n, 1u));
  g_autofree guint *heap = g_new (guint, MAX (n, 1u));
  Survivors survivors = { free_memory, free_vcpus, heap, 0, resource };
  gboolean ok = TRUE;

  for (guint h = 0; h < n; h++)
    {
      const HvpPlacementBin *host = identical ? &hosts[0] : &hosts[h];

      free_memory[h] = host->memory_bytes - MIN (host->memory_bytes,
                                                 placement->usage[h].memory_bytes);
      free_vcpus[h] = host->vcpus - MIN (host->vcpus, placement->usage[h].vcpus);
      if (!failed[h])
        survivors_push (&survivors, h);
    }
  for (guint m = 0; ok && m < movers->len; m++)
    ok = survivors_take (&survivors, &g_array_index (movers, Mover, m));
  return ok;
}

/**
 * hvp_placement_survives:
 * @placement: a placement
 * @hosts: the hosts it was made for (as given to hvp_placement_pack())
 * @identical: all hosts are copies of @hosts[0]
 * @spare: hosts that may fail at once (System Center VMM's cluster reserve, R)
 * @ret_resource: (out) (optional): on failure, the resource short: memory or processors
 * @ret_host: (out) (optional): on failure, a host whose loss cannot be absorbed
 *
 * Whether the VMs of any @spare failed hosts restart on the others, computed as System Center
 * 2012 VMM's cluster reserve does, for memory and, in the same way, for vCPUs (storage and NICs do
 * not move: the disks are on storage the survivors reach).  @spare = 1: VMM's per-host check
 * ("System Center 2012 – VMM Cluster Reserve Calculations", 2012): for each host, its VMs other
 * than the largest must fit in Σ over the other hosts of max(0, free − the largest), and (which
 * VMM's sum leaves unsaid) the largest must fit on one of the other hosts.  @spare ≥ 2,
 * instead of every set of @spare hosts, the worst ones: Microsoft's "Plan for Hyper-V
 * scalability in Windows Server" (learn.microsoft.com, windows-server/virtualization/hyper-v/
 * plan/plan-hyper-v-scalability-in-windows-server, "Failover Clusters and Hyper-V": reserve
 * enough resources for the nodes that may fail, 1 or more) asks that the VMs of the failed
 * nodes restart on the others.  When @placement carries its items, the @spare hosts with the
 * most load of the resource fail and their VMs, largest first, are placed one by one (memory
 * and vCPUs together) on the survivor with the most free room, a few survivors tried per VM;
 * when that does not place them all (or without items), KB 3023928's simple check decides: the
 * largest VM of the cluster, the @spare most loaded hosts failing, the hosts with the least extra
 * capacity receiving, by sums (sound but pessimistic: two 30 GiB VMs on 32 GiB hosts with
 * @spare 2 needed 34 hosts by it, 4 by placing).  A cluster of @spare hosts or fewer does not
 * survive (unless it holds no load).
 *
 * Returns: %TRUE when the loss of any @spare hosts can be absorbed
 */
gboolean
hvp_placement_survives (const HvpPlacement *placement, const HvpPlacementBin *hosts,
                        gboolean identical, guint spare, HvpResource *ret_resource,
                        guint *ret_host)
{
  static const HvpResource failover[] = { HVP_RESOURCE_MEMORY, HVP_RESOURCE_PROCESSORS };
  guint64 loaded = 0;

  g_return_val_if_fail (placement != NULL && hosts != NULL, FALSE);

  if (spare == 0)
    return TRUE;
  for (guint h = 0; h < placement->n_hosts; h++)
    loaded |= placement->usage[h].memory_bytes | placement->usage[h].vcpus;
  if (loaded == 0)
    return TRUE;

  for (guint r = 0; r < G_N_ELEMENTS (failover); r++)
    {
      guint host = 0;
      gboolean ok;

      if (placement->n_hosts <= spare)
        ok = FALSE;
      else if (spare == 1)
        ok = survives_one (placement, hosts, identical, failover[r], &host);
      else
        ok = (placement->items != NULL
              && replace_failed (placement, hosts, identical, spare, failover[r]))
             || survives_many (placement, hosts, identical, spare, failover[r], &host);
      if (!ok)
        {
          if (ret_resource != NULL)
            *ret_resource = failover[r];
          if (ret_host != NULL)
            *ret_host = host;
          return FALSE;
        }
    }
  return TRUE;
}
