// The benchmark page: one bundle size (?size=1m), three systems in one page
// session — the healthdash engine compiled to wasm (dist/bench/pkg), DuckDB-wasm
// and hyparquet with plain JavaScript — each downloading nothing itself: the
// page downloads the bundle's Parquet files once and hands every system the
// same bytes. Every time is performance.now() around the work alone; each
// measurement is repeated (?runs=N) and reported as median, min and max. The
// answers of DuckDB and hyparquet + JS are compared with healthdash's.
//
// The queries and their parameters are those of crates/cli/benches/engine.rs:
// the indicator with the most rows (breakdowns), the first ICB and the first
// region of the manifest, the latest period. The JavaScript and SQL follow the
// definitions in crates/core/src/stats (Hyndman & Fan type 7 quantiles —
// DuckDB's quantile_cont is the same; the "mean" percentile rank; competition
// ranks; RightCare opportunity) so the answers can agree.
//
// Results: window.__results (bench/run.mjs reads it), also shown on the page.
import init, { Bench, decode_only } from './pkg/healthdash_bench_wasm.js';
import * as duckdb from './vendor/duckdb-browser.mjs';
import { parquetMetadata, parquetRead } from './vendor/hyparquet/index.js';

const params = new URLSearchParams(location.search);
const SIZE = params.get('size') ?? '100k';
const RUNS = Number(params.get('runs') ?? 11);
const LOAD_RUNS = Number(params.get('loadRuns') ?? 5);
const log = (s) => {
  document.getElementById('log').textContent += `${s}\n`;
  console.log(s);
};
const results = { size: SIZE, runs: RUNS, loadRuns: LOAD_RUNS, times: {}, answers: {}, checks: [], errors: [] };

function summary(ms) {
  const s = [...ms].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1], runs: s.length };
}
// Chromium coarsens performance.now() to 0.1 ms on a page that is not
// cross-origin isolated, so a query faster than that is timed in batches:
// a first call sets how many calls make at least 5 ms, and each repetition
// reports the batch's time divided by its size (the same rule for every system).
async function time(name, system, runs, fn, { batch = false } = {}) {
  const ms = [];
  let last;
  let inner = 1;
  if (batch) {
    // Warm up, then double the batch until it takes at least 5 ms.
    for (;;) {
      const t = performance.now();
      for (let j = 0; j < inner; j++) {
        const r = fn(0);
        if (r instanceof Promise) await r;
      }
      if (performance.now() - t >= 5 || inner >= 65536) break;
      inner *= 2;
    }
  }
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    for (let j = 0; j < inner; j++) {
      last = fn(i);
      if (last instanceof Promise) last = await last;
    }
    ms.push((performance.now() - t) / inner);
  }
  (results.batch ??= {})[`${name}|${system}`] = inner;
  (results.times[name] ??= {})[system] = summary(ms);
  log(`${name} ${system}: median ${summary(ms).median.toFixed(2)} ms`);
  return last;
}
/** Runs `fn`, recording a failure (e.g. out of memory) instead of stopping the page.
 * A DuckDB worker that traps (wasm out of memory) never answers, so waits are bounded. */
