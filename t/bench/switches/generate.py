#!/usr/bin/env python3
"""Writes a synthetic source and destination inventory (hvplan-inventory/1) for the switch-heavy
plan benchmark (issue 12, section 6).

generate.py VMS SWITCHES SOURCE.json DESTINATION.json

One source host with VMS VMs, each with one fixed 40 GiB VHDX and one network adapter; VM i is on
switch i mod SWITCHES (External, one NIC each).  The destination host has the same switches by
name (other ids, so the network check matches them by name, as it does across hosts), memory,
processors and storage enough for every VM, and no VMs.  Deterministic: no random numbers, no clock.
"""
import json
import sys

GIB = 1 << 30


def switches(count, prefix):
    return [{"id": "%s-0000-4000-8000-%012X" % (prefix, s), "name": "Switch %06d" % s,
             "type": "external", "physical_nics": ["NIC1"]} for s in range(count)]


def host(name, vms, memory_bytes, processors):
    return {"name": name, "os": "Windows Server 2012 R2 Datacenter",
            "memory_bytes": memory_bytes, "logical_processors": processors,
            "processor": {"vendor": "GenuineIntel", "family": 6, "model": 62, "stepping": 4,
                          "name": "Intel(R) Xeon(R) CPU E5-2697 v2", "cpu_xml": None},
            "physical_nics": ["NIC1"],
            "volumes": [{"path": "D:\\", "capacity_bytes": (vms + 1) * 64 * GIB,
                         "free_bytes": (vms + 1) * 64 * GIB}],
            "switches": [], "disks": [], "vms": []}


def source(vms, count):
    out = host("hv-source", vms, 768 * GIB, 48)
    out["switches"] = switches(count, "AB000000")
    for i in range(vms):
        name = "vm%06d" % i
        path = "D:\\Hyper-V\\%s\\%s.vhdx" % (name, name)
        vswitch = out["switches"][i % count]
        out["disks"].append({"path": path, "local_path": None, "format": "vhdx", "type": "fixed",
                             "virtual_size_bytes": 40 * GIB, "file_size_bytes": 40 * GIB,
                             "parent_path": None, "header_read": True})
        out["vms"].append({
            "id": "7A2E0000-0000-4000-8000-%012X" % i, "name": name, "state": "running",
            "generation": 2, "configuration_version": "5.0", "vcpus": 1,
            "memory": {"dynamic": False, "startup_bytes": GIB, "minimum_bytes": 0,
                       "maximum_bytes": 0},
            "processor_compatibility": False, "saved_state": False, "saved_state_bytes": 0,
            "config_path": None,
            "drives": [{"controller_type": "scsi", "controller_number": 0,
                        "controller_location": 0, "disk_path": path}],
            "adapters": [{"name": "Network Adapter",
                          "mac": "00-15-5D-%02X-%02X-%02X" % (i >> 16 & 255, i >> 8 & 255, i & 255),
                          "switch_id": vswitch["id"], "switch_name": vswitch["name"],
                          "connected": True}],
            "snapshots": [], "current_snapshot_id": None})
    return out


def destination(vms, count):
    out = host("hv-destination", vms, (vms * 2 + 64) * GIB, max(48, vms))
    out["switches"] = switches(count, "CD000000")
    return out


def write(path, hosts):
    with open(path, "w") as f:
        json.dump({"schema": "hvplan-inventory/1", "sources": ["bench:generated"], "hosts": hosts,
                   "warnings": []}, f, separators=(",", ":"))


def main():
    vms, count = int(sys.argv[1]), int(sys.argv[2])
    write(sys.argv[3], [source(vms, count)])
    write(sys.argv[4], [destination(vms, count)])


if __name__ == "__main__":
    main()
