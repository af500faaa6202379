/* hvplan: the parts of the size reports that a sizing by use (`--basis measured`) or a licence
 * bill (`--licensing`) adds: configured against measured per VM and in total, the confidence, the
 * hosts time-aligned packing saves, and hardware + licences per model.  Nothing is written on the
 * configured basis without licences, so those reports stay as they were. */
#include "reports/size-report.h"

#include <math.h>

#include "models/json.h"
#include "models/text.h"
#include "planner/sizing/licence.h"
#include "reports/common.h"
#include "reports/markdown.h"

static gboolean
is_measured (const HvpSizing *sizing)
{
  return sizing->options->basis == HVP_SIZING_BASIS_MEASURED;
}

/* @value with @digits decimals, as a JSON number. */
static cJSON *
json_decimal (double value, int digits)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];

  g_snprintf (format, sizeof format, "%%.%df", digits);
  return hvp_json_checked (cJSON_CreateRaw (g_ascii_formatd (buffer, sizeof buffer, format,
                                                             value)));
}

static cJSON *
amounts_json (guint64 memory_bytes, cJSON *vcpus, guint64 storage_bytes)
{
  cJSON *object = hvp_json_checked (cJSON_CreateObject ());

  hvp_json_add (object, "memory_bytes", hvp_json_uint64 (memory_bytes));
  hvp_json_add (object, "vcpus", vcpus);
  hvp_json_add (object, "storage_bytes", hvp_json_uint64 (storage_bytes));
  return object;
}

/* Adds @key to @object: @value rounded to @digits decimals, unless it is NaN (not sampled). */
static void
add_rate (cJSON *object, const char *key, double value, int digits)
{
  if (!isnan (value))
    hvp_json_add (object, key, json_decimal (value, digits));
}

/* The measured amounts of @vm, with the percentile of its disk and network series when sampled
 * (shown, not packed). */
static cJSON *
measured_json (const HvpSizingVm *vm)
{
  cJSON *object = amounts_json (vm->memory_bytes, json_decimal (vm->demand->vcpus, 2),
                                vm->storage_bytes);

  add_rate (object, "disk_iops", vm->demand->disk_iops, 1);
  add_rate (object, "disk_bytes_per_second", vm->demand->disk_bytes_per_second, 0);
  add_rate (object, "network_bytes_per_second", vm->demand->network_bytes_per_second, 0);
  return object;
}

static cJSON *
vm_json (const HvpSizingVm *vm)
{
  cJSON *object = hvp_json_checked (cJSON_CreateObject ());

  hvp_json_add (object, "name", hvp_json_string (vm->name));
  hvp_json_add (object, "samples", hvp_json_uint64 (vm->demand->samples));
  hvp_json_add (object, "coverage", json_decimal (vm->demand->coverage, 3));
  hvp_json_add (object, "sized_by",
                hvp_json_string (vm->demand->measured ? "measured" : "configured"));
  hvp_json_add (object, "configured",
                amounts_json (vm->configured_memory_bytes,
                              hvp_json_uint64 (vm->configured_vcpus), vm->storage_bytes));
  if (vm->demand->measured)
    hvp_json_add (object, "measured", measured_json (vm));
  else
    hvp_json_add (object, "measured", hvp_json_string (NULL));
  return object;
}

/* Σ configured memory and vCPUs over @sizing's VMs. */
static void
configured_totals (const HvpSizing *sizing, guint64 *ret_memory, guint64 *ret_vcpus)
{
  *ret_memory = *ret_vcpus = 0;
  for (guint i = 0; i < sizing->vms->len; i++)
    {
      const HvpSizingVm *vm = g_ptr_array_index (sizing->vms, i);

      *ret_memory = hvp_add_saturating (*ret_memory, vm->configured_memory_bytes);
      *ret_vcpus = hvp_add_saturating (*ret_vcpus, vm->configured_vcpus);
    }
}

/**
 * hvp_report_size_measured_json:
 * @sizing: a sizing
 * @root: the `hvplan-size/1` document being built
 *
 * On the measured basis, adds `basis`, `percentile`, `comfort_factor`, `time_aligned`,
 * `confidence` {`rating`, `coverage`, `rule`}, `demand_configured` {`memory_bytes`, `vcpus`,
 * `storage_bytes`} and `vms[]` (per VM: `name`, `samples`, `coverage`, `sized_by`, `configured`,
 * `measured` or null, with `disk_iops`, `disk_bytes_per_second` and `network_bytes_per_second`
 * when the VM's series hold them); with --licensing, `licensing` {`asked`, `rule`, `windows_vms`,
 * `not_windows_vms`, `unknown_guest_vms`}.  Nothing otherwise.
 */
