/* hvplan: what the guide-evidence script (collectors/server-facts/collect-server.ps1) found on
 * one server: the facts the automatic checks of a migration guide read. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * HvpFact:
 * @HVP_FACT_UNKNOWN: not recorded
 * @HVP_FACT_NO: recorded as false
 * @HVP_FACT_YES: recorded as true
 *
 * A yes/no fact that may be missing.
 */
typedef enum {
  HVP_FACT_UNKNOWN,
  HVP_FACT_NO,
  HVP_FACT_YES,
} HvpFact;

/* A count or size that may be missing. */
#define HVP_FACT_NONE G_MAXUINT64

/**
 * HvpServerProduct:
 * @name: the product's name as the system records it
 * @service_pack: the service pack level (0 none), -1 when unknown
 * @installed_unix: when its last service pack was installed, seconds since 1970 UTC; 0 unknown
 */
typedef struct {
  char *name;
  gint service_pack;
  gint64 installed_unix;
} HvpServerProduct;

/**
 * HvpServerAdapter:
 * @name: the connection's name
 * @connected: whether the adapter is enabled and connected
 * @addresses: (element-type utf8): its IPv4 addresses
 * @gateways: (element-type utf8): its default gateways
 */
typedef struct {
  char *name;
  HvpFact connected;
  GPtrArray *addresses;
  GPtrArray *gateways;
} HvpServerAdapter;

/**
 * HvpServerVolume:
 * @name: the volume ("D:")
 * @size_bytes: its size, %HVP_FACT_NONE unknown
 * @free_bytes: its free space, %HVP_FACT_NONE unknown
 */
typedef struct {
  char *name;
  guint64 size_bytes;
  guint64 free_bytes;
} HvpServerVolume;

/**
 * HvpServerWsus:
 * @content_folder: (nullable): the WSUS content folder
 * @content_bytes: the size of its files, %HVP_FACT_NONE unknown
 * @stores_locally: whether update files are stored locally (not on Microsoft Update)
 * @database: (nullable): "wid" or "sql"
 * @susdb_bytes: the size of the SUSDB files, %HVP_FACT_NONE unknown
 * @administrators: (nullable) (element-type utf8): members of WSUS Administrators
 * @reporters: (nullable) (element-type utf8): members of WSUS Reporters
 * @downstream_servers: (nullable) (element-type utf8): the downstream servers' names
 * @client_computers: the number of client computers, %HVP_FACT_NONE unknown
 * @smtp_configured: whether e-mail notification through SMTP is set up
 * @code_signing: whether a code-signing certificate for local publishing is present
 */
typedef struct {
  char *content_folder;
  guint64 content_bytes;
  HvpFact stores_locally;
  char *database;
  guint64 susdb_bytes;
  GPtrArray *administrators;
  GPtrArray *reporters;
  GPtrArray *downstream_servers;
  guint64 client_computers;
  HvpFact smtp_configured;
  HvpFact code_signing;
} HvpServerWsus;

/**
 * HvpServerFacts:
 * @file: the file the facts were read from (for every piece of evidence)
 * @computer: (nullable): the computer's name
 * @collected_unix: when the script ran, seconds since 1970 UTC; 0 unknown
 * @os_name: (nullable): the operating system's caption
 * @os_version: (nullable): its version ("5.2.3790")
 * @os_service_pack: its service pack level, -1 unknown
 * @architecture: (nullable): "x86", "x64", "ia64" (the OS's, not the processor's)
 * @powershell_version: (nullable): "2.0"
 * @products: (element-type HvpServerProduct): installed products with their service packs
 * @time_zone: (nullable): the Windows time zone's standard name
 * @utc_offset_minutes: the local offset from UTC at collection, valid when @has_utc_offset
 * @has_utc_offset: whether @utc_offset_minutes is known
 * @time_source: (nullable): the Windows Time service's configured source
 * @clock_reference: (nullable): the computer the clock offset was measured against
 * @clock_offset_seconds: the reference's offset from this clock (w32tm /stripchart), valid when
 *   @clock_reference is set
 * @adapters: (element-type HvpServerAdapter): network adapters with IPv4 enabled
 * @dhcp_server_running: the DHCP Server service
 * @vpn_enabled: Routing and Remote Access accepting VPN connections
 * @account: (nullable): the account that ran the script
 * @account_groups: (nullable) (element-type utf8): its group names (without domain)
 * @preparation_run_unix: the last successful Migration Preparation Tool run, 0 unknown
 * @volumes: (element-type HvpServerVolume): local fixed volumes
 * @wsus: (nullable): WSUS facts, when WSUS is installed
 * @warnings: (element-type utf8): what could not be read, with its key
 */
typedef struct {
  char *file;
  char *computer;
  gint64 collected_unix;
  char *os_name;
  char *os_version;
  gint os_service_pack;
  char *architecture;
  char *powershell_version;
  GPtrArray *products;
  char *time_zone;
  gint utc_offset_minutes;
  gboolean has_utc_offset;
  char *time_source;
  char *clock_reference;
  double clock_offset_seconds;
  GPtrArray *adapters;
  HvpFact dhcp_server_running;
  HvpFact vpn_enabled;
  char *account;
  GPtrArray *account_groups;
  gint64 preparation_run_unix;
  GPtrArray *volumes;
  HvpServerWsus *wsus;
  GPtrArray *warnings;
} HvpServerFacts;

HvpServerFacts *hvp_server_facts_new (const char *file);
void hvp_server_facts_free (HvpServerFacts *facts);
HvpServerAdapter *hvp_server_adapter_new (void);
HvpServerWsus *hvp_server_wsus_new (void);
gboolean hvp_server_product_matches (const HvpServerProduct *product, const char *const *all_words);
const HvpServerProduct *hvp_server_facts_find_product (const HvpServerFacts *facts,
                                                      const char *const *all_words);
const char *hvp_server_facts_label (const HvpServerFacts *facts);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpServerFacts, hvp_server_facts_free)

G_END_DECLS
