/* models/lookup.c through hvp_host_find_switch() and hvp_host_find_vm(): the hashed index finds
 * what a scan in array order would, and follows the array as collectors and merges change it. */
#include "unit.h"
#include "models/model.h"

static HvpHost *
host_with_switches (void)
{
  HvpHost *host = hvp_host_new ("h");

  g_ptr_array_add (host->switches, hvp_switch_new ("AAAA-1", "Corp", HVP_SWITCH_TYPE_EXTERNAL));
  g_ptr_array_add (host->switches, hvp_switch_new ("BBBB-2", "Lab", HVP_SWITCH_TYPE_INTERNAL));
  /* A name that is another switch's id: ids are searched first, as the scan did. */
  g_ptr_array_add (host->switches, hvp_switch_new ("CCCC-3", "AAAA-1", HVP_SWITCH_TYPE_PRIVATE));
  g_ptr_array_add (host->switches, hvp_switch_new ("DDDD-4", "Corp", HVP_SWITCH_TYPE_PRIVATE));
  return host;
}

static void
test_first_match (void)
{
  g_autoptr (HvpHost) host = host_with_switches ();

  g_assert_true (hvp_host_find_switch (host, "aaaa-1") == g_ptr_array_index (host->switches, 0));
  g_assert_true (hvp_host_find_switch (host, "AAAA-1") == g_ptr_array_index (host->switches, 0));
  /* The first of two switches with one name. */
  g_assert_true (hvp_host_find_switch (host, "Corp") == g_ptr_array_index (host->switches, 0));
  /* Names compare exactly. */
  g_assert_null (hvp_host_find_switch (host, "corp"));
  g_assert_null (hvp_host_find_switch (host, "nowhere"));
  g_assert_null (hvp_host_find_switch (host, NULL));
}

static void
test_follows_additions (void)
{
  g_autoptr (HvpHost) host = host_with_switches ();
  HvpSwitch *added = hvp_switch_new (NULL, "Backup", HVP_SWITCH_TYPE_INTERNAL);

  g_assert_null (hvp_host_find_switch (host, "Backup"));
  g_ptr_array_add (host->switches, added);
  g_assert_true (hvp_host_find_switch (host, "Backup") == added);
  /* A missing id filled in place (as merges and collectors do) is found by it. */
  g_assert_null (hvp_host_find_switch (host, "EEEE-5"));
  added->id = g_strdup ("EEEE-5");
  g_assert_true (hvp_host_find_switch (host, "eeee-5") == added);
}

static void
test_follows_replacement (void)
{
  g_autoptr (HvpHost) host = host_with_switches ();
  HvpSwitch *lab = g_ptr_array_index (host->switches, 1);

  g_assert_true (hvp_host_find_switch (host, "Lab") == lab);
  g_ptr_array_remove_index (host->switches, 1);
  g_assert_null (hvp_host_find_switch (host, "Lab"));
  g_assert_cmpstr (hvp_host_find_switch (host, "AAAA-1")->name, ==, "Corp");
  /* Removed and another added between two lookups: the length is the same; the stale position
   * is not returned, and the rebuilt index has the new switch. */
  g_ptr_array_remove_index (host->switches, 0);
  g_ptr_array_add (host->switches, hvp_switch_new ("FFFF-6", "Storage", HVP_SWITCH_TYPE_INTERNAL));
  g_assert_null (hvp_host_find_switch (host, "aaaa-1"));
  /* Now only the name of CCCC-3. */
  g_assert_cmpstr (hvp_host_find_switch (host, "AAAA-1")->id, ==, "CCCC-3");
  g_assert_cmpstr (hvp_host_find_switch (host, "Storage")->id, ==, "FFFF-6");
  g_assert_cmpstr (hvp_host_find_switch (host, "DDDD-4")->name, ==, "Corp");
}

static void
test_vms (void)
{
  g_autoptr (HvpHost) host = hvp_host_new ("h");

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *id = g_strdup_printf ("7A2E0000-0000-4000-8000-%012X", i);
      g_autofree char *name = g_strdup_printf ("vm%04u", i);

      g_ptr_array_add (host->vms, hvp_vm_new (id, name));
    }
  g_assert_cmpstr (hvp_host_find_vm (host, "vm0999")->id, ==, "7A2E0000-0000-4000-8000-0000000003E7");
  g_assert_cmpstr (hvp_host_find_vm (host, "7a2e0000-0000-4000-8000-000000000000")->name, ==,
                   "vm0000");
  g_ptr_array_add (host->vms, hvp_vm_new (NULL, "late"));
  g_assert_nonnull (hvp_host_find_vm (host, "late"));
  g_assert_null (hvp_host_find_vm (host, "vm1000"));
}

HVP_TEST_SUITE (lookup)
{
  g_test_add_func ("/models/lookup/first-match", test_first_match);
  g_test_add_func ("/models/lookup/follows-additions", test_follows_additions);
  g_test_add_func ("/models/lookup/follows-replacement", test_follows_replacement);
  g_test_add_func ("/models/lookup/vms", test_vms);
}
