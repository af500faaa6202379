/* hvplan: VHD / VHDX headers through libvhdi, and differencing chains.
 *
 * Formats: Microsoft "Virtual Hard Disk Image Format Specification" 1.0 (Hard Disk Footer Format,
 * Dynamic Disk Header Format) and [MS-VHDX] "Virtual Hard Disk v2 (VHDX) File Format" (2.2
 * headers and region table, 2.6 metadata and parent locator).  libvhdi reads both; this file adds
 * the checks libvhdi 20210425 does not make (VHDX regions past the end of the file, a pending VHDX
 * log, a fixed VHD shorter than its size) and resolves differencing chains.  See README.md. */
#include "collectors/vhd/vhd.h"

#include <errno.h>
#include <fcntl.h>
#include <libvhdi.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "models/error.h"

/* Hyper-V allows 50 checkpoints per VM; a chain longer than this is a loop or a broken file. */
#define VHD_CHAIN_MAX_DEPTH 256

#define VHD_FOOTER_BYTES 512
#define VHDX_HEADER_1_OFFSET 0x10000
#define VHDX_HEADER_2_OFFSET 0x20000
#define VHDX_HEADER_BYTES 4096
#define VHDX_REGION_TABLE_1_OFFSET 0x30000
#define VHDX_REGION_TABLE_2_OFFSET 0x40000
#define VHDX_REGION_TABLE_BYTES 0x10000
#define VHDX_REGION_ENTRY_MAX 2047

/* What one read learns beyond the model's fields: the identities a chain must agree on. */
typedef struct {
  guint8 identifier[16];
  gboolean has_parent_identifier;
  guint8 parent_identifier[16];
  gboolean log_pending;
} VhdIdentity;

static void
libvhdi_file_close_and_free (libvhdi_file_t *file)
{
  libvhdi_file_close (file, NULL);
  libvhdi_file_free (&file, NULL);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (libvhdi_file_t, libvhdi_file_close_and_free)

/* libvhdi_error_sprint() gives only the outermost frame ("unable to open file: X."); the first
 * line of the backtrace is the cause ("libvhdi_file_footer_read_data: unsupported signature"). */
static char *
vhdi_error_take_message (libvhdi_error_t *vhdi_error)
{
  char buffer[2048] = "";
  char *message;
  char *newline;
  gsize length;

  if (vhdi_error == NULL)
    return g_strdup ("unknown libvhdi error");
  libvhdi_error_backtrace_sprint (vhdi_error, buffer, sizeof buffer);
  libvhdi_error_free (&vhdi_error);
  newline = strchr (buffer, '\n');
  if (newline != NULL)
    *newline = '\0';
  length = strlen (buffer);
  if (length > 0 && buffer[length - 1] == '.')
    buffer[length - 1] = '\0';
  if (buffer[0] == '\0')
    return g_strdup ("unknown libvhdi error");
  message = g_utf8_make_valid (buffer, -1);
  return message;
}

static gboolean
set_vhdi_error (GError **error, const char *local_path, libvhdi_error_t *vhdi_error)
{
  g_autofree char *message = vhdi_error_take_message (vhdi_error);

  g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "cannot read virtual hard disk '%s': %s",
               local_path, message);
  return FALSE;
}

static gboolean
read_exact (int fd, guint64 offset, void *buffer, gsize length)
{
  gsize done = 0;

  while (done < length)
    {
      ssize_t n = pread (fd, (char *) buffer + done, length - done, (off_t) (offset + done));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      done += (gsize) n;
    }
  return TRUE;
}

static guint32
read_le32 (const guint8 *data)
{
  return (guint32) data[0] | (guint32) data[1] << 8 | (guint32) data[2] << 16
         | (guint32) data[3] << 24;
}

static guint64
read_le64 (const guint8 *data)
{
  return (guint64) read_le32 (data) | (guint64) read_le32 (data + 4) << 32;
}

/* CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), as [MS-VHDX] 2.2.2 requires. */
static guint32
crc32c (const guint8 *data, gsize length)
{
  guint32 crc = 0xFFFFFFFFu;

  for (gsize i = 0; i < length; i++)
    {
      crc ^= data[i];
      for (int bit = 0; bit < 8; bit++)
        crc = (crc >> 1) ^ (0x82F63B78u & (0u - (crc & 1u)));
    }
  return ~crc;
}

/* A VHDX header or region table is valid when its signature matches and its CRC-32C, computed
 * with the 4-byte checksum field at offset 4 zeroed, equals that field ([MS-VHDX] 2.2.2, 2.2.3). */
static gboolean
vhdx_structure_is_valid (guint8 *data, gsize length, const char *signature)
{
  guint32 stored;
  guint32 computed;

  if (memcmp (data, signature, 4) != 0)
    return FALSE;
  stored = read_le32 (data + 4);
  memset (data + 4, 0, 4);
  computed = crc32c (data, length);
  data[4] = (guint8) stored;
  data[5] = (guint8) (stored >> 8);
  data[6] = (guint8) (stored >> 16);
  data[7] = (guint8) (stored >> 24);
  return stored == computed;
}

