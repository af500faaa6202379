#!/usr/bin/env python3
"""Dumps the key tree of a Hyper-V storage file (.vmcx / .vmrs / .vsv), independently of hvplan.

Follows Microsoft's openvmm `support/hvs_file/FORMAT.md` (MIT) and ../shared/formats.md section 7:
both headers, the chained object tables, every key table read before any parent is resolved,
every CRC checked (free entries excepted).  Output: one line per key, `path type value`, children
in insertion order; `--raw` adds each entry's table, offset and insertion sequence.

Usage: vmcx-dump.py [--raw] FILE
"""
import struct
import sys
import zlib

HEADER_SIGNATURE = 0x01282014
OBJECT_TABLE_SIGNATURE = 0x01110001
TYPES = {1: "free", 3: "int", 4: "uint", 5: "double", 6: "string", 7: "array", 8: "bool", 9: "node"}


def crc_zeroed(data, at):
    return zlib.crc32(data[:at] + b"\0\0\0\0" + data[at + 4:]) & 0xFFFFFFFF


def read_header(data, offset):
    head = data[offset:offset + 46]
    if len(head) < 46:
        return None
    sig, crc, seq = struct.unpack_from("<IIH", head)
    if sig != HEADER_SIGNATURE or crc != crc_zeroed(head, 4):
        return None
    version, data_version, flags, align, log_off, log_size, log_hdr = struct.unpack_from("<IIIIQQI", head, 10)
    return dict(seq=seq, version=version, align=align, log=(log_off, log_size, log_hdr))


def object_tables(data, header):
    offset, size, seen = 8192, header["align"], set()
    while offset is not None:
        if offset in seen:
            raise ValueError("object tables loop at %d" % offset)
        seen.add(offset)
        sig, count = struct.unpack_from("<II", data, offset)
        if sig != OBJECT_TABLE_SIGNATURE:
            raise ValueError("no object table at %d" % offset)
        following = None
        for i in range(count):
            at = offset + 8 + 18 * i
            entry = data[at:at + 18]
            kind, crc, where, length, flags = struct.unpack("<BIQIB", entry)
            if kind != 0 and crc != crc_zeroed(entry, 1):
                raise ValueError("object table entry %d at %d: bad CRC" % (i, at))
            if kind == 1:
                following = where
            elif kind in (2, 3):
                yield kind, where, length
        offset = following


def key_entries(data, where, length):
    sig, index, seq, crc = struct.unpack_from("<HHHI", data, where)
    head = data[where:where + 10]
    if sig != 2 or crc != crc_zeroed(head, 6):
        raise ValueError("key table at %d: bad signature or CRC" % where)
    at, end = where + 10, where + length
    while at + 21 <= end:
        kind, flags, size, ptable, poffset, crc, iseq, nlen = struct.unpack_from("<BBIHIIIB", data, at)
        if size < 21 or at + size > end:
            raise ValueError("entry at %d: size %d" % (at, size))
        if kind != 1:
            name = data[at + 21:at + 21 + nlen]
            body = at + 21 + nlen
            if flags & 1:
                vlen = 12
            elif kind in (3, 4, 5):
                vlen = 8
            elif kind == 8:
                vlen = 4
            elif kind == 9:
                vlen = 12
            else:
                vlen = 4 + struct.unpack_from("<I", data, body)[0]
            meaningful = data[at:body + vlen]
            if crc != crc_zeroed(meaningful, 12):
                raise ValueError("entry at %d: bad CRC" % at)
            yield dict(table=index, offset=at - where, kind=kind, flags=flags, parent=(ptable, poffset),
                       seq=iseq, name=name.rstrip(b"\0").decode("utf-8"), body=body, vlen=vlen)
        at += size


def value_text(data, e):
    body, kind = e["body"], e["kind"]
    if e["flags"] & 1:
        size, offset = struct.unpack_from("<IQ", data, body)
        raw = data[offset:offset + size]
        if kind == 6:
            return repr(raw.decode("utf-16-le"))
        return "file-object(%d bytes at %d) %s" % (size, offset, raw[:16].hex())
    if kind == 3:
        return str(struct.unpack_from("<q", data, body)[0])
    if kind == 4:
        return str(struct.unpack_from("<Q", data, body)[0])
    if kind == 5:
        return repr(struct.unpack_from("<d", data, body)[0])
    if kind == 8:
        return str(struct.unpack_from("<i", data, body)[0])
    if kind == 9:
        return "next=%d" % struct.unpack_from("<I", data, body + 8)[0]
    length = struct.unpack_from("<I", data, body)[0]
    raw = data[body + 4:body + 4 + length]
    return repr(raw.decode("utf-16-le")) if kind == 6 else raw.hex()


def main():
    raw = "--raw" in sys.argv
    data = open(sys.argv[-1], "rb").read()
    headers = [h for h in (read_header(data, 0), read_header(data, 4096)) if h]
    if not headers:
        sys.exit("no valid header")
    header = max(headers, key=lambda h: h["seq"])
    print("# format %#x sequence %d alignment %d replay log %s" % (header["version"], header["seq"],
                                                                  header["align"], header["log"]))
    entries = {}
    for kind, where, length in object_tables(data, header):
        if kind == 2:
            for e in key_entries(data, where, length):
                entries[(e["table"], e["offset"])] = e
    children = {}
    for key, e in entries.items():
        children.setdefault(e["parent"], []).append(key)

    def walk(parent, path, depth):
        if depth > 64:
            raise ValueError("too deep")
        for key in sorted(children.get(parent, []), key=lambda k: entries[k]["seq"]):
            e = entries[key]
            here = path + "/" + e["name"] if path else e["name"]
            extra = " [table %d offset %d seq %d]" % (key[0], key[1], e["seq"]) if raw else ""
            print("%s %s %s%s" % (here, TYPES.get(e["kind"], e["kind"]), value_text(data, e), extra))
            if e["kind"] == 9:
                walk(key, here, depth + 1)
    walk((0, 0), "", 0)


if __name__ == "__main__":
    main()
