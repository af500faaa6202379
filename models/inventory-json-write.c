/* hvplan: the canonical inventory document "hvplan-inventory/1", written.
 *
 * The schema is documented in models/README.md ("The inventory document").  The document is
 * written as a stream, straight from the field tables (models/field.h) into the text: two-space
 * indentation, keys in table order, integers exact to 64 bits, arrays in a canonical order (by
 * their elements' identity keys, then by the element's compact text), so the same inventory
 * always gives the same bytes.  Until issue 14 the writer built a cJSON tree of the whole
 * inventory and printed it (hvp_json_print()): at 10,000 VMs that tree and the compact text of
 * every element held 58 MiB at once.  The tree form is kept for the one thing only it defines,
 * the compact text of two elements that tie on every identity key, and is built for those
 * elements alone. */
#include "models/inventory-json.h"

#include <cjson/cJSON.h>
#include <string.h>

#include "models/error.h"
#include "models/json.h"
#include "models/model.h"

/* ---------------------------------------------------------------------------------------------
 * The tree form: a cJSON tree of an object, whose compact text (cJSON_PrintUnformatted()) is the
 * last tie-break of the canonical order, made only for elements that tie on every other key
 * ------------------------------------------------------------------------------------------- */

/* One element of an array being put in canonical order. */
typedef struct {
  cJSON *item;         /* owned until moved into the array */
  char *text;          /* the element printed compactly: the last tie-break */
  const void *object;  /* the model object it was built from (snapshots) */
} Entry;

static void
entry_clear (gpointer data)
{
  Entry *entry = data;

  cJSON_Delete (entry->item);
  cJSON_free (entry->text);
}

static GArray *
entries_new (void)
{
  GArray *entries = g_array_new (FALSE, TRUE, sizeof (Entry));

  g_array_set_clear_func (entries, entry_clear);
  return entries;
}

static void
entries_add (GArray *entries, cJSON *item, const void *object)
{
  Entry entry = { .item = hvp_json_checked (item), .object = object };

  entry.text = cJSON_PrintUnformatted (item);
  if (G_UNLIKELY (entry.text == NULL))
    g_error ("cJSON: out of memory");
  g_array_append_val (entries, entry);
}

/* Moves the entries' items, in their current order, into a new JSON array. */
static cJSON *
entries_to_array (GArray *entries)
{
  cJSON *array = hvp_json_checked (cJSON_CreateArray ());

  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = &g_array_index (entries, Entry, i);

      cJSON_AddItemToArray (array, g_steal_pointer (&entry->item));
    }
  return array;
}

/* Compares two integers written by json_uint64() / json_int64() by value. */
static int
compare_raw_integers (const char *a, const char *b)
{
  gboolean a_negative = a[0] == '-';
  gboolean b_negative = b[0] == '-';
  gsize a_length, b_length;
  int magnitude;

  if (a_negative != b_negative)
    return a_negative ? -1 : 1;
  a += a_negative;
  b += b_negative;
  a_length = strlen (a);
  b_length = strlen (b);
  if (a_length != b_length)
    magnitude = a_length < b_length ? -1 : 1;
  else
    magnitude = strcmp (a, b);
  return a_negative ? -magnitude : magnitude;
}

/* Orders two values of one key: absent and null first, strings by bytes, integers by value. */
static int
compare_json_values (const cJSON *a, const cJSON *b)
{
  gboolean a_known = a != NULL && !cJSON_IsNull (a);
  gboolean b_known = b != NULL && !cJSON_IsNull (b);

  if (!a_known || !b_known)
    return a_known - b_known;
  if (cJSON_IsString (a) && cJSON_IsString (b))
    return strcmp (a->valuestring, b->valuestring);
  if (cJSON_IsRaw (a) && cJSON_IsRaw (b))
    return compare_raw_integers (a->valuestring, b->valuestring);
  return 0;
}

/* Orders entries by the values of the %NULL-terminated @user_data keys, then by their whole text,
 * so elements that agree on every key still have one order. */