/* [MS-VHDX] 2.2.2: of the two headers, the valid one with the larger SequenceNumber is current;
 * a non-zero LogGuid in it means the log holds entries not yet replayed. */
static gboolean
vhdx_read_log_pending (int fd, const char *local_path, gboolean *ret_log_pending, GError **error)
{
  static const guint64 offsets[] = { VHDX_HEADER_1_OFFSET, VHDX_HEADER_2_OFFSET };
  static const guint8 zero_guid[16] = { 0 };
  g_autofree guint8 *header = g_malloc (VHDX_HEADER_BYTES);
  gboolean found = FALSE;
  guint64 best_sequence = 0;
  gboolean log_pending = FALSE;

  for (gsize i = 0; i < G_N_ELEMENTS (offsets); i++)
    {
      guint64 sequence;

      if (!read_exact (fd, offsets[i], header, VHDX_HEADER_BYTES)
          || !vhdx_structure_is_valid (header, VHDX_HEADER_BYTES, "head"))
        continue;
      sequence = read_le64 (header + 8);
      if (found && sequence <= best_sequence)
        continue;
      found = TRUE;
      best_sequence = sequence;
      log_pending = memcmp (header + 48, zero_guid, sizeof zero_guid) != 0;
    }
  if (!found)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "cannot read VHDX header of '%s': neither header at offset 65536 or 131072 "
                   "has a valid signature and CRC-32C",
                   local_path);
      return FALSE;
    }
  *ret_log_pending = log_pending;
  return TRUE;
}

/* [MS-VHDX] 2.2.3: every region (BAT, metadata) must lie inside the file; a file cut short
 * loses them, and libvhdi 20210425 reads the BAT only when data is read. */
static gboolean
vhdx_check_regions (int fd, const char *local_path, guint64 file_size_bytes, GError **error)
{
  static const guint64 offsets[] = { VHDX_REGION_TABLE_1_OFFSET, VHDX_REGION_TABLE_2_OFFSET };
  g_autofree guint8 *table = g_malloc (VHDX_REGION_TABLE_BYTES);
  gboolean found = FALSE;
  guint32 entry_count = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (offsets) && !found; i++)
    found = read_exact (fd, offsets[i], table, VHDX_REGION_TABLE_BYTES)
            && vhdx_structure_is_valid (table, VHDX_REGION_TABLE_BYTES, "regi");
  if (!found)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "cannot read VHDX region table of '%s': neither copy at offset 196608 or "
                   "262144 has a valid signature and CRC-32C",
                   local_path);
      return FALSE;
    }
  entry_count = read_le32 (table + 8);
  if (entry_count > VHDX_REGION_ENTRY_MAX)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "cannot read VHDX region table of '%s': %u entries, at most %u allowed",
                   local_path, entry_count, VHDX_REGION_ENTRY_MAX);
      return FALSE;
    }
  for (guint32 i = 0; i < entry_count; i++)
    {
      const guint8 *entry = table + 16 + 32 * (gsize) i;
      guint64 offset = read_le64 (entry + 16);
      guint32 length = read_le32 (entry + 24);

      if (offset > file_size_bytes || length > file_size_bytes - offset)
        {
          g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                       "cannot read VHDX '%s': region %u at offset %" G_GUINT64_FORMAT
                       " (%u bytes) extends past the end of the file (%" G_GUINT64_FORMAT
                       " bytes)",
                       local_path, i, offset, length, file_size_bytes);
          return FALSE;
        }
    }
  return TRUE;
}

/* VHD Image Format Specification 1.0 (Hard Disk Footer Format): footers written before Virtual
 * PC 2004 are 511 bytes, which libvhdi does not read; name that case instead of a bare
 * "unsupported signature".  The cookie must be at EOF-511 after at least one 512-byte sector,
 * and the checksum must hold over the 511 bytes (the missing last byte is reserved, zero). */
static gboolean
vhd_has_511_byte_footer (int fd, guint64 file_size_bytes)
{
  guint8 footer[VHD_FOOTER_BYTES - 1];
  guint32 sum = 0;
  guint32 stored;

  if (file_size_bytes < 2 * VHD_FOOTER_BYTES - 1
      || !read_exact (fd, file_size_bytes - sizeof footer, footer, sizeof footer)
      || memcmp (footer, "conectix", 8) != 0)
    return FALSE;
  for (gsize i = 0; i < sizeof footer; i++)
    if (i < 64 || i >= 68)
      sum += footer[i];
  stored = (guint32) footer[64] << 24 | (guint32) footer[65] << 16 | (guint32) footer[66] << 8
           | footer[67];
  return stored == ~sum;
}

static gboolean
vhd_open_local (const char *local_path, int *ret_fd, guint64 *ret_file_size_bytes, GError **error)
{
  struct stat info;
  int fd;

  /* A FIFO, socket or device is refused before it is opened (opening a FIFO waits for a
   * writer); the fstat() below catches a file swapped in between. */
  if (g_stat (local_path, &info) == 0 && !S_ISREG (info.st_mode))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_OPEN,
                   "cannot open virtual hard disk '%s': not a regular file", local_path);
      return FALSE;
    }
  fd = g_open (local_path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, HVP_ERROR, HVP_ERROR_OPEN, "cannot open virtual hard disk '%s': %s",
                   local_path, g_strerror (saved_errno));
      return FALSE;
    }
  if (fstat (fd, &info) != 0 || !S_ISREG (info.st_mode))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_OPEN,
                   "cannot open virtual hard disk '%s': not a regular file", local_path);
      close (fd);
      return FALSE;
    }
  *ret_fd = fd;
  *ret_file_size_bytes = (guint64) info.st_size;
  return TRUE;
}

