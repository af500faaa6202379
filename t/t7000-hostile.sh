#!/bin/sh
# Hostile inputs (t/data/hostile/, MANIFEST.tsv): every case gives its documented exit status and
# one line naming the file on standard error, within 20 s, without a crash, without reading a file
# an entity names, and without leaving the -o file behind when it fails.  See
# t/data/hostile/README.md for how each file was made.
#
# The whole corpus is expensive (t/lib.sh): by default one case or two of each class below run, and
# the others are TAP skips; HVP_TEST_EXPENSIVE=1 runs every case.
. "$HVP_SOURCE_ROOT/t/lib.sh"

hostile="$HVP_SOURCE_ROOT/t/data/hostile"
run="$HVP_TMP/run"
canary="HVPLAN-CANARY-$$-must-not-appear"

# The default subset: file, then the class of hostility it stands for.
default_cases='
hyperv-xml/truncated-utf16-real.xml          truncated input
hyperv-xml/invalid-utf8.xml                  bad encoding
hyperv-xml/bom-utf16le-declares-utf8.xml     encoding declarations that disagree
libvirt/xxe-relative-node.xml                external entities (and the strace point below)
hyperv-xml/billion-laughs.xml                entity expansion
inventory-json/deep-unclosed.json            deep nesting
vhd/size-near-2-64-dynamic.vhd               numbers out of range
hyperv-xml/missing-memory.xml                missing elements
inventory-json/duplicate-key.json            duplicate keys and records
hyperv-xml/pathname-etc-passwd.xml           disk paths naming system files
run/chain-loop-3/disk0.vhd                   loops between records
vhd/wrong-dynamic-cookie.vhd                 corrupt structures
run/over-256mib.json                         the input size limit
inventory-json/limit-negative.json           bad options
libvirt/fuzz-oom-disk-target.xml             counts that make libvirt allocate
server-facts/huge-numbers.json               server facts out of range (checklist)
vmcx/parent-loop.vmcx                        loops between parent references of a binary file
vmcx/file-object-over-headers.vmcx           binary objects pointing where they must not
'
default_files=" $(echo "$default_cases" | while read -r file _class; do printf '%s ' "$file"; done)"
is_default_case () {
  case $default_files in *" $1 "*) return 0 ;; esac
  return 1
}

# The files too big or too many to store: all of them for the expensive run, else the small ones,
# which the build made (t/meson.build: t/hostile-runtime, generate.py --runtime --quick).
runtime_quick=--quick
if test_have_expensive; then runtime_quick=; fi
have_runtime=true
if [ -n "$runtime_quick" ] && [ -f "${HVP_BUILD_ROOT:-/nonexistent}/t/hostile-runtime.stamp" ]; then
  run="$HVP_BUILD_ROOT/t/hostile-runtime"
# shellcheck disable=SC2086
elif ! command -v python3 >/dev/null 2>&1 || ! command -v qemu-img >/dev/null 2>&1 \
   || ! python3 "$hostile/generate.py" --runtime "$run" $runtime_quick \
          >"$HVP_TMP/generate.log" 2>&1; then
  have_runtime=false
fi

# vm_root DIR DISK: a Hyper-V data root in DIR whose one VM attaches DISK (copied into its
# 'Virtual Hard Disks' folder with the folder beside it, for differencing parents).
vm_root () {
  mkdir -p "$1/Virtual Machines" "$1/Virtual Hard Disks" &&
  cp -R "${2%/*}/." "$1/Virtual Hard Disks/" &&
  cat > "$1/Virtual Machines/5B0C1E2A-7D3F-4A10-9C21-0123456789AB.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<configuration>
 <properties><global_id type="string">5B0C1E2A-7D3F-4A10-9C21-0123456789AB</global_id>
  <name type="string">hostile</name><subtype type="integer">0</subtype></properties>
 <settings><memory><bank><dynamic_memory_enabled type="bool">False</dynamic_memory_enabled>
  <size type="integer">1024</size></bank></memory><processors><count type="integer">1</count>
  </processors></settings>
 <_83f8638b-8dca-4152-9eda-2ca8b33039b4_><controller0><drive0>
  <pathname type="string">D:\\Hyper-V\\Virtual Hard Disks\\${2##*/}</pathname>
  <type type="string">VHD</type></drive0></controller0></_83f8638b-8dca-4152-9eda-2ca8b33039b4_>
</configuration>
XML
}

# replace_all TEXT TOKEN VALUE: TEXT with every TOKEN replaced by VALUE, in $replaced (no
# process: the corpus runs hundreds of cases).
replace_all () {
  replaced= rest=$1
  while :; do
    case $rest in
      *"$2"*) replaced=$replaced${rest%%"$2"*}$3; rest=${rest#*"$2"} ;;
      *) replaced=$replaced$rest; return 0 ;;
    esac
  done
}

