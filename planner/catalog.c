/* hvplan: reading a catalog of candidate server models (`hvplan size --catalog`).
 *
 * The document (README "Sizing", reports/README.md "The catalog"):
 *
 *   { "schema": "hvplan-catalog/1", "models": [ MODEL, ... ] }   or just   [ MODEL, ... ]
 *
 * MODEL: { "name": string, "sockets": n, "cores": n, "threads": n, "memory_bytes": n,
 *          "physical_nics": n, "storage_bytes": n | null, "processor": { "vendor", "family",
 *          "model", "stepping", "name" }, "price": n | null }
 *
 * It lives in planner/ and not in collectors/: a collector turns a source into an inventory of
 * hosts that exist, through the registry's probe/collect table, while a catalog lists hypothetical
 * servers with what an HvpHost has no room for (sockets, cores, price).  The reader follows the
 * inventory JSON reader (models/inventory-json.c): cJSON, the whole text one value, errors with
 * byte, line and column, duplicate keys refused, integers exact to 2^53 - 1. */
#include "planner/catalog.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <string.h>

#include "models/json.h"

/* 2^53 - 1: the largest integer a cJSON double holds exactly (see models/inventory-json.c). */
#define JSON_EXACT_MAX G_GUINT64_CONSTANT (9007199254740991)

static void
catalog_model_free (gpointer data)
{
  HvpCatalogModel *model = data;

  g_free (model->name);
  g_free (model->processor.vendor);
  g_free (model->processor.name);
  g_free (model->processor.cpu_xml);
  g_free (model);
}

/**
 * hvp_catalog_free:
 * @catalog: (nullable) (transfer full): a catalog
 */
void
hvp_catalog_free (HvpCatalog *catalog)
{
  if (catalog == NULL)
    return;
  g_free (catalog->file);
  g_clear_pointer (&catalog->models, g_ptr_array_unref);
  g_free (catalog);
}

static gboolean fail (const char *file, const char *path, GError **error, const char *format,
                      ...) G_GNUC_PRINTF (4, 5);

/* "'FILE': PATH: DETAIL", %HVP_ERROR_DATA. */
static gboolean
fail (const char *file, const char *path, GError **error, const char *format, ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "'%s': %s: %s", file, path, detail);
  return FALSE;
}

static const char *
type_name (const cJSON *item)
{
  if (cJSON_IsNull (item))
    return "null";
  if (cJSON_IsBool (item))
    return "a boolean";
  if (cJSON_IsNumber (item))
    return "a number";
  if (cJSON_IsString (item))
    return "a string";
  if (cJSON_IsArray (item))
    return "an array";
  return "an object";
}

static char *
format_number (double value)
{
  if (!isfinite (value))
    return g_strdup ("the number");
  return g_strdup_printf ("%.17g", value);
}

/* Refuses anything but an object, and an object with a key twice. */
static gboolean
check_object (const char *file, const cJSON *object, const char *path, GError **error)
{
  g_autoptr (GHashTable) keys = NULL;

  if (!cJSON_IsObject (object))
    return fail (file, path, error, "expected an object, found %s", type_name (object));
  keys = g_hash_table_new (g_str_hash, g_str_equal);
  for (const cJSON *child = object->child; child != NULL; child = child->next)
    if (!g_hash_table_add (keys, child->string))
      return fail (file, path, error, "key '%s' appears twice", child->string);
  return TRUE;
}

/* A whole number in [@minimum, @maximum]; absent or null: %FALSE in *@ret_present, when allowed. */
static gboolean
read_number (const char *file, const cJSON *object, const char *path, const char *key,
             gboolean required, guint64 minimum, guint64 maximum, guint64 *ret_value,
             gboolean *ret_present, GError **error)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);
  g_autofree char *key_path = g_strconcat (path, ".", key, NULL);
  g_autofree char *text = NULL;
  double number;

  if (item == NULL || cJSON_IsNull (item))
    {
      if (required)
        return fail (file, key_path, error, item == NULL ? "required key is missing"
                                                          : "expected a number, found null");
      *ret_present = FALSE;
      return TRUE;
    }
  if (!cJSON_IsNumber (item))
    return fail (file, key_path, error, "expected a number, found %s", type_name (item));
  number = item->valuedouble;
  text = format_number (number);
  if (number < 0 || !isfinite (number) || floor (number) != number)
    return fail (file, key_path, error, "%s is not a whole number", text);
  if (number > (double) JSON_EXACT_MAX)
    return fail (file, key_path, error, "%s is too large to read exactly (above 2^53 - 1)", text);
  if (number < (double) minimum)
    return fail (file, key_path, error, "%s is less than %" G_GUINT64_FORMAT, text, minimum);
  if (number > (double) maximum)
    return fail (file, key_path, error, "%s is out of range (above %" G_GUINT64_FORMAT ")", text,
                 maximum);
  *ret_value = (guint64) number;
  if (ret_present != NULL)
    *ret_present = TRUE;
  return TRUE;
}

