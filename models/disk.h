/* hvplan: a virtual hard disk file (VHD, VHDX, their .avhd/.avhdx checkpoints). */
#pragma once

#include <glib.h>

#include "models/field.h"

G_BEGIN_DECLS

/**
 * HvpDiskFormat:
 *
 * The container format of a virtual hard disk file ([MS-VHDX] / VHD Image Format Specification).
 */
typedef enum {
  HVP_DISK_FORMAT_UNKNOWN,
  HVP_DISK_FORMAT_VHD,
  HVP_DISK_FORMAT_VHDX,
  HVP_DISK_FORMAT_RAW,   /* libvirt raw files, pass-through stand-ins */
  HVP_DISK_FORMAT_QCOW2, /* libvirt sources */
} HvpDiskFormat;

/**
 * HvpDiskType:
 *
 * How a virtual hard disk allocates its blocks (VHD footer "Disk Type"; VHDX File Parameters
 * flags; PowerShell `VhdType`).
 */
typedef enum {
  HVP_DISK_TYPE_UNKNOWN,
  HVP_DISK_TYPE_FIXED,
  HVP_DISK_TYPE_DYNAMIC,
  HVP_DISK_TYPE_DIFFERENCING,
} HvpDiskType;

/**
 * HvpDisk:
 * @path: the path as the source recorded it (often a Windows path); the disk's identity in its host
 * @local_path: (nullable): where the file was found on this machine, after path maps
 * @format: container format
 * @type: fixed, dynamic or differencing
 * @virtual_size_bytes: the size the guest sees; 0 when unknown
 * @file_size_bytes: the bytes the file takes now; 0 when unknown
 * @parent_path: (nullable): for a differencing disk, the parent's @path as recorded by the child
 *   (resolved to the parent's identity in the host's disk table)
 * @parent: (nullable): the parent disk, owned by the same host (borrowed)
 * @readable: %TRUE when the header was read (the other fields came from the file itself)
 *
 * One file.  A host owns each file once (see hvp_host_add_disk()); VMs and snapshots refer to
 * disks by @path, so a parent shared by two chains is one #HvpDisk.
 */
typedef struct _HvpDisk HvpDisk;
struct _HvpDisk {
  char *path;
  char *local_path;
  HvpDiskFormat format;
  HvpDiskType type;
  guint64 virtual_size_bytes;
  guint64 file_size_bytes;
  char *parent_path;
  HvpDisk *parent;
  gboolean readable;
};

HvpDisk *hvp_disk_new (const char *path);
void hvp_disk_free (HvpDisk *disk);
guint64 hvp_disk_worst_case_bytes (const HvpDisk *disk);

const char *hvp_disk_format_to_string (HvpDiskFormat format);
gboolean hvp_disk_format_from_string (const char *string, HvpDiskFormat *ret_format);
const char *hvp_disk_type_to_string (HvpDiskType type);
gboolean hvp_disk_type_from_string (const char *string, HvpDiskType *ret_type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpDisk, hvp_disk_free)

extern const HvpFieldTable hvp_disk_fields;

G_END_DECLS
