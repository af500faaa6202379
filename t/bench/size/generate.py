#!/usr/bin/env python3
"""Writes a synthetic hvplan-inventory/1 source and a catalog of 10 models for the size benchmark.

generate.py VMS INVENTORY.json CATALOG.json [SAMPLES]

With SAMPLES (issue 17), each VM also gets a "utilization" of SAMPLES samples every 5 minutes
(8,640: 30 days), processor % and memory demand MiB, on one timeline: a daily cycle whose peak
hour is one of 24 (so peaks do not all coincide), a weekly dip, and noise; the series are drawn
from a pool of 24 processor and 24 × 6 memory shapes (one per peak hour and memory size), so
generating 10,000 VMs stays fast while the sizing reads every sample.

VMS virtual machines on source hosts of 100 VMs each (two External switches per host, bound to
two NICs).  The size mix is a typical general-purpose estate: memory 2 GiB (30 %), 4 GiB (30 %),
8 GiB (20 %), 16 GiB (12 %), 32 GiB (6 %), 64 GiB (2 %), vCPUs growing with memory (1 to 16),
an OS disk of 40 to 127 GiB and, for half the VMs, a data disk of 50 to 1,000 GiB; 5 % are off;
one VM in 8 uses dynamic memory.  The catalog holds 10 server models from 2012-era 2-socket
machines to current 2-socket ones, with illustrative prices.  Deterministic: a seeded generator,
no clock.
"""
import json
import random
import sys

GIB = 1 << 30
MIX = [(2, 30, (1, 2)), (4, 30, (2, 2)), (8, 20, (2, 4)), (16, 12, (4, 8)), (32, 6, (8, 8)),
       (64, 2, (8, 16))]
CATALOG = [
    ("Dell PowerEdge R720 (2x Xeon E5-2670)", 2, 16, 32, 256, 4, 3600, (6, 45, 7), 9000),
    ("HPE ProLiant DL380 Gen8 (2x Xeon E5-2660 v2)", 2, 20, 40, 384, 4, 4800, (6, 62, 4), 11000),
    ("Dell PowerEdge R730 (2x Xeon E5-2680 v4)", 2, 28, 56, 512, 4, 7200, (6, 79, 1), 15000),
    ("Dell PowerEdge R640 (2x Xeon Silver 4214)", 2, 24, 48, 384, 4, 4800, (6, 85, 7), 14000),
    ("HPE ProLiant DL380 Gen10 (2x Xeon Gold 6248)", 2, 40, 80, 768, 4, 9600, (6, 85, 7), 26000),
    ("Dell PowerEdge R750 (2x Xeon Gold 6338)", 2, 64, 128, 1024, 4, 15360, (6, 106, 6), 38000),
    ("Dell PowerEdge R760 (2x Xeon Gold 6430)", 2, 64, 128, 1024, 4, 15360, (6, 143, 8), 42000),
    ("Lenovo ThinkSystem SR650 V2 (2x Xeon Gold 5318Y)", 2, 48, 96, 768, 4, 9600, (6, 106, 6), 27000),
    ("HPE ProLiant DL385 Gen10 Plus (2x AMD EPYC 7543)", 2, 64, 128, 1024, 4, 15360, (25, 1, 1), 36000),
    ("Dell PowerEdge R7625 (2x AMD EPYC 9354)", 2, 64, 128, 1536, 4, 23040, (25, 17, 1), 48000),
]


def catalog():
    models = []
    for name, sockets, cores, threads, memory, nics, storage_gb, cpu, price in CATALOG:
        vendor = "AuthenticAMD" if cpu[0] == 25 else "GenuineIntel"
        models.append({"name": name, "sockets": sockets, "cores": cores, "threads": threads,
                       "memory_bytes": memory * GIB, "physical_nics": nics,
                       "storage_bytes": storage_gb * 1000 * 1000 * 1000,
                       "processor": {"vendor": vendor, "family": cpu[0], "model": cpu[1],
                                     "stepping": cpu[2], "name": name},
                       "price": price})
    return {"schema": "hvplan-catalog/1", "models": models}


def series_pool(samples):
    """Per peak hour: the processor series; per (peak hour, GiB): the memory series (MiB)."""
    rng = random.Random(17)
    cpu, memory = {}, {}
    for peak in range(24):
        shape = []
        for t in range(samples):
            hour = (t * 300 / 3600.0) % 24
            day = int(t * 300 / 86400) % 7
            distance = min(abs(hour - peak), 24 - abs(hour - peak))
            bump = max(0.0, 1 - distance / 4.0)
            shape.append(bump * (0.6 if day >= 5 else 1.0))
        cpu[peak] = ",".join("%d" % min(100, round(5 + 70 * b + rng.uniform(0, 8))) for b in shape)
        for gib, _, _ in MIX:
            memory[peak, gib] = ",".join("%d" % round(gib * 1024 * (0.35 + 0.5 * b)
                                                       + rng.uniform(0, 64)) for b in shape)
    return cpu, memory


