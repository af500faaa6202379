#!/bin/sh
# --format html (reports/plan-html.c, size-html.c, diff-html.c, html.c): each page is checked by
# Python's HTML parser (t/html/check-html.py) against the JSON report of the same input: the
# verdict, every VM row, every model and host of a placement, the diff's objects changed first;
# one script, allowed with the style sheet by their SHA-256 hashes under a CSP of default-src
# 'none'; no URL but in-page links, no element that loads anything.  A hostile inventory
# (t/data/html/synthetic/hostile.json: names with <, ", </script>, javascript:, ESC, RLO) renders
# as text.  With HVP_TEST_EXPENSIVE=1 and Chromium (Debian's chromium), each page is also
# rendered headless: its DOM dumped and checked the same way, Chromium's net log showing no
# request from the page, and a screenshot kept in the test log folder.
. "$HVP_SOURCE_ROOT/t/lib.sh"

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

if ! command -v python3 >/dev/null 2>&1; then
  test_skip "HTML pages checked by a parser" "python3 is not installed"
  test_done
  exit
fi

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

test_done
