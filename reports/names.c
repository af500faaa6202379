/* hvplan: a sizing's VM names escaped once for a report (issue 14: a sizing of 100,000 VMs × 10
 * models writes a million names, each VM's ten times). */
#include "reports/names.h"

#include <string.h>

/**
 * hvp_report_names_init:
 * @names: (out caller-allocates): where the names go; free with hvp_report_names_clear()
 * @sizing: a sizing
 * @escape: the format's escaping of one name, appended to a #GString
 *
 * Escapes the name of each of @sizing's VMs once, in the order of @sizing's VMs.
 */
void
hvp_report_names_init (HvpReportNames *names, const HvpSizing *sizing,
                       void (*escape) (GString *out, const char *name))
{
  g_return_if_fail (names != NULL && sizing != NULL && escape != NULL);

  names->text = g_string_sized_new (16 * (gsize) sizing->vms->len + 1);
  names->ends = g_new (gsize, sizing->vms->len + 1);
  for (guint i = 0; i < sizing->vms->len; i++)
    {
      const HvpSizingVm *vm = g_ptr_array_index (sizing->vms, i);

      escape (names->text, vm->name);
      names->ends[i] = names->text->len;
    }
}

/**
 * hvp_report_names_clear:
 * @names: names from hvp_report_names_init(), or zero-filled
 *
 * Frees what @names holds (not @names itself).
 */
void
hvp_report_names_clear (HvpReportNames *names)
{
  if (names->text != NULL)
    g_string_free (names->text, TRUE);
  names->text = NULL;
  g_clear_pointer (&names->ends, g_free);
}

/**
 * hvp_report_names_append_list:
 * @names: escaped names
 * @vms: (element-type guint): indices into the sizing's VMs (a placed host's VMs)
 * @separator: written between two names (", ")
 * @out: where the list goes
 *
 * Appends the escaped names of @vms, @separator between them: the lengths added first, then the
 * names copied into room made once.
 */
void
hvp_report_names_append_list (const HvpReportNames *names, const GArray *vms,
                              const char *separator, GString *out)
{
  gsize separator_length = strlen (separator);
  gsize total = 0;
  char *p;

  for (guint i = 0; i < vms->len; i++)
    {
      gsize length;

      hvp_report_names_get (names, g_array_index (vms, guint, i), &length);
      total += (i > 0 ? separator_length : 0) + length;
    }
  g_string_set_size (out, out->len + total);
  p = out->str + out->len - total;
  for (guint i = 0; i < vms->len; i++)
    {
      gsize length;
      const char *name = hvp_report_names_get (names, g_array_index (vms, guint, i), &length);

      if (i > 0)
        {
          memcpy (p, separator, separator_length);
          p += separator_length;
        }
      memcpy (p, name, length);
      p += length;
    }
}