static gboolean
vhd_read_parent_filename (libvhdi_file_t *file, const char *local_path, char **ret_parent,
                          GError **error)
{
  libvhdi_error_t *vhdi_error = NULL;
  size_t size = 0;
  g_autofree char *parent = NULL;
  int result = libvhdi_file_get_utf8_parent_filename_size (file, &size, &vhdi_error);

  if (result < 0)
    return set_vhdi_error (error, local_path, vhdi_error);
  if (result == 0 || size <= 1)
    {
      *ret_parent = NULL;
      return TRUE;
    }
  parent = g_malloc0 (size + 1);
  if (libvhdi_file_get_utf8_parent_filename (file, (uint8_t *) parent, size, &vhdi_error) != 1)
    return set_vhdi_error (error, local_path, vhdi_error);
  if (!g_utf8_validate (parent, -1, NULL))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "cannot read virtual hard disk '%s': parent file name is not valid UTF-16",
                   local_path);
      return FALSE;
    }
  *ret_parent = g_steal_pointer (&parent);
  return TRUE;
}

static gboolean
vhd_read_identity (libvhdi_file_t *file, const char *local_path, VhdIdentity *identity,
                   GError **error)
{
  libvhdi_error_t *vhdi_error = NULL;
  int result;

  if (libvhdi_file_get_identifier (file, identity->identifier, sizeof identity->identifier,
                                   &vhdi_error) != 1)
    return set_vhdi_error (error, local_path, vhdi_error);
  result = libvhdi_file_get_parent_identifier (file, identity->parent_identifier,
                                               sizeof identity->parent_identifier, &vhdi_error);
  if (result < 0)
    return set_vhdi_error (error, local_path, vhdi_error);
  identity->has_parent_identifier = result == 1;
  return TRUE;
}

/* Opens @local_path with libvhdi into @ret_file; @fd is the same file, open for reading, and
 * tells a 511-byte footer (which libvhdi refuses) from other damage. */
static gboolean
vhd_open_libvhdi (const char *local_path, int fd, guint64 file_size_bytes,
                  libvhdi_file_t **ret_file, GError **error)
{
  g_autoptr (libvhdi_file_t) file = NULL;
  libvhdi_error_t *vhdi_error = NULL;

  if (libvhdi_file_initialize (&file, &vhdi_error) != 1)
    return set_vhdi_error (error, local_path, vhdi_error);
  if (libvhdi_file_open (file, local_path, LIBVHDI_OPEN_READ, &vhdi_error) != 1)
    {
      if (vhd_has_511_byte_footer (fd, file_size_bytes))
        {
          libvhdi_error_free (&vhdi_error);
          g_set_error (error, HVP_ERROR, HVP_ERROR_UNSUPPORTED,
                       "cannot read VHD footer of '%s': it is 511 bytes (written before Virtual "
                       "PC 2004), which libvhdi does not read",
                       local_path);
          return FALSE;
        }
      return set_vhdi_error (error, local_path, vhdi_error);
    }
  *ret_file = g_steal_pointer (&file);
  return TRUE;
}

/* Reads the format (VHD or VHDX), the disk type and the virtual size of the open @file. */
static gboolean
vhd_read_kind (libvhdi_file_t *file, const char *local_path, HvpDiskFormat *ret_format,
               HvpDiskType *ret_type, guint64 *ret_virtual_size_bytes, GError **error)
{
  libvhdi_error_t *vhdi_error = NULL;
  int file_type = LIBVHDI_FILE_TYPE_UNKNOWN;
  uint32_t disk_type = 0;
  size64_t media_size = 0;

  if (libvhdi_file_get_file_type (file, &file_type, &vhdi_error) != 1
      || libvhdi_file_get_disk_type (file, &disk_type, &vhdi_error) != 1
      || libvhdi_file_get_media_size (file, &media_size, &vhdi_error) != 1)
    return set_vhdi_error (error, local_path, vhdi_error);
  switch (file_type)
    {
    case LIBVHDI_FILE_TYPE_VHD:
      *ret_format = HVP_DISK_FORMAT_VHD;
      break;
    case LIBVHDI_FILE_TYPE_VHDX:
      *ret_format = HVP_DISK_FORMAT_VHDX;
      break;
    default:
      g_set_error (error, HVP_ERROR, HVP_ERROR_UNSUPPORTED,
                   "cannot read virtual hard disk '%s': libvhdi file type %d is neither VHD "
                   "nor VHDX",
                   local_path, file_type);
      return FALSE;
    }
  switch (disk_type)
    {
    case LIBVHDI_DISK_TYPE_FIXED:
      *ret_type = HVP_DISK_TYPE_FIXED;
      break;
    case LIBVHDI_DISK_TYPE_DYNAMIC:
      *ret_type = HVP_DISK_TYPE_DYNAMIC;
      break;
    case LIBVHDI_DISK_TYPE_DIFFERENTIAL:
      *ret_type = HVP_DISK_TYPE_DIFFERENCING;
      break;
    default:
      g_set_error (error, HVP_ERROR, HVP_ERROR_UNSUPPORTED,
                   "cannot read virtual hard disk '%s': disk type %u is not fixed (2), "
                   "dynamic (3) or differencing (4)",
                   local_path, (guint) disk_type);
      return FALSE;
    }
  *ret_virtual_size_bytes = (guint64) media_size;
  return TRUE;
}

