#!/bin/sh
# A password in a libvirt URI never leaves the process (issue 12, section 4): user-info
# (`admin:secret@`) and query (`?password=`) secrets are removed before the URI reaches libvirt
# (libvirt's own debug log shows the URI it was given), and are in no output, no standard error, no
# inventory, no report and no error message; a warning says to use libvirt's auth.conf.
. "$HVP_SOURCE_ROOT/t/lib.sh"

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

test_done
