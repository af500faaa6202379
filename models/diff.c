/* hvplan: the comparison of two inventories, object by object, matched by identity.
 *
 * Each kind of object or part is a table of fields (name, type, where it lives in the model).  The
 * tables give --ignore and --tolerance their names ("vm.memory.startup_bytes": the kind, then the
 * key of the canonical inventory document) and drive the comparison of most fields; a few fields
 * are "computed" (the VM's host, a snapshot's parent, a disk's place) and compared by code that
 * knows what a match means.  Matching pairs items by a key, then the leftovers by a second key,
 * with hash tables, so the whole comparison is linear in the number of VMs.
 *
 * A host's security settings are parts of the host, like its volumes: scopes by name, role
 * assignments by scope and name, disabled firewall rules by rule name, remote grants by group and
 * member SID; the DCOM launch restriction is a computed host field.  They are compared only when
 * both inventories know them (a host's `security` is not %NULL on either side; the store's scopes
 * and role assignments only when both read a store): unknown is not empty. */
#include "models/diff.h"

#include <math.h>
#include <string.h>

#include "models/model.h"

/* ---------------------------------------------------------------------------------------------
 * Field tables
 * ------------------------------------------------------------------------------------------- */

typedef enum {
  FIELD_STRING,      /* char * */
  FIELD_STRING_CASE, /* char *, compared without regard to ASCII case (GUIDs) */
  FIELD_COUNT,       /* guint */
  FIELD_BYTES,       /* guint64 */
  FIELD_INT64,       /* gint64 (times) */
  FIELD_BOOL,        /* gboolean */
  FIELD_ENUM,        /* an enum, named by @enum_names */
  FIELD_STEPPING,    /* gint, -1 when unknown */
  FIELD_TRISTATE,    /* HvpTristate: compared only when both sides know it */
  FIELD_STRINGS,     /* GPtrArray of char *, compared as sets */
  FIELD_COMPUTED,    /* compared by the kind's own code */
} FieldType;

/* One compared field: @name relative to its kind ("memory.startup_bytes"). */
typedef struct {
  char *name;
  FieldType type;
  gsize offset;
  const HvpFieldEnum *enum_names;
} Field;

typedef struct {
  const char *name;
  const Field *fields;
  guint n_fields;
} Kind;

/* A VM's drive with the disk file attached to it: what the "disk" kind compares. */
typedef struct {
  char *controller;      /* "SCSI 0:1": the place, the first identity */
  char *file_key;        /* the file name folded to lower case: the second identity */
  const char *path;
  const char *local_path;
  HvpDiskFormat format;
  HvpDiskType type;
  guint64 virtual_size_bytes;
  guint64 file_size_bytes;
  guint chain_depth;
  gboolean header_read;
} DiskView;

/* The "disk" kind compares a view, not a model object: the fields the file has take their type
 * from the disk's table (models/disk.c); the place and the depth of the differencing chain are the
 * view's own.  Every other kind is its model object's table. */
static const struct {
  const char *name;
  gsize offset;
  FieldType own_type; /* FIELD_COMPUTED: a field of the disk table */
} disk_view_rows[] = {
  { "controller", G_STRUCT_OFFSET (DiskView, controller), FIELD_STRING },
  { "path", G_STRUCT_OFFSET (DiskView, path), FIELD_COMPUTED },
  { "local_path", G_STRUCT_OFFSET (DiskView, local_path), FIELD_COMPUTED },
  { "format", G_STRUCT_OFFSET (DiskView, format), FIELD_COMPUTED },
  { "type", G_STRUCT_OFFSET (DiskView, type), FIELD_COMPUTED },
  { "virtual_size_bytes", G_STRUCT_OFFSET (DiskView, virtual_size_bytes), FIELD_COMPUTED },
  { "file_size_bytes", G_STRUCT_OFFSET (DiskView, file_size_bytes), FIELD_COMPUTED },
  { "chain_depth", G_STRUCT_OFFSET (DiskView, chain_depth), FIELD_COUNT },
  { "header_read", G_STRUCT_OFFSET (DiskView, header_read), FIELD_COMPUTED },
};

/* The model table of each kind, indexed by HvpDiffKind (the disk kind: see disk_view_rows). */
static const HvpFieldTable *const kind_tables[HVP_DIFF_N_KINDS] = {
  [HVP_DIFF_KIND_HOST] = &hvp_host_fields,
  [HVP_DIFF_KIND_VOLUME] = &hvp_volume_fields,
  [HVP_DIFF_KIND_SWITCH] = &hvp_switch_fields,
  [HVP_DIFF_KIND_VM] = &hvp_vm_fields,
  [HVP_DIFF_KIND_DISK] = &hvp_disk_fields,
  [HVP_DIFF_KIND_ADAPTER] = &hvp_adapter_fields,
  [HVP_DIFF_KIND_SNAPSHOT] = &hvp_snapshot_fields,
  [HVP_DIFF_KIND_SCOPE] = &hvp_az_scope_fields,
  [HVP_DIFF_KIND_ROLE_ASSIGNMENT] = &hvp_role_assignment_fields,
  [HVP_DIFF_KIND_DISABLED_FIREWALL_RULE] = &hvp_firewall_rule_fields,
  [HVP_DIFF_KIND_REMOTE_GRANT] = &hvp_remote_grant_fields,
};

/* How the comparison treats a model field of @type with @flags. */
static FieldType
field_type_of (HvpFieldType type, HvpFieldFlags flags)
{
  switch (type)
    {
    case HVP_FIELD_STRING:
      return (flags & HVP_FIELD_FOLD_CASE) ? FIELD_STRING_CASE : FIELD_STRING;
    case HVP_FIELD_BOOL:
      return FIELD_BOOL;
    case HVP_FIELD_COUNT:
      return FIELD_COUNT;
    case HVP_FIELD_BYTES:
      return FIELD_BYTES;
    case HVP_FIELD_TIME:
      return FIELD_INT64;
    case HVP_FIELD_STEPPING:
      return FIELD_STEPPING;
    case HVP_FIELD_TRISTATE:
      return FIELD_TRISTATE;
    case HVP_FIELD_ENUM:
      return FIELD_ENUM;
    case HVP_FIELD_STRINGS:
      return FIELD_STRINGS;
    default:
      return FIELD_COMPUTED;
    }
}

static void
add_field (GArray *fields, const char *prefix, const char *name, FieldType type, gsize offset,
           const HvpFieldEnum *enum_names)
{
  Field field = { g_strconcat (prefix, name, NULL), type, offset, enum_names };

  g_array_append_val (fields, field);
}

/* Appends the compared fields of @table, an object at @offset, named after @prefix: embedded
 * objects flattened ("memory.startup_bytes"); references, the parent, arrays compared whole and
 * the fields of an optional object computed (compared by code that knows what they mean); other
 * arrays are parts of their own kind, and fields marked not compared are left out. */
static void
flatten_table (GArray *fields, const HvpFieldTable *table, const char *prefix, gsize offset,
               gboolean computed)
{
  for (guint f = 0; f < table->n_fields; f++)
    {
      const HvpField *field = &table->fields[f];
      g_autofree char *inner = NULL;

      if ((field->flags & HVP_FIELD_NOT_COMPARED) || field->type == HVP_FIELD_CUSTOM
          || (field->type == HVP_FIELD_ARRAY && !(field->flags & HVP_FIELD_WHOLE)))
        continue;
      if (field->type == HVP_FIELD_OBJECT || field->type == HVP_FIELD_POINTER)
        {
          inner = g_strconcat (prefix, field->name, ".", NULL);
          flatten_table (fields, field->table, inner, offset + field->offset,
                         computed || field->type == HVP_FIELD_POINTER);
          continue;
        }
      if (computed || (field->flags & HVP_FIELD_REFERENCE))
        add_field (fields, prefix, field->name, FIELD_COMPUTED, 0, NULL);
      else
        add_field (fields, prefix, field->name, field_type_of (field->type, field->flags),
                   offset + field->offset, field->enum_names);
    }
}

static void
flatten_disk_view (GArray *fields)
{
  for (guint v = 0; v < G_N_ELEMENTS (disk_view_rows); v++)
    {
      const HvpField *field = NULL;

      for (guint f = 0; f < hvp_disk_fields.n_fields && field == NULL; f++)
        if (strcmp (hvp_disk_fields.fields[f].name, disk_view_rows[v].name) == 0)
          field = &hvp_disk_fields.fields[f];
      g_assert ((field != NULL) == (disk_view_rows[v].own_type == FIELD_COMPUTED));
      add_field (fields, "", disk_view_rows[v].name,
                 field != NULL ? field_type_of (field->type, field->flags)
                               : disk_view_rows[v].own_type,
                 disk_view_rows[v].offset, field != NULL ? field->enum_names : NULL);
    }
}

/* The kinds, built once from the model's tables and kept for the life of the process. */
static const Kind *
kind_table (void)
{
  static Kind kinds[HVP_DIFF_N_KINDS];
  static gsize built = 0;

  if (g_once_init_enter (&built))
    {
      for (guint k = 0; k < HVP_DIFF_N_KINDS; k++)
        {
          GArray *fields = g_array_new (FALSE, FALSE, sizeof (Field));

          if (k == HVP_DIFF_KIND_DISK)
            flatten_disk_view (fields);
          else
            flatten_table (fields, kind_tables[k], "", 0, FALSE);
          kinds[k].name = kind_tables[k]->name;
          kinds[k].n_fields = fields->len;
          kinds[k].fields = (const Field *) (void *) g_array_free (fields, FALSE);
        }
      g_once_init_leave (&built, 1);
    }
  return kinds;
}

static const char *const status_names[] = {
  [HVP_DIFF_STATUS_EQUAL] = "equal",
  [HVP_DIFF_STATUS_CHANGED] = "changed",
  [HVP_DIFF_STATUS_ADDED] = "added",
  [HVP_DIFF_STATUS_REMOVED] = "removed",
};

/**
 * hvp_diff_kind_to_string:
 * @kind: a kind
 *
 * Returns: (transfer none): "host", "volume", "switch", "vm", "disk", "adapter", "snapshot",
 *   "scope", "role_assignment", "disabled_firewall_rule" or "remote_grant"
 */
const char *
hvp_diff_kind_to_string (HvpDiffKind kind)
{
  g_return_val_if_fail ((guint) kind < HVP_DIFF_N_KINDS, "unknown");
  return kind_table ()[kind].name;
}

/**
 * hvp_diff_status_to_string:
 * @status: a status
 *
 * Returns: (transfer none): "equal", "changed", "added" or "removed"
 */
