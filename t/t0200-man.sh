#!/bin/sh
# hvplan(1) (doc/hvplan.1.scd, built by doc/meson.build): it renders without warnings, and each
# command's section lists exactly the long options `hvplan COMMAND --help` lists.  A command's
# options in the manual are those of its section (COLLECT, PLAN, SIZE, DIFF) and of the sections
# whose title names the command in parentheses ("PLANNER OPTIONS (plan, size)").
. "$HVP_SOURCE_ROOT/t/lib.sh"

man_page="$HVP_BUILD_ROOT/doc/hvplan.1"
commands="collect plan size diff guides checklist"
sections="COLLECT PLAN SIZE DIFF GUIDES CHECKLIST" # the section of each command, in that order

# words_of FILE: the lines of FILE joined by spaces, in $words (as "$(echo $(cat FILE))").
words_of () {
  words=
  while IFS= read -r word || [ -n "$word" ]; do words="$words${words:+ }$word"; done <"$1"
}

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

# The page as man renders it, 80 columns wide, and man's --warnings: rendered once, when the page
# is built (t/meson.build: man and groff cost 0.2 s of CPU), for every point below.
page="$HVP_BUILD_ROOT/t/hvplan.1.txt" page_err="$HVP_BUILD_ROOT/t/hvplan.1.warnings"

test_expect "the manual page is built" '
  [ -s "$man_page" ] &&
  expect_line ".TH \"hvplan\" \"1\"*" "$man_page"
'
test_expect "man --warnings renders it without a warning" '
  [ -s "$page" ] &&
  if [ -s "$page_err" ]; then cat "$page_err"; false; fi
'
test_expect "it has the sections of a manual page and one per command" '
  [ ! -s "$page_err" ] &&
  expect_fixed "$page" "^NAME$" "^SYNOPSIS$" "^DESCRIPTION$" "^COLLECT$" "^PLAN$" "^SIZE$" "^DIFF$" \
    "^EXIT STATUS$" "^FILES$" "^ENVIRONMENT$" "^EXAMPLES$" "^SEE ALSO$"
'
test_expect "every command of hvplan --help has its section" '
  [ ! -s "$page_err" ] &&
  "$HVPLAN" --help >help &&
  listed= &&
  while IFS= read -r line; do
    case $line in "  "[a-z]*"  "*) word=${line#  }; word=${word%%  *} ;; *) continue ;; esac
    case $word in *[!a-z]*) ;; *) listed="$listed${listed:+ }$word" ;; esac
  done <help &&
  [ "$listed" = "$commands" ] || { echo "hvplan --help lists: $listed"; exit 1; }
  set -- && for section in $sections; do set -- "$@" "^$section\$"; done &&
  expect_fixed "$page" "$@"
'
test_expect "each command section lists the options of hvplan COMMAND --help, and no other" '
  [ ! -s "$page_err" ] &&
  compare_options "$page"
'
# The two points below change the rendered page (a term line, as man prints it) and show that
# the comparison sees the change.
test_expect "the comparison notices an option missing from the manual" '
  awk '\''$0 == "       --timing" { found = 1; next } { print } END { exit !found }'\'' \
    "$page" >page-without &&
  ! compare_options page-without >comparison 2>&1 &&
  expect_line "-[a-z]*[a-z]	--timing" comparison
'
test_expect "the comparison notices an option only the manual has" '
  awk '\''$0 == "       --timing" { $0 = $0 ", --no-such-option"; changed = 1 } { print }
    END { exit !changed }'\'' "$page" >page-extra &&
  ! compare_options page-extra >comparison 2>&1 &&
  expect_line "+[a-z]*[a-z]	--no-such-option" comparison
'
test_expect "EXIT STATUS lists the statuses the commands print in --help" '
  [ ! -s "$page_err" ] &&
  awk '\''/^EXIT STATUS$/ { inside = 1; next } /^[A-Z]/ { inside = 0 }
    inside && /^       [0-9]+$/ { sub(/^ */, ""); print }'\'' "$page" >man-statuses &&
  words_of man-statuses && [ "$words" = "0 1 64 65 66 74" ] &&
  expect_matches plan.help "(^| )64 " "(^| )65 " "(^| )66 " "(^| )74 "
'
test_done
