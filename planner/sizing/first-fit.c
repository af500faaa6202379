/* hvplan: first fit and spread over several hosts, and the pass that empties hosts.
 *
 * Items are taken in the order they are given (hvp_placement_order(): largest first by dominant
 * share) and put on the first host they fit (first-fit decreasing) or on the fitting host with the
 * most free memory (spread, for failover).
 *
 * Finding a fitting host is a descent of a segment tree over the hosts whose nodes hold the
 * largest free memory, vCPUs and storage, the largest logical-processor count and the union of
 * processor groups below them: a subtree whose maxima cannot hold the item is skipped, so a VM
 * costs O(log hosts) when one resource dominates.  When two are tight, maxima from different hosts
 * let subtrees pass that hold no fitting host; a search therefore looks at SEARCH_BUDGET nodes at
 * most, then tries the hosts opened last, then opens a host (first fit with a bounded search), so
 * packing stays O(n (log n + budget)).  For identical hosts, as many as needed, the least loaded
 * hosts are then emptied where the others can take their VMs (eliminate_hosts()). */
#include "planner/sizing/placement-private.h"

#include <stdlib.h>
#include <string.h>

/* Free capacity below a node of the tree; the largest logical-processor count is beside it
 * (Packer.logical_processors), so that a node is 32 bytes and two siblings share one cache line
 * (the array is aligned to 64): a search reads a node's two children together. */
typedef struct {
  guint64 memory_bytes;
  guint64 vcpus;
  guint64 storage_bytes;
  guint64 groups;
} Node;

typedef struct {
  const HvpPlacementBin *hosts;
  gboolean identical;
  gboolean unbounded;     /* identical hosts, as many as needed */
  guint n_active;         /* hosts that exist (leaves beyond are closed) */
  guint capacity;         /* leaves: a power of two ≥ n_active */
  Node *nodes;            /* 2 × capacity; node 1 is the root, leaves at capacity + i */
  guint *logical_processors; /* (nullable): 2 × capacity, each node's largest count; %NULL for
                              * identical hosts, where a node's is the host's when its groups
                              * are not 0 (an open host below), else 0 */
  HvpPlacementUsage *usage;
  HvpPlacementPolicy policy;
  gboolean *closed;       /* (nullable): hosts being emptied by eliminate_hosts() */
  guint budget;           /* leaves find_host() may still reject in this search */
  guint64 pool;           /* nodes the searches without a budget may still look at, together */
} Packer;

/* Tree nodes find_host() may look at before it gives up a search: a subtree's maxima can come from
 * different hosts (free memory here, free storage there), so a subtree that passes the test may
 * hold no host that fits; with resources tight in two dimensions that would make first fit
 * quadratic.  Past the budget, a new host is opened (or, with a fixed number of hosts, one
 * exhaustive search decides).  On t/bench/size at 100,000 VMs × 10 models, 256 instead of 2,048
 * takes 38 % less CPU for one host more in 58,000 (the norm packing, which wins there, does not
 * use it but for its last emptying pass); 64 saves nothing more. */
#define SEARCH_BUDGET 256
/* Hosts opened last that first fit still tries when a search runs out of budget. */
#define RECENT_HOSTS 16
/* For a fixed number of hosts and all or nothing (hvp_placement_pack_all()), the searches past
 * SEARCH_BUDGET spend a pool to which each item, as its turn comes, adds POOL_PER_ITEM ×
 * log2(hosts) nodes; when a search has spent it the packing gives up as if the item fitted
 * nowhere, and the caller falls back on first fit (a spread that needs more is on hosts so full
 * that it rarely succeeds).  Without a pool, spreading 1,000,000 VMs over the hosts first fit
 * packed took 66 % of the sizing's CPU, growing with exponent 1.77 (issue 14).  On t/bench/size
 * the most any model's spread that succeeded used was 4.2 nodes per item and bit at 100,000 VMs
 * and 8.1 at 1,000,000, spending it late: 4 % of its pool by the eighth tenth of its VMs.  The
 * packings that failed at a million spent the whole pool, and in bursts: more than half of it in
 * one tenth of the VMs, having placed 42-89 % of them; 10 of the 11 with `--spare 1` failed so,
 * and took 2,528 of the 5,422 million nodes the sizing looked at.  Were the whole pool given at the
 * start, as it was until the tenth pass, such a burst would spend the shares of the VMs still to
 * come (t/bench/README.md, "tenth pass"). */
