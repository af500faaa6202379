#!/bin/sh
# hvplan diff: the migration-verify story, the CI story in three formats against golden files,
# bad input, and each side read as `hvplan collect` reads it.  The parts were t5000-diff-verify,
# t5001-diff-formats, t5002-diff-errors and t5003-diff-sources; each keeps its comment.
. "$HVP_SOURCE_ROOT/t/lib.sh"

# ---- verify (was t/t5000-diff-verify.sh) --------------------------------
# hvplan diff, the migration-verify story end to end: an inventory, a second one made from it as a
# migration changes it (new host, new paths, new switch ids, arrays in another order, same VMs),
# diffed with the ignore set the README recommends, is equal (exit 0); the same with one VM's
# memory changed is different (exit 1), naming that VM and field.
test_part verify
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
  { diff "$data/migrated.json" memory.json >memory.diff; [ $? = 1 ]; } &&
  count_lines memory.diff ">*" && [ "$counted" = 1 ] &&
  expect_status 1 verify -f tap "$data/source.json" memory.json >tap &&
  expect_matches tap \
    "^1\.\.6$" \
    "^not ok 6 - vm .web. memory\.startup_bytes 4294967296 \(4\.0 GiB\) -> 8589934592 \(8\.0 GiB\)$" &&
  count_lines tap "ok *" && [ "$counted" = 5 ] &&
  count_lines tap "not ok *" && [ "$counted" = 1 ]
'
# (memory.json is the point's above, made again when it is missing.)
test_expect "the same change in the text report" '
  { [ -s memory.json ] || sed "s/\"startup_bytes\": 4294967296,/\"startup_bytes\": 8589934592,/" \
      "$data/migrated.json" >memory.json; } &&
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

# ---- formats (was t/t5001-diff-formats.sh) ------------------------------
# hvplan diff, the CI story: what changed in a week (a VM grew, a snapshot appeared, a switch was
# renamed, an adapter was disconnected, a VM was added), in the three formats, against golden
# files; the output is byte-identical whatever the order of the input's arrays.
# HVP_REGENERATE=1 rewrites the golden files (review the diff before committing).
test_part formats
: "${HVP_DATA:?}"
data="$HVP_DATA/diff/synthetic"
golden="$HVP_DATA/diff/expected"
export data golden

if [ "${HVP_REGENERATE:-}" = 1 ]; then
  for format in text json tap; do
    (cd "$data" && "$HVPLAN" diff -f "$format" source.json changed.json >"$golden/changed.$format")
  done
fi

for format in text json tap; do
  export format
  test_expect "the $format report matches t/data/diff/expected/changed.$format (exit 1)" '
    (cd "$data" && expect_status 1 "$HVPLAN" diff -f "$format" source.json changed.json) >out &&
    cmp out "$golden/changed.$format"
  '
done
test_expect "--output writes the same bytes to a file" '
  (cd "$data" && expect_status 1 "$HVPLAN" diff -f json -o "$HVP_TMP/report.json" \
     source.json changed.json) >out &&
  test ! -s out &&
  cmp "$HVP_TMP/report.json" "$golden/changed.json"
'
test_expect "the JSON report is JSON of schema hvplan-diff/1" '
  expect_match "^  \"schema\": \"hvplan-diff/1\",$" "$golden/changed.json" &&
  if command -v jq >/dev/null; then
    test "$(jq -r ".objects | map(.kind + \" \" + .name + \" \" + .status) | join(\",\")" \
             "$golden/changed.json")" = "switch Backend changed,vm mon01 added,vm sql changed,vm web changed"
  fi
'
# changed.json with every array reversed (t/diff/reverse-arrays.py) was made when the tests were
# built (t/meson.build), else it is made here.
reversed="${HVP_BUILD_ROOT:-/nonexistent}/t/diff-changed-reversed.json"
export reversed
test_expect "the same input with every array reversed gives the same bytes" '
  if [ ! -s "$reversed" ]; then
    reversed=changed.json &&
    python3 "$HVP_SOURCE_ROOT/t/diff/reverse-arrays.py" "$data/changed.json" "$reversed" || exit 1
  fi &&
  expect_status 1 "$HVPLAN" diff -f tap "$data/source.json" "$reversed" >out &&
  cmp out "$golden/changed.tap"
'
test_expect "an inventory compared with itself is equal in every format (exit 0)" '
  expect_status 0 "$HVPLAN" diff -f tap "$data/changed.json" "$data/changed.json" >tap &&
  expect_match "^1\.\.7$" tap && expect_no_line tap "not ok*" &&
  expect_status 0 "$HVPLAN" diff -f json "$data/changed.json" "$data/changed.json" >json &&
  expect_match "^  \"equal\": true,$" json && expect_match "^  \"objects\": \[\]$" json
'
test_expect "the reverse direction reports the added VM as removed" '
  expect_status 1 "$HVPLAN" diff -f tap "$data/changed.json" "$data/source.json" >tap &&
  expect_matches tap \
    "^not ok [0-9]+ - vm .mon01. removed$" \
    "^not ok [0-9]+ - switch .Backend-VLAN20. name .Backend-VLAN20. -> .Backend.$"
'
test_expect "--ignore a kind drops its objects being added" '
  expect_status 1 "$HVPLAN" diff --ignore vm -f tap "$data/source.json" "$data/changed.json" >tap &&
  expect_no_line tap "*mon01*" &&
  expect_match "^not ok [0-9]+ - vm .web. 6 changes$" tap
'

# ---- errors (was t/t5002-diff-errors.sh) --------------------------------
# hvplan diff with bad input: duplicate ids, an unknown schema version, a truncated file (65, one
# line naming the file and the problem), a missing file (66), and command-line mistakes (64).
test_part errors
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
# (future.json and truncated.json are the two points' above, made again when they are missing.)
test_expect "both sides read at once: OLD's failure first, each side's warnings in order" '
  { [ -s future.json ] ||
    sed "s|\"hvplan-inventory/1\"|\"hvplan-inventory/7\"|" "$data/source.json" >future.json; } &&
  { [ -s truncated.json ] || head -c 3000 "$data/source.json" >truncated.json; } &&
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

# ---- sources (was t/t5003-diff-sources.sh) ------------------------------
# hvplan diff reads each side as `hvplan collect` does: a Hyper-V VM configuration .xml compared
# with the inventory collected from it is equal, in both directions.
test_part sources
xml="${HVP_SAMPLES:-/nonexistent}/hyperv-xml/mwrock-packer-templates_2012R2_vm.XML"
export xml

if [ -f "$xml" ]; then
  test_expect "a VM .xml equals the inventory collected from it (exit 0)" '
    "$HVPLAN" collect -q "$xml" -o collected.json &&
    expect_status 0 "$HVPLAN" diff -q -f tap "$xml" collected.json >tap &&
    expect_match "^ok [0-9]+ - vm " tap && expect_no_line tap "not ok*" &&
    expect_status 0 "$HVPLAN" diff -q collected.json "$xml" >out &&
    expect_match "^Result: equal$" out
  '
  test_expect "the .xml against an empty inventory: its VM is removed (exit 1)" '
    printf "{\"schema\": \"hvplan-inventory/1\", \"hosts\": []}\n" >empty.json &&
    expect_status 1 "$HVPLAN" diff -q -f tap "$xml" empty.json >tap &&
    expect_match "^not ok [0-9]+ - vm .* removed$" tap
  '
else
  test_skip "a VM .xml equals the inventory collected from it" "HVP_SAMPLES has no hyperv-xml sample"
fi

test_done
