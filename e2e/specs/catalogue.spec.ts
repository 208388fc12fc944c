// The site's bare address is its landing page: the catalogue of bundles as
// cards with the facts a reader chooses by; a card opens its bundle, and the
// header of every bundle leads back.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { Dashboard } from '../pages/dashboard';

test('the bare address lists every bundle of catalogue.json as a card', async ({ page, request }) => {
  const catalogue = await (await request.get('catalogue.json')).json();
  const d = new Dashboard(page);
  await d.open('');
  await d.waitFor();
  const cards = page.getByTestId('catalogue-entry');
  await expect(cards).toHaveCount(catalogue.bundles.length);
  await expect(d.heading).toHaveText(`${catalogue.bundles.length} dashboards`);
  for (const [i, b] of catalogue.bundles.entries()) {
    const card = cards.nth(i);
    await expect(card).toHaveAttribute('data-manifest', b.manifest);
    await expect(card.getByRole('heading', { level: 3 })).toHaveText(b.title);
    await expect(card).toContainText(b.demonstration ? 'Demonstration data' : 'Real published data');
    await expect(card).toContainText(b.publisher);
    await expect(card).toContainText(b.licence);
    await expect(card).toContainText(`${b.first_period} to ${b.last_period}`);
    await expect(card).toContainText(b.levels[0]);
  }
  // Nothing else of a bundle is on the landing page.
  await expect(d.nav).toHaveCount(0);
  expect(d.query()).toBe('');
});

test('a card opens its bundle; Back and the header lead to the catalogue again', async ({ page, request }) => {
  const catalogue = await (await request.get('catalogue.json')).json();
  const real = catalogue.bundles.find((b: { demonstration: boolean }) => !b.demonstration);
  const d = new Dashboard(page);
  await d.open('');
  await d.waitFor();
  await page.getByRole('link', { name: real.title }).click();
  await d.waitFor();
  await expect(d.title).toHaveText(real.title);
  expect(d.query()).toContain(`data=${real.manifest}`);
  await expect(page.locator('section.view[data-view="overview"]')).toBeVisible();
  await page.goBack();
  await d.waitFor();
  await expect(page.getByTestId('catalogue-entry')).toHaveCount(catalogue.bundles.length);
  await page.goForward();
  await d.waitFor();
  await expect(d.title).toHaveText(real.title);
  await page.getByTestId('all-dashboards').click();
  await d.waitFor();
  await expect(page.getByTestId('catalogue-entry')).toHaveCount(catalogue.bundles.length);
});

test('the default view of a bundle never writes the bare address', async ({ page }) => {
  const d = new Dashboard(page);
  await d.open('view=overview&org=E92000001');
  await d.waitFor();
  expect(d.query()).toBe('view=overview');
  await d.goToView('Trend');
  await d.goToView('Overview');
  expect(d.query()).toBe('view=overview');
  await page.reload();
  await d.waitFor();
  await expect(page.locator('section.view[data-view="overview"]')).toBeVisible();
});

test('a site without catalogue.json opens on its default bundle', async ({ page }) => {
  await page.route('**/catalogue.json', (route) => route.fulfill({ status: 404, body: 'Not found' }));
  const d = new Dashboard(page);
  await d.open('');
  await d.waitFor();
  await expect(page.locator('section.view[data-view="overview"]')).toBeVisible();
});

test('a broken catalogue says so, and the default bundle is one click away', async ({ page }) => {
  await page.route('**/catalogue.json', (route) => route.fulfill({ status: 200, body: '{"bundle": []}' }));
  const d = new Dashboard(page);
  await d.open('');
  await d.waitFor('error');
  await expect(d.error).toContainText('The list of dashboards could not be loaded');
  await expect(d.error).toContainText('catalogue.json: not a catalogue');
  await page.getByTestId('default-bundle').click();
  await d.waitFor();
  await expect(page.locator('section.view[data-view="overview"]')).toBeVisible();
});

for (const width of [1280, 390]) {
  test(`the landing page at ${width}px has no serious or critical axe violations`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    const d = new Dashboard(page);
    await d.open('');
    await d.waitFor();
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
    expect(bad).toEqual([]);
  });
}
