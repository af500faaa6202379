#!/bin/sh
# Measures the layout of the sources (HACKING.md, "Rooms"): which stages each stage includes, the
# circles between object files (a file that calls into a file that calls back), and the functions
# longer than 80 lines.  Prints a report; with --check, prints TAP and fails on an include against
# the data flow, a circle, or a function over 80 lines that gives no reason.
#
#   t/layout/measure.sh [--check] SOURCE_ROOT [BUILD_DIR]
#
# Stages, lowest first: models, collectors, planner, reports, cmd (the command line, with the
# top-level hvplan.c).  A file may include its own stage and the ones below it.  Circles are read
# from the symbol tables of the compiled objects with readelf(1) (a symbol one object defines and
# another uses is an arrow); without BUILD_DIR that part is skipped.
set -u
check=false
if [ "${1:-}" = "--check" ]; then check=true; shift; fi
root=${1:?usage: measure.sh [--check] SOURCE_ROOT [BUILD_DIR]}
build=${2:-}
cd "$root" || exit 66
export LC_ALL=C

sources=$(ls hvplan.c 2>/dev/null; find models collectors planner reports cmd \
            -name '*.[ch]' 2>/dev/null | sort)

# 1. Includes: "stage -> included stage" with a count, and the ones that run against the flow.
# One awk for every file (a process a file made this the slow part of the test).
# shellcheck disable=SC2086
include_edges=$(awk 'FNR == 1 { from = FILENAME; sub(/\/.*/, "", from); if (from == FILENAME) from = "."
                                split("", seen) }
                     /^#include "[a-z-]*\// { to = $0; sub(/^#include "/, "", to); sub(/\/.*/, "", to)
                                              if (!(to in seen)) { seen[to] = 1; print from, to, FILENAME } }' \
                   $sources | sort -k3,3 -k2,2)
# The stages' ranks, lowest first; "." is the top-level hvplan.c, with cmd.
against=$(echo "$include_edges" | awk '
  BEGIN { rank["models"] = 0; rank["collectors"] = 1; rank["planner"] = 2; rank["reports"] = 3
          rank["cmd"] = 4; rank["."] = 4 }
  function rank_of(stage) { return stage in rank ? rank[stage] : 9 }
  NF == 3 && rank_of($2) > rank_of($1) { print $3 " includes " $2 "/" }')

# 2. Circles between object files, from their symbol tables: an arrow A -> B where A uses a symbol
#    B defines.
circles=""
if [ -n "$build" ]; then
  objects=$(find "$build/models" "$build/collectors" "$build/planner" "$build/reports" \
              "$build/cmd" "$build/hvplan.p" -name '*.c.o' 2>/dev/null | grep -v '/t/' | sort)
  # One readelf for every object (nm -A reads the same tables, but loads binutils' LTO plugins
  # first: 100 ms a start here, against 16 ms for readelf over all of them).  After each "File:
  # OBJECT" line, a symbol line "NUM: VALUE SIZE TYPE BIND VIS NDX NAME": a GLOBAL symbol in a
  # numbered section is defined there (nm's T, D, R, B), a GLOBAL one of NDX UND is used (nm's U).
  # build/planner/libhvp-planner.a.p/checks_storage.c.o -> planner/checks/storage.c (meson writes
  # a source's folders below its meson.build as "_"; our file names use "-", never "_").
  # shellcheck disable=SC2086
  # readelf names each file only when given several: the first object is the one before any.
  arrows=$( { [ -z "$objects" ] || readelf -sW $objects; } | awk -v build="$build/" \
      -v first="${objects%%[[:space:]]*}" '
      function source_name(object,    parts, n, i, name) {
        if (index(object, build) == 1) object = substr(object, length(build) + 1)
        sub(/[^\/]*\.p\//, "", object); sub(/\.o$/, "", object)
        n = split(object, parts, "/"); gsub("_", "/", parts[n]); name = parts[1]
        for (i = 2; i <= n; i++) name = name "/" parts[i]
        return name
      }
      BEGIN { object = first }
      /^File: / { object = substr($0, 7); next }
      NF == 8 && $5 == "GLOBAL" && $7 ~ /^[0-9]+$/ { owner[$8] = source_name(object); next }
      NF == 8 && $5 == "GLOBAL" && $7 == "UND" { uses[++n_uses] = source_name(object) " " $8 }
      END { for (i = 1; i <= n_uses; i++) { split(uses[i], p, " ")
              if ((p[2] in owner) && owner[p[2]] != p[1]) print p[1], owner[p[2]] } }' | sort -u)
  # Transitive closure on the arrows (small: a few hundred pairs), then the pairs reached both ways.
  circles=$(echo "$arrows" | awk '
    NF == 2 { edge[$1, $2] = 1; node[$1] = 1; node[$2] = 1 }
    END {
      for (k in node) for (i in node) if ((i, k) in edge) for (j in node) if ((k, j) in edge) edge[i, j] = 1
      for (i in node) for (j in node) if (i < j && ((i, j) in edge) && ((j, i) in edge)) print i " <-> " j
    }' | sort)
fi

# 3. Functions over 80 lines (GNU style: the name at column 0, the body from "{" to "}" at column 0).
#    A function that is long for a reason says so in the comment above it, in a sentence starting
#    "Long: " (a table of a format's fields, a switch over a format's cases).
c_sources=$(for file in $sources; do case $file in *.c) echo "$file" ;; esac; done)
# shellcheck disable=SC2086
long=$(awk '
      FNR == 1 { name = ""; has_reason = 0 }
      /^[a-z_][a-z0-9_]* \(/ { name = $1; start = FNR; reason = has_reason }
      /^\/\*/ { has_reason = 0 }
      /Long: / { has_reason = 1 }
      /^}/ && name != "" { n = FNR - start + 1; if (n > 80) printf "%d %s:%d %s%s\n", n, FILENAME, start, name, reason ? " (reason given)" : ""; name = ""; has_reason = 0 }
    ' $c_sources | sort -rn)

if $check; then
  count=0; failed=0
  count=$((count + 1))
  if [ -z "$against" ]; then echo "ok $count - no include runs against models <- collectors <- planner <- reports <- cmd"
  else echo "not ok $count - includes against the data flow"; echo "$against" | sed 's/^/# /'; failed=1; fi
  count=$((count + 1))
  if [ -z "$build" ]; then echo "ok $count - circles between object files # SKIP no build folder"
  elif [ -z "$circles" ]; then echo "ok $count - no circle between object files"
  else echo "not ok $count - circles between object files"; echo "$circles" | sed 's/^/# /'; failed=1; fi
  count=$((count + 1))
  unexplained=$(echo "$long" | grep -v 'reason given' | grep . || true)
  if [ -z "$unexplained" ]; then echo "ok $count - every function over 80 lines says why above it"
  else echo "not ok $count - functions over 80 lines without a reason"; echo "$unexplained" | sed 's/^/# /'; failed=1; fi
  echo "1..$count"
  exit $failed
fi

echo "== includes between stages (from -> to: files)"
echo "$include_edges" | awk 'NF == 3 && $1 != $2 { n[$1 " -> " $2]++ } END { for (k in n) print k ": " n[k] }' | sort
echo "== includes against the data flow: $(echo "$against" | grep -c .)"
echo "$against" | grep . | sed 's/^/  /'
if [ -n "$build" ]; then
  echo "== circles between object files: $(echo "$circles" | grep -c .)"
  echo "$circles" | grep . | sed 's/^/  /'
fi
echo "== functions over 80 lines: $(echo "$long" | grep -c .)"
echo "$long" | grep . | sed 's/^/  /'
