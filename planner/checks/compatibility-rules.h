/* hvplan: the compatibility rules of each Hyper-V host operating system, as data (one row per
 * host OS, planner/checks/compatibility-rules.c), and the questions the compatibility check asks
 * them. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * HvpSecureBootTemplate:
 * @HVP_SECURE_BOOT_TEMPLATE_WINDOWS: "MicrosoftWindows"
 * @HVP_SECURE_BOOT_TEMPLATE_UEFI_CA: "MicrosoftUEFICertificateAuthority" (Linux, FreeBSD)
 * @HVP_SECURE_BOOT_TEMPLATE_SHIELDED_LINUX: "OpenSourceShieldedVM" (shielded Linux VMs)
 *
 * The Secure Boot templates of a generation 2 VM, as bits of #HvpHostRules' @secure_boot_templates.
 */
typedef enum {
  HVP_SECURE_BOOT_TEMPLATE_WINDOWS = 1 << 0,
  HVP_SECURE_BOOT_TEMPLATE_UEFI_CA = 1 << 1,
  HVP_SECURE_BOOT_TEMPLATE_SHIELDED_LINUX = 1 << 2,
} HvpSecureBootTemplate;

/**
 * HvpHostRules:
 * @os: the host operating system ("Windows Server 2025")
 * @rank: its release order (2012 R2 < 2016 < ...): a VM never moves to a lower rank by import
 * @versions: (array zero-terminated=1): the VM configuration versions it runs and imports, oldest
 *   first; the last is the default, the one `Update-VMVersion` upgrades to
 * @upgrades_xml: it can import a configuration in the XML format (version 5.0) and upgrade it
 * @generation_2: it runs generation 2 VMs
 * @secure_boot_templates: the #HvpSecureBootTemplate bits it offers
 * @vtpm: it offers virtual TPMs and key protectors (untrusted or HGS guardians)
 * @remotefx: 0 the RemoteFX 3D video adapter is removed; 1 present but deprecated (disabled by the
 *   July 2020 update, removed by the April 2021 update); 2 present
 * @source: the page the row follows
 *
 * What one Hyper-V host operating system runs: the rule table's row.
 */
typedef struct {
  const char *os;
  guint rank;
  const char *const *versions;
  gboolean upgrades_xml;
  gboolean generation_2;
  guint secure_boot_templates;
  gboolean vtpm;
  guint remotefx;
  const char *source;
} HvpHostRules;

extern const HvpHostRules hvp_host_rules[];
extern const guint hvp_n_host_rules;

const HvpHostRules *hvp_host_rules_find (const char *os);
gboolean hvp_host_rules_supports_version (const HvpHostRules *rules, const char *version);
const char *hvp_host_rules_default_version (const HvpHostRules *rules);
int hvp_configuration_version_compare (const char *a, const char *b);
char *hvp_host_rules_bridges (const HvpHostRules *destination, const char *version,
                              char **ret_upgrade_version);
const char *hvp_secure_boot_template_to_string (HvpSecureBootTemplate template);
gboolean hvp_secure_boot_template_from_string (const char *name,
                                               HvpSecureBootTemplate *ret_template);
gboolean hvp_guest_os_is_linux (const char *guest_os);

/**
 * HvpGuestRule:
 * @match: text the guest's name contains ("Windows Server 2025")
 * @min_host_rank: the lowest #HvpHostRules rank of a host that supports it (0: none)
 * @generation_2_only: supported only in a generation 2 VM
 * @supported: %FALSE for a guest the page does not list at all
 *
 * One row of the guest table (HVP_DOC_GUESTS).
 */
typedef struct {
  const char *match;
  guint min_host_rank;
  gboolean generation_2_only;
  gboolean supported;
} HvpGuestRule;

const HvpGuestRule *hvp_guest_rule_find (const char *guest_os);

/* The pages the compatibility rules follow (MicrosoftDocs/windowsserverdocs, published on
 * learn.microsoft.com/windows-server/). */
#define HVP_DOC_VERSIONS \
  "learn.microsoft.com/windows-server/virtualization/hyper-v/deploy/" \
  "upgrade-virtual-machine-version-in-hyper-v-on-windows-or-windows-server"
#define HVP_DOC_GENERATION \
  "learn.microsoft.com/windows-server/virtualization/hyper-v/plan/" \
  "should-i-create-a-generation-1-or-2-virtual-machine-in-hyper-v"
#define HVP_DOC_GUARDED \
  "learn.microsoft.com/windows-server/security/guarded-fabric-shielded-vm/" \
  "guarded-fabric-and-shielded-vms"
#define HVP_DOC_REMOTEFX \
  "learn.microsoft.com/troubleshoot/windows-server/remote/remotefx-vgpu-disabled-removed " \
  "(KB4570006)"
#define HVP_DOC_FIBRE_CHANNEL \
  "learn.microsoft.com/windows-server/virtualization/hyper-v/plan/virtual-fibre-channel-for-hyper-v"
#define HVP_DOC_DDA \
  "learn.microsoft.com/windows-server/virtualization/hyper-v/plan/" \
  "plan-for-deploying-devices-using-discrete-device-assignment"
#define HVP_DOC_NETWORKING \
  "learn.microsoft.com/windows-server/virtualization/hyper-v/plan/" \
  "plan-hyper-v-networking-in-windows-server"
#define HVP_DOC_EXPORT_IMPORT \
  "learn.microsoft.com/windows-server/virtualization/hyper-v/deploy/" \
  "export-and-import-virtual-machines"
#define HVP_DOC_GUESTS \
  "learn.microsoft.com/windows-server/virtualization/hyper-v/" \
  "supported-windows-guest-operating-systems-for-hyper-v-on-windows"
#define HVP_DOC_PROCESSOR \
  "learn.microsoft.com/windows-server/virtualization/hyper-v/manage/" \
  "processor-compatibility-mode-hyper-v"

G_END_DECLS
