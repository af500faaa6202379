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
hvp_tmp_root=$HVP_TMP
trap 'rm -rf "$hvp_tmp_root"' EXIT

# test_part PART: the points that follow run in the folder PART of the test's temporary folder
# ($HVP_TMP names it until the next test_part; $hvp_tmp_root, the folder above, is for what the
# parts share).  A test file joined from several (meson spends about 50 ms of CPU on each test it
# runs) keeps each former file's points in a folder of their own, so their file names do not meet.
test_part () {
  HVP_TMP=$hvp_tmp_root/$1
  mkdir -p "$HVP_TMP"
}

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


# ---- Checks that start no process, or one for many checks ----------------------------------------
# The suite's time is process start-ups (a grep, sed or cat costs 3-10 ms of CPU here, a python3
# 25-60 ms), so a test checks one run several ways: the functions below read a short file (a
# command's stderr, a message, a small report) with the shell's own `read` and `case` (dash reads
# a byte at a time: for files over a few dozen lines use the awk ones), or check many lines of a
# longer file with one awk.  A PATTERN is the shell's (case) and must match a WHOLE line: the
# regex "^a.b$" is written 'a?b', an unanchored "a.*b" '*a*b*', a literal * ? [ as [*] [?] [[].

# show FILE: FILE's lines, as cat shows a short file.
show () {
  while IFS= read -r show_line || [ -n "$show_line" ]; do
    printf '%s\n' "$show_line"
  done < "$1"
}

# expect_line PATTERN FILE: fails unless a line of FILE matches the shell pattern PATTERN (as
# expect_match, for files of a few lines: dash reads them a byte at a time).
expect_line () {
  while IFS= read -r line || [ -n "$line" ]; do
    # shellcheck disable=SC2254
    case $line in $1) return 0 ;; esac
  done < "$2" || { echo "cannot read $2"; return 1; }
  printf '%s\n' "no line of $2 matches: $1" "--- $2:"
  while IFS= read -r line || [ -n "$line" ]; do printf '%s\n' "$line"; done < "$2"
  return 1
}

# expect_lines FILE PATTERN...: every PATTERN matches some line of FILE (expect_match for each,
# with one reading of FILE); names each PATTERN that matched no line, then shows FILE.
expect_lines () {
  el_file=$1
  shift
  el_found=" "
  while IFS= read -r el_line || [ -n "$el_line" ]; do
    el_index=0
    for el_pattern in "$@"; do
      el_index=$((el_index + 1))
      case $el_found in *" $el_index "*) continue ;; esac
      # shellcheck disable=SC2254
      case $el_line in $el_pattern) el_found="$el_found$el_index " ;; esac
    done
  done < "$el_file"
  el_index=0
  el_missing=0
  for el_pattern in "$@"; do
    el_index=$((el_index + 1))
    case $el_found in
      *" $el_index "*) ;;
      *) echo "no line of $el_file matches: $el_pattern"; el_missing=1 ;;
    esac
  done
  [ "$el_missing" = 0 ] && return 0
  echo "--- $el_file:"
  show "$el_file"
  return 1
}

# expect_no_line FILE PATTERN...: no line of FILE matches any PATTERN (as ! grep -E); shows the
# first line that does.  A FILE that cannot be read fails.
expect_no_line () {
  enl_file=$1
  shift
  [ -r "$enl_file" ] || { echo "cannot read $enl_file"; return 1; }
  while IFS= read -r enl_line || [ -n "$enl_line" ]; do
    for enl_pattern in "$@"; do
      # shellcheck disable=SC2254
      case $enl_line in
        $enl_pattern) echo "a line of $enl_file matches $enl_pattern:"; echo "$enl_line"; return 1 ;;
      esac
    done
  done < "$enl_file"
}

# expect_one_line PATTERN FILE: FILE holds exactly one line (one newline, as `wc -l` counts) and
# a line of it matches the shell pattern PATTERN (as `test "$(wc -l <FILE)" = 1 && expect_match`);
# the line in $line.
expect_one_line () {
  lines=0 matched=false
  while :; do
    text=
    IFS= read -r text
    more=$?
    [ "$more" -ne 0 ] && [ -z "$text" ] && break
    [ "$more" -eq 0 ] && lines=$((lines + 1)) && line=$text
    # shellcheck disable=SC2254
    case $text in $1) matched=true ;; esac
    [ "$more" -eq 0 ] || break
  done < "$2" || { echo "cannot read $2"; return 1; }
  [ "$lines" = 1 ] && $matched && return 0
  printf '%s\n' "$2: $lines lines, expected one matching: $1" "--- $2:"
  while IFS= read -r text || [ -n "$text" ]; do printf '%s\n' "$text"; done < "$2"
  return 1
}

