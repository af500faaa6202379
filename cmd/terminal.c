/* hvplan: what a person watching a terminal sees and a pipe or a file never gets: the progress of
 * a long collection on standard error, and verdicts in colour on standard output.
 *
 * Progress: one line on standard error, rewritten in place ("hvplan: reading virtual hard disks:
 * 120/400"), only when standard error is a terminal (isatty(3)), not under --quiet, and only once
 * a collection has run for a second (HVPLAN_PROGRESS_DELAY milliseconds); erased when the
 * collection ends, so warnings and errors start on a clean line.  The line is hvplan's own words
 * and numbers: nothing from the input reaches it.
 *
 * Colour: --color=auto (default) colours when standard output is a terminal and NO_COLOR is unset
 * or empty (https://no-color.org) and TERM is not "dumb"; --color=always and --color=never decide
 * alone.  Only the text reports are coloured, and only hvplan's own verdict words in them (ECMA-48
 * 8.3.117, SGR): PASS, BEST, FITS, equal, added in green; WARN, changed in yellow; FAIL, NO,
 * different, removed in red; INFO in blue. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/command.h"

/* Progress --------------------------------------------------------------------------------------- */

/* The terminal line of the one collection running in this process (hvplan runs one at a time). */
static struct {
  gint64 start_us;
  gint64 delay_us;
  gint64 last_us;
  gsize shown_length;
} progress;

/* Redraws at most this often. */
#define PROGRESS_INTERVAL_US (G_USEC_PER_SEC / 10)

static void
progress_update (const char *what, guint done, guint total, gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();
  g_autofree char *line = NULL;
  gsize length;

  (void) user_data;
  if (now - progress.start_us < progress.delay_us
      || (now - progress.last_us < PROGRESS_INTERVAL_US && done < total))
    return;
  progress.last_us = now;
  line = g_strdup_printf ("hvplan: reading %s: %u/%u", what, done, total);
  length = strlen (line);
  /* Carriage return, the line, and blanks over what a longer previous line left. */
  g_printerr ("\r%s%*s", line,
              (int) (progress.shown_length > length ? progress.shown_length - length : 0), "");
  progress.shown_length = MAX (progress.shown_length, length);
}

/**
 * hvp_command_progress_attach:
 * @options: collector options: their progress function is set when a person watches
 * @quiet: --quiet was given
 *
 * When standard error is a terminal and not @quiet, gives @options the progress function that
 * shows "hvplan: reading WHAT: DONE/TOTAL" once a collection (hvp_command_progress_begin()) has
 * run HVPLAN_PROGRESS_DELAY milliseconds (default 1000; a value that is not a number of at most
 * an hour is the default); otherwise leaves @options without one.
 */
void
hvp_command_progress_attach (HvpCollectOptions *options, gboolean quiet)
{
  const char *delay = g_getenv ("HVPLAN_PROGRESS_DELAY");
  guint64 delay_ms = 1000;

  g_return_if_fail (options != NULL);
  if (quiet || !isatty (STDERR_FILENO))
    return;
  if (delay != NULL && !g_ascii_string_to_unsigned (delay, 10, 0, 3600 * 1000, &delay_ms, NULL))
    delay_ms = 1000;
  progress.delay_us = (gint64) delay_ms * 1000;
  options->progress = progress_update;
  options->progress_data = NULL;
}

/**
 * hvp_command_progress_begin:
 * @options: the options of the collection about to run
 *
 * Starts the clock of the collection's progress line (when @options have the progress function
 * of hvp_command_progress_attach()).
 */
void
hvp_command_progress_begin (const HvpCollectOptions *options)
{
  g_return_if_fail (options != NULL);
  if (options->progress != progress_update)
    return;
  progress.start_us = g_get_monotonic_time ();
  progress.last_us = 0;
  progress.shown_length = 0;
}

/**
 * hvp_command_progress_end:
 * @options: the options of the collection that ended
 *
 * Erases the progress line when one was shown (a carriage return and blanks over it), so what
 * follows on standard error starts on a clean line.
 */
void
hvp_command_progress_end (const HvpCollectOptions *options)
{
  g_return_if_fail (options != NULL);
  if (options->progress == progress_update && progress.shown_length > 0)
    g_printerr ("\r%*s\r", (int) progress.shown_length, "");
  progress.shown_length = 0;
}

/* Colour ----------------------------------------------------------------------------------------- */

#define SGR_RED "\033[1;31m"
#define SGR_GREEN "\033[1;32m"
#define SGR_YELLOW "\033[1;33m"
#define SGR_BLUE "\033[1;34m"
#define SGR_RESET "\033[0m"

/**
 * hvp_command_use_color:
 * @color: (nullable): the --color argument: "auto" (the default, %NULL), "always" or "never"
 * @output: (nullable): the --output argument (%NULL or "-": standard output)
 * @ret_color: (out): whether to colour the text report
 * @error: return location for an error
 *
 * Decides the colour of the text reports: "always" and "never" alone; "auto" when the report goes
 * to standard output, standard output is a terminal, NO_COLOR is unset or empty and TERM is not
 * "dumb".
 *
 * Returns: %FALSE with %HVP_ERROR_USAGE when @color is none of the three
 */
gboolean
hvp_command_use_color (const char *color, const char *output, gboolean *ret_color,
                       GError **error)
{
  const char *no_color = g_getenv ("NO_COLOR");

  if (g_strcmp0 (color, "always") == 0 || g_strcmp0 (color, "never") == 0)
    {
      *ret_color = strcmp (color, "always") == 0;
      return TRUE;
    }
  if (color != NULL && strcmp (color, "auto") != 0)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_USAGE,
                   "--color must be 'auto', 'always' or 'never', not '%s'", color);
      return FALSE;
    }
  *ret_color = (output == NULL || strcmp (output, "-") == 0) && isatty (STDOUT_FILENO)
               && (no_color == NULL || *no_color == '\0')
               && g_strcmp0 (g_getenv ("TERM"), "dumb") != 0;
  return TRUE;
}

