/* hvplan: the Hyper-V storage container (.vmcx, .vmrs, .vsv), read into a key tree.
 *
 * Implements Microsoft, openvmm `support/hvs_file/FORMAT.md` (MIT): "File Header" (two copies at
 * 0 and 4096, CRC-32, the higher valid sequence wins), "Object Tables" (chained from 8192),
 * "Key Tables" (entries, their checksum scope, value layouts, file objects) and "Replay Log"
 * (its header), with what formats.md section 7 found in the real files: parents may come after
 * their children (every key table is read before any parent is resolved), free entries carry no
 * valid CRC, entries have slack, insertion sequences have gaps, strings have no NUL.
 *
 * Every offset and size is checked against the file before it is used; nothing outside the
 * header copies, object tables, key tables and the values of the keys asked for is read, so a
 * `.vmrs` holding gigabytes of guest memory costs a few pages. */
#include "collectors/vmcx/vmcx.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "collectors/xml.h"

#define HEADER_COPY_BYTES 4096u
#define HEADER_BYTES 46u              /* the packed header the CRC covers (formats.md 7) */
#define FIRST_OBJECT_TABLE 8192u
#define OBJECT_TABLE_SIGNATURE 0x01110001u
#define OBJECT_TABLE_HEADER_BYTES 8u
#define OBJECT_ENTRY_BYTES 18u
#define KEY_TABLE_SIGNATURE 0x0002u
#define KEY_TABLE_HEADER_BYTES 10u
#define KEY_ENTRY_HEADER_BYTES 21u
#define REPLAY_LOG_SIGNATURE 0x01110003u
#define REPLAY_LOG_HEADER_BYTES 34u
#define MAX_OBJECT_TABLES 4096u
#define MAX_OBJECT_ENTRIES 65536u
#define MAX_OBJECTS (1u << 20)
#define MAX_KEY_TABLE_BYTES (1024u * 1024u)
#define MAX_VALUE_BYTES (1024u * 1024u) /* larger values become empty elements in the XML tree */

enum {
  OBJECT_EMPTY = 0,
  OBJECT_TABLE = 1,
  OBJECT_KEY_TABLE = 2,
  OBJECT_FILE = 3,
  OBJECT_FREE = 4,
};

enum {
  KEY_FREE = 1,
  KEY_INT = 3,
  KEY_UINT = 4,
  KEY_DOUBLE = 5,
  KEY_STRING = 6,
  KEY_ARRAY = 7,
  KEY_BOOL = 8,
  KEY_NODE = 9,
};

#define KEY_FLAG_FILE_OBJECT 0x01u
#define NO_PARENT G_MAXUINT

typedef struct {
  guint16 table;          /* key table index (its header's TableIndex) */
  guint32 offset;         /* offset of the entry in its key table */
  guint8 type;
  guint8 flags;
  guint16 parent_table;
  guint32 parent_offset;
  guint32 sequence;       /* insertion sequence: the order of a node's children */
  const char *name;       /* NUL-terminated UTF-8, inside a table buffer */
  const guint8 *value;    /* inline value (after the name), inside a table buffer */
  guint32 value_length;   /* bytes at @value: the fixed size, or 4 + the length */
  guint parent;           /* index of the parent key, NO_PARENT for the virtual root */
  GArray *children;       /* guint indexes, by insertion sequence; NULL for none */
} Key;

typedef struct {
  guint64 offset;
  guint64 size;
} Range;

struct _HvpVmcx {
  char *file;
  const guint8 *data;     /* the whole file in memory, or NULL: read with pread() from @fd */
  int fd;
  guint64 size;
  guint64 budget;         /* bytes still allowed to be read from @fd */
  GPtrArray *buffers;     /* what was read from @fd, owned */
  HvpInventory *inventory; /* where warnings go (nullable) */
  guint format_version;
  GArray *keys;           /* Key */
  GArray *roots;          /* guint: children of the virtual root, by insertion sequence */
  GArray *file_objects;   /* Range: the file objects the object tables list */
  GArray *file_object_used; /* gboolean per file object: a key's value already lies in it */
  GArray *objects;        /* Range: every object, for overlap checks */
};

static gboolean G_GNUC_PRINTF (4, 5)
fail (const HvpVmcx *vmcx, guint64 offset, GError **error, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "'%s': offset %" G_GUINT64_FORMAT ": %s",
               vmcx->file, offset, message);
  return FALSE;
}

static guint16
get16 (const guint8 *p)
{
  return (guint16) (p[0] | (p[1] << 8));
}

static guint32
get32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static guint64
get64 (const guint8 *p)
{
  return (guint64) get32 (p) | ((guint64) get32 (p + 4) << 32);
}

/* CRC-32 (ISO 3309, zlib's crc32()) of @length bytes with the 4-byte field at @field zeroed. */
static guint32
crc_with_zeroed_field (const guint8 *bytes, gsize length, gsize field)
{
  static const guint8 zeros[4] = { 0 };
  uLong crc = crc32 (0L, Z_NULL, 0);

  crc = crc32 (crc, bytes, (uInt) field);
  crc = crc32 (crc, zeros, 4);
  crc = crc32 (crc, bytes + field + 4, (uInt) (length - field - 4));
  return (guint32) crc;
}