const char *
hvp_diff_status_to_string (HvpDiffStatus status)
{
  return hvp_enum_to_string (status_names, G_N_ELEMENTS (status_names), status);
}

/**
 * hvp_diff_field_names:
 *
 * Every field the comparison knows, as --ignore and --tolerance name them: "KIND.FIELD", kinds in
 * #HvpDiffKind order, fields in comparison order.
 *
 * Returns: (transfer full) (element-type utf8): the names
 */
GPtrArray *
hvp_diff_field_names (void)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint k = 0; k < HVP_DIFF_N_KINDS; k++)
    {
      const Kind *kind = &kind_table ()[k];

      for (guint f = 0; f < kind->n_fields; f++)
        g_ptr_array_add (names, g_strconcat (kind->name, ".", kind->fields[f].name, NULL));
    }
  return names;
}

/* ---------------------------------------------------------------------------------------------
 * Options
 * ------------------------------------------------------------------------------------------- */

static void
tolerance_free (HvpDiffTolerance *tolerance)
{
  g_free (tolerance->field);
  g_free (tolerance);
}

/**
 * hvp_diff_options_new:
 *
 * Returns: (transfer full): options that ignore nothing and tolerate nothing
 */
HvpDiffOptions *
hvp_diff_options_new (void)
{
  HvpDiffOptions *options = g_new0 (HvpDiffOptions, 1);

  options->ignore = g_ptr_array_new_with_free_func (g_free);
  options->tolerances = g_ptr_array_new_with_free_func ((GDestroyNotify) tolerance_free);
  return options;
}

/**
 * hvp_diff_options_free:
 * @options: (nullable): options
 */
void
hvp_diff_options_free (HvpDiffOptions *options)
{
  if (options == NULL)
    return;
  g_ptr_array_unref (options->ignore);
  g_ptr_array_unref (options->tolerances);
  g_free (options);
}

/* Does the rule ("vm", "vm.memory", "vm.memory.startup_bytes") cover field @f of kind @k? */
static gboolean
rule_covers (const char *rule, guint k, guint f)
{
  const char *kind = kind_table ()[k].name;
  gsize kind_length = strlen (kind);
  const char *field;
  gsize rule_length;

  if (strncmp (rule, kind, kind_length) != 0)
    return FALSE;
  if (rule[kind_length] == '\0')
    return TRUE;
  if (rule[kind_length] != '.')
    return FALSE;
  rule += kind_length + 1;
  field = kind_table ()[k].fields[f].name;
  rule_length = strlen (rule);
  return strncmp (field, rule, rule_length) == 0
         && (field[rule_length] == '\0' || field[rule_length] == '.');
}

/* The kind named by the part of @rule before its first dot, or -1. */
static gint
rule_kind (const char *rule)
{
  gsize length = strcspn (rule, ".");

  for (guint k = 0; k < HVP_DIFF_N_KINDS; k++)
    {
      const char *name = kind_table ()[k].name;

      if (strlen (name) == length && strncmp (rule, name, length) == 0)
        return (gint) k;
    }
  return -1;
}

/**
 * hvp_diff_options_add_ignore:
 * @options: options
 * @field: "KIND.FIELD" (see hvp_diff_field_names()), a prefix of such a name that ends where a
 *   dot follows ("vm.memory"), or a kind alone ("volume")
 * @error: return location for an error
 *
 * Ignores the differences of a field, a group of fields or a whole kind.  Ignoring a kind ignores
 * its objects or parts being added or removed too.
 *
 * Returns: %FALSE with %HVP_ERROR_USAGE when @field names no field
 */
gboolean
hvp_diff_options_add_ignore (HvpDiffOptions *options, const char *field, GError **error)
{
  gint k;

  g_return_val_if_fail (options != NULL && field != NULL, FALSE);

  k = rule_kind (field);
  for (guint f = 0; k >= 0 && f < kind_table ()[k].n_fields; f++)
    if (rule_covers (field, (guint) k, f))
      {
        g_ptr_array_add (options->ignore, g_strdup (field));
        return TRUE;
      }
  g_set_error (error, HVP_ERROR, HVP_ERROR_USAGE,
               "cannot ignore '%s': no such field (fields are KIND.FIELD, as 'vm.config_path'; "
               "'hvplan diff --help' lists them)", field);
  return FALSE;
}

/**
 * hvp_diff_options_add_tolerance:
 * @options: options
 * @text: "KIND.FIELD=PERCENT": a numeric field and a non-negative percentage ("disk.file_size_bytes=10",
 *   "5%" and "2.5" are accepted)
 * @error: return location for an error
 *
 * Lets a numeric field move by up to PERCENT of its old value without counting as a change.  A
 * later tolerance of the same field replaces an earlier one.
 *
 * Returns: %FALSE with %HVP_ERROR_USAGE when @text is not of that form or the field is not numeric
 */
gboolean
hvp_diff_options_add_tolerance (HvpDiffOptions *options, const char *text, GError **error)
{
  const char *equals;
  g_autofree char *field = NULL;
  const char *number;
  char *end = NULL;
  double percent;
  gint k;

  g_return_val_if_fail (options != NULL && text != NULL, FALSE);

  equals = strchr (text, '=');
  if (equals == NULL)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_USAGE,
                   "--tolerance '%s' is not FIELD=PERCENT, as 'disk.file_size_bytes=10'", text);
      return FALSE;
    }
  field = g_strndup (text, (gsize) (equals - text));
  number = equals + 1;
  percent = g_ascii_strtod (number, &end);
  if (end == number || (*end != '\0' && strcmp (end, "%") != 0) || !isfinite (percent)
      || percent < 0)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_USAGE,
                   "--tolerance '%s': '%s' is not a percentage such as 10 or 2.5", text, number);
      return FALSE;
    }

  k = rule_kind (field);
  for (guint f = 0; k >= 0 && f < kind_table ()[k].n_fields; f++)
    {
      const Field *entry = &kind_table ()[k].fields[f];
      g_autofree char *full = g_strconcat (kind_table ()[k].name, ".", entry->name, NULL);
      HvpDiffTolerance *tolerance;

      if (strcmp (full, field) != 0)
        continue;
      if (entry->type != FIELD_COUNT && entry->type != FIELD_BYTES && entry->type != FIELD_INT64)
        {
          g_set_error (error, HVP_ERROR, HVP_ERROR_USAGE,
                       "--tolerance '%s': '%s' is not a numeric field", text, field);
          return FALSE;
        }
      tolerance = g_new0 (HvpDiffTolerance, 1);
      tolerance->field = g_steal_pointer (&field);
      tolerance->percent = percent;
      g_ptr_array_add (options->tolerances, tolerance);
      return TRUE;
    }
  g_set_error (error, HVP_ERROR, HVP_ERROR_USAGE,
               "--tolerance '%s': no such field '%s' ('hvplan diff --help' lists them)", text,
               field);
  return FALSE;
}

/* ---------------------------------------------------------------------------------------------
 * Results
 * ------------------------------------------------------------------------------------------- */

static void
change_free (HvpDiffChange *change)
{
  g_free (change->subject);
  g_free (change->field);
  g_free (change->old_value);
  g_free (change->new_value);
  g_free (change);
}

static void
object_free (HvpDiffObject *object)
{
  g_free (object->name);
  g_free (object->host);
  g_free (object->old_id);
  g_free (object->new_id);
  g_ptr_array_unref (object->changes);
  g_free (object);
}

/**
 * hvp_diff_free:
 * @diff: (nullable): a diff
 */
void
hvp_diff_free (HvpDiff *diff)
{
  if (diff == NULL)
    return;
  g_free (diff->old_label);
  g_free (diff->new_label);
  g_ptr_array_unref (diff->objects);
  g_free (diff);
}

/**
 * hvp_diff_is_equal:
 * @diff: a diff
 *
 * Returns: %TRUE when every object is equal under the options (the exit status 0 of
 *   `hvplan diff`)
 */
gboolean
hvp_diff_is_equal (const HvpDiff *diff)
{
  g_return_val_if_fail (diff != NULL, FALSE);
  return diff->n_changed == 0 && diff->n_added == 0 && diff->n_removed == 0;
}

/* ---------------------------------------------------------------------------------------------
 * The comparison
 * ------------------------------------------------------------------------------------------- */

/* One field's treatment under the options. */
typedef struct {
  gboolean ignored;
  double tolerance_percent; /* < 0: none */
} Rule;

/* A VM with the host it belongs to, and its id in upper case (the key VMs pair by; %NULL
 * without an id), made once for the check of duplicate ids and the pairing. */
typedef struct {
  const HvpVm *vm;
  const HvpHost *host;
  guint host_index;
  char *id_key;
} VmEntry;

typedef struct {
  gboolean kind_ignored[HVP_DIFF_N_KINDS];
  Rule *rules[HVP_DIFF_N_KINDS];
  const HvpInventory *old_inventory;
  const HvpInventory *new_inventory;
  gint *old_host_partner; /* index of the paired new host, or -1 */
  gboolean several_hosts;
  GPtrArray *objects;
} Context;

static void
context_clear (Context *context)
{
  for (guint k = 0; k < HVP_DIFF_N_KINDS; k++)
    g_free (context->rules[k]);
  g_free (context->old_host_partner);
}

static void
context_init (Context *context, const HvpDiffOptions *options)
{
  for (guint k = 0; k < HVP_DIFF_N_KINDS; k++)
    {
      context->rules[k] = g_new0 (Rule, kind_table ()[k].n_fields);
      for (guint f = 0; f < kind_table ()[k].n_fields; f++)
        context->rules[k][f].tolerance_percent = -1;
      for (guint i = 0; options != NULL && i < options->ignore->len; i++)
        {
          const char *rule = g_ptr_array_index (options->ignore, i);

          if (strcmp (rule, kind_table ()[k].name) == 0)
            context->kind_ignored[k] = TRUE;
          for (guint f = 0; f < kind_table ()[k].n_fields; f++)
            if (rule_covers (rule, k, f))
              context->rules[k][f].ignored = TRUE;
        }
      for (guint i = 0; options != NULL && i < options->tolerances->len; i++)
        {
          const HvpDiffTolerance *tolerance = g_ptr_array_index (options->tolerances, i);

          for (guint f = 0; f < kind_table ()[k].n_fields; f++)
            if (rule_covers (tolerance->field, k, f))
              context->rules[k][f].tolerance_percent = tolerance->percent;
        }
    }
}

