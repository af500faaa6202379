#!/bin/sh
# hvplan plan|size|diff --format xlsx: the workbook read back with Debian's python3-openpyxl and
# compared cell by cell with the JSON report and the inventory of the same input
# (t/sheets/compare.py): the sheets and their order, a frozen header row and an autofilter on
# each, sizes as numbers of GiB with a GiB number format, counts as numbers, booleans as
# booleans, no formula anywhere (a hostile inventory's "=cmd|..." is a text cell); xlsx never to
# a terminal (64); 74 when the workbook or the output cannot be written.
. "$HVP_SOURCE_ROOT/t/lib.sh"
FORMAT=xlsx
. "$HVP_SOURCE_ROOT/t/sheets/lib.sh"
sheets_write_and_compare \
  -- hostile-cells.result xlsx-hostile hostile.xlsx -- units.result xlsx-units plan.xlsx 2>/dev/null

if grep -q "No module named .openpyxl." "$HVP_TMP/plan.result"; then
  test_skip "the workbooks read back with openpyxl" "python3-openpyxl is not installed"
else
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
fi
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
test_done
