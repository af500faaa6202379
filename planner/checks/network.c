/* hvplan: the network check of "Hyper-V: Prepare to Migrate": physical NICs for the External
 * switches, and every connected adapter's switch on the destination. */
#include "planner/checks/checks.h"

#include <string.h>

#include "models/quote.h"

static const char *
map_switch (const HvpPlanOptions *options, const char *name)
{
  for (guint i = 0; i < options->switch_maps->len; i++)
    {
      const HvpSwitchMap *map = g_ptr_array_index (options->switch_maps, i);

      if (strcmp (map->from, name) == 0)
        return map->to;
    }
  return NULL;
}

static void
add_name (GHashTable *set, GPtrArray *ordered, const char *name)
{
  if (g_hash_table_add (set, (gpointer) name))
    g_ptr_array_add (ordered, (gpointer) name);
}

/* The physical NICs an External (or presumed External) switch needs: its bound NICs, or one for
 * the switch itself when none is known. */
static void
count_switch_nics (const HvpSwitch *vswitch, GHashTable *nics, GHashTable *unbound)
{
  if (vswitch->physical_nics->len == 0)
    {
      const char *name = vswitch->name != NULL ? vswitch->name : vswitch->id;

      if (name != NULL)
        g_hash_table_add (unbound, (gpointer) name);
      return;
    }
  for (guint i = 0; i < vswitch->physical_nics->len; i++)
    g_hash_table_add (nics, g_ptr_array_index (vswitch->physical_nics, i));
}

/* An adapter's switch among @host's: by id, then by name; %NULL when the host lists neither. */
static const HvpSwitch *
find_adapter_switch (const HvpHost *host, const HvpAdapter *adapter)
{
  const HvpSwitch *vswitch = NULL;

  if (adapter->switch_id != NULL)
    vswitch = hvp_host_find_switch (host, adapter->switch_id);
  if (vswitch == NULL && adapter->switch_name != NULL)
    vswitch = hvp_host_find_switch (host, adapter->switch_name);
  return vswitch;
}

/**
 * hvp_vm_visit_uplinks:
 * @host: the source host of @vm (its switch table resolves the adapters)
 * @vm: a VM
 * @visit: called once per uplink an adapter of @vm needs, with the uplink's name, %TRUE when the
 *   name is a switch's (an External switch with no known NIC, or a switch the host does not list
 *   or whose type is unknown: counted as External, as hvp_check_network() does) and @user_data;
 *   an uplink several adapters share may be visited more than once
 * @user_data: passed to @visit
 *
 * The physical NICs the External switches of @vm's connected adapters are bound to (a team: each
 * member), by the same rules as hvp_check_network(): an adapter's switch is looked up by id, then
 * by name; Internal and Private switches need none.
 */
void
hvp_vm_visit_uplinks (const HvpHost *host, const HvpVm *vm,
                      void (*visit) (const char *name, gboolean is_switch, gpointer user_data),
                      gpointer user_data)
{
  for (guint a = 0; a < vm->adapters->len; a++)
    {
      const HvpAdapter *adapter = g_ptr_array_index (vm->adapters, a);
      const HvpSwitch *vswitch;
      const char *name = adapter->switch_name;

      if (!adapter->connected)
        continue;
      vswitch = find_adapter_switch (host, adapter);
      if (vswitch == NULL)
        {
          if (name != NULL)
            visit (name, TRUE, user_data);
          continue;
        }
      if (vswitch->type != HVP_SWITCH_TYPE_EXTERNAL && vswitch->type != HVP_SWITCH_TYPE_UNKNOWN)
        continue;
      if (vswitch->physical_nics->len == 0)
        {
          const char *switch_name = vswitch->name != NULL ? vswitch->name : vswitch->id;

          if (switch_name != NULL)
            visit (switch_name, TRUE, user_data);
          continue;
        }
      for (guint i = 0; i < vswitch->physical_nics->len; i++)
        visit (g_ptr_array_index (vswitch->physical_nics, i), FALSE, user_data);
    }
}

