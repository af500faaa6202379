#!/bin/sh
# hvplan collect --sample-minutes on a live libvirt connection (issue 17): libvirt's test driver
# (test:///default) runs one domain, "test", whose virDomainGetCPUStats cpu_time does not move
# (0 % each interval) and whose virDomainMemoryStats report 2 GiB available and 1 GiB unused
# (1,024 MiB demand); its block and interface statistics (virDomainBlockStats on its disk "vda",
# virDomainInterfaceStats on "testnet0") grow with the clock, so each of the three input/output
# series gets positive rates.  The sampling sleeps in real time: the default run takes one
# interval (0.0167 minutes at 1 second: 1 sample, 1 second); the expensive run three (0.05 minutes:
# 3 samples, 3 seconds), which proves the samples follow one another.  Bad values are usage (64).
. "$HVP_SOURCE_ROOT/t/lib.sh"

test_expect "one interval: 1 sample of 0 % processor and 1,024 MiB, 3 positive rates, period 1 s" '
  expect_status 0 "$HVPLAN" collect --quiet --sample-minutes 0.0167 --sample-interval 1 \
    test:///default -o one.json &&
  expect_matches one.json "#1:\"utilization\": {" "^            \"interval_seconds\": 1,$" \
    "^            \"period_seconds\": 1,$" "^            \"processor_percent\": \"0\",$" \
    "^            \"memory_demand_mib\": \"1024\",$" \
    "^            \"start_time\": [1-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9],$" \
    "^            \"disk_bytes_per_second\": \"[1-9][0-9.e+]*\",$" \
    "^            \"disk_iops\": \"[1-9][0-9.e+]*\",$" \
    "^            \"network_bytes_per_second\": \"[1-9][0-9.e+]*\"$"
'
test_expensive "the running domain gets 3 samples 1 s apart: 0 % processor, 1,024 MiB, period 3 s" '
  expect_status 0 "$HVPLAN" collect --quiet --sample-minutes 0.05 --sample-interval 1 \
    test:///default -o inv.json &&
  expect_matches inv.json "#1:\"utilization\": {" "^            \"interval_seconds\": 1,$" \
    "^            \"period_seconds\": 3,$" "^            \"processor_percent\": \"0,0,0\",$" \
    "^            \"memory_demand_mib\": \"1024,1024,1024\",$" &&
  expect_match "^            \"start_time\": [0-9]{10},$" inv.json
'
test_expensive "disk bytes/s, disk IOPS and network bytes/s: 3 positive rates each, last in the object" '
  expect_match "^            \"disk_bytes_per_second\": \"[1-9][0-9.e+]*(,[1-9][0-9.e+]*){2}\",$" inv.json &&
  expect_match "^            \"disk_iops\": \"[1-9][0-9.e+]*(,[1-9][0-9.e+]*){2}\",$" inv.json &&
  expect_match "^            \"network_bytes_per_second\": \"[1-9][0-9.e+]*(,[1-9][0-9.e+]*){2}\"$" inv.json
'
test_expect "without --sample-minutes nothing is sampled" '
  "$HVPLAN" collect --quiet test:///default -o plain.json &&
  ! grep -q "\"utilization\"" plain.json
'
test_expect "an interval of 0, a period shorter than one interval or a negative period are usage (64)" '
  expect_status 64 "$HVPLAN" collect --sample-minutes 1 --sample-interval 0 test:///default 2>err &&
  expect_lines err "*--sample-minutes must be 0 to 527040*" &&
  expect_status 64 "$HVPLAN" collect --sample-minutes 0.01 test:///default 2>err &&
  expect_status 64 "$HVPLAN" collect --sample-minutes -1 test:///default 2>err
'
test_done
