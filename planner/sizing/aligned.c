/* hvplan: time-aligned packing (issue 17).  Where the VMs' series share timestamps, a host's load
 * is the sum of its VMs' samples at each instant, and a VM fits a host when the percentile of that
 * sum, with the VM added, is within the host's memory and processors (and its storage, uplinks,
 * logical processors and processor group fit as in placement.c).  VMs whose peaks fall at other
 * hours then share a host that the sum of their percentiles would refuse.  The same packer with
 * each VM's curve collapsed to its own percentile (per_vm) gives the count by per-VM percentiles,
 * so the two differ only in the fit test.  Packing is first-fit decreasing over identical hosts
 * by dominant share of the per-VM percentiles. */
#include "planner/sizing/aligned.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "planner/sizing/demand.h"
#include "planner/sizing/placement-private.h"

/* Full tests a host may fail in a row before it is closed (takes no more VMs): bounds the work to
 * O((VMs + hosts) × this × slots) on hosts filled to their percentile. */
#define CLOSE_AFTER_FAILURES 8

/**
 * hvp_curve_at:
 * @curve: a VM's demand of one resource
 * @slot: a timeline slot
 *
 * Returns: the demand at @slot: the sample × scale, clamped, plus the overhead; @curve's fill
 *   where it has no sample
 */
double
hvp_curve_at (const HvpCurve *curve, guint slot)
{
  gint64 i = (gint64) slot - curve->offset;
  double value;

  if (curve->samples == NULL || i < 0 || i >= curve->n_samples || isnan (curve->samples[i]))
    return curve->fill;
  value = (double) curve->samples[i] * curve->scale;
  return CLAMP (value, curve->floor, curve->ceiling) + curve->add;
}

static double largest (const double *values, guint n);

typedef struct {
  double *memory;
  double *processors;
  double memory_max;
  double processors_max;
  double memory_percentile;
  double processors_percentile;
  HvpPlacementUsage usage;
  guint failures;
} Host;

typedef struct {
  const HvpAlignedItem *items;
  guint n_slots;
  const HvpPlacementBin *bin;
  double percentile;
  gboolean per_vm;
  double *scratch;
  double *minimum;     /* per item: memory, processors */
  double *maximum;
} Packer;

/* @out[t] = @load[t] (0 when %NULL) + @curve's demand at t, for every slot: the samples' span in
 * one loop, the fill outside it. */
static void
curve_add (const Packer *packer, const HvpCurve *curve, const double *load, double *out)
{
  gint64 begin = 0, end = 0;

  if (!packer->per_vm && curve->samples != NULL)
    {
      begin = CLAMP (curve->offset, 0, (gint64) packer->n_slots);
      end = CLAMP (curve->offset + (gint64) curve->n_samples, begin, (gint64) packer->n_slots);
    }
  for (gint64 t = 0; t < begin; t++)
    out[t] = (load != NULL ? load[t] : 0) + curve->fill;
  for (gint64 t = begin; t < end; t++)
    {
      double sample = curve->samples[t - curve->offset];
      double value = isnan (sample) ? curve->fill
                                    : CLAMP (sample * curve->scale, curve->floor, curve->ceiling)
                                        + curve->add;

      out[t] = (load != NULL ? load[t] : 0) + value;
    }
  for (gint64 t = end; t < packer->n_slots; t++)
    out[t] = (load != NULL ? load[t] : 0) + curve->fill;
}

/* The percentile of @load + @curve over the timeline (@load %NULL: zero). */
static double
sum_percentile (const Packer *packer, const double *load, const HvpCurve *curve)
{
  curve_add (packer, curve, load, packer->scratch);
  return hvp_percentile_of_doubles (packer->scratch, packer->n_slots, packer->percentile);
}

/* The least and largest demand of each item over the timeline, into @packer->minimum and
 * ->maximum (per item: memory, processors). */
static void
packer_ranges (Packer *packer, guint n_items)
{
  for (guint i = 0; i < n_items; i++)
    {
      const HvpCurve *curves[2] = { &packer->items[i].memory, &packer->items[i].processors };

      for (guint r = 0; r < 2; r++)
        {
          double low = G_MAXDOUBLE;

          curve_add (packer, curves[r], NULL, packer->scratch);
          for (guint t = 0; t < packer->n_slots; t++)
            low = MIN (low, packer->scratch[t]);
          packer->minimum[2 * i + r] = low;
          packer->maximum[2 * i + r] = largest (packer->scratch, packer->n_slots);
        }
    }
}

/* Whether item @i fits @host, by the quick bounds first (the percentile of the sum is at least
 * the host's percentile plus the item's least demand, and at most the sum of the largest), then
 * by the percentile of the sum.  A failed full test counts towards closing the host. */
