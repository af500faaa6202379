/* hvplan: the norm-based packer, bin by bin, for identical hosts as many as needed.
 *
 * First fit by size leaves hosts full in one resource with room in another when two are tight
 * (7 to 14 % above the lower bound on t/bench/size).  Identical hosts are therefore also packed
 * bin by bin ("Norm-based Greedy" with L2 in Panigrahy et al., "Heuristics for Vector Bin
 * Packing", Microsoft Research, 2011): open a host, then repeatedly add the VM that fits it and
 * leaves the smallest weighted distance Σ w_r (free_r − demand_r)² over memory, vCPUs and storage
 * (shares of the host), until none fits; then the next host.  Unlike first fit, which takes the
 * VMs by size, it picks VMs whose shape matches the room left (a host short of vCPUs gets
 * storage-heavy VMs).  The weight of a resource is (its total demand / that of the most demanded
 * one)⁴, so the scarce resource is filled first (on t/bench/size at 10,000 VMs: exponent 0 packs
 * 2 to 4 % more hosts, negative ones 5 to 15 % more, 2 to 5 are within about 1 % of each other).
 * The VMs that compete are, for each dominant resource and each of NORM_CLASSES size classes,
 * NORM_CANDIDATES unplaced VMs from where a binary search puts the class's limit, placed VMs
 * skipped (union-find): a VM costs O(log n + 3 × NORM_CLASSES × NORM_CANDIDATES), whatever the
 * number of hosts, plus a bounded fall-back search before a host is closed (choose_vm()).  Ties
 * go to the VM first in the dominant order.  Then, above the lower bound, the emptying pass of
 * first fit (first-fit.c).  O(n log n), deterministic. */
#include "planner/sizing/placement-private.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* One position of a bucket: what a candidate's scan reads of its VM, in the bucket's order, so
 * that the scan reads memory in order: it looked up each candidate's item (40 bytes), its three
 * shares and its rank by item index, three reads at random.  With slot_fits() deciding most fit
 * tests from the slot: the norm packer alone, t/bench/size's 8 packings dumped at 1,000,000 VMs
 * and packed again in one process, old and new alternating, 4.3 % less CPU (8.58 → 8.21 s); at
 * 100,000 VMs, whose arrays sit in the cache, the same (+0.7 %).  The VM's item index is
 * @order[rank]; its position in the other copy of its bucket replaces the three arrays by item
 * (bucket, position, position in the sorted copy) that take_vm() read: 9.5 % less CPU at
 * 100,000 VMs and 13 % fewer page faults (each fresh page is a fault, dear on this machine). */
typedef struct {
  double shares[3]; /* its share of memory, vCPUs and storage */
  guint rank;       /* its position in the order of hvp_placement_norm_pack() */
  guint other;      /* its position in the bucket's other copy (by share, or in first-fit order) */
} Slot;

/* Unplaced items of one bucket of hvp_placement_norm_pack(): the VMs whose dominant resource (the largest share
 * of the host, of memory, vCPUs and storage) is the same, largest share first. */
typedef struct {
  Slot *slots;    /* the VMs in that order */
  guint resource; /* their dominant resource, 0 to 2 */
  guint *next;    /* n + 1 entries: the first unplaced position at or after each (path halving) */
  guint n;
} Bucket;

/* The classes hvp_placement_norm_pack() looks at in each bucket: from where VMs whose dominant share is at most
 * the free share, half of it, a quarter, … start (6 classes); and the unplaced VMs it scores from
 * each (8).  Measured on t/bench/size against 1 class of 32 to 128 VMs (up to 3 % more hosts at
 * 10,000 VMs, 5 % at 100,000) and 4 to 10 classes of 4 to 32 (within 1 % of this, slower). */
#define NORM_CLASSES 6
#define NORM_CANDIDATES 8
/* VMs of each bucket the fall-back search of hvp_placement_norm_pack() scores when the classes found none that
 * fits. */
