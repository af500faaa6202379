#!/bin/sh
# The azman collector from the command line: an InitialStore.xml collected alone and merged with
# the host's inventory, its customizations as plan findings (with the note for a Windows Server
# 2012 R2 destination), compared by hvplan diff, and hostile or broken stores refused with 65.
. "$HVP_SOURCE_ROOT/t/lib.sh"
: "${HVP_DATA:?}"
stores="$HVP_DATA/azman/synthetic"
# The bundled example host without the security settings it carries, so that each store below is
# the only source of them: one awk drops each host's "security" member (the lines from its
# opening, indented 6, to the brace that closes it at that indentation, in hvplan's canonical
# layout), and the comma before it when it was the host's last member (as python's json would
# write it without the member); it fails unless it dropped one member a host.
examples="$HVP_TMP/examples"
mkdir -p "$examples"
awk '
  inside { if ($0 == "      }" || $0 == "      },") { inside = 0; if ($0 == "      }") sub(/,$/, "", held) }
           next }
  $0 == "      \"security\": {" { inside = 1; dropped++; next }
  NR > 1 { print held }
  { held = $0 }
  /^      "name": / { hosts++ }
  END { print held; if (inside || dropped != hosts) { print "security members: " dropped " of " hosts " hosts" > "/dev/stderr"; exit 1 } }
' "$HVP_SOURCE_ROOT/examples/source-host.json" >"$examples/source-host.json" &&
  cp "$HVP_SOURCE_ROOT/examples/destination.json" "$examples/" || exit 1
export stores examples

test_expect "collect reads a store into the unnamed host's security settings" '
  "$HVPLAN" collect "$stores/hyperv-customized.xml" -o inventory.json &&
  expect_matches inventory.json "^    \"azman:.*hyperv-customized.xml\"$" "^      \"name\": null,$" \
    "^        \"store_read\": true,$" "^            \"name\": \"Finance\",$" \
    "#3:\"customized\": true" "#1:\"customized\": false"
'
test_expect "collect merges the store with the host inventory it belongs to" '
  "$HVPLAN" collect "$examples/source-host.json" "$stores/hyperv-default.xml" -o merged.json &&
  expect_matches merged.json "#1:^      \"name\": " "^      \"name\": \"HV-OLD\",$" \
    "^        \"service_application\": \"Hyper-V services\",$"
'
test_expect "the default store adds no finding; the customized one a warning per item" '
  sed "s/\"Windows Server 2012 R2\"/\"Windows Server 2008 R2\"/" "$examples/source-host.json" \
    >source-2008r2.json &&
  "$HVPLAN" plan --source source-2008r2.json --source "$stores/hyperv-default.xml" \
    --destination "$examples/destination.json" >default.txt &&
  expect_matches default.txt "#0: security " &&
  "$HVPLAN" plan --source source-2008r2.json --source "$stores/hyperv-customized.xml" \
    --destination "$examples/destination.json" >customized.txt &&
  expect_matches customized.txt "#4:^WARN security   " \
    "^WARN security   role assignment .Helpdesk. in the default scope: .*; the destination \(Windows Server 2012 R2\) ignores the Authorization Manager store: the equivalent is membership of Hyper-V Administrators"
'
test_expect "a Windows Server 2008 R2 destination is told to re-create the scope in azman.msc" '
  sed "s/\"Windows Server 2012 R2\"/\"Windows Server 2008 R2\"/" "$examples/destination.json" \
    >destination-2008r2.json &&
  "$HVPLAN" plan --format json --source source-2008r2.json \
    --source "$stores/hyperv-customized.xml" --destination destination-2008r2.json >plan.json &&
  expect_matches plan.json "#4:\"requirement\": \"security\"" \
    "on the destination: create scope .Finance. in azman.msc"
'
test_expect "a store on a Windows Server 2012 R2 source is noted as ignored there" '
  "$HVPLAN" plan --source "$examples/source-host.json" --source "$stores/hyperv-customized.xml" \
    --destination "$examples/destination.json" >ignored.txt &&
  test "$(grep -Ec "^INFO security   .*the source \(Windows Server 2012 R2\) ignores" ignored.txt)" = 4
'
test_expect "diff names each scope and role assignment added (exit 1)" '
  "$HVPLAN" collect "$stores/hyperv-default.xml" -o default.json &&
  "$HVPLAN" collect "$stores/hyperv-customized.xml" -o customized.json &&
  expect_status 1 "$HVPLAN" diff default.json customized.json >diff.txt &&
  expect_matches diff.txt "^         scope .Finance. added$" \
    "^         role_assignment .\(default\)/Helpdesk. added$" \
    "^         role_assignment .Finance/Finance operators. added$" &&
  expect_status 0 "$HVPLAN" diff --ignore scope --ignore role_assignment default.json \
    customized.json >/dev/null
'
test_expect "a DOCTYPE is refused with 65 before any entity is read" '
  { echo "<!DOCTYPE AzAdminManager [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>";
    sed 1d "$stores/hyperv-default.xml"; } >doctype.xml &&
  expect_status 65 "$HVPLAN" collect doctype.xml 2>err &&
  expect_lines err "*has a DOCTYPE: refused*"
'
test_expect "a malformed store is refused with 65, naming the line" '
  head -c 3000 "$stores/hyperv-default.xml" >truncated.xml &&
  expect_status 65 "$HVPLAN" collect truncated.xml 2>err &&
  expect_match "cannot parse .*truncated.xml.: line [0-9]+: " err
'
test_done
