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
