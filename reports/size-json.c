/* hvplan: the sizing for programs, the "hvplan-size/1" document (schema in reports/README.md).
 * Laid out as hvp_json_print() (models/json.c) prints a tree: integers exact to 64 bits, keys in
 * the order added, two-space indentation.  The small parts are cJSON trees; each model's placement
 * (a host object a host, a name a VM: at 100,000 VMs × 10 models a million strings) is streamed
 * straight into the output, so no tree of the whole document is ever held (issue 14: it held half
 * of the command's peak memory). */
#include "reports/size-report.h"

#include <string.h>

#include "models/json.h"
#include "reports/common.h"
#include "reports/names.h"

static cJSON *
json_storage (guint64 bytes)
{
  return bytes == G_MAXUINT64 ? hvp_json_string (NULL) : hvp_json_uint64 (bytes);
}

static cJSON *
json_count (guint value)
{
  return value == G_MAXUINT ? hvp_json_string (NULL) : hvp_json_uint64 (value);
}

static cJSON *
assumptions_to_json (const HvpPlanOptions *options)
{
  cJSON *object = hvp_json_checked (cJSON_CreateObject ());
  g_autofree char *ratio = hvp_report_size_ratio (options->vcpu_ratio);

  hvp_json_add (object, "spare_hosts", hvp_json_uint64 (options->spare_hosts));
  hvp_json_add (object, "vcpu_ratio", hvp_json_string (ratio));
  hvp_json_add (object, "growth_percent", hvp_json_uint64 (options->growth_percent));
  hvp_json_add (object, "storage_headroom_percent",
                hvp_json_uint64 (options->storage_headroom_percent));
  hvp_json_add (object, "host_reserve_bytes", hvp_json_uint64 (options->host_reserve_bytes));
  hvp_json_add (object, "vm_overhead", options->vm_overhead_auto
                                         ? hvp_json_string ("auto")
                                         : hvp_json_uint64 (options->vm_overhead_bytes));
  hvp_json_add (object, "memory_policy",
                hvp_json_string (hvp_memory_policy_to_string (options->memory_policy)));
  return object;
}

static cJSON *
capacity_to_json (const HvpPlacementBin *capacity)
{
  cJSON *object = hvp_json_checked (cJSON_CreateObject ());

  hvp_json_add (object, "memory_bytes", hvp_json_uint64 (capacity->memory_bytes));
  hvp_json_add (object, "vcpus", hvp_json_uint64 (capacity->vcpus));
  hvp_json_add (object, "logical_processors", hvp_json_uint64 (capacity->logical_processors));
  hvp_json_add (object, "storage_bytes", json_storage (capacity->storage_bytes));
  hvp_json_add (object, "nics", hvp_json_uint64 (capacity->nics));
  return object;
}

/* What an existing host's own VMs take (#HvpDestinationUse). */
static cJSON *
existing_to_json (const HvpDestinationUse *use)
{
  cJSON *object = hvp_json_checked (cJSON_CreateObject ());

  hvp_json_add (object, "vms", hvp_json_uint64 (use->vms));
  hvp_json_add (object, "concurrent_vms", hvp_json_uint64 (use->concurrent));
  hvp_json_add (object, "memory_bytes",
                hvp_json_uint64 (hvp_destination_use_memory_bytes (use)));
  hvp_json_add (object, "vcpus", hvp_json_uint64 (use->vcpus));
  hvp_json_add (object, "storage_bytes", hvp_json_uint64 (use->storage_bytes));
  hvp_json_add (object, "nics", hvp_json_uint64 (use->nics));
  return object;
}

/* One placed host's members but its VMs: name, what it holds, its capacity (existing hosts) and
 * what is already on it. */
static cJSON *
host_head_json (const HvpSizingModel *model, const HvpSizingHost *host)
{
  cJSON *item = hvp_json_checked (cJSON_CreateObject ());

  hvp_json_add (item, "host", hvp_json_string (host->name));
  hvp_json_add (item, "memory_bytes", hvp_json_uint64 (host->usage.memory_bytes));
  hvp_json_add (item, "vcpus", hvp_json_uint64 (host->usage.vcpus));
  hvp_json_add (item, "storage_bytes", hvp_json_uint64 (host->usage.storage_bytes));
  hvp_json_add (item, "nics", hvp_json_uint64 (hvp_placement_usage_nics (&host->usage)));
  if (model->catalog_model == NULL)
    hvp_json_add (item, "capacity", capacity_to_json (&host->capacity));
  if (host->existing.vms > 0)
    hvp_json_add (item, "already_on_destination", existing_to_json (&host->existing));
  return item;
}

