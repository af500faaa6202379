/* hvplan: the PowerShell collector.  It reads the "hvplan-powershell/1" document that
 * collect-hyperv.ps1 writes (collectors/powershell/README.md), and the shapes Windows PowerShell
 * writes when someone saves Hyper-V cmdlet output with ConvertTo-Json by hand (formats.md section
 * 2: enums as integers or names, one result as an object instead of an array, "\/Date(ms)\/" and
 * ISO 8601 dates, UTF-16LE and UTF-8-with-BOM files, values cut to a type name by -Depth). */
#include "collectors/powershell/powershell.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "collectors/powershell/security.h"
#include "models/json.h"

/* Bytes of a file the probe looks at. */
#define PROBE_BYTES 4096

/* The largest integer a double holds exactly: cJSON reads numbers as doubles. */
#define MAX_EXACT_INTEGER 9007199254740991.0

/* ------------------------------------------------------------------------------------ text */

/* Converts @text to UTF-8 by its byte order mark (UTF-16LE: Windows PowerShell 5.1's `>` and
 * Out-File; UTF-8 with BOM: -Encoding UTF8; formats.md 2.1), or UTF-16LE without one when the
 * second byte is NUL and the first is not.  Returns the UTF-8 text, owned by *ret_owned when a
 * conversion was needed. */
static gboolean
decode_text (const char *file, const char *text, gsize length, char **ret_owned,
             const char **ret_text, gsize *ret_length, GError **error)
{
  const guchar *bytes = (const guchar *) text;
  const char *encoding = NULL;
  gsize skip = 0;
  const char *end = NULL;

  *ret_owned = NULL;
  if (length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
    encoding = "UTF-16LE", skip = 2;
  else if (length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
    encoding = "UTF-16BE", skip = 2;
  else if (length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
    skip = 3;
  else if (length >= 2 && bytes[0] != 0 && bytes[1] == 0)
    encoding = "UTF-16LE";

  if (encoding != NULL)
    {
      g_autoptr (GError) local_error = NULL;
      gsize bytes_read = 0;
      gsize bytes_written = 0;
      char *converted = g_convert (text + skip, (gssize) (length - skip), "UTF-8", encoding,
                                   &bytes_read, &bytes_written, &local_error);

      if (converted == NULL)
        {
          g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                       "'%s': not valid %s text at byte %" G_GSIZE_FORMAT, file, encoding,
                       skip + bytes_read);
          return FALSE;
        }
      /* With bytes_read given, g_convert() stops before a partial last character. */
      if (skip + bytes_read < length)
        {
          g_free (converted);
          g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                       "'%s': %s text ends in the middle of a character at byte %" G_GSIZE_FORMAT
                       ": the file is truncated", file, encoding, length);
          return FALSE;
        }
      *ret_owned = converted;
      text = converted;
      length = bytes_written;
      skip = 0;
    }
  if (!g_utf8_validate_len (text + skip, length - skip, &end))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "'%s': not UTF-8 text at byte %" G_GSIZE_FORMAT "%s", file,
                   (gsize) (end - text),
                   *end == '\0' ? " (a NUL byte)" : ": save it as UTF-8 or UTF-16 (Out-File -Encoding UTF8)");
      g_clear_pointer (ret_owned, g_free);
      return FALSE;
    }
  *ret_text = text + skip;
  *ret_length = length - skip;
  return TRUE;
}

/* ---------------------------------------------------------------------------------- values */

typedef struct {
  const char *file;
  HvpInventory *inventory;
} Reader;

/* "VMs[2].Memory.Startup": @path is the parent's path ("" at the root). */
static char *
path_key (const char *path, const char *key)
{
  return *path == '\0' ? g_strdup (key) : g_strdup_printf ("%s.%s", path, key);
}

static char *
path_index (const char *path, guint index)
{
  return g_strdup_printf ("%s[%u]", path, index);
}

static gboolean
fail_type (const Reader *reader, const char *path, const cJSON *item, const char *expected,
           GError **error)
{
  if (cJSON_IsString (item))
    g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "'%s': %s: expected %s, found the string '%s'",
                 reader->file, path, expected, item->valuestring);
  else
    g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "'%s': %s: expected %s, found %s",
                 reader->file, path, expected, hvp_json_type_name (item));
  return FALSE;
}

static const cJSON *
member (const cJSON *object, const char *key)
{
  return cJSON_GetObjectItemCaseSensitive (object, key);
}

static gboolean
has_member (const cJSON *object, const char *key)
{
  return member (object, key) != NULL;
}

/* A string member: absent, null and "" give NULL (PowerShell writes "" for an unset path). */
static gboolean
read_string (const Reader *reader, const cJSON *object, const char *path, const char *key,
             char **ret_string, GError **error)
{
  const cJSON *item = member (object, key);
  g_autofree char *item_path = NULL;

  if (item == NULL || cJSON_IsNull (item))
    {
      *ret_string = NULL;
      return TRUE;
    }
  if (!cJSON_IsString (item))
    {
      item_path = path_key (path, key);
      return fail_type (reader, item_path, item, "a string", error);
    }
  *ret_string = *item->valuestring == '\0' ? NULL : g_strdup (item->valuestring);
  return TRUE;
}

/* The first of two spellings of one property (Get-VM writes Id and VMId; fragments only one). */
static gboolean
read_string_either (const Reader *reader, const cJSON *object, const char *path,
                    const char *key, const char *other_key, char **ret_string, GError **error)
{
  if (!read_string (reader, object, path, key, ret_string, error))
    return FALSE;
  if (*ret_string != NULL)
    return TRUE;
  return read_string (reader, object, path, other_key, ret_string, error);
}

/* A whole, non-negative number of at most @max; a string of decimal digits is accepted too.
 * Absent or null: *ret_present is FALSE and *ret_value untouched. */
static gboolean
read_uint64 (const Reader *reader, const cJSON *object, const char *path, const char *key,
             guint64 max, gboolean *ret_present, guint64 *ret_value, GError **error)
{
  const cJSON *item = member (object, key);
  g_autofree char *item_path = NULL;
  guint64 value;

  *ret_present = FALSE;
  if (item == NULL || cJSON_IsNull (item))
    return TRUE;
  item_path = path_key (path, key);
  if (cJSON_IsString (item))
    {
      if (!hvp_parse_uint64 (item->valuestring, &value))
        return fail_type (reader, item_path, item, "a whole number", error);
    }
  else if (cJSON_IsNumber (item))
    {
      double number = item->valuedouble;

      if (!(number >= 0) || number != floor (number) || number > MAX_EXACT_INTEGER)
        {
          g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                       "'%s': %s: %.17g is not a whole number from 0 to 2^53 - 1", reader->file,
                       item_path, number);
          return FALSE;
        }
      value = (guint64) number;
    }
  else
    return fail_type (reader, item_path, item, "a number", error);
  if (value > max)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "'%s': %s: %" G_GUINT64_FORMAT " is larger than %" G_GUINT64_FORMAT,
                   reader->file, item_path, value, max);
      return FALSE;
    }
  *ret_present = TRUE;
  *ret_value = value;
  return TRUE;
}

/* read_uint64() into a guint (counts); absent leaves *ret_value untouched. */
static gboolean
read_count (const Reader *reader, const cJSON *object, const char *path, const char *key,
            guint *ret_value, GError **error)
{
  gboolean present;
  guint64 value = 0;

  if (!read_uint64 (reader, object, path, key, G_MAXUINT, &present, &value, error))
    return FALSE;
  if (present)
    *ret_value = (guint) value;
  return TRUE;
}

/* read_count() of a vCPU count: an explicit 0 is refused (hvp_vm_refuse_zero_vcpus()). */
static gboolean
read_vcpus (const Reader *reader, const cJSON *object, const char *path, const char *key,
            guint *ret_value, GError **error)
{
  gboolean present;
  guint64 value = 0;

  if (!read_uint64 (reader, object, path, key, G_MAXUINT, &present, &value, error))
    return FALSE;
  if (present && value == 0)
    {
      g_autofree char *item_path = path_key (path, key);

      hvp_vm_refuse_zero_vcpus (error);
      g_prefix_error (error, "'%s': %s: ", reader->file, item_path);
      return FALSE;
    }
  if (present)
    *ret_value = (guint) value;
  return TRUE;
}

/* read_uint64() for bytes; absent leaves *ret_value untouched. */
static gboolean
read_bytes (const Reader *reader, const cJSON *object, const char *path, const char *key,
            guint64 *ret_value, GError **error)
{
  gboolean present;

  return read_uint64 (reader, object, path, key, G_MAXUINT64, &present, ret_value, error);
}

/* true / false, or the strings "True" / "False" (a value cut by -Depth, or Export-Csv habits).
 * Absent or null: *ret_present is FALSE. */
static gboolean
read_bool (const Reader *reader, const cJSON *object, const char *path, const char *key,
           gboolean *ret_present, gboolean *ret_value, GError **error)
{
  const cJSON *item = member (object, key);
  g_autofree char *item_path = NULL;

  *ret_present = FALSE;
  if (item == NULL || cJSON_IsNull (item))
    return TRUE;
  if (cJSON_IsBool (item))
    *ret_value = cJSON_IsTrue (item);
  else if (cJSON_IsString (item) && g_ascii_strcasecmp (item->valuestring, "True") == 0)
    *ret_value = TRUE;
  else if (cJSON_IsString (item) && g_ascii_strcasecmp (item->valuestring, "False") == 0)
    *ret_value = FALSE;
  else
    {
      item_path = path_key (path, key);
      return fail_type (reader, item_path, item, "true or false", error);
    }
  *ret_present = TRUE;
  return TRUE;
}

/* One value of a .NET enum: its number on the wire, its name, and what the model makes of it. */
typedef struct {
  gint64 number;
  const char *name;
  int model;
} EnumValue;

/* An enum written as its number (ConvertTo-Json's default) or its name (-EnumsAsStrings, a value
 * cut by -Depth, or collect-hyperv.ps1).  A value the table does not know is a warning and reads
 * as @unknown; absent or null is @unknown without a warning. */
