/* hvplan: the four checks of "Hyper-V: Prepare to Migrate" and their result. */
#pragma once

#include <glib.h>

#include "models/model.h"
#include "planner/finding.h"
#include "planner/options.h"

G_BEGIN_DECLS

#define HVP_PLAN_SCHEMA "hvplan-plan/1"

/**
 * HvpMigrationPath:
 * @HVP_MIGRATION_PATH_UNKNOWN: not decided (the destination's operating system is unknown)
 * @HVP_MIGRATION_PATH_IMPORT: `Import-VM` on the destination as it is
 * @HVP_MIGRATION_PATH_IMPORT_AND_UPGRADE: `Import-VM`, then optionally `Update-VMVersion` (one
 *   way: the VM no longer starts on the old host)
 * @HVP_MIGRATION_PATH_TWO_HOP: the destination cannot import the configuration version: import
 *   on an intermediate host that supports both, upgrade there, export, import on the destination
 * @HVP_MIGRATION_PATH_RECREATE: no host bridges the versions: a new VM on the destination with
 *   the recorded settings and the existing virtual hard disks attached
 * @HVP_MIGRATION_PATH_BLOCKED: the VM cannot run on the destination at all (a generation or
 *   shielding the destination lacks)
 *
 * How a VM gets onto the destination (the compatibility check decides; `migration_path` in
 * `hvplan-plan/1`).
 */
typedef enum {
  HVP_MIGRATION_PATH_UNKNOWN,
  HVP_MIGRATION_PATH_IMPORT,
  HVP_MIGRATION_PATH_IMPORT_AND_UPGRADE,
  HVP_MIGRATION_PATH_TWO_HOP,
  HVP_MIGRATION_PATH_RECREATE,
  HVP_MIGRATION_PATH_BLOCKED,
} HvpMigrationPath;

const char *hvp_migration_path_to_string (HvpMigrationPath path);

/**
 * HvpPlanVm:
 * @name: VM name
 * @vcpus: largest vCPU count of the VM and its snapshots
 * @memory_bytes: memory counted for it under the memory policy (without overhead)
 * @storage_bytes: bytes of the files only this VM uses now (shared parents counted for the first
 *   VM that uses them, in inventory order)
 * @snapshots: number of snapshots
 * @saved_state: the VM or one of its snapshots holds a saved state
 * @concurrent: counted in the memory check
 * @migration_path: how the VM gets onto the destination (the compatibility check's)
 * @compatibility: the worst severity of the VM's compatibility findings (%HVP_VERDICT_PASS when
 *   none)
 * @configuration_version: (nullable): the VM's configuration version
 * @upgrade_version: (nullable): the version `Update-VMVersion` gives it on the destination (for
 *   %HVP_MIGRATION_PATH_IMPORT_AND_UPGRADE and %HVP_MIGRATION_PATH_TWO_HOP)
 * @hop_hosts: (nullable): for %HVP_MIGRATION_PATH_TWO_HOP, the host operating systems that can
 *   import the VM and upgrade it to a version the destination imports ("Windows Server 2016 or
 *   Windows Server 2019")
 */
typedef struct {
  char *name;
  guint vcpus;
  guint64 memory_bytes;
  guint64 storage_bytes;
  guint snapshots;
  gboolean saved_state;
  gboolean concurrent;
  HvpMigrationPath migration_path;
  HvpVerdict compatibility;
  char *configuration_version;
  char *upgrade_version;
  char *hop_hosts;
} HvpPlanVm;

/**
 * HvpDestinationUse:
 * @vms: VMs the destination already holds
 * @concurrent: of them, those counted as running at the same time as the migrated VMs (by
 *   #HvpConcurrency: not off, or every VM under %HVP_CONCURRENCY_ALL; a name given with
 *   --concurrent names a source VM, so the destination's own count when not off)
 * @memory_bytes: memory of the concurrent ones under the memory policy, without overhead
 * @overhead_bytes: their per-VM overhead (hvp_plan_options_vm_overhead()), summed
 * @largest_memory_bytes: the largest of them, memory plus overhead (for the failover reserve)
 * @vcpus: vCPUs of the concurrent ones (their largest count, VM or snapshot)
 * @largest_vcpus: the largest of those counts
 * @storage_bytes: bytes of the virtual hard disk files the destination lists (each file once)
 * @growth_bytes: what its dynamic and differencing disks can still grow by
 *   (hvp_disk_worst_case_bytes() less the file size)
 * @nics: physical NICs held by the External switches its VMs' connected adapters use
 *   (hvp_vm_visit_uplinks(); a switch with no known NIC counts as one)
 *
 * What a destination host's own VMs already take ("Hyper-V: Prepare to Migrate": the memory
 * requirement is the sum of every VM that runs at the same time, and the VMs a host already runs
 * run at the same time as the ones migrated to it).
 */
