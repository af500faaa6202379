/* Tests for collectors/vhd: real VHD/VHDX files written by Windows, files made here with qemu-img,
 * and differencing chains built around the real dfvfs fat-differential.vhd (Windows diskpart).
 *
 * Oracles: the `.qemu-img.json` (qemu-img 7.2 `info --output=json`) and `.header.json` files
 * beside each sample (t/data/vhd/, ../shared/samples/vhd/), `qemu-img info` on files made here,
 * and the values quoted from the samples' SOURCES.md.
 *
 * Synthetic fixtures are made in a temporary folder by the helpers below, never stored:
 * - vhd_set_unique_id(): rewrites the Unique Id of a VHD footer (offset 68, 16 bytes) and its
 *   Checksum (offset 64: one's complement of the byte sum of the 512-byte footer with the field
 *   zeroed; VHD Image Format Specification 1.0, Hard Disk Footer Format; formats.md 5.1).
 * - vhd_set_parent_name(): rewrites the Parent Unicode Name (offset 64 of the Dynamic Disk Header,
 *   512 bytes UTF-16 big-endian) and the header's Checksum (offset 36, same rule over 1024 bytes).
 *   libvhdi reports this name, not the parent locators, as a VHD's parent file name. */
#define _GNU_SOURCE /* SEEK_DATA, SEEK_HOLE */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "unit.h"
#include "collectors/vhd/vhd.h"
#include "models/error.h"
#include "models/json.h" /* cJSON and its autoptr cleanup */

#define FAT_PARENT_RECORDED "C:\\Projects\\dfvfs\\test_data\\fat-parent.vhd"
#define FAT_PARENT_FOLDER "C:\\Projects\\dfvfs\\test_data"
#define FAT_PARENT_UNIQUE_ID "5fa21a55-f394-aa4d-9958-1951a67d5540"

/* ---- helpers -------------------------------------------------------------------------------- */

static char *
data_path (const char *relative)
{
  const char *data = g_getenv ("HVP_DATA");

  g_assert_nonnull (data);
  return g_build_filename (data, "vhd", relative, NULL);
}

/* A file from ../shared/samples/vhd, or NULL (the test is then skipped). */
static char *
samples_path (const char *relative)
{
  const char *samples = g_getenv ("HVP_SAMPLES");
  g_autofree char *path = NULL;

  if (samples == NULL)
    return NULL;
  path = g_build_filename (samples, "vhd", relative, NULL);
  return g_file_test (path, G_FILE_TEST_EXISTS) ? g_steal_pointer (&path) : NULL;
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      chmod (path, 0700);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
    }
  g_remove (path);
}

/* A temporary folder, removed by tmp_free(). */
typedef struct {
  char *path;
} Tmp;

static Tmp *
tmp_new (void)
{
  g_autoptr (GError) error = NULL;
  Tmp *tmp = g_new0 (Tmp, 1);

  tmp->path = g_dir_make_tmp ("hvp-vhd-XXXXXX", &error);
  g_assert_no_error (error);
  return tmp;
}

static void
tmp_free (Tmp *tmp)
{
  remove_tree (tmp->path);
  g_free (tmp->path);
  g_free (tmp);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Tmp, tmp_free)

static char *
tmp_file (const Tmp *tmp, const char *name)
{
  return g_build_filename (tmp->path, name, NULL);
}

static char *
tmp_subdir (const Tmp *tmp, const char *name)
{
  char *path = tmp_file (tmp, name);

  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  return path;
}

static void
run (const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
}

static void copy_file (const char *from, const char *to);

/* Decompresses @compressed (.xz, .bz2, .gz, by its name) into @output with xz/bzip2/gzip. */
static void
decompress (const char *compressed, const char *output)
{
  const char *tool = g_str_has_suffix (compressed, ".xz")    ? "xz"
                     : g_str_has_suffix (compressed, ".bz2") ? "bzip2"
                                                             : "gzip";
  const char *argv[] = { "sh", "-c", "\"$1\" -dc \"$2\" > \"$3\"", "sh", tool, compressed, output,
                         NULL };

  g_assert_true (g_str_has_suffix (compressed, ".xz") || g_str_has_suffix (compressed, ".bz2")
                 || g_str_has_suffix (compressed, ".gz"));
  run (argv);
}

/* Each compressed file decompressed once for the whole program (the chain tests unpack the same
 * VHD again and again; the VHDX samples are 36 MiB, mostly zeros): the cache's file is copied,
 * sparse, to each test's folder.  Removed after the last test (hvp_test_add_cleanup()). */
static Tmp *unpack_cache;

/* Decompresses @compressed into @output: from the build's unpacked copy when there is one
 * (HVP_VHD_UNPACKED, made by t/unit/unpack-fixtures.sh under the same key), else through the
 * cache. */
static void
free_unpack_cache (gpointer unused)
{
  (void) unused;
  g_clear_pointer (&unpack_cache, tmp_free);
}

/* The cache's folder, made on first use. */
static const Tmp *
unpack_cache_get (void)
{
  if (unpack_cache == NULL)
    {
      unpack_cache = tmp_new ();
      hvp_test_add_cleanup (free_unpack_cache, NULL);
    }
  return unpack_cache;
}

static void
unpack (const char *compressed, const char *output)
{
  g_autofree char *key = g_compute_checksum_for_string (G_CHECKSUM_SHA256, compressed, -1);
  const char *unpacked = g_getenv ("HVP_VHD_UNPACKED");
  g_autofree char *cached = NULL;

  if (unpacked != NULL)
    {
      g_autofree char *built = g_build_filename (unpacked, key, NULL);

      if (g_file_test (built, G_FILE_TEST_IS_REGULAR))
        {
          copy_file (built, output);
          return;
        }
    }
  cached = tmp_file (unpack_cache_get (), key);
  if (!g_file_test (cached, G_FILE_TEST_EXISTS))
    decompress (compressed, cached);
  copy_file (cached, output);
}

/* Unpacks t/data/vhd/@relative (compressed) into @tmp as @name; returns the path. */
static char *
unpack_data (const Tmp *tmp, const char *relative, const char *name)
{
  g_autofree char *compressed = data_path (relative);
  char *output = tmp_file (tmp, name);

  unpack (compressed, output);
  return output;
}

static cJSON *
load_json (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  cJSON *json;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  json = cJSON_ParseWithOpts (text, NULL, TRUE);
  g_assert_nonnull (json);
  return json;
}

/* A number in a JSON file: @first, or @first.@second.  Sizes here are below 2^53. */
static guint64
json_uint (const char *path, const char *first, const char *second)
{
  g_autoptr (cJSON) json = load_json (path);
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (json, first);

  if (second != NULL)
    item = cJSON_GetObjectItemCaseSensitive (item, second);
  g_assert_true (cJSON_IsNumber (item));
  g_assert_cmpfloat (item->valuedouble, >=, 0);
  return (guint64) item->valuedouble;
}

/* A string in a JSON file, found by a NULL-terminated list of keys. */
static char *
json_string (const char *path, ...)
{
  g_autoptr (cJSON) json = load_json (path);
  const cJSON *item = json;
  const char *key;
  va_list keys;

  va_start (keys, path);
  while ((key = va_arg (keys, const char *)) != NULL)
    item = cJSON_GetObjectItemCaseSensitive (item, key);
  va_end (keys);
  g_assert_true (cJSON_IsString (item));
  return g_strdup (item->valuestring);
}

static guint64
file_size (const char *path)
{
  GStatBuf info;

  g_assert_cmpint (g_stat (path, &info), ==, 0);
  return (guint64) info.st_size;
}

