#include "models/host.h"

#include <string.h>

#include "models/error.h"
#include "models/security-fields.h"

/* Windows paths are case-insensitive and accept '/' for '\': "C:\VMs\a.vhdx" and "c:/vms/A.VHDX"
 * name one file.  Other paths compare exactly. */
static gboolean
is_windows_path (const char *path)
{
  return (g_ascii_isalpha (path[0]) && path[1] == ':') || strchr (path, '\\') != NULL;
}

/* The key of a Windows @path of @length bytes written into @key (@length + 1 bytes). */
static void
write_windows_key (const char *path, gsize length, char *key)
{
  for (gsize i = 0; i < length; i++)
    key[i] = path[i] == '/' ? '\\' : g_ascii_tolower (path[i]);
  key[length] = '\0';
}

static char *
disk_key (const char *path)
{
  gsize length = strlen (path);
  char *key;

  if (!is_windows_path (path))
    return g_strdup (path);
  key = g_malloc (length + 1);
  write_windows_key (path, length, key);
  return key;
}

/* Paths up to this long are looked up with their key on the stack (every drive of every VM is
 * looked up when an inventory is read and again by the diff: an allocation each was 3 % of the
 * CPU of `hvplan diff` on two 100,000-VM inventories). */
#define STACK_KEY_MAX 512

static const char *
switch_id (gconstpointer element)
{
  return ((const HvpSwitch *) element)->id;
}

static const char *
switch_name (gconstpointer element)
{
  return ((const HvpSwitch *) element)->name;
}

static const char *
vm_id (gconstpointer element)
{
  return ((const HvpVm *) element)->id;
}

static const char *
vm_name (gconstpointer element)
{
  return ((const HvpVm *) element)->name;
}

/**
 * hvp_host_new:
 * @name: (nullable): host name; %NULL when the source does not name its host (a copied data root)
 *
 * Returns: (transfer full): a host with no hardware, switches, disks or VMs
 */
HvpHost *
hvp_host_new (const char *name)
{
  HvpHost *host = g_new0 (HvpHost, 1);

  host->name = g_strdup (name);
  host->processor.stepping = -1;
  host->physical_nics = g_ptr_array_new_with_free_func (g_free);
  host->volumes = g_ptr_array_new_with_free_func ((GDestroyNotify) hvp_volume_free);
  host->switches = g_ptr_array_new_with_free_func ((GDestroyNotify) hvp_switch_free);
  host->vms = g_ptr_array_new_with_free_func ((GDestroyNotify) hvp_vm_free);
  host->disks = g_ptr_array_new_with_free_func ((GDestroyNotify) hvp_disk_free);
  host->disk_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  host->supported_versions = g_ptr_array_new_with_free_func (g_free);
  host->secure_boot_templates = g_ptr_array_new_with_free_func (g_free);
  host->switch_lookup = hvp_lookup_new (switch_id, switch_name);
  host->vm_lookup = hvp_lookup_new (vm_id, vm_name);
  return host;
}

/**
 * hvp_host_free:
 * @host: (nullable) (transfer full): a host, with everything it owns
 */
void
hvp_host_free (HvpHost *host)
{
  if (host == NULL)
    return;
  g_free (host->name);
  g_free (host->os);
  g_free (host->processor.vendor);
  g_free (host->processor.name);
  g_free (host->processor.cpu_xml);
  g_ptr_array_unref (host->physical_nics);
  g_ptr_array_unref (host->volumes);
  g_ptr_array_unref (host->switches);
  g_ptr_array_unref (host->vms);
  g_hash_table_unref (host->disk_index);
  hvp_lookup_free (host->switch_lookup);
  hvp_lookup_free (host->vm_lookup);
  g_ptr_array_unref (host->disks);
  hvp_security_free (host->security);
  g_free (host->ip_configuration);
  g_ptr_array_unref (host->supported_versions);
  g_ptr_array_unref (host->secure_boot_templates);
  g_free (host);
}

/**
 * hvp_host_add_disk:
 * @host: a host
 * @disk: (transfer full): a disk
 *
 * Adds a disk to the host's table unless a disk with the same path is there already (Windows
 * paths compare without regard to case or separator), in which case @disk is freed.
 *
 * Returns: (transfer none): the host's disk for that path
 */
HvpDisk *
hvp_host_add_disk (HvpHost *host, HvpDisk *disk)
{
  char *key = disk_key (disk->path);
  HvpDisk *existing = g_hash_table_lookup (host->disk_index, key);

  if (existing != NULL)
    {
      g_free (key);
      hvp_disk_free (disk);
      return existing;
    }
  g_hash_table_insert (host->disk_index, key, disk);
  g_ptr_array_add (host->disks, disk);
  return disk;
}

/**
 * hvp_host_find_disk:
 * @host: a host
 * @path: (nullable): a disk path as recorded
 *
 * Returns: (transfer none) (nullable): the host's disk for @path
 */
