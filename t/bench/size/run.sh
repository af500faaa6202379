#!/bin/sh
# Benchmark of `hvplan size` (issue 6): generated inventories of N VMs (realistic size mix, see
# generate.py) against a catalog of 10 server models.  For each size prints hvplan's wall time and
# peak memory (GNU time), the time of the sizing itself (the "size" figures of `--timing`, wall and
# CPU of all threads: demands
# from the plan's per-VM numbers, then packing, failover search and placement for every model,
# measured inside the command, without reading the JSON or writing the report), and per model the
# hosts used against the lower bound.
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

for vms in $sizes; do
  python3 "$here/generate.py" "$vms" "$work/source.json" "$work/catalog.json"
  mb=$(( $(wc -c <"$work/source.json") / 1000000 ))
  for spare in 0 1; do
    /usr/bin/time -f '%e %M' -o "$work/time" "$hvplan" size --quiet --timing --spare "$spare" \
      --max-input-size 4GiB --source "$work/source.json" --catalog "$work/catalog.json" \
      -f json -o "$work/out.json" 2>"$work/timing" || test $? = 1
    seconds=$(tail -n 1 "$work/time" | cut -d ' ' -f 1)
    kib=$(tail -n 1 "$work/time" | cut -d ' ' -f 2)
    sizing=$(sed -n 's/.*size \([0-9.]*\) s.*/\1/p' "$work/timing")
    cpu=$(sed -n 's/.*cpu \([0-9.]*\) s.*/\1/p' "$work/timing")
    echo "== $vms VMs ($mb MB inventory), --spare $spare: total ${seconds} s, peak $((kib / 1024)) MiB," \
         "sizing (10 models) ${sizing} s wall, ${cpu} s CPU"
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
