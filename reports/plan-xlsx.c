/* hvplan: the plan as a workbook (reports/README.md, "The xlsx reports"), sheets in the spirit of
 * RVTools' (vInfo, vDisk, vNetwork, vSwitch, vSnapshot, vHost): Summary, Requirements, VMs,
 * Disks, Adapters, Switches, Snapshots, Hosts, Findings, Warnings, and Placement with several
 * destination hosts.  The planner's numbers (requirements, the VMs' counted memory and storage,
 * findings) come from #HvpPlan; the inventory's (disks, adapters, switches, snapshots, hosts)
 * from the source #HvpInventory as collected. */
#include "reports/report.h"

#include "reports/sheets.h"
#include "reports/xlsx-module.h"

#define N_COLUMNS(columns) ((guint) G_N_ELEMENTS (columns))

static void
add_summary (HvpXlsxBook *book, const HvpPlan *plan)
{
  static const HvpXlsxColumn columns[] = { { "item", 14 }, { "value", 40 } };
  HvpXlsxSheet *sheet = hvp_xlsx_book_add_sheet (book, "Summary", columns, N_COLUMNS (columns));

  hvp_xlsx_text (sheet, "verdict");
  hvp_xlsx_text (sheet, hvp_verdict_to_string (hvp_plan_verdict (plan)));
  hvp_xlsx_end_row (sheet);
  hvp_xlsx_text (sheet, "source");
  hvp_xlsx_text (sheet, plan->source_name);
  hvp_xlsx_end_row (sheet);
  hvp_xlsx_text (sheet, "destination");
  hvp_xlsx_text (sheet, plan->destination_name);
  hvp_xlsx_end_row (sheet);
  hvp_xlsx_text (sheet, "memory policy");
  hvp_xlsx_text (sheet, hvp_memory_policy_to_string (plan->options->memory_policy));
  hvp_xlsx_end_row (sheet);
}

/* One requirement: sizes in GiB (storage, memory), counts as numbers (NICs, processors). */
static void
add_requirement (HvpXlsxSheet *sheet, const HvpRequirement *requirement, gboolean bytes)
{
  void (*number) (HvpXlsxSheet *, guint64) = bytes ? hvp_xlsx_bytes : hvp_xlsx_count;

  hvp_xlsx_text (sheet, hvp_requirement_kind_to_string (requirement->kind));
  hvp_xlsx_text (sheet, hvp_verdict_to_string (requirement->verdict));
  number (sheet, requirement->required);
  if (requirement->kind == HVP_REQUIREMENT_STORAGE)
    number (sheet, requirement->worst_case);
  else
    hvp_xlsx_blank (sheet);
  number (sheet, requirement->available);
  hvp_xlsx_text (sheet, bytes ? "GiB" : requirement->kind == HVP_REQUIREMENT_NETWORK
                                          ? "physical NICs" : "logical processors");
  hvp_xlsx_end_row (sheet);
}

static void
add_requirements (HvpXlsxBook *book, const HvpPlan *plan)
{
  static const HvpXlsxColumn columns[] = { { "requirement", 14 }, { "verdict", 9 },
                                           { "required", 14 }, { "worst case", 14 },
                                           { "available", 14 }, { "unit", 18 } };
  HvpXlsxSheet *sheet = hvp_xlsx_book_add_sheet (book, "Requirements", columns,
                                                 N_COLUMNS (columns));

  add_requirement (sheet, &plan->requirements[HVP_REQUIREMENT_STORAGE], TRUE);
  add_requirement (sheet, &plan->requirements[HVP_REQUIREMENT_MEMORY], TRUE);
  add_requirement (sheet, &plan->requirements[HVP_REQUIREMENT_NETWORK], FALSE);
  add_requirement (sheet, &plan->requirements[HVP_REQUIREMENT_PROCESSOR], FALSE);
}

