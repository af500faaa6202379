/* Unit tests of planner/sizing/norm-pack.c, the norm-based packer: directly on an instance worked
 * out by hand, and through hvp_placement_pack(), which keeps its packing when it uses fewer hosts
 * than first fit, on generated estates checked for validity and for their distance to the bound. */
#include <string.h>

#include "unit.h"
#include "planner/sizing/placement-private.h"
#include "placement-fixtures.h"

static void
test_norm_pack_direct (void)
{
  /* Bin by bin (see test_norm_beats_first_fit()): host 1 = v1, v3, v0; host 2 = v2, v4.  The
   * bound is 2, so no emptying pass follows. */
  HvpPlacementItem items[5];
  HvpPlacementBin bin;
  g_autofree guint *order = NULL;
  g_autoptr (HvpPlacement) placement = NULL;

  tight_pair_instance (items, &bin);
  order = hvp_placement_order (items, 5, &bin, 0, TRUE);
  placement = hvp_placement_norm_pack (items, 5, &bin, order, 2);
  assert_valid (placement, items, 5, &bin, TRUE);
  g_assert_cmpuint (placement->n_hosts, ==, 2);
  g_assert_cmpuint (placement->n_unplaced, ==, 0);
  g_assert_cmpuint (placement->host_of[0], ==, 0);
  g_assert_cmpuint (placement->host_of[1], ==, 0);
  g_assert_cmpuint (placement->host_of[2], ==, 1);
  g_assert_cmpuint (placement->host_of[3], ==, 0);
  g_assert_cmpuint (placement->host_of[4], ==, 1);
  g_assert_cmpuint (placement->usage[0].vms, ==, 3);
  g_assert_cmpuint (placement->usage[0].largest_vcpus, ==, 5);
}

static void
test_norm_pack_unplaced (void)
{
  /* A VM larger than an empty host is left out; the others fill one host. */
  HvpPlacementItem items[] = { item (200, 1, 1), item (4, 2, 10), item (4, 2, 10) };
  HvpPlacementBin bin = host (128, 16, 1000, 2);
  g_autofree guint *order = hvp_placement_order (items, 3, &bin, 0, TRUE);
  g_autoptr (HvpPlacement) placement = hvp_placement_norm_pack (items, 3, &bin, order, 1);

  assert_valid (placement, items, 3, &bin, TRUE);
  g_assert_cmpuint (placement->n_unplaced, ==, 1);
  g_assert_cmpuint (placement->host_of[0], ==, G_MAXUINT);
  g_assert_cmpuint (placement->n_hosts, ==, 1);
  g_assert_cmpuint (placement->usage[0].memory_bytes, ==, 8 * GIB);
}

static void
test_norm_beats_first_fit (void)
{
  /* Hosts of 10 vCPUs and 10 GiB of storage (memory plentiful); VMs (vCPUs, storage):
   * v0 (1, 1), v1 (5, 3), v2 (5, 2), v3 (1, 5), v4 (1, 5).  Totals (13, 16): bound 2.
   *
   * First fit, dominant order (shares 0.5 tie, then input order: v1, v2, v3, v4, v0):
   * v1 → host 1 (5, 3); v2 → host 1 (10, 5); v3 → host 2 (1, 5) (host 1 has no vCPU left);
   * v4 → host 2 (2, 10); v0 fits neither (vCPUs 11, storage 11) → host 3.  The order by the sum of
   * the shares is the same, and no host can be emptied (host 3's v0 fits neither; v3 or v4 need
   * host 1's vCPUs; v1 or v2 need host 2's storage): 3 hosts.
   *
   * Bin by bin, weights (total share / largest)⁴ = (1.3 / 1.6)⁴ ≈ 0.436 for vCPUs, 1 for storage
   * (memory ≈ 0), score Σ w s (2 free − s): empty host: v1 0.436 × 0.5 × 1.5 + 0.3 × 1.7 = 0.837,
   * v3 = v4 0.083 + 0.75 = 0.833, v2 0.327 + 0.36 = 0.687: v1, free (0.5, 0.7).  Then v3 (first
   * of v3, v4) 0.039 + 0.45 = 0.489 beats v2 0.109 + 0.24 = 0.349: free (0.4, 0.2).  Then only v0
   * fits: host 1 = v1, v3, v0 (7, 9); host 2 = v2, v4 (6, 7).  2 hosts, the bound. */
  HvpPlacementItem items[5];
  HvpPlacementBin bin;
  g_autoptr (HvpPlacement) placement = NULL;

  tight_pair_instance (items, &bin);
  placement = hvp_placement_pack (items, G_N_ELEMENTS (items), &bin, 0, TRUE,
                                  HVP_PLACEMENT_FIRST_FIT, NULL);

  assert_valid (placement, items, G_N_ELEMENTS (items), &bin, TRUE);
  g_assert_cmpuint (hvp_placement_lower_bound (items, G_N_ELEMENTS (items), &bin, 0, NULL), ==, 2);
  g_assert_cmpuint (placement->n_hosts, ==, 2);
  g_assert_cmpuint (placement->host_of[1], ==, 0);
  g_assert_cmpuint (placement->host_of[3], ==, 0);
  g_assert_cmpuint (placement->host_of[0], ==, 0);
  g_assert_cmpuint (placement->host_of[2], ==, 1);
  g_assert_cmpuint (placement->host_of[4], ==, 1);
  g_assert_cmpuint (placement->usage[0].vcpus, ==, 7);
  g_assert_cmpuint (placement->usage[1].storage_bytes, ==, 7 * GIB);
}

