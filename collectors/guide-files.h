/* hvplan: where the guide files are, and reading them and answers files from disk. */
#pragma once

#include <glib.h>

#include "collectors/collector.h"
#include "models/answers.h"
#include "models/guide.h"

G_BEGIN_DECLS

/* The environment variable that names a folder of guide files to use instead of the built-in
 * guides (README.md, "Migration guides"). */
#define HVP_GUIDE_DIR_VARIABLE "HVPLAN_GUIDE_DIR"

const char *hvp_guide_dir (void);
GPtrArray *hvp_guides_load_all (GError **error);
HvpGuide *hvp_guide_load (const char *id, GError **error);
HvpAnswers *hvp_answers_read_file (const char *file, const HvpCollectOptions *options,
                                   GError **error);

G_END_DECLS
