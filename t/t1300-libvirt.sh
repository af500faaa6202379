#!/bin/sh
# The libvirt collector: passwords in a URI, and what libvirt's own test-suite domains hold.  The two
# parts were t1300-libvirt-uri and t1500-libvirt-chains; each keeps its comment.
. "$HVP_SOURCE_ROOT/t/lib.sh"

# ---- uri (was t/t1300-libvirt-uri.sh) ------------------------------------
# A password in a libvirt URI never leaves the process (issue 12, section 4): user-info
# (`admin:secret@`) and query (`?password=`) secrets are removed before the URI reaches libvirt
# (libvirt's own debug log shows the URI it was given), and are in no output, no standard error, no
# inventory, no report and no error message; a warning says to use libvirt's auth.conf.
test_part uri

EX="$HVP_SOURCE_ROOT/examples/libvirt"
case $EX in /*) ;; *) EX="$(pwd)/$EX" ;; esac
SECRET=S3cretPW
WARNING="the password in the URI was removed and not used: put credentials in libvirt's auth.conf"

# expect_no_secret FILE...: fails when SECRET is in any FILE (one grep for them all; a FILE
# that cannot be read fails too).
expect_no_secret () {
  grep -n -F -- "$SECRET" "$@"
  case $? in
    1) return 0 ;;
    0) echo "the secret is in one of: $*"; return 1 ;;
    *) echo "cannot read one of: $*"; return 1 ;;
  esac
}
# no_secret_in FILE...: as expect_no_secret for short files (a message, a one-line report), read
# by the shell: no process.
no_secret_in () {
  for file in "$@"; do expect_no_line "$file" "*$SECRET*" || return 1; done
}

test_expect "test:///default with user:password@: collected (exit 0), secret nowhere, warning there" '
  LIBVIRT_LOG_FILTERS=1:libvirt LIBVIRT_LOG_OUTPUTS="1:file:$PWD/libvirt.log" \
    expect_status 0 "$HVPLAN" collect "test://admin:$SECRET@/default" -o inv.json >out 2>err &&
  no_secret_in out err &&
  expect_lines err "hvplan: warning: test://admin@/default: uri: $WARNING*" &&
  expect_fixed inv.json "#0:$SECRET" "\"libvirt:test://admin@/default\"" "\"message\": \"$WARNING" &&
  expect_matches libvirt.log "#0:$SECRET" "virConnectOpenAuth.* name=test://admin@/default,"
'

test_expect "test:///default?password=: removed before libvirt, the rest of the query kept" '
  LIBVIRT_LOG_FILTERS=1:libvirt LIBVIRT_LOG_OUTPUTS="1:file:$PWD/libvirt.log" \
    expect_status 0 "$HVPLAN" collect "test:///default?password=$SECRET" >inv.json 2>err &&
  no_secret_in err &&
  expect_fixed inv.json "#0:$SECRET" "\"libvirt:test:///default\"" &&
  expect_lines err "hvplan: warning: test:///default: uri: $WARNING*" &&
  expect_matches libvirt.log "#0:$SECRET" "virConnectOpenAuth.* name=test:///default,"
'

test_expect "a node file URI with both secrets: the inventory of the URI with the user alone, plus the warning" '
  expect_status 0 "$HVPLAN" collect -q "test://admin@$EX/source-host.xml" -o plain.json &&
  expect_status 0 "$HVPLAN" collect -q \
    "test://admin:$SECRET@$EX/source-host.xml?PassWord=$SECRET&api_token=$SECRET" -o secret.json &&
  expect_fixed secret.json "#0:$SECRET" "\"libvirt:test://admin@$EX/source-host.xml\"" &&
  expect_status 1 diff plain.json secret.json >changes &&
  expect_no_line changes "<*" &&
  count_lines changes ">*" && test "$counted" = 5 &&
  expect_lines changes ">       \"message\": \"$WARNING*"
'

test_expect "plan with such a source: the report (text and json) carries the warning, not the secret" '
  expect_status 0 "$HVPLAN" plan --source "test://admin:$SECRET@$EX/source-host.xml" \
    --destination "test://$EX/destination-host.xml" >plan.txt 2>err &&
  expect_status 0 "$HVPLAN" plan --source "test://admin:$SECRET@$EX/source-host.xml" \
    --destination "test://$EX/destination-host.xml" -f json >plan.json 2>>err &&
  expect_status 0 "$HVPLAN" plan --source "test://$EX/source-host.xml" \
    --destination "test://admin:$SECRET@$EX/destination-host.xml" -f markdown >plan.md 2>>err &&
  expect_no_secret plan.txt plan.json plan.md err &&
  expect_match "$WARNING" plan.txt &&
  expect_match "$WARNING" plan.json &&
  expect_lines err "hvplan: warning: test://admin@$EX/destination-host.xml: uri: $WARNING*"
'

test_expect "diff names both sides without the secret" '
  expect_status 0 "$HVPLAN" diff -q "test://u:$SECRET@$EX/source-host.xml" \
    "test://$EX/source-host.xml?password=$SECRET" >diff.txt 2>err &&
  no_secret_in diff.txt err &&
  expect_lines diff.txt "hvplan diff ?test://u@$EX/source-host.xml? -> ?test://$EX/source-host.xml?"
'

test_expect "a URI that cannot be opened: exit 66, the message quotes the URI without the secret" '
  expect_status 66 "$HVPLAN" collect "test://admin:$SECRET@/nonexistent/node.xml?password=$SECRET" \
    >out 2>err &&
  no_secret_in out err &&
  expect_lines err "hvplan: cannot connect to ?test://admin@/nonexistent/node.xml?: *"
'

test_expect "a URI GLib cannot parse: \"no format\" (exit 65) with *** for the user-info" '
  expect_status 65 "$HVPLAN" collect "qemu+ssh://admin:se/$SECRET@kvm1/system" >out 2>err &&
  no_secret_in out err &&
  expect_lines err "hvplan: ?qemu+ssh://[*][*][*]@kvm1/system? is in no format hvplan reads*" &&
  expect_status 65 "$HVPLAN" plan --source "hyperv://u:$SECRET@[bad/?password=$SECRET" \
    --destination "test:///default" >out 2>err &&
  no_secret_in out err &&
  expect_lines err "hvplan: ?hyperv://[*][*][*]@[[]bad/? is in no format hvplan reads*"
'

test_expect "the help of every command that reads sources says to use auth.conf" '
  for command in collect plan size diff; do
    "$HVPLAN" $command --help >$command.help || return 1
  done &&
  grep -E -o -e "Put no$" -e "libvirt.s auth.conf holds credentials \(https://libvirt.org/auth.html" \
    collect.help plan.help size.help diff.help >found &&
  for command in collect plan size diff; do
    printf "%s.help:Put no\n%s.help:libvirt\047s auth.conf holds credentials (https://libvirt.org/auth.html\n" \
      $command $command
  done >expected && cmp expected found
'

test_expect "libvirt is a module: hvplan does not link it, loads it for a libvirt URI only" '
  LD_TRACE_LOADED_OBJECTS=1 "$HVPLAN" >linked && expect_lines linked "*libglib-2.0.so*" &&
  expect_no_line linked "*libvirt.so*" &&
  mkdir empty &&
  HVPLAN_MODULE_DIR=$PWD/empty expect_status 0 "$HVPLAN" plan --quiet \
    --source "$HVP_SOURCE_ROOT/examples/source-host.json" --destination "$HVP_SOURCE_ROOT/examples/destination.json" \
    >plan.txt &&
  expect_lines plan.txt "Verdict: *" &&
  HVPLAN_MODULE_DIR=$PWD/empty expect_status 66 "$HVPLAN" collect "test://admin:$SECRET@/default" \
    >out 2>err &&
  no_secret_in out err &&
  expect_lines err "hvplan: cannot read ?test://admin@/default?: hvplan?s module hvplan-libvirt.so cannot be loaded (*/empty/hvplan-libvirt.so: not found); set HVPLAN_MODULE_DIR*" &&
  count_lines err && test "$counted" -eq 1 &&
  : >empty/hvplan-libvirt.so &&
  HVPLAN_MODULE_DIR=$PWD/empty expect_status 66 "$HVPLAN" collect "test:///default" >out 2>err &&
  expect_lines err "*cannot be loaded (*hvplan-libvirt.so: *); set HVPLAN_MODULE_DIR*"