# check_case N FILE ARGS STATUS REGEX: runs one manifest line in its own folder.  The checks read
# the short stderr with the shell's own `read` and start as few processes as they can: hvplan
# (under timeout), the copy, one grep for what must never appear (when there is output) and one
# for REGEX; the folders are made beforehand by one mkdir.
check_case () {
  dir="$HVP_TMP/case-$1"
  [ -d "$dir/in" ] || mkdir -p "$dir/in" || return 1
  case $2 in
    run/*) source_path="$run/${2#run/}" ;;
    *) source_path="$hostile/$2" ;;
  esac
  name=${2##*/}
  # Differencing chains and data roots are folders: copy the folder that holds the file.
  case $2 in
    run/chain-*) folder=${source_path%/*}
                 cp -R "$folder" "$dir/in/" && file="$dir/in/${folder##*/}/$name" ;;
    *) cp -R "$source_path" "$dir/in/" && file="$dir/in/$name" ;;
  esac || return 1
  echo "$canary" > "${file%/*}/secret.txt"
  out="$dir/out.json"
  replace_all "$3" @OUT@ "$out"; replace_all "$replaced" @URI@ "test://$file"
  replace_all "$replaced" @FILE@ "$file"; replace_all "$replaced" @ROOT@ "$dir/root"
  args=$replaced
  case $3 in *@ROOT@*) vm_root "$dir/root" "$file" || return 1 ;; esac
  # The point's own subshell (test_expect) runs in the case's folder: no subshell more a case.
  cd "$dir" || return 1
  # shellcheck disable=SC2086
  timeout 20 "$HVPLAN" $args >"$dir/stdout" 2>"$dir/stderr"
  status=$?
  echo "status $status; stderr:"
  lines=0 named=false reported=false
  while IFS= read -r line || [ -n "$line" ]; do
    echo "$line"
    lines=$((lines + 1))
    case $line in "hvplan: "*"$name"*) named=true ;; esac
    case $line in
      *"$canary"*|*AddressSanitizer*|*"runtime error:"*|*CRITICAL*|*assertion*) reported=true ;;
    esac
  done < "$dir/stderr"
  if [ "$status" -eq 124 ]; then echo "timed out (20 s)"; return 1; fi
  if [ "$status" -ge 128 ]; then echo "killed by signal $((status - 128))"; return 1; fi
  [ "$status" -eq "$4" ] || { echo "expected exit status $4"; return 1; }
  # Empty or absent outputs need no grep (a failing case writes neither).
  if $reported || { { [ -s "$dir/stdout" ] || [ -s "$out" ]; } &&
                    grep -qF "$canary" "$dir/stdout" "$out" 2>/dev/null; }; then
    echo "the content of secret.txt, or a sanitizer or GLib report, reached the output"; return 1
  fi
  if [ "$status" -ne 0 ]; then
    [ "$lines" -eq 1 ] || { echo "expected one line on stderr, got $lines"; return 1; }
    # The file at fault is named: the case's own file, or the one the regex names (a disk the
    # case's configuration attaches, a parent its disk records).
    $named || [ -n "$5" ] || { echo "the message does not name '$name'"; return 1; }
    case $3 in *@OUT@*) expect_no_file "$out" || return 1 ;; esac
  else
    case $3 in *@OUT@*) [ -s "$out" ] || { echo "no output file"; return 1; } ;; esac
  fi
  if [ -n "$5" ]; then
    grep -Eq -- "$5" "$dir/stderr" || { echo "stderr does not match: $5"; return 1; }
  fi
  for left in "$dir"/* "$dir"/.*; do
    case ${left##*/} in
      in|root|out.json|stdout|stderr|.|..|'*'|'.*') ;;
      *) echo "files left behind in $dir: ${left##*/}"; return 1 ;;
    esac
  done
  return 0
}


