/* hvplan: the sections every report shares: amounts, verdicts, findings, assumptions and the
 * collector warnings.  The plan and the sizing reports call these, so a section reads the same in
 * both and its numbers come from the planner (planner/options.h, #HvpPlan, #HvpSizing). */
#include "reports/common.h"

#include <string.h>

#include "models/json.h"
#include "models/text.h"

/* Names -------------------------------------------------------------------------------------- */

/**
 * hvp_report_source_label:
 * @source_name: (nullable): #HvpPlan.source_name or #HvpSizing.source_name
 *
 * Returns: (transfer none): @source_name, or "(no source host)" when the source has no host
 */
const char *
hvp_report_source_label (const char *source_name)
{
  return source_name != NULL ? source_name : "(no source host)";
}

/**
 * hvp_report_destination_label:
 * @destination_name: (nullable): #HvpPlan.destination_name
 *
 * Returns: (transfer none): @destination_name, or "(unnamed)" for a destination without a name
 */
const char *
hvp_report_destination_label (const char *destination_name)
{
  return destination_name != NULL ? destination_name : "(unnamed)";
}

/* Amounts -------------------------------------------------------------------------------------- */

/**
 * hvp_report_format_bytes:
 * @bytes: a size
 *
 * Formats a size for people with binary units and one decimal, rounded half up, independent of
 * the locale: "512 B", "1.5 KiB", "4.0 GiB", "2.0 TiB".
 *
 * Returns: (transfer full): the text
 */
char *
hvp_report_format_bytes (guint64 bytes)
{
  static const char *const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
  guint64 unit = 1024;
  guint u = 0;
  guint64 tenths;

  if (bytes < 1024)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " B", bytes);
  while (u + 1 < G_N_ELEMENTS (units) && bytes / 1024 >= unit)
    {
      unit *= 1024;
      u++;
    }
  /* remainder * 10 < 10 * 2^60: no overflow. */
  tenths = bytes / unit * 10 + ((bytes % unit) * 10 + unit / 2) / unit;
  return g_strdup_printf ("%" G_GUINT64_FORMAT ".%u %s", tenths / 10, (guint) (tenths % 10),
                          units[u]);
}

/**
 * hvp_report_format_mib:
 * @bytes: a size
 *
 * Formats a size exactly, as a user would enter it again: "32 MiB" for whole MiB, else
 * "2560 bytes".  The unit of the VM overhead in every report.
 *
 * Returns: (transfer full): the text
 */
char *
hvp_report_format_mib (guint64 bytes)
{
  if (bytes % HVP_MIB == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " MiB", bytes / HVP_MIB);
  return g_strdup_printf ("%" G_GUINT64_FORMAT " bytes", bytes);
}

/**
 * hvp_report_format_amount:
 * @kind: the requirement @value belongs to
 * @value: its needed or available amount: bytes for storage and memory, a count (NICs, logical
 *   processors) otherwise
 *
 * Returns: (transfer full): "12.5 GiB" (hvp_format_gib()) for storage and memory, the decimal
 *   count otherwise (compatibility: the VMs concerned)
 */
char *
hvp_report_format_amount (HvpRequirementKind kind, guint64 value)
{
  if (kind == HVP_REQUIREMENT_STORAGE || kind == HVP_REQUIREMENT_MEMORY)
    return hvp_format_gib (value);
  return g_strdup_printf ("%" G_GUINT64_FORMAT, value);
}

/**
 * hvp_report_format_storage:
 * @bytes: a host's storage in bytes, or %G_MAXUINT64 for storage not counted per host
 *
 * Returns: (transfer full): "12.5 GiB", or "shared"
 */
char *
hvp_report_format_storage (guint64 bytes)
{
  if (bytes == G_MAXUINT64)
    return g_strdup ("shared");
  return hvp_format_gib (bytes);
}

/**
 * hvp_report_format_count:
 * @value: a count of hosts, or %G_MAXUINT for none (no placement can hold the VMs)
 *
 * Returns: (transfer full): the decimal count, or "none"
 */
char *
hvp_report_format_count (guint value)
{
  if (value == G_MAXUINT)
    return g_strdup ("none");
  return g_strdup_printf ("%u", value);
}

