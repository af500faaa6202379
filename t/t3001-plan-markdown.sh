#!/bin/sh
# hvplan plan --format markdown: the migration checklist of the bundled example, against golden
# files in t/data/markdown/ (byte for byte), its sections in order, every finding of the text
# report as a task item, hostile names from an inventory, and, where cmark-gfm (GitHub's
# CommonMark) is installed, the checklist as GitHub renders it.
# HVP_REGENERATE=1 rewrites the golden files (review the diff before committing).
. "$HVP_SOURCE_ROOT/t/lib.sh"
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
  cat >expect <<-EOF &&
	1. Back up the source server
	2. Install the latest updates
	3. Prepare the destination server
	4. Install the migration tools
	5. Record the configuration
	6. Re-apply the security settings
	7. Plan downtime or redirect the clients
	8. Verify the migration
	EOF
  cmp expect actual
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
  test "$(grep -c "^WARN security " plan.txt)" = 2 &&
  test "$(sed -n "/^## 6\./,/^## 7\./p" "$golden/example-small.md" | grep -c "^- \[ \] \*\*WARN\*\* security")" = 2
'
test_expect "the requirement table: needed, available, verdict and the VMs concerned" '
  expect_match "^\| memory \| 17\.2 GiB \| 16\.0 GiB \| FAIL \| \|$" "$golden/example-small.md" &&
  expect_match "^\| network \| 1 \| 1 \| FAIL \| WEB01 \|$" "$golden/example-small.md" &&
  expect_match "^\| processor \| 4 \| 4 \| FAIL \| SQL01 \|$" "$golden/example-small.md" &&
  expect_match "^\| processor \| 4 \| 24 \| PASS \| \|$" "$golden/example.md"
'
test_expect "-o writes the same bytes and prints nothing" '
  expect_status 1 plan --destination examples/destination-small.json --format markdown \
    -o "$HVP_TMP/checklist.md" >out &&
  test ! -s out &&
  cmp "$HVP_TMP/checklist.md" "$golden/example-small.md"
'
test_expect "an unknown --format is a usage error (64) that names markdown" '
  expect_status 64 plan --destination examples/destination.json --format pdf 2>err &&
  expect_match "markdown" err
'
test_expect "hostile names: no line of the checklist opens a block of its own" '
  expect_status 1 "$HVPLAN" plan --quiet --source "$hostile" \
    --destination "$HVP_SOURCE_ROOT/examples/destination.json" --format markdown >hostile.md &&
  outside_fences hostile.md >blocks.md &&
  test "$(wc -l <blocks.md)" -lt "$(wc -l <hostile.md)" &&
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
    test "$(grep -o "<input type=\"checkbox\" disabled=\"\" />" small.html | wc -l)" \
      -eq "$(tasks "$golden/example-small.md")" &&
    test "$(grep -c "^<h[1-3]>" small.html)" -eq "$(grep -c "^#" "$golden/example-small.md")" &&
    test "$(grep -c "^<h2>" small.html)" -eq 8 &&
    test "$(grep -c "^<tr>" small.html)" -eq 6 &&
    test "$(grep -c "^<td" small.html)" -eq 25
  '
  test_expect "GitHub renders hostile names as text: no HTML, no extra block, five cells a row" '
    expect_status 1 "$HVPLAN" plan --quiet --source "$hostile" \
      --destination "$HVP_SOURCE_ROOT/examples/destination.json" --format markdown >hostile.md &&
    gfm hostile.md >hostile.html &&
    ! grep -q -i "<script\|<img\|<b>\|<a " hostile.html &&
    test "$(grep -o "<input type=\"checkbox\" disabled=\"\" />" hostile.html | wc -l)" \
      -eq "$(tasks hostile.md)" &&
    test "$(grep -c "^<h[1-6]>" hostile.html)" -eq "$(grep -c "^#" hostile.md)" &&
    test "$(grep -c "^<td" hostile.html)" -eq 25 &&
    grep -q "<strong>&lt;script&gt;alert(1)&lt;/script&gt;</strong>" hostile.html &&
    grep -q "<strong>1. pipe|name \*x\* _y_ \[z\](http://e.x)</strong>" hostile.html &&
    grep -q "<code>D:\\\\VMs\\\\\`parent\`.vhdx</code>" hostile.html &&
    test "$(grep -c "<pre" hostile.html)" -eq 1 &&
    grep -q "^&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;$" hostile.html &&
    grep -q "^   IPv4 Address. . . : 192.0.2.10(Preferred)$" hostile.html
  '
else
  test_skip "GitHub renders every task item as a checkbox" "cmark-gfm is not installed"
  test_skip "GitHub renders hostile names as text" "cmark-gfm is not installed"
fi
test_done
