// Moving through every view and changing choices logs no console errors.
import { expect, test } from '@playwright/test';
import { Dashboard } from '../pages/dashboard';

test('no console errors while moving through every view', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  const d = new Dashboard(page);
  await d.open();
  await d.waitFor();
  for (const name of ['Trend', 'Compare', 'Inequalities', 'Peers and opportunity', 'Report', 'Table', 'Overview']) {
    await d.goToView(name);
    await expect(d.nav.locator('[aria-current="page"]')).toHaveText(name);
  }
  expect(errors).toEqual([]);
});
