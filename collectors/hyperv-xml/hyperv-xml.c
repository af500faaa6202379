/* hvplan: Hyper-V VM configuration XML (Windows Server 2008 – 2012 R2).
 *
 * Implements /work/shared/formats.md section 1 ("Hyper-V VM configuration XML"): the files of a
 * data root (1.1), the encoding and value typing (1.2), the element paths (1.3) and the device GUIDs
 * (1.4).  What the format does not say (snapshot XML, SCSI drive layout, switch types) is inferred
 * and reported as a warning; see README.md beside this file. */
#include "collectors/hyperv-xml/hyperv-xml.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "collectors/vhd/vhd.h"
#include "collectors/vmcx/vmcx.h"
#include "collectors/xml.h"

/* Device GUIDs of formats.md 1.4: a manifest entry's `device` names what the `_<instance>_` block
 * holds. */
#define IDE_CONTROLLER_DEVICE "83f8638b-8dca-4152-9eda-2ca8b33039b4"
#define SCSI_CONTROLLER_DEVICE "d422512d-2bf2-4752-809d-7b82b5fcb1b4"
#define SYNTHETIC_NIC_DEVICE "2fc216b0-d2e2-4967-9b6d-b8a5c9ca2778"
#define BIOS_DEVICE "ac6b8dc1-3257-4a70-b1b2-a9c9215659ad"

#define VIRTUAL_MACHINES_FOLDER HVP_HYPERV_XML_VMS_FOLDER
#define VIRTUAL_HARD_DISKS_FOLDER "Virtual Hard Disks"
#define SNAPSHOTS_FOLDER "Snapshots"

/* ------------------------------------------------------------------------------------------------
 * Walking the tree: children are visited directly, no XPath per field.
 */

static char *
missing_position (const HvpXmlElement *base, const char *path)
{
  g_autofree char *base_position = hvp_xml_element_position (base);

  if (base_position[0] == '\0')
    return g_strdup (path);
  return g_strdup_printf ("%s/%s", base_position, path);
}

/* Upper case, without braces: "{b57a8519-…}" → "B57A8519-…". */
static char *
guid_normalize (const char *text)
{
  gsize length = strlen (text);

  if (length >= 2 && text[0] == '{' && text[length - 1] == '}')
    return g_ascii_strup (text + 1, (gssize) length - 2);
  return g_ascii_strup (text, (gssize) length);
}

static gboolean
looks_like_guid (const char *text)
{
  static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";

  for (gsize i = 0; i < sizeof shape - 1; i++)
    {
      if (text[i] == '\0')
        return FALSE;
      if (shape[i] == '-' ? text[i] != '-' : !g_ascii_isxdigit (text[i]))
        return FALSE;
    }
  return TRUE;
}

/* The last GUID written anywhere in @text ("Microsoft:{…}", a WMI path, a bare GUID), upper case. */
static char *
guid_find_last (const char *text)
{
  const gsize guid_length = 36;
  gsize length = strlen (text);

  for (gsize i = length >= guid_length ? length - guid_length + 1 : 0; i > 0; i--)
    if (looks_like_guid (text + i - 1))
      return g_ascii_strup (text + i - 1, (gssize) guid_length);
  return NULL;
}

static gboolean
has_suffix_nocase (const char *name, const char *suffix)
{
  gsize name_length = strlen (name);
  gsize suffix_length = strlen (suffix);

  return name_length >= suffix_length
         && g_ascii_strcasecmp (name + name_length - suffix_length, suffix) == 0;
}

/* "controller1" with prefix "controller" → 1. */
static gboolean
parse_numbered_name (const HvpXmlElement *node, const char *prefix, guint *ret_number)
{
  gsize prefix_length = strlen (prefix);
  const char *name = (const char *) node->name;
  guint64 number;

  if (strncmp (name, prefix, prefix_length) != 0
      || !g_ascii_isdigit (name[prefix_length]))
    return FALSE;
  if (!g_ascii_string_to_unsigned (name + prefix_length, 10, 0, G_MAXUINT, &number, NULL))
    return FALSE;
  *ret_number = (guint) number;
  return TRUE;
}

/* ------------------------------------------------------------------------------------------------
 * Typed values (formats.md 1.2): every leaf carries type="string" | "integer" | "bool" | "bytes".
 */

/* Reads one configuration file; @tolerant (snapshot files, whose schema has no public sample)
 * turns unreadable values into warnings instead of errors. */
typedef struct {
  const char *file;
  HvpInventory *inventory;
  gboolean tolerant;
} Reader;

/* Reports a bad value: an error, or in a tolerant reader a warning (and the value counts as
 * absent). */
static gboolean G_GNUC_PRINTF (4, 5)
reader_fail (const Reader *reader, const HvpXmlElement *node, GError **error, const char *format, ...)
{
  g_autofree char *position = hvp_xml_element_position (node);
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (reader->tolerant)
    {
      hvp_inventory_add_warning (reader->inventory, reader->file, position,
                                 "%s (line %ld): ignored", message, (long) node->line);
      return TRUE;
    }
  g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "'%s': %s: %s (line %ld)", reader->file,
               position, message, (long) node->line);
  return FALSE;
}

/* The trimmed string at @path, or NULL when the element is absent. */
static char *
read_string (HvpXmlElement *base, const char *path)
{
  HvpXmlElement *node = hvp_xml_element_find (base, path);

  return node != NULL ? hvp_xml_element_text (node) : NULL;
}

/* Like read_string(), but an empty string is NULL too. */
static char *
read_nonempty_string (HvpXmlElement *base, const char *path)
{
  g_autofree char *text = read_string (base, path);

  if (text == NULL || text[0] == '\0')
    return NULL;
  return g_steal_pointer (&text);
}

/* An optional '-' and decimal digits: an integer, whatever its size. */
static gboolean
is_decimal (const char *text)
{
  const char *digits = text[0] == '-' ? text + 1 : text;

  return digits[0] != '\0' && strspn (digits, "0123456789") == strlen (digits);
}

/* An unsigned integer in [0, @max] at @path; *@ret_present is FALSE when the element is absent
 * (or, in a tolerant reader, unreadable). */
static gboolean
read_unsigned (const Reader *reader, HvpXmlElement *base, const char *path, guint64 max,
               gboolean *ret_present, guint64 *ret_value, GError **error)
{
  HvpXmlElement *node = hvp_xml_element_find (base, path);
  g_autofree char *text = NULL;
  guint64 value;

  *ret_present = FALSE;
  if (node == NULL)
    return TRUE;
  text = hvp_xml_element_text (node);
  if (g_ascii_string_to_unsigned (text, 10, 0, max, &value, NULL))
    {
      *ret_present = TRUE;
      *ret_value = value;
      return TRUE;
    }
  if (is_decimal (text))
    return reader_fail (reader, node, error,
                        "'%s' is out of range (0 to %" G_GUINT64_FORMAT ")", text, max);
  return reader_fail (reader, node, error, "'%s' is not an integer", text);
}

/* A bool ("True" / "False") at @path; *@ret_present as for read_unsigned(). */
static gboolean
read_bool (const Reader *reader, HvpXmlElement *base, const char *path, gboolean *ret_present,
           gboolean *ret_value, GError **error)
{
  HvpXmlElement *node = hvp_xml_element_find (base, path);
  g_autofree char *text = NULL;

  *ret_present = FALSE;
  if (node == NULL)
    return TRUE;
  text = hvp_xml_element_text (node);
  if (g_ascii_strcasecmp (text, "True") == 0 || g_ascii_strcasecmp (text, "False") == 0)
    {
      *ret_present = TRUE;
      *ret_value = g_ascii_strcasecmp (text, "True") == 0;
      return TRUE;
    }
  return reader_fail (reader, node, error, "'%s' is not a bool (True or False)", text);
}

/* A size in MB at @path, converted to bytes. */
static gboolean
read_megabytes (const Reader *reader, HvpXmlElement *base, const char *path, gboolean *ret_present,
                guint64 *ret_bytes, GError **error)
{
  gboolean present;
  guint64 megabytes;
  guint64 bytes;

  *ret_present = FALSE;
  if (!read_unsigned (reader, base, path, G_MAXUINT64, &present, &megabytes, error))
    return FALSE;
  if (!present)
    return TRUE;
  if (!hvp_mul_uint64 (megabytes, HVP_MIB, &bytes))
    return reader_fail (reader, hvp_xml_element_find (base, path), error,
                        "%" G_GUINT64_FORMAT " MB does not fit in 64 bits of bytes", megabytes);
  if (bytes > HVP_BYTES_MAX)
    return reader_fail (reader, hvp_xml_element_find (base, path), error,
                        "%" G_GUINT64_FORMAT " MB is more than 2^53 - 1 bytes (8 PiB)",
                        megabytes);
  *ret_bytes = bytes;
  *ret_present = TRUE;
  return TRUE;
}

