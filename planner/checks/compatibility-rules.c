/* hvplan: the compatibility rules of each Hyper-V host operating system, as data: one row per host
 * OS, each with the page it follows.  The compatibility check (compatibility.c) asks these rows;
 * t/unit/test-compatibility.c holds every row to the documentation. */
#include "planner/checks/compatibility-rules.h"

#include <string.h>

/* "Upgrade virtual machine version in Hyper-V on Windows or Windows Server", "Supported VM
 * configuration versions for long-term servicing hosts" (ms.date 01/20/2025), the versions marked
 * supported for each host, oldest first; the last is the host's default (Get-VMHostSupportedVersion
 * -Default), the version Update-VMVersion upgrades to. */
static const char *const versions_2012_r2[] = { "5.0", NULL };
static const char *const versions_2016[] = { "5.0", "6.2", "7.0", "7.1", "8.0", NULL };
static const char *const versions_2019[] = { "5.0", "6.2", "7.0", "7.1", "8.0", "8.1", "8.2",
                                             "8.3", "9.0", NULL };
static const char *const versions_2022[] = { "8.0", "8.1", "8.2", "8.3", "9.0", "9.1", "9.2",
                                             "9.3", "10.0", NULL };
static const char *const versions_2025[] = { "8.0", "8.1", "8.2", "8.3", "9.0", "9.1", "9.2",
                                             "9.3", "10.0", "11.0", "12.0", NULL };

#define TEMPLATES_WINDOWS HVP_SECURE_BOOT_TEMPLATE_WINDOWS
/* Secure Boot for Linux VMs needs configuration version 6.2 (the same page, "minimum VM
 * configuration version" table): Windows Server 2016 offers the UEFI CA template. */
#define TEMPLATES_2016 (HVP_SECURE_BOOT_TEMPLATE_WINDOWS | HVP_SECURE_BOOT_TEMPLATE_UEFI_CA)
/* Shielded Linux VMs (the OpenSourceShieldedVM template) from Windows Server 2019: "Guarded
 * fabric and shielded VMs overview", "Shielded VMs for Linux". */
#define TEMPLATES_2019 (TEMPLATES_2016 | HVP_SECURE_BOOT_TEMPLATE_SHIELDED_LINUX)

/**
 * hvp_host_rules:
 *
 * One row per Hyper-V host operating system, oldest first.  Sources: configuration versions and
 * the XML upgrade: HVP_DOC_VERSIONS ("Supported VM configuration versions for long-term servicing
 * hosts" and "Upgrade support matrix": "You cannot import or upgrade VM Version 5.0 to the new
 * format using Windows Server 2022 or newer"); generation 2 from Windows Server 2012 R2:
 * HVP_DOC_GENERATION and "Generation 2 Virtual Machine Overview" (Windows Server 2012 R2); vTPM
 * from configuration version 7.0 (HVP_DOC_VERSIONS, Windows Server 2016); RemoteFX 3D video
 * adapter: "Features removed or planned for replacement in Windows Server 2019" (no longer
 * developed) and HVP_DOC_REMOTEFX (disabled by the July 14, 2020 update, removed by the April 13,
 * 2021 update on Windows Server 2016 and 2019; absent from Windows Server 2022 on).
 */
const HvpHostRules hvp_host_rules[] = {
  { "Windows Server 2012 R2", 1, versions_2012_r2, FALSE, TRUE, TEMPLATES_WINDOWS, FALSE, 2,
    HVP_DOC_VERSIONS },
  { "Windows Server 2016", 2, versions_2016, TRUE, TRUE, TEMPLATES_2016, TRUE, 1,
    HVP_DOC_VERSIONS },
  { "Windows Server 2019", 3, versions_2019, TRUE, TRUE, TEMPLATES_2019, TRUE, 1,
    HVP_DOC_VERSIONS },
  { "Windows Server 2022", 4, versions_2022, FALSE, TRUE, TEMPLATES_2019, TRUE, 0,
    HVP_DOC_VERSIONS },
  { "Windows Server 2025", 5, versions_2025, FALSE, TRUE, TEMPLATES_2019, TRUE, 0,
    HVP_DOC_VERSIONS },
};

/**
 * hvp_n_host_rules:
 *
 * The number of rows of hvp_host_rules[].
 */
const guint hvp_n_host_rules = G_N_ELEMENTS (hvp_host_rules);

/* The year (and " R2") that names the release inside an `os` string such as "Microsoft Windows
 * Server 2019 Datacenter" or "Hyper-V Server 2016". */
static gboolean
os_names_release (const char *os, const char *release)
{
  const char *year = release + strlen ("Windows Server ");
  const char *at = strstr (os, year);
  gboolean r2 = g_str_has_suffix (release, " R2");

  if (at == NULL)
    return FALSE;
  if (!r2 && (g_str_has_prefix (at + strlen (year), " R2")
              || g_str_has_prefix (at + strlen (year), "R2")))
    return FALSE;
  return TRUE;
}

