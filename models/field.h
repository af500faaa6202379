/* hvplan: the field tables of the model, one per object: what each field is called in the
 * canonical inventory document, its type (and so its unit), where it lives in the struct, whether
 * it is part of the object's identity, and how the reader, the writer and the diff treat it. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * HvpFieldType:
 * @HVP_FIELD_STRING: `char *`, UTF-8; `null` in JSON when %NULL
 * @HVP_FIELD_BOOL: #gboolean
 * @HVP_FIELD_COUNT: #guint, a count (whole number up to %G_MAXUINT)
 * @HVP_FIELD_BYTES: #guint64, a size in bytes (up to 2^53 - 1 in JSON)
 * @HVP_FIELD_TIME: #gint64, seconds since the Unix epoch (UTC)
 * @HVP_FIELD_STEPPING: #gint, a whole number up to %G_MAXINT or -1 for unknown (`null` in JSON)
 * @HVP_FIELD_TRISTATE: #HvpTristate: `true` or `false` in JSON; unknown is the key left out (or
 *   `null`), so a setting that was never collected never reads as "no"
 * @HVP_FIELD_ENUM: an enum stored as #guint, named by the field's #HvpFieldEnum
 * @HVP_FIELD_STRINGS: #GPtrArray of `char *`, a set (written sorted)
 * @HVP_FIELD_OBJECT: a struct embedded at the offset, described by the field's own table
 * @HVP_FIELD_ARRAY: #GPtrArray of structs described by the field's own table (the reader hands
 *   each element to code that knows where it goes; the writer sorts them by identity)
 * @HVP_FIELD_POINTER: a pointer to an object described by the field's own table; %NULL (the key
 *   absent, or `null`) when unknown.  The diff compares its fields only when both sides know it
 * @HVP_FIELD_CUSTOM: written and read by hand-written code (the snapshot tree)
 * @HVP_FIELD_PARENT: no key of its own: the object this one belongs to (a VM's host); only the
 *   diff compares it
 * @HVP_FIELD_SERIES: #GArray of #gfloat samples (NaN a gap), written as one string of
 *   comma-separated decimals (hvp_series_to_string()): a time series kept compactly
 *
 * How a field is stored, written and read.
 */
typedef enum {
  HVP_FIELD_STRING,
  HVP_FIELD_BOOL,
  HVP_FIELD_COUNT,
  HVP_FIELD_BYTES,
  HVP_FIELD_TIME,
  HVP_FIELD_STEPPING,
  HVP_FIELD_ENUM,
  HVP_FIELD_STRINGS,
  HVP_FIELD_OBJECT,
  HVP_FIELD_ARRAY,
  HVP_FIELD_POINTER,
  HVP_FIELD_CUSTOM,
  HVP_FIELD_PARENT,
  HVP_FIELD_TRISTATE,
  HVP_FIELD_SERIES,
} HvpFieldType;

/**
 * HvpTristate:
 * @HVP_TRISTATE_UNKNOWN: not collected (the zero value: a new object knows nothing)
 * @HVP_TRISTATE_NO: collected, off or absent
 * @HVP_TRISTATE_YES: collected, on or present
 *
 * A yes/no setting that a collector may not see (a VM's Secure Boot, virtual TPM, ...).
 */
typedef enum {
  HVP_TRISTATE_UNKNOWN,
  HVP_TRISTATE_NO,
  HVP_TRISTATE_YES,
} HvpTristate;

/* Field tables read and write tristates as guint. */
G_STATIC_ASSERT (sizeof (HvpTristate) == sizeof (guint));

/* HVP_TRISTATE_YES or HVP_TRISTATE_NO for a boolean a collector read. */
#define HVP_TRISTATE_FROM_BOOL(b) ((b) ? HVP_TRISTATE_YES : HVP_TRISTATE_NO)

/**
 * HvpFieldFlags:
 * @HVP_FIELD_OPTIONAL: none of the below
 * @HVP_FIELD_REQUIRED: reading: a missing key is an error
 * @HVP_FIELD_NULLABLE: reading: `null` is accepted (a string becomes %NULL)
 * @HVP_FIELD_OMIT_NULL: writing: the key is left out when the value is unknown or empty: a %NULL
 *   string, a 0 count, a -1 stepping, an empty set of strings (so a field added later leaves the
 *   documents that do not know it byte-identical)
 * @HVP_FIELD_FOLD_CASE: compared without regard to ASCII case (GUIDs, MAC addresses, SIDs)
 * @HVP_FIELD_REFERENCE: names another object by its id; the diff compares what it names
 * @HVP_FIELD_WHOLE: an array the diff compares as one value (a snapshot's drives), not part by part
 * @HVP_FIELD_NOT_COMPARED: the diff leaves it out (free text, or derived from other fields)
 *
 * How the reader, the writer and the diff treat a field beyond its type.
 */
