/* Unit tests of planner/sizing/licence.c: core licences per server and the Standard/Datacenter
 * price of a placement, every number worked out by hand in the comments. */
#include "unit.h"
#include "planner/sizing/licence.h"

static void
test_cores (void)
{
  /* Every core, at least 8 per processor, at least 16 per server, whole 2-core packs. */
  g_assert_cmpuint (hvp_licence_cores (1, 4), ==, 16);
  g_assert_cmpuint (hvp_licence_cores (2, 8), ==, 16);
  g_assert_cmpuint (hvp_licence_cores (2, 12), ==, 16);
  g_assert_cmpuint (hvp_licence_cores (4, 16), ==, 32);
  g_assert_cmpuint (hvp_licence_cores (2, 40), ==, 40);
  g_assert_cmpuint (hvp_licence_cores (1, 17), ==, 18);
  g_assert_cmpuint (hvp_licence_standard_licensings (0), ==, 1);
  g_assert_cmpuint (hvp_licence_standard_licensings (2), ==, 1);
  g_assert_cmpuint (hvp_licence_standard_licensings (3), ==, 2);
  g_assert_cmpuint (hvp_licence_standard_licensings (14), ==, 7);
}

static void
test_price (void)
{
  HvpCatalog catalog = { NULL, NULL, TRUE, 100, TRUE, 600 };
  HvpCatalogModel model = { 0 };
  const guint dense[] = { 14, 0 };
  const guint sparse[] = { 2 };
  HvpLicensing edition = HVP_LICENSING_NONE;
  guint64 price = 0;

  model.sockets = 1;
  model.cores = 16;
  /* 8 packs: Standard 800 per licensing, Datacenter 4,800.  14 VMs: 7 × 800 = 5,600 > 4,800. */
  g_assert_true (hvp_licence_price (&catalog, &model, HVP_LICENSING_CHEAPEST, dense, 1, 0,
                                    &edition, &price));
  g_assert_cmpint (edition, ==, HVP_LICENSING_DATACENTER);
  g_assert_cmpuint (price, ==, 4800);
  g_assert_true (hvp_licence_price (&catalog, &model, HVP_LICENSING_STANDARD, dense, 1, 0,
                                    &edition, &price));
  g_assert_cmpuint (price, ==, 5600);
  /* 2 VMs: one Standard licensing, 800. */
  g_assert_true (hvp_licence_price (&catalog, &model, HVP_LICENSING_CHEAPEST, sparse, 1, 0,
                                    &edition, &price));
  g_assert_cmpint (edition, ==, HVP_LICENSING_STANDARD);
  g_assert_cmpuint (price, ==, 800);
  /* Spare 1: the empty host is licensed for the 14 that restart on it, the full one for its own
   * (the other holds none): Standard 2 × 5,600. */
  g_assert_true (hvp_licence_price (&catalog, &model, HVP_LICENSING_STANDARD, dense, 2, 1,
                                    &edition, &price));
  g_assert_cmpuint (price, ==, 11200);
  /* A per-host price replaces the packs; no Datacenter price: cheapest cannot be answered. */
  model.has_standard_per_host = TRUE;
  model.standard_per_host = 500;
  g_assert_true (hvp_licence_price (&catalog, &model, HVP_LICENSING_STANDARD, sparse, 1, 0,
                                    &edition, &price));
  g_assert_cmpuint (price, ==, 500);
  catalog.has_datacenter_pack = FALSE;
  g_assert_false (hvp_licence_price (&catalog, &model, HVP_LICENSING_CHEAPEST, sparse, 1, 0,
                                     &edition, &price));
  g_assert_false (hvp_licence_price (&catalog, &model, HVP_LICENSING_DATACENTER, sparse, 1, 0,
                                     &edition, &price));
}

/* Guests named by KVP OSName or a libosinfo id: Windows (erring towards Windows), not, unknown. */
static void
test_guest_is_windows (void)
{
  static const char *const windows[] = {
    "Windows Server 2019 Datacenter", "Windows 10 Enterprise", "http://microsoft.com/win/2k19",
    "http://microsoft.com/win/11", "WINDOWS SERVER 2022", "Microsoft Hyper-V Server 2019",
  };
  static const char *const other[] = {
    "Ubuntu 22.04.4 LTS", "CentOS Linux 7 (Core)", "http://ubuntu.com/ubuntu/22.04",
    "http://redhat.com/rhel/9.2", "FreeBSD 14.0-RELEASE",
  };

  for (guint i = 0; i < G_N_ELEMENTS (windows); i++)
    g_assert_cmpint (hvp_licence_guest_is_windows (windows[i]), ==, HVP_TRISTATE_YES);
  for (guint i = 0; i < G_N_ELEMENTS (other); i++)
    g_assert_cmpint (hvp_licence_guest_is_windows (other[i]), ==, HVP_TRISTATE_NO);
  g_assert_cmpint (hvp_licence_guest_is_windows (NULL), ==, HVP_TRISTATE_UNKNOWN);
  g_assert_cmpint (hvp_licence_guest_is_windows (""), ==, HVP_TRISTATE_UNKNOWN);
}

HVP_TEST_SUITE (licence)
{
  g_test_add_func ("/planner/licence/cores", test_cores);
  g_test_add_func ("/planner/licence/price", test_price);
  g_test_add_func ("/planner/licence/guest-is-windows", test_guest_is_windows);
}
