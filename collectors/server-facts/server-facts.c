/* hvplan: the server facts document, "hvplan-server/1" (README.md beside this file), written by
 * collect-server.ps1 on Windows PowerShell 2.0.
 *
 * Read as tolerantly as the PowerShell collector reads its documents: a missing key or a null is
 * an unknown fact, an unknown key is ignored, a value of the wrong type becomes a warning with its
 * key and stays unknown.  Only what makes the whole document unusable is an error: not JSON, not
 * an object, another format. */
#include "collectors/server-facts/server-facts.h"

#include <math.h>
#include <string.h>

#include "models/answers.h"
#include "models/error.h"
#include "models/json.h"

/* Windows' text of a UTF-16LE file with a byte order mark (Out-File's default on PowerShell 2.0)
 * converted to UTF-8; NULL when @text is not UTF-16LE with a BOM. */
static char *
utf16_to_utf8 (const char *text, gsize length, gsize *ret_length)
{
  if (length < 2 || (guchar) text[0] != 0xFF || (guchar) text[1] != 0xFE)
    return NULL;
  return g_convert (text + 2, (gssize) (length - 2), "UTF-8", "UTF-16LE", NULL, ret_length, NULL);
}

typedef struct {
  HvpServerFacts *facts;
} Reader;

static void
warn_type (Reader *reader, const char *where, const char *key, const cJSON *item,
           const char *expected)
{
  g_ptr_array_add (reader->facts->warnings,
                   g_strdup_printf ("'%s': %s%s%s: expected %s, found %s", reader->facts->file,
                                    where, *where != '\0' ? "." : "", key, expected,
                                    hvp_json_type_name (item)));
}

/* The item at @key, or NULL when absent or null. */
static const cJSON *
get (const cJSON *object, const char *key)
{
  const cJSON *item = cJSON_IsObject (object) ? cJSON_GetObjectItemCaseSensitive (object, key)
                                               : NULL;

  return cJSON_IsNull (item) ? NULL : item;
}

/* A string that is valid UTF-8, else NULL with a warning. */
static char *
valid_text (Reader *reader, const char *where, const char *key, const char *text)
{
  if (g_utf8_validate (text, -1, NULL))
    return g_strdup (text);
  g_ptr_array_add (reader->facts->warnings,
                   g_strdup_printf ("'%s': %s%s%s: not valid UTF-8", reader->facts->file, where,
                                    *where != '\0' ? "." : "", key));
  return NULL;
}

static char *
read_string (Reader *reader, const cJSON *object, const char *where, const char *key)
{
  const cJSON *item = get (object, key);

  if (item == NULL)
    return NULL;
  if (cJSON_IsString (item))
    return item->valuestring[0] != '\0' ? valid_text (reader, where, key, item->valuestring) : NULL;
  warn_type (reader, where, key, item, "a string");
  return NULL;
}

static HvpFact
read_fact (Reader *reader, const cJSON *object, const char *where, const char *key)
{
  const cJSON *item = get (object, key);

  if (item == NULL)
    return HVP_FACT_UNKNOWN;
  if (cJSON_IsBool (item))
    return cJSON_IsTrue (item) ? HVP_FACT_YES : HVP_FACT_NO;
  warn_type (reader, where, key, item, "true or false");
  return HVP_FACT_UNKNOWN;
}

/* A whole number in [0, 2^53 - 1], or HVP_FACT_NONE. */
static guint64
read_count (Reader *reader, const cJSON *object, const char *where, const char *key)
{
  const cJSON *item = get (object, key);
  g_autoptr (GError) error = NULL;
  guint64 value;

  if (item == NULL)
    return HVP_FACT_NONE;
  if (!cJSON_IsNumber (item))
    {
      warn_type (reader, where, key, item, "a whole number");
      return HVP_FACT_NONE;
    }
  if (!hvp_json_number_to_uint64 (item, HVP_JSON_EXACT_MAX, "a whole number", &value, &error))
    {
      g_ptr_array_add (reader->facts->warnings,
                       g_strdup_printf ("'%s': %s.%s: %s", reader->facts->file, where, key,
                                        error->message));
      return HVP_FACT_NONE;
    }
  return value;
}

/* An ISO 8601 date and time, 0 when absent or unreadable (with a warning). */
static gint64
read_time (Reader *reader, const cJSON *object, const char *where, const char *key)
{
  g_autofree char *text = read_string (reader, object, where, key);
  gint64 value = 0;

  if (text != NULL && !hvp_parse_iso8601_utc (text, &value))
    g_ptr_array_add (reader->facts->warnings,
                     g_strdup_printf ("'%s': %s.%s: '%s' is not an ISO 8601 date and time",
                                      reader->facts->file, where, key, text));
  return value;
}

