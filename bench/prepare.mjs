// `make bench`, step 1: synthetic bundles of about 100 000, 1 million and 10
// million value rows, the vendored peers (DuckDB-wasm, hyparquet) and the
// benchmark page, all under dist/bench/ (after `make build`, whose Trunk run
// empties dist/).
//
// Sizing follows crates/cli/benches/engine.rs: `healthdash synth` plain gives
// the base (42 months); above it, synth once with 100 extra providers to learn
// the rows per provider and add as many as reach the target; below it, fewer
// months (--periods) with every indicator and organisation kept. Bundles are
// kept in target/bench-bundles/<size>/ (keyed by their synth arguments) and
// copied into dist/bench/<size>/, so a second run does not synthesise again.
//
// Usage: node bench/prepare.mjs   (BENCH_SIZES=100k,1m,10m by default)
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = process.env.HEALTHDASH_BIN ?? join(root, 'target/release/healthdash');
const cache = join(root, 'target/bench-bundles');
const out = join(root, 'dist/bench');
export const SIZES = { '100k': 100_000, '1m': 1_000_000, '10m': 10_000_000 };
const wanted = (process.env.BENCH_SIZES ?? '100k,1m,10m').split(',').map((s) => s.trim()).filter(Boolean);
for (const s of wanted) if (!SIZES[s]) throw new Error(`unknown size ${s} in BENCH_SIZES (use ${Object.keys(SIZES).join(', ')})`);

const rowsOf = (dir) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).files.reduce((a, f) => a + f.rows, 0);

/** Runs synth into target/bench-bundles/<name> unless it is there with the same arguments. */
function synth(name, args) {
  const dir = join(cache, name);
  const stamp = join(dir, '.synth-args');
  // A rebuilt healthdash (a new format or layout) synthesises afresh.
  const key = `${args.join(' ')} (healthdash ${statSync(bin).mtimeMs})`;
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === key) return dir;
  rmSync(dir, { recursive: true, force: true });
  const t = Date.now();
  process.stdout.write(`healthdash synth ${key} … `);
  execFileSync(bin, ['synth', '--out', dir, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  writeFileSync(stamp, key);
  console.log(`${rowsOf(dir)} rows in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return dir;
}

const PYARROW_REWRITE = `
import sys, os, pyarrow.parquet as pq
src, dst = sys.argv[1], sys.argv[2]
for root, _, names in os.walk(os.path.join(src, 'values')):
    for f in sorted(names):
        rel = os.path.relpath(os.path.join(root, f), src)
        os.makedirs(os.path.dirname(os.path.join(dst, rel)), exist_ok=True)
        pq.write_table(pq.read_table(os.path.join(src, rel)), os.path.join(dst, rel), compression='snappy', row_group_size=65536)
`;

mkdirSync(out, { recursive: true });
const base = synth('base', ['--orgs', '0']);
const baseRows = rowsOf(base);
const BASE_PERIODS = 42;
for (const size of wanted) {
  const target = SIZES[size];
  let args;
  if (target <= baseRows) {
    args = ['--orgs', '0', '--periods', String(Math.max(1, Math.round((target * BASE_PERIODS) / baseRows)))];
  } else {
    const per = Math.max(1, (rowsOf(synth('plus100', ['--orgs', '100'])) - baseRows) / 100);
    args = ['--orgs', String(Math.ceil((target - baseRows) / per))];
  }
  const dir = synth(size, args);
  // A fallback for hyparquet: when healthdash wrote with arrow2, the last group
  // of a bit-packed run of dictionary indices was short (ceil(n × width / 8)
  // bytes, not a whole group of 8 values as the Parquet spec has it) and
  // hyparquet 1.31, reading the whole group past the page's end, could not read
  // the files. The `parquet` crate writes whole groups and the interop test
  // (tests/interop/check_hyparquet.mjs) checks that hyparquet reads them; the
  // page still tries the original bytes first and, only if that fails, times
  // hyparquet on the same values rewritten by pyarrow (Snappy, dictionary
  // strings), in pyarrow/, and says so.
  const rewritten = join(dir, 'pyarrow');
  if (!existsSync(join(rewritten, '.done'))) {
    execFileSync('python3', ['-c', PYARROW_REWRITE, dir, rewritten], { stdio: 'inherit' });
    writeFileSync(join(rewritten, '.done'), '');
  }
  rmSync(join(out, size), { recursive: true, force: true });
  try {
    execFileSync('cp', ['-al', dir, join(out, size)]); // hard links: no second copy of 10M rows
  } catch {
    cpSync(dir, join(out, size), { recursive: true });
  }
  console.log(`dist/bench/${size}: ${rowsOf(dir)} rows (synth ${args.join(' ')})`);
}

// The peers, from bench/node_modules (npm ci --prefix bench).
const nm = join(root, 'bench/node_modules');
const vendor = join(out, 'vendor');
rmSync(vendor, { recursive: true, force: true });
mkdirSync(vendor, { recursive: true });
const duck = join(nm, '@duckdb/duckdb-wasm/dist');
for (const f of ['duckdb-mvp.wasm', 'duckdb-eh.wasm', 'duckdb-browser-mvp.worker.js', 'duckdb-browser-eh.worker.js']) cpSync(join(duck, f), join(vendor, f));
// duckdb-browser.mjs imports the bare specifier "apache-arrow", which a page
// without a bundler cannot resolve: point it at a module re-exporting the
// global that apache-arrow's own UMD build defines (loaded by a script tag).
const arrowUmd = join(nm, 'apache-arrow/Arrow.es2015.min.js');
cpSync(arrowUmd, join(vendor, 'Arrow.es2015.min.js'));
const sandbox = { TextDecoder, TextEncoder, console, setTimeout, queueMicrotask };
vm.runInNewContext(readFileSync(arrowUmd, 'utf8'), sandbox);
const names = Object.keys(sandbox.Arrow).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k) && k !== 'default');
writeFileSync(join(vendor, 'apache-arrow.mjs'), `const A = globalThis.Arrow;\n${names.map((k) => `export const ${k} = A.${k};`).join('\n')}\n`);
writeFileSync(join(vendor, 'duckdb-browser.mjs'), readFileSync(join(duck, 'duckdb-browser.mjs'), 'utf8').replaceAll('from"apache-arrow"', 'from"./apache-arrow.mjs"'));
cpSync(join(nm, 'hyparquet/src'), join(vendor, 'hyparquet'), { recursive: true });
for (const f of ['index.html', 'bench.mjs']) cpSync(join(root, 'bench', f), join(out, f));
console.log(`dist/bench/: page, vendor/ (${readdirSync(vendor).length} entries)`);
