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
  awk 'BEGIN {
      for (i = 2; i < ARGC; i++) {
        want[i] = ARGV[i]; core = want[i]; limit[i] = -1
        if (core ~ /^#[0-9]+:/) {
          limit[i] = substr(core, 2, index(core, ":") - 2) + 0; core = substr(core, index(core, ":") + 1)
        }
        first[i] = substr(core, 1, 1) == "^"; if (first[i]) core = substr(core, 2)
        last[i] = substr(core, length(core)) == "$"; if (last[i]) core = substr(core, 1, length(core) - 1)
        text[i] = core; found[i] = 0
      }
      n = ARGC; ARGC = 2
    }
    {
      for (i = 2; i < n; i++) {
        c = text[i]; l = length(c); at = index($0, c)
        if (first[i] && last[i]) hit = $0 == c
        else if (first[i]) hit = substr($0, 1, l) == c
        else if (last[i]) hit = length($0) >= l && substr($0, length($0) - l + 1) == c
        else hit = at > 0
        if (hit) found[i]++
      }
    }
    END {
      bad = 0
      for (i = 2; i < n; i++) {
        if (limit[i] >= 0 && found[i] != limit[i]) {
          printf "%d lines of %s hold %s, not %d\n", found[i], ARGV[1], want[i], limit[i]; bad = 1
        } else if (limit[i] < 0 && !found[i]) {
          printf "no line of %s holds %s\n", ARGV[1], want[i]; bad = 1
        }
      }
      exit bad
    }' "$@"
}

# expect_regex FILE ERE...: as expect_match for each ERE, with one awk: each ERE matches some line
# of FILE; "#N:ERE" must match exactly N lines (as grep -c -E).  The EREs are POSIX's as awk reads
# them: no {n,m} (mawk), no \s \w \b \< \> or back-references.  Names each ERE that fails.
expect_regex () {
  awk 'BEGIN {
      for (i = 2; i < ARGC; i++) {
        want[i] = ARGV[i]; re[i] = want[i]; limit[i] = -1; found[i] = 0
        if (re[i] ~ /^#[0-9]+:/) {
          limit[i] = substr(re[i], 2, index(re[i], ":") - 2) + 0
          re[i] = substr(re[i], index(re[i], ":") + 1)
        }
      }
      n = ARGC; ARGC = 2
    }
    { for (i = 2; i < n; i++) if ($0 ~ re[i]) found[i]++ }
    END {
      bad = 0
      for (i = 2; i < n; i++) {
        if (limit[i] >= 0 && found[i] != limit[i]) {
          printf "%d lines of %s match %s, not %d\n", found[i], ARGV[1], re[i], limit[i]; bad = 1
        } else if (limit[i] < 0 && !found[i]) {
          printf "no line of %s matches: %s\n", ARGV[1], re[i]; bad = 1
        }
      }
      exit bad
    }' "$@"
}
