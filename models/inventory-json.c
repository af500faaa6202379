/* hvplan: the canonical inventory document "hvplan-inventory/1", read (written by
 * models/inventory-json-write.c).
 *
 * The schema is documented in models/README.md ("The inventory document").  Reading checks every
 * value it uses and names the JSON path of the first one that is wrong. */
#include "models/inventory-json.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "models/error.h"
#include "models/json.h"
#include "models/model.h"

/* An inventory file's first bytes looked at by hvp_json_looks_like_inventory(). */
#define LOOKS_LIKE_BYTES 1024

static const char utf8_bom[] = "\xEF\xBB\xBF";

/* ---------------------------------------------------------------------------------------------
 * Reading
 * ------------------------------------------------------------------------------------------- */

typedef struct {
  const char *file;     /* for messages */
  GHashTable *vm_ids;   /* the ids of the host's VMs read so far (compared without regard to
                         * ASCII case): duplicates in O(1) */
  HvpJsonArena *arena;  /* the tree's being read: a series' text is given back once read */
  GHashTable *host_names; /* lower-cased names of the hosts read: a host twice in O(1) */
  gboolean mapped;        /* the text is a read-only file mapping: its pages may be dropped */
} JsonReader;

/* Where the reader is in the document: the member @key of @parent, or (@key %NULL) its element
 * @index; a %NULL path is the document itself.  Paths live on the stack as the reader descends
 * and are written out (path_text()) only for a message: reading 100,000 VMs used to format
 * about 8 paths per VM that no message needed. */
typedef struct JsonPath JsonPath;
struct JsonPath {
  const JsonPath *parent;
  const char *key;
  guint index;
};

static gboolean fail (const JsonReader *reader, const JsonPath *path, GError **error,
                      const char *format, ...) G_GNUC_PRINTF (4, 5);

static void
path_append (GString *text, const JsonPath *path)
{
  if (path->parent != NULL)
    path_append (text, path->parent);
  if (path->key == NULL)
    g_string_append_printf (text, "[%u]", path->index);
  else
    {
      if (path->parent != NULL)
        g_string_append_c (text, '.');
      g_string_append (text, path->key);
    }
}

/* @path as messages write it, `hosts[0].vms[2].memory.startup_bytes`; "(document)" for %NULL. */
static char *
path_text (const JsonPath *path)
{
  GString *text;

  if (path == NULL)
    return g_strdup ("(document)");
  text = g_string_new (NULL);
  path_append (text, path);
  return g_string_free (text, FALSE);
}

/* Sets "'FILE': PATH: DETAIL" and returns %FALSE. */
static gboolean
fail (const JsonReader *reader, const JsonPath *path, GError **error, const char *format, ...)
{
  g_autofree char *detail = NULL;
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  text = path_text (path);
  g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "'%s': %s: %s", reader->file, text, detail);
  return FALSE;
}

/* fail() for the member @key of the object at @path; the path is only built on failure. */
static gboolean fail_key (const JsonReader *reader, const JsonPath *path, const char *key,
                          GError **error, const char *format, ...) G_GNUC_PRINTF (5, 6);

static gboolean
fail_key (const JsonReader *reader, const JsonPath *path, const char *key, GError **error,
          const char *format, ...)
{
  JsonPath key_path = { path, key, 0 };
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  return fail (reader, &key_path, error, "%s", detail);
}

/* Objects with up to this many keys are checked for a repeated key in a small open-addressed
 * table on the stack (KEY_SLOTS slots, at most half full), without allocating (every VM, drive
 * and adapter of an inventory is one: at 100,000 VMs a GHashTable each took about a tenth of the
 * reading, and comparing every key with every earlier one, about 200 strcmp() per VM, was 7 % of
 * the CPU of `hvplan diff` of two such inventories); larger ones with a GHashTable. */
#define PAIRWISE_KEYS 32
#define KEY_SLOTS 64

/* A hash of a key's first bytes (up to 8): the keys of one object differ there, and equal hashes
 * are compared in full anyway.  g_str_hash() over every byte was 5 % of the reading. */
static guint
key_hash (const char *key)
{
  guint hash = 0;

  for (guint i = 0; i < 8 && key[i] != '\0'; i++)
    hash = hash * 31 + (guchar) key[i];
  return hash;
}

/* The first member of @object whose key an earlier member has, or %NULL: ≤ PAIRWISE_KEYS
 * members. */
static const cJSON *
repeated_small (const cJSON *object)
{
  const char *slots[KEY_SLOTS] = { NULL };

  for (const cJSON *child = object->child; child != NULL; child = child->next)
    {
      guint slot = key_hash (child->string) % KEY_SLOTS;

      while (slots[slot] != NULL)
        {
          if (strcmp (slots[slot], child->string) == 0)
            return child;
          slot = (slot + 1) % KEY_SLOTS;
        }
      slots[slot] = child->string;
    }
  return NULL;
}

/* Rejects an object with a key twice: cJSON would silently keep the first. */
static gboolean
check_object (const JsonReader *reader, const cJSON *object, const JsonPath *path, GError **error)
{
  g_autoptr (GHashTable) keys = NULL;
  const cJSON *repeated = NULL;
  guint n_keys = 0;

  if (!cJSON_IsObject (object))
    return fail (reader, path, error,
                 "expected an object, found %s", hvp_json_type_name (object));
  for (const cJSON *child = object->child; child != NULL && n_keys <= PAIRWISE_KEYS;
       child = child->next)
    n_keys++;
  if (n_keys <= PAIRWISE_KEYS)
    repeated = repeated_small (object);
  else
    {
      keys = g_hash_table_new (g_str_hash, g_str_equal);
      for (const cJSON *child = object->child; child != NULL && repeated == NULL;
           child = child->next)
        if (!g_hash_table_add (keys, child->string))
          repeated = child;
    }
  if (repeated != NULL)
    {
      JsonPath key_path = { path, repeated->string, 0 };

      return fail (reader, &key_path, error, "key appears twice");
    }
  return TRUE;
}

/* Looks @key up in @object: an absent optional key gives %TRUE and *@ret_item %NULL. */
static gboolean
get_member (const JsonReader *reader, const cJSON *object, const JsonPath *path, const char *key,
            HvpFieldFlags flags, const cJSON **ret_item, GError **error)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);

  if (item == NULL && (flags & HVP_FIELD_REQUIRED))
    {
      JsonPath key_path = { path, key, 0 };

      return fail (reader, &key_path, error, "required key is missing");
    }
  *ret_item = item;
  return TRUE;
}

/* The value readers: @item is the member @key of the object at @path, present. */

static gboolean
take_string (const JsonReader *reader, const cJSON *item, const JsonPath *path, const char *key,
             HvpFieldFlags flags, char **string, GError **error)
{
  if (cJSON_IsNull (item) && (flags & HVP_FIELD_NULLABLE))
    {
      g_clear_pointer (string, g_free);
      return TRUE;
    }
  if (!cJSON_IsString (item))
    return fail_key (reader, path, key, error, "expected a string%s, found %s",
                 (flags & HVP_FIELD_NULLABLE) ? " or null" : "", hvp_json_type_name (item));
  if (!g_utf8_validate (item->valuestring, -1, NULL))
    return fail_key (reader, path, key, error, "string is not valid UTF-8");
  g_free (*string);
  *string = g_strdup (item->valuestring);
  return TRUE;
}

static gboolean
take_bool (const JsonReader *reader, const cJSON *item, const JsonPath *path, const char *key,
           gboolean *value, GError **error)
{
  if (!cJSON_IsBool (item))
    return fail_key (reader, path, key, error, "expected true or false, found %s",
                     hvp_json_type_name (item));
  *value = cJSON_IsTrue (item);
  return TRUE;
}

/* Reads a whole number in [0, @maximum] (@maximum ≤ 2^53 - 1); @what names the quantity in messages
 * ("a byte count"). */