void
hvp_report_size_measured_json (const HvpSizing *sizing, cJSON *root)
{
  g_return_if_fail (sizing != NULL && root != NULL);

  if (is_measured (sizing))
    {
      cJSON *confidence = hvp_json_checked (cJSON_CreateObject ());
      cJSON *vms = hvp_json_checked (cJSON_CreateArray ());
      guint64 memory, vcpus;

      configured_totals (sizing, &memory, &vcpus);
      hvp_json_add (root, "basis", hvp_json_string ("measured"));
      hvp_json_add (root, "percentile", json_decimal (sizing->options->percentile, 1));
      hvp_json_add (root, "comfort_factor", json_decimal (sizing->options->comfort_factor, 2));
      hvp_json_add (root, "time_aligned", hvp_json_bool (sizing->time_aligned));
      hvp_json_add (confidence, "rating", hvp_json_uint64 (sizing->confidence_rating));
      hvp_json_add (confidence, "coverage", json_decimal (sizing->coverage, 3));
      hvp_json_add (confidence, "rule", hvp_json_string (hvp_confidence_rule ()));
      hvp_json_add (root, "confidence", confidence);
      hvp_json_add (root, "demand_configured",
                    amounts_json (memory, hvp_json_uint64 (vcpus), sizing->total_storage_bytes));
      for (guint i = 0; i < sizing->vms->len; i++)
        cJSON_AddItemToArray (vms, vm_json (g_ptr_array_index (sizing->vms, i)));
      hvp_json_add (root, "vms", vms);
    }
  if (sizing->options->licensing != HVP_LICENSING_NONE)
    {
      cJSON *licensing = hvp_json_checked (cJSON_CreateObject ());
      g_autofree char *rule = hvp_licence_rule ();

      hvp_json_add (licensing, "asked",
                    hvp_json_string (hvp_licensing_to_string (sizing->options->licensing)));
      hvp_json_add (licensing, "rule", hvp_json_string (rule));
      hvp_json_add (licensing, "windows_vms",
                    hvp_json_uint64 (sizing->n_guests[HVP_TRISTATE_YES]));
      hvp_json_add (licensing, "not_windows_vms",
                    hvp_json_uint64 (sizing->n_guests[HVP_TRISTATE_NO]));
      hvp_json_add (licensing, "unknown_guest_vms",
                    hvp_json_uint64 (sizing->n_guests[HVP_TRISTATE_UNKNOWN]));
      hvp_json_add (root, "licensing", licensing);
    }
}

/**
 * hvp_report_size_measured_model_json:
 * @sizing: a sizing
 * @model: one of its models
 * @object: the model's object in `models[]`
 *
 * Adds `hosts_needed_per_vm_percentile` (measured basis, series aligned) and, with --licensing,
 * `hardware_price`, `licence_price` and `licensing` (the edition counted; null when the catalog
 * has no price for it).
 */
void
hvp_report_size_measured_model_json (const HvpSizing *sizing, const HvpSizingModel *model,
                                     cJSON *object)
{
  g_return_if_fail (sizing != NULL && model != NULL && object != NULL);

  if (is_measured (sizing) && sizing->time_aligned)
    hvp_json_add (object, "hosts_needed_per_vm_percentile",
                  model->fits && model->hosts_needed_per_vm_percentile > 0
                    ? hvp_json_uint64 (model->hosts_needed_per_vm_percentile)
                    : hvp_json_string (NULL));
  if (sizing->options->licensing == HVP_LICENSING_NONE || model->catalog_model == NULL)
    return;
  hvp_json_add (object, "hardware_price", model->fits && model->catalog_model->has_price
                                            ? hvp_json_uint64 (model->hardware_price)
                                            : hvp_json_string (NULL));
  hvp_json_add (object, "licence_price", model->fits && model->has_licence_price
                                           ? hvp_json_uint64 (model->licence_price)
                                           : hvp_json_string (NULL));
  hvp_json_add (object, "licensing", hvp_json_string (model->fits && model->has_licence_price
                                                        ? hvp_licensing_to_string (model->licensing)
                                                        : NULL));
}

/* "4.0 GiB", "1.25": a VM's memory and processors for people. */
static char *
format_vcpus (double vcpus)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.2f", vcpus));
}

/* Whether a VM of @sizing has a disk or network percentile to show. */
static gboolean
any_io (const HvpSizing *sizing)
{
  for (guint i = 0; i < sizing->vms->len; i++)
    if (hvp_vm_demand_has_io (((const HvpSizingVm *) g_ptr_array_index (sizing->vms, i))->demand))
      return TRUE;
  return FALSE;
}

