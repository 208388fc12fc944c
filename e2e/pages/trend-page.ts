// Page object for the trend page: how a user reaches it and what they see.
import { expect, type Locator, type Page } from '@playwright/test';

export class TrendPage {
  readonly app: Locator;
  readonly title: Locator;
  readonly chart: Locator;
  readonly chartCanvas: Locator;
  readonly table: Locator;
  readonly indicatorSelect: Locator;
  readonly attribution: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.app = page.locator('main#app');
    this.title = page.getByTestId('bundle-title');
    this.chart = page.getByTestId('chart');
    this.chartCanvas = this.chart.locator('canvas');
    this.table = page.getByTestId('series-table');
    this.indicatorSelect = page.getByLabel('Indicator');
    this.attribution = page.getByTestId('attribution');
    this.error = page.getByTestId('error');
  }

  async open(path = './') {
    await this.page.goto(path);
  }

  /** Waits until the app says the view has rendered (or failed). */
  async waitForState(state: 'ready' | 'error') {
    await expect(this.app).toHaveAttribute('data-state', state, { timeout: 15_000 });
  }

  async chooseIndicator(name: string) {
    await this.indicatorSelect.selectOption({ label: name });
  }
}