static gboolean
take_unsigned (const JsonReader *reader, const cJSON *item, const JsonPath *path, const char *key,
               guint64 maximum, const char *what, guint64 *value, GError **error)
{
  if (!cJSON_IsNumber (item))
    return fail_key (reader, path, key, error, "expected a number, found %s",
                     hvp_json_type_name (item));
  if (!hvp_json_number_to_uint64 (item, maximum, what, value, error))
    {
      JsonPath key_path = { path, key, 0 };
      g_autofree char *text = path_text (&key_path);

      g_prefix_error (error, "'%s': %s: ", reader->file, text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
take_count (const JsonReader *reader, const cJSON *item, const JsonPath *path, const char *key,
            guint *value, GError **error)
{
  guint64 wide = *value;

  if (!take_unsigned (reader, item, path, key, G_MAXUINT, "a count", &wide, error))
    return FALSE;
  *value = (guint) wide;
  return TRUE;
}

/* true, false, or null for unknown (#HvpTristate). */
static gboolean
take_tristate (const JsonReader *reader, const cJSON *item, const JsonPath *path, const char *key,
               guint *value, GError **error)
{
  if (cJSON_IsNull (item))
    {
      *value = HVP_TRISTATE_UNKNOWN;
      return TRUE;
    }
  if (!cJSON_IsBool (item))
    return fail_key (reader, path, key, error, "expected true, false or null, found %s",
                     hvp_json_type_name (item));
  *value = cJSON_IsTrue (item) ? HVP_TRISTATE_YES : HVP_TRISTATE_NO;
  return TRUE;
}

/* null is unknown: the model's -1 (0 is a real stepping). */
static gboolean
take_stepping (const JsonReader *reader, const cJSON *item, const JsonPath *path, const char *key,
               gint *value, GError **error)
{
  guint64 wide = 0;

  if (cJSON_IsNull (item))
    return TRUE;
  if (!take_unsigned (reader, item, path, key, G_MAXINT, "a stepping", &wide, error))
    return FALSE;
  *value = (gint) wide;
  return TRUE;
}

/* Reads seconds since the epoch: a whole number in [-(2^53 - 1), 2^53 - 1]. */
static gboolean
take_time (const JsonReader *reader, const cJSON *item, const JsonPath *path, const char *key,
           gint64 *value, GError **error)
{
  double number;

  if (!cJSON_IsNumber (item))
    return fail_key (reader, path, key, error, "expected a number, found %s",
                     hvp_json_type_name (item));
  number = item->valuedouble;
  if (fabs (number) > (double) HVP_JSON_EXACT_MAX)
    {
      g_autofree char *text = hvp_json_format_number (number);

      return fail_key (reader, path, key, error,
                       "%s is too large to read exactly (above 2^53 - 1)", text);
    }
  if (floor (number) != number)
    {
      g_autofree char *text = hvp_json_format_number (number);

      return fail_key (reader, path, key, error, "%s is not a whole number of seconds", text);
    }
  *value = (gint64) number;
  return TRUE;
}

static gboolean
take_enum (const JsonReader *reader, const cJSON *item, const JsonPath *path, const HvpField *field,
           guint *value, GError **error)
{
  g_autofree char *string = NULL;

  if (!take_string (reader, item, path, field->name, field->flags, &string, error))
    return FALSE;
  if (string == NULL)
    return TRUE;
  if (!hvp_field_enum_from_string (field->enum_names, string, value))
    {
      g_autofree char *names = hvp_field_enum_list (field->enum_names);

      return fail_key (reader, path, field->name, error, "unknown value '%s' (expected %s)",
                       string, names);
    }
  return TRUE;
}

static gboolean
take_strings (const JsonReader *reader, const cJSON *array, const JsonPath *path, const char *key,
              GPtrArray *strings, GError **error)
{
  JsonPath key_path = { path, key, 0 };
  guint index = 0;

  if (!cJSON_IsArray (array))
    return fail (reader, &key_path, error, "expected an array, found %s",
                 hvp_json_type_name (array));
  for (const cJSON *item = array->child; item != NULL; item = item->next, index++)
    {
      JsonPath item_path = { &key_path, NULL, index };

      if (!cJSON_IsString (item))
        return fail (reader, &item_path, error, "expected a string, found %s",
                     hvp_json_type_name (item));
      if (!g_utf8_validate (item->valuestring, -1, NULL))
        return fail (reader, &item_path, error, "string is not valid UTF-8");
      g_ptr_array_add (strings, g_strdup (item->valuestring));
    }
  return TRUE;
}

/* A time series: a string of comma-separated decimals (hvp_series_parse()); the message names the
 * sample that is wrong by its index.  Once read, the text goes back
 * (hvp_json_arena_release_string(): a long string is a block of its own in the tree's arena), so
 * the text of every series and every series' samples are never in memory together. */
static gboolean
take_series (const JsonReader *reader, const cJSON *item, const JsonPath *path, const char *key,
             GArray *series, GError **error)
{
  gsize offset = 0;

  if (!cJSON_IsString (item))
    return fail_key (reader, path, key, error,
                     "expected a string of comma-separated numbers, found %s",
                     hvp_json_type_name (item));
  g_array_set_size (series, 0);
  if (!hvp_series_parse (item->valuestring, series, &offset))
    {
      g_autofree char *value = g_strndup (item->valuestring + offset,
                                          strcspn (item->valuestring + offset, ","));

      return fail_key (reader, path, key, error, "sample %u ('%s') is not a finite decimal number",
                       series->len, value);
    }
  if (reader->arena != NULL)
    hvp_json_arena_release_string (reader->arena, item);
  return TRUE;
}

/* Calls @read_element for each element of @array, the member @key of the object at @path, with
 * the element's path; each element must be an object with no key twice. */
typedef gboolean (*ReadElement) (const JsonReader *reader, const cJSON *element, const JsonPath *path,
                                 gpointer target, GError **error);

static gboolean
take_objects (const JsonReader *reader, const cJSON *array, const JsonPath *path, const char *key,
              ReadElement read_element, gpointer target, GError **error)
{
  JsonPath key_path = { path, key, 0 };
  guint index = 0;

  if (!cJSON_IsArray (array))
    return fail (reader, &key_path, error, "expected an array, found %s",
                 hvp_json_type_name (array));
  for (const cJSON *item = array->child; item != NULL; item = item->next, index++)
    {
      JsonPath item_path = { &key_path, NULL, index };

      if (!check_object (reader, item, &item_path, error)
          || !read_element (reader, item, &item_path, target, error))
        return FALSE;
    }
  return TRUE;
}

/* The readers of arrays, pointers and hand-written fields: the table says where the field is, the
 * object's reader what its elements become. */
typedef gboolean (*ReadChildren) (const JsonReader *reader, const cJSON *item, const JsonPath *path,
                                  const HvpField *field, gpointer object, GError **error);

static gboolean read_fields (const JsonReader *reader, const cJSON *json, const JsonPath *path,
                             const HvpFieldTable *table, guint first, gpointer object,
                             ReadChildren read_children, GError **error);

/* An embedded object: absent keeps the model's values. */
static gboolean
take_object (const JsonReader *reader, const cJSON *item, const JsonPath *path, const HvpField *field,
             gpointer object, GError **error)
{
  JsonPath object_path = { path, field->name, 0 };

  return check_object (reader, item, &object_path, error)
         && read_fields (reader, item, &object_path, field->table, 0,
                         (char *) object + field->offset, NULL, error);
}

/* Reads the present member @item into @field of @object. */
static gboolean
take_field (const JsonReader *reader, const cJSON *item, const JsonPath *path, const HvpField *field,
            gpointer object, ReadChildren read_children, GError **error)
{
  const char *key = field->name;

  switch (field->type)
    {
    case HVP_FIELD_STRING:
      return take_string (reader, item, path, key, field->flags,
                          &HVP_FIELD_MEMBER (object, field->offset, char *), error);
    case HVP_FIELD_BOOL:
      return take_bool (reader, item, path, key,
                        &HVP_FIELD_MEMBER (object, field->offset, gboolean), error);
    case HVP_FIELD_TRISTATE:
      return take_tristate (reader, item, path, key,
                            &HVP_FIELD_MEMBER (object, field->offset, guint), error);
    case HVP_FIELD_COUNT:
      return take_count (reader, item, path, key, &HVP_FIELD_MEMBER (object, field->offset, guint),
                         error);
    case HVP_FIELD_BYTES:
      return take_unsigned (reader, item, path, key, HVP_JSON_EXACT_MAX, "a byte count",
                            &HVP_FIELD_MEMBER (object, field->offset, guint64), error);
    case HVP_FIELD_TIME:
      return take_time (reader, item, path, key, &HVP_FIELD_MEMBER (object, field->offset, gint64),
                        error);
    case HVP_FIELD_STEPPING:
      return take_stepping (reader, item, path, key,
                            &HVP_FIELD_MEMBER (object, field->offset, gint), error);
    case HVP_FIELD_ENUM:
      return take_enum (reader, item, path, field, &HVP_FIELD_MEMBER (object, field->offset, guint),
                        error);
    case HVP_FIELD_STRINGS:
      return take_strings (reader, item, path, key,
                           HVP_FIELD_MEMBER (object, field->offset, GPtrArray *), error);
    case HVP_FIELD_OBJECT:
      return take_object (reader, item, path, field, object, error);
    case HVP_FIELD_ARRAY:
    case HVP_FIELD_POINTER:
    case HVP_FIELD_CUSTOM:
      g_assert (read_children != NULL);
      return read_children (reader, item, path, field, object, error);
    case HVP_FIELD_PARENT:
      return TRUE;
    case HVP_FIELD_SERIES:
      return take_series (reader, item, path, key,
                          HVP_FIELD_MEMBER (object, field->offset, GArray *), error);
    }
  g_assert_not_reached ();
}

/* Reads the fields of @table from @first on, from the checked object @json at @path, into
 * @object.  One pass over the object's keys finds each field's member; the fields are then read in
 * table order, so the first wrong value reported is the first in the canonical document.  Keys the
 * table does not know are ignored (forward compatible). */
static gboolean
read_fields (const JsonReader *reader, const cJSON *json, const JsonPath *path,
             const HvpFieldTable *table, guint first, gpointer object, ReadChildren read_children,
             GError **error)
{
  const cJSON *items[HVP_FIELD_TABLE_MAX] = { NULL };
  guint n = table->n_fields - first;
  guint next = 0;

  g_assert (table->n_fields <= HVP_FIELD_TABLE_MAX && first <= table->n_fields);
  /* Keys usually come in table order (the writer's), so each search starts after the row the
   * previous key matched: one comparison per key for a canonical document. */
  for (const cJSON *child = json->child; child != NULL && n > 0; child = child->next)
    for (guint tried = 0; tried < n; tried++)
      {
        guint f = first + (next + tried) % n;

        if (table->fields[f].type != HVP_FIELD_PARENT
            && strcmp (child->string, table->fields[f].name) == 0)
          {
            items[f] = child;
            next = (next + tried + 1) % n;
            break;
          }
      }
  for (guint f = first; f < table->n_fields; f++)
    {
      const HvpField *field = &table->fields[f];

      if (items[f] == NULL && (field->flags & HVP_FIELD_REQUIRED))
        return fail_key (reader, path, field->name, error, "required key is missing");
      if (items[f] != NULL
          && !take_field (reader, items[f], path, field, object, read_children, error))
        return FALSE;
    }
  return TRUE;
}

/* The object/key readers, for the document's own keys (schema, sources, hosts, warnings) and a
 * host's name, read before the host exists. */

static gboolean
read_string (const JsonReader *reader, const cJSON *object, const JsonPath *path, const char *key,
             HvpFieldFlags flags, char **string, GError **error)
{
  const cJSON *item = NULL;

  if (!get_member (reader, object, path, key, flags, &item, error))
    return FALSE;
  return item == NULL || take_string (reader, item, path, key, flags, string, error);
}

static gboolean
read_strings (const JsonReader *reader, const cJSON *object, const JsonPath *path, const char *key,
              GPtrArray *strings, GError **error)
{
  const cJSON *array = NULL;

  if (!get_member (reader, object, path, key, HVP_FIELD_OPTIONAL, &array, error))
    return FALSE;
  return array == NULL || take_strings (reader, array, path, key, strings, error);
}

static gboolean
read_objects (const JsonReader *reader, const cJSON *object, const JsonPath *path, const char *key,
              HvpFieldFlags flags, ReadElement read_element, gpointer target, GError **error)
{
  const cJSON *array = NULL;

  if (!get_member (reader, object, path, key, flags, &array, error))
    return FALSE;
  return array == NULL || take_objects (reader, array, path, key, read_element, target, error);
}

/* --- the objects: each read through its table, then checked as a whole --- */

static gboolean
read_drive (const JsonReader *reader, const cJSON *element, const JsonPath *path, gpointer target,
            GError **error)
{
  GPtrArray *drives = target;
  g_autoptr (HvpDrive) drive = hvp_drive_new (HVP_CONTROLLER_TYPE_OTHER, 0, 0, NULL);

  if (!read_fields (reader, element, path, &hvp_drive_fields, 0, drive, NULL, error))
    return FALSE;
  g_ptr_array_add (drives, g_steal_pointer (&drive));
  return TRUE;
}

static gboolean
read_adapter (const JsonReader *reader, const cJSON *element, const JsonPath *path, gpointer target,
              GError **error)
{
  HvpVm *vm = target;
  g_autoptr (HvpAdapter) adapter = hvp_adapter_new (NULL);

  if (!read_fields (reader, element, path, &hvp_adapter_fields, 0, adapter, NULL, error))
    return FALSE;
  if (adapter->mac != NULL)
    {
      char *mac = hvp_mac_normalize (adapter->mac);

      if (mac == NULL)
        return fail_key (reader, path, "mac", error, "'%s' is not a MAC address", adapter->mac);
      g_free (adapter->mac);
      adapter->mac = mac;
    }
  g_ptr_array_add (vm->adapters, g_steal_pointer (&adapter));
  return TRUE;
}

static gboolean
read_snapshot_children (const JsonReader *reader, const cJSON *item, const JsonPath *path,
                        const HvpField *field, gpointer object, GError **error)
{
  HvpSnapshot *snapshot = object;

  g_assert (field->offset == G_STRUCT_OFFSET (HvpSnapshot, drives));
  return take_objects (reader, item, path, field->name, read_drive, snapshot->drives, error);
}

static gboolean
read_snapshot (const JsonReader *reader, const cJSON *element, const JsonPath *path, gpointer target,
               GError **error)
{
  HvpVm *vm = target;
  g_autoptr (HvpSnapshot) snapshot = hvp_snapshot_new (NULL, NULL);

  if (!read_fields (reader, element, path, &hvp_snapshot_fields, 0, snapshot,
                    read_snapshot_children, error))
    return FALSE;
  if (snapshot->id != NULL && hvp_vm_find_snapshot (vm, snapshot->id) != NULL)
    return fail_key (reader, path, "id", error, "snapshot id '%s' appears twice in the VM",
                     snapshot->id);
  g_ptr_array_add (vm->snapshots, g_steal_pointer (&snapshot));
  return TRUE;
}

/* "utilization": absent or null is not measured (%NULL). */
static gboolean
read_utilization (const JsonReader *reader, const cJSON *item, const JsonPath *path, HvpVm *vm,
                  GError **error)
{
  JsonPath utilization_path = { path, "utilization", 0 };
  g_autoptr (HvpUtilization) utilization = NULL;

  if (cJSON_IsNull (item))
    return TRUE;
  if (!check_object (reader, item, &utilization_path, error))
    return FALSE;
  utilization = hvp_utilization_new ();
  if (!read_fields (reader, item, &utilization_path, &hvp_utilization_fields, 0, utilization, NULL,
                    error))
    return FALSE;
  if (!hvp_utilization_validate (utilization, error))
    {
      g_autofree char *shown = path_text (path);

      g_prefix_error (error, "'%s': %s: ", reader->file, shown);
      return FALSE;
    }
  hvp_utilization_free (vm->utilization);
  vm->utilization = g_steal_pointer (&utilization);
  return TRUE;
}

static gboolean
read_vm_children (const JsonReader *reader, const cJSON *item, const JsonPath *path,
                  const HvpField *field, gpointer object, GError **error)
{
  HvpVm *vm = object;

  switch (field->offset)
    {
    case G_STRUCT_OFFSET (HvpVm, drives):
      return take_objects (reader, item, path, field->name, read_drive, vm->drives, error);
    case G_STRUCT_OFFSET (HvpVm, adapters):
      return take_objects (reader, item, path, field->name, read_adapter, vm, error);
    case G_STRUCT_OFFSET (HvpVm, snapshots):
      return take_objects (reader, item, path, field->name, read_snapshot, vm, error);
    case G_STRUCT_OFFSET (HvpVm, utilization):
      return read_utilization (reader, item, path, vm, error);
    default:
      g_assert_not_reached ();
    }
}

static gboolean
read_vm (const JsonReader *reader, const cJSON *element, const JsonPath *path, gpointer target,
         GError **error)
{
  HvpHost *host = target;
  g_autoptr (HvpVm) vm = hvp_vm_new (NULL, NULL);

  if (!read_fields (reader, element, path, &hvp_vm_fields, 0, vm, read_vm_children, error))
    return FALSE;
  /* The document does not say which hypervisor: the largest limit (hvp_vm_vcpu_limit()).  A vCPU
   * count of 0 is the document's "unknown" and is read as such. */
  if (!hvp_vm_validate (vm, HVP_VM_PLATFORM_ANY, error))
    {
      g_autofree char *text = path_text (path);

      g_prefix_error (error, "'%s': %s: ", reader->file, text);
      return FALSE;
    }

  /* VM ids compare without regard to case, as hvp_host_find_vm() compares them.  The table holds
   * the VM's own id, which lives as long as the host. */
  if (vm->id != NULL && g_hash_table_contains (reader->vm_ids, vm->id))
    return fail_key (reader, path, "id", error, "VM id '%s' appears twice in host '%s'", vm->id,
                     host->name != NULL ? host->name : "(unnamed)");
  if (vm->id != NULL)
    g_hash_table_add (reader->vm_ids, vm->id);
  /* Duplicate ids were rejected above; a parent id naming no snapshot is kept as written (the
   * collector that met it recorded a warning), so the problems list is not needed here.  A VM
   * without snapshots has nothing to link (and the linking's table and list cost two
   * allocations a VM). */
  if (vm->snapshots->len > 0)
    g_ptr_array_unref (hvp_vm_link_snapshots (vm));
  g_ptr_array_add (host->vms, g_steal_pointer (&vm));
  return TRUE;
}

static gboolean
read_volume (const JsonReader *reader, const cJSON *element, const JsonPath *path, gpointer target,
             GError **error)
{
  HvpHost *host = target;
  g_autoptr (HvpVolume) volume = hvp_volume_new (NULL, 0, 0);

  if (!read_fields (reader, element, path, &hvp_volume_fields, 0, volume, NULL, error))
    return FALSE;
  if (!hvp_volume_validate (volume, error))
    {
      g_autofree char *text = path_text (path);

      g_prefix_error (error, "'%s': %s: ", reader->file, text);
      return FALSE;
    }
  g_ptr_array_add (host->volumes, g_steal_pointer (&volume));
  return TRUE;
}

static gboolean
read_switch (const JsonReader *reader, const cJSON *element, const JsonPath *path, gpointer target,
             GError **error)
{
  HvpHost *host = target;
  g_autoptr (HvpSwitch) vswitch = hvp_switch_new (NULL, NULL, HVP_SWITCH_TYPE_UNKNOWN);

  if (!read_fields (reader, element, path, &hvp_switch_fields, 0, vswitch, NULL, error))
    return FALSE;
  g_ptr_array_add (host->switches, g_steal_pointer (&vswitch));
  return TRUE;
}

static gboolean
read_disk (const JsonReader *reader, const cJSON *element, const JsonPath *path, gpointer target,
           GError **error)
{
  HvpHost *host = target;
  g_autoptr (HvpDisk) disk = hvp_disk_new (NULL);

  if (!read_fields (reader, element, path, &hvp_disk_fields, 0, disk, NULL, error))
    return FALSE;
  if (hvp_host_find_disk (host, disk->path) != NULL)
    return fail_key (reader, path, "path", error, "disk '%s' appears twice in host '%s'",
                     disk->path, host->name != NULL ? host->name : "(unnamed)");
  hvp_host_add_disk (host, g_steal_pointer (&disk));
  return TRUE;
}

/* Links each disk of @host to its parent; @disks_path is the JSON path of the host's disks, whose
 * elements are in the order of host->disks (the host was empty and duplicates are refused). */
static gboolean
link_disks (const JsonReader *reader, HvpHost *host, const JsonPath *disks_path, GError **error)
{
  for (guint i = 0; i < host->disks->len; i++)
    {
      HvpDisk *disk = g_ptr_array_index (host->disks, i);

      if (disk->parent_path == NULL)
        continue;
      disk->parent = hvp_host_find_disk (host, disk->parent_path);
      if (disk->parent == NULL)
        {
          JsonPath disk_path = { disks_path, NULL, i };
          JsonPath parent_path = { &disk_path, "parent_path", 0 };

          return fail (reader, &parent_path, error, "'%s' names no disk of host '%s'",
                       disk->parent_path, host->name != NULL ? host->name : "(unnamed)");
        }
    }

  /* A chain longer than the number of disks goes round a loop. */
  for (guint i = 0; i < host->disks->len; i++)
    {
      HvpDisk *disk = g_ptr_array_index (host->disks, i);
      guint steps = 0;

      for (const HvpDisk *d = disk->parent; d != NULL; d = d->parent)
        if (++steps > host->disks->len)
          {
            JsonPath disk_path = { disks_path, NULL, i };
            JsonPath parent_path = { &disk_path, "parent_path", 0 };

            return fail (reader, &parent_path, error,
                         "the differencing chain of '%s' loops back on itself", disk->path);
          }
    }
  return TRUE;
}


/* A hash of @key (a string) that ignores ASCII case, for ascii_case_equal(). */
static guint
ascii_case_hash (gconstpointer key)
{
  guint hash = 5381;

  for (const char *p = key; *p != '\0'; p++)
    hash = hash * 33 + (guchar) (*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
  return hash;
}

static gboolean
ascii_case_equal (gconstpointer a, gconstpointer b)
{
  return g_ascii_strcasecmp (a, b) == 0;
}

/* Reads a host's VMs with a fresh set of seen ids (the reader is shared by all hosts). */
static gboolean
read_host_vms (const JsonReader *reader, const cJSON *array, const JsonPath *path, HvpHost *host,
               GError **error)
{
  g_autoptr (GHashTable) vm_ids = g_hash_table_new (ascii_case_hash, ascii_case_equal);
  JsonReader host_reader = *reader;

  host_reader.vm_ids = vm_ids;
  return take_objects (&host_reader, array, path, "vms", read_vm, host, error);
}

static gboolean
read_scope (const JsonReader *reader, const cJSON *element, const JsonPath *path, gpointer target,
            GError **error)
{
  HvpSecurity *security = target;
  g_autoptr (HvpAzScope) scope = hvp_az_scope_new (NULL, NULL);

  if (!read_fields (reader, element, path, &hvp_az_scope_fields, 0, scope, NULL, error))
    return FALSE;
  g_ptr_array_add (security->scopes, g_steal_pointer (&scope));
  return TRUE;
}

static gboolean
read_role_assignment (const JsonReader *reader, const cJSON *element, const JsonPath *path,
                      gpointer target, GError **error)
{
  HvpSecurity *security = target;
  g_autoptr (HvpRoleAssignment) role = hvp_role_assignment_new (NULL, NULL, NULL);

  if (!read_fields (reader, element, path, &hvp_role_assignment_fields, 0, role, NULL, error))
    return FALSE;
  g_ptr_array_add (security->role_assignments, g_steal_pointer (&role));
  return TRUE;
}

static gboolean
read_firewall_rule (const JsonReader *reader, const cJSON *element, const JsonPath *path,
                    gpointer target, GError **error)
{
  HvpSecurity *security = target;
  g_autoptr (HvpFirewallRule) rule = hvp_firewall_rule_new (NULL, NULL, NULL, NULL, NULL);

  if (!read_fields (reader, element, path, &hvp_firewall_rule_fields, 0, rule, NULL, error))
    return FALSE;
  g_ptr_array_add (security->disabled_firewall_rules, g_steal_pointer (&rule));
  return TRUE;
}

static gboolean
read_remote_grant (const JsonReader *reader, const cJSON *element, const JsonPath *path,
                   gpointer target, GError **error)
{
  HvpSecurity *security = target;
  g_autoptr (HvpRemoteGrant) grant = hvp_remote_grant_new (NULL, NULL, NULL, NULL);

  if (!read_fields (reader, element, path, &hvp_remote_grant_fields, 0, grant, NULL, error))
    return FALSE;
  if (grant->account == NULL && grant->sid == NULL)
    return fail (reader, path, error, "a remote grant needs an account or a sid");
  g_ptr_array_add (security->remote_grants, g_steal_pointer (&grant));
  return TRUE;
}

static gboolean
read_security_children (const JsonReader *reader, const cJSON *item, const JsonPath *path,
                        const HvpField *field, gpointer object, GError **error)
{
  static const struct {
    gsize offset;
    ReadElement read_element;
  } readers[] = {
    { G_STRUCT_OFFSET (HvpSecurity, scopes), read_scope },
    { G_STRUCT_OFFSET (HvpSecurity, role_assignments), read_role_assignment },
    { G_STRUCT_OFFSET (HvpSecurity, disabled_firewall_rules), read_firewall_rule },
    { G_STRUCT_OFFSET (HvpSecurity, remote_grants), read_remote_grant },
  };

  for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
    if (readers[i].offset == field->offset)
      return take_objects (reader, item, path, field->name, readers[i].read_element, object,
                           error);
  g_assert_not_reached ();
}

/* "security": absent or null is unknown (%NULL). */
static gboolean
read_security (const JsonReader *reader, const cJSON *item, const JsonPath *path, HvpHost *host,
               GError **error)
{
  JsonPath security_path = { path, "security", 0 };
  g_autoptr (HvpSecurity) security = NULL;

  if (cJSON_IsNull (item))
    return TRUE;
  if (!check_object (reader, item, &security_path, error))
    return FALSE;
  security = hvp_security_new ();
  if (!read_fields (reader, item, &security_path, &hvp_security_fields, 0, security,
                    read_security_children, error))
    return FALSE;
  hvp_security_free (host->security);
  host->security = g_steal_pointer (&security);
  return TRUE;
}

static gboolean
read_host_children (const JsonReader *reader, const cJSON *item, const JsonPath *path,
                    const HvpField *field, gpointer object, GError **error)
{
  HvpHost *host = object;

  switch (field->offset)
    {
    case G_STRUCT_OFFSET (HvpHost, volumes):
      return take_objects (reader, item, path, field->name, read_volume, host, error);
    case G_STRUCT_OFFSET (HvpHost, switches):
      return take_objects (reader, item, path, field->name, read_switch, host, error);
    case G_STRUCT_OFFSET (HvpHost, disks):
      {
        JsonPath disks_path = { path, field->name, 0 };

        return take_objects (reader, item, path, field->name, read_disk, host, error)
               && link_disks (reader, host, &disks_path, error);
      }
    case G_STRUCT_OFFSET (HvpHost, vms):
      return read_host_vms (reader, item, path, host, error);
    case G_STRUCT_OFFSET (HvpHost, security):
      return read_security (reader, item, path, host, error);
    default:
      g_assert_not_reached ();
    }
}

/* A host's fields after its name, from the checked object @element at @path, into @host. */
static gboolean
read_host_fields (const JsonReader *reader, const cJSON *element, const JsonPath *path,
                  HvpHost *host, GError **error)
{
  if (!read_fields (reader, element, path, &hvp_host_fields, 1, host, read_host_children, error))
    return FALSE;
  if (host->processor.vendor != NULL)
    {
      char *vendor = g_strdup (hvp_processor_vendor_normalize (host->processor.vendor));

      g_free (host->processor.vendor);
      host->processor.vendor = vendor;
    }
  return TRUE;
}

/* hvp_inventory_ensure_host() through the reader's hash of the names read so far (names compare
 * without regard to ASCII case): at 10,000 hosts the scan of every host per host was quadratic. */
static HvpHost *
add_host (const JsonReader *reader, HvpInventory *inventory, const char *name)
{
  char *key;
  HvpHost *host;

  if (name == NULL)
    return hvp_inventory_ensure_host (inventory, NULL);
  key = g_ascii_strdown (name, -1);
  host = g_hash_table_lookup (reader->host_names, key);
  if (host != NULL)
    {
      g_free (key);
      return host;
    }
  host = hvp_host_new (name);
  g_ptr_array_add (inventory->hosts, host);
  g_hash_table_insert (reader->host_names, key, host);
  return host;
}

/* The host's name comes first: it makes the host (a second host of that name is an error), and the
 * other fields are read into it. */
static gboolean
read_host (const JsonReader *reader, const cJSON *element, const JsonPath *path, gpointer target,
           GError **error)
{
  const HvpField *name_field = &hvp_host_fields.fields[0];
  HvpInventory *inventory = target;
  g_autofree char *name = NULL;
  guint hosts_before = inventory->hosts->len;
  HvpHost *host;

  g_assert (name_field->offset == G_STRUCT_OFFSET (HvpHost, name));
  if (!read_string (reader, element, path, name_field->name, name_field->flags, &name, error))
    return FALSE;
  host = add_host (reader, inventory, name);
  if (inventory->hosts->len == hosts_before)
    return fail_key (reader, path, name_field->name, error, "host '%s' appears twice",
                     name != NULL ? name : "(unnamed)");
  return read_host_fields (reader, element, path, host, error);
}

static gboolean
read_warning (const JsonReader *reader, const cJSON *element, const JsonPath *path, gpointer target,
              GError **error)
{
  HvpInventory *inventory = target;
  g_autofree char *file = NULL;
  g_autofree char *position = NULL;
  g_autofree char *message = NULL;
  const cJSON *unread_item = NULL;
  gboolean unread = FALSE;

  if (!read_string (reader, element, path, "file", HVP_FIELD_REQUIRED, &file, error)
      || !read_string (reader, element, path, "position", HVP_FIELD_NULLABLE, &position, error)
      || !read_string (reader, element, path, "message", HVP_FIELD_REQUIRED, &message, error))
    return FALSE;
  /* "unread": true marks a configuration found but not read (absent: false). */
  unread_item = cJSON_GetObjectItemCaseSensitive (element, "unread");
  if (unread_item != NULL && !take_bool (reader, unread_item, path, "unread", &unread, error))
    return FALSE;
  if (unread)
    hvp_inventory_add_unread (inventory, file, position, "%s", message);
  else
    hvp_inventory_add_warning (inventory, file, position, "%s", message);
  return TRUE;
}


/* The root object's own keys, in the order of inventory_from_tree(): the schema (checked) and
 * the sources; a new inventory, or %NULL with @error set. */
static HvpInventory *
read_root (const JsonReader *reader, const cJSON *root, GError **error)
{
  g_autoptr (HvpInventory) inventory = NULL;
  g_autofree char *schema = NULL;

  if (!check_object (reader, root, NULL, error)
      || !read_string (reader, root, NULL, "schema", HVP_FIELD_REQUIRED, &schema, error))
    return NULL;
  if (strcmp (schema, HVP_INVENTORY_SCHEMA) != 0)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "'%s': schema '%s' is not supported (this hvplan reads %s)", reader->file,
                   schema, HVP_INVENTORY_SCHEMA);
      return NULL;
    }
  inventory = hvp_inventory_new ();
  if (!read_strings (reader, root, NULL, "sources", inventory->sources, error))
    return NULL;
  return g_steal_pointer (&inventory);
}

/* --- reading host by host ------------------------------------------------------------------
 *
 * A whole inventory's cJSON tree is about 5.5 times its text (560 MB for 100,000 VMs); the model
 * needs only one host's tree at a time.  So a document whose root object has one "hosts" array
 * of objects is read in pieces: a scan of the text (strings skipped, brackets counted) finds each
 * host object; the root without them (the skeleton: "hosts": []) is parsed and read first, then
 * each host's text is parsed into an arena, reset between hosts, and read as take_objects()
 * would read it (on a few threads for a large document, HostPool below).  The first failure of
 * any kind, or anything the scan does not expect, gives up the pieces: the whole document is then
 * parsed and read as before (inventory_from_tree()), so every message, and which one comes first,
 * stays what it was. */

/* Deeper than this, reading by host gives up (cJSON's own limit, CJSON_NESTING_LIMIT, counts from
 * the root: a piece parsed alone would start lower).  An inventory nests 6 levels. */
#define BY_HOST_DEPTH_MAX 64

typedef struct HostPool HostPool;

/* Where the scan found the hosts array: its brackets and each element's first and last byte. */
typedef struct {
  gsize open;         /* the '[' */
  gsize close;        /* the ']' */
  GArray *elements;   /* (element-type gsize): start, end (after the '}') of each host object */
  HostPool *pool;     /* the threads reading the hosts as they are found (HostPool) */
} HostSpans;

static void spans_add (HostSpans *spans, gsize start, gsize end);

static gsize
skip_space (const char *text, gsize length, gsize i)
{
  while (i < length && hvp_json_is_space (text[i]))
    i++;
  return i;
}

/* The position after the object or array opening at @i, counting brackets outside strings, or
 * 0 when the text ends first, it nests deeper than @depth_left, or it has a number with a fraction
 * a double rounds to a whole number (hvp_json_number_rounds(): the host is then parsed by
 * hvp_json_parse_piece_in_arena(), which does not look again, and the whole document's parse
 * names the number). */
static gsize
skip_container (const char *text, gsize length, gsize i, guint depth_left)
{
  guint depth = 0;

  while (i < length)
    {
      char c = text[i++];

      if (c == '"')
        i = hvp_json_skip_string (text, length, i);
      else if (c == '-' || g_ascii_isdigit (c))
        {
          gsize start = i - 1;
          gboolean plain;

          i = hvp_json_number_end (text, length, start, &plain);
          if (!plain && hvp_json_number_rounds (text + start, i - start))
            return 0;
        }
      else if (c == '{' || c == '[')
        {
          if (++depth > depth_left)
            return 0;
        }
      else if ((c == '}' || c == ']') && --depth == 0)
        return i;
    }
  return 0;
}

/* The elements of the array opening at @spans->open: objects separated by commas.  %FALSE for
 * anything else. */
static gboolean
scan_host_objects (const char *text, gsize length, HostSpans *spans)
{
  gsize i = skip_space (text, length, spans->open + 1);

  if (i < length && text[i] == ']')
    {
      spans->close = i;
      return TRUE;
    }
  while (i < length && text[i] == '{')
    {
      gsize end = skip_container (text, length, i, BY_HOST_DEPTH_MAX - 2);

      if (end == 0)
        return FALSE;
      spans_add (spans, i, end);
      i = skip_space (text, length, end);
      if (i < length && text[i] == ']')
        {
          spans->close = i;
          return TRUE;
        }
      if (i >= length || text[i] != ',')
        return FALSE;
      i = skip_space (text, length, i + 1);
    }
  return FALSE;
}

/* At @i, after a key of the root object: ':' then an array, whose elements it scans. */
static gboolean
scan_hosts_value (const char *text, gsize length, gsize i, HostSpans *spans)
{
  i = skip_space (text, length, i);
  if (i >= length || text[i] != ':')
    return FALSE;
  i = skip_space (text, length, i + 1);
  if (i >= length || text[i] != '[')
    return FALSE;
  spans->open = i;
  return scan_host_objects (text, length, spans);
}

/* Finds the root object's one "hosts" array of objects (keys written plainly); %FALSE when there
 * is none, two, or the text is not as expected. */
static gboolean
scan_hosts (const char *text, gsize length, HostSpans *spans)
{
  gsize i = length >= 3 && memcmp (text, utf8_bom, 3) == 0 ? 3 : 0;
  guint depth = 0;
  gboolean key_next = FALSE, found = FALSE;

  i = skip_space (text, length, i);
  if (i >= length || text[i] != '{')
    return FALSE;
  while (i < length)
    {
      char c = text[i++];

      if (c == '"')
        {
          gsize start = i - 1;

          i = hvp_json_skip_string (text, length, i);
          if (depth != 1 || !key_next)
            continue;
          key_next = FALSE;
          if (i - start != 7 || memcmp (text + start, "\"hosts\"", 7) != 0)
            continue;
          if (found || !scan_hosts_value (text, length, i, spans))
            return FALSE;
          found = TRUE;
          i = spans->close + 1;
        }
      else if (c == '{' || c == '[')
        {
          if (++depth > BY_HOST_DEPTH_MAX)
            return FALSE;
          key_next = depth == 1;
        }
      else if (c == '}' || c == ']')
        depth--;
      else if (c == ',' && depth == 1)
        key_next = TRUE;
    }
  return found;
}

/* The mapped text read host by host is given back to the kernel in batches of at least this many
 * bytes (drop_mapped_pages()): each madvise() call flushes the TLB, and one call per host was a
 * sixth of the CPU of `hvplan size` at 100,000 VMs (1,000 hosts; perf: flush_tlb_mm_range under
 * do_madvise).  A batch of 8 MiB keeps at most that much of the text resident beyond need. */
#define DROP_BATCH_BYTES (8 * 1024 * 1024)

/* Gives the pages of a read-only file mapping from @text + *@dropped up to @text + @end back to
 * the kernel (madvise(2), MADV_DONTNEED) once they make a batch of DROP_BATCH_BYTES, or always
 * when @last; *@dropped moves to the page boundary it stopped at.  Touched again (the whole
 * document read after a failure), the pages are read from the file again, so this changes the
 * memory held, never the text.  A host's text is not needed once parsed: without this, a 658 MB
 * inventory stayed resident until the last host was read (t/bench/size/measured.sh). */
static void
drop_mapped_pages (const char *text, gsize *dropped, gsize end, gboolean last)
{
#ifdef MADV_DONTNEED
  guintptr page = (guintptr) sysconf (_SC_PAGESIZE);
  guintptr first = ((guintptr) text + *dropped + page - 1) & ~(page - 1);
  guintptr stop = ((guintptr) text + end) & ~(page - 1);

  if (stop <= first || (!last && stop - first < DROP_BATCH_BYTES))
    return;
  (void) madvise ((void *) first, stop - first, MADV_DONTNEED);
  *dropped = stop - (guintptr) text;
#else
  (void) text;
  (void) dropped;
  (void) end;
  (void) last;
#endif
}

/* Reads host number @index, parsed alone from its @length bytes at @text into @arena (reset
 * first), into a new host that belongs to no inventory yet; %NULL with @error set when it fails. */
static HvpHost *
read_host_piece (const JsonReader *reader, HvpJsonArena *arena, const char *text,
                 gsize length, guint index, GError **error)
{
  const HvpField *name_field = &hvp_host_fields.fields[0];
  JsonPath hosts_path = { NULL, "hosts", 0 };
  JsonPath item_path = { &hosts_path, NULL, index };
  JsonReader piece_reader = *reader;
  g_autofree char *name = NULL;
  g_autoptr (HvpHost) host = NULL;
  const cJSON *item;

  hvp_json_arena_reset (arena);
  piece_reader.arena = arena;
  item = hvp_json_parse_piece_in_arena (arena, text, length, reader->file, error);
  if (item == NULL || !check_object (&piece_reader, item, &item_path, error)
      || !read_string (&piece_reader, item, &item_path, name_field->name, name_field->flags, &name,
                       error))
    return NULL;
  host = hvp_host_new (name);
  if (!read_host_fields (&piece_reader, item, &item_path, host, error))
    return NULL;
  return g_steal_pointer (&host);
}

/* The hosts of a document read on a few threads (HostPool), while the scan still looks for the
 * next ones.  The calling thread scans (scan_hosts()) and publishes each host object it finds;
 * each other thread takes the next host found, in document order, parses it into its own arena
 * (cJSON's hooks draw from a thread-local arena, models/json.c) and reads it into a host of its
 * own, waiting when it has caught up with the scan.  The caller, its scan done, reads the root
 * and then takes hosts too.  The hosts are put into the inventory afterwards in document order
 * (add_read_hosts()), so the model is the one a single thread builds.  A failure of the scan, of
 * the root or of a host stops every thread at its next host and the caller reads the whole
 * document as one tree for the message, as it does for any failure: which host fails first on
 * which thread does not matter, and no host is read before the scan has checked its text
 * (skip_container()).  Scanning first and reading after left the other core idle during the
 * scan: at 1,000,000 VMs (1 GB) about 1.5 s of the scan's CPU, a sixth of the read.
 *
 * Threads pay only for large documents: below POOL_MIN_BYTES of text the calling thread scans,
 * then reads the hosts alone (most inventories the suite reads are a few KiB).  Measured on this
 * 2-core machine (release build, t/bench/size's generator): 1,000 VMs (1 MB) read in the same time
 * either way, 10,000 VMs a third faster on two threads (t/bench/README.md, "Issue 14, fourth
 * pass"). */
#define POOL_MIN_BYTES (2 * 1024 * 1024)

/* Threads of this process reading an inventory's hosts now, callers included: a caller that
 * already reads two documents on two threads (hvplan diff) starts no more than the cores left. */
static gint reading_threads;

struct HostPool {
  const JsonReader *reader;
  const char *text;
  GArray *elements;       /* the scan's HostSpans.elements: read and grown under @lock */
  gint failed;            /* (atomic): the scan, the root or a host failed; stop */
  GMutex lock;            /* guards @elements and the members below */
  GCond found;            /* a host was found, the scan is over, or something failed */
  GPtrArray *hosts;       /* each host found: %NULL until read, then the host, by document order */
  GByteArray *done;       /* per host found: read */
  guint next;             /* the next host to take */
  gboolean scan_over;     /* every host there is was found (or the scan failed) */
  guint done_prefix;      /* hosts 0 .. done_prefix - 1 are all read */
  gsize dropped;          /* the mapped text before this was given back (drop_mapped_pages()) */
  gboolean finished;      /* host_pool_finish() has joined the threads */
};

/* The scan found a host object from @start to @end: published to the threads reading hosts. */
static void
spans_add (HostSpans *spans, gsize start, gsize end)
{
  HostPool *pool = spans->pool;

  g_mutex_lock (&pool->lock);
  g_array_append_val (spans->elements, start);
  g_array_append_val (spans->elements, end);
  g_ptr_array_add (pool->hosts, NULL);
  g_byte_array_append (pool->done, (const guint8 *) "", 1);
  g_cond_signal (&pool->found);
  g_mutex_unlock (&pool->lock);
}

/* Stops every thread at its next host. */
static void
host_pool_fail (HostPool *pool)
{
  g_mutex_lock (&pool->lock);
  g_atomic_int_set (&pool->failed, 1);
  g_cond_broadcast (&pool->found);
  g_mutex_unlock (&pool->lock);
}

/* The scan is over: every host is found (@ok), or it failed. */
static void
host_pool_scan_over (HostPool *pool, gboolean ok)
{
  g_mutex_lock (&pool->lock);
  pool->scan_over = TRUE;
  if (!ok)
    g_atomic_int_set (&pool->failed, 1);
  g_cond_broadcast (&pool->found);
  g_mutex_unlock (&pool->lock);
}

/* The next host to read, its text from *@ret_start to *@ret_end, waiting for the scan to find
 * it; G_MAXUINT when there is none left or something failed. */
static guint
host_pool_take (HostPool *pool, gsize *ret_start, gsize *ret_end)
{
  guint h = G_MAXUINT;

  g_mutex_lock (&pool->lock);
  while (!g_atomic_int_get (&pool->failed) && pool->next >= pool->hosts->len
         && !pool->scan_over)
    g_cond_wait (&pool->found, &pool->lock);
  if (!g_atomic_int_get (&pool->failed) && pool->next < pool->hosts->len)
    {
      h = pool->next++;
      *ret_start = g_array_index (pool->elements, gsize, 2 * h);
      *ret_end = g_array_index (pool->elements, gsize, 2 * h + 1);
    }
  g_mutex_unlock (&pool->lock);
  return h;
}

/* Keeps @host, read as host @h, and gives back the mapped text of the hosts read so far, in
 * order. */
static void
host_pool_done (HostPool *pool, guint h, HvpHost *host)
{
  g_mutex_lock (&pool->lock);
  g_ptr_array_index (pool->hosts, h) = host;
  pool->done->data[h] = 1;
  while (pool->done_prefix < pool->hosts->len && pool->done->data[pool->done_prefix])
    pool->done_prefix++;
  if (pool->reader->mapped && pool->done_prefix > 0)
    drop_mapped_pages (pool->text, &pool->dropped,
                       g_array_index (pool->elements, gsize, 2 * pool->done_prefix - 1),
                       pool->scan_over && pool->done_prefix == pool->hosts->len);
  g_mutex_unlock (&pool->lock);
}

/* One thread's work (also the caller's, after its scan): hosts taken in turn until none is left
 * or something failed. */
static gpointer
host_pool_work (gpointer data)
{
  HostPool *pool = data;
  g_autoptr (HvpJsonArena) arena = hvp_json_arena_new ();
  gsize start, end;
  guint h;

  while ((h = host_pool_take (pool, &start, &end)) != G_MAXUINT)
    {
      g_autoptr (GError) local_error = NULL;
      HvpHost *host = read_host_piece (pool->reader, arena, pool->text + start, end - start, h,
                                       &local_error);

      if (host == NULL)
        {
          host_pool_fail (pool);
          break;
        }
      host_pool_done (pool, h, host);
    }
  return NULL;
}

/* How many threads to start besides the caller, which counts itself in reading_threads (and
 * must take itself out, with the returned number, when done): none for a small document, else
 * one per free core. */
static guint
host_pool_threads (gsize bytes)
{
  gint busy = g_atomic_int_add (&reading_threads, 1) + 1;
  gint cores = (gint) g_get_num_processors ();
  gint extra;

  if (bytes < POOL_MIN_BYTES || busy >= cores)
    return 0;
  extra = cores - busy;
  g_atomic_int_add (&reading_threads, extra);
  return (guint) extra;
}

/* Sets @pool up to read the hosts @spans will find in @text (@length bytes), and starts its
 * threads, which wait for the scan; @threads receives them. */
static void
host_pool_start (HostPool *pool, const JsonReader *reader, const char *text, gsize length,
                 HostSpans *spans, GPtrArray *threads)
{
  guint extra = host_pool_threads (length);

  *pool = (HostPool) { .reader = reader, .text = text, .elements = spans->elements };
  pool->hosts = g_ptr_array_new_with_free_func ((GDestroyNotify) hvp_host_free);
  pool->done = g_byte_array_new ();
  g_mutex_init (&pool->lock);
  g_cond_init (&pool->found);
  spans->pool = pool;
  for (guint t = 0; t < extra; t++)
    {
      GThread *thread = g_thread_try_new ("hvp-read", host_pool_work, pool, NULL);

      if (thread != NULL)
        g_ptr_array_add (threads, thread);
    }
  /* The threads not started count no more. */
  g_atomic_int_add (&reading_threads, -(gint) (extra - threads->len));
}

/* Reads the hosts left on the caller's thread, waits for the others (once: a second call only
 * says how the first went); %TRUE when all were read (each in @pool->hosts). */
static gboolean
host_pool_finish (HostPool *pool, GPtrArray *threads)
{
  if (pool->finished)
    return !g_atomic_int_get (&pool->failed);
  pool->finished = TRUE;
  host_pool_work (pool);
  for (guint t = 0; t < threads->len; t++)
    g_thread_join (g_ptr_array_index (threads, t));
  g_atomic_int_add (&reading_threads, -(gint) (threads->len + 1));
  g_debug ("'%s': read %u hosts on %u threads", pool->reader->file, pool->hosts->len,
           threads->len + 1);
  return !g_atomic_int_get (&pool->failed);
}

static void
host_pool_clear (HostPool *pool)
{
  g_clear_pointer (&pool->hosts, g_ptr_array_unref);
  g_clear_pointer (&pool->done, g_byte_array_unref);
  g_mutex_clear (&pool->lock);
  g_cond_clear (&pool->found);
}

/* Puts the hosts read into @inventory in document order, each taken from @hosts; %FALSE (the
 * rest left in @hosts) at a host whose name an earlier one has (names compare without regard to
 * ASCII case, as add_host() compares them). */
static gboolean
add_read_hosts (const JsonReader *reader, HvpInventory *inventory, GPtrArray *hosts)
{
  gboolean unnamed_seen = FALSE;

  for (guint h = 0; h < hosts->len; h++)
    {
      HvpHost *host = g_ptr_array_index (hosts, h);

      if (host->name == NULL)
        {
          if (unnamed_seen)
            return FALSE;
          unnamed_seen = TRUE;
        }
      else if (!g_hash_table_insert (reader->host_names, g_ascii_strdown (host->name, -1), host))
        return FALSE;
      g_ptr_array_add (inventory->hosts, g_steal_pointer (&g_ptr_array_index (hosts, h)));
    }
  return TRUE;
}

/* The root without its hosts (the skeleton), read as inventory_from_tree() reads it, while the
 * pool's threads read the hosts; then the hosts left, and the warnings.  %NULL at the first
 * failure, whatever it is (the pool's threads are then stopped); @error is set when the skeleton
 * or its warnings fail, not for a host (its error is dropped: the caller reads the whole
 * document as one tree for the message). */
static HvpInventory *
read_by_host (const JsonReader *reader, const char *text, gsize length, const HostSpans *spans,
              HostPool *pool, GPtrArray *threads, GError **error)
{
  g_autoptr (GString) skeleton = g_string_sized_new (spans->open + 1 + length - spans->close);
  g_autoptr (HvpJsonArena) root_arena = hvp_json_arena_new ();
  g_autoptr (HvpInventory) inventory = NULL;
  const cJSON *root, *hosts;

  g_string_append_len (skeleton, text, (gssize) spans->open + 1);
  g_string_append_len (skeleton, text + spans->close, (gssize) (length - spans->close));
  root = hvp_json_parse_in_arena (root_arena, skeleton->str, skeleton->len, reader->file, error);
  if (root == NULL || (inventory = read_root (reader, root, error)) == NULL)
    return NULL;
  hosts = cJSON_GetObjectItemCaseSensitive (root, "hosts");
  if (!cJSON_IsArray (hosts) || hosts->child != NULL)
    {
      g_set_error_literal (error, HVP_ERROR, HVP_ERROR_DATA, "hosts not where the scan saw them");
      return NULL;
    }
  if (!host_pool_finish (pool, threads) || !add_read_hosts (reader, inventory, pool->hosts))
    return NULL;
  if (!read_objects (reader, root, NULL, "warnings", HVP_FIELD_OPTIONAL, read_warning, inventory,
                     error))
    return NULL;
  return g_steal_pointer (&inventory);
}

/* Reading host by host (above), when the scan finds the hosts; %NULL otherwise or when anything
 * fails: then the caller reads the whole document. */
static HvpInventory *
inventory_by_host (const JsonReader *reader, const char *text, gsize length)
{
  HostSpans spans = { .elements = g_array_new (FALSE, FALSE, sizeof (gsize)) };
  g_autoptr (GPtrArray) threads = g_ptr_array_new ();
  g_autoptr (GError) local_error = NULL;
  HvpInventory *inventory = NULL;
  HostPool pool;
  gboolean found;

  host_pool_start (&pool, reader, text, length, &spans, threads);
  found = scan_hosts (text, length, &spans);
  host_pool_scan_over (&pool, found);
  if (found)
    inventory = read_by_host (reader, text, length, &spans, &pool, threads, &local_error);
  if (inventory == NULL)
    {
      /* Stops the threads (they may still be reading) before the caller reads the tree. */
      host_pool_fail (&pool);
      host_pool_finish (&pool, threads);
    }
  host_pool_clear (&pool);
  g_array_unref (spans.elements);
  return inventory;
}

/* The whole document as one tree, its keys read in order; the tree goes with its arena, in one
 * step, when this returns. */
static HvpInventory *
inventory_from_tree (const JsonReader *reader, const char *text, gsize length, char **owned_text,
                     GError **error)
{
  g_autoptr (HvpJsonArena) arena = hvp_json_arena_new ();
  JsonReader tree_reader = *reader;
  g_autoptr (HvpInventory) inventory = NULL;
  const cJSON *root = hvp_json_parse_in_arena (arena, text, length, reader->file, error);

  /* The text is not needed once parsed (cJSON keeps no pointer into it). */
  if (owned_text != NULL)
    g_clear_pointer (owned_text, g_free);
  tree_reader.arena = arena;
  if (root == NULL || (inventory = read_root (&tree_reader, root, error)) == NULL)
    return NULL;
  if (!read_objects (&tree_reader, root, NULL, "hosts", HVP_FIELD_REQUIRED, read_host, inventory,
                     error)
      || !read_objects (&tree_reader, root, NULL, "warnings", HVP_FIELD_OPTIONAL, read_warning,
                        inventory, error))
    return NULL;
  return g_steal_pointer (&inventory);
}

/* Reads the document @text, host by host when it can, else as one tree; when @owned_text is not
 * %NULL it holds @text, given back as soon as it is no longer needed. */
static HvpInventory *
inventory_from_json (const char *text, gsize length, const char *file, char **owned_text,
                     gboolean mapped, GError **error)
{
  JsonReader reader = { .file = file != NULL ? file : "(inventory)", .mapped = mapped };
  HvpInventory *inventory;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL)
    text = "";
  reader.host_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  inventory = inventory_by_host (&reader, text, length);
  if (inventory == NULL)
    {
      /* Afresh: the hosts read by host went with their inventory. */
      g_hash_table_remove_all (reader.host_names);
      inventory = inventory_from_tree (&reader, text, length, owned_text, error);
    }
  if (owned_text != NULL)
    g_clear_pointer (owned_text, g_free);
  g_hash_table_unref (reader.host_names);
  return inventory;
}

/**
 * hvp_inventory_from_json:
 * @text: (array length=length): an "hvplan-inventory/1" document, UTF-8, optionally after a
 *   UTF-8 byte order mark; need not be NUL-terminated
 * @length: bytes in @text
 * @file: (nullable): the file name to put in messages
 * @error: return location for an error
 *
 * Reads an inventory document (models/README.md, "The inventory document").  Keys this version
 * does not know are ignored (forward compatible); absent optional keys leave the model's unknown
 * value; disks are linked to their parents and snapshots into trees.
 *
 * Error messages are one line (hvp_error_one_line()): input they quote is escaped.
 *
 * Returns: (transfer full) (nullable): the inventory, or %NULL with @error set: %HVP_ERROR_DATA
 *   when the text is not JSON (with the byte offset and line), is not a document of this schema
 *   version, or has a wrong value (the message names the JSON path, as
 *   `hosts[0].vms[2].memory.startup_bytes`): a missing required key, a wrong type, a number that is
 *   negative, fractional or above 2^53 - 1, an unknown enum name, a VM id, snapshot id, host or disk
 *   twice, a parent path naming no disk of the host, or a differencing chain that loops
 */
HvpInventory *
hvp_inventory_from_json (const char *text, gsize length, const char *file, GError **error)
{
  HvpInventory *result = inventory_from_json (text, length, file, NULL, FALSE, error);

  if (result == NULL && error != NULL)
    hvp_error_one_line (*error);
  return result;
}

/**
 * hvp_inventory_from_json_mapped:
 * @mapped: a read-only mapping of the document (g_mapped_file_new (path, FALSE, ...)), which
 *   this does not keep
 * @file: (nullable): the file name to put in messages
 * @error: return location for an error
 *
 * hvp_inventory_from_json() on the contents of @mapped, giving each host's pages back to the
 * kernel once the host is parsed (madvise(2), MADV_DONTNEED): the text of an inventory read host
 * by host is then never resident all at once beside the model it becomes (a month of 5-minute
 * samples of 10,000 VMs is a 658 MB document, and about as much in samples).  Pages read again
 * come from the file, so the file must not change while it is read, as for any mapping.
 *
 * Returns: (transfer full) (nullable): as hvp_inventory_from_json() returns, with the same errors
 */
HvpInventory *
hvp_inventory_from_json_mapped (GMappedFile *mapped, const char *file, GError **error)
{
  HvpInventory *result;

  g_return_val_if_fail (mapped != NULL, NULL);

  result = inventory_from_json (g_mapped_file_get_contents (mapped),
                                g_mapped_file_get_length (mapped), file, NULL, TRUE, error);
  if (result == NULL && error != NULL)
    hvp_error_one_line (*error);
  return result;
}

/**
 * hvp_inventory_from_json_take:
 * @text: (transfer full) (array length=length): as for hvp_inventory_from_json(), allocated with
 *   g_malloc() (hvp_read_input_file() gives it so)
 * @length: bytes in @text
 * @file: (nullable): the file name to put in messages
 * @error: return location for an error
 *
 * hvp_inventory_from_json(), freeing @text as soon as it is parsed, before the model is built:
 * the text, its parsed tree and the model are never in memory all together (a month of 5-minute
 * samples of 10,000 VMs is a 658 MB document; each of the three is about that size).
 *
 * Returns: (transfer full) (nullable): as hvp_inventory_from_json() returns, with the same errors
 */
HvpInventory *
hvp_inventory_from_json_take (char *text, gsize length, const char *file, GError **error)
{
  char *owned = text;
  HvpInventory *result = inventory_from_json (text, length, file, &owned, FALSE, error);

  g_free (owned);
  if (result == NULL && error != NULL)
    hvp_error_one_line (*error);
  return result;
}

/**
 * hvp_json_looks_like_inventory:
 * @text: (array length=length): the start of a file (at least its first KiB when it has one)
 * @length: bytes in @text
 *
 * The probe of the inventory-json collector: after an optional UTF-8 byte order mark and
 * whitespace, the text starts with '{', and its first KiB contains "hvplan-inventory/".
 *
 * Returns: %TRUE when @text looks like an inventory document (of any schema version)
 */
gboolean
hvp_json_looks_like_inventory (const char *text, gsize length)
{
  gsize limit = MIN (length, LOOKS_LIKE_BYTES);
  gsize start = 0;

  if (text == NULL)
    return FALSE;
  if (limit >= 3 && memcmp (text, utf8_bom, 3) == 0)
    start = 3;
  while (start < limit && hvp_json_is_space (text[start]))
    start++;
  if (start >= limit || text[start] != '{')
    return FALSE;
  return g_strstr_len (text + start, (gssize) (limit - start), "hvplan-inventory/") != NULL;
}
