/* hvplan: the field table of a VM's or snapshot's memory configuration. */
#include "models/memory.h"

#include "models/error.h"
#include "models/units.h"

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

/* "'NAME' is 2.0 GiB (2147483648 bytes)" without the name. */
static char *
describe_bytes (guint64 bytes)
{
  g_autofree char *gib = hvp_format_gib (bytes);

  return g_strdup_printf ("%s (%" G_GUINT64_FORMAT " bytes)", gib, bytes);
}

/**
 * hvp_memory_validate:
 * @memory: a VM's or snapshot's memory configuration
 * @error: return location for an error
 *
 * Refuses a dynamic memory configuration Hyper-V itself would not accept: minimum RAM above
 * startup RAM, or startup RAM above maximum RAM (Microsoft, "Hyper-V Dynamic Memory
 * Configuration Guide" and `Set-VMMemory`: "MinimumBytes ... cannot be greater than StartupBytes",
 * "MaximumBytes ... cannot be less than StartupBytes").  A value of 0 is unknown and is not
 * compared; static memory is not checked (its minimum and maximum are 0).
 *
 * Returns: %TRUE, or %FALSE with %HVP_ERROR_DATA naming the two fields ("memory.minimum_bytes
 *   4.0 GiB (4294967296 bytes) is above memory.startup_bytes 2.0 GiB (2147483648 bytes)"); the
 *   caller prefixes the file and the VM
 */
gboolean
hvp_memory_validate (const HvpMemory *memory, GError **error)
{
  g_return_val_if_fail (memory != NULL, FALSE);

  if (!memory->dynamic || memory->startup_bytes == 0)
    return TRUE;
  if (memory->minimum_bytes > memory->startup_bytes)
    {
      g_autofree char *minimum = describe_bytes (memory->minimum_bytes);
      g_autofree char *startup = describe_bytes (memory->startup_bytes);

      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "memory.minimum_bytes %s is above memory.startup_bytes %s", minimum, startup);
      return FALSE;
    }
  if (memory->maximum_bytes != 0 && memory->startup_bytes > memory->maximum_bytes)
    {
      g_autofree char *startup = describe_bytes (memory->startup_bytes);
      g_autofree char *maximum = describe_bytes (memory->maximum_bytes);

      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "memory.startup_bytes %s is above memory.maximum_bytes %s", startup, maximum);
      return FALSE;
    }
  return TRUE;
}
