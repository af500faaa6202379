/* hvplan: collect a host through the libvirt API (formats.md section 4).
 *
 * Every driver is read through the same public API: virConnectGetHostname, virNodeGetInfo,
 * virConnectGetCapabilities, virConnectListAllDomains + virDomainGetXMLDesc, snapshots, networks,
 * storage pools and host interfaces.  The XML libvirt returns is parsed with libxml2 (no network,
 * no entity substitution).  See README.md beside this file for the mapping onto the model. */
#include "collectors/libvirt/libvirt.h"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collectors/libvirt/libvirt-module.h"
#include "collectors/libvirt/libvirt-private.h"
#include "collectors/libvirt/sample.h"
#include "collectors/uri.h"
#include "models/model.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlXPathContext, xmlXPathFreeContext)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlXPathObject, xmlXPathFreeObject)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlBuffer, xmlBufferFree)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (virConnect, virConnectClose)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (virDomain, virDomainFree)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (virStorageVol, virStorageVolFree)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (virStoragePool, virStoragePoolFree)

/* Simulated VIR_ERR_NO_SUPPORT, for the tests of the fall-backs (a HvpLibvirtApi mask). */
static guint unsupported_for_testing;

/* Collection state of one connection. */
typedef struct {
  const char *uri;           /* redacted: safe for messages */
  HvpInventory *inventory;
  HvpHost *host;
  virConnectPtr connection;
  gboolean hyperv;           /* virConnectGetType() is "Hyper-V" */
  const HvpCollectOptions *options; /* nullable: progress of the domains read */
} Collection;

static void
quiet_libvirt_error (void *user_data, virErrorPtr error)
{
  (void) user_data;
  (void) error;
}

static void
quiet_xml_error (void *user_data, const char *format, ...)
{
  (void) user_data;
  (void) format;
}

/* libvirt prints every error to stderr unless an error function is set; a library never prints. */
static void
ensure_libvirt_quiet (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      /* libvirt logs warnings and errors to stderr by default, and only its environment
       * configures that (virLogSetFromEnv, read once at initialisation); a user who sets
       * LIBVIRT_LOG_OUTPUTS keeps their choice. */
      if (g_getenv ("LIBVIRT_LOG_OUTPUTS") == NULL)
        g_setenv ("LIBVIRT_LOG_OUTPUTS", "4:file:/dev/null", FALSE);
      /* Before any other call: the error functions need libvirt's thread-local state. */
      if (virInitialize () != 0)
        g_debug ("virInitialize failed");
      virSetErrorFunc (NULL, quiet_libvirt_error);
      g_once_init_leave (&initialised, 1);
    }
}

/**
 * hvp_libvirt_set_unsupported_for_testing:
 * @apis: a mask of #HvpLibvirtApi
 *
 * Makes the collector act as if the driver answered VIR_ERR_NO_SUPPORT for those APIs: the test
 * driver implements them all, and the fall-backs must be tested too.  0 restores normal service.
 */
void
hvp_libvirt_set_unsupported_for_testing (guint apis)
{
  unsupported_for_testing = apis;
}

/**
 * hvp_libvirt_scale_to_bytes:
 * @value: decimal digits, as in `<memory unit='MiB'>4096</memory>`
 * @unit: (nullable): libvirt's unit attribute: "b"/"byte"/"bytes", "KB" (1000), "k"/"KiB" (1024),
 *   "MB", "M"/"MiB", "GB", "G"/"GiB", "TB", "T"/"TiB", "PB", "P"/"PiB", "EB", "E"/"EiB"; case does
 *   not matter (libvirt `virScaleInteger()`)
 * @default_scale: the factor when @unit is absent (1024 for domain memory, 1 for volumes)
 * @ret_bytes: (out): the value in bytes
 *
 * Converts a libvirt scaled integer exactly.
 *
 * Returns: %FALSE when @value is not a number, @unit is unknown or the product overflows 64 bits
 */
gboolean
hvp_libvirt_scale_to_bytes (const char *value, const char *unit, guint64 default_scale,
                            guint64 *ret_bytes)
{
  static const char prefixes[] = "kmgtpe";
  guint64 number;
  guint64 scale = 1;
  guint64 base;
  const char *prefix;
  g_autofree char *trimmed = NULL;

  if (value == NULL)
    return FALSE;
  trimmed = g_strstrip (g_strdup (value));
  if (!hvp_parse_uint64 (trimmed, &number))
    return FALSE;
  if (unit == NULL || *unit == '\0')
    scale = default_scale;
  else if (g_ascii_strcasecmp (unit, "b") == 0 || g_ascii_strcasecmp (unit, "byte") == 0
           || g_ascii_strcasecmp (unit, "bytes") == 0)
    scale = 1;
  else
    {
      if (unit[1] == '\0' || g_ascii_strcasecmp (unit + 1, "iB") == 0)
        base = 1024;
      else if (g_ascii_tolower (unit[1]) == 'b' && unit[2] == '\0')
        base = 1000;
      else
        return FALSE;
      prefix = strchr (prefixes, g_ascii_tolower (unit[0]));
      if (prefix == NULL)
        return FALSE;
      for (const char *p = prefixes; p <= prefix; p++)
        scale *= base;
    }
  return hvp_mul_uint64 (number, scale, ret_bytes);
}

/* libvirt's last error message on one line: an XML error carries the offending source line and
 * a caret on lines of their own, which are dropped.  No password can be in it: libvirt is only
 * ever given URIs without one (hvp_uri_without_secrets()). */
static char *
last_error_message (void)
{
  GString *message = g_string_new (virGetLastErrorMessage ());
  const char *newline = strchr (message->str, '\n');

  if (newline != NULL)
    g_string_truncate (message, (gsize) (newline - message->str));
  while (message->len > 0 && g_ascii_isspace (message->str[message->len - 1]))
    g_string_truncate (message, message->len - 1);
  return g_string_free (message, FALSE);
}

static gboolean
last_error_is (int code)
{
  virErrorPtr error = virGetLastError ();

  return error != NULL && error->code == code;
}

/* Records that an optional API failed: a warning, never a failure. */
static void
warn_api (Collection *collection, const char *position, const char *what)
{
  g_autofree char *message = last_error_message ();

  if (last_error_is (VIR_ERR_NO_SUPPORT))
    hvp_inventory_add_warning (collection->inventory, collection->uri, position,
                               "%s unknown: the driver does not support it (%s)", what, message);
  else
    hvp_inventory_add_warning (collection->inventory, collection->uri, position,
                               "cannot read %s: %s", what, message);
  virResetLastError ();
}

static gboolean
simulate_unsupported (HvpLibvirtApi api, const char *function)
{
  if ((unsupported_for_testing & api) == 0)
    return FALSE;
  g_debug ("simulating VIR_ERR_NO_SUPPORT for %s", function);
  return TRUE;
}

static void
warn_simulated (Collection *collection, const char *position, const char *what,
                const char *function)
{
  hvp_inventory_add_warning (collection->inventory, collection->uri, position,
                             "%s unknown: the driver does not support it (this function is not "
                             "supported by the connection driver: %s)",
                             what, function);
}

/* ---- XML helpers ---- */

/* No network, no entity substitution, no DTD loading, no XML_PARSE_HUGE (libxml2 then refuses
 * nesting deeper than 256 and text nodes over 10 MB).  A document with a DOCTYPE is refused: the
 * XML libvirt formats never has one, so one can only come from a hostile or broken peer. */
static xmlDoc *
parse_xml_length (const char *text, gsize length)
{
  xmlDoc *document;

  if (length > G_MAXINT)
    return NULL;
  document = xmlReadMemory (text, (int) length, NULL, NULL,
                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (document != NULL && (document->intSubset != NULL || document->extSubset != NULL))
    {
      xmlFreeDoc (document);
      return NULL;
    }
  return document;
}

static xmlDoc *
parse_xml (const char *text)
{
  return parse_xml_length (text, strlen (text));
}

/* Whether @expression is a plain relative location path: element names joined by '/', the last
 * step possibly an attribute ("devices/disk", "source/@file"), no predicate, axis, union,
 * wildcard, prefix or function.  Those are walked directly (walk_path()): the collector reads
 * each domain's tree once, without compiling and evaluating an XPath expression per field
 * (issue 14); anything else goes to libxml2's XPath. */
static gboolean
path_is_plain (const char *expression)
{
  const char *attribute = strchr (expression, '@');

  if (expression[0] == '\0' || expression[0] == '/' || strstr (expression, "//") != NULL
      || expression[strlen (expression) - 1] == '/')
    return FALSE;
  if (attribute != NULL && (strchr (attribute, '/') != NULL || strchr (attribute + 1, '@') != NULL
                            || (attribute != expression && attribute[-1] != '/')))
    return FALSE;
  for (const char *c = expression; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '/' && *c != '@' && *c != '-' && *c != '_')
      return FALSE;
  return TRUE;
}

static gboolean
name_is (const xmlChar *name, const char *step, gsize length)
{
  return strncmp ((const char *) name, step, length) == 0 && name[length] == '\0';
}

/* The nodes the plain path @path (path_is_plain()) selects from @node, in document order, added
 * to @set; with @first_only, stops at the first.  Names match nodes in no namespace, as XPath's
 * unprefixed name tests do. */
static gboolean
walk_path (xmlNode *node, const char *path, gboolean first_only, xmlNodeSet *set)
{
  const char *slash = strchr (path, '/');
  gsize length = slash != NULL ? (gsize) (slash - path) : strlen (path);

  if (path[0] == '@')
    {
      for (xmlAttr *attribute = node->properties; attribute != NULL; attribute = attribute->next)
        if (attribute->ns == NULL && name_is (attribute->name, path + 1, length - 1))
          {
            xmlXPathNodeSetAddUnique (set, (xmlNode *) attribute);
            return TRUE;
          }
      return FALSE;
    }
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE && child->ns == NULL && name_is (child->name, path, length))
      {
        gboolean found = slash == NULL ? xmlXPathNodeSetAddUnique (set, child) == 0
                                       : walk_path (child, slash + 1, first_only, set);

        if (found && first_only)
          return TRUE;
      }
  return set->nodeNr > 0;
}

/* The string value of @expression evaluated at @node (XPath's string(): of the first node
 * selected, in document order), or NULL when it is empty. */
static char *
xpath_string (xmlXPathContext *context, xmlNode *node, const char *expression)
{
  g_autofree char *wrapped = NULL;
  g_autoptr (xmlXPathObject) object = NULL;

  if (path_is_plain (expression))
    {
      xmlNodeSet *set = xmlXPathNodeSetCreate (NULL);
      xmlChar *content = NULL;
      char *value = NULL;

      if (set == NULL)
        g_error ("cannot allocate a node set");
      if (walk_path (node, expression, TRUE, set))
        content = xmlNodeGetContent (set->nodeTab[0]);
      xmlXPathFreeNodeSet (set);
      if (content != NULL && content[0] != '\0')
        value = g_strdup ((const char *) content);
      xmlFree (content);
      return value;
    }
  wrapped = g_strdup_printf ("string(%s)", expression);
  context->node = node;
  object = xmlXPathEvalExpression ((const xmlChar *) wrapped, context);
  if (object == NULL || object->type != XPATH_STRING || object->stringval == NULL
      || object->stringval[0] == '\0')
    return NULL;
  return g_strdup ((const char *) object->stringval);
}

/* The nodes @expression selects at @node (NULL or an empty set when none); a plain path is
 * walked directly (path_is_plain()). */
static xmlXPathObject *
xpath_nodes (xmlXPathContext *context, xmlNode *node, const char *expression)
{
  if (path_is_plain (expression))
    {
      xmlNodeSet *set = xmlXPathNodeSetCreate (NULL);

      if (set == NULL)
        g_error ("cannot allocate a node set");
      walk_path (node, expression, FALSE, set);
      return xmlXPathWrapNodeSet (set);
    }
  context->node = node;
  return xmlXPathEvalExpression ((const xmlChar *) expression, context);
}