#define POOL_PER_ITEM 16

static const HvpPlacementBin *
host_at (const Packer *packer, guint index)
{
  return packer->identical ? &packer->hosts[0] : &packer->hosts[index];
}

static void
set_leaf (Packer *packer, guint index)
{
  Node *leaf = &packer->nodes[packer->capacity + index];
  guint *logical_processors = packer->logical_processors;
  const HvpPlacementBin *host;
  const HvpPlacementUsage *usage;

  if (index >= packer->n_active || (packer->closed != NULL && packer->closed[index]))
    {
      memset (leaf, 0, sizeof *leaf);
      if (logical_processors != NULL)
        logical_processors[packer->capacity + index] = 0;
      return;
    }
  host = host_at (packer, index);
  usage = &packer->usage[index];
  leaf->memory_bytes = host->memory_bytes - usage->memory_bytes;
  leaf->vcpus = host->vcpus - usage->vcpus;
  leaf->storage_bytes = host->storage_bytes - usage->storage_bytes;
  leaf->groups = hvp_placement_bin_groups (host);
  if (logical_processors != NULL)
    logical_processors[packer->capacity + index] = host->logical_processors;
}

/* Sets @node from its two children; %FALSE when that left it as it was. */
static gboolean
merge_node (Packer *packer, guint node)
{
  const Node *left = &packer->nodes[2 * node];
  const Node *right = &packer->nodes[2 * node + 1];
  Node *parent = &packer->nodes[node];
  guint *logical_processors = packer->logical_processors;
  Node merged = {
    .memory_bytes = MAX (left->memory_bytes, right->memory_bytes),
    .vcpus = MAX (left->vcpus, right->vcpus),
    .storage_bytes = MAX (left->storage_bytes, right->storage_bytes),
    .groups = left->groups | right->groups,
  };
  gboolean changed = merged.memory_bytes != parent->memory_bytes
                     || merged.vcpus != parent->vcpus
                     || merged.storage_bytes != parent->storage_bytes
                     || merged.groups != parent->groups;

  if (logical_processors != NULL)
    {
      guint largest = MAX (logical_processors[2 * node], logical_processors[2 * node + 1]);

      changed |= largest != logical_processors[node];
      logical_processors[node] = largest;
    }
  if (changed)
    *parent = merged;
  return changed;
}

/* (Re)builds the tree for packer->capacity leaves, keeping the usage of the first n_active. */
static void
build_tree (Packer *packer)
{
  g_aligned_free (packer->nodes);
  packer->nodes = g_aligned_alloc0 (2 * (gsize) packer->capacity, sizeof (Node), 64);
  if (!packer->identical)
    {
      g_free (packer->logical_processors);
      packer->logical_processors = g_new0 (guint, 2 * (gsize) packer->capacity);
    }
  for (guint i = 0; i < packer->capacity; i++)
    set_leaf (packer, i);
  for (guint node = packer->capacity - 1; node >= 1; node--)
    merge_node (packer, node);
}

/* What a search looks for in each node, read from the item once per search. */
typedef struct {
  guint64 memory_bytes;
  guint64 vcpus;
  guint64 storage_bytes;
  guint64 group_bit;           /* the item's processor group as a bit of Node.groups, or 0 */
  guint largest_vcpus;
  const guint *logical_processors; /* Packer.logical_processors */
} Wanted;

/* What @packer's searches look for in each node for @item.  For identical hosts a node's largest
 * logical-processor count is the host's where its groups are not 0, else 0, and groups that
 * hold the item's bit are not 0: so the item's test of it is the same at every node that passes
 * the groups test, and is made here once, a failure clearing group_bit (no node then passes,
 * as none would have). */
static inline Wanted
wanted_new (const Packer *packer, const HvpPlacementItem *item)
{
  guint64 group_bit = G_GUINT64_CONSTANT (1) << item->processor_group;

  if (packer->logical_processors == NULL
      && item->largest_vcpus > packer->hosts[0].logical_processors)
    group_bit = 0;
  return (Wanted) { item->memory_bytes, item->vcpus, item->storage_bytes, group_bit,
                    item->largest_vcpus, packer->logical_processors };
}

