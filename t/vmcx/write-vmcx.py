#!/usr/bin/env python3
"""Writes synthetic Hyper-V storage files (.vmcx, .vmrs) for hvplan's tests and bench.

Follows Microsoft's openvmm `support/hvs_file/FORMAT.md` (MIT; fetched for issue 18) and what
../shared/formats.md section 7 found in the real files, independently of hvplan's C reader.  It
covers what the two real files do not: UInt and Double values, values of 2048 bytes or more in file
objects, object tables chained over several tables, a replay log with entries, two header copies of
different sequences (or one corrupt), parents written after their children, slack after entries,
and, through `vm_tree()`, dynamic memory, several adapters, several drives and checkpoint links.

A tree is a list of `(name, type, value)`; type is one of node (value: a list), int, uint, double,
string, array (bytes), bool.  Command line: write-vmcx.py SPEC.json OUT, where SPEC is
`{"options": {...}, "vm": {...}}` (see vm_tree()) or `{"options": {...}, "tree": [...]}`.
"""
import json
import struct
import sys
import zlib

HEADER_SIGNATURE = 0x01282014
OBJECT_TABLE_SIGNATURE = 0x01110001
REPLAY_LOG_SIGNATURE = 0x01110003
ALIGN = 4096
TYPES = {"free": 1, "int": 3, "uint": 4, "double": 5, "string": 6, "array": 7, "bool": 8, "node": 9}
FILE_OBJECT_THRESHOLD = 2048


def crc_zeroed(data, at):
    return zlib.crc32(bytes(data[:at]) + b"\0\0\0\0" + bytes(data[at + 4:])) & 0xFFFFFFFF


def aligned(n):
    return (n + ALIGN - 1) // ALIGN * ALIGN


def raw_value(kind, value):
    if kind == "int":
        return struct.pack("<q", value)
    if kind == "uint":
        return struct.pack("<Q", value)
    if kind == "double":
        return struct.pack("<d", value)
    if kind == "bool":
        return struct.pack("<i", 1 if value else 0)
    if kind == "string":
        data = value.encode("utf-16-le")
        return struct.pack("<I", len(data)) + data
    if kind == "array":
        return struct.pack("<I", len(value)) + bytes(value)
    raise ValueError(kind)


def flatten(tree, parent, out):
    """Entries in depth-first order: dict(name, kind, value, parent index, sequence)."""
    for sequence, (name, kind, value) in enumerate(tree, start=1):
        index = len(out)
        entry = dict(name=name, kind=kind, value=value, parent=parent, sequence=sequence)
        out.append(entry)
        if kind == "node":
            entry["children"] = len(value)
            flatten(value, index, out)
    return out


