#!/bin/sh
# Compatibility (issue 13): the configuration versions onto each Windows Server release, the
# devices and settings, what the collectors read for the check, the catalog sizing, and libvirt.
# The five parts were t3500-compat-versions to t3504-compat-libvirt; each keeps its comment.
. "$HVP_SOURCE_ROOT/t/lib.sh"

# ---- versions (was t/t3500-compat-versions.sh) --------------------------
# Compatibility (issue 13): the bundled example (four VMs, every configuration version 5.0, from
# Windows Server 2012 R2) planned onto Windows Server 2016, 2019, 2022 and 2025 destinations
# (t/data/compatibility/synthetic/destination-YEAR.json: examples/destination.json with its `os`
# changed).  Microsoft's table ("Upgrade virtual machine version in Hyper-V on Windows or Windows
# Server", supported VM configuration versions for long-term servicing hosts) marks 5.0 supported
# on 2016 and 2019 and not on 2022 and 2025; its upgrade matrix lets 2016 and 2019, not 2022 or
# 2025, upgrade the XML format: so import-and-upgrade on 2016 and 2019 (the plan passes with an
# upgrade note), two hops through 2016 or 2019 onto 2022 and 2025 (the plan fails).
test_part versions
EX="$HVP_SOURCE_ROOT/examples"
DEST="$HVP_DATA/compatibility/synthetic"
# The example's inventory, collected once for the versions and size parts (a data root costs three
# times an inventory's start; its VMs come in the inventory's order: DC01, SQL01, TEST01, WEB01).
example="$hvp_tmp_root/example.json"
"$HVPLAN" collect --quiet "$EX/source-host" "$EX/source-host.json" -o "$example"
plan () {
  "$HVPLAN" plan --quiet --source "$example" "$@"
}
# paths FILE: "NAME PATH COMPATIBILITY" per VM of a plan document, in order: between the line
# '"vms": [' and the next '  ],', the values of the name, migration_path and compatibility lines,
# three to a line (one awk; a last incomplete line padded with spaces, as paste pads it).
paths () {
  awk '
    function put(value) { line = line (count % 3 ? " " : "") value
                          if (++count % 3 == 0) { print line; line = "" } }
    !inside && /"vms": \[/ { inside = 1; start = NR }
    inside && /^      "name": ".*",$/ { put(substr($0, 16, length($0) - 17)) }
    inside && /^      "migration_path": ".*",$/ { put(substr($0, 26, length($0) - 27)) }
    inside && /^      "compatibility": ".*",*$/ { value = substr($0, 25); sub(/",*$/, "", value); put(value) }
    inside && NR > start && /^  \],/ { inside = 0 }
    END { if (count % 3) { for (i = count % 3; i < 3; i++) line = line " "; print line } }' "$1"
}

for year in 2016 2019; do
  test_expect "onto Windows Server $year: every VM imports, Update-VMVersion optional (exit 0)" '
    expect_status 0 plan --destination "$DEST/destination-'$year'.json" --format json >'$year'.json &&
    paths '$year'.json >actual &&
    expect_text actual "DC01 import-and-upgrade info
SQL01 import-and-upgrade info
TEST01 import-and-upgrade info
WEB01 import-and-upgrade info" &&
    sed -n "/\"compatibility\": {/,/}/p" '$year'.json >row.json &&
    expect_matches row.json \
      "\"verdict\": \"pass\"" \
      "\"rules\": \"Windows Server '$year'\"" &&
    expect_match "\"upgrade_version\": \"'$([ $year = 2016 ] && echo 8.0 || echo 9.0)'\"" '$year'.json
  '
done
for year in 2022 2025; do
  test_expect "onto Windows Server $year: version 5.0 does not import, two hops (exit 1)" '
    expect_status 1 plan --destination "$DEST/destination-'$year'.json" --format json >'$year'.json &&
    paths '$year'.json >actual &&
    expect_text actual "DC01 two-hop fail
SQL01 two-hop fail
TEST01 two-hop fail
WEB01 two-hop fail" &&
    expect_fixed '$year'.json "#4:\"through\": \"Windows Server 2016 or Windows Server 2019\"" \
      "#4:error 32784" &&
    sed -n "/\"compatibility\": {/,/^    }/p" '$year'.json >row.json &&
    expect_matches row.json \
      "\"verdict\": \"fail\"" \
      "\"TEST01\""
  '
done
test_expect "the text plan onto 2025: the compatibility row, the path of each VM, the findings" '
  expect_status 1 plan --destination "$DEST/destination-2025.json" >out.txt &&
  expect_matches out.txt \
    "^compatibility +4 +- +FAIL$" \
    "^migration paths onto Windows Server 2025:$" \
    "^  SQL01 +two-hop +FAIL  \(through Windows Server 2016 or Windows Server 2019\)$" \
    "^FAIL compatibility  DC01: configuration version 5.0 is not supported on Windows Server 2025"
'
test_expect "the text plan onto 2019 passes with the upgrade note (one way, no move back)" '
  expect_status 0 plan --destination "$DEST/destination-2019.json" >out.txt &&
  expect_matches out.txt \
    "^compatibility +0 +- +PASS$" \
    "^INFO compatibility  WEB01: configuration version 5.0 imports on Windows Server 2019 .*upgrades it to 9.0.*no longer starts on Windows Server 2012 R2"
'
q="'"
test_expect "the checklist onto 2025: the two hops as commands, names quoted for PowerShell" '
  expect_status 1 plan --destination "$DEST/destination-2025.json" --format markdown >out.md &&
  sed -n "/^### Compatibility/,/^## 4\./p" out.md >compat.md &&
  expect_matches compat.md "#4:^- \[ \] VM \*\*[A-Z0-9]*\*\*: \*\*two-hop\*\*" &&
  expect_fixed compat.md \
    "  - [ ] on the source: \`Stop-VM -Name ${q}DC01${q}; Export-VM -Name ${q}DC01${q} -Path ${q}D:\\Export${q}\`" \
    "Update-VMVersion -Name ${q}SQL01${q} -Force" \
    "Compare-VM -Path ${q}D:\\Export2\\WEB01\\Virtual Machines\\3B2E4C9A-AD5F-4E73-9081-4C6D8EAF2033.vmcx${q}" \
    "#8:Import-VM -CompatibilityReport \$report"
'
test_expect "a destination os the rules do not know: paths unknown, one note, verdict unchanged" '
  sed "s/\"os\": \"Windows Server 2025 Datacenter\"/\"os\": \"Windows Server 2008 R2\"/" \
    "$DEST/destination-2025.json" >old.json &&
  expect_status 0 plan --destination old.json >out.txt &&
  expect_matches out.txt \
    "^migration paths: unknown" \
    "^INFO compatibility  operating system .Windows Server 2008 R2. of .HV-2025. is not in the compatibility rules"
'

# ---- devices (was t/t3501-compat-devices.sh) ----------------------------
# Compatibility (issue 13) of the VM settings the check reads, from a synthetic inventory
# (t/data/compatibility/synthetic/devices-source.json, hand-written: no collected sample holds
# them) onto Windows Server 2022: a generation 2 Linux VM with the MicrosoftWindows Secure Boot
# template, a vTPM with a key protector, a pass-through disk, a RemoteFX 3D adapter, a VLAN.  One
# plan run, checked several ways; one collect run for the round trip of the new fields.
test_part devices
SRC="$HVP_DATA/compatibility/synthetic/devices-source.json"
DEST="$HVP_DATA/compatibility/synthetic/destination-2022.json"

test_expect "plan onto 2022: one finding per setting, with its verdict and page (exit 1)" '
  expect_status 1 "$HVPLAN" plan --quiet --source "$SRC" --destination "$DEST" \
    --switch-map "LAN=Corp External" >out.txt &&
  expect_matches out.txt \
    "^compatibility +4 +- +FAIL$" \
    "^WARN compatibility  lin2: Linux guest with Secure Boot under the MicrosoftWindows template: it will not boot; .*Set-VMFirmware -SecureBootTemplate MicrosoftUEFICertificateAuthority .*should-i-create-a-generation-1-or-2" \
    "^WARN compatibility  tpm2: virtual TPM / key protector: .*The key protector could not be unwrapped.*Export-PfxCertificate.*Import-PfxCertificate.*guarded-fabric" \
    "^WARN compatibility  pt1: pass-through disk 2 of the source host \(scsi 0:1\): .*Add-VMHardDiskDrive -DiskNumber" \
    "^FAIL compatibility  fx1: RemoteFX 3D video adapter: removed on Windows Server 2022 .*Remove-VMRemoteFx3dVideoAdapter.*KB4570006" \
    "^INFO compatibility  vlan1: adapter .Network Adapter. tags VLAN 10: .*must carry VLAN 10" \
    "^  fx1 +import-and-upgrade +FAIL$" \
    "^  vlan1 +import-and-upgrade +INFO$"
'
test_expect "a shielded VM is blocked unless the destination is HGS-attested" '
  sed "s/\"tpm\": true/\"shielded\": true/" "$SRC" >shielded.json &&
  expect_status 1 "$HVPLAN" plan --quiet --source shielded.json --destination "$DEST" \
    --switch-map "LAN=Corp External" --format json >plan.json &&
  expect_matches plan.json \
    "\"migration_path\": \"blocked\"" \
    "shielded VM: it starts only on a guarded host that the Host Guardian Service attests"
'
test_expect "the checklist: the guardian certificates move with the vTPM VM; the pass-through disk is recorded" '
  expect_status 1 "$HVPLAN" plan --quiet --source "$SRC" --destination "$DEST" \
    --switch-map "LAN=Corp External" --format markdown >out.md &&
  sed -n "/^- \[ \] VM \*\*tpm2\*\*/,/^- \[ \] VM \*\*pt1/p" out.md >tpm2.md &&
  expect_fixed tpm2.md \
    "on the source, its guardian'"'"'s certificates: \`\$password = Read-Host -AsSecureString" \
    "Export-PfxCertificate -Cert" \
    "Import-PfxCertificate -FilePath \$_.FullName -CertStoreLocation" &&
  expect_match "^    - SCSI 0:1 pass-through physical disk 2 of the source host$" out.md
'
test_expect "the new fields survive collect (canonical inventory round trip), unknown stays absent" '
  expect_status 0 "$HVPLAN" collect --quiet "$SRC" -o again.json &&
  expect_matches again.json \
    "^ *\"secure_boot_template\": \"MicrosoftWindows\",$" \
    "^ *\"passthrough_disk\": 2,*$" \
    "^ *\"remotefx_3d\": true,*$" \
    "^ *\"vlan_id\": 10,*$" \
    "^ *\"key_protector\": true,*$" \
    "#1:\"tpm\":" \
    "#0:\"shielded\":"
'

# ---- collectors (was t/t3502-compat-collectors.sh) ----------------------
# Compatibility (issue 13): what the collectors read for the check.  Hyper-V XML: the real
# Windows Server 2012 R2 sample t/data/hyperv-xml/mwrock-packer-templates_2012R2_vm.XML (mwrock/
# packer-templates, see that folder's README) as it is (generation 1, Secure Boot off, dynamic
# MAC: nothing new is written) and edited here into a generation 2 VM with Secure Boot and a static
# MAC.  PowerShell: t/data/compatibility/synthetic/hv2019-powershell.json (synthetic, made from
# t/data/powershell/synthetic/hv01.json: collect-hyperv.ps1's document with the new keys).
test_part collectors
XML="$HVP_DATA/hyperv-xml/mwrock-packer-templates_2012R2_vm.XML"
PS="$HVP_DATA/compatibility/synthetic/hv2019-powershell.json"
DEST="$HVP_DATA/compatibility/synthetic"

test_expect "Hyper-V XML as collected: a generation 1 VM with a dynamic MAC adds no key" '
  expect_status 0 "$HVPLAN" collect --quiet "$XML" >plain.json &&
  expect_matches plain.json "\"generation\": 1," "#0:\"secure_boot|\"static_mac\""
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
  expect_matches versions "#9:\"[0-9]*\.[0-9]\""
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

# ---- size (was t/t3503-compat-size.sh) ----------------------------------
# Compatibility (issue 13) in hvplan size: a catalog model whose `os` cannot run a VM is refused,
# naming each VM, as a model too small is.  t/data/compatibility/synthetic/catalog-os.json holds
# one server model twice, on Windows Server 2019 and (one unit cheaper) on 2025; the bundled
# example's VMs are all configuration version 5.0, which 2025 does not run (Microsoft's supported
# configuration versions table).
test_part size
EX="$HVP_SOURCE_ROOT/examples"
CATALOG="$HVP_DATA/compatibility/synthetic/catalog-os.json"
size () {
  "$HVPLAN" size --quiet --source "$example" "$@"
}

test_expect "the 2025 model is refused for each VM, the dearer 2019 model is the best (exit 0)" '
  expect_status 0 size --catalog "$CATALOG" >out.txt &&
  expect_matches out.txt \
    "^R720 on Windows Server 2019 .* BEST$" \
    "^R720 on Windows Server 2025 .* NO$" \
    "^Model .R720 on Windows Server 2025.: does not fit \(its os cannot run every VM\)$" \
    "#4:^  FAIL compatibility  [A-Z0-9]*: configuration version 5.0 does not run on Windows Server 2025, the os of .R720 on Windows Server 2025." \
    "^  FAIL compatibility  SQL01: "
'
test_expect "a catalog of the 2025 model only: nothing fits (exit 1), JSON names the VMs" '
  sed "/\"name\": \"R720 on Windows Server 2019\"/s/2019/2025 again/; s/\"os\": \"Windows Server 2019 Datacenter\"/\"os\": \"Windows Server 2025\"/" \
    "$CATALOG" >only-2025.json &&
  expect_status 1 size --catalog only-2025.json --format json >out.json &&
  expect_matches out.json "#8:\"requirement\": \"compatibility\"" "\"vm\": \"TEST01\""
'

# ---- libvirt (was t/t3504-compat-libvirt.sh) ----------------------------
# Compatibility (issue 13) from libvirt: t/data/compatibility/synthetic/libvirt-node.xml (synthetic:
# no libvirt sample carries UEFI, a TPM, a host device or a VLAN) through libvirt's test driver,
# collected once, and planned once onto a Windows Server 2012 R2 destination (examples/destination.json).
test_part libvirt
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
    "\"sriov\": true$" \
    "#0:\"secure_boot\"|\"tpm\""
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
