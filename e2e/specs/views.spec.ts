// Every view reaches data-state="ready" from a cold URL, with its charts
// drawn and the data behind it on the page.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { Dashboard } from '../pages/dashboard';
import { VIEWS, query } from '../params';

// An integrated care board (with members, peers and breakdowns) and indicators of each kind.
const ICB = 'E54000008';
const CASES: Record<string, { q: Record<string, string>; charts: number }> = {
  overview: { q: { org: ICB }, charts: 0 },
  trend: { q: { view: 'trend', org: ICB }, charts: 1 },
  compare: { q: { view: 'compare', org: ICB }, charts: 2 },
  inequalities: { q: { view: 'inequalities', org: ICB, ind: 'flu_65' }, charts: 2 },
  peers: { q: { view: 'peers', org: ICB, peers: 'nn:5' }, charts: 1 },
  report: { q: { view: 'report', org: ICB }, charts: 0 },
  table: { q: { view: 'table', org: ICB }, charts: 0 },
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
    expect(await d.expectChartsDrawn()).toBeGreaterThanOrEqual(CASES[view].charts);
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
  // The CSV download holds every row, whatever is drawn.
  const download = page.waitForEvent('download');
  await page.getByTestId('csv').click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  expect(csv.trim().split('\n').length - 1).toBe(total);
});
