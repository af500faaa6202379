/* hvplan: a hashed index over one of a host's arrays (switches, VMs), for lookups by id or name. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * HvpLookupKey:
 * @element: an element of the indexed array
 *
 * Returns: (transfer none) (nullable): the element's id or name
 */
typedef const char *(*HvpLookupKey) (gconstpointer element);

typedef struct _HvpLookup HvpLookup;

HvpLookup *hvp_lookup_new (HvpLookupKey id, HvpLookupKey name);
void hvp_lookup_free (HvpLookup *lookup);
gpointer hvp_lookup_find (HvpLookup *lookup, const GPtrArray *array, const char *id_or_name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpLookup, hvp_lookup_free)

G_END_DECLS
