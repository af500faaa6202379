/* Unit tests of planner/sizing/sizing.c and planner/sizing/catalog.c on synthetic inventories and catalogs built
 * in memory: every expected number is worked out by hand in the comments. */
#include <string.h>

#include "unit.h"
#include "planner/sizing/sizing.h"

#define GIB HVP_GIB

/* Builders ------------------------------------------------------------------------------------ */

static HvpVm *
add_vm (HvpHost *host, const char *name, guint vcpus, guint64 memory_bytes)
{
  g_autofree char *id = g_strdup_printf ("ID-%s", name);
  HvpVm *vm = hvp_vm_new (id, name);

  vm->state = HVP_VM_STATE_RUNNING;
  vm->vcpus = vcpus;
  vm->memory.startup_bytes = memory_bytes;
  g_ptr_array_add (host->vms, vm);
  return vm;
}

static HvpInventory *
source_new (HvpHost **ret_host)
{
  HvpInventory *inventory = hvp_inventory_new ();
  HvpHost *host = hvp_inventory_ensure_host (inventory, "hv-old");

  g_free (host->processor.vendor);
  host->processor.vendor = g_strdup ("GenuineIntel");
  host->processor.family = 6;
  host->processor.model = 45;
  host->processor.stepping = 7;
  *ret_host = host;
  return inventory;
}

static HvpCatalogModel *
add_model (HvpCatalog *catalog, const char *name, guint threads, guint64 memory_bytes,
           const char *vendor, guint64 price)
{
  HvpCatalogModel *model = g_new0 (HvpCatalogModel, 1);

  model->name = g_strdup (name);
  model->sockets = 2;
  model->cores = threads / 2;
  model->threads = threads;
  model->memory_bytes = memory_bytes;
  model->physical_nics = 4;
  model->storage_bytes = 10000 * GIB;
  model->processor.vendor = g_strdup (vendor);
  model->processor.family = 6;
  model->processor.model = 45;
  model->processor.stepping = 7;
  model->has_price = price != 0;
  model->price = price;
  g_ptr_array_add (catalog->models, model);
  return model;
}

static HvpCatalog *
catalog_from_text (const char *text, GError **error)
{
  return hvp_catalog_parse ("catalog.json", text, strlen (text), error);
}


/* Options without per-VM overhead, so that the numbers stay round. */
static HvpPlanOptions *
options_new (void)
{
  HvpPlanOptions *options = hvp_plan_options_new ();

  options->vm_overhead_auto = FALSE;
  options->vm_overhead_bytes = 0;
  return options;
}

static HvpSizing *
size_ok (const HvpInventory *source, const HvpCatalog *catalog, const HvpPlanOptions *options)
{
  g_autoptr (GError) error = NULL;
  HvpSizing *sizing = hvp_sizing_new_for_catalog (source, catalog, options, &error);

  g_assert_no_error (error);
  g_assert_nonnull (sizing);
  return sizing;
}

static const HvpSizingModel *
model_at (const HvpSizing *sizing, guint index)
{
  g_assert_cmpuint (index, <, sizing->models->len);
  return g_ptr_array_index (sizing->models, index);
}

static const HvpFinding *
find_finding (GPtrArray *findings, const char *vm, const char *text)
{
  for (guint i = 0; i < findings->len; i++)
    {
      const HvpFinding *finding = g_ptr_array_index (findings, i);

      if (g_strcmp0 (finding->vm, vm) == 0 && strstr (finding->message, text) != NULL)
        return finding;
    }
  return NULL;
}

/* Six VMs of 8 GiB and 2 vCPUs on a model with 34 GiB (32 GiB for VMs after the 2 GiB host
 * reserve) and 16 threads. */
static void
six_vms (HvpInventory **ret_source, HvpCatalog **ret_catalog)
{
  HvpHost *host;

  *ret_source = source_new (&host);
  for (guint i = 1; i <= 6; i++)
    {
      g_autofree char *name = g_strdup_printf ("vm%u", i);

      add_vm (host, name, 2, 8 * GIB);
    }
  *ret_catalog = hvp_catalog_new ("(memory)");
  add_model (*ret_catalog, "small", 16, 34 * GIB, "GenuineIntel", 1000);
}

/* Tests --------------------------------------------------------------------------------------- */

/* test_n_plus_one() without a spare: 2 hosts, the memory bound. */
static void
assert_no_spare (const HvpSizing *none)
{
  const HvpSizingModel *model = model_at (none, 0);

  g_assert_true (model->fits);
  g_assert_cmpuint (model->hosts_needed, ==, 2);
  g_assert_cmpuint (model->packed_hosts, ==, 2);
  g_assert_cmpuint (model->lower_bound, ==, 2);
  g_assert_cmpint (model->limiting_resource, ==, HVP_RESOURCE_MEMORY);
  g_assert_cmpuint (none->total_memory_bytes, ==, 48 * GIB);
  g_assert_cmpuint (none->total_vcpus, ==, 12);
}