static cJSON *
placement_to_json (const HvpSizing *sizing, const HvpSizingModel *model)
{
  cJSON *array = hvp_json_checked (cJSON_CreateArray ());

  for (guint h = 0; h < model->hosts->len; h++)
    {
      const HvpSizingHost *host = g_ptr_array_index (model->hosts, h);
      cJSON *item = host_head_json (model, host);
      cJSON *vms = hvp_json_checked (cJSON_CreateArray ());

      for (guint i = 0; i < host->vms->len; i++)
        {
          guint index = g_array_index (host->vms, guint, i);
          const HvpSizingVm *vm = g_ptr_array_index (sizing->vms, index);

          cJSON_AddItemToArray (vms, hvp_json_string (vm->name));
        }
      hvp_json_add (item, "vms", vms);
      cJSON_AddItemToArray (array, item);
    }
  return array;
}

/* The names of @host's VMs as an array at @depth, laid out as hvp_json_print() would: the lines
 * of all its VMs measured first, then copied into room made once. */
static void
append_vm_names (GString *out, const HvpReportNames *names, const HvpSizingHost *host,
                 guint depth)
{
  const gsize indent = 2 * ((gsize) depth + 1);
  gsize total = 0;
  char *p;

  if (host->vms->len == 0)
    {
      g_string_append (out, "[]");
      return;
    }
  g_string_append (out, "[\n");
  for (guint i = 0; i < host->vms->len; i++)
    {
      gsize length;

      hvp_report_names_get (names, g_array_index (host->vms, guint, i), &length);
      total += indent + length + 2;
    }
  g_string_set_size (out, out->len + total - 1);
  p = out->str + out->len - (total - 1);
  for (guint i = 0; i < host->vms->len; i++)
    {
      gsize length;
      const char *name = hvp_report_names_get (names, g_array_index (host->vms, guint, i),
                                               &length);

      memset (p, ' ', indent);
      memcpy (p + indent, name, length);
      p += indent + length;
      if (i + 1 < host->vms->len)
        *p++ = ',';
      *p++ = '\n';
    }
  hvp_json_append_indent (out, depth);
  g_string_append_c (out, ']');
}

/* One host of a placement at @depth: the members of host_head_json() written straight (the
 * capacity of an existing host and what is already on it from their small trees), then its VMs. */
static void
append_host (GString *out, const HvpReportNames *names, const HvpSizingModel *model,
             const HvpSizingHost *host, guint depth)
{
  hvp_json_append_indent (out, depth);
  g_string_append (out, "{\n");
  hvp_json_append_key (out, "host", depth + 1);
  hvp_json_append_string (out, host->name);
  g_string_append (out, ",\n");
  hvp_json_append_member_uint64 (out, "memory_bytes", host->usage.memory_bytes, depth + 1, FALSE);
  hvp_json_append_member_uint64 (out, "vcpus", host->usage.vcpus, depth + 1, FALSE);
  hvp_json_append_member_uint64 (out, "storage_bytes", host->usage.storage_bytes, depth + 1,
                                 FALSE);
  hvp_json_append_member_uint64 (out, "nics", hvp_placement_usage_nics (&host->usage), depth + 1,
                                 FALSE);
  if (model->catalog_model == NULL)
    {
      g_autoptr (cJSON) capacity = capacity_to_json (&host->capacity);

      hvp_json_append_key (out, "capacity", depth + 1);
      hvp_json_append_value (out, capacity, depth + 1);
      g_string_append (out, ",\n");
    }
  if (host->existing.vms > 0)
    {
      g_autoptr (cJSON) existing = existing_to_json (&host->existing);

      hvp_json_append_key (out, "already_on_destination", depth + 1);
      hvp_json_append_value (out, existing, depth + 1);
      g_string_append (out, ",\n");
    }
  hvp_json_append_key (out, "vms", depth + 1);
  append_vm_names (out, names, host, depth + 1);
  g_string_append_c (out, '\n');
  hvp_json_append_indent (out, depth);
  g_string_append_c (out, '}');
}

/* placement_to_json()'s array streamed at @depth: the same bytes, written out host by host. */
static void
append_placement (HvpReportStream *stream, const HvpReportNames *names, const HvpSizingModel *model,
                  guint depth)
{
  GString *out = stream->out;

  if (model->hosts->len == 0)
    {
      g_string_append (out, "[]");
      return;
    }
  g_string_append (out, "[\n");
  for (guint h = 0; h < model->hosts->len; h++)
    {
      append_host (out, names, model, g_ptr_array_index (model->hosts, h), depth + 1);
      g_string_append (out, h + 1 < model->hosts->len ? ",\n" : "\n");
      hvp_report_stream_flush (stream);
    }
  hvp_json_append_indent (out, depth);
  g_string_append_c (out, ']');
}

