#!/bin/sh
# How hvplan's CPU time grows with the number of VMs (issue 14): for each size (default 1,000,
# 10,000 and 100,000 VMs; add 1000000 for the million, generated on the fly: about 1 GB of JSON,
# 10 minutes and 7 GiB here), the CPU time (user + system, GNU time) and peak memory of
#   collect  `hvplan collect` of the inventory JSON (read, validate, write the canonical JSON)
#   plan     `hvplan plan` of it against one empty host (reads, checks every VM)
#   size     `hvplan size --spare 1` against t/bench/size's 10 models, and the sizing alone
#            (the "cpu" of --timing: packing, failover search and placement of every model)
#   diff     `hvplan diff` of two inventories of that size, 1 % changed (t/bench/diff/generate.py)
# then, between consecutive sizes, the exponent log(CPU₂ / CPU₁) / log(VMs₂ / VMs₁): 1 is linear,
# 1.1 about n log n at these sizes, 2 quadratic (the aim of issue 14: at most 1.15 per decade).
# Inventories come from t/bench/size/generate.py (a general-purpose size mix on hosts of 100 VMs).
# Use the release build (meson setup build-rel --buildtype=release).  Run it twice and on a quiet
# machine: CPU time is steadier than wall time on a shared one, but not immune to it.  ROUNDS=N
# (default 1) runs each work N times at each size and keeps the smallest CPU time (and the largest
# peak): a neighbour's busy moment only adds time, and with one run it can fall on one size and
# not the other (a million VMs take half a minute of CPU, 100,000 two seconds).
#
#   t/bench/scaling/run.sh [HVPLAN [SIZES...]]     (default: build-rel/hvplan 1000 10000 100000)
#
# WORKS="collect plan size diff" (the default) chooses what runs: at a million VMs the diff alone
# generates two 2.9 GB inventories, so `WORKS="size" t/bench/scaling/run.sh build-rel/hvplan 1000
# 10000 100000 1000000` is the quick way to the sizing's exponents (size also gives "sizing").
#
# Needs python3 and GNU time (/usr/bin/time).  Not part of the default test suite.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bench=$(dirname "$here")
hvplan=${1:-build-rel/hvplan}
shift || true
sizes=${*:-1000 10000 100000}
works=${WORKS:-collect plan size diff}
case " $works " in *" size "*) works="$works sizing" ;; esac
# wants NAME: whether NAME is among the works chosen
wants() {
  case " $works " in *" $1 "*) return 0 ;; esac
  return 1
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

rounds=${ROUNDS:-1}

# keep NAME SECONDS MIB: records one run of NAME at this size in $work/NAME.$vms as
# "CPU-seconds peak-MiB", the smallest CPU time and the largest peak of the runs so far.
keep() {
  if [ -f "$work/$1.$vms" ]; then
    read -r kept_seconds kept_mib <"$work/$1.$vms"
  else
    kept_seconds=$2 kept_mib=$3
  fi
  echo "$2 $3 $kept_seconds $kept_mib" |
    awk '{ printf "%s %d\n", ($1 < $3 ? $1 : $3), ($2 > $4 ? $2 : $4) }' >"$work/$1.$vms"
}

# cpu NAME COMMAND...: runs it (exit 0 or 1) and keeps its CPU time and peak (keep()); its
# standard error stays in $work/stderr
cpu() {
  name=$1
  shift
  /usr/bin/time -f '%U %S %M' -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || test $? = 1 ||
    { cat "$work/stderr" >&2; exit 1; }
  keep "$name" $(tail -n 1 "$work/time" | awk '{ printf "%.2f %d\n", $1 + $2, $3 / 1024 }')
}

# exponent NAME FROM TO: the growth exponent of NAME's CPU time between two sizes, marked with
# a * when the smaller time is under 0.1 s: GNU time counts hundredths of a second (0.01 s may be
# 0.005 or 0.015), and the sizing's few milliseconds at 1,000 VMs move with the machine.
exponent() {
  /usr/bin/python3 -c 'import math, sys
t1, t2, n1, n2 = (float(x) for x in sys.argv[1:])
mark = "*" if t1 < 0.1 else ""
print("%.2f%s" % (math.log(t2 / t1) / math.log(n2 / n1), mark) if t1 > 0 and t2 > 0 else "-")' \
    "$(cut -d ' ' -f 1 "$work/$1.$2")" "$(cut -d ' ' -f 1 "$work/$1.$3")" "$2" "$3"
}

echo "smallest CPU time of $rounds run(s) at each size"
printf '%-9s %-8s %9s %9s\n' VMs work "CPU s" "peak MiB"
for vms in $sizes; do
  /usr/bin/python3 "$bench/size/generate.py" "$vms" "$work/source.json" "$work/catalog.json"
  /usr/bin/python3 - "$work/source.json" "$work/destination.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
host = doc["hosts"][0]
host.update(name="destination", vms=[], disks=[])
json.dump({"schema": doc["schema"], "sources": ["bench:destination"], "hosts": [host],
           "warnings": []}, open(sys.argv[2], "w"))
PY
  round=0
  while [ "$round" -lt "$rounds" ]; do
    round=$((round + 1))
    ! wants collect ||
      cpu collect "$hvplan" collect --max-input-size 4GiB -o "$work/out.json" "$work/source.json"
    ! wants plan ||
      cpu plan "$hvplan" plan --quiet --max-input-size 4GiB --source "$work/source.json" \
        --destination "$work/destination.json"
    if wants size; then
      cpu size "$hvplan" size --quiet --timing --spare 1 --max-input-size 4GiB \
        --source "$work/source.json" --catalog "$work/catalog.json" -f json -o "$work/size.json"
      keep sizing $(sed -n 's/.*(cpu \([0-9.]*\) s;.*/\1 0/p' "$work/stderr")
    fi
  done
  if wants size; then
    # The hosts each model needs, kept beside the times: no count may grow when the code changes.
    /usr/bin/python3 -c 'import json, sys
for m in json.load(open(sys.argv[1]))["models"]:
    print("  %-50s %s" % (m["name"], m["hosts_needed"] if m["fits"] else "does not fit"))' \
      "$work/size.json" >"$work/hosts.$vms"
  fi
  rm -f "$work/out.json" "$work/source.json"
  if wants diff; then
    /usr/bin/python3 "$bench/diff/generate.py" "$vms" $(( (vms + 99) / 100 )) "$work/old.json" "$work/new.json"
    round=0
    while [ "$round" -lt "$rounds" ]; do
      round=$((round + 1))
      cpu diff "$hvplan" diff --max-input-size 4GiB -f tap "$work/old.json" "$work/new.json"
    done
    rm -f "$work/old.json" "$work/new.json"
  fi
  for name in $works; do
    read -r seconds mib <"$work/$name.$vms"
    printf '%-9s %-8s %9s %9s\n' "$vms" "$name" "$seconds" "$mib"
  done
  if wants size; then
    echo "hosts needed at $vms VMs (--spare 1):"
    cat "$work/hosts.$vms"
  fi
done
previous=
for vms in $sizes; do
  if [ -n "$previous" ]; then
    printf 'exponent %s -> %s:' "$previous" "$vms"
    for name in $works; do
      printf ' %s %s' "$name" "$(exponent "$name" "$previous" "$vms")"
    done
    echo
  fi
  previous=$vms
done
echo "(*: from a CPU time under 0.1 s: a rough figure)"