static gboolean
read_enum (const Reader *reader, const cJSON *object, const char *path, const char *key,
           const EnumValue *table, gsize n_values, int unknown, int *ret_value, GError **error)
{
  const cJSON *item = member (object, key);
  g_autofree char *item_path = NULL;

  *ret_value = unknown;
  if (item == NULL || cJSON_IsNull (item))
    return TRUE;
  item_path = path_key (path, key);
  if (cJSON_IsNumber (item))
    {
      for (gsize i = 0; i < n_values; i++)
        if ((double) table[i].number == item->valuedouble)
          {
            *ret_value = table[i].model;
            return TRUE;
          }
      hvp_inventory_add_warning (reader->inventory, reader->file, item_path,
                                 "unknown %s value %.17g, read as unknown", key, item->valuedouble);
      return TRUE;
    }
  if (cJSON_IsString (item))
    {
      guint64 number;

      for (gsize i = 0; i < n_values; i++)
        if (g_ascii_strcasecmp (table[i].name, item->valuestring) == 0
            || (hvp_parse_uint64 (item->valuestring, &number) && (gint64) number == table[i].number))
          {
            *ret_value = table[i].model;
            return TRUE;
          }
      hvp_inventory_add_warning (reader->inventory, reader->file, item_path,
                                 "unknown %s value '%s', read as unknown", key, item->valuestring);
      return TRUE;
    }
  return fail_type (reader, item_path, item, "a number or a name", error);
}

/* Parses "/Date(1507552800000)/" or "/Date(1507552800000+0200)/" (Windows PowerShell 5.1's
 * DateTime; the milliseconds count from 1970 UTC, the offset is only a display hint). */
static gboolean
parse_ms_date (const char *text, gint64 *ret_seconds)
{
  const char *p;
  char *end = NULL;
  gint64 ms;

  if (!g_str_has_prefix (text, "/Date("))
    return FALSE;
  p = text + 6;
  ms = g_ascii_strtoll (p, &end, 10);
  if (end == p || (*end != ')' && *end != '+' && *end != '-'))
    return FALSE;
  if (*end != ')')
    {
      p = end + 1;
      for (int i = 0; i < 4; i++)
        if (!g_ascii_isdigit (p[i]))
          return FALSE;
      end = (char *) p + 4;
    }
  if (strcmp (end, ")/") != 0)
    return FALSE;
  *ret_seconds = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
  return TRUE;
}

/* A date: "\/Date(ms)\/" (5.1), ISO 8601 (PowerShell 7, collect-hyperv.ps1; UTC when it names no
 * zone), or 5.1's {"value": "\/Date(ms)\/", "DateTime": "..."} wrapper of a bare Get-Date.  An
 * unreadable date is a warning and stays unknown (0). */
static gboolean
read_time (const Reader *reader, const cJSON *object, const char *path, const char *key,
           gint64 *ret_seconds, GError **error)
{
  const cJSON *item = member (object, key);
  g_autofree char *item_path = NULL;
  g_autoptr (GTimeZone) utc = NULL;
  g_autoptr (GDateTime) time = NULL;

  if (item == NULL || cJSON_IsNull (item))
    return TRUE;
  item_path = path_key (path, key);
  if (cJSON_IsObject (item) && cJSON_IsString (member (item, "value")))
    item = member (item, "value");
  if (!cJSON_IsString (item))
    return fail_type (reader, item_path, item, "a date", error);
  if (parse_ms_date (item->valuestring, ret_seconds))
    return TRUE;
  utc = g_time_zone_new_utc ();
  time = g_date_time_new_from_iso8601 (item->valuestring, utc);
  if (time != NULL)
    {
      *ret_seconds = g_date_time_to_unix (time);
      return TRUE;
    }
  hvp_inventory_add_warning (reader->inventory, reader->file, item_path,
                             "'%s' is not a date (\\/Date(ms)\\/ or ISO 8601); read as unknown",
                             item->valuestring);
  return TRUE;
}

/* Reports a string where an object or list was expected: ConvertTo-Json writes an object below
 * its -Depth (default 2) as its type name, "Microsoft.HyperV.PowerShell.HardDiskDrive". */
static void
warn_truncated (const Reader *reader, const char *path, const cJSON *item)
{
  hvp_inventory_add_warning (reader->inventory, reader->file, path,
                             "'%s' instead of its properties: ConvertTo-Json cut it at -Depth "
                             "(use -Depth 4 or collect-hyperv.ps1); not read",
                             item->valuestring);
}

/* The elements of a list member: an array's elements; a single object stands for a list of one
 * (ConvertTo-Json writes one result as an object); 5.1's {"value": [...], "Count": n} wrapper is
 * its array.  Absent and null are empty; a string is a value cut by -Depth (a warning, empty).
 * Returns a (transfer container) array of borrowed items, or NULL with @error for a number or
 * boolean. */
static GPtrArray *
read_list (const Reader *reader, const cJSON *object, const char *path, const char *key,
           GError **error)
{
  const cJSON *item = member (object, key);
  GPtrArray *elements = g_ptr_array_new ();
  g_autofree char *item_path = path_key (path, key);
  const cJSON *child;

  if (item == NULL || cJSON_IsNull (item))
    return elements;
  if (cJSON_IsObject (item) && cJSON_IsArray (member (item, "value")) && has_member (item, "Count"))
    item = member (item, "value");
  if (cJSON_IsArray (item))
    {
      cJSON_ArrayForEach (child, item)
        g_ptr_array_add (elements, (gpointer) child);
    }
  else if (cJSON_IsObject (item))
    g_ptr_array_add (elements, (gpointer) item);
  else if (cJSON_IsString (item))
    warn_truncated (reader, item_path, item);
  else
    {
      g_ptr_array_unref (elements);
      fail_type (reader, item_path, item, "a list", error);
      return NULL;
    }
  return elements;
}

typedef enum {
  ELEMENT_READ,
  ELEMENT_SKIP,
  ELEMENT_ERROR,
} ElementUse;

/* An element of a list that must be an object: read it; skip it (null, or a string cut by
 * -Depth: a warning); or an error for another type. */
static ElementUse
element_is_object (const Reader *reader, const cJSON *element, const char *path, GError **error)
{
  if (cJSON_IsObject (element))
    return ELEMENT_READ;
  if (cJSON_IsString (element))
    warn_truncated (reader, path, element);
  else if (!cJSON_IsNull (element))
    {
      fail_type (reader, path, element, "an object", error);
      return ELEMENT_ERROR;
    }
  return ELEMENT_SKIP;
}

/* An object of a list, with its key path for messages. */
typedef struct {
  const cJSON *object;
  char *path;
} Listed;

static void
listed_free (gpointer data)
{
  Listed *listed = data;

  g_free (listed->path);
  g_free (listed);
}

/* The objects of the list at @key (as read_list() reads it), each with its path: a string
 * element (cut by -Depth) is a warning and a null is skipped, any other non-object an error.
 * Returns: (transfer container) (element-type Listed): the objects, or NULL with @error set */
static GPtrArray *
read_object_list (const Reader *reader, const cJSON *object, const char *path, const char *key,
                  GError **error)
{
  g_autoptr (GPtrArray) elements = read_list (reader, object, path, key, error);
  g_autoptr (GPtrArray) objects = NULL;
  g_autofree char *list_path = path_key (path, key);

  if (elements == NULL)
    return NULL;
  objects = g_ptr_array_new_with_free_func (listed_free);
  for (guint i = 0; i < elements->len; i++)
    {
      const cJSON *element = g_ptr_array_index (elements, i);
      g_autofree char *element_path = path_index (list_path, i);
      Listed *listed;

      switch (element_is_object (reader, element, element_path, error))
        {
        case ELEMENT_ERROR:
          return NULL;
        case ELEMENT_SKIP:
          continue;
        case ELEMENT_READ:
        default:
          break;
        }
      listed = g_new (Listed, 1);
      listed->object = element;
      listed->path = g_steal_pointer (&element_path);
      g_ptr_array_add (objects, listed);
    }
  return g_steal_pointer (&objects);
}

/* An object member: absent and null give NULL; a string is a value cut by -Depth (a warning,
 * NULL); another type is an error. */
static gboolean
read_object (const Reader *reader, const cJSON *object, const char *path, const char *key,
             const cJSON **ret_object, GError **error)
{
  const cJSON *item = member (object, key);
  g_autofree char *item_path = NULL;

  *ret_object = NULL;
  if (item == NULL || cJSON_IsNull (item))
    return TRUE;
  item_path = path_key (path, key);
  if (cJSON_IsObject (item))
    *ret_object = item;
  else if (cJSON_IsString (item))
    warn_truncated (reader, item_path, item);
  else
    return fail_type (reader, item_path, item, "an object", error);
  return TRUE;
}

/* A GUID as the model keeps it: upper case, without braces; the all-zero GUID (PowerShell's
 * "no snapshot") is NULL.  Takes @text (transfer full). */
static char *
guid_normalize (char *text)
{
  char *guid;

  if (text == NULL)
    return NULL;
  guid = g_ascii_strup (text + (text[0] == '{'), -1);
  g_free (text);
  if (guid[0] != '\0' && guid[strlen (guid) - 1] == '}')
    guid[strlen (guid) - 1] = '\0';
  if (strspn (guid, "0-") == strlen (guid) && guid[0] != '\0')
    g_clear_pointer (&guid, g_free);
  return guid;
}

/* ------------------------------------------------------------------------------ enum tables */

/* VMState (formats.md 2.2).  Transitional states are "other"; the *Critical variants (storage
 * lost) map like their plain states. */
