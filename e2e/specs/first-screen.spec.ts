// The first screen of every view, as a new user sees it at 1280 × 800 and
// 390 × 844 (issue 15): the view's heading and its first chart (or, for the
// views without one, their first figure) are inside the viewport without
// scrolling, in the demonstration bundle and in a real one. The choices start
// folded behind a one-line summary that says what is shown; a keyboard user
// opens them, Escape folds them again, and axe finds nothing serious either way.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { Dashboard } from '../pages/dashboard';
import { VIEWS, query } from '../params';

const SCREENS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
];

const ICB = 'E54000008';
const FINGERTIPS = 'real/fingertips/manifest.json';
const AE = 'real/ae/manifest.json';

// Per bundle and view: the link, and whether the view draws a chart there.
// The demonstration bundle at an ICB (every chart view draws); the real A&E
// bundle at an ICB (it has no breakdowns, so inequalities has no chart;
// England has no published value of its own to chart); the real Fingertips
// bundle as it opens (England), and at a county for peers, which England has
// none of.
type Case = { q: Record<string, string>; chart: boolean };
const BUNDLES: { name: string; cases: Record<string, Case> }[] = [
  {
    name: 'demonstration',
    cases: {
      overview: { q: { org: ICB }, chart: false },
      trend: { q: { view: 'trend', org: ICB }, chart: true },
      compare: { q: { view: 'compare', org: ICB }, chart: true },
      inequalities: { q: { view: 'inequalities', org: ICB, ind: 'flu_65' }, chart: true },
      peers: { q: { view: 'peers', org: ICB, peers: 'nn:5' }, chart: true },
      report: { q: { view: 'report', org: ICB }, chart: false },
      table: { q: { view: 'table', org: ICB }, chart: false },
      map: { q: { view: 'map', org: ICB }, chart: true },
    },
  },
  {
    name: 'A&E (real)',
    cases: {
      overview: { q: { data: AE }, chart: false },
      trend: { q: { view: 'trend', org: ICB, data: AE }, chart: true },
      compare: { q: { view: 'compare', org: ICB, data: AE }, chart: true },
      inequalities: { q: { view: 'inequalities', org: ICB, data: AE }, chart: false },
      peers: { q: { view: 'peers', org: ICB, data: AE }, chart: true },
      report: { q: { view: 'report', org: ICB, data: AE }, chart: false },
      table: { q: { view: 'table', org: ICB, data: AE }, chart: false },
      map: { q: { view: 'map', data: AE }, chart: true },
    },
  },
  {
    name: 'Fingertips (real)',
    cases: {
      overview: { q: { data: FINGERTIPS }, chart: false },
      trend: { q: { view: 'trend', data: FINGERTIPS }, chart: true },
      compare: { q: { view: 'compare', data: FINGERTIPS }, chart: true },
      inequalities: { q: { view: 'inequalities', data: FINGERTIPS }, chart: true },
      peers: { q: { view: 'peers', org: 'E08000003', data: FINGERTIPS }, chart: true },
      report: { q: { view: 'report', data: FINGERTIPS }, chart: false },
      table: { q: { view: 'table', data: FINGERTIPS }, chart: false },
      map: { q: { view: 'map', data: FINGERTIPS }, chart: true },
    },
  },
];

/** What a view without a chart shows first: its first domain card, its overall rating, or its table's first row. */
function firstFigure(page: Page, view: string): Locator {
  if (view === 'inequalities') return page.getByTestId('inequality-summary');
  if (view === 'overview') return page.getByTestId('rating').first();
  if (view === 'report') return page.getByTestId('report-overall');
  return page.getByTestId('data-table').first().locator('tbody tr').first().locator('th, td').first();
}

/**
 * Asserts `el` is on the first screen without scrolling: all of it inside the
 * viewport; or, for a chart taller than most of the screen (a ranked bar per
 * organisation: 42 ICBs), its top on the screen with at least 40% of the
 * screen's height of it drawn there.
 */
async function expectOnFirstScreen(page: Page, el: Locator, what: string) {
  const box = await el.boundingBox();
  const { width, height } = page.viewportSize()!;
  expect(box, `${what} has a box`).not.toBeNull();
  const { x, y } = box!;
  const bottom = y + box!.height;
  const whole = y >= 0 && x >= 0 && bottom <= height && x + box!.width <= width;
  const tall = box!.height > 0.6 * height && y >= 0 && x >= 0 && x + box!.width <= width && height - y >= 0.4 * height;
  expect(whole || tall, `${what} at y ${Math.round(y)}–${Math.round(bottom)}, x ${Math.round(x)}–${Math.round(x + box!.width)} in ${width}×${height}`).toBe(true);
}

test('the cases cover every view in both bundles', () => {
  for (const b of BUNDLES) expect(Object.keys(b.cases).sort()).toEqual([...VIEWS].sort());
});

