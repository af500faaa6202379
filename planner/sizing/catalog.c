/* hvplan: reading a catalog of candidate server models (`hvplan size --catalog`).
 *
 * The document (README "Sizing", reports/README.md "The catalog"):
 *
 *   { "schema": "hvplan-catalog/1", "models": [ MODEL, ... ] }   or just   [ MODEL, ... ]
 *
 * MODEL: { "name": string, "sockets": n, "cores": n, "threads": n, "memory_bytes": n,
 *          "physical_nics": n, "storage_bytes": n | null, "processor": { "vendor", "family",
 *          "model", "stepping", "name" }, "price": n | null, "os": string | null,
 *          "standard_licence_per_host": n | null, "datacenter_licence_per_host": n | null }
 *
 * and, beside "models", an optional "licence_prices": { "standard_per_2_cores": n,
 * "datacenter_per_2_cores": n } (Windows Server core licences are sold in 2-core packs).
 *
 * It lives in planner/ and not in collectors/: a collector turns a source into an inventory of
 * hosts that exist, through the registry's probe/collect table, while a catalog lists hypothetical
 * servers with what an HvpHost has no room for (sockets, cores, price).  The reader follows the
 * inventory JSON reader (models/inventory-json.c): hvp_json_parse() for the whole text as one value
 * with positioned errors (byte, line and column), duplicate keys refused, integers exact to
 * 2^53 - 1. */
#include "planner/sizing/catalog.h"

#include <cjson/cJSON.h>
#include <string.h>

#include "models/json.h"

static void
catalog_model_free (gpointer data)
{
  HvpCatalogModel *model = data;

  g_free (model->name);
  g_free (model->os);
  g_free (model->processor.vendor);
  g_free (model->processor.name);
  g_free (model->processor.cpu_xml);
  g_free (model);
}

/**
 * hvp_catalog_new:
 * @file: where the catalog comes from, for messages ("(memory)" for one built in memory)
 *
 * An empty catalog, to which models are added as g_new0() HvpCatalogModel with g_malloc()ed
 * strings: the catalog owns and frees them.
 *
 * Returns: (transfer full): the catalog; free with hvp_catalog_free()
 */
HvpCatalog *
hvp_catalog_new (const char *file)
{
  HvpCatalog *catalog = g_new0 (HvpCatalog, 1);

  catalog->file = g_strdup (file);
  catalog->models = g_ptr_array_new_with_free_func (catalog_model_free);
  return catalog;
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

/* Refuses anything but an object, and an object with a key twice. */
static gboolean
check_object (const char *file, const cJSON *object, const char *path, GError **error)
{
  g_autoptr (GHashTable) keys = NULL;

  if (!cJSON_IsObject (object))
    return fail (file, path, error, "expected an object, found %s", hvp_json_type_name (object));
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
  guint64 value;

  if (item == NULL || cJSON_IsNull (item))
    {
      if (required)
        return fail (file, key_path, error, item == NULL ? "required key is missing"
                                                          : "expected a number, found null");
      *ret_present = FALSE;
      return TRUE;
    }
  if (!cJSON_IsNumber (item))
    return fail (file, key_path, error, "expected a number, found %s", hvp_json_type_name (item));
  if (!hvp_json_number_to_uint64 (item, maximum, "a whole number", &value, error))
    {
      g_prefix_error (error, "'%s': %s: ", file, key_path);
      return FALSE;
    }
  if (value < minimum)
    return fail (file, key_path, error, "%" G_GUINT64_FORMAT " is less than %" G_GUINT64_FORMAT,
                 value, minimum);
  *ret_value = value;
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
    return fail (file, key_path, error, "expected a string, found %s", hvp_json_type_name (item));
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
  if (!read_required (file, element, path, "memory_bytes", 1, HVP_JSON_EXACT_MAX,
                      &model->memory_bytes, error))
    return FALSE;
  if (!read_required (file, element, path, "physical_nics", 0, G_MAXUINT, &value, error))
    return FALSE;
  model->physical_nics = (guint) value;
  if (cJSON_GetObjectItemCaseSensitive (element, "storage_bytes") == NULL)
    return fail (file, path, error, "required key 'storage_bytes' is missing (null for shared "
                 "storage)");
  if (!read_number (file, element, path, "storage_bytes", FALSE, 0, HVP_JSON_EXACT_MAX,
                    &model->storage_bytes, &present, error))
    return FALSE;
  if (!present)
    model->storage_bytes = G_MAXUINT64;
  if (!read_number (file, element, path, "standard_licence_per_host", FALSE, 0,
                    HVP_JSON_EXACT_MAX, &model->standard_per_host, &model->has_standard_per_host,
                    error)
      || !read_number (file, element, path, "datacenter_licence_per_host", FALSE, 0,
                       HVP_JSON_EXACT_MAX, &model->datacenter_per_host,
                       &model->has_datacenter_per_host, error))
    return FALSE;
  if (!read_number (file, element, path, "price", FALSE, 0, HVP_JSON_EXACT_MAX, &model->price,
                    &model->has_price, error)
      || !read_text (file, element, path, "os", FALSE, &model->os, error))
    return FALSE;
  if (model->cores < model->sockets)
    return fail (file, path, error, "%u cores on %u sockets", model->cores, model->sockets);
  if (model->threads < model->cores)
    return fail (file, path, error, "%u threads, fewer than its %u cores", model->threads,
                 model->cores);
  return read_processor (file, element, path, &model->processor, error);
}

/* The array of server models: @root itself, or its "models" under a checked "schema". */
static const cJSON *
models_array (const char *file, const cJSON *root, GError **error)
{
  const cJSON *models = root;

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
            "expected an array of server models, found %s", hvp_json_type_name (models));
      return NULL;
    }
  return models;
}

