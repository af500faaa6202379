#!/bin/sh
# hvplan diff, the migration-verify story end to end: an inventory, a second one made from it as a
# migration changes it (new host, new paths, new switch ids, arrays in another order, same VMs),
# diffed with the ignore set the README recommends, is equal (exit 0); the same with one VM's
# memory changed is different (exit 1), naming that VM and field.
. "$HVP_SOURCE_ROOT/t/lib.sh"
: "${HVP_DATA:?}"
data="$HVP_DATA/diff/synthetic"
export data

# The README's recommended set for verifying a migration.
verify () {
  "$HVPLAN" diff --ignore host --ignore volume --ignore vm.host --ignore vm.config_path \
    --ignore vm.state --ignore disk.path --ignore disk.local_path --ignore switch.id \
    --ignore switch.physical_nics --ignore adapter.switch_id \
    --tolerance disk.file_size_bytes=10 "$@"
}

test_expect "a migrated inventory equals its source under the recommended ignores (exit 0)" '
  expect_status 0 verify "$data/source.json" "$data/migrated.json" >out 2>err &&
  expect_matches out \
    "^6 objects compared: 6 equal, 0 changed, 0 added, 0 removed$" \
    "^Result: equal$" &&
  test ! -s err
'
test_expect "without the ignores the same pair is different (exit 1)" '
  expect_status 1 "$HVPLAN" diff "$data/source.json" "$data/migrated.json" >out &&
  expect_matches out \
    "^changed  vm .web.$" \
    "^ +config_path .D:.Hyper-V.web.Virtual Machines"
'
test_expect "one VM's memory changed on the destination: exit 1, naming the VM and the field" '
  sed "s/\"startup_bytes\": 4294967296,/\"startup_bytes\": 8589934592,/" \
    "$data/migrated.json" >memory.json &&
  test "$(diff "$data/migrated.json" memory.json | grep -c "^>")" = 1 &&
  expect_status 1 verify -f tap "$data/source.json" memory.json >tap &&
  expect_matches tap \
    "^1\.\.6$" \
    "^not ok 6 - vm .web. memory\.startup_bytes 4294967296 \(4\.0 GiB\) -> 8589934592 \(8\.0 GiB\)$" &&
  test "$(grep -c "^ok " tap)" = 5 &&
  test "$(grep -c "^not ok " tap)" = 1
'
test_expect "the same change in the text report" '
  sed "s/\"startup_bytes\": 4294967296,/\"startup_bytes\": 8589934592,/" \
    "$data/migrated.json" >memory.json &&
  expect_status 1 verify "$data/source.json" memory.json >out &&
  expect_matches out \
    "^changed  vm .web.$" \
    "^ +memory\.startup_bytes 4294967296 \(4\.0 GiB\) -> 8589934592 \(8\.0 GiB\)$" \
    "^Result: different$"
'
test_expect "a dynamic disk that grew beyond the tolerance is a change" '
  expect_status 1 "$HVPLAN" diff --ignore host --ignore volume --ignore vm --ignore disk.path \
    --ignore disk.local_path --ignore switch --ignore adapter --tolerance disk.file_size_bytes=4 \
    -f tap "$data/source.json" "$data/migrated.json" >tap &&
  expect_match "^not ok 5 - vm .sql. disk .IDE 0:0. file_size_bytes 16106127360 \(15\.0 GiB\) -> 16911433728 \(15\.8 GiB\)$" tap
'
test_done
