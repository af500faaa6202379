/* Unit tests of reports/plan-markdown.c: the migration checklist's sections and their order, every
 * finding as a task item, the configuration record (memory, disk chains, checkpoint trees,
 * adapters, ipconfig), the security items, and the escaping of hostile names from the inventory;
 * and of reports/markdown.c, the escaping it shares with the sizing.
 * The inventories are synthetic, built in memory. */
#include <string.h>

#include "unit.h"
#include "planner/checks/security-items.h"
#include "reports/markdown.h"
#include "reports/report.h"

#define GIB HVP_GIB

static HvpDisk *
add_disk (HvpHost *host, const char *path, HvpDiskType type, guint64 file_size_bytes,
          guint64 virtual_size_bytes, const char *parent_path)
{
  HvpDisk *disk = hvp_disk_new (path);

  disk->format = HVP_DISK_FORMAT_VHDX;
  disk->type = type;
  disk->file_size_bytes = file_size_bytes;
  disk->virtual_size_bytes = virtual_size_bytes;
  disk->parent_path = g_strdup (parent_path);
  disk->readable = TRUE;
  return hvp_host_add_disk (host, disk);
}

static HvpVm *
add_vm (HvpHost *host, const char *id, const char *name, HvpVmState state, guint vcpus,
        guint64 startup_bytes)
{
  HvpVm *vm = hvp_vm_new (id, name);

  vm->state = state;
  vm->vcpus = vcpus;
  vm->memory.startup_bytes = startup_bytes;
  vm->generation = 2;
  g_ptr_array_add (host->vms, vm);
  return vm;
}

static void
attach (GPtrArray *drives, const char *path)
{
  g_ptr_array_add (drives, hvp_drive_new (HVP_CONTROLLER_TYPE_SCSI, 0, drives->len, path));
}

static void
connect_adapter (HvpVm *vm, const char *name, const char *switch_name)
{
  HvpAdapter *adapter = hvp_adapter_new (name);

  adapter->mac = g_strdup ("00-15-5D-01-02-03");
  adapter->switch_name = g_strdup (switch_name);
  g_ptr_array_add (vm->adapters, adapter);
}

static HvpSnapshot *
add_snapshot (HvpVm *vm, const char *id, const char *name, const char *parent_id,
              gint64 creation_time)
{
  HvpSnapshot *snapshot = hvp_snapshot_new (id, name);

  snapshot->parent_id = g_strdup (parent_id);
  snapshot->creation_time = creation_time;
  snapshot->vcpus = vm->vcpus;
  snapshot->memory = vm->memory;
  g_ptr_array_add (vm->snapshots, snapshot);
  return snapshot;
}

/* hv01 with
 *   dc01   running, 4 GiB static, 2 vCPUs, a dynamic disk, on "LAN" (External, NIC "Ethernet 1")
 *   sql01  saved, dynamic memory 2 / 8 / 16 GiB, 8 vCPUs, a differencing disk over a fixed one,
 *          checkpoints: base -> (patched -> current), (other), on "Backup" (Internal)
 *   web01  off, 2 GiB, 1 vCPU, no disks, no adapters */
static HvpInventory *
markdown_source (void)
{
  HvpInventory *source = hvp_inventory_new ();
  HvpHost *host = hvp_inventory_ensure_host (source, "hv01");
  HvpSwitch *lan = hvp_switch_new ("5A1C", "LAN", HVP_SWITCH_TYPE_EXTERNAL);
  HvpSnapshot *snapshot;
  HvpVm *vm;
  g_autoptr (GPtrArray) problems = NULL;

  host->memory_bytes = 96 * GIB;
  host->logical_processors = 24;
  host->processor.vendor = g_strdup ("GenuineIntel");
  host->processor.family = 6;
  host->processor.model = 63;
  host->processor.stepping = 2;
  g_ptr_array_add (lan->physical_nics, g_strdup ("Ethernet 1"));
  g_ptr_array_add (host->switches, lan);
  g_ptr_array_add (host->switches, hvp_switch_new ("9F0D", "Backup", HVP_SWITCH_TYPE_INTERNAL));

  add_disk (host, "D:\\VMs\\dc01.vhdx", HVP_DISK_TYPE_DYNAMIC, 12 * GIB, 60 * GIB, NULL);
  add_disk (host, "D:\\VMs\\sql01.vhdx", HVP_DISK_TYPE_FIXED, 100 * GIB + 4096, 100 * GIB, NULL);
  add_disk (host, "D:\\VMs\\sql01_7E2B.avhdx", HVP_DISK_TYPE_DIFFERENCING, 5 * GIB, 100 * GIB,
            "D:\\VMs\\sql01.vhdx");
  hvp_host_link_disks (host);

  vm = add_vm (host, "1B4E", "dc01", HVP_VM_STATE_RUNNING, 2, 4 * GIB);
  attach (vm->drives, "D:\\VMs\\dc01.vhdx");
  connect_adapter (vm, "Network Adapter", "LAN");

  vm = add_vm (host, "2C5F", "sql01", HVP_VM_STATE_SAVED, 8, 8 * GIB);
  vm->memory.dynamic = TRUE;
  vm->memory.minimum_bytes = 2 * GIB;
  vm->memory.maximum_bytes = 16 * GIB;
  vm->saved_state = TRUE;
  vm->saved_state_bytes = 8 * GIB + 4096;
  attach (vm->drives, "D:\\VMs\\sql01_7E2B.avhdx");
  snapshot = add_snapshot (vm, "A1", "base", NULL, 1700000000);
  snapshot->vcpus = 4;
  snapshot->memory.dynamic = FALSE;
  snapshot->memory.startup_bytes = 4 * GIB;
  snapshot->memory.minimum_bytes = snapshot->memory.maximum_bytes = 0;
  add_snapshot (vm, "B2", "patched", "A1", 1700003600);
  add_snapshot (vm, "C3", "other", "A1", 1700007200);
  add_snapshot (vm, "D4", "current", "B2", 1700010800)->saved_state = TRUE;
  vm->current_snapshot_id = g_strdup ("D4");
  problems = hvp_vm_link_snapshots (vm);
  g_assert_cmpuint (problems->len, ==, 0);
  connect_adapter (vm, "Network Adapter", "Backup");

  add_vm (host, "3D6A", "web01", HVP_VM_STATE_OFF, 1, 2 * GIB);
  return source;
}

