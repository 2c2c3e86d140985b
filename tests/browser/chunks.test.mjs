// Code loaded on demand (issue 11): the release client is cut into chunks, one per page, the
// Korean texts in one of their own. What a person's browser fetches, and what they see when a
// chunk cannot be fetched. Needs the release build (scripts/build-client.sh), as `make test`
// runs it: a debug build (`trunk serve`) is not split.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, newPage, signIn, expectNoAxeViolations } from './helpers.mjs';

const ctx = serverAndBrowser();

/** Records the files of one kind (`wasm`, `css`) a page fetches, by name without the content hash. */
function recordFetched(page, ext = 'wasm') {
  const fetched = [];
  const name = new RegExp(`^/(.+?)(?:-[0-9a-f]{8,16})?(?:_bg)?\\.${ext}$`);
  page.on('response', (r) => {
    const m = new URL(r.url()).pathname.match(name);
    if (m) fetched.push(m[1]);
  });
  return fetched;
}
const recordWasm = (page) => recordFetched(page, 'wasm');

const nav = (page, name) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name });

test('sign-in loads the first module only; each page comes with its own chunk, once', async () => {
  const page = await newPage(ctx.browser);
  const fetched = recordWasm(page);
  const styles = recordFetched(page, 'css');
  await page.goto(`${ctx.server.url}/sign-in`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.waitForLoadState('networkidle');
  assert.deepEqual(fetched, ['partner-benefits'], 'the sign-in page fetches the first module and nothing else');
  assert.deepEqual(styles, ['first'], 'and only the first stylesheet');

  await page.getByLabel('Email').fill('ga@contoso.example');
  await page.getByLabel('Password').fill('demo-pass-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
  // Signing in lands on the Overview: the app chunk, the Overview's and what it shares with
  // other pages come as one module (scripts/merge-chunks.mjs, "Entry modules").
  assert.ok(fetched.includes('entry_overview_page'), `signing in brought the app with the Overview: ${fetched}`);
  assert.ok(!fetched.some((f) => ['split_app_chunk', 'split_overview_page', 'chunk_common_benefits'].includes(f)),
    `and nothing it holds came again on its own: ${fetched}`);
  // The app's English texts are a chunk of their own (build.rs), fetched with the app: the
  // menu found by its names above and below is worded by them.
  assert.ok(fetched.includes('split_english_app_texts'), `the app's English texts came with it: ${fetched}`);
  assert.deepEqual(styles, ['first', 'app'], 'the app brought its stylesheet');
  assert.ok(!fetched.includes('split_packages_page'), 'Packages not fetched before it is wanted');
  await nav(page, 'Benefits').click();
  await page.getByRole('heading', { name: 'Benefits', level: 1 }).waitFor();
  assert.ok(fetched.includes('split_benefits_page'), `Benefits brought its chunk: ${fetched}`);
  assert.ok(!fetched.includes('entry_benefits_page'), `not the entry module of a cold Benefits load: ${fetched}`);
  assert.ok(!fetched.some((f) => f.startsWith('split_korean')), `an English reader never fetches the Korean texts: ${fetched}`);
  assert.deepEqual(styles, ['first', 'app'], 'the Overview and Benefits need no other stylesheet');

  await nav(page, 'Packages').click();
  await page.getByRole('heading', { name: 'Packages', level: 1 }).waitFor();
  assert.ok(fetched.includes('split_packages_page'), `Packages brought its chunk: ${fetched}`);
  assert.deepEqual(styles, ['first', 'app', 'more'], 'Packages brought the rest of the styles');

  // Back and forth: each chunk was fetched once.
  await nav(page, 'Benefits').click();
  await page.getByRole('heading', { name: 'Benefits', level: 1 }).waitFor();
  await nav(page, 'Packages').click();
  await page.getByRole('heading', { name: 'Packages', level: 1 }).waitFor();
  for (const chunk of new Set(fetched)) {
    assert.equal(fetched.filter((f) => f === chunk).length, 1, `${chunk} fetched once`);
  }
  await page.context().close();
});

test('the chunks come compressed against the first module, which the browser keeps as a dictionary, and they run', async () => {
  const page = await newPage(ctx.browser);
  const encodings = new Map(); // file name without its hash -> Content-Encoding as sent
  const caching = new Map(); // and its Cache-Control
  let dictionary;
  page.on('response', (r) => {
    const m = new URL(r.url()).pathname.match(/^\/(.+?)(?:-[0-9a-f]{8,16})?(_bg)?\.wasm$/);
    if (!m) return;
    const h = r.headers();
    encodings.set(m[1], h['content-encoding']);
    caching.set(m[1], h['cache-control']);
    if (m[2]) dictionary = h['use-as-dictionary'];
  });
  await page.goto(`${ctx.server.url}/sign-in`);
  await page.getByLabel('Email').fill('ga@contoso.example');
  await page.getByLabel('Password').fill('demo-pass-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
  await nav(page, 'Benefits').click();
  await page.getByRole('heading', { name: 'Benefits', level: 1 }).waitFor();
  // The Software tab's rows are drawn by the page's chunk and the common one.
  await page.getByRole('button', { name: 'Details for SQL Server 2025 Enterprise' }).waitFor();

  assert.equal(dictionary, 'match="/*.wasm"', 'the first module is offered as a dictionary for the chunks');
  assert.equal(encodings.get('partner-benefits'), 'br', 'the first module itself goes as brotli (nothing to compress it against)');
  for (const chunk of ['entry_overview_page', 'split_benefits_page']) {
    assert.equal(encodings.get(chunk), 'dcb', `${chunk} came compressed against the first module: ${[...encodings]}`);
    // Only this browser can read it: no shared cache may keep it for another.
    assert.match(caching.get(chunk), /^private,/, `${chunk}: ${caching.get(chunk)}`);
  }
  await expectNoAxeViolations(page);
  await page.context().close();
});

test('a page whose chunk cannot be fetched says so, keeps the app alive, and Try again loads it', async () => {
  const page = await newPage(ctx.browser);
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  // The network drops Packages' chunk (the menu's hover prefetch fails the same way).
  const drop = (route) => route.abort('internetdisconnected');
  await page.route(/\/split_packages_page-[0-9a-f]+\.wasm$/, drop);
  await nav(page, 'Packages').click();
  await page.getByRole('heading', { name: 'This page could not be loaded', level: 1 }).waitFor();
  const alert = page.getByRole('alert').filter({ hasText: 'Check your connection and try again' });
  await alert.waitFor();
  await expectNoAxeViolations(page, 'chunk failed');

  // The rest of the app still works.
  await nav(page, 'Benefits').click();
  await page.getByRole('heading', { name: 'Benefits', level: 1 }).waitFor();
  await nav(page, 'Packages').click();
  await alert.waitFor();

  // Back online: Try again fetches it for real (a failure is not remembered).
  await page.unroute(/\/split_packages_page-[0-9a-f]+\.wasm$/, drop);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await page.getByRole('heading', { name: 'Packages', level: 1 }).waitFor();
  assert.equal(await alert.count(), 0);
  await page.context().close();
});

test('a Korean reader gets the Korean texts before the first paint, never English first, and the app\'s in Korean only until English is chosen', async () => {
  const page = await newPage(ctx.browser, { width: 360, height: 740 }, { locale: 'ko-KR' });
  const fetched = recordWasm(page);
  const headings = [];
  await page.exposeFunction('__heading', (t) => headings.push(t));
  // Every text the first heading ever shows, from the moment it exists.
  await page.addInitScript(() => {
    new MutationObserver(() => {
      const h = document.querySelector('h1');
      if (h && h.textContent) window.__heading(h.textContent);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await page.goto(`${ctx.server.url}/sign-in`);
  await page.getByRole('heading', { name: '로그인' }).waitFor();
  // The server painted the card in Korean; the client's form comes after the texts.
  await page.locator('form').waitFor();
  // As one chunk: the few texts they share with other chunks are in the first module
  // (scripts/merge-chunks.mjs), not modules of a few bytes each; and the label below is one.
  assert.deepEqual(fetched, ['partner-benefits', 'split_korean_first_texts'], 'the Korean texts came as their chunk, alone');
  assert.ok(!headings.includes('Sign in'), `never English first: ${headings}`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'ko');
  // Only the sign-in page's part of them: the app's come with the app.
  assert.ok(!fetched.includes('split_korean_app_texts'), `not the app's texts yet: ${fetched}`);

  // Signed in, the app brings its texts in Korean only, never the English ones.
  // ('이메일' is one of the texts the Korean ones share with an expanded row's chunk.)
  await page.getByLabel('이메일').fill('ga@contoso.example');
  await page.getByLabel('암호').fill('demo-pass-2026');
  await page.getByRole('button', { name: '로그인' }).click();
  await page.getByRole('heading', { name: '개요', level: 1 }).waitFor();
  assert.ok(fetched.includes('split_korean_app_texts'), `the app's Korean texts came with it: ${fetched}`);
  assert.ok(!fetched.includes('split_english_app_texts'), `and not the English ones: ${fetched}`);

  // Switching to English fetches the English texts of the app then, and shows them.
  // On a phone the language is chosen in the menu.
  await page.getByRole('button', { name: '메뉴' }).click();
  await page.getByRole('navigation').getByLabel('언어').selectOption({ label: 'English' });
  await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
  assert.ok(fetched.includes('split_english_app_texts'), `English came when chosen: ${fetched}`);
  await page.context().close();
});

test('an expanded row brings its own chunk: the table paints without it, and a failed fetch says so in the row', async () => {
  const page = await newPage(ctx.browser);
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  // A fresh load with the pointer nowhere near the table: nothing reaches a row. (Signing in
  // left the pointer where the button was, over a row now: what that fetched is done first.)
  await page.mouse.move(0, 0);
  await page.waitForLoadState('networkidle');
  const fetched = recordWasm(page);
  const styles = recordFetched(page, 'css');
  await page.goto(`${ctx.server.url}/benefits/software`);
  const toggle = page.getByRole('button', { name: 'Details for SQL Server 2025 Enterprise' });
  await toggle.waitFor();
  await page.waitForLoadState('networkidle');
  // Opened cold, Benefits comes as one module: the app chunk, the page and what it shares.
  assert.deepEqual(fetched.filter((f) => f !== 'split_english_app_texts'), ['partner-benefits', 'entry_benefits_page'],
    `Benefits came as the first module and its entry module: ${fetched}`);
  assert.ok(!fetched.includes('split_benefit_details'), `the table painted without the details: ${fetched}`);
  assert.ok(!styles.includes('more'), `nor the styles of dialogs and other pages: ${styles}`);

  // The network drops the details' chunk: the row opens at once and says why it is empty.
  const drop = (route) => route.abort('internetdisconnected');
  await page.route(/\/split_benefit_details-[0-9a-f]+\.wasm$/, drop);
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  const details = page.locator(`#${await toggle.getAttribute('aria-controls')}`);
  const alert = details.getByRole('alert').filter({ hasText: 'Check your connection and try again' });
  await alert.waitFor();
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Benefits', 'the page stays, only the row failed');
  await expectNoAxeViolations(page, 'details chunk failed');

  // Back online: Try again fetches it, and the row shows what it offers.
  await page.unroute(/\/split_benefit_details-[0-9a-f]+\.wasm$/, drop);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await details.getByRole('button', { name: 'Get keys' }).waitFor();
  assert.ok(fetched.includes('split_benefit_details'), `the details came as their chunk: ${fetched}`);
  // With the styles of their dialogs, applied by the time the row shows them.
  assert.ok(styles.includes('more'), `the row brought the rest of the styles: ${styles}`);
  assert.ok(await page.evaluate(() => document.getElementById('more-styles')?.sheet != null), 'and they apply');
  await page.context().close();
});

test('a page opened cold that is not a landing page fetches the app chunk and its own; a dropped entry module says so and Try again loads it', async () => {
  const page = await newPage(ctx.browser);
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  await page.mouse.move(0, 0);
  await page.waitForLoadState('networkidle');
  let fetched = recordWasm(page);
  await page.goto(`${ctx.server.url}/packages`);
  await page.getByRole('heading', { name: 'Packages', level: 1 }).waitFor();
  await page.waitForLoadState('networkidle');
  assert.ok(fetched.includes('split_app_chunk') && fetched.includes('split_packages_page'), `the app chunk and the page's: ${fetched}`);
  assert.ok(!fetched.some((f) => f.startsWith('entry_')), `no entry module: ${fetched}`);

  // Benefits opened cold while the network drops its entry module: the frame says so, and
  // Try again fetches that module (not the three it holds).
  const drop = (route) => route.abort('internetdisconnected');
  await page.route(/\/entry_benefits_page-[0-9a-f]+\.wasm$/, drop);
  fetched = recordWasm(page);
  await page.goto(`${ctx.server.url}/benefits/software`);
  const alert = page.getByRole('alert').filter({ hasText: 'Check your connection and try again' });
  await alert.waitFor();
  await expectNoAxeViolations(page, 'entry module failed');
  await page.unroute(/\/entry_benefits_page-[0-9a-f]+\.wasm$/, drop);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await page.getByRole('button', { name: 'Details for SQL Server 2025 Enterprise' }).waitFor();
  assert.ok(!fetched.some((f) => ['split_app_chunk', 'split_benefits_page', 'chunk_common_benefits'].includes(f)),
    `what the entry module holds never came on its own: ${fetched}`);
  await page.context().close();
});

test('the chunk loader itself comes when first needed; if it cannot be fetched, signing in says so and Try again recovers', async () => {
  const page = await newPage(ctx.browser);
  const scripts = recordFetched(page, 'js');
  const drop = (route) => route.abort('internetdisconnected');
  await page.route(/\/split-loader-[0-9a-f]+\.js(\?.*)?$/, drop);
  await page.goto(`${ctx.server.url}/sign-in`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.waitForLoadState('networkidle');
  assert.ok(!scripts.includes('split-loader'), `the sign-in page does not fetch the loader: ${scripts}`);

  await page.getByLabel('Email').fill('ga@contoso.example');
  await page.getByLabel('Password').fill('demo-pass-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Check your connection and try again' });
  await alert.waitFor();

  await page.unroute(/\/split-loader-[0-9a-f]+\.js(\?.*)?$/, drop);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
  assert.ok(scripts.includes('split-loader'), `then it came: ${scripts}`);
  await page.context().close();
});

test('a signed-in page whose stylesheet cannot be fetched says so instead of keeping its frame, and Try again recovers', async () => {
  const page = await newPage(ctx.browser);
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  // The server's frame of the page links the app's stylesheet itself; the network drops it.
  const drop = (route) => route.abort('internetdisconnected');
  await page.route(/\/app-[0-9a-f]+\.css$/, drop);
  await page.goto(`${ctx.server.url}/packages`);
  await page.getByRole('heading', { name: 'This page could not be loaded', level: 1 }).waitFor();
  assert.equal(await page.locator('[data-first-paint]').count(), 0, 'the frame gave way to the error');
  const alert = page.getByRole('alert').filter({ hasText: 'Check your connection and try again' });
  await page.unroute(/\/app-[0-9a-f]+\.css$/, drop);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await page.getByRole('heading', { name: 'Your packages', level: 2 }).waitFor();
  await page.context().close();
});
