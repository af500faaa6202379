/* hvplan: the answers file: the manual steps of a guide someone ticked, with who, when and why. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The "schema" value of an answers file (README.md, "Migration guides"). */
#define HVP_ANSWERS_SCHEMA "hvplan-answers/1"

/**
 * HvpAnswer:
 * @step: the step id it ticks
 * @who: who did it
 * @when: when, as written (an ISO 8601 date or date and time)
 * @when_unix: the same in seconds since 1970 UTC (a date alone is its 00:00 UTC)
 * @note: (nullable): a remark
 */
typedef struct {
  char *step;
  char *who;
  char *when;
  gint64 when_unix;
  char *note;
} HvpAnswer;

/**
 * HvpAnswers:
 * @file: the file read
 * @answers: (element-type HvpAnswer): in the file's order
 */
typedef struct {
  char *file;
  GPtrArray *answers;
} HvpAnswers;

void hvp_answers_free (HvpAnswers *answers);
HvpAnswers *hvp_answers_parse (const char *text, gsize length, const char *file, GError **error);
const HvpAnswer *hvp_answers_find (const HvpAnswers *answers, const char *step);
gboolean hvp_parse_iso8601_utc (const char *text, gint64 *ret_unix);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpAnswers, hvp_answers_free)

G_END_DECLS