/* A required value is missing: an error, or a warning in a tolerant reader. */
static gboolean
reader_missing (const Reader *reader, HvpXmlElement *base, const char *path, const char *what,
                GError **error)
{
  g_autofree char *position = missing_position (base, path);

  if (reader->tolerant)
    {
      hvp_inventory_add_warning (reader->inventory, reader->file, position,
                                 "%s is not recorded", what);
      return TRUE;
    }
  g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "'%s': %s: %s is not recorded", reader->file,
               position, what);
  return FALSE;
}

/* ------------------------------------------------------------------------------------------------
 * One configuration: a VM (`Virtual Machines\<GUID>.xml`) or a snapshot (`Snapshots\<GUID>.xml`,
 * read as a copy of a VM configuration).
 */

typedef struct {
  HvpVm *vm;              /* the configuration's values, as a VM */
  char *logical_id;       /* settings/global/logical_id, upper case (the VM a snapshot belongs to) */
  char *parent_id;        /* snapshots: the parent snapshot, inferred (see read_snapshot_links()) */
  gint64 creation_time;   /* properties/creation_time, Unix seconds; 0 when unknown */
  guint64 snapshot_count; /* global_settings/snapshots/list/size */
  GPtrArray *snapshot_ids; /* GUIDs written below global_settings/snapshots (inferred) */
} Configuration;

static void
configuration_free (Configuration *config)
{
  if (config == NULL)
    return;
  hvp_vm_free (config->vm);
  g_free (config->logical_id);
  g_free (config->parent_id);
  g_ptr_array_unref (config->snapshot_ids);
  g_free (config);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Configuration, configuration_free)

/* The `_<guid>_` block named by a manifest instance GUID (element names are lower case,
 * manifest instances upper case: compared without regard to case). */
static HvpXmlElement *
find_device_block (HvpXmlElement *root, const char *instance)
{
  gsize length = strlen (instance);

  for (HvpXmlElement *child = root->children; child != NULL; child = child->next)
    {
      const char *name = (const char *) child->name;

      if (name[0] == '_' && strlen (name) == length + 2
          && name[length + 1] == '_' && g_ascii_strncasecmp (name + 1, instance, length) == 0)
        return child;
    }
  return NULL;
}

/* properties/creation_time: base64 of an 8-byte little-endian FILETIME (formats.md 1.2). */
static gint64
read_creation_time (const Reader *reader, HvpXmlElement *root)
{
  g_autofree char *text = read_nonempty_string (root, "properties/creation_time");
  g_autofree guchar *bytes = NULL;
  gsize length = 0;
  guint64 filetime = 0;

  if (text == NULL)
    return 0;
  bytes = g_base64_decode (text, &length);
  if (length != 8)
    {
      hvp_inventory_add_warning (reader->inventory, reader->file, "properties/creation_time",
                                 "'%s' is not a base64 FILETIME: creation time unknown", text);
      return 0;
    }
  for (guint i = 8; i > 0; i--)
    filetime = (filetime << 8) | bytes[i - 1];
  return hvp_filetime_to_unix (filetime);
}

/* properties: name, id, generation, configuration version. */
static gboolean
read_properties (const Reader *reader, HvpXmlElement *root, Configuration *config, GError **error)
{
  HvpVm *vm = config->vm;
  gboolean present;
  guint64 value;
  gboolean version_present;
  guint64 version = 0;
  char *id;

  vm->name = read_nonempty_string (root, "properties/name");
  id = read_nonempty_string (root, "properties/global_id");
  if (id == NULL)
    id = read_nonempty_string (root, "settings/global/logical_id");
  if (id != NULL)
    {
      vm->id = guid_normalize (id);
      g_free (id);
    }
  id = read_nonempty_string (root, "settings/global/logical_id");
  if (id != NULL)
    {
      config->logical_id = guid_normalize (id);
      g_free (id);
    }

  if (!read_unsigned (reader, root, "properties/version", G_MAXUINT32, &version_present, &version,
                      error))
    return FALSE;
  if (version_present)
    vm->configuration_version = g_strdup_printf ("%u.%u", (guint) (version >> 8),
                                                 (guint) (version & 0xFF));

  if (!read_unsigned (reader, root, "properties/subtype", G_MAXUINT32, &present, &value, error))
    return FALSE;
  if (present && value <= 1)
    vm->generation = (guint) value + 1;
  else if (present)
    hvp_inventory_add_warning (reader->inventory, reader->file, "properties/subtype",
                               "subtype %" G_GUINT64_FORMAT " is no known generation", value);
  else if (version_present && version < 0x0500)
    vm->generation = 1; /* Generation 2 needs configuration version 5.0 (2012 R2) */
  else
    hvp_inventory_add_warning (reader->inventory, reader->file, "properties/subtype",
                               "generation is not recorded");
  config->creation_time = read_creation_time (reader, root);
  return TRUE;
}

/* settings/memory/bank and settings/processors. */
static gboolean
read_settings (const Reader *reader, HvpXmlElement *root, Configuration *config, GError **error)
{
  HvpVm *vm = config->vm;
  HvpXmlElement *bank = hvp_xml_element_find (root, "settings/memory/bank");
  gboolean present;
  guint64 value;
  gboolean flag;

  if (bank == NULL)
    {
      if (!reader_missing (reader, root, "settings/memory/bank/size", "memory size", error))
        return FALSE;
    }
  else
    {
      if (!read_megabytes (reader, bank, "size", &present, &vm->memory.startup_bytes, error))
        return FALSE;
      if (!present && !reader_missing (reader, bank, "size", "memory size", error))
        return FALSE;
      if (!read_bool (reader, bank, "dynamic_memory_enabled", &present, &flag, error))
        return FALSE;
      vm->memory.dynamic = present && flag;
      if (vm->memory.dynamic)
        {
          if (!read_megabytes (reader, bank, "reservation", &present, &vm->memory.minimum_bytes,
                               error))
            return FALSE;
          if (!present && !reader_missing (reader, bank, "reservation", "dynamic memory minimum",
                                           error))
            return FALSE;
          if (!read_megabytes (reader, bank, "limit", &present, &vm->memory.maximum_bytes, error))
            return FALSE;
          if (!present && !reader_missing (reader, bank, "limit", "dynamic memory maximum", error))
            return FALSE;
        }
    }

  if (!read_unsigned (reader, root, "settings/processors/count", G_MAXUINT, &present, &value,
                      error))
    return FALSE;
  if (present && value == 0)
    {
      g_autoptr (GError) zero = NULL;

      hvp_vm_refuse_zero_vcpus (&zero);
      return reader_fail (reader, hvp_xml_element_find (root, "settings/processors/count"), error, "%s",
                          zero->message);
    }
  if (present)
    vm->vcpus = (guint) value;
  else if (!reader_missing (reader, root, "settings/processors/count", "vCPU count", error))
    return FALSE;
  if (!read_bool (reader, root, "settings/processors/features/limit", &present, &flag, error))
    return FALSE;
  vm->processor_compatibility = present && flag;
  return TRUE;
}

/* The drives of one controller block: IDE `controller{0,1}/drive{0,1}`, SCSI `controller0/driveN`
 * (formats.md 1.3). */