/**
 * hvp_host_rules_find:
 * @os: (nullable): a host's operating system as an inventory names it ("Windows Server 2012 R2",
 *   "Microsoft Windows Server 2025 Datacenter", "Hyper-V Server 2019")
 *
 * Returns: (transfer none) (nullable): the row of hvp_host_rules[] for @os (matched by its
 *   release year, "2012 R2" apart from "2012"), or %NULL for an operating system the table does not
 *   know (older than 2012 R2, a client, Linux)
 */
const HvpHostRules *
hvp_host_rules_find (const char *os)
{
  if (os == NULL || (strstr (os, "Windows") == NULL && strstr (os, "Hyper-V") == NULL))
    return NULL;
  if (strstr (os, "Windows 1") != NULL) /* Windows 10 and 11 clients: not in the table */
    return NULL;
  for (guint i = hvp_n_host_rules; i > 0; i--)
    if (os_names_release (os, hvp_host_rules[i - 1].os))
      return &hvp_host_rules[i - 1];
  return NULL;
}

/* "9.0" as (9, 0); FALSE for anything else. */
static gboolean
parse_version (const char *version, guint64 *ret_major, guint64 *ret_minor)
{
  g_auto (GStrv) parts = NULL;

  if (version == NULL)
    return FALSE;
  parts = g_strsplit (version, ".", -1);
  if (g_strv_length (parts) != 2)
    return FALSE;
  return g_ascii_string_to_unsigned (parts[0], 10, 0, 1000, ret_major, NULL)
         && g_ascii_string_to_unsigned (parts[1], 10, 0, 1000, ret_minor, NULL);
}

/**
 * hvp_configuration_version_compare:
 * @a: (nullable): a configuration version ("5.0", "10.0")
 * @b: (nullable): another
 *
 * Compares two configuration versions numerically (10.0 after 9.3); a version that does not
 * read as "major.minor" sorts before every other.
 *
 * Returns: negative, 0 or positive as @a is older than, the same as or newer than @b
 */
int
hvp_configuration_version_compare (const char *a, const char *b)
{
  guint64 a_major = 0, a_minor = 0, b_major = 0, b_minor = 0;
  gboolean a_ok = parse_version (a, &a_major, &a_minor);
  gboolean b_ok = parse_version (b, &b_major, &b_minor);

  if (!a_ok || !b_ok)
    return (int) a_ok - (int) b_ok;
  if (a_major != b_major)
    return a_major < b_major ? -1 : 1;
  if (a_minor != b_minor)
    return a_minor < b_minor ? -1 : 1;
  return 0;
}

/**
 * hvp_host_rules_supports_version:
 * @rules: a row of hvp_host_rules[]
 * @version: (nullable): a configuration version
 *
 * Returns: %TRUE when the host runs and imports @version (HVP_DOC_VERSIONS)
 */
gboolean
hvp_host_rules_supports_version (const HvpHostRules *rules, const char *version)
{
  g_return_val_if_fail (rules != NULL, FALSE);

  for (guint i = 0; version != NULL && rules->versions[i] != NULL; i++)
    if (hvp_configuration_version_compare (rules->versions[i], version) == 0)
      return TRUE;
  return FALSE;
}

/**
 * hvp_host_rules_default_version:
 * @rules: a row of hvp_host_rules[]
 *
 * Returns: (transfer none): the newest version the host supports: its default for new VMs, the
 *   one `Update-VMVersion` upgrades to
 */
const char *
hvp_host_rules_default_version (const HvpHostRules *rules)
{
  guint n = 0;

  g_return_val_if_fail (rules != NULL, NULL);

  while (rules->versions[n + 1] != NULL)
    n++;
  return rules->versions[n];
}

/* Configuration version 5.0 is the last in the XML format (HVP_DOC_VERSIONS: "Upgraded virtual
 * machines use a new configuration file format"; .vmcx from Windows Server 2016). */
static gboolean
version_is_xml (const char *version)
{
  return hvp_configuration_version_compare (version, "6.0") < 0;
}

/**
 * hvp_host_rules_bridges:
 * @destination: the destination's row
 * @version: a configuration version the destination does not import
 * @ret_upgrade_version: (out) (optional) (transfer none): the version the newest bridge upgrades
 *   to (its default)
 *
 * The two-hop path of HVP_DOC_VERSIONS ("Windows Server 2019 is last OS that can interpret or
 * upgrade from VM version 5.0"): the host operating systems that import @version and whose
 * `Update-VMVersion` gives a version @destination imports; an XML configuration (5.0) only through
 * a host that upgrades from XML.
 *
 * Returns: (transfer full) (nullable): their names joined with " or ", oldest first; %NULL when no
 *   host bridges (@ret_upgrade_version then not written)
 */
