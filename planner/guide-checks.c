/* hvplan: the automatic checks of the migration guides (the guide files in guides/ name them by id in a
 * step's `check`).  Each reads server facts (collectors/server-facts/) or the Hyper-V plan and
 * returns pass, fail or unknown with its evidence and where the evidence came from.
 *
 * The rules, from Microsoft's guides (MicrosoftDocs/windowsserverdocs, EssentialsDocs/migrate/):
 * "Prepare your Source Server for Windows Server Essentials migration" (migration4.md: SBS 2003;
 * migration1.md: SBS 2011 Essentials), "Migrate Windows Small Business Server 2003 to Windows
 * Server Essentials", and "Step 3: Migrate WSUS" (https://technet.microsoft.com/library/hh852349),
 * each cited at its check. */
#include "planner/checklist.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/quote.h"
#include "models/units.h"
#include "planner/finding.h"

/* "The time on the Source Server must be set to within five minutes of the time on the
 * Destination Server" (Prepare your Source Server, #BKMK_SynchronizeTheSourceServerTime...). */
#define CLOCK_MAX_SECONDS 300.0
/* "a successful run of the Migration Preparation Tool on the Source Server within two weeks of
 * installing Windows Server Essentials" (#BKMK_MigrationPrep, #BKMK_MPT). */
#define PREPARATION_MAX_DAYS 14

/**
 * hvp_check_result_new:
 * @state: the result's state
 *
 * Returns: (transfer full): a result with empty evidence, origin and items
 */
HvpCheckResult *
hvp_check_result_new (HvpCheckState state)
{
  HvpCheckResult *result = g_new0 (HvpCheckResult, 1);

  result->state = state;
  result->evidence = g_strdup ("");
  result->origin = g_strdup ("");
  result->items = g_ptr_array_new_with_free_func (g_free);
  return result;
}

/**
 * hvp_check_result_free:
 * @result: (nullable) (transfer full): a result
 */
void
hvp_check_result_free (HvpCheckResult *result)
{
  if (result == NULL)
    return;
  g_free (result->evidence);
  g_free (result->origin);
  g_ptr_array_unref (result->items);
  g_free (result);
}

/* A result of @state with its evidence (printf) and origin. */
G_GNUC_PRINTF (3, 4) static HvpCheckResult *
result_printf (HvpCheckState state, const char *origin, const char *format, ...)
{
  HvpCheckResult *result = hvp_check_result_new (state);
  va_list args;

  g_free (result->evidence);
  g_free (result->origin);
  va_start (args, format);
  result->evidence = g_strdup_vprintf (format, args);
  va_end (args);
  result->origin = g_strdup (origin);
  return result;
}

static HvpCheckResult *
missing (const char *what)
{
  return result_printf (HVP_CHECK_UNKNOWN, "", "no %s given: collect it with collect-server.ps1",
                        what);
}

/* "FILE: KEY" */
static char *
origin_of (const HvpServerFacts *facts, const char *keys)
{
  return g_strdup_printf ("%s: %s", facts->file, keys);
}

/* The worse of two states: fail over unknown over pass. */
static HvpCheckState
worse (HvpCheckState a, HvpCheckState b)
{
  if (a == HVP_CHECK_FAIL || b == HVP_CHECK_FAIL)
    return HVP_CHECK_FAIL;
  return a == HVP_CHECK_UNKNOWN || b == HVP_CHECK_UNKNOWN ? HVP_CHECK_UNKNOWN : HVP_CHECK_PASS;
}

/* clock ---------------------------------------------------------------------------------------- */

/* The difference of two clocks in seconds from what each measured (w32tm /stripchart): against
 * each other, or against the same reference.  FALSE when they cannot be compared. */
static gboolean
clock_difference (const HvpServerFacts *a, const HvpServerFacts *b, double *ret_seconds)
{
  if (a->clock_reference != NULL && b->computer != NULL
      && g_ascii_strcasecmp (a->clock_reference, b->computer) == 0)
    *ret_seconds = fabs (a->clock_offset_seconds);
  else if (b->clock_reference != NULL && a->computer != NULL
           && g_ascii_strcasecmp (b->clock_reference, a->computer) == 0)
    *ret_seconds = fabs (b->clock_offset_seconds);
  else if (a->clock_reference != NULL && b->clock_reference != NULL
           && g_ascii_strcasecmp (a->clock_reference, b->clock_reference) == 0)
    *ret_seconds = fabs (a->clock_offset_seconds - b->clock_offset_seconds);
  else
    return FALSE;
  return TRUE;
}

