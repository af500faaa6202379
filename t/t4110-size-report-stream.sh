#!/bin/sh
# The size report is written while it is made (issue 14: reports/stream.c, cmd/size.c's
# write_report()), in blocks of 1 MiB, yet the output rules hold: -o FILE is replaced whole or not
# at all, and a write that fails after the first block (a file size limit) leaves FILE as it was,
# no temporary file, and exit 74 with one line naming FILE.  The input, made here (synthetic:
# 8,000 small VMs on one host), sized against examples/catalog.json's 10 models, gives a JSON
# report of about 1.2 MB: more than one block.  The bytes of a streamed report against the same
# report made whole: t/unit/test-stream.c.
. "$HVP_SOURCE_ROOT/t/lib.sh"

awk -v n=8000 'BEGIN {
  printf "{\"schema\": \"hvplan-inventory/1\", \"sources\": [], \"warnings\": [], \"hosts\": "
  printf "[{\"name\": \"big\", \"memory_bytes\": 17179869184, \"logical_processors\": 8, \"vms\": ["
  for (i = 0; i < n; i++)
    printf "%s{\"id\": \"VM-%06d\", \"name\": \"vm%d\", \"vcpus\": 2, \"memory\": {\"dynamic\": " \
           "false, \"startup_bytes\": 1073741824, \"minimum_bytes\": 0, \"maximum_bytes\": 0}}",
           (i ? ", " : ""), i, i
  print "]}]}"
}' >"$HVP_TMP/source.json"
CATALOG=$HVP_SOURCE_ROOT/examples/catalog.json

test_expect "a report of more than one block is whole: each model that fits, each VM, the end" '
  "$HVPLAN" size --quiet --source source.json --catalog "$CATALOG" -f json -o out.json &&
  expect_fixed out.json "#5:\"vm7999\"" "^  \"warnings\": []$" "^}$" &&
  size=$(wc -c <out.json) && [ "$size" -gt 1100000 ] && echo "$size" >size
'

# The limit lets the first block (1 MiB and a host) through and stops the file short of the whole
# report; ulimit -f counts 512-byte blocks in dash and 1024-byte ones in bash: measured first.
test_expect "a write that fails after the first block leaves the old file, no temporary, exit 74" '
  echo old >out.json &&
  ( trap "" XFSZ; ulimit -f 1; head -c 600 /dev/zero >probe ) 2>/dev/null && unit=1024 || unit=512
  read_line size && [ "$line" -gt 1150000 ] &&
  ( trap "" XFSZ; ulimit -f $((1150000 / unit)) &&
    expect_status 74 "$HVPLAN" size --quiet --source source.json --catalog "$CATALOG" -f json \
      -o out.json 2>err ) &&
  read_line err && [ "$line" = "hvplan: cannot write '\''out.json'\'': File too large" ] &&
  read_line out.json && [ "$line" = old ] &&
  set -- out.json.* && [ "$1" = "out.json.*" ]
'

test_expect "text with --color always is made whole and coloured, then written" '
  "$HVPLAN" size --quiet --color always --source source.json --catalog "$CATALOG" -o out.txt &&
  expect_fixed out.txt "#5:, vm7999$" "Recommended: " "$(printf "\033[")"
'

test_done
