/* hvplan: the diff of two inventories for people (text), programs (JSON) and CI (TAP). */
#pragma once

#include <glib.h>

#include "models/diff.h"
#include "reports/common.h"

G_BEGIN_DECLS

void hvp_report_diff_text (const HvpDiff *diff, GString *out);
void hvp_report_diff_json (const HvpDiff *diff, GString *out);
void hvp_report_diff_tap (const HvpDiff *diff, GString *out);
void hvp_report_diff_csv (const HvpDiff *diff, GString *out);
gboolean hvp_report_diff_xlsx (const HvpDiff *diff, GString *out, GError **error);
void hvp_report_diff_html (const HvpDiff *diff, GString *out);

void hvp_report_diff_append_object_label (GString *out, const HvpDiffObject *object);
void hvp_report_diff_append_change (GString *out, const HvpDiffChange *change);

G_END_DECLS
