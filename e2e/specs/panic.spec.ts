// No panic reaches the user as a broken page: the panic hook replaces the view
// with a plain message and a reload button, and writes the details to the console.
import { expect, test } from '@playwright/test';
import { Dashboard } from '../pages/dashboard';

test('a panic replaces the view with a message and a reload button, and is logged', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const d = new Dashboard(page);
  await d.open('view=overview');
  await d.waitFor('ready');
  // The app panics on purpose when sent this event (nothing on the page sends it).
  await page.evaluate(() => window.dispatchEvent(new Event('healthdash:test-panic')));
  await expect(d.app).toHaveAttribute('data-state', 'error');
  await expect(d.error).toContainText('Something went wrong in healthdash');
  await expect(d.error).toContainText('reload to try again');
  expect(errors.join('\n')).toContain('deliberate panic, to test the panic hook');
  await page.getByRole('button', { name: 'Reload the page' }).click();
  await d.waitFor('ready');
  await expect(d.error).toHaveCount(0);
});
