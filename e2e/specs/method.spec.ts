// The comparison method (`method=`: 95% or 99.8% confidence interval, or
// quintiles) has its own labelled control in the choices of the views it
// changes (overview, compare, map): a keyboard user changes it, the link
// records it, the one-line summary says it, and the overview's comparison
// column follows it. Back returns to the method before.
import { expect, test } from '@playwright/test';
import { Dashboard } from '../pages/dashboard';
import { PARAMS, query } from '../params';

const ICB = 'E54000008';

test('the comparison method is chosen from the keyboard and changes the comparison column', async ({ page }) => {
  expect(PARAMS.params.method.values).toEqual(['ci95', 'ci998', 'quintiles']);
  const d = new Dashboard(page);
  await d.open(query({ org: ICB }));
  await d.waitFor();
  const against = page.getByTestId('overview-table').first().getByTestId('against');
  await expect(against.first()).toBeVisible();
  const before = await against.allTextContents();
  // At 95% each cell is a comparison word with its shape, never a quintile.
  expect(before.some((t) => /Better|Similar|Worse|Higher|Lower|Not compared/.test(t))).toBe(true);
  expect(before.join(' ')).not.toContain('Quintile');
  await expect(d.choicesSummary).toContainText('Comparison method: 95% confidence interval');

  await d.openChoices();
  const method = page.getByLabel('Comparison method');
  await method.focus();
  await page.keyboard.press('ArrowDown');
  await d.waitFor();
  await expect.poll(() => d.query()).toContain('method=ci998');
  await expect(page.getByLabel('Comparison method')).toBeFocused();
  await expect(d.choicesSummary).toContainText('Comparison method: 99.8% confidence interval');

  await page.keyboard.press('ArrowDown');
  await d.waitFor();
  await expect.poll(() => d.query()).toContain('method=quintiles');
  await expect(d.choicesSummary).toContainText('Comparison method: Quintiles');
  // Every row now gives its quintile (or says it has none) instead of a comparison.
  const after = await against.allTextContents();
  expect(after.length).toBe(before.length);
  for (const t of after) expect(t).toMatch(/Quintile/);
  expect(after).not.toEqual(before);

  await page.goBack();
  await d.waitFor();
  await expect.poll(() => d.query()).toContain('method=ci998');
  await expect(d.choicesSummary).toContainText('Comparison method: 99.8% confidence interval');
});

test('the method control is offered where the method changes what is shown, and nowhere else', async ({ page }) => {
  const d = new Dashboard(page);
  for (const [view, shown] of [['compare', true], ['map', true], ['trend', false], ['peers', false]] as const) {
    await d.open(query({ view, org: ICB }));
    await d.waitFor();
    await d.openChoices();
    await expect(page.getByLabel('Comparison method')).toHaveCount(shown ? 1 : 0);
  }
});
