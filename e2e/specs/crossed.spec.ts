// Crossed breakdowns on the inequalities view of the demonstration bundle:
// the ethnicity × deprivation cross-tab (heat-map table and each group's
// slope), the sex × age pyramid and ethnic groups within deprivation
// quintiles render in Chromium with exactly the charts the core draws
// (`healthdash query --charts`), the data behind them on the page, the
// slicing control working from the keyboard, and no serious or critical axe
// violations, at desktop and phone widths.
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { Dashboard } from '../pages/dashboard';
import { query } from '../params';

const root = join(__dirname, '..', '..');
const bin = process.env.HEALTHDASH_BIN ?? join(root, 'target', 'release', 'healthdash');
const bundle = join(root, 'dist', 'bundle');
const ICB = 'E54000008';
const base = { view: 'inequalities', org: ICB, ind: 'flu_65' };

function coreCharts(link: string): { key: string; name: string }[] {
  return JSON.parse(execFileSync(bin, ['query', bundle, link, '--charts'], { encoding: 'utf8' }));
}

async function axeClean(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`);
  expect(bad).toEqual([]);
}

/** Opens `link`, waits, and checks the charts drawn are the core's, by key and name. */
async function openAndCompare(d: Dashboard, link: string) {
  await d.open(link);
  await d.waitFor();
  const expected = coreCharts(link);
  await expect(d.charts).toHaveCount(expected.length);
  expect(await d.expectChartsDrawn()).toBe(expected.length);
  for (const [i, c] of expected.entries()) await expect(d.charts.nth(i)).toHaveAttribute('aria-label', c.name);
  return expected.map((c) => c.key);
}

for (const width of [1280, 390]) {
  test.describe(`at ${width}px`, () => {
    test.beforeEach(async ({ page }) => {
      await page.setViewportSize({ width, height: width > 500 ? 900 : 844 });
    });

    test('the cross-tab: heat-map table, slopes per group, its table behind it', async ({ page }) => {
      const d = new Dashboard(page);
      const keys = await openAndCompare(d, query({ ...base, layout: 'crosstab' }));
      // The layout asked for is the first chart on the page, before the one-way bars.
      expect(keys[0]).toBe('crosstab');
      await expect(d.charts.first()).toHaveAttribute('id', 'chart-crosstab');
      await expect(page.locator('#chart-crosstab')).toBeVisible();
      // Each of the five ethnic groups with its slope index across deprivation.
      await expect(page.getByTestId('crosstab-slopes').locator('dt')).toHaveCount(5);
      await expect(page.getByTestId('crosstab-slopes').locator('dd').first()).toContainText(/^SII -?\d/);
      // The data behind it: 5 groups × (5 cells, total, SII, RII), 5 column totals, overall.
      await page.getByTestId('data-details').locator('summary').click();
      await expect(d.dataTable.first().locator('tbody tr')).toHaveCount(5 * 8 + 5 + 1);
      await axeClean(page);
      await page.screenshot({ path: test.info().outputPath(`crosstab-${width}.png`), fullPage: false });
    });

    test('the pyramid: one sex each side of the age bands', async ({ page }) => {
      const d = new Dashboard(page);
      const keys = await openAndCompare(d, query({ ...base, layout: 'pyramid' }));
      // The pyramid is the first chart, ahead of the one-way "By ethnic group" bars.
      expect(keys[0]).toBe('pyramid');
      expect(keys).toContain('ethnicity');
      await expect(d.charts.first()).toHaveAttribute('id', 'chart-pyramid');
      await expect(d.charts.first()).toBeInViewport();
      await expect(page.locator('#chart-pyramid')).toHaveAttribute('aria-label', /Female and Male either side of 4 age bands/);
      await axeClean(page);
      await page.locator('#chart-pyramid').scrollIntoViewIfNeeded();
      await page.screenshot({ path: test.info().outputPath(`pyramid-${width}.png`), fullPage: false });
    });

    test('nested slices, chosen from the keyboard', async ({ page }) => {
      const d = new Dashboard(page);
      // Ethnic groups within each deprivation quintile: one chart a quintile.
      const keys = await openAndCompare(d, query({ ...base, slice: 'ethnicity', within: 'deprivation_quintile' }));
      expect(keys.filter((k) => k.startsWith('slice-'))).toHaveLength(5);
      await axeClean(page);
      // Within the most deprived quintile only: picked in the slicing control.
      const within = page.getByTestId('slicing-within');
      await within.focus();
      const q1 = within.locator('option', { hasText: /quintile.*: 1 \(most deprived\)$/ });
      await within.selectOption(await q1.getAttribute('value') ?? '');
      await d.waitFor();
      await expect.poll(() => d.query()).toContain('within=deprivation_quintile:1');
      await expect(page.locator('[id^="chart-slice-"]')).toHaveCount(1);
      await expect(page.getByTestId('slicing-within')).toBeFocused();
      await page.getByTestId('slicing').scrollIntoViewIfNeeded();
      await page.screenshot({ path: test.info().outputPath(`nested-${width}.png`), fullPage: false });
      // Back returns to every quintile.
      await page.goBack();
      await d.waitFor();
      await expect(page.locator('[id^="chart-slice-"]')).toHaveCount(5);
    });
  });
}
