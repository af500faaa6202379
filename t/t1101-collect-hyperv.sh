#!/bin/sh
# The PowerShell collector (collect-hyperv.ps1's document) and the AzMan store it carries or
# that is collected alone, and a Hyper-V data root read on several threads.  The parts were
# t1101-collect-azman, t1102-collect-powershell and t1103-hyperv-jobs; each keeps its comment.
. "$HVP_SOURCE_ROOT/t/lib.sh"

# ---- azman (was t/t1101-collect-azman.sh) --------------------------------
# The azman collector from the command line: an InitialStore.xml collected alone and merged with
# the host's inventory, its customizations as plan findings (with the note for a Windows Server
# 2012 R2 destination), compared by hvplan diff, and hostile or broken stores refused with 65.
test_part azman
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
  expect_matches ignored.txt "#4:^INFO security   .*the source \(Windows Server 2012 R2\) ignores"
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

# ---- powershell (was t/t1102-collect-powershell.sh) ----------------------
# hvplan collect and plan on collect-hyperv.ps1 output (the synthetic document in the script's
# shape), its UTF-16LE copy, and bad PowerShell JSON (exit statuses and messages).
test_part powershell
: "${HVP_DATA:?}"
doc="$HVP_DATA/powershell/synthetic/hv01.json"
dest="$HVP_SOURCE_ROOT/examples/destination.json"
export doc dest

test_expect "collect reads the document: host, VMs, memory in bytes, saved state, security" '
  expect_status 0 "$HVPLAN" collect "$doc" -o inv.json 2>err &&
  expect_fixed inv.json "^      \"name\": \"HV01\",$" "\"memory_bytes\": 68719476736," \
    "\"logical_processors\": 16," "\"startup_bytes\": 8589934592," \
    "\"saved_state_bytes\": 8616148992," "\"name\": \"Lab VMs\"" "192.0.2.21(Preferred)" \
    "#3:\"state\": \"" &&
  expect_lines err "*could not read NetAdapters: Get-NetAdapter : Access is denied.*"
'
test_expect "the collected inventory reads back to the same bytes" '
  "$HVPLAN" collect "$doc" -o a.json 2>/dev/null &&
  "$HVPLAN" collect a.json -o b.json 2>/dev/null &&
  cmp a.json b.json
'
test_expect "a UTF-16LE copy (Windows PowerShell 5.1 Out-File) gives the same inventory" '
  cp "$doc" hv01.json &&
  { printf "\377\376"; iconv -f UTF-8 -t UTF-16LE "$doc"; } >utf16.json &&
  "$HVPLAN" collect hv01.json -o utf8.out 2>/dev/null &&
  "$HVPLAN" collect utf16.json -o utf16.out 2>/dev/null &&
  sed "s/utf16\.json/hv01.json/" utf16.out >utf16.renamed &&
  cmp utf8.out utf16.renamed
'
test_expect "plan against the example destination: storage, memory, network pass; the saved SQL01 fails" '
  expect_status 1 "$HVPLAN" plan --source "$doc" --destination "$dest" >out 2>err &&
  expect_lines out "Migration plan: HV01 -> HV-NEW" "storage * PASS" "memory * PASS" \
    "*SQL01: saved state taken on family 6 model 45 cannot be restored on family 6 model 62*" \
    "*WEB01: *processor compatibility for migration is on*" \
    "*Errors[[]0]: collect-hyperv?ps1 could not read NetAdapters*" &&
  expect_match "^network +1 +4  PASS$" out &&
  expect_match "^processor +4 +24  FAIL$" out
'
# json_values FILE: one awk reads the plan report FILE for the point below, in the file's order:
# "schema S", every "required_bytes" inside a "memory" object ("memory N", the lines from one
# holding "memory" to the next holding "}", as sed's range), every "vm_overhead_bytes" ("overhead
# N"); then "saved_state_vms" with the array that follows it, spaces and newlines removed.
json_values () {
  awk '
    { flat = flat $0 }
    /"schema": *"/ { value = $0; sub(/.*"schema": *"/, "", value); sub(/".*/, "", value); print "schema " value }
    /"vm_overhead_bytes": *[0-9]/ { value = $0; sub(/.*"vm_overhead_bytes": */, "", value); sub(/[^0-9].*/, "", value); print "overhead " value }
    memory && /"required_bytes": *[0-9]/ { value = $0; sub(/.*"required_bytes": */, "", value); sub(/[^0-9].*/, "", value); print "memory " value }
    memory && /}/ { memory = 0; next }
    !memory && /"memory"/ { memory = 1
      if (/"required_bytes": *[0-9]/) { value = $0; sub(/.*"required_bytes": */, "", value); sub(/[^0-9].*/, "", value); print "memory " value } }
    END { gsub(/ /, "", flat)
      if (match(flat, /"saved_state_vms":\[[^]]*\]/)) print "saved_state_vms " substr(flat, RSTART + 18, RLENGTH - 18) }' "$1"
}