/* Compares the clocks and time zones of @a and @b; appends a sentence to @evidence. */
static HvpCheckState
compare_clocks (const HvpServerFacts *a, const HvpServerFacts *b, GString *evidence)
{
  HvpCheckState state = HVP_CHECK_PASS;
  double seconds;

  g_string_append_printf (evidence, "%s%s and %s: ", evidence->len > 0 ? "; " : "",
                          hvp_server_facts_label (a), hvp_server_facts_label (b));
  if (a->time_zone == NULL || b->time_zone == NULL)
    {
      state = HVP_CHECK_UNKNOWN;
      g_string_append (evidence, "time zone not recorded");
    }
  else if (g_ascii_strcasecmp (a->time_zone, b->time_zone) != 0
           || (a->has_utc_offset && b->has_utc_offset
               && a->utc_offset_minutes != b->utc_offset_minutes))
    {
      state = HVP_CHECK_FAIL;
      g_string_append_printf (evidence, "time zones differ ('%s', '%s')", a->time_zone,
                              b->time_zone);
    }
  else
    g_string_append_printf (evidence, "same time zone '%s'", a->time_zone);
  if (!clock_difference (a, b, &seconds))
    {
      g_string_append (evidence, ", clock difference not measured (no common reference)");
      return worse (state, HVP_CHECK_UNKNOWN);
    }
  g_string_append_printf (evidence, ", clocks %.1f s apart (at most %.0f s)", seconds,
                          CLOCK_MAX_SECONDS);
  return worse (state, seconds <= CLOCK_MAX_SECONDS ? HVP_CHECK_PASS : HVP_CHECK_FAIL);
}

/* Within five minutes, same date and time zone, and the host's too when the source is a VM
 * (Prepare your Source Server, #BKMK_SynchronizeTheSourceServerTimeWithAnExternalTimeSource). */
static HvpCheckResult *
check_clock (const HvpCheckContext *context)
{
  g_autoptr (GString) evidence = g_string_new (NULL);
  g_autofree char *origin = NULL;
  HvpCheckState state;

  if (context->source == NULL || context->destination == NULL)
    return missing ("source and destination facts (--source, --destination)");
  state = compare_clocks (context->source, context->destination, evidence);
  if (context->host != NULL)
    {
      state = worse (state, compare_clocks (context->host, context->source, evidence));
      state = worse (state, compare_clocks (context->host, context->destination, evidence));
    }
  origin = g_strdup_printf ("%s: clock; %s: clock%s%s%s", context->source->file,
                            context->destination->file, context->host != NULL ? "; " : "",
                            context->host != NULL ? context->host->file : "",
                            context->host != NULL ? ": clock" : "");
  return result_printf (state, origin, "%s", evidence->str);
}

/* gateway -------------------------------------------------------------------------------------- */

/**
 * hvp_check_is_lan_gateway:
 * @address: an IPv4 address in dotted decimal
 *
 * Whether @address is one the Windows Server Essentials Installation Wizard finds a router at:
 * "192.168.x.1 or 192.168.x.254, where x is a number from 1 to 254" (Prepare your Source Server
 * for Windows Server Essentials migration, SBS 2003, #BKMK_VerifyTheNetworkConfigurationToPrepare
 * ForMigration).
 *
 * Returns: %TRUE when it is
 */
gboolean
hvp_check_is_lan_gateway (const char *address)
{
  g_auto (GStrv) parts = g_strsplit (address, ".", 5);
  guint64 octets[4];

  if (g_strv_length (parts) != 4)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    if (strlen (parts[i]) > 3 || !hvp_parse_uint64 (parts[i], &octets[i]) || octets[i] > 255)
      return FALSE;
  return octets[0] == 192 && octets[1] == 168 && octets[2] >= 1 && octets[2] <= 254
         && (octets[3] == 1 || octets[3] == 254);
}

