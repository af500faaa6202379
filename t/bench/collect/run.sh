#!/bin/sh
# Benchmark for issue 2, then issue 14: `hvplan collect` on a data root of N VM configuration
# files the size of the real ones (UTF-16LE, ~40 KB each), against `xmllint --noout` on the same
# files, in the same run.
#
#   t/bench/collect/run.sh [BUILD-DIR] [N] [ROUNDS]      (defaults: build-rel, 10000, 3)
#
# Use the release build (meson setup build-rel --buildtype=release).  Each round runs xmllint,
# `hvplan collect --jobs 1` and `--jobs 2` one after the other (paired, so a busy moment of a
# shared machine hits all three); printed are each one's median wall time, CPU time (user +
# system) and largest peak RSS over the rounds, and the ratios of the medians to xmllint's (the
# aims of issue 14: --jobs 1 <= 1.0x, --jobs 2 <= 0.6x, peak <= 32 MiB).  Needs GNU time (Debian
# package `time`) and iconv.  Not part of the test suite.
set -eu
build=${1:-build-rel}
count=${2:-10000}
rounds=${3:-3}
root=$(cd "$(dirname "$0")/../../.." && pwd)
hvplan="$root/$build/hvplan"
template="$root/examples/source-host/Virtual Machines/1F0C2A7E-8B3D-4C51-9E6F-2A4B6C8D0E11.xml"
work=${TMPDIR:-/tmp}/hvplan-bench-collect-$count
[ -x "$hvplan" ] || { echo "build hvplan first: $hvplan" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "install GNU time: apt-get install time" >&2; exit 1; }

if [ ! -f "$work/.complete" ]; then
  echo "generating $count VM configurations in $work ..."
  rm -rf "$work"
  mkdir -p "$work/utf8" "$work/root/Virtual Machines"
  # One awk pass writes every UTF-8 copy with its own id and name; iconv makes them UTF-16LE.
  iconv -f UTF-16LE -t UTF-8 "$template" | sed '1s/^\xef\xbb\xbf//' >"$work/template.xml"
  awk -v count="$count" -v dir="$work/utf8" '
    { lines[NR] = $0 }
    END {
      for (i = 0; i < count; i++) {
        id = sprintf("%08X-0000-4000-8000-%012X", i, i)
        file = dir "/" id ".xml"
        for (n = 1; n <= NR; n++) {
          line = lines[n]
          gsub(/1F0C2A7E-8B3D-4C51-9E6F-2A4B6C8D0E11/, id, line)
          sub(/>DC01</, ">vm" i "<", line)
          print line > file
        }
        close(file)
      }
    }' "$work/template.xml"
  for f in "$work"/utf8/*.xml; do
    { printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$f"; } >"$work/root/Virtual Machines/${f##*/}"
  done
  touch "$work/.complete"
fi

bytes=$(du -sb "$work/root" | cut -f1)
echo "$count files, $bytes bytes; $build; $rounds rounds; load $(cut -d' ' -f1-3 /proc/loadavg)"

. "$root/t/bench/collect/measure.sh"

cd "$work/root/Virtual Machines"
cat ./*.xml >/dev/null # warm the page cache
: >"$work/runs"
i=0
while [ "$i" -lt "$rounds" ]; do
  measure xmllint xmllint --noout ./*.xml >>"$work/runs"
  measure jobs1 "$hvplan" collect --quiet --jobs 1 -o "$work/inventory-1.json" "$work/root" >>"$work/runs"
  measure jobs2 "$hvplan" collect --quiet --jobs 2 -o "$work/inventory-2.json" "$work/root" >>"$work/runs"
  i=$((i + 1))
done
cmp "$work/inventory-1.json" "$work/inventory-2.json"

for label in xmllint jobs1 jobs2; do
  eval "${label}_wall=$(median $label 2) ${label}_cpu=$(median $label 3) ${label}_peak=$(peak $label)"
done
printf 'xmllint --noout:          %6.2f s wall, %6.2f s CPU, peak %6.1f MiB\n' "$xmllint_wall" "$xmllint_cpu" "$(echo "$xmllint_peak" | awk '{ print $1 / 1024 }')"
printf 'hvplan collect --jobs 1:  %6.2f s wall, %6.2f s CPU, peak %6.1f MiB\n' "$jobs1_wall" "$jobs1_cpu" "$(echo "$jobs1_peak" | awk '{ print $1 / 1024 }')"
printf 'hvplan collect --jobs 2:  %6.2f s wall, %6.2f s CPU, peak %6.1f MiB\n' "$jobs2_wall" "$jobs2_cpu" "$(echo "$jobs2_peak" | awk '{ print $1 / 1024 }')"
echo "$xmllint_wall $jobs1_wall $jobs2_wall $xmllint_cpu $jobs1_cpu" | awk '{
  printf "ratio to xmllint (wall): --jobs 1 %.2f (aim <= 1.0), --jobs 2 %.2f (aim <= 0.6)\n", $2 / $1, $3 / $1
  printf "ratio to xmllint (CPU):  --jobs 1 %.2f\n", $5 / $4 }'
