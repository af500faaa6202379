/* hvplan: the sizing as one self-contained HTML page: the hosts each model needs against its lower
 * bound, and the placement as one stacked bar per host and resource (a segment per VM), the
 * limiting resource marked. */
#include "reports/size-report.h"

#include "reports/common.h"
#include "reports/html.h"

static const char *const resource_titles[HVP_N_RESOURCES] = {
  "memory", "vCPUs", "storage", "NICs"
};

/* The colours of a stacked bar's segments, in turn. */
static const char *const segment_styles[] = { "s0", "s1", "s2", "s3", "s4", "s5" };

/* What a host's VMs take of @resource, and what it offers (G_MAXUINT64: shared storage). */
static guint64
host_usage (const HvpSizingHost *host, HvpResource resource)
{
  switch (resource)
    {
    case HVP_RESOURCE_MEMORY: return host->usage.memory_bytes;
    case HVP_RESOURCE_PROCESSORS: return host->usage.vcpus;
    case HVP_RESOURCE_STORAGE: return host->usage.storage_bytes;
    case HVP_RESOURCE_NICS:
    case HVP_N_RESOURCES:
    default: return hvp_placement_usage_nics (&host->usage);
    }
}

static guint64
host_capacity (const HvpSizingHost *host, HvpResource resource)
{
  switch (resource)
    {
    case HVP_RESOURCE_MEMORY: return host->capacity.memory_bytes;
    case HVP_RESOURCE_PROCESSORS: return host->capacity.vcpus;
    case HVP_RESOURCE_STORAGE: return host->capacity.storage_bytes;
    case HVP_RESOURCE_NICS:
    case HVP_N_RESOURCES:
    default: return host->capacity.nics;
    }
}

static guint64
vm_demand (const HvpSizingVm *vm, HvpResource resource)
{
  switch (resource)
    {
    case HVP_RESOURCE_MEMORY: return vm->memory_bytes;
    case HVP_RESOURCE_PROCESSORS: return vm->vcpus;
    case HVP_RESOURCE_STORAGE: return vm->storage_bytes;
    case HVP_RESOURCE_NICS:
    case HVP_N_RESOURCES:
    default: return vm->nics;
    }
}

static char *
format_resource (HvpResource resource, guint64 amount)
{
  if (resource == HVP_RESOURCE_STORAGE)
    return hvp_report_format_storage (amount);
  if (resource == HVP_RESOURCE_MEMORY)
    return hvp_format_gib (amount);
  return g_strdup_printf ("%" G_GUINT64_FORMAT, amount);
}

/* Above this many VMs on a host its bars are one segment each ("N VMs"): a segment per VM would be
 * thinner than a pixel on most screens, and its tooltip out of reach. */
#define MAX_VM_SEGMENTS 48

/* One cell: "used of capacity" and the stacked bar, a segment per VM (NICs: one segment, distinct
 * uplinks do not add up per VM; more than MAX_VM_SEGMENTS VMs: one segment), the capacity marked
 * by a line. */
static void
append_resource_cell (GString *out, const HvpSizing *sizing, const HvpSizingHost *host,
                      HvpResource resource)
{
  guint64 used = host_usage (host, resource);
  guint64 capacity = host_capacity (host, resource);
  gboolean shared = resource == HVP_RESOURCE_STORAGE && capacity == G_MAXUINT64;
  g_autofree char *used_text = format_resource (resource, used);
  g_autofree char *capacity_text = format_resource (resource, capacity);
  g_autofree char *title = g_strdup_printf ("host %s, %s: %s of %s", host->name,
                                            resource_titles[resource], used_text, capacity_text);
  g_autoptr (GPtrArray) shown = g_ptr_array_new_with_free_func (g_free);
  gboolean one = resource == HVP_RESOURCE_NICS || host->vms->len > MAX_VM_SEGMENTS;
  g_autofree HvpHtmlSegment *segments = g_new0 (HvpHtmlSegment, one ? 1 : host->vms->len);
  g_autofree char *vms = g_strdup_printf ("%u VMs", host->vms->len);
  guint n = 0;

  if (one)
    segments[n++] = (HvpHtmlSegment) { resource == HVP_RESOURCE_NICS ? "External uplinks" : vms,
                                       used, used_text, "s0" };
  for (guint i = 0; !one && i < host->vms->len; i++)
    {
      const HvpSizingVm *vm = g_ptr_array_index (sizing->vms,
                                                 g_array_index (host->vms, guint, i));
      char *amount = format_resource (resource, vm_demand (vm, resource));

      g_ptr_array_add (shown, amount);
      segments[n++] = (HvpHtmlSegment) { vm->name, vm_demand (vm, resource), amount,
                                         segment_styles[i % G_N_ELEMENTS (segment_styles)] };
    }
  g_string_append_printf (out, "<td data-label=\"%s\">%s of %s", resource_titles[resource],
                          used_text, capacity_text);
  hvp_html_append_bar (out, title, segments, n, shared ? used : MAX (used, capacity),
                       shared ? 0 : capacity);
  g_string_append (out, "</td>");
}

