/* hvplan: the table of the xlsx module (hvplan-xlsx.so). */
#include "reports/xlsx-module.h"

/**
 * hvp_xlsx_module:
 *
 * What the xlsx module offers the program that loads it (reports/xlsx-loader.c): the three
 * workbooks.
 */
const HvpXlsxModule hvp_xlsx_module = {
  .header = { HVP_XLSX_MODULE_ABI, HVP_VERSION },
  .plan = hvp_xlsx_report_plan,
  .size = hvp_xlsx_report_size,
  .diff = hvp_xlsx_report_diff,
};