static gboolean
item_fits (const Packer *packer, Host *host, guint i)
{
  const HvpAlignedItem *item = &packer->items[i];
  HvpPlacementItem other = item->item;
  double memory_capacity = (double) packer->bin->memory_bytes;
  double processor_capacity = (double) packer->bin->vcpus;

  other.memory_bytes = 0;
  other.vcpus = 0;
  if (!hvp_placement_item_fits (&other, packer->bin, &host->usage)
      || host->memory_percentile + packer->minimum[2 * i] > memory_capacity
      || host->processors_percentile + packer->minimum[2 * i + 1] > processor_capacity)
    return FALSE;
  if (host->memory_max + packer->maximum[2 * i] <= memory_capacity
      && host->processors_max + packer->maximum[2 * i + 1] <= processor_capacity)
    return TRUE;
  if (sum_percentile (packer, host->memory, &item->memory) <= memory_capacity
      && sum_percentile (packer, host->processors, &item->processors) <= processor_capacity)
    return TRUE;
  host->failures++;
  return FALSE;
}

/* The largest of @values[0..@n). */
static double
largest (const double *values, guint n)
{
  double high = 0;

  for (guint t = 0; t < n; t++)
    high = MAX (high, values[t]);
  return high;
}

/* Adds item @i to @host: its load, maxima, percentiles and other usage. */
static void
host_add (const Packer *packer, Host *host, guint i)
{
  const HvpAlignedItem *item = &packer->items[i];

  curve_add (packer, &item->memory, host->memory, host->memory);
  curve_add (packer, &item->processors, host->processors, host->processors);
  host->memory_max = largest (host->memory, packer->n_slots);
  host->processors_max = largest (host->processors, packer->n_slots);
  memcpy (packer->scratch, host->memory, packer->n_slots * sizeof (double));
  host->memory_percentile = hvp_percentile_of_doubles (packer->scratch, packer->n_slots,
                                                       packer->percentile);
  memcpy (packer->scratch, host->processors, packer->n_slots * sizeof (double));
  host->processors_percentile = hvp_percentile_of_doubles (packer->scratch, packer->n_slots,
                                                           packer->percentile);
  hvp_placement_usage_add (&host->usage, &item->item);
  host->failures = 0;
}

static Host *
host_new (guint n_slots)
{
  Host *host = g_new0 (Host, 1);

  host->memory = g_new0 (double, MAX (n_slots, 1u));
  host->processors = g_new0 (double, MAX (n_slots, 1u));
  return host;
}

static void
host_free (gpointer data)
{
  Host *host = data;

  g_free (host->memory);
  g_free (host->processors);
  g_free (host);
}

/* The item indices largest first by dominant share of @bin of their per-VM demands (fills). */
static guint *
aligned_order (const HvpAlignedItem *items, guint n_items, const HvpPlacementBin *bin)
{
  g_autofree HvpPlacementSortKey *keys = g_new (HvpPlacementSortKey, MAX (n_items, 1u));
  guint *order = g_new (guint, MAX (n_items, 1u));

  for (guint i = 0; i < n_items; i++)
    {
      double share = MAX (items[i].memory.fill / MAX ((double) bin->memory_bytes, 1.0),
                          items[i].processors.fill / MAX ((double) bin->vcpus, 1.0));

      share = MAX (share, hvp_placement_share (items[i].item.storage_bytes, bin->storage_bytes));
      keys[i] = (HvpPlacementSortKey) { share, (guint64) items[i].memory.fill, i };
    }
  qsort (keys, n_items, sizeof *keys, hvp_placement_sort_key_compare);
  for (guint k = 0; k < n_items; k++)
    order[k] = keys[k].index;
  return order;
}

/* The placement of @hosts (Host) and @host_of, usage memory and processors their percentiles. */
static HvpPlacement *
placement_of (GPtrArray *hosts, guint *host_of, guint n_items, guint n_unplaced)
{
  HvpPlacement *placement = g_new0 (HvpPlacement, 1);

  placement->n_items = n_items;
  placement->host_of = host_of;
  placement->n_unplaced = n_unplaced;
  placement->n_hosts = hosts->len;
  placement->usage = g_new0 (HvpPlacementUsage, MAX (hosts->len, 1u));
  for (guint h = 0; h < hosts->len; h++)
    {
      const Host *host = g_ptr_array_index (hosts, h);

      placement->usage[h] = host->usage;
      placement->usage[h].memory_bytes = (guint64) ceil (host->memory_percentile);
      placement->usage[h].vcpus = (guint64) ceil (host->processors_percentile - 1e-9);
    }
  return placement;
}

