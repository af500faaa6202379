#!/usr/bin/python3
"""big-source.py OUT COUNT: an inventory of COUNT VMs (1 GiB, 2 vCPUs each) on one host, into OUT:
the large source t7100-torn-output collects while it is killed.  The default run's (5,000 VMs) is
made once when the tests are built (t/meson.build); the expensive run makes its 20,000 here."""
import json
import sys

vms = [{"id": f"VM-{i:06d}", "name": f"vm{i}", "vcpus": 2,
        "memory": {"dynamic": False, "startup_bytes": 1073741824, "minimum_bytes": 0,
                   "maximum_bytes": 0}} for i in range(int(sys.argv[2]))]
with open(sys.argv[1], "w") as out:
    json.dump({"schema": "hvplan-inventory/1", "sources": [], "warnings": [],
               "hosts": [{"name": "big", "memory_bytes": 17179869184, "logical_processors": 8,
                          "vms": vms}]}, out)
