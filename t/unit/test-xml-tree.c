/* Tests of collectors/xml-tree.c and the stream of collectors/xml.c (hvp_xml_parse_tree()): the
 * element tree built from SAX2 events gives every element the name, start line and text
 * (xmlNodeGetContent(), trimmed) that libxml2's DOM of the same file gives with the same options,
 * including its rule for dropping blank text (XML_PARSE_NOBLANKS); and the stream keeps the
 * hardening and messages of hvp_xml_parse(). */
#include <glib.h>
#include <libxml/tree.h>
#include <string.h>

#include "unit.h"
#include "collectors/xml.h"

/* Compares the DOM element @node with the tree element @element, recursively. */
static void
assert_same (xmlNode *node, const HvpXmlElement *element)
{
  g_autofree char *tree_text = hvp_xml_element_text (element);
  xmlChar *content = xmlNodeGetContent (node);
  g_autofree char *dom_text = g_strstrip (g_strdup ((const char *) content));
  const HvpXmlElement *child = element->children;

  xmlFree (content);
  g_assert_cmpstr (element->name, ==, (const char *) node->name);
  g_assert_cmpuint (element->line, ==, (guint) xmlGetLineNo (node));
  g_assert_cmpstr (tree_text, ==, dom_text);
  for (xmlNode *n = node->children; n != NULL; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      g_assert_nonnull (child);
      assert_same (n, child);
      child = child->next;
    }
  g_assert_null (child);
}

static void
assert_like_dom (const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (xmlDoc) doc = hvp_xml_parse (NULL, "t.xml", text, strlen (text), &error);
  g_autoptr (HvpXmlTree) tree = hvp_xml_tree_new ();

  g_assert_no_error (error);
  g_assert_true (hvp_xml_parse_tree (NULL, "t.xml", text, strlen (text), tree, &error));
  g_assert_no_error (error);
  assert_same (xmlDocGetRootElement (doc), hvp_xml_tree_root (tree));
}

static void
test_like_dom (void)
{
  g_autofree char *long_text = g_strnfill (1000, 'x');
  g_autofree char *blanks = g_strnfill (700, ' ');
  g_autofree char *long_blanks = g_strconcat ("<a><b>1</b>", blanks, "<c>2</c></a>", NULL);
  g_autofree char *with_long = g_strconcat ("<a>\n <b>", long_text, "</b>\n</a>", NULL);

  assert_like_dom ("<?xml version=\"1.0\"?>\n<configuration>\n  <properties>\n"
                   "    <name type=\"string\">  DC01 </name>\n    <notes type=\"string\">\n"
                   "    </notes>\n  </properties>\n</configuration>\n");
  assert_like_dom ("<a><b>x</b> <c>y</c></a>");          /* blank between elements: dropped */
  assert_like_dom ("<a>t <b>x</b> <c>y</c> u</a>");      /* first child text: kept */
  assert_like_dom ("<a><b>x</b>z <c>y</c></a>");         /* last child text: kept */
  assert_like_dom ("<a><!-- c --> <b>x</b> <?pi d?> <c>y</c></a>");
  assert_like_dom ("<a><![CDATA[ q ]]> <b>x</b>&amp;&#65; <c>y</c></a>");
  assert_like_dom ("<a xml:space=\"preserve\"><b>x</b> <c>y</c></a>");
  assert_like_dom ("<a>  </a>");
  assert_like_dom ("<a><b>x</b> y <c>z</c> <d/>\n</a>");
  assert_like_dom ("<a> <b> <i>1</i> </b> <c> </c>\t<d/> </a>");
  assert_like_dom ("<a><b>\xc3\xa9</b> <c>\xe2\x82\xac y</c> <d>z</d></a>");
  assert_like_dom ("<a xml:space=\"preserve\"><b xml:space=\"default\"><i>1</i> <j>2</j></b> "
                   "<c>y</c></a>");
  assert_like_dom (with_long);
  assert_like_dom (long_blanks);
  assert_like_dom ("<p:a xmlns:p=\"urn:x\"><p:b>1</p:b>\r\n<c>2</c></p:a>");
}

static void
test_utf16_and_paths (void)
{
  static const char utf8[] = "<configuration>\n<settings>\n<memory><bank><size>1024</size>"
                             "</bank></memory>\n</settings>\n</configuration>";
  g_autoptr (HvpXmlTree) tree = hvp_xml_tree_new ();
  g_autoptr (GError) error = NULL;
  g_autofree gunichar2 *units = g_utf8_to_utf16 (utf8, -1, NULL, NULL, NULL);
  gsize n = strlen (utf8);
  g_autofree char *bytes = g_malloc (2 * n + 2);
  HvpXmlElement *size;
  g_autofree char *position = NULL;
  g_autofree char *text = NULL;

  bytes[0] = (char) 0xFF;
  bytes[1] = (char) 0xFE;
  for (gsize i = 0; i < n; i++)
    {
      bytes[2 + 2 * i] = (char) (units[i] & 0xFF);
      bytes[3 + 2 * i] = (char) (units[i] >> 8);
    }
  g_assert_true (hvp_xml_parse_tree (NULL, "u.xml", bytes, 2 * n + 2, tree, &error));
  g_assert_no_error (error);
  size = hvp_xml_element_find (hvp_xml_tree_root (tree), "settings/memory/bank/size");
  g_assert_nonnull (size);
  g_assert_cmpuint (size->line, ==, 3);
  position = hvp_xml_element_position (size);
  g_assert_cmpstr (position, ==, "settings/memory/bank/size");
  text = hvp_xml_element_text (size);
  g_assert_cmpstr (text, ==, "1024");
  g_assert_null (hvp_xml_element_find (hvp_xml_tree_root (tree), "settings/memory/size"));
}

/* The stream refuses what hvp_xml_parse() refuses, with its messages; a context and a tree are
 * reused after a failure. */
static void
test_refused (void)
{
  static const char *const bad[][2] = {
    { "<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>", "^'b.xml' has a DOCTYPE: refused$" },
    { "<a>\n<b></a>", "^cannot parse 'b.xml': line 2: .*$" },
    { "<a>&undeclared;</a>", "^cannot parse 'b.xml': line 1: .*undeclared.*$" },
    { "", "^'b.xml' is empty$" },
  };
  g_autoptr (xmlParserCtxt) context = hvp_xml_stream_context_new ();
  g_autoptr (HvpXmlTree) tree = hvp_xml_tree_new ();
  g_autoptr (GError) error = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (hvp_xml_parse_tree (context, "b.xml", bad[i][0], strlen (bad[i][0]), tree,
                                          &error));
      g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
      if (!g_regex_match_simple (bad[i][1], error->message, 0, 0))
        g_error ("'%s' does not match '%s'", error->message, bad[i][1]);
      g_clear_error (&error);
    }
  g_assert_true (hvp_xml_parse_tree (context, "g.xml", "<a><b>1</b></a>", 15, tree, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (hvp_xml_tree_root (tree)->children->name, ==, "b");
}

HVP_TEST_SUITE (xml_tree)
{
  g_test_add_func ("/collectors/xml-tree/like-dom", test_like_dom);
  g_test_add_func ("/collectors/xml-tree/utf16-and-paths", test_utf16_and_paths);
  g_test_add_func ("/collectors/xml-tree/refused", test_refused);
}
