#include "models/vm.h"

#include "models/error.h"
#include "models/units.h"

static const char *const vm_state_names[] = {
  [HVP_VM_STATE_UNKNOWN] = "unknown",
  [HVP_VM_STATE_OFF] = "off",
  [HVP_VM_STATE_RUNNING] = "running",
  [HVP_VM_STATE_SAVED] = "saved",
  [HVP_VM_STATE_PAUSED] = "paused",
  [HVP_VM_STATE_OTHER] = "other",
};

/* Field tables read and write enums as guint. */
G_STATIC_ASSERT (sizeof (HvpVmState) == sizeof (guint));
static const HvpFieldEnum vm_state_enum = HVP_FIELD_ENUM_NAMES (vm_state_names);

/**
 * hvp_vm_new:
 * @id: (nullable): VM id
 * @name: (nullable): display name
 *
 * Returns: (transfer full): a VM of unknown state with no devices or snapshots
 */
HvpVm *
hvp_vm_new (const char *id, const char *name)
{
  HvpVm *vm = g_new0 (HvpVm, 1);

  vm->id = g_strdup (id);
  vm->name = g_strdup (name);
  vm->drives = g_ptr_array_new_with_free_func ((GDestroyNotify) hvp_drive_free);
  vm->adapters = g_ptr_array_new_with_free_func ((GDestroyNotify) hvp_adapter_free);
  vm->snapshots = g_ptr_array_new_with_free_func ((GDestroyNotify) hvp_snapshot_free);
  vm->fibre_channel_sans = g_ptr_array_new_with_free_func (g_free);
  vm->assigned_devices = g_ptr_array_new_with_free_func (g_free);
  return vm;
}

/**
 * hvp_vm_free:
 * @vm: (nullable) (transfer full): a VM, with its devices and snapshots
 */
void
hvp_vm_free (HvpVm *vm)
{
  if (vm == NULL)
    return;
  g_free (vm->id);
  g_free (vm->name);
  g_free (vm->configuration_version);
  g_free (vm->config_path);
  g_free (vm->current_snapshot_id);
  g_ptr_array_unref (vm->drives);
  g_ptr_array_unref (vm->adapters);
  g_ptr_array_unref (vm->snapshots);
  g_free (vm->secure_boot_template);
  g_ptr_array_unref (vm->fibre_channel_sans);
  g_ptr_array_unref (vm->assigned_devices);
  g_free (vm->guest_os);
  g_free (vm->guest_os_version);
  g_free (vm->integration_services_version);
  g_free (vm->processor_compatibility_mode);
  hvp_utilization_free (vm->utilization);
  g_free (vm);
}

/**
 * hvp_vm_find_snapshot:
 * @vm: a VM
 * @id: a snapshot id
 *
 * Returns: (transfer none) (nullable): the VM's snapshot with that id
 */
HvpSnapshot *
hvp_vm_find_snapshot (const HvpVm *vm, const char *id)
{
  for (guint i = 0; i < vm->snapshots->len; i++)
    {
      HvpSnapshot *snapshot = g_ptr_array_index (vm->snapshots, i);

      if (g_strcmp0 (snapshot->id, id) == 0)
        return snapshot;
    }
  return NULL;
}

static gint
compare_snapshots (gconstpointer a, gconstpointer b)
{
  const HvpSnapshot *x = *(HvpSnapshot *const *) a;
  const HvpSnapshot *y = *(HvpSnapshot *const *) b;

  if (x->creation_time != y->creation_time)
    return x->creation_time < y->creation_time ? -1 : 1;
  if (g_strcmp0 (x->name, y->name) != 0)
    return g_strcmp0 (x->name, y->name);
  return g_strcmp0 (x->id, y->id);
}

static gboolean
snapshot_has_ancestor (const HvpSnapshot *snapshot, const HvpSnapshot *ancestor)
{
  for (const HvpSnapshot *s = snapshot; s != NULL; s = s->parent)
    if (s == ancestor)
      return TRUE;
  return FALSE;
}

/**
 * hvp_vm_link_snapshots:
 * @vm: a VM whose snapshots carry `parent_id`s
 *
 * Links the VM's flat snapshot list into a tree: sets each snapshot's `parent` and `children`
 * (children sorted by creation time, then name).  A parent id that names no snapshot of the VM, or
 * that would close a loop, leaves the snapshot a root and is reported.  May be called again after
 * snapshots are added.
 *
 * Returns: (transfer full) (element-type utf8): one message per problem, empty when none
 */
