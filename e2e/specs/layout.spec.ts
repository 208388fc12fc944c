// Every view fits a 360 px phone without sideways scrolling of the page (wide
// tables scroll inside their own region), and screenshots are kept for review.
// What the first screen shows, and the folded choices, are first-screen.spec.ts.
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
