#!/bin/sh
# Merging sources (issue 12, section 5): one rule in hvp_collect() for collect, plan, size and
# diff; a conflict is warned about with the field, both values and both sources, and the order of
# the sources decides nothing; loops closed by the merge and a VM id on two hosts are refused;
# whatever collect writes, collect reads back.  Paths: a relative data root with a relative parent
# name, '..' above a --path-map folder, a FIFO where a disk should be.
. "$HVP_SOURCE_ROOT/t/lib.sh"
m="$HVP_DATA/merge/synthetic"
EX="$HVP_SOURCE_ROOT/examples"
export m EX

test_expect "two sources disagree: collect warns with the field, both values and both sources" '
  "$HVPLAN" collect "$m/small.json" "$m/large.json" -o sl.json 2>err &&
  count_lines err && test "$counted" = 1 &&
  expect_match "^hvplan: warning: .*VM .web01. \(5C2A3E8F-1400-4C1D-9A55-0A1B2C3D4E01\): memory\.startup_bytes is 68719476736 bytes in .[^ ]*/large\.json. but 2147483648 bytes in .[^ ]*/small\.json.; hvplan uses the larger$" err &&
  expect_match "\"startup_bytes\": 68719476736," sl.json
'

# sl.json: the first point's collect of small.json then large.json (the points share $HVP_TMP).
test_expect "the order of the sources decides nothing: collect writes the same bytes" '
  "$HVPLAN" collect -q "$m/large.json" "$m/small.json" -o ls.json &&
  cmp sl.json ls.json
'

test_expect "plan and size merge by the same rule, whatever the order (64 GiB counted)" '
  "$HVPLAN" plan -f json --source "$m/small.json" --source "$m/large.json" \
    --destination "$EX/destination.json" >p1.json 2>e1;
  s1=$? &&
  "$HVPLAN" plan -f json --source "$m/large.json" --source "$m/small.json" \
    --destination "$EX/destination.json" >p2.json 2>e2;
  s2=$? &&
  test "$s1" = "$s2" && test "$s1" -le 1 && cmp p1.json p2.json &&
  expect_match "memory\.startup_bytes is 68719476736 bytes" p1.json &&
  "$HVPLAN" size -f json --source "$m/small.json" --source "$m/large.json" \
    --catalog "$EX/catalog.json" >z1.json 2>/dev/null;
  s1=$? &&
  "$HVPLAN" size -f json --source "$m/large.json" --source "$m/small.json" \
    --catalog "$EX/catalog.json" >z2.json 2>/dev/null;
  s2=$? &&
  test "$s1" = "$s2" && test "$s1" -le 1 && cmp z1.json z2.json &&
  expect_match "\"memory_bytes\": 69281513472," z1.json
'

test_expect "diff reads a side as collect does: the merged side equals the larger source" '
  "$HVPLAN" collect -q "$m/large.json" -o large.json &&
  expect_status 0 "$HVPLAN" diff -q large.json sl.json >out &&
  expect_lines out "Result: equal"
'

test_expect "a differencing chain that loops only after the merge is refused (65)" '
  expect_status 65 "$HVPLAN" collect "$m/loop-a.json" "$m/loop-b.json" -o out.json 2>err &&
  count_lines err && test "$counted" = 1 &&
  expect_lines err "*loop-a.json, *loop-b.json?: host ?HV1?: disks[[][0-9]].parent_path: the differencing chain of ?C:?VMs?[xy].avhdx? loops back on itself" &&
  expect_no_file out.json &&
  expect_status 65 "$HVPLAN" plan --source "$m/loop-b.json" --source "$m/loop-a.json" \
    --destination "$EX/destination.json" 2>err
'

test_expect "one VM id on two hosts is refused (65) by collect, plan and diff alike" '
  expect_status 65 "$HVPLAN" collect "$m/small.json" "$m/other-host.json" -o out.json 2>err &&
  count_lines err && test "$counted" = 1 &&
  expect_lines err "*VM id ?5C2A3E8F-1400-4C1D-9A55-0A1B2C3D4E01? appears twice (hosts ?HV1? and ?HV2?)" &&
  expect_status 65 "$HVPLAN" plan --source "$m/other-host.json" --source "$m/small.json" \
    --destination "$EX/destination.json" 2>err &&
  expect_lines err "*appears twice (hosts ?HV2? and ?HV1?)" &&
  expect_status 65 "$HVPLAN" diff "$HVP_DATA/diff/synthetic/duplicate-vm-id-hosts.json" "$m/small.json" 2>err &&
  expect_lines err "*appears twice*"
'

