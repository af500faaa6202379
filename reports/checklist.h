/* hvplan: a guide's checklist and the list of guides, for people and programs. */
#pragma once

#include <glib.h>

#include "planner/checklist.h"

G_BEGIN_DECLS

void hvp_report_guides_text (const GPtrArray *guides, GString *out);
void hvp_report_checklist_text (const HvpChecklist *checklist, GString *out);
void hvp_report_checklist_json (const HvpChecklist *checklist, GString *out);
void hvp_report_checklist_markdown (const HvpChecklist *checklist, GString *out);

G_END_DECLS
