#!/usr/bin/env python3
"""Writes two synthetic hvplan-inventory/1 documents for the diff benchmark.

generate.py VMS HOSTS OLD.json NEW.json

VMS virtual machines spread over HOSTS hosts (each with two switches), every VM with two disks
(one a differencing child), an adapter and, for every fourth VM, two snapshots.  NEW is OLD with
1 % of the VMs changed (memory doubled on every hundredth VM) and every array in reverse order,
so a positional diff would see everything move.  Deterministic: no randomness, no clock.
"""
import json
import sys

GIB = 1 << 30


def vm_id(i):
    return "%08X-0000-4000-8000-%012X" % (0x5C2A0000, i)


def make(vms, hosts, changed):
    out = {"schema": "hvplan-inventory/1", "sources": ["bench:generated"], "hosts": [], "warnings": []}
    per_host = (vms + hosts - 1) // hosts
    for h in range(hosts):
        name = "hv%04d" % h
        root = "D:\\Hyper-V"
        host = {"name": name, "os": "Windows Server 2019 Datacenter", "memory_bytes": 1024 * GIB,
                "logical_processors": 128,
                "processor": {"vendor": "GenuineIntel", "family": 6, "model": 85, "stepping": 7,
                              "name": "Intel(R) Xeon(R) Gold 6248", "cpu_xml": None},
                "physical_nics": ["NIC1", "NIC2"],
                "volumes": [{"path": "D:\\", "capacity_bytes": 64 * 1024 * GIB, "free_bytes": 9 * 1024 * GIB}],
                "switches": [{"id": "AA00%04X-0000-4000-8000-000000000001" % h, "name": "External",
                              "type": "external", "physical_nics": ["NIC1"]},
                             {"id": "AA00%04X-0000-4000-8000-000000000002" % h, "name": "Backend",
                              "type": "private", "physical_nics": []}],
                "disks": [], "vms": []}
        for i in range(h * per_host, min(vms, (h + 1) * per_host)):
            vname = "vm%06d" % i
            base = "%s\\%s\\%s.vhdx" % (root, vname, vname)
            child = "%s\\%s\\%s_1.avhdx" % (root, vname, vname)
            data = "%s\\%s\\%s-data.vhdx" % (root, vname, vname)
            host["disks"] += [
                {"path": base, "local_path": None, "format": "vhdx", "type": "dynamic",
                 "virtual_size_bytes": 127 * GIB, "file_size_bytes": (10 + i % 50) * GIB,
                 "parent_path": None, "header_read": True},
                {"path": child, "local_path": None, "format": "vhdx", "type": "differencing",
                 "virtual_size_bytes": 127 * GIB, "file_size_bytes": (i % 7 + 1) * GIB,
                 "parent_path": base, "header_read": True},
                {"path": data, "local_path": None, "format": "vhdx", "type": "fixed",
                 "virtual_size_bytes": 200 * GIB, "file_size_bytes": 200 * GIB + 4 * 1024 * 1024,
                 "parent_path": None, "header_read": True}]
            memory = (2 + i % 4) * GIB
            if changed and i % 100 == 0:
                memory *= 2
            vm = {"id": vm_id(i), "name": vname, "state": "running", "generation": 2,
                  "configuration_version": "9.0", "vcpus": 1 + i % 8,
                  "memory": {"dynamic": False, "startup_bytes": memory, "minimum_bytes": 0, "maximum_bytes": 0},
                  "processor_compatibility": False, "saved_state": False, "saved_state_bytes": 0,
                  "config_path": "%s\\%s\\Virtual Machines\\%s.vmcx" % (root, vname, vm_id(i)),
                  "drives": [{"controller_type": "scsi", "controller_number": 0, "controller_location": 0, "disk_path": child},
                             {"controller_type": "scsi", "controller_number": 0, "controller_location": 1, "disk_path": data}],
                  "adapters": [{"name": "Network Adapter", "mac": "00-15-5D-%02X-%02X-%02X" % (i >> 16 & 255, i >> 8 & 255, i & 255),
                                "switch_id": host["switches"][0]["id"], "switch_name": "External", "connected": True}],
                  "snapshots": [], "current_snapshot_id": None}
            if i % 4 == 0:
                s1 = "0D%06X-0000-4000-8000-000000000001" % i
                s2 = "0D%06X-0000-4000-8000-000000000002" % i
                vm["snapshots"] = [
                    {"id": s1, "name": "Before update", "parent_id": None, "creation_time": 1700000000 + i,
                     "saved_state": False, "saved_state_bytes": 0, "vcpus": vm["vcpus"], "memory": vm["memory"],
                     "drives": [{"controller_type": "scsi", "controller_number": 0, "controller_location": 0, "disk_path": base}]},
                    {"id": s2, "name": "After update", "parent_id": s1, "creation_time": 1700086400 + i,
                     "saved_state": False, "saved_state_bytes": 0, "vcpus": vm["vcpus"], "memory": vm["memory"],
                     "drives": [{"controller_type": "scsi", "controller_number": 0, "controller_location": 0, "disk_path": child}]}]
                vm["current_snapshot_id"] = s2
            host["vms"].append(vm)
        out["hosts"].append(host)
    return out


def reverse_arrays(value):
    if isinstance(value, list):
        return [reverse_arrays(v) for v in reversed(value)]
    if isinstance(value, dict):
        return {k: reverse_arrays(v) for k, v in value.items()}
    return value


def main():
    vms, hosts = int(sys.argv[1]), int(sys.argv[2])
    with open(sys.argv[3], "w") as f:
        json.dump(make(vms, hosts, False), f, indent=2)
        f.write("\n")
    with open(sys.argv[4], "w") as f:
        json.dump(reverse_arrays(make(vms, hosts, True)), f, indent=2)
        f.write("\n")


main()