static guint
node_count (const xmlXPathObject *object)
{
  if (object == NULL || object->type != XPATH_NODESET || object->nodesetval == NULL)
    return 0;
  return (guint) object->nodesetval->nodeNr;
}

static char *
node_to_string (xmlDoc *document, xmlNode *node)
{
  g_autoptr (xmlBuffer) buffer = xmlBufferCreate ();

  if (xmlNodeDump (buffer, document, node, 0, 0) < 0)
    return NULL;
  return g_strdup ((const char *) xmlBufferContent (buffer));
}

/* A scaled element (`<memory unit='MiB'>4096</memory>`) in bytes; *ret_found FALSE when absent. */
static gboolean
read_scaled (xmlXPathContext *context, xmlNode *node, const char *element, guint64 default_scale,
             const char *what, guint64 *ret_bytes, gboolean *ret_found, GError **error)
{
  g_autofree char *value = xpath_string (context, node, element);
  g_autofree char *unit_path = g_strdup_printf ("%s/@unit", element);
  g_autofree char *unit = xpath_string (context, node, unit_path);

  *ret_found = value != NULL;
  if (value == NULL)
    return TRUE;
  if (!hvp_libvirt_scale_to_bytes (value, unit, default_scale, ret_bytes))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "cannot read %s: <%s unit='%s'> '%s' is not a size that fits 64 bits", what,
                   element, unit != NULL ? unit : "", value);
      return FALSE;
    }
  if (*ret_bytes > HVP_BYTES_MAX)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "cannot read %s: <%s unit='%s'> '%s' is more than 2^53 - 1 bytes (8 PiB)",
                   what, element, unit != NULL ? unit : "", value);
      return FALSE;
    }
  return TRUE;
}

/* ---- domains ---- */

static HvpDiskFormat
disk_format_from_driver (const char *type)
{
  static const struct {
    const char *type;
    HvpDiskFormat format;
  } formats[] = {
    { "vpc", HVP_DISK_FORMAT_VHD },
    { "vhd", HVP_DISK_FORMAT_VHD },
    { "vhdx", HVP_DISK_FORMAT_VHDX },
    { "raw", HVP_DISK_FORMAT_RAW },
    { "qcow2", HVP_DISK_FORMAT_QCOW2 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_strcmp0 (type, formats[i].type) == 0)
      return formats[i].format;
  return HVP_DISK_FORMAT_UNKNOWN;
}

static HvpDiskFormat
disk_format_from_extension (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".vhd") || g_str_has_suffix (lower, ".avhd"))
    return HVP_DISK_FORMAT_VHD;
  if (g_str_has_suffix (lower, ".vhdx") || g_str_has_suffix (lower, ".avhdx"))
    return HVP_DISK_FORMAT_VHDX;
  if (g_str_has_suffix (lower, ".qcow2"))
    return HVP_DISK_FORMAT_QCOW2;
  return HVP_DISK_FORMAT_UNKNOWN;
}

/* A new disk for @path in the format libvirt names (`<driver type>`, `<format type>` or the
 * volume's own format), else the one its file name tells, with a warning. */
static HvpDisk *
new_disk (Collection *collection, const char *position, const char *path, const char *driver_type)
{
  g_autoptr (HvpDisk) disk = hvp_disk_new (path);

  disk->format = disk_format_from_driver (driver_type);
  if (disk->format != HVP_DISK_FORMAT_UNKNOWN)
    return g_steal_pointer (&disk);
  disk->format = disk_format_from_extension (path);
  if (driver_type == NULL && disk->format == HVP_DISK_FORMAT_UNKNOWN)
    hvp_inventory_add_warning (collection->inventory, collection->uri, position,
                               "disk '%s' records no driver type and its name tells no format",
                               path);
  else if (driver_type == NULL)
    hvp_inventory_add_warning (collection->inventory, collection->uri, position,
                               "disk '%s' records no driver type; format %s inferred from the "
                               "file name", path, hvp_disk_format_to_string (disk->format));
  else
    hvp_inventory_add_warning (collection->inventory, collection->uri, position,
                               "disk '%s': driver type '%s' is not one hvplan knows; format %s "
                               "inferred from the file name", path, driver_type,
                               hvp_disk_format_to_string (disk->format));
  return g_steal_pointer (&disk);
}

/* The pool volume at @path, or NULL (no pool holds it, or the driver has no storage API). */
static virStorageVolPtr
lookup_volume (Collection *collection, const char *path)
{
  virStorageVolPtr volume = NULL;

  if ((unsupported_for_testing & HVP_LIBVIRT_API_STORAGE) == 0 && collection->connection != NULL)
    volume = virStorageVolLookupByPath (collection->connection, path);
  if (volume == NULL)
    virResetLastError ();
  return volume;
}

/* A volume's own format and backing file, from its volume XML (libvirt's formatstorage.html,
 * "Storage volume XML": `<target><format type>`, `<backingStore><path>`); NULL when it names
 * none or the XML cannot be read. */
static void
volume_chain_facts (virStorageVolPtr volume, char **ret_format, char **ret_backing_path)
{
  g_autofree char *text = volume != NULL ? virStorageVolGetXMLDesc (volume, 0) : NULL;
  g_autoptr (xmlDoc) document = text != NULL ? parse_xml (text) : NULL;
  g_autoptr (xmlXPathContext) context = NULL;
  xmlNode *root = document != NULL ? xmlDocGetRootElement (document) : NULL;

  *ret_format = NULL;
  *ret_backing_path = NULL;
  if (root == NULL)
    {
      virResetLastError ();
      return;
    }
  context = xmlXPathNewContext (document);
  if (context == NULL)
    g_error ("cannot allocate an XPath context");
  *ret_format = xpath_string (context, root, "target/format/@type");
  *ret_backing_path = xpath_string (context, root, "backingStore/path");
}

/* The sizes of @disk from the pool volume that holds it (capacity → virtual size, allocation →
 * file size), else left unknown with a warning. */
static void
read_volume_sizes (Collection *collection, const char *position, HvpDisk *disk,
                   virStorageVolPtr volume)
{
  virStorageVolInfo info;

  if (volume != NULL && virStorageVolGetInfo (volume, &info) == 0
      && (info.capacity > HVP_BYTES_MAX || info.allocation > HVP_BYTES_MAX))
    hvp_inventory_add_warning (collection->inventory, collection->uri, position,
                               "disk '%s': the pool reports %llu bytes, more than 2^53 - 1: size "
                               "left unknown", disk->path, MAX (info.capacity, info.allocation));
  else if (volume != NULL && virStorageVolGetInfo (volume, &info) == 0)
    {
      disk->virtual_size_bytes = info.capacity;
      disk->file_size_bytes = info.allocation;
    }
  else
    {
      hvp_inventory_add_warning (collection->inventory, collection->uri, position,
                                 "disk '%s': size unknown: it is no volume of a storage pool",
                                 disk->path);
      virResetLastError ();
    }
}

/* Adds one layer of a chain, not on the host yet: @path in @format_type, differencing on
 * @backing_path when there is one. */
static void
add_disk (Collection *collection, const char *position, const char *path, const char *format_type,
          const char *backing_path, virStorageVolPtr volume)
{
  g_autoptr (HvpDisk) disk = new_disk (collection, position, path, format_type);

  if (backing_path != NULL)
    {
      disk->type = HVP_DISK_TYPE_DIFFERENCING;
      disk->parent_path = g_strdup (backing_path);
    }
  else if (disk->format == HVP_DISK_FORMAT_RAW)
    disk->type = HVP_DISK_TYPE_FIXED;
  else if (disk->format == HVP_DISK_FORMAT_QCOW2)
    disk->type = HVP_DISK_TYPE_DYNAMIC;
  read_volume_sizes (collection, position, disk, volume);
  hvp_host_add_disk (collection->host, g_steal_pointer (&disk));
}

/* The path of a `<source pool=… volume=…/>` disk, through the pool. */
static char *
volume_path (Collection *collection, const char *pool_name, const char *volume_name)
{
  g_autoptr (virStoragePool) pool = NULL;
  g_autoptr (virStorageVol) volume = NULL;
  char *path;

  if (pool_name == NULL || volume_name == NULL || collection->connection == NULL)
    return NULL;
  pool = virStoragePoolLookupByName (collection->connection, pool_name);
  if (pool != NULL)
    volume = virStorageVolLookupByName (pool, volume_name);
  if (volume == NULL || (path = virStorageVolGetPath (volume)) == NULL)
    {
      virResetLastError ();
      return NULL;
    }
  return path;
}

/* The source of a `<disk>` or `<backingStore>` element (formatdomain.html, "Hard drives, floppy
 * disks, CDROMs": `source/@file`, a block device's `source/@dev`, or a pool volume). */
static char *
layer_source (Collection *collection, xmlXPathContext *context, xmlNode *node)
{
  char *path = xpath_string (context, node, "source/@file");
  g_autofree char *pool = NULL;
  g_autofree char *volume = NULL;

  if (path == NULL)
    path = xpath_string (context, node, "source/@dev");
  if (path != NULL)
    return path;
  pool = xpath_string (context, node, "source/@pool");
  volume = xpath_string (context, node, "source/@volume");
  return volume_path (collection, pool, volume);
}

/* The `<backingStore>` element under @node, if the XML records one (an empty `<backingStore/>`
 * says the chain ends; none at all says libvirt did not record it). */
static xmlNode *
backing_store_child (xmlNode *node)
{
  for (xmlNode *child = node != NULL ? node->children : NULL; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE
        && xmlStrEqual (child->name, (const xmlChar *) "backingStore"))
      return child;
  return NULL;
}

/* Whether a volume's own format may name the format of the file at @path.  libvirt has no VHDX
 * volume format (formatstorage.html, "Storage volume XML": raw, vpc, qcow2, …), so a VHDX file's
 * volume reports another one; and 'raw' is what a volume whose format was not probed reports:
 * then the file name says more. */
static gboolean
volume_format_usable (const char *volume_format, const char *path)
{
  HvpDiskFormat by_name = disk_format_from_extension (path);

  if (volume_format == NULL || by_name == HVP_DISK_FORMAT_VHDX)
    return FALSE;
  return by_name == HVP_DISK_FORMAT_UNKNOWN || g_strcmp0 (volume_format, "raw") != 0;
}

/* Every layer of the backing chain of the disk that @node describes, at @path in @format (to
 * any depth: libvirt's own tests have 12-deep chains), each added as a host disk whose parent is
 * the next.  The layer under one is the domain XML's nested `<backingStore>` when it records one
 * (an empty `<backingStore/>` ends the chain), else the pool volume's own backing file.  A chain
 * that comes back to a layer is refused (DATA), as the VHD reader refuses one. */
static gboolean
read_chain (Collection *collection, xmlXPathContext *context, xmlNode *node, const char *position,
            const char *path, const char *format, GError **error)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *layer_path = g_strdup (path);
  g_autofree char *layer_format = g_strdup (format);
  xmlNode *layer_node = node;

  while (layer_path != NULL)
    {
      g_autoptr (virStorageVol) volume = NULL;
      g_autofree char *volume_format = NULL;
      g_autofree char *volume_backing = NULL;
      xmlNode *backing = backing_store_child (layer_node);
      char *parent, *parent_format = NULL;

      if (g_hash_table_contains (seen, layer_path))
        {
          g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                       "cannot read %s of '%s': the backing chain of '%s' loops back to '%s'",
                       position, collection->uri, path, layer_path);
          return FALSE;
        }
      /* A disk the host has already was read with its chain (another drive, VM or snapshot). */
      if (hvp_host_find_disk (collection->host, layer_path) != NULL)
        break;
      g_hash_table_add (seen, g_strdup (layer_path));
      volume = lookup_volume (collection, layer_path);
      volume_chain_facts (volume, &volume_format, &volume_backing);
      if (layer_format == NULL && volume_format_usable (volume_format, layer_path))
        layer_format = g_steal_pointer (&volume_format);
      if (backing != NULL)
        {
          parent = layer_source (collection, context, backing);
          parent_format = xpath_string (context, backing, "format/@type");
        }
      else
        parent = g_steal_pointer (&volume_backing);
      add_disk (collection, position, layer_path, layer_format, parent, volume);
      g_free (layer_path);
      g_free (layer_format);
      layer_path = parent;
      layer_format = parent_format;
      layer_node = backing;
    }
  return TRUE;
}