# Every bundled example and every t/data inventory that collect reads: collect it, collect what it
# wrote, and get the same bytes.
roundtrip () {
  "$HVPLAN" collect -q "$1" -o a.json && "$HVPLAN" collect -q a.json -o b.json && cmp a.json b.json
}
test_expect "whatever collect writes, collect reads back byte for byte (one source of each kind)" '
  for source in "$EX/source-host" "$EX/source-host.json" "test://$HVP_DATA/libvirt/testnode.xml" \
      "$HVP_DATA/diff/synthetic/source.json" "$HVP_DATA"/azman/MS-AZMP_section3_example.xml; do
    roundtrip "$source" || { echo "no round trip: $source"; exit 1; }
  done
'
test_expensive "whatever collect writes, collect reads back byte for byte (examples and t/data)" '
  for source in "$EX/source-host" "$EX/source-host.json" "$EX/destination.json" \
      "$EX/destination-small.json" "test://$EX/libvirt/destination-host.xml" \
      "test://$HVP_DATA/libvirt/testnode.xml" "test://$HVP_DATA/libvirt/testnodeinline.xml" \
      "test://$HVP_DATA/libvirt/synthetic/constructed-hyperv-like-node.xml" \
      "$HVP_DATA"/inventory-json/synthetic/*.json "$HVP_DATA/diff/synthetic/source.json" \
      "$HVP_DATA/diff/synthetic/changed.json" "$HVP_DATA/diff/synthetic/migrated.json" \
      "$HVP_DATA"/powershell/synthetic/*.json "$HVP_DATA"/hyperv-xml/*.XML \
      "$HVP_DATA"/hyperv-xml/synthetic/*.xml "$HVP_DATA"/azman/*.xml \
      "$HVP_DATA"/size/synthetic/cluster.json "$HVP_DATA"/size/synthetic/estate.json \
      "$HVP_DATA"/size/synthetic/monster.json "$m/small.json" "$m/loop-a.json"; do
    roundtrip "$source" || { echo "no round trip: $source"; exit 1; }
  done
'
# The libvirt example's source host has a backing chain (its qcow2 parent is a disk of the host).
test_expect "the libvirt example's inventory reads back" '
  roundtrip "test://$EX/libvirt/source-host.xml"
'

# ---- paths ------------------------------------------------------------------------------------

# A VHD pair made with the hostile corpus' VHD writer (VHD Image Format Specification 1.0), stored
# in $m (its README says how): a differencing child whose parent is named by its bare relative
# name (relative-root); and a VM whose disk path climbs with .. (climb-root).  Read where they are,
# from $m, as relative folders.
# in_merge_data ARGS...: hvplan ARGS in $m.
in_merge_data () {
  (cd "$m" && exec "$HVPLAN" "$@")
}

test_expect "a relative data root with a relatively named parent loads (no GLib critical)" '
  G_DEBUG=fatal-criticals in_merge_data collect relative-root -o "$HVP_TMP/out.json" 2>err &&
  expect_no_line err "*CRITICAL*" &&
  expect_match "\"parent_path\": \"D:.*base\.vhd\"" out.json
'

test_expect "a path whose .. climbs above its --path-map folder is refused with our message (65)" '
  mkdir copy &&
  expect_status 65 in_merge_data collect --path-map "D:\\Hyper-V=$HVP_TMP/copy" climb-root \
    -o "$HVP_TMP/climb.json" 2>err &&
  count_lines err && test "$counted" = 1 &&
  expect_lines err "*secret.vhd?: ?..? climbs above the --path-map folder ?D:?Hyper-V?*" &&
  expect_no_line err "*[Ll][Ii][Bb][Vv][Hh][Dd][Ii]*" && expect_no_file climb.json
'

# A FIFO is never opened (that would wait for a writer): a disk is a warning and left unread, a
# parent an error (the chain cannot be followed).
test_expect "a FIFO where a disk should be is not a regular file, not missing" '
  mkdir -p "f/Virtual Machines" "f/Virtual Hard Disks" &&
  mkfifo "f/Virtual Hard Disks/disk.vhd" &&
  cp "$HVP_SOURCE_ROOT/t/data/hostile/hyperv-xml/memory-space.xml" "f/Virtual Machines/A.xml" &&
  expect_status 0 timeout 20 "$HVPLAN" collect f -o fifo.json 2>err &&
  count_lines err && test "$counted" = 1 &&
  expect_lines err "hvplan: warning: *disk.vhd* is not a regular file here *: not read, sizes unknown" &&
  expect_no_line err "*not found*" &&
  rm "f/Virtual Hard Disks/disk.vhd" && mkdir -p "g/Virtual Hard Disks" &&
  mv "f/Virtual Machines" g/ && cp "$m/relative-root/Virtual Hard Disks/child.vhd" "g/Virtual Hard Disks/disk.vhd" &&
  mkfifo "g/Virtual Hard Disks/base.vhd" &&
  expect_status 65 timeout 20 "$HVPLAN" collect g -o fifo2.json 2>err &&
  expect_lines err "*parent ?base.vhd? of differencing disk *: *base.vhd? is not a regular file"
'

test_done