/* hv02: 16 GiB (too little), 16 logical processors, one NIC, 500 GiB free, switch "LAN" only. */
static HvpInventory *
markdown_destination (void)
{
  HvpInventory *destination = hvp_inventory_new ();
  HvpHost *host = hvp_inventory_ensure_host (destination, "hv02");

  host->memory_bytes = 16 * GIB;
  host->logical_processors = 16;
  host->processor.vendor = g_strdup ("GenuineIntel");
  host->processor.family = 6;
  host->processor.model = 63;
  host->processor.stepping = 2;
  g_ptr_array_add (host->physical_nics, g_strdup ("Ethernet 1"));
  g_ptr_array_add (host->volumes, hvp_volume_new ("E:\\", 1024 * GIB, 500 * GIB));
  g_ptr_array_add (host->switches, hvp_switch_new (NULL, "LAN", HVP_SWITCH_TYPE_EXTERNAL));
  return destination;
}

static char *
render (const HvpInventory *source, const HvpInventory *destination, HvpPlan **ret_plan)
{
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (HvpPlan) plan = NULL;
  GString *out = g_string_new (NULL);

  /* The plan keeps a pointer to its options: render while both live. */
  plan = hvp_plan_new (source, destination, options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (plan);
  hvp_report_plan_markdown (plan, source, out);
  plan->options = NULL;
  if (ret_plan != NULL)
    *ret_plan = g_steal_pointer (&plan);
  return g_string_free (out, FALSE);
}

/* The text of section @number ("## N. ..." up to the next "## "), or NULL. */
static char *
section (const char *markdown, guint number)
{
  g_autofree char *heading = g_strdup_printf ("\n## %u. ", number);
  const char *start = strstr (markdown, heading);
  const char *end;

  if (start == NULL)
    return NULL;
  start++;
  end = strstr (start + 1, "\n## ");
  return end != NULL ? g_strndup (start, end + 1 - start) : g_strdup (start);
}

static guint
count (const char *text, const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* The test's own escaping of plain ASCII text: a backslash before each ASCII punctuation
 * character that Markdown may read as syntax (CommonMark allows one before any). */
static char *
escaped (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (strchr ("\\`*_{}[]()#+-.!|<>&~$@^", *p) != NULL || (*p == ':' && p[1] == '/'))
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static void
test_sections_in_order (void)
{
  static const char *const headings[] = {
    "\n## 1. Back up the source server\n",
    "\n## 2. Install the latest updates\n",
    "\n## 3. Prepare the destination server\n",
    "\n## 4. Install the migration tools\n",
    "\n## 5. Record the configuration\n",
    "\n## 6. Re-apply the security settings\n",
    "\n## 7. Plan downtime or redirect the clients\n",
    "\n## 8. Verify the migration\n",
  };
  g_autoptr (HvpInventory) source = markdown_source ();
  g_autoptr (HvpInventory) destination = markdown_destination ();
  g_autofree char *markdown = render (source, destination, NULL);
  const char *previous = markdown;

  g_assert_true (g_str_has_prefix (markdown, "# Migration checklist: hv01 to hv02\n\n"));
  g_assert_cmpuint (count (markdown, "\n## "), ==, G_N_ELEMENTS (headings));
  for (guint i = 0; i < G_N_ELEMENTS (headings); i++)
    {
      const char *at = strstr (markdown, headings[i]);

      g_assert_nonnull (at);
      g_assert_true (at > previous);
      g_assert_cmpuint (count (markdown, headings[i]), ==, 1);
      previous = at;
    }
  /* The migration tools go on the destination first. */
  g_assert_nonnull (strstr (markdown, "- [ ] On the destination server **hv02** first: install"));
  g_assert_true (strstr (markdown, "On the destination server **hv02** first")
                 < strstr (markdown, "Then on the source server **hv01**"));
  g_assert_true (g_str_has_suffix (markdown, "as duplicates on the network\n"));
}

static void
test_destination_table_and_findings (void)
{
  g_autoptr (HvpInventory) source = markdown_source ();
  g_autoptr (HvpInventory) destination = markdown_destination ();
  g_autoptr (HvpPlan) plan = NULL;
  g_autofree char *markdown = render (source, destination, &plan);
  g_autofree char *step = section (markdown, 3);
  guint warn_or_fail = 0;

  g_assert_nonnull (step);
  g_assert_nonnull (strstr (step, "\n| requirement | needed | available | verdict | VMs "
                                  "concerned |\n| --- | ---: | ---: | --- | --- |\n"));
  /* sql01 is on "Backup", which hv02 lacks; its 8 vCPUs fit the 16 logical processors. */
  g_assert_nonnull (strstr (step, "\n| network | 1 | 1 | FAIL | sql01 |\n"));
  g_assert_nonnull (strstr (step, "\n| processor | 8 | 16 | PASS | |\n"));
  g_assert_nonnull (strstr (step, "\n| storage | "));
  g_assert_nonnull (strstr (step, "\n| memory | "));

  /* Every finding is one task item, in the planner's order (worst first). */
  g_assert_cmpuint (plan->findings->len, >, 0);
  g_assert_cmpuint (count (step, "\n- [ ] "), ==, plan->findings->len);
  for (guint i = 0; i < plan->findings->len; i++)
    {
      const HvpFinding *finding = g_ptr_array_index (plan->findings, i);
      g_autofree char *severity = g_ascii_strup (hvp_verdict_to_string (finding->severity), -1);
      g_autofree char *prefix = g_strdup_printf (
        "\n- [ ] **%s** %s%s%s%s: ", severity,
        hvp_requirement_kind_to_string (finding->requirement), finding->vm != NULL ? ", VM **" : "",
        finding->vm != NULL ? finding->vm : "", finding->vm != NULL ? "**" : "");

      if (finding->severity >= HVP_VERDICT_WARN)
        warn_or_fail++;
      g_assert_nonnull (strstr (step, prefix));
    }
  g_assert_cmpuint (warn_or_fail, >, 0);
  /* The missing switch, with its remedy, escaped. */
  g_assert_nonnull (strstr (step, "\n- [ ] **FAIL** network, VM **sql01**: Could not find Ethernet "
                                  "switch 'Backup' \\(Compare\\-VM 33012\\): create it on the "
                                  "destination or map it with \\-\\-switch\\-map 'Backup=NAME'\n"));
}

static void
test_record (void)
{
  g_autoptr (HvpInventory) source = markdown_source ();
  g_autoptr (HvpInventory) destination = markdown_destination ();
  g_autofree char *markdown = NULL;
  g_autofree char *step = NULL;
  HvpHost *host = g_ptr_array_index (source->hosts, 0);

  host->ip_configuration = g_strdup ("Windows IP Configuration\r\n\r\n   Host Name . . . : hv01\r\n"
                                     "   weird ``` fence\r\n");
  markdown = render (source, destination, NULL);
  step = section (markdown, 5);
  g_assert_nonnull (step);

  g_assert_nonnull (strstr (step, "\n- [ ] **dc01**: id `1B4E`, state at collection running, "
                                  "generation 2\n"
                                  "  - memory: static, 4.0 GiB (4096 MiB)\n"
                                  "  - vCPUs: 2; processor compatibility for migration off\n"
                                  "  - hard disks:\n"
                                  "    - SCSI 0:0 `D:\\VMs\\dc01.vhdx`: vhdx, dynamic, virtual "
                                  "size 60.0 GiB (61440 MiB), file 12.0 GiB (12288 MiB)\n"
                                  "  - checkpoints: none\n"
                                  "  - saved state: none\n"
                                  "  - network adapters:\n"
                                  "    - **Network Adapter**, MAC `00-15-5D-01-02-03`, on switch "
                                  "**LAN**\n"));
  g_assert_nonnull (strstr (step, "  - memory: dynamic, minimum 2.0 GiB (2048 MiB), startup "
                                  "8.0 GiB (8192 MiB), maximum 16.0 GiB (16384 MiB)\n"));
  /* The differencing chain, the parent one level deeper. */
  g_assert_nonnull (strstr (step, "    - SCSI 0:0 `D:\\VMs\\sql01_7E2B.avhdx`: vhdx, differencing, "
                                  "virtual size 100.0 GiB (102400 MiB), file 5.0 GiB (5120 MiB)\n"
                                  "      - parent `D:\\VMs\\sql01.vhdx`: vhdx, fixed, virtual size "
                                  "100.0 GiB (102400 MiB), file 100.0 GiB (107374186496 bytes)\n"));
  /* The checkpoint tree as nested lists, children by creation time. */
  /* The checkpoint tree as nested lists, children by creation time; a checkpoint's vCPUs and
   * memory where they differ from the VM's. */
  g_assert_nonnull (strstr (step, "  - checkpoints (4):\n"
                                  "    - **base**, taken 2023-11-14 22:13:20 UTC, 4 vCPUs, memory "
                                  "static, 4.0 GiB (4096 MiB)\n"
                                  "      - **patched**, taken 2023-11-14 23:13:20 UTC\n"
                                  "        - **current**, taken 2023-11-15 01:13:20 UTC, with "
                                  "saved state, the VM runs on it now\n"
                                  "      - **other**, taken 2023-11-15 00:13:20 UTC\n"
                                  "  - saved state: "));
  g_assert_nonnull (strstr (step, "  - saved state: yes, 8.0 GiB (8589938688 bytes)\n"));
  g_assert_nonnull (strstr (step, "\n- [ ] **web01**: id `3D6A`, state at collection off, "
                                  "generation 2\n"
                                  "  - memory: static, 2.0 GiB (2048 MiB)\n"
                                  "  - vCPUs: 1; processor compatibility for migration off\n"
                                  "  - hard disks: none\n"
                                  "  - checkpoints: none\n"
                                  "  - saved state: none\n"
                                  "  - network adapters: none\n"));

  /* Switches, External ones with their NICs. */
  g_assert_nonnull (strstr (step, "\n- [ ] **LAN** (external), bound to Ethernet 1\n"
                                  "- [ ] **Backup** (internal)\n"));
  /* ipconfig verbatim, CRLF as LF, in a fence longer than the ``` inside. */
  g_assert_nonnull (strstr (step, "\n````text\nWindows IP Configuration\n\n   Host Name . . . : "
                                  "hv01\n   weird ``` fence\n````\n"));
  g_assert_null (strstr (step, "\r"));
}

static void
test_record_without_ip_configuration (void)
{
  g_autoptr (HvpInventory) source = markdown_source ();
  g_autoptr (HvpInventory) destination = markdown_destination ();
  g_autofree char *markdown = render (source, destination, NULL);

  g_assert_nonnull (strstr (markdown, "\n### IP settings of hv01\n\n- [ ] Not collected: run "
                                      "`ipconfig /all` on the source server and keep the "
                                      "output\n"));
  g_assert_null (strstr (markdown, "```text"));
}

static void
test_security_not_collected (void)
{
  g_autoptr (HvpInventory) source = markdown_source ();
  g_autoptr (HvpInventory) destination = markdown_destination ();
  g_autofree char *markdown = render (source, destination, NULL);
  g_autofree char *step = section (markdown, 6);

  g_assert_nonnull (step);
  g_assert_cmpuint (count (step, "\n- [ ] "), ==, 1);
  g_assert_nonnull (strstr (step, "\n- [ ] No security settings were collected from **hv01**: "));
}

/* hv01's security: a scope, a customized role assignment in it, the default Administrator
 * assignment, a disabled firewall exception, a remote grant. */
static void
add_security (HvpInventory *source)
{
  HvpHost *host = g_ptr_array_index (source->hosts, 0);
  HvpSecurity *security = hvp_security_new ();
  HvpRoleAssignment *role;

  security->store_read = TRUE;
  g_ptr_array_add (security->scopes, hvp_az_scope_new ("Lab", "test VMs"));
  role = hvp_role_assignment_new ("Lab", "VM operators", "Operator");
  g_ptr_array_add (role->members, g_strdup ("S-1-5-21-1-2-3-1104"));
  role->customized = TRUE;
  g_ptr_array_add (security->role_assignments, role);
  role = hvp_role_assignment_new (NULL, "Administrator", "Administrator");
  g_ptr_array_add (role->members, g_strdup (HVP_SID_ADMINISTRATORS));
  g_ptr_array_add (security->role_assignments, role);
  g_ptr_array_add (security->disabled_firewall_rules,
                   hvp_firewall_rule_new ("vm-monitoring-icmpv4",
                                          "Virtual Machine Monitoring (Echo Request - ICMPv4-In)",
                                          "Virtual Machine Monitoring", "Inbound", "Any"));
  g_ptr_array_add (security->remote_grants,
                   hvp_remote_grant_new ("Hyper-V Administrators", HVP_SID_HYPERV_ADMINISTRATORS,
                                         "CONTOSO\\alice", "S-1-5-21-1-2-3-1104"));
  host->security = security;
}

/* Every security finding of the planner is one item of step 6, none of step 3, in the order of
 * hvp_security_customizations(); @os is the destination's operating system. */
static void
check_security_findings (const char *os)
{
  g_autoptr (HvpInventory) source = markdown_source ();
  g_autoptr (HvpInventory) destination = markdown_destination ();
  HvpHost *host = g_ptr_array_index (destination->hosts, 0);
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  g_autoptr (HvpPlan) plan = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GPtrArray) items = NULL;
  g_autofree char *capacity = NULL;
  g_autofree char *step = NULL;
  guint security_findings = 0;

  add_security (source);
  host->os = g_strdup (os);
  plan = hvp_plan_new (source, destination, options, NULL);
  g_assert_nonnull (plan);
  hvp_report_plan_markdown (plan, source, out);
  capacity = section (out->str, 3);
  step = section (out->str, 6);
  g_assert_nonnull (capacity);
  g_assert_nonnull (step);

  items = hvp_security_customizations (
    ((const HvpHost *) g_ptr_array_index (source->hosts, 0))->security);
  /* The default Administrator assignment is not a customization: scope, role, rule, grant. */
  g_assert_cmpuint (items->len, ==, 4);
  g_assert_cmpuint (count (step, "\n- [ ] "), ==, items->len);
  g_assert_null (strstr (step, "No security settings were collected"));
  g_assert_null (strstr (capacity, "security"));
  for (guint i = 0; i < plan->findings->len; i++)
    {
      const HvpFinding *finding = g_ptr_array_index (plan->findings, i);
      g_autofree char *message = NULL;
      g_autofree char *line = NULL;

      if (finding->requirement != HVP_REQUIREMENT_SECURITY)
        continue;
      security_findings++;
      message = escaped (finding->message);
      line = g_strdup_printf ("\n- [ ] **%s** security: %s\n",
                              finding->severity == HVP_VERDICT_INFO ? "INFO" : "WARN", message);
      g_assert_cmpuint (count (step, line), ==, 1);
    }
  g_assert_cmpuint (security_findings, ==, items->len);
  /* In checklist order, each item naming what it is about. */
  g_assert_true (strstr (step, "scope 'Lab'") < strstr (step, "role assignment 'VM operators'"));
  g_assert_true (strstr (step, "role assignment 'VM operators'")
                 < strstr (step, "'vm\\-monitoring\\-icmpv4'"));
  g_assert_true (strstr (step, "'vm\\-monitoring\\-icmpv4'")
                 < strstr (step, "CONTOSO\\\\alice"));
  plan->options = NULL;
}

static void
test_security_findings (void)
{
  check_security_findings (NULL);
}

static void
test_security_findings_newer_destination (void)
{
  check_security_findings ("Windows Server 2016 Datacenter");
}

/* Without a planner finding, an item carries the customization's own remedy. */
static void
test_security_customizations (void)
{
  g_autoptr (HvpInventory) source = markdown_source ();
  g_autoptr (HvpInventory) destination = markdown_destination ();
  g_autoptr (HvpPlanOptions) options = hvp_plan_options_new ();
  g_autoptr (HvpPlan) plan = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GPtrArray) items = NULL;
  g_autofree char *step = NULL;
  const char *previous;

  add_security (source);
  plan = hvp_plan_new (source, destination, options, NULL);
  g_assert_nonnull (plan);
  g_ptr_array_set_size (plan->findings, 0);
  hvp_report_plan_markdown (plan, source, out);
  step = section (out->str, 6);
  g_assert_nonnull (step);
  items = hvp_security_customizations (
    ((const HvpHost *) g_ptr_array_index (source->hosts, 0))->security);
  g_assert_cmpuint (count (step, "\n- [ ] "), ==, items->len);
  previous = step;
  for (guint i = 0; i < items->len; i++)
    {
      const HvpSecurityItem *item = g_ptr_array_index (items, i);
      g_autofree char *detail = escaped (item->detail);
      g_autofree char *remedy = escaped (item->remedy);
      g_autofree char *line = g_strdup_printf ("\n- [ ] %s; on the destination: %s\n", detail,
                                               remedy);
      const char *at = strstr (step, line);

      g_assert_nonnull (at);
      g_assert_true (at > previous);
      previous = at;
    }
  plan->options = NULL;
}

static void
test_security_defaults (void)
{
  g_autoptr (HvpInventory) source = markdown_source ();
  g_autoptr (HvpInventory) destination = markdown_destination ();
  HvpHost *host = g_ptr_array_index (source->hosts, 0);
  g_autofree char *markdown = NULL;
  g_autofree char *step = NULL;

  host->security = hvp_security_new ();
  host->security->store_location = g_strdup ("msxml://C:\\ProgramData\\InitialStore.xml");
  markdown = render (source, destination, NULL);
  step = section (markdown, 6);
  g_assert_nonnull (step);
  g_assert_null (strstr (step, "No security settings were collected"));
  g_assert_nonnull (strstr (step, "\n- [ ] The Authorization Manager store of **hv01** was not "
                                  "read (`msxml://C:\\ProgramData\\InitialStore.xml`): record its "
                                  "scopes and role assignments by hand"));
  g_assert_nonnull (strstr (step, "\n- [ ] Nothing to re-apply from **hv01**: "));
}

static void
test_downtime (void)
{
  g_autoptr (HvpInventory) source = markdown_source ();
  g_autoptr (HvpInventory) destination = markdown_destination ();
  HvpHost *host = g_ptr_array_index (source->hosts, 0);
  g_autofree char *markdown = NULL;
  g_autofree char *step = NULL;

  add_vm (host, "4E7B", "paused01", HVP_VM_STATE_PAUSED, 1, GIB);
  add_vm (host, "5F8C", "unknown01", HVP_VM_STATE_UNKNOWN, 1, GIB);
  markdown = render (source, destination, NULL);
  step = section (markdown, 7);
  g_assert_nonnull (step);
  g_assert_nonnull (strstr (step, "\n- [ ] **dc01** (running at collection) will be offline "));
  g_assert_nonnull (strstr (step, "\n- [ ] **sql01** (saved at collection) will be offline "));
  g_assert_nonnull (strstr (step, "\n- [ ] **paused01** (paused at collection) will be offline "));
  g_assert_nonnull (strstr (step, "\n- [ ] **unknown01** (state unknown at collection): if it "
                                  "runs, it will be offline"));
  /* web01 was off: nobody to warn. */
  g_assert_null (strstr (step, "web01"));
  g_assert_cmpuint (count (step, "\n- [ ] "), ==, 4);
}

static void
test_verify (void)
{
  g_autoptr (HvpInventory) source = markdown_source ();
  g_autoptr (HvpInventory) destination = markdown_destination ();
  g_autofree char *markdown = render (source, destination, NULL);
  g_autofree char *step = section (markdown, 8);

  g_assert_nonnull (step);
  g_assert_nonnull (strstr (step, "`hvplan diff --ignore host "));
  g_assert_nonnull (strstr (step, "\n- [ ] **dc01** starts on **hv02** and reaches the network "));
  g_assert_nonnull (strstr (step, "\n- [ ] **web01** starts on **hv02**\n"));
}

/* Every line outside fenced code blocks is a heading, a table row, a list item (task or nested
 * bullet) or one of the report's own paragraphs: a hostile name cannot open a block of its own. */
static void
assert_block_structure (const char *markdown)
{
  g_auto (GStrv) lines = g_strsplit (markdown, "\n", -1);
  gsize fence = 0; /* backticks of the open fence; 0 outside a fenced code block */

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *text = line;
      gsize ticks = strspn (line, "`");

      if (fence > 0)
        {
          /* Only a line of at least as many backticks, and nothing else, closes it. */
          if (ticks >= fence && line[ticks] == '\0')
            fence = 0;
          continue;
        }
      if (ticks >= 3)
        {
          fence = ticks;
          continue;
        }
      if (*line == '\0')
        continue;
      while (*text == ' ')
        text++;
      if (text != line)
        {
          /* Nested bullets only, two spaces a level. */
          g_assert_true ((text - line) % 2 == 0);
          g_assert_true (g_str_has_prefix (text, "- "));
          continue;
        }
      if (g_str_has_prefix (line, "# ") || g_str_has_prefix (line, "## ")
          || g_str_has_prefix (line, "### ") || g_str_has_prefix (line, "- [ ] ")
          || g_str_has_prefix (line, "| "))
        continue;
      /* The report's own sentences start with a capital letter. */
      if (!g_ascii_isupper (line[0]))
        g_error ("line %u opens an unexpected block: %s", i + 1, line);
    }
  g_assert_cmpuint (fence, ==, 0);
}