/* @length bytes at @offset, all inside the file, or %NULL with an error naming @what.  From
 * memory, a pointer into the data; from a file, a buffer read with pread() that @vmcx owns. */
static const guint8 *
region (HvpVmcx *vmcx, guint64 offset, guint64 length, const char *what, GError **error)
{
  guint8 *buffer;
  gsize done = 0;

  if (offset > vmcx->size || length > vmcx->size - offset)
    {
      fail (vmcx, offset, error, "%s of %" G_GUINT64_FORMAT " bytes ends past the end of the "
            "file (%" G_GUINT64_FORMAT " bytes)", what, length, vmcx->size);
      return NULL;
    }
  if (vmcx->data != NULL)
    return vmcx->data + offset;
  if (length > vmcx->budget)
    {
      fail (vmcx, offset, error, "%s: more than %u bytes of tables and values", what,
            HVP_VMCX_MAX_METADATA_BYTES);
      return NULL;
    }
  vmcx->budget -= length;
  buffer = g_malloc (MAX (length, 1));
  g_ptr_array_add (vmcx->buffers, buffer);
  while (done < length)
    {
      ssize_t got = pread (vmcx->fd, buffer + done, length - done, (off_t) (offset + done));

      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0)
        {
          g_set_error (error, HVP_ERROR, HVP_ERROR_OPEN, "cannot read '%s' at offset %"
                       G_GUINT64_FORMAT ": %s", vmcx->file, offset + done,
                       got < 0 ? g_strerror (errno) : "the file became shorter");
          return NULL;
        }
      done += (gsize) got;
    }
  return buffer;
}

/* ------------------------------------------------------------------------------------------------
 * File header (FORMAT.md "File Header"): two copies, the valid one of higher sequence wins.
 */

typedef struct {
  gboolean valid;
  guint16 sequence;
  guint32 format_version;
  guint32 alignment;
  guint64 log_offset;
  guint64 log_size;
  guint32 log_header_size;
} Header;

static void
header_read (const guint8 *bytes, Header *header)
{
  memset (header, 0, sizeof *header);
  if (get32 (bytes) != HVP_VMCX_SIGNATURE
      || get32 (bytes + 4) != crc_with_zeroed_field (bytes, HEADER_BYTES, 4))
    return;
  header->valid = TRUE;
  header->sequence = get16 (bytes + 8);
  header->format_version = get32 (bytes + 10);
  header->alignment = get32 (bytes + 22);
  header->log_offset = get64 (bytes + 26);
  header->log_size = get64 (bytes + 34);
  header->log_header_size = get32 (bytes + 42);
}

static gboolean
choose_header (HvpVmcx *vmcx, Header *ret_header, GError **error)
{
  Header copies[2];

  for (guint i = 0; i < 2; i++)
    {
      guint64 at = (guint64) i * HEADER_COPY_BYTES;
      const guint8 *bytes;

      memset (&copies[i], 0, sizeof copies[i]);
      if (vmcx->size < at + HEADER_BYTES)
        {
          if (i == 0)
            return fail (vmcx, 0, error, "%" G_GUINT64_FORMAT " bytes are too short for a "
                         "Hyper-V storage file header", vmcx->size);
          continue;
        }
      bytes = region (vmcx, at, HEADER_BYTES, "file header", error);
      if (bytes == NULL)
        return FALSE;
      header_read (bytes, &copies[i]);
    }
  if (!copies[0].valid && !copies[1].valid)
    return fail (vmcx, 0, error, "neither file header copy (at 0 and 4096) has the signature "
                 "0x01282014 and a valid CRC-32");
  if (copies[0].valid != copies[1].valid)
    g_debug ("'%s': only the header copy at %u is valid", vmcx->file,
             copies[0].valid ? 0u : HEADER_COPY_BYTES);
  /* The writer alternates copies and increments the sequence: the newer valid one wins. */
  if (!copies[1].valid || (copies[0].valid && copies[0].sequence >= copies[1].sequence))
    *ret_header = copies[0];
  else
    *ret_header = copies[1];
  return TRUE;
}

static gboolean
check_header (HvpVmcx *vmcx, const Header *header, GError **error)
{
  if (header->format_version >> 8 != 4)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_UNSUPPORTED,
                   "'%s': storage format version %u.%u is not read (only 4.x, written by Windows "
                   "Server 2016 and later, is known)", vmcx->file, header->format_version >> 8,
                   header->format_version & 0xFF);
      return FALSE;
    }
  vmcx->format_version = header->format_version;
  return TRUE;
}

/* The replay log (FORMAT.md "Replay Log"; header layout: openvmm `src/defs.rs` ReplayLogHeader):
 * entries not yet applied mean the host stopped while writing.  They are not applied: the file is
 * read as last committed, and a warning says so. */
