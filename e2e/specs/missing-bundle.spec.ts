// Failed downloads give a visible error that says what failed, with a retry;
// nothing goes blank.
import { expect, test } from '@playwright/test';
import { Dashboard } from '../pages/dashboard';

test('a missing manifest shows an error saying what failed, and Try again recovers', async ({ page }) => {
  let fail = true;
  await page.route('**/bundle/manifest.json', (route) => (fail ? route.fulfill({ status: 404, body: 'Not found' }) : route.continue()));
  const d = new Dashboard(page);
  await d.open();
  await d.waitFor('error');
  await expect(d.error).toContainText('could not be loaded');
  await expect(d.error).toContainText('404');
  fail = false;
  await page.getByTestId('retry').click();
  await d.waitFor('ready');
});

test('a corrupt values file names the file and the problem; other views keep working', async ({ page }) => {
  await page.route('**/values/ae_4hr/*.parquet', (route) => route.fulfill({ status: 200, body: 'not parquet' }));
  const d = new Dashboard(page);
  await d.open('view=trend&ind=ae_4hr');
  await d.waitFor('error');
  await expect(d.error).toContainText('values/ae_4hr/country.parquet');
  await expect(d.error).toContainText(/bytes|SHA-256/);
  // Navigation is still there, and another indicator's view works.
  await d.openChoices();
  await d.indicator.selectOption('1');
  await d.waitFor('ready');
  await d.expectChartsDrawn();
});
