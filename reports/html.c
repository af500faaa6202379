/* hvplan: the pieces every HTML report shares.
 *
 * A report is one self-contained page: it opens from a mail attachment with no network.  Style and
 * script are inline and the page's Content-Security-Policy (W3C Content Security Policy Level 3)
 * allows nothing else: `default-src 'none'`, the one style sheet and the one script by their
 * SHA-256 hashes, so an element that came from the input (it cannot: every string is escaped
 * here) would neither run nor load.  Every string from an inventory goes through
 * hvp_html_append_text(): the terminal notation of models/text.c for controls and bidirectional
 * characters, then the five characters HTML gives a meaning (`& < > " '`) as character
 * references, which is safe in text, in a quoted attribute and in SVG's <title> and <text>
 * (HTML Living Standard, 13.1.2.6 "Restrictions on the contents of raw text and escapable raw
 * text elements" and 13.1.2.3 "Attributes").  The charts are inline SVG drawn here. */
#include "reports/html.h"

#include <string.h>

#include "models/text.h"
#include "reports/common.h"
#include "reports/html-module.h"

/* Defined when this program links the module's file itself (the unit tests); NULL in hvplan,
 * which loads hvplan-html.so (reports/html-markdown.c) on the first Markdown it renders. */
extern const HvpHtmlModule hvp_html_module __attribute__ ((weak));

/* The style sheet: screen, a narrow screen (a phone) and print. */
static const char html_style[] =
  "body{font-family:system-ui,sans-serif;margin:1.5em auto;max-width:72em;padding:0 1em;"
  "color:#1a1a1a;line-height:1.4}\n"
  "h1{font-size:1.6em}h2{font-size:1.3em;border-bottom:1px solid #ccc;margin-top:1.6em}\n"
  "table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:.25em .5em;"
  "text-align:left;vertical-align:top}td.n{text-align:right;white-space:nowrap}\n"
  "th[data-sort]{cursor:pointer}th[data-sort]::after{content:' \\2195';color:#888}\n"
  ".verdict{font-size:1.3em;font-weight:bold;padding:.4em .8em;border-radius:.3em;"
  "display:inline-block}\n"
  ".pass{color:#0a5a1e}.warn{color:#7a4d00}.fail{color:#a00000}.info{color:#1f4e8c}\n"
  ".verdict.pass{background:#d9f2df}.verdict.warn{background:#fff0cc}"
  ".verdict.fail{background:#fbd9d9}.verdict.info{background:#dde8f7}\n"
  "svg.bar{width:100%;min-width:8em;height:1.1em;display:block;margin:.15em 0}\n"
  "svg.bar rect.pass{fill:#3c9a55}svg.bar rect.warn{fill:#d99a00}svg.bar rect.fail{fill:#c83232}"
  "svg.bar rect.cap{fill:#8aa4c8}svg.bar rect.bg{fill:#eef1f5}svg.bar rect.worst{fill:#e6b8b8}"
  "svg.bar rect.own{fill:#9a9a9a}svg.bar line{stroke:#000;stroke-width:3}\n"
  "svg.bar rect.s0{fill:#4e79a7}svg.bar rect.s1{fill:#f28e2b}svg.bar rect.s2{fill:#59a14f}"
  "svg.bar rect.s3{fill:#b07aa1}svg.bar rect.s4{fill:#76b7b2}svg.bar rect.s5{fill:#edc948}\n"
  ".limiting{font-weight:bold}th.limiting{background:#fff0cc}.muted{color:#666}\n"
  "pre{white-space:pre-wrap;background:#f6f6f6;padding:.5em}\n"
  ".scroll{overflow-x:auto}ul.findings li{margin:.2em 0}\n"
  ".checklist h1{font-size:1.3em}.checklist h2{font-size:1.15em}.checklist h3{font-size:1em}\n"
  ".old{background:#fbe4e4}.new{background:#e2f4e5}\n"
  "@media (max-width:40em){body{margin:.5em;padding:0 .3em}h1{font-size:1.25em}"
  "th,td{padding:.2em .3em}.verdict{font-size:1.1em}"
  "table.stack thead{display:none}table.stack,table.stack tbody,table.stack tr,table.stack th,"
  "table.stack td{display:block;border:none}table.stack tr{border:1px solid #ccc;"
  "margin:.5em 0;padding:.3em}table.stack td.n{text-align:left}"
  "table.stack td[data-label]::before{content:attr(data-label) ': ';color:#666}}\n"
  "@media print{body{max-width:none;margin:0;font-size:10pt}th[data-sort]::after{content:''}"
  "svg.bar,.verdict{print-color-adjust:exact;-webkit-print-color-adjust:exact}"
  "h2{break-after:avoid}tr,li,svg{break-inside:avoid}.scroll{overflow:visible}}\n";

