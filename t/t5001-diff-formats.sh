#!/bin/sh
# hvplan diff, the CI story: what changed in a week (a VM grew, a snapshot appeared, a switch was
# renamed, an adapter was disconnected, a VM was added), in the three formats, against golden
# files; the output is byte-identical whatever the order of the input's arrays.
# HVP_REGENERATE=1 rewrites the golden files (review the diff before committing).
. "$HVP_SOURCE_ROOT/t/lib.sh"
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
test_expect "the same input with every array reversed gives the same bytes" '
  python3 -c "
import json, sys
def rev(x):
    if isinstance(x, list): return [rev(i) for i in reversed(x)]
    if isinstance(x, dict): return {k: rev(v) for k, v in x.items()}
    return x
json.dump(rev(json.load(open(sys.argv[1]))), open(sys.argv[2], \"w\"), indent=1)
" "$data/changed.json" changed.json &&
  cp "$data/source.json" source.json &&
  expect_status 1 "$HVPLAN" diff -f tap source.json changed.json >out &&
  cmp out "$golden/changed.tap"
'
test_expect "an inventory compared with itself is equal in every format (exit 0)" '
  expect_status 0 "$HVPLAN" diff -f tap "$data/changed.json" "$data/changed.json" >tap &&
  expect_match "^1\.\.7$" tap && ! grep -q "^not ok" tap &&
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
  ! grep -q mon01 tap &&
  expect_match "^not ok [0-9]+ - vm .web. 6 changes$" tap
'
test_done
