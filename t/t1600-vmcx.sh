#!/bin/sh
# Hyper-V's binary configuration files (.vmcx, Windows Server 2016 and later): a file found but
# not read never plans as PASS; the two real files written by Hyper-V, field by field; a synthetic
# data root with what the real files lack.  The parts were t1600-vmcx-unread, t1601-vmcx-real and
# t1602-vmcx-synthetic; each keeps its comment.
. "$HVP_SOURCE_ROOT/t/lib.sh"

# ---- unread (was t/t1600-vmcx-unread.sh) --------------------------------
# Issue 18, "no silent pass": a source in which a configuration file was found but not read never
# plans as PASS, collect says so even with --quiet, the mark survives the inventory JSON, and
# --strict makes every command exit 65 naming the file.  The unread file is a `.vmcx` that is not
# one (no container signature), which no reader takes.
test_part unread
EX="$HVP_SOURCE_ROOT/examples"
UNREAD=5D4E6FBC-CF71-4095-B2A3-6E8FA0C14255.vmcx
mkdir -p "$HVP_TMP/empty/Virtual Machines" "$HVP_TMP/root/Virtual Machines"
printf 'not a configuration' >"$HVP_TMP/root/Virtual Machines/$UNREAD"

test_expect "a root with nothing unread and no VM passes (the control)" '
  expect_status 0 "$HVPLAN" plan -s empty -d "$EX/destination.json" >control &&
  expect_lines control "Verdict: PASS" "*no VM configuration (.xml or .vmcx) in this folder*"
'
test_expect "the same root with a configuration not read: WARN, exit 0, a finding naming it" '
  expect_status 0 "$HVPLAN" plan -s root -d "$EX/destination.json" >plan 2>err &&
  expect_lines plan "Verdict: WARN" \
    "WARN inventory  configuration ?root/Virtual Machines/$UNREAD? was found but not read*" &&
  expect_lines err "hvplan: warning: 1 VM configuration file found but not read*"
'
test_expect "--strict: plan, size and collect exit 65 with one line naming the file" '
  expect_status 65 "$HVPLAN" plan -q --strict -s root -d "$EX/destination.json" >out 2>err &&
  expect_lines err "hvplan: ?root/Virtual Machines/$UNREAD?: configuration not read (*); 1 configuration file not read in all (--strict)" &&
  test ! -s out &&
  expect_status 65 "$HVPLAN" size -q --strict -s root --catalog "$EX/catalog.json" >out 2>err &&
  test ! -s out &&
  expect_status 65 "$HVPLAN" collect -q --strict -o inv.json root 2>err &&
  expect_no_file inv.json &&
  expect_lines err "*configuration not read*"
'
test_expect "collect --quiet still says so; the JSON keeps the mark; a plan of it warns" '
  expect_status 0 "$HVPLAN" collect -q -o inv.json root 2>err &&
  expect_lines err "hvplan: warning: 1 VM configuration file found but not read*" &&
  expect_match "\"unread\": true" inv.json &&
  expect_status 0 "$HVPLAN" plan -q -s inv.json -d "$EX/destination.json" --format json >plan.json &&
  expect_matches plan.json "\"requirement\": \"inventory\"" "\"verdict\": \"warn\"" &&
  expect_status 65 "$HVPLAN" plan -q --strict -s inv.json -d "$EX/destination.json" >/dev/null 2>&1
'
test_expect "the Markdown checklist: step 3 is WARN and lists the file to read" '
  expect_status 0 "$HVPLAN" plan -q -s root -d "$EX/destination.json" --format markdown >plan.md 2>/dev/null &&
  expect_matches plan.md "against the source: \*\*WARN\*\*\.$" \
    "^- \[ \] \*\*WARN\*\* inventory: configuration .root/Virtual Machines/5D4E6FBC.*was found but not read"
'
test_expect "size carries the finding" '
  expect_status 0 "$HVPLAN" size -q -s root --catalog "$EX/catalog.json" >size &&
  expect_lines size "WARN inventory  configuration ?root/Virtual Machines/$UNREAD? was found but not read*"
'

