/* hvplan: writing text from the inventory into Markdown so that it renders as itself (private to
 * reports/: plan-markdown.c and size-markdown.c). */
#pragma once

#include <glib.h>

#include "planner/plan.h"

G_BEGIN_DECLS

void hvp_markdown_append_text (GString *out, const char *text);
void hvp_markdown_append_code (GString *out, const char *text);
void hvp_markdown_append_name (GString *out, const char *name);
void hvp_markdown_append_text_list (GString *out, const GPtrArray *texts);

/* reports/compatibility-markdown.c */
void hvp_markdown_append_compatibility (const HvpPlan *plan, const HvpInventory *source,
                                        GString *out);
const char *hvp_markdown_append_literal_char (GString *out, const char *p, gboolean in_code);

G_END_DECLS
