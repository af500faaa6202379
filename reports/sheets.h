/* hvplan: what the CSV and xlsx reports share (private to reports/): the source VMs in the
 * plan's order, the host each VM is placed on. */
#pragma once

#include <glib.h>

#include "planner/sizing/sizing.h"
#include "reports/xlsx.h"

G_BEGIN_DECLS

/**
 * HvpSheetsVm:
 * @host: (transfer none): the source host holding @vm
 * @vm: (transfer none): a source VM
 *
 * A source VM with its host, in the order of #HvpPlan.vms.
 */
typedef struct {
  const HvpHost *host;
  const HvpVm *vm;
} HvpSheetsVm;

GPtrArray *hvp_sheets_source_vms (const HvpInventory *source);
const char **hvp_sheets_placement_hosts (const HvpSizing *placement, guint n_vms);
GPtrArray *hvp_sheets_host_vm_names (const HvpSizing *sizing, const HvpSizingHost *host);

void hvp_sheets_add_findings (HvpXlsxBook *book, const HvpSizing *sizing,
                              const GPtrArray *findings);
void hvp_sheets_add_warnings (HvpXlsxBook *book, const HvpInventory *source);
void hvp_sheets_add_placement (HvpXlsxBook *book, const HvpSizing *sizing);

G_END_DECLS