/* A list of strings (NULL when absent); elements of another type are skipped with a warning. */
static GPtrArray *
read_strings (Reader *reader, const cJSON *object, const char *where, const char *key)
{
  const cJSON *item = get (object, key);
  const cJSON *element;
  GPtrArray *list;

  if (item == NULL)
    return NULL;
  if (!cJSON_IsArray (item))
    {
      warn_type (reader, where, key, item, "an array of strings");
      return NULL;
    }
  list = g_ptr_array_new_with_free_func (g_free);
  cJSON_ArrayForEach (element, item)
    {
      char *text = cJSON_IsString (element) ? valid_text (reader, where, key, element->valuestring)
                                            : NULL;

      if (text != NULL)
        g_ptr_array_add (list, text);
      else if (!cJSON_IsString (element))
        warn_type (reader, where, key, element, "strings in the array");
    }
  return list;
}

static void
read_os (Reader *reader, const cJSON *os)
{
  HvpServerFacts *facts = reader->facts;
  guint64 service_pack = read_count (reader, os, "os", "service_pack");

  facts->os_name = read_string (reader, os, "os", "name");
  facts->os_version = read_string (reader, os, "os", "version");
  facts->architecture = read_string (reader, os, "os", "architecture");
  facts->os_service_pack = service_pack <= 99 ? (gint) service_pack : -1;
}

static void
read_products (Reader *reader, const cJSON *products)
{
  const cJSON *item;
  guint index = 0;

  cJSON_ArrayForEach (item, products)
    {
      g_autofree char *where = g_strdup_printf ("products[%u]", index++);
      char *name = read_string (reader, item, where, "name");
      guint64 service_pack = read_count (reader, item, where, "service_pack");
      HvpServerProduct *product;

      if (name == NULL)
        continue;
      product = g_new0 (HvpServerProduct, 1);
      product->name = name;
      product->service_pack = service_pack <= 99 ? (gint) service_pack : -1;
      product->installed_unix = read_time (reader, item, where, "installed_utc");
      g_ptr_array_add (reader->facts->products, product);
    }
}

static void
read_clock (Reader *reader, const cJSON *clock)
{
  HvpServerFacts *facts = reader->facts;
  const cJSON *offset = get (clock, "utc_offset_minutes");
  const cJSON *measured = get (clock, "offset_seconds");

  facts->time_zone = read_string (reader, clock, "clock", "time_zone");
  facts->time_source = read_string (reader, clock, "clock", "time_source");
  if (cJSON_IsNumber (offset) && offset->valuedouble >= -24 * 60 && offset->valuedouble <= 24 * 60)
    {
      facts->utc_offset_minutes = (gint) offset->valuedouble;
      facts->has_utc_offset = TRUE;
    }
  else if (offset != NULL)
    warn_type (reader, "clock", "utc_offset_minutes", offset, "minutes from -1440 to 1440");
  if (cJSON_IsNumber (measured) && isfinite (measured->valuedouble))
    {
      facts->clock_reference = read_string (reader, clock, "clock", "reference");
      facts->clock_offset_seconds = measured->valuedouble;
    }
  else if (measured != NULL)
    warn_type (reader, "clock", "offset_seconds", measured, "a number of seconds");
}

static void
read_network (Reader *reader, const cJSON *network)
{
  const cJSON *adapters = get (network, "adapters");
  const cJSON *list = cJSON_IsArray (adapters) ? adapters : NULL;
  const cJSON *item;
  guint index = 0;

  reader->facts->dhcp_server_running = read_fact (reader, network, "network", "dhcp_server_running");
  reader->facts->vpn_enabled = read_fact (reader, network, "network", "vpn_enabled");
  cJSON_ArrayForEach (item, list)
    {
      g_autofree char *where = g_strdup_printf ("network.adapters[%u]", index++);
      HvpServerAdapter *adapter = hvp_server_adapter_new ();
      g_autoptr (GPtrArray) addresses = read_strings (reader, item, where, "addresses");
      g_autoptr (GPtrArray) gateways = read_strings (reader, item, where, "gateways");

      adapter->name = read_string (reader, item, where, "name");
      adapter->connected = read_fact (reader, item, where, "connected");
      for (guint i = 0; addresses != NULL && i < addresses->len; i++)
        g_ptr_array_add (adapter->addresses, g_strdup (g_ptr_array_index (addresses, i)));
      for (guint i = 0; gateways != NULL && i < gateways->len; i++)
        g_ptr_array_add (adapter->gateways, g_strdup (g_ptr_array_index (gateways, i)));
      g_ptr_array_add (reader->facts->adapters, adapter);
    }
}

static void
read_volumes (Reader *reader, const cJSON *volumes)
{
  const cJSON *list = cJSON_IsArray (volumes) ? volumes : NULL;
  const cJSON *item;
  guint index = 0;

  cJSON_ArrayForEach (item, list)
    {
      g_autofree char *where = g_strdup_printf ("volumes[%u]", index++);
      HvpServerVolume *volume = g_new0 (HvpServerVolume, 1);

      volume->name = read_string (reader, item, where, "name");
      volume->size_bytes = read_count (reader, item, where, "size_bytes");
      volume->free_bytes = read_count (reader, item, where, "free_bytes");
      if (volume->name == NULL)
        volume->name = g_strdup ("?");
      g_ptr_array_add (reader->facts->volumes, volume);
    }
}

