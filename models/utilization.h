/* hvplan: what a VM really used over a period: time series of processor and memory samples. */
#pragma once

#include <glib.h>

#include "models/field.h"

G_BEGIN_DECLS

/**
 * HvpUtilization:
 * @start_time: the first sample's time, seconds since the Unix epoch (UTC)
 * @interval_seconds: seconds between two samples (sample i is at @start_time + i × interval)
 * @period_seconds: the period the collection was asked to cover (the denominator of the
 *   coverage); 0 when unknown (then the samples' own span is the period)
 * @processor_percent: (element-type gfloat): per sample, the share of the VM's virtual processors
 *   busy running the guest, 0–100 (Hyper-V "Hyper-V Hypervisor Virtual Processor\% Guest Run Time"
 *   averaged over the VM's processors; libvirt cpu_time); NaN where no sample was taken
 * @memory_demand_mib: (element-type gfloat): per sample, the memory the guest needs, in MiB as
 *   Hyper-V's counters give it ("Hyper-V Dynamic Memory VM\Physical Memory" × "Current Pressure"
 *   / 100, or the assigned memory of a static-memory VM); NaN where no sample was taken
 * @disk_bytes_per_second: (element-type gfloat): optional (empty when not sampled): per sample,
 *   the bytes per second the VM read and wrote on all its virtual disks ("Hyper-V Virtual Storage
 *   Device\Read Bytes/sec" + "Write Bytes/sec" summed over its disks; libvirt block stats)
 * @disk_iops: (element-type gfloat): optional: per sample, the read and write operations per
 *   second on all its virtual disks ("Read Operations/Sec" + "Write Operations/Sec")
 * @network_bytes_per_second: (element-type gfloat): optional: per sample, the bytes per second its
 *   virtual network adapters sent and received ("Hyper-V Virtual Network Adapter\Bytes/sec";
 *   libvirt interface stats rx + tx)
 *
 * A VM's measured utilization.  The two required arrays have the same length: one slot per instant; the
 * model keeps plain float arrays (4 bytes a sample), not an object per sample.  An optional array
 * is either empty (not sampled) or as long as the required ones.
 */
typedef struct {
  gint64 start_time;
  guint interval_seconds;
  guint period_seconds;
  GArray *processor_percent;
  GArray *memory_demand_mib;
  GArray *disk_bytes_per_second;
  GArray *disk_iops;
  GArray *network_bytes_per_second;
} HvpUtilization;

HvpUtilization *hvp_utilization_new (void);
void hvp_utilization_free (HvpUtilization *utilization);
guint hvp_utilization_n_slots (const HvpUtilization *utilization);
guint hvp_utilization_n_samples (const HvpUtilization *utilization);
void hvp_utilization_drop_unsampled (HvpUtilization *utilization);
gboolean hvp_utilization_validate (const HvpUtilization *utilization, GError **error);
char *hvp_series_to_string (const GArray *series);
gboolean hvp_series_parse (const char *text, GArray *series, gsize *ret_error_offset);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpUtilization, hvp_utilization_free)

extern const HvpFieldTable hvp_utilization_fields;

G_END_DECLS