/* Judges what was read: a fixed VHD holds its whole size, sizes fit an inventory (2^53 - 1
 * bytes), a differencing disk names its parent. */
static gboolean
vhd_check_read (const char *local_path, const HvpDisk *found, GError **error)
{
  if (found->format == HVP_DISK_FORMAT_VHD && found->type == HVP_DISK_TYPE_FIXED
      && found->virtual_size_bytes > found->file_size_bytes - VHD_FOOTER_BYTES)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "cannot read fixed VHD '%s': file is %" G_GUINT64_FORMAT
                   " bytes, its size needs %" G_GUINT64_FORMAT " plus a 512-byte footer",
                   local_path, found->file_size_bytes, found->virtual_size_bytes);
      return FALSE;
    }
  if (found->virtual_size_bytes > HVP_BYTES_MAX || found->file_size_bytes > HVP_BYTES_MAX)
    {
      gboolean virtual_size = found->virtual_size_bytes > HVP_BYTES_MAX;

      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "cannot read virtual hard disk '%s': its %s of %" G_GUINT64_FORMAT
                   " bytes is above 2^53 - 1 (8 PiB); no VHD or VHDX is that large",
                   local_path, virtual_size ? "virtual size" : "file size",
                   virtual_size ? found->virtual_size_bytes : found->file_size_bytes);
      return FALSE;
    }
  if (found->type == HVP_DISK_TYPE_DIFFERENCING && found->parent_path == NULL)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "cannot read differencing disk '%s': it records no parent file name",
                   local_path);
      return FALSE;
    }
  return TRUE;
}

/* Reads the open @file (also open as @fd) into @found and @identity: its kind and size, its
 * identity and parent, and for a VHDX its region table and log. */
static gboolean
vhd_read_open (libvhdi_file_t *file, int fd, const char *local_path, HvpDisk *found,
               VhdIdentity *identity, GError **error)
{
  if (!vhd_read_kind (file, local_path, &found->format, &found->type, &found->virtual_size_bytes,
                      error))
    return FALSE;
  if (!vhd_read_identity (file, local_path, identity, error)
      || !vhd_read_parent_filename (file, local_path, &found->parent_path, error))
    return FALSE;
  if (found->format == HVP_DISK_FORMAT_VHDX)
    return vhdx_check_regions (fd, local_path, found->file_size_bytes, error)
           && vhdx_read_log_pending (fd, local_path, &identity->log_pending, error);
  return TRUE;
}

/* Reads @local_path into @disk (written only on success) and @ret_identity: open, read, close,
 * judge, fill. */
static gboolean
vhd_read_full (const char *local_path, HvpDisk *disk, VhdIdentity *ret_identity, GError **error)
{
  g_autoptr (libvhdi_file_t) file = NULL;
  g_autoptr (HvpDisk) found = hvp_disk_new (local_path);
  VhdIdentity identity = { 0 };
  int fd = -1;
  gboolean ok;

  if (!vhd_open_local (local_path, &fd, &found->file_size_bytes, error))
    return FALSE;
  ok = vhd_open_libvhdi (local_path, fd, found->file_size_bytes, &file, error)
       && vhd_read_open (file, fd, local_path, found, &identity, error);
  close (fd);
  if (!ok || !vhd_check_read (local_path, found, error))
    return FALSE;
  if (found->type != HVP_DISK_TYPE_DIFFERENCING)
    g_clear_pointer (&found->parent_path, g_free);

  disk->format = found->format;
  disk->type = found->type;
  disk->virtual_size_bytes = found->virtual_size_bytes;
  disk->file_size_bytes = found->file_size_bytes;
  g_free (disk->parent_path);
  disk->parent_path = g_steal_pointer (&found->parent_path);
  disk->readable = TRUE;
  if (ret_identity != NULL)
    *ret_identity = identity;
  return TRUE;
}

