/* hvplan: the compatibility check (issue 13): every reason a VM would not import or start on the
 * destination, checked offline against the rule table of the destination's operating system
 * (compatibility-rules.c), and each VM's migration path.  Each rule cites its page beside it. */
#include "planner/checks/checks.h"

#include <string.h>

#include "planner/checks/compatibility-rules.h"

typedef struct {
  HvpPlan *plan;
  const HvpHost *destination;
  const HvpHostRules *rules; /* NULL: the destination's operating system is not in the table */
  const char *label;         /* the destination's name */
} Context;

/* A finding of @plan_vm's, which raises the VM's own compatibility verdict too. */
static void G_GNUC_PRINTF (4, 5)
add (const Context *context, HvpPlanVm *plan_vm, HvpVerdict severity, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  hvp_plan_add_finding (context->plan, severity, HVP_REQUIREMENT_COMPATIBILITY, plan_vm->name,
                        "%s", message);
  plan_vm->compatibility = MAX (plan_vm->compatibility, severity);
}

/* The worse of the VM's path and @path (the enum runs from the easiest to blocked). */
static void
raise_path (HvpPlanVm *plan_vm, HvpMigrationPath path)
{
  plan_vm->migration_path = MAX (plan_vm->migration_path, path);
}

/* The destination's own list (Get-VMHostSupportedVersion) when its inventory has one, else the
 * rule table's row. */
static gboolean
destination_supports (const Context *context, const char *version)
{
  const GPtrArray *listed = context->destination->supported_versions;

  if (listed->len == 0)
    return hvp_host_rules_supports_version (context->rules, version);
  for (guint i = 0; i < listed->len; i++)
    if (hvp_configuration_version_compare (g_ptr_array_index (listed, i), version) == 0)
      return TRUE;
  return FALSE;
}

static const char *
destination_default (const Context *context)
{
  const GPtrArray *listed = context->destination->supported_versions;
  const char *newest = NULL;

  if (listed->len == 0)
    return hvp_host_rules_default_version (context->rules);
  for (guint i = 0; i < listed->len; i++)
    if (newest == NULL
        || hvp_configuration_version_compare (g_ptr_array_index (listed, i), newest) > 0)
      newest = g_ptr_array_index (listed, i);
  return newest;
}

/* Importable: as it is, or with an optional, one-way upgrade (HVP_DOC_VERSIONS: "You can't
 * downgrade a virtual machine configuration version after you've upgraded it"). */
static void
judge_importable (const Context *context, const HvpHost *source, const HvpVm *vm,
                  HvpPlanVm *plan_vm)
{
  const char *newest = destination_default (context);

  if (hvp_configuration_version_compare (vm->configuration_version, newest) >= 0)
    {
      raise_path (plan_vm, HVP_MIGRATION_PATH_IMPORT);
      return;
    }
  raise_path (plan_vm, HVP_MIGRATION_PATH_IMPORT_AND_UPGRADE);
  g_free (plan_vm->upgrade_version);
  plan_vm->upgrade_version = g_strdup (newest);
  add (context, plan_vm, HVP_VERDICT_INFO,
       "configuration version %s imports on %s ('%s'); Update-VMVersion upgrades it to %s for the "
       "newer features: one way, the VM then no longer starts on %s ('%s'); upgrade only when no "
       "move back is planned (%s)",
       vm->configuration_version, context->rules->os, context->label, newest,
       source->os != NULL ? source->os : "the source host", hvp_host_label (source),
       HVP_DOC_VERSIONS);
}