static gint
compare_entries_by_keys (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const Entry *x = a;
  const Entry *y = b;
  const char *const *keys = user_data;

  for (guint i = 0; keys[i] != NULL; i++)
    {
      int order = compare_json_values (cJSON_GetObjectItemCaseSensitive (x->item, keys[i]),
                                       cJSON_GetObjectItemCaseSensitive (y->item, keys[i]));

      if (order != 0)
        return order;
    }
  return strcmp (x->text, y->text);
}

/* Builds a JSON array of @items (transfer full), sorted by @keys (%NULL-terminated; none for
 * arrays of strings). */
static cJSON *
sorted_array (GPtrArray *items, const char *const *keys)
{
  g_autoptr (GArray) entries = entries_new ();
  gsize length = 0;
  /* One steal of the whole block: stealing index 0 one at a time would move the rest each time. */
  g_autofree gpointer *taken = g_ptr_array_steal (items, &length);

  for (gsize i = 0; i < length; i++)
    entries_add (entries, taken[i], NULL);
  g_array_sort_with_data (entries, compare_entries_by_keys, (gpointer) keys);
  return entries_to_array (entries);
}

static cJSON *
strings_to_json (const GPtrArray *strings)
{
  static const char *const no_keys[] = { NULL };
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cJSON_Delete);

  for (guint i = 0; strings != NULL && i < strings->len; i++)
    g_ptr_array_add (items, hvp_json_string (g_ptr_array_index (strings, i)));
  return sorted_array (items, no_keys);
}

static cJSON *object_to_json (const HvpFieldTable *table, const void *object);

/* Builds a JSON array of @items, objects of @table, sorted by the table's identity keys. */
static cJSON *
array_to_json (const HvpFieldTable *table, const GPtrArray *items)
{
  const char *keys[HVP_FIELD_TABLE_MAX + 1];
  g_autoptr (GPtrArray) objects = g_ptr_array_new_with_free_func ((GDestroyNotify) cJSON_Delete);

  hvp_field_table_identity (table, keys, G_N_ELEMENTS (keys));
  for (guint i = 0; items != NULL && i < items->len; i++)
    g_ptr_array_add (objects, object_to_json (table, g_ptr_array_index (items, i)));
  return sorted_array (objects, keys);
}

/* Siblings: by creation time, then name, then id (as hvp_vm_link_snapshots() orders children);
 * 0 when they agree on all three (the whole text decides). */
static gint
compare_snapshots (const HvpSnapshot *s, const HvpSnapshot *t)
{
  if (s->creation_time != t->creation_time)
    return s->creation_time < t->creation_time ? -1 : 1;
  if (g_strcmp0 (s->name, t->name) != 0)
    return g_strcmp0 (s->name, t->name);
  return g_strcmp0 (s->id, t->id);
}

static gint
compare_snapshot_entries (gconstpointer a, gconstpointer b)
{
  const Entry *x = a;
  const Entry *y = b;
  gint order = compare_snapshots (x->object, y->object);

  return order != 0 ? order : strcmp (x->text, y->text);
}

/* Links the sorted snapshots into a tree: returns each one's children (indices, in sorted order)
 * and appends the roots to @roots.  A parent id that names no snapshot, or the snapshot itself,
 * makes a root. */
static GPtrArray *
snapshot_link (const GPtrArray *sorted, GArray *roots)
{
  g_autoptr (GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *children = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  for (guint i = 0; i < sorted->len; i++)
    {
      const HvpSnapshot *snapshot = g_ptr_array_index (sorted, i);

      g_ptr_array_add (children, g_array_new (FALSE, FALSE, sizeof (guint)));
      if (snapshot->id != NULL && !g_hash_table_contains (by_id, snapshot->id))
        g_hash_table_insert (by_id, snapshot->id, GUINT_TO_POINTER (i + 1));
    }
  for (guint i = 0; i < sorted->len; i++)
    {
      const HvpSnapshot *snapshot = g_ptr_array_index (sorted, i);
      guint parent = 0;

      if (snapshot->parent_id != NULL)
        parent = GPOINTER_TO_UINT (g_hash_table_lookup (by_id, snapshot->parent_id));
      if (parent == 0 || parent - 1 == i)
        g_array_append_val (roots, i);
      else
        g_array_append_val (g_ptr_array_index (children, parent - 1), i);
    }
  return children;
}

/* Appends @start and the snapshots below it, depth first, to @order.  An explicit stack: a long
 * chain of snapshots must not exhaust the C stack. */
static void
snapshot_walk (const GPtrArray *children, guint start, gboolean *visited, GArray *order)
{
  g_autoptr (GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint));

  g_array_append_val (stack, start);
  while (stack->len > 0)
    {
      guint i = g_array_index (stack, guint, stack->len - 1);
      GArray *kids = g_ptr_array_index (children, i);

      g_array_set_size (stack, stack->len - 1);
      if (visited[i])
        continue;
      visited[i] = TRUE;
      g_array_append_val (order, i);
      for (guint k = kids->len; k > 0; k--)
        g_array_append_val (stack, g_array_index (kids, guint, k - 1));
    }
}

