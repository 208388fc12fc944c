// The chart is drawn by ECharts into a canvas, with a data table behind it.
import { expect, test } from '@playwright/test';
import { TrendPage } from '../pages/trend-page';

test('the chart is drawn on a canvas with an accessible name', async ({ page }) => {
  const trend = new TrendPage(page);
  await trend.open();
  await trend.waitForState('ready');
  await expect(trend.chartCanvas).toHaveCount(1);
  const box = await trend.chartCanvas.boundingBox();
  expect(box?.width ?? 0).toBeGreaterThan(200);
  expect(box?.height ?? 0).toBeGreaterThan(200);
  await expect(trend.chart).toHaveAttribute('aria-label', /Line chart of .+ over time/);
});

test('the data table lists a row per period the chart shows', async ({ page }) => {
  const trend = new TrendPage(page);
  await trend.open();
  await trend.waitForState('ready');
  const rows = trend.table.locator('tbody tr');
  expect(await rows.count()).toBeGreaterThanOrEqual(12);
  // Every row has a period label and a numeric value.
  await expect(rows.first().locator('th')).not.toBeEmpty();
  await expect(rows.first().locator('td').first()).toHaveText(/^-?\d+(\.\d+)?$/);
});
