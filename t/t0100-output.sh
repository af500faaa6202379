#!/bin/sh
# -o FILE behaves as the shell's `>` would, minus the torn file (issue 12, section 3): a symbolic
# link is followed and its target replaced beside the target, the link kept; devices, FIFOs and
# paths in /dev or /proc are written in place, never renamed over; an existing file keeps its mode
# (and owner, as root); a new one gets 0666 & ~umask; -o naming one of the command's own inputs is
# refused with 64 before anything is read.
#
# The cases that name /dev or /proc run as the user nobody (setpriv) when the test runs as root,
# so that a regression cannot replace /dev/stdout or /dev/null on this machine; the debug line
# "writing '...' in place" shows the path was resolved before anything was written.
. "$HVP_SOURCE_ROOT/t/lib.sh"
: "${HVP_DATA:?}"

IN="$HVP_DATA/inventory-json/synthetic/destination.json"
DEST="$HVP_DATA/inventory-json/synthetic/destination.json"
"$HVPLAN" collect "$IN" >"$HVP_TMP/expected.json" || echo "Bail out! hvplan collect failed"
chmod 711 "$HVP_TMP"
uid=$(id -u)

# unprivileged COMMAND...: COMMAND as nobody when this test runs as root, else as it is.  As root,
# the cases need nobody to reach hvplan and its input (a build in a private folder, as
# dpkg-buildpackage's copy in a 0700 temporary folder, does not let it): else they are skipped.
if [ "$uid" = 0 ] && command -v setpriv >/dev/null 2>&1; then
  unprivileged () { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
  unprivileged_ok=1
  unprivileged "$HVPLAN" --version >/dev/null 2>&1 && unprivileged test -r "$IN" || unprivileged_ok=0
elif [ "$uid" = 0 ]; then
  unprivileged_ok=0
else
  unprivileged () { "$@"; }
  unprivileged_ok=1
fi

# no_leftovers DIR...: nothing but the files the test made: no "FILE.XXXXXX" temporary file
# (a name ending in a dot and six letters or digits, hidden or not; a glob, no process).
no_leftovers () {
  for dir in "$@"; do
    for left in "$dir"/* "$dir"/.*; do
      case ${left##*/} in
        *.[A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9])
          echo "${left##*/}"; echo "a temporary file is left in $dir"; return 1 ;;
      esac
    done
  done
}

# one_line FILE TEXT: FILE holds exactly the line TEXT (as test "$(cat FILE)" = TEXT, no process).
one_line () {
  { IFS= read -r first && ! IFS= read -r second && [ -z "$second" ]; } < "$1" &&
    [ "$first" = "$2" ] || { echo "$1 is not the one line '$2'"; return 1; }
}

test_expect "a symbolic link: its target is written, the link stays a link" '
  echo old >target.json && ln -s target.json link.json &&
  expect_status 0 "$HVPLAN" collect "$IN" -o link.json &&
  test -L link.json && test "$(readlink link.json)" = target.json &&
  test ! -L target.json && cmp expected.json target.json && no_leftovers .
'

test_expect "a chain of relative links into another folder: the target is replaced in its folder" '
  mkdir -p a b c && echo old >c/out.json && ln -s ../c/out.json b/second && ln -s ../b/second a/first &&
  expect_status 0 "$HVPLAN" collect "$IN" -o a/first &&
  test -L a/first && test -L b/second && test "$(readlink b/second)" = ../c/out.json &&
  cmp expected.json c/out.json && no_leftovers a b c
'

test_expect "a dangling link: its target is created, as > creates it" '
  ln -s made.json dangling.json &&
  expect_status 0 "$HVPLAN" collect "$IN" -o dangling.json &&
  test -L dangling.json && cmp expected.json made.json
'

test_expect "a link loop: exit 74, a message naming the file" '
  ln -s loop2 loop1 && ln -s loop1 loop2 &&
  expect_status 74 "$HVPLAN" collect "$IN" -o loop1 2>err &&
  expect_lines err "hvplan: cannot write ?loop1?: Too many levels of symbolic links" &&
  test -L loop1 && test -L loop2
'

test_expect "an existing file keeps its mode: 0600 stays 0600, 0640 stays 0640 (umask 022)" '
  echo old >m600 && chmod 600 m600 && echo old >m640 && chmod 640 m640 &&
  (umask 022 && "$HVPLAN" collect "$IN" -o m600 && "$HVPLAN" collect "$IN" -o m640) &&
  test "$(stat -c %a m600 m640)" = "600
