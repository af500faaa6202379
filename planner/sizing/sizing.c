/* hvplan: sizing.  From the source VMs' demands (the plan's per-VM numbers: planner/checks/),
 * for each catalog model the hosts it takes to hold every VM with a failover reserve, and where
 * each VM goes (planner/sizing/placement.c); or the placement onto several existing hosts. */
#include "planner/sizing/sizing.h"

#include <math.h>
#include <string.h>

#include "planner/checks/checks.h"
#include "planner/checks/compatibility-rules.h"
#include "planner/sizing/licence.h"
#include "planner/sizing/measured.h"

/* A processor group: the saved-state VMs of one source host with one processor-compatibility
 * setting restore on the same processors. */
typedef struct {
  const HvpProcessor *from;
  gboolean processor_compatibility;
} ProcessorGroup;

/* What every model is measured against. */
typedef struct {
  HvpPlacementItem *items;
  guint n_items;
  GArray *groups;           /* ProcessorGroup, group g at index g - 1 */
  guint64 reserve_bytes;
  double vcpu_ratio;
  guint spare;
  HvpMeasuredSet *measured;  /* --basis measured, else NULL */
  const HvpCatalog *catalog; /* its licence prices, for catalog models */
  HvpLicensing licensing;
  double percentile;
  const GPtrArray *vms;      /* (element-type HvpSizingVm): the sizing's, for the licence bill */
} Demand;

static void
demand_clear (Demand *demand)
{
  g_free (demand->items);
  g_clear_pointer (&demand->groups, g_array_unref);
  g_clear_pointer (&demand->measured, hvp_measured_set_free);
}

static void
sizing_vm_free (gpointer data)
{
  HvpSizingVm *vm = data;

  g_free (vm->name);
  g_free (vm->configuration_version);
  g_free (vm->demand);
  g_free (vm);
}

static void
sizing_host_free (gpointer data)
{
  HvpSizingHost *host = data;

  g_free (host->name);
  g_clear_pointer (&host->vms, g_array_unref);
  g_free (host);
}

static void
sizing_model_free (gpointer data)
{
  HvpSizingModel *model = data;

  g_free (model->name);
  g_clear_pointer (&model->hosts, g_ptr_array_unref);
  g_clear_pointer (&model->findings, g_ptr_array_unref);
  g_free (model);
}

/**
 * hvp_sizing_free:
 * @sizing: (nullable) (transfer full): a sizing (its options are not freed)
 */
void
hvp_sizing_free (HvpSizing *sizing)
{
  if (sizing == NULL)
    return;
  g_free (sizing->source_name);
  g_clear_pointer (&sizing->vms, g_ptr_array_unref);
  g_clear_pointer (&sizing->models, g_ptr_array_unref);
  g_clear_pointer (&sizing->findings, g_ptr_array_unref);
  g_free (sizing);
}

static void add_finding (GPtrArray *findings, HvpVerdict severity, HvpRequirementKind requirement,
                         const char *vm, const char *format, ...) G_GNUC_PRINTF (5, 6);

static void
add_finding (GPtrArray *findings, HvpVerdict severity, HvpRequirementKind requirement,
             const char *vm, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (findings, hvp_finding_new_valist (severity, requirement, vm, format, args));
  va_end (args);
}

static HvpRequirementKind
requirement_of (HvpResource resource)
{
  switch (resource)
    {
    case HVP_RESOURCE_PROCESSORS:
      return HVP_REQUIREMENT_PROCESSOR;
    case HVP_RESOURCE_STORAGE:
      return HVP_REQUIREMENT_STORAGE;
    case HVP_RESOURCE_NICS:
      return HVP_REQUIREMENT_NETWORK;
    case HVP_RESOURCE_MEMORY:
    case HVP_N_RESOURCES:
    default:
      return HVP_REQUIREMENT_MEMORY;
    }
}

/* A destination that lacks nothing, so that the plan's checks yield the per-VM numbers and only
 * findings about the source. */
static HvpInventory *
unlimited_destination (void)
{
  HvpInventory *inventory = hvp_inventory_new ();
  HvpHost *host = hvp_inventory_ensure_host (inventory, "(sizing)");

  host->memory_bytes = G_MAXUINT64;
  host->logical_processors = G_MAXUINT;
  g_ptr_array_add (host->volumes, hvp_volume_new ("(any)", G_MAXUINT64, G_MAXUINT64));
  return inventory;
}

/* Findings of the plan against unlimited_destination() that concern the source: unknown sizes,
 * memory and states, switches of unknown type, configurations not read.  The others are about
 * that destination. */
static gboolean
is_source_finding (const HvpFinding *finding)
{
  if (finding->requirement == HVP_REQUIREMENT_STORAGE
      || finding->requirement == HVP_REQUIREMENT_MEMORY
      || finding->requirement == HVP_REQUIREMENT_INVENTORY)
    return TRUE;
  return finding->requirement == HVP_REQUIREMENT_NETWORK
         && g_str_has_prefix (finding->message, "type of switch");
}

typedef struct {
  GHashTable *bits[2];  /* physical NIC names, External switch names (the inventory's) → bit + 1 */
  guint n_bits;         /* bits given out, over both tables */
  guint64 uplinks;
  gboolean overflow;
} UplinkVisit;

/* Bits are given out in the order uplinks are first met, over the NICs and switches together;
 * the names are the source inventory's, which outlives the visit (no copy per VM). */
static void
visit_uplink (const char *name, gboolean is_switch, gpointer user_data)
{
  UplinkVisit *visit = user_data;
  GHashTable *bits = visit->bits[is_switch ? 1 : 0];
  guint bit = GPOINTER_TO_UINT (g_hash_table_lookup (bits, name));

  if (bit == 0)
    {
      if (visit->n_bits >= HVP_PLACEMENT_MAX_UPLINKS)
        {
          visit->overflow = TRUE;
          return;
        }
      bit = ++visit->n_bits;
      g_hash_table_insert (bits, (gpointer) name, GUINT_TO_POINTER (bit));
    }
  visit->uplinks |= G_GUINT64_CONSTANT (1) << (bit - 1);
}

static guint
processor_group (GArray *groups, const HvpHost *host, const HvpVm *vm)
{
  for (guint g = 0; g < groups->len; g++)
    {
      const ProcessorGroup *group = &g_array_index (groups, ProcessorGroup, g);

      if (group->from == &host->processor
          && group->processor_compatibility == vm->processor_compatibility)
        return g + 1;
    }
  if (groups->len >= HVP_PLACEMENT_MAX_PROCESSOR_GROUPS)
    return 0;
  g_array_append_val (groups, ((ProcessorGroup) { &host->processor, vm->processor_compatibility }));
  return groups->len;
}

/* A sizing without models, with the plan's findings that concern the source. */
static HvpSizing *
sizing_alloc (const HvpPlan *plan, const HvpPlanOptions *options)
{
  HvpSizing *sizing = g_new0 (HvpSizing, 1);

  sizing->source_name = g_strdup (plan->source_name);
  sizing->options = options;
  sizing->vms = g_ptr_array_new_full (plan->vms->len, sizing_vm_free);
  sizing->models = g_ptr_array_new_with_free_func (sizing_model_free);
  sizing->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) hvp_finding_free);
  sizing->best = -1;
  for (guint i = 0; i < plan->findings->len; i++)
    {
      const HvpFinding *finding = g_ptr_array_index (plan->findings, i);

      if (is_source_finding (finding))
        add_finding (sizing->findings, finding->severity, finding->requirement, finding->vm,
                     "%s", finding->message);
    }
  return sizing;
}

static void
demand_init (Demand *demand, guint n_items, const HvpPlanOptions *options)
{
  demand->n_items = n_items;
  demand->items = g_new0 (HvpPlacementItem, MAX (n_items, 1u));
  demand->groups = g_array_new (FALSE, FALSE, sizeof (ProcessorGroup));
  demand->reserve_bytes = options->host_reserve_bytes;
  demand->vcpu_ratio = options->vcpu_ratio;
  demand->spare = options->spare_hosts;
  demand->percentile = options->percentile;
  demand->licensing = options->licensing;
}

/* The memory, vCPUs and storage of @plan_vm as @item: grown, with overhead and headroom. */
static void
item_set_amounts (HvpPlacementItem *item, const HvpPlanVm *plan_vm, const HvpPlanOptions *options)
{
  if (plan_vm->concurrent)
    {
      guint64 memory = hvp_add_percent (plan_vm->memory_bytes, options->growth_percent);

      item->memory_bytes = hvp_add_saturating (memory,
                                               hvp_plan_options_vm_overhead (options, memory));
      item->vcpus = plan_vm->vcpus;
    }
  item->largest_vcpus = plan_vm->vcpus;
  item->storage_bytes = hvp_add_percent (hvp_add_percent (plan_vm->storage_bytes,
                                                          options->growth_percent),
                                         options->storage_headroom_percent);
}

