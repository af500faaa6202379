/* Tests of models/json.c's reader: hvp_json_parse() and the arena of hvp_json_parse_in_arena()
 * give the same trees and the same messages; trees outside an arena are still freed one by one
 * (cJSON's allocation hooks choose by thread and arena). */
#include <glib.h>
#include <string.h>

#include "unit.h"
#include "models/error.h"
#include "models/json.h"

static void
test_arena_same_tree (void)
{
  static const char text[] = "\xEF\xBB\xBF{\"a\": [1, 2.5, \"x\"], \"b\": {\"c\": null}}  \n";
  g_autoptr (HvpJsonArena) arena = hvp_json_arena_new ();
  g_autoptr (cJSON) plain = NULL;
  const cJSON *in_arena;
  g_autoptr (GError) error = NULL;
  g_autofree char *plain_text = NULL;
  g_autofree char *arena_text = NULL;

  g_assert_cmpuint (hvp_json_arena_size (arena), ==, 0);
  plain = hvp_json_parse (text, sizeof text - 1, "t.json", &error);
  g_assert_no_error (error);
  in_arena = hvp_json_parse_in_arena (arena, text, sizeof text - 1, "t.json", &error);
  g_assert_no_error (error);
  g_assert_nonnull (in_arena);
  g_assert_cmpuint (hvp_json_arena_size (arena), >, 0);
  plain_text = cJSON_PrintUnformatted (plain);
  arena_text = cJSON_PrintUnformatted (in_arena);
  g_assert_cmpstr (arena_text, ==, "{\"a\":[1,2.5,\"x\"],\"b\":{\"c\":null}}");
  g_assert_cmpstr (arena_text, ==, plain_text);
  g_assert_true (cJSON_IsNull (cJSON_GetObjectItemCaseSensitive (
    cJSON_GetObjectItemCaseSensitive (in_arena, "b"), "c")));
}

static void
test_arena_same_errors (void)
{
  static const char *const texts[] = {
    "{\"a\": 1", "{\"a\": 1} x", "", "{\"a\": tru}", "[[[[1]]]] ]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr (HvpJsonArena) arena = hvp_json_arena_new ();
      g_autoptr (GError) plain_error = NULL;
      g_autoptr (GError) arena_error = NULL;
      gsize length = strlen (texts[i]);

      g_assert_null (hvp_json_parse (texts[i], length, "bad.json", &plain_error));
      g_assert_null (hvp_json_parse_in_arena (arena, texts[i], length, "bad.json",
                                              &arena_error));
      g_assert_error (arena_error, HVP_ERROR, HVP_ERROR_DATA);
      g_assert_cmpstr (arena_error->message, ==, plain_error->message);
    }
}

static void
test_arena_large (void)
{
  /* More than one chunk: 20,000 members, each a node and two strings. */
  GString *text = g_string_new ("{");
  g_autoptr (HvpJsonArena) arena = hvp_json_arena_new ();
  g_autoptr (GError) error = NULL;
  const cJSON *root;

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (text, "%s\"key%u\": \"value %u\"", i > 0 ? ", " : "", i, i);
  g_string_append (text, "}");
  root = hvp_json_parse_in_arena (arena, text->str, text->len, "large.json", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cJSON_GetArraySize (root), ==, 20000);
  g_assert_cmpstr (cJSON_GetObjectItemCaseSensitive (root, "key19999")->valuestring, ==,
                   "value 19999");
  g_assert_cmpuint (hvp_json_arena_size (arena), >=, 20000 * 64);
  g_string_free (text, TRUE);
}

/* A string above 16 KiB is a block of its own that the reader gives back early (ASan sees a double
 * free or a leak if the arena frees it again or never); a short one stays in the chunks. */
static void
test_arena_release_string (void)
{
  g_autoptr (GString) text = g_string_new ("{\"long\": \"");
  g_autoptr (HvpJsonArena) arena = hvp_json_arena_new ();
  g_autoptr (GError) error = NULL;
  const cJSON *root, *long_item, *short_item;
  gsize before;

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (text, "%s%u.5", i > 0 ? "," : "", i);
  g_string_append (text, "\", \"short\": \"1,2\", \"other\": \"");
  for (guint i = 0; i < 5000; i++)
    g_string_append (text, "7,");
  g_string_append (text, "\"}");
  root = hvp_json_parse_in_arena (arena, text->str, text->len, "series.json", &error);
  g_assert_no_error (error);
  long_item = cJSON_GetObjectItemCaseSensitive (root, "long");
  short_item = cJSON_GetObjectItemCaseSensitive (root, "short");
  g_assert_true (g_str_has_prefix (long_item->valuestring, "0.5,1.5,2.5,"));
  before = hvp_json_arena_size (arena);
  g_assert_false (hvp_json_arena_release_string (arena, short_item));
  g_assert_cmpstr (short_item->valuestring, ==, "1,2");
  g_assert_true (hvp_json_arena_release_string (arena, long_item));
  g_assert_true (cJSON_IsNull (long_item));
  g_assert_cmpuint (hvp_json_arena_size (arena), <, before - 20000);
  g_assert_false (hvp_json_arena_release_string (arena, long_item));
  /* "other", also long, is not given back: the arena frees it with the rest. */
  g_assert_cmpuint (strlen (cJSON_GetObjectItemCaseSensitive (root, "other")->valuestring), ==,
                    10000);
}