/* The colour of one of hvplan's verdict words, or NULL. */
static const char *
word_color (const char *word, gsize length)
{
  static const struct {
    const char *word;
    const char *color;
  } words[] = {
    { "PASS", SGR_GREEN }, { "BEST", SGR_GREEN }, { "FITS", SGR_GREEN }, { "equal", SGR_GREEN },
    { "added", SGR_GREEN }, { "WARN", SGR_YELLOW }, { "changed", SGR_YELLOW },
    { "FAIL", SGR_RED }, { "NO", SGR_RED }, { "different", SGR_RED }, { "removed", SGR_RED },
    { "INFO", SGR_BLUE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (words); i++)
    if (strlen (words[i].word) == length && strncmp (words[i].word, word, length) == 0)
      return words[i].color;
  return NULL;
}

/* Appends @line[0..@length) with the verdict word at @at (of @word_length) coloured when it is
 * one; "none" after "Recommended: " is red. */
static void
append_colored (GString *out, const char *line, gsize length, gsize at, gsize word_length)
{
  const char *color = at + word_length <= length ? word_color (line + at, word_length) : NULL;

  if (color == NULL && word_length == 4 && strncmp (line + at, "none", 4) == 0)
    color = SGR_RED;
  if (color == NULL)
    {
      g_string_append_len (out, line, length);
      return;
    }
  g_string_append_len (out, line, at);
  g_string_append (out, color);
  g_string_append_len (out, line + at, word_length);
  g_string_append (out, SGR_RESET);
  g_string_append_len (out, line + at + word_length, length - at - word_length);
}

/* Where the word after @prefix starts in @line, or -1. */
static gssize
after_prefix (const char *line, gsize length, const char *prefix)
{
  gsize n = strlen (prefix);

  return length >= n && strncmp (line, prefix, n) == 0 ? (gssize) n : -1;
}

static gsize
word_length_at (const char *line, gsize length, gsize at)
{
  gsize end = at;

  while (end < length && g_ascii_isalpha (line[end]))
    end++;
  return end - at;
}

/* Which lines hold a verdict word, by the text reports' layout (reports/README.md): the first
 * word after "Verdict: ", "Result: ", "Recommended: "; a finding's severity at the start of its
 * line (after the indent); a table row's last word in the requirement and model tables; a diff
 * object's status at the start of its line; the placement's verdict after "): ". */
typedef struct {
  gboolean in_table;   /* between a table's header and its end */
  gboolean done;       /* past "Collector warnings": input only, nothing coloured */
} ColorState;

static gssize
verdict_position (ColorState *state, const char *line, gsize length)
{
  static const char *const prefixes[] = { "Verdict: ", "Result: ", "Recommended: " };
  static const char *const statuses[] = { "changed  ", "added    ", "removed  " };
  const char *placement = g_strstr_len (line, length, "the placement decides): ");
  gsize indent = 0;

  if (length == 0 || after_prefix (line, length, "Recommended: ") >= 0
      || after_prefix (line, length, "Verdict: ") >= 0)
    state->in_table = FALSE;
  if (after_prefix (line, length, "requirement ") >= 0 || after_prefix (line, length, "model ") >= 0)
    {
      state->in_table = TRUE;
      return -1;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (after_prefix (line, length, prefixes[i]) >= 0)
      return after_prefix (line, length, prefixes[i]);
  for (gsize i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (after_prefix (line, length, statuses[i]) >= 0)
      return 0;
  if (placement != NULL)
    return placement - line + strlen ("the placement decides): ");
  if (state->in_table)
    {
      const char *space = g_strrstr_len (line, length, " ");

      return space != NULL ? space - line + 1 : -1;
    }
  while (indent < length && line[indent] == ' ')
    indent++;
  return indent + 5 < length && line[indent + 4] == ' ' ? (gssize) indent : -1;
}

/**
 * hvp_command_color_text:
 * @report: a text report of plan, size or diff (reports/plan-text.c, size-text.c, diff-text.c),
 *   coloured in place
 *
 * Puts hvplan's verdict words in colour (SGR sequences, ECMA-48 8.3.117): the overall verdict, the
 * requirement and model tables' verdict column, the severity of each finding, the placement's
 * verdict, the status of each object of a diff.  Text from the input is never coloured nor
 * changed: the reports write it through hvp_text_append_terminal(), one line a value, and the
 * collector warnings at the end are left as they are.
 */
void
hvp_command_color_text (GString *report)
{
  g_autoptr (GString) out = g_string_sized_new (report->len + 256);
  ColorState state = { FALSE, FALSE };
  const char *p = report->str;
  const char *end = report->str + report->len;

  while (p < end)
    {
      const char *newline = memchr (p, '\n', end - p);
      gsize length = newline != NULL ? (gsize) (newline - p) : (gsize) (end - p);
      gssize at;

      if (after_prefix (p, length, "Collector warnings") >= 0)
        state.done = TRUE;
      at = state.done ? -1 : verdict_position (&state, p, length);
      if (at >= 0)
        append_colored (out, p, length, (gsize) at, word_length_at (p, length, (gsize) at));
      else
        g_string_append_len (out, p, length);
      if (newline == NULL)
        break;
      g_string_append_c (out, '\n');
      p = newline + 1;
    }
  g_string_assign (report, out->str);
}
