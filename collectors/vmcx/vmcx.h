/* hvplan: the Hyper-V storage container of Windows Server 2016 and later (.vmcx, .vmrs, .vsv):
 * Microsoft, openvmm `support/hvs_file/FORMAT.md`, and formats.md section 7. */
#pragma once

#include <glib.h>

#include "collectors/collector.h"
#include "collectors/xml-tree.h"

G_BEGIN_DECLS

/**
 * HVP_VMCX_SIGNATURE:
 *
 * The first four bytes (little-endian) of both file header copies (FORMAT.md, "File Header").
 */
#define HVP_VMCX_SIGNATURE 0x01282014u

/**
 * HVP_VMCX_MAX_DEPTH:
 *
 * The deepest key a file may hold (the real files reach 8 levels).
 */
#define HVP_VMCX_MAX_DEPTH 64

/**
 * HVP_VMCX_MAX_KEYS:
 *
 * The most keys a file may hold (the real files hold 339 and 410).
 */
#define HVP_VMCX_MAX_KEYS 200000

/**
 * HVP_VMCX_MAX_METADATA_BYTES:
 *
 * The most bytes of object tables, key tables and values read from one file (a `.vmrs` may hold
 * gigabytes of guest memory in file objects, which are never read).
 */
#define HVP_VMCX_MAX_METADATA_BYTES (64u * 1024 * 1024)

typedef struct _HvpVmcx HvpVmcx;

gboolean hvp_vmcx_sniff (const char *data, gsize length);
HvpVmcx *hvp_vmcx_new_from_data (const char *file, const char *data, gsize length,
                                 HvpInventory *inventory, GError **error);
HvpVmcx *hvp_vmcx_new_from_file (const char *file, HvpInventory *inventory, GError **error);
void hvp_vmcx_free (HvpVmcx *vmcx);
guint hvp_vmcx_format_version (const HvpVmcx *vmcx);
guint hvp_vmcx_count_keys (const HvpVmcx *vmcx);
gboolean hvp_vmcx_has_key (const HvpVmcx *vmcx, const char *path);
gboolean hvp_vmcx_to_tree (HvpVmcx *vmcx, const char *top, HvpXmlTree *tree, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpVmcx, hvp_vmcx_free)

G_END_DECLS
