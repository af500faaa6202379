/* hvplan: the plan as one self-contained HTML page, for the people who sign off a migration
 * without a terminal: the verdict first, each requirement as a bar of needed against available,
 * the findings by severity, the VM table, the placement over several destination hosts, and the
 * migration checklist (with the differencing chains and checkpoint trees as nested lists). */
#include "reports/report.h"

#include "reports/common.h"
#include "reports/html.h"
#include "reports/size-report.h"

/* The bars of one requirement: needed (in its verdict's colour, a line where the available amount
 * ends), the storage worst case, and what is available. */
static void
append_requirement_bars (const HvpRequirement *requirement, GString *out)
{
  g_autofree char *needed = hvp_report_format_amount (requirement->kind, requirement->required);
  g_autofree char *worst = hvp_report_format_amount (requirement->kind, requirement->worst_case);
  g_autofree char *available = hvp_report_format_amount (requirement->kind,
                                                         requirement->available);
  g_autofree char *needed_title = g_strdup_printf ("needed %s of %s available", needed, available);
  g_autofree char *worst_title = g_strdup_printf ("worst case %s", worst);
  g_autofree char *available_title = g_strdup_printf ("available %s", available);
  gboolean storage = requirement->kind == HVP_REQUIREMENT_STORAGE;
  guint64 scale = MAX (MAX (requirement->required, requirement->available),
                       storage ? requirement->worst_case : 0);
  const HvpHtmlSegment need = { "needed", requirement->required, needed,
                                hvp_html_verdict_class (requirement->verdict) };
  const HvpHtmlSegment worst_case = { "worst case", requirement->worst_case, worst, "worst" };
  const HvpHtmlSegment have = { "available", requirement->available, available, "cap" };

  hvp_html_append_bar (out, needed_title, &need, 1, scale, requirement->available);
  if (storage)
    hvp_html_append_bar (out, worst_title, &worst_case, 1, scale, requirement->available);
  hvp_html_append_bar (out, available_title, &have, 1, scale, 0);
}

static void
append_requirement_row (const HvpRequirement *requirement, GString *out)
{
  g_autofree char *needed = hvp_report_format_amount (requirement->kind, requirement->required);
  g_autofree char *available = hvp_report_format_amount (requirement->kind,
                                                         requirement->available);
  g_autofree char *verdict = hvp_report_verdict_upper (requirement->verdict);
  const char *kind = hvp_requirement_kind_to_string (requirement->kind);

  g_string_append_printf (out, "<tr id=\"requirement-%s\"><th>%s</th><td class=\"n\" "
                               "data-label=\"needed\">%s",
                          kind, kind, needed);
  if (requirement->kind == HVP_REQUIREMENT_STORAGE)
    {
      g_autofree char *worst = hvp_format_gib (requirement->worst_case);

      g_string_append_printf (out, "<br><span class=\"muted\">worst case %s</span>", worst);
    }
  g_string_append_printf (out, "</td><td class=\"n\" data-label=\"available\">%s%s</td>"
                               "<td class=\"%s\" data-label=\"verdict\"><b>%s</b></td><td>",
                          available,
                          requirement->available == 0 ? " <span class=\"muted\">(unknown)</span>"
                                                      : "",
                          hvp_html_verdict_class (requirement->verdict), verdict);
  append_requirement_bars (requirement, out);
  g_string_append (out, "</td><td data-label=\"VMs concerned\">");
  for (guint i = 0; requirement->vms != NULL && i < requirement->vms->len; i++)
    {
      g_string_append (out, i > 0 ? ", " : "");
      hvp_html_append_text (out, g_ptr_array_index (requirement->vms, i));
    }
  g_string_append (out, "</td></tr>\n");
}

/* The compatibility row: needed is the VMs concerned; nothing is "available", so no bar. */
static void
append_compatibility_row (const HvpRequirement *requirement, GString *out)
{
  g_autofree char *needed = hvp_report_format_amount (requirement->kind, requirement->required);
  g_autofree char *verdict = hvp_report_verdict_upper (requirement->verdict);
  const char *kind = hvp_requirement_kind_to_string (requirement->kind);

  g_string_append_printf (out, "<tr id=\"requirement-%s\"><th>%s</th><td class=\"n\" "
                               "data-label=\"needed\">%s</td><td class=\"n\" "
                               "data-label=\"available\">-</td><td class=\"%s\" "
                               "data-label=\"verdict\"><b>%s</b></td><td></td>"
                               "<td data-label=\"VMs concerned\">",
                          kind, kind, needed, hvp_html_verdict_class (requirement->verdict),
                          verdict);
  for (guint i = 0; requirement->vms != NULL && i < requirement->vms->len; i++)
    {
      g_string_append (out, i > 0 ? ", " : "");
      hvp_html_append_text (out, g_ptr_array_index (requirement->vms, i));
    }
  g_string_append (out, "</td></tr>\n");
}

