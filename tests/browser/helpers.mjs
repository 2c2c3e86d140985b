// Shared by the browser tests: start the real server binary on a fresh SQLite file, launch
// Debian's headless Chromium through playwright-core, sign in as a person would.
import { spawn } from 'node:child_process';
import { before, after } from 'node:test';
import { createRequire } from 'node:module';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(ROOT, '.tools/package.json'));
const { chromium } = require('playwright-core');

export const DEMO_PASSWORD = 'demo-pass-2026';
export const RESULTS = path.join(ROOT, 'test-results');

/** Starts the server on a free port with a new database; resolves once it listens. `env` adds
 * settings; `dir` is the server's folder (database, data key, a mail drop if configured). */
export async function startServer(env = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'pb-browser-'));
  const bin = process.env.PB_SERVER_BIN ?? path.join(ROOT, 'target/debug/partner-benefits');
  const child = spawn(bin, [], {
    env: {
      ...process.env,
      PB_ADDR: '127.0.0.1:0',
      PB_DATABASE: path.join(dir, 'browser.db'),
      PB_DIST: process.env.PB_DIST ?? path.join(ROOT, 'dist'),
      PB_LOG: 'warn',
      // The binary starts empty by default; these tests work on the demo companies.
      PB_DEMO_DATA: '1',
      ...(typeof env === 'function' ? env(dir) : env),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 60_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return {
    url,
    dir,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * For a test file: starts the server (`env` as for `startServer`) and the browser before its
 * tests and stops both after them. Returns the object they appear on, as `.server` and
 * `.browser`, once started.
 */
export function serverAndBrowser(env = {}) {
  const ctx = {};
  before(async () => {
    ctx.server = await startServer(env);
    ctx.browser = await launchBrowser();
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.server?.stop();
  });
  return ctx;
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
    ],
  });
}

const AXE = path.join(ROOT, '.tools/node_modules/axe-core/axe.min.js');

/**
 * A new page (its own cookies) at a viewport size, e.g. {width: 360, height: 740}.
 *
 * The server's Content-Security-Policy stays on (no `bypassCSP`): every page records what the
 * policy refused, and `expectNoCspViolations` (also run by every axe check) fails on any. axe
 * itself arrives as an init script, which the browser runs outside the page's policy, as a
 * person's extension would.
 */
export async function newPage(browser, viewport = { width: 1280, height: 800 }, options = {}) {
  const context = await browser.newContext({ viewport, locale: 'en-US', ...options });
  await context.addInitScript({ path: AXE });
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  const page = await context.newPage();
  page.cspViolations = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) page.cspViolations.push(msg.text());
  });
  page.setDefaultTimeout(10_000);
  return page;
}

/** Fails with what the policy refused on this page, if anything. */
export async function expectNoCspViolations(page, label) {
  const inPage = await page.evaluate(() => window.__cspViolations ?? []).catch(() => []);
  const all = [...page.cspViolations, ...inPage];
  if (all.length) throw new Error(`${label}: ${all.length} CSP violation(s)\n- ${all.join('\n- ')}`);
}

/** Signs in through the form, as a person would. */
export async function signIn(page, baseUrl, email) {
  await page.goto(`${baseUrl}/`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Signing in lands on the Overview; the tests start from Benefits, opened from the menu
  // (a drawer behind the Menu button on a phone).
  await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
  const menu = page.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Benefits' }).click();
  await page.getByRole('heading', { name: 'Benefits', level: 1 }).waitFor();
}

export async function screenshot(page, name, { fullPage = true } = {}) {
  mkdirSync(RESULTS, { recursive: true });
  // A modal is shot as the screen shows it: a full-page shot resizes the window, which
  // replays the dialog's opening animation in the picture.
  await page.screenshot({ path: path.join(RESULTS, `${name}.png`), fullPage });
}

/** Runs axe-core in the page and fails with a readable list if anything is violated. */
export async function expectNoAxeViolations(page, label) {
  // Let entrance animations finish: a half-faded dialog is not what people read.
  // (Endless ones, like a loading spinner, never finish: skip them.)
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => {})),
    ),
  );
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    await page.addScriptTag({ path: AXE });
  }
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')} :: ${n.failureSummary.split('\n').slice(0, 3).join(' ')}`),
    }));
  });
  await expectNoCspViolations(page, label);
  if (result.length) {
    const text = result.map((v) => `- ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n');
    throw new Error(`${label}: ${result.length} axe violation(s)\n${text}`);
  }
}

/** Presses Tab until the focused element satisfies `matches` (a function run in the page). */
export async function tabTo(page, description, matches, limit = 60) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(matches)) return;
  }
  throw new Error(`Tab never reached ${description}`);
}

/** Opens a benefit row's details on its category tab; returns the details region. */
export async function expand(page, tab, name) {
  await page.getByRole('tab', { name: tab }).click();
  const toggle = page.getByRole('button', { name: `Details for ${name}` });
  await toggle.click();
  return page.locator(`#${await toggle.getAttribute('aria-controls')}`);
}
