// Every bundle the site's catalogue lists (the demonstration bundle and those
// `healthdash build` makes from the real published files in ../shared/data)
// opens cold, with data=, on every view and reaches ready with its charts drawn.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { Dashboard } from '../pages/dashboard';
import { VIEWS, query } from '../params';

interface Entry { manifest: string; title: string; demonstration: boolean }
const catalogue: { bundles: Entry[] } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'dist', 'catalogue.json'), 'utf8'));

test('the catalogue lists the demonstration bundle and the real ones', () => {
  expect(catalogue.bundles.filter((b) => b.demonstration).map((b) => b.manifest)).toEqual(['bundle/manifest.json']);
  expect(catalogue.bundles.filter((b) => !b.demonstration).length).toBeGreaterThanOrEqual(2);
});

for (const entry of catalogue.bundles) {
  const data = entry.manifest;
  test(`${data} opens cold on every view and reaches ready`, async ({ page, request }) => {
    const manifest = await (await request.get(data)).json();
    expect(manifest.title).toBe(entry.title);
    const d = new Dashboard(page);
    for (const view of VIEWS) {
      await d.open(query({ view, data }));
      await d.waitFor();
      await expect(d.title).toHaveText(manifest.title);
      await expect(page.getByTestId('demo-banner')).toHaveCount(manifest.demonstration ? 1 : 0);
      await expect(page.locator(`section.view[data-view="${view}"]`)).toBeVisible();
      await d.expectChartsDrawn();
      await expect(d.error).toHaveCount(0);
      // The bundle stays the one named in the link.
      expect(d.query()).toContain(`data=${data}`);
    }
  });
}

test('a data= bundle that does not exist gives an error with a way back to the default bundle', async ({ page }) => {
  const d = new Dashboard(page);
  await d.open(query({ data: 'real/nothing-here/manifest.json' }));
  await d.waitFor('error');
  await expect(d.error).toContainText('real/nothing-here/manifest.json');
  await expect(d.error).toContainText('404');
  await page.getByTestId('default-bundle').click();
  await d.waitFor();
  await expect(page.locator('section.view[data-view="overview"]')).toBeVisible();
});
