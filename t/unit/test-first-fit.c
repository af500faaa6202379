/* Unit tests of planner/sizing/first-fit.c called directly: first fit without the other packings
 * hvp_placement_pack() tries, giving up at the first item with all_or_nothing, growing the tree
 * past its first estimate, and the emptying pass on a placement made by hand. */
#include <string.h>

#include "unit.h"
#include "planner/sizing/placement-private.h"
#include "placement-fixtures.h"

static void
test_first_fit_alone (void)
{
  /* test-norm-pack.c's instance, hosts of 10 vCPUs and 10 GiB of storage; VMs (vCPUs, storage)
   * v0 (1, 1), v1 (5, 3), v2 (5, 2), v3 (1, 5), v4 (1, 5), taken v1, v2, v3, v4, v0: v1 and v2
   * fill host 1's vCPUs, v3 and v4 host 2's storage, v0 opens host 3; no host can be emptied
   * (v0 fits neither; v3 or v4 need host 1's vCPUs; v1 or v2 host 2's storage): 3 hosts for a
   * bound of 2, where the norm packer finds 2. */
  HvpPlacementItem items[5];
  HvpPlacementBin bin;
  g_autofree guint *order = NULL;
  g_autoptr (HvpPlacement) placement = NULL;

  tight_pair_instance (items, &bin);
  order = hvp_placement_order (items, 5, &bin, 0, TRUE);
  g_assert_cmpuint (order[0], ==, 1);
  g_assert_cmpuint (order[4], ==, 0);
  placement = hvp_placement_first_fit (items, 5, &bin, 0, TRUE, HVP_PLACEMENT_FIRST_FIT, order,
                                       2, FALSE);
  assert_valid (placement, items, 5, &bin, TRUE);
  g_assert_cmpuint (placement->n_hosts, ==, 3);
  g_assert_cmpuint (placement->host_of[1], ==, 0);
  g_assert_cmpuint (placement->host_of[2], ==, 0);
  g_assert_cmpuint (placement->host_of[3], ==, 1);
  g_assert_cmpuint (placement->host_of[4], ==, 1);
  g_assert_cmpuint (placement->host_of[0], ==, 2);
}

static void
test_all_or_nothing (void)
{
  /* Two fixed hosts of 10 GiB, VMs of 8, 8, 8 and 1 GiB: the third fits neither.  Without
   * all_or_nothing the packing goes on and the last VM joins host 1 (8 + 1); with it, the
   * packing stops there, one item short (hvp_placement_pack_all() then answers NULL). */
  HvpPlacementItem items[] = { item (8, 1, 1), item (8, 1, 1), item (8, 1, 1), item (1, 1, 1) };
  HvpPlacementBin hosts[] = { host (10, 64, 1000, 2), host (10, 64, 1000, 2) };
  g_autofree guint *order = hvp_placement_order (items, 4, hosts, 2, FALSE);
  g_autoptr (HvpPlacement) going_on = NULL;
  g_autoptr (HvpPlacement) stopped = NULL;

  going_on = hvp_placement_first_fit (items, 4, hosts, 2, FALSE, HVP_PLACEMENT_FIRST_FIT, order,
                                      0, FALSE);
  assert_valid (going_on, items, 4, hosts, FALSE);
  g_assert_cmpuint (going_on->n_unplaced, ==, 1);
  g_assert_cmpuint (going_on->host_of[2], ==, G_MAXUINT);
  g_assert_cmpuint (going_on->host_of[3], ==, 0);
  stopped = hvp_placement_first_fit (items, 4, hosts, 2, FALSE, HVP_PLACEMENT_FIRST_FIT, order,
                                     0, TRUE);
  g_assert_cmpuint (stopped->n_unplaced, ==, 1);
  g_assert_cmpuint (stopped->host_of[2], ==, G_MAXUINT);
  g_assert_cmpuint (stopped->n_hosts, ==, 2);
  g_assert_cmpuint (stopped->usage[0].memory_bytes, ==, 8 * GIB);
  g_assert_null (hvp_placement_pack_all (items, 4, hosts, 2, FALSE, HVP_PLACEMENT_FIRST_FIT,
                                         order));
}

