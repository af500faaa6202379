/* hvplan: time-aligned packing: a host fits when the percentile of the sum of its VMs' samples,
 * instant by instant, is within its capacity (not the sum of the VMs' percentiles). */
#pragma once

#include <glib.h>

#include "planner/sizing/placement.h"

G_BEGIN_DECLS

/**
 * HvpCurve:
 * @samples: (array length=n_samples) (nullable): the VM's samples in their own unit (NaN a gap),
 *   or %NULL for a VM whose demand is the constant @fill
 * @n_samples: entries in @samples
 * @offset: the timeline slot of @samples[0]
 * @scale: a sample × @scale is the demand, in the host capacity's unit (bytes, processors)
 * @floor: the least demand after scaling
 * @ceiling: the most demand after scaling
 * @add: added after the clamp (per-VM memory overhead)
 * @fill: the demand at an instant without a sample (the VM's own percentile: what it is sized at
 *   when measured per VM), @add included
 *
 * One VM's demand of one resource over the timeline, computed from its samples when read (the
 * samples are not copied: a month of 5-minute samples of 10,000 VMs stays one copy).
 */
typedef struct {
  const gfloat *samples;
  guint n_samples;
  gint64 offset;
  double scale;
  double floor;
  double ceiling;
  double add;
  double fill;
} HvpCurve;

/**
 * HvpAlignedItem:
 * @item: the VM's other constraints: storage, uplinks, largest vCPUs, processor group (its
 *   memory and vCPUs are not read)
 * @memory: its memory demand, bytes
 * @processors: its processor demand, logical processors busy (fractional)
 *
 * One VM for hvp_aligned_pack().
 */
typedef struct {
  HvpPlacementItem item;
  HvpCurve memory;
  HvpCurve processors;
} HvpAlignedItem;

double hvp_curve_at (const HvpCurve *curve, guint slot);
void hvp_aligned_ranges (const HvpAlignedItem *items, guint n_items, guint n_slots,
                         double *ret_minimum, double *ret_maximum);
HvpPlacement *hvp_aligned_pack (const HvpAlignedItem *items, guint n_items, guint n_slots,
                                const HvpPlacementBin *host, double percentile, gboolean per_vm,
                                const double *minimum, const double *maximum);

G_END_DECLS