static gboolean
read_required (const char *file, const cJSON *object, const char *path, const char *key,
               guint64 minimum, guint64 maximum, guint64 *ret_value, GError **error)
{
  gboolean present;

  return read_number (file, object, path, key, TRUE, minimum, maximum, ret_value, &present, error);
}

static gboolean
read_text (const char *file, const cJSON *object, const char *path, const char *key,
           gboolean required, char **ret_text, GError **error)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);
  g_autofree char *key_path = g_strconcat (path, ".", key, NULL);

  if (item == NULL || cJSON_IsNull (item))
    {
      if (required)
        return fail (file, key_path, error, item == NULL ? "required key is missing"
                                                          : "expected a string, found null");
      return TRUE;
    }
  if (!cJSON_IsString (item))
    return fail (file, key_path, error, "expected a string, found %s", type_name (item));
  if (!g_utf8_validate (item->valuestring, -1, NULL))
    return fail (file, key_path, error, "string is not valid UTF-8");
  if (required && item->valuestring[0] == '\0')
    return fail (file, key_path, error, "is empty");
  g_free (*ret_text);
  *ret_text = g_strdup (item->valuestring);
  return TRUE;
}

static gboolean
read_processor (const char *file, const cJSON *object, const char *path, HvpProcessor *processor,
                GError **error)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, "processor");
  g_autofree char *item_path = g_strconcat (path, ".processor", NULL);
  guint64 value = 0;
  gboolean present = FALSE;

  processor->stepping = -1;
  if (item == NULL || cJSON_IsNull (item))
    return TRUE;
  if (!check_object (file, item, item_path, error)
      || !read_text (file, item, item_path, "vendor", FALSE, &processor->vendor, error)
      || !read_text (file, item, item_path, "name", FALSE, &processor->name, error))
    return FALSE;
  if (!read_number (file, item, item_path, "family", FALSE, 0, G_MAXUINT, &value, &present, error))
    return FALSE;
  processor->family = present ? (guint) value : 0;
  if (!read_number (file, item, item_path, "model", FALSE, 0, G_MAXUINT, &value, &present, error))
    return FALSE;
  processor->model = present ? (guint) value : 0;
  if (!read_number (file, item, item_path, "stepping", FALSE, 0, G_MAXINT, &value, &present,
                    error))
    return FALSE;
  processor->stepping = present ? (gint) value : -1;
  if (processor->vendor != NULL)
    {
      const char *normalized = hvp_processor_vendor_normalize (processor->vendor);

      if (normalized != processor->vendor)
        {
          g_free (processor->vendor);
          processor->vendor = g_strdup (normalized);
        }
    }
  return TRUE;
}