/* test_n_plus_one() with one spare: 3 hosts of 2 VMs each. */
static void
assert_one_spare (const HvpSizing *one)
{
  const HvpSizingModel *model = model_at (one, 0);

  g_assert_true (model->fits);
  g_assert_cmpuint (model->packed_hosts, ==, 2);
  g_assert_cmpuint (model->hosts_needed, ==, 3);
  g_assert_cmpuint (model->lower_bound, ==, 3);
  g_assert_cmpuint (model->lower_bounds[HVP_RESOURCE_MEMORY], ==, 3);
  g_assert_cmpuint (model->lower_bounds[HVP_RESOURCE_PROCESSORS], ==, 2);
  g_assert_cmpuint (model->hosts->len, ==, 3);
  for (guint h = 0; h < 3; h++)
    {
      const HvpSizingHost *host = g_ptr_array_index (model->hosts, h);

      g_assert_cmpuint (host->usage.memory_bytes, ==, 16 * GIB);
      g_assert_cmpuint (host->vms->len, ==, 2);
    }
  g_assert_cmpuint (model->total_price, ==, 3000);
  g_assert_cmpint (one->best, ==, 0);
  g_assert_true (one->by_price);
}

/* test_n_plus_one() with two spares: 4 hosts, the bound. */
static void
assert_two_spares (const HvpSizing *two)
{
  const HvpSizingModel *model = model_at (two, 0);

  g_assert_true (model->fits);
  g_assert_cmpuint (model->hosts_needed, ==, 4);
  g_assert_cmpuint (model->lower_bound, ==, 4);
}

static void
test_n_plus_one (void)
{
  /* The hand-checked N+1 case.  Six VMs of 8 GiB (48 GiB), 2 vCPUs each (12); hosts offer
   * 34 − 2 = 32 GiB and 16 vCPUs.
   *
   * Without a spare: first-fit decreasing puts four VMs (32 GiB) on host 1 and two (16 GiB) on
   * host 2: 2 hosts = ⌈48 / 32⌉, the memory bound.
   *
   * With one spare (VMM's cluster reserve, R = 1): on those 2 hosts, if host 1 fails its largest
   * VM is 8 GiB (LargestM) and the others 24 GiB (OtherM); host 2 has 32 − 16 − 8 = 8 GiB extra;
   * 24 > 8: overcommitted.  Spread over 3 hosts, 2 VMs (16 GiB) each: a failed host leaves
   * LargestM 8, OtherM 8; each survivor has 32 − 16 − 8 = 8 extra, 16 in all ≥ 8: healthy.
   * 3 hosts, which is also the bound: memory ⌈48 / 32⌉ + 1 = 3 (processors ⌈12 / 16⌉ + 1 = 2).
   *
   * With two spares, the VMs of the two busiest hosts are re-placed one by one: 4 hosts
   * (16, 16, 8, 8): the four 8 GiB VMs of the first two restart two on each of the others
   * (8 + 16 = 24 ≤ 32): 4 hosts, the bound ⌈48 / 32⌉ + 2.  (VMM's simple check, by sums, needed 5:
   * on 4 hosts the two receivers have 16 − 8 = 8 each beyond the largest VM, 16 < 32.) */
  g_autoptr (HvpInventory) source = NULL;
  g_autoptr (HvpPlanOptions) options = options_new ();
  g_autoptr (HvpSizing) none = NULL;
  g_autoptr (HvpSizing) one = NULL;
  g_autoptr (HvpSizing) two = NULL;
  HvpCatalog *catalog;

  six_vms (&source, &catalog);

  options->spare_hosts = 0;
  none = size_ok (source, catalog, options);
  assert_no_spare (none);

  options->spare_hosts = 1;
  one = size_ok (source, catalog, options);
  assert_one_spare (one);

  options->spare_hosts = 2;
  two = size_ok (source, catalog, options);
  assert_two_spares (two);
  hvp_catalog_free (catalog);
}

/* The failover check of placement.c on a model's placement, as its hosts' usage, with the VMs
 * of @sizing as the items (their memory and vCPUs). */