/* Table rows: exactly @cells cells, so every '|' inside one is escaped. */
static void
assert_table_cells (const char *markdown, guint cells)
{
  g_auto (GStrv) lines = g_strsplit (markdown, "\n", -1);
  guint rows = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint pipes = 0;

      if (!g_str_has_prefix (lines[i], "| "))
        continue;
      rows++;
      for (const char *p = lines[i]; *p != '\0'; p++)
        {
          if (*p == '\\' && p[1] != '\0')
            p++;
          else if (*p == '|')
            pipes++;
        }
      g_assert_cmpuint (pipes, ==, cells + 1);
    }
  g_assert_cmpuint (rows, ==, 2 + HVP_N_REQUIREMENTS + 1); /* and compatibility */
}

static void
test_escape_hostile_names (void)
{
  g_autoptr (HvpInventory) source = markdown_source ();
  g_autoptr (HvpInventory) destination = markdown_destination ();
  HvpHost *host = g_ptr_array_index (source->hosts, 0);
  HvpVm *vm;
  HvpDisk *disk;
  g_autofree char *markdown = NULL;

  g_free (host->name);
  host->name = g_strdup ("# hv|01");
  /* Each of these VMs runs and is on the missing switch "Backup": its name lands in the network
   * row of the table and in a finding. */
  vm = add_vm (host, "A", "pipe|name", HVP_VM_STATE_RUNNING, 1, GIB);
  connect_adapter (vm, "a|b `c`", "Backup");
  vm = add_vm (host, "B", "`tick` ``double``", HVP_VM_STATE_RUNNING, 1, GIB);
  connect_adapter (vm, "Network Adapter", "Backup");
  vm = add_vm (host, "C", "# not a heading", HVP_VM_STATE_RUNNING, 1, GIB);
  connect_adapter (vm, "Network Adapter", "Backup");
  vm = add_vm (host, "D", "- not an item", HVP_VM_STATE_RUNNING, 1, GIB);
  vm = add_vm (host, "E", "1. not a list", HVP_VM_STATE_RUNNING, 1, GIB);
  vm = add_vm (host, "F", "<script>alert(1)</script>", HVP_VM_STATE_RUNNING, 1, GIB);
  connect_adapter (vm, "Network Adapter", "Backup");
  vm = add_vm (host, "G", "line1\nline2\r\n# line3", HVP_VM_STATE_RUNNING, 1, GIB);
  connect_adapter (vm, "Network Adapter", "Backup");
  vm = add_vm (host, "H", "*bold* _it_ [x](http://e.x) ~~s~~ &amp; $m$ !{}", HVP_VM_STATE_RUNNING,
               1, GIB);
  vm = add_vm (host, "I", " spaced ", HVP_VM_STATE_RUNNING, 1, GIB);
  vm = add_vm (host, "J", "", HVP_VM_STATE_RUNNING, 1, GIB);
  disk = hvp_disk_new ("`C:\\a``b\\x.vhdx");
  hvp_host_add_disk (host, disk);
  attach (vm->drives, "`C:\\a``b\\x.vhdx");
  attach (vm->drives, "C:\\new\nline.vhdx");
  markdown = render (source, destination, NULL);

  assert_block_structure (markdown);
  assert_table_cells (markdown, 5);

  g_assert_true (g_str_has_prefix (markdown, "# Migration checklist: \\# hv\\|01 to hv02\n"));
  /* Pipes in the table's VM cell. */
  g_assert_nonnull (strstr (markdown, "\n| network | 1 | 1 | FAIL | sql01, pipe\\|name, "
                                      "\\`tick\\` \\`\\`double\\`\\`, \\# not a heading, "
                                      "\\<script\\>alert\\(1\\)\\</script\\>, "
                                      "line1\u240Aline2\u240D\u240A\\# line3 |\n"));
  /* Leading '#', '-' and "1." cannot start a heading or a list. */
  g_assert_nonnull (strstr (markdown, "\n- [ ] **\\# not a heading**: id `C`"));
  g_assert_nonnull (strstr (markdown, "\n- [ ] **\\- not an item**: id `D`"));
  g_assert_nonnull (strstr (markdown, "\n- [ ] **1\\. not a list**: id `E`"));
  /* No raw HTML anywhere. */
  g_assert_null (strstr (markdown, "<script>"));
  g_assert_nonnull (strstr (markdown, "**\\<script\\>alert\\(1\\)\\</script\\>**"));
  /* Newlines become control pictures: the item stays on one line. */
  g_assert_nonnull (strstr (markdown, "\n- [ ] **line1\u240Aline2\u240D\u240A\\# line3**: id `G`"));
  g_assert_null (strstr (markdown, "\nline2"));
  g_assert_nonnull (strstr (markdown, "\n- [ ] **\\*bold\\* \\_it\\_ \\[x\\]\\(http\\://e\\.x\\) "
                                      "\\~\\~s\\~\\~ \\&amp; \\$m\\$ \\!\\{\\}**: id `H`"));
  /* Emphasis cannot wrap a name with spaces inside its ends; an empty name is named so. */
  g_assert_nonnull (strstr (markdown, "\n- [ ]  spaced : id `I`"));
  g_assert_nonnull (strstr (markdown, "\n- [ ] \\(unnamed\\): id `J`"));
  /* Paths keep their backslashes in a code span whose fence outruns the backticks inside. */
  g_assert_nonnull (strstr (markdown, "    - SCSI 0:0 ``` `C:\\a``b\\x.vhdx ```: header not read"));
  g_assert_nonnull (strstr (markdown, "    - SCSI 0:1 `C:\\new\u240Aline.vhdx`: header not read"));
  /* The adapter name with a pipe and backticks, outside a table. */
  g_assert_nonnull (strstr (markdown, "    - **a\\|b \\`c\\`**, MAC `00-15-5D-01-02-03`, on switch "
                                      "**Backup**\n"));
}

