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
seed=${HVP_TEST_SEED:-$(( $(od -An -N4 -tu4 /dev/urandom) % 2147483647 ))}
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

# A source of 20,000 VMs (3 MB in, 12 MB out), made here by t/torn/big-source.py; 5,000 by default
# (the expensive run takes the larger one), made when the tests were built (t/meson.build).
if test_have_expensive; then vm_count=20000; else vm_count=5000; fi
echo "# $vm_count VMs in the source"
big="${HVP_BUILD_ROOT:-/nonexistent}/t/torn-big-$vm_count.json"
if [ ! -s "$big" ]; then
  big="$HVP_TMP/big.json"
  python3 "$HVP_SOURCE_ROOT/t/torn/big-source.py" "$big" "$vm_count"
fi
export big

test_expect "the old and the new output differ, and a full run takes a measurable time" '
  "$HVPLAN" collect "$HVP_DATA/inventory-json/synthetic/destination.json" -o old.json &&
  start=$(date +%s%N) &&
  "$HVPLAN" collect "$big" -o new.json &&
  end=$(date +%s%N) &&
  full_ms=$(( (end - start) / 1000000 )) && echo "$full_ms" >full-ms &&
  echo "full run: $full_ms ms" &&
  ! cmp -s old.json new.json
'
old_sum=$(cksum < "$HVP_TMP/old.json")
new_sum=$(cksum < "$HVP_TMP/new.json")
full_ms=
IFS= read -r full_ms < "$HVP_TMP/full-ms"

# The kill times: $runs fractions between 0 and 1.2 of a full run, drawn from $seed, one a line,
# each as FRACTION:SECONDS (the delay after the start, by the same awk).
kill_times=$(awk -v seed="$seed" -v runs="$runs" -v full="$full_ms" \
  'BEGIN { srand(seed)
           for (i = 0; i < runs; i++) { f = sprintf("%.4f", rand() * 1.2); printf "%s:%.3f\n", f, f * full / 1000 } }')
kill_fractions=
for time in $kill_times; do kill_fractions="$kill_fractions ${time%%:*}"; done
echo "# kill times (fractions of a full run):$kill_fractions"

# count_outcomes: the lines of $HVP_TMP/outcomes holding "old" and "new", in $old_count and
# $new_count (as grep -c; a few dozen short lines, read by the shell).
count_outcomes () {
  old_count=0 new_count=0
  while IFS= read -r outcome || [ -n "$outcome" ]; do
    case $outcome in *old*) old_count=$((old_count + 1)) ;; esac
    case $outcome in *new*) new_count=$((new_count + 1)) ;; esac
  done < "$HVP_TMP/outcomes"
}
# leftovers: the names in $HVP_TMP/kill other than out.json, in $left (count) and $odd (those
# that are not a temporary file out.json.XXXXXX of six letters or digits); a glob, as ls shows them.
leftovers () {
  left=0 odd=
  for entry in "$HVP_TMP"/kill/*; do
    name=${entry##*/}
    [ -e "$entry" ] || [ -L "$entry" ] || continue
    [ "$name" = out.json ] && continue
    left=$((left + 1))
    case $name in
      out.json.[A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9]) ;;
      *) odd="$odd $name" ;;
    esac
  done
}

# One run: FILE starts as the old output; hvplan is killed after FRACTION times a full run
# (torn_run FRACTION:SECONDS, as in $kill_times; $HVP_TMP/kill exists).
torn_run () {
  cp "$HVP_TMP/old.json" "$HVP_TMP/kill/out.json" &&
  delay=${1#*:} && set -- "${1%%:*}" &&
  { "$HVPLAN" collect "$big" -o "$HVP_TMP/kill/out.json" 2>/dev/null & pid=$!; } &&
  sleep "$delay" && kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  sum=$(cksum < "$HVP_TMP/kill/out.json")
  if [ "$sum" = "$old_sum" ]; then echo old >> "$HVP_TMP/outcomes"
  elif [ "$sum" = "$new_sum" ]; then echo new >> "$HVP_TMP/outcomes"
  else echo "torn after ${delay}s (fraction $1): $(wc -c < "$HVP_TMP/kill/out.json") bytes"; return 1
  fi
}

test_expect "$runs kills at random points (seed $seed): the -o file is always the old or the whole new one" '
  : > outcomes && failed=0 && mkdir -p kill &&
  for time in $kill_times; do
    torn_run "$time" || failed=$((failed + 1))
  done &&
  count_outcomes &&
  echo "old: $old_count, new: $new_count, torn: $failed" &&
  test "$failed" -eq 0
'

count_outcomes 2>/dev/null
echo "# full run ${full_ms} ms; after the kills the file held the old output $old_count times," \
  "the new one $new_count times"

test_expect "only the temporary files of hvp_command_write_output (out.json.XXXXXX) are left beside it" '
  leftovers &&
  echo "temporary files left by killed runs: $left of '"$runs"' runs" &&
  { [ -z "$odd" ] || { echo "not a temporary file of hvp_command_write_output:$odd"; ls -la kill; false; }; }
'

leftovers
echo "# temporary files left beside out.json: $left"
test_done
