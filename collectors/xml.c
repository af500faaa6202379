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

#include <libxml/xmlerror.h>

#define PARSE_OPTIONS                                                                           \
  (XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR | XML_PARSE_NOWARNING              \
   | XML_PARSE_IGNORE_ENC | XML_PARSE_COMPACT)

/* A DOCTYPE is refused before its internal subset is read: no entity is ever declared. */
static void
on_internal_subset (void *user_data, const xmlChar *name G_GNUC_UNUSED,
                    const xmlChar *external_id G_GNUC_UNUSED,
                    const xmlChar *system_id G_GNUC_UNUSED)
{
  xmlParserCtxt *context = user_data;
  gboolean *doctype = context->_private;

  if (doctype != NULL)
    *doctype = TRUE;
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
  const guchar *bytes = (const guchar *) text;
  const char *encoding = "UTF-8";
  gboolean doctype = FALSE;
  g_autofree char *global_message = NULL;
  xmlStructuredErrorFunc saved_handler;
  void *saved_handler_context;
  g_autoptr (xmlParserCtxt) own_context = NULL;
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
  if (length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
    encoding = "UTF-16LE";
  else if (length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
    encoding = "UTF-16BE";
  else if (length >= 2 && bytes[0] == '<' && bytes[1] == 0)
    encoding = "UTF-16LE";
  else if (length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
    {
      text += 3;
      length -= 3;
    }

  if (context == NULL)
    context = own_context = hvp_xml_context_new ();

  /* Encoding and I/O errors bypass the context and reach libxml2's global handlers, which print:
   * silence them for this parse, then restore whatever the caller had. */
  saved_handler = xmlStructuredError;
  saved_handler_context = xmlStructuredErrorContext;
  xmlSetStructuredErrorFunc (&global_message, on_global_error);
  xmlCtxtResetLastError (context);
  context->_private = &doctype;
  doc = xmlCtxtReadMemory (context, text, (int) length, file, encoding, PARSE_OPTIONS);
  context->_private = NULL;
  xmlSetStructuredErrorFunc (saved_handler_context, saved_handler);

  if (doctype || (doc != NULL && (doc->intSubset != NULL || doc->extSubset != NULL)))
    {
      xmlFreeDoc (doc);
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "'%s' has a DOCTYPE: refused", file);
      return NULL;
    }
  if (doc == NULL)
    {
      const xmlError *last = xmlCtxtGetLastError (context);

      if (last != NULL && last->code != XML_ERR_OK && last->message != NULL)
        {
          g_autofree char *message = g_strstrip (g_strdelimit (g_strdup (last->message), "\n", ' '));

          if (global_message != NULL)
            g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "cannot parse '%s': line %d: %s (%s)",
                         file, last->line, message, global_message);
          else
            g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "cannot parse '%s': line %d: %s", file,
                         last->line, message);
        }
      else
        g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "cannot parse '%s'", file);
      return NULL;
    }
  return doc;
}
