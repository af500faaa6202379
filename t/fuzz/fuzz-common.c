/* hvplan: what every libFuzzer target shares: quiet logging with fatal criticals, a scratch
 * folder for collectors that read files, and the two oracles every target applies (an error is an
 * HVP_ERROR with a message; an inventory that was read can be written and read back). */
#include "t/fuzz/fuzz.h"

#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "models/inventory-json.h"

static char *scratch_dir;

/* Debug and info messages are dropped; warnings, criticals and errors are printed (the last two
 * then abort). */
static void
log_quietly (const char *domain, GLogLevelFlags level, const char *message,
             gpointer user_data G_GNUC_UNUSED)
{
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    fprintf (stderr, "%s: %s\n", domain != NULL ? domain : "", message);
}

static void
remove_scratch_dir (void)
{
  g_autoptr (GDir) dir = NULL;
  const char *entry;

  if (scratch_dir == NULL)
    return;
  dir = g_dir_open (scratch_dir, 0, NULL);
  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (scratch_dir, entry, NULL);

      g_unlink (path);
    }
  g_rmdir (scratch_dir);
}

static void
abort_on_trap (int signal_number G_GNUC_UNUSED)
{
  abort ();
}

/**
 * LLVMFuzzerInitialize:
 * @argc: libFuzzer's argument count
 * @argv: libFuzzer's arguments
 *
 * Called once by libFuzzer: a critical (a failed g_return_if_fail(), a programming error) and a
 * g_error() abort, so the fuzzer saves the input as a crash; debug and info messages are dropped.
 *
 * Returns: 0
 */
int
LLVMFuzzerInitialize (int *argc G_GNUC_UNUSED, char ***argv G_GNUC_UNUSED)
{
  /* g_error() and fatal criticals stop with SIGTRAP, which libFuzzer does not catch: turn it
   * into an abort so that the input is saved as a crash. */
  signal (SIGTRAP, abort_on_trap);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  g_log_set_default_handler (log_quietly, NULL);
  g_setenv ("LIBVIRT_LOG_OUTPUTS", "4:file:/dev/null", TRUE);
  return 0;
}

/**
 * hvp_fuzz_scratch_dir:
 *
 * A folder of this process, on tmpfs (/dev/shm) where it can be, else in g_get_tmp_dir(); removed
 * when the process exits normally.
 *
 * Returns: (transfer none): its path
 */
const char *
hvp_fuzz_scratch_dir (void)
{
  if (scratch_dir == NULL)
    {
      const char *base = g_access ("/dev/shm", W_OK) == 0 ? "/dev/shm" : g_get_tmp_dir ();
      g_autofree char *template = g_build_filename (base, "hvplan-fuzz-XXXXXX", NULL);

      if (g_mkdtemp (template) == NULL)
        g_error ("cannot make a scratch folder in '%s': %s", base, g_strerror (errno));
      scratch_dir = g_steal_pointer (&template);
      atexit (remove_scratch_dir);
    }
  return scratch_dir;
}

/**
 * hvp_fuzz_write_file:
 * @name: a file name (no folder)
 * @data: (array length=size): the bytes
 * @size: how many
 *
 * Writes @data to @name in the scratch folder, replacing what was there.
 *
 * Returns: (transfer full): the file's path
 */
char *
hvp_fuzz_write_file (const char *name, const uint8_t *data, size_t size)
{
  char *path = g_build_filename (hvp_fuzz_scratch_dir (), name, NULL);
  g_autoptr (GError) error = NULL;

  if (!g_file_set_contents_full (path, (const char *) data, (gssize) size,
                                 G_FILE_SET_CONTENTS_NONE, 0600, &error))
    g_error ("cannot write '%s': %s", path, error->message);
  return path;
}

/**
 * hvp_fuzz_check_error:
 * @error: the error a reader set
 *
 * Aborts unless @error is in the %HVP_ERROR domain with a known code and a non-empty message:
 * every failure must reach the user as one documented exit status and one line.
 */
void
hvp_fuzz_check_error (const GError *error)
{
  if (error == NULL)
    g_error ("a reader returned FALSE without setting an error");
  if (error->domain != HVP_ERROR || error->code < HVP_ERROR_USAGE
      || error->code > HVP_ERROR_UNSUPPORTED)
    g_error ("error outside HVP_ERROR: %s %d: %s", g_quark_to_string (error->domain), error->code,
             error->message);
  if (error->message == NULL || error->message[0] == '\0' || strchr (error->message, '\n') != NULL)
    g_error ("error message is empty or has more than one line: '%s'",
             error->message != NULL ? error->message : "(null)");
}

/**
 * hvp_fuzz_check_inventory:
 * @inventory: what a reader made of the input
 *
 * As `hvplan collect` does (hvp_collect()), refuses impossible values first
 * (hvp_inventory_validate(): the error must be well-formed, hvp_fuzz_check_error()); then writes
 * @inventory as "hvplan-inventory/1", reads that back and writes it again: aborts unless the
 * reader accepts what the writer wrote and the second text equals the first (what `hvplan
 * collect -o` writes must be readable by every other command).
 */
void
hvp_fuzz_check_inventory (const HvpInventory *inventory)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr (HvpInventory) again = NULL;
  g_autoptr (GError) error = NULL;

  if (!hvp_inventory_validate (inventory, "(fuzz)", HVP_VM_PLATFORM_ANY, &error))
    {
      hvp_fuzz_check_error (error);
      return;
    }
  first = hvp_inventory_to_json (inventory);
  again = hvp_inventory_from_json (first, strlen (first), "(written)", &error);
  if (again == NULL)
    g_error ("the inventory written cannot be read back: %s\n%s", error->message, first);
  second = hvp_inventory_to_json (again);
  if (strcmp (first, second) != 0)
    g_error ("the inventory read back is written differently:\n%s\n---\n%s", first, second);
}