static void
append_requirements (const HvpPlan *plan, GString *out)
{
  const HvpDestinationUse *use = &plan->destination_use;

  g_string_append (out, "<h2 id=\"requirements\">Requirements</h2>\n<div class=\"scroll\">"
                        "<table class=\"stack\">\n<thead><tr><th>requirement</th><th>needed</th>"
                        "<th>available</th><th>verdict</th><th>needed against available</th>"
                        "<th>VMs concerned</th></tr></thead>\n<tbody>\n");
  for (guint k = 0; k < HVP_N_REQUIREMENTS; k++)
    append_requirement_row (&plan->requirements[k], out);
  append_compatibility_row (&plan->requirements[HVP_REQUIREMENT_COMPATIBILITY], out);
  g_string_append (out, "</tbody></table></div>\n<p class=\"muted\">Bars: what is needed, in "
                        "its verdict's colour (the black line marks what is available); for "
                        "storage the worst case, with every dynamic and differencing disk full; "
                        "what is available.</p>\n");
  if (use->vms > 0)
    {
      g_autofree char *memory = hvp_format_gib (hvp_destination_use_memory_bytes (use));
      g_autofree char *storage = hvp_format_gib (use->storage_bytes);

      g_string_append_printf (out, "<p>Already on the destination: %u VM%s, %u counted as "
                                   "running: memory %s with overhead, %" G_GUINT64_FORMAT
                                   " vCPUs, files %s, %u physical NIC%s (counted above).</p>\n",
                              use->vms, use->vms == 1 ? "" : "s", use->concurrent, memory,
                              use->vcpus, storage, use->nics, use->nics == 1 ? "" : "s");
    }
}

/* A numeric cell: shown text, and the exact number in data-v for the sorting script. */
static void
append_number_cell (GString *out, guint64 value, const char *shown)
{
  g_string_append_printf (out, "<td class=\"n\" data-v=\"%" G_GUINT64_FORMAT "\">%s</td>",
                          value, shown);
}

static void
append_vm_row (const HvpPlanVm *vm, GString *out)
{
  g_autofree char *vcpus = g_strdup_printf ("%u", vm->vcpus);
  g_autofree char *memory = hvp_format_gib (vm->memory_bytes);
  g_autofree char *storage = hvp_format_gib (vm->storage_bytes);
  g_autofree char *snapshots = g_strdup_printf ("%u", vm->snapshots);

  g_string_append (out, "<tr class=\"vm\"><td>");
  hvp_html_append_text (out, vm->name);
  g_string_append (out, "</td>");
  append_number_cell (out, vm->vcpus, vcpus);
  append_number_cell (out, vm->memory_bytes, memory);
  append_number_cell (out, vm->storage_bytes, storage);
  append_number_cell (out, vm->snapshots, snapshots);
  g_string_append_printf (out, "<td>%s</td><td>%s</td></tr>\n", vm->saved_state ? "yes" : "no",
                          vm->concurrent ? "yes" : "no");
}

static void
append_vms (const HvpPlan *plan, GString *out)
{
  g_string_append_printf (out, "<h2 id=\"vms\">Virtual machines (%u)</h2>\n", plan->vms->len);
  g_string_append (out, "<p class=\"muted\">Memory under the memory policy without overhead; "
                        "storage: the files this VM is the first to use, and its saved states. "
                        "Click a column heading to sort.</p>\n"
                        "<div class=\"scroll\"><table id=\"vm-table\">\n<thead><tr>"
                        "<th data-sort>VM</th><th data-sort>vCPUs</th><th data-sort>memory</th>"
                        "<th data-sort>storage</th><th data-sort>checkpoints</th>"
                        "<th data-sort>saved state</th><th data-sort>runs concurrently</th>"
                        "</tr></thead>\n<tbody>\n");
  for (guint i = 0; i < plan->vms->len; i++)
    append_vm_row (g_ptr_array_index (plan->vms, i), out);
  g_string_append (out, "</tbody></table></div>\n");
}

static void
append_assumptions (const HvpPlan *plan, GString *out)
{
  g_autoptr (GString) text = g_string_new (NULL);

  hvp_report_plan_assumptions_text (plan, text);
  g_string_append (out, "<h2 id=\"assumptions\">Assumptions</h2>\n");
  hvp_html_append_pre (out, text->str);
}