GPtrArray *
hvp_vm_link_snapshots (HvpVm *vm)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < vm->snapshots->len; i++)
    {
      HvpSnapshot *snapshot = g_ptr_array_index (vm->snapshots, i);

      snapshot->parent = NULL;
      g_ptr_array_set_size (snapshot->children, 0);
      if (snapshot->id != NULL && !g_hash_table_insert (by_id, snapshot->id, snapshot))
        g_ptr_array_add (problems, g_strdup_printf ("snapshot id '%s' appears twice", snapshot->id));
    }

  for (guint i = 0; i < vm->snapshots->len; i++)
    {
      HvpSnapshot *snapshot = g_ptr_array_index (vm->snapshots, i);
      HvpSnapshot *parent;

      if (snapshot->parent_id == NULL)
        continue;
      parent = g_hash_table_lookup (by_id, snapshot->parent_id);
      if (parent == NULL)
        g_ptr_array_add (problems,
                         g_strdup_printf ("parent '%s' of snapshot '%s' is not a snapshot of '%s'",
                                          snapshot->parent_id, snapshot->id, vm->name));
      else if (snapshot_has_ancestor (parent, snapshot))
        g_ptr_array_add (problems,
                         g_strdup_printf ("parent '%s' of snapshot '%s' closes a loop",
                                          snapshot->parent_id, snapshot->id));
      else
        {
          snapshot->parent = parent;
          g_ptr_array_add (parent->children, snapshot);
        }
    }

  for (guint i = 0; i < vm->snapshots->len; i++)
    {
      HvpSnapshot *snapshot = g_ptr_array_index (vm->snapshots, i);

      g_ptr_array_sort (snapshot->children, compare_snapshots);
    }
  return problems;
}

/**
 * hvp_vm_max_vcpus:
 * @vm: a VM
 *
 * Import and migration check the vCPU count of every snapshot configuration too.
 *
 * Returns: the largest vCPU count of the VM and its snapshots
 */
guint
hvp_vm_max_vcpus (const HvpVm *vm)
{
  guint vcpus = vm->vcpus;

  for (guint i = 0; i < vm->snapshots->len; i++)
    {
      const HvpSnapshot *snapshot = g_ptr_array_index (vm->snapshots, i);

      vcpus = MAX (vcpus, snapshot->vcpus);
    }
  return vcpus;
}

/**
 * hvp_vm_vcpu_limit:
 * @vm: a VM
 * @platform: the kind of host it was read from
 *
 * The most virtual processors a VM of @vm's generation can have on @platform: Hyper-V's
 * %HVP_HYPERV_MAX_VCPUS_GENERATION_1 (64) for generation 1 and
 * %HVP_HYPERV_MAX_VCPUS_GENERATION_2 (2048, Windows Server 2025) otherwise (Microsoft, "Plan for
 * Hyper-V scalability in Windows Server"); libvirt's %HVP_LIBVIRT_MAX_VCPUS (4096, QEMU's q35
 * machine as libvirt's domain capabilities report it); for %HVP_VM_PLATFORM_ANY the larger.
 *
 * Returns: the limit, in virtual processors
 */
guint
hvp_vm_vcpu_limit (const HvpVm *vm, HvpVmPlatform platform)
{
  g_return_val_if_fail (vm != NULL, 0);

  switch (platform)
    {
    case HVP_VM_PLATFORM_HYPERV:
      return vm->generation == 1 ? HVP_HYPERV_MAX_VCPUS_GENERATION_1
                                 : HVP_HYPERV_MAX_VCPUS_GENERATION_2;
    case HVP_VM_PLATFORM_LIBVIRT:
    case HVP_VM_PLATFORM_ANY:
    default:
      return MAX (HVP_LIBVIRT_MAX_VCPUS, HVP_HYPERV_MAX_VCPUS_GENERATION_2);
    }
}

static gboolean
validate_vcpus (const HvpVm *vm, const char *field, guint vcpus, HvpVmPlatform platform,
                GError **error)
{
  guint limit = hvp_vm_vcpu_limit (vm, platform);

  if (vcpus <= limit)
    return TRUE;
  if (platform == HVP_VM_PLATFORM_HYPERV)
    g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                 "%s: %u virtual processors is more than Hyper-V allows a generation %u VM (%u)",
                 field, vcpus, vm->generation == 1 ? 1 : 2, limit);
  else
    g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                 "%s: %u virtual processors is more than any hypervisor hvplan reads allows (%u)",
                 field, vcpus, limit);
  return FALSE;
}

/* The checks of one snapshot's configuration, prefixed "snapshots['ID'].". */
static gboolean
validate_snapshot (const HvpVm *vm, const HvpSnapshot *snapshot, HvpVmPlatform platform,
                   GError **error)
{
  if (validate_vcpus (vm, "vcpus", snapshot->vcpus, platform, error)
      && hvp_memory_validate (&snapshot->memory, error))
    return TRUE;
  g_prefix_error (error, "snapshot '%s': ", snapshot->id != NULL ? snapshot->id : "(no id)");
  return FALSE;
}

