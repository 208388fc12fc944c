// Every view fits a 360 px phone without sideways scrolling of the page (wide
// tables scroll inside their own region), and screenshots are kept for review.
import { expect, test } from '@playwright/test';
import { Dashboard } from '../pages/dashboard';
import { VIEWS, query } from '../params';

for (const width of [1280, 390, 360]) {
  for (const view of VIEWS) {
    test(`${view} view lays out at ${width}px`, async ({ page }, info) => {
      await page.setViewportSize({ width, height: 900 });
      const d = new Dashboard(page);
      await d.open(query(view === 'overview' ? { org: 'E54000008' } : { view, org: 'E54000008', ind: 'flu_65' }));
      await d.waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      if (width !== 360) {
        await page.screenshot({ path: info.outputPath(`${view}-${width}.png`), fullPage: true });
      }
    });
  }
}

test('on a phone the choices start folded behind a button, and open from the keyboard', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const d = new Dashboard(page);
  await d.open(query({ view: 'trend', org: 'E54000008' }));
  await d.waitFor();
  const toggle = page.getByTestId('controls-toggle');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByTestId('controls')).toBeHidden();
  // What the view is about is on the first screen, not below a screenful of choices.
  const bottom = await d.heading.evaluate((el) => el.getBoundingClientRect().bottom);
  expect(bottom).toBeLessThan(844);
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(d.indicator).toBeVisible();
  // A choice keeps them open, with focus back on the control used.
  await d.indicator.selectOption({ label: 'Patients waiting under 18 weeks for treatment' });
  await d.waitFor();
  await expect(d.indicator).toBeVisible();
  await expect(d.indicator).toBeFocused();
});

test('on a wide screen the choices are always shown, without the button', async ({ page }) => {
  const d = new Dashboard(page);
  await d.open(query({ view: 'trend', org: 'E54000008' }));
  await d.waitFor();
  await expect(page.getByTestId('controls')).toBeVisible();
  await expect(page.getByTestId('controls-toggle')).toBeHidden();
});