/* The snapshots' tree order, as indices into @sorted (snapshots in sibling order, see
 * compare_snapshots()): depth first from the roots.  The tree is built here from the parent ids,
 * so the caller's model need not be linked and is not changed.  A parent id that names no
 * snapshot makes a root; members of a loop (which no root reaches) follow the roots, each loop
 * entered at its first member. */
static GArray *
snapshot_order (const GPtrArray *sorted)
{
  g_autoptr (GArray) roots = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GPtrArray) children = snapshot_link (sorted, roots);
  g_autofree gboolean *visited = g_new0 (gboolean, sorted->len + 1);
  GArray *order = g_array_sized_new (FALSE, FALSE, sizeof (guint), sorted->len);

  for (guint r = 0; r < roots->len; r++)
    snapshot_walk (children, g_array_index (roots, guint, r), visited, order);
  for (guint i = 0; i < sorted->len; i++)
    if (!visited[i])
      snapshot_walk (children, i, visited, order);
  return order;
}

/* Writes the snapshots in tree order: depth first from the roots, siblings in the order of
 * compare_snapshot_entries(). */
static cJSON *
snapshots_to_json (const GPtrArray *snapshots)
{
  g_autoptr (GArray) entries = entries_new ();
  g_autoptr (GPtrArray) sorted = g_ptr_array_new ();
  g_autoptr (GArray) order = NULL;
  cJSON *array = hvp_json_checked (cJSON_CreateArray ());

  for (guint i = 0; i < snapshots->len; i++)
    {
      const HvpSnapshot *snapshot = g_ptr_array_index (snapshots, i);

      entries_add (entries, object_to_json (&hvp_snapshot_fields, snapshot), snapshot);
    }
  g_array_sort (entries, compare_snapshot_entries);
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (sorted, (gpointer) g_array_index (entries, Entry, i).object);
  order = snapshot_order (sorted);
  for (guint i = 0; i < order->len; i++)
    cJSON_AddItemToArray (array, g_steal_pointer (
      &g_array_index (entries, Entry, g_array_index (order, guint, i)).item));
  return array;
}