static HvpCheckResult *
check_gateway (const HvpCheckContext *context)
{
  g_autoptr (GString) evidence = g_string_new (NULL);
  g_autofree char *origin = NULL;
  guint seen = 0, good = 0;

  if (context->source == NULL)
    return missing ("source facts (--source)");
  for (guint i = 0; i < context->source->adapters->len; i++)
    {
      const HvpServerAdapter *adapter = g_ptr_array_index (context->source->adapters, i);

      for (guint g = 0; adapter->connected != HVP_FACT_NO && g < adapter->gateways->len; g++)
        {
          const char *gateway = g_ptr_array_index (adapter->gateways, g);
          gboolean ok = hvp_check_is_lan_gateway (gateway);

          g_string_append_printf (evidence, "%s'%s' on '%s' (%s)", seen > 0 ? ", " : "", gateway,
                                  adapter->name != NULL ? adapter->name : "?",
                                  ok ? "a router address" : "not 192.168.x.1 or 192.168.x.254");
          seen++;
          good += ok;
        }
    }
  origin = origin_of (context->source, "network.adapters[].gateways");
  if (seen == 0)
    return result_printf (HVP_CHECK_UNKNOWN, origin, "no default gateway recorded on %s",
                          hvp_server_facts_label (context->source));
  return result_printf (good == seen ? HVP_CHECK_PASS : HVP_CHECK_FAIL, origin,
                        "default gateway of %s: %s", hvp_server_facts_label (context->source),
                        evidence->str);
}

/* one adapter ---------------------------------------------------------------------------------- */

/* "configure the Source Server to use one network adapter" (#BKMK_VerifyTheNetworkConfiguration
 * ToPrepareForMigration). */
static HvpCheckResult *
check_one_adapter (const HvpCheckContext *context)
{
  g_autoptr (GString) names = g_string_new (NULL);
  g_autofree char *origin = NULL;
  guint connected = 0;

  if (context->source == NULL)
    return missing ("source facts (--source)");
  origin = origin_of (context->source, "network.adapters[].connected");
  if (context->source->adapters->len == 0)
    return result_printf (HVP_CHECK_UNKNOWN, origin, "no network adapter recorded on %s",
                          hvp_server_facts_label (context->source));
  for (guint i = 0; i < context->source->adapters->len; i++)
    {
      const HvpServerAdapter *adapter = g_ptr_array_index (context->source->adapters, i);

      if (adapter->connected != HVP_FACT_YES)
        continue;
      g_string_append_printf (names, "%s'%s'", connected > 0 ? ", " : "",
                              adapter->name != NULL ? adapter->name : "?");
      connected++;
    }
  return result_printf (connected == 1 ? HVP_CHECK_PASS : HVP_CHECK_FAIL, origin,
                        "%u connected network adapter%s on %s%s%s (exactly one wanted)",
                        connected, connected == 1 ? "" : "s",
                        hvp_server_facts_label (context->source), connected > 0 ? ": " : "",
                        names->str);
}

/* VPN and DHCP --------------------------------------------------------------------------------- */

/* "If you are using a VPN on the Source Server, disable it" (#BKMK_VerifyTheNetworkConfiguration
 * ToPrepareForMigration). */
static HvpCheckResult *
check_vpn_off (const HvpCheckContext *context)
{
  g_autofree char *origin = NULL;

  if (context->source == NULL)
    return missing ("source facts (--source)");
  origin = origin_of (context->source, "network.vpn_enabled");
  switch (context->source->vpn_enabled)
    {
    case HVP_FACT_NO:
      return result_printf (HVP_CHECK_PASS, origin, "no VPN is enabled on %s",
                            hvp_server_facts_label (context->source));
    case HVP_FACT_YES:
      return result_printf (HVP_CHECK_FAIL, origin,
                            "Routing and Remote Access accepts VPN connections on %s: disable it",
                            hvp_server_facts_label (context->source));
    case HVP_FACT_UNKNOWN:
    default:
      return result_printf (HVP_CHECK_UNKNOWN, origin, "the VPN state of %s is not recorded",
                            hvp_server_facts_label (context->source));
    }
}

/* Where DHCP runs decides where it stays during the migration (#BKMK_VerifyTheDHCPSettings). */
static HvpCheckResult *
check_dhcp (const HvpCheckContext *context)
{
  g_autofree char *origin = NULL;

  if (context->source == NULL)
    return missing ("source facts (--source)");
  origin = origin_of (context->source, "network.dhcp_server_running");
  if (context->source->dhcp_server_running == HVP_FACT_YES)
    return result_printf (HVP_CHECK_PASS, origin,
                          "the DHCP Server role runs on %s: keep it there during the migration "
                          "and move it to the router once the source is removed",
                          hvp_server_facts_label (context->source));
  if (context->source->dhcp_server_running == HVP_FACT_NO)
    return result_printf (HVP_CHECK_PASS, origin,
                          "the DHCP Server role does not run on %s: keep DHCP on the router "
                          "(or wherever it runs) during the migration",
                          hvp_server_facts_label (context->source));
  return result_printf (HVP_CHECK_UNKNOWN, origin, "whether DHCP runs on %s is not recorded",
                        hvp_server_facts_label (context->source));
}