640" &&
  cmp expected.json m600 && cmp expected.json m640
'

test_expect "an existing file keeps its mode under umask 077 too, and through a link" '
  echo old >m644 && chmod 644 m644 && ln -s m644 m644.link &&
  (umask 077 && "$HVPLAN" collect "$IN" -o m644.link) &&
  test "$(stat -c %a m644)" = 644 && cmp expected.json m644
'

if [ "$uid" = 0 ]; then
  test_expect "as root, an existing file keeps its owner and group" '
    echo old >owned && chown 65534:65534 owned && chmod 640 owned &&
    expect_status 0 "$HVPLAN" collect "$IN" -o owned &&
    test "$(stat -c %u:%g:%a owned)" = 65534:65534:640 && cmp expected.json owned
  '
else
  test_skip "as root, an existing file keeps its owner and group" "not root"
fi

test_expect "a new file is created 0666 & ~umask: 644 under 022, 600 under 077, 664 under 002" '
  (umask 022 && "$HVPLAN" collect "$IN" -o new022) &&
  (umask 077 && "$HVPLAN" collect "$IN" -o new077) &&
  (umask 002 && "$HVPLAN" collect "$IN" -o new002) &&
  test "$(stat -c %a new022 new077 new002)" = "644
600
664" && cmp expected.json new077
'

if [ "$unprivileged_ok" = 1 ]; then
  test_expect "a file the writer may not write is refused as > refuses it (exit 74), unchanged" '
    mkdir -p open && chmod 777 open && echo old >open/readonly && chmod 444 open/readonly &&
    chown 65534 open/readonly 2>/dev/null; chmod 444 open/readonly &&
    expect_status 74 unprivileged "$HVPLAN" collect "$IN" -o open/readonly 2>err &&
    expect_lines err "hvplan: cannot write ?open/readonly?: Permission denied" &&
    one_line open/readonly old && no_leftovers open
  '
else
  test_skip "a file the writer may not write is refused as > refuses it" \
    "root without setpriv, or nobody cannot run hvplan here"
fi

test_expect "a FIFO behind a link is written in place: it stays a FIFO, the reader gets the output" '
  mkfifo fifo && ln -s fifo fifo.link &&
  { cat fifo >from-fifo & reader=$!; } &&
  expect_status 0 "$HVPLAN" collect "$IN" -o fifo.link &&
  wait "$reader" && test -p fifo && test -L fifo.link && cmp expected.json from-fifo
'

if [ "$unprivileged_ok" = 1 ]; then
  test_expect "a link to /dev/null: written in place (the debug line says so), both left as they were" '
    ln -s /dev/null devnull.link &&
    G_MESSAGES_DEBUG=hvplan unprivileged "$HVPLAN" collect "$IN" -o devnull.link >debug &&
    expect_lines debug "*writing ?devnull.link? in place*" &&
    test -L devnull.link && test -c /dev/null &&
    G_MESSAGES_DEBUG=hvplan expect_status 0 "$HVPLAN" collect "$IN" -o devnull.link >debug &&
    expect_lines debug "*writing ?devnull.link? in place*" &&
    test -L devnull.link && test -c /dev/null && test "$(readlink devnull.link)" = /dev/null
  '
  # Reopening standard output truncates it, as `>` does: the debug line (on standard output) is
  # checked with /dev/stderr and /proc/self/fd/2.  The files are 0666 for nobody to reopen.
  test_expect "-o /dev/stdout: written in place to standard output, /dev/stdout still a link" '
    : >stdout.txt && chmod 666 stdout.txt &&
    expect_status 0 unprivileged "$HVPLAN" collect "$IN" -o /dev/stdout >stdout.txt &&
    cmp expected.json stdout.txt && test -L /dev/stdout
  '
  test_expect "-o /dev/stderr and -o /proc/self/fd/2: in place (the debug line says so)" '
    : >stderr.txt && : >fd.txt && chmod 666 stderr.txt fd.txt &&
    G_MESSAGES_DEBUG=hvplan unprivileged "$HVPLAN" collect "$IN" -o /dev/stderr >debug 2>stderr.txt &&
    expect_lines debug "*writing ?/dev/stderr? in place*" &&
    cmp expected.json stderr.txt && test -L /dev/stderr &&
    G_MESSAGES_DEBUG=hvplan unprivileged "$HVPLAN" collect "$IN" -o /proc/self/fd/2 >debug 2>fd.txt &&
    expect_lines debug "*writing ?/proc/self/fd/2? in place*" &&
    cmp expected.json fd.txt
  '
