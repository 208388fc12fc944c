// Loading the page and changing the indicator logs no console errors.
import { expect, test } from '@playwright/test';
import { TrendPage } from '../pages/trend-page';

test('no console errors while loading and switching indicator', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  const trend = new TrendPage(page);
  await trend.open();
  await trend.waitForState('ready');
  const options = await trend.indicatorSelect.locator('option').allTextContents();
  expect(options.length).toBeGreaterThan(1);
  await trend.chooseIndicator(options[options.length - 1]);
  await trend.waitForState('ready');
  await expect(trend.table).toContainText(options[options.length - 1]);
  expect(errors).toEqual([]);
});
