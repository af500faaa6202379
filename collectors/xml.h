/* hvplan: parsing XML from outside safely, the same way in every collector. */
#pragma once

#include <glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "collectors/xml-sniff.h"
#include "collectors/xml-tree.h"
#include "models/model.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlParserCtxt, xmlFreeParserCtxt)

xmlParserCtxt *hvp_xml_context_new (void);
xmlDoc *hvp_xml_parse (xmlParserCtxt *context, const char *file, const char *text, gsize length,
                       GError **error);
xmlParserCtxt *hvp_xml_stream_context_new (void);
gboolean hvp_xml_parse_tree (xmlParserCtxt *context, const char *file, const char *text,
                             gsize length, HvpXmlTree *tree, GError **error);

G_END_DECLS