/* Not importable: through a host that bridges the versions, else re-created. */
static void
judge_not_importable (const Context *context, const HvpVm *vm, HvpPlanVm *plan_vm)
{
  const char *version = vm->configuration_version;
  char *upgrade = NULL;
  g_autofree char *bridges = NULL;

  if (hvp_configuration_version_compare (version, destination_default (context)) > 0)
    {
      raise_path (plan_vm, HVP_MIGRATION_PATH_RECREATE);
      add (context, plan_vm, HVP_VERDICT_FAIL,
           "configuration version %s is newer than %s ('%s') supports: a VM never imports onto an "
           "older Hyper-V; re-create it on the destination from the recorded settings (checklist "
           "step 5) with its virtual hard disks attached (%s)",
           version, context->rules->os, context->label, HVP_DOC_VERSIONS);
      return;
    }
  bridges = hvp_host_rules_bridges (context->rules, version, &upgrade);
  if (bridges != NULL)
    {
      raise_path (plan_vm, HVP_MIGRATION_PATH_TWO_HOP);
      g_free (plan_vm->hop_hosts);
      plan_vm->hop_hosts = g_strdup (bridges);
      g_free (plan_vm->upgrade_version);
      plan_vm->upgrade_version = g_strdup (upgrade);
      add (context, plan_vm, HVP_VERDICT_FAIL,
           "configuration version %s is not supported on %s ('%s'): Import-VM refuses it (error "
           "32784, VM version is unsupported); two hops: import it on %s, Update-VMVersion there "
           "(to %s), export it and import that on '%s'; or re-create it from the recorded settings "
           "(checklist step 5) with its virtual hard disks attached (%s)",
           version, context->rules->os, context->label, bridges, upgrade, context->label,
           HVP_DOC_VERSIONS);
      return;
    }
  raise_path (plan_vm, HVP_MIGRATION_PATH_RECREATE);
  add (context, plan_vm, HVP_VERDICT_FAIL,
       "configuration version %s is not supported on %s ('%s') and no Windows Server version "
       "imports it and upgrades it to one that is: re-create the VM on the destination from the "
       "recorded settings (checklist step 5) with its virtual hard disks attached (%s)",
       version, context->rules->os, context->label, HVP_DOC_VERSIONS);
}

/* Check 1, the configuration version (HVP_DOC_VERSIONS). */
static void
check_version (const Context *context, const HvpHost *source, const HvpVm *vm,
               HvpPlanVm *plan_vm)
{
  if (vm->configuration_version == NULL)
    {
      raise_path (plan_vm, HVP_MIGRATION_PATH_RECREATE);
      add (context, plan_vm, HVP_VERDICT_WARN,
           "configuration version unknown (not a Hyper-V configuration, or not collected): "
           "Import-VM needs an exported Hyper-V VM; re-create the VM on '%s' from the recorded "
           "settings (checklist step 5) with its virtual hard disks attached (%s)",
           context->label, HVP_DOC_EXPORT_IMPORT);
      return;
    }
  if (destination_supports (context, vm->configuration_version))
    judge_importable (context, source, vm, plan_vm);
  else
    judge_not_importable (context, vm, plan_vm);
}

/* The destination's own list of Secure Boot templates when its inventory has one, else the rule
 * table's row. */
static guint
destination_templates (const Context *context)
{
  const GPtrArray *listed = context->destination->secure_boot_templates;
  guint templates = 0;

  if (listed->len == 0)
    return context->rules->secure_boot_templates;
  for (guint i = 0; i < listed->len; i++)
    {
      HvpSecureBootTemplate template;

      if (hvp_secure_boot_template_from_string (g_ptr_array_index (listed, i), &template))
        templates |= template;
    }
  return templates;
}

/* Check 2, generation and firmware (HVP_DOC_GENERATION: generation 2 from Windows Server 2012
 * R2; Linux guests boot with Secure Boot under the UEFI CA template only). */
static void
check_firmware (const Context *context, const HvpVm *vm, HvpPlanVm *plan_vm)
{
  HvpSecureBootTemplate template;

  if (vm->generation == 2 && !context->rules->generation_2)
    {
      raise_path (plan_vm, HVP_MIGRATION_PATH_BLOCKED);
      add (context, plan_vm, HVP_VERDICT_FAIL,
           "generation 2 VM: %s ('%s') runs generation 1 only and a VM's generation cannot "
           "change (%s)", context->rules->os, context->label, HVP_DOC_GENERATION);
    }
  if (vm->secure_boot != HVP_TRISTATE_YES
      || !hvp_secure_boot_template_from_string (vm->secure_boot_template, &template))
    return;
  if (!(destination_templates (context) & template))
    add (context, plan_vm, HVP_VERDICT_FAIL,
         "Secure Boot template %s does not exist on %s ('%s'): the VM will not boot; choose a "
         "template the destination offers with Set-VMFirmware -SecureBootTemplate, or turn Secure "
         "Boot off (%s)",
         hvp_secure_boot_template_to_string (template), context->rules->os, context->label,
         HVP_DOC_GENERATION);
  else if (template == HVP_SECURE_BOOT_TEMPLATE_WINDOWS && hvp_guest_os_is_linux (vm->guest_os))
    add (context, plan_vm, HVP_VERDICT_WARN,
         "Linux guest with Secure Boot under the MicrosoftWindows template: it will not boot; "
         "before starting it: Set-VMFirmware -SecureBootTemplate "
         "MicrosoftUEFICertificateAuthority (%s)", HVP_DOC_GENERATION);
}

