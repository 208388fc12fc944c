"""Independent check that no withheld count of a bundle can be worked out.

Usage: python3 recover.py BUNDLE_DIR

Written apart from healthdash's own code (stats::disclosure): it reads the
bundle's values files with pyarrow, makes its own tables (one per indicator x
organisation x period, cells keyed by the dim_ columns; a null is "all" of
that dimension) and its own lines (a margin cell and the cells that differ
from it in exactly one dimension, where the margin is null), and asks of
every withheld cell (suppressed = true):

1. line subtraction: is it the only withheld cell of a line (the margin less
   the published members, or the members summed)?
2. forced ones: does a line's published margin, less its published members,
   equal the number of its withheld members (each withheld count is at least
   1, since zero is shown, so each is then exactly 1)?
3. any chain of additions and subtractions of lines: is its unit vector in
   the row space of the line equations restricted to the withheld cells? Exact
   Gaussian elimination over the rationals (fractions.Fraction), where
   healthdash uses arithmetic modulo a prime.

It also proves it is not blind: on the real tables, for each table with a line
of exactly two withheld cells, it publishes one of the two (a mutant) and must
then find the other recoverable by rule 3.

Prints one line per problem and last "<n> passed, <m> failed".
"""

import sys
from collections import defaultdict
from fractions import Fraction
from pathlib import Path

import pyarrow.parquet as pq


def tables(bundle):
    """(indicator, org, start, end) -> list of (key tuple over dims, numerator or None, withheld)."""
    out = defaultdict(list)
    files = sorted(Path(bundle, "values").rglob("*.parquet"))
    dims = set()
    decoded = []
    for f in files:
        t = pq.read_table(f).to_pylist()
        decoded.append(t)
        for r in t:
            dims.update(k for k in r if k.startswith("dim_"))
    dims = sorted(dims)
    for t in decoded:
        for r in t:
            key = tuple(r.get(d) or None for d in dims)
            withheld = bool(r.get("suppressed"))
            out[(r["indicator_id"], r["org_code"], str(r["period_start"]), str(r["period_end"]))].append((key, r.get("numerator"), withheld))
    return out, files


def lines_of(cells):
    """Lines: (margin index, member indices) for every cell and every dimension it leaves null."""
    index = {c[0]: i for i, c in enumerate(cells)}
    by_pattern = defaultdict(list)
    for i, (key, _, _) in enumerate(cells):
        for d, v in enumerate(key):
            if v is not None:
                by_pattern[(d, key[:d] + (None,) + key[d + 1:])].append(i)
    out = []
    for (_, margin_key), members in by_pattern.items():
        m = index.get(margin_key)
        if m is not None:
            out.append((m, members))
    # A member differs from its margin in exactly one dimension: by_pattern grouped them so.
    return out


def determined(hidden, lines):
    """Withheld cells whose unit vector lies in the row space (exact rationals)."""
    col = {c: j for j, c in enumerate(hidden)}
    rows = []
    for m, members in lines:
        row = [Fraction(0)] * len(hidden)
        for i in members:
            if i in col:
                row[col[i]] += 1
        if m in col:
            row[col[m]] -= 1
        if any(row):
            rows.append(row)
    pivots = []
    r = 0
    for c in range(len(hidden)):
        p = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if p is None:
            continue
        rows[r], rows[p] = rows[p], rows[r]
        pv = rows[r][c]
        rows[r] = [x / pv for x in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                f = rows[i][c]
                rows[i] = [a - f * b for a, b in zip(rows[i], rows[r])]
        pivots.append((r, c))
        r += 1
    return {hidden[c] for (row, c) in pivots if all(x == 0 for j, x in enumerate(rows[row]) if j != c)}


def recoverable(cells, lines, hidden):
    # Cells published without a count are unknowns too (nothing can be subtracted from them).
    unknown = hidden | {i for i, c in enumerate(cells) if c[1] is None}
    found = set()
    for m, members in lines:
        in_line = [i for i in members + [m] if i in unknown]
        if len(in_line) == 1:
            found.add(in_line[0])
        hidden_members = [i for i in members if i in hidden]
        # Every member's count published or withheld, and the margin's published.
        if m not in unknown and hidden_members and all(i in hidden or i not in unknown for i in members):
            published = [cells[i][1] for i in members if i not in hidden]
            if abs(cells[m][1] - sum(published) - len(hidden_members)) < 1e-9:
                found.update(hidden_members)
    found |= determined(sorted(unknown), lines)
    return found & hidden


def main():
    bundle = sys.argv[1]
    all_tables, files = tables(bundle)
    passed = failed = 0
    withheld_total = mutants = caught = 0
    for name, cells in sorted(all_tables.items()):
        hidden = {i for i, c in enumerate(cells) if c[2]}
        if not hidden:
            continue
        withheld_total += len(hidden)
        lines = lines_of(cells)
        leaks = recoverable(cells, lines, hidden)
        if leaks:
            failed += 1
            print(f"LEAK {name}: withheld cells {[cells[i][0] for i in sorted(leaks)]} can be worked out")
        else:
            passed += 1
        # Not blind: publish one of a line's two withheld cells; the other must then be found.
        nocount = {i for i, c in enumerate(cells) if c[1] is None and not c[2]}
        pair = next(([i for i in ms + [m] if i in hidden] for m, ms in lines if len([i for i in ms + [m] if i in hidden]) == 2 and not nocount & set(ms + [m])), None)
        if pair:
            mutants += 1
            unknown = (hidden - {pair[0]}) | nocount
            if pair[1] in determined(sorted(unknown), lines):
                caught += 1
            else:
                failed += 1
                print(f"BLIND {name}: publishing {cells[pair[0]][0]} does not expose {cells[pair[1]][0]}")
    print(f"{len(files)} files, {len(all_tables)} tables, {withheld_total} withheld cells; {caught} of {mutants} mutants caught")
    if withheld_total == 0:
        failed += 1
        print("nothing is withheld: nothing was checked")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
