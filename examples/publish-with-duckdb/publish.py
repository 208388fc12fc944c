#!/usr/bin/env python3
"""Publish NHS England's A&E 4-hour figures as a healthdash bundle's values, with DuckDB.

    python3 publish.py DATA OUT AREAS

DATA is the folder of the published files (../shared/data), OUT the bundle
folder to write (its values/ only; `healthdash index OUT` then writes the
manifest) and AREAS the areas CSV to write for `healthdash index --areas`.

publish.sql does the work. This driver only runs it and writes one Parquet
file per indicator and organisation type, in the layout docs/bundle-format.md
documents (values/<indicator>/<org_type>.parquet): DuckDB's own
`PARTITION_BY` would write hive-style folders (org_type=icb/data_0.parquet)
instead. OUT is written in a temporary sibling folder and moved into place
when complete, so a failed run leaves any earlier OUT as it was.
"""

import os
import re
import shutil
import sys

try:
    import duckdb
except ImportError:
    sys.exit("publish.py needs DuckDB's Python package: python3 -m pip install duckdb (or `make python-tools`)")

COLUMNS = ("indicator_id, org_code, period_start, period_end, period_label, "
           "numerator, denominator, value, lower_95, upper_95, lower_998, upper_998")


def quoted(text):
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def path_safe(name):
    """A name as healthdash puts it in a values path: outside [A-Za-z0-9_-] becomes _."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", name)


def main(argv):
    if len(argv) != 4:
        sys.exit("usage: python3 publish.py DATA OUT AREAS")
    data, out, areas = (os.path.abspath(a) for a in argv[1:])
    here = os.path.dirname(os.path.abspath(__file__))
    con = duckdb.connect()
    con.execute(f"SET VARIABLE data = {quoted(data)}")
    with open(os.path.join(here, "publish.sql"), encoding="utf-8") as f:
        con.execute(f.read())

    tmp = os.path.join(os.path.dirname(out), f".{os.path.basename(out)}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        parts = con.sql("SELECT DISTINCT indicator_id, org_type FROM bundle_values ORDER BY ALL").fetchall()
        for indicator, org_type in parts:
            folder = os.path.join(tmp, "values", path_safe(indicator))
            os.makedirs(folder, exist_ok=True)
            target = os.path.join(folder, path_safe(org_type) + ".parquet")
            # Rows by organisation, then period (every row is the whole population: no dim_ columns).
            con.execute(
                f"COPY (SELECT {COLUMNS} FROM bundle_values "
                f"WHERE indicator_id = {quoted(indicator)} AND org_type = {quoted(org_type)} "
                f"ORDER BY org_code, period_start) "
                f"TO {quoted(target)} (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 65536)"
            )
        if os.path.exists(out):
            shutil.rmtree(out)
        os.rename(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(os.path.dirname(areas), exist_ok=True)
    con.execute(f"COPY bundle_areas TO {quoted(areas)} (HEADER, DELIMITER ',')")
    rows = con.sql("SELECT count(*) FROM bundle_values").fetchall()[0][0]
    print(f"wrote {out}: {rows} rows in {len(parts)} values files; areas in {areas}")


if __name__ == "__main__":
    main(sys.argv)
