/* hvplan: the security customizations of a host, each with what to do on the destination
 * (azman.msc, Disable-NetFirewallRule, net localgroup, dcomcnfg), and the DCOM launch grants read
 * from a MachineLaunchRestriction security descriptor. */
#include "planner/checks/security-items.h"

#include <string.h>

#include "models/error.h"
#include "models/quote.h"
#include "models/units.h"

static const char *const item_kind_names[] = {
  [HVP_SECURITY_ITEM_SCOPE] = "scope",
  [HVP_SECURITY_ITEM_ROLE_ASSIGNMENT] = "role-assignment",
  [HVP_SECURITY_ITEM_FIREWALL_RULE] = "firewall-rule",
  [HVP_SECURITY_ITEM_REMOTE_GRANT] = "remote-grant",
  [HVP_SECURITY_ITEM_LAUNCH_RESTRICTION] = "launch-restriction",
};

/**
 * hvp_security_item_kind_to_string:
 * @kind: an item kind
 *
 * Returns: (transfer none): "scope", "role-assignment", "firewall-rule", "remote-grant" or
 *   "launch-restriction"
 */
const char *
hvp_security_item_kind_to_string (HvpSecurityItemKind kind)
{
  return hvp_enum_to_string (item_kind_names, G_N_ELEMENTS (item_kind_names), kind);
}

/**
 * hvp_security_item_new:
 * @kind: what the item is about
 * @subject: the thing's identity
 * @detail: one line saying what is customized
 * @remedy: one line saying what to do on the destination
 *
 * Returns: (transfer full): a security customization
 */
HvpSecurityItem *
hvp_security_item_new (HvpSecurityItemKind kind, const char *subject, const char *detail,
                       const char *remedy)
{
  HvpSecurityItem *item = g_new0 (HvpSecurityItem, 1);

  item->kind = kind;
  item->subject = g_strdup (subject);
  item->detail = g_strdup (detail);
  item->remedy = g_strdup (remedy);
  return item;
}

/**
 * hvp_security_item_free:
 * @item: (nullable) (transfer full): a security customization
 */
void
hvp_security_item_free (HvpSecurityItem *item)
{
  if (item == NULL)
    return;
  g_free (item->subject);
  g_free (item->detail);
  g_free (item->remedy);
  g_free (item);
}

/* SDDL ACE strings ("Security Descriptor String Format" and "ACE Strings", Microsoft Learn,
 * win32/secauthz): "(ace_type;ace_flags;rights;object_guid;inherit_object_guid;account_sid)".
 * COM access rights (COM_RIGHTS_*, Microsoft Learn "Security in COM", the
 * MachineLaunchRestriction registry value): 1 execute, 2 local launch, 4 remote launch,
 * 8 local activation, 16 remote activation; SDDL writes them with the generic two-letter codes
 * CC (0x1) DC (0x2) LC (0x4) SW (0x8) RP (0x10). */
#define COM_RIGHTS_EXECUTE 0x1u
#define COM_RIGHTS_EXECUTE_LOCAL 0x2u
#define COM_RIGHTS_EXECUTE_REMOTE 0x4u
#define COM_RIGHTS_ACTIVATE_LOCAL 0x8u
#define COM_RIGHTS_ACTIVATE_REMOTE 0x10u
#define COM_RIGHTS_LOCAL (COM_RIGHTS_EXECUTE | COM_RIGHTS_EXECUTE_LOCAL | COM_RIGHTS_ACTIVATE_LOCAL)
#define COM_RIGHTS_ALL (COM_RIGHTS_LOCAL | COM_RIGHTS_EXECUTE_REMOTE | COM_RIGHTS_ACTIVATE_REMOTE)

static const struct {
  const char *code;
  guint32 mask;
} sddl_rights[] = {
  { "CC", 0x1 }, { "DC", 0x2 }, { "LC", 0x4 }, { "SW", 0x8 }, { "RP", 0x10 }, { "WP", 0x20 },
  { "DT", 0x40 }, { "LO", 0x80 }, { "CR", 0x100 }, { "SD", 0x10000 }, { "RC", 0x20000 },
  { "WD", 0x40000 }, { "WO", 0x80000 }, { "GA", 0x10000000 }, { "GX", 0x20000000 },
  { "GW", 0x40000000 }, { "GR", 0x80000000 },
};