static void
append_host_row (GString *out, const HvpSizing *sizing, const HvpSizingHost *host)
{
  g_string_append (out, "<tr class=\"host\"><th>");
  hvp_html_append_text (out, host->name);
  g_string_append_printf (out, "</th><td class=\"n\" data-label=\"VMs\">%u</td>",
                          host->usage.vms);
  for (guint r = 0; r < HVP_N_RESOURCES; r++)
    append_resource_cell (out, sizing, host, (HvpResource) r);
  g_string_append (out, "<td data-label=\"placed\">");
  for (guint i = 0; i < host->vms->len; i++)
    {
      const HvpSizingVm *vm = g_ptr_array_index (sizing->vms,
                                                 g_array_index (host->vms, guint, i));

      g_string_append (out, i > 0 ? ", " : "");
      hvp_html_append_text (out, vm->name);
    }
  if (host->vms->len == 0)
    g_string_append (out, "<span class=\"muted\">spare capacity</span>");
  if (host->existing.vms > 0)
    g_string_append_printf (out, "<br><span class=\"muted\">already on the host: %u VM%s, not in "
                                 "the capacity shown</span>", host->existing.vms,
                            host->existing.vms == 1 ? "" : "s");
  g_string_append (out, "</td></tr>\n");
}

/* hvp_html_append_placement() through @stream: written out host row by host row. */
static void
append_placement (HvpReportStream *stream, const HvpSizing *sizing, const HvpSizingModel *model)
{
  GString *out = stream->out;

  g_string_append (out, "<div class=\"scroll\"><table class=\"placement stack\">\n<thead><tr>"
                        "<th>host</th><th>VMs</th>");
  for (guint r = 0; r < HVP_N_RESOURCES; r++)
    g_string_append_printf (out, r == model->limiting_resource
                                   ? "<th class=\"limiting\">%s (limiting)</th>" : "<th>%s</th>",
                            resource_titles[r]);
  g_string_append (out, "<th>placed</th></tr></thead>\n<tbody>\n");
  for (guint h = 0; h < model->hosts->len; h++)
    {
      append_host_row (out, sizing, g_ptr_array_index (model->hosts, h));
      hvp_report_stream_flush (stream);
    }
  g_string_append (out, "</tbody></table></div>\n<p class=\"muted\">Each bar: one segment per VM "
                        "(its name in the tooltip), the black line at what the host offers.</p>\n");
  if (model->findings->len > 0)
    hvp_html_append_findings (out, model->findings, NULL);
}

/**
 * hvp_html_append_placement:
 * @out: where to append
 * @sizing: a sizing
 * @model: one of @sizing's models (existing hosts, or a catalog model)
 *
 * Appends @model's placement as a table, one row per host: its VMs, then per resource (memory,
 * vCPUs, storage, NICs) what its VMs take of what it offers and a stacked SVG bar, one segment
 * per VM (labelled with its escaped name), the capacity marked by a line; the limiting resource's
 * heading is marked "(limiting)".  Then the model's findings, grouped by severity.
 */
void
hvp_html_append_placement (GString *out, const HvpSizing *sizing, const HvpSizingModel *model)
{
  HvpReportStream stream;

  g_return_if_fail (out != NULL && sizing != NULL && model != NULL);

  hvp_report_stream_init (&stream, out, NULL, NULL);
  append_placement (&stream, sizing, model);
}

