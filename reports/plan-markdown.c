/* hvplan: the plan as the migration checklist an administrator works through, in Markdown.
 *
 * The steps follow Microsoft's Hyper-V migration guide for Windows Server 2012 ("Hyper-V: Prepare
 * to Migrate", "Hyper-V: Verify the Migration", "Hyper-V: Post-migration Tasks"): back up, update,
 * prepare the destination (the four checks), install the migration tools, record the
 * configuration, re-apply the security settings, plan the downtime, verify.
 *
 * Every item is a GitHub task list item ("- [ ] ...").  Text from the inventory (names, messages)
 * goes through hvp_markdown_append_text() (reports/markdown.c), which backslash-escapes every
 * Markdown special and shows control characters as their Unicode control pictures, so a name can
 * neither start a block nor end a line; paths and other literal strings go through
 * hvp_markdown_append_code(), a code span whose fence is longer than any backtick run inside it.
 * Only hvp_markdown_append_text() writes into table cells: it escapes '|' too. */
#include "reports/report.h"

#include <string.h>

#include "models/guide.h"
#include "planner/checks/security-items.h"
#include "reports/common.h"
#include "reports/markdown.h"

/* "- [ ] " at @depth levels of nesting (two spaces each: the content of "- " starts there). */
static void
append_task (GString *out, guint depth)
{
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
  g_string_append (out, "- [ ] ");
}

static void
append_bullet (GString *out, guint depth)
{
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
  g_string_append (out, "- ");
}

/* "4.0 GiB (4096 MiB)", "0.0 GiB (2560 bytes)": GiB for people, and the exact size to re-enter. */
static void
append_size (GString *out, guint64 bytes)
{
  g_autofree char *gib = hvp_format_gib (bytes);
  g_autofree char *exact = hvp_report_format_mib (bytes);

  g_string_append_printf (out, "%s (%s)", gib, exact);
}

static const char *
source_label (const HvpPlan *plan)
{
  return hvp_report_source_label (plan->source_name);
}

static const char *
destination_label (const HvpPlan *plan)
{
  return hvp_report_destination_label (plan->destination_name);
}

/* 1. ------------------------------------------------------------------------------------------- */

static void
append_backup (const HvpPlan *plan, const HvpInventory *source, GString *out)
{
  guint vms = source != NULL ? hvp_inventory_count_vms (source) : 0;

  append_task (out, 0);
  g_string_append (out, "Back up the source server ");
  hvp_markdown_append_name (out, source_label (plan));
  g_string_append_printf (out, " with its %u virtual machine%s: their configurations, virtual "
                               "hard disks, checkpoints and saved states\n",
                          vms, vms == 1 ? "" : "s");
  append_task (out, 0);
  g_string_append (out, "Verify the backup: restore sample files from it to another location "
                        "and open them\n\n");
}

/* 2. ------------------------------------------------------------------------------------------- */

static void
append_updates (const HvpPlan *plan, const HvpInventory *source G_GNUC_UNUSED, GString *out)
{
  append_task (out, 0);
  g_string_append (out, "Install the latest updates on the source server ");
  hvp_markdown_append_name (out, source_label (plan));
  g_string_append (out, "\n");
  append_task (out, 0);
  g_string_append (out, "Install the latest updates on the destination server ");
  hvp_markdown_append_name (out, destination_label (plan));
  g_string_append (out, "\n\n");
}

/* 3. ------------------------------------------------------------------------------------------- */

static void
append_requirements_table (const HvpPlan *plan, GString *out)
{
  g_string_append (out, "| requirement | needed | available | verdict | VMs concerned |\n");
  g_string_append (out, "| --- | ---: | ---: | --- | --- |\n");
  for (guint k = 0; k <= HVP_N_REQUIREMENTS; k++)
    {
      /* The four capacity rows, then compatibility (its needed: the VMs concerned). */
      const HvpRequirement *requirement
        = &plan->requirements[k < HVP_N_REQUIREMENTS ? k : HVP_REQUIREMENT_COMPATIBILITY];
      g_autofree char *needed = hvp_report_format_amount (requirement->kind, requirement->required);
      g_autofree char *available = k < HVP_N_REQUIREMENTS
                                     ? hvp_report_format_amount (requirement->kind,
                                                                 requirement->available)
                                     : g_strdup ("-");
      g_autofree char *verdict = hvp_report_verdict_upper (requirement->verdict);

      g_string_append_printf (out, "| %s | %s | %s | %s |",
                              hvp_requirement_kind_to_string (requirement->kind), needed,
                              available, verdict);
      /* The responsible VMs explain a warn or fail; a passing processor requirement lists its
       * saved-state VMs there, which concern nobody. */
      if (requirement->verdict >= HVP_VERDICT_WARN && requirement->vms->len > 0)
        {
          g_string_append_c (out, ' ');
          hvp_markdown_append_text_list (out, requirement->vms);
        }
      g_string_append (out, " |\n");
    }
}