static void
test_outside_arena (void)
{
  /* A tree built while no arena is in use is malloc()ed and freed node by node, before and
   * after an arena was used on this thread (under ASan a mix-up is a crash or a leak). */
  g_autoptr (cJSON) before = hvp_json_checked (cJSON_CreateObject ());
  g_autoptr (cJSON) after = NULL;
  g_autoptr (HvpJsonArena) arena = hvp_json_arena_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *printed = NULL;

  hvp_json_add (before, "n", hvp_json_uint64 (G_GUINT64_CONSTANT (18446744073709551615)));
  g_assert_nonnull (hvp_json_parse_in_arena (arena, "[1]", 3, "a.json", &error));
  after = hvp_json_parse ("{\"k\": \"v\"}", 10, "b.json", &error);
  g_assert_no_error (error);
  printed = hvp_json_print (before);
  g_assert_nonnull (strstr (printed, "18446744073709551615"));
  g_clear_pointer (&after, cJSON_Delete);
  g_clear_pointer (&arena, hvp_json_arena_free);
}

/* The streaming functions give the bytes hvp_json_print() gives for the whole tree, escapes
 * included (quote, backslash, a control, a bidirectional override, invalid UTF-8), and the plain
 * runs of a string are copied whole. */
static void
test_append_same_bytes (void)
{
  g_autoptr (cJSON) root = hvp_json_checked (cJSON_CreateObject ());
  g_autoptr (cJSON) head = hvp_json_checked (cJSON_CreateObject ());
  cJSON *list = hvp_json_checked (cJSON_CreateArray ());
  g_autoptr (GString) streamed = g_string_new (NULL);
  g_autofree char *printed = NULL;
  static const char *const names[] = {
    "plain VM-01", "quote \" back\\slash", "tab\tnew\nline\x01", "over\xe2\x80\xaeride",
    "bad \xff utf-8", "caf\xc3\xa9", "",
  };

  hvp_json_add (head, "count", hvp_json_uint64 (G_MAXUINT64));
  hvp_json_add (head, "none", hvp_json_string (NULL));
  hvp_json_add (head, "empty", hvp_json_checked (cJSON_CreateArray ()));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      hvp_json_add (root, names[i], hvp_json_string (names[i]));
      cJSON_AddItemToArray (list, hvp_json_string (names[i]));
    }
  hvp_json_add (root, "count", hvp_json_uint64 (G_MAXUINT64));
  hvp_json_add (root, "none", hvp_json_string (NULL));
  hvp_json_add (root, "empty", hvp_json_checked (cJSON_CreateArray ()));
  hvp_json_add (root, "list", list);
  printed = hvp_json_print (root);

  g_string_append (streamed, "{\n");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      hvp_json_append_key (streamed, names[i], 1);
      hvp_json_append_string (streamed, names[i]);
      g_string_append (streamed, ",\n");
    }
  hvp_json_append_members (streamed, head, 1);
  hvp_json_append_key (streamed, "list", 1);
  hvp_json_append_value (streamed, list, 1);
  g_string_append (streamed, "\n}\n");
  g_assert_cmpstr (streamed->str, ==, printed);
  g_assert_nonnull (strstr (printed, "\"quote \\\" back\\\\slash\""));
  g_assert_nonnull (strstr (printed, "\"tab\\tnew\\nline\\u0001\""));
  g_assert_nonnull (strstr (printed, "\"over\\u202eride\""));
  g_assert_nonnull (strstr (printed, "\"bad \xef\xbf\xbd utf-8\""));
  g_assert_nonnull (strstr (printed, "\"caf\xc3\xa9\""));
}

HVP_TEST_SUITE (json)
{
  g_test_add_func ("/models/json/arena-same-tree", test_arena_same_tree);
  g_test_add_func ("/models/json/arena-same-errors", test_arena_same_errors);
  g_test_add_func ("/models/json/arena-large", test_arena_large);
  g_test_add_func ("/models/json/arena-release-string", test_arena_release_string);
  g_test_add_func ("/models/json/outside-arena", test_outside_arena);
  g_test_add_func ("/models/json/append-same-bytes", test_append_same_bytes);
}
