/* hvplan: the compatibility part of the migration checklist (issue 13): each VM's migration path
 * as task items with the exact PowerShell commands.  Every value from the inventory in a command
 * is quoted for PowerShell by hvp_quote_powershell() (models/quote.c); a value it refuses gives
 * no command, and the item says why.  Commands follow "Export and import virtual machines" and
 * "Upgrade virtual machine version" (learn.microsoft.com/windows-server/virtualization/hyper-v/
 * deploy/), Compare-VM and Import-VM (learn.microsoft.com/powershell/module/hyper-v/). */
#include "reports/markdown.h"

#include "models/quote.h"
#include "planner/plan.h"

/* The folder the export goes to: a suggestion the administrator replaces. */
#define EXPORT_FOLDER "D:\\Export"

typedef struct {
  const HvpVm *vm;
  const HvpPlanVm *plan_vm;
  char *name;         /* quoted for PowerShell */
  char *config;       /* the exported configuration's path, quoted */
} Commands;

static void
task (GString *out, guint depth)
{
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
  g_string_append (out, "- [ ] ");
}

/* "on X: `command`" as a nested task item. */
static void
command_item (GString *out, const char *where, const char *command)
{
  task (out, 1);
  g_string_append_printf (out, "%s: ", where);
  hvp_markdown_append_code (out, command);
  g_string_append_c (out, '\n');
}

/* The exported configuration: Export-VM writes `<folder>\<VM name>\Virtual Machines\<VM id>`
 * and `.xml` for a configuration version 5.0 or older, `.vmcx` after. */
static char *
exported_config_path (const HvpVm *vm, const char *folder, gboolean upgraded)
{
  gboolean xml = !upgraded && vm->configuration_version != NULL
                 && g_ascii_strtod (vm->configuration_version, NULL) < 6.0;

  return g_strdup_printf ("%s\\%s\\Virtual Machines\\%s.%s", folder, hvp_vm_label (vm),
                          vm->id != NULL ? vm->id : "<VM id>", xml ? "xml" : "vmcx");
}

static void
import_commands (const Commands *c, const char *where, GString *out)
{
  g_autofree char *compare = g_strdup_printf ("$report = Compare-VM -Path %s -Copy "
                                              "-GenerateNewId; $report.Incompatibilities | "
                                              "Format-Table -AutoSize", c->config);

  command_item (out, where, compare);
  command_item (out, where, "Import-VM -CompatibilityReport $report");
}

static void
two_hop_commands (const Commands *c, GString *out)
{
  g_autofree char *update = g_strdup_printf ("Update-VMVersion -Name %s -Force", c->name);
  g_autofree char *export = g_strdup_printf ("Export-VM -Name %s -Path '" EXPORT_FOLDER "2'",
                                             c->name);
  g_autofree char *where = g_strdup_printf ("on a %s host", c->plan_vm->hop_hosts);
  g_autofree char *path = exported_config_path (c->vm, EXPORT_FOLDER "2", TRUE);
  g_autofree char *quoted = hvp_quote_powershell (path, NULL);
  g_autofree char *compare = NULL;

  import_commands (c, where, out);
  command_item (out, where, update);
  command_item (out, where, export);
  if (quoted == NULL)
    return;
  compare = g_strdup_printf ("$report = Compare-VM -Path %s -Copy; "
                             "$report.Incompatibilities | Format-Table -AutoSize", quoted);
  command_item (out, "on the destination", compare);
  command_item (out, "on the destination", "Import-VM -CompatibilityReport $report");
}

/* New-VM with the recorded generation and memory, then each recorded virtual hard disk. */
static void
recreate_commands (const Commands *c, GString *out)
{
  g_autofree char *create = g_strdup_printf (
    "New-VM -Name %s -Generation %u -MemoryStartupBytes %" G_GUINT64_FORMAT " -NoVHD", c->name,
    c->vm->generation == 2 ? 2u : 1u, c->vm->memory.startup_bytes);

  command_item (out, "on the destination", create);
  for (guint i = 0; i < c->vm->drives->len; i++)
    {
      const HvpDrive *drive = g_ptr_array_index (c->vm->drives, i);
      g_autofree char *path = NULL;
      g_autofree char *attach = NULL;

      if (drive->disk_path == NULL)
        continue;
      path = hvp_quote_powershell (drive->disk_path, NULL);
      if (path == NULL)
        continue;
      attach = g_strdup_printf ("Add-VMHardDiskDrive -VMName %s -Path %s", c->name, path);
      command_item (out, "on the destination, with the disk copied to the same path", attach);
    }
}

/* A VM with a virtual TPM or a key protector starts only where its guardian is: the untrusted
 * guardian's certificates move with it ("Guarded fabric and shielded VMs": the local key
 * protector's certificates live in the "Shielded VM Local Certificates" store).  Nothing from the
 * inventory goes into these commands. */
