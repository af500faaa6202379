#!/bin/sh
# hvplan plan on the bundled examples: the Hyper-V example's verdicts in text and JSON, its
# Markdown checklist against the golden files, then the libvirt example and libvirt's own node
# files.  The parts were t3000-plan-example, t3001-plan-markdown and t3300-libvirt-plan; each
# keeps its comment.
. "$HVP_SOURCE_ROOT/t/lib.sh"

# ---- example (was t/t3000-plan-example.sh) ------------------------------
# hvplan plan on the bundled example: the four verdicts, text and JSON, exit statuses, atomic output.
test_part example
EX="$HVP_SOURCE_ROOT/examples"
# The first point plans the example's data root and PowerShell document themselves; the others
# plan their inventory, collected once here (a data root costs three times an inventory's start).
"$HVPLAN" collect --quiet "$EX/source-host" "$EX/source-host.json" -o "$HVP_TMP/example.json"
plan () {
  "$HVPLAN" plan --quiet --source "$HVP_TMP/example.json" "$@"
}

test_expect "the bundled example fits the bundled destination (exit 0)" '
  expect_status 0 "$HVPLAN" plan --quiet --source "$EX/source-host" --source "$EX/source-host.json" \
    --destination "$EX/destination.json" >out &&
  expect_matches out "^storage +.* PASS$" "^memory +.* PASS$" "^network +.* PASS$" \
    "^processor +.* PASS$"
'
# The example source (examples/source-host, made by make-source-host.py) has four VMs, none off
# (DC01, TEST01 and WEB01 of unknown state, SQL01 saved), so all four run at once.  Startup RAM:
# DC01 4 GiB (static), SQL01 8 GiB (dynamic, startup), WEB01 2 GiB (dynamic, startup), TEST01
# 1 GiB (static): 15 GiB.  Overhead (planner/options.h: 32 MiB for the first GiB, 8 MiB for each
# further GiB): 56 + 88 + 40 + 32 = 216 MiB.  Host reserve: 2 GiB.
GIB=1073741824 MIB=1048576
memory_vms=$(( (4 + 8 + 2 + 1) * GIB ))
memory_overhead=$(( (32 + 3 * 8) * MIB + (32 + 7 * 8) * MIB + (32 + 8) * MIB + 32 * MIB ))
memory_required=$(( memory_vms + memory_overhead + 2 * GIB ))
test_expect "memory needed: startup RAM of the VMs that run at once, overhead and the 2 GiB reserve" '
  expect_status 0 plan --destination "$EX/destination.json" --format json >plan.json &&
  expect_match "\"schema\": *\"hvplan-plan/1\"" plan.json &&
  sed -n "/\"memory\": {/,/}/p" plan.json >memory.json &&
  expect_matches memory.json "^ *\"required_bytes\": $memory_required,\$" \
    "^ *\"vm_overhead_bytes\": $memory_overhead,\$" "^ *\"host_reserve_bytes\": 2147483648,\$" \
    "^ *\"policy\": \"startup\"\$"
'
test_expect "the small destination fails (exit 1) and names the VMs" '
  expect_status 1 plan --destination "$EX/destination-small.json" >out &&
  expect_matches out "^memory +.* FAIL$" "^processor +.* FAIL$" "SQL01" \
    "Could not find Ethernet switch .Backup Internal."
'
test_expect "--switch-map maps a missing switch onto an existing one (memory and processor still fail: exit 1)" '
  expect_status 1 plan --destination "$EX/destination-small.json" \
    --switch-map "Backup Internal=Lab Private" >out 2>err &&
  expect_matches out "^network +1 +1 +PASS$" "^memory +.* FAIL$" "#0:Could not find Ethernet switch" &&
  test ! -s err
'
test_expect "-o writes the report and prints nothing" '
  expect_status 0 plan --destination "$EX/destination.json" -o report.txt >out &&
  test ! -s out &&
  expect_match "^processor" report.txt