/* Sorting the tables whose header cells carry data-sort: a click orders the rows by that
 * column (numbers by their data-v value), a second click reverses.  The page is complete
 * without it. */
static const char html_script[] =
  "document.querySelectorAll('th[data-sort]').forEach(function(th){\n"
  "th.addEventListener('click',function(){\n"
  "var i=th.cellIndex,b=th.closest('table').tBodies[0],d=th.dataset.dir==='a'?-1:1;\n"
  "th.dataset.dir=d>0?'a':'d';\n"
  "var key=function(r){var c=r.cells[i];return c.dataset.v!==undefined?"
  "Number(c.dataset.v):c.textContent;};\n"
  "Array.from(b.rows).sort(function(x,y){var p=key(x),q=key(y);"
  "return d*(typeof p==='number'?p-q:p.localeCompare(q));})"
  ".forEach(function(r){b.appendChild(r);});});});\n";

/**
 * hvp_html_append_text:
 * @out: where to append
 * @text: (nullable): text from the input (a name, a path, a message); %NULL appends nothing
 *
 * Appends @text so that it shows as itself in an HTML page, in text, in a double- or single-quoted
 * attribute value and in SVG <title> and <text>: first as hvp_text_append_terminal() shows it
 * (controls, DEL, invalid UTF-8 bytes, C1 controls, bidirectional overrides and isolates, U+2028
 * and U+2029 as `\xHH` / `\uHHHH`), then `&`, `<`, `>`, `"` and `'` as character references
 * (HTML Living Standard, 13.1.2.6 and 13.1.2.3).  A `</script>` or `javascript:` in a name stays
 * text: no element and no attribute can start inside it.
 */
void
hvp_html_append_text (GString *out, const char *text)
{
  g_autofree char *shown = NULL;

  g_return_if_fail (out != NULL);
  if (text == NULL)
    return;
  shown = hvp_text_escape_terminal (text);
  for (const char *p = shown; *p != '\0'; p++)
    switch (*p)
      {
      case '&': g_string_append (out, "&amp;"); break;
      case '<': g_string_append (out, "&lt;"); break;
      case '>': g_string_append (out, "&gt;"); break;
      case '"': g_string_append (out, "&quot;"); break;
      case '\'': g_string_append (out, "&#39;"); break;
      default: g_string_append_c (out, *p); break;
      }
}

/* "'sha256-BASE64'": a CSP hash-source for @text (CSP Level 3, 2.3.1 "Source Lists"). */
static char *
hash_source (const char *text)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;
  g_autofree char *base64 = NULL;

  g_checksum_update (checksum, (const guchar *) text, strlen (text));
  g_checksum_get_digest (checksum, digest, &length);
  base64 = g_base64_encode (digest, length);
  return g_strdup_printf ("'sha256-%s'", base64);
}

