/* hvplan: the JSON writer every document shares.  cJSON builds the tree; integers go in as raw
 * decimal text so they stay exact to 64 bits (a cJSON number is a double, exact only to 2^53);
 * hvp_json_print() lays the tree out with two-space indentation, "key": value, one member a line,
 * so that documents diff well and the same tree always prints the same bytes (cJSON_Print indents
 * with tabs and formats doubles). */
#include "models/json.h"

/**
 * hvp_json_checked:
 * @item: (nullable): what a cJSON constructor returned
 *
 * cJSON reports allocation failure by returning %NULL; hvplan, like GLib, aborts on it.
 *
 * Returns: (transfer full): @item, never %NULL
 */
cJSON *
hvp_json_checked (cJSON *item)
{
  if (G_UNLIKELY (item == NULL))
    g_error ("cJSON: out of memory");
  return item;
}

/**
 * hvp_json_add:
 * @object: a cJSON object
 * @key: the member's name
 * @item: (transfer full): its value; the object owns it
 *
 * Appends a member, keeping insertion order (the printed order).
 */
void
hvp_json_add (cJSON *object, const char *key, cJSON *item)
{
  cJSON_AddItemToObject (object, key, hvp_json_checked (item));
}

/**
 * hvp_json_string:
 * @string: (nullable): UTF-8 text
 *
 * Returns: (transfer full): a JSON string, or `null` for %NULL
 */
cJSON *
hvp_json_string (const char *string)
{
  if (string == NULL)
    return hvp_json_checked (cJSON_CreateNull ());
  return hvp_json_checked (cJSON_CreateString (string));
}

/**
 * hvp_json_bool:
 * @value: a truth value
 *
 * Returns: (transfer full): `true` or `false`
 */
cJSON *
hvp_json_bool (gboolean value)
{
  return hvp_json_checked (cJSON_CreateBool (value));
}

/**
 * hvp_json_uint64:
 * @value: an unsigned integer (bytes, counts)
 *
 * Returns: (transfer full): a raw JSON number with every digit of @value
 */
cJSON *
hvp_json_uint64 (guint64 value)
{
  char digits[24];

  g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, value);
  return hvp_json_checked (cJSON_CreateRaw (digits));
}

/**
 * hvp_json_int64:
 * @value: a signed integer (times in seconds since 1970)
 *
 * Returns: (transfer full): a raw JSON number with every digit of @value
 */
cJSON *
hvp_json_int64 (gint64 value)
{
  char digits[24];

  g_snprintf (digits, sizeof digits, "%" G_GINT64_FORMAT, value);
  return hvp_json_checked (cJSON_CreateRaw (digits));
}

/* JSON string syntax (RFC 8259 section 7): quote, backslash and control characters escaped, the
 * rest written as UTF-8.  A string that is not valid UTF-8 (a collector bug) is repaired with
 * U+FFFD so the document stays valid JSON. */
static void
print_string (GString *out, const char *string)
{
  g_autofree char *valid = NULL;

  if (!g_utf8_validate (string, -1, NULL))
    string = valid = g_utf8_make_valid (string, -1);
  g_string_append_c (out, '"');
  for (const char *p = string; *p != '\0'; p++)
    {
      unsigned char c = (unsigned char) *p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static void
print_indent (GString *out, guint depth)
{
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
}

/* Prints a value with two-space indentation, one member or element per line, "key": value.  The
 * tree is the one built above: its depth is fixed by the schema, so recursion is bounded. */
static void
print_value (GString *out, const cJSON *item, guint depth)
{
  gboolean object = cJSON_IsObject (item);

  if (cJSON_IsNull (item))
    g_string_append (out, "null");
  else if (cJSON_IsTrue (item))
    g_string_append (out, "true");
  else if (cJSON_IsFalse (item))
    g_string_append (out, "false");
  else if (cJSON_IsRaw (item))
    g_string_append (out, item->valuestring);
  else if (cJSON_IsString (item))
    print_string (out, item->valuestring);
  else if (item->child == NULL)
    g_string_append (out, object ? "{}" : "[]");
  else
    {
      g_string_append (out, object ? "{\n" : "[\n");
      for (const cJSON *child = item->child; child != NULL; child = child->next)
        {
          print_indent (out, depth + 1);
          if (object)
            {
              print_string (out, child->string);
              g_string_append (out, ": ");
            }
          print_value (out, child, depth + 1);
          g_string_append (out, child->next != NULL ? ",\n" : "\n");
        }
      print_indent (out, depth);
      g_string_append_c (out, object ? '}' : ']');
    }
}

/**
 * hvp_json_print:
 * @item: a tree built with the functions above (its depth is bounded by the schema that built it)
 *
 * Prints @item with two-space indentation, one member or element a line, `"key": value`, strings
 * escaped per RFC 8259 section 7 (invalid UTF-8 repaired with U+FFFD), raw numbers as given, and
 * a final newline.
 *
 * Returns: (transfer full): the text; free with g_free()
 */
char *
hvp_json_print (const cJSON *item)
{
  GString *out = g_string_new (NULL);

  print_value (out, item, 0);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}
