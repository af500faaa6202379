/* hvplan: the elements of one XML configuration, built from enter / text / leave events. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * HvpXmlChildKind:
 * @HVP_XML_CHILD_NONE: no child yet
 * @HVP_XML_CHILD_TEXT: character data
 * @HVP_XML_CHILD_OTHER: an element, a CDATA section, a comment or a processing instruction
 *
 * What an element's first or last child is (libxml2's rule for dropping blank text,
 * XML_PARSE_NOBLANKS, looks at it: collectors/xml.c).
 */
typedef enum {
  HVP_XML_CHILD_NONE,
  HVP_XML_CHILD_TEXT,
  HVP_XML_CHILD_OTHER,
} HvpXmlChildKind;

typedef struct _HvpXmlTree HvpXmlTree;
typedef struct _HvpXmlElement HvpXmlElement;

/**
 * HvpXmlElement:
 * @tree: the tree that owns the element
 * @name: the element's name (owned by @tree)
 * @parent: (nullable): the parent element, %NULL for the root
 * @children: (nullable): the first child element
 * @last_child: (nullable): the last child element
 * @next: (nullable): the next sibling element
 * @text_start: where the element's text (its own and its descendants', in document order) starts
 *   in the tree's text, in bytes
 * @text_end: where it ends (set when the element is left)
 * @line: the line of the start tag (1-based; 0 when the tree was not parsed from text)
 * @first_child: what the first child is
 * @last_child_kind: what the last child is
 *
 * One element: only elements are nodes; text is a byte range of the tree's one text buffer, so
 * an element's text is its descendants' text concatenated, as xmlNodeGetContent() gives it.
 */
struct _HvpXmlElement {
  HvpXmlTree *tree;
  const char *name;
  HvpXmlElement *parent;
  HvpXmlElement *children;
  HvpXmlElement *last_child;
  HvpXmlElement *next;
  gsize text_start;
  gsize text_end;
  guint line;
  HvpXmlChildKind first_child;
  HvpXmlChildKind last_child_kind;
};

HvpXmlTree *hvp_xml_tree_new (void);
void hvp_xml_tree_free (HvpXmlTree *tree);
void hvp_xml_tree_clear (HvpXmlTree *tree);
void hvp_xml_tree_enter (HvpXmlTree *tree, const char *name, guint line);
void hvp_xml_tree_text (HvpXmlTree *tree, const char *text, gsize length, HvpXmlChildKind kind);
void hvp_xml_tree_other (HvpXmlTree *tree);
void hvp_xml_tree_leave (HvpXmlTree *tree);
HvpXmlElement *hvp_xml_tree_root (const HvpXmlTree *tree);
const HvpXmlElement *hvp_xml_tree_current (const HvpXmlTree *tree);

HvpXmlElement *hvp_xml_element_child (const HvpXmlElement *element, const char *name,
                                      gsize name_length);
HvpXmlElement *hvp_xml_element_find (HvpXmlElement *element, const char *path);
char *hvp_xml_element_text (const HvpXmlElement *element);
char *hvp_xml_element_position (const HvpXmlElement *element);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpXmlTree, hvp_xml_tree_free)

G_END_DECLS