typedef struct {
  guint vms;
  guint concurrent;
  guint64 memory_bytes;
  guint64 overhead_bytes;
  guint64 largest_memory_bytes;
  guint64 vcpus;
  guint64 largest_vcpus;
  guint64 storage_bytes;
  guint64 growth_bytes;
  guint nics;
} HvpDestinationUse;

/**
 * HvpPlan:
 * @source_name: (nullable): the source host
 * @destination_name: (nullable): the destination host
 * @options: (transfer none): the options used (owned by the caller, outlives the plan)
 * @requirements: one per #HvpRequirementKind, indexed by kind (the security one has no numbers)
 * @storage_headroom_bytes: storage added by the headroom percentage
 * @memory_reserve_bytes: host reserve counted in the memory requirement
 * @memory_overhead_bytes: per-VM overhead counted in the memory requirement, summed
 * @processor_method: (nullable): how saved-state processor compatibility was decided: "libvirt
 *   virConnectCompareCPU", "libvirt virConnectBaselineCPU"; %NULL for CPUID identity (vendor,
 *   family, model, stepping)
 * @findings: (element-type HvpFinding): sorted by severity (worst first), requirement, VM
 * @vms: (element-type HvpPlanVm): in inventory order
 * @destination_use: what the destination's own VMs already take (all zero for an empty host);
 *   every check counts it
 * @destination_os: (nullable): the destination's operating system as its inventory names it
 * @destination_rules: (nullable): the name of the row of the compatibility rule table the
 *   destination matched ("Windows Server 2025"); %NULL when none did
 * @vm_rows: (array): the storage of the rows @vms points to, one block (private: read the rows
 *   through @vms)
 *
 * The planner's answer for one source and one destination host.
 */
struct _HvpPlan {
  char *source_name;
  char *destination_name;
  const HvpPlanOptions *options;
  HvpRequirement requirements[HVP_N_ALL_REQUIREMENTS];
  guint64 storage_headroom_bytes;
  guint64 memory_reserve_bytes;
  guint64 memory_overhead_bytes;
  char *processor_method;
  GPtrArray *findings;
  GPtrArray *vms;
  HvpDestinationUse destination_use;
  char *destination_os;
  char *destination_rules;
  HvpPlanVm *vm_rows;
};

HvpPlan *hvp_plan_new (const HvpInventory *source, const HvpInventory *destination,
                       const HvpPlanOptions *options, GError **error);

/**
 * HVP_REQUIREMENT_BIT:
 * @kind: a #HvpRequirementKind
 *
 * The bit of @kind in the set of checks hvp_plan_new_for() runs.
 */
#define HVP_REQUIREMENT_BIT(kind) (1u << (guint) (kind))

/**
 * HVP_PLAN_ALL_REQUIREMENTS:
 *
 * Every check: hvp_plan_new_for() with it is hvp_plan_new().
 */
#define HVP_PLAN_ALL_REQUIREMENTS ((1u << HVP_N_ALL_REQUIREMENTS) - 1u)

HvpPlan *hvp_plan_new_for (const HvpInventory *source, const HvpInventory *destination,
                           const HvpPlanOptions *options, guint requirements, GError **error);
void hvp_plan_free (HvpPlan *plan);
HvpVerdict hvp_plan_verdict (const HvpPlan *plan);
HvpVerdict hvp_plan_capacity_verdict (const HvpPlan *plan);
guint64 hvp_destination_use_memory_bytes (const HvpDestinationUse *use);
void hvp_destination_use_measure (const HvpHost *destination, const HvpPlanOptions *options,
                                  HvpDestinationUse *ret_use);
guint64 hvp_destination_volume_free_bytes (const HvpHost *destination, const HvpVolume *volume);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpPlan, hvp_plan_free)

G_END_DECLS
