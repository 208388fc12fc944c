// The map view: each link draws the map of its level with no notice; an area
// clicked on the map, or chosen from the table with the keyboard, becomes the
// selected organisation and the map stays; the period slider moves through
// periods; a level without boundaries says so and keeps its table; axe finds
// nothing serious.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { Dashboard } from '../pages/dashboard';
import { MapPanel } from '../pages/map';
import { query } from '../params';

const ICB = 'E54000008';

// The demonstration bundle: England maps its 7 NHS England regions (the first
// level with boundaries), an ICB its 42 ICBs, level=region the regions again.
const LINKS: { name: string; q: Record<string, string>; areas: number | null }[] = [
  { name: 'England', q: { view: 'map' }, areas: 7 },
  { name: 'an ICB', q: { view: 'map', org: ICB }, areas: 42 },
  { name: 'an ICB among regions', q: { view: 'map', org: ICB, level: 'region' }, areas: 7 },
  { name: 'an ICB, embedded', q: { view: 'map', org: ICB, embed: '1' }, areas: null },
];

for (const link of LINKS) {
  test(`the map of ${link.name} is drawn (${query(link.q)})`, async ({ page }) => {
    const d = new Dashboard(page);
    const m = new MapPanel(page);
    await d.open(query(link.q));
    await d.waitFor();
    expect(await d.expectChartsDrawn()).toBe(1);
    await expect(m.chart).toHaveAttribute('aria-label', /^Map of .+, coloured by comparison with England/);
    await expect(d.notice).toHaveCount(0);
    await expect(m.notice).toHaveCount(0);
    await expect(d.error).toHaveCount(0);
    expect(d.query()).toContain('view=map');
    if (link.areas !== null) {
      await expect(m.rows).toHaveCount(link.areas);
      await expect(m.selected).toHaveCount(link.q.org && !link.q.level ? 1 : 0);
    } else {
      await expect(page.getByTestId('embed')).toBeVisible();
    }
  });

  test(`the map of ${link.name} has no serious or critical axe violations`, async ({ page }) => {
    const d = new Dashboard(page);
    await d.open(query(link.q));
    await d.waitFor();
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    const bad = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`);
    expect(bad).toEqual([]);
  });
}

for (const q of [{ view: 'map', org: ICB }, { view: 'map' }]) {
  test(`clicking an area selects it and the map stays (${query(q)})`, async ({ page }) => {
    const d = new Dashboard(page);
    const m = new MapPanel(page);
    await d.open(query(q));
    await d.waitFor();
    const before = (await d.heading.textContent()) ?? '';
    const start = d.query();
    await m.clickMapCentre();
    await expect.poll(() => d.query()).not.toBe(start);
    await d.waitFor();
    expect(d.query()).toMatch(/^view=map&org=E(54|40)\d{6}/);
    expect(d.query()).not.toContain(`org=${ICB}&`);
    await expect(d.heading).not.toHaveText(before);
    await expect(d.heading).toContainText(/^Map: /);
    expect(await d.expectChartsDrawn()).toBe(1);
    await expect(m.selected).toHaveCount(1);
  });
}

test('the table selects an area from the keyboard', async ({ page }) => {
  const d = new Dashboard(page);
  const m = new MapPanel(page);
  await d.open(query({ view: 'map', org: ICB }));
  await d.waitFor();
  const codes = await m.codes();
  const other = codes.find((c) => c !== ICB)!;
  const button = m.table.locator(`[data-code="${other}"]`);
  await button.focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => d.query()).toContain(`org=${other}`);
  await d.waitFor();
  expect(d.query()).toMatch(/^view=map&/);
  await expect(m.selected).toHaveAttribute('data-code', other);
  expect(await d.expectChartsDrawn()).toBe(1);
});

test('the period slider moves to the period before with an arrow key', async ({ page }) => {
  const d = new Dashboard(page);
  const m = new MapPanel(page);
  await d.open(query({ view: 'map', org: ICB }));
  await d.waitFor();
  const latest = (await m.sliderLabel.textContent()) ?? '';
  await m.slider.focus();
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => d.query()).toContain('period=');
  await d.waitFor();
  expect(d.query()).toMatch(/^view=map&org=E54000008&/);
  await expect(m.sliderLabel).not.toHaveText(latest);
  const shown = (await m.sliderLabel.textContent()) ?? '';
  await expect(page.locator('section.view').getByText(`Period: ${shown}`)).toBeVisible();
  // The summary of the choices follows, and focus stays on the slider for the next step.
  await expect(d.choicesSummary).toContainText(`Period: ${shown}`);
  await expect(m.slider).toBeFocused();
});

test('quintile colouring is in the link and the chart name', async ({ page }) => {
  const d = new Dashboard(page);
  const m = new MapPanel(page);
  await d.open(query({ view: 'map', org: ICB, colour: 'quintile' }));
  await d.waitFor();
  await expect(m.chart).toHaveAttribute('aria-label', /coloured by quintile/);
  expect(d.query()).toContain('colour=quintile');
  await expect(page.getByTestId('colour')).toHaveValue('1');
});

test('a level without boundaries says so and keeps the table', async ({ page }) => {
  const d = new Dashboard(page);
  const m = new MapPanel(page);
  // NHS trusts: the demonstration bundle has no trust boundaries.
  await d.open(query({ view: 'map', org: 'R0A' }));
  await d.waitFor();
  await expect(m.notice).toContainText('no boundaries for NHS trust');
  await expect(d.charts).toHaveCount(0);
  expect(await m.rows.count()).toBeGreaterThan(100);
  await expect(m.selected).toHaveAttribute('data-code', 'R0A');
});