static void
read_controller_block (const Reader *reader, HvpXmlElement *block, HvpControllerType controller_type,
                       guint scsi_number, GPtrArray *drives)
{
  for (HvpXmlElement *controller = block->children; controller != NULL; controller = controller->next)
    {
      guint controller_number;

      if (!parse_numbered_name (controller, "controller", &controller_number))
        continue;
      if (controller_type == HVP_CONTROLLER_TYPE_SCSI)
        {
          if (controller_number != 0)
            {
              g_autofree char *position = hvp_xml_element_position (controller);

              hvp_inventory_add_warning (reader->inventory, reader->file, position,
                                         "SCSI controller block holds '%s' (only controller0 "
                                         "seen): its drives are read as SCSI controller %u",
                                         (const char *) controller->name, scsi_number);
            }
          controller_number = scsi_number;
        }
      for (HvpXmlElement *drive = controller->children; drive != NULL; drive = drive->next)
        {
          g_autofree char *type = NULL;
          g_autofree char *pathname = NULL;
          g_autofree char *position = NULL;
          guint location;

          if (!parse_numbered_name (drive, "drive", &location))
            continue;
          type = read_string (drive, "type");
          pathname = read_nonempty_string (drive, "pathname");
          if (type != NULL
              && (g_ascii_strcasecmp (type, "ISO") == 0 || g_ascii_strcasecmp (type, "NONE") == 0
                  || g_ascii_strcasecmp (type, "VFD") == 0))
            continue;
          position = hvp_xml_element_position (drive);
          if (type == NULL || type[0] == '\0')
            {
              if (pathname == NULL)
                continue;
              if (!has_suffix_nocase (pathname, ".vhd") && !has_suffix_nocase (pathname, ".vhdx")
                  && !has_suffix_nocase (pathname, ".avhd")
                  && !has_suffix_nocase (pathname, ".avhdx"))
                {
                  hvp_inventory_add_warning (reader->inventory, reader->file, position,
                                             "drive without a type attaches '%s': not read",
                                             pathname);
                  continue;
                }
              hvp_inventory_add_warning (reader->inventory, reader->file, position,
                                         "drive without a type attaches '%s': read as a hard "
                                         "disk from its extension", pathname);
            }
          else if (g_ascii_strcasecmp (type, "VHD") != 0)
            {
              hvp_inventory_add_warning (reader->inventory, reader->file, position,
                                         "drive type '%s' (pass-through disk?) is not read%s%s%s",
                                         type, pathname != NULL ? ": '" : "",
                                         pathname != NULL ? pathname : "",
                                         pathname != NULL ? "'" : "");
              continue;
            }
          if (pathname == NULL)
            {
              hvp_inventory_add_warning (reader->inventory, reader->file, position,
                                         "hard disk drive has no file");
              continue;
            }
          g_ptr_array_add (drives, hvp_drive_new (controller_type, controller_number, location,
                                                  pathname));
        }
    }
}

/* A synthetic network adapter block (formats.md 1.3: FriendlyName, MacAddress, IsConnected,
 * SwitchName = switch GUID, Connection/AltSwitchName = switch name). */
static gboolean
read_adapter (const Reader *reader, HvpXmlElement *block, GPtrArray *adapters, GError **error)
{
  g_autofree char *name = read_nonempty_string (block, "FriendlyName");
  g_autofree char *mac = read_nonempty_string (block, "MacAddress");
  g_autofree char *switch_id = read_nonempty_string (block, "SwitchName");
  g_autoptr (HvpAdapter) adapter = hvp_adapter_new (name != NULL ? name : "Network Adapter");
  gboolean present;
  gboolean is_connected;

  if (!read_bool (reader, block, "IsConnected", &present, &is_connected, error))
    return FALSE;
  /* MacAddressIsStatic (formats.md 1.3, V): only "static" is recorded, a dynamic MAC being the
   * default (so documents that do not say stay as they were). */
  {
    gboolean static_present, is_static;

    if (!read_bool (reader, block, "MacAddressIsStatic", &static_present, &is_static, error))
      return FALSE;
    if (static_present && is_static)
      adapter->static_mac = HVP_TRISTATE_YES;
  }
  if (mac != NULL)
    {
      adapter->mac = hvp_mac_normalize (mac);
      if (adapter->mac == NULL)
        {
          g_autofree char *position = missing_position (block, "MacAddress");

          hvp_inventory_add_warning (reader->inventory, reader->file, position,
                                     "'%s' is not a MAC address", mac);
        }
    }
  if (switch_id != NULL)
    adapter->switch_id = guid_normalize (switch_id);
  adapter->switch_name = read_nonempty_string (block, "Connection/AltSwitchName");
  adapter->connected = (!present || is_connected)
                       && (adapter->switch_id != NULL || adapter->switch_name != NULL);
  g_ptr_array_add (adapters, g_steal_pointer (&adapter));
  return TRUE;
}

/* The firmware block `_ac6b8dc1-..._/secure_boot_enabled` (formats.md 1.3, V) of a generation 2
 * VM (generation 1 has no Secure Boot: left unknown).  Windows Server 2012 R2, the only host that
 * writes generation 2 in this format, offers the MicrosoftWindows template only
 * (planner/checks/compatibility-rules.c), so an enabled Secure Boot of a 5.0 configuration uses
 * it. */
static gboolean
read_firmware (const Reader *reader, HvpXmlElement *root, Configuration *config, GError **error)
{
  HvpVm *vm = config->vm;
  HvpXmlElement *bios = find_device_block (root, BIOS_DEVICE);
  gboolean present, enabled;

  if (bios == NULL || vm->generation != 2)
    return TRUE;
  if (!read_bool (reader, bios, "secure_boot_enabled", &present, &enabled, error))
    return FALSE;
  if (!present)
    return TRUE;
  vm->secure_boot = HVP_TRISTATE_FROM_BOOL (enabled);
  if (enabled && g_strcmp0 (vm->configuration_version, "5.0") == 0)
    vm->secure_boot_template = g_strdup ("MicrosoftWindows");
  return TRUE;
}

/* The controllers and adapters: the IDE block by its fixed GUID, then every manifest entry
 * (formats.md 1.4 rule: a `device` GUID names the kind, `_<instance>_` the block). */
static gboolean
read_devices (const Reader *reader, HvpXmlElement *root, Configuration *config, GError **error)
{
  HvpVm *vm = config->vm;
  HvpXmlElement *manifest = hvp_xml_element_find (root, "manifest");
  HvpXmlElement *ide = find_device_block (root, IDE_CONTROLLER_DEVICE);
  guint scsi_count = 0;

  if (ide != NULL)
    read_controller_block (reader, ide, HVP_CONTROLLER_TYPE_IDE, 0, vm->drives);
  if (manifest == NULL)
    {
      hvp_inventory_add_warning (reader->inventory, reader->file, "manifest",
                                 "no manifest: SCSI controllers and network adapters not read");
      return TRUE;
    }
  for (HvpXmlElement *entry = manifest->children; entry != NULL; entry = entry->next)
    {
      g_autofree char *device = NULL;
      g_autofree char *instance = NULL;
      g_autofree char *name = NULL;
      g_autofree char *position = NULL;
      HvpXmlElement *block;
      guint number;

      if (!parse_numbered_name (entry, "vdev", &number))
        continue;
      device = read_nonempty_string (entry, "device");
      instance = read_nonempty_string (entry, "instance");
      name = read_nonempty_string (entry, "name");
      if (device == NULL || instance == NULL)
        continue;
      block = find_device_block (root, instance);
      if (g_ascii_strcasecmp (device, SCSI_CONTROLLER_DEVICE) == 0)
        {
          /* SCSI controllers are numbered in manifest order (inferred). */
          guint scsi_number = scsi_count++;

          if (block != NULL)
            read_controller_block (reader, block, HVP_CONTROLLER_TYPE_SCSI, scsi_number,
                                   vm->drives);
        }
      else if (g_ascii_strcasecmp (device, IDE_CONTROLLER_DEVICE) == 0)
        {
          if (block != NULL && block != ide)
            read_controller_block (reader, block, HVP_CONTROLLER_TYPE_IDE, 0, vm->drives);
        }
      else if (g_ascii_strcasecmp (device, SYNTHETIC_NIC_DEVICE) == 0)
        {
          if (block == NULL)
            {
              position = hvp_xml_element_position (entry);
              hvp_inventory_add_warning (reader->inventory, reader->file, position,
                                         "network adapter '%s' has no block '_%s_': not read",
                                         instance, instance);
              continue;
            }
          if (!read_adapter (reader, block, vm->adapters, error))
            return FALSE;
        }
      else if (name != NULL && (strstr (name, "Ethernet") != NULL || strstr (name, "Network") != NULL
                                || strstr (name, "Legacy") != NULL))
        {
          /* The legacy (emulated) network adapter's layout is unknown (formats.md 1.3). */
          position = hvp_xml_element_position (entry);
          hvp_inventory_add_warning (reader->inventory, reader->file, position,
                                     "'%s' (device %s) looks like a legacy network adapter: not "
                                     "read, its layout is unknown", name, device);
        }
    }
  return TRUE;
}

/* global_settings/snapshots: the snapshot count (V) and any GUID written below it (inferred to
 * name the VM's snapshots: the list's item layout has no public sample). */
