# Checks that read short files (a command's stderr, a one-line answer) with the shell's own
# `read` and `case`: no process, where expect_match (t/lib.sh) starts a grep.  Source it after
# t/lib.sh.  A pattern here is a shell pattern (`*`, `?`, `[...]`, `\` quotes the next character)
# that must match a whole line: write `*` at either end for "anywhere in the line".

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

# read_line FILE: the first line of FILE in $line (as "$(cat FILE)" for a one-line file).
read_line () {
  line=
  IFS= read -r line < "$1" || [ -n "$line" ]
}

# expect_matches FILE REGEX...: fails unless each extended regex REGEX matches a line of FILE (as
# one expect_match per REGEX, with one awk for them all).  awk's regexes are POSIX EREs, as grep
# -E's, without GNU grep's extensions: a REGEX using one (\s \S \w \W \b \B \< \> \` \' or a
# back-reference) or an interval {m,n} (mawk's support varies) is refused here.
expect_matches () {
  file=$1
  shift
  for regex in "$@"; do
    case $regex in
      *\\[sSwWbB\<\>\`\'1-9]*|*\{*) printf '%s\n' "expect_matches: grep-only syntax in: $regex"; return 1 ;;
    esac
  done
  awk 'BEGIN { for (i = 2; i < ARGC; i++) regex[i] = ARGV[i]; last = ARGC - 1; ARGC = 2 }
       { for (i = 2; i <= last; i++) if (!(i in found) && $0 ~ regex[i]) found[i] = 1 }
       END { for (i = 2; i <= last; i++) if (!(i in found)) { print "no line of " ARGV[1] " matches: " regex[i]; missing = 1 }
             exit missing }' "$file" "$@" || { echo "--- $file:"; cat "$file"; return 1; }
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

# expect_fixed FILE STRING...: fails unless each STRING occurs in a line of FILE (as one
# `grep -Fq -- STRING FILE` per STRING, with one awk for them all; a STRING is never a pattern).
expect_fixed () {
  file=$1
  shift
  awk 'BEGIN { for (i = 2; i < ARGC; i++) wanted[i] = ARGV[i]; last = ARGC - 1; ARGC = 2 }
       { for (i = 2; i <= last; i++) if (!(i in found) && index($0, wanted[i])) found[i] = 1 }
       END { for (i = 2; i <= last; i++) if (!(i in found)) { print "no line of " ARGV[1] " holds: " wanted[i]; missing = 1 }
             exit missing }' "$file" "$@" || { echo "--- $file:"; cat "$file"; return 1; }
}