/* SBS 2003 service packs ----------------------------------------------------------------------- */

/* "Install the most recent service packs", SBS 2003 (#BKMK_InstallTheMostRecentServicePacksTo
 * PrepareForMigration): SBS 2003 SP1 before Windows Server 2003 SP2, Exchange Server 2003 SP2,
 * Windows SharePoint Services 2.0 SP3, MSXML 6.0 SP1.  @optional: a product not installed needs
 * no service pack (Exchange and WSS can have been removed); MSXML 6.0 is installed by this step. */
static const struct {
  const char *label;
  const char *words[5];
  gint service_pack;
  gboolean optional;
} required_service_packs[] = {
  { "Windows Small Business Server 2003", { "Small", "Business", "Server", "2003", NULL }, 1, FALSE },
  { "Windows Server 2003", { "Windows", "Server", "2003", NULL }, 2, FALSE },
  { "Exchange Server 2003", { "Exchange", "2003", NULL }, 2, TRUE },
  { "Windows SharePoint Services 2.0", { "SharePoint", "Services", "2.0", NULL }, 3, TRUE },
  { "MSXML 6.0", { "MSXML", "6.0", NULL }, 1, FALSE },
};

/* The first product with the words but not "Small Business" (Windows Server 2003 itself). */
static const HvpServerProduct *
find_required_product (const HvpServerFacts *facts, guint index)
{
  const char *const *words = required_service_packs[index].words;

  for (guint i = 0; i < facts->products->len; i++)
    {
      const HvpServerProduct *product = g_ptr_array_index (facts->products, i);

      if (!hvp_server_product_matches (product, words))
        continue;
      if (index == 1 && strstr (product->name, "Small Business") != NULL)
        continue;
      return product;
    }
  return NULL;
}

/* SBS 2003 SP1 must come before Windows Server 2003 SP2 (the .NET Framework version). */
static HvpCheckState
check_service_pack_order (const HvpServerProduct *sbs, const HvpServerProduct *windows,
                          GString *evidence)
{
  if (sbs == NULL || windows == NULL || sbs->installed_unix == 0 || windows->installed_unix == 0)
    {
      g_string_append (evidence, "; the order of SBS 2003 SP1 and Windows Server 2003 SP2 is "
                                 "not recorded");
      return HVP_CHECK_UNKNOWN;
    }
  if (sbs->installed_unix <= windows->installed_unix)
    {
      g_string_append (evidence, "; SBS 2003 SP1 was installed before Windows Server 2003 SP2");
      return HVP_CHECK_PASS;
    }
  g_string_append (evidence, "; SBS 2003 SP1 was installed after Windows Server 2003 SP2 (it "
                             "must come first: reinstall Windows Server 2003 SP2)");
  return HVP_CHECK_FAIL;
}

static HvpCheckResult *
check_sbs2003_service_packs (const HvpCheckContext *context)
{
  g_autoptr (GString) evidence = g_string_new (NULL);
  g_autofree char *origin = NULL;
  const HvpServerProduct *found[G_N_ELEMENTS (required_service_packs)];
  HvpCheckState state = HVP_CHECK_PASS;

  if (context->source == NULL)
    return missing ("source facts (--source)");
  origin = origin_of (context->source, "products");
  if (context->source->products->len == 0)
    return result_printf (HVP_CHECK_UNKNOWN, origin, "no installed product recorded on %s",
                          hvp_server_facts_label (context->source));
  for (guint i = 0; i < G_N_ELEMENTS (required_service_packs); i++)
    {
      const HvpServerProduct *product = found[i] = find_required_product (context->source, i);
      gint wanted = required_service_packs[i].service_pack;

      g_string_append (evidence, i > 0 ? ", " : "");
      if (product == NULL)
        {
          g_string_append_printf (evidence, "%s %s", required_service_packs[i].label,
                                  required_service_packs[i].optional ? "not installed" : "MISSING");
          if (!required_service_packs[i].optional)
            state = HVP_CHECK_FAIL;
        }
      else if (product->service_pack < 0)
        {
          g_string_append_printf (evidence, "%s service pack not recorded", required_service_packs[i].label);
          state = worse (state, HVP_CHECK_UNKNOWN);
        }
      else
        {
          g_string_append_printf (evidence, "%s SP%d%s", required_service_packs[i].label,
                                  product->service_pack,
                                  product->service_pack >= wanted ? "" : " (needs SP");
          if (product->service_pack < wanted)
            {
              g_string_append_printf (evidence, "%d)", wanted);
              state = HVP_CHECK_FAIL;
            }
        }
    }
  state = worse (state, check_service_pack_order (found[0], found[1], evidence));
  return result_printf (state, origin, "%s", evidence->str);
}

