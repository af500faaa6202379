#!/bin/sh
# hvplan size --spare N: catalog sizing agrees with the failover check of --destination on as many
# hosts of the same model (issue 12).  For spare 0 to 3 on small synthetic estates (generated here:
# N running VMs of one size, a one-model catalog, clusters of 1 to n hosts identical to the model),
# the catalog's host count n fits with --destination on n such hosts (exit 0), and n − 1 of them
# do not (exit 1).  The first case is the one the search capped at one host per VM + spare got
# wrong: 4 VMs of 13 GiB on 32 GiB hosts with --spare 2 ("cannot be kept" before; then 7 hosts by
# KB 3023928's sums; 4 since the VMs of the failed hosts are re-placed one by one, issue 14).
. "$HVP_SOURCE_ROOT/t/lib.sh"

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
