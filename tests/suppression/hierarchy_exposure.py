"""Measurement, not a test: how many withheld counts of a bundle built from the
Fingertips North West export could be worked out across the organisation
hierarchy (a parent's published count less every same-type sibling's), which
healthdash's suppression does not yet protect (it works within one indicator x
organisation x period; see docs/bundle-format.md, "Suppression").

Usage: python3 hierarchy_exposure.py BUNDLE_DIR SOURCE_CSV
Prints: withheld cells; those whose parent and every same-type sibling are
published; those where parent minus siblings equals a source count below 10.
"""
import sys
import json, glob, csv, collections
import pyarrow.parquet as pq
m=json.load(open(sys.argv[1] + '/manifest.json'))
orgs={o['code']:o for o in m['organisations']}
otype={c:o['type'] for c,o in orgs.items()}
children=collections.defaultdict(list)
for c,o in orgs.items():
    for p in o.get('parents',[]): children[p].append(c)
cells={}
for f in glob.glob(sys.argv[1] + '/values/**/*.parquet',recursive=True):
    for r in pq.read_table(f).to_pylist():
        key=tuple(sorted((k,v) for k,v in r.items() if k.startswith('dim_') and v))
        cells[(r['indicator_id'],r['org_code'],r['period_label'],key)]=(r.get('numerator'),bool(r.get('suppressed')))
src=collections.defaultdict(set)
for r in csv.DictReader(open(sys.argv[2],encoding='utf-8-sig')):
    try: src[(r['Indicator ID'],r['Area Code'],r['Time period'])].add(float(r['Count']))
    except: pass
exposed=recovered=0; withheld=0
for (ind,org,per,key),(n,s) in cells.items():
    if not s: continue
    withheld+=1
    for p in orgs.get(org,{}).get('parents',[]):
        pc=cells.get((ind,p,per,key))
        if not pc or pc[1] or pc[0] is None: continue
        sibs=[c for c in children[p] if c!=org and otype.get(c)==otype.get(org)]
        vals=[cells.get((ind,c,per,key)) for c in sibs]
        if any(v is None or v[1] or v[0] is None for v in vals): continue
        exposed+=1
        rem=pc[0]-sum(v[0] for v in vals)
        if any(abs(rem-x)<1e-6 for x in src[(ind,org,per)] if 0<x<10):
            recovered+=1
        break
print(f"withheld {withheld}; parent published with every same-type sibling published: {exposed}; parent minus siblings equals the source count: {recovered}")