static gboolean
read_snapshot_list (const Reader *reader, HvpXmlElement *root, Configuration *config, GError **error)
{
  HvpXmlElement *snapshots = hvp_xml_element_find (root, "global_settings/snapshots");
  g_autoptr (GPtrArray) stack = g_ptr_array_new ();
  gboolean present;

  if (snapshots == NULL)
    return TRUE;
  if (!read_unsigned (reader, snapshots, "list/size", G_MAXUINT64, &present,
                      &config->snapshot_count, error))
    return FALSE;
  g_ptr_array_add (stack, snapshots);
  while (stack->len > 0)
    {
      HvpXmlElement *node = g_ptr_array_steal_index (stack, stack->len - 1);
      gboolean leaf = TRUE;

      for (HvpXmlElement *child = node->children; child != NULL; child = child->next)
        {
          g_ptr_array_add (stack, child);
          leaf = FALSE;
        }
      if (leaf && node != snapshots)
        {
          g_autofree char *text = hvp_xml_element_text (node);
          char *guid = guid_find_last (text);

          if (guid != NULL)
            g_ptr_array_add (config->snapshot_ids, guid);
        }
    }
  return TRUE;
}

/* A snapshot's parent: no public snapshot XML shows it (formats.md 1.6).  Inferred from WMI
 * Msvm_VirtualSystemSettingData.Parent, whose XML spelling would follow the other properties:
 * the first of these leaves that holds a GUID. */
static const char *const parent_paths[] = {
  "properties/parent",
  "properties/parent_id",
  "properties/parent_snapshot",
  "properties/parent_snapshot_id",
  "global_settings/snapshots/parent",
  "global_settings/snapshots/parent_id",
};

static void
read_snapshot_parent (HvpXmlElement *root, Configuration *config)
{
  for (gsize i = 0; i < G_N_ELEMENTS (parent_paths) && config->parent_id == NULL; i++)
    {
      g_autofree char *text = read_nonempty_string (root, parent_paths[i]);

      if (text != NULL)
        config->parent_id = guid_find_last (text);
    }
}

/* One thread's parser: the libxml2 stream context and the element tree it fills, both reused
 * file after file. */
#define PARSER_MAX_NAMES 4096

typedef struct {
  xmlParserCtxt *context;
  HvpXmlTree *tree;
} Parser;

static Parser *
parser_new (void)
{
  Parser *parser = g_new0 (Parser, 1);

  parser->context = hvp_xml_stream_context_new ();
  parser->tree = hvp_xml_tree_new ();
  return parser;
}

static void
parser_free (Parser *parser)
{
  if (parser == NULL)
    return;
  xmlFreeParserCtxt (parser->context);
  hvp_xml_tree_free (parser->tree);
  g_free (parser);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Parser, parser_free)

/* The element tree of one configuration file held in memory: the XML streamed
 * (hvp_xml_parse_tree()), or the key tree of a binary `.vmcx` (Windows Server 2016 and later)
 * walked (hvp_vmcx_to_tree()): two producers of the same enter / text / leave events, one
 * mapping.  The tree stays in @parser until its next file. */
static gboolean
parse_configuration (Parser *parser, const char *file, const char *text, gsize length,
                     HvpInventory *inventory, GError **error)
{
  g_autoptr (HvpVmcx) vmcx = NULL;

  if (!hvp_vmcx_sniff (text, length))
    {
      /* A context keeps every name it meets in its dictionary, and each VM names its device
       * blocks by their own GUIDs (`_<instance>_`): a fresh context after a few thousand names
       * keeps the memory of a large data root flat. */
      if (xmlDictSize (parser->context->dict) > PARSER_MAX_NAMES)
        {
          xmlFreeParserCtxt (parser->context);
          parser->context = hvp_xml_stream_context_new ();
        }
      return hvp_xml_parse_tree (parser->context, file, text, length, parser->tree, error);
    }
  vmcx = hvp_vmcx_new_from_data (file, text, length, inventory, error);
  if (vmcx == NULL)
    return FALSE;
  return hvp_vmcx_to_tree (vmcx, "configuration", parser->tree, error);
}

/* Parses one configuration file held in memory. */
static Configuration *
read_configuration (Parser *parser, const char *file, const char *text, gsize length,
                    HvpInventory *inventory, gboolean snapshot, GError **error)
{
  const Reader reader = { .file = file, .inventory = inventory, .tolerant = snapshot };
  g_autoptr (Configuration) config = NULL;
  HvpXmlElement *root;

  if (!parse_configuration (parser, file, text, length, inventory, error))
    return NULL;
  root = hvp_xml_tree_root (parser->tree);
  if (root == NULL || strcmp (root->name, "configuration") != 0)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "'%s' is not a Hyper-V virtual machine configuration", file);
      return NULL;
    }
  config = g_new0 (Configuration, 1);
  config->vm = hvp_vm_new (NULL, NULL);
  config->vm->config_path = g_strdup (file);
  config->snapshot_ids = g_ptr_array_new_with_free_func (g_free);
  if (!read_properties (&reader, root, config, error) || !read_settings (&reader, root, config, error)
      || !read_devices (&reader, root, config, error)
      || !read_firmware (&reader, root, config, error)
      || !read_snapshot_list (&reader, root, config, error))
    return NULL;
  if (snapshot)
    read_snapshot_parent (root, config);
  return g_steal_pointer (&config);
}

/* ------------------------------------------------------------------------------------------------
 * Into the host
 */

/* Adds the adapter's switch to the host unless it is there (by id, then by name).  The VM XML
 * does not say External / Internal / Private: new switches are of unknown type. */
static gboolean
host_ensure_switch (HvpHost *host, const HvpAdapter *adapter)
{
  HvpSwitch *vswitch = NULL;

  if (adapter->switch_id == NULL && adapter->switch_name == NULL)
    return FALSE;
  if (adapter->switch_id != NULL)
    vswitch = hvp_host_find_switch (host, adapter->switch_id);
  if (vswitch == NULL && adapter->switch_name != NULL)
    {
      vswitch = hvp_host_find_switch (host, adapter->switch_name);
      if (vswitch != NULL && vswitch->id != NULL && adapter->switch_id != NULL)
        vswitch = NULL; /* same name, other id: another switch */
    }
  if (vswitch != NULL)
    {
      if (vswitch->id == NULL && adapter->switch_id != NULL)
        vswitch->id = g_strdup (adapter->switch_id);
      if ((vswitch->name == NULL || g_strcmp0 (vswitch->name, vswitch->id) == 0)
          && adapter->switch_name != NULL)
        {
          g_free (vswitch->name);
          vswitch->name = g_strdup (adapter->switch_name);
        }
      return FALSE;
    }
  g_ptr_array_add (host->switches,
                   hvp_switch_new (adapter->switch_id,
                                   adapter->switch_name != NULL ? adapter->switch_name
                                                                : adapter->switch_id,
                                   HVP_SWITCH_TYPE_UNKNOWN));
  return TRUE;
}

static void
host_add_drive_disks (HvpHost *host, GPtrArray *drives)
{
  for (guint i = 0; i < drives->len; i++)
    {
      const HvpDrive *drive = g_ptr_array_index (drives, i);

      hvp_host_add_disk (host, hvp_disk_new (drive->disk_path));
    }
}

/* Moves the configuration's VM into the host, its disks into the host's table and its switches
 * into the host's list (type unknown: the planner reports each such switch). */
static HvpVm *
host_add_configuration (HvpHost *host, HvpInventory *inventory, const char *file,
                        Configuration *config)
{
  HvpVm *vm = g_steal_pointer (&config->vm);

  if (vm->name == NULL)
    {
      hvp_inventory_add_warning (inventory, file, "properties/name",
                                 "VM has no name: named by its id");
      vm->name = g_strdup (vm->id);
    }
  host_add_drive_disks (host, vm->drives);
  for (guint i = 0; i < vm->adapters->len; i++)
    host_ensure_switch (host, g_ptr_array_index (vm->adapters, i));
  g_ptr_array_add (host->vms, vm);
  return vm;
}

/* The snapshot made from a snapshot configuration; its id is the file name's GUID. */
static HvpSnapshot *
snapshot_from_configuration (const char *file, Configuration *config)
{
  g_autofree char *base = g_path_get_basename (file);
  g_autofree char *stem = NULL;
  g_autofree char *id = NULL;
  HvpSnapshot *snapshot;

  if (has_suffix_nocase (base, ".xml"))
    base[strlen (base) - 4] = '\0';
  stem = guid_find_last (base);
  id = stem != NULL ? g_strdup (stem) : guid_normalize (base);
  snapshot = hvp_snapshot_new (id, config->vm->name != NULL ? config->vm->name : id);
  snapshot->parent_id = g_steal_pointer (&config->parent_id);
  snapshot->creation_time = config->creation_time;
  snapshot->vcpus = config->vm->vcpus;
  snapshot->memory = config->vm->memory;
  g_ptr_array_extend_and_steal (snapshot->drives, g_steal_pointer (&config->vm->drives));
  config->vm->drives = g_ptr_array_new_with_free_func ((GDestroyNotify) hvp_drive_free);
  return snapshot;
}

