# Shell test library: TAP output, one test point per test_expect.  Source it, call test_expect
# "description" 'commands chained with &&', then test_done.
#
# Expensive test points (as git's EXPENSIVE prerequisite): the slow parts of a test (the whole
# hostile corpus, fifty kills, inputs of hundreds of megabytes) run only when the environment has
# HVP_TEST_EXPENSIVE=1 (.ci/run sets it); otherwise each is a TAP skip that says so, and the
# default `meson test` keeps a fast representative subset.  Write such a point as
# `test_expensive "description" 'commands'`, or test `test_have_expensive` for a whole block.
set -u
: "${HVPLAN:?HVPLAN must name the hvplan binary (meson test sets it)}"
: "${HVP_SOURCE_ROOT:?}"
export LC_ALL=C

# python3 is Debian's (/usr/bin/python3: the tests need its standard library and Debian packages
# such as python3-openpyxl), or $HVP_PYTHON.  The first python3 on a PATH may be a version
# manager's shim (pyenv's runs nine bash scripts before Python: half a second a call).
if [ -z "${HVP_PYTHON:-}" ]; then
  if [ -x /usr/bin/python3 ]; then HVP_PYTHON=/usr/bin/python3; else HVP_PYTHON=python3; fi
fi
export HVP_PYTHON
python3 () { "$HVP_PYTHON" "$@"; }

test_count=0
test_failures=0
HVP_TMP=$(mktemp -d)
trap 'rm -rf "$HVP_TMP"' EXIT

# test_expect DESCRIPTION COMMANDS: runs COMMANDS (in a subshell, in $HVP_TMP); a non-zero status
# is a failing test point, and its output is shown as TAP diagnostics.
test_expect () {
  test_count=$((test_count + 1))
  if (cd "$HVP_TMP" && eval "$2") >"$HVP_TMP/.log" 2>&1; then
    echo "ok $test_count - $1"
  else
    echo "not ok $test_count - $1"
    sed 's/^/# /' "$HVP_TMP/.log"
    test_failures=$((test_failures + 1))
  fi
}

# test_skip DESCRIPTION REASON
test_skip () {
  test_count=$((test_count + 1))
  echo "ok $test_count - $1 # SKIP $2"
}

# test_have_expensive: true when HVP_TEST_EXPENSIVE=1 asks for the expensive test points.
test_have_expensive () {
  [ "${HVP_TEST_EXPENSIVE:-0}" = 1 ]
}

# The reason an expensive point gives when it is skipped.
test_expensive_reason="expensive: run with HVP_TEST_EXPENSIVE=1"

# test_expensive DESCRIPTION COMMANDS: test_expect with HVP_TEST_EXPENSIVE=1, a TAP skip without.
test_expensive () {
  if test_have_expensive; then
    test_expect "$1" "$2"
  else
    test_skip "$1" "$test_expensive_reason"
  fi
}

test_done () {
  echo "1..$test_count"
  [ "$test_failures" -eq 0 ]
}

# expect_status N COMMAND...: runs COMMAND, fails unless its exit status is N.
expect_status () {
  expected=$1
  shift
  "$@"
  actual=$?
  if [ "$actual" -ne "$expected" ]; then
    echo "exit status $actual, expected $expected: $*"
    return 1
  fi
}

# expect_match PATTERN FILE: fails unless FILE has a line matching the extended regex PATTERN.
expect_match () {
  if ! grep -Eq -- "$1" "$2"; then
    echo "no line of $2 matches: $1"
    echo "--- $2:"
    cat "$2"
    return 1
  fi
}

# expect_no_file FILE: fails when FILE exists.
expect_no_file () {
  if [ -e "$1" ]; then
    echo "$1 exists but should not"
    return 1
  fi
}

# expect_lines FILE LINE...: fails unless every LINE is a whole line of FILE (fixed strings, one
# awk for all of them, where one grep each would start a process each).
expect_lines () {
  file=$1
  shift
  awk 'BEGIN { for (i = 2; i < ARGC; i++) wanted[ARGV[i]] = 1; ARGC = 2 }
       $0 in wanted { delete wanted[$0] }
       END { for (line in wanted) { print "no line of " ARGV[1] " is: " line; missing = 1 }
             exit missing }' "$file" "$@"
}