static const EnumValue vm_states[] = {
  { 1, "Other", HVP_VM_STATE_OTHER },
  { 2, "Running", HVP_VM_STATE_RUNNING },
  { 3, "Off", HVP_VM_STATE_OFF },
  { 4, "Stopping", HVP_VM_STATE_OTHER },
  { 6, "Saved", HVP_VM_STATE_SAVED },
  { 9, "Paused", HVP_VM_STATE_PAUSED },
  { 10, "Starting", HVP_VM_STATE_OTHER },
  { 11, "Reset", HVP_VM_STATE_OTHER },
  { 32773, "Saving", HVP_VM_STATE_OTHER },
  { 32776, "Pausing", HVP_VM_STATE_OTHER },
  { 32777, "Resuming", HVP_VM_STATE_OTHER },
  { 32779, "FastSaved", HVP_VM_STATE_SAVED },
  { 32780, "FastSaving", HVP_VM_STATE_OTHER },
  { 32781, "ForceShutdown", HVP_VM_STATE_OTHER },
  { 32782, "ForceReboot", HVP_VM_STATE_OTHER },
  { 32783, "Hibernated", HVP_VM_STATE_SAVED },
  { 32784, "ComponentServicing", HVP_VM_STATE_OTHER },
  { 32785, "RunningCritical", HVP_VM_STATE_RUNNING },
  { 32786, "OffCritical", HVP_VM_STATE_OFF },
  { 32787, "StoppingCritical", HVP_VM_STATE_OTHER },
  { 32788, "SavedCritical", HVP_VM_STATE_SAVED },
  { 32789, "PausedCritical", HVP_VM_STATE_PAUSED },
  { 32790, "StartingCritical", HVP_VM_STATE_OTHER },
  { 32791, "ResetCritical", HVP_VM_STATE_OTHER },
  { 32792, "SavingCritical", HVP_VM_STATE_OTHER },
  { 32793, "PausingCritical", HVP_VM_STATE_OTHER },
  { 32794, "ResumingCritical", HVP_VM_STATE_OTHER },
  { 32795, "FastSavedCritical", HVP_VM_STATE_SAVED },
  { 32796, "FastSavingCritical", HVP_VM_STATE_OTHER },
};

/* VMSwitchType. */
static const EnumValue switch_types[] = {
  { 0, "Private", HVP_SWITCH_TYPE_PRIVATE },
  { 1, "Internal", HVP_SWITCH_TYPE_INTERNAL },
  { 2, "External", HVP_SWITCH_TYPE_EXTERNAL },
};

/* VhdFormat; a VHD Set (.vhds, shared disks) has no model format. */
static const EnumValue vhd_formats[] = {
  { 0, "Unknown", HVP_DISK_FORMAT_UNKNOWN },
  { 2, "VHD", HVP_DISK_FORMAT_VHD },
  { 3, "VHDX", HVP_DISK_FORMAT_VHDX },
  { 4, "VHDSet", HVP_DISK_FORMAT_UNKNOWN },
};

/* VhdType. */
static const EnumValue vhd_types[] = {
  { 0, "Unknown", HVP_DISK_TYPE_UNKNOWN },
  { 2, "Fixed", HVP_DISK_TYPE_FIXED },
  { 3, "Dynamic", HVP_DISK_TYPE_DYNAMIC },
  { 4, "Differencing", HVP_DISK_TYPE_DIFFERENCING },
};

/* ControllerType; persistent memory is neither IDE nor SCSI. */
static const EnumValue controller_types[] = {
  { 0, "IDE", HVP_CONTROLLER_TYPE_IDE },
  { 1, "SCSI", HVP_CONTROLLER_TYPE_SCSI },
  { 2, "PMEM", HVP_CONTROLLER_TYPE_OTHER },
};

/* ------------------------------------------------------------------------ model: host parts */

/* The container format a file name implies, for a disk Get-VHD did not describe. */
static HvpDiskFormat
format_from_extension (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".vhdx") || g_str_has_suffix (lower, ".avhdx"))
    return HVP_DISK_FORMAT_VHDX;
  if (g_str_has_suffix (lower, ".vhd") || g_str_has_suffix (lower, ".avhd"))
    return HVP_DISK_FORMAT_VHD;
  return HVP_DISK_FORMAT_UNKNOWN;
}

/* VhdFormat 4 / "VHDSet": a shared virtual disk (.vhds), which the model has no format for. */
static gboolean
is_vhd_set (const cJSON *item)
{
  return (cJSON_IsNumber (item) && item->valuedouble == 4)
         || (cJSON_IsString (item) && (g_ascii_strcasecmp (item->valuestring, "VHDSet") == 0
                                       || strcmp (item->valuestring, "4") == 0));
}

static HvpDisk *
host_ensure_disk (HvpHost *host, const char *path)
{
  HvpDisk *disk = hvp_host_find_disk (host, path);

  if (disk != NULL)
    return disk;
  disk = hvp_disk_new (path);
  disk->format = format_from_extension (path);
  return hvp_host_add_disk (host, disk);
}

/* Get-VHD: Path, VhdFormat, VhdType, Size (virtual, bytes), FileSize (bytes), ParentPath. */
static gboolean
read_vhd (const Reader *reader, HvpHost *host, const cJSON *object, const char *path,
          GError **error)
{
  g_autofree char *file_path = NULL;
  g_autofree char *parent_path = NULL;
  gboolean has_size = FALSE;
  guint64 size = 0;
  int format;
  int type;
  HvpDisk *disk;

  if (!read_string (reader, object, path, "Path", &file_path, error)
      || !read_string (reader, object, path, "ParentPath", &parent_path, error)
      || !read_enum (reader, object, path, "VhdFormat", vhd_formats, G_N_ELEMENTS (vhd_formats),
                     HVP_DISK_FORMAT_UNKNOWN, &format, error)
      || !read_enum (reader, object, path, "VhdType", vhd_types, G_N_ELEMENTS (vhd_types),
                     HVP_DISK_TYPE_UNKNOWN, &type, error)
      || !read_uint64 (reader, object, path, "Size", G_MAXUINT64, &has_size, &size, error))
    return FALSE;
  if (file_path == NULL)
    {
      hvp_inventory_add_warning (reader->inventory, reader->file, path,
                                 "a virtual hard disk without a Path; not read");
      return TRUE;
    }
  disk = host_ensure_disk (host, file_path);
  if (!read_bytes (reader, object, path, "FileSize", &disk->file_size_bytes, error))
    return FALSE;
  if (format != HVP_DISK_FORMAT_UNKNOWN)
    disk->format = format;
  if (is_vhd_set (member (object, "VhdFormat")))
    hvp_inventory_add_warning (reader->inventory, reader->file, path,
                               "'%s' is a VHD Set (shared virtual disk): its size is counted, "
                               "its format is not modelled", file_path);
  if (type != HVP_DISK_TYPE_UNKNOWN)
    disk->type = type;
  if (has_size)
    {
      disk->virtual_size_bytes = size;
      /* Get-VHD read the file's header on the host that ran it. */
      disk->readable = TRUE;
    }
  if (parent_path != NULL)
    {
      g_free (disk->parent_path);
      disk->parent_path = g_steal_pointer (&parent_path);
      /* The chain needs its parent in the host's table even when no Get-VHD describes it: its
       * size is then unknown, which the planner reports. */
      host_ensure_disk (host, disk->parent_path);
    }
  return TRUE;
}

/* Get-VMSwitch: Name, Id, SwitchType, NetAdapterInterfaceDescription(s). */
static gboolean
read_switch (const Reader *reader, HvpHost *host, const cJSON *object, const char *path,
             GError **error)
{
  g_autofree char *name = NULL;
  g_autofree char *id = NULL;
  g_autofree char *description = NULL;
  g_autoptr (GPtrArray) descriptions = NULL;
  g_autofree char *list_path = path_key (path, "NetAdapterInterfaceDescriptions");
  HvpSwitch *vswitch;
  int type;

  if (!read_string (reader, object, path, "Name", &name, error)
      || !read_string (reader, object, path, "Id", &id, error)
      || !read_enum (reader, object, path, "SwitchType", switch_types, G_N_ELEMENTS (switch_types),
                     HVP_SWITCH_TYPE_UNKNOWN, &type, error)
      || !read_string (reader, object, path, "NetAdapterInterfaceDescription", &description, error))
    return FALSE;
  id = guid_normalize (g_steal_pointer (&id));
  if (cJSON_IsString (member (object, "NetAdapterInterfaceDescriptions")))
    {
      /* One team member, written as a plain string by a hand-made Select-Object. */
      descriptions = g_ptr_array_new ();
      g_ptr_array_add (descriptions, (gpointer) member (object, "NetAdapterInterfaceDescriptions"));
    }
  else if ((descriptions = read_list (reader, object, path, "NetAdapterInterfaceDescriptions",
                                      error)) == NULL)
    return FALSE;
  if (name == NULL)
    {
      hvp_inventory_add_warning (reader->inventory, reader->file, path,
                                 "a virtual switch without a Name; not read");
      return TRUE;
    }
  vswitch = hvp_host_find_switch (host, id);
  if (vswitch == NULL)
    vswitch = hvp_host_find_switch (host, name);
  if (vswitch == NULL)
    {
      vswitch = hvp_switch_new (id, name, type);
      g_ptr_array_add (host->switches, vswitch);
    }
  else
    {
      if (vswitch->id == NULL)
        vswitch->id = g_steal_pointer (&id);
      if (type != HVP_SWITCH_TYPE_UNKNOWN)
        vswitch->type = type;
    }
  for (guint i = 0; i < descriptions->len; i++)
    {
      const cJSON *element = g_ptr_array_index (descriptions, i);
      g_autofree char *element_path = path_index (list_path, i);

      if (!cJSON_IsString (element))
        return fail_type (reader, element_path, element, "a string", error);
      if (*element->valuestring != '\0'
          && !g_ptr_array_find_with_equal_func (vswitch->physical_nics, element->valuestring,
                                                g_str_equal, NULL))
        g_ptr_array_add (vswitch->physical_nics, g_strdup (element->valuestring));
    }
  if (vswitch->physical_nics->len == 0 && description != NULL)
    g_ptr_array_add (vswitch->physical_nics, g_steal_pointer (&description));
  return TRUE;
}

/* ------------------------------------------------------------------------- model: VM parts */

/* Get-VMHardDiskDrive (or a drive in HardDrives / a controller's Drives): ControllerType,
 * ControllerNumber, ControllerLocation, Path.  DVD drives are skipped; the disk goes into the
 * host's table. */