/* The value of @field of @object, or %NULL when the key is left out. */
static cJSON *
value_to_json (const HvpField *field, const void *object)
{
  switch (field->type)
    {
    case HVP_FIELD_STRING:
      {
        const char *string = HVP_FIELD_CONST_MEMBER (object, field->offset, char *);

        if (string == NULL && (field->flags & HVP_FIELD_OMIT_NULL))
          return NULL;
        return hvp_json_string (string);
      }
    case HVP_FIELD_BOOL:
      return hvp_json_bool (HVP_FIELD_CONST_MEMBER (object, field->offset, gboolean));
    case HVP_FIELD_TRISTATE:
      {
        guint tristate = HVP_FIELD_CONST_MEMBER (object, field->offset, guint);

        if (tristate == HVP_TRISTATE_UNKNOWN)
          return NULL;
        return hvp_json_bool (tristate == HVP_TRISTATE_YES);
      }
    case HVP_FIELD_COUNT:
      if (HVP_FIELD_CONST_MEMBER (object, field->offset, guint) == 0
          && (field->flags & HVP_FIELD_OMIT_NULL))
        return NULL;
      return hvp_json_uint64 (HVP_FIELD_CONST_MEMBER (object, field->offset, guint));
    case HVP_FIELD_BYTES:
      return hvp_json_uint64 (HVP_FIELD_CONST_MEMBER (object, field->offset, guint64));
    case HVP_FIELD_TIME:
      return hvp_json_int64 (HVP_FIELD_CONST_MEMBER (object, field->offset, gint64));
    case HVP_FIELD_STEPPING:
      {
        gint stepping = HVP_FIELD_CONST_MEMBER (object, field->offset, gint);

        if (stepping < 0 && (field->flags & HVP_FIELD_OMIT_NULL))
          return NULL;
        return stepping < 0 ? hvp_json_checked (cJSON_CreateNull ())
                            : hvp_json_uint64 ((guint64) stepping);
      }
    case HVP_FIELD_ENUM:
      return hvp_json_string (hvp_field_enum_to_string (
        field->enum_names, HVP_FIELD_CONST_MEMBER (object, field->offset, guint)));
    case HVP_FIELD_STRINGS:
      {
        const GPtrArray *strings = HVP_FIELD_CONST_MEMBER (object, field->offset, GPtrArray *);

        if ((strings == NULL || strings->len == 0) && (field->flags & HVP_FIELD_OMIT_NULL))
          return NULL;
        return strings_to_json (strings);
      }
    case HVP_FIELD_OBJECT:
      return object_to_json (field->table, (const char *) object + field->offset);
    case HVP_FIELD_ARRAY:
      return array_to_json (field->table,
                            HVP_FIELD_CONST_MEMBER (object, field->offset, GPtrArray *));
    case HVP_FIELD_POINTER:
      {
        const void *pointer = HVP_FIELD_CONST_MEMBER (object, field->offset, void *);

        return pointer != NULL ? object_to_json (field->table, pointer) : NULL;
      }
    case HVP_FIELD_CUSTOM:
      /* The only hand-written field: a VM's snapshots, in tree order. */
      return snapshots_to_json (HVP_FIELD_CONST_MEMBER (object, field->offset, GPtrArray *));
    case HVP_FIELD_PARENT:
      return NULL;
    case HVP_FIELD_SERIES:
      {
        const GArray *series = HVP_FIELD_CONST_MEMBER (object, field->offset, GArray *);
        g_autofree char *text = NULL;

        if (series->len == 0 && (field->flags & HVP_FIELD_OMIT_NULL))
          return NULL;
        text = hvp_series_to_string (series);
        return hvp_json_string (text);
      }
    }
  g_assert_not_reached ();
}

/* Writes every field of @object, described by @table, in table order. */
static cJSON *
object_to_json (const HvpFieldTable *table, const void *object)
{
  cJSON *json = hvp_json_checked (cJSON_CreateObject ());

  for (guint f = 0; f < table->n_fields; f++)
    {
      cJSON *value = value_to_json (&table->fields[f], object);

      if (value != NULL)
        hvp_json_add (json, table->fields[f].name, value);
    }
  return json;
}


/* The tree form of a warning. */
static cJSON *
warning_to_json (const HvpWarning *warning)
{
  cJSON *item = hvp_json_checked (cJSON_CreateObject ());

  hvp_json_add (item, "file", hvp_json_string (warning->file));
  hvp_json_add (item, "position", hvp_json_string (warning->position));
  hvp_json_add (item, "message", hvp_json_string (warning->message));
  if (warning->unread)
    hvp_json_add (item, "unread", hvp_json_checked (cJSON_CreateTrue ()));
  return item;
}

/* ---------------------------------------------------------------------------------------------
 * The stream
 * ------------------------------------------------------------------------------------------- */

/* One element of an array being ordered: the tree form of its identity keys, and its compact
 * text, made the first time it ties on all of them. */
typedef struct {
  const void *object;
  const HvpFieldTable *table; /* NULL: a warning */
  guint n_keys;
  cJSON *keys[HVP_FIELD_TABLE_MAX]; /* NULL where the key is left out */
  char *text;
} Element;

static void
element_free (Element *element)
{
  for (guint k = 0; k < element->n_keys; k++)
    cJSON_Delete (element->keys[k]);
  cJSON_free (element->text);
  g_free (element);
}

