/* hvplan: the pieces every HTML report shares (private to reports/): escaping text from the
 * inventory, the self-contained page around a report, the inline SVG bars, findings and warnings. */
#pragma once

#include <glib.h>

#include "planner/plan.h"
#include "planner/sizing/sizing.h"

G_BEGIN_DECLS

/**
 * HvpHtmlSegment:
 * @label: (nullable): what the segment is (a VM's name, from the inventory: escaped when drawn)
 * @amount: its share, in the bar's unit
 * @shown: (nullable): @amount as people read it ("4.0 GiB", "2"), for the segment's tooltip
 * @style: the CSS class that colours it ("s0" to "s5", "own", "pass", "warn", "fail", "cap")
 *
 * One part of a bar drawn by hvp_html_append_bar().
 */
typedef struct {
  const char *label;
  guint64 amount;
  const char *shown;
  const char *style;
} HvpHtmlSegment;

void hvp_html_append_text (GString *out, const char *text);
void hvp_html_begin (GString *out, const char *title);
void hvp_html_end (GString *out);
void hvp_html_append_verdict (GString *out, const char *css, const char *text);
void hvp_html_append_bar (GString *out, const char *title, const HvpHtmlSegment *segments,
                          guint n_segments, guint64 scale, guint64 limit);
void hvp_html_append_findings (GString *out, const GPtrArray *findings, const char *heading);
void hvp_html_append_warnings (GString *out, const HvpInventory *source);
void hvp_html_append_pre (GString *out, const char *text);
gboolean hvp_html_append_markdown (GString *out, const char *markdown, GError **error);
const char *hvp_html_verdict_class (HvpVerdict verdict);
void hvp_html_append_placement (GString *out, const HvpSizing *sizing,
                                const HvpSizingModel *model);

G_END_DECLS
