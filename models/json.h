/* hvplan: writing and reading JSON documents the same way everywhere (exact integers, stable
 * layout, positioned parse errors). */
#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

G_BEGIN_DECLS

/* 2^53 - 1: cJSON keeps numbers as doubles, and 2^53 is the first double that two integers
 * (2^53 and 2^53 + 1) round to, so it is the largest integer a reader can take exactly. */
#define HVP_JSON_EXACT_MAX G_GUINT64_CONSTANT (9007199254740991)

cJSON *hvp_json_checked (cJSON *item);
void hvp_json_add (cJSON *object, const char *key, cJSON *item);
cJSON *hvp_json_string (const char *string);
cJSON *hvp_json_bool (gboolean value);
cJSON *hvp_json_uint64 (guint64 value);
cJSON *hvp_json_int64 (gint64 value);
char *hvp_json_print (const cJSON *item);
void hvp_json_append_string (GString *out, const char *string);
void hvp_json_append_value (GString *out, const cJSON *item, guint depth);
void hvp_json_append_indent (GString *out, guint depth);
void hvp_json_append_key (GString *out, const char *key, guint depth);
void hvp_json_append_members (GString *out, const cJSON *object, guint depth);

/* The most decimal digits of a guint64 (18446744073709551615) and one spare. */
#define HVP_JSON_UINT64_DIGITS 21

const char *hvp_json_format_uint64 (guint64 value, char buffer[HVP_JSON_UINT64_DIGITS]);
void hvp_json_append_uint64 (GString *out, guint64 value);
void hvp_json_append_member_uint64 (GString *out, const char *key, guint64 value, guint depth,
                                    gboolean last);

gboolean hvp_json_is_space (char c);
gsize hvp_json_skip_string (const char *text, gsize length, gsize i);
cJSON *hvp_json_parse (const char *text, gsize length, const char *file, GError **error);

/**
 * HvpJsonArena:
 *
 * Memory for the cJSON trees hvp_json_parse_in_arena() builds, freed in one step by
 * hvp_json_arena_free(); opaque.
 */
typedef struct _HvpJsonArena HvpJsonArena;

HvpJsonArena *hvp_json_arena_new (void);
void hvp_json_arena_free (HvpJsonArena *arena);
void hvp_json_arena_reset (HvpJsonArena *arena);
gsize hvp_json_arena_size (const HvpJsonArena *arena);
gboolean hvp_json_arena_release_string (HvpJsonArena *arena, const cJSON *item);
const cJSON *hvp_json_parse_in_arena (HvpJsonArena *arena, const char *text, gsize length,
                                      const char *file, GError **error);
const cJSON *hvp_json_parse_piece_in_arena (HvpJsonArena *arena, const char *text, gsize length,
                                            const char *file, GError **error);
gsize hvp_json_number_end (const char *text, gsize length, gsize i, gboolean *ret_plain);
gboolean hvp_json_number_rounds (const char *token, gsize length);
const char *hvp_json_type_name (const cJSON *item);
char *hvp_json_format_number (double value);
gboolean hvp_json_number_to_uint64 (const cJSON *item, guint64 maximum, const char *what,
                                    guint64 *ret_value, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cJSON, cJSON_Delete)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpJsonArena, hvp_json_arena_free)

G_END_DECLS