/* Check 3, virtual TPM, key protector and shielding (HVP_DOC_GUARDED). */
static void
check_guardian (const Context *context, const HvpVm *vm, HvpPlanVm *plan_vm)
{
  gboolean protected = vm->tpm == HVP_TRISTATE_YES || vm->key_protector == HVP_TRISTATE_YES;

  if (protected && !context->rules->vtpm)
    {
      raise_path (plan_vm, HVP_MIGRATION_PATH_BLOCKED);
      add (context, plan_vm, HVP_VERDICT_FAIL,
           "virtual TPM or key protector: %s ('%s') has no virtual TPM (configuration version "
           "7.0, Windows Server 2016 on) (%s)", context->rules->os, context->label,
           HVP_DOC_VERSIONS);
      return;
    }
  if (vm->shielded == HVP_TRISTATE_YES && context->destination->hgs_attested != HVP_TRISTATE_YES)
    {
      raise_path (plan_vm, HVP_MIGRATION_PATH_BLOCKED);
      add (context, plan_vm, HVP_VERDICT_FAIL,
           "shielded VM: it starts only on a guarded host that the Host Guardian Service attests, "
           "and '%s' is not known to be one (hgs_attested): make it a guarded host of the VM's "
           "HGS, or unshield the VM on the source first (%s)", context->label, HVP_DOC_GUARDED);
      return;
    }
  if (protected && vm->shielded != HVP_TRISTATE_YES)
    add (context, plan_vm, HVP_VERDICT_WARN,
         "virtual TPM / key protector: without its guardian on '%s' the VM will not start (The key "
         "protector could not be unwrapped); on the source export the certificates of "
         "Cert:\\LocalMachine\\Shielded VM Local Certificates with their private keys "
         "(Export-PfxCertificate), on '%s' import them into the same store "
         "(Import-PfxCertificate), or attest both hosts with the same HGS (%s)",
         context->label, context->label, HVP_DOC_GUARDED);
}

/* Check 4, devices: pass-through disks and shared virtual hard disks. */
static void
check_drives (const Context *context, const HvpVm *vm, HvpPlanVm *plan_vm)
{
  for (guint i = 0; i < vm->drives->len; i++)
    {
      const HvpDrive *drive = g_ptr_array_index (vm->drives, i);
      const char *controller = hvp_controller_type_to_string (drive->controller_type);

      if (drive->passthrough_disk >= 0)
        add (context, plan_vm, HVP_VERDICT_WARN,
             "pass-through disk %d of the source host (%s %u:%u): its data is not in any file "
             "and is not copied by export; present the LUN to '%s' (or copy it into a VHDX), then "
             "attach it with Add-VMHardDiskDrive -DiskNumber; Compare-VM reports the missing disk "
             "(%s)",
             drive->passthrough_disk, controller, drive->controller_number,
             drive->controller_location, context->label, HVP_DOC_EXPORT_IMPORT);
      if (drive->shared == HVP_TRISTATE_YES)
        add (context, plan_vm, HVP_VERDICT_WARN,
             "shared virtual hard disk '%s' (shared VHDX or VHD Set, %s %u:%u): '%s' must reach "
             "the same shared storage (Cluster Shared Volume or SMB 3 share) and every VM that "
             "shares it must move together (%s)",
             drive->disk_path != NULL ? drive->disk_path : "?", controller,
             drive->controller_number, drive->controller_location, context->label,
             HVP_DOC_EXPORT_IMPORT);
    }
}

/* Check 4, devices: network adapters (HVP_DOC_NETWORKING, HVP_DOC_GENERATION). */
static void
check_adapters (const Context *context, const HvpVm *vm, HvpPlanVm *plan_vm)
{
  for (guint i = 0; i < vm->adapters->len; i++)
    {
      const HvpAdapter *adapter = g_ptr_array_index (vm->adapters, i);
      const char *name = adapter->name != NULL ? adapter->name : "?";

      if (adapter->legacy == HVP_TRISTATE_YES && vm->generation != 2)
        add (context, plan_vm, HVP_VERDICT_INFO,
             "legacy network adapter '%s': imports and works; the synthetic network adapter is "
             "faster (keep the legacy one only for PXE boot of a generation 1 VM) (%s)", name,
             HVP_DOC_GENERATION);
      if (adapter->sriov == HVP_TRISTATE_YES)
        add (context, plan_vm, HVP_VERDICT_INFO,
             "SR-IOV on adapter '%s': the destination's physical NIC and its External switch must "
             "support SR-IOV (New-VMSwitch -EnableIov $true), otherwise traffic falls back to the "
             "synthetic path (%s)", name, HVP_DOC_NETWORKING);
      if (adapter->static_mac == HVP_TRISTATE_YES)
        add (context, plan_vm, HVP_VERDICT_INFO,
             "static MAC address %s on adapter '%s': keep it unique on the destination network "
             "(Import-VM -Copy -GenerateNewId keeps static MACs; retire the source VM) (%s)",
             adapter->mac != NULL ? adapter->mac : "?", name, HVP_DOC_NETWORKING);
      if (adapter->vlan_id > 0)
        add (context, plan_vm, HVP_VERDICT_INFO,
             "adapter '%s' tags VLAN %u: the physical switch ports of '%s' behind its External "
             "switch must carry VLAN %u (trunk) (%s)",
             name, adapter->vlan_id, context->label, adapter->vlan_id, HVP_DOC_NETWORKING);
    }
}