# MANIFEST.tsv, read once: dash's `read` takes a system call a byte (26,000 a pass over the
# manifest), so its lines are split by the shell instead.
manifest=$(cat "$hostile/MANIFEST.tsv")
nl='
'
tab=$(printf '\t')
# each_case FUNCTION: FUNCTION N FILE ARGS STATUS REGEX for each case of the manifest, in order
# (N counts the cases from 1; the fields are tab-separated, as `IFS=TAB read` splits them).
each_case () {
  ec_function=$1 ec_n=0 ec_ifs=$IFS
  set -f
  IFS=$nl
  for ec_line in $manifest; do
    case $ec_line in '#'*) continue ;; esac
    ec_n=$((ec_n + 1))
    IFS=$tab
    # shellcheck disable=SC2086
    set -- $ec_line
    IFS=$ec_ifs
    set +f
    "$ec_function" "$ec_n" "${1-}" "${2-}" "${3-}" "${4-}"
    set -f
  done
  IFS=$ec_ifs
  set +f
}

manifest_files=" "
add_manifest_file () { manifest_files="$manifest_files$2 "; }
each_case add_manifest_file
test_expect "every case of the default subset is in MANIFEST.tsv" '
  for file in $default_files; do
    case $manifest_files in *" $file "*) ;; *) echo "not in MANIFEST.tsv: $file"; exit 1 ;; esac
  done
'

# The folders of the cases that run, made by one mkdir before the points (case-N/in).
case_dirs=
add_case_dir () {
  if test_have_expensive || is_default_case "$2"; then case_dirs="$case_dirs$nl$HVP_TMP/case-$1/in"; fi
}
each_case add_case_dir
if [ -n "$case_dirs" ]; then
  set -f; default_ifs=$IFS; IFS=$nl
  # shellcheck disable=SC2086
  mkdir -p $case_dirs
  IFS=$default_ifs; set +f
fi

