/* Tests of collectors/vmcx: the container reader on the two real files written by Hyper-V
 * (../shared/samples/vmcx, AGPL-3.0: read from there, skipped without it), their values checked by
 * hand against t/vmcx/vmcx-dump.py, and every truncation and single-byte corruption of them (an
 * error of HVP_ERROR_DATA or a tree, never a crash). */
#include <glib.h>
#include <string.h>

#include "unit.h"
#include "collectors/vmcx/vmcx.h"
#include "collectors/xml.h"

#define GEN1 "EC04F346-DB96-4700-AF5B-77B3C56C38BD"
#define GEN2 "993F7B33-6057-4D1E-A1FE-A1A1D77BE974"

/* HVP_TEST_EXPENSIVE=1 (t/lib.sh): every cut and every byte; otherwise a stride. */
static gsize
stride (gsize expensive, gsize quick)
{
  return hvp_test_expensive () ? expensive : quick;
}

static char *
read_sample (const char *id, gsize *ret_length)
{
  const char *samples = g_getenv ("HVP_SAMPLES");
  g_autofree char *name = g_strconcat (id, ".vmcx", NULL);
  g_autofree char *path = NULL;
  char *data = NULL;

  if (samples == NULL)
    return NULL;
  path = g_build_filename (samples, "vmcx", name, NULL);
  if (!g_file_get_contents (path, &data, ret_length, NULL))
    return NULL;
  return data;
}

/* The text of the element at @path below @root ("properties/name"), or NULL. */
static void
assert_element (HvpXmlElement *root, const char *path, const char *expected)
{
  HvpXmlElement *element = hvp_xml_element_find (root, path);
  g_autofree char *text = element != NULL ? hvp_xml_element_text (element) : NULL;

  g_assert_cmpstr (text, ==, expected);
}

/* The real sample @id, checked to be @length bytes, read (into *@data, which must outlive
 * *@vmcx) with @keys keys, and its configuration built into @tree; %FALSE, the test skipped,
 * without HVP_SAMPLES/vmcx. */
static gboolean
load_sample (const char *id, gsize length, guint keys, char **data, HvpVmcx **vmcx,
             HvpXmlTree *tree)
{
  g_autofree char *name = g_strconcat (id, ".vmcx", NULL);
  g_autoptr (GError) error = NULL;
  gsize got = 0;

  *data = read_sample (id, &got);
  if (*data == NULL)
    {
      g_test_skip ("HVP_SAMPLES/vmcx is absent");
      return FALSE;
    }
  g_assert_cmpuint (got, ==, length);
  *vmcx = hvp_vmcx_new_from_data (name, *data, got, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hvp_vmcx_count_keys (*vmcx), ==, keys);
  g_assert_true (hvp_vmcx_to_tree (*vmcx, "configuration", tree, &error));
  g_assert_no_error (error);
  return TRUE;
}

/* Values read by hand from the dump of t/vmcx/vmcx-dump.py. */
static void
test_real_generation_2 (void)
{
  g_autofree char *data = NULL;
  g_autoptr (HvpVmcx) vmcx = NULL;
  g_autoptr (HvpXmlTree) tree = hvp_xml_tree_new ();
  HvpXmlElement *root;

  if (!load_sample (GEN2, 65536, 338, &data, &vmcx, tree))
    return;
  g_assert_cmpuint (hvp_vmcx_format_version (vmcx), ==, 0x0400);
  /* settings/memory/bank lies in key table 4, its parent settings/memory in table 5. */
  g_assert_true (hvp_vmcx_has_key (vmcx, "configuration/settings/memory/bank/size"));
  g_assert_true (hvp_vmcx_has_key (vmcx, "configuration/settings/memory/sgx/enabled"));
  g_assert_false (hvp_vmcx_has_key (vmcx, "configuration/settings/bank"));
  g_assert_false (hvp_vmcx_has_key (vmcx, "savedstate"));
  root = hvp_xml_tree_root (tree);
  g_assert_cmpstr (root->name, ==, "configuration");
  g_assert_null (root->parent);
  g_assert_cmpuint (root->line, ==, 0);
  assert_element (root, "properties/name", "Default Generation 2");
  assert_element (root, "properties/global_id", GEN2);
  assert_element (root, "properties/subtype", "1");
  assert_element (root, "properties/version", "2304");
  assert_element (root, "properties/notes", "");
  assert_element (root, "properties/creation_time", "O8CdwvFC2QE="); /* 3bc09dc2f142d901 */
  assert_element (root, "settings/memory/bank/size", "1024");
  assert_element (root, "settings/memory/bank/dynamic_memory_enabled", "False");
  assert_element (root, "settings/memory/bank/reservation", "512");
  assert_element (root, "settings/memory/bank/limit", "1048576");
  assert_element (root, "settings/processors/count", "1");
  assert_element (root, "settings/processors/features/limit", "False");
  assert_element (root, "_ac6b8dc1-3257-4a70-b1b2-a9c9215659ad_/secure_boot_enabled", "True");
  assert_element (root, "_ac6b8dc1-3257-4a70-b1b2-a9c9215659ad_/secure_boot_template_id",
                  "1734C6E8-3154-4DDA-BA5F-A874CC483422");
  assert_element (root, "_917bd8cb-3bb6-4124-9383-b7d21ac07f79_/StateFilePath",
                  "C:\\Hyper-V\\EasyToFind\\Virtual Machines\\" GEN2 ".vmgs");
  assert_element (root, "_dbcf5442-5b2e-4471-9b01-8aa4c5d0d011_/controller0/drive0/pathname",
                  "C:\\Disks\\Default Generation 2.vhdx");
  assert_element (root, "_f564edfd-e9f3-477a-a8b0-bc20229aa012_/MacAddress", "00-00-00-00-00-00");
  assert_element (root, "_f564edfd-e9f3-477a-a8b0-bc20229aa012_/Connection/AltPortName",
                  "Dynamic Ethernet Switch Port");
}

