/* Tests of planner/guide-checks.c: every automatic check of the migration guides with a pass, a
 * fail and an unknown case.  The facts are small synthetic "hvplan-server/1" documents. */
#include <string.h>
#include <glib.h>

#include "unit.h"
#include "collectors/server-facts/server-facts.h"
#include "planner/checklist.h"

static HvpServerFacts *
facts_from (const char *name, const char *json)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("{\"schema\": \"hvplan-server/1\", \"computer\": \"%s\"%s%s}",
                                           name, *json != '\0' ? ", " : "", json);
  HvpServerFacts *facts = hvp_server_facts_parse (text, strlen (text), name, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (facts->warnings->len, ==, 0);
  return facts;
}

/* Runs check @id and checks its state and that its evidence matches @evidence (a substring). */
static void
expect (const char *id, const HvpCheckContext *context, HvpCheckState state, const char *evidence)
{
  const HvpGuideCheck *check = hvp_guide_check_find (id);
  g_autoptr (HvpCheckResult) result = NULL;

  g_assert_nonnull (check);
  result = check->run (context);
  g_test_message ("%s: %s: %s", id, hvp_check_state_to_string (result->state), result->evidence);
  g_assert_cmpstr (hvp_check_state_to_string (result->state), ==, hvp_check_state_to_string (state));
  g_assert_nonnull (strstr (result->evidence, evidence));
}

#define ZONE "\"clock\": {\"time_zone\": \"W. Europe Standard Time\", \"utc_offset_minutes\": 60"

static void
test_clock (void)
{
  g_autoptr (HvpServerFacts) destination = facts_from ("DEST01", ZONE "}");
  g_autoptr (HvpServerFacts) near = facts_from ("SBS01", ZONE ", \"reference\": \"dest01\", \"offset_seconds\": -299.5}");
  g_autoptr (HvpServerFacts) far = facts_from ("SBS01", ZONE ", \"reference\": \"DEST01\", \"offset_seconds\": 420}");
  g_autoptr (HvpServerFacts) other_zone = facts_from ("SBS01", "\"clock\": {\"time_zone\": \"GMT Standard Time\", \"utc_offset_minutes\": 0, \"reference\": \"DEST01\", \"offset_seconds\": 1}");
  g_autoptr (HvpServerFacts) unmeasured = facts_from ("SBS01", ZONE "}");
  g_autoptr (HvpServerFacts) host = facts_from ("HV01", ZONE ", \"reference\": \"DEST01\", \"offset_seconds\": 600}");
  HvpCheckContext context = { .source = near, .destination = destination };

  expect ("clock", &context, HVP_CHECK_PASS, "clocks 299.5 s apart");
  context.source = far;
  expect ("clock", &context, HVP_CHECK_FAIL, "clocks 420.0 s apart (at most 300 s)");
  context.source = other_zone;
  expect ("clock", &context, HVP_CHECK_FAIL, "time zones differ ('GMT Standard Time', 'W. Europe Standard Time')");
  context.source = unmeasured;
  expect ("clock", &context, HVP_CHECK_UNKNOWN, "clock difference not measured");
  context.destination = NULL;
  expect ("clock", &context, HVP_CHECK_UNKNOWN, "no source and destination facts");
  /* The host of a VM source: against the destination 600 s, against the source 300.5 s. */
  context.source = near;
  context.destination = destination;
  context.host = host;
  expect ("clock", &context, HVP_CHECK_FAIL, "HV01 and DEST01: same time zone 'W. Europe Standard Time', clocks 600.0 s apart");
}

static void
test_lan_gateway (void)
{
  const char *good[] = { "192.168.1.1", "192.168.16.254", "192.168.254.1" };
  const char *bad[] = { "192.168.0.1", "192.168.255.1", "192.168.1.2", "10.0.0.1", "192.168.1.1.1",
                        "192.168.1", "192.168.1.0254", "192.168.x.1", "", "192.168.001.1x" };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (hvp_check_is_lan_gateway (good[i]));
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("'%s'", bad[i]);
      g_assert_false (hvp_check_is_lan_gateway (bad[i]));
    }
}

#define ADAPTER(name, connected, gateway) \
  "{\"name\": \"" name "\", \"connected\": " connected ", \"addresses\": [], \"gateways\": [" gateway "]}"

