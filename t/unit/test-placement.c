/* Unit tests of planner/sizing/placement.c: hvp_placement_pack() and its kin, the lower bound and
 * the failover check, on small instances worked out by hand in the comments, and a larger
 * generated one checked for validity (no host over capacity, every VM placed once, never fewer
 * hosts than the bound).  First fit and the norm packer called directly: test-first-fit.c and
 * test-norm-pack.c. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "planner/sizing/placement.h"
#include "placement-fixtures.h"

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
test_survives_largest_fits_somewhere (void)
{
  /* 32 GiB hosts, VMs of 28 and 16 GiB: first fit puts one on each (free 4 and 16).  VMM's sum
   * passes (each host's VMs other than the largest: none), yet neither VM fits on the other
   * host: one failure loses a VM, so the cluster does not survive it. */
  HvpPlacementItem items[2] = { item (28, 2, 1), item (16, 2, 1) };
  HvpPlacementBin bin = host (32, 64, 1000, 2);
  g_autoptr (HvpPlacement) packed = NULL;
  HvpResource resource = HVP_RESOURCE_NICS;

  packed = hvp_placement_pack (items, 2, &bin, 0, TRUE, HVP_PLACEMENT_FIRST_FIT, NULL);
  g_assert_cmpuint (packed->n_hosts, ==, 2);
  g_assert_false (hvp_placement_survives (packed, &bin, TRUE, 1, &resource, NULL));
  g_assert_cmpint (resource, ==, HVP_RESOURCE_MEMORY);
}