static gboolean
model_survives (const HvpSizing *sizing, const HvpSizingModel *model, guint spare)
{
  HvpPlacement placement = { 0 };
  guint n_items = sizing->vms->len;
  g_autofree HvpPlacementUsage *usage = g_new0 (HvpPlacementUsage, MAX (model->hosts->len, 1u));
  g_autofree HvpPlacementBin *bins = g_new0 (HvpPlacementBin, MAX (model->hosts->len, 1u));
  g_autofree HvpPlacementItem *items = g_new0 (HvpPlacementItem, MAX (n_items, 1u));
  g_autofree guint *host_of = g_new (guint, MAX (n_items, 1u));

  for (guint i = 0; i < n_items; i++)
    {
      const HvpSizingVm *vm = g_ptr_array_index (sizing->vms, i);

      items[i].memory_bytes = vm->memory_bytes;
      items[i].vcpus = vm->vcpus;
      host_of[i] = G_MAXUINT;
    }
  for (guint h = 0; h < model->hosts->len; h++)
    {
      const HvpSizingHost *host = g_ptr_array_index (model->hosts, h);

      usage[h] = host->usage;
      bins[h] = host->capacity;
      for (guint v = 0; v < host->vms->len; v++)
        host_of[g_array_index (host->vms, guint, v)] = h;
    }
  placement.n_hosts = model->hosts->len;
  placement.usage = usage;
  placement.n_items = n_items;
  placement.host_of = host_of;
  placement.items = items;
  return hvp_placement_survives (&placement, bins, FALSE, spare, NULL, NULL);
}

static void
test_impossible_spare (void)
{
  /* Two VMs of 30 GiB on hosts with 32 GiB for VMs, one VM per host.  R = 1 needs 3 hosts: with
   * 2, a failed host's VM (its largest, its only one) fits on no survivor (2 GiB free), though
   * VMM's sum alone (its VMs other than the largest are nothing) would pass.  R = 2: the VMs of
   * the two busiest hosts are re-placed on the two empty ones: 4 hosts, the bound (KB 3023928's
   * simple check, by sums, reserved the largest VM on each receiver: an empty host added
   * 32 − 30 = 2, and the search found 34, issue 12).  On hosts with exactly 30 GiB for VMs an
   * empty host added nothing by the sums (no count worked: "cannot be kept"); re-placed, the VMs
   * of the two failed hosts fill the two empty ones: 4 hosts too. */
  g_autoptr (HvpInventory) source = NULL;
  g_autoptr (HvpPlanOptions) options = options_new ();
  g_autoptr (HvpSizing) one = NULL;
  g_autoptr (HvpSizing) many = NULL;
  g_autoptr (HvpCatalog) catalog = hvp_catalog_new ("(memory)");
  HvpHost *host;
  const HvpSizingModel *model;

  source = source_new (&host);
  add_vm (host, "big", 2, 30 * GIB);
  add_vm (host, "other", 2, 30 * GIB);
  add_model (catalog, "small", 16, 34 * GIB, "GenuineIntel", 0);
  add_model (catalog, "exact", 16, 32 * GIB, "GenuineIntel", 0);

  one = size_ok (source, catalog, options);
  model = model_at (one, 0);
  g_assert_true (model->fits);
  g_assert_cmpuint (model->hosts_needed, ==, 3);
  g_assert_true (model_survives (one, model, 1));

  options->spare_hosts = 2;
  many = size_ok (source, catalog, options);
  model = model_at (many, 0);
  g_assert_true (model->fits);
  g_assert_cmpuint (model->hosts_needed, ==, 4);
  g_assert_true (model_survives (many, model, 2));
  model = model_at (many, 1);
  g_assert_true (model->fits);
  g_assert_cmpuint (model->hosts_needed, ==, 4);
  g_assert_true (model_survives (many, model, 2));
  g_assert_null (find_finding (model->findings, NULL, "--spare 2 cannot be kept"));
  g_assert_cmpint (many->best, ==, 0);
}

static void
test_vm_too_large (void)
{
  /* A 40 GiB VM fits no host of the 34 GiB model (32 for VMs) but the 66 GiB one (64): the small
   * model does not fit and names the VM; the other is still sized and recommended. */
  g_autoptr (HvpInventory) source = NULL;
  g_autoptr (HvpPlanOptions) options = options_new ();
  g_autoptr (HvpSizing) sizing = NULL;
  HvpCatalog *catalog = hvp_catalog_new ("(memory)");
  HvpHost *host;
  const HvpFinding *finding;

  source = source_new (&host);
  add_vm (host, "huge", 4, 40 * GIB);
  add_vm (host, "tiny", 1, 1 * GIB);
  add_model (catalog, "small", 16, 34 * GIB, "GenuineIntel", 0);
  add_model (catalog, "large", 16, 66 * GIB, "GenuineIntel", 0);
  sizing = size_ok (source, catalog, options);
  g_assert_false (model_at (sizing, 0)->fits);
  g_assert_cmpint (model_at (sizing, 0)->limiting_resource, ==, HVP_RESOURCE_MEMORY);
  finding = find_finding (model_at (sizing, 0)->findings, "huge", "needs 40.0 GiB of memory");
  g_assert_nonnull (finding);
  g_assert_cmpint (finding->severity, ==, HVP_VERDICT_FAIL);
  g_assert_true (model_at (sizing, 1)->fits);
  g_assert_cmpuint (model_at (sizing, 1)->hosts_needed, ==, 2);
  g_assert_cmpint (sizing->best, ==, 1);
  g_assert_false (sizing->by_price);
  hvp_catalog_free (catalog);
}

