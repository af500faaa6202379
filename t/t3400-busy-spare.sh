#!/bin/sh
# A destination that already runs VMs, and size --spare against the failover check (issue 12).  The
# two parts were t3400-busy-destination and t3401-spare; each keeps its comment.
. "$HVP_SOURCE_ROOT/t/lib.sh"

# ---- busy (was t/t3400-busy-destination.sh) ------------------------------
# A destination that already runs VMs (issue 12): its VMs' memory (with overhead, under
# --concurrent), vCPUs, files on its volumes and External NICs count as used in `plan`, in the
# placement over several destination hosts and in `size --destination`; the reports say
# "already on the destination".  Fixtures: t/data/plan/synthetic/ (synthetic, see its README).
test_part busy
: "${HVP_DATA:?}"
synthetic="$HVP_DATA/plan/synthetic"
export synthetic

plan () {
  source=$1 destination=$2
  shift 2
  "$HVPLAN" plan --quiet --source "$synthetic/$source" --destination "$synthetic/$destination" "$@"
}
# The JSON reports the points below read: each made once here, its exit status in NAME.status,
# then one python3 for every value they check (a python3 start costs more than all the runs):
# "NAME PATH VALUE" a line in values, VALUE "absent" where the path is not in the document.
json_report () {
  name=$1
  shift
  "$@" >"$name.json" 2>"$name.err"
  echo $? >"$name.status"
}
(cd "$HVP_TMP" &&
  json_report running plan busy-source.json roomy-destination.json -f json
  json_report all plan busy-source.json roomy-destination.json -f json --concurrent all
  json_report named plan busy-source.json roomy-destination.json -f json --concurrent app16
  json_report busy plan busy-source.json busy-destination.json -f json
  json_report empty plan busy-source.json empty-destination.json -f json
  json_report size-empty "$HVPLAN" size --quiet --source "$synthetic/busy-source-two.json" \
    --destination "$synthetic/empty-cluster.json" --spare 0 -f json
  json_report size-busy "$HVPLAN" size --quiet --source "$synthetic/busy-source-two.json" \
    --destination "$synthetic/busy-cluster.json" --spare 0 -f json
  python3 - running all named busy empty size-empty >values 2>&1 <<'PY'
import json, sys
paths = ["requirements.memory.required_bytes", "already_on_destination",
         "already_on_destination.concurrent_vms", "already_on_destination.vms",
         "already_on_destination.memory_bytes", "already_on_destination.vm_overhead_bytes",
         "already_on_destination.vcpus", "already_on_destination.storage_bytes",
         "already_on_destination.nics", "requirements.storage.available_bytes",
         "requirements.network.required_nics", "recommended"]
for name in sys.argv[1:]:
    try:
        document = json.load(open(name + ".json"))
    except ValueError as error:
        print(name, "unreadable", error)
        continue
    for path in paths:
        value = document
        for key in path.split("."):
            value = value.get(key, "absent") if isinstance(value, dict) else "absent"
        if not isinstance(value, (dict, list)):
            print(name, path, value)
PY
)
# status_is STATUS NAME: the run NAME exited with STATUS.
status_is () {
  IFS= read -r status <"$2.status" && [ "$status" = "$1" ] ||
    { echo "$2: exit status ${status:-?}, expected $1"; cat "$2.err"; return 1; }
}
# value_is NAME PATH VALUE: the value at PATH of NAME.json is VALUE ("absent": no such path).
value_is () {
  while IFS= read -r entry; do
    case $entry in "$1 $2 "*) [ "${entry#"$1 $2 "}" = "$3" ] && return 0
      echo "$1.json: $2 is ${entry#"$1 $2 "}, expected $3"; return 1 ;;
    esac
  done <values
  echo "$1.json: no value for $2 (expected $3)"; cat values; return 1
}

test_expect "a 32 GiB destination running a 28 GiB VM fails a 16 GiB migration (exit 1)" '
  expect_status 1 plan busy-source.json busy-destination.json >out &&
  expect_matches out \
    "^memory +46\.4 GiB +32\.0 GiB +FAIL" \
    "^FAIL memory .*host reserve 2\.0 GiB, already on the destination 28\.2 GiB in 1 VM\), .hv-busy. has 32\.0 GiB" \
    "^already on the destination: 2 VMs, 1 counted as running: memory 28\.2 GiB with overhead, 8 vCPUs, files 700\.0 GiB, 1 physical NIC"
'
test_expect "the same destination without its VMs passes (exit 0), with no such line" '
  expect_status 0 plan busy-source.json empty-destination.json >out &&
  expect_matches out "^memory +18\.1 GiB +32\.0 GiB +PASS" "#0:already on the destination"