/* The External uplinks of @vm and, for a saved state, its processor group, in @item;
 * %HVP_ERROR_UNSUPPORTED past the uplinks or processor groups the packing tells apart.  @visit
 * holds the uplinks' bits over every VM. */
static gboolean
item_set_constraints (HvpPlacementItem *item, Demand *demand, UplinkVisit *visit,
                      const HvpHost *host, const HvpVm *vm, gboolean saved_state, GError **error)
{
  visit->uplinks = 0;
  hvp_vm_visit_uplinks (host, vm, visit_uplink, visit);
  if (visit->overflow)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_UNSUPPORTED,
                   "the source VMs use more than %d distinct External uplinks (physical "
                   "NICs or External switches): sizing tells at most %d apart",
                   HVP_PLACEMENT_MAX_UPLINKS, HVP_PLACEMENT_MAX_UPLINKS);
      return FALSE;
    }
  item->uplinks = visit->uplinks;
  if (!saved_state)
    return TRUE;
  item->processor_group = processor_group (demand->groups, host, vm);
  if (item->processor_group == 0)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_UNSUPPORTED,
                   "VMs with saved states come from more than %d source hosts: "
                   "sizing tells at most %d processors apart",
                   HVP_PLACEMENT_MAX_PROCESSOR_GROUPS, HVP_PLACEMENT_MAX_PROCESSOR_GROUPS);
      return FALSE;
    }
  return TRUE;
}

/* Adds @plan_vm with its demand @item to @sizing's VMs and totals; on the measured basis, its
 * measured demand replaces the configured one in @item (measured.c).  The row's name and
 * configuration version (copies of @vm's label and version: add_vm_rows() in plan.c) move into
 * the sizing's VM: the plan is the sizing's own and is freed next. */
static void
sizing_add_vm (HvpSizing *sizing, HvpPlanVm *plan_vm, HvpPlacementItem *item,
               Demand *demand, guint row, const HvpVm *vm)
{
  HvpSizingVm *sizing_vm = g_new0 (HvpSizingVm, 1);

  sizing_vm->configuration_version = g_steal_pointer (&plan_vm->configuration_version);
  sizing_vm->generation = vm->generation;
  sizing_vm->protected_by_guardian = vm->tpm == HVP_TRISTATE_YES
                                     || vm->key_protector == HVP_TRISTATE_YES;
  sizing_vm->configured_memory_bytes = item->memory_bytes;
  sizing_vm->configured_vcpus = item->vcpus;
  sizing_vm->windows_guest = hvp_licence_guest_is_windows (vm->guest_os);
  sizing->n_guests[sizing_vm->windows_guest]++;
  if (demand->measured != NULL)
    {
      sizing_vm->demand = g_new0 (HvpVmDemand, 1);
      hvp_vm_demand_measure (vm, sizing->options, sizing_vm->demand);
      hvp_measured_set_add (demand->measured, row, vm, sizing_vm->demand, plan_vm->concurrent,
                            sizing->options, item);
      sizing->coverage += sizing_vm->demand->coverage;
    }
  sizing_vm->name = g_steal_pointer (&plan_vm->name);
  sizing_vm->memory_bytes = item->memory_bytes;
  sizing_vm->vcpus = item->vcpus;
  sizing_vm->largest_vcpus = item->largest_vcpus;
  sizing_vm->storage_bytes = item->storage_bytes;
  sizing_vm->nics = (guint) __builtin_popcountll (item->uplinks);
  sizing_vm->saved_state = plan_vm->saved_state;
  g_ptr_array_add (sizing->vms, sizing_vm);
  sizing->total_memory_bytes = hvp_add_saturating (sizing->total_memory_bytes,
                                                   item->memory_bytes);
  sizing->total_vcpus = hvp_add_saturating (sizing->total_vcpus, item->vcpus);
  sizing->total_storage_bytes = hvp_add_saturating (sizing->total_storage_bytes,
                                                    item->storage_bytes);
}

/* The checks whose findings or rows the sizing reads (is_source_finding(), sizing_new()): the
 * processor, security and compatibility checks add only findings about the destination. */
#define SIZING_REQUIREMENTS                                                                     \
  (HVP_REQUIREMENT_BIT (HVP_REQUIREMENT_STORAGE) | HVP_REQUIREMENT_BIT (HVP_REQUIREMENT_MEMORY)  \
   | HVP_REQUIREMENT_BIT (HVP_REQUIREMENT_NETWORK)                                              \
   | HVP_REQUIREMENT_BIT (HVP_REQUIREMENT_INVENTORY))

/* The per-VM demands: the plan's rows (memory under the policy, largest vCPUs, storage of the
 * files first used, concurrency), grown, with overhead and headroom, and the uplinks and
 * processor group of each VM. */
static HvpSizing *
sizing_new (const HvpInventory *source, const HvpPlanOptions *options, Demand *demand,
            GError **error)
{
  g_autoptr (HvpInventory) destination = unlimited_destination ();
  g_autoptr (HvpPlan) plan = NULL;
  g_autoptr (HvpSizing) sizing = NULL;
  g_autoptr (GHashTable) nic_bits = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) switch_bits = g_hash_table_new (g_str_hash, g_str_equal);
  UplinkVisit visit = { { nic_bits, switch_bits }, 0, 0, FALSE };
  guint row = 0;

  plan = hvp_plan_new_for (source, destination, options, SIZING_REQUIREMENTS, error);
  if (plan == NULL)
    return NULL;
  sizing = sizing_alloc (plan, options);
  demand_init (demand, plan->vms->len, options);
  demand->vms = sizing->vms;
  if (options->basis == HVP_SIZING_BASIS_MEASURED)
    demand->measured = hvp_measured_set_new (source, options, plan->vms->len);
  for (guint h = 0; h < source->hosts->len; h++)
    {
      const HvpHost *host = g_ptr_array_index (source->hosts, h);

      for (guint v = 0; v < host->vms->len; v++, row++)
        {
          HvpPlanVm *plan_vm = g_ptr_array_index (plan->vms, row);
          HvpPlacementItem *item = &demand->items[row];

          item_set_amounts (item, plan_vm, options);
          if (!item_set_constraints (item, demand, &visit, host, g_ptr_array_index (host->vms, v),
                                     plan_vm->saved_state, error))
            return NULL;
          sizing_add_vm (sizing, plan_vm, item, demand, row, g_ptr_array_index (host->vms, v));
        }
    }
  if (demand->measured != NULL)
    {
      hvp_measured_set_finish (demand->measured);
      sizing->coverage = row > 0 ? sizing->coverage / row : 0;
      sizing->confidence_rating = hvp_confidence_rating (sizing->coverage);
      sizing->n_measured = demand->measured->n_measured;
      sizing->time_aligned = demand->measured->aligned;
    }
  return g_steal_pointer (&sizing);
}

/* The capacity a host offers VMs: memory less the host reserve, logical processors × ratio. */
static HvpPlacementBin
host_capacity (const Demand *demand, guint64 memory_bytes, guint logical_processors,
               guint64 storage_bytes, guint nics, const HvpProcessor *processor,
               GPtrArray *findings, const char *host_name)
{
  HvpPlacementBin bin = { 0 };
  double vcpus = floor ((double) logical_processors * demand->vcpu_ratio + 1e-9);

  bin.memory_bytes = memory_bytes > demand->reserve_bytes ? memory_bytes - demand->reserve_bytes
                                                          : 0;
  bin.vcpus = vcpus >= 1.8e19 ? G_MAXUINT64 : (guint64) vcpus;
  bin.storage_bytes = storage_bytes;
  bin.nics = nics;
  bin.logical_processors = logical_processors;
  bin.processor_groups = 1;
  for (guint g = 0; g < demand->groups->len; g++)
    {
      const ProcessorGroup *group = &g_array_index (demand->groups, ProcessorGroup, g);
      HvpSavedStateMatch match = hvp_processor_saved_state_match (group->from, processor,
                                                                  group->processor_compatibility);
      HvpVerdict verdict = hvp_saved_state_match_verdict (match);

      if (verdict != HVP_VERDICT_FAIL)
        bin.processor_groups |= G_GUINT64_CONSTANT (1) << (g + 1);
      if (verdict == HVP_VERDICT_WARN && findings != NULL)
        add_finding (findings, HVP_VERDICT_WARN, HVP_REQUIREMENT_PROCESSOR, NULL,
                     "saved states: processor of '%s' %s: restoring may fail there; test the "
                     "restore, or shut the saved VMs down cleanly before migration", host_name,
                     match == HVP_SAVED_STATE_STEPPING_DIFFERS ? "has another stepping"
                                                               : "not fully known");
    }
  return bin;
}