/* The owning VM a snapshot configuration names: settings/global/logical_id when it differs from
 * the snapshot's own id (inferred: in a VM file it equals global_id, the VM's id). */
static char *
snapshot_owner_id (const Configuration *config, const HvpSnapshot *snapshot)
{
  if (config->logical_id != NULL && g_ascii_strcasecmp (config->logical_id, snapshot->id) != 0)
    return g_strdup (config->logical_id);
  return NULL;
}

static gboolean
read_vm (const char *file, const char *text, gsize length,
         HvpInventory *inventory, HvpHost *host, HvpVm **ret_vm, GError **error)
{
  g_autoptr (Parser) parser = parser_new ();
  g_autoptr (Configuration) config = NULL;
  HvpVm *vm;

  g_return_val_if_fail (file != NULL && inventory != NULL && host != NULL, FALSE);
  config = read_configuration (parser, file, text, length, inventory, FALSE, error);
  if (config == NULL)
    return FALSE;
  if (config->vm->id == NULL)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "'%s': properties/global_id: VM id is not recorded", file);
      return FALSE;
    }
  vm = host_add_configuration (host, inventory, file, config);
  if (ret_vm != NULL)
    *ret_vm = vm;
  return TRUE;
}

/**
 * hvp_hyperv_xml_read_vm:
 * @file: the file name, for messages and the VM's `config_path`
 * @text: (array length=length): the file's bytes: UTF-16LE with a BOM as Hyper-V writes it, or
 *   UTF-8 (the declared encoding is ignored)
 * @length: bytes in @text
 * @inventory: where warnings go
 * @host: the host the VM is added to
 * @ret_vm: (out) (optional) (transfer none): the VM, owned by @host
 * @error: return location for an error
 *
 * Reads one VM configuration (`Virtual Machines\<GUID>.xml`, formats.md 1.2–1.4) held in memory,
 * without touching the file system: the VM goes into @host's VMs, its hard disks into @host's disk
 * table, the switches its adapters name into @host's switches (type unknown).  The VM's state
 * stays %HVP_VM_STATE_UNKNOWN: the XML does not record it.
 *
 * Error messages are one line (hvp_error_one_line()): input they quote is escaped.
 *
 * Returns: %FALSE with %HVP_ERROR_DATA when @text is not well-formed XML, has a DOCTYPE, is not a
 *   `<configuration>`, lacks the memory size or vCPU count, or holds a value that is not of its
 *   type (the message names @file and the element path); @host is then unchanged
 */
gboolean
hvp_hyperv_xml_read_vm (const char *file, const char *text, gsize length,
                        HvpInventory *inventory, HvpHost *host, HvpVm **ret_vm, GError **error)
{
  gboolean result = read_vm (file, text, length, inventory, host, ret_vm, error);

  if (!result && error != NULL)
    hvp_error_one_line (*error);
  return result;
}

static gboolean
read_snapshot (const char *file, const char *text, gsize length,
               HvpInventory *inventory, HvpHost *host, HvpSnapshot **ret_snapshot,
               char **ret_vm_id, GError **error)
{
  g_autoptr (Parser) parser = parser_new ();
  g_autoptr (Configuration) config = NULL;
  HvpSnapshot *snapshot;

  g_return_val_if_fail (file != NULL && inventory != NULL && host != NULL, FALSE);
  g_return_val_if_fail (ret_snapshot != NULL, FALSE);
  config = read_configuration (parser, file, text, length, inventory, TRUE, error);
  if (config == NULL)
    return FALSE;
  snapshot = snapshot_from_configuration (file, config);
  host_add_drive_disks (host, snapshot->drives);
  if (ret_vm_id != NULL)
    *ret_vm_id = snapshot_owner_id (config, snapshot);
  *ret_snapshot = snapshot;
  return TRUE;
}

/**
 * hvp_hyperv_xml_read_snapshot:
 * @file: the file name (`…\Snapshots\<GUID>.xml`): its GUID is the snapshot id
 * @text: (array length=length): the file's bytes, as for hvp_hyperv_xml_read_vm()
 * @length: bytes in @text
 * @inventory: where warnings go
 * @host: the host whose disk table receives the snapshot's hard disks
 * @ret_snapshot: (out) (transfer full): the snapshot, not attached to any VM
 * @ret_vm_id: (out) (optional) (nullable) (transfer full): the VM the snapshot names as its own
 *   (`settings/global/logical_id`, inferred), or %NULL
 * @error: return location for an error
 *
 * Reads one snapshot configuration held in memory.  No public snapshot XML exists (formats.md
 * 1.6): the file is read as a copy of a VM configuration, tolerantly (a missing or unreadable
 * value is a warning, not an error); the parent comes from the first GUID in one of a few
 * candidate elements (inferred, see README.md).
 *
 * Error messages are one line (hvp_error_one_line()): input they quote is escaped.
 *
 * Returns: %FALSE with %HVP_ERROR_DATA when @text is not well-formed XML, has a DOCTYPE or is not
 *   a `<configuration>`
 */
gboolean
hvp_hyperv_xml_read_snapshot (const char *file, const char *text, gsize length,
                              HvpInventory *inventory, HvpHost *host, HvpSnapshot **ret_snapshot,
                              char **ret_vm_id, GError **error)
{
  gboolean result = read_snapshot (file, text, length, inventory, host, ret_snapshot, ret_vm_id,
                                   error);

  if (!result && error != NULL)
    hvp_error_one_line (*error);
  return result;
}

/* ------------------------------------------------------------------------------------------------
 * Probe
 */

/**
 * hvp_hyperv_xml_sniff:
 * @data: (array length=length): the first bytes of a file (2 KiB are enough)
 * @length: bytes in @data
 *
 * Tells whether @data starts an XML document whose root is `<configuration>`, after a UTF-16LE,
 * UTF-16BE or UTF-8 byte order mark.  Characters outside ASCII are not decoded: the markup that
 * decides is ASCII.
 *
 * Returns: %TRUE when it does
 */
gboolean
hvp_hyperv_xml_sniff (const char *data, gsize length)
{
  return hvp_xml_sniff_root (data, length, "configuration");
}

/* ------------------------------------------------------------------------------------------------
 * Collect: a data root or one file
 */

typedef struct {
  const char *source;
  const HvpCollectOptions *options;
  HvpInventory *inventory;
  HvpHost *host;
  Parser *parser;
  GHashTable *vms_by_id;      /* upper-case id → HvpVm (borrowed) */
  GHashTable *snapshot_owner; /* snapshot id → HvpVm that lists it (borrowed) */
  GHashTable *snapshot_count; /* HvpVm → its global_settings/snapshots/list/size (guint64 *) */
  GPtrArray *search_dirs;     /* for hvp_vhd_resolve_host() */
} Collection;

static void
collection_clear (Collection *collection)
{
  g_clear_pointer (&collection->parser, parser_free);
  g_clear_pointer (&collection->vms_by_id, g_hash_table_unref);
  g_clear_pointer (&collection->snapshot_owner, g_hash_table_unref);
  g_clear_pointer (&collection->snapshot_count, g_hash_table_unref);
  g_clear_pointer (&collection->search_dirs, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Collection, collection_clear)

static void
collection_init (Collection *collection, const char *source, const HvpCollectOptions *options,
                 HvpInventory *inventory)
{
  collection->source = source;
  collection->options = options;
  collection->inventory = inventory;
  collection->host = hvp_inventory_ensure_host (inventory, NULL);
  collection->parser = parser_new ();
  collection->vms_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  collection->snapshot_owner = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  collection->snapshot_count = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  collection->search_dirs = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < collection->host->vms->len; i++)
    {
      HvpVm *vm = g_ptr_array_index (collection->host->vms, i);

      if (vm->id != NULL)
        g_hash_table_insert (collection->vms_by_id, g_ascii_strup (vm->id, -1), vm);
    }
}

static void
collection_add_search_dir (Collection *collection, const char *dir)
{
  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    return;
  for (guint i = 0; i < collection->search_dirs->len; i++)
    if (strcmp (g_ptr_array_index (collection->search_dirs, i), dir) == 0)
      return;
  g_ptr_array_add (collection->search_dirs, g_strdup (dir));
}

/* The bytes of the .vsv / .bin files in @dir (formats.md 1.1: saved state); FALSE when there are
 * none. */