static void
test_norm_generated (void)
{
  /* 4,000 VMs tight in vCPUs and storage at once (the case of t/bench/size), a few with a saved
   * state from a processor the host cannot restore, VMs on 3 uplinks for 2 NICs: every VM that
   * fits placed, no host over capacity or NICs, the saved states left out, the same answer twice,
   * and within 5 % of the bound: 621 hosts for a bound of 610, where first fit alone (both orders,
   * emptying pass) needs 649, 6.4 % above. */
  const guint n = 4000;
  g_autofree HvpPlacementItem *items = g_new0 (HvpPlacementItem, n);
  HvpPlacementBin bin = host (512, 32, 2600, 2);
  g_autoptr (HvpPlacement) first = NULL;
  g_autoptr (HvpPlacement) second = NULL;
  static const guint64 vcpus[] = { 1, 2, 2, 2, 4, 4, 8, 16 };
  guint32 state = 2012;
  g_autofree HvpPlacementItem *placeable = g_new0 (HvpPlacementItem, n);
  guint bound, foreign = 0, n_placeable = 0;

  bin.processor_groups = 1u << 1;
  for (guint i = 0; i < n; i++)
    {
      state = state * 1103515245u + 12345u;
      items[i] = item (2 + (state >> 24) % 30, vcpus[(state >> 16) % G_N_ELEMENTS (vcpus)],
                       40 + (state >> 4) % 90 + ((state >> 12) % 2 ? (state >> 2) % 1000 : 0));
      items[i].uplinks = 1u << ((state >> 20) % 3);
      if ((state >> 8) % 50 == 0)
        items[i].processor_group = 1 + (state >> 9) % 2; /* 1 restores here, 2 does not */
      foreign += items[i].processor_group == 2;
    }
  first = hvp_placement_pack (items, n, &bin, 0, TRUE, HVP_PLACEMENT_FIRST_FIT, NULL);
  second = hvp_placement_pack (items, n, &bin, 0, TRUE, HVP_PLACEMENT_FIRST_FIT, NULL);
  assert_valid (first, items, n, &bin, TRUE);
  g_assert_cmpuint (foreign, >, 0);
  g_assert_cmpuint (first->n_unplaced, ==, foreign);
  for (guint i = 0; i < n; i++)
    g_assert_true ((first->host_of[i] == G_MAXUINT) == (items[i].processor_group == 2));
  /* The bound of the VMs that can be placed. */
  for (guint i = 0; i < n; i++)
    if (items[i].processor_group != 2)
      placeable[n_placeable++] = items[i];
  bound = hvp_placement_lower_bound (placeable, n_placeable, &bin, 0, NULL);
  g_test_message ("tight: %u hosts, lower bound %u", first->n_hosts, bound);
  g_assert_cmpuint (first->n_hosts, >=, bound);
  g_assert_cmpuint (100 * first->n_hosts, <=, 105 * bound);
  g_assert_cmpuint (first->n_hosts, ==, second->n_hosts);
  g_assert_cmpmem (first->host_of, n * sizeof (guint), second->host_of, n * sizeof (guint));
}

