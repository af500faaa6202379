/* hvplan: the security customizations of a host that an administrator must re-apply on the
 * destination, each with its fix-it text; read by the security check and the Markdown report. */
#pragma once

#include <glib.h>

#include "models/security.h"

G_BEGIN_DECLS

/**
 * HvpSecurityItemKind:
 * @HVP_SECURITY_ITEM_SCOPE: an Authorization Manager scope
 * @HVP_SECURITY_ITEM_ROLE_ASSIGNMENT: a role assignment that differs from the default policy
 * @HVP_SECURITY_ITEM_FIREWALL_RULE: a disabled firewall exception
 * @HVP_SECURITY_ITEM_REMOTE_GRANT: a remote-management grant outside Administrators
 * @HVP_SECURITY_ITEM_LAUNCH_RESTRICTION: a DCOM launch grant beyond the Windows defaults
 *
 * What a security customization is about.
 */
typedef enum {
  HVP_SECURITY_ITEM_SCOPE,
  HVP_SECURITY_ITEM_ROLE_ASSIGNMENT,
  HVP_SECURITY_ITEM_FIREWALL_RULE,
  HVP_SECURITY_ITEM_REMOTE_GRANT,
  HVP_SECURITY_ITEM_LAUNCH_RESTRICTION,
} HvpSecurityItemKind;

/**
 * HvpSecurityItem:
 * @kind: what the item is about
 * @subject: the thing's identity (scope name, "scope/role", rule name, "group/SID", trustee SID)
 * @detail: one line saying what is customized
 * @remedy: one line saying what to do on the destination
 *
 * One security customization an administrator must re-apply on the destination.
 */
typedef struct {
  HvpSecurityItemKind kind;
  char *subject;
  char *detail;
  char *remedy;
} HvpSecurityItem;

const char *hvp_security_item_kind_to_string (HvpSecurityItemKind kind);
HvpSecurityItem *hvp_security_item_new (HvpSecurityItemKind kind, const char *subject,
                                        const char *detail, const char *remedy);
void hvp_security_item_free (HvpSecurityItem *item);
GPtrArray *hvp_security_customizations (const HvpSecurity *security);
GPtrArray *hvp_security_launch_grants (const char *sddl, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpSecurityItem, hvp_security_item_free)

G_END_DECLS
