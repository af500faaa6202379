/* hvplan: the sizing for many readers.  Reports compute nothing. */
#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

#include "planner/sizing/sizing.h"
#include "reports/stream.h"

G_BEGIN_DECLS

void hvp_report_size_text (const HvpSizing *sizing, const HvpInventory *source, GString *out);
void hvp_report_size_json (const HvpSizing *sizing, const HvpInventory *source, GString *out);
void hvp_report_size_json_stream (const HvpSizing *sizing, const HvpInventory *source,
                                  HvpReportStream *stream);
void hvp_report_size_text_stream (const HvpSizing *sizing, const HvpInventory *source,
                                  HvpReportStream *stream);
void hvp_report_size_markdown (const HvpSizing *sizing, const HvpInventory *source, GString *out);
void hvp_report_size_html (const HvpSizing *sizing, const HvpInventory *source, GString *out);
void hvp_report_size_html_stream (const HvpSizing *sizing, const HvpInventory *source,
                                  HvpReportStream *stream);
char *hvp_report_size_ratio (double ratio);
void hvp_report_size_assumptions_text (const HvpSizing *sizing, GString *out);
void hvp_report_size_placement_text (const HvpSizing *sizing, GString *out);
cJSON *hvp_report_size_placement_json (const HvpSizing *sizing);
void hvp_report_size_placement_markdown (const HvpSizing *sizing, GString *out);
void hvp_report_size_csv (const HvpSizing *sizing, const HvpInventory *source, GString *out);
gboolean hvp_report_size_xlsx (const HvpSizing *sizing, const HvpInventory *source, GString *out,
                               GError **error);
void hvp_report_size_measured_json (const HvpSizing *sizing, cJSON *root);
void hvp_report_size_measured_model_json (const HvpSizing *sizing, const HvpSizingModel *model,
                                          cJSON *object);
void hvp_report_size_measured_text (const HvpSizing *sizing, gboolean markdown, GString *out);

G_END_DECLS
