// The client as people get it: called by scripts/bench-client.sh with two running servers (the
// product's dist/ and the bare Leptos page's), prints figures only (no pass/fail).
//
//   node scripts/bench-client.mjs <product base URL> <bare base URL>
//
// 1. Bytes on the wire per page, in headless Chromium (playwright-core, Debian's Chromium),
//    cold cache: every response's CDP `Network.loadingFinished` encodedDataLength (response
//    headers + the body as sent, brotli here: Chromium sends `Accept-Encoding: gzip, deflate,
//    br, zstd`), summed by kind, until the network has been idle for 500 ms. Every .wasm and .js
//    the page loads counts, however many chunks the build splits the client into.
// 2. Lighthouse (tools/package.json's version), mobile preset (emulated Moto G Power, simulated
//    slow 4G and 4x CPU slowdown), performance only, 3 runs per page: the median of each figure.
// Environment: CHROMIUM (default /usr/bin/chromium), BENCH_LIGHTHOUSE_RUNS (default 3; 0 skips).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(ROOT, '.tools/package.json'));
const { chromium } = require('playwright-core');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const LH_CLI = path.join(ROOT, '.tools/node_modules/lighthouse/cli/index.js');
const LH_VERSION = require('lighthouse/package.json').version;
const RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3);
// The flags these machines need (no sandbox for root, no GPU, nothing phoning out).
const CHROME_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const EMAIL = 'ga@contoso.example'; // the demo Global admin (README, data/demo.json)
const PASSWORD = 'demo-pass-2026';

const [product, bare] = process.argv.slice(2);
if (!product || !bare) {
  console.error('usage: node scripts/bench-client.mjs <product base URL> <bare base URL>');
  process.exit(2);
}

// The pages measured; `heading` is what shows the page has rendered.
const PAGES = [
  { key: 'signin', label: 'sign-in (/sign-in)', base: product, route: '/sign-in', heading: 'Sign in', budgetKB: 120 },
  { key: 'benefits', label: 'Benefits (/benefits/software, signed in)', base: product, route: '/benefits/software', heading: 'Benefits', signedIn: true, budgetKB: 180 },
  { key: 'bare', label: 'bare Leptos + router (/)', base: bare, route: '/', heading: 'Counter' },
  // A Korean reader's browser (Accept-Language ko-KR) gets the same pages in Korean, whose
  // texts are chunks of their own: bytes only (Lighthouse measures the English pages).
  { key: 'signinKo', label: 'sign-in, Korean reader', base: product, route: '/sign-in', heading: '로그인', locale: 'ko-KR', budgetKB: 120, bytesOnly: true },
  { key: 'benefitsKo', label: 'Benefits, Korean reader', base: product, route: '/benefits/software', heading: '혜택', signedIn: true, locale: 'ko-KR', budgetKB: 180, bytesOnly: true },
];
const KINDS = ['document', 'script', 'wasm', 'css', 'api', 'other'];

const kb = (n) => (n / 1024).toFixed(1);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