/* Check 4, devices the VM holds: RemoteFX 3D (HVP_DOC_REMOTEFX), virtual Fibre Channel
 * (HVP_DOC_FIBRE_CHANNEL), discrete device assignment (HVP_DOC_DDA). */
static void
check_devices (const Context *context, const HvpVm *vm, HvpPlanVm *plan_vm)
{
  if (vm->remotefx_3d == HVP_TRISTATE_YES && context->rules->remotefx < 2)
    add (context, plan_vm, context->rules->remotefx == 0 ? HVP_VERDICT_FAIL : HVP_VERDICT_WARN,
         "RemoteFX 3D video adapter: %s on %s ('%s'); remove it on the source before export "
         "(Remove-VMRemoteFx3dVideoAdapter), use discrete device assignment or GPU partitioning "
         "instead (%s)",
         context->rules->remotefx == 0 ? "removed" : "disabled and removed by the 2020-2021 "
                                                     "updates",
         context->rules->os, context->label, HVP_DOC_REMOTEFX);
  for (guint i = 0; i < vm->fibre_channel_sans->len; i++)
    add (context, plan_vm, HVP_VERDICT_WARN,
         "virtual Fibre Channel adapter on virtual SAN '%s': create a virtual SAN of that name on "
         "'%s' (New-VMSan) over Fibre Channel ports zoned to the same storage, and move the "
         "adapter's WWPNs in the zoning (%s)",
         (const char *) g_ptr_array_index (vm->fibre_channel_sans, i), context->label,
         HVP_DOC_FIBRE_CHANNEL);
  for (guint i = 0; i < vm->assigned_devices->len; i++)
    add (context, plan_vm, HVP_VERDICT_WARN,
         "device assigned with discrete device assignment ('%s'): Compare-VM reports it missing; "
         "on '%s' dismount an equal device (Dismount-VMHostAssignableDevice) and assign it "
         "(Add-VMAssignableDevice) (%s)",
         (const char *) g_ptr_array_index (vm->assigned_devices, i), context->label, HVP_DOC_DDA);
}

/* Check 5, the guest operating system (HVP_DOC_GUESTS, the guest table of
 * compatibility-rules.c): a guest the page does not list, or lists only on newer hosts or in
 * generation 2, warns.  The page covers Windows Server 2016 and later hosts. */
static void
check_guest (const Context *context, const HvpVm *vm, HvpPlanVm *plan_vm)
{
  const HvpGuestRule *rule = hvp_guest_rule_find (vm->guest_os);
  const char *why = NULL;

  if (rule == NULL || context->rules->rank < 2)
    return;
  if (!rule->supported)
    why = "is not a supported guest";
  else if (context->rules->rank < rule->min_host_rank)
    why = "is a supported guest only of newer hosts than";
  else if (rule->generation_2_only && vm->generation != 2)
    why = "is supported only in a generation 2 VM on";
  if (why != NULL)
    add (context, plan_vm, HVP_VERDICT_WARN,
         "guest operating system '%s' %s %s ('%s'): it may run, unsupported; upgrade the guest "
         "or choose another destination (%s)",
         vm->guest_os, why, context->rules->os, context->label, HVP_DOC_GUESTS);
}

/* Check 6, live migration (HVP_DOC_PROCESSOR): across manufacturers never; across models only
 * with processor compatibility mode.  Import with the VM shut down is unaffected. */
