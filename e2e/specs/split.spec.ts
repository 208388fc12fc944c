// The app's code in parts (src/split.rs, tools/split_wasm.py): the landing
// page downloads only the main module; a view fetches the engine (decoding and
// statistics) and its page's code and, if it draws charts, the chart code; a
// part that cannot be downloaded is an error on the view, and Try again
// recovers.
import { expect, test, type Page } from '@playwright/test';
import { Dashboard } from '../pages/dashboard';
import { query } from '../params';

/** The .wasm files the page asks for, by kind. */
function wasmRequests(page: Page): string[] {
  const asked: string[] = [];
  page.on('request', (r) => {
    const name = new URL(r.url()).pathname.split('/').pop() ?? '';
    if (name.endsWith('.wasm')) asked.push(name.replace(/-[0-9a-f]{16}(_bg)?\.wasm$/, ''));
  });
  return asked;
}

test('the landing page downloads only the main module', async ({ page }) => {
  const asked = wasmRequests(page);
  await page.goto('./');
  await expect(page.locator('#app')).toHaveAttribute('data-state', 'ready');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(asked).toEqual(['healthdash-web']);
});

test('a table view fetches the engine and the pages but not the chart code; a chart view adds it', async ({ page }) => {
  const asked = wasmRequests(page);
  const d = new Dashboard(page);
  await d.open(query({ view: 'table', ind: 'ae_4hr' }));
  await d.waitFor('ready');
  await expect(page.getByRole('table').first()).toBeVisible();
  expect(asked).toContain('split_engine');
  expect(asked).toContain('split_pages');
  expect(asked).not.toContain('split_charts');
  await d.goToView('Trend');
  await expect(d.heading).toContainText('Trend');
  await expect(d.charts.first()).toHaveAttribute('data-rendered', 'true');
  expect(asked).toContain('split_charts');
  // Each part is downloaded once, however many views use it.
  expect(asked.filter((n) => n === 'split_engine')).toHaveLength(1);
});

for (const part of ['engine', 'pages', 'charts']) {
  test(`${part} code that cannot be downloaded is an error on the view, and Try again recovers`, async ({ page }) => {
    let fail = true;
    await page.route(`**/split_${part}-*.wasm`, (route) => (fail ? route.abort('connectionreset') : route.continue()));
    const d = new Dashboard(page);
    await d.open(query({ view: 'trend', ind: 'ae_4hr' }));
    await d.waitFor('error');
    await expect(d.error).toContainText('This view could not be shown');
    await expect(d.error).toContainText("Part of healthdash's own code");
    // The rest of the page still works: navigation and choices are there.
    await expect(d.nav.getByRole('link', { name: 'Overview', exact: true })).toBeVisible();
    fail = false;
    await page.getByTestId('retry').click();
    await d.waitFor('ready');
    expect(await d.expectChartsDrawn()).toBeGreaterThan(0);
  });
}