#define NORM_FALLBACK 64

/* The first unplaced position at or after @position; every position on the way then points at
 * it (path compression: at 100,000 VMs 1.7 % less CPU in the norm packer than path halving,
 * 5 % at 1,000,000, t/bench/size's packings, old and new alternating in one process). */
static guint
next_unplaced (guint *next, guint position)
{
  guint root = position;

  while (next[root] != root)
    root = next[root];
  while (next[position] != root)
    {
      guint up = next[position];

      next[position] = root;
      position = up;
    }
  return root;
}

/* The bucket's shares of its dominant resource, one every SHARE_STRIDE doubles (in the slots):
 * a separate array of them took 8 bytes a VM in each bucket and its copy. */
#define SHARE_STRIDE (sizeof (Slot) / sizeof (double))
G_STATIC_ASSERT (sizeof (Slot) % sizeof (double) == 0);

static const double *
bucket_shares (const Bucket *bucket)
{
  return (const double *) (const void *) ((const char *) bucket->slots + offsetof (Slot, shares)
                                          + bucket->resource * sizeof (double));
}

/* hvp_placement_share_start() over @bucket's shares. */
static guint
share_start (const Bucket *bucket, double limit, HvpShareStart *memo)
{
  return hvp_placement_share_start (bucket_shares (bucket), SHARE_STRIDE, bucket->n, limit, memo);
}

/* One choice of hvp_placement_norm_pack(): the host being filled and the best VM found so far. */
typedef struct {
  const HvpPlacementItem *items;
  const guint *order;
  const HvpPlacementBin *host;
  const HvpPlacementUsage *usage;
  Bucket *buckets;
  const double *weights;
  const double *free_shares;
  gboolean uplinks_known; /* every VM has the same uplinks, and @uplinks_fit says if they fit */
  gboolean uplinks_fit;
  double best_score;
  guint best_bucket;
  guint best_position;
  guint best_rank;        /* G_MAXUINT while none was found */
} NormSearch;

/* hvp_placement_item_fits() of the VM in @slot, read from the slot where that decides.  The share
 * of a demand, (double) demand / (double) capacity, never decreases as the demand grows (the
 * conversion and the division round monotonically): a share above the free share is a demand
 * above the free amount (it does not fit), one below it a demand below it (it fits); only equal
 * shares need the bytes.  The logical processors and the processor group fit every VM of a
 * bucket (it fits an empty host), and when all VMs have the same uplinks, whether they fit is
 * known per host.  98 % of the candidates fit (t/bench/size), so the test that they fit comes
 * first (2 % less CPU in the packer). */
static inline gboolean
slot_fits (const NormSearch *search, const Slot *slot)
{
  const double *s = slot->shares;
  const double *free_shares = search->free_shares;

  if ((s[0] < free_shares[0]) & (s[1] < free_shares[1]) & (s[2] < free_shares[2]))
    {
      if (search->uplinks_known)
        return search->uplinks_fit;
    }
  else if ((s[0] > free_shares[0]) | (s[1] > free_shares[1]) | (s[2] > free_shares[2]))
    return FALSE;
  return hvp_placement_item_fits (&search->items[search->order[slot->rank]], search->host,
                                  search->usage);
}

/* Scores up to @count unplaced VMs of bucket @b from position @start on; returns the position
 * after the last one looked at. */
