/* hvplan: parsing XML from outside safely (collectors/xml.h).
 *
 * Every XML file hvplan reads comes from a server being retired or from someone's copy of it: no
 * entity is expanded (no XML_PARSE_NOENT), nothing is fetched (XML_PARSE_NONET), a DOCTYPE is
 * refused before its internal subset is read, the nesting depth stays at libxml2's default limit
 * (no XML_PARSE_HUGE), and libxml2 never prints: its errors become one GError line naming the file
 * and line.  The encoding comes from the BOM only (UTF-8 without one): Hyper-V configurations
 * re-saved as UTF-8 still declare UTF-16 (formats.md 1.2), and the PowerShell collector hands over
 * a store it already re-encoded as UTF-8 whatever its declaration says. */
#include "collectors/xml.h"

#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <string.h>

#define PARSE_OPTIONS                                                                           \
  (XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR | XML_PARSE_NOWARNING              \
   | XML_PARSE_IGNORE_ENC | XML_PARSE_COMPACT)

/* What one parse keeps in its context's _private: whether a DOCTYPE was met, and for a stream
 * the tree its events build. */
typedef struct {
  gboolean doctype;
  HvpXmlTree *tree;
  GArray *space; /* a stream: the xml:space state the DOM would have, per open element (gint8) */
} ParseState;

/* A DOCTYPE is refused before its internal subset is read: no entity is ever declared. */
static void
on_internal_subset (void *user_data, const xmlChar *name G_GNUC_UNUSED,
                    const xmlChar *external_id G_GNUC_UNUSED,
                    const xmlChar *system_id G_GNUC_UNUSED)
{
  xmlParserCtxt *context = user_data;
  ParseState *state = context->_private;

  if (state != NULL)
    state->doctype = TRUE;
  xmlStopParser (context);
}

static void
on_structured_error (void *user_data G_GNUC_UNUSED, xmlErrorPtr error G_GNUC_UNUSED)
{
  /* Silent: the error stays in the context's lastError and becomes a GError. */
}

/* Errors that bypass the parser context (encoding conversion, I/O): the first one is kept. */
static void
on_global_error (void *user_data, xmlErrorPtr error)
{
  char **first_message = user_data;

  if (*first_message == NULL && error != NULL && error->message != NULL)
    *first_message = g_strstrip (g_strdelimit (g_strdup (error->message), "\n", ' '));
}

/**
 * hvp_xml_context_new:
 *
 * A parser context for hvp_xml_parse(), reusable for many files (a data root of 10,000
 * configurations parses them all with one).  Aborts when memory runs out, as GLib does.
 *
 * Returns: (transfer full): the context; free with xmlFreeParserCtxt()
 */
xmlParserCtxt *
hvp_xml_context_new (void)
{
  xmlParserCtxt *context = xmlNewParserCtxt ();

  if (context == NULL)
    g_error ("cannot allocate an XML parser context");
  context->sax->internalSubset = on_internal_subset;
  context->sax->serror = on_structured_error;
  context->sax->initialized = XML_SAX2_MAGIC;
  return context;
}

/* The encoding a text's first bytes name (formats.md 1.2: the BOM, or UTF-16LE when `<` is
 * followed by NUL; UTF-8 otherwise, whose BOM is skipped). */
static const char *
text_encoding (const char **text, gsize *length)
{
  const guchar *bytes = (const guchar *) *text;

  if (*length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
    return "UTF-16LE";
  if (*length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
    return "UTF-16BE";
  if (*length >= 2 && bytes[0] == '<' && bytes[1] == 0)
    return "UTF-16LE";
  if (*length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
    {
      *text += 3;
      *length -= 3;
    }
  return "UTF-8";
}

/* The GError of a parse that failed: "cannot parse 'FILE': line N: MESSAGE". */
static void
set_parse_error (xmlParserCtxt *context, const char *file, const char *global_message,
                 GError **error)
{
  const xmlError *last = xmlCtxtGetLastError (context);
  g_autofree char *message = NULL;

  if (last == NULL || last->code == XML_ERR_OK || last->message == NULL)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "cannot parse '%s'", file);
      return;
    }
  message = g_strstrip (g_strdelimit (g_strdup (last->message), "\n", ' '));
  if (global_message != NULL)
    g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "cannot parse '%s': line %d: %s (%s)", file,
                 last->line, message, global_message);
  else
    g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "cannot parse '%s': line %d: %s", file,
                 last->line, message);
}

