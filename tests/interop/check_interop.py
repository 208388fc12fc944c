#!/usr/bin/env python3
"""Interop check: healthdash bundles and the common Parquet tools.

Usage: python3 tests/interop/check_interop.py <dir>

<dir>/bundle/ holds a bundle written by `healthdash build`; <dir>/expect.json
names one row of it (file, org_code, period_start, and breakdown: an object
of dimension id -> category, {} for the whole population) and its value, and
optionally "partition": the files of one indicator and organisation type
(its whole-population rows and, written apart since format 2.1, its
breakdown rows), the expected file among them. This script

  (a) reads every values file with pyarrow, DuckDB and polars, and checks the
      schema and Parquet layout, the row counts against manifest.json and the
      expected value; and checks that DuckDB reading values/*/*.parquet at
      once sees every row of the bundle exactly once;
  (b) writes the rows of the partition (else of the expected file) again, to the schema documented in
      docs/bundle-format.md, into <dir>/written/: with pyarrow (snappy, gzip,
      lz4 and zstd; data page V2; and a file with no dictionary whose columns
      use DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY and
      BYTE_STREAM_SPLIT), DuckDB (snappy, gzip, lz4 and zstd, plus a file with
      only the required columns) and polars (snappy, and its default, zstd).
      The Rust test (crates/cli/tests/cli/interop.rs) decodes every one with
      decode_values and compares it with the expected file's rows. It also
      writes pyarrow-1x.parquet: the rows a format 1.x file can hold (at most
      one breakdown, of a 1.x type) in the 1.x layout (breakdown_type,
      breakdown_value), which format 2.0 readers must still open;
  (c) writes the whole bundle again as a publisher with pyarrow would, into
      <dir>/pyarrow-bundle/: every values file rewritten by pyarrow, each
      partition's whole-population rows and breakdown rows in separate
      files, and manifest.json written here to the documented schema
      (format 2.1: each file's size, SHA-256, rows and its breakdown_rows,
      worked out from its rows). The Rust test validates it and queries it.

Exit status: 0 when every check passed, 1 when one failed, 3 when a Python
package is missing (install with: pip install pyarrow duckdb polars).
"""

import hashlib
import json
import math
import os
import sys

try:
    import duckdb
    import polars as pl
    import pyarrow as pa
    import pyarrow.compute
    import pyarrow.parquet as pq
except ImportError as e:
    print(f"missing Python package {e.name!r}: pip install pyarrow duckdb polars", file=sys.stderr)
    sys.exit(3)

STRINGS = ["indicator_id", "org_code", "period_label"]
DATES = ["period_start", "period_end"]
NUMBERS = ["numerator", "denominator", "value", "lower_95", "upper_95", "lower_998", "upper_998"]
FIXED = ["indicator_id", "org_code", "period_start", "period_end", "period_label"]
LEGACY_TYPES = ["ethnicity", "deprivation_decile", "deprivation_quintile", "sex", "age"]


def columns_for(dims):
    """The documented column order: fixed keys, dim_ columns by id, numbers, suppressed."""
    return FIXED + [f"dim_{d}" for d in sorted(dims)] + NUMBERS + ["suppressed"]


def dims_of(names):
    return [n[len("dim_"):] for n in names if n.startswith("dim_")]


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
    expected_names = columns_for(dims_of(names))
    if names != expected_names:
        fail(f"{name}: columns {names}, expected {expected_names}")
    for i, column in enumerate(names):
        c = meta.schema.column(i)
        dimension = column.startswith("dim_")
        dictionary = column in STRINGS or dimension
        if column in STRINGS:
            expected = ("BYTE_ARRAY", "STRING", 0)
        elif dimension:
            expected = ("BYTE_ARRAY", "STRING", 1)
        elif column in DATES:
            expected = ("INT32", "DATE", 0)
        elif column == "suppressed":
            expected = ("BOOLEAN", "NONE", 1)
        else:
            expected = ("DOUBLE", "NONE", 1)
        got = (c.physical_type, c.logical_type.type, c.max_definition_level)
        if got != expected:
            fail(f"{name}: {column} is (physical, logical, max definition level) {got}, expected {expected}")
        for g in range(meta.num_row_groups):
            chunk = meta.row_group(g).column(i)
            if chunk.compression != "SNAPPY":
                fail(f"{name}: {column} compression {chunk.compression}, expected SNAPPY")
            if dimension and chunk.statistics is not None and chunk.statistics.null_count == chunk.num_values:
                continue  # a dimension no row of this group cuts: all null, nothing to encode
            data = set(chunk.encodings) - {"RLE"}
            want = {"PLAIN", "RLE_DICTIONARY"} if dictionary else {"PLAIN"}
            if data != want or chunk.has_dictionary_page != dictionary or not chunk.is_stats_set:
                fail(f"{name}: {column} encodings {chunk.encodings}, dictionary page {chunk.has_dictionary_page}, statistics {chunk.is_stats_set}")