/* The models: hosts needed, lower bound (with a bar of each), limiting resource, prices. */
static void
append_summary (const HvpSizing *sizing, GString *out)
{
  guint64 scale = 0;

  for (guint i = 0; i < sizing->models->len; i++)
    {
      const HvpSizingModel *model = g_ptr_array_index (sizing->models, i);

      scale = MAX (scale, model->fits ? model->hosts_needed : 0);
      scale = MAX (scale, model->lower_bound != G_MAXUINT ? model->lower_bound : 0);
    }
  g_string_append (out, "<h2 id=\"models\">Models</h2>\n<div class=\"scroll\"><table>\n<thead>"
                        "<tr><th>model</th><th>hosts</th><th>lower bound</th>"
                        "<th>hosts against lower bound</th><th>limiting</th><th>price each</th>"
                        "<th>total price</th><th>verdict</th></tr></thead>\n<tbody>\n");
  for (guint i = 0; i < sizing->models->len; i++)
    {
      const HvpSizingModel *model = g_ptr_array_index (sizing->models, i);
      const HvpCatalogModel *entry = model->catalog_model;
      g_autofree char *hosts = model->fits ? g_strdup_printf ("%u", model->hosts_needed)
                                           : g_strdup ("-");
      g_autofree char *bound = hvp_report_format_count (model->lower_bound);
      g_autofree char *title = g_strdup_printf ("%s: %s hosts, lower bound %s", model->name,
                                                hosts, bound);
      const HvpHtmlSegment bar = { "hosts", model->fits ? model->hosts_needed : 0, hosts,
                                   model->fits ? "pass" : "fail" };
      const char *verdict = (gint) i == sizing->best ? "BEST" : model->fits ? "FITS" : "NO";

      g_string_append (out, "<tr class=\"model\"><th>");
      hvp_html_append_text (out, model->name);
      g_string_append_printf (out, "</th><td class=\"n\">%s</td><td class=\"n\">%s</td><td>",
                              hosts, bound);
      hvp_html_append_bar (out, title, &bar, 1, scale,
                           model->lower_bound != G_MAXUINT ? model->lower_bound : 0);
      g_string_append_printf (out, "</td><td class=\"limiting\">%s</td>",
                              hvp_resource_to_string (model->limiting_resource));
      if (entry != NULL && entry->has_price)
        g_string_append_printf (out, "<td class=\"n\">%" G_GUINT64_FORMAT "</td>", entry->price);
      else
        g_string_append (out, "<td class=\"n\">-</td>");
      if (entry != NULL && entry->has_price && model->fits)
        g_string_append_printf (out, "<td class=\"n\">%" G_GUINT64_FORMAT "</td>",
                                model->total_price);
      else
        g_string_append (out, "<td class=\"n\">-</td>");
      g_string_append_printf (out, "<td class=\"%s\"><b>%s</b></td></tr>\n",
                              model->fits ? "pass" : "fail", verdict);
    }
  g_string_append (out, "</tbody></table></div>\n<p class=\"muted\">The bar is the hosts "
                        "needed; the line marks the lower bound.</p>\n");
}

static void
append_recommendation (const HvpSizing *sizing, GString *out)
{
  const HvpSizingModel *best;
  g_autoptr (GString) text = g_string_new (NULL);

  if (sizing->best < 0)
    {
      hvp_html_append_verdict (out, "fail", "Recommended: none: no model holds every VM (see "
                                            "the findings)");
      return;
    }
  best = g_ptr_array_index (sizing->models, sizing->best);
  if (best->catalog_model == NULL)
    g_string_append_printf (text, "Verdict: the existing hosts hold every VM, on %u of %u hosts",
                            best->hosts_needed, best->hosts->len);
  else
    {
      g_string_append (text, "Recommended: ");
      hvp_html_append_text (text, best->name);
      g_string_append_printf (text, ", %u hosts", best->hosts_needed);
      if (sizing->by_price)
        g_string_append_printf (text, ", total price %" G_GUINT64_FORMAT " (the cheapest model "
                                      "that fits)", best->total_price);
      else
        g_string_append (text, " (the fewest hosts of the models that fit)");
    }
  hvp_html_append_verdict (out, "pass", text->str);
}

