// Bundles built by `healthdash build` from the real published files in
// ../shared/data (OHID Fingertips; NHS England A&E), opened with data=.
import { expect, test } from '@playwright/test';
import { Dashboard } from '../pages/dashboard';
import { VIEWS, query } from '../params';

for (const name of ['fingertips', 'ae']) {
  const data = `real/${name}/manifest.json`;
  test(`the ${name} bundle opens with data= and every view reaches ready`, async ({ page, request }) => {
    const manifest = await (await request.get(data)).json();
    const d = new Dashboard(page);
    await d.open(query({ data }));
    await d.waitFor();
    await expect(d.title).toHaveText(manifest.title);
    await expect(page.getByTestId('demo-banner')).toHaveCount(0);
    for (const view of VIEWS) {
      await d.open(query({ view, data }));
      await d.waitFor();
      await expect(page.locator(`section.view[data-view="${view}"]`)).toBeVisible();
      await d.expectChartsDrawn();
      // The bundle stays the one named in the link while moving between views.
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
});