/* admin groups --------------------------------------------------------------------------------- */

/* "To run the Migration Preparation Tool, you must be a member of the Enterprise Admins group,
 * the Schema Admins group, and the Domain Admins group" (#BKMK_MigrationPrep, #BKMK_MPT). */
static const char *const admin_groups[] = { "Enterprise Admins", "Schema Admins", "Domain Admins" };

/* Whether @groups holds @name, with or without a "DOMAIN\" in front. */
static gboolean
has_group (const GPtrArray *groups, const char *name)
{
  for (guint i = 0; i < groups->len; i++)
    {
      const char *group = g_ptr_array_index (groups, i);
      const char *backslash = strrchr (group, '\\');

      if (g_ascii_strcasecmp (backslash != NULL ? backslash + 1 : group, name) == 0)
        return TRUE;
    }
  return FALSE;
}

static HvpCheckResult *
check_admin_groups (const HvpCheckContext *context)
{
  g_autoptr (GString) absent = g_string_new (NULL);
  g_autofree char *origin = NULL;
  const char *account;

  if (context->source == NULL)
    return missing ("source facts (--source)");
  origin = origin_of (context->source, "account.groups");
  account = context->source->account != NULL ? context->source->account : "the collecting account";
  if (context->source->account_groups == NULL)
    return result_printf (HVP_CHECK_UNKNOWN, origin, "the groups of %s are not recorded", account);
  for (guint i = 0; i < G_N_ELEMENTS (admin_groups); i++)
    if (!has_group (context->source->account_groups, admin_groups[i]))
      g_string_append_printf (absent, "%s%s", absent->len > 0 ? ", " : "", admin_groups[i]);
  if (absent->len > 0)
    return result_printf (HVP_CHECK_FAIL, origin, "%s is not a member of %s", account,
                          absent->str);
  return result_printf (HVP_CHECK_PASS, origin,
                        "%s is a member of Enterprise Admins, Schema Admins and Domain Admins",
                        account);
}

/* Migration Preparation Tool ------------------------------------------------------------------- */

/**
 * hvp_install_date_parse:
 * @text: a date, YYYY-MM-DD
 * @error: return location for an error
 *
 * Checks a planned installation date (`--install-date`).
 *
 * Returns: %TRUE when @text is a valid date, else %FALSE with %HVP_ERROR_USAGE
 */
gboolean
hvp_install_date_parse (const char *text, GError **error)
{
  gint64 unused;

  if (strlen (text) == 10 && hvp_parse_iso8601_utc (text, &unused))
    return TRUE;
  g_set_error (error, HVP_ERROR, HVP_ERROR_USAGE, "--install-date: '%s' is not a date YYYY-MM-DD",
               text);
  return FALSE;
}

/* Whole calendar days (UTC) from @from to @to. */
static gint64
days_between (gint64 from, gint64 to)
{
  gint64 day = 24 * 60 * 60;

  return (to - (to % day + day) % day - (from - (from % day + day) % day)) / day;
}

/* The run comes from the source's facts when the system records it, else from the answer that
 * ticks the step (its `when`). */
static HvpCheckResult *
check_preparation_age (const HvpCheckContext *context)
{
  gint64 run = 0, install = 0;
  g_autofree char *origin = NULL;
  g_autoptr (GDateTime) run_time = NULL;
  g_autofree char *run_date = NULL;
  gint64 days;

  if (context->source != NULL && context->source->preparation_run_unix != 0)
    {
      run = context->source->preparation_run_unix;
      origin = origin_of (context->source, "migration_preparation.last_success_utc");
    }
  else if (context->answer != NULL)
    {
      run = context->answer->when_unix;
      origin = g_strdup_printf ("answers: %s (%s)", context->answer->step, context->answer->who);
    }
  else
    return result_printf (HVP_CHECK_UNKNOWN, "",
                          "no successful run of the Migration Preparation Tool is recorded: tick "
                          "this step in the answers file with the date of the run");
  if (context->install_date == NULL || !hvp_parse_iso8601_utc (context->install_date, &install))
    return result_printf (HVP_CHECK_UNKNOWN, "", "no planned installation date");
  run_time = g_date_time_new_from_unix_utc (run);
  run_date = g_date_time_format (run_time, "%Y-%m-%d");
  days = days_between (run, install);
  if (days < 0)
    return result_printf (HVP_CHECK_FAIL, origin, "the last successful run (%s) is after the "
                          "planned installation date %s", run_date, context->install_date);
  return result_printf (days <= PREPARATION_MAX_DAYS ? HVP_CHECK_PASS : HVP_CHECK_FAIL, origin,
                        "last successful run %s, %" G_GINT64_FORMAT " day%s before the planned "
                        "installation on %s (at most %d)%s", run_date, days, days == 1 ? "" : "s",
                        context->install_date, PREPARATION_MAX_DAYS,
                        days <= PREPARATION_MAX_DAYS ? "" : ": run the tool again");
}

