/* hvplan: the sizing as Markdown (CommonMark with GitHub tables): a summary table, then a table per
 * model.  Every name from the input goes through hvp_markdown_append_text() (reports/markdown.c),
 * so a VM called "a|b" or "*x*" stays text and stays in its table cell. */
#include "reports/size-report.h"

#include "reports/common.h"
#include "reports/markdown.h"
#include "reports/names.h"

static void
append_findings (GPtrArray *findings, GString *out)
{
  for (guint i = 0; i < findings->len; i++)
    {
      const HvpFinding *finding = g_ptr_array_index (findings, i);
      g_autofree char *severity = hvp_report_verdict_upper (finding->severity);

      g_string_append_printf (out, "- **%s** %s: ", severity,
                              hvp_requirement_kind_to_string (finding->requirement));
      if (finding->vm != NULL)
        {
          hvp_markdown_append_text (out, finding->vm);
          g_string_append (out, ": ");
        }
      hvp_markdown_append_text (out, finding->message);
      g_string_append_c (out, '\n');
    }
}

/* One row of a model's host table: usage / capacity and the VMs placed (@names: the VMs' names,
 * escaped once). */
static void
append_host_row (const HvpReportNames *names, const HvpSizingHost *host, GString *out)
{
  g_autofree char *memory = hvp_format_gib (host->usage.memory_bytes);
  g_autofree char *memory_capacity = hvp_format_gib (host->capacity.memory_bytes);
  g_autofree char *storage = hvp_format_gib (host->usage.storage_bytes);
  g_autofree char *storage_capacity = hvp_report_format_storage (host->capacity.storage_bytes);

  g_string_append (out, "| ");
  hvp_markdown_append_text (out, host->name);
  g_string_append_printf (out, " | %u | %s / %s | %" G_GUINT64_FORMAT " / %" G_GUINT64_FORMAT
                               " | %s / %s | %u / %u | ",
                          host->usage.vms, memory, memory_capacity, host->usage.vcpus,
                          host->capacity.vcpus, storage, storage_capacity,
                          hvp_placement_usage_nics (&host->usage), host->capacity.nics);
  if (host->vms->len == 0)
    g_string_append (out, "(spare capacity)");
  hvp_report_names_append_list (names, host->vms, ", ", out);
  g_string_append (out, " |\n");
}

static void
append_model (const HvpReportNames *names, const HvpSizingModel *model, GString *out)
{
  g_string_append (out, "\n## ");
  hvp_markdown_append_text (out, model->name);
  g_string_append (out, "\n\n");
  if (!model->fits)
    {
      g_string_append_printf (out, "Does not fit (limiting resource: %s).\n\n",
                              hvp_resource_to_string (model->limiting_resource));
      append_findings (model->findings, out);
      return;
    }
  if (model->catalog_model == NULL)
    g_string_append_printf (out, "VMs on %u of %u hosts (lower bound %u), limiting resource: "
                                 "%s.\n\n", model->hosts_needed, model->hosts->len,
                            model->lower_bound, hvp_resource_to_string (model->limiting_resource));
  else
    g_string_append_printf (out, "%u hosts (the packing: %u; lower bound %u), limiting "
                                 "resource: %s.\n\n", model->hosts_needed, model->packed_hosts,
                            model->lower_bound,
                            hvp_resource_to_string (model->limiting_resource));
  g_string_append (out, "| host | VMs | memory | vCPUs | storage | NICs | placed |\n"
                        "|---|---:|---:|---:|---:|---:|---|\n");
  for (guint h = 0; h < model->hosts->len; h++)
    append_host_row (names, g_ptr_array_index (model->hosts, h), out);
  if (model->findings->len > 0)
    {
      g_string_append_c (out, '\n');
      append_findings (model->findings, out);
    }
}

static void
append_demand (const HvpSizing *sizing, GString *out)
{
  g_autofree char *memory = hvp_format_gib (sizing->total_memory_bytes);
  g_autofree char *storage = hvp_format_gib (sizing->total_storage_bytes);

  g_string_append (out, "# Sizing for ");
  hvp_markdown_append_text (out, hvp_report_source_label (sizing->source_name));
  g_string_append_printf (out, "\n\n%u VMs: memory %s with overhead, %" G_GUINT64_FORMAT
                               " vCPUs, storage %s with headroom.\n\n",
                          sizing->vms->len, memory, sizing->total_vcpus, storage);
}

/* One row of the summary table: hosts, lower bound, limiting resource, prices, verdict. */
static void
append_summary_row (const HvpSizing *sizing, guint i, GString *out)
{
  const HvpSizingModel *model = g_ptr_array_index (sizing->models, i);
  const HvpCatalogModel *entry = model->catalog_model;
  g_autofree char *lower_bound = hvp_report_format_count (model->lower_bound);

  g_string_append (out, "| ");
  hvp_markdown_append_text (out, model->name);
  if (model->fits)
    g_string_append_printf (out, " | %u", model->hosts_needed);
  else
    g_string_append (out, " | -");
  g_string_append_printf (out, " | %s", lower_bound);
  g_string_append_printf (out, " | %s", hvp_resource_to_string (model->limiting_resource));
  if (entry != NULL && entry->has_price)
    g_string_append_printf (out, " | %" G_GUINT64_FORMAT, entry->price);
  else
    g_string_append (out, " | -");
  if (entry != NULL && entry->has_price && model->fits)
    g_string_append_printf (out, " | %" G_GUINT64_FORMAT, model->total_price);
  else
    g_string_append (out, " | -");
  g_string_append_printf (out, " | %s |\n", (gint) i == sizing->best ? "**best**"
                                            : model->fits ? "fits" : "no");
}

