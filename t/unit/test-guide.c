/* Tests of models/guide.c (the guide file), models/answers.c (the answers file) and
 * planner/checklist.c (a step's status from its check and its answer). */
#include <string.h>
#include <glib.h>

#include "unit.h"
#include "collectors/server-facts/server-facts.h"
#include "models/answers.h"
#include "models/error.h"
#include "models/guide.h"
#include "planner/checklist.h"

#define HEAD "{\"schema\": \"hvplan-guide/1\", \"id\": \"g\", \"title\": \"T\", \"input\": \"server\", " \
             "\"documents\": {\"d\": {\"title\": \"Doc\", \"location\": \"https://example.invalid/doc\"}}, \"steps\": ["
#define STEP(id, order, extra) "{\"id\": \"" id "\", \"order\": " #order ", \"title\": \"t\", \"text\": \"x\", " \
                               "\"document\": \"d\", \"anchor\": \"a\"" extra "}"

static HvpGuide *
parse_guide (const char *text, GError **error)
{
  return hvp_guide_parse (text, strlen (text), "g.json", error);
}

static void
test_guide_valid (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HvpGuide) guide = parse_guide (HEAD STEP ("second", 2, ", \"depends_on\": [\"first\"], \"check\": \"vpn-off\"") ", " STEP ("first", 1, "") "]}", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (guide->steps->len, ==, 2);
  /* Sorted by order, with the document's title and location resolved. */
  g_assert_cmpstr (((HvpGuideStep *) g_ptr_array_index (guide->steps, 0))->id, ==, "first");
  g_assert_cmpstr (((HvpGuideStep *) g_ptr_array_index (guide->steps, 1))->check, ==, "vpn-off");
  g_assert_cmpstr (((HvpGuideStep *) g_ptr_array_index (guide->steps, 1))->location, ==, "https://example.invalid/doc");
  g_assert_nonnull (hvp_guide_find_step (guide, "second"));
  g_assert_null (hvp_guide_find_step (guide, "third"));
}

static void
test_guide_invalid (void)
{
  const struct {
    const char *text;
    const char *message;
  } cases[] = {
    { HEAD STEP ("a", 1, "") ", " STEP ("a", 2, "") "]}", "steps 'a' and 'a': the same id or order" },
    { HEAD STEP ("a", 1, "") ", " STEP ("b", 1, "") "]}", "the same id or order" },
    { HEAD STEP ("a", 1, ", \"depends_on\": [\"b\"]") ", " STEP ("b", 2, "") "]}", "step 'a' depends on 'b', which is not an earlier step" },
    { HEAD STEP ("a", 1, ", \"depends_on\": [\"a\"]") "]}", "step 'a' depends on 'a'" },
    { HEAD STEP ("A", 1, "") "]}", "steps[0].id: 'A' is not [a-z0-9-]+" },
    { HEAD STEP ("a", 0, "") "]}", "steps[0].order: expected a whole number from 1" },
    { HEAD "{\"id\": \"a\", \"order\": 1, \"title\": \"t\", \"text\": \"x\", \"document\": \"nope\", \"anchor\": \"a\"}]}", "steps[0].document: 'nope' is not in documents" },
    { HEAD "{\"id\": \"a\", \"order\": 1, \"text\": \"x\", \"document\": \"d\", \"anchor\": \"a\"}]}", "steps[0].title: missing" },
    { HEAD "]}", "'steps' (a non-empty array)" },
    { "[1]", "expected an object" },
    { "{\"schema\": \"hvplan-guide/1\"", "JSON ends early" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (HvpGuide) guide = parse_guide (cases[i].text, &error);

      g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, error != NULL ? error->message : "(none)");
      g_assert_null (guide);
      g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
      g_assert_true (g_str_has_prefix (error->message, "'g.json': "));
      g_assert_nonnull (strstr (error->message, cases[i].message));
    }
}

static void
test_guide_other_format (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HvpGuide) guide = parse_guide ("{\"schema\": \"hvplan-guide/2\"}", &error);

  g_assert_null (guide);
  g_assert_error (error, HVP_ERROR, HVP_ERROR_UNSUPPORTED);
}

static HvpAnswers *
parse_answers (const char *entries, GError **error)
{
  g_autofree char *text = g_strdup_printf ("{\"schema\": \"hvplan-answers/1\", \"answers\": {%s}}", entries);

  return hvp_answers_parse (text, strlen (text), "a.json", error);
}