/* 4,096 fixed hosts whose tree misleads a search for the hard VM (50 GiB, 32 vCPUs): host 0 has
 * 10 GiB and 64 vCPUs, then hosts alternate 100 GiB with 1 vCPU and 1 GiB with 64 vCPUs, so every
 * node above them has the maxima of both and passes, and only the last host (100 GiB, 64 vCPUs)
 * holds it: finding it looks at the whole tree, 8,191 nodes.  Past the budget (256), all or
 * nothing, each VM adds 16 nodes per bit of the host count to the pool as its turn comes: 192.
 * Taken first, the hard VM has 192 nodes to look at and the packing gives up; taken after 60 easy
 * VMs (1 GiB, 1 vCPU; 10 on host 0, then one on each of hosts 1-50, each found within the budget)
 * it has their shares too, 11,712 nodes, and is placed.  Without all or nothing the search has no
 * pool and places it first. */
static void
test_pool_comes_with_items (void)
{
  enum { HOSTS = 4096, EASY = 60 };
  g_autofree HvpPlacementBin *hosts = g_new (HvpPlacementBin, HOSTS);
  HvpPlacementItem items[EASY + 1];
  guint hard_first[EASY + 1], hard_last[EASY + 1];
  g_autoptr (HvpPlacement) first = NULL;
  g_autoptr (HvpPlacement) last = NULL;
  g_autoptr (HvpPlacement) unlimited = NULL;

  hosts[0] = host (10, 64, 1000, 4);
  for (guint h = 1; h < HOSTS - 1; h++)
    hosts[h] = h % 2 == 1 ? host (100, 1, 1000, 4) : host (1, 64, 1000, 4);
  hosts[HOSTS - 1] = host (100, 64, 1000, 4);
  items[0] = item (50, 32, 1);
  for (guint i = 0; i <= EASY; i++)
    {
      if (i > 0)
        items[i] = item (1, 1, 1);
      hard_first[i] = i;
      hard_last[i] = (i + 1) % (EASY + 1);
    }

  first = hvp_placement_first_fit (items, EASY + 1, hosts, HOSTS, FALSE, HVP_PLACEMENT_FIRST_FIT,
                                   hard_first, 0, TRUE);
  g_assert_cmpuint (first->n_unplaced, ==, 1);
  g_assert_cmpuint (first->host_of[0], ==, G_MAXUINT);
  g_assert_cmpuint (first->usage[HOSTS - 1].vms, ==, 0);

  last = hvp_placement_first_fit (items, EASY + 1, hosts, HOSTS, FALSE, HVP_PLACEMENT_FIRST_FIT,
                                  hard_last, 0, TRUE);
  assert_valid (last, items, EASY + 1, hosts, FALSE);
  g_assert_cmpuint (last->n_unplaced, ==, 0);
  g_assert_cmpuint (last->host_of[0], ==, HOSTS - 1);
  g_assert_cmpuint (last->usage[0].vms, ==, 10);
  g_assert_cmpuint (last->host_of[EASY], ==, EASY - 10);

  unlimited = hvp_placement_first_fit (items, EASY + 1, hosts, HOSTS, FALSE,
                                       HVP_PLACEMENT_FIRST_FIT, hard_first, 0, FALSE);
  assert_valid (unlimited, items, EASY + 1, hosts, FALSE);
  g_assert_cmpuint (unlimited->n_unplaced, ==, 0);
  g_assert_cmpuint (unlimited->host_of[0], ==, HOSTS - 1);
}

static void
test_grows_from_nothing (void)
{
  /* A bound of 0 sizes the tree at one host: ten VMs of 60 GiB on 100 GiB hosts make it double
   * four times (1, 2, 4, 8, 16 leaves), one VM per host. */
  HvpPlacementItem items[10];
  HvpPlacementBin bin = host (100, 64, 1000, 2);
  g_autofree guint *order = NULL;
  g_autoptr (HvpPlacement) placement = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    items[i] = item (60, 1, 1);
  order = hvp_placement_order (items, 10, &bin, 0, TRUE);
  placement = hvp_placement_first_fit (items, 10, &bin, 0, TRUE, HVP_PLACEMENT_FIRST_FIT, order,
                                       0, FALSE);
  assert_valid (placement, items, 10, &bin, TRUE);
  g_assert_cmpuint (placement->n_hosts, ==, 10);
  for (guint i = 0; i < 10; i++)
    g_assert_cmpuint (placement->host_of[i], ==, i);
}