static void
test_norm_nics_dominate (void)
{
  /* t/bench/size's mix on its Dell R720 (254 GiB for VMs, 32 threads, 3,352 GiB, 4 NICs), at
   * 20,000 VMs: every VM uses the same 2 of the 4 NICs, so the NICs are every VM's largest share
   * and hvp_placement_norm_pack()'s buckets follow memory, not their own share; 5 % of the VMs are off
   * (storage only).  Valid, deterministic, within 3 % of the bound (2,108 hosts for 2,060) and no
   * host left with a single VM.  (The bench's own 100,000 VMs, where hosts were closed while VMs
   * that fit them waited deep in a bucket, are not reproduced at this size: the fall-back search
   * costs this shape 11 hosts, 2,097 before, and saves the bench's R720 about 480.) */
  const guint n = 20000;
  g_autofree HvpPlacementItem *items = g_new0 (HvpPlacementItem, n);
  HvpPlacementBin bin = host (254, 32, 3352, 4);
  g_autoptr (HvpPlacement) placement = NULL;
  static const struct { guint64 memory_gib, weight, vcpus[2]; } mix[] = {
    { 2, 30, { 1, 2 } }, { 4, 30, { 2, 2 } }, { 8, 20, { 2, 4 } }, { 16, 12, { 4, 8 } },
    { 32, 6, { 8, 8 } }, { 64, 2, { 8, 16 } },
  };
  guint32 state = 2008;
  guint bound, single = 0;

  for (guint i = 0; i < n; i++)
    {
      guint pick, c = 0;
      guint64 vcpus, storage_gib;

      state = state * 1103515245u + 12345u;
      for (pick = (state >> 8) % 100; pick >= mix[c].weight; c++)
        pick -= mix[c].weight;
      vcpus = mix[c].vcpus[(state >> 20) % 2];
      state = state * 1103515245u + 12345u;
      storage_gib = 40 + (state >> 8) % 88 + ((state >> 20) % 2 ? 50 + (state >> 4) % 951 : 0);
      items[i] = item (mix[c].memory_gib, vcpus, storage_gib);
      if ((state >> 24) % 20 == 0)
        items[i].memory_bytes = items[i].vcpus = items[i].largest_vcpus = 0; /* off */
      items[i].uplinks = 0x3;
    }
  placement = hvp_placement_pack (items, n, &bin, 0, TRUE, HVP_PLACEMENT_FIRST_FIT, NULL);
  assert_valid (placement, items, n, &bin, TRUE);
  bound = hvp_placement_lower_bound (items, n, &bin, 0, NULL);
  for (guint h = 0; h < placement->n_hosts; h++)
    single += placement->usage[h].vms == 1;
  g_test_message ("NICs dominate: %u hosts, lower bound %u, %u with one VM", placement->n_hosts,
                  bound, single);
  g_assert_cmpuint (placement->n_hosts, >=, bound);
  g_assert_cmpuint (100 * placement->n_hosts, <=, 103 * bound);
  g_assert_cmpuint (single, ==, 0);
}

/* hvp_placement_share_start() answers as hvp_placement_first_share_at_most() does, searched anew,
 * where it matters: shares that do not descend (the norm packer's buckets in first-fit order, by
 * NIC share then memory) and the limits of the packer, each size class half the one before, a host
 * filling (free shares falling by steps, often by none) then a new host from 1; few distinct
 * shares (the memo answers most searches) and many; one bucket empty. */