/* @value / @divisor, a rate, for people: "-" when not sampled, else with @digits decimals and
 * @unit after it (empty in a table cell, whose heading names it). */
static void
append_rate (GString *out, double value, double divisor, int digits, const char *unit)
{
  if (isnan (value))
    g_string_append (out, "-");
  else
    g_string_append_printf (out, "%.*f%s", digits, value / divisor, unit);
}

/* The disk and network percentiles of @vm: table cells (@markdown) or a clause of its line. */
static void
append_vm_io (const HvpSizingVm *vm, gboolean markdown, GString *out)
{
  if (!markdown && !hvp_vm_demand_has_io (vm->demand))
    return;
  g_string_append (out, markdown ? " " : "; disk IOPS ");
  append_rate (out, vm->demand->disk_iops, 1, 1, "");
  g_string_append (out, markdown ? " | " : ", disk ");
  append_rate (out, vm->demand->disk_bytes_per_second, (double) HVP_MIB, 2,
               markdown ? "" : " MiB/s");
  g_string_append (out, markdown ? " | " : ", network ");
  append_rate (out, vm->demand->network_bytes_per_second, (double) HVP_MIB, 2,
               markdown ? "" : " MiB/s");
  g_string_append (out, markdown ? " |" : "");
}

/* One row per VM: name, samples, coverage, memory configured → measured, vCPUs likewise, and
 * (@io) the disk and network percentiles. */
static void
append_vm_rows (const HvpSizing *sizing, gboolean markdown, gboolean io, GString *out)
{
  for (guint i = 0; i < sizing->vms->len; i++)
    {
      const HvpSizingVm *vm = g_ptr_array_index (sizing->vms, i);
      g_autofree char *configured = hvp_format_gib (vm->configured_memory_bytes);
      g_autofree char *measured = hvp_format_gib (vm->memory_bytes);
      g_autofree char *vcpus = format_vcpus (vm->demand->vcpus);

      g_string_append (out, markdown ? "| " : "  ");
      if (markdown)
        hvp_markdown_append_name (out, vm->name);
      else
        hvp_text_append_terminal (out, vm->name);
      g_string_append_printf (out, markdown ? " | %u | %.0f %% | %s | %s | %" G_GUINT64_FORMAT
                                              " | %s | %s |"
                                            : ": %u samples (%.0f %% of the period); memory %s "
                                              "configured, %s measured; vCPUs %" G_GUINT64_FORMAT
                                              " configured, %s measured; sized by %s",
                              vm->demand->samples, floor (vm->demand->coverage * 100 + 1e-9),
                              configured, vm->demand->measured ? measured : "-",
                              vm->configured_vcpus, vm->demand->measured ? vcpus : "-",
                              vm->demand->measured ? "use" : "configuration (too few samples)");
      if (io)
        append_vm_io (vm, markdown, out);
      g_string_append_c (out, '\n');
    }
}

/* The saving of time-aligned packing and the licence bill, per model. */
static void
append_model_lines (const HvpSizing *sizing, gboolean markdown, GString *out)
{
  for (guint i = 0; i < sizing->models->len; i++)
    {
      const HvpSizingModel *model = g_ptr_array_index (sizing->models, i);

      if (!model->fits || model->catalog_model == NULL)
        continue;
      g_string_append (out, markdown ? "- " : "  ");
      if (markdown)
        hvp_markdown_append_name (out, model->name);
      else
        hvp_text_append_terminal (out, model->name);
      g_string_append_printf (out, ": %u hosts", model->hosts_needed);
      if (is_measured (sizing) && sizing->time_aligned)
        g_string_append_printf (out, " time-aligned, %u by per-VM percentiles",
                                model->hosts_needed_per_vm_percentile);
      if (model->has_licence_price)
        g_string_append_printf (out, "; hardware %" G_GUINT64_FORMAT " + %s licences %"
                                     G_GUINT64_FORMAT " = %" G_GUINT64_FORMAT,
                                model->hardware_price, hvp_licensing_to_string (model->licensing),
                                model->licence_price, model->total_price);
      else if (sizing->options->licensing != HVP_LICENSING_NONE)
        g_string_append (out, "; licences not counted (the catalog has no licence price)");
      g_string_append_c (out, '\n');
    }
}

/* The measured basis's lines: parameters, totals, confidence, packing, the input/output note
 * (@io) and one row per VM. */