/* The rule of a computed field, by name. */
static const Rule *
computed_rule (const Context *context, HvpDiffKind kind, const char *name)
{
  for (guint f = 0; f < kind_table ()[kind].n_fields; f++)
    if (strcmp (kind_table ()[kind].fields[f].name, name) == 0)
      return &context->rules[kind][f];
  g_assert_not_reached ();
}

static HvpDiffChange *
change_new (HvpDiffKind kind, const char *subject, HvpDiffStatus status, const char *field)
{
  HvpDiffChange *change = g_new0 (HvpDiffChange, 1);

  change->kind = kind;
  change->subject = g_strdup (subject);
  change->status = status;
  change->field = g_strdup (field);
  return change;
}

static void
add_string_change (GPtrArray *changes, HvpDiffKind kind, const char *subject, const char *field,
                   const char *old_value, const char *new_value)
{
  HvpDiffChange *change = change_new (kind, subject, HVP_DIFF_STATUS_CHANGED, field);

  change->type = HVP_DIFF_VALUE_STRING;
  change->old_value = g_strdup (old_value);
  change->new_value = g_strdup (new_value);
  g_ptr_array_add (changes, change);
}

static void
add_part_change (GPtrArray *changes, HvpDiffKind kind, const char *subject, HvpDiffStatus status)
{
  g_ptr_array_add (changes, change_new (kind, subject, status, NULL));
}

static gboolean
strings_equal_case (const char *a, const char *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_ascii_strcasecmp (a, b) == 0;
}

static gboolean
within_tolerance (guint64 old_value, guint64 new_value, double percent)
{
  guint64 distance = old_value > new_value ? old_value - new_value : new_value - old_value;

  if (percent < 0)
    return distance == 0;
  return (double) distance <= (double) old_value * percent / 100.0;
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

static GPtrArray *
sorted_copy (const GPtrArray *items, GCompareFunc compare)
{
  /* Not g_ptr_array_copy(): the copy would inherit the model's free function. */
  GPtrArray *copy = g_ptr_array_sized_new (items != NULL ? items->len : 0);

  for (guint i = 0; items != NULL && i < items->len; i++)
    g_ptr_array_add (copy, g_ptr_array_index (items, i));

  g_ptr_array_sort (copy, compare);
  return copy;
}

/* A list of strings as a sorted set, joined with ", "; %NULL for none. */
static char *
strings_as_set (const GPtrArray *strings)
{
  g_autoptr (GPtrArray) sorted = NULL;
  GString *out;

  if (strings == NULL || strings->len == 0)
    return NULL;
  sorted = sorted_copy (strings, compare_strings);
  out = g_string_new (NULL);
  for (guint i = 0; i < sorted->len; i++)
    {
      const char *string = g_ptr_array_index (sorted, i);

      if (i > 0 && g_strcmp0 (string, g_ptr_array_index (sorted, i - 1)) == 0)
        continue;
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, string != NULL ? string : "");
    }
  return g_string_free (out, FALSE);
}

#define MEMBER(base, offset, type) HVP_FIELD_CONST_MEMBER (base, offset, type)

/* The field comparers: each compares @field of @old_item and @new_item and returns the change, or
 * %NULL when the values are equal (or within @rule's tolerance).  The caller fills in the kind,
 * subject and field name. */
typedef HvpDiffChange *(*CompareField) (const Field *field, const Rule *rule,
                                        const void *old_item, const void *new_item);

static HvpDiffChange *
value_change_new (HvpDiffValueType type, char *old_value, char *new_value)
{
  HvpDiffChange *change = g_new0 (HvpDiffChange, 1);

  change->status = HVP_DIFF_STATUS_CHANGED;
  change->type = type;
  change->old_value = old_value;
  change->new_value = new_value;
  return change;
}

static HvpDiffChange *
compare_string_field (const Field *field, const Rule *rule, const void *old_item,
                      const void *new_item)
{
  const char *a = MEMBER (old_item, field->offset, char *);
  const char *b = MEMBER (new_item, field->offset, char *);
  gboolean equal = field->type == FIELD_STRING ? g_strcmp0 (a, b) == 0 : strings_equal_case (a, b);

  (void) rule;
  return equal ? NULL : value_change_new (HVP_DIFF_VALUE_STRING, g_strdup (a), g_strdup (b));
}

static HvpDiffChange *
compare_strings_field (const Field *field, const Rule *rule, const void *old_item,
                       const void *new_item)
{
  g_autofree char *a = strings_as_set (MEMBER (old_item, field->offset, GPtrArray *));
  g_autofree char *b = strings_as_set (MEMBER (new_item, field->offset, GPtrArray *));

  (void) rule;
  if (g_strcmp0 (a, b) == 0)
    return NULL;
  return value_change_new (HVP_DIFF_VALUE_STRING, g_steal_pointer (&a), g_steal_pointer (&b));
}

static HvpDiffChange *
compare_enum_field (const Field *field, const Rule *rule, const void *old_item,
                    const void *new_item)
{
  guint a = MEMBER (old_item, field->offset, guint);
  guint b = MEMBER (new_item, field->offset, guint);

  (void) rule;
  if (a == b)
    return NULL;
  return value_change_new (HVP_DIFF_VALUE_STRING,
                           g_strdup (hvp_field_enum_to_string (field->enum_names, a)),
                           g_strdup (hvp_field_enum_to_string (field->enum_names, b)));
}

static HvpDiffChange *
compare_bool_field (const Field *field, const Rule *rule, const void *old_item,
                    const void *new_item)
{
  gboolean a = MEMBER (old_item, field->offset, gboolean) != FALSE;
  gboolean b = MEMBER (new_item, field->offset, gboolean) != FALSE;

  (void) rule;
  if (a == b)
    return NULL;
  return value_change_new (HVP_DIFF_VALUE_BOOLEAN, g_strdup (a ? "true" : "false"),
                           g_strdup (b ? "true" : "false"));
}

/* Unknown on either side (never collected) is no change. */
static HvpDiffChange *
compare_tristate_field (const Field *field, const Rule *rule, const void *old_item,
                        const void *new_item)
{
  guint a = MEMBER (old_item, field->offset, guint);
  guint b = MEMBER (new_item, field->offset, guint);

  (void) rule;
  if (a == b || a == HVP_TRISTATE_UNKNOWN || b == HVP_TRISTATE_UNKNOWN)
    return NULL;
  return value_change_new (HVP_DIFF_VALUE_BOOLEAN, g_strdup (a == HVP_TRISTATE_YES ? "true" : "false"),
                           g_strdup (b == HVP_TRISTATE_YES ? "true" : "false"));
}

static HvpDiffChange *
compare_stepping_field (const Field *field, const Rule *rule, const void *old_item,
                        const void *new_item)
{
  gint a = MEMBER (old_item, field->offset, gint);
  gint b = MEMBER (new_item, field->offset, gint);
  HvpDiffChange *change;

  (void) rule;
  if (a == b)
    return NULL;
  change = value_change_new (HVP_DIFF_VALUE_NUMBER, a >= 0 ? g_strdup_printf ("%d", a) : NULL,
                             b >= 0 ? g_strdup_printf ("%d", b) : NULL);
  change->old_number = a >= 0 ? (guint64) a : 0;
  change->new_number = b >= 0 ? (guint64) b : 0;
  return change;
}

static HvpDiffChange *
compare_time_field (const Field *field, const Rule *rule, const void *old_item,
                    const void *new_item)
{
  gint64 a = MEMBER (old_item, field->offset, gint64);
  gint64 b = MEMBER (new_item, field->offset, gint64);
  guint64 distance = a > b ? (guint64) a - (guint64) b : (guint64) b - (guint64) a;
  HvpDiffChange *change;

  if (distance == 0
      || (rule->tolerance_percent >= 0
          && (double) distance <= fabs ((double) a) * rule->tolerance_percent / 100.0))
    return NULL;
  change = value_change_new (HVP_DIFF_VALUE_NUMBER, g_strdup_printf ("%" G_GINT64_FORMAT, a),
                             g_strdup_printf ("%" G_GINT64_FORMAT, b));
  change->old_number = (guint64) a;
  change->new_number = (guint64) b;
  return change;
}

/* Counts (guint) and byte sizes (guint64). */
static HvpDiffChange *
compare_number_field (const Field *field, const Rule *rule, const void *old_item,
                      const void *new_item)
{
  gboolean count = field->type == FIELD_COUNT;
  guint64 a = count ? MEMBER (old_item, field->offset, guint)
                    : MEMBER (old_item, field->offset, guint64);
  guint64 b = count ? MEMBER (new_item, field->offset, guint)
                    : MEMBER (new_item, field->offset, guint64);
  HvpDiffChange *change;

  if (within_tolerance (a, b, rule->tolerance_percent))
    return NULL;
  change = value_change_new (count ? HVP_DIFF_VALUE_NUMBER : HVP_DIFF_VALUE_BYTES,
                             g_strdup_printf ("%" G_GUINT64_FORMAT, a),
                             g_strdup_printf ("%" G_GUINT64_FORMAT, b));
  change->old_number = a;
  change->new_number = b;
  return change;
}

/* Indexed by FieldType; computed fields are compared by their kind's own code. */
static const CompareField field_comparers[] = {
  [FIELD_STRING] = compare_string_field,
  [FIELD_STRING_CASE] = compare_string_field,
  [FIELD_COUNT] = compare_number_field,
  [FIELD_BYTES] = compare_number_field,
  [FIELD_INT64] = compare_time_field,
  [FIELD_BOOL] = compare_bool_field,
  [FIELD_ENUM] = compare_enum_field,
  [FIELD_STEPPING] = compare_stepping_field,
  [FIELD_TRISTATE] = compare_tristate_field,
  [FIELD_STRINGS] = compare_strings_field,
  [FIELD_COMPUTED] = NULL,
};

/* Compares the table fields of one kind between @old_item and @new_item (model structs or views of
 * that kind) and appends a change per difference that the options do not overlook. */
static void
compare_fields (const Context *context, HvpDiffKind kind, const void *old_item,
                const void *new_item, const char *subject, GPtrArray *changes)
{
  const Kind *table = &kind_table ()[kind];

  for (guint f = 0; f < table->n_fields; f++)
    {
      const Field *field = &table->fields[f];
      const Rule *rule = &context->rules[kind][f];
      HvpDiffChange *change;

      if (rule->ignored || field_comparers[field->type] == NULL)
        continue;
      change = field_comparers[field->type](field, rule, old_item, new_item);
      if (change == NULL)
        continue;
      change->kind = kind;
      change->subject = g_strdup (subject);
      change->field = g_strdup (field->name);
      g_ptr_array_add (changes, change);
    }
}

