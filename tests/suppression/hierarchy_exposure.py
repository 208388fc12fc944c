"""Independent check that no withheld count of a bundle can be worked out
across the organisation hierarchy: a parent's published count less its
children's, alone or chained with the organisations' own breakdown lines.

Usage: python3 hierarchy_exposure.py BUNDLE_DIR UNSUPPRESSED_BUNDLE_DIR

UNSUPPRESSED_BUNDLE_DIR is the same build without suppress_below: the true
counts, used only to decide which children partition their parent (their
counts add up to the parent's; otherwise parent less children recovers
nothing, and a reader cannot know it).

Written apart from healthdash's code (build::suppress, stats::disclosure):
it reads the manifest's organisations (type, parents) and the values files
with pyarrow. A table is one indicator x period; a cell is keyed by its
organisation, then its dim_ columns (null: "all" of that dimension). Lines:
each organisation's breakdown lines (recover.py's lines_of) and, for each
parent cell and each type of its children, the children's cells of the same
key with the parent's as margin, when the true counts add up. Every withheld
cell is then put to recover.py's tests (only withheld cell of a line; forced
ones; exact rational row-space audit), per connected group of withheld cells.

Not blind: for each table with a hierarchy line holding exactly two withheld
cells, it publishes one of them (a mutant) and must then find the other.

Prints one line per problem and last "<n> passed, <m> failed"; exits 1 on
any failure.
"""

import json
import sys
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).parent))
from recover import determined, lines_of, recoverable  # noqa: E402


def read(bundle):
    """(indicator, start, end) -> {(org, *dims): (count or None, withheld)}, and the manifest."""
    manifest = json.loads(Path(bundle, "manifest.json").read_text())
    counted = {i["id"] for i in manifest["indicators"] if i.get("value_type") == "count"}
    decoded = [pq.read_table(f).to_pylist() for f in sorted(Path(bundle, "values").rglob("*.parquet"))]
    dims = sorted({k for t in decoded for r in t for k in r if k.startswith("dim_")})
    out = defaultdict(dict)
    for t in decoded:
        for r in t:
            n = r.get("numerator")
            if n is None and r["indicator_id"] in counted:
                n = r.get("value")
            key = (r["org_code"],) + tuple(r.get(d) or None for d in dims)
            out[(r["indicator_id"], str(r["period_start"]), str(r["period_end"]))][key] = (n, bool(r.get("suppressed")))
    return out, manifest


def hierarchy_lines(keys, index, truth, children):
    """(margin index, member indices) for each parent cell and child type whose true counts add up."""
    out = []
    for key in keys:
        parent = truth.get(key, (None,))[0]
        if parent is None:
            continue
        for codes in children.get(key[0], {}).values():
            members = [index[(c,) + key[1:]] for c in codes if (c,) + key[1:] in index]
            values = [truth.get(keys[i], (None,))[0] for i in members]
            if members and None not in values and abs(sum(values) - parent) <= 1e-9 * max(1.0, abs(parent)):
                out.append((index[key], members))
    return out


def components(hidden, lines):
    """Withheld cells grouped by the lines that join them (each group can be audited alone)."""
    parent = {h: h for h in hidden}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for m, members in lines:
        touched = [i for i in members + [m] if i in parent]
        for a in touched[1:]:
            parent[find(a)] = find(touched[0])
    groups = defaultdict(set)
    for h in hidden:
        groups[find(h)].add(h)
    return list(groups.values())


def main():
    bundle, plain = sys.argv[1], sys.argv[2]
    tables, manifest = read(bundle)
    truth_tables, _ = read(plain)
    children = defaultdict(lambda: defaultdict(list))
    kind = {o["code"]: o["type"] for o in manifest["organisations"]}
    for o in manifest["organisations"]:
        for p in o.get("parents", []):
            children[p][kind[o["code"]]].append(o["code"])
    passed = failed = withheld = leaked = mutants = caught = across = 0
    for name, table in sorted(tables.items()):
        keys = sorted(table, key=lambda k: tuple("" if v is None else v for v in k))
        index = {k: i for i, k in enumerate(keys)}
        cells = [(k, table[k][0], table[k][1]) for k in keys]
        hidden = {i for i, c in enumerate(cells) if c[2]}
        if not hidden:
            continue
        withheld += len(hidden)
        truth = truth_tables.get(name, {})
        if any(truth.get(k, (None, True))[1] for k in keys) or set(truth) != set(table):
            failed += 1
            print(f"MISMATCH {name}: the unsuppressed bundle does not hold the same rows, unsuppressed")
            continue
        own = lines_of(cells)
        tree = hierarchy_lines(keys, index, truth, children)
        across += len(tree)
        lines = own + tree
        unknown = hidden | {i for i, c in enumerate(cells) if c[1] is None}
        leaks = set()
        for group in components(unknown, lines):
            touching = [(m, ms) for m, ms in lines if m in group or any(i in group for i in ms)]
            leaks |= recoverable(cells, touching, group & hidden)
        if leaks:
            failed += 1
            leaked += len(leaks)
            print(f"LEAK {name}: withheld cells {[cells[i][0] for i in sorted(leaks)]} can be worked out across the hierarchy")
        else:
            passed += 1
        # Not blind: publish one of a hierarchy line's two withheld cells; the other must be found.
        pair = next(([i for i in ms + [m] if i in hidden] for m, ms in tree if len([i for i in ms + [m] if i in unknown]) == 2 and len([i for i in ms + [m] if i in hidden]) == 2), None)
        if pair:
            mutants += 1
            rest = unknown - {pair[0]}
            group = next(g for g in components(rest, lines) if pair[1] in g)
            touching = [(m, ms) for m, ms in lines if m in group or any(i in group for i in ms)]
            if pair[1] in determined(sorted(group), touching):
                caught += 1
            else:
                failed += 1
                print(f"BLIND {name}: publishing {cells[pair[0]][0]} does not expose {cells[pair[1]][0]}")
    print(f"{len(tables)} tables, {across} hierarchy lines, {withheld} withheld cells, {leaked} recoverable across the hierarchy; {caught} of {mutants} mutants caught")
    if withheld == 0 or mutants == 0:
        failed += 1
        print("nothing withheld, or no hierarchy line with two withheld cells: nothing was checked")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
