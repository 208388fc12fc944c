#!/usr/bin/env python3
"""Interop check: healthdash bundles and the common Parquet tools.

Usage: python3 tests/interop/check_interop.py <dir>

<dir>/bundle/ holds a bundle written by `healthdash build`; <dir>/expect.json
names one row of it (file, org_code, period_start, breakdown_type,
breakdown_value) and its value. This script

  (a) reads every values file with pyarrow, DuckDB and polars, and checks the
      schema and Parquet layout, the row counts against manifest.json and the
      expected value;
  (b) writes the rows of the expected file again, to the schema documented in
      docs/bundle-format.md, into <dir>/written/: with pyarrow (snappy, gzip,
      lz4 and zstd; data page V2; and a file with no dictionary whose columns
      use DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY and
      BYTE_STREAM_SPLIT), DuckDB (snappy, gzip, lz4 and zstd, plus a file with
      only the required columns) and polars (snappy, and its default, zstd).
      The Rust test (crates/cli/tests/cli/interop.rs) decodes every one with
      decode_values and compares it with the expected file's rows.

Exit status: 0 when every check passed, 1 when one failed, 3 when a Python
package is missing (install with: pip install pyarrow duckdb polars).
"""

import json
import math
import os
import sys

try:
    import duckdb
    import polars as pl
    import pyarrow as pa
    import pyarrow.parquet as pq
except ImportError as e:
    print(f"missing Python package {e.name!r}: pip install pyarrow duckdb polars", file=sys.stderr)
    sys.exit(3)

STRINGS = ["indicator_id", "org_code", "period_label", "breakdown_type", "breakdown_value"]
DATES = ["period_start", "period_end"]
NUMBERS = ["numerator", "denominator", "value", "lower_95", "upper_95", "lower_998", "upper_998"]
COLUMNS = ["indicator_id", "org_code", "period_start", "period_end", "period_label", "breakdown_type", "breakdown_value"] + NUMBERS


def fail(message):
    print(f"check_interop: {message}", file=sys.stderr)
    sys.exit(1)


def same(a, b):
    return a == b or (a is not None and b is not None and math.isclose(a, b, rel_tol=1e-12))


def parquet_layout_checks(name, meta):
    """The Parquet-level layout of docs/bundle-format.md: physical and logical
    types, required or optional, Snappy, strings dictionary-encoded, numbers
    and dates PLAIN. (pyarrow reads the strings as plain `string`: only a
    file carrying pyarrow's own ARROW:schema metadata reads as dictionary<string>.)"""
    names = [meta.schema.column(i).name for i in range(meta.num_columns)]
    if names != COLUMNS:
        fail(f"{name}: columns {names}, expected {COLUMNS}")
    for i, column in enumerate(names):
        c = meta.schema.column(i)
        dictionary = column in STRINGS
        if column in STRINGS:
            expected = ("BYTE_ARRAY", "STRING", 0)
        elif column in DATES:
            expected = ("INT32", "DATE", 0)
        else:
            expected = ("DOUBLE", "NONE", 1)
        got = (c.physical_type, c.logical_type.type, c.max_definition_level)
        if got != expected:
            fail(f"{name}: {column} is (physical, logical, max definition level) {got}, expected {expected}")
        for g in range(meta.num_row_groups):
            chunk = meta.row_group(g).column(i)
            if chunk.compression != "SNAPPY":
                fail(f"{name}: {column} compression {chunk.compression}, expected SNAPPY")
            data = set(chunk.encodings) - {"RLE"}
            want = {"PLAIN", "RLE_DICTIONARY"} if dictionary else {"PLAIN"}
            if data != want or chunk.has_dictionary_page != dictionary or not chunk.is_stats_set:
                fail(f"{name}: {column} encodings {chunk.encodings}, dictionary page {chunk.has_dictionary_page}, statistics {chunk.is_stats_set}")


def read_checks(bundle, expect):
    manifest = json.load(open(os.path.join(bundle, "manifest.json")))
    if not manifest["format_version"].startswith("1."):
        fail(f"format_version {manifest['format_version']}")
    for f in manifest["files"]:
        path = os.path.join(bundle, f["path"])
        table = pq.read_table(path)
        schema = table.schema
        for name in STRINGS:
            t = schema.field(name).type
            if not pa.types.is_string(t):
                fail(f"{f['path']}: {name} is {t}, expected string")
        for name in DATES:
            if schema.field(name).type != pa.date32():
                fail(f"{f['path']}: {name} is {schema.field(name).type}, expected date32")
        for name in NUMBERS:
            if schema.field(name).type != pa.float64():
                fail(f"{f['path']}: {name} is {schema.field(name).type}, expected double")
        parquet_layout_checks(f["path"], pq.ParquetFile(path).metadata)
        counts = {
            "pyarrow": table.num_rows,
            "duckdb": duckdb.sql(f"SELECT count(*) FROM read_parquet('{path}')").fetchall()[0][0],
            "polars": pl.read_parquet(path).height,
        }
        for tool, n in counts.items():
            if n != f["rows"]:
                fail(f"{f['path']}: {tool} reads {n} rows, the manifest says {f['rows']}")

    path = os.path.join(bundle, expect["file"])
    where = (
        f"org_code = '{expect['org_code']}' AND period_start = DATE '{expect['period_start']}' "
        f"AND breakdown_type = '{expect['breakdown_type']}' AND breakdown_value = '{expect['breakdown_value']}'"
    )
    got = {"duckdb": [r[0] for r in duckdb.sql(f"SELECT value FROM read_parquet('{path}') WHERE {where}").fetchall()]}
    df = pl.read_parquet(path).with_columns([pl.col(c).cast(pl.Utf8) for c in STRINGS])
    got["polars"] = df.filter(
        (pl.col("org_code") == expect["org_code"])
        & (pl.col("period_start").cast(pl.Utf8) == expect["period_start"])
        & (pl.col("breakdown_type") == expect["breakdown_type"])
        & (pl.col("breakdown_value") == expect["breakdown_value"])
    )["value"].to_list()
    rows = pq.read_table(path).to_pylist()
    got["pyarrow"] = [
        r["value"]
        for r in rows
        if r["org_code"] == expect["org_code"]
        and r["period_start"].isoformat() == expect["period_start"]
        and r["breakdown_type"] == expect["breakdown_type"]
        and r["breakdown_value"] == expect["breakdown_value"]
    ]
    for tool, values in got.items():
        if len(values) != 1 or not same(values[0], expect["value"]):
            fail(f"{expect['file']}: {tool} finds {values} for the expected row, expected [{expect['value']}]")
    return rows