/* ---------------------------------------------------------------------------------------------
 * Matching: pairs by a key, leftovers by the next key
 * ------------------------------------------------------------------------------------------- */

typedef struct {
  guint n_old;
  guint n_new;
  gint *old_partner; /* index into the new items, or -1 */
  gint *new_partner; /* index into the old items, or -1 */
} Pairing;

/* The key of item @index of @items (a GPtrArray or GArray the caller knows), or %NULL when it has
 * none; transfer full. */
typedef char *(*KeyFunc) (gconstpointer items, guint index);

static void
pairing_init (Pairing *pairing, guint n_old, guint n_new)
{
  pairing->n_old = n_old;
  pairing->n_new = n_new;
  pairing->old_partner = g_new (gint, MAX (n_old, 1));
  pairing->new_partner = g_new (gint, MAX (n_new, 1));
  for (guint i = 0; i < n_old; i++)
    pairing->old_partner[i] = -1;
  for (guint j = 0; j < n_new; j++)
    pairing->new_partner[j] = -1;
}

static void
pairing_clear (Pairing *pairing)
{
  g_free (pairing->old_partner);
  g_free (pairing->new_partner);
}

static void
pair (Pairing *pairing, guint i, guint j)
{
  pairing->old_partner[i] = (gint) j;
  pairing->new_partner[j] = (gint) i;
}

static void
free_keys (char **keys, guint n)
{
  for (guint i = 0; i < n; i++)
    g_free (keys[i]);
  g_free (keys);
}

/* Pairs the items not yet paired whose keys are equal.  Among items with the same key, the first
 * old one pairs with the first new one, and so on, in the order of the arrays (callers sort them
 * first, so the result does not depend on the input's order).  Small sets are compared directly;
 * larger ones through a hash table, so that pairing stays linear. */
static void
pair_by_key (Pairing *pairing, gconstpointer old_items, gconstpointer new_items, KeyFunc key)
{
  char **old_keys;
  char **new_keys;

  if (pairing->n_old == 0 || pairing->n_new == 0)
    return;
  old_keys = g_new0 (char *, pairing->n_old);
  new_keys = g_new0 (char *, pairing->n_new);
  for (guint i = 0; i < pairing->n_old; i++)
    if (pairing->old_partner[i] < 0)
      old_keys[i] = key (old_items, i);
  for (guint j = 0; j < pairing->n_new; j++)
    if (pairing->new_partner[j] < 0)
      new_keys[j] = key (new_items, j);

  if ((guint64) pairing->n_old * pairing->n_new <= 64)
    {
      for (guint i = 0; i < pairing->n_old; i++)
        for (guint j = 0; old_keys[i] != NULL && j < pairing->n_new; j++)
          if (pairing->new_partner[j] < 0 && new_keys[j] != NULL
              && strcmp (old_keys[i], new_keys[j]) == 0)
            {
              pair (pairing, i, j);
              break;
            }
    }
  else
    {
      /* key → 1 + the first unpaired new index with that key; @next chains the others. */
      g_autoptr (GHashTable) first = g_hash_table_new (g_str_hash, g_str_equal);
      g_autofree gint *next = g_new (gint, pairing->n_new);

      for (guint j = pairing->n_new; j > 0; j--)
        {
          guint index = j - 1;

          next[index] = -1;
          if (new_keys[index] == NULL)
            continue;
          next[index] = GPOINTER_TO_INT (g_hash_table_lookup (first, new_keys[index])) - 1;
          g_hash_table_insert (first, new_keys[index], GINT_TO_POINTER ((gint) index + 1));
        }
      for (guint i = 0; i < pairing->n_old; i++)
        {
          gint j;

          if (old_keys[i] == NULL)
            continue;
          j = GPOINTER_TO_INT (g_hash_table_lookup (first, old_keys[i])) - 1;
          if (j < 0)
            continue;
          pair (pairing, i, (guint) j);
          if (next[j] >= 0)
            g_hash_table_insert (first, new_keys[j], GINT_TO_POINTER (next[j] + 1));
          else
            g_hash_table_remove (first, old_keys[i]);
        }
    }
  free_keys (old_keys, pairing->n_old);
  free_keys (new_keys, pairing->n_new);
}

static char *
key_down (const char *text)
{
  return text != NULL ? g_ascii_strdown (text, -1) : NULL;
}

static char *
key_up (const char *text)
{
  return text != NULL ? g_ascii_strup (text, -1) : NULL;
}

/* ---------------------------------------------------------------------------------------------
 * Objects
 * ------------------------------------------------------------------------------------------- */

static HvpDiffObject *
object_new (HvpDiffKind kind, const char *name, const char *host, const char *old_id,
            const char *new_id, HvpDiffStatus status)
{
  HvpDiffObject *object = g_new0 (HvpDiffObject, 1);

  object->kind = kind;
  object->name = g_strdup (name);
  object->host = g_strdup (host);
  object->old_id = g_strdup (old_id);
  object->new_id = g_strdup (new_id);
  object->status = status;
  object->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
  return object;
}

static void
object_settle (HvpDiffObject *object)
{
  if (object->status == HVP_DIFF_STATUS_EQUAL && object->changes->len > 0)
    object->status = HVP_DIFF_STATUS_CHANGED;
}

/* Reports objects (or parts) present on one side only, unless their kind is ignored. */
static void
add_lonely_object (Context *context, HvpDiffKind kind, const char *name, const char *host,
                   const char *id, gboolean old_side)
{
  if (context->kind_ignored[kind])
    return;
  g_ptr_array_add (context->objects,
                   object_new (kind, name, host, old_side ? id : NULL, old_side ? NULL : id,
                               old_side ? HVP_DIFF_STATUS_REMOVED : HVP_DIFF_STATUS_ADDED));
}

/* --- hosts, volumes, switches --- */

static char *
host_name_key (gconstpointer items, guint index)
{
  const HvpHost *host = g_ptr_array_index ((GPtrArray *) items, index);

  return key_down (host->name);
}

static char *
volume_key (gconstpointer items, guint index)
{
  const HvpVolume *volume = g_ptr_array_index ((GPtrArray *) items, index);

  return key_down (volume->path);
}

static char *
switch_name_key (gconstpointer items, guint index)
{
  const HvpSwitch *vswitch = g_ptr_array_index ((GPtrArray *) items, index);

  return key_down (vswitch->name);
}

static char *
switch_id_key (gconstpointer items, guint index)
{
  const HvpSwitch *vswitch = g_ptr_array_index ((GPtrArray *) items, index);

  return key_up (vswitch->id);
}

static gint
compare_volumes (gconstpointer a, gconstpointer b)
{
  const HvpVolume *x = *(HvpVolume *const *) a;
  const HvpVolume *y = *(HvpVolume *const *) b;

  return g_strcmp0 (x->path, y->path);
}

static gint
compare_switches (gconstpointer a, gconstpointer b)
{
  const HvpSwitch *x = *(HvpSwitch *const *) a;
  const HvpSwitch *y = *(HvpSwitch *const *) b;
  int order = g_strcmp0 (x->name, y->name);

  return order != 0 ? order : g_strcmp0 (x->id, y->id);
}

static void
diff_volumes (const Context *context, const HvpHost *old_host, const HvpHost *new_host,
              GPtrArray *changes)
{
  g_autoptr (GPtrArray) old_volumes = sorted_copy (old_host->volumes, compare_volumes);
  g_autoptr (GPtrArray) new_volumes = sorted_copy (new_host->volumes, compare_volumes);
  Pairing pairing;

  if (context->kind_ignored[HVP_DIFF_KIND_VOLUME])
    return;
  pairing_init (&pairing, old_volumes->len, new_volumes->len);
  pair_by_key (&pairing, old_volumes, new_volumes, volume_key);
  for (guint i = 0; i < pairing.n_old; i++)
    {
      const HvpVolume *volume = g_ptr_array_index (old_volumes, i);

      if (pairing.old_partner[i] < 0)
        add_part_change (changes, HVP_DIFF_KIND_VOLUME, volume->path, HVP_DIFF_STATUS_REMOVED);
      else
        compare_fields (context, HVP_DIFF_KIND_VOLUME, volume,
                        g_ptr_array_index (new_volumes, pairing.old_partner[i]), volume->path,
                        changes);
    }
  for (guint j = 0; j < pairing.n_new; j++)
    if (pairing.new_partner[j] < 0)
      add_part_change (changes, HVP_DIFF_KIND_VOLUME,
                       ((HvpVolume *) g_ptr_array_index (new_volumes, j))->path,
                       HVP_DIFF_STATUS_ADDED);
  pairing_clear (&pairing);
}

/* The host label of a switch: its host's name when an inventory has several hosts. */
static const char *
switch_host_label (const Context *context, const HvpHost *host)
{
  return context->several_hosts ? host->name : NULL;
}

static void
diff_switches (Context *context, const HvpHost *old_host, const HvpHost *new_host)
{
  g_autoptr (GPtrArray) old_switches =
    sorted_copy (old_host != NULL ? old_host->switches : NULL, compare_switches);
  g_autoptr (GPtrArray) new_switches =
    sorted_copy (new_host != NULL ? new_host->switches : NULL, compare_switches);
  Pairing pairing;

  pairing_init (&pairing, old_switches->len, new_switches->len);
  pair_by_key (&pairing, old_switches, new_switches, switch_name_key);
  pair_by_key (&pairing, old_switches, new_switches, switch_id_key);
  for (guint i = 0; i < pairing.n_old; i++)
    {
      const HvpSwitch *old_switch = g_ptr_array_index (old_switches, i);
      const HvpSwitch *new_switch;
      HvpDiffObject *object;

      if (pairing.old_partner[i] < 0)
        {
          add_lonely_object (context, HVP_DIFF_KIND_SWITCH, old_switch->name,
                             switch_host_label (context, old_host), old_switch->id, TRUE);
          continue;
        }
      new_switch = g_ptr_array_index (new_switches, pairing.old_partner[i]);
      object = object_new (HVP_DIFF_KIND_SWITCH, old_switch->name,
                           switch_host_label (context, old_host), old_switch->id, new_switch->id,
                           HVP_DIFF_STATUS_EQUAL);
      compare_fields (context, HVP_DIFF_KIND_SWITCH, old_switch, new_switch, NULL,
                      object->changes);
      object_settle (object);
      g_ptr_array_add (context->objects, object);
    }
  for (guint j = 0; j < pairing.n_new; j++)
    if (pairing.new_partner[j] < 0)
      {
        const HvpSwitch *new_switch = g_ptr_array_index (new_switches, j);

        add_lonely_object (context, HVP_DIFF_KIND_SWITCH, new_switch->name,
                           switch_host_label (context, new_host), new_switch->id, FALSE);
      }
  pairing_clear (&pairing);
}

