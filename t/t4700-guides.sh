#!/bin/sh
# hvplan guides and every guide rendered in every format (text, JSON, Markdown); the built-in
# guides are the files of guides/; a guide folder (HVPLAN_GUIDE_DIR) and its errors.
. "$HVP_SOURCE_ROOT/t/lib.sh"
: "${HVP_DATA:?}"
unset HVPLAN_GUIDE_DIR
guides="$HVP_SOURCE_ROOT/guides"
facts="$HVP_DATA/guides/synthetic"
examples="$HVP_SOURCE_ROOT/examples"
export facts examples

# checklists DIR: the JSON checklist of every built-in guide, each followed by a line naming it;
# with DIR, read from the guide folder DIR.
checklists () {
  for guide in essentials-sbs2003 essentials-sbs2011 hyperv wsus; do
    if [ -n "$1" ]; then
      HVPLAN_GUIDE_DIR=$1 "$HVPLAN" checklist -g "$guide" -f json --install-date 2026-12-05
    else
      "$HVPLAN" checklist -g "$guide" -f json --install-date 2026-12-05
    fi || { echo "$guide: exit status $?" >&2; return 1; }
    echo "== the end of $guide"
  done
}

test_expect "hvplan guides lists the four built-in guides (the files of guides/), the id first, then the title" '
  guide_list="essentials-sbs2003  Migrate Windows Small Business Server 2003 to Windows Server Essentials
essentials-sbs2011  Migrate Windows Small Business Server 2011 Essentials to Windows Server Essentials
hyperv  Hyper-V: migrate the Hyper-V role to a new server (Windows Server 2012 guide)
wsus  WSUS migration, step 3: migrate WSUS to the destination server" &&
  expect_status 0 "$HVPLAN" guides >list &&
  expect_text list "$guide_list" &&
  HVPLAN_GUIDE_DIR=$guides "$HVPLAN" guides >folder-list &&
  expect_text folder-list "$guide_list" &&
  checklists "" >built-in.json && checklists "$guides" >folder.json &&
  diff -u built-in.json folder.json
'

# render GUIDE FORMAT ARGS...: the checklist of GUIDE in FORMAT into GUIDE.FORMAT; exit 0 or 1.
render () {
  guide=$1 format=$2
  shift 2
  "$HVPLAN" checklist --guide "$guide" --format "$format" --install-date 2026-12-05 "$@" >"$guide.$format" 2>"$guide.$format.err"
  status=$?
  [ "$status" -le 1 ] && [ ! -s "$guide.$format.err" ] || { echo "$guide $format: exit $status"; cat "$guide.$format.err"; return 1; }
}

# count_steps GUIDE: one awk over GUIDE.json, .text and .markdown: the JSON has the checklist
# schema, and its steps ("order") are as many as its anchors, the text's numbered steps and their
# "source:" lines, the Markdown's step headings and check boxes; the number in ./steps.
count_steps () {
  awk -v guide="$1" '
    FILENAME == guide ".json" && /^  "schema": "hvplan-checklist\/1",$/ { schema++ }
    FILENAME == guide ".json" && /^      "order": / { order++ }
    FILENAME == guide ".json" && /^        "anchor": "[^"]/ { anchor++ }
    FILENAME == guide ".text" && /^ *[0-9]*\. \[[A-Z]*\] / { text++ }
    FILENAME == guide ".text" && /^    source: .*#/ { source++ }
    FILENAME == guide ".markdown" && /^## [0-9]*\. / { heading++ }
    FILENAME == guide ".markdown" && /^- \[[ x]\] \*\*[A-Z]*\*\* / { box++ }
    END {
      print order + 0 > "steps"
      if (!schema) { print guide ".json: no hvplan-checklist/1 schema line"; exit 1 }
      if (anchor != order || text != order || source != order || heading != order || box != order) {
        printf "%s: counts: order %d anchor %d text %d source %d heading %d box %d\n", guide,
          order, anchor, text, source, heading, box
        exit 1
      }
    }' "$1.json" "$1.text" "$1.markdown"
}

test_expect "every guide renders in every format, each step once, with its source section" '
  for guide in essentials-sbs2003 essentials-sbs2011 hyperv wsus; do
    case $guide in
      hyperv) set -- -s "$examples/source-host.json" -d "$examples/destination.json" ;;
      wsus) set -- -s "$facts/wsus01.json" -d "$facts/wsus02.json" ;;
      *) set -- -s "$facts/sbs01.json" -d "$facts/dest01.json" ;;
    esac
    for format in text json markdown; do render "$guide" "$format" "$@" || return 1; done
    count_steps "$guide" || return 1
  done &&
  read_line steps && test "$line" = 6 &&
  expect_match "^ 3\. \[PASS\] Prepare the destination server \(destination\)$" hyperv.text &&
  expect_match "^Source: HV-OLD  Destination: HV-NEW  Planned installation: 2026-12-05$" hyperv.text
'
test_expect "the Hyper-V guide has the steps of plan --format markdown, in the same order" '
  "$HVPLAN" plan -s "$examples/source-host.json" -d "$examples/destination.json" -f markdown >plan.md &&
  awk '"'"'/^## [0-9]*\. / { line = substr($0, 4)
      if (FILENAME == "plan.md") print line > "plan-steps"
      else { gsub(/\\/, "", line); print line > "guide-steps" } }'"'"' plan.md hyperv.markdown &&
  test -s plan-steps && diff -u plan-steps guide-steps
'
test_expect "without facts every automatic check is unknown, not pass" '
  expect_status 0 "$HVPLAN" checklist -g essentials-sbs2003 -f json --install-date 2026-12-05 >empty.json &&
  awk '"'"'/^        "state": / { state++ } /^        "state": "unknown",$/ { unknown++ }
    END { if (state != 10 || unknown != 10) { print "states " state ", unknown " unknown; exit 1 } }'"'"' empty.json
'
test_expect "an unknown guide is a usage error (64); a missing folder 66; a broken guide file 65" '
  expect_status 64 "$HVPLAN" checklist -g no-such-guide 2>err1 &&
  expect_line "hvplan: no guide ?no-such-guide? (?hvplan guides? lists them)" err1 &&
  expect_status 64 "$HVPLAN" checklist -g ../etc/passwd 2>err2 &&
  expect_status 64 "$HVPLAN" checklist -s x.json 2>err3 &&
  expect_line "*checklist needs --guide ID*" err3 &&
  HVPLAN_GUIDE_DIR=$PWD/none expect_status 66 "$HVPLAN" guides 2>err4 &&
  expect_line "hvplan: cannot read the guides folder *none? (HVPLAN_GUIDE_DIR): *" err4 &&
  mkdir broken && cp "$guides/wsus.json" broken/other.json &&
  HVPLAN_GUIDE_DIR=$PWD/broken expect_status 65 "$HVPLAN" guides 2>err5 &&
  expect_line "hvplan: *broken/other?json?: id: ?wsus? is not the file?s name" err5 &&
  sed "s/\"order\": 2,/\"order\": 1,/" broken/other.json >broken/wsus.json && rm broken/other.json &&
  HVPLAN_GUIDE_DIR=$PWD/broken expect_status 65 "$HVPLAN" checklist -g wsus 2>err6 &&
  expect_line "hvplan: *wsus?json?: steps ?update-binaries? and ?security-groups?: the same id or order" err6 &&
  expect_status 64 "$HVPLAN" guides extra 2>/dev/null
'
test_done