static gboolean
saved_state_bytes (const char *dir, guint64 *ret_bytes)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  const char *entry;
  gboolean found = FALSE;
  guint64 bytes = 0;

  if (handle == NULL)
    return FALSE;
  while ((entry = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf st;

      if (!has_suffix_nocase (entry, ".vsv") && !has_suffix_nocase (entry, ".bin"))
        continue;
      path = g_build_filename (dir, entry, NULL);
      if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
        continue;
      found = TRUE;
      /* A sparse file may claim up to 2^63 bytes: the total stops at the largest byte count an
       * inventory holds. */
      bytes = MIN (hvp_add_saturating (bytes, (guint64) st.st_size), HVP_BYTES_MAX);
    }
  if (found)
    *ret_bytes = bytes;
  return found;
}

/* The runtime state file `<GUID>.vmrs` beside a `<GUID>.vmcx` (Windows Server 2016 and later) is
 * a Hyper-V storage file like the configuration.  It holds a saved state when it has the key
 * `savedstate/RamMemoryBlock0`: the first memory block's metadata, which Microsoft's openvmm
 * `support/hvs_file/FORMAT.md` (Appendix A, "Minimum Required Keys") lists as required for a
 * saved state to be opened; a running or stopped VM's runtime file has no `savedstate` key.  Only
 * its tables are read, never the guest memory.  %TRUE with the file's size when it holds one; a
 * file that cannot be read is a warning and the state stays unknown. */
static gboolean
runtime_saved_state (Collection *collection, const char *config_file, guint64 *ret_bytes)
{
  g_autofree char *runtime = g_strdup (config_file);
  g_autoptr (HvpVmcx) vmcx = NULL;
  g_autoptr (GError) error = NULL;
  GStatBuf st;

  if (!has_suffix_nocase (runtime, ".vmcx"))
    return FALSE;
  memcpy (runtime + strlen (runtime) - 4, runtime[strlen (runtime) - 4] == 'V' ? "VMRS" : "vmrs",
          4);
  if (g_stat (runtime, &st) != 0)
    return FALSE;
  vmcx = hvp_vmcx_new_from_file (runtime, collection->inventory, &error);
  if (vmcx == NULL)
    {
      hvp_inventory_add_warning (collection->inventory, runtime, NULL,
                                 "runtime state not read, saved state unknown: %s",
                                 error->message);
      return FALSE;
    }
  if (!hvp_vmcx_has_key (vmcx, "savedstate/RamMemoryBlock0"))
    return FALSE;
  *ret_bytes = MIN ((guint64) st.st_size, HVP_BYTES_MAX);
  return TRUE;
}

/* `<folder>/<GUID>/` beside `<folder>/<GUID>.xml` or `<GUID>.vmcx`. */
static char *
state_folder_for (const char *file)
{
  g_autofree char *stem = g_strdup (file);

  if (has_suffix_nocase (stem, ".xml"))
    stem[strlen (stem) - 4] = '\0';
  else if (has_suffix_nocase (stem, ".vmcx"))
    stem[strlen (stem) - 5] = '\0';
  if (g_file_test (stem, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&stem);
  return NULL;
}

/* ------------------------------------------------------------------------------------------------
 * Parsing the files of a folder: on a thread pool (HvpCollectOptions.jobs), taken in file order
 */

/* One configuration file read and parsed, by a worker thread or the collection's own. */
typedef struct {
  const char *file;       /* borrowed from the folder's list */
  gint done;              /* atomic: set by the thread that parsed the file */
  gboolean directory;     /* a folder named like a VM configuration: passed over */
  gboolean skipped;       /* found but not read (recorded in @warnings) */
  Configuration *config;  /* NULL when skipped or failed */
  HvpInventory *warnings; /* what parsing recorded, moved into the inventory in file order */
  GError *error;
} Parsed;

static void
parsed_clear (Parsed *parsed)
{
  g_clear_pointer (&parsed->config, configuration_free);
  g_clear_pointer (&parsed->warnings, hvp_inventory_free);
  g_clear_error (&parsed->error);
}

/* Reads and parses @parsed->file with @parser, touching nothing but @parsed (thread-safe).  A
 * `.vmcx` that is no Hyper-V storage file, or whose container version is not known, is recorded
 * as found but not read (hvp_inventory_add_unread(): no plan passes over it); any other fault is
 * an error, as for the XML (a VM must not be lost silently).  VM folders (not @snapshot) may hold
 * a folder named like a configuration, which is passed over. */
static void
parse_file (Parser *parser, const HvpCollectOptions *options, gboolean snapshot, Parsed *parsed)
{
  g_autofree char *text = NULL;
  g_autoptr (GError) local_error = NULL;
  gsize length;

  parsed->warnings = hvp_inventory_new ();
  if (!hvp_read_input_file (parsed->file, options, &text, &length, &parsed->error))
    {
      /* Asked only once reading failed: one stat(2) per file fewer. */
      if (!snapshot && g_file_test (parsed->file, G_FILE_TEST_IS_DIR))
        {
          parsed->directory = TRUE;
          g_clear_error (&parsed->error);
        }
      return;
    }
  if (has_suffix_nocase (parsed->file, ".vmcx") && !hvp_vmcx_sniff (text, length))
    {
      hvp_inventory_add_unread (parsed->warnings, parsed->file, NULL,
                                "no Hyper-V storage file signature (0x01282014): not read");
      parsed->skipped = TRUE;
      return;
    }
  parsed->config = read_configuration (parser, parsed->file, text, length, parsed->warnings,
                                       snapshot, &local_error);
  if (parsed->config == NULL && g_error_matches (local_error, HVP_ERROR, HVP_ERROR_UNSUPPORTED))
    {
      hvp_inventory_add_unread (parsed->warnings, parsed->file, NULL, "%s",
                                local_error->message);
      parsed->skipped = TRUE;
      return;
    }
  if (parsed->config == NULL)
    parsed->error = g_steal_pointer (&local_error);
}

/* The files of one folder being parsed.  Threads claim the next file no thread has taken
 * (Batch.next) and fill its Parsed entry; the collection takes the entries in file order
 * (batch_take()), so the inventory, its warnings and the first error are those one thread gives.
 * The collection's own thread is one of the HvpCollectOptions.jobs threads: while the file it
 * needs is still being parsed, it claims and parses the next one, and it sleeps only when every
 * file is claimed.  A worker signals only a file the collection sleeps on.  (The first design, a
 * GThreadPool task and a condition broadcast per file with the collection thread waiting aside,
 * made 40,801 futex calls on 10,000 files where this makes a handful: each wake-up is an
 * interrupt between processors, costly on a virtual machine.) */
typedef struct {
  Collection *collection;
  gboolean snapshot;
  Parsed *parsed;    /* one per file */
  guint count;       /* files */
  gint next;         /* atomic: the first file no thread has claimed */
  gint stop;         /* atomic: set by batch_clear(), workers claim no further file */
  GMutex lock;       /* with @done: the collection's sleep on Parsed.done of file @waiting */
  GCond done;
  gint waiting;      /* atomic: the file the collection sleeps on, or -1 */
  GThreadPool *pool; /* the other jobs - 1 threads; NULL: the collection's thread alone */
} Batch;

/* The next file no thread has claimed, or NULL when there is none (thread-safe). */
static Parsed *
batch_claim (Batch *batch)
{
  guint index;

  if (g_atomic_int_get (&batch->stop))
    return NULL;
  index = (guint) g_atomic_int_add (&batch->next, 1);
  return index < batch->count ? &batch->parsed[index] : NULL;
}

/* Marks @parsed parsed, waking the collection when it sleeps on that file.  Parsed.done and
 * Batch.waiting are written and then the other one read, both sequentially consistent (GLib's
 * atomics): the worker sees the collection waiting, or the collection sees the file done before
 * it sleeps. */
static void
batch_finish (Batch *batch, Parsed *parsed)
{
  gint index = (gint) (parsed - batch->parsed);

  g_atomic_int_set (&parsed->done, TRUE);
  if (g_atomic_int_get (&batch->waiting) != index)
    return;
  g_mutex_lock (&batch->lock);
  g_cond_broadcast (&batch->done);
  g_mutex_unlock (&batch->lock);
}

/* A worker thread: parses the files it claims with a parser of its own, until none is left. */
static void
batch_work (gpointer data, gpointer user_data)
{
  Batch *batch = user_data;
  g_autoptr (Parser) parser = parser_new ();
  Parsed *parsed;

  (void) data;
  while ((parsed = batch_claim (batch)) != NULL)
    {
      parse_file (parser, batch->collection->options, batch->snapshot, parsed);
      batch_finish (batch, parsed);
    }
}

/* Without --jobs, a data root of fewer configuration files than this is parsed inline: starting
 * the threads and their parsers cost more than they save (measured on two cores with the example
 * configurations: 8 files 12.9 ms of CPU inline against 16.4 ms on two threads, 15.2 against
 * 17.4 ms wall; 32 files the same wall time). */
#define BATCH_INLINE_BELOW 32

/* Starts parsing @files: on HvpCollectOptions.jobs threads, the collection's own among them (0
 * or no options: one per processor from BATCH_INLINE_BELOW files on), or by the collection's
 * thread alone when that is 1 or there is one file. */
static void
batch_start (Batch *batch, Collection *collection, GPtrArray *files, gboolean snapshot)
{
  const HvpCollectOptions *options = collection->options;
  gboolean chosen = options != NULL && options->jobs != 0;
  guint jobs = chosen ? options->jobs
               : files->len < BATCH_INLINE_BELOW ? 1 : g_get_num_processors ();

  batch->collection = collection;
  batch->snapshot = snapshot;
  batch->count = files->len;
  batch->parsed = g_new0 (Parsed, files->len + 1);
  for (guint i = 0; i < files->len; i++)
    batch->parsed[i].file = g_ptr_array_index (files, i);
  g_mutex_init (&batch->lock);
  g_cond_init (&batch->done);
  batch->waiting = -1;
  jobs = MIN (jobs, files->len);
  if (jobs < 2)
    return;
  /* Once, before threads parse: libxml2's globals, and GLib's C locale of g_ascii_strtoull(),
   * whose first use in two threads at once can leave errno at EAGAIN from the wait in
   * g_once_init_enter(): g_ascii_string_to_unsigned() then refused '1280' in the suite. */
  xmlInitParser ();
  (void) g_ascii_strtoull ("0", NULL, 10);
  batch->pool = g_thread_pool_new (batch_work, batch, (gint) jobs - 1, FALSE, NULL);
  for (guint i = 1; i < jobs; i++)
    g_thread_pool_push (batch->pool, GUINT_TO_POINTER (i), NULL);
}

/* The file @index parsed, once it is (transfer none).  Until then the collection's thread parses
 * the files no thread has claimed yet, then sleeps. */
static Parsed *
batch_take (Batch *batch, guint index)
{
  Parsed *parsed = &batch->parsed[index];
  Parser *parser = batch->collection->parser;
  Parsed *claimed;

  while (!g_atomic_int_get (&parsed->done))
    {
      claimed = batch_claim (batch);
      if (claimed == NULL)
        break;
      parse_file (parser, batch->collection->options, batch->snapshot, claimed);
      g_atomic_int_set (&claimed->done, TRUE);
    }
  if (g_atomic_int_get (&parsed->done))
    return parsed;
  g_mutex_lock (&batch->lock);
  g_atomic_int_set (&batch->waiting, (gint) index);
  while (!g_atomic_int_get (&parsed->done))
    g_cond_wait (&batch->done, &batch->lock);
  g_atomic_int_set (&batch->waiting, -1);
  g_mutex_unlock (&batch->lock);
  return parsed;
}

/* Stops the workers (files not claimed are dropped, claimed ones finish) and frees what they
 * parsed and nobody took. */
static void
batch_clear (Batch *batch)
{
  if (batch->parsed == NULL)
    return;
  g_atomic_int_set (&batch->stop, TRUE);
  if (batch->pool != NULL)
    g_thread_pool_free (batch->pool, FALSE, TRUE);
  for (Parsed *parsed = batch->parsed; parsed->file != NULL; parsed++)
    parsed_clear (parsed);
  g_free (batch->parsed);
  g_mutex_clear (&batch->lock);
  g_cond_clear (&batch->done);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Batch, batch_clear)

/* Moves what parsing @parsed recorded into the inventory, in file order.  Returns its
 * configuration (transfer full), or NULL: skipped (*@ret_skipped) or failed (@error set). */
static Configuration *
collection_take_parsed (Collection *collection, Parsed *parsed, gboolean *ret_skipped,
                        GError **error)
{
  g_ptr_array_extend_and_steal (collection->inventory->warnings,
                                g_steal_pointer (&parsed->warnings->warnings));
  parsed->warnings->warnings = g_ptr_array_new ();
  *ret_skipped = parsed->skipped;
  if (parsed->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&parsed->error));
      return NULL;
    }
  return g_steal_pointer (&parsed->config);
}

