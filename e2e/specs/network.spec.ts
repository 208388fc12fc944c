// Failing networks: slow downloads show progress; a failed download offers a
// retry; a load overtaken by a newer choice never shows its numbers; a repeat
// visit does not download the data again.
import { expect, test } from '@playwright/test';
import { CSP_PORT } from '../playwright.config';
import { Dashboard } from '../pages/dashboard';
import { query } from '../params';

test('a slow download shows bytes loaded as it goes', async ({ page }) => {
  await page.route('**/values/rtt_18wk/*.parquet', async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    return route.continue();
  });
  const d = new Dashboard(page);
  await d.open(query({ view: 'trend', ind: 'rtt_18wk' }));
  const progress = page.getByTestId('progress');
  await expect(progress).toContainText(/Loading indicator data .*KB/);
  await expect(progress.locator('progress')).toBeVisible();
  await d.waitFor('ready');
  await expect(progress).toHaveCount(0);
});

test('a failed download says so and Try again recovers', async ({ page }) => {
  let fail = true;
  await page.route('**/values/ae_4hr/*.parquet', (route) => (fail ? route.abort('connectionreset') : route.continue()));
  const d = new Dashboard(page);
  await d.open(query({ view: 'compare', ind: 'ae_4hr' }));
  await d.waitFor('error');
  await expect(d.error).toContainText('values/ae_4hr/country.parquet');
  await expect(d.error).toContainText(/download failed|interrupted/);
  fail = false;
  await page.getByTestId('retry').click();
  await d.waitFor('ready');
  expect(await d.expectChartsDrawn()).toBeGreaterThan(0);
});

test('a load overtaken by a newer choice never shows its numbers', async ({ page }) => {
  await page.route('**/values/ae_4hr/*.parquet', async (route) => {
    await new Promise((r) => setTimeout(r, 2500));
    return route.continue();
  });
  const d = new Dashboard(page);
  await d.open(query({ view: 'trend', ind: 'ae_4hr' }));
  await expect(page.getByTestId('progress')).toBeVisible();
  // The user moves on before the slow file arrives.
  await d.openChoices();
  await d.indicator.selectOption({ label: 'Patients waiting under 18 weeks for treatment' });
  await d.waitFor('ready');
  await expect(d.heading).toContainText('Patients waiting under 18 weeks');
  await page.waitForTimeout(3000);
  await expect(d.app).toHaveAttribute('data-state', 'ready');
  await expect(d.heading).toContainText('Patients waiting under 18 weeks');
  expect(d.query()).toContain('ind=rtt_18wk');
});

test('a repeat visit takes the data from the browser cache, not the network', async ({ page }) => {
  const d = new Dashboard(page);
  await d.open(query({ view: 'trend', ind: 'cancer_62d' }));
  await d.waitFor();
  // Files are stored in the background once shown; wait until the write is done.
  await expect
    .poll(() => page.evaluate(async () => (await (await caches.open('healthdash-bundles-v1')).keys()).length))
    .toBeGreaterThan(0);
  const downloads: string[] = [];
  page.on('request', (r) => { if (r.url().endsWith('.parquet')) downloads.push(r.url()); });
  await page.reload();
  await d.waitFor();
  await d.expectChartsDrawn();
  expect(downloads).toEqual([]);
});

test('another site that does not allow reading its bundle gets a plain explanation', async ({ page }) => {
  // Under the strict CSP, a bundle on another host is refused like a CORS failure.
  const d = new Dashboard(page);
  await d.open(query({ data: 'https://bundles.example.org/manifest.json' }), `http://127.0.0.1:${CSP_PORT}/`);
  await d.waitFor('error');
  await expect(d.error).toContainText('https://bundles.example.org/manifest.json');
  await expect(d.error).toContainText(/another website, which must allow healthdash to read it/);
});

test('a view downloads only the organisation types it shows, and breakdown rows only when it shows a breakdown', async ({ page, request }) => {
  const manifest = await (await request.get('bundle/manifest.json')).json();
  type File = { path: string; org_types: string[]; breakdown_rows?: string };
  // Files of whole-population rows (format 2.1: breakdown rows are in files of their own).
  const of = (type: string) => manifest.files.filter((f: File) => f.org_types.includes(type) && f.breakdown_rows !== 'only').length;
  // flu_65 is cut by sex, age and more: England's, each region's and each ICB's breakdown rows have files of their own.
  const apart = manifest.files.filter((f: File) => f.path.startsWith('values/flu_65/') && f.breakdown_rows === 'only').map((f: File) => f.path);
  expect(apart).toEqual(['values/flu_65/country.breakdowns.parquet', 'values/flu_65/icb.breakdowns.parquet', 'values/flu_65/region.breakdowns.parquet']);
  const downloads: string[] = [];
  page.on('request', (r) => { if (r.url().endsWith('.parquet')) downloads.push(new URL(r.url()).pathname); });
  const d = new Dashboard(page);
  // England's overview: every indicator, but only the country's rows and its
  // regions' (the members it is compared through), never a trust's or an ICB's.
  await d.open('view=overview');
  await d.waitFor('ready');
  expect(of('country')).toBe(24);
  expect(downloads.length).toBe(of('country') + of('region'));
  expect(downloads.every((p) => p.endsWith('/country.parquet') || p.endsWith('/region.parquet'))).toBe(true);
  // An ICB's comparison with the other ICBs adds that indicator's ICB file
  // (its region and England files may come from the browser cache or again).
  downloads.length = 0;
  await d.open(query({ view: 'compare', org: 'E54000008', ind: 'ae_4hr' }));
  await d.waitFor('ready');
  const added = downloads.filter((p) => !p.endsWith('/country.parquet') && !p.endsWith('/region.parquet')).sort();
  expect(added).toEqual(['/bundle/values/ae_4hr/icb.parquet']);
  expect(downloads.every((p) => p.startsWith('/bundle/values/ae_4hr/'))).toBe(true);
  // The ICB's inequalities on flu_65 add that indicator's breakdown rows of its types.
  downloads.length = 0;
  await d.open(query({ view: 'inequalities', org: 'E54000008', ind: 'flu_65' }));
  await d.waitFor('ready');
  expect(downloads).toContain('/bundle/values/flu_65/icb.breakdowns.parquet');
  expect(downloads.every((p) => p.startsWith('/bundle/values/flu_65/'))).toBe(true);
});
