#!/usr/bin/env python3
"""What each crate costs in the app's WebAssembly: `make wasm-size`.

Reads `twiggy top -f csv` of the release .wasm as Cargo wrote it (the whole
app, before tools/split_wasm.py splits it into the modules of src/split.rs; before
wasm-opt strips the names) on standard input and prints the code and data
size by crate, largest first. A function is counted under the first crate
its name mentions (for a generic `<charming::Chart as serde::Serialize>`,
charming: the crate whose type made the code exist). Sizes are before
wasm-opt -Oz, which shrinks every crate by a similar share; the shipped
size, raw and gzip, is printed by the Makefile after this table.
"""
import collections
import csv
import re
import sys

# Modules of our own crates are split out; everything else is grouped by crate.
OWN = ["healthdash_core::chart", "healthdash_core::view", "healthdash_core::bundle", "healthdash_core::query",
       "healthdash_core::stats", "healthdash_core::table", "healthdash_core", "healthdash"]
CRATE = re.compile(r"(?<![A-Za-z0-9_])([a-z_][a-z0-9_]*)::")


def owner(name):
    for own in OWN:
        if re.search(r"(?<![A-Za-z0-9_])" + re.escape(own) + "::", name):
            first_own = re.search(r"(?<![A-Za-z0-9_])" + re.escape(own) + "::", name).start()
            first_any = CRATE.search(name)
            if first_any and first_any.start() < first_own and not first_any.group(1).startswith("healthdash"):
                return first_any.group(1)
            return own
    m = CRATE.search(name)
    return m.group(1) if m else "(unnamed)"


def main():
    sizes = collections.Counter()
    for row in csv.DictReader(sys.stdin):
        name, size = row["Name"], int(row["ShallowSize"])
        if name.startswith('"function names"') or name.startswith("custom section"):
            continue  # names and wasm-bindgen's metadata: stripped from the shipped file
        if name.startswith("data segment"):
            sizes["(static data)"] += size
        elif name.startswith("code[") or name.startswith("type[") or name.startswith("table[") or name.startswith("elem["):
            sizes["(unnamed)"] += size
        else:
            sizes[owner(name)] += size
    total = sum(sizes.values())
    print(f"{'bytes':>10}  {'share':>6}  crate (code and data before wasm-opt; {total:,} bytes in all)")
    for crate, size in sizes.most_common(30):
        print(f"{size:>10,}  {100 * size / total:5.1f}%  {crate}")


if __name__ == "__main__":
    main()