static gboolean
read_drive (const Reader *reader, HvpHost *host, GPtrArray *drives, const cJSON *object,
            const char *path, GError **error)
{
  g_autofree char *file_path = NULL;
  g_autofree char *name = NULL;
  int controller_type;
  guint number = 0;
  guint location = drives->len;
  gboolean has_disk_number = FALSE;
  guint64 disk_number = 0;

  if (has_member (object, "DvdMediaType"))
    return TRUE;
  if (!read_string (reader, object, path, "Path", &file_path, error)
      || !read_string (reader, object, path, "Name", &name, error)
      || !read_enum (reader, object, path, "ControllerType", controller_types,
                     G_N_ELEMENTS (controller_types), HVP_CONTROLLER_TYPE_OTHER, &controller_type,
                     error)
      || !read_count (reader, object, path, "ControllerNumber", &number, error)
      || !read_count (reader, object, path, "ControllerLocation", &location, error)
      || !read_uint64 (reader, object, path, "DiskNumber", G_MAXUINT64, &has_disk_number,
                       &disk_number, error))
    return FALSE;
  if (name != NULL && g_str_has_prefix (name, "DVD Drive"))
    return TRUE;
  if (file_path == NULL)
    {
      if (has_disk_number)
        {
          HvpDrive *drive = hvp_drive_new (controller_type, number, location, NULL);

          hvp_inventory_add_warning (reader->inventory, reader->file, path,
                                     "pass-through physical disk %" G_GUINT64_FORMAT " is not a "
                                     "file: it is not counted", disk_number);
          /* Kept for the compatibility check: the disk must be presented to the destination. */
          drive->passthrough_disk = disk_number <= G_MAXINT ? (gint) disk_number : G_MAXINT;
          g_ptr_array_add (drives, drive);
        }
      return TRUE;
    }
  host_ensure_disk (host, file_path);
  g_ptr_array_add (drives, hvp_drive_new (controller_type, number, location, file_path));
  return TRUE;
}

static gboolean
read_drive_list (const Reader *reader, HvpHost *host, GPtrArray *drives, const cJSON *object,
                 const char *path, const char *key, GError **error)
{
  g_autoptr (GPtrArray) elements = read_object_list (reader, object, path, key, error);

  if (elements == NULL)
    return FALSE;
  for (guint i = 0; i < elements->len; i++)
    {
      const Listed *entry = g_ptr_array_index (elements, i);
      const cJSON *element = entry->object;
      const char *element_path = entry->path;

      if (!read_drive (reader, host, drives, element, element_path, error))
        return FALSE;
    }
  return TRUE;
}

/* What the compatibility check reads of an adapter (issue 13): Get-VMNetworkAdapter's IsLegacy,
 * DynamicMacAddressEnabled (false: a static MAC), IovWeight (above 0: SR-IOV requested) and the
 * access VLAN (collect-hyperv.ps1's VlanId from Get-VMNetworkAdapterVlan, or a raw
 * VlanSetting.AccessVlanId).  Absent: unknown. */
static gboolean
read_adapter_compatibility (const Reader *reader, HvpAdapter *adapter, const cJSON *object,
                            const char *path, GError **error)
{
  gboolean present, value;
  guint64 number = 0;
  const cJSON *vlan = member (object, "VlanSetting");

  if (!read_bool (reader, object, path, "IsLegacy", &present, &value, error))
    return FALSE;
  if (present)
    adapter->legacy = HVP_TRISTATE_FROM_BOOL (value);
  if (!read_bool (reader, object, path, "DynamicMacAddressEnabled", &present, &value, error))
    return FALSE;
  if (present)
    adapter->static_mac = HVP_TRISTATE_FROM_BOOL (!value);
  if (!read_uint64 (reader, object, path, "IovWeight", 100, &present, &number, error))
    return FALSE;
  if (present)
    adapter->sriov = HVP_TRISTATE_FROM_BOOL (number > 0);
  number = 0;
  if (!read_uint64 (reader, object, path, "VlanId", 4094, &present, &number, error))
    return FALSE;
  if (!present && cJSON_IsObject (vlan)
      && !read_uint64 (reader, vlan, path, "AccessVlanId", 4094, &present, &number, error))
    return FALSE;
  adapter->vlan_id = (guint) number;
  return TRUE;
}

/* Get-VMNetworkAdapter: Name, MacAddress ("00155D191E06"), SwitchName, SwitchId, Connected. */
static gboolean
read_adapter (const Reader *reader, HvpVm *vm, const cJSON *object, const char *path,
              GError **error)
{
  g_autofree char *name = NULL;
  g_autofree char *mac = NULL;
  g_autofree char *switch_name = NULL;
  g_autofree char *switch_id = NULL;
  gboolean has_connected = FALSE;
  gboolean connected = FALSE;
  HvpAdapter *adapter;

  if (!read_string (reader, object, path, "Name", &name, error)
      || !read_string (reader, object, path, "MacAddress", &mac, error)
      || !read_string (reader, object, path, "SwitchName", &switch_name, error)
      || !read_string (reader, object, path, "SwitchId", &switch_id, error)
      || !read_bool (reader, object, path, "Connected", &has_connected, &connected, error))
    return FALSE;
  adapter = hvp_adapter_new (name);
  adapter->mac = hvp_mac_normalize (mac);
  if (mac != NULL && adapter->mac == NULL)
    hvp_inventory_add_warning (reader->inventory, reader->file, path,
                               "MacAddress '%s' is not 12 hexadecimal digits; read as unknown", mac);
  adapter->switch_name = g_steal_pointer (&switch_name);
  adapter->switch_id = guid_normalize (g_steal_pointer (&switch_id));
  adapter->connected = (adapter->switch_name != NULL || adapter->switch_id != NULL)
                       && (!has_connected || connected);
  g_ptr_array_add (vm->adapters, adapter);
  return read_adapter_compatibility (reader, adapter, object, path, error);
}

/* Sum of SavedStateFiles[].Length (collect-hyperv.ps1), and whether one is a .vsv/.bin/.vmrs. */
static gboolean
read_state_files (const Reader *reader, const cJSON *object, const char *path,
                  guint64 *ret_bytes, gboolean *ret_any, GError **error)
{
  g_autoptr (GPtrArray) elements = read_object_list (reader, object, path, "SavedStateFiles", error);
  guint64 total = 0;

  if (elements == NULL)
    return FALSE;
  for (guint i = 0; i < elements->len; i++)
    {
      const Listed *entry = g_ptr_array_index (elements, i);
      const cJSON *element = entry->object;
      const char *element_path = entry->path;
      guint64 length = 0;

      if (!read_bytes (reader, element, element_path, "Length", &length, error))
        return FALSE;
      total = hvp_add_saturating (total, length);
    }
  *ret_bytes = total;
  *ret_any = elements->len > 0;
  return TRUE;
}

/* Memory in bytes (formats.md 2.3: Get-VM MemoryStartup/Minimum/Maximum and Get-VMMemory
 * Startup/Minimum/Maximum are bytes).  @prefix is "Memory" for Get-VM's names, "" for
 * Get-VMMemory's. */
static gboolean
read_memory (const Reader *reader, const cJSON *object, const char *path, const char *prefix,
             HvpMemory *memory, GError **error)
{
  g_autofree char *startup = g_strconcat (prefix, "Startup", NULL);
  g_autofree char *minimum = g_strconcat (prefix, "Minimum", NULL);
  g_autofree char *maximum = g_strconcat (prefix, "Maximum", NULL);
  gboolean present;

  if (!read_bool (reader, object, path, "DynamicMemoryEnabled", &present, &memory->dynamic, error)
      || !read_bytes (reader, object, path, startup, &memory->startup_bytes, error)
      || !read_bytes (reader, object, path, minimum, &memory->minimum_bytes, error)
      || !read_bytes (reader, object, path, maximum, &memory->maximum_bytes, error))
    return FALSE;
  if (!memory->dynamic)
    memory->minimum_bytes = memory->maximum_bytes = 0;
  return TRUE;
}

/* Get-VMSnapshot: Id, Name, ParentSnapshotId, CreationTime, State, the hardware summary. */
static gboolean
read_snapshot (const Reader *reader, HvpHost *host, HvpVm *vm, const cJSON *object,
               const char *path, GError **error)
{
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *parent_id = NULL;
  g_autoptr (HvpSnapshot) snapshot = NULL;
  int state;
  gboolean any_file = FALSE;
  guint64 state_bytes = 0;

  if (!read_string (reader, object, path, "Id", &id, error)
      || !read_string (reader, object, path, "Name", &name, error)
      || !read_string (reader, object, path, "ParentSnapshotId", &parent_id, error)
      || !read_enum (reader, object, path, "State", vm_states, G_N_ELEMENTS (vm_states),
                     HVP_VM_STATE_UNKNOWN, &state, error))
    return FALSE;
  id = guid_normalize (g_steal_pointer (&id));
  if (id == NULL)
    {
      hvp_inventory_add_warning (reader->inventory, reader->file, path,
                                 "a checkpoint without an Id; not read");
      return TRUE;
    }
  if (hvp_vm_find_snapshot (vm, id) != NULL)
    {
      hvp_inventory_add_warning (reader->inventory, reader->file, path,
                                 "checkpoint '%s' of '%s' appears twice; the second is ignored",
                                 id, vm->name);
      return TRUE;
    }
  snapshot = hvp_snapshot_new (id, name);
  snapshot->parent_id = guid_normalize (g_steal_pointer (&parent_id));
  if (!read_time (reader, object, path, "CreationTime", &snapshot->creation_time, error)
      || !read_count (reader, object, path, "ProcessorCount", &snapshot->vcpus, error)
      || !read_memory (reader, object, path, "Memory", &snapshot->memory, error)
      || !read_drive_list (reader, host, snapshot->drives, object, path, "HardDrives", error)
      || !read_state_files (reader, object, path, &state_bytes, &any_file, error))
    return FALSE;
  /* A checkpoint of a running or paused VM holds its memory. */
  snapshot->saved_state = state == HVP_VM_STATE_RUNNING || state == HVP_VM_STATE_PAUSED
                          || state == HVP_VM_STATE_SAVED;
  if (snapshot->saved_state)
    snapshot->saved_state_bytes = state_bytes;
  g_ptr_array_add (vm->snapshots, g_steal_pointer (&snapshot));
  return TRUE;
}

/* The list member @key of @object, each object element read by @read_element. */
typedef gboolean (*ReadVmElement) (const Reader *reader, HvpHost *host, HvpVm *vm,
                                   const cJSON *object, const char *path, GError **error);