typedef struct {
  HvpPlan *plan;
  const HvpHost *destination;
  GHashTable *nics;           /* physical NICs bound to External switches */
  GHashTable *unbound;        /* External switches with no known NIC: one NIC each */
  GHashTable *presumed;       /* switches counted as External for want of a type */
  GPtrArray *presumed_names;  /* the same, in the order met */
  GHashTable *needed;         /* the switches the destination needs, after the maps */
  GPtrArray *needed_names;    /* the same, in the order met */
  GHashTable *reported;       /* "VM\nmessage" of the missing-switch findings made */
} NetworkWalk;

/* A switch of unknown type, or one the source host does not list, counts as External, once per
 * name. */
static void
presume_external (NetworkWalk *walk, const HvpSwitch *vswitch, const char *name)
{
  if (!g_hash_table_add (walk->presumed, (gpointer) name))
    return;
  g_ptr_array_add (walk->presumed_names, (gpointer) name);
  if (vswitch != NULL)
    count_switch_nics (vswitch, walk->nics, walk->unbound);
  else
    g_hash_table_add (walk->unbound, (gpointer) name);
}

/* The option "--switch-map 'FROM=TO'", quoted for a POSIX shell (models/quote.c), or %NULL with
 * the reason in @ret_reason when it cannot be written: FROM holds '=' (the first '=' splits, so
 * the map would read another name) or a character no one-line command can show. */
static char *
switch_map_option (const char *from, const char *to, char **ret_reason)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *map = NULL;
  g_autofree char *quoted = NULL;

  if (strchr (from, '=') != NULL)
    {
      *ret_reason = g_strdup ("its name holds '=', which --switch-map reads as the separator");
      return NULL;
    }
  map = g_strdup_printf ("%s=%s", from, to);
  quoted = hvp_quote_posix_sh (map, &error);
  if (quoted == NULL)
    {
      *ret_reason = g_strdup_printf ("its name cannot be quoted for a shell: %s", error->message);
      return NULL;
    }
  return g_strdup_printf ("--switch-map %s", quoted);
}

/* The fail finding for switch @name missing on the destination, worded like Compare-VM's 33012,
 * with the --switch-map option to add (or correct, for a @mapped name), or why there is none. */
static char *
missing_switch_message (const char *name, const char *mapped)
{
  g_autofree char *reason = NULL;
  g_autofree char *option = switch_map_option (name, mapped != NULL ? mapped : "NAME", &reason);

  if (mapped != NULL && option != NULL)
    return g_strdup_printf ("Could not find Ethernet switch '%s' (Compare-VM 33012), the map "
                            "target for '%s': create it on the destination or correct %s",
                            mapped, name, option);
  if (mapped != NULL)
    return g_strdup_printf ("Could not find Ethernet switch '%s' (Compare-VM 33012), the map "
                            "target for '%s': create it on the destination (no --switch-map "
                            "command: %s)", mapped, name, reason);
  if (option != NULL)
    return g_strdup_printf ("Could not find Ethernet switch '%s' (Compare-VM 33012): create it "
                            "on the destination or map it with %s", name, option);
  return g_strdup_printf ("Could not find Ethernet switch '%s' (Compare-VM 33012): create it on "
                          "the destination, or rename it on the source (no --switch-map "
                          "command: %s)", name, reason);
}

/* The switch @name (after the switch maps) must exist on a destination that lists switches;
 * otherwise a fail finding worded like Compare-VM's 33012, once per VM and message. */
static void
judge_switch_exists (NetworkWalk *walk, const HvpVm *vm, const char *name)
{
  const char *mapped = map_switch (walk->plan->options, name);
  const char *target = mapped != NULL ? mapped : name;
  g_autofree char *message = NULL;

  add_name (walk->needed, walk->needed_names, target);
  if (walk->destination->switches->len == 0
      || hvp_host_find_switch (walk->destination, target) != NULL)
    return;
  message = missing_switch_message (name, mapped);
  /* Two adapters of one VM on one switch make one finding. */
  if (g_hash_table_add (walk->reported, g_strdup_printf ("%s\n%s", hvp_vm_label (vm), message)))
    hvp_plan_add_finding (walk->plan, HVP_VERDICT_FAIL, HVP_REQUIREMENT_NETWORK,
                          hvp_vm_label (vm), "%s", message);
}

