/* Unit tests of planner/sizing/placement.c: the bin packing, its lower bound and the failover check, on
 * small instances worked out by hand in the comments, and a larger generated one checked for
 * validity (no host over capacity, every VM placed once, never fewer hosts than the bound). */
#include <string.h>

#include "planner/sizing/placement.h"

#define GIB (G_GUINT64_CONSTANT (1) << 30)

static HvpPlacementItem
item (guint64 memory_gib, guint64 vcpus, guint64 storage_gib)
{
  return (HvpPlacementItem) { memory_gib * GIB, vcpus, storage_gib * GIB, 0, (guint) vcpus, 0 };
}

static HvpPlacementBin
host (guint64 memory_gib, guint64 vcpus, guint64 storage_gib, guint nics)
{
  return (HvpPlacementBin) { memory_gib * GIB, vcpus, storage_gib * GIB, nics, (guint) vcpus, 0 };
}

/* Every item on at most one host, no host over any capacity, usage consistent with the items. */
static void
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

static void
test_first_fit_decreasing (void)
{
  /* Memory 6, 5, 4, 3, 2 GiB on 10 GiB hosts.  First-fit decreasing: 6 → host 1; 5 → host 2
   * (6 + 5 > 10); 4 → host 1 (10); 3 → host 2 (8); 2 → host 2 (10).  Two hosts, which is the
   * bound ⌈20 / 10⌉ = 2. */
  HvpPlacementItem items[] = { item (3, 1, 1), item (6, 1, 1), item (2, 1, 1), item (5, 1, 1),
                               item (4, 1, 1) };
  HvpPlacementBin bin = host (10, 64, 1000, 4);
  g_autoptr (HvpPlacement) placement = hvp_placement_pack (items, G_N_ELEMENTS (items), &bin, 0,
                                                           TRUE, HVP_PLACEMENT_FIRST_FIT, NULL);
  guint bounds[HVP_N_RESOURCES];

  assert_valid (placement, items, G_N_ELEMENTS (items), &bin, TRUE);
  g_assert_cmpuint (placement->n_hosts, ==, 2);
  g_assert_cmpuint (placement->n_unplaced, ==, 0);
  g_assert_cmpuint (placement->host_of[1], ==, placement->host_of[4]); /* 6 + 4 */
  g_assert_cmpuint (placement->host_of[3], ==, placement->host_of[0]); /* 5 + 3 + 2 */
  g_assert_cmpuint (placement->host_of[3], ==, placement->host_of[2]);
  g_assert_cmpuint (placement->host_of[1], !=, placement->host_of[3]);
  g_assert_cmpuint (hvp_placement_lower_bound (items, G_N_ELEMENTS (items), &bin, 0, bounds), ==,
                    2);
  g_assert_cmpuint (bounds[HVP_RESOURCE_MEMORY], ==, 2);
  g_assert_cmpuint (bounds[HVP_RESOURCE_PROCESSORS], ==, 1);
  g_assert_cmpuint (bounds[HVP_RESOURCE_STORAGE], ==, 1);
  g_assert_cmpuint (bounds[HVP_RESOURCE_NICS], ==, 0);
}

static void
test_dominant_resource (void)
{
  /* Hosts of 100 GiB, 8 vCPUs.  Two VMs of 8 vCPUs and 1 GiB cannot share a host even though
   * their memory is tiny: processors decide, and the bound says so (⌈16 / 8⌉ = 2). */
  HvpPlacementItem items[] = { item (1, 8, 1), item (1, 8, 1), item (50, 0, 1) };
  HvpPlacementBin bin = host (100, 8, 1000, 4);
  g_autoptr (HvpPlacement) placement = hvp_placement_pack (items, G_N_ELEMENTS (items), &bin, 0,
                                                           TRUE, HVP_PLACEMENT_FIRST_FIT, NULL);
  guint bounds[HVP_N_RESOURCES];

  assert_valid (placement, items, G_N_ELEMENTS (items), &bin, TRUE);
  g_assert_cmpuint (placement->n_hosts, ==, 2);
  g_assert_cmpuint (placement->host_of[0], !=, placement->host_of[1]);
  g_assert_cmpuint (hvp_placement_lower_bound (items, 3, &bin, 0, bounds), ==, 2);
  g_assert_cmpuint (bounds[HVP_RESOURCE_PROCESSORS], ==, 2);
  /* With one spare host, memory and processors each need one more: ⌈16 / 8⌉ + 1 = 3. */
  g_assert_cmpuint (hvp_placement_lower_bound (items, 3, &bin, 1, bounds), ==, 3);
  g_assert_cmpuint (bounds[HVP_RESOURCE_STORAGE], ==, 1);
}

