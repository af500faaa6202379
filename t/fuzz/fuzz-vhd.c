/* hvplan fuzz target "vhd": VHD/VHDX header reading (libvhdi plus collectors/vhd's own checks)
 * and differencing-chain resolution, on up to four files.
 *
 * libvhdi opens files by name, and the interesting structures of a VHDX lie megabytes apart
 * (headers at 64 KiB and 128 KiB, region tables at 192 KiB and 256 KiB, metadata often at 2 or
 * 3 MiB), too far for a fuzzer's inputs.  So the input is a list of records, each writing some
 * bytes into one of four sparse files; the rest of each file reads as zeros:
 *
 *   record := file (1 byte, taken mod 4) | offset (4 bytes, little-endian) | length (2 bytes,
 *             little-endian) | `length` bytes (fewer when the input ends first)
 *
 * A file is as long as its furthest record (a record of length 0 only makes it that long); a
 * file no record names does not exist.  The files
 * are disk0.vhd … disk3.vhd in a scratch folder (on tmpfs where it can be); a host with one disk,
 * recorded as `C:\VMs\disk0.vhd`, is then resolved with hvp_vhd_resolve_host() and that folder as
 * the search folder, so a recorded parent name `disk1.vhd` (or `C:\…\disk1.vhd`) is followed.
 * Every file is also read alone with hvp_vhd_read().  t/fuzz/vhd-seeds.py turns real images into
 * this encoding (zero runs left out). */
#include "t/fuzz/fuzz.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "collectors/vhd/vhd.h"

#define FILES 4
#define RECORD_HEADER_BYTES 7

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *dir = hvp_fuzz_scratch_dir ();
  char *paths[FILES] = { NULL };
  int fds[FILES] = { -1, -1, -1, -1 };
  g_autoptr (HvpInventory) inventory = hvp_inventory_new ();
  g_autoptr (HvpCollectOptions) options = hvp_collect_options_new ();
  g_autoptr (GError) error = NULL;
  const char *search_dirs[] = { dir, NULL };
  HvpHost *host;
  size_t at = 0;

  for (int i = 0; i < FILES; i++)
    {
      g_autofree char *name = g_strdup_printf ("disk%d.vhd", i);

      paths[i] = g_build_filename (dir, name, NULL);
      g_unlink (paths[i]);
    }
  while (at + RECORD_HEADER_BYTES <= size)
    {
      int file = data[at] % FILES;
      off_t offset = (off_t) data[at + 1] | (off_t) data[at + 2] << 8 | (off_t) data[at + 3] << 16
                     | (off_t) data[at + 4] << 24;
      size_t length = (size_t) data[at + 5] | (size_t) data[at + 6] << 8;

      at += RECORD_HEADER_BYTES;
      length = MIN (length, size - at);
      if (fds[file] < 0)
        {
          fds[file] = g_open (paths[file], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
          if (fds[file] < 0)
            g_error ("cannot create '%s': %s", paths[file], g_strerror (errno));
        }
      if (length > 0 && pwrite (fds[file], data + at, length, offset) != (ssize_t) length)
        g_error ("cannot write '%s': %s", paths[file], g_strerror (errno));
      if (length == 0 && ftruncate (fds[file], MAX (offset, lseek (fds[file], 0, SEEK_END))) != 0)
        g_error ("cannot extend '%s': %s", paths[file], g_strerror (errno));
      at += length;
    }
  for (int i = 0; i < FILES; i++)
    if (fds[i] >= 0)
      close (fds[i]);

  for (int i = 0; i < FILES; i++)
    {
      g_autoptr (HvpDisk) disk = hvp_disk_new (paths[i]);

      if (!hvp_vhd_read (paths[i], disk, &error))
        hvp_fuzz_check_error (error);
      g_clear_error (&error);
    }

  host = hvp_inventory_ensure_host (inventory, "fuzz");
  hvp_host_add_disk (host, hvp_disk_new ("C:\\VMs\\disk0.vhd"));
  if (hvp_vhd_resolve_host (host, search_dirs, options, inventory, &error))
    hvp_fuzz_check_inventory (inventory);
  else
    hvp_fuzz_check_error (error);

  for (int i = 0; i < FILES; i++)
    g_free (paths[i]);
  return 0;
}
