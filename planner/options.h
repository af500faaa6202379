/* hvplan: what the planner is told, with every default named in one place. */
#pragma once

#include <glib.h>

#include "models/model.h"

G_BEGIN_DECLS

/**
 * HvpMemoryPolicy:
 * @HVP_MEMORY_POLICY_STARTUP: a dynamic-memory VM needs its startup RAM (Hyper-V's own admission
 *   rule: a VM starts when its startup RAM is free)
 * @HVP_MEMORY_POLICY_MAXIMUM: a dynamic-memory VM needs its maximum RAM (no overcommit at all)
 */
typedef enum {
  HVP_MEMORY_POLICY_STARTUP,
  HVP_MEMORY_POLICY_MAXIMUM,
} HvpMemoryPolicy;

/**
 * HvpConcurrency:
 * @HVP_CONCURRENCY_RUNNING: VMs running, paused or saved at collection, and VMs whose state the
 *   source does not record (counted to be safe, and listed in a finding)
 * @HVP_CONCURRENCY_ALL: every VM
 * @HVP_CONCURRENCY_NAMES: the VMs named in #HvpPlanOptions.concurrent_names
 */
typedef enum {
  HVP_CONCURRENCY_RUNNING,
  HVP_CONCURRENCY_ALL,
  HVP_CONCURRENCY_NAMES,
} HvpConcurrency;

/* Defaults, with their sources (see README "Defaults"). */

/** Memory kept for the management OS and the Hyper-V role: 2 GiB, as in Microsoft's early sizing
 * example that reserved 2 GB for the parent partition (aidanfinn.com, "Hyper-V RAM Requirements",
 * 2008). */
#define HVP_DEFAULT_HOST_RESERVE_BYTES (2 * HVP_GIB)
/** Per-VM memory overhead: 32 MiB for the first GiB of VM memory plus 8 MiB for each further GiB
 * (altaro.com, "Memory Management, Requirements and Usage in Hyper-V"). */
#define HVP_VM_OVERHEAD_FIRST_GIB_BYTES (32 * HVP_MIB)
#define HVP_VM_OVERHEAD_PER_GIB_BYTES (8 * HVP_MIB)
/** Storage headroom: keep 20 % free on top of the files, the share VSS snapshots and backups
 * need on a volume (virtualizationdojo.com, "Hyper-V disk usage explained"). */
#define HVP_DEFAULT_STORAGE_HEADROOM_PERCENT 20
/** vCPU : logical processor ratio: 1:1 unless told otherwise. */
#define HVP_DEFAULT_VCPU_RATIO 1.0
/** Failover reserve for several hosts: 1 host (N+1), System Center VMM's default cluster
 * reserve ("System Center 2012 – VMM Cluster Reserve Calculations"). */
#define HVP_DEFAULT_SPARE_HOSTS 1
/** Growth added to memory and storage before sizing: none unless told. */
#define HVP_DEFAULT_GROWTH_PERCENT 0

/**
 * HvpSizingBasis:
 * @HVP_SIZING_BASIS_CONFIGURED: each VM takes what it is configured for (memory under the policy,
 *   its vCPUs)
 * @HVP_SIZING_BASIS_MEASURED: each VM takes a percentile of its measured utilization times the
 *   comfort factor (planner/sizing/demand.c), where it has enough samples
 *
 * What a VM's memory and processor demand is sized from.
 */
typedef enum {
  HVP_SIZING_BASIS_CONFIGURED,
  HVP_SIZING_BASIS_MEASURED,
} HvpSizingBasis;

/**
 * HvpLicensing:
 * @HVP_LICENSING_NONE: licences are not counted
 * @HVP_LICENSING_STANDARD: Windows Server Standard on every host, stacked for its Windows VMs
 * @HVP_LICENSING_DATACENTER: Windows Server Datacenter on every host
 * @HVP_LICENSING_CHEAPEST: per model, the cheaper of the two
 *
 * Which Windows Server edition the licence bill counts (planner/sizing/licence.c).
 */
