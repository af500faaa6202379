#!/bin/sh
# Compatibility (issue 13) in hvplan size: a catalog model whose `os` cannot run a VM is refused,
# naming each VM, as a model too small is.  t/data/compatibility/synthetic/catalog-os.json holds
# one server model twice, on Windows Server 2019 and (one unit cheaper) on 2025; the bundled
# example's VMs are all configuration version 5.0, which 2025 does not run (Microsoft's supported
# configuration versions table).
. "$HVP_SOURCE_ROOT/t/lib.sh"

EX="$HVP_SOURCE_ROOT/examples"
CATALOG="$HVP_DATA/compatibility/synthetic/catalog-os.json"
size () {
  "$HVPLAN" size --quiet --source "$EX/source-host" --source "$EX/source-host.json" "$@"
}

test_expect "the 2025 model is refused for each VM, the dearer 2019 model is the best (exit 0)" '
  expect_status 0 size --catalog "$CATALOG" >out.txt &&
  expect_matches out.txt \
    "^R720 on Windows Server 2019 .* BEST$" \
    "^R720 on Windows Server 2025 .* NO$" \
    "^Model .R720 on Windows Server 2025.: does not fit \(its os cannot run every VM\)$" &&
  test "$(grep -c "^  FAIL compatibility  [A-Z0-9]*: configuration version 5.0 does not run on Windows Server 2025, the os of .R720 on Windows Server 2025." out.txt)" = 4 &&
  expect_match "^  FAIL compatibility  SQL01: " out.txt
'
test_expect "a catalog of the 2025 model only: nothing fits (exit 1), JSON names the VMs" '
  sed "/\"name\": \"R720 on Windows Server 2019\"/s/2019/2025 again/; s/\"os\": \"Windows Server 2019 Datacenter\"/\"os\": \"Windows Server 2025\"/" \
    "$CATALOG" >only-2025.json &&
  expect_status 1 size --catalog only-2025.json --format json >out.json &&
  test "$(grep -c "\"requirement\": \"compatibility\"" out.json)" = 8 &&
  expect_match "\"vm\": \"TEST01\"" out.json
'
test_done
