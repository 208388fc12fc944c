// Each chart also downloads as SVG, drawn by ECharts' SVG renderer, with the
// recipe as a caption; under the strict CSP too (no eval).
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { CSP_PORT } from '../playwright.config';
import { Dashboard } from '../pages/dashboard';
import { query } from '../params';

for (const [name, base] of [['the site', './'], ['a strict CSP', `http://127.0.0.1:${CSP_PORT}/`]] as const) {
  test(`Download SVG saves a parseable SVG with the chart's text and its recipe, under ${name}`, async ({ page }) => {
    const errors: string[] = [];
    page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
    const d = new Dashboard(page);
    await d.open(query({ view: 'compare', org: 'E54000008', ind: 'ae_4hr' }), base);
    await d.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('svg').first().click()]);
    expect(download.suggestedFilename()).toBe('healthdash-compare-E54000008-ae_4hr-compare-bars.svg');
    const text = readFileSync(await download.path(), 'utf8');
    // Parsed in a blank page: the app's page stays free of everything but the app.
    const blank = await page.context().newPage();
    const parsed = await blank.evaluate((svg) => {
      const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
      const root = doc.documentElement;
      return {
        error: doc.getElementsByTagName('parsererror').length,
        root: root.nodeName,
        texts: [...doc.getElementsByTagName('text')].map((t) => t.textContent ?? ''),
        desc: doc.getElementsByTagName('desc')[0]?.textContent ?? '',
        height: Number(root.getAttribute('height')),
      };
    }, text);
    await blank.close();
    expect(parsed.error).toBe(0);
    expect(parsed.root).toBe('svg');
    // The chart's own text (its title and the organisations on its axis), and the caption.
    expect(parsed.texts).toContain('Ranked comparison');
    expect(parsed.texts.some((t) => t.startsWith('Source: '))).toBe(true);
    expect(parsed.texts.some((t) => t.startsWith('Link: ') && t.includes('view=compare'))).toBe(true);
    expect(parsed.desc).toContain('Licence: ');
    expect(parsed.height).toBeGreaterThan(300);
    await expect(page.getByRole('alert')).toHaveCount(0);
    expect(errors).toEqual([]);
  });
}

test('the PNG carries the recipe caption under the chart', async ({ page }) => {
  const d = new Dashboard(page);
  await d.open(query({ view: 'compare', org: 'E54000008', ind: 'ae_4hr' }));
  await d.waitFor();
  const chart = page.getByTestId('chart').first();
  const box = await chart.boundingBox();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('png').first().click()]);
  const bytes = readFileSync(await download.path());
  // PNG IHDR: width and height at bytes 16–23. Twice the CSS size, plus seven caption lines below.
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  expect(width).toBe(Math.round((box?.width ?? 0) * 2));
  expect(height).toBeGreaterThan(Math.round((box?.height ?? 0) * 2) + 7 * 15 * 2 - 1);
});