static void
test_uplinks_union (void)
{
  /* One-NIC hosts: VMs on uplink A can share a host, a VM on A and one on B cannot, a VM on A and
   * B fits no host. */
  HvpPlacementItem items[] = { item (1, 1, 1), item (1, 1, 1), item (1, 1, 1), item (1, 1, 1) };
  HvpPlacementBin bin = host (100, 64, 1000, 1);
  g_autoptr (HvpPlacement) placement = NULL;
  HvpResource resource = HVP_RESOURCE_MEMORY;

  items[0].uplinks = 1;
  items[1].uplinks = 1;
  items[2].uplinks = 2;
  items[3].uplinks = 3;
  placement = hvp_placement_pack (items, 4, &bin, 0, TRUE, HVP_PLACEMENT_FIRST_FIT, NULL);
  assert_valid (placement, items, 4, &bin, TRUE);
  g_assert_cmpuint (placement->n_unplaced, ==, 1);
  g_assert_cmpuint (placement->host_of[3], ==, G_MAXUINT);
  g_assert_cmpuint (placement->host_of[0], ==, placement->host_of[1]);
  g_assert_cmpuint (placement->host_of[0], !=, placement->host_of[2]);
  g_assert_cmpuint (placement->n_hosts, ==, 2);
  g_assert_false (hvp_placement_item_fits_empty (&items[3], &bin, &resource));
  g_assert_cmpint (resource, ==, HVP_RESOURCE_NICS);
  /* Two distinct uplinks on one-NIC hosts: at least 2 hosts. */
  g_assert_cmpuint (hvp_placement_lower_bound (items, 4, &bin, 0, NULL), ==, 2);
}

static void
test_processor_groups (void)
{
  /* Existing hosts: the first (roomy) does not take processor group 1, the second does.  The
   * saved-state VM must go to the second, the other VM to the first (first fit). */
  HvpPlacementItem items[] = { item (4, 2, 10), item (4, 2, 10) };
  HvpPlacementBin hosts[] = { host (64, 16, 1000, 2), host (16, 4, 100, 2) };
  g_autoptr (HvpPlacement) placement = NULL;
  HvpResource resource = HVP_RESOURCE_MEMORY;

  items[0].processor_group = 1;
  hosts[1].processor_groups = 1 << 1;
  placement = hvp_placement_pack (items, 2, hosts, 2, FALSE, HVP_PLACEMENT_FIRST_FIT, NULL);
  assert_valid (placement, items, 2, hosts, FALSE);
  g_assert_cmpuint (placement->host_of[0], ==, 1);
  g_assert_cmpuint (placement->host_of[1], ==, 0);
  g_assert_cmpuint (placement->n_hosts, ==, 2);
  g_assert_false (hvp_placement_item_fits_empty (&items[0], &hosts[0], &resource));
  g_assert_cmpint (resource, ==, HVP_RESOURCE_PROCESSORS);
}

static void
test_too_large (void)
{
  /* A VM larger than the host in memory, one with more vCPUs than logical processors, one too
   * large in storage: none placed, each named by its resource; the small one placed. */
  HvpPlacementItem items[] = { item (200, 1, 1), item (1, 32, 1), item (1, 1, 5000),
                               item (1, 1, 1) };
  HvpPlacementBin bin = host (128, 16, 1000, 2);
  g_autoptr (HvpPlacement) placement = NULL;
  HvpResource resource = HVP_RESOURCE_NICS;

  placement = hvp_placement_pack (items, 4, &bin, 0, TRUE, HVP_PLACEMENT_FIRST_FIT, NULL);
  assert_valid (placement, items, 4, &bin, TRUE);
  g_assert_cmpuint (placement->n_unplaced, ==, 3);
  g_assert_cmpuint (placement->n_hosts, ==, 1);
  g_assert_cmpuint (placement->host_of[3], ==, 0);
  g_assert_false (hvp_placement_item_fits_empty (&items[0], &bin, &resource));
  g_assert_cmpint (resource, ==, HVP_RESOURCE_MEMORY);
  g_assert_false (hvp_placement_item_fits_empty (&items[1], &bin, &resource));
  g_assert_cmpint (resource, ==, HVP_RESOURCE_PROCESSORS);
  g_assert_false (hvp_placement_item_fits_empty (&items[2], &bin, &resource));
  g_assert_cmpint (resource, ==, HVP_RESOURCE_STORAGE);
  g_assert_true (hvp_placement_item_fits_empty (&items[3], &bin, NULL));
}

