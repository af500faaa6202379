#include "models/error.h"

#include <string.h>

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
 * Rewrites @error's message so that it is one line: each control character (U+0000–U+001F,
 * U+007F) is written as a C escape (`\n`, `\r`, `\t`, else `\xHH`), and bytes that are not UTF-8
 * are replaced by U+FFFD.  Readers call it on the errors they return, so that every failure
 * reaches the user as one line.
 */
void
hvp_error_one_line (GError *error)
{
  g_autofree char *valid = NULL;
  GString *line;

  if (error == NULL || error->message == NULL)
    return;
  valid = g_utf8_make_valid (error->message, -1);
  line = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p++)
    {
      unsigned char c = (unsigned char) *p;

      if (c == '\n')
        g_string_append (line, "\\n");
      else if (c == '\r')
        g_string_append (line, "\\r");
      else if (c == '\t')
        g_string_append (line, "\\t");
      else if (c < 0x20 || c == 0x7F)
        g_string_append_printf (line, "\\x%02X", c);
      else
        g_string_append_c (line, (char) c);
    }
  g_free (error->message);
  error->message = g_string_free (line, FALSE);
}
