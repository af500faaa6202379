#!/usr/bin/env python3
"""Writes a libvirt test-driver node file with N domains (default 5000) to stdout.

Each domain: 1-8 vCPUs, 1-16 GiB (some dynamic-like: maxMemory above currentMemory), one VHD disk
in the 'vms' pool (so its size is a volume lookup), one adapter on network 'lan', and every tenth
one two snapshots.  Synthetic: for t/bench/libvirt/bench.sh only."""
import sys

count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
out = sys.stdout
out.write("<node>\n")
for i in range(count):
    memory = 1024 * (1 + i % 16)
    current = memory // 2 if i % 3 == 0 else memory
    out.write(
        f"<domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>"
        f"<name>vm{i:05d}</name><uuid>00000000-0000-4000-8000-{i:012d}</uuid>"
        f"<memory unit='MiB'>{memory}</memory><currentMemory unit='MiB'>{current}</currentMemory>"
        f"<vcpu>{1 + i % 8}</vcpu><os><type>hvm</type></os><devices>"
        f"<disk type='file' device='disk'><driver name='qemu' type='vpc'/>"
        f"<source file='/srv/vms/vm{i:05d}.vhd'/><target dev='sda' bus='scsi'/></disk>"
        f"<interface type='network'><mac address='00:15:5d:{i >> 8 & 255:02x}:{i & 255:02x}:01'/>"
        f"<source network='lan'/></interface></devices>"
        f"<test:runstate>{1 if i % 2 else 5}</test:runstate>")
    if i % 10 == 0:
        out.write("<test:domainsnapshot><name>s1</name><creationTime>1600000000</creationTime>"
                  "<state>shutoff</state><active>0</active></test:domainsnapshot>"
                  "<test:domainsnapshot><name>s2</name><parent><name>s1</name></parent>"
                  "<creationTime>1600000100</creationTime><state>running</state>"
                  "<active>1</active></test:domainsnapshot>")
    out.write("</domain>\n")
out.write("<network><name>lan</name><bridge name='br0'/><forward mode='bridge'/></network>\n")
out.write("<pool type='dir'><name>vms</name><target><path>/srv/vms</path></target>\n")
for i in range(count):
    out.write(f"<volume><name>vm{i:05d}.vhd</name><capacity unit='GiB'>{20 + i % 100}</capacity>"
              f"<allocation unit='KiB'>{1024 + i}</allocation><target><format type='vpc'/></target>"
              f"</volume>\n")
out.write("</pool>\n")
out.write("<cpu><nodes>2</nodes><sockets>2</sockets><cores>32</cores><threads>2</threads></cpu>\n")
out.write("<memory>4294967296</memory>\n</node>\n")