static const char *
element_text (Element *element)
{
  if (element->text == NULL)
    {
      g_autoptr (cJSON) tree = element->table != NULL
                                 ? object_to_json (element->table, element->object)
                                 : warning_to_json (element->object);

      element->text = cJSON_PrintUnformatted (tree);
      if (G_UNLIKELY (element->text == NULL))
        g_error ("cJSON: out of memory");
    }
  return element->text;
}

/* The order of compare_entries_by_keys(), on Element pointers. */
static gint
compare_elements (gconstpointer a, gconstpointer b)
{
  Element *x = *(Element *const *) a;
  Element *y = *(Element *const *) b;

  for (guint k = 0; k < x->n_keys; k++)
    {
      int order = compare_json_values (x->keys[k], y->keys[k]);

      if (order != 0)
        return order;
    }
  return strcmp (element_text (x), element_text (y));
}

/* The order of compare_snapshot_entries(), on Element pointers. */
static gint
compare_snapshot_elements (gconstpointer a, gconstpointer b)
{
  Element *x = *(Element *const *) a;
  Element *y = *(Element *const *) b;
  gint order = compare_snapshots (x->object, y->object);

  return order != 0 ? order : strcmp (element_text (x), element_text (y));
}

/* @items (objects of @table) as Elements with their identity keys, sorted as array_to_json()
 * sorts them (transfer full). */
static GPtrArray *
sorted_elements (const HvpFieldTable *table, const GPtrArray *items)
{
  const HvpField *key_fields[HVP_FIELD_TABLE_MAX] = { NULL };
  GPtrArray *elements = g_ptr_array_new_with_free_func ((GDestroyNotify) element_free);
  guint n_keys = 0;

  for (guint f = 0; f < table->n_fields; f++)
    if (table->fields[f].identity != 0)
      {
        key_fields[table->fields[f].identity - 1] = &table->fields[f];
        n_keys = MAX (n_keys, table->fields[f].identity);
      }
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      Element *element = g_new0 (Element, 1);

      element->object = g_ptr_array_index (items, i);
      element->table = table;
      element->n_keys = n_keys;
      for (guint k = 0; k < n_keys; k++)
        if (key_fields[k] != NULL)
          element->keys[k] = value_to_json (key_fields[k], element->object);
      g_ptr_array_add (elements, element);
    }
  g_ptr_array_sort (elements, compare_elements);
  return elements;
}

/* The text being written, handed to @write in blocks of about %WRITER_BLOCK bytes at element
 * boundaries when there is a @write (else kept whole); the first error of @write stops the
 * hand-over and is returned at the end. */
typedef struct {
  GString *text;
  HvpWriteFunc write;
  gpointer sink;
  GError *error;
} Writer;

#define WRITER_BLOCK (64 * 1024)

static void
writer_flush (Writer *writer, gsize at_least)
{
  if (writer->write == NULL || writer->text->len < at_least)
    return;
  if (writer->error == NULL)
    writer->write (writer->text->str, writer->text->len, writer->sink, &writer->error);
  g_string_truncate (writer->text, 0);
}

static void
write_indent (Writer *out, guint depth)
{
  for (guint i = 0; i < depth; i++)
    g_string_append (out->text, "  ");
}

/* Between elements: "[\n" before the first, ",\n" before the others, then the indentation. */
static void
write_separator (Writer *out, guint index, guint depth)
{
  g_string_append (out->text, index == 0 ? "[\n" : ",\n");
  write_indent (out, depth + 1);
}

/* After @count elements: "[]", or the last line break and the closing bracket. */
static void
write_close (Writer *out, guint count, guint depth)
{
  if (count == 0)
    {
      g_string_append (out->text, "[]");
      return;
    }
  g_string_append_c (out->text, '\n');
  write_indent (out, depth);
  g_string_append_c (out->text, ']');
}

static void write_object (Writer *out, const HvpFieldTable *table, const void *object,
                          guint depth);

static void
write_array (Writer *out, const HvpFieldTable *table, const GPtrArray *items, guint depth)
{
  g_autoptr (GPtrArray) elements = sorted_elements (table, items);

  for (guint i = 0; i < elements->len; i++)
    {
      write_separator (out, i, depth);
      write_object (out, table, ((Element *) g_ptr_array_index (elements, i))->object,
                    depth + 1);
      writer_flush (out, WRITER_BLOCK);
    }
  write_close (out, elements->len, depth);
}

