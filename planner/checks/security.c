/* hvplan: the security check: every Hyper-V security customization of the source is a finding,
 * with what to do on the destination. */
#include "planner/checks/checks.h"

#include <string.h>

#include "planner/checks/security-items.h"

/* "Windows Server 2012 R2", "Hyper-V Server 2016", "Microsoft Windows Server 2019 Datacenter":
 * the four-digit release year and whether "R2" follows it; FALSE when @os names none. */
static gboolean
find_release (const char *os, guint *ret_year, gboolean *ret_r2)
{
  for (const char *p = os; *p != '\0'; p++)
    {
      char *end = NULL;
      guint64 year;

      if (!g_ascii_isdigit (*p) || (p > os && g_ascii_isalnum (p[-1])))
        continue;
      year = g_ascii_strtoull (p, &end, 10);
      if (end - p != 4 || year < 2003 || year > 2099 || g_ascii_isalnum (*end) || *end == '.')
        continue;
      while (*end == ' ')
        end++;
      *ret_year = (guint) year;
      *ret_r2 = g_ascii_strncasecmp (end, "R2", 2) == 0 && !g_ascii_isalnum (end[2]);
      return TRUE;
    }
  return FALSE;
}

/* "6.3.9600", "10.0.17763": the first MAJOR.MINOR of @os; FALSE when it has none. */
static gboolean
find_version (const char *os, guint *ret_major, guint *ret_minor)
{
  for (const char *p = os; *p != '\0'; p++)
    {
      char *end = NULL;
      guint64 major;
      guint64 minor;

      if (!g_ascii_isdigit (*p) || (p > os && (g_ascii_isalnum (p[-1]) || p[-1] == '.')))
        continue;
      major = g_ascii_strtoull (p, &end, 10);
      if (*end != '.' || !g_ascii_isdigit (end[1]) || major > 99)
        continue;
      minor = g_ascii_strtoull (end + 1, &end, 10);
      *ret_major = (guint) major;
      *ret_minor = (guint) MIN (minor, G_MAXUINT);
      return TRUE;
    }
  return FALSE;
}

/**
 * hvp_os_ignores_authorization_store:
 * @os: (nullable): an operating system as a host records it ("Windows Server 2012 R2",
 *   "Microsoft Windows Server 2016 Standard", "6.3.9600")
 *
 * Tells whether Hyper-V on @os ignores the Authorization Manager store: Windows Server 2012 R2
 * and later (a release year after 2012, or 2012 R2; or a version 6.3 or higher) do
 * (/work/shared/formats.md 3.1: deprecated in 2012, ignored in 2012 R2), and rely on the local
 * group Hyper-V Administrators (S-1-5-32-578) instead.
 *
 * Returns: %TRUE when @os is Windows Server 2012 R2 or later; %FALSE when it is older or unknown
 */
gboolean
hvp_os_ignores_authorization_store (const char *os)
{
  guint year;
  gboolean r2;
  guint major;
  guint minor;

  if (os == NULL)
    return FALSE;
  if (find_release (os, &year, &r2))
    return year > 2012 || (year == 2012 && r2);
  if (find_version (os, &major, &minor))
    return major > 6 || (major == 6 && minor >= 3);
  return FALSE;
}

static HvpVerdict
item_severity (HvpSecurityItemKind kind)
{
  /* A disabled firewall exception is a host hardening the destination may or may not want: a
   * note.  The others grant or restrict access that users lose or gain after the move. */
  return kind == HVP_SECURITY_ITEM_FIREWALL_RULE ? HVP_VERDICT_INFO : HVP_VERDICT_WARN;
}

/**
 * hvp_check_security:
 * @plan: the plan being built
 * @source: the source inventory
 * @destination: the destination host
 *
 * Adds a finding per security customization of each source host (hvp_security_customizations():
 * Authorization Manager scopes and role assignments that differ from the default policy,
 * disabled firewall exceptions, remote-management grants outside Administrators, DCOM launch
 * grants beyond the Windows defaults), requirement "security": warn, except info for a disabled
 * firewall exception.  Each message says what is customized and what to do on the destination;
 * when @destination's `os` is Windows Server 2012 R2 or later
 * (hvp_os_ignores_authorization_store()), the findings about the store say that the destination
 * ignores it and that the equivalent is membership of Hyper-V Administrators.  When the source
 * host itself runs Windows Server 2012 R2 or later, its store has no effect: those findings are
 * info and say so.  Hosts whose security settings were not collected add nothing.
 */
void
hvp_check_security (HvpPlan *plan, const HvpInventory *source, const HvpHost *destination)
{
  gboolean destination_ignores_store = hvp_os_ignores_authorization_store (destination->os);

  for (guint h = 0; h < source->hosts->len; h++)
    {
      const HvpHost *host = g_ptr_array_index (source->hosts, h);
      gboolean source_ignores_store = hvp_os_ignores_authorization_store (host->os);
      g_autoptr (GPtrArray) items = NULL;
      g_autofree char *prefix = NULL;

      if (host->security == NULL)
        continue;
      /* With several source hosts, each finding names its host. */
      prefix = source->hosts->len > 1 ? g_strdup_printf ("host '%s': ", hvp_host_label (host))
                                      : g_strdup ("");
      items = hvp_security_customizations (host->security);
      for (guint i = 0; i < items->len; i++)
        {
          const HvpSecurityItem *item = g_ptr_array_index (items, i);
          gboolean store_item = item->kind == HVP_SECURITY_ITEM_SCOPE
                                || item->kind == HVP_SECURITY_ITEM_ROLE_ASSIGNMENT;

          if (store_item && source_ignores_store)
            hvp_plan_add_finding (plan, HVP_VERDICT_INFO, HVP_REQUIREMENT_SECURITY, NULL,
                                  "%s%s; the source (%s) ignores the Authorization Manager "
                                  "store: the setting has no effect there and nothing is to "
                                  "re-apply",
                                  prefix, item->detail, host->os);
          else if (store_item && destination_ignores_store)
            hvp_plan_add_finding (plan, item_severity (item->kind), HVP_REQUIREMENT_SECURITY,
                                  NULL,
                                  "%s%s; the destination (%s) ignores the Authorization Manager "
                                  "store: the equivalent is membership of Hyper-V "
                                  "Administrators (S-1-5-32-578) for the members who need it",
                                  prefix, item->detail, destination->os);
          else
            hvp_plan_add_finding (plan, item_severity (item->kind), HVP_REQUIREMENT_SECURITY,
                                  NULL, "%s%s; on the destination: %s", prefix, item->detail,
                                  item->remedy);
        }
    }
}
