/* hvplan: a hard disk drive slot of a VM or snapshot. */
#pragma once

#include <glib.h>

#include "models/field.h"

G_BEGIN_DECLS

/**
 * HvpControllerType:
 *
 * The controller a drive hangs on (PowerShell `ControllerType`: 0 IDE, 1 SCSI).
 */
typedef enum {
  HVP_CONTROLLER_TYPE_IDE,
  HVP_CONTROLLER_TYPE_SCSI,
  HVP_CONTROLLER_TYPE_OTHER,
} HvpControllerType;

/**
 * HvpDrive:
 * @controller_type: IDE or SCSI
 * @controller_number: controller index (IDE 0-1, SCSI 0-3)
 * @controller_location: drive index on that controller
 * @disk_path: the attached file as recorded (the key of the disk in the host's table)
 * @passthrough_disk: the host's physical disk number of a pass-through disk (`Get-VMHardDiskDrive`
 *   `DiskNumber`, Hyper-V XML `pathname` `Disk N`); -1 when the drive holds a file
 * @shared: the disk is shared with other VMs: a shared VHDX or a VHD Set (`SupportPersistentReservations`,
 *   a `.vhds` file)
 *
 * A hard disk drive of a VM or snapshot.  Empty slots, DVD and floppy drives are not recorded.
 */
typedef struct {
  HvpControllerType controller_type;
  guint controller_number;
  guint controller_location;
  char *disk_path;
  gint passthrough_disk;
  HvpTristate shared;
} HvpDrive;

HvpDrive *hvp_drive_new (HvpControllerType controller_type, guint controller_number,
                         guint controller_location, const char *disk_path);
void hvp_drive_free (HvpDrive *drive);
const char *hvp_controller_type_to_string (HvpControllerType type);
gboolean hvp_controller_type_from_string (const char *string, HvpControllerType *ret_type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpDrive, hvp_drive_free)

extern const HvpFieldTable hvp_drive_fields;

G_END_DECLS