static void
append_recommendation (const HvpSizing *sizing, GString *out)
{
  const HvpSizingModel *best;

  if (sizing->best < 0)
    {
      g_string_append (out, "\n**Recommended:** none: no model holds every VM.\n");
      return;
    }
  best = g_ptr_array_index (sizing->models, sizing->best);
  g_string_append (out, "\n**Recommended:** ");
  hvp_markdown_append_text (out, best->name);
  g_string_append_printf (out, ", %u hosts (%s).\n", best->hosts_needed,
                          sizing->by_price ? "the cheapest model that fits"
                                           : "the fewest hosts of the models that fit");
}

static void
append_assumptions (const HvpSizing *sizing, const HvpInventory *source, GString *out)
{
  const HvpPlanOptions *options = sizing->options;
  g_autofree char *ratio = hvp_report_size_ratio (options->vcpu_ratio);
  g_autofree char *reserve = hvp_format_gib (options->host_reserve_bytes);

  g_string_append (out, "\n## Assumptions\n\n");
  g_string_append_printf (out, "- spare hosts: %u (System Center VMM cluster reserve, for memory "
                               "and vCPUs)\n", options->spare_hosts);
  g_string_append_printf (out, "- vCPU ratio: %s (vCPUs per logical processor)\n", ratio);
  g_string_append_printf (out, "- growth: %u %% on memory and storage\n", options->growth_percent);
  g_string_append_printf (out, "- storage headroom: %u %%\n", options->storage_headroom_percent);
  g_string_append_printf (out, "- host reserve: %s per host\n", reserve);
  g_string_append_printf (out, "- memory policy: %s RAM for dynamic memory\n",
                          hvp_memory_policy_to_string (options->memory_policy));
  if (source != NULL && source->warnings->len > 0)
    g_string_append_printf (out, "- collector warnings: %u (see the text or JSON report)\n",
                            source->warnings->len);
}

/**
 * hvp_report_size_markdown:
 * @sizing: a sizing
 * @source: (nullable): the inventory it was made from; its collector warnings are counted
 * @out: text is appended here
 *
 * Writes the sizing as Markdown: a heading with the source, the demand, a summary table of the
 * models (hosts, lower bound, limiting resource, prices, verdict), the recommendation, then one
 * section per model with a table of its hosts (usage / capacity, the VMs placed) or its findings,
 * the findings about the source and the assumptions.  Names and messages from the input are
 * escaped with hvp_markdown_append_text() (a backslash before every Markdown special, `|`
 * included, control characters as control pictures).  Deterministic.
 */
void
hvp_report_size_markdown (const HvpSizing *sizing, const HvpInventory *source, GString *out)
{
  g_auto (HvpReportNames) names = { 0 };

  g_return_if_fail (sizing != NULL);
  g_return_if_fail (out != NULL);

  append_demand (sizing, out);
  g_string_append (out, "| model | hosts | lower bound | limiting | price each | total price | "
                        "verdict |\n|---|---:|---:|---|---:|---:|---|\n");
  for (guint i = 0; i < sizing->models->len; i++)
    append_summary_row (sizing, i, out);
  append_recommendation (sizing, out);
  hvp_report_size_measured_text (sizing, TRUE, out);

  hvp_report_names_init (&names, sizing, hvp_markdown_append_text);
  for (guint i = 0; i < sizing->models->len; i++)
    append_model (&names, g_ptr_array_index (sizing->models, i), out);

  if (sizing->findings->len > 0)
    {
      g_string_append (out, "\n## Findings about the source\n\n");
      append_findings (sizing->findings, out);
    }
  append_assumptions (sizing, source, out);
}

/**
 * hvp_report_size_placement_markdown:
 * @sizing: a sizing onto existing hosts (hvp_sizing_new_for_hosts())
 * @out: Markdown is appended here
 *
 * The section `hvplan plan --format markdown` adds to the checklist when it has several
 * destination hosts: a table of the hosts (usage of capacity, the VMs placed on each) and the
 * findings of the placement, as hvp_report_size_placement_text() says it for people.
 */
void
hvp_report_size_placement_markdown (const HvpSizing *sizing, GString *out)
{
  const HvpSizingModel *model;
  g_auto (HvpReportNames) names = { 0 };

  g_return_if_fail (sizing != NULL && sizing->models->len == 1);
  g_return_if_fail (out != NULL);

  model = g_ptr_array_index (sizing->models, 0);
  g_string_append_printf (out, "\n## Placement over the %u destination hosts: %s\n\n"
                               "The checks of step 3 are against the first destination host "
                               "alone; this placement decides.\n",
                          model->hosts->len,
                          model->fits ? "PASS, every VM fits" : "FAIL, not every VM fits");
  hvp_report_names_init (&names, sizing, hvp_markdown_append_text);
  append_model (&names, model, out);
}
