#!/bin/sh
# Issue 12: values someone else controls.  A name on the source host can neither run in a command
# the reports suggest nor drive the terminal; an impossible value is refused with 65 and one line
# naming the field, in every reader and for every command.  The parts were t7200-quoting and
# t7300-impossible; each keeps its comment.
. "$HVP_SOURCE_ROOT/t/lib.sh"

# ---- quoting (was t/t7200-quoting.sh) -----------------------------------
# Issue 12, sections 1 and 2: a name someone controls on the source host can neither run in a
# command the reports suggest nor drive the terminal.  plan, size and diff in every format on
# t/data/quoting/synthetic/ (VM, switch, firewall rule, group and account names with quotes,
# $(...), backticks, %PATH%, ^&|<>, wildcards, line breaks, ESC[2J, U+009B, U+202E): no raw
# control byte in stdout or stderr, the suggested commands quoted for their shell (exact lines),
# no command where a value cannot be quoted, JSON keeping the exact values; and error messages
# naming hostile files and arguments stay one escaped line.
test_part quoting
: "${HVP_DATA:?}"
data="$HVP_DATA/quoting/synthetic"
destination="$HVP_DATA/inventory-json/synthetic/destination.json"
export data destination

# no_raw_controls FILE...: fails when a FILE holds a C0 control other than LF, DEL, a C1 control
# (U+0080-U+009F as UTF-8), a bidirectional override or isolate, or U+2028/U+2029 (one grep for
# all the files: it names the file and line).
no_raw_controls () {
  if LC_ALL=C grep -naP -H \
     '[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xa8-\xae]|\xe2\x81[\xa6-\xa9]' \
     "$@"; then
    echo "raw control character (file and line above)"
    return 1
  fi
}
# has_line FILE LINE: FILE has exactly LINE as a whole line.
has_line () {
  if ! grep -Fxq -- "$2" "$1"; then
    echo "no line of $1 is exactly: $2"
    cat "$1"
    return 1
  fi
}
# has_lines LIST FILE: every line of the file LIST is exactly a whole line of FILE (one awk: as
# has_line for each line of LIST).
has_lines () {
  awk 'NR == FNR { wanted[$0] = 1; next }
       $0 in wanted { found[$0] = 1 }
       END { for (line in wanted) if (!(line in found)) { print "no line is exactly: " line; missing = 1 }
             exit missing }' "$1" "$2" || { echo "--- $2:"; cat "$2"; return 1; }
}
# only_lines FILE LINE: FILE has at least one line and every line is exactly LINE (the shell's
# read: a short message file).
only_lines () {
  ol_count=0
  while IFS= read -r ol_line || [ -n "$ol_line" ]; do
    [ "$ol_line" = "$2" ] || { echo "a line of $1 is not exactly: $2"; show "$1"; return 1; }
    ol_count=$((ol_count + 1)); ol_line=
  done <"$1"
  [ "$ol_count" -gt 0 ] || { echo "$1 has no line"; return 1; }
}
# status_is N FILE: FILE (a saved exit status) holds N.
status_is () {
  IFS= read -r status < "$2" && [ "$status" = "$1" ] || { echo "exit status ${status-?}, expected $1 ($2)"; return 1; }
}
# lacks PATTERN FILE: no line of FILE matches the extended regex PATTERN.
lacks () {
  if grep -Eq -- "$1" "$2"; then
    echo "a line of $2 matches: $1"
    grep -E -- "$1" "$2"
    return 1
  fi
}
plan () {
  "$HVPLAN" plan --source "$data/source.json" --destination "$destination" "$@"
}