static void
append_finding (const HvpFinding *finding, GString *out)
{
  g_autofree char *severity = hvp_report_verdict_upper (finding->severity);

  append_task (out, 0);
  g_string_append_printf (out, "**%s** %s", severity,
                          hvp_requirement_kind_to_string (finding->requirement));
  if (finding->vm != NULL)
    {
      g_string_append (out, ", VM ");
      hvp_markdown_append_name (out, finding->vm);
    }
  g_string_append (out, ": ");
  hvp_markdown_append_text (out, finding->message);
  g_string_append_c (out, '\n');
}

/* A finding of the four checks of step 3, or a configuration not read (its VM is missing from
 * them); compatibility's follow them in step 3, security's go to step 6. */
static gboolean
is_capacity_finding (const HvpFinding *finding)
{
  return finding->requirement < HVP_N_REQUIREMENTS
         || finding->requirement == HVP_REQUIREMENT_INVENTORY;
}

/* A sentence when the destination already holds VMs: the table counts them. */
static void
append_destination_use (const HvpPlan *plan, GString *out)
{
  const HvpDestinationUse *use = &plan->destination_use;
  g_autofree char *memory = NULL;
  g_autofree char *storage = NULL;

  if (use->vms == 0)
    return;
  memory = hvp_format_gib (hvp_destination_use_memory_bytes (use));
  storage = hvp_format_gib (use->storage_bytes);
  g_string_append_printf (out, "Already on the destination: %u VM%s (%u counted as running: "
                               "%s of memory with overhead, %" G_GUINT64_FORMAT " vCPUs), %s of "
                               "files and %u physical NIC%s; the table counts them as used.\n\n",
                          use->vms, use->vms == 1 ? "" : "s", use->concurrent, memory,
                          use->vcpus, storage, use->nics, use->nics == 1 ? "" : "s");
}

/* The compatibility part of step 3: each VM's migration path with its commands, then the
 * compatibility findings. */
static void
append_compatibility (const HvpPlan *plan, const HvpInventory *source, GString *out)
{
  guint listed = 0;

  hvp_markdown_append_compatibility (plan, source, out);
  for (guint i = 0; i < plan->findings->len; i++)
    {
      const HvpFinding *finding = g_ptr_array_index (plan->findings, i);

      if (finding->requirement != HVP_REQUIREMENT_COMPATIBILITY)
        continue;
      listed++;
      append_finding (finding, out);
    }
  if (listed > 0)
    g_string_append_c (out, '\n');
}

static void
append_destination (const HvpPlan *plan, const HvpInventory *source, GString *out)
{
  g_autofree char *verdict = NULL;
  g_autofree char *worst = hvp_format_gib (plan->requirements[HVP_REQUIREMENT_STORAGE].worst_case);
  guint actions = 0;
  guint listed = 0;

  /* The verdict of the four checks; the security findings belong to step 6. */
  verdict = hvp_report_verdict_upper (hvp_plan_capacity_verdict (plan));

  g_string_append (out, "The four checks of the destination ");
  hvp_markdown_append_name (out, destination_label (plan));
  g_string_append_printf (out, " against the source: **%s**.\n\n", verdict);
  append_requirements_table (plan, out);
  g_string_append_printf (out,
                          "\nStorage worst case (dynamic and differencing disks full): %s.\n\n",
                          worst);
  append_destination_use (plan, out);

  /* Findings come sorted worst first: the failures and warnings to fix, then the notes. */
  for (guint i = 0; i < plan->findings->len; i++)
    {
      const HvpFinding *finding = g_ptr_array_index (plan->findings, i);

      if (!is_capacity_finding (finding))
        continue;
      listed++;
      if (finding->severity >= HVP_VERDICT_WARN)
        actions++;
      append_finding (finding, out);
    }
  if (listed == 0)
    g_string_append (out, "No findings: the destination meets every requirement.\n");
  else if (actions == 0)
    g_string_append (out, "\nNo failure or warning: the notes above need no change to the "
                          "destination.\n");
  g_string_append_c (out, '\n');
  append_compatibility (plan, source, out);
}

