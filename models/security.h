/* hvplan: a host's Hyper-V security settings (Authorization Manager store, firewall exceptions,
 * remote-management grants, DCOM launch restrictions).  What to re-apply on a destination, and
 * how, is the planner's: planner/checks/security-items.h. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * HVP_SID_ADMINISTRATORS:
 *
 * BUILTIN\Administrators, the member of the default Hyper-V role assignment.
 */
#define HVP_SID_ADMINISTRATORS "S-1-5-32-544"

/**
 * HVP_SID_HYPERV_ADMINISTRATORS:
 *
 * BUILTIN\Hyper-V Administrators (Windows Server 2012 and later).
 */
#define HVP_SID_HYPERV_ADMINISTRATORS "S-1-5-32-578"

/**
 * HVP_SID_DCOM_USERS:
 *
 * BUILTIN\Distributed COM Users.
 */
#define HVP_SID_DCOM_USERS "S-1-5-32-562"

/**
 * HvpAzScope:
 * @name: scope name (Authorization Manager `AzScope` `Name`)
 * @description: (nullable): scope description
 *
 * An Authorization Manager scope other than the default scope.  Hyper-V places a VM in a scope
 * with the WMI v1 setting `ScopeOfResidence`.
 */
typedef struct {
  char *name;
  char *description;
} HvpAzScope;

/**
 * HvpRoleAssignment:
 * @scope: (nullable): name of the scope the assignment belongs to; %NULL for the default scope
 * @name: role assignment name (`AzRole` `Name`)
 * @role_definition: (nullable): name of the role definition it links to (`AzTask` with
 *   `RoleDefinition="True"`); %NULL when it links to none
 * @members: (element-type utf8): member SIDs after expanding application groups and removing
 *   their non-members, sorted, each once
 * @operations: (element-type utf8): names of the operations the role definition grants,
 *   following task links recursively, sorted, each once
 * @customized: %TRUE when the assignment differs from the default Hyper-V policy (one
 *   "Administrator" assignment of the default scope to S-1-5-32-544)
 *
 * An Authorization Manager role assignment (`AzRole`), resolved.
 */
typedef struct {
  char *scope;
  char *name;
  char *role_definition;
  GPtrArray *members;
  GPtrArray *operations;
  gboolean customized;
} HvpRoleAssignment;

/**
 * HvpFirewallRule:
 * @name: rule name (`Get-NetFirewallRule` `Name`), the identity
 * @display_name: (nullable): display name
 * @group: (nullable): display group ("Hyper-V", "Virtual Machine Monitoring")
 * @direction: (nullable): "Inbound" or "Outbound"
 * @profile: (nullable): "Any", or profile names joined with ", " ("Domain, Private")
 *
 * A Windows Firewall rule that is disabled on the host.
 */
typedef struct {
  char *name;
  char *display_name;
  char *group;
  char *direction;
  char *profile;
} HvpFirewallRule;

/**
 * HvpRemoteGrant:
 * @group: local group name ("Hyper-V Administrators", "Distributed COM Users")
 * @group_sid: (nullable): the group's SID
 * @account: (nullable): the member's account name ("CONTOSO\\alice")
 * @sid: (nullable): the member's SID
 *
 * Membership of a local group that grants remote management of Hyper-V to an account that is not
 * an Administrator.
 */
typedef struct {
  char *group;
  char *group_sid;
  char *account;
  char *sid;
} HvpRemoteGrant;

/**
 * HvpSecurity:
 * @store_location: (nullable): Authorization Manager store location as the registry names it
 *   ("msxml://C:\\ProgramData\\Microsoft\\Windows\\Hyper-V\\InitialStore.xml")
 * @service_application: (nullable): application name Hyper-V uses in the store
 *   ("Hyper-V services")
 * @store_read: %TRUE when an Authorization Manager store was read (so @scopes and
 *   @role_assignments are known, even when empty)
 * @scopes: (element-type HvpAzScope): scopes other than the default scope, in store order
 * @role_assignments: (element-type HvpRoleAssignment): every role assignment, in store order
 * @disabled_firewall_rules: (element-type HvpFirewallRule): disabled firewall rules
 * @remote_grants: (element-type HvpRemoteGrant): remote-management grants to accounts other
 *   than Administrators
 * @machine_launch_restriction: (nullable): DCOM `MachineLaunchRestriction` as SDDL
 *
 * A host's Hyper-V security settings.
 */
typedef struct {
  char *store_location;
  char *service_application;
  gboolean store_read;
  GPtrArray *scopes;
  GPtrArray *role_assignments;
  GPtrArray *disabled_firewall_rules;
  GPtrArray *remote_grants;
  char *machine_launch_restriction;
} HvpSecurity;

HvpSecurity *hvp_security_new (void);
void hvp_security_free (HvpSecurity *security);
HvpSecurity *hvp_security_copy (const HvpSecurity *security);

HvpAzScope *hvp_az_scope_new (const char *name, const char *description);
void hvp_az_scope_free (HvpAzScope *scope);
HvpRoleAssignment *hvp_role_assignment_new (const char *scope, const char *name,
                                            const char *role_definition);
void hvp_role_assignment_free (HvpRoleAssignment *assignment);
gboolean hvp_role_assignment_is_default (const HvpRoleAssignment *assignment);
HvpFirewallRule *hvp_firewall_rule_new (const char *name, const char *display_name,
                                        const char *group, const char *direction,
                                        const char *profile);
void hvp_firewall_rule_free (HvpFirewallRule *rule);
HvpRemoteGrant *hvp_remote_grant_new (const char *group, const char *group_sid,
                                      const char *account, const char *sid);
void hvp_remote_grant_free (HvpRemoteGrant *grant);


G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpSecurity, hvp_security_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpAzScope, hvp_az_scope_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpRoleAssignment, hvp_role_assignment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpFirewallRule, hvp_firewall_rule_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpRemoteGrant, hvp_remote_grant_free)

G_END_DECLS