static gboolean
vhd_read (const char *local_path, HvpDisk *disk, GError **error)
{
  g_return_val_if_fail (local_path != NULL, FALSE);
  g_return_val_if_fail (disk != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return vhd_read_full (local_path, disk, NULL, error);
}

/**
 * hvp_vhd_read:
 * @local_path: a VHD, VHDX, AVHD or AVHDX file on this machine
 * @disk: the disk to fill
 * @error: return location for a #GError, or %NULL
 *
 * Reads the headers of one virtual hard disk file through libvhdi: VHD Image Format
 * Specification 1.0, "Hard Disk Footer Format" (Current Size, Disk Type) and "Dynamic Disk Header
 * Format" (Parent Unicode Name); [MS-VHDX] 2.2 (headers, region table) and 2.6 (Virtual Disk
 * Size, File Parameters, Parent Locator).  On success sets @disk's `format`, `type`,
 * `virtual_size_bytes` (bytes the guest sees), `file_size_bytes` (st_size now), `parent_path`
 * and `readable`; `path`, `local_path` and `parent` are left alone.  On failure @disk is not
 * changed.
 *
 * `parent_path` is the parent file name exactly as the child records it: for a VHD the Parent
 * Unicode Name of the dynamic disk header (Windows writes the absolute path there,
 * `C:\Projects\dfvfs\test_data\fat-parent.vhd`; qemu-made files a bare name); for a VHDX the
 * `absolute_win32_path` parent locator entry (libvhdi 20210425 gives that one and no other).
 * %NULL unless the disk is differencing.
 *
 * A VHDX whose log was not replayed is read as it stands (libvhdi ignores the log); only
 * hvp_vhd_resolve_host() can say so, as an inventory warning.
 *
 * Error messages are one line (hvp_error_one_line()): input they quote is escaped.
 *
 * Returns: %TRUE when @disk was filled.  Sets %HVP_ERROR_OPEN when the file cannot be opened or
 * is not a regular file, %HVP_ERROR_DATA when its content is malformed or truncated (libvhdi's
 * own message is appended), %HVP_ERROR_UNSUPPORTED for a 511-byte VHD footer or an unknown disk
 * type.
 */
gboolean
hvp_vhd_read (const char *local_path, HvpDisk *disk, GError **error)
{
  gboolean result = vhd_read (local_path, disk, error);

  if (!result && error != NULL)
    hvp_error_one_line (*error);
  return result;
}

/* Path helpers.  A recorded name is relative unless it starts with '/', '\' or a drive letter;
 * Hyper-V writes relative locators with Windows separators (".\x.vhd", "..\base\x.vhd"). */
static gboolean
path_is_relative (const char *path)
{
  return !(path[0] == '/' || path[0] == '\\' || (g_ascii_isalpha (path[0]) && path[1] == ':'));
}

static char *
path_to_local (const char *path)
{
  char *local = g_strdup (path);

  g_strdelimit (local, "\\", '/');
  return local;
}

/* "C:\VMs\a\..\b\.\x.vhd" → "C:\VMs\b\x.vhd": joins a relative Windows name to a Windows folder
 * and removes "." and ".." the way Windows does, so a parent has one identity. */
static char *
windows_join (const char *folder, const char *relative)
{
  g_autofree char *joined = g_strconcat (folder, "\\", relative, NULL);
  g_auto (GStrv) parts = NULL;
  g_autoptr (GPtrArray) kept = g_ptr_array_new ();

  g_strdelimit (joined, "/", '\\');
  parts = g_strsplit (joined, "\\", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (i > 0 && (parts[i][0] == '\0' || strcmp (parts[i], ".") == 0))
        continue;
      if (strcmp (parts[i], "..") == 0)
        {
          if (kept->len > 1)
            g_ptr_array_remove_index (kept, kept->len - 1);
          continue;
        }
      g_ptr_array_add (kept, parts[i]);
    }
  g_ptr_array_add (kept, NULL);
  return g_strjoinv ("\\", (char **) kept->pdata);
}

static char *
windows_dirname (const char *path)
{
  const char *slash = strrchr (path, '\\');
  const char *forward = strrchr (path, '/');

  if (forward != NULL && (slash == NULL || forward > slash))
    slash = forward;
  return slash != NULL ? g_strndup (path, (gsize) (slash - path)) : g_strdup (".");
}

/* Something other than a folder is there: a regular file, or a FIFO or device that
 * vhd_open_local() then refuses as "not a regular file" rather than "not found". */
static gboolean
file_exists (const char *path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_test (path, G_FILE_TEST_IS_DIR);
}

/* g_canonicalize_filename() of @path in @folder, which may itself be relative (a data root given
 * as a relative path): GLib wants an absolute base. */
static char *
canonicalize_in (const char *path, const char *folder)
{
  g_autofree char *absolute_folder = g_canonicalize_filename (folder, NULL);

  return g_canonicalize_filename (path, absolute_folder);
}

static char *
find_in_dirs (const char *basename, const char *const *dirs)
{
  for (gsize i = 0; dirs != NULL && dirs[i] != NULL; i++)
    {
      g_autofree char *candidate = g_build_filename (dirs[i], basename, NULL);

      if (file_exists (candidate))
        return g_steal_pointer (&candidate);
    }
  return NULL;
}

/* Where the file a source recorded as @recorded_path lives here: the path map, the path itself
 * when it is a local absolute path, its base name in @search_dirs. */
static char *
locate_disk (const char *recorded_path, const char *const *search_dirs,
             const HvpCollectOptions *options)
{
  g_autofree char *mapped = hvp_path_map_apply (options, recorded_path);
  g_autofree char *basename = NULL;

  if (mapped != NULL && file_exists (mapped))
    return g_steal_pointer (&mapped);
  if (!hvp_path_is_windows (recorded_path) && g_path_is_absolute (recorded_path)
      && file_exists (recorded_path))
    return g_strdup (recorded_path);
  if (!hvp_path_is_windows (recorded_path))
    return NULL;
  basename = hvp_path_windows_basename (recorded_path);
  if (basename == NULL || basename[0] == '\0')
    return NULL;
  return find_in_dirs (basename, search_dirs);
}

/* The parent's identity in the host's disk table: the recorded name when it is absolute,
 * otherwise the name joined to the child's folder (Windows-joined when the child's own path is a
 * Windows path, so it meets the path a VM configuration records). */
static char *
parent_identity (const HvpDisk *child, const char *recorded)
{
  g_autofree char *folder = NULL;
  g_autofree char *local = NULL;

  if (!path_is_relative (recorded))
    return g_strdup (recorded);
  if (hvp_path_is_windows (child->path))
    {
      folder = windows_dirname (child->path);
      return windows_join (folder, recorded);
    }
  folder = g_path_get_dirname (child->local_path);
  local = path_to_local (recorded);
  return canonicalize_in (local, folder);
}

/* Resolution order for a parent (README.md): the recorded name when relative, joined to the
 * child's folder; the recorded absolute path through the path map; the recorded path itself when
 * it is a local absolute path; the base name in the child's folder; the base name in the search
 * folders.  Tried paths are appended to @tried for the error message. */
static char *
locate_parent (const HvpDisk *child, const char *recorded, const char *const *search_dirs,
               const HvpCollectOptions *options, GString *tried)
{
  g_autofree char *child_folder = g_path_get_dirname (child->local_path);
  g_autofree char *basename = hvp_path_windows_basename (recorded);
  g_autofree char *candidate = NULL;

  if (path_is_relative (recorded))
    {
      g_autofree char *local = path_to_local (recorded);

      candidate = canonicalize_in (local, child_folder);
      g_string_append_printf (tried, "%s'%s'", tried->len > 0 ? ", " : "", candidate);
      if (file_exists (candidate))
        return g_steal_pointer (&candidate);
      g_clear_pointer (&candidate, g_free);
    }
  else
    {
      candidate = hvp_path_map_apply (options, recorded);
      if (candidate != NULL)
        {
          g_string_append_printf (tried, "%s'%s'", tried->len > 0 ? ", " : "", candidate);
          if (file_exists (candidate))
            return g_steal_pointer (&candidate);
          g_clear_pointer (&candidate, g_free);
        }
      if (g_path_is_absolute (recorded) && !hvp_path_is_windows (recorded))
        {
          g_string_append_printf (tried, "%s'%s'", tried->len > 0 ? ", " : "", recorded);
          if (file_exists (recorded))
            return g_strdup (recorded);
        }
    }
  if (basename == NULL || basename[0] == '\0')
    return NULL;
  candidate = g_build_filename (child_folder, basename, NULL);
  g_string_append_printf (tried, "%s'%s'", tried->len > 0 ? ", " : "", candidate);
  if (file_exists (candidate))
    return g_steal_pointer (&candidate);
  for (gsize i = 0; search_dirs != NULL && search_dirs[i] != NULL; i++)
    g_string_append_printf (tried, ", '%s'", search_dirs[i]);
  return find_in_dirs (basename, search_dirs);
}

static char *
guid_to_string (const guint8 *guid)
{
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          guid[0], guid[1], guid[2], guid[3], guid[4], guid[5], guid[6], guid[7],
                          guid[8], guid[9], guid[10], guid[11], guid[12], guid[13], guid[14],
                          guid[15]);
}