/* --- host security: scopes, role assignments, disabled firewall rules, remote grants --- */

static char *
scope_key (gconstpointer items, guint index)
{
  const HvpAzScope *scope = g_ptr_array_index ((GPtrArray *) items, index);

  return key_down (scope->name);
}

/* "Finance/Finance operators", "(default)/Administrator": the subject and key of an assignment. */
static char *
role_assignment_subject (const HvpRoleAssignment *role)
{
  return g_strdup_printf ("%s/%s", role->scope != NULL ? role->scope : "(default)", role->name);
}

static char *
role_assignment_key (gconstpointer items, guint index)
{
  const HvpRoleAssignment *role = g_ptr_array_index ((GPtrArray *) items, index);
  g_autofree char *subject = role_assignment_subject (role);

  return key_down (subject);
}

static char *
firewall_rule_key (gconstpointer items, guint index)
{
  const HvpFirewallRule *rule = g_ptr_array_index ((GPtrArray *) items, index);

  return key_down (rule->name);
}

/* "Hyper-V Administrators/S-1-5-21-…": the group's name, the member's SID (its account when the
 * SID is unknown). */
static char *
remote_grant_subject (const HvpRemoteGrant *grant)
{
  return g_strdup_printf ("%s/%s", grant->group, grant->sid != NULL ? grant->sid : grant->account);
}

static char *
remote_grant_key (gconstpointer items, guint index)
{
  const HvpRemoteGrant *grant = g_ptr_array_index ((GPtrArray *) items, index);

  g_autofree char *key = g_strdup_printf ("%s/%s",
                                          grant->group_sid != NULL ? grant->group_sid : grant->group,
                                          grant->sid != NULL ? grant->sid : grant->account);

  return key_up (key);
}

static gint
compare_scopes (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 ((*(HvpAzScope *const *) a)->name, (*(HvpAzScope *const *) b)->name);
}

static gint
compare_role_assignments (gconstpointer a, gconstpointer b)
{
  const HvpRoleAssignment *x = *(HvpRoleAssignment *const *) a;
  const HvpRoleAssignment *y = *(HvpRoleAssignment *const *) b;
  int order = g_strcmp0 (x->scope, y->scope);

  return order != 0 ? order : g_strcmp0 (x->name, y->name);
}

static gint
compare_firewall_rules (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 ((*(HvpFirewallRule *const *) a)->name,
                    (*(HvpFirewallRule *const *) b)->name);
}

static gint
compare_remote_grants (gconstpointer a, gconstpointer b)
{
  const HvpRemoteGrant *x = *(HvpRemoteGrant *const *) a;
  const HvpRemoteGrant *y = *(HvpRemoteGrant *const *) b;
  int order = g_strcmp0 (x->group, y->group);

  if (order == 0)
    order = g_strcmp0 (x->sid, y->sid);
  return order != 0 ? order : g_strcmp0 (x->account, y->account);
}

/* The subject a part of @kind is reported under. */
static char *
security_subject (HvpDiffKind kind, gconstpointer item)
{
  switch (kind)
    {
    case HVP_DIFF_KIND_SCOPE:
      return g_strdup (((const HvpAzScope *) item)->name);
    case HVP_DIFF_KIND_ROLE_ASSIGNMENT:
      return role_assignment_subject (item);
    case HVP_DIFF_KIND_DISABLED_FIREWALL_RULE:
      return g_strdup (((const HvpFirewallRule *) item)->name);
    case HVP_DIFF_KIND_REMOTE_GRANT:
      return remote_grant_subject (item);
    default:
      g_assert_not_reached ();
    }
}

/* Pairs the parts of one security kind by @key and appends what was added, removed or changed. */
static void
diff_security_parts (const Context *context, HvpDiffKind kind, const GPtrArray *old_items,
                     const GPtrArray *new_items, GCompareFunc compare, KeyFunc key,
                     GPtrArray *changes)
{
  g_autoptr (GPtrArray) old_sorted = sorted_copy (old_items, compare);
  g_autoptr (GPtrArray) new_sorted = sorted_copy (new_items, compare);
  Pairing pairing;

  if (context->kind_ignored[kind])
    return;
  pairing_init (&pairing, old_sorted->len, new_sorted->len);
  pair_by_key (&pairing, old_sorted, new_sorted, key);
  for (guint i = 0; i < pairing.n_old; i++)
    {
      gconstpointer item = g_ptr_array_index (old_sorted, i);
      g_autofree char *subject = security_subject (kind, item);

      if (pairing.old_partner[i] < 0)
        add_part_change (changes, kind, subject, HVP_DIFF_STATUS_REMOVED);
      else
        compare_fields (context, kind, item, g_ptr_array_index (new_sorted, pairing.old_partner[i]),
                        subject, changes);
    }
  for (guint j = 0; j < pairing.n_new; j++)
    if (pairing.new_partner[j] < 0)
      {
        g_autofree char *subject = security_subject (kind, g_ptr_array_index (new_sorted, j));

        add_part_change (changes, kind, subject, HVP_DIFF_STATUS_ADDED);
      }
  pairing_clear (&pairing);
}

/* The host's computed security field, when both sides know the security settings. */
static void
diff_launch_restriction (const Context *context, const HvpHost *old_host, const HvpHost *new_host,
                         GPtrArray *changes)
{
  const Rule *rule = computed_rule (context, HVP_DIFF_KIND_HOST,
                                    "security.machine_launch_restriction");

  if (old_host->security == NULL || new_host->security == NULL || rule->ignored)
    return;
  if (g_strcmp0 (old_host->security->machine_launch_restriction,
                 new_host->security->machine_launch_restriction) != 0)
    add_string_change (changes, HVP_DIFF_KIND_HOST, NULL, "security.machine_launch_restriction",
                       old_host->security->machine_launch_restriction,
                       new_host->security->machine_launch_restriction);
}

/* Compares the security parts of two paired hosts, when both sides know them. */
static void
diff_security (const Context *context, const HvpHost *old_host, const HvpHost *new_host,
               GPtrArray *changes)
{
  const HvpSecurity *old_security = old_host->security;
  const HvpSecurity *new_security = new_host->security;

  if (old_security == NULL || new_security == NULL)
    return;
  if (old_security->store_read && new_security->store_read)
    {
      diff_security_parts (context, HVP_DIFF_KIND_SCOPE, old_security->scopes,
                           new_security->scopes, compare_scopes, scope_key, changes);
      diff_security_parts (context, HVP_DIFF_KIND_ROLE_ASSIGNMENT, old_security->role_assignments,
                           new_security->role_assignments, compare_role_assignments,
                           role_assignment_key, changes);
    }
  diff_security_parts (context, HVP_DIFF_KIND_DISABLED_FIREWALL_RULE,
                       old_security->disabled_firewall_rules,
                       new_security->disabled_firewall_rules, compare_firewall_rules,
                       firewall_rule_key, changes);
  diff_security_parts (context, HVP_DIFF_KIND_REMOTE_GRANT, old_security->remote_grants,
                       new_security->remote_grants, compare_remote_grants, remote_grant_key,
                       changes);
}

/* Pairs the hosts (the only host of each side with each other, else by name) and compares each
 * pair with its volumes and switches. */
static void
diff_hosts (Context *context)
{
  const GPtrArray *old_hosts = context->old_inventory->hosts;
  const GPtrArray *new_hosts = context->new_inventory->hosts;
  Pairing pairing;

  pairing_init (&pairing, old_hosts->len, new_hosts->len);
  if (old_hosts->len == 1 && new_hosts->len == 1)
    pair (&pairing, 0, 0);
  else
    pair_by_key (&pairing, old_hosts, new_hosts, host_name_key);

  for (guint i = 0; i < pairing.n_old; i++)
    {
      const HvpHost *old_host = g_ptr_array_index (old_hosts, i);
      const HvpHost *new_host;
      HvpDiffObject *object;

      context->old_host_partner[i] = pairing.old_partner[i];
      if (pairing.old_partner[i] < 0)
        {
          add_lonely_object (context, HVP_DIFF_KIND_HOST, old_host->name, NULL, NULL, TRUE);
          diff_switches (context, old_host, NULL);
          continue;
        }
      new_host = g_ptr_array_index (new_hosts, pairing.old_partner[i]);
      object = object_new (HVP_DIFF_KIND_HOST, old_host->name, NULL, NULL, NULL,
                           HVP_DIFF_STATUS_EQUAL);
      compare_fields (context, HVP_DIFF_KIND_HOST, old_host, new_host, NULL, object->changes);
      diff_launch_restriction (context, old_host, new_host, object->changes);
      diff_volumes (context, old_host, new_host, object->changes);
      diff_security (context, old_host, new_host, object->changes);
      object_settle (object);
      g_ptr_array_add (context->objects, object);
      diff_switches (context, old_host, new_host);
    }
  for (guint j = 0; j < pairing.n_new; j++)
    if (pairing.new_partner[j] < 0)
      {
        const HvpHost *new_host = g_ptr_array_index (new_hosts, j);

        add_lonely_object (context, HVP_DIFF_KIND_HOST, new_host->name, NULL, NULL, FALSE);
        diff_switches (context, NULL, new_host);
      }
  pairing_clear (&pairing);
}

/* --- VM parts: disks, adapters, snapshots --- */

static void
disk_view_clear (gpointer data)
{
  DiskView *view = data;

  g_free (view->controller);
  g_free (view->file_key);
}

static gint
compare_disk_views (gconstpointer a, gconstpointer b)
{
  const DiskView *x = a;
  const DiskView *y = b;
  int order = g_strcmp0 (x->controller, y->controller);

  return order != 0 ? order : g_strcmp0 (x->path, y->path);
}

static char *
drive_place (const HvpDrive *drive)
{
  g_autofree char *type = g_ascii_strup (hvp_controller_type_to_string (drive->controller_type), -1);

  return g_strdup_printf ("%s %u:%u", type, drive->controller_number, drive->controller_location);
}

static char *
file_key (const char *path)
{
  g_autofree char *base = NULL;

  if (path == NULL)
    return NULL;
  base = hvp_path_windows_basename (path);
  return g_ascii_strdown (base, -1);
}