/* destination and PowerShell ------------------------------------------------------------------- */

/* "Windows Server Essentials requires a 64-bit environment" (Migrate Windows Small Business
 * Server 2003 to Windows Server Essentials). */
static HvpCheckResult *
check_destination_64bit (const HvpCheckContext *context)
{
  const char *architecture;
  g_autofree char *origin = NULL;

  if (context->destination == NULL)
    return missing ("destination facts (--destination)");
  origin = origin_of (context->destination, "os.architecture");
  architecture = context->destination->architecture;
  if (architecture == NULL)
    return result_printf (HVP_CHECK_UNKNOWN, origin, "the architecture of %s is not recorded",
                          hvp_server_facts_label (context->destination));
  return result_printf (strstr (architecture, "64") != NULL ? HVP_CHECK_PASS : HVP_CHECK_FAIL,
                        origin, "%s runs a '%s' operating system (64-bit needed)",
                        hvp_server_facts_label (context->destination), architecture);
}

/* "Before you can install Windows Update Agent on the Source Server, you must first install
 * Windows PowerShell 2.0 and Microsoft Baseline Configuration Analyzer 2.0" (#BKMK_MPT). */
static HvpCheckResult *
check_powershell_2 (const HvpCheckContext *context)
{
  g_autofree char *origin = NULL;
  const char *version;

  if (context->source == NULL)
    return missing ("source facts (--source)");
  origin = origin_of (context->source, "powershell_version");
  version = context->source->powershell_version;
  if (version == NULL)
    return result_printf (HVP_CHECK_UNKNOWN, origin, "the PowerShell version of %s is not "
                          "recorded", hvp_server_facts_label (context->source));
  return result_printf (g_ascii_strtoull (version, NULL, 10) >= 2 ? HVP_CHECK_PASS : HVP_CHECK_FAIL,
                        origin, "Windows PowerShell %s on %s (2.0 needed before the Windows "
                        "Update Agent; the Baseline Configuration Analyzer 2.0 is checked by "
                        "hand)", version, hvp_server_facts_label (context->source));
}

/* WSUS ----------------------------------------------------------------------------------------- */

static const HvpServerWsus *
source_wsus (const HvpCheckContext *context)
{
  return context->source != NULL ? context->source->wsus : NULL;
}

/* The largest free space of one volume of @facts, HVP_FACT_NONE when none is recorded. */
static guint64
largest_free_bytes (const HvpServerFacts *facts, const char **ret_volume)
{
  guint64 largest = HVP_FACT_NONE;

  for (guint i = 0; i < facts->volumes->len; i++)
    {
      const HvpServerVolume *volume = g_ptr_array_index (facts->volumes, i);

      if (volume->free_bytes != HVP_FACT_NONE
          && (largest == HVP_FACT_NONE || volume->free_bytes > largest))
        {
          largest = volume->free_bytes;
          *ret_volume = volume->name;
        }
    }
  return largest;
}

/* The update files (unless clients take updates from Microsoft Update: "3.1. Migrate WSUS update
 * binaries", #BKMK_3.1) and the restored SUSDB ("3.3. Back up the WSUS database", #BKMK_3.3.)
 * must fit on the destination. */