static void
test_grows (void)
{
  /* 300 VMs of 60 GiB on 100 GiB hosts: one per host; the tree starts at the bound (180 → 256
   * leaves after the margin) and has to grow to hold 300. */
  g_autofree HvpPlacementItem *items = g_new (HvpPlacementItem, 300);
  HvpPlacementBin bin = host (100, 64, 1000, 2);
  g_autoptr (HvpPlacement) placement = NULL;

  for (guint i = 0; i < 300; i++)
    items[i] = item (60, 1, 1);
  placement = hvp_placement_pack (items, 300, &bin, 0, TRUE, HVP_PLACEMENT_FIRST_FIT, NULL);
  assert_valid (placement, items, 300, &bin, TRUE);
  g_assert_cmpuint (placement->n_hosts, ==, 300);
  g_assert_cmpuint (hvp_placement_lower_bound (items, 300, &bin, 0, NULL), ==, 180);
}

static void
test_spread (void)
{
  /* Six VMs of 8 GiB on 3 fixed hosts of 32 GiB: spreading puts two on each (16 GiB each), where
   * first fit would fill the first host with four. */
  HvpPlacementItem items[6];
  HvpPlacementBin bin = host (32, 64, 1000, 2);
  g_autoptr (HvpPlacement) spread = NULL;
  g_autoptr (HvpPlacement) first = NULL;

  for (guint i = 0; i < 6; i++)
    items[i] = item (8, 2, 1);
  spread = hvp_placement_pack (items, 6, &bin, 3, TRUE, HVP_PLACEMENT_SPREAD, NULL);
  assert_valid (spread, items, 6, &bin, TRUE);
  for (guint h = 0; h < 3; h++)
    g_assert_cmpuint (spread->usage[h].memory_bytes, ==, 16 * GIB);
  first = hvp_placement_pack (items, 6, &bin, 3, TRUE, HVP_PLACEMENT_FIRST_FIT, NULL);
  assert_valid (first, items, 6, &bin, TRUE);
  g_assert_cmpuint (first->usage[0].memory_bytes, ==, 32 * GIB);
  g_assert_cmpuint (first->usage[2].memory_bytes, ==, 0);
}

static void
test_survives_one (void)
{
  /* System Center 2012 VMM cluster reserve, R = 1, on 32 GiB hosts (the host reserve already
   * taken off), 8 GiB VMs:
   *
   * A: host 1 holds four (32), host 2 two (16).  Host 1 fails: LargestM 8, OtherM 24; host 2's
   *    extra = 32 − 16 − 8 = 8; 24 > 8: overcommitted.
   * B: three hosts with two each (16).  One fails: LargestM 8, OtherM 8; each survivor's extra
   *    = 32 − 16 − 8 = 8, total 16 ≥ 8: healthy. */
  HvpPlacementItem items[6];
  HvpPlacementBin bin = host (32, 64, 1000, 2);
  g_autoptr (HvpPlacement) packed = NULL;
  g_autoptr (HvpPlacement) spread = NULL;
  HvpResource resource = HVP_RESOURCE_NICS;
  guint failed = G_MAXUINT;

  for (guint i = 0; i < 6; i++)
    items[i] = item (8, 2, 1);
  packed = hvp_placement_pack (items, 6, &bin, 0, TRUE, HVP_PLACEMENT_FIRST_FIT, NULL);
  g_assert_cmpuint (packed->n_hosts, ==, 2);
  g_assert_true (hvp_placement_survives (packed, &bin, TRUE, 0, NULL, NULL));
  g_assert_false (hvp_placement_survives (packed, &bin, TRUE, 1, &resource, &failed));
  g_assert_cmpint (resource, ==, HVP_RESOURCE_MEMORY);
  g_assert_cmpuint (failed, ==, 0);

  spread = hvp_placement_pack (items, 6, &bin, 3, TRUE, HVP_PLACEMENT_SPREAD, NULL);
  g_assert_true (hvp_placement_survives (spread, &bin, TRUE, 1, NULL, NULL));
  /* Two failures: the two busiest (16 + 16 = 32) onto one survivor with extra 8: no. */
  g_assert_false (hvp_placement_survives (spread, &bin, TRUE, 2, &resource, NULL));
  /* As many spares as hosts: nothing is left to restart on. */
  g_assert_false (hvp_placement_survives (spread, &bin, TRUE, 3, NULL, NULL));
}

static void
test_survives_processors (void)
{
  /* Memory is plentiful, vCPUs are not: 16-vCPU hosts, VMs of 4 vCPUs, two hosts with 12 each.
   * Host 1 fails: largest 4, other 8; host 2's extra = 16 − 12 − 4 = 0: 8 > 0, short of
   * processors. */
  HvpPlacementItem items[6];
  HvpPlacementBin bin = host (1000, 16, 1000, 2);
  g_autoptr (HvpPlacement) placement = NULL;
  HvpResource resource = HVP_RESOURCE_NICS;

  for (guint i = 0; i < 6; i++)
    items[i] = item (1, 4, 1);
  placement = hvp_placement_pack (items, 6, &bin, 2, TRUE, HVP_PLACEMENT_SPREAD, NULL);
  g_assert_cmpuint (placement->usage[0].vcpus, ==, 12);
  g_assert_false (hvp_placement_survives (placement, &bin, TRUE, 1, &resource, NULL));
  g_assert_cmpint (resource, ==, HVP_RESOURCE_PROCESSORS);
}

