#!/bin/sh
# Issue 18, "no silent pass": a source in which a configuration file was found but not read never
# plans as PASS, collect says so even with --quiet, the mark survives the inventory JSON, and
# --strict makes every command exit 65 naming the file.  The unread file is a `.vmcx` that is not
# one (no container signature), which no reader takes.
. "$HVP_SOURCE_ROOT/t/lib.sh"

EX="$HVP_SOURCE_ROOT/examples"
UNREAD=5D4E6FBC-CF71-4095-B2A3-6E8FA0C14255.vmcx
mkdir -p "$HVP_TMP/empty/Virtual Machines" "$HVP_TMP/root/Virtual Machines"
printf 'not a configuration' >"$HVP_TMP/root/Virtual Machines/$UNREAD"

test_expect "a root with nothing unread and no VM passes (the control)" '
  expect_status 0 "$HVPLAN" plan -s empty -d "$EX/destination.json" >control &&
  expect_lines control "Verdict: PASS" "*no VM configuration (.xml or .vmcx) in this folder*"
'
test_expect "the same root with a configuration not read: WARN, exit 0, a finding naming it" '
  expect_status 0 "$HVPLAN" plan -s root -d "$EX/destination.json" >plan 2>err &&
  expect_lines plan "Verdict: WARN" \
    "WARN inventory  configuration ?root/Virtual Machines/$UNREAD? was found but not read*" &&
  expect_lines err "hvplan: warning: 1 VM configuration file found but not read*"
'
test_expect "--strict: plan, size and collect exit 65 with one line naming the file" '
  expect_status 65 "$HVPLAN" plan -q --strict -s root -d "$EX/destination.json" >out 2>err &&
  expect_lines err "hvplan: ?root/Virtual Machines/$UNREAD?: configuration not read (*); 1 configuration file not read in all (--strict)" &&
  test ! -s out &&
  expect_status 65 "$HVPLAN" size -q --strict -s root --catalog "$EX/catalog.json" >out 2>err &&
  test ! -s out &&
  expect_status 65 "$HVPLAN" collect -q --strict -o inv.json root 2>err &&
  expect_no_file inv.json &&
  expect_lines err "*configuration not read*"
'
test_expect "collect --quiet still says so; the JSON keeps the mark; a plan of it warns" '
  expect_status 0 "$HVPLAN" collect -q -o inv.json root 2>err &&
  expect_lines err "hvplan: warning: 1 VM configuration file found but not read*" &&
  expect_match "\"unread\": true" inv.json &&
  expect_status 0 "$HVPLAN" plan -q -s inv.json -d "$EX/destination.json" --format json >plan.json &&
  expect_matches plan.json "\"requirement\": \"inventory\"" "\"verdict\": \"warn\"" &&
  expect_status 65 "$HVPLAN" plan -q --strict -s inv.json -d "$EX/destination.json" >/dev/null 2>&1
'
test_expect "the Markdown checklist: step 3 is WARN and lists the file to read" '
  expect_status 0 "$HVPLAN" plan -q -s root -d "$EX/destination.json" --format markdown >plan.md 2>/dev/null &&
  expect_matches plan.md "against the source: \*\*WARN\*\*\.$" \
    "^- \[ \] \*\*WARN\*\* inventory: configuration .root/Virtual Machines/5D4E6FBC.*was found but not read"
'
test_expect "size carries the finding" '
  expect_status 0 "$HVPLAN" size -q -s root --catalog "$EX/catalog.json" >size &&
  expect_lines size "WARN inventory  configuration ?root/Virtual Machines/$UNREAD? was found but not read*"
'
test_done