static HvpControllerType
controller_type_from_bus (const char *bus)
{
  if (g_strcmp0 (bus, "ide") == 0)
    return HVP_CONTROLLER_TYPE_IDE;
  if (g_strcmp0 (bus, "scsi") == 0)
    return HVP_CONTROLLER_TYPE_SCSI;
  return HVP_CONTROLLER_TYPE_OTHER;
}

static guint
attribute_uint (xmlXPathContext *context, xmlNode *node, const char *expression, guint fallback)
{
  g_autofree char *text = xpath_string (context, node, expression);
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &value, NULL))
    return fallback;
  return (guint) value;
}

/* The `<devices><disk>` elements of @domain that are disks (device='disk' or no device: not
 * cdrom, floppy or lun), as XPath's devices/disk[@device='disk' or not(@device)] selects them. */
static xmlXPathObject *
disk_devices (xmlXPathContext *context, xmlNode *domain)
{
  g_autoptr (xmlXPathObject) all = xpath_nodes (context, domain, "devices/disk");
  xmlNodeSet *set = xmlXPathNodeSetCreate (NULL);

  if (set == NULL)
    g_error ("cannot allocate a node set");
  for (guint i = 0; i < node_count (all); i++)
    {
      xmlNode *node = all->nodesetval->nodeTab[i];
      xmlChar *device = xmlGetNoNsProp (node, (const xmlChar *) "device");

      if (device == NULL || xmlStrEqual (device, (const xmlChar *) "disk"))
        xmlXPathNodeSetAddUnique (set, node);
      xmlFree (device);
    }
  return xmlXPathWrapNodeSet (set);
}

/* `<devices><disk device='disk'>` → drives, and their backing chains → host disks. */
static gboolean
read_drives (Collection *collection, xmlXPathContext *context, xmlNode *domain,
             const char *position, GPtrArray *drives, GError **error)
{
  g_autoptr (xmlXPathObject) disks = disk_devices (context, domain);
  guint per_bus[3] = { 0, 0, 0 };

  for (guint i = 0; i < node_count (disks); i++)
    {
      xmlNode *node = disks->nodesetval->nodeTab[i];
      g_autofree char *path = layer_source (collection, context, node);
      g_autofree char *driver_type = xpath_string (context, node, "driver/@type");
      g_autofree char *bus = xpath_string (context, node, "target/@bus");
      g_autofree char *address_type = xpath_string (context, node, "address/@type");
      HvpControllerType controller_type = controller_type_from_bus (bus);
      guint number = 0;
      guint location = per_bus[controller_type];

      if (path == NULL)
        {
          hvp_inventory_add_warning (collection->inventory, collection->uri, position,
                                     "disk %u has no source file, device or volume hvplan can "
                                     "resolve; left out", i + 1);
          continue;
        }
      if (g_strcmp0 (address_type, "drive") == 0)
        {
          /* IDE: bus 0/1 is Hyper-V's IDE controller 0/1; SCSI: controller N, unit = location. */
          if (controller_type == HVP_CONTROLLER_TYPE_IDE)
            number = attribute_uint (context, node, "address/@bus", 0);
          else
            number = attribute_uint (context, node, "address/@controller", 0);
          location = attribute_uint (context, node, "address/@unit", location);
        }
      per_bus[controller_type]++;
      if (!read_chain (collection, context, node, position, path, driver_type, error))
        return FALSE;
      g_ptr_array_add (drives, hvp_drive_new (controller_type, number, location, path));
    }
  return TRUE;
}

/* The network a domain interface's source names: by network name, bridge name or (hyperv) id. */
static const HvpSwitch *
find_switch_for_interface (Collection *collection, const char *network, const char *bridge)
{
  if (network != NULL)
    return hvp_host_find_switch (collection->host, network);
  return bridge != NULL ? hvp_host_find_switch (collection->host, bridge) : NULL;
}

/* What the compatibility check reads of an interface (formatdomain.rst "Network interfaces"):
 * `type='hostdev'` passes an SR-IOV virtual function through (Hyper-V: SR-IOV on the adapter);
 * `<vlan><tag id='N'/>` its VLAN (the first tag: Hyper-V's access VLAN).  Only what is present is
 * recorded. */
static void
read_adapter_compatibility (xmlXPathContext *context, xmlNode *node, const char *type,
                            HvpAdapter *adapter)
{
  if (g_strcmp0 (type, "hostdev") == 0)
    adapter->sriov = HVP_TRISTATE_YES;
  adapter->vlan_id = attribute_uint (context, node, "vlan/tag[1]/@id", 0);
  if (adapter->vlan_id > 4094)
    adapter->vlan_id = 0;
}

static void
read_adapters (Collection *collection, xmlXPathContext *context, xmlNode *domain,
               const char *position, GPtrArray *adapters, GHashTable *bridges)
{
  g_autoptr (xmlXPathObject) interfaces = xpath_nodes (context, domain, "devices/interface");

  for (guint i = 0; i < node_count (interfaces); i++)
    {
      xmlNode *node = interfaces->nodesetval->nodeTab[i];
      g_autofree char *type = xpath_string (context, node, "@type");
      g_autofree char *mac = xpath_string (context, node, "mac/@address");
      g_autofree char *network = xpath_string (context, node, "source/@network");
      g_autofree char *bridge = xpath_string (context, node, "source/@bridge");
      g_autofree char *direct = xpath_string (context, node, "source/@dev");
      g_autofree char *link = xpath_string (context, node, "link/@state");
      g_autofree char *target = xpath_string (context, node, "alias/@name");
      g_autoptr (HvpAdapter) adapter = hvp_adapter_new (target != NULL ? target
                                                                       : "Network Adapter");
      const HvpSwitch *vswitch;
      const char *network_by_bridge = bridge != NULL ? g_hash_table_lookup (bridges, bridge) : NULL;

      adapter->mac = hvp_mac_normalize (mac);
      vswitch = find_switch_for_interface (collection, network,
                                           network_by_bridge != NULL ? network_by_bridge : bridge);
      if (vswitch != NULL)
        {
          adapter->switch_id = g_strdup (vswitch->id);
          adapter->switch_name = g_strdup (vswitch->name);
        }
      else if (network != NULL || bridge != NULL || direct != NULL)
        {
          adapter->switch_name = g_strdup (network != NULL ? network
                                           : bridge != NULL ? bridge : direct);
          hvp_inventory_add_warning (collection->inventory, collection->uri, position,
                                     "interface %u: '%s' is no network of the host; kept as the "
                                     "switch name", i + 1, adapter->switch_name);
        }
      else
        hvp_inventory_add_warning (collection->inventory, collection->uri, position,
                                   "interface %u of type '%s' connects to no virtual switch", i + 1,
                                   type != NULL ? type : "");
      adapter->connected = adapter->switch_name != NULL && g_strcmp0 (link, "down") != 0;
      read_adapter_compatibility (context, node, type, adapter);
      g_ptr_array_add (adapters, g_steal_pointer (&adapter));
    }
}

/* Hyper-V memory from libvirt's three memory elements (formatdomain.html, "Memory Allocation"):
 * `<memory>` is what the guest boots with, `<currentMemory>` what the balloon leaves it (default:
 * `<memory>`), `<maxMemory>` the ceiling for memory hot-plug (DIMMs added to a running guest).
 * With a balloon (a `<memballoon>` whose model is not 'none'; absent, the hypervisor adds one)
 * and room for it, the guest runs between `<currentMemory>` and `<memory>`: Hyper-V's dynamic
 * memory, startup = minimum = `<currentMemory>`, maximum = `<memory>`.  `<maxMemory>` is no
 * dynamic-memory maximum, except from the hyperv driver, which writes Hyper-V's dynamic-memory
 * Limit there (hyperv_driver.c, hypervDomainGetXMLDesc).  Without balloon room: static memory of
 * `<currentMemory>` (a guest without a balloon holds `<memory>`). */
static HvpMemory
memory_from_libvirt (Collection *collection, guint64 memory, gboolean has_current,
                     guint64 current, guint64 maximum, gboolean balloon)
{
  HvpMemory result = { 0 };

  result.startup_bytes = has_current && balloon ? current : memory;
  if (collection->hyperv && maximum > result.startup_bytes)
    result.maximum_bytes = maximum;
  else if (balloon && memory > result.startup_bytes)
    result.maximum_bytes = memory;
  if (result.maximum_bytes > result.startup_bytes)
    {
      result.dynamic = TRUE;
      result.minimum_bytes = result.startup_bytes;
    }
  else
    result.maximum_bytes = 0;
  return result;
}

/* `<vcpu>` and the memory elements of a domain (or a snapshot's domain); formats.md 4.1. */
static gboolean
read_sizing (Collection *collection, xmlXPathContext *context, xmlNode *domain,
             const char *position, guint *ret_vcpus, HvpMemory *ret_memory, gboolean *ret_found,
             GError **error)
{
  g_autofree char *what = g_strdup_printf ("%s of '%s'", position, collection->uri);
  g_autofree char *balloon_model = xpath_string (context, domain, "devices/memballoon/@model");
  guint64 memory = 0, current = 0, maximum = 0;
  gboolean has_memory, has_current, has_maximum;

  if (!read_scaled (context, domain, "memory", 1024, what, &memory, &has_memory, error)
      || !read_scaled (context, domain, "currentMemory", 1024, what, &current, &has_current, error)
      || !read_scaled (context, domain, "maxMemory", 1024, what, &maximum, &has_maximum, error))
    return FALSE;
  /* The configured maximum, not `current`: a guest may hot-plug up to it. */
  *ret_vcpus = attribute_uint (context, domain, "vcpu", 0);
  *ret_found = has_memory || has_current || *ret_vcpus > 0;
  if (!has_memory)
    memory = current;
  *ret_memory = memory_from_libvirt (collection, memory, has_current, current, maximum,
                                     g_strcmp0 (balloon_model, "none") != 0);
  if (ret_memory->dynamic)
    hvp_inventory_add_warning (collection->inventory, collection->uri, position,
                               "maximum memory above the current size: taken as dynamic memory "
                               "with minimum = startup (libvirt records no minimum)");
  return TRUE;
}

static HvpVmState
vm_state_from_libvirt (int state)
{
  switch (state)
    {
    case VIR_DOMAIN_RUNNING:
    case VIR_DOMAIN_BLOCKED:
    case VIR_DOMAIN_SHUTDOWN: /* shutting down: still running, and counts until it is off */
      return HVP_VM_STATE_RUNNING;
    case VIR_DOMAIN_PAUSED:
      return HVP_VM_STATE_PAUSED;
    case VIR_DOMAIN_SHUTOFF:
      return HVP_VM_STATE_OFF;
    case VIR_DOMAIN_NOSTATE:
      return HVP_VM_STATE_UNKNOWN;
    default:
      return HVP_VM_STATE_OTHER;
    }
}

static gint
compare_snapshots_by_time (gconstpointer a, gconstpointer b)
{
  const HvpSnapshot *x = *(HvpSnapshot *const *) a;
  const HvpSnapshot *y = *(HvpSnapshot *const *) b;

  if (x->creation_time != y->creation_time)
    return x->creation_time < y->creation_time ? -1 : 1;
  return g_strcmp0 (x->id, y->id);
}

