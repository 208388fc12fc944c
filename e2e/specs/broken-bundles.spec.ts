// A corpus of broken bundles (e2e/fixtures/make_broken.py): each gives a clear
// message naming the file and the problem, in place of the affected view only;
// the rest of the app keeps working.
import { expect, test } from '@playwright/test';
import { Dashboard } from '../pages/dashboard';
import { query } from '../params';

// The default organisation is England: a trend reads the country's file.
const FILE = 'values/ae_4hr/country.parquet';
const FILE_CASES: Record<string, RegExp> = {
  truncated: /not a readable Parquet file/,
  checksum: /SHA-256 [0-9a-f]{64} does not match/,
  size: /lists \d+ bytes but \d+ bytes arrived/,
  missing: /404/,
  columns: /required column "value" is missing/,
  nan: /row 3, column "value": NaN is not a value/,
  infinite: /row 3, column "value": inf is not a finite number/,
  negative: /row 3, column "denominator": denominator -10 is negative/,
  'unknown-org': /"ZZ999" is not in the manifest's organisations/,
  // A small file whose footer declares 200M rows: refused before any allocation (issue 18).
  'rows-footer': /the footer declares 200000000 rows, more than a file of \d+ bytes can hold/,
};

for (const [name, problem] of Object.entries(FILE_CASES)) {
  test(`${name}: the view says which file and what is wrong; other indicators still work`, async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const d = new Dashboard(page);
    await d.open(query({ view: 'trend', ind: 'ae_4hr', data: `broken/${name}/manifest.json` }));
    await d.waitFor('error');
    await expect(d.error).toContainText(FILE);
    await expect(d.error).toContainText(problem);
    await expect(d.charts).toHaveCount(0);
    // The header, navigation and controls are still there; the intact indicator shows.
    await expect(d.title).toBeVisible();
    await d.openChoices();
    await d.indicator.selectOption({ label: 'Patients waiting under 18 weeks for treatment' });
    await d.waitFor('ready');
    expect(await d.expectChartsDrawn()).toBe(1);
    expect(errors).toEqual([]);
  });
}

for (const [name, problem] of Object.entries({
  version: /format_version "4.0" is not supported/,
  huge: /more than the 8\.0 MB healthdash accepts/,
  // Manifests whose parts disagree (issue 20), refused before any file is used.
  'dangling-parent': /breaks the bundle format's rules .*parent "ZZ999" is not in the manifest's organisations/,
  'path-twice': /breaks the bundle format's rules .*appears more than once/,
  // More rows than the file's bytes could hold (issue 18).
  'rows-manifest': /declares 200000000 rows, more than a file of \d+ bytes can hold/,
})) {
  test(`${name}: an unreadable manifest names itself and offers the default bundle`, async ({ page }) => {
    const d = new Dashboard(page);
    await d.open(query({ data: `broken/${name}/manifest.json` }));
    await d.waitFor('error');
    await expect(d.error).toContainText(`broken/${name}/manifest.json`);
    await expect(d.error).toContainText(problem);
    await page.getByTestId('default-bundle').click();
    await d.waitFor('ready');
  });
}
