// embed=1 inside an iframe on another origin: only the chart (or table), the
// source and a link to the full view.
import { expect, test } from '@playwright/test';
import { OTHER_ORIGIN_PORT } from '../playwright.config';
import { query } from '../params';

test('an embedded view works inside an iframe on another site', async ({ page, baseURL }) => {
  const src = `${baseURL}?${query({ view: 'trend', org: 'E54000008', embed: '1' })}`;
  // A page on another origin (another port is another origin) embeds the view.
  const intranet = `http://127.0.0.1:${OTHER_ORIGIN_PORT}/intranet.html`;
  expect(new URL(intranet).origin).not.toBe(new URL(src).origin);
  await page.goto(intranet);
  await page.locator('#embedded').evaluate((f: HTMLIFrameElement, s: string) => { f.src = s; }, src);
  const frame = page.frameLocator('iframe');
  await expect(frame.locator('main#app')).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });
  await expect(frame.getByTestId('embed')).toBeVisible();
  await expect(frame.getByTestId('chart')).toHaveCount(1);
  await expect(frame.getByTestId('chart')).toHaveAttribute('data-rendered', 'true');
  // No navigation chrome.
  await expect(frame.getByTestId('view-nav')).toHaveCount(0);
  await expect(frame.getByTestId('controls')).toHaveCount(0);
  await expect(frame.locator('header.site-header')).toHaveCount(0);
  await expect(frame.getByTestId('attribution')).toContainText('Source:');
  const full = frame.getByTestId('full-view');
  await expect(full).toHaveAttribute('target', '_blank');
  const href = await full.getAttribute('href');
  expect(href).toContain('view=trend');
  expect(href).not.toContain('embed=');
});