/* 4. ------------------------------------------------------------------------------------------- */

static void
append_migration_tools (const HvpPlan *plan, const HvpInventory *source G_GNUC_UNUSED, GString *out)
{
  append_task (out, 0);
  g_string_append (out, "On the destination server ");
  hvp_markdown_append_name (out, destination_label (plan));
  g_string_append (out, " first: install Windows Server Migration Tools "
                        "(`Install-WindowsFeature Migration`) and create a deployment folder "
                        "for the source with `SmigDeploy.exe`\n");
  append_task (out, 0);
  g_string_append (out, "Then on the source server ");
  hvp_markdown_append_name (out, source_label (plan));
  g_string_append (out, ": copy the deployment folder there and register the tools by running "
                        "`SmigDeploy.exe` from it\n\n");
}

/* 5. ------------------------------------------------------------------------------------------- */

static void
append_memory (const HvpMemory *memory, GString *out)
{
  if (!memory->dynamic)
    {
      g_string_append (out, "static, ");
      append_size (out, memory->startup_bytes);
      return;
    }
  g_string_append (out, "dynamic, minimum ");
  append_size (out, memory->minimum_bytes);
  g_string_append (out, ", startup ");
  append_size (out, memory->startup_bytes);
  g_string_append (out, ", maximum ");
  append_size (out, memory->maximum_bytes);
}

static gboolean
memory_equal (const HvpMemory *a, const HvpMemory *b)
{
  return a->dynamic == b->dynamic && a->startup_bytes == b->startup_bytes
         && a->minimum_bytes == b->minimum_bytes && a->maximum_bytes == b->maximum_bytes;
}

/* ": VHDX, dynamic, virtual size 60.0 GiB (61440 MiB), file 12.0 GiB (12288 MiB)" and the end of
 * the line, or that the header was not read. */
static void
append_disk_description (const HvpDisk *disk, GString *out)
{
  if (disk == NULL || !disk->readable)
    {
      g_string_append (out, ": header not read, format and sizes unknown\n");
      return;
    }
  g_string_append_printf (out, ": %s, %s, virtual size ",
                          hvp_disk_format_to_string (disk->format),
                          hvp_disk_type_to_string (disk->type));
  append_size (out, disk->virtual_size_bytes);
  g_string_append (out, ", file ");
  append_size (out, disk->file_size_bytes);
  g_string_append_c (out, '\n');
}

/* One disk file and, nested below it, its parent chain. */
static void
append_disk_file (const HvpHost *host, const char *path, guint depth, GString *out)
{
  const HvpDisk *disk = hvp_host_find_disk (host, path);

  hvp_markdown_append_code (out, path);
  append_disk_description (disk, out);
  if (disk == NULL)
    return;

  /* The chain, one level deeper per parent; the host's disk table has no loops
   * (hvp_host_link_disks()), but a chain longer than the table would be one. */
  for (guint steps = 0; disk->parent_path != NULL && steps < host->disks->len; steps++)
    {
      append_bullet (out, ++depth);
      g_string_append (out, "parent ");
      if (disk->parent == NULL)
        {
          hvp_markdown_append_code (out, disk->parent_path);
          g_string_append (out, ": not found among the source's disks\n");
          return;
        }
      disk = disk->parent;
      hvp_markdown_append_code (out, disk->path);
      append_disk_description (disk, out);
    }
}

static void
append_drives (const HvpHost *host, const GPtrArray *drives, guint depth, GString *out)
{
  for (guint i = 0; i < drives->len; i++)
    {
      const HvpDrive *drive = g_ptr_array_index (drives, i);
      g_autofree char *controller =
        g_ascii_strup (hvp_controller_type_to_string (drive->controller_type), -1);

      append_bullet (out, depth);
      g_string_append_printf (out, "%s %u:%u ", controller, drive->controller_number,
                              drive->controller_location);
      /* A pass-through disk (or a drive whose file is unknown) has no file to describe. */
      if (drive->disk_path == NULL && drive->passthrough_disk >= 0)
        g_string_append_printf (out, "pass-through physical disk %d of the source host\n",
                                drive->passthrough_disk);
      else if (drive->disk_path == NULL)
        g_string_append (out, "no file recorded\n");
      else
        append_disk_file (host, drive->disk_path, depth, out);
    }
}

