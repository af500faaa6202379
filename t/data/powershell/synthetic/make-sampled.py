#!/usr/bin/env python3
"""Writes hv01-sampled.json: hv01.json with what `collect-hyperv.ps1 -SampleMinutes 120
-IntervalSeconds 300` adds (synthetic: written here, not by the script on a host): per VM a
"Utilization" of 24 slots from 2027-01-01T00:05:00Z (DC01 sampled at every slot but one; WEB01,
off, none; SQL01, saved, none) and the host's "HostUtilization".  DC01 also has its disk and
network series, hand-checkable: slot i (not 7) 100 + 10 i IOPS, (i + 1) MiB/s of disk, 2 MiB/s
of network; the 95th percentile of its 23 samples is the 22nd smallest: 320 IOPS, 23 MiB/s.

Run from this folder: python3 make-sampled.py
"""
import json

SLOTS = 24
MIB = 1048576


def series(values):
    return ",".join("" if v is None else ("%.15g" % v) for v in values)


def main():
    doc = json.load(open("hv01.json", encoding="utf-8-sig"))
    empty = series([None] * SLOTS)
    for vm in doc["VMs"]:
        cpu = mem = [None] * SLOTS
        io = {}
        if vm["Name"] == "DC01":
            cpu = [None if i == 7 else 10 + (i % 6) * 2.5 for i in range(SLOTS)]
            mem = [None if i == 7 else 4096 for i in range(SLOTS)]
            io = {"DiskBytesPerSecond": series([None if i == 7 else (i + 1) * MIB
                                                for i in range(SLOTS)]),
                  "DiskIops": series([None if i == 7 else 100 + 10 * i for i in range(SLOTS)])}
        network = empty if not io else series([None if i == 7 else 2 * MIB for i in range(SLOTS)])
        vm["Utilization"] = {"Source": "Get-Counter", "StartTime": "2027-01-01T00:05:00.0000000Z",
                             "IntervalSeconds": 300, "PeriodSeconds": SLOTS * 300,
                             "ProcessorPercent": series(cpu), "MemoryDemandMiB": series(mem),
                             "MemoryAssignedMiB": series(mem), "NetworkBytesPerSecond": network}
        vm["Utilization"].update(io)
    doc["HostUtilization"] = {"Source": "Get-Counter", "StartTime": "2027-01-01T00:05:00.0000000Z",
                              "IntervalSeconds": 300, "ProcessorPercent": empty,
                              "MemoryDemandMiB": empty, "NetworkBytesPerSecond": empty,
                              "DiskBytesPerSecond": empty, "DiskIops": empty}
    with open("hv01-sampled.json", "w") as out:
        json.dump(doc, out, indent=2)
        out.write("\n")


main()
