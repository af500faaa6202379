/* hvplan: a physical host (libvirt: a node) with its switches, disks and VMs. */
#pragma once

#include <glib.h>

#include "models/field.h"

#include "models/disk.h"
#include "models/lookup.h"
#include "models/security.h"
#include "models/switch.h"
#include "models/vm.h"

G_BEGIN_DECLS

/**
 * HvpProcessor:
 * @vendor: (nullable): manufacturer as CPUID reports it ("GenuineIntel", "AuthenticAMD"); a
 *   collector maps other spellings ("Intel", "AMD") with hvp_processor_vendor_normalize()
 * @family: CPUID display family; 0 when unknown
 * @model: CPUID display model; 0 when unknown
 * @stepping: CPUID stepping; -1 when unknown (0 is a real stepping)
 * @name: (nullable): marketing name ("Intel(R) Xeon(R) CPU E5-2670 0 @ 2.60GHz")
 * @cpu_xml: (nullable): libvirt host `<cpu>` element, when the source is libvirt
 *
 * The host's processor.
 */
typedef struct {
  char *vendor;
  guint family;
  guint model;
  gint stepping;
  char *name;
  char *cpu_xml;
} HvpProcessor;

/**
 * HvpVolume:
 * @path: mount point or drive ("D:\\")
 * @capacity_bytes: size
 * @free_bytes: free space
 *
 * A volume that holds (or may hold) VM files.
 */
typedef struct {
  char *path;
  guint64 capacity_bytes;
  guint64 free_bytes;
} HvpVolume;

/**
 * HvpHost:
 * @name: host name
 * @os: (nullable): operating system ("Windows Server 2012 R2")
 * @memory_bytes: physical memory
 * @logical_processors: logical processors (threads)
 * @processor: the processor
 * @physical_nics: (element-type utf8): physical network adapters by name or description
 * @volumes: (element-type HvpVolume): volumes
 * @switches: (element-type HvpSwitch): virtual switches
 * @vms: (element-type HvpVm): virtual machines
 * @disks: (element-type HvpDisk): every virtual hard disk file once, in the order added
 * @security: (nullable): Hyper-V security settings; %NULL when no source read them
 * @ip_configuration: (nullable): the host's `ipconfig /all` output, as text
 * @supported_versions: (element-type utf8): the VM configuration versions the host supports
 *   (`Get-VMHostSupportedVersion` `Version`: "5.0", "9.0"); empty when unknown (the
 *   compatibility check then reads them from its table for @os)
 * @secure_boot_templates: (element-type utf8): the Secure Boot templates the host offers
 *   ("MicrosoftWindows", ...); empty when unknown
 * @hgs_attested: the host is a guarded host that Host Guardian Service attests
 *   (`Get-HgsClientConfiguration` `IsHostGuarded`)
 *
 * One physical host.  A destination is a host with no VMs.
 */
typedef struct {
  char *name;
  char *os;
  guint64 memory_bytes;
  guint logical_processors;
  HvpProcessor processor;
  GPtrArray *physical_nics;
  GPtrArray *volumes;
  GPtrArray *switches;
  GPtrArray *vms;
  GPtrArray *disks;
  HvpSecurity *security;
  char *ip_configuration;
  GPtrArray *supported_versions;
  GPtrArray *secure_boot_templates;
  HvpTristate hgs_attested;
  /*< private >*/
  GHashTable *disk_index;
  HvpLookup *switch_lookup;  /* hvp_host_find_switch() */
  HvpLookup *vm_lookup;      /* hvp_host_find_vm() */
} HvpHost;

HvpHost *hvp_host_new (const char *name);
void hvp_host_free (HvpHost *host);
HvpDisk *hvp_host_add_disk (HvpHost *host, HvpDisk *disk);
HvpDisk *hvp_host_find_disk (const HvpHost *host, const char *path);
HvpSwitch *hvp_host_find_switch (const HvpHost *host, const char *id_or_name);
HvpVm *hvp_host_find_vm (const HvpHost *host, const char *id_or_name);
void hvp_host_link_disks (HvpHost *host);
HvpVolume *hvp_volume_new (const char *path, guint64 capacity_bytes, guint64 free_bytes);
void hvp_volume_free (HvpVolume *volume);
gboolean hvp_volume_validate (const HvpVolume *volume, GError **error);
const char *hvp_processor_vendor_normalize (const char *vendor);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpHost, hvp_host_free)
const char *hvp_host_label (const HvpHost *host);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpVolume, hvp_volume_free)

extern const HvpFieldTable hvp_processor_fields;
extern const HvpFieldTable hvp_volume_fields;
extern const HvpFieldTable hvp_host_fields;

G_END_DECLS
