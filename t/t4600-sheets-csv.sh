#!/bin/sh
# hvplan plan|size|diff --format csv: read back with Python's csv module and compared cell by cell
# with the JSON report of the same input (t/sheets/compare.py): one record per VM (plan), per
# host of each placement (size), per change (diff); RFC 4180 (CRLF, quoting), --csv-bom, the
# formula guard on a hostile inventory (t/data/sheets/synthetic/formula-names.json), and the
# exit statuses (the command's answer, 64 for a wrong option, 74 for an output not written).
. "$HVP_SOURCE_ROOT/t/lib.sh"
FORMAT=csv
. "$HVP_SOURCE_ROOT/t/sheets/lib.sh"
sheets_write_and_compare
bom=$(printf "\357\273\277") cr=$(printf "\r")
export bom cr

test_expect "plan: one record per VM, every cell as in the JSON report; exit 0 as JSON's" '
  status_of plan.csv.status && [ "$status" = 0 ] && same_status plan &&
  compared plan &&
  IFS= read -r header <plan.csv &&
  test "$header" = "vm,source_host,state,vcpus,memory_bytes,storage_bytes,snapshots,saved_state,concurrent,configuration_version,migration_path,compatibility$cr" &&
  grep -q "^SQL01,HV-OLD,saved,4,8589934592," plan.csv
'
test_expect "plan with several destination hosts: the host each VM is placed on, last" '
  same_status placed &&
  compared placed &&
  IFS= read -r header <placed.csv &&
  case $header in *,compatibility,destination_host?) ;; *) echo "header: $header"; exit 1 ;; esac
'
test_expect "size: one record per host of each model (a model that fits nowhere: one record)" '
  same_status size &&
  compared size &&
  grep -q "^Lab 1U (1x Xeon E3-1270 v2),false,false,,,,,,,,,,,.$" size.csv
'
test_expect "size onto existing hosts: each host with its own capacity" '
  same_status existing &&
  compared existing
'
test_expect "diff: one record per change, exit 1 as the JSON report" '
  status_of diff.csv.status && [ "$status" = 1 ] && same_status diff &&
  compared diff &&
  grep -q "^vm,sql,,changed,vm,,changed,memory.startup_bytes,17179869184,25769803776.$" diff.csv
'
test_expect "RFC 4180: every line ends with CRLF except inside quoted fields; UTF-8; no BOM" '
  for file in plan.csv size.csv diff.csv; do
    first=; IFS= read -r first <"$file" || [ -n "$first" ] || return 1
    case $first in "$bom"*) echo "$file starts with a BOM"; return 1 ;; esac
  done &&
  iconv -f UTF-8 -t UTF-8 plan.csv size.csv diff.csv >/dev/null &&
  lines=0 crlf=0 last= &&
  while IFS= read -r last; do
    lines=$((lines + 1)); case $last in *"$cr") crlf=$((crlf + 1)) ;; esac; last=
  done <plan.csv &&
  case $last in *"$cr") crlf=$((crlf + 1)) ;; esac &&
  test "$crlf" = 5 && test "$lines" = 5 &&
  grep -q "^Mid 2U \[2x Xeon E5-2660 v2\],true,true,1,7,.*,\"[^\"]*\$" size.csv
'
test_expect "--csv-bom: EF BB BF, then the same bytes" '
  "$HVPLAN" plan --quiet -s example.json -d "$examples/destination.json" -f csv --csv-bom \
    -o bom.csv &&
  IFS= read -r first <bom.csv &&
  case $first in "$bom"*) ;; *) echo "no BOM"; exit 1 ;; esac &&
  tail -c +4 bom.csv | cmp - plan.csv
'
test_expect "hostile names: formulas neutralised with a quote, controls escaped, quoting kept" '
  same_status hostile &&
  compared hostile &&
  expect_fixed hostile.csv \
    "'"'"'=cmd|'"'"' /C calc'"'"'!A0,'"'"'@host,running,2,4294967296,4194304,0,false,true,9.0," \
    "'"'"'@SUM(1+1)*cmd|" \
    "\\ttab,'"'"'@host," \
    "\"line\\nbreak, \"\"quoted\"\" \\x1B[31mred\\x1B[0m\"," \
    "^'"'"'-2+3,'"'"'@host,off," "^'"'"'+1,'"'"'@host," \
    "#0:$(printf "\033")" "#0:^=" "#0:^+" "#0:^@" "#0:^-"
'
test_expect "diff --format csv: a renamed switch, a path: text cells; a size: exact bytes" '
  expect_fixed diff.csv \
    ",disk,SCSI 0:0,changed,path,D:\\Hyper-V\\web\\web.vhdx,D:\\Hyper-V\\web\\web_5F3A.avhdx" \
    ",file_size_bytes,9663676416,314572800$cr\$"
'
test_expect "--csv-bom with another format: usage error, exit 64" '
  expect_status 64 "$HVPLAN" size -s estate.json -c "$size_data/catalog.json" -f json \
    --csv-bom >out 2>err &&
  expect_line "hvplan: --csv-bom goes with --format csv only" err && test ! -s out
'
test_expect "an unknown format names csv and xlsx" '
  expect_status 64 "$HVPLAN" diff -f ods a b 2>err &&
  expect_line "hvplan: --format must be ?text?, ?json?, ?tap?, ?html?, ?csv? or ?xlsx?" err
'
test_expect "an output that cannot be written: exit 74, named" '
  expect_status 74 "$HVPLAN" plan --quiet -s example.json -d "$examples/destination.json" \
    -f csv -o no-such-folder/plan.csv 2>err &&
  expect_one_line "hvplan: cannot write ?no-such-folder/plan.csv?: No such file or directory" err &&
  if [ -w /dev/full ]; then
    expect_status 74 "$HVPLAN" diff -f csv "$diff_data/source.json" "$diff_data/changed.json" \
      -o /dev/full 2>err &&
    expect_one_line "hvplan: cannot write ?/dev/full?: No space left on device" err
  fi
'
test_done
