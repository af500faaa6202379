/* Unit tests of planner/checks/compatibility-rules.c (every row of the rule table against the
 * documentation) and planner/checks/compatibility.c (each check on a VM built in memory).
 *
 * The configuration versions are those of Microsoft's "Upgrade virtual machine version in Hyper-V
 * on Windows or Windows Server" (MicrosoftDocs/windowsserverdocs,
 * WindowsServerDocs/virtualization/hyper-v/deploy/
 * Upgrade-virtual-machine-version-in-Hyper-V-on-Windows-or-Windows-Server.md, ms.date 01/20/2025),
 * table "Supported VM configuration versions for long-term servicing hosts": each row below is
 * copied from it, check mark by check mark, columns 12.0 to 5.0. */
#include <string.h>

#include "unit.h"
#include "planner/checks/compatibility-rules.h"
#include "planner/plan.h"

/* The page's columns, newest first, and its rows ("✅" = 1). */
static const char *const columns[] = { "12.0", "11.0", "10.0", "9.3", "9.2", "9.1", "9.0", "8.3",
                                       "8.2", "8.1", "8.0", "7.1", "7.0", "6.2", "5.0" };
static const struct {
  const char *os;
  gboolean supported[G_N_ELEMENTS (columns)];
} documented[] = {
  { "Windows Server 2025", { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0 } },
  { "Windows Server 2022", { 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0 } },
  { "Windows Server 2019", { 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1 } },
  { "Windows Server 2016", { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1 } },
  { "Windows Server 2012 R2", { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 } },
};

/* Every row of the table against the page, and no row the page lacks. */
static void
test_versions_table (void)
{
  g_assert_cmpuint (hvp_n_host_rules, ==, G_N_ELEMENTS (documented));
  for (guint r = 0; r < G_N_ELEMENTS (documented); r++)
    {
      const HvpHostRules *rules = hvp_host_rules_find (documented[r].os);

      g_assert_nonnull (rules);
      g_assert_cmpstr (rules->os, ==, documented[r].os);
      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        {
          if (hvp_host_rules_supports_version (rules, columns[c]) != documented[r].supported[c])
            g_error ("%s, version %s: the table says %d, the page %d", rules->os, columns[c],
                     hvp_host_rules_supports_version (rules, columns[c]),
                     documented[r].supported[c]);
        }
    }
  /* The default (Get-VMHostSupportedVersion -Default) is the newest supported. */
  g_assert_cmpstr (hvp_host_rules_default_version (hvp_host_rules_find ("Windows Server 2025")), ==,
                   "12.0");
  g_assert_cmpstr (hvp_host_rules_default_version (hvp_host_rules_find ("Windows Server 2022")), ==,
                   "10.0");
  g_assert_cmpstr (hvp_host_rules_default_version (hvp_host_rules_find ("Windows Server 2019")), ==,
                   "9.0");
  g_assert_cmpstr (hvp_host_rules_default_version (hvp_host_rules_find ("Windows Server 2016")), ==,
                   "8.0");
}

/* The same page, "Upgrade support matrix", column "can upgrade from XML": Windows Server 2016 and
 * 2019 yes, 2012 R2, 2022 and 2025 no ("You cannot import or upgrade VM Version 5.0 to the new
 * format using Windows Server 2022 or newer"). */