static gboolean
read_vm_list (const Reader *reader, HvpHost *host, HvpVm *vm, const cJSON *object,
              const char *path, const char *key, ReadVmElement read_element, GError **error)
{
  g_autoptr (GPtrArray) elements = read_object_list (reader, object, path, key, error);

  if (elements == NULL)
    return FALSE;
  for (guint i = 0; i < elements->len; i++)
    {
      const Listed *entry = g_ptr_array_index (elements, i);
      const cJSON *element = entry->object;
      const char *element_path = entry->path;

      if (!read_element (reader, host, vm, element, element_path, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_adapter_element (const Reader *reader, HvpHost *host G_GNUC_UNUSED, HvpVm *vm,
                      const cJSON *object, const char *path, GError **error)
{
  return read_adapter (reader, vm, object, path, error);
}

/* The VM an object belongs to, by its VMId or VMName (device and snapshot objects carry both);
 * a VM not seen yet is added, with a warning: only Get-VM output gives its memory and vCPUs. */
static gboolean
owner_vm (const Reader *reader, HvpHost *host, const cJSON *object, const char *path,
          HvpVm **ret_vm, GError **error)
{
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  HvpVm *vm;

  *ret_vm = NULL;
  if (!read_string (reader, object, path, "VMId", &id, error)
      || !read_string (reader, object, path, "VMName", &name, error))
    return FALSE;
  id = guid_normalize (g_steal_pointer (&id));
  vm = hvp_host_find_vm (host, id != NULL ? id : name);
  if (vm == NULL && id == NULL && name == NULL)
    {
      hvp_inventory_add_warning (reader->inventory, reader->file, path,
                                 "names no VM (VMId, VMName); not read");
      return TRUE;
    }
  if (vm == NULL)
    {
      vm = hvp_vm_new (id, name);
      g_ptr_array_add (host->vms, vm);
      hvp_inventory_add_warning (reader->inventory, reader->file, path,
                                 "VM '%s' is known only from its devices or checkpoints: add "
                                 "Get-VM output for its memory and vCPUs",
                                 name != NULL ? name : id);
    }
  *ret_vm = vm;
  return TRUE;
}

/* A series of collect-hyperv.ps1: one string of comma-separated numbers (hvp_series_parse());
 * absent or null: no sample. */
static gboolean
read_series (const Reader *reader, const cJSON *object, const char *path, const char *key,
             GArray *series, GError **error)
{
  const cJSON *item = member (object, key);
  g_autofree char *item_path = NULL;
  gsize offset = 0;

  if (item == NULL || cJSON_IsNull (item))
    return TRUE;
  item_path = path_key (path, key);
  if (!cJSON_IsString (item))
    return fail_type (reader, item_path, item, "a string of comma-separated numbers", error);
  if (!hvp_series_parse (item->valuestring, series, &offset))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "'%s': %s: sample %u (at byte %" G_GSIZE_FORMAT ") is not a finite decimal "
                   "number", reader->file, item_path, series->len, offset);
      return FALSE;
    }
  return TRUE;
}

/* collect-hyperv.ps1 -SampleMinutes: a VM's "Utilization" (README.md, "Utilization"):
 * StartTime, IntervalSeconds, PeriodSeconds, ProcessorPercent and MemoryDemandMiB, and when
 * sampled DiskBytesPerSecond, DiskIops and NetworkBytesPerSecond (shown, not packed); the
 * assigned memory is kept in the file only. */
static gboolean
read_utilization (const Reader *reader, const cJSON *object, const char *path, HvpVm *vm,
                  GError **error)
{
  const cJSON *item = NULL;
  g_autofree char *item_path = path_key (path, "Utilization");
  g_autoptr (HvpUtilization) utilization = NULL;

  if (!read_object (reader, object, path, "Utilization", &item, error))
    return FALSE;
  if (item == NULL)
    return TRUE;
  utilization = hvp_utilization_new ();
  if (!read_time (reader, item, item_path, "StartTime", &utilization->start_time, error)
      || !read_count (reader, item, item_path, "IntervalSeconds", &utilization->interval_seconds,
                      error)
      || !read_count (reader, item, item_path, "PeriodSeconds", &utilization->period_seconds,
                      error)
      || !read_series (reader, item, item_path, "ProcessorPercent",
                       utilization->processor_percent, error)
      || !read_series (reader, item, item_path, "MemoryDemandMiB",
                       utilization->memory_demand_mib, error)
      || !read_series (reader, item, item_path, "DiskBytesPerSecond",
                       utilization->disk_bytes_per_second, error)
      || !read_series (reader, item, item_path, "DiskIops", utilization->disk_iops, error)
      || !read_series (reader, item, item_path, "NetworkBytesPerSecond",
                       utilization->network_bytes_per_second, error))
    return FALSE;
  hvp_utilization_drop_unsampled (utilization);
  if (!hvp_utilization_validate (utilization, error))
    {
      g_prefix_error (error, "'%s': %s: ", reader->file, item_path);
      return FALSE;
    }
  hvp_utilization_free (vm->utilization);
  vm->utilization = g_steal_pointer (&utilization);
  return TRUE;
}

/* Get-VM (or an element of the document's VMs): identity, state, generation, version, vCPUs,
 * memory, and, in the document, drives, adapters, saved-state files and checkpoints. */
/* A yes/no property into a tristate: absent or null stays unknown. */
static gboolean
read_tristate (const Reader *reader, const cJSON *object, const char *path, const char *key,
               HvpTristate *ret_value, GError **error)
{
  gboolean present, value;

  if (!read_bool (reader, object, path, key, &present, &value, error))
    return FALSE;
  if (present)
    *ret_value = HVP_TRISTATE_FROM_BOOL (value);
  return TRUE;
}

/* A list of strings (FibreChannelSans, AssignableDevices, SupportedVersions): other elements are
 * skipped. */
static gboolean
read_string_list (const Reader *reader, const cJSON *object, const char *path, const char *key,
                  GPtrArray *strings, GError **error)
{
  const cJSON *item = member (object, key);
  const cJSON *child;

  if (cJSON_IsString (item))
    {
      g_ptr_array_add (strings, g_strdup (item->valuestring));
      return TRUE;
    }
  if (item != NULL && !cJSON_IsNull (item) && !cJSON_IsArray (item))
    {
      g_autofree char *item_path = path_key (path, key);

      return fail_type (reader, item_path, item, "a list of strings", error);
    }
  cJSON_ArrayForEach (child, item)
    if (cJSON_IsString (child) && *child->valuestring != '\0')
      g_ptr_array_add (strings, g_strdup (child->valuestring));
  return TRUE;
}

/* Get-VMFirmware SecureBoot: true/false, "On"/"Off", or the OnOffState number (On 0, Off 1). */
static gboolean
read_secure_boot (const Reader *reader, const cJSON *object, const char *path, HvpVm *vm,
                  GError **error)
{
  const cJSON *item = member (object, "SecureBoot");

  if (cJSON_IsString (item) && g_ascii_strcasecmp (item->valuestring, "On") == 0)
    vm->secure_boot = HVP_TRISTATE_YES;
  else if (cJSON_IsString (item) && g_ascii_strcasecmp (item->valuestring, "Off") == 0)
    vm->secure_boot = HVP_TRISTATE_NO;
  else if (cJSON_IsNumber (item) && (item->valuedouble == 0 || item->valuedouble == 1))
    vm->secure_boot = item->valuedouble == 0 ? HVP_TRISTATE_YES : HVP_TRISTATE_NO;
  else
    return read_tristate (reader, object, path, "SecureBoot", &vm->secure_boot, error);
  return TRUE;
}

/* A string, or nothing when the value is another type (a raw Get-VM writes
 * IntegrationServicesVersion as an object, CompatibilityForMigrationMode as a number). */
static char *
string_or_null (const cJSON *object, const char *key)
{
  const cJSON *item = member (object, key);

  return cJSON_IsString (item) && *item->valuestring != '\0' ? g_strdup (item->valuestring) : NULL;
}

/* What the compatibility check reads of a VM (issue 13): collect-hyperv.ps1's `Compatibility`
 * object (Get-VMFirmware, Get-VMSecurity, Get-VMKeyProtector, Get-VMRemoteFx3dVideoAdapter,
 * Get-VMFibreChannelHba, Get-VMAssignableDevice, the KVP OSName/OSVersion), or the same names on
 * the VM object itself (raw cmdlet output merged by hand).  Absent: unknown. */
static gboolean
read_vm_compatibility (const Reader *reader, HvpVm *vm, const cJSON *object, const char *path,
                       GError **error)
{
  const cJSON *settings = member (object, "Compatibility");
  g_autofree char *settings_path = NULL;

  if (cJSON_IsObject (settings))
    {
      settings_path = path_key (path, "Compatibility");
      object = settings;
      path = settings_path;
    }
  if (!read_secure_boot (reader, object, path, vm, error)
      || !read_string (reader, object, path, "SecureBootTemplate", &vm->secure_boot_template,
                       error)
      || !read_tristate (reader, object, path, "TpmEnabled", &vm->tpm, error)
      || !read_tristate (reader, object, path, "Shielded", &vm->shielded, error)
      || !read_tristate (reader, object, path, "KeyProtector", &vm->key_protector, error)
      || !read_tristate (reader, object, path, "RemoteFx3dVideoAdapter", &vm->remotefx_3d, error)
      || !read_string_list (reader, object, path, "FibreChannelSans", vm->fibre_channel_sans,
                            error)
      || !read_string_list (reader, object, path, "AssignableDevices", vm->assigned_devices,
                            error)
      || !read_string (reader, object, path, "GuestOSName", &vm->guest_os, error)
      || !read_string (reader, object, path, "GuestOSVersion", &vm->guest_os_version, error))
    return FALSE;
  vm->integration_services_version = string_or_null (object, "IntegrationServicesVersion");
  vm->processor_compatibility_mode = string_or_null (object, "CompatibilityForMigrationMode");
  return TRUE;
}

static gboolean
read_vm (const Reader *reader, HvpHost *host, const cJSON *object, const char *path,
         GError **error)
{
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *current = NULL;
  g_autoptr (HvpVm) vm = NULL;
  const cJSON *memory = NULL;
  g_autofree char *memory_path = path_key (path, "Memory");
  gboolean present;
  int state;
  gboolean any_file = FALSE;
  guint64 state_bytes = 0;
  g_autoptr (GPtrArray) problems = NULL;

  if (!read_string_either (reader, object, path, "Id", "VMId", &id, error)
      || !read_string_either (reader, object, path, "Name", "VMName", &name, error)
      || !read_enum (reader, object, path, "State", vm_states, G_N_ELEMENTS (vm_states),
                     HVP_VM_STATE_UNKNOWN, &state, error)
      || !read_string (reader, object, path, "ParentSnapshotId", &current, error))
    return FALSE;
  id = guid_normalize (g_steal_pointer (&id));
  if (id == NULL && name == NULL)
    {
      hvp_inventory_add_warning (reader->inventory, reader->file, path,
                                 "a VM without Id or Name; not read");
      return TRUE;
    }
  if (id != NULL && hvp_host_find_vm (host, id) != NULL)
    {
      hvp_inventory_add_warning (reader->inventory, reader->file, path,
                                 "VM id '%s' appears twice; the second is ignored", id);
      return TRUE;
    }
  vm = hvp_vm_new (id, name);
  vm->state = state;
  vm->current_snapshot_id = guid_normalize (g_steal_pointer (&current));
  if (!read_count (reader, object, path, "Generation", &vm->generation, error)
      || !read_string (reader, object, path, "Version", &vm->configuration_version, error)
      || !read_vcpus (reader, object, path, "ProcessorCount", &vm->vcpus, error)
      || !read_bool (reader, object, path, "CompatibilityForMigrationEnabled", &present,
                     &vm->processor_compatibility, error)
      || !read_object (reader, object, path, "Memory", &memory, error))
    return FALSE;
  if (memory != NULL ? !read_memory (reader, memory, memory_path, "", &vm->memory, error)
                     : !read_memory (reader, object, path, "Memory", &vm->memory, error))
    return FALSE;
  if (!read_drive_list (reader, host, vm->drives, object, path, "HardDrives", error)
      || !read_vm_compatibility (reader, vm, object, path, error)
      || !read_vm_list (reader, host, vm, object, path, "NetworkAdapters", read_adapter_element,
                        error)
      || !read_vm_list (reader, host, vm, object, path, "Snapshots", read_snapshot, error)
      || !read_state_files (reader, object, path, &state_bytes, &any_file, error)
      || !read_utilization (reader, object, path, vm, error))
    return FALSE;
  /* The state says whether the VM is saved; the files only how big the saved state is (a running
   * 2012 R2 VM keeps a .bin placeholder of its memory size too). */
  vm->saved_state = state == HVP_VM_STATE_SAVED;
  if (vm->saved_state)
    vm->saved_state_bytes = state_bytes;
  problems = hvp_vm_link_snapshots (vm);
  for (guint i = 0; i < problems->len; i++)
    hvp_inventory_add_warning (reader->inventory, reader->file, path, "%s",
                               (const char *) g_ptr_array_index (problems, i));
  g_ptr_array_add (host->vms, g_steal_pointer (&vm));
  return TRUE;
}

/* -------------------------------------------------------------- model: the host's hardware */

/* CPUID family, model and stepping from Win32_Processor.Description / Caption:
 * "Intel64 Family 6 Model 45 Stepping 7", "AMD64 Family 23 Model 49 Stepping 0". */
static gboolean
parse_cpuid_text (const char *text, guint *ret_family, guint *ret_model, gint *ret_stepping)
{
  const char *words[] = { " Family ", " Model ", " Stepping " };
  guint64 values[3];
  const char *p = text;

  if (text == NULL)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (words); i++)
    {
      char *end = NULL;

      p = strstr (p, words[i]);
      if (p == NULL)
        return FALSE;
      p += strlen (words[i]);
      if (!g_ascii_isdigit (*p))
        return FALSE;
      values[i] = g_ascii_strtoull (p, &end, 10);
      if (values[i] > G_MAXINT)
        return FALSE;
      p = end;
    }
  *ret_family = (guint) values[0];
  *ret_model = (guint) values[1];
  *ret_stepping = (gint) values[2];
  return TRUE;
}

/* Win32_Processor, one element per socket: the first gives vendor, identity and name; the
 * logical processors add up (used when Get-VMHost is missing). */
static gboolean
read_processors (const Reader *reader, HvpHost *host, const cJSON *root, guint *ret_logical,
                 GError **error)
{
  g_autoptr (GPtrArray) elements = read_object_list (reader, root, "", "Processors", error);
  guint logical = 0;

  if (elements == NULL)
    return FALSE;
  for (guint i = 0; i < elements->len; i++)
    {
      const Listed *entry = g_ptr_array_index (elements, i);
      const cJSON *element = entry->object;
      const char *path = entry->path;
      g_autofree char *manufacturer = NULL;
      g_autofree char *description = NULL;
      g_autofree char *caption = NULL;
      g_autofree char *name = NULL;
      guint count = 0;
      guint family = 0, model = 0;
      gint stepping = -1;
      const char *vendor;

      if (!read_string (reader, element, path, "Manufacturer", &manufacturer, error)
          || !read_string (reader, element, path, "Description", &description, error)
          || !read_string (reader, element, path, "Caption", &caption, error)
          || !read_string (reader, element, path, "Name", &name, error)
          || !read_count (reader, element, path, "NumberOfLogicalProcessors", &count, error))
        return FALSE;
      logical += count;
      if (!parse_cpuid_text (description, &family, &model, &stepping)
          && !parse_cpuid_text (caption, &family, &model, &stepping))
        hvp_inventory_add_warning (reader->inventory, reader->file, path,
                                   "no 'Family N Model N Stepping N' in Description or Caption; "
                                   "processor identity unknown");
      vendor = hvp_processor_vendor_normalize (manufacturer);
      if (host->processor.vendor == NULL)
        {
          host->processor.vendor = g_strdup (vendor);
          host->processor.family = family;
          host->processor.model = model;
          host->processor.stepping = stepping;
          host->processor.name = g_strdup (name != NULL ? g_strstrip (name) : NULL);
        }
      else if (g_strcmp0 (host->processor.vendor, vendor) != 0
               || host->processor.family != family || host->processor.model != model)
        hvp_inventory_add_warning (reader->inventory, reader->file, path,
                                   "differs from Processors[0]; the first processor is recorded");
    }
  *ret_logical = logical;
  return TRUE;
}

/* Get-NetAdapter -Physical: InterfaceDescription (what Get-VMSwitch names), else Name. */
static gboolean
read_net_adapters (const Reader *reader, HvpHost *host, const cJSON *root, GError **error)
{
  g_autoptr (GPtrArray) elements = read_object_list (reader, root, "", "NetAdapters", error);

  if (elements == NULL)
    return FALSE;
  for (guint i = 0; i < elements->len; i++)
    {
      const Listed *entry = g_ptr_array_index (elements, i);
      const cJSON *element = entry->object;
      const char *path = entry->path;
      g_autofree char *nic = NULL;

      if (!read_string_either (reader, element, path, "InterfaceDescription", "Name", &nic, error))
        return FALSE;
      if (nic != NULL
          && !g_ptr_array_find_with_equal_func (host->physical_nics, nic, g_str_equal, NULL))
        g_ptr_array_add (host->physical_nics, g_steal_pointer (&nic));
    }
  return TRUE;
}

/* Win32_Volume of the volumes holding VM files: Path (root), Capacity, FreeSpace (bytes). */
static gboolean
read_volumes (const Reader *reader, HvpHost *host, const cJSON *root, GError **error)
{
  g_autoptr (GPtrArray) elements = read_object_list (reader, root, "", "Volumes", error);

  if (elements == NULL)
    return FALSE;
  for (guint i = 0; i < elements->len; i++)
    {
      const Listed *entry = g_ptr_array_index (elements, i);
      const cJSON *element = entry->object;
      const char *path = entry->path;
      g_autofree char *volume_path = NULL;
      guint64 capacity = 0;
      guint64 free_space = 0;

      if (!read_string (reader, element, path, "Path", &volume_path, error)
          || !read_bytes (reader, element, path, "Capacity", &capacity, error)
          || !read_bytes (reader, element, path, "FreeSpace", &free_space, error))
        return FALSE;
      if (volume_path == NULL)
        {
          hvp_inventory_add_warning (reader->inventory, reader->file, path,
                                     "a volume without a Path; not read");
          continue;
        }
      g_ptr_array_add (host->volumes, hvp_volume_new (volume_path, capacity, free_space));
    }
  return TRUE;
}

/* Get-VMHost, with Win32_ComputerSystem and Win32_Processor where it says nothing (2008 R2). */
static gboolean
read_host_hardware (const Reader *reader, HvpHost *host, const cJSON *root, const cJSON *vmhost,
                    GError **error)
{
  const cJSON *system = NULL;
  const cJSON *os = NULL;
  guint logical_from_processors = 0;
  guint64 physical = 0;
  guint64 total = 0;

  if (!read_object (reader, root, "", "ComputerSystem", &system, error)
      || !read_object (reader, root, "", "OperatingSystem", &os, error))
    return FALSE;
  if (os != NULL && !read_string (reader, os, "OperatingSystem", "Caption", &host->os, error))
    return FALSE;
  if (host->os != NULL)
    g_strstrip (host->os);
  if (vmhost != NULL
      && (!read_bytes (reader, vmhost, "VMHost", "MemoryCapacity", &host->memory_bytes, error)
          || !read_count (reader, vmhost, "VMHost", "LogicalProcessorCount",
                          &host->logical_processors, error)))
    return FALSE;
  if (system != NULL
      && (!read_bytes (reader, system, "ComputerSystem", "PhysicalMemoryBytes", &physical, error)
          || !read_bytes (reader, system, "ComputerSystem", "TotalPhysicalMemory", &total, error)))
    return FALSE;
  if (host->memory_bytes == 0)
    host->memory_bytes = physical != 0 ? physical : total;
  if (vmhost != NULL
      && (!read_string_list (reader, vmhost, "VMHost", "SupportedVersions",
                             host->supported_versions, error)
          || !read_tristate (reader, vmhost, "VMHost", "IsHostGuarded", &host->hgs_attested,
                             error)))
    return FALSE;
  if (!read_processors (reader, host, root, &logical_from_processors, error))
    return FALSE;
  if (host->logical_processors == 0 && system != NULL
      && !read_count (reader, system, "ComputerSystem", "NumberOfLogicalProcessors",
                      &host->logical_processors, error))
    return FALSE;
  if (host->logical_processors == 0)
    host->logical_processors = logical_from_processors;
  return read_net_adapters (reader, host, root, error) && read_volumes (reader, host, root, error);
}

/* Each element of the list @key, read by @read_element (switches, disks, VMs of one host). */
typedef gboolean (*ReadHostElement) (const Reader *reader, HvpHost *host, const cJSON *object,
                                     const char *path, GError **error);

static gboolean
read_host_list (const Reader *reader, HvpHost *host, const cJSON *root, const char *key,
                ReadHostElement read_element, GError **error)
{
  g_autoptr (GPtrArray) elements = read_object_list (reader, root, "", key, error);

  if (elements == NULL)
    return FALSE;
  for (guint i = 0; i < elements->len; i++)
    {
      const Listed *entry = g_ptr_array_index (elements, i);
      const cJSON *element = entry->object;
      const char *path = entry->path;

      if (!read_element (reader, host, element, path, error))
        return FALSE;
    }
  return TRUE;
}

/* Errors: what the script could not collect, as warnings. */
static gboolean
read_script_errors (const Reader *reader, const cJSON *root, GError **error)
{
  g_autoptr (GPtrArray) elements = read_object_list (reader, root, "", "Errors", error);

  if (elements == NULL)
    return FALSE;
  for (guint i = 0; i < elements->len; i++)
    {
      const Listed *entry = g_ptr_array_index (elements, i);
      const cJSON *element = entry->object;
      const char *path = entry->path;
      g_autofree char *section = NULL;
      g_autofree char *message = NULL;

      if (!read_string (reader, element, path, "Section", &section, error)
          || !read_string (reader, element, path, "Message", &message, error))
        return FALSE;
      hvp_inventory_add_warning (reader->inventory, reader->file, path,
                                 "collect-hyperv.ps1 could not read %s: %s",
                                 section != NULL ? section : "a part",
                                 message != NULL ? message : "no message");
    }
  return TRUE;
}

/* The document collect-hyperv.ps1 writes (collectors/powershell/README.md). */
static gboolean
read_document (const Reader *reader, const cJSON *root, GError **error)
{
  g_autofree char *name = NULL;
  g_autofree char *version = NULL;
  g_autofree char *collected = NULL;
  g_autofree char *ip_configuration = NULL;
  const cJSON *vmhost = NULL;
  const cJSON *security = NULL;
  HvpHost *host;

  if (!read_string (reader, root, "", "ComputerName", &name, error)
      || !read_string (reader, root, "", "ScriptVersion", &version, error)
      || !read_string (reader, root, "", "CollectedAt", &collected, error)
      || !read_string (reader, root, "", "IpConfig", &ip_configuration, error)
      || !read_object (reader, root, "", "VMHost", &vmhost, error))
    return FALSE;
  if (name == NULL && vmhost != NULL && !read_string (reader, vmhost, "VMHost", "Name", &name, error))
    return FALSE;
  if (name == NULL)
    hvp_inventory_add_warning (reader->inventory, reader->file, "ComputerName",
                               "the document names no host");
  host = hvp_inventory_ensure_host (reader->inventory, name);
  g_ptr_array_add (reader->inventory->sources,
                   g_strdup_printf ("powershell:%s (collect-hyperv.ps1 %s on %s at %s)",
                                    reader->file, version != NULL ? version : "?",
                                    name != NULL ? name : "?", collected != NULL ? collected : "?"));
  if (!read_host_hardware (reader, host, root, vmhost, error)
      || !read_host_list (reader, host, root, "Switches", read_switch, error)
      || !read_host_list (reader, host, root, "Vhds", read_vhd, error)
      || !read_host_list (reader, host, root, "VMs", read_vm, error)
      || !read_script_errors (reader, root, error))
    return FALSE;
  if (ip_configuration != NULL)
    {
      g_free (host->ip_configuration);
      host->ip_configuration = g_steal_pointer (&ip_configuration);
    }
  if (!read_object (reader, root, "", "Security", &security, error))
    return FALSE;
  if (security != NULL
      && !hvp_powershell_read_security (security, reader->file, host, reader->inventory, error))
    return FALSE;
  hvp_host_link_disks (host);
  return TRUE;
}

/* ----------------------------------------------------------------- cmdlet output by hand */

/* What a bare object is, told by the properties only its class has (formats.md 2.3). */
typedef enum {
  KIND_UNKNOWN,
  KIND_SCVMM,
  KIND_VMHOST,
  KIND_VM,
  KIND_SNAPSHOT,
  KIND_SWITCH,
  KIND_VHD,
  KIND_CONTROLLER,
  KIND_DRIVE,
  KIND_ADAPTER,
  KIND_PROCESSOR,
  KIND_MEMORY,
} ObjectKind;

static ObjectKind
classify (const cJSON *object)
{
  if (has_member (object, "OverallState") || has_member (object, "VirtualizationPlatform"))
    return KIND_SCVMM;
  if (has_member (object, "SwitchType"))
    return KIND_SWITCH;
  if (has_member (object, "VhdFormat") || has_member (object, "VhdType"))
    return KIND_VHD;
  if (has_member (object, "SnapshotType") || has_member (object, "IsAutomaticCheckpoint"))
    return KIND_SNAPSHOT;
  if (has_member (object, "Drives") && has_member (object, "ControllerNumber"))
    return KIND_CONTROLLER;
  if (has_member (object, "ControllerType") && has_member (object, "ControllerLocation"))
    return KIND_DRIVE;
  if (has_member (object, "MacAddress") && (has_member (object, "SwitchName")
                                            || has_member (object, "DynamicMacAddressEnabled")))
    return KIND_ADAPTER;
  if (has_member (object, "LogicalProcessorCount") && has_member (object, "MemoryCapacity"))
    return KIND_VMHOST;
  if (has_member (object, "CompatibilityForMigrationEnabled") && has_member (object, "Count"))
    return KIND_PROCESSOR;
  if (has_member (object, "Startup") && has_member (object, "DynamicMemoryEnabled"))
    return KIND_MEMORY;
  if ((has_member (object, "VMId") || has_member (object, "VMName") || has_member (object, "Id"))
      && (has_member (object, "State") || has_member (object, "Generation")
          || has_member (object, "ProcessorCount") || has_member (object, "MemoryStartup")))
    return KIND_VM;
  return KIND_UNKNOWN;
}

/* The host a bare object belongs to: its ComputerName (every Hyper-V object carries one), else
 * the host the source does not name. */
static gboolean
object_host (const Reader *reader, const cJSON *object, const char *path, HvpHost **ret_host,
             GError **error)
{
  g_autofree char *name = NULL;

  if (!read_string (reader, object, path, "ComputerName", &name, error))
    return FALSE;
  *ret_host = hvp_inventory_ensure_host (reader->inventory, name);
  return TRUE;
}

static gboolean
read_bare_object (const Reader *reader, ObjectKind kind, const cJSON *object, const char *path,
                  GError **error)
{
  HvpHost *host = NULL;
  HvpVm *vm = NULL;
  gboolean present;

  if (!object_host (reader, object, path, &host, error))
    return FALSE;
  switch (kind)
    {
    case KIND_VM:
      return read_vm (reader, host, object, path, error);
    case KIND_SWITCH:
      return read_switch (reader, host, object, path, error);
    case KIND_VHD:
      if (!read_vhd (reader, host, object, path, error))
        return FALSE;
      hvp_host_link_disks (host);
      return TRUE;
    case KIND_VMHOST:
      return read_bytes (reader, object, path, "MemoryCapacity", &host->memory_bytes, error)
             && read_count (reader, object, path, "LogicalProcessorCount",
                            &host->logical_processors, error);
    case KIND_SNAPSHOT:
      if (!owner_vm (reader, host, object, path, &vm, error))
        return FALSE;
      if (vm == NULL || !read_snapshot (reader, host, vm, object, path, error))
        return vm == NULL;
      g_ptr_array_unref (hvp_vm_link_snapshots (vm));
      return TRUE;
    case KIND_CONTROLLER:
      if (!owner_vm (reader, host, object, path, &vm, error))
        return FALSE;
      return vm == NULL || read_drive_list (reader, host, vm->drives, object, path, "Drives", error);
    case KIND_DRIVE:
      if (!owner_vm (reader, host, object, path, &vm, error))
        return FALSE;
      return vm == NULL || read_drive (reader, host, vm->drives, object, path, error);
    case KIND_ADAPTER:
      if (!owner_vm (reader, host, object, path, &vm, error))
        return FALSE;
      return vm == NULL || read_adapter (reader, vm, object, path, error);
    case KIND_PROCESSOR:
      if (!owner_vm (reader, host, object, path, &vm, error))
        return FALSE;
      return vm == NULL
             || (read_vcpus (reader, object, path, "Count", &vm->vcpus, error)
                 && read_bool (reader, object, path, "CompatibilityForMigrationEnabled", &present,
                               &vm->processor_compatibility, error));
    case KIND_MEMORY:
      if (!owner_vm (reader, host, object, path, &vm, error))
        return FALSE;
      return vm == NULL || read_memory (reader, object, path, "", &vm->memory, error);
    case KIND_UNKNOWN:
    case KIND_SCVMM:
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

/* A bare array or object of cmdlet output: VMs first, so that devices and checkpoints in the
 * same file find their VM. */
static gboolean
read_bare (const Reader *reader, const cJSON *root, GError **error)
{
  g_autoptr (GPtrArray) elements = g_ptr_array_new ();
  g_autoptr (GArray) kinds = g_array_new (FALSE, FALSE, sizeof (ObjectKind));
  guint known = 0;
  const cJSON *child;

  /* Windows PowerShell 5.1's {"value": [...], "Count": n} wrapper of a list. */
  if (cJSON_IsObject (root) && cJSON_IsArray (member (root, "value")) && has_member (root, "Count"))
    root = member (root, "value");
  if (cJSON_IsArray (root))
    {
      cJSON_ArrayForEach (child, root)
        g_ptr_array_add (elements, (gpointer) child);
    }
  else
    g_ptr_array_add (elements, (gpointer) root);

  for (guint i = 0; i < elements->len; i++)
    {
      const cJSON *element = g_ptr_array_index (elements, i);
      ObjectKind kind = cJSON_IsObject (element) ? classify (element) : KIND_UNKNOWN;
      g_autofree char *path = cJSON_IsArray (root) ? path_index ("", i) : g_strdup ("(root)");

      if (kind == KIND_SCVMM)
        {
          g_set_error (error, HVP_ERROR, HVP_ERROR_UNSUPPORTED,
                       "'%s': %s is a System Center VMM object (Get-SCVMHost: OverallState, "
                       "VirtualizationPlatform), not Hyper-V module output: run "
                       "collect-hyperv.ps1 on the host", reader->file, path);
          return FALSE;
        }
      if (kind == KIND_UNKNOWN)
        {
          if (cJSON_IsString (element))
            warn_truncated (reader, path, element);
          else
            hvp_inventory_add_warning (reader->inventory, reader->file, path,
                                       "%s that is no Hyper-V cmdlet output hvplan reads; ignored",
                                       hvp_json_type_name (element));
        }
      else
        known++;
      g_array_append_val (kinds, kind);
    }
  if (known == 0)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "'%s': no Hyper-V object found: expected collect-hyperv.ps1 output (Schema "
                   "'" HVP_POWERSHELL_SCHEMA "') or ConvertTo-Json of Get-VM, Get-VMSwitch, "
                   "Get-VHD, Get-VMSnapshot, Get-VMHardDiskDrive or Get-VMNetworkAdapter",
                   reader->file);
      return FALSE;
    }
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < elements->len; i++)
      {
        ObjectKind kind = g_array_index (kinds, ObjectKind, i);
        g_autofree char *path = NULL;

        if (kind == KIND_UNKNOWN || (kind == KIND_VM) != (pass == 0))
          continue;
        path = cJSON_IsArray (root) ? path_index ("", i) : g_strdup ("(root)");
        if (!read_bare_object (reader, kind, g_ptr_array_index (elements, i), path, error))
          return FALSE;
      }
  return TRUE;
}

