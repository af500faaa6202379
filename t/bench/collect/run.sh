#!/bin/sh
# Benchmark for issue 2: `hvplan collect` on a data root of N VM configuration files the size of
# the real ones (UTF-16LE, ~40 KB each), against `xmllint --noout` on the same files.
#
#   t/bench/collect/run.sh [BUILD-DIR] [N]      (defaults: build, 10000)
#
# Prints wall times, the ratio hvplan / xmllint, and both peak resident set sizes.  Needs GNU time
# (Debian package `time`) for the memory figures, and iconv.  Not part of the test suite.
set -eu
build=${1:-build}
count=${2:-10000}
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
echo "$count files, $bytes bytes"

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

cd "$work/root/Virtual Machines"
# Warm the page cache, then take the best of three runs of each.
cat ./*.xml >/dev/null
best () { sort -n -k2 | head -1; }
xmllint_line=$(for i in 1 2 3; do measure xmllint xmllint --noout ./*.xml; done | best)
hvplan_line=$(for i in 1 2 3; do measure hvplan "$hvplan" collect --quiet -o "$work/inventory.json" "$work/root"; done | best)
echo "$xmllint_line" | awk '{ printf "xmllint --noout: %.2f s, peak %d KiB\n", $2, $3 }'
echo "$hvplan_line" | awk '{ printf "hvplan collect:  %.2f s, peak %d KiB\n", $2, $3 }'
echo "$xmllint_line $hvplan_line" | awk '{ printf "ratio hvplan / xmllint: %.2f (time), %.2f (peak memory)\n", $5 / $2, $6 / $3 }'
