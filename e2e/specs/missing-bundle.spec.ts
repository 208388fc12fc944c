// A failed download of the manifest gives a visible error, not a blank page.
import { expect, test } from '@playwright/test';
import { TrendPage } from '../pages/trend-page';

test('a missing manifest shows an error saying what failed', async ({ page }) => {
  await page.route('**/bundle/manifest.json', (route) => route.fulfill({ status: 404, body: 'Not found' }));
  const trend = new TrendPage(page);
  await trend.open();
  await trend.waitForState('error');
  await expect(trend.error).toContainText('could not be loaded');
  await expect(trend.error).toContainText('404');
});

test('a corrupt values file names the file and the problem', async ({ page }) => {
  await page.route('**/values/*.parquet', (route) => route.fulfill({ status: 200, body: 'not parquet' }));
  const trend = new TrendPage(page);
  await trend.open();
  await trend.waitForState('error');
  await expect(trend.error).toContainText(/values\/.+\.parquet/);
  await expect(trend.error).toContainText(/bytes|SHA-256/);
});