for (const bundle of BUNDLES) {
  for (const screen of SCREENS) {
    for (const view of VIEWS) {
      const c = bundle.cases[view];
      test(`${bundle.name}: ${view} shows its heading and first ${c.chart ? 'chart' : 'figure'} on the first ${screen.name} screen`, async ({ page }) => {
        await page.setViewportSize({ width: screen.width, height: screen.height });
        const d = new Dashboard(page);
        await d.open(query(c.q));
        await d.waitFor();
        await expect(d.notice).toHaveCount(0);
        expect(await page.evaluate(() => window.scrollY)).toBe(0);
        await expectOnFirstScreen(page, d.heading, 'the view heading');
        if (c.chart) {
          expect(await d.expectChartsDrawn()).toBeGreaterThan(0);
          await expectOnFirstScreen(page, d.charts.first().locator('canvas, svg').first(), 'the first chart');
        } else {
          await expectOnFirstScreen(page, firstFigure(page, view), 'the first figure');
        }
        // The choices are folded into one line that names the organisation shown.
        await expect(d.controls).toBeHidden();
        await expect(d.choicesSummary).toContainText('Organisation: ');
        // (England's compare view ranks its members: "… — 42 integrated care boards in England".)
        const org = (await d.heading.textContent())!.split(/ — |: /).pop()!.replace(/^\d[\d,]* .+ in /, '');
        await expect(d.choicesSummary).toContainText(org);
        // Nothing scrolls the page sideways.
        expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
      });
    }
  }
}