static guint
score_candidates (NormSearch *search, guint b, guint start, guint count)
{
  Bucket *bucket = &search->buckets[b];
  const double weights[3] = { search->weights[0], search->weights[1], search->weights[2] };
  const double twice_free[3] = {
    2 * search->free_shares[0], 2 * search->free_shares[1], 2 * search->free_shares[2],
  };
  guint scanned = start;
  guint seen = 0;

  for (guint p = next_unplaced (bucket->next, start); p < bucket->n && seen < count;
       p = next_unplaced (bucket->next, p + 1), seen++)
    {
      const Slot *slot = &bucket->slots[p];
      const double *s = slot->shares;
      double score = 0;

      scanned = p + 1;
      if (!slot_fits (search, slot))
        continue;
      /* −Σ w (free − s)² + Σ w free², which does not depend on the VM; the same operations on
       * the same values as w[r] * s[r] * (2 * free[r] − s[r]), 2 × free taken once a scan. */
      for (guint r = 0; r < 3; r++)
        score += weights[r] * s[r] * (twice_free[r] - s[r]);
      if (search->best_rank == G_MAXUINT || score > search->best_score
          || (score == search->best_score && slot->rank < search->best_rank))
        {
          search->best_score = score;
          search->best_bucket = b;
          search->best_position = p;
          search->best_rank = slot->rank;
          /* take_vm() reads the demand of the VM chosen, at random: fetched ahead for each
           * best so far, the packer takes 7 % less CPU at 100,000 VMs, 6 % at 1,000,000. */
          __builtin_prefetch (&search->items[search->order[slot->rank]]);
        }
    }
  return scanned;
}


/* The state of one norm packing: the buckets and where each VM sits in them. */
typedef struct {
  const HvpPlacementItem *items;
  guint n_items;
  const HvpPlacementBin *host;
  const guint *order;
  /* By dominant resource (memory, vCPUs, storage): 0 to 2 in first-fit order, 3 to 5 the same
   * VMs strictly by their share, for the fall-back search. */
  Bucket buckets[6];
  Slot *slot_block;           /* every bucket's slots, in one block: 0 to 2, then 3 to 5 */
  double weights[3];
  guint left;                 /* VMs still to place */
  gboolean uniform_uplinks;   /* every VM in the buckets has @uplinks */
  guint64 uplinks;
  /* hvp_placement_share_start()'s memos: per bucket 0 to 2 one per size class; per bucket 3 to 5
   * one per pass of the fall-back search. */
  HvpShareStart starts[6][NORM_CLASSES];
} NormPacker;

static void
norm_packer_init (NormPacker *packer, const HvpPlacementItem *items, guint n_items,
                  const HvpPlacementBin *host, const guint *order)
{
  *packer = (NormPacker) { .items = items, .n_items = n_items, .host = host, .order = order };
  for (guint b = 0; b < G_N_ELEMENTS (packer->starts); b++)
    for (guint c = 0; c < NORM_CLASSES; c++)
      packer->starts[b][c] = HVP_SHARE_START_INIT;
}

static void
norm_packer_clear (NormPacker *packer)
{
  for (guint b = 0; b < G_N_ELEMENTS (packer->buckets); b++)
    g_free (packer->buckets[b].next);
  g_free (packer->slot_block);
}

/* Weights (total demand of a resource / that of the most demanded one)⁴, from the @totals of the
 * shares. */
static void
norm_set_weights (NormPacker *packer, const double totals[3])
{
  double largest_total = 0;

  for (guint r = 0; r < 3; r++)
    largest_total = MAX (largest_total, totals[r]);
  for (guint r = 0; r < 3; r++)
    {
      double relative = largest_total > 0 ? totals[r] / largest_total : 1;

      packer->weights[r] = relative * relative * relative * relative;
    }
}

/* @item's shares of @host's memory, vCPUs and storage in @s; returns its dominant resource (the
 * first of the largest), or 3 when it does not fit an empty host. */
static guint
item_shares (const HvpPlacementItem *item, const HvpPlacementBin *host, double s[3])
{
  guint dominant = 0;

  if (!hvp_placement_item_fits_empty_host (item, host, NULL))
    return 3;
  s[0] = hvp_placement_share (item->memory_bytes, host->memory_bytes);
  s[1] = hvp_placement_share (item->vcpus, host->vcpus);
  s[2] = hvp_placement_share (item->storage_bytes, host->storage_bytes);
  for (guint r = 1; r < 3; r++)
    if (s[r] > s[dominant])
      dominant = r;
  return dominant;
}

