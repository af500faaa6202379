#include "models/drive.h"

#include "models/units.h"

static const char *const controller_type_names[] = {
  [HVP_CONTROLLER_TYPE_IDE] = "ide",
  [HVP_CONTROLLER_TYPE_SCSI] = "scsi",
  [HVP_CONTROLLER_TYPE_OTHER] = "other",
};

/* Field tables read and write enums as guint. */
G_STATIC_ASSERT (sizeof (HvpControllerType) == sizeof (guint));
static const HvpFieldEnum controller_type_enum = HVP_FIELD_ENUM_NAMES (controller_type_names);

/**
 * hvp_drive_new:
 * @controller_type: IDE or SCSI
 * @controller_number: controller index
 * @controller_location: drive index on the controller
 * @disk_path: the attached file as recorded
 *
 * Returns: (transfer full): a drive (not a pass-through disk; sharing unknown)
 */
HvpDrive *
hvp_drive_new (HvpControllerType controller_type, guint controller_number,
               guint controller_location, const char *disk_path)
{
  HvpDrive *drive = g_new0 (HvpDrive, 1);

  drive->controller_type = controller_type;
  drive->controller_number = controller_number;
  drive->controller_location = controller_location;
  drive->disk_path = g_strdup (disk_path);
  drive->passthrough_disk = -1;
  return drive;
}

/**
 * hvp_drive_free:
 * @drive: (nullable) (transfer full): a drive
 */
void
hvp_drive_free (HvpDrive *drive)
{
  if (drive == NULL)
    return;
  g_free (drive->disk_path);
  g_free (drive);
}

/**
 * hvp_controller_type_to_string:
 * @type: a controller type
 *
 * Returns: (transfer none): "ide", "scsi" or "other"
 */
const char *
hvp_controller_type_to_string (HvpControllerType type)
{
  return hvp_enum_to_string (controller_type_names, G_N_ELEMENTS (controller_type_names), type);
}

/**
 * hvp_controller_type_from_string:
 * @string: "ide", "scsi" or "other"
 * @ret_type: (out): the type
 *
 * Returns: %FALSE when @string names no controller type
 */
gboolean
hvp_controller_type_from_string (const char *string, HvpControllerType *ret_type)
{
  guint value;

  if (!hvp_enum_from_string (controller_type_names, G_N_ELEMENTS (controller_type_names), string,
                             &value))
    return FALSE;
  *ret_type = (HvpControllerType) value;
  return TRUE;
}

/* The fields of a drive (models/README.md, "drives"): all four are its identity. */
static const HvpField drive_fields[] = {
  HVP_FIELD_ENUM_ROW (HvpDrive, controller_type, HVP_FIELD_REQUIRED, 1, &controller_type_enum),
  HVP_FIELD_KEY (HvpDrive, controller_number, HVP_FIELD_COUNT, HVP_FIELD_REQUIRED, 2),
  HVP_FIELD_KEY (HvpDrive, controller_location, HVP_FIELD_COUNT, HVP_FIELD_REQUIRED, 3),
  HVP_FIELD_KEY (HvpDrive, disk_path, HVP_FIELD_STRING, HVP_FIELD_REQUIRED | HVP_FIELD_NULLABLE, 4),
  HVP_FIELD_ROW (HvpDrive, passthrough_disk, HVP_FIELD_STEPPING,
                 HVP_FIELD_NULLABLE | HVP_FIELD_OMIT_NULL),
  HVP_FIELD_ROW (HvpDrive, shared, HVP_FIELD_TRISTATE, HVP_FIELD_NULLABLE),
};

/**
 * hvp_drive_fields:
 *
 * The fields of #HvpDrive in the canonical inventory document, in order.
 */
const HvpFieldTable hvp_drive_fields = HVP_FIELD_TABLE ("drive", drive_fields);
