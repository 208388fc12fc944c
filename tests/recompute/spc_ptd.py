#!/usr/bin/env python3
"""Independent recomputation of the trend view's XmR limits.

Usage: python3 tests/recompute/spc_ptd.py <healthdash binary> <bundle dir> <indicator>

For every organisation of the bundle with a series of the indicator, this
script asks `healthdash query <bundle> 'view=trend&org=…&ind=…'` for its JSON,
takes the series' values as the page shows them, and recomputes the XmR
chart the way NHSRplotthedots (NHS England's Making Data Count, the method
`crates/core/src/stats/spc.rs` cites) defines it, written here from the
method's description, not from healthdash's code:

  mean       the mean of the values;
  mR         |x[i] - x[i-1]| between consecutive values;
  mR-bar     the mean of mR, after leaving out every mR above 3.267 x the
             mean of all mR (the package's default screening of outliers);
  limits     mean +/- 2.66 x mR-bar, and +/- (2/3) x 2.66 x mR-bar for 2 sigma.

It checks healthdash's mean, mR-bar, the number of moving ranges left out,
and the four limits, to 1e-9 relative. Exit 0 when all agree, 1 otherwise; it
prints 'N passed, M failed' last.
"""

import json
import math
import subprocess
import sys


def close(a, b):
    return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def expected(values):
    n = len(values)
    mean = sum(values) / n
    mr = [abs(values[i] - values[i - 1]) for i in range(1, n)]
    if not mr:
        return None
    first = sum(mr) / len(mr)
    kept = [m for m in mr if not m > 3.267 * first]
    mr_bar = sum(kept) / len(kept)
    return {
        "mean": mean,
        "mr_bar": mr_bar,
        "excluded_ranges": len(mr) - len(kept),
        "lower": mean - 2.66 * mr_bar,
        "upper": mean + 2.66 * mr_bar,
        "lower_2sigma": mean - 2.0 / 3.0 * 2.66 * mr_bar,
        "upper_2sigma": mean + 2.0 / 3.0 * 2.66 * mr_bar,
    }


def main():
    binary, bundle, indicator = sys.argv[1:4]
    manifest = json.load(open(f"{bundle}/manifest.json"))
    passed, failed = 0, 0
    for org in manifest["organisations"]:
        query = f"view=trend&org={org['code']}&ind={indicator}"
        out = subprocess.run([binary, "query", bundle, query], capture_output=True, text=True, check=True).stdout
        r = json.loads(out)
        values = [p["value"] for p in r["points"] if p["value"] is not None]
        spc = r.get("spc")
        want = expected(values) if len(values) >= 2 else None
        if want is None or spc is None:
            continue
        wrong = [k for k, v in want.items() if not (spc.get(k) == v if k == "excluded_ranges" else close(spc.get(k), v))]
        if wrong:
            failed += 1
            print(f"{org['code']}: " + ", ".join(f"{k} healthdash {spc.get(k)} recomputed {want[k]}" for k in wrong))
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed or passed == 0 else 0)


if __name__ == "__main__":
    main()