/* One VM's row: the planner's figures, then the configuration as collected. */
static void
add_vm_row (HvpXlsxSheet *sheet, const HvpPlanVm *plan_vm, const HvpSheetsVm *vm,
            const char *destination)
{
  hvp_xlsx_text (sheet, plan_vm->name);
  hvp_xlsx_text (sheet, hvp_host_label (vm->host));
  hvp_xlsx_text (sheet, hvp_vm_state_to_string (vm->vm->state));
  hvp_xlsx_count (sheet, plan_vm->vcpus);
  hvp_xlsx_bytes (sheet, plan_vm->memory_bytes);
  hvp_xlsx_bytes (sheet, plan_vm->storage_bytes);
  hvp_xlsx_count (sheet, plan_vm->snapshots);
  hvp_xlsx_bool (sheet, plan_vm->saved_state);
  hvp_xlsx_bool (sheet, plan_vm->concurrent);
  hvp_xlsx_count (sheet, vm->vm->generation);
  hvp_xlsx_bool (sheet, vm->vm->memory.dynamic);
  hvp_xlsx_bytes (sheet, vm->vm->memory.startup_bytes);
  if (vm->vm->memory.dynamic)
    {
      hvp_xlsx_bytes (sheet, vm->vm->memory.minimum_bytes);
      hvp_xlsx_bytes (sheet, vm->vm->memory.maximum_bytes);
    }
  else
    {
      hvp_xlsx_blank (sheet);
      hvp_xlsx_blank (sheet);
    }
  hvp_xlsx_text (sheet, vm->vm->configuration_version);
  hvp_xlsx_text (sheet, vm->vm->config_path);
  if (destination != NULL)
    hvp_xlsx_text (sheet, destination);
  hvp_xlsx_end_row (sheet);
}

static void
add_vms (HvpXlsxBook *book, const HvpPlan *plan, const GPtrArray *vms,
         const HvpSizing *placement)
{
  static const HvpXlsxColumn columns[] = {
    { "VM", 24 }, { "source host", 16 }, { "state", 9 }, { "vCPUs", 7 },
    { "memory counted", 15 }, { "storage counted", 15 }, { "checkpoints", 12 },
    { "saved state", 11 }, { "concurrent", 11 }, { "generation", 11 }, { "dynamic memory", 15 },
    { "startup memory", 15 }, { "minimum memory", 15 }, { "maximum memory", 15 },
    { "configuration version", 12 }, { "configuration file", 50 }, { "destination host", 16 },
  };
  g_autofree const char **destinations = NULL;
  HvpXlsxSheet *sheet;

  if (placement != NULL)
    destinations = hvp_sheets_placement_hosts (placement, plan->vms->len);
  sheet = hvp_xlsx_book_add_sheet (book, "VMs", columns,
                                   N_COLUMNS (columns) - (placement == NULL ? 1 : 0));
  for (guint i = 0; i < plan->vms->len && i < vms->len; i++)
    add_vm_row (sheet, g_ptr_array_index (plan->vms, i), g_ptr_array_index (vms, i),
                destinations != NULL ? (destinations[i] != NULL ? destinations[i] : "")
                                     : NULL);
}

/* One drive of @vm, with its virtual hard disk as read from the file. */
static void
add_disk_row (HvpXlsxSheet *sheet, const HvpSheetsVm *vm, const HvpDrive *drive)
{
  const HvpDisk *disk = drive->disk_path != NULL ? hvp_host_find_disk (vm->host, drive->disk_path)
                                                 : NULL;

  hvp_xlsx_text (sheet, hvp_vm_label (vm->vm));
  hvp_xlsx_text (sheet, hvp_controller_type_to_string (drive->controller_type));
  hvp_xlsx_count (sheet, drive->controller_number);
  hvp_xlsx_count (sheet, drive->controller_location);
  hvp_xlsx_text (sheet, drive->disk_path);
  if (disk == NULL)
    {
      hvp_xlsx_end_row (sheet);
      return;
    }
  hvp_xlsx_text (sheet, hvp_disk_format_to_string (disk->format));
  hvp_xlsx_text (sheet, hvp_disk_type_to_string (disk->type));
  hvp_xlsx_bytes (sheet, disk->virtual_size_bytes);
  hvp_xlsx_bytes (sheet, disk->file_size_bytes);
  hvp_xlsx_text (sheet, disk->parent_path);
  hvp_xlsx_bool (sheet, disk->readable);
  hvp_xlsx_end_row (sheet);
}

