/* hvplan: the "Security" object collect-hyperv.ps1 writes (collectors/powershell/README.md,
 * "Security"; the contract is /work/helper-notes/ISSUE4-CONTRACT.md, contract 1). */
#include "collectors/powershell/security.h"

#include <math.h>
#include <string.h>

#include "collectors/azman/azman.h"
#include "models/error.h"
#include "models/json.h"

typedef struct {
  const char *file;
  HvpInventory *inventory;
} Reader;

static gboolean
wrong_type (const Reader *reader, const char *path, const cJSON *item, const char *expected,
            GError **error)
{
  g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "'%s': %s is %s, not %s", reader->file, path,
               hvp_json_type_name (item), expected);
  return FALSE;
}

/* The string at @key of @object: %NULL when absent or null (a warning when absent and @required);
 * %FALSE with HVP_ERROR_DATA when it is another type. */
static gboolean
read_string (const Reader *reader, const cJSON *object, const char *path, const char *key,
             gboolean required, char **ret_string, GError **error)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);
  g_autofree char *item_path = g_strdup_printf ("%s.%s", path, key);

  *ret_string = NULL;
  if (item == NULL)
    {
      if (required)
        hvp_inventory_add_warning (reader->inventory, reader->file, item_path,
                                   "'%s' is missing", key);
      return TRUE;
    }
  if (cJSON_IsNull (item))
    return TRUE;
  if (!cJSON_IsString (item))
    return wrong_type (reader, item_path, item, "a string", error);
  *ret_string = g_strdup (item->valuestring);
  return TRUE;
}

/* The elements of an array, a single object standing for a one-element array (ConvertTo-Json
 * unwraps one-element arrays), none for null, none with a warning when @key is missing. */
static gboolean
read_list (const Reader *reader, const cJSON *object, const char *path, const char *key,
           GPtrArray **ret_items, GError **error)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);
  g_autofree char *item_path = g_strdup_printf ("%s.%s", path, key);
  GPtrArray *items = g_ptr_array_new ();
  const cJSON *element;

  *ret_items = items;
  if (item == NULL)
    {
      hvp_inventory_add_warning (reader->inventory, reader->file, item_path,
                                 "'%s' is missing: taken as empty", key);
      return TRUE;
    }
  if (cJSON_IsNull (item))
    return TRUE;
  if (cJSON_IsObject (item))
    {
      g_ptr_array_add (items, (gpointer) item);
      return TRUE;
    }
  if (!cJSON_IsArray (item))
    return wrong_type (reader, item_path, item, "an array or an object", error);
  cJSON_ArrayForEach (element, item)
    g_ptr_array_add (items, (gpointer) element);
  return TRUE;
}

static gboolean
is_integer (const cJSON *item)
{
  return cJSON_IsNumber (item) && item->valuedouble == floor (item->valuedouble)
         && item->valuedouble >= 0 && item->valuedouble <= G_MAXUINT32;
}

/* Direction: "Inbound"/"Outbound", or NET_FW_RULE_DIRECTION 1 (in) / 2 (out). */
static gboolean
read_direction (const Reader *reader, const cJSON *rule, const char *path, char **ret_direction,
                GError **error)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (rule, "Direction");
  g_autofree char *item_path = g_strdup_printf ("%s.Direction", path);

  *ret_direction = NULL;
  if (item == NULL || cJSON_IsNull (item))
    return TRUE;
  if (cJSON_IsString (item))
    {
      *ret_direction = g_strdup (item->valuestring);
      return TRUE;
    }
  if (!is_integer (item))
    return wrong_type (reader, item_path, item, "a string or an integer", error);
  if (item->valuedouble == 1)
    *ret_direction = g_strdup ("Inbound");
  else if (item->valuedouble == 2)
    *ret_direction = g_strdup ("Outbound");
  else
    hvp_inventory_add_warning (reader->inventory, reader->file, item_path,
                               "unknown direction %.0f: ignored", item->valuedouble);
  return TRUE;
}