# expect_text FILE TEXT: FILE holds exactly the lines of TEXT, each ended by a newline (as diff
# against a file made by printf '%s\n' "$TEXT"), read by the shell: for files of a few lines.
# Shows both when not.
expect_text () {
  et_text= et_line=
  while IFS= read -r et_line; do et_text="$et_text$et_line
"; et_line=; done <"$1" || [ -n "$et_line" ] || { echo "cannot read $1"; return 1; }
  [ -z "$et_line" ] && [ "$et_text" = "$2
" ] && return 0
  printf '%s\n' "$1 is not as expected:" "$2" "--- $1:"
  show "$1"
  return 1
}

# read_line FILE: the first line of FILE in $line (as "$(cat FILE)" for a one-line file).
read_line () {
  line=
  IFS= read -r line < "$1" || [ -n "$line" ]
}

# count_lines FILE [PATTERN]: sets $counted to the number of lines of FILE (that match PATTERN),
# counting as wc -l and grep -c do: a last line without its newline counts for grep -c only.
count_lines () {
  counted=0
  while IFS= read -r cl_line; do
    # shellcheck disable=SC2254
    case $cl_line in ${2-*}) counted=$((counted + 1)) ;; esac
    cl_line=
  done < "$1"
  if [ -n "$cl_line" ] && [ $# -ge 2 ]; then
    # shellcheck disable=SC2254
    case $cl_line in $2) counted=$((counted + 1)) ;; esac
  fi
}

# expect_fixed FILE STRING...: one awk (for files too long for the shell's read) checks that each
# STRING, a fixed string as grep -F reads it, is in some line of FILE.  "^STRING" must open the
# line, "STRING$" close it, "^STRING$" be the whole line (as the anchors of a regex, the rest
# fixed); "#N:STRING" must be in exactly N lines (as grep -c -F).  Names each STRING that fails.
expect_fixed () {
  check_lines fixed "$@"
}

# expect_matches FILE ERE...: as expect_match for each ERE, with one awk: each ERE matches some
# line of FILE; "#N:ERE" must match exactly N lines (as grep -c -E).  The EREs are POSIX's as awk
# reads them, without GNU grep's extensions: an ERE using one (\s \S \w \W \b \B \< \> \` \' or a
# back-reference) or an interval {m,n} (mawk's support varies) is refused here.  Names each ERE
# that fails, then shows FILE.
expect_matches () {
  for em_regex in "$@"; do
    [ "$em_regex" = "$1" ] && continue
    case $em_regex in
      *\\[sSwWbB\<\>\`\'1-9]*|*\{[0-9]*) printf '%s\n' "expect_matches: grep-only syntax in: $em_regex"; return 1 ;;
    esac
  done
  check_lines regex "$@"
}

# check_lines MODE FILE ITEM...: the one awk of expect_fixed (MODE fixed) and expect_matches (MODE
# regex): reads FILE once, counts the lines each ITEM (with its "#N:" count) finds, names each ITEM
# that fails, then shows FILE.
check_lines () {
  cl_mode=$1
  shift
  awk -v mode="$cl_mode" 'BEGIN {
      for (i = 2; i < ARGC; i++) {
        want[i] = ARGV[i]; core = want[i]; limit[i] = -1; found[i] = 0
        if (core ~ /^#[0-9]+:/) {
          limit[i] = substr(core, 2, index(core, ":") - 2) + 0; core = substr(core, index(core, ":") + 1)
        }
        if (mode == "fixed") {
          first[i] = substr(core, 1, 1) == "^"; if (first[i]) core = substr(core, 2)
          last[i] = substr(core, length(core)) == "$"; if (last[i]) core = substr(core, 1, length(core) - 1)
        }
        text[i] = core
      }
      n = ARGC; ARGC = 2
      verb = mode == "fixed" ? "hold" : "match"; verbs = mode == "fixed" ? "holds" : "matches:"
    }
    {
      for (i = 2; i < n; i++) {
        c = text[i]; l = length(c)
        if (mode != "fixed") hit = $0 ~ c
        else if (first[i] && last[i]) hit = $0 == c
        else if (first[i]) hit = substr($0, 1, l) == c
        else if (last[i]) hit = length($0) >= l && substr($0, length($0) - l + 1) == c
        else hit = index($0, c) > 0
        if (hit) found[i]++
      }
    }
    END {
      bad = 0
      for (i = 2; i < n; i++) {
        if (limit[i] >= 0 && found[i] != limit[i]) {
          printf "%d lines of %s %s %s, not %d\n", found[i], ARGV[1], verb, want[i], limit[i]; bad = 1
        } else if (limit[i] < 0 && !found[i]) {
          printf "no line of %s %s %s\n", ARGV[1], verbs, want[i]; bad = 1
        }
      }
      exit bad
    }' "$@" || { echo "--- $1:"; cat "$1"; return 1; }
}
