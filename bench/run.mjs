// `make bench`, step 2: serves dist/ from loopback with the plain static server
// (e2e/static-server.mjs), drives Debian's Chromium headless with
// playwright-core (launch flags as e2e/playwright.config.ts), and writes
// BENCHMARKS.md (and target/bench-results.json, every number).
//
// Per size (BENCH_SIZES, default 100k,1m,10m):
//  - the app's cold start (fresh browser context each time, so Cache Storage
//    is empty) to main#app[data-state="ready"] and the first chart drawn, on
//    ?data=bench/<size>/manifest.json (overview) and with &view=trend;
//  - a filter change in the app (the #indicator select on the trend view) to
//    data-state ready again with every chart drawn;
//  - the benchmark page dist/bench/index.html?size=<size> (bench/bench.mjs):
//    download, decode and the standard queries in healthdash (wasm),
//    DuckDB-wasm and hyparquet + JavaScript, and whether their answers agree.
// Once: the cold start on the default bundle and the release .wasm/JS sizes;
// the goals of issue 18 (bench/startup.mjs): cold start of the landing page
// and an ICB's overview (BENCH_COLD_RUNS, default 7), the phone-like profile
// (BENCH_PHONE_RUNS, default 3) and the long tasks while the 1M-row bundle
// loads (BENCH_BUSY_RUNS, default 3), each against its target.
//
// Environment: BENCH_SIZES, BENCH_RUNS (query repetitions, default 11),
// BENCH_LOAD_RUNS (download/decode repetitions, default 5), BENCH_APP_RUNS
// (cold starts and filter changes, default 5), BENCH_PORT (default 8095; the
// gzip server for the phone profile uses the next port).
import { spawn, execSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { chromium } from 'playwright-core';
import * as startup from './startup.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SIZES = (process.env.BENCH_SIZES ?? '100k,1m,10m').split(',').map((s) => s.trim()).filter(Boolean);
const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const LOAD_RUNS = Number(process.env.BENCH_LOAD_RUNS ?? 5);
const APP_RUNS = Number(process.env.BENCH_APP_RUNS ?? 5);
const PORT = Number(process.env.BENCH_PORT ?? 8095);
const BASE = `http://127.0.0.1:${PORT}/`;
const GZIP_BASE = `http://127.0.0.1:${PORT + 1}/`;
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 7);
const PHONE_RUNS = Number(process.env.BENCH_PHONE_RUNS ?? 3);
const BUSY_RUNS = Number(process.env.BENCH_BUSY_RUNS ?? 3);
/** Issue 18's targets. */
const GOALS = { wasmGzip: 400 * 1000, cold: 800, phoneLcp: 2500, longTask: 100 };
const PAGE_TIMEOUT = Number(process.env.BENCH_PAGE_TIMEOUT_S ?? 3600) * 1000;
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function summary(ms) {
  const s = ms.filter((x) => x != null).sort((a, b) => a - b);
  return s.length ? { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1], runs: s.length } : null;
}