static void
measure_adapter (NetworkWalk *walk, const HvpHost *host, const HvpVm *vm,
                 const HvpAdapter *adapter)
{
  const HvpSwitch *vswitch;
  const char *name = adapter->switch_name;

  if (!adapter->connected)
    return;
  vswitch = find_adapter_switch (host, adapter);
  if (name == NULL && vswitch != NULL)
    name = vswitch->name;
  if (name == NULL)
    {
      if (adapter->switch_id != NULL)
        hvp_plan_add_finding (walk->plan, HVP_VERDICT_WARN, HVP_REQUIREMENT_NETWORK,
                              hvp_vm_label (vm),
                              "adapter '%s' connects to switch id '%s', which '%s' does not "
                              "list: check its switch on the destination by hand",
                              adapter->name, adapter->switch_id, hvp_host_label (host));
      return;
    }
  if (vswitch == NULL || vswitch->type == HVP_SWITCH_TYPE_UNKNOWN)
    presume_external (walk, vswitch, name);
  judge_switch_exists (walk, vm, name);
}

static void
measure_host (NetworkWalk *walk, const HvpHost *host)
{
  for (guint i = 0; i < host->switches->len; i++)
    {
      const HvpSwitch *vswitch = g_ptr_array_index (host->switches, i);

      if (vswitch->type == HVP_SWITCH_TYPE_EXTERNAL)
        count_switch_nics (vswitch, walk->nics, walk->unbound);
    }
  for (guint v = 0; v < host->vms->len; v++)
    {
      const HvpVm *vm = g_ptr_array_index (host->vms, v);

      for (guint a = 0; a < vm->adapters->len; a++)
        measure_adapter (walk, host, vm, g_ptr_array_index (vm->adapters, a));
    }
}

/* A destination with no switches or no physical NICs cannot be checked; one with too few NICs
 * fails. */
static void
judge_destination (HvpPlan *plan, const HvpRequirement *requirement,
                   const GPtrArray *needed_names, const HvpHost *destination)
{
  if (destination->switches->len == 0 && needed_names->len > 0)
    {
      g_autofree char *names = hvp_finding_quote_names (needed_names);

      hvp_plan_add_finding (plan, HVP_VERDICT_WARN, HVP_REQUIREMENT_NETWORK, NULL,
                            "destination '%s' lists no virtual switches: create %s on it before "
                            "migration (Compare-VM 33012 otherwise)",
                            hvp_host_label (destination), names);
    }

  if (requirement->available == 0 && requirement->required > 0)
    hvp_plan_add_finding (plan, HVP_VERDICT_WARN, HVP_REQUIREMENT_NETWORK, NULL,
                          "destination '%s' lists no physical network adapters: the External "
                          "switches need %" G_GUINT64_FORMAT "; add them to its inventory",
                          hvp_host_label (destination), requirement->required);
  else if (requirement->required > requirement->available)
    hvp_plan_add_finding (plan, HVP_VERDICT_FAIL, HVP_REQUIREMENT_NETWORK, NULL,
                          "External switches need %" G_GUINT64_FORMAT " physical network "
                          "adapters, '%s' has %" G_GUINT64_FORMAT ": add adapters, or bind "
                          "fewer External switches on the destination",
                          requirement->required, hvp_host_label (destination),
                          requirement->available);
}

/* Whether the destination switch @name is one the source counts already: a switch the migrated
 * VMs join (@needed, after the maps) or, after the maps, an External switch of a source host. */
static gboolean
is_shared_switch (const HvpPlan *plan, const HvpInventory *source, GHashTable *needed,
                  const char *name)
{
  if (name == NULL)
    return FALSE;
  if (g_hash_table_contains (needed, name))
    return TRUE;
  for (guint h = 0; h < source->hosts->len; h++)
    {
      const HvpHost *host = g_ptr_array_index (source->hosts, h);

      for (guint i = 0; i < host->switches->len; i++)
        {
          const HvpSwitch *vswitch = g_ptr_array_index (host->switches, i);
          const char *mapped;

          if (vswitch->type != HVP_SWITCH_TYPE_EXTERNAL || vswitch->name == NULL)
            continue;
          mapped = map_switch (plan->options, vswitch->name);
          if (strcmp (mapped != NULL ? mapped : vswitch->name, name) == 0)
            return TRUE;
        }
    }
  return FALSE;
}