/* Why @item fits no empty @bin for processors: too many vCPUs for its logical processors or for
 * its vCPU capacity at @ratio, or a saved state its processor cannot restore. */
static void
add_processor_finding (GPtrArray *findings, const HvpPlacementItem *item, const HvpSizingVm *vm,
                       const HvpPlacementBin *bin, const char *where, double ratio)
{
  if (item->largest_vcpus > bin->logical_processors)
    add_finding (findings, HVP_VERDICT_FAIL, HVP_REQUIREMENT_PROCESSOR, vm->name,
                 "%u virtual processors exceed the %u logical processors of %s: Compare-VM "
                 "rejects it; lower the count with Set-VMProcessor", item->largest_vcpus,
                 bin->logical_processors, where);
  else if (item->vcpus > bin->vcpus)
    add_finding (findings, HVP_VERDICT_FAIL, HVP_REQUIREMENT_PROCESSOR, vm->name,
                 "%" G_GUINT64_FORMAT " virtual processors exceed the %" G_GUINT64_FORMAT
                 " vCPUs %s carries at %g vCPUs per logical processor: raise --vcpu-ratio",
                 item->vcpus, bin->vcpus, where, ratio);
  else
    add_finding (findings, HVP_VERDICT_FAIL, HVP_REQUIREMENT_PROCESSOR, vm->name,
                 "its saved state cannot be restored on the processor of %s: shut the VM "
                 "down cleanly or delete the saved state before migration", where);
}

/* Why @item fits no empty @bin, as a finding. */
static void
add_unplaced_finding (GPtrArray *findings, const HvpPlacementItem *item, const HvpSizingVm *vm,
                      const HvpPlacementBin *bin, const char *where, double ratio,
                      HvpResource *ret_resource)
{
  HvpResource resource = HVP_RESOURCE_MEMORY;

  if (hvp_placement_item_fits_empty (item, bin, &resource))
    {
      /* Fits an empty host, but the existing hosts are all too full. */
      add_finding (findings, HVP_VERDICT_FAIL, HVP_REQUIREMENT_MEMORY, vm->name,
                   "fits no host with room left among %s: add a host or move VMs", where);
      *ret_resource = HVP_RESOURCE_MEMORY;
      return;
    }
  *ret_resource = resource;
  switch (resource)
    {
    case HVP_RESOURCE_MEMORY:
      {
        g_autofree char *need = hvp_format_gib (item->memory_bytes);
        g_autofree char *have = hvp_format_gib (bin->memory_bytes);

        add_finding (findings, HVP_VERDICT_FAIL, HVP_REQUIREMENT_MEMORY, vm->name,
                     "needs %s of memory with overhead and growth, %s has %s for VMs after the "
                     "host reserve: it fits no such host", need, where, have);
        break;
      }
    case HVP_RESOURCE_PROCESSORS:
      add_processor_finding (findings, item, vm, bin, where, ratio);
      break;
    case HVP_RESOURCE_STORAGE:
      {
        g_autofree char *need = hvp_format_gib (item->storage_bytes);
        g_autofree char *have = hvp_format_gib (bin->storage_bytes);

        add_finding (findings, HVP_VERDICT_FAIL, HVP_REQUIREMENT_STORAGE, vm->name,
                     "needs %s of storage with growth and headroom, %s has %s: it fits no such "
                     "host", need, where, have);
        break;
      }
    case HVP_RESOURCE_NICS:
    case HVP_N_RESOURCES:
    default:
      add_finding (findings, HVP_VERDICT_FAIL, HVP_REQUIREMENT_NETWORK, vm->name,
                   "its adapters need %u physical NICs for External switches, %s has %u",
                   vm->nics, where, bin->nics);
      break;
    }
}

static HvpSizingModel *
model_new (const char *name)
{
  HvpSizingModel *model = g_new0 (HvpSizingModel, 1);

  model->name = g_strdup (name);
  model->hosts = g_ptr_array_new_with_free_func (sizing_host_free);
  model->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) hvp_finding_free);
  return model;
}

/* Copies @placement's hosts into @model; @bins: the capacity of each (or of all, @identical). */
static void
model_set_placement (HvpSizingModel *model, const HvpPlacement *placement,
                     const HvpPlacementBin *bins, gboolean identical, const HvpInventory *hosts)
{
  for (guint h = 0; h < placement->n_hosts; h++)
    {
      HvpSizingHost *host = g_new0 (HvpSizingHost, 1);

      if (hosts != NULL)
        host->name = g_strdup (hvp_host_label (g_ptr_array_index (hosts->hosts, h)));
      else
        host->name = g_strdup_printf ("%u", h + 1);
      host->capacity = identical ? bins[0] : bins[h];
      host->usage = placement->usage[h];
      host->vms = g_array_new (FALSE, FALSE, sizeof (guint));
      g_ptr_array_add (model->hosts, host);
    }
  for (guint i = 0; i < placement->n_items; i++)
    if (placement->host_of[i] != G_MAXUINT)
      {
        HvpSizingHost *host = g_ptr_array_index (model->hosts, placement->host_of[i]);

        g_array_append_val (host->vms, i);
      }
}

/* @placement with @extra empty hosts after its own. */
static HvpPlacement *
with_empty_hosts (const HvpPlacement *placement, guint extra)
{
  HvpPlacement *copy = g_new0 (HvpPlacement, 1);

  copy->n_items = placement->n_items;
  copy->items = placement->items;
  copy->n_unplaced = placement->n_unplaced;
  copy->n_hosts = placement->n_hosts + extra;
  copy->host_of = g_memdup2 (placement->host_of, MAX (placement->n_items, 1u) * sizeof (guint));
  copy->usage = g_new0 (HvpPlacementUsage, MAX (copy->n_hosts, 1u));
  memcpy (copy->usage, placement->usage, placement->n_hosts * sizeof (HvpPlacementUsage));
  return copy;
}

/* Over @hosts identical hosts, taking the VMs in @order (hvp_placement_order()): spread, else
 * first fit (what hvp_sizing_new_for_hosts() tries on as many existing hosts, in that order), else
 * @packed with empty hosts added when it has no more than @hosts; %NULL unless one of them places
 * every VM and keeps the reserve. */
static HvpPlacement *
try_count (const Demand *demand, const HvpPlacementBin *bin, const guint *order,
           const HvpPlacement *packed, guint hosts)
{
  static const HvpPlacementPolicy policies[] = { HVP_PLACEMENT_SPREAD, HVP_PLACEMENT_FIRST_FIT };

  for (guint p = 0; p < G_N_ELEMENTS (policies); p++)
    {
      g_autoptr (HvpPlacement) placement = hvp_placement_pack_all (demand->items, demand->n_items,
                                                                   bin, hosts, TRUE, policies[p],
                                                                   order);

      if (placement != NULL
          && hvp_placement_survives (placement, bin, TRUE, demand->spare, NULL, NULL))
        return g_steal_pointer (&placement);
    }
  if (packed->n_hosts <= hosts)
    {
      g_autoptr (HvpPlacement) padded = with_empty_hosts (packed, hosts - packed->n_hosts);

      if (hvp_placement_survives (padded, bin, TRUE, demand->spare, NULL, NULL))
        return g_steal_pointer (&padded);
    }
  return NULL;
}

/* A host count at which @packed with empty hosts added keeps the reserve of
 * hvp_placement_survives() for resource @r: each empty host adds at least its capacity less the
 * largest VM to the hosts that receive failed VMs, and the spare hosts that fail hold at most
 * @packed's whole load; 0 when the capacity is no larger than the largest VM (empty hosts add
 * nothing). */
static guint
padded_cap (const Demand *demand, const HvpPlacementBin *bin, const HvpPlacement *packed,
            HvpResource r)
{
  guint64 capacity = r == HVP_RESOURCE_MEMORY ? bin->memory_bytes : bin->vcpus;
  guint64 largest = 0, load = 0, hosts;

  for (guint h = 0; h < packed->n_hosts; h++)
    {
      const HvpPlacementUsage *usage = &packed->usage[h];

      largest = MAX (largest, r == HVP_RESOURCE_MEMORY ? usage->largest_memory_bytes
                                                       : usage->largest_vcpus);
      load = hvp_add_saturating (load, r == HVP_RESOURCE_MEMORY ? usage->memory_bytes
                                                                : usage->vcpus);
    }
  if (load == 0)
    return packed->n_hosts;
  if (capacity <= largest)
    return 0;
  hosts = (guint64) packed->n_hosts + demand->spare + load / (capacity - largest) + 1;
  return hosts >= G_MAXUINT / 2 ? 0 : (guint) hosts;
}

