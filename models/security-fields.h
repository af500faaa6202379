/* hvplan: the field tables of a host's security settings and their parts. */
#pragma once

#include <glib.h>

#include "models/field.h"

G_BEGIN_DECLS

extern const HvpFieldTable hvp_az_scope_fields;
extern const HvpFieldTable hvp_role_assignment_fields;
extern const HvpFieldTable hvp_firewall_rule_fields;
extern const HvpFieldTable hvp_remote_grant_fields;
extern const HvpFieldTable hvp_security_fields;

G_END_DECLS
