/* hvplan: placing VMs on several hosts (multi-dimensional bin packing), pure and deterministic. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * HvpResource:
 * @HVP_RESOURCE_MEMORY: memory bytes (VM memory + per-VM overhead; host: memory − host reserve)
 * @HVP_RESOURCE_PROCESSORS: vCPUs (host: logical processors × vCPU ratio)
 * @HVP_RESOURCE_STORAGE: bytes of disk files and saved states with headroom (host: usable storage)
 * @HVP_RESOURCE_NICS: physical NICs for External switches (host: physical NICs)
 *
 * The dimensions of the packing, in the order ties are broken.
 */
typedef enum {
  HVP_RESOURCE_MEMORY,
  HVP_RESOURCE_PROCESSORS,
  HVP_RESOURCE_STORAGE,
  HVP_RESOURCE_NICS,
  HVP_N_RESOURCES,
} HvpResource;

/** Processor group 0: the VM runs on any host (it has no saved state). */
#define HVP_PLACEMENT_ANY_PROCESSOR 0
/** Processor groups are bits 1..63 of #HvpPlacementBin.processor_groups. */
#define HVP_PLACEMENT_MAX_PROCESSOR_GROUPS 63
/** Distinct External uplinks the packing tells apart (bits of a guint64). */
#define HVP_PLACEMENT_MAX_UPLINKS 64

/**
 * HvpPlacementItem:
 * @memory_bytes: memory the VM takes on its host, overhead included
 * @vcpus: vCPUs counted against the host's vCPU capacity (0 for a VM that does not run)
 * @storage_bytes: storage the VM's files take on its host, headroom included
 * @uplinks: bit set of the External uplinks (physical NICs) the VM's adapters need; a host needs
 *   one NIC per distinct bit among its VMs
 * @largest_vcpus: the VM's largest vCPU count (VM or snapshot): must not exceed the host's
 *   logical processors, whatever the ratio (Compare-VM refuses it)
 * @processor_group: %HVP_PLACEMENT_ANY_PROCESSOR, or 1..63: the VM has a saved state and may only
 *   go where #HvpPlacementBin.processor_groups has that bit
 *
 * One VM's demand.
 */
typedef struct {
  guint64 memory_bytes;
  guint64 vcpus;
  guint64 storage_bytes;
  guint64 uplinks;
  guint largest_vcpus;
  guint processor_group;
} HvpPlacementItem;

/**
 * HvpPlacementBin:
 * @memory_bytes: memory for VMs (physical memory − host reserve)
 * @vcpus: vCPU capacity (logical processors × ratio, rounded down)
 * @storage_bytes: usable storage
 * @nics: physical NICs
 * @logical_processors: logical processors (the limit for one VM's vCPUs)
 * @processor_groups: bit g set when a VM of processor group g may run here (bit 0, "any",
 *   always set by the packer)
 *
 * One host's capacity.
 */
typedef struct {
  guint64 memory_bytes;
  guint64 vcpus;
  guint64 storage_bytes;
  guint nics;
  guint logical_processors;
  guint64 processor_groups;
} HvpPlacementBin;

/**
 * HvpPlacementPolicy:
 * @HVP_PLACEMENT_FIRST_FIT: first-fit decreasing: each VM on the first host it fits (fewest hosts)
 * @HVP_PLACEMENT_SPREAD: decreasing order, each VM on the fitting host with the most free memory
 *   (balanced load, what failover reserve needs)
 */
typedef enum {
  HVP_PLACEMENT_FIRST_FIT,
  HVP_PLACEMENT_SPREAD,
} HvpPlacementPolicy;

/**
 * HvpPlacementUsage:
 * @memory_bytes: memory taken
 * @vcpus: vCPUs taken
 * @storage_bytes: storage taken
 * @uplinks: union of the VMs' uplinks
 * @vms: VMs placed
 * @largest_memory_bytes: the largest VM's memory (VMM's "LargestM")
 * @largest_vcpus: the largest VM's vCPUs
 *
 * What one host holds after packing.
 */
typedef struct {
  guint64 memory_bytes;
  guint64 vcpus;
  guint64 storage_bytes;
  guint64 uplinks;
  guint vms;
  guint64 largest_memory_bytes;
  guint64 largest_vcpus;
} HvpPlacementUsage;

/**
 * HvpPlacement:
 * @n_hosts: hosts holding at least one VM (identical hosts), or the hosts given (existing hosts)
 * @host_of: (array length=n_items): the host index of each item, or %G_MAXUINT when it fits none
 * @n_items: items
 * @n_unplaced: items that fit no host
 * @usage: (array length=n_hosts): per-host usage
 * @items: (array length=n_items) (nullable) (transfer none): the demands placed, borrowed from
 *   the caller of the packing (they must outlive the placement); hvp_placement_survives()
 *   re-places the VMs of failed hosts one by one when it has them (%NULL: by sums only)
 *
 * The answer of hvp_placement_pack().
 */
typedef struct {
  guint n_hosts;
  guint *host_of;
  guint n_items;
  guint n_unplaced;
  HvpPlacementUsage *usage;
  const HvpPlacementItem *items;
} HvpPlacement;

guint *hvp_placement_order (const HvpPlacementItem *items, guint n_items,
                            const HvpPlacementBin *hosts, guint n_hosts, gboolean identical);
HvpPlacement *hvp_placement_pack (const HvpPlacementItem *items, guint n_items,
                                  const HvpPlacementBin *hosts, guint n_hosts,
                                  gboolean identical, HvpPlacementPolicy policy,
                                  const guint *order);
HvpPlacement *hvp_placement_pack_all (const HvpPlacementItem *items, guint n_items,
                                      const HvpPlacementBin *hosts, guint n_hosts,
                                      gboolean identical, HvpPlacementPolicy policy,
                                      const guint *order);
void hvp_placement_free (HvpPlacement *placement);
guint hvp_placement_usage_nics (const HvpPlacementUsage *usage);
gboolean hvp_placement_item_fits_empty (const HvpPlacementItem *item, const HvpPlacementBin *host,
                                        HvpResource *ret_resource);
guint hvp_placement_lower_bound (const HvpPlacementItem *items, guint n_items,
                                 const HvpPlacementBin *host, guint spare,
                                 guint ret_per_resource[HVP_N_RESOURCES]);
gboolean hvp_placement_survives (const HvpPlacement *placement, const HvpPlacementBin *hosts,
                                 gboolean identical, guint spare, HvpResource *ret_resource,
                                 guint *ret_host);
const char *hvp_resource_to_string (HvpResource resource);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpPlacement, hvp_placement_free)

G_END_DECLS
