#!/bin/sh
# Benchmark of `hvplan diff` (issue 5): two generated inventories of N VMs each, 1 % of the VMs
# changed and every array in reverse order.  Reports hvplan's wall time and peak memory, and the
# time of the script a user would otherwise write: `jq -S` on both files, then `diff`.
#
#   t/bench/diff/run.sh [HVPLAN [SIZES...]]     (default: build/hvplan, 10000 100000)
#
# VMs are spread over hosts of 100 VMs each (a fleet, as 100,000 VMs would be).  Needs python3,
# jq and GNU time (/usr/bin/time).  Not part of the default test suite.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
hvplan=${1:-build/hvplan}
shift || true
sizes=${*:-10000 100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

printf '%-8s %-8s %10s %12s %12s %14s %8s\n' VMs hosts "MB/file" "hvplan s" "hvplan MiB" "jq+diff s" speedup
for vms in $sizes; do
  hosts=$(( (vms + 99) / 100 ))
  python3 "$here/generate.py" "$vms" "$hosts" "$work/old.json" "$work/new.json"
  mb=$(( $(wc -c <"$work/old.json") / 1000000 ))

  /usr/bin/time -f '%e %M' -o "$work/time" "$hvplan" diff --max-input-size 4GiB -f tap \
    "$work/old.json" "$work/new.json" >"$work/out.tap" || test $? = 1
  # GNU time puts "Command exited with non-zero status 1" first when the inputs differ.
  seconds=$(tail -n 1 "$work/time" | cut -d ' ' -f 1)
  kib=$(tail -n 1 "$work/time" | cut -d ' ' -f 2)
  failing=$(grep -c '^not ok' "$work/out.tap")
  if [ "$failing" != $((vms / 100)) ]; then
    echo "expected $((vms / 100)) failing VMs, got $failing" >&2
    exit 1
  fi

  start=$(date +%s.%N)
  jq -S . "$work/old.json" >"$work/old.sorted"
  jq -S . "$work/new.json" >"$work/new.sorted"
  diff "$work/old.sorted" "$work/new.sorted" >"$work/out.diff" || true
  end=$(date +%s.%N)
  baseline=$(echo "$end - $start" | bc)

  printf '%-8s %-8s %10s %12s %12s %14.2f %7.1fx\n' "$vms" "$hosts" "$mb" "$seconds" \
    "$((kib / 1024))" "$baseline" "$(echo "$baseline / $seconds" | bc -l)"
  rm -f "$work"/*.json "$work"/*.sorted "$work/out.diff"
done
