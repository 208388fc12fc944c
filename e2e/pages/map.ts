// Page object for the map view: the drawn map, its notice when a level has
// no boundaries, the table of every area (the keyboard's way to select one)
// and the period slider with its play/pause button.
import { expect, type Locator, type Page } from '@playwright/test';

export class MapPanel {
  readonly chart: Locator;
  readonly notice: Locator;
  readonly table: Locator;
  readonly rows: Locator;
  readonly selectButtons: Locator;
  readonly selected: Locator;
  readonly slider: Locator;
  readonly sliderLabel: Locator;
  readonly play: Locator;

  constructor(readonly page: Page) {
    this.chart = page.locator('#chart-map');
    this.notice = page.getByTestId('map-notice');
    this.table = page.getByTestId('map-table');
    this.rows = this.table.locator('tbody tr');
    this.selectButtons = page.getByTestId('map-select');
    this.selected = this.table.locator('[data-testid="map-select"][aria-current="true"]');
    this.slider = page.locator('#map-period');
    this.sliderLabel = page.getByTestId('period-slider-label');
    this.play = page.getByTestId('map-play');
  }

  /**
   * Clicks the middle of the map's drawing area: the series is laid out 64 px
   * below the chart's top and 8 px above its bottom, centred, so its middle is
   * England's bounding-box centre (about 2.3° W, 52.8° N: Staffordshire, in the
   * Midlands), an area on every level the demonstration bundle maps.
   */
  async clickMapCentre() {
    const box = await this.chart.boundingBox();
    expect(box).not.toBeNull();
    const { width, height } = box!;
    await this.chart.click({ position: { x: width / 2, y: 64 + (height - 72) / 2 } });
  }

  /** The organisation codes the table lists, in order. */
  async codes(): Promise<string[]> {
    return this.selectButtons.evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-code') ?? ''));
  }
}