/**
 * hvp_html_begin:
 * @out: where to append
 * @title: the page title (from the input: escaped here)
 *
 * Opens a self-contained HTML5 page: UTF-8, a Content-Security-Policy that allows no network
 * request and no script or style but the page's own (by hash), no referrer, a viewport for
 * phones, @title, the style sheet (with its narrow-screen and print rules) and <body>.
 * Close it with hvp_html_end().
 */
void
hvp_html_begin (GString *out, const char *title)
{
  g_autofree char *style_hash = hash_source (html_style);
  g_autofree char *script_hash = hash_source (html_script);

  g_return_if_fail (out != NULL);

  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
  g_string_append_printf (out, "<meta http-equiv=\"Content-Security-Policy\" content=\""
                               "default-src 'none'; style-src %s; script-src %s; "
                               "base-uri 'none'; form-action 'none'\">\n",
                          style_hash, script_hash);
  g_string_append (out, "<meta name=\"referrer\" content=\"no-referrer\">\n"
                        "<meta name=\"viewport\" content=\"width=device-width, "
                        "initial-scale=1\">\n"
                        "<meta name=\"generator\" content=\"hvplan " HVP_VERSION "\">\n<title>");
  hvp_html_append_text (out, title);
  g_string_append_printf (out, "</title>\n<style>%s</style>\n</head>\n<body>\n", html_style);
}

/**
 * hvp_html_end:
 * @out: where to append
 *
 * Closes the page hvp_html_begin() opened, with the table-sorting script (the only script; the
 * page is complete without it).
 */
void
hvp_html_end (GString *out)
{
  g_return_if_fail (out != NULL);
  g_string_append_printf (out, "<script>%s</script>\n</body>\n</html>\n", html_script);
}

/**
 * hvp_html_verdict_class:
 * @verdict: a verdict or a finding's severity
 *
 * Returns: (transfer none): the CSS class that colours it: "pass", "info", "warn" or "fail"
 *   (hvp_verdict_to_string())
 */
const char *
hvp_html_verdict_class (HvpVerdict verdict)
{
  return hvp_verdict_to_string (verdict);
}

/**
 * hvp_html_append_verdict:
 * @out: where to append
 * @css: the class that colours it (hvp_html_verdict_class(), "pass" or "fail")
 * @text: the verdict in words (hvplan's own text, not input: written as is)
 *
 * Appends the verdict banner: a paragraph with id "verdict", in words (never colour alone).
 */
void
hvp_html_append_verdict (GString *out, const char *css, const char *text)
{
  g_return_if_fail (out != NULL && css != NULL && text != NULL);
  g_string_append_printf (out, "<p id=\"verdict\" class=\"verdict %s\">%s</p>\n", css, text);
}

/* A coordinate on the bar's 0–1000 axis: @amount of @scale, to one decimal, locale-free. */
static void
append_position (GString *out, guint64 amount, guint64 scale)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  double x = scale > 0 ? 1000.0 * (double) MIN (amount, scale) / (double) scale : 0.0;

  g_string_append (out, g_ascii_formatd (number, sizeof number, "%.1f", x));
}

/**
 * hvp_html_append_bar:
 * @out: where to append
 * @title: what the whole bar shows (hvplan's words around names already escaped, or escaped here:
 *   it is written through hvp_html_append_text())
 * @segments: (array length=n_segments): the parts, stacked left to right
 * @n_segments: how many
 * @scale: the amount the full width stands for (in the segments' unit); 0 draws empty
 * @limit: an amount to mark with a vertical line (what is available), 0 for none
 *
 * Appends an inline SVG bar (viewBox 0 0 1000 20, stretched to the width of its box): a light
 * background, then each segment as a rectangle of its share of @scale with a <title> tooltip
 * "LABEL: SHOWN", then the line at @limit.  Labels are escaped with hvp_html_append_text().
 */
