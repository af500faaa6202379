#!/bin/sh
# The manual page and the bash completion, held to hvplan's own --help: the two parts were
# t0200-man and t0201-completion; each keeps its comment.  The completion part reads the --help
# files the manual part wrote (one hvplan run per command for both).
. "$HVP_SOURCE_ROOT/t/lib.sh"

# ---- man (was t/t0200-man.sh) --------------------------------------------
# hvplan(1) (doc/hvplan.1.scd, built by doc/meson.build): it renders without warnings, and each
# command's section lists exactly the long options `hvplan COMMAND --help` lists.  A command's
# options in the manual are those of its section (COLLECT, PLAN, SIZE, DIFF) and of the sections
# whose title names the command in parentheses ("PLANNER OPTIONS (plan, size)").
test_part man

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
# A --help that exits with another status than 0 is named in help.failed (the completion part's
# point on the options fails on it).
for command in $commands; do
  "$HVPLAN" "$command" --help >"$HVP_TMP/$command.help" ||
    echo "hvplan $command --help: exit status $?" >>"$HVP_TMP/help.failed"
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

# ---- completion (was t/t0201-completion.sh) ------------------------------
# Bash completion (completion/hvplan): sourced in bash, _hvplan fills COMPREPLY for a few command
# lines; its options and formats are those hvplan itself accepts.
test_part completion

completion="$HVP_SOURCE_ROOT/completion/hvplan"