/* A host count at which @packed with empty hosts added keeps the reserve when its VMs are
 * re-placed (hvp_placement_survives(), @spare ≥ 2): one empty host per spare, onto which the VMs
 * of the failed hosts restart; 0 when that does not keep it (the sums of padded_cap() decide). */
static guint
spare_cap (const Demand *demand, const HvpPlacementBin *bin, const HvpPlacement *packed)
{
  g_autoptr (HvpPlacement) padded = NULL;

  if (demand->spare < 2 || packed->n_hosts > G_MAXUINT / 2 - demand->spare)
    return 0;
  padded = with_empty_hosts (packed, demand->spare);
  if (!hvp_placement_survives (padded, bin, TRUE, demand->spare, NULL, NULL))
    return 0;
  return padded->n_hosts;
}

/* VM placements the search spends trying host counts one by one before it takes larger steps:
 * every count up to the answer on small estates, a few on large ones. */
#define LINEAR_BUDGET (1u << 16)

/* The fewest identical hosts from @start up where try_count() keeps the reserve: one by one
 * while LINEAR_BUDGET allows (on small estates, every count up to the answer), then steps
 * doubling until a count works and halving back between the last count that did not and it.
 * @cap: a count that surely works (padded_cap()).  %NULL when none up to @cap does. */
static HvpPlacement *
search_upward (const Demand *demand, const HvpPlacementBin *bin, const guint *order,
               const HvpPlacement *packed, guint start, guint cap)
{
  HvpPlacement *found = NULL;
  guint low = start, step = 1, m = start;
  guint linear_steps = MAX (LINEAR_BUDGET / MAX (demand->n_items, 1u), 2u);

  for (guint tries = 0; found == NULL && m <= cap; tries++)
    {
      found = try_count (demand, bin, order, packed, m);
      if (found != NULL)
        break;
      low = m;
      if (tries >= linear_steps)
        step *= 2;
      m = m >= cap ? cap + 1 : MIN ((guint64) m + step, (guint64) cap);
    }
  if (found == NULL)
    return NULL;
  for (guint high = found->n_hosts; high - low > 1;)
    {
      guint middle = low + (high - low) / 2;
      HvpPlacement *attempt = try_count (demand, bin, order, packed, middle);

      if (attempt != NULL)
        {
          hvp_placement_free (found);
          found = attempt;
          high = middle;
        }
      else
        low = middle;
    }
  return found;
}

/* The fewest identical hosts found that hold every VM and keep the reserve: first-fit decreasing
 * gives k; with a reserve, from the larger of k and the lower bound (@lower_bound: no count below
 * keeps it; a bound from the even spread, spare + total / (capacity − largest VM), does not hold:
 * first fit with empty hosts added keeps it on fewer) upward, each count tried with try_count()
 * (spread, first fit, or the first-fit packing with empty hosts added), up to a count where the
 * packing with empty hosts surely keeps it (spare_cap(): one per spare, the failed hosts' VMs
 * re-placed; else padded_cap(), by sums).  %NULL when no count does
 * (*@ret_resource says which resource is short). */
static HvpPlacement *
size_identical (const Demand *demand, const HvpPlacementBin *bin, const guint *order,
                HvpPlacement *packed, guint lower_bound, HvpResource *ret_resource)
{
  guint k = MAX (packed->n_hosts, 1u);
  guint cap = 0, start;
  HvpPlacement *found;

  if (hvp_placement_survives (packed, bin, TRUE, demand->spare, ret_resource, NULL))
    {
      /* As few hosts as first fit, balanced when spreading over them works too; without a
       * reserve, balance cannot change the answer: the packing is kept as it is. */
      g_autoptr (HvpPlacement) spread = NULL;

      if (demand->spare > 0)
        spread = hvp_placement_pack_all (demand->items, demand->n_items, bin, k, TRUE,
                                         HVP_PLACEMENT_SPREAD, order);
      if (spread != NULL && hvp_placement_survives (spread, bin, TRUE, demand->spare, NULL, NULL))
        return g_steal_pointer (&spread);
      return with_empty_hosts (packed, 0);
    }
  cap = spare_cap (demand, bin, packed);
  for (guint r = HVP_RESOURCE_MEMORY; cap == 0 && r <= HVP_RESOURCE_PROCESSORS; r++)
    {
      guint resource_cap = padded_cap (demand, bin, packed, (HvpResource) r);

      if (resource_cap == 0)
        {
          *ret_resource = (HvpResource) r;
          return NULL;
        }
      cap = MAX (cap, resource_cap);
    }
  start = MAX (k, lower_bound);
  found = start > cap ? NULL : search_upward (demand, bin, order, packed, start, cap);
  if (found == NULL)
    {
      g_autoptr (HvpPlacement) padded = with_empty_hosts (packed, cap - packed->n_hosts);

      hvp_placement_survives (padded, bin, TRUE, demand->spare, ret_resource, NULL);
    }
  return found;
}

static double
fraction (guint64 demand, guint64 capacity)
{
  if (demand == 0)
    return 0;
  return capacity == 0 ? G_MAXDOUBLE : (double) demand / (double) capacity;
}

/* The resource whose total demand takes the most hosts' worth of @bin (fractional, without the
 * spare hosts, which add the same to memory and processors); ties in enum order. */
static HvpResource
limiting_resource (const Demand *demand, const HvpPlacementBin *bin)
{
  double shares[HVP_N_RESOURCES] = { 0 };
  guint64 uplinks = 0;
  HvpResource best = HVP_RESOURCE_MEMORY;

  for (guint i = 0; i < demand->n_items; i++)
    {
      shares[HVP_RESOURCE_MEMORY] += fraction (demand->items[i].memory_bytes, bin->memory_bytes);
      shares[HVP_RESOURCE_PROCESSORS] += fraction (demand->items[i].vcpus, bin->vcpus);
      shares[HVP_RESOURCE_STORAGE] += fraction (demand->items[i].storage_bytes,
                                                bin->storage_bytes);
      uplinks |= demand->items[i].uplinks;
    }
  shares[HVP_RESOURCE_NICS] = fraction ((guint64) __builtin_popcountll (uplinks), bin->nics);
  for (guint r = 1; r < HVP_N_RESOURCES; r++)
    if (shares[r] > shares[best])
      best = (HvpResource) r;
  return best;
}

/* A finding in @model for each VM @packed left out (it fits no empty host of the model); the
 * first one's short resource is the limiting one. */
static void
explain_unplaced_model (HvpSizingModel *model, const HvpSizing *sizing, const Demand *demand,
                        const HvpPlacement *packed, const HvpPlacementBin *bin, const char *where)
{
  gboolean first = TRUE;

  for (guint i = 0; i < demand->n_items; i++)
    if (packed->host_of[i] == G_MAXUINT)
      {
        HvpResource resource;

        add_unplaced_finding (model->findings, &demand->items[i],
                              g_ptr_array_index (sizing->vms, i), bin, where, demand->vcpu_ratio,
                              &resource);
        if (first)
          model->limiting_resource = resource;
        first = FALSE;
      }
  model->packed_hosts = 0;
}

/* The Windows VMs on each host of @model's placement (every host, spare ones included): a VM whose
 * guest is known not to run Windows needs no Windows Server VM rights; an unknown one counts. */
static guint *
windows_vms_per_host (const HvpSizingModel *model, const GPtrArray *vms)
{
  guint *windows_vms = g_new0 (guint, MAX (model->hosts->len, 1u));

  for (guint h = 0; h < model->hosts->len; h++)
    {
      const GArray *on_host = ((const HvpSizingHost *) g_ptr_array_index (model->hosts, h))->vms;

      for (guint k = 0; k < on_host->len; k++)
        {
          const HvpSizingVm *vm = g_ptr_array_index (vms, g_array_index (on_host, guint, k));

          windows_vms[h] += vm->windows_guest != HVP_TRISTATE_NO;
        }
    }
  return windows_vms;
}

/* The price of @model's hosts, placed: hardware, and with --licensing the Windows Server licences
 * of every host (licence.c; the Windows VMs of windows_vms_per_host()), spare hosts included. */
static void
model_set_price (HvpSizingModel *model, const Demand *demand)
{
  const HvpCatalogModel *catalog_model = model->catalog_model;
  g_autofree guint *windows_vms = NULL;

  if (catalog_model->has_price
      && !hvp_mul_uint64 (catalog_model->price, model->hosts_needed, &model->hardware_price))
    model->hardware_price = G_MAXUINT64;
  model->total_price = model->hardware_price;
  if (demand->licensing == HVP_LICENSING_NONE || demand->catalog == NULL)
    return;
  windows_vms = windows_vms_per_host (model, demand->vms);
  model->has_licence_price = hvp_licence_price (demand->catalog, catalog_model, demand->licensing,
                                                windows_vms, model->hosts->len, demand->spare,
                                                &model->licensing, &model->licence_price);
  if (model->has_licence_price)
    model->total_price = hvp_add_saturating (model->hardware_price, model->licence_price);
}