static void
test_xml_upgrade (void)
{
  static const struct { const char *os; gboolean upgrades; } matrix[] = {
    { "Windows Server 2025", FALSE }, { "Windows Server 2022", FALSE },
    { "Windows Server 2019", TRUE },  { "Windows Server 2016", TRUE },
    { "Windows Server 2012 R2", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (matrix); i++)
    g_assert_cmpint (hvp_host_rules_find (matrix[i].os)->upgrades_xml, ==, matrix[i].upgrades);
}

/* Two hops for 5.0 onto 2022 and 2025: through 2016 (to 8.0) or 2019 (to 9.0), both supported
 * there; none onto 2016 or 2019, which import 5.0 themselves; 7.1 onto 2022 through 2016 or 2019
 * as well; 6.0 (no such version) through nothing. */
static void
test_bridges (void)
{
  char *upgrade = NULL;
  g_autofree char *to_2025 = hvp_host_rules_bridges (hvp_host_rules_find ("Windows Server 2025"),
                                                     "5.0", &upgrade);
  g_autofree char *to_2022 = NULL;
  g_autofree char *none = NULL;

  g_assert_cmpstr (to_2025, ==, "Windows Server 2016 or Windows Server 2019");
  g_assert_cmpstr (upgrade, ==, "9.0");
  to_2022 = hvp_host_rules_bridges (hvp_host_rules_find ("Windows Server 2022"), "7.1", &upgrade);
  g_assert_cmpstr (to_2022, ==, "Windows Server 2016 or Windows Server 2019");
  none = hvp_host_rules_bridges (hvp_host_rules_find ("Windows Server 2025"), "6.0", NULL);
  g_assert_null (none);
}

/* Generations ("Should I create a generation 1 or 2 virtual machine": generation 2 from 2012 R2),
 * Secure Boot templates (Linux Secure Boot from configuration version 6.2, Windows Server 2016;
 * OpenSourceShieldedVM from 2019), vTPM (configuration version 7.0, 2016) and RemoteFX
 * (KB4570006: removed from 2016 and 2019 by the April 2021 update, absent from 2022). */
static void
test_features (void)
{
  const HvpHostRules *r2012 = hvp_host_rules_find ("Windows Server 2012 R2");
  const HvpHostRules *r2016 = hvp_host_rules_find ("Windows Server 2016");
  const HvpHostRules *r2019 = hvp_host_rules_find ("Windows Server 2019");
  const HvpHostRules *r2022 = hvp_host_rules_find ("Windows Server 2022");

  for (guint i = 0; i < hvp_n_host_rules; i++)
    g_assert_true (hvp_host_rules[i].generation_2);
  g_assert_cmpuint (r2012->secure_boot_templates, ==, HVP_SECURE_BOOT_TEMPLATE_WINDOWS);
  g_assert_true (r2016->secure_boot_templates & HVP_SECURE_BOOT_TEMPLATE_UEFI_CA);
  g_assert_false (r2016->secure_boot_templates & HVP_SECURE_BOOT_TEMPLATE_SHIELDED_LINUX);
  g_assert_true (r2019->secure_boot_templates & HVP_SECURE_BOOT_TEMPLATE_SHIELDED_LINUX);
  g_assert_false (r2012->vtpm);
  g_assert_true (r2016->vtpm && r2022->vtpm);
  g_assert_cmpuint (r2012->remotefx, ==, 2);
  g_assert_cmpuint (r2016->remotefx, ==, 1);
  g_assert_cmpuint (r2019->remotefx, ==, 1);
  g_assert_cmpuint (r2022->remotefx, ==, 0);
}

/* The guest table against "Supported Windows guest operating systems for Hyper-V on Windows,
 * Windows Server, and Azure Local" (MicrosoftDocs/windowsserverdocs, WindowsServerDocs/
 * virtualization/hyper-v/Supported-Windows-guest-operating-systems-for-Hyper-V-on-Windows.md,
 * ms.date 04/23/2025): 2025 on 2022 and later, 2022 on 2019 and later, Windows 11 generation 2 on
 * 2019 and later; 2008 R2, 2012 and Windows 7 listed; 2003 not. */
static void
test_guests (void)
{
  g_assert_cmpuint (hvp_guest_rule_find ("Windows Server 2025 Datacenter")->min_host_rank, ==,
                    hvp_host_rules_find ("Windows Server 2022")->rank);
  g_assert_cmpuint (hvp_guest_rule_find ("Windows Server 2022 Standard")->min_host_rank, ==,
                    hvp_host_rules_find ("Windows Server 2019")->rank);
  g_assert_true (hvp_guest_rule_find ("Windows 11 Enterprise")->generation_2_only);
  g_assert_null (hvp_guest_rule_find ("Windows Server 2008 R2 Datacenter"));
  g_assert_null (hvp_guest_rule_find ("Windows Server 2012 Standard"));
  g_assert_null (hvp_guest_rule_find ("Windows 7 Enterprise"));
  g_assert_false (hvp_guest_rule_find ("Windows Server 2003 R2")->supported);
  g_assert_true (hvp_guest_os_is_linux ("Ubuntu 22.04.4 LTS"));
  g_assert_true (hvp_guest_os_is_linux ("http://ubuntu.com/ubuntu/22.04"));
  g_assert_false (hvp_guest_os_is_linux ("Windows Server 2019 Datacenter"));
}

/* How an inventory's `os` finds its row. */
static void
test_find (void)
{
  g_assert_cmpstr (hvp_host_rules_find ("Microsoft Windows Server 2019 Datacenter")->os, ==,
                   "Windows Server 2019");
  g_assert_cmpstr (hvp_host_rules_find ("Hyper-V Server 2016")->os, ==, "Windows Server 2016");
  g_assert_cmpstr (hvp_host_rules_find ("Windows Server 2012 R2 Standard")->os, ==,
                   "Windows Server 2012 R2");
  g_assert_null (hvp_host_rules_find ("Windows Server 2012 Datacenter"));
  g_assert_null (hvp_host_rules_find ("Windows Server 2008 R2"));
  g_assert_null (hvp_host_rules_find ("Windows 11 Pro"));
  g_assert_null (hvp_host_rules_find ("Debian GNU/Linux 12"));
  g_assert_null (hvp_host_rules_find (NULL));
  g_assert_cmpint (hvp_configuration_version_compare ("10.0", "9.3"), >, 0);
  g_assert_cmpint (hvp_configuration_version_compare ("5.0", "5.0"), ==, 0);
  g_assert_cmpint (hvp_configuration_version_compare ("x", "5.0"), <, 0);
}

/* The checks ---------------------------------------------------------------------------------- */

static HvpInventory *
inventory_with_host (const char *name, const char *os, HvpHost **ret_host)
{
  HvpInventory *inventory = hvp_inventory_new ();
  HvpHost *host = hvp_inventory_ensure_host (inventory, name);

  host->os = g_strdup (os);
  host->memory_bytes = 64 * HVP_GIB;
  host->logical_processors = 16;
  *ret_host = host;
  return inventory;
}

static HvpVm *
add_vm (HvpHost *host, const char *name, const char *version, guint generation)
{
  HvpVm *vm = hvp_vm_new (name, name);

  vm->state = HVP_VM_STATE_OFF;
  vm->vcpus = 1;
  vm->memory.startup_bytes = HVP_GIB;
  vm->configuration_version = g_strdup (version);
  vm->generation = generation;
  g_ptr_array_add (host->vms, vm);
  return vm;
}

static HvpPlan *
plan_onto (const HvpInventory *source, const char *os)
{
  HvpHost *target = NULL;
  g_autoptr (HvpInventory) destination = inventory_with_host ("new", os, &target);
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  g_autoptr (GError) error = NULL;
  HvpPlan *plan = hvp_plan_new (source, destination, options, &error);

  g_assert_no_error (error);
  /* The options must outlive the plan: the test only reads the plan's own fields below. */
  plan->options = NULL;
  return plan;
}

static const HvpFinding *
find (const HvpPlan *plan, const char *vm, const char *needle)
{
  for (guint i = 0; i < plan->findings->len; i++)
    {
      const HvpFinding *finding = g_ptr_array_index (plan->findings, i);

      if (finding->requirement == HVP_REQUIREMENT_COMPATIBILITY && g_strcmp0 (finding->vm, vm) == 0
          && strstr (finding->message, needle) != NULL)
        return finding;
    }
  return NULL;
}

static HvpPlanVm *
row (const HvpPlan *plan, guint i)
{
  return g_ptr_array_index (plan->vms, i);
}

/* The paths of one VM of each configuration version onto each host. */
static void
test_paths (void)
{
  HvpHost *host = NULL;
  g_autoptr (HvpInventory) source = inventory_with_host ("old", "Windows Server 2016", &host);
  static const struct { const char *os; HvpMigrationPath v5, v8, v12; } cases[] = {
    { "Windows Server 2016", HVP_MIGRATION_PATH_IMPORT_AND_UPGRADE, HVP_MIGRATION_PATH_IMPORT,
      HVP_MIGRATION_PATH_RECREATE },
    { "Windows Server 2019", HVP_MIGRATION_PATH_IMPORT_AND_UPGRADE,
      HVP_MIGRATION_PATH_IMPORT_AND_UPGRADE, HVP_MIGRATION_PATH_RECREATE },
    { "Windows Server 2022", HVP_MIGRATION_PATH_TWO_HOP, HVP_MIGRATION_PATH_IMPORT_AND_UPGRADE,
      HVP_MIGRATION_PATH_RECREATE },
    { "Windows Server 2025", HVP_MIGRATION_PATH_TWO_HOP, HVP_MIGRATION_PATH_IMPORT_AND_UPGRADE,
      HVP_MIGRATION_PATH_IMPORT },
  };

  add_vm (host, "v5", "5.0", 1);
  add_vm (host, "v8", "8.0", 2);
  add_vm (host, "v12", "12.0", 2);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (HvpPlan) plan = plan_onto (source, cases[i].os);

      g_assert_cmpstr (plan->destination_rules, ==, cases[i].os);
      g_assert_cmpint (row (plan, 0)->migration_path, ==, cases[i].v5);
      g_assert_cmpint (row (plan, 1)->migration_path, ==, cases[i].v8);
      g_assert_cmpint (row (plan, 2)->migration_path, ==, cases[i].v12);
    }
  {
    g_autoptr (HvpPlan) plan = plan_onto (source, "Windows Server 2025");

    g_assert_cmpint (plan->requirements[HVP_REQUIREMENT_COMPATIBILITY].verdict, ==,
                     HVP_VERDICT_FAIL);
    g_assert_cmpuint (plan->requirements[HVP_REQUIREMENT_COMPATIBILITY].required, ==, 1);
    g_assert_nonnull (find (plan, "v5", "error 32784"));
    g_assert_cmpstr (row (plan, 0)->hop_hosts, ==, "Windows Server 2016 or Windows Server 2019");
    g_assert_nonnull (find (plan, "v8", "Update-VMVersion upgrades it to 12.0"));
    g_assert_nonnull (find (plan, "v8", "no longer starts on Windows Server 2016"));
  }
  {
    /* No `os`: paths unknown, no finding, the verdict unchanged. */
    g_autoptr (HvpPlan) plan = plan_onto (source, NULL);

    g_assert_null (plan->destination_rules);
    g_assert_cmpint (row (plan, 0)->migration_path, ==, HVP_MIGRATION_PATH_UNKNOWN);
    for (guint i = 0; i < plan->findings->len; i++)
      g_assert_cmpint (((const HvpFinding *) g_ptr_array_index (plan->findings, i))->requirement,
                       !=, HVP_REQUIREMENT_COMPATIBILITY);
    g_assert_cmpint (plan->requirements[HVP_REQUIREMENT_COMPATIBILITY].verdict, ==,
                     HVP_VERDICT_PASS);
  }
}

