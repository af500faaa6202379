/* hvplan: the plan for programs, the "hvplan-plan/1" document (schema in reports/README.md).
 *
 * Built as a cJSON tree and printed by hvp_json_print() (models/json.c): integers exact to 64 bits,
 * keys in the order added, two-space indentation, so the same plan always gives the same bytes. */
#include "reports/report.h"

#include "models/json.h"
#include "reports/common.h"

static cJSON *
json_strings (GPtrArray *strings)
{
  cJSON *array = hvp_json_checked (cJSON_CreateArray ());

  for (guint i = 0; i < strings->len; i++)
    cJSON_AddItemToArray (array, hvp_json_string (g_ptr_array_index (strings, i)));
  return array;
}

static cJSON *
requirement_object (const HvpRequirement *requirement)
{
  cJSON *object = hvp_json_checked (cJSON_CreateObject ());

  hvp_json_add (object, "verdict", hvp_json_string (hvp_verdict_to_string (requirement->verdict)));
  return object;
}

static cJSON *
requirements_to_json (const HvpPlan *plan)
{
  const HvpRequirement *storage = &plan->requirements[HVP_REQUIREMENT_STORAGE];
  const HvpRequirement *memory = &plan->requirements[HVP_REQUIREMENT_MEMORY];
  const HvpRequirement *network = &plan->requirements[HVP_REQUIREMENT_NETWORK];
  const HvpRequirement *processor = &plan->requirements[HVP_REQUIREMENT_PROCESSOR];
  cJSON *requirements = hvp_json_checked (cJSON_CreateObject ());
  cJSON *item;

  item = requirement_object (storage);
  hvp_json_add (item, "required_bytes", hvp_json_uint64 (storage->required));
  hvp_json_add (item, "worst_case_bytes", hvp_json_uint64 (storage->worst_case));
  hvp_json_add (item, "available_bytes", hvp_json_uint64 (storage->available));
  hvp_json_add (item, "headroom_percent",
                hvp_json_uint64 (plan->options->storage_headroom_percent));
  hvp_json_add (requirements, "storage", item);

  item = requirement_object (memory);
  hvp_json_add (item, "required_bytes", hvp_json_uint64 (memory->required));
  hvp_json_add (item, "available_bytes", hvp_json_uint64 (memory->available));
  hvp_json_add (item, "host_reserve_bytes", hvp_json_uint64 (plan->memory_reserve_bytes));
  hvp_json_add (item, "vm_overhead_bytes", hvp_json_uint64 (plan->memory_overhead_bytes));
  hvp_json_add (item, "policy",
                hvp_json_string (hvp_memory_policy_to_string (plan->options->memory_policy)));
  hvp_json_add (requirements, "memory", item);

  item = requirement_object (network);
  hvp_json_add (item, "required_nics", hvp_json_uint64 (network->required));
  hvp_json_add (item, "available_nics", hvp_json_uint64 (network->available));
  hvp_json_add (requirements, "network", item);

  item = requirement_object (processor);
  hvp_json_add (item, "required_logical_processors", hvp_json_uint64 (processor->required));
  hvp_json_add (item, "available_logical_processors", hvp_json_uint64 (processor->available));
  hvp_json_add (item, "saved_state_vms", json_strings (processor->vms));
  hvp_json_add (item, "compatibility_method",
                hvp_json_string (plan->processor_method != NULL ? plan->processor_method
                                                                : "vendor/family/model"));
  hvp_json_add (requirements, "processor", item);

  item = requirement_object (&plan->requirements[HVP_REQUIREMENT_COMPATIBILITY]);
  hvp_json_add (item, "destination_os", hvp_json_string (plan->destination_os));
  hvp_json_add (item, "rules", hvp_json_string (plan->destination_rules));
  hvp_json_add (item, "vms", json_strings (plan->requirements[HVP_REQUIREMENT_COMPATIBILITY].vms));
  hvp_json_add (requirements, "compatibility", item);
  return requirements;
}

static cJSON *
vms_to_json (const HvpPlan *plan)
{
  cJSON *vms = hvp_json_checked (cJSON_CreateArray ());

  for (guint i = 0; i < plan->vms->len; i++)
    {
      const HvpPlanVm *plan_vm = g_ptr_array_index (plan->vms, i);
      cJSON *item = hvp_json_checked (cJSON_CreateObject ());

      hvp_json_add (item, "name", hvp_json_string (plan_vm->name));
      hvp_json_add (item, "vcpus", hvp_json_uint64 (plan_vm->vcpus));
      hvp_json_add (item, "memory_bytes", hvp_json_uint64 (plan_vm->memory_bytes));
      hvp_json_add (item, "storage_bytes", hvp_json_uint64 (plan_vm->storage_bytes));
      hvp_json_add (item, "snapshots", hvp_json_uint64 (plan_vm->snapshots));
      hvp_json_add (item, "saved_state", cJSON_CreateBool (plan_vm->saved_state));
      hvp_json_add (item, "concurrent", cJSON_CreateBool (plan_vm->concurrent));
      hvp_json_add (item, "configuration_version",
                    hvp_json_string (plan_vm->configuration_version));
      hvp_json_add (item, "migration_path",
                    plan_vm->migration_path == HVP_MIGRATION_PATH_UNKNOWN
                      ? hvp_json_checked (cJSON_CreateNull ())
                      : hvp_json_string (hvp_migration_path_to_string (plan_vm->migration_path)));
      hvp_json_add (item, "compatibility",
                    hvp_json_string (hvp_verdict_to_string (plan_vm->compatibility)));
      if (plan_vm->upgrade_version != NULL)
        hvp_json_add (item, "upgrade_version", hvp_json_string (plan_vm->upgrade_version));
      if (plan_vm->hop_hosts != NULL)
        hvp_json_add (item, "through", hvp_json_string (plan_vm->hop_hosts));
      cJSON_AddItemToArray (vms, item);
    }
  return vms;
}

