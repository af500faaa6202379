#!/usr/bin/env python3
"""Regenerates examples/source-host/, the bundled Hyper-V data root.

Synthetic, derived from a real file: every VM configuration is the real Windows Server 2012 R2
configuration mwrock-packer-templates_2012R2_vm.XML from ../shared/samples/hyperv-xml/
(mwrock/packer-templates @a96114e3, `hyper-v-output/Virtual Machines/vm.XML`; also in t/data/hyperv-xml/)
with its name, ids, memory, processors, drives and network adapters replaced, then written the
way Hyper-V writes it: UTF-16LE with a BOM and CRLF line ends.

The differencing chain uses a real Windows-written child: fat-differential.vhd (written by
diskpart, from log2timeline/dfvfs, Apache-2.0; see examples/README.md).  Its parent, which dfvfs
does not ship, is made here with qemu-img (a dynamic VHD of the same 4 MiB) and given the unique id
the child records, with the footer checksum recomputed (VHD Image Format Specification 1.0,
"Hard Disk Footer Format").  Other disks are dynamic VHDX files made with qemu-img.

Run from the project root: python3 examples/make-source-host.py
"""
import lzma, os, re, shutil, struct, subprocess, uuid

ROOT = "examples/source-host"
SAMPLE = "../shared/samples/hyperv-xml/mwrock-packer-templates_2012R2_vm.XML"
DFVFS = "../shared/samples/vhd/dfvfs/fat-differential.vhd.xz"
SCSI_INSTANCE = "d7a36e9b-9256-4f0d-be2c-3a13887f7b03"
NIC_TEMPLATE_INSTANCE = "55225880-49c0-4438-9ce2-5a01402fd8cb"

SWITCHES = {
    "Corp External": "438B7B13-6180-4155-B7BF-08709CCF234D",
    "Backup Internal": "9C1F3E2A-5B7D-4E21-8A0C-2F6B1D3E4A57",
    "Lab Private": "E2D4C6B8-1A3F-4B5D-9C7E-0F1A2B3C4D5E",
}

VMS = [
    dict(name="DC01", id="1F0C2A7E-8B3D-4C51-9E6F-2A4B6C8D0E11", vcpus=2, size=4096, dynamic=False,
         minimum=512, maximum=1048576, compat=False,
         ide=[r"D:\Hyper-V\Virtual Hard Disks\dc01.vhdx"], scsi=[],
         nics=[("Corp External", "00-15-5D-0A-01-01")]),
    dict(name="SQL01", id="2A1D3B8F-9C4E-4D62-8F70-3B5C7D9E1F22", vcpus=4, size=8192, dynamic=True,
         minimum=4096, maximum=16384, compat=True,
         ide=[r"D:\Hyper-V\Virtual Hard Disks\sql01-os.vhdx"],
         scsi=[r"D:\Hyper-V\Virtual Hard Disks\sql01-data.vhdx"],
         nics=[("Corp External", "00-15-5D-0A-01-02")], saved=True),
    dict(name="WEB01", id="3B2E4C9A-AD5F-4E73-9081-4C6D8EAF2033", vcpus=2, size=2048, dynamic=True,
         minimum=1024, maximum=4096, compat=False,
         ide=[r"D:\Hyper-V\Virtual Hard Disks\fat-differential.vhd"], scsi=[],
         nics=[("Corp External", "00-15-5D-0A-01-03"), ("Backup Internal", "00-15-5D-0A-01-04")]),
    dict(name="TEST01", id="4C3F5DAB-BE60-4F84-A192-5D7E9FB03144", vcpus=1, size=1024, dynamic=False,
         minimum=512, maximum=1048576, compat=False,
         ide=[r"D:\Hyper-V\Virtual Hard Disks\test01.vhdx"], scsi=[],
         nics=[("Lab Private", "00-15-5D-0A-01-05")]),
]

DISKS = {"dc01.vhdx": "60G", "sql01-os.vhdx": "80G", "sql01-data.vhdx": "200G", "test01.vhdx": "40G"}


def replace_leaf(text, path, value):
    """Replaces the text of the leaf element at a slash-separated path below <configuration>."""
    start = 0
    for part in path.split("/")[:-1]:
        start = text.index("<%s>" % part, start)
    leaf = path.split("/")[-1]
    pattern = re.compile(r'(<%s type="[a-z]+">)(.*?)(</%s>)' % (leaf, leaf), re.S)
    match = pattern.search(text, start)
    return text[:match.start(2)] + value + text[match.end(2):]


def nic_block(instance, switch, mac):
    sample = open(SAMPLE, encoding="utf-8").read()
    block = re.search(r"  <_%s_>.*?</_%s_>\n" % (NIC_TEMPLATE_INSTANCE, NIC_TEMPLATE_INSTANCE), sample, re.S).group(0)
    block = block.replace(NIC_TEMPLATE_INSTANCE, instance)
    block = block.replace("Virtual External Switch", switch)
    block = block.replace(SWITCHES["Corp External"], SWITCHES[switch])
    block = block.replace("00-15-5D-01-07-DC", mac)
    return block


def manifest_nic(index, instance):
    return ("    <vdev%03d>\n      <device type=\"string\">2fc216b0-d2e2-4967-9b6d-b8a5c9ca2778</device>\n"
            "      <flags type=\"integer\">1</flags>\n      <instance type=\"string\">%s</instance>\n"
            "      <name type=\"string\">Synthetic Ethernet Port</name>\n    </vdev%03d>\n") % (index, instance.upper(), index)


