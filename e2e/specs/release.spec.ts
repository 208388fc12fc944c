// A link pins a release with release=; a release the host does not keep shows
// the current one with a notice naming the release asked for and the one shown.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { Dashboard } from '../pages/dashboard';
import { query } from '../params';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'dist', 'bundle', 'manifest.json'), 'utf8'));
const current: string = manifest.release ?? manifest.published;

test('a link to a release that is not kept shows the view with a notice naming both releases', async ({ page }) => {
  const d = new Dashboard(page);
  await d.open(query({ view: 'trend', release: '1999-01-01' }));
  await d.waitFor();
  await expect(page.locator('section.view[data-view="trend"]')).toBeVisible();
  expect(await d.expectChartsDrawn()).toBeGreaterThan(0);
  await expect(d.notice).toBeVisible();
  await expect(page.getByTestId('notice-param')).toContainText(['release=1999-01-01']);
  await expect(d.notice).toContainText(`release 1999-01-01 is not kept on this host; showing release ${current}, the current one`);
  // This host keeps one release, so the canonical link does not name it.
  expect(d.query()).toBe('view=trend');
});

test('a host that keeps an earlier release opens it from the link, and every link names its release', async ({ page }) => {
  // The host keeps release 2020-01-01 beside the current one (releases.json), served here from
  // the current bundle's files, its manifest marked as that release and retitled so it can be told apart.
  const kept = 'releases/2020-01-01/';
  await page.route('**/bundle/releases.json', (route) =>
    route.fulfill({ json: { current, kept: [{ id: '2020-01-01', manifest: `${kept}manifest.json`, published: '2020-01-01' }] } }),
  );
  await page.route(`**/bundle/${kept}**`, async (route) => {
    const url = route.request().url().replace(kept, '');
    const response = await route.fetch({ url });
    if (!url.endsWith('manifest.json')) return route.fulfill({ response });
    const m = await response.json();
    m.release = '2020-01-01';
    m.title = 'Release 2020-01-01 of the demonstration bundle';
    return route.fulfill({ response, json: m });
  });
  const d = new Dashboard(page);
  await d.open(query({ view: 'trend', release: '2020-01-01' }));
  await d.waitFor();
  await expect(d.title).toHaveText('Release 2020-01-01 of the demonstration bundle');
  await expect(d.notice).toHaveCount(0);
  expect(d.query()).toBe('view=trend&release=2020-01-01');
  // Without release= the current release is shown, and the link now names it.
  await d.open(query({ view: 'trend' }));
  await d.waitFor();
  await expect(d.title).not.toHaveText(/2020-01-01/);
  expect(d.query()).toBe(`view=trend&release=${current}`);
});
