#!/usr/bin/env python3
"""Seed corpora for `make fuzz`, generated (never committed) from the bundle
that `make bundle` writes.

Usage: python3 fuzz/seeds/seeds.py <bundle dir> <corpus dir>

  manifest: the bundle's manifest.json cut down to a few entries of each list
            (same shape, a few KB instead of 170 KB, so libFuzzer mutates it
            quickly), written to <corpus dir>/manifest/.
  parquet:  the first rows of a few of the bundle's values files written again
            with pyarrow in the layouts other tools use (dictionary, plain and
            large strings; DATE, DATE64, TIMESTAMP and ISO-string dates;
            integer (signed and unsigned) and float32 numbers; nulls; several
            row groups; data page v1 and v2; dictionary, DELTA_BINARY_PACKED,
            DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY and BYTE_STREAM_SPLIT
            encodings; snappy, gzip, lz4, zstd and uncompressed), to
            <corpus dir>/parquet/. Skipped with a
            message when pyarrow is missing (`make python-tools` installs it).

The small files healthdash itself writes are added by the Makefile (it builds
fuzz/seeds/values.csv with `healthdash build`).
"""

import json
import os
import sys


def cut(value, keep):
    if isinstance(value, list):
        return [cut(v, keep) for v in value[:keep]]
    if isinstance(value, dict):
        return {k: cut(v, keep) for k, v in value.items()}
    return value


def manifest_seeds(bundle, out):
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(bundle, "manifest.json")) as f:
        manifest = json.load(f)
    for keep in (2, 6):
        with open(os.path.join(out, f"seed-bundle-{keep}.json"), "w") as f:
            json.dump(cut(manifest, keep), f, indent=1)
    return 2


def parquet_seeds(bundle, out):
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq
    except ImportError:
        print("seeds.py: pyarrow is missing; parquet seeds are only the files healthdash writes (make python-tools installs it)")
        return 0
    os.makedirs(out, exist_ok=True)
    values = os.path.join(bundle, "values")
    files = sorted(os.listdir(values), key=lambda n: os.path.getsize(os.path.join(values, n)))[:3]
    count = 0
    for name in files:
        stem = name.removesuffix(".parquet")
        table = pq.read_table(os.path.join(values, name)).slice(0, 24)

        def write(tag, t, **kw):
            nonlocal count
            pq.write_table(t, os.path.join(out, f"{stem}-{tag}.parquet"), **kw)
            count += 1

        write("dict-snappy", table, compression="snappy")
        write("dict-v2-gzip", table, compression="gzip", data_page_version="2.0", row_group_size=10)
        plain = table.cast(pa.schema([
            pa.field(f.name, pa.string() if pa.types.is_dictionary(f.type) else f.type, f.nullable)
            for f in table.schema]))
        write("plain-lz4", plain, compression="lz4", use_dictionary=False)
        large = plain.cast(pa.schema([
            pa.field(f.name, pa.large_string() if f.type == pa.string() else f.type) for f in plain.schema]))
        write("large-none", large, compression="none", use_dictionary=False, write_statistics=False)
        mixed = plain.set_column(
            plain.schema.get_field_index("period_start"), "period_start",
            pc.cast(plain["period_start"], pa.date64()))
        mixed = mixed.set_column(
            mixed.schema.get_field_index("period_end"), "period_end",
            pc.cast(plain["period_end"], pa.string()))
        mixed = mixed.set_column(
            mixed.schema.get_field_index("numerator"), "numerator",
            pc.cast(pc.fill_null(plain["numerator"], 0), pa.int64()))
        mixed = mixed.set_column(
            mixed.schema.get_field_index("value"), "value", pc.cast(plain["value"], pa.float32()))
        write("date64-int-f32", mixed, compression="snappy", row_group_size=7)
        required = plain.select(["indicator_id", "org_code", "period_start", "period_label", "value"])
        write("required-only", required, compression="none")
        # The other encodings and codecs the reader decodes: delta and
        # byte-stream-split columns, zstd, timestamps, unsigned integers.
        strings = ["indicator_id", "org_code", "period_label", "breakdown_type", "breakdown_value"]
        encodings = {c: "DELTA_BINARY_PACKED" for c in ["period_start", "period_end"]}
        encodings.update({c: "DELTA_LENGTH_BYTE_ARRAY" for c in strings[:2]})
        encodings.update({c: "DELTA_BYTE_ARRAY" for c in strings[2:]})
        encodings.update({f.name: "BYTE_STREAM_SPLIT" for f in plain.schema if pa.types.is_floating(f.type)})
        write("delta-zstd-v2", plain, compression="zstd", use_dictionary=False, column_encoding=encodings,
              data_page_version="2.0", row_group_size=10)
        write("delta-none", plain, compression="none", use_dictionary=False, column_encoding=encodings)
        stamps = plain.set_column(
            plain.schema.get_field_index("period_start"), "period_start",
            pc.cast(pc.cast(plain["period_start"], pa.timestamp("ms")), pa.timestamp("us")))
        stamps = stamps.set_column(
            stamps.schema.get_field_index("numerator"), "numerator",
            pc.cast(pc.fill_null(plain["numerator"], 0), pa.uint32()))
        write("timestamp-uint-zstd", stamps, compression="zstd", data_page_size=64)
    return count


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    bundle, corpus = sys.argv[1:]
    m = manifest_seeds(bundle, os.path.join(corpus, "manifest"))
    p = parquet_seeds(bundle, os.path.join(corpus, "parquet"))
    print(f"seeds.py: {m} manifest and {p} parquet seeds from {bundle} in {corpus}")


if __name__ == "__main__":
    main()