static gboolean
check_replay_log (HvpVmcx *vmcx, const Header *header, GError **error)
{
  const guint8 *bytes;
  guint32 entries;

  if (header->log_offset == 0 && header->log_size == 0)
    return TRUE;
  if (header->log_size < REPLAY_LOG_HEADER_BYTES || header->log_offset < FIRST_OBJECT_TABLE)
    return fail (vmcx, header->log_offset, error, "replay log of %" G_GUINT64_FORMAT " bytes at "
                 "offset %" G_GUINT64_FORMAT " is impossible", header->log_size,
                 header->log_offset);
  bytes = region (vmcx, header->log_offset, REPLAY_LOG_HEADER_BYTES, "replay log header", error);
  if (bytes == NULL)
    return FALSE;
  if (get32 (bytes) != REPLAY_LOG_SIGNATURE
      || get32 (bytes + 4) != crc_with_zeroed_field (bytes, REPLAY_LOG_HEADER_BYTES, 4))
    return fail (vmcx, header->log_offset, error,
                 "replay log header has no signature 0x01110003 or a bad CRC-32");
  entries = get32 (bytes + 8);
  if (entries > 0 && vmcx->inventory != NULL)
    hvp_inventory_add_warning (vmcx->inventory, vmcx->file, "replay log",
                               "%u change%s written but not committed (the host stopped while "
                               "writing the file): read as last committed", entries,
                               entries == 1 ? "" : "s");
  return TRUE;
}

/* ------------------------------------------------------------------------------------------------
 * Object tables (FORMAT.md "Object Tables"): the directory of key tables and file objects.
 */

/* An object must lie inside the file, after the two header copies; check_overlaps() then
 * refuses two that overlap. */
static gboolean
add_object (HvpVmcx *vmcx, guint64 offset, guint64 size, const char *what, GError **error)
{
  if (offset < FIRST_OBJECT_TABLE)
    return fail (vmcx, offset, error, "%s overlaps the file headers (0 to 8191)", what);
  if (offset > vmcx->size || size > vmcx->size - offset)
    return fail (vmcx, offset, error, "%s of %" G_GUINT64_FORMAT " bytes ends past the end of "
                 "the file (%" G_GUINT64_FORMAT " bytes)", what, size, vmcx->size);
  if (vmcx->objects->len >= MAX_OBJECTS)
    return fail (vmcx, offset, error, "more than %u objects", MAX_OBJECTS);
  g_array_append_val (vmcx->objects, ((Range) { offset, size }));
  return TRUE;
}

