/* hvplan: the plan for people, as plain text. */
#include "reports/report.h"

#include <string.h>

/* "32 MiB" for whole MiB, else bytes. */
static char *
format_mib (guint64 bytes)
{
  if (bytes % HVP_MIB == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " MiB", bytes / HVP_MIB);
  return g_strdup_printf ("%" G_GUINT64_FORMAT " bytes", bytes);
}

static char *
format_amount (HvpRequirementKind kind, guint64 value)
{
  if (kind == HVP_REQUIREMENT_STORAGE || kind == HVP_REQUIREMENT_MEMORY)
    return hvp_format_gib (value);
  return g_strdup_printf ("%" G_GUINT64_FORMAT, value);
}

static void
append_table (const HvpPlan *plan, GString *out)
{
  static const char *const header[] = { "requirement", "needed", "available", "verdict" };
  char *cells[HVP_N_REQUIREMENTS][G_N_ELEMENTS (header)];
  gsize widths[G_N_ELEMENTS (header)];

  for (guint c = 0; c < G_N_ELEMENTS (header); c++)
    widths[c] = strlen (header[c]);
  for (guint k = 0; k < HVP_N_REQUIREMENTS; k++)
    {
      const HvpRequirement *requirement = &plan->requirements[k];

      cells[k][0] = g_strdup (hvp_requirement_kind_to_string (requirement->kind));
      cells[k][1] = format_amount (requirement->kind, requirement->required);
      cells[k][2] = format_amount (requirement->kind, requirement->available);
      cells[k][3] = g_ascii_strup (hvp_verdict_to_string (requirement->verdict), -1);
      for (guint c = 0; c < G_N_ELEMENTS (header); c++)
        widths[c] = MAX (widths[c], strlen (cells[k][c]));
    }

  /* Names and verdicts left-aligned, numbers right-aligned. */
  g_string_append_printf (out, "%-*s  %*s  %*s  %s\n", (int) widths[0], header[0],
                          (int) widths[1], header[1], (int) widths[2], header[2], header[3]);
  for (guint k = 0; k < HVP_N_REQUIREMENTS; k++)
    {
      g_string_append_printf (out, "%-*s  %*s  %*s  %s\n", (int) widths[0], cells[k][0],
                              (int) widths[1], cells[k][1], (int) widths[2], cells[k][2],
                              cells[k][3]);
      for (guint c = 0; c < G_N_ELEMENTS (header); c++)
        g_free (cells[k][c]);
    }
}

static void
append_findings (const HvpPlan *plan, GString *out)
{
  gsize width = 0;

  for (guint k = 0; k < HVP_N_REQUIREMENTS; k++)
    width = MAX (width, strlen (hvp_requirement_kind_to_string ((HvpRequirementKind) k)));

  if (plan->findings->len == 0)
    {
      g_string_append (out, "Findings: none\n");
      return;
    }
  g_string_append (out, "Findings:\n");
  for (guint i = 0; i < plan->findings->len; i++)
    {
      const HvpFinding *finding = g_ptr_array_index (plan->findings, i);
      g_autofree char *severity = g_ascii_strup (hvp_verdict_to_string (finding->severity), -1);

      g_string_append_printf (out, "%s %-*s  ", severity, (int) width,
                              hvp_requirement_kind_to_string (finding->requirement));
      if (finding->vm != NULL)
        g_string_append_printf (out, "%s: ", finding->vm);
      g_string_append_printf (out, "%s\n", finding->message);
    }
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
        g_string_append_printf (out, "%s'%s'", i > 0 ? ", " : "",
                                (const char *) g_ptr_array_index (options->concurrent_names, i));
      g_string_append (out, " run at the same time\n");
      break;
    case HVP_CONCURRENCY_RUNNING:
    default:
      g_string_append (out, "  concurrency: the VMs that were not off at collection (running, "
                            "paused, saved, or of unknown state) run at the same time\n");
      break;
    }
}

