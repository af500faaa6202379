/* hvplan: a guide's checklist in Markdown: a GitHub task list per step, ticked when its check
 * passed or an answer ticks it.  Every text goes through hvp_markdown_append_text()
 * (reports/markdown.c): Markdown specials escaped, controls shown as control pictures. */
#include "reports/checklist.h"

#include "reports/markdown.h"

static void
append_bullet (GString *out, const char *label, const char *value)
{
  g_string_append_printf (out, "  - %s: ", label);
  hvp_markdown_append_text (out, value);
  g_string_append_c (out, '\n');
}

static void
append_result (const HvpChecklistStep *item, GString *out)
{
  append_bullet (out, "evidence", item->result->evidence);
  if (item->result->origin[0] != '\0')
    append_bullet (out, "from", item->result->origin);
  for (guint i = 0; i < item->result->items->len; i++)
    {
      g_string_append (out, "  - [ ] ");
      hvp_markdown_append_text (out, g_ptr_array_index (item->result->items, i));
      g_string_append_c (out, '\n');
    }
}

static void
append_step (const HvpChecklistStep *item, GString *out)
{
  g_autofree char *status = g_ascii_strup (hvp_step_status_to_string (item->status), -1);
  gboolean ticked = item->status == HVP_STEP_PASS || item->status == HVP_STEP_DONE;

  g_string_append_printf (out, "## %u. ", item->step->order);
  hvp_markdown_append_text (out, item->step->title);
  g_string_append (out, "\n\n");
  hvp_markdown_append_text (out, item->step->text);
  g_string_append (out, "\n\nSource: ");
  hvp_markdown_append_text (out, item->step->document);
  g_string_append (out, ", ");
  {
    g_autofree char *where = g_strdup_printf ("%s#%s", item->step->location, item->step->anchor);

    hvp_markdown_append_code (out, where);
  }
  g_string_append_printf (out, "\n\n- [%c] **%s** ", ticked ? 'x' : ' ', status);
  hvp_markdown_append_code (out, item->step->id);
  g_string_append_c (out, '\n');
  if (item->result != NULL)
    append_result (item, out);
  if (item->answer != NULL)
    {
      g_autofree char *answer = g_strdup_printf ("%s, %s%s%s", item->answer->who, item->answer->when,
                                                 item->answer->note != NULL ? ": " : "",
                                                 item->answer->note != NULL ? item->answer->note : "");

      append_bullet (out, "ticked", answer);
    }
  g_string_append_c (out, '\n');
}

/**
 * hvp_report_checklist_markdown:
 * @checklist: a checklist
 * @out: Markdown is appended here
 *
 * The checklist as GitHub-flavoured Markdown: a title, the source, destination and planned
 * installation date, a summary line, then per step a heading "## N. Title", what to do, its
 * source document and section (a code span), and one task list item ticked when the step passed
 * or is answered, with the status in bold and below it the evidence, its origin, the items it
 * lists (task items) and the answer.
 */
void
hvp_report_checklist_markdown (const HvpChecklist *checklist, GString *out)
{
  const guint *counts = checklist->counts;

  g_string_append (out, "# Checklist: ");
  hvp_markdown_append_text (out, checklist->guide->title);
  g_string_append (out, "\n\nSource: ");
  hvp_markdown_append_text (out, checklist->source_name != NULL ? checklist->source_name : "-");
  g_string_append (out, ", destination: ");
  hvp_markdown_append_text (out, checklist->destination_name != NULL ? checklist->destination_name : "-");
  g_string_append_printf (out, ", planned installation: %s.\n\n", checklist->install_date);
  g_string_append_printf (out, "Steps: %u pass, %u fail, %u unknown, %u done, %u open.\n\n",
                          counts[HVP_STEP_PASS], counts[HVP_STEP_FAIL], counts[HVP_STEP_UNKNOWN],
                          counts[HVP_STEP_DONE], counts[HVP_STEP_OPEN]);
  for (guint i = 0; i < checklist->steps->len; i++)
    append_step (g_ptr_array_index (checklist->steps, i), out);
  for (guint i = 0; i < checklist->warnings->len; i++)
    {
      g_string_append (out, "- warning: ");
      hvp_markdown_append_text (out, g_ptr_array_index (checklist->warnings, i));
      g_string_append_c (out, '\n');
    }
}