/* From size_identical()'s answer @placement (%NULL when the reserve cannot be kept, for
 * @short_resource): the hosts, their placement and price in @model; or a finding that the reserve
 * cannot be kept. */
static void
keep_reserve (HvpSizingModel *model, const Demand *demand, const HvpPlacementBin *bin,
              const HvpPlacement *placement, HvpResource short_resource)
{
  if (placement == NULL)
    {
      add_finding (model->findings, HVP_VERDICT_FAIL, requirement_of (short_resource), NULL,
                   "--spare %u cannot be kept with this model: with any number of hosts, the "
                   "VMs of %u failed hosts do not restart on the others (%s); lower --spare or "
                   "choose a larger model", demand->spare, demand->spare,
                   hvp_resource_to_string (short_resource));
      model->limiting_resource = short_resource;
      return;
    }
  model->fits = TRUE;
  model->hosts_needed = placement->n_hosts;
  model_set_placement (model, placement, bin, TRUE, NULL);
  model_set_price (model, demand);
}

/* The measured basis (measured.c, aligned.c): the time-aligned packing when the series share one
 * timeline (and, beside it, the same packing at each VM's own percentile), else the packing at each
 * VM's percentile; the failover reserve is --spare empty hosts more (each failed host's VMs fit one
 * host, so they restart together on one of them). */
static void
size_model_measured (HvpSizingModel *model, const HvpSizing *sizing, const Demand *demand,
                     const HvpPlacementBin *bin, const char *where)
{
  const HvpMeasuredSet *set = demand->measured;
  g_autoptr (HvpPlacement) packed = hvp_aligned_pack (set->items, set->n_items, set->n_slots, bin,
                                                      demand->percentile, !set->aligned,
                                                      set->minimum, set->maximum);
  g_autoptr (HvpPlacement) placement = NULL;

  model->packed_hosts = packed->n_hosts;
  if (packed->n_unplaced > 0)
    {
      explain_unplaced_model (model, sizing, demand, packed, bin, where);
      return;
    }
  if (set->aligned)
    {
      g_autoptr (HvpPlacement) per_vm = hvp_aligned_pack (set->items, set->n_items, 1, bin,
                                                          demand->percentile, TRUE, NULL, NULL);

      model->hosts_needed_per_vm_percentile = per_vm->n_unplaced == 0
                                                ? per_vm->n_hosts + demand->spare : 0;
    }
  placement = with_empty_hosts (packed, demand->spare);
  model->fits = TRUE;
  model->hosts_needed = placement->n_hosts;
  /* The bounds of the per-VM percentiles do not bound a time-aligned packing. */
  model->lower_bound = MIN (model->lower_bound, model->hosts_needed);
  for (guint r = 0; r < HVP_N_RESOURCES; r++)
    model->lower_bounds[r] = MIN (model->lower_bounds[r], model->hosts_needed);
  model_set_placement (model, placement, bin, TRUE, NULL);
  model_set_price (model, demand);
}

/* The compatibility rules of the model's `os` (planner/checks/compatibility-rules.c): a VM whose
 * configuration version the os does not run, or a generation or virtual TPM it lacks, is a fail
 * finding naming the VM, and the model does not fit (as for a VM too big for it).  Returns FALSE
 * when the model is refused.  An `os` the rules do not know is a note. */
static gboolean
check_model_os (HvpSizingModel *model, const HvpSizing *sizing,
                const HvpCatalogModel *catalog_model)
{
  const HvpHostRules *rules = hvp_host_rules_find (catalog_model->os);
  gboolean runs_all = TRUE;

  if (catalog_model->os == NULL)
    return TRUE;
  if (rules == NULL)
    {
      add_finding (model->findings, HVP_VERDICT_INFO, HVP_REQUIREMENT_COMPATIBILITY, NULL,
                   "os '%s' is not in the compatibility rules: not checked", catalog_model->os);
      return TRUE;
    }
  for (guint i = 0; i < sizing->vms->len; i++)
    {
      const HvpSizingVm *vm = g_ptr_array_index (sizing->vms, i);
      g_autofree char *reason = NULL;

      if (vm->configuration_version != NULL
          && !hvp_host_rules_supports_version (rules, vm->configuration_version))
        reason = g_strdup_printf ("configuration version %s", vm->configuration_version);
      else if (vm->generation == 2 && !rules->generation_2)
        reason = g_strdup ("generation 2");
      else if (vm->protected_by_guardian && !rules->vtpm)
        reason = g_strdup ("a virtual TPM");
      if (reason == NULL)
        continue;
      runs_all = FALSE;
      add_finding (model->findings, HVP_VERDICT_FAIL, HVP_REQUIREMENT_COMPATIBILITY, vm->name,
                   "%s does not run on %s, the os of '%s': the VM imports there only by two hops "
                   "or re-created (hvplan plan with a destination of that os gives its path; %s)",
                   reason, rules->os, catalog_model->name, HVP_DOC_VERSIONS);
    }
  return runs_all;
}

/* What the configured basis computes for one host capacity: the order, the packing and the
 * fewest hosts that keep the reserve (size_identical()). */
typedef struct {
  guint *order;
  HvpPlacement *packed;
  HvpPlacement *reserve;          /* (nullable): none keeps it, for short_resource */
  HvpResource short_resource;
} Packing;

static void
packing_clear (Packing *packing)
{
  g_clear_pointer (&packing->order, g_free);
  g_clear_pointer (&packing->packed, hvp_placement_free);
  g_clear_pointer (&packing->reserve, hvp_placement_free);
}

/* Fills @packing for @bin, whose lower bound with the spare hosts is @lower_bound. */
static void
packing_compute (Packing *packing, const Demand *demand, const HvpPlacementBin *bin,
                 guint lower_bound)
{
  /* One order for every packing of this model: packing and spreading sort the same way. */
  packing->order = hvp_placement_order (demand->items, demand->n_items, bin, 0, TRUE);
  packing->packed = hvp_placement_pack (demand->items, demand->n_items, bin, 0, TRUE,
                                        HVP_PLACEMENT_FIRST_FIT, packing->order);
  packing->short_resource = HVP_RESOURCE_MEMORY;
  if (packing->packed->n_unplaced == 0)
    packing->reserve = size_identical (demand, bin, packing->order, packing->packed, lower_bound,
                                       &packing->short_resource);
}

/* Catalog models whose hosts offer VMs the same capacity (every field of #HvpPlacementBin: memory
 * after the host reserve, vCPUs, storage, NICs, logical processors, the saved states their
 * processor restores) get the same packing and reserve placement, which depend on the demands and
 * that capacity alone (placement.c is deterministic): the first of them to need it computes it,
 * the others wait for it, and the last one done frees it.  On t/bench/size three of the ten
 * models (R750, R760, DL385 Gen10 Plus: 64 cores, 1 TiB, 15.36 TB, 4 NICs) offer the same. */
typedef struct {
  Packing packing;
  guint users;                    /* models with this capacity not done yet */
  gboolean claimed;               /* a model is computing it, or has */
  gboolean done;
} SharedPacking;

typedef struct {
  GMutex lock;
  GCond ready;
  SharedPacking *entries;
  guint *entry_of;                /* per catalog model: its entry, G_MAXUINT when it shares none */
} SharedPackings;

static gboolean
same_bin (const HvpPlacementBin *a, const HvpPlacementBin *b)
{
  return a->memory_bytes == b->memory_bytes && a->vcpus == b->vcpus
         && a->storage_bytes == b->storage_bytes && a->nics == b->nics
         && a->logical_processors == b->logical_processors
         && a->processor_groups == b->processor_groups;
}

static HvpPlacementBin
catalog_model_bin (const Demand *demand, const HvpCatalogModel *model)
{
  return host_capacity (demand, model->memory_bytes, model->threads, model->storage_bytes,
                        model->physical_nics, &model->processor, NULL, model->name);
}

/* Groups the @n models of @catalog by the capacity of their hosts: one entry per capacity that
 * two models or more offer.  The measured basis packs per model and shares nothing. */
