/* Unit tests of planner/sizing/aligned.c: the time-aligned fit test against per-VM percentiles,
 * on curves built by hand. */
#include "unit.h"
#include "planner/sizing/aligned.h"

static const gfloat morning[] = { 6, 6, 1, 1 };
static const gfloat evening[] = { 1, 1, 6, 6 };

static HvpAlignedItem
item (const gfloat *samples, double fill)
{
  HvpAlignedItem aligned = { 0 };

  aligned.memory = (HvpCurve) { samples, 4, 0, 1, 0, G_MAXDOUBLE, 0, fill };
  aligned.processors = (HvpCurve) { NULL, 0, 0, 1, 0, G_MAXDOUBLE, 0, 1 };
  return aligned;
}

static void
test_curve (void)
{
  HvpCurve curve = { morning, 4, 1, 2, 3, 10, 0.5, 7 };

  /* Slot 0 is before the samples: the fill; slot 1 is sample 0: 6 × 2 = 12, clamped to 10, + 0.5;
   * slot 3 is sample 2: 1 × 2 = 2, raised to 3, + 0.5; slot 5 is after: the fill. */
  g_assert_cmpfloat (hvp_curve_at (&curve, 0), ==, 7);
  g_assert_cmpfloat (hvp_curve_at (&curve, 1), ==, 10.5);
  g_assert_cmpfloat (hvp_curve_at (&curve, 3), ==, 3.5);
  g_assert_cmpfloat (hvp_curve_at (&curve, 5), ==, 7);
}

static void
test_opposite_peaks (void)
{
  HvpAlignedItem items[] = { item (morning, 6), item (evening, 6) };
  HvpPlacementBin bin = { 8, 4, 100, 2, 4, 1 };
  g_autoptr (HvpPlacement) aligned = hvp_aligned_pack (items, 2, 4, &bin, 100, FALSE, NULL, NULL);
  g_autoptr (HvpPlacement) per_vm = hvp_aligned_pack (items, 2, 1, &bin, 100, TRUE, NULL, NULL);

  /* Time-aligned the sum is 7 at every slot: one host of 8.  Per VM 6 + 6 = 12: two. */
  g_assert_cmpuint (aligned->n_hosts, ==, 1);
  g_assert_cmpuint (aligned->usage[0].memory_bytes, ==, 7);
  g_assert_cmpuint (aligned->usage[0].vcpus, ==, 2);
  g_assert_cmpuint (per_vm->n_hosts, ==, 2);
  /* A host of 6: neither fits together; a VM of 9 fits no host and is left out. */
  bin.memory_bytes = 6;
  g_clear_pointer (&aligned, hvp_placement_free);
  aligned = hvp_aligned_pack (items, 2, 4, &bin, 100, FALSE, NULL, NULL);
  g_assert_cmpuint (aligned->n_hosts, ==, 2);
  items[1].memory.scale = 1.5;
  g_clear_pointer (&aligned, hvp_placement_free);
  aligned = hvp_aligned_pack (items, 2, 4, &bin, 100, FALSE, NULL, NULL);
  g_assert_cmpuint (aligned->n_unplaced, ==, 1);
  g_assert_cmpuint (aligned->host_of[1], ==, G_MAXUINT);
}

static void
test_percentile_not_max (void)
{
  /* Both peak at slot 0 only: the sum is 12, 2, 2, 2.  At the 75th percentile (the 3rd of 4) the
   * host's load is 2: both fit a host of 8; at the 100th they do not. */
  static const gfloat spike[] = { 6, 1, 1, 1 };
  HvpAlignedItem items[] = { item (spike, 1), item (spike, 1) };
  HvpPlacementBin bin = { 8, 4, 100, 2, 4, 1 };
  g_autoptr (HvpPlacement) p75 = hvp_aligned_pack (items, 2, 4, &bin, 75, FALSE, NULL, NULL);
  g_autoptr (HvpPlacement) p100 = hvp_aligned_pack (items, 2, 4, &bin, 100, FALSE, NULL, NULL);

  g_assert_cmpuint (p75->n_hosts, ==, 1);
  g_assert_cmpuint (p100->n_hosts, ==, 2);
}

HVP_TEST_SUITE (aligned)
{
  g_test_add_func ("/planner/aligned/curve", test_curve);
  g_test_add_func ("/planner/aligned/opposite-peaks", test_opposite_peaks);
  g_test_add_func ("/planner/aligned/percentile-not-max", test_percentile_not_max);
}
