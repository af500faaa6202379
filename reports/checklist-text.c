/* hvplan: a guide's checklist as text, and the list of guides.  Every value that came from a
 * file (evidence, items, answers, even the guide's own texts) goes through
 * hvp_text_append_terminal(): a control character cannot reach the terminal. */
#include "reports/checklist.h"

#include "models/text.h"

/**
 * hvp_report_guides_text:
 * @guides: (element-type HvpGuide): the guides
 * @out: text is appended here
 *
 * One line per guide: its id, two spaces, its title (`hvplan guides`).
 */
void
hvp_report_guides_text (const GPtrArray *guides, GString *out)
{
  for (guint i = 0; i < guides->len; i++)
    {
      const HvpGuide *guide = g_ptr_array_index (guides, i);

      hvp_text_append_terminal (out, guide->id);
      g_string_append (out, "  ");
      hvp_text_append_terminal (out, guide->title);
      g_string_append_c (out, '\n');
    }
}

/* "    LABEL: VALUE\n", the value escaped. */
static void
append_field (GString *out, const char *label, const char *value)
{
  g_string_append_printf (out, "    %s: ", label);
  hvp_text_append_terminal (out, value);
  g_string_append_c (out, '\n');
}

static void
append_step (const HvpChecklistStep *item, GString *out)
{
  g_autofree char *status = g_ascii_strup (hvp_step_status_to_string (item->status), -1);
  g_autofree char *source = g_strdup_printf ("%s, %s#%s", item->step->document,
                                             item->step->location, item->step->anchor);

  g_string_append_printf (out, "%2u. [%s] ", item->step->order, status);
  hvp_text_append_terminal (out, item->step->title);
  g_string_append (out, " (");
  hvp_text_append_terminal (out, item->step->id);
  g_string_append (out, ")\n");
  append_field (out, "do", item->step->text);
  if (item->result != NULL)
    {
      append_field (out, "check", item->step->check);
      append_field (out, "evidence", item->result->evidence);
      if (item->result->origin[0] != '\0')
        append_field (out, "from", item->result->origin);
      for (guint i = 0; i < item->result->items->len; i++)
        append_field (out, "item", g_ptr_array_index (item->result->items, i));
    }
  if (item->answer != NULL)
    {
      g_autofree char *answer = g_strdup_printf ("%s, %s%s%s", item->answer->who, item->answer->when,
                                                 item->answer->note != NULL ? ": " : "",
                                                 item->answer->note != NULL ? item->answer->note : "");

      append_field (out, "ticked", answer);
    }
  if (item->step->depends_on->len > 0)
    {
      g_autoptr (GString) after = g_string_new (NULL);

      for (guint i = 0; i < item->step->depends_on->len; i++)
        g_string_append_printf (after, "%s%s", i > 0 ? ", " : "",
                                (const char *) g_ptr_array_index (item->step->depends_on, i));
      append_field (out, "after", after->str);
    }
  append_field (out, "source", source);
}

/**
 * hvp_report_checklist_text:
 * @checklist: a checklist
 * @out: text is appended here
 *
 * The checklist for a terminal: a heading (guide, source, destination, planned installation
 * date, answers file), then per step its order, status in capitals (PASS, FAIL, UNKNOWN, DONE,
 * OPEN), title and id, what to do, the check's evidence with the file and keys it came from and
 * the items it lists, the answer that ticks it, the steps it comes after, and its source
 * document and section; then the count of each status and the input warnings.
 */
void
hvp_report_checklist_text (const HvpChecklist *checklist, GString *out)
{
  const guint *counts = checklist->counts;

  g_string_append (out, "Checklist: ");
  hvp_text_append_terminal (out, checklist->guide->title);
  g_string_append (out, " (");
  hvp_text_append_terminal (out, checklist->guide->id);
  g_string_append (out, ")\nSource: ");
  hvp_text_append_terminal (out, checklist->source_name != NULL ? checklist->source_name : "-");
  g_string_append (out, "  Destination: ");
  hvp_text_append_terminal (out, checklist->destination_name != NULL ? checklist->destination_name : "-");
  g_string_append_printf (out, "  Planned installation: %s\nAnswers: ", checklist->install_date);
  hvp_text_append_terminal (out, checklist->answers_file != NULL ? checklist->answers_file : "-");
  g_string_append (out, "\n\n");
  for (guint i = 0; i < checklist->steps->len; i++)
    append_step (g_ptr_array_index (checklist->steps, i), out);
  g_string_append_printf (out, "\nSteps: %u pass, %u fail, %u unknown, %u done, %u open\n",
                          counts[HVP_STEP_PASS], counts[HVP_STEP_FAIL], counts[HVP_STEP_UNKNOWN],
                          counts[HVP_STEP_DONE], counts[HVP_STEP_OPEN]);
  for (guint i = 0; i < checklist->warnings->len; i++)
    {
      g_string_append (out, "warning: ");
      hvp_text_append_terminal (out, g_ptr_array_index (checklist->warnings, i));
      g_string_append_c (out, '\n');
    }
}