/* ---------------------------------------------------------------------------------- entry */

static gboolean
read_text (const char *file, const char *text, gsize length, HvpInventory *inventory,
           GError **error)
{
  Reader reader = { .file = file != NULL ? file : "(powershell)", .inventory = inventory };
  g_autofree char *owned = NULL;
  const char *utf8 = NULL;
  gsize utf8_length = 0;
  g_autoptr (cJSON) root = NULL;
  const cJSON *schema;

  g_return_val_if_fail (text != NULL || length == 0, FALSE);
  g_return_val_if_fail (inventory != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (text == NULL)
    text = "";
  if (!decode_text (reader.file, text, length, &owned, &utf8, &utf8_length, error))
    return FALSE;
  root = hvp_json_parse (utf8, utf8_length, reader.file, error);
  if (root == NULL)
    return FALSE;
  if (!cJSON_IsObject (root) && !cJSON_IsArray (root))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "'%s': expected a JSON object or list, found %s", reader.file,
                   hvp_json_type_name (root));
      return FALSE;
    }
  schema = cJSON_IsObject (root) ? member (root, "Schema") : NULL;
  if (schema == NULL)
    return read_bare (&reader, root, error);
  if (!cJSON_IsString (schema))
    return fail_type (&reader, "Schema", schema, "the string '" HVP_POWERSHELL_SCHEMA "'", error);
  if (strcmp (schema->valuestring, HVP_POWERSHELL_SCHEMA) != 0)
    {
      g_set_error (error, HVP_ERROR,
                   g_str_has_prefix (schema->valuestring, "hvplan-powershell/")
                     ? HVP_ERROR_UNSUPPORTED : HVP_ERROR_DATA,
                   "'%s': schema '%s' is not supported (this hvplan reads " HVP_POWERSHELL_SCHEMA ")",
                   reader.file, schema->valuestring);
      return FALSE;
    }
  return read_document (&reader, root, error);
}