/** The session cookie (name=value) of a fresh sign-in through the API. */
async function sessionCookie(base) {
  const res = await fetch(`${base}/api/sign_in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
  });
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => /pb_session=/.test(c));
  if (!res.ok || !cookie) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return cookie;
}

function kindOf(url, cdpType) {
  const p = new URL(url).pathname;
  if (p.endsWith('.wasm')) return 'wasm';
  if (p.startsWith('/api/')) return 'api';
  if (cdpType === 'Document') return 'document';
  if (cdpType === 'Script' || p.endsWith('.js')) return 'script';
  if (cdpType === 'Stylesheet' || p.endsWith('.css')) return 'css';
  return 'other';
}

/** Records every network response of a page through its own CDP session. */
async function recorder(context, page) {
  const cdp = await context.newCDPSession(page);
  const seen = new Map();
  const inflight = new Set();
  let last = Date.now();
  const done = (e) => { inflight.delete(e.requestId); last = Date.now(); };
  cdp.on('Network.requestWillBeSent', (e) => {
    if (!seen.has(e.requestId)) seen.set(e.requestId, { url: e.request.url, type: e.type });
    inflight.add(e.requestId); last = Date.now();
  });
  cdp.on('Network.loadingFailed', done);
  cdp.on('Network.responseReceived', (e) => {
    const r = seen.get(e.requestId) ?? { url: e.response.url };
    Object.assign(r, { type: e.type, status: e.response.status, encoding: e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'] });
    seen.set(e.requestId, r);
  });
  cdp.on('Network.loadingFinished', (e) => { const r = seen.get(e.requestId); if (r) r.bytes = e.encodedDataLength; done(e); });
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  return {
    /** Resolves once no request has been in flight for `ms` (lazy chunks and API calls have come). */
    async idle(ms = 500) {
      for (;;) {
        if (inflight.size === 0 && Date.now() - last >= ms) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    /** Sums what finished loading since `mark()` (or the start), by kind. */
    take() {
      const by = Object.fromEntries(KINDS.map((k) => [k, { bytes: 0, count: 0 }]));
      const files = [];
      for (const [id, r] of seen) {
        if (r.bytes === undefined || r.url.startsWith('data:')) continue;
        const k = kindOf(r.url, r.type);
        by[k].bytes += r.bytes; by[k].count += 1;
        files.push({ kind: k, path: new URL(r.url).pathname, bytes: r.bytes, encoding: r.encoding ?? '-' });
        seen.delete(id);
      }
      const total = Object.values(by).reduce((a, b) => a + b.bytes, 0);
      const count = Object.values(by).reduce((a, b) => a + b.count, 0);
      return { by, total, count, files };
    },
  };
}

async function settle(page, rec, heading) {
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor({ timeout: 30_000 });
  await rec.idle();
}

async function newContext(browser, locale = 'en-US') {
  return browser.newContext({ viewport: { width: 412, height: 823 }, locale, serviceWorkers: 'block' });
}

async function measureBytes(browser, pageDef) {
  const context = await newContext(browser, pageDef.locale);
  if (pageDef.signedIn) {
    const [name, value] = (await sessionCookie(pageDef.base)).split(/=(.*)/s);
    await context.addCookies([{ name, value, url: pageDef.base }]);
  }
  const page = await context.newPage();
  const rec = await recorder(context, page);
  await page.goto(pageDef.base + pageDef.route);
  await settle(page, rec, pageDef.heading);
  const result = rec.take();
  await context.close();
  return result;
}

/** Signing in on the sign-in page, then what the move to the landing page (the Overview)
 * inside the app adds. */
async function measureSignInToLanding(browser, base) {
  const context = await newContext(browser);
  const page = await context.newPage();
  const rec = await recorder(context, page);
  await page.goto(`${base}/sign-in`);
  await settle(page, rec, 'Sign in');
  rec.take();
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await settle(page, rec, 'Overview');
  const result = rec.take();
  await context.close();
  return result;
}

function runLighthouse(url, extraHeaders, method = 'simulate') {
  const dir = mkdtempSync(path.join(tmpdir(), 'pb-lighthouse-'));
  const out = path.join(dir, 'report.json');
  const args = [LH_CLI, url, '--only-categories=performance', '--output=json', `--output-path=${out}`, '--quiet',
    `--chrome-flags=${[...CHROME_FLAGS, `--user-data-dir=${path.join(dir, 'profile')}`].join(' ')}`];
  if (extraHeaders) args.push(`--extra-headers=${JSON.stringify(extraHeaders)}`);
  args.push(`--throttling-method=${method}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, CHROME_PATH: CHROMIUM }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c) => { err += c; });
    child.on('exit', (code) => {
      try {
        if (code !== 0) throw new Error(`lighthouse exited with ${code}: ${err.slice(-2000)}`);
        const lhr = JSON.parse(readFileSync(out, 'utf8'));
        if (lhr.runtimeError) throw new Error(`lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
        const a = lhr.audits;
        resolve({
          lcp: a['largest-contentful-paint'].numericValue,
          tbt: a['total-blocking-time'].numericValue,
          cls: a['cumulative-layout-shift'].numericValue,
          fcp: a['first-contentful-paint'].numericValue,
          score: Math.round(lhr.categories.performance.score * 100),
          benchmarkIndex: lhr.environment.benchmarkIndex,
          warnings: lhr.runWarnings ?? [],
        });
      } catch (e) { reject(e); } finally { rmSync(dir, { recursive: true, force: true }); }
    });
  });
}

// Lighthouse 12.2 with this Chromium now and then loses the trace (NO_NAVSTART,
// NO_FCP): such a run is run again, up to 3 tries, and counted.
let retried = [];
async function lighthouse(pageDef, method) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    for (let attempt = 1; ; attempt++) {
      const headers = pageDef.signedIn ? { Cookie: await sessionCookie(pageDef.base) } : undefined;
      try {
        runs.push(await runLighthouse(pageDef.base + pageDef.route, headers, method));
        break;
      } catch (e) {
        const why = String(e.message).match(/\(([A-Z_]+)\)|([A-Z_]{6,})/)?.slice(1).find(Boolean) ?? e.message.slice(0, 200);
        retried.push(`${pageDef.key}: ${why}`);
        if (attempt === 3) throw e;
      }
    }
  }
  const m = (k) => median(runs.map((r) => r[k]));
  return { runs, lcp: m('lcp'), tbt: m('tbt'), cls: m('cls'), fcp: m('fcp'), score: m('score'),
    warnings: [...new Set(runs.flatMap((r) => r.warnings))] };
}

// ---- measure ----
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROME_FLAGS });
const bytes = {};
for (const p of PAGES) bytes[p.key] = await measureBytes(browser, p);
const inApp = await measureSignInToLanding(browser, product);
await browser.close();

// ---- print: bytes ----
console.log(`load average at start ${loadavg().map((x) => x.toFixed(2)).join(' ')}; Chromium ${CHROMIUM}, headless, cold cache`);
console.log('bytes on the wire per page, KB (1 KB = 1024 B): CDP encodedDataLength = response headers + body as sent');
const head = ['page', ...KINDS, 'total', 'requests', 'budget'];
const row = (cells) => console.log(`  ${cells[0].padEnd(44)}${cells.slice(1).map((c) => ` ${String(c).padStart(9)}`).join('')}`);
row(head);
const line = (label, r, budget) => row([label, ...KINDS.map((k) => kb(r.by[k].bytes)), kb(r.total), r.count, budget ?? '']);
for (const p of PAGES) line(p.label, bytes[p.key], p.budgetKB ? `<= ${p.budgetKB}` : '');
line('sign-in -> Overview in the app (signing in)', inApp);
const enc = (r, kinds) => [...new Set(r.files.filter((f) => kinds.includes(f.kind)).map((f) => f.encoding))].join('/');
const chunks = (r) => `${r.by.wasm.count} wasm + ${r.by.script.count} js`;
console.log(`  files: sign-in ${chunks(bytes.signin)}, Benefits ${chunks(bytes.benefits)}, bare ${chunks(bytes.bare)}; `
  + `the in-app move loads ${chunks(inApp)} more; wasm/js sent as ${enc(bytes.signin, ['wasm', 'script'])} `
  + `(Benefits: ${enc(bytes.benefits, ['wasm', 'script'])}; dcb = brotli against the first module)`);
const ratio = (a, b) => (a / b).toFixed(1);
console.log(`  product / bare Leptos: sign-in ${ratio(bytes.signin.total, bytes.bare.total)}x `
  + `(wasm ${ratio(bytes.signin.by.wasm.bytes, bytes.bare.by.wasm.bytes)}x, js ${ratio(bytes.signin.by.script.bytes, bytes.bare.by.script.bytes)}x), `
  + `Benefits ${ratio(bytes.benefits.total, bytes.bare.total)}x`);
if (process.env.BENCH_CLIENT_FILES) {
  for (const p of [...PAGES, { key: 'inApp' }]) for (const f of (bytes[p.key] ?? inApp).files) console.log(`    ${p.key.padEnd(9)} ${f.kind.padEnd(9)} ${String(f.bytes).padStart(8)} ${f.encoding.padEnd(5)} ${f.path}`);
}

// ---- Lighthouse ----
if (RUNS > 0) {
  console.log();
  // Twice: as the preset runs it (simulate: the page loads at full speed and the slow phone is
  // computed from that trace), and with the same throttling applied while the page loads
  // (devtools). The simulation counts every file that finished before the largest paint as
  // needed for it; on this machine the client's module often finishes before the server's
  // sign-in card is painted, which no phone on slow 4G would see, so its sign-in LCP swings
  // between the card's paint and the module's arrival. The applied run observes it.
  const lh = {};
  for (const [method, title] of [
    ['simulate', 'mobile preset (simulated slow 4G, 4x CPU)'],
    ['devtools', 'mobile preset with the throttling applied while loading (devtools: 4G latency and bandwidth, 4x CPU), observed'],
  ]) {
    console.log(`Lighthouse ${LH_VERSION}, ${title}, performance only, median of ${RUNS} runs each`);
    row(['page', 'LCP', 'TBT', 'CLS', 'score', 'FCP', 'CPU index', `  the ${RUNS} scores`, 'the LCPs']);
    for (const p of PAGES.filter((p) => !p.bytesOnly)) {
      const r = await lighthouse(p, method);
      lh[`${p.key}-${method}`] = r;
      row([p.label, `${(r.lcp / 1000).toFixed(2)} s`, `${Math.round(r.tbt)} ms`, r.cls.toFixed(3), r.score,
        `${(r.fcp / 1000).toFixed(2)} s`, Math.round(median(r.runs.map((x) => x.benchmarkIndex))), r.runs.map((x) => x.score).join(','),
        r.runs.map((x) => (x.lcp / 1000).toFixed(2)).join(',')]);
    }
    row(['budget (product pages)', '<= 1.5 s', '<= 100 ms', '0', '>= 98']);
    console.log(`  product / bare Leptos LCP: sign-in ${ratio(lh[`signin-${method}`].lcp, lh[`bare-${method}`].lcp)}x, `
      + `Benefits ${ratio(lh[`benefits-${method}`].lcp, lh[`bare-${method}`].lcp)}x`);
  }
  console.log('  (CPU index: Lighthouse\'s benchmarkIndex of this machine during the runs, higher is faster; its 4x CPU'
    + ' slowdown comes on top, so a busy machine raises TBT and LCP)');
  if (retried.length) console.log(`  runs run again after a Lighthouse error: ${retried.join('; ')}`);
  const warnings = [...new Set(Object.values(lh).flatMap((r) => r.warnings))];
  for (const w of warnings) console.log(`  lighthouse warning: ${w}`);
}
