#!/usr/bin/env python3
"""Publish NHS England's A&E 4-hour figures as a healthdash bundle's values, with Apache Spark.

    python3 publish.py DATA OUT AREAS

The same bundle as examples/publish-with-duckdb, computed with PySpark in
local mode: DATA is the folder of the published files (../shared/data), OUT
the bundle folder whose values/ this writes (`healthdash index OUT` then
writes the manifest), AREAS the areas CSV for `healthdash index --areas`.

On a cluster, point DATA at shared storage and drop `master("local[*]")`; the
SQL is the same. Spark writes a folder of part files for each write; each
indicator × organisation type is written as one part (`coalesce(1)`) and moved
to values/<indicator>/<org_type>.parquet, the layout docs/bundle-format.md
documents. OUT is assembled in a temporary sibling folder and moved into place
when complete.
"""

import csv
import glob
import os
import re
import shutil
import sys

try:
    from pyspark.sql import SparkSession
except ImportError:
    sys.exit("publish.py needs PySpark and a Java runtime: python3 -m pip install pyspark; apt-get install default-jre-headless (or `make test-spark`)")

COLUMNS = ["indicator_id", "org_code", "period_start", "period_end", "period_label",
           "numerator", "denominator", "value", "lower_95", "upper_95", "lower_998", "upper_998"]


def path_safe(name):
    """A name as healthdash puts it in a values path: outside [A-Za-z0-9_-] becomes _."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", name)


def statements(path):
    """The SQL file's statements (separated by ';' at a line end), comments dropped."""
    with open(path, encoding="utf-8") as f:
        text = "\n".join(line for line in f.read().splitlines() if not line.lstrip().startswith("--"))
    return [s.strip() for s in re.split(r";\s*\n", text) if s.strip()]


def main(argv):
    if len(argv) != 4:
        sys.exit("usage: python3 publish.py DATA OUT AREAS")
    data, out, areas = (os.path.abspath(a) for a in argv[1:])
    here = os.path.dirname(os.path.abspath(__file__))
    spark = (SparkSession.builder.master("local[*]").appName("healthdash-ae")
             .config("spark.sql.session.timeZone", "UTC").config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    # Every input as text, as published; the SQL casts.
    inputs = {
        "trust_icb_csv": "lookups/lookup_nhs_trusts22_icb22.csv",
        "trust_region_csv": "lookups/lookup_nhs_trusts22_nhs_region21.csv",
        "ae_trust_csv": "ae/england_trust_accidents_emergency.csv",
        "ae_icb_csv": "ae/england_icb_accidents_emergency.csv",
        "imd_csv": "imd/imd2025_england_icb24.csv",
        "areas_csv": "fingertips/areas.csv",
    }
    for view, rel in inputs.items():
        df = spark.read.option("header", True).option("inferSchema", False).option("encoding", "UTF-8").csv(os.path.join(data, rel))
        # Fingertips' areas.csv starts with a byte-order mark.
        df.toDF(*[c.lstrip("\ufeff") for c in df.columns]).createOrReplaceTempView(view)
    for sql in statements(os.path.join(here, "publish.sql")):
        spark.sql(sql)

    bad = spark.sql("SELECT * FROM problems").collect()
    if bad:
        sys.exit("publish.py: " + "; ".join(r["problem"] for r in bad[:10]))

    tmp = os.path.join(os.path.dirname(out), f".{os.path.basename(out)}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        values = spark.table("bundle_values")
        parts = [(r[0], r[1]) for r in values.select("indicator_id", "org_type").distinct().orderBy("indicator_id", "org_type").collect()]
        for indicator, org_type in parts:
            part = values.where((values.indicator_id == indicator) & (values.org_type == org_type))
            scratch = os.path.join(tmp, "spark", path_safe(indicator), path_safe(org_type))
            # One part file, rows by organisation then period (every row is the whole population: no dim_ columns).
            (part.select(*COLUMNS).coalesce(1).sortWithinPartitions("org_code", "period_start")
             .write.option("compression", "snappy").parquet(scratch))
            [written] = glob.glob(os.path.join(scratch, "part-*.parquet"))
            target = os.path.join(tmp, "values", path_safe(indicator), path_safe(org_type) + ".parquet")
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.move(written, target)
        shutil.rmtree(os.path.join(tmp, "spark"))
        if os.path.exists(out):
            shutil.rmtree(out)
        os.rename(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    rows = spark.table("bundle_areas").orderBy("part", "AreaCode").collect()
    os.makedirs(os.path.dirname(areas), exist_ok=True)
    with open(areas, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["AreaCode", "AreaName", "AreaType", "Level", "Children"])
        for r in rows:
            w.writerow([r["AreaCode"], r["AreaName"], r["AreaType"], r["Level"], r["Children"] or ""])
    count = spark.table("bundle_values").count()
    spark.stop()
    print(f"wrote {out}: {count} rows in {len(parts)} values files; areas in {areas}")


if __name__ == "__main__":
    main(sys.argv)
