/* hvplan: the sizing for people, as plain text. */
#include "reports/size-report.h"

#include <string.h>

#include "models/text.h"
#include "reports/common.h"
#include "reports/names.h"

/**
 * hvp_report_size_ratio:
 * @ratio: vCPUs per logical processor
 *
 * Returns: (transfer full): "1:1", "4:1", "1.5:1": the ratio as the reports state it, shortest
 *   decimal that reads back, independent of the locale
 */
char *
hvp_report_size_ratio (double ratio)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (number, sizeof number, "%.6g", ratio);
  return g_strdup_printf ("%s:1", number);
}

#define N_SUMMARY_COLUMNS 7

static void
append_summary (const HvpSizing *sizing, GString *out)
{
  static const char *const header[N_SUMMARY_COLUMNS] = {
    "model", "hosts", "lower bound", "limiting", "price each", "total price", "verdict"
  };
  static const gboolean right[N_SUMMARY_COLUMNS] = { FALSE, TRUE, TRUE, FALSE, TRUE, TRUE, FALSE };
  g_autoptr (GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  gsize widths[N_SUMMARY_COLUMNS];
  guint rows = sizing->models->len + 1;

  for (guint c = 0; c < N_SUMMARY_COLUMNS; c++)
    g_ptr_array_add (cells, g_strdup (header[c]));
  for (guint i = 0; i < sizing->models->len; i++)
    {
      const HvpSizingModel *model = g_ptr_array_index (sizing->models, i);
      const HvpCatalogModel *entry = model->catalog_model;

      g_ptr_array_add (cells, hvp_text_escape_terminal (model->name));
      g_ptr_array_add (cells, model->fits ? g_strdup_printf ("%u", model->hosts_needed)
                                          : g_strdup ("-"));
      g_ptr_array_add (cells, hvp_report_format_count (model->lower_bound));
      g_ptr_array_add (cells, g_strdup (hvp_resource_to_string (model->limiting_resource)));
      g_ptr_array_add (cells, entry != NULL && entry->has_price
                                ? g_strdup_printf ("%" G_GUINT64_FORMAT, entry->price)
                                : g_strdup ("-"));
      g_ptr_array_add (cells, entry != NULL && entry->has_price && model->fits
                                ? g_strdup_printf ("%" G_GUINT64_FORMAT, model->total_price)
                                : g_strdup ("-"));
      g_ptr_array_add (cells, g_strdup ((gint) i == sizing->best ? "BEST"
                                        : model->fits ? "FITS" : "NO"));
    }
  for (guint c = 0; c < N_SUMMARY_COLUMNS; c++)
    {
      widths[c] = 0;
      for (guint r = 0; r < rows; r++)
        widths[c] = MAX (widths[c], strlen (g_ptr_array_index (cells, r * N_SUMMARY_COLUMNS + c)));
    }
  for (guint r = 0; r < rows; r++)
    {
      for (guint c = 0; c < N_SUMMARY_COLUMNS; c++)
        {
          const char *cell = g_ptr_array_index (cells, r * N_SUMMARY_COLUMNS + c);

          if (c == N_SUMMARY_COLUMNS - 1)
            g_string_append (out, cell);
          else
            g_string_append_printf (out, right[c] ? "%*s  " : "%-*s  ", (int) widths[c], cell);
        }
      g_string_append_c (out, '\n');
    }
}

/* "  host hv01: 2 VMs, memory 8.0 GiB of 64.0 GiB, ...: dc01, web01": usage of capacity and the
 * VMs placed, in inventory order. */
static void
append_host (const HvpReportNames *names, const HvpSizingHost *host, GString *out)
{
  g_autofree char *memory = hvp_format_gib (host->usage.memory_bytes);
  g_autofree char *memory_capacity = hvp_format_gib (host->capacity.memory_bytes);
  g_autofree char *storage = hvp_format_gib (host->usage.storage_bytes);
  g_autofree char *storage_capacity = hvp_report_format_storage (host->capacity.storage_bytes);
  g_autofree char *name = hvp_text_escape_terminal (host->name);

  g_string_append_printf (out, "  host %s: %u VM%s, memory %s of %s, vCPUs %" G_GUINT64_FORMAT
                               " of %" G_GUINT64_FORMAT ", storage %s of %s, NICs %u of %u%s",
                          name, host->usage.vms, host->usage.vms == 1 ? "" : "s",
                          memory, memory_capacity,
                          host->usage.vcpus, host->capacity.vcpus, storage, storage_capacity,
                          hvp_placement_usage_nics (&host->usage),
                          host->capacity.nics, host->vms->len > 0 ? ": " : " (spare capacity)");
  hvp_report_names_append_list (names, host->vms, ", ", out);
  g_string_append_c (out, '\n');
  if (host->existing.vms > 0)
    {
      g_autofree char *own_memory =
        hvp_format_gib (hvp_destination_use_memory_bytes (&host->existing));
      g_autofree char *own_storage = hvp_format_gib (host->existing.storage_bytes);

      g_string_append_printf (out, "    already on the destination: %u VM%s, %u counted as "
                                   "running: memory %s with overhead, %" G_GUINT64_FORMAT
                                   " vCPUs, files %s, %u physical NIC%s (not in the capacity "
                                   "above)\n", host->existing.vms,
                              host->existing.vms == 1 ? "" : "s", host->existing.concurrent,
                              own_memory, host->existing.vcpus, own_storage,
                              host->existing.nics, host->existing.nics == 1 ? "" : "s");
    }
}

/* What one host of a catalog model offers VMs (the hosts are identical: the first says it). */
static void
append_host_capacity (const HvpSizingHost *first, GString *out)
{
  g_autofree char *memory = hvp_format_gib (first->capacity.memory_bytes);
  g_autofree char *storage = hvp_report_format_storage (first->capacity.storage_bytes);

  g_string_append_printf (out, "  each host offers VMs: memory %s, %" G_GUINT64_FORMAT
                               " vCPUs (%u logical processors), storage %s, %u NICs\n",
                          memory, first->capacity.vcpus, first->capacity.logical_processors,
                          storage, first->capacity.nics);
}

/* The model was refused before packing: its `os` cannot run a VM (a compatibility failure). */
static gboolean
model_refused_by_os (const HvpSizingModel *model)
{
  for (guint i = 0; i < model->findings->len; i++)
    {
      const HvpFinding *finding = g_ptr_array_index (model->findings, i);

      if (finding->requirement == HVP_REQUIREMENT_COMPATIBILITY
          && finding->severity == HVP_VERDICT_FAIL)
        return TRUE;
    }
  return FALSE;
}

/* One model's section; its hosts are written out one by one through @stream. */
static void
append_model (HvpReportStream *stream, const HvpReportNames *names, const HvpSizingModel *model)
{
  g_autofree char *name = hvp_text_escape_terminal (model->name);
  GString *out = stream->out;

  if (!model->fits && model->catalog_model != NULL && model_refused_by_os (model))
    {
      g_string_append_printf (out, "\nModel '%s': does not fit (its os cannot run every VM)\n",
                              name);
      hvp_report_findings_text (model->findings, "  ", out);
      return;
    }
  if (!model->fits && model->catalog_model != NULL)
    {
      g_string_append_printf (out, "\nModel '%s': does not fit (limiting resource %s)\n",
                              name, hvp_resource_to_string (model->limiting_resource));
      hvp_report_findings_text (model->findings, "  ", out);
      return;
    }
  if (model->catalog_model == NULL)
    g_string_append_printf (out, "\nExisting hosts: %s on %u of %u hosts (lower bound %u), "
                                 "limiting resource %s\n",
                            model->fits ? "VMs" : "does not fit; VMs placed", model->hosts_needed,
                            model->hosts->len, model->lower_bound,
                            hvp_resource_to_string (model->limiting_resource));
  else
    g_string_append_printf (out, "\nModel '%s': %u hosts (the packing puts the VMs on "
                                 "%u; lower bound %u), limiting resource %s\n",
                            name, model->hosts_needed, model->packed_hosts,
                            model->lower_bound, hvp_resource_to_string (model->limiting_resource));
  if (model->hosts->len > 0 && model->catalog_model != NULL)
    append_host_capacity (g_ptr_array_index (model->hosts, 0), out);
  for (guint h = 0; h < model->hosts->len; h++)
    {
      append_host (names, g_ptr_array_index (model->hosts, h), out);
      hvp_report_stream_flush (stream);
    }
  hvp_report_findings_text (model->findings, "  ", out);
}

/**
 * hvp_report_size_assumptions_text:
 * @sizing: a sizing
 * @out: text is appended here
 *
 * The sizing's assumptions, a line each indented by two spaces, without a heading: spare hosts,
 * vCPU ratio, growth, then reserve, overhead and memory policy (hvp_report_assumptions_text()).
 * The text and HTML reports print them.
 */
void
hvp_report_size_assumptions_text (const HvpSizing *sizing, GString *out)
{
  const HvpPlanOptions *options = sizing->options;
  const HvpReportAssumptions assumptions = {
    .options = options,
    .host_reserve_bytes = options->host_reserve_bytes,
    .per_host = TRUE,
    .with_totals = FALSE,
  };
  g_autofree char *ratio = hvp_report_size_ratio (options->vcpu_ratio);

  g_string_append_printf (out, "  spare hosts: %u (the VMs of any %u failed host%s restart on the "
                               "others, for memory and vCPUs, computed as System Center VMM's "
                               "cluster reserve)\n", options->spare_hosts, options->spare_hosts,
                          options->spare_hosts == 1 ? "" : "s");
  g_string_append_printf (out, "  vCPU ratio: %s (vCPUs per logical processor)\n", ratio);
  g_string_append_printf (out, "  growth: %u %% on memory and storage\n", options->growth_percent);
  hvp_report_assumptions_text (&assumptions, out);
  g_string_append (out, "  VMs that do not run concurrently (--concurrent) take storage only\n");
}

/* The verdict for existing hosts, or the recommended model and why it was chosen. */
static void
append_recommendation (const HvpSizing *sizing, GString *out)
{
  const HvpSizingModel *best;
  g_autofree char *name = NULL;

  if (sizing->best < 0)
    {
      g_string_append (out, "Recommended: none: no model holds every VM (see the findings)\n");
      return;
    }
  best = g_ptr_array_index (sizing->models, sizing->best);
  name = hvp_text_escape_terminal (best->name);
  if (best->catalog_model == NULL)
    g_string_append_printf (out, "Verdict: the existing hosts hold every VM, on %u of %u "
                                 "hosts\n", best->hosts_needed, best->hosts->len);
  else if (sizing->by_price)
    g_string_append_printf (out, "Recommended: '%s', %u hosts, total price %" G_GUINT64_FORMAT
                                 " (the cheapest model that fits)\n",
                            name, best->hosts_needed, best->total_price);
  else
    g_string_append_printf (out, "Recommended: '%s', %u hosts (the fewest hosts of the "
                                 "models that fit)\n", name, best->hosts_needed);
}

/**
 * hvp_report_size_text_stream:
 * @sizing: a sizing
 * @source: (nullable): the inventory it was made from; its collector warnings are listed
 * @stream: the text is appended to its buffer and written out block by block
 *
 * hvp_report_size_text() through a stream (#HvpReportStream): the same bytes, never held whole.
 * Write errors are left in @stream for hvp_report_stream_finish().
 */
void
hvp_report_size_text_stream (const HvpSizing *sizing, const HvpInventory *source,
                             HvpReportStream *stream)
{
  g_autofree char *memory = NULL;
  g_autofree char *storage = NULL;
  g_auto (HvpReportNames) names = { 0 };
  GString *out;

  g_return_if_fail (sizing != NULL);
  g_return_if_fail (stream != NULL);

  out = stream->out;
  memory = hvp_format_gib (sizing->total_memory_bytes);
  storage = hvp_format_gib (sizing->total_storage_bytes);
  g_string_append (out, "Sizing for ");
  hvp_text_append_terminal (out, hvp_report_source_label (sizing->source_name));
  g_string_append_printf (out, ": %u VMs\n", sizing->vms->len);
  g_string_append_printf (out, "Demand: memory %s with overhead, %" G_GUINT64_FORMAT " vCPUs, "
                               "storage %s with headroom\n\n",
                          memory, sizing->total_vcpus, storage);
  append_summary (sizing, out);
  append_recommendation (sizing, out);
  hvp_report_size_measured_text (sizing, FALSE, out);

  hvp_report_names_init (&names, sizing, hvp_text_append_terminal);
  for (guint i = 0; i < sizing->models->len; i++)
    append_model (stream, &names, g_ptr_array_index (sizing->models, i));

  if (sizing->findings->len > 0)
    {
      g_string_append (out, "\nFindings about the source:\n");
      hvp_report_findings_text (sizing->findings, "", out);
    }
  g_string_append (out, "\nAssumptions:\n");
  hvp_report_size_assumptions_text (sizing, out);

  hvp_report_warnings_text (source, out);
}

/**
 * hvp_report_size_text:
 * @sizing: a sizing
 * @source: (nullable): the inventory it was made from; its collector warnings are listed
 * @out: text is appended here
 *
 * Writes the sizing for people: the demand; a table of the models (hosts needed, lower bound,
 * limiting resource, price each and in total, BEST / FITS / NO); the recommendation; per model
 * the placement, host by host (usage of capacity, the VMs in inventory order), or the findings
 * that say why it does not fit; the findings about the source; the assumptions (spare hosts,
 * vCPU ratio, growth, headroom, host reserve, overhead, memory policy) in words; the collector
 * warnings.  Sizes in GiB with one decimal.  Names and messages from the input are written as
 * hvp_text_append_terminal() shows them.  Deterministic.
 */
void
hvp_report_size_text (const HvpSizing *sizing, const HvpInventory *source, GString *out)
{
  HvpReportStream stream;

  g_return_if_fail (sizing != NULL);
  g_return_if_fail (out != NULL);

  hvp_report_stream_init (&stream, out, NULL, NULL);
  hvp_report_size_text_stream (sizing, source, &stream);
}

/**
 * hvp_report_size_placement_text:
 * @sizing: a sizing onto existing hosts (hvp_sizing_new_for_hosts())
 * @out: text is appended here
 *
 * The section `hvplan plan` adds when it has several destination hosts: where each VM goes, host
 * by host (usage of capacity, the VMs in inventory order), and the findings of the placement.
 */
void
hvp_report_size_placement_text (const HvpSizing *sizing, GString *out)
{
  const HvpSizingModel *model;
  g_autofree char *first = NULL;
  g_auto (HvpReportNames) names = { 0 };
  HvpReportStream stream;

  g_return_if_fail (sizing != NULL && sizing->models->len == 1);
  g_return_if_fail (out != NULL);

  model = g_ptr_array_index (sizing->models, 0);
  first = hvp_text_escape_terminal (
    model->hosts->len > 0 ? ((const HvpSizingHost *) g_ptr_array_index (model->hosts, 0))->name
                          : "");
  g_string_append_printf (out, "\nPlacement over the %u destination hosts (the checks above are "
                               "against '%s' alone; the placement decides): %s\n",
                          model->hosts->len, first,
                          model->fits ? "PASS, every VM fits" : "FAIL, not every VM fits");
  hvp_report_stream_init (&stream, out, NULL, NULL);
  hvp_report_names_init (&names, sizing, hvp_text_append_terminal);
  append_model (&stream, &names, model);
}