static void
append_snapshot (const HvpVm *vm, const HvpSnapshot *snapshot, guint depth, GString *out)
{
  append_bullet (out, depth);
  hvp_markdown_append_name (out, snapshot->name);
  if (snapshot->creation_time != 0)
    {
      g_autoptr (GDateTime) time = g_date_time_new_from_unix_utc (snapshot->creation_time);
      g_autofree char *text = time != NULL ? g_date_time_format (time, "%Y-%m-%d %H:%M:%S UTC")
                                           : NULL;

      if (text != NULL)
        g_string_append_printf (out, ", taken %s", text);
    }
  /* Its configuration where it differs from the VM's (0: unknown). */
  if (snapshot->vcpus > 0 && snapshot->vcpus != vm->vcpus)
    g_string_append_printf (out, ", %u vCPUs", snapshot->vcpus);
  if (snapshot->memory.startup_bytes > 0 && !memory_equal (&snapshot->memory, &vm->memory))
    {
      g_string_append (out, ", memory ");
      append_memory (&snapshot->memory, out);
    }
  if (snapshot->saved_state)
    g_string_append (out, ", with saved state");
  if (vm->current_snapshot_id != NULL && snapshot->id != NULL
      && strcmp (vm->current_snapshot_id, snapshot->id) == 0)
    g_string_append (out, ", the VM runs on it now");
  g_string_append_c (out, '\n');
  for (guint i = 0; i < snapshot->children->len; i++)
    append_snapshot (vm, g_ptr_array_index (snapshot->children, i), depth + 1, out);
}

/* The VM's item: name, id, state at collection, generation, configuration version. */
static void
append_vm_heading (const HvpVm *vm, GString *out)
{
  append_task (out, 0);
  hvp_markdown_append_name (out, vm->name);
  g_string_append (out, ": id ");
  hvp_markdown_append_code (out, vm->id != NULL ? vm->id : "");
  g_string_append_printf (out, ", state at collection %s", hvp_vm_state_to_string (vm->state));
  if (vm->generation != 0)
    g_string_append_printf (out, ", generation %u", vm->generation);
  if (vm->configuration_version != NULL)
    {
      g_string_append (out, ", configuration version ");
      hvp_markdown_append_text (out, vm->configuration_version);
    }
  g_string_append_c (out, '\n');
}

static void
append_vm_checkpoints (const HvpVm *vm, GString *out)
{
  append_bullet (out, 1);
  if (vm->snapshots->len == 0)
    {
      g_string_append (out, "checkpoints: none\n");
      return;
    }
  g_string_append_printf (out, "checkpoints (%u):\n", vm->snapshots->len);
  for (guint i = 0; i < vm->snapshots->len; i++)
    {
      const HvpSnapshot *snapshot = g_ptr_array_index (vm->snapshots, i);

      if (snapshot->parent == NULL)
        append_snapshot (vm, snapshot, 2, out);
    }
}

static void
append_vm_saved_state (const HvpVm *vm, GString *out)
{
  append_bullet (out, 1);
  if (!vm->saved_state)
    g_string_append (out, "saved state: none\n");
  else if (vm->saved_state_bytes > 0)
    {
      g_string_append (out, "saved state: yes, ");
      append_size (out, vm->saved_state_bytes);
      g_string_append_c (out, '\n');
    }
  else
    g_string_append (out, "saved state: yes, size unknown\n");
}

/* One adapter: its name, MAC and the switch it connects to. */
static void
append_adapter (const HvpAdapter *adapter, GString *out)
{
  append_bullet (out, 2);
  hvp_markdown_append_name (out, adapter->name);
  if (adapter->mac != NULL)
    {
      g_string_append (out, ", MAC ");
      hvp_markdown_append_code (out, adapter->mac);
    }
  if (adapter->switch_name != NULL)
    {
      g_string_append (out, ", on switch ");
      hvp_markdown_append_name (out, adapter->switch_name);
    }
  else if (adapter->switch_id != NULL)
    {
      g_string_append (out, ", on switch id ");
      hvp_markdown_append_code (out, adapter->switch_id);
    }
  else
    g_string_append (out, ", not connected");
  g_string_append_c (out, '\n');
}

