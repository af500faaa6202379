#!/bin/sh
# hvplan plan on the bundled example: the four verdicts, text and JSON, exit statuses, atomic output.
. "$HVP_SOURCE_ROOT/t/lib.sh"

EX="$HVP_SOURCE_ROOT/examples"
plan () {
  "$HVPLAN" plan --quiet --source "$EX/source-host" --source "$EX/source-host.json" "$@"
}

test_expect "the bundled example fits the bundled destination (exit 0)" '
  expect_status 0 plan --destination "$EX/destination.json" >out &&
  expect_match "^storage +.* PASS$" out &&
  expect_match "^memory +.* PASS$" out &&
  expect_match "^network +.* PASS$" out &&
  expect_match "^processor +.* PASS$" out
'
test_expect "memory needed: startup RAM of the VMs that run at once, overhead and the 2 GiB reserve" '
  plan --destination "$EX/destination.json" --format json >plan.json &&
  expect_match "\"schema\": *\"hvplan-plan/1\"" plan.json &&
  expect_match "\"host_reserve_bytes\": *2147483648" plan.json
'
test_expect "the small destination fails (exit 1) and names the VMs" '
  expect_status 1 plan --destination "$EX/destination-small.json" >out &&
  expect_match "^memory +.* FAIL$" out &&
  expect_match "^processor +.* FAIL$" out &&
  expect_match "SQL01" out &&
  expect_match "Could not find Ethernet switch .Backup Internal." out
'
test_expect "--switch-map maps a missing switch onto an existing one" '
  plan --destination "$EX/destination-small.json" --switch-map "Backup Internal=Lab Private" >out;
  ! grep -q "Could not find Ethernet switch .Backup Internal." out
'
test_expect "-o writes the report and prints nothing" '
  expect_status 0 plan --destination "$EX/destination.json" -o report.txt >out &&
  test ! -s out &&
  expect_match "^processor" report.txt
'
test_expect "-o into a folder that does not exist is an output error (74), no file left" '
  expect_status 74 plan --destination "$EX/destination.json" -o "$HVP_TMP/no/such/dir/r.txt" 2>err &&
  expect_match "cannot write" err &&
  expect_no_file "$HVP_TMP/no/such/dir/r.txt"
'
test_expect "a failing plan still replaces an old output file whole" '
  printf "old\n" >r.txt &&
  expect_status 1 plan --destination "$EX/destination-small.json" -o r.txt &&
  ! grep -q "^old$" r.txt &&
  expect_match "^memory" r.txt
'
test_expect "--concurrent with a VM that does not exist is a usage error (64)" '
  expect_status 64 plan --destination "$EX/destination.json" --concurrent DC01,NOPE 2>err &&
  expect_match "NOPE" err
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
