#include "models/switch.h"

#include "models/units.h"

static const char *const switch_type_names[] = {
  [HVP_SWITCH_TYPE_UNKNOWN] = "unknown",
  [HVP_SWITCH_TYPE_PRIVATE] = "private",
  [HVP_SWITCH_TYPE_INTERNAL] = "internal",
  [HVP_SWITCH_TYPE_EXTERNAL] = "external",
};

/* Field tables read and write enums as guint. */
G_STATIC_ASSERT (sizeof (HvpSwitchType) == sizeof (guint));
static const HvpFieldEnum switch_type_enum = HVP_FIELD_ENUM_NAMES (switch_type_names);

/**
 * hvp_switch_new:
 * @id: (nullable): switch id
 * @name: friendly name
 * @type: External, Internal, Private or unknown
 *
 * Returns: (transfer full): a switch bound to no physical NIC
 */
HvpSwitch *
hvp_switch_new (const char *id, const char *name, HvpSwitchType type)
{
  HvpSwitch *vswitch = g_new0 (HvpSwitch, 1);

  vswitch->id = g_strdup (id);
  vswitch->name = g_strdup (name);
  vswitch->type = type;
  vswitch->physical_nics = g_ptr_array_new_with_free_func (g_free);
  return vswitch;
}

/**
 * hvp_switch_free:
 * @vswitch: (nullable) (transfer full): a switch
 */
void
hvp_switch_free (HvpSwitch *vswitch)
{
  if (vswitch == NULL)
    return;
  g_free (vswitch->id);
  g_free (vswitch->name);
  g_ptr_array_unref (vswitch->physical_nics);
  g_free (vswitch);
}

/**
 * hvp_switch_type_to_string:
 * @type: a switch type
 *
 * Returns: (transfer none): "external", "internal", "private" or "unknown"
 */
const char *
hvp_switch_type_to_string (HvpSwitchType type)
{
  return hvp_enum_to_string (switch_type_names, G_N_ELEMENTS (switch_type_names), type);
}

/**
 * hvp_switch_type_from_string:
 * @string: a name from hvp_switch_type_to_string()
 * @ret_type: (out): the type
 *
 * Returns: %FALSE when @string names no switch type
 */
gboolean
hvp_switch_type_from_string (const char *string, HvpSwitchType *ret_type)
{
  guint value;

  if (!hvp_enum_from_string (switch_type_names, G_N_ELEMENTS (switch_type_names), string, &value))
    return FALSE;
  *ret_type = (HvpSwitchType) value;
  return TRUE;
}

/* The fields of a virtual switch (models/README.md, "switches"). */
static const HvpField switch_fields[] = {
  HVP_FIELD_KEY (HvpSwitch, id, HVP_FIELD_STRING, HVP_FIELD_NULLABLE | HVP_FIELD_FOLD_CASE, 2),
  HVP_FIELD_KEY (HvpSwitch, name, HVP_FIELD_STRING, HVP_FIELD_REQUIRED, 1),
  HVP_FIELD_ENUM_ROW (HvpSwitch, type, HVP_FIELD_OPTIONAL, 0, &switch_type_enum),
  HVP_FIELD_ROW (HvpSwitch, physical_nics, HVP_FIELD_STRINGS, HVP_FIELD_OPTIONAL),
};

/**
 * hvp_switch_fields:
 *
 * The fields of #HvpSwitch in the canonical inventory document, in order.
 */
const HvpFieldTable hvp_switch_fields = HVP_FIELD_TABLE ("switch", switch_fields);
