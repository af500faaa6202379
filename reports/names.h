/* hvplan: a sizing's VM names escaped once for a report, reused by every model that places them. */
#pragma once

#include <glib.h>

#include "planner/sizing/sizing.h"

G_BEGIN_DECLS

/**
 * HvpReportNames:
 * @text: the escaped names, one after another
 * @ends: (array): VM i's name is @text from @ends[i - 1] (0 for the first) to @ends[i]
 *
 * The names of a sizing's VMs as one report format writes them (hvp_json_append_string(),
 * hvp_text_append_terminal(), hvp_markdown_append_text()), escaped once: at 100,000 VMs × 10
 * models each name is written ten times (issue 14).
 */
typedef struct {
  GString *text;
  gsize *ends;
} HvpReportNames;

void hvp_report_names_init (HvpReportNames *names, const HvpSizing *sizing,
                            void (*escape) (GString *out, const char *name));
void hvp_report_names_clear (HvpReportNames *names);
void hvp_report_names_append_list (const HvpReportNames *names, const GArray *vms,
                                   const char *separator, GString *out);

/**
 * hvp_report_names_get:
 * @names: escaped names
 * @index: a VM's index in the sizing's VMs
 * @ret_length: (out): the bytes of its escaped name
 *
 * Returns: (transfer none): the start of VM @index's escaped name (not NUL-terminated)
 */
static inline const char *
hvp_report_names_get (const HvpReportNames *names, guint index, gsize *ret_length)
{
  gsize start = index > 0 ? names->ends[index - 1] : 0;

  *ret_length = names->ends[index] - start;
  return names->text->str + start;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HvpReportNames, hvp_report_names_clear)

G_END_DECLS