static GBytes *
read_all (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* Writes @length bytes, leaving 4 KiB runs of zeros as holes, so hundreds of copies of a 2 MiB
 * mostly empty VHD cost little disk. */
static void
write_sparse (const char *path, const guint8 *data, gsize length)
{
  static const guint8 zeros[4096] = { 0 };
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

  g_assert_cmpint (fd, >=, 0);
  for (gsize offset = 0; offset < length; offset += sizeof zeros)
    {
      gsize chunk = MIN (sizeof zeros, length - offset);

      if (memcmp (data + offset, zeros, chunk) == 0)
        continue;
      g_assert_cmpint (pwrite (fd, data + offset, chunk, (off_t) offset), ==, (gssize) chunk);
    }
  g_assert_cmpint (ftruncate (fd, (off_t) length), ==, 0);
  g_assert_cmpint (close (fd), ==, 0);
}

static void
write_bytes (const char *path, const void *data, gsize length)
{
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, data, (gssize) length, &error);
  g_assert_no_error (error);
}

/* Copies @from to @to, leaving holes and runs of zeros as holes (write_sparse() without holding
 * the file: the VHDX samples are 36 MiB). */
static void
copy_file (const char *from, const char *to)
{
  static const guint8 zeros[65536] = { 0 };
  guint8 block[65536];
  int in = g_open (from, O_RDONLY, 0);
  int out = g_open (to, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  off_t end, data = 0;

  g_assert_cmpint (in, >=, 0);
  g_assert_cmpint (out, >=, 0);
  end = lseek (in, 0, SEEK_END);
  g_assert_cmpint (end, >=, 0);
  /* Only the data extents are read (the VHDX samples are 36 MiB, mostly holes); ENXIO ends. */
  while (data < end && (data = lseek (in, data, SEEK_DATA)) >= 0)
    {
      off_t hole = lseek (in, data, SEEK_HOLE);

      g_assert_cmpint (hole, >, data);
      for (off_t offset = data; offset < hole;)
        {
          gsize want = (gsize) MIN ((off_t) sizeof block, hole - offset);
          gssize got = pread (in, block, want, offset);

          g_assert_cmpint (got, >, 0);
          if (memcmp (block, zeros, (gsize) got) != 0)
            g_assert_cmpint (pwrite (out, block, (gsize) got, offset), ==, got);
          offset += got;
        }
      data = hole;
    }
  g_assert_cmpint (ftruncate (out, end), ==, 0);
  g_assert_cmpint (close (in), ==, 0);
  g_assert_cmpint (close (out), ==, 0);
}

static guint32
be32 (const guint8 *data)
{
  return (guint32) data[0] << 24 | (guint32) data[1] << 16 | (guint32) data[2] << 8 | data[3];
}

static void
put_be32 (guint8 *data, guint32 value)
{
  data[0] = (guint8) (value >> 24);
  data[1] = (guint8) (value >> 16);
  data[2] = (guint8) (value >> 8);
  data[3] = (guint8) value;
}

/* VHD checksum: one's complement of the byte sum with the checksum field zeroed. */
static void
vhd_fix_checksum (guint8 *structure, gsize length, gsize checksum_offset)
{
  guint32 sum = 0;

  put_be32 (structure + checksum_offset, 0);
  for (gsize i = 0; i < length; i++)
    sum += structure[i];
  put_be32 (structure + checksum_offset, ~sum);
}

static void
parse_guid (const char *text, guint8 *guid)
{
  gsize n = 0;

  for (const char *p = text; *p != '\0' && n < 16; p++)
    {
      if (*p == '-')
        continue;
      guid[n++] = (guint8) (g_ascii_xdigit_value (p[0]) << 4 | g_ascii_xdigit_value (p[1]));
      p++;
    }
  g_assert_cmpuint (n, ==, 16);
}

/* Rewrites the Unique Id of every footer copy (end, and offset 0 when it holds one). */
static void
vhd_set_unique_id (const char *path, const char *guid_text)
{
  g_autoptr (GBytes) bytes = read_all (path);
  gsize length = 0;
  g_autofree guint8 *data = g_bytes_unref_to_data (g_steal_pointer (&bytes), &length);
  guint8 guid[16];

  parse_guid (guid_text, guid);
  g_assert_cmpuint (length, >=, 512);
  for (int copy = 0; copy < 2; copy++)
    {
      guint8 *footer = copy == 0 ? data + length - 512 : data;

      if (memcmp (footer, "conectix", 8) != 0)
        continue;
      memcpy (footer + 68, guid, sizeof guid);
      vhd_fix_checksum (footer, 512, 64);
    }
  write_sparse (path, data, length);
}

/* Rewrites the Parent Unicode Name of the differencing VHD in @data (@length bytes, in memory). */
static void
vhd_data_set_parent_name (guint8 *data, gsize length, const char *name)
{
  glong units = 0;
  g_autofree gunichar2 *utf16 = g_utf8_to_utf16 (name, -1, NULL, &units, NULL);
  guint8 *header;
  guint32 header_offset;

  g_assert_cmpmem (data, 8, "conectix", 8);
  g_assert_cmpuint (be32 (data + 16), ==, 0); /* Data Offset high half */
  header_offset = be32 (data + 20);
  g_assert_cmpuint (header_offset + 1024, <=, length);
  header = data + header_offset;
  g_assert_cmpmem (header, 8, "cxsparse", 8);
  g_assert_cmpint (units, <=, 256);
  memset (header + 64, 0, 512);
  for (glong i = 0; i < units; i++)
    {
      header[64 + 2 * i] = (guint8) (utf16[i] >> 8);
      header[64 + 2 * i + 1] = (guint8) utf16[i];
    }
  vhd_fix_checksum (header, 1024, 36);
}

/* Rewrites the Parent Unicode Name of a differencing VHD's Dynamic Disk Header. */
static void
vhd_set_parent_name (const char *path, const char *name)
{
  g_autoptr (GBytes) bytes = read_all (path);
  gsize length = 0;
  g_autofree guint8 *data = g_bytes_unref_to_data (g_steal_pointer (&bytes), &length);

  vhd_data_set_parent_name (data, length, name);
  write_sparse (path, data, length);
}

/* The images qemu-img made at build time (t/unit/make-qemu-images.sh): $HVP_VHD_UNPACKED/qemu-img/
 * FORMAT-SUBFORMAT-SIZE, with qemu-img's `info --output=json` of each beside it (.json); NULL when
 * the build had no qemu-img. */
static char *
qemu_img_built (const char *name)
{
  const char *unpacked = g_getenv ("HVP_VHD_UNPACKED");
  g_autofree char *path = NULL;

  if (unpacked == NULL)
    return NULL;
  path = g_build_filename (unpacked, "qemu-img", name, NULL);
  return g_file_test (path, G_FILE_TEST_IS_REGULAR) ? g_steal_pointer (&path) : NULL;
}

static gboolean
have_qemu_img (void)
{
  g_autofree char *built = qemu_img_built ("vpc-fixed-1M");
  g_autofree char *found = NULL;

  if (built != NULL)
    return TRUE;
  found = g_find_program_in_path ("qemu-img");
  return found != NULL;
}

/* The image `qemu-img create -f @format -o subformat=@subformat PATH @size` makes: the one made at
 * build time, else made once for the whole program in the unpack cache (a qemu-img start costs
 * 20 ms of CPU and 100 ms or more of wall time; the chain tests each need the same parent). */
static char *
qemu_img_made (const char *format, const char *subformat, const char *size)
{
  g_autofree char *name = g_strdup_printf ("%s-%s-%s", format, subformat, size);
  g_autofree char *option = g_strdup_printf ("subformat=%s", subformat);
  char *path = qemu_img_built (name);

  if (path != NULL)
    return path;
  path = tmp_file (unpack_cache_get (), name);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      const char *argv[] = { "qemu-img", "create", "-q", "-f", format, "-o", option, path, size,
                             NULL };

      run (argv);
    }
  return path;
}

/* Writes at @path the image qemu_img_made() gives. */
static void
qemu_img_create (const char *format, const char *subformat, const char *path, const char *size)
{
  g_autofree char *made = qemu_img_made (format, subformat, size);

  copy_file (made, path);
}

/* `qemu-img info`'s virtual size of the image qemu_img_made() gives: read from the .json the build
 * wrote beside it, else asked of qemu-img. */
