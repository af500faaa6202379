/* hvplan: what every field table shares: enum names and identity keys.  The tables themselves sit
 * beside their objects (models/vm.c, host.c, ...); models/inventory-json.c writes and reads the
 * canonical document with them, models/diff.c compares two inventories with them. */
#include "models/field.h"

#include "models/units.h"

/**
 * hvp_field_enum_to_string:
 * @names: an enum's names
 * @value: a value of the enum
 *
 * Returns: (transfer none): the name of @value, or the first (the "unknown") name when @value is
 *   out of range
 */
const char *
hvp_field_enum_to_string (const HvpFieldEnum *names, guint value)
{
  g_return_val_if_fail (names != NULL, NULL);
  return hvp_enum_to_string (names->names, names->n_names, value);
}

/**
 * hvp_field_enum_from_string:
 * @names: an enum's names
 * @string: (nullable): a name, compared exactly
 * @ret_value: (out): its value
 *
 * Returns: %FALSE when @string names no value (@ret_value is then not written)
 */
gboolean
hvp_field_enum_from_string (const HvpFieldEnum *names, const char *string, guint *ret_value)
{
  g_return_val_if_fail (names != NULL, FALSE);
  return hvp_enum_from_string (names->names, names->n_names, string, ret_value);
}

/**
 * hvp_field_enum_list:
 * @names: an enum's names
 *
 * Every name, for messages: "unknown, off or running".
 *
 * Returns: (transfer full): the list; free with g_free()
 */
char *
hvp_field_enum_list (const HvpFieldEnum *names)
{
  GString *list;

  g_return_val_if_fail (names != NULL && names->n_names > 0, NULL);

  list = g_string_new (names->names[0]);
  for (guint value = 1; value < names->n_names; value++)
    g_string_append_printf (list, "%s%s", value + 1 < names->n_names ? ", " : " or ",
                            names->names[value]);
  return g_string_free (list, FALSE);
}

/**
 * hvp_field_table_identity:
 * @table: a field table
 * @ret_keys: (out caller-allocates) (array length=n_keys): where the keys go
 * @n_keys: room in @ret_keys, including the %NULL that ends the list
 *
 * The keys of @table's identity, in rank order, %NULL-terminated: the order the writer sorts an
 * array of such objects in ("name", then "id", for VMs).
 *
 * Returns: the number of keys (not counting the %NULL)
 */
guint
hvp_field_table_identity (const HvpFieldTable *table, const char **ret_keys, guint n_keys)
{
  guint n = 0;

  g_return_val_if_fail (table != NULL && ret_keys != NULL && n_keys > 0, 0);

  for (guint i = 0; i < n_keys; i++)
    ret_keys[i] = NULL;
  for (guint f = 0; f < table->n_fields; f++)
    {
      guint rank = table->fields[f].identity;

      if (rank == 0)
        continue;
      g_return_val_if_fail (rank < n_keys, n);
      ret_keys[rank - 1] = table->fields[f].name;
      n = MAX (n, rank);
    }
  return n;
}