/* The parents above @disk in its differencing chain.  The model refuses loops; the bound keeps a
 * broken one from hanging the diff. */
static guint
chain_depth (const HvpDisk *disk, const HvpHost *host)
{
  guint steps = 0;

  for (const HvpDisk *parent = disk->parent; parent != NULL && steps <= host->disks->len;
       parent = parent->parent)
    steps++;
  return steps;
}

/* The drives of a VM with their disks, sorted by place. */
static GArray *
disk_views_new (const HvpVm *vm, const HvpHost *host)
{
  GArray *views = g_array_sized_new (FALSE, TRUE, sizeof (DiskView), vm->drives->len);

  g_array_set_clear_func (views, disk_view_clear);
  for (guint i = 0; i < vm->drives->len; i++)
    {
      const HvpDrive *drive = g_ptr_array_index (vm->drives, i);
      const HvpDisk *disk = drive->disk_path != NULL ? hvp_host_find_disk (host, drive->disk_path)
                                                     : NULL;
      DiskView view = {
        .controller = drive_place (drive),
        .file_key = file_key (drive->disk_path),
        .path = drive->disk_path,
      };

      if (disk != NULL)
        {
          view.local_path = disk->local_path;
          view.format = disk->format;
          view.type = disk->type;
          view.virtual_size_bytes = disk->virtual_size_bytes;
          view.file_size_bytes = disk->file_size_bytes;
          view.header_read = disk->readable;
          view.chain_depth = chain_depth (disk, host);
        }
      g_array_append_val (views, view);
    }
  g_array_sort (views, compare_disk_views);
  return views;
}

/* Two drives with the same place: the same path and, with @hosts (the old and the new VM's
 * hosts), the same disk file behind it, field for field: equal disk views but for the place. */
static gboolean
drives_equal (const HvpDrive *a, const HvpDrive *b, const HvpHost *const *hosts)
{
  const HvpDisk *x, *y;

  if (g_strcmp0 (a->disk_path, b->disk_path) != 0)
    return FALSE;
  if (hosts == NULL)
    return TRUE;
  x = a->disk_path != NULL ? hvp_host_find_disk (hosts[0], a->disk_path) : NULL;
  y = b->disk_path != NULL ? hvp_host_find_disk (hosts[1], b->disk_path) : NULL;
  if (x == NULL || y == NULL)
    return x == y;
  return g_strcmp0 (x->local_path, y->local_path) == 0 && x->format == y->format
         && x->type == y->type && x->virtual_size_bytes == y->virtual_size_bytes
         && x->file_size_bytes == y->file_size_bytes && x->readable == y->readable
         && chain_depth (x, hosts[0]) == chain_depth (y, hosts[1]);
}

static gboolean
same_place (const HvpDrive *a, const HvpDrive *b)
{
  return a->controller_type == b->controller_type && a->controller_number == b->controller_number
         && a->controller_location == b->controller_location;
}

/* The cheap check before the drives are compared with strings (the disk views of diff_disks(), a
 * snapshot's drive text): the same places on both sides, each once, and behind each place the
 * same path (and, with @hosts, the same disk: drives_equal()), in any order.  Then each drive
 * pairs with its equal by place and nothing differs.  %FALSE whenever in doubt (more than 16
 * drives, a place twice): the full comparison decides.  %NULL arrays are empty. */
static gboolean
drives_unchanged (const GPtrArray *old_drives, const GPtrArray *new_drives,
                  const HvpHost *const *hosts)
{
  guint n_old = old_drives != NULL ? old_drives->len : 0;
  guint n_new = new_drives != NULL ? new_drives->len : 0;

  if (n_old != n_new || n_old > 16)
    return FALSE;
  for (guint i = 0; i < n_old; i++)
    {
      const HvpDrive *a = g_ptr_array_index (old_drives, i);
      const HvpDrive *match = NULL;

      for (guint k = 0; k < i; k++)
        if (same_place (a, g_ptr_array_index (old_drives, k)))
          return FALSE;
      for (guint j = 0; j < n_new; j++)
        {
          const HvpDrive *b = g_ptr_array_index (new_drives, j);

          if (!same_place (a, b))
            continue;
          if (match != NULL)
            return FALSE;
          match = b;
        }
      if (match == NULL || !drives_equal (a, match, hosts))
        return FALSE;
    }
  return TRUE;
}

static char *
disk_place_key (gconstpointer items, guint index)
{
  return g_strdup (g_array_index ((GArray *) items, DiskView, index).controller);
}

static char *
disk_file_key (gconstpointer items, guint index)
{
  return g_strdup (g_array_index ((GArray *) items, DiskView, index).file_key);
}

static void
diff_disks (const Context *context, const VmEntry *old_entry, const VmEntry *new_entry,
            GPtrArray *changes)
{
  g_autoptr (GArray) old_views = NULL;
  g_autoptr (GArray) new_views = NULL;
  Pairing pairing;

  if (context->kind_ignored[HVP_DIFF_KIND_DISK]
      || drives_unchanged (old_entry->vm->drives, new_entry->vm->drives,
                           (const HvpHost *const[]) { old_entry->host, new_entry->host }))
    return;
  old_views = disk_views_new (old_entry->vm, old_entry->host);
  new_views = disk_views_new (new_entry->vm, new_entry->host);
  pairing_init (&pairing, old_views->len, new_views->len);
  pair_by_key (&pairing, old_views, new_views, disk_place_key);
  pair_by_key (&pairing, old_views, new_views, disk_file_key);
  for (guint i = 0; i < pairing.n_old; i++)
    {
      const DiskView *old_view = &g_array_index (old_views, DiskView, i);

      if (pairing.old_partner[i] < 0)
        add_part_change (changes, HVP_DIFF_KIND_DISK, old_view->controller,
                         HVP_DIFF_STATUS_REMOVED);
      else
        compare_fields (context, HVP_DIFF_KIND_DISK, old_view,
                        &g_array_index (new_views, DiskView, pairing.old_partner[i]),
                        old_view->controller, changes);
    }
  for (guint j = 0; j < pairing.n_new; j++)
    if (pairing.new_partner[j] < 0)
      add_part_change (changes, HVP_DIFF_KIND_DISK,
                       g_array_index (new_views, DiskView, j).controller, HVP_DIFF_STATUS_ADDED);
  pairing_clear (&pairing);
}

static gint
compare_adapters (gconstpointer a, gconstpointer b)
{
  const HvpAdapter *x = *(HvpAdapter *const *) a;
  const HvpAdapter *y = *(HvpAdapter *const *) b;
  int order = g_strcmp0 (x->name, y->name);

  return order != 0 ? order : g_strcmp0 (x->mac, y->mac);
}

static char *
adapter_mac_key (gconstpointer items, guint index)
{
  return key_up (((HvpAdapter *) g_ptr_array_index ((GPtrArray *) items, index))->mac);
}

static char *
adapter_name_key (gconstpointer items, guint index)
{
  return g_strdup (((HvpAdapter *) g_ptr_array_index ((GPtrArray *) items, index))->name);
}

/* "Network Adapter (00-15-5D-01-07-DC)", or the name alone when the MAC is unknown. */
static char *
adapter_label (const HvpAdapter *adapter)
{
  const char *name = adapter->name != NULL ? adapter->name : "(unnamed)";

  if (adapter->mac == NULL)
    return g_strdup (name);
  return g_strdup_printf ("%s (%s)", name, adapter->mac);
}

static void
diff_adapters (const Context *context, const HvpVm *old_vm, const HvpVm *new_vm,
               GPtrArray *changes)
{
  g_autoptr (GPtrArray) old_adapters = NULL;
  g_autoptr (GPtrArray) new_adapters = NULL;
  Pairing pairing;

  if (context->kind_ignored[HVP_DIFF_KIND_ADAPTER])
    return;
  old_adapters = sorted_copy (old_vm->adapters, compare_adapters);
  new_adapters = sorted_copy (new_vm->adapters, compare_adapters);
  pairing_init (&pairing, old_adapters->len, new_adapters->len);
  pair_by_key (&pairing, old_adapters, new_adapters, adapter_mac_key);
  pair_by_key (&pairing, old_adapters, new_adapters, adapter_name_key);
  for (guint i = 0; i < pairing.n_old; i++)
    {
      const HvpAdapter *adapter = g_ptr_array_index (old_adapters, i);
      g_autofree char *label = adapter_label (adapter);

      if (pairing.old_partner[i] < 0)
        add_part_change (changes, HVP_DIFF_KIND_ADAPTER, label, HVP_DIFF_STATUS_REMOVED);
      else
        compare_fields (context, HVP_DIFF_KIND_ADAPTER, adapter,
                        g_ptr_array_index (new_adapters, pairing.old_partner[i]), label, changes);
    }
  for (guint j = 0; j < pairing.n_new; j++)
    if (pairing.new_partner[j] < 0)
      {
        g_autofree char *label = adapter_label (g_ptr_array_index (new_adapters, j));

        add_part_change (changes, HVP_DIFF_KIND_ADAPTER, label, HVP_DIFF_STATUS_ADDED);
      }
  pairing_clear (&pairing);
}

/* A VM's snapshots sorted by name then id, each with the index of its parent in that order. */
typedef struct {
  GPtrArray *snapshots;
  gint *parents; /* index of the parent, or -1 for a root or a parent id naming none */
} SnapshotList;

static gint
compare_snapshots (gconstpointer a, gconstpointer b)
{
  const HvpSnapshot *x = *(HvpSnapshot *const *) a;
  const HvpSnapshot *y = *(HvpSnapshot *const *) b;
  int order = g_strcmp0 (x->name, y->name);

  return order != 0 ? order : g_strcmp0 (x->id, y->id);
}

static void
snapshot_list_init (SnapshotList *list, const HvpVm *vm)
{
  g_autoptr (GHashTable) by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  list->snapshots = sorted_copy (vm->snapshots, compare_snapshots);
  list->parents = g_new (gint, MAX (list->snapshots->len, 1));
  for (guint i = 0; i < list->snapshots->len; i++)
    {
      const HvpSnapshot *snapshot = g_ptr_array_index (list->snapshots, i);

      if (snapshot->id != NULL)
        g_hash_table_insert (by_id, key_up (snapshot->id), GINT_TO_POINTER ((gint) i + 1));
    }
  for (guint i = 0; i < list->snapshots->len; i++)
    {
      const HvpSnapshot *snapshot = g_ptr_array_index (list->snapshots, i);
      g_autofree char *parent_key = key_up (snapshot->parent_id);

      list->parents[i] = parent_key != NULL
                         ? GPOINTER_TO_INT (g_hash_table_lookup (by_id, parent_key)) - 1 : -1;
    }
}

