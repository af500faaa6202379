/* hvplan: a catalog of candidate server models, the hardware `hvplan size` chooses from. */
#pragma once

#include <glib.h>

#include "collectors/collector.h"
#include "models/model.h"

G_BEGIN_DECLS

#define HVP_CATALOG_SCHEMA "hvplan-catalog/1"

/**
 * HvpCatalogModel:
 * @name: model name ("Dell PowerEdge R750 (2x Xeon Gold 6338)")
 * @sockets: processor sockets
 * @cores: physical cores, all sockets
 * @threads: logical processors, all sockets (what Hyper-V schedules)
 * @memory_bytes: installed memory
 * @physical_nics: physical network ports
 * @storage_bytes: usable storage for VM files; %G_MAXUINT64 when the catalog gives `null`
 *   (shared storage, not counted per host)
 * @processor: vendor, family, model, stepping and name, for saved-state compatibility
 * @has_price: %TRUE when the catalog gives a price
 * @price: price of one server, in whole units of the catalog's currency
 * @os: (nullable): the operating system the servers would run ("Windows Server 2025"); when the
 *   compatibility rules know it, a model whose os cannot run a VM does not fit
 * @has_standard_per_host: the model gives `standard_licence_per_host`
 * @standard_per_host: Windows Server Standard licences for all of one host's cores (one full
 *   licensing: two Windows VMs), overriding the catalog's 2-core pack price
 * @has_datacenter_per_host: the model gives `datacenter_licence_per_host`
 * @datacenter_per_host: Windows Server Datacenter licences for all of one host's cores
 *
 * One candidate server model.
 */
typedef struct {
  char *name;
  guint sockets;
  guint cores;
  guint threads;
  guint64 memory_bytes;
  guint physical_nics;
  guint64 storage_bytes;
  HvpProcessor processor;
  gboolean has_price;
  guint64 price;
  char *os;
  gboolean has_standard_per_host;
  guint64 standard_per_host;
  gboolean has_datacenter_per_host;
  guint64 datacenter_per_host;
} HvpCatalogModel;

/**
 * HvpCatalog:
 * @file: the file it was read from
 * @models: (element-type HvpCatalogModel): the models, in file order
 * @has_standard_pack: the catalog's `licence_prices` gives `standard_per_2_cores`
 * @standard_pack: price of a 2-core pack of Windows Server Standard
 * @has_datacenter_pack: the catalog's `licence_prices` gives `datacenter_per_2_cores`
 * @datacenter_pack: price of a 2-core pack of Windows Server Datacenter
 *
 * A catalog of candidate server models.
 */
typedef struct {
  char *file;
  GPtrArray *models;
  gboolean has_standard_pack;
  guint64 standard_pack;
  gboolean has_datacenter_pack;
  guint64 datacenter_pack;
} HvpCatalog;

HvpCatalog *hvp_catalog_new (const char *file);
HvpCatalog *hvp_catalog_parse (const char *file, const char *text, gsize length, GError **error);
HvpCatalog *hvp_catalog_load (const char *file, const HvpCollectOptions *options, GError **error);
void hvp_catalog_free (HvpCatalog *catalog);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpCatalog, hvp_catalog_free)

G_END_DECLS
