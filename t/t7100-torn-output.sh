#!/bin/sh
# Outputs are never torn: `hvplan collect -o FILE` is killed (SIGKILL) at random moments while it
# reads a large inventory and writes its output; FILE must then hold either the old content or the
# whole new one (compared by checksum).  hvp_command_write_output() (cmd/output.c) writes a
# temporary file beside FILE (FILE.XXXXXX) and renames it over FILE; a kill between the two leaves
# that temporary file, which no program can remove after SIGKILL: the test allows those, and only
# those, and reports how many.
#
# The kill times come from a seed printed as "# seed N": HVP_TEST_SEED=N runs the same kills again
# (the same fractions of a full run; a full run is timed on each machine).  Without it the seed is
# fresh.  Fifty kills are expensive (t/lib.sh): by default 2 run, 50 with HVP_TEST_EXPENSIVE=1;
# HVP_TORN_RUNS=N asks for N.
. "$HVP_SOURCE_ROOT/t/lib.sh"

if test_have_expensive; then runs=${HVP_TORN_RUNS:-50}; else runs=${HVP_TORN_RUNS:-2}; fi
# A fresh seed below 2^31 (mawk's srand() takes no more).
seed=${HVP_TEST_SEED:-$(( $(od -An -N4 -tu4 /dev/urandom | tr -d ' ') % 2147483647 ))}
case $seed in
  ''|*[!0-9]*) echo "Bail out! HVP_TEST_SEED must be a whole number, not '$seed'"; exit 1 ;;
esac
if [ "${#seed}" -gt 10 ] || [ "$seed" -gt 2147483647 ]; then
  echo "Bail out! HVP_TEST_SEED must be at most 2147483647, not $seed"; exit 1
fi
echo "# seed $seed (HVP_TEST_SEED=$seed repeats these kill times)"

if ! command -v python3 >/dev/null 2>&1; then
  test_skip "kills at random points never leave a torn -o file" "python3 is needed to make the input"
  test_done
  exit
fi

# A source of 20,000 VMs (3 MB in, 12 MB out), made here; 5,000 by default (the expensive run
# takes the larger one).
if test_have_expensive; then vm_count=20000; else vm_count=5000; fi
echo "# $vm_count VMs in the source"
python3 - "$HVP_TMP/big.json" "$vm_count" <<'PY'
import json, sys
vms = [{"id": f"VM-{i:06d}", "name": f"vm{i}", "vcpus": 2,
        "memory": {"dynamic": False, "startup_bytes": 1073741824, "minimum_bytes": 0,
                   "maximum_bytes": 0}} for i in range(int(sys.argv[2]))]
json.dump({"schema": "hvplan-inventory/1", "sources": [], "warnings": [],
           "hosts": [{"name": "big", "memory_bytes": 17179869184, "logical_processors": 8,
                      "vms": vms}]}, open(sys.argv[1], "w"))
PY

test_expect "the old and the new output differ, and a full run takes a measurable time" '
  "$HVPLAN" collect "$HVP_DATA/inventory-json/synthetic/destination.json" -o old.json &&
  start=$(date +%s%N) &&
  "$HVPLAN" collect "$HVP_TMP/big.json" -o new.json &&
  end=$(date +%s%N) &&
  echo $(( (end - start) / 1000000 )) >full-ms &&
  echo "full run: $(cat full-ms) ms" &&
  ! cmp -s old.json new.json
'
old_sum=$(cksum < "$HVP_TMP/old.json")
new_sum=$(cksum < "$HVP_TMP/new.json")
full_ms=$(cat "$HVP_TMP/full-ms")

# The kill times: $runs fractions between 0 and 1.2 of a full run, drawn from $seed, one a line.
kill_fractions=$(awk -v seed="$seed" -v runs="$runs" \
                   'BEGIN { srand(seed); for (i = 0; i < runs; i++) printf "%.4f\n", rand() * 1.2 }')
echo "# kill times (fractions of a full run): $(echo $kill_fractions)"

# One run: FILE starts as the old output; hvplan is killed after FRACTION times a full run.
torn_run () {
  mkdir -p "$HVP_TMP/kill" && cp "$HVP_TMP/old.json" "$HVP_TMP/kill/out.json" &&
  delay=$(awk -v fraction="$1" -v full="$full_ms" 'BEGIN { printf "%.3f", fraction * full / 1000 }') &&
  { "$HVPLAN" collect "$HVP_TMP/big.json" -o "$HVP_TMP/kill/out.json" 2>/dev/null & pid=$!; } &&
  sleep "$delay" && kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  sum=$(cksum < "$HVP_TMP/kill/out.json")
  if [ "$sum" = "$old_sum" ]; then echo old >> "$HVP_TMP/outcomes"
  elif [ "$sum" = "$new_sum" ]; then echo new >> "$HVP_TMP/outcomes"
  else echo "torn after ${delay}s (fraction $1): $(wc -c < "$HVP_TMP/kill/out.json") bytes"; return 1
  fi
}

test_expect "$runs kills at random points (seed $seed): the -o file is always the old or the whole new one" '
  : > outcomes && failed=0 &&
  for fraction in $kill_fractions; do
    torn_run "$fraction" || failed=$((failed + 1))
  done &&
  echo "old: $(grep -c old outcomes), new: $(grep -c new outcomes), torn: $failed" &&
  test "$failed" -eq 0
'

old_count=$(grep -c old "$HVP_TMP/outcomes" 2>/dev/null)
new_count=$(grep -c new "$HVP_TMP/outcomes" 2>/dev/null)
echo "# full run ${full_ms} ms; after the kills the file held the old output $old_count times," \
  "the new one $new_count times"

test_expect "only the temporary files of hvp_command_write_output (out.json.XXXXXX) are left beside it" '
  leftovers=$(ls kill | grep -v "^out\.json$" | wc -l) &&
  echo "temporary files left by killed runs: $leftovers of '"$runs"' runs" &&
  ls -la kill &&
  ! ls kill | grep -v "^out\.json$" | grep -v -E "^out\.json\.[A-Za-z0-9]{6}$"
'

echo "# temporary files left beside out.json: $(ls "$HVP_TMP/kill" | grep -c -v '^out\.json$')"
test_done
