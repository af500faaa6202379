#!/bin/sh
# What a person sees (issue 16): the HTML reports, then progress and colour on a terminal.  The two
# parts were t4500-html-reports and t4510-terminal-progress-color; each keeps its comment.
. "$HVP_SOURCE_ROOT/t/lib.sh"

# ---- html (was t/t4500-html-reports.sh) ----------------------------------
# --format html (reports/plan-html.c, size-html.c, diff-html.c, html.c): each page is checked by
# Python's HTML parser (t/html/check-html.py) against the JSON report of the same input: the
# verdict, every VM row, every model and host of a placement, the diff's objects changed first;
# one script, allowed with the style sheet by their SHA-256 hashes under a CSP of default-src
# 'none'; no URL but in-page links, no element that loads anything.  A hostile inventory
# (t/data/html/synthetic/hostile.json: names with <, ", </script>, javascript:, ESC, RLO) renders
# as text.  With HVP_TEST_EXPENSIVE=1 and Chromium (Debian's chromium), each page is also
# rendered headless: its DOM dumped and checked the same way, Chromium's net log showing no
# request from the page, and a screenshot kept in the test log folder.
test_part html

examples="$HVP_SOURCE_ROOT/examples"
size="$HVP_DATA/size/synthetic"
diffs="$HVP_DATA/diff/synthetic"
hostile="$HVP_DATA/html/synthetic/hostile.json"
check="$HVP_SOURCE_ROOT/t/html/check-html.py"
shots="${HVP_BUILD_ROOT:-$HVP_TMP}/meson-logs/t4500"

# report KIND NAME STATUS ARGS...: runs hvplan with --format html and json into NAME.html and
# NAME.json, both exiting STATUS; the page is checked against the JSON report by the last test
# point, with the others (Python starts once: it is slow to start on a busy machine).
report () {
  kind=$1 name=$2 status=$3
  shift 3
  expect_status "$status" "$HVPLAN" "$@" --quiet --format html -o "$name.html" &&
    expect_status "$status" "$HVPLAN" "$@" --quiet --format json -o "$name.json" &&
    echo "$kind $name.html $name.json" >>"$HVP_TMP/checks"
}

# Without python3, one skip; with it, the points down to the end of this part (left unindented).
if ! command -v python3 >/dev/null 2>&1; then
  test_skip "HTML pages checked by a parser" "python3 is not installed"
else

# The bundled example's data root and PowerShell document, collected once into an inventory for
# the plans below (a data root costs three times an inventory's start).
"$HVPLAN" collect --quiet "$examples/source-host" "$examples/source-host.json" \
  -o "$HVP_TMP/example-inventory.json"

test_expect "plan of the bundled example: verdict, every VM, requirements, findings, one script" '
  report plan example 0 plan --source example-inventory.json \
    --destination "$examples/destination.json" &&
  expect_matches example.html \
    "<p id=\"verdict\" class=\"verdict warn\">Verdict: WARN</p>" \
    "<svg class=\"bar\" viewBox=\"0 0 1000 20\"" \
    "<h2 id=\"checklist\">Checklist</h2>" \
    "<input type=\"checkbox\" disabled=\"\" /> Back up the source server" \
    "<th data-sort>VM</th>"
'

test_expect "plan --format html is deterministic (same bytes twice)" '
  "$HVPLAN" plan --quiet --source example-inventory.json \
    --destination "$examples/destination.json" --format html -o again.html &&
  cmp example.html again.html
'

test_expect "a destination that does not fit: FAIL first, exit status 1" '
  report plan small 1 plan --source example-inventory.json \
    --destination "$examples/destination-small.json" &&
  expect_match "Verdict: FAIL" small.html
'

test_expect "plan over several destination hosts: the placement, a row per host" '
  report plan placement 0 plan --source "$size/estate.json" --destination "$size/cluster.json" &&
  expect_match "id=\"placement-verdict\">Placement over [0-9]+ destination hosts: PASS" \
    placement.html
'

test_expect "size: the recommendation, each model against its lower bound, a row per host" '
  report size size 0 size --source "$size/estate.json" --catalog "$size/catalog.json" &&
  expect_matches size.html \
    "Recommended: Mid 2U \[2x Xeon E5-2660 v2\], 2 hosts, total price 18000" \
    "<th class=\"limiting\">storage \(limiting\)</th>"
'

test_expect "size onto existing hosts, and a sizing where no model fits (exit status 1)" '
  report size existing 0 size --source "$size/estate.json" --destination "$size/cluster.json" &&
  expect_match "Verdict: the existing hosts hold every VM, on 2 of 3 hosts" existing.html &&
  report size monster 1 size --source "$size/monster.json" --catalog "$size/catalog.json" &&
  expect_match "class=\"verdict fail\">Recommended: none" monster.html