static void
test_empty_hosts (void)
{
  /* 10 GiB hosts, placed by hand: host 1 holds v0 (6 GiB), host 2 v1 (2), host 3 v2 (2), host 4
   * v3 (9).  Least loaded first, later hosts first on a tie: host 3's v2 moves to host 1 (8),
   * host 2's v1 too (10); host 1 now holds others' VMs and is not tried; host 4's v3 fits no open
   * host (hosts 2 and 3 stay closed), so it stays.  Two hosts, renumbered: v0, v1, v2 on the
   * first, v3 on the second. */
  HvpPlacementItem items[] = { item (6, 1, 1), item (2, 1, 1), item (2, 1, 1), item (9, 1, 1) };
  HvpPlacementBin bin = host (10, 64, 1000, 2);
  g_autofree guint *order = hvp_placement_order (items, 4, &bin, 0, TRUE);
  g_autoptr (HvpPlacement) placement = g_new0 (HvpPlacement, 1);
  HvpPlacementUsage usage[4] = { { 0 } };

  placement->n_items = 4;
  placement->host_of = g_new (guint, 4);
  for (guint i = 0; i < 4; i++)
    {
      placement->host_of[i] = i;
      hvp_placement_usage_add (&usage[i], &items[i]);
    }
  hvp_placement_empty_hosts (items, 4, &bin, order, placement, usage, 4);
  assert_valid (placement, items, 4, &bin, TRUE);
  g_assert_cmpuint (placement->n_hosts, ==, 2);
  g_assert_cmpuint (placement->host_of[0], ==, 0);
  g_assert_cmpuint (placement->host_of[1], ==, 0);
  g_assert_cmpuint (placement->host_of[2], ==, 0);
  g_assert_cmpuint (placement->host_of[3], ==, 1);
  g_assert_cmpuint (placement->usage[0].memory_bytes, ==, 10 * GIB);
  g_assert_cmpuint (placement->usage[0].vms, ==, 3);
  g_assert_cmpuint (placement->usage[1].largest_memory_bytes, ==, 9 * GIB);
}

/* The segment tree's updates stop at the first node a placement leaves unchanged
 * (update_leaf()): the tree must still lead to the first host that fits.  On 60 identical hosts
 * (127 tree nodes: no search can run out of its budget of 256), first fit over a fixed number of
 * hosts puts each VM where a plain scan of the hosts, leftmost first, puts it, for VMs tight in
 * memory, vCPUs and storage at once; the edge: one VM larger than any host is left unplaced and
 * the others go where they would without it. */
static void
test_tree_updates_first_host (void)
{
  enum { N = 3000, HOSTS = 60 };
  g_autoptr (GRand) rand = g_rand_new_with_seed (1401);
  g_autofree HvpPlacementItem *items = g_new (HvpPlacementItem, N);
  g_autofree HvpPlacementUsage *usage = g_new0 (HvpPlacementUsage, HOSTS);
  HvpPlacementBin bin = host (256, 48, 2000, 4);
  g_autofree guint *order = NULL;
  g_autoptr (HvpPlacement) placement = NULL;
  guint placed = 0;

  for (guint i = 0; i < N; i++)
    items[i] = item (g_rand_int_range (rand, 1, 33), g_rand_int_range (rand, 1, 9),
                     g_rand_int_range (rand, 10, 400));
  items[N / 2] = item (300, 4, 100); /* more memory than a host has */
  order = hvp_placement_order (items, N, &bin, 0, TRUE);
  placement = hvp_placement_pack (items, N, &bin, HOSTS, TRUE, HVP_PLACEMENT_FIRST_FIT, order);
  assert_valid (placement, items, N, &bin, TRUE);
  g_assert_cmpuint (placement->host_of[N / 2], ==, G_MAXUINT);
  for (guint k = 0; k < N; k++)
    {
      guint i = order[k], expected = G_MAXUINT;

      for (guint h = 0; h < HOSTS && expected == G_MAXUINT; h++)
        if (hvp_placement_item_fits (&items[i], &bin, &usage[h]))
          expected = h;
      g_assert_cmpuint (placement->host_of[i], ==, expected);
      if (expected != G_MAXUINT)
        {
          hvp_placement_usage_add (&usage[expected], &items[i]);
          placed++;
        }
    }
  /* The hosts fill up: VMs are turned away for want of room, not only the oversized one. */
  g_assert_cmpuint (placement->n_unplaced, >, 1);
  g_assert_cmpuint (placed, ==, N - placement->n_unplaced);
}

