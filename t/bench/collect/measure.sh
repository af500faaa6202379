# Paired-run measurement shared by t/bench/collect/run.sh and vmcx.sh (sourced; $work is set).
#
# measure LABEL COMMAND...: runs COMMAND under GNU time, output discarded; prints
# "LABEL wall-seconds cpu-seconds peak-KiB" (CPU = user + system), or stops the script when
# COMMAND fails.  median LABEL FIELD: the median of FIELD (2 wall, 3 CPU) over the lines of
# $work/runs with LABEL; peak LABEL: their largest peak RSS in KiB.
measure () {
  label=$1
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.out" "$@" >/dev/null 2>"$work/stderr.out" || {
    echo "$label failed:" >&2
    tail -5 "$work/stderr.out" >&2
    exit 1
  }
  awk -v label="$label" '{ printf "%s %s %.2f %s\n", label, $1, $2 + $3, $4 }' "$work/time.out"
}
median () {
  awk -v l="$1" -v f="$2" '$1 == l { print $f }' "$work/runs" | sort -n |
    awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
peak () { awk -v l="$1" '$1 == l && $4 > m { m = $4 } END { print m }' "$work/runs"; }