/* One `<domainsnapshot>` document (libvirt formatsnapshot.rst), added to @vm's snapshots;
 * @label names it in messages.  *ret_name (borrowed from the snapshot) is its name. */
static gboolean
read_snapshot_document (Collection *collection, HvpVm *vm, const char *label, const char *text,
                        gsize length, const char **ret_name, GError **error)
{
  g_autoptr (xmlDoc) document = NULL;
  g_autoptr (xmlXPathContext) context = NULL;
  g_autoptr (HvpSnapshot) snapshot = NULL;
  g_autofree char *name = NULL, *parent = NULL, *created = NULL, *state = NULL, *memory = NULL;
  g_autofree char *position = NULL;
  g_autoptr (xmlXPathObject) domain = NULL;
  gboolean found = FALSE;
  guint64 seconds;

  document = parse_xml_length (text, length);
  if (document == NULL || xmlDocGetRootElement (document) == NULL)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "cannot parse snapshot '%s' of domain '%s' of '%s': not well-formed XML",
                   label, vm->name, collection->uri);
      return FALSE;
    }
  context = xmlXPathNewContext (document);
  name = xpath_string (context, xmlDocGetRootElement (document), "name");
  parent = xpath_string (context, xmlDocGetRootElement (document), "parent/name");
  created = xpath_string (context, xmlDocGetRootElement (document), "creationTime");
  state = xpath_string (context, xmlDocGetRootElement (document), "state");
  memory = xpath_string (context, xmlDocGetRootElement (document), "memory/@snapshot");
  position = g_strdup_printf ("domain '%s' snapshot '%s'", vm->name, name);

  snapshot = hvp_snapshot_new (name, name);
  snapshot->parent_id = g_steal_pointer (&parent);
  if (created != NULL && hvp_parse_uint64 (created, &seconds) && seconds <= HVP_BYTES_MAX)
    snapshot->creation_time = (gint64) seconds;
  /* A memory image: `<memory snapshot='internal|external'>`; older XML has no <memory> and
   * then the state says whether the domain ran (and so the snapshot carries memory). */
  if (memory != NULL)
    snapshot->saved_state = g_strcmp0 (memory, "no") != 0;
  else
    snapshot->saved_state = g_strcmp0 (state, "running") == 0 || g_strcmp0 (state, "paused") == 0
                            || g_strcmp0 (state, "blocked") == 0
                            || g_strcmp0 (state, "shutdown") == 0
                            || g_strcmp0 (state, "pmsuspended") == 0;

  domain = xpath_nodes (context, xmlDocGetRootElement (document), "domain");
  if (node_count (domain) > 0)
    {
      xmlNode *node = domain->nodesetval->nodeTab[0];

      if (!read_sizing (collection, context, node, position, &snapshot->vcpus, &snapshot->memory,
                        &found, error))
        return FALSE;
      if (!read_drives (collection, context, node, position, snapshot->drives, error))
        return FALSE;
    }
  if (!found)
    hvp_inventory_add_warning (collection->inventory, collection->uri, position,
                               "the snapshot records no configuration: vCPUs and memory unknown");
  *ret_name = snapshot->id;
  g_ptr_array_add (vm->snapshots, g_steal_pointer (&snapshot));
  return TRUE;
}

static gboolean
read_snapshot (Collection *collection, HvpVm *vm, virDomainSnapshotPtr handle, GError **error)
{
  g_autofree char *text = virDomainSnapshotGetXMLDesc (handle, 0);
  const char *name = NULL;

  if (text == NULL)
    {
      g_autofree char *message = last_error_message ();

      g_set_error (error, HVP_ERROR, HVP_ERROR_OPEN,
                   "cannot read snapshot '%s' of domain '%s' of '%s': %s",
                   virDomainSnapshotGetName (handle), vm->name, collection->uri, message);
      return FALSE;
    }
  if (!read_snapshot_document (collection, vm, virDomainSnapshotGetName (handle), text,
                               strlen (text), &name, error))
    return FALSE;
  if (virDomainSnapshotIsCurrent (handle, 0) == 1)
    vm->current_snapshot_id = g_strdup (name);
  virResetLastError ();
  return TRUE;
}

static gboolean
read_snapshots (Collection *collection, HvpVm *vm, virDomainPtr domain, const char *position,
                GError **error)
{
  virDomainSnapshotPtr *handles = NULL;
  int count;
  gboolean ok = TRUE;
  g_autoptr (GPtrArray) problems = NULL;

  if (simulate_unsupported (HVP_LIBVIRT_API_SNAPSHOTS, "virDomainListAllSnapshots"))
    {
      warn_simulated (collection, position, "snapshots", "virDomainListAllSnapshots");
      return TRUE;
    }
  count = virDomainListAllSnapshots (domain, &handles, 0);
  if (count < 0)
    {
      warn_api (collection, position, "snapshots");
      return TRUE;
    }
  for (int i = 0; i < count; i++)
    {
      if (ok)
        ok = read_snapshot (collection, vm, handles[i], error);
      virDomainSnapshotFree (handles[i]);
    }
  free (handles);
  if (!ok)
    return FALSE;
  g_ptr_array_sort (vm->snapshots, compare_snapshots_by_time);
  problems = hvp_vm_link_snapshots (vm);
  for (guint i = 0; i < problems->len; i++)
    hvp_inventory_add_warning (collection->inventory, collection->uri, position, "%s",
                               (const char *) g_ptr_array_index (problems, i));
  return TRUE;
}

/* What the compatibility check reads of a domain (formatdomain.rst): UEFI firmware
 * (`<os firmware='efi'>` or a pflash `<loader>`) makes the Hyper-V VM that replaces it generation 2,
 * `<loader secure='yes'>` Secure Boot; a `<tpm>` a virtual TPM; each `<hostdev>` a device
 * assigned to it ("pci 0000:03:00.0", "usb 046d:c52b", "scsi ...").  Only what is present is
 * recorded (a BIOS domain's generation stays unknown), so inventories of domains without them
 * stay as they were. */
/* "0x03" as "03" (a PCI address as lspci writes it); "?" for none. */
static const char *
without_hex_prefix (const char *text)
{
  if (text == NULL)
    return "?";
  return g_str_has_prefix (text, "0x") || g_str_has_prefix (text, "0X") ? text + 2 : text;
}

static void
read_domain_compatibility (xmlXPathContext *context, xmlNode *domain, HvpVm *vm)
{
  g_autofree char *firmware = xpath_string (context, domain, "os/@firmware");
  g_autofree char *loader = xpath_string (context, domain, "os/loader/@type");
  g_autofree char *secure = xpath_string (context, domain, "os/loader/@secure");
  g_autoptr (xmlXPathObject) tpm = xpath_nodes (context, domain, "devices/tpm");
  g_autoptr (xmlXPathObject) hostdevs = xpath_nodes (context, domain, "devices/hostdev");

  if (g_strcmp0 (firmware, "efi") == 0 || g_strcmp0 (loader, "pflash") == 0)
    {
      vm->generation = 2;
      if (secure != NULL)
        vm->secure_boot = HVP_TRISTATE_FROM_BOOL (g_strcmp0 (secure, "yes") == 0);
    }
  if (node_count (tpm) > 0)
    vm->tpm = HVP_TRISTATE_YES;
  /* virt-install's `<metadata><libosinfo:libosinfo><libosinfo:os id='http://ubuntu.com/ubuntu/22.04'/>`
   * (libosinfo's namespace http://libosinfo.org/xmlns/libvirt/domain/1.0). */
  vm->guest_os = xpath_string (context, domain,
                               "metadata/*[local-name()='libosinfo']/*[local-name()='os']/@id");
  if (vm->guest_os != NULL && *vm->guest_os == '\0')
    g_clear_pointer (&vm->guest_os, g_free);
  for (guint i = 0; i < node_count (hostdevs); i++)
    {
      xmlNode *node = hostdevs->nodesetval->nodeTab[i];
      g_autofree char *type = xpath_string (context, node, "@type");
      g_autofree char *description = NULL;

      if (g_strcmp0 (type, "pci") == 0)
        {
          g_autofree char *d = xpath_string (context, node, "source/address/@domain");
          g_autofree char *b = xpath_string (context, node, "source/address/@bus");
          g_autofree char *sl = xpath_string (context, node, "source/address/@slot");
          g_autofree char *f = xpath_string (context, node, "source/address/@function");

          description = g_strdup_printf ("pci %s:%s:%s.%s", without_hex_prefix (d),
                                         without_hex_prefix (b), without_hex_prefix (sl),
                                         without_hex_prefix (f));
        }
      else if (g_strcmp0 (type, "usb") == 0)
        {
          g_autofree char *vendor = xpath_string (context, node, "source/vendor/@id");
          g_autofree char *product = xpath_string (context, node, "source/product/@id");

          description = g_strdup_printf ("usb %s:%s", vendor != NULL ? vendor : "?",
                                         product != NULL ? product : "?");
        }
      else
        description = g_strdup (type != NULL ? type : "hostdev");
      g_ptr_array_add (vm->assigned_devices, g_steal_pointer (&description));
    }
}

/* A `<domain>` document (libvirt formatdomain.rst): sizing, drives (and host disks), adapters.
 * @domain_name names the domain (%NULL: its `<name>`). */
static HvpVm *
read_domain_document (Collection *collection, const char *domain_name, const char *text,
                      gsize length, GHashTable *bridges, GError **error)
{
  g_autoptr (xmlDoc) document = NULL;
  g_autoptr (xmlXPathContext) context = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *id = NULL;
  g_autofree char *recorded_name = NULL;
  g_autofree char *position = NULL;
  g_autoptr (HvpVm) vm = NULL;
  xmlNode *root;
  gboolean found;

  document = parse_xml_length (text, length);
  root = document != NULL ? xmlDocGetRootElement (document) : NULL;
  if (root == NULL || !xmlStrEqual (root->name, (const xmlChar *) "domain"))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "cannot parse domain '%s' of '%s': not a <domain> document",
                   domain_name != NULL ? domain_name : "", collection->uri);
      return NULL;
    }
  context = xmlXPathNewContext (document);
  if (context == NULL)
    g_error ("cannot allocate an XPath context");
  if (domain_name == NULL)
    {
      recorded_name = xpath_string (context, root, "name");
      domain_name = recorded_name != NULL ? recorded_name : "";
    }
  position = g_strdup_printf ("domain '%s'", domain_name);
  uuid = xpath_string (context, root, "uuid");
  /* Upper case, like Hyper-V's VM GUIDs: a hyperv:// domain UUID is the VM's GUID. */
  id = uuid != NULL ? g_ascii_strup (uuid, -1) : NULL;
  vm = hvp_vm_new (id, domain_name);
  if (!read_sizing (collection, context, root, position, &vm->vcpus, &vm->memory, &found, error))
    return NULL;
  if (!read_drives (collection, context, root, position, vm->drives, error))
    return NULL;
  read_adapters (collection, context, root, position, vm->adapters, bridges);
  read_domain_compatibility (context, root, vm);
  return g_steal_pointer (&vm);
}