typedef enum {
  HVP_LICENSING_NONE,
  HVP_LICENSING_STANDARD,
  HVP_LICENSING_DATACENTER,
  HVP_LICENSING_CHEAPEST,
} HvpLicensing;

/** Measured basis: the percentile of each VM's samples, 95th as Azure Migrate's performance-based
 * assessment defaults to (learn.microsoft.com/azure/migrate/concepts-assessment-calculation,
 * "Percentile utilization"). */
#define HVP_DEFAULT_PERCENTILE 95.0
/** Measured basis: the buffer on each VM's percentile, 1.3 as Azure Migrate's assessment properties
 * default to (same page, "Comfort factor"). */
#define HVP_DEFAULT_COMFORT_FACTOR 1.3

/**
 * HvpSwitchMap:
 * @from: source switch name
 * @to: destination switch name
 */
typedef struct {
  char *from;
  char *to;
} HvpSwitchMap;

/**
 * HvpPlanOptions:
 * @memory_policy: see #HvpMemoryPolicy
 * @concurrency: which VMs run at the same time
 * @concurrent_names: (element-type utf8): VM names, for %HVP_CONCURRENCY_NAMES
 * @concurrent_index: (element-type utf8 utf8): @concurrent_names hashed for the memory check: each
 *   name as given after "name:" (matched against VM names) and in ASCII lower case after "id:"
 *   (matched against VM ids, which compare without case); kept by
 *   hvp_plan_options_set_concurrency()
 * @storage_headroom_percent: extra storage required on top of the files, in percent
 * @host_reserve_bytes: memory kept for the management OS and the Hyper-V role
 * @vm_overhead_auto: %TRUE to use the 32 MiB + 8 MiB/GiB formula per VM
 * @vm_overhead_bytes: flat per-VM overhead when @vm_overhead_auto is %FALSE
 * @switch_maps: (element-type HvpSwitchMap): source switch → destination switch
 * @vcpu_ratio: vCPUs allowed per logical processor (several hosts: the vCPU capacity of a host is
 *   its logical processors × this, rounded down)
 * @spare_hosts: several hosts: hosts that may fail while the others still hold every VM
 * @growth_percent: several hosts: growth added to each VM's memory and storage, in percent
 * @basis: several hosts: size from the configured or the measured demand
 * @percentile: measured basis: the percentile of each VM's samples, 1 to 100
 * @comfort_factor: measured basis: each VM's percentile is multiplied by this (1 to 10)
 * @licensing: several hosts: which Windows Server licences the cost counts
 *
 * Planner options.  hvp_plan_options_new() sets the defaults above.
 */
typedef struct {
  HvpMemoryPolicy memory_policy;
  HvpConcurrency concurrency;
  GPtrArray *concurrent_names;
  GHashTable *concurrent_index;
  guint storage_headroom_percent;
  guint64 host_reserve_bytes;
  gboolean vm_overhead_auto;
  guint64 vm_overhead_bytes;
  GPtrArray *switch_maps;
  double vcpu_ratio;
  guint spare_hosts;
  guint growth_percent;
  HvpSizingBasis basis;
  double percentile;
  double comfort_factor;
  HvpLicensing licensing;
} HvpPlanOptions;

HvpPlanOptions *hvp_plan_options_new (void);
void hvp_plan_options_free (HvpPlanOptions *options);
gboolean hvp_plan_options_add_switch_map (HvpPlanOptions *options, const char *text,
                                          GError **error);
gboolean hvp_plan_options_set_concurrency (HvpPlanOptions *options, const char *text,
                                           GError **error);
gboolean hvp_plan_options_set_memory_policy (HvpPlanOptions *options, const char *text,
                                             GError **error);
gboolean hvp_plan_options_set_vcpu_ratio (HvpPlanOptions *options, const char *text,
                                          GError **error);
const char *hvp_memory_policy_to_string (HvpMemoryPolicy policy);
guint64 hvp_plan_options_vm_overhead (const HvpPlanOptions *options, guint64 vm_memory_bytes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpPlanOptions, hvp_plan_options_free)

G_END_DECLS
