/* hvplan: the plan for people, as plain text. */
#include "reports/report.h"

#include <string.h>

#include "models/text.h"
#include "reports/common.h"

/* The rows of the table: the four capacity requirements, then compatibility (needed: the VMs
 * concerned; nothing is "available"). */
static const HvpRequirementKind table_rows[] = {
  HVP_REQUIREMENT_STORAGE, HVP_REQUIREMENT_MEMORY, HVP_REQUIREMENT_NETWORK,
  HVP_REQUIREMENT_PROCESSOR, HVP_REQUIREMENT_COMPATIBILITY,
};

static void
append_table (const HvpPlan *plan, GString *out)
{
  static const char *const header[] = { "requirement", "needed", "available", "verdict" };
  char *cells[G_N_ELEMENTS (table_rows)][G_N_ELEMENTS (header)];
  gsize widths[G_N_ELEMENTS (header)];

  for (guint c = 0; c < G_N_ELEMENTS (header); c++)
    widths[c] = strlen (header[c]);
  for (guint r = 0; r < G_N_ELEMENTS (table_rows); r++)
    {
      const HvpRequirement *requirement = &plan->requirements[table_rows[r]];
      gboolean compatibility = requirement->kind == HVP_REQUIREMENT_COMPATIBILITY;

      cells[r][0] = g_strdup (hvp_requirement_kind_to_string (requirement->kind));
      cells[r][1] = hvp_report_format_amount (requirement->kind, requirement->required);
      cells[r][2] = compatibility ? g_strdup ("-")
                                  : hvp_report_format_amount (requirement->kind,
                                                              requirement->available);
      cells[r][3] = hvp_report_verdict_upper (requirement->verdict);
      for (guint c = 0; c < G_N_ELEMENTS (header); c++)
        widths[c] = MAX (widths[c], strlen (cells[r][c]));
    }

  /* Names and verdicts left-aligned, numbers right-aligned. */
  g_string_append_printf (out, "%-*s  %*s  %*s  %s\n", (int) widths[0], header[0],
                          (int) widths[1], header[1], (int) widths[2], header[2], header[3]);
  for (guint r = 0; r < G_N_ELEMENTS (table_rows); r++)
    {
      g_string_append_printf (out, "%-*s  %*s  %*s  %s\n", (int) widths[0], cells[r][0],
                              (int) widths[1], cells[r][1], (int) widths[2], cells[r][2],
                              cells[r][3]);
      for (guint c = 0; c < G_N_ELEMENTS (header); c++)
        g_free (cells[r][c]);
    }
}

/* "migration paths onto Windows Server 2025 ('HV-NEW'):" and a line per VM: its name, path and
 * compatibility verdict. */
static void
append_migration_paths (const HvpPlan *plan, GString *out)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  gsize width = 0;

  if (plan->vms->len == 0)
    return;
  if (plan->destination_rules == NULL)
    {
      g_string_append (out, "migration paths: unknown (the destination's operating system is "
                            "not in the compatibility rules)\n");
      return;
    }
  g_string_append_printf (out, "migration paths onto %s:\n", plan->destination_rules);
  /* The names as the terminal shows them, padded by bytes (ASCII names align). */
  for (guint i = 0; i < plan->vms->len; i++)
    {
      GString *name = g_string_new (NULL);

      hvp_text_append_terminal (name, ((const HvpPlanVm *) g_ptr_array_index (plan->vms, i))->name);
      width = MAX (width, name->len);
      g_ptr_array_add (names, g_string_free (name, FALSE));
    }
  for (guint i = 0; i < plan->vms->len; i++)
    {
      const HvpPlanVm *plan_vm = g_ptr_array_index (plan->vms, i);
      g_autofree char *verdict = hvp_report_verdict_upper (plan_vm->compatibility);

      g_string_append_printf (out, "  %-*s  %-18s  %s", (int) width,
                              (const char *) g_ptr_array_index (names, i),
                              hvp_migration_path_to_string (plan_vm->migration_path), verdict);
      if (plan_vm->hop_hosts != NULL)
        g_string_append_printf (out, "  (through %s)", plan_vm->hop_hosts);
      g_string_append_c (out, '\n');
    }
}

/* "already on the destination: ..." when the destination holds VMs of its own. */
static void
append_destination_use (const HvpPlan *plan, GString *out)
{
  const HvpDestinationUse *use = &plan->destination_use;
  g_autofree char *memory = NULL;
  g_autofree char *storage = NULL;

  if (use->vms == 0)
    return;
  memory = hvp_format_gib (hvp_destination_use_memory_bytes (use));
  storage = hvp_format_gib (use->storage_bytes);
  g_string_append_printf (out, "already on the destination: %u VM%s, %u counted as running: "
                               "memory %s with overhead, %" G_GUINT64_FORMAT " vCPUs, files %s, "
                               "%u physical NIC%s (counted in the table)\n",
                          use->vms, use->vms == 1 ? "" : "s", use->concurrent, memory,
                          use->vcpus, storage, use->nics, use->nics == 1 ? "" : "s");
}

