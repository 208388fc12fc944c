// The CSV a user downloads is its recipe block (seven lines) and then exactly
// `healthdash query --csv` for the same link: the app and the CLI run the same
// engine and never disagree.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { Dashboard } from '../pages/dashboard';
import { query } from '../params';

const root = join(__dirname, '..', '..');
const bin = process.env.HEALTHDASH_BIN ?? join(root, 'target', 'release', 'healthdash');
const bundle = join(root, 'dist', 'bundle');

const LINKS = [
  query({ org: 'E54000008' }),
  query({ view: 'trend', org: 'E54000008', ind: 'rtt_18wk', bench: 'parent' }),
  query({ view: 'compare', org: 'E54000008', ind: 'cancer_62d', peers: 'nn:5' }),
  query({ view: 'inequalities', org: 'E54000008', ind: 'flu_65' }),
  query({ view: 'peers', org: 'E54000008', target: 'quartile' }),
  query({ view: 'report', org: 'E40000010' }),
  query({ view: 'table', org: 'E54000008', ind: 'flu_65', breakdown: 'deprivation' }),
  query({ view: 'map', org: 'E54000008', colour: 'quintile' }),
];

for (const link of LINKS) {
  test(`CSV download equals healthdash query --csv for ${link}`, async ({ page }) => {
    const d = new Dashboard(page);
    await d.open(link);
    await d.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^healthdash-[a-z]+-[A-Za-z0-9_-]+\.csv$/);
    const downloaded = readFileSync(await download.path(), 'utf8');
    const fromApp = downloaded.split('\r\n').slice(7).join('\r\n');
    expect(downloaded.split('\r\n')[6]).toMatch(/^# Made with healthdash .*the table starts on line 8$/);
    const fromCli = execFileSync(bin, ['query', bundle, link, '--csv'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    expect(fromApp.split('\r\n').length).toBeGreaterThan(2);
    expect(fromApp).toBe(fromCli);
  });
}
