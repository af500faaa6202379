/* hvplan: the VMs of a sizing by use: their measured demands on one timeline. */
#pragma once

#include <glib.h>

#include "planner/sizing/aligned.h"
#include "planner/sizing/demand.h"

G_BEGIN_DECLS

/**
 * HvpMeasuredSet:
 * @items: (array length=n_items): per VM (inventory order), its curves for hvp_aligned_pack()
 * @n_items: VMs
 * @n_slots: instants of the shared timeline (1 when no VM is measured or the series do not align)
 * @aligned: %TRUE when every measured VM's samples fall on one timeline (same interval, starts a
 *   whole number of intervals apart): time-aligned packing applies
 * @start_time: the timeline's first instant, seconds since the Unix epoch (UTC)
 * @interval_seconds: its step (0 when no VM is measured)
 * @n_measured: VMs sized by use (the others fall back to their configured demand)
 * @minimum: (array length=n_items*2) (nullable): hvp_aligned_ranges() of @items, once filled
 * @maximum: (array length=n_items*2) (nullable): likewise
 *
 * The measured side of a sizing.
 */
typedef struct {
  HvpAlignedItem *items;
  guint n_items;
  guint n_slots;
  gboolean aligned;
  gint64 start_time;
  guint interval_seconds;
  guint n_measured;
  double *minimum;
  double *maximum;
} HvpMeasuredSet;

HvpMeasuredSet *hvp_measured_set_new (const HvpInventory *source, const HvpPlanOptions *options,
                                      guint n_items);
void hvp_measured_set_add (HvpMeasuredSet *set, guint row, const HvpVm *vm,
                           const HvpVmDemand *demand, gboolean concurrent,
                           const HvpPlanOptions *options, HvpPlacementItem *item);
void hvp_measured_set_finish (HvpMeasuredSet *set);
void hvp_measured_set_free (HvpMeasuredSet *set);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpMeasuredSet, hvp_measured_set_free)

G_END_DECLS