/* Profile: "Any", "Domain, Private"..., or NET_FW_PROFILE2 flags (1 Domain, 2 Private, 4 Public;
 * 0 and 0x7FFFFFFF, all profiles, are "Any"). */
static gboolean
read_profile (const Reader *reader, const cJSON *rule, const char *path, char **ret_profile,
              GError **error)
{
  static const char *const names[] = { "Domain", "Private", "Public" };
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (rule, "Profile");
  g_autofree char *item_path = g_strdup_printf ("%s.Profile", path);
  g_autoptr (GString) profile = NULL;
  guint32 flags;

  *ret_profile = NULL;
  if (item == NULL || cJSON_IsNull (item))
    return TRUE;
  if (cJSON_IsString (item))
    {
      *ret_profile = g_strdup (item->valuestring);
      return TRUE;
    }
  if (!is_integer (item))
    return wrong_type (reader, item_path, item, "a string or an integer", error);
  flags = (guint32) item->valuedouble;
  if (flags == 0 || flags == 0x7FFFFFFF)
    {
      *ret_profile = g_strdup ("Any");
      return TRUE;
    }
  if (flags & ~0x7u)
    {
      hvp_inventory_add_warning (reader->inventory, reader->file, item_path,
                                 "unknown profile flags 0x%x: ignored", flags);
      return TRUE;
    }
  profile = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (flags & (1u << i))
      g_string_append_printf (profile, "%s%s", profile->len > 0 ? ", " : "", names[i]);
  *ret_profile = g_string_free (g_steal_pointer (&profile), FALSE);
  return TRUE;
}

/* Enabled: false, "False" or NetSecurity.Enabled 2 (False) mean disabled; absent means disabled
 * (the list is of disabled rules). */
static gboolean
read_enabled (const Reader *reader, const cJSON *rule, const char *path, gboolean *ret_enabled,
              GError **error)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (rule, "Enabled");
  g_autofree char *item_path = g_strdup_printf ("%s.Enabled", path);

  *ret_enabled = FALSE;
  if (item == NULL || cJSON_IsNull (item))
    return TRUE;
  if (cJSON_IsBool (item))
    *ret_enabled = cJSON_IsTrue (item);
  else if (cJSON_IsString (item))
    *ret_enabled = g_ascii_strcasecmp (item->valuestring, "True") == 0;
  else if (is_integer (item))
    *ret_enabled = item->valuedouble == 1;
  else
    return wrong_type (reader, item_path, item, "a boolean", error);
  return TRUE;
}

static gboolean
read_store (const Reader *reader, const cJSON *security_json, HvpSecurity *security,
            GError **error)
{
  const cJSON *store = cJSON_GetObjectItemCaseSensitive (security_json, "AuthorizationStore");
  const char *path = "Security.AuthorizationStore";
  g_autofree char *xml = NULL;
  g_autoptr (GError) local_error = NULL;

  if (store == NULL)
    {
      hvp_inventory_add_warning (reader->inventory, reader->file, path,
                                 "'AuthorizationStore' is missing: the Authorization Manager "
                                 "store is not known");
      return TRUE;
    }
  if (cJSON_IsNull (store))
    return TRUE; /* The registry names no store. */
  if (!cJSON_IsObject (store))
    return wrong_type (reader, path, store, "an object", error);
  if (!read_string (reader, store, path, "StoreLocation", TRUE, &security->store_location, error)
      || !read_string (reader, store, path, "ServiceApplication", FALSE,
                       &security->service_application, error)
      || !read_string (reader, store, path, "Xml", TRUE, &xml, error))
    return FALSE;
  if (xml == NULL)
    {
      if (cJSON_GetObjectItemCaseSensitive (store, "Xml") != NULL)
        hvp_inventory_add_warning (reader->inventory, reader->file, "Security.AuthorizationStore.Xml",
                                   "the store '%s' could not be read on the host: its "
                                   "customizations are not known",
                                   security->store_location != NULL ? security->store_location
                                                                    : "(no location)");
      return TRUE;
    }
  if (hvp_azman_read (xml, strlen (xml), "Security.AuthorizationStore.Xml", security,
                      &local_error))
    return TRUE;
  /* The Hyper-V module that reads stores is missing: the installation's fault, not the file's. */
  if (g_error_matches (local_error, HVP_ERROR, HVP_ERROR_OPEN))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "cannot read '%s': ",
                                  reader->file);
      return FALSE;
    }
  hvp_inventory_add_warning (reader->inventory, reader->file, "Security.AuthorizationStore.Xml",
                             "%s: the store's customizations are not known", local_error->message);
  return TRUE;
}