# ---- real (was t/t1601-vmcx-real.sh) ------------------------------------
# The two real .vmcx files written by Hyper-V (../shared/samples/vmcx, from fox-it/dissect.target
# @d4aaddcd, AGPL-3.0: read from there, never copied): every field hvplan maps, checked by hand
# against the dump of t/vmcx/vmcx-dump.py (an independent reader of FORMAT.md), and the dump
# itself against the files' bytes (every CRC verified, key counts, chosen header).  A data root of
# both plans with both VMs; a root mixing them with the 2012 R2 XML plans all three.
test_part real
samples="${HVP_SAMPLES:-/nonexistent}/vmcx"
GEN1=EC04F346-DB96-4700-AF5B-77B3C56C38BD
GEN2=993F7B33-6057-4D1E-A1FE-A1A1D77BE974
DUMP="$HVP_SOURCE_ROOT/t/vmcx/vmcx-dump.py"
# Without the samples, one skip; with them, the points down to the end of this part (left
# unindented: the part holds a Python here-document).
if [ ! -f "$samples/$GEN1.vmcx" ] || [ ! -f "$samples/$GEN2.vmcx" ]; then
  test_skip "real .vmcx files" "HVP_SAMPLES/vmcx is absent"
else
mkdir -p "$HVP_TMP/root/Virtual Machines"
cp "$samples/$GEN1.vmcx" "$samples/$GEN2.vmcx" "$HVP_SOURCE_ROOT/t/data/hyperv-xml/mwrock-packer-templates_2012R2_vm.XML" \
  "$HVP_TMP/root/Virtual Machines/"
# The four dumps (raw and plain, of each file), then one collect of the root (its exit status in
# collect.status) and the check of its inventory against the values of the dumps (in
# inventory.result: "ok" or the failure), in one python3 run, read by the points.
(cd "$HVP_TMP" && python3 - "$DUMP" "$samples/$GEN1.vmcx" "$samples/$GEN2.vmcx" "$HVPLAN" \
  "$GEN1" "$GEN2" <<'PY'
import contextlib, json, runpy, subprocess, sys, traceback
dump, gen1, gen2, hvplan, GEN1, GEN2 = sys.argv[1:7]
for out, args in (("gen1.dump", ["--raw", gen1]), ("gen2.dump", ["--raw", gen2]),
                  ("gen1.plain", [gen1]), ("gen2.plain", [gen2])):
    sys.argv = [dump] + args
    with open(out, "w") as f, contextlib.redirect_stdout(f):
        runpy.run_path(dump, run_name="__main__")

def inventory():
    doc = json.load(open("inv.json"))
    vms = {vm["name"]: vm for vm in doc["hosts"][0]["vms"]}
    assert sorted(vms) == ["2012R2", "Default Generation 1", "Default Generation 2"], sorted(vms)
    g1, g2 = vms["Default Generation 1"], vms["Default Generation 2"]
    for vm, vid, gen in ((g1, GEN1, 1), (g2, GEN2, 2)):
        assert vm["id"] == vid and vm["generation"] == gen, vm
        assert vm["configuration_version"] == "9.0" and vm["vcpus"] == 1, vm
        assert vm["memory"] == {"dynamic": False, "startup_bytes": 1 << 30, "minimum_bytes": 0,
                                "maximum_bytes": 0}, vm["memory"]
        assert vm["processor_compatibility"] is False and vm["saved_state"] is False, vm
        assert vm["adapters"] == [{"name": "Network Adapter", "mac": "00-00-00-00-00-00",
                                   "switch_id": None, "switch_name": None, "connected": False}], vm
    assert g1["drives"] == [{"controller_type": "ide", "controller_number": 0, "controller_location": 0,
                             "disk_path": "C:\\Disks\\Default Generation 1.vhdx"}], g1["drives"]
    assert g2["drives"] == [{"controller_type": "scsi", "controller_number": 0, "controller_location": 0,
                             "disk_path": "C:\\Disks\\Default Generation 2.vhdx"}], g2["drives"]
    assert not any(w.get("unread") for w in doc["warnings"]), doc["warnings"]

with open("collect.status", "w") as f:
    print(subprocess.run([hvplan, "collect", "-q", "root", "-o", "inv.json"]).returncode, file=f)
with open("inventory.result", "w") as f:
    try:
        inventory()
        print("ok", file=f)
    except Exception:
        traceback.print_exc(file=f)
PY
)
dumped=$?
test_expect "the independent dump reads both files: headers, CRCs, key counts" '
  test "$dumped" = 0 &&
  expect_matches gen1.dump \
    "^# format 0x400 sequence 25 alignment 4096 replay log \(40960, 36864, 4096\)$" \
    "#409:^configuration" &&
  expect_matches gen2.dump \
    "^# format 0x400 sequence 23 alignment 4096 replay log \(32768, 28672, 4096\)$" \
    "#338:^configuration" \
    "^configuration/settings/memory node next=4 \[table 5 offset 902 seq 4\]$" \
    "^configuration/settings/memory/bank node next=15 \[table 4 offset 4058 seq 1\]$" \
    "^configuration/settings/memory/sgx node next=5 \[table 2 offset 4059 seq 2\]$"