static void
test_generated (void)
{
  /* 5,000 VMs of a mixed estate (a fixed pseudo-random sequence): every VM placed, every host
   * within capacity, the bound respected, and the same answer twice. */
  const guint n = 5000;
  g_autofree HvpPlacementItem *items = g_new0 (HvpPlacementItem, n);
  HvpPlacementBin bin = host (510, 64, 7000, 4);
  g_autoptr (HvpPlacement) first = NULL;
  g_autoptr (HvpPlacement) second = NULL;
  static const guint64 memory[] = { 2, 4, 4, 8, 8, 16, 32, 64 };
  guint32 state = 12345;
  guint bound;

  for (guint i = 0; i < n; i++)
    {
      state = state * 1103515245u + 12345u;
      items[i] = item (memory[(state >> 16) % G_N_ELEMENTS (memory)], 1 + (state >> 8) % 8,
                       40 + (state >> 4) % 400);
      items[i].uplinks = 1u << ((state >> 20) % 3);
    }
  first = hvp_placement_pack (items, n, &bin, 0, TRUE, HVP_PLACEMENT_FIRST_FIT, NULL);
  second = hvp_placement_pack (items, n, &bin, 0, TRUE, HVP_PLACEMENT_FIRST_FIT, NULL);
  assert_valid (first, items, n, &bin, TRUE);
  g_assert_cmpuint (first->n_unplaced, ==, 0);
  bound = hvp_placement_lower_bound (items, n, &bin, 0, NULL);
  g_assert_cmpuint (first->n_hosts, >=, bound);
  g_test_message ("generated: %u hosts, lower bound %u", first->n_hosts, bound);
  g_assert_cmpuint (first->n_hosts, ==, second->n_hosts);
  g_assert_cmpmem (first->host_of, n * sizeof (guint), second->host_of, n * sizeof (guint));
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
  HvpPlacementItem items[] = { item (1, 1, 1), item (1, 5, 3), item (1, 5, 2), item (1, 1, 5),
                               item (1, 1, 5) };
  HvpPlacementBin bin = host (100, 10, 10, 4);
  g_autoptr (HvpPlacement) placement = hvp_placement_pack (items, G_N_ELEMENTS (items), &bin, 0,
                                                           TRUE, HVP_PLACEMENT_FIRST_FIT, NULL);

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
   * and norm_pack()'s buckets follow memory, not their own share; 5 % of the VMs are off
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

static void
test_resource_names (void)
{
  g_assert_cmpstr (hvp_resource_to_string (HVP_RESOURCE_MEMORY), ==, "memory");
  g_assert_cmpstr (hvp_resource_to_string (HVP_RESOURCE_PROCESSORS), ==, "processors");
  g_assert_cmpstr (hvp_resource_to_string (HVP_RESOURCE_STORAGE), ==, "storage");
  g_assert_cmpstr (hvp_resource_to_string (HVP_RESOURCE_NICS), ==, "nics");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/planner/sizing/placement/first-fit-decreasing", test_first_fit_decreasing);
  g_test_add_func ("/planner/sizing/placement/dominant-resource", test_dominant_resource);
  g_test_add_func ("/planner/sizing/placement/uplinks-union", test_uplinks_union);
  g_test_add_func ("/planner/sizing/placement/processor-groups", test_processor_groups);
  g_test_add_func ("/planner/sizing/placement/too-large", test_too_large);
  g_test_add_func ("/planner/sizing/placement/grows", test_grows);
  g_test_add_func ("/planner/sizing/placement/spread", test_spread);
  g_test_add_func ("/planner/sizing/placement/survives-one", test_survives_one);
  g_test_add_func ("/planner/sizing/placement/survives-processors", test_survives_processors);
  g_test_add_func ("/planner/sizing/placement/generated", test_generated);
  g_test_add_func ("/planner/sizing/placement/norm-beats-first-fit", test_norm_beats_first_fit);
  g_test_add_func ("/planner/sizing/placement/norm-generated", test_norm_generated);
  g_test_add_func ("/planner/sizing/placement/norm-nics-dominate", test_norm_nics_dominate);
  g_test_add_func ("/planner/sizing/placement/resource-names", test_resource_names);
  return g_test_run ();
}
