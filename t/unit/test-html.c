/* Unit tests of reports/html.c: the one escaping of input text for HTML, the SVG bar, the page's
 * Content-Security-Policy, and the Markdown checklist rendered by cmark-gfm in safe mode.  The
 * strings are synthetic. */
#include <string.h>

#include "unit.h"
#include "reports/html.h"

static char *
escaped (const char *text)
{
  g_autoptr (GString) out = g_string_new (NULL);

  hvp_html_append_text (out, text);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_text_markup (void)
{
  g_autofree char *script = escaped ("</script><script>alert(1)</script>");
  g_autofree char *attribute = escaped ("x\" onerror='alert(1)' a=\"");
  g_autofree char *amp = escaped ("a&amp;b <!-- c -->");
  g_autofree char *url = escaped ("javascript:alert(3)");

  g_assert_cmpstr (script, ==, "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
  g_assert_cmpstr (attribute, ==, "x&quot; onerror=&#39;alert(1)&#39; a=&quot;");
  g_assert_cmpstr (amp, ==, "a&amp;amp;b &lt;!-- c --&gt;");
  /* Text, not a link: nothing to escape, and no element can carry it. */
  g_assert_cmpstr (url, ==, "javascript:alert(3)");
}

static void
test_text_controls (void)
{
  g_autofree char *controls = escaped ("a\nb\x1b[31mc\x7f");
  g_autofree char *bidi = escaped ("it\xe2\x80\xae" "evil\xe2\x81\xa6");
  g_autofree char *invalid = escaped ("caf\xe9 \xc3\xa9");
  g_autoptr (GString) nothing = g_string_new ("kept");

  g_assert_cmpstr (controls, ==, "a\\nb\\x1B[31mc\\x7F");
  g_assert_cmpstr (bidi, ==, "it\\u202Eevil\\u2066");
  g_assert_cmpstr (invalid, ==, "caf\\xE9 \xc3\xa9");
  hvp_html_append_text (nothing, NULL);
  g_assert_cmpstr (nothing->str, ==, "kept");
}

static void
test_bar (void)
{
  const HvpHtmlSegment segments[] = {
    { "<b>web</b>", 25, "25 GiB", "s0" },
    { "db", 50, "50 GiB", "s1" },
  };
  g_autoptr (GString) out = g_string_new (NULL);

  hvp_html_append_bar (out, "host \"1\"", segments, G_N_ELEMENTS (segments), 100, 80);
  g_assert_nonnull (strstr (out->str, "aria-label=\"host &quot;1&quot;\""));
  g_assert_nonnull (strstr (out->str, "<rect class=\"s0\" y=\"0\" height=\"20\" x=\"0.0\" "
                                      "width=\"250.0\"><title>&lt;b&gt;web&lt;/b&gt;: 25 GiB"
                                      "</title></rect>"));
  g_assert_nonnull (strstr (out->str, "<rect class=\"s1\" y=\"0\" height=\"20\" x=\"250.0\" "
                                      "width=\"500.0\">"));
  g_assert_nonnull (strstr (out->str, "<line y1=\"0\" y2=\"20\" x1=\"800.0\" x2=\"800.0\"/>"));
  g_assert_null (strstr (out->str, "<b>"));

  /* Nothing to scale: empty segments, no line, no division by zero. */
  g_string_truncate (out, 0);
  hvp_html_append_bar (out, "empty", segments, 1, 0, 0);
  g_assert_nonnull (strstr (out->str, "x=\"0.0\" width=\"0.0\""));
  g_assert_null (strstr (out->str, "<line"));
}

/* The CSP names the SHA-256 of the style sheet and of the script the page holds. */
static void
test_page_policy (void)
{
  g_autoptr (GString) out = g_string_new (NULL);
  const char *style, *style_end, *script, *script_end;
  g_autofree char *style_text = NULL, *script_text = NULL;
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;
  g_autofree char *base64 = NULL;
  g_autofree char *source = NULL;

  hvp_html_begin (out, "<title>");
  hvp_html_end (out);
  g_assert_true (g_str_has_prefix (out->str, "<!DOCTYPE html>\n"));
  g_assert_nonnull (strstr (out->str, "<title>&lt;title&gt;</title>"));
  g_assert_nonnull (strstr (out->str, "content=\"default-src 'none'; style-src 'sha256-"));
  style = strstr (out->str, "<style>") + strlen ("<style>");
  style_end = strstr (style, "</style>");
  script = strstr (out->str, "<script>") + strlen ("<script>");
  script_end = strstr (script, "</script>");
  style_text = g_strndup (style, style_end - style);
  script_text = g_strndup (script, script_end - script);
  g_assert_nonnull (strstr (style_text, "@media print"));
  g_assert_nonnull (strstr (style_text, "@media (max-width:40em)"));
  g_checksum_update (checksum, (const guchar *) script_text, strlen (script_text));
  g_checksum_get_digest (checksum, digest, &length);
  base64 = g_base64_encode (digest, length);
  source = g_strdup_printf ("script-src 'sha256-%s';", base64);
  g_assert_nonnull (strstr (out->str, source));
}

/* GitHub's renderer in safe mode: tasks become disabled checkboxes, raw HTML is left out, a
 * javascript: link loses its target. */
static void
test_markdown_safe (void)
{
  g_autoptr (GString) out = g_string_new (NULL);

  g_assert_true (hvp_html_append_markdown (out, "# Title\n\n- [ ] task one\n  - nested\n\n"
                                                "<script>alert(1)</script>\n\n"
                                                "[click](javascript:alert(2))\n\n"
                                                "| a | b |\n| --- | --- |\n| 1 | 2 |\n",
                                           NULL));
  g_assert_nonnull (strstr (out->str, "<input type=\"checkbox\" disabled=\"\" /> task one"));
  g_assert_nonnull (strstr (out->str, "<ul>\n<li>nested</li>"));
  g_assert_nonnull (strstr (out->str, "<td>1</td>"));
  g_assert_null (strstr (out->str, "<script"));
  g_assert_null (strstr (out->str, "javascript:"));
}

HVP_TEST_SUITE (html)
{
  g_test_add_func ("/reports/html/text-markup", test_text_markup);
  g_test_add_func ("/reports/html/text-controls", test_text_controls);
  g_test_add_func ("/reports/html/bar", test_bar);
  g_test_add_func ("/reports/html/page-policy", test_page_policy);
  g_test_add_func ("/reports/html/markdown-safe", test_markdown_safe);
}