/* @a and @b place the same VMs on the same hosts, with the same counts. */
static void
assert_same_sizing_model (const HvpSizingModel *a, const HvpSizingModel *b)
{
  g_assert_cmpint (a->fits, ==, b->fits);
  g_assert_cmpuint (a->hosts_needed, ==, b->hosts_needed);
  g_assert_cmpuint (a->packed_hosts, ==, b->packed_hosts);
  g_assert_cmpuint (a->lower_bound, ==, b->lower_bound);
  g_assert_cmpint (a->limiting_resource, ==, b->limiting_resource);
  g_assert_cmpuint (a->findings->len, ==, b->findings->len);
  g_assert_cmpuint (a->hosts->len, ==, b->hosts->len);
  for (guint h = 0; h < a->hosts->len; h++)
    {
      const HvpSizingHost *x = g_ptr_array_index (a->hosts, h);
      const HvpSizingHost *y = g_ptr_array_index (b->hosts, h);

      g_assert_cmpuint (x->usage.memory_bytes, ==, y->usage.memory_bytes);
      g_assert_cmpuint (x->vms->len, ==, y->vms->len);
      g_assert_cmpmem (x->vms->data, x->vms->len * sizeof (guint), y->vms->data,
                       y->vms->len * sizeof (guint));
    }
}

static void
test_shared_capacity (void)
{
  /* Models whose hosts offer the same capacity share one packing (sizing.c, SharedPackings):
   * "a" and "a-again" (34 GiB, 16 threads; Intel and AMD alike without saved states), and "tiny"
   * and "tiny-again" (10 GiB, 8 for VMs: vm03 with 12 GiB fits neither), among "b" (66 GiB),
   * which shares with none.  Each must be sized exactly as when alone in its catalog: the same
   * hosts holding the same VMs, and the findings of each name that model.  Twenty VMs of 2 to
   * 12 GiB (2 + 7i mod 11), 1 to 4 vCPUs: 138 GiB; with one spare "a" needs at least
   * ⌈138 / 32⌉ + 1 = 6 hosts, "b" ⌈138 / 64⌉ + 1 = 4. */
  static const char *const names[] = { "a", "b", "tiny", "a-again", "tiny-again" };
  static const guint64 memory[] = { 34, 66, 10, 34, 10 };
  g_autoptr (HvpInventory) source = NULL;
  g_autoptr (HvpPlanOptions) options = options_new ();
  g_autoptr (HvpSizing) together = NULL;
  HvpCatalog *catalog = hvp_catalog_new ("(memory)");
  HvpHost *host;

  source = source_new (&host);
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("vm%02u", i);

      add_vm (host, name, 1 + i % 4, (2 + (i * 7) % 11) * GIB);
    }
  for (guint m = 0; m < G_N_ELEMENTS (names); m++)
    add_model (catalog, names[m], 16, memory[m] * GIB, m == 3 ? "AuthenticAMD" : "GenuineIntel",
               1000 * (m + 1));
  options->spare_hosts = 1;
  together = size_ok (source, catalog, options);
  g_assert_cmpuint (together->models->len, ==, G_N_ELEMENTS (names));
  g_assert_true (model_at (together, 0)->fits);
  g_assert_cmpuint (model_at (together, 0)->hosts_needed, >=, 6);
  g_assert_false (model_at (together, 2)->fits);
  g_assert_nonnull (find_finding (model_at (together, 4)->findings, "vm03",
                                  "one 'tiny-again'"));
  g_assert_cmpuint (model_at (together, 3)->total_price, ==,
                    4000 * model_at (together, 3)->hosts_needed);
  for (guint m = 0; m < G_N_ELEMENTS (names); m++)
    {
      HvpCatalog *alone = hvp_catalog_new ("(memory)");
      g_autoptr (HvpSizing) sizing = NULL;

      add_model (alone, names[m], 16, memory[m] * GIB, m == 3 ? "AuthenticAMD" : "GenuineIntel",
                 1000 * (m + 1));
      sizing = size_ok (source, alone, options);
      assert_same_sizing_model (model_at (together, m), model_at (sizing, 0));
      g_assert_cmpuint (model_at (together, m)->total_price, ==, model_at (sizing, 0)->total_price);
      hvp_catalog_free (alone);
    }
  assert_same_sizing_model (model_at (together, 0), model_at (together, 3));
  hvp_catalog_free (catalog);
}

