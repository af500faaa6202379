#!/bin/sh
# A destination that already runs VMs (issue 12): its VMs' memory (with overhead, under
# --concurrent), vCPUs, files on its volumes and External NICs count as used in `plan`, in the
# placement over several destination hosts and in `size --destination`; the reports say
# "already on the destination".  Fixtures: t/data/plan/synthetic/ (synthetic, see its README).
. "$HVP_SOURCE_ROOT/t/lib.sh"
: "${HVP_DATA:?}"
synthetic="$HVP_DATA/plan/synthetic"
export synthetic

plan () {
  source=$1 destination=$2
  shift 2
  "$HVPLAN" plan --quiet --source "$synthetic/$source" --destination "$synthetic/$destination" "$@"
}
# json_get FILE PATH...: one line per PATH ("a.b.c"), the value at that path of the JSON document
# (python3), "absent" where there is none.
json_get () {
  python3 - "$@" <<'PY'
import json, sys
document = json.load(open(sys.argv[1]))
for path in sys.argv[2:]:
    value = document
    for key in path.split("."):
        value = value.get(key, "absent") if isinstance(value, dict) else "absent"
    print(value)
PY
}

test_expect "a 32 GiB destination running a 28 GiB VM fails a 16 GiB migration (exit 1)" '
  expect_status 1 plan busy-source.json busy-destination.json >out &&
  expect_match "^memory +46\.4 GiB +32\.0 GiB +FAIL" out &&
  expect_match "^FAIL memory .*host reserve 2\.0 GiB, already on the destination 28\.2 GiB in 1 VM\), .hv-busy. has 32\.0 GiB" out &&
  expect_match "^already on the destination: 2 VMs, 1 counted as running: memory 28\.2 GiB with overhead, 8 vCPUs, files 700\.0 GiB, 1 physical NIC" out
'
test_expect "the same destination without its VMs passes (exit 0), with no such line" '
  expect_status 0 plan busy-source.json empty-destination.json >out &&
  expect_match "^memory +18\.1 GiB +32\.0 GiB +PASS" out &&
  ! grep -q "already on the destination" out
'
test_expect "--concurrent: a destination VM that is off takes memory only under --concurrent all" '
  expect_status 0 plan busy-source.json roomy-destination.json -f json >running.json &&
  test "$(json_get running.json requirements.memory.required_bytes \
            already_on_destination.concurrent_vms)" = "49811554304
1" &&
  expect_status 1 plan busy-source.json roomy-destination.json -f json --concurrent all >all.json &&
  test "$(json_get all.json requirements.memory.required_bytes \
            already_on_destination.concurrent_vms)" = "58493763584
2" &&
  expect_status 0 plan busy-source.json roomy-destination.json -f json --concurrent app16 >named.json &&
  test "$(json_get named.json requirements.memory.required_bytes)" = 49811554304
'
test_expect "the JSON field already_on_destination, and files and NICs counted as used" '
  expect_status 1 plan busy-source.json busy-destination.json -f json >busy.json &&
  json_get busy.json already_on_destination.vms already_on_destination.memory_bytes \
    already_on_destination.vm_overhead_bytes already_on_destination.vcpus \
    already_on_destination.storage_bytes already_on_destination.nics \
    requirements.storage.available_bytes requirements.network.required_nics >actual &&
  printf "%s\n" 2 30064771072 260046848 8 751619276800 1 347892350976 2 >expect &&
  cmp expect actual &&
  expect_status 0 plan busy-source.json empty-destination.json -f json >empty.json &&
  test "$(json_get empty.json already_on_destination requirements.storage.available_bytes)" = "absent
1099511627776"
'
test_expect "the Markdown checklist says what is already on the destination" '
  expect_status 1 plan busy-source.json busy-destination.json -f markdown >out.md &&
  expect_match "^Already on the destination: 2 VMs \(1 counted as running: 28\.2 GiB of memory with overhead, 8 vCPUs\), 700\.0 GiB of files and 1 physical NIC; the table counts them as used\.$" out.md
'
test_expect "size --destination: the busy host takes no 16 GiB VM (exit 1); empty hosts take both" '
  expect_status 1 "$HVPLAN" size --quiet --source "$synthetic/busy-source-two.json" \
    --destination "$synthetic/busy-cluster.json" --spare 0 >out &&
  expect_match "^  host hv-busy: 0 VMs, memory 0\.0 GiB of 1\.8 GiB" out &&
  expect_match "^    already on the destination: 2 VMs, 1 counted as running: memory 28\.2 GiB" out &&
  expect_match "FAIL memory .*fits no host with room left" out &&
  expect_status 0 "$HVPLAN" size --quiet --source "$synthetic/busy-source-two.json" \
    --destination "$synthetic/empty-cluster.json" --spare 0 -f json >empty.json &&
  test "$(json_get empty.json recommended)" = "existing hosts" &&
  expect_status 1 "$HVPLAN" size --quiet --source "$synthetic/busy-source-two.json" \
    --destination "$synthetic/busy-cluster.json" --spare 0 -f json >busy.json &&
  grep -q "\"already_on_destination\"" busy.json
'
test_expect "plan over several destination hosts: the placement counts the busy host (exit 1)" '
  expect_status 1 plan busy-source-two.json busy-cluster.json >out &&
  expect_match "^Placement over the 2 destination hosts.*FAIL" out &&
  expect_status 0 plan busy-source-two.json empty-cluster.json >out
'

test_done