static void
test_network (void)
{
  g_autoptr (HvpServerFacts) one = facts_from ("SBS01", "\"network\": {\"adapters\": [" ADAPTER ("LAN", "true", "\"192.168.16.1\"") ", " ADAPTER ("WAN", "false", "") "], \"vpn_enabled\": false, \"dhcp_server_running\": true}");
  g_autoptr (HvpServerFacts) two = facts_from ("SBS01", "\"network\": {\"adapters\": [" ADAPTER ("LAN", "true", "\"10.0.0.1\"") ", " ADAPTER ("WAN", "true", "") "], \"vpn_enabled\": true, \"dhcp_server_running\": false}");
  g_autoptr (HvpServerFacts) none = facts_from ("SBS01", "");
  HvpCheckContext context = { .source = one };

  expect ("gateway", &context, HVP_CHECK_PASS, "'192.168.16.1' on 'LAN' (a router address)");
  expect ("one-adapter", &context, HVP_CHECK_PASS, "1 connected network adapter on SBS01: 'LAN'");
  expect ("vpn-off", &context, HVP_CHECK_PASS, "no VPN is enabled");
  expect ("dhcp", &context, HVP_CHECK_PASS, "runs on SBS01: keep it there");
  context.source = two;
  expect ("gateway", &context, HVP_CHECK_FAIL, "'10.0.0.1' on 'LAN' (not 192.168.x.1 or 192.168.x.254)");
  expect ("one-adapter", &context, HVP_CHECK_FAIL, "2 connected network adapters on SBS01: 'LAN', 'WAN'");
  expect ("vpn-off", &context, HVP_CHECK_FAIL, "accepts VPN connections");
  expect ("dhcp", &context, HVP_CHECK_PASS, "does not run on SBS01");
  context.source = none;
  expect ("gateway", &context, HVP_CHECK_UNKNOWN, "no default gateway recorded");
  expect ("one-adapter", &context, HVP_CHECK_UNKNOWN, "no network adapter recorded");
  expect ("vpn-off", &context, HVP_CHECK_UNKNOWN, "not recorded");
  expect ("dhcp", &context, HVP_CHECK_UNKNOWN, "not recorded");
}

#define PRODUCT(name, sp, date) "{\"name\": \"" name "\", \"service_pack\": " sp ", \"installed_utc\": " date "}"
#define SBS_SP1 PRODUCT ("Windows Small Business Server 2003", "1", "\"2008-03-10T12:00:00Z\"")
#define WIN_SP2 PRODUCT ("Windows Server 2003", "2", "\"2008-04-02T12:00:00Z\"")
#define EXCHANGE PRODUCT ("Microsoft Exchange Server 2003", "2", "null")
#define WSS PRODUCT ("Windows SharePoint Services 2.0", "3", "null")
#define MSXML PRODUCT ("MSXML 6.0", "1", "null")

static void
test_service_packs (void)
{
  g_autoptr (HvpServerFacts) good = facts_from ("SBS01", "\"products\": [" SBS_SP1 ", " WIN_SP2 ", " EXCHANGE ", " WSS ", " MSXML "]");
  g_autoptr (HvpServerFacts) no_msxml = facts_from ("SBS01", "\"products\": [" SBS_SP1 ", " WIN_SP2 ", " EXCHANGE ", " WSS "]");
  g_autoptr (HvpServerFacts) old_exchange = facts_from ("SBS01", "\"products\": [" SBS_SP1 ", " WIN_SP2 ", " PRODUCT ("Microsoft Exchange Server 2003", "1", "null") ", " MSXML "]");
  g_autoptr (HvpServerFacts) wrong_order = facts_from ("SBS01", "\"products\": [" PRODUCT ("Windows Small Business Server 2003", "1", "\"2008-05-01T00:00:00Z\"") ", " WIN_SP2 ", " MSXML "]");
  g_autoptr (HvpServerFacts) undated = facts_from ("SBS01", "\"products\": [" PRODUCT ("Windows Small Business Server 2003", "1", "null") ", " WIN_SP2 ", " MSXML "]");
  HvpCheckContext context = { .source = good };

  expect ("sbs2003-service-packs", &context, HVP_CHECK_PASS, "SBS 2003 SP1 was installed before Windows Server 2003 SP2");
  context.source = no_msxml;
  expect ("sbs2003-service-packs", &context, HVP_CHECK_FAIL, "MSXML 6.0 MISSING");
  context.source = old_exchange;
  expect ("sbs2003-service-packs", &context, HVP_CHECK_FAIL, "Exchange Server 2003 SP1 (needs SP2)");
  context.source = wrong_order;
  expect ("sbs2003-service-packs", &context, HVP_CHECK_FAIL, "installed after Windows Server 2003 SP2");
  context.source = undated;
  expect ("sbs2003-service-packs", &context, HVP_CHECK_UNKNOWN, "order of SBS 2003 SP1 and Windows Server 2003 SP2 is not recorded");
}