/* Firmware, guardian and devices, each on its own VM onto Windows Server 2022. */
static void
test_devices (void)
{
  HvpHost *host = NULL;
  g_autoptr (HvpInventory) source = inventory_with_host ("old", "Windows Server 2019", &host);
  HvpVm *linux_vm = add_vm (host, "linux", "9.0", 2);
  HvpVm *tpm = add_vm (host, "tpm", "9.0", 2);
  HvpVm *shielded = add_vm (host, "shielded", "9.0", 2);
  HvpVm *devices = add_vm (host, "devices", "9.0", 1);
  HvpVm *guest = add_vm (host, "guest", "9.0", 1);
  HvpDrive *passthrough = hvp_drive_new (HVP_CONTROLLER_TYPE_SCSI, 0, 1, NULL);
  HvpAdapter *adapter = hvp_adapter_new ("Network Adapter");
  g_autoptr (HvpPlan) plan = NULL;

  linux_vm->secure_boot = HVP_TRISTATE_YES;
  linux_vm->secure_boot_template = g_strdup ("MicrosoftWindows");
  linux_vm->guest_os = g_strdup ("Ubuntu 22.04.3 LTS");
  tpm->tpm = HVP_TRISTATE_YES;
  shielded->shielded = HVP_TRISTATE_YES;
  shielded->tpm = HVP_TRISTATE_YES;
  devices->remotefx_3d = HVP_TRISTATE_YES;
  passthrough->passthrough_disk = 3;
  g_ptr_array_add (devices->drives, passthrough);
  g_ptr_array_add (devices->fibre_channel_sans, g_strdup ("Production SAN"));
  g_ptr_array_add (devices->assigned_devices, g_strdup ("PCIROOT(0)#PCI(0300)"));
  adapter->legacy = HVP_TRISTATE_YES;
  adapter->static_mac = HVP_TRISTATE_YES;
  adapter->vlan_id = 42;
  adapter->sriov = HVP_TRISTATE_YES;
  g_ptr_array_add (devices->adapters, adapter);

  guest->guest_os = g_strdup ("Windows 11 Enterprise");
  guest->processor_compatibility_mode = g_strdup ("CommonClusterFeatureSet");
  plan = plan_onto (source, "Windows Server 2022");
  g_assert_nonnull (find (plan, "guest", "is supported only in a generation 2 VM on Windows Server 2022"));
  g_assert_nonnull (find (plan, "guest", "only Windows Server 2025 has the dynamic mode"));
  g_assert_cmpint (find (plan, "linux", "MicrosoftUEFICertificateAuthority")->severity, ==,
                   HVP_VERDICT_WARN);
  g_assert_cmpint (find (plan, "tpm", "key protector could not be unwrapped")->severity, ==,
                   HVP_VERDICT_WARN);
  g_assert_nonnull (find (plan, "tpm", "Export-PfxCertificate"));
  g_assert_cmpint (row (plan, 2)->migration_path, ==, HVP_MIGRATION_PATH_BLOCKED);
  g_assert_cmpint (find (plan, "shielded", "Host Guardian Service")->severity, ==,
                   HVP_VERDICT_FAIL);
  g_assert_cmpint (find (plan, "devices", "RemoteFX 3D video adapter: removed")->severity, ==,
                   HVP_VERDICT_FAIL);
  g_assert_cmpint (find (plan, "devices", "pass-through disk 3 ")->severity, ==, HVP_VERDICT_WARN);
  g_assert_nonnull (find (plan, "devices", "virtual SAN 'Production SAN'"));
  g_assert_nonnull (find (plan, "devices", "PCIROOT(0)#PCI(0300)"));
  g_assert_cmpint (find (plan, "devices", "legacy network adapter")->severity, ==,
                   HVP_VERDICT_INFO);
  g_assert_nonnull (find (plan, "devices", "VLAN 42"));
  g_assert_nonnull (find (plan, "devices", "static MAC"));
  g_assert_nonnull (find (plan, "devices", "SR-IOV"));
  g_assert_cmpint (row (plan, 3)->compatibility, ==, HVP_VERDICT_FAIL);
}

