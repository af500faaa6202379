/* hvplan: a virtual machine (libvirt: a domain). */
#pragma once

#include <glib.h>

#include "models/field.h"

#include "models/adapter.h"
#include "models/drive.h"
#include "models/memory.h"
#include "models/snapshot.h"
#include "models/utilization.h"

G_BEGIN_DECLS

/**
 * HvpVmState:
 *
 * A VM's state when the inventory was collected.  Hyper-V XML does not record it: the collector
 * infers %HVP_VM_STATE_SAVED from saved-state files and leaves the rest %HVP_VM_STATE_UNKNOWN.
 */
typedef enum {
  HVP_VM_STATE_UNKNOWN,
  HVP_VM_STATE_OFF,
  HVP_VM_STATE_RUNNING,
  HVP_VM_STATE_SAVED,
  HVP_VM_STATE_PAUSED,
  HVP_VM_STATE_OTHER,
} HvpVmState;

/**
 * HvpVm:
 * @id: VM id (Hyper-V `properties/global_id` GUID, upper case; libvirt domain UUID)
 * @name: display name
 * @state: state at collection
 * @generation: 1 or 2; 0 when unknown
 * @configuration_version: (nullable): "5.0" style configuration version
 * @vcpus: virtual processors
 * @memory: memory configuration
 * @processor_compatibility: %TRUE when processor compatibility for migration is on
 *   (`settings/processors/features/limit`, PowerShell `CompatibilityForMigrationEnabled`)
 * @saved_state: %TRUE when the VM has a saved state (saved, or a memory image left behind)
 * @saved_state_bytes: bytes of its saved-state files (.vsv + .bin); 0 when unknown
 * @config_path: (nullable): the configuration file the VM was read from
 * @drives: (element-type HvpDrive): hard disk drives
 * @adapters: (element-type HvpAdapter): network adapters
 * @snapshots: (element-type HvpSnapshot): checkpoints, flat; see hvp_vm_link_snapshots()
 * @current_snapshot_id: (nullable): the snapshot the running configuration derives from
 * @secure_boot: UEFI Secure Boot of a generation 2 VM (PowerShell `Get-VMFirmware`
 *   `SecureBoot`, Hyper-V XML `settings/secure_boot_enabled`, libvirt `<loader secure='yes'>`)
 * @secure_boot_template: (nullable): its template: "MicrosoftWindows",
 *   "MicrosoftUEFICertificateAuthority", "OpenSourceShieldedVM" (`Get-VMFirmware`
 *   `SecureBootTemplate`)
 * @tpm: a virtual TPM is enabled (`Get-VMSecurity` `TpmEnabled`, libvirt `<tpm>`)
 * @key_protector: a key protector is set (`Get-VMKeyProtector` returns more than an empty one)
 * @shielded: the VM is shielded (`Get-VMSecurity` `Shielded`)
 * @remotefx_3d: a RemoteFX 3D video adapter is attached (`Get-VMRemoteFx3dVideoAdapter`,
 *   Hyper-V XML `synthetic3d` device)
 * @fibre_channel_sans: (element-type utf8): the virtual SANs its virtual Fibre Channel adapters
 *   connect to (`Get-VMFibreChannelHba` `SanName`); empty when none or unknown
 * @assigned_devices: (element-type utf8): devices assigned with discrete device assignment
 *   (`Get-VMAssignableDevice` `LocationPath`, libvirt `<hostdev>`); empty when none or unknown
 * @guest_os: (nullable): the guest operating system's name (KVP `OSName`, libosinfo id)
 * @guest_os_version: (nullable): its version (KVP `OSVersion`, "6.3.9600")
 * @integration_services_version: (nullable): the guest's integration services version
 *   (`Get-VM` `IntegrationServicesVersion`)
 * @processor_compatibility_mode: (nullable): Windows Server 2025's processor compatibility mode
 *   (`Get-VMProcessor` `CompatibilityForMigrationMode`: "MinimumFeatureSet",
 *   "CommonClusterFeatureSet")
 * @utilization: (nullable): what it used over a sampled period; %NULL when not measured
 *
 * One virtual machine.  The fields from @secure_boot on serve the compatibility check; each is
 * unknown (%HVP_TRISTATE_UNKNOWN, %NULL, empty) when no source collected it.
 */
typedef struct {
  char *id;
  char *name;
  HvpVmState state;
  guint generation;
  char *configuration_version;
  guint vcpus;
  HvpMemory memory;
  gboolean processor_compatibility;
  gboolean saved_state;
  guint64 saved_state_bytes;
  char *config_path;
  GPtrArray *drives;
  GPtrArray *adapters;
  GPtrArray *snapshots;
  char *current_snapshot_id;
  HvpTristate secure_boot;
  char *secure_boot_template;
  HvpTristate tpm;
  HvpTristate key_protector;
  HvpTristate shielded;
  HvpTristate remotefx_3d;
  GPtrArray *fibre_channel_sans;
  GPtrArray *assigned_devices;
  char *guest_os;
  char *guest_os_version;
  char *integration_services_version;
  char *processor_compatibility_mode;
  HvpUtilization *utilization;
} HvpVm;

/**
 * HvpVmPlatform:
 * @HVP_VM_PLATFORM_ANY: the source does not say (an inventory document): the largest limit of both
 * @HVP_VM_PLATFORM_HYPERV: a Hyper-V host (Hyper-V XML, PowerShell)
 * @HVP_VM_PLATFORM_LIBVIRT: a libvirt host
 *
 * Whose limits hvp_vm_validate() applies.
 */
typedef enum {
  HVP_VM_PLATFORM_ANY,
  HVP_VM_PLATFORM_HYPERV,
  HVP_VM_PLATFORM_LIBVIRT,
} HvpVmPlatform;

/* Microsoft, "Plan for Hyper-V scalability in Windows Server", Maximums for virtual machines,
 * "Virtual processors": 64 for generation 1; 240 for generation 2 on Windows Server 2016 to 2022,
 * 2,048 for generation 2 on Windows Server 2025 (the largest any Hyper-V allows). */
#define HVP_HYPERV_MAX_VCPUS_GENERATION_1 64
#define HVP_HYPERV_MAX_VCPUS_GENERATION_2 2048
/* libvirt reports a hypervisor's limit as domain capabilities' `<vcpu max='N'/>` (libvirt,
 * "Domain capabilities", "CPU Allocation"); for QEMU/KVM on x86 it is the machine type's
 * max_cpus, 4096 for q35 in current QEMU, the largest of its x86 machines. */
#define HVP_LIBVIRT_MAX_VCPUS 4096

HvpVm *hvp_vm_new (const char *id, const char *name);
void hvp_vm_free (HvpVm *vm);
HvpSnapshot *hvp_vm_find_snapshot (const HvpVm *vm, const char *id);
GPtrArray *hvp_vm_link_snapshots (HvpVm *vm);
guint hvp_vm_max_vcpus (const HvpVm *vm);
guint hvp_vm_vcpu_limit (const HvpVm *vm, HvpVmPlatform platform);
gboolean hvp_vm_refuse_zero_vcpus (GError **error);
gboolean hvp_vm_validate (const HvpVm *vm, HvpVmPlatform platform, GError **error);
gboolean hvp_vm_has_saved_state (const HvpVm *vm);

const char *hvp_vm_state_to_string (HvpVmState state);
gboolean hvp_vm_state_from_string (const char *string, HvpVmState *ret_state);

const char *hvp_vm_label (const HvpVm *vm);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpVm, hvp_vm_free)

extern const HvpFieldTable hvp_vm_fields;

G_END_DECLS