static void
check_live_migration (const Context *context, const HvpHost *source, const HvpVm *vm,
                      HvpPlanVm *plan_vm)
{
  const char *from = hvp_processor_vendor_normalize (source->processor.vendor);
  const char *to = hvp_processor_vendor_normalize (context->destination->processor.vendor);

  /* Windows Server 2025's dynamic processor compatibility mode, where the inventory records it
   * (Get-VMProcessor CompatibilityForMigrationMode). */
  if (vm->processor_compatibility_mode != NULL)
    add (context, plan_vm, HVP_VERDICT_INFO,
         "processor compatibility mode '%s' recorded: %s (%s)", vm->processor_compatibility_mode,
         context->rules->rank >= 5 ? "Windows Server 2025 keeps it; with CommonClusterFeatureSet "
                                     "the VM sees the features every node of the destination "
                                     "cluster shares"
                                   : "only Windows Server 2025 has the dynamic mode; the "
                                     "destination offers the static mode "
                                     "(-CompatibilityForMigrationEnabled)",
         HVP_DOC_PROCESSOR);
  if (from == NULL || to == NULL || *from == '\0' || *to == '\0')
    return;
  if (strcmp (from, to) != 0)
    add (context, plan_vm, HVP_VERDICT_INFO,
         "live migration from %s to %s is impossible (processor compatibility mode stays within "
         "one manufacturer): move the VM shut down, by export and import (%s)",
         from, to, HVP_DOC_PROCESSOR);
  else if (!vm->processor_compatibility
           && (source->processor.model != context->destination->processor.model
               || source->processor.family != context->destination->processor.family))
    add (context, plan_vm, HVP_VERDICT_INFO,
         "live migration to another processor model needs processor compatibility mode "
         "(Set-VMProcessor -CompatibilityForMigrationEnabled $true, VM off)%s (%s)",
         context->rules->rank >= 5 ? "; on Windows Server 2025 the dynamic mode "
                                     "(-CompatibilityForMigrationMode CommonClusterFeatureSet) "
                                     "keeps more features"
                                   : "",
         HVP_DOC_PROCESSOR);
}

static void
check_vm (const HvpHost *host, const HvpVm *vm, HvpPlanVm *plan_vm, gpointer user_data)
{
  const Context *context = user_data;

  if (context->rules == NULL)
    return;
  check_version (context, host, vm, plan_vm);
  check_firmware (context, vm, plan_vm);
  check_guardian (context, vm, plan_vm);
  check_drives (context, vm, plan_vm);
  check_adapters (context, vm, plan_vm);
  check_devices (context, vm, plan_vm);
  check_guest (context, vm, plan_vm);
  check_live_migration (context, host, vm, plan_vm);
}

/**
 * hvp_check_compatibility:
 * @plan: the plan being built
 * @source: the inventory being migrated
 * @destination: the destination host
 *
 * The fifth requirement (issue 13): every reason a VM would not import or start on @destination,
 * from the rule table row of its `os` (hvp_host_rules_find(); each rule cites its page):
 * configuration version (import, import-and-upgrade, two-hop, recreate), generation and Secure
 * Boot template, virtual TPM / key protector / shielding, devices (pass-through and shared disks,
 * RemoteFX 3D, virtual Fibre Channel, discrete device assignment, legacy adapters, SR-IOV, static
 * MACs, VLANs), the guest operating system, and live migration across processors.  Fills each
 * VM's migration path and compatibility verdict; the requirement's VMs are those with a warn or
 * fail finding, `required` their count.  A destination `os` the table does not know is one
 * info finding (no `os` none: the verdicts of destinations written before the check stay as they
 * were); both leave every path unknown.
 */
void
hvp_check_compatibility (HvpPlan *plan, const HvpInventory *source, const HvpHost *destination)
{
  HvpRequirement *requirement = &plan->requirements[HVP_REQUIREMENT_COMPATIBILITY];
  Context context = { plan, destination, hvp_host_rules_find (destination->os),
                      hvp_host_label (destination) };

  /* No `os` at all: the paths stay unknown and the reports say so, without a finding. */
  if (context.rules == NULL && destination->os != NULL)
    hvp_plan_add_finding (plan, HVP_VERDICT_INFO, HVP_REQUIREMENT_COMPATIBILITY, NULL,
                          "operating system '%s' of '%s' is not in the compatibility rules: "
                          "configuration versions, generations and devices not checked; run "
                          "Compare-VM on the destination, or name a Windows Server release from "
                          "2012 R2 to 2025 in its 'os'",
                          destination->os, context.label);
  else if (context.rules != NULL)
    plan->destination_rules = g_strdup (context.rules->os);
  hvp_check_walk_vms (plan, source, check_vm, &context);
  requirement->required = requirement->vms->len;
}