static guint64
qemu_img_virtual_size (const char *format, const char *subformat, const char *size_text)
{
  g_autofree char *made = qemu_img_made (format, subformat, size_text);
  g_autofree char *info = g_strconcat (made, ".json", NULL);
  const char *argv[] = { "qemu-img", "info", "--output=json", "-f", format, made, NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autoptr (cJSON) json = NULL;
  const cJSON *size;
  int status = 0;

  if (g_file_test (info, G_FILE_TEST_IS_REGULAR))
    return json_uint (info, "virtual-size", NULL);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  json = cJSON_ParseWithOpts (out, NULL, TRUE);
  g_assert_nonnull (json);
  size = cJSON_GetObjectItemCaseSensitive (json, "virtual-size");
  g_assert_true (cJSON_IsNumber (size));
  return (guint64) size->valuedouble;
}

/* The 4 MiB fixed parent that dfvfs's fat-differential.vhd expects, made with qemu-img; with
 * @matching, its Unique Id is set to the one the child records (SOURCES.md). */
static void
make_fat_parent (const char *path, gboolean matching)
{
  qemu_img_create ("vpc", "fixed", path, "4M");
  if (matching)
    vhd_set_unique_id (path, FAT_PARENT_UNIQUE_ID);
}

static gboolean
warnings_contain (const HvpInventory *inventory, const char *needle)
{
  for (guint i = 0; i < inventory->warnings->len; i++)
    {
      const HvpWarning *warning = g_ptr_array_index (inventory->warnings, i);

      if (strstr (warning->message, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static HvpCollectOptions *
options_with_map (const char *map)
{
  g_autoptr (HvpCollectOptions) options = hvp_collect_options_new ();
  g_autoptr (GError) error = NULL;

  if (map != NULL)
    {
      hvp_collect_options_add_path_map (options, map, &error);
      g_assert_no_error (error);
    }
  return g_steal_pointer (&options);
}

/* ---- hvp_vhd_read on real files -------------------------------------------------------------- */

typedef struct {
  const char *compressed;  /* under t/data/vhd or ../shared/samples/vhd */
  const char *name;        /* decompressed name */
  const char *size_oracle; /* JSON beside it */
  const char *size_key;    /* "virtual-size" (qemu-img) or "metadata" (header.json) */
  const char *size_subkey;
  HvpDiskFormat format;
  HvpDiskType type;
  guint64 file_size_bytes; /* SOURCES.md "Size here" */
  const char *parent_path; /* as the child records it */
} RealSample;

static void
check_real_sample (const RealSample *sample, const char *compressed, const char *oracle)
{
  g_autoptr (Tmp) tmp = tmp_new ();
  g_autofree char *path = tmp_file (tmp, sample->name);
  g_autoptr (HvpDisk) disk = hvp_disk_new ("C:\\VMs\\disk");
  g_autoptr (GError) error = NULL;
  gboolean ok;

  unpack (compressed, path);
  g_assert_cmpuint (file_size (path), ==, sample->file_size_bytes);
  ok = hvp_vhd_read (path, disk, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_true (disk->readable);
  g_assert_cmpint (disk->format, ==, sample->format);
  g_assert_cmpint (disk->type, ==, sample->type);
  g_assert_cmpuint (disk->virtual_size_bytes, ==,
                    json_uint (oracle, sample->size_key, sample->size_subkey));
  g_assert_cmpuint (disk->file_size_bytes, ==, sample->file_size_bytes);
  g_assert_cmpstr (disk->parent_path, ==, sample->parent_path);
  g_assert_cmpstr (disk->path, ==, "C:\\VMs\\disk");
  g_assert_null (disk->local_path);
}

static void
test_read_real_permissive (void)
{
  static const RealSample samples[] = {
    { "dfvfs/fat-differential.vhd.xz", "fat-differential.vhd",
      "dfvfs/fat-differential.vhd.qemu-img.json", "virtual-size", NULL, HVP_DISK_FORMAT_VHD,
      HVP_DISK_TYPE_DIFFERENCING, 2183168, FAT_PARENT_RECORDED },
    { "coreos-hyperv/config2_base.vhdx.bz2", "config2_base.vhdx",
      "coreos-hyperv/config2_base.vhdx.qemu-img.json", "virtual-size", NULL, HVP_DISK_FORMAT_VHDX,
      HVP_DISK_TYPE_DYNAMIC, 37748736, NULL },
    { "discutils/swap.vhdx.gz", "swap.vhdx", "discutils/swap.vhdx.qemu-img.json", "virtual-size",
      NULL, HVP_DISK_FORMAT_VHDX, HVP_DISK_TYPE_DYNAMIC, 37748736, NULL },
    /* qemu-img refuses these two (bad checksum), so the oracle is the header dump. */
    { "dfvfs/non-microsoft/image.vhd.xz", "image.vhd", "dfvfs/non-microsoft/image.vhd.header.json",
      "current_size", NULL, HVP_DISK_FORMAT_VHD, HVP_DISK_TYPE_DYNAMIC, 2100224, NULL },
    { "dfvfs/non-microsoft/image-differential.vhd.xz", "image-differential.vhd",
      "dfvfs/non-microsoft/image-differential.vhd.header.json", "current_size", NULL,
      HVP_DISK_FORMAT_VHD, HVP_DISK_TYPE_DIFFERENCING, 2100224, "image.vhd" },
    /* The log is not replayed; qemu-img refuses it, the header dump gives the size. */
    { "discutils/vhdx-log-replay.vhdx.gz", "vhdx-log-replay.vhdx",
      "discutils/vhdx-log-replay.vhdx.header.json", "metadata", "virtual_disk_size",
      HVP_DISK_FORMAT_VHDX, HVP_DISK_TYPE_DYNAMIC, 37748736, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *compressed = data_path (samples[i].compressed);
      g_autofree char *oracle = data_path (samples[i].size_oracle);

      g_test_message ("%s", samples[i].compressed);
      check_real_sample (&samples[i], compressed, oracle);
    }
}

/* AGPL (dissect.hypervisor) and GPL (ImHex-Patterns) samples: read in place, never copied. */
static void
test_read_real_samples (void)
{
  static const RealSample samples[] = {
    { "dissect/fixed.vhd.gz", "fixed.vhd", "dissect/fixed.vhd.qemu-img-f-vpc.json",
      "virtual-size", NULL, HVP_DISK_FORMAT_VHD, HVP_DISK_TYPE_FIXED, 10486272, NULL },
    { "dissect/dynamic.vhd.gz", "dynamic.vhd", "dissect/dynamic.vhd.qemu-img.json",
      "virtual-size", NULL, HVP_DISK_FORMAT_VHD, HVP_DISK_TYPE_DYNAMIC, 6311936, NULL },
    { "dissect/fixed.vhdx.gz", "fixed.vhdx", "dissect/fixed.vhdx.qemu-img.json", "virtual-size",
      NULL, HVP_DISK_FORMAT_VHDX, HVP_DISK_TYPE_FIXED, 14680064, NULL },
    { "dissect/dynamic.vhdx.gz", "dynamic.vhdx", "dissect/dynamic.vhdx.qemu-img.json",
      "virtual-size", NULL, HVP_DISK_FORMAT_VHDX, HVP_DISK_TYPE_DYNAMIC, 37748736, NULL },
    { "imhex-patterns/vhd.hexpat.vhd.xz", "vhd.hexpat.vhd",
      "imhex-patterns/vhd.hexpat.vhd.qemu-img-f-vpc.json", "virtual-size", NULL,
      HVP_DISK_FORMAT_VHD, HVP_DISK_TYPE_FIXED, 3146240, NULL },
    /* qemu-img refuses a differencing VHDX; the header dump gives size and locator. */
    { "dissect/differencing.avhdx.gz", "differencing.avhdx",
      "dissect/differencing.avhdx.gz.header.json", "metadata", "virtual_disk_size",
      HVP_DISK_FORMAT_VHDX, HVP_DISK_TYPE_DIFFERENCING, 73400320,
      "C:\\Users\\Public\\Documents\\Hyper-V\\Virtual hard disks\\"
      "Generation 1_49C4BAF3-4B25-4406-8C4B-D39E65C32385.avhdx" },
  };
  g_autofree char *probe = samples_path ("SOURCES.md");

  if (probe == NULL)
    {
      g_test_skip ("HVP_SAMPLES/vhd is not present");
      return;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *compressed = samples_path (samples[i].compressed);
      g_autofree char *oracle = samples_path (samples[i].size_oracle);

      g_test_message ("%s", samples[i].compressed);
      g_assert_nonnull (compressed);
      g_assert_nonnull (oracle);
      check_real_sample (&samples[i], compressed, oracle);
    }
  /* Of the .avhdx parent locator's keys, libvhdi returns absolute_win32_path (not
   * relative_path, not volume_path): the value used above. */
  {
    g_autofree char *oracle = samples_path ("dissect/differencing.avhdx.gz.header.json");
    g_autofree char *absolute = json_string (oracle, "metadata", "parent_locator", "entries",
                                             "absolute_win32_path", NULL);

    g_assert_cmpstr (absolute, ==, samples[G_N_ELEMENTS (samples) - 1].parent_path);
  }
}

/* ---- hvp_vhd_read on files made with qemu-img ------------------------------------------------ */

static void
test_read_qemu_img (void)
{
  static const struct {
    const char *format;
    const char *subformat;
    const char *name;
    HvpDiskFormat disk_format;
    HvpDiskType type;
  } cases[] = {
    { "vpc", "dynamic", "dynamic.vhd", HVP_DISK_FORMAT_VHD, HVP_DISK_TYPE_DYNAMIC },
    { "vpc", "fixed", "fixed.vhd", HVP_DISK_FORMAT_VHD, HVP_DISK_TYPE_FIXED },
    { "vhdx", "dynamic", "dynamic.vhdx", HVP_DISK_FORMAT_VHDX, HVP_DISK_TYPE_DYNAMIC },
    { "vhdx", "fixed", "fixed.vhdx", HVP_DISK_FORMAT_VHDX, HVP_DISK_TYPE_FIXED },
  };
  g_autoptr (Tmp) tmp = NULL;

  if (!have_qemu_img ())
    {
      g_test_skip ("qemu-img is not installed");
      return;
    }
  tmp = tmp_new ();
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = tmp_file (tmp, cases[i].name);
      g_autoptr (HvpDisk) disk = hvp_disk_new (path);
      g_autoptr (GError) error = NULL;

      g_test_message ("%s", cases[i].name);
      qemu_img_create (cases[i].format, cases[i].subformat, path, "64M");
      g_assert_true (hvp_vhd_read (path, disk, &error));
      g_assert_no_error (error);
      g_assert_cmpint (disk->format, ==, cases[i].disk_format);
      g_assert_cmpint (disk->type, ==, cases[i].type);
      g_assert_cmpuint (disk->virtual_size_bytes, ==,
                        qemu_img_virtual_size (cases[i].format, cases[i].subformat, "64M"));
      g_assert_cmpuint (disk->file_size_bytes, ==, file_size (path));
      g_assert_null (disk->parent_path);
    }
  /* qemu rounds a VHD's Current Size to its CHS geometry (formats.md 5.1): 64 MiB becomes
   * 67,125,248 bytes; VHDX keeps 64 MiB exactly. */
  {
    g_autofree char *path = tmp_file (tmp, "dynamic.vhd");
    g_autoptr (HvpDisk) disk = hvp_disk_new (path);

    g_assert_true (hvp_vhd_read (path, disk, NULL));
    g_assert_cmpuint (disk->virtual_size_bytes, ==, 67125248);
  }
  {
    g_autofree char *path = tmp_file (tmp, "fixed.vhdx");
    g_autoptr (HvpDisk) disk = hvp_disk_new (path);

    g_assert_true (hvp_vhd_read (path, disk, NULL));
    g_assert_cmpuint (disk->virtual_size_bytes, ==, 64 * HVP_MIB);
  }
}

/* ---- hvp_vhd_read errors --------------------------------------------------------------------- */

static void
assert_read_fails (const char *path, gint code, const char *needle)
{
  g_autoptr (HvpDisk) disk = hvp_disk_new ("C:\\VMs\\x.vhd");
  g_autoptr (GError) error = NULL;

  g_assert_false (hvp_vhd_read (path, disk, &error));
  g_assert_error (error, HVP_ERROR, code);
  g_assert_nonnull (strstr (error->message, path));
  if (needle != NULL && strstr (error->message, needle) == NULL)
    g_error ("'%s' lacks '%s'", error->message, needle);
  /* Nothing written on failure. */
  g_assert_false (disk->readable);
  g_assert_cmpuint (disk->virtual_size_bytes, ==, 0);
  g_assert_cmpint (disk->format, ==, HVP_DISK_FORMAT_UNKNOWN);
}

static void
test_read_cannot_open (void)
{
  g_autoptr (Tmp) tmp = tmp_new ();
  g_autofree char *missing = tmp_file (tmp, "missing.vhdx");
  g_autofree char *folder = tmp_subdir (tmp, "folder.vhdx");
  g_autofree char *locked = unpack_data (tmp, "dfvfs/fat-differential.vhd.xz", "locked.vhd");

  assert_read_fails (missing, HVP_ERROR_OPEN, "No such file");
  assert_read_fails (folder, HVP_ERROR_OPEN, "not a regular file");
  g_assert_cmpint (chmod (locked, 0), ==, 0);
  if (access (locked, R_OK) == 0)
    g_test_message ("running as root: the unreadable-file case is not checked");
  else
    assert_read_fails (locked, HVP_ERROR_OPEN, "Permission denied");
}

static void
test_read_garbage (void)
{
  g_autoptr (Tmp) tmp = tmp_new ();
  g_autofree char *empty = tmp_file (tmp, "empty.vhd");
  g_autofree char *random = tmp_file (tmp, "random.vhdx");
  g_autofree char *zeros = tmp_file (tmp, "zeros.vhd");
  g_autofree guint8 *noise = g_malloc (1 << 20);
  g_autoptr (GRand) rand = g_rand_new_with_seed (20210425);
  static const guint8 zero_block[4096] = { 0 };

  for (gsize i = 0; i < (1 << 20); i++)
    noise[i] = (guint8) g_rand_int (rand);
  write_bytes (empty, "", 0);
  write_bytes (random, noise, 1 << 20);
  write_bytes (zeros, zero_block, sizeof zero_block);
  assert_read_fails (empty, HVP_ERROR_DATA, "libvhdi");
  assert_read_fails (random, HVP_ERROR_DATA, "libvhdi");
  assert_read_fails (zeros, HVP_ERROR_DATA, "libvhdi");
  /* "vhdxfile" followed by noise */
  memcpy (noise, "vhdxfile", 8);
  write_bytes (random, noise, 1 << 20);
  assert_read_fails (random, HVP_ERROR_DATA, NULL);
  /* a footer cookie followed by noise */
  memcpy (noise + (1 << 20) - 512, "conectix", 8);
  write_bytes (random, noise, 1 << 20);
  assert_read_fails (random, HVP_ERROR_DATA, NULL);
}

/* Every cut of a real file that loses a structure must fail, never crash (ASan run). */
/* Cuts @path at each of @offsets and checks the read fails; without HVP_TEST_EXPENSIVE=1 only
 * every fourth offset, the first among them (for config2_base.vhdx: into the first header, the
 * second header, the second region table and the metadata). */
static void
check_truncations (const char *path, const guint64 *offsets, gsize n_offsets)
{
  GStatBuf info;
  g_autofree char *cut = g_strconcat (path, ".cut", NULL);
  gsize step = hvp_test_expensive () ? 1 : 4;

  g_assert_cmpint (g_stat (path, &info), ==, 0);
  if (step > 1)
    g_test_message ("every %zu-th cut of %s (HVP_TEST_EXPENSIVE=1 for all)", step, path);
  for (gsize i = 0; i < n_offsets; i += step)
    {
      guint64 offset = offsets[i];

      g_assert_cmpuint (offset, <, (guint64) info.st_size);
      g_test_message ("%s cut at %" G_GUINT64_FORMAT, path, offset);
      copy_file (path, cut);
      g_assert_cmpint (truncate (cut, (off_t) offset), ==, 0);
      assert_read_fails (cut, HVP_ERROR_DATA, NULL);
    }
  g_remove (cut);
}

static void
test_read_truncated (void)
{
  /* A VHD keeps its footer in its last 512 bytes: every cut loses it.  (Cutting the last byte
   * alone leaves a valid 511-byte footer: see /collectors/vhd/read/footer-511.) */
  static const guint64 vhd_offsets[] = { 1, 511, 512, 1023, 1024, 1536, 4096, 8192, 12288,
                                         1048576, 2182656, 2183000 };
  /* A VHDX needs its headers (64, 128 KiB), region tables (192, 256 KiB), metadata (2 MiB)
   * and BAT (3 MiB, 1 MiB long) regions of config2_base.vhdx.header.json. */
  static const guint64 vhdx_offsets[] = { 1, 8, 65536, 65600, 131072, 135168, 196608, 200000,
                                          262144, 327680, 1048576, 2097152, 2101248, 3145728,
                                          4194303 };
  g_autoptr (Tmp) tmp = tmp_new ();
  g_autofree char *vhd = unpack_data (tmp, "dfvfs/fat-differential.vhd.xz", "fat.vhd");
  g_autofree char *vhdx = unpack_data (tmp, "coreos-hyperv/config2_base.vhdx.bz2", "c.vhdx");
  g_autofree char *oracle = data_path ("coreos-hyperv/config2_base.vhdx.header.json");
  g_autoptr (cJSON) header = load_json (oracle);
  const cJSON *bat = cJSON_GetObjectItemCaseSensitive (
      cJSON_GetObjectItemCaseSensitive (header, "regions"), "bat");

  g_assert_cmpfloat (cJSON_GetObjectItemCaseSensitive (bat, "offset")->valuedouble, ==, 3145728);
  g_assert_cmpfloat (cJSON_GetObjectItemCaseSensitive (bat, "length")->valuedouble, ==, 1048576);
  check_truncations (vhd, vhd_offsets, G_N_ELEMENTS (vhd_offsets));
  check_truncations (vhdx, vhdx_offsets, G_N_ELEMENTS (vhdx_offsets));
  /* The message names the region past the end. */
  {
    g_autofree char *cut = tmp_file (tmp, "bat.vhdx");

    copy_file (vhdx, cut);
    g_assert_cmpint (truncate (cut, 3145728 + 4096), ==, 0);
    assert_read_fails (cut, HVP_ERROR_DATA, "extends past the end of the file");
  }
}

/* VHD Image Format Specification: footers before Virtual PC 2004 are 511 bytes (formats.md 5.1).
 * Made from a qemu fixed VHD whose footer's last byte (reserved, zero) is dropped. */
static void
test_read_footer_511 (void)
{
  g_autoptr (Tmp) tmp = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GBytes) bytes = NULL;
  gsize length = 0;
  const guint8 *data;

  if (!have_qemu_img ())
    {
      g_test_skip ("qemu-img is not installed");
      return;
    }
  tmp = tmp_new ();
  path = tmp_file (tmp, "old.vhd");
  qemu_img_create ("vpc", "fixed", path, "1M");
  bytes = read_all (path);
  data = g_bytes_get_data (bytes, &length);
  g_assert_cmpuint (data[length - 1], ==, 0);
  write_sparse (path, data, length - 1);
  assert_read_fails (path, HVP_ERROR_UNSUPPORTED, "511 bytes");
}

/* A fixed VHD whose footer says more than the file holds. */
static void
test_read_fixed_too_short (void)
{
  g_autoptr (Tmp) tmp = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GBytes) bytes = NULL;
  gsize length = 0;
  const guint8 *data;
  g_autofree guint8 *shorter = NULL;

  if (!have_qemu_img ())
    {
      g_test_skip ("qemu-img is not installed");
      return;
    }
  tmp = tmp_new ();
  path = tmp_file (tmp, "short.vhd");
  qemu_img_create ("vpc", "fixed", path, "1M");
  bytes = read_all (path);
  data = g_bytes_get_data (bytes, &length);
  /* Keep the footer, drop 64 KiB of data before it. */
  shorter = g_malloc (length - 65536);
  memcpy (shorter, data, length - 65536 - 512);
  memcpy (shorter + length - 65536 - 512, data + length - 512, 512);
  write_sparse (path, shorter, length - 65536);
  assert_read_fails (path, HVP_ERROR_DATA, NULL);
}

/* ---- hvp_vhd_resolve_host: finding the disks ------------------------------------------------- */

static void
test_resolve_not_found (void)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autoptr (HvpHost) host = hvp_host_new ("hv01");
  g_autoptr (GError) error = NULL;
  g_autoptr (Tmp) tmp = tmp_new ();
  const char *dirs[] = { tmp->path, NULL };
  HvpDisk *disk = hvp_host_add_disk (host, hvp_disk_new ("D:\\VMs\\missing.vhdx"));
  HvpDisk *raw = hvp_host_add_disk (host, hvp_disk_new ("/var/lib/libvirt/images/a.img"));

  raw->format = HVP_DISK_FORMAT_RAW;
  g_assert_true (hvp_vhd_resolve_host (host, dirs, NULL, inventory, &error));
  g_assert_no_error (error);
  g_assert_false (disk->readable);
  g_assert_cmpuint (disk->virtual_size_bytes, ==, 0);
  g_assert_null (disk->local_path);
  g_assert_cmpuint (inventory->warnings->len, ==, 1);
  g_assert_cmpstr (((HvpWarning *) g_ptr_array_index (inventory->warnings, 0))->message, ==,
                   "virtual hard disk 'D:\\VMs\\missing.vhdx' not found on this machine: sizes "
                   "unknown (use --path-map)");
  g_assert_cmpstr (((HvpWarning *) g_ptr_array_index (inventory->warnings, 0))->file, ==,
                   "D:\\VMs\\missing.vhdx");
  g_assert_false (raw->readable);
}

static void
test_resolve_finds_disks (void)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autoptr (HvpHost) host = hvp_host_new ("hv01");
  g_autoptr (GError) error = NULL;
  g_autoptr (Tmp) tmp = tmp_new ();
  g_autofree char *mapped_dir = tmp_subdir (tmp, "copy/Virtual Hard Disks");
  g_autofree char *search_dir = tmp_subdir (tmp, "search");
  g_autofree char *copy_root = tmp_file (tmp, "copy");
  g_autofree char *map = g_strdup_printf ("E:\\Hyper-V=%s", copy_root);
  g_autoptr (HvpCollectOptions) options = options_with_map (map);
  g_autofree char *swap = unpack_data (tmp, "discutils/swap.vhdx.gz", "search/Swap.vhdx");
  g_autofree char *config = unpack_data (tmp, "coreos-hyperv/config2_base.vhdx.bz2",
                                         "copy/Virtual Hard Disks/config2.vhdx");
  g_autofree char *local = unpack_data (tmp, "dfvfs/non-microsoft/image.vhd.xz", "image.vhd");
  const char *dirs[] = { mapped_dir, search_dir, NULL };
  HvpDisk *by_name = hvp_host_add_disk (host, hvp_disk_new ("D:\\VMs\\Swap.vhdx"));
  HvpDisk *by_map = hvp_host_add_disk (
      host, hvp_disk_new ("e:/hyper-v/Virtual Hard Disks/config2.vhdx"));
  HvpDisk *by_path = hvp_host_add_disk (host, hvp_disk_new (local));

  g_assert_true (hvp_vhd_resolve_host (host, dirs, options, inventory, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (inventory->warnings->len, ==, 0);
  g_assert_cmpuint (host->disks->len, ==, 3);
  g_assert_true (by_name->readable);
  g_assert_cmpstr (by_name->local_path, ==, swap);
  g_assert_cmpuint (by_name->virtual_size_bytes, ==, 10737418240);
  g_assert_true (by_map->readable);
  g_assert_cmpuint (by_map->virtual_size_bytes, ==, 104857600);
  g_assert_cmpstr (by_path->local_path, ==, local);
  g_assert_cmpuint (by_path->virtual_size_bytes, ==, 104448);
  (void) config;
}

static void
test_resolve_log_warning (void)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autoptr (HvpHost) host = hvp_host_new ("hv01");
  g_autoptr (GError) error = NULL;
  g_autoptr (Tmp) tmp = tmp_new ();
  g_autofree char *path = unpack_data (tmp, "discutils/vhdx-log-replay.vhdx.gz", "log.vhdx");
  HvpDisk *disk = hvp_host_add_disk (host, hvp_disk_new (path));
  HvpDisk *clean;
  g_autofree char *clean_path
      = unpack_data (tmp, "coreos-hyperv/config2_base.vhdx.bz2", "clean.vhdx");

  clean = hvp_host_add_disk (host, hvp_disk_new (clean_path));
  g_assert_true (hvp_vhd_resolve_host (host, NULL, NULL, inventory, &error));
  g_assert_no_error (error);
  g_assert_true (disk->readable);
  g_assert_true (clean->readable);
  g_assert_cmpuint (disk->virtual_size_bytes, ==, 1073741824);
  g_assert_cmpuint (inventory->warnings->len, ==, 1);
  g_assert_true (warnings_contain (inventory, "has a log that was not replayed"));
  g_assert_cmpstr (((HvpWarning *) g_ptr_array_index (inventory->warnings, 0))->file, ==, path);
}

/* ---- hvp_vhd_resolve_host: differencing chains ----------------------------------------------- */

/* A folder holding the real child and, unless @parent is NULL, a parent made here. */
static char *
chain_folder (const Tmp *tmp, const char *folder, const char *child_name)
{
  g_autofree char *relative = g_build_filename (folder, child_name, NULL);

  g_free (tmp_subdir (tmp, folder));
  return unpack_data (tmp, "dfvfs/fat-differential.vhd.xz", relative);
}

static void
test_chain_basename_in_child_folder (void)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autoptr (HvpHost) host = hvp_host_new ("hv01");
  g_autoptr (GError) error = NULL;
  g_autoptr (Tmp) tmp = NULL;
  g_autofree char *child_path = NULL;
  g_autofree char *parent_path = NULL;
  HvpDisk *child;
  HvpDisk *parent;

  if (!have_qemu_img ())
    {
      g_test_skip ("qemu-img is not installed");
      return;
    }
  tmp = tmp_new ();
  child_path = chain_folder (tmp, "vms", "fat-differential.vhd");
  parent_path = tmp_file (tmp, "vms/fat-parent.vhd");
  make_fat_parent (parent_path, TRUE);
  child = hvp_host_add_disk (host, hvp_disk_new (child_path));
  g_assert_true (hvp_vhd_resolve_host (host, NULL, NULL, inventory, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (host->disks->len, ==, 2);
  parent = g_ptr_array_index (host->disks, 1);
  g_assert_true (child->parent == parent);
  /* The parent's identity is the absolute path the child records (W2ku / Parent Unicode Name);
   * the file was found by its base name beside the child (its W2ru locator says
   * ".\fat-parent.vhd"). */
  g_assert_cmpstr (parent->path, ==, FAT_PARENT_RECORDED);
  g_assert_cmpstr (child->parent_path, ==, FAT_PARENT_RECORDED);
  g_assert_cmpstr (parent->local_path, ==, parent_path);
  g_assert_true (parent->readable);
  g_assert_cmpint (parent->type, ==, HVP_DISK_TYPE_FIXED);
  g_assert_cmpuint (parent->virtual_size_bytes, ==, qemu_img_virtual_size ("vpc", "fixed", "4M"));
  g_assert_null (parent->parent);
  g_assert_cmpint (child->type, ==, HVP_DISK_TYPE_DIFFERENCING);
  g_assert_cmpuint (child->virtual_size_bytes, ==, 4194304);
  /* Identifiers match (the parent was given the child's recorded Parent Unique ID). */
  g_assert_cmpuint (inventory->warnings->len, ==, 0);
  /* A second run changes nothing. */
  g_assert_true (hvp_vhd_resolve_host (host, NULL, NULL, inventory, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (host->disks->len, ==, 2);
  g_assert_cmpuint (inventory->warnings->len, ==, 0);
}

/* The dfvfs pair records the parent by a bare relative name ("image.vhd") and its real Unique
 * Id; the child's path decides how the parent's identity is joined. */
static void
test_chain_relative_name (void)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autoptr (HvpHost) host = hvp_host_new ("hv01");
  g_autoptr (GError) error = NULL;
  g_autoptr (Tmp) tmp = tmp_new ();
  g_autofree char *child_path = unpack_data (tmp, "dfvfs/non-microsoft/image-differential.vhd.xz",
                                             "image-differential.vhd");
  g_autofree char *parent_path = unpack_data (tmp, "dfvfs/non-microsoft/image.vhd.xz", "image.vhd");
  const char *dirs[] = { tmp->path, NULL };
  HvpDisk *local_child = hvp_host_add_disk (host, hvp_disk_new (child_path));
  HvpDisk *windows_child;
  HvpDisk *parent;

  g_assert_true (hvp_vhd_resolve_host (host, NULL, NULL, inventory, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (host->disks->len, ==, 2);
  parent = g_ptr_array_index (host->disks, 1);
  g_assert_true (local_child->parent == parent);
  g_assert_cmpstr (parent->path, ==, parent_path);
  g_assert_cmpstr (parent->local_path, ==, parent_path);
  g_assert_cmpint (parent->type, ==, HVP_DISK_TYPE_DYNAMIC);
  g_assert_cmpuint (inventory->warnings->len, ==, 0);

  /* Recorded by a Windows host as D:\VMs\image-differential.vhd: the parent is D:\VMs\image.vhd. */
  g_clear_pointer (&host, hvp_host_free);
  host = hvp_host_new ("hv01");
  windows_child = hvp_host_add_disk (host, hvp_disk_new ("D:\\VMs\\image-differential.vhd"));
  g_assert_true (hvp_vhd_resolve_host (host, dirs, NULL, inventory, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (host->disks->len, ==, 2);
  g_assert_cmpstr (windows_child->parent_path, ==, "D:\\VMs\\image.vhd");
  g_assert_cmpstr (windows_child->parent->path, ==, "D:\\VMs\\image.vhd");
  g_assert_cmpstr (windows_child->parent->local_path, ==, parent_path);
  g_assert_cmpuint (inventory->warnings->len, ==, 0);
}

static void
test_chain_path_map (void)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autoptr (HvpHost) host = hvp_host_new ("hv01");
  g_autoptr (GError) error = NULL;
  g_autoptr (Tmp) tmp = NULL;
  g_autofree char *child_path = NULL;
  g_autofree char *parent_dir = NULL;
  g_autofree char *parent_path = NULL;
  g_autofree char *map = NULL;
  g_autoptr (HvpCollectOptions) options = NULL;
  HvpDisk *child;

  if (!have_qemu_img ())
    {
      g_test_skip ("qemu-img is not installed");
      return;
    }
  tmp = tmp_new ();
  child_path = chain_folder (tmp, "children", "fat-differential.vhd");
  parent_dir = tmp_subdir (tmp, "bases");
  parent_path = g_build_filename (parent_dir, "fat-parent.vhd", NULL);
  make_fat_parent (parent_path, TRUE);
  map = g_strdup_printf ("c:/projects/DFVFS=%s", tmp->path);
  options = options_with_map (map);
  /* The map sends C:\Projects\dfvfs\test_data to tmp/test_data: not there yet. */
  child = hvp_host_add_disk (host, hvp_disk_new (child_path));
  g_assert_false (hvp_vhd_resolve_host (host, NULL, options, inventory, &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  g_clear_error (&error);
  {
    g_autofree char *test_data = tmp_file (tmp, "test_data");

    g_assert_cmpint (g_rename (parent_dir, test_data), ==, 0);
    g_free (parent_path);
    parent_path = g_build_filename (test_data, "fat-parent.vhd", NULL);
  }
  g_clear_pointer (&host, hvp_host_free);
  host = hvp_host_new ("hv01");
  child = hvp_host_add_disk (host, hvp_disk_new (child_path));
  g_assert_true (hvp_vhd_resolve_host (host, NULL, options, inventory, &error));
  g_assert_no_error (error);
  g_assert_nonnull (child->parent);
  g_assert_cmpstr (child->parent->path, ==, FAT_PARENT_RECORDED);
  g_assert_cmpstr (child->parent->local_path, ==, parent_path);
  g_assert_cmpuint (inventory->warnings->len, ==, 0);
}

/* Child and parent recorded on E:, found only by base name in the search folders. */
static void
test_chain_search_dir (void)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autoptr (HvpHost) host = hvp_host_new ("hv01");
  g_autoptr (GError) error = NULL;
  g_autoptr (Tmp) tmp = NULL;
  g_autofree char *child_path = NULL;
  g_autofree char *child_dir = NULL;
  g_autofree char *parent_dir = NULL;
  g_autofree char *parent_path = NULL;
  HvpDisk *child;

  if (!have_qemu_img ())
    {
      g_test_skip ("qemu-img is not installed");
      return;
    }
  tmp = tmp_new ();
  child_path = chain_folder (tmp, "children", "fat-differential.vhd");
  child_dir = tmp_file (tmp, "children");
  parent_dir = tmp_subdir (tmp, "bases");
  parent_path = g_build_filename (parent_dir, "fat-parent.vhd", NULL);
  make_fat_parent (parent_path, TRUE);
  {
    const char *dirs[] = { tmp->path, child_dir, parent_dir, NULL };

    child = hvp_host_add_disk (host, hvp_disk_new ("E:\\Hyper-V\\fat-differential.vhd"));
    g_assert_true (hvp_vhd_resolve_host (host, dirs, NULL, inventory, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpstr (child->local_path, ==, child_path);
  g_assert_nonnull (child->parent);
  g_assert_cmpstr (child->parent->path, ==, FAT_PARENT_RECORDED);
  g_assert_cmpstr (child->parent->local_path, ==, parent_path);
  g_assert_cmpuint (inventory->warnings->len, ==, 0);
}

static void
test_chain_missing_parent (void)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autoptr (HvpHost) host = hvp_host_new ("hv01");
  g_autoptr (GError) error = NULL;
  g_autoptr (Tmp) tmp = tmp_new ();
  g_autofree char *expected = g_strdup_printf ("parent '%s' of differencing disk 'D:\\VMs\\"
                                               "fat-differential.vhd' not found",
                                               FAT_PARENT_RECORDED);
  g_autofree char *vms = tmp_file (tmp, "vms");
  const char *dirs[] = { vms, NULL };

  g_free (chain_folder (tmp, "vms", "fat-differential.vhd"));
  hvp_host_add_disk (host, hvp_disk_new ("D:\\VMs\\fat-differential.vhd"));
  g_assert_false (hvp_vhd_resolve_host (host, dirs, NULL, inventory, &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  if (!g_str_has_prefix (error->message, expected))
    g_error ("unexpected message: %s", error->message);
}

static void
test_chain_identifier_mismatch (void)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autoptr (HvpHost) host = hvp_host_new ("hv01");
  g_autoptr (GError) error = NULL;
  g_autoptr (Tmp) tmp = NULL;
  g_autofree char *child_path = NULL;
  g_autofree char *parent_path = NULL;
  HvpDisk *child;

  if (!have_qemu_img ())
    {
      g_test_skip ("qemu-img is not installed");
      return;
    }
  tmp = tmp_new ();
  child_path = chain_folder (tmp, "vms", "fat-differential.vhd");
  parent_path = tmp_file (tmp, "vms/fat-parent.vhd");
  make_fat_parent (parent_path, FALSE);
  child = hvp_host_add_disk (host, hvp_disk_new (child_path));
  g_assert_true (hvp_vhd_resolve_host (host, NULL, NULL, inventory, &error));
  g_assert_no_error (error);
  g_assert_nonnull (child->parent);
  g_assert_cmpuint (inventory->warnings->len, ==, 1);
  g_assert_true (warnings_contain (inventory, "but the child records " FAT_PARENT_UNIQUE_ID));
}

static void
test_chain_shared_parent (void)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autoptr (HvpHost) host = hvp_host_new ("hv01");
  g_autoptr (GError) error = NULL;
  g_autoptr (Tmp) tmp = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *parent_path = NULL;
  HvpDisk *a;
  HvpDisk *b;

  if (!have_qemu_img ())
    {
      g_test_skip ("qemu-img is not installed");
      return;
    }
  tmp = tmp_new ();
  first = chain_folder (tmp, "vms", "vm1.vhd");
  second = tmp_file (tmp, "vms/vm2.vhd");
  copy_file (first, second);
  parent_path = tmp_file (tmp, "vms/fat-parent.vhd");
  make_fat_parent (parent_path, TRUE);
  a = hvp_host_add_disk (host, hvp_disk_new (first));
  b = hvp_host_add_disk (host, hvp_disk_new (second));
  g_assert_true (hvp_vhd_resolve_host (host, NULL, NULL, inventory, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (host->disks->len, ==, 3);
  g_assert_nonnull (a->parent);
  g_assert_true (a->parent == b->parent);
  g_assert_true (a->parent == g_ptr_array_index (host->disks, 2));
  g_assert_cmpuint (inventory->warnings->len, ==, 0);
}

/* The parent was recorded by a VM configuration before the chain reached it: no duplicate. */
static void
test_chain_parent_already_listed (void)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autoptr (HvpHost) host = hvp_host_new ("hv01");
  g_autoptr (GError) error = NULL;
  g_autoptr (Tmp) tmp = NULL;
  g_autofree char *child_path = NULL;
  g_autofree char *parent_path = NULL;
  HvpDisk *parent;
  HvpDisk *child;

  if (!have_qemu_img ())
    {
      g_test_skip ("qemu-img is not installed");
      return;
    }
  tmp = tmp_new ();
  child_path = chain_folder (tmp, "vms", "fat-differential.vhd");
  parent_path = tmp_file (tmp, "vms/fat-parent.vhd");
  make_fat_parent (parent_path, TRUE);
  parent = hvp_host_add_disk (host, hvp_disk_new ("c:/projects/DFVFS/test_data/FAT-PARENT.VHD"));
  child = hvp_host_add_disk (host, hvp_disk_new (child_path));
  g_assert_true (hvp_vhd_resolve_host (host, NULL, NULL, inventory, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (host->disks->len, ==, 2);
  g_assert_true (child->parent == parent);
  g_assert_true (parent->readable);
  /* Not found by its own path, then found through the child: no "not found" warning. */
  g_assert_cmpstr (parent->local_path, ==, parent_path);
  g_assert_cmpuint (inventory->warnings->len, ==, 0);
}

/* A chain of ten differencing disks (copies of the real child, parent names rewritten) ending
 * at the qemu-made base. */
static void
test_chain_deep (void)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autoptr (HvpHost) host = hvp_host_new ("hv01");
  g_autoptr (GError) error = NULL;
  g_autoptr (Tmp) tmp = NULL;
  g_autofree char *template = NULL;
  g_autofree char *base = NULL;
  HvpDisk *disk;
  guint depth = 0;

  if (!have_qemu_img ())
    {
      g_test_skip ("qemu-img is not installed");
      return;
    }
  tmp = tmp_new ();
  template = chain_folder (tmp, "vms", "template.vhd");
  base = tmp_file (tmp, "vms/base.vhd");
  make_fat_parent (base, TRUE);
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *name = g_strdup_printf ("vms/d%u.vhd", i);
      g_autofree char *path = tmp_file (tmp, name);
      g_autofree char *parent_name
          = i == 9 ? g_strdup (".\\base.vhd") : g_strdup_printf (".\\d%u.vhd", i + 1);

      copy_file (template, path);
      vhd_set_parent_name (path, parent_name);
    }
  {
    g_autofree char *leaf = tmp_file (tmp, "vms/d0.vhd");

    disk = hvp_host_add_disk (host, hvp_disk_new (leaf));
  }
  g_assert_true (hvp_vhd_resolve_host (host, NULL, NULL, inventory, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (host->disks->len, ==, 11);
  for (; disk->parent != NULL; disk = disk->parent)
    depth++;
  g_assert_cmpuint (depth, ==, 10);
  g_assert_cmpstr (disk->local_path, ==, base);
  g_assert_cmpint (disk->type, ==, HVP_DISK_TYPE_FIXED);
  /* Every copy keeps the real child's Unique Id and Parent Unique ID (the base's): the link to
   * the base matches, the nine links between copies do not. */
  g_assert_cmpuint (inventory->warnings->len, ==, 9);
}

static void
test_chain_too_long (void)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autoptr (HvpHost) host = hvp_host_new ("hv01");
  g_autoptr (GError) error = NULL;
  g_autoptr (Tmp) tmp = tmp_new ();
  g_autofree char *template = chain_folder (tmp, "vms", "template.vhd");
  g_autofree char *leaf = tmp_file (tmp, "vms/d0.vhd");
  g_autoptr (GBytes) bytes = read_all (template);
  gsize length = 0;
  g_autofree guint8 *data = g_bytes_unref_to_data (g_steal_pointer (&bytes), &length);

  /* d0 → d1 → … → d256 → d257 (absent): the 257th parent is refused before it is looked for.
   * The template is read once and each copy written from memory (257 copies of 2 MiB). */
  for (guint i = 0; i <= 256; i++)
    {
      g_autofree char *name = g_strdup_printf ("vms/d%u.vhd", i);
      g_autofree char *path = tmp_file (tmp, name);
      g_autofree char *parent_name = g_strdup_printf ("d%u.vhd", i + 1);

      vhd_data_set_parent_name (data, length, parent_name);
      write_sparse (path, data, length);
    }
  hvp_host_add_disk (host, hvp_disk_new (leaf));
  g_assert_false (hvp_vhd_resolve_host (host, NULL, NULL, inventory, &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "is longer than 256 disks"));
  g_assert_cmpuint (host->disks->len, ==, 257);
}

/* A copy of the child named fat-parent.vhd is its own parent: it records
 * C:\Projects\dfvfs\test_data\fat-parent.vhd, which is its own identity. */
static void
test_chain_loop_self (void)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autoptr (HvpHost) host = hvp_host_new ("hv01");
  g_autoptr (GError) error = NULL;
  g_autoptr (Tmp) tmp = tmp_new ();
  g_autofree char *child_path = chain_folder (tmp, "vms", "fat-differential.vhd");
  g_autofree char *loop_path = tmp_file (tmp, "vms/fat-parent.vhd");
  g_autofree char *expected = NULL;

  copy_file (child_path, loop_path);
  hvp_host_add_disk (host, hvp_disk_new (child_path));
  g_assert_false (hvp_vhd_resolve_host (host, NULL, NULL, inventory, &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  expected = g_strdup_printf ("differencing chain of '%s' loops back to '%s'", child_path,
                              FAT_PARENT_RECORDED);
  g_assert_cmpstr (error->message, ==, expected);
}

/* a.vhd names b.vhd as its parent and b.vhd names a.vhd (parent names rewritten). */
static void
test_chain_loop_pair (void)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autoptr (HvpHost) host = hvp_host_new ("hv01");
  g_autoptr (GError) error = NULL;
  g_autoptr (Tmp) tmp = tmp_new ();
  g_autofree char *a = chain_folder (tmp, "vms", "a.vhd");
  g_autofree char *b = tmp_file (tmp, "vms/b.vhd");
  g_autofree char *expected = NULL;

  copy_file (a, b);
  vhd_set_parent_name (a, "b.vhd");
  vhd_set_parent_name (b, ".\\a.vhd");
  hvp_host_add_disk (host, hvp_disk_new (a));
  g_assert_false (hvp_vhd_resolve_host (host, NULL, NULL, inventory, &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  expected = g_strdup_printf ("differencing chain of '%s' loops back to '%s'", a, a);
  g_assert_cmpstr (error->message, ==, expected);
}

/* A parent that exists but is not a virtual hard disk: hvp_vhd_read's error, with context. */
static void
test_chain_bad_parent (void)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autoptr (HvpHost) host = hvp_host_new ("hv01");
  g_autoptr (GError) error = NULL;
  g_autoptr (Tmp) tmp = tmp_new ();
  g_autofree char *child_path = chain_folder (tmp, "vms", "fat-differential.vhd");
  g_autofree char *parent_path = tmp_file (tmp, "vms/fat-parent.vhd");

  write_bytes (parent_path, "not a disk", 10);
  hvp_host_add_disk (host, hvp_disk_new (child_path));
  g_assert_false (hvp_vhd_resolve_host (host, NULL, NULL, inventory, &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  g_assert_true (g_str_has_prefix (error->message, "parent of differencing disk"));
  g_assert_nonnull (strstr (error->message, parent_path));
}

HVP_TEST_SUITE (vhd)
{
  g_test_add_func ("/collectors/vhd/read/real-permissive", test_read_real_permissive);
  g_test_add_func ("/collectors/vhd/read/real-samples", test_read_real_samples);
  g_test_add_func ("/collectors/vhd/read/qemu-img", test_read_qemu_img);
  g_test_add_func ("/collectors/vhd/read/cannot-open", test_read_cannot_open);
  g_test_add_func ("/collectors/vhd/read/garbage", test_read_garbage);
  g_test_add_func ("/collectors/vhd/read/truncated", test_read_truncated);
  g_test_add_func ("/collectors/vhd/read/footer-511", test_read_footer_511);
  g_test_add_func ("/collectors/vhd/read/fixed-too-short", test_read_fixed_too_short);
  g_test_add_func ("/collectors/vhd/resolve/not-found", test_resolve_not_found);
  g_test_add_func ("/collectors/vhd/resolve/finds-disks", test_resolve_finds_disks);
  g_test_add_func ("/collectors/vhd/resolve/log-warning", test_resolve_log_warning);
  g_test_add_func ("/collectors/vhd/differencing-chain/basename-in-child-folder",
                   test_chain_basename_in_child_folder);
  g_test_add_func ("/collectors/vhd/differencing-chain/relative-name", test_chain_relative_name);
  g_test_add_func ("/collectors/vhd/differencing-chain/path-map", test_chain_path_map);
  g_test_add_func ("/collectors/vhd/differencing-chain/search-dir", test_chain_search_dir);
  g_test_add_func ("/collectors/vhd/differencing-chain/missing-parent", test_chain_missing_parent);
  g_test_add_func ("/collectors/vhd/differencing-chain/identifier-mismatch",
                   test_chain_identifier_mismatch);
  g_test_add_func ("/collectors/vhd/differencing-chain/shared-parent", test_chain_shared_parent);
  g_test_add_func ("/collectors/vhd/differencing-chain/parent-already-listed",
                   test_chain_parent_already_listed);
  g_test_add_func ("/collectors/vhd/differencing-chain/deep", test_chain_deep);
  g_test_add_func ("/collectors/vhd/differencing-chain/too-long", test_chain_too_long);
  g_test_add_func ("/collectors/vhd/differencing-chain/loop-self", test_chain_loop_self);
  g_test_add_func ("/collectors/vhd/differencing-chain/loop-pair", test_chain_loop_pair);
  g_test_add_func ("/collectors/vhd/differencing-chain/bad-parent", test_chain_bad_parent);
}
