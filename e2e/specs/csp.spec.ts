// The built site works under a strict Content Security Policy: no inline
// script or style, no eval; only WebAssembly compilation is allowed.
import { expect, test } from '@playwright/test';
import { CSP_PORT } from '../playwright.config';
import { TrendPage } from '../pages/trend-page';

test('the page renders its chart under a strict CSP with no violations', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') violations.push(msg.text());
  });
  const response = await page.goto(`http://127.0.0.1:${CSP_PORT}/`);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
  const trend = new TrendPage(page);
  await trend.waitForState('ready');
  await expect(trend.chartCanvas).toHaveCount(1);
  expect(violations).toEqual([]);
});
