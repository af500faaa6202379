#!/bin/sh
# Measures the layout of the sources (HACKING.md, "Rooms"): which stages each stage includes, the
# circles between object files (a file that calls into a file that calls back), and the functions
# longer than 80 lines.  Prints a report; with --check, prints TAP and fails on an include against
# the data flow or a circle.
#
#   t/layout/measure.sh [--check] SOURCE_ROOT [BUILD_DIR]
#
# Stages, lowest first: models, collectors, planner, reports, cmd (the command line, with the
# top-level hvplan.c).  A file may include its own stage and the ones below it.  Circles are read
# from the compiled objects with nm(1) (a symbol one object defines and another uses is an arrow);
# without BUILD_DIR that part is skipped.
set -u
check=false
if [ "${1:-}" = "--check" ]; then check=true; shift; fi
root=${1:?usage: measure.sh [--check] SOURCE_ROOT [BUILD_DIR]}
build=${2:-}
cd "$root" || exit 66
export LC_ALL=C

stage_rank () {
  case $1 in
    models) echo 0 ;; collectors) echo 1 ;; planner) echo 2 ;; reports) echo 3 ;; cmd|.) echo 4 ;;
    *) echo 9 ;;
  esac
}

sources=$(ls hvplan.c 2>/dev/null; find models collectors planner reports cmd \
            -name '*.[ch]' 2>/dev/null | sort)

# 1. Includes: "stage -> included stage" with a count, and the ones that run against the flow.
include_edges=$(for file in $sources; do
    from=${file%%/*}; [ "$from" = "$file" ] && from=.
    sed -n 's/^#include "\([a-z-]*\)\/.*/\1/p' "$file" | sort -u | while read -r to; do
      echo "$from $to $file"
    done
  done)
against=$(echo "$include_edges" | while read -r from to file; do
    [ -n "$from" ] || continue
    if [ "$(stage_rank "$to")" -gt "$(stage_rank "$from")" ]; then echo "$file includes $to/"; fi
  done)

# 2. Circles between object files, from nm: an arrow A -> B where A uses a symbol B defines.
circles=""
if [ -n "$build" ]; then
  objects=$(find "$build/models" "$build/collectors" "$build/planner" "$build/reports" \
              "$build/cmd" "$build/hvplan.p" -name '*.c.o' 2>/dev/null | grep -v '/t/' | sort)
  arrows=$(for object in $objects; do
      # build/planner/libhvp-planner.a.p/checks_storage.c.o -> planner/checks/storage.c (meson
      # writes a source's folders below its meson.build as "_"; our file names use "-", never "_").
      name=$(echo "${object#"$build"/}" | sed 's|[^/]*\.p/||; s|\.o$||' |
               awk -F/ '{ gsub("_", "/", $NF); print }' OFS=/)
      nm "$object" | awk -v n="$name" '$1 ~ /^[TDRB]$/ || $2 ~ /^[TDRB]$/ { print "def", n, $NF }
                                         $1 == "U" { print "use", n, $2 }'
    done | awk '$1 == "def" { owner[$3] = $2; next } { uses[NR] = $2 " " $3 }
                END { for (i in uses) { split(uses[i], p, " "); if ((p[2] in owner) && owner[p[2]] != p[1])
                        print p[1], owner[p[2]] } }' | sort -u)
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
long=$(for file in $sources; do
    case $file in *.c) ;; *) continue ;; esac
    awk -v f="$file" '
      /^[a-z_][a-z0-9_]* \(/ { name = $1; start = NR; reason = has_reason }
      /^\/\*/ { has_reason = 0 }
      /Long: / { has_reason = 1 }
      /^}/ && name != "" { n = NR - start + 1; if (n > 80) printf "%d %s:%d %s%s\n", n, f, start, name, reason ? " (reason given)" : ""; name = ""; has_reason = 0 }
    ' "$file"
  done | sort -rn)

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