static void
test_admin_groups (void)
{
  g_autoptr (HvpServerFacts) good = facts_from ("SBS01", "\"account\": {\"name\": \"CONTOSO\\\\admin\", \"groups\": [\"CONTOSO\\\\Domain Admins\", \"CONTOSO\\\\schema admins\", \"Enterprise Admins\"]}");
  g_autoptr (HvpServerFacts) short_of_two = facts_from ("SBS01", "\"account\": {\"name\": \"CONTOSO\\\\admin\", \"groups\": [\"CONTOSO\\\\Domain Admins\"]}");
  g_autoptr (HvpServerFacts) none = facts_from ("SBS01", "\"account\": {\"name\": \"CONTOSO\\\\admin\"}");
  HvpCheckContext context = { .source = good };

  expect ("admin-groups", &context, HVP_CHECK_PASS, "is a member of Enterprise Admins, Schema Admins and Domain Admins");
  context.source = short_of_two;
  expect ("admin-groups", &context, HVP_CHECK_FAIL, "CONTOSO\\admin is not a member of Enterprise Admins, Schema Admins");
  context.source = none;
  expect ("admin-groups", &context, HVP_CHECK_UNKNOWN, "the groups of CONTOSO\\admin are not recorded");
}

static void
test_preparation_age (void)
{
  g_autoptr (HvpServerFacts) ran = facts_from ("SBS01", "\"migration_preparation\": {\"last_success_utc\": \"2026-11-20T23:30:00Z\"}");
  g_autoptr (HvpServerFacts) unrecorded = facts_from ("SBS01", "");
  HvpAnswer answer = { .step = (char *) "preparation-tool", .who = (char *) "J. Smith", .when = (char *) "2026-11-21", .when_unix = 1795219200 };
  HvpCheckContext context = { .source = ran, .install_date = "2026-12-04" };

  expect ("preparation-tool-age", &context, HVP_CHECK_PASS, "14 days before the planned installation on 2026-12-04 (at most 14)");
  context.install_date = "2026-12-05";
  expect ("preparation-tool-age", &context, HVP_CHECK_FAIL, "last successful run 2026-11-20, 15 days before");
  context.install_date = "2026-11-19";
  expect ("preparation-tool-age", &context, HVP_CHECK_FAIL, "is after the planned installation date 2026-11-19");
  context.source = unrecorded;
  expect ("preparation-tool-age", &context, HVP_CHECK_UNKNOWN, "no successful run");
  /* The answer's date when the facts do not record a run. */
  context.answer = &answer;
  context.install_date = "2026-12-05";
  expect ("preparation-tool-age", &context, HVP_CHECK_PASS, "last successful run 2026-11-21, 14 days");
}

static void
test_destination_and_powershell (void)
{
  g_autoptr (HvpServerFacts) x64 = facts_from ("DEST01", "\"os\": {\"architecture\": \"64-bit\"}, \"powershell_version\": \"2.0\"");
  g_autoptr (HvpServerFacts) x86 = facts_from ("DEST01", "\"os\": {\"architecture\": \"32-bit\"}, \"powershell_version\": \"1.0\"");
  g_autoptr (HvpServerFacts) none = facts_from ("DEST01", "");
  HvpCheckContext context = { .source = x64, .destination = x64 };

  expect ("destination-64bit", &context, HVP_CHECK_PASS, "runs a '64-bit' operating system");
  expect ("powershell-2", &context, HVP_CHECK_PASS, "Windows PowerShell 2.0 on DEST01");
  context.source = context.destination = x86;
  expect ("destination-64bit", &context, HVP_CHECK_FAIL, "runs a '32-bit' operating system (64-bit needed)");
  expect ("powershell-2", &context, HVP_CHECK_FAIL, "Windows PowerShell 1.0");
  context.source = context.destination = none;
  expect ("destination-64bit", &context, HVP_CHECK_UNKNOWN, "not recorded");
  expect ("powershell-2", &context, HVP_CHECK_UNKNOWN, "not recorded");
}

