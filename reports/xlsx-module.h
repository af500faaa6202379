/* hvplan: the xlsx reports as a module (hvplan-xlsx.so, loaded by reports/xlsx-loader.c on the
 * first `--format xlsx`): its table and the functions behind it.  Only the loader and the
 * module's own files include this. */
#pragma once

#include <glib.h>

#include "collectors/module.h"
#include "models/diff.h"
#include "planner/plan.h"
#include "planner/sizing/sizing.h"

G_BEGIN_DECLS

/* Raised whenever the table below changes, so a stale module from an older build is refused. */
#define HVP_XLSX_MODULE_ABI 1
#define HVP_XLSX_MODULE_SYMBOL "hvp_xlsx_module"

/**
 * HvpXlsxModule:
 * @header: %HVP_XLSX_MODULE_ABI and the version of the build that made the module
 * @plan: hvp_xlsx_report_plan()
 * @size: hvp_xlsx_report_size()
 * @diff: hvp_xlsx_report_diff()
 *
 * The one symbol (`hvp_xlsx_module`) the loader looks up in the module.
 */
typedef struct {
  HvpModuleHeader header;
  gboolean (*plan) (const HvpPlan *plan, const HvpInventory *source, const HvpSizing *placement,
                    GString *out, GError **error);
  gboolean (*size) (const HvpSizing *sizing, const HvpInventory *source, GString *out,
                    GError **error);
  gboolean (*diff) (const HvpDiff *diff, GString *out, GError **error);
} HvpXlsxModule;

extern const HvpXlsxModule hvp_xlsx_module;

gboolean hvp_xlsx_report_plan (const HvpPlan *plan, const HvpInventory *source,
                               const HvpSizing *placement, GString *out, GError **error);
gboolean hvp_xlsx_report_size (const HvpSizing *sizing, const HvpInventory *source, GString *out,
                               GError **error);
gboolean hvp_xlsx_report_diff (const HvpDiff *diff, GString *out, GError **error);

G_END_DECLS