static void
shared_packings_init (SharedPackings *shared, const Demand *demand, const HvpCatalog *catalog)
{
  guint n = catalog->models->len;
  g_autofree HvpPlacementBin *bins = g_new (HvpPlacementBin, MAX (n, 1u));
  guint n_entries = 0;

  g_mutex_init (&shared->lock);
  g_cond_init (&shared->ready);
  shared->entries = g_new0 (SharedPacking, MAX (n, 1u));
  shared->entry_of = g_new (guint, MAX (n, 1u));
  for (guint i = 0; i < n; i++)
    {
      shared->entry_of[i] = G_MAXUINT;
      bins[i] = catalog_model_bin (demand, g_ptr_array_index (catalog->models, i));
      for (guint j = 0; demand->measured == NULL && j < i; j++)
        if (same_bin (&bins[i], &bins[j]))
          {
            if (shared->entry_of[j] == G_MAXUINT)
              {
                shared->entry_of[j] = n_entries++;
                shared->entries[shared->entry_of[j]].users = 1;
              }
            shared->entry_of[i] = shared->entry_of[j];
            shared->entries[shared->entry_of[i]].users++;
            break;
          }
    }
}

static void
shared_packings_clear (SharedPackings *shared)
{
  g_mutex_clear (&shared->lock);
  g_cond_clear (&shared->ready);
  g_clear_pointer (&shared->entries, g_free);
  g_clear_pointer (&shared->entry_of, g_free);
}

/* The packing of catalog model @index, computed here when no model with the same capacity has
 * claimed it, else (after waiting for it) theirs; valid until shared_packing_release(). */
static const Packing *
shared_packing_acquire (SharedPackings *shared, guint index, const Demand *demand,
                        const HvpPlacementBin *bin, guint lower_bound)
{
  SharedPacking *entry = &shared->entries[shared->entry_of[index]];
  gboolean compute;

  g_mutex_lock (&shared->lock);
  while (entry->claimed && !entry->done)
    g_cond_wait (&shared->ready, &shared->lock);
  compute = !entry->claimed;
  entry->claimed = TRUE;
  g_mutex_unlock (&shared->lock);
  if (!compute)
    return &entry->packing;
  packing_compute (&entry->packing, demand, bin, lower_bound);
  g_mutex_lock (&shared->lock);
  entry->done = TRUE;
  g_cond_broadcast (&shared->ready);
  g_mutex_unlock (&shared->lock);
  return &entry->packing;
}

/* Catalog model @index is done: the last model of a shared capacity frees its packing. */
static void
shared_packing_release (SharedPackings *shared, guint index)
{
  SharedPacking *entry;

  if (shared->entry_of[index] == G_MAXUINT)
    return;
  entry = &shared->entries[shared->entry_of[index]];
  g_mutex_lock (&shared->lock);
  if (--entry->users == 0)
    packing_clear (&entry->packing);
  g_mutex_unlock (&shared->lock);
}

/* The configured basis of @model: the packing of @bin (@shared's when @index shares it), then the
 * VMs it cannot place or the hosts that keep the reserve. */
static void
size_model_configured (HvpSizingModel *model, const HvpSizing *sizing, const Demand *demand,
                       const HvpPlacementBin *bin, const char *where, SharedPackings *shared,
                       guint index)
{
  Packing own = { 0 };
  const Packing *packing = &own;

  if (shared != NULL && shared->entry_of[index] != G_MAXUINT)
    packing = shared_packing_acquire (shared, index, demand, bin, model->lower_bound);
  else
    packing_compute (&own, demand, bin, model->lower_bound);
  model->packed_hosts = packing->packed->n_hosts;
  if (packing->packed->n_unplaced > 0)
    explain_unplaced_model (model, sizing, demand, packing->packed, bin, where);
  else
    keep_reserve (model, demand, bin, packing->reserve, packing->short_resource);
  packing_clear (&own);
}

/* Sizes catalog model @index, @catalog_model; @shared: the packings models share (nullable). */
static HvpSizingModel *
size_model (const HvpSizing *sizing, const Demand *demand, const HvpCatalogModel *catalog_model,
            SharedPackings *shared, guint index)
{
  HvpSizingModel *model = model_new (catalog_model->name);
  g_autofree char *where = g_strdup_printf ("one '%s'", catalog_model->name);
  HvpPlacementBin bin;

  model->catalog_model = catalog_model;
  bin = host_capacity (demand, catalog_model->memory_bytes, catalog_model->threads,
                       catalog_model->storage_bytes, catalog_model->physical_nics,
                       &catalog_model->processor, model->findings, catalog_model->name);
  model->host_capacity = bin;
  model->lower_bound = hvp_placement_lower_bound (demand->items, demand->n_items, &bin,
                                                  demand->spare, model->lower_bounds);
  model->limiting_resource = limiting_resource (demand, &bin);
  if (demand->n_items == 0)
    {
      model->fits = TRUE; /* nothing to hold: no host to buy */
      return model;
    }
  if (!check_model_os (model, sizing, catalog_model))
    {
      g_ptr_array_sort (model->findings, hvp_finding_compare);
      return model;
    }

  if (demand->measured != NULL)
    {
      size_model_measured (model, sizing, demand, &bin, where);
      g_ptr_array_sort (model->findings, hvp_finding_compare);
      return model;
    }
  size_model_configured (model, sizing, demand, &bin, where, shared, index);
  g_ptr_array_sort (model->findings, hvp_finding_compare);
  return model;
}

static void
choose_best (HvpSizing *sizing)
{
  gboolean all_priced = TRUE;
  gboolean any = FALSE;

  for (guint i = 0; i < sizing->models->len; i++)
    {
      const HvpSizingModel *model = g_ptr_array_index (sizing->models, i);

      if (model->fits)
        {
          any = TRUE;
          all_priced = all_priced && model->catalog_model != NULL
                       && model->catalog_model->has_price;
        }
    }
  sizing->by_price = any && all_priced;
  for (guint i = 0; i < sizing->models->len; i++)
    {
      const HvpSizingModel *model = g_ptr_array_index (sizing->models, i);
      const HvpSizingModel *best;

      if (!model->fits)
        continue;
      if (sizing->best < 0)
        {
          sizing->best = (gint) i;
          continue;
        }
      best = g_ptr_array_index (sizing->models, sizing->best);
      if (sizing->by_price ? (model->total_price < best->total_price
                              || (model->total_price == best->total_price
                                  && model->hosts_needed < best->hosts_needed))
                           : model->hosts_needed < best->hosts_needed)
        sizing->best = (gint) i;
    }
}

typedef struct {
  const HvpSizing *sizing;
  const Demand *demand;
  const HvpCatalog *catalog;
  HvpSizingModel **results;
  SharedPackings *shared;
} ModelJob;

static void
size_model_job (gpointer data, gpointer user_data)
{
  guint index = GPOINTER_TO_UINT (data) - 1;
  ModelJob *job = user_data;

  job->results[index] = size_model (job->sizing, job->demand,
                                    g_ptr_array_index (job->catalog->models, index), job->shared,
                                    index);
  shared_packing_release (job->shared, index);
}

/* Whether catalog model @index computes a packing (its own, or the one it shares, as the first
 * model of that capacity) rather than waiting for the packing another model computes. */
static gboolean
computes_packing (const SharedPackings *shared, guint index)
{
  guint entry = shared->entry_of[index];

  for (guint j = 0; entry != G_MAXUINT && j < index; j++)
    if (shared->entry_of[j] == entry)
      return FALSE;
  return TRUE;
}

/* The order in which the @n models of @shared are handed to the threads: first each model that
 * computes a packing, in catalog order, then the models that reuse one.  A model that reuses a
 * packing waits for it on its thread: handed out among the others (catalog order), it can hold
 * one of the two threads idle while the other computes (t/bench/size's DL385 Gen10 Plus waited
 * for the R760); last, its packing is nearly always done.  Results do not depend on the order. */
static guint *
model_job_order (const SharedPackings *shared, guint n)
{
  guint *order = g_new (guint, MAX (n, 1u));
  guint k = 0;

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n; i++)
      if (computes_packing (shared, i) == (pass == 0))
        order[k++] = i;
  return order;
}

/* Sizes the models, one thread per processor: each model reads the shared demand and writes only
 * its own result, and results are kept in catalog order, so the answer does not depend on the
 * threads. */
static void
size_models (HvpSizing *sizing, const Demand *demand, const HvpCatalog *catalog)
{
  guint n = catalog->models->len;
  g_autofree HvpSizingModel **results = g_new0 (HvpSizingModel *, MAX (n, 1u));
  g_autofree guint *order = NULL;
  SharedPackings shared;
  ModelJob job = { sizing, demand, catalog, results, &shared };
  guint threads = MIN (g_get_num_processors (), n);
  GThreadPool *pool = NULL;

  shared_packings_init (&shared, demand, catalog);
  order = model_job_order (&shared, n);
  if (threads > 1)
    pool = g_thread_pool_new (size_model_job, &job, (gint) threads, TRUE, NULL);
  for (guint k = 0; k < n; k++)
    {
      gpointer data = GUINT_TO_POINTER (order[k] + 1);

      if (pool == NULL || !g_thread_pool_push (pool, data, NULL))
        size_model_job (data, &job);
    }
  if (pool != NULL)
    g_thread_pool_free (pool, FALSE, TRUE);
  shared_packings_clear (&shared);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (sizing->models, results[i]);
}

