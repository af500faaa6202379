#!/bin/sh
# hvplan size --basis measured (issue 17): time-aligned packing on a hand-checked case, and the
# bundled example with its synthetic week of samples (examples/measured.json).
#
# t/data/size/synthetic/peaks.json: two dynamic-memory VMs (startup 1 GiB, 2 vCPUs at 50 %) whose
# memory demand is 6,000 MiB for 12 hours and 1,000 MiB for the other 12, at opposite hours; one
# model of 10 GiB (8 GiB for VMs after the 2 GiB host reserve), 4 threads.  With --comfort 1, each
# VM's 95th percentile is 6,000 MiB, plus 72 MiB overhead (32 + 5 × 8 for 6 GiB) = 6,072 MiB
# = 6366953472 bytes: by per-VM percentiles 2 × 6,072 > 8,192 MiB, two hosts; time-aligned, the
# host's load is 6,000 + 1,000 + 2 × 72 = 7,144 MiB (7491026944 bytes) at every hour: one host.
. "$HVP_SOURCE_ROOT/t/lib.sh"
: "${HVP_DATA:?}"
synthetic="$HVP_DATA/size/synthetic"
export synthetic

peaks () {
  "$HVPLAN" size --quiet --source "$synthetic/peaks.json" --catalog "$synthetic/peaks-catalog.json" \
    --basis measured --comfort 1 "$@"
}

test_expect "two VMs peaking at other hours share one host time-aligned, need two by per-VM percentiles" '
  expect_status 0 peaks --spare 0 -f json >peaks.json &&
  expect_matches peaks.json \
    "^  \"basis\": \"measured\",$" \
    "^  \"percentile\": 95.0,$" \
    "^  \"comfort_factor\": 1.00,$" \
    "^  \"time_aligned\": true,$" \
    "^      \"hosts_needed\": 1,$" \
    "^      \"hosts_needed_per_vm_percentile\": 2,$" \
    "^          \"memory_bytes\": 7491026944,$"
'
test_expect "each VM shows configured against measured: 1 GiB + 32 MiB against 6,072 MiB, 2 vCPUs against 1.00" '
  python3 - peaks.json <<PY
import json, sys
doc = json.load(open(sys.argv[1]))
vms = {vm["name"]: vm for vm in doc["vms"]}
assert sorted(vms) == ["night", "office"], vms
for vm in vms.values():
    assert vm["samples"] == 24 and vm["coverage"] == 1.0 and vm["sized_by"] == "measured", vm
    assert vm["configured"] == {"memory_bytes": 1107296256, "vcpus": 2, "storage_bytes": 0}, vm
    assert vm["measured"] == {"memory_bytes": 6366953472, "vcpus": 1.0, "storage_bytes": 0}, vm
assert doc["demand_configured"]["memory_bytes"] == 2 * 1107296256, doc["demand_configured"]
assert doc["demand"]["memory_bytes"] == 2 * 6366953472, doc["demand"]
assert doc["confidence"]["rating"] == 5 and doc["confidence"]["coverage"] == 1.0
PY
'
test_expect "with --spare 1 one empty host more each way (2 against 3), said in the text report" '
  expect_status 0 peaks --spare 1 >peaks.txt &&
  expect_matches peaks.txt \
    "^  small: 2 hosts time-aligned, 3 by per-VM percentiles$" \
    "^  office: 24 samples \(100 % of the period\); memory 1.0 GiB configured, 5.9 GiB measured; vCPUs 2 configured, 1.00 measured; sized by use$" \
    "confidence: 5 of 5 stars, coverage 100 %"
'
test_expect "the bundled example sized by use: every VM measured, the week covered 85 % (5 stars), Markdown" '
  (cd "$HVP_SOURCE_ROOT" && "$HVPLAN" size --quiet --source examples/measured.json \
    --catalog examples/catalog.json --basis measured -f markdown) >example.md &&
  expect_matches example.md \
    "^## Basis and licences$" \
    "4 of 4 VMs sized by use" \
    "^confidence: 5 of 5 stars, coverage 85 %" \
    "^\| \*\*TEST01\*\* \| 288 \| 42 % \| 1.0 GiB \| 1.0 GiB \| 1 \| 0.26 \| use \|$" \
    "^\| \*\*SQL01\*\* \| 672 \| 100 % \| 8.1 GiB \| 15.4 GiB \| 4 \| 3.96 \| use \|$"
'
test_expect "the configured basis writes none of the measured keys" '
  expect_status 0 "$HVPLAN" size --quiet --source "$synthetic/peaks.json" \
    --catalog "$synthetic/peaks-catalog.json" -f json >configured.json &&
  ! grep -Eq "^  \"(basis|percentile|confidence|vms|licensing)\"|hosts_needed_per_vm_percentile" configured.json
'
test_done
