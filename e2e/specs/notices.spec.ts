// Bad link parameters fall back to defaults with a notice naming each one;
// the page still shows a view.
import { expect, test } from '@playwright/test';
import { Dashboard } from '../pages/dashboard';

test('unknown and invalid parameters are named in a notice, and the view still shows', async ({ page }) => {
  const d = new Dashboard(page);
  await d.open('view=trend&org=NOPE&ind=no_such&peers=nn:0&target=best&colour=red&view=compare');
  await d.waitFor();
  await expect(d.notice).toBeVisible();
  const params = await page.getByTestId('notice-param').allTextContents();
  for (const p of ['org=NOPE', 'ind=no_such', 'peers=nn:0', 'target=best', 'colour=red', 'view=compare']) {
    expect(params).toContain(p);
  }
  await expect(page.locator('section.view[data-view="trend"]')).toBeVisible();
  expect(await d.expectChartsDrawn()).toBe(1);
  // The address bar is tidied to the link of what is shown.
  expect(d.query()).toBe('view=trend');
});

test('hostile parameter values are shown as text, never run', async ({ page }) => {
  const d = new Dashboard(page);
  let dialogs = 0;
  page.on('dialog', (dlg) => { dialogs++; void dlg.dismiss(); });
  await d.open(`org=${encodeURIComponent('<img src=x onerror=alert(1)>')}&data=${encodeURIComponent('javascript:alert(1)')}`);
  await d.waitFor();
  await expect(d.notice).toContainText('<img src=x onerror=alert(1)>');
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(dialogs).toBe(0);
});