/* One item per VM, its configuration nested below: memory, vCPUs, hard disks with their parent
 * chains, checkpoint tree, saved state, network adapters. */
static void
append_vm_record (const HvpHost *host, const HvpVm *vm, GString *out)
{
  append_vm_heading (vm, out);

  append_bullet (out, 1);
  g_string_append (out, "memory: ");
  append_memory (&vm->memory, out);
  g_string_append_c (out, '\n');
  append_bullet (out, 1);
  g_string_append_printf (out, "vCPUs: %u; processor compatibility for migration %s\n", vm->vcpus,
                          vm->processor_compatibility ? "on" : "off");

  append_bullet (out, 1);
  g_string_append (out, vm->drives->len == 0 ? "hard disks: none\n" : "hard disks:\n");
  append_drives (host, vm->drives, 2, out);

  append_vm_checkpoints (vm, out);
  append_vm_saved_state (vm, out);

  append_bullet (out, 1);
  g_string_append (out, vm->adapters->len == 0 ? "network adapters: none\n"
                                               : "network adapters:\n");
  for (guint i = 0; i < vm->adapters->len; i++)
    append_adapter (g_ptr_array_index (vm->adapters, i), out);
}

static void
append_switch_record (const HvpSwitch *vswitch, GString *out)
{
  append_task (out, 0);
  hvp_markdown_append_name (out, vswitch->name);
  g_string_append_printf (out, " (%s)", hvp_switch_type_to_string (vswitch->type));
  if (vswitch->type == HVP_SWITCH_TYPE_EXTERNAL)
    {
      if (vswitch->physical_nics->len == 0)
        g_string_append (out, ", bound to a physical NIC the source did not name");
      else
        {
          g_string_append (out, ", bound to ");
          hvp_markdown_append_text_list (out, vswitch->physical_nics);
        }
    }
  g_string_append_c (out, '\n');
}

/* A fenced code block holding @text verbatim, CRLF as LF, other control characters as
 * hvp_markdown_append_literal_char() writes them: the fence is longer than any backtick run in
 * @text, so no line can close it (CommonMark 0.30, 4.5 "Fenced code blocks"). */
static void
append_code_block (const char *text, GString *out)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  gsize longest = 0;
  gsize run = 0;
  gboolean at_line_start = TRUE;

  for (const char *p = valid; *p != '\0'; p++)
    {
      run = *p == '`' ? run + 1 : 0;
      longest = MAX (longest, run);
    }
  longest = MAX (longest + 1, 3);
  for (gsize i = 0; i < longest; i++)
    g_string_append_c (out, '`');
  g_string_append (out, "text\n");
  for (const char *p = valid; *p != '\0';)
    {
      if (*p == '\r' || *p == '\n')
        {
          if (*p == '\n' || p[1] != '\n')
            g_string_append_c (out, '\n');
          at_line_start = *p == '\n' || p[1] != '\n';
          p++;
          continue;
        }
      p = hvp_markdown_append_literal_char (out, p, TRUE);
      at_line_start = FALSE;
    }
  if (!at_line_start)
    g_string_append_c (out, '\n');
  for (gsize i = 0; i < longest; i++)
    g_string_append_c (out, '`');
  g_string_append_c (out, '\n');
}

static void
append_host_record (const HvpHost *host, GString *out)
{
  g_string_append (out, "### Virtual machines of ");
  hvp_markdown_append_text (out, hvp_host_label (host));
  g_string_append (out, "\n\n");
  if (host->vms->len == 0)
    g_string_append (out, "None.\n");
  for (guint i = 0; i < host->vms->len; i++)
    append_vm_record (host, g_ptr_array_index (host->vms, i), out);
  g_string_append_c (out, '\n');

  g_string_append (out, "### Virtual networks of ");
  hvp_markdown_append_text (out, hvp_host_label (host));
  g_string_append (out, "\n\n");
  if (host->switches->len == 0)
    g_string_append (out, "None recorded.\n");
  for (guint i = 0; i < host->switches->len; i++)
    append_switch_record (g_ptr_array_index (host->switches, i), out);
  g_string_append_c (out, '\n');

  /* A heading of its own: a list after a blank line would join the one above. */
  g_string_append (out, "### IP settings of ");
  hvp_markdown_append_text (out, hvp_host_label (host));
  g_string_append (out, "\n\n");
  append_task (out, 0);
  if (host->ip_configuration != NULL)
    {
      g_string_append (out, "Re-create the addresses of the External networks on the "
                            "destination from the host's `ipconfig /all` at collection:\n\n");
      append_code_block (host->ip_configuration, out);
    }
  else
    g_string_append (out, "Not collected: run `ipconfig /all` on the source server and keep the "
                          "output\n");
  g_string_append_c (out, '\n');
}