/* Each bucket's slots, and those of its sorted copy, in one block of the exact size (counted
 * first, in item order, into @dominant_of): arrays of every VM for each bucket held pages the
 * sizing kept (size --spare 1 at 1,000,000 VMs peaked at 1,957,052-2,072,332 KiB with them,
 * 1,908,544 without, 1,881,796-1,892,492 at 214c90c). */
static void
norm_alloc_buckets (NormPacker *packer, guint8 *dominant_of)
{
  guint counts[4] = { 0 };
  guint total, offset = 0;

  for (guint i = 0; i < packer->n_items; i++)
    {
      double s[3];

      dominant_of[i] = (guint8) item_shares (&packer->items[i], packer->host, s);
      counts[dominant_of[i]]++;
    }
  total = counts[0] + counts[1] + counts[2];
  packer->slot_block = g_new (Slot, MAX (2 * (gsize) total, 1u));
  for (guint b = 0; b < 3; b++)
    {
      packer->buckets[b].slots = packer->slot_block + offset;
      packer->buckets[b].resource = b;
      packer->buckets[3 + b].slots = packer->slot_block + total + offset;
      packer->buckets[3 + b].resource = b;
      offset += counts[b];
    }
}

/* Puts each VM that fits an empty host in the bucket of its dominant resource, in @order; the
 * others are unplaced in @placement.  Each bucket is then in the order of first fit: by the
 * largest share of all four resources, then by memory.  That is the bucket's share, largest
 * first, except among VMs whose largest share is their NICs, which follow by memory (on
 * t/bench/size every VM uses the 2 NICs of its External switch, 0.5 of a 4-NIC host, its largest
 * share: the buckets are by memory there).  The binary search of choose_vm() then finds only an
 * approximate start, and a class's candidates are of mixed shapes.  Sorting each bucket strictly
 * by its share was measured worse on t/bench/size: 0 to 8.2 % above the bound at 10,000 VMs
 * instead of 0 to 1.6 % (measured again with an early form of the fall-back: 13,032 hosts
 * instead of 12,779 for the Dell R720 at 100,000 VMs); the strictly sorted copies
 * (norm_sort_buckets()) serve the fall-back only.  Every candidate is checked with slot_fits()
 * (hvp_placement_item_fits()'s answer), and an empty host's search starts at the first VM (every
 * share is at most 1), so each host takes at least one VM. */
static void
norm_fill_buckets (NormPacker *packer, HvpPlacement *placement)
{
  g_autofree guint8 *dominant_of = g_new (guint8, MAX (packer->n_items, 1u));
  double totals[3] = { 0 };

  norm_alloc_buckets (packer, dominant_of);
  for (guint k = 0; k < packer->n_items; k++)
    {
      guint i = packer->order[k];
      const HvpPlacementItem *item = &packer->items[i];
      double s[3];
      guint dominant = dominant_of[i];
      Bucket *bucket;

      placement->host_of[i] = G_MAXUINT;
      if (dominant == 3)
        {
          placement->n_unplaced++;
          continue;
        }
      item_shares (item, packer->host, s);
      for (guint r = 0; r < 3; r++)
        totals[r] += s[r];
      if (packer->left == 0)
        packer->uplinks = item->uplinks;
      packer->uniform_uplinks = (packer->left == 0 || packer->uniform_uplinks)
                                && item->uplinks == packer->uplinks;
      bucket = &packer->buckets[dominant];
      bucket->slots[bucket->n] = (Slot) { { s[0], s[1], s[2] }, k, 0 };
      bucket->n++;
      packer->left++;
    }
  norm_set_weights (packer, totals);
}

/* A key of sort_by_share(): a share's bits, complemented (they ascend as the share descends: a
 * share is at least +0 here, and such doubles order as their bits do), and its position. */