static void
test_saved_state_processor (void)
{
  /* A saved VM from an Intel host cannot be restored on an AMD model: that model does not fit,
   * by processors; the Intel one does. */
  g_autoptr (HvpInventory) source = NULL;
  g_autoptr (HvpPlanOptions) options = options_new ();
  g_autoptr (HvpSizing) sizing = NULL;
  HvpCatalog *catalog = hvp_catalog_new ("(memory)");
  HvpHost *host;
  HvpVm *vm;

  source = source_new (&host);
  vm = add_vm (host, "saved", 2, 4 * GIB);
  vm->state = HVP_VM_STATE_SAVED;
  vm->saved_state = TRUE;
  vm->saved_state_bytes = 4 * GIB;
  add_model (catalog, "amd", 16, 66 * GIB, "AuthenticAMD", 100);
  add_model (catalog, "intel", 16, 66 * GIB, "Intel", 200);
  sizing = size_ok (source, catalog, options);
  g_assert_false (model_at (sizing, 0)->fits);
  g_assert_cmpint (model_at (sizing, 0)->limiting_resource, ==, HVP_RESOURCE_PROCESSORS);
  g_assert_nonnull (find_finding (model_at (sizing, 0)->findings, "saved", "saved state"));
  g_assert_true (model_at (sizing, 1)->fits);
  g_assert_cmpint (sizing->best, ==, 1);
  g_assert_true (sizing->by_price);
  /* The saved state's 4 GiB is storage: 4 × 1.2 = 4.8 GiB with the 20 % headroom. */
  g_assert_cmpuint (sizing->total_storage_bytes, ==, 4 * GIB + (4 * GIB * 20 + 99) / 100);
  hvp_catalog_free (catalog);
}

static void
test_cheapest_and_growth (void)
{
  /* Six 8 GiB VMs, 50 % growth: 12 GiB each, 72 GiB.  "small" (32 GiB for VMs, price 1000):
   * two per host, 3 hosts, + spare: spread over 4, 2/2/1/1 → a failed host with 24 leaves
   * other 12 ≤ Σ extra (32 − 24 − 12 → 0, 32 − 12 − 12 = 8, 8) = 16: 4 hosts, 4000.  "big"
   * (96 GiB for VMs, price 3500): 1 host + spare = 2 hosts, 7000.  The cheapest is "small". */
  g_autoptr (HvpInventory) source = NULL;
  g_autoptr (HvpPlanOptions) options = options_new ();
  g_autoptr (HvpSizing) sizing = NULL;
  HvpCatalog *catalog;

  six_vms (&source, &catalog);
  add_model (catalog, "big", 64, 98 * GIB, "GenuineIntel", 3500);
  options->growth_percent = 50;
  sizing = size_ok (source, catalog, options);
  g_assert_cmpuint (sizing->total_memory_bytes, ==, 72 * GIB);
  g_assert_cmpuint (model_at (sizing, 0)->hosts_needed, ==, 4);
  g_assert_cmpuint (model_at (sizing, 0)->total_price, ==, 4000);
  g_assert_cmpuint (model_at (sizing, 1)->hosts_needed, ==, 2);
  g_assert_cmpuint (model_at (sizing, 1)->total_price, ==, 7000);
  g_assert_cmpint (sizing->best, ==, 0);
  g_assert_true (sizing->by_price);
  hvp_catalog_free (catalog);
}