'
test_expect "--concurrent: a destination VM that is off takes memory only under --concurrent all" '
  status_is 0 running &&
  value_is running requirements.memory.required_bytes 49811554304 &&
  value_is running already_on_destination.concurrent_vms 1 &&
  status_is 1 all &&
  value_is all requirements.memory.required_bytes 58493763584 &&
  value_is all already_on_destination.concurrent_vms 2 &&
  status_is 0 named &&
  value_is named requirements.memory.required_bytes 49811554304
'
test_expect "the JSON field already_on_destination, and files and NICs counted as used" '
  status_is 1 busy &&
  value_is busy already_on_destination.vms 2 &&
  value_is busy already_on_destination.memory_bytes 30064771072 &&
  value_is busy already_on_destination.vm_overhead_bytes 260046848 &&
  value_is busy already_on_destination.vcpus 8 &&
  value_is busy already_on_destination.storage_bytes 751619276800 &&
  value_is busy already_on_destination.nics 1 &&
  value_is busy requirements.storage.available_bytes 347892350976 &&
  value_is busy requirements.network.required_nics 2 &&
  status_is 0 empty &&
  value_is empty already_on_destination absent &&
  value_is empty requirements.storage.available_bytes 1099511627776
'
test_expect "the Markdown checklist says what is already on the destination" '
  expect_status 1 plan busy-source.json busy-destination.json -f markdown >out.md &&
  expect_match "^Already on the destination: 2 VMs \(1 counted as running: 28\.2 GiB of memory with overhead, 8 vCPUs\), 700\.0 GiB of files and 1 physical NIC; the table counts them as used\.$" out.md
'
test_expect "size --destination: the busy host takes no 16 GiB VM (exit 1); empty hosts take both" '
  expect_status 1 "$HVPLAN" size --quiet --source "$synthetic/busy-source-two.json" \
    --destination "$synthetic/busy-cluster.json" --spare 0 >out &&
  expect_matches out \
    "^  host hv-busy: 0 VMs, memory 0\.0 GiB of 1\.8 GiB" \
    "^    already on the destination: 2 VMs, 1 counted as running: memory 28\.2 GiB" \
    "FAIL memory .*fits no host with room left" &&
  status_is 0 size-empty &&
  value_is size-empty recommended "existing hosts" &&
  status_is 1 size-busy &&
  grep -q "\"already_on_destination\"" size-busy.json
'
test_expect "plan over several destination hosts: the placement counts the busy host (exit 1)" '
  expect_status 1 plan busy-source-two.json busy-cluster.json >out &&
  expect_match "^Placement over the 2 destination hosts.*FAIL" out &&
  expect_status 0 plan busy-source-two.json empty-cluster.json >out
'

# ---- spare (was t/t3401-spare.sh) ----------------------------------------
# hvplan size --spare N: catalog sizing agrees with the failover check of --destination on as many
# hosts of the same model (issue 12).  For spare 0 to 3 on small synthetic estates (generated here:
# N running VMs of one size, a one-model catalog, clusters of 1 to n hosts identical to the model),
# the catalog's host count n fits with --destination on n such hosts (exit 0), and n − 1 of them
# do not (exit 1).  The first case is the one the search capped at one host per VM + spare got
# wrong: 4 VMs of 13 GiB on 32 GiB hosts with --spare 2 ("cannot be kept" before; then 7 hosts by
# KB 3023928's sums; 4 since the VMs of the failed hosts are re-placed one by one, issue 14).
test_part spare

