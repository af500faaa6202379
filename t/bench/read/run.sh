#!/bin/sh
# Reading an inventory (issue 14): hvplan's read of a generated N-VM inventory (default 100,000,
# 103 MB; t/bench/size/generate.py) against a bare cJSON_Parse() of the same file
# (cjson-parse.c, compiled here against Debian's libcjson with -O2), alternating, 3 runs each.
# hvplan's figure is the "read" of `size --timing` (wall and CPU: load the file, parse, build and
# validate the model; the sizing and report that follow are not counted), the reference's the
# parse alone (the file is loaded before its clock starts).  Prints each run, the medians, their
# ratio (the aim: at most 1.3) and hvplan's peak memory (GNU time).  Use the release build.
#
#   t/bench/read/run.sh [HVPLAN [VMS]]     (default: build-rel/hvplan 100000)
#
# Needs cc, pkg-config, python3 and GNU time (/usr/bin/time).  Not part of the test suite.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
hvplan=${1:-build-rel/hvplan}
vms=${2:-100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck disable=SC2046
cc -O2 -o "$work/cjson-parse" "$here/cjson-parse.c" $(pkg-config --cflags --libs libcjson)
/usr/bin/python3 "$here/../size/generate.py" "$vms" "$work/source.json" "$work/catalog.json"
echo "== $vms VMs, $(( $(wc -c <"$work/source.json") / 1000000 )) MB"
: >"$work/hvplan.runs"
: >"$work/reference.runs"
for run in 1 2 3; do
  "$work/cjson-parse" "$work/source.json" >>"$work/reference.runs"
  /usr/bin/time -f '%M' -o "$work/time" "$hvplan" size --quiet --timing --spare 0 \
    --max-input-size 4GiB --source "$work/source.json" --catalog "$work/catalog.json" \
    -f json -o "$work/size.json" 2>"$work/timing" || test $? = 1
  sed -n 's/.*read \([0-9.]*\) s (cpu \([0-9.]*\) s).*/\1 \2/p' "$work/timing" >>"$work/hvplan.runs"
  echo "run $run: cJSON_Parse $(tail -n 1 "$work/reference.runs") (wall, CPU s);" \
       "hvplan read $(tail -n 1 "$work/hvplan.runs"); hvplan peak $(( $(tail -n 1 "$work/time") / 1024 )) MiB"
done
/usr/bin/python3 - "$work/reference.runs" "$work/hvplan.runs" <<'PY'
import statistics, sys
ref = [tuple(map(float, l.split())) for l in open(sys.argv[1])]
hvp = [tuple(map(float, l.split())) for l in open(sys.argv[2])]
for k, name in ((0, "wall"), (1, "CPU")):
    r = statistics.median(x[k] for x in ref)
    h = statistics.median(x[k] for x in hvp)
    print("median %-4s: cJSON_Parse %.3f s, hvplan read %.3f s: %.2fx" % (name, r, h, h / r))
PY