/**
 * hvp_vm_refuse_zero_vcpus:
 * @error: return location for an error
 *
 * The error of a source that states 0 virtual processors: Hyper-V and libvirt both need at least
 * one (`Set-VMProcessor -Count` takes 1 or more, Microsoft's Set-VMProcessor reference; libvirt's
 * `<vcpu>` is a positive integer, libvirt "Domain XML format", "CPU Allocation").
 *
 * Returns: %FALSE, with %HVP_ERROR_DATA "0 virtual processors: a VM has at least one"; the caller
 *   prefixes the file and the field
 */
gboolean
hvp_vm_refuse_zero_vcpus (GError **error)
{
  g_set_error_literal (error, HVP_ERROR, HVP_ERROR_DATA,
                       "0 virtual processors: a VM has at least one");
  return FALSE;
}

/**
 * hvp_vm_validate:
 * @vm: a VM as a reader filled it
 * @platform: the kind of host it was read from, for the vCPU limit (hvp_vm_vcpu_limit())
 * @error: return location for an error
 *
 * Refuses values no hypervisor can hold, whichever reader met them (every collector, through
 * hvp_collect(), and the inventory document reader): a VM or snapshot with more virtual
 * processors than @platform allows; a dynamic memory configuration with minimum above startup or
 * startup above maximum (hvp_memory_validate()).  A count of 0 is the model's "unknown" (a
 * PowerShell file of drives alone names VMs without their processors): a reader that meets an
 * explicit 0 refuses it with its own position, with hvp_vm_refuse_zero_vcpus().
 *
 * Returns: %TRUE, or %FALSE with %HVP_ERROR_DATA naming the field ("vcpus: 300 virtual processors
 *   is more than Hyper-V allows a generation 2 VM (2048)"); the caller prefixes the file and the VM
 */
gboolean
hvp_vm_validate (const HvpVm *vm, HvpVmPlatform platform, GError **error)
{
  g_return_val_if_fail (vm != NULL, FALSE);

  if (!validate_vcpus (vm, "vcpus", vm->vcpus, platform, error)
      || !hvp_memory_validate (&vm->memory, error))
    return FALSE;
  for (guint i = 0; i < vm->snapshots->len; i++)
    if (!validate_snapshot (vm, g_ptr_array_index (vm->snapshots, i), platform, error))
      return FALSE;
  return TRUE;
}

/**
 * hvp_vm_has_saved_state:
 * @vm: a VM
 *
 * Returns: %TRUE when the VM or one of its snapshots holds a saved state
 */
gboolean
hvp_vm_has_saved_state (const HvpVm *vm)
{
  if (vm->saved_state)
    return TRUE;
  for (guint i = 0; i < vm->snapshots->len; i++)
    {
      const HvpSnapshot *snapshot = g_ptr_array_index (vm->snapshots, i);

      if (snapshot->saved_state)
        return TRUE;
    }
  return FALSE;
}

/**
 * hvp_vm_state_to_string:
 * @state: a state
 *
 * Returns: (transfer none): "off", "running", "saved", "paused", "other" or "unknown"
 */
const char *
hvp_vm_state_to_string (HvpVmState state)
{
  return hvp_enum_to_string (vm_state_names, G_N_ELEMENTS (vm_state_names), state);
}

/**
 * hvp_vm_state_from_string:
 * @string: a name from hvp_vm_state_to_string()
 * @ret_state: (out): the state
 *
 * Returns: %FALSE when @string names no state
 */
gboolean
hvp_vm_state_from_string (const char *string, HvpVmState *ret_state)
{
  guint value;

  if (!hvp_enum_from_string (vm_state_names, G_N_ELEMENTS (vm_state_names), string, &value))
    return FALSE;
  *ret_state = (HvpVmState) value;
  return TRUE;
}

/**
 * hvp_vm_label:
 * @vm: a VM
 *
 * Returns: (transfer none): the VM's name, else its id, else "(unnamed)"
 */
const char *
hvp_vm_label (const HvpVm *vm)
{
  if (vm->name != NULL)
    return vm->name;
  if (vm->id != NULL)
    return vm->id;
  return "(unnamed)";
}

