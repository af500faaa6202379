/* hvplan: telling an XML document by its root element, without parsing it (no libxml2: the
 * probes run in every process, the parsers only in the Hyper-V module). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * HVP_XML_SNIFF_BYTES:
 *
 * How many bytes of a file hvp_xml_sniff_root() looks at: enough for a declaration, comments and
 * the root element's start.
 */
#define HVP_XML_SNIFF_BYTES 2048

gboolean hvp_xml_sniff_root (const char *data, gsize length, const char *root);
gboolean hvp_xml_file_has_root (const char *file, const char *root);

G_END_DECLS
