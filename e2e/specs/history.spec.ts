// Choices push history entries: Back and Forward walk through them.
import { expect, test } from '@playwright/test';
import { Dashboard } from '../pages/dashboard';

test('Back and Forward walk through views and choices', async ({ page }) => {
  const d = new Dashboard(page);
  await d.open();
  await d.waitFor();
  const first = d.query();
  await d.goToView('Trend');
  expect(d.query()).toContain('view=trend');
  const options = await d.indicator.locator('option').allTextContents();
  await d.openChoices();
  await d.indicator.selectOption({ label: options[2] });
  await d.waitFor();
  const trendQuery = d.query();
  expect(trendQuery).toMatch(/view=trend&.*ind=/);
  await expect(d.heading).toContainText(options[2]);
  // The summary of the choices says what the link now shows.
  await expect(d.choicesSummary).toContainText(`Indicator: ${options[2]}`);

  await page.goBack();
  await d.waitFor();
  expect(d.query()).toBe('view=trend');
  await expect(d.heading).not.toContainText(options[2]);
  await expect(d.choicesSummary).not.toContainText(options[2]);
  await page.goBack();
  await d.waitFor();
  expect(d.query()).toBe(first);
  await expect(page.locator('section.view[data-view="overview"]')).toBeVisible();
  await page.goForward();
  await page.goForward();
  await d.waitFor();
  expect(d.query()).toBe(trendQuery);
  await expect(d.indicator.locator('option:checked')).toHaveText(options[2]);
  await expect(d.choicesSummary).toContainText(`Indicator: ${options[2]}`);
});

test('the organisation picker works from the keyboard', async ({ page }) => {
  const d = new Dashboard(page);
  await d.open('view=trend');
  await d.waitFor();
  await d.openChoices();
  await d.orgSearch.focus();
  await page.keyboard.type('cheshire');
  const results = page.getByTestId('org-results');
  await expect(results).toBeVisible();
  await expect(results.getByRole('option').first()).toContainText(/Cheshire/i);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await d.waitFor();
  expect(d.query()).toMatch(/org=/);
  await expect(d.heading).toContainText(/Cheshire/i);
  // Focus comes back to the picker, so a keyboard user carries on from there.
  await expect(d.orgSearch).toBeFocused();
  await expect(d.choicesSummary).toContainText(/Organisation: .*Cheshire/i);
});
