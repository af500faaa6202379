/* hvplan: the same result for many readers.  Reports compute nothing. */
#pragma once

#include <glib.h>

#include "planner/plan.h"

G_BEGIN_DECLS

void hvp_report_plan_text (const HvpPlan *plan, const HvpInventory *source, GString *out);
void hvp_report_plan_json (const HvpPlan *plan, const HvpInventory *source, GString *out);
void hvp_report_plan_markdown (const HvpPlan *plan, const HvpInventory *source, GString *out);

G_END_DECLS
