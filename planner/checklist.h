/* hvplan: a guide's checklist: every step with its automatic check's result or its answer. */
#pragma once

#include <glib.h>

#include "models/answers.h"
#include "models/guide.h"
#include "models/server-facts.h"
#include "planner/plan.h"

G_BEGIN_DECLS

/**
 * HvpCheckState:
 * @HVP_CHECK_PASS: the evidence meets the rule
 * @HVP_CHECK_FAIL: the evidence breaks the rule
 * @HVP_CHECK_UNKNOWN: the evidence is missing
 *
 * The result of one automatic check.
 */
typedef enum {
  HVP_CHECK_PASS,
  HVP_CHECK_FAIL,
  HVP_CHECK_UNKNOWN,
} HvpCheckState;

/**
 * HvpCheckResult:
 * @state: pass, fail or unknown
 * @evidence: what was compared, in sentences, values as read
 * @origin: where the evidence came from: files and keys ("sbs01.json: clock")
 * @items: (element-type utf8): things to do or re-create that the evidence lists (group members
 *   with their commands, downstream servers to repoint)
 */
typedef struct {
  HvpCheckState state;
  char *evidence;
  char *origin;
  GPtrArray *items;
} HvpCheckResult;

/**
 * HvpCheckContext:
 * @source: (nullable): the source server's facts
 * @destination: (nullable): the destination server's facts
 * @host: (nullable): the Hyper-V host's facts when the source is a VM
 * @install_date: the planned installation date of the destination, YYYY-MM-DD (UTC)
 * @plan: (nullable): the Hyper-V plan, for a guide that reads inventories
 * @answer: (nullable): the answer ticking the step being checked
 *
 * What the automatic checks read.
 */
typedef struct {
  const HvpServerFacts *source;
  const HvpServerFacts *destination;
  const HvpServerFacts *host;
  const char *install_date;
  const HvpPlan *plan;
  const HvpAnswer *answer;
} HvpCheckContext;

/**
 * HvpGuideCheck:
 * @id: the id a guide step names in its `check`
 * @run: the check: returns a new result (hvp_check_result_free())
 *
 * One row of the table of automatic checks (planner/guide-checks.c).
 */
typedef struct {
  const char *id;
  HvpCheckResult *(*run) (const HvpCheckContext *context);
} HvpGuideCheck;

/**
 * HvpStepStatus:
 * @HVP_STEP_PASS: the automatic check passed
 * @HVP_STEP_FAIL: the automatic check failed (an answer does not change that)
 * @HVP_STEP_UNKNOWN: the automatic check lacked evidence and no answer ticks the step
 * @HVP_STEP_DONE: an answer ticks the step
 * @HVP_STEP_OPEN: a manual step no answer ticks
 */
typedef enum {
  HVP_STEP_PASS,
  HVP_STEP_FAIL,
  HVP_STEP_UNKNOWN,
  HVP_STEP_DONE,
  HVP_STEP_OPEN,
} HvpStepStatus;

/**
 * HvpChecklistStep:
 * @step: (transfer none): the guide's step
 * @result: (nullable): its automatic check's result
 * @answer: (transfer none) (nullable): the answer that ticks it
 * @status: what the checklist says about it
 */
typedef struct {
  const HvpGuideStep *step;
  HvpCheckResult *result;
  const HvpAnswer *answer;
  HvpStepStatus status;
} HvpChecklistStep;

/**
 * HvpChecklist:
 * @guide: (transfer none): the guide
 * @source_name: (nullable): the source's name
 * @destination_name: (nullable): the destination's name
 * @install_date: the planned installation date used (YYYY-MM-DD)
 * @answers_file: (nullable): the answers file read
 * @steps: (element-type HvpChecklistStep): in the guide's order
 * @warnings: (element-type utf8): what the server facts could not read
 * @counts: the number of steps of each #HvpStepStatus
 */
typedef struct {
  const HvpGuide *guide;
  char *source_name;
  char *destination_name;
  char *install_date;
  char *answers_file;
  GPtrArray *steps;
  GPtrArray *warnings;
  guint counts[HVP_STEP_OPEN + 1];
} HvpChecklist;

HvpCheckResult *hvp_check_result_new (HvpCheckState state);
void hvp_check_result_free (HvpCheckResult *result);
const HvpGuideCheck *hvp_guide_check_find (const char *id);
const char *hvp_check_state_to_string (HvpCheckState state);
const char *hvp_step_status_to_string (HvpStepStatus status);
gboolean hvp_check_is_lan_gateway (const char *address);
gboolean hvp_install_date_parse (const char *text, GError **error);

HvpChecklist *hvp_checklist_new (const HvpGuide *guide, const HvpCheckContext *context,
                                 const HvpAnswers *answers, GError **error);
void hvp_checklist_free (HvpChecklist *checklist);
gboolean hvp_checklist_has_failure (const HvpChecklist *checklist);
gboolean hvp_checklist_is_complete (const HvpChecklist *checklist);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpCheckResult, hvp_check_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpChecklist, hvp_checklist_free)

G_END_DECLS