// ---- server and browser ------------------------------------------------------
const server = spawn(process.execPath, [join(root, 'e2e/static-server.mjs'), join(root, 'dist'), String(PORT)], { stdio: ['ignore', 'ignore', 'inherit'] });
const gzipServer = spawn(process.execPath, [join(root, 'e2e/static-server.mjs'), join(root, 'dist'), String(PORT + 1), '--gzip'], { stdio: ['ignore', 'ignore', 'inherit'] });
process.on('exit', () => {
  server.kill();
  gzipServer.kill();
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${BASE}index.html`)).ok && (await fetch(`${GZIP_BASE}index.html`)).ok) break;
  } catch {}
  if (i > 100) throw new Error('the static server did not start');
  await new Promise((r) => setTimeout(r, 100));
}
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS, headless: true });
const out = { date: new Date().toISOString(), browser: browser.version(), sizes: {}, app: {}, load: { start: os.loadavg()[0] } };
console.log(`Chromium ${out.browser}; serving dist/ at ${BASE}`);

// Records, from the first script of every page, when main#app first says
// ready and when the first chart is drawn (performance.now(): ms since navigation start).
const WATCH = () => {
  window.__bench = { ready: null, chart: null };
  const check = () => {
    const app = document.querySelector('main#app');
    if (window.__bench.chart == null && document.querySelector('.chart[data-rendered="true"]')) window.__bench.chart = performance.now();
    if (window.__bench.ready == null && app?.dataset.state === 'ready') window.__bench.ready = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state', 'data-rendered'] });
};

async function coldStart(path) {
  const ready = [], chart = [];
  for (let i = 0; i < APP_RUNS; i++) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await page.addInitScript(WATCH);
    await page.goto(BASE + path);
    await page.waitForFunction(() => window.__bench?.ready != null || document.querySelector('main#app')?.dataset.state === 'error', null, { timeout: PAGE_TIMEOUT, polling: 50 });
    const r = await page.evaluate(() => ({ ...window.__bench, state: document.querySelector('main#app').dataset.state }));
    if (r.state === 'error') throw new Error(`${path}: the app says error`);
    ready.push(r.ready);
    chart.push(r.chart);
    await ctx.close();
  }
  return { ready: summary(ready), chart: summary(chart) };
}

/** Changes #indicator on a ready page and times until every chart is drawn again. */
async function filterChange(path) {
  const ms = [];
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(BASE + path);
  await page.waitForSelector('main#app[data-state="ready"]', { timeout: PAGE_TIMEOUT });
  for (let i = 0; i < APP_RUNS; i++) {
    const t = await page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const select = document.querySelector('#indicator');
          const options = [...select.options].filter((o) => o.value && o.value !== select.value);
          const next = options[Math.floor(options.length / 2)].value;
          const old = new Set(document.querySelectorAll('.chart'));
          const app = document.querySelector('main#app');
          let left = false;
          const done = () => {
            if (app.dataset.state !== 'ready') left = true;
            const charts = [...document.querySelectorAll('.chart')];
            const replaced = charts.some((c) => !old.has(c));
            if ((left || replaced) && app.dataset.state === 'ready' && charts.length && charts.every((c) => c.dataset.rendered === 'true')) {
              obs.disconnect();
              resolve(performance.now() - t0);
            }
          };
          const obs = new MutationObserver(done);
          obs.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state', 'data-rendered'] });
          setTimeout(() => reject(new Error('no repaint within 60 s')), 60_000);
          const t0 = performance.now();
          select.value = next;
          select.dispatchEvent(new Event('change', { bubbles: true }));
          done();
        }),
    );
    ms.push(t);
    await page.waitForTimeout(200);
  }
  await ctx.close();
  return summary(ms);
}

// ---- sizes of the release app --------------------------------------------------
const gz = (f) => Number(execSync(`gzip -9 -c ${JSON.stringify(f)} | wc -c`).toString().trim());
const dist = join(root, 'dist');
out.files = readdirSync(dist)
  .filter((f) => /\.(wasm|js)$/.test(f))
  .concat(['bench/pkg/healthdash_bench_wasm_bg.wasm', 'bench/pkg/healthdash_bench_wasm.js'])
  .map((f) => ({ file: f, raw: statSync(join(dist, f)).size, gzip: gz(join(dist, f)) }));

// ---- the app on the default bundle -------------------------------------------
// The default view (overview) draws no chart, so the trend view gives the first chart.
try {
  out.app.default = { cold: await coldStart('index.html'), trend: await coldStart('index.html?view=trend') };
  console.log(`default bundle cold start: ready ${out.app.default.cold.ready.median.toFixed(0)} ms; trend ${out.app.default.trend.chart?.median.toFixed(0)} ms to its first chart`);
} catch (e) {
  out.app.default = { error: String(e.message ?? e) };
}

// ---- issue 18: first view, phone profile, long tasks while loading ------------
out.startup = {};
const attempt = async (name, f) => {
  try {
    out.startup[name] = await f();
  } catch (e) {
    out.startup[name] = { error: String(e.message ?? e) };
  }
  console.log(`${name}: ${JSON.stringify(out.startup[name], (k, v) => (k === 'all' || k === 'runs' ? undefined : typeof v === 'number' ? Math.round(v) : v))}`);
};
await attempt('landing', () => startup.coldStart(browser, BASE, startup.LANDING, COLD_RUNS));
await attempt('icbOverview', () => startup.coldStart(browser, BASE, startup.ICB_OVERVIEW, COLD_RUNS));
await attempt('phoneLanding', () => startup.phone(browser, GZIP_BASE, startup.LANDING, PHONE_RUNS));
await attempt('phoneIcbOverview', () => startup.phone(browser, GZIP_BASE, startup.ICB_OVERVIEW, PHONE_RUNS));
if (existsSync(join(dist, 'bench/1m/manifest.json'))) {
  await attempt('busy1m', () => startup.whileLoading(browser, BASE, startup.ALL_OF_1M, BUSY_RUNS));
  await attempt('busyBreakdowns', () => startup.whileLoading(browser, BASE, startup.BREAKDOWNS_OF_1M, BUSY_RUNS));
  // What each view reads, from the manifest: the report every whole-population
  // file; the ICB's inequalities flu_65's files of the ICB, its region and England.
  const m1 = JSON.parse(readFileSync(join(dist, 'bench/1m/manifest.json'), 'utf8'));
  const count = (files) => ({ files: files.length, rows: files.reduce((a, f) => a + f.rows, 0), largest: Math.max(...files.map((f) => f.rows)) });
  out.startup.reads = {
    bundle: count(m1.files),
    report: count(m1.files.filter((f) => f.breakdown_rows !== 'only')),
    inequalities: count(m1.files.filter((f) => f.indicators.includes('flu_65') && (f.org_types ?? []).some((t) => ['icb', 'region', 'country'].includes(t)))),
  };
}

// ---- each size ---------------------------------------------------------------
for (const size of SIZES) {
  const r = (out.sizes[size] = { app: {} });
  const data = `data=bench/${size}/manifest.json`;
  for (const [name, path] of [['overview', `index.html?${data}`], ['trend', `index.html?${data}&view=trend`]]) {
    try {
      r.app[name] = await coldStart(path);
      console.log(`${size} ${name} cold start: ready ${r.app[name].ready.median.toFixed(0)} ms`);
    } catch (e) {
      r.app[name] = { error: String(e.message ?? e) };
      console.log(`${size} ${name} cold start: ${r.app[name].error}`);
    }
  }
  try {
    r.app.filter = await filterChange(`index.html?${data}&view=trend`);
    console.log(`${size} filter change: ${r.app.filter.median.toFixed(0)} ms`);
  } catch (e) {
    r.app.filter = { error: String(e.message ?? e) };
  }
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  page.on('console', (m) => m.type() !== 'debug' && console.log(`  [${size}] ${m.text()}`));
  let crashed = null;
  page.on('crash', () => (crashed = 'the page crashed (renderer out of memory?)'));
  try {
    await page.goto(`${BASE}bench/index.html?size=${size}&runs=${RUNS}&loadRuns=${LOAD_RUNS}`);
    await page.waitForFunction(() => document.body.dataset.done === 'true', null, { timeout: PAGE_TIMEOUT, polling: 500 });
    r.page = await page.evaluate(() => window.__results);
  } catch (e) {
    r.page = { error: crashed ?? String(e.message ?? e) };
    console.log(`${size} benchmark page: ${r.page.error}`);
  }
  await ctx.close().catch(() => {});
}
await browser.close();
server.kill();
gzipServer.kill();
out.load.end = os.loadavg()[0];

// ---- report --------------------------------------------------------------------
// Sizes not measured this time (BENCH_SIZES) keep their last results, with their date.
mkdirSync(join(root, 'target'), { recursive: true });
for (const size of SIZES) out.sizes[size].date = out.date;
try {
  const prev = JSON.parse(readFileSync(join(root, 'target/bench-results.json'), 'utf8'));
  for (const [size, r] of Object.entries(prev.sizes ?? {})) if (!out.sizes[size]) out.sizes[size] = { date: prev.date, ...r, browser: prev.browser };
} catch {}
writeFileSync(join(root, 'target/bench-results.json'), JSON.stringify(out, null, 2));
const ORDER = ['100k', '1m', '10m'];
const reported = Object.keys(out.sizes).sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
const cpu = (readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) ?? [])[1] ?? os.cpus()[0]?.model;
const ram = Number((readFileSync('/proc/meminfo', 'utf8').match(/MemTotal:\s*(\d+)/) ?? [])[1]) / 2 ** 20;
const f = (x) => (x == null ? '—' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const cell = (s) => (s ? `${f(s.median)} (${f(s.min)}–${f(s.max)})` : '—');
const ratio = (peer, hd) => (peer && hd ? `${(peer.median / hd.median).toFixed(2)}×` : '—');
const MiB = (b) => (b == null ? '—' : `${(b / 2 ** 20).toFixed(0)} MiB`);
const L = [];
L.push('# Benchmarks', '');
L.push(`Written by \`make bench\` (bench/run.mjs) on ${out.date.slice(0, 10)}. Do not edit by hand; run it again.`, '');
L.push(`- Machine: ${os.cpus().length} CPUs (\`nproc\` ${execSync('nproc').toString().trim()}), ${cpu}, ${ram.toFixed(1)} GiB RAM, ${os.platform()} ${os.release()}`);
L.push(`- Load average (1 min) when the run started and ended: ${out.load.start.toFixed(1)} and ${out.load.end.toFixed(1)} on ${os.cpus().length} CPUs; other work on the machine slows every figure here.`);
L.push(`- Browser: Debian Chromium ${out.browser}, headless, driven by playwright-core; flags ${ARGS.join(' ')}`);
L.push(`- Served from loopback by e2e/static-server.mjs (no compression, \`Cache-Control: no-cache\`).`);
L.push(
  `- Every time is \`performance.now()\` in the page around the work alone; cells are median (min–max) in ms. Queries: ${RUNS} runs; download and decode: ${LOAD_RUNS} runs; app cold starts and filter changes: ${APP_RUNS} runs, each cold start in a fresh browser context (empty Cache Storage).`,
);
L.push(
  '- Systems, in one page session on the same downloaded bytes: **healthdash** (healthdash-core compiled to wasm32 as crates/bench-wasm, release profile of the app, wasm-bindgen), **DuckDB-wasm** (SQL over a table made by `read_parquet` from `registerFileBuffer`), **hyparquet** (decode to columns) + plain JavaScript. Ratios are *peer ÷ healthdash*: above 1 means healthdash is faster.',
);
L.push('', '## Release sizes', '', '| file | raw bytes | gzip -9 bytes |', '| --- | ---: | ---: |');
for (const x of out.files) L.push(`| ${x.file} | ${x.raw} | ${x.gzip} |`);
L.push(...goalsReport(out));
const d = out.app.default;
L.push('', '## The app on its default bundle', '');
L.push(
  d.cold
    ? `Cold start of \`dist/index.html\` (overview, which draws no chart): ready ${cell(d.cold.ready)} ms. Cold start of \`dist/index.html?view=trend\`: first chart drawn ${cell(d.trend?.chart)} ms, ready ${cell(d.trend?.ready)} ms.`
    : `Cold start failed: ${d.error}`,
);
for (const size of reported) {
  const r = out.sizes[size];
  const p = r.page ?? {};
  L.push('', `## ${size}${p.bundle ? `: ${p.bundle.rows.toLocaleString('en-GB')} value rows, ${p.bundle.files} files, ${(p.bundle.bytes / 1e6).toFixed(1)} MB Parquet, ${p.bundle.organisations} organisations` : ''}`, '');
  L.push(`Measured ${r.date?.slice(0, 16).replace('T', ' ')} UTC${r.browser && r.browser !== out.browser ? ` in Chromium ${r.browser}` : ''}.`, '');
  if (p.params) L.push(`Parameters (as crates/cli/benches/engine.rs): indicator \`${p.params.indicator}\`, ICB \`${p.params.icb}\`, region \`${p.params.region}\`, ICB roll-up from ${p.params.icbMembers ?? '(no providers in this bundle: the ICB roll-up has no members)'}, nearest neighbours k = ${p.params.k}; DuckDB ${p.duckdbVersion ?? '?'} (${p.duckdbBundle ?? '?'}).`, '');
  L.push('| measurement | healthdash | DuckDB-wasm | hyparquet + JS | DuckDB ÷ healthdash | hyparquet ÷ healthdash |', '| --- | ---: | ---: | ---: | ---: | ---: |');
  const app = r.app;
  const appRow = (name, s) => L.push(`| ${name} | ${s?.error ? `failed: ${s.error}` : cell(s)} | — | — | — | — |`);
  appRow('app cold start to ready, overview', app.overview?.ready ?? app.overview);
  appRow('app cold start to first chart, overview', app.overview?.chart);
  appRow('app cold start to ready, trend', app.trend?.ready ?? app.trend);
  appRow('app cold start to first chart, trend', app.trend?.chart);
  appRow('app filter change (#indicator) to repainted chart, trend', app.filter);
  for (const [name, by] of Object.entries(p.times ?? {})) {
    if (by.browser) {
      L.push(`| ${name} | ${cell(by.browser)} (shared) | — | — | — | — |`);
      continue;
    }
    L.push(`| ${name} | ${cell(by.healthdash)} | ${cell(by.duckdb)} | ${cell(by.hyparquet)} | ${ratio(by.duckdb, by.healthdash)} | ${ratio(by.hyparquet, by.healthdash)} |`);
  }
  if (p.memory) L.push(`| wasm memory after load (healthdash module) | ${MiB(p.memory.healthdash_after_load)} (initial ${MiB(p.memory.healthdash_initial)}, after all repeats ${MiB(p.memory.healthdash_after_repeats)}) | — | — | — | — |`);
  if (p.hyparquetInput) L.push('', `hyparquet read ${p.hyparquetInput}.`);
  if (p.batch) {
    const b = Object.entries(p.batch).filter(([, n]) => n > 1).map(([k, n]) => `${k.split('|')[1]} ${k.split(' ')[0]} ×${n}`);
    if (b.length) L.push('', `Queries faster than the 0.1 ms timer were timed in batches (per-call time shown): ${b.join(', ')}.`);
  }
  if (p.error) L.push('', `The benchmark page failed: ${p.error}`);
  for (const e of p.errors ?? []) L.push('', `Error: ${e}`);
  if (p.checks?.length) {
    L.push('', 'Answers compared with healthdash (numbers within 1e-9 relative, everything else equal):', '');
    for (const c of p.checks) L.push(`- ${c.peer} (${c.query}): ${c.agree ? 'agree' : `**disagree**: ${c.differences.join('; ')}`}`);
  }
}
L.push(
  '',
  '## How it is measured',
  '',
  '- `make bench` builds the release app (`make build`), synthesises the bundles with `healthdash synth` into target/bench-bundles/ (about 100 000 rows: the default geography with fewer months; 1 and 10 million: extra synthetic providers, sized as in crates/cli/benches/engine.rs) and copies them to dist/bench/<size>/, builds crates/bench-wasm for wasm32 and runs wasm-bindgen into dist/bench/pkg/, installs the peers (`npm ci --prefix bench`) and vendors them into dist/bench/vendor/, then runs bench/run.mjs.',
  '- *download*: `fetch` of every Parquet file of the bundle (`cache: "no-store"`) into memory; the views that show every indicator (overview, opportunity) need all of them.',
  '- *decode*: healthdash `decode_values` (Parquet → its columnar table) of every file; healthdash *load* is what the app does with each file (`Dataset::add_file`: SHA-256 check, decode, value checks, index); hyparquet `parquetRead` of the nine columns the queries use into JavaScript arrays; DuckDB `registerFileBuffer` of every file and `CREATE TABLE v AS SELECT * FROM read_parquet([...])`.',
  '- Queries (a)–(d) are those of crates/cli/benches/engine.rs: (a) `level_peer_stats` for every ICB, peers every other ICB, latest period; (b) `inequalities` (ethnic groups, deprivation deciles and quintiles at the latest period, gap over every period; healthdash also computes the SII, Core20 and comparisons, which the peers do not); (c) `roll_up` to the first ICB from its providers and to the first region from its ICBs; (d) `opportunities` across every indicator for the first ICB against its 5 nearest neighbours, best-quartile target. The peers compute the nearest neighbours in JavaScript from the manifest (the same method as stats::peers) and DuckDB gets the manifest\'s organisations, ancestor links and indicators as small tables made before timing.',
  '- The app measurements load the real app (`dist/index.html`) with `?data=bench/<size>/manifest.json`; "ready" is `main#app[data-state="ready"]` (every chart of the view drawn), recorded by a MutationObserver installed before the page\'s scripts, in ms since navigation start. The filter change sets the `#indicator` select on the trend view and waits until data-state is ready again with every chart\'s `data-rendered` set.',
  '- Memory is `WebAssembly.Memory.buffer.byteLength` of the bench module (it only grows): after the first full load of the size, with the initial size and the size after every repetition beside it.',
);
writeFileSync(join(root, 'BENCHMARKS.md'), `${L.join('\n')}\n`);
console.log('wrote BENCHMARKS.md and target/bench-results.json');
process.exit(0);

/** BENCHMARKS.md's "Goals" section: each target of issue 18, met or missed and by how much. */
function goalsReport(o) {
  const S = o.startup ?? {};
  const ms = (x) => (x == null ? '—' : `${Math.round(x)} ms`);
  const cellOf = (s) => (s ? `${ms(s.median)} (${ms(s.min)}–${ms(s.max)}, ${s.runs} runs)` : '—');
  const verdict = (value, goal, unit = 'ms') => {
    if (value == null) return 'not measured';
    const by = Math.abs(goal - value);
    const amount = unit === 'B' ? `${by.toLocaleString('en-GB')} B` : `${Math.round(by)} ${unit}`;
    return value <= goal ? `**met** (${amount} under)` : `**missed** by ${amount} (${((100 * (value - goal)) / goal).toFixed(0)}% over)`;
  };
  const wasm = o.files.find((f) => /_bg\.wasm$/.test(f.file) && !f.file.startsWith('bench/'));
  const err = (x) => (x?.error ? `failed: ${x.error}` : null);
  const R = [];
  R.push('', '## Goals (issue 18)', '');
  R.push('| goal | target | measured | verdict |', '| --- | ---: | ---: | --- |');
  R.push(`| shipped .wasm every page loads first (the main module), gzip -9 | ≤ ${GOALS.wasmGzip.toLocaleString('en-GB')} B | ${wasm ? `${wasm.gzip.toLocaleString('en-GB')} B (${wasm.raw.toLocaleString('en-GB')} B raw)` : '—'} | ${verdict(wasm?.gzip, GOALS.wasmGzip, 'B')} |`);
  for (const [key, name] of [['landing', 'cold start, landing page (bare address, catalogue cards)'], ['icbOverview', 'cold start, an ICB\'s overview (`?view=overview&org=E54000008`)']]) {
    const x = S[key];
    R.push(`| ${name}: median navigation start → ready | < ${GOALS.cold} ms | ${err(x) ?? cellOf(x?.ready)} | ${verdict(x?.ready?.median, GOALS.cold)} |`);
  }
  for (const [key, name] of [['phoneLanding', 'phone-like profile, landing page'], ['phoneIcbOverview', 'phone-like profile, an ICB\'s overview']]) {
    const x = S[key];
    R.push(`| ${name}: median LCP | < ${GOALS.phoneLcp} ms | ${err(x) ?? `${cellOf(x?.lcp)}; ready ${cellOf(x?.ready)}`} | ${verdict(x?.lcp?.median, GOALS.phoneLcp)} |`);
  }
  // The modules fetched on first use (src/split.rs, tools/split_wasm.py): what each kind of page downloads in all.
  const parts = o.files.filter((f) => /^(split_|chunk_).*\.wasm$/.test(f.file));
  const sum = (fs) => fs.reduce((a, f) => a + f.gzip, 0);
  const withoutCharts = parts.filter((f) => !/^split_charts/.test(f.file));
  const splitNote = wasm && parts.length
    ? `The other ${parts.length} .wasm files are fetched on first use (src/split.rs): ${parts.map((f) => `${f.file.replace(/-[0-9a-f]{16}\.wasm$/, '')} ${f.gzip.toLocaleString('en-GB')} B`).join(', ')} (gzip -9). In all, the landing page downloads ${wasm.gzip.toLocaleString('en-GB')} B of wasm, a view without charts (every part but the chart code) ${(wasm.gzip + sum(withoutCharts)).toLocaleString('en-GB')} B, a view with charts ${(wasm.gzip + sum(parts)).toLocaleString('en-GB')} B.`
    : null;
  const b = S.busy1m;
  const n = (x) => x?.toLocaleString('en-GB') ?? '?';
  const reads = (r) => (r ? `${n(r.files)} files, ${n(r.rows)} rows, the largest ${n(r.largest)}` : 'files not counted');
  R.push(`| longest main-thread task while the 1M-row bundle loads (England's report: ${reads(S.reads?.report)}) | ≤ ${GOALS.longTask} ms | ${err(b) ?? (b ? `${cellOf(b.longest)}; tasks over 100 ms: ${b.over100?.median}; load ${cellOf(b.load)}` : '—')} | ${verdict(b?.longest?.median, GOALS.longTask)} |`);
  const bb = S.busyBreakdowns;
  R.push(`| longest main-thread task while an ICB's inequalities view of the 1M-row bundle loads (${reads(S.reads?.inequalities)}, decoded a column chunk at a time) | ≤ ${GOALS.longTask} ms | ${err(bb) ?? (bb ? `${cellOf(bb.longest)}; tasks over 100 ms: ${bb.over100?.median}; load ${cellOf(bb.load)}` : '—')} | ${verdict(bb?.longest?.median, GOALS.longTask)} |`);
  if (splitNote) R.push('', splitNote);
  if (b && !b.error) {
    R.push('', `While the 1M-row bundle loads (median of ${b.longest?.runs} runs): ${b.long?.median} long tasks (over 50 ms), ${ms(b.blocking?.median)} of blocking time (the part of each long task over 50 ms), the progress indicator changed ${b.progress?.median} times, and key presses sent every 100 ms were handled within ${ms(b.inputDelay?.median)} of being sent (worst of each run; ${b.keys?.median} presses).`);
  }
  R.push(
    '',
    'How: bench/startup.mjs. Cold start: each run in a fresh browser context (empty caches), `performance.now()` when `main#app` first has `data-state="ready"` (a MutationObserver installed before the page\'s scripts), over loopback from e2e/static-server.mjs without compression. Phone-like profile: the same, with the Chrome DevTools Protocol\'s `Emulation.setCPUThrottlingRate` (4×) and `Network.emulateNetworkConditions` (1.6 Mbps down, 750 kbps up, 150 ms latency), a 390×844 touch viewport, served with gzip (e2e/static-server.mjs --gzip, as static hosts serve); LCP is the last `largest-contentful-paint` entry before ready. Long tasks: PerformanceObserver `longtask` entries from the first Parquet request to ready on `?data=bench/1m/manifest.json&view=report` (England\'s report, which reads every whole-population file) and on `?data=bench/1m/manifest.json&view=inequalities&org=E54000008&ind=flu_65` (an ICB\'s inequalities, whose files include the bundle\'s largest); the bundle has ' + reads(S.reads?.bundle) + ', with Shift pressed every 100 ms while the progress indicator shows (input delay: `performance.now() - event.timeStamp` in a capturing keydown listener).',
  );
  return R;
}