static void
append_findings (const HvpPlan *plan, GString *out)
{
  if (plan->findings->len == 0)
    {
      g_string_append (out, "Findings: none\n");
      return;
    }
  g_string_append (out, "Findings:\n");
  hvp_report_findings_text (plan->findings, "", out);
}

static void
append_concurrency (const HvpPlanOptions *options, GString *out)
{
  switch (options->concurrency)
    {
    case HVP_CONCURRENCY_ALL:
      g_string_append (out, "  concurrency: every VM runs at the same time\n");
      break;
    case HVP_CONCURRENCY_NAMES:
      g_string_append (out, "  concurrency: only ");
      for (guint i = 0; i < options->concurrent_names->len; i++)
        {
          g_string_append (out, i > 0 ? ", '" : "'");
          hvp_text_append_terminal (out, g_ptr_array_index (options->concurrent_names, i));
          g_string_append_c (out, '\'');
        }
      g_string_append (out, " run at the same time\n");
      break;
    case HVP_CONCURRENCY_RUNNING:
    default:
      g_string_append (out, "  concurrency: the VMs that were not off at collection (running, "
                            "paused, saved, or of unknown state) run at the same time\n");
      break;
    }
}

/**
 * hvp_report_plan_assumptions_text:
 * @plan: a plan
 * @out: text is appended here
 *
 * The plan's assumptions, a line each indented by two spaces, without a heading: reserve,
 * overhead, headroom, memory policy (hvp_report_assumptions_text()), the concurrent VMs and what
 * decided the saved-state processor compatibility.  The text and HTML reports print them.
 */
void
hvp_report_plan_assumptions_text (const HvpPlan *plan, GString *out)
{
  const HvpReportAssumptions assumptions = {
    .options = plan->options,
    .host_reserve_bytes = plan->memory_reserve_bytes,
    .per_host = FALSE,
    .with_totals = TRUE,
    .storage_headroom_bytes = plan->storage_headroom_bytes,
    .vm_overhead_bytes = plan->memory_overhead_bytes,
  };

  hvp_report_assumptions_text (&assumptions, out);
  append_concurrency (plan->options, out);
  g_string_append (out, "  saved-state processor compatibility decided by: ");
  hvp_text_append_terminal (out, plan->processor_method != NULL ? plan->processor_method
                                                                : "vendor/family/model (CPUID)");
  g_string_append_c (out, '\n');
}

/**
 * hvp_report_plan_text:
 * @plan: a plan
 * @source: (nullable): the inventory the plan was made from; its collector warnings are listed
 * @out: text is appended here
 *
 * Writes the plan for people: a header (source -> destination) with the overall verdict, a table
 * of the four requirements (sizes in GiB with one decimal, counts as integers) and compatibility
 * (the VMs concerned), the storage worst case, what the destination's own VMs already take (a
 * line, when it holds VMs), each VM's migration path and compatibility verdict, the findings one
 * per line ("FAIL memory     vm01: ..."), the assumptions the plan used
 * (headroom, host reserve, VM overhead, memory policy, concurrency) in words, and the source's
 * collector warnings.  Every name and message from the input is written as
 * hvp_text_append_terminal() shows it: one line, no control character.  Deterministic: no
 * locale, no time.
 */
void
hvp_report_plan_text (const HvpPlan *plan, const HvpInventory *source, GString *out)
{
  g_autofree char *verdict = NULL;
  g_autofree char *worst = NULL;

  g_return_if_fail (plan != NULL);
  g_return_if_fail (out != NULL);

  verdict = hvp_report_verdict_upper (hvp_plan_verdict (plan));
  worst = hvp_format_gib (plan->requirements[HVP_REQUIREMENT_STORAGE].worst_case);
  g_string_append (out, "Migration plan: ");
  hvp_text_append_terminal (out, hvp_report_source_label (plan->source_name));
  g_string_append (out, " -> ");
  hvp_text_append_terminal (out, hvp_report_destination_label (plan->destination_name));
  g_string_append_c (out, '\n');
  g_string_append_printf (out, "Verdict: %s\n\n", verdict);
  append_table (plan, out);
  g_string_append_printf (out, "storage worst case (dynamic and differencing disks full): %s\n",
                          worst);
  append_destination_use (plan, out);
  append_migration_paths (plan, out);
  g_string_append_c (out, '\n');
  append_findings (plan, out);
  g_string_append (out, "\n");
  g_string_append (out, "Assumptions:\n");
  hvp_report_plan_assumptions_text (plan, out);

  hvp_report_warnings_text (source, out);
}
