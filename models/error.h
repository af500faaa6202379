/* hvplan: the project's one error domain. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * HVP_ERROR:
 *
 * The error domain of every hvplan function that can fail.  The code says what the user must do;
 * the message carries the detail (file, element or offset, what was expected).  The command maps
 * each code to one exit status (see hvp_error_exit_status()).
 */
#define HVP_ERROR (hvp_error_quark ())

/**
 * HvpErrorCode:
 * @HVP_ERROR_USAGE: the command line is wrong (exit 64, EX_USAGE)
 * @HVP_ERROR_DATA: an input was read but its content is wrong: malformed, truncated, an impossible
 *   number, a missing field (exit 65, EX_DATAERR)
 * @HVP_ERROR_OPEN: an input cannot be opened or read (exit 66, EX_NOINPUT)
 * @HVP_ERROR_WRITE: an output cannot be written (exit 74, EX_IOERR)
 * @HVP_ERROR_UNSUPPORTED: the input is in a format or version hvplan does not read (exit 65)
 *
 * Codes of %HVP_ERROR.
 */
typedef enum {
  HVP_ERROR_USAGE,
  HVP_ERROR_DATA,
  HVP_ERROR_OPEN,
  HVP_ERROR_WRITE,
  HVP_ERROR_UNSUPPORTED,
} HvpErrorCode;

/**
 * HvpExitStatus:
 *
 * The exit statuses every hvplan command uses (sysexits.h values).
 */
typedef enum {
  HVP_EXIT_OK = 0,
  HVP_EXIT_NO = 1,
  HVP_EXIT_USAGE = 64,
  HVP_EXIT_DATA = 65,
  HVP_EXIT_OPEN = 66,
  HVP_EXIT_WRITE = 74,
} HvpExitStatus;

GQuark hvp_error_quark (void);
HvpExitStatus hvp_error_exit_status (const GError *error);
void hvp_error_one_line (GError *error);

G_END_DECLS