static HvpCheckResult *
check_wsus_storage (const HvpCheckContext *context)
{
  const HvpServerWsus *wsus = source_wsus (context);
  const char *volume = NULL;
  guint64 content, needed, available;
  g_autofree char *content_gib = NULL, *database_gib = NULL, *needed_gib = NULL, *free_gib = NULL;
  g_autofree char *origin = NULL;

  if (wsus == NULL || context->destination == NULL)
    return missing ("WSUS source facts and destination facts (--source, --destination)");
  origin = g_strdup_printf ("%s: wsus.content_bytes, wsus.susdb_bytes; %s: volumes",
                            context->source->file, context->destination->file);
  content = wsus->stores_locally == HVP_FACT_NO ? 0 : wsus->content_bytes;
  available = largest_free_bytes (context->destination, &volume);
  if (content == HVP_FACT_NONE || wsus->susdb_bytes == HVP_FACT_NONE || available == HVP_FACT_NONE)
    return result_printf (HVP_CHECK_UNKNOWN, origin, "the WSUS content size, the SUSDB size or "
                          "the destination's free space is not recorded");
  needed = hvp_add_saturating (content, wsus->susdb_bytes);
  content_gib = hvp_format_gib (content);
  database_gib = hvp_format_gib (wsus->susdb_bytes);
  needed_gib = hvp_format_gib (needed);
  free_gib = hvp_format_gib (available);
  return result_printf (needed <= available ? HVP_CHECK_PASS : HVP_CHECK_FAIL, origin,
                        "needed on the destination: update files %s%s + SUSDB %s (%s) = %s; "
                        "largest free volume of %s: %s with %s",
                        content_gib, wsus->stores_locally == HVP_FACT_NO
                                       ? " (updates come from Microsoft Update: none to copy)" : "",
                        database_gib, wsus->database != NULL ? wsus->database : "database kind not recorded",
                        needed_gib, hvp_server_facts_label (context->destination), volume, free_gib);
}

/* "net localgroup GROUP MEMBER /add", both quoted for cmd.exe (models/quote.c), or why not. */
static char *
group_item (const char *group, const char *member)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *quoted_group = hvp_quote_cmd (group, NULL);
  g_autofree char *quoted_member = hvp_quote_cmd (member, &error);

  if (quoted_member == NULL)
    return g_strdup_printf ("%s: %s (add by hand: %s)", group, member, error->message);
  return g_strdup_printf ("%s: %s: net localgroup %s %s /add", group, member, quoted_group,
                          quoted_member);
}

/* "3.2. Migrate WSUS security groups" (#BKMK_3.2): the members of WSUS Administrators and WSUS
 * Reporters, to re-create on the destination (by hand or with the Windows Server Migration
 * Tools). */
static HvpCheckResult *
check_wsus_groups (const HvpCheckContext *context)
{
  const HvpServerWsus *wsus = source_wsus (context);
  HvpCheckResult *result;
  guint members = 0;

  if (wsus == NULL)
    return missing ("WSUS source facts (--source)");
  if (wsus->administrators == NULL && wsus->reporters == NULL)
    return result_printf (HVP_CHECK_UNKNOWN, context->source->file,
                          "the members of WSUS Administrators and WSUS Reporters are not recorded");
  members = (wsus->administrators != NULL ? wsus->administrators->len : 0)
            + (wsus->reporters != NULL ? wsus->reporters->len : 0);
  result = result_printf (HVP_CHECK_PASS, "", "%u member%s of WSUS Administrators and WSUS "
                          "Reporters on %s to re-create on the destination", members,
                          members == 1 ? "" : "s", hvp_server_facts_label (context->source));
  g_free (result->origin);
  result->origin = origin_of (context->source, "wsus.administrators, wsus.reporters");
  for (guint i = 0; wsus->administrators != NULL && i < wsus->administrators->len; i++)
    g_ptr_array_add (result->items, group_item ("WSUS Administrators",
                                                g_ptr_array_index (wsus->administrators, i)));
  for (guint i = 0; wsus->reporters != NULL && i < wsus->reporters->len; i++)
    g_ptr_array_add (result->items, group_item ("WSUS Reporters",
                                                g_ptr_array_index (wsus->reporters, i)));
  return result;
}

/* "3.5. Apply security settings" (#BKMK_3.5): SMTP and the code-signing certificate to set up
 * again, and the downstream servers and clients to point at the new server. */
