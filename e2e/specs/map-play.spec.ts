// Play and pause on the map's period slider: a keyboard user starts it, the
// period in the link moves on by itself (the same history entry, replaced),
// Pause stops it, it stops by itself at the latest period, and with reduced
// motion nothing moves by itself: the button steps one period per press.
import { expect, test } from '@playwright/test';
import { Dashboard } from '../pages/dashboard';
import { MapPanel } from '../pages/map';
import { query } from '../params';

const ICB = 'E54000008';
/** The period in the link ('' for the latest, which the link leaves out). */
const periodOf = (d: Dashboard) => new URLSearchParams(d.query()).get('period') ?? '';

/** The map's period labels, oldest first, from the slider's steps. */
async function periods(page: import('@playwright/test').Page, m: MapPanel): Promise<string[]> {
  const max = Number(await m.slider.getAttribute('max'));
  const out: string[] = [];
  for (let i = 0; i <= max; i++) {
    await m.slider.evaluate((el, v) => { (el as HTMLInputElement).value = String(v); el.dispatchEvent(new Event('input', { bubbles: true })); }, i);
    out.push((await m.sliderLabel.textContent()) ?? '');
  }
  return out;
}

test('Play steps through the periods in the link from the keyboard, and Pause stops it', async ({ page }) => {
  const d = new Dashboard(page);
  const m = new MapPanel(page);
  await d.open(query({ view: 'map', org: ICB }));
  await d.waitFor();
  const labels = await periods(page, m);
  expect(labels.length).toBeGreaterThan(3);
  await d.open(query({ view: 'map', org: ICB, period: labels[0] }));
  await d.waitFor();
  const entries = await page.evaluate(() => history.length);
  await expect(m.play).toHaveAccessibleName('Play');
  await m.play.focus();
  await page.keyboard.press('Enter');
  await expect(m.play).toHaveAccessibleName('Pause');
  // The link follows the periods on screen, one after another.
  await expect.poll(() => periodOf(d), { timeout: 10_000 }).toBe(labels[1]);
  await expect.poll(() => periodOf(d), { timeout: 10_000 }).toBe(labels[2]);
  await d.waitFor();
  await expect(m.sliderLabel).toHaveText(labels[2]);
  expect(await d.expectChartsDrawn()).toBe(1);
  // Focus stays on the button while the map is drawn again, so Enter pauses.
  await expect(m.play).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(m.play).toHaveAccessibleName('Play');
  const paused = periodOf(d);
  await page.waitForTimeout(4000);
  expect(periodOf(d)).toBe(paused);
  // Playing replaced the history entry rather than adding one per period.
  expect(await page.evaluate(() => history.length)).toBe(entries);
});

test('Play stops by itself at the latest period', async ({ page }) => {
  const d = new Dashboard(page);
  const m = new MapPanel(page);
  await d.open(query({ view: 'map', org: ICB }));
  await d.waitFor();
  const labels = await periods(page, m);
  await d.open(query({ view: 'map', org: ICB, period: labels[labels.length - 2] }));
  await d.waitFor();
  await m.play.click();
  // The latest period is the default: the link drops period=.
  await expect.poll(() => d.query(), { timeout: 10_000 }).toBe(query({ view: 'map', org: ICB }));
  await d.waitFor();
  await expect(m.sliderLabel).toHaveText(labels[labels.length - 1]);
  await expect(m.play).toHaveAccessibleName('Play');
  await page.waitForTimeout(3500);
  expect(d.query()).toBe(query({ view: 'map', org: ICB }));
});

test('with reduced motion nothing plays by itself; the button steps one period', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const d = new Dashboard(page);
  const m = new MapPanel(page);
  await d.open(query({ view: 'map', org: ICB }));
  await d.waitFor();
  const labels = await periods(page, m);
  await d.open(query({ view: 'map', org: ICB, period: labels[0] }));
  await d.waitFor();
  await expect(m.play).toHaveAccessibleName('Next period');
  await m.play.focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => periodOf(d)).toBe(labels[1]);
  await d.waitFor();
  await page.waitForTimeout(3500);
  expect(periodOf(d)).toBe(labels[1]);
  await expect(m.play).toBeFocused();
  // The slider still steps too.
  await m.slider.focus();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => periodOf(d)).toBe(labels[2]);
});