def read_checks(bundle, expect):
    manifest = json.load(open(os.path.join(bundle, "manifest.json")))
    # The lowest version whose features the bundle uses: 3.0 once a
    # partition's whole-population and breakdown rows are two files, else 2.1.
    def overlap(a, b):
        types = not a.get("org_types") or not b.get("org_types") or set(a["org_types"]) & set(b["org_types"])
        return bool(types) and bool(set(a["indicators"]) & set(b["indicators"]))
    files = manifest["files"]
    split = any(f.get("breakdown_rows") == "only" and any(g.get("breakdown_rows") == "none" and overlap(f, g) for g in files) for f in files)
    if manifest["format_version"] != ("3.0" if split else "2.1"):
        fail(f"format_version {manifest['format_version']} for a bundle {'with' if split else 'without'} split partitions")
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
        declared = {d["id"] for d in manifest.get("dimensions", [])}
        for d in dims_of(schema.names):
            if not pa.types.is_string(schema.field(f"dim_{d}").type) or d not in declared:
                fail(f"{f['path']}: dim_{d} is {schema.field(f'dim_{d}').type}, or not among the manifest's dimensions {sorted(declared)}")
        if schema.field("suppressed").type != pa.bool_():
            fail(f"{f['path']}: suppressed is {schema.field('suppressed').type}, expected bool")
        parquet_layout_checks(f["path"], pq.ParquetFile(path).metadata)
        counts = {
            "pyarrow": table.num_rows,
            "duckdb": duckdb.sql(f"SELECT count(*) FROM read_parquet('{path}')").fetchall()[0][0],
            "polars": pl.read_parquet(path).height,
        }
        for tool, n in counts.items():
            if n != f["rows"]:
                fail(f"{f['path']}: {tool} reads {n} rows, the manifest says {f['rows']}")

    # Every file at once, as a reader of the whole bundle would glob it: each
    # row once (a partition's whole-population and breakdown files are disjoint).
    glob = os.path.join(bundle, "values", "*", "*.parquet")
    dims = sorted({d for f in manifest["files"] for d in dims_of(pq.read_schema(os.path.join(bundle, f["path"])).names)})
    key = ", ".join(["indicator_id", "org_code", "period_start", "period_end"] + [f"dim_{d}" for d in dims])
    total, distinct = duckdb.sql(f"SELECT count(*), count(DISTINCT ({key})) FROM read_parquet('{glob}', union_by_name = true)").fetchall()[0]
    listed = sum(f["rows"] for f in manifest["files"])
    if not total == distinct == listed:
        fail(f"DuckDB reads {total} rows ({distinct} distinct keys) from {glob}, the manifest lists {listed}")

    path = os.path.join(bundle, expect["file"])
    dims = dims_of(pq.read_schema(path).names)
    cut = expect["breakdown"]
    # A dimension the row does not cut is null: the whole population for it.
    where = f"org_code = '{expect['org_code']}' AND period_start = DATE '{expect['period_start']}'" + "".join(
        f" AND dim_{d} = '{cut[d]}'" if d in cut else f" AND dim_{d} IS NULL" for d in dims
    )
    got = {"duckdb": [r[0] for r in duckdb.sql(f"SELECT value FROM read_parquet('{path}') WHERE {where}").fetchall()]}
    df = pl.read_parquet(path).with_columns([pl.col(c).cast(pl.Utf8) for c in STRINGS])
    condition = (pl.col("org_code") == expect["org_code"]) & (pl.col("period_start").cast(pl.Utf8) == expect["period_start"])
    for d in dims:
        condition = condition & ((pl.col(f"dim_{d}") == cut[d]) if d in cut else pl.col(f"dim_{d}").is_null())
    got["polars"] = df.filter(condition)["value"].to_list()
    rows = pq.read_table(path).to_pylist()
    got["pyarrow"] = [
        r["value"]
        for r in rows
        if r["org_code"] == expect["org_code"]
        and r["period_start"].isoformat() == expect["period_start"]
        and {d: r[f"dim_{d}"] for d in dims if r[f"dim_{d}"] is not None} == cut
    ]
    for tool, values in got.items():
        if len(values) != 1 or not same(values[0], expect["value"]):
            fail(f"{expect['file']}: {tool} finds {values} for the expected row, expected [{expect['value']}]")
    return rows