/* State of one hvp_vhd_resolve_host() call. */
typedef struct {
  HvpHost *host;
  const char *const *search_dirs;
  const HvpCollectOptions *options;
  HvpInventory *inventory;
  GHashTable *identities; /* HvpDisk* → VhdIdentity*, for disks read by this call */
} VhdResolver;

static gboolean
resolver_read (VhdResolver *resolver, HvpDisk *disk, const char *local_path, GError **error)
{
  g_autofree VhdIdentity *identity = g_new0 (VhdIdentity, 1);

  if (!vhd_read_full (local_path, disk, identity, error))
    return FALSE;
  g_free (disk->local_path);
  disk->local_path = g_strdup (local_path);
  if (identity->log_pending)
    hvp_inventory_add_warning (resolver->inventory, disk->path, NULL,
                               "VHDX '%s' has a log that was not replayed: its size is read as "
                               "it was before the log (Hyper-V replays the log when it next "
                               "opens the disk)",
                               local_path);
  g_hash_table_replace (resolver->identities, disk, g_steal_pointer (&identity));
  return TRUE;
}

static const VhdIdentity *
resolver_identity (VhdResolver *resolver, HvpDisk *disk)
{
  VhdIdentity *identity = g_hash_table_lookup (resolver->identities, disk);
  g_autoptr (HvpDisk) scratch = NULL;

  if (identity != NULL || disk->local_path == NULL)
    return identity;
  /* Read by an earlier call: read its identifiers again, quietly. */
  identity = g_new0 (VhdIdentity, 1);
  scratch = hvp_disk_new (disk->path);
  if (!vhd_read_full (disk->local_path, scratch, identity, NULL))
    {
      g_free (identity);
      return NULL;
    }
  g_hash_table_replace (resolver->identities, disk, identity);
  return identity;
}

