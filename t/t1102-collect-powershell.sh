#!/bin/sh
# hvplan collect and plan on collect-hyperv.ps1 output (the synthetic document in the script's
# shape), its UTF-16LE copy, and bad PowerShell JSON (exit statuses and messages).
. "$HVP_SOURCE_ROOT/t/lib.sh"
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
test_done