typedef struct {
  guint64 bits;
  guint position;
} ShareKey;

/* sort_by_share() where a share is below +0 or NaN (none are made): qsort(). */
static ShareKey *
sort_by_share_qsort (const double *shares, guint n)
{
  g_autofree HvpPlacementSortKey *keys = g_new (HvpPlacementSortKey, MAX (n, 1u));
  ShareKey *sorted = g_new (ShareKey, MAX (n, 1u));

  for (guint p = 0; p < n; p++)
    keys[p] = (HvpPlacementSortKey) { shares[p * SHARE_STRIDE], 0, p };
  qsort (keys, n, sizeof *keys, hvp_placement_sort_key_compare);
  for (guint p = 0; p < n; p++)
    {
      memcpy (&sorted[p].bits, &keys[p].share, sizeof sorted[p].bits);
      sorted[p] = (ShareKey) { ~sorted[p].bits, keys[p].index };
    }
  return sorted;
}

/* The @n @shares (one every SHARE_STRIDE doubles) with their positions, largest first, equal
 * shares by position: the order of qsort() of { share, 0, position } with
 * hvp_placement_sort_key_compare() (a total order, so any sort gives it).  A radix sort, least
 * significant byte first, each pass stable, the bytes every key has alike skipped: at 100,000 VMs
 * the storage bucket holds about 1,080 distinct shares, the vCPU bucket 5.  qsort() (glibc's merge
 * sort through a comparison function) was 9 % of the norm packer's CPU; with this the packer takes
 * 5.5 % less at 100,000 VMs (4.44 → 4.20 s for t/bench/size's 8 packings, 4 rounds, old and new
 * alternating in one process) and 3 % less at 1,000,000.  Keys of 16 bytes rather than 24: fewer
 * fresh pages (each a fault, dear here).
 * Returns: (transfer full): the keys in that order */
static ShareKey *
sort_by_share (const double *shares, guint n)
{
  g_autofree guint *counts = g_new0 (guint, 8 * 256);
  ShareKey *from = g_new (ShareKey, MAX (n, 1u));
  ShareKey *to;

  for (guint p = 0; p < n; p++)
    {
      double share = shares[p * SHARE_STRIDE];

      if (!(share >= 0) || signbit (share))
        {
          g_free (from);
          return sort_by_share_qsort (shares, n);
        }
      memcpy (&from[p].bits, &share, sizeof from[p].bits);
      from[p] = (ShareKey) { ~from[p].bits, p };
      for (guint d = 0; d < 8; d++)
        counts[256 * d + (guint) (from[p].bits >> (8 * d) & 0xff)]++;
    }
  to = g_new (ShareKey, MAX (n, 1u));
  for (guint d = 0; d < 8 && n > 0; d++)
    {
      guint *count = &counts[256 * d];
      guint position = 0;
      ShareKey *swap;

      if (count[from[0].bits >> (8 * d) & 0xff] == n)
        continue;
      for (guint v = 0; v < 256; v++)
        {
          guint c = count[v];

          count[v] = position;
          position += c;
        }
      for (guint p = 0; p < n; p++)
        to[count[from[p].bits >> (8 * d) & 0xff]++] = from[p];
      swap = from;
      from = to;
      to = swap;
    }
  g_free (to);
  return from;
}

/* Buckets 3 to 5: the VMs of buckets 0 to 2 strictly by their share (ties in @order, which is
 * the order of their positions in buckets 0 to 2); then every bucket's union-find of unplaced
 * positions, each its own. */