static void
test_real_generation_1 (void)
{
  g_autofree char *data = NULL;
  g_autoptr (HvpVmcx) vmcx = NULL;
  g_autoptr (HvpXmlTree) tree = hvp_xml_tree_new ();
  g_autoptr (GError) error = NULL;
  HvpXmlElement *root;

  if (!load_sample (GEN1, 81920, 409, &data, &vmcx, tree))
    return;
  root = hvp_xml_tree_root (tree);
  assert_element (root, "properties/name", "Default Generation 1");
  assert_element (root, "properties/subtype", "0");
  assert_element (root, "_83f8638b-8dca-4152-9eda-2ca8b33039b4_/controller0/drive0/type", "VHD");
  assert_element (root, "_83f8638b-8dca-4152-9eda-2ca8b33039b4_/controller0/drive0/pathname",
                  "C:\\Disks\\Default Generation 1.vhdx");
  assert_element (root, "_ac6b8dc1-3257-4a70-b1b2-a9c9215659ad_/secure_boot_enabled", "False");
  g_assert_false (hvp_vmcx_to_tree (vmcx, "savedstate", tree, &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
}

/* Every length shorter than the file (beyond the headers, a stride without HVP_TEST_EXPENSIVE): a tree of the same keys (the cut fell in unused space) or
 * HVP_ERROR_DATA, never anything else. */
static void
test_truncations (void)
{
  gsize length = 0;
  g_autofree char *data = read_sample (GEN2, &length);
  guint failed = 0;

  if (data == NULL)
    {
      g_test_skip ("HVP_SAMPLES/vmcx is absent");
      return;
    }
  for (gsize cut = 0; cut < length; cut += (cut < 8256 ? 1 : stride (1, 29)))
    {
      g_autofree char *copy = g_memdup2 (data, cut);
      g_autoptr (GError) error = NULL;
      g_autoptr (HvpVmcx) vmcx = hvp_vmcx_new_from_data ("cut.vmcx", copy, cut, NULL, &error);

      if (vmcx == NULL)
        {
          g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
          g_assert_nonnull (strstr (error->message, "'cut.vmcx': offset "));
          failed++;
        }
      else
        g_assert_cmpuint (hvp_vmcx_count_keys (vmcx), ==, 338);
    }
  g_assert_cmpuint (failed, >, 8256);
}

/* Every byte (every eleventh without HVP_TEST_EXPENSIVE) of the headers, the object table and the
 * first key tables flipped: a CRC catches
 * it, or it lies outside what the CRCs cover (the two unused header copies' padding, slack). */
static void
test_corruptions (void)
{
  gsize length = 0;
  g_autofree char *data = read_sample (GEN1, &length);
  g_autoptr (HvpXmlTree) tree = hvp_xml_tree_new ();

  if (data == NULL)
    {
      g_test_skip ("HVP_SAMPLES/vmcx is absent");
      return;
    }
  for (gsize at = 0; at < MIN (length, 20480); at += stride (1, 11))
    {
      g_autofree char *copy = g_memdup2 (data, length);
      g_autoptr (GError) error = NULL;
      g_autoptr (HvpVmcx) vmcx = NULL;
      gboolean walked = FALSE;

      copy[at] ^= 0x5A;
      vmcx = hvp_vmcx_new_from_data ("flip.vmcx", copy, length, NULL, &error);
      if (vmcx != NULL)
        walked = hvp_vmcx_to_tree (vmcx, "configuration", tree, &error);
      if (vmcx == NULL || !walked)
        g_assert_true (g_error_matches (error, HVP_ERROR, HVP_ERROR_DATA)
                       || g_error_matches (error, HVP_ERROR, HVP_ERROR_UNSUPPORTED));
    }
}

HVP_TEST_SUITE (vmcx)
{
  g_test_add_func ("/collectors/vmcx/real-generation-2", test_real_generation_2);
  g_test_add_func ("/collectors/vmcx/real-generation-1", test_real_generation_1);
  g_test_add_func ("/collectors/vmcx/truncations", test_truncations);
  g_test_add_func ("/collectors/vmcx/corruptions", test_corruptions);
}
