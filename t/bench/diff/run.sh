#!/bin/sh
# Benchmark of `hvplan diff` (issue 5, issue 14): two generated inventories of N VMs each, 1 % of
# the VMs changed and every array in reverse order.  Reports hvplan's wall time, CPU time (user +
# system) and peak memory, and the same of the script a user would otherwise write: `jq -S` on
# both files, then `diff`; the speedups are the reference's time over hvplan's, wall and CPU (on a
# shared machine the CPU ratio is the steadier figure; hvplan reads both files at once, so its
# wall time is below its CPU time when a second core is free).
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

# Wall seconds, CPU seconds (user + system) and peak KiB of the GNU time output file $1 (its last
# line: "Command exited with non-zero status 1" comes first when the inputs differ).
gnu_times () {
  tail -n 1 "$1" | awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }'
}

printf '%-8s %-6s %7s %9s %10s %7s %11s %11s %8s %8s\n' VMs hosts "MB/file" "hvplan s" \
  "hvplan cpu" "MiB" "jq+diff s" "jq+diff cpu" "x wall" "x cpu"
for vms in $sizes; do
  hosts=$(( (vms + 99) / 100 ))
  /usr/bin/python3 "$here/generate.py" "$vms" "$hosts" "$work/old.json" "$work/new.json"
  mb=$(( $(wc -c <"$work/old.json") / 1000000 ))

  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$hvplan" diff --max-input-size 4GiB -f tap \
    "$work/old.json" "$work/new.json" >"$work/out.tap" || test $? = 1
  gnu_times "$work/time" >"$work/times"
  read -r seconds cpu kib <"$work/times"
  failing=$(grep -c '^not ok' "$work/out.tap")
  if [ "$failing" != $((vms / 100)) ]; then
    echo "expected $((vms / 100)) failing VMs, got $failing" >&2
    exit 1
  fi

  # shellcheck disable=SC2016 # the inner shell expands $1
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" sh -c '
    jq -S . "$1/old.json" >"$1/old.sorted"
    jq -S . "$1/new.json" >"$1/new.sorted"
    diff "$1/old.sorted" "$1/new.sorted" >"$1/out.diff" || true' sh "$work"
  gnu_times "$work/time" >"$work/times"
  read -r baseline baseline_cpu _ <"$work/times"

  printf '%-8s %-6s %7s %9s %10s %7s %11s %11s %7.1fx %7.1fx\n' "$vms" "$hosts" "$mb" \
    "$seconds" "$cpu" "$((kib / 1024))" "$baseline" "$baseline_cpu" \
    "$(echo "$baseline / $seconds" | bc -l)" "$(echo "$baseline_cpu / $cpu" | bc -l)"
  rm -f "$work"/*.json "$work"/*.sorted "$work/out.diff"
done