/* Whether a host below @node (its index @index) may hold what @wanted describes.  The searches
 * inline it with @wanted in registers, once for identical hosts (no count to read) and once for
 * others.  vCPUs and storage are tested first: on t/bench/size at 100,000 VMs (`--spare 1`) of
 * the nodes that failed, 80 million lacked vCPUs, 65 million storage and 0.07 million memory
 * (162 million passed).  With wanted_new(), first-fit.c at 10,000 VMs went from 437 to 378
 * million instructions (cachegrind). */
static inline G_ALWAYS_INLINE gboolean
node_may_fit (const Node *node, guint index, const Wanted *wanted)
{
  return wanted->vcpus <= node->vcpus && wanted->storage_bytes <= node->storage_bytes
         && wanted->memory_bytes <= node->memory_bytes
         && (wanted->logical_processors == NULL
             || wanted->largest_vcpus <= wanted->logical_processors[index])
         && (node->groups & wanted->group_bit) != 0;
}

/* Whether leaf @index of the tree, whose node passed node_may_fit(), is an open host that holds
 * @item now: a closed or inactive leaf is all 0, so its groups fail that test, and an open leaf's
 * node is its host's free capacity (set_leaf()), so of hvp_placement_item_fits() only the
 * uplinks are left to test. */
static inline gboolean
leaf_fits (const Packer *packer, guint index, const HvpPlacementItem *item)
{
  return hvp_placement_item_fits_uplinks (item, host_at (packer, index), &packer->usage[index]);
}

/* The leftmost fitting host below the root; -1 when none fits or packer->budget ran out.  A
 * depth-first search in preorder, each node looked at costing one unit of packer->budget.  It
 * needs no stack: after a node that fails (or a leaf that does not hold @item) comes the right
 * sibling of its nearest ancestor-or-self that is a left child, that is the node with the
 * trailing ones of its index shifted out, plus one; node 1 again ends the search (a stack put
 * the next node's index behind a store and a load: with the 32-byte nodes, 560 → 509 million
 * instructions in first-fit.c at 10,000 VMs, cachegrind; t/bench/README.md, seventh pass). */
static inline G_ALWAYS_INLINE gint64
find_first_fit_below (Packer *packer, const HvpPlacementItem *item, const Wanted wanted)
{
  const Node *nodes = packer->nodes;
  const guint capacity = packer->capacity;
  guint budget = packer->budget; /* kept in a register, written back on the way out */
  gint64 found = -1;
  guint node = 1;

  while (budget > 0)
    {
      budget--;
      if (node_may_fit (&nodes[node], node, &wanted))
        {
          if (node < capacity)
            {
              node *= 2;
              continue;
            }
          if (leaf_fits (packer, node - capacity, item))
            {
              found = node - capacity;
              break;
            }
        }
      node = (node >> __builtin_ctz (~node)) + 1;
      if (node == 1)
        break;
    }
  packer->budget = budget;
  return found;
}

/* The fitting host reached by always trying the child with more free memory first (spread); -1
 * when none fits or packer->budget ran out.  A depth-first search in preorder, each node looked
 * at costing one unit of packer->budget, with the second children still to look at on a stack
 * (at most one per level, so 64 entries hold any tree of up to 2^31 leaves); the first child of
 * a node that passes is looked at next without going through the stack (at 10,000 VMs,
 * `--spare 1`: 338 → 316 million instructions in find_host_below(), cachegrind). */
static inline G_ALWAYS_INLINE gint64
find_spread_below (Packer *packer, const HvpPlacementItem *item, const Wanted wanted)
{
  const Node *nodes = packer->nodes;
  const guint capacity = packer->capacity;
  guint budget = packer->budget; /* kept in a register, written back on the way out */
  gint64 found = -1;
  guint stack[64];
  guint depth = 0;
  guint node = 1;

  while (budget > 0)
    {
      budget--;
      if (node_may_fit (&nodes[node], node, &wanted))
        {
          guint first = 2 * node;

          if (node < capacity)
            {
              if (nodes[first + 1].memory_bytes > nodes[first].memory_bytes)
                first++;
              stack[depth++] = first ^ 1;
              node = first;
              continue;
            }
          if (leaf_fits (packer, node - capacity, item))
            {
              found = node - capacity;
              break;
            }
        }
      if (depth == 0)
        break;
      node = stack[--depth];
    }
  packer->budget = budget;
  return found;
}

