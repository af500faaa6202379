/* hvplan: sampling what the running domains of a live libvirt connection use (issue 17,
 * `hvplan collect --sample-minutes N URI`): per interval, the share of its vCPUs each domain ran
 * (the growth of virDomainGetCPUStats()' total "cpu_time", nanoseconds, over the interval × its
 * vCPUs) and its memory demand (virDomainMemoryStats(): available − unused when the balloon
 * driver reports both, else the resident set, else the balloon's actual size; KiB), into the VM's
 * #HvpUtilization; and the growth over the interval of virDomainBlockStats() (rd_bytes + wr_bytes,
 * rd_req + wr_req) summed over the domain's disks and of virDomainInterfaceStats() (rx_bytes +
 * tx_bytes) summed over its interfaces, per second: shown by the measured sizing, not packed.
 * The disks and interfaces are the <target dev=...> of the domain's XML at the start. */
#include "collectors/libvirt/sample.h"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <math.h>
#include <string.h>

/* Input/output counters of a domain, totals since it started; a total is -1 when the driver
 * did not give it for every device. */
typedef struct {
  gint64 disk_bytes;
  gint64 disk_requests;
  gint64 network_bytes;
} IoTotals;

typedef struct {
  virDomainPtr domain;
  HvpVm *vm;
  guint64 cpu_time;      /* nanoseconds, at the previous sample */
  gboolean have_cpu;
  GPtrArray *disks;      /* target device names ("vda") */
  GPtrArray *interfaces; /* target device names ("vnet0") */
  IoTotals io;           /* at the previous sample */
} Sampled;

/* Appends to @names the value of each node @xpath selects in @document. */
static void
xpath_values (xmlDocPtr document, const char *xpath, GPtrArray *names)
{
  xmlXPathContextPtr context = xmlXPathNewContext (document);
  xmlXPathObjectPtr found = context != NULL
                              ? xmlXPathEvalExpression ((const xmlChar *) xpath, context)
                              : NULL;

  for (int i = 0; found != NULL && found->nodesetval != NULL && i < found->nodesetval->nodeNr;
       i++)
    {
      xmlChar *value = xmlNodeGetContent (found->nodesetval->nodeTab[i]);

      if (value != NULL && *value != '\0')
        g_ptr_array_add (names, g_strdup ((const char *) value));
      xmlFree (value);
    }
  xmlXPathFreeObject (found);
  xmlXPathFreeContext (context);
}

/* Fills @entry's disks and interfaces from the domain's XML description. */
static void
domain_devices (Sampled *entry)
{
  char *xml = virDomainGetXMLDesc (entry->domain, 0);
  xmlDocPtr document = NULL;

  entry->disks = g_ptr_array_new_with_free_func (g_free);
  entry->interfaces = g_ptr_array_new_with_free_func (g_free);
  if (xml == NULL)
    {
      virResetLastError ();
      return;
    }
  document = xmlReadMemory (xml, (int) strlen (xml), "domain.xml", NULL,
                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  free (xml);
  if (document == NULL)
    return;
  xpath_values (document, "/domain/devices/disk/target/@dev", entry->disks);
  xpath_values (document, "/domain/devices/interface/target/@dev", entry->interfaces);
  xmlFreeDoc (document);
}

/* Adds @value to @total unless one is unknown (-1: then the total is unknown). */
static void
add_total (gint64 *total, long long value)
{
  *total = (*total < 0 || value < 0) ? -1 : *total + MIN (value, G_MAXINT64 - *total);
}

/* The domain's input/output totals over its disks and interfaces (-1 where unknown). */
static IoTotals
domain_io (const Sampled *entry)
{
  IoTotals totals = { entry->disks->len > 0 ? 0 : -1, entry->disks->len > 0 ? 0 : -1,
                      entry->interfaces->len > 0 ? 0 : -1 };

  for (guint i = 0; i < entry->disks->len; i++)
    {
      virDomainBlockStatsStruct block;

      if (virDomainBlockStats (entry->domain, g_ptr_array_index (entry->disks, i), &block,
                               sizeof block) < 0)
        {
          virResetLastError ();
          totals.disk_bytes = totals.disk_requests = -1;
          break;
        }
      add_total (&totals.disk_bytes, block.rd_bytes < 0 || block.wr_bytes < 0
                                        ? -1 : block.rd_bytes + block.wr_bytes);
      add_total (&totals.disk_requests, block.rd_req < 0 || block.wr_req < 0
                                          ? -1 : block.rd_req + block.wr_req);
    }
  for (guint i = 0; i < entry->interfaces->len; i++)
    {
      virDomainInterfaceStatsStruct interface;

      if (virDomainInterfaceStats (entry->domain, g_ptr_array_index (entry->interfaces, i),
                                   &interface, sizeof interface) < 0)
        {
          virResetLastError ();
          totals.network_bytes = -1;
          break;
        }
      add_total (&totals.network_bytes, interface.rx_bytes < 0 || interface.tx_bytes < 0
                                          ? -1 : interface.rx_bytes + interface.tx_bytes);
    }
  return totals;
}

/* Appends to @series the growth from @before to @now over @elapsed_ns, per second; a gap when
 * either is unknown or the counter went back (a device reset). */
static void
append_rate (GArray *series, gint64 before, gint64 now, gint64 elapsed_ns)
{
  gfloat rate = NAN;

  if (before >= 0 && now >= before && elapsed_ns > 0)
    rate = (gfloat) ((double) (now - before) * 1e9 / (double) elapsed_ns);
  g_array_append_val (series, rate);
}

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
      Sampled entry = { domains[i], NULL, 0, FALSE, NULL, NULL, { -1, -1, -1 } };

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
      domain_devices (&entry);
      entry.io = domain_io (&entry);
      g_array_append_val (sampled, entry);
    }
  if (count < 0)
    virResetLastError ();
  free (domains);
  return sampled;
}

/* The input/output slot of @entry, @elapsed_ns after the previous one. */
static void
sample_io (Sampled *entry, gint64 elapsed_ns)
{
  HvpUtilization *utilization = entry->vm->utilization;
  IoTotals now = domain_io (entry);

  append_rate (utilization->disk_bytes_per_second, entry->io.disk_bytes, now.disk_bytes,
               elapsed_ns);
  append_rate (utilization->disk_iops, entry->io.disk_requests, now.disk_requests, elapsed_ns);
  append_rate (utilization->network_bytes_per_second, entry->io.network_bytes,
               now.network_bytes, elapsed_ns);
  entry->io = now;
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
  sample_io (entry, elapsed_ns);
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
 * stops or whose driver gives no statistics gets empty slots; an input/output series with no
 * sample at all is left empty (not sampled).
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
    {
      Sampled *entry = &g_array_index (sampled, Sampled, i);

      hvp_utilization_drop_unsampled (entry->vm->utilization);
      g_ptr_array_unref (entry->disks);
      g_ptr_array_unref (entry->interfaces);
      virDomainFree (entry->domain);
    }
  return sampled->len;
}