/* A set of strings, in the order strings_to_json() gives (by their compact JSON text). */
static void
write_strings (Writer *out, const GPtrArray *strings, guint depth)
{
  g_autoptr (cJSON) array = strings_to_json (strings);
  guint count = 0;

  for (const cJSON *item = array->child; item != NULL; item = item->next)
    {
      write_separator (out, count++, depth);
      if (cJSON_IsString (item))
        hvp_json_append_string (out->text, item->valuestring);
      else
        g_string_append (out->text, "null");
    }
  write_close (out, count, depth);
}

/* The snapshots in the tree order of snapshots_to_json(). */
static void
write_snapshots (Writer *out, const GPtrArray *snapshots, guint depth)
{
  g_autoptr (GPtrArray) elements = g_ptr_array_new_with_free_func ((GDestroyNotify) element_free);
  g_autoptr (GPtrArray) sorted = g_ptr_array_new ();
  g_autoptr (GArray) order = NULL;

  for (guint i = 0; i < snapshots->len; i++)
    {
      Element *element = g_new0 (Element, 1);

      element->object = g_ptr_array_index (snapshots, i);
      element->table = &hvp_snapshot_fields;
      g_ptr_array_add (elements, element);
    }
  g_ptr_array_sort (elements, compare_snapshot_elements);
  for (guint i = 0; i < elements->len; i++)
    g_ptr_array_add (sorted, (gpointer) ((Element *) g_ptr_array_index (elements, i))->object);
  order = snapshot_order (sorted);
  for (guint i = 0; i < order->len; i++)
    {
      write_separator (out, i, depth);
      write_object (out, &hvp_snapshot_fields,
                    g_ptr_array_index (sorted, g_array_index (order, guint, i)), depth + 1);
    }
  write_close (out, order->len, depth);
}

/* Whether value_to_json() gives @field of @object a key (it returns %NULL when it leaves it out). */
static gboolean
field_written (const HvpField *field, const void *object)
{
  gboolean omit_null = (field->flags & HVP_FIELD_OMIT_NULL) != 0;

  switch (field->type)
    {
    case HVP_FIELD_STRING:
      return !omit_null || HVP_FIELD_CONST_MEMBER (object, field->offset, char *) != NULL;
    case HVP_FIELD_TRISTATE:
      return HVP_FIELD_CONST_MEMBER (object, field->offset, guint) != HVP_TRISTATE_UNKNOWN;
    case HVP_FIELD_COUNT:
      return !omit_null || HVP_FIELD_CONST_MEMBER (object, field->offset, guint) != 0;
    case HVP_FIELD_STEPPING:
      return !omit_null || HVP_FIELD_CONST_MEMBER (object, field->offset, gint) >= 0;
    case HVP_FIELD_STRINGS:
      {
        const GPtrArray *strings = HVP_FIELD_CONST_MEMBER (object, field->offset, GPtrArray *);

        return !omit_null || (strings != NULL && strings->len > 0);
      }
    case HVP_FIELD_POINTER:
      return HVP_FIELD_CONST_MEMBER (object, field->offset, void *) != NULL;
    case HVP_FIELD_PARENT:
      return FALSE;
    case HVP_FIELD_SERIES:
      return !omit_null || HVP_FIELD_CONST_MEMBER (object, field->offset, GArray *)->len > 0;
    default:
      return TRUE;
    }
}

static void
write_string (Writer *out, const char *string)
{
  if (string == NULL)
    g_string_append (out->text, "null");
  else
    hvp_json_append_string (out->text, string);
}

