/* hvplan: the collector of one binary VM configuration file (.vmcx). */
#pragma once

#include "collectors/collector.h"

G_BEGIN_DECLS

extern const HvpCollector hvp_collector_vmcx;

G_END_DECLS
