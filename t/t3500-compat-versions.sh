#!/bin/sh
# Compatibility (issue 13): the bundled example (four VMs, every configuration version 5.0, from
# Windows Server 2012 R2) planned onto Windows Server 2016, 2019, 2022 and 2025 destinations
# (t/data/compatibility/synthetic/destination-YEAR.json: examples/destination.json with its `os`
# changed).  Microsoft's table ("Upgrade virtual machine version in Hyper-V on Windows or Windows
# Server", supported VM configuration versions for long-term servicing hosts) marks 5.0 supported
# on 2016 and 2019 and not on 2022 and 2025; its upgrade matrix lets 2016 and 2019, not 2022 or
# 2025, upgrade the XML format: so import-and-upgrade on 2016 and 2019 (the plan passes with an
# upgrade note), two hops through 2016 or 2019 onto 2022 and 2025 (the plan fails).
. "$HVP_SOURCE_ROOT/t/lib.sh"

EX="$HVP_SOURCE_ROOT/examples"
DEST="$HVP_DATA/compatibility/synthetic"
plan () {
  "$HVPLAN" plan --quiet --source "$EX/source-host" --source "$EX/source-host.json" "$@"
}
# paths FILE: "NAME PATH COMPATIBILITY" per VM of a plan document, in order: between the line
# '"vms": [' and the next '  ],', the values of the name, migration_path and compatibility lines,
# three to a line (one awk; a last incomplete line padded with spaces, as paste pads it).
paths () {
  awk '
    function put(value) { line = line (count % 3 ? " " : "") value
                          if (++count % 3 == 0) { print line; line = "" } }
    !inside && /"vms": \[/ { inside = 1; start = NR }
    inside && /^      "name": ".*",$/ { put(substr($0, 16, length($0) - 17)) }
    inside && /^      "migration_path": ".*",$/ { put(substr($0, 26, length($0) - 27)) }
    inside && /^      "compatibility": ".*",*$/ { value = substr($0, 25); sub(/",*$/, "", value); put(value) }
    inside && NR > start && /^  \],/ { inside = 0 }
    END { if (count % 3) { for (i = count % 3; i < 3; i++) line = line " "; print line } }' "$1"
}

for year in 2016 2019; do
  test_expect "onto Windows Server $year: every VM imports, Update-VMVersion optional (exit 0)" '
    expect_status 0 plan --destination "$DEST/destination-'$year'.json" --format json >'$year'.json &&
    paths '$year'.json >actual &&
    expect_text actual "DC01 import-and-upgrade info
SQL01 import-and-upgrade info
WEB01 import-and-upgrade info
TEST01 import-and-upgrade info" &&
    sed -n "/\"compatibility\": {/,/}/p" '$year'.json >row.json &&
    expect_matches row.json \
      "\"verdict\": \"pass\"" \
      "\"rules\": \"Windows Server '$year'\"" &&
    expect_match "\"upgrade_version\": \"'$([ $year = 2016 ] && echo 8.0 || echo 9.0)'\"" '$year'.json
  '
done
for year in 2022 2025; do
  test_expect "onto Windows Server $year: version 5.0 does not import, two hops (exit 1)" '
    expect_status 1 plan --destination "$DEST/destination-'$year'.json" --format json >'$year'.json &&
    paths '$year'.json >actual &&
    expect_text actual "DC01 two-hop fail
SQL01 two-hop fail
WEB01 two-hop fail
TEST01 two-hop fail" &&
    expect_fixed '$year'.json "#4:\"through\": \"Windows Server 2016 or Windows Server 2019\"" \
      "#4:error 32784" &&
    sed -n "/\"compatibility\": {/,/^    }/p" '$year'.json >row.json &&
    expect_matches row.json \
      "\"verdict\": \"fail\"" \
      "\"TEST01\""
  '
done
test_expect "the text plan onto 2025: the compatibility row, the path of each VM, the findings" '
  expect_status 1 plan --destination "$DEST/destination-2025.json" >out.txt &&
  expect_matches out.txt \
    "^compatibility +4 +- +FAIL$" \
    "^migration paths onto Windows Server 2025:$" \
    "^  SQL01 +two-hop +FAIL  \(through Windows Server 2016 or Windows Server 2019\)$" \
    "^FAIL compatibility  DC01: configuration version 5.0 is not supported on Windows Server 2025"
'
test_expect "the text plan onto 2019 passes with the upgrade note (one way, no move back)" '
  expect_status 0 plan --destination "$DEST/destination-2019.json" >out.txt &&
  expect_matches out.txt \
    "^compatibility +0 +- +PASS$" \
    "^INFO compatibility  WEB01: configuration version 5.0 imports on Windows Server 2019 .*upgrades it to 9.0.*no longer starts on Windows Server 2012 R2"
'
q="'"
test_expect "the checklist onto 2025: the two hops as commands, names quoted for PowerShell" '
  expect_status 1 plan --destination "$DEST/destination-2025.json" --format markdown >out.md &&
  sed -n "/^### Compatibility/,/^## 4\./p" out.md >compat.md &&
  expect_matches compat.md "#4:^- \[ \] VM \*\*[A-Z0-9]*\*\*: \*\*two-hop\*\*" &&
  expect_fixed compat.md \
    "  - [ ] on the source: \`Stop-VM -Name ${q}DC01${q}; Export-VM -Name ${q}DC01${q} -Path ${q}D:\\Export${q}\`" \
    "Update-VMVersion -Name ${q}SQL01${q} -Force" \
    "Compare-VM -Path ${q}D:\\Export2\\WEB01\\Virtual Machines\\3B2E4C9A-AD5F-4E73-9081-4C6D8EAF2033.vmcx${q}" \
    "#8:Import-VM -CompatibilityReport \$report"
'
test_expect "a destination os the rules do not know: paths unknown, one note, verdict unchanged" '
  sed "s/\"os\": \"Windows Server 2025 Datacenter\"/\"os\": \"Windows Server 2008 R2\"/" \
    "$DEST/destination-2025.json" >old.json &&
  expect_status 0 plan --destination old.json >out.txt &&
  expect_matches out.txt \
    "^migration paths: unknown" \
    "^INFO compatibility  operating system .Windows Server 2008 R2. of .HV-2025. is not in the compatibility rules"
'
test_done
