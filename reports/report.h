/* hvplan: the same result for many readers.  Reports compute nothing. */
#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

#include "planner/plan.h"
#include "planner/sizing/sizing.h"

G_BEGIN_DECLS

void hvp_report_plan_text (const HvpPlan *plan, const HvpInventory *source, GString *out);
void hvp_report_plan_json (const HvpPlan *plan, const HvpInventory *source, GString *out);
void hvp_report_plan_markdown (const HvpPlan *plan, const HvpInventory *source, GString *out);
gboolean hvp_report_plan_html (const HvpPlan *plan, const HvpInventory *source,
                               const HvpSizing *placement, GString *out, GError **error);
void hvp_report_plan_json_placement (const HvpPlan *plan, const HvpInventory *source,
                                     cJSON *placement, GString *out);
void hvp_report_plan_csv (const HvpPlan *plan, const HvpInventory *source,
                          const HvpSizing *placement, GString *out);
void hvp_report_plan_assumptions_text (const HvpPlan *plan, GString *out);
gboolean hvp_report_plan_xlsx (const HvpPlan *plan, const HvpInventory *source,
                               const HvpSizing *placement, GString *out, GError **error);

G_END_DECLS