static void
norm_sort_buckets (NormPacker *packer)
{
  for (guint b = 0; b < 3; b++)
    {
      Bucket *bucket = &packer->buckets[b];
      Bucket *sorted = &packer->buckets[3 + b];
      g_autofree ShareKey *by_share = sort_by_share (bucket_shares (bucket), bucket->n);

      sorted->n = bucket->n;
      for (guint p = 0; p < bucket->n; p++)
        {
          Slot *slot = &bucket->slots[by_share[p].position];

          slot->other = p;
          sorted->slots[p] = *slot;
          sorted->slots[p].other = by_share[p].position;
        }
    }
  for (guint b = 0; b < G_N_ELEMENTS (packer->buckets); b++)
    {
      Bucket *bucket = &packer->buckets[b];

      bucket->next = g_new (guint, bucket->n + 1);
      for (guint p = 0; p <= bucket->n; p++)
        bucket->next[p] = p;
    }
}

/* The best VM for the host holding @search->usage, in @search (best_rank G_MAXUINT when none fits):
 * the candidates of every size class of every bucket; then, where a bucket is not sorted by its
 * share (norm_fill_buckets()), the classes' starts can all lie past the VMs that would still fit,
 * so before the host is closed each bucket's copy sorted strictly by share is searched:
 * NORM_FALLBACK VMs from where the shares drop to the free share of the bucket's resource, then,
 * if none fits, from where they drop to the smallest free share (those fit in memory, vCPUs and
 * storage alike).  Without it, 817 of the 13,118 hosts of t/bench/size's Dell R720 at 100,000 VMs
 * held one VM each while thousands of VMs that fit them were left for later. */
static void
choose_vm (NormPacker *packer, NormSearch *search)
{
  const double *free_shares = search->free_shares;
  guint lows[3][NORM_CLASSES];

  /* Where VMs whose dominant share is at most each class's limit start (exactly so where the
   * bucket is sorted by that share); the memo of the class answers when the search would take
   * the same path.  All starts first, each one's slots and union-find fetched ahead, so the
   * scans below wait for memory once rather than eighteen times: the norm packer alone 1.8 %
   * less CPU at 100,000 VMs, 4.6 % at 1,000,000 (t/bench/size's packings, old and new
   * alternating in one process).  A second slot fetched ahead gained 0.6 and 2 % (not kept),
   * 4 memos per class instead of 1 lost 5 % (their look-ups cost more than the searches saved). */
  for (guint b = 0; b < 3; b++)
    {
      Bucket *bucket = &packer->buckets[b];
      double limit = free_shares[b];

      for (guint c = 0; c < NORM_CLASSES; c++, limit /= 2)
        {
          guint low = share_start (bucket, limit, &packer->starts[b][c]);

          lows[b][c] = low;
          __builtin_prefetch (&bucket->next[low]);
          __builtin_prefetch (&bucket->slots[MIN (low, bucket->n)]);
        }
    }
  for (guint b = 0; b < 3; b++)
    {
      guint scanned = 0; /* positions before it were scored already */

      for (guint c = 0; c < NORM_CLASSES; c++)
        scanned = score_candidates (search, b, MAX (lows[b][c], scanned), NORM_CANDIDATES);
    }
  for (guint pass = 0; pass < 2 && search->best_rank == G_MAXUINT; pass++)
    for (guint b = 0; b < 3; b++)
      {
        double limit = pass == 0 ? free_shares[b]
                       : MIN (free_shares[0], MIN (free_shares[1], free_shares[2]));

        score_candidates (search, 3 + b,
                          share_start (&packer->buckets[3 + b], limit,
                                       &packer->starts[3 + b][pass]),
                          NORM_FALLBACK);
      }
}

/* Places the VM @search chose on host @h, which holds @usage, and takes it out of its buckets. */
static void
take_vm (NormPacker *packer, const NormSearch *search, HvpPlacementUsage *usage,
         HvpPlacement *placement, guint h)
{
  const Slot *slot = &packer->buckets[search->best_bucket].slots[search->best_position];
  guint i = packer->order[slot->rank];
  guint b = search->best_bucket % 3;
  gboolean first_fit_order = search->best_bucket < 3;
  guint position = first_fit_order ? search->best_position : slot->other;
  guint sorted_position = first_fit_order ? slot->other : search->best_position;

  hvp_placement_usage_add (usage, &packer->items[i]);
  placement->host_of[i] = h;
  packer->buckets[b].next[position] = position + 1;
  packer->buckets[3 + b].next[sorted_position] = sorted_position + 1;
  packer->left--;
}