static void
test_wsus (void)
{
  g_autoptr (HvpServerFacts) source = facts_from ("WSUS01", "\"wsus\": {\"content_bytes\": 107374182400, \"stores_updates_locally\": true, \"database\": \"wid\", \"susdb_bytes\": 10737418240, \"administrators\": [\"CONTOSO\\\\alice\"], \"reporters\": [\"CONTOSO\\\\100%\"], \"downstream_servers\": [\"BRANCH1\"], \"client_computers\": 42, \"smtp_configured\": true, \"code_signing_certificate\": true}");
  g_autoptr (HvpServerFacts) remote = facts_from ("WSUS01", "\"wsus\": {\"content_bytes\": 107374182400, \"stores_updates_locally\": false, \"susdb_bytes\": 10737418240}");
  g_autoptr (HvpServerFacts) unknown = facts_from ("WSUS01", "\"wsus\": {}");
  g_autoptr (HvpServerFacts) big = facts_from ("WSUS02", "\"volumes\": [{\"name\": \"D:\", \"free_bytes\": 118111600640}]");
  g_autoptr (HvpServerFacts) small = facts_from ("WSUS02", "\"volumes\": [{\"name\": \"C:\", \"free_bytes\": 21474836480}]");
  const HvpGuideCheck *groups = hvp_guide_check_find ("wsus-groups");
  const HvpGuideCheck *repoint = hvp_guide_check_find ("wsus-repoint");
  HvpCheckContext context = { .source = source, .destination = big };
  g_autoptr (HvpCheckResult) members = NULL;
  g_autoptr (HvpCheckResult) targets = NULL;

  expect ("wsus-storage", &context, HVP_CHECK_PASS, "update files 100.0 GiB + SUSDB 10.0 GiB (wid) = 110.0 GiB; largest free volume of WSUS02: D: with 110.0 GiB");
  context.destination = small;
  expect ("wsus-storage", &context, HVP_CHECK_FAIL, "= 110.0 GiB; largest free volume of WSUS02: C: with 20.0 GiB");
  context.source = remote;
  expect ("wsus-storage", &context, HVP_CHECK_PASS, "update files 0.0 GiB (updates come from Microsoft Update: none to copy)");
  context.source = unknown;
  expect ("wsus-storage", &context, HVP_CHECK_UNKNOWN, "not recorded");
  expect ("wsus-groups", &context, HVP_CHECK_UNKNOWN, "not recorded");
  expect ("wsus-repoint", &context, HVP_CHECK_UNKNOWN, "not recorded");
  context.source = NULL;
  expect ("wsus-groups", &context, HVP_CHECK_UNKNOWN, "no WSUS source facts");

  /* The members with their commands, quoted for cmd.exe; a '%' cannot be quoted there. */
  context.source = source;
  members = groups->run (&context);
  g_assert_cmpuint (members->items->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (members->items, 0), ==, "WSUS Administrators: CONTOSO\\alice: net localgroup \"WSUS Administrators\" \"CONTOSO\\alice\" /add");
  g_assert_true (g_str_has_prefix (g_ptr_array_index (members->items, 1), "WSUS Reporters: CONTOSO\\100% (add by hand: "));
  targets = repoint->run (&context);
  g_assert_cmpint (targets->state, ==, HVP_CHECK_PASS);
  g_assert_cmpuint (targets->items->len, ==, 4);
  g_assert_nonnull (strstr (g_ptr_array_index (targets->items, 0), "BRANCH1"));
  g_assert_nonnull (strstr (g_ptr_array_index (targets->items, 1), "42 clients"));
  g_assert_nonnull (strstr (g_ptr_array_index (targets->items, 1), "wuauclt.exe /resetauthorization /detectnow"));
}

HVP_TEST_SUITE (guide_checks)
{
  g_test_add_func ("/planner/guide-checks/clock", test_clock);
  g_test_add_func ("/planner/guide-checks/lan-gateway", test_lan_gateway);
  g_test_add_func ("/planner/guide-checks/network", test_network);
  g_test_add_func ("/planner/guide-checks/service-packs", test_service_packs);
  g_test_add_func ("/planner/guide-checks/admin-groups", test_admin_groups);
  g_test_add_func ("/planner/guide-checks/preparation-age", test_preparation_age);
  g_test_add_func ("/planner/guide-checks/destination-and-powershell", test_destination_and_powershell);
  g_test_add_func ("/planner/guide-checks/wsus", test_wsus);
}
