/* hvplan: sizing, how many servers of which model hold the source VMs, and where each VM goes. */
#pragma once

#include <glib.h>

#include "planner/sizing/catalog.h"
#include "planner/sizing/demand.h"
#include "planner/sizing/placement.h"
#include "planner/plan.h"

G_BEGIN_DECLS

#define HVP_SIZE_SCHEMA "hvplan-size/1"

/**
 * HvpSizingVm:
 * @name: VM name
 * @memory_bytes: memory it takes on its host: counted memory (policy) grown by the growth
 *   percentage, plus the per-VM overhead (0 when it does not run concurrently)
 * @vcpus: vCPUs it takes (0 when it does not run concurrently)
 * @largest_vcpus: its largest vCPU count, VM or snapshot (must fit one host's logical processors)
 * @storage_bytes: its files (as the plan counts them) grown, plus the storage headroom
 * @nics: External uplinks its adapters need
 * @saved_state: it holds a saved state: only hosts with a compatible processor take it
 * @configuration_version: (nullable): its configuration version (for a catalog model's `os`)
 * @generation: 1 or 2; 0 when unknown
 * @protected_by_guardian: it has a virtual TPM or a key protector
 * @configured_memory_bytes: @memory_bytes on the configured basis (the same when configured)
 * @configured_vcpus: @vcpus on the configured basis
 * @demand: (nullable) (owned): on the measured basis its samples, coverage and measured demand;
 *   %NULL on the configured basis (a sizing of a million VMs is 80 MB smaller without it)
 * @windows_guest: its guest runs Windows (hvp_licence_guest_is_windows() of its guest operating
 *   system): the licence bill counts %HVP_TRISTATE_UNKNOWN as Windows
 *
 * One source VM's demand, in inventory order.  On the measured basis @memory_bytes and @vcpus
 * are the measured ones (grown, overhead added; vCPUs rounded up) when @demand is measured.
 */
typedef struct {
  char *name;
  char *configuration_version;
  HvpVmDemand *demand;
  guint64 memory_bytes;
  guint64 vcpus;
  guint64 storage_bytes;
  guint64 configured_memory_bytes;
  guint64 configured_vcpus;
  guint largest_vcpus;
  guint nics;
  gboolean saved_state;
  guint generation;
  gboolean protected_by_guardian;
  HvpTristate windows_guest;
} HvpSizingVm;

/**
 * HvpSizingHost:
 * @name: host name (an existing host's, or "1", "2", ... for catalog servers)
 * @capacity: what it offers VMs
 * @usage: what its VMs take
 * @vms: (element-type guint): indexes into #HvpSizing.vms, in inventory order
 * @existing: what the VMs already on an existing host take (zero for catalog servers); @capacity
 *   is what is left of the host for the migrated VMs
 *
 * One host of a placement.
 */
typedef struct {
  char *name;
  HvpPlacementBin capacity;
  HvpPlacementUsage usage;
  GArray *vms;
  HvpDestinationUse existing;
} HvpSizingHost;

/**
 * HvpSizingModel:
 * @name: the catalog model's name, or "existing hosts"
 * @catalog_model: (nullable): the catalog entry (owned by the catalog), %NULL for existing hosts
 * @fits: every VM placed and the failover reserve kept
 * @hosts_needed: hosts to buy (packing plus what the failover reserve adds); 0 when it does not fit
 * @packed_hosts: hosts first-fit decreasing needs without the failover reserve
 * @lower_bound: no placement can use fewer hosts (hvp_placement_lower_bound(), with the spare
 *   hosts added for memory and processors)
 * @lower_bounds: that bound per #HvpResource
 * @limiting_resource: the resource whose total demand is the largest share of one host's capacity
 *   (of all hosts' for existing hosts); a VM that fits no host: what it lacks; a reserve that
 *   cannot be kept: the resource short
 * @host_capacity: what one host of a catalog model offers VMs (zero for existing hosts: see
 *   each host's)
 * @total_price: price of @hosts_needed servers, when the model has a price
 * @hosts: (element-type HvpSizingHost): the placement, hosts in order (empty when it does not fit)
 * @findings: (element-type HvpFinding): what does not fit and why, sorted
 * @hosts_needed_per_vm_percentile: measured basis with aligned series: the hosts the same packing
 *   needs when each VM is taken at its own percentile (0 otherwise)
 * @has_licence_price: the licence bill is counted (--licensing and the catalog's prices)
 * @licensing: the edition counted (standard or datacenter)
 * @hardware_price: price of the servers alone (@total_price without licences)
 * @licence_price: Windows Server licences of every host, spare ones included
 *
 * The answer for one model.
 */
typedef struct {
  char *name;
  const HvpCatalogModel *catalog_model;
  gboolean fits;
  guint hosts_needed;
  guint packed_hosts;
  guint lower_bound;
  guint lower_bounds[HVP_N_RESOURCES];
  HvpResource limiting_resource;
  HvpPlacementBin host_capacity;
  guint64 total_price;
  GPtrArray *hosts;
  GPtrArray *findings;
  guint hosts_needed_per_vm_percentile;
  gboolean has_licence_price;
  HvpLicensing licensing;
  guint64 hardware_price;
  guint64 licence_price;
} HvpSizingModel;

/**
 * HvpSizing:
 * @source_name: (nullable): the source host names
 * @options: (transfer none): the options used
 * @vms: (element-type HvpSizingVm): the demands, in inventory order
 * @total_memory_bytes: Σ VM memory demand
 * @total_vcpus: Σ VM vCPU demand
 * @total_storage_bytes: Σ VM storage demand
 * @models: (element-type HvpSizingModel): one per catalog model (file order), or one for the
 *   existing destination hosts
 * @best: index of the recommended model in @models, -1 when none fits
 * @by_price: %TRUE when @best is the cheapest (every fitting model has a price), %FALSE when it is
 *   the one with fewest hosts
 * @findings: (element-type HvpFinding): findings about the source (sizes or states unknown)
 * @coverage: measured basis: the mean of the VMs' coverages (0–1)
 * @confidence_rating: measured basis: hvp_confidence_rating() of @coverage (1–5)
 * @n_measured: measured basis: VMs sized by use
 * @time_aligned: measured basis: the series share one timeline and hosts were packed by the
 *   percentile of their summed load
 * @n_guests: per #HvpTristate (unknown, no, yes): the VMs whose guest is (not) known to run
 *   Windows (#HvpSizingVm.windows_guest)
 *
 * The answer of `hvplan size`.
 */
typedef struct {
  char *source_name;
  const HvpPlanOptions *options;
  GPtrArray *vms;
  guint64 total_memory_bytes;
  guint64 total_vcpus;
  guint64 total_storage_bytes;
  GPtrArray *models;
  gint best;
  gboolean by_price;
  GPtrArray *findings;
  double coverage;
  guint confidence_rating;
  guint n_measured;
  gboolean time_aligned;
  guint n_guests[3];
} HvpSizing;

HvpSizing *hvp_sizing_new_for_catalog (const HvpInventory *source, const HvpCatalog *catalog,
                                       const HvpPlanOptions *options, GError **error);
HvpSizing *hvp_sizing_new_for_hosts (const HvpInventory *source, const HvpInventory *destination,
                                     const HvpPlanOptions *options, GError **error);
void hvp_sizing_free (HvpSizing *sizing);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpSizing, hvp_sizing_free)

G_END_DECLS