static gboolean
read_firewall_rules (const Reader *reader, const cJSON *security_json, HvpSecurity *security,
                     GError **error)
{
  g_autoptr (GPtrArray) rules = NULL;

  if (!read_list (reader, security_json, "Security", "DisabledFirewallRules", &rules, error))
    return FALSE;
  for (guint i = 0; i < rules->len; i++)
    {
      const cJSON *rule = g_ptr_array_index (rules, i);
      g_autofree char *path = g_strdup_printf ("Security.DisabledFirewallRules[%u]", i);
      g_autofree char *name = NULL;
      g_autofree char *display_name = NULL;
      g_autofree char *group = NULL;
      g_autofree char *direction = NULL;
      g_autofree char *profile = NULL;
      gboolean enabled;

      if (!cJSON_IsObject (rule))
        return wrong_type (reader, path, rule, "an object", error);
      if (!read_string (reader, rule, path, "Name", TRUE, &name, error)
          || !read_string (reader, rule, path, "DisplayName", FALSE, &display_name, error)
          || !read_string (reader, rule, path, "DisplayGroup", FALSE, &group, error)
          || !read_direction (reader, rule, path, &direction, error)
          || !read_profile (reader, rule, path, &profile, error)
          || !read_enabled (reader, rule, path, &enabled, error))
        return FALSE;
      if (name == NULL)
        continue;
      if (enabled)
        {
          hvp_inventory_add_warning (reader->inventory, reader->file, path,
                                     "rule '%s' is listed as disabled but is enabled: ignored",
                                     name);
          continue;
        }
      g_ptr_array_add (security->disabled_firewall_rules,
                       hvp_firewall_rule_new (name, display_name, group, direction, profile));
    }
  return TRUE;
}

static gboolean
sid_is_administrator (const char *sid, GHashTable *administrators)
{
  if (sid == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (sid, HVP_SID_ADMINISTRATORS) == 0
      || g_hash_table_contains (administrators, sid))
    return TRUE;
  /* The local built-in Administrator account (RID 500) is always an Administrators member. */
  return g_str_has_prefix (sid, "S-1-5-21-") && g_str_has_suffix (sid, "-500");
}

