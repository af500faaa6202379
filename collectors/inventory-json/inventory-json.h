/* hvplan: the inventory-json collector. */
#pragma once

#include "collectors/collector.h"

extern const HvpCollector hvp_collector_inventory_json;