static void
add_disks (HvpXlsxBook *book, const GPtrArray *vms)
{
  static const HvpXlsxColumn columns[] = {
    { "VM", 24 }, { "controller", 10 }, { "controller number", 10 },
    { "controller location", 10 }, { "path", 50 }, { "format", 8 }, { "type", 13 },
    { "virtual size", 14 }, { "file size", 14 }, { "parent", 50 }, { "readable", 9 },
  };
  HvpXlsxSheet *sheet = hvp_xlsx_book_add_sheet (book, "Disks", columns, N_COLUMNS (columns));

  for (guint i = 0; i < vms->len; i++)
    {
      const HvpSheetsVm *vm = g_ptr_array_index (vms, i);

      for (guint d = 0; d < vm->vm->drives->len; d++)
        add_disk_row (sheet, vm, g_ptr_array_index (vm->vm->drives, d));
    }
}

static void
add_adapters (HvpXlsxBook *book, const GPtrArray *vms)
{
  static const HvpXlsxColumn columns[] = { { "VM", 24 }, { "adapter", 24 }, { "MAC", 18 },
                                           { "switch", 24 }, { "connected", 10 } };
  HvpXlsxSheet *sheet = hvp_xlsx_book_add_sheet (book, "Adapters", columns, N_COLUMNS (columns));

  for (guint i = 0; i < vms->len; i++)
    {
      const HvpSheetsVm *vm = g_ptr_array_index (vms, i);

      for (guint a = 0; a < vm->vm->adapters->len; a++)
        {
          const HvpAdapter *adapter = g_ptr_array_index (vm->vm->adapters, a);

          hvp_xlsx_text (sheet, hvp_vm_label (vm->vm));
          hvp_xlsx_text (sheet, adapter->name);
          hvp_xlsx_text (sheet, adapter->mac);
          hvp_xlsx_text (sheet, adapter->switch_name);
          hvp_xlsx_bool (sheet, adapter->connected);
          hvp_xlsx_end_row (sheet);
        }
    }
}

static void
add_switches (HvpXlsxBook *book, const HvpInventory *source)
{
  static const HvpXlsxColumn columns[] = { { "host", 16 }, { "switch", 24 }, { "type", 9 },
                                           { "physical NICs", 30 }, { "id", 38 } };
  HvpXlsxSheet *sheet = hvp_xlsx_book_add_sheet (book, "Switches", columns, N_COLUMNS (columns));

  for (guint h = 0; h < source->hosts->len; h++)
    {
      const HvpHost *host = g_ptr_array_index (source->hosts, h);

      for (guint s = 0; s < host->switches->len; s++)
        {
          const HvpSwitch *vswitch = g_ptr_array_index (host->switches, s);

          hvp_xlsx_text (sheet, hvp_host_label (host));
          hvp_xlsx_text (sheet, vswitch->name);
          hvp_xlsx_text (sheet, hvp_switch_type_to_string (vswitch->type));
          hvp_xlsx_lines (sheet, vswitch->physical_nics);
          hvp_xlsx_text (sheet, vswitch->id);
          hvp_xlsx_end_row (sheet);
        }
    }
}

static void
add_snapshot_row (HvpXlsxSheet *sheet, const HvpVm *vm, const HvpSnapshot *snapshot)
{
  hvp_xlsx_text (sheet, hvp_vm_label (vm));
  hvp_xlsx_text (sheet, snapshot->name);
  hvp_xlsx_text (sheet, snapshot->parent != NULL ? snapshot->parent->name : NULL);
  hvp_xlsx_time (sheet, snapshot->creation_time);
  hvp_xlsx_bool (sheet, snapshot->saved_state);
  hvp_xlsx_count (sheet, snapshot->vcpus);
  hvp_xlsx_bytes (sheet, snapshot->memory.startup_bytes);
  hvp_xlsx_count (sheet, snapshot->drives->len);
  hvp_xlsx_bool (sheet, g_strcmp0 (snapshot->id, vm->current_snapshot_id) == 0);
  hvp_xlsx_text (sheet, snapshot->id);
  hvp_xlsx_end_row (sheet);
}

