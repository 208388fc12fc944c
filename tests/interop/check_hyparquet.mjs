// Interop check: hyparquet (the JavaScript Parquet reader the browser
// benchmark compares against) reads every values file of a healthdash bundle.
//
// Usage: node tests/interop/check_hyparquet.mjs <bundle> <expect.json>
//
// <bundle> holds manifest.json and the values files healthdash wrote;
// <expect.json> names one row (file, org_code, period_start, breakdown: an
// object of dimension id → category) and its value, as for check_interop.py. Every file in the
// manifest is read in full; each must decode, hold the manifest's row count,
// the documented columns and rows that keep the format's row rules (its
// breakdown_rows declaration included), and the
// expected row must be found once with its value. Every file is tried before
// the script ends, so a failure reports how many of the files hyparquet read.
//
// Exit status: 0 when every check passed, 1 when one failed, 2 on bad usage,
// 3 when hyparquet is not installed (run npm ci at the repository root).
// Driven by crates/cli/tests/cli/interop.rs.

import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

const FIXED = ['indicator_id', 'org_code', 'period_start', 'period_end', 'period_label']
const NUMBERS = ['numerator', 'denominator', 'value', 'lower_95', 'upper_95', 'lower_998', 'upper_998']
// The documented order: fixed keys, one dim_<id> column per dimension (by id), numbers, suppressed.
const columnsFor = names => [...FIXED, ...names.filter(n => n.startsWith('dim_')).sort(), ...NUMBERS, 'suppressed']
const cutOf = r => Object.fromEntries(Object.entries(r).filter(([k, v]) => k.startsWith('dim_') && v !== null).map(([k, v]) => [k.slice(4), v]))
const sameCut = (a, b) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort())

let hyparquet
try {
  hyparquet = await import('hyparquet')
} catch (e) {
  console.error(`check_hyparquet: hyparquet is not installed (${e.message}): run npm ci at the repository root`)
  process.exit(3)
}

if (process.argv.length !== 4) {
  console.error('usage: node tests/interop/check_hyparquet.mjs <bundle> <expect.json>')
  process.exit(2)
}
const [bundle, expectPath] = process.argv.slice(2)
const manifest = JSON.parse(await readFile(join(bundle, 'manifest.json'), 'utf8'))
const expect = JSON.parse(await readFile(expectPath, 'utf8'))

const isoDay = d => d instanceof Date && !Number.isNaN(d.getTime()) ? d.toISOString().slice(0, 10) : null

/** Reads one file; returns its rows or throws with the reason. */
async function readChecked(file) {
  const bytes = await readFile(join(bundle, file.path))
  if (bytes.length !== file.bytes) throw new Error(`${bytes.length} bytes, the manifest says ${file.bytes}`)
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
  const names = hyparquet.parquetSchema(hyparquet.parquetMetadata(buffer)).children.map(c => c.element.name)
  if (names.join() !== columnsFor(names).join()) throw new Error(`columns ${names.join(', ')}`)
  const declared = new Set((manifest.dimensions ?? []).map(d => d.id))
  const categories = Object.fromEntries((manifest.dimensions ?? []).map(d => [d.id, new Set(d.categories)]))
  const rows = await hyparquet.parquetReadObjects({ file: buffer })
  if (!(file.rows > 0) || rows.length !== file.rows) throw new Error(`${rows.length} rows, the manifest says ${file.rows}`)
  rows.forEach((r, i) => {
    const bad = why => { throw new Error(`row ${i}: ${why} (${JSON.stringify(hyparquet.toJson(r))})`) }
    if (!file.indicators.includes(r.indicator_id)) bad(`indicator_id ${r.indicator_id} is not listed for the file`)
    if (typeof r.org_code !== 'string' || r.org_code === '') bad('org_code is not a string')
    const [start, end] = [isoDay(r.period_start), isoDay(r.period_end)]
    if (start === null || end === null || start > end) bad('period_start and period_end are not ordered dates')
    if (typeof r.period_label !== 'string' || r.period_label === '') bad('period_label is not a string')
    for (const [d, c] of Object.entries(cutOf(r))) {
      if (!declared.has(d)) bad(`dim_${d} is not among the manifest's dimensions`)
      if (!categories[d].has(c)) bad(`dim_${d} "${c}" is not among the dimension's categories`)
    }
    // Format 2.1: a file's breakdown_rows declaration holds for every row.
    const cut = Object.keys(cutOf(r)).length > 0
    if (file.breakdown_rows === 'none' && cut) bad('a row cut by a dimension in a file declared breakdown_rows "none"')
    if (file.breakdown_rows === 'only' && !cut) bad('a whole-population row in a file declared breakdown_rows "only"')
    if (r.suppressed !== null && typeof r.suppressed !== 'boolean') bad(`suppressed is ${r.suppressed}`)
    if (r.suppressed === true && NUMBERS.some(n => r[n] !== null)) bad('a suppressed row has numbers')
    for (const n of NUMBERS) if (r[n] !== null && !Number.isFinite(r[n])) bad(`${n} is ${r[n]}`)
  })
  return rows
}

let read = 0
let rowsRead = 0
const failures = []
let found = null
for (const file of manifest.files) {
  try {
    const rows = await readChecked(file)
    read += 1
    rowsRead += rows.length
    if (file.path === expect.file) {
      found = rows.filter(r => r.org_code === expect.org_code && isoDay(r.period_start) === expect.period_start
        && sameCut(cutOf(r), expect.breakdown)).map(r => r.value)
    }
  } catch (e) {
    failures.push(`${file.path}: ${e.message}`)
  }
}

const total = manifest.files.length
console.log(`check_hyparquet: hyparquet read ${read} of ${total} files (${rowsRead} rows) in ${bundle}`)
if (total === 0) failures.push('the manifest lists no files')
if (found === null) {
  failures.push(`${expect.file}: not read, so the expected row was not checked`)
} else if (found.length !== 1 || typeof found[0] !== 'number' || Math.abs(found[0] - expect.value) > 1e-12 * Math.abs(expect.value)) {
  failures.push(`${expect.file}: hyparquet finds ${JSON.stringify(found)} for the expected row, expected [${expect.value}]`)
}
if (failures.length) {
  console.error(`check_hyparquet: ${failures.length} failure(s):\n${failures.join('\n')}`)
  process.exit(1)
}
