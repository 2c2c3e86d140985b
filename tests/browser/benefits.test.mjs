// The Benefits page in headless Chromium, clicked through as a person does, finding elements by
// role and visible name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, newPage, signIn, screenshot } from './helpers.mjs';

const ctx = serverAndBrowser();

test('a wrong password gets one generic message and no hint', async () => {
  const page = await newPage(ctx.browser);
  await page.goto(`${ctx.server.url}/benefits/software`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Email').fill('ga@contoso.example');
  await page.getByLabel('Password').fill('wrong-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.equal((await alert.textContent()).trim(), 'The email or password is not correct.');
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('An email address needs an @').waitFor();
  assert.equal(await page.getByLabel('Email').getAttribute('aria-invalid'), 'true');
  await page.context().close();
});

test('a global admin reveals keys and finds the download for a language and OS', async () => {
  const page = await newPage(ctx.browser);
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  assert.match(page.url(), /\/benefits\/software$/);

  const softwareTab = page.getByRole('tab', { name: 'Software' });
  assert.equal(await softwareTab.getAttribute('aria-selected'), 'true');
  await page.getByRole('tab', { name: 'Cloud' }).click();
  await page.getByRole('rowheader', { name: 'Microsoft 365 E3' }).waitFor();
  assert.match(page.url(), /\/benefits\/cloud$/);
  await softwareTab.click();

  const toggle = page.getByRole('button', { name: 'Details for SQL Server 2025 Enterprise' });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  const details = page.locator(`#${await toggle.getAttribute('aria-controls')}`);

  await details.getByRole('button', { name: 'Get keys' }).click();
  // Its package can still be refunded: revealing keys forfeits that, so we are asked first.
  const warning = page.getByRole('dialog', { name: 'Reveal keys and give up the refund?' });
  await warning.getByText(/can still be cancelled for a refund \(18 days left\)/).waitFor();
  await warning.getByRole('button', { name: 'Reveal keys' }).click();
  const keys = details.getByRole('list', { name: 'Revealed product keys' });
  await keys.waitFor();
  const values = await keys.locator('code').allTextContents();
  assert.ok(values.length >= 2, `several keys: ${values}`);
  for (const v of values) assert.match(v, /^[A-Z0-9]{5}(-[A-Z0-9]{5}){4}$/);
  await details.getByText('Special instructions').waitFor();
  assert.ok(await details.getByRole('button', { name: /^Copy / }).count() >= 2);

  // The list carried no files: the pickers' choices come from list_downloads, asked once.
  const downloads = details.getByRole('region', { name: 'Downloads for SQL Server 2025 Enterprise' });
  await downloads.getByRole('heading', { name: 'Downloads' }).waitFor();
  await details.getByLabel('Language').selectOption({ label: '한국어 (Korean)' });
  await details.getByLabel('OS type').selectOption({ label: 'Linux' });
  const link = details.getByRole('link', { name: /sql_server_2025_enterprise_linux/i });
  await link.waitFor();
  assert.match(await link.getAttribute('href'), /\/ko-KR\//);
  await details.getByText(/SHA-256/).first().waitFor();
  // A demo file says it is one.
  await downloads.getByText('Demo file: nothing is served at this address, and its size and checksum are stand-ins.').waitFor();
  await screenshot(page, 'software-expanded-1280');

  // Keyboard: the row collapses with Enter on its button.
  await toggle.focus();
  await page.keyboard.press('Enter');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  await page.context().close();
});

test('a product\'s downloads are fetched when its row opens, retried after a failure, then kept', async () => {
  const page = await newPage(ctx.browser);
  const asked = [];
  page.on('request', (r) => { if (r.url().endsWith('/api/list_downloads')) asked.push(r.postData()); });
  await signIn(page, ctx.server.url, 'employee@contoso.example');
  await page.getByRole('rowheader', { name: 'Windows 11 Enterprise' }).waitFor();
  assert.equal(asked.length, 0, 'no files are asked for before a row opens');

  // The first answer fails: the section says why and offers Try again.
  await page.route('**/api/list_downloads', (route) => route.abort());
  const toggle = page.getByRole('button', { name: 'Details for Windows 11 Enterprise' });
  await toggle.click();
  const details = page.locator(`#${await toggle.getAttribute('aria-controls')}`);
  const section = details.getByRole('region', { name: 'Downloads for Windows 11 Enterprise' });
  await section.getByRole('alert').getByText('We could not reach the server').waitFor();
  assert.equal(await section.getByLabel('Language').count(), 0);

  await page.unroute('**/api/list_downloads');
  await section.getByRole('button', { name: 'Try again' }).click();
  const language = section.getByLabel('Language');
  await language.waitFor();
  await language.selectOption({ label: 'English (United States)' });
  await section.getByLabel('OS type').selectOption({ label: 'Windows on Arm (64-bit)' });
  await section.getByRole('link', { name: 'en-us_windows_11_enterprise_version_25h2_arm64_dvd.iso' }).waitFor();
  assert.equal(asked.length, 2, 'the failed attempt and the retry');

  // Closed and opened again: shown at once from the session's copy, not asked again.
  await toggle.click();
  await toggle.click();
  await section.getByLabel('OS type').waitFor();
  assert.equal(asked.length, 2);
  await page.context().close();
});

test('an employee sees Get keys unavailable with who to ask', async () => {
  const page = await newPage(ctx.browser, { width: 360, height: 740 });
  await signIn(page, ctx.server.url, 'employee@contoso.example');
  await page.getByRole('button', { name: 'Details for Windows Server 2025 Datacenter' }).click();
  const getKeys = page.getByRole('button', { name: 'Get keys' });
  assert.equal(await getKeys.getAttribute('aria-disabled'), 'true');
  const reason = page.getByText('Only a Global admin or an MPN partner admin can get product keys.');
  await reason.waitFor();
  assert.match(await reason.textContent(), /Grace Admin \(ga@contoso\.example\)/);
  // It stays focusable (so a screen reader finds it and its reason) but does nothing.
  await getKeys.focus();
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
  assert.equal(await page.getByRole('list', { name: 'Revealed product keys' }).count(), 0);
  await screenshot(page, 'software-employee-360');
  // No horizontal scrolling on a phone.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  await page.context().close();
});

test('a global admin activates a usage-based cloud subscription and gets the portal link', async () => {
  const page = await newPage(ctx.browser);
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  await page.getByRole('tab', { name: 'Cloud' }).click();
  await page.getByRole('button', { name: 'Details for Azure credits: USD 3,500 per year' }).click();
  await page.getByRole('button', { name: 'Assign to me and activate' }).click();
  // It cannot be handed back in one click: asked first.
  const ask = page.getByRole('dialog', { name: 'Activate this subscription for yourself?' });
  await ask.getByText(/cannot be handed back/).waitFor();
  await ask.getByRole('button', { name: 'Assign to me and activate' }).click();
  await page.getByRole('link', { name: /Manage in the Azure portal/ }).waitFor();
  const row = page.getByRole('row', { name: /Azure credits: USD 3,500 per year/ }).first();
  await row.getByRole('cell', { name: 'Active', exact: true }).waitFor();
  await screenshot(page, 'cloud-activated-1280');
  await page.context().close();
});

test('a signed-out visitor lands on sign-in and returns to the page they asked for', async () => {
  const page = await newPage(ctx.browser);
  await page.goto(`${ctx.server.url}/benefits/technical`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Email').fill('mpa@contoso.example');
  await page.getByLabel('Password').fill('demo-pass-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('rowheader', { name: 'Product support incidents' }).waitFor();
  assert.match(page.url(), /\/benefits\/technical$/);
  assert.equal(await page.getByRole('tab', { name: 'Technical benefits' }).getAttribute('aria-selected'), 'true');
  // Arrow keys move between tabs.
  await page.getByRole('tab', { name: 'Technical benefits' }).focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForURL(/\/benefits\/go-to-market$/);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.context().close();
});

test('on a phone, a page opened on a later category shows its tab in the strip, and the page never scrolls for it', async () => {
  const page = await newPage(ctx.browser, { width: 360, height: 740 });
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  await page.goto(`${ctx.server.url}/benefits/go-to-market`);
  const tab = page.getByRole('tab', { name: 'Go-to-market benefits' });
  await page.getByRole('tab', { name: 'Go-to-market benefits', selected: true }).waitFor();
  // The strip is wider than the screen here, so the tab could be out of view.
  const strip = page.getByRole('tablist');
  const [fits, pageScroll] = await strip.evaluate((el) => [el.scrollWidth <= el.clientWidth, window.scrollY]);
  assert.ok(!fits, 'at 360 px the tabs do not all fit: the test would prove nothing otherwise');
  const inView = async (t) => t.evaluate((el) => {
    const a = el.parentElement.getBoundingClientRect();
    const b = el.getBoundingClientRect();
    return b.left >= a.left - 0.5 && b.right <= a.right + 0.5;
  });
  await page.waitForFunction(() => document.querySelector('[role=tablist]').scrollLeft > 0);
  assert.ok(await inView(tab), 'the current tab is in view');
  assert.equal(pageScroll, 0);
  assert.equal(await page.evaluate(() => window.scrollX), 0, 'the page itself did not scroll sideways');
  await screenshot(page, 'go-to-market-tab-360', { fullPage: false });

  // Home goes back to the first tab, which comes back into view.
  await tab.focus();
  await page.keyboard.press('Home');
  const software = page.getByRole('tab', { name: 'Software', selected: true });
  await software.waitFor();
  await page.waitForFunction(() => document.querySelector('[role=tablist]').scrollLeft === 0);
  assert.ok(await inView(software));
  await page.context().close();
});