/* [MS-VHDX] 2.6.2.6: a child's parent_linkage must equal the parent's DataWriteGuid; VHD
 * Dynamic Disk Header: Parent Unique ID must equal the parent footer's Unique Id. */
static void
resolver_check_identity (VhdResolver *resolver, HvpDisk *child, HvpDisk *parent)
{
  const VhdIdentity *child_ids = resolver_identity (resolver, child);
  const VhdIdentity *parent_ids = resolver_identity (resolver, parent);
  g_autofree char *expected = NULL;
  g_autofree char *found = NULL;

  if (child_ids == NULL || parent_ids == NULL || !child_ids->has_parent_identifier)
    return;
  if (memcmp (child_ids->parent_identifier, parent_ids->identifier, 16) == 0)
    return;
  expected = guid_to_string (child_ids->parent_identifier);
  found = guid_to_string (parent_ids->identifier);
  hvp_inventory_add_warning (resolver->inventory, child->path, NULL,
                             "parent '%s' of differencing disk '%s' has identifier %s, but the "
                             "child records %s: the parent was changed or replaced after the "
                             "child was made, so the chain is broken",
                             parent->path, child->path, found, expected);
}

static gboolean
chain_error_too_long (const HvpDisk *leaf, GError **error)
{
  g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
               "differencing chain of '%s' is longer than %u disks", leaf->path,
               VHD_CHAIN_MAX_DEPTH);
  return FALSE;
}

static gboolean
chain_error_loop (const HvpDisk *leaf, const HvpDisk *disk, GError **error)
{
  g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
               "differencing chain of '%s' loops back to '%s'", leaf->path, disk->path);
  return FALSE;
}

/* One step of resolver_walk_chain(): finds, reads and links @child's parent (@depth counts the
 * steps from @leaf; @visited holds the disks of the chain so far).  *@ret_parent is the parent,
 * or NULL when the chain ends here (no parent recorded, or the child was not read here). */
static gboolean
resolver_link_parent (VhdResolver *resolver, const HvpDisk *leaf, HvpDisk *child,
                      GHashTable *visited, guint *depth, HvpDisk **ret_parent, GError **error)
{
  g_autofree char *recorded = g_strdup (child->parent_path);
  g_autofree char *identity = NULL;
  g_autofree char *local_path = NULL;
  g_autoptr (GString) tried = g_string_new (NULL);
  HvpDisk *parent;

  if (recorded == NULL || child->local_path == NULL)
    {
      *ret_parent = NULL;
      return TRUE;
    }
  if (++*depth > VHD_CHAIN_MAX_DEPTH)
    return chain_error_too_long (leaf, error);
  identity = parent_identity (child, recorded);
  if (!hvp_path_map_check (resolver->options, recorded, error)
      || !hvp_path_map_check (resolver->options, identity, error))
    {
      g_prefix_error (error, "parent of differencing disk '%s': ", child->path);
      return FALSE;
    }
  parent = hvp_host_find_disk (resolver->host, identity);
  if (parent != NULL && g_hash_table_contains (visited, parent))
    return chain_error_loop (leaf, parent, error);
  if (parent == NULL || !parent->readable)
    {
      local_path = locate_parent (child, recorded, resolver->search_dirs, resolver->options,
                                  tried);
      if (local_path == NULL)
        {
          g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                       "parent '%s' of differencing disk '%s' not found (tried %s; use "
                       "--path-map)",
                       recorded, child->path, tried->str);
          return FALSE;
        }
    }
  if (local_path != NULL && !g_file_test (local_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "parent '%s' of differencing disk '%s': '%s' is not a regular file", recorded,
                   child->path, local_path);
      return FALSE;
    }
  if (parent == NULL)
    parent = hvp_host_add_disk (resolver->host, hvp_disk_new (identity));
  if (!parent->readable && !resolver_read (resolver, parent, local_path, error))
    {
      g_prefix_error (error, "parent of differencing disk '%s': ", child->path);
      return FALSE;
    }
  g_free (child->parent_path);
  child->parent_path = g_strdup (parent->path);
  child->parent = parent;
  resolver_check_identity (resolver, child, parent);
  *ret_parent = parent;
  return TRUE;
}

/* The rest of @leaf's chain above @child was linked before: checks it does not lead back into
 * @visited and keeps within the depth limit (@depth steps so far). */
static gboolean
chain_check_linked (const HvpDisk *leaf, const HvpDisk *child, GHashTable *visited, guint depth,
                    GError **error)
{
  for (HvpDisk *ancestor = child->parent; ancestor != NULL; ancestor = ancestor->parent)
    {
      if (g_hash_table_contains (visited, ancestor))
        return chain_error_loop (leaf, ancestor, error);
      if (++depth > VHD_CHAIN_MAX_DEPTH)
        return chain_error_too_long (leaf, error);
      g_hash_table_add (visited, ancestor);
    }
  return TRUE;
}

