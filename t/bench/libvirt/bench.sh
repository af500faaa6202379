#!/bin/sh
# Benchmark: hvplan collect on a libvirt test-driver node with N domains (default 5000) versus
# virsh.  Usage: t/bench/libvirt/bench.sh BUILD_DIR [N] [NAIVE_SAMPLE]
#   1. hvplan collect test:///…/node.xml > /dev/null          (time, peak RSS via /usr/bin/time -v)
#   2. one virsh process: "list --all; dumpxml vm00000; …"    (the fair baseline)
#   3. naive script: virsh list --all, then one virsh process per dumpxml; every virsh process
#      re-reads the whole node file, so it is measured on NAIVE_SAMPLE domains (default 20) and
#      extrapolated to N.
set -eu
build=${1:?usage: bench.sh BUILD_DIR [N] [NAIVE_SAMPLE]}
count=${2:-5000}
sample=${3:-20}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$here/generate-node.py" "$count" > "$work/node.xml"
uri="test://$work/node.xml"

measure () { # label, command...: prints wall seconds and peak RSS KiB
  label=$1; shift
  /usr/bin/time -v -o "$work/time" "$@" > /dev/null 2> "$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time" |
         awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time")
  printf '%-44s %9.2f s %9s KiB peak RSS\n' "$label" "$wall" "$rss"
  echo "$wall" > "$work/last"
}

echo "node file: $count domains, $(wc -c < "$work/node.xml") bytes"
measure "hvplan collect" "$build/hvplan" collect "$uri"
hvplan_s=$(cat "$work/last")

{ printf 'list --all'; i=0; while [ $i -lt "$count" ]; do printf '; dumpxml vm%05d' $i; i=$((i + 1)); done; } > "$work/commands"
measure "virsh (one process, ';'-separated)" virsh -r -c "$uri" "$(cat "$work/commands")"
single_s=$(cat "$work/last")

cat > "$work/naive.sh" <<NAIVE
virsh -r -c "$uri" list --all --name
i=0
while [ \$i -lt $sample ]; do virsh -r -c "$uri" dumpxml \$(printf vm%05d \$i); i=\$((i + 1)); done
NAIVE
measure "virsh naive: list + $sample dumpxml processes" sh "$work/naive.sh"
naive_sample_s=$(cat "$work/last")
naive_s=$(echo "$naive_sample_s $sample $count" | awk '{ printf "%.0f", $1 / ($2 + 1) * ($3 + 1) }')
echo "virsh naive extrapolated to $count dumpxml: ~$naive_s s"
echo "$hvplan_s $single_s $naive_s" | awk '{ printf "ratio virsh-one-process / hvplan: %.1f; virsh-naive / hvplan: %.0f\n", $2 / $1, $3 / $1 }'