/* find_first_fit_below() or find_spread_below(), as packer->policy says. */
static gint64
find_host_below (Packer *packer, const HvpPlacementItem *item)
{
  const Wanted wanted = wanted_new (packer, item);

  /* Each call is inlined; in the first of each pair wanted.logical_processors is known NULL. */
  if (packer->policy == HVP_PLACEMENT_SPREAD)
    return wanted.logical_processors == NULL ? find_spread_below (packer, item, wanted)
                                             : find_spread_below (packer, item, wanted);
  return wanted.logical_processors == NULL ? find_first_fit_below (packer, item, wanted)
                                           : find_first_fit_below (packer, item, wanted);
}

/* A host for @item, looking at SEARCH_BUDGET tree nodes at most; with @exhaustive, then within
 * what is left of packer->pool, in first-fit order whatever the policy: when a spread search runs
 * out of budget the hosts are nearly full, and the subtrees with the most free memory are the
 * ones whose maxima mislead (t/bench/size at 100,000 VMs × 10 models: 52 million tree nodes
 * instead of 255 million, the same host counts).  -1 when none was found (packer->budget is 0
 * when the budget ran out). */
static gint64
find_host (Packer *packer, const HvpPlacementItem *item, gboolean exhaustive)
{
  gint64 found;

  packer->budget = SEARCH_BUDGET;
  found = find_host_below (packer, item);
  if (found < 0 && exhaustive && packer->budget == 0 && packer->pool > 0)
    {
      HvpPlacementPolicy policy = packer->policy;
      guint given = (guint) MIN (packer->pool, (guint64) G_MAXUINT);

      packer->budget = given;
      packer->policy = HVP_PLACEMENT_FIRST_FIT;
      found = find_host_below (packer, item);
      packer->policy = policy;
      packer->pool -= given - packer->budget;
    }
  return found;
}

/* Sets leaf @index from its host's usage and the nodes above it from their children, up to the
 * first node the change leaves as it was (the ones above it are then unchanged too: each is the
 * merge of a node that did not change and of a sibling this change did not touch).  The tree is
 * the same as merging every node up to the root; on t/bench/size most placements stop within a
 * few levels, since a host that takes a VM was rarely the roomiest below the nodes high up. */
static void
update_leaf (Packer *packer, guint index)
{
  set_leaf (packer, index);
  for (guint node = (packer->capacity + index) / 2; node >= 1 && merge_node (packer, node);
       node /= 2)
    ;
}

static void
place (Packer *packer, guint index, const HvpPlacementItem *item)
{
  hvp_placement_usage_add (&packer->usage[index], item);
  update_leaf (packer, index);
}

/* Doubles the identical hosts available (unbounded packing). */
static void
grow (Packer *packer)
{
  guint old = packer->capacity;

  packer->capacity *= 2;
  packer->n_active = packer->capacity;
  packer->usage = g_renew (HvpPlacementUsage, packer->usage, packer->capacity);
  memset (packer->usage + old, 0, (gsize) old * sizeof (HvpPlacementUsage));
  build_tree (packer);
}

static guint
power_of_two_at_least (guint n)
{
  guint power = 1;

  while (power < n && power < (1u << 30))
    power *= 2;
  return power;
}

/* The fullest share of any resource of @host that @usage takes. */
static double
load_share (const HvpPlacementBin *host, const HvpPlacementUsage *usage)
{
  double load = hvp_placement_share (usage->memory_bytes, host->memory_bytes);

  load = MAX (load, hvp_placement_share (usage->vcpus, host->vcpus));
  return MAX (load, hvp_placement_share (usage->storage_bytes, host->storage_bytes));
}

typedef struct {
  double load;
  guint host;
} HostLoad;

static int
compare_loads (const void *a, const void *b)
{
  const HostLoad *x = a;
  const HostLoad *y = b;

  if (x->load != y->load)
    return x->load < y->load ? -1 : 1;
  return x->host > y->host ? -1 : x->host < y->host; /* later hosts first */
}

typedef struct {
  guint item;
  guint from;
  guint host;
  HvpPlacementUsage before;  /* the receiving host's usage before the move */
} Move;


/* The VMs of each host, in the sort order (largest first): those of host h are
 * members[starts[h]] … members[starts[h + 1] − 1]. */
typedef struct {
  guint *starts;  /* n_used + 1 entries */
  guint *members;
} HostMembers;

