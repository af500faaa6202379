/* hvplan: sampling what the running domains of a live libvirt connection use (issue 17,
 * `hvplan collect --sample-minutes N URI`): per interval, the share of its vCPUs each domain ran
 * (the growth of virDomainGetCPUStats()' total "cpu_time", nanoseconds, over the interval × its
 * vCPUs) and its memory demand (virDomainMemoryStats(): available − unused when the balloon
 * driver reports both, else the resident set, else the balloon's actual size; KiB), into the VM's
 * #HvpUtilization.  Block and interface statistics are not kept: sizing uses processors and
 * memory only. */
#include "collectors/libvirt/sample.h"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <math.h>

typedef struct {
  virDomainPtr domain;
  HvpVm *vm;
  guint64 cpu_time;      /* nanoseconds, at the previous sample */
  gboolean have_cpu;
} Sampled;

/* The domain's total cpu_time, nanoseconds; %FALSE when the driver does not tell. */
static gboolean
domain_cpu_time (virDomainPtr domain, guint64 *ret_nanoseconds)
{
  virTypedParameter parameters[8];
  int n = virDomainGetCPUStats (domain, parameters, G_N_ELEMENTS (parameters), -1, 1, 0);

  for (int i = 0; i < n; i++)
    if (g_strcmp0 (parameters[i].field, VIR_DOMAIN_CPU_STATS_CPUTIME) == 0
        && parameters[i].type == VIR_TYPED_PARAM_ULLONG)
      {
        *ret_nanoseconds = parameters[i].value.ul;
        return TRUE;
      }
  virResetLastError ();
  return FALSE;
}

/* The domain's memory demand in MiB, NaN when the driver does not tell. */
static gfloat
domain_memory_mib (virDomainPtr domain)
{
  virDomainMemoryStatStruct stats[VIR_DOMAIN_MEMORY_STAT_NR];
  int n = virDomainMemoryStats (domain, stats, VIR_DOMAIN_MEMORY_STAT_NR, 0);
  gint64 available = -1, unused = -1, rss = -1, balloon = -1;

  for (int i = 0; i < n; i++)
    {
      gint64 value = (gint64) MIN (stats[i].val, (unsigned long long) G_MAXINT64);

      if (stats[i].tag == VIR_DOMAIN_MEMORY_STAT_AVAILABLE)
        available = value;
      else if (stats[i].tag == VIR_DOMAIN_MEMORY_STAT_UNUSED)
        unused = value;
      else if (stats[i].tag == VIR_DOMAIN_MEMORY_STAT_RSS)
        rss = value;
      else if (stats[i].tag == VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON)
        balloon = value;
    }
  if (n < 0)
    virResetLastError ();
  if (available >= 0 && unused >= 0 && available >= unused)
    return (gfloat) (available - unused) / 1024.0f;
  if (rss >= 0)
    return (gfloat) rss / 1024.0f;
  return balloon >= 0 ? (gfloat) balloon / 1024.0f : NAN;
}

/* The running domains of @connection that @host holds a VM of (by name), each with a new
 * utilization starting at @start_time. */
static GArray *
sampled_domains (virConnectPtr connection, HvpHost *host, gint64 start_time, guint interval,
                 guint slots)
{
  GArray *sampled = g_array_new (FALSE, TRUE, sizeof (Sampled));
  virDomainPtr *domains = NULL;
  int count = virConnectListAllDomains (connection, &domains, VIR_CONNECT_LIST_DOMAINS_ACTIVE);

  for (int i = 0; i < count; i++)
    {
      Sampled entry = { domains[i], NULL, 0, FALSE };

      for (guint v = 0; v < host->vms->len && entry.vm == NULL; v++)
        if (g_strcmp0 (((HvpVm *) g_ptr_array_index (host->vms, v))->name,
                       virDomainGetName (domains[i])) == 0)
          entry.vm = g_ptr_array_index (host->vms, v);
      if (entry.vm == NULL)
        {
          virDomainFree (domains[i]);
          continue;
        }
      hvp_utilization_free (entry.vm->utilization);
      entry.vm->utilization = hvp_utilization_new ();
      entry.vm->utilization->start_time = start_time;
      entry.vm->utilization->interval_seconds = interval;
      entry.vm->utilization->period_seconds = slots * interval;
      entry.have_cpu = domain_cpu_time (domains[i], &entry.cpu_time);
      g_array_append_val (sampled, entry);
    }
  if (count < 0)
    virResetLastError ();
  free (domains);
  return sampled;
}

/* One slot of @entry, @elapsed_ns after the previous one. */
static void
sample_domain (Sampled *entry, gint64 elapsed_ns)
{
  guint64 now = 0;
  gfloat percent = NAN;
  gfloat memory = domain_memory_mib (entry->domain);
  guint vcpus = MAX (entry->vm->vcpus, 1u);

  if (domain_cpu_time (entry->domain, &now) && entry->have_cpu && now >= entry->cpu_time
      && elapsed_ns > 0)
    percent = (gfloat) CLAMP (100.0 * (double) (now - entry->cpu_time)
                                / ((double) elapsed_ns * vcpus), 0.0, 100.0);
  entry->have_cpu = entry->have_cpu && now != 0;
  entry->cpu_time = now;
  if (isnan (memory))
    percent = NAN; /* one slot is both or neither (hvp_utilization_n_samples()) */
  g_array_append_val (entry->vm->utilization->processor_percent, percent);
  g_array_append_val (entry->vm->utilization->memory_demand_mib, memory);
}

/**
 * hvp_libvirt_sample:
 * @connection: an open connection
 * @host: the host collected from it, with its VMs
 * @seconds: how long to sample (at least one interval)
 * @interval: seconds between samples (at least 1)
 *
 * Samples every running domain of @host each @interval seconds for @seconds (see the top of this
 * file); slot i is taken (i + 1) × @interval after the start, whatever the previous one took, and
 * its time since the previous one is measured, not assumed.  Blocks that long.  A domain that
 * stops or whose driver gives no statistics gets empty slots.
 *
 * Returns: the number of domains sampled
 */
guint
hvp_libvirt_sample (virConnectPtr connection, HvpHost *host, double seconds, guint interval)
{
  guint slots;
  gint64 start, previous;
  g_autoptr (GArray) sampled = NULL;

  g_return_val_if_fail (connection != NULL && host != NULL && interval > 0, 0);

  slots = (guint) MAX (1.0, floor (seconds / interval));
  start = g_get_monotonic_time ();
  previous = start;
  sampled = sampled_domains (connection, host, g_get_real_time () / G_USEC_PER_SEC + interval,
                             interval, slots);
  for (guint slot = 0; slot < slots && sampled->len > 0; slot++)
    {
      gint64 due = start + (gint64) (slot + 1) * interval * G_USEC_PER_SEC;
      gint64 now = g_get_monotonic_time ();

      if (due > now)
        g_usleep ((gulong) (due - now));
      now = g_get_monotonic_time ();
      for (guint i = 0; i < sampled->len; i++)
        sample_domain (&g_array_index (sampled, Sampled, i), (now - previous) * 1000);
      previous = now;
    }
  for (guint i = 0; i < sampled->len; i++)
    virDomainFree (g_array_index (sampled, Sampled, i).domain);
  return sampled->len;
}