static void
test_vcpu_ratio (void)
{
  /* Eight VMs of 1 GiB and 4 vCPUs (32) on 8-thread hosts with lots of memory: at 1:1, 2 VMs per
   * host, 4 hosts (+ spare 1: spread over 5 hosts is needed, the bound says 4 + 1 = 5); at 4:1,
   * 32 vCPUs per host: 1 host, + spare: 2. */
  g_autoptr (HvpInventory) source = NULL;
  g_autoptr (HvpPlanOptions) options = options_new ();
  g_autoptr (HvpSizing) one = NULL;
  g_autoptr (HvpSizing) four = NULL;
  g_autoptr (GError) error = NULL;
  HvpCatalog *catalog = hvp_catalog_new ("(memory)");
  HvpHost *host;

  source = source_new (&host);
  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *name = g_strdup_printf ("vm%u", i);

      add_vm (host, name, 4, 1 * GIB);
    }
  add_model (catalog, "eight", 8, 258 * GIB, "GenuineIntel", 0);
  one = size_ok (source, catalog, options);
  g_assert_cmpuint (model_at (one, 0)->packed_hosts, ==, 4);
  g_assert_cmpuint (model_at (one, 0)->lower_bound, ==, 5);
  g_assert_cmpuint (model_at (one, 0)->hosts_needed, ==, 5);
  g_assert_cmpint (model_at (one, 0)->limiting_resource, ==, HVP_RESOURCE_PROCESSORS);

  g_assert_true (hvp_plan_options_set_vcpu_ratio (options, "4:1", &error));
  g_assert_no_error (error);
  four = size_ok (source, catalog, options);
  g_assert_cmpuint (model_at (four, 0)->packed_hosts, ==, 1);
  g_assert_cmpuint (model_at (four, 0)->hosts_needed, ==, 2);

  g_assert_false (hvp_plan_options_set_vcpu_ratio (options, "0", &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_USAGE);
  g_clear_error (&error);
  g_assert_false (hvp_plan_options_set_vcpu_ratio (options, "4:2", &error));
  g_clear_error (&error);
  g_assert_false (hvp_plan_options_set_vcpu_ratio (options, "x", &error));
  g_clear_error (&error);
  g_assert_true (hvp_plan_options_set_vcpu_ratio (options, "1.5", &error));
  g_assert_cmpfloat (options->vcpu_ratio, ==, 1.5);
  hvp_catalog_free (catalog);
}

static void
test_existing_hosts (void)
{
  /* Two existing hosts: 34 GiB (32 for VMs) and 18 GiB (16).  Six 8 GiB VMs (48 GiB) fit with
   * first fit (4 + 2) but no spare: losing the first host leaves 24 GiB of other VMs against an
   * extra of 16 − 16 − 8 → 0.  With --spare 0 they fit. */
  g_autoptr (HvpInventory) source = NULL;
  g_autoptr (HvpInventory) destination = hvp_inventory_new ();
  g_autoptr (HvpPlanOptions) options = options_new ();
  g_autoptr (HvpSizing) spare = NULL;
  g_autoptr (HvpSizing) none = NULL;
  g_autoptr (GError) error = NULL;
  HvpCatalog *catalog;
  const char *names[] = { "big", "small" };
  const guint64 memory[] = { 34 * GIB, 18 * GIB };
  const HvpSizingModel *model;

  six_vms (&source, &catalog);
  for (guint i = 0; i < 2; i++)
    {
      HvpHost *host = hvp_inventory_ensure_host (destination, names[i]);

      host->memory_bytes = memory[i];
      host->logical_processors = 16;
      g_ptr_array_add (host->physical_nics, g_strdup ("NIC1"));
      g_ptr_array_add (host->volumes, hvp_volume_new ("D:\\", 1000 * GIB, 1000 * GIB));
    }
  spare = hvp_sizing_new_for_hosts (source, destination, options, &error);
  g_assert_no_error (error);
  model = model_at (spare, 0);
  g_assert_false (model->fits);
  g_assert_nonnull (find_finding (model->findings, NULL, "if 'big' fails"));
  g_assert_cmpint (spare->best, ==, -1);

  options->spare_hosts = 0;
  none = hvp_sizing_new_for_hosts (source, destination, options, &error);
  g_assert_no_error (error);
  model = model_at (none, 0);
  g_assert_true (model->fits);
  g_assert_cmpuint (model->hosts->len, ==, 2);
  g_assert_cmpstr (((HvpSizingHost *) g_ptr_array_index (model->hosts, 0))->name, ==, "big");
  g_assert_cmpuint (((HvpSizingHost *) g_ptr_array_index (model->hosts, 0))->usage.vms, ==, 4);
  g_assert_cmpuint (((HvpSizingHost *) g_ptr_array_index (model->hosts, 1))->usage.vms, ==, 2);
  /* Bound: memory 48 needs both hosts (32 + 16). */
  g_assert_cmpuint (model->lower_bound, ==, 2);
  hvp_catalog_free (catalog);
}