test_expect "plan in JSON: memory of the VMs not off (DC01 4 GiB + SQL01 8 GiB) in bytes, saved states" '
  expect_status 1 "$HVPLAN" plan --source "$doc" --destination "$dest" --format json >plan.json 2>/dev/null &&
  json_values plan.json >values &&
  expect_text values "schema hvplan-plan/1
memory $(( (4 + 8 + 2) * 1073741824 + (32 + 3 * 8 + 32 + 7 * 8) * 1048576 ))
overhead $(( (32 + 3 * 8 + 32 + 7 * 8) * 1048576 ))
saved_state_vms [\"WEB01\",\"SQL01\"]"
'
test_expect "Get-VM | ConvertTo-Json > file (UTF-16LE, 5.1 layout, default depth) is read" '
  expect_status 0 "$HVPLAN" collect "$HVP_DATA/powershell/synthetic/get-vm-depth2-utf16le.json" -o vms.json 2>err &&
  test ! -s err &&
  expect_fixed vms.json "^      \"name\": \"HV02\",$" "#3:\"disk_path\": \"C:" \
    "\"mac\": \"00-15-5D-0A-1B-01\"" "\"startup_bytes\": 2147483648,"
'
test_expect "not JSON: exit 65, naming the file, byte and line" '
  printf "Name  : DC01\r\nState : Running\r\n" >table.json &&
  printf "[{\"VMId\": 1,, }]" >broken.json &&
  expect_status 65 "$HVPLAN" collect table.json 2>err &&
  count_lines err && test "$counted" = 1 &&
  expect_lines err "hvplan: ?table.json? is in no format hvplan reads*" &&
  expect_status 65 "$HVPLAN" collect broken.json 2>err &&
  count_lines err && test "$counted" = 1 &&
  expect_lines err "hvplan: ?broken.json?: not valid JSON at byte 1[23] (line 1, column 1[34])"
'
test_expect "a value of the wrong type: exit 65, naming the key path" '
  sed "s/\"ProcessorCount\":  4,/\"ProcessorCount\":  \"four\",/" "$doc" >wrong.json &&
  ! cmp -s "$doc" wrong.json &&
  expect_status 65 "$HVPLAN" collect wrong.json 2>err &&
  expect_lines err "*wrong.json?: VMs[[]2].ProcessorCount: expected a whole number, found the string ?four?"
'
test_expect "a truncated document: exit 65, naming the file" '
  head -c 5000 "$doc" >cut.json &&
  expect_status 65 "$HVPLAN" plan --source cut.json --destination "$dest" 2>err &&
  expect_lines err "*cut.json?: JSON ends early at byte 5000 *truncated*"
'
test_expect "a newer document version: exit 65, naming the version" '
  sed "s|hvplan-powershell/1|hvplan-powershell/2|" "$doc" >future.json &&
  expect_status 65 "$HVPLAN" collect future.json 2>err &&
  expect_lines err "*schema ?hvplan-powershell/2? is not supported*"
'
test_expect "a missing file: exit 66" '
  expect_status 66 "$HVPLAN" collect "$HVP_TMP/no-such.json" 2>err &&
  expect_lines err "*cannot open*"
'
scvmm="${HVP_SAMPLES:-/nonexistent}/powershell-json/open-eBackup_Get-SCVMHost_fragment.json"
if [ -f "$scvmm" ]; then
  export scvmm
  test_expect "System Center VMM output (real fragment): exit 65 with what to run instead" '
    expect_status 65 "$HVPLAN" collect "$scvmm" 2>err &&
    expect_lines err "*System Center VMM object *run collect-hyperv.ps1*"
  '
else
  test_skip "System Center VMM output (real fragment)" "HVP_SAMPLES/powershell-json is absent"
fi

# ---- jobs (was t/t1103-hyperv-jobs.sh) -----------------------------------
# Issue 14: `hvplan collect --jobs N` parses a Hyper-V data root's configuration files on N
# threads and takes them in name order: --jobs 1, 2 and 4 write byte-identical inventories
# (VMs, snapshots, warnings in the same order) and stop on the same first error.  With --jobs 2
# the collection's own thread and one worker share the files, with 4 it and three workers.  The
# root is examples/source-host with 12 more VMs (UTF-8 copies of one of its configurations with
# their own id and name) and 3 snapshot files (copies of a VM configuration, attached by their
# logical id).
test_part jobs

EX="$HVP_SOURCE_ROOT/examples/source-host"
cd "$HVP_TMP"
TEMPLATE="$EX/Virtual Machines/3B2E4C9A-AD5F-4E73-9081-4C6D8EAF2033.xml"
SNAPSHOT_OF="$EX/Virtual Machines/2A1D3B8F-9C4E-4D62-8F70-3B5C7D9E1F22.xml"
rm -rf root bad && cp -R "$EX" root
mkdir -p root/Snapshots
# The template in UTF-8 without its byte order mark, copied by one awk: in copy I every
# ...2033 id becomes ...20I, the first >WEB01< of a line >copyI<.
iconv -f UTF-16LE -t UTF-8 "$TEMPLATE" | awk '
  NR == 1 { sub(/^\357\273\277/, "") }
  { for (i = 10; i <= 21; i++) {
      line = $0
      gsub(/3B2E4C9A-AD5F-4E73-9081-4C6D8EAF2033/, "3B2E4C9A-AD5F-4E73-9081-4C6D8EAF20" i, line)
      sub(/>WEB01</, ">copy" i "<", line)
      print line > ("root/Virtual Machines/3B2E4C9A-AD5F-4E73-9081-4C6D8EAF20" i ".xml")
    } }'
for i in 1 2 3; do
  cp "$SNAPSHOT_OF" "root/Snapshots/7E0A1B2C-3D4E-4F50-8A6B-7C8D9E0F1A2$i.xml"
done
cp -R root bad
printf '<configuration><properties><name>' >"bad/Virtual Machines/3B2E4C9A-AD5F-4E73-9081-4C6D8EAF2012.xml"
printf '<configuration/>' >"bad/Virtual Machines/3B2E4C9A-AD5F-4E73-9081-4C6D8EAF2018.xml"

test_expect "--jobs 1, 2 and 4: byte-identical inventories of 16 VMs, 3 snapshots, warnings" '
  expect_status 0 "$HVPLAN" collect -q --jobs 1 -o one.json root &&
  expect_status 0 "$HVPLAN" collect -q --jobs 2 -o two.json root &&
  expect_status 0 "$HVPLAN" collect -q --jobs 4 -o four.json root &&
  cmp one.json two.json && cmp one.json four.json &&
  expect_matches one.json "#16:\"config_path\": \".*/Virtual Machines/" \
    "#3:\"id\": \"7E0A1B2C-3D4E-4F50-8A6B-7C8D9E0F1A2" "\"name\": \"copy21\"" \
    "parent snapshot is not recorded in a known element"
'
test_expect "the same first error, in name order, whatever the number of threads" '
  expect_status 65 "$HVPLAN" collect -q --jobs 1 -o bad1.json bad 2>err1 &&
  expect_status 65 "$HVPLAN" collect -q --jobs 2 -o bad2.json bad 2>err2 &&
  expect_status 65 "$HVPLAN" collect -q --jobs 4 -o bad4.json bad 2>err4 &&
  cmp err1 err2 && cmp err1 err4 &&
  expect_one_line "hvplan: cannot parse ?bad/Virtual Machines/3B2E4C9A-AD5F-4E73-9081-4C6D8EAF2012.xml?: line 1: *" err1 &&
  expect_no_file bad1.json && expect_no_file bad2.json && expect_no_file bad4.json
'
test_expect "--jobs 0 is a usage error" '
  expect_status 64 "$HVPLAN" collect --jobs 0 root 2>err &&
  expect_line "*--jobs must be 1 to 1024*" err
'

test_done