typedef enum {
  HVP_FIELD_OPTIONAL = 0,
  HVP_FIELD_REQUIRED = 1 << 0,
  HVP_FIELD_NULLABLE = 1 << 1,
  HVP_FIELD_OMIT_NULL = 1 << 2,
  HVP_FIELD_FOLD_CASE = 1 << 3,
  HVP_FIELD_REFERENCE = 1 << 4,
  HVP_FIELD_WHOLE = 1 << 5,
  HVP_FIELD_NOT_COMPARED = 1 << 6,
} HvpFieldFlags;

/**
 * HvpFieldEnum:
 * @names: (array length=n_names): the enum's string table, indexed by value (the
 *   `hvp_<type>_to_string()` table)
 * @n_names: entries in @names
 *
 * The names of an enum field's values.
 */
typedef struct {
  const char *const *names;
  guint n_names;
} HvpFieldEnum;

typedef struct _HvpFieldTable HvpFieldTable;

/**
 * HvpField:
 * @name: the key in the canonical inventory document ("startup_bytes")
 * @type: how it is stored
 * @offset: where it is in its struct (G_STRUCT_OFFSET())
 * @flags: how the reader, writer and diff treat it
 * @identity: 0 when not part of the object's identity; n when it is the nth key of it (the
 *   writer orders arrays by these keys, in this order)
 * @enum_names: (nullable): the names of an %HVP_FIELD_ENUM
 * @table: (nullable): the fields of an %HVP_FIELD_OBJECT, the elements of an %HVP_FIELD_ARRAY,
 *   or the object an %HVP_FIELD_POINTER points to
 *
 * One row of a field table.
 */
typedef struct {
  const char *name;
  HvpFieldType type;
  gsize offset;
  HvpFieldFlags flags;
  guint identity;
  const HvpFieldEnum *enum_names;
  const HvpFieldTable *table;
} HvpField;

/**
 * HvpFieldTable:
 * @name: the object's name ("vm")
 * @fields: (array length=n_fields): its fields, in the order of the canonical document
 * @n_fields: entries in @fields
 *
 * Every field of one model object.
 */
struct _HvpFieldTable {
  const char *name;
  const HvpField *fields;
  guint n_fields;
};

/* The most fields one table may have (the reader keeps one slot per field on the stack). */
#define HVP_FIELD_TABLE_MAX 32

/* Rows: a field whose key is its member's name, the same with identity rank @rank, a field whose
 * key differs from its member, an enum, an embedded object, an array, a pointer, hand-written,
 * the parent. */
#define HVP_FIELD_ROW(T, member, type, flags) \
  { #member, type, G_STRUCT_OFFSET (T, member), flags, 0, NULL, NULL }
#define HVP_FIELD_KEY(T, member, type, flags, rank) \
  { #member, type, G_STRUCT_OFFSET (T, member), flags, rank, NULL, NULL }
#define HVP_FIELD_NAMED(key, T, member, type, flags) \
  { key, type, G_STRUCT_OFFSET (T, member), flags, 0, NULL, NULL }
#define HVP_FIELD_ENUM_ROW(T, member, flags, rank, names) \
  { #member, HVP_FIELD_ENUM, G_STRUCT_OFFSET (T, member), flags, rank, names, NULL }
#define HVP_FIELD_OBJECT_ROW(T, member, table) \
  { #member, HVP_FIELD_OBJECT, G_STRUCT_OFFSET (T, member), HVP_FIELD_OPTIONAL, 0, NULL, table }
#define HVP_FIELD_ARRAY_ROW(T, member, flags, table) \
  { #member, HVP_FIELD_ARRAY, G_STRUCT_OFFSET (T, member), flags, 0, NULL, table }
#define HVP_FIELD_POINTER_ROW(T, member, table) \
  { #member, HVP_FIELD_POINTER, G_STRUCT_OFFSET (T, member), HVP_FIELD_OPTIONAL, 0, NULL, table }
#define HVP_FIELD_CUSTOM_ROW(T, member) \
  { #member, HVP_FIELD_CUSTOM, G_STRUCT_OFFSET (T, member), HVP_FIELD_OPTIONAL, 0, NULL, NULL }
#define HVP_FIELD_PARENT_ROW(key) { key, HVP_FIELD_PARENT, 0, HVP_FIELD_OPTIONAL, 0, NULL, NULL }

/* An #HvpFieldEnum of a `hvp_<type>_to_string()` table. */
#define HVP_FIELD_ENUM_NAMES(names) { names, G_N_ELEMENTS (names) }

#define HVP_FIELD_TABLE(table_name, rows) { table_name, rows, G_N_ELEMENTS (rows) }

/* The member of @base at @offset, as a @type lvalue. */
#define HVP_FIELD_MEMBER(base, offset, type) (*(type *) ((char *) (base) + (offset)))
#define HVP_FIELD_CONST_MEMBER(base, offset, type) \
  (*(type const *) ((const char *) (base) + (offset)))

const char *hvp_field_enum_to_string (const HvpFieldEnum *names, guint value);
gboolean hvp_field_enum_from_string (const HvpFieldEnum *names, const char *string,
                                     guint *ret_value);
char *hvp_field_enum_list (const HvpFieldEnum *names);
guint hvp_field_table_identity (const HvpFieldTable *table, const char **ret_keys,
                                guint n_keys);

G_END_DECLS
