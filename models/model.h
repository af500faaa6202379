/* hvplan: the whole model, for the stages after it. */
#pragma once

#include "models/adapter.h"
#include "models/disk.h"
#include "models/drive.h"
#include "models/error.h"
#include "models/host.h"
#include "models/inventory.h"
#include "models/inventory-json.h"
#include "models/memory.h"
#include "models/path.h"
#include "models/security.h"
#include "models/security-fields.h"
#include "models/snapshot.h"
#include "models/switch.h"
#include "models/units.h"
#include "models/utilization.h"
#include "models/vm.h"
