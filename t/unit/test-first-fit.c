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

HVP_TEST_SUITE (first_fit)
{
  g_test_add_func ("/planner/sizing/first-fit/alone", test_first_fit_alone);
  g_test_add_func ("/planner/sizing/first-fit/all-or-nothing", test_all_or_nothing);
  g_test_add_func ("/planner/sizing/first-fit/grows-from-nothing", test_grows_from_nothing);
  g_test_add_func ("/planner/sizing/first-fit/empty-hosts", test_empty_hosts);
}
