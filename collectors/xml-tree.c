/* hvplan: the elements of one XML configuration (collectors/xml-tree.h).
 *
 * The Hyper-V mapping (collectors/hyperv-xml) reads a configuration by element paths, and a
 * manifest entry names its device block by GUID wherever that block stands in the file: it needs
 * the elements, not libxml2's DOM.  This tree holds only elements (name, start line, links) and
 * one text buffer per file; the XML stream (hvp_xml_parse_tree(), SAX2) and the `.vmcx` key walk
 * (hvp_vmcx_to_tree()) both build it through the same three events, enter / text / leave, so one
 * mapping reads both.  A tree is cleared and reused file after file: its element blocks, name
 * storage and text buffer stay allocated, and a data root of 10,000 files allocates a few blocks
 * once instead of a DOM node per element and per text. */
#include "collectors/xml-tree.h"

#include <string.h>

/* Elements are allocated in blocks of this many, whose addresses never move. */
#define BLOCK_ELEMENTS 256

struct _HvpXmlTree {
  GStringChunk *names;
  GString *text;
  GPtrArray *blocks; /* HvpXmlElement[BLOCK_ELEMENTS] each */
  guint used;        /* elements handed out since the last clear */
  HvpXmlElement *root;
  HvpXmlElement *current;
};

/**
 * hvp_xml_tree_new:
 *
 * An empty tree, to be filled with hvp_xml_tree_enter(), hvp_xml_tree_text() and
 * hvp_xml_tree_leave(), read, then hvp_xml_tree_clear()ed for the next file.  A tree is used by
 * one thread at a time.
 *
 * Returns: (transfer full): the tree; free with hvp_xml_tree_free()
 */
HvpXmlTree *
hvp_xml_tree_new (void)
{
  HvpXmlTree *tree = g_new0 (HvpXmlTree, 1);

  tree->names = g_string_chunk_new (4096);
  tree->text = g_string_sized_new (4096);
  tree->blocks = g_ptr_array_new_with_free_func (g_free);
  return tree;
}

/**
 * hvp_xml_tree_free:
 * @tree: (nullable): a tree
 *
 * Frees @tree and every element and text it holds.
 */
void
hvp_xml_tree_free (HvpXmlTree *tree)
{
  if (tree == NULL)
    return;
  g_string_chunk_free (tree->names);
  g_string_free (tree->text, TRUE);
  g_ptr_array_unref (tree->blocks);
  g_free (tree);
}

/**
 * hvp_xml_tree_clear:
 * @tree: a tree
 *
 * Forgets every element and text of @tree, keeping its storage for the next file: element
 * pointers taken from it are no longer valid.
 */
void
hvp_xml_tree_clear (HvpXmlTree *tree)
{
  g_return_if_fail (tree != NULL);

  g_string_chunk_clear (tree->names);
  g_string_truncate (tree->text, 0);
  tree->used = 0;
  tree->root = NULL;
  tree->current = NULL;
}

static HvpXmlElement *
tree_allocate (HvpXmlTree *tree)
{
  guint block = tree->used / BLOCK_ELEMENTS;
  HvpXmlElement *element;

  if (block == tree->blocks->len)
    g_ptr_array_add (tree->blocks, g_new (HvpXmlElement, BLOCK_ELEMENTS));
  element = (HvpXmlElement *) g_ptr_array_index (tree->blocks, block)
            + tree->used % BLOCK_ELEMENTS;
  tree->used++;
  memset (element, 0, sizeof *element);
  return element;
}

static void
mark_child (HvpXmlElement *parent, HvpXmlChildKind kind)
{
  if (parent == NULL)
    return;
  if (parent->first_child == HVP_XML_CHILD_NONE)
    parent->first_child = kind;
  parent->last_child_kind = kind;
}

/**
 * hvp_xml_tree_enter:
 * @tree: a tree
 * @name: the element's name (copied)
 * @line: the line of its start tag, or 0
 *
 * Opens an element: a child of the element open now, or the root when none is.  A second root
 * (which well-formed XML and a key walk never give) is ignored with everything below it.
 */
void
hvp_xml_tree_enter (HvpXmlTree *tree, const char *name, guint line)
{
  HvpXmlElement *element;

  g_return_if_fail (tree != NULL && name != NULL);

  element = tree_allocate (tree);
  element->tree = tree;
  element->name = g_string_chunk_insert (tree->names, name);
  element->line = line;
  element->parent = tree->current;
  element->text_start = element->text_end = tree->text->len;
  if (tree->current != NULL)
    {
      if (tree->current->last_child != NULL)
        tree->current->last_child->next = element;
      else
        tree->current->children = element;
      tree->current->last_child = element;
      mark_child (tree->current, HVP_XML_CHILD_OTHER);
    }
  else if (tree->root == NULL)
    tree->root = element;
  tree->current = element;
}

/**
 * hvp_xml_tree_text:
 * @tree: a tree
 * @text: (array length=length): UTF-8 character data (copied)
 * @length: bytes in @text
 * @kind: %HVP_XML_CHILD_TEXT for character data, %HVP_XML_CHILD_OTHER for a CDATA section
 *
 * Appends text to the element open now (text outside every element is dropped).
 */