/**
 * hvp_aligned_pack:
 * @items: (array length=n_items): the VMs
 * @n_items: how many
 * @n_slots: the instants of the shared timeline (1 with @per_vm)
 * @host: one model host: memory for VMs (bytes) and processor capacity (vCPUs: logical
 *   processors × ratio) are compared with percentiles of the load; storage, NICs, logical
 *   processors and processor groups as hvp_placement_pack() does
 * @percentile: 1 to 100
 * @per_vm: %TRUE to take each VM at its own percentile (each curve's fill) instead of its samples
 * @minimum: (nullable) (array length=n_items*2): hvp_aligned_ranges() of the same items (ignored
 *   with @per_vm), or %NULL to compute it here
 * @maximum: (nullable) (array length=n_items*2): likewise
 *
 * First-fit decreasing over as many identical hosts as needed with the time-aligned fit test
 * (see the top of this file); a host that fails CLOSE_AFTER_FAILURES full tests in a row takes no
 * more VMs.  A VM that fits no empty host is left out.
 *
 * Returns: (transfer full): the placement; each host's usage holds the percentile of its memory
 *   (bytes) and processor (vCPUs, rounded up) load; free with hvp_placement_free()
 */
/**
 * hvp_aligned_ranges:
 * @items: (array length=n_items): the VMs
 * @n_items: how many
 * @n_slots: the instants of the shared timeline
 * @ret_minimum: (out) (array length=n_items*2): per item its least memory and processor demand
 *   over the timeline
 * @ret_maximum: (out) (array length=n_items*2): likewise the largest
 *
 * What hvp_aligned_pack() needs of each item's curves whatever the host: compute it once for
 * every model of a catalog.
 */
void
hvp_aligned_ranges (const HvpAlignedItem *items, guint n_items, guint n_slots,
                    double *ret_minimum, double *ret_maximum)
{
  g_autofree double *scratch = g_new (double, MAX (n_slots, 1u));
  Packer packer = { items, MAX (n_slots, 1u), NULL, 100, FALSE, scratch, ret_minimum,
                    ret_maximum };

  g_return_if_fail (ret_minimum != NULL && ret_maximum != NULL);

  packer_ranges (&packer, n_items);
}

HvpPlacement *
hvp_aligned_pack (const HvpAlignedItem *items, guint n_items, guint n_slots,
                  const HvpPlacementBin *host, double percentile, gboolean per_vm,
                  const double *minimum, const double *maximum)
{
  g_autoptr (GPtrArray) hosts = g_ptr_array_new_with_free_func (host_free);
  g_autofree guint *order = aligned_order (items, n_items, host);
  g_autofree double *scratch = g_new (double, MAX (n_slots, 1u));
  g_autofree double *lows = g_new (double, 2 * MAX (n_items, 1u));
  g_autofree double *highs = g_new (double, 2 * MAX (n_items, 1u));
  Packer packer = { items, per_vm ? 1 : MAX (n_slots, 1u), host, percentile, per_vm, scratch,
                    lows, highs };
  guint *host_of = g_new (guint, MAX (n_items, 1u));
  guint n_unplaced = 0;
  g_autoptr (GArray) open = g_array_new (FALSE, FALSE, sizeof (guint));

  if (!per_vm && minimum != NULL && maximum != NULL)
    {
      memcpy (packer.minimum, minimum, 2 * n_items * sizeof (double));
      memcpy (packer.maximum, maximum, 2 * n_items * sizeof (double));
    }
  else
    packer_ranges (&packer, n_items);
  for (guint k = 0; k < n_items; k++)
    {
      guint i = order[k], chosen = G_MAXUINT;

      for (guint o = 0; o < open->len && chosen == G_MAXUINT; o++)
        {
          Host *candidate = g_ptr_array_index (hosts, g_array_index (open, guint, o));

          if (item_fits (&packer, candidate, i))
            chosen = g_array_index (open, guint, o);
          else if (candidate->failures >= CLOSE_AFTER_FAILURES)
            g_array_remove_index (open, o--);
        }
      if (chosen == G_MAXUINT)
        {
          g_autofree Host *empty = host_new (packer.n_slots);

          if (!item_fits (&packer, empty, i))
            {
              host_free (g_steal_pointer (&empty));
              host_of[i] = G_MAXUINT;
              n_unplaced++;
              continue;
            }
          chosen = hosts->len;
          g_ptr_array_add (hosts, g_steal_pointer (&empty));
          g_array_append_val (open, chosen);
        }
      host_add (&packer, g_ptr_array_index (hosts, chosen), i);
      host_of[i] = chosen;
    }
  return placement_of (hosts, host_of, n_items, n_unplaced);
}