/* An HGS-attested destination runs the shielded VM; Windows Server 2012 R2 has no vTPM. */
static void
test_guardian_hosts (void)
{
  HvpHost *host = NULL;
  HvpHost *target = NULL;
  g_autoptr (HvpInventory) source = inventory_with_host ("old", "Windows Server 2016", &host);
  g_autoptr (HvpInventory) destination = inventory_with_host ("new", "Windows Server 2019",
                                                              &target);
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  HvpVm *vm = add_vm (host, "shielded", "8.0", 2);

  vm->shielded = HVP_TRISTATE_YES;
  target->hgs_attested = HVP_TRISTATE_YES;
  {
    g_autoptr (HvpPlan) plan = hvp_plan_new (source, destination, options, NULL);

    g_assert_cmpint (row (plan, 0)->migration_path, ==, HVP_MIGRATION_PATH_IMPORT_AND_UPGRADE);
    g_assert_null (find (plan, "shielded", "Host Guardian Service"));
  }
  g_free (target->os);
  target->os = g_strdup ("Windows Server 2012 R2");
  vm->tpm = HVP_TRISTATE_YES;
  {
    g_autoptr (HvpPlan) plan = hvp_plan_new (source, destination, options, NULL);

    g_assert_cmpint (row (plan, 0)->migration_path, ==, HVP_MIGRATION_PATH_BLOCKED);
    g_assert_nonnull (find (plan, "shielded", "has no virtual TPM"));
  }
  /* The destination's own template list wins over the table's row. */
  g_free (target->os);
  target->os = g_strdup ("Windows Server 2019");
  vm->tpm = HVP_TRISTATE_UNKNOWN;
  vm->secure_boot = HVP_TRISTATE_YES;
  vm->secure_boot_template = g_strdup ("OpenSourceShieldedVM");
  g_ptr_array_add (target->secure_boot_templates, g_strdup ("MicrosoftWindows"));
  {
    g_autoptr (HvpPlan) plan = hvp_plan_new (source, destination, options, NULL);

    g_assert_nonnull (find (plan, "shielded", "template OpenSourceShieldedVM does not exist"));
  }
}

HVP_TEST_SUITE (compatibility)
{
  g_test_add_func ("/planner/compatibility/versions-table", test_versions_table);
  g_test_add_func ("/planner/compatibility/xml-upgrade", test_xml_upgrade);
  g_test_add_func ("/planner/compatibility/bridges", test_bridges);
  g_test_add_func ("/planner/compatibility/features", test_features);
  g_test_add_func ("/planner/compatibility/find", test_find);
  g_test_add_func ("/planner/compatibility/guests", test_guests);
  g_test_add_func ("/planner/compatibility/paths", test_paths);
  g_test_add_func ("/planner/compatibility/devices", test_devices);
  g_test_add_func ("/planner/compatibility/guardian-hosts", test_guardian_hosts);
}