static void
test_answers (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HvpAnswers) answers = parse_answers ("\"first\": {\"who\": \"J\", \"when\": \"2026-12-01\", \"note\": \"n\"}, "
                                                  "\"second\": {\"who\": \"K\", \"when\": \"2026-12-01T10:00:00+01:00\"}", &error);
  const char *bad[][2] = {
    { "\"a\": {\"who\": \"J\"}", "answers.a: expected an object with 'who' and 'when'" },
    { "\"a\": {\"who\": \"J\", \"when\": \"yesterday\"}", "answers.a.when: 'yesterday' is not an ISO 8601 date" },
    { "\"a\": {\"who\": \"J\", \"when\": \"2026-12-01\"}, \"a\": {\"who\": \"J\", \"when\": \"2026-12-01\"}", "answers.a: answered twice" },
    { "\"a\": {\"who\": \"J\", \"when\": \"2026-12-01\", \"note\": 5}", "answers.a.note: expected a string" },
  };

  g_assert_no_error (error);
  g_assert_cmpuint (answers->answers->len, ==, 2);
  g_assert_cmpint (hvp_answers_find (answers, "first")->when_unix, ==, 1796083200);
  g_assert_cmpint (hvp_answers_find (answers, "second")->when_unix, ==, 1796083200 + 9 * 3600);
  g_assert_cmpstr (hvp_answers_find (answers, "first")->note, ==, "n");
  g_assert_null (hvp_answers_find (answers, "third"));
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) bad_error = NULL;
      g_autoptr (HvpAnswers) none = parse_answers (bad[i][0], &bad_error);

      g_test_message ("%s", bad_error != NULL ? bad_error->message : "(none)");
      g_assert_null (none);
      g_assert_error (bad_error, HVP_ERROR, HVP_ERROR_DATA);
      g_assert_nonnull (strstr (bad_error->message, bad[i][1]));
    }
}

/* A failed check stays FAIL whatever the answers say; an unknown one or a manual step is DONE
 * when answered, else UNKNOWN or OPEN; an answer for no step is an error. */
static void
test_checklist_statuses (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HvpGuide) guide = parse_guide (HEAD STEP ("manual", 1, "") ", " STEP ("vpn", 2, ", \"check\": \"vpn-off\"") ", "
                                            STEP ("groups", 3, ", \"check\": \"admin-groups\"") ", " STEP ("other", 4, "") "]}", &error);
  const char *facts_text = "{\"schema\": \"hvplan-server/1\", \"network\": {\"vpn_enabled\": true}}";
  g_autoptr (HvpServerFacts) facts = NULL;
  g_autoptr (HvpAnswers) answers = parse_answers ("\"manual\": {\"who\": \"J\", \"when\": \"2026-12-01\"}, \"vpn\": {\"who\": \"J\", \"when\": \"2026-12-01\"}, "
                                                  "\"groups\": {\"who\": \"J\", \"when\": \"2026-12-01\"}", &error);
  g_autoptr (HvpAnswers) stray = parse_answers ("\"nope\": {\"who\": \"J\", \"when\": \"2026-12-01\"}", &error);
  HvpCheckContext context = { .install_date = "2026-12-05" };
  g_autoptr (HvpChecklist) checklist = NULL;
  g_autoptr (HvpChecklist) none = NULL;
  const HvpStepStatus expected[] = { HVP_STEP_DONE, HVP_STEP_FAIL, HVP_STEP_DONE, HVP_STEP_OPEN };

  g_assert_no_error (error);
  facts = hvp_server_facts_parse (facts_text, strlen (facts_text), "f.json", &error);
  context.source = facts;
  checklist = hvp_checklist_new (guide, &context, answers, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (hvp_step_status_to_string (((HvpChecklistStep *) g_ptr_array_index (checklist->steps, i))->status), ==,
                     hvp_step_status_to_string (expected[i]));
  g_assert_true (hvp_checklist_has_failure (checklist));
  g_assert_false (hvp_checklist_is_complete (checklist));
  none = hvp_checklist_new (guide, &context, stray, &error);
  g_assert_null (none);
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  g_assert_cmpstr (error->message, ==, "'a.json': answers.nope: the guide 'g' has no such step");
}

/* The guides compiled in from guides/: four, each valid, every check they name known; the Hyper-V
 * guide has the eight steps of plan --format markdown. */
static void
test_builtin (void)
{
  g_auto (GStrv) ids = hvp_guide_builtin_ids ();
  const char *expected[] = { "essentials-sbs2003", "essentials-sbs2011", "hyperv", "wsus" };
  const char *hyperv[] = { "backup", "updates", "destination", "migration-tools", "record",
                           "security", "downtime", "verify" };
  g_autoptr (HvpGuide) guide = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpuint (g_strv_length (ids), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr (HvpGuide) one = hvp_guide_builtin (ids[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (one->id, ==, expected[i]);
      for (guint k = 0; k < one->steps->len; k++)
        {
          const HvpGuideStep *step = g_ptr_array_index (one->steps, k);

          g_assert_cmpuint (step->order, ==, k + 1);
          g_assert_true (step->check == NULL || hvp_guide_check_find (step->check) != NULL);
        }
    }
  guide = hvp_guide_builtin ("hyperv", &error);
  g_assert_cmpuint (guide->steps->len, ==, G_N_ELEMENTS (hyperv));
  for (guint k = 0; k < G_N_ELEMENTS (hyperv); k++)
    g_assert_cmpstr (((HvpGuideStep *) g_ptr_array_index (guide->steps, k))->id, ==, hyperv[k]);
  g_assert_null (hvp_guide_builtin ("../hyperv", &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_USAGE);
}

HVP_TEST_SUITE (guide)
{
  g_test_add_func ("/models/guide/valid", test_guide_valid);
  g_test_add_func ("/models/guide/invalid", test_guide_invalid);
  g_test_add_func ("/models/guide/other-format", test_guide_other_format);
  g_test_add_func ("/models/answers/parse", test_answers);
  g_test_add_func ("/planner/checklist/statuses", test_checklist_statuses);
  g_test_add_func ("/models/guide/builtin", test_builtin);
}