'

test_expect "diff: changed objects first, old and new side by side, exit status 1" '
  report diff diff 1 diff "$diffs/source.json" "$diffs/changed.json" &&
  expect_match "<td>memory.startup_bytes</td><td class=\"old\">17179869184 <span class=\"muted\">\(16.0 GiB\)</span></td><td class=\"new\">25769803776" \
    diff.html
'

test_expect "hostile names render as text in the plan (no element, no attribute from input)" '
  report plan hostile-plan 1 plan --source "$hostile" \
    --destination "$examples/destination.json" &&
  expect_matches hostile-plan.html \
    "<tr class=\"vm\"><td>&lt;/script&gt;&lt;script&gt;alert\(2\)&lt;/script&gt;</td>" \
    "<td>x&quot;&gt;&lt;img src=x onerror=alert\(1\)&gt;</td>" \
    "<td>it&#39;s \\\\u202Eevil\\\\u202C</td>" \
    "<td>esc\\\\x1B\[31mred</td>" "#0:$(printf "\033")"
'

test_expect "hostile names render as text in the sizing, SVG labels included" '
  report size hostile-size 0 size --source "$hostile" --catalog "$size/catalog.json" &&
  expect_matches hostile-size.html "<title>&lt;script&gt;alert\(1\)&lt;/script&gt;: " \
    "<h1>Sizing for hv&lt;lab&gt; &quot;x&quot; javascript:void\(0\): 11 VMs</h1>"
'

test_expect "every page above, parsed: as its JSON report says, one script, CSP, no URL" '
  set -- && pages=0 &&
  while read -r kind page json; do set -- "$@" $kind $page $json; pages=$((pages + 1)); done <checks &&
  [ "$pages" -eq 9 ] && python3 "$check" "$@"
'

# Chromium: the pages above, rendered.
chromium=$(command -v chromium || command -v chromium-browser || true)
# render NAME: NAME.html rendered once by Chromium: its DOM in NAME.dom, the requests made
# meanwhile in NAME.netlog, a screenshot in the test log folder.
render () {
  mkdir -p "$shots" &&
    timeout 150 "$chromium" --headless --no-sandbox --disable-gpu --no-first-run \
      --disable-background-networking --user-data-dir="$HVP_TMP/profile-$1" \
      --log-net-log="$HVP_TMP/$1.netlog" --hide-scrollbars --window-size=1100,1600 \
      --screenshot="$shots/$1.png" --dump-dom "file://$HVP_TMP/$1.html" >"$1.dom" 2>/dev/null &&
    [ -s "$1.dom" ] && [ -s "$shots/$1.png" ] && echo "netlog $1.netlog" >>chromium-checks
}

if [ -z "$chromium" ]; then
  for what in plan size diff hostile "DOMs parsed"; do
    test_skip "Chromium renders the $what page" "chromium is not installed (.ci/run installs it)"
  done
else
  test_expensive "Chromium renders the plan: the DOM holds the verdict and every VM, no request" '
    render example && echo "plan example.dom example.json" >>chromium-checks
  '
  test_expensive "Chromium renders the sizing: every model and host, no request" '
    render size && echo "size size.dom size.json" >>chromium-checks
  '
  test_expensive "Chromium renders the diff: the objects, changed first, no request" '
    render diff && echo "diff diff.dom diff.json" >>chromium-checks
  '
  test_expensive "Chromium renders hostile names as text: no script from input, no request" '
    render hostile-plan &&
    grep -q "alert(2)&lt;/script&gt;" hostile-plan.dom &&
    echo "plan hostile-plan.dom hostile-plan.json" >>chromium-checks
  '
  test_expensive "the DOMs Chromium built, parsed: as the JSON reports say, one script, no URL" '
    set -- && pages=0 &&
  while read -r kind page json; do set -- "$@" $kind $page $json; pages=$((pages + 1)); done <chromium-checks &&
  [ "$pages" -eq 8 ] && python3 "$check" "$@"
  '
  test_have_expensive && echo "# screenshots: $shots"
fi

fi # python3

# ---- terminal (was t/t4510-terminal-progress-color.sh) -------------------
# Progress and colour where a person watches (cmd/terminal.c): under script(1) (util-linux), whose
# pseudo-terminal is standard output and standard error, a collection shows "hvplan: reading WHAT:
# DONE/TOTAL" on standard error (HVPLAN_PROGRESS_DELAY=0: at once) and erases it, the text
# reports' verdict words are coloured; in a pipe or a file, with --quiet, --color=never or
# NO_COLOR, nothing of the kind.  The output files are the same either way.
test_part terminal

examples="$HVP_SOURCE_ROOT/examples"
diffs="$HVP_DATA/diff/synthetic"
esc=$(printf '\033')

