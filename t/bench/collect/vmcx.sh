#!/bin/sh
# Benchmark for issue 18: `hvplan collect` on a data root of N binary VM configurations (.vmcx,
# copies of the real generation-2 file of ../shared/samples/vmcx with varied id, name, memory and
# vCPUs, written by t/vmcx/write-vmcx.py through vmcx-generate.py), against `xmllint --noout` and
# `hvplan collect` on the equivalent XML files (the same key trees as 2012 R2-style UTF-16 XML).
#
#   t/bench/collect/vmcx.sh [BUILD-DIR] [N] [ROUNDS]      (defaults: build-rel, 10000, 3)
#
# Use the release build.  Each round runs xmllint on the XML, then `hvplan collect` on the XML and
# on the .vmcx with --jobs 1 and --jobs 2 (paired runs); printed are the median wall and CPU times
# (user + system), the largest peak RSS (GNU time) and the ratios of the medians.  Not part of the
# test suite.
set -eu
build=${1:-build-rel}
count=${2:-10000}
rounds=${3:-3}
root=$(cd "$(dirname "$0")/../../.." && pwd)
hvplan="$root/$build/hvplan"
sample="$root/../shared/samples/vmcx/993F7B33-6057-4D1E-A1FE-A1A1D77BE974.vmcx"
work=${TMPDIR:-/tmp}/hvplan-bench-vmcx-$count
[ -x "$hvplan" ] || { echo "build hvplan first: $hvplan" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "install GNU time: apt-get install time" >&2; exit 1; }
[ -f "$sample" ] || { echo "the real sample is missing: $sample" >&2; exit 1; }

if [ ! -f "$work/.complete" ]; then
  echo "generating $count .vmcx and $count .xml configurations in $work ..."
  rm -rf "$work"
  mkdir -p "$work/vmcx/Virtual Machines" "$work/xml/Virtual Machines"
  /usr/bin/python3 "$root/t/bench/collect/vmcx-generate.py" "$sample" "$count" \
    "$work/vmcx/Virtual Machines" "$work/xml/Virtual Machines"
  touch "$work/.complete"
fi
echo "$count files: .vmcx $(du -sb "$work/vmcx" | cut -f1) bytes, .xml $(du -sb "$work/xml" | cut -f1) bytes"

. "$root/t/bench/collect/measure.sh"

cat "$work"/vmcx/*/* "$work"/xml/*/* >/dev/null
cd "$work/xml/Virtual Machines"
: >"$work/runs"
i=0
while [ "$i" -lt "$rounds" ]; do
  measure xmllint xmllint --noout ./*.xml >>"$work/runs"
  measure xml1 "$hvplan" collect --quiet --jobs 1 -o "$work/xml.json" "$work/xml" >>"$work/runs"
  measure vmcx1 "$hvplan" collect --quiet --jobs 1 -o "$work/vmcx.json" "$work/vmcx" >>"$work/runs"
  measure vmcx2 "$hvplan" collect --quiet --jobs 2 -o "$work/vmcx-2.json" "$work/vmcx" >>"$work/runs"
  i=$((i + 1))
done
cmp "$work/vmcx.json" "$work/vmcx-2.json"

for label in xmllint xml1 vmcx1 vmcx2; do
  printf '%-8s %6.2f s wall, %6.2f s CPU, peak %6.1f MiB\n' "$label" "$(median $label 2)" \
    "$(median $label 3)" "$(peak $label | awk '{ print $1 / 1024 }')"
done
echo "$(median xmllint 2) $(median xml1 2) $(median vmcx1 2) $(median vmcx2 2)" |
  awk '{ printf "ratio to xmllint (wall): XML --jobs 1 %.2f, .vmcx --jobs 1 %.2f, .vmcx --jobs 2 %.2f\n", $2 / $1, $3 / $1, $4 / $1 }'
