#!/bin/sh
# hvplan size --basis measured: coverage and confidence (Azure Migrate's bands: 0-20 % 1 star,
# 21-40 % 2, 41-60 % 3, 61-80 % 4, 81-100 % 5), the fallback to the configured demand of a VM with
# too few samples, and utilization that cannot be read.
#
# t/data/size/synthetic/coverage.json: 96 hourly slots; "full" sampled at each, "half" at every
# other (48: 50 %), "few" at the first 19 (19.8 %, fewer than the 20 a 95th percentile needs:
# sized by configuration).  Overall (1 + 0.5 + 0.198) / 3 = 0.566: 3 stars.
. "$HVP_SOURCE_ROOT/t/lib.sh"
: "${HVP_DATA:?}"
synthetic="$HVP_DATA/size/synthetic"
export synthetic

test_expect "coverage per VM and overall, rated 3 stars; the VM with 19 samples falls back, said per VM" '
  expect_status 0 "$HVPLAN" size --quiet --source "$synthetic/coverage.json" \
    --catalog "$synthetic/peaks-catalog.json" --basis measured --spare 0 -f json >coverage.json &&
  python3 - coverage.json <<PY
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["confidence"]["rating"] == 3 and doc["confidence"]["coverage"] == 0.566, doc["confidence"]
vms = {vm["name"]: vm for vm in doc["vms"]}
assert (vms["full"]["samples"], vms["full"]["coverage"]) == (96, 1.0)
assert (vms["half"]["samples"], vms["half"]["coverage"], vms["half"]["sized_by"]) == (48, 0.5, "measured")
assert (vms["few"]["samples"], vms["few"]["coverage"]) == (19, 0.198)
assert vms["few"]["sized_by"] == "configured" and vms["few"]["measured"] is None, vms["few"]
# 2,000 MiB × 1.3 = 2,600 MiB (+ 48 MiB overhead for 3 GiB) for the measured ones.
assert vms["full"]["measured"]["memory_bytes"] == (2600 + 48) << 20, vms["full"]
PY
'
test_expect "the text report says which VM fell back and why" '
  "$HVPLAN" size --quiet --source "$synthetic/coverage.json" --catalog "$synthetic/peaks-catalog.json" \
    --basis measured --spare 0 >coverage.txt &&
  expect_matches coverage.txt \
    "^  few: 19 samples \(19 % of the period\); memory 1.0 GiB configured, - measured; vCPUs 2 configured, - measured; sized by configuration \(too few samples\)$" \
    "basis: measured, 95th percentile" \
    "confidence: 3 of 5 stars, coverage 56 %"
'
test_expect "at the 90th percentile 12 samples are enough (at least one above it): the 19 of \"few\" are" '
  "$HVPLAN" size --quiet --source "$synthetic/coverage.json" --catalog "$synthetic/peaks-catalog.json" \
    --basis measured --percentile 90 --spare 0 >p90.txt &&
  expect_matches p90.txt \
    "basis: measured, 90th percentile of each VM.s samples × comfort factor 1.3 .*; 3 of 3 VMs sized by use" \
    "^  few: 19 samples \(19 % of the period\); .*sized by use$"
'
test_expect "onto existing hosts each VM is placed at its own percentile (no time-aligned packing)" '
  expect_status 0 "$HVPLAN" size --quiet --source "$synthetic/coverage.json" \
    --destination "$synthetic/cluster.json" --basis measured >existing.txt &&
  expect_matches existing.txt \
    "^  packing: each VM at its own percentile \(time-aligned packing needs catalog models" \
    "^  host hv-new2: 1 VM, memory 2.6 GiB of 382.0 GiB, vCPUs 1 of 40, .*: full$"
'
test_expect "a series that is not numbers is bad data (65), naming the file, the VM and the sample" '
  sed "0,/\"memory_demand_mib\": \"2000,/s//\"memory_demand_mib\": \"2000,x7,/" \
    "$synthetic/coverage.json" >bad.json &&
  expect_status 65 "$HVPLAN" size --quiet --source bad.json --catalog "$synthetic/peaks-catalog.json" \
    --basis measured 2>err &&
  expect_line "*bad?json?: hosts\[0\].vms\[[0-9]\].utilization.memory_demand_mib: sample 1 (?x7?) is not a finite decimal number*" err
'
test_expect "a processor share above 100 % or series of unequal length are bad data (65)" '
  sed "0,/\"processor_percent\": \"25,/s//\"processor_percent\": \"250,/" \
    "$synthetic/coverage.json" >over.json &&
  expect_status 65 "$HVPLAN" size --quiet --source over.json --catalog "$synthetic/peaks-catalog.json" 2>err &&
  expect_line "*over?json?: hosts\[0\].vms\[[0-9]\]: utilization: processor_percent sample 0 is outside 0 to 100*" err &&
  sed "0,/\"processor_percent\": \"25,/s//\"processor_percent\": \"25,25,/" \
    "$synthetic/coverage.json" >unequal.json &&
  expect_status 65 "$HVPLAN" size --quiet --source unequal.json --catalog "$synthetic/peaks-catalog.json" 2>err &&
  expect_line "*processor_percent has 97 samples, memory_demand_mib 96*" err
'
test_expect "--percentile and --comfort need --basis measured and a range (64)" '
  expect_status 64 "$HVPLAN" size --source "$synthetic/peaks.json" --catalog "$synthetic/peaks-catalog.json" \
    --percentile 90 2>err &&
  expect_line "*need --basis measured*" err &&
  expect_status 64 "$HVPLAN" size --source "$synthetic/peaks.json" --catalog "$synthetic/peaks-catalog.json" \
    --basis measured --percentile 0 2>err &&
  expect_line "*invalid percentile ?0?: expected a decimal number from 1 to 100*" err &&
  expect_status 64 "$HVPLAN" size --source "$synthetic/peaks.json" --catalog "$synthetic/peaks-catalog.json" \
    --basis measured --comfort 0.5 2>err &&
  expect_line "*invalid comfort factor*" err &&
  expect_status 64 "$HVPLAN" size --source "$synthetic/peaks.json" --catalog "$synthetic/peaks-catalog.json" \
    --basis used 2>err &&
  expect_line "*invalid basis ?used?*" err
'
test_done