void
hvp_xml_tree_text (HvpXmlTree *tree, const char *text, gsize length, HvpXmlChildKind kind)
{
  g_return_if_fail (tree != NULL && (text != NULL || length == 0));

  if (tree->current == NULL)
    return;
  g_string_append_len (tree->text, text, (gssize) length);
  mark_child (tree->current, kind);
}

/**
 * hvp_xml_tree_other:
 * @tree: a tree
 *
 * Notes a comment or processing instruction inside the element open now: it holds no text but
 * counts as a child (see #HvpXmlChildKind).
 */
void
hvp_xml_tree_other (HvpXmlTree *tree)
{
  g_return_if_fail (tree != NULL);

  mark_child (tree->current, HVP_XML_CHILD_OTHER);
}

/**
 * hvp_xml_tree_leave:
 * @tree: a tree
 *
 * Closes the element open now; its text ends here.
 */
void
hvp_xml_tree_leave (HvpXmlTree *tree)
{
  g_return_if_fail (tree != NULL);

  if (tree->current == NULL)
    return;
  tree->current->text_end = tree->text->len;
  tree->current = tree->current->parent;
}

/**
 * hvp_xml_tree_root:
 * @tree: a tree
 *
 * Returns: (transfer none) (nullable): the root element, or %NULL when none was entered
 */
HvpXmlElement *
hvp_xml_tree_root (const HvpXmlTree *tree)
{
  g_return_val_if_fail (tree != NULL, NULL);

  return tree->root;
}

/**
 * hvp_xml_tree_current:
 * @tree: a tree
 *
 * Returns: (transfer none) (nullable): the element open now, or %NULL outside every element
 */
const HvpXmlElement *
hvp_xml_tree_current (const HvpXmlTree *tree)
{
  g_return_val_if_fail (tree != NULL, NULL);

  return tree->current;
}

/**
 * hvp_xml_element_child:
 * @element: an element
 * @name: (array length=name_length): a child's name, not NUL-terminated
 * @name_length: bytes in @name
 *
 * Returns: (transfer none) (nullable): the first child element called @name (compared exactly),
 *   or %NULL
 */
HvpXmlElement *
hvp_xml_element_child (const HvpXmlElement *element, const char *name, gsize name_length)
{
  g_return_val_if_fail (element != NULL && name != NULL, NULL);

  for (HvpXmlElement *child = element->children; child != NULL; child = child->next)
    if (strncmp (child->name, name, name_length) == 0 && child->name[name_length] == '\0')
      return child;
  return NULL;
}

/**
 * hvp_xml_element_find:
 * @element: (nullable): where the path starts
 * @path: element names joined by '/' ("settings/memory/bank/size"); "" is @element itself
 *
 * Follows @path down from @element, taking the first child of each name.
 *
 * Returns: (transfer none) (nullable): the element, or %NULL when a step is missing
 */
HvpXmlElement *
hvp_xml_element_find (HvpXmlElement *element, const char *path)
{
  const char *segment = path;

  g_return_val_if_fail (path != NULL, NULL);

  while (element != NULL && *segment != '\0')
    {
      const char *end = strchr (segment, '/');

      if (end == NULL)
        end = segment + strlen (segment);
      element = hvp_xml_element_child (element, segment, (gsize) (end - segment));
      segment = *end == '/' ? end + 1 : end;
    }
  return element;
}

/**
 * hvp_xml_element_text:
 * @element: an element of a tree whose building is finished
 *
 * The element's text and its descendants', in document order (xmlNodeGetContent()), without the
 * ASCII white space around it (formats.md 1.2: an empty string is written as a line break and
 * indentation).
 *
 * Returns: (transfer full): the text, UTF-8; free with g_free()
 */
char *
hvp_xml_element_text (const HvpXmlElement *element)
{
  const char *start;
  const char *end;

  g_return_val_if_fail (element != NULL, NULL);

  start = element->tree->text->str + element->text_start;
  end = element->tree->text->str + element->text_end;
  while (start < end && g_ascii_isspace (*start))
    start++;
  while (end > start && g_ascii_isspace (end[-1]))
    end--;
  return g_strndup (start, (gsize) (end - start));
}

/**
 * hvp_xml_element_position:
 * @element: an element
 *
 * The element's path below the root, for messages: "settings/memory/bank/size"; "" for the root.
 *
 * Returns: (transfer full): the path; free with g_free()
 */
char *
hvp_xml_element_position (const HvpXmlElement *element)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  GString *position = g_string_new (NULL);

  g_return_val_if_fail (element != NULL, NULL);

  for (const HvpXmlElement *e = element; e->parent != NULL; e = e->parent)
    g_ptr_array_add (names, (gpointer) e->name);
  for (guint i = names->len; i > 0; i--)
    {
      if (position->len > 0)
        g_string_append_c (position, '/');
      g_string_append (position, g_ptr_array_index (names, i - 1));
    }
  return g_string_free (position, FALSE);
}