static gboolean
collection_read_vm_file (Collection *collection, Parsed *parsed, GError **error)
{
  const char *file = parsed->file;
  g_autofree char *state_folder = NULL;
  g_autoptr (Configuration) config = NULL;
  HvpVm *existing;
  HvpVm *vm;
  guint64 bytes = 0;
  gboolean skipped;

  config = collection_take_parsed (collection, parsed, &skipped, error);
  if (config == NULL)
    return skipped;
  if (config->vm->id == NULL)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "'%s': properties/global_id: VM id is not recorded", file);
      return FALSE;
    }
  existing = g_hash_table_lookup (collection->vms_by_id, config->vm->id);
  if (existing != NULL)
    {
      hvp_inventory_add_warning (collection->inventory, file, "properties/global_id",
                                 "VM '%s' is also described by '%s': this copy is ignored",
                                 config->vm->id,
                                 existing->config_path != NULL ? existing->config_path : "?");
      return TRUE;
    }
  vm = host_add_configuration (collection->host, collection->inventory, file, config);
  g_hash_table_insert (collection->vms_by_id, g_strdup (vm->id), vm);
  for (guint i = 0; i < config->snapshot_ids->len; i++)
    g_hash_table_insert (collection->snapshot_owner,
                         g_strdup (g_ptr_array_index (config->snapshot_ids, i)), vm);

  if (runtime_saved_state (collection, file, &bytes))
    {
      vm->saved_state = TRUE;
      vm->state = HVP_VM_STATE_SAVED;
      vm->saved_state_bytes = bytes;
    }
  state_folder = state_folder_for (file);
  if (!vm->saved_state && state_folder != NULL && saved_state_bytes (state_folder, &bytes))
    {
      vm->saved_state = TRUE;
      vm->state = HVP_VM_STATE_SAVED;
      vm->saved_state_bytes = bytes;
      hvp_inventory_add_warning (collection->inventory, state_folder, NULL,
                                 "saved-state files (.vsv/.bin, %" G_GUINT64_FORMAT
                                 " bytes): VM '%s' taken as saved; a running VM's memory "
                                 "placeholder looks the same", bytes, vm->name);
    }
  if (config->snapshot_count > 0)
    g_hash_table_insert (collection->snapshot_count, vm,
                         g_memdup2 (&config->snapshot_count, sizeof config->snapshot_count));
  return TRUE;
}

static gint
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The sorted names in @dir that end in @suffix or `.vmcx` (deterministic order). */
static GPtrArray *
list_folder (Collection *collection, const char *dir, const char *suffix, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GDir) handle = g_dir_open (dir, 0, &local_error);
  GPtrArray *names;
  const char *entry;

  if (handle == NULL)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_OPEN, "cannot open '%s': %s", dir,
                   local_error->message);
      return NULL;
    }
  names = g_ptr_array_new_with_free_func (g_free);
  (void) collection;
  while ((entry = g_dir_read_name (handle)) != NULL)
    if (has_suffix_nocase (entry, suffix) || has_suffix_nocase (entry, ".vmcx"))
      g_ptr_array_add (names, g_build_filename (dir, entry, NULL));
  g_ptr_array_sort (names, compare_paths);
  return names;
}

/* One snapshot file: attached to the VM it names (logical id), or that lists it, or — when the
 * source holds one VM and @whole_root — to that VM; otherwise reported. */
