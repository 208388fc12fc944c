// Small-number suppression (issue 16): the Fingertips North West export built
// with --suppress-below 10 (dist/real/fingertips-suppressed, made by `make
// real-bundles`, not in the catalogue). A withheld value reads "suppressed
// to protect counts under 10" in the table — true of a small count and of a
// cell withheld with it alike — distinct from "–" (not available), and the
// CSV download carries the same words.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { Dashboard } from '../pages/dashboard';
import { query } from '../params';

// Dropouts from drug treatment (30302) in 2018/19: Bury (E08000002) had fewer than 10,
// Bolton (E08000001) 11 of 19.
const LINK = query({ data: 'real/fingertips-suppressed/manifest.json', view: 'table', org: 'E08000002', ind: '30302' });

test('a withheld value says it is suppressed, in the table and in the CSV', async ({ page }) => {
  const d = new Dashboard(page);
  await d.open(LINK);
  await d.waitFor();
  const table = d.dataTable.first();
  const bury = table.locator('tbody tr', { hasText: 'E08000002' }).filter({ hasText: '2018/19' });
  await expect(bury).toHaveCount(1);
  await expect(bury).toContainText('suppressed to protect counts under 10');
  const bolton = table.locator('tbody tr', { hasText: 'E08000001' }).filter({ hasText: '2018/19' });
  await expect(bolton).not.toContainText('suppressed');
  await expect(bolton).toContainText('57.9');
  // A value nobody published still reads as not available.
  const missing = table.locator('tbody tr', { hasText: 'E06000008' }).filter({ hasText: '2018/19' });
  await expect(missing).not.toContainText('suppressed');
  const download = page.waitForEvent('download');
  await page.getByTestId('csv').click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  expect(csv).toMatch(/30302,Bury,E08000002,2018\/19,[^\r\n]*,suppressed to protect counts under 10,,,,,,/);
});
