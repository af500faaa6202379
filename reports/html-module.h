/* hvplan: the Markdown renderer of the HTML reports as a module (hvplan-html.so, loaded by
 * hvp_html_append_markdown() on the first checklist it renders): its table and the function behind
 * it.  Only reports/html.c and the module's own file include this. */
#pragma once

#include <glib.h>

#include "collectors/module.h"

G_BEGIN_DECLS

/* Raised whenever the table below changes, so a stale module from an older build is refused. */
#define HVP_HTML_MODULE_ABI 1
#define HVP_HTML_MODULE_SYMBOL "hvp_html_module"
#define HVP_HTML_MODULE_FILE "hvplan-html.so"

/**
 * HvpHtmlModule:
 * @header: %HVP_HTML_MODULE_ABI and the version of the build that made the module
 * @render_markdown: hvp_html_render_markdown()
 *
 * The one symbol (`hvp_html_module`) the loader looks up in the module.
 */
typedef struct {
  HvpModuleHeader header;
  gboolean (*render_markdown) (GString *out, const char *markdown);
} HvpHtmlModule;

extern const HvpHtmlModule hvp_html_module;

gboolean hvp_html_render_markdown (GString *out, const char *markdown);

G_END_DECLS
