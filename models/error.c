#include "models/error.h"

G_DEFINE_QUARK (hvp-error-quark, hvp_error)

/* The one table from error codes to exit statuses. */
static const struct {
  HvpErrorCode code;
  HvpExitStatus status;
} exit_statuses[] = {
  { HVP_ERROR_USAGE, HVP_EXIT_USAGE },
  { HVP_ERROR_DATA, HVP_EXIT_DATA },
  { HVP_ERROR_OPEN, HVP_EXIT_OPEN },
  { HVP_ERROR_WRITE, HVP_EXIT_WRITE },
  { HVP_ERROR_UNSUPPORTED, HVP_EXIT_DATA },
};

/**
 * hvp_error_exit_status:
 * @error: (nullable): an error, normally in %HVP_ERROR
 *
 * Maps an error to the exit status of the command that met it.  An error of another domain is a
 * bug in hvplan (every library error is translated at the boundary) and maps to %HVP_EXIT_DATA.
 *
 * Returns: %HVP_EXIT_OK for %NULL, else the status for @error's code
 */
HvpExitStatus
hvp_error_exit_status (const GError *error)
{
  if (error == NULL)
    return HVP_EXIT_OK;
  if (error->domain == HVP_ERROR)
    for (gsize i = 0; i < G_N_ELEMENTS (exit_statuses); i++)
      if (exit_statuses[i].code == (HvpErrorCode) error->code)
        return exit_statuses[i].status;
  return HVP_EXIT_DATA;
}