'
test_expect "-o into a folder that does not exist is an output error (74), no file left" '
  expect_status 74 plan --destination "$EX/destination.json" -o "$HVP_TMP/no/such/dir/r.txt" 2>err &&
  expect_lines err "*cannot write*" &&
  expect_no_file "$HVP_TMP/no/such/dir/r.txt"
'
test_expect "a failing plan still replaces an old output file whole" '
  printf "old\n" >r.txt &&
  expect_status 1 plan --destination "$EX/destination-small.json" -o r.txt &&
  expect_matches r.txt "#0:^old$" "^memory"
'
test_expect "--concurrent with a VM that does not exist is a usage error (64)" '
  expect_status 64 plan --destination "$EX/destination.json" --concurrent DC01,NOPE 2>err &&
  expect_lines err "*NOPE*"
'
# The two points below compare with plan.json, the startup-policy plan of the point above (made
# again when it is missing): one hvplan run fewer each.
# required_bytes FILE...: the memory requirement's required_bytes of each plan FILE, one a line
# (one awk for every FILE).
required_bytes () {
  awk 'FNR == 1 { memory = 0 } /"memory"/ { memory = 1 }
    memory && /"required_bytes": *[0-9]/ { sub(/.*"required_bytes": */, ""); sub(/[^0-9].*/, ""); print; memory = 0 }' "$@"
}
test_expect "--memory-policy maximum counts dynamic maximums" '
  plan --destination "$EX/destination.json" --memory-policy maximum --format json >max.json &&
  { [ -s plan.json ] || plan --destination "$EX/destination.json" --format json >plan.json; } &&
  required_bytes max.json plan.json >required &&
  { IFS= read -r max && IFS= read -r start; } <required &&
  echo "maximum $max, startup $start" && test "$max" -gt "$start"
'
test_expect "the same inputs give byte-identical JSON" '
  { [ -s plan.json ] || plan --destination "$EX/destination.json" --format json >plan.json; } &&
  plan --destination "$EX/destination.json" --format json >again.json &&
  cmp plan.json again.json
'

# ---- markdown (was t/t3001-plan-markdown.sh) ----------------------------
# hvplan plan --format markdown: the migration checklist of the bundled example, against golden
# files in t/data/markdown/ (byte for byte), its sections in order, every finding of the text
# report as a task item, hostile names from an inventory, and, where cmark-gfm (GitHub's
# CommonMark) is installed, the checklist as GitHub renders it.
# HVP_REGENERATE=1 rewrites the golden files (review the diff before committing).
test_part markdown
: "${HVP_DATA:?}"
golden="$HVP_DATA/markdown"
hostile="$HVP_DATA/markdown/synthetic/hostile.json"
# Lines as the checklist escapes them: a backslash before each Markdown special.
missing_switch="- [ ] **FAIL** network, VM **WEB01**: Could not find Ethernet switch 'Backup \
Internal' \\(Compare\\-VM 33012\\): create it on the destination or map it with \
\\-\\-switch\\-map 'Backup Internal=NAME'"
firewall_rule="'vm\\-monitoring\\-icmpv4'"
export golden hostile missing_switch firewall_rule

# Run from the source root with relative paths: the collector warnings name the files, and the
# golden checklists must not depend on where the tree lives.
plan () {
  (cd "$HVP_SOURCE_ROOT" && "$HVPLAN" plan --quiet --source examples/source-host \
     --source examples/source-host.json "$@")
}

if [ "${HVP_REGENERATE:-}" = 1 ]; then
  plan --destination examples/destination.json --format markdown >"$golden/example.md"
  plan --destination examples/destination-small.json --format markdown \
    >"$golden/example-small.md"
fi