const STEP_TIMEOUT = Number(params.get('stepTimeout') ?? 300) * 1000;
async function guarded(what, fn) {
  let timer;
  try {
    return await Promise.race([fn(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${STEP_TIMEOUT / 1000} s`)), STEP_TIMEOUT)))]);
  } catch (e) {
    results.errors.push(`${what}: ${e?.message ?? e}`);
    log(`ERROR ${what}: ${e?.message ?? e}`);
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

// ---- the bundle and the parameters (engine.rs) ------------------------------
const base = `${SIZE}/`;
const manifestText = await (await fetch(`${base}manifest.json`, { cache: 'no-store' })).text();
const manifest = JSON.parse(manifestText);
const orgs = manifest.organisations;
const orgByCode = new Map(orgs.map((o) => [o.code, o]));
const indicators = new Map(manifest.indicators.map((i) => [i.id, i]));
let best = manifest.files[0];
for (const f of manifest.files) if (f.rows >= best.rows) best = f; // Rust's max_by_key keeps the last maximum
const IND = best.indicators[0];
const ICB = orgs.find((o) => o.type === 'icb').code;
const REGION = orgs.find((o) => o.type === 'region').code;
const HAS_PROVIDERS = orgs.some((o) => o.type === 'provider');
const ICB_MEMBERS = HAS_PROVIDERS ? 'provider' : null;
const K = 5;
const totalRows = manifest.files.reduce((a, f) => a + f.rows, 0);
results.bundle = { rows: totalRows, files: manifest.files.length, bytes: manifest.files.reduce((a, f) => a + f.bytes, 0), organisations: orgs.length, indicators: manifest.indicators.length };
results.params = { indicator: IND, icb: ICB, region: REGION, icbMembers: ICB_MEMBERS, k: K };
log(`size ${SIZE}: ${totalRows} rows in ${manifest.files.length} files; indicator ${IND}, ICB ${ICB}, region ${REGION}`);

// Descendants (every ancestor link, as crates/core/src/table/hierarchy.rs) for roll-ups.
const ancestors = new Map();
function ancestorsOf(code, seen = new Set()) {
  if (ancestors.has(code)) return ancestors.get(code);
  const out = new Set();
  for (const p of orgByCode.get(code)?.parents ?? []) {
    if (seen.has(p)) continue;
    seen.add(p);
    out.add(p);
    for (const a of ancestorsOf(p, seen)) out.add(a);
  }
  ancestors.set(code, out);
  return out;
}
orgs.forEach((o) => ancestorsOf(o.code));

// ---- shared definitions (crates/core/src/stats) ------------------------------
/** Hyndman & Fan type 7 on sorted finite values. */
function quantileSorted(s, p) {
  if (!s.length) return null;
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo] + (h - lo) * (s[hi] - s[lo]);
}
const sortNum = (v) => v.filter(Number.isFinite).sort((a, b) => a - b);
/** (worse, equal, n) as stats::quantiles::tally. */
function tally(value, values, polarity) {
  let worse = 0, equal = 0, n = 0;
  for (const x of values) {
    if (!Number.isFinite(x)) continue;
    n++;
    if (x === value) equal++;
    else if ((x < value) !== (polarity === 'lower_is_better')) worse++;
  }
  return [worse, equal, n];
}
function position(value, peerValues, polarity) {
  const peers = peerValues.filter(Number.isFinite);
  const all = value != null && Number.isFinite(value) ? [...peers, value] : peers;
  const s = sortNum(peers);
  const out = { peers_with_value: peers.length, q1: quantileSorted(s, 0.25), median: quantileSorted(s, 0.5), q3: quantileSorted(s, 0.75), percentile: null, rank: null, of: all.length };
  if (value != null && Number.isFinite(value)) {
    const [w, e, n] = tally(value, all, polarity);
    out.percentile = (100 * (w + 0.5 * e)) / n;
    out.rank = n - w - e + 1;
  }
  return out;
}
/** K nearest neighbours by standardised Euclidean distance (stats::peers). */
function nearest(code, k) {
  const o = orgByCode.get(code);
  const vars = manifest.context_variables.map((v) => v.id);
  const pool = [o, ...orgs.filter((x) => x.type === o.type && x.code !== code)];
  const val = (c, v) => (Number.isFinite(c.context?.[v]) ? c.context[v] : null);
  const scale = vars.map((v) => {
    const xs = pool.map((c) => val(c, v)).filter((x) => x != null);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1));
    return xs.length >= 2 && sd > 0 ? sd : null;
  });
  const tv = vars.map((v, j) => [v, val(o, v), scale[j]]).filter(([, x, sd]) => x != null && sd != null);
  if (!tv.length) return [];
  const out = [];
  for (const c of pool.slice(1)) {
    let sum = 0, shared = 0;
    for (const [v, x, sd] of tv) {
      const y = val(c, v);
      if (y != null) {
        sum += ((x - y) / sd) ** 2;
        shared++;
      }
    }
    if (shared > 0) out.push({ code: c.code, d: Math.sqrt((sum * tv.length) / shared) });
  }
  out.sort((a, b) => a.d - b.d || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return out.slice(0, k).map((x) => x.code);
}
function opportunityRow(ind, value, den, peerValues, period) {
  const s = sortNum(peerValues);
  const median = quantileSorted(s, 0.5);
  const target = ind.polarity === 'neither' ? null : quantileSorted(s, ind.polarity === 'higher_is_better' ? 0.75 : 0.25);
  let activity = null, cost = null, carbon = null;
  if (value != null && den != null && target != null && den >= 0 && ind.multiplier > 0) {
    const gap = ind.polarity === 'lower_is_better' ? value - target : target - value;
    activity = Math.max(0, (gap / ind.multiplier) * den);
    cost = Number.isFinite(ind.unit_cost) ? activity * ind.unit_cost : null;
    carbon = Number.isFinite(ind.carbon_factor) ? (activity * ind.carbon_factor) / 1000 : null;
  }
  return { indicator: ind.id, period, value, target, median, activity, cost, carbon };
}
function withTotals(peers, rows) {
  const items = rows.filter((r) => r.activity != null);
  return {
    peers,
    rows: rows.map(({ carbon, ...r }) => r),
    totals: {
      cost: items.reduce((a, r) => a + (r.cost ?? 0), 0),
      carbon_tonnes: items.reduce((a, r) => a + (r.carbon ?? 0), 0),
      with_opportunity: items.filter((r) => r.activity > 0).length,
    },
  };
}
const OPP_INDICATORS = manifest.indicators.filter((i) => i.polarity !== 'neither');

// ---- download ---------------------------------------------------------------
let bytes;
await time('download: every Parquet file (fetch, no cache)', 'browser', LOAD_RUNS, async () => {
  bytes = await Promise.all(manifest.files.map(async (f) => new Uint8Array(await (await fetch(base + f.path, { cache: 'no-store' })).arrayBuffer())));
});

// ---- healthdash (wasm) ------------------------------------------------------
const wasm = await init({ module_or_path: './pkg/healthdash_bench_wasm_bg.wasm' });
results.memory = { healthdash_initial: wasm.memory.buffer.byteLength };
await guarded('healthdash decode', () =>
  time('decode: Parquet → columns, every file', 'healthdash', LOAD_RUNS, () => manifest.files.reduce((a, f, i) => a + decode_only(f.path, bytes[i]), 0)),
);
let hd;
await guarded('healthdash load', () =>
  time('load: decode + check + index (what the app does), every file', 'healthdash', LOAD_RUNS, (i) => {
    hd?.free();
    hd = null;
    const b = new Bench(manifestText);
    manifest.files.forEach((f, j) => b.add_file(f.path, bytes[j]));
    if (i === 0) results.memory.healthdash_after_load = wasm.memory.buffer.byteLength;
    hd = b;
    return b.rows();
  }),
);
results.memory.healthdash_after_repeats = wasm.memory.buffer.byteLength;
if (hd) {
  log(`healthdash rows ${hd.rows()}, wasm memory ${(wasm.memory.buffer.byteLength / 2 ** 20).toFixed(0)} MiB`);
  await time('(a) peer stats, one indicator, every ICB (peers: type)', 'healthdash', RUNS, () => hd.run_peer_stats(IND, 'icb'), { batch: true });
  await time('(b) ethnicity + deprivation slice, one ICB (+ gap over time)', 'healthdash', RUNS, () => hd.run_inequalities(IND, ICB), { batch: true });
  await time('(c) roll-up of one indicator to an ICB and a region', 'healthdash', RUNS, () => hd.run_roll_up(IND, ICB, ICB_MEMBERS) + hd.run_roll_up(IND, REGION, null), { batch: true });
  await time('(d) opportunity across all indicators, one ICB (peers: nn:5)', 'healthdash', RUNS, () => hd.run_opportunities(ICB, K), { batch: true });
  results.answers.healthdash = {
    a: JSON.parse(hd.answer_peer_stats(IND, 'icb')),
    b: JSON.parse(hd.answer_inequalities(IND, ICB)),
    c: { icb: JSON.parse(hd.answer_roll_up(IND, ICB, ICB_MEMBERS)), region: JSON.parse(hd.answer_roll_up(IND, REGION, null)) },
    d: JSON.parse(hd.answer_opportunities(ICB, K)),
  };
}

// ---- format 2.x/3.x breakdowns ------------------------------------------------
// A row's breakdown is its dim_<id> columns (null: the whole population of that
// dimension). The whole population has every one null; a one-way slice by a
// dimension has that one set and the others null (crossed cells, e.g. ethnicity
// × quintile, are neither). Only dimensions some indicator cuts by have columns.
const DIMS = [...new Set(manifest.indicators.flatMap((i) => (i.breakdowns ?? []).flat()))].filter((d) => manifest.dimensions?.some((x) => x.id === d));
const SLICES = ['ethnicity', 'deprivation_decile', 'deprivation_quintile'].filter((d) => DIMS.includes(d));
const ethnicOrder = manifest.dimensions?.find((d) => d.id === 'ethnicity')?.categories ?? [];

// ---- hyparquet + plain JavaScript -------------------------------------------
const COLS = ['indicator_id', 'org_code', 'period_start', 'period_label', 'numerator', 'denominator', 'value', ...DIMS.map((d) => `dim_${d}`)];
async function hyDecode(u8) {
  const cols = {};
  const ab = u8.buffer.slice(u8.byteOffset, u8.byteOffset + u8.byteLength);
  // A file has only the dim_ columns its rows use: the others read as null.
  const present = new Set(parquetMetadata(ab).schema.map((e) => e.name));
  for (const c of COLS) cols[c] = [];
  await parquetRead({
    file: ab,
    columns: COLS.filter((c) => present.has(c)),
    parsers: { dateFromDays: (d) => d },
    onChunk: ({ columnName, columnData, rowStart }) => {
      const dst = cols[columnName];
      for (let i = 0; i < columnData.length; i++) dst[rowStart + i] = columnData[i];
    },
  });
  cols.length = cols.org_code.length;
  // The one-way slice each row is (a dimension id), '' for the whole population, null for neither.
  cols.slice = new Array(cols.length);
  for (let i = 0; i < cols.length; i++) {
    const set = DIMS.filter((d) => cols[`dim_${d}`][i] != null);
    cols.slice[i] = set.length === 0 ? '' : set.length === 1 ? set[0] : null;
  }
  return cols;
}
let hy; // file path → columns
// hyparquet reads healthdash's own files first; if it cannot (as with the
// short bit-packed runs of arrow2, healthdash's earlier writer: see
// bench/prepare.mjs), it is timed on the same values rewritten by pyarrow, and
// the results say so.
let hyBytes = bytes;
results.hyparquetInput = 'the same bytes as healthdash and DuckDB';
const own = await guarded(`hyparquet on healthdash's own ${manifest.files[0].path}`, async () => {
  for (const b of bytes) await hyDecode(b);
  return true;
});
if (!own) {
  hyBytes = await Promise.all(manifest.files.map(async (f) => new Uint8Array(await (await fetch(`${base}pyarrow/${f.path}`, { cache: 'no-store' })).arrayBuffer())));
  results.hyparquetInput = `the same values rewritten by pyarrow (${hyBytes.reduce((a, b) => a + b.length, 0)} bytes), because hyparquet cannot read healthdash's files`;
}
await guarded('hyparquet decode', () =>
  time('decode: Parquet → columns, every file', 'hyparquet', LOAD_RUNS, async () => {
    hy = null;
    const out = new Map();
    for (let i = 0; i < manifest.files.length; i++) out.set(manifest.files[i].path, await hyDecode(hyBytes[i]));
    hy = out;
  }),
);
hyBytes = null;
const tablesFor = (ind) => manifest.files.filter((f) => f.indicators.includes(ind)).map((f) => hy.get(f.path));
function latest(ind) {
  let p = -Infinity, label = null;
  for (const t of tablesFor(ind))
    for (let i = 0; i < t.length; i++) if (t.indicator_id[i] === ind && t.period_start[i] > p) (p = t.period_start[i]), (label = t.period_label[i]);
  return { p, label };
}
/** Whole-population rows of `ind` at period start `p`: org → {value, numerator, denominator}. */
function headlines(ind, p, keep) {
  const m = new Map();
  for (const t of tablesFor(ind))
    for (let i = 0; i < t.length; i++)
      if (t.period_start[i] === p && t.slice[i] === '' && t.indicator_id[i] === ind && keep(t.org_code[i]))
        m.set(t.org_code[i], { value: t.value[i], numerator: t.numerator[i], denominator: t.denominator[i] });
  return m;
}
const js = {
  a(ind, level) {
    const { p } = latest(ind);
    const vals = new Map();
    for (const [c, f] of headlines(ind, p, (c) => orgByCode.get(c)?.type === level)) if (f.value != null) vals.set(c, f.value);
    const pol = indicators.get(ind).polarity;
    return orgs
      .filter((o) => o.type === level)
      .map((o) => {
        const pv = [];
        for (const x of orgs) if (x.type === level && x.code !== o.code && vals.has(x.code)) pv.push(vals.get(x.code));
        const value = vals.get(o.code) ?? null;
        return { org: o.code, value, ...position(value, pv, pol) };
      });
  },
  b(ind, org) {
    const { p, label } = latest(ind);
    const groups = { ethnicity: [], deprivation_decile: [], deprivation_quintile: [] };
    const byPeriod = new Map(); // period start → {label, deciles: [], quintiles: []}
    for (const t of tablesFor(ind))
      for (let i = 0; i < t.length; i++) {
        if (t.org_code[i] !== org || t.indicator_id[i] !== ind) continue;
        const bt = t.slice[i];
        if (!bt || !(bt in groups)) continue;
        const g = { group: t[`dim_${bt}`][i], value: t.value[i], numerator: t.numerator[i], denominator: t.denominator[i] };
        if (t.period_start[i] === p) groups[bt].push(g);
        if (bt !== 'ethnicity') {
          let e = byPeriod.get(t.period_start[i]);
          if (!e) byPeriod.set(t.period_start[i], (e = { label: t.period_label[i], deprivation_decile: [], deprivation_quintile: [] }));
          e[bt].push(g);
        }
      }
    groups.ethnicity.sort((x, y) => ethnicOrder.indexOf(x.group) - ethnicOrder.indexOf(y.group));
    const byNum = (x, y) => Number(x.group) - Number(y.group);
    groups.deprivation_decile.sort(byNum);
    groups.deprivation_quintile.sort(byNum);
    const complete = (g, n) => g.length === n && g.every((x) => x.value != null && x.denominator > 0);
    const gap_over_time = [];
    for (const [, e] of [...byPeriod].sort((x, y) => x[0] - y[0])) {
      const g = complete(e.deprivation_decile, 10) ? e.deprivation_decile.sort(byNum) : complete(e.deprivation_quintile, 5) ? e.deprivation_quintile.sort(byNum) : null;
      if (g) gap_over_time.push({ period: e.label, absolute: g[g.length - 1].value - g[0].value });
    }
    return { period: label, ethnicity: groups.ethnicity, deciles: groups.deprivation_decile, quintiles: groups.deprivation_quintile, gap_over_time };
  },
  c(ind, parent, memberType) {
    const { p, label } = latest(ind);
    const ix = indicators.get(ind);
    const h = headlines(ind, p, (c) => orgByCode.get(c)?.type === memberType && ancestors.get(c)?.has(parent));
    let num = 0, den = 0, members = 0, missing = 0;
    for (const o of orgs) {
      if (o.type !== memberType || !ancestors.get(o.code).has(parent)) continue;
      const f = h.get(o.code);
      if (f && f.numerator != null && (ix.value_type === 'count' || f.denominator != null)) {
        num += f.numerator;
        den += f.denominator ?? 0;
        members++;
      } else missing++;
    }
    if (!members) return { period: label, member_type: memberType, members, missing, numerator: null, denominator: null, value: null };
    const value = ix.value_type === 'count' ? num : (num / den) * ix.multiplier;
    return { period: label, member_type: memberType, members, missing, numerator: num, denominator: ix.value_type === 'count' ? null : den, value };
  },
  d(org, k) {
    const peers = nearest(org, k);
    const want = new Set([org, ...peers]);
    const rows = OPP_INDICATORS.map((ind) => {
      const { p, label } = latest(ind.id);
      const h = headlines(ind.id, p, (c) => want.has(c));
      const me = h.get(org);
      const pv = peers.map((c) => h.get(c)?.value).filter((v) => v != null);
      return opportunityRow(ind, me?.value ?? null, me?.denominator ?? null, pv, label);
    });
    return withTotals(peers, rows);
  },
};
/** The member type healthdash's roll-up picks by default below a region (its ICBs). */
const REGION_MEMBERS = 'icb';
if (hy) {
  await time('(a) peer stats, one indicator, every ICB (peers: type)', 'hyparquet', RUNS, () => js.a(IND, 'icb'), { batch: true });
  await time('(b) ethnicity + deprivation slice, one ICB (+ gap over time)', 'hyparquet', RUNS, () => js.b(IND, ICB), { batch: true });
  await time('(c) roll-up of one indicator to an ICB and a region', 'hyparquet', RUNS, () => [ICB_MEMBERS && js.c(IND, ICB, ICB_MEMBERS), js.c(IND, REGION, REGION_MEMBERS)], { batch: true });
  await time('(d) opportunity across all indicators, one ICB (peers: nn:5)', 'hyparquet', RUNS, () => js.d(ICB, K), { batch: true });
  results.answers.hyparquet = {
    a: js.a(IND, 'icb'),
    b: js.b(IND, ICB),
    c: { icb: ICB_MEMBERS ? js.c(IND, ICB, ICB_MEMBERS) : null, region: js.c(IND, REGION, REGION_MEMBERS) },
    d: js.d(ICB, K),
  };
  hy = null; // free the JS heap before DuckDB loads its copy
}

// ---- DuckDB-wasm ------------------------------------------------------------
const dir = new URL('./vendor/', location.href).href;
const bundles = {
  mvp: { mainModule: `${dir}duckdb-mvp.wasm`, mainWorker: `${dir}duckdb-browser-mvp.worker.js` },
  eh: { mainModule: `${dir}duckdb-eh.wasm`, mainWorker: `${dir}duckdb-browser-eh.worker.js` },
};
// ?duckdb=mvp|eh forces a bundle; by default DuckDB's own selection picks one.
const bundle = params.get('duckdb') ? bundles[params.get('duckdb')] : await duckdb.selectBundle(bundles);
results.duckdbBundle = bundle.mainModule.split('/').pop();
let db, conn;
const sqlStr = (s) => `'${String(s).replaceAll("'", "''")}'`;
const rowsOf = async (sql) => (await conn.query(sql)).toArray().map((r) => r.toJSON());
const num = (x) => (x == null ? null : typeof x === 'bigint' ? Number(x) : Number(x));
const ready = await guarded('duckdb setup', async () => {
db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(bundle.mainWorker));
await db.instantiate(bundle.mainModule);
results.duckdbVersion = await db.getVersion();
conn = await db.connect();
// Manifest metadata as tables (not timed): organisations, ancestor links, indicators.
await conn.query(`CREATE TABLE orgs AS SELECT * FROM (VALUES ${orgs.map((o) => `(${sqlStr(o.code)}, ${sqlStr(o.type)}, ${orgs.indexOf(o)})`).join(',')}) t(code, type, ord)`);
const anc = orgs.flatMap((o) => [...ancestors.get(o.code)].map((a) => `(${sqlStr(o.code)}, ${sqlStr(a)})`));
await conn.query(`CREATE TABLE anc (code VARCHAR, ancestor VARCHAR)`);
for (let i = 0; i < anc.length; i += 5000) await conn.query(`INSERT INTO anc VALUES ${anc.slice(i, i + 5000).join(',')}`);
await conn.query(
  `CREATE TABLE inds AS SELECT * FROM (VALUES ${manifest.indicators.map((i, n) => `(${sqlStr(i.id)}, ${n}, ${sqlStr(i.polarity)}, ${Number(i.multiplier)}::DOUBLE, ${i.unit_cost ?? 'NULL'}::DOUBLE, ${i.carbon_factor ?? 'NULL'}::DOUBLE, ${sqlStr(i.value_type)})`).join(',')}) t(id, ord, polarity, multiplier, unit_cost, carbon_factor, value_type)`,
);
  return true;
});
const names = manifest.files.map((f, i) => `f${i}.parquet`);
let loaded = false;
if (ready) await guarded('duckdb load', () =>
  time('decode: Parquet → columns, every file', 'duckdb', LOAD_RUNS, async () => {
    for (let i = 0; i < names.length; i++) await db.registerFileBuffer(names[i], bytes[i].slice());
    // union_by_name: a file of whole-population rows has no dim_ columns.
    await conn.query(`CREATE OR REPLACE TABLE v AS SELECT * FROM read_parquet([${names.map(sqlStr).join(',')}], union_by_name = true)`);
    loaded = true;
  }),
);
/** SQL: the row is the whole population (`p` a table prefix such as 'v.'). */
const WHOLE = (p = '') => (DIMS.length ? `(${DIMS.map((d) => `${p}dim_${d} IS NULL`).join(' AND ')})` : 'TRUE');
/** SQL: the row is the one-way slice by dimension `d`. */
const ONLY = (d) => `(dim_${d} IS NOT NULL${DIMS.filter((x) => x !== d).map((x) => ` AND dim_${x} IS NULL`).join('')})`;
const SLICE_SQL = SLICES.length ? `CASE ${SLICES.map((d) => `WHEN ${ONLY(d)} THEN ${sqlStr(d)}`).join(' ')} END` : 'NULL';
const GROUP_SQL = SLICES.length ? `coalesce(${SLICES.map((d) => `dim_${d}`).join(', ')})` : 'NULL';
const sql = {
  async a(ind, level) {
    const pol = indicators.get(ind).polarity;
    const worse = pol === 'lower_is_better' ? 'p.value > s.value' : 'p.value < s.value';
    const rows = await rowsOf(`
      WITH lp AS (SELECT max(period_start) AS p FROM v WHERE indicator_id = ${sqlStr(ind)}),
      vals AS (SELECT v.org_code AS org, v.value FROM v JOIN lp ON v.period_start = lp.p JOIN orgs o ON o.code = v.org_code
               WHERE v.indicator_id = ${sqlStr(ind)} AND ${WHOLE('v.')} AND v.value IS NOT NULL AND o.type = ${sqlStr(level)}),
      lv AS (SELECT code, ord FROM orgs WHERE type = ${sqlStr(level)})
      SELECT lv.code AS org, s.value, count(p.value) AS n,
             quantile_cont(p.value, 0.25) AS q1, quantile_cont(p.value, 0.5) AS median, quantile_cont(p.value, 0.75) AS q3,
             count(*) FILTER (WHERE ${worse}) AS worse, count(*) FILTER (WHERE p.value = s.value) AS equal
      FROM lv LEFT JOIN vals s ON s.org = lv.code LEFT JOIN vals p ON p.org <> lv.code
      GROUP BY lv.code, lv.ord, s.value ORDER BY lv.ord`);
    return rows.map((r) => {
      const has = r.value != null;
      const n = num(r.n) + (has ? 1 : 0), w = num(r.worse), e = num(r.equal) + (has ? 1 : 0);
      return { org: r.org, value: num(r.value), peers_with_value: num(r.n), q1: num(r.q1), median: num(r.median), q3: num(r.q3),
        percentile: has ? (100 * (w + 0.5 * e)) / n : null, rank: has ? n - w - e + 1 : null, of: n };
    });
  },
  async b(ind, org) {
    const where = `indicator_id = ${sqlStr(ind)} AND org_code = ${sqlStr(org)}`;
    const groups = await rowsOf(`
      SELECT * FROM (SELECT ${SLICE_SQL} AS bt, ${GROUP_SQL} AS "group", value, numerator, denominator, period_label FROM v
        WHERE ${where} AND period_start = (SELECT max(period_start) FROM v WHERE indicator_id = ${sqlStr(ind)}))
      WHERE bt IS NOT NULL ORDER BY bt, TRY_CAST("group" AS INTEGER), "group"`);
    const gaps = await rowsOf(`
      WITH d0 AS (SELECT period_start, period_label, ${SLICE_SQL} AS bt, ${GROUP_SQL} AS grp, value, denominator FROM v WHERE ${where}),
      d AS (SELECT period_start, period_label, bt, CAST(grp AS INTEGER) AS g, value, denominator FROM d0
            WHERE bt IN ('deprivation_decile', 'deprivation_quintile')),
      agg AS (SELECT period_start, period_label, bt, count(*) AS n, bool_and(value IS NOT NULL AND denominator > 0) AS ok,
                     arg_min(value, g) AS most, arg_max(value, g) AS least FROM d GROUP BY ALL)
      SELECT period_label AS period, coalesce(max(least - most) FILTER (WHERE bt = 'deprivation_decile' AND n = 10 AND ok),
                                              max(least - most) FILTER (WHERE bt = 'deprivation_quintile' AND n = 5 AND ok)) AS absolute
      FROM agg GROUP BY period_start, period_label HAVING absolute IS NOT NULL ORDER BY period_start`);
    const order = ethnicOrder;
    const pick = (bt) => groups.filter((g) => g.bt === bt).map((g) => ({ group: g.group, value: num(g.value), numerator: num(g.numerator), denominator: num(g.denominator) }));
    const eth = pick('ethnicity').sort((x, y) => order.indexOf(x.group) - order.indexOf(y.group));
    return { period: groups[0]?.period_label ?? null, ethnicity: eth, deciles: pick('deprivation_decile'), quintiles: pick('deprivation_quintile'), gap_over_time: gaps.map((g) => ({ period: g.period, absolute: num(g.absolute) })) };
  },
  async c(ind, parent, memberType) {
    const [r] = await rowsOf(`
      WITH lp AS (SELECT max(period_start) AS p, arg_max(period_label, period_start) AS label FROM v WHERE indicator_id = ${sqlStr(ind)}),
      m AS (SELECT o.code FROM orgs o JOIN anc a ON a.code = o.code AND a.ancestor = ${sqlStr(parent)} WHERE o.type = ${sqlStr(memberType)}),
      h AS (SELECT v.org_code, v.numerator, v.denominator FROM v, lp WHERE v.indicator_id = ${sqlStr(ind)} AND v.period_start = lp.p AND ${WHOLE('v.')}
              AND v.numerator IS NOT NULL AND v.denominator IS NOT NULL AND v.org_code IN (SELECT code FROM m))
      SELECT (SELECT label FROM lp) AS period, count(*) AS members, (SELECT count(*) FROM m) - count(*) AS missing,
             sum(numerator) AS numerator, sum(denominator) AS denominator,
             sum(numerator) / sum(denominator) * (SELECT multiplier FROM inds WHERE id = ${sqlStr(ind)}) AS value FROM h`);
    return { period: r.period, member_type: memberType, members: num(r.members), missing: num(r.missing), numerator: num(r.numerator), denominator: num(r.denominator), value: num(r.value) };
  },
  async d(org, k) {
    const peers = nearest(org, k);
    const inList = [org, ...peers].map(sqlStr).join(',');
    const rows = await rowsOf(`
      WITH lp AS (SELECT indicator_id, max(period_start) AS p, arg_max(period_label, period_start) AS label FROM v GROUP BY indicator_id),
      h AS (SELECT v.indicator_id, v.org_code, v.value, v.denominator FROM v JOIN lp ON v.indicator_id = lp.indicator_id AND v.period_start = lp.p
            WHERE ${WHOLE('v.')} AND v.org_code IN (${inList})),
      pq AS (SELECT indicator_id, quantile_cont(value, 0.5) AS median, quantile_cont(value, 0.25) AS p25, quantile_cont(value, 0.75) AS p75
             FROM h WHERE org_code <> ${sqlStr(org)} AND value IS NOT NULL GROUP BY indicator_id),
      me AS (SELECT * FROM h WHERE org_code = ${sqlStr(org)}),
      t AS (SELECT i.id, i.ord, i.polarity, i.multiplier, i.unit_cost, i.carbon_factor, lp.label AS period, me.value, me.denominator, pq.median,
                   CASE WHEN i.polarity = 'higher_is_better' THEN pq.p75 ELSE pq.p25 END AS target
            FROM inds i JOIN lp ON lp.indicator_id = i.id LEFT JOIN me ON me.indicator_id = i.id LEFT JOIN pq ON pq.indicator_id = i.id
            WHERE i.polarity <> 'neither'),
      a AS (SELECT *, CASE WHEN value IS NOT NULL AND denominator >= 0 AND target IS NOT NULL AND multiplier > 0 THEN
                 greatest(0, (CASE WHEN polarity = 'lower_is_better' THEN value - target ELSE target - value END) / multiplier * denominator) END AS activity FROM t)
      SELECT id AS indicator, period, value, target, median, activity, activity * unit_cost AS cost, activity * carbon_factor / 1000 AS carbon FROM a ORDER BY ord`);
    return withTotals(peers, rows.map((r) => ({ indicator: r.indicator, period: r.period, value: num(r.value), target: num(r.target), median: num(r.median), activity: num(r.activity), cost: num(r.cost), carbon: num(r.carbon) })));
  },
};
if (loaded) await guarded('duckdb queries', async () => {
  await time('(a) peer stats, one indicator, every ICB (peers: type)', 'duckdb', RUNS, () => sql.a(IND, 'icb'), { batch: true });
  await time('(b) ethnicity + deprivation slice, one ICB (+ gap over time)', 'duckdb', RUNS, () => sql.b(IND, ICB), { batch: true });
  await time('(c) roll-up of one indicator to an ICB and a region', 'duckdb', RUNS, async () => [ICB_MEMBERS && (await sql.c(IND, ICB, ICB_MEMBERS)), await sql.c(IND, REGION, REGION_MEMBERS)], { batch: true });
  await time('(d) opportunity across all indicators, one ICB (peers: nn:5)', 'duckdb', RUNS, () => sql.d(ICB, K), { batch: true });
  results.answers.duckdb = {
    a: await sql.a(IND, 'icb'),
    b: await sql.b(IND, ICB),
    c: { icb: ICB_MEMBERS ? await sql.c(IND, ICB, ICB_MEMBERS) : null, region: await sql.c(IND, REGION, REGION_MEMBERS) },
    d: await sql.d(ICB, K),
  };
});
await guarded('duckdb close', async () => {
  await conn?.close();
  await db?.terminate();
});

// ---- agreement -------------------------------------------------------------
// Numbers agree when |x − y| ≤ 1e-9 × max(1, |x|, |y|) (summation order
// differs between systems); everything else must be equal.
const TOL = 1e-9;
function diff(x, y, path, out) {
  if (out.length >= 10) return;
  if (typeof x === 'number' && typeof y === 'number') {
    if (Math.abs(x - y) > TOL * Math.max(1, Math.abs(x), Math.abs(y))) out.push(`${path}: ${x} vs ${y}`);
  } else if (Array.isArray(x) && Array.isArray(y)) {
    if (x.length !== y.length) out.push(`${path}: ${x.length} items vs ${y.length}`);
    for (let i = 0; i < Math.min(x.length, y.length); i++) diff(x[i], y[i], `${path}[${i}]`, out);
  } else if (x && y && typeof x === 'object' && typeof y === 'object') {
    for (const k of Object.keys(x)) if (k in y) diff(x[k], y[k], `${path}.${k}`, out);
      else out.push(`${path}.${k}: missing in the peer`);
  } else if (x !== y) out.push(`${path}: ${JSON.stringify(x)} vs ${JSON.stringify(y)}`);
}
const hdA = results.answers.healthdash;
for (const peer of ['duckdb', 'hyparquet']) {
  const pa = results.answers[peer];
  for (const q of ['a', 'b', 'c', 'd']) {
    const out = [];
    if (!hdA || !pa) out.push('no answer');
    else if (q === 'c') {
      // healthdash names the member type it chose by default for the region; the peers were told it.
      diff(hdA.c.region, pa.c.region, 'region', out);
      if (hdA.c.icb && hdA.c.icb.members > 0) diff(hdA.c.icb, pa.c.icb, 'icb', out);
    } else diff(hdA[q], pa[q], q, out);
    results.checks.push({ peer, query: q, agree: out.length === 0, differences: out });
    log(`check ${q} healthdash vs ${peer}: ${out.length ? `DISAGREE ${out.join('; ')}` : 'agree'}`);
  }
}
results.memory.healthdash_end = wasm.memory.buffer.byteLength;
window.__results = results;
document.body.dataset.done = 'true';
log('done');
