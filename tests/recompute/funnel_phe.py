#!/usr/bin/env python3
"""Independent recomputation of the compare view's funnel limits for proportions.

Usage: python3 tests/recompute/funnel_phe.py <healthdash binary> <bundle dir> <indicator> <org> <level>

PHEindicatormethods (OHID) draws a proportion's funnel from the Wilson score
interval turned inside out: at denominator n, the upper control limit is the
proportion p whose Wilson lower limit equals the centre p0, and the lower
control limit the p whose Wilson upper limit equals p0 (clamped to 0 and 1),
with z the normal 0.975 quantile for the 95% limits and the 0.999 quantile
for the 99.8% limits. This script solves those two equations by bisection,
from the Wilson formula alone (Newcombe 1998, method 3), for every point of
the funnel `healthdash query <bundle> 'view=compare&…'` returns, and checks
each limit to 1e-7 of a percentage point. Prints 'N passed, M failed' last;
exit 1 on any disagreement.
"""

import json
import math
import subprocess
import sys

Z = {"95": 1.959963984540054, "998": 3.090232306167813}


def wilson(p, n, z, upper):
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre + half if upper else centre - half) / (1 + z * z / n)


def solve(f, target):
    """The p in [0, 1] with f(p) = target (f increasing), clamped to the ends."""
    lo, hi = 0.0, 1.0
    if f(lo) >= target:
        return 0.0
    if f(hi) <= target:
        return 1.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if f(mid) < target:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def main():
    binary, bundle, indicator, org, level = sys.argv[1:6]
    query = f"view=compare&org={org}&ind={indicator}&level={level}"
    r = json.loads(subprocess.run([binary, "query", bundle, query], capture_output=True, text=True, check=True).stdout)
    ind = r["indicator"]
    assert ind["value_type"] == "proportion", ind["value_type"]
    m = ind["multiplier"]
    funnel = r["funnel"]
    p0 = funnel["centre"] / m
    passed, failed = 0, 0
    for point in funnel["points"]:
        n = point["denominator"]
        for level_name, z in Z.items():
            upper = solve(lambda p: wilson(p, n, z, False), p0) * m
            lower = solve(lambda p: wilson(p, n, z, True), p0) * m
            got = (point[f"lower_{level_name}"], point[f"upper_{level_name}"])
            if math.isclose(got[0], lower, abs_tol=1e-7) and math.isclose(got[1], upper, abs_tol=1e-7):
                passed += 1
            else:
                failed += 1
                print(f"n={n:.3f} {level_name}: healthdash {got}, recomputed ({lower}, {upper})")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed or passed == 0 else 0)


if __name__ == "__main__":
    main()
