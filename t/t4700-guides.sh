#!/bin/sh
# Migration guides: hvplan guides and every guide in every format, then hvplan checklist on a
# guide's facts.  The parts were t4700-guides and t4701-checklist-essentials; each keeps its comment.
. "$HVP_SOURCE_ROOT/t/lib.sh"

# ---- guides (was t/t4700-guides.sh) -------------------------------------
# hvplan guides and every guide rendered in every format (text, JSON, Markdown); the built-in
# guides are the files of guides/; a guide folder (HVPLAN_GUIDE_DIR) and its errors.
test_part guides
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

# ---- checklist (was t/t4701-checklist-essentials.sh) --------------------
# hvplan checklist --guide essentials-sbs2003 on synthetic facts: the passing source, then each
# broken rule turning its step to FAIL with the evidence (a wrong clock, a wrong gateway, two
# adapters, a missing service pack, a preparation run 15 days old), the answers file,
# --require-complete, the bundled example the README shows, and the usage errors.
test_part checklist
: "${HVP_DATA:?}"
facts="$HVP_DATA/guides/synthetic"
example="$HVP_SOURCE_ROOT/examples/essentials"
export facts example

# check SOURCE-FILE OUT [ARGS...]: the SBS 2003 checklist of SOURCE-FILE against dest01.json.
check () {
  source=$1 out=$2
  shift 2
  "$HVPLAN" checklist -g essentials-sbs2003 -s "$source" -d "$facts/dest01.json" --install-date 2026-12-05 "$@" >"$out"
}

test_expect "the passing source: every automatic check passes, manual steps open, exit 0" '
  expect_status 0 check "$facts/sbs01.json" good &&
  expect_match "^Steps: 10 pass, 0 fail, 0 unknown, 0 done, 13 open$" good
'
test_expect "a clock 7 minutes off fails the time step with both clocks as evidence" '
  sed "s/\"offset_seconds\": 12.5/\"offset_seconds\": -420/" "$facts/sbs01.json" >clock.json &&
  expect_status 1 check clock.json out &&
  expect_matches out \
    "^10\. \[FAIL\] Synchronize the time" \
    "^    evidence: SBS01 and DEST01: same time zone .W\. Europe Standard Time., clocks 420\.0 s apart \(at most 300 s\)$" \
    "^    from: clock\.json: clock; .*dest01\.json: clock$" \
    "^Steps: 9 pass, 1 fail"
'
test_expect "another time zone fails the time step; the host of a VM source is checked too" '
  sed "s/W. Europe Standard Time/GMT Standard Time/; s/\"utc_offset_minutes\": 60/\"utc_offset_minutes\": 0/" "$facts/dest01.json" >zone.json &&
  expect_status 1 "$HVPLAN" checklist -g essentials-sbs2003 -s "$facts/sbs01.json" -d zone.json --install-date 2026-12-05 >out &&
  expect_match "evidence: SBS01 and DEST01: time zones differ \(.W\. Europe Standard Time., .GMT Standard Time.\)" out &&
  sed "s/\"computer\": \"SBS01\"/\"computer\": \"HV01\"/; s/\"offset_seconds\": 12.5/\"offset_seconds\": 400/" "$facts/sbs01.json" >host.json &&
  expect_status 1 check "$facts/sbs01.json" out --host host.json &&
  expect_match "HV01 and DEST01: same time zone .W\. Europe Standard Time., clocks 400\.0 s apart" out
'
test_expect "a gateway at 192.168.16.2 fails the gateway step, naming the address" '
  sed "s/\"gateways\": \[\"192.168.16.1\"\]/\"gateways\": [\"192.168.16.2\"]/" "$facts/sbs01.json" >gateway.json &&
  expect_status 1 check gateway.json out &&
  expect_matches out \
    "^ 4\. \[FAIL\] Install a router" \
    "evidence: default gateway of SBS01: .192\.168\.16\.2. on .Local Area Connection. \(not 192\.168\.x\.1 or 192\.168\.x\.254\)$"
'
test_expect "two connected adapters fail the one-adapter step, naming both" '
  sed "s/\"connected\": false/\"connected\": true/" "$facts/sbs01.json" >adapters.json &&
  expect_status 1 check adapters.json out &&
  expect_matches out \
    "^ 5\. \[FAIL\] Configure the source server for one network adapter" \
    "evidence: 2 connected network adapters on SBS01: .Local Area Connection., .Local Area Connection 2. \(exactly one wanted\)$"