static void
test_uplinks (void)
{
  /* A VM with adapters on two External switches bound to NIC1 and NIC2 needs 2 NICs (as the plan
   * counts them), a VM on the Internal switch none: the 1-NIC model does not fit, by NICs; the
   * Internal-only VM alone would. */
  g_autoptr (HvpInventory) source = NULL;
  g_autoptr (HvpPlanOptions) options = options_new ();
  g_autoptr (HvpSizing) sizing = NULL;
  HvpCatalog *catalog = hvp_catalog_new ("(memory)");
  HvpHost *host;
  HvpVm *vm;
  const char *switches[] = { "LAN", "DMZ", "Backup" };
  const HvpSwitchType types[] = { HVP_SWITCH_TYPE_EXTERNAL, HVP_SWITCH_TYPE_EXTERNAL,
                                  HVP_SWITCH_TYPE_INTERNAL };
  HvpCatalogModel *model;

  source = source_new (&host);
  for (guint i = 0; i < 3; i++)
    {
      HvpSwitch *vswitch = hvp_switch_new (NULL, switches[i], types[i]);

      if (i < 2)
        g_ptr_array_add (vswitch->physical_nics, g_strdup_printf ("NIC%u", i + 1));
      g_ptr_array_add (host->switches, vswitch);
    }
  vm = add_vm (host, "edge", 2, 4 * GIB);
  for (guint i = 0; i < 2; i++)
    {
      HvpAdapter *adapter = hvp_adapter_new ("Network Adapter");

      adapter->switch_name = g_strdup (switches[i]);
      g_ptr_array_add (vm->adapters, adapter);
    }
  vm = add_vm (host, "inner", 2, 4 * GIB);
  {
    HvpAdapter *adapter = hvp_adapter_new ("Network Adapter");

    adapter->switch_name = g_strdup ("Backup");
    g_ptr_array_add (vm->adapters, adapter);
  }
  model = add_model (catalog, "one-nic", 16, 66 * GIB, "GenuineIntel", 0);
  model->physical_nics = 1;
  sizing = size_ok (source, catalog, options);
  g_assert_cmpuint (((HvpSizingVm *) g_ptr_array_index (sizing->vms, 0))->nics, ==, 2);
  g_assert_cmpuint (((HvpSizingVm *) g_ptr_array_index (sizing->vms, 1))->nics, ==, 0);
  g_assert_false (model_at (sizing, 0)->fits);
  g_assert_cmpint (model_at (sizing, 0)->limiting_resource, ==, HVP_RESOURCE_NICS);
  g_assert_nonnull (find_finding (model_at (sizing, 0)->findings, "edge",
                                  "need 2 physical NICs for External switches"));
  hvp_catalog_free (catalog);
}

/* Catalog reading ----------------------------------------------------------------------------- */

static void
test_catalog_parse (void)
{
  const char *text =
    "{ \"schema\": \"hvplan-catalog/1\", \"models\": [\n"
    "  { \"name\": \"R720\", \"sockets\": 2, \"cores\": 16, \"threads\": 32,\n"
    "    \"memory_bytes\": 274877906944, \"physical_nics\": 4, \"storage_bytes\": null,\n"
    "    \"processor\": { \"vendor\": \"Intel\", \"family\": 6, \"model\": 45, \"stepping\": 7 },\n"
    "    \"price\": 9000 },\n"
    "  { \"name\": \"bare\", \"sockets\": 1, \"cores\": 4, \"threads\": 4,\n"
    "    \"memory_bytes\": 9007199254740991, \"physical_nics\": 0, \"storage_bytes\": 1 } ] }\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (HvpCatalog) catalog = catalog_from_text (text, &error);
  const HvpCatalogModel *model;

  g_assert_no_error (error);
  g_assert_cmpuint (catalog->models->len, ==, 2);
  model = g_ptr_array_index (catalog->models, 0);
  g_assert_cmpstr (model->name, ==, "R720");
  g_assert_cmpuint (model->threads, ==, 32);
  g_assert_cmpuint (model->memory_bytes, ==, 256 * GIB);
  g_assert_cmpuint (model->storage_bytes, ==, G_MAXUINT64);
  g_assert_cmpstr (model->processor.vendor, ==, "GenuineIntel");
  g_assert_cmpint (model->processor.stepping, ==, 7);
  g_assert_true (model->has_price);
  g_assert_cmpuint (model->price, ==, 9000);
  model = g_ptr_array_index (catalog->models, 1);
  g_assert_cmpuint (model->memory_bytes, ==, G_GUINT64_CONSTANT (9007199254740991));
  g_assert_false (model->has_price);
  g_assert_cmpint (model->processor.stepping, ==, -1);
}

static void
assert_catalog_error (const char *text, gint code, const char *message)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HvpCatalog) catalog = catalog_from_text (text, &error);

  g_assert_null (catalog);
  g_assert_error (error, HVP_ERROR, code);
  if (strstr (error->message, message) == NULL)
    g_error ("message '%s' lacks '%s'", error->message, message);
}

#define MODEL(extra) "[{\"name\":\"m\",\"sockets\":2,\"cores\":16,\"threads\":32," \
                     "\"memory_bytes\":1024,\"physical_nics\":2,\"storage_bytes\":1" extra "}]"

