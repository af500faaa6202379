/* hvplan: a guide's checklist (checklist.h): each step's automatic check run, each answer
 * applied, and the status of every step. */
#include "planner/checklist.h"

#include <string.h>

#include "models/error.h"
#include "models/units.h"

/**
 * hvp_step_status_to_string:
 * @status: a status
 *
 * Returns: (transfer none): "pass", "fail", "unknown", "done" or "open"
 */
const char *
hvp_step_status_to_string (HvpStepStatus status)
{
  static const char *const names[] = { "pass", "fail", "unknown", "done", "open" };

  return hvp_enum_to_string (names, G_N_ELEMENTS (names), status);
}

static void
checklist_step_free (gpointer data)
{
  HvpChecklistStep *step = data;

  hvp_check_result_free (step->result);
  g_free (step);
}

/**
 * hvp_checklist_free:
 * @checklist: (nullable) (transfer full): a checklist
 */
void
hvp_checklist_free (HvpChecklist *checklist)
{
  if (checklist == NULL)
    return;
  g_free (checklist->source_name);
  g_free (checklist->destination_name);
  g_free (checklist->install_date);
  g_free (checklist->answers_file);
  g_clear_pointer (&checklist->steps, g_ptr_array_unref);
  g_clear_pointer (&checklist->warnings, g_ptr_array_unref);
  g_free (checklist);
}

/* Every answer names a step of the guide, and every check a step names exists. */
static gboolean
validate (const HvpGuide *guide, const HvpAnswers *answers, GError **error)
{
  for (guint i = 0; answers != NULL && i < answers->answers->len; i++)
    {
      const HvpAnswer *answer = g_ptr_array_index (answers->answers, i);

      if (hvp_guide_find_step (guide, answer->step) == NULL)
        {
          g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                       "'%s': answers.%s: the guide '%s' has no such step", answers->file,
                       answer->step, guide->id);
          return FALSE;
        }
    }
  for (guint i = 0; i < guide->steps->len; i++)
    {
      const HvpGuideStep *step = g_ptr_array_index (guide->steps, i);

      if (step->check != NULL && hvp_guide_check_find (step->check) == NULL)
        {
          g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "'%s': step '%s': no automatic check '%s'",
                       guide->file != NULL ? guide->file : guide->id, step->id, step->check);
          return FALSE;
        }
    }
  return TRUE;
}

static HvpStepStatus
step_status (const HvpChecklistStep *item)
{
  if (item->result == NULL)
    return item->answer != NULL ? HVP_STEP_DONE : HVP_STEP_OPEN;
  switch (item->result->state)
    {
    case HVP_CHECK_PASS:
      return HVP_STEP_PASS;
    case HVP_CHECK_FAIL:
      return HVP_STEP_FAIL;
    case HVP_CHECK_UNKNOWN:
    default:
      return item->answer != NULL ? HVP_STEP_DONE : HVP_STEP_UNKNOWN;
    }
}

static void
add_warnings (HvpChecklist *checklist, const HvpServerFacts *facts)
{
  for (guint i = 0; facts != NULL && i < facts->warnings->len; i++)
    g_ptr_array_add (checklist->warnings, g_strdup (g_ptr_array_index (facts->warnings, i)));
}

/**
 * hvp_checklist_new:
 * @guide: (transfer none): a guide; must outlive the checklist
 * @context: what the checks read (@context->answer is ignored: each step gets its own)
 * @answers: (nullable) (transfer none): the answers file; must outlive the checklist
 * @error: return location for an error
 *
 * Runs the automatic check of every step that names one, applies the answers and sets each
 * step's status: a failed check is FAIL whatever the answers say; a passed one PASS; an answer
 * ticks a manual step or a check that lacked evidence (DONE); what is left is UNKNOWN (a check)
 * or OPEN (a manual step).
 *
 * Returns: (transfer full) (nullable): the checklist, or %NULL with %HVP_ERROR_DATA when an
 *   answer names a step the guide does not have ("'FILE': answers.ID: the guide 'G' has no such
 *   step") or a step names an unknown check
 */
HvpChecklist *
hvp_checklist_new (const HvpGuide *guide, const HvpCheckContext *context,
                   const HvpAnswers *answers, GError **error)
{
  g_autoptr (HvpChecklist) checklist = g_new0 (HvpChecklist, 1);

  if (!validate (guide, answers, error))
    return NULL;
  checklist->guide = guide;
  checklist->install_date = g_strdup (context->install_date);
  checklist->answers_file = answers != NULL ? g_strdup (answers->file) : NULL;
  checklist->steps = g_ptr_array_new_with_free_func (checklist_step_free);
  checklist->warnings = g_ptr_array_new_with_free_func (g_free);
  if (context->source != NULL)
    checklist->source_name = g_strdup (hvp_server_facts_label (context->source));
  if (context->destination != NULL)
    checklist->destination_name = g_strdup (hvp_server_facts_label (context->destination));
  if (context->plan != NULL)
    {
      checklist->source_name = g_strdup (context->plan->source_name);
      checklist->destination_name = g_strdup (context->plan->destination_name);
    }
  add_warnings (checklist, context->source);
  add_warnings (checklist, context->destination);
  add_warnings (checklist, context->host);
  for (guint i = 0; i < guide->steps->len; i++)
    {
      HvpChecklistStep *item = g_new0 (HvpChecklistStep, 1);
      HvpCheckContext step_context = *context;

      item->step = g_ptr_array_index (guide->steps, i);
      item->answer = hvp_answers_find (answers, item->step->id);
      step_context.answer = item->answer;
      if (item->step->check != NULL)
        item->result = hvp_guide_check_find (item->step->check)->run (&step_context);
      item->status = step_status (item);
      checklist->counts[item->status]++;
      g_ptr_array_add (checklist->steps, item);
    }
  return g_steal_pointer (&checklist);
}

/**
 * hvp_checklist_has_failure:
 * @checklist: a checklist
 *
 * Returns: %TRUE when an automatic check failed (`hvplan checklist` exits 1)
 */
gboolean
hvp_checklist_has_failure (const HvpChecklist *checklist)
{
  return checklist->counts[HVP_STEP_FAIL] > 0;
}

/**
 * hvp_checklist_is_complete:
 * @checklist: a checklist
 *
 * Returns: %TRUE when every step passed or is ticked (`--require-complete`)
 */
gboolean
hvp_checklist_is_complete (const HvpChecklist *checklist)
{
  return checklist->counts[HVP_STEP_PASS] + checklist->counts[HVP_STEP_DONE]
         == checklist->steps->len;
}
