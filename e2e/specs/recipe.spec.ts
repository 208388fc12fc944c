// Every export carries its recipe: the CSV opens with seven lines naming the
// source, licence, bundle, release, link and date accessed; "Download recipe"
// gives the JSON that `healthdash query --recipe` replays to the same bytes.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { Dashboard } from '../pages/dashboard';
import { query } from '../params';

const root = join(__dirname, '..', '..');
const bin = process.env.HEALTHDASH_BIN ?? join(root, 'target', 'release', 'healthdash');
const bundle = join(root, 'dist', 'bundle');

async function download(page: Page, testId: string) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return { name: file.suggestedFilename(), path: await file.path(), text: readFileSync(await file.path(), 'utf8') };
}

for (const link of [query({ view: 'trend', org: 'E54000008', ind: 'rtt_18wk', method: 'ci998' }), query({ view: 'compare', org: 'E54000008', ind: 'cancer_62d', method: 'quintiles' })]) {
  test(`the recipe of ${link} replays to the app's CSV bytes`, async ({ page }) => {
    const d = new Dashboard(page);
    await d.open(link);
    await d.waitFor();
    const csv = await download(page, 'csv');
    const recipe = await download(page, 'recipe');
    expect(recipe.name).toMatch(/^healthdash-[a-z]+-[A-Za-z0-9_-]+-recipe\.json$/);
    const r = JSON.parse(recipe.text);
    expect(r.query).toBe(d.query());
    expect(r.bundle).toBe(new URL('bundle/manifest.json', page.url()).href);
    expect(r.link).toBe(page.url());
    expect(r.accessed).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(r.release).toBe(JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8')).published);
    expect(r.healthdash).toMatch(/^\d+\.\d+\.\d+/);
    // What a reader of the CSV sees first: where the numbers come from.
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toMatch(/^"?# Source: /);
    expect(lines[1]).toMatch(/^"?# Licence: /);
    expect(lines[3]).toBe(`# Release: ${r.release}`);
    expect(lines[4]).toBe(`# Link: ${r.link}`);
    expect(lines[5]).toBe(`# Accessed: ${r.accessed}`);
    // The CLI replays the recipe to the same bytes.
    const replayed = execFileSync(bin, ['query', bundle, '--recipe', recipe.path], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    expect(replayed).toBe(csv.text);
  });
}
