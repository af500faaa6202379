/* hvplan: parsing XML from outside safely, the same way in every collector. */
#pragma once

#include <glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "collectors/xml-tree.h"
#include "models/model.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlParserCtxt, xmlFreeParserCtxt)

/**
 * HVP_XML_SNIFF_BYTES:
 *
 * How many bytes of a file hvp_xml_sniff_root() looks at: enough for a declaration, comments and
 * the root element's start.
 */
#define HVP_XML_SNIFF_BYTES 2048

xmlParserCtxt *hvp_xml_context_new (void);
xmlDoc *hvp_xml_parse (xmlParserCtxt *context, const char *file, const char *text, gsize length,
                       GError **error);
xmlParserCtxt *hvp_xml_stream_context_new (void);
gboolean hvp_xml_parse_tree (xmlParserCtxt *context, const char *file, const char *text,
                             gsize length, HvpXmlTree *tree, GError **error);
gboolean hvp_xml_sniff_root (const char *data, gsize length, const char *root);
gboolean hvp_xml_file_has_root (const char *file, const char *root);

G_END_DECLS
