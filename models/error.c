#include "models/error.h"

#include "models/text.h"

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

/**
 * hvp_error_one_line:
 * @error: (nullable): an error whose message may quote input (a value, a file name, a library's
 *   message) holding line breaks or other control characters
 *
 * Rewrites @error's message in the notation of hvp_text_append_terminal(), so that it is one line
 * and drives no terminal: `\n`, `\r`, `\t`, `\xHH` for the other C0 controls, DEL and bytes that
 * are not UTF-8, `\uHHHH` for C1 controls and bidirectional overrides and isolates.  Readers
 * call it on the errors they return, and the command on every error it prints, so that every
 * failure reaches the user as one line.
 */
void
hvp_error_one_line (GError *error)
{
  char *line;

  if (error == NULL || error->message == NULL)
    return;
  line = hvp_text_escape_terminal (error->message);
  g_free (error->message);
  error->message = line;
}