def inventory(vms, samples=0):
    rng = random.Random(20121001)
    pool = series_pool(samples) if samples else None
    weights = [w for _, w, _ in MIX]
    out = {"schema": "hvplan-inventory/1", "sources": ["bench:generated"], "hosts": [], "warnings": []}
    hosts = (vms + 99) // 100
    for h in range(hosts):
        root = "D:\\Hyper-V"
        host = {"name": "hv%04d" % h, "os": "Windows Server 2012 R2 Datacenter",
                "memory_bytes": 768 * GIB, "logical_processors": 48,
                "processor": {"vendor": "GenuineIntel", "family": 6, "model": 62, "stepping": 4,
                              "name": "Intel(R) Xeon(R) CPU E5-2697 v2", "cpu_xml": None},
                "physical_nics": ["NIC1", "NIC2", "NIC3"],
                "volumes": [{"path": "D:\\", "capacity_bytes": 64 * 1024 * GIB, "free_bytes": 9 * 1024 * GIB}],
                "switches": [{"id": "AB00%04X-0000-4000-8000-000000000001" % h, "name": "Corp External",
                              "type": "external", "physical_nics": ["NIC1", "NIC2"]},
                             {"id": "AB00%04X-0000-4000-8000-000000000002" % h, "name": "Backup",
                              "type": "internal", "physical_nics": []}],
                "disks": [], "vms": []}
        for i in range(h * 100, min(vms, (h + 1) * 100)):
            memory, _, vcpu_choices = rng.choices(MIX, weights)[0]
            vcpus = rng.choice(vcpu_choices)
            name = "vm%06d" % i
            os_disk = "%s\\%s\\%s.vhdx" % (root, name, name)
            host["disks"].append({"path": os_disk, "local_path": None, "format": "vhdx", "type": "fixed",
                                  "virtual_size_bytes": 127 * GIB,
                                  "file_size_bytes": rng.randint(40, 127) * GIB,
                                  "parent_path": None, "header_read": True})
            drives = [{"controller_type": "scsi", "controller_number": 0, "controller_location": 0,
                       "disk_path": os_disk}]
            if rng.random() < 0.5:
                data = "%s\\%s\\%s-data.vhdx" % (root, name, name)
                size = rng.randint(50, 1000) * GIB
                host["disks"].append({"path": data, "local_path": None, "format": "vhdx", "type": "fixed",
                                      "virtual_size_bytes": size, "file_size_bytes": size,
                                      "parent_path": None, "header_read": True})
                drives.append({"controller_type": "scsi", "controller_number": 0,
                               "controller_location": 1, "disk_path": data})
            dynamic = rng.random() < 0.125
            vm = {"id": "%08X-0000-4000-8000-%012X" % (0x7A2E0000, i), "name": name,
                  "state": "off" if rng.random() < 0.05 else "running", "generation": 2,
                  "configuration_version": "5.0", "vcpus": vcpus,
                  "memory": {"dynamic": dynamic, "startup_bytes": memory * GIB,
                             "minimum_bytes": 512 * 1024 * 1024 if dynamic else 0,
                             "maximum_bytes": 2 * memory * GIB if dynamic else 0},
                  "processor_compatibility": False, "saved_state": False, "saved_state_bytes": 0,
                  "config_path": None, "drives": drives,
                  "adapters": [{"name": "Network Adapter", "mac": "00-15-5D-%02X-%02X-%02X" % (i >> 16 & 255, i >> 8 & 255, i & 255),
                                "switch_id": host["switches"][0]["id"], "switch_name": "Corp External",
                                "connected": True}],
                  "snapshots": [], "current_snapshot_id": None}
            if samples:
                peak = rng.randrange(24)
                vm["utilization"] = {"start_time": 1798761600, "interval_seconds": 300,
                                     "period_seconds": samples * 300,
                                     "processor_percent": pool[0][peak],
                                     "memory_demand_mib": pool[1][peak, memory]}
            host["vms"].append(vm)
        out["hosts"].append(host)
    return out


def main():
    vms = int(sys.argv[1])
    samples = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    with open(sys.argv[2], "w") as f:
        json.dump(inventory(vms, samples), f, separators=(",", ":"))
    with open(sys.argv[3], "w") as f:
        json.dump(catalog(), f, indent=2)


if __name__ == "__main__":
    main()
