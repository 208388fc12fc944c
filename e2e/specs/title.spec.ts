// The header shows the title and the attribution from the fetched manifest.
import { expect, test } from '@playwright/test';
import { Dashboard } from '../pages/dashboard';

test('the title and attribution come from the bundle manifest', async ({ page, request }) => {
  const manifest = await (await request.get('bundle/manifest.json')).json();
  const d = new Dashboard(page);
  await d.open();
  await d.waitFor();
  await expect(d.title).toHaveText(manifest.title);
  await expect(d.attribution).toHaveText(manifest.attribution);
  if (manifest.demonstration) {
    await expect(page.getByTestId('demo-banner')).toContainText('Demonstration data');
  }
});