static void
host_members_init (HostMembers *members, guint n_items, const guint *order,
                   const guint *host_of, guint n_used)
{
  g_autofree guint *fill = g_new0 (guint, n_used + 1);

  members->starts = g_new0 (guint, n_used + 1);
  members->members = g_new (guint, MAX (n_items, 1u));
  for (guint k = 0; k < n_items; k++)
    if (host_of[order[k]] != G_MAXUINT)
      members->starts[host_of[order[k]] + 1]++;
  for (guint h = 0; h < n_used; h++)
    members->starts[h + 1] += members->starts[h];
  for (guint k = 0; k < n_items; k++)
    {
      guint host = host_of[order[k]];

      if (host != G_MAXUINT)
        members->members[members->starts[host] + fill[host]++] = order[k];
    }
}

static void
host_members_clear (HostMembers *members)
{
  g_clear_pointer (&members->starts, g_free);
  g_clear_pointer (&members->members, g_free);
}

/* The @n_used hosts of @packer, least loaded first (ties: later hosts first). */
static HostLoad *
hosts_by_load (const Packer *packer, guint n_used)
{
  HostLoad *by_load = g_new (HostLoad, MAX (n_used, 1u));

  for (guint h = 0; h < n_used; h++)
    by_load[h] = (HostLoad) { load_share (host_at (packer, h), &packer->usage[h]), h };
  qsort (by_load, n_used, sizeof *by_load, compare_loads);
  return by_load;
}

/* Whether @host holds just its own VMs: one that received VMs from an emptied host keeps them
 * (their moves are final), and an empty one has nothing to move. */
static gboolean
holds_own_vms_only (const Packer *packer, const HostMembers *members, const guint *host_of,
                    guint host)
{
  guint still = 0;

  for (guint m = members->starts[host]; m < members->starts[host + 1]; m++)
    still += host_of[members->members[m]] == host;
  return packer->usage[host].vms != 0 && packer->usage[host].vms == still;
}

/* Moves the VMs of closed @host, largest first, onto the other hosts, recording each move in
 * @moves; %FALSE at the first VM that fits none (the moves made so far stay to be undone). */
static gboolean
move_members_away (Packer *packer, const HvpPlacementItem *items, const HostMembers *members,
                   guint *host_of, guint host, GArray *moves)
{
  for (guint m = members->starts[host]; m < members->starts[host + 1]; m++)
    {
      guint index = members->members[m];
      gint64 found;
      Move move;

      if (host_of[index] != host)
        continue; /* moved here and away again: not a member any more */
      found = find_host (packer, &items[index], FALSE);
      if (found < 0)
        return FALSE;
      move = (Move) { index, host, (guint) found, packer->usage[found] };
      g_array_append_val (moves, move);
      place (packer, (guint) found, &items[index]);
      host_of[index] = (guint) found;
    }
  return TRUE;
}

/* Undoes @moves, last first. */
static void
undo_moves (Packer *packer, guint *host_of, const GArray *moves)
{
  for (guint i = moves->len; i > 0; i--)
    {
      const Move *move = &g_array_index (moves, Move, i - 1);

      packer->usage[move->host] = move->before;
      host_of[move->item] = move->from;
      update_leaf (packer, move->host);
    }
}

/* Host elimination after first fit: the least loaded hosts first, try to move all of a host's VMs
 * (largest first) onto the other hosts; when they all fit, the host is left empty, else every
 * move is undone.  One pass, each VM moved at most as often as its host is tried: O(n log n). */
static void
eliminate_hosts (Packer *packer, const HvpPlacementItem *items, guint n_items,
                 const guint *order, guint *host_of, guint n_used)
{
  HostMembers members = { 0 };
  g_autofree HostLoad *by_load = NULL;
  g_autoptr (GArray) moves = g_array_new (FALSE, FALSE, sizeof (Move));

  host_members_init (&members, n_items, order, host_of, n_used);
  packer->n_active = n_used;
  packer->closed = g_new0 (gboolean, packer->capacity);
  build_tree (packer);
  by_load = hosts_by_load (packer, n_used);

  for (guint o = 0; o < n_used; o++)
    {
      guint host = by_load[o].host;

      if (!holds_own_vms_only (packer, &members, host_of, host))
        continue;
      packer->closed[host] = TRUE;
      update_leaf (packer, host);
      g_array_set_size (moves, 0);
      if (move_members_away (packer, items, &members, host_of, host, moves))
        {
          memset (&packer->usage[host], 0, sizeof packer->usage[host]);
          continue; /* stays closed: it is not needed */
        }
      undo_moves (packer, host_of, moves);
      packer->closed[host] = FALSE;
      update_leaf (packer, host);
    }
  g_clear_pointer (&packer->closed, g_free);
  host_members_clear (&members);
}