static void
append_record (const HvpPlan *plan G_GNUC_UNUSED, const HvpInventory *source, GString *out)
{
  g_string_append (out, "What the source inventory holds: check each item against the source "
                        "server and complete what is missing.\n\n");
  append_task (out, 0);
  g_string_append (out, "Keep the source inventory for step 8: `hvplan collect` with the "
                        "sources of this plan, `-o source-inventory.json`\n\n");
  if (source == NULL || source->hosts->len == 0)
    {
      g_string_append (out, "The source inventory holds no host.\n\n");
      return;
    }
  for (guint i = 0; i < source->hosts->len; i++)
    append_host_record (g_ptr_array_index (source->hosts, i), out);

  if (source->warnings->len == 0)
    return;
  g_string_append (out, "### What hvplan could not read\n\n");
  for (guint i = 0; i < source->warnings->len; i++)
    {
      const HvpWarning *warning = g_ptr_array_index (source->warnings, i);

      append_task (out, 0);
      g_string_append (out, "Record by hand: ");
      hvp_markdown_append_code (out, warning->file);
      if (warning->position != NULL)
        {
          g_string_append (out, " at ");
          hvp_markdown_append_code (out, warning->position);
        }
      g_string_append (out, ": ");
      hvp_markdown_append_text (out, warning->message);
      g_string_append_c (out, '\n');
    }
  g_string_append_c (out, '\n');
}

/* 6. ------------------------------------------------------------------------------------------- */

/* The planner's security finding for @item: the first not yet @used whose message starts with
 * the item's detail and "; " (planner/checks/security.c words it so, with a remedy that knows the
 * destination); -1 when there is none. */
static gint
find_security_finding (const HvpPlan *plan, const HvpSecurityItem *item, const gboolean *used)
{
  gsize length = strlen (item->detail);

  for (guint i = 0; i < plan->findings->len; i++)
    {
      const HvpFinding *finding = g_ptr_array_index (plan->findings, i);

      if (!used[i] && finding->requirement == HVP_REQUIREMENT_SECURITY
          && strncmp (finding->message, item->detail, length) == 0
          && finding->message[length] == ';')
        return (gint) i;
    }
  return -1;
}

/* No security settings were collected from @host: the whole list, by hand. */
static void
append_security_not_collected (const HvpHost *host, GString *out)
{
  append_task (out, 0);
  g_string_append (out, "No security settings were collected from ");
  hvp_markdown_append_name (out, hvp_host_label (host));
  g_string_append (out, ": record by hand its Authorization Manager scopes and role "
                        "assignments (`azman.msc`), its disabled Windows Firewall "
                        "exceptions, the accounts outside Administrators granted remote "
                        "management, and DCOM's `MachineLaunchRestriction`, then re-apply "
                        "them on the destination\n");
}

static void
append_store_not_read (const HvpHost *host, GString *out)
{
  append_task (out, 0);
  g_string_append (out, "The Authorization Manager store of ");
  hvp_markdown_append_name (out, hvp_host_label (host));
  g_string_append (out, " was not read");
  if (host->security->store_location != NULL)
    {
      g_string_append (out, " (");
      hvp_markdown_append_code (out, host->security->store_location);
      g_string_append (out, ")");
    }
  g_string_append (out, ": record its scopes and role assignments by hand (`azman.msc`)\n");
}

