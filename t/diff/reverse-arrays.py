#!/usr/bin/python3
"""reverse-arrays.py IN OUT: the JSON document IN with every array reversed, at every depth, into OUT
(indented by one space).  t5000-diff's point "the same input with every array reversed gives the
same bytes" diffs it against the source; made once when the tests are built (t/meson.build)."""
import json
import sys


def rev(x):
    if isinstance(x, list):
        return [rev(i) for i in reversed(x)]
    if isinstance(x, dict):
        return {k: rev(v) for k, v in x.items()}
    return x


with open(sys.argv[1]) as source, open(sys.argv[2], "w") as out:
    json.dump(rev(json.load(source)), out, indent=1)