char *
hvp_host_rules_bridges (const HvpHostRules *destination, const char *version,
                        char **ret_upgrade_version)
{
  g_autoptr (GString) names = g_string_new (NULL);
  const char *upgrade = NULL;

  g_return_val_if_fail (destination != NULL, NULL);

  for (guint i = 0; i < hvp_n_host_rules; i++)
    {
      const HvpHostRules *bridge = &hvp_host_rules[i];
      const char *to = hvp_host_rules_default_version (bridge);

      if (bridge == destination || !hvp_host_rules_supports_version (bridge, version)
          || hvp_configuration_version_compare (to, version) <= 0
          || !hvp_host_rules_supports_version (destination, to)
          || (version_is_xml (version) && !bridge->upgrades_xml))
        continue;
      g_string_append_printf (names, "%s%s", names->len > 0 ? " or " : "", bridge->os);
      upgrade = to;
    }
  if (upgrade == NULL)
    return NULL;
  if (ret_upgrade_version != NULL)
    *ret_upgrade_version = (char *) upgrade;
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static const char *const template_names[] = {
  "MicrosoftWindows",
  "MicrosoftUEFICertificateAuthority",
  "OpenSourceShieldedVM",
};

/**
 * hvp_secure_boot_template_to_string:
 * @template: one template bit
 *
 * Returns: (transfer none): its name as `Set-VMFirmware -SecureBootTemplate` takes it
 */
const char *
hvp_secure_boot_template_to_string (HvpSecureBootTemplate template)
{
  for (guint i = 0; i < G_N_ELEMENTS (template_names); i++)
    if ((guint) template == 1u << i)
      return template_names[i];
  return "unknown";
}

/**
 * hvp_secure_boot_template_from_string:
 * @name: (nullable): a template's name ("MicrosoftWindows"; spaces and case ignored, so
 *   "Microsoft UEFI Certificate Authority" is read too)
 * @ret_template: (out): its bit
 *
 * Returns: %FALSE for a name no template has
 */
gboolean
hvp_secure_boot_template_from_string (const char *name, HvpSecureBootTemplate *ret_template)
{
  g_autoptr (GString) squeezed = g_string_new (NULL);

  for (const char *p = name; p != NULL && *p != '\0'; p++)
    if (*p != ' ')
      g_string_append_c (squeezed, *p);
  for (guint i = 0; i < G_N_ELEMENTS (template_names); i++)
    if (g_ascii_strcasecmp (squeezed->str, template_names[i]) == 0)
      {
        *ret_template = (HvpSecureBootTemplate) (1u << i);
        return TRUE;
      }
  return FALSE;
}

/**
 * hvp_guest_os_is_linux:
 * @guest_os: (nullable): a guest operating system's name (KVP `OSName`, a libosinfo id)
 *
 * Returns: %TRUE when @guest_os names a Linux or FreeBSD guest (HVP_DOC_GENERATION lists them:
 *   they boot with Secure Boot only under the UEFI CA template)
 */
gboolean
hvp_guest_os_is_linux (const char *guest_os)
{
  static const char *const words[] = { "linux", "ubuntu", "debian", "centos", "red hat",
                                       "rhel", "suse", "sles", "fedora", "oracle", "freebsd",
                                       "alma", "rocky" };
  g_autofree char *lower = NULL;

  if (guest_os == NULL)
    return FALSE;
  lower = g_ascii_strdown (guest_os, -1);
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (strstr (lower, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* "Supported Windows guest operating systems for Hyper-V on Windows, Windows Server, and Azure
 * Local" (HVP_DOC_GUESTS, ms.date 04/23/2025), for Windows Server 2016 and later hosts: Windows
 * Server 2025 needs a 2022 or later host, 2022 a 2019 or later host, Windows 11 a generation 2
 * VM on 2019 or later; 2008 SP2 to 2019, Windows 7 SP1, 8.1 and 10 are listed without a host
 * limit; anything older (2003, XP, Vista, 2000) is not listed.  Matched in order, first match. */
static const HvpGuestRule guest_rules[] = {
  { "Windows Server 2025", 4, FALSE, TRUE },
  { "Windows Server 2022", 3, FALSE, TRUE },
  { "Windows 11", 3, TRUE, TRUE },
  { "2003", 0, FALSE, FALSE },
  { "Windows XP", 0, FALSE, FALSE },
  { "Vista", 0, FALSE, FALSE },
  { "Windows 2000", 0, FALSE, FALSE },
};

/**
 * hvp_guest_rule_find:
 * @guest_os: (nullable): a guest operating system's name (KVP `OSName`)
 *
 * Returns: (transfer none) (nullable): the first row of the guest table (HVP_DOC_GUESTS) whose
 *   text @guest_os contains, or %NULL for a guest the page lists without a host limit (or not a
 *   Windows guest)
 */
const HvpGuestRule *
hvp_guest_rule_find (const char *guest_os)
{
  for (guint i = 0; guest_os != NULL && i < G_N_ELEMENTS (guest_rules); i++)
    if (strstr (guest_os, guest_rules[i].match) != NULL)
      return &guest_rules[i];
  return NULL;
}