static void
append_host_security (const HvpPlan *plan, const HvpHost *host, gboolean *used, GString *out)
{
  g_autoptr (GPtrArray) items = NULL;

  if (host->security == NULL)
    {
      append_security_not_collected (host, out);
      return;
    }
  if (!host->security->store_read)
    append_store_not_read (host, out);

  /* One item per customization, in checklist order (scopes, role assignments, firewall
   * exceptions, remote grants, launch restriction); the planner's finding for it where there is
   * one, else the customization's own remedy. */
  items = hvp_security_customizations (host->security);
  for (guint i = 0; i < items->len; i++)
    {
      const HvpSecurityItem *item = g_ptr_array_index (items, i);
      gint found = find_security_finding (plan, item, used);

      if (found >= 0)
        {
          used[found] = TRUE;
          append_finding (g_ptr_array_index (plan->findings, found), out);
          continue;
        }
      append_task (out, 0);
      hvp_markdown_append_text (out, item->detail);
      g_string_append (out, "; on the destination: ");
      hvp_markdown_append_text (out, item->remedy);
      g_string_append_c (out, '\n');
    }
  if (items->len == 0)
    {
      append_task (out, 0);
      g_string_append (out, "Nothing to re-apply from ");
      hvp_markdown_append_name (out, hvp_host_label (host));
      g_string_append (out, ": its collected security settings are Hyper-V's and Windows' "
                            "defaults\n");
    }
}

static void
append_security (const HvpPlan *plan, const HvpInventory *source, GString *out)
{
  g_autofree gboolean *used = g_new0 (gboolean, plan->findings->len + 1);

  if (source == NULL || source->hosts->len == 0)
    g_string_append (out, "The source inventory holds no host.\n");
  for (guint i = 0; source != NULL && i < source->hosts->len; i++)
    append_host_security (plan, g_ptr_array_index (source->hosts, i), used, out);

  /* Every finding becomes an item: the security findings no customization above matched. */
  for (guint i = 0; i < plan->findings->len; i++)
    if (!used[i] && ((const HvpFinding *) g_ptr_array_index (plan->findings, i))->requirement
                      == HVP_REQUIREMENT_SECURITY)
      append_finding (g_ptr_array_index (plan->findings, i), out);
  g_string_append_c (out, '\n');
}

/* 7. ------------------------------------------------------------------------------------------- */

static void
append_downtime (const HvpPlan *plan G_GNUC_UNUSED, const HvpInventory *source, GString *out)
{
  guint offline = 0;

  for (guint h = 0; source != NULL && h < source->hosts->len; h++)
    {
      const HvpHost *host = g_ptr_array_index (source->hosts, h);

      for (guint i = 0; i < host->vms->len; i++)
        {
          const HvpVm *vm = g_ptr_array_index (host->vms, i);

          if (vm->state == HVP_VM_STATE_OFF)
            continue;
          offline++;
          append_task (out, 0);
          hvp_markdown_append_name (out, vm->name);
          if (vm->state == HVP_VM_STATE_RUNNING || vm->state == HVP_VM_STATE_PAUSED
              || vm->state == HVP_VM_STATE_SAVED)
            g_string_append_printf (out, " (%s at collection) will be offline during the "
                                         "migration: tell its clients when, or redirect them\n",
                                    hvp_vm_state_to_string (vm->state));
          else
            g_string_append_printf (out, " (state %s at collection): if it runs, it will be "
                                         "offline during the migration: tell its clients when, "
                                         "or redirect them\n",
                                    hvp_vm_state_to_string (vm->state));
        }
    }
  if (offline == 0)
    g_string_append (out, "Every VM was off at collection: no client loses a running VM.\n");
  g_string_append_c (out, '\n');
}

/* 8. ------------------------------------------------------------------------------------------- */

static void
append_verify (const HvpPlan *plan, const HvpInventory *source, GString *out)
{
  append_task (out, 0);
  g_string_append (out, "Collect the inventory of ");
  hvp_markdown_append_name (out, destination_label (plan));
  g_string_append (out, " (`hvplan collect ... -o destination-inventory.json`) and compare it "
                        "with the source's: `hvplan diff --ignore host --ignore volume "
                        "--ignore vm.host --ignore vm.config_path --ignore vm.state "
                        "--ignore disk.path --ignore disk.local_path --ignore switch.id "
                        "--ignore switch.physical_nics --ignore adapter.switch_id "
                        "--tolerance disk.file_size_bytes=10 source-inventory.json "
                        "destination-inventory.json` exits 0\n");
  for (guint h = 0; source != NULL && h < source->hosts->len; h++)
    {
      const HvpHost *host = g_ptr_array_index (source->hosts, h);

      for (guint i = 0; i < host->vms->len; i++)
        {
          const HvpVm *vm = g_ptr_array_index (host->vms, i);

          append_task (out, 0);
          hvp_markdown_append_name (out, vm->name);
          g_string_append (out, " starts on ");
          hvp_markdown_append_name (out, destination_label (plan));
          if (vm->adapters->len > 0)
            g_string_append (out, " and reaches the network through each of its adapters");
          g_string_append_c (out, '\n');
        }
    }
  append_task (out, 0);
  g_string_append (out, "The clients of the migrated VMs can communicate with them\n");
  append_task (out, 0);
  g_string_append (out, "Once the migration is verified, remove the Hyper-V role from ");
  hvp_markdown_append_name (out, source_label (plan));
  g_string_append (out, ", so that its VMs cannot come back online as duplicates on the "
                        "network\n");
}

