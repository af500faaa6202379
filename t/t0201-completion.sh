#!/bin/sh
# Bash completion (completion/hvplan): sourced in bash, _hvplan fills COMPREPLY for a few command
# lines; its options and formats are those hvplan itself accepts.
. "$HVP_SOURCE_ROOT/t/lib.sh"

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
  set -- &&
  for command in $commands; do
    "$HVPLAN" "$command" --help >$command.help || return 1
    set -- "$@" options $command.help "comp/options-$command.actual"
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
