/* hvplan: the command.  The table of subcommands (one file each in cmd/) and main(). */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cmd/command.h"
#include "models/text.h"

#if HVP_JEMALLOC
/* jemalloc (meson option 'allocator') reads its settings from this variable when it starts, before
 * main().  Measured on `size` at 1,000,000 VMs (issue 14, t/bench/README.md, "ninth pass"):
 * - thp:always, metadata_thp:always: the memory it maps is marked for transparent huge pages
 *   (madvise(2), MADV_HUGEPAGE; Debian's kernels give them on request): the model of a million VMs
 *   is 1.7 GB of small blocks, and one page fault per 4 KiB was a third of reading it: `size`
 *   took 19.3 s with the C library's malloc(), 15.1-15.2 s with this (runs alternating).
 * - narenas:1: one arena for every thread (each keeps a cache of its own): at 100,000 VMs its peak
 *   was 181-183 MiB, against 186-204 MiB with an arena a processor or more, in the same time. */
const char *malloc_conf = "thp:always,metadata_thp:always,narenas:1";
#endif

typedef struct {
  const char *name;
  const char *parameters;
  const char *summary;
  int (*run) (int argc, char **argv);
} HvpCommand;

static const HvpCommand commands[] = {
  { "collect", "SOURCE... [-o FILE]", "collect an inventory from sources", hvp_command_collect },
  { "plan", "--source SOURCE --destination DEST", "check a destination against a source",
    hvp_command_plan },
  { "size", "--source SOURCE --catalog CATALOG", "how many servers of which model, and placement",
    hvp_command_size },
  { "diff", "OLD NEW", "what was added, removed or changed", hvp_command_diff },
  { "guides", "", "list the migration guides", hvp_command_guides },
  { "checklist", "--guide ID --source FACTS [...]",
    "a migration guide with its checks filled in", hvp_command_checklist },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "Usage: hvplan COMMAND [OPTION...]\n\nPlan Hyper-V migrations: what the"
                   " destination needs, and whether it has it.\n\nCommands:\n");
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-9s  %-37s %s\n", commands[i].name, commands[i].parameters,
             commands[i].summary);
  fprintf (stream, "\n'hvplan COMMAND --help' describes a command's options.\n");
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  setlocale (LC_NUMERIC, "C");
  g_set_prgname ("hvplan");
  /* GLib 2.74's number parsers make their C locale on first use, behind g_once_init_enter():
   * a thread that waits there comes back with errno EAGAIN, which g_ascii_string_to_unsigned()
   * then reports as a bad number.  Two sizing threads refused "5.0" as a configuration version
   * in about 1 run of 40 (t3500-compat).  Made here, before any thread, it is never made again. */
  (void) g_ascii_strtoull ("0", NULL, 10);

  if (argc < 2)
    {
      print_usage (stderr);
      return HVP_EXIT_USAGE;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 || strcmp (argv[1], "help") == 0)
    {
      print_usage (stdout);
      return HVP_EXIT_OK;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("hvplan %s\n", HVP_VERSION);
      return HVP_EXIT_OK;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      {
        g_autofree char *prgname = g_strdup_printf ("hvplan %s", commands[i].name);

        g_set_prgname (prgname);
        return commands[i].run (argc - 1, argv + 1);
      }
  {
    g_autofree char *name = hvp_text_escape_terminal (argv[1]);

    g_printerr ("hvplan: unknown command '%s'\n\n", name);
  }
  print_usage (stderr);
  return HVP_EXIT_USAGE;
}