# source_json N GIB: synthetic: N running VMs of GIB GiB and 2 vCPUs each, without disks.
source_json () {
  printf '{"schema": "hvplan-inventory/1", "sources": ["synthetic: t3401"], "hosts": [{"name": '
  printf '"hv-src", "memory_bytes": 0, "logical_processors": 0, "physical_nics": [], '
  printf '"volumes": [], "switches": [], "disks": [], "vms": ['
  i=1
  while [ "$i" -le "$1" ]; do
    [ "$i" -gt 1 ] && printf ', '
    printf '{"id": null, "name": "vm%s", "state": "running", "vcpus": 2, "memory": {"dynamic": ' "$i"
    printf 'false, "startup_bytes": %s}, "drives": [], "adapters": [], "snapshots": []}' \
      "$(( $2 * 1073741824 ))"
    i=$((i + 1))
  done
  printf ']}], "warnings": []}\n'
}
# catalog_json GIB: synthetic: one model of GIB GiB, 16 threads, 2 NICs, 1 TB.
catalog_json () {
  printf '[{"name": "M%s", "sockets": 1, "cores": 16, "threads": 16, "memory_bytes": %s, ' \
    "$1" "$(( $1 * 1073741824 ))"
  printf '"physical_nics": 2, "storage_bytes": 1000000000000}]\n'
}
# cluster_json COUNT GIB: synthetic: COUNT empty hosts identical to catalog_json GIB's model.
cluster_json () {
  printf '{"schema": "hvplan-inventory/1", "sources": ["synthetic: t3401"], "hosts": ['
  i=1
  while [ "$i" -le "$1" ]; do
    [ "$i" -gt 1 ] && printf ', '
    printf '{"name": "h%s", "memory_bytes": %s, "logical_processors": 16, ' \
      "$i" "$(( $2 * 1073741824 ))"
    printf '"physical_nics": ["NIC1", "NIC2"], "volumes": [{"path": "D:\\\\", '
    printf '"capacity_bytes": 1000000000000, "free_bytes": 1000000000000}], "switches": [], '
    printf '"disks": [], "vms": []}'
    i=$((i + 1))
  done
  printf '], "warnings": []}\n'
}
# host_count MODEL: the host count of the line "Model 'MODEL': N hosts..." of the size report on
# stdin, in $n; fails unless exactly one such line holds a number (the shell's own read: the
# report is 23 lines, a sed would cost more).
host_count () {
  n='' lines=0
  while IFS= read -r line; do
    case $line in
      "Model '$1': "*" hosts"*)
        count=${line#"Model '$1': "}; count=${count%%" hosts"*}
        case $count in ''|*[!0-9]*) ;; *) n=$count lines=$((lines + 1)) ;; esac ;;
    esac
  done
  [ "$lines" = 1 ] || { echo "$lines lines 'Model '$1': N hosts'"; return 1; }
}
# agree VMS VM_GIB HOST_GIB SPARE: the catalog's count n fits as n existing hosts, n − 1 do not;
# prints n.
agree () {
  source_json "$1" "$2" >source.json &&
  catalog_json "$3" >catalog.json &&
  expect_status 0 "$HVPLAN" size --quiet --source source.json --catalog catalog.json \
    --spare "$4" >catalog.out &&
  host_count "M$3" <catalog.out &&
  cluster_json "$n" "$3" >cluster.json &&
  expect_status 0 "$HVPLAN" size --quiet --source source.json --destination cluster.json \
    --spare "$4" >cluster.out &&
  if [ "$n" -gt 1 ]; then
    cluster_json "$((n - 1))" "$3" >smaller.json &&
    expect_status 1 "$HVPLAN" size --quiet --source source.json --destination smaller.json \
      --spare "$4" >smaller.out
  fi &&
  echo "$n"
}

test_expect "4 VMs of 13 GiB, 32 GiB hosts, --spare 2: 4 hosts, as --destination finds" '
  n=$(agree 4 13 32 2) && test "$n" = 4
'
test_expect "4 VMs of 13 GiB, 32 GiB hosts: spare 0, 1, 3 give 2, 3 and 5 hosts, as --destination" '
  n=$(agree 4 13 32 0) && test "$n" = 2 &&
  n=$(agree 4 13 32 1) && test "$n" = 3 &&
  n=$(agree 4 13 32 3) && test "$n" = 5
'
# The case of issue 12: two VMs that each fill most of a host (29 GiB + overhead of 30 GiB for
# VMs).  KB 3023928's sums reserved room for the largest VM on every survivor (30 − 29.3 GiB
# each): 82 hosts for --spare 2, 83 for 3.  Re-placed, the VMs of the failed hosts go to the empty
# ones: 2 + spare, the lower bound.
test_expect "2 VMs of 29 GiB, 32 GiB hosts: spare 2, 3 and 5 give 4, 5 and 7 hosts, as --destination" '
  n=$(agree 2 29 32 2) && test "$n" = 4 &&
  n=$(agree 2 29 32 3) && test "$n" = 5 &&
  n=$(agree 2 29 32 5) && test "$n" = 7
'
# The second estate repeats the first's check on other sizes (12 hvplan runs): expensive; the
# default run keeps spare 0 to 3 on the first, and the six cases above.
for case in "6 5 16" "5 9 24"; do
  export case
  point=test_expect
  [ "$case" = "5 9 24" ] && point=test_expensive
  $point "catalog and --destination agree for spare 0 to 3: VMs, GiB each, host GiB: $case" '
    set -- $case &&
    agree "$1" "$2" "$3" 0 >/dev/null &&
    agree "$1" "$2" "$3" 1 >/dev/null &&
    agree "$1" "$2" "$3" 2 >/dev/null &&
    agree "$1" "$2" "$3" 3 >/dev/null
  '
done

test_done
