#!/usr/bin/env python3
"""Seeds of the "vmcx" fuzz target: synthetic Hyper-V storage files made by t/vmcx/write-vmcx.py
(Microsoft's FORMAT.md), covering what the two real files (the other seed folder,
../shared/samples/vmcx) lack: file objects, UInt and Double, chained object tables, small key
tables written children first, a replay log with entries, a corrupt newer header copy, a saved
state.  Usage: vmcx-seeds.py OUT"""
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("make_root", os.path.join(HERE, "..", "vmcx", "make-root.py"))
make_root = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_root)


def main():
    out = sys.argv[1]
    make_root.main_into(out)
    for folder, _dirs, files in os.walk(out):
        for name in files:
            path = os.path.join(folder, name)
            os.rename(path, os.path.join(out, os.path.basename(folder).replace(" ", "-") + "-" + name))
    for folder in ("Virtual Machines", "Snapshots"):
        os.rmdir(os.path.join(out, folder))


if __name__ == "__main__":
    main()