/* The fields of a VM (models/README.md, "vms"). */
static const HvpField vm_fields[] = {
  HVP_FIELD_KEY (HvpVm, id, HVP_FIELD_STRING,
                 HVP_FIELD_REQUIRED | HVP_FIELD_NULLABLE | HVP_FIELD_FOLD_CASE, 2),
  HVP_FIELD_KEY (HvpVm, name, HVP_FIELD_STRING, HVP_FIELD_REQUIRED | HVP_FIELD_NULLABLE, 1),
  HVP_FIELD_PARENT_ROW ("host"),
  HVP_FIELD_ENUM_ROW (HvpVm, state, HVP_FIELD_OPTIONAL, 0, &vm_state_enum),
  HVP_FIELD_ROW (HvpVm, generation, HVP_FIELD_COUNT, HVP_FIELD_OPTIONAL),
  HVP_FIELD_ROW (HvpVm, configuration_version, HVP_FIELD_STRING, HVP_FIELD_NULLABLE),
  HVP_FIELD_ROW (HvpVm, vcpus, HVP_FIELD_COUNT, HVP_FIELD_OPTIONAL),
  HVP_FIELD_OBJECT_ROW (HvpVm, memory, &hvp_memory_fields),
  HVP_FIELD_ROW (HvpVm, processor_compatibility, HVP_FIELD_BOOL, HVP_FIELD_OPTIONAL),
  HVP_FIELD_ROW (HvpVm, saved_state, HVP_FIELD_BOOL, HVP_FIELD_OPTIONAL),
  HVP_FIELD_ROW (HvpVm, saved_state_bytes, HVP_FIELD_BYTES, HVP_FIELD_OPTIONAL),
  HVP_FIELD_ROW (HvpVm, config_path, HVP_FIELD_STRING, HVP_FIELD_NULLABLE),
  HVP_FIELD_ARRAY_ROW (HvpVm, drives, HVP_FIELD_OPTIONAL, &hvp_drive_fields),
  HVP_FIELD_ARRAY_ROW (HvpVm, adapters, HVP_FIELD_OPTIONAL, &hvp_adapter_fields),
  /* Written in tree order, not by identity: hand-written in models/inventory-json.c. */
  HVP_FIELD_CUSTOM_ROW (HvpVm, snapshots),
  HVP_FIELD_ROW (HvpVm, current_snapshot_id, HVP_FIELD_STRING,
                 HVP_FIELD_NULLABLE | HVP_FIELD_REFERENCE),
  /* The compatibility check's fields (issue 13): written only when a source collected them. */
  HVP_FIELD_ROW (HvpVm, secure_boot, HVP_FIELD_TRISTATE, HVP_FIELD_NULLABLE),
  HVP_FIELD_ROW (HvpVm, secure_boot_template, HVP_FIELD_STRING,
                 HVP_FIELD_NULLABLE | HVP_FIELD_OMIT_NULL),
  HVP_FIELD_ROW (HvpVm, tpm, HVP_FIELD_TRISTATE, HVP_FIELD_NULLABLE),
  HVP_FIELD_ROW (HvpVm, key_protector, HVP_FIELD_TRISTATE, HVP_FIELD_NULLABLE),
  HVP_FIELD_ROW (HvpVm, shielded, HVP_FIELD_TRISTATE, HVP_FIELD_NULLABLE),
  HVP_FIELD_ROW (HvpVm, remotefx_3d, HVP_FIELD_TRISTATE, HVP_FIELD_NULLABLE),
  HVP_FIELD_ROW (HvpVm, fibre_channel_sans, HVP_FIELD_STRINGS, HVP_FIELD_OMIT_NULL),
  HVP_FIELD_ROW (HvpVm, assigned_devices, HVP_FIELD_STRINGS, HVP_FIELD_OMIT_NULL),
  HVP_FIELD_ROW (HvpVm, guest_os, HVP_FIELD_STRING, HVP_FIELD_NULLABLE | HVP_FIELD_OMIT_NULL),
  HVP_FIELD_ROW (HvpVm, guest_os_version, HVP_FIELD_STRING,
                 HVP_FIELD_NULLABLE | HVP_FIELD_OMIT_NULL),
  HVP_FIELD_ROW (HvpVm, integration_services_version, HVP_FIELD_STRING,
                 HVP_FIELD_NULLABLE | HVP_FIELD_OMIT_NULL),
  HVP_FIELD_ROW (HvpVm, processor_compatibility_mode, HVP_FIELD_STRING,
                 HVP_FIELD_NULLABLE | HVP_FIELD_OMIT_NULL),
  /* Measurements, not configuration: absent when not sampled, and the diff leaves them out. */
  { "utilization", HVP_FIELD_POINTER, G_STRUCT_OFFSET (HvpVm, utilization),
    HVP_FIELD_NOT_COMPARED, 0, NULL, &hvp_utilization_fields },
};

/**
 * hvp_vm_fields:
 *
 * The fields of #HvpVm: the keys of a VM in the canonical inventory document, in order.
 */
const HvpFieldTable hvp_vm_fields = HVP_FIELD_TABLE ("vm", vm_fields);