static void
read_wsus (Reader *reader, const cJSON *object)
{
  HvpServerWsus *wsus = hvp_server_wsus_new ();

  wsus->content_folder = read_string (reader, object, "wsus", "content_folder");
  wsus->content_bytes = read_count (reader, object, "wsus", "content_bytes");
  wsus->stores_locally = read_fact (reader, object, "wsus", "stores_updates_locally");
  wsus->database = read_string (reader, object, "wsus", "database");
  wsus->susdb_bytes = read_count (reader, object, "wsus", "susdb_bytes");
  wsus->administrators = read_strings (reader, object, "wsus", "administrators");
  wsus->reporters = read_strings (reader, object, "wsus", "reporters");
  wsus->downstream_servers = read_strings (reader, object, "wsus", "downstream_servers");
  wsus->client_computers = read_count (reader, object, "wsus", "client_computers");
  wsus->smtp_configured = read_fact (reader, object, "wsus", "smtp_configured");
  wsus->code_signing = read_fact (reader, object, "wsus", "code_signing_certificate");
  reader->facts->wsus = wsus;
}

static void
read_document (Reader *reader, const cJSON *root)
{
  HvpServerFacts *facts = reader->facts;
  const cJSON *account = get (root, "account");
  const cJSON *products = get (root, "products");
  const cJSON *wsus = get (root, "wsus");

  facts->computer = read_string (reader, root, "", "computer");
  facts->collected_unix = read_time (reader, root, "", "collected_utc");
  facts->powershell_version = read_string (reader, root, "", "powershell_version");
  read_os (reader, get (root, "os"));
  if (cJSON_IsArray (products))
    read_products (reader, products);
  read_clock (reader, get (root, "clock"));
  read_network (reader, get (root, "network"));
  facts->account = read_string (reader, account, "account", "name");
  facts->account_groups = read_strings (reader, account, "account", "groups");
  facts->preparation_run_unix = read_time (reader, get (root, "migration_preparation"),
                                           "migration_preparation", "last_success_utc");
  read_volumes (reader, get (root, "volumes"));
  if (cJSON_IsObject (wsus))
    read_wsus (reader, wsus);
}

/**
 * hvp_server_facts_parse:
 * @text: (array length=length): the document's bytes: UTF-8 (a byte order mark is skipped) or
 *   UTF-16LE with a byte order mark
 * @length: their number
 * @file: the file's name, for messages and evidence
 * @error: return location for an error
 *
 * Reads the server facts document, "hvplan-server/1" (collectors/server-facts/README.md).
 * Missing keys and nulls are unknown facts; values of the wrong type are warnings
 * (HvpServerFacts.warnings, "'FILE': KEY: expected T, found U") and unknown facts.
 *
 * Returns: (transfer full) (nullable): the facts, or %NULL with %HVP_ERROR_DATA (not JSON or
 *   not an object, "'FILE': not valid JSON at byte N (line L, column C)") or
 *   %HVP_ERROR_UNSUPPORTED (the format key is missing or names another format)
 */
HvpServerFacts *
hvp_server_facts_parse (const char *text, gsize length, const char *file, GError **error)
{
  gsize utf8_length = 0;
  g_autofree char *utf8 = utf16_to_utf8 (text, length, &utf8_length);
  g_autoptr (cJSON) root = NULL;
  g_autoptr (HvpServerFacts) facts = NULL;
  const cJSON *format;
  Reader reader;

  root = utf8 != NULL ? hvp_json_parse (utf8, utf8_length, file, error)
                      : hvp_json_parse (text, length, file, error);
  if (root == NULL)
    return NULL;
  if (!cJSON_IsObject (root))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "'%s': expected an object, found %s", file,
                   hvp_json_type_name (root));
      return NULL;
    }
  format = cJSON_GetObjectItemCaseSensitive (root, "schema");
  if (!cJSON_IsString (format) || strcmp (format->valuestring, HVP_SERVER_FACTS_SCHEMA) != 0)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_UNSUPPORTED,
                   "'%s': schema: expected '%s' (the document collect-server.ps1 writes)", file,
                   HVP_SERVER_FACTS_SCHEMA);
      return NULL;
    }
  facts = hvp_server_facts_new (file);
  reader.facts = facts;
  read_document (&reader, root);
  return g_steal_pointer (&facts);
}

/**
 * hvp_server_facts_read_file:
 * @file: a file collect-server.ps1 wrote
 * @options: (nullable): for the input size limit
 * @error: return location for an error
 *
 * Reads @file (hvp_read_input_file()) and hvp_server_facts_parse() its bytes.
 *
 * Returns: (transfer full) (nullable): the facts, or %NULL with %HVP_ERROR_OPEN (cannot be
 *   opened or is not a regular file), %HVP_ERROR_DATA or %HVP_ERROR_UNSUPPORTED
 */
HvpServerFacts *
hvp_server_facts_read_file (const char *file, const HvpCollectOptions *options, GError **error)
{
  g_autofree char *text = NULL;
  gsize length = 0;

  if (!hvp_read_input_file (file, options, &text, &length, error))
    return NULL;
  return hvp_server_facts_parse (text, length, file, error);
}
