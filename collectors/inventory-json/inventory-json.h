/* hvplan: the inventory-json collector: reads an "hvplan-inventory/1" document. */
#pragma once

#include "collectors/collector.h"

G_BEGIN_DECLS

extern const HvpCollector hvp_collector_inventory_json;

G_END_DECLS
