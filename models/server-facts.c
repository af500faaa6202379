/* hvplan: the facts of one server for a migration guide's automatic checks (server-facts.h). */
#include "models/server-facts.h"

#include <string.h>

static void
product_free (gpointer data)
{
  HvpServerProduct *product = data;

  g_free (product->name);
  g_free (product);
}

static void
adapter_free (gpointer data)
{
  HvpServerAdapter *adapter = data;

  g_free (adapter->name);
  g_ptr_array_unref (adapter->addresses);
  g_ptr_array_unref (adapter->gateways);
  g_free (adapter);
}

static void
volume_free (gpointer data)
{
  HvpServerVolume *volume = data;

  g_free (volume->name);
  g_free (volume);
}

static void
wsus_free (HvpServerWsus *wsus)
{
  if (wsus == NULL)
    return;
  g_free (wsus->content_folder);
  g_free (wsus->database);
  g_clear_pointer (&wsus->administrators, g_ptr_array_unref);
  g_clear_pointer (&wsus->reporters, g_ptr_array_unref);
  g_clear_pointer (&wsus->downstream_servers, g_ptr_array_unref);
  g_free (wsus);
}

/**
 * hvp_server_facts_new:
 * @file: the file the facts come from
 *
 * Returns: (transfer full): facts with every value unknown and every list empty
 */
HvpServerFacts *
hvp_server_facts_new (const char *file)
{
  HvpServerFacts *facts = g_new0 (HvpServerFacts, 1);

  facts->file = g_strdup (file);
  facts->os_service_pack = -1;
  facts->products = g_ptr_array_new_with_free_func (product_free);
  facts->adapters = g_ptr_array_new_with_free_func (adapter_free);
  facts->volumes = g_ptr_array_new_with_free_func (volume_free);
  facts->warnings = g_ptr_array_new_with_free_func (g_free);
  return facts;
}

/**
 * hvp_server_adapter_new:
 *
 * Returns: (transfer full): an adapter with empty address and gateway lists, for
 *   HvpServerFacts.adapters (which frees it)
 */
HvpServerAdapter *
hvp_server_adapter_new (void)
{
  HvpServerAdapter *adapter = g_new0 (HvpServerAdapter, 1);

  adapter->addresses = g_ptr_array_new_with_free_func (g_free);
  adapter->gateways = g_ptr_array_new_with_free_func (g_free);
  return adapter;
}

/**
 * hvp_server_wsus_new:
 *
 * Returns: (transfer full): WSUS facts, every one unknown, for HvpServerFacts.wsus (which frees
 *   them)
 */
HvpServerWsus *
hvp_server_wsus_new (void)
{
  HvpServerWsus *wsus = g_new0 (HvpServerWsus, 1);

  wsus->content_bytes = HVP_FACT_NONE;
  wsus->susdb_bytes = HVP_FACT_NONE;
  wsus->client_computers = HVP_FACT_NONE;
  return wsus;
}

/**
 * hvp_server_facts_free:
 * @facts: (nullable) (transfer full): facts
 */
void
hvp_server_facts_free (HvpServerFacts *facts)
{
  if (facts == NULL)
    return;
  g_free (facts->file);
  g_free (facts->computer);
  g_free (facts->os_name);
  g_free (facts->os_version);
  g_free (facts->architecture);
  g_free (facts->powershell_version);
  g_ptr_array_unref (facts->products);
  g_free (facts->time_zone);
  g_free (facts->time_source);
  g_free (facts->clock_reference);
  g_ptr_array_unref (facts->adapters);
  g_free (facts->account);
  g_clear_pointer (&facts->account_groups, g_ptr_array_unref);
  g_ptr_array_unref (facts->volumes);
  wsus_free (facts->wsus);
  g_ptr_array_unref (facts->warnings);
  g_free (facts);
}

static gboolean
has_word (const char *name, const char *word)
{
  g_autofree char *lower_name = g_ascii_strdown (name, -1);
  g_autofree char *lower_word = g_ascii_strdown (word, -1);
  gsize length = strlen (lower_word);

  for (const char *p = strstr (lower_name, lower_word); p != NULL; p = strstr (p + 1, lower_word))
    {
      gboolean starts = p == lower_name || !g_ascii_isalnum (p[-1]);
      gboolean ends = !g_ascii_isalnum (p[length]);

      if (starts && ends)
        return TRUE;
    }
  return FALSE;
}

/**
 * hvp_server_product_matches:
 * @product: a product
 * @all_words: (array zero-terminated=1): words that must all be in the product's name, as whole
 *   words and without regard to ASCII case ({"Exchange", "2003", NULL})
 *
 * Returns: %TRUE when the name of @product has every word
 */
gboolean
hvp_server_product_matches (const HvpServerProduct *product, const char *const *all_words)
{
  for (guint w = 0; all_words[w] != NULL; w++)
    if (!has_word (product->name, all_words[w]))
      return FALSE;
  return TRUE;
}

/**
 * hvp_server_facts_find_product:
 * @facts: facts
 * @all_words: (array zero-terminated=1): as hvp_server_product_matches() takes them
 *
 * Returns: (transfer none) (nullable): the first product whose name has every word, or %NULL
 */
const HvpServerProduct *
hvp_server_facts_find_product (const HvpServerFacts *facts, const char *const *all_words)
{
  for (guint i = 0; i < facts->products->len; i++)
    {
      const HvpServerProduct *product = g_ptr_array_index (facts->products, i);

      if (hvp_server_product_matches (product, all_words))
        return product;
    }
  return NULL;
}

/**
 * hvp_server_facts_label:
 * @facts: facts
 *
 * Returns: (transfer none): the computer's name, or the file's when the name is unknown
 */
const char *
hvp_server_facts_label (const HvpServerFacts *facts)
{
  return facts->computer != NULL ? facts->computer : facts->file;
}