static void
snapshot_list_clear (SnapshotList *list)
{
  g_ptr_array_unref (list->snapshots);
  g_free (list->parents);
}

static char *
snapshot_id_key (gconstpointer items, guint index)
{
  const SnapshotList *list = items;

  return key_up (((HvpSnapshot *) g_ptr_array_index (list->snapshots, index))->id);
}

/* The name and the parent's name, which survive a re-import that gives new ids. */
static char *
snapshot_name_key (gconstpointer items, guint index)
{
  const SnapshotList *list = items;
  const HvpSnapshot *snapshot = g_ptr_array_index (list->snapshots, index);
  const HvpSnapshot *parent = list->parents[index] >= 0
                              ? g_ptr_array_index (list->snapshots, list->parents[index]) : NULL;

  if (snapshot->name == NULL)
    return NULL;
  return g_strdup_printf ("%s\x1f%s", snapshot->name,
                          parent == NULL ? "" : parent->name != NULL ? parent->name : "\x1e");
}

/* The snapshot's name for messages, else its id. */
static const char *
snapshot_label (const HvpSnapshot *snapshot)
{
  if (snapshot == NULL)
    return NULL;
  return snapshot->name != NULL ? snapshot->name : snapshot->id;
}

/* A snapshot's drives as "IDE 0:0 base.avhdx, SCSI 0:1 data.vhdx": places and file names, which
 * a migration keeps, not folders, which it changes. */
static char *
snapshot_drives_text (const HvpSnapshot *snapshot)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  GString *out;

  if (snapshot->drives == NULL || snapshot->drives->len == 0)
    return NULL;
  for (guint i = 0; i < snapshot->drives->len; i++)
    {
      const HvpDrive *drive = g_ptr_array_index (snapshot->drives, i);
      g_autofree char *place = drive_place (drive);
      g_autofree char *base = drive->disk_path != NULL
                              ? hvp_path_windows_basename (drive->disk_path) : g_strdup ("");

      g_ptr_array_add (items, g_strdup_printf ("%s %s", place, base));
    }
  g_ptr_array_sort (items, compare_strings);
  out = g_string_new (NULL);
  for (guint i = 0; i < items->len; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, g_ptr_array_index (items, i));
    }
  return g_string_free (out, FALSE);
}

static void
diff_snapshot_pair (const Context *context, const SnapshotList *old_list, guint i,
                    const SnapshotList *new_list, guint j, const Pairing *pairing,
                    GPtrArray *changes)
{
  const HvpSnapshot *old_snapshot = g_ptr_array_index (old_list->snapshots, i);
  const HvpSnapshot *new_snapshot = g_ptr_array_index (new_list->snapshots, j);
  const char *subject = snapshot_label (old_snapshot);
  gint old_parent = old_list->parents[i];
  gint new_parent = new_list->parents[j];

  compare_fields (context, HVP_DIFF_KIND_SNAPSHOT, old_snapshot, new_snapshot, subject, changes);

  /* The tree: the parents must be each other's match (or both roots). */
  if (!computed_rule (context, HVP_DIFF_KIND_SNAPSHOT, "parent_id")->ignored
      && (old_parent < 0 ? new_parent >= 0 : pairing->old_partner[old_parent] != new_parent))
    add_string_change (changes, HVP_DIFF_KIND_SNAPSHOT, subject, "parent_id",
                       old_parent < 0 ? NULL
                       : snapshot_label (g_ptr_array_index (old_list->snapshots, old_parent)),
                       new_parent < 0 ? NULL
                       : snapshot_label (g_ptr_array_index (new_list->snapshots, new_parent)));

  if (!computed_rule (context, HVP_DIFF_KIND_SNAPSHOT, "drives")->ignored
      && !drives_unchanged (old_snapshot->drives, new_snapshot->drives, NULL))
    {
      g_autofree char *old_drives = snapshot_drives_text (old_snapshot);
      g_autofree char *new_drives = snapshot_drives_text (new_snapshot);

      if (g_ascii_strcasecmp (old_drives != NULL ? old_drives : "",
                              new_drives != NULL ? new_drives : "") != 0)
        add_string_change (changes, HVP_DIFF_KIND_SNAPSHOT, subject, "drives", old_drives,
                           new_drives);
    }
}

/* Finds @id among @list's snapshots; -1 when absent. */
static gint
snapshot_list_find (const SnapshotList *list, const char *id)
{
  for (guint i = 0; id != NULL && i < list->snapshots->len; i++)
    if (strings_equal_case (((HvpSnapshot *) g_ptr_array_index (list->snapshots, i))->id, id))
      return (gint) i;
  return -1;
}

/* Appends the change of the VM's current snapshot to @vm_changes and the changes of the
 * snapshots themselves to @changes. */
static void
diff_snapshots (const Context *context, const HvpVm *old_vm, const HvpVm *new_vm,
                GPtrArray *vm_changes, GPtrArray *changes)
{
  gboolean parts = !context->kind_ignored[HVP_DIFF_KIND_SNAPSHOT];
  const Rule *current_rule = computed_rule (context, HVP_DIFF_KIND_VM, "current_snapshot_id");
  SnapshotList old_list, new_list;
  Pairing pairing;
  gint old_current, new_current;

  if (!parts && current_rule->ignored)
    return;
  if (old_vm->snapshots->len == 0 && new_vm->snapshots->len == 0)
    {
      /* No snapshot on either side (most VMs): only the ids of the current one can differ, as
       * below with no snapshot found; no lists, keys or pairing built. */
      if (!current_rule->ignored
          && !strings_equal_case (old_vm->current_snapshot_id, new_vm->current_snapshot_id))
        add_string_change (vm_changes, HVP_DIFF_KIND_VM, NULL, "current_snapshot_id",
                           old_vm->current_snapshot_id, new_vm->current_snapshot_id);
      return;
    }
  snapshot_list_init (&old_list, old_vm);
  snapshot_list_init (&new_list, new_vm);
  pairing_init (&pairing, old_list.snapshots->len, new_list.snapshots->len);
  pair_by_key (&pairing, &old_list, &new_list, snapshot_id_key);
  pair_by_key (&pairing, &old_list, &new_list, snapshot_name_key);

  /* The VM's current snapshot belongs to the VM's own fields: it comes first. */
  old_current = snapshot_list_find (&old_list, old_vm->current_snapshot_id);
  new_current = snapshot_list_find (&new_list, new_vm->current_snapshot_id);
  if (!current_rule->ignored)
    {
      gboolean same;

      if (old_current >= 0 && new_current >= 0)
        same = pairing.old_partner[old_current] == new_current;
      else if (old_current >= 0 || new_current >= 0)
        same = FALSE;
      else
        same = strings_equal_case (old_vm->current_snapshot_id, new_vm->current_snapshot_id);
      if (!same)
        add_string_change (vm_changes, HVP_DIFF_KIND_VM, NULL, "current_snapshot_id",
                           old_current >= 0
                           ? snapshot_label (g_ptr_array_index (old_list.snapshots, old_current))
                           : old_vm->current_snapshot_id,
                           new_current >= 0
                           ? snapshot_label (g_ptr_array_index (new_list.snapshots, new_current))
                           : new_vm->current_snapshot_id);
    }

  for (guint i = 0; parts && i < pairing.n_old; i++)
    if (pairing.old_partner[i] < 0)
      add_part_change (changes, HVP_DIFF_KIND_SNAPSHOT,
                       snapshot_label (g_ptr_array_index (old_list.snapshots, i)),
                       HVP_DIFF_STATUS_REMOVED);
    else
      diff_snapshot_pair (context, &old_list, i, &new_list, (guint) pairing.old_partner[i],
                          &pairing, changes);
  for (guint j = 0; parts && j < pairing.n_new; j++)
    if (pairing.new_partner[j] < 0)
      add_part_change (changes, HVP_DIFF_KIND_SNAPSHOT,
                       snapshot_label (g_ptr_array_index (new_list.snapshots, j)),
                       HVP_DIFF_STATUS_ADDED);
  pairing_clear (&pairing);
  snapshot_list_clear (&old_list);
  snapshot_list_clear (&new_list);
}

/* --- VMs --- */

static gint
compare_vm_entries (gconstpointer a, gconstpointer b)
{
  const VmEntry *x = a;
  const VmEntry *y = b;
  int order = g_strcmp0 (x->vm->name, y->vm->name);

  if (order == 0)
    order = g_strcmp0 (x->vm->id, y->vm->id);
  if (order == 0)
    order = g_strcmp0 (x->host->name, y->host->name);
  return order;
}

/* Every VM of @inventory with its host, sorted by name, id and host; fails on a VM id that appears
 * twice (matching by id would be ambiguous). */
static void
vm_entry_clear (gpointer data)
{
  g_free (((VmEntry *) data)->id_key);
}

static GArray *
vm_entries_new (const HvpInventory *inventory, const char *label, GError **error)
{
  g_autoptr (GArray) entries = g_array_new (FALSE, FALSE, sizeof (VmEntry));
  g_autoptr (GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);

  g_array_set_clear_func (entries, vm_entry_clear);
  for (guint h = 0; h < inventory->hosts->len; h++)
    {
      const HvpHost *host = g_ptr_array_index (inventory->hosts, h);

      for (guint v = 0; v < host->vms->len; v++)
        {
          VmEntry entry = { g_ptr_array_index (host->vms, v), host, h, NULL };
          char *id = key_up (entry.vm->id);

          if (id != NULL)
            {
              const HvpHost *other = g_hash_table_lookup (by_id, id);

              if (other != NULL)
                {
                  g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                               "'%s': VM id '%s' appears twice (hosts '%s' and '%s')", label,
                               entry.vm->id, other->name != NULL ? other->name : "(unnamed)",
                               host->name != NULL ? host->name : "(unnamed)");
                  g_free (id);
                  return NULL;
                }
              g_hash_table_insert (by_id, id, (gpointer) host);
            }
          entry.id_key = id;
          g_array_append_val (entries, entry);
        }
    }
  g_array_sort (entries, compare_vm_entries);
  return g_steal_pointer (&entries);
}

/* pair_by_key() by the VMs' ids, with the keys vm_entries_new() made: ids are unique on each
 * side (it refuses a duplicate), so each old VM pairs with the one new VM of its id. */