/* The optional "licence_prices" of a catalog object: 2-core pack prices per edition. */
static gboolean
read_licence_prices (const char *file, const cJSON *root, HvpCatalog *catalog, GError **error)
{
  const cJSON *prices = cJSON_IsObject (root)
                          ? cJSON_GetObjectItemCaseSensitive (root, "licence_prices") : NULL;

  if (prices == NULL || cJSON_IsNull (prices))
    return TRUE;
  if (!check_object (file, prices, "licence_prices", error))
    return FALSE;
  return read_number (file, prices, "licence_prices", "standard_per_2_cores", FALSE, 0,
                      HVP_JSON_EXACT_MAX, &catalog->standard_pack, &catalog->has_standard_pack,
                      error)
         && read_number (file, prices, "licence_prices", "datacenter_per_2_cores", FALSE, 0,
                         HVP_JSON_EXACT_MAX, &catalog->datacenter_pack,
                         &catalog->has_datacenter_pack, error);
}

static HvpCatalog *
catalog_parse (const char *file, const char *text, gsize length, GError **error)
{
  g_autoptr (HvpCatalog) catalog = NULL;
  g_autoptr (cJSON) root = NULL;
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  const cJSON *models;
  guint index = 0;

  g_return_val_if_fail (file != NULL && text != NULL, NULL);

  root = hvp_json_parse (text, length, file, error);
  if (root == NULL)
    return NULL;

  models = models_array (file, root, error);
  if (models == NULL)
    return NULL;

  catalog = hvp_catalog_new (file);
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
  if (!read_licence_prices (file, root, catalog, error))
    return NULL;
  if (catalog->models->len == 0)
    {
      fail (file, models == root ? "(document)" : "models", error, "the catalog lists no model");
      return NULL;
    }
  return g_steal_pointer (&catalog);
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
 * `name`), `price` (whole currency units) and `os` (the Hyper-V host operating system the servers
 * would run: the compatibility check's rules) are optional.  Integers must be exact: at most
 * 2^53 - 1.  Two models of one name are refused.
 *
 * Returns: (transfer full) (nullable): the catalog, or %NULL with %HVP_ERROR_DATA naming @file,
 *   the messages of hvp_json_parse() for text that is not one JSON value (NUL byte, nesting,
 *   truncation, or the byte, line and column of a syntax error), or the model and key that is wrong
 *   (`models[2].memory_bytes: 0 is less than 1`); %HVP_ERROR_UNSUPPORTED for another schema.
 *   Messages are one line (hvp_error_one_line()): names they quote are escaped.
 */
HvpCatalog *
hvp_catalog_parse (const char *file, const char *text, gsize length, GError **error)
{
  HvpCatalog *catalog = catalog_parse (file, text, length, error);

  if (catalog == NULL && error != NULL && *error != NULL)
    hvp_error_one_line (*error);
  return catalog;
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
