#!/usr/bin/env python3
"""Makes a synthetic Hyper-V data root of Windows Server 2016+ files for t1600-vmcx (write-vmcx.py).

ROOT/Virtual Machines holds:
- VM_A `<A>.vmcx`: generation 2, dynamic memory 4096/1024/8192 MiB, 4 vCPUs with processor
  compatibility, two adapters (one static MAC on switch 'Corp', one dynamic on 'Lab'), two SCSI
  drives, 3,000-character notes (a file object), UInt and Double values, key tables of 1 KiB
  written children first over object tables of 4 entries (chained), a replay log with 2 entries,
  header copies of sequences 5 and 7; `<A>.vmrs` a saved state (savedstate/RamMemoryBlock0 and a
  64 KiB RamBlock0 in a file object); two checkpoints in ROOT/Snapshots, S2 the child of S1, S2
  with a saved `.vmrs`.
- VM_B `<B>.vmcx`: static 2048 MiB, 2 vCPUs, generation 1; the newer header copy is corrupt (the
  older one, of format 4.0, is read); `<B>.vmrs` a runtime file without saved state.
- VM_C `<C>.vmcx`: the older header copy says format 3.0, the newer 4.0 (the newer is read).
- the real 2012 R2 XML of t/data/hyperv-xml (a root mixing both kinds), if given as argv[2].
"""
import importlib.util
import os
import shutil
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("write_vmcx", os.path.join(HERE, "write-vmcx.py"))
writer = importlib.util.module_from_spec(spec)
spec.loader.exec_module(writer)

VM_A = "A1111111-0000-4000-8000-00000000000A"
VM_B = "B2222222-0000-4000-8000-00000000000B"
VM_C = "C3333333-0000-4000-8000-00000000000C"
S1 = "51111111-0000-4000-8000-000000000051"
S2 = "52222222-0000-4000-8000-000000000052"


def saved_state(ram_bytes):
    block = struct.pack("<IIQQQIIQ", 3, 0, ram_bytes // 4096, 0, 0, 0, 0, 0)
    return [("savedstate", "node", [("VmVersion", "int", 2304), ("RamMemoryBlock0", "array", block),
                                    ("RamBlock0", "array", b"\x5a" * ram_bytes)]),
            ("configuration", "node", [("properties", "node", [("version", "int", 2304)])])]


def write(path, data):
    with open(path, "wb") as stream:
        stream.write(data)


def main():
    main_into(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)


def main_into(root, xml=None):
    vms = os.path.join(root, "Virtual Machines")
    snaps = os.path.join(root, "Snapshots")
    os.makedirs(vms, exist_ok=True)
    os.makedirs(snaps, exist_ok=True)
    adapters = [dict(instance="aaaaaaaa-0000-4000-8000-000000000001", mac="00-15-5D-01-02-03", static=True,
                     switch="Corp", switch_id="C0C0C0C0-0000-4000-8000-0000000000C0"),
                dict(instance="aaaaaaaa-0000-4000-8000-000000000002", mac="00-15-5D-01-02-04", switch="Lab")]
    a = dict(id=VM_A, name="alpha 2019", generation=2, memory_mb=4096, dynamic=True, minimum_mb=1024,
             maximum_mb=8192, vcpus=4, compat=True, notes="N" * 3000, adapters=adapters,
             drives=["D:\\VMs\\alpha.vhdx", "D:\\VMs\\alpha-data.vhdx"], snapshot_count=2)
    write(os.path.join(vms, VM_A + ".vmcx"),
          writer.build(writer.vm_tree(a), sequences=(5, 7), object_entries=4, parents_after_children=True,
                       slack=9, replay_entries=2, table_bytes=1024))
    write(os.path.join(vms, VM_A + ".vmrs"), writer.build(saved_state(65536)))
    for snap, parent, memory in ((S1, None, 2048), (S2, S1, 3072)):
        vm = dict(id=snap, name="checkpoint " + snap[:2], logical_id=VM_A, memory_mb=memory, vcpus=2,
                  type_id="Snapshots", drives=["D:\\VMs\\alpha_%s.avhdx" % snap])
        if parent:
            vm["parent"] = parent
        write(os.path.join(snaps, snap + ".vmcx"), writer.build(writer.vm_tree(vm)))
    write(os.path.join(snaps, S2 + ".vmrs"), writer.build(saved_state(8192)))
    b = dict(id=VM_B, name="bravo", generation=1, memory_mb=2048, vcpus=2)
    write(os.path.join(vms, VM_B + ".vmcx"), writer.build(writer.vm_tree(b), sequences=(3, 4), corrupt_copy=1))
    write(os.path.join(vms, VM_B + ".vmrs"), writer.build([("configuration", "node", [])]))
    c = dict(id=VM_C, name="charlie", generation=2, memory_mb=512, vcpus=1)
    write(os.path.join(vms, VM_C + ".vmcx"),
          writer.build(writer.vm_tree(c), sequences=(8, 9), versions=(0x0300, 0x0400)))
    if xml:
        shutil.copy(xml, vms)


if __name__ == "__main__":
    main()
