// Every view reaches data-state="ready" from a cold URL, with exactly the
// charts the core draws for it (`healthdash query --charts`, the same
// chart::charts_for the app calls) drawn and named, and the data behind it
// on the page.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { Dashboard } from '../pages/dashboard';
import { VIEWS, query } from '../params';

const root = join(__dirname, '..', '..');
const bin = process.env.HEALTHDASH_BIN ?? join(root, 'target', 'release', 'healthdash');
const bundle = join(root, 'dist', 'bundle');

/** The charts the core draws for `link`: key and accessible name, in page order. */
function coreCharts(link: string): { key: string; name: string }[] {
  return JSON.parse(execFileSync(bin, ['query', bundle, link, '--charts'], { encoding: 'utf8' }));
}

// An integrated care board (with members, peers and breakdowns) and indicators of each kind.
// `charts` is how many charts the view is known to draw there, so a core that
// stopped drawing them would fail here as well as in the comparison with the CLI.
const ICB = 'E54000008';
const CASES: Record<string, { q: Record<string, string>; charts: number }> = {
  overview: { q: { org: ICB }, charts: 0 },
  trend: { q: { view: 'trend', org: ICB }, charts: 1 },
  compare: { q: { view: 'compare', org: ICB }, charts: 3 },
  inequalities: { q: { view: 'inequalities', org: ICB, ind: 'flu_65' }, charts: 5 },
  peers: { q: { view: 'peers', org: ICB, peers: 'nn:5' }, charts: 1 },
  report: { q: { view: 'report', org: ICB }, charts: 0 },
  table: { q: { view: 'table', org: ICB }, charts: 0 },
  map: { q: { view: 'map', org: ICB }, charts: 1 },
};

test('the cases cover every view', () => {
  expect(Object.keys(CASES).sort()).toEqual([...VIEWS].sort());
});

for (const view of VIEWS) {
  test(`${view} view reaches ready from a cold link`, async ({ page }) => {
    const d = new Dashboard(page);
    await d.open(query(CASES[view].q));
    await d.waitFor();
    await expect(page.locator(`section.view[data-view="${view}"]`)).toBeVisible();
    await expect(d.nav.locator('[aria-current="page"]')).toHaveAttribute('data-view', view);
    await expect(d.heading).toContainText(/\w/);
    const expected = coreCharts(query(CASES[view].q));
    expect(expected.length).toBe(CASES[view].charts);
    expect(await d.expectChartsDrawn()).toBe(expected.length);
    await expect(d.charts).toHaveCount(expected.length);
    for (const [i, c] of expected.entries()) await expect(d.charts.nth(i)).toHaveAttribute('aria-label', c.name);
    // The data behind the view is on the page, with at least one row.
    await expect(d.dataTable.first().locator('tbody tr').first()).toBeAttached();
    await expect(d.notice).toHaveCount(0);
  });
}

test('a long table shows 100 rows at a time, and every row on request', async ({ page }) => {
  const d = new Dashboard(page);
  await d.open(query({ view: 'table', org: ICB, ind: 'flu_65', breakdown: 'deprivation' }));
  await d.waitFor();
  const rows = d.dataTable.first().locator('tbody tr');
  const more = page.getByTestId('table-more');
  await expect(rows).toHaveCount(100);
  const total = Number((await more.getByRole('status').textContent())!.match(/of ([\d,]+) rows/)![1].replace(/,/g, ''));
  expect(total).toBeGreaterThan(200);
  await expect(more.getByRole('status')).toHaveText(`Showing 100 of ${total.toLocaleString('en-GB')} rows.`);
  await more.getByRole('button', { name: 'Show 100 more' }).click();
  await expect(rows).toHaveCount(200);
  await more.getByRole('button', { name: /^Show all/ }).click();
  await expect(rows).toHaveCount(total);
  await expect(more.getByRole('button')).toHaveCount(0);
  // The CSV download holds every row, whatever is drawn (after its seven recipe lines and the header).
  const download = page.waitForEvent('download');
  await page.getByTestId('csv').click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  expect(csv.trim().split('\n').length - 7 - 1).toBe(total);
});

test('the table view names each organisation, with its code beside the name', async ({ page }) => {
  const d = new Dashboard(page);
  await d.open(query({ view: 'table', org: ICB, ind: 'flu_65' }));
  await d.waitFor();
  const table = d.dataTable.first();
  const heads = await table.locator('thead th').allTextContents();
  expect(heads.slice(0, 3)).toEqual(['Indicator', 'Organisation', 'Code']);
  const own = table.locator('tbody tr', { hasText: ICB }).first();
  await expect(own.locator('td').nth(1)).toHaveText('NHS Cheshire and Merseyside Integrated Care Board');
  await expect(own.locator('td').nth(2)).toHaveText(ICB);
  await expect(table.locator('tbody tr', { hasText: 'E92000001' }).first().locator('td').nth(1)).toHaveText('England');
});

test("England's overview counts its members against it on every row, never 'Not compared'", async ({ page }) => {
  const d = new Dashboard(page);
  await d.open(query({ org: 'E92000001' }));
  await d.waitFor();
  const first = page.getByTestId('overview-table').first();
  await expect(first.locator('thead th').nth(3)).toHaveText(/^\d+ NHS England regions against England$/);
  const cells = await page.getByTestId('against').allTextContents();
  expect(cells.length).toBeGreaterThan(5);
  for (const c of cells) expect(c.replace(/\u00a0/g, ' ')).toMatch(/^(\d+ better · \d+ similar · \d+ worse(, \d+ without a value)?|No comparison)$/);
});