static gboolean
read_domain (Collection *collection, virDomainPtr domain, GHashTable *bridges, GError **error)
{
  const char *domain_name = virDomainGetName (domain);
  g_autofree char *position = g_strdup_printf ("domain '%s'", domain_name);
  g_autofree char *text = NULL;
  g_autoptr (HvpVm) vm = NULL;
  int state = VIR_DOMAIN_NOSTATE, reason = 0;

  /* The persistent definition where there is one: what the VM boots with after the move. */
  text = virDomainGetXMLDesc (domain, VIR_DOMAIN_XML_INACTIVE);
  if (text == NULL)
    {
      g_autofree char *message = last_error_message ();

      g_set_error (error, HVP_ERROR, HVP_ERROR_OPEN, "cannot read domain '%s' of '%s': %s",
                   domain_name, collection->uri, message);
      return FALSE;
    }
  vm = read_domain_document (collection, domain_name, text, strlen (text), bridges, error);
  if (vm == NULL)
    return FALSE;

  if (virDomainGetState (domain, &state, &reason, 0) == 0)
    vm->state = vm_state_from_libvirt (state);
  else
    warn_api (collection, position, "state");
  if (simulate_unsupported (HVP_LIBVIRT_API_MANAGED_SAVE, "virDomainHasManagedSaveImage"))
    warn_simulated (collection, position, "managed save image", "virDomainHasManagedSaveImage");
  else
    {
      int saved = virDomainHasManagedSaveImage (domain, 0);

      if (saved < 0)
        warn_api (collection, position, "managed save image");
      else if (saved > 0)
        {
          vm->saved_state = TRUE;
          vm->state = HVP_VM_STATE_SAVED;
        }
    }
  if (!read_snapshots (collection, vm, domain, position, error))
    return FALSE;
  g_ptr_array_add (collection->host->vms, g_steal_pointer (&vm));
  return TRUE;
}

static gint
compare_domains_by_name (gconstpointer a, gconstpointer b)
{
  virDomainPtr x = *(virDomainPtr const *) a;
  virDomainPtr y = *(virDomainPtr const *) b;

  return g_strcmp0 (virDomainGetName (x), virDomainGetName (y));
}

static gboolean
read_domains (Collection *collection, GHashTable *bridges, GError **error)
{
  virDomainPtr *domains = NULL;
  int count = virConnectListAllDomains (collection->connection, &domains, 0);
  gboolean ok = TRUE;

  if (count < 0)
    {
      g_autofree char *message = last_error_message ();

      if (last_error_is (VIR_ERR_NO_SUPPORT))
        {
          warn_api (collection, NULL, "domains");
          return TRUE;
        }
      g_set_error (error, HVP_ERROR, HVP_ERROR_OPEN, "cannot list the domains of '%s': %s",
                   collection->uri, message);
      return FALSE;
    }
  if (count > 0)
    qsort (domains, (size_t) count, sizeof *domains, compare_domains_by_name);
  for (int i = 0; i < count; i++)
    {
      hvp_collect_options_report_progress (collection->options, "domains", (guint) i + 1,
                                           (guint) count);
      if (ok)
        ok = read_domain (collection, domains[i], bridges, error);
      virDomainFree (domains[i]);
    }
  free (domains);
  return ok;
}

/* ---- networks, storage, interfaces ---- */

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* `<forward mode=…>` → switch type (formats.md 4.2): bridge-like modes reach the physical network. */
static HvpSwitchType
switch_type_from_forward (const char *mode, gboolean has_forward)
{
  static const char *const external[] = { "bridge", "passthrough", "private", "vepa", "hostdev",
                                          NULL };

  if (!has_forward)
    return HVP_SWITCH_TYPE_PRIVATE;
  if (mode == NULL)
    return HVP_SWITCH_TYPE_INTERNAL; /* libvirt's default forward mode is nat */
  if (g_strv_contains (external, mode))
    return HVP_SWITCH_TYPE_EXTERNAL;
  return HVP_SWITCH_TYPE_INTERNAL;   /* nat, route, open */
}

/* A `<network>` document (libvirt formatnetwork.rst) as a switch; FALSE when it is not XML.
 * @name names the network (%NULL: its `<name>`). */
static gboolean
read_network_document (Collection *collection, const char *name, const char *text, gsize length,
                       GHashTable *bridges)
{
  g_autofree char *position = NULL;
  g_autoptr (xmlDoc) document = NULL;
  g_autoptr (xmlXPathContext) context = NULL;
  g_autoptr (xmlXPathObject) forward = NULL;
  g_autoptr (xmlXPathObject) devices = NULL;
  g_autofree char *uuid = NULL, *mode = NULL, *bridge = NULL, *id = NULL;
  g_autofree char *recorded_name = NULL;
  g_autoptr (HvpSwitch) vswitch = NULL;
  xmlNode *root;

  document = parse_xml_length (text, length);
  root = document != NULL ? xmlDocGetRootElement (document) : NULL;
  if (root == NULL)
    return FALSE;
  context = xmlXPathNewContext (document);
  if (context == NULL)
    g_error ("cannot allocate an XPath context");
  if (name == NULL)
    {
      recorded_name = xpath_string (context, root, "name");
      name = recorded_name != NULL ? recorded_name : "";
    }
  position = g_strdup_printf ("network '%s'", name);
  uuid = xpath_string (context, root, "uuid");
  id = uuid != NULL ? g_ascii_strup (uuid, -1) : NULL;
  mode = xpath_string (context, root, "forward/@mode");
  bridge = xpath_string (context, root, "bridge/@name");
  forward = xpath_nodes (context, root, "forward");
  vswitch = hvp_switch_new (id, name, switch_type_from_forward (mode, node_count (forward) > 0));
  if (collection->hyperv)
    {
      /* hyperv_network_driver.c exposes neither the switch type nor its NIC. */
      vswitch->type = HVP_SWITCH_TYPE_UNKNOWN;
      hvp_inventory_add_warning (collection->inventory, collection->uri, position,
                                 "switch type unknown: libvirt's Hyper-V driver does not expose it");
    }
  devices = xpath_nodes (context, root, "forward/interface/@dev | forward/pf/@dev");
  for (guint i = 0; i < node_count (devices); i++)
    {
      g_autofree char *dev = (char *) xmlNodeGetContent (devices->nodesetval->nodeTab[i]);

      g_ptr_array_add (vswitch->physical_nics, g_strdup (dev));
    }
  if (vswitch->type == HVP_SWITCH_TYPE_EXTERNAL && vswitch->physical_nics->len == 0
      && bridge != NULL)
    g_ptr_array_add (vswitch->physical_nics, g_strdup (bridge));
  if (bridge != NULL)
    g_hash_table_insert (bridges, g_strdup (bridge), g_strdup (name));
  g_ptr_array_add (collection->host->switches, g_steal_pointer (&vswitch));
  return TRUE;
}

static void
read_network (Collection *collection, virNetworkPtr network, GHashTable *bridges)
{
  const char *name = virNetworkGetName (network);
  g_autofree char *position = g_strdup_printf ("network '%s'", name);
  g_autofree char *text = virNetworkGetXMLDesc (network, VIR_NETWORK_XML_INACTIVE);

  if (text == NULL)
    {
      /* The test driver refuses VIR_NETWORK_XML_INACTIVE ("unsupported flags (0x1)"). */
      virResetLastError ();
      text = virNetworkGetXMLDesc (network, 0);
    }
  if (text == NULL || !read_network_document (collection, name, text, strlen (text), bridges))
    warn_api (collection, position, "the network definition");
}

static void
read_networks (Collection *collection, GHashTable *bridges)
{
  virNetworkPtr *networks = NULL;
  int count;

  if (simulate_unsupported (HVP_LIBVIRT_API_NETWORKS, "virConnectListAllNetworks"))
    {
      warn_simulated (collection, NULL, "virtual switches", "virConnectListAllNetworks");
      return;
    }
  count = virConnectListAllNetworks (collection->connection, &networks, 0);
  if (count < 0)
    {
      warn_api (collection, NULL, "virtual switches");
      return;
    }
  for (int i = 0; i < count; i++)
    {
      read_network (collection, networks[i], bridges);
      virNetworkFree (networks[i]);
    }
  free (networks);
}

static void
read_pools (Collection *collection)
{
  virStoragePoolPtr *pools = NULL;
  int count;

  if (simulate_unsupported (HVP_LIBVIRT_API_STORAGE, "virConnectListAllStoragePools"))
    {
      warn_simulated (collection, NULL, "volumes", "virConnectListAllStoragePools");
      return;
    }
  count = virConnectListAllStoragePools (collection->connection, &pools,
                                         VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE);
  if (count < 0)
    {
      warn_api (collection, NULL, "volumes");
      return;
    }
  for (int i = 0; i < count; i++)
    {
      const char *name = virStoragePoolGetName (pools[i]);
      g_autofree char *text = virStoragePoolGetXMLDesc (pools[i], 0);
      g_autoptr (xmlDoc) document = text != NULL ? parse_xml (text) : NULL;
      g_autofree char *target = NULL;
      g_autofree char *position = g_strdup_printf ("pool '%s'", name);
      virStoragePoolInfo info;

      if (document != NULL)
        {
          g_autoptr (xmlXPathContext) context = xmlXPathNewContext (document);

          target = xpath_string (context, xmlDocGetRootElement (document), "target/path");
        }
      if (virStoragePoolGetInfo (pools[i], &info) == 0 && info.capacity > HVP_BYTES_MAX)
        hvp_inventory_add_warning (collection->inventory, collection->uri, position,
                                   "the pool reports %llu bytes, more than 2^53 - 1: left out",
                                   info.capacity);
      else if (virStoragePoolGetInfo (pools[i], &info) == 0 && info.available > info.capacity)
        {
          hvp_inventory_add_warning (collection->inventory, collection->uri, position,
                                     "the pool reports %llu bytes free of %llu: free taken as 0",
                                     info.available, info.capacity);
          g_ptr_array_add (collection->host->volumes,
                           hvp_volume_new (target != NULL ? target : name, info.capacity, 0));
        }
      else if (virStoragePoolGetInfo (pools[i], &info) == 0)
        g_ptr_array_add (collection->host->volumes,
                         hvp_volume_new (target != NULL ? target : name, info.capacity,
                                         info.available));
      else
        warn_api (collection, position, "the pool's size");
      virStoragePoolFree (pools[i]);
    }
  free (pools);
}

static void
read_interfaces (Collection *collection)
{
  virInterfacePtr *interfaces = NULL;
  int count;
  gsize first = collection->host->physical_nics->len;

  if (simulate_unsupported (HVP_LIBVIRT_API_INTERFACES, "virConnectListAllInterfaces"))
    {
      warn_simulated (collection, NULL, "physical network adapters", "virConnectListAllInterfaces");
      return;
    }
  count = virConnectListAllInterfaces (collection->connection, &interfaces, 0);
  if (count < 0)
    {
      warn_api (collection, NULL, "physical network adapters");
      return;
    }
  for (int i = 0; i < count; i++)
    {
      const char *name = virInterfaceGetName (interfaces[i]);

      if (g_strcmp0 (name, "lo") != 0)
        g_ptr_array_add (collection->host->physical_nics, g_strdup (name));
      virInterfaceFree (interfaces[i]);
    }
  free (interfaces);
  if (collection->host->physical_nics->len > first)
    qsort (collection->host->physical_nics->pdata + first,
           collection->host->physical_nics->len - first, sizeof (gpointer), compare_strings);
}

/* ---- host ---- */

/* `/capabilities/host/cpu`: vendor, model, signature, and the element itself; FALSE when the
 * document is not XML. */
static gboolean
read_capabilities_document (Collection *collection, const char *text, gsize length)
{
  g_autoptr (xmlDoc) document = NULL;
  g_autoptr (xmlXPathContext) context = NULL;
  g_autoptr (xmlXPathObject) cpu = NULL;
  HvpProcessor *processor = &collection->host->processor;
  g_autofree char *vendor = NULL;
  xmlNode *node;

  document = parse_xml_length (text, length);
  if (document == NULL || xmlDocGetRootElement (document) == NULL)
    return FALSE;
  context = xmlXPathNewContext (document);
  if (context == NULL)
    g_error ("cannot allocate an XPath context");
  cpu = xpath_nodes (context, xmlDocGetRootElement (document), "/capabilities/host/cpu");
  if (node_count (cpu) == 0)
    {
      hvp_inventory_add_warning (collection->inventory, collection->uri, "capabilities",
                                 "the host has no <cpu> description");
      return TRUE;
    }
  node = cpu->nodesetval->nodeTab[0];
  vendor = xpath_string (context, node, "vendor");
  g_free (processor->vendor);
  processor->vendor = g_strdup (hvp_processor_vendor_normalize (vendor));
  processor->family = attribute_uint (context, node, "signature/@family", 0);
  processor->model = attribute_uint (context, node, "signature/@model", 0);
  processor->stepping = (gint) attribute_uint (context, node, "signature/@stepping", (guint) -1);
  g_free (processor->cpu_xml);
  processor->cpu_xml = node_to_string (document, node);
  if (vendor == NULL)
    hvp_inventory_add_warning (collection->inventory, collection->uri, "capabilities",
                               "the host <cpu> names no vendor");
  return TRUE;
}

