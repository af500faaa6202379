#!/bin/sh
# hvplan plan through libvirt's test driver: the README's example pair, and libvirt's own example
# node files (t/data/libvirt, from libvirt's examples/xml/test/) planned onto the example
# destination without an error.
. "$HVP_SOURCE_ROOT/t/lib.sh"
: "${HVP_DATA:?}"

EX="$HVP_SOURCE_ROOT/examples/libvirt"
case $EX in /*) ;; *) EX="$(pwd)/$EX" ;; esac
DEST="test://$EX/destination-host.xml"

test_expect "the README's libvirt example plans: four verdicts, none failing (exit 0)" '
  expect_status 0 "$HVPLAN" plan -q --source "test://$EX/source-host.xml" --destination "$DEST" >out &&
  expect_matches out "^Migration plan: source-host -> destination-host$" "^storage +.* (PASS|WARN)$" \
    "^memory +.* PASS$" "^network +.* PASS$" "^processor +.* (PASS|WARN)$"
'
test_expect "libvirt's testnode.xml plans: its bridge xenbr0 is missing on the destination (exit 1)" '
  expect_status 1 "$HVPLAN" plan -q --source "test://$HVP_DATA/libvirt/testnode.xml" --destination "$DEST" >out 2>err &&
  expect_matches out "^FAIL network +fc4: Could not find Ethernet switch .xenbr0." \
    "^FAIL network +fv0: Could not find Ethernet switch .xenbr0." &&
  test ! -s err
'
test_expect "mapping xenbr0 onto the destination External network makes it fit (exit 0)" '
  expect_status 0 "$HVPLAN" plan -q --source "test://$HVP_DATA/libvirt/testnode.xml" --destination "$DEST" \
    --switch-map xenbr0=External >out &&
  expect_matches out "^network +1 +4 +WARN$" "type of switch .xenbr0. unknown"
'
# testnodeinline.xml attaches fc4, fc5 and fv0 to the bridge xenbr0, which the destination lacks:
# the plan fails on the network (exit 1), and that is a verdict, not an error (nothing on stderr).
test_expect "libvirt's testnodeinline.xml plans: its bridge xenbr0 is missing on the destination (exit 1)" '
  expect_status 1 "$HVPLAN" plan -q --source "test://$HVP_DATA/libvirt/testnodeinline.xml" \
    --destination "$DEST" --format json >plan.json 2>err &&
  expect_matches plan.json "\"schema\": \"hvplan-plan/1\"" "^  \"verdict\": \"fail\",$" \
    "#3:Could not find Ethernet switch .xenbr0." &&
  sed -n "/\"network\": {/,/}/p" plan.json >network.json &&
  expect_lines network.json "*\"verdict\": \"fail\"*" &&
  test ! -s err
'
test_done
