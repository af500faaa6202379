#!/bin/sh
# hvplan plan|size|diff --format csv and xlsx: every report written once in JSON, CSV and xlsx,
# and all of them read back and compared cell by cell with the JSON report of the same input by
# one Python (t/sheets/compare.py, t/sheets/lib.sh).  The two parts were t4600-sheets-csv and
# t4601-sheets-xlsx.
#
# CSV: read back with Python's csv module: one record per VM (plan), per
# host of each placement (size), per change (diff); RFC 4180 (CRLF, quoting), --csv-bom, the
# formula guard on a hostile inventory (t/data/sheets/synthetic/formula-names.json), and the
# exit statuses (the command's answer, 64 for a wrong option, 74 for an output not written).
#
# xlsx: the workbook read back (Python's zipfile and ElementTree on its OOXML parts; with
# HVP_TEST_EXPENSIVE=1 Debian's python3-openpyxl as well) and
# compared cell by cell with the JSON report and the inventory of the same input: the sheets and
# their order, a frozen header row and an autofilter on
# each, sizes as numbers of GiB with a GiB number format, counts as numbers, booleans as
# booleans, no formula anywhere (a hostile inventory's "=cmd|..." is a text cell); xlsx never to
# a terminal (64); 74 when the workbook or the output cannot be written.
. "$HVP_SOURCE_ROOT/t/lib.sh"
. "$HVP_SOURCE_ROOT/t/sheets/lib.sh"
sheets_write_and_compare -- xlsx-hostile-cells.result xlsx-hostile hostile.xlsx \
  -- xlsx-units.result xlsx-units plan.xlsx 2>/dev/null

# ---- csv (was t/t4600-sheets-csv.sh) -------------------------------------------------------
FORMAT=csv
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

# ---- xlsx (was t/t4601-sheets-xlsx.sh) -----------------------------------------------------
FORMAT=xlsx
test_expect "plan: the sheets, every cell as in the JSON report and the inventory; exit 0" '
  status_of plan.xlsx.status && [ "$status" = 0 ] && same_status plan &&
  compared plan
'
test_expect "plan with several destination hosts: destination host column, Placement sheet" '
  same_status placed &&
  compared placed
'
test_expect "size: Summary, Models, Placement, Findings, Warnings as the JSON report" '
  same_status size &&
  compared size && same_status existing && compared existing
'
test_expect "diff: Summary and Changes as the JSON report; exit 1 as JSON" '
  status_of diff.xlsx.status && [ "$status" = 1 ] && same_status diff &&
  compared diff
'
test_expect "hostile names: text cells holding the exact value, never formulas" '
  same_status hostile && compared hostile && compared hostile-cells
'
test_expect "a size is a number of GiB with a GiB format: 8 GiB of memory is the number 8" '
  compared units
'
test_expect "the workbook is a zip archive with the OOXML parts" '
  magic=$(od -An -N4 -tx1 plan.xlsx) && set -- $magic && test "$*" = "50 4b 03 04" &&
  if command -v unzip >/dev/null; then
    unzip -l plan.xlsx >parts &&
    expect_matches parts " xl/workbook.xml$" " xl/worksheets/sheet10.xml$"
  fi
'
test_expect "xlsx to a terminal: refused, exit 64, nothing read" '
  if ! command -v script >/dev/null; then exit 0; fi &&
  script -qec "\"$HVPLAN\" plan -s no-such-source -d no-such-dest -f xlsx; echo status=\$?" \
    /dev/null >tty-out </dev/null &&
  expect_matches tty-out \
    "^hvplan: --format xlsx writes a binary workbook: not to a terminal; give -o FILE.xlsx or a pipe" \
    "^status=64"
'
test_expect "a workbook that cannot be made (TMPDIR missing): exit 74, no output" '
  TMPDIR=no-such-folder expect_status 74 "$HVPLAN" diff -f xlsx -o never.xlsx \
    "$diff_data/source.json" "$diff_data/changed.json" 2>err &&
  expect_line "hvplan: cannot make the workbook: *no-such-folder*" err &&
  expect_no_file never.xlsx
'
test_expect "an output that cannot be written: exit 74" '
  expect_status 74 "$HVPLAN" size --quiet -s estate.json -c "$size_data/catalog.json" -f xlsx \
    -o no-such-folder/size.xlsx 2>err &&
  expect_line "hvplan: cannot write ?no-such-folder/size?xlsx?: No such file or directory" err
'
test_expect "xlsx is a module: hvplan does not link libxlsxwriter; without the module, exit 66" '
  LD_TRACE_LOADED_OBJECTS=1 "$HVPLAN" >linked && expect_lines linked "*libc.so*" &&
  expect_no_line linked "*libxlsxwriter*" &&
  mkdir empty &&
  HVPLAN_MODULE_DIR=$PWD/empty expect_status 66 "$HVPLAN" plan --quiet -s "$examples/source-host.json" \
    -d "$examples/destination.json" -f xlsx -o none.xlsx 2>err &&
  expect_line "hvplan: hvplan?s module hvplan-xlsx.so cannot be loaded (*/empty/hvplan-xlsx.so: not found); set HVPLAN_MODULE_DIR*" err &&
  test ! -e none.xlsx
'
# The same comparisons through python3-openpyxl, a reader written by others: expensive (it takes
# a quarter of a second of CPU to load, the default run's reader a tenth of that).
if test_have_expensive && ! "$python" -c "import openpyxl" 2>/dev/null; then
  test_skip "the workbooks read back with openpyxl as well" "python3-openpyxl is not installed"
else
  test_expensive "the workbooks read back with openpyxl as well: every comparison as above" '
    sheets_compare --openpyxl openpyxl xlsx \
      -- openpyxl-hostile-cells.result xlsx-hostile hostile.xlsx \
      -- openpyxl-units.result xlsx-units plan.xlsx &&
    FORMAT=openpyxl &&
    for name in plan placed size existing diff hostile hostile-cells units; do
      compared $name || exit 1
    done
  '
fi
test_done
