/* hvplan: a Hyper-V virtual switch (libvirt: a network). */
#pragma once

#include <glib.h>

#include "models/field.h"

G_BEGIN_DECLS

/**
 * HvpSwitchType:
 *
 * PowerShell `VMSwitchType`: 0 Private, 1 Internal, 2 External.
 */
typedef enum {
  HVP_SWITCH_TYPE_UNKNOWN,
  HVP_SWITCH_TYPE_PRIVATE,
  HVP_SWITCH_TYPE_INTERNAL,
  HVP_SWITCH_TYPE_EXTERNAL,
} HvpSwitchType;

/**
 * HvpSwitch:
 * @id: (nullable): switch id (Hyper-V GUID, upper case; libvirt network UUID)
 * @name: friendly name, the identity used to match a destination switch
 * @type: External, Internal or Private
 * @physical_nics: (element-type utf8): physical NICs an External switch is bound to (names or
 *   interface descriptions, as the source recorded them; a team lists each member)
 *
 * A virtual switch of a host.
 */
typedef struct {
  char *id;
  char *name;
  HvpSwitchType type;
  GPtrArray *physical_nics;
} HvpSwitch;

HvpSwitch *hvp_switch_new (const char *id, const char *name, HvpSwitchType type);
void hvp_switch_free (HvpSwitch *vswitch);
const char *hvp_switch_type_to_string (HvpSwitchType type);
gboolean hvp_switch_type_from_string (const char *string, HvpSwitchType *ret_type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpSwitch, hvp_switch_free)

extern const HvpFieldTable hvp_switch_fields;

G_END_DECLS