static void
test_share_start_memo (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (14);

  for (guint round = 0; round < 3; round++)
    {
      guint n = round == 2 ? 0 : 1000;
      g_autofree double *shares = g_new (double, MAX (n, 1u));
      HvpShareStart memo[6];
      guint searches = 0, remembered = 0;
      double free_share = 1;

      for (guint p = 0; p < n; p++)
        shares[p] = round == 0 ? (double) g_rand_int_range (rand, 1, 9) / 16
                               : g_rand_double_range (rand, 0, 1);
      /* Mostly descending with runs out of order, as a bucket in first-fit order is. */
      for (guint p = 1; p < n; p++)
        if (g_rand_int_range (rand, 0, 4) != 0 && shares[p] > shares[p - 1])
          {
            double swap = shares[p];

            shares[p] = shares[p - 1];
            shares[p - 1] = swap;
          }
      for (guint c = 0; c < G_N_ELEMENTS (memo); c++)
        memo[c] = HVP_SHARE_START_INIT;
      for (guint step = 0; step < 20000; step++)
        {
          double limit = free_share;

          for (guint c = 0; c < G_N_ELEMENTS (memo); c++, limit /= 2)
            {
              double low, high;
              guint fresh = hvp_placement_first_share_at_most (shares, 1, n, limit, &low, &high);
              gboolean hit = limit >= memo[c].low && limit < memo[c].high;

              g_assert_cmpuint (hvp_placement_share_start (shares, 1, n, limit, &memo[c]), ==,
                                fresh);
              g_assert_cmpfloat (low, <=, limit);
              g_assert_cmpfloat (limit, <, high);
              searches++;
              remembered += hit;
            }
          if (g_rand_int_range (rand, 0, 3) == 0)
            free_share -= g_rand_double_range (rand, 0, 0.2);
          if (free_share < 0 || g_rand_int_range (rand, 0, 40) == 0)
            free_share = 1;
        }
      g_test_message ("round %u: %u of %u searches answered by the memo", round, remembered,
                      searches);
      g_assert_cmpuint (remembered, >, 0);
      g_assert_cmpuint (remembered, <, searches);
    }
}

/* The edge: one VM larger than any host is left out and changes nothing else, on an estate whose
 * buckets are out of share order (every VM's largest share its NICs', as on t/bench/size): the
 * others are placed exactly as without it. */
static void
test_norm_pack_oversized_changes_nothing (void)
{
  enum { N = 2000 };
  g_autoptr (GRand) rand = g_rand_new_with_seed (1400);
  g_autofree HvpPlacementItem *items = g_new (HvpPlacementItem, N + 1);
  HvpPlacementBin bin = host (512, 64, 4000, 4);
  g_autofree guint *order = NULL, *order_without = NULL;
  g_autoptr (HvpPlacement) with = NULL, without = NULL;
  guint bound;

  for (guint i = 0; i < N; i++)
    {
      items[i] = item ((guint64) 1 << g_rand_int_range (rand, 1, 7), g_rand_int_range (rand, 1, 9),
                       g_rand_int_range (rand, 40, 1100));
      items[i].uplinks = 3;
    }
  items[N] = item (600, 2, 100); /* more memory than a host has */
  order = hvp_placement_order (items, N + 1, &bin, 0, TRUE);
  order_without = hvp_placement_order (items, N, &bin, 0, TRUE);
  /* The bound of the VMs that fit (the oversized one's memory would raise it). */
  bound = hvp_placement_lower_bound (items, N, &bin, 0, NULL);
  with = hvp_placement_norm_pack (items, N + 1, &bin, order, bound);
  without = hvp_placement_norm_pack (items, N, &bin, order_without, bound);
  assert_valid (with, items, N + 1, &bin, TRUE);
  g_assert_cmpuint (with->n_unplaced, ==, 1);
  g_assert_cmpuint (with->host_of[N], ==, G_MAXUINT);
  g_assert_cmpuint (without->n_unplaced, ==, 0);
  g_assert_cmpuint (with->n_hosts, ==, without->n_hosts);
  g_assert_cmpmem (with->host_of, N * sizeof (guint), without->host_of, N * sizeof (guint));
}

HVP_TEST_SUITE (norm_pack)
{
  g_test_add_func ("/planner/sizing/norm-pack/direct", test_norm_pack_direct);
  g_test_add_func ("/planner/sizing/norm-pack/unplaced", test_norm_pack_unplaced);
  g_test_add_func ("/planner/sizing/norm-pack/beats-first-fit", test_norm_beats_first_fit);
  g_test_add_func ("/planner/sizing/norm-pack/generated", test_norm_generated);
  g_test_add_func ("/planner/sizing/norm-pack/nics-dominate", test_norm_nics_dominate);
  g_test_add_func ("/planner/sizing/norm-pack/share-start-memo", test_share_start_memo);
  g_test_add_func ("/planner/sizing/norm-pack/oversized-changes-nothing",
                   test_norm_pack_oversized_changes_nothing);
}
