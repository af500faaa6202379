#include "models/security.h"

/**
 * hvp_security_new:
 *
 * Returns: (transfer full): security settings with no store read, no scope, role assignment,
 *   disabled firewall rule or remote grant, and no launch restriction
 */
HvpSecurity *
hvp_security_new (void)
{
  HvpSecurity *security = g_new0 (HvpSecurity, 1);

  security->scopes = g_ptr_array_new_with_free_func ((GDestroyNotify) hvp_az_scope_free);
  security->role_assignments
    = g_ptr_array_new_with_free_func ((GDestroyNotify) hvp_role_assignment_free);
  security->disabled_firewall_rules
    = g_ptr_array_new_with_free_func ((GDestroyNotify) hvp_firewall_rule_free);
  security->remote_grants = g_ptr_array_new_with_free_func ((GDestroyNotify) hvp_remote_grant_free);
  return security;
}

/**
 * hvp_security_free:
 * @security: (nullable) (transfer full): security settings, with everything they own
 */
void
hvp_security_free (HvpSecurity *security)
{
  if (security == NULL)
    return;
  g_free (security->store_location);
  g_free (security->service_application);
  g_ptr_array_unref (security->scopes);
  g_ptr_array_unref (security->role_assignments);
  g_ptr_array_unref (security->disabled_firewall_rules);
  g_ptr_array_unref (security->remote_grants);
  g_free (security->machine_launch_restriction);
  g_free (security);
}

static void
copy_strings (GPtrArray *to, const GPtrArray *from)
{
  for (guint i = 0; i < from->len; i++)
    g_ptr_array_add (to, g_strdup (g_ptr_array_index (from, i)));
}

/**
 * hvp_security_copy:
 * @security: security settings
 *
 * Returns: (transfer full): a deep copy of @security
 */
HvpSecurity *
hvp_security_copy (const HvpSecurity *security)
{
  HvpSecurity *copy = hvp_security_new ();

  copy->store_location = g_strdup (security->store_location);
  copy->service_application = g_strdup (security->service_application);
  copy->store_read = security->store_read;
  copy->machine_launch_restriction = g_strdup (security->machine_launch_restriction);
  for (guint i = 0; i < security->scopes->len; i++)
    {
      const HvpAzScope *scope = g_ptr_array_index (security->scopes, i);

      g_ptr_array_add (copy->scopes, hvp_az_scope_new (scope->name, scope->description));
    }
  for (guint i = 0; i < security->role_assignments->len; i++)
    {
      const HvpRoleAssignment *from = g_ptr_array_index (security->role_assignments, i);
      HvpRoleAssignment *to = hvp_role_assignment_new (from->scope, from->name,
                                                       from->role_definition);

      copy_strings (to->members, from->members);
      copy_strings (to->operations, from->operations);
      to->customized = from->customized;
      g_ptr_array_add (copy->role_assignments, to);
    }
  for (guint i = 0; i < security->disabled_firewall_rules->len; i++)
    {
      const HvpFirewallRule *rule = g_ptr_array_index (security->disabled_firewall_rules, i);

      g_ptr_array_add (copy->disabled_firewall_rules,
                       hvp_firewall_rule_new (rule->name, rule->display_name, rule->group,
                                              rule->direction, rule->profile));
    }
  for (guint i = 0; i < security->remote_grants->len; i++)
    {
      const HvpRemoteGrant *grant = g_ptr_array_index (security->remote_grants, i);

      g_ptr_array_add (copy->remote_grants, hvp_remote_grant_new (grant->group, grant->group_sid,
                                                                  grant->account, grant->sid));
    }
  return copy;
}

/**
 * hvp_az_scope_new:
 * @name: scope name
 * @description: (nullable): scope description
 *
 * Returns: (transfer full): a scope
 */
HvpAzScope *
hvp_az_scope_new (const char *name, const char *description)
{
  HvpAzScope *scope = g_new0 (HvpAzScope, 1);

  scope->name = g_strdup (name);
  scope->description = g_strdup (description);
  return scope;
}

/**
 * hvp_az_scope_free:
 * @scope: (nullable) (transfer full): a scope
 */
void
hvp_az_scope_free (HvpAzScope *scope)
{
  if (scope == NULL)
    return;
  g_free (scope->name);
  g_free (scope->description);
  g_free (scope);
}

