#!/bin/sh
# hvplan checklist --guide essentials-sbs2003 on synthetic facts: the passing source, then each
# broken rule turning its step to FAIL with the evidence (a wrong clock, a wrong gateway, two
# adapters, a missing service pack, a preparation run 15 days old), the answers file,
# --require-complete, the bundled example the README shows, and the usage errors.
. "$HVP_SOURCE_ROOT/t/lib.sh"
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