/**
 * hvp_sizing_new_for_catalog:
 * @source: the inventory being migrated
 * @catalog: candidate server models
 * @options: (transfer none): planner options, including spare hosts, growth and the vCPU ratio;
 *   must outlive the result
 * @error: return location for a #GError
 *
 * Sizes each catalog model.  Each VM's demand comes from the plan's per-VM numbers (hvp_plan_new()
 * against a destination that lacks nothing): memory under the policy, grown by the growth
 * percentage, plus hvp_plan_options_vm_overhead(), for the VMs that run concurrently (vCPUs
 * likewise); storage of the files it is first to use, grown, plus the storage headroom; the
 * External uplinks of its adapters (hvp_vm_visit_uplinks()); for a saved state, the processor it
 * was taken on.  A host of a model offers its memory less the host reserve, its threads × the
 * vCPU ratio, its usable storage and NICs; a saved-state VM goes only where
 * hvp_processor_saved_state_match() does not fail.  First-fit decreasing by dominant resource
 * gives the packing; with spare hosts, the fewest hosts (from there up) whose spread placement
 * survives hvp_placement_survives().  A VM that fits no host of a model, or a reserve that cannot
 * be kept, is a fail finding of that model, which then does not fit; the other models are still
 * sized.  Models are sized in parallel, one thread per processor; the result does not depend on
 * it.  Models whose hosts offer VMs the same capacity are packed once (the packing depends on
 * nothing else).  The recommended model is the cheapest fitting one when every fitting model has
 * a price (ties: fewer hosts, then catalog order), else the one with the fewest hosts (ties:
 * catalog order).
 *
 * Returns: (transfer full) (nullable): the sizing, or %NULL with the errors of hvp_plan_new() or
 *   %HVP_ERROR_UNSUPPORTED when the VMs use more than 64 External uplinks or saved states come
 *   from more than 63 source hosts
 */
HvpSizing *
hvp_sizing_new_for_catalog (const HvpInventory *source, const HvpCatalog *catalog,
                            const HvpPlanOptions *options, GError **error)
{
  g_autoptr (HvpSizing) sizing = NULL;
  Demand demand = { 0 };

  g_return_val_if_fail (source != NULL && catalog != NULL && options != NULL, NULL);

  sizing = sizing_new (source, options, &demand, error);
  if (sizing == NULL)
    {
      demand_clear (&demand);
      return NULL;
    }
  demand.catalog = catalog;
  size_models (sizing, &demand, catalog);
  choose_best (sizing);
  g_ptr_array_sort (sizing->findings, hvp_finding_compare);
  demand_clear (&demand);
  return g_steal_pointer (&sizing);
}

static int
compare_uint64_descending (const void *a, const void *b)
{
  guint64 x = *(const guint64 *) a;
  guint64 y = *(const guint64 *) b;

  return x > y ? -1 : x < y;
}

/* Fewest of @n hosts whose largest capacities add up to @demand (G_MAXUINT: not even all). */
static guint
hosts_for (guint64 demand, guint64 *capacities, guint n)
{
  guint64 sum = 0;

  if (demand == 0)
    return 0;
  qsort (capacities, n, sizeof *capacities, compare_uint64_descending);
  for (guint i = 0; i < n; i++)
    {
      sum = hvp_add_saturating (sum, capacities[i]);
      if (sum >= demand)
        return i + 1;
    }
  return G_MAXUINT;
}

/* Existing destination hosts: what each offers the migrated VMs (@bins), its whole capacity
 * (@full) and what its own VMs take (@own, hvp_destination_use_measure()). */
typedef struct {
  guint n;
  HvpPlacementBin *bins;
  HvpPlacementBin *full;
  HvpDestinationUse *own;
} ExistingHosts;

