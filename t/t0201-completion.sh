#!/bin/sh
# Bash completion (completion/hvplan): sourced in bash, _hvplan fills COMPREPLY for a few command
# lines; its options and formats are those hvplan itself accepts.
. "$HVP_SOURCE_ROOT/t/lib.sh"

completion="$HVP_SOURCE_ROOT/completion/hvplan"

# complete WORD...: the completions bash offers for the command line "WORD... " with the cursor at
# the end (the last WORD is the one being completed; pass '' for a new word), one a line, sorted.
# '=' is a word of its own, as bash splits it (COMP_WORDBREAKS).
complete () {
  bash -c '
    . "$0" || exit 2
    COMP_WORDS=("$@")
    COMP_CWORD=$(($# - 1))
    COMP_LINE="$*"
    COMP_POINT=${#COMP_LINE}
    _hvplan hvplan "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" || exit 3
    [ ${#COMPREPLY[@]} -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}"
  ' "$completion" "$@" | sort
}

# expect_completion "EXPECTED WORDS" WORD...: the completions of WORD... are EXPECTED WORDS.
expect_completion () {
  expected=$(echo $1 | tr " " "\n" | sort)
  shift
  actual=$(complete "$@") || return 1
  if [ "$actual" != "$expected" ]; then
    echo "completing '$*': expected:"; echo "$expected"; echo "got:"; echo "$actual"
    return 1
  fi
}

test_expect "bash reads the script and registers _hvplan for hvplan" '
  bash -c ". \"\$0\" && complete -p hvplan" "$completion" >registered &&
  expect_match "^complete -F _hvplan hvplan\$" registered
'
test_expect "hvplan <TAB>: the commands" '
  expect_completion "collect plan size diff guides checklist --help --version" hvplan ""
'
test_expect "hvplan p<TAB>: plan" '
  expect_completion "plan" hvplan p
'
test_expect "hvplan plan --f<TAB>: --format" '
  expect_completion "--format" hvplan plan --f
'
test_expect "hvplan size --format <TAB>: the formats of size" '
  expect_completion "text json markdown html csv xlsx" hvplan size --format ""
'
test_expect "hvplan diff -f t<TAB>: text and tap" '
  expect_completion "text tap" hvplan diff -f t
'
test_expect "hvplan diff --format=j<TAB>: json" '
  expect_completion "json" hvplan diff --format = j
'
test_expect "hvplan plan --memory-policy <TAB>: startup and maximum" '
  expect_completion "startup maximum" hvplan plan --memory-policy ""
'
test_expect "hvplan plan --source exam<TAB>: file names" '
  mkdir -p examples-here/source-host && : >example.json &&
  expect_completion "examples-here example.json" hvplan plan --source exam &&
  expect_completion "examples-here/source-host" hvplan plan -s examples-here/s
'
test_expect "hvplan diff <TAB> and collect <TAB>: file names" '
  : >old.json &&
  expect_completion "old.json" hvplan diff ol &&
  expect_completion "old.json" hvplan collect --quiet ol
'
test_expect "a value that is not a file completes to nothing: hvplan size --spare <TAB>" '
  : >2 &&
  expect_completion "" hvplan size --spare ""
'
test_expect "each command completes exactly the long options of its --help" '
  for command in collect plan size diff guides checklist; do
    "$HVPLAN" "$command" --help >help &&
    sed -n "s/^  \(-[a-zA-Z], \)\{0,1\}\(--[a-z][a-z-]*\).*/\2/p" help | sort -u >expected &&
    complete hvplan "$command" -- >actual &&
    [ -s expected ] &&
    diff -u --label "hvplan $command --help" --label "completion of hvplan $command --" \
      expected actual || return 1
  done
'
test_expect "the formats completed are those hvplan accepts (its unknown-format message)" '
  for command in plan size diff checklist; do
    case $command in
      plan) arguments="-s a -d b" ;; size) arguments="-s a -c b" ;; diff) arguments="a b" ;;
      checklist) arguments="-g wsus" ;;
    esac
    expect_status 64 "$HVPLAN" $command $arguments --format no-such-format 2>err &&
    head -n 1 err | grep -o "'\''[a-z]*'\''" | tr -d "'\''" | sort >accepted &&
    [ -s accepted ] &&
    complete hvplan "$command" --format "" >completed &&
    diff -u accepted completed || return 1
  done
'
test_done