static gboolean
read_model (const char *file, const cJSON *element, const char *index_path,
            HvpCatalogModel *model, GError **error)
{
  g_autofree char *path = NULL;
  guint64 value = 0;
  gboolean present = FALSE;

  if (!check_object (file, element, index_path, error)
      || !read_text (file, element, index_path, "name", TRUE, &model->name, error))
    return FALSE;
  /* From here on messages name the model: "models[2] ('Dell R720').memory_bytes". */
  path = g_strdup_printf ("%s ('%s')", index_path, model->name);
  /* Zero memory or processors is no server: an error naming the model and the key. */
  if (!read_required (file, element, path, "sockets", 1, G_MAXUINT, &value, error))
    return FALSE;
  model->sockets = (guint) value;
  if (!read_required (file, element, path, "cores", 1, G_MAXUINT, &value, error))
    return FALSE;
  model->cores = (guint) value;
  if (!read_required (file, element, path, "threads", 1, G_MAXUINT, &value, error))
    return FALSE;
  model->threads = (guint) value;
  if (!read_required (file, element, path, "memory_bytes", 1, JSON_EXACT_MAX,
                      &model->memory_bytes, error))
    return FALSE;
  if (!read_required (file, element, path, "physical_nics", 0, G_MAXUINT, &value, error))
    return FALSE;
  model->physical_nics = (guint) value;
  if (cJSON_GetObjectItemCaseSensitive (element, "storage_bytes") == NULL)
    return fail (file, path, error, "required key 'storage_bytes' is missing (null for shared "
                 "storage)");
  if (!read_number (file, element, path, "storage_bytes", FALSE, 0, JSON_EXACT_MAX,
                    &model->storage_bytes, &present, error))
    return FALSE;
  if (!present)
    model->storage_bytes = G_MAXUINT64;
  if (!read_number (file, element, path, "price", FALSE, 0, JSON_EXACT_MAX, &model->price,
                    &model->has_price, error))
    return FALSE;
  if (model->cores < model->sockets)
    return fail (file, path, error, "%u cores on %u sockets", model->cores, model->sockets);
  if (model->threads < model->cores)
    return fail (file, path, error, "%u threads, fewer than its %u cores", model->threads,
                 model->cores);
  return read_processor (file, element, path, &model->processor, error);
}

/* Whether @text[0, @length) leaves a string, array or object open (cut short). */
static gboolean
is_unfinished (const char *text, gsize length)
{
  gint64 depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if (in_string)
        {
          if (text[i] == '\\')
            i++;
          else if (text[i] == '"')
            in_string = FALSE;
        }
      else if (text[i] == '"')
        in_string = TRUE;
      else if (text[i] == '[' || text[i] == '{')
        depth++;
      else if (text[i] == ']' || text[i] == '}')
        depth--;
    }
  return in_string || depth > 0;
}

/* Whether @text[0, @length) is one token cut short (an unterminated string, or a literal or number
 * with nothing after it), or nothing. */
static gboolean
is_one_token (const char *text, gsize length)
{
  if (length > 0 && text[0] == '"')
    {
      for (gsize i = 1; i < length; i++)
        if (text[i] == '\\')
          i++;
        else if (text[i] == '"')
          return FALSE;
      return TRUE;
    }
  for (gsize i = 0; i < length; i++)
    if (strchr (" \t\r\n{}[],:\"", text[i]) != NULL)
      return FALSE;
  return TRUE;
}

/* Byte offset → "byte N (line L, column C)"; text that ends inside a value says it is cut short
 * (cJSON stops on its last byte). */
static void
set_syntax_error (const char *file, const char *text, gsize length, gsize position,
                  GError **error)
{
  guint line = 1;
  gsize line_start = 0;
  gboolean truncated = length == 0 || strspn (text, " \t\r\n") == length
                       || (is_unfinished (text, length)
                           && is_one_token (text + MIN (position, length),
                                            length - MIN (position, length)));

  position = MIN (position, length);
  for (gsize i = 0; i < position; i++)
    if (text[i] == '\n')
      {
        line++;
        line_start = i + 1;
      }
  g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
               "'%s': not valid JSON at byte %" G_GSIZE_FORMAT " (line %u, column %" G_GSIZE_FORMAT
               ")%s", file, position, line, position - line_start + 1,
               truncated ? ": the document is empty or truncated" : "");
}

/**
 * hvp_catalog_parse:
 * @file: the file name, for messages
 * @text: (array length=length): the document
 * @length: its length in bytes
 * @error: return location for a #GError
 *
 * Reads a catalog: an array of models, or an object `{"schema": "hvplan-catalog/1", "models":
 * [...]}`.  Each model needs `name`, `sockets`, `cores`, `threads` (all ≥ 1, cores ≥ sockets,
 * threads ≥ cores), `memory_bytes` (≥ 1), `physical_nics`, `storage_bytes` (a number, or `null`
 * for shared storage not counted per host); `processor` (`vendor`, `family`, `model`, `stepping`,
 * `name`) and `price` (whole currency units) are optional.  Integers must be exact: at most
 * 2^53 - 1.  Two models of one name are refused.
 *
 * Returns: (transfer full) (nullable): the catalog, or %NULL with %HVP_ERROR_DATA naming @file,
 *   the position (byte, line, column) of a syntax error, or the model and key that is wrong
 *   (`models[2].memory_bytes: 0 is less than 1`); %HVP_ERROR_UNSUPPORTED for another schema
 */
