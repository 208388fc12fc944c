// The header shows the title and the attribution from the fetched manifest.
import { expect, test } from '@playwright/test';
import { TrendPage } from '../pages/trend-page';

test('the title and attribution come from the bundle manifest', async ({ page, request }) => {
  const manifest = await (await request.get('bundle/manifest.json')).json();
  const trend = new TrendPage(page);
  await trend.open();
  await trend.waitForState('ready');
  await expect(trend.title).toHaveText(manifest.title);
  await expect(trend.attribution).toHaveText(manifest.attribution);
  if (manifest.demonstration) {
    await expect(page.getByTestId('demo-banner')).toContainText('Demonstration data');
  }
});