static HvpCheckResult *
check_wsus_repoint (const HvpCheckContext *context)
{
  const HvpServerWsus *wsus = source_wsus (context);
  g_autofree char *origin = NULL;
  HvpCheckResult *result;
  guint downstream;

  if (wsus == NULL)
    return missing ("WSUS source facts (--source)");
  origin = origin_of (context->source, "wsus");
  if (wsus->downstream_servers == NULL || wsus->client_computers == HVP_FACT_NONE)
    return result_printf (HVP_CHECK_UNKNOWN, origin, "the downstream servers or the number of client computers are not "
                          "recorded");
  downstream = wsus->downstream_servers->len;
  result = result_printf (HVP_CHECK_PASS, "", "%u downstream server%s and %" G_GUINT64_FORMAT
                          " client computer%s report to %s", downstream, downstream == 1 ? "" : "s",
                          wsus->client_computers, wsus->client_computers == 1 ? "" : "s",
                          hvp_server_facts_label (context->source));
  g_free (result->origin);
  result->origin = origin_of (context->source, "wsus.downstream_servers, wsus.client_computers, "
                                               "wsus.smtp_configured, wsus.code_signing_certificate");
  for (guint i = 0; i < downstream; i++)
    g_ptr_array_add (result->items, g_strdup_printf ("downstream server %s: Options, Update "
                                                     "Source and Proxy Server: synchronize from the new server",
                                                     (const char *) g_ptr_array_index (wsus->downstream_servers, i)));
  if (wsus->client_computers > 0)
    g_ptr_array_add (result->items, g_strdup_printf ("%" G_GUINT64_FORMAT " clients: point "
                                                     "\"Specify intranet Microsoft update service location\" at the new server, then run "
                                                     "wuauclt.exe /resetauthorization /detectnow",
                                                     wsus->client_computers));
  if (wsus->smtp_configured == HVP_FACT_YES)
    g_ptr_array_add (result->items, g_strdup ("e-mail notification: enter the SMTP server and its password again"));
  if (wsus->code_signing == HVP_FACT_YES)
    g_ptr_array_add (result->items, g_strdup ("copy the code-signing certificate for local publishing"));
  return result;
}

/* Hyper-V -------------------------------------------------------------------------------------- */

/* The four requirements of "Hyper-V: Prepare to Migrate" (planner/checks/). */
static HvpCheckResult *
check_hyperv_capacity (const HvpCheckContext *context)
{
  HvpVerdict verdict;

  if (context->plan == NULL)
    return missing ("source and destination inventories (--source, --destination)");
  verdict = hvp_plan_capacity_verdict (context->plan);
  return result_printf (verdict >= HVP_VERDICT_FAIL ? HVP_CHECK_FAIL
                        : verdict >= HVP_VERDICT_WARN ? HVP_CHECK_UNKNOWN : HVP_CHECK_PASS,
                        "hvplan plan", "storage %s, memory %s, network %s, processor %s "
                        "('hvplan plan' gives the findings)",
                        hvp_verdict_to_string (context->plan->requirements[HVP_REQUIREMENT_STORAGE].verdict),
                        hvp_verdict_to_string (context->plan->requirements[HVP_REQUIREMENT_MEMORY].verdict),
                        hvp_verdict_to_string (context->plan->requirements[HVP_REQUIREMENT_NETWORK].verdict),
                        hvp_verdict_to_string (context->plan->requirements[HVP_REQUIREMENT_PROCESSOR].verdict));
}

/* The table: a guide step's `check` names one of these. */
static const HvpGuideCheck guide_checks[] = {
  { "admin-groups", check_admin_groups },
  { "clock", check_clock },
  { "destination-64bit", check_destination_64bit },
  { "dhcp", check_dhcp },
  { "gateway", check_gateway },
  { "hyperv-capacity", check_hyperv_capacity },
  { "one-adapter", check_one_adapter },
  { "powershell-2", check_powershell_2 },
  { "preparation-tool-age", check_preparation_age },
  { "sbs2003-service-packs", check_sbs2003_service_packs },
  { "vpn-off", check_vpn_off },
  { "wsus-groups", check_wsus_groups },
  { "wsus-repoint", check_wsus_repoint },
  { "wsus-storage", check_wsus_storage },
};

/**
 * hvp_guide_check_find:
 * @id: a check id
 *
 * Returns: (transfer none) (nullable): the automatic check of that id, or %NULL
 */
const HvpGuideCheck *
hvp_guide_check_find (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (guide_checks); i++)
    if (strcmp (guide_checks[i].id, id) == 0)
      return &guide_checks[i];
  return NULL;
}

/**
 * hvp_check_state_to_string:
 * @state: a state
 *
 * Returns: (transfer none): "pass", "fail" or "unknown"
 */
const char *
hvp_check_state_to_string (HvpCheckState state)
{
  static const char *const names[] = { "pass", "fail", "unknown" };

  return hvp_enum_to_string (names, G_N_ELEMENTS (names), state);
}
