#!/bin/sh
# The libvirt collector on what libvirt's own test-suite domains hold (issue 12, section 5):
# backing chains read to any depth (12 layers, as in libvirt's tests/qemuxml2argvdata), a block
# device as a backing store, a pool volume's own format and chain (its volume XML), <maxMemory>
# as the hot-plug ceiling (not a dynamic-memory maximum), a domain shutting down that still
# counts; whatever `collect` writes reads back, and the bundled example diffs against itself.
# t/data/libvirt/synthetic/chains-node.xml is synthetic (written for this test, see its README).
. "$HVP_SOURCE_ROOT/t/lib.sh"
: "${HVP_DATA:?}"

data=$HVP_DATA
case $data in /*) ;; *) data="$(pwd)/$data" ;; esac
NODE="test://$data/libvirt/synthetic/chains-node.xml"
EX="$HVP_SOURCE_ROOT/examples/libvirt"
case $EX in /*) ;; *) EX="$(pwd)/$EX" ;; esac
CHAIN=/var/lib/libvirt/images/chain
POOL=/var/lib/libvirt/images/pool

# tables: disks.txt ("path format type parent") and vms.txt ("name state dynamic startup
# maximum") from inventory.json, for disk and vm below.
tables () {
  python3 -c 'import json
with open("disks.txt", "w") as disks, open("vms.txt", "w") as vms:
    for host in json.load(open("inventory.json"))["hosts"]:
        for d in host["disks"]:
            print(d["path"], d["format"], d["type"], d["parent_path"], file=disks)
        for v in host["vms"]:
            m = v["memory"]
            print(v["name"], v["state"], m["dynamic"], m["startup_bytes"], m["maximum_bytes"],
                  file=vms)'
}
# row TABLE KEY: sets $found to the rest of TABLE's lines whose first word is KEY (one a line;
# empty when none), read by the shell: the tables are a few lines.
row () {
  found=
  while IFS=" " read -r row_key row_rest; do
    [ "$row_key" = "$2" ] && found=${found:+$found
}$row_rest
  done < "$1"
  return 0
}
# disk PATH: $found is "format type parent" of the disk PATH; vm NAME: "state dynamic startup
# maximum" of the VM NAME.
disk () {
  row disks.txt "$1"
}
vm () {
  row vms.txt "$1"
}

# Each libvirt connection takes a while: the node is collected and planned once, and the test
# points below read inventory.json, collect.err and plan.json.
test_expect "the synthetic node collects (exit 0) and plans (exit 0)" '
  expect_status 0 "$HVPLAN" collect "$NODE" -o inventory.json 2>collect.err &&
  expect_status 0 "$HVPLAN" plan -q --source "$NODE" --destination "test://$EX/destination-host.xml" \
    --memory-policy maximum --format json -o plan.json &&
  tables
'
test_expect "a 12-deep backing chain is read layer by layer, down to its block-device base" '
  upper=top &&
  for layer in layer00 layer01 layer02 layer03 layer04 layer05 layer06 layer07 layer08 layer09 \
      layer10 layer11; do
    disk $CHAIN/$upper.qcow2 &&
    test "$found" = "qcow2 differencing $CHAIN/$layer.qcow2" || { echo "$upper: $found"; return 1; }
    upper=$layer
  done &&
  disk $CHAIN/layer11.qcow2 && test "$found" = "qcow2 differencing /dev/vg0/golden" &&
  disk /dev/vg0/golden && test "$found" = "raw fixed None" &&
  test "$(grep -c "\"path\": \"$CHAIN/" inventory.json)" -eq 13
'
test_expect "a pool volume gives its own format and backing file (volume XML)" '
  disk $POOL/fixed.qcow2 && test "$found" = "qcow2 differencing $POOL/base.qcow2" &&
  disk $POOL/base.qcow2 && test "$found" = "qcow2 dynamic None" &&
  expect_lines collect.err "*domain ?deep?: disk ?$CHAIN/layer05?qcow2?: size unknown*" &&
  expect_no_line collect.err "*fixed?qcow2? records no driver type*"
'
test_expect "<maxMemory> is the hot-plug ceiling: static 8 GiB, not a dynamic maximum of 1 PiB" '
  vm deep && test "$found" = "running False 8589934592 0"
'
test_expect "balloon room is dynamic memory up to <memory>; <memballoon model=none> is static" '
  vm stopping && test "${found#* }" = "True 2147483648 4294967296" &&
  vm fixed && test "$found" = "off False 4294967296 0"
'
# deep 8 GiB + stopping at its maximum 4 GiB + the 2 GiB reserve + 144 MiB of VM overhead; fixed is
# off.  Were <maxMemory> a maximum, deep alone would need 1 PiB; were stopping off, 4 GiB less.
test_expect "a domain shutting down (VIR_DOMAIN_SHUTDOWN) is running and counts" '
  vm stopping && test "${found%% *}" = running &&
  expect_match "\"required_bytes\": 15183380480,$" plan.json
'
test_expect "collect -> collect round trip: the inventory collect writes reads back the same" '
  expect_status 0 "$HVPLAN" collect -q inventory.json -o again.json &&
  cmp inventory.json again.json &&
  expect_status 0 "$HVPLAN" diff -q inventory.json again.json >out &&
  expect_lines out "Result: equal"
'
test_expect "the bundled libvirt example: collected, it reads back and diffs equal to itself" '
  expect_status 0 "$HVPLAN" collect -q "test://$EX/source-host.xml" -o example.json &&
  expect_status 0 "$HVPLAN" diff -q example.json example.json >out 2>err &&
  expect_lines out "Result: equal" &&
  test ! -s err &&
  expect_status 0 "$HVPLAN" diff -q "test://$EX/source-host.xml" example.json >out &&
  expect_lines out "Result: equal" &&
  "$HVPLAN" collect -q example.json -o again.json &&
  cmp example.json again.json
'
test_expect "a backing chain that loops is refused (exit 65), naming the disk" '
  sed -e "s|$CHAIN/layer05.qcow2|$CHAIN/top.qcow2|" "$data/libvirt/synthetic/chains-node.xml" >loop.xml &&
  expect_status 65 "$HVPLAN" collect -q "test://$HVP_TMP/loop.xml" -o loop.json 2>err &&
  expect_lines err "*domain ?deep*backing chain of ?$CHAIN/top?qcow2? loops back to ?$CHAIN/top?qcow2?*" &&
  count_lines err && test "$counted" -eq 1 &&
  expect_no_file loop.json
'
test_done
