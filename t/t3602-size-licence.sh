#!/bin/sh
# hvplan size --licensing (issue 17): Windows Server per-core licences added to each model's price.
#
# t/data/size/synthetic/licence-catalog.json: packs of 2 cores at 100 (Standard) and 600
# (Datacenter); "many-cores" (2 × 32 cores: 64 core licences, 32 packs, hardware 1,000) and
# "dense" (1 × 16 cores: 16, 8 packs, hardware 1,500).  One full licensing: many-cores Standard
# 3,200, Datacenter 19,200; dense Standard 800, Datacenter 4,800.
#   licence.json, 14 VMs on one host (--spare 0): Standard needs 7 licensings: dense 5,600 against
#     Datacenter 4,800: Datacenter wins on density; the cheapest model turns from many-cores
#     (1,000 without licences) to dense (1,500 + 4,800 = 6,300 against 1,000 + 19,200).
#   peaks.json, 2 VMs: one Standard licensing, 800 against 4,800: Standard wins.
#   --spare 1: two hosts, each licensed for the 14 VMs it may run after a failover.
. "$HVP_SOURCE_ROOT/t/lib.sh"
: "${HVP_DATA:?}"
synthetic="$HVP_DATA/size/synthetic"
export synthetic

licence () {
  "$HVPLAN" size --quiet --catalog "$synthetic/licence-catalog.json" -f json "$@"
}
# prices FILE: "name hosts hardware licence edition total" per model.
prices () {
  python3 -c '
import json, sys
doc = json.load(open(sys.argv[1]))
print("recommended", doc["recommended"])
for m in doc["models"]:
    print(m["name"], m["hosts_needed"], m.get("hardware_price"), m.get("licence_price"), m.get("licensing"), m["total_price"])
' "$1"
}

test_expect "14 VMs a host: Datacenter wins on density, and the cheapest model changes with licences" '
  licence --source "$synthetic/licence.json" --spare 0 >none.json &&
  licence --source "$synthetic/licence.json" --spare 0 --licensing cheapest >cheapest.json &&
  licence --source "$synthetic/licence.json" --spare 0 --licensing standard >standard.json &&
  prices none.json >actual && printf "recommended many-cores\nmany-cores 1 None None None 1000\ndense 1 None None None 1500\n" >expect &&
  diff -u expect actual &&
  prices cheapest.json >actual && printf "recommended dense\nmany-cores 1 1000 19200 datacenter 20200\ndense 1 1500 4800 datacenter 6300\n" >expect &&
  diff -u expect actual &&
  prices standard.json >actual && printf "recommended dense\nmany-cores 1 1000 22400 standard 23400\ndense 1 1500 5600 standard 7100\n" >expect &&
  diff -u expect actual
'
test_expect "2 VMs a host: Standard wins (one licensing, 800 against 4,800)" '
  licence --source "$synthetic/peaks.json" --spare 0 --licensing cheapest >two.json &&
  prices two.json >actual && printf "recommended dense\nmany-cores 1 1000 3200 standard 4200\ndense 1 1500 800 standard 2300\n" >expect &&
  diff -u expect actual
'
test_expect "--spare 1: the spare host is licensed for the VMs that restart on it (2 × 4,800 Datacenter)" '
  licence --source "$synthetic/licence.json" --spare 1 --licensing cheapest >spare.json &&
  prices spare.json >actual && printf "recommended dense\nmany-cores 2 2000 38400 datacenter 40400\ndense 2 3000 9600 datacenter 12600\n" >expect &&
  diff -u expect actual &&
  expect_match "\"rule\": \"Windows Server per-core licensing: every physical core, at least 8 per processor and 16 per server" spare.json
'
test_expect "the text report gives hardware + licences per model and the rules with their source" '
  "$HVPLAN" size --quiet --catalog "$synthetic/licence-catalog.json" --source "$synthetic/licence.json" \
    --spare 0 --licensing datacenter >licence.txt &&
  expect_match "^  dense: 1 hosts; hardware 1500 \+ datacenter licences 4800 = 6300$" licence.txt &&
  expect_match "microsoft.com/windows-server/pricing" licence.txt &&
  expect_match "^Recommended: .dense., 1 hosts, total price 6300" licence.txt
'
test_expect "--licensing takes an edition and needs --catalog (64); a negative pack price is bad data (65)" '
  expect_status 64 "$HVPLAN" size --source "$synthetic/licence.json" --catalog "$synthetic/licence-catalog.json" \
    --licensing enterprise 2>err &&
  expect_match "invalid licensing .enterprise.: expected standard, datacenter or cheapest" err &&
  expect_status 64 "$HVPLAN" size --source "$synthetic/licence.json" --destination "$synthetic/cluster.json" \
    --licensing standard 2>err &&
  expect_match "--licensing needs --catalog" err &&
  sed "s/\"standard_per_2_cores\": 100/\"standard_per_2_cores\": -1/" "$synthetic/licence-catalog.json" >neg.json &&
  expect_status 65 "$HVPLAN" size --source "$synthetic/licence.json" --catalog neg.json --licensing standard 2>err &&
  expect_match "neg.json.: licence_prices.standard_per_2_cores" err
'
test_done
