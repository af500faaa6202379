/* Tests of models/error.c: the exit-status table and one-line messages. */
#include <glib.h>
#include <string.h>

#include "unit.h"
#include "models/error.h"

static void
test_exit_status (void)
{
  g_autoptr (GError) data = g_error_new (HVP_ERROR, HVP_ERROR_DATA, "x");
  g_autoptr (GError) open = g_error_new (HVP_ERROR, HVP_ERROR_OPEN, "x");
  g_autoptr (GError) usage = g_error_new (HVP_ERROR, HVP_ERROR_USAGE, "x");
  g_autoptr (GError) write = g_error_new (HVP_ERROR, HVP_ERROR_WRITE, "x");
  g_autoptr (GError) unsupported = g_error_new (HVP_ERROR, HVP_ERROR_UNSUPPORTED, "x");
  g_autoptr (GError) other = g_error_new (G_FILE_ERROR, G_FILE_ERROR_NOENT, "x");

  g_assert_cmpint (hvp_error_exit_status (NULL), ==, HVP_EXIT_OK);
  g_assert_cmpint (hvp_error_exit_status (data), ==, 65);
  g_assert_cmpint (hvp_error_exit_status (open), ==, 66);
  g_assert_cmpint (hvp_error_exit_status (usage), ==, 64);
  g_assert_cmpint (hvp_error_exit_status (write), ==, 74);
  g_assert_cmpint (hvp_error_exit_status (unsupported), ==, 65);
  g_assert_cmpint (hvp_error_exit_status (other), ==, 65);
}

/* A message quoting input with line breaks, control characters or bytes that are not UTF-8 is
 * made one printable line, in hvp_text_append_terminal()'s notation (the byte 0xFF as \xFF);
 * plain text, Windows paths and UTF-8 stay as they were. */
static void
test_one_line (void)
{
  g_autoptr (GError) error = g_error_new (HVP_ERROR, HVP_ERROR_DATA,
                                          "'C:\\VMs\\a.xml': schema 'x\ny\r\tz\x01\x7f' \xff é");
  g_autoptr (GError) plain = g_error_new (HVP_ERROR, HVP_ERROR_DATA, "'D:\\Hyper-V\\b.xml': ok é");

  hvp_error_one_line (error);
  g_assert_cmpstr (error->message, ==,
                   "'C:\\VMs\\a.xml': schema 'x\\ny\\r\\tz\\x01\\x7F' \\xFF é");
  hvp_error_one_line (plain);
  g_assert_cmpstr (plain->message, ==, "'D:\\Hyper-V\\b.xml': ok é");
  hvp_error_one_line (NULL);
}

HVP_TEST_SUITE (error)
{
  g_test_add_func ("/models/error/exit-status", test_exit_status);
  g_test_add_func ("/models/error/one-line", test_one_line);
}