static void
test_escape_code_blocks (void)
{
  g_autoptr (HvpInventory) source = markdown_source ();
  g_autoptr (HvpInventory) destination = markdown_destination ();
  HvpHost *host = g_ptr_array_index (source->hosts, 0);
  g_autofree char *markdown = NULL;

  /* A run of five backticks and a line that is a fence on its own; no final newline. */
  host->ip_configuration = g_strdup ("a `````\n```\n~~~\nlast");
  markdown = render (source, destination, NULL);
  assert_block_structure (markdown);
  g_assert_nonnull (strstr (markdown, "\n``````text\na `````\n```\n~~~\nlast\n``````\n"));
}

static void
test_deterministic (void)
{
  g_autoptr (HvpInventory) source = markdown_source ();
  g_autoptr (HvpInventory) destination = markdown_destination ();
  g_autofree char *first = render (source, destination, NULL);
  g_autofree char *second = render (source, destination, NULL);

  g_assert_cmpstr (first, ==, second);
  g_assert_true (g_utf8_validate (first, -1, NULL));
}

/* C1 controls, bidirectional overrides and isolates in text, code spans and code blocks: the
 * terminal notation (issue 12), its backslash escaped outside code; C0 stays a control picture. */
static void
test_markdown_terminal_controls (void)
{
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (HvpInventory) source = markdown_source ();
  g_autoptr (HvpInventory) destination = markdown_destination ();
  HvpHost *host = g_ptr_array_index (source->hosts, 0);
  g_autofree char *markdown = NULL;

  hvp_markdown_append_text (out, "a\xc2\x9b" "2J \xe2\x80\xae" "b \xe2\x81\xa6" "c\x1b");
  g_assert_cmpstr (out->str, ==, "a\\\\u009B2J \\\\u202Eb \\\\u2066c\xe2\x90\x9b");
  g_string_truncate (out, 0);
  hvp_markdown_append_code (out, "C:\\\xe2\x80\xae" "x\xc2\x85");
  g_assert_cmpstr (out->str, ==, "`C:\\\\u202Ex\\u0085`");
  host->ip_configuration = g_strdup ("IP \x1b[31m\xc2\x9b\xe2\x80\xae\r\nnext\tx");
  markdown = render (source, destination, NULL);
  g_assert_nonnull (strstr (markdown, "\n```text\nIP \xe2\x90\x9b[31m\\u009B\\u202E\nnext"
                                      "\xe2\x90\x89x\n```\n"));
}

