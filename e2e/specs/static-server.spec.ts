// The test server itself (e2e/static-server.mjs): a request whose path is not
// valid percent-encoding is the client's fault (400 Bad Request) and must not
// take the server down for the tests that follow.
import { expect, test } from '@playwright/test';

test('a malformed path is a 400 and the server goes on serving', async ({ request }) => {
  for (const path of ['/%zz', '/%', '/%E0%A4%A', '/index.html%ff']) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(400);
    expect(await res.text(), path).toBe('Bad request');
  }
  const home = await request.get('/');
  expect(home.status()).toBe(200);
  expect(home.headers()['content-type']).toBe('text/html; charset=utf-8');
  expect(await home.text()).toContain('<html');
  // Escapes that decode to a path outside the served directory are still refused.
  expect((await request.get('/..%2f..%2fetc%2fpasswd')).status()).toBe(403);
  expect((await request.get('/no-such-file.js')).status()).toBe(404);
});
