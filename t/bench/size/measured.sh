#!/bin/sh
# Benchmark of `hvplan size --basis measured` (issue 17): one generated inventory of N VMs, each with
# S samples of processor and memory every 5 minutes (default 10,000 VMs × 8,640 samples: 30 days),
# against the catalog of 10 models of generate.py.  The same file is sized twice in this script, on
# the configured basis and on the measured one (95th percentile × 1.3, time-aligned packing plus the
# per-VM-percentile packing beside it), and for each run prints the wall time and peak memory (GNU
# time) and the sizing's own wall and CPU time (`--timing`); then the ratio measured / configured,
# and per model the hosts on each basis and by per-VM percentiles.
#
#   t/bench/size/measured.sh [HVPLAN [VMS [SAMPLES]]]     (default: build/hvplan 10000 8640)
#
# Needs python3 and GNU time.  Not part of the test suite (generating takes minutes and the
# inventory is about 650 MB at the default size).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
hvplan=${1:-build/hvplan}
vms=${2:-10000}
samples=${3:-8640}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 "$here/generate.py" "$vms" "$work/source.json" "$work/catalog.json" "$samples"
mb=$(( $(wc -c <"$work/source.json") / 1000000 ))

# run BASIS: sets $seconds, $kib, $read, $sizing, $cpu.
run () {
  /usr/bin/time -f '%e %M' -o "$work/time" "$hvplan" size --quiet --timing --spare 1 \
    --max-input-size 4GiB --basis "$1" --source "$work/source.json" \
    --catalog "$work/catalog.json" -f json -o "$work/$1.json" 2>"$work/timing" || test $? = 1
  seconds=$(tail -n 1 "$work/time" | cut -d ' ' -f 1)
  kib=$(tail -n 1 "$work/time" | cut -d ' ' -f 2)
  read=$(sed -n 's/.*read \([0-9.]*\) s.*/\1/p' "$work/timing")
  sizing=$(sed -n 's/.*size \([0-9.]*\) s.*/\1/p' "$work/timing")
  cpu=$(sed -n 's/.*cpu \([0-9.]*\) s.*/\1/p' "$work/timing")
}

for basis in configured measured; do
  run "$basis"
  echo "== $vms VMs × $samples samples ($mb MB inventory), --basis $basis: total ${seconds} s," \
       "peak $((kib / 1024)) MiB, reading ${read} s, sizing (10 models) ${sizing} s wall, ${cpu} s CPU"
  eval "${basis}_seconds=\$seconds ${basis}_sizing=\$sizing ${basis}_cpu=\$cpu"
done
python3 - "$work/configured.json" "$work/measured.json" "$configured_seconds" "$measured_seconds" \
  "$configured_sizing" "$measured_sizing" "$configured_cpu" "$measured_cpu" <<'PY'
import json, sys
configured, measured = (json.load(open(path)) for path in sys.argv[1:3])
t = [float(x) for x in sys.argv[3:9]]
print("measured / configured: total %.2f×, sizing wall %.2f×, sizing CPU %.2f×"
      % (t[1] / t[0], t[3] / t[2], t[5] / max(t[4], 1e-3)))
print("confidence %s, time-aligned %s" % (measured["confidence"]["rating"], measured["time_aligned"]))
for c, m in zip(configured["models"], measured["models"]):
    print("  %-50s configured %5s  measured %5s  per-VM percentiles %5s" % (
        c["name"], c["hosts_needed"], m["hosts_needed"], m.get("hosts_needed_per_vm_percentile")))
PY