# sections FILE: the "## " headings of FILE, one a line.
sections () {
  sed -n 's/^## //p' "$1"
}
# gfm FILE: FILE rendered by cmark-gfm with GitHub's extensions.
gfm () {
  cmark-gfm -e table -e tasklist -e strikethrough -e autolink "$1"
}
# outside_fences FILE: the lines of FILE outside fenced code blocks (a fence closes with a line of
# at least as many backticks and nothing else).
outside_fences () {
  awk '{
    if (fence) { if ($0 ~ /^`+$/ && length($0) >= fence) fence = 0; next }
    if (match($0, /^```+/)) { fence = RLENGTH; next }
    print
  }' "$1"
}
# tasks FILE: number of task items (at any depth) in FILE.
tasks () {
  grep -c '^ *- \[ \] ' "$1"
}
# md_counts FILE: "TASKS HEADINGS": task items (as tasks) and lines opening with # in FILE, with
# one awk (the regexes read the same in awk's and grep's dialects).
md_counts () {
  awk '/^ *- \[ \] / { t++ } /^#/ { h++ } END { print t + 0, h + 0 }' "$1"
}
# html_counts FILE: "BOXES H16 H13 H2 TR TD PRE" of cmark-gfm's FILE, with one awk: the checkboxes
# (every one, as grep -o | wc -l counts them) and the lines opening with <h1>..<h6>, <h1>..<h3>,
# <h2>, <tr>, <td and the lines holding <pre (as grep -c counts them).
html_counts () {
  awk '{ boxes += gsub(/<input type="checkbox" disabled="" \/>/, "&") }
    /^<h[1-6]>/ { h16++ } /^<h[1-3]>/ { h13++ } /^<h2>/ { h2++ } /^<tr>/ { tr++ }
    /^<td/ { td++ } /<pre/ { pre++ }
    END { print boxes + 0, h16 + 0, h13 + 0, h2 + 0, tr + 0, td + 0, pre + 0 }' "$1"
}
# hostile_html FILE: prints what is wrong with cmark-gfm's rendering of the hostile checklist: an
# HTML element from a name (<script, <img, <b>, <a , in any case), or a missing line of text (the
# escaped names, the code span, the fenced ipconfig text); nothing when all is right.
hostile_html () {
  awk '{ line = tolower($0) }
    index(line, "<script") || index(line, "<img") || index(line, "<b>") || index(line, "<a ") {
      print "HTML from a name: " $0 }
    index($0, "<strong>&lt;script&gt;alert(1)&lt;/script&gt;</strong>") { script = 1 }
    index($0, "<strong>1. pipe|name *x* _y_ [z](http://e.x)</strong>") { pipe = 1 }
    index($0, "<code>D:\\VMs\\`parent`.vhdx</code>") { code = 1 }
    $0 == "&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;" { pre = 1 }
    $0 == "   IPv4 Address. . . : 192.0.2.10(Preferred)" { ipv4 = 1 }
    END {
      if (!script) print "no <strong>&lt;script&gt;...</strong>"
      if (!pipe) print "no <strong>1. pipe|name ...</strong>"
      if (!code) print "no <code>D:\\VMs\\`parent`.vhdx</code>"
      if (!pre) print "no &lt;/pre&gt;&lt;script&gt;... line"
      if (!ipv4) print "no IPv4 Address line"
    }' "$1"
}

test_expect "the bundled example: exit 0, the checklist matches t/data/markdown/example.md" '
  expect_status 0 plan --destination examples/destination.json --format markdown >out.md &&
  cmp out.md "$golden/example.md"
'
test_expect "the small destination: exit 1, matches t/data/markdown/example-small.md" '
  expect_status 1 plan --destination examples/destination-small.json --format markdown \
    >out.md &&
  cmp out.md "$golden/example-small.md"
'
test_expect "the eight steps, in the order of the migration guide" '
  sections "$golden/example-small.md" >actual &&
  expect_text actual "1. Back up the source server