/* Fills host @h until no unplaced VM fits it; returns what it holds. */
static HvpPlacementUsage
fill_host (NormPacker *packer, HvpPlacement *placement, guint h)
{
  const HvpPlacementBin *host = packer->host;
  HvpPlacementUsage usage = { 0 };

  for (;;)
    {
      double free_shares[3] = {
        hvp_placement_share (host->memory_bytes - usage.memory_bytes, host->memory_bytes),
        hvp_placement_share (host->vcpus - usage.vcpus, host->vcpus),
        hvp_placement_share (host->storage_bytes - usage.storage_bytes, host->storage_bytes),
      };
      NormSearch search = {
        .items = packer->items, .order = packer->order, .host = host, .usage = &usage,
        .buckets = packer->buckets,
        .weights = packer->weights, .free_shares = free_shares, .best_rank = G_MAXUINT,
        .uplinks_known = packer->uniform_uplinks,
        .uplinks_fit = (packer->uplinks & ~usage.uplinks) == 0
                       || hvp_popcount64 (usage.uplinks | packer->uplinks) <= host->nics,
      };

      choose_vm (packer, &search);
      if (search.best_rank == G_MAXUINT)
        return usage;
      take_vm (packer, &search, &usage, placement, h);
    }
}

/**
 * hvp_placement_norm_pack:
 * @items: (array length=n_items): the VMs' demands
 * @n_items: number of items
 * @host: the capacity of each of the identical hosts, as many as needed
 * @order: (array length=n_items): hvp_placement_order() of @items on @host (ties go to the VM
 *   first in it)
 * @bound: hvp_placement_lower_bound() of @items on @host without spare hosts: above it, the
 *   emptying pass of first fit (hvp_placement_empty_hosts()) follows
 *
 * Packs @items bin by bin with the norm-based greedy described at the top of this file.  A VM
 * that does not fit an empty host is left unplaced.  Private to planner/sizing/.
 *
 * Returns: (transfer full): the placement; free with hvp_placement_free()
 */
HvpPlacement *
hvp_placement_norm_pack (const HvpPlacementItem *items, guint n_items,
                         const HvpPlacementBin *host, const guint *order, guint bound)
{
  NormPacker packer;
  g_autoptr (GArray) usages = g_array_new (FALSE, TRUE, sizeof (HvpPlacementUsage));
  HvpPlacement *placement = g_new0 (HvpPlacement, 1);

  placement->n_items = n_items;
  placement->items = items;
  placement->host_of = g_new (guint, MAX (n_items, 1u));
  norm_packer_init (&packer, items, n_items, host, order);
  norm_fill_buckets (&packer, placement);
  norm_sort_buckets (&packer);
  while (packer.left > 0)
    {
      HvpPlacementUsage usage = fill_host (&packer, placement, usages->len);

      g_array_append_val (usages, usage);
    }
  norm_packer_clear (&packer);

  if (usages->len > bound)
    {
      /* The pass that ends first fit, from the least loaded host: the last hosts opened hold
       * what did not fit before, often a few large VMs. */
      hvp_placement_empty_hosts (items, n_items, host, order, placement,
                                 (const HvpPlacementUsage *) usages->data, usages->len);
      return placement;
    }
  placement->n_hosts = usages->len;
  placement->usage = g_new0 (HvpPlacementUsage, MAX (placement->n_hosts, 1u));
  memcpy (placement->usage, usages->data, placement->n_hosts * sizeof (HvpPlacementUsage));
  return placement;
}
