// `make bench`, the app's first view and its responsiveness (issue 18), used
// by bench/run.mjs:
//
//  - cold start: navigation start → main#app[data-state="ready"] (the page's
//    own clock), each run in a fresh browser context (empty caches), for the
//    landing page (the bare address: the catalogue's cards) and an ICB's
//    overview (?view=overview&org=E54000008); with Largest Contentful Paint
//    and the longest main-thread task of each run;
//  - a phone-like profile of the same two views: CPU slowed 4× and the
//    network held to 1.6 Mbps down, 750 kbps up with 150 ms round trips (the
//    Chrome DevTools Protocol's Emulation and Network domains), served with
//    gzip as real static hosts serve (e2e/static-server.mjs --gzip): LCP and
//    ready;
//  - responsiveness while a large view loads: England's report on the 1M-row
//    bench bundle (every whole-population file; run.mjs counts them from the
//    manifest), and an ICB's inequalities view of an indicator cut by every
//    dimension (its files include the bundle's largest, the ICBs' breakdown
//    rows, decoded a column chunk at a time), every long task (PerformanceObserver "longtask": main-thread
//    tasks over 50 ms) from the first request for a data file to ready, how
//    often the progress indicator changed, and the input delay of key presses
//    sent while it loads (event.timeStamp → handler).

export const LANDING = 'index.html';
export const ICB_OVERVIEW = 'index.html?view=overview&org=E54000008';
/** The view of the 1M-row bench bundle that reads most files: England's report (every type below England, whole population). */
export const ALL_OF_1M = 'index.html?data=bench/1m/manifest.json&view=report';
/** The view of the 1M-row bench bundle that reads its largest file: an ICB's inequalities (the ICBs' breakdown rows of flu_65). */
export const BREAKDOWNS_OF_1M = 'index.html?data=bench/1m/manifest.json&view=inequalities&org=E54000008&ind=flu_65';

/** Installed before the page's own scripts: records ready, LCP, long tasks, progress and input delay. */
const WATCH = () => {
  const b = (window.__startup = { ready: null, lcp: null, long: [], progress: [], keys: [], firstData: null });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) b.long.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    new PerformanceObserver((list) => {
      // The last candidate is the LCP (the page takes no input meanwhile).
      for (const e of list.getEntries()) b.lcp = e.startTime;
    }).observe({ type: 'largest-contentful-paint', buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (b.firstData == null && /\.parquet(\?|$)/.test(e.name)) b.firstData = e.startTime;
    }).observe({ type: 'resource', buffered: true });
  } catch {}
  addEventListener('keydown', (e) => b.keys.push(performance.now() - e.timeStamp), true);
  const check = () => {
    const app = document.querySelector('main#app');
    const p = document.querySelector('[data-testid="progress"]');
    if (p) {
      const text = p.textContent;
      if (b.progress[b.progress.length - 1]?.text !== text) b.progress.push({ at: performance.now(), text });
    }
    if (b.ready == null && app?.dataset.state === 'ready') b.ready = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
};

export function summary(values) {
  const s = values.filter((x) => x != null).sort((a, b) => a - b);
  return s.length ? { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1], runs: s.length, all: values } : null;
}

async function open(browser, url, { phone = false, timeout = 60_000, during } = {}) {
  const ctx = await browser.newContext({ viewport: phone ? { width: 390, height: 844 } : { width: 1280, height: 900 }, isMobile: phone, hasTouch: phone });
  try {
    const page = await ctx.newPage();
    if (phone) {
      const cdp = await ctx.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 0.75e6 / 8 });
    }
    await page.addInitScript(WATCH);
    await page.goto(url, { waitUntil: 'commit' });
    const probing = during ? during(page) : null;
    await page.waitForFunction(() => window.__startup?.ready != null || document.querySelector('main#app')?.dataset.state === 'error', null, { timeout, polling: 50 });
    if (probing) await probing;
    // The paint of the ready page is reported just after it.
    await page.waitForTimeout(phone ? 1500 : 300);
    const r = await page.evaluate(() => ({ ...window.__startup, state: document.querySelector('main#app')?.dataset.state }));
    if (r.state === 'error') throw new Error(`${url}: the app says error`);
    return r;
  } finally {
    await ctx.close();
  }
}

const longest = (r, from = 0) => Math.max(0, ...r.long.filter((t) => t.start + t.duration >= from && t.start <= r.ready).map((t) => t.duration));

/** `runs` cold starts of `path`, each in a fresh context. */
export async function coldStart(browser, base, path, runs) {
  const all = [];
  for (let i = 0; i < runs; i++) all.push(await open(browser, base + path));
  return { ready: summary(all.map((r) => r.ready)), lcp: summary(all.map((r) => r.lcp)), longest: summary(all.map((r) => longest(r))) };
}

/** The phone-like profile: 4× CPU, 1.6 Mbps, 150 ms RTT, gzip on the wire. */
export async function phone(browser, gzipBase, path, runs) {
  const all = [];
  for (let i = 0; i < runs; i++) all.push(await open(browser, gzipBase + path, { phone: true, timeout: 300_000 }));
  return { ready: summary(all.map((r) => r.ready)), lcp: summary(all.map((r) => r.lcp)) };
}

/**
 * Loads `path` (a view that reads the whole 1M-row bundle) in a fresh context, pressing
 * Shift every 100 ms while the progress indicator shows, and reports the
 * main-thread tasks from the first data request to ready.
 */
export async function whileLoading(browser, base, path, runs) {
  const all = [];
  for (let i = 0; i < runs; i++) {
    const during = async (page) => {
      await page.waitForSelector('[data-testid="progress"]', { timeout: 120_000 }).catch(() => {});
      while (await page.evaluate(() => window.__startup.ready == null && !!document.querySelector('[data-testid="progress"]')).catch(() => false)) {
        await page.keyboard.press('Shift').catch(() => {});
        await page.waitForTimeout(100);
      }
    };
    const r = await open(browser, base + path, { timeout: 300_000, during });
    const from = r.firstData ?? 0;
    const tasks = r.long.filter((t) => t.start + t.duration >= from && t.start <= r.ready);
    all.push({
      load: r.ready - from,
      longest: Math.max(0, ...tasks.map((t) => t.duration)),
      over100: tasks.filter((t) => t.duration > 100).length,
      long: tasks.length,
      blocking: tasks.reduce((a, t) => a + Math.max(0, t.duration - 50), 0),
      progress: r.progress.length,
      keys: r.keys.length,
      inputDelay: r.keys.length ? Math.max(...r.keys) : null,
    });
  }
  const pick = (k) => summary(all.map((x) => x[k]));
  return { runs: all, load: pick('load'), longest: pick('longest'), over100: pick('over100'), long: pick('long'), blocking: pick('blocking'), progress: pick('progress'), inputDelay: pick('inputDelay'), keys: pick('keys') };
}
