#!/usr/bin/env python3
"""Generates N binary VM configurations for t/bench/collect/vmcx.sh: copies of a real .vmcx
(../shared/samples/vmcx, read by t/vmcx/vmcx-dump.py) with varied values (id, name, memory, vCPUs),
written by t/vmcx/write-vmcx.py, and the equivalent 2012 R2-style XML of each (UTF-16LE with a BOM,
`type` attributes), so that both readers parse the same key tree.

Usage: vmcx-generate.py SAMPLE.vmcx N VMCX-DIR XML-DIR"""
import base64
import importlib.util
import os
import struct
import sys
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, "..", "..", "vmcx", path))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


dump = load("vmcx_dump", "vmcx-dump.py")
writer = load("write_vmcx", "write-vmcx.py")
KINDS = {3: "int", 4: "uint", 5: "double", 6: "string", 7: "array", 8: "bool", 9: "node"}


def read_tree(data):
    header = max((h for h in (dump.read_header(data, 0), dump.read_header(data, 4096)) if h),
                 key=lambda h: h["seq"])
    entries = {}
    for kind, where, length in dump.object_tables(data, header):
        if kind == 2:
            for e in dump.key_entries(data, where, length):
                entries[(e["table"], e["offset"])] = e
    children = {}
    for key, e in entries.items():
        children.setdefault(e["parent"], []).append(key)

    def value(e):
        body, kind = e["body"], e["kind"]
        if kind in (3, 4):
            return struct.unpack_from("<q" if kind == 3 else "<Q", data, body)[0]
        if kind == 5:
            return struct.unpack_from("<d", data, body)[0]
        if kind == 8:
            return struct.unpack_from("<i", data, body)[0] != 0
        length = struct.unpack_from("<I", data, body)[0]
        raw = data[body + 4:body + 4 + length]
        return raw.decode("utf-16-le") if kind == 6 else raw

    def build(parent):
        out = []
        for key in sorted(children.get(parent, []), key=lambda k: entries[k]["seq"]):
            e = entries[key]
            kind = KINDS[e["kind"]]
            out.append((e["name"], kind, build(key) if kind == "node" else value(e)))
        return out
    return build((0, 0))


def vary(tree, replace):
    out = []
    for name, kind, value in tree:
        if kind == "node":
            value = vary(value, replace.get(name, {}) if isinstance(replace.get(name), dict) else {})
        elif name in replace and not isinstance(replace[name], dict):
            value = replace[name]
        out.append((name, kind, value))
    return out


def to_xml(tree, out, depth=0):
    for name, kind, value in tree:
        pad = "  " * depth
        if kind == "node":
            out.append("%s<%s>" % (pad, name))
            to_xml(value, out, depth + 1)
            out.append("%s</%s>" % (pad, name))
            continue
        if kind == "bool":
            text, xtype = ("True" if value else "False"), "bool"
        elif kind == "array":
            text, xtype = base64.b64encode(value).decode(), "bytes"
        elif kind == "string":
            text, xtype = escape(value), "string"
        else:
            text, xtype = str(value), "integer"
        out.append('%s<%s type="%s">%s</%s>' % (pad, name, xtype, text, name))


def main():
    sample, count, vmcx_dir, xml_dir = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    tree = read_tree(open(sample, "rb").read())
    for i in range(count):
        vm_id = "%08X-0000-4000-8000-%012X" % (i, i)
        replace = {"configuration": {
            "properties": {"name": "vm%d" % i, "global_id": vm_id},
            "settings": {"global": {"logical_id": vm_id}, "memory": {"bank": {"size": 512 * (1 + i % 16)}},
                         "processors": {"count": 1 + i % 8}}}}
        varied = vary(tree, replace)
        with open(os.path.join(vmcx_dir, vm_id + ".vmcx"), "wb") as stream:
            stream.write(writer.build(varied))
        lines = ['<?xml version="1.0" encoding="UTF-16" standalone="yes"?>']
        to_xml(varied, lines)
        with open(os.path.join(xml_dir, vm_id + ".xml"), "wb") as stream:
            stream.write(b"\xff\xfe" + "\r\n".join(lines).encode("utf-16-le"))


if __name__ == "__main__":
    main()
