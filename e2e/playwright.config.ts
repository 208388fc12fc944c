// End-to-end tests in Debian's Chromium (never a downloaded browser) against
// dist/ served by the plain static server, as a static host would serve it.
import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 4173);
/** A second server for the same dist/, sending a strict Content Security Policy. */
export const CSP_PORT = PORT + 1;
/** A third origin serving e2e/fixtures: pages that embed the app from elsewhere. */
export const OTHER_ORIGIN_PORT = PORT + 2;
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

export default defineConfig({
  testDir: './specs',
  outputDir: './test-results',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    viewport: { width: 1280, height: 900 },
  },
  webServer: [
    {
      command: `node e2e/static-server.mjs dist ${PORT}`,
      cwd: '..',
      url: `http://127.0.0.1:${PORT}/index.html`,
      reuseExistingServer: false,
      timeout: 20_000,
    },
    {
      command: `node e2e/static-server.mjs dist ${CSP_PORT} --header "Content-Security-Policy: ${STRICT_CSP}"`,
      cwd: '..',
      url: `http://127.0.0.1:${CSP_PORT}/index.html`,
      reuseExistingServer: false,
      timeout: 20_000,
    },
    {
      command: `node e2e/static-server.mjs e2e/fixtures ${OTHER_ORIGIN_PORT}`,
      cwd: '..',
      url: `http://127.0.0.1:${OTHER_ORIGIN_PORT}/intranet.html`,
      reuseExistingServer: false,
      timeout: 20_000,
    },
  ],
});
