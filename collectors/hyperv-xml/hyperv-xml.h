/* hvplan: the hyperv-xml collector. */
#pragma once

#include "collectors/collector.h"

extern const HvpCollector hvp_collector_hyperv_xml;
