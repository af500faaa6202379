#!/bin/sh
# Progress and colour where a person watches (cmd/terminal.c): under script(1) (util-linux), whose
# pseudo-terminal is standard output and standard error, a collection shows "hvplan: reading WHAT:
# DONE/TOTAL" on standard error (HVPLAN_PROGRESS_DELAY=0: at once) and erases it, the text
# reports' verdict words are coloured; in a pipe or a file, with --quiet, --color=never or
# NO_COLOR, nothing of the kind.  The output files are the same either way.
. "$HVP_SOURCE_ROOT/t/lib.sh"

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
