#!/bin/sh
# Compatibility (issue 13) from libvirt: t/data/compatibility/synthetic/libvirt-node.xml (synthetic:
# no libvirt sample carries UEFI, a TPM, a host device or a VLAN) through libvirt's test driver,
# collected once, and planned once onto a Windows Server 2012 R2 destination (examples/destination.json).
. "$HVP_SOURCE_ROOT/t/lib.sh"

NODE="$HVP_DATA/compatibility/synthetic/libvirt-node.xml"
case $NODE in /*) ;; *) NODE="$(pwd)/$NODE" ;; esac

test_expect "collect: UEFI makes generation 2, Secure Boot, vTPM, the PCI device, VLAN and SR-IOV" '
  expect_status 0 "$HVPLAN" collect -q "test://$NODE" >node.json &&
  sed -n "/\"name\": \"uefi01\"/,/\"name\": \"vlan01\"/p" node.json >uefi.json &&
  expect_matches uefi.json \
    "\"generation\": 2," \
    "\"secure_boot\": true," \
    "\"tpm\": true," \
    "\"pci 0000:03:00.0\"" \
    "\"guest_os\": \"http://ubuntu.com/ubuntu/22.04\"" &&
  sed -n "/\"name\": \"vlan01\"/,\$p" node.json >vlan.json &&
  expect_matches vlan.json \
    "\"generation\": 0," \
    "\"vlan_id\": 42$" \
    "\"sriov\": true$" &&
  ! grep -q "\"secure_boot\"\|\"tpm\"" vlan.json
'
test_expect "plan onto 2012 R2: recreate (no Hyper-V configuration), no vTPM there (blocked), the device and VLAN" '
  expect_status 1 "$HVPLAN" plan -q --source "test://$NODE" \
    --destination "$HVP_SOURCE_ROOT/examples/destination.json" >out.txt &&
  expect_matches out.txt \
    "^  uefi01 +blocked +FAIL$" \
    "^  vlan01 +recreate +WARN$" \
    "^FAIL compatibility  uefi01: virtual TPM or key protector: Windows Server 2012 R2 .* has no virtual TPM" \
    "^WARN compatibility  uefi01: device assigned with discrete device assignment \(.pci 0000:03:00.0.\)" \
    "^WARN compatibility  vlan01: configuration version unknown" \
    "^INFO compatibility  vlan01: adapter .Network Adapter. tags VLAN 42"
'
test_done
