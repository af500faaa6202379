/* Unit tests of reports/stream.c and the size reports written through it (reports/size-json.c,
 * size-text.c, size-html.c): a report streamed in blocks of any size is byte for byte the report
 * made whole, and a sink's failure stops the writes and reaches the caller.  The inventory and
 * catalog are built in memory (synthetic: names with quotes, backslashes, controls, a bidirectional
 * override and invalid UTF-8, so the escaped names the reports reuse across models are checked). */
#include <string.h>

#include "unit.h"
#include "models/error.h"
#include "models/json.h"
#include "reports/size-report.h"

#define GIB HVP_GIB

/* A sink that keeps what it is given, counts the writes, and fails the write numbered
 * fail_at (1 for the first; 0 never). */
typedef struct {
  GString *text;
  guint writes;
  guint fail_at;
} RecordingSink;

static gboolean
record (const char *data, gsize length, gpointer sink, GError **error)
{
  RecordingSink *recording = sink;

  recording->writes++;
  if (recording->writes == recording->fail_at)
    {
      g_set_error_literal (error, HVP_ERROR, HVP_ERROR_WRITE,
                           "cannot write 'out': No space left on device");
      return FALSE;
    }
  g_string_append_len (recording->text, data, (gssize) length);
  return TRUE;
}

static void
add_model (HvpCatalog *catalog, const char *name, guint threads, guint64 memory_bytes)
{
  HvpCatalogModel *model = g_new0 (HvpCatalogModel, 1);

  model->name = g_strdup (name);
  model->sockets = 2;
  model->cores = threads / 2;
  model->threads = threads;
  model->memory_bytes = memory_bytes;
  model->physical_nics = 4;
  model->storage_bytes = 10000 * GIB;
  model->processor.vendor = g_strdup ("GenuineIntel");
  model->processor.family = 6;
  model->processor.model = 45;
  model->processor.stepping = 7;
  g_ptr_array_add (catalog->models, model);
}


/* A sizing with what it points to (the catalog's models, the options), freed together. */
typedef struct {
  HvpCatalog *catalog;
  HvpPlanOptions *options;
  HvpSizing *sizing;
} Fixture;

static void
fixture_free (Fixture *fixture)
{
  hvp_sizing_free (fixture->sizing);
  hvp_plan_options_free (fixture->options);
  hvp_catalog_free (fixture->catalog);
  g_free (fixture);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fixture, fixture_free)

/* 300 VMs of 1 to 4 vCPUs and 2 to 8 GiB on one host, every tenth with a name that needs
 * escaping; sized for a small model (many hosts) and a large one with a quote in its name. */
static Fixture *
stream_sizing (void)
{
  static const char *const odd[] = { "quote\"back\\slash", "tab\there", "ctl\001x",
                                     "bidi\xe2\x80\xae" "evil", "na\xc3\xafve", "bad\xff" "byte" };
  g_autoptr (HvpInventory) source = hvp_inventory_new ();
  HvpHost *host = hvp_inventory_ensure_host (source, "hv-old");
  Fixture *fixture = g_new0 (Fixture, 1);
  HvpCatalog *catalog = fixture->catalog = hvp_catalog_new ("(memory)");
  HvpPlanOptions *options = fixture->options = hvp_plan_options_new ();
  g_autoptr (GError) error = NULL;

  g_free (host->processor.vendor);
  host->processor.vendor = g_strdup ("GenuineIntel");
  host->processor.family = 6;
  host->processor.model = 45;
  host->processor.stepping = 7;
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *id = g_strdup_printf ("ID-%u", i);
      g_autofree char *name = i % 10 == 0 ? g_strdup_printf ("%s %u", odd[i / 10 % 6], i)
                                          : g_strdup_printf ("vm%03u", i);
      HvpVm *vm = hvp_vm_new (id, name);

      vm->state = HVP_VM_STATE_RUNNING;
      vm->vcpus = 1 + i % 4;
      vm->memory.startup_bytes = (2 + i % 7) * GIB;
      g_ptr_array_add (host->vms, vm);
    }
  add_model (catalog, "Small 1U", 16, 64 * GIB);
  add_model (catalog, "Large \"2U\"", 128, 1024 * GIB);
  options->spare_hosts = 1;
  fixture->sizing = hvp_sizing_new_for_catalog (source, catalog, options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->sizing);
  return fixture;
}

typedef void (*WholeReport) (const HvpSizing *, const HvpInventory *, GString *);
typedef void (*StreamedReport) (const HvpSizing *, const HvpInventory *, HvpReportStream *);

/* @whole and @streamed give the same bytes with blocks of 1 byte (a write a host) and of the
 * default size (one write at the end for this small report). */