HvpDisk *
hvp_host_find_disk (const HvpHost *host, const char *path)
{
  g_autofree char *key = NULL;
  gsize length;
  char stack_key[STACK_KEY_MAX + 1];

  if (path == NULL)
    return NULL;
  length = strlen (path);
  if (!is_windows_path (path))
    return g_hash_table_lookup (host->disk_index, path);
  if (length > STACK_KEY_MAX)
    {
      key = disk_key (path);
      return g_hash_table_lookup (host->disk_index, key);
    }
  write_windows_key (path, length, stack_key);
  return g_hash_table_lookup (host->disk_index, stack_key);
}

/**
 * hvp_host_find_switch:
 * @host: a host
 * @id_or_name: (nullable): a switch id (compared without regard to ASCII case) or name
 *
 * Hashed (models/lookup.c): the index is built on the first call and follows switches added to
 * `host->switches` or given a missing id or name since.
 *
 * Returns: (transfer none) (nullable): the first switch whose id matches, else the first whose
 *   name matches
 */
HvpSwitch *
hvp_host_find_switch (const HvpHost *host, const char *id_or_name)
{
  return hvp_lookup_find (host->switch_lookup, host->switches, id_or_name);
}

/**
 * hvp_host_find_vm:
 * @host: a host
 * @id_or_name: (nullable): a VM id (compared without regard to ASCII case) or name
 *
 * Hashed as hvp_host_find_switch() is.
 *
 * Returns: (transfer none) (nullable): the first VM whose id matches, else the first whose name
 *   matches
 */
HvpVm *
hvp_host_find_vm (const HvpHost *host, const char *id_or_name)
{
  return hvp_lookup_find (host->vm_lookup, host->vms, id_or_name);
}

/**
 * hvp_host_link_disks:
 * @host: a host
 *
 * Sets each disk's `parent` from its `parent_path`; a parent path naming no disk of the host
 * leaves `parent` %NULL (the collector that read the chain reports that).
 */
void
hvp_host_link_disks (HvpHost *host)
{
  for (guint i = 0; i < host->disks->len; i++)
    {
      HvpDisk *disk = g_ptr_array_index (host->disks, i);

      disk->parent = hvp_host_find_disk (host, disk->parent_path);
      if (disk->parent == disk)
        disk->parent = NULL;
    }
}

/**
 * hvp_volume_new:
 * @path: mount point or drive
 * @capacity_bytes: size
 * @free_bytes: free space
 *
 * Returns: (transfer full): a volume
 */
HvpVolume *
hvp_volume_new (const char *path, guint64 capacity_bytes, guint64 free_bytes)
{
  HvpVolume *volume = g_new0 (HvpVolume, 1);

  volume->path = g_strdup (path);
  volume->capacity_bytes = capacity_bytes;
  volume->free_bytes = free_bytes;
  return volume;
}

/**
 * hvp_volume_free:
 * @volume: (nullable) (transfer full): a volume
 */
void
hvp_volume_free (HvpVolume *volume)
{
  if (volume == NULL)
    return;
  g_free (volume->path);
  g_free (volume);
}

/**
 * hvp_volume_validate:
 * @volume: a volume as a reader filled it
 * @error: return location for an error
 *
 * Refuses a volume with more free space than capacity (Win32_Volume `FreeSpace` is part of
 * `Capacity`; libvirt's pool `available` is part of its `capacity`).  A capacity of 0 is unknown.
 *
 * Returns: %TRUE, or %FALSE with %HVP_ERROR_DATA naming the field ("volume 'D:\\': free_bytes
 *   N is above capacity_bytes M"); the caller prefixes the file
 */
gboolean
hvp_volume_validate (const HvpVolume *volume, GError **error)
{
  g_return_val_if_fail (volume != NULL, FALSE);

  if (volume->capacity_bytes == 0 || volume->free_bytes <= volume->capacity_bytes)
    return TRUE;
  g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
               "volume '%s': free_bytes %" G_GUINT64_FORMAT " is above capacity_bytes %"
               G_GUINT64_FORMAT, volume->path, volume->free_bytes, volume->capacity_bytes);
  return FALSE;
}

/**
 * hvp_processor_vendor_normalize:
 * @vendor: (nullable): a manufacturer as a source spells it: CPUID's "GenuineIntel" /
 *   "AuthenticAMD", WMI `Win32_Processor.Manufacturer`, libvirt `<vendor>` ("Intel", "AMD")
 *
 * Returns: (transfer none) (nullable): "GenuineIntel" or "AuthenticAMD" for those makers, else
 *   @vendor itself
 */
const char *
hvp_processor_vendor_normalize (const char *vendor)
{
  if (vendor == NULL)
    return NULL;
  if (g_ascii_strncasecmp (vendor, "GenuineIntel", 12) == 0 || g_ascii_strncasecmp (vendor, "Intel", 5) == 0)
    return "GenuineIntel";
  if (g_ascii_strncasecmp (vendor, "AuthenticAMD", 12) == 0 || g_ascii_strncasecmp (vendor, "AMD", 3) == 0
      || g_ascii_strncasecmp (vendor, "Advanced Micro Devices", 22) == 0)
    return "AuthenticAMD";
  return vendor;
}

