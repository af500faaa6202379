#!/usr/bin/env python3
"""Writes examples/measured.json: the bundled example with measured utilization (synthetic).

The inventory is what `hvplan collect examples/source-host examples/source-host.json` gives; each
VM then gets a week of samples every 15 minutes (UTC, from Monday 2 November 2026), made up here to
show sizing by use, not measured on any server:

  DC01    static 4 GiB, 2 vCPUs: 5-15 % processor, 2,500 MiB demand around the clock
  SQL01   dynamic 4-16 GiB, 4 vCPUs: office hours (08:00-18:00, Monday to Friday) 60-80 % and
          12,000 MiB, otherwise 10 % and 6,000 MiB
  WEB01   dynamic 1-4 GiB, 2 vCPUs: evenings (18:00-24:00) 70 % and 3,500 MiB, otherwise 10 % and
          1,500 MiB
  TEST01  static 1 GiB, 1 vCPU: sampled only the last 3 days (it was off before): 20 %, 700 MiB

The peaks of SQL01 and WEB01 fall at different hours.  Deterministic (a seeded generator).

Run from the project root after building: python3 examples/make-measured.py build/hvplan
"""
import calendar
import json
import random
import subprocess
import sys

INTERVAL = 900
DAYS = 7
START = calendar.timegm((2026, 11, 2, 0, 0, 0))


def series(name, rng):
    cpu, memory = [], []
    for i in range(DAYS * 86400 // INTERVAL):
        day, hour = divmod(i * INTERVAL // 3600, 24)
        if name == "DC01":
            c, m = rng.uniform(5, 15), 2500 + rng.uniform(-100, 100)
        elif name == "SQL01":
            busy = day < 5 and 8 <= hour < 18
            c, m = (rng.uniform(60, 80), 12000) if busy else (10, 6000)
        elif name == "WEB01":
            c, m = (70, 3500) if hour >= 18 else (10, 1500)
        else:
            if day < DAYS - 3:
                cpu.append("")
                memory.append("")
                continue
            c, m = 20, 700
        cpu.append("%.1f" % c)
        memory.append("%d" % round(m))
    return ",".join(cpu), ",".join(memory)


def main():
    hvplan = sys.argv[1] if len(sys.argv) > 1 else "build/hvplan"
    text = subprocess.run([hvplan, "collect", "--quiet", "examples/source-host",
                           "examples/source-host.json"], check=True, capture_output=True).stdout
    doc = json.loads(text)
    rng = random.Random(17)
    for host in doc["hosts"]:
        for vm in host["vms"]:
            cpu, memory = series(vm["name"], rng)
            vm["utilization"] = {"start_time": START, "interval_seconds": INTERVAL,
                                 "period_seconds": DAYS * 86400, "processor_percent": cpu,
                                 "memory_demand_mib": memory}
    doc["sources"] = ["examples/source-host", "examples/source-host.json",
                      "examples/make-measured.py (synthetic utilization)"]
    with open("examples/measured.json", "w") as out:
        json.dump(doc, out, indent=2)
        out.write("\n")


main()