static gint
compare_ranges (gconstpointer a, gconstpointer b)
{
  const Range *x = a;
  const Range *y = b;

  return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* No two objects (tables, file objects) share a byte: sorted by offset, each ends before the
 * next starts. */
static gboolean
check_overlaps (HvpVmcx *vmcx, GError **error)
{
  g_autoptr (GArray) sorted = g_array_copy (vmcx->objects);

  g_array_sort (sorted, compare_ranges);
  for (guint i = 1; i < sorted->len; i++)
    {
      const Range *before = &g_array_index (sorted, Range, i - 1);
      const Range *range = &g_array_index (sorted, Range, i);

      if (range->offset < before->offset + before->size)
        return fail (vmcx, range->offset, error, "object overlaps the object at offset %"
                     G_GUINT64_FORMAT, before->offset);
    }
  return TRUE;
}

static gboolean read_key_table (HvpVmcx *vmcx, guint64 offset, guint64 size, GError **error);

/* One object table entry; *@ret_next is set by an entry that chains to another table. */
static gboolean
read_object_entry (HvpVmcx *vmcx, const guint8 *entry, guint64 at, guint64 *ret_next,
                   GError **error)
{
  guint8 type = entry[0];
  guint64 offset = get64 (entry + 5);
  guint64 size = get32 (entry + 13);

  if (type == OBJECT_EMPTY || type == OBJECT_FREE)
    return TRUE;
  if (get32 (entry + 1) != crc_with_zeroed_field (entry, OBJECT_ENTRY_BYTES, 1))
    return fail (vmcx, at, error, "object table entry has a bad CRC-32");
  switch (type)
    {
    case OBJECT_TABLE:
      if (*ret_next != 0)
        return fail (vmcx, at, error, "object table chains to two tables");
      *ret_next = offset;
      return TRUE;
    case OBJECT_KEY_TABLE:
      if (size < KEY_TABLE_HEADER_BYTES || size > MAX_KEY_TABLE_BYTES)
        return fail (vmcx, at, error, "key table of %" G_GUINT64_FORMAT " bytes (%u to %u)", size,
                     KEY_TABLE_HEADER_BYTES, MAX_KEY_TABLE_BYTES);
      return add_object (vmcx, offset, size, "key table", error)
             && read_key_table (vmcx, offset, size, error);
    case OBJECT_FILE:
      if (!add_object (vmcx, offset, size, "file object", error))
        return FALSE;
      g_array_append_val (vmcx->file_objects, ((Range) { offset, size }));
      g_array_set_size (vmcx->file_object_used, vmcx->file_objects->len);
      return TRUE;
    default:
      return fail (vmcx, at, error, "object table entry of unknown type %u", type);
    }
}

/* The chain of object tables from 8192; a table listed twice is a loop. */
static gboolean
read_object_tables (HvpVmcx *vmcx, GError **error)
{
  g_autoptr (GArray) seen = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint64 offset = FIRST_OBJECT_TABLE;
  guint tables = 0;

  while (offset != 0)
    {
      const guint8 *header;
      const guint8 *entries;
      guint32 count;
      guint64 next = 0;

      if (++tables > MAX_OBJECT_TABLES)
        return fail (vmcx, offset, error, "more than %u object tables", MAX_OBJECT_TABLES);
      for (guint i = 0; i < seen->len; i++)
        if (g_array_index (seen, guint64, i) == offset)
          return fail (vmcx, offset, error, "the chain of object tables loops back to this table");
      g_array_append_val (seen, offset);
      header = region (vmcx, offset, OBJECT_TABLE_HEADER_BYTES, "object table", error);
      if (header == NULL)
        return FALSE;
      if (get32 (header) != OBJECT_TABLE_SIGNATURE)
        return fail (vmcx, offset, error, "no object table (signature 0x01110001)");
      count = get32 (header + 4);
      if (count == 0 || count > MAX_OBJECT_ENTRIES)
        return fail (vmcx, offset, error, "object table of %u entries (1 to %u)", count,
                     MAX_OBJECT_ENTRIES);
      if (!add_object (vmcx, offset,
                       OBJECT_TABLE_HEADER_BYTES + (guint64) count * OBJECT_ENTRY_BYTES,
                       "object table", error))
        return FALSE;
      entries = region (vmcx, offset + OBJECT_TABLE_HEADER_BYTES,
                        (guint64) count * OBJECT_ENTRY_BYTES, "object table entries", error);
      if (entries == NULL)
        return FALSE;
      for (guint32 i = 0; i < count; i++)
        if (!read_object_entry (vmcx, entries + (gsize) i * OBJECT_ENTRY_BYTES,
                                offset + OBJECT_TABLE_HEADER_BYTES + (guint64) i * OBJECT_ENTRY_BYTES,
                                &next, error))
          return FALSE;
      offset = next;
    }
  return check_overlaps (vmcx, error);
}

/* ------------------------------------------------------------------------------------------------
 * Key tables (FORMAT.md "Key Tables"): entries with a name and a typed value.
 */

/* The bytes of a value after the name, by type: fixed sizes, or 4 + the stated length; a file
 * object pointer is 12 bytes whatever the type. */
static gboolean
value_length (HvpVmcx *vmcx, const Key *key, const guint8 *value, gsize available, guint64 at,
              guint32 *ret_length, GError **error)
{
  guint64 length;

  if (key->flags & KEY_FLAG_FILE_OBJECT)
    length = 12;
  else
    switch (key->type)
      {
      case KEY_INT:
      case KEY_UINT:
      case KEY_DOUBLE:
        length = 8;
        break;
      case KEY_BOOL:
        length = 4;
        break;
      case KEY_NODE:
        length = 12;
        break;
      case KEY_STRING:
      case KEY_ARRAY:
        if (available < 4)
          return fail (vmcx, at, error, "key '%s': value length past the entry", key->name);
        length = 4 + (guint64) get32 (value);
        break;
      default:
        return fail (vmcx, at, error, "key '%s' of unknown type %u", key->name, key->type);
      }
  if (length > available)
    return fail (vmcx, at, error, "key '%s': value of %" G_GUINT64_FORMAT " bytes ends past its "
                 "entry", key->name, length);
  *ret_length = (guint32) length;
  return TRUE;
}

/* The name: NameSizeInSymbols bytes of UTF-8 ending in its only NUL. */
static gboolean
read_key_name (HvpVmcx *vmcx, const guint8 *name, gsize length, guint64 at, GError **error)
{
  if (length < 2 || name[length - 1] != '\0' || memchr (name, '\0', length - 1) != NULL)
    return fail (vmcx, at, error, "key name of %zu bytes is not one NUL-terminated name", length);
  if (!g_utf8_validate ((const char *) name, (gssize) length - 1, NULL))
    return fail (vmcx, at, error, "key name is not UTF-8");
  return TRUE;
}

/* One used entry at @entry (@room bytes to the end of its table, @size its SizeInBytes). */
static gboolean
read_key_entry (HvpVmcx *vmcx, guint16 table, guint32 offset, const guint8 *entry, guint32 size,
                guint64 at, GError **error)
{
  Key key = { 0 };
  guint8 name_length = entry[20];
  gsize meaningful;

  key.table = table;
  key.offset = offset;
  key.type = entry[0];
  key.flags = entry[1];
  key.parent_table = get16 (entry + 6);
  key.parent_offset = get32 (entry + 8);
  key.sequence = get32 (entry + 16);
  if (KEY_ENTRY_HEADER_BYTES + (gsize) name_length > size)
    return fail (vmcx, at, error, "key name of %u bytes ends past its entry", name_length);
  if (!read_key_name (vmcx, entry + KEY_ENTRY_HEADER_BYTES, name_length, at, error))
    return FALSE;
  key.name = (const char *) entry + KEY_ENTRY_HEADER_BYTES;
  key.value = entry + KEY_ENTRY_HEADER_BYTES + name_length;
  if (!value_length (vmcx, &key, key.value, size - KEY_ENTRY_HEADER_BYTES - name_length, at,
                     &key.value_length, error))
    return FALSE;
  /* The CRC covers the header (checksum zeroed), the name and the value, not the slack. */
  meaningful = KEY_ENTRY_HEADER_BYTES + name_length + key.value_length;
  if (get32 (entry + 12) != crc_with_zeroed_field (entry, meaningful, 12))
    return fail (vmcx, at, error, "key '%s' has a bad CRC-32", key.name);
  if (vmcx->keys->len >= HVP_VMCX_MAX_KEYS)
    return fail (vmcx, at, error, "more than %u keys", HVP_VMCX_MAX_KEYS);
  key.parent = NO_PARENT;
  g_array_append_val (vmcx->keys, key);
  return TRUE;
}

static gboolean
read_key_table (HvpVmcx *vmcx, guint64 offset, guint64 size, GError **error)
{
  const guint8 *table = region (vmcx, offset, size, "key table", error);
  guint16 index;
  gsize at = KEY_TABLE_HEADER_BYTES;

  if (table == NULL)
    return FALSE;
  if (get16 (table) != KEY_TABLE_SIGNATURE
      || get32 (table + 6) != crc_with_zeroed_field (table, KEY_TABLE_HEADER_BYTES, 6))
    return fail (vmcx, offset, error, "key table has no signature 0x0002 or a bad CRC-32");
  index = get16 (table + 2);
  if (index == 0)
    return fail (vmcx, offset, error, "key table index 0 (indexes start at 1)");
  /* Entries fill the table; fewer than a header's bytes at the end are slack. */
  while (at + KEY_ENTRY_HEADER_BYTES <= size)
    {
      const guint8 *entry = table + at;
      guint32 entry_size = get32 (entry + 2);

      if (entry_size < KEY_ENTRY_HEADER_BYTES || entry_size > size - at)
        return fail (vmcx, offset + at, error, "key table entry of %u bytes (%u to %"
                     G_GUINT64_FORMAT ")", entry_size, KEY_ENTRY_HEADER_BYTES, (guint64) (size - at));
      if (entry[0] != KEY_FREE
          && !read_key_entry (vmcx, index, (guint32) at, entry, entry_size, offset + at, error))
        return FALSE;
      at += entry_size;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------------------------------
 * The tree: parents resolved after every key table is read (formats.md 7: parents can come after
 * their children).
 */

static guint64
key_identity (guint16 table, guint32 offset)
{
  return ((guint64) table << 32) | offset;
}

static gint
compare_children (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const GArray *keys = user_data;
  const Key *x = &g_array_index (keys, Key, *(const guint *) a);
  const Key *y = &g_array_index (keys, Key, *(const guint *) b);

  if (x->sequence != y->sequence)
    return x->sequence < y->sequence ? -1 : 1;
  if (x->table != y->table)
    return x->table < y->table ? -1 : 1;
  return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static gboolean
link_parents (HvpVmcx *vmcx, GError **error)
{
  g_autoptr (GHashTable) by_identity = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                              g_free, NULL);

  for (guint i = 0; i < vmcx->keys->len; i++)
    {
      Key *key = &g_array_index (vmcx->keys, Key, i);
      gint64 *identity = g_new (gint64, 1);

      *identity = (gint64) key_identity (key->table, key->offset);
      if (g_hash_table_contains (by_identity, identity))
        {
          g_free (identity);
          return fail (vmcx, 0, error, "two key tables have the index %u", key->table);
        }
      g_hash_table_insert (by_identity, identity, GUINT_TO_POINTER (i + 1));
    }
  for (guint i = 0; i < vmcx->keys->len; i++)
    {
      Key *key = &g_array_index (vmcx->keys, Key, i);
      gint64 parent_identity = (gint64) key_identity (key->parent_table, key->parent_offset);
      guint parent;
      Key *parent_key;

      if (key->parent_table == 0 && key->parent_offset == 0)
        {
          g_array_append_val (vmcx->roots, i);
          continue;
        }
      parent = GPOINTER_TO_UINT (g_hash_table_lookup (by_identity, &parent_identity));
      if (parent == 0)
        return fail (vmcx, 0, error, "key '%s' (table %u, offset %u) names a parent (table %u, "
                     "offset %u) that is no key", key->name, key->table, key->offset,
                     key->parent_table, key->parent_offset);
      parent_key = &g_array_index (vmcx->keys, Key, parent - 1);
      if (parent_key->type != KEY_NODE)
        return fail (vmcx, 0, error, "key '%s' names '%s' as its parent, which is no node",
                     key->name, parent_key->name);
      key->parent = parent - 1;
      if (parent_key->children == NULL)
        parent_key->children = g_array_new (FALSE, FALSE, sizeof (guint));
      g_array_append_val (parent_key->children, i);
    }
  return TRUE;
}

/* Every key must be reached from the virtual root within HVP_VMCX_MAX_DEPTH levels: a key that is
 * not lies on a loop of parent references. */
static gboolean
check_tree (HvpVmcx *vmcx, GError **error)
{
  g_autoptr (GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree guint8 *depth = g_new0 (guint8, MAX (vmcx->keys->len, 1));
  guint reached = 0;

  g_array_sort_with_data (vmcx->roots, compare_children, vmcx->keys);
  for (guint i = 0; i < vmcx->roots->len; i++)
    {
      guint index = g_array_index (vmcx->roots, guint, i);

      depth[index] = 1;
      g_array_append_val (stack, index);
    }
  while (stack->len > 0)
    {
      guint index = g_array_index (stack, guint, stack->len - 1);
      Key *key = &g_array_index (vmcx->keys, Key, index);

      g_array_remove_index (stack, stack->len - 1);
      reached++;
      if (key->children == NULL)
        continue;
      if (depth[index] >= HVP_VMCX_MAX_DEPTH)
        return fail (vmcx, 0, error, "key '%s' is deeper than %u levels", key->name,
                     HVP_VMCX_MAX_DEPTH);
      g_array_sort_with_data (key->children, compare_children, vmcx->keys);
      for (guint c = 0; c < key->children->len; c++)
        {
          guint child = g_array_index (key->children, guint, c);

          depth[child] = (guint8) (depth[index] + 1);
          g_array_append_val (stack, child);
        }
    }
  if (reached != vmcx->keys->len)
    for (guint i = 0; i < vmcx->keys->len; i++)
      if (depth[i] == 0)
        {
          const Key *key = &g_array_index (vmcx->keys, Key, i);

          return fail (vmcx, 0, error, "key '%s' (table %u, offset %u): its parent references "
                       "loop", key->name, key->table, key->offset);
        }
  return TRUE;
}

/* ------------------------------------------------------------------------------------------------
 * Opening
 */

static HvpVmcx *
vmcx_alloc (const char *file, HvpInventory *inventory)
{
  HvpVmcx *vmcx = g_new0 (HvpVmcx, 1);

  vmcx->file = g_strdup (file);
  vmcx->fd = -1;
  vmcx->budget = HVP_VMCX_MAX_METADATA_BYTES;
  vmcx->buffers = g_ptr_array_new_with_free_func (g_free);
  vmcx->inventory = inventory;
  vmcx->keys = g_array_new (FALSE, FALSE, sizeof (Key));
  vmcx->roots = g_array_new (FALSE, FALSE, sizeof (guint));
  vmcx->file_objects = g_array_new (FALSE, FALSE, sizeof (Range));
  vmcx->file_object_used = g_array_new (FALSE, TRUE, sizeof (gboolean));
  vmcx->objects = g_array_new (FALSE, FALSE, sizeof (Range));
  return vmcx;
}

static gboolean
vmcx_load (HvpVmcx *vmcx, GError **error)
{
  Header header = { 0 };

  return choose_header (vmcx, &header, error) && check_header (vmcx, &header, error)
         && read_object_tables (vmcx, error) && check_replay_log (vmcx, &header, error)
         && link_parents (vmcx, error) && check_tree (vmcx, error);
}

/**
 * hvp_vmcx_new_from_data:
 * @file: the file name, for messages
 * @data: (array length=length): the whole file; must outlive the result
 * @length: bytes in @data
 * @inventory: (nullable): where warnings go (replay-log changes not committed)
 * @error: return location for an error
 *
 * Reads a Hyper-V storage file (`.vmcx`, `.vmrs`, `.vsv`) held in memory into its key tree
 * (Microsoft, openvmm `support/hvs_file/FORMAT.md`; formats.md section 7): the valid header copy
 * of higher sequence, the chained object tables, every key table, then the parents; every
 * header, object table entry, key table and used key CRC-32 is checked.  Error messages are one
 * line (hvp_error_one_line()): key names they quote are escaped.
 *
 * Returns: (transfer full) (nullable): the tree, or %NULL with %HVP_ERROR_DATA (the message
 *   names @file and the byte offset: truncated, bad CRC, overlapping objects, a value past its
 *   entry, a parent that is no node, a loop of parents, more than %HVP_VMCX_MAX_KEYS keys or
 *   %HVP_VMCX_MAX_DEPTH levels) or %HVP_ERROR_UNSUPPORTED (a format version other than 4.x)
 */
HvpVmcx *
hvp_vmcx_new_from_data (const char *file, const char *data, gsize length, HvpInventory *inventory,
                        GError **error)
{
  g_autoptr (HvpVmcx) vmcx = vmcx_alloc (file, inventory);

  g_return_val_if_fail (file != NULL && (data != NULL || length == 0), NULL);

  vmcx->data = (const guint8 *) (data != NULL ? data : "");
  vmcx->size = length;
  if (!vmcx_load (vmcx, error))
    {
      if (error != NULL)
        hvp_error_one_line (*error);
      return NULL;
    }
  return g_steal_pointer (&vmcx);
}

/**
 * hvp_vmcx_new_from_file:
 * @file: a regular file
 * @inventory: (nullable): where warnings go
 * @error: return location for an error
 *
 * As hvp_vmcx_new_from_data(), reading only the headers, tables and the values asked for
 * (at most %HVP_VMCX_MAX_METADATA_BYTES) with pread(): for a `.vmrs` or `.vsv` whose file
 * objects hold the guest's memory.
 *
 * Returns: (transfer full) (nullable): the tree, or %NULL with %HVP_ERROR_OPEN (cannot open,
 *   not a regular file), or an error of hvp_vmcx_new_from_data()
 */
HvpVmcx *
hvp_vmcx_new_from_file (const char *file, HvpInventory *inventory, GError **error)
{
  g_autoptr (HvpVmcx) vmcx = vmcx_alloc (file, inventory);
  struct stat st;

  g_return_val_if_fail (file != NULL, NULL);

  /* O_NONBLOCK: a FIFO must not block the open; it is refused below. */
  vmcx->fd = g_open (file, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (vmcx->fd < 0 || fstat (vmcx->fd, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, HVP_ERROR, HVP_ERROR_OPEN, "cannot read '%s': %s", file,
                   g_strerror (saved_errno));
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_OPEN, "cannot read '%s': not a regular file",
                   file);
      return NULL;
    }
  vmcx->size = (guint64) st.st_size;
  if (!vmcx_load (vmcx, error))
    {
      if (error != NULL)
        hvp_error_one_line (*error);
      return NULL;
    }
  return g_steal_pointer (&vmcx);
}

/**
 * hvp_vmcx_free:
 * @vmcx: (nullable) (transfer full): a key tree
 */
void
hvp_vmcx_free (HvpVmcx *vmcx)
{
  if (vmcx == NULL)
    return;
  for (guint i = 0; i < vmcx->keys->len; i++)
    {
      Key *key = &g_array_index (vmcx->keys, Key, i);

      if (key->children != NULL)
        g_array_unref (key->children);
    }
  if (vmcx->fd >= 0)
    close (vmcx->fd);
  g_array_unref (vmcx->keys);
  g_array_unref (vmcx->roots);
  g_array_unref (vmcx->file_objects);
  g_array_unref (vmcx->file_object_used);
  g_array_unref (vmcx->objects);
  g_ptr_array_unref (vmcx->buffers);
  g_free (vmcx->file);
  g_free (vmcx);
}

/**
 * hvp_vmcx_format_version:
 * @vmcx: a key tree
 *
 * Returns: the container's FormatVersion, `(major << 8) | minor` (0x0400 for 4.0)
 */
guint
hvp_vmcx_format_version (const HvpVmcx *vmcx)
{
  g_return_val_if_fail (vmcx != NULL, 0);
  return vmcx->format_version;
}

/**
 * hvp_vmcx_count_keys:
 * @vmcx: a key tree
 *
 * Returns: the number of used keys (nodes and values) in the file
 */
guint
hvp_vmcx_count_keys (const HvpVmcx *vmcx)
{
  g_return_val_if_fail (vmcx != NULL, 0);
  return vmcx->keys->len;
}

/* The child of @children called @name (@length bytes), or NO_PARENT. */
static guint
find_child (const HvpVmcx *vmcx, const GArray *children, const char *name, gsize length)
{
  for (guint i = 0; children != NULL && i < children->len; i++)
    {
      guint index = g_array_index (children, guint, i);
      const Key *key = &g_array_index (vmcx->keys, Key, index);

      if (strncmp (key->name, name, length) == 0 && key->name[length] == '\0')
        return index;
    }
  return NO_PARENT;
}

/**
 * hvp_vmcx_has_key:
 * @vmcx: a key tree
 * @path: a key path without a leading slash, such as "savedstate/RamMemoryBlock0"
 *
 * Returns: %TRUE when the file holds a key at @path (node or value)
 */
gboolean
hvp_vmcx_has_key (const HvpVmcx *vmcx, const char *path)
{
  const GArray *children;
  const char *segment = path;

  g_return_val_if_fail (vmcx != NULL && path != NULL, FALSE);

  children = vmcx->roots;
  while (*segment != '\0')
    {
      const char *end = strchr (segment, '/');
      guint index;

      if (end == NULL)
        end = segment + strlen (segment);
      index = find_child (vmcx, children, segment, (gsize) (end - segment));
      if (index == NO_PARENT)
        return FALSE;
      if (*end == '\0')
        return TRUE;
      children = g_array_index (vmcx->keys, Key, index).children;
      segment = end + 1;
    }
  return FALSE;
}

/* ------------------------------------------------------------------------------------------------
 * The XML shape of the 2012 R2 configuration (formats.md 1.2): one element a key, the value as
 * text with its type attribute, so that one mapping (collectors/hyperv-xml) reads both.
 */

/* A file object's bytes: inside one file object the object tables list, which no other key's
 * value uses (FORMAT.md: each large value gets its own file object; two keys sharing one would
 * let a small file expand into every key's copy of the same bytes). */
static const guint8 *
file_object_value (HvpVmcx *vmcx, const Key *key, guint32 *ret_length, GError **error)
{
  guint32 length = get32 (key->value);
  guint64 offset = get64 (key->value + 4);

  for (guint i = 0; i < vmcx->file_objects->len; i++)
    {
      const Range *object = &g_array_index (vmcx->file_objects, Range, i);

      if (offset >= object->offset && length <= object->size
          && offset - object->offset <= object->size - length)
        {
          if (g_array_index (vmcx->file_object_used, gboolean, i))
            {
              fail (vmcx, offset, error, "key '%s': its file object holds another key's value",
                    key->name);
              return NULL;
            }
          g_array_index (vmcx->file_object_used, gboolean, i) = TRUE;
          *ret_length = length;
          if (length > MAX_VALUE_BYTES)
            return NULL;
          return region (vmcx, offset, length, "file object", error);
        }
    }
  fail (vmcx, offset, error, "key '%s': value of %u bytes is in no file object", key->name,
        length);
  return NULL;
}

/* The text of a String value (UTF-16LE, no NUL: formats.md 7) in UTF-8. */
static char *
string_text (HvpVmcx *vmcx, const Key *key, const guint8 *bytes, guint32 length, GError **error)
{
  g_autofree gunichar2 *units = NULL;
  g_autoptr (GError) local_error = NULL;
  char *text;

  if (length % 2 != 0)
    {
      fail (vmcx, 0, error, "key '%s': string of an odd number of bytes (%u)", key->name, length);
      return NULL;
    }
  units = g_new (gunichar2, length / 2 + 1);
  for (guint32 i = 0; i < length / 2; i++)
    units[i] = get16 (bytes + 2 * (gsize) i);
  text = g_utf16_to_utf8 (units, length / 2, NULL, NULL, &local_error);
  if (text == NULL)
    fail (vmcx, 0, error, "key '%s': string is not UTF-16: %s", key->name, local_error->message);
  return text;
}

/* The value of @key as the XML text of its type, and the type attribute. */
static char *
value_text (HvpVmcx *vmcx, const Key *key, const char **ret_type, GError **error)
{
  const guint8 *bytes = key->value;
  guint32 length = key->value_length;
  guint32 needed = key->type == KEY_BOOL ? 4 : 8;

  if (key->flags & KEY_FLAG_FILE_OBJECT)
    {
      g_autoptr (GError) local_error = NULL;

      bytes = file_object_value (vmcx, key, &length, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  else if (key->type == KEY_STRING || key->type == KEY_ARRAY)
    {
      bytes += 4;
      length -= 4;
    }
  if (key->type != KEY_STRING && key->type != KEY_ARRAY && key->type != KEY_NODE
      && (bytes == NULL || length < needed))
    {
      fail (vmcx, 0, error, "key '%s': file object of %u bytes for a value of %u", key->name,
            length, needed);
      return NULL;
    }
  switch (key->type)
    {
    case KEY_INT:
      *ret_type = "integer";
      return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) get64 (bytes));
    case KEY_UINT:
      *ret_type = "integer";
      return g_strdup_printf ("%" G_GUINT64_FORMAT, get64 (bytes));
    case KEY_DOUBLE:
      {
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];
        guint64 raw = get64 (bytes);
        double value;

        memcpy (&value, &raw, sizeof value);
        *ret_type = "double";
        return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, value));
      }
    case KEY_BOOL:
      *ret_type = "bool";
      return g_strdup (get32 (bytes) != 0 ? "True" : "False");
    case KEY_STRING:
      *ret_type = "string";
      return bytes != NULL ? string_text (vmcx, key, bytes, length, error) : g_strdup ("");
    default:
      *ret_type = "bytes";
      return bytes != NULL ? g_base64_encode (bytes, length) : g_strdup ("");
    }
}

/* The elements of @children below the element open in @tree, recursively (depth checked by
 * check_tree()): the key walk's enter / text / leave events. */
static gboolean
add_elements (HvpVmcx *vmcx, HvpXmlTree *tree, const GArray *children, GError **error)
{
  for (guint i = 0; children != NULL && i < children->len; i++)
    {
      const Key *key = &g_array_index (vmcx->keys, Key, g_array_index (children, guint, i));
      g_autofree char *text = NULL;
      const char *type = NULL;

      hvp_xml_tree_enter (tree, key->name, 0);
      if (key->type == KEY_NODE && !(key->flags & KEY_FLAG_FILE_OBJECT))
        {
          if (!add_elements (vmcx, tree, key->children, error))
            return FALSE;
        }
      else
        {
          text = value_text (vmcx, key, &type, error);
          if (text == NULL)
            return FALSE;
          hvp_xml_tree_text (tree, text, strlen (text), HVP_XML_CHILD_TEXT);
        }
      hvp_xml_tree_leave (tree);
    }
  return TRUE;
}

/**
 * hvp_vmcx_to_tree:
 * @vmcx: a key tree
 * @top: the name of the top-level key that becomes the tree's root element
 *   ("configuration" for a `.vmcx`)
 * @tree: the element tree to fill (cleared first)
 * @error: return location for an error
 *
 * Walks the keys below @top in insertion order and builds the element tree of the 2012 R2
 * configuration's XML shape (formats.md 1.2 and 7): one element per key, with the line 0; Int
 * and UInt values as decimal text, Bool as `True`/`False`, String as UTF-8 (up to a NUL), Array
 * as base64, Double as g_ascii_dtostr() gives it.  Values in file objects are read (up to 1 MiB
 * each; a larger one is an empty element).  The XML collector then maps it onto the model as it
 * maps the tree of an `.xml` file (hvp_xml_parse_tree()).
 *
 * Returns: %TRUE with @tree filled, or %FALSE with %HVP_ERROR_DATA when @vmcx has no top-level
 *   node @top, or a value is out of its file object or not UTF-16
 */
gboolean
hvp_vmcx_to_tree (HvpVmcx *vmcx, const char *top, HvpXmlTree *tree, GError **error)
{
  const Key *key;
  guint index;

  g_return_val_if_fail (vmcx != NULL && top != NULL && tree != NULL, FALSE);

  hvp_xml_tree_clear (tree);
  index = find_child (vmcx, vmcx->roots, top, strlen (top));
  if (index == NO_PARENT || g_array_index (vmcx->keys, Key, index).type != KEY_NODE)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "'%s' has no '%s' key: not a Hyper-V VM "
                   "configuration", vmcx->file, top);
      if (error != NULL)
        hvp_error_one_line (*error);
      return FALSE;
    }
  key = &g_array_index (vmcx->keys, Key, index);
  if (vmcx->file_object_used->len > 0)
    memset (vmcx->file_object_used->data, 0, vmcx->file_object_used->len * sizeof (gboolean));
  hvp_xml_tree_enter (tree, key->name, 0);
  if (!add_elements (vmcx, tree, key->children, error))
    {
      if (error != NULL)
        hvp_error_one_line (*error);
      return FALSE;
    }
  hvp_xml_tree_leave (tree);
  return TRUE;
}
