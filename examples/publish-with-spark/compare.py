#!/usr/bin/env python3
"""Checks a bundle published with Spark against healthdash's own build of the same files.

    python3 compare.py REFERENCE PUBLISHED

Both are bundle folders. They must list the same files (paths, rows,
organisation types), the same indicator metadata and periods, the same
organisations in the same places, and every row must carry the same key and
numbers (to 12 significant digits). Exit 0 and one line when they match; exit
1 naming the first difference.
"""

import json
import os
import sys

import pyarrow.parquet as pq


def fail(message):
    sys.exit(f"compare.py: {message}")


def rows(bundle, manifest):
    out = []
    for f in manifest["files"]:
        out.extend(pq.read_table(os.path.join(bundle, f["path"])).to_pylist())
    return sorted(out, key=lambda r: (r["org_code"], r["period_start"], sorted((k, v) for k, v in r.items() if k.startswith("dim_") and v is not None)))


def main(argv):
    if len(argv) != 3:
        sys.exit("usage: python3 compare.py REFERENCE PUBLISHED")
    ref, pub = argv[1:]
    a, b = (json.load(open(os.path.join(d, "manifest.json"), encoding="utf-8")) for d in (ref, pub))
    files = lambda m: [(f["path"], f["rows"], f["org_types"]) for f in m["files"]]
    if files(a) != files(b):
        fail(f"files differ: {files(a)} != {files(b)}")
    if a["indicators"] != b["indicators"]:
        fail("indicator metadata or periods differ")
    place = lambda m: [(o["code"], o["name"], o["type"], o["parents"]) for o in m["organisations"]]
    for x, y in zip(place(a), place(b)):
        if x != y:
            fail(f"organisation differs: {x} != {y}")
    if len(place(a)) != len(place(b)):
        fail(f"{len(place(a))} organisations != {len(place(b))}")
    ra, rb = rows(ref, a), rows(pub, b)
    if len(ra) != len(rb):
        fail(f"{len(ra)} rows != {len(rb)}")
    for x, y in zip(ra, rb):
        for k in x:
            p, q = x[k], y.get(k)
            same = (abs(p - q) <= 1e-12 * max(abs(q), 1.0)) if isinstance(p, float) and isinstance(q, float) else p == q
            if not same:
                fail(f"{x['org_code']} {x['period_label']}: column {k}: {p!r} (healthdash) != {q!r} (published)")
    print(f"{pub} matches {ref}: {len(ra)} rows, {len(place(a))} organisations")


if __name__ == "__main__":
    main(sys.argv)