/* The physical NICs the External switches of the destination's own VMs hold (a switch with no
 * known NIC: one), leaving out the switches the source counts already (is_shared_switch());
 * stored in plan->destination_use.nics. */
static guint
count_destination_nics (HvpPlan *plan, const HvpInventory *source, const HvpHost *destination,
                        GHashTable *needed)
{
  g_autoptr (GHashTable) nics = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) unbound = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint v = 0; v < destination->vms->len; v++)
    {
      const HvpVm *vm = g_ptr_array_index (destination->vms, v);

      for (guint a = 0; a < vm->adapters->len; a++)
        {
          const HvpAdapter *adapter = g_ptr_array_index (vm->adapters, a);
          const HvpSwitch *vswitch = find_adapter_switch (destination, adapter);

          if (!adapter->connected || vswitch == NULL
              || (vswitch->type != HVP_SWITCH_TYPE_EXTERNAL
                  && vswitch->type != HVP_SWITCH_TYPE_UNKNOWN)
              || is_shared_switch (plan, source, needed, vswitch->name))
            continue;
          count_switch_nics (vswitch, nics, unbound);
        }
    }
  plan->destination_use.nics = g_hash_table_size (nics) + g_hash_table_size (unbound);
  return plan->destination_use.nics;
}

/**
 * hvp_check_network:
 * @plan: the plan being built
 * @source: the inventory being migrated
 * @destination: the destination host
 *
 * "The destination needs at least as many physical network adapters as the source has virtual
 * networks marked External" [PTM].  Required: the distinct physical NICs (by name) bound to the
 * source's External switches, a team counting each member; an External switch with no known NIC
 * counts as one (once per switch name).  A switch of unknown type, or one the source does not
 * list, that an adapter uses is counted as External, with a warning.  The External switches the
 * destination's own VMs use hold their NICs too (one for a switch with no known NIC), unless the
 * source counts that switch already (the migrated VMs join it, or a source External switch of
 * that name, after the maps).  Available: the destination's physical
 * NICs.  Then every connected adapter's switch (by name, else its id looked up among the
 * source host's switches) must exist on the destination by name, after the switch maps; otherwise
 * a fail finding worded like Compare-VM's incompatibility 33012.  A destination that lists no
 * switches gets one warning naming the switches to create.
 */
void
hvp_check_network (HvpPlan *plan, const HvpInventory *source, const HvpHost *destination)
{
  HvpRequirement *requirement = &plan->requirements[HVP_REQUIREMENT_NETWORK];
  g_autoptr (GHashTable) nics = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) unbound = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) presumed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) presumed_names = g_ptr_array_new ();
  g_autoptr (GHashTable) needed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) needed_names = g_ptr_array_new ();
  g_autoptr (GHashTable) reported = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  NetworkWalk walk = { plan, destination, nics, unbound, presumed, presumed_names,
                       needed, needed_names, reported };

  for (guint h = 0; h < source->hosts->len; h++)
    measure_host (&walk, g_ptr_array_index (source->hosts, h));

  for (guint i = 0; i < presumed_names->len; i++)
    hvp_plan_add_finding (plan, HVP_VERDICT_WARN, HVP_REQUIREMENT_NETWORK, NULL,
                          "type of switch '%s' unknown: counted as External; collect the source "
                          "host's switches (Get-VMSwitch) to be sure",
                          (const char *) g_ptr_array_index (presumed_names, i));

  requirement->required = g_hash_table_size (nics) + g_hash_table_size (unbound)
                          + count_destination_nics (plan, source, destination, needed);
  requirement->available = destination->physical_nics->len;
  judge_destination (plan, requirement, needed_names, destination);
}
