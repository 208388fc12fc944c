// Hostile text in names, definitions, sources and codes is shown as text:
// never run, never turned into markup or links.
import { expect, test } from '@playwright/test';
import { Dashboard } from '../pages/dashboard';
import { VIEWS, query } from '../params';

const data = 'broken/hostile/manifest.json';
const CODE = '"><img src=x onerror=alert(2)>';

for (const view of VIEWS) {
  test(`${view} view shows hostile text as text`, async ({ page }) => {
    let dialogs = 0;
    page.on('dialog', (dlg) => { dialogs++; void dlg.dismiss(); });
    await page.setViewportSize({ width: 390, height: 900 });
    const d = new Dashboard(page);
    await d.open(query({ view, org: CODE, ind: 'ae_4hr', data }));
    await d.waitFor();
    await expect(d.title).toContainText('<script>alert(1)</script> bundle');
    await expect(d.notice).toHaveCount(0);
    // No element was made from the text, and nothing ran.
    await expect(page.locator('main img')).toHaveCount(0);
    await expect(page.locator('main script')).toHaveCount(0);
    await expect(page.locator('a[href^="javascript:"]')).toHaveCount(0);
    expect(dialogs).toBe(0);
    if (view !== 'overview' && view !== 'report') {
      await expect(page.getByTestId('definition')).toContainText('javascript:alert(4)');
    }
    // A 5 000-character name does not push the page sideways on a phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
}

test('the hostile organisation code round-trips through the link', async ({ page }) => {
  const d = new Dashboard(page);
  await d.open(query({ view: 'trend', org: CODE, data }));
  await d.waitFor();
  await expect(d.heading).toContainText('<script>alert(1)</script><img src=x onerror=alert(3)>');
  expect(new URLSearchParams(d.query()).get('org')).toBe(CODE);
});
