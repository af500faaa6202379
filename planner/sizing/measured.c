/* hvplan: the VMs of a sizing by use (`hvplan size --basis measured`): each VM's measured demand
 * (demand.c) as the placement's scalar demand and as curves over one shared timeline for the
 * time-aligned fit test (aligned.c). */
#include "planner/sizing/measured.h"

#include <math.h>

/* The longest shared timeline: two years of 30-second samples.  Series further apart are not
 * aligned (their instants do not meet anyway). */
#define MAX_TIMELINE_SLOTS (2u * 366 * 24 * 120)

/**
 * hvp_measured_set_free:
 * @set: (nullable) (transfer full): a set
 */
void
hvp_measured_set_free (HvpMeasuredSet *set)
{
  if (set == NULL)
    return;
  g_free (set->items);
  g_free (set->minimum);
  g_free (set->maximum);
  g_free (set);
}

/**
 * hvp_measured_set_finish:
 * @set: a set whose every VM was added
 *
 * Computes what every model's packing reads of the curves (hvp_aligned_ranges()), once.
 */
void
hvp_measured_set_finish (HvpMeasuredSet *set)
{
  g_return_if_fail (set != NULL);

  if (!set->aligned || set->minimum != NULL)
    return;
  set->minimum = g_new (double, 2 * MAX (set->n_items, 1u));
  set->maximum = g_new (double, 2 * MAX (set->n_items, 1u));
  hvp_aligned_ranges (set->items, set->n_items, set->n_slots, set->minimum, set->maximum);
}

/* The timeline of @source's VMs that @options would size by use: the earliest start, the one
 * interval, the slots up to the latest sample; not aligned when intervals differ, starts are not
 * a whole number of intervals apart, or it would exceed MAX_TIMELINE_SLOTS. */
static void
set_timeline (HvpMeasuredSet *set, const HvpInventory *source, const HvpPlanOptions *options)
{
  guint min_samples = hvp_demand_min_samples (options->percentile);
  gint64 end = 0;
  gboolean any = FALSE;

  set->aligned = TRUE;
  for (guint pass = 0; pass < 2; pass++)
    for (guint h = 0; h < source->hosts->len; h++)
      {
        const HvpHost *host = g_ptr_array_index (source->hosts, h);

        for (guint v = 0; v < host->vms->len; v++)
          {
            const HvpUtilization *u = ((const HvpVm *) g_ptr_array_index (host->vms, v))->utilization;

            if (u == NULL || hvp_utilization_n_samples (u) < min_samples)
              continue;
            if (pass == 0 && (!any || u->start_time < set->start_time))
              set->start_time = u->start_time;
            if (pass == 0 && any && u->interval_seconds != set->interval_seconds)
              set->aligned = FALSE;
            if (pass == 0)
              set->interval_seconds = u->interval_seconds;
            any = TRUE;
            if (pass == 1 && (u->start_time - set->start_time) % set->interval_seconds != 0)
              set->aligned = FALSE;
            if (pass == 1)
              end = MAX (end, (u->start_time - set->start_time) / set->interval_seconds
                                + (gint64) hvp_utilization_n_slots (u));
          }
      }
  if (!any || end > MAX_TIMELINE_SLOTS)
    set->aligned = FALSE;
  set->n_slots = set->aligned ? (guint) MAX (end, 1) : 1;
}

/**
 * hvp_measured_set_new:
 * @source: the inventory being sized
 * @options: the percentile (which VMs have samples enough)
 * @n_items: the VMs of @source
 *
 * Returns: (transfer full): a set with the timeline of @source's measured VMs and @n_items
 *   constant zero curves, to be filled by hvp_measured_set_add()
 */
HvpMeasuredSet *
hvp_measured_set_new (const HvpInventory *source, const HvpPlanOptions *options, guint n_items)
{
  HvpMeasuredSet *set = g_new0 (HvpMeasuredSet, 1);

  g_return_val_if_fail (source != NULL && options != NULL, NULL);

  set->n_items = n_items;
  set->items = g_new0 (HvpAlignedItem, MAX (n_items, 1u));
  set_timeline (set, source, options);
  return set;
}

/* A curve that is @value at every instant. */
static HvpCurve
constant_curve (double value)
{
  return (HvpCurve) { NULL, 0, 0, 1, 0, G_MAXDOUBLE, 0, value };
}

/**
 * hvp_measured_set_add:
 * @set: a set
 * @row: the VM's index (inventory order)
 * @vm: the VM
 * @demand: its measured demand (hvp_vm_demand_measure())
 * @concurrent: it runs at the same time as the others (else it takes no memory or processors)
 * @options: growth and per-VM overhead
 * @item: (inout): its configured demand (sizing.c); memory and vCPUs become the measured ones
 *   (memory grown plus overhead; vCPUs rounded up) when @demand is measured
 *
 * Records the VM's curves: memory bytes = clamp(sample MiB × comfort × growth, floor × growth,
 * ceiling × growth) + overhead; processors = clamp(sample % / 100 × vCPUs × comfort, 0, vCPUs);
 * at instants without a sample, its percentile.  A VM not measured is its configured demand at
 * every instant.
 */
void
hvp_measured_set_add (HvpMeasuredSet *set, guint row, const HvpVm *vm, const HvpVmDemand *demand,
                      gboolean concurrent, const HvpPlanOptions *options, HvpPlacementItem *item)
{
  HvpAlignedItem *aligned;
  const HvpUtilization *u = vm->utilization;
  double growth = 1 + options->growth_percent / 100.0;
  guint64 memory, overhead;

  g_return_if_fail (set != NULL && row < set->n_items && demand != NULL && item != NULL);

  aligned = &set->items[row];
  aligned->item = *item;
  if (!concurrent || !demand->measured)
    {
      aligned->memory = constant_curve ((double) item->memory_bytes);
      aligned->processors = constant_curve ((double) item->vcpus);
      return;
    }
  set->n_measured++;
  memory = hvp_add_percent (demand->memory_bytes, options->growth_percent);
  overhead = hvp_plan_options_vm_overhead (options, memory);
  item->memory_bytes = hvp_add_saturating (memory, overhead);
  item->vcpus = (guint64) ceil (demand->vcpus - 1e-9);
  aligned->item = *item;
  aligned->memory = constant_curve ((double) item->memory_bytes);
  aligned->processors = constant_curve (demand->vcpus);
  if (!set->aligned)
    return;
  aligned->memory = (HvpCurve) {
    (const gfloat *) u->memory_demand_mib->data, u->memory_demand_mib->len,
    (u->start_time - set->start_time) / set->interval_seconds,
    (double) HVP_MIB * options->comfort_factor * growth,
    (double) demand->memory_floor_bytes * growth, (double) demand->memory_ceiling_bytes * growth,
    (double) overhead, (double) item->memory_bytes };
  aligned->processors = (HvpCurve) {
    (const gfloat *) u->processor_percent->data, u->processor_percent->len,
    aligned->memory.offset, vm->vcpus / 100.0 * options->comfort_factor, 0, vm->vcpus, 0,
    demand->vcpus };
}
