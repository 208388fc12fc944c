// The built site works under a strict Content Security Policy: no inline
// script or style, no eval; only WebAssembly compilation is allowed.
import { expect, test } from '@playwright/test';
import { CSP_PORT } from '../playwright.config';
import { Dashboard } from '../pages/dashboard';

test('every view renders under a strict CSP with no violations', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') violations.push(msg.text());
  });
  const response = await page.goto(`http://127.0.0.1:${CSP_PORT}/?view=trend`);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
  const d = new Dashboard(page);
  await d.waitFor();
  await d.expectChartsDrawn();
  for (const name of ['Compare', 'Inequalities', 'Peers and opportunity', 'Overview']) {
    await d.goToView(name);
    await d.expectChartsDrawn();
  }
  expect(violations).toEqual([]);
});