static void
add_snapshots (HvpXlsxBook *book, const GPtrArray *vms)
{
  static const HvpXlsxColumn columns[] = {
    { "VM", 24 }, { "checkpoint", 30 }, { "parent", 30 }, { "created (UTC)", 20 },
    { "saved state", 11 }, { "vCPUs", 7 }, { "startup memory", 15 }, { "hard disks", 10 },
    { "current", 9 }, { "id", 38 },
  };
  HvpXlsxSheet *sheet = hvp_xlsx_book_add_sheet (book, "Snapshots", columns,
                                                 N_COLUMNS (columns));

  for (guint i = 0; i < vms->len; i++)
    {
      const HvpSheetsVm *vm = g_ptr_array_index (vms, i);

      for (guint s = 0; s < vm->vm->snapshots->len; s++)
        add_snapshot_row (sheet, vm->vm, g_ptr_array_index (vm->vm->snapshots, s));
    }
}

static void
add_hosts (HvpXlsxBook *book, const HvpInventory *source)
{
  static const HvpXlsxColumn columns[] = {
    { "host", 16 }, { "operating system", 30 }, { "memory", 14 }, { "logical processors", 10 },
    { "processor", 40 }, { "vendor", 14 }, { "physical NICs", 10 }, { "switches", 10 },
    { "VMs", 8 },
  };
  HvpXlsxSheet *sheet = hvp_xlsx_book_add_sheet (book, "Hosts", columns, N_COLUMNS (columns));

  for (guint h = 0; h < source->hosts->len; h++)
    {
      const HvpHost *host = g_ptr_array_index (source->hosts, h);

      hvp_xlsx_text (sheet, hvp_host_label (host));
      hvp_xlsx_text (sheet, host->os);
      hvp_xlsx_bytes (sheet, host->memory_bytes);
      hvp_xlsx_count (sheet, host->logical_processors);
      hvp_xlsx_text (sheet, host->processor.name);
      hvp_xlsx_text (sheet, host->processor.vendor);
      hvp_xlsx_count (sheet, host->physical_nics->len);
      hvp_xlsx_count (sheet, host->switches->len);
      hvp_xlsx_count (sheet, host->vms->len);
      hvp_xlsx_end_row (sheet);
    }
}

/**
 * hvp_xlsx_report_plan:
 * @plan: a plan
 * @source: the inventory the plan was made from
 * @placement: (nullable): the placement over several destination hosts: adds a `destination
 *   host` column to VMs and the sheet Placement
 * @out: the workbook's bytes are appended here
 * @error: return location for an error
 *
 * Writes @plan as an Office Open XML workbook (reports/README.md, "The xlsx reports"): Summary
 * (verdict, source, destination, memory policy), Requirements (verdict, required, worst case,
 * available: sizes in GiB, counts as numbers), VMs (the plan's `vms[]` and each VM's
 * configuration), Disks, Adapters, Switches, Snapshots and Hosts (the source inventory), Findings
 * and Warnings; each with a frozen header row and an autofilter (xlsx.c).
 *
 * Returns: %FALSE with %HVP_ERROR_WRITE when the workbook cannot be made (temporary files)
 */
gboolean
hvp_xlsx_report_plan (const HvpPlan *plan, const HvpInventory *source, const HvpSizing *placement,
                      GString *out, GError **error)
{
  g_autoptr (GPtrArray) vms = NULL;
  HvpXlsxBook *book;

  g_return_val_if_fail (plan != NULL && source != NULL && out != NULL, FALSE);

  book = hvp_xlsx_book_new (error);
  if (book == NULL)
    return FALSE;
  vms = hvp_sheets_source_vms (source);
  add_summary (book, plan);
  add_requirements (book, plan);
  add_vms (book, plan, vms, placement);
  add_disks (book, vms);
  add_adapters (book, vms);
  add_switches (book, source);
  add_snapshots (book, vms);
  add_hosts (book, source);
  hvp_sheets_add_findings (book, NULL, plan->findings);
  hvp_sheets_add_warnings (book, source);
  if (placement != NULL)
    hvp_sheets_add_placement (book, placement);
  return hvp_xlsx_book_close (book, out, error);
}