void
hvp_html_append_bar (GString *out, const char *title, const HvpHtmlSegment *segments,
                     guint n_segments, guint64 scale, guint64 limit)
{
  guint64 start = 0;

  g_string_append (out, "<svg class=\"bar\" viewBox=\"0 0 1000 20\" preserveAspectRatio=\"none\" "
                        "role=\"img\" aria-label=\"");
  hvp_html_append_text (out, title);
  g_string_append (out, "\"><title>");
  hvp_html_append_text (out, title);
  g_string_append (out, "</title><rect class=\"bg\" x=\"0\" y=\"0\" width=\"1000\" height=\"20\"/>");
  for (guint i = 0; i < n_segments; i++)
    {
      g_string_append (out, "<rect class=\"");
      g_string_append (out, segments[i].style);
      g_string_append (out, "\" y=\"0\" height=\"20\" x=\"");
      append_position (out, start, scale);
      g_string_append (out, "\" width=\"");
      append_position (out, segments[i].amount, scale);
      g_string_append (out, "\"><title>");
      hvp_html_append_text (out, segments[i].label);
      if (segments[i].label != NULL && segments[i].shown != NULL)
        g_string_append (out, ": ");
      hvp_html_append_text (out, segments[i].shown);
      g_string_append (out, "</title></rect>");
      start = start + segments[i].amount < start ? G_MAXUINT64 : start + segments[i].amount;
    }
  if (limit > 0 && limit <= scale)
    {
      g_string_append (out, "<line y1=\"0\" y2=\"20\" x1=\"");
      append_position (out, limit, scale);
      g_string_append (out, "\" x2=\"");
      append_position (out, limit, scale);
      g_string_append (out, "\"/>");
    }
  g_string_append (out, "</svg>");
}

/* One finding as a list item: "storage · VM: message". */
static void
append_finding (GString *out, const HvpFinding *finding)
{
  g_string_append_printf (out, "<li><span class=\"%s\">%s</span> ",
                          hvp_html_verdict_class (finding->severity),
                          hvp_requirement_kind_to_string (finding->requirement));
  if (finding->vm != NULL)
    {
      g_string_append (out, "<b>");
      hvp_html_append_text (out, finding->vm);
      g_string_append (out, "</b>: ");
    }
  hvp_html_append_text (out, finding->message);
  g_string_append (out, "</li>\n");
}

/**
 * hvp_html_append_findings:
 * @out: where to append
 * @findings: (element-type HvpFinding): findings, in the planner's order
 * @heading: the section's heading (hvplan's words), or %NULL for none
 *
 * Appends the findings grouped by severity, worst first: a heading "Fail (N)", "Warn (N)",
 * "Info (N)" over a list, one item a finding (its requirement, the VM, the message, escaped);
 * "None." for no findings.
 */
void
hvp_html_append_findings (GString *out, const GPtrArray *findings, const char *heading)
{
  static const HvpVerdict order[] = { HVP_VERDICT_FAIL, HVP_VERDICT_WARN, HVP_VERDICT_INFO };
  static const char *const names[] = { "Fail", "Warn", "Info" };

  g_return_if_fail (out != NULL && findings != NULL);
  if (heading != NULL)
    g_string_append_printf (out, "<h2 id=\"findings\">%s</h2>\n", heading);
  if (findings->len == 0)
    g_string_append (out, "<p>None.</p>\n");
  for (guint s = 0; s < G_N_ELEMENTS (order); s++)
    {
      guint count = 0;

      for (guint i = 0; i < findings->len; i++)
        count += ((const HvpFinding *) g_ptr_array_index (findings, i))->severity == order[s];
      if (count == 0)
        continue;
      g_string_append_printf (out, "<h3 class=\"%s\">%s (%u)</h3>\n<ul class=\"findings\">\n",
                              hvp_html_verdict_class (order[s]), names[s], count);
      for (guint i = 0; i < findings->len; i++)
        {
          const HvpFinding *finding = g_ptr_array_index (findings, i);

          if (finding->severity == order[s])
            append_finding (out, finding);
        }
      g_string_append (out, "</ul>\n");
    }
}