def drive_xml(index, path):
    return ("      <drive%d>\n        <iops_limit type=\"integer\">0</iops_limit>\n"
            "        <iops_reservation type=\"integer\">0</iops_reservation>\n"
            "        <pathname type=\"string\">%s</pathname>\n"
            "        <persistent_reservations_supported type=\"bool\">False</persistent_reservations_supported>\n"
            "        <type type=\"string\">VHD</type>\n        <weight type=\"integer\">100</weight>\n"
            "      </drive%d>\n") % (index, path, index)


def vm_xml(vm):
    text = open(SAMPLE, encoding="utf-8").read()
    text = text.replace("0AA394FA-7C4A-4070-BA32-773D43B28A68", vm["id"])
    text = replace_leaf(text, "properties/name", vm["name"])
    text = replace_leaf(text, "settings/memory/bank/dynamic_memory_enabled", "True" if vm["dynamic"] else "False")
    text = replace_leaf(text, "settings/memory/bank/limit", str(vm["maximum"]))
    text = replace_leaf(text, "settings/memory/bank/reservation", str(vm["minimum"]))
    text = replace_leaf(text, "settings/memory/bank/size", str(vm["size"]))
    text = replace_leaf(text, "settings/processors/count", str(vm["vcpus"]))
    text = replace_leaf(text, "settings/processors/features/limit", "True" if vm["compat"] else "False")
    text = text.replace(r"C:\dev\vagrant\Win2k12R2\.vagrant\machines\default\hyperv\disk.vhd", vm["ide"][0])
    if vm["scsi"]:
        drives = "".join(drive_xml(i, p) for i, p in enumerate(vm["scsi"]))
        text = text.replace("    <VDEVVersion type=\"integer\">256</VDEVVersion>\n  </_%s_>" % SCSI_INSTANCE,
                            "    <VDEVVersion type=\"integer\">256</VDEVVersion>\n    <controller0>\n%s    </controller0>\n  </_%s_>"
                            % (drives, SCSI_INSTANCE))
    # Network adapters: replace the sample's one adapter block and manifest entry.
    sample_block = re.search(r"  <_%s_>.*?</_%s_>\n" % (NIC_TEMPLATE_INSTANCE, NIC_TEMPLATE_INSTANCE), text, re.S).group(0)
    instances = [str(uuid.uuid5(uuid.NAMESPACE_OID, vm["name"] + mac)) for _, mac in vm["nics"]]
    text = text.replace(sample_block, "".join(nic_block(i, s, m) for i, (s, m) in zip(instances, vm["nics"])))
    sample_manifest = re.search(r"    <vdev012>.*?</vdev012>\n", text, re.S).group(0)
    manifest = sample_manifest.replace(NIC_TEMPLATE_INSTANCE.upper(), instances[0].upper())
    for extra, instance in enumerate(instances[1:]):
        manifest += manifest_nic(14 + extra, instance)
    text = text.replace(sample_manifest, manifest)
    text = replace_leaf(text, "manifest/size", str(13 + len(instances) - 1))
    return text


def write_utf16(path, text):
    with open(path, "wb") as f:
        f.write(b"\xff\xfe" + text.replace("\n", "\r\n").encode("utf-16-le"))


def vhd_checksum(footer):
    return (~sum(footer[:64] + b"\0\0\0\0" + footer[68:]) & 0xFFFFFFFF)


def main():
    shutil.rmtree(ROOT, ignore_errors=True)
    os.makedirs(ROOT + "/Virtual Machines")
    os.makedirs(ROOT + "/Virtual Hard Disks")
    for vm in VMS:
        write_utf16("%s/Virtual Machines/%s.xml" % (ROOT, vm["id"]), vm_xml(vm))
        if vm.get("saved"):
            # A saved VM keeps its device state (.vsv) and memory image (.bin) in <VM-GUID>/.
            state = "%s/Virtual Machines/%s" % (ROOT, vm["id"])
            os.makedirs(state)
            open("%s/%s.vsv" % (state, vm["id"]), "wb").write(b"\0" * 20480)
            open("%s/%s.bin" % (state, vm["id"]), "wb").write(b"\0" * 65536)
    disks = ROOT + "/Virtual Hard Disks"
    for name, size in DISKS.items():
        subprocess.run(["qemu-img", "create", "-q", "-f", "vhdx", "%s/%s" % (disks, name), size], check=True)
    child = lzma.open(DFVFS).read()
    open(disks + "/fat-differential.vhd", "wb").write(child)
    header_offset = struct.unpack(">Q", child[-512 + 16:-512 + 24])[0]
    parent_id = child[header_offset + 40:header_offset + 56]
    parent = disks + "/fat-parent.vhd"
    subprocess.run(["qemu-img", "create", "-q", "-f", "vpc", "-o", "force_size=on", parent, "4M"], check=True)
    data = bytearray(open(parent, "rb").read())
    for offset in (0, len(data) - 512):
        footer = bytearray(data[offset:offset + 512])
        footer[68:84] = parent_id
        footer[64:68] = struct.pack(">I", vhd_checksum(bytes(footer)))
        data[offset:offset + 512] = footer
    open(parent, "wb").write(bytes(data))


if __name__ == "__main__":
    main()