/* reports/markdown.c on its own: what each helper appends for text a table cell or a list item
 * must survive. */
static void
test_markdown_helpers (void)
{
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();

  hvp_markdown_append_text (out, "web|01 *edge* <b> a\nb http://x.y \x7f \xff");
  g_assert_cmpstr (out->str, ==, "web\\|01 \\*edge\\* \\<b\\> a\xe2\x90\x8a" "b http\\:/"
                                 "/x\\.y \xe2\x90\xa1 \xef\xbf\xbd");
  g_string_truncate (out, 0);
  hvp_markdown_append_code (out, "C:\\VMs\\a`b");
  g_assert_cmpstr (out->str, ==, "``C:\\VMs\\a`b``");
  g_string_truncate (out, 0);
  hvp_markdown_append_code (out, "`x");
  g_assert_cmpstr (out->str, ==, "`` `x ``");
  g_string_truncate (out, 0);
  hvp_markdown_append_code (out, "");
  g_assert_cmpstr (out->str, ==, "(empty)");
  g_string_truncate (out, 0);
  hvp_markdown_append_name (out, "dc-01");
  hvp_markdown_append_name (out, " x");
  hvp_markdown_append_name (out, NULL);
  g_assert_cmpstr (out->str, ==, "**dc\\-01** x\\(unnamed\\)");
  g_string_truncate (out, 0);
  hvp_markdown_append_text_list (out, names);
  g_assert_cmpstr (out->str, ==, "");
  g_ptr_array_add (names, "a|b");
  g_ptr_array_add (names, "c");
  hvp_markdown_append_text_list (out, names);
  g_assert_cmpstr (out->str, ==, "a\\|b, c");
}