/**
 * hvp_report_verdict_upper:
 * @verdict: a verdict or a finding's severity
 *
 * Returns: (transfer full): "PASS", "INFO", "WARN" or "FAIL": hvp_verdict_to_string() in capitals,
 *   as the text and Markdown reports print a verdict
 */
char *
hvp_report_verdict_upper (HvpVerdict verdict)
{
  return g_ascii_strup (hvp_verdict_to_string (verdict), -1);
}

/* Findings ------------------------------------------------------------------------------------- */

/**
 * hvp_report_findings_text:
 * @findings: (element-type HvpFinding): findings, in the order to write them
 * @indent: what starts each line ("" or "  ")
 * @out: text is appended here
 *
 * One line a finding: @indent, the severity in capitals, the requirement padded to the longest
 * requirement name but "compatibility", two spaces, "VM: " when the finding names a VM, and the message:
 * "FAIL memory     vm01: ...".  The VM and the message, which quote the input, are written as
 * hvp_text_append_terminal() shows them, so none drives the terminal or starts a line.  Nothing
 * for no findings.
 */
void
hvp_report_findings_text (const GPtrArray *findings, const char *indent, GString *out)
{
  gsize width = 0;

  g_return_if_fail (findings != NULL && indent != NULL && out != NULL);

  /* "compatibility", the longest name, is left out of the width: the lines of the other
   * requirements keep their columns, its own lines start two spaces after the name. */
  for (guint k = 0; k < HVP_REQUIREMENT_COMPATIBILITY; k++)
    width = MAX (width, strlen (hvp_requirement_kind_to_string ((HvpRequirementKind) k)));
  for (guint i = 0; i < findings->len; i++)
    {
      const HvpFinding *finding = g_ptr_array_index (findings, i);
      g_autofree char *severity = hvp_report_verdict_upper (finding->severity);

      g_string_append_printf (out, "%s%s %-*s  ", indent, severity, (int) width,
                              hvp_requirement_kind_to_string (finding->requirement));
      if (finding->vm != NULL)
        {
          hvp_text_append_terminal (out, finding->vm);
          g_string_append (out, ": ");
        }
      hvp_text_append_terminal (out, finding->message);
      g_string_append_c (out, '\n');
    }
}

/**
 * hvp_report_findings_json:
 * @findings: (element-type HvpFinding): findings, in the order to write them
 *
 * The `findings` array of the `hvplan-plan/1` and `hvplan-size/1` documents (reports/README.md):
 * one object a finding with `severity`, `requirement`, `vm` (null for none) and `message`.
 *
 * Returns: (transfer full): a cJSON array
 */
cJSON *
hvp_report_findings_json (const GPtrArray *findings)
{
  cJSON *array = hvp_json_checked (cJSON_CreateArray ());

  g_return_val_if_fail (findings != NULL, array);

  for (guint i = 0; i < findings->len; i++)
    {
      const HvpFinding *finding = g_ptr_array_index (findings, i);
      cJSON *item = hvp_json_checked (cJSON_CreateObject ());

      hvp_json_add (item, "severity", hvp_json_string (hvp_verdict_to_string (finding->severity)));
      hvp_json_add (item, "requirement",
                    hvp_json_string (hvp_requirement_kind_to_string (finding->requirement)));
      hvp_json_add (item, "vm", hvp_json_string (finding->vm));
      hvp_json_add (item, "message", hvp_json_string (finding->message));
      cJSON_AddItemToArray (array, item);
    }
  return array;
}

/* Assumptions ---------------------------------------------------------------------------------- */

/* The VM overhead line: the planner's formula (HVP_VM_OVERHEAD_*) or the flat amount, in MiB
 * (hvp_report_format_mib()) whichever it is. */