/**
 * hvp_powershell_read:
 * @file: the file name to put in messages and warnings
 * @text: (array length=length): the file's bytes: UTF-8 (with or without a byte order mark) or
 *   UTF-16 (with a byte order mark, or UTF-16LE starting with an ASCII character); need not be
 *   NUL-terminated
 * @length: bytes in @text
 * @inventory: the inventory to add the host(s) to
 * @error: return location for an error
 *
 * Reads collect-hyperv.ps1's document (`"Schema": "hvplan-powershell/1"`, every key in
 * collectors/powershell/README.md) or Hyper-V cmdlet output saved with ConvertTo-Json: a list or
 * a single object of Get-VM, Get-VMSnapshot, Get-VMSwitch, Get-VHD, Get-VMHardDiskDrive,
 * Get-VMScsiController, Get-VMNetworkAdapter, Get-VMProcessor, Get-VMMemory or Get-VMHost
 * objects, told apart by their properties (formats.md section 2.3).  Enums may be numbers or
 * names (formats.md 2.2), dates "\/Date(ms)\/" or ISO 8601; memory and sizes are bytes.  A value
 * ConvertTo-Json cut to its type name, an unknown enum value, an unreadable date or an object of
 * no known class is a warning in @inventory, not an error.
 *
 * Returns: %FALSE with @error set: %HVP_ERROR_DATA when the text is not UTF-8/UTF-16, not JSON
 *   (file, byte offset, line), nests deeper than 1000 levels, holds no Hyper-V object, or has a
 *   value of the wrong type (the message names the key path, as `VMs[0].Memory.Startup`);
 *   %HVP_ERROR_UNSUPPORTED for another hvplan-powershell schema version or System Center VMM
 *   output
 *
 * Messages are one line (hvp_error_one_line()): input they quote is escaped.
 */
