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
# prices FILE...: for each FILE, FILE.prices: "name hosts hardware licence edition total" per
# model (one python3 for all: its start costs more than the runs).
prices () {
  python3 -c '
import json, sys
for name in sys.argv[1:]:
    with open(name + ".prices", "w") as out:
        try:
            doc = json.load(open(name))
            print("recommended", doc["recommended"], file=out)
            for m in doc["models"]:
                print(m["name"], m["hosts_needed"], m.get("hardware_price"), m.get("licence_price"), m.get("licensing"), m["total_price"], file=out)
        except Exception as error:  # shown by the point that compares this file
            print("%s: %s: %s" % (name, type(error).__name__, error), file=out)
' "$@"
}
# report NAME ARGS...: licence ARGS into NAME.json, its exit status in NAME.status.
report () {
  name=$1
  shift
  licence "$@" >"$name.json"
  echo $? >"$name.status"
}
# succeeded NAME...: each report NAME exited 0.
succeeded () {
  for name in "$@"; do
    IFS= read -r status <"$name.status" && [ "$status" = 0 ] ||
      { echo "$name: exit status ${status:-?}, expected 0"; return 1; }
  done
}
# The JSON reports the points read, made here, then their prices.
(cd "$HVP_TMP" &&
  report none --source "$synthetic/licence.json" --spare 0
  report cheapest --source "$synthetic/licence.json" --spare 0 --licensing cheapest
  report standard --source "$synthetic/licence.json" --spare 0 --licensing standard
  report two --source "$synthetic/peaks.json" --spare 0 --licensing cheapest
  report spare --source "$synthetic/licence.json" --spare 1 --licensing cheapest
  prices none.json cheapest.json standard.json two.json spare.json)

test_expect "14 VMs a host: Datacenter wins on density, and the cheapest model changes with licences" '
  succeeded none cheapest standard &&
  printf "recommended many-cores\nmany-cores 1 None None None 1000\ndense 1 None None None 1500\n" >expect &&
  diff -u expect none.json.prices &&
  printf "recommended dense\nmany-cores 1 1000 19200 datacenter 20200\ndense 1 1500 4800 datacenter 6300\n" >expect &&
  diff -u expect cheapest.json.prices &&
  printf "recommended dense\nmany-cores 1 1000 22400 standard 23400\ndense 1 1500 5600 standard 7100\n" >expect &&
  diff -u expect standard.json.prices
'
test_expect "2 VMs a host: Standard wins (one licensing, 800 against 4,800)" '
  succeeded two &&
  printf "recommended dense\nmany-cores 1 1000 3200 standard 4200\ndense 1 1500 800 standard 2300\n" >expect &&
  diff -u expect two.json.prices
'
test_expect "--spare 1: the spare host is licensed for the VMs that restart on it (2 × 4,800 Datacenter)" '
  succeeded spare &&
  printf "recommended dense\nmany-cores 2 2000 38400 datacenter 40400\ndense 2 3000 9600 datacenter 12600\n" >expect &&
  diff -u expect spare.json.prices &&
  expect_match "\"rule\": \"Windows Server per-core licensing: every physical core, at least 8 per processor and 16 per server" spare.json
'
test_expect "the text report gives hardware + licences per model and the rules with their source" '
  "$HVPLAN" size --quiet --catalog "$synthetic/licence-catalog.json" --source "$synthetic/licence.json" \
    --spare 0 --licensing datacenter >licence.txt &&
  expect_matches licence.txt \
    "^  dense: 1 hosts; hardware 1500 \+ datacenter licences 4800 = 6300$" \
    "microsoft.com/windows-server/pricing" \
    "^Recommended: .dense., 1 hosts, total price 6300"
'
test_expect "--licensing takes an edition and needs --catalog (64); a negative pack price is bad data (65)" '
  expect_status 64 "$HVPLAN" size --source "$synthetic/licence.json" --catalog "$synthetic/licence-catalog.json" \
    --licensing enterprise 2>err &&
  expect_line "*invalid licensing ?enterprise?: expected standard, datacenter or cheapest*" err &&
  expect_status 64 "$HVPLAN" size --source "$synthetic/licence.json" --destination "$synthetic/cluster.json" \
    --licensing standard 2>err &&
  expect_line "*--licensing needs --catalog*" err &&
  sed "s/\"standard_per_2_cores\": 100/\"standard_per_2_cores\": -1/" "$synthetic/licence-catalog.json" >neg.json &&
  expect_status 65 "$HVPLAN" size --source "$synthetic/licence.json" --catalog neg.json --licensing standard 2>err &&
  expect_line "*neg?json?: licence_prices?standard_per_2_cores*" err
'
test_done
