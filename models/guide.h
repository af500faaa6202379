/* hvplan: a migration guide as data: its steps, their sources, order and automatic checks. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The "schema" value of a guide file (guides/README.md). */
#define HVP_GUIDE_SCHEMA "hvplan-guide/1"

/**
 * HvpGuideInput:
 * @HVP_GUIDE_INPUT_SERVER: --source and --destination are server facts ("hvplan-server/1")
 * @HVP_GUIDE_INPUT_INVENTORY: --source and --destination are anything `hvplan collect` reads
 *
 * What a guide's checklist reads.
 */
typedef enum {
  HVP_GUIDE_INPUT_SERVER,
  HVP_GUIDE_INPUT_INVENTORY,
} HvpGuideInput;

/**
 * HvpGuideStep:
 * @id: the step's id, unique in its guide (`[a-z0-9-]+`)
 * @order: its place in the guide, from 1; unique, the steps are sorted by it
 * @title: one line
 * @text: what to do, in plain text
 * @document: the title of the Microsoft document the step comes from
 * @location: where that document is (a learn.microsoft.com or technet URL, or a path in the
 *   MicrosoftDocs/windowsserverdocs repository)
 * @anchor: the section anchor in that document
 * @depends_on: (element-type utf8): ids of steps that come first (each of a lower @order)
 * @check: (nullable): the id of the automatic check (planner/guide-checks.c), %NULL for a manual
 *   step that an answers file ticks
 */
typedef struct {
  char *id;
  guint order;
  char *title;
  char *text;
  char *document;
  char *location;
  char *anchor;
  GPtrArray *depends_on;
  char *check;
} HvpGuideStep;

/**
 * HvpGuide:
 * @id: the guide's id (`hvplan checklist --guide ID`)
 * @title: one line
 * @input: what its checklist reads
 * @file: (nullable): the file it was read from
 * @steps: (element-type HvpGuideStep): sorted by order
 */
typedef struct {
  char *id;
  char *title;
  HvpGuideInput input;
  char *file;
  GPtrArray *steps;
} HvpGuide;

void hvp_guide_free (HvpGuide *guide);
gboolean hvp_guide_id_is_valid (const char *text);
HvpGuide *hvp_guide_parse (const char *text, gsize length, const char *file, GError **error);
const HvpGuideStep *hvp_guide_find_step (const HvpGuide *guide, const char *id);
HvpGuide *hvp_guide_builtin (const char *id, GError **error);
char **hvp_guide_builtin_ids (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpGuide, hvp_guide_free)

G_END_DECLS
