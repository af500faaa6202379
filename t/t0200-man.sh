#!/bin/sh
# hvplan(1) (doc/hvplan.1.scd, built by doc/meson.build): it renders without warnings, and each
# command's section lists exactly the long options `hvplan COMMAND --help` lists.  A command's
# options in the manual are those of its section (COLLECT, PLAN, SIZE, DIFF) and of the sections
# whose title names the command in parentheses ("PLANNER OPTIONS (plan, size)").
. "$HVP_SOURCE_ROOT/t/lib.sh"

man_page="$HVP_BUILD_ROOT/doc/hvplan.1"
commands="collect plan size diff guides checklist"

# help_options COMMAND: the long options `hvplan COMMAND --help` lists, one a line, sorted.
help_options () {
  "$HVPLAN" "$1" --help >"$1.help" || return 1
  sed -n 's/^  \(-[a-zA-Z], \)\{0,1\}\(--[a-z][a-z-]*\).*/\2/p' "$1.help" | sort -u
}

# man_options RENDERED COMMAND: the long options defined (on a term line, indented 7 columns) in the
# sections of the rendered page RENDERED that belong to COMMAND.
man_options () {
  awk -v command="$2" '
    /^[A-Z]/ {
      title = $0
      upper = toupper(command)
      inside = (title == upper)
      if (match(title, /\(.*\)$/)) {
        n = split(substr(title, RSTART + 1, RLENGTH - 2), names, /, */)
        for (i = 1; i <= n; i++) if (names[i] == command) inside = 1
      }
      next
    }
    inside && /^       -/ {
      line = $0
      while (match(line, /--[a-z][a-z-]*/)) {
        print substr(line, RSTART, RLENGTH)
        line = substr(line, RSTART + RLENGTH)
      }
    }
  ' "$1" | sort -u
}

# compare_options RENDERED: for every command, the manual's options against --help's (in
# COMMAND.help-options, written once below).
compare_options () {
  for command in $commands; do
    man_options "$1" "$command" >"$command.man-options" || return 1
    [ -s "$command.help-options" ] || { echo "no option in '$command --help'"; return 1; }
    diff -u --label "hvplan $command --help" --label "hvplan(1) $command" \
      "$command.help-options" "$command.man-options" || return 1
  done
}

render () {
  MANWIDTH=80 man -l "$1" >"$2" 2>"$2.err" && [ ! -s "$2.err" ] || { cat "$2.err"; return 1; }
}

# The page as man renders it, once for the points below.
MANWIDTH=80 man -l "$man_page" >"$HVP_TMP/page" 2>"$HVP_TMP/page.err"
for command in $commands; do
  (cd "$HVP_TMP" && help_options "$command" >"$command.help-options")
done

test_expect "the manual page is built" '
  [ -s "$man_page" ] &&
  expect_match "^\.TH \"hvplan\" \"1\"" "$man_page"
'
test_expect "man --warnings renders it without a warning" '
  MANWIDTH=80 man --warnings -l "$man_page" >rendered 2>warnings &&
  [ -s rendered ] &&
  if [ -s warnings ]; then cat warnings; false; fi
'
test_expect "it has the sections of a manual page and one per command" '
  [ ! -s page.err ] &&
  for section in NAME SYNOPSIS DESCRIPTION COLLECT PLAN SIZE DIFF "EXIT STATUS" FILES \
                 ENVIRONMENT EXAMPLES "SEE ALSO"; do
    expect_match "^$section\$" page || return 1
  done
'
test_expect "every command of hvplan --help has its section" '
  [ ! -s page.err ] &&
  "$HVPLAN" --help >help &&
  sed -n "s/^  \([a-z][a-z]*\)  .*/\1/p" help >help-commands &&
  [ "$(echo $(cat help-commands))" = "$commands" ] &&
  for command in $commands; do
    expect_match "^$(echo "$command" | tr a-z A-Z)\$" page || return 1
  done
'
test_expect "each command section lists the options of hvplan COMMAND --help, and no other" '
  [ ! -s page.err ] &&
  compare_options page
'
test_expect "the comparison notices an option missing from the manual" '
  sed "/^\\\\fB--timing\\\\fR\$/d" "$man_page" >without-timing.1 &&
  ! cmp -s "$man_page" without-timing.1 &&
  render without-timing.1 page-without &&
  ! compare_options page-without >comparison 2>&1 &&
  expect_match "^-+--timing\$" comparison
'
test_expect "the comparison notices an option only the manual has" '
  sed "s/^\\\\fB--timing\\\\fR\$/\\\\fB--timing\\\\fR, \\\\fB--no-such-option\\\\fR/" "$man_page" \
    >extra.1 &&
  render extra.1 page-extra &&
  ! compare_options page-extra >comparison 2>&1 &&
  expect_match "^\+--no-such-option\$" comparison
'
test_expect "EXIT STATUS lists the statuses the commands print in --help" '
  [ ! -s page.err ] &&
  sed -n "/^EXIT STATUS\$/,/^[A-Z]/p" page | sed -n "s/^       \([0-9][0-9]*\)\$/\1/p" >man-statuses &&
  [ "$(echo $(cat man-statuses))" = "0 1 64 65 66 74" ] &&
  "$HVPLAN" plan --help >help &&
  for status in 64 65 66 74; do expect_match "(^| )$status " help || return 1; done
'
test_done