static void
append_assumptions (const HvpPlan *plan, GString *out)
{
  const HvpPlanOptions *options = plan->options;
  g_autofree char *headroom = hvp_format_gib (plan->storage_headroom_bytes);
  g_autofree char *reserve = hvp_format_gib (plan->memory_reserve_bytes);
  g_autofree char *overhead = format_mib (plan->memory_overhead_bytes);

  g_string_append (out, "Assumptions:\n");
  g_string_append_printf (out, "  storage headroom: %u %% on top of the disk files and saved "
                               "states (%s)\n", options->storage_headroom_percent, headroom);
  g_string_append_printf (out, "  host reserve: %s for the management OS and the Hyper-V role\n",
                          reserve);
  if (options->vm_overhead_auto)
    {
      g_autofree char *first = format_mib (HVP_VM_OVERHEAD_FIRST_GIB_BYTES);
      g_autofree char *further = format_mib (HVP_VM_OVERHEAD_PER_GIB_BYTES);

      g_string_append_printf (out, "  VM overhead: %s for the first GiB of each VM's memory and %s "
                                   "for each further GiB (%s in all)\n",
                              first, further, overhead);
    }
  else
    {
      g_autofree char *flat = format_mib (options->vm_overhead_bytes);

      g_string_append_printf (out, "  VM overhead: %s per VM (%s in all)\n", flat, overhead);
    }
  if (options->memory_policy == HVP_MEMORY_POLICY_MAXIMUM)
    g_string_append (out, "  memory policy: dynamic-memory VMs count with their maximum RAM\n");
  else
    g_string_append (out, "  memory policy: dynamic-memory VMs count with their startup RAM\n");
  append_concurrency (options, out);
  g_string_append_printf (out, "  saved-state processor compatibility decided by: %s\n",
                          plan->processor_method != NULL ? plan->processor_method
                                                         : "vendor/family/model (CPUID)");
}

/**
 * hvp_report_warnings_text:
 * @source: (nullable): the source inventory
 * @out: text is appended here
 *
 * The closing section of the `plan` and `size` text reports: the source's collector warnings
 * (what could not be read, so the numbers may be short), one line a warning, "FILE: POSITION:
 * MESSAGE"; nothing for a %NULL @source or one without warnings.
 */
void
hvp_report_warnings_text (const HvpInventory *source, GString *out)
{
  g_return_if_fail (out != NULL);

  if (source == NULL || source->warnings->len == 0)
    return;
  g_string_append_printf (out, "\nCollector warnings (%u):\n", source->warnings->len);
  for (guint i = 0; i < source->warnings->len; i++)
    {
      const HvpWarning *warning = g_ptr_array_index (source->warnings, i);

      g_string_append_printf (out, "  %s", warning->file);
      if (warning->position != NULL)
        g_string_append_printf (out, ": %s", warning->position);
      g_string_append_printf (out, ": %s\n", warning->message);
    }
}

/**
 * hvp_report_plan_text:
 * @plan: a plan
 * @source: (nullable): the inventory the plan was made from; its collector warnings are listed
 * @out: text is appended here
 *
 * Writes the plan for people: a header (source -> destination) with the overall verdict, a table
 * of the four requirements (sizes in GiB with one decimal, counts as integers), the storage worst
 * case, the findings one per line ("FAIL memory     vm01: ..."), the assumptions the plan used
 * (headroom, host reserve, VM overhead, memory policy, concurrency) in words, and the source's
 * collector warnings.  Deterministic: no locale, no time.
 */
void
hvp_report_plan_text (const HvpPlan *plan, const HvpInventory *source, GString *out)
{
  g_autofree char *verdict = NULL;
  g_autofree char *worst = NULL;

  g_return_if_fail (plan != NULL);
  g_return_if_fail (out != NULL);

  verdict = g_ascii_strup (hvp_verdict_to_string (hvp_plan_verdict (plan)), -1);
  worst = hvp_format_gib (plan->requirements[HVP_REQUIREMENT_STORAGE].worst_case);
  g_string_append_printf (out, "Migration plan: %s -> %s\n",
                          plan->source_name != NULL ? plan->source_name : "(no source host)",
                          plan->destination_name != NULL ? plan->destination_name : "(unnamed)");
  g_string_append_printf (out, "Verdict: %s\n\n", verdict);
  append_table (plan, out);
  g_string_append_printf (out, "storage worst case (dynamic and differencing disks full): %s\n\n",
                          worst);
  append_findings (plan, out);
  g_string_append (out, "\n");
  append_assumptions (plan, out);

  hvp_report_warnings_text (source, out);
}
