#include "models/disk.h"

#include "models/units.h"

static const char *const disk_format_names[] = {
  [HVP_DISK_FORMAT_UNKNOWN] = "unknown",
  [HVP_DISK_FORMAT_VHD] = "vhd",
  [HVP_DISK_FORMAT_VHDX] = "vhdx",
  [HVP_DISK_FORMAT_RAW] = "raw",
  [HVP_DISK_FORMAT_QCOW2] = "qcow2",
};

static const char *const disk_type_names[] = {
  [HVP_DISK_TYPE_UNKNOWN] = "unknown",
  [HVP_DISK_TYPE_FIXED] = "fixed",
  [HVP_DISK_TYPE_DYNAMIC] = "dynamic",
  [HVP_DISK_TYPE_DIFFERENCING] = "differencing",
};

/* Field tables read and write enums as guint. */
G_STATIC_ASSERT (sizeof (HvpDiskFormat) == sizeof (guint));
G_STATIC_ASSERT (sizeof (HvpDiskType) == sizeof (guint));
static const HvpFieldEnum disk_format_enum = HVP_FIELD_ENUM_NAMES (disk_format_names);
static const HvpFieldEnum disk_type_enum = HVP_FIELD_ENUM_NAMES (disk_type_names);

/**
 * hvp_disk_new:
 * @path: the path as the source recorded it
 *
 * Returns: (transfer full): a disk of unknown format, type and sizes
 */
HvpDisk *
hvp_disk_new (const char *path)
{
  HvpDisk *disk = g_new0 (HvpDisk, 1);

  disk->path = g_strdup (path);
  return disk;
}

/**
 * hvp_disk_free:
 * @disk: (nullable) (transfer full): a disk; its parent is not freed (the host owns it)
 */
void
hvp_disk_free (HvpDisk *disk)
{
  if (disk == NULL)
    return;
  g_free (disk->path);
  g_free (disk->local_path);
  g_free (disk->parent_path);
  g_free (disk);
}

/**
 * hvp_disk_worst_case_bytes:
 * @disk: a disk
 *
 * The bytes the file can take at most: a dynamic or differencing disk grows up to its virtual size
 * (plus its metadata, already counted when the file is larger); a fixed disk stays as it is.
 * Virtualization Dojo, "Hyper-V disk usage explained": dynamic disks end "a little more than their
 * maximum size", differencing disks can grow to fill the volume (bounded here by the virtual size,
 * the most the guest can write).
 *
 * Returns: the larger of the file size and, for a growing disk, the virtual size, in bytes
 */
guint64
hvp_disk_worst_case_bytes (const HvpDisk *disk)
{
  if (disk->type == HVP_DISK_TYPE_FIXED)
    return disk->file_size_bytes;
  return MAX (disk->file_size_bytes, disk->virtual_size_bytes);
}

/**
 * hvp_disk_format_to_string:
 * @format: a format
 *
 * Returns: (transfer none): "vhd", "vhdx", "raw", "qcow2" or "unknown"
 */
const char *
hvp_disk_format_to_string (HvpDiskFormat format)
{
  return hvp_enum_to_string (disk_format_names, G_N_ELEMENTS (disk_format_names), format);
}

/**
 * hvp_disk_format_from_string:
 * @string: a name from hvp_disk_format_to_string()
 * @ret_format: (out): the format
 *
 * Returns: %FALSE when @string names no format
 */
gboolean
hvp_disk_format_from_string (const char *string, HvpDiskFormat *ret_format)
{
  guint value;

  if (!hvp_enum_from_string (disk_format_names, G_N_ELEMENTS (disk_format_names), string, &value))
    return FALSE;
  *ret_format = (HvpDiskFormat) value;
  return TRUE;
}

/**
 * hvp_disk_type_to_string:
 * @type: a type
 *
 * Returns: (transfer none): "fixed", "dynamic", "differencing" or "unknown"
 */
const char *
hvp_disk_type_to_string (HvpDiskType type)
{
  return hvp_enum_to_string (disk_type_names, G_N_ELEMENTS (disk_type_names), type);
}

/**
 * hvp_disk_type_from_string:
 * @string: a name from hvp_disk_type_to_string()
 * @ret_type: (out): the type
 *
 * Returns: %FALSE when @string names no type
 */
gboolean
hvp_disk_type_from_string (const char *string, HvpDiskType *ret_type)
{
  guint value;

  if (!hvp_enum_from_string (disk_type_names, G_N_ELEMENTS (disk_type_names), string, &value))
    return FALSE;
  *ret_type = (HvpDiskType) value;
  return TRUE;
}

/* The fields of a disk file (models/README.md, "disks"). */
static const HvpField disk_fields[] = {
  HVP_FIELD_KEY (HvpDisk, path, HVP_FIELD_STRING, HVP_FIELD_REQUIRED, 1),
  HVP_FIELD_ROW (HvpDisk, local_path, HVP_FIELD_STRING, HVP_FIELD_NULLABLE),
  HVP_FIELD_ENUM_ROW (HvpDisk, format, HVP_FIELD_OPTIONAL, 0, &disk_format_enum),
  HVP_FIELD_ENUM_ROW (HvpDisk, type, HVP_FIELD_OPTIONAL, 0, &disk_type_enum),
  HVP_FIELD_ROW (HvpDisk, virtual_size_bytes, HVP_FIELD_BYTES, HVP_FIELD_OPTIONAL),
  HVP_FIELD_ROW (HvpDisk, file_size_bytes, HVP_FIELD_BYTES, HVP_FIELD_OPTIONAL),
  HVP_FIELD_ROW (HvpDisk, parent_path, HVP_FIELD_STRING, HVP_FIELD_NULLABLE | HVP_FIELD_REFERENCE),
  HVP_FIELD_NAMED ("header_read", HvpDisk, readable, HVP_FIELD_BOOL, HVP_FIELD_OPTIONAL),
};

/**
 * hvp_disk_fields:
 *
 * The fields of #HvpDisk in the canonical inventory document, in order.
 */
const HvpFieldTable hvp_disk_fields = HVP_FIELD_TABLE ("disk", disk_fields);