/* A model's members before its placement. */
static cJSON *
model_head_json (const HvpSizing *sizing, const HvpSizingModel *model)
{
  cJSON *object = hvp_json_checked (cJSON_CreateObject ());
  cJSON *bounds = hvp_json_checked (cJSON_CreateObject ());
  const HvpCatalogModel *entry = model->catalog_model;

  hvp_json_add (object, "name", hvp_json_string (model->name));
  hvp_json_add (object, "fits", hvp_json_bool (model->fits));
  hvp_json_add (object, "hosts_needed", model->fits ? hvp_json_uint64 (model->hosts_needed)
                                                    : hvp_json_string (NULL));
  hvp_json_add (object, "packed_hosts", model->fits ? hvp_json_uint64 (model->packed_hosts)
                                                    : hvp_json_string (NULL));
  hvp_json_add (object, "lower_bound", json_count (model->lower_bound));
  for (guint r = 0; r < HVP_N_RESOURCES; r++)
    hvp_json_add (bounds, hvp_resource_to_string ((HvpResource) r),
                  json_count (model->lower_bounds[r]));
  hvp_json_add (object, "lower_bounds", bounds);
  hvp_json_add (object, "limiting_resource",
                hvp_json_string (hvp_resource_to_string (model->limiting_resource)));
  hvp_json_add (object, "price", entry != NULL && entry->has_price ? hvp_json_uint64 (entry->price)
                                                                   : hvp_json_string (NULL));
  hvp_json_add (object, "total_price", entry != NULL && entry->has_price && model->fits
                                         ? hvp_json_uint64 (model->total_price)
                                         : hvp_json_string (NULL));
  if (entry != NULL)
    hvp_json_add (object, "host_capacity", capacity_to_json (&model->host_capacity));
  else
    hvp_json_add (object, "host_capacity", hvp_json_string (NULL));
  hvp_report_size_measured_model_json (sizing, model, object);
  return object;
}

/* One model's object at @depth: its members from a small tree, the placement streamed, then its
 * findings. */
static void
append_model (HvpReportStream *stream, const HvpReportNames *names, const HvpSizing *sizing,
              const HvpSizingModel *model, guint depth)
{
  g_autoptr (cJSON) head = model_head_json (sizing, model);
  g_autoptr (cJSON) findings = hvp_report_findings_json (model->findings);

  g_string_append (stream->out, "{\n");
  hvp_json_append_members (stream->out, head, depth + 1);
  hvp_json_append_key (stream->out, "placement", depth + 1);
  append_placement (stream, names, model, depth + 1);
  g_string_append (stream->out, ",\n");
  hvp_json_append_key (stream->out, "findings", depth + 1);
  hvp_json_append_value (stream->out, findings, depth + 1);
  g_string_append_c (stream->out, '\n');
  hvp_json_append_indent (stream->out, depth);
  g_string_append_c (stream->out, '}');
}

/* The document's members before its models. */
static cJSON *
document_head_json (const HvpSizing *sizing)
{
  cJSON *root = hvp_json_checked (cJSON_CreateObject ());
  const HvpSizingModel *best = NULL;
  cJSON *demand;

  if (sizing->best >= 0)
    best = g_ptr_array_index (sizing->models, sizing->best);
  hvp_json_add (root, "schema", hvp_json_string (HVP_SIZE_SCHEMA));
  hvp_json_add (root, "source", hvp_json_string (sizing->source_name));
  hvp_json_add (root, "recommended", hvp_json_string (best != NULL ? best->name : NULL));
  hvp_json_add (root, "chosen_by", hvp_json_string (best == NULL ? NULL
                                                    : sizing->by_price ? "price" : "hosts"));
  hvp_json_add (root, "assumptions", assumptions_to_json (sizing->options));

  demand = hvp_json_checked (cJSON_CreateObject ());
  hvp_json_add (demand, "vms", hvp_json_uint64 (sizing->vms->len));
  hvp_json_add (demand, "memory_bytes", hvp_json_uint64 (sizing->total_memory_bytes));
  hvp_json_add (demand, "vcpus", hvp_json_uint64 (sizing->total_vcpus));
  hvp_json_add (demand, "storage_bytes", hvp_json_uint64 (sizing->total_storage_bytes));
  hvp_json_add (root, "demand", demand);
  hvp_report_size_measured_json (sizing, root);
  return root;
}