/**
 * hvp_host_label:
 * @host: a host
 *
 * Returns: (transfer none): the host's name, or "(unnamed)"
 */
const char *
hvp_host_label (const HvpHost *host)
{
  return host->name != NULL ? host->name : "(unnamed)";
}

/* The fields of a processor (models/README.md, "processor"). */
static const HvpField processor_fields[] = {
  HVP_FIELD_ROW (HvpProcessor, vendor, HVP_FIELD_STRING, HVP_FIELD_NULLABLE),
  HVP_FIELD_ROW (HvpProcessor, family, HVP_FIELD_COUNT, HVP_FIELD_OPTIONAL),
  HVP_FIELD_ROW (HvpProcessor, model, HVP_FIELD_COUNT, HVP_FIELD_OPTIONAL),
  HVP_FIELD_ROW (HvpProcessor, stepping, HVP_FIELD_STEPPING, HVP_FIELD_NULLABLE),
  HVP_FIELD_ROW (HvpProcessor, name, HVP_FIELD_STRING, HVP_FIELD_NULLABLE),
  HVP_FIELD_ROW (HvpProcessor, cpu_xml, HVP_FIELD_STRING, HVP_FIELD_NULLABLE),
};

/**
 * hvp_processor_fields:
 *
 * The fields of #HvpProcessor in the canonical inventory document, in order.
 */
const HvpFieldTable hvp_processor_fields = HVP_FIELD_TABLE ("processor", processor_fields);

/* The fields of a volume (models/README.md, "volumes"). */
static const HvpField volume_fields[] = {
  HVP_FIELD_KEY (HvpVolume, path, HVP_FIELD_STRING, HVP_FIELD_REQUIRED, 1),
  HVP_FIELD_ROW (HvpVolume, capacity_bytes, HVP_FIELD_BYTES, HVP_FIELD_OPTIONAL),
  HVP_FIELD_ROW (HvpVolume, free_bytes, HVP_FIELD_BYTES, HVP_FIELD_OPTIONAL),
};

/**
 * hvp_volume_fields:
 *
 * The fields of #HvpVolume in the canonical inventory document, in order.
 */
const HvpFieldTable hvp_volume_fields = HVP_FIELD_TABLE ("volume", volume_fields);

/* The fields of a host (models/README.md, "hosts"). */
static const HvpField host_fields[] = {
  HVP_FIELD_KEY (HvpHost, name, HVP_FIELD_STRING, HVP_FIELD_REQUIRED | HVP_FIELD_NULLABLE, 1),
  HVP_FIELD_ROW (HvpHost, os, HVP_FIELD_STRING, HVP_FIELD_NULLABLE),
  HVP_FIELD_ROW (HvpHost, memory_bytes, HVP_FIELD_BYTES, HVP_FIELD_OPTIONAL),
  HVP_FIELD_ROW (HvpHost, logical_processors, HVP_FIELD_COUNT, HVP_FIELD_OPTIONAL),
  HVP_FIELD_OBJECT_ROW (HvpHost, processor, &hvp_processor_fields),
  HVP_FIELD_ROW (HvpHost, physical_nics, HVP_FIELD_STRINGS, HVP_FIELD_OPTIONAL),
  HVP_FIELD_ARRAY_ROW (HvpHost, volumes, HVP_FIELD_OPTIONAL, &hvp_volume_fields),
  HVP_FIELD_ARRAY_ROW (HvpHost, switches, HVP_FIELD_OPTIONAL, &hvp_switch_fields),
  HVP_FIELD_ARRAY_ROW (HvpHost, disks, HVP_FIELD_OPTIONAL, &hvp_disk_fields),
  HVP_FIELD_ARRAY_ROW (HvpHost, vms, HVP_FIELD_OPTIONAL, &hvp_vm_fields),
  /* Absent when unknown, so documents of sources that do not collect it stay as they were. */
  HVP_FIELD_ROW (HvpHost, ip_configuration, HVP_FIELD_STRING,
                 HVP_FIELD_NULLABLE | HVP_FIELD_OMIT_NULL | HVP_FIELD_NOT_COMPARED),
  /* %NULL (absent) when no source read them. */
  HVP_FIELD_POINTER_ROW (HvpHost, security, &hvp_security_fields),
  /* The compatibility check's (issue 13): absent when unknown. */
  HVP_FIELD_ROW (HvpHost, supported_versions, HVP_FIELD_STRINGS, HVP_FIELD_OMIT_NULL),
  HVP_FIELD_ROW (HvpHost, secure_boot_templates, HVP_FIELD_STRINGS, HVP_FIELD_OMIT_NULL),
  HVP_FIELD_ROW (HvpHost, hgs_attested, HVP_FIELD_TRISTATE, HVP_FIELD_NULLABLE),
};

/**
 * hvp_host_fields:
 *
 * The fields of #HvpHost in the canonical inventory document, in order.
 */
const HvpFieldTable hvp_host_fields = HVP_FIELD_TABLE ("host", host_fields);
