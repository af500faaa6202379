/* The unit-test programs: one per room (t/unit/meson.build), each made of t/unit/main.c and the
 * test files of that room, one per source file (t/unit/test-<file>.c).
 *
 * A test file defines no main(); it registers its test paths, which start with the room and the
 * file ("/collectors/vhd/..."), in one function:
 *
 *   HVP_TEST_SUITE (vhd)
 *   {
 *     g_test_add_func ("/collectors/vhd/read", test_read);
 *   }
 *
 * main.c calls every room's registration function after g_test_init(), then g_test_run(), then
 * the clean-ups registered with hvp_test_add_cleanup().  Everything the test files share runs in
 * one process: a test that changes global state (a registered hook, an environment variable)
 * sets the state it needs first and puts it back at its end. */
#pragma once

#include <glib.h>

/* Declares and defines hvp_test_NAME_register(), the registration function main.c calls; NAME is
 * the file's name after "test-", with '-' written '_' (t/unit/meson.build spells it so). */
#define HVP_TEST_SUITE(name) \
  void hvp_test_##name##_register (void); \
  void hvp_test_##name##_register (void)

/**
 * hvp_test_expensive:
 *
 * The expensive test points (every cut, every byte, the largest inputs) run only with
 * HVP_TEST_EXPENSIVE=1, as the shell tests' `test_expensive` (t/lib.sh, HACKING.md); without it a
 * test checks the same thing on a stride or a smaller input.
 *
 * Returns: whether HVP_TEST_EXPENSIVE is "1"
 */
gboolean hvp_test_expensive (void);

/**
 * hvp_test_add_cleanup:
 * @cleanup: called with @data once every test of the program has run
 * @data: (nullable): what @cleanup frees
 *
 * Registers a clean-up of state shared by the tests of one file (a cache of unpacked fixtures):
 * main() calls it after g_test_run(), the last registered first.
 */
void hvp_test_add_cleanup (GDestroyNotify cleanup, gpointer data);
