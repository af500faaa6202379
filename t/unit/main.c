/* The main() of every unit-test program (t/unit/unit.h): one g_test_init(), the registration
 * functions of the room's test files (HVP_UNIT_SUITES, given by t/unit/meson.build as
 * "HVP_UNIT_SUITE(vhd) HVP_UNIT_SUITE(vmcx) ..."), one g_test_run(), then the clean-ups. */
#include "unit.h"

#ifndef HVP_UNIT_SUITES
#error "HVP_UNIT_SUITES is set by t/unit/meson.build"
#endif

#define HVP_UNIT_SUITE(name) void hvp_test_##name##_register (void);
HVP_UNIT_SUITES
#undef HVP_UNIT_SUITE

typedef struct
{
  GDestroyNotify cleanup;
  gpointer data;
} Cleanup;

/* The clean-ups, in the order they were registered. */
static GArray *cleanups;

gboolean
hvp_test_expensive (void)
{
  return g_strcmp0 (g_getenv ("HVP_TEST_EXPENSIVE"), "1") == 0;
}

void
hvp_test_add_cleanup (GDestroyNotify cleanup, gpointer data)
{
  Cleanup entry = { cleanup, data };

  if (cleanups == NULL)
    cleanups = g_array_new (FALSE, FALSE, sizeof (Cleanup));
  g_array_append_val (cleanups, entry);
}

static void
run_cleanups (void)
{
  if (cleanups == NULL)
    return;
  for (guint i = cleanups->len; i > 0; i--)
    {
      const Cleanup *entry = &g_array_index (cleanups, Cleanup, i - 1);

      entry->cleanup (entry->data);
    }
  g_clear_pointer (&cleanups, g_array_unref);
}

int
main (int argc, char **argv)
{
  static void (*const suites[]) (void) = {
#define HVP_UNIT_SUITE(name) hvp_test_##name##_register,
    HVP_UNIT_SUITES
#undef HVP_UNIT_SUITE
  };
  int status;

  g_test_init (&argc, &argv, NULL);
  (void) g_ascii_strtoull ("0", NULL, 10); /* before any thread: see hvplan.c's main() */
  for (gsize i = 0; i < G_N_ELEMENTS (suites); i++)
    suites[i] ();
  status = g_test_run ();
  run_cleanups ();
  return status;
}