/* The trustees whose launch and activation rights a default MachineLaunchRestriction holds (see
 * collectors/azman/README.md, "DCOM launch restriction", for the sources): Administrators (BA)
 * and LocalSystem (SY) may do anything; Distributed COM Users (S-1-5-32-562, Microsoft's
 * Windows Server 2003 SP1 table) and Performance Log Users (LU, S-1-5-32-559) get local and
 * remote launch and activation; Everyone (WD), ALL APPLICATION PACKAGES (AC, S-1-15-2-1) and the
 * Windows 10 / Server 2016 capability SID below get local launch and activation only.  Those
 * last three and LU are what Windows Server 2012 R2 – 2016 hosts show, not in Microsoft's
 * table. */
static const struct {
  const char *alias;
  const char *sid;
  guint32 allowed;
} default_launch_trustees[] = {
  { "BA", "S-1-5-32-544", 0xffffffffu },
  { "SY", "S-1-5-18", 0xffffffffu },
  { NULL, HVP_SID_DCOM_USERS, COM_RIGHTS_ALL },
  { "LU", "S-1-5-32-559", COM_RIGHTS_ALL },
  { "WD", "S-1-1-0", COM_RIGHTS_LOCAL },
  { "AC", "S-1-15-2-1", COM_RIGHTS_LOCAL },
  { NULL,
    "S-1-15-3-1024-2405443489-874036122-4286035555-1823921565-1746547431-2453885448-3625952902-"
    "991631256",
    COM_RIGHTS_LOCAL },
};

static gboolean
parse_sddl_rights (const char *text, guint32 *ret_mask)
{
  guint32 mask = 0;

  if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
    {
      char *end = NULL;
      guint64 value = g_ascii_strtoull (text + 2, &end, 16);

      if (end == text + 2 || *end != '\0' || value > G_MAXUINT32)
        return FALSE;
      *ret_mask = (guint32) value;
      return TRUE;
    }
  if (strlen (text) % 2 != 0)
    return FALSE;
  for (const char *p = text; *p != '\0'; p += 2)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (sddl_rights); i++)
        if (g_ascii_strncasecmp (p, sddl_rights[i].code, 2) == 0)
          {
            mask |= sddl_rights[i].mask;
            found = TRUE;
            break;
          }
      if (!found)
        return FALSE;
    }
  *ret_mask = mask;
  return TRUE;
}

static guint32
default_allowed_rights (const char *trustee)
{
  for (guint i = 0; i < G_N_ELEMENTS (default_launch_trustees); i++)
    if ((default_launch_trustees[i].alias != NULL
         && g_ascii_strcasecmp (trustee, default_launch_trustees[i].alias) == 0)
        || g_ascii_strcasecmp (trustee, default_launch_trustees[i].sid) == 0)
      return default_launch_trustees[i].allowed;
  return 0;
}

static char *
describe_com_rights (guint32 mask)
{
  static const struct {
    guint32 bit;
    const char *name;
  } names[] = {
    { COM_RIGHTS_EXECUTE_LOCAL, "local launch" },
    { COM_RIGHTS_EXECUTE_REMOTE, "remote launch" },
    { COM_RIGHTS_ACTIVATE_LOCAL, "local activation" },
    { COM_RIGHTS_ACTIVATE_REMOTE, "remote activation" },
  };
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (mask & names[i].bit)
      g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", names[i].name);
  if (text->len == 0)
    g_string_append (text, "execute");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Reads the ACE at @p, "(type;flags;rights;object;inherit;trustee)", and adds an item to @items
 * when it is an access-allowed ACE that grants launch or activation rights beyond the defaults.
 * Returns the text after the ACE, or %NULL with %HVP_ERROR_DATA. */
static const char *
read_ace (const char *p, GPtrArray *items, GError **error)
{
  const char *close = strchr (p, ')');
  g_autofree char *ace = NULL;
  g_auto (GStrv) fields = NULL;
  g_autofree char *rights = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *remedy = NULL;
  guint32 mask;

  if (close == NULL)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "unterminated ACE '%s' in security descriptor", p);
      return NULL;
    }
  ace = g_strndup (p + 1, close - p - 1);
  fields = g_strsplit (ace, ";", -1);
  if (g_strv_length (fields) < 6 || !parse_sddl_rights (fields[2], &mask))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "malformed ACE '(%s)' in security descriptor", ace);
      return NULL;
    }
  if (strcmp (fields[0], "A") != 0 && strcmp (fields[0], "OA") != 0
      && strcmp (fields[0], "XA") != 0)
    return close + 1;
  mask &= COM_RIGHTS_ALL;
  if ((mask & ~default_allowed_rights (fields[5])) == 0)
    return close + 1;
  rights = describe_com_rights (mask);
  detail = g_strdup_printf ("MachineLaunchRestriction allows %s to %s (ACE '(%s)')", rights,
                            fields[5], ace);
  remedy = g_strdup_printf ("in dcomcnfg (Component Services > My Computer > COM Security > "
                            "Launch and Activation Permissions > Edit Limits) allow %s to %s",
                            rights, fields[5]);
  g_ptr_array_add (items, hvp_security_item_new (HVP_SECURITY_ITEM_LAUNCH_RESTRICTION, fields[5],
                                                 detail, remedy));
  return close + 1;
}