/* Renumbers the hosts that hold VMs 0, 1, … in their order, and recomputes their usage. */
static guint
compact_hosts (Packer *packer, const HvpPlacementItem *items, guint n_items, guint *host_of,
               guint n_used)
{
  g_autofree guint *renumber = g_new (guint, MAX (n_used, 1u));
  guint used = 0;

  for (guint h = 0; h < n_used; h++)
    renumber[h] = packer->usage[h].vms > 0 ? used++ : G_MAXUINT;
  memset (packer->usage, 0, (gsize) packer->capacity * sizeof (HvpPlacementUsage));
  for (guint i = 0; i < n_items; i++)
    if (host_of[i] != G_MAXUINT)
      {
        host_of[i] = renumber[host_of[i]];
        hvp_placement_usage_add (&packer->usage[host_of[i]], &items[i]);
      }
  return used;
}

/* Hands @packer's usage of its first @n_hosts hosts to @placement, and frees the packer. */
static void
packer_finish (Packer *packer, HvpPlacement *placement, guint n_hosts)
{
  placement->n_hosts = n_hosts;
  placement->usage = g_new0 (HvpPlacementUsage, MAX (n_hosts, 1u));
  memcpy (placement->usage, packer->usage, n_hosts * sizeof (HvpPlacementUsage));
  g_clear_pointer (&packer->usage, g_free);
  g_clear_pointer (&packer->nodes, g_aligned_free);
  g_clear_pointer (&packer->logical_processors, g_free);
}

/* Sets @packer up for hvp_placement_first_fit(): as many identical hosts as @bound suggests, with
 * room to grow, or the @n_hosts given. */
static void
packer_init (Packer *packer, guint n_items, const HvpPlacementBin *hosts, guint n_hosts,
             gboolean identical, HvpPlacementPolicy policy, guint bound)
{
  packer->hosts = hosts;
  packer->identical = identical;
  packer->unbounded = identical && n_hosts == 0;
  /* Spreading over hosts that are not needed would open them all: unbounded packing fills. */
  packer->policy = packer->unbounded ? HVP_PLACEMENT_FIRST_FIT : policy;
  if (packer->unbounded)
    {
      guint estimate = MIN (bound, MAX (n_items, 1u));

      packer->capacity = power_of_two_at_least (estimate + estimate / 4 + 1);
      packer->n_active = packer->capacity;
    }
  else
    {
      packer->capacity = power_of_two_at_least (MAX (n_hosts, 1u));
      packer->n_active = n_hosts;
    }
  packer->usage = g_new0 (HvpPlacementUsage, packer->capacity);
  build_tree (packer);
  packer->pool = G_MAXUINT64;
}

/* What each item adds to the pool of searches past the budget in all-or-nothing packings
 * (POOL_PER_ITEM). */
static guint64
pool_share (const Packer *packer)
{
  guint bits = 1;

  while ((1u << bits) < packer->capacity && bits < 31)
    bits++;
  return (guint64) POOL_PER_ITEM * bits;
}

/* A host for @item among the @used hosts opened so far: a search of the tree; for unbounded
 * identical hosts, when it ran out of budget, the most recently opened hosts, the emptiest,
 * first; then the next empty host (first fit opens them in order).  -1 when none. */
static gint64
find_or_open_host (Packer *packer, const HvpPlacementItem *item, guint used)
{
  gint64 found = find_host (packer, item, !packer->unbounded);

  for (guint back = 1; found < 0 && packer->unbounded && packer->budget == 0
                       && back <= RECENT_HOSTS && back <= used; back++)
    if (hvp_placement_item_fits (item, &packer->hosts[0], &packer->usage[used - back]))
      found = used - back;
  if (found < 0 && packer->unbounded
      && hvp_placement_item_fits_empty_host (item, &packer->hosts[0], NULL))
    {
      if (used >= packer->capacity)
        grow (packer);
      found = used;
    }
  return found;
}