/* Parses @text with @context and the rules above; @state records a DOCTYPE (then the result is
 * NULL or a document the caller refuses) and, for a stream, carries the tree.  Returns the
 * document a DOM context builds (NULL for a stream context); on a parse error NULL with @error
 * set. */
static xmlDoc *
read_memory (xmlParserCtxt *context, ParseState *state, const char *file, const char *text,
             gsize length, GError **error)
{
  const char *encoding;
  g_autofree char *global_message = NULL;
  xmlStructuredErrorFunc saved_handler;
  void *saved_handler_context;
  xmlDoc *doc;

  if (length == 0)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "'%s' is empty", file);
      return NULL;
    }
  if (length > G_MAXINT)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "'%s' is too large to parse", file);
      return NULL;
    }
  encoding = text_encoding (&text, &length);

  /* Encoding and I/O errors bypass the context and reach libxml2's global handlers (per thread),
   * which print: silence them for this parse, then restore whatever the caller had. */
  saved_handler = xmlStructuredError;
  saved_handler_context = xmlStructuredErrorContext;
  xmlSetStructuredErrorFunc (&global_message, on_global_error);
  xmlCtxtResetLastError (context);
  context->_private = state;
  doc = xmlCtxtReadMemory (context, text, (int) length, file, encoding, PARSE_OPTIONS);
  context->_private = NULL;
  xmlSetStructuredErrorFunc (saved_handler_context, saved_handler);

  if (doc == NULL && !state->doctype && (state->tree == NULL || !context->wellFormed))
    set_parse_error (context, file, global_message, error);
  return doc;
}

/**
 * hvp_xml_parse:
 * @context: (nullable): a context from hvp_xml_context_new(), or NULL for a one-off parse
 * @file: the file name, for messages and the document's URL
 * @text: (array length=length): the file's bytes, UTF-8 or UTF-16 with a BOM
 * @length: bytes in @text
 * @error: return location for an error
 *
 * Parses an XML document held in memory with the rules above.
 *
 * Returns: (transfer full) (nullable): the document (free with xmlFreeDoc()), or NULL with
 *   @error set: HVP_ERROR_DATA for an empty or over-2-GiB text, a DOCTYPE, or XML that is not
 *   well-formed ("cannot parse 'FILE': line N: MESSAGE")
 */
xmlDoc *
hvp_xml_parse (xmlParserCtxt *context, const char *file, const char *text, gsize length,
               GError **error)
{
  g_autoptr (xmlParserCtxt) own_context = NULL;
  ParseState state = { 0 };
  xmlDoc *doc;

  if (context == NULL)
    context = own_context = hvp_xml_context_new ();
  doc = read_memory (context, &state, file, text, length, error);
  if (state.doctype || (doc != NULL && (doc->intSubset != NULL || doc->extSubset != NULL)))
    {
      xmlFreeDoc (doc);
      g_clear_error (error);
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "'%s' has a DOCTYPE: refused", file);
      return NULL;
    }
  return doc;
}

/* ------------------------------------------------------------------------------------------------
 * Streaming into an element tree: SAX2 events, no DOM.
 */

/* libxml2's XML_PARSE_NOBLANKS drops a run of blanks from the DOM when the DOM under construction
 * says the element holds no text (parser.c, areBlanks(): followed by markup, not the whole content
 * of an otherwise empty element, neither its first nor its last child text, not under
 * xml:space="preserve", and not once the element kept a run starting with a blank: its space
 * state -2).  A SAX-only parse has no DOM to ask (areBlanks() then keeps every run, and sets
 * that state wherever it kept one), so the test is made here against the tree, with the element's
 * space state as the DOM's parse would have it; the texts stay those the DOM gave
 * (t/unit/test-xml-tree.c compares them). */