'

# libxml2 (with ICU), libvhdi and zlib are in hvplan-hyperv.so, cmark-gfm in hvplan-html.so: a run
# that reads no Hyper-V file and writes no HTML checklist loads none of them (the plan above).  A
# data root, the AzMan store a PowerShell inventory carries, and an HTML plan need them.
test_expect "Hyper-V readers and the HTML checklist are modules; without them, exit 66, one line" '
  expect_no_line linked "*libxml2*" "*libicu*" "*libvhdi*" "*libcmark*" "*libz.so*" &&
  HVPLAN_MODULE_DIR=$PWD/empty expect_status 66 "$HVPLAN" collect -o never.json \
    "$HVP_SOURCE_ROOT/examples/source-host" 2>err &&
  expect_one_line "hvplan: cannot read ?*/examples/source-host?: hvplan?s module hvplan-hyperv.so cannot be loaded (*/empty/hvplan-hyperv.so: not found); set HVPLAN_MODULE_DIR*" err &&
  expect_no_file never.json &&
  HVPLAN_MODULE_DIR=$PWD/empty expect_status 66 "$HVPLAN" collect -o never.json \
    "$HVP_DATA/powershell/synthetic/hv01.json" 2>err &&
  expect_one_line "hvplan: cannot read ?*/hv01.json?: hvplan?s module hvplan-hyperv.so cannot be loaded (*); set HVPLAN_MODULE_DIR*" err &&
  expect_no_file never.json &&
  HVPLAN_MODULE_DIR=$PWD/empty expect_status 66 "$HVPLAN" plan --quiet -f html -o never.html \
    --source "$HVP_SOURCE_ROOT/examples/source-host.json" --destination "$HVP_SOURCE_ROOT/examples/destination.json" \
    2>err &&
  expect_one_line "hvplan: hvplan?s module hvplan-html.so cannot be loaded (*/empty/hvplan-html.so: not found); set HVPLAN_MODULE_DIR*" err &&
  expect_no_file never.html
'

# ---- chains (was t/t1500-libvirt-chains.sh) ------------------------------
# The libvirt collector on what libvirt's own test-suite domains hold (issue 12, section 5):
# backing chains read to any depth (12 layers, as in libvirt's tests/qemuxml2argvdata), a block
# device as a backing store, a pool volume's own format and chain (its volume XML), <maxMemory>
# as the hot-plug ceiling (not a dynamic-memory maximum), a domain shutting down that still
# counts; whatever `collect` writes reads back, and the bundled example diffs against itself.
# t/data/libvirt/synthetic/chains-node.xml is synthetic (written for this test, see its README).
test_part chains
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
  expect_fixed inventory.json "#13:\"path\": \"$CHAIN/"
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
