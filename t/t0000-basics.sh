#!/bin/sh
# The command line: help, version, usage errors and their exit statuses.
. "$HVP_SOURCE_ROOT/t/lib.sh"

# version_line FILE: a line of FILE is "hvplan N.N.N", each N one or more digits (as the regex
# ^hvplan [0-9]+\.[0-9]+\.[0-9]+$ has it), checked by the shell.
version_line () {
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in "hvplan "*.*.*) ;; *) continue ;; esac
    rest=${line#hvplan } major=${rest%%.*} rest=${rest#*.} minor=${rest%%.*} patch=${rest#*.}
    case $major$minor$patch in *[!0-9]*) continue ;; esac
    [ -n "$major" ] && [ -n "$minor" ] && [ -n "$patch" ] && return 0
  done < "$1"
  echo "no line of $1 is hvplan N.N.N:"; show "$1"; return 1
}

test_expect "no command is a usage error (64)" '
  expect_status 64 "$HVPLAN" 2>err &&
  expect_lines err "Usage: hvplan COMMAND*"
'
test_expect "--help lists the commands" '
  expect_status 0 "$HVPLAN" --help >out &&
  expect_lines out "  collect *" "  plan *"
'
test_expect "--version prints the version" '
  "$HVPLAN" --version >out &&
  version_line out
'
test_expect "an unknown command is a usage error (64)" '
  expect_status 64 "$HVPLAN" frobnicate 2>err &&
  expect_lines err "*unknown command ?frobnicate?*"
'
test_expect "an unknown option is a usage error (64)" '
  expect_status 64 "$HVPLAN" collect --no-such-option x 2>err &&
  expect_lines err "*no-such-option*"
'
test_expect "collect without a source is a usage error (64)" '
  expect_status 64 "$HVPLAN" collect 2>err &&
  expect_lines err "*needs at least one SOURCE*"
'
test_expect "plan without a destination is a usage error (64)" '
  expect_status 64 "$HVPLAN" plan --source x 2>err &&
  expect_lines err "*needs --source and --destination*"
'
test_expect "plan with an unknown format is a usage error (64)" '
  expect_status 64 "$HVPLAN" plan --source a --destination b --format yaml 2>err
'
test_expect "plan --help describes the exit statuses" '
  "$HVPLAN" plan --help >out &&
  expect_lines out "*0 everything fits, 1 a requirement fails*" "*--switch-map*"
'
test_expect "a source that does not exist cannot be opened (66)" '
  expect_status 66 "$HVPLAN" collect "$HVP_TMP/missing.json" 2>err &&
  expect_lines err "hvplan: cannot open ?*missing?json?: No such file or directory"
'
test_expect "a file in no known format is bad input (65)" '
  printf "hello\n" >notes.txt &&
  expect_status 65 "$HVPLAN" collect notes.txt 2>err &&
  expect_lines err "*is in no format hvplan reads*"
'
test_expect "a malformed path map is a usage error (64)" '
  expect_status 64 "$HVPLAN" collect --path-map nothing-to-map notes.txt 2>err &&
  expect_lines err "*is not of the form*"
'
test_expect "a bad --max-input-size is a usage error (64)" '
  expect_status 64 "$HVPLAN" collect --max-input-size lots notes.txt 2>err
'
# The allocator (meson option 'allocator'): a build with jemalloc runs it with hvplan.c's
# malloc_conf (a setting jemalloc does not know would be a warning at every start); jemalloc's
# statistics at exit, asked for in the environment, show what it took.
stats=$(MALLOC_CONF=stats_print:true "$HVPLAN" --version 2>&1 >/dev/null) || true
if case $stats in *"Begin jemalloc statistics"*) true ;; *) false ;; esac; then
  test_expect "jemalloc takes hvplan.c's settings (huge pages, one arena) without a warning" '
    "$HVPLAN" --version >out 2>err && test ! -s err &&
    MALLOC_CONF=stats_print:true "$HVPLAN" --version >out 2>stats &&
    expect_lines stats "*opt.thp: \"always\"" "*opt.metadata_thp: \"always\"" "*opt.narenas: 1"
  '
else
  test_skip "jemalloc takes hvplan.c's settings" "this build has the C library's malloc()"
fi
test_done
