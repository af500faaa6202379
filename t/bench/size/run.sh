#!/bin/sh
# Benchmark of `hvplan size` (issue 6): generated inventories of N VMs (realistic size mix, see
# generate.py) against a catalog of 10 server models.  For each size prints hvplan's wall time and
# peak memory (GNU time), the time of the sizing itself (the "size" figures of `--timing`, wall and
# CPU of all threads: demands
# from the plan's per-VM numbers, then packing, failover search and placement for every model,
# measured inside the command, without reading the JSON or writing the report), the report's own
# wall and CPU time (making it and writing it to the file, issue 14), and per model the hosts used
# against the lower bound.  The reference, run in this script on the same file: Python's
# json.load (its C parser) reading the inventory and nothing else; hvplan's whole command and its
# sizing are printed as ratios to it.  --spare 0, 1 and 2 (two spares: the VMs of the failed hosts
# re-placed one by one, issue 14).  (An earlier version also ran with
# GLIBC_TUNABLES=glibc.malloc.hugetlb=1; measured again for issue 14, huge pages slowed reading
# down, 2.6-3.7 s against 1.6-2.2 s: dropped.)  Use the release build.
#
#   t/bench/size/run.sh [HVPLAN [SIZES...]]     (default: build/hvplan, 1000 10000 100000)
#
# Needs python3 and GNU time (/usr/bin/time; apt-get install -y time).  Not part of the default
# test suite.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
hvplan=${1:-build/hvplan}
shift || true
sizes=${*:-1000 10000 100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# "1.23×": $1 / $2
ratio() {
  python3 -c 'import sys; print("%.2f×" % (float(sys.argv[1]) / float(sys.argv[2])))' "$1" "$2"
}

# size SPARE OUT [NAME=VALUE]: one run of the command into OUT, with that variable in its
# environment; then $seconds and $kib (GNU time) and $read, $sizing, $cpu (its --timing line) hold
# what it took.
size() {
  # shellcheck disable=SC2086
  env ${3:-} /usr/bin/time -f '%e %M' -o "$work/time" "$hvplan" size --quiet --timing --spare "$1" \
    --max-input-size 4GiB --source "$work/source.json" --catalog "$work/catalog.json" \
    -f json -o "$2" 2>"$work/timing" || test $? = 1
  seconds=$(tail -n 1 "$work/time" | cut -d ' ' -f 1)
  kib=$(tail -n 1 "$work/time" | cut -d ' ' -f 2)
  read=$(sed -n 's/.*read \([0-9.]*\) s.*/\1/p' "$work/timing")
  sizing=$(sed -n 's/.*size \([0-9.]*\) s.*/\1/p' "$work/timing")
  cpu=$(sed -n 's/.*cpu \([0-9.]*\) s.*/\1/p' "$work/timing")
  report=$(sed -n 's/.*report \([0-9.]*\) s (\([0-9.]*\) s of CPU).*/\1 s wall, \2 s CPU/p' \
    "$work/timing")
}

for vms in $sizes; do
  python3 "$here/generate.py" "$vms" "$work/source.json" "$work/catalog.json"
  mb=$(( $(wc -c <"$work/source.json") / 1000000 ))
  # The time of json.load itself (the interpreter's start, under pyenv a shell script, is not
  # counted); the peak includes the interpreter.
  reference=$(/usr/bin/time -f '%M' -o "$work/time" python3 -c '
import json, sys, time
start = time.perf_counter()
json.load(open(sys.argv[1], "rb"))
print("%.3f" % (time.perf_counter() - start))' "$work/source.json")
  echo "== $vms VMs ($mb MB inventory): reference (python3 json.load) ${reference} s," \
       "peak $(( $(tail -n 1 "$work/time") / 1024 )) MiB"
  for spare in 0 1 2; do
    size "$spare" "$work/out.json"
    echo "== $vms VMs ($mb MB inventory), --spare $spare: total ${seconds} s, peak $((kib / 1024)) MiB," \
         "reading ${read} s, sizing (10 models) ${sizing} s wall, ${cpu} s CPU," \
         "report ${report:-?};" \
         "total $(ratio "$seconds" "$reference")," \
         "sizing $(ratio "$sizing" "$reference") the reference"
    python3 - "$work/out.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
worst = 0.0
for m in doc["models"]:
    if not m["fits"]:
        print("  %-50s does not fit" % m["name"])
        continue
    gap = 100.0 * (m["hosts_needed"] / m["lower_bound"] - 1)
    worst = max(worst, gap)
    print("  %-50s %6d hosts  lower bound %6d  (+%4.1f %%)  %s" % (
        m["name"], m["hosts_needed"], m["lower_bound"], gap, m["limiting_resource"]))
print("  worst gap to the lower bound: +%.1f %%" % worst)
PY
  done
  rm -f "$work"/*.json
done