static void
check_same_bytes (WholeReport whole, StreamedReport streamed)
{
  g_autoptr (Fixture) fixture = stream_sizing ();
  const HvpSizing *sizing = fixture->sizing;
  g_autoptr (GString) expected = g_string_new (NULL);
  const gsize blocks[] = { 1, HVP_REPORT_STREAM_BLOCK };
  const HvpSizingModel *small = g_ptr_array_index (sizing->models, 0);

  whole (sizing, NULL, expected);
  g_assert_cmpuint (small->hosts->len, >, 10);
  for (guint b = 0; b < G_N_ELEMENTS (blocks); b++)
    {
      g_autoptr (GString) buffer = g_string_new (NULL);
      RecordingSink sink = { g_string_new (NULL), 0, 0 };
      HvpReportStream stream;
      g_autoptr (GError) error = NULL;

      hvp_report_stream_init (&stream, buffer, record, &sink);
      stream.block = blocks[b];
      streamed (sizing, NULL, &stream);
      g_assert_true (hvp_report_stream_finish (&stream, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (sink.text->len, ==, expected->len);
      g_assert_cmpstr (sink.text->str, ==, expected->str);
      g_assert_cmpuint (buffer->len, ==, 0);
      if (blocks[b] == 1)
        g_assert_cmpuint (sink.writes, >, small->hosts->len);
      else
        g_assert_cmpuint (sink.writes, ==, 1);
      g_string_free (sink.text, TRUE);
    }
  /* The escaped names: one raw control or override would be a terminal's to act on. */
  g_assert_null (strchr (expected->str, '\001'));
  g_assert_null (strstr (expected->str, "\xe2\x80\xae"));
}

/* The streamed placement reads back: every model places the 300 VMs once each, under their own
 * names (the escapes undone by a JSON parser). */
static void
test_json_same_bytes (void)
{
  g_autoptr (Fixture) fixture = stream_sizing ();
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (cJSON) root = NULL;
  const cJSON *model;

  check_same_bytes (hvp_report_size_json, hvp_report_size_json_stream);
  hvp_report_size_json (fixture->sizing, NULL, text);
  root = cJSON_Parse (text->str);
  g_assert_nonnull (root);
  cJSON_ArrayForEach (model, cJSON_GetObjectItemCaseSensitive (root, "models"))
    {
      g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      const cJSON *host;

      cJSON_ArrayForEach (host, cJSON_GetObjectItemCaseSensitive (model, "placement"))
        {
          const cJSON *vm;

          cJSON_ArrayForEach (vm, cJSON_GetObjectItemCaseSensitive (host, "vms"))
            g_assert_true (g_hash_table_add (seen, vm->valuestring));
        }
      g_assert_cmpuint (g_hash_table_size (seen), ==, 300);
      g_assert_true (g_hash_table_contains (seen, "quote\"back\\slash 0"));
      g_assert_true (g_hash_table_contains (seen, "ctl\001x 20"));
      g_assert_true (g_hash_table_contains (seen, "bidi\xe2\x80\xae" "evil 30"));
      g_assert_true (g_hash_table_contains (seen, "vm299"));
    }
}

static void
test_text_same_bytes (void)
{
  check_same_bytes (hvp_report_size_text, hvp_report_size_text_stream);
}

static void
test_html_same_bytes (void)
{
  check_same_bytes (hvp_report_size_html, hvp_report_size_html_stream);
}

/* The third write fails: nothing is written after it, the text made after is dropped (the buffer
 * never holds the rest of the report), and finish returns the sink's error. */
static void
test_write_error (void)
{
  g_autoptr (Fixture) fixture = stream_sizing ();
  const HvpSizing *sizing = fixture->sizing;
  g_autoptr (GString) buffer = g_string_new (NULL);
  g_autoptr (GString) whole = g_string_new (NULL);
  RecordingSink sink = { g_string_new (NULL), 0, 3 };
  HvpReportStream stream;
  g_autoptr (GError) error = NULL;

  hvp_report_size_json (sizing, NULL, whole);
  hvp_report_stream_init (&stream, buffer, record, &sink);
  stream.block = 1;
  hvp_report_size_json_stream (sizing, NULL, &stream);
  g_assert_cmpuint (sink.writes, ==, 3);
  g_assert_cmpuint (buffer->len, <, whole->len / 4);
  g_assert_false (hvp_report_stream_finish (&stream, &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_WRITE);
  g_assert_cmpstr (error->message, ==, "cannot write 'out': No space left on device");
  g_assert_cmpuint (sink.writes, ==, 3);
  g_assert_true (g_str_has_prefix (whole->str, sink.text->str));
  g_string_free (sink.text, TRUE);
}

/* Without a sink the stream is the #GString reports: flushes keep everything. */
static void
test_no_sink (void)
{
  g_autoptr (GString) buffer = g_string_new ("head");
  HvpReportStream stream;
  g_autoptr (GError) error = NULL;

  hvp_report_stream_init (&stream, buffer, NULL, NULL);
  stream.block = 1;
  hvp_report_stream_flush (&stream);
  g_assert_true (hvp_report_stream_finish (&stream, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (buffer->str, ==, "head");
}

HVP_TEST_SUITE (stream)
{
  g_test_add_func ("/reports/stream/size-json-same-bytes", test_json_same_bytes);
  g_test_add_func ("/reports/stream/size-text-same-bytes", test_text_same_bytes);
  g_test_add_func ("/reports/stream/size-html-same-bytes", test_html_same_bytes);
  g_test_add_func ("/reports/stream/write-error", test_write_error);
  g_test_add_func ("/reports/stream/no-sink", test_no_sink);
}