static gboolean
dom_drops_blanks (const xmlParserCtxt *context, ParseState *state, const xmlChar *text,
                  int length)
{
  const HvpXmlElement *current = hvp_xml_tree_current (state->tree);
  const xmlChar *next = context->input != NULL ? context->input->cur : NULL;
  gint8 *space = state->space->len > 0
                   ? &g_array_index (state->space, gint8, state->space->len - 1) : NULL;
  gboolean blank = length > 0;

  if (context->keepBlanks || space == NULL || current == NULL || next == NULL)
    return FALSE;
  for (int i = 0; i < length && blank; i++)
    blank = IS_BLANK_CH (text[i]);
  if (*space == 1 || *space == -2 || !blank || (next[0] != '<' && next[0] != 0xD)
      || (current->first_child == HVP_XML_CHILD_NONE && next[0] == '<' && next[1] == '/')
      || current->first_child == HVP_XML_CHILD_TEXT
      || current->last_child_kind == HVP_XML_CHILD_TEXT)
    {
      if (length > 0 && IS_BLANK_CH (text[0]) && *space == -1)
        *space = -2;
      return FALSE;
    }
  return TRUE;
}

/* The xml:space state of a new element as the parser pushes it (xmlParseElementStart(): the
 * parent's, -1 after a -2 or at the root), then its own xml:space attribute (0 or 1). */
static gint8
element_space (const ParseState *state, int attribute_count, const xmlChar **attributes)
{
  gint8 space = -1;

  if (state->space->len > 0)
    {
      space = g_array_index (state->space, gint8, state->space->len - 1);
      if (space == -2)
        space = -1;
    }
  for (int i = 0; i < attribute_count; i++)
    {
      const xmlChar **attribute = attributes + 5 * i; /* local name, prefix, URI, value, end */

      if (attribute[1] != NULL && strcmp ((const char *) attribute[1], "xml") == 0
          && strcmp ((const char *) attribute[0], "space") == 0)
        {
          gsize length = (gsize) (attribute[4] - attribute[3]);

          if (length == 7 && strncmp ((const char *) attribute[3], "default", 7) == 0)
            space = 0;
          else if (length == 8 && strncmp ((const char *) attribute[3], "preserve", 8) == 0)
            space = 1;
        }
    }
  return space;
}

static void
on_start_element (void *user_data, const xmlChar *local_name, const xmlChar *prefix G_GNUC_UNUSED,
                  const xmlChar *uri G_GNUC_UNUSED, int namespace_count G_GNUC_UNUSED,
                  const xmlChar **namespaces G_GNUC_UNUSED, int attribute_count,
                  int defaulted_count G_GNUC_UNUSED, const xmlChar **attributes)
{
  xmlParserCtxt *context = user_data;
  ParseState *state = context->_private;
  int line = context->input != NULL ? context->input->line : 0;
  gint8 space = element_space (state, attribute_count, attributes);

  g_array_append_val (state->space, space);
  /* The DOM keeps a start line up to 65535 (xmlSAX2StartElementNs without XML_PARSE_BIG_LINES). */
  hvp_xml_tree_enter (state->tree, (const char *) local_name, (guint) CLAMP (line, 0, G_MAXUINT16));
}

static void
on_end_element (void *user_data, const xmlChar *local_name G_GNUC_UNUSED,
                const xmlChar *prefix G_GNUC_UNUSED, const xmlChar *uri G_GNUC_UNUSED)
{
  xmlParserCtxt *context = user_data;
  ParseState *state = context->_private;

  if (state->space->len > 0)
    g_array_set_size (state->space, state->space->len - 1);
  hvp_xml_tree_leave (state->tree);
}

