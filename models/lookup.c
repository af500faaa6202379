/* hvplan: a hashed index over a host's switches or VMs (issue 12, section 6: no linear scan
 * inside a loop).
 *
 * The arrays stay public: collectors fill them with g_ptr_array_add() and a merge takes every
 * element of one host's.  So the index follows them rather than owning them: it is built on the
 * first lookup and again when the array's length changed, when a hit no longer names the element
 * at its position, or when an element that had no id or name when it was indexed has gained one
 * (collectors and merges fill a missing id in place).  Not followed, because nothing in hvplan
 * does it: changing an id or name that was already set, in place, or removing one element and
 * adding another between two lookups when the second lookup is a miss. */
#include "models/lookup.h"

struct _HvpLookup {
  HvpLookupKey id;
  HvpLookupKey name;
  guint indexed_length;      /* G_MAXUINT: never built */
  GHashTable *ids;           /* id in ASCII lower case → position + 1, the first element only */
  GHashTable *names;         /* name → position + 1, the first element only */
  GArray *unkeyed;           /* Unkeyed: the elements with no id or no name when indexed */
};

typedef struct {
  guint position;
  gboolean had_id;
  gboolean had_name;
} Unkeyed;

/**
 * hvp_lookup_new:
 * @id: how to read an element's id (compared without regard to ASCII case)
 * @name: how to read an element's name (compared exactly)
 *
 * Returns: (transfer full): an empty index, built on its first hvp_lookup_find()
 */
HvpLookup *
hvp_lookup_new (HvpLookupKey id, HvpLookupKey name)
{
  HvpLookup *lookup = g_new0 (HvpLookup, 1);

  lookup->id = id;
  lookup->name = name;
  lookup->indexed_length = G_MAXUINT;
  lookup->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  lookup->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  lookup->unkeyed = g_array_new (FALSE, FALSE, sizeof (Unkeyed));
  return lookup;
}

/**
 * hvp_lookup_free:
 * @lookup: (nullable) (transfer full): an index; the array it indexes is not touched
 */
void
hvp_lookup_free (HvpLookup *lookup)
{
  if (lookup == NULL)
    return;
  g_hash_table_unref (lookup->ids);
  g_hash_table_unref (lookup->names);
  g_array_unref (lookup->unkeyed);
  g_free (lookup);
}

static void
build (HvpLookup *lookup, const GPtrArray *array)
{
  g_hash_table_remove_all (lookup->ids);
  g_hash_table_remove_all (lookup->names);
  g_array_set_size (lookup->unkeyed, 0);
  for (guint i = 0; i < array->len; i++)
    {
      gconstpointer element = g_ptr_array_index (array, i);
      const char *id = lookup->id (element);
      const char *name = lookup->name (element);
      char *key = id != NULL ? g_ascii_strdown (id, -1) : NULL;

      if (key != NULL && !g_hash_table_contains (lookup->ids, key))
        g_hash_table_insert (lookup->ids, key, GUINT_TO_POINTER (i + 1));
      else
        g_free (key);
      if (name != NULL && !g_hash_table_contains (lookup->names, name))
        g_hash_table_insert (lookup->names, g_strdup (name), GUINT_TO_POINTER (i + 1));
      if (id == NULL || name == NULL)
        {
          Unkeyed unkeyed = { i, id != NULL, name != NULL };

          g_array_append_val (lookup->unkeyed, unkeyed);
        }
    }
  lookup->indexed_length = array->len;
}

/* Whether an element indexed without an id or a name has one now. */
static gboolean
gained_key (const HvpLookup *lookup, const GPtrArray *array)
{
  for (guint i = 0; i < lookup->unkeyed->len; i++)
    {
      const Unkeyed *unkeyed = &g_array_index (lookup->unkeyed, Unkeyed, i);
      gconstpointer element = g_ptr_array_index (array, unkeyed->position);

      if ((!unkeyed->had_id && lookup->id (element) != NULL)
          || (!unkeyed->had_name && lookup->name (element) != NULL))
        return TRUE;
    }
  return FALSE;
}

/* The element the index holds for @id_or_name, verified against the array; NULL on a miss or a
 * stale entry (*ret_stale TRUE). */
static gpointer
probe (HvpLookup *lookup, const GPtrArray *array, const char *id_or_name, gboolean *ret_stale)
{
  g_autofree char *key = g_ascii_strdown (id_or_name, -1);
  guint position = GPOINTER_TO_UINT (g_hash_table_lookup (lookup->ids, key));
  gpointer element;
  const char *found;

  *ret_stale = FALSE;
  if (position == 0)
    position = GPOINTER_TO_UINT (g_hash_table_lookup (lookup->names, id_or_name));
  if (position == 0)
    return NULL;
  element = position <= array->len ? g_ptr_array_index (array, position - 1) : NULL;
  found = element != NULL ? lookup->id (element) : NULL;
  if (found != NULL && g_ascii_strcasecmp (found, id_or_name) == 0)
    return element;
  found = element != NULL ? lookup->name (element) : NULL;
  if (g_strcmp0 (found, id_or_name) == 0)
    return element;
  *ret_stale = TRUE;
  return NULL;
}

/**
 * hvp_lookup_find:
 * @lookup: an index
 * @array: the array it indexes (the same one at every call)
 * @id_or_name: (nullable): an id (compared without regard to ASCII case) or a name
 *
 * The first element whose id matches, else the first whose name matches, as a scan of @array
 * would find it, in constant time on average: the index is built once and rebuilt only when
 * @array has changed (see the top of this file for what "changed" covers).
 *
 * Returns: (transfer none) (nullable): the element
 */
gpointer
hvp_lookup_find (HvpLookup *lookup, const GPtrArray *array, const char *id_or_name)
{
  gpointer element;
  gboolean stale;

  if (id_or_name == NULL)
    return NULL;
  if (lookup->indexed_length != array->len)
    build (lookup, array);
  element = probe (lookup, array, id_or_name, &stale);
  if (element != NULL)
    return element;
  if (!stale && !gained_key (lookup, array))
    return NULL;
  build (lookup, array);
  return probe (lookup, array, id_or_name, &stale);
}
