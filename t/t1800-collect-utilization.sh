#!/bin/sh
# Utilization (issue 17): the series of collect-hyperv.ps1 -SampleMinutes, then the sampling of a
# live libvirt connection.  The parts were t1800-collect-utilization and
# t1801-collect-libvirt-sample; each keeps its comment.
. "$HVP_SOURCE_ROOT/t/lib.sh"

# The libvirt part's sampling sleeps a second of real time: it starts here, in the background,
# while the hyperv part runs, and the libvirt part waits for it before its first point.
mkdir "$hvp_tmp_root/libvirt"
(cd "$hvp_tmp_root/libvirt" &&
  "$HVPLAN" collect --quiet --sample-minutes 0.0167 --sample-interval 1 test:///default \
    -o one.json >one.out 2>one.err; echo $? >one.status) &
sampling=$!

# ---- hyperv (was t/t1800-collect-utilization.sh) ------------------------
# hvplan collect on collect-hyperv.ps1 -SampleMinutes output (issue 17): each VM's "Utilization"
# (t/data/powershell/synthetic/hv01-sampled.json, synthetic, made by make-sampled.py) becomes the
# inventory's "utilization" (start as seconds since 1970 UTC, interval, period, the processor and
# memory series as written, gaps kept); the inventory reads back to the same bytes; a series that is
# not numbers or of another length is bad data; and size --basis measured sizes DC01 by use.
# DC01 also has per-VM disk and network series (slot i: 100 + 10 i IOPS, (i + 1) MiB/s of disk,
# 2 MiB/s of network; slot 7 a gap): they become disk_iops, disk_bytes_per_second and
# network_bytes_per_second, the other VMs' all-gap NetworkBytesPerSecond is left out, and the
# measured sizing shows their 95th percentile (the 22nd smallest of 23: 320 IOPS, 23 MiB/s, 2 MiB/s).
test_part hyperv
: "${HVP_DATA:?}"
sampled="$HVP_DATA/powershell/synthetic/hv01-sampled.json"
export sampled

test_expect "the VMs' Utilization becomes utilization: start 2027-01-01T00:05:00Z, 300 s, 7,200 s, gap kept" '
  expect_status 0 "$HVPLAN" collect --quiet "$sampled" -o inv.json &&
  expect_matches inv.json "#3:\"utilization\": {" "^            \"start_time\": 1798761900,$" \
    "^            \"interval_seconds\": 300,$" "^            \"period_seconds\": 7200,$" \
    "^            \"processor_percent\": \"10,12.5,15,17.5,20,22.5,10,,15,17.5," \
    "^            \"memory_demand_mib\": \"4096,4096,4096,4096,4096,4096,4096,,4096," \
    "#1:\"disk_bytes_per_second\": \"1.04858e[+]06,2.09715e[+]06," \
    "#1:^            \"disk_iops\": \"100,110,120,130,140,150,160,,180,.*,330\",$" \
    "#1:\"network_bytes_per_second\": \"2.09715e[+]06,.*,2.09715e[+]06\"$" &&
  "$HVPLAN" collect --quiet inv.json -o again.json &&
  cmp inv.json again.json
'
test_expect "size --basis measured: DC01 sized by its 23 samples (22.5 % × 1.3 of 2 vCPUs = 0.59), the others by configuration" '
  "$HVPLAN" size --quiet --source inv.json --catalog "$HVP_SOURCE_ROOT/examples/catalog.json" \
    --basis measured >size.txt &&
  expect_matches size.txt "^  DC01: 23 samples \(95 % of the period\); memory 4.1 GiB configured, 4.1 GiB measured; vCPUs 2 configured, 0.59 measured; sized by use(;.*)?$" \
    "^  WEB01: 0 samples \(0 % of the period\); .*sized by configuration \(too few samples\)$"
'
test_expect "size --basis measured shows DC01's 95th-percentile disk IOPS, disk and network MiB/s, not packed" '
  expect_matches size.txt "^  DC01: .*; sized by use; disk IOPS 320.0, disk 23.00 MiB/s, network 2.00 MiB/s$" \
    "#1:^  input/output: the 95th percentile of each VM.s disk IOPS, disk MiB/s and network MiB/s where sampled, shown only: not used for packing" \
    "#0:^  (SQL01|WEB01): .*disk IOPS" &&
  "$HVPLAN" size --quiet --source inv.json --catalog "$HVP_SOURCE_ROOT/examples/catalog.json" \
    --basis measured --format json >size.json &&
  expect_matches size.json "#1:^        \"disk_iops\": 320.0,$" \
    "#1:^        \"disk_bytes_per_second\": 2411[0-9][0-9][0-9][0-9],$" \
    "#1:^        \"network_bytes_per_second\": 209715[0-9]$"
'
test_expect "a series that is not numbers, or of another length, is bad data (65) with the key path" '
  sed "s/\"ProcessorPercent\": \"10,/\"ProcessorPercent\": \"ten,/" "$sampled" >bad.json &&
  expect_status 65 "$HVPLAN" collect --quiet bad.json -o out.json 2>err &&
  expect_lines err "*bad?json?: VMs[[]0].Utilization.ProcessorPercent: sample 0 (at byte 0) is not a finite decimal number*" &&
  expect_no_file out.json &&
  sed "s/\"MemoryDemandMiB\": \"4096,/\"MemoryDemandMiB\": \"4096,4096,/" "$sampled" >long.json &&
  expect_status 65 "$HVPLAN" collect --quiet long.json 2>err &&
  expect_lines err "*long?json?: VMs[[]0].Utilization: utilization: processor_percent has 24 samples, memory_demand_mib 25*"
'

# ---- libvirt (was t/t1801-collect-libvirt-sample.sh) --------------------
# hvplan collect --sample-minutes on a live libvirt connection (issue 17): libvirt's test driver
# (test:///default) runs one domain, "test", whose virDomainGetCPUStats cpu_time does not move
# (0 % each interval) and whose virDomainMemoryStats report 2 GiB available and 1 GiB unused
# (1,024 MiB demand); its block and interface statistics (virDomainBlockStats on its disk "vda",
# virDomainInterfaceStats on "testnet0") grow with the clock, so each of the three input/output
# series gets positive rates.  The sampling sleeps in real time: the default run takes one
# interval (0.0167 minutes at 1 second: 1 sample, 1 second); the expensive run three (0.05 minutes:
# 3 samples, 3 seconds), which proves the samples follow one another.  Bad values are usage (64).
test_part libvirt
wait "$sampling"
test_expect "one interval: 1 sample of 0 % processor and 1,024 MiB, 3 positive rates, period 1 s" '
  read_line one.status && [ "$line" = 0 ] && test ! -s one.out && test ! -s one.err &&
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
