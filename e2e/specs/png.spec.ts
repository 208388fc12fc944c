// Each chart downloads as a PNG image of what is drawn.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { Dashboard } from '../pages/dashboard';
import { query } from '../params';

test('Download PNG saves the chart as a PNG file named after the view', async ({ page }) => {
  const d = new Dashboard(page);
  await d.open(query({ view: 'compare', org: 'E54000008', ind: 'ae_4hr' }));
  await d.waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('png').first().click()]);
  expect(download.suggestedFilename()).toBe('healthdash-compare-E54000008-ae_4hr-compare-bars.png');
  const bytes = readFileSync(await download.path());
  // The PNG signature, and an image bigger than an empty canvas would give.
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.length).toBeGreaterThan(20_000);
});
