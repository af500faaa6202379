#!/bin/sh
# The two real .vmcx files written by Hyper-V (../shared/samples/vmcx, from fox-it/dissect.target
# @d4aaddcd, AGPL-3.0: read from there, never copied): every field hvplan maps, checked by hand
# against the dump of t/vmcx/vmcx-dump.py (an independent reader of FORMAT.md), and the dump
# itself against the files' bytes (every CRC verified, key counts, chosen header).  A data root of
# both plans with both VMs; a root mixing them with the 2012 R2 XML plans all three.
. "$HVP_SOURCE_ROOT/t/lib.sh"

samples="${HVP_SAMPLES:-/nonexistent}/vmcx"
GEN1=EC04F346-DB96-4700-AF5B-77B3C56C38BD
GEN2=993F7B33-6057-4D1E-A1FE-A1A1D77BE974
DUMP="$HVP_SOURCE_ROOT/t/vmcx/vmcx-dump.py"
if [ ! -f "$samples/$GEN1.vmcx" ] || [ ! -f "$samples/$GEN2.vmcx" ]; then
  test_skip "real .vmcx files" "HVP_SAMPLES/vmcx is absent"
  test_done
  exit 0
fi
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
test_done