2. Install the latest updates
3. Prepare the destination server
4. Install the migration tools
5. Record the configuration
6. Re-apply the security settings
7. Plan downtime or redirect the clients
8. Verify the migration"
'
test_expect "every finding of the four checks is a task item of step 3, in the text report order" '
  expect_status 1 plan --destination examples/destination-small.json >plan.txt &&
  sed -n "/^Findings:/,/^$/s/^\(FAIL\|WARN\|INFO\) \([a-z]*\) .*/\1 \2/p" plan.txt |
    grep -v " security$" >expect &&
  test -s expect &&
  sed -n "/^## 3\./,/^## 4\./s/^- \[ \] \*\*\([A-Z]*\)\*\* \([a-z]*\).*/\1 \2/p" \
    "$golden/example-small.md" >actual &&
  cmp expect actual &&
  grep -qxF -- "$missing_switch" "$golden/example-small.md" &&
  expect_fixed plan.txt "#2:^WARN security " &&
  sed -n "/^## 6\./,/^## 7\./{/^- \[ \] \*\*WARN\*\* security/p}" "$golden/example-small.md" >warn &&
  count_lines warn && test "$counted" = 2
'
test_expect "the requirement table: needed, available, verdict and the VMs concerned" '
  grep -x -F -e "| memory | 17.2 GiB | 16.0 GiB | FAIL | |" -e "| network | 1 | 1 | FAIL | WEB01 |" \
    -e "| processor | 4 | 4 | FAIL | SQL01 |" -e "| processor | 4 | 24 | PASS | |" \
    "$golden/example-small.md" "$golden/example.md" >rows &&
  expect_text rows "$golden/example-small.md:| memory | 17.2 GiB | 16.0 GiB | FAIL | |
$golden/example-small.md:| network | 1 | 1 | FAIL | WEB01 |
$golden/example-small.md:| processor | 4 | 4 | FAIL | SQL01 |
$golden/example.md:| processor | 4 | 24 | PASS | |"
'
test_expect "-o writes the same bytes and prints nothing" '
  expect_status 1 plan --destination examples/destination-small.json --format markdown \
    -o "$HVP_TMP/checklist.md" >out &&
  test ! -s out &&
  cmp "$HVP_TMP/checklist.md" "$golden/example-small.md"
'
test_expect "an unknown --format is a usage error (64) that names markdown" '
  expect_status 64 plan --destination examples/destination.json --format pdf 2>err &&
  expect_lines err "*markdown*"
'
test_expect "hostile names: no line of the checklist opens a block of its own" '
  expect_status 1 "$HVPLAN" plan --quiet --source "$hostile" \
    --destination "$HVP_SOURCE_ROOT/examples/destination.json" --format markdown >hostile.md &&
  outside_fences hostile.md >blocks.md &&
  set -- $(wc -l blocks.md hostile.md) && test "$1" -lt "$3" &&
  ! grep -v -E "^(# |## |### |- \[ \] |  +- |\| |[A-Z]|$)" blocks.md &&
  sed "s/\`[^\`]*\`//g" blocks.md >text.md &&
  ! grep -q "<script>" text.md &&
  grep -qF -- "- [ ] **\\<script\\>alert\\(1\\)\\</script\\>**: id " hostile.md &&
  expect_match "^\| network \| 1 \| 4 \| FAIL \| .*1\\\\\. pipe\\\\\|name .* \|$" hostile.md &&
  sed -n "/^## 6\./,/^## 7\./p" hostile.md >security.md &&
  test "$(tasks security.md)" -eq 4 &&
  grep -qF -- "$firewall_rule" security.md