# on_terminal OUTPUT COMMAND: runs the shell COMMAND under script(1), what the terminal showed in
# OUTPUT; its exit status is COMMAND's (script -e).  script runs COMMAND with $SHELL: /bin/sh
# here, not a login shell's bash (a bash start is most of a script run).
on_terminal () {
  out=$1
  shift
  SHELL=/bin/sh script -qec "$*" /dev/null >"$out" </dev/null
}

# (This part is the file's last: without script(1) the file ends here.)
if ! command -v script >/dev/null 2>&1; then
  test_skip "progress and colour on a terminal" "script (util-linux) is not installed"
  test_done
  exit
fi

test_expect "collect on a terminal: progress of the VM files and disks, erased, same inventory" '
  HVPLAN_PROGRESS_DELAY=0 on_terminal tty.out \
    "\"$HVPLAN\" collect \"$examples/source-host\" -o tty.json" &&
  tr "\r" "\n" <tty.out >lines &&
  expect_matches lines \
    "hvplan: reading VM configuration files: 4/4" \
    "hvplan: reading virtual hard disks: 6/6" \
    "^ +$" \
    "^hvplan: warning: .*saved-state files" &&
  HVPLAN_PROGRESS_DELAY=0 "$HVPLAN" collect "$examples/source-host" -o pipe.json 2>pipe.err &&
  cmp tty.json pipe.json &&
  expect_matches pipe.err "^hvplan: warning: " "#0:reading" "#0:$(printf "\r")"
'

test_expect "libvirt domains read / total on a terminal" '
  HVPLAN_PROGRESS_DELAY=0 on_terminal libvirt.out \
    "\"$HVPLAN\" collect \"test://$examples/libvirt/source-host.xml\" -o libvirt.json" &&
  expect_match "hvplan: reading domains: ([0-9]+)/\1" libvirt.out
'

test_expect "no progress with --quiet, nor before HVPLAN_PROGRESS_DELAY has passed" '
  HVPLAN_PROGRESS_DELAY=0 on_terminal quiet.out \
    "\"$HVPLAN\" collect --quiet \"$examples/source-host\" -o quiet.json" &&
  HVPLAN_PROGRESS_DELAY=60000 on_terminal slow.out \
    "\"$HVPLAN\" collect \"$examples/source-host\" -o slow.json" &&
  ! grep -q "reading" quiet.out slow.out &&
  expect_match "hvplan: warning: " slow.out
'

test_expect "plan on a terminal: verdicts coloured, exit status kept" '
  expect_status 1 on_terminal plan.out "\"$HVPLAN\" plan -q -s \"$examples/source-host\" \
    -s \"$examples/source-host.json\" -d \"$examples/destination-small.json\"" &&
  expect_matches plan.out \
    "^Verdict: ${esc}\[1;31mFAIL${esc}\[0m" \
    "^memory +17.2 GiB +16.0 GiB +${esc}\[1;31mFAIL${esc}\[0m" \
    "^${esc}\[1;33mWARN${esc}\[0m storage " \
    "^${esc}\[1;34mINFO${esc}\[0m memory "
'

test_expect "NO_COLOR and --color=never on a terminal: no colour" '
  NO_COLOR=1 expect_status 1 on_terminal nocolor.out "\"$HVPLAN\" diff -q \"$diffs/source.json\" \
    \"$diffs/changed.json\"" &&
  expect_status 1 on_terminal never.out "\"$HVPLAN\" diff -q --color=never \
    \"$diffs/source.json\" \"$diffs/changed.json\"" &&
  expect_matches nocolor.out "^Result: different" "#0:$esc" &&
  expect_matches never.out "^Result: different" "#0:$esc"
'

test_expect "--color=always colours into a pipe, NO_COLOR or not; never the JSON report" '
  NO_COLOR=1 expect_status 1 "$HVPLAN" diff -q --color=always "$diffs/source.json" \
    "$diffs/changed.json" >always.out &&
  expect_matches always.out \
    "^Result: ${esc}\[1;31mdifferent${esc}\[0m" \
    "^${esc}\[1;33mchanged${esc}\[0m  vm .sql." &&
  expect_status 1 "$HVPLAN" diff -q --color=always --format json "$diffs/source.json" \
    "$diffs/changed.json" >always.json &&
  ! grep -q "$esc" always.json
'

test_expect "--color=sometimes is a usage error (64) naming the choices" '
  expect_status 64 "$HVPLAN" size -s "$examples/source-host" -c "$examples/catalog.json" \
    --color=sometimes 2>usage.err &&
  expect_line "hvplan: --color must be ?auto?, ?always? or ?never?, not ?sometimes?" usage.err
'

test_done
