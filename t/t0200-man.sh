#!/bin/sh
# hvplan(1) (doc/hvplan.1.scd, built by doc/meson.build): it renders without warnings, and each
# command's section lists exactly the long options `hvplan COMMAND --help` lists.  A command's
# options in the manual are those of its section (COLLECT, PLAN, SIZE, DIFF) and of the sections
# whose title names the command in parentheses ("PLANNER OPTIONS (plan, size)").
. "$HVP_SOURCE_ROOT/t/lib.sh"

man_page="$HVP_BUILD_ROOT/doc/hvplan.1"
commands="collect plan size diff guides checklist"

# The options `hvplan COMMAND --help` lists, as "COMMAND<TAB>--option" lines, sorted: one run of
# hvplan per command, one awk for all of them.
for command in $commands; do
  "$HVPLAN" "$command" --help >"$HVP_TMP/$command.help"
done
(cd "$HVP_TMP" && awk '
  match($0, /^  (-[a-zA-Z], )?--[a-z][a-z-]*/) {
    option = substr($0, RSTART, RLENGTH)
    sub(/^  (-[a-zA-Z], )?/, "", option)
    command = FILENAME
    sub(/\.help$/, "", command)
    print command "\t" option
  }' $(for command in $commands; do echo "$command.help"; done) | sort -u >help-options)

# man_options RENDERED: the long options defined (on a term line, indented 7 columns) in the
# sections of the rendered page RENDERED, as "COMMAND<TAB>--option" lines, sorted.  A command's
# sections are the one titled with its name and those whose title names it in parentheses.
man_options () {
  awk -v commands="$commands" '
    BEGIN { n_commands = split(commands, command_list, / /) }
    /^[A-Z]/ {
      title = $0
      split("", inside)
      for (c = 1; c <= n_commands; c++)
        if (title == toupper(command_list[c])) inside[command_list[c]] = 1
      if (match(title, /\(.*\)$/)) {
        n = split(substr(title, RSTART + 1, RLENGTH - 2), names, /, */)
        for (i = 1; i <= n; i++) inside[names[i]] = 1
      }
      next
    }
    /^       -/ {
      line = $0
      while (match(line, /--[a-z][a-z-]*/)) {
        for (command in inside) print command "\t" substr(line, RSTART, RLENGTH)
        line = substr(line, RSTART + RLENGTH)
      }
    }
  ' "$1" | sort -u
}

# compare_options RENDERED: the manual's options of every command against --help's.
compare_options () {
  man_options "$1" >man-options || return 1
  [ -s help-options ] || { echo "no option in any --help"; return 1; }
  diff -u --label "hvplan COMMAND --help" --label "hvplan(1)" help-options man-options
}

# The page as man renders it (with --warnings), once for every point below.
MANWIDTH=80 man --warnings -l "$man_page" >"$HVP_TMP/page" 2>"$HVP_TMP/page.err"

test_expect "the manual page is built" '
  [ -s "$man_page" ] &&
  expect_match "^\.TH \"hvplan\" \"1\"" "$man_page"
'
test_expect "man --warnings renders it without a warning" '
  [ -s page ] &&
  if [ -s page.err ]; then cat page.err; false; fi
'
test_expect "it has the sections of a manual page and one per command" '
  [ ! -s page.err ] &&
  expect_fixed page "^NAME$" "^SYNOPSIS$" "^DESCRIPTION$" "^COLLECT$" "^PLAN$" "^SIZE$" "^DIFF$" \
    "^EXIT STATUS$" "^FILES$" "^ENVIRONMENT$" "^EXAMPLES$" "^SEE ALSO$"
'
test_expect "every command of hvplan --help has its section" '
  [ ! -s page.err ] &&
  "$HVPLAN" --help >help &&
  sed -n "s/^  \([a-z][a-z]*\)  .*/\1/p" help >help-commands &&
  [ "$(echo $(cat help-commands))" = "$commands" ] &&
  expect_fixed page $(for command in $commands; do echo "^$command\$"; done | tr a-z A-Z)
'
test_expect "each command section lists the options of hvplan COMMAND --help, and no other" '
  [ ! -s page.err ] &&
  compare_options page
'
# The two points below change the rendered page (a term line, as man prints it) and show that
# the comparison sees the change.
test_expect "the comparison notices an option missing from the manual" '
  grep -qx "       --timing" page &&
  grep -vx "       --timing" page >page-without &&
  ! compare_options page-without >comparison 2>&1 &&
  expect_match "^-[a-z]+	--timing\$" comparison
'
test_expect "the comparison notices an option only the manual has" '
  sed "s/^       --timing\$/       --timing, --no-such-option/" page >page-extra &&
  ! cmp -s page page-extra &&
  ! compare_options page-extra >comparison 2>&1 &&
  expect_match "^\+[a-z]+	--no-such-option\$" comparison
'
test_expect "EXIT STATUS lists the statuses the commands print in --help" '
  [ ! -s page.err ] &&
  sed -n "/^EXIT STATUS\$/,/^[A-Z]/p" page | sed -n "s/^       \([0-9][0-9]*\)\$/\1/p" >man-statuses &&
  [ "$(echo $(cat man-statuses))" = "0 1 64 65 66 74" ] &&
  for status in 64 65 66 74; do expect_match "(^| )$status " plan.help || return 1; done
'
test_done