/* Follows @leaf's chain to its base, reading and adding each parent. */
static gboolean
resolver_walk_chain (VhdResolver *resolver, HvpDisk *leaf, GError **error)
{
  g_autoptr (GHashTable) visited = g_hash_table_new (NULL, NULL);
  HvpDisk *child = leaf;
  guint depth = 0;

  g_hash_table_add (visited, leaf);
  while (child->readable && child->type == HVP_DISK_TYPE_DIFFERENCING && child->parent == NULL)
    {
      HvpDisk *parent = NULL;

      if (!resolver_link_parent (resolver, leaf, child, visited, &depth, &parent, error))
        return FALSE;
      if (parent == NULL)
        return TRUE;
      g_hash_table_add (visited, parent);
      child = parent;
    }
  if (child->readable && child->type == HVP_DISK_TYPE_DIFFERENCING && child->parent != NULL)
    return chain_check_linked (leaf, child, visited, depth, error);
  return TRUE;
}

static gboolean
vhd_resolve_host (HvpHost *host, const char *const *search_dirs,
                  const HvpCollectOptions *options, HvpInventory *inventory, GError **error)
{
  g_autoptr (GHashTable) identities = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr (GPtrArray) not_found = g_ptr_array_new ();
  VhdResolver resolver = { host, search_dirs, options, inventory, identities };

  g_return_val_if_fail (host != NULL, FALSE);
  g_return_val_if_fail (inventory != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* By index: parents are appended while the loop runs, and are then skipped as readable. */
  for (guint i = 0; i < host->disks->len; i++)
    {
      HvpDisk *disk = g_ptr_array_index (host->disks, i);

      hvp_collect_options_report_progress (options, "virtual hard disks", i + 1,
                                           host->disks->len);
      if (disk->format == HVP_DISK_FORMAT_RAW || disk->format == HVP_DISK_FORMAT_QCOW2)
        continue;
      if (!disk->readable)
        {
          g_autofree char *local_path = NULL;

          if (!hvp_path_map_check (options, disk->path, error))
            return FALSE;
          local_path = locate_disk (disk->path, search_dirs, options);
          if (local_path == NULL)
            {
              /* A later chain may still find it as a parent: warn at the end. */
              g_ptr_array_add (not_found, disk);
              continue;
            }
          if (!g_file_test (local_path, G_FILE_TEST_IS_REGULAR))
            {
              /* A FIFO or device named as a disk: not read (opening a FIFO waits). */
              hvp_inventory_add_warning (inventory, disk->path, NULL,
                                         "virtual hard disk '%s' is not a regular file here "
                                         "('%s'): not read, sizes unknown",
                                         disk->path, local_path);
              continue;
            }
          if (!resolver_read (&resolver, disk, local_path, error))
            {
              if (strcmp (local_path, disk->path) != 0)
                g_prefix_error (error, "virtual hard disk '%s': ", disk->path);
              return FALSE;
            }
        }
      if (!resolver_walk_chain (&resolver, disk, error))
        return FALSE;
    }
  for (guint i = 0; i < not_found->len; i++)
    {
      const HvpDisk *disk = g_ptr_array_index (not_found, i);

      if (!disk->readable)
        hvp_inventory_add_warning (inventory, disk->path, NULL,
                                   "virtual hard disk '%s' not found on this machine: sizes "
                                   "unknown (use --path-map)",
                                   disk->path);
    }
  return TRUE;
}

/**
 * hvp_vhd_resolve_host:
 * @host: a host whose `disks` were recorded by a collector
 * @search_dirs: (nullable) (array zero-terminated=1): local folders to look in for a Windows path's
 *   base name, tried in order
 * @options: (nullable): collect options; their path maps are tried first
 * @inventory: where warnings go
 * @error: return location for a #GError, or %NULL
 *
 * Reads every VHD/VHDX disk of @host that is not yet `readable` (disks whose format is raw or
 * qcow2 are left alone), and follows each differencing chain to its base, adding parents to the
 * host through hvp_host_add_disk() (a parent shared by two chains is one disk) and setting each
 * child's `parent` and `parent_path` (the parent's identity: the recorded absolute path, or the
 * recorded relative name joined to the child's folder).
 *
 * A disk is looked for through the path maps, then as a local absolute path, then by its Windows
 * base name in @search_dirs.  One that is not found becomes an inventory warning and keeps sizes
 * of 0.  A parent is looked for as described in README.md ("Resolution order").  A parent whose
 * identifier differs from the one its child records ([MS-VHDX] 2.6.2.6 parent_linkage; VHD
 * Parent Unique ID) and a VHDX with a log that was not replayed become warnings.
 *
 * Error messages are one line (hvp_error_one_line()): input they quote is escaped.
 *
 * Returns: %TRUE on success.  Sets %HVP_ERROR_DATA when a parent is missing, a chain loops or is
 * longer than 256 disks, and passes on hvp_vhd_read()'s errors (%HVP_ERROR_OPEN,
 * %HVP_ERROR_DATA, %HVP_ERROR_UNSUPPORTED), prefixed with the disk they concern.
 */
gboolean
hvp_vhd_resolve_host (HvpHost *host, const char *const *search_dirs,
                      const HvpCollectOptions *options, HvpInventory *inventory, GError **error)
{
  gboolean result = vhd_resolve_host (host, search_dirs, options, inventory, error);

  if (!result && error != NULL)
    hvp_error_one_line (*error);
  return result;
}