static void
append_model (HvpReportStream *stream, const HvpSizing *sizing, const HvpSizingModel *model)
{
  GString *out = stream->out;

  g_string_append (out, "<h3>");
  hvp_html_append_text (out, model->catalog_model != NULL ? model->name : "Existing hosts");
  g_string_append (out, "</h3>\n");
  if (!model->fits && model->catalog_model != NULL)
    {
      g_string_append_printf (out, "<p>Does not fit (limiting resource <span class=\"limiting\">"
                                   "%s</span>).</p>\n",
                              hvp_resource_to_string (model->limiting_resource));
      hvp_html_append_findings (out, model->findings, NULL);
      return;
    }
  g_string_append_printf (out, "<p>%u hosts (the packing puts the VMs on %u; lower bound %u), "
                               "limiting resource <span class=\"limiting\">%s</span>.</p>\n",
                          model->hosts_needed, model->packed_hosts, model->lower_bound,
                          hvp_resource_to_string (model->limiting_resource));
  append_placement (stream, sizing, model);
}

static void
append_assumptions (const HvpSizing *sizing, GString *out)
{
  g_autoptr (GString) text = g_string_new (NULL);

  hvp_report_size_assumptions_text (sizing, text);
  g_string_append (out, "<h2 id=\"assumptions\">Assumptions</h2>\n");
  hvp_html_append_pre (out, text->str);
}

/**
 * hvp_report_size_html_stream:
 * @sizing: a sizing
 * @source: (nullable): the inventory it was made from; its collector warnings are listed
 * @stream: the page is appended to its buffer and written out block by block
 *
 * hvp_report_size_html() through a stream (#HvpReportStream): the same bytes, never held whole
 * (the page of 100,000 VMs × 10 models, a bar segment a VM, is 360 MB).  Write errors are left in
 * @stream for hvp_report_stream_finish().
 */
void
hvp_report_size_html_stream (const HvpSizing *sizing, const HvpInventory *source,
                             HvpReportStream *stream)
{
  g_autofree char *memory = NULL;
  g_autofree char *storage = NULL;
  g_autofree char *title = NULL;
  GString *out;

  g_return_if_fail (sizing != NULL);
  g_return_if_fail (stream != NULL);

  out = stream->out;
  memory = hvp_format_gib (sizing->total_memory_bytes);
  storage = hvp_format_gib (sizing->total_storage_bytes);
  title = g_strdup_printf ("Sizing for %s", hvp_report_source_label (sizing->source_name));
  hvp_html_begin (out, title);
  g_string_append (out, "<h1>Sizing for ");
  hvp_html_append_text (out, hvp_report_source_label (sizing->source_name));
  g_string_append_printf (out, ": %u VMs</h1>\n", sizing->vms->len);
  append_recommendation (sizing, out);
  g_string_append_printf (out, "<p>Demand: memory %s with overhead, %" G_GUINT64_FORMAT
                               " vCPUs, storage %s with headroom.</p>\n",
                          memory, sizing->total_vcpus, storage);
  append_summary (sizing, out);
  g_string_append (out, "<h2 id=\"placement\">Placement</h2>\n");
  for (guint i = 0; i < sizing->models->len; i++)
    append_model (stream, sizing, g_ptr_array_index (sizing->models, i));
  if (sizing->findings->len > 0)
    hvp_html_append_findings (out, sizing->findings, "Findings about the source");
  append_assumptions (sizing, out);
  hvp_html_append_warnings (out, source);
  hvp_html_end (out);
}

/**
 * hvp_report_size_html:
 * @sizing: a sizing
 * @source: (nullable): the inventory it was made from; its collector warnings are listed
 * @out: the page is appended here
 *
 * Writes the sizing as one self-contained HTML5 page (reports/html.c): the recommendation first;
 * the demand; the models with the hosts each needs against its lower bound (an SVG bar with the
 * bound marked), the limiting resource, prices and BEST / FITS / NO; per model the placement
 * (hvp_html_append_placement(): one stacked bar per host and resource, the limiting resource
 * marked) or the findings that say why it does not fit; the findings about the source; the
 * assumptions; the collector warnings.  Every string from the input is escaped.  Deterministic.
 */
void
hvp_report_size_html (const HvpSizing *sizing, const HvpInventory *source, GString *out)
{
  HvpReportStream stream;

  g_return_if_fail (sizing != NULL);
  g_return_if_fail (out != NULL);

  hvp_report_stream_init (&stream, out, NULL, NULL);
  hvp_report_size_html_stream (sizing, source, &stream);
}