/* What the destination's own VMs take (#HvpDestinationUse). */
static cJSON *
destination_use_to_json (const HvpDestinationUse *use)
{
  cJSON *item = hvp_json_checked (cJSON_CreateObject ());

  hvp_json_add (item, "vms", hvp_json_uint64 (use->vms));
  hvp_json_add (item, "concurrent_vms", hvp_json_uint64 (use->concurrent));
  hvp_json_add (item, "memory_bytes", hvp_json_uint64 (use->memory_bytes));
  hvp_json_add (item, "vm_overhead_bytes", hvp_json_uint64 (use->overhead_bytes));
  hvp_json_add (item, "vcpus", hvp_json_uint64 (use->vcpus));
  hvp_json_add (item, "storage_bytes", hvp_json_uint64 (use->storage_bytes));
  hvp_json_add (item, "growth_bytes", hvp_json_uint64 (use->growth_bytes));
  hvp_json_add (item, "nics", hvp_json_uint64 (use->nics));
  return item;
}

static cJSON *
plan_to_json (const HvpPlan *plan, const HvpInventory *source)
{
  cJSON *root = hvp_json_checked (cJSON_CreateObject ());

  hvp_json_add (root, "schema", hvp_json_string (HVP_PLAN_SCHEMA));
  hvp_json_add (root, "verdict", hvp_json_string (hvp_verdict_to_string (hvp_plan_verdict (plan))));
  hvp_json_add (root, "source", hvp_json_string (plan->source_name));
  hvp_json_add (root, "destination", hvp_json_string (plan->destination_name));
  if (plan->destination_use.vms > 0)
    hvp_json_add (root, "already_on_destination", destination_use_to_json (&plan->destination_use));
  hvp_json_add (root, "requirements", requirements_to_json (plan));
  hvp_json_add (root, "vms", vms_to_json (plan));
  hvp_json_add (root, "findings", hvp_report_findings_json (plan->findings));
  hvp_json_add (root, "warnings", hvp_report_warnings_json (source));
  return root;
}

/**
 * hvp_report_plan_json:
 * @plan: a plan
 * @source: (nullable): the inventory the plan was made from: its collector warnings are listed
 * @out: the document is appended here
 *
 * Writes @plan as an "hvplan-plan/1" document (reports/README.md): schema, verdict, source,
 * destination, what the destination's own VMs already take (`already_on_destination`, only when
 * it holds VMs), the four requirements with their numbers and compatibility (its verdict, the
 * destination's `os`, the rule table row it matched, the VMs concerned), one row per VM (with its
 * `migration_path`, null when unknown, and compatibility verdict), the findings, the
 * collector warnings (file, position, message; an empty array for a %NULL @source).  Keys come
 * in a fixed order, integers are exact decimal numbers (bytes, counts), indentation is two spaces
 * and the text ends with a newline.
 */
void
hvp_report_plan_json (const HvpPlan *plan, const HvpInventory *source, GString *out)
{
  g_autoptr (cJSON) root = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (plan != NULL);
  g_return_if_fail (out != NULL);

  root = plan_to_json (plan, source);
  text = hvp_json_print (root);
  g_string_append (out, text);
}

/**
 * hvp_report_plan_json_placement:
 * @plan: a plan
 * @source: (nullable): the inventory the plan was made from
 * @placement: (transfer full): the `placement` member (hvp_report_size_placement_json())
 * @out: the document is appended here
 *
 * hvp_report_plan_json() with one more member at the end, `placement`: how the VMs spread over
 * several destination hosts.  The other members are unchanged.
 */
void
hvp_report_plan_json_placement (const HvpPlan *plan, const HvpInventory *source,
                                cJSON *placement, GString *out)
{
  g_autoptr (cJSON) root = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (plan != NULL);
  g_return_if_fail (placement != NULL);
  g_return_if_fail (out != NULL);

  root = plan_to_json (plan, source);
  hvp_json_add (root, "placement", placement);
  text = hvp_json_print (root);
  g_string_append (out, text);
}
