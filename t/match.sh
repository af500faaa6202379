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
  echo "no line of $2 matches: $1"
  echo "--- $2:"
  while IFS= read -r line || [ -n "$line" ]; do echo "$line"; done < "$2"
  return 1
}

# read_line FILE: the first line of FILE in $line (as "$(cat FILE)" for a one-line file).
read_line () {
  line=
  IFS= read -r line < "$1" || [ -n "$line" ]
}
