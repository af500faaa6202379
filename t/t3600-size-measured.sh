#!/bin/sh
# hvplan size --basis measured and --licensing (issue 17): time-aligned packing, coverage and
# confidence, Windows Server per-core licences and the guests that count against them.  The parts
# were t3600-size-measured, t3601-size-confidence, t3602-size-licence and
# t3603-size-licence-guests; each keeps its comment.
. "$HVP_SOURCE_ROOT/t/lib.sh"

# ---- the JSON reports the parts read with python3, made first ----------------
# A python3 start costs more than the hvplan runs, so the JSON reports whose values the points
# check with python3 are made here, each into its part's folder, and one python3 reads them all:
# NAME.status holds a run's exit status; NAME.check "ok" or what a check of the measured and
# confidence parts found wrong; NAME.json.prices (licence) and NAME.bill (guests) the lines those
# parts compare.
: "${HVP_DATA:?}"
synthetic="$HVP_DATA/size/synthetic"
case $synthetic in /*) ;; *) synthetic="$(pwd)/$synthetic" ;; esac
export synthetic
mkdir -p "$hvp_tmp_root/measured" "$hvp_tmp_root/confidence" "$hvp_tmp_root/licence" \
  "$hvp_tmp_root/guests"
# sized PART NAME ARGS...: hvplan size --quiet -f json ARGS into PART/NAME.json, its exit status in
# PART/NAME.status.
sized () {
  sized_dir=$hvp_tmp_root/$1 sized_name=$2
  shift 2
  "$HVPLAN" size --quiet -f json "$@" >"$sized_dir/$sized_name.json"
  echo $? >"$sized_dir/$sized_name.status"
}
sized measured peaks --source "$synthetic/peaks.json" --catalog "$synthetic/peaks-catalog.json" \
  --basis measured --comfort 1 --spare 0
sized confidence coverage --source "$synthetic/coverage.json" \
  --catalog "$synthetic/peaks-catalog.json" --basis measured --spare 0
# The licence part's reports (--catalog licence-catalog.json), then the guests part's (with
# --spare 0 --licensing cheapest as well).
lc="$synthetic/licence-catalog.json"
sized licence none --catalog "$lc" --source "$synthetic/licence.json" --spare 0
sized licence cheapest --catalog "$lc" --source "$synthetic/licence.json" --spare 0 --licensing cheapest
sized licence standard --catalog "$lc" --source "$synthetic/licence.json" --spare 0 --licensing standard
sized licence two --catalog "$lc" --source "$synthetic/peaks.json" --spare 0 --licensing cheapest
sized licence spare --catalog "$lc" --source "$synthetic/licence.json" --spare 1 --licensing cheapest
sized guests guests --catalog "$lc" --spare 0 --licensing cheapest --source "$synthetic/licence-guests.json"
sized guests libvirt --catalog "$lc" --spare 0 --licensing cheapest \
  --source "test://$synthetic/licence-guests-libvirt.xml"
sized guests powershell --catalog "$lc" --spare 0 --licensing cheapest \
  --source "$synthetic/licence-guests-powershell.json"
python3 - "$hvp_tmp_root" <<'PY'
import json, os, sys, traceback
os.chdir(sys.argv[1])


def check(name, test):
    """name.check: "ok", or the assertion that failed with its values."""
    with open(name + ".check", "w") as out:
        try:
            test(json.load(open(name + ".json")))
            print("ok", file=out)
        except Exception:
            print(traceback.format_exc(), file=out)


def peaks(doc):
    vms = {vm["name"]: vm for vm in doc["vms"]}
    assert sorted(vms) == ["night", "office"], vms
    for vm in vms.values():
        assert vm["samples"] == 24 and vm["coverage"] == 1.0 and vm["sized_by"] == "measured", vm
        assert vm["configured"] == {"memory_bytes": 1107296256, "vcpus": 2, "storage_bytes": 0}, vm
        assert vm["measured"] == {"memory_bytes": 6366953472, "vcpus": 1.0, "storage_bytes": 0}, vm
    assert doc["demand_configured"]["memory_bytes"] == 2 * 1107296256, doc["demand_configured"]
    assert doc["demand"]["memory_bytes"] == 2 * 6366953472, doc["demand"]
    assert doc["confidence"]["rating"] == 5 and doc["confidence"]["coverage"] == 1.0


def coverage(doc):
    assert doc["confidence"]["rating"] == 3 and doc["confidence"]["coverage"] == 0.566, doc["confidence"]
    vms = {vm["name"]: vm for vm in doc["vms"]}
    assert (vms["full"]["samples"], vms["full"]["coverage"]) == (96, 1.0)
    assert (vms["half"]["samples"], vms["half"]["coverage"], vms["half"]["sized_by"]) == (48, 0.5, "measured")
    assert (vms["few"]["samples"], vms["few"]["coverage"]) == (19, 0.198)
    assert vms["few"]["sized_by"] == "configured" and vms["few"]["measured"] is None, vms["few"]
    # 2,000 MiB × 1.3 = 2,600 MiB (+ 48 MiB overhead for 3 GiB) for the measured ones.
    assert vms["full"]["measured"]["memory_bytes"] == (2600 + 48) << 20, vms["full"]


check("measured/peaks", peaks)
check("confidence/coverage", coverage)

# licence/NAME.json.prices: "name hosts hardware licence edition total" per model.
for name in ["none", "cheapest", "standard", "two", "spare"]:
    name = "licence/" + name + ".json"
    with open(name + ".prices", "w") as out:
        try:
            doc = json.load(open(name))
            print("recommended", doc["recommended"], file=out)
            for m in doc["models"]:
                print(m["name"], m["hosts_needed"], m.get("hardware_price"), m.get("licence_price"), m.get("licensing"), m["total_price"], file=out)
        except Exception as error:  # shown by the point that compares this file
            print("%s: %s: %s" % (name, type(error).__name__, error), file=out)

# guests/NAME.bill: the guest counts, then "name hosts hardware licence edition total" per model
# (a file it cannot read gets the error instead).
for name in ["guests", "libvirt", "powershell"]:
    name = "guests/" + name
    with open(name + ".bill", "w") as out:
        try:
            doc = json.load(open(name + ".json"))
            l = doc["licensing"]
            print("guests", l["windows_vms"], l["not_windows_vms"], l["unknown_guest_vms"], file=out)
            print("recommended", doc["recommended"], file=out)
            for m in doc["models"]:
                print(m["name"], m["hosts_needed"], m["hardware_price"], m["licence_price"],
                      m["licensing"], m["total_price"], file=out)
        except Exception as error:
            print("cannot read %s.json: %r" % (name, error), file=out)
PY

# succeeded NAME...: each report NAME (NAME.status, in the point's folder) exited 0.
succeeded () {
  for name in "$@"; do
    IFS= read -r status <"$name.status" && [ "$status" = 0 ] ||
      { echo "$name: exit status ${status:-?}, expected 0"; return 1; }
  done
}

# ---- measured (was t/t3600-size-measured.sh) ----------------------------
# hvplan size --basis measured (issue 17): time-aligned packing on a hand-checked case, and the
# bundled example with its synthetic week of samples (examples/measured.json).
#
# t/data/size/synthetic/peaks.json: two dynamic-memory VMs (startup 1 GiB, 2 vCPUs at 50 %) whose
# memory demand is 6,000 MiB for 12 hours and 1,000 MiB for the other 12, at opposite hours; one
# model of 10 GiB (8 GiB for VMs after the 2 GiB host reserve), 4 threads.  With --comfort 1, each
# VM's 95th percentile is 6,000 MiB, plus 72 MiB overhead (32 + 5 × 8 for 6 GiB) = 6,072 MiB
# = 6366953472 bytes: by per-VM percentiles 2 × 6,072 > 8,192 MiB, two hosts; time-aligned, the
# host's load is 6,000 + 1,000 + 2 × 72 = 7,144 MiB (7491026944 bytes) at every hour: one host.
test_part measured
: "${HVP_DATA:?}"
synthetic="$HVP_DATA/size/synthetic"
export synthetic

peaks () {
  "$HVPLAN" size --quiet --source "$synthetic/peaks.json" --catalog "$synthetic/peaks-catalog.json" \
    --basis measured --comfort 1 "$@"
}

test_expect "two VMs peaking at other hours share one host time-aligned, need two by per-VM percentiles" '
  succeeded peaks &&
  expect_matches peaks.json \
    "^  \"basis\": \"measured\",$" \
    "^  \"percentile\": 95.0,$" \
    "^  \"comfort_factor\": 1.00,$" \
    "^  \"time_aligned\": true,$" \
    "^      \"hosts_needed\": 1,$" \
    "^      \"hosts_needed_per_vm_percentile\": 2,$" \
    "^          \"memory_bytes\": 7491026944,$"
'
test_expect "each VM shows configured against measured: 1 GiB + 32 MiB against 6,072 MiB, 2 vCPUs against 1.00" '
  succeeded peaks && expect_text peaks.check ok
'
test_expect "with --spare 1 one empty host more each way (2 against 3), said in the text report" '
  expect_status 0 peaks --spare 1 >peaks.txt &&
  expect_matches peaks.txt \
    "^  small: 2 hosts time-aligned, 3 by per-VM percentiles$" \
    "^  office: 24 samples \(100 % of the period\); memory 1.0 GiB configured, 5.9 GiB measured; vCPUs 2 configured, 1.00 measured; sized by use$" \
    "confidence: 5 of 5 stars, coverage 100 %"
'
test_expect "the bundled example sized by use: every VM measured, the week covered 85 % (5 stars), Markdown" '
  (cd "$HVP_SOURCE_ROOT" && "$HVPLAN" size --quiet --source examples/measured.json \
    --catalog examples/catalog.json --basis measured -f markdown) >example.md &&
  expect_matches example.md \
    "^## Basis and licences$" \
    "4 of 4 VMs sized by use" \
    "^confidence: 5 of 5 stars, coverage 85 %" \
    "^\| \*\*TEST01\*\* \| 288 \| 42 % \| 1.0 GiB \| 1.0 GiB \| 1 \| 0.26 \| use \|$" \
    "^\| \*\*SQL01\*\* \| 672 \| 100 % \| 8.1 GiB \| 15.4 GiB \| 4 \| 3.96 \| use \|$"
'
test_expect "the configured basis writes none of the measured keys" '
  expect_status 0 "$HVPLAN" size --quiet --source "$synthetic/peaks.json" \
    --catalog "$synthetic/peaks-catalog.json" -f json >configured.json &&
  ! grep -Eq "^  \"(basis|percentile|confidence|vms|licensing)\"|hosts_needed_per_vm_percentile" configured.json
'

# ---- confidence (was t/t3601-size-confidence.sh) ------------------------
# hvplan size --basis measured: coverage and confidence (Azure Migrate's bands: 0-20 % 1 star,
# 21-40 % 2, 41-60 % 3, 61-80 % 4, 81-100 % 5), the fallback to the configured demand of a VM with
# too few samples, and utilization that cannot be read.
#
# t/data/size/synthetic/coverage.json: 96 hourly slots; "full" sampled at each, "half" at every
# other (48: 50 %), "few" at the first 19 (19.8 %, fewer than the 20 a 95th percentile needs:
# sized by configuration).  Overall (1 + 0.5 + 0.198) / 3 = 0.566: 3 stars.
test_part confidence
: "${HVP_DATA:?}"
synthetic="$HVP_DATA/size/synthetic"
export synthetic

test_expect "coverage per VM and overall, rated 3 stars; the VM with 19 samples falls back, said per VM" '
  succeeded coverage && expect_text coverage.check ok
'
test_expect "the text report says which VM fell back and why" '
  "$HVPLAN" size --quiet --source "$synthetic/coverage.json" --catalog "$synthetic/peaks-catalog.json" \
    --basis measured --spare 0 >coverage.txt &&
  expect_matches coverage.txt \
    "^  few: 19 samples \(19 % of the period\); memory 1.0 GiB configured, - measured; vCPUs 2 configured, - measured; sized by configuration \(too few samples\)$" \
    "basis: measured, 95th percentile" \
    "confidence: 3 of 5 stars, coverage 56 %"
'
test_expect "at the 90th percentile 12 samples are enough (at least one above it): the 19 of \"few\" are" '
  "$HVPLAN" size --quiet --source "$synthetic/coverage.json" --catalog "$synthetic/peaks-catalog.json" \
    --basis measured --percentile 90 --spare 0 >p90.txt &&
  expect_matches p90.txt \
    "basis: measured, 90th percentile of each VM.s samples × comfort factor 1.3 .*; 3 of 3 VMs sized by use" \
    "^  few: 19 samples \(19 % of the period\); .*sized by use$"
'
test_expect "onto existing hosts each VM is placed at its own percentile (no time-aligned packing)" '
  expect_status 0 "$HVPLAN" size --quiet --source "$synthetic/coverage.json" \
    --destination "$synthetic/cluster.json" --basis measured >existing.txt &&
  expect_matches existing.txt \
    "^  packing: each VM at its own percentile \(time-aligned packing needs catalog models" \
    "^  host hv-new2: 1 VM, memory 2.6 GiB of 382.0 GiB, vCPUs 1 of 40, .*: full$"
'
test_expect "a series that is not numbers is bad data (65), naming the file, the VM and the sample" '
  sed "0,/\"memory_demand_mib\": \"2000,/s//\"memory_demand_mib\": \"2000,x7,/" \
    "$synthetic/coverage.json" >bad.json &&
  expect_status 65 "$HVPLAN" size --quiet --source bad.json --catalog "$synthetic/peaks-catalog.json" \
    --basis measured 2>err &&
  expect_line "*bad?json?: hosts\[0\].vms\[[0-9]\].utilization.memory_demand_mib: sample 1 (?x7?) is not a finite decimal number*" err
'
test_expect "a processor share above 100 % or series of unequal length are bad data (65)" '
  sed "0,/\"processor_percent\": \"25,/s//\"processor_percent\": \"250,/" \
    "$synthetic/coverage.json" >over.json &&
  expect_status 65 "$HVPLAN" size --quiet --source over.json --catalog "$synthetic/peaks-catalog.json" 2>err &&
  expect_line "*over?json?: hosts\[0\].vms\[[0-9]\]: utilization: processor_percent sample 0 is outside 0 to 100*" err &&
  sed "0,/\"processor_percent\": \"25,/s//\"processor_percent\": \"25,25,/" \
    "$synthetic/coverage.json" >unequal.json &&
  expect_status 65 "$HVPLAN" size --quiet --source unequal.json --catalog "$synthetic/peaks-catalog.json" 2>err &&
  expect_line "*processor_percent has 97 samples, memory_demand_mib 96*" err
'
test_expect "--percentile and --comfort need --basis measured and a range (64)" '
  expect_status 64 "$HVPLAN" size --source "$synthetic/peaks.json" --catalog "$synthetic/peaks-catalog.json" \
    --percentile 90 2>err &&
  expect_line "*need --basis measured*" err &&
  expect_status 64 "$HVPLAN" size --source "$synthetic/peaks.json" --catalog "$synthetic/peaks-catalog.json" \
    --basis measured --percentile 0 2>err &&
  expect_line "*invalid percentile ?0?: expected a decimal number from 1 to 100*" err &&
  expect_status 64 "$HVPLAN" size --source "$synthetic/peaks.json" --catalog "$synthetic/peaks-catalog.json" \
    --basis measured --comfort 0.5 2>err &&
  expect_line "*invalid comfort factor*" err &&
  expect_status 64 "$HVPLAN" size --source "$synthetic/peaks.json" --catalog "$synthetic/peaks-catalog.json" \
    --basis used 2>err &&
  expect_line "*invalid basis ?used?*" err
'

# ---- licence (was t/t3602-size-licence.sh) ------------------------------
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
test_part licence
: "${HVP_DATA:?}"
synthetic="$HVP_DATA/size/synthetic"
export synthetic

# The JSON reports the points read (NAME.json, NAME.status) and their prices (NAME.json.prices:
# "name hosts hardware licence edition total" per model) are made at the top of the file.

test_expect "14 VMs a host: Datacenter wins on density, and the cheapest model changes with licences" '
  succeeded none cheapest standard &&
  expect_text none.json.prices "recommended many-cores
many-cores 1 None None None 1000
dense 1 None None None 1500" &&
  expect_text cheapest.json.prices "recommended dense
many-cores 1 1000 19200 datacenter 20200
dense 1 1500 4800 datacenter 6300" &&
  expect_text standard.json.prices "recommended dense
many-cores 1 1000 22400 standard 23400
dense 1 1500 5600 standard 7100"
'
test_expect "2 VMs a host: Standard wins (one licensing, 800 against 4,800)" '
  succeeded two &&
  expect_text two.json.prices "recommended dense
many-cores 1 1000 3200 standard 4200
dense 1 1500 800 standard 2300"
'
test_expect "--spare 1: the spare host is licensed for the VMs that restart on it (2 × 4,800 Datacenter)" '
  succeeded spare &&
  expect_text spare.json.prices "recommended dense
many-cores 2 2000 38400 datacenter 40400
dense 2 3000 9600 datacenter 12600" &&
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

# ---- guests (was t/t3603-size-licence-guests.sh) ------------------------
# hvplan size --licensing (issue 17) counts only Windows guests against Standard's VM rights: a VM
# whose guest operating system is known and not Windows needs none, an unknown one counts.
#
# t/data/size/synthetic/licence-guests.json: licence.json's 14 VMs (one host, --spare 0) with their
# guests known (guest_os, as Hyper-V's KVP OSName gives it): 3 Windows, 10 Ubuntu, 1 unknown, so
# 4 count: Standard needs 2 licensings of dense's 16 cores (2 × 800 = 1,600) against Datacenter's
# 4,800, and of many-cores' 64 (2 × 3,200 = 6,400) against 19,200.  With every guest unknown
# (licence.json, the part licence above) Standard needed 7 licensings and Datacenter won on both models: detecting
# the Linux guests turns the cheapest edition to Standard.
# licence-guests-libvirt.xml (libvirt's test driver): libosinfo ids, 2 Windows, 2 Linux, 1 without
# metadata: 3 count, 2 licensings.  licence-guests-powershell.json (the collection script's
# GuestOSName): 1 Windows, 2 Linux, 1 without: 2 count, 1 licensing (800).  All synthetic.
test_part guests
: "${HVP_DATA:?}"
synthetic="$HVP_DATA/size/synthetic"
case $synthetic in /*) ;; *) synthetic="$(pwd)/$synthetic" ;; esac
export synthetic

licence () {
  "$HVPLAN" size --quiet --catalog "$synthetic/licence-catalog.json" --spare 0 \
    --licensing cheapest "$@"
}
# The three JSON reports (their exit statuses in NAME.status) and their bills (NAME.bill: the guest
# counts, then "name hosts hardware licence edition total" per model) are made at the top of the
# file, for the points.

# billed NAME TEXT: the report NAME exited 0 and its bill is TEXT.
billed () {
  read_line "$1.status" && { [ "$line" = 0 ] || { echo "$1: exit status $line"; return 1; }; } &&
  expect_text "$1.bill" "$2"
}

test_expect "Linux guests detected: Standard (2 licensings) beats Datacenter, where every-VM-Windows chose Datacenter" '
  billed guests "guests 3 10 1
recommended dense
many-cores 1 1000 6400 standard 7400
dense 1 1500 1600 standard 3100" &&
  expect_match "a VM whose guest operating system is known and not Windows" guests.json
'
test_expect "the text report counts the guests and says unknown ones count as Windows" '
  licence --source "$synthetic/licence-guests.json" >guests.txt &&
  expect_matches guests.txt \
    "^  guests: 3 Windows, 10 not Windows \(no Windows Server VM rights\), 1 unknown \(counted as Windows\)$" \
    "^  dense: 1 hosts; hardware 1500 \+ standard licences 1600 = 3100$"
'
test_expect "libvirt: libosinfo ids in the domain metadata (2 Windows, 2 Linux, 1 unknown)" '
  billed libvirt "guests 2 2 1
recommended dense
many-cores 1 1000 6400 standard 7400
dense 1 1500 1600 standard 3100"
'
test_expect "PowerShell: the script's GuestOSName (KVP OSName; 1 Windows, 2 Linux, 1 unknown)" '
  billed powershell "guests 1 2 1
recommended dense
many-cores 1 1000 3200 standard 4200
dense 1 1500 800 standard 2300"
'

test_done