else
  test_skip "a link to /dev/null: written in place" \
    "root without setpriv, or nobody cannot run hvplan here: could replace /dev/null"
  test_skip "-o /dev/stdout" \
    "root without setpriv, or nobody cannot run hvplan here: could replace /dev/stdout"
  test_skip "-o /dev/stderr and -o /proc/self/fd/2" \
    "root without setpriv, or nobody cannot run hvplan here: could replace /dev/stderr"
fi

test_expect "a folder that does not exist: exit 74, a message naming the file" '
  expect_status 74 "$HVPLAN" collect "$IN" -o missing/out.json 2>err &&
  expect_lines err "hvplan: cannot write ?missing/out.json?: No such file or directory"
'

# expect_refused PATTERN COMMAND...: exit 64, the message (a shell pattern, as expect_lines').
# The point then checks once that input.json is unchanged (still the copy of $IN): a command
# that wrote into it leaves it changed, as the later ones are refused before writing anything.
expect_refused () {
  pattern=$1
  shift
  expect_status 64 "$@" 2>err &&
  expect_lines err "$pattern"
}

test_expect "-o naming an input is refused with 64 before anything is read: collect, plan, size, diff" '
  cp "$IN" input.json && ln -s input.json input.link &&
  cp "$HVP_SOURCE_ROOT/examples/catalog.json" catalog.json &&
  expect_refused "hvplan: --output ?input.json? is the input SOURCE ?input.json?: write the output to another file" \
    "$HVPLAN" collect "$DEST" input.json -o input.json &&
  expect_refused "hvplan: --output ?input.json? is the input --source ?input.json?*" \
    "$HVPLAN" plan --source input.json --destination "$DEST" -o input.json &&
  expect_refused "hvplan: --output ?input.link? is the input --destination ?input.json?*" \
    "$HVPLAN" plan --source "$DEST" --destination input.json -o input.link &&
  expect_refused "hvplan: --output ?input.json? is the input --source ?input.link?*" \
    "$HVPLAN" size --source input.link --catalog catalog.json -o input.json &&
  expect_refused "hvplan: --output ?input.json? is the input --destination ?input.json?*" \
    "$HVPLAN" size --source "$DEST" --destination input.json -o input.json &&
  expect_refused "hvplan: --output ?input.json? is the input OLD ?input.json?*" \
    "$HVPLAN" diff input.json input.json -o input.json &&
  expect_refused "hvplan: --output ?input.json? is the input NEW ?input.json?*" \
    "$HVPLAN" diff "$DEST" input.json -o input.json &&
  cmp "$IN" input.json && no_leftovers .
'

test_expect "-o naming the node file of a test:/// source is refused with 64, the node file unchanged" '
  node="$HVP_SOURCE_ROOT/examples/libvirt/source-host.xml" && cp "$node" node.xml &&
  expect_status 64 "$HVPLAN" collect "test://$PWD/node.xml" -o node.xml 2>err &&
  expect_lines err "hvplan: --output ?node.xml? is the input SOURCE ?test://*/node.xml?: *" &&
  cmp "$node" node.xml &&
  expect_status 64 "$HVPLAN" collect "test://admin:S3cretPW@$PWD/node.xml?password=S3cretPW" \
    -o node.xml 2>err &&
  expect_no_line err "*S3cret*" &&
  expect_lines err "*is the input SOURCE ?test://admin@/*/node.xml?: *"
'

test_expect "size --catalog c -o c is refused with 64, the catalog unchanged" '
  catalog="$HVP_SOURCE_ROOT/examples/catalog.json" && cp "$catalog" cat.json &&
  expect_status 64 "$HVPLAN" size --source "$DEST" --catalog cat.json -o cat.json 2>err &&
  expect_lines err "hvplan: --output ?cat.json? is the input --catalog ?cat.json?*" &&
  cmp "$catalog" cat.json
'

test_expect "a refused output is not read first: an input that is a FIFO with no writer does not block" '
  mkfifo in.fifo && cp "$IN" out.json &&
  expect_status 64 timeout 10 "$HVPLAN" diff out.json in.fifo -o out.json 2>err &&
  expect_lines err "*is the input OLD ?out.json?*"
'

test_done