static gboolean
read_local_groups (const Reader *reader, const cJSON *security_json, HvpSecurity *security,
                   GError **error)
{
  g_autoptr (GPtrArray) groups = NULL;
  g_autoptr (GHashTable) administrators = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                                 NULL);

  if (!read_list (reader, security_json, "Security", "LocalGroups", &groups, error))
    return FALSE;
  /* Two passes: the Administrators group's members, when the script lists it, are not grants. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < groups->len; i++)
      {
        const cJSON *group = g_ptr_array_index (groups, i);
        g_autofree char *path = g_strdup_printf ("Security.LocalGroups[%u]", i);
        g_autofree char *name = NULL;
        g_autofree char *sid = NULL;
        g_autoptr (GPtrArray) members = NULL;
        gboolean is_administrators;
        gboolean grants;

        if (!cJSON_IsObject (group))
          return wrong_type (reader, path, group, "an object", error);
        if (!read_string (reader, group, path, "Name", pass == 0, &name, error)
            || !read_string (reader, group, path, "SID", pass == 0, &sid, error))
          return FALSE;
        is_administrators = sid != NULL && g_ascii_strcasecmp (sid, HVP_SID_ADMINISTRATORS) == 0;
        /* Group names are translated on non-English Windows: the SID decides, the English name
         * only when the SID is missing. */
        grants = sid != NULL ? (g_ascii_strcasecmp (sid, HVP_SID_HYPERV_ADMINISTRATORS) == 0
                                || g_ascii_strcasecmp (sid, HVP_SID_DCOM_USERS) == 0)
                             : (g_strcmp0 (name, "Hyper-V Administrators") == 0
                                || g_strcmp0 (name, "Distributed COM Users") == 0);
        if (pass == 0 ? !is_administrators : !grants)
          continue;
        if (!read_list (reader, group, path, "Members", &members, error))
          return FALSE;
        for (guint j = 0; j < members->len; j++)
          {
            const cJSON *member = g_ptr_array_index (members, j);
            g_autofree char *member_path = g_strdup_printf ("%s.Members[%u]", path, j);
            g_autofree char *account = NULL;
            g_autofree char *member_sid = NULL;

            if (!cJSON_IsObject (member))
              return wrong_type (reader, member_path, member, "an object", error);
            if (!read_string (reader, member, member_path, "Name", FALSE, &account, error)
                || !read_string (reader, member, member_path, "SID", pass == 1, &member_sid,
                                 error))
              return FALSE;
            if (pass == 0)
              {
                if (member_sid != NULL)
                  g_hash_table_add (administrators, g_steal_pointer (&member_sid));
                continue;
              }
            if (sid_is_administrator (member_sid, administrators))
              continue;
            if (account == NULL && member_sid == NULL)
              {
                hvp_inventory_add_warning (reader->inventory, reader->file, member_path,
                                           "member has neither Name nor SID: ignored");
                continue;
              }
            g_ptr_array_add (security->remote_grants,
                             hvp_remote_grant_new (name != NULL ? name : sid, sid, account,
                                                   member_sid));
          }
      }
  return TRUE;
}

/**
 * hvp_powershell_read_security:
 * @security: (nullable): the "Security" object of the script's JSON (contract in
 *   collectors/powershell/README.md); %NULL when the document has none
 * @file: the file the JSON was read from, for warnings and errors
 * @host: the host the settings belong to; its `security` is replaced on success
 * @inventory: where warnings about the object go
 * @error: return location for an error, or %NULL
 *
 * Reads the Authorization Manager store (`AuthorizationStore.Xml`, with hvp_azman_read()),
 * the disabled firewall rules (`Direction` and `Profile` as strings or as the firewall API's
 * numbers), the DCOM `MachineLaunchRestriction` SDDL and the members of Hyper-V Administrators
 * (S-1-5-32-578) and Distributed COM Users (S-1-5-32-562) that are not Administrators
 * (S-1-5-32-544, its listed members, the RID-500 account) into a new #HvpSecurity of @host.
 * Tolerated, with a warning in @inventory naming the key path: a missing `Security` (then
 * @host's `security` stays %NULL) or missing key, a store that cannot be read or parsed; a
 * single object where an array belongs is a one-element array; null is "none".
 *
 * Returns: %TRUE on success; %FALSE with %HVP_ERROR_DATA, the message naming the key path
 *   ("Security.DisabledFirewallRules[1].Direction"), when a value has the wrong type
 */
gboolean
hvp_powershell_read_security (const cJSON *security, const char *file, HvpHost *host,
                              HvpInventory *inventory, GError **error)
{
  const Reader reader = { .file = file, .inventory = inventory };
  g_autoptr (HvpSecurity) result = NULL;
  g_autofree char *launch = NULL;

  if (security == NULL || cJSON_IsNull (security))
    {
      hvp_inventory_add_warning (inventory, file, "Security",
                                 "'Security' is missing: security settings are not known");
      return TRUE;
    }
  if (!cJSON_IsObject (security))
    return wrong_type (&reader, "Security", security, "an object", error);
  result = hvp_security_new ();
  if (!read_store (&reader, security, result, error)
      || !read_firewall_rules (&reader, security, result, error)
      || !read_string (&reader, security, "Security", "MachineLaunchRestriction", TRUE, &launch,
                       error)
      || !read_local_groups (&reader, security, result, error))
    return FALSE;
  result->machine_launch_restriction = g_steal_pointer (&launch);
  hvp_security_free (host->security);
  host->security = g_steal_pointer (&result);
  return TRUE;
}