def write_pyarrow(rows, columns, out):
    dict_string = pa.dictionary(pa.int32(), pa.string())
    arrays = []
    for name in columns:
        values = [r[name] for r in rows]
        if name in STRINGS or name.startswith("dim_"):
            arrays.append(pa.array(values, type=pa.string()).dictionary_encode().cast(dict_string))
        elif name in DATES:
            arrays.append(pa.array(values, type=pa.date32()))
        elif name == "suppressed":
            arrays.append(pa.array(values, type=pa.bool_()))
        else:
            arrays.append(pa.array(values, type=pa.float64()))
    table = pa.Table.from_arrays(arrays, names=columns)
    for codec in ["snappy", "gzip", "lz4", "zstd"]:
        pq.write_table(table, os.path.join(out, f"pyarrow-{codec}.parquet"), compression=codec, row_group_size=65536)
    pq.write_table(table, os.path.join(out, "pyarrow-v2.parquet"), data_page_version="2.0", row_group_size=65536)
    # No dictionaries: each column in one of the other encodings the format defines.
    plain = table.cast(pa.schema([pa.field(f.name, pa.string() if pa.types.is_dictionary(f.type) else f.type) for f in table.schema]))
    encodings = {
        "period_start": "DELTA_BINARY_PACKED",
        "period_end": "DELTA_BINARY_PACKED",
        "indicator_id": "DELTA_LENGTH_BYTE_ARRAY",
        "org_code": "DELTA_LENGTH_BYTE_ARRAY",
        "period_label": "DELTA_BYTE_ARRAY",
        **{c: "DELTA_BYTE_ARRAY" for c in columns if c.startswith("dim_")},
        **{c: "BYTE_STREAM_SPLIT" for c in NUMBERS},
        # Booleans: the RLE encoding (the "plain" files above use PLAIN bits).
        "suppressed": "RLE",
    }
    path = os.path.join(out, "pyarrow-delta.parquet")
    pq.write_table(plain, path, use_dictionary=False, column_encoding=encodings, compression="zstd", row_group_size=65536)
    meta = pq.ParquetFile(path).metadata.row_group(0)
    for i in range(meta.num_columns):
        column = meta.column(i)
        if encodings[column.path_in_schema] not in column.encodings:
            fail(f"pyarrow-delta.parquet: {column.path_in_schema} is {column.encodings}, expected {encodings[column.path_in_schema]}")


def write_legacy(rows, out):
    """The rows a 1.x file holds, in the 1.x layout: one breakdown a row, of a 1.x type."""
    legacy = []
    for r in rows:
        cut = {k[len("dim_"):]: v for k, v in r.items() if k.startswith("dim_") and v is not None}
        if len(cut) > 1 or any(d not in LEGACY_TYPES for d in cut):
            continue
        (kind, value), = cut.items() if cut else [("none", "")]
        legacy.append({**{c: r[c] for c in FIXED + NUMBERS}, "breakdown_type": kind, "breakdown_value": value})
    names = FIXED + ["breakdown_type", "breakdown_value"] + NUMBERS
    types = {**{c: pa.string() for c in STRINGS + ["breakdown_type", "breakdown_value"]}, **{c: pa.date32() for c in DATES}, **{c: pa.float64() for c in NUMBERS}}
    table = pa.Table.from_arrays([pa.array([r[c] for r in legacy], type=types[c]) for c in names], names=names)
    pq.write_table(table, os.path.join(out, "pyarrow-1x.parquet"))


def write_duckdb(rows, columns, out):
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    def sql_type(c):
        if c in STRINGS or c.startswith("dim_"):
            return "VARCHAR"
        return "DATE" if c in DATES else "BOOLEAN" if c == "suppressed" else "DOUBLE"
    con.execute("CREATE TABLE v (" + ", ".join(f"{c} {sql_type(c)}" for c in columns) + ")")
    con.executemany(f"INSERT INTO v VALUES ({', '.join('?' for _ in columns)})", [[r[c] for c in columns] for r in rows])
    for codec in ["snappy", "gzip", "lz4", "zstd"]:
        target = os.path.join(out, "duckdb.parquet" if codec == "snappy" else f"duckdb-{codec}.parquet")
        con.execute(f"COPY (SELECT * FROM v ORDER BY org_code, period_start) TO '{target}' (FORMAT parquet, COMPRESSION {codec}, ROW_GROUP_SIZE 65536)")
    target = os.path.join(out, "duckdb-minimal.parquet")
    con.execute(f"COPY (SELECT indicator_id, org_code, period_start, period_label, value FROM v) TO '{target}' (FORMAT parquet)")


