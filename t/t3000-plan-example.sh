#!/bin/sh
# hvplan plan on the bundled example: the four verdicts, text and JSON, exit statuses, atomic output.
. "$HVP_SOURCE_ROOT/t/lib.sh"

EX="$HVP_SOURCE_ROOT/examples"
plan () {
  "$HVPLAN" plan --quiet --source "$EX/source-host" --source "$EX/source-host.json" "$@"
}

test_expect "the bundled example fits the bundled destination (exit 0)" '
  expect_status 0 plan --destination "$EX/destination.json" >out &&
  expect_matches out "^storage +.* PASS$" "^memory +.* PASS$" "^network +.* PASS$" \
    "^processor +.* PASS$"
'
# The example source (examples/source-host, made by make-source-host.py) has four VMs, none off
# (DC01, TEST01 and WEB01 of unknown state, SQL01 saved), so all four run at once.  Startup RAM:
# DC01 4 GiB (static), SQL01 8 GiB (dynamic, startup), WEB01 2 GiB (dynamic, startup), TEST01
# 1 GiB (static): 15 GiB.  Overhead (planner/options.h: 32 MiB for the first GiB, 8 MiB for each
# further GiB): 56 + 88 + 40 + 32 = 216 MiB.  Host reserve: 2 GiB.
GIB=1073741824 MIB=1048576
memory_vms=$(( (4 + 8 + 2 + 1) * GIB ))
memory_overhead=$(( (32 + 3 * 8) * MIB + (32 + 7 * 8) * MIB + (32 + 8) * MIB + 32 * MIB ))
memory_required=$(( memory_vms + memory_overhead + 2 * GIB ))
test_expect "memory needed: startup RAM of the VMs that run at once, overhead and the 2 GiB reserve" '
  expect_status 0 plan --destination "$EX/destination.json" --format json >plan.json &&
  expect_match "\"schema\": *\"hvplan-plan/1\"" plan.json &&
  sed -n "/\"memory\": {/,/}/p" plan.json >memory.json &&
  expect_matches memory.json "^ *\"required_bytes\": $memory_required,\$" \
    "^ *\"vm_overhead_bytes\": $memory_overhead,\$" "^ *\"host_reserve_bytes\": 2147483648,\$" \
    "^ *\"policy\": \"startup\"\$"
'
test_expect "the small destination fails (exit 1) and names the VMs" '
  expect_status 1 plan --destination "$EX/destination-small.json" >out &&
  expect_matches out "^memory +.* FAIL$" "^processor +.* FAIL$" "SQL01" \
    "Could not find Ethernet switch .Backup Internal."
'
test_expect "--switch-map maps a missing switch onto an existing one (memory and processor still fail: exit 1)" '
  expect_status 1 plan --destination "$EX/destination-small.json" \
    --switch-map "Backup Internal=Lab Private" >out 2>err &&
  expect_matches out "^network +1 +1 +PASS$" "^memory +.* FAIL$" "#0:Could not find Ethernet switch" &&
  test ! -s err
'
test_expect "-o writes the report and prints nothing" '
  expect_status 0 plan --destination "$EX/destination.json" -o report.txt >out &&
  test ! -s out &&
  expect_match "^processor" report.txt
'
test_expect "-o into a folder that does not exist is an output error (74), no file left" '
  expect_status 74 plan --destination "$EX/destination.json" -o "$HVP_TMP/no/such/dir/r.txt" 2>err &&
  expect_lines err "*cannot write*" &&
  expect_no_file "$HVP_TMP/no/such/dir/r.txt"
'
test_expect "a failing plan still replaces an old output file whole" '
  printf "old\n" >r.txt &&
  expect_status 1 plan --destination "$EX/destination-small.json" -o r.txt &&
  expect_matches r.txt "#0:^old$" "^memory"
'
test_expect "--concurrent with a VM that does not exist is a usage error (64)" '
  expect_status 64 plan --destination "$EX/destination.json" --concurrent DC01,NOPE 2>err &&
  expect_lines err "*NOPE*"
'
test_expect "--memory-policy maximum counts dynamic maximums" '
  plan --destination "$EX/destination.json" --memory-policy maximum --format json >max.json &&
  plan --destination "$EX/destination.json" --format json >start.json &&
  max=$(sed -n "/\"memory\"/,/}/s/.*\"required_bytes\": *\([0-9]*\).*/\1/p" max.json) &&
  start=$(sed -n "/\"memory\"/,/}/s/.*\"required_bytes\": *\([0-9]*\).*/\1/p" start.json) &&
  test "$max" -gt "$start"
'
test_expect "the same inputs give byte-identical JSON" '
  plan --destination "$EX/destination.json" --format json >a.json &&
  plan --destination "$EX/destination.json" --format json >b.json &&
  cmp a.json b.json
'
test_done