static void
read_capabilities (Collection *collection)
{
  g_autofree char *text = NULL;

  if (simulate_unsupported (HVP_LIBVIRT_API_CAPABILITIES, "virConnectGetCapabilities"))
    {
      warn_simulated (collection, "capabilities", "the processor's vendor and model",
                      "virConnectGetCapabilities");
      return;
    }
  text = virConnectGetCapabilities (collection->connection);
  if (text == NULL || !read_capabilities_document (collection, text, strlen (text)))
    warn_api (collection, "capabilities", "the processor's vendor and model");
}

/* The host's name; the test driver answers this machine's name, so its host is named after
 * the node file ("default" for test:///default). */
static char *
host_name (Collection *collection, const char *raw_uri)
{
  g_autofree char *name = virConnectGetHostname (collection->connection);
  g_autofree char *scheme = NULL, *path = NULL;

  if (name == NULL)
    {
      warn_api (collection, "hostname", "the host name");
      return g_strdup (collection->uri);
    }
  if (g_uri_split (raw_uri, G_URI_FLAGS_ENCODED | G_URI_FLAGS_NON_DNS, &scheme, NULL, NULL, NULL,
                   &path, NULL, NULL, NULL)
      && g_strcmp0 (scheme, "test") == 0 && path != NULL)
    {
      g_autofree char *base = g_path_get_basename (path);
      char *dot = strrchr (base, '.');

      if (dot != NULL && dot != base)
        *dot = '\0';
      hvp_inventory_add_warning (collection->inventory, collection->uri, "hostname",
                                 "the test driver reports this machine's name '%s'; the host is "
                                 "named '%s' after its node file", name, base);
      return g_steal_pointer (&base);
    }
  return g_steal_pointer (&name);
}

static gboolean
read_node (Collection *collection, GError **error)
{
  virNodeInfo info;
  const char *type = virConnectGetType (collection->connection);
  g_autofree char *message = NULL;

  collection->hyperv = g_strcmp0 (type, "Hyper-V") == 0;
  if (virNodeGetInfo (collection->connection, &info) != 0)
    {
      if (last_error_is (VIR_ERR_NO_SUPPORT))
        {
          warn_api (collection, "nodeinfo", "memory and logical processors");
          return TRUE;
        }
      message = last_error_message ();
      g_set_error (error, HVP_ERROR, HVP_ERROR_OPEN, "cannot read the node of '%s': %s",
                   collection->uri, message);
      return FALSE;
    }
  if (!hvp_mul_uint64 (info.memory, 1024, &collection->host->memory_bytes)
      || collection->host->memory_bytes > HVP_BYTES_MAX)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "cannot read the node of '%s': memory %lu KiB is more than 2^53 - 1 bytes",
                   collection->uri, info.memory);
      return FALSE;
    }
  collection->host->logical_processors = info.cpus;
  /* qemu puts the architecture here, hyperv the processor's marketing name. */
  if (info.model[0] != '\0' && strcmp (info.model, "x86_64") != 0
      && strcmp (info.model, "i686") != 0 && strcmp (info.model, "aarch64") != 0)
    collection->host->processor.name = g_strndup (info.model, sizeof info.model);
  return TRUE;
}

/* The node file of a `test:///PATH` URI, or %NULL (another driver, a host, `test:///default`). */
static char *
test_node_file_path (const char *raw_uri)
{
  g_autofree char *scheme = NULL, *host = NULL, *path = NULL;

  if (!g_uri_split (raw_uri, G_URI_FLAGS_NON_DNS, &scheme, NULL, &host, NULL, &path, NULL, NULL,
                    NULL)
      || g_strcmp0 (scheme, "test") != 0 || (host != NULL && *host != '\0') || path == NULL
      || strcmp (path, "/default") == 0)
    return NULL;
  return g_steal_pointer (&path);
}

/* A test:// node file that cannot be read is an open error; libvirt calls it an XML error. */
static gboolean
test_file_unreadable (const char *raw_uri)
{
  g_autofree char *path = test_node_file_path (raw_uri);

  return path != NULL
         && (!g_file_test (path, G_FILE_TEST_IS_REGULAR) || g_access (path, R_OK) != 0);
}

/* A test:// node file that exists but is a FIFO or a device: libvirt would block reading it. */
static gboolean
test_file_is_special (const char *raw_uri)
{
  g_autofree char *path = test_node_file_path (raw_uri);

  return path != NULL && g_file_test (path, G_FILE_TEST_EXISTS)
         && !g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

/* The codes libvirt's XML parsing and domain definition checks raise (checked with 9.0.0:
 * a malformed node file → VIR_ERR_XML_DETAIL from VIR_FROM_TEST, a domain without <os><type>
 * → VIR_ERR_XML_ERROR from VIR_FROM_DOMAIN). */
static gboolean
error_is_bad_data (void)
{
  virErrorPtr error = virGetLastError ();

  if (error == NULL)
    return FALSE;
  switch (error->code)
    {
    case VIR_ERR_XML_ERROR:
    case VIR_ERR_XML_DETAIL:
    case VIR_ERR_XML_INVALID_SCHEMA:
    case VIR_ERR_CONFIG_UNSUPPORTED:
    case VIR_ERR_INVALID_ARG:
    case VIR_ERR_OPERATION_FAILED:
    case VIR_ERR_INTERNAL_ERROR:
    case VIR_ERR_NO_NAME:     /* "missing name information" */
    case VIR_ERR_NO_SOURCE:   /* "missing source information for device hda" */
    case VIR_ERR_NO_TARGET:
    case VIR_ERR_OVERFLOW:    /* "numerical overflow: value too large" */
      return error->domain == VIR_FROM_TEST || error->domain == VIR_FROM_DOMAIN
             || error->domain == VIR_FROM_XML || error->domain == VIR_FROM_NETWORK
             || error->domain == VIR_FROM_STORAGE || error->domain == VIR_FROM_DOMAIN_SNAPSHOT
             || error->domain == VIR_FROM_CPU || error->domain == VIR_FROM_NONE
             || error->domain == VIR_FROM_CONF;
    default:
      return FALSE;
    }
}

/* Opens @uri, which carries no secret (hvp_uri_without_secrets()). */
static virConnectPtr
open_connection (const char *uri, GError **error)
{
  virConnectPtr connection;
  xmlGenericErrorFunc saved_handler = xmlGenericError;
  void *saved_context = xmlGenericErrorContext;
  g_autofree char *message = NULL;
  gboolean unreadable;

  ensure_libvirt_quiet ();
  virResetLastError ();
  /* libxml2 prints I/O warnings from libvirt's parser to stderr unless told not to. */
  xmlSetGenericErrorFunc (NULL, quiet_xml_error);
  connection = virConnectOpenAuth (uri, virConnectAuthPtrDefault, VIR_CONNECT_RO);
  xmlSetGenericErrorFunc (saved_context, saved_handler);
  if (connection != NULL)
    {
      virConnSetErrorFunc (connection, NULL, quiet_libvirt_error);
      return connection;
    }
  message = last_error_message ();
  unreadable = test_file_unreadable (uri);
  g_set_error (error, HVP_ERROR, !unreadable && error_is_bad_data () ? HVP_ERROR_DATA
                                                                    : HVP_ERROR_OPEN,
               "cannot connect to '%s': %s", uri, message);
  virResetLastError ();
  return NULL;
}

/* The warning for a URI that carried a password: libvirt would have passed "user:password" to
 * ssh as the user name, or printed it in a prompt. */
static void
warn_secret_removed (HvpInventory *inventory, const char *clean_uri)
{
  hvp_inventory_add_warning (inventory, clean_uri, "uri",
                             "the password in the URI was removed and not used: put credentials "
                             "in libvirt's auth.conf (https://libvirt.org/auth.html, \"Client "
                             "configuration\") or let libvirt ask");
}

static gboolean
libvirt_collect (const char *uri, const HvpCollectOptions *options, HvpInventory *inventory,
                 GError **error)
{
  gboolean secret_removed = FALSE;
  g_autofree char *clean = hvp_uri_without_secrets (uri, &secret_removed);
  g_autoptr (virConnect) connection = NULL;
  g_autoptr (HvpInventory) part = hvp_inventory_new ();
  g_autoptr (GHashTable) bridges = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *name = NULL;
  Collection collection = { 0 };

  g_return_val_if_fail (uri != NULL, FALSE);
  g_return_val_if_fail (inventory != NULL, FALSE);

  if (test_file_is_special (clean))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_OPEN,
                   "cannot connect to '%s': the node file is not a regular file", clean);
      return FALSE;
    }
  connection = open_connection (clean, error);
  if (connection == NULL)
    return FALSE;
  if (secret_removed)
    warn_secret_removed (part, clean);
  collection.uri = clean;
  collection.inventory = part;
  collection.connection = connection;
  collection.options = options;
  name = host_name (&collection, clean);
  collection.host = hvp_inventory_ensure_host (part, name);
  if (!read_node (&collection, error))
    return FALSE;
  read_capabilities (&collection);
  read_networks (&collection, bridges);
  read_pools (&collection);
  read_interfaces (&collection);
  if (!read_domains (&collection, bridges, error))
    return FALSE;
  if (options != NULL && options->sample_seconds > 0)
    hvp_libvirt_sample (connection, collection.host, options->sample_seconds,
                        MAX (options->sample_interval_seconds, 1u));
  hvp_host_link_disks (collection.host);
  g_ptr_array_add (part->sources, g_strdup_printf ("libvirt:%s", clean));
  hvp_inventory_merge (inventory, part);
  return TRUE;
}

/**
 * hvp_libvirt_collect:
 * @uri: a libvirt URI: `test:///default`, `test:///ABSOLUTE/PATH/node.xml`, `qemu:///system`,
 *   `qemu+ssh://user@host/system`, `hyperv://host/?transport=http`, …
 * @inventory: the inventory to add the host to
 * @error: return location for an error
 *
 * Opens @uri read-only (virConnectOpenAuth() with libvirt's default authentication callbacks and
 * configuration) and adds its node as one host: memory and logical processors (virNodeGetInfo),
 * processor (`/capabilities/host/cpu`), networks as switches, active storage pools as volumes,
 * host interfaces as physical NICs, and every domain with its disks, adapters, state, managed
 * save and snapshots.  APIs the driver lacks (VIR_ERR_NO_SUPPORT) become warnings.  The URI is
 * recorded without its password, and no message carries it.
 *
 * Error messages are one line (hvp_error_one_line()): input they quote is escaped.
 *
 * Returns: %TRUE on success; %FALSE with %HVP_ERROR_OPEN when the connection cannot be opened or
 *   the domains cannot be listed ("cannot connect to 'URI': <libvirt's message>"), or
 *   %HVP_ERROR_DATA when libvirt rejects the definitions it was given (a test:// node file with a
 *   malformed domain) or a size does not fit 64 bits
 */
gboolean
hvp_libvirt_collect (const char *uri, HvpInventory *inventory, GError **error)
{
  gboolean result = libvirt_collect (uri, NULL, inventory, error);

  if (!result && error != NULL)
    hvp_error_one_line (*error);
  return result;
}