HvpCatalog *
hvp_catalog_parse (const char *file, const char *text, gsize length, GError **error)
{
  g_autoptr (HvpCatalog) catalog = NULL;
  g_autoptr (cJSON) root = NULL;
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  const char *end = NULL;
  const cJSON *models;
  gsize start = 0;
  gsize position;
  guint index = 0;

  g_return_val_if_fail (file != NULL && text != NULL, NULL);

  if (memchr (text, '\0', length) != NULL)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "'%s': not JSON text: NUL byte at byte %"
                   G_GSIZE_FORMAT, file, (gsize) ((const char *) memchr (text, '\0', length) - text));
      return NULL;
    }
  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    start = 3;
  root = cJSON_ParseWithLengthOpts (text + start, length - start, &end, FALSE);
  position = end != NULL ? (gsize) (end - text) : length;
  if (root == NULL)
    {
      set_syntax_error (file, text, length, position, error);
      return NULL;
    }
  while (position < length && strchr (" \t\r\n", text[position]) != NULL)
    position++;
  if (position < length)
    {
      set_syntax_error (file, text, length, position, error);
      return NULL;
    }

  models = root;
  if (cJSON_IsObject (root))
    {
      const cJSON *schema = cJSON_GetObjectItemCaseSensitive (root, "schema");

      if (!check_object (file, root, "(document)", error))
        return NULL;
      if (schema != NULL && (!cJSON_IsString (schema)
                             || strcmp (schema->valuestring, HVP_CATALOG_SCHEMA) != 0))
        {
          g_set_error (error, HVP_ERROR, HVP_ERROR_UNSUPPORTED,
                       "'%s': schema: expected \"%s\"", file, HVP_CATALOG_SCHEMA);
          return NULL;
        }
      models = cJSON_GetObjectItemCaseSensitive (root, "models");
      if (models == NULL)
        {
          fail (file, "models", error, "required key is missing");
          return NULL;
        }
    }
  if (!cJSON_IsArray (models))
    {
      fail (file, models == root ? "(document)" : "models", error,
            "expected an array of server models, found %s", type_name (models));
      return NULL;
    }

  catalog = g_new0 (HvpCatalog, 1);
  catalog->file = g_strdup (file);
  catalog->models = g_ptr_array_new_with_free_func (catalog_model_free);
  for (const cJSON *element = models->child; element != NULL; element = element->next, index++)
    {
      g_autofree char *path = g_strdup_printf ("models[%u]", index);
      HvpCatalogModel *model = g_new0 (HvpCatalogModel, 1);

      g_ptr_array_add (catalog->models, model);
      if (!read_model (file, element, path, model, error))
        return NULL;
      if (!g_hash_table_add (names, model->name))
        {
          fail (file, path, error, "model '%s' appears twice", model->name);
          return NULL;
        }
    }
  if (catalog->models->len == 0)
    {
      fail (file, models == root ? "(document)" : "models", error, "the catalog lists no model");
      return NULL;
    }
  return g_steal_pointer (&catalog);
}

/**
 * hvp_catalog_load:
 * @file: a catalog file
 * @options: (nullable): for the input size limit
 * @error: return location for a #GError
 *
 * Reads @file (hvp_read_input_file()) and parses it with hvp_catalog_parse().
 *
 * Returns: (transfer full) (nullable): the catalog, or %NULL with %HVP_ERROR_OPEN (cannot read)
 *   or the errors of hvp_catalog_parse()
 */
HvpCatalog *
hvp_catalog_load (const char *file, const HvpCollectOptions *options, GError **error)
{
  g_autofree char *text = NULL;
  gsize length = 0;

  g_return_val_if_fail (file != NULL, NULL);

  if (!hvp_read_input_file (file, options, &text, &length, error))
    return NULL;
  return hvp_catalog_parse (file, text, length, error);
}