def write_polars(rows, columns, out):
    def polars_type(c):
        if c in STRINGS or c.startswith("dim_"):
            return pl.Utf8
        return pl.Date if c in DATES else pl.Boolean if c == "suppressed" else pl.Float64
    schema = {c: polars_type(c) for c in columns}
    df = pl.DataFrame([{c: r[c] for c in columns} for r in rows], schema=schema)
    df.write_parquet(os.path.join(out, "polars.parquet"), compression="snappy", row_group_size=65536)
    # polars' default compression is zstd.
    df.write_parquet(os.path.join(out, "polars-zstd.parquet"))


def write_pyarrow_bundle(bundle, out):
    """The bundle rewritten by pyarrow: each indicator x organisation type's
    rows split into values/<ind>/<type>.parquet (every dim_ column null) and
    values/<ind>/<type>.breakdowns.parquet (the rest), the manifest's file
    list written from the files."""
    manifest = json.load(open(os.path.join(bundle, "manifest.json")))
    partitions = {}
    for f in manifest["files"]:
        stem = f["path"][: -len(".parquet")].removesuffix(".breakdowns")
        partitions.setdefault(stem, {"file": f, "tables": []})["tables"].append(pq.read_table(os.path.join(bundle, f["path"])))
    files = []
    for stem, p in partitions.items():
        table = pa.concat_tables(p["tables"], promote_options="default")
        dims = [c for c in table.column_names if c.startswith("dim_")]
        whole = pa.compute.invert(pa.compute.is_valid(pa.compute.coalesce(*[table[c] for c in dims]))) if dims else pa.array([True] * table.num_rows)
        for part, mask in [("", whole), (".breakdowns", pa.compute.invert(whole))]:
            rows = table.filter(mask)
            if rows.num_rows == 0:
                continue
            # Only the dim_ columns these rows use, in the documented order.
            used = [c for c in dims if rows[c].null_count < rows.num_rows]
            rows = rows.select(columns_for(dims_of(used))).sort_by([("org_code", "ascending"), ("period_start", "ascending")])
            path = f"{stem}{part}.parquet"
            os.makedirs(os.path.dirname(os.path.join(out, path)), exist_ok=True)
            pq.write_table(rows, os.path.join(out, path), compression="snappy", row_group_size=65536)
            data = open(os.path.join(out, path), "rb").read()
            files.append({
                "path": path, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(),
                "indicators": p["file"]["indicators"], "org_types": p["file"].get("org_types", []),
                "breakdown_rows": "only" if part else "none", "rows": rows.num_rows,
            })
    manifest["format_version"] = "3.0"
    manifest["files"] = files
    json.dump(manifest, open(os.path.join(out, "manifest.json"), "w"), indent=2)
    return files


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    work = sys.argv[1]
    expect = json.load(open(os.path.join(work, "expect.json")))
    rows = read_checks(os.path.join(work, "bundle"), expect)
    files = [os.path.join(work, "bundle", f) for f in expect.get("partition", [expect["file"]])]
    columns = columns_for({d for f in files for d in dims_of(pq.read_schema(f).names)})
    # The partition's rows, a dimension a file does not carry read as null.
    rows = [{c: r.get(c) for c in columns} for f in files for r in pq.read_table(f).to_pylist()]
    out = os.path.join(work, "written")
    os.makedirs(out, exist_ok=True)
    write_pyarrow(rows, columns, out)
    write_legacy(rows, out)
    write_duckdb(rows, columns, out)
    write_polars(rows, columns, out)
    written = write_pyarrow_bundle(os.path.join(work, "bundle"), os.path.join(work, "pyarrow-bundle"))
    print(f"check_interop: read {expect['file']} with pyarrow, duckdb and polars; wrote the {len(rows)} rows of {len(files)} files to {len(os.listdir(out))} files in {out}, and the bundle as {len(written)} files to pyarrow-bundle")


if __name__ == "__main__":
    main()