static gboolean
append_checklist (const HvpPlan *plan, const HvpInventory *source, GString *out, GError **error)
{
  g_autoptr (GString) markdown = g_string_new (NULL);

  hvp_report_plan_markdown (plan, source, markdown);
  g_string_append (out, "<h2 id=\"checklist\">Checklist</h2>\n<section class=\"checklist\">\n");
  if (!hvp_html_append_markdown (out, markdown->str, error))
    return FALSE;
  g_string_append (out, "</section>\n");
  return TRUE;
}

static void
append_header (const HvpPlan *plan, const HvpSizing *placement, GString *out)
{
  g_autofree char *verdict = hvp_report_verdict_upper (hvp_plan_verdict (plan));
  g_autofree char *text = g_strdup_printf ("Verdict: %s", verdict);
  g_autofree char *title = g_strdup_printf ("Migration plan: %s to %s",
                                            hvp_report_source_label (plan->source_name),
                                            hvp_report_destination_label (plan->destination_name));

  hvp_html_begin (out, title);
  g_string_append (out, "<h1>Migration plan: ");
  hvp_html_append_text (out, hvp_report_source_label (plan->source_name));
  g_string_append (out, " &rarr; ");
  hvp_html_append_text (out, hvp_report_destination_label (plan->destination_name));
  g_string_append (out, "</h1>\n");
  hvp_html_append_verdict (out, hvp_html_verdict_class (hvp_plan_verdict (plan)), text);
  if (placement != NULL)
    {
      const HvpSizingModel *model = g_ptr_array_index (placement->models, 0);

      g_string_append_printf (out, "<p class=\"verdict %s\" id=\"placement-verdict\">Placement "
                                   "over %u destination hosts: %s (it decides; the checks below "
                                   "are against the first host alone)</p>\n",
                              model->fits ? "pass" : "fail", model->hosts->len,
                              model->fits ? "PASS, every VM fits" : "FAIL, not every VM fits");
    }
  g_string_append (out, "<p><a href=\"#requirements\">Requirements</a> &middot; <a "
                        "href=\"#findings\">Findings</a> &middot; <a href=\"#vms\">Virtual "
                        "machines</a> &middot; <a href=\"#checklist\">Checklist</a></p>\n");
}

/**
 * hvp_report_plan_html:
 * @plan: a plan
 * @source: (nullable): the inventory the plan was made from (its collector warnings, and the
 *   configuration the checklist records)
 * @placement: (nullable): the placement over several destination hosts
 *   (hvp_sizing_new_for_hosts()), or %NULL for one destination host
 * @out: the page is appended here
 * @error: return location for an error
 *
 * Writes the plan as one self-contained HTML5 page (reports/html.c: no network, inline style and
 * script allowed by hash only): the verdict first (and the placement's, which decides with
 * several hosts); the four requirements of "Hyper-V: Prepare to Migrate" as a table with, per
 * requirement, an inline SVG bar of needed against available (and the storage worst case); the
 * findings grouped by severity; the VM table (sortable by a few lines of script, complete without
 * it); with @placement one stacked bar per host and resource; the assumptions; the migration
 * checklist of hvp_report_plan_markdown() rendered as HTML (tasks, the differencing chains and
 * checkpoint trees as nested lists); the collector warnings.  Every string from the input is
 * escaped (hvp_html_append_text()).  Deterministic.
 *
 * Returns: %FALSE with %HVP_ERROR_OPEN when the module that renders the checklist
 *   (hvplan-html.so) cannot be loaded: @out then holds a partial page, not to be written
 */
gboolean
hvp_report_plan_html (const HvpPlan *plan, const HvpInventory *source,
                      const HvpSizing *placement, GString *out, GError **error)
{
  g_return_val_if_fail (plan != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  append_header (plan, placement, out);
  append_requirements (plan, out);
  hvp_html_append_findings (out, plan->findings, "Findings");
  append_vms (plan, out);
  if (placement != NULL)
    {
      const HvpSizingModel *model = g_ptr_array_index (placement->models, 0);

      g_string_append (out, "<h2 id=\"placement\">Placement over the destination hosts</h2>\n");
      hvp_html_append_placement (out, placement, model);
    }
  append_assumptions (plan, out);
  if (!append_checklist (plan, source, out, error))
    return FALSE;
  hvp_html_append_warnings (out, source);
  hvp_html_end (out);
  return TRUE;
}