'
if command -v cmark-gfm >/dev/null 2>&1; then
  test_expect "GitHub renders every task item as a checkbox and every heading as a heading" '
    gfm "$golden/example-small.md" >small.html &&
    set -- $(html_counts small.html) $(md_counts "$golden/example-small.md") &&
    echo "boxes h1-6 h1-3 h2 tr td pre | tasks headings: $*" &&
    test "$1" -eq "$8" && test "$3" -eq "$9" && test "$4" -eq 8 && test "$5" -eq 6 &&
    test "$6" -eq 25
  '
  # hostile.md is the point's above (the plan run again when it is missing).
  test_expect "GitHub renders hostile names as text: no HTML, no extra block, five cells a row" '
    { [ -s hostile.md ] || expect_status 1 "$HVPLAN" plan --quiet --source "$hostile" \
      --destination "$HVP_SOURCE_ROOT/examples/destination.json" --format markdown >hostile.md; } &&
    gfm hostile.md >hostile.html &&
    hostile_html hostile.html >wrong && show wrong && test ! -s wrong &&
    set -- $(html_counts hostile.html) $(md_counts hostile.md) &&
    echo "boxes h1-6 h1-3 h2 tr td pre | tasks headings: $*" &&
    test "$1" -eq "$8" && test "$2" -eq "$9" && test "$6" -eq 25 && test "$7" -eq 1
  '
else
  test_skip "GitHub renders every task item as a checkbox" "cmark-gfm is not installed"
  test_skip "GitHub renders hostile names as text" "cmark-gfm is not installed"
fi

# ---- libvirt (was t/t3300-libvirt-plan.sh) ---------------------------
# hvplan plan through libvirt's test driver: the README's example pair, and libvirt's own example
# node files (t/data/libvirt, from libvirt's examples/xml/test/) planned onto the example
# destination without an error.
test_part libvirt
: "${HVP_DATA:?}"

EX="$HVP_SOURCE_ROOT/examples/libvirt"
case $EX in /*) ;; *) EX="$(pwd)/$EX" ;; esac
DEST="test://$EX/destination-host.xml"

test_expect "the README's libvirt example plans: four verdicts, none failing (exit 0)" '
  expect_status 0 "$HVPLAN" plan -q --source "test://$EX/source-host.xml" --destination "$DEST" >out &&
  expect_matches out "^Migration plan: source-host -> destination-host$" "^storage +.* (PASS|WARN)$" \
    "^memory +.* PASS$" "^network +.* PASS$" "^processor +.* (PASS|WARN)$"
'
test_expect "libvirt's testnode.xml plans: its bridge xenbr0 is missing on the destination (exit 1)" '
  expect_status 1 "$HVPLAN" plan -q --source "test://$HVP_DATA/libvirt/testnode.xml" --destination "$DEST" >out 2>err &&
  expect_matches out "^FAIL network +fc4: Could not find Ethernet switch .xenbr0." \
    "^FAIL network +fv0: Could not find Ethernet switch .xenbr0." &&
  test ! -s err
'
test_expect "mapping xenbr0 onto the destination External network makes it fit (exit 0)" '
  expect_status 0 "$HVPLAN" plan -q --source "test://$HVP_DATA/libvirt/testnode.xml" --destination "$DEST" \
    --switch-map xenbr0=External >out &&
  expect_matches out "^network +1 +4 +WARN$" "type of switch .xenbr0. unknown"
'
# testnodeinline.xml attaches fc4, fc5 and fv0 to the bridge xenbr0, which the destination lacks:
# the plan fails on the network (exit 1), and that is a verdict, not an error (nothing on stderr).
test_expect "libvirt's testnodeinline.xml plans: its bridge xenbr0 is missing on the destination (exit 1)" '
  expect_status 1 "$HVPLAN" plan -q --source "test://$HVP_DATA/libvirt/testnodeinline.xml" \
    --destination "$DEST" --format json >plan.json 2>err &&
  expect_matches plan.json "\"schema\": \"hvplan-plan/1\"" "^  \"verdict\": \"fail\",$" \
    "#3:Could not find Ethernet switch .xenbr0." &&
  sed -n "/\"network\": {/,/}/p" plan.json >network.json &&
  expect_lines network.json "*\"verdict\": \"fail\"*" &&
  test ! -s err
'

test_done