# run_case N FILE ARGS STATUS REGEX: the point of one case (a skip when it is not in this run).
run_case () {
  if ! test_have_expensive && ! is_default_case "$2"; then
    test_skip "$2: $3 → $4" "$test_expensive_reason"
    return
  fi
  case $2 in
    run/*)
      if ! $have_runtime; then
        test_skip "$2: $3 → $4" "python3 or qemu-img missing, or generate.py --runtime failed"
        return
      fi ;;
  esac
  c_n=$1 c_file=$2 c_args=$3 c_status=$4 c_regex=$5
  test_expect "$2: $3 → $4" 'check_case "$c_n" "$c_file" "$c_args" "$c_status" "$c_regex"'
}
each_case run_case

# ---- cases made here: file-system hostility ----------------------------------------------------

# A valid VM (memory-space.xml: 1024 MB written " 1024 ", 2 vCPUs); count-zero.xml is refused now.
vm_xml="$HVP_SOURCE_ROOT/t/data/hostile/hyperv-xml/memory-space.xml"

# Each point below works in a folder of its own (all made by one mkdir).
mkdir "$HVP_TMP/fs-1" "$HVP_TMP/fs-2" "$HVP_TMP/fs-3" "$HVP_TMP/fs-4" "$HVP_TMP/fs-5" \
  "$HVP_TMP/fs-6" "$HVP_TMP/fs-7" "$HVP_TMP/fs-8" "$HVP_TMP/fs-9" "$HVP_TMP/fs-10"
fs_case () {
  cd "$HVP_TMP/fs-$1"
}

test_expect "a FIFO given as a source is refused at once (66), not waited on" '
  fs_case 1 &&
  mkfifo fifo.xml &&
  expect_status 66 timeout 20 "$HVPLAN" collect fifo.xml -o out.json 2>err &&
  expect_line "hvplan: cannot read *fifo.xml*: not a regular file*" err &&
  expect_no_file out.json
'

test_expect "a FIFO in place of a VM file of a data root is refused (66)" '
  fs_case 2 &&
  mkdir -p fr/"Virtual Machines" && mkfifo "fr/Virtual Machines/A.xml" &&
  expect_status 66 timeout 20 "$HVPLAN" collect fr -o out.json 2>err &&
  expect_line "hvplan: cannot read *A.xml*: not a regular file*" err &&
  expect_no_file out.json
'

test_expect "a FIFO as a test:// node file is refused (66)" '
  fs_case 3 &&
  mkfifo node.xml &&
  expect_status 66 timeout 20 "$HVPLAN" collect "test://$PWD/node.xml" -o out.json 2>err &&
  expect_line "hvplan: cannot connect to *node.xml*not a regular file*" err &&
  expect_no_file out.json
'

test_expect "a device given as a source is refused (66)" '
  fs_case 4 &&
  expect_status 66 timeout 20 "$HVPLAN" collect /dev/zero -o out.json 2>err &&
  expect_line "hvplan: cannot read */dev/zero*not a regular file*" err
'

test_expect "a symbolic link loop as a VM file of a data root is refused (66)" '
  fs_case 5 &&
  mkdir -p sl/"Virtual Machines" && ln -s loop.xml "sl/Virtual Machines/loop.xml" &&
  expect_status 66 timeout 20 "$HVPLAN" collect sl -o out.json 2>err &&
  expect_one_line "hvplan: cannot open *loop.xml*symbolic links*" err && expect_no_file out.json
'

# The loop is not followed: the data root is collected (exit 0) with its one VM, once; its disk,
# behind the dangling "Virtual Hard Disks" link, is the one warning.
test_expect "a folder that links to itself inside a data root ends (Snapshots -> .): exit 0, one VM" '
  fs_case 6 &&
  mkdir -p sd/"Virtual Machines" && cp "$vm_xml" "sd/Virtual Machines/A.xml" &&
  ln -s . "sd/Snapshots" && ln -s "../Virtual Hard Disks" "sd/Virtual Hard Disks" &&
  expect_status 0 timeout 20 "$HVPLAN" collect sd -o out.json 2>err &&
  expect_fixed out.json "#1:\"id\": \"5B0C1E2A-7D3F-4A10-9C21-0123456789AB\"" "\"name\": \"hostile\"" &&
  expect_one_line "hvplan: warning: *disk.vhd* not found on this machine*" err
'

test_expect "a data root given as a symbolic link loop is refused (66)" '
  fs_case 7 &&
  ln -s self self &&
  expect_status 66 timeout 20 "$HVPLAN" collect self -o out.json 2>err &&
  expect_line "hvplan: cannot open *self*" err && expect_no_file out.json
'

if [ "$(id -u)" -eq 0 ]; then
  reason="running as root, who reads a file of mode 000 anyway"
  reason="$reason (the FIFO and link-loop points cover unreadable inputs)"
  test_skip "an unreadable VM file (chmod 000) is refused (66)" "$reason"
else
  test_expect "an unreadable VM file (chmod 000) is refused (66)" '
    fs_case 8 &&
    mkdir -p ur/"Virtual Machines" && cp "$vm_xml" "ur/Virtual Machines/A.xml" &&
    chmod 000 "ur/Virtual Machines/A.xml" &&
    expect_status 66 timeout 20 "$HVPLAN" collect ur -o out.json 2>err &&
    expect_match "^hvplan: cannot (open|read) .*A\.xml" err && expect_no_file out.json;
    status=$?; chmod 600 "ur/Virtual Machines/A.xml"; exit $status
  '
fi

test_expect "-o naming a FIFO writes into the FIFO and leaves it a FIFO (not renamed over)" '
  fs_case 9 && mkfifo out.fifo &&
  { timeout 20 cat out.fifo > received.json & } &&
  timeout 20 "$HVPLAN" collect "$HVP_DATA/inventory-json/synthetic/destination.json" -o out.fifo &&
  wait && test -p out.fifo && expect_match "hvplan-inventory/1" received.json
'

if command -v strace >/dev/null 2>&1; then
  test_expect "external entities: no file named by an entity is opened, no socket is connected" '
    fs_case 10 && mkdir -p xe &&
    cp "$hostile/hyperv-xml/xxe-relative-file.xml" "$hostile/hyperv-xml/xxe-network.xml" \
      "$hostile/hyperv-xml/external-dtd.xml" "$hostile/hyperv-xml/parameter-entity.xml" xe/ &&
    echo "$canary" > xe/secret.txt &&
    strace -f --seccomp-bpf -e trace=open,openat,connect,execve -o trace.log sh -c '\''
      for f in xe/*.xml; do "$0" collect "$f" >/dev/null 2>&1; done; exit 0'\'' "$HVPLAN" &&
    if grep -E "secret\.txt|passwd|connect\(.*AF_INET" trace.log; then exit 1; fi &&
    expect_fixed trace.log "#4:execve(\"$HVPLAN\""
  '
else
  test_skip "external entities: no file named by an entity is opened, no socket is connected" \
    "strace is not installed (the canary check of every case still runs)"
fi

test_done
