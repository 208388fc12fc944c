// Accessibility: axe-core finds no serious or critical WCAG 2.2 A/AA
// violations on any view, at desktop and phone widths.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { Dashboard } from '../pages/dashboard';
import { VIEWS, query } from '../params';

for (const width of [1280, 390]) {
  for (const view of VIEWS) {
    test(`${view} view at ${width}px has no serious or critical axe violations`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      const d = new Dashboard(page);
      await d.open(query(view === 'overview' ? { org: 'E54000008' } : { view, org: 'E54000008', ind: 'flu_65' }));
      await d.waitFor();
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
      const bad = results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`);
      expect(bad).toEqual([]);
    });
  }
}
