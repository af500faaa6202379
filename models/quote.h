/* hvplan: values from the inventory quoted for the shell a suggested command is typed into. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *hvp_quote_posix_sh (const char *value, GError **error);
char *hvp_quote_powershell (const char *value, GError **error);
char *hvp_quote_cmd (const char *value, GError **error);

G_END_DECLS
