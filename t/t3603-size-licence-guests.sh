#!/bin/sh
# hvplan size --licensing (issue 17) counts only Windows guests against Standard's VM rights: a VM
# whose guest operating system is known and not Windows needs none, an unknown one counts.
#
# t/data/size/synthetic/licence-guests.json: licence.json's 14 VMs (one host, --spare 0) with their
# guests known (guest_os, as Hyper-V's KVP OSName gives it): 3 Windows, 10 Ubuntu, 1 unknown, so
# 4 count: Standard needs 2 licensings of dense's 16 cores (2 × 800 = 1,600) against Datacenter's
# 4,800, and of many-cores' 64 (2 × 3,200 = 6,400) against 19,200.  With every guest unknown
# (licence.json, t3602) Standard needed 7 licensings and Datacenter won on both models: detecting
# the Linux guests turns the cheapest edition to Standard.
# licence-guests-libvirt.xml (libvirt's test driver): libosinfo ids, 2 Windows, 2 Linux, 1 without
# metadata: 3 count, 2 licensings.  licence-guests-powershell.json (the collection script's
# GuestOSName): 1 Windows, 2 Linux, 1 without: 2 count, 1 licensing (800).  All synthetic.
. "$HVP_SOURCE_ROOT/t/lib.sh"
: "${HVP_DATA:?}"
synthetic="$HVP_DATA/size/synthetic"
case $synthetic in /*) ;; *) synthetic="$(pwd)/$synthetic" ;; esac
export synthetic

licence () {
  "$HVPLAN" size --quiet --catalog "$synthetic/licence-catalog.json" --spare 0 \
    --licensing cheapest "$@"
}
# bills NAME...: for each NAME.json, in NAME.bill: the guest counts, then "name hosts hardware
# licence edition total" per model (one python3 for every file; a file it cannot read gets the
# error instead).
bills () {
  python3 -c '
import json, sys
for name in sys.argv[1:]:
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
' "$@"
}

# The three JSON reports (their exit statuses in NAME.status), then their bills, for the points.
(cd "$HVP_TMP" &&
  licence -f json --source "$synthetic/licence-guests.json" >guests.json; echo $? >guests.status
  licence -f json --source "test://$synthetic/licence-guests-libvirt.xml" >libvirt.json
  echo $? >libvirt.status
  licence -f json --source "$synthetic/licence-guests-powershell.json" >powershell.json
  echo $? >powershell.status
  bills guests libvirt powershell)

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
