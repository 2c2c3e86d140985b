// Moving between pages (src/ui/router.rs): links change the page in place, Back and Forward
// work, a new page starts at the top, and the links a browser user opens elsewhere (Ctrl-click,
// the skip link's fragment) are left to the browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, newPage, signIn } from './helpers.mjs';

const ctx = serverAndBrowser();

const nav = (page, name) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name });
const heading = (page, name) => page.getByRole('heading', { name, level: 1 });
/** A mark on the document: it survives a page change in place, not a page load. */
const mark = (page) => page.evaluate(() => { window.__sameDocument = true; });
const sameDocument = (page) => page.evaluate(() => window.__sameDocument === true);

test('links change the page in place, Back and Forward return, and a new page starts at the top', async () => {
  const page = await newPage(ctx.browser, { width: 1280, height: 500 });
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  await mark(page);
  assert.equal(new URL(page.url()).pathname, '/benefits/software');

  // Down the page, then to another: it starts at the top.
  await page.getByRole('rowheader').first().waitFor();
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  assert.ok(await page.evaluate(() => window.scrollY) > 0, 'the Benefits page is taller than the window');
  await nav(page, 'Packages').click();
  await heading(page, 'Packages').waitFor();
  assert.equal(new URL(page.url()).pathname, '/packages');
  assert.equal(await page.evaluate(() => window.scrollY), 0, 'a new page starts at the top');

  // A category tab is a link too: the address changes, the page stays (its heading is the
  // same element).
  await nav(page, 'Benefits').click();
  await heading(page, 'Benefits').waitFor();
  await heading(page, 'Benefits').evaluate((h) => { h.dataset.kept = 'yes'; });
  await page.getByRole('tab', { name: 'Cloud' }).click();
  await page.waitForURL(/\/benefits\/cloud$/);
  assert.equal(await page.getByRole('tab', { selected: true }).textContent(), 'Cloud');
  assert.equal(await heading(page, 'Benefits').getAttribute('data-kept'), 'yes', 'the page was kept');

  await page.goBack();
  await page.waitForURL(/\/benefits\/software$/);
  assert.equal(await page.getByRole('tab', { selected: true }).textContent(), 'Software');
  await page.goBack();
  await heading(page, 'Packages').waitFor();
  assert.equal(new URL(page.url()).pathname, '/packages');
  await page.goForward();
  await heading(page, 'Benefits').waitFor();
  assert.equal(new URL(page.url()).pathname, '/benefits/software');
  assert.ok(await sameDocument(page), 'every move was in place: the page was never loaded again');
  await page.context().close();
});

test('a Ctrl-click opens the page in a new tab and leaves this one; the skip link goes to the content', async () => {
  const page = await newPage(ctx.browser);
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  await mark(page);

  const [opened] = await Promise.all([
    page.context().waitForEvent('page'),
    nav(page, 'Packages').click({ modifiers: ['Control'] }),
  ]);
  await opened.waitForLoadState();
  assert.equal(new URL(opened.url()).pathname, '/packages', 'the new tab has the link');
  assert.equal(new URL(page.url()).pathname, '/benefits/software', 'this tab stays where it was');
  await heading(page, 'Benefits').waitFor();

  // The skip link names a fragment of this page: the browser moves there, nothing is rebuilt.
  await page.getByRole('link', { name: 'Skip to content' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/#main$/);
  await heading(page, 'Benefits').waitFor();
  assert.ok(await sameDocument(page), 'the page was not loaded again');
  await page.context().close();
});

test('an address that only sends on is replaced: Back does not return to it', async () => {
  const page = await newPage(ctx.browser);
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  await page.goto(`${ctx.server.url}/packages`);
  await heading(page, 'Packages').waitFor();
  await page.goto(`${ctx.server.url}/benefits`);
  await page.waitForURL(/\/benefits\/software$/);
  await heading(page, 'Benefits').waitFor();
  await page.goBack();
  await heading(page, 'Packages').waitFor();
  assert.equal(new URL(page.url()).pathname, '/packages');
  await page.context().close();
});

test('the addresses people type from the menu\'s words lead to their pages', async () => {
  const page = await newPage(ctx.browser);
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  for (const [typed, lands, title] of [
    ['/settings', '/settings/users', 'Account settings'],
    ['/users', '/settings/users', 'Account settings'],
    ['/requests', '/service-requests', 'Service requests'],
  ]) {
    await page.goto(`${ctx.server.url}${typed}`);
    await page.waitForURL((url) => new URL(url).pathname === lands);
    await heading(page, title).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Page not found' }).count(), 0, typed);
  }
  await page.context().close();
});

test('after moving to another page, the keyboard starts at its heading, not the top of the document', async () => {
  const page = await newPage(ctx.browser);
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  // By keyboard: to the menu's Packages link, Enter.
  await nav(page, 'Packages').focus();
  await page.keyboard.press('Enter');
  await heading(page, 'Packages').waitFor();
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Packages');
  // The next Tab goes into the page's content, not back through the header and menu.
  await page.keyboard.press('Tab');
  const inMain = await page.evaluate(() => Boolean(document.activeElement.closest('main')));
  assert.ok(inMain, 'Tab after the heading stays in the page');
  await page.context().close();
});
