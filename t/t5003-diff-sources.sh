#!/bin/sh
# hvplan diff reads each side as `hvplan collect` does: a Hyper-V VM configuration .xml compared
# with the inventory collected from it is equal, in both directions.
. "$HVP_SOURCE_ROOT/t/lib.sh"
xml="${HVP_SAMPLES:-/nonexistent}/hyperv-xml/mwrock-packer-templates_2012R2_vm.XML"
export xml

if [ -f "$xml" ]; then
  test_expect "a VM .xml equals the inventory collected from it (exit 0)" '
    "$HVPLAN" collect -q "$xml" -o collected.json &&
    expect_status 0 "$HVPLAN" diff -q -f tap "$xml" collected.json >tap &&
    expect_match "^ok [0-9]+ - vm " tap && ! grep -q "^not ok" tap &&
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
