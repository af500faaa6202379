#!/bin/sh
# CI's fuzz smoke run: every target of a -Dfuzzing=true build for SECONDS each, one after the
# other, as TAP (one test point a target) on standard output and in TAP-FILE.  A crash, timeout,
# leak or out-of-memory input fails its point; its reproducer's path and bytes (base64) are printed
# as TAP diagnostics.  Exits 1 when a point failed.
# Every run uses libFuzzer's -seed=1: a CI result can be replayed, and a run that passed does not
# fail the next time by luck of the draw.  Finding new bugs is the hour-long runs' job (README.md).
#
#   t/fuzz/smoke.sh BUILD SECONDS TAP-FILE
set -u
if [ $# -ne 3 ]; then
  echo "usage: $0 BUILD SECONDS TAP-FILE" >&2
  exit 64
fi
build=$1
seconds=$2
tap=$3
here=$(cd "$(dirname "$0")" && pwd)

: > "$tap" || exit 73
emit () {
  echo "$1" | tee -a "$tap"
}

count=0
failed=0
for seeds in "$build"/t/fuzz/*.seeds; do
  [ -f "$seeds" ] || continue
  target=$(basename "$seeds" .seeds)
  count=$((count + 1))
  # A folder of the smoke run's own, emptied first: only what this run finds counts, and the
  # reproducers of longer runs (BUILD/t/fuzz/artifacts/) are left alone.
  artifacts="$build/t/fuzz/smoke-artifacts/$target"
  log="$build/t/fuzz/smoke-$target.log"
  rm -rf "$artifacts" && mkdir -p "$artifacts" || exit 73
  HVP_FUZZ_ARTIFACTS="$artifacts" sh "$here/run.sh" "$build" "$target" "$seconds" -seed=1 > "$log" 2>&1
  status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  found=$(find "$artifacts" -type f | head -n 5)
  if [ "$status" -eq 0 ] && [ -z "$found" ]; then
    emit "ok $count - fuzz $target for ${seconds}s: ${execs:-?} executions, nothing found"
  else
    failed=$((failed + 1))
    emit "not ok $count - fuzz $target for ${seconds}s: exit status $status"
    grep -E '^(==[0-9]+==ERROR|SUMMARY|hvplan-fuzz:|.*runtime error:)' "$log" | head -n 20 |
      sed 's/^/# /' | tee -a "$tap"
    for file in $found; do
      emit "# reproducer: $file ($(wc -c < "$file") bytes), base64:"
      base64 "$file" | head -n 200 | sed 's/^/#   /' | tee -a "$tap"
    done
    emit "# full log: $log; reproduce with: $build/t/fuzz/fuzz-$target FILE"
  fi
done
emit "1..$count"
[ "$failed" -eq 0 ]
