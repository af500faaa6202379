/* hvplan: Markdown to HTML with GitHub's cmark-gfm, the one part of the HTML reports that needs a
 * library beyond GLib.  Built as the module hvplan-html.so (reports/meson.build): linking
 * cmark-gfm and its extensions costs every process start, and only the HTML plan's checklist
 * renders Markdown. */
#include "reports/html-module.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <stdlib.h>
#include <string.h>

/**
 * hvp_html_render_markdown:
 * @out: where to append
 * @markdown: Markdown whose input strings are escaped for Markdown already (reports/markdown.c)
 *
 * Appends @markdown rendered as HTML by cmark-gfm (GitHub Flavored Markdown Spec 0.29, with its
 * "table" and "tasklist" extensions) in its safe mode: raw HTML is left out and `javascript:`,
 * `vbscript:`, `file:` and `data:` links are emptied, as GitHub renders the same file.
 *
 * Returns: %FALSE when cmark-gfm could not render it (out of memory): nothing is appended
 */
gboolean
hvp_html_render_markdown (GString *out, const char *markdown)
{
  static const char *const extensions[] = { "table", "tasklist" };
  cmark_parser *parser;
  cmark_node *document;
  char *html;
  gboolean rendered;

  g_return_val_if_fail (out != NULL && markdown != NULL, FALSE);
  cmark_gfm_core_extensions_ensure_registered ();
  parser = cmark_parser_new (CMARK_OPT_DEFAULT);
  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    {
      cmark_syntax_extension *extension = cmark_find_syntax_extension (extensions[i]);

      if (extension != NULL)
        cmark_parser_attach_syntax_extension (parser, extension);
    }
  cmark_parser_feed (parser, markdown, strlen (markdown));
  document = cmark_parser_finish (parser);
  html = document != NULL ? cmark_render_html (document, CMARK_OPT_DEFAULT,
                                               cmark_parser_get_syntax_extensions (parser))
                          : NULL;
  rendered = html != NULL;
  if (rendered)
    g_string_append (out, html);
  free (html);
  if (document != NULL)
    cmark_node_free (document);
  cmark_parser_free (parser);
  return rendered;
}

/**
 * hvp_html_module:
 *
 * What the HTML module offers the program that loads it (reports/html.c): the Markdown renderer.
 */
const HvpHtmlModule hvp_html_module = {
  .header = { HVP_HTML_MODULE_ABI, HVP_VERSION },
  .render_markdown = hvp_html_render_markdown,
};