/* Skips the DACL flags (P, AI, AR, NO_ACCESS_CONTROL...) that come before the first ACE; sets
 * @ret_null_dacl when they say NO_ACCESS_CONTROL.  Returns the first ACE (or what follows). */
static const char *
skip_dacl_flags (const char *p, gboolean *ret_null_dacl)
{
  *ret_null_dacl = FALSE;
  while (g_ascii_isupper (*p) || *p == '_')
    {
      if (g_str_has_prefix (p, "NO_ACCESS_CONTROL"))
        {
          *ret_null_dacl = TRUE;
          return p;
        }
      if (p[0] == 'S' && p[1] == ':')
        break;
      p++;
    }
  return p;
}

/**
 * hvp_security_launch_grants:
 * @sddl: a DCOM `MachineLaunchRestriction` security descriptor in SDDL
 *   ("O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)")
 * @error: return location for an error, or %NULL
 *
 * Lists the access-allowed ACEs (types `A`, `OA`, `XA`) of the DACL that grant launch or activation
 * rights beyond the Windows defaults: any right to a trustee other than Administrators (BA),
 * LocalSystem (SY), Distributed COM Users (S-1-5-32-562), Performance Log Users (LU), Everyone
 * (WD), ALL APPLICATION PACKAGES (AC) and the Windows 10 capability SID
 * S-1-15-3-1024-2405443489-…; remote launch or activation to Everyone, ALL APPLICATION PACKAGES
 * or that capability SID.  Deny ACEs and audit ACEs restrict rather than grant and are not
 * listed; a NULL DACL (`D:NO_ACCESS_CONTROL`) is one item for Everyone.  Format: "Security
 * Descriptor String Format" and "ACE Strings" (Microsoft Learn).
 *
 * Returns: (transfer full) (element-type HvpSecurityItem): one
 *   %HVP_SECURITY_ITEM_LAUNCH_RESTRICTION item per such ACE, subject the trustee as written
 *   (alias or SID), in DACL order; %NULL with %HVP_ERROR_DATA when @sddl has no DACL or an ACE is
 *   malformed (the message names the ACE)
 */
GPtrArray *
hvp_security_launch_grants (const char *sddl, GError **error)
{
  g_autoptr (GPtrArray) items
    = g_ptr_array_new_with_free_func ((GDestroyNotify) hvp_security_item_free);
  const char *dacl;
  const char *p;
  gboolean null_dacl;

  g_return_val_if_fail (sddl != NULL, NULL);
  dacl = strstr (sddl, "D:");
  if (dacl == NULL)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "security descriptor '%s' has no DACL ('D:')", sddl);
      return NULL;
    }
  p = skip_dacl_flags (dacl + 2, &null_dacl);
  if (null_dacl)
    {
      /* A NULL DACL: everyone may do everything. */
      g_ptr_array_add (items, hvp_security_item_new (
                                HVP_SECURITY_ITEM_LAUNCH_RESTRICTION, "WD",
                                "MachineLaunchRestriction has no DACL (NO_ACCESS_CONTROL): "
                                "everyone may launch and activate, locally and remotely",
                                "in dcomcnfg (Component Services > My Computer > COM Security "
                                "> Launch and Activation Permissions > Edit Limits) give "
                                "Everyone local and remote launch and activation"));
      return g_steal_pointer (&items);
    }
  while (p != NULL && *p == '(')
    p = read_ace (p, items, error);
  if (p == NULL)
    return NULL;
  return g_steal_pointer (&items);
}

static char *
join_strings (const GPtrArray *strings, const char *empty)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < strings->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? ", " : "",
                            (const char *) g_ptr_array_index (strings, i));
  if (strings->len == 0)
    g_string_append (text, empty);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Every Authorization Manager scope: create it, place its VMs. */