# The completions every point below checks come from one bash, which sources the script once
# (a bash per case was most of this test's time).  Each line of the batch is
#   completion NAME 'EXPECTED WORDS' WORD...
# for the command line "WORD... " with the cursor at its end (the last WORD is the one being
# completed; '' for a new word; '=' is a word of its own, as bash splits it by COMP_WORDBREAKS):
# NAME.actual gets what _hvplan puts in COMPREPLY, sorted, one a line, and NAME.result "ok" or
# what differs from EXPECTED WORDS (space-separated, any order; '-' when a point compares
# NAME.actual itself).  The batch runs in comp/, where the file-name cases find their files.
complete_batch () {
  bash -c '
    . "$0" || exit 2
    sorted () {
      local -a out=()
      local word i
      for word in "$@"; do
        i=${#out[@]}
        while ((i > 0)) && [[ ${out[i - 1]} > $word ]]; do out[i]=${out[i - 1]}; ((i--)); done
        out[i]=$word
      done
      ((${#out[@]} == 0)) || printf "%s\n" "${out[@]}"
    }
    completion () {
      local name=$1 expected=$2
      shift 2
      COMP_WORDS=("$@")
      COMP_CWORD=$(($# - 1))
      COMP_LINE="$*"
      COMP_POINT=${#COMP_LINE}
      COMPREPLY=()
      if ! _hvplan hvplan "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"; then
        echo "_hvplan failed completing \"$*\"" >"$name.result"
        return
      fi
      sorted "${COMPREPLY[@]}" >"$name.actual"
      [ "$expected" = - ] && return
      read -r -a words <<<"$expected"
      sorted "${words[@]}" >"$name.expected"
      if [ "$(<"$name.expected")" = "$(<"$name.actual")" ]; then
        echo ok >"$name.result"
      else
        { echo "completing \"$*\": expected:"; cat "$name.expected"
          echo "got:"; cat "$name.actual"; } >"$name.result"
      fi
    }
    complete -p hvplan >registered
    . /dev/stdin
  ' "$completion"
}

# expect_completion NAME: the case NAME of the batch completed to its expected words.
expect_completion () {
  result=
  while IFS= read -r line; do result="$result$line
"; done <"$HVP_TMP/comp/$1.result"
  [ "$result" = "ok
" ] || { printf "%s" "$result"; return 1; }
}

commands="collect plan size diff guides checklist"
mkdir -p "$HVP_TMP/comp/examples-here/source-host" &&
: >"$HVP_TMP/comp/example.json" && : >"$HVP_TMP/comp/old.json" && : >"$HVP_TMP/comp/2" &&
(cd "$HVP_TMP/comp" && complete_batch <<CASES)
completion commands 'collect plan size diff guides checklist --help --version' hvplan ''
completion p 'plan' hvplan p
completion format-option '--format' hvplan plan --f
completion size-formats 'text json markdown html csv xlsx' hvplan size --format ''
completion diff-formats-t 'text tap' hvplan diff -f t
completion diff-format-equals 'json' hvplan diff --format = j
completion memory-policy 'startup maximum' hvplan plan --memory-policy ''
completion source-files 'examples-here example.json' hvplan plan --source exam
completion source-folder 'examples-here/source-host' hvplan plan -s examples-here/s
completion diff-files 'old.json' hvplan diff ol
completion collect-files 'old.json' hvplan collect --quiet ol
completion spare '' hvplan size --spare ''
$(for command in $commands; do echo "completion options-$command - hvplan $command --"; done)
$(for command in plan size diff checklist; do echo "completion formats-$command - hvplan $command --format ''"; done)
CASES

test_expect "bash reads the script and registers _hvplan for hvplan" '
  expect_one_line "complete -F _hvplan hvplan" comp/registered
'
test_expect "hvplan <TAB>: the commands" '
  expect_completion commands
'
test_expect "hvplan p<TAB>: plan" '
  expect_completion p
'
test_expect "hvplan plan --f<TAB>: --format" '
  expect_completion format-option
'
test_expect "hvplan size --format <TAB>: the formats of size" '
  expect_completion size-formats
'
test_expect "hvplan diff -f t<TAB>: text and tap" '
  expect_completion diff-formats-t
'
test_expect "hvplan diff --format=j<TAB>: json" '
  expect_completion diff-format-equals
'
test_expect "hvplan plan --memory-policy <TAB>: startup and maximum" '
  expect_completion memory-policy
'
test_expect "hvplan plan --source exam<TAB>: file names" '
  expect_completion source-files && expect_completion source-folder
'
test_expect "hvplan diff <TAB> and collect <TAB>: file names" '
  expect_completion diff-files && expect_completion collect-files
'
test_expect "a value that is not a file completes to nothing: hvplan size --spare <TAB>" '
  expect_completion spare
'
# same_words KIND FILE ACTUAL...: one awk for every triple: the words FILE offers (KIND options:
# the long options of a --help, as sed "s/^  \(-[a-zA-Z], \)\{0,1\}\(--[a-z][a-z-]*\).*/\2/p"
# finds them; KIND formats: the quoted words of its first line, as grep -o "'[a-z]*'") are, as a
# set, the lines of ACTUAL (each once, as diff against sort -u would require); names what differs.
same_words () {
  awk 'BEGIN {
      for (t = 1; t + 2 < ARGC; t += 3) { kind = ARGV[t]; from = ARGV[t + 1]; actual = ARGV[t + 2]
        split("", want); split("", got); n = 0; first = 1
        while ((r = getline line < from) > 0) {
          if (kind == "options" && match(line, /^  (-[a-zA-Z], )?--[a-z][a-z-]*/)) {
            word = substr(line, RSTART, RLENGTH); sub(/^  (-[a-zA-Z], )?/, "", word)
            if (!(word in want)) n++
            want[word] = 1
          } else if (kind == "formats" && first) {
            rest = line
            while (match(rest, /\047[a-z]*\047/)) {
              word = substr(rest, RSTART + 1, RLENGTH - 2); rest = substr(rest, RSTART + RLENGTH)
              if (!(word in want)) n++
              want[word] = 1
            }
          }
          first = 0
        }
        if (r < 0) { print "cannot read " from; bad = 1; continue }
        close(from)
        if (n == 0) { print from ": no " kind " found"; bad = 1 }
        while ((r = getline line < actual) > 0) {
          if (line in got) { print actual ": " line " twice"; bad = 1 }
          got[line] = 1
          if (!(line in want)) { print actual ": " line " is not in " from; bad = 1 }
        }
        if (r < 0) { print "cannot read " actual; bad = 1; continue }
        close(actual)
        for (word in want) if (!(word in got)) { print actual ": " word " of " from " missing"; bad = 1 }
      }
      exit bad
    }' "$@"
}

test_expect "each command completes exactly the long options of its --help" '
  if [ -e "$hvp_tmp_root/man/help.failed" ]; then show "$hvp_tmp_root/man/help.failed"; exit 1; fi &&
  set -- &&
  for command in $commands; do
    set -- "$@" options "$hvp_tmp_root/man/$command.help" "comp/options-$command.actual"
  done &&
  same_words "$@"
'
test_expect "the formats completed are those hvplan accepts (its unknown-format message)" '
  set -- &&
  for command in plan size diff checklist; do
    case $command in
      plan) arguments="-s a -d b" ;; size) arguments="-s a -c b" ;; diff) arguments="a b" ;;
      checklist) arguments="-g wsus" ;;
    esac
    expect_status 64 "$HVPLAN" $command $arguments --format no-such-format 2>$command.err || return 1
    set -- "$@" formats $command.err "comp/formats-$command.actual"
  done &&
  same_words "$@"
'

test_done
