# Checks of short files read by the shell itself, for tests that source it after t/lib.sh: each
# grep or wc costs a process start (3-10 ms of CPU here), a dash `read` loop over a message or a
# report of a few dozen lines costs none.  For long files (dash reads byte by byte) keep grep.
#
# Patterns are the shell's (case): one must match a WHOLE line, so the extended regex "^a.b$" is
# written 'a?b', an unanchored "a.*b" is written '*a*b*', a literal * ? [ as [*] [?] [[].

# show FILE: FILE's lines, as cat shows a short file.
show () {
  while IFS= read -r show_line || [ -n "$show_line" ]; do
    printf '%s\n' "$show_line"
  done < "$1"
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

# count_lines FILE [PATTERN]: sets $counted to the number of lines of FILE (that match PATTERN),
# counting as wc -l and grep -c do: a last line without its newline counts for grep -c only.
count_lines () {
  counted=0
  while IFS= read -r cl_line; do
    case $cl_line in ${2-*}) counted=$((counted + 1)) ;; esac
    cl_line=
  done < "$1"
  if [ -n "$cl_line" ] && [ $# -ge 2 ]; then
    case $cl_line in $2) counted=$((counted + 1)) ;; esac
  fi
}