for (const screen of SCREENS) {
  test(`on a ${screen.name} screen the summary opens the full choices from the keyboard`, async ({ page }) => {
    await page.setViewportSize({ width: screen.width, height: screen.height });
    const d = new Dashboard(page);
    await d.open(query({ view: 'trend', org: ICB }));
    await d.waitFor();
    await expect(d.choicesToggle).toHaveAttribute('aria-expanded', 'false');
    await expect(d.choicesToggle).toHaveAttribute('aria-controls', 'controls-form');
    await expect(d.choicesToggle).toHaveAccessibleName('Change choices');
    await expect(d.controls).toBeHidden();
    await expect(d.choicesSummary).toContainText('Compared with: England');
    // Tab reaches the button; Enter opens the set, focus stays on the button (disclosure pattern).
    await page.locator('body').focus();
    for (let i = 0; i < 30 && !(await d.choicesToggle.evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press('Tab');
    await expect(d.choicesToggle).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(d.choicesToggle).toHaveAttribute('aria-expanded', 'true');
    await expect(d.choicesToggle).toHaveAccessibleName('Hide choices');
    await expect(d.controls).toBeVisible();
    await expect(d.choicesToggle).toBeFocused();
    // The next Tab goes into the set.
    await page.keyboard.press('Tab');
    await expect(d.orgSearch).toBeFocused();
    // A choice keeps the set open, focus back on the control used, and the summary follows the link.
    await d.indicator.selectOption({ label: 'Patients waiting under 18 weeks for treatment' });
    await d.waitFor();
    await expect(d.indicator).toBeVisible();
    await expect(d.indicator).toBeFocused();
    await expect(d.choicesSummary).toContainText('Indicator: Patients waiting under 18 weeks for treatment');
    // Escape folds the set and puts focus back on the button.
    await page.keyboard.press('Escape');
    await expect(d.choicesToggle).toHaveAttribute('aria-expanded', 'false');
    await expect(d.controls).toBeHidden();
    await expect(d.choicesToggle).toBeFocused();
    // Space opens it again.
    await page.keyboard.press('Space');
    await expect(d.controls).toBeVisible();
  });

  test(`on a ${screen.name} screen axe finds nothing serious with the choices folded or open`, async ({ page }) => {
    await page.setViewportSize({ width: screen.width, height: screen.height });
    const d = new Dashboard(page);
    await d.open(query({ view: 'map', org: ICB }));
    await d.waitFor();
    const serious = async () =>
      (await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze()).violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`);
    expect(await serious()).toEqual([]);
    await d.openChoices();
    expect(await serious()).toEqual([]);
  });
}

// England is not rated against itself: its cards count how its members
// compare with it, in each bundle (regions in the demonstration bundle, ICBs
// in the A&E bundle whose regions carry no rows, counties in Fingertips).
for (const [name, data, members] of [
  ['demonstration', undefined, /^7 NHS England regions compared with England/],
  ['A&E (real)', AE, /^42 integrated care boards compared with England/],
  ['Fingertips (real)', FINGERTIPS, /^24 counties and unitary authorities compared with England/],
] as const) {
  test(`${name}: England's overview cards count its members' comparisons, never "Not rated"`, async ({ page }) => {
    const d = new Dashboard(page);
    await d.open(query(data ? { data } : { view: 'overview' }));
    await d.waitFor();
    await expect(page.locator('section.view h3').first()).toHaveText(members);
    const cards = page.getByTestId('rating');
    expect(await cards.count()).toBeGreaterThan(1);
    for (const text of await cards.allTextContents()) {
      expect(text).not.toContain('Not rated');
      expect(text).not.toMatch(/\b0 better · 0 similar · 0 worse/);
    }
    await expect(cards.first()).toContainText(/\d+ better · \d+ similar · \d+ worse/);
  });
}

// England, the home organisation every bundle opens on, has no peers, and in
// the A&E bundle no rows of its own (NHS England publishes trusts and ICBs).
// Each view there still opens on its heading and a drawn chart (the table on
// its first row), and none reads as empty: no "rank 1 of 1", no "£0 across 0
// indicators", no "ranked comparison of 1 country", no table of 0 rows.
const EMPTY_TEXTS = [/rank 1 of 1\b/, /£0 .*across 0 indicators/, /\b1 country\b/, /^0 rows/m, /Nothing to show/];
const ENGLAND_VIEWS: { view: string; chart: boolean }[] = [
  { view: 'trend', chart: true },
  { view: 'compare', chart: true },
  { view: 'peers', chart: true },
  { view: 'map', chart: true },
  { view: 'table', chart: false },
];
for (const [name, data, members] of [
  ['demonstration', undefined, /7 NHS England regions in England$/],
  ['A&E (real)', AE, /42 integrated care boards in England$/],
  ['Fingertips (real)', FINGERTIPS, /24 counties and unitary authorities in England$/],
] as const) {
  for (const screen of SCREENS) {
    for (const { view, chart } of ENGLAND_VIEWS) {
      test(`${name}: ${view} at England shows its heading and a drawn ${chart ? 'chart' : 'table'} on the first ${screen.name} screen, and nothing empty`, async ({ page }) => {
        await page.setViewportSize({ width: screen.width, height: screen.height });
        const d = new Dashboard(page);
        await d.open(query(data ? { view, data } : { view }));
        await d.waitFor();
        await expect(d.notice).toHaveCount(0);
        await expect(d.heading).toContainText('England');
        await expectOnFirstScreen(page, d.heading, 'the view heading');
        if (chart) {
          expect(await d.expectChartsDrawn()).toBeGreaterThan(0);
          await expectOnFirstScreen(page, d.charts.first().locator('canvas, svg').first(), 'the first chart');
        } else {
          await expectOnFirstScreen(page, firstFigure(page, view), 'the first row');
        }
        const text = await page.locator('section.view').innerText();
        for (const empty of EMPTY_TEXTS) expect(text, `${view} at England`).not.toMatch(empty);
        if (view === 'compare') await expect(d.heading).toHaveText(members);
        if (view === 'peers') {
          // Where the opportunity is counted, said in a sentence; England is set against its members.
          await expect(page.getByTestId('opportunity-explanation')).toContainText('England has no peers');
          await expect(page.getByTestId('opportunity-explanation')).toContainText('counted at the level of its');
          await expect(page.getByTestId('position')).toContainText('median');
          await expect(d.choicesSummary).toContainText("Peers: Each member's own:");
        }
      });
    }
  }
}

// A&E: England's figures are its trusts' counts summed, and each view says so.
test("A&E (real): England's trend, overview and table say its figures are rolled up from its members", async ({ page }) => {
  const d = new Dashboard(page);
  await d.open(query({ view: 'trend', data: AE }));
  await d.waitFor();
  await expect(page.getByTestId('own-basis')).toContainText(/The publisher gives no England figure for .+: England's is rolled up from the counts of \d+ /);
  await d.open(query({ data: AE }));
  await d.waitFor();
  const row = page.getByTestId('overview-table').locator('tbody tr').first();
  await expect(row.getByTestId('own-basis')).toContainText(/^rolled up from \d+ /);
  await expect(row.locator('td.num').first()).toContainText(/\d/);
  await d.open(query({ view: 'table', data: AE }));
  await d.waitFor();
  await expect(page.getByTestId('own-basis')).toContainText('The publisher gives no England figure');
});

// Issue 15 point 4: an organisation in no peer cluster is compared with its whole type, and the summary says so.
test('the choices summary names the peers the view uses, not only the ones asked for', async ({ page }) => {
  const d = new Dashboard(page);
  // Demonstration bundle: ICBs are in peer clusters, trusts in none.
  await d.open(query({ view: 'peers', org: ICB, peers: 'cluster' }));
  await d.waitFor();
  await expect(d.choicesSummary).toContainText('Peers: Same peer cluster');
  await d.open(query({ view: 'peers', org: 'R0A', peers: 'cluster' }));
  await d.waitFor();
  await expect(d.choicesSummary).toContainText('Peers: All of the same type (in no peer cluster)');
});