'
test_expect "the dump names the values hvplan maps (read by hand)" '
  test "$dumped" = 0 &&
  expect_matches gen1.plain "^configuration/properties/name string .Default Generation 1.$" \
    "^configuration/properties/subtype int 0$" "^configuration/properties/version int 2304$" \
    "^configuration/_83f8638b-8dca-4152-9eda-2ca8b33039b4_/controller0/drive0/pathname string .C:..Disks..Default Generation 1.vhdx.$" &&
  expect_matches gen2.plain "^configuration/properties/subtype int 1$" \
    "^configuration/_dbcf5442-5b2e-4471-9b01-8aa4c5d0d011_/controller0/drive0/pathname string .C:..Disks..Default Generation 2.vhdx.$" \
    "secure_boot_enabled bool 1$" "StateFilePath string .*993F7B33-6057-4D1E-A1FE-A1A1D77BE974.vmgs.$"
'
test_expect "one collect of the mixed root: three VMs with the values of the dumps" '
  test "$dumped" = 0 && read_line collect.status && test "$line" = 0 &&
  read_line inventory.result && [ "$line" = ok ] || { show inventory.result; exit 1; }
'
# Memory: three VMs of 1 GiB static, each 32 MiB of overhead, and the 2 GiB host reserve; the
# network fails on the XML VM's switch, which examples/destination.json lacks.
test_expect "the plan of that inventory counts the three VMs and nothing is unread" '
  expect_status 1 "$HVPLAN" plan -q -s inv.json -d "$HVP_SOURCE_ROOT/examples/destination.json" --format json >plan.json &&
  expect_matches plan.json "#2:\"name\": \"Default Generation" "#0:\"requirement\": \"inventory\"" &&
  awk -v want="^ *\"required_bytes\": $(( 3 * 1073741824 + 96 * 1048576 + 2147483648 )),\$" '\''
    inside { if ($0 ~ want) found = 1; if (/}/) inside = 0; next }
    /"memory": {/ { inside = 1; if ($0 ~ want) found = 1 }
    END { if (!found) print "no line of the memory object matches " want; exit !found }'\'' plan.json
'
test_expect "a lone .vmcx is collected by its signature" '
  expect_status 0 "$HVPLAN" collect -q "$samples/$GEN2.vmcx" -o one.json &&
  expect_matches one.json "\"name\": \"Default Generation 2\"" "\"controller_type\": \"scsi\""
'

fi # the real .vmcx samples

# ---- synthetic (was t/t1602-vmcx-synthetic.sh) --------------------------
# A synthetic Windows Server 2016+ data root (t/vmcx/make-root.py, written by t/vmcx/write-vmcx.py
# from Microsoft's FORMAT.md) with what the two real files lack: file objects, UInt and Double,
# chained object tables, small key tables written children first, a replay log with entries, two
# header copies of different sequences (the newer corrupt; the older of an unknown format), dynamic
# memory, several adapters and drives, a checkpoint tree, saved states in .vmrs files; beside the
# real 2012 R2 XML.  One collect, checked field by field; then the plan of it.
test_part synthetic
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
