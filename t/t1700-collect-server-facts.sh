#!/bin/sh
# The server facts document collect-server.ps1 writes ("hvplan-server/1", synthetic fixtures in
# t/data/guides/synthetic/): what is read, escapes, UTF-16LE, wrong types as warnings, bad files
# with their exit statuses; and the script itself holds to Windows PowerShell 2.0.
. "$HVP_SOURCE_ROOT/t/lib.sh"
: "${HVP_DATA:?}"
facts="$HVP_DATA/guides/synthetic"
script="$HVP_SOURCE_ROOT/collectors/server-facts/collect-server.ps1"
export facts script

test_expect "the WSUS source and destination facts are read into every WSUS check (JSON report)" '
  expect_status 0 "$HVPLAN" checklist -g wsus -s "$facts/wsus01.json" -d "$facts/wsus02.json" -f json >wsus.json &&
  expect_matches wsus.json "\"evidence\": \"needed on the destination: update files 180\.0 GiB \+ SUSDB 9\.0 GiB \(wid\) = 189\.0 GiB; largest free volume of WSUS02: D: with 1000\.0 GiB\"" \
    "WSUS Administrators: CONTOSO.+Patch Team: net localgroup .+WSUS Administrators.+ .+CONTOSO.+Patch Team.+ /add" \
    "\"evidence\": \"2 downstream servers and 240 client computers report to WSUS01\"" \
    "e-mail notification: enter the SMTP server" "#0:code-signing certificate for local"
'
test_expect "escaped names: quotes, backslashes and non-ASCII read; controls escaped on a terminal" '
  expect_status 1 "$HVPLAN" checklist -g essentials-sbs2011 -s "$facts/escapes.json" --install-date 2026-12-05 >text 2>err &&
  expect_matches text "^Source: SBS\"01\\\\lab\\\\x01\\\\x1B\[31m  Destination: -" \
    "evidence: CONTOSO\\\\Jörg \"admin\" is not a member of Enterprise Admins, Schema Admins$" \
    "#0:$(printf "\033")" &&
  test ! -s err
'
test_expect "a UTF-16LE copy with a byte order mark (Out-File on PowerShell 2.0) reads the same" '
  { printf "\377\376"; iconv -f UTF-8 -t UTF-16LE "$facts/sbs01.json"; } >sbs01.json &&
  "$HVPLAN" checklist -g essentials-sbs2003 -s "$facts/sbs01.json" -d "$facts/dest01.json" --install-date 2026-12-05 >utf8.out &&
  "$HVPLAN" checklist -g essentials-sbs2003 -s sbs01.json -d "$facts/dest01.json" --install-date 2026-12-05 >utf16.out &&
  sed "s|$facts/sbs01.json|sbs01.json|" utf8.out >expected &&
  diff -u expected utf16.out
'
test_expect "values of the wrong type are warnings naming the key, and the facts stay unknown" '
  expect_status 0 "$HVPLAN" checklist -g essentials-sbs2003 -s "$facts/wrong-types.json" >text 2>err &&
  expect_matches err \
    "^hvplan: warning: .*wrong-types.json.: powershell_version: expected a string, found a number$" \
    "os.service_pack: expected a whole number, found a string$" \
    "network.adapters\[0\]|network.vpn_enabled: expected true or false, found a string$" \
    "account.groups: expected an array of strings, found a string$" \
    "volumes\[0\].size_bytes: -1 is negative$" "volumes\[0\].free_bytes: 1.5 is not a whole number$" &&
  expect_matches text "^ 6\. \[UNKNOWN\] Disable the VPN" "^warning: .*powershell_version: expected a string" &&
  expect_status 0 "$HVPLAN" checklist -g essentials-sbs2003 -s "$facts/wrong-types.json" --quiet >/dev/null 2>err2 &&
  test ! -s err2
'
test_expect "not JSON, another format, a missing file, a folder: 65, 65, 66, 66 with one line" '
  printf "{\"schema\": \"hvplan-server/1\", \"os\": {\n  \"name\": tru }}" >broken.json &&
  printf "{\"schema\": \"hvplan-powershell/1\"}" >other.json &&
  expect_status 65 "$HVPLAN" checklist -g wsus -s broken.json 2>err1 &&
  expect_lines err1 "hvplan: ?broken?json?: not valid JSON at byte 48 (line 2, column 11)" &&
  expect_status 65 "$HVPLAN" checklist -g wsus -s other.json 2>err2 &&
  expect_lines err2 "hvplan: ?other?json?: schema: expected ?hvplan-server/1?*" &&
  expect_status 66 "$HVPLAN" checklist -g wsus -d missing.json 2>err3 &&
  expect_lines err3 "hvplan: cannot open ?missing?json?: No such file or directory" &&
  expect_status 66 "$HVPLAN" checklist -g wsus -s . 2>err4 &&
  expect_lines err4 "hvplan: cannot read ?.?: it is a folder" &&
  lines=0 && for err in err1 err2 err3 err4; do
    count_lines $err && lines=$((lines + counted))
  done && test "$lines" = 4
'
test_expect "collect-server.ps1 requires PowerShell 2.0 and uses no cmdlet or syntax newer than 2.0" '
  expect_match "^#Requires -Version 2\.0$" "$script" &&
  # Comments may name what the script avoids.
  if sed "s/#.*\$//" "$script" | grep -nE "ConvertTo-Json|ConvertFrom-Json|Get-CimInstance|Invoke-RestMethod|Invoke-WebRequest|Get-Net[A-Z][a-zA-Z]+|Get-Volume|Get-Disk|Get-SmbShare|Get-ScheduledTask|Get-WsusServer|Get-WindowsFeature|Resolve-DnsName|Test-NetConnection|Get-FileHash|New-TemporaryFile|Get-ComputerInfo|Get-LocalGroup|Import-PowerShellDataFile|\[ordered\]|\[pscustomobject\]|\\\$PSItem|\.ForEach\(|\.Where\(|-NoNewline|Get-ChildItem[^|]* -(File|Directory)\b|^using |^class |-Encoding UTF8NoBOM"; then
    echo "a cmdlet or syntax newer than Windows PowerShell 2.0 (above)"; false
  fi
'
test_done
