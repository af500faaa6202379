/* hvplan: the field table of a VM's or snapshot's memory configuration. */
#include "models/memory.h"

/* The fields of a memory configuration (models/README.md, "memory"). */
static const HvpField memory_fields[] = {
  HVP_FIELD_ROW (HvpMemory, dynamic, HVP_FIELD_BOOL, HVP_FIELD_OPTIONAL),
  HVP_FIELD_ROW (HvpMemory, startup_bytes, HVP_FIELD_BYTES, HVP_FIELD_OPTIONAL),
  HVP_FIELD_ROW (HvpMemory, minimum_bytes, HVP_FIELD_BYTES, HVP_FIELD_OPTIONAL),
  HVP_FIELD_ROW (HvpMemory, maximum_bytes, HVP_FIELD_BYTES, HVP_FIELD_OPTIONAL),
};

/**
 * hvp_memory_fields:
 *
 * The fields of #HvpMemory in the canonical inventory document, in order.
 */
const HvpFieldTable hvp_memory_fields = HVP_FIELD_TABLE ("memory", memory_fields);