static void
pair_vms_by_id (Pairing *pairing, const GArray *old_entries, const GArray *new_entries)
{
  g_autoptr (GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint j = 0; j < new_entries->len; j++)
    {
      const char *key = g_array_index (new_entries, VmEntry, j).id_key;

      if (key != NULL)
        g_hash_table_insert (by_id, (gpointer) key, GUINT_TO_POINTER (j + 1));
    }
  for (guint i = 0; i < old_entries->len; i++)
    {
      const char *key = g_array_index (old_entries, VmEntry, i).id_key;
      guint j = key != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (by_id, key)) : 0;

      if (j > 0)
        pair (pairing, i, j - 1);
    }
}

static char *
vm_name_key (gconstpointer items, guint index)
{
  return g_strdup (g_array_index ((GArray *) items, VmEntry, index).vm->name);
}

static void
diff_vm_pair (Context *context, const VmEntry *old_entry, const VmEntry *new_entry)
{
  const HvpVm *old_vm = old_entry->vm;
  const HvpVm *new_vm = new_entry->vm;
  HvpDiffObject *object = object_new (HVP_DIFF_KIND_VM, old_vm->name, NULL, old_vm->id,
                                      new_vm->id, HVP_DIFF_STATUS_EQUAL);
  g_autoptr (GPtrArray) snapshot_changes =
    g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);

  /* Ignoring the kind "vm" ignores every VM field (each rule covers them), not the VM's parts. */
  compare_fields (context, HVP_DIFF_KIND_VM, old_vm, new_vm, NULL, object->changes);
  if (!computed_rule (context, HVP_DIFF_KIND_VM, "host")->ignored
      && context->old_host_partner[old_entry->host_index] != (gint) new_entry->host_index)
    add_string_change (object->changes, HVP_DIFF_KIND_VM, NULL, "host", old_entry->host->name,
                       new_entry->host->name);
  /* The parts in kind order: disks, adapters, snapshots. */
  diff_snapshots (context, old_vm, new_vm, object->changes, snapshot_changes);
  diff_disks (context, old_entry, new_entry, object->changes);
  diff_adapters (context, old_vm, new_vm, object->changes);
  g_ptr_array_extend_and_steal (object->changes, g_steal_pointer (&snapshot_changes));
  object_settle (object);
  g_ptr_array_add (context->objects, object);
}

/* The old VMs from @start to @end (indices into @old_entries, paired by @pairing), compared in
 * order: their objects appended to @context->objects. */
typedef struct {
  Context context;
  const GArray *old_entries;
  const GArray *new_entries;
  const Pairing *pairing;
  guint start;
  guint end;
} VmRange;

static gpointer
diff_vm_range (gpointer data)
{
  VmRange *range = data;

  for (guint i = range->start; i < range->end; i++)
    {
      const VmEntry *entry = &g_array_index (range->old_entries, VmEntry, i);
      gint partner = range->pairing->old_partner[i];

      if (partner < 0)
        add_lonely_object (&range->context, HVP_DIFF_KIND_VM, entry->vm->name, NULL,
                           entry->vm->id, TRUE);
      else
        diff_vm_pair (&range->context, entry,
                      &g_array_index (range->new_entries, VmEntry, partner));
    }
  return NULL;
}

/* Below this many old VMs the comparison runs on one thread: a thread costs more than it saves. */
#define VMS_PER_THREAD_MIN 4096

/* Compares the old VMs with their partners, the second half on a thread of its own (each pair
 * only reads the inventories and the context: at 100,000 VMs the comparison is a second of CPU),
 * then appends that half's objects after the first half's: the objects come in the order one
 * thread gives, so the sorted report does not depend on the threads. */
static void
diff_vm_pairs (Context *context, const GArray *old_entries, const GArray *new_entries,
               const Pairing *pairing)
{
  VmRange first = { *context, old_entries, new_entries, pairing, 0, pairing->n_old };
  VmRange second = first;
  GThread *thread = NULL;

  if (pairing->n_old >= VMS_PER_THREAD_MIN)
    {
      first.end = second.start = pairing->n_old / 2;
      second.context.objects = g_ptr_array_new_with_free_func ((GDestroyNotify) object_free);
      thread = g_thread_new ("hvplan-diff-vms", diff_vm_range, &second);
    }
  diff_vm_range (&first);
  if (thread != NULL)
    {
      g_thread_join (thread);
      g_ptr_array_extend_and_steal (context->objects, second.context.objects);
    }
}

/* The old and new VMs, each side's list built on a thread of its own when they are many. */
typedef struct {
  const HvpInventory *inventory;
  const char *label;
  GArray *entries;
  GError *error;
} VmSide;

static gpointer
vm_side_entries (gpointer data)
{
  VmSide *side = data;

  side->entries = vm_entries_new (side->inventory, side->label, &side->error);
  return NULL;
}

static gboolean
vm_sides_new (const Context *context, const char *old_label, const char *new_label,
              GArray **ret_old, GArray **ret_new, GError **error)
{
  VmSide sides[2] = { { context->old_inventory, old_label, NULL, NULL },
                      { context->new_inventory, new_label, NULL, NULL } };
  GThread *thread = NULL;

  if (hvp_inventory_count_vms (context->old_inventory) >= VMS_PER_THREAD_MIN)
    thread = g_thread_new ("hvplan-diff-new", vm_side_entries, &sides[1]);
  vm_side_entries (&sides[0]);
  if (thread != NULL)
    g_thread_join (thread);
  else if (sides[0].entries != NULL)
    vm_side_entries (&sides[1]);
  /* The old side's failure first, as when the sides are read one after the other. */
  for (guint i = 0; i < 2; i++)
    if (sides[i].entries == NULL && sides[i].error != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&sides[i].error));
        g_clear_error (&sides[1 - i].error);
        g_clear_pointer (&sides[0].entries, g_array_unref);
        g_clear_pointer (&sides[1].entries, g_array_unref);
        return FALSE;
      }
  *ret_old = sides[0].entries;
  *ret_new = sides[1].entries;
  return TRUE;
}

static gboolean
diff_vms (Context *context, const char *old_label, const char *new_label, GError **error)
{
  g_autoptr (GArray) old_entries = NULL;
  g_autoptr (GArray) new_entries = NULL;
  Pairing pairing;

  if (!vm_sides_new (context, old_label, new_label, &old_entries, &new_entries, error))
    return FALSE;

  pairing_init (&pairing, old_entries->len, new_entries->len);
  pair_vms_by_id (&pairing, old_entries, new_entries);
  pair_by_key (&pairing, old_entries, new_entries, vm_name_key);
  diff_vm_pairs (context, old_entries, new_entries, &pairing);
  for (guint j = 0; j < pairing.n_new; j++)
    if (pairing.new_partner[j] < 0)
      {
        const VmEntry *entry = &g_array_index (new_entries, VmEntry, j);

        add_lonely_object (context, HVP_DIFF_KIND_VM, entry->vm->name, NULL, entry->vm->id,
                           FALSE);
      }
  pairing_clear (&pairing);
  return TRUE;
}

/* Report order: kind, name, host, then ids. */
static gint
compare_objects (gconstpointer a, gconstpointer b)
{
  const HvpDiffObject *x = *(HvpDiffObject *const *) a;
  const HvpDiffObject *y = *(HvpDiffObject *const *) b;
  int order;

  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  if ((order = g_strcmp0 (x->name, y->name)) != 0
      || (order = g_strcmp0 (x->host, y->host)) != 0
      || (order = g_strcmp0 (x->old_id, y->old_id)) != 0
      || (order = g_strcmp0 (x->new_id, y->new_id)) != 0)
    return order;
  return (int) x->status - (int) y->status;
}

/**
 * hvp_diff_new:
 * @old_inventory: the earlier (or source) inventory
 * @old_label: what it was read from, for messages and reports
 * @new_inventory: the later (or destination) inventory
 * @new_label: what it was read from
 * @options: (nullable): what to overlook; %NULL compares everything exactly
 *
 * Compares two inventories object by object, matching by identity, not by position:
 * hosts pairwise when each side has one, else by name; switches of a host pair by name, then by
 * id (a renamed switch is a change, not a removal and an addition); VMs across all hosts by id,
 * then by name; a VM's disks by place (controller type, number, location), then by file name;
 * adapters by MAC, then by name; snapshots by id, then by name and parent name; volumes by path.
 * A disk compares the attached file's format, type, sizes and parent chain depth.  A VM's host,
 * current snapshot and each snapshot's parent compare as "the matching object", so new ids and
 * host names after a migration are not changes of their own.
 *
 * Returns: (transfer full) (nullable): the diff, or %NULL with %HVP_ERROR_DATA when a VM id appears
 *   twice in one inventory (the message names the label, the id and both hosts)
 */
HvpDiff *
hvp_diff_new (const HvpInventory *old_inventory, const char *old_label,
              const HvpInventory *new_inventory, const char *new_label,
              const HvpDiffOptions *options, GError **error)
{
  g_autoptr (HvpDiff) diff = g_new0 (HvpDiff, 1);
  Context context = { 0 };
  gboolean ok;

  g_return_val_if_fail (old_inventory != NULL && new_inventory != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  diff->old_label = g_strdup (old_label != NULL ? old_label : "old");
  diff->new_label = g_strdup (new_label != NULL ? new_label : "new");
  diff->objects = g_ptr_array_new_with_free_func ((GDestroyNotify) object_free);

  context_init (&context, options);
  context.old_inventory = old_inventory;
  context.new_inventory = new_inventory;
  context.old_host_partner = g_new (gint, MAX (old_inventory->hosts->len, 1));
  context.several_hosts = old_inventory->hosts->len > 1 || new_inventory->hosts->len > 1;
  context.objects = diff->objects;

  diff_hosts (&context);
  ok = diff_vms (&context, diff->old_label, diff->new_label, error);
  context_clear (&context);
  if (!ok)
    return NULL;

  g_ptr_array_sort (diff->objects, compare_objects);
  for (guint i = 0; i < diff->objects->len; i++)
    {
      const HvpDiffObject *object = g_ptr_array_index (diff->objects, i);

      switch (object->status)
        {
        case HVP_DIFF_STATUS_EQUAL: diff->n_equal++; break;
        case HVP_DIFF_STATUS_CHANGED: diff->n_changed++; break;
        case HVP_DIFF_STATUS_ADDED: diff->n_added++; break;
        case HVP_DIFF_STATUS_REMOVED: diff->n_removed++; break;
        }
    }
  return g_steal_pointer (&diff);
}