static void
append_measured_basis (const HvpSizing *sizing, gboolean markdown, gboolean io, GString *out)
{
  guint64 memory, vcpus;
  g_autofree char *configured = NULL;
  g_autofree char *measured = hvp_format_gib (sizing->total_memory_bytes);

  configured_totals (sizing, &memory, &vcpus);
  configured = hvp_format_gib (memory);
  g_string_append_printf (out, "%sbasis: measured, %.6gth percentile of each VM's samples × "
                               "comfort factor %.6g (Azure Migrate's performance-based sizing); "
                               "%u of %u VMs sized by use\n",
                          markdown ? "" : "  ", sizing->options->percentile,
                          sizing->options->comfort_factor, sizing->n_measured,
                          sizing->vms->len);
  g_string_append_printf (out, "%s%stotal: memory %s configured, %s measured; vCPUs %"
                               G_GUINT64_FORMAT " configured, %" G_GUINT64_FORMAT
                               " measured (rounded up per VM)\n",
                          markdown ? "\n" : "", markdown ? "" : "  ", configured, measured,
                          vcpus, sizing->total_vcpus);
  g_string_append_printf (out, "%s%sconfidence: %u of 5 stars, coverage %.0f %% (%s)\n",
                          markdown ? "\n" : "", markdown ? "" : "  ",
                          sizing->confidence_rating, floor (sizing->coverage * 100 + 1e-9),
                          hvp_confidence_rule ());
  g_string_append_printf (out, "%s%spacking: %s\n", markdown ? "\n" : "", markdown ? "" : "  ",
                          sizing->time_aligned
                            ? "time-aligned (a host fits when the percentile of its VMs' "
                              "summed samples is within its capacity)"
                            : "each VM at its own percentile (time-aligned packing needs "
                              "catalog models and series on one timeline)");
  if (io)
    g_string_append_printf (out, "%s%sinput/output: the %.6gth percentile of each VM's disk "
                                 "IOPS, disk MiB/s and network MiB/s where sampled, shown only: "
                                 "not used for packing (the catalog has no disk or network "
                                 "capacity)\n",
                            markdown ? "\n" : "", markdown ? "" : "  ",
                            sizing->options->percentile);
  if (markdown)
    g_string_append_printf (out, "\n| VM | samples | coverage | memory configured | memory "
                                 "measured | vCPUs configured | vCPUs measured | sized by |%s"
                                 "\n|---|---:|---:|---:|---:|---:|---:|---|%s\n",
                            io ? " disk IOPS | disk MiB/s | network MiB/s |" : "",
                            io ? "---:|---:|---:|" : "");
  append_vm_rows (sizing, markdown, io, out);
}

/**
 * hvp_report_size_measured_text:
 * @sizing: a sizing
 * @markdown: %TRUE for Markdown (a section with a table), %FALSE for plain text
 * @out: appended here
 *
 * On the measured basis: the basis and its parameters, configured against measured in total and
 * per VM (which fell back to configured, and why, and the percentile of its disk IOPS, disk
 * MiB/s and network MiB/s where sampled, said to be shown only), the confidence with its rule;
 * per model the hosts time-aligned and by per-VM percentiles; with --licensing, hardware +
 * licences per model and the rules applied.  Nothing on the configured basis without licences.
 */
void
hvp_report_size_measured_text (const HvpSizing *sizing, gboolean markdown, GString *out)
{
  gboolean io;

  g_return_if_fail (sizing != NULL && out != NULL);

  if (!is_measured (sizing) && sizing->options->licensing == HVP_LICENSING_NONE)
    return;
  io = is_measured (sizing) && any_io (sizing);
  g_string_append (out, markdown ? "\n## Basis and licences\n\n" : "\nBasis and licences:\n");
  if (is_measured (sizing))
    append_measured_basis (sizing, markdown, io, out);
  if (sizing->options->licensing != HVP_LICENSING_NONE)
    {
      g_autofree char *rule = hvp_licence_rule ();

      g_string_append_printf (out, "%s%slicensing: %s; %s\n", markdown ? "\n" : "",
                              markdown ? "" : "  ",
                              hvp_licensing_to_string (sizing->options->licensing), rule);
      g_string_append_printf (out, "%s%sguests: %u Windows, %u not Windows (no Windows Server VM "
                                   "rights), %u unknown (counted as Windows)\n",
                              markdown ? "\n" : "", markdown ? "" : "  ",
                              sizing->n_guests[HVP_TRISTATE_YES], sizing->n_guests[HVP_TRISTATE_NO],
                              sizing->n_guests[HVP_TRISTATE_UNKNOWN]);
    }
  if (markdown)
    g_string_append_c (out, '\n');
  append_model_lines (sizing, markdown, out);
}
