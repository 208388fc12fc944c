// Share copies a link that reproduces exactly the same view in a new page.
import { expect, test } from '@playwright/test';
import { Dashboard } from '../pages/dashboard';
import { query } from '../params';

test('a shared link opened in a new page shows the same view', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const d = new Dashboard(page);
  await d.open(query({ view: 'compare', org: 'E54000008', peers: 'nn:5' }));
  await d.waitFor();
  // A choice made on the page is part of what is shared.
  const options = await d.indicator.locator('option').allTextContents();
  await d.openChoices();
  await d.indicator.selectOption({ label: options[3] });
  await d.waitFor();
  await expect(d.heading).toContainText(options[3]);
  await page.getByTestId('share').click();
  await expect(page.getByTestId('toolbar-status')).toContainText('Link copied');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toBe(page.url());

  const other = await context.newPage();
  const d2 = new Dashboard(other);
  await other.goto(link);
  await d2.waitFor();
  await expect(d2.heading).toHaveText((await d.heading.textContent()) ?? '');
  await expect(d2.indicator.locator('option:checked')).toHaveText(options[3]);
  await expect(other.getByTestId('peers').locator('option:checked')).toHaveText(/5 most similar/);
  const rows = async (p: Dashboard) => p.dataTable.first().locator('tbody tr').allTextContents();
  expect(await rows(d2)).toEqual(await rows(d));
});
