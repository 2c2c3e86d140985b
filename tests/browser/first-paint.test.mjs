// The page as the server sends it (src/server/first_paint.rs): a visitor without a session
// sees the sign-in card, in their language and theme, before the client has arrived; a
// signed-in person sees the frame of the page they opened (header, title, lede). The client
// then takes either over without anything moving.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, newPage, signIn, expectNoAxeViolations } from './helpers.mjs';

const ctx = serverAndBrowser();

/** Records, from the first byte, when each heading text first appears and every layout shift. */
async function watch(page) {
  await page.addInitScript(() => {
    window.__headings = [];
    window.__shifts = [];
    window.__lcp = [];
    new MutationObserver(() => {
      for (const h of document.querySelectorAll('h1')) {
        const text = h.textContent;
        if (text && !window.__headings.some((e) => e.text === text)) {
          window.__headings.push({ text, at: performance.now() });
        }
      }
      if (!window.__formAt && document.querySelector('form')) window.__formAt = performance.now();
    }).observe(document, { subtree: true, childList: true, characterData: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        window.__shifts.push(e.value);
        window.__shiftSources = (window.__shiftSources || []).concat((e.sources || []).map((s) => `${s.node?.nodeName}.${s.node?.className} ${JSON.stringify(s.previousRect)} -> ${JSON.stringify(s.currentRect)}`));
      }
    }).observe({ type: 'layout-shift', buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__lcp.push(e.startTime);
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  });
}

test('without the client, the sign-in card is already there in Korean and in the dark theme', async () => {
  const page = await newPage(ctx.browser, { width: 360, height: 740 }, { locale: 'ko-KR', javaScriptEnabled: false });
  await page.context().addCookies([{ name: 'pb_theme', value: 'dark', url: ctx.server.url }]);
  await page.goto(`${ctx.server.url}/benefits/software`);
  assert.equal(await page.getByRole('heading', { name: '로그인', level: 1 }).count(), 1);
  assert.equal(await page.getByText('회사에서 구매한 멤버십 혜택을 관리하고').count(), 1);
  assert.equal(await page.locator('html').getAttribute('lang'), 'ko');
  assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
  await page.context().close();
});

test('the client takes the card over: one card, nothing moves, no call, the largest paint is the server\'s', async () => {
  for (const viewport of [{ width: 360, height: 740 }, { width: 1280, height: 800 }]) {
    const page = await newPage(ctx.browser, viewport);
    await watch(page);
    // A phone's network: the client's module arrives a second after the page.
    await page.route(/_bg\.wasm$/, async (route) => {
      await new Promise((r) => setTimeout(r, 1000));
      await route.continue();
    });
    const calls = [];
    page.on('request', (r) => { if (new URL(r.url()).pathname.startsWith('/api/')) calls.push(r.url()); });
    await page.goto(`${ctx.server.url}/sign-in`);
    await page.getByLabel('Email').waitFor();
    await page.waitForLoadState('networkidle');
    assert.equal(await page.locator('main').count(), 1, 'one page, not the server\'s card beside the client\'s');
    assert.equal(await page.locator('[data-first-paint]').count(), 0);
    assert.deepEqual(calls, [], 'no cookie, so no session to ask the server about');
    const { headings, shifts, lcp, formAt } = await page.evaluate(() => ({
      headings: window.__headings, shifts: window.__shifts, lcp: window.__lcp, formAt: window.__formAt,
    }));
    assert.deepEqual(headings.map((h) => h.text), ['Sign in'], 'the heading was there from the first paint, and only it');
    assert.ok(headings[0].at < formAt, 'the heading came with the page, before the client drew the form');
    assert.equal(shifts.reduce((a, b) => a + b, 0), 0, `no layout shift at ${viewport.width} px: ${shifts}`);
    assert.ok(lcp.length > 0 && Math.max(...lcp) < formAt,
      `the largest paint (${lcp}) happened before the client drew the form (${formAt})`);
    await expectNoAxeViolations(page, `sign-in at ${viewport.width} px`);
    await page.context().close();
  }
});

test('a signed-in person opening a page never sees the sign-in card', async () => {
  const page = await newPage(ctx.browser);
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  await watch(page);
  await page.goto(`${ctx.server.url}/packages`);
  await page.getByRole('heading', { name: 'Packages', level: 1 }).waitFor();
  const headings = await page.evaluate(() => window.__headings.map((h) => h.text));
  assert.ok(!headings.includes('Sign in'), `no sign-in card on the way: ${headings}`);
  await page.context().close();
});

test('without the client, a signed-in person already sees the frame of their page in Korean and dark', async () => {
  const page = await newPage(ctx.browser);
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  // The session, not the language the English sign-in remembered.
  const cookies = (await page.context().cookies()).filter((c) => c.name !== 'pb_lang');
  await page.context().close();
  const off = await newPage(ctx.browser, { width: 360, height: 740 }, { locale: 'ko-KR', javaScriptEnabled: false });
  await off.context().addCookies([...cookies, { name: 'pb_theme', value: 'dark', url: ctx.server.url }]);
  await off.goto(`${ctx.server.url}/benefits/software`);
  assert.equal(await off.getByRole('heading', { name: '혜택', level: 1 }).count(), 1);
  assert.equal(await off.locator('.page-lede').count(), 1);
  assert.equal(await off.getByRole('button', { name: '메뉴' }).isDisabled(), true, 'the frame\'s menu button is inert');
  assert.equal(await off.getByRole('heading', { name: '로그인' }).count(), 0);
  assert.equal(await off.locator('html').getAttribute('data-theme'), 'dark');
  await off.context().close();
});

test('the client takes a signed-in page\'s frame over: the heading stays put, nothing shifts, the largest paint is the server\'s', async () => {
  for (const viewport of [{ width: 360, height: 740 }, { width: 1280, height: 800 }]) {
    const page = await newPage(ctx.browser, viewport);
    await signIn(page, ctx.server.url, 'ga@contoso.example');
    await watch(page);
    // Where the frame puts the heading and the lede, with the client held back for good.
    const held = (route) => new Promise(() => {}).then(() => route.continue());
    await page.route(/_bg\.wasm$/, held);
    await page.goto(`${ctx.server.url}/packages`, { waitUntil: 'domcontentloaded' });
    await page.getByRole('heading', { name: 'Packages', level: 1 }).waitFor();
    await expectNoAxeViolations(page, `the frame of Packages at ${viewport.width} px`);
    const box = (sel) => page.locator(sel).first().boundingBox();
    const frame = { h1: await box('h1'), lede: await box('.page-lede') };
    await page.unroute(/_bg\.wasm$/, held);

    // A phone's network: the client's module arrives a second after the page.
    await page.route(/_bg\.wasm$/, async (route) => {
      await new Promise((r) => setTimeout(r, 1000));
      await route.continue();
    });
    await page.goto(`${ctx.server.url}/packages`);
    await page.getByRole('heading', { name: 'Your packages', level: 2 }).waitFor();
    await page.waitForLoadState('networkidle');
    assert.equal(await page.locator('[data-first-paint]').count(), 0, 'the frame is gone');
    assert.equal(await page.locator('main').count(), 1, 'one page, not the frame beside the client\'s');
    assert.deepEqual(await box('h1'), frame.h1, `the heading did not move at ${viewport.width} px`);
    assert.deepEqual(await box('.page-lede'), frame.lede, `the lede did not move at ${viewport.width} px`);
    const { headings, shifts, lcp } = await page.evaluate(() => ({
      headings: window.__headings, shifts: window.__shifts, lcp: window.__lcp,
    }));
    assert.deepEqual(headings.map((h) => h.text), ['Packages'], 'the heading was there from the first paint, and only it');
    assert.equal(shifts.reduce((a, b) => a + b, 0), 0, `no layout shift at ${viewport.width} px: ${shifts} ${await page.evaluate(() => window.__shiftSources)}`);
    assert.equal(lcp.length, 1, `one largest paint, the frame's: ${lcp}`);
    assert.ok(lcp[0] < 1000, `it came before the client could (${lcp[0]} ms)`);
    await expectNoAxeViolations(page, `Packages at ${viewport.width} px`);
    await page.context().close();
  }
});