/* Largest `<vcpu>` or `<iothreads>` a test:// node file may give: libvirt 9.0.0 reads "-4" as
 * 4294967292 vCPUs and aborts allocating them, and makes one I/O thread record per `<iothreads>`
 * (100,000,000 of them: 4 GB in 20 s).  Hyper-V's own vCPU limit is 2048. */
#define TEST_NODE_MAX_VCPUS 65535

/* Largest disk index a `<target dev>` name may encode ("sdamj" is 1023) and largest drive
 * controller a disk `<address>` may name.  libvirt 9.0.0 gives a domain every drive controller
 * from 0 up to the highest one its disks use (virDomainDefAddDiskControllersForType, quadratic in
 * that number): "hdzzzzz" alone keeps it busy for minutes.  A Hyper-V VM has at most 4 SCSI
 * controllers of 64 disks and 2 IDE controllers of 2. */
#define TEST_NODE_MAX_DISK_INDEX 1023
#define TEST_NODE_MAX_DRIVE_CONTROLLER 255

/* Whether a target name such as "sdb" or "hdaa2" encodes a disk index above
 * TEST_NODE_MAX_DISK_INDEX, read as libvirt's virDiskNameToIndex() reads it: a bus prefix, then
 * letters in bijective base 26 ("a" is 0, "z" 25, "aa" 26).  Other names are libvirt's to judge. */
static gboolean
disk_name_index_too_large (const char *name)
{
  static const char *const prefixes[] = { "fd", "hd", "vd", "sd", "xvd", "ubd" };
  const char *letters = NULL;
  gint64 index = -1;

  for (guint i = 0; i < G_N_ELEMENTS (prefixes) && letters == NULL; i++)
    if (g_str_has_prefix (name, prefixes[i]))
      letters = name + strlen (prefixes[i]);
  for (; letters != NULL && *letters >= 'a' && *letters <= 'z'; letters++)
    {
      index = (index + 1) * 26 + (*letters - 'a');
      if (index > TEST_NODE_MAX_DISK_INDEX)
        return TRUE;
    }
  return FALSE;
}

/* The first failure of each of the checks of a test:// node file, found in one walk of its tree
 * (document order within each check). */
typedef struct {
  const char *redacted;
  GError *count;       /* a `<vcpu>`, `<vcpu current>` or `<iothreads>` of a domain */
  GError *disk_name;   /* a disk's `<target dev>` */
  GError *controller;  /* a disk's `<address controller|bus>` */
} NodeFileCheck;

static gboolean
element_is (const xmlNode *node, const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE && node->ns == NULL
         && xmlStrEqual (node->name, (const xmlChar *) name);
}

/* The stripped text of @node (an element or attribute). */
static char *
stripped_content (xmlNode *node)
{
  xmlChar *value = xmlNodeGetContent (node);
  char *stripped = g_strstrip (g_strdup (value != NULL ? (const char *) value : ""));

  xmlFree (value);
  return stripped;
}

/* A `<vcpu>` or `<iothreads>` count, or `<vcpu current>`, libvirt can hold. */
static void
check_count (NodeFileCheck *check, xmlNode *node)
{
  g_autofree char *stripped = NULL;
  gboolean attribute = node->type == XML_ATTRIBUTE_NODE;
  guint64 number;

  if (check->count != NULL)
    return;
  stripped = stripped_content (node);
  if (!g_ascii_string_to_unsigned (stripped, 10, 0, TEST_NODE_MAX_VCPUS, &number, NULL))
    g_set_error (&check->count, HVP_ERROR, HVP_ERROR_DATA,
                 "cannot connect to '%s': <%s%s%s> '%s' (line %ld) is not a count from 0 "
                 "to %u", check->redacted,
                 (const char *) (attribute ? node->parent->name : node->name),
                 attribute ? " " : "", attribute ? (const char *) node->name : "",
                 stripped, xmlGetLineNo (attribute ? node->parent : node), TEST_NODE_MAX_VCPUS);
}

/* A disk's `<target dev>` whose index libvirt can lay out. */
static void
check_disk_name (NodeFileCheck *check, xmlAttr *dev)
{
  xmlChar *name = NULL;

  if (check->disk_name != NULL)
    return;
  name = xmlNodeGetContent ((xmlNode *) dev);
  if (name != NULL && disk_name_index_too_large ((const char *) name))
    g_set_error (&check->disk_name, HVP_ERROR, HVP_ERROR_DATA,
                 "cannot connect to '%s': disk target '%s' (line %ld) names a disk index "
                 "above %u", check->redacted, (const char *) name, xmlGetLineNo (dev->parent),
                 TEST_NODE_MAX_DISK_INDEX);
  xmlFree (name);
}

/* A disk's `<address controller|bus>` libvirt can lay out. */
static void
check_controller (NodeFileCheck *check, xmlAttr *attribute)
{
  g_autofree char *stripped = NULL;
  guint64 number;

  if (check->controller != NULL)
    return;
  stripped = stripped_content ((xmlNode *) attribute);
  /* libvirt reads these as decimal or 0x-hexadecimal; anything else it rejects itself. */
  if ((g_ascii_string_to_unsigned (stripped, 10, 0, G_MAXUINT64, &number, NULL)
       || (g_str_has_prefix (stripped, "0x")
           && g_ascii_string_to_unsigned (stripped + 2, 16, 0, G_MAXUINT64, &number, NULL)))
      && number > TEST_NODE_MAX_DRIVE_CONTROLLER)
    g_set_error (&check->controller, HVP_ERROR, HVP_ERROR_DATA,
                 "cannot connect to '%s': disk address %s '%s' (line %ld) is above %u",
                 check->redacted, (const char *) attribute->name, stripped,
                 xmlGetLineNo (attribute->parent), TEST_NODE_MAX_DRIVE_CONTROLLER);
}

/* Checks @element, then its attributes, then its children (document order): a domain's
 * `<vcpu>` (and its current) and `<iothreads>`, a disk's `<target dev>` and `<address>`.  The
 * tree is at most 256 deep (parse_xml_length()). */
static void
walk_node_file (NodeFileCheck *check, xmlNode *element)
{
  gboolean in_domain = element_is (element->parent, "domain");
  gboolean in_disk = element_is (element->parent, "disk");

  if (in_domain && (element_is (element, "vcpu") || element_is (element, "iothreads")))
    check_count (check, element);
  for (xmlAttr *attribute = element->properties; attribute != NULL; attribute = attribute->next)
    {
      if (attribute->ns != NULL)
        continue;
      if (in_domain && element_is (element, "vcpu")
          && xmlStrEqual (attribute->name, (const xmlChar *) "current"))
        check_count (check, (xmlNode *) attribute);
      else if (in_disk && element_is (element, "target")
               && xmlStrEqual (attribute->name, (const xmlChar *) "dev"))
        check_disk_name (check, attribute);
      else if (in_disk && element_is (element, "address")
               && (xmlStrEqual (attribute->name, (const xmlChar *) "controller")
                   || xmlStrEqual (attribute->name, (const xmlChar *) "bus")))
        check_controller (check, attribute);
    }
  for (xmlNode *child = element->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE)
      walk_node_file (check, child);
}

/* A test:// node file is input like any other file: before libvirt parses it, it is checked
 * here within the input size limit, well-formed, without a DOCTYPE (no entity reaches libvirt's
 * parser), with `<vcpu>` counts libvirt can hold and disk addresses it can lay out: read once,
 * parsed once, walked once (the counts are reported first, then disk names, then addresses). */
static gboolean
check_test_node_file (const char *source, const HvpCollectOptions *options, GError **error)
{
  g_autofree char *path = test_node_file_path (source);
  g_autofree char *text = NULL;
  g_autoptr (xmlDoc) document = NULL;
  g_autofree char *redacted = NULL;
  NodeFileCheck check = { 0 };
  gsize length = 0;

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return TRUE; /* not a node file: libvirt and hvp_libvirt_collect() report what is wrong */
  redacted = hvp_uri_without_secrets (source, NULL);
  if (!hvp_read_input_file (path, options, &text, &length, error))
    return FALSE;
  document = parse_xml_length (text, length);
  if (document == NULL || xmlDocGetRootElement (document) == NULL)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "cannot connect to '%s': the node file is not well-formed XML, is nested "
                   "deeper than 256 elements, or has a DOCTYPE", redacted);
      return FALSE;
    }
  check.redacted = redacted;
  walk_node_file (&check, xmlDocGetRootElement (document));
  if (check.count != NULL)
    g_propagate_error (error, g_steal_pointer (&check.count));
  else if (check.disk_name != NULL)
    g_propagate_error (error, g_steal_pointer (&check.disk_name));
  else if (check.controller != NULL)
    g_propagate_error (error, g_steal_pointer (&check.controller));
  else
    return TRUE;
  g_clear_error (&check.disk_name);
  g_clear_error (&check.controller);
  return FALSE;
}

static gboolean
collect (const char *source, const HvpCollectOptions *options, HvpInventory *inventory,
         GError **error)
{
  if (!check_test_node_file (source, options, error))
    {
      hvp_error_one_line (*error);
      return FALSE;
    }
  /* hvp_libvirt_collect() with the options' progress function. */
  if (!libvirt_collect (source, options, inventory, error))
    {
      if (error != NULL)
        hvp_error_one_line (*error);
      return FALSE;
    }
  return TRUE;
}

/* ---- processor comparison ---- */

/* Model, vendor and required features of a `<cpu>` (NULL model when it names none). */
typedef struct {
  char *vendor;
  char *model;
} CpuSummary;

static gboolean
summarise_cpu (const char *xml, const char *side, CpuSummary *ret_summary, GError **error)
{
  g_autoptr (xmlDoc) document = parse_xml (xml);
  g_autoptr (xmlXPathContext) context = NULL;
  xmlNode *root = document != NULL ? xmlDocGetRootElement (document) : NULL;

  if (root == NULL || !xmlStrEqual (root->name, (const xmlChar *) "cpu"))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "cannot read the %s processor's cpu_xml: not a <cpu> element", side);
      return FALSE;
    }
  context = xmlXPathNewContext (document);
  ret_summary->vendor = xpath_string (context, root, "vendor");
  ret_summary->model = xpath_string (context, root, "model");
  return TRUE;
}

/* read_document() on a `<domain>`: one VM of @collection's host. */
static gboolean
read_document_domain (Collection *collection, const char *text, gsize length, GHashTable *bridges,
                      GError **error)
{
  HvpVm *vm = read_domain_document (collection, NULL, text, length, bridges, error);

  if (vm == NULL)
    return FALSE;
  g_ptr_array_add (collection->host->vms, vm);
  hvp_host_link_disks (collection->host);
  return TRUE;
}

/* read_document() on a `<domainsnapshot>`: a snapshot of the VM "snapshot-owner" (made if the
 * host has none), its snapshots linked again, each problem a warning. */
static gboolean
read_document_snapshot (Collection *collection, const char *name, const char *text, gsize length,
                        GError **error)
{
  HvpVm *vm = hvp_host_find_vm (collection->host, "snapshot-owner");
  g_autoptr (GPtrArray) problems = NULL;
  const char *snapshot_name = NULL;

  if (vm == NULL)
    {
      vm = hvp_vm_new (NULL, "snapshot-owner");
      g_ptr_array_add (collection->host->vms, vm);
    }
  if (!read_snapshot_document (collection, vm, name, text, length, &snapshot_name, error))
    return FALSE;
  g_ptr_array_sort (vm->snapshots, compare_snapshots_by_time);
  problems = hvp_vm_link_snapshots (vm);
  for (guint i = 0; i < problems->len; i++)
    hvp_inventory_add_warning (collection->inventory, name, "snapshot-owner", "%s",
                               (const char *) g_ptr_array_index (problems, i));
  return TRUE;
}