/**
 * hvp_placement_first_fit:
 * @items: (array length=n_items): the VMs' demands
 * @n_items: number of items
 * @hosts: (array length=n_hosts): as for hvp_placement_pack()
 * @n_hosts: as for hvp_placement_pack()
 * @identical: all hosts are copies of @hosts[0]
 * @policy: first fit or spread (unbounded identical hosts are always filled first fit)
 * @order: (array length=n_items): the order in which @items are taken
 * @bound: for identical hosts, as many as needed (@n_hosts 0): hvp_placement_lower_bound() of
 *   @items on @hosts[0] without spare hosts (it sizes the tree, and the emptying pass is skipped
 *   when the packing meets it); otherwise ignored
 * @all_or_nothing: stop at the first item that fits no host; with a fixed number of hosts, also
 *   when the searches past the budget have spent their pool (to which each item adds
 *   POOL_PER_ITEM nodes per bit of the host count as its turn comes), the item counted unplaced
 *
 * Takes @items in @order, each onto the first host it fits or (spread) the one reached by
 * preferring more free memory; then, for unbounded identical hosts above @bound, empties the
 * least loaded hosts where the others take their VMs and renumbers the hosts left.  Private to
 * planner/sizing/.
 *
 * Returns: (transfer full): the placement (with @all_or_nothing, partial when n_unplaced is not
 *   0); free with hvp_placement_free()
 */
HvpPlacement *
hvp_placement_first_fit (const HvpPlacementItem *items, guint n_items,
                         const HvpPlacementBin *hosts, guint n_hosts, gboolean identical,
                         HvpPlacementPolicy policy, const guint *order, guint bound,
                         gboolean all_or_nothing)
{
  Packer packer = { 0 };
  HvpPlacement *placement = g_new0 (HvpPlacement, 1);
  guint64 share = 0; /* what each item adds to the pool; 0: the pool is unlimited */
  guint used = 0;

  packer_init (&packer, n_items, hosts, n_hosts, identical, policy, bound);
  if (all_or_nothing && !packer.unbounded)
    {
      share = pool_share (&packer);
      packer.pool = 0;
    }
  placement->n_items = n_items;
  placement->items = items;
  placement->host_of = g_new (guint, MAX (n_items, 1u));
  for (guint k = 0; k < n_items; k++)
    {
      const HvpPlacementItem *item = &items[order[k]];
      gint64 found;

      packer.pool += share;
      found = find_or_open_host (&packer, item, used);

      if (found < 0)
        {
          placement->host_of[order[k]] = G_MAXUINT;
          placement->n_unplaced++;
          if (all_or_nothing)
            break;
          continue;
        }
      place (&packer, (guint) found, item);
      placement->host_of[order[k]] = (guint) found;
      used = MAX (used, (guint) found + 1);
    }

  /* Emptying hosts cannot beat the lower bound: skip it when first fit reached it. */
  if (packer.unbounded && used > 1 && used > bound)
    {
      eliminate_hosts (&packer, items, n_items, order, placement->host_of, used);
      used = compact_hosts (&packer, items, n_items, placement->host_of, used);
    }
  packer_finish (&packer, placement, packer.unbounded ? used : n_hosts);
  return placement;
}

/**
 * hvp_placement_empty_hosts:
 * @items: (array length=n_items): the VMs' demands
 * @n_items: number of items
 * @host: the capacity of each of the identical hosts
 * @order: (array length=n_items): the order of hvp_placement_order() (largest first)
 * @placement: a placement of @items on @n_used identical hosts whose host_of is filled; its
 *   n_hosts and usage are set here
 * @usage: (array length=n_used): what each host holds
 * @n_used: hosts used
 *
 * The emptying pass of hvp_placement_first_fit() for a packing made elsewhere (the norm-based
 * packer): from the least loaded host, the VMs of each host move to the others when they all fit
 * there; then the hosts left are renumbered in their order.  Private to planner/sizing/.
 */
void
hvp_placement_empty_hosts (const HvpPlacementItem *items, guint n_items,
                           const HvpPlacementBin *host, const guint *order,
                           HvpPlacement *placement, const HvpPlacementUsage *usage, guint n_used)
{
  Packer packer = { 0 };

  packer.hosts = host;
  packer.identical = TRUE;
  packer.unbounded = TRUE;
  packer.policy = HVP_PLACEMENT_FIRST_FIT;
  packer.capacity = power_of_two_at_least (n_used);
  packer.n_active = packer.capacity;
  packer.usage = g_new0 (HvpPlacementUsage, packer.capacity);
  memcpy (packer.usage, usage, n_used * sizeof (HvpPlacementUsage));
  eliminate_hosts (&packer, items, n_items, order, placement->host_of, n_used);
  packer_finish (&packer, placement,
                 compact_hosts (&packer, items, n_items, placement->host_of, n_used));
}
