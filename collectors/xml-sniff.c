/* hvplan: telling an XML document by its root element (collectors/xml-sniff.h).
 *
 * The collectors' probes look at the first bytes of every file given on the command line; they
 * decode no character and link no XML parser, so that a run that reads no XML (an inventory JSON,
 * a libvirt URI) never loads libxml2.  The parsers themselves (collectors/xml.c) are in the
 * Hyper-V module, hvplan-hyperv.so. */
#include "collectors/xml-sniff.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

/* Skips "<?…?>", "<!--…-->", "<!DOCTYPE …>" and white space; TRUE when the first element of
 * @text is called @root. */
static gboolean
root_is (const char *text, const char *root)
{
  const char *p = text;
  gsize n = strlen (root);

  for (;;)
    {
      while (g_ascii_isspace (*p))
        p++;
      if (g_str_has_prefix (p, "<?"))
        {
          p = strstr (p, "?>");
          if (p == NULL)
            return FALSE;
          p += 2;
        }
      else if (g_str_has_prefix (p, "<!--"))
        {
          p = strstr (p + 4, "-->");
          if (p == NULL)
            return FALSE;
          p += 3;
        }
      else if (g_str_has_prefix (p, "<!DOCTYPE"))
        {
          int depth = 0;

          for (p += 9; *p != '\0' && (*p != '>' || depth > 0); p++)
            depth += *p == '[' ? 1 : *p == ']' ? -1 : 0;
          if (*p == '\0')
            return FALSE;
          p++;
        }
      else
        break;
    }
  return p[0] == '<' && strncmp (p + 1, root, n) == 0
         && (p[n + 1] == '>' || p[n + 1] == '/' || g_ascii_isspace (p[n + 1]));
}

/**
 * hvp_xml_sniff_root:
 * @data: (array length=length): the first bytes of a file
 * @length: bytes in @data; only the first %HVP_XML_SNIFF_BYTES are looked at
 * @root: the name of the root element looked for ("configuration", "AzAdminManager")
 *
 * Tells whether @data starts an XML document whose root element is @root, after a UTF-16LE,
 * UTF-16BE or UTF-8 byte order mark (or UTF-16LE without one, as `<` then NUL shows), skipping
 * the XML declaration, processing instructions, comments, a DOCTYPE and white space.  Characters
 * outside ASCII are not decoded: the markup that decides is ASCII.
 *
 * Returns: %TRUE when it does
 */
gboolean
hvp_xml_sniff_root (const char *data, gsize length, const char *root)
{
  const guchar *bytes = (const guchar *) data;
  g_autoptr (GString) ascii = NULL;
  gsize start = 0;
  int unit = 1;
  gboolean big_endian = FALSE;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (root != NULL, FALSE);

  length = MIN (length, HVP_XML_SNIFF_BYTES);
  ascii = g_string_sized_new (length + 1);
  if (length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
    start = 2, unit = 2;
  else if (length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
    start = 2, unit = 2, big_endian = TRUE;
  else if (length >= 2 && bytes[0] == '<' && bytes[1] == 0)
    unit = 2;
  else if (length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
    start = 3;
  for (gsize i = start; i + (gsize) unit <= length; i += (gsize) unit)
    {
      guint c = unit == 1 ? bytes[i]
                : big_endian ? ((guint) bytes[i] << 8 | bytes[i + 1])
                             : ((guint) bytes[i + 1] << 8 | bytes[i]);

      if (c == 0)
        break;
      g_string_append_c (ascii, c < 0x80 ? (char) c : '?');
    }
  return root_is (ascii->str, root);
}

/**
 * hvp_xml_file_has_root:
 * @file: a path
 * @root: as for hvp_xml_sniff_root()
 *
 * hvp_xml_sniff_root() on the first %HVP_XML_SNIFF_BYTES of @file, for a collector's probe.  Only
 * a regular file is opened (a FIFO would wait for a writer, a device may never end).
 *
 * Returns: %TRUE when @file is a regular file that starts an XML document whose root is @root;
 *   %FALSE too when it cannot be read
 */
gboolean
hvp_xml_file_has_root (const char *file, const char *root)
{
  char data[HVP_XML_SNIFF_BYTES];
  FILE *stream;
  gsize length;

  g_return_val_if_fail (file != NULL && root != NULL, FALSE);

  if (!g_file_test (file, G_FILE_TEST_IS_REGULAR))
    return FALSE;
  stream = g_fopen (file, "rb");
  if (stream == NULL)
    return FALSE;
  length = fread (data, 1, sizeof data, stream);
  fclose (stream);
  return hvp_xml_sniff_root (data, length, root);
}