static void
guardian_commands (const Commands *c, GString *out)
{
  if (c->vm->tpm != HVP_TRISTATE_YES && c->vm->key_protector != HVP_TRISTATE_YES)
    return;
  if (c->plan_vm->migration_path == HVP_MIGRATION_PATH_BLOCKED)
    return;
  command_item (out, "on the source, its guardian's certificates",
                "$password = Read-Host -AsSecureString 'PFX password'; Get-ChildItem "
                "'Cert:\\LocalMachine\\Shielded VM Local Certificates' | ForEach-Object { "
                "Export-PfxCertificate -Cert $_ -FilePath ('" EXPORT_FOLDER "\\' + "
                "$_.Thumbprint + '.pfx') -Password $password }");
  command_item (out, "on the destination, before starting the VM",
                "$password = Read-Host -AsSecureString 'PFX password'; Get-ChildItem '"
                EXPORT_FOLDER "\\*.pfx' | ForEach-Object { Import-PfxCertificate -FilePath "
                "$_.FullName -CertStoreLocation 'Cert:\\LocalMachine\\Shielded VM Local "
                "Certificates' -Password $password }");
}

static void
path_commands (const Commands *c, GString *out)
{
  g_autofree char *export = g_strdup_printf ("Stop-VM -Name %s; Export-VM -Name %s -Path '"
                                             EXPORT_FOLDER "'", c->name, c->name);
  g_autofree char *update = g_strdup_printf ("Update-VMVersion -Name %s", c->name);

  switch (c->plan_vm->migration_path)
    {
    case HVP_MIGRATION_PATH_IMPORT:
    case HVP_MIGRATION_PATH_IMPORT_AND_UPGRADE:
      command_item (out, "on the source", export);
      import_commands (c, "on the destination", out);
      if (c->plan_vm->migration_path == HVP_MIGRATION_PATH_IMPORT_AND_UPGRADE)
        command_item (out, "optional, one way (no move back to the source afterwards)", update);
      break;
    case HVP_MIGRATION_PATH_TWO_HOP:
      command_item (out, "on the source", export);
      two_hop_commands (c, out);
      break;
    case HVP_MIGRATION_PATH_RECREATE:
      recreate_commands (c, out);
      break;
    case HVP_MIGRATION_PATH_BLOCKED:
    case HVP_MIGRATION_PATH_UNKNOWN:
    default:
      break;
    }
}

static const char *
path_words (HvpMigrationPath path)
{
  switch (path)
    {
    case HVP_MIGRATION_PATH_IMPORT:
      return "export, then import on the destination";
    case HVP_MIGRATION_PATH_IMPORT_AND_UPGRADE:
      return "export, import, then optionally upgrade the configuration version";
    case HVP_MIGRATION_PATH_TWO_HOP:
      return "through an intermediate host that imports and upgrades it";
    case HVP_MIGRATION_PATH_RECREATE:
      return "re-create it on the destination from the settings recorded in step 5, with its "
             "virtual hard disks";
    case HVP_MIGRATION_PATH_BLOCKED:
      return "it cannot run on the destination (see the findings below)";
    case HVP_MIGRATION_PATH_UNKNOWN:
    default:
      return "unknown: the destination's operating system is not in the rules; run Compare-VM "
             "on the destination";
    }
}

static void
append_vm (const HvpVm *vm, const HvpPlanVm *plan_vm, GString *out)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *config = exported_config_path (vm, EXPORT_FOLDER, FALSE);
  Commands c = { vm, plan_vm, hvp_quote_powershell (plan_vm->name, &error), NULL };

  task (out, 0);
  g_string_append (out, "VM ");
  hvp_markdown_append_name (out, plan_vm->name);
  g_string_append_printf (out, ": **%s**, %s\n",
                          hvp_migration_path_to_string (plan_vm->migration_path),
                          path_words (plan_vm->migration_path));
  if (c.name == NULL)
    {
      task (out, 1);
      g_string_append (out, "No command: ");
      hvp_markdown_append_text (out, error->message);
      g_string_append_c (out, '\n');
      return;
    }
  c.config = hvp_quote_powershell (config, NULL);
  guardian_commands (&c, out);
  if (c.config != NULL)
    path_commands (&c, out);
  g_free (c.name);
  g_free (c.config);
}

/**
 * hvp_markdown_append_compatibility:
 * @plan: a plan
 * @source: (nullable): the inventory it was made from (the VMs' ids, disks and memory)
 * @out: Markdown is appended here
 *
 * The checklist's compatibility part: one task item per VM naming its migration path, with the
 * PowerShell commands of that path nested below it (Export-VM; Compare-VM and
 * Import-VM -CompatibilityReport; Update-VMVersion where the path upgrades; New-VM and
 * Add-VMHardDiskDrive to re-create; for a virtual TPM or key protector, the export and import of
 * the guardian's certificates), each value from the inventory quoted with
 * hvp_quote_powershell().  The export folder `D:\Export` is a suggestion.
 */
void
hvp_markdown_append_compatibility (const HvpPlan *plan, const HvpInventory *source, GString *out)
{
  guint row = 0;

  g_return_if_fail (plan != NULL && out != NULL);

  if (source == NULL || plan->vms->len == 0)
    return;
  g_string_append (out, "### Compatibility: each VM's migration path\n\n");
  if (plan->destination_rules == NULL)
    {
      g_string_append (out, "The destination's operating system is not in the compatibility "
                            "rules: run `Compare-VM` on the destination for each exported VM "
                            "before `Import-VM`.\n\n");
      return;
    }
  for (guint h = 0; h < source->hosts->len; h++)
    {
      const HvpHost *host = g_ptr_array_index (source->hosts, h);

      for (guint v = 0; v < host->vms->len && row < plan->vms->len; v++, row++)
        append_vm (g_ptr_array_index (host->vms, v), g_ptr_array_index (plan->vms, row), out);
    }
  g_string_append_c (out, '\n');
}
