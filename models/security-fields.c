/* hvplan: the field tables of a host's security settings (models/README.md, "security").  Beside
 * models/security.c rather than in it: that file holds what the settings mean (customizations,
 * launch grants); these say how they are written, read and compared. */
#include "models/security-fields.h"

#include "models/security.h"

static const HvpField scope_fields[] = {
  HVP_FIELD_KEY (HvpAzScope, name, HVP_FIELD_STRING, HVP_FIELD_REQUIRED, 1),
  HVP_FIELD_ROW (HvpAzScope, description, HVP_FIELD_STRING, HVP_FIELD_NULLABLE),
};

/**
 * hvp_az_scope_fields:
 *
 * The fields of #HvpAzScope in the canonical inventory document, in order.
 */
const HvpFieldTable hvp_az_scope_fields = HVP_FIELD_TABLE ("scope", scope_fields);

static const HvpField role_assignment_fields[] = {
  HVP_FIELD_KEY (HvpRoleAssignment, scope, HVP_FIELD_STRING, HVP_FIELD_NULLABLE, 1),
  HVP_FIELD_KEY (HvpRoleAssignment, name, HVP_FIELD_STRING, HVP_FIELD_REQUIRED, 2),
  HVP_FIELD_ROW (HvpRoleAssignment, role_definition, HVP_FIELD_STRING, HVP_FIELD_NULLABLE),
  HVP_FIELD_ROW (HvpRoleAssignment, members, HVP_FIELD_STRINGS, HVP_FIELD_OPTIONAL),
  HVP_FIELD_ROW (HvpRoleAssignment, operations, HVP_FIELD_STRINGS, HVP_FIELD_OPTIONAL),
  /* Derived from the fields above (hvp_role_assignment_is_default()): not compared. */
  HVP_FIELD_ROW (HvpRoleAssignment, customized, HVP_FIELD_BOOL, HVP_FIELD_NOT_COMPARED),
};

/**
 * hvp_role_assignment_fields:
 *
 * The fields of #HvpRoleAssignment in the canonical inventory document, in order.
 */
const HvpFieldTable hvp_role_assignment_fields =
  HVP_FIELD_TABLE ("role_assignment", role_assignment_fields);

static const HvpField firewall_rule_fields[] = {
  HVP_FIELD_KEY (HvpFirewallRule, name, HVP_FIELD_STRING, HVP_FIELD_REQUIRED, 1),
  HVP_FIELD_ROW (HvpFirewallRule, display_name, HVP_FIELD_STRING, HVP_FIELD_NULLABLE),
  HVP_FIELD_ROW (HvpFirewallRule, group, HVP_FIELD_STRING, HVP_FIELD_NULLABLE),
  HVP_FIELD_ROW (HvpFirewallRule, direction, HVP_FIELD_STRING, HVP_FIELD_NULLABLE),
  HVP_FIELD_ROW (HvpFirewallRule, profile, HVP_FIELD_STRING, HVP_FIELD_NULLABLE),
};

/**
 * hvp_firewall_rule_fields:
 *
 * The fields of #HvpFirewallRule in the canonical inventory document, in order.
 */
const HvpFieldTable hvp_firewall_rule_fields =
  HVP_FIELD_TABLE ("disabled_firewall_rule", firewall_rule_fields);

static const HvpField remote_grant_fields[] = {
  HVP_FIELD_KEY (HvpRemoteGrant, group, HVP_FIELD_STRING, HVP_FIELD_REQUIRED, 1),
  HVP_FIELD_ROW (HvpRemoteGrant, group_sid, HVP_FIELD_STRING,
                 HVP_FIELD_NULLABLE | HVP_FIELD_FOLD_CASE),
  HVP_FIELD_KEY (HvpRemoteGrant, account, HVP_FIELD_STRING, HVP_FIELD_NULLABLE, 3),
  HVP_FIELD_KEY (HvpRemoteGrant, sid, HVP_FIELD_STRING, HVP_FIELD_NULLABLE | HVP_FIELD_FOLD_CASE,
                 2),
};

/**
 * hvp_remote_grant_fields:
 *
 * The fields of #HvpRemoteGrant in the canonical inventory document, in order.
 */
const HvpFieldTable hvp_remote_grant_fields = HVP_FIELD_TABLE ("remote_grant", remote_grant_fields);

/* Where the store is and whether it was read say nothing an administrator re-applies: the diff
 * compares the parts and the launch restriction only. */
static const HvpField security_fields[] = {
  HVP_FIELD_ROW (HvpSecurity, store_location, HVP_FIELD_STRING,
                 HVP_FIELD_NULLABLE | HVP_FIELD_NOT_COMPARED),
  HVP_FIELD_ROW (HvpSecurity, service_application, HVP_FIELD_STRING,
                 HVP_FIELD_NULLABLE | HVP_FIELD_NOT_COMPARED),
  HVP_FIELD_ROW (HvpSecurity, store_read, HVP_FIELD_BOOL, HVP_FIELD_NOT_COMPARED),
  HVP_FIELD_ARRAY_ROW (HvpSecurity, scopes, HVP_FIELD_OPTIONAL, &hvp_az_scope_fields),
  HVP_FIELD_ARRAY_ROW (HvpSecurity, role_assignments, HVP_FIELD_OPTIONAL,
                       &hvp_role_assignment_fields),
  HVP_FIELD_ARRAY_ROW (HvpSecurity, disabled_firewall_rules, HVP_FIELD_OPTIONAL,
                       &hvp_firewall_rule_fields),
  HVP_FIELD_ARRAY_ROW (HvpSecurity, remote_grants, HVP_FIELD_OPTIONAL, &hvp_remote_grant_fields),
  HVP_FIELD_ROW (HvpSecurity, machine_launch_restriction, HVP_FIELD_STRING, HVP_FIELD_NULLABLE),
};

/**
 * hvp_security_fields:
 *
 * The fields of #HvpSecurity in the canonical inventory document, in order.
 */
const HvpFieldTable hvp_security_fields = HVP_FIELD_TABLE ("security", security_fields);
