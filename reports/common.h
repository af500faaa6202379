/* hvplan: the sections every report shares (private to reports/): amounts, verdicts, findings,
 * assumptions, collector warnings.  Each is written once here, so the plan and the sizing say
 * the same thing the same way, and a number comes from the planner, never restated. */
#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

#include "planner/plan.h"

G_BEGIN_DECLS

/* Names. */
const char *hvp_report_source_label (const char *source_name);
const char *hvp_report_destination_label (const char *destination_name);

/* Amounts. */
char *hvp_report_format_bytes (guint64 bytes);
char *hvp_report_format_mib (guint64 bytes);
char *hvp_report_format_amount (HvpRequirementKind kind, guint64 value);
char *hvp_report_format_storage (guint64 bytes);
char *hvp_report_format_count (guint value);
char *hvp_report_verdict_upper (HvpVerdict verdict);

/* Findings. */
void hvp_report_findings_text (const GPtrArray *findings, const char *indent, GString *out);
cJSON *hvp_report_findings_json (const GPtrArray *findings);

/**
 * HvpReportAssumptions:
 * @options: the planner options used
 * @host_reserve_bytes: memory kept for the management OS and the Hyper-V role
 * @per_host: %TRUE when the reserve is kept on each of several hosts (the sizing)
 * @with_totals: %TRUE to state what @storage_headroom_bytes and @vm_overhead_bytes came to
 *   (the plan, for one destination)
 * @storage_headroom_bytes: the headroom in bytes, with @with_totals
 * @vm_overhead_bytes: the VM overhead of every VM together, in bytes, with @with_totals
 *
 * What hvp_report_assumptions_text() states: the memory and storage assumptions the plan and
 * the sizing share.
 */
typedef struct {
  const HvpPlanOptions *options;
  guint64 host_reserve_bytes;
  gboolean per_host;
  gboolean with_totals;
  guint64 storage_headroom_bytes;
  guint64 vm_overhead_bytes;
} HvpReportAssumptions;

/* Assumptions. */
void hvp_report_assumptions_text (const HvpReportAssumptions *assumptions, GString *out);

/* Collector warnings. */
void hvp_report_warnings_text (const HvpInventory *source, GString *out);
cJSON *hvp_report_warnings_json (const HvpInventory *source);

G_END_DECLS
