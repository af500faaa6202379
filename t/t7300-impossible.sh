#!/bin/sh
# Impossible values (issue 12, section 5) are refused with 65 and a one-line message naming the
# field, in every reader (hvp_vm_validate(), hvp_volume_validate() through hvp_collect() and the
# inventory document reader) and for every command.  The hostile corpus holds one file per case
# (t/data/hostile/MANIFEST.tsv, its last rows); this test drives them through plan, size and diff
# too, and covers PowerShell and the server catalog.
. "$HVP_SOURCE_ROOT/t/lib.sh"
h="$HVP_DATA/hostile"
EX="$HVP_SOURCE_ROOT/examples"
export h EX

# refused STATUS PATTERN COMMAND...: exit STATUS, exactly one line on stderr (one newline, as
# wc -l counts), matching the shell pattern PATTERN (whole line: `*` for "anywhere"); the line in
# $line.  Read by the shell (t/lib.sh): no process but the command.
refused () {
  expected=$1 pattern=$2
  shift 2
  expect_status "$expected" "$@" 2>err && expect_one_line "$pattern" err
}

test_expect "free space above capacity: collect, plan, size and diff all refuse it (65)" '
  f="$h/inventory-json/volume-free-above-capacity.json" &&
  refused 65 "*volumes\[0\]: volume ?D:??: free_bytes 101 is above capacity_bytes 100" \
    "$HVPLAN" collect "$f" -o out.json && expect_no_file out.json &&
  refused 65 "*free_bytes 101 is above capacity_bytes 100*" \
    "$HVPLAN" plan --source "$f" --destination "$EX/destination.json" &&
  refused 65 "*free_bytes 101 is above capacity_bytes 100*" \
    "$HVPLAN" size --source "$f" --catalog "$EX/catalog.json" &&
  refused 65 "*free_bytes 101 is above capacity_bytes 100*" \
    "$HVPLAN" diff "$EX/source-host.json" "$f" &&
  refused 65 "*free_bytes 101 is above capacity_bytes 100*" \
    "$HVPLAN" plan --source "$EX/source-host.json" --destination "$f"
'

test_expect "dynamic memory: minimum above startup, startup above maximum (65, both fields)" '
  refused 65 "*vms\[0\]: memory.minimum_bytes 2.0 GiB (2147483648 bytes) is above memory.startup_bytes 1.0 GiB (1073741824 bytes)" \
    "$HVPLAN" collect "$h/inventory-json/dynamic-minimum-above-startup.json" -o out.json &&
  refused 65 "*memory.startup_bytes 8.0 GiB (8589934592 bytes) is above memory.maximum_bytes 4.0 GiB*" \
    "$HVPLAN" collect "$h/inventory-json/dynamic-startup-above-maximum.json" -o out.json &&
  refused 65 "*dynamic-minimum-above-startup.xml*VM ?hostile?: memory.minimum_bytes 2.0 GiB*" \
    "$HVPLAN" collect "$h/hyperv-xml/dynamic-minimum-above-startup.xml" -o out.json
'

test_expect "vCPUs: 0 refused where a source states it; beyond Hyper-V's or any limit refused" '
  refused 65 "*count-zero.xml?: settings/processors/count: 0 virtual processors: a VM has at least one*" \
    "$HVPLAN" collect "$h/hyperv-xml/count-zero.xml" -o out.json &&
  refused 65 "*vcpus: 65 virtual processors is more than Hyper-V allows a generation 1 VM (64)" \
    "$HVPLAN" collect "$h/hyperv-xml/count-65-generation-1.xml" -o out.json &&
  refused 65 "*vcpus: 4097 virtual processors is more than any hypervisor hvplan reads allows (4096)" \
    "$HVPLAN" collect "$h/inventory-json/vcpus-4097.json" -o out.json &&
  refused 65 "*snapshot ?S?: vcpus: 5000*" \
    "$HVPLAN" collect "$h/inventory-json/snapshot-vcpus-5000.json" -o out.json &&
  sed "s/\"ProcessorCount\":  2,/\"ProcessorCount\":  0,/" \
    "$HVP_DATA/powershell/synthetic/hv01.json" >ps-zero.json &&
  ! cmp -s ps-zero.json "$HVP_DATA/powershell/synthetic/hv01.json" &&
  refused 65 "*ps-zero.json?: *ProcessorCount: 0 virtual processors*" \
    "$HVPLAN" collect ps-zero.json -o out.json
'

test_expect "a count of 0 in an inventory document is unknown, as the writer writes it (0)" '
  printf "%s\n" "{\"schema\": \"hvplan-inventory/1\", \"hosts\": [{\"name\": \"h\"," \
    "\"vms\": [{\"id\": \"A\", \"name\": \"a\"}]}]}" >no-count.json &&
  "$HVPLAN" collect -q no-count.json -o unknown.json &&
  expect_match "\"vcpus\": 0," unknown.json &&
  "$HVPLAN" collect -q unknown.json -o again.json && cmp unknown.json again.json
'

test_expect "integers beyond 2^53 are refused, never rounded (65)" '
  refused 65 "*startup_bytes: 9007199254740992 is too large to read exactly (above 2^53 - 1)" \
    "$HVPLAN" collect "$h/inventory-json/startup-2-53-plus-1.json" -o out.json
'

test_expect "a catalog: negative counts say negative, fractions say not a whole number (65)" '
  sed "0,/\"cores\": 16,/s//\"cores\": -4,/" "$EX/catalog.json" >negative.json &&
  ! cmp -s negative.json "$EX/catalog.json" &&
  refused 65 "*negative.json?: *cores: -4 is negative" \
    "$HVPLAN" size --source "$EX/source-host.json" --catalog negative.json &&
  case $line in *"whole number"*) echo "names a whole number: $line"; false ;; esac &&
  sed "0,/\"cores\": 16,/s//\"cores\": 2.5,/" "$EX/catalog.json" >fraction.json &&
  refused 65 "*fraction.json?: *cores: 2.5 is not a whole number" \
    "$HVPLAN" size --source "$EX/source-host.json" --catalog fraction.json
'

test_done
