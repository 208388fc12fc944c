// Page object for the dashboard: how a user reaches a view and what they see.
import { expect, type Locator, type Page } from '@playwright/test';

export class Dashboard {
  readonly app: Locator;
  readonly title: Locator;
  readonly heading: Locator;
  readonly charts: Locator;
  readonly nav: Locator;
  readonly notice: Locator;
  readonly error: Locator;
  readonly attribution: Locator;
  readonly indicator: Locator;
  readonly orgSearch: Locator;
  readonly dataTable: Locator;
  /** The one-line summary of the current choices, and the button that opens them all. */
  readonly choicesSummary: Locator;
  readonly choicesToggle: Locator;
  readonly controls: Locator;

  constructor(readonly page: Page) {
    this.app = page.locator('main#app');
    this.title = page.getByTestId('bundle-title');
    this.heading = page.getByTestId('view-heading');
    this.charts = page.getByTestId('chart');
    this.nav = page.getByTestId('view-nav');
    this.notice = page.getByTestId('notice');
    this.error = page.getByTestId('error');
    this.attribution = page.getByTestId('attribution');
    this.indicator = page.getByTestId('indicator');
    this.orgSearch = page.getByTestId('org-search');
    this.dataTable = page.getByTestId('data-table');
    this.choicesSummary = page.getByTestId('choices-summary');
    this.choicesToggle = page.getByTestId('controls-toggle');
    this.controls = page.getByTestId('controls');
  }

  /** Opens the view of `query` (a query string without `?`). */
  /** Opens the link `query` (the default bundle's overview when omitted; '' is the site's landing page). */
  async open(query = 'view=overview', base = './') {
    await this.page.goto(query ? `${base}?${query}` : base);
  }

  /** Waits until the app says the view has rendered (or failed). */
  async waitFor(state: 'ready' | 'error' = 'ready') {
    await expect(this.app).toHaveAttribute('data-state', state, { timeout: 20_000 });
  }

  /** The query string in the address bar, without `?`. */
  query(): string {
    return new URL(this.page.url()).search.replace(/^\?/, '');
  }

  /** Opens the full set of choices from the keyboard (they start folded behind their summary). */
  async openChoices() {
    if ((await this.choicesToggle.getAttribute('aria-expanded')) !== 'true') {
      await this.choicesToggle.focus();
      await this.page.keyboard.press('Enter');
    }
    await expect(this.choicesToggle).toHaveAttribute('aria-expanded', 'true');
    await expect(this.controls).toBeVisible();
  }

  async goToView(name: string) {
    await this.nav.getByRole('link', { name, exact: true }).click();
    await this.waitFor();
  }

  /** Every chart has a canvas of a useful size and an accessible name. */
  async expectChartsDrawn() {
    const n = await this.charts.count();
    for (let i = 0; i < n; i++) {
      const chart = this.charts.nth(i);
      await expect(chart).toHaveAttribute('data-rendered', 'true');
      await expect(chart).toHaveAttribute('aria-label', /\w{3,}/);
      const box = await chart.locator('canvas').first().boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(200);
      expect(box?.height ?? 0).toBeGreaterThan(150);
    }
    return n;
  }
}