/**
 * hvp_html_append_warnings:
 * @out: where to append
 * @source: (nullable): the source inventory
 *
 * Appends the source's collector warnings (what could not be read, so the numbers may be short)
 * as a section with one list item a warning, "FILE: POSITION: MESSAGE", escaped; nothing for a
 * %NULL @source or one without warnings.
 */
void
hvp_html_append_warnings (GString *out, const HvpInventory *source)
{
  g_return_if_fail (out != NULL);
  if (source == NULL || source->warnings->len == 0)
    return;
  g_string_append_printf (out, "<h2 id=\"warnings\">Collector warnings (%u)</h2>\n<ul>\n",
                          source->warnings->len);
  for (guint i = 0; i < source->warnings->len; i++)
    {
      const HvpWarning *warning = g_ptr_array_index (source->warnings, i);

      g_string_append (out, "<li><code>");
      hvp_html_append_text (out, warning->file);
      g_string_append (out, "</code>");
      if (warning->position != NULL)
        {
          g_string_append (out, ": ");
          hvp_html_append_text (out, warning->position);
        }
      g_string_append (out, ": ");
      hvp_html_append_text (out, warning->message);
      g_string_append (out, "</li>\n");
    }
  g_string_append (out, "</ul>\n");
}

/**
 * hvp_html_append_pre:
 * @out: where to append
 * @text: preformatted text (a text report's section), escaped here
 *
 * Appends @text as a <pre> block.
 */
void
hvp_html_append_pre (GString *out, const char *text)
{
  g_return_if_fail (out != NULL && text != NULL);
  g_string_append (out, "<pre>");
  /* Line breaks are the text's own here: escape each line, keep the breaks. */
  for (const char *p = text; *p != '\0';)
    {
      const char *end = strchr (p, '\n');
      g_autofree char *line = g_strndup (p, end != NULL ? (gsize) (end - p) : strlen (p));

      hvp_html_append_text (out, line);
      if (end == NULL)
        break;
      g_string_append_c (out, '\n');
      p = end + 1;
    }
  g_string_append (out, "</pre>\n");
}

/* The module: linked in, or loaded once; NULL with %HVP_ERROR_OPEN when it cannot be loaded. */
static const HvpHtmlModule *
html_module (GError **error)
{
  static HvpModuleSlot slot = HVP_MODULE_SLOT_INIT (HVP_HTML_MODULE_FILE, HVP_HTML_MODULE_SYMBOL,
                                                    HVP_HTML_MODULE_ABI);

  if (&hvp_html_module != NULL)
    return &hvp_html_module;
  return hvp_module_slot_get (&slot, error);
}

/**
 * hvp_html_append_markdown:
 * @out: where to append
 * @markdown: a Markdown report of reports/ (a checklist), whose input strings are escaped for
 *   Markdown already (reports/markdown.c)
 * @error: return location for an error
 *
 * Appends @markdown rendered as HTML by cmark-gfm (hvp_html_render_markdown(), in the module
 * hvplan-html.so, loaded on first use): GitHub Flavored Markdown Spec 0.29 with its "table" and
 * "tasklist" extensions, in its safe mode.  When cmark-gfm cannot render it (out of memory),
 * appends @markdown as preformatted text instead (hvp_html_append_pre()).
 *
 * Returns: %FALSE with %HVP_ERROR_OPEN when the module cannot be loaded: nothing is appended
 */
gboolean
hvp_html_append_markdown (GString *out, const char *markdown, GError **error)
{
  const HvpHtmlModule *module;

  g_return_val_if_fail (out != NULL && markdown != NULL, FALSE);
  module = html_module (error);
  if (module == NULL)
    return FALSE;
  if (!module->render_markdown (out, markdown))
    hvp_html_append_pre (out, markdown);
  return TRUE;
}
