/* hvplan: text from the input made safe to show on a terminal (one notation everywhere). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean hvp_text_is_terminal_control (gunichar c);
void hvp_text_append_terminal (GString *out, const char *text);
char *hvp_text_escape_terminal (const char *text);
gboolean hvp_text_has_terminal_control (const char *text);

G_END_DECLS