/* The emptying pass the long way, for test_tree_updates_emptying(): hosts least loaded first (by
 * their fullest resource; ties, later hosts first), each still holding just its own VMs closed and
 * its VMs (largest first) moved each to the first open host that takes it, all moved or none;
 * then the hosts left renumbered in order.  What eliminate_hosts() does when no search runs out of
 * budget. */
static guint
empty_hosts_by_scan (const HvpPlacementItem *items, guint n, const HvpPlacementBin *bin,
                     const guint *order, guint *host_of, HvpPlacementUsage *usage, guint hosts)
{
  g_autofree guint *own = g_memdup2 (host_of, n * sizeof (guint));
  g_autofree guint *undo = g_new (guint, n);
  g_autofree gboolean *closed = g_new0 (gboolean, hosts);
  g_autofree double *load = g_new (double, hosts);
  g_autofree guint *renumber = g_new (guint, hosts);
  HvpPlacementUsage *saved = g_new (HvpPlacementUsage, hosts);
  guint used = 0;

  for (guint h = 0; h < hosts; h++)
    load[h] = MAX (MAX (hvp_placement_share (usage[h].memory_bytes, bin->memory_bytes),
                        hvp_placement_share (usage[h].vcpus, bin->vcpus)),
                   hvp_placement_share (usage[h].storage_bytes, bin->storage_bytes));
  for (guint tried = 0; tried < hosts; tried++)
    {
      guint h = G_MAXUINT, still = 0;
      gboolean all = TRUE;

      for (guint g = 0; g < hosts; g++) /* the least loaded not tried yet, later first */
        if (load[g] >= 0 && (h == G_MAXUINT || load[g] <= load[h]))
          h = g;
      load[h] = -1;
      for (guint i = 0; i < n; i++)
        still += own[i] == h && host_of[i] == h;
      if (usage[h].vms == 0 || usage[h].vms != still)
        continue;
      closed[h] = TRUE;
      memcpy (undo, host_of, n * sizeof (guint));
      memcpy (saved, usage, hosts * sizeof (HvpPlacementUsage));
      for (guint k = 0; k < n && all; k++)
        {
          guint i = order[k], to = G_MAXUINT;

          if (own[i] != h || host_of[i] != h)
            continue;
          for (guint g = 0; g < hosts && to == G_MAXUINT; g++)
            if (!closed[g] && hvp_placement_item_fits (&items[i], bin, &usage[g]))
              to = g;
          all = to != G_MAXUINT;
          if (all)
            {
              hvp_placement_usage_add (&usage[to], &items[i]);
              host_of[i] = to;
            }
        }
      if (all)
        memset (&usage[h], 0, sizeof usage[h]);
      else
        {
          memcpy (host_of, undo, n * sizeof (guint));
          memcpy (usage, saved, hosts * sizeof (HvpPlacementUsage));
          closed[h] = FALSE;
        }
    }
  for (guint h = 0; h < hosts; h++)
    renumber[h] = usage[h].vms > 0 ? used++ : G_MAXUINT;
  for (guint i = 0; i < n; i++)
    host_of[i] = renumber[host_of[i]];
  g_free (saved);
  return used;
}