'
test_expect "Exchange 2003 without SP2 fails the service pack step; so does SBS SP1 after Windows SP2" '
  sed "s/\"Microsoft Exchange Server 2003\", \"service_pack\": 2/\"Microsoft Exchange Server 2003\", \"service_pack\": 1/" "$facts/sbs01.json" >sp.json &&
  expect_status 1 check sp.json out &&
  expect_matches out \
    "^ 3\. \[FAIL\] Install the latest updates and service packs, in order" \
    "Exchange Server 2003 SP1 \(needs SP2\)" &&
  sed "s/2008-03-10T12:00:00Z/2008-05-10T12:00:00Z/" "$facts/sbs01.json" >order.json &&
  expect_status 1 check order.json out &&
  expect_match "SBS 2003 SP1 was installed after Windows Server 2003 SP2 \(it must come first" out
'
test_expect "a preparation run 15 days before the installation fails its step; 14 days pass" '
  expect_status 1 check "$facts/sbs01.json" out --install-date 2026-12-13 &&
  expect_matches out \
    "^14\. \[FAIL\] Run the Migration Preparation Tool" \
    "evidence: last successful run 2026-11-28, 15 days before the planned installation on 2026-12-13 \(at most 14\): run the tool again$" &&
  expect_status 0 check "$facts/sbs01.json" out --install-date 2026-12-12 &&
  expect_match "^14\. \[PASS\] .*" out
'
test_expect "answers tick the manual steps; --require-complete exits 1 until every step is done" '
  expect_status 0 check "$facts/sbs01.json" out --answers "$facts/answers-sbs2003.json" &&
  expect_matches out \
    "^ 2\. \[DONE\] Back up the source server and verify the backup \(backup\)$" \
    "^    ticked: J\. Smith, 2026-11-27: full backup; 20 random files restored" \
    "^Steps: 10 pass, 0 fail, 0 unknown, 6 done, 7 open$" &&
  expect_status 1 check "$facts/sbs01.json" out --answers "$facts/answers-sbs2003.json" --require-complete &&
  { awk "{ line[NR] = \$0 } END { for (i = 1; i <= NR - 2; i++) print line[i] (i == NR - 2 ? \",\" : \"\") }" \
      "$facts/answers-sbs2003.json" &&
    separator= &&
    for step in install join-computers move-data folder-redirection demote-source post-migration bpa-destination; do
      printf "%s    \"%s\": { \"who\": \"J. Smith\", \"when\": \"2026-12-20\" }" "$separator" "$step"
      separator=",
"
    done && printf "\n  }\n}\n"; } >all.json &&
  expect_status 0 check "$facts/sbs01.json" out --answers all.json --require-complete &&
  expect_match "^Steps: 10 pass, 0 fail, 0 unknown, 13 done, 0 open$" out
'
test_expect "the README's example: two failing checks, with the evidence the README shows" '
  expect_status 1 "$HVPLAN" checklist --guide essentials-sbs2003 --source "$example/sbs01.json" --destination "$example/dest01.json" --answers "$example/answers.json" --install-date 2026-12-05 >example.out &&
  awk '\''/\[FAIL\]/ { fails++; window = 4 }
    window > 0 { if (/^    evidence: /) print; window-- }
    END { print fails + 0 > "fails" }'\'' example.out >evidence &&
  read_line fails && test "$line" = 2 &&
  set -- && while read -r line; do set -- "$@" "$line"; done <evidence &&
  test $# = 2 && expect_fixed "$HVP_SOURCE_ROOT/README.md" "$@"
'
test_expect "bad options: an invalid date or format 64; an answer for no step 65; output to an input 64" '
  expect_status 64 check "$facts/sbs01.json" out --install-date 2026-13-01 2>err1 &&
  expect_line "hvplan: --install-date: ?2026-13-01? is not a date YYYY-MM-DD" err1 &&
  expect_status 64 check "$facts/sbs01.json" out --format html 2>/dev/null &&
  printf "{\"schema\": \"hvplan-answers/1\", \"answers\": {\"bakcup\": {\"who\": \"J\", \"when\": \"2026-12-01\"}}}" >typo.json &&
  expect_status 65 check "$facts/sbs01.json" out --answers typo.json 2>err2 &&
  expect_line "hvplan: ?typo.json?: answers.bakcup: the guide ?essentials-sbs2003? has no such step" err2 &&
  cp "$facts/sbs01.json" mine.json &&
  expect_status 64 check mine.json out -o mine.json 2>/dev/null &&
  cmp mine.json "$facts/sbs01.json"
'

test_done
