#!/bin/sh
# A synthetic Windows Server 2016+ data root (t/vmcx/make-root.py, written by t/vmcx/write-vmcx.py
# from Microsoft's FORMAT.md) with what the two real files lack: file objects, UInt and Double,
# chained object tables, small key tables written children first, a replay log with entries, two
# header copies of different sequences (the newer corrupt; the older of an unknown format), dynamic
# memory, several adapters and drives, a checkpoint tree, saved states in .vmrs files; beside the
# real 2012 R2 XML.  One collect, checked field by field; then the plan of it.
. "$HVP_SOURCE_ROOT/t/lib.sh"

# The root, its dump by the independent reader, the collect and the plan of it, and the checks of
# both reports, in one python3 run (a python3 start is the cost here): the exit statuses in
# collect.status and plan.status, hvplan's standard error in err, each check's "ok" or failure in
# inventory.result and plan.result, read by the points.
(cd "$HVP_TMP" && python3 - "$HVP_SOURCE_ROOT/t/vmcx" \
  "$HVP_SOURCE_ROOT/t/data/hyperv-xml/mwrock-packer-templates_2012R2_vm.XML" "$HVPLAN" \
  "$HVP_SOURCE_ROOT/examples/destination.json" <<'PY'
import contextlib, json, runpy, subprocess, sys, traceback
tools, xml, hvplan, destination = sys.argv[1:5]
sys.argv = [tools + "/make-root.py", "root", xml]
runpy.run_path(sys.argv[0], run_name="__main__")
sys.argv = [tools + "/vmcx-dump.py", "root/Virtual Machines/A1111111-0000-4000-8000-00000000000A.vmcx"]
with open("a.dump", "w") as f, contextlib.redirect_stdout(f):
    runpy.run_path(sys.argv[0], run_name="__main__")

def run(name, args, stdout):
    with open(name + ".err", "w") as err, open(stdout, "w") as out:
        status = subprocess.run([hvplan] + args, stdout=out, stderr=err).returncode
    with open(name + ".status", "w") as f:
        print(status, file=f)

def check(name, function):
    with open(name + ".result", "w") as f:
        try:
            function()
            print("ok", file=f)
        except Exception:
            traceback.print_exc(file=f)

def inventory():
    doc = json.load(open("inv.json"))
    host = doc["hosts"][0]
    vms = {vm["name"]: vm for vm in host["vms"]}
    assert sorted(vms) == ["2012R2", "alpha 2019", "bravo", "charlie"], sorted(vms)
    a, b, c = vms["alpha 2019"], vms["bravo"], vms["charlie"]
    GIB = 1 << 30
    assert a["generation"] == 2 and a["vcpus"] == 4 and a["processor_compatibility"] is True, a
    assert a["memory"] == {"dynamic": True, "startup_bytes": 4 * GIB, "minimum_bytes": GIB,
                           "maximum_bytes": 8 * GIB}, a["memory"]
    assert a["state"] == "saved" and a["saved_state"] is True and a["saved_state_bytes"] == 86016, a
    assert [(d["controller_type"], d["controller_location"], d["disk_path"]) for d in a["drives"]] == \
        [("scsi", 0, "D:\\VMs\\alpha.vhdx"), ("scsi", 1, "D:\\VMs\\alpha-data.vhdx")], a["drives"]
    assert a["adapters"] == [
        {"name": "Network Adapter", "mac": "00-15-5D-01-02-03", "switch_id": "C0C0C0C0-0000-4000-8000-0000000000C0",
         "switch_name": "Corp", "connected": True, "static_mac": True},
        {"name": "Network Adapter", "mac": "00-15-5D-01-02-04", "switch_id": None, "switch_name": "Lab",
         "connected": True}], a["adapters"]
    snaps = {s["id"]: s for s in a["snapshots"]}
    s1, s2 = snaps["51111111-0000-4000-8000-000000000051"], snaps["52222222-0000-4000-8000-000000000052"]
    assert s1.get("parent_id") is None and s2["parent_id"] == s1["id"], a["snapshots"]
    assert s1["saved_state"] is False and s2["saved_state"] is True and s2["saved_state_bytes"] == 28672
    assert s1["memory"]["startup_bytes"] == 2 * GIB and s2["memory"]["startup_bytes"] == 3 * GIB
    assert b["generation"] == 1 and b["vcpus"] == 2 and b["memory"]["startup_bytes"] == 2 * GIB, b
    assert b["saved_state"] is False and b["state"] == "unknown", b
    assert c["generation"] == 2 and c["memory"]["startup_bytes"] == 512 << 20, c
    assert sorted(s["name"] for s in host["switches"]) == ["Corp", "Lab", "Virtual External Switch"]
    assert not any(w.get("unread") for w in doc["warnings"])

def plan():
    plan = json.load(open("plan.json"))
    rows = {vm["name"]: vm for vm in plan["vms"]}
    assert sorted(rows) == ["2012R2", "alpha 2019", "bravo", "charlie"], sorted(rows)
    assert rows["alpha 2019"]["snapshots"] == 2 and rows["alpha 2019"]["saved_state"] is True, rows
    assert not [f for f in plan["findings"] if f["requirement"] == "inventory"]

run("collect", ["collect", "--strict", "root", "-o", "inv.json"], "collect.out")
run("plan", ["plan", "-q", "-s", "root", "-d", destination, "--format", "json"], "plan.json")
check("inventory", inventory)
check("plan", plan)
PY
) || exit 1

# passed NAME STATUS CHECK: the run NAME exited STATUS and the checks CHECK of its report passed.
passed () {
  read_line "$1.status" && { [ "$line" = "$2" ] || { echo "$1: exit status $line, not $2"; return 1; }; } &&
  read_line "$3.result" && [ "$line" = ok ] || { show "$3.result"; return 1; }
}

test_expect "the independent dump reads the synthetic files as written" '
  expect_matches a.dump "^# format 0x400 sequence 7 " \
    "^configuration/settings/memory/bank/priority uint 5000$" \
    "^configuration/settings/memory/bank/target_memory_buffer double 20.0$" &&
  expect_match "^configuration/properties/notes string .N{3000}.$" a.dump
'
test_expect "one collect --strict of the mixed root: every value" '
  passed collect 0 inventory &&
  expect_lines collect.err "*A1111111-0000-4000-8000-00000000000A?vmcx: replay log: 2 changes written but not committed*"
'
test_expect "the plan of the root counts every VM, the saved states and the checkpoints" '
  passed plan 1 plan
'
test_done