/* The same updates where free room grows again: the emptying pass closes a host (its leaf
 * zeroed), moves VMs, and undoes the moves when one VM fits nowhere, and a node that kept a stale
 * smaller maximum would hide a host that fits.  On 100 hosts (255 tree nodes: within the budget)
 * loaded unevenly by hand, hvp_placement_empty_hosts() leaves each VM where the scan of
 * empty_hosts_by_scan() does, with some hosts emptied and some moves undone. */
static void
test_tree_updates_emptying (void)
{
  enum { N = 1500, HOSTS = 100 };
  g_autoptr (GRand) rand = g_rand_new_with_seed (1402);
  g_autofree HvpPlacementItem *items = g_new (HvpPlacementItem, N);
  g_autofree HvpPlacementUsage *usage = g_new0 (HvpPlacementUsage, HOSTS);
  g_autofree guint *expected = g_new (guint, N);
  HvpPlacementBin bin = host (256, 48, 2000, 4);
  g_autofree guint *order = NULL;
  g_autoptr (HvpPlacement) placement = g_new0 (HvpPlacement, 1);
  guint expected_hosts;

  placement->n_items = N;
  placement->host_of = g_new (guint, N);
  for (guint i = 0; i < N; i++)
    {
      /* Hosts 0-29 full of VMs heavy in storage or in vCPUs, the others a few small ones each. */
      guint h = i < 900 ? i % 30 : 30 + i % 70;

      if (i < 900)
        items[i] = i % 2 ? item (g_rand_int_range (rand, 1, 4), 1, g_rand_int_range (rand, 60, 110))
                         : item (g_rand_int_range (rand, 1, 4), g_rand_int_range (rand, 2, 5), 10);
      else
        items[i] = item (g_rand_int_range (rand, 1, 24), g_rand_int_range (rand, 1, 6),
                         g_rand_int_range (rand, 10, 300));
      if (!hvp_placement_item_fits (&items[i], &bin, &usage[h]))
        for (h = 0; !hvp_placement_item_fits (&items[i], &bin, &usage[h]); h++)
          ;
      placement->host_of[i] = h;
      hvp_placement_usage_add (&usage[h], &items[i]);
    }
  order = hvp_placement_order (items, N, &bin, 0, TRUE);
  memcpy (expected, placement->host_of, N * sizeof (guint));
  hvp_placement_empty_hosts (items, N, &bin, order, placement, usage, HOSTS);
  expected_hosts = empty_hosts_by_scan (items, N, &bin, order, expected, usage, HOSTS);
  assert_valid (placement, items, N, &bin, TRUE);
  g_test_message ("emptying: %u hosts of %u left", placement->n_hosts, HOSTS);
  g_assert_cmpuint (placement->n_hosts, <, HOSTS);
  g_assert_cmpuint (placement->n_hosts, >, 30);
  g_assert_cmpuint (placement->n_hosts, ==, expected_hosts);
  g_assert_cmpmem (placement->host_of, N * sizeof (guint), expected, N * sizeof (guint));
}

/* Places @items in @order on the first of @n_hosts hosts (copies of @hosts[0] when @identical)
 * that takes each, by a scan; asserts that @placement did the same. */
static void
assert_first_host_by_scan (const HvpPlacement *placement, const HvpPlacementItem *items, guint n,
                           const guint *order, const HvpPlacementBin *hosts, guint n_hosts,
                           gboolean identical)
{
  g_autofree HvpPlacementUsage *usage = g_new0 (HvpPlacementUsage, n_hosts);

  for (guint k = 0; k < n; k++)
    {
      guint i = order[k], expected = G_MAXUINT;

      for (guint h = 0; h < n_hosts && expected == G_MAXUINT; h++)
        if (hvp_placement_item_fits (&items[i], identical ? &hosts[0] : &hosts[h], &usage[h]))
          expected = h;
      g_assert_cmpuint (placement->host_of[i], ==, expected);
      if (expected != G_MAXUINT)
        hvp_placement_usage_add (&usage[expected], &items[i]);
    }
}

