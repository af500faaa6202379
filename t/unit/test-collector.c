#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "collectors/collector.h"

static void
test_path_map (void)
{
  g_autoptr (HvpCollectOptions) options = hvp_collect_options_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *mapped = NULL;
  g_autofree char *longest = NULL;
  g_autofree char *case_folded = NULL;
  g_autofree char *unmapped = NULL;
  g_autofree char *partial = NULL;

  g_assert_true (hvp_collect_options_add_path_map (options, "D:\\Hyper-V=/srv/copy", &error));
  g_assert_true (hvp_collect_options_add_path_map (options, "D:\\Hyper-V\\Disks\\=/mnt/disks", &error));
  g_assert_no_error (error);

  mapped = hvp_path_map_apply (options, "D:\\Hyper-V\\Virtual Hard Disks\\dc01.vhdx");
  g_assert_cmpstr (mapped, ==, "/srv/copy/Virtual Hard Disks/dc01.vhdx");
  longest = hvp_path_map_apply (options, "D:\\Hyper-V\\Disks\\a.vhd");
  g_assert_cmpstr (longest, ==, "/mnt/disks/a.vhd");
  case_folded = hvp_path_map_apply (options, "d:/HYPER-V/x.vhdx");
  g_assert_cmpstr (case_folded, ==, "/srv/copy/x.vhdx");
  unmapped = hvp_path_map_apply (options, "C:\\VMs\\x.vhdx");
  g_assert_null (unmapped);
  /* A prefix must end at a separator: D:\Hyper-V2 is another folder. */
  partial = hvp_path_map_apply (options, "D:\\Hyper-V2\\x.vhdx");
  g_assert_null (partial);
}

/* '..' may walk within a mapped folder, never above it. */
static void
test_path_map_check (void)
{
  g_autoptr (HvpCollectOptions) options = hvp_collect_options_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (hvp_collect_options_add_path_map (options, "D:\\Hyper-V=/srv/copy", NULL));
  g_assert_true (hvp_path_map_check (options, "D:\\Hyper-V\\a\\..\\b.vhdx", NULL));
  g_assert_true (hvp_path_map_check (options, "D:\\Hyper-V\\.\\b.vhdx", NULL));
  g_assert_true (hvp_path_map_check (options, "C:\\..\\..\\x.vhdx", NULL)); /* no map */
  g_assert_true (hvp_path_map_check (NULL, "D:\\Hyper-V\\..\\x.vhdx", NULL));
  g_assert_false (hvp_path_map_check (options, "D:\\Hyper-V\\a\\..\\..\\x.vhdx", &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  g_assert_cmpstr (error->message, ==,
                   "'D:\\Hyper-V\\a\\..\\..\\x.vhdx': '..' climbs above the --path-map "
                   "folder 'D:\\Hyper-V' ('/srv/copy')");
  g_clear_error (&error);
  g_assert_false (hvp_path_map_check (options, "d:/hyper-v/../etc/x.vhd", &error));
}

static void
test_path_map_usage (void)
{
  g_autoptr (HvpCollectOptions) options = hvp_collect_options_new ();
  const char *bad[] = { "no-equals", "=/srv", "D:\\x=" };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_false (hvp_collect_options_add_path_map (options, bad[i], &error));
      g_assert_error (error, HVP_ERROR, HVP_ERROR_USAGE);
    }
  g_assert_cmpuint (options->path_maps->len, ==, 0);
}

static void
test_windows_paths (void)
{
  g_autofree char *base = hvp_path_windows_basename ("D:\\Hyper-V\\Virtual Hard Disks\\dc01.vhdx");
  g_autofree char *posix_base = hvp_path_windows_basename ("/srv/a.vhd");

  g_assert_cmpstr (base, ==, "dc01.vhdx");
  g_assert_cmpstr (posix_base, ==, "a.vhd");
  g_assert_true (hvp_path_is_windows ("C:\\VMs"));
  g_assert_true (hvp_path_is_windows ("\\\\server\\share\\a.vhdx"));
  g_assert_true (hvp_path_is_windows ("c:/vms/a.vhdx"));
  g_assert_false (hvp_path_is_windows ("/srv/a.vhdx"));
  g_assert_false (hvp_path_is_windows (NULL));
}

static void
test_read_input_limit (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hvplan-XXXXXX", &error);
  g_autofree char *file = g_build_filename (dir, "in.json", NULL);
  g_autoptr (HvpCollectOptions) options = hvp_collect_options_new ();
  g_autofree char *text = NULL;
  gsize length = 0;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (file, "0123456789", 10, NULL));
  g_assert_true (hvp_read_input_file (file, options, &text, &length, &error));
  g_assert_cmpuint (length, ==, 10);
  g_clear_pointer (&text, g_free);

  options->max_input_bytes = 9;
  g_assert_false (hvp_read_input_file (file, options, &text, &length, &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "more than the input limit of 9 bytes"));
  g_clear_error (&error);

  g_assert_false (hvp_read_input_file (dir, options, &text, &length, &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_OPEN);
  g_clear_error (&error);

  g_assert_cmpint (g_unlink (file), ==, 0);
  g_assert_false (hvp_read_input_file (file, options, &text, &length, &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "No such file or directory"));
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_collector_for (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *plain = NULL;
  int fd;

  g_assert_null (hvp_collector_for ("/nonexistent/hvplan/source", &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_OPEN);
  g_clear_error (&error);
  /* A device or FIFO is not sniffed (reading one may block or never end). */
  g_assert_null (hvp_collector_for ("/dev/null", &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "not a regular file or folder"));
  g_clear_error (&error);
  fd = g_file_open_tmp ("hvplan-no-format-XXXXXX", &plain, NULL);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, "plain text\n", 11), ==, 11);
  g_close (fd, NULL);
  g_assert_null (hvp_collector_for (plain, &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "in no format hvplan reads"));
  g_unlink (plain);
}

HVP_TEST_SUITE (collector)
{
  g_test_add_func ("/collectors/collector/path-map", test_path_map);
  g_test_add_func ("/collectors/collector/path-map-usage", test_path_map_usage);
  g_test_add_func ("/collectors/collector/path-map-check", test_path_map_check);
  g_test_add_func ("/collectors/collector/windows-paths", test_windows_paths);
  g_test_add_func ("/collectors/collector/read-input-limit", test_read_input_limit);
  g_test_add_func ("/collectors/collector/collector-for", test_collector_for);
}