gboolean
hvp_powershell_read (const char *file, const char *text, gsize length, HvpInventory *inventory,
                     GError **error)
{
  gboolean read = read_text (file, text, length, inventory, error);

  if (!read && error != NULL && *error != NULL)
    hvp_error_one_line (*error);
  return read;
}

/**
 * hvp_powershell_sniff:
 * @data: (array length=length): the first bytes of a file (a few KiB)
 * @length: bytes in @data
 *
 * How sure the PowerShell collector is that it reads a file starting with @data: 100 for a JSON
 * object naming the "hvplan-powershell/" schema; 60 for a JSON object or list holding a key only
 * Hyper-V (or System Center VMM, refused later with a clear message) cmdlet output has; else 0.
 * UTF-16 is narrowed to its ASCII characters first.
 *
 * Returns: 0 to 100
 */
guint
hvp_powershell_sniff (const char *data, gsize length)
{
  static const char *const markers[] = {
    "\"VMId\"", "\"VMName\"", "\"SwitchType\"", "\"VhdFormat\"", "\"VhdType\"",
    "\"ControllerType\"", "\"MemoryStartup\"", "\"LogicalProcessorCount\"", "\"SnapshotType\"",
    "\"MacAddress\"", "\"OverallState\"", "\"VirtualizationPlatform\"",
    /* Get-VM writes these first (5.1 order), before Name and VMId. */
    "\"ConfigurationLocation\"", "\"SmartPagingFilePath\"", "\"AutomaticStopAction\"",
  };
  const guchar *bytes = (const guchar *) data;
  g_autoptr (GString) ascii = g_string_sized_new (length);
  gsize i = 0;
  gsize step = 1;
  gsize offset = 0;

  if (length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] != 0 && bytes[1] == 0)))
    step = 2, i = bytes[0] == 0xFF ? 2 : 0;
  else if (length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
    step = 2, i = 2, offset = 1;
  else if (length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
    i = 3;
  for (; i + offset < length; i += step)
    g_string_append_c (ascii, bytes[i + offset] < 0x80 ? (char) bytes[i + offset] : '?');

  i = 0;
  while (i < ascii->len && hvp_json_is_space (ascii->str[i]))
    i++;
  if (i == ascii->len || (ascii->str[i] != '{' && ascii->str[i] != '['))
    return 0;
  if (strstr (ascii->str, "\"hvplan-inventory/") != NULL)
    return 0;
  if (strstr (ascii->str, "\"Schema\"") != NULL && strstr (ascii->str, "\"hvplan-powershell/") != NULL)
    return 100;
  for (gsize m = 0; m < G_N_ELEMENTS (markers); m++)
    if (strstr (ascii->str, markers[m]) != NULL)
      return 60;
  return 0;
}

static guint
powershell_probe (const char *source)
{
  char data[PROBE_BYTES];
  FILE *stream;
  gsize length;

  if (!g_file_test (source, G_FILE_TEST_IS_REGULAR))
    return 0;
  stream = fopen (source, "rb");
  if (stream == NULL)
    return 0;
  length = fread (data, 1, sizeof data, stream);
  fclose (stream);
  return hvp_powershell_sniff (data, length);
}

static gboolean
powershell_collect (const char *source, const HvpCollectOptions *options,
                    HvpInventory *inventory, GError **error)
{
  g_autofree char *text = NULL;
  gsize length = 0;

  if (!hvp_read_input_file (source, options, &text, &length, error))
    return FALSE;
  return hvp_powershell_read (source, text, length, inventory, error);
}

/**
 * hvp_collector_powershell:
 *
 * The collector of collect-hyperv.ps1 output and of Hyper-V cmdlet output saved with
 * ConvertTo-Json (see hvp_powershell_read() and collectors/powershell/README.md).  Its probe
 * reads the first 4 KiB (hvp_powershell_sniff()).  Errors: %HVP_ERROR_OPEN when the file cannot
 * be read; %HVP_ERROR_DATA or %HVP_ERROR_UNSUPPORTED as hvp_powershell_read().
 */
const HvpCollector hvp_collector_powershell = {
  .name = "powershell",
  .probe = powershell_probe,
  .collect = powershell_collect,
};