/* The document's models, streamed. */
static void
append_models (HvpReportStream *stream, const HvpSizing *sizing)
{
  g_auto (HvpReportNames) names = { 0 };
  GString *out = stream->out;

  hvp_report_names_init (&names, sizing, hvp_json_append_string);
  hvp_json_append_key (out, "models", 1);
  g_string_append (out, sizing->models->len == 0 ? "[]" : "[\n");
  for (guint i = 0; i < sizing->models->len; i++)
    {
      hvp_json_append_indent (out, 2);
      append_model (stream, &names, sizing, g_ptr_array_index (sizing->models, i), 2);
      g_string_append (out, i + 1 < sizing->models->len ? ",\n" : "\n");
    }
  if (sizing->models->len > 0)
    {
      hvp_json_append_indent (out, 1);
      g_string_append_c (out, ']');
    }
  g_string_append (out, ",\n");
}

/**
 * hvp_report_size_json_stream:
 * @sizing: a sizing
 * @source: (nullable): the inventory it was made from: its collector warnings are listed
 * @stream: the document is appended to its buffer and written out block by block
 *
 * hvp_report_size_json() through a stream (#HvpReportStream): the same bytes, never held whole
 * (a sizing of 100,000 VMs × 10 models is a 36 MB document).  Write errors are left in @stream
 * for hvp_report_stream_finish().
 */
void
hvp_report_size_json_stream (const HvpSizing *sizing, const HvpInventory *source,
                             HvpReportStream *stream)
{
  g_autoptr (cJSON) head = NULL;
  g_autoptr (cJSON) findings = NULL;
  g_autoptr (cJSON) warnings = NULL;

  g_return_if_fail (sizing != NULL);
  g_return_if_fail (stream != NULL);

  head = document_head_json (sizing);
  g_string_append (stream->out, "{\n");
  hvp_json_append_members (stream->out, head, 1);
  append_models (stream, sizing);
  findings = hvp_report_findings_json (sizing->findings);
  hvp_json_append_key (stream->out, "findings", 1);
  hvp_json_append_value (stream->out, findings, 1);
  g_string_append (stream->out, ",\n");
  warnings = hvp_report_warnings_json (source);
  hvp_json_append_key (stream->out, "warnings", 1);
  hvp_json_append_value (stream->out, warnings, 1);
  g_string_append (stream->out, "\n}\n");
}

/**
 * hvp_report_size_json:
 * @sizing: a sizing
 * @source: (nullable): the inventory it was made from: its collector warnings are listed
 * @out: the document is appended here
 *
 * Writes @sizing as an "hvplan-size/1" document (reports/README.md): schema, source,
 * recommendation and how it was chosen, assumptions, demand, one object per model (hosts needed,
 * lower bound, limiting resource, prices, host capacity, placement host by host, findings), the
 * findings about the source and the collector warnings.  Keys in a fixed order, integers exact,
 * two-space indentation, final newline.
 */
void
hvp_report_size_json (const HvpSizing *sizing, const HvpInventory *source, GString *out)
{
  HvpReportStream stream;

  g_return_if_fail (sizing != NULL);
  g_return_if_fail (out != NULL);

  hvp_report_stream_init (&stream, out, NULL, NULL);
  hvp_report_size_json_stream (sizing, source, &stream);
}

/**
 * hvp_report_size_placement_json:
 * @sizing: a sizing onto existing hosts (hvp_sizing_new_for_hosts())
 *
 * The `placement` member `hvplan plan` adds to its document when it has several destination
 * hosts: `fits` (every VM placed, and the spare hosts kept), `hosts[]` (as `models[].placement[]`
 * of `hvplan-size/1`, with each host's `capacity`) and `findings[]`.
 *
 * Returns: (transfer full): the object
 */
cJSON *
hvp_report_size_placement_json (const HvpSizing *sizing)
{
  const HvpSizingModel *model;
  cJSON *object;

  g_return_val_if_fail (sizing != NULL && sizing->models->len == 1, NULL);

  model = g_ptr_array_index (sizing->models, 0);
  object = hvp_json_checked (cJSON_CreateObject ());
  hvp_json_add (object, "fits", hvp_json_bool (model->fits));
  hvp_json_add (object, "spare_hosts", hvp_json_uint64 (sizing->options->spare_hosts));
  hvp_json_add (object, "hosts", placement_to_json (sizing, model));
  hvp_json_add (object, "findings", hvp_report_findings_json (model->findings));
  return object;
}
