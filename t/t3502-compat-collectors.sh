#!/bin/sh
# Compatibility (issue 13): what the collectors read for the check.  Hyper-V XML: the real
# Windows Server 2012 R2 sample t/data/hyperv-xml/mwrock-packer-templates_2012R2_vm.XML (mwrock/
# packer-templates, see that folder's README) as it is (generation 1, Secure Boot off, dynamic
# MAC: nothing new is written) and edited here into a generation 2 VM with Secure Boot and a static
# MAC.  PowerShell: t/data/compatibility/synthetic/hv2019-powershell.json (synthetic, made from
# t/data/powershell/synthetic/hv01.json: collect-hyperv.ps1's document with the new keys).
. "$HVP_SOURCE_ROOT/t/lib.sh"

XML="$HVP_DATA/hyperv-xml/mwrock-packer-templates_2012R2_vm.XML"
PS="$HVP_DATA/compatibility/synthetic/hv2019-powershell.json"
DEST="$HVP_DATA/compatibility/synthetic"

test_expect "Hyper-V XML as collected: a generation 1 VM with a dynamic MAC adds no key" '
  expect_status 0 "$HVPLAN" collect --quiet "$XML" >plain.json &&
  expect_match "\"generation\": 1," plain.json &&
  ! grep -q "\"secure_boot\|\"static_mac\"" plain.json
'
test_expect "Hyper-V XML: generation 2, Secure Boot (the only 2012 R2 template), static MAC" '
  sed -e "s|<subtype type=\"integer\">0</subtype>|<subtype type=\"integer\">1</subtype>|" \
      -e "s|<secure_boot_enabled type=\"bool\">False<|<secure_boot_enabled type=\"bool\">True<|" \
      -e "s|<MacAddressIsStatic type=\"bool\">False<|<MacAddressIsStatic type=\"bool\">True<|" \
      "$XML" >gen2.xml &&
  expect_status 0 "$HVPLAN" collect --quiet gen2.xml >gen2.json &&
  expect_matches gen2.json \
    "\"generation\": 2," \
    "\"secure_boot\": true," \
    "\"secure_boot_template\": \"MicrosoftWindows\"" \
    "\"static_mac\": true"
'
test_expect "PowerShell: firmware, security, devices, guest OS, adapters, host versions" '
  expect_status 0 "$HVPLAN" collect --quiet "$PS" >ps.json &&
  expect_matches ps.json \
    "\"passthrough_disk\": 4$" \
    "\"secure_boot_template\": \"MicrosoftUEFICertificateAuthority\"," \
    "\"tpm\": true," \
    "\"shielded\": false," \
    "\"remotefx_3d\": true," \
    "\"SAN-A\"" \
    "\"guest_os\": \"Ubuntu 22.04.4 LTS\"," \
    "\"static_mac\": true," \
    "\"sriov\": true," \
    "\"vlan_id\": 20$" \
    "\"hgs_attested\": false$" &&
  sed -n "/\"supported_versions\": \[/,/\]/p" ps.json >versions &&
  test "$(grep -c "\"[0-9]*\.[0-9]\"" versions)" = 9
'
test_expect "PowerShell onto 2012 R2: newer version (recreate), UEFI CA template and vTPM absent (blocked)" '
  expect_status 1 "$HVPLAN" plan --quiet --source "$PS" \
    --destination "$HVP_SOURCE_ROOT/examples/destination.json" --format json >old.json &&
  expect_matches old.json \
    "\"migration_path\": \"blocked\"" \
    "configuration version 9.0 is newer than Windows Server 2012 R2" \
    "Secure Boot template MicrosoftUEFICertificateAuthority does not exist on Windows Server 2012 R2" \
    "has no virtual TPM"
'
test_expect "PowerShell onto 2025: imports; RemoteFX removed, FC SAN, pass-through, guardian" '
  expect_status 1 "$HVPLAN" plan --quiet --source "$PS" --destination "$DEST/destination-2025.json" \
    >new.txt &&
  expect_matches new.txt \
    "^  DC01 +import-and-upgrade +FAIL$" \
    "^FAIL compatibility  DC01: RemoteFX 3D video adapter: removed on Windows Server 2025" \
    "^WARN compatibility  DC01: virtual Fibre Channel adapter on virtual SAN .SAN-A.: create a virtual SAN of that name" \
    "^WARN compatibility  DC01: pass-through disk 4 " \
    "^WARN compatibility  DC01: virtual TPM / key protector" \
    "^INFO compatibility  DC01: SR-IOV on adapter"
'
test_done