def write_pyarrow(rows, out):
    dict_string = pa.dictionary(pa.int32(), pa.string())
    arrays = []
    for name in COLUMNS:
        values = [r[name] for r in rows]
        if name in STRINGS:
            arrays.append(pa.array(values, type=pa.string()).dictionary_encode().cast(dict_string))
        elif name in DATES:
            arrays.append(pa.array(values, type=pa.date32()))
        else:
            arrays.append(pa.array(values, type=pa.float64()))
    table = pa.Table.from_arrays(arrays, names=COLUMNS)
    for codec in ["snappy", "gzip", "lz4", "zstd"]:
        pq.write_table(table, os.path.join(out, f"pyarrow-{codec}.parquet"), compression=codec, row_group_size=65536)
    pq.write_table(table, os.path.join(out, "pyarrow-v2.parquet"), data_page_version="2.0", row_group_size=65536)
    # No dictionaries: each column in one of the other encodings the format defines.
    plain = table.cast(pa.schema([pa.field(f.name, pa.string() if f.name in STRINGS else f.type) for f in table.schema]))
    encodings = {
        "period_start": "DELTA_BINARY_PACKED",
        "period_end": "DELTA_BINARY_PACKED",
        "indicator_id": "DELTA_LENGTH_BYTE_ARRAY",
        "org_code": "DELTA_LENGTH_BYTE_ARRAY",
        "period_label": "DELTA_BYTE_ARRAY",
        "breakdown_type": "DELTA_BYTE_ARRAY",
        "breakdown_value": "DELTA_BYTE_ARRAY",
        **{c: "BYTE_STREAM_SPLIT" for c in NUMBERS},
    }
    path = os.path.join(out, "pyarrow-delta.parquet")
    pq.write_table(plain, path, use_dictionary=False, column_encoding=encodings, compression="zstd", row_group_size=65536)
    meta = pq.ParquetFile(path).metadata.row_group(0)
    for i in range(meta.num_columns):
        column = meta.column(i)
        if encodings[column.path_in_schema] not in column.encodings:
            fail(f"pyarrow-delta.parquet: {column.path_in_schema} is {column.encodings}, expected {encodings[column.path_in_schema]}")


def write_duckdb(rows, out):
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    types = {**{c: "VARCHAR" for c in STRINGS}, **{c: "DATE" for c in DATES}, **{c: "DOUBLE" for c in NUMBERS}}
    con.execute("CREATE TABLE v (" + ", ".join(f"{c} {types[c]}" for c in COLUMNS) + ")")
    con.executemany(f"INSERT INTO v VALUES ({', '.join('?' for _ in COLUMNS)})", [[r[c] for c in COLUMNS] for r in rows])
    for codec in ["snappy", "gzip", "lz4", "zstd"]:
        target = os.path.join(out, "duckdb.parquet" if codec == "snappy" else f"duckdb-{codec}.parquet")
        con.execute(f"COPY (SELECT * FROM v ORDER BY org_code, period_start) TO '{target}' (FORMAT parquet, COMPRESSION {codec}, ROW_GROUP_SIZE 65536)")
    target = os.path.join(out, "duckdb-minimal.parquet")
    con.execute(f"COPY (SELECT indicator_id, org_code, period_start, period_label, value FROM v) TO '{target}' (FORMAT parquet)")


def write_polars(rows, out):
    schema = {**{c: pl.Utf8 for c in STRINGS}, **{c: pl.Date for c in DATES}, **{c: pl.Float64 for c in NUMBERS}}
    df = pl.DataFrame([{c: r[c] for c in COLUMNS} for r in rows], schema=schema)
    df.write_parquet(os.path.join(out, "polars.parquet"), compression="snappy", row_group_size=65536)
    # polars' default compression is zstd.
    df.write_parquet(os.path.join(out, "polars-zstd.parquet"))


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    work = sys.argv[1]
    expect = json.load(open(os.path.join(work, "expect.json")))
    rows = read_checks(os.path.join(work, "bundle"), expect)
    out = os.path.join(work, "written")
    os.makedirs(out, exist_ok=True)
    write_pyarrow(rows, out)
    write_duckdb(rows, out)
    write_polars(rows, out)
    print(f"check_interop: read {expect['file']} with pyarrow, duckdb and polars; wrote {len(os.listdir(out))} files to {out}")


if __name__ == "__main__":
    main()