/* A random VM of up to 16 GiB, 8 vCPUs (its largest up to 40) and 200 GiB, in processor group
 * 0 (any) or 1..3, on up to 3 of 6 uplinks. */
static HvpPlacementItem
random_item (GRand *rand)
{
  HvpPlacementItem vm = item (g_rand_int_range (rand, 1, 17), g_rand_int_range (rand, 1, 9),
                              g_rand_int_range (rand, 10, 201));

  if (g_rand_int_range (rand, 0, 8) == 0)
    vm.largest_vcpus = g_rand_int_range (rand, 8, 41);
  if (g_rand_int_range (rand, 0, 4) == 0)
    vm.processor_group = g_rand_int_range (rand, 1, 4);
  for (guint u = 0; u < 3; u++)
    vm.uplinks |= G_GUINT64_CONSTANT (1) << g_rand_int_range (rand, 0, 6);
  return vm;
}

/* The tree's tests of logical processors and processor groups, which it keeps per node for
 * hosts that differ and tests once per search for identical hosts (a node of identical hosts
 * has the host's count where its groups are not 0): first fit over a fixed number of hosts (31
 * tree nodes: within the budget) puts each VM where a scan of the hosts puts it.  Hosts that
 * differ in memory, vCPUs, storage, NICs, logical processors and groups; then identical hosts of
 * 16 logical processors in groups 1 and 2, where a VM of more vCPUs than that or of group 3 fits
 * none. */
static void
test_tree_processors_and_groups (void)
{
  enum { N = 1500, HOSTS = 16 };
  g_autoptr (GRand) rand = g_rand_new_with_seed (1403);
  g_autofree HvpPlacementItem *items = g_new (HvpPlacementItem, N);
  HvpPlacementBin hosts[HOSTS];
  HvpPlacementBin bin = host (256, 48, 2000, 4);

  for (guint h = 0; h < HOSTS; h++)
    {
      hosts[h] = host (g_rand_int_range (rand, 64, 257), g_rand_int_range (rand, 16, 65),
                       g_rand_int_range (rand, 500, 2001), g_rand_int_range (rand, 2, 5));
      hosts[h].logical_processors = g_rand_int_range (rand, 8, 33);
      hosts[h].processor_groups = (guint64) g_rand_int_range (rand, 0, 16) << 1;
    }
  for (guint i = 0; i < N; i++)
    items[i] = random_item (rand);
  bin.logical_processors = 16;
  bin.processor_groups = 0x6;
  for (guint identical = 0; identical <= 1; identical++)
    {
      const HvpPlacementBin *offered = identical ? &bin : hosts;
      g_autofree guint *order = hvp_placement_order (items, N, offered, HOSTS, identical);
      g_autoptr (HvpPlacement) placement = NULL;

      placement = hvp_placement_pack (items, N, offered, HOSTS, identical,
                                      HVP_PLACEMENT_FIRST_FIT, order);
      assert_valid (placement, items, N, offered, identical);
      assert_first_host_by_scan (placement, items, N, order, offered, HOSTS, identical);
      g_assert_cmpuint (placement->n_unplaced, >, 1);
    }
}

HVP_TEST_SUITE (first_fit)
{
  g_test_add_func ("/planner/sizing/first-fit/alone", test_first_fit_alone);
  g_test_add_func ("/planner/sizing/first-fit/all-or-nothing", test_all_or_nothing);
  g_test_add_func ("/planner/sizing/first-fit/pool-comes-with-items",
                   test_pool_comes_with_items);
  g_test_add_func ("/planner/sizing/first-fit/grows-from-nothing", test_grows_from_nothing);
  g_test_add_func ("/planner/sizing/first-fit/empty-hosts", test_empty_hosts);
  g_test_add_func ("/planner/sizing/first-fit/tree-updates-first-host",
                   test_tree_updates_first_host);
  g_test_add_func ("/planner/sizing/first-fit/tree-updates-emptying", test_tree_updates_emptying);
  g_test_add_func ("/planner/sizing/first-fit/tree-processors-and-groups",
                   test_tree_processors_and_groups);
}