/* read_document() on a `<cpu>`: only checked. */
static gboolean
read_document_cpu (const char *text, gsize length, GError **error)
{
  g_autofree char *xml = g_strndup (text, length);
  CpuSummary summary = { 0 };

  if (!summarise_cpu (xml, "source", &summary, error))
    return FALSE;
  g_free (summary.vendor);
  g_free (summary.model);
  return TRUE;
}

static gboolean
read_document (const char *name, const char *text, gsize length,
               HvpInventory *inventory, GError **error)
{
  g_autoptr (xmlDoc) document = NULL;
  g_autoptr (GHashTable) bridges = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  Collection collection = { 0 };
  const char *root_name;
  xmlNode *root;

  g_return_val_if_fail (name != NULL && inventory != NULL, FALSE);
  g_return_val_if_fail (text != NULL || length == 0, FALSE);

  ensure_libvirt_quiet (); /* the readers reset libvirt's per-thread error */
  document = parse_xml_length (text != NULL ? text : "", length);
  root = document != NULL ? xmlDocGetRootElement (document) : NULL;
  if (root == NULL)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "cannot parse '%s': not well-formed XML, or it has a DOCTYPE", name);
      return FALSE;
    }
  root_name = (const char *) root->name;
  collection.uri = name;
  collection.inventory = inventory;
  collection.host = hvp_inventory_ensure_host (inventory, name);
  if (strcmp (root_name, "domain") == 0)
    return read_document_domain (&collection, text, length, bridges, error);
  if (strcmp (root_name, "network") == 0)
    {
      if (!read_network_document (&collection, NULL, text, length, bridges))
        g_error ("a document that parsed once did not parse again");
      return TRUE;
    }
  if (strcmp (root_name, "domainsnapshot") == 0)
    return read_document_snapshot (&collection, name, text, length, error);
  if (strcmp (root_name, "capabilities") == 0)
    {
      if (!read_capabilities_document (&collection, text, length))
        g_error ("a document that parsed once did not parse again");
      return TRUE;
    }
  if (strcmp (root_name, "cpu") == 0)
    return read_document_cpu (text, length, error);
  g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
               "cannot read '%s': root element <%s> is none of <domain>, <network>, "
               "<domainsnapshot>, <capabilities>, <cpu>", name, root_name);
  return FALSE;
}

/**
 * hvp_libvirt_read_document:
 * @name: what messages call the document (a file name); also the name of the host it fills
 * @text: (array length=length): one XML document as libvirt formats it: `<domain>`,
 *   `<network>`, `<domainsnapshot>`, `<capabilities>` or `<cpu>`
 * @length: bytes in @text
 * @inventory: receives a host named @name with what the document describes (a domain as a VM, a
 *   network as a switch, a snapshot as a snapshot of a VM named "snapshot-owner", capabilities as
 *   the host processor; a `<cpu>` is only checked) and the readers' warnings
 * @error: return location for an error
 *
 * Reads one document with the readers hvp_libvirt_collect() uses, without a connection: disks
 * get no sizes (no storage pool is asked).  For the tests and fuzz targets of those readers
 * (libvirt-private.h); the collector itself reads what a connection returns.
 *
 * Error messages are one line (hvp_error_one_line()): input they quote is escaped.
 *
 * Returns: %FALSE with %HVP_ERROR_DATA when @text is not well-formed XML, has a DOCTYPE, has a
 *   root element the collector does not read, or holds a size that does not fit 64 bits
 */
gboolean
hvp_libvirt_read_document (const char *name, const char *text, gsize length,
                           HvpInventory *inventory, GError **error)
{
  gboolean result = read_document (name, text, length, inventory, error);

  if (!result && error != NULL)
    hvp_error_one_line (*error);
  return result;
}

/* The sorted required features of a baseline result, one string ("vendor|f1,f2,…"). */
static char *
baseline_features (virConnectPtr connection, const char **cpus, unsigned int count)
{
  g_autofree char *text = virConnectBaselineCPU (connection, cpus, count,
                                                 VIR_CONNECT_BASELINE_CPU_EXPAND_FEATURES);
  g_autoptr (xmlDoc) document = text != NULL ? parse_xml (text) : NULL;
  g_autoptr (xmlXPathContext) context = NULL;
  g_autoptr (xmlXPathObject) features = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *vendor = NULL;
  g_autoptr (GString) result = NULL;

  if (document == NULL)
    return NULL;
  context = xmlXPathNewContext (document);
  vendor = xpath_string (context, xmlDocGetRootElement (document), "vendor");
  features = xpath_nodes (context, xmlDocGetRootElement (document),
                          "feature[not(@policy) or @policy='require' or @policy='force']/@name");
  for (guint i = 0; i < node_count (features); i++)
    g_ptr_array_add (names, (char *) xmlNodeGetContent (features->nodesetval->nodeTab[i]));
  g_ptr_array_sort (names, compare_strings);
  result = g_string_new (vendor);
  g_string_append_c (result, '|');
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (result, "%s%s", i > 0 ? "," : "",
                            (const char *) g_ptr_array_index (names, i));
  return g_string_free (g_steal_pointer (&result), FALSE);
}

/* virConnectCompareCPU on the destination's own connection; FALSE when it cannot decide. */
static gboolean
compare_on_destination (const char *destination_uri, const char *source_xml,
                        HvpCpuComparison *ret_result)
{
  g_autofree char *clean = hvp_uri_without_secrets (destination_uri, NULL);
  g_autoptr (virConnect) connection = NULL;
  int result;

  ensure_libvirt_quiet ();
  connection = virConnectOpenAuth (clean, virConnectAuthPtrDefault, VIR_CONNECT_RO);
  if (connection == NULL)
    {
      g_debug ("cannot connect to the destination: %s", virGetLastErrorMessage ());
      virResetLastError ();
      return FALSE;
    }
  result = virConnectCompareCPU (connection, source_xml, 0);
  switch (result)
    {
    case VIR_CPU_COMPARE_INCOMPATIBLE:
      *ret_result = HVP_CPU_COMPARISON_INCOMPATIBLE;
      return TRUE;
    case VIR_CPU_COMPARE_IDENTICAL:
      *ret_result = HVP_CPU_COMPARISON_IDENTICAL;
      return TRUE;
    case VIR_CPU_COMPARE_SUPERSET:
      *ret_result = HVP_CPU_COMPARISON_SUPERSET;
      return TRUE;
    default:
      g_debug ("virConnectCompareCPU cannot decide: %s", virGetLastErrorMessage ());
      virResetLastError ();
      return FALSE;
    }
}

/* Baselines on test:///default: the destination covers the source when the common CPU of both
 * has every feature of the source's own baseline. */
static gboolean
compare_by_baseline (const char *source_xml, const char *destination_xml,
                     HvpCpuComparison *ret_result)
{
  g_autoptr (virConnect) connection = NULL;
  const char *source_only[] = { source_xml };
  const char *destination_only[] = { destination_xml };
  const char *both[] = { source_xml, destination_xml };
  g_autofree char *source = NULL, *destination = NULL, *common = NULL;

  ensure_libvirt_quiet ();
  connection = virConnectOpenAuth ("test:///default", virConnectAuthPtrDefault, VIR_CONNECT_RO);
  if (connection == NULL)
    return FALSE;
  source = baseline_features (connection, source_only, 1);
  destination = baseline_features (connection, destination_only, 1);
  if (source == NULL || destination == NULL)
    {
      g_debug ("virConnectBaselineCPU cannot read a processor: %s", virGetLastErrorMessage ());
      virResetLastError ();
      return FALSE;
    }
  common = baseline_features (connection, both, 2);
  if (common == NULL)
    {
      /* Both read alone, so together they have nothing in common ("CPU vendors do not match"). */
      virResetLastError ();
      *ret_result = HVP_CPU_COMPARISON_INCOMPATIBLE;
      return TRUE;
    }
  if (strcmp (common, source) != 0)
    *ret_result = HVP_CPU_COMPARISON_INCOMPATIBLE;
  else if (strcmp (source, destination) == 0)
    *ret_result = HVP_CPU_COMPARISON_IDENTICAL;
  else
    *ret_result = HVP_CPU_COMPARISON_SUPERSET;
  return TRUE;
}

/**
 * hvp_libvirt_compare_processors:
 * @source: the processor a VM's saved state was taken on
 * @destination: the processor it should resume on
 * @destination_uri: (nullable): a libvirt URI of the destination host, when it can be reached;
 *   its driver compares the source `<cpu>` with its own host CPU
 * @ret_result: (out): the verdict
 * @ret_method: (out) (transfer full): which method decided: "virConnectCompareCPU",
 *   "virConnectBaselineCPU" or "vendor/family/model"
 * @error: return location for an error
 *
 * Compares two processors the best way available (formats.md 4.3):
 * 1. virConnectCompareCPU() on @destination_uri, when given, both sides have a `<cpu>` and the
 *    driver implements it (the test and hyperv drivers do not: VIR_ERR_NO_SUPPORT);
 * 2. else, when both `<cpu>` name a model, virConnectBaselineCPU() (with
 *    %VIR_CONNECT_BASELINE_CPU_EXPAND_FEATURES) on a `test:///default` connection, which needs no
 *    daemon: the destination covers the source when the baseline of both keeps every feature of
 *    the source's own baseline; vendors that differ are incompatible;
 * 3. else CPUID identity: vendors that differ are incompatible, the same vendor, family and model
 *    are identical, anything else is unknown.
 *
 * Returns: %TRUE with @ret_result and @ret_method set; %FALSE with %HVP_ERROR_DATA when a
 *   `cpu_xml` is not a `<cpu>` element
 */
gboolean
hvp_libvirt_compare_processors (const HvpProcessor *source, const HvpProcessor *destination,
                                const char *destination_uri, HvpCpuComparison *ret_result,
                                char **ret_method, GError **error)
{
  CpuSummary source_cpu = { 0 }, destination_cpu = { 0 };
  HvpCpuComparison result = HVP_CPU_COMPARISON_UNKNOWN;
  const char *method = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (source != NULL && destination != NULL, FALSE);

  if (source->cpu_xml != NULL && destination->cpu_xml != NULL)
    ok = summarise_cpu (source->cpu_xml, "source", &source_cpu, error)
         && summarise_cpu (destination->cpu_xml, "destination", &destination_cpu, error);
  if (ok && source_cpu.model != NULL && destination_cpu.model != NULL)
    {
      if (destination_uri != NULL
          && compare_on_destination (destination_uri, source->cpu_xml, &result))
        method = "virConnectCompareCPU";
      else if (compare_by_baseline (source->cpu_xml, destination->cpu_xml, &result))
        method = "virConnectBaselineCPU";
    }
  g_free (source_cpu.vendor);
  g_free (source_cpu.model);
  g_free (destination_cpu.vendor);
  g_free (destination_cpu.model);
  if (!ok)
    return FALSE;
  if (method == NULL)
    {
      result = hvp_processor_compare_by_identity (source, destination);
      method = "vendor/family/model";
    }
  *ret_result = result;
  *ret_method = g_strdup (method);
  return TRUE;
}

/* The #HvpProcessorComparator the planner reaches through models/processor.h: no destination
 * URI is known there, so libvirt compares by baseline or CPUID identity. */
static gboolean
compare_descriptions (const HvpProcessor *source, const HvpProcessor *destination,
                      HvpCpuComparison *ret_result, char **ret_method, GError **error)
{
  return hvp_libvirt_compare_processors (source, destination, NULL, ret_result, ret_method,
                                         error);
}

/**
 * hvp_libvirt_module:
 *
 * What this file offers as the module hvplan loads for libvirt URIs and `<cpu>` comparisons
 * (collectors/libvirt/loader.c): the collector's collect function and the processor comparator.
 */
const HvpLibvirtModule hvp_libvirt_module = {
  .header = { HVP_LIBVIRT_MODULE_ABI, HVP_VERSION },
  .collect = collect,
  .compare_descriptions = compare_descriptions,
};