static void
test_catalog_errors (void)
{
  g_autofree char *deep = g_strnfill (1001, '[');

  assert_catalog_error ("[{\"name\":\"R720\",\"sockets\":2,\"cores\":16,\"threads\":32,"
                        "\"memory_bytes\":0,\"physical_nics\":2,\"storage_bytes\":1}]",
                        HVP_ERROR_DATA, "'catalog.json': models[0] ('R720').memory_bytes: 0 is "
                                        "less than 1");
  assert_catalog_error ("[{\"name\":\"R720\",\"sockets\":2,\"cores\":16,\"threads\":0,"
                        "\"memory_bytes\":1,\"physical_nics\":2,\"storage_bytes\":1}]",
                        HVP_ERROR_DATA, "models[0] ('R720').threads: 0 is less than 1");
  assert_catalog_error ("[{\"name\":\"R720\",\"sockets\":2,\"cores\":16,\"threads\":8,"
                        "\"memory_bytes\":1,\"physical_nics\":2,\"storage_bytes\":1}]",
                        HVP_ERROR_DATA, "8 threads, fewer than its 16 cores");
  /* hvp_json_parse() (models/json.c) gives the messages; a document that is closed again after
   * the error is a syntax error with its position, one cut short after it is truncated. */
  assert_catalog_error ("[\n  {\"name\": \"x\",\n   \"sockets\": 2,,\n  }]\n", HVP_ERROR_DATA,
                        "'catalog.json': not valid JSON at byte 35 (line 3, column 18)");
  assert_catalog_error ("[\n  {\"name\": \"x\",\n   \"sockets\": 2,,\n", HVP_ERROR_DATA,
                        "JSON ends early at byte 36 (line 3)");
  assert_catalog_error (deep, HVP_ERROR_DATA, "JSON nests deeper than 1000 levels");
  assert_catalog_error ("[{\"name\": \"x\"", HVP_ERROR_DATA, "empty or truncated");
  assert_catalog_error ("", HVP_ERROR_DATA, "empty or truncated");
  assert_catalog_error ("[]", HVP_ERROR_DATA, "the catalog lists no model");
  assert_catalog_error ("{\"schema\":\"hvplan-catalog/9\",\"models\":[]}", HVP_ERROR_UNSUPPORTED,
                        "schema");
  assert_catalog_error ("{\"models\":{}}", HVP_ERROR_DATA, "models: expected an array");
  assert_catalog_error (MODEL (",\"price\":1.5"), HVP_ERROR_DATA, "price: 1.5 is not a whole");
  assert_catalog_error (MODEL (",\"price\":9007199254740992"), HVP_ERROR_DATA,
                        "above 2^53 - 1");
  assert_catalog_error (MODEL (",\"price\":\"cheap\""), HVP_ERROR_DATA,
                        "price: expected a number, found a string");
  assert_catalog_error ("[{\"name\":\"m\",\"name\":\"n\"}]", HVP_ERROR_DATA,
                        "key 'name' appears twice");
  assert_catalog_error ("[{\"name\":\"m\",\"sockets\":2,\"cores\":16,\"threads\":32,"
                        "\"memory_bytes\":1024,\"physical_nics\":2}]", HVP_ERROR_DATA,
                        "'storage_bytes' is missing");
  assert_catalog_error ("[{\"name\":\"m\",\"sockets\":1,\"cores\":1,\"threads\":1,"
                        "\"memory_bytes\":1,\"physical_nics\":0,\"storage_bytes\":1},"
                        "{\"name\":\"m\",\"sockets\":1,\"cores\":1,\"threads\":1,"
                        "\"memory_bytes\":1,\"physical_nics\":0,\"storage_bytes\":1}]",
                        HVP_ERROR_DATA, "models[1]: model 'm' appears twice");
  assert_catalog_error ("[3]", HVP_ERROR_DATA, "models[0]: expected an object, found a number");
}

HVP_TEST_SUITE (sizing)
{
  g_test_add_func ("/planner/sizing/n-plus-one", test_n_plus_one);
  g_test_add_func ("/planner/sizing/two-spares-large-vms", test_impossible_spare);
  g_test_add_func ("/planner/sizing/vm-too-large", test_vm_too_large);
  g_test_add_func ("/planner/sizing/saved-state-processor", test_saved_state_processor);
  g_test_add_func ("/planner/sizing/shared-capacity", test_shared_capacity);
  g_test_add_func ("/planner/sizing/cheapest-and-growth", test_cheapest_and_growth);
  g_test_add_func ("/planner/sizing/vcpu-ratio", test_vcpu_ratio);
  g_test_add_func ("/planner/sizing/existing-hosts", test_existing_hosts);
  g_test_add_func ("/planner/sizing/uplinks", test_uplinks);
  g_test_add_func ("/planner/sizing/catalog/parse", test_catalog_parse);
  g_test_add_func ("/planner/sizing/catalog/errors", test_catalog_errors);
}