static void
existing_hosts_clear (ExistingHosts *hosts)
{
  g_clear_pointer (&hosts->bins, g_free);
  g_clear_pointer (&hosts->full, g_free);
  g_clear_pointer (&hosts->own, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ExistingHosts, existing_hosts_clear)

/* The free space of @target's volumes, its own VMs' files counted as used; G_MAXUINT64 and a
 * warning in @findings when it lists none. */
static guint64
existing_storage (const HvpHost *target, GPtrArray *findings)
{
  guint64 storage = 0;

  for (guint i = 0; i < target->volumes->len; i++)
    storage = hvp_add_saturating (storage, hvp_destination_volume_free_bytes (
                                             target, g_ptr_array_index (target->volumes, i)));
  if (target->volumes->len == 0)
    {
      storage = G_MAXUINT64;
      add_finding (findings, HVP_VERDICT_WARN, HVP_REQUIREMENT_STORAGE, NULL,
                   "destination '%s' lists no volumes: its storage is not counted; add its "
                   "volumes to the inventory", hvp_host_label (target));
    }
  return storage;
}

static guint64
subtract_saturating (guint64 a, guint64 b)
{
  return a > b ? a - b : 0;
}

/* The capacity of each host of @destination, whole and less what its own VMs take. */
static void
existing_hosts_init (ExistingHosts *hosts, const Demand *demand, const HvpPlanOptions *options,
                     const HvpInventory *destination, GPtrArray *findings)
{
  hosts->n = destination->hosts->len;
  hosts->bins = g_new0 (HvpPlacementBin, hosts->n);
  hosts->full = g_new0 (HvpPlacementBin, hosts->n);
  hosts->own = g_new0 (HvpDestinationUse, hosts->n);
  for (guint h = 0; h < hosts->n; h++)
    {
      const HvpHost *target = g_ptr_array_index (destination->hosts, h);
      const HvpDestinationUse *own = &hosts->own[h];
      HvpPlacementBin *bin = &hosts->bins[h];

      hvp_destination_use_measure (target, options, &hosts->own[h]);
      hosts->full[h] = host_capacity (demand, target->memory_bytes, target->logical_processors,
                                      existing_storage (target, findings),
                                      target->physical_nics->len, &target->processor, findings,
                                      hvp_host_label (target));
      *bin = hosts->full[h];
      bin->memory_bytes = subtract_saturating (bin->memory_bytes,
                                               hvp_add_saturating (own->memory_bytes,
                                                                   own->overhead_bytes));
      bin->vcpus = subtract_saturating (bin->vcpus, own->vcpus);
      bin->nics = (guint) subtract_saturating (bin->nics, own->nics);
    }
}

/* hvp_placement_survives() with each host's own VMs added to @placement's, against the hosts'
 * whole capacity: the VMs already on a failed host restart on the others too. */
static gboolean
existing_survives (const Demand *demand, const ExistingHosts *hosts,
                   const HvpPlacement *placement, HvpResource *ret_resource, guint *ret_host)
{
  g_autoptr (HvpPlacement) merged = with_empty_hosts (placement, 0);

  for (guint h = 0; h < hosts->n; h++)
    {
      HvpPlacementUsage *usage = &merged->usage[h];
      const HvpDestinationUse *own = &hosts->own[h];

      usage->memory_bytes += hvp_add_saturating (own->memory_bytes, own->overhead_bytes);
      usage->vcpus += own->vcpus;
      usage->vms += own->concurrent;
      usage->largest_memory_bytes = MAX (usage->largest_memory_bytes,
                                         own->largest_memory_bytes);
      usage->largest_vcpus = MAX (usage->largest_vcpus, own->largest_vcpus);
    }
  return hvp_placement_survives (merged, hosts->full, FALSE, demand->spare, ret_resource,
                                 ret_host);
}

/* The lower bound on existing hosts of resource @r: the fewest of the @n @bins with the largest
 * capacities that add up to the demand (plus the spare hosts for memory and processors); for
 * NICs, 1 when a VM needs an uplink (hosts differ in ports, so only "some host" is certain). */
static guint
existing_lower_bound (const Demand *demand, const HvpPlacementBin *bins, guint n, HvpResource r)
{
  g_autofree guint64 *capacities = g_new (guint64, n);
  guint64 total = 0;
  guint64 uplinks = 0;
  guint bound;

  for (guint i = 0; i < demand->n_items; i++)
    {
      total = hvp_add_saturating (total, r == HVP_RESOURCE_MEMORY ? demand->items[i].memory_bytes
                                         : r == HVP_RESOURCE_PROCESSORS ? demand->items[i].vcpus
                                         : demand->items[i].storage_bytes);
      uplinks |= demand->items[i].uplinks;
    }
  for (guint h = 0; h < n; h++)
    capacities[h] = r == HVP_RESOURCE_MEMORY ? bins[h].memory_bytes
                    : r == HVP_RESOURCE_PROCESSORS ? bins[h].vcpus
                    : bins[h].storage_bytes;
  bound = r == HVP_RESOURCE_NICS ? (uplinks != 0) : hosts_for (total, capacities, n);
  if ((r == HVP_RESOURCE_MEMORY || r == HVP_RESOURCE_PROCESSORS) && bound != 0
      && bound != G_MAXUINT)
    bound += demand->spare;
  return bound;
}

/* The resource whose demand takes the largest share of all @n @bins together. */
static HvpResource
existing_limiting_resource (const Demand *demand, const HvpPlacementBin *bins, guint n)
{
  HvpPlacementBin total = { 0 };

  for (guint h = 0; h < n; h++)
    {
      total.memory_bytes = hvp_add_saturating (total.memory_bytes, bins[h].memory_bytes);
      total.vcpus = hvp_add_saturating (total.vcpus, bins[h].vcpus);
      total.storage_bytes = hvp_add_saturating (total.storage_bytes, bins[h].storage_bytes);
      total.nics += bins[h].nics;
    }
  return limiting_resource (demand, &total);
}

/* Balanced over the hosts when that places every VM and keeps the reserve, else first fit. */
static HvpPlacement *
place_on_existing (const Demand *demand, const ExistingHosts *hosts)
{
  const HvpPlacementBin *bins = hosts->bins;
  guint n = hosts->n;
  g_autofree guint *order = hvp_placement_order (demand->items, demand->n_items, bins, n, FALSE);
  HvpPlacement *placement = hvp_placement_pack_all (demand->items, demand->n_items, bins, n,
                                                    FALSE, HVP_PLACEMENT_SPREAD, order);

  if (placement != NULL && existing_survives (demand, hosts, placement, NULL, NULL))
    return placement;
  g_clear_pointer (&placement, hvp_placement_free);
  return hvp_placement_pack (demand->items, demand->n_items, bins, n, FALSE,
                             HVP_PLACEMENT_FIRST_FIT, order);
}

/* A finding in @model for each VM @placement left out, explained against the host with the most
 * memory for VMs (or against all hosts, when it would fit that one empty). */
static void
explain_unplaced_existing (HvpSizingModel *model, const HvpSizing *sizing, const Demand *demand,
                           const HvpPlacement *placement, const HvpPlacementBin *bins,
                           const HvpInventory *destination)
{
  guint n = destination->hosts->len;

  for (guint i = 0; i < demand->n_items; i++)
    if (placement->host_of[i] == G_MAXUINT)
      {
        const HvpSizingVm *vm = g_ptr_array_index (sizing->vms, i);
        HvpResource vm_resource = HVP_RESOURCE_MEMORY;
        guint roomiest = 0;
        g_autofree char *where = NULL;

        for (guint h = 1; h < n; h++)
          if (bins[h].memory_bytes > bins[roomiest].memory_bytes)
            roomiest = h;
        if (hvp_placement_item_fits_empty (&demand->items[i], &bins[roomiest], NULL))
          where = g_strdup ("the destination hosts");
        else
          where = g_strdup_printf ("'%s'", hvp_host_label (g_ptr_array_index (destination->hosts,
                                                                              roomiest)));
        add_unplaced_finding (model->findings, &demand->items[i], vm, &bins[roomiest], where,
                              demand->vcpu_ratio, &vm_resource);
        model->limiting_resource = vm_resource;
      }
}

/* When every VM is placed but the loss of the spare hosts cannot be absorbed: @model does not
 * fit, with a finding naming a host whose loss is the problem. */
static void
check_existing_reserve (HvpSizingModel *model, const Demand *demand,
                        const HvpPlacement *placement, const ExistingHosts *hosts,
                        const HvpInventory *destination)
{
  HvpResource resource = HVP_RESOURCE_MEMORY;
  guint host = 0;

  if (!model->fits || existing_survives (demand, hosts, placement, &resource, &host))
    return;
  model->fits = FALSE;
  model->limiting_resource = resource;
  add_finding (model->findings, HVP_VERDICT_FAIL, requirement_of (resource), NULL,
               "--spare %u: if '%s' fails, its VMs do not all restart on the other hosts "
               "(%s, System Center VMM cluster reserve): add a host or lower --spare",
               demand->spare, hvp_host_label (g_ptr_array_index (destination->hosts, host)),
               hvp_resource_to_string (resource));
}

/* The model "existing hosts" of hvp_sizing_new_for_hosts(): bounds, placement, findings. */
static HvpSizingModel *
size_existing_hosts (const HvpSizing *sizing, const Demand *demand,
                     const HvpInventory *destination)
{
  HvpSizingModel *model = model_new ("existing hosts");
  guint n = destination->hosts->len;
  g_auto (ExistingHosts) hosts = { 0 };
  const HvpPlacementBin *bins;
  g_autoptr (HvpPlacement) placement = NULL;

  existing_hosts_init (&hosts, demand, sizing->options, destination, model->findings);
  bins = hosts.bins;

  for (guint r = 0; r < HVP_N_RESOURCES; r++)
    {
      model->lower_bounds[r] = existing_lower_bound (demand, bins, n, (HvpResource) r);
      model->lower_bound = MAX (model->lower_bound, model->lower_bounds[r]);
    }
  model->limiting_resource = existing_limiting_resource (demand, bins, n);

  placement = place_on_existing (demand, &hosts);
  for (guint h = 0; h < n; h++)
    if (placement->usage[h].vms > 0)
      model->hosts_needed++;
  model->packed_hosts = model->hosts_needed;
  model->fits = placement->n_unplaced == 0;
  explain_unplaced_existing (model, sizing, demand, placement, bins, destination);
  check_existing_reserve (model, demand, placement, &hosts, destination);
  model_set_placement (model, placement, bins, FALSE, destination);
  for (guint h = 0; h < n; h++)
    ((HvpSizingHost *) g_ptr_array_index (model->hosts, h))->existing = hosts.own[h];
  g_ptr_array_sort (model->findings, hvp_finding_compare);
  return model;
}

/**
 * hvp_sizing_new_for_hosts:
 * @source: the inventory being migrated
 * @destination: the existing destination hosts (several)
 * @options: (transfer none): planner options; must outlive the result
 * @error: return location for a #GError
 *
 * Places the source VMs onto existing hosts with the demands of hvp_sizing_new_for_catalog():
 * spread (each VM, largest first, on the fitting host with the most free memory) when that places
 * every VM and keeps the reserve, else first-fit decreasing over the hosts in inventory order.  A
 * host's own VMs count as used (hvp_destination_use_measure(): memory with overhead and vCPUs of
 * those that run at the same time, NICs of their External switches), its storage is the free
 * space of its volumes less their files (hvp_destination_volume_free_bytes(); unknown when it
 * lists none: not counted, with a warning), and the failover reserve moves them too.  The result
 * has one model, "existing hosts", whose hosts are @destination's; it fits when every VM is placed
 * and the loss of spare hosts can be absorbed (hvp_placement_survives()); findings say which VM
 * fits nowhere and why, or which failure cannot be absorbed.  The lower bound is, per resource,
 * the fewest of the largest hosts whose capacities add up to the demand.
 *
 * Returns: (transfer full) (nullable): the sizing, or %NULL with the errors of
 *   hvp_sizing_new_for_catalog(), or %HVP_ERROR_DATA when @destination lists no host
 */
HvpSizing *
hvp_sizing_new_for_hosts (const HvpInventory *source, const HvpInventory *destination,
                          const HvpPlanOptions *options, GError **error)
{
  g_autoptr (HvpSizing) sizing = NULL;
  HvpSizingModel *model;
  Demand demand = { 0 };

  g_return_val_if_fail (source != NULL && destination != NULL && options != NULL, NULL);

  if (destination->hosts->len == 0)
    {
      g_set_error_literal (error, HVP_ERROR, HVP_ERROR_DATA,
                           "destination inventory lists no host");
      return NULL;
    }
  sizing = sizing_new (source, options, &demand, error);
  if (sizing == NULL)
    {
      demand_clear (&demand);
      return NULL;
    }
  /* Existing hosts differ: each VM at its own percentile, no time-aligned packing. */
  sizing->time_aligned = FALSE;
  model = size_existing_hosts (sizing, &demand, destination);
  g_ptr_array_add (sizing->models, model);
  sizing->best = model->fits ? 0 : -1;
  g_ptr_array_sort (sizing->findings, hvp_finding_compare);
  demand_clear (&demand);
  return g_steal_pointer (&sizing);
}
