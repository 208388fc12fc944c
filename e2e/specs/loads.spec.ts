// The default page loads the embedded bundle and reaches the ready state.
import { test } from '@playwright/test';
import { TrendPage } from '../pages/trend-page';

test('the page reaches data-state="ready" on the default bundle', async ({ page }) => {
  const trend = new TrendPage(page);
  await trend.open();
  await trend.waitForState('ready');
});
