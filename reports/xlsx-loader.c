/* hvplan: the xlsx reports as the program sees them: each loads the module that writes workbooks
 * (hvplan-xlsx.so, collectors/module.c) the first time it is asked for one.  libxlsxwriter links
 * OpenSSL's libcrypto, 8 ms of every start of a process that links it; only `--format xlsx` needs
 * it.  A program that links the module's files itself (the unit tests) uses them directly. */
#include "reports/diff-report.h"
#include "reports/report.h"
#include "reports/size-report.h"
#include "reports/xlsx-module.h"

/* Defined when this program links the module's files itself; NULL in hvplan. */
extern const HvpXlsxModule hvp_xlsx_module __attribute__ ((weak));

/* The module: linked in, or loaded once; NULL with %HVP_ERROR_OPEN when it cannot be loaded. */
static const HvpXlsxModule *
xlsx_module (GError **error)
{
  static HvpModuleSlot slot = HVP_MODULE_SLOT_INIT ("hvplan-xlsx.so", HVP_XLSX_MODULE_SYMBOL,
                                                    HVP_XLSX_MODULE_ABI);

  if (&hvp_xlsx_module != NULL)
    return &hvp_xlsx_module;
  return hvp_module_slot_get (&slot, error);
}

/**
 * hvp_report_plan_xlsx:
 * @plan: a plan
 * @source: the inventory it was made from
 * @placement: (nullable): the placement over several destination hosts
 * @out: where the workbook's bytes are appended
 * @error: return location for an error
 *
 * The plan as a workbook (hvp_xlsx_report_plan(), in the xlsx module).
 *
 * Returns: %FALSE with %HVP_ERROR_OPEN when the module cannot be loaded, or the workbook's error
 *   (%HVP_ERROR_WRITE)
 */
gboolean
hvp_report_plan_xlsx (const HvpPlan *plan, const HvpInventory *source, const HvpSizing *placement,
                      GString *out, GError **error)
{
  const HvpXlsxModule *module = xlsx_module (error);

  return module != NULL && module->plan (plan, source, placement, out, error);
}

/**
 * hvp_report_size_xlsx:
 * @sizing: a sizing
 * @source: the inventory it was made from
 * @out: where the workbook's bytes are appended
 * @error: return location for an error
 *
 * The sizing as a workbook (hvp_xlsx_report_size(), in the xlsx module).
 *
 * Returns: %FALSE with %HVP_ERROR_OPEN when the module cannot be loaded, or the workbook's error
 *   (%HVP_ERROR_WRITE)
 */
gboolean
hvp_report_size_xlsx (const HvpSizing *sizing, const HvpInventory *source, GString *out,
                      GError **error)
{
  const HvpXlsxModule *module = xlsx_module (error);

  return module != NULL && module->size (sizing, source, out, error);
}

/**
 * hvp_report_diff_xlsx:
 * @diff: a diff
 * @out: where the workbook's bytes are appended
 * @error: return location for an error
 *
 * The diff as a workbook (hvp_xlsx_report_diff(), in the xlsx module).
 *
 * Returns: %FALSE with %HVP_ERROR_OPEN when the module cannot be loaded, or the workbook's error
 *   (%HVP_ERROR_WRITE)
 */
gboolean
hvp_report_diff_xlsx (const HvpDiff *diff, GString *out, GError **error)
{
  const HvpXlsxModule *module = xlsx_module (error);

  return module != NULL && module->diff (diff, out, error);
}