/**
 * hvp_role_assignment_new:
 * @scope: (nullable): scope name; %NULL for the default scope
 * @name: role assignment name
 * @role_definition: (nullable): role definition name
 *
 * Returns: (transfer full): a role assignment with no members and no operations, not marked
 *   customized
 */
HvpRoleAssignment *
hvp_role_assignment_new (const char *scope, const char *name, const char *role_definition)
{
  HvpRoleAssignment *assignment = g_new0 (HvpRoleAssignment, 1);

  assignment->scope = g_strdup (scope);
  assignment->name = g_strdup (name);
  assignment->role_definition = g_strdup (role_definition);
  assignment->members = g_ptr_array_new_with_free_func (g_free);
  assignment->operations = g_ptr_array_new_with_free_func (g_free);
  return assignment;
}

/**
 * hvp_role_assignment_free:
 * @assignment: (nullable) (transfer full): a role assignment
 */
void
hvp_role_assignment_free (HvpRoleAssignment *assignment)
{
  if (assignment == NULL)
    return;
  g_free (assignment->scope);
  g_free (assignment->name);
  g_free (assignment->role_definition);
  g_ptr_array_unref (assignment->members);
  g_ptr_array_unref (assignment->operations);
  g_free (assignment);
}

/**
 * hvp_role_assignment_is_default:
 * @assignment: a role assignment
 *
 * Tells whether @assignment has the shape of the default Hyper-V policy's only role assignment:
 * named "Administrator", in the default scope, whose only member is BUILTIN\Administrators
 * (S-1-5-32-544).  Whether its role definition still grants every operation is for the store
 * reader to check (it knows the application's operations); see hvp_azman_read().
 *
 * Returns: %TRUE when it has that shape
 */
gboolean
hvp_role_assignment_is_default (const HvpRoleAssignment *assignment)
{
  return assignment->scope == NULL && g_strcmp0 (assignment->name, "Administrator") == 0
         && assignment->members->len == 1
         && g_ascii_strcasecmp (g_ptr_array_index (assignment->members, 0),
                                HVP_SID_ADMINISTRATORS) == 0;
}

/**
 * hvp_firewall_rule_new:
 * @name: rule name
 * @display_name: (nullable): display name
 * @group: (nullable): display group
 * @direction: (nullable): "Inbound" or "Outbound"
 * @profile: (nullable): "Any" or profile names joined with ", "
 *
 * Returns: (transfer full): a firewall rule
 */
HvpFirewallRule *
hvp_firewall_rule_new (const char *name, const char *display_name, const char *group,
                       const char *direction, const char *profile)
{
  HvpFirewallRule *rule = g_new0 (HvpFirewallRule, 1);

  rule->name = g_strdup (name);
  rule->display_name = g_strdup (display_name);
  rule->group = g_strdup (group);
  rule->direction = g_strdup (direction);
  rule->profile = g_strdup (profile);
  return rule;
}

/**
 * hvp_firewall_rule_free:
 * @rule: (nullable) (transfer full): a firewall rule
 */
void
hvp_firewall_rule_free (HvpFirewallRule *rule)
{
  if (rule == NULL)
    return;
  g_free (rule->name);
  g_free (rule->display_name);
  g_free (rule->group);
  g_free (rule->direction);
  g_free (rule->profile);
  g_free (rule);
}

/**
 * hvp_remote_grant_new:
 * @group: local group name
 * @group_sid: (nullable): the group's SID
 * @account: (nullable): member account name
 * @sid: (nullable): member SID
 *
 * Returns: (transfer full): a remote-management grant
 */
HvpRemoteGrant *
hvp_remote_grant_new (const char *group, const char *group_sid, const char *account,
                      const char *sid)
{
  HvpRemoteGrant *grant = g_new0 (HvpRemoteGrant, 1);

  grant->group = g_strdup (group);
  grant->group_sid = g_strdup (group_sid);
  grant->account = g_strdup (account);
  grant->sid = g_strdup (sid);
  return grant;
}

/**
 * hvp_remote_grant_free:
 * @grant: (nullable) (transfer full): a remote-management grant
 */
void
hvp_remote_grant_free (HvpRemoteGrant *grant)
{
  if (grant == NULL)
    return;
  g_free (grant->group);
  g_free (grant->group_sid);
  g_free (grant->account);
  g_free (grant->sid);
  g_free (grant);
}
