/* hvplan: the Windows Server licences of a placement (per-core licensing, Standard stacking). */
#pragma once

#include <glib.h>

#include "models/field.h"
#include "planner/sizing/catalog.h"
#include "planner/options.h"

G_BEGIN_DECLS

/** Windows Server per-core licensing: every physical core, at least 8 per processor and 16 per
 * server, sold in 2-core packs; Standard covers two operating system environments (VMs) per full
 * licensing of a server's cores and may be stacked, Datacenter any number (Microsoft, "Windows
 * Server 2022 licensing datasheet" and "Windows Server 2025 licensing", microsoft.com/windows-server
 * /pricing: "All physical cores in the server must be licensed ... minimum of 8 core licenses per
 * physical processor and a minimum of 16 core licenses per server"). */
#define HVP_LICENCE_MIN_CORES_PER_PROCESSOR 8
#define HVP_LICENCE_MIN_CORES_PER_SERVER 16
#define HVP_LICENCE_CORES_PER_PACK 2
#define HVP_LICENCE_STANDARD_VMS_PER_LICENSING 2

guint hvp_licence_cores (guint sockets, guint cores);
char *hvp_licence_rule (void);
HvpTristate hvp_licence_guest_is_windows (const char *guest_os);
guint hvp_licence_standard_licensings (guint windows_vms);
gboolean hvp_licence_price (const HvpCatalog *catalog, const HvpCatalogModel *model,
                            HvpLicensing licensing, const guint *windows_vms, guint n_hosts,
                            guint spare, HvpLicensing *ret_edition, guint64 *ret_price);

G_END_DECLS