# The findings the plan text report must hold, byte for byte.
cat >"$HVP_TMP/commands" <<'EOF'
FAIL network    x\nVerdict: PASS: Could not find Ethernet switch 'sw'$(reboot)`id`' (Compare-VM 33012): create it on the destination or map it with --switch-map 'sw'\''$(reboot)`id`=NAME'
FAIL network    cmd: Could not find Ethernet switch '%PATH% ^&|<>!' (Compare-VM 33012): create it on the destination or map it with --switch-map '%PATH% ^&|<>!=NAME'
INFO security   firewall rule 'quote rule' (no group, Inbound, profile Any) is disabled; on the destination: Disable-NetFirewallRule -Name 'it''s $(Stop-Computer) `whoami` ‘‘x’’'
WARN security   'CONTOSO\carol (ops)' (S-1-5-21-1-2-3-1001) is a member of 'Hyper-V Administrators'; on the destination: net localgroup "Hyper-V Administrators" "CONTOSO\carol (ops)" /add
WARN security   'CONTOSO\trailing\' (S-1-5-21-1-2-3-1004) is a member of 'Hyper-V Administrators'; on the destination: net localgroup "Hyper-V Administrators" "CONTOSO\trailing\\" /add
EOF
# The findings that must say why there is no command, and give none.
cat >"$HVP_TMP/withheld" <<'EOF'
WARN security   'CONTOSO\bob %PATH%' (S-1-5-21-1-2-3-1002) is a member of 'Hyper-V Administrators'; on the destination: add the account to the local group by hand in lusrmgr.msc (no command: the account name cannot be quoted for cmd.exe: cmd.exe expands '%' variables even between double quotes)
WARN security   'CONTOSO\dave' (S-1-5-21-1-2-3-1003) is a member of 'Remote & Admins'; on the destination: add the account to the local group by hand in lusrmgr.msc (no command: the group name cannot be quoted for cmd.exe: '&' separates commands in cmd.exe as soon as the quoting shifts)
WARN security   '/DELETE' (S-1-5-21-1-2-3-1005) is a member of 'Hyper-V Administrators'; on the destination: add the account to the local group by hand in lusrmgr.msc (no command: the account name starts with '/', which net.exe reads as an option)
INFO security   firewall rule 'wildcard rule' (no group, Inbound, profile Any) is disabled; on the destination: disable the rule by hand in wf.msc (no command: its name holds a PowerShell wildcard, which Disable-NetFirewallRule -Name would match as a pattern)
INFO security   firewall rule 'newline rule' (no group, Inbound, profile Any) is disabled; on the destination: disable the rule by hand in wf.msc (no command: its name cannot be quoted for PowerShell: it holds a control character, a bidirectional override or invalid UTF-8, which a one-line command cannot show as typed)
FAIL network    eq: Could not find Ethernet switch 'a=b' (Compare-VM 33012): create it on the destination, or rename it on the source (no --switch-map command: its name holds '=', which --switch-map reads as the separator)
FAIL network    csi\u009B2J \x1B[2J\u202Egnp.exe: Could not find Ethernet switch 'tab\there' (Compare-VM 33012): create it on the destination, or rename it on the source (no --switch-map command: its name cannot be quoted for a shell: it holds a control character, a bidirectional override or invalid UTF-8, which a one-line command cannot show as typed)
FAIL network    bidi: Could not find Ethernet switch 'bidi\u202Etxt.exe' (Compare-VM 33012): create it on the destination, or rename it on the source (no --switch-map command: its name cannot be quoted for a shell: it holds a control character, a bidirectional override or invalid UTF-8, which a one-line command cannot show as typed)
EOF
warning='hvplan: warning: C:\VMs\a\nb.xml: settings\x1B[1m: bad\rVerdict: PASS\u009B\u2066'
export warning
# One plan --quiet for the points that read the text report.
(cd "$HVP_TMP" && plan --quiet >quiet 2>quiet.err; echo $? >quiet.status)

test_expect "plan text: exit 1, no raw control character, one Verdict line, the header escaped" '
  expect_status 1 plan >out 2>err &&
  no_raw_controls out err &&
  test ! -s err &&
  expect_fixed out "#1:^Verdict:" "^Verdict: FAIL$" "^Migration plan: hv\\x1B[2Jold -> hv-new01$" \
    "^  C:\\VMs\\a\\nb.xml: settings\\x1B[1m: bad\\rVerdict: PASS\\u009B\\u2066$"
'
test_expect "plan text: each suggested command is quoted for its shell (sh, PowerShell, cmd.exe)" '
  status_is 1 quiet.status && has_lines "$HVP_TMP/commands" quiet
'
test_expect "plan text: a value its shell cannot quote gets the reason and no command" '
  status_is 1 quiet.status && has_lines "$HVP_TMP/withheld" quiet &&
  expect_matches quiet "#0:net localgroup .*(bob|Remote|DELETE)" \
    "#0:Disable-NetFirewallRule -Name .(evil|nl)" "#0:switch-map .(tab|a=b|bidi)"
'
test_expect "plan markdown: no raw control character, the commands escaped as text, none withheld" '
  expect_status 1 plan --format markdown >out.md 2>err &&
  no_raw_controls out.md err &&
  expect_fixed out.md \
    "on the destination: net localgroup \"Hyper\\-V Administrators\" \"CONTOSO\\\\carol \\(ops\\)\" /add" \
    "Disable\\-NetFirewallRule \\-Name '\''it'\'''\''s \\\$\\(Stop\\-Computer\\) \\\`whoami\\\` ‘‘x’’'\''" \
    "\\-\\-switch\\-map '\''sw'\''\\\\'\'''\''\\\$\\(reboot\\)\\\`id\\\`=NAME'\''" \
    "**csi\\\\u009B2J ␛\\[2J\\\\u202Egnp\\.exe**" "^IP ␛[31mred\\u009B0m\\u202E$" &&
  expect_matches out.md "#0:net localgroup .*(bob|Remote)" "#0:switch\\\\-map .(tab|a=b|bidi)"
'
if command -v python3 >/dev/null; then
  test_expect "plan json: the exact values, and the same commands as the text report" '
    expect_status 1 plan --quiet --format json >out.json &&
    no_raw_controls out.json &&
    status_is 1 quiet.status &&
    python3 - out.json quiet <<\EOF
import json, sys
plan = json.load(open(sys.argv[1], encoding="utf-8"))
text = open(sys.argv[2], encoding="utf-8").read()
vms = {f["vm"] for f in plan["findings"]}
assert "x\nVerdict: PASS" in vms, vms
assert "csi\u009b2J \u001b[2J\u202egnp.exe" in vms, vms
messages = [f["message"] for f in plan["findings"]]
for command in ("--switch-map '"'"'sw'"'"'\\'"'"''"'"'$(reboot)`id`=NAME'"'"'",
                "net localgroup \"Hyper-V Administrators\" \"CONTOSO\\carol (ops)\" /add",
                "Disable-NetFirewallRule -Name '"'"'it'"'"''"'"'s $(Stop-Computer) `whoami` \u2018\u2018x\u2019\u2019'"'"'"):
    assert any(m.endswith(command) for m in messages), command
    assert command in text, command
assert plan["warnings"][0]["message"] == "bad\rVerdict: PASS\u009b\u2066"
EOF
  '
else
  test_skip "plan json: the exact values" "python3 not installed"
fi
test_expect "size text, markdown, json: no raw control character, one Recommended line" '
  for format in text markdown json; do
    expect_status 0 "$HVPLAN" size --source "$data/source.json" --catalog "$data/catalog.json" \
      --format $format >out.$format 2>err.$format || exit 1
  done &&
  no_raw_controls out.text err.text out.markdown err.markdown out.json err.json &&
  expect_fixed out.text "#1:^Recommended:" "^Recommended: '\''m\\x1B[31m\\nRecommended: none\\u202E'\'', 2 hosts, total price 2000 (the cheapest model that fits)$"
'
test_expect "diff text, tap, json: no raw control character, names and warnings escaped, one Result line" '
  for format in text tap json; do
    expect_status 1 "$HVPLAN" diff -f $format "$data/source.json" "$data/changed.json" \
      >out.$format 2>err.$format || exit 1
  done &&
  no_raw_controls out.text err.text out.tap err.tap out.json err.json &&
  only_lines err.text "$warning" &&
  expect_fixed out.text "#1:^Result:" \
    "^         name '\''csi\\u009B2J \\x1B[2J\\u202Egnp.exe'\'' -> '\''renamed\\n\\x1B[2J\\u202E'\''$" \
    "^changed  vm '\''x\\nVerdict: PASS'\''$" &&
  awk '\''/^(ok|not ok) [0-9]+ - .*#/ { print "a TAP directive: " $0; bad = 1 }
    !/^(TAP version 13|1\.\.[0-9]+|ok [0-9]+ - |not ok [0-9]+ - |# )/ { print "not TAP: " $0; bad = 1 }
    END { exit bad }'\'' out.tap
'
test_expect "errors: a hostile file name, command or option is one escaped line" '
  bad=$(printf "bad\\033[2J\\nVerdict: PASS\\302\\233.json") &&
  expect_status 66 "$HVPLAN" collect "$bad" -o out.json 2>err &&
  no_raw_controls err && count_lines err && test "$counted" = 1 &&
  grep -Fq "bad\\x1B[2J\\nVerdict: PASS\\u009B.json" err &&
  expect_status 64 "$HVPLAN" "$(printf "\\033]0;x\\007")" 2>err &&
  no_raw_controls err &&
  grep -Fxq "hvplan: unknown command '\''\\x1B]0;x\\x07'\''" err &&
  expect_status 64 "$HVPLAN" plan "$(printf -- "--x\\342\\200\\256y")" 2>err &&
  no_raw_controls err && grep -Fq "\\u202Ey" err
'

# ---- impossible (was t/t7300-impossible.sh) -----------------------------
# Impossible values (issue 12, section 5) are refused with 65 and a one-line message naming the
# field, in every reader (hvp_vm_validate(), hvp_volume_validate() through hvp_collect() and the
# inventory document reader) and for every command.  The hostile corpus holds one file per case
# (t/data/hostile/MANIFEST.tsv, its last rows); this test drives them through plan, size and diff
# too, and covers PowerShell and the server catalog.
test_part impossible
h="$HVP_DATA/hostile"
EX="$HVP_SOURCE_ROOT/examples"
export h EX

# refused STATUS PATTERN COMMAND...: exit STATUS, exactly one line on stderr (one newline, as
# wc -l counts), matching the shell pattern PATTERN (whole line: `*` for "anywhere"); the line in
# $line.  Read by the shell (t/lib.sh): no process but the command.
refused () {
  expected=$1 pattern=$2
  shift 2
  expect_status "$expected" "$@" 2>err && expect_one_line "$pattern" err
}

test_expect "free space above capacity: collect, plan, size and diff all refuse it (65)" '
  f="$h/inventory-json/volume-free-above-capacity.json" &&
  refused 65 "*volumes\[0\]: volume ?D:??: free_bytes 101 is above capacity_bytes 100" \
    "$HVPLAN" collect "$f" -o out.json && expect_no_file out.json &&
  refused 65 "*free_bytes 101 is above capacity_bytes 100*" \
    "$HVPLAN" plan --source "$f" --destination "$EX/destination.json" &&
  refused 65 "*free_bytes 101 is above capacity_bytes 100*" \
    "$HVPLAN" size --source "$f" --catalog "$EX/catalog.json" &&
  refused 65 "*free_bytes 101 is above capacity_bytes 100*" \
    "$HVPLAN" diff "$EX/source-host.json" "$f" &&
  refused 65 "*free_bytes 101 is above capacity_bytes 100*" \
    "$HVPLAN" plan --source "$EX/source-host.json" --destination "$f"
'

test_expect "dynamic memory: minimum above startup, startup above maximum (65, both fields)" '
  refused 65 "*vms\[0\]: memory.minimum_bytes 2.0 GiB (2147483648 bytes) is above memory.startup_bytes 1.0 GiB (1073741824 bytes)" \
    "$HVPLAN" collect "$h/inventory-json/dynamic-minimum-above-startup.json" -o out.json &&
  refused 65 "*memory.startup_bytes 8.0 GiB (8589934592 bytes) is above memory.maximum_bytes 4.0 GiB*" \
    "$HVPLAN" collect "$h/inventory-json/dynamic-startup-above-maximum.json" -o out.json &&
  refused 65 "*dynamic-minimum-above-startup.xml*VM ?hostile?: memory.minimum_bytes 2.0 GiB*" \
    "$HVPLAN" collect "$h/hyperv-xml/dynamic-minimum-above-startup.xml" -o out.json
'

test_expect "vCPUs: 0 refused where a source states it; beyond Hyper-V's or any limit refused" '
  refused 65 "*count-zero.xml?: settings/processors/count: 0 virtual processors: a VM has at least one*" \
    "$HVPLAN" collect "$h/hyperv-xml/count-zero.xml" -o out.json &&
  refused 65 "*vcpus: 65 virtual processors is more than Hyper-V allows a generation 1 VM (64)" \
    "$HVPLAN" collect "$h/hyperv-xml/count-65-generation-1.xml" -o out.json &&
  refused 65 "*vcpus: 4097 virtual processors is more than any hypervisor hvplan reads allows (4096)" \
    "$HVPLAN" collect "$h/inventory-json/vcpus-4097.json" -o out.json &&
  refused 65 "*snapshot ?S?: vcpus: 5000*" \
    "$HVPLAN" collect "$h/inventory-json/snapshot-vcpus-5000.json" -o out.json &&
  sed "s/\"ProcessorCount\":  2,/\"ProcessorCount\":  0,/" \
    "$HVP_DATA/powershell/synthetic/hv01.json" >ps-zero.json &&
  ! cmp -s ps-zero.json "$HVP_DATA/powershell/synthetic/hv01.json" &&
  refused 65 "*ps-zero.json?: *ProcessorCount: 0 virtual processors*" \
    "$HVPLAN" collect ps-zero.json -o out.json
'

test_expect "a count of 0 in an inventory document is unknown, as the writer writes it (0)" '
  printf "%s\n" "{\"schema\": \"hvplan-inventory/1\", \"hosts\": [{\"name\": \"h\"," \
    "\"vms\": [{\"id\": \"A\", \"name\": \"a\"}]}]}" >no-count.json &&
  "$HVPLAN" collect -q no-count.json -o unknown.json &&
  expect_match "\"vcpus\": 0," unknown.json &&
  "$HVPLAN" collect -q unknown.json -o again.json && cmp unknown.json again.json
'

test_expect "integers beyond 2^53 are refused, never rounded (65)" '
  refused 65 "*startup_bytes: 9007199254740992 is too large to read exactly (above 2^53 - 1)" \
    "$HVPLAN" collect "$h/inventory-json/startup-2-53-plus-1.json" -o out.json
'

test_expect "a catalog: negative counts say negative, fractions say not a whole number (65)" '
  sed "0,/\"cores\": 16,/s//\"cores\": -4,/" "$EX/catalog.json" >negative.json &&
  ! cmp -s negative.json "$EX/catalog.json" &&
  refused 65 "*negative.json?: *cores: -4 is negative" \
    "$HVPLAN" size --source "$EX/source-host.json" --catalog negative.json &&
  case $line in *"whole number"*) echo "names a whole number: $line"; false ;; esac &&
  sed "0,/\"cores\": 16,/s//\"cores\": 2.5,/" "$EX/catalog.json" >fraction.json &&
  refused 65 "*fraction.json?: *cores: 2.5 is not a whole number" \
    "$HVPLAN" size --source "$EX/source-host.json" --catalog fraction.json
'


test_done