static void
on_characters (void *user_data, const xmlChar *text, int length)
{
  xmlParserCtxt *context = user_data;
  ParseState *state = context->_private;

  if (dom_drops_blanks (context, state, text, length))
    return;
  hvp_xml_tree_text (state->tree, (const char *) text, (gsize) length, HVP_XML_CHILD_TEXT);
}

static void
on_cdata (void *user_data, const xmlChar *text, int length)
{
  xmlParserCtxt *context = user_data;
  ParseState *state = context->_private;

  hvp_xml_tree_text (state->tree, (const char *) text, (gsize) length, HVP_XML_CHILD_OTHER);
}

static void
on_comment (void *user_data, const xmlChar *text G_GNUC_UNUSED)
{
  xmlParserCtxt *context = user_data;
  ParseState *state = context->_private;

  hvp_xml_tree_other (state->tree);
}

static void
on_processing_instruction (void *user_data, const xmlChar *target G_GNUC_UNUSED,
                           const xmlChar *data G_GNUC_UNUSED)
{
  on_comment (user_data, NULL);
}

/**
 * hvp_xml_stream_context_new:
 *
 * A parser context for hvp_xml_parse_tree(): libxml2's SAX2 events build an #HvpXmlTree, no DOM
 * is built.  Reusable for many files, by one thread at a time.  Aborts when memory runs out, as
 * GLib does.
 *
 * Returns: (transfer full): the context; free with xmlFreeParserCtxt()
 */
xmlParserCtxt *
hvp_xml_stream_context_new (void)
{
  xmlParserCtxt *context = xmlNewParserCtxt ();
  xmlSAXHandler *sax;

  if (context == NULL)
    g_error ("cannot allocate an XML parser context");
  sax = context->sax;
  memset (sax, 0, sizeof *sax);
  sax->initialized = XML_SAX2_MAGIC;
  sax->internalSubset = on_internal_subset;
  sax->serror = on_structured_error;
  sax->startElementNs = on_start_element;
  sax->endElementNs = on_end_element;
  sax->characters = on_characters;
  sax->cdataBlock = on_cdata;
  sax->comment = on_comment;
  sax->processingInstruction = on_processing_instruction;
  return context;
}

/**
 * hvp_xml_parse_tree:
 * @context: (nullable): a context from hvp_xml_stream_context_new(), or NULL for a one-off parse
 * @file: the file name, for messages
 * @text: (array length=length): the file's bytes, UTF-8 or UTF-16 with a BOM
 * @length: bytes in @text
 * @tree: the tree to fill: cleared first, then holding the document's elements
 * @error: return location for an error
 *
 * Streams an XML document held in memory through libxml2's SAX2 parser with the same rules and
 * messages as hvp_xml_parse() (no DTD, no entity expansion, no network, libxml2's depth and size
 * limits), building only the elements and their text (collectors/xml-tree.h) with the texts the
 * DOM would give.
 *
 * Returns: %TRUE with @tree filled; %FALSE with @error set: HVP_ERROR_DATA for an empty or
 *   over-2-GiB text, a DOCTYPE, or XML that is not well-formed ("cannot parse 'FILE': line N:
 *   MESSAGE"); @tree then holds what was read before the fault
 */
gboolean
hvp_xml_parse_tree (xmlParserCtxt *context, const char *file, const char *text, gsize length,
                    HvpXmlTree *tree, GError **error)
{
  g_autoptr (xmlParserCtxt) own_context = NULL;
  g_autoptr (GArray) space = g_array_new (FALSE, FALSE, sizeof (gint8));
  ParseState state = { .tree = tree, .space = space };
  GError *local_error = NULL;
  xmlDoc *doc;

  g_return_val_if_fail (file != NULL && tree != NULL, FALSE);

  if (context == NULL)
    context = own_context = hvp_xml_stream_context_new ();
  hvp_xml_tree_clear (tree);
  doc = read_memory (context, &state, file, text, length, &local_error);
  xmlFreeDoc (doc); /* none: a stream context builds no document */
  if (state.doctype)
    {
      g_clear_error (&local_error);
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "'%s' has a DOCTYPE: refused", file);
      return FALSE;
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}