static gboolean
collection_read_snapshot_file (Collection *collection, Parsed *parsed, gboolean whole_root,
                               GError **error)
{
  const char *file = parsed->file;
  g_autofree char *owner_id = NULL;
  g_autofree char *state_folder = NULL;
  g_autoptr (Configuration) config = NULL;
  g_autoptr (HvpSnapshot) snapshot = NULL;
  HvpVm *vm = NULL;
  guint64 bytes = 0;
  gboolean skipped;

  config = collection_take_parsed (collection, parsed, &skipped, error);
  if (config == NULL)
    return skipped;
  snapshot = snapshot_from_configuration (file, config);
  owner_id = snapshot_owner_id (config, snapshot);
  if (owner_id != NULL)
    vm = g_hash_table_lookup (collection->vms_by_id, owner_id);
  if (vm == NULL)
    vm = g_hash_table_lookup (collection->snapshot_owner, snapshot->id);
  if (vm == NULL && owner_id != NULL && !whole_root)
    return TRUE; /* another VM's snapshot, beside the one file collected */
  if (vm == NULL && whole_root && g_hash_table_size (collection->vms_by_id) == 1)
    {
      GHashTableIter iter;

      g_hash_table_iter_init (&iter, collection->vms_by_id);
      g_hash_table_iter_next (&iter, NULL, (gpointer *) &vm);
      hvp_inventory_add_warning (collection->inventory, file, "settings/global/logical_id",
                                 "snapshot '%s' names no VM of this data root: attached to the "
                                 "only VM, '%s'", snapshot->id, vm->name);
    }
  if (vm == NULL)
    {
      if (whole_root)
        hvp_inventory_add_unread (collection->inventory, file, "settings/global/logical_id",
                                  "snapshot '%s' names no VM of this data root: not attached",
                                  snapshot->id);
      return TRUE;
    }
  if (snapshot->parent_id == NULL)
    hvp_inventory_add_warning (collection->inventory, file, "properties/parent",
                               "parent snapshot is not recorded in a known element: '%s' taken "
                               "as a root", snapshot->id);
  state_folder = state_folder_for (file);
  if (runtime_saved_state (collection, file, &bytes)
      || (state_folder != NULL && saved_state_bytes (state_folder, &bytes)))
    {
      snapshot->saved_state = TRUE;
      snapshot->saved_state_bytes = bytes;
    }
  host_add_drive_disks (collection->host, snapshot->drives);
  g_ptr_array_add (vm->snapshots, g_steal_pointer (&snapshot));
  return TRUE;
}

static gboolean
collection_read_snapshots (Collection *collection, const char *snapshots_dir, gboolean whole_root,
                           GError **error)
{
  g_autoptr (GPtrArray) files = NULL;
  g_auto (Batch) batch = { 0 };

  if (snapshots_dir == NULL)
    return TRUE;
  files = list_folder (collection, snapshots_dir, ".xml", error);
  if (files == NULL)
    return FALSE;
  batch_start (&batch, collection, files, TRUE);
  for (guint i = 0; i < files->len; i++)
    {
      hvp_collect_options_report_progress (collection->options, "snapshot files", i + 1,
                                           files->len);
      if (!collection_read_snapshot_file (collection, batch_take (&batch, i), whole_root, error))
        return FALSE;
    }
  collection_add_search_dir (collection, snapshots_dir);
  return TRUE;
}

/* Links snapshot trees, reports what the XML left unknown, resolves the disks. */
static gboolean
collection_finish (Collection *collection, GError **error)
{
  HvpHost *host = collection->host;

  for (guint i = 0; i < host->vms->len; i++)
    {
      HvpVm *vm = g_ptr_array_index (host->vms, i);
      const guint64 *recorded = g_hash_table_lookup (collection->snapshot_count, vm);
      g_autoptr (GPtrArray) problems = NULL;

      if (recorded != NULL && *recorded != vm->snapshots->len)
        hvp_inventory_add_warning (collection->inventory, vm->config_path,
                                   "global_settings/snapshots/list/size",
                                   "VM '%s' records %" G_GUINT64_FORMAT " snapshots, %u were "
                                   "found and read", vm->name, *recorded, vm->snapshots->len);
      if (vm->snapshots->len == 0)
        continue;
      problems = hvp_vm_link_snapshots (vm);
      for (guint j = 0; j < problems->len; j++)
        hvp_inventory_add_warning (collection->inventory, vm->config_path, NULL, "%s",
                                   (const char *) g_ptr_array_index (problems, j));
    }
  g_ptr_array_add (collection->search_dirs, NULL);
  if (!hvp_vhd_resolve_host (host, (const char *const *) collection->search_dirs->pdata,
                             collection->options, collection->inventory, error))
    return FALSE;
  g_ptr_array_remove_index (collection->search_dirs, collection->search_dirs->len - 1);
  g_ptr_array_add (collection->inventory->sources,
                   g_strdup_printf ("%s:%s", hvp_collector_hyperv_xml.name, collection->source));
  return TRUE;
}

static gboolean
collect_data_root (Collection *collection, const char *root, const char *vms_dir, GError **error)
{
  g_autoptr (GPtrArray) files = list_folder (collection, vms_dir, ".xml", error);
  g_autofree char *disks_dir = NULL;
  g_autofree char *snapshots_dir = NULL;
  g_auto (Batch) batch = { 0 };

  if (files == NULL)
    return FALSE;
  batch_start (&batch, collection, files, FALSE);
  for (guint i = 0; i < files->len; i++)
    {
      Parsed *parsed;

      hvp_collect_options_report_progress (collection->options, "VM configuration files", i + 1,
                                           files->len);
      parsed = batch_take (&batch, i);
      if (parsed->directory)
        continue;
      if (!collection_read_vm_file (collection, parsed, error))
        return FALSE;
    }
  if (files->len == 0)
    hvp_inventory_add_warning (collection->inventory, vms_dir, NULL,
                               "no VM configuration (.xml or .vmcx) in this folder");
  snapshots_dir = hvp_hyperv_xml_find_folder (root, SNAPSHOTS_FOLDER);
  if (!collection_read_snapshots (collection, snapshots_dir, TRUE, error))
    return FALSE;
  disks_dir = hvp_hyperv_xml_find_folder (root, VIRTUAL_HARD_DISKS_FOLDER);
  collection_add_search_dir (collection, root);
  collection_add_search_dir (collection, disks_dir);
  collection_add_search_dir (collection, vms_dir);
  return collection_finish (collection, error);
}

static gboolean
collect_file (Collection *collection, const char *file, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (file);
  g_autofree char *root = NULL;
  g_autofree char *disks_dir = NULL;
  g_autofree char *snapshots_dir = NULL;
  g_autoptr (GPtrArray) files = g_ptr_array_new ();
  g_auto (Batch) batch = { 0 };

  g_ptr_array_add (files, (gpointer) file);
  batch_start (&batch, collection, files, FALSE);
  if (!collection_read_vm_file (collection, batch_take (&batch, 0), error))
    return FALSE;
  if (hvp_hyperv_xml_is_vms_folder (dir))
    {
      root = g_path_get_dirname (dir);
      snapshots_dir = hvp_hyperv_xml_find_folder (root, SNAPSHOTS_FOLDER);
      disks_dir = hvp_hyperv_xml_find_folder (root, VIRTUAL_HARD_DISKS_FOLDER);
      if (!collection_read_snapshots (collection, snapshots_dir, FALSE, error))
        return FALSE;
      collection_add_search_dir (collection, root);
      collection_add_search_dir (collection, disks_dir);
    }
  collection_add_search_dir (collection, dir);
  return collection_finish (collection, error);
}

/**
 * hvp_hyperv_xml_collect:
 * @source: a data root (a folder holding `Virtual Machines`), its `Virtual Machines` folder, or
 *   one configuration file (`.xml`, or `.vmcx` for hvp_collector_vmcx)
 * @options: (nullable): limits, path maps, progress
 * @inventory: the inventory to fill
 * @error: return location for an error
 *
 * The collection of #hvp_collector_hyperv_xml (formats.md section 1; `.vmcx` files through
 * hvp_vmcx_to_tree(), section 7), in the Hyper-V module: fills the host with unknown name
 * (hvp_inventory_ensure_host() with %NULL) and resolves its disks with hvp_vhd_resolve_host().
 *
 * Returns: %FALSE with %HVP_ERROR_DATA on any malformed VM file (a VM must not be lost silently)
 *   or a folder that is not a data root, %HVP_ERROR_OPEN on a folder or file that cannot be read
 */
gboolean
hvp_hyperv_xml_collect (const char *source, const HvpCollectOptions *options,
                        HvpInventory *inventory, GError **error)
{
  g_auto (Collection) collection = { 0 };
  g_autofree char *vms_dir = NULL;
  g_autofree char *root = NULL;

  collection_init (&collection, source, options, inventory);
  if (!g_file_test (source, G_FILE_TEST_IS_DIR))
    return collect_file (&collection, source, error);
  vms_dir = hvp_hyperv_xml_find_folder (source, VIRTUAL_MACHINES_FOLDER);
  if (vms_dir != NULL)
    return collect_data_root (&collection, source, vms_dir, error);
  if (hvp_hyperv_xml_is_vms_folder (source))
    {
      root = g_path_get_dirname (source);
      return collect_data_root (&collection, root, source, error);
    }
  g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
               "'%s' is not a Hyper-V data root: it has no '" VIRTUAL_MACHINES_FOLDER "' folder",
               source);
  return FALSE;
}