HVP_TEST_SUITE (markdown)
{
  g_test_add_func ("/reports/plan-markdown/sections-in-order", test_sections_in_order);
  g_test_add_func ("/reports/plan-markdown/destination", test_destination_table_and_findings);
  g_test_add_func ("/reports/plan-markdown/record", test_record);
  g_test_add_func ("/reports/plan-markdown/record-no-ipconfig",
                   test_record_without_ip_configuration);
  g_test_add_func ("/reports/plan-markdown/security/not-collected", test_security_not_collected);
  g_test_add_func ("/reports/plan-markdown/security/findings", test_security_findings);
  g_test_add_func ("/reports/plan-markdown/security/findings-newer-destination",
                   test_security_findings_newer_destination);
  g_test_add_func ("/reports/plan-markdown/security/customizations", test_security_customizations);
  g_test_add_func ("/reports/plan-markdown/security/defaults", test_security_defaults);
  g_test_add_func ("/reports/plan-markdown/downtime", test_downtime);
  g_test_add_func ("/reports/plan-markdown/verify", test_verify);
  g_test_add_func ("/reports/plan-markdown/escape/hostile-names", test_escape_hostile_names);
  g_test_add_func ("/reports/plan-markdown/escape/code-blocks", test_escape_code_blocks);
  g_test_add_func ("/reports/plan-markdown/deterministic", test_deterministic);
  g_test_add_func ("/reports/markdown/helpers", test_markdown_helpers);
  g_test_add_func ("/reports/markdown/terminal-controls", test_markdown_terminal_controls);
}
