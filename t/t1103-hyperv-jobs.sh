#!/bin/sh
# Issue 14: `hvplan collect --jobs N` parses a Hyper-V data root's configuration files on N
# threads and takes them in name order: --jobs 1 and --jobs 4 write byte-identical inventories
# (VMs, snapshots, warnings in the same order) and stop on the same first error.  The root is
# examples/source-host with 12 more VMs (UTF-8 copies of one of its configurations with their own
# id and name) and 3 snapshot files (copies of a VM configuration, attached by their logical id).
. "$HVP_SOURCE_ROOT/t/lib.sh"

EX="$HVP_SOURCE_ROOT/examples/source-host"
cd "$HVP_TMP"
TEMPLATE="$EX/Virtual Machines/3B2E4C9A-AD5F-4E73-9081-4C6D8EAF2033.xml"
SNAPSHOT_OF="$EX/Virtual Machines/2A1D3B8F-9C4E-4D62-8F70-3B5C7D9E1F22.xml"
rm -rf root bad && cp -R "$EX" root
mkdir -p root/Snapshots
# The template in UTF-8 without its byte order mark, copied by one awk: in copy I every
# ...2033 id becomes ...20I, the first >WEB01< of a line >copyI<.
iconv -f UTF-16LE -t UTF-8 "$TEMPLATE" | awk '
  NR == 1 { sub(/^\357\273\277/, "") }
  { for (i = 10; i <= 21; i++) {
      line = $0
      gsub(/3B2E4C9A-AD5F-4E73-9081-4C6D8EAF2033/, "3B2E4C9A-AD5F-4E73-9081-4C6D8EAF20" i, line)
      sub(/>WEB01</, ">copy" i "<", line)
      print line > ("root/Virtual Machines/3B2E4C9A-AD5F-4E73-9081-4C6D8EAF20" i ".xml")
    } }'
for i in 1 2 3; do
  cp "$SNAPSHOT_OF" "root/Snapshots/7E0A1B2C-3D4E-4F50-8A6B-7C8D9E0F1A2$i.xml"
done
cp -R root bad
printf '<configuration><properties><name>' >"bad/Virtual Machines/3B2E4C9A-AD5F-4E73-9081-4C6D8EAF2012.xml"
printf '<configuration/>' >"bad/Virtual Machines/3B2E4C9A-AD5F-4E73-9081-4C6D8EAF2018.xml"

test_expect "--jobs 1 and --jobs 4: byte-identical inventories of 16 VMs, 3 snapshots, warnings" '
  expect_status 0 "$HVPLAN" collect -q --jobs 1 -o one.json root &&
  expect_status 0 "$HVPLAN" collect -q --jobs 4 -o four.json root &&
  cmp one.json four.json &&
  expect_matches one.json "#16:\"config_path\": \".*/Virtual Machines/" \
    "#3:\"id\": \"7E0A1B2C-3D4E-4F50-8A6B-7C8D9E0F1A2" "\"name\": \"copy21\"" \
    "parent snapshot is not recorded in a known element"
'
test_expect "the same first error, in name order, whatever the number of threads" '
  expect_status 65 "$HVPLAN" collect -q --jobs 1 -o bad1.json bad 2>err1 &&
  expect_status 65 "$HVPLAN" collect -q --jobs 4 -o bad4.json bad 2>err4 &&
  cmp err1 err4 &&
  expect_one_line "hvplan: cannot parse ?bad/Virtual Machines/3B2E4C9A-AD5F-4E73-9081-4C6D8EAF2012.xml?: line 1: *" err1 &&
  expect_no_file bad1.json && expect_no_file bad4.json
'
test_expect "--jobs 0 is a usage error" '
  expect_status 64 "$HVPLAN" collect --jobs 0 root 2>err &&
  expect_line "*--jobs must be 1 to 1024*" err
'
test_done