static void
append_scopes (GPtrArray *items, const HvpSecurity *security)
{
  for (guint i = 0; i < security->scopes->len; i++)
    {
      const HvpAzScope *scope = g_ptr_array_index (security->scopes, i);
      g_autofree char *detail = g_strdup_printf (
        "Authorization Manager scope '%s'%s%s", scope->name,
        scope->description != NULL && *scope->description != '\0' ? ": " : "",
        scope->description != NULL ? scope->description : "");
      g_autofree char *remedy = g_strdup_printf (
        "create scope '%s' in azman.msc under 'Hyper-V services' and place its VMs in it",
        scope->name);

      g_ptr_array_add (items, hvp_security_item_new (HVP_SECURITY_ITEM_SCOPE, scope->name, detail,
                                                     remedy));
    }
}

/* The role assignments that differ from the default policy: assign them again. */
static void
append_role_assignments (GPtrArray *items, const HvpSecurity *security)
{
  for (guint i = 0; i < security->role_assignments->len; i++)
    {
      const HvpRoleAssignment *role = g_ptr_array_index (security->role_assignments, i);
      g_autofree char *subject = NULL;
      g_autofree char *members = NULL;
      g_autofree char *where = NULL;
      g_autofree char *detail = NULL;
      g_autofree char *remedy = NULL;

      if (!role->customized)
        continue;
      subject = g_strdup_printf ("%s/%s", role->scope != NULL ? role->scope : "(default)",
                                 role->name);
      members = join_strings (role->members, "no members");
      where = role->scope != NULL ? g_strdup_printf ("scope '%s'", role->scope)
                                  : g_strdup ("the default scope");
      detail = g_strdup_printf ("role assignment '%s' in %s: role definition '%s' (%u operation%s) "
                                "to %s",
                                role->name, where,
                                role->role_definition != NULL ? role->role_definition : "(none)",
                                role->operations->len, role->operations->len == 1 ? "" : "s",
                                members);
      remedy = g_strdup_printf ("in azman.msc, assign role definition '%s' (with the same "
                                "operations) to %s in %s",
                                role->role_definition != NULL ? role->role_definition : "(none)",
                                members, where);
      g_ptr_array_add (items, hvp_security_item_new (HVP_SECURITY_ITEM_ROLE_ASSIGNMENT, subject,
                                                     detail, remedy));
    }
}

/* PowerShell's wildcard characters (Microsoft Learn, about_Wildcards): -Name of the NetSecurity
 * cmdlets matches them as a pattern, so a rule named "*" would disable every rule. */
static const char powershell_wildcards[] = "*?[]";

/* "Disable-NetFirewallRule -Name 'NAME'", the name quoted for PowerShell (models/quote.c); or, for
 * a name PowerShell cannot take literally there, what to do by hand and why, with no command. */
static char *
firewall_rule_remedy (const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *quoted = NULL;

  if (strpbrk (name, powershell_wildcards) != NULL)
    return g_strdup ("disable the rule by hand in wf.msc (no command: its name holds a PowerShell "
                     "wildcard, which Disable-NetFirewallRule -Name would match as a pattern)");
  quoted = hvp_quote_powershell (name, &error);
  if (quoted == NULL)
    return g_strdup_printf ("disable the rule by hand in wf.msc (no command: its name cannot be "
                            "quoted for PowerShell: %s)", error->message);
  return g_strdup_printf ("Disable-NetFirewallRule -Name %s", quoted);
}

/* "net localgroup "GROUP" "ACCOUNT" /add", both quoted for cmd.exe (models/quote.c): net.exe
 * works on every Windows Server version (Add-LocalGroupMember needs 2016).  For a group or account
 * cmd.exe cannot quote, what to do by hand and why, with no command. */
static char *
remote_grant_remedy (const char *group, const char *who)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *quoted_group = hvp_quote_cmd (group, &error);
  g_autofree char *quoted_who = quoted_group != NULL ? hvp_quote_cmd (who, &error) : NULL;

  /* net.exe reads an argument starting with '/' as an option, quoted or not. */
  if (group[0] == '/' || who[0] == '/')
    return g_strdup_printf ("add the account to the local group by hand in lusrmgr.msc (no "
                            "command: the %s name starts with '/', which net.exe reads as an "
                            "option)", group[0] == '/' ? "group" : "account");
  if (quoted_group == NULL || quoted_who == NULL)
    return g_strdup_printf ("add the account to the local group by hand in lusrmgr.msc (no "
                            "command: the %s name cannot be quoted for cmd.exe: %s)",
                            quoted_group == NULL ? "group" : "account", error->message);
  return g_strdup_printf ("net localgroup %s %s /add", quoted_group, quoted_who);
}

