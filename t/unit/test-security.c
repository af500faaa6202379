/* Tests of the security settings: models/security, the customizations and DCOM launch grants of
 * planner/checks/security-items.c, the PowerShell "Security" reader, the inventory document,
 * merging, diff and the planner's security findings (planner/checks/security.c). */
#include <glib.h>
#include <string.h>

#include "unit.h"
#include "collectors/azman/azman.h"
#include "collectors/powershell/security.h"
#include "models/json.h"
#include "planner/checks/checks.h"
#include "planner/checks/security-items.h"
#include "models/diff.h"
#include "planner/plan.h"

#define DOMAIN_SID "S-1-5-21-1004336348-1177238915-682003330-"
#define ALICE_SID "S-1-5-21-1-2-3-1104"
#define DEFAULT_LAUNCH "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)" \
                       "(A;;CCDCLCSWRP;;;LU)(A;;CCDCSW;;;AC)(A;;CCDCLCSWRP;;;SY)"

static char *
read_data (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("HVP_DATA"), "azman", name, NULL);
  g_autoptr (GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

static cJSON *
parse_json (const char *text)
{
  cJSON *json = cJSON_ParseWithOpts (text, NULL, TRUE);

  if (json == NULL)
    g_error ("bad test JSON: %s", text);
  return json;
}

/* Whether the inventory has a warning at @position whose message contains @text. */
static gboolean
has_warning (const HvpInventory *inventory, const char *position, const char *text)
{
  for (guint i = 0; i < inventory->warnings->len; i++)
    {
      const HvpWarning *warning = g_ptr_array_index (inventory->warnings, i);

      if (g_strcmp0 (warning->position, position) == 0 && strstr (warning->message, text) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* --- models/security ------------------------------------------------------------------------ */

static void
test_launch_grants (void)
{
  const struct {
    const char *sddl;
    guint n_items;
    const char *trustee;
  } cases[] = {
    { DEFAULT_LAUNCH, 0, NULL },
    /* Windows Server 2016 (build 14393) as seen on a host. */
    { "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)"
      "(A;;CCDCLCSWRP;;;LU)(A;;CCDCSW;;;AC)(A;;CCDCSW;;;S-1-15-3-1024-2405443489-874036122-"
      "4286035555-1823921565-1746547431-2453885448-3625952902-991631256)", 0, NULL },
    /* ALL APPLICATION PACKAGES may not launch remotely. */
    { "O:BAG:BAD:(A;;CCDCLCSWRP;;;AC)", 1, "AC" },
    /* The contract's example: Everyone local only, Administrators everything. */
    { "O:BAG:BAD:(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;BA)", 0, NULL },
    /* The same rights written as a mask, flags before the first ACE. */
    { "O:BAG:BAD:P(A;;0x1f;;;BA)(A;;0xb;;;WD)", 0, NULL },
    /* Everyone may launch remotely. */
    { "O:BAG:BAD:(A;;CCDCLCSWRP;;;WD)", 1, "WD" },
    /* A domain account; a deny ACE and an audit ACE grant nothing. */
    { "O:BAG:BAD:(A;;CCDCSW;;;" ALICE_SID ")(D;;CCDCLCSWRP;;;" DOMAIN_SID "7)S:(AU;FA;CC;;;WD)",
      1, ALICE_SID },
    /* A NULL DACL lets everyone in; a SACL after the DACL is not read as ACEs. */
    { "O:BAG:BAD:NO_ACCESS_CONTROL", 1, "WD" },
    { "O:BAG:BAD:PAI(A;;CCDCSW;;;WD)S:(AU;SA;CCDCLCSWRP;;;" ALICE_SID ")", 0, NULL },
    /* Object ACE, with GUID fields. */
    { "D:(OA;;CCDC;11111111-2222-3333-4444-555555555555;;S-1-5-32-578)", 1, "S-1-5-32-578" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) items = hvp_security_launch_grants (cases[i].sddl, &error);

      g_assert_no_error (error);
      g_assert_nonnull (items);
      g_assert_cmpuint (items->len, ==, cases[i].n_items);
      if (cases[i].trustee != NULL)
        {
          const HvpSecurityItem *item = g_ptr_array_index (items, 0);

          g_assert_cmpint (item->kind, ==, HVP_SECURITY_ITEM_LAUNCH_RESTRICTION);
          g_assert_cmpstr (item->subject, ==, cases[i].trustee);
          g_assert_nonnull (strstr (item->remedy, "dcomcnfg"));
        }
    }
}

static void
test_launch_grants_malformed (void)
{
  const char *const bad[] = { "O:BAG:BA", "D:(A;;CCDC;;;BA", "D:(A;;QQ;;;BA)", "D:(A;;CC)" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (HvpSecurity) security = hvp_security_new ();
      g_autoptr (GPtrArray) items = NULL;
      GPtrArray *grants = hvp_security_launch_grants (bad[i], &error);

      g_assert_null (grants);
      g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
      /* An unreadable restriction is one item asking for a look by hand. */
      security->machine_launch_restriction = g_strdup (bad[i]);
      items = hvp_security_customizations (security);
      g_assert_cmpuint (items->len, ==, 1);
      g_assert_cmpstr (((HvpSecurityItem *) g_ptr_array_index (items, 0))->subject, ==,
                       "MachineLaunchRestriction");
    }
}

/* --- the PowerShell "Security" object ---------------------------------------------------------- */

/* A "Security" object as the contract writes it, the synthetic customized store inside. */
static cJSON *
contract_security (void)
{
  g_autofree char *store = read_data ("synthetic/hyperv-customized.xml");
  cJSON *security = parse_json (
    "{\"AuthorizationStore\": {\"StoreLocation\": "
    "\"msxml://C:\\\\ProgramData\\\\Microsoft\\\\Windows\\\\Hyper-V\\\\InitialStore.xml\", "
    "\"ServiceApplication\": \"Hyper-V services\", \"Xml\": null},"
    " \"DisabledFirewallRules\": ["
    "  {\"Name\": \"vm-monitoring-icmpv4\", \"DisplayName\": \"Virtual Machine Monitoring (Echo "
    "Request - ICMPv4-In)\", \"DisplayGroup\": \"Virtual Machine Monitoring\", \"Direction\": "
    "\"Inbound\", \"Profile\": \"Any\", \"Enabled\": false},"
    "  {\"Name\": \"{5A1B2C3D-0000-4000-8000-000000000001}\", \"DisplayName\": \"Hyper-V (RPC)\", "
    "\"DisplayGroup\": \"Hyper-V\", \"Direction\": 1, \"Profile\": 3, \"Enabled\": false},"
    "  {\"Name\": \"out-rule\", \"DisplayName\": null, \"DisplayGroup\": null, \"Direction\": 2, "
    "\"Profile\": 0, \"Enabled\": 2}],"
    " \"MachineLaunchRestriction\": \"O:BAG:BAD:(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;BA)"
    "(A;;CCDCLCSWRP;;;" ALICE_SID ")\","
    " \"LocalGroups\": ["
    "  {\"Name\": \"Hyper-V Administrators\", \"SID\": \"S-1-5-32-578\", \"Members\": ["
    "    {\"Name\": \"CONTOSO\\\\alice\", \"SID\": \"" ALICE_SID "\", \"ObjectClass\": \"User\", "
    "\"PrincipalSource\": \"ActiveDirectory\"},"
    "    {\"Name\": \"HV01\\\\Administrator\", \"SID\": \"S-1-5-21-9-9-9-500\", \"ObjectClass\": "
    "\"User\", \"PrincipalSource\": \"Local\"},"
    "    {\"Name\": \"BUILTIN\\\\Administrators\", \"SID\": \"S-1-5-32-544\"}]},"
    "  {\"Name\": \"Distributed COM Users\", \"SID\": \"S-1-5-32-562\", \"Members\": []}]}");

  cJSON_ReplaceItemInObjectCaseSensitive (cJSON_GetObjectItemCaseSensitive (security,
                                                                           "AuthorizationStore"),
                                          "Xml", cJSON_CreateString (store));
  return security;
}

static void
test_powershell_contract (void)
{
  g_autoptr (cJSON) json = contract_security ();
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  HvpHost *host = hvp_inventory_ensure_host (inventory, "HV01");
  g_autoptr (GError) error = NULL;
  const HvpSecurity *security;
  const HvpFirewallRule *rule;
  const HvpRemoteGrant *grant;
  g_autoptr (GPtrArray) items = NULL;

  g_assert_true (hvp_powershell_read_security (json, "hv01.json", host, inventory, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (inventory->warnings->len, ==, 0);
  security = host->security;
  g_assert_nonnull (security);
  g_assert_cmpstr (security->store_location, ==,
                   "msxml://C:\\ProgramData\\Microsoft\\Windows\\Hyper-V\\InitialStore.xml");
  g_assert_true (security->store_read);
  g_assert_cmpuint (security->scopes->len, ==, 1);
  g_assert_cmpuint (security->role_assignments->len, ==, 4);

  g_assert_cmpuint (security->disabled_firewall_rules->len, ==, 3);
  rule = g_ptr_array_index (security->disabled_firewall_rules, 0);
  g_assert_cmpstr (rule->direction, ==, "Inbound");
  g_assert_cmpstr (rule->profile, ==, "Any");
  g_assert_cmpstr (rule->group, ==, "Virtual Machine Monitoring");
  /* Numbers of the firewall COM API. */
  rule = g_ptr_array_index (security->disabled_firewall_rules, 1);
  g_assert_cmpstr (rule->direction, ==, "Inbound");
  g_assert_cmpstr (rule->profile, ==, "Domain, Private");
  rule = g_ptr_array_index (security->disabled_firewall_rules, 2);
  g_assert_cmpstr (rule->direction, ==, "Outbound");
  g_assert_cmpstr (rule->profile, ==, "Any");
  g_assert_null (rule->display_name);

  /* alice only: the RID-500 account and Administrators are Administrators. */
  g_assert_cmpuint (security->remote_grants->len, ==, 1);
  grant = g_ptr_array_index (security->remote_grants, 0);
  g_assert_cmpstr (grant->group, ==, "Hyper-V Administrators");
  g_assert_cmpstr (grant->group_sid, ==, "S-1-5-32-578");
  g_assert_cmpstr (grant->account, ==, "CONTOSO\\alice");
  g_assert_cmpstr (grant->sid, ==, ALICE_SID);

  /* Scope, three roles, three rules, one grant, one launch grant, in checklist order. */
  items = hvp_security_customizations (security);
  g_assert_cmpuint (items->len, ==, 9);
  g_assert_cmpint (((HvpSecurityItem *) g_ptr_array_index (items, 0))->kind, ==,
                   HVP_SECURITY_ITEM_SCOPE);
  g_assert_cmpint (((HvpSecurityItem *) g_ptr_array_index (items, 4))->kind, ==,
                   HVP_SECURITY_ITEM_FIREWALL_RULE);
  g_assert_cmpint (((HvpSecurityItem *) g_ptr_array_index (items, 7))->kind, ==,
                   HVP_SECURITY_ITEM_REMOTE_GRANT);
  g_assert_cmpstr (((HvpSecurityItem *) g_ptr_array_index (items, 7))->subject, ==,
                   "Hyper-V Administrators/" ALICE_SID);
  g_assert_cmpint (((HvpSecurityItem *) g_ptr_array_index (items, 8))->kind, ==,
                   HVP_SECURITY_ITEM_LAUNCH_RESTRICTION);
  g_assert_cmpstr (((HvpSecurityItem *) g_ptr_array_index (items, 8))->subject, ==, ALICE_SID);
}

/* ConvertTo-Json writes a one-element array as its element; null means none. */
static void
test_powershell_single_objects (void)
{
  g_autoptr (cJSON) json = parse_json (
    "{\"AuthorizationStore\": null,"
    " \"DisabledFirewallRules\": {\"Name\": \"only-rule\", \"Direction\": \"Outbound\"},"
    " \"MachineLaunchRestriction\": null,"
    " \"LocalGroups\": {\"Name\": \"Distributed COM Users\", \"SID\": \"S-1-5-32-562\", "
    "\"Members\": {\"Name\": \"CONTOSO\\\\bob\", \"SID\": \"S-1-5-21-1-2-3-1105\"}}}");
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  HvpHost *host = hvp_inventory_ensure_host (inventory, "HV01");
  g_autoptr (GError) error = NULL;

  g_assert_true (hvp_powershell_read_security (json, "hv01.json", host, inventory, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (inventory->warnings->len, ==, 0);
  g_assert_false (host->security->store_read);
  g_assert_null (host->security->machine_launch_restriction);
  g_assert_cmpuint (host->security->disabled_firewall_rules->len, ==, 1);
  g_assert_cmpuint (host->security->remote_grants->len, ==, 1);
  g_assert_cmpstr (((HvpRemoteGrant *) g_ptr_array_index (host->security->remote_grants, 0))->group,
                   ==, "Distributed COM Users");
}

static void
test_powershell_missing (void)
{
  g_autoptr (cJSON) json = parse_json (
    "{\"AuthorizationStore\": {\"StoreLocation\": \"msxml://C:\\\\x.xml\", \"Xml\": null},"
    " \"DisabledFirewallRules\": [{\"DisplayName\": \"nameless\"},"
    "   {\"Name\": \"enabled-rule\", \"Enabled\": true}],"
    " \"LocalGroups\": [{\"Name\": \"Hyper-V Administrators\", \"SID\": \"S-1-5-32-578\"}]}");
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  HvpHost *host = hvp_inventory_ensure_host (inventory, "HV01");
  g_autoptr (GError) error = NULL;

  g_assert_true (hvp_powershell_read_security (json, "hv01.json", host, inventory, &error));
  g_assert_no_error (error);
  g_assert_true (has_warning (inventory, "Security.AuthorizationStore.Xml", "could not be read"));
  g_assert_true (has_warning (inventory, "Security.DisabledFirewallRules[0].Name", "missing"));
  g_assert_true (has_warning (inventory, "Security.DisabledFirewallRules[1]", "is enabled"));
  g_assert_true (has_warning (inventory, "Security.MachineLaunchRestriction", "missing"));
  g_assert_true (has_warning (inventory, "Security.LocalGroups[0].Members", "missing"));
  g_assert_cmpuint (inventory->warnings->len, ==, 5);
  g_assert_false (host->security->store_read);
  g_assert_cmpuint (host->security->disabled_firewall_rules->len, ==, 0);

  /* No "Security" at all: a warning, the security stays unknown. */
  {
    g_autoptr (HvpInventory) other = hvp_inventory_new ();
    HvpHost *other_host = hvp_inventory_ensure_host (other, "HV02");

    g_assert_true (hvp_powershell_read_security (NULL, "hv02.json", other_host, other, &error));
    g_assert_null (other_host->security);
    g_assert_true (has_warning (other, "Security", "missing"));
  }
}

/* A store that does not parse is a warning, not a lost host. */
static void
test_powershell_bad_store (void)
{
  g_autoptr (cJSON) json = parse_json (
    "{\"AuthorizationStore\": {\"StoreLocation\": null, \"ServiceApplication\": null, "
    "\"Xml\": \"<!DOCTYPE AzAdminManager [<!ENTITY x 'y'>]><AzAdminManager/>\"},"
    " \"DisabledFirewallRules\": [], \"MachineLaunchRestriction\": null, \"LocalGroups\": []}");
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  HvpHost *host = hvp_inventory_ensure_host (inventory, "HV01");
  g_autoptr (GError) error = NULL;

  g_assert_true (hvp_powershell_read_security (json, "hv01.json", host, inventory, &error));
  g_assert_no_error (error);
  g_assert_true (has_warning (inventory, "Security.AuthorizationStore.Xml", "DOCTYPE: refused"));
  g_assert_false (host->security->store_read);
}

static void
test_powershell_wrong_types (void)
{
  const struct {
    const char *json;
    const char *path;
  } cases[] = {
    { "[]", "Security is an array, not an object" },
    { "{\"AuthorizationStore\": \"C:\\\\x.xml\"}", "Security.AuthorizationStore is a string" },
    { "{\"AuthorizationStore\": {\"Xml\": 5}}", "Security.AuthorizationStore.Xml is a number" },
    { "{\"DisabledFirewallRules\": \"rule\"}", "Security.DisabledFirewallRules is a string" },
    { "{\"DisabledFirewallRules\": [{\"Name\": \"a\"}, {\"Name\": \"b\", \"Direction\": true}]}",
      "Security.DisabledFirewallRules[1].Direction is a boolean" },
    { "{\"DisabledFirewallRules\": [{\"Name\": \"a\", \"Profile\": 1.5}]}",
      "Security.DisabledFirewallRules[0].Profile is a number, not a string or an integer" },
    { "{\"DisabledFirewallRules\": [\"a\"]}", "Security.DisabledFirewallRules[0] is a string" },
    { "{\"MachineLaunchRestriction\": {}}", "Security.MachineLaunchRestriction is an object" },
    { "{\"LocalGroups\": [{\"Name\": \"Hyper-V Administrators\", \"SID\": \"S-1-5-32-578\", "
      "\"Members\": [{\"Name\": \"x\", \"SID\": 7}]}]}",
      "Security.LocalGroups[0].Members[0].SID is a number" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (cJSON) json = parse_json (cases[i].json);
      g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
      HvpHost *host = hvp_inventory_ensure_host (inventory, "HV01");
      g_autoptr (GError) error = NULL;

      g_assert_false (hvp_powershell_read_security (json, "hv01.json", host, inventory, &error));
      g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
      if (strstr (error->message, cases[i].path) == NULL)
        g_error ("'%s' does not contain '%s'", error->message, cases[i].path);
      g_assert_nonnull (strstr (error->message, "'hv01.json'"));
      g_assert_null (host->security);
    }
}

/* --- the inventory document, merging ------------------------------------------------------- */

static HvpInventory *
customized_inventory (const char *host_name)
{
  g_autoptr (cJSON) json = contract_security ();
  HvpInventory *inventory = hvp_inventory_new ();
  HvpHost *host = hvp_inventory_ensure_host (inventory, host_name);
  g_autoptr (GError) error = NULL;

  g_assert_true (hvp_powershell_read_security (json, "hv01.json", host, inventory, &error));
  g_assert_no_error (error);
  host->os = g_strdup ("Windows Server 2008 R2");
  host->ip_configuration = g_strdup ("Windows IP Configuration\r\n\r\n   Host Name . . . : HV01\r\n");
  return inventory;
}

static void
test_inventory_json (void)
{
  g_autoptr (HvpInventory) inventory = customized_inventory ("HV01");
  g_autofree char *text = hvp_inventory_to_json (inventory);
  g_autoptr (HvpInventory) read_back = NULL;
  g_autofree char *again = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (cJSON) json = parse_json (text);
  const cJSON *host = cJSON_GetArrayItem (cJSON_GetObjectItemCaseSensitive (json, "hosts"), 0);
  const cJSON *security = cJSON_GetObjectItemCaseSensitive (host, "security");
  const cJSON *roles = cJSON_GetObjectItemCaseSensitive (security, "role_assignments");
  const HvpHost *read_host;

  /* Present, and role assignments sorted by scope (null first) then name. */
  g_assert_nonnull (security);
  g_assert_cmpstr (cJSON_GetObjectItemCaseSensitive (host, "ip_configuration")->valuestring, ==,
                   "Windows IP Configuration\r\n\r\n   Host Name . . . : HV01\r\n");
  g_assert_cmpint (cJSON_GetArraySize (roles), ==, 4);
  g_assert_cmpstr (cJSON_GetObjectItemCaseSensitive (cJSON_GetArrayItem (roles, 0), "name")
                     ->valuestring, ==, "Administrator");
  g_assert_cmpstr (cJSON_GetObjectItemCaseSensitive (cJSON_GetArrayItem (roles, 3), "scope")
                     ->valuestring, ==, "Finance");

  read_back = hvp_inventory_from_json (text, strlen (text), "inventory.json", &error);
  g_assert_no_error (error);
  again = hvp_inventory_to_json (read_back);
  g_assert_cmpstr (again, ==, text);
  read_host = g_ptr_array_index (read_back->hosts, 0);
  g_assert_true (read_host->security->store_read);
  g_assert_cmpuint (read_host->security->remote_grants->len, ==, 1);
  {
    g_autoptr (GPtrArray) before = hvp_security_customizations (
      ((HvpHost *) g_ptr_array_index (inventory->hosts, 0))->security);
    g_autoptr (GPtrArray) after = hvp_security_customizations (read_host->security);

    g_assert_cmpuint (after->len, ==, before->len);
  }
}

/* A host without security settings writes neither key (older documents stay byte for byte). */
static void
test_inventory_json_absent (void)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autofree char *text = NULL;
  g_autoptr (HvpInventory) read_back = NULL;
  g_autoptr (GError) error = NULL;
  const char *with_null = "{\"schema\": \"hvplan-inventory/1\", \"sources\": [], \"hosts\": "
                          "[{\"name\": \"a\", \"security\": null, \"ip_configuration\": null}], "
                          "\"warnings\": []}";

  hvp_inventory_ensure_host (inventory, "a");
  text = hvp_inventory_to_json (inventory);
  g_assert_null (strstr (text, "security"));
  g_assert_null (strstr (text, "ip_configuration"));
  read_back = hvp_inventory_from_json (with_null, strlen (with_null), "x.json", &error);
  g_assert_no_error (error);
  g_assert_null (((HvpHost *) g_ptr_array_index (read_back->hosts, 0))->security);
}

static void
test_inventory_json_bad (void)
{
  const struct {
    const char *security;
    const char *message;
  } cases[] = {
    { "[]", "hosts[0].security: expected an object, found an array" },
    { "{\"store_read\": 1}", "hosts[0].security.store_read: expected true or false" },
    { "{\"role_assignments\": [{\"scope\": null}]}",
      "hosts[0].security.role_assignments[0].name: required key is missing" },
    { "{\"remote_grants\": [{\"group\": \"g\"}]}",
      "hosts[0].security.remote_grants[0]: a remote grant needs an account or a sid" },
    { "{\"disabled_firewall_rules\": [{\"name\": \"a\", \"profile\": 1}]}",
      "hosts[0].security.disabled_firewall_rules[0].profile: expected a string or null" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf (
        "{\"schema\": \"hvplan-inventory/1\", \"sources\": [], \"hosts\": [{\"name\": \"a\", "
        "\"security\": %s}], \"warnings\": []}", cases[i].security);
      g_autoptr (GError) error = NULL;
      g_autoptr (HvpInventory) inventory = hvp_inventory_from_json (text, strlen (text), "x.json",
                                                                    &error);

      g_assert_null (inventory);
      g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("'%s' does not contain '%s'", error->message, cases[i].message);
    }
}

/* The host's PowerShell inventory (named, no store text) merged with its InitialStore.xml (the
 * unnamed host of the azman collector). */
static void
test_merge (void)
{
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autoptr (HvpInventory) store = hvp_inventory_new ();
  g_autofree char *xml = read_data ("synthetic/hyperv-customized.xml");
  HvpHost *host = hvp_inventory_ensure_host (inventory, "HV01");
  HvpHost *unnamed = hvp_inventory_ensure_host (store, NULL);
  g_autoptr (GError) error = NULL;
  const HvpSecurity *merged;

  host->security = hvp_security_new ();
  host->security->store_location = g_strdup ("msxml://C:\\ProgramData\\InitialStore.xml");
  g_ptr_array_add (host->security->disabled_firewall_rules,
                   hvp_firewall_rule_new ("rule-a", NULL, NULL, "Inbound", "Any"));
  g_ptr_array_add (host->security->remote_grants,
                   hvp_remote_grant_new ("Hyper-V Administrators", "S-1-5-32-578", "CONTOSO\\alice",
                                         ALICE_SID));
  unnamed->security = hvp_security_new ();
  unnamed->ip_configuration = g_strdup ("Windows IP Configuration");
  g_assert_true (hvp_azman_read (xml, strlen (xml), "InitialStore.xml", unnamed->security, &error));
  g_assert_no_error (error);
  unnamed->security->store_location = g_strdup ("/copies/InitialStore.xml");
  g_ptr_array_add (unnamed->security->disabled_firewall_rules,
                   hvp_firewall_rule_new ("rule-a", "duplicate", NULL, NULL, NULL));
  g_ptr_array_add (unnamed->security->disabled_firewall_rules,
                   hvp_firewall_rule_new ("rule-b", NULL, NULL, "Outbound", "Public"));
  g_ptr_array_add (unnamed->security->remote_grants,
                   hvp_remote_grant_new ("Hyper-V Administrators", "S-1-5-32-578", "alice",
                                         ALICE_SID));

  hvp_inventory_merge (inventory, store);
  g_assert_cmpuint (inventory->hosts->len, ==, 1);
  host = g_ptr_array_index (inventory->hosts, 0);
  merged = host->security;
  g_assert_cmpstr (host->ip_configuration, ==, "Windows IP Configuration");
  /* The inventory's values win; the store comes from the side that read one. */
  g_assert_cmpstr (merged->store_location, ==, "msxml://C:\\ProgramData\\InitialStore.xml");
  g_assert_cmpstr (merged->service_application, ==, "Hyper-V services");
  g_assert_true (merged->store_read);
  g_assert_cmpuint (merged->scopes->len, ==, 1);
  g_assert_cmpuint (merged->role_assignments->len, ==, 4);
  g_assert_cmpuint (merged->disabled_firewall_rules->len, ==, 2);
  g_assert_null (((HvpFirewallRule *) g_ptr_array_index (merged->disabled_firewall_rules, 0))
                   ->display_name);
  g_assert_cmpuint (merged->remote_grants->len, ==, 1);
  g_assert_cmpstr (((HvpRemoteGrant *) g_ptr_array_index (merged->remote_grants, 0))->account, ==,
                   "CONTOSO\\alice");

  /* A side without security settings takes the other's whole. */
  {
    g_autoptr (HvpInventory) bare = hvp_inventory_new ();
    g_autoptr (HvpInventory) other = customized_inventory ("HV01");

    hvp_inventory_ensure_host (bare, "HV01");
    hvp_inventory_merge (bare, other);
    g_assert_nonnull (((HvpHost *) g_ptr_array_index (bare->hosts, 0))->security);
    g_assert_true (((HvpHost *) g_ptr_array_index (bare->hosts, 0))->security->store_read);
  }
}

/* --- diff ------------------------------------------------------------------------------------- */

static const HvpDiffChange *
find_change (const HvpDiffObject *object, HvpDiffKind kind, const char *subject,
             HvpDiffStatus status, const char *field)
{
  for (guint i = 0; i < object->changes->len; i++)
    {
      const HvpDiffChange *change = g_ptr_array_index (object->changes, i);

      if (change->kind == kind && g_strcmp0 (change->subject, subject) == 0
          && change->status == status && g_strcmp0 (change->field, field) == 0)
        return change;
    }
  return NULL;
}

static void
test_diff (void)
{
  g_autoptr (HvpInventory) old_inventory = customized_inventory ("HV01");
  g_autoptr (HvpInventory) new_inventory = customized_inventory ("HV01");
  HvpSecurity *security = ((HvpHost *) g_ptr_array_index (new_inventory->hosts, 0))->security;
  g_autoptr (HvpDiff) diff = NULL;
  g_autoptr (HvpDiff) same = NULL;
  g_autoptr (GError) error = NULL;
  const HvpDiffObject *host;
  HvpRoleAssignment *role = NULL;
  const HvpDiffChange *change;

  same = hvp_diff_new (old_inventory, "old", new_inventory, "new", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hvp_diff_is_equal (same));

  /* A firewall exception turned off, a role assignment removed and one added, a member added, a
   * grant added, the launch restriction changed. */
  g_ptr_array_add (security->disabled_firewall_rules,
                   hvp_firewall_rule_new ("Hyper-V-VMMS-TCP-In", "Hyper-V (VMMS)", "Hyper-V",
                                          "Inbound", "Any"));
  for (guint i = 0; i < security->role_assignments->len; i++)
    if (strcmp (((HvpRoleAssignment *) g_ptr_array_index (security->role_assignments, i))->name,
                "Helpdesk") == 0)
      g_ptr_array_remove_index (security->role_assignments, i--);
  role = hvp_role_assignment_new ("Finance", "Auditors", "VM Viewer");
  g_ptr_array_add (role->members, g_strdup (DOMAIN_SID "4001"));
  g_ptr_array_add (security->role_assignments, role);
  role = g_ptr_array_index (security->role_assignments, 0);
  g_assert_cmpstr (role->name, ==, "Administrator");
  g_ptr_array_add (role->members, g_strdup (DOMAIN_SID "512"));
  g_ptr_array_add (security->remote_grants,
                   hvp_remote_grant_new ("Distributed COM Users", "S-1-5-32-562", "CONTOSO\\bob",
                                         DOMAIN_SID "1105"));
  g_free (security->machine_launch_restriction);
  security->machine_launch_restriction = g_strdup (DEFAULT_LAUNCH);

  diff = hvp_diff_new (old_inventory, "old", new_inventory, "new", NULL, &error);
  g_assert_no_error (error);
  g_assert_false (hvp_diff_is_equal (diff));
  host = g_ptr_array_index (diff->objects, 0);
  g_assert_cmpint (host->kind, ==, HVP_DIFF_KIND_HOST);
  g_assert_cmpint (host->status, ==, HVP_DIFF_STATUS_CHANGED);
  g_assert_nonnull (find_change (host, HVP_DIFF_KIND_DISABLED_FIREWALL_RULE, "Hyper-V-VMMS-TCP-In",
                                 HVP_DIFF_STATUS_ADDED, NULL));
  g_assert_nonnull (find_change (host, HVP_DIFF_KIND_ROLE_ASSIGNMENT, "(default)/Helpdesk",
                                 HVP_DIFF_STATUS_REMOVED, NULL));
  g_assert_nonnull (find_change (host, HVP_DIFF_KIND_ROLE_ASSIGNMENT, "Finance/Auditors",
                                 HVP_DIFF_STATUS_ADDED, NULL));
  change = find_change (host, HVP_DIFF_KIND_ROLE_ASSIGNMENT, "(default)/Administrator",
                        HVP_DIFF_STATUS_CHANGED, "members");
  g_assert_nonnull (change);
  g_assert_cmpstr (change->old_value, ==, "S-1-5-32-544");
  g_assert_cmpstr (change->new_value, ==, DOMAIN_SID "512, S-1-5-32-544");
  g_assert_nonnull (find_change (host, HVP_DIFF_KIND_REMOTE_GRANT,
                                 "Distributed COM Users/" DOMAIN_SID "1105", HVP_DIFF_STATUS_ADDED,
                                 NULL));
  change = find_change (host, HVP_DIFF_KIND_HOST, NULL, HVP_DIFF_STATUS_CHANGED,
                        "security.machine_launch_restriction");
  g_assert_nonnull (change);
  g_assert_cmpstr (change->new_value, ==, DEFAULT_LAUNCH);
  g_assert_cmpuint (host->changes->len, ==, 6);
  /* The launch restriction, a host field, comes before the parts. */
  g_assert_cmpint (((HvpDiffChange *) g_ptr_array_index (host->changes, 0))->kind, ==,
                   HVP_DIFF_KIND_HOST);
  g_assert_cmpstr (hvp_diff_kind_to_string (HVP_DIFF_KIND_DISABLED_FIREWALL_RULE), ==,
                   "disabled_firewall_rule");
}

static void
test_diff_options (void)
{
  g_autoptr (HvpInventory) old_inventory = customized_inventory ("HV01");
  g_autoptr (HvpInventory) new_inventory = customized_inventory ("HV01");
  HvpHost *new_host = g_ptr_array_index (new_inventory->hosts, 0);
  g_autoptr (HvpDiffOptions) options = hvp_diff_options_new ();
  g_autoptr (HvpDiff) diff = NULL;
  g_autoptr (HvpDiff) unknown = NULL;
  g_autoptr (GError) error = NULL;

  g_ptr_array_add (new_host->security->disabled_firewall_rules,
                   hvp_firewall_rule_new ("x", NULL, NULL, NULL, NULL));
  g_assert_true (hvp_diff_options_add_ignore (options, "disabled_firewall_rule", &error));
  g_assert_true (hvp_diff_options_add_ignore (options, "role_assignment.members", &error));
  g_assert_no_error (error);
  diff = hvp_diff_new (old_inventory, "old", new_inventory, "new", options, &error);
  g_assert_no_error (error);
  g_assert_true (hvp_diff_is_equal (diff));

  /* Security unknown on one side: not compared (unknown is not empty). */
  hvp_security_free (new_host->security);
  new_host->security = NULL;
  unknown = hvp_diff_new (old_inventory, "old", new_inventory, "new", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hvp_diff_is_equal (unknown));
}

/* --- planner findings ----------------------------------------------------------------------- */

static void
test_os_ignores_store (void)
{
  const struct {
    const char *os;
    gboolean ignores;
  } cases[] = {
    { "Windows Server 2012 R2", TRUE },
    { "Microsoft Windows Server 2012 R2 Datacenter", TRUE },
    { "Hyper-V Server 2016", TRUE },
    { "Windows Server 2022 Standard", TRUE },
    { "Windows Server 2012", FALSE },
    { "Windows Server 2012 Datacenter", FALSE },
    { "Windows Server 2008 R2", FALSE },
    { "6.3.9600", TRUE },
    { "10.0.17763", TRUE },
    { "6.2.9200", FALSE },
    { "6.1.7601", FALSE },
    { "Windows", FALSE },
    { NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    if (hvp_os_ignores_authorization_store (cases[i].os) != cases[i].ignores)
      g_error ("'%s': expected %s", cases[i].os, cases[i].ignores ? "TRUE" : "FALSE");
}

/* A plan with @options (borrowed by the plan: the caller keeps them alive). */
static HvpPlan *
plan_for (const HvpInventory *source, const char *destination_os, const HvpPlanOptions *options)
{
  g_autoptr (HvpInventory) destination = hvp_inventory_new ();
  HvpHost *host = hvp_inventory_ensure_host (destination, "HV-NEW");
  g_autoptr (GError) error = NULL;
  HvpPlan *plan;

  host->os = g_strdup (destination_os);
  host->memory_bytes = G_GUINT64_CONSTANT (64) << 30;
  host->logical_processors = 16;
  plan = hvp_plan_new (source, destination, options, &error);
  g_assert_no_error (error);
  return plan;
}

static guint
count_findings (const HvpPlan *plan, HvpVerdict severity, const char *text)
{
  guint n = 0;

  for (guint i = 0; i < plan->findings->len; i++)
    {
      const HvpFinding *finding = g_ptr_array_index (plan->findings, i);

      if (finding->requirement == HVP_REQUIREMENT_SECURITY && finding->severity == severity
          && strstr (finding->message, text) != NULL)
        n++;
    }
  return n;
}

static void
test_findings (void)
{
  g_autoptr (HvpInventory) source = customized_inventory ("HV01");
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  g_autoptr (HvpPlan) old_destination = plan_for (source, "Windows Server 2012", options);
  g_autoptr (HvpPlan) new_destination = plan_for (source, "Windows Server 2012 R2", options);
  const char *const note = "the destination (Windows Server 2012 R2) ignores the Authorization "
                           "Manager store: the equivalent is membership of Hyper-V Administrators";

  /* Scope and three role assignments (warn), three rules (info), a grant and a launch grant. */
  g_assert_cmpuint (count_findings (old_destination, HVP_VERDICT_WARN, ""), ==, 6);
  g_assert_cmpuint (count_findings (old_destination, HVP_VERDICT_INFO, ""), ==, 3);
  g_assert_cmpuint (count_findings (old_destination, HVP_VERDICT_WARN, "azman.msc"), ==, 4);
  g_assert_cmpuint (count_findings (old_destination, HVP_VERDICT_WARN, note), ==, 0);
  g_assert_cmpuint (count_findings (old_destination, HVP_VERDICT_INFO,
                                    "on the destination: Disable-NetFirewallRule -Name "
                                    "'vm-monitoring-icmpv4'"), ==, 1);
  g_assert_cmpuint (count_findings (old_destination, HVP_VERDICT_WARN,
                                    "net localgroup \"Hyper-V Administrators\" "
                                    "\"CONTOSO\\alice\" /add"), ==, 1);
  g_assert_cmpint (old_destination->requirements[HVP_REQUIREMENT_SECURITY].verdict, ==,
                   HVP_VERDICT_WARN);
  g_assert_cmpint (hvp_plan_verdict (old_destination), >=, HVP_VERDICT_WARN);

  g_assert_cmpuint (count_findings (new_destination, HVP_VERDICT_WARN, note), ==, 4);
  g_assert_cmpuint (count_findings (new_destination, HVP_VERDICT_WARN, "azman.msc"), ==, 0);
  g_assert_cmpuint (count_findings (new_destination, HVP_VERDICT_WARN, "Helpdesk"), ==, 1);
  g_assert_cmpstr (hvp_requirement_kind_to_string (HVP_REQUIREMENT_SECURITY), ==, "security");
}

/* A source that itself ignores its store: the store's customizations are notes. */
static void
test_findings_source_ignores_store (void)
{
  g_autoptr (HvpInventory) source = customized_inventory ("HV01");
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  g_autoptr (HvpPlan) plan = NULL;
  HvpHost *host = g_ptr_array_index (source->hosts, 0);

  g_free (host->os);
  host->os = g_strdup ("Windows Server 2012 R2 Datacenter");
  plan = plan_for (source, "Windows Server 2016", options);
  g_assert_cmpuint (count_findings (plan, HVP_VERDICT_INFO, "the source (Windows Server 2012 R2 "
                                                            "Datacenter) ignores the Authorization "
                                                            "Manager store"), ==, 4);
  g_assert_cmpuint (count_findings (plan, HVP_VERDICT_WARN, "Authorization Manager"), ==, 0);
  /* The grant and the launch grant still count. */
  g_assert_cmpuint (count_findings (plan, HVP_VERDICT_WARN, ""), ==, 2);
  g_assert_cmpuint (count_findings (plan, HVP_VERDICT_WARN, "host 'HV01'"), ==, 0);
}

/* With several source hosts, each finding names its host. */
static void
test_findings_several_hosts (void)
{
  g_autoptr (HvpInventory) source = customized_inventory ("HV01");
  g_autoptr (HvpInventory) other = customized_inventory ("HV02");
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  g_autoptr (HvpPlan) plan = NULL;

  hvp_inventory_merge (source, other);
  g_assert_cmpuint (source->hosts->len, ==, 2);
  plan = plan_for (source, "Windows Server 2008 R2", options);
  g_assert_cmpuint (count_findings (plan, HVP_VERDICT_WARN, "host 'HV01': "), ==, 6);
  g_assert_cmpuint (count_findings (plan, HVP_VERDICT_WARN, "host 'HV02': "), ==, 6);
  g_assert_cmpuint (count_findings (plan, HVP_VERDICT_INFO, "host 'HV02': firewall rule"), ==, 3);
}

/* The default policy and no other setting: no finding. */
static void
test_findings_default (void)
{
  g_autoptr (HvpInventory) source = hvp_inventory_new ();
  HvpHost *host = hvp_inventory_ensure_host (source, "HV01");
  g_autofree char *xml = read_data ("synthetic/hyperv-default.xml");
  g_autoptr (GError) error = NULL;
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  g_autoptr (HvpPlan) plan = NULL;

  host->security = hvp_security_new ();
  host->security->machine_launch_restriction = g_strdup (DEFAULT_LAUNCH);
  g_assert_true (hvp_azman_read (xml, strlen (xml), "InitialStore.xml", host->security, &error));
  g_assert_no_error (error);
  plan = plan_for (source, "Windows Server 2016", options);
  g_assert_cmpuint (count_findings (plan, HVP_VERDICT_WARN, ""), ==, 0);
  g_assert_cmpuint (count_findings (plan, HVP_VERDICT_INFO, ""), ==, 0);
  g_assert_cmpint (plan->requirements[HVP_REQUIREMENT_SECURITY].verdict, ==, HVP_VERDICT_PASS);
}

HVP_TEST_SUITE (security)
{
  g_test_add_func ("/planner/checks/security-items/launch-grants", test_launch_grants);
  g_test_add_func ("/planner/checks/security-items/launch-grants-malformed",
                   test_launch_grants_malformed);
  g_test_add_func ("/collectors/powershell/security/contract", test_powershell_contract);
  g_test_add_func ("/collectors/powershell/security/single-objects",
                   test_powershell_single_objects);
  g_test_add_func ("/collectors/powershell/security/missing", test_powershell_missing);
  g_test_add_func ("/collectors/powershell/security/bad-store", test_powershell_bad_store);
  g_test_add_func ("/collectors/powershell/security/wrong-types", test_powershell_wrong_types);
  g_test_add_func ("/models/inventory-json/security", test_inventory_json);
  g_test_add_func ("/models/inventory-json/security-absent", test_inventory_json_absent);
  g_test_add_func ("/models/inventory-json/security-bad", test_inventory_json_bad);
  g_test_add_func ("/models/inventory/merge-security", test_merge);
  g_test_add_func ("/models/diff/security", test_diff);
  g_test_add_func ("/models/diff/security-options", test_diff_options);
  g_test_add_func ("/planner/checks/security/os-ignores-store", test_os_ignores_store);
  g_test_add_func ("/planner/checks/security/findings", test_findings);
  g_test_add_func ("/planner/checks/security/findings-default", test_findings_default);
  g_test_add_func ("/planner/checks/security/findings-source-ignores-store",
                   test_findings_source_ignores_store);
  g_test_add_func ("/planner/checks/security/findings-several-hosts", test_findings_several_hosts);
}