static void
append_vm_overhead (const HvpReportAssumptions *assumptions, GString *out)
{
  const HvpPlanOptions *options = assumptions->options;

  if (options->vm_overhead_auto)
    {
      g_autofree char *first = hvp_report_format_mib (HVP_VM_OVERHEAD_FIRST_GIB_BYTES);
      g_autofree char *further = hvp_report_format_mib (HVP_VM_OVERHEAD_PER_GIB_BYTES);

      g_string_append_printf (out, "  VM overhead: %s for the first GiB of each VM's memory and %s "
                                   "for each further GiB", first, further);
    }
  else
    {
      g_autofree char *flat = hvp_report_format_mib (options->vm_overhead_bytes);

      g_string_append_printf (out, "  VM overhead: %s per VM", flat);
    }
  if (assumptions->with_totals)
    {
      g_autofree char *total = hvp_report_format_mib (assumptions->vm_overhead_bytes);

      g_string_append_printf (out, " (%s in all)", total);
    }
  g_string_append_c (out, '\n');
}

/**
 * hvp_report_assumptions_text:
 * @assumptions: what to state
 * @out: text is appended here
 *
 * The memory and storage lines of the "Assumptions:" section of the `plan` and `size` text
 * reports, two spaces in: the storage headroom in percent, the host reserve in GiB, the VM
 * overhead (the planner's formula or the flat amount, in MiB), the memory policy; with
 * #HvpReportAssumptions.with_totals, what the headroom and the overhead came to.
 */
void
hvp_report_assumptions_text (const HvpReportAssumptions *assumptions, GString *out)
{
  const HvpPlanOptions *options;
  g_autofree char *reserve = NULL;

  g_return_if_fail (assumptions != NULL && assumptions->options != NULL && out != NULL);

  options = assumptions->options;
  reserve = hvp_format_gib (assumptions->host_reserve_bytes);
  g_string_append_printf (out, "  storage headroom: %u %% on top of the disk files and saved "
                               "states", options->storage_headroom_percent);
  if (assumptions->with_totals)
    {
      g_autofree char *headroom = hvp_format_gib (assumptions->storage_headroom_bytes);

      g_string_append_printf (out, " (%s)", headroom);
    }
  g_string_append_printf (out, "\n  host reserve: %s%s for the management OS and the Hyper-V "
                               "role\n", reserve, assumptions->per_host ? " per host" : "");
  append_vm_overhead (assumptions, out);
  g_string_append_printf (out, "  memory policy: dynamic-memory VMs count with their %s RAM\n",
                          hvp_memory_policy_to_string (options->memory_policy));
}

/* Collector warnings --------------------------------------------------------------------------- */

/**
 * hvp_report_warnings_text:
 * @source: (nullable): the source inventory
 * @out: text is appended here
 *
 * The closing section of the `plan` and `size` text reports: the source's collector warnings
 * (what could not be read, so the numbers may be short), one line a warning, "FILE: POSITION:
 * MESSAGE", each part as hvp_text_append_terminal() shows it; nothing for a %NULL @source or one without warnings.
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

      g_string_append (out, "  ");
      hvp_text_append_terminal (out, warning->file);
      if (warning->position != NULL)
        {
          g_string_append (out, ": ");
          hvp_text_append_terminal (out, warning->position);
        }
      g_string_append (out, ": ");
      hvp_text_append_terminal (out, warning->message);
      g_string_append_c (out, '\n');
    }
}

/**
 * hvp_report_warnings_json:
 * @source: (nullable): the source inventory
 *
 * The `warnings` array of the `hvplan-plan/1` and `hvplan-size/1` documents: the source's
 * collector warnings (what could not be read, so the numbers may be short), one object a warning
 * with `file`, `position` and `message`; empty for a %NULL @source.
 *
 * Returns: (transfer full): a cJSON array
 */
cJSON *
hvp_report_warnings_json (const HvpInventory *source)
{
  cJSON *array = hvp_json_checked (cJSON_CreateArray ());

  for (guint i = 0; source != NULL && i < source->warnings->len; i++)
    {
      const HvpWarning *warning = g_ptr_array_index (source->warnings, i);
      cJSON *item = hvp_json_checked (cJSON_CreateObject ());

      hvp_json_add (item, "file", hvp_json_string (warning->file));
      hvp_json_add (item, "position", hvp_json_string (warning->position));
      hvp_json_add (item, "message", hvp_json_string (warning->message));
      cJSON_AddItemToArray (array, item);
    }
  return array;
}
