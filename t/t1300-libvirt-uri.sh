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

# expect_no_secret FILE...: fails when SECRET is in any FILE.
expect_no_secret () {
  for file in "$@"; do
    if grep -n "$SECRET" "$file"; then
      echo "the secret is in $file"
      return 1
    fi
  done
}

test_expect "test:///default with user:password@: collected (exit 0), secret nowhere, warning there" '
  LIBVIRT_LOG_FILTERS=1:libvirt LIBVIRT_LOG_OUTPUTS="1:file:$PWD/libvirt.log" \
    expect_status 0 "$HVPLAN" collect "test://admin:$SECRET@/default" -o inv.json >out 2>err &&
  expect_no_secret out err inv.json libvirt.log &&
  expect_match "^hvplan: warning: test://admin@/default: uri: $WARNING" err &&
  expect_match "\"libvirt:test://admin@/default\"" inv.json &&
  expect_match "\"message\": \"$WARNING" inv.json &&
  expect_match "virConnectOpenAuth.* name=test://admin@/default," libvirt.log
'

test_expect "test:///default?password=: removed before libvirt, the rest of the query kept" '
  LIBVIRT_LOG_FILTERS=1:libvirt LIBVIRT_LOG_OUTPUTS="1:file:$PWD/libvirt.log" \
    expect_status 0 "$HVPLAN" collect "test:///default?password=$SECRET" >inv.json 2>err &&
  expect_no_secret inv.json err libvirt.log &&
  expect_match "\"libvirt:test:///default\"" inv.json &&
  expect_match "^hvplan: warning: test:///default: uri: $WARNING" err &&
  expect_match "virConnectOpenAuth.* name=test:///default," libvirt.log
'

test_expect "a node file URI with both secrets: the inventory of the URI with the user alone, plus the warning" '
  expect_status 0 "$HVPLAN" collect -q "test://admin@$EX/source-host.xml" -o plain.json &&
  expect_status 0 "$HVPLAN" collect -q \
    "test://admin:$SECRET@$EX/source-host.xml?PassWord=$SECRET&api_token=$SECRET" -o secret.json &&
  expect_no_secret secret.json &&
  expect_match "\"libvirt:test://admin@$EX/source-host.xml\"" secret.json &&
  expect_status 1 diff plain.json secret.json >changes &&
  ! grep "^<" changes &&
  test "$(grep -c "^>" changes)" = 5 &&
  expect_match "^>       \"message\": \"$WARNING" changes
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
  expect_match "^hvplan: warning: test://admin@$EX/destination-host.xml: uri: $WARNING" err
'

test_expect "diff names both sides without the secret" '
  expect_status 0 "$HVPLAN" diff -q "test://u:$SECRET@$EX/source-host.xml" \
    "test://$EX/source-host.xml?password=$SECRET" >diff.txt 2>err &&
  expect_no_secret diff.txt err &&
  expect_match "^hvplan diff .test://u@$EX/source-host.xml. -> .test://$EX/source-host.xml.$" diff.txt
'

test_expect "a URI that cannot be opened: exit 66, the message quotes the URI without the secret" '
  expect_status 66 "$HVPLAN" collect "test://admin:$SECRET@/nonexistent/node.xml?password=$SECRET" \
    >out 2>err &&
  expect_no_secret out err &&
  expect_match "^hvplan: cannot connect to .test://admin@/nonexistent/node.xml.: " err
'

test_expect "a URI GLib cannot parse: \"no format\" (exit 65) with *** for the user-info" '
  expect_status 65 "$HVPLAN" collect "qemu+ssh://admin:se/$SECRET@kvm1/system" >out 2>err &&
  expect_no_secret out err &&
  expect_match "^hvplan: .qemu\+ssh://\*\*\*@kvm1/system. is in no format hvplan reads" err &&
  expect_status 65 "$HVPLAN" plan --source "hyperv://u:$SECRET@[bad/?password=$SECRET" \
    --destination "test:///default" >out 2>err &&
  expect_no_secret out err &&
  expect_match "^hvplan: .hyperv://\*\*\*@\[bad/. is in no format hvplan reads" err
'

test_expect "the help of every command that reads sources says to use auth.conf" '
  for command in collect plan size diff; do
    "$HVPLAN" $command --help >help &&
    expect_match "Put no$" help &&
    expect_match "libvirt.s auth.conf holds credentials \(https://libvirt.org/auth.html" help || return 1
  done
'

test_expect "libvirt is a module: hvplan does not link it, loads it for a libvirt URI only" '
  ! ldd "$HVPLAN" | grep -q "libvirt\.so" &&
  mkdir empty &&
  HVPLAN_MODULE_DIR=$PWD/empty expect_status 0 "$HVPLAN" plan --quiet \
    --source "$HVP_SOURCE_ROOT/examples/source-host" --destination "$HVP_SOURCE_ROOT/examples/destination.json" \
    >plan.txt &&
  expect_match "^Verdict: " plan.txt &&
  HVPLAN_MODULE_DIR=$PWD/empty expect_status 66 "$HVPLAN" collect "test://admin:$SECRET@/default" \
    >out 2>err &&
  expect_no_secret out err &&
  expect_match "^hvplan: cannot read .test://admin@/default.: hvplan.s module hvplan-libvirt\.so cannot be loaded \(.*/empty/hvplan-libvirt\.so: not found\); set HVPLAN_MODULE_DIR" err &&
  test "$(wc -l <err)" -eq 1 &&
  : >empty/hvplan-libvirt.so &&
  HVPLAN_MODULE_DIR=$PWD/empty expect_status 66 "$HVPLAN" collect "test:///default" >out 2>err &&
  expect_match "cannot be loaded \(.*hvplan-libvirt\.so: .*\); set HVPLAN_MODULE_DIR" err
'

test_done