/* The scalar value of @field of @object, as value_to_json() and hvp_json_print() give it. */
static void
write_scalar (Writer *out, const HvpField *field, const void *object)
{
  switch (field->type)
    {
    case HVP_FIELD_STRING:
      write_string (out, HVP_FIELD_CONST_MEMBER (object, field->offset, char *));
      break;
    case HVP_FIELD_BOOL:
      g_string_append (out->text, HVP_FIELD_CONST_MEMBER (object, field->offset, gboolean) ? "true"
                                                                                   : "false");
      break;
    case HVP_FIELD_TRISTATE:
      g_string_append (out->text, HVP_FIELD_CONST_MEMBER (object, field->offset, guint)
                                == HVP_TRISTATE_YES ? "true" : "false");
      break;
    case HVP_FIELD_COUNT:
      g_string_append_printf (out->text, "%u", HVP_FIELD_CONST_MEMBER (object, field->offset, guint));
      break;
    case HVP_FIELD_BYTES:
      g_string_append_printf (out->text, "%" G_GUINT64_FORMAT,
                              HVP_FIELD_CONST_MEMBER (object, field->offset, guint64));
      break;
    case HVP_FIELD_TIME:
      g_string_append_printf (out->text, "%" G_GINT64_FORMAT,
                              HVP_FIELD_CONST_MEMBER (object, field->offset, gint64));
      break;
    case HVP_FIELD_STEPPING:
      {
        gint stepping = HVP_FIELD_CONST_MEMBER (object, field->offset, gint);

        if (stepping < 0)
          g_string_append (out->text, "null");
        else
          g_string_append_printf (out->text, "%d", stepping);
        break;
      }
    case HVP_FIELD_ENUM:
      write_string (out, hvp_field_enum_to_string (
        field->enum_names, HVP_FIELD_CONST_MEMBER (object, field->offset, guint)));
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
write_value (Writer *out, const HvpField *field, const void *object, guint depth)
{
  switch (field->type)
    {
    case HVP_FIELD_STRINGS:
      write_strings (out, HVP_FIELD_CONST_MEMBER (object, field->offset, GPtrArray *), depth);
      break;
    case HVP_FIELD_OBJECT:
      write_object (out, field->table, (const char *) object + field->offset, depth);
      break;
    case HVP_FIELD_ARRAY:
      write_array (out, field->table,
                   HVP_FIELD_CONST_MEMBER (object, field->offset, GPtrArray *), depth);
      break;
    case HVP_FIELD_POINTER:
      write_object (out, field->table, HVP_FIELD_CONST_MEMBER (object, field->offset, void *),
                    depth);
      break;
    case HVP_FIELD_CUSTOM:
      write_snapshots (out, HVP_FIELD_CONST_MEMBER (object, field->offset, GPtrArray *), depth);
      break;
    case HVP_FIELD_SERIES:
      {
        g_autofree char *text = hvp_series_to_string (
          HVP_FIELD_CONST_MEMBER (object, field->offset, GArray *));

        write_string (out, text);
        break;
      }
    default:
      write_scalar (out, field, object);
    }
}

/* Writes every field of @object that has a key, in table order; "{}" when none has. */
static void
write_object (Writer *out, const HvpFieldTable *table, const void *object, guint depth)
{
  guint written = 0;

  for (guint f = 0; f < table->n_fields; f++)
    {
      const HvpField *field = &table->fields[f];

      if (!field_written (field, object))
        continue;
      g_string_append (out->text, written++ == 0 ? "{\n" : ",\n");
      write_indent (out, depth + 1);
      hvp_json_append_string (out->text, field->name);
      g_string_append (out->text, ": ");
      write_value (out, field, object, depth + 1);
    }
  if (written == 0)
    {
      g_string_append (out->text, "{}");
      return;
    }
  g_string_append_c (out->text, '\n');
  write_indent (out, depth);
  g_string_append_c (out->text, '}');
}

/* The warnings, by file, position and message, then their compact text. */
static void
write_warnings (Writer *out, const GPtrArray *warnings, guint depth)
{
  g_autoptr (GPtrArray) elements = g_ptr_array_new_with_free_func ((GDestroyNotify) element_free);

  for (guint i = 0; i < warnings->len; i++)
    {
      const HvpWarning *warning = g_ptr_array_index (warnings, i);
      Element *element = g_new0 (Element, 1);

      element->object = warning;
      element->n_keys = 3;
      element->keys[0] = hvp_json_string (warning->file);
      element->keys[1] = hvp_json_string (warning->position);
      element->keys[2] = hvp_json_string (warning->message);
      g_ptr_array_add (elements, element);
    }
  g_ptr_array_sort (elements, compare_elements);
  for (guint i = 0; i < elements->len; i++)
    {
      const HvpWarning *warning = ((Element *) g_ptr_array_index (elements, i))->object;

      write_separator (out, i, depth);
      g_string_append (out->text, "{\n");
      write_indent (out, depth + 2);
      g_string_append (out->text, "\"file\": ");
      write_string (out, warning->file);
      g_string_append (out->text, ",\n");
      write_indent (out, depth + 2);
      g_string_append (out->text, "\"position\": ");
      write_string (out, warning->position);
      g_string_append (out->text, ",\n");
      write_indent (out, depth + 2);
      g_string_append (out->text, "\"message\": ");
      write_string (out, warning->message);
      if (warning->unread)
        {
          g_string_append (out->text, ",\n");
          write_indent (out, depth + 2);
          g_string_append (out->text, "\"unread\": true");
        }
      g_string_append_c (out->text, '\n');
      write_indent (out, depth + 1);
      g_string_append_c (out->text, '}');
      writer_flush (out, WRITER_BLOCK);
    }
  write_close (out, elements->len, depth);
}

static void
write_document (Writer *out, const HvpInventory *inventory)
{
  g_string_append (out->text, "{\n  \"schema\": ");
  hvp_json_append_string (out->text, HVP_INVENTORY_SCHEMA);
  g_string_append (out->text, ",\n  \"sources\": ");
  write_strings (out, inventory->sources, 1);
  g_string_append (out->text, ",\n  \"hosts\": ");
  write_array (out, &hvp_host_fields, inventory->hosts, 1);
  g_string_append (out->text, ",\n  \"warnings\": ");
  write_warnings (out, inventory->warnings, 1);
  g_string_append (out->text, "\n}\n");
}

/**
 * hvp_inventory_to_json:
 * @inventory: an inventory
 *
 * Writes @inventory as an "hvplan-inventory/1" document (models/README.md, "The inventory
 * document").  The output is canonical: every key is always present (unknown strings are `null`),
 * keys come in a fixed order, arrays in a fixed order (hosts by name; VMs by name then id; disks
 * and volumes by path; switches by name; adapters by name then MAC; drives by controller type,
 * number and location; snapshots in tree order; warnings by file, position and message; then by
 * the element's compact JSON text), integers are exact decimal numbers, indentation is two spaces
 * and the text ends with a newline.  So the same inventory always gives the same bytes, whatever
 * order its parts were collected in.  @inventory itself is not reordered.  The text is written
 * straight from the field tables: besides it, memory holds one sort key per element of the array
 * being written.
 *
 * Returns: (transfer full): the document, UTF-8; free with g_free()
 */
char *
hvp_inventory_to_json (const HvpInventory *inventory)
{
  Writer writer = { 0 };

  g_return_val_if_fail (inventory != NULL, NULL);

  writer.text = g_string_sized_new (4096);
  write_document (&writer, inventory);
  return g_string_free (writer.text, FALSE);
}

/**
 * hvp_inventory_write_json:
 * @inventory: an inventory
 * @write: (scope call): called with the document's bytes in order, in blocks of about 64 KiB
 * @sink: passed to @write
 * @error: return location for an error
 *
 * Writes the document of hvp_inventory_to_json(), byte for byte, without holding it whole: a
 * collection of 10,000 VMs writes 12 MB of text that need not be in memory at once.  After the
 * first failure of @write the rest is not handed over.
 *
 * Returns: %FALSE with @error set as @write set it (for example %HVP_ERROR_WRITE)
 */
gboolean
hvp_inventory_write_json (const HvpInventory *inventory, HvpWriteFunc write, gpointer sink,
                          GError **error)
{
  Writer writer = { .write = write, .sink = sink };

  g_return_val_if_fail (inventory != NULL && write != NULL, FALSE);

  writer.text = g_string_sized_new (WRITER_BLOCK + 4096);
  write_document (&writer, inventory);
  writer_flush (&writer, 1);
  g_string_free (writer.text, TRUE);
  if (writer.error != NULL)
    {
      g_propagate_error (error, writer.error);
      return FALSE;
    }
  return TRUE;
}
