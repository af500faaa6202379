#!/bin/sh
# Benchmark for issue 18: `hvplan collect` on a data root of N binary VM configurations (.vmcx,
# copies of the real generation-2 file of ../shared/samples/vmcx with varied id, name, memory and
# vCPUs, written by t/vmcx/write-vmcx.py through vmcx-generate.py), against `xmllint --noout` and
# `hvplan collect` on the equivalent XML files (the same key trees as 2012 R2-style UTF-16 XML).
#
#   t/bench/collect/vmcx.sh [BUILD-DIR] [N]      (defaults: build, 10000)
#
# Prints best-of-3 wall times, peak resident set sizes (GNU time) and the ratios.  Not part of the
# test suite.
set -eu
build=${1:-build}
count=${2:-10000}
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
  python3 "$root/t/bench/collect/vmcx-generate.py" "$sample" "$count" \
    "$work/vmcx/Virtual Machines" "$work/xml/Virtual Machines"
  touch "$work/.complete"
fi
echo "$count files: .vmcx $(du -sb "$work/vmcx" | cut -f1) bytes, .xml $(du -sb "$work/xml" | cut -f1) bytes"

measure () { # label command...: prints "label seconds peak-KiB"
  label=$1
  shift
  /usr/bin/time -f "%e %M" -o "$work/time.out" "$@" >/dev/null 2>"$work/stderr.out" || {
    echo "$label failed:" >&2
    tail -5 "$work/stderr.out" >&2
    exit 1
  }
  echo "$label $(cat "$work/time.out")"
}
best () { sort -n -k2 | head -1; }

cat "$work"/vmcx/*/* "$work"/xml/*/* >/dev/null
cd "$work/xml/Virtual Machines"
xmllint_line=$(for i in 1 2 3; do measure xmllint xmllint --noout ./*.xml; done | best)
xml_line=$(for i in 1 2 3; do measure xml "$hvplan" collect --quiet -o "$work/xml.json" "$work/xml"; done | best)
vmcx_line=$(for i in 1 2 3; do measure vmcx "$hvplan" collect --quiet -o "$work/vmcx.json" "$work/vmcx"; done | best)
echo "$xmllint_line" | awk '{ printf "xmllint --noout (XML):  %.2f s, peak %d KiB\n", $2, $3 }'
echo "$xml_line" | awk '{ printf "hvplan collect (XML):   %.2f s, peak %d KiB\n", $2, $3 }'
echo "$vmcx_line" | awk '{ printf "hvplan collect (.vmcx): %.2f s, peak %d KiB\n", $2, $3 }'
echo "$xmllint_line $xml_line $vmcx_line" |
  awk '{ printf "ratio .vmcx / xmllint: %.2f (time), %.2f (peak); .vmcx / XML path: %.2f (time), %.2f (peak)\n",
         $8 / $2, $9 / $3, $8 / $5, $9 / $6 }'
