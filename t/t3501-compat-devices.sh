#!/bin/sh
# Compatibility (issue 13) of the VM settings the check reads, from a synthetic inventory
# (t/data/compatibility/synthetic/devices-source.json, hand-written: no collected sample holds
# them) onto Windows Server 2022: a generation 2 Linux VM with the MicrosoftWindows Secure Boot
# template, a vTPM with a key protector, a pass-through disk, a RemoteFX 3D adapter, a VLAN.  One
# plan run, checked several ways; one collect run for the round trip of the new fields.
. "$HVP_SOURCE_ROOT/t/lib.sh"

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
  grep -qF "on the source, its guardian'"'"'s certificates: \`\$password = Read-Host -AsSecureString" tpm2.md &&
  grep -qF "Export-PfxCertificate -Cert" tpm2.md &&
  grep -qF "Import-PfxCertificate -FilePath \$_.FullName -CertStoreLocation" tpm2.md &&
  expect_match "^    - SCSI 0:1 pass-through physical disk 2 of the source host$" out.md
'
test_expect "the new fields survive collect (canonical inventory round trip), unknown stays absent" '
  expect_status 0 "$HVPLAN" collect --quiet "$SRC" -o again.json &&
  expect_matches again.json \
    "^ *\"secure_boot_template\": \"MicrosoftWindows\",$" \
    "^ *\"passthrough_disk\": 2,*$" \
    "^ *\"remotefx_3d\": true,*$" \
    "^ *\"vlan_id\": 10,*$" \
    "^ *\"key_protector\": true,*$" &&
  test "$(grep -c "\"tpm\":" again.json)" = 1 &&
  ! grep -q "\"shielded\":" again.json
'
test_done