/* The disabled firewall exceptions: disable them again. */
static void
append_firewall_rules (GPtrArray *items, const HvpSecurity *security)
{
  for (guint i = 0; i < security->disabled_firewall_rules->len; i++)
    {
      const HvpFirewallRule *rule = g_ptr_array_index (security->disabled_firewall_rules, i);
      g_autofree char *detail = g_strdup_printf (
        "firewall rule '%s' (%s%s%s, %s, profile %s) is disabled",
        rule->display_name != NULL ? rule->display_name : rule->name,
        rule->group != NULL ? "group '" : "no group", rule->group != NULL ? rule->group : "",
        rule->group != NULL ? "'" : "", rule->direction != NULL ? rule->direction : "direction unknown",
        rule->profile != NULL ? rule->profile : "unknown");
      g_autofree char *remedy = firewall_rule_remedy (rule->name);

      g_ptr_array_add (items, hvp_security_item_new (HVP_SECURITY_ITEM_FIREWALL_RULE, rule->name,
                                                     detail, remedy));
    }
}

/* The remote-management grants outside Administrators: add the members again. */
static void
append_remote_grants (GPtrArray *items, const HvpSecurity *security)
{
  for (guint i = 0; i < security->remote_grants->len; i++)
    {
      const HvpRemoteGrant *grant = g_ptr_array_index (security->remote_grants, i);
      const char *who = grant->account != NULL ? grant->account : grant->sid;
      g_autofree char *subject = g_strdup_printf ("%s/%s", grant->group,
                                                  grant->sid != NULL ? grant->sid : who);
      g_autofree char *detail = g_strdup_printf ("'%s'%s%s%s is a member of '%s'", who,
                                                 grant->sid != NULL ? " (" : "",
                                                 grant->sid != NULL ? grant->sid : "",
                                                 grant->sid != NULL ? ")" : "", grant->group);
      g_autofree char *remedy = remote_grant_remedy (grant->group, who);

      g_ptr_array_add (items, hvp_security_item_new (HVP_SECURITY_ITEM_REMOTE_GRANT, subject,
                                                     detail, remedy));
    }
}

/* The DCOM launch grants beyond the Windows defaults, or one item asking to compare an unreadable
 * MachineLaunchRestriction by hand. */
static void
append_launch_grants (GPtrArray *items, const HvpSecurity *security)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) grants = NULL;
  g_autofree char *detail = NULL;

  if (security->machine_launch_restriction == NULL)
    return;
  grants = hvp_security_launch_grants (security->machine_launch_restriction, &error);
  if (grants != NULL)
    {
      while (grants->len > 0)
        g_ptr_array_add (items, g_ptr_array_steal_index (grants, 0));
      return;
    }
  detail = g_strdup_printf ("MachineLaunchRestriction cannot be read: %s", error->message);
  g_ptr_array_add (items, hvp_security_item_new (HVP_SECURITY_ITEM_LAUNCH_RESTRICTION,
                                                 "MachineLaunchRestriction", detail,
                                                 "compare Launch and Activation Permissions "
                                                 "limits in dcomcnfg by hand"));
}

/**
 * hvp_security_customizations:
 * @security: security settings
 *
 * Lists every customization an administrator must re-apply on the destination, in checklist
 * order: Authorization Manager scopes, role assignments that differ from the default policy
 * (@customized), disabled firewall exceptions, remote-management grants outside Administrators,
 * and DCOM launch grants beyond the Windows defaults (see hvp_security_launch_grants(); an
 * unreadable `MachineLaunchRestriction` is one item asking to compare it by hand).
 *
 * Returns: (transfer full) (element-type HvpSecurityItem): the customizations; the array frees
 *   its items, so g_ptr_array_unref() is all the caller does.  Empty for the default policy.
 */
GPtrArray *
hvp_security_customizations (const HvpSecurity *security)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) hvp_security_item_free);

  append_scopes (items, security);
  append_role_assignments (items, security);
  append_firewall_rules (items, security);
  append_remote_grants (items, security);
  append_launch_grants (items, security);
  return items;
}