/* The body of each step of the built-in Hyper-V guide (guides/hyperv.json), by step id: the guide
 * gives the steps, their order and their titles (the "## N. Title" headings). */
static const struct {
  const char *id;
  void (*append) (const HvpPlan *plan, const HvpInventory *source, GString *out);
} step_bodies[] = {
  { "backup", append_backup },
  { "updates", append_updates },
  { "destination", append_destination },
  { "migration-tools", append_migration_tools },
  { "record", append_record },
  { "security", append_security },
  { "downtime", append_downtime },
  { "verify", append_verify },
};

/* Every step of the guide: its heading from the guide, its body from step_bodies[]. */
static void
append_steps (const HvpPlan *plan, const HvpInventory *source, GString *out)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HvpGuide) guide = hvp_guide_builtin ("hyperv", &error);

  /* The built-in guide is part of hvplan: t/unit/test-guide.c and t4700 read it. */
  g_assert_no_error (error);
  for (guint i = 0; i < guide->steps->len; i++)
    {
      const HvpGuideStep *step = g_ptr_array_index (guide->steps, i);
      gsize k = 0;

      while (k < G_N_ELEMENTS (step_bodies) && strcmp (step_bodies[k].id, step->id) != 0)
        k++;
      g_assert (k < G_N_ELEMENTS (step_bodies));
      g_string_append_printf (out, "## %u. ", step->order);
      g_string_append (out, step->title);
      g_string_append (out, "\n\n");
      step_bodies[k].append (plan, source, out);
    }
}

/**
 * hvp_report_plan_markdown:
 * @plan: a plan
 * @source: (nullable): the inventory the plan was made from; its VMs, switches, IP settings,
 *   security settings and collector warnings fill the checklist
 * @out: Markdown is appended here
 *
 * Writes the migration checklist an administrator works through, as GitHub-flavoured Markdown
 * task lists (`- [ ] ...`), one section per step of the built-in Hyper-V guide
 * (`guides/hyperv.json`, hvp_guide_builtin()), which follows Microsoft's "Hyper-V: Prepare to
 * Migrate" and the migration guide around it; the guide gives the headings and their order: 1 back up the source and verify the backup; 2 install the latest
 * updates on both servers; 3 prepare the destination: the four requirements as a table (needed,
 * available, verdict; storage and memory in GiB with one decimal) and one item per finding, worst
 * first; 4 install the migration tools, destination first; 5 record the configuration: per VM
 * its memory, vCPUs, disks with their parent chains, checkpoint tree, saved state and adapters,
 * per host its virtual networks and `ipconfig /all`, and what could not be read; 6 re-apply each
 * security customization (hvp_security_customizations()); 7 the VMs that will be offline; 8
 * verify (hvplan diff, each VM starts, the network).
 *
 * Text from the inventory is escaped: every Markdown special is backslash-escaped, control
 * characters (newlines too) appear as Unicode control pictures, paths are code spans with a
 * fence longer than any backtick run inside.  Deterministic: no locale, no time.
 */
void
hvp_report_plan_markdown (const HvpPlan *plan, const HvpInventory *source, GString *out)
{
  g_return_if_fail (plan != NULL);
  g_return_if_fail (out != NULL);

  g_string_append (out, "# Migration checklist: ");
  hvp_markdown_append_text (out, source_label (plan));
  g_string_append (out, " to ");
  hvp_markdown_append_text (out, destination_label (plan));
  g_string_append (out, "\n\nWork through the steps in order (Microsoft, \"Hyper-V: Prepare to "
                        "Migrate\"); tick each item when it is done.\n\n");
  append_steps (plan, source, out);
}
