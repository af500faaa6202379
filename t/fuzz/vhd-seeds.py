#!/usr/bin/env python3
"""Seeds for the "vhd" fuzz target (fuzz-vhd.c): real images from t/data/vhd, small images made
with qemu-img, differencing chains and the hostile VHD files of t/data/hostile/vhd, each turned into
the target's record encoding (file byte, 4-byte offset, 2-byte length, bytes) with runs of zero
512-byte blocks left out.

    python3 t/fuzz/vhd-seeds.py OUTPUT-FOLDER
"""
import bz2
import gzip
import lzma
import os
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data")
BLOCK = 512
MAX_RECORD = 0xFFFF // BLOCK * BLOCK


def encode(files):
    """files: list of up to 4 byte strings (None: no such file) → one fuzz input."""
    out = bytearray()
    for index, data in enumerate(files):
        if data is None:
            continue
        if len(data) >= 1 << 32:
            raise ValueError("file too large for the encoding")
        # A zero-length record at the end makes the file its full length.
        out += struct.pack("<BIH", index, len(data), 0)
        start = None
        for offset in range(0, len(data) + BLOCK, BLOCK):
            block = data[offset:offset + BLOCK]
            nonzero = any(block)
            if nonzero and start is None:
                start = offset
            if start is not None and (not nonzero or offset - start >= MAX_RECORD):
                chunk = data[start:offset]
                out += struct.pack("<BIH", index, start, len(chunk)) + chunk
                start = offset if nonzero else None
    return bytes(out)


def vhd_checksum(structure, checksum_offset):
    structure[checksum_offset:checksum_offset + 4] = b"\0\0\0\0"
    total = sum(structure) & 0xFFFFFFFF
    structure[checksum_offset:checksum_offset + 4] = struct.pack(">I", ~total & 0xFFFFFFFF)


def vhd_set_parent_name(data, name):
    """Rewrites the Parent Unicode Name of a differencing VHD's Dynamic Disk Header."""
    data = bytearray(data)
    header_offset = struct.unpack(">Q", data[16:24])[0]
    header = data[header_offset:header_offset + 1024]
    assert header[:8] == b"cxsparse"
    encoded = name.encode("utf-16-be")
    header[64:64 + 512] = encoded + b"\0" * (512 - len(encoded))
    vhd_checksum(header, 36)
    data[header_offset:header_offset + 1024] = header
    return bytes(data)


def unpack(path):
    opener = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}[os.path.splitext(path)[1]]
    with opener(path, "rb") as stream:
        return stream.read()


def qemu_img(folder, name, fmt, size, *options):
    path = os.path.join(folder, name)
    if shutil.which("qemu-img") is None:
        return None
    subprocess.run(["qemu-img", "create", "-q", "-f", fmt, *options, path, size], check=True)
    with open(path, "rb") as stream:
        return stream.read()


def main():
    output = sys.argv[1]
    os.makedirs(output, exist_ok=True)
    seeds = {}
    samples = {}
    for folder, _, names in os.walk(os.path.join(DATA, "vhd")):
        for name in sorted(names):
            if name.endswith((".gz", ".bz2", ".xz")):
                samples[os.path.splitext(name)[0]] = unpack(os.path.join(folder, name))
    for name, data in samples.items():
        seeds["sample-" + name] = [data]
    with tempfile.TemporaryDirectory() as scratch:
        for name, args in {
            "qemu-vpc-dynamic": ("vpc", "1M"),
            "qemu-vpc-fixed": ("vpc", "1M", "-o", "subformat=fixed"),
            "qemu-vhdx-dynamic": ("vhdx", "1M"),
            "qemu-vhdx-fixed": ("vhdx", "1M", "-o", "subformat=fixed"),
        }.items():
            data = qemu_img(scratch, name, *args)
            if data is not None:
                seeds[name] = [data]
    child = samples.get("image-differential.vhd")
    parent = samples.get("image.vhd")
    if child is not None and parent is not None:
        seeds["chain-2"] = [vhd_set_parent_name(child, "disk1.vhd"), parent]
        seeds["chain-3"] = [vhd_set_parent_name(child, "disk1.vhd"),
                            vhd_set_parent_name(child, "disk2.vhd"), parent]
        seeds["chain-loop"] = [vhd_set_parent_name(child, "disk1.vhd"),
                               vhd_set_parent_name(child, "disk0.vhd")]
        seeds["chain-windows-path"] = [vhd_set_parent_name(child, "C:\\VMs\\disk1.vhd"), parent]
        seeds["chain-missing"] = [vhd_set_parent_name(child, "disk3.vhd")]
    hostile = os.path.join(DATA, "hostile", "vhd")
    if os.path.isdir(hostile):
        for name in sorted(os.listdir(hostile)):
            path = os.path.join(hostile, name)
            if os.path.isfile(path) and not name.endswith(".md"):
                with open(path, "rb") as stream:
                    seeds["hostile-" + name] = [stream.read()]
    for name, files in seeds.items():
        with open(os.path.join(output, name), "wb") as stream:
            stream.write(encode(files))


if __name__ == "__main__":
    main()