def build(tree, sequences=(1, 2), corrupt_copy=None, versions=(0x0400, 0x0400), object_entries=227,
          parents_after_children=False, slack=0, replay_entries=0, table_bytes=ALIGN):
    entries = flatten(tree, None, [])
    order = list(range(len(entries)))
    if parents_after_children:
        order.reverse()
    # Values of 2048 bytes or more go to file objects (their data is placed after the key tables).
    file_objects = []
    for e in entries:
        if e["kind"] == "node":
            e["body"] = struct.pack("<QI", 0, e["children"] + 1)
            continue
        body = raw_value(e["kind"], e["value"])
        payload = body[4:] if e["kind"] in ("string", "array") else body
        if len(payload) >= FILE_OBJECT_THRESHOLD:
            e["file_object"] = payload
            file_objects.append(e)
            e["body"] = b"\0" * 12
        else:
            e["body"] = body
    # Key tables: entries in @order, each table filled up to table_bytes; positions first.
    tables, current, used = [], [], 10
    for i in order:
        e = entries[i]
        e["size"] = 21 + len(e["name"].encode()) + 1 + len(e["body"]) + slack
        if used + e["size"] > table_bytes - 22:  # room for a closing free entry
            tables.append(current)
            current, used = [], 10
        e["table"] = len(tables) + 1
        e["offset"] = used
        current.append(i)
        used += e["size"]
    tables.append(current)
    key_table_offsets = [8192 + ALIGN * (1 + t) for t in range(len(tables))]
    data_end = key_table_offsets[-1] + ALIGN
    for e in file_objects:
        e["fo_offset"] = data_end
        data_end += aligned(len(e["file_object"]))
    log_offset = data_end
    data_end += ALIGN
    objects = [(2, key_table_offsets[t], table_bytes) for t in range(len(tables))]
    objects += [(3, e["fo_offset"], aligned(len(e["file_object"]))) for e in file_objects]
    per_table = object_entries - 1  # the last entry chains to the next table
    n_tables = max(1, (len(objects) + per_table - 1) // per_table)
    table_offsets = [8192] + [data_end + ALIGN * k for k in range(n_tables - 1)]
    size = table_offsets[-1] + ALIGN if n_tables > 1 else data_end
    out = bytearray(size)
    write_object_tables(out, objects, table_offsets, object_entries)
    for t, members in enumerate(tables):
        write_key_table(out, key_table_offsets[t], t + 1, [entries[i] for i in members], entries,
                        table_bytes)
    for e in file_objects:
        out[e["fo_offset"]:e["fo_offset"] + len(e["file_object"])] = e["file_object"]
    write_replay_log(out, log_offset, replay_entries)
    for copy in (0, 1):
        header = struct.pack("<IIHIIIIQQI", HEADER_SIGNATURE, 0, sequences[copy], versions[copy], 1, 0,
                             ALIGN, log_offset, ALIGN, ALIGN)
        header = bytearray(header)
        header[4:8] = struct.pack("<I", crc_zeroed(header, 4))
        if corrupt_copy == copy:
            header[9] ^= 0xFF
        out[copy * ALIGN:copy * ALIGN + len(header)] = header
    return bytes(out)


def write_object_tables(out, objects, offsets, per_table):
    for k, offset in enumerate(offsets):
        chunk = objects[k * (per_table - 1):(k + 1) * (per_table - 1)]
        struct.pack_into("<II", out, offset, OBJECT_TABLE_SIGNATURE, per_table)
        rows = list(chunk) + [(0, 0, 0)] * (per_table - 1 - len(chunk))
        rows.append((1, offsets[k + 1], ALIGN) if k + 1 < len(offsets) else (0, 0, 0))
        for i, (kind, where, length) in enumerate(rows):
            entry = bytearray(struct.pack("<BIQIB", kind, 0, where, length, 1 if kind else 0))
            if kind:
                entry[1:5] = struct.pack("<I", crc_zeroed(entry, 1))
            out[offset + 8 + 18 * i:offset + 26 + 18 * i] = entry


def write_key_table(out, where, index, members, entries, table_bytes):
    header = bytearray(struct.pack("<HHHI", 2, index, 1, 0))
    header[6:10] = struct.pack("<I", crc_zeroed(header, 6))
    out[where:where + 10] = header
    at = 10
    for e in members:
        parent = entries[e["parent"]] if e["parent"] is not None else None
        ptable, poffset = (parent["table"], parent["offset"]) if parent else (0, 0)
        name = e["name"].encode() + b"\0"
        body = e["body"]
        flags = 0
        if "file_object" in e:
            flags = 1
            body = struct.pack("<IQ", len(e["file_object"]), e["fo_offset"])
        head = bytearray(struct.pack("<BBIHIIIB", TYPES[e["kind"]], flags, e["size"], ptable, poffset, 0,
                                     e["sequence"], len(name)))
        meaningful = head + name + body
        meaningful[12:16] = struct.pack("<I", crc_zeroed(meaningful, 12))
        out[where + at:where + at + len(meaningful)] = meaningful
        # slack after the value: stale bytes, outside the CRC (formats.md 7)
        for k in range(len(meaningful), e["size"]):
            out[where + at + k] = 0x41
        at += e["size"]
    rest = table_bytes - at
    if rest > 21:  # a free entry: CRC 0, parent (0, 0), no name, 0xFD filler
        out[where + at:where + at + 21] = struct.pack("<BBIHIIIB", 1, 0, rest, 0, 0, 0, 0, 0)
        out[where + at + 21:where + table_bytes] = b"\xfd" * (rest - 21)


def write_replay_log(out, offset, entries):
    maximum = (ALIGN - 34) // 28
    header = bytearray(struct.pack("<IIIBIBQII", REPLAY_LOG_SIGNATURE, 0, entries, 0, maximum, 0, 0, 0, 0))
    header[4:8] = struct.pack("<I", crc_zeroed(header, 4))
    out[offset:offset + 34] = header
    for i in range(entries):  # entry headers only: hvplan does not apply them
        out[offset + 34 + 28 * i:offset + 62 + 28 * i] = struct.pack("<IQIQI", 0, 8192, 0, 0, 0)


def vm_tree(vm):
    """The key tree of a VM configuration in the shape of the real files (formats.md 7)."""
    props = [("global_id", "string", vm["id"]), ("name", "string", vm["name"]),
             ("notes", "string", vm.get("notes", "")), ("subtype", "int", vm.get("generation", 2) - 1),
             ("type_id", "string", vm.get("type_id", "Virtual Machines")),
             ("version", "int", vm.get("version", 2304)),
             ("creation_time", "array", struct.pack("<Q", vm.get("filetime", 133000000000000000)))]
    if "parent" in vm:
        props.append(("parent", "string", vm["parent"]))
    bank = [("dynamic_memory_enabled", "bool", vm.get("dynamic", False)),
            ("limit", "int", vm.get("maximum_mb", 1048576)), ("priority", "uint", 5000),
            ("reservation", "int", vm.get("minimum_mb", 512)), ("size", "int", vm.get("memory_mb", 1024)),
            ("target_memory_buffer", "double", 20.0)]
    settings = [("global", "node", [("logical_id", "string", vm.get("logical_id", vm["id"]))]),
                ("memory", "node", [("bank", "node", bank)]),
                ("processors", "node", [("count", "int", vm.get("vcpus", 1)),
                                        ("features", "node", [("limit", "bool", vm.get("compat", False))])])]
    manifest, devices = [], []
    for n, adapter in enumerate(vm.get("adapters", [])):
        instance = adapter["instance"]
        manifest.append(("vdev%03d" % len(manifest), "node", [
            ("device", "string", "2fc216b0-d2e2-4967-9b6d-b8a5c9ca2778"), ("instance", "string", instance.upper()),
            ("name", "string", "Synthetic Ethernet Port")]))
        devices.append(("_%s_" % instance.lower(), "node", [
            ("FriendlyName", "string", adapter.get("name", "Network Adapter")),
            ("MacAddress", "string", adapter["mac"]), ("MacAddressIsStatic", "bool", adapter.get("static", False)),
            ("IsConnected", "bool", True), ("SwitchName", "string", adapter.get("switch_id", "")),
            ("Connection", "node", [("AltSwitchName", "string", adapter.get("switch", ""))])]))
    if vm.get("drives"):
        scsi = "dbcf5442-5b2e-4471-9b01-8aa4c5d0d011"
        manifest.append(("vdev%03d" % len(manifest), "node", [
            ("device", "string", "d422512d-2bf2-4752-809d-7b82b5fcb1b4"), ("instance", "string", scsi.upper()),
            ("name", "string", "Synthetic SCSI Controller")]))
        drives = [("drive%d" % i, "node", [("type", "string", "VHD"), ("pathname", "string", path)])
                  for i, path in enumerate(vm["drives"])]
        devices.append(("_%s_" % scsi, "node", [("controller0", "node", drives)]))
    snapshots = [("list", "node", [("size", "int", vm.get("snapshot_count", 0))])]
    config = [("properties", "node", props), ("settings", "node", settings),
              ("global_settings", "node", [("snapshots", "node", snapshots)]),
              ("manifest", "node", manifest)] + devices
    return [("configuration", "node", config)]


def main():
    spec = json.load(open(sys.argv[1]))
    tree = vm_tree(spec["vm"]) if "vm" in spec else json_tree(spec["tree"])
    open(sys.argv[2], "wb").write(build(tree, **spec.get("options", {})))


def json_tree(items):
    out = []
    for name, kind, value in items:
        if kind == "node":
            value = json_tree(value)
        elif kind == "array":
            value = bytes.fromhex(value)
        out.append((name, kind, value))
    return out


if __name__ == "__main__":
    main()
