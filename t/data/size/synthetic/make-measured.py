#!/usr/bin/env python3
"""Writes the synthetic fixtures of sizing by use and licence cost (t/t3600-size-measured.sh), numbers chosen so
the expected answers can be checked by hand (see t/data/size/synthetic/README.md).

Run from this folder: python3 make-measured.py
"""
import json

GIB = 1 << 30
MIB = 1 << 20
START = 1798761600          # 2027-01-01T00:00:00Z
HOUR = 3600


def vm(name, n, memory, cpu, dynamic=True, vcpus=2, state="running", guest_os=None):
    entry = {"id": "0E57A7E0-0000-4000-8000-%012d" % n, "name": name, "state": state,
             "generation": 2, "vcpus": vcpus,
             "memory": {"dynamic": dynamic, "startup_bytes": GIB if dynamic else 512 * MIB,
                        "minimum_bytes": 512 * MIB if dynamic else 0,
                        "maximum_bytes": 8 * GIB if dynamic else 0}}
    if guest_os is not None:
        entry["guest_os"] = guest_os
    if memory is not None:
        entry["utilization"] = {"start_time": START, "interval_seconds": HOUR,
                                "period_seconds": len(memory) * HOUR,
                                "processor_percent": ",".join(cpu),
                                "memory_demand_mib": ",".join(memory)}
    return entry


def inventory(vms):
    return {"schema": "hvplan-inventory/1", "sources": ["synthetic"],
            "hosts": [{"name": "hv-lab", "vms": vms}], "warnings": []}


def write(name, doc):
    with open(name, "w") as out:
        json.dump(doc, out, indent=1)
        out.write("\n")


def main():
    office = [str(6000 if 8 <= h < 20 else 1000) for h in range(24)]
    night = [str(1000 if 8 <= h < 20 else 6000) for h in range(24)]
    half = ["50"] * 24
    write("peaks.json", inventory([vm("office", 1, office, half), vm("night", 2, night, half)]))
    write("peaks-catalog.json", [{"name": "small", "sockets": 1, "cores": 4, "threads": 4,
                                  "memory_bytes": 10 * GIB, "physical_nics": 2,
                                  "storage_bytes": 10 ** 12, "price": 1000}])
    slots = 96
    full = [str(2000)] * slots
    halfway = [str(2000) if i % 2 == 0 else "" for i in range(slots)]
    few = [str(2000) if i < 19 else "" for i in range(slots)]
    cpu = lambda memory: ["25" if m else "" for m in memory]
    write("coverage.json", inventory([vm("full", 1, full, cpu(full)),
                                      vm("half", 2, halfway, cpu(halfway)),
                                      vm("few", 3, few, cpu(few))]))
    write("licence.json", inventory([vm("w%02d" % i, i, None, None, dynamic=False, vcpus=1)
                                     for i in range(1, 15)]))
    # The same 14 VMs with their guests known (KVP OSName): 3 Windows, 10 Linux, 1 unknown.
    guests = ["Windows Server 2022 Datacenter"] * 3 + ["Ubuntu 22.04.4 LTS"] * 10 + [None]
    write("licence-guests.json", inventory([vm("w%02d" % i, i, None, None, dynamic=False, vcpus=1,
                                               guest_os=guests[i - 1]) for i in range(1, 15)]))
    write("licence-catalog.json", {
        "schema": "hvplan-catalog/1",
        "licence_prices": {"standard_per_2_cores": 100, "datacenter_per_2_cores": 600},
        "models": [
            {"name": "many-cores", "sockets": 2, "cores": 64, "threads": 128,
             "memory_bytes": 256 * GIB, "physical_nics": 4, "storage_bytes": 10 ** 13,
             "price": 1000},
            {"name": "dense", "sockets": 1, "cores": 16, "threads": 32, "memory_bytes": 64 * GIB,
             "physical_nics": 4, "storage_bytes": 10 ** 13, "price": 1500}]})


main()
