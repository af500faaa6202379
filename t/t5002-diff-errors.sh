#!/bin/sh
# hvplan diff with bad input: duplicate ids, an unknown schema version, a truncated file (65, one
# line naming the file and the problem), a missing file (66), and command-line mistakes (64).
. "$HVP_SOURCE_ROOT/t/lib.sh"
: "${HVP_DATA:?}"
data="$HVP_DATA/diff/synthetic"
export data

test_expect "a VM id twice in one host: exit 65, one line naming the file and the id" '
  expect_status 65 "$HVPLAN" diff "$data/source.json" "$data/duplicate-vm-id.json" >out 2>err &&
  test ! -s out &&
  expect_one_line "*duplicate-vm-id.json*VM id ?5C2A3E8F-2222-4C1D-9A55-0A1B2C3D4E02? appears twice*" err
'
test_expect "a VM id in two hosts: exit 65, naming the file, the id and both hosts" '
  expect_status 65 "$HVPLAN" diff "$data/duplicate-vm-id-hosts.json" "$data/source.json" 2>err &&
  expect_one_line "*" err &&
  expect_match "^hvplan: .[^ ]*duplicate-vm-id-hosts\.json.: VM id .5C2A3E8F-1111-4C1D-9A55-0A1B2C3D4E01. appears twice \(hosts .hv-a. and .hv-b.\)$" err
'
test_expect "an unknown schema version: exit 65, naming the version" '
  sed "s|\"hvplan-inventory/1\"|\"hvplan-inventory/7\"|" "$data/source.json" >future.json &&
  expect_status 65 "$HVPLAN" diff "$data/source.json" future.json 2>err &&
  expect_one_line "*future.json*schema ?hvplan-inventory/7? is not supported*" err
'
test_expect "a truncated inventory: exit 65, naming the file" '
  head -c 3000 "$data/source.json" >truncated.json &&
  expect_status 65 "$HVPLAN" diff truncated.json "$data/source.json" 2>err &&
  expect_one_line "*truncated.json*truncated*" err
'
test_expect "both sides read at once: OLD's failure first, each side's warnings in order" '
  sed "s|\"hvplan-inventory/1\"|\"hvplan-inventory/7\"|" "$data/source.json" >future.json &&
  head -c 3000 "$data/source.json" >truncated.json &&
  expect_status 65 "$HVPLAN" diff truncated.json future.json 2>err &&
  expect_one_line "*truncated.json*truncated*" err &&
  for side in old new; do
    sed "s|\"warnings\": \[\]|\"warnings\": [{\"file\": \"$side.xml\", \"message\": \"$side side\"}]|" \
      "$data/source.json" >"$side.json" || return 1
  done &&
  expect_status 0 "$HVPLAN" diff -o /dev/null old.json new.json 2>err &&
  { IFS= read -r first && IFS= read -r second && ! IFS= read -r third; } <err &&
  case $first in *old.xml*"old side"*) ;; *) false ;; esac &&
  case $second in *new.xml*"new side"*) ;; *) false ;; esac
'
test_expect "a missing file: exit 66" '
  expect_status 66 "$HVPLAN" diff "$data/source.json" no-such.json 2>err &&
  expect_line "*no-such.json*" err
'
test_expect "one side only: usage error (64)" '
  expect_status 64 "$HVPLAN" diff "$data/source.json" 2>err &&
  expect_line "*needs two inventories*" err
'
test_expect "--ignore of an unknown field: usage error (64) naming it" '
  expect_status 64 "$HVPLAN" diff --ignore vm.memroy "$data/source.json" "$data/source.json" 2>err &&
  expect_line "*cannot ignore ?vm.memroy?: no such field*" err
'
test_expect "--tolerance of a text field or without a percentage: usage error (64)" '
  expect_status 64 "$HVPLAN" diff --tolerance vm.name=5 "$data/source.json" "$data/source.json" 2>err &&
  expect_line "*vm.name? is not a numeric field*" err &&
  expect_status 64 "$HVPLAN" diff --tolerance disk.file_size_bytes "$data/source.json" "$data/source.json" 2>err &&
  expect_line "*is not FIELD=PERCENT*" err &&
  expect_status 64 "$HVPLAN" diff --tolerance disk.file_size_bytes=-3 "$data/source.json" "$data/source.json" 2>err &&
  expect_line "*is not a percentage*" err
'
test_expect "an unknown --format: usage error (64)" '
  expect_status 64 "$HVPLAN" diff -f xml "$data/source.json" "$data/source.json" 2>err &&
  expect_line "*--format must be ?text?, ?json?, ?tap?*" err
'
test_done
