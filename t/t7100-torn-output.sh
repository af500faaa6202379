#!/bin/sh
# Outputs are never torn: `hvplan collect -o FILE` is killed (SIGKILL) at random moments while it
# reads a large inventory and writes its output; FILE must then hold either the old content or the
# whole new one (compared by checksum).  g_file_set_contents() writes a temporary file beside FILE
# (FILE.XXXXXX) and renames it over FILE; a kill between the two leaves that temporary file, which
# no program can remove after SIGKILL: the test allows those, and only those, and reports how many.
. "$HVP_SOURCE_ROOT/t/lib.sh"

runs=${HVP_TORN_RUNS:-50}

if ! command -v python3 >/dev/null 2>&1; then
  test_skip "kills at random points never leave a torn -o file" "python3 is needed to make the input"
  test_done
  exit
fi

# A source of 20,000 VMs (3 MB in, 12 MB out), made here.
python3 - "$HVP_TMP/big.json" <<'PY'
import json, sys
vms = [{"id": f"VM-{i:06d}", "name": f"vm{i}", "vcpus": 2,
        "memory": {"dynamic": False, "startup_bytes": 1073741824, "minimum_bytes": 0,
                   "maximum_bytes": 0}} for i in range(20000)]
json.dump({"schema": "hvplan-inventory/1", "sources": [], "warnings": [],
           "hosts": [{"name": "big", "memory_bytes": 17179869184, "logical_processors": 8,
                      "vms": vms}]}, open(sys.argv[1], "w"))
PY

test_expect "the old and the new output differ, and a full run takes a measurable time" '
  "$HVPLAN" collect "$HVP_DATA/inventory-json/synthetic/destination.json" -o old.json &&
  start=$(date +%s%N) &&
  "$HVPLAN" collect "$HVP_TMP/big.json" -o new.json &&
  end=$(date +%s%N) &&
  echo "full run: $(( (end - start) / 1000000 )) ms" &&
  ! cmp -s old.json new.json
'
old_sum=$(cksum < "$HVP_TMP/old.json")
new_sum=$(cksum < "$HVP_TMP/new.json")
full_ms=$(cd "$HVP_TMP" && s=$(date +%s%N) && "$HVPLAN" collect "$HVP_TMP/big.json" -o timing.json &&
          e=$(date +%s%N) && echo $(( (e - s) / 1000000 )))
rm -f "$HVP_TMP/timing.json"

# One run: FILE starts as the old output; hvplan is killed after a random delay between 0 and
# 1.2 times a full run.
torn_run () {
  mkdir -p "$HVP_TMP/kill" && cp "$HVP_TMP/old.json" "$HVP_TMP/kill/out.json" &&
  delay=$(awk -v seed="$1" -v full="$full_ms" \
            "BEGIN { srand(seed); printf \"%.3f\", rand() * full * 1.2 / 1000 }") &&
  { "$HVPLAN" collect "$HVP_TMP/big.json" -o "$HVP_TMP/kill/out.json" 2>/dev/null & pid=$!; } &&
  sleep "$delay" && kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  sum=$(cksum < "$HVP_TMP/kill/out.json")
  if [ "$sum" = "$old_sum" ]; then echo old >> "$HVP_TMP/outcomes"
  elif [ "$sum" = "$new_sum" ]; then echo new >> "$HVP_TMP/outcomes"
  else echo "torn after ${delay}s: $(wc -c < "$HVP_TMP/kill/out.json") bytes"; return 1
  fi
}

test_expect "$runs kills at random points: the -o file is always the old or the whole new one" '
  : > outcomes && i=0 && failed=0 &&
  while [ $i -lt '"$runs"' ]; do
    i=$((i + 1)); torn_run $(( i * 7919 + $$ )) || failed=$((failed + 1))
  done &&
  echo "old: $(grep -c old outcomes), new: $(grep -c new outcomes), torn: $failed" &&
  test "$failed" -eq 0
'

old_count=$(grep -c old "$HVP_TMP/outcomes" 2>/dev/null)
new_count=$(grep -c new "$HVP_TMP/outcomes" 2>/dev/null)
echo "# full run ${full_ms} ms; after the kills the file held the old output $old_count times," \
  "the new one $new_count times"

test_expect "only g_file_set_contents temporary files (out.json.XXXXXX) are left beside it" '
  leftovers=$(ls kill | grep -v "^out\.json$" | wc -l) &&
  echo "temporary files left by killed runs: $leftovers of '"$runs"' runs" &&
  ls -la kill &&
  ! ls kill | grep -v "^out\.json$" | grep -v -E "^out\.json\.[A-Za-z0-9]{6}$"
'

echo "# temporary files left beside out.json: $(ls "$HVP_TMP/kill" | grep -c -v '^out\.json$')"
test_done