static void
test_survives_many_replaced (void)
{
  /* Two VMs of 29 GiB on 30 GiB hosts, spread over 4: with two spares the two loaded hosts fail
   * and their VMs restart on the two empty ones.  KB 3023928's sums alone (no items) reserve the
   * largest VM, 29 GiB, on each survivor: 1 GiB extra each, 2 < 58: no.  On 3 hosts one VM has
   * nowhere to go. */
  HvpPlacementItem items[2] = { item (29, 2, 1), item (29, 2, 1) };
  HvpPlacementBin bin = host (30, 64, 1000, 2);
  g_autoptr (HvpPlacement) four = hvp_placement_pack (items, 2, &bin, 4, TRUE,
                                                      HVP_PLACEMENT_SPREAD, NULL);
  g_autoptr (HvpPlacement) three = hvp_placement_pack (items, 2, &bin, 3, TRUE,
                                                       HVP_PLACEMENT_SPREAD, NULL);
  HvpResource resource = HVP_RESOURCE_NICS;

  g_assert_true (four->items == items);
  g_assert_true (hvp_placement_survives (four, &bin, TRUE, 2, NULL, NULL));
  g_assert_false (hvp_placement_survives (three, &bin, TRUE, 2, &resource, NULL));
  g_assert_cmpint (resource, ==, HVP_RESOURCE_MEMORY);
  four->items = NULL;
  g_assert_false (hvp_placement_survives (four, &bin, TRUE, 2, NULL, NULL));
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

typedef struct {
  double share;
  guint64 memory_bytes;
  guint index;
} ReferenceKey;

static int
compare_reference_keys (const void *a, const void *b)
{
  const ReferenceKey *x = a;
  const ReferenceKey *y = b;

  if (x->share != y->share)
    return x->share > y->share ? -1 : 1;
  if (x->memory_bytes != y->memory_bytes)
    return x->memory_bytes > y->memory_bytes ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

static double
reference_share (guint64 demand, guint64 capacity)
{
  return demand == 0 ? 0 : capacity == 0 ? G_MAXDOUBLE : (double) demand / (double) capacity;
}

/* hvp_placement_order() of @items on @bin against the order it documents, by a sort of every VM:
 * dominant share descending, then memory descending, then index. */
static void
assert_order_documented (const HvpPlacementItem *items, guint n, const HvpPlacementBin *bin)
{
  g_autofree guint *order = hvp_placement_order (items, n, bin, 1, TRUE);
  g_autofree ReferenceKey *keys = g_new (ReferenceKey, n);

  for (guint i = 0; i < n; i++)
    {
      double share = reference_share (items[i].memory_bytes, bin->memory_bytes);

      share = MAX (share, reference_share (items[i].vcpus, bin->vcpus));
      share = MAX (share, reference_share (items[i].storage_bytes, bin->storage_bytes));
      share = MAX (share, reference_share ((guint64) __builtin_popcountll (items[i].uplinks),
                                           bin->nics));
      keys[i] = (ReferenceKey) { share, items[i].memory_bytes, i };
    }
  qsort (keys, n, sizeof *keys, compare_reference_keys);
  for (guint k = 0; k < n; k++)
    g_assert_cmpuint (order[k], ==, keys[k].index);
}

static void
test_order_grouped (void)
{
  /* 3,000 VMs of 24 shapes (templates) in a scrambled order, and one VM of 600 GiB, larger than
   * any host (510 GiB): placement.c sorts the 24 shapes and lays the VMs out shape by shape
   * (order_by_keys()); the order must be the one every VM sorted gives, the large VM first,
   * and the packing must leave it unplaced and place the others.  Then storage varied per VM
   * (more than 1,024 shapes, the sort of every VM): the same order again. */
  const guint n = 3001;
  g_autofree HvpPlacementItem *items = g_new0 (HvpPlacementItem, n);
  HvpPlacementBin bin = host (510, 64, 7000, 4);
  g_autoptr (HvpPlacement) placement = NULL;
  g_autofree guint *order = NULL;
  static const guint64 memory[] = { 2, 4, 8, 16, 32, 64, 128, 256 };
  guint32 state = 777;

  for (guint i = 0; i < n; i++)
    {
      state = state * 1103515245u + 12345u;
      items[i] = item (memory[(state >> 16) % G_N_ELEMENTS (memory)], 1u << ((state >> 8) % 3),
                       100);
      items[i].uplinks = 3;
    }
  items[1234] = item (600, 8, 100);
  assert_order_documented (items, n, &bin);
  order = hvp_placement_order (items, n, &bin, 1, TRUE);
  g_assert_cmpuint (order[0], ==, 1234);
  placement = hvp_placement_pack (items, n, &bin, 0, TRUE, HVP_PLACEMENT_FIRST_FIT, order);
  assert_valid (placement, items, n, &bin, TRUE);
  g_assert_cmpuint (placement->n_unplaced, ==, 1);
  g_assert_cmpuint (placement->host_of[1234], ==, G_MAXUINT);

  for (guint i = 0; i < n; i++)
    items[i].storage_bytes = (10 + i % 2000) * GIB;
  assert_order_documented (items, n, &bin);
}

static void
test_resource_names (void)
{
  g_assert_cmpstr (hvp_resource_to_string (HVP_RESOURCE_MEMORY), ==, "memory");
  g_assert_cmpstr (hvp_resource_to_string (HVP_RESOURCE_PROCESSORS), ==, "processors");
  g_assert_cmpstr (hvp_resource_to_string (HVP_RESOURCE_STORAGE), ==, "storage");
  g_assert_cmpstr (hvp_resource_to_string (HVP_RESOURCE_NICS), ==, "nics");
}

HVP_TEST_SUITE (placement)
{
  g_test_add_func ("/planner/sizing/placement/first-fit-decreasing", test_first_fit_decreasing);
  g_test_add_func ("/planner/sizing/placement/dominant-resource", test_dominant_resource);
  g_test_add_func ("/planner/sizing/placement/uplinks-union", test_uplinks_union);
  g_test_add_func ("/planner/sizing/placement/processor-groups", test_processor_groups);
  g_test_add_func ("/planner/sizing/placement/too-large", test_too_large);
  g_test_add_func ("/planner/sizing/placement/grows", test_grows);
  g_test_add_func ("/planner/sizing/placement/spread", test_spread);
  g_test_add_func ("/planner/sizing/placement/survives-one", test_survives_one);
  g_test_add_func ("/planner/sizing/placement/survives-largest-fits-somewhere",
                   test_survives_largest_fits_somewhere);
  g_test_add_func ("/planner/sizing/placement/survives-processors", test_survives_processors);
  g_test_add_func ("/planner/sizing/placement/survives-many-replaced",
                   test_survives_many_replaced);
  g_test_add_func ("/planner/sizing/placement/generated", test_generated);
  g_test_add_func ("/planner/sizing/placement/order-grouped", test_order_grouped);
  g_test_add_func ("/planner/sizing/placement/resource-names", test_resource_names);
}
