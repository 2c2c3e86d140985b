// Every status true without a reload: what a first user hit (issue 9), as a person sees it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, signIn, screenshot } from './helpers.mjs';

let server;
let browser;

before(async () => {
  // Activations complete in a few seconds, so Pending turning Active can be watched.
  server = await startServer({ PB_ACTIVATION_DELAY_SECS: '3', PB_JOB_POLL_MS: '200' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The Status cell of a benefit's row. */
function statusOf(page, name) {
  return page.getByRole('row', { name: new RegExp(name) }).first().locator('.benefit__status');
}

test('Get keys turns the row Active at once, and a click anywhere on a row header opens it', async () => {
  const page = await newPage(browser);
  await signIn(page, server.url, 'ga@contoso.example');
  await page.getByRole('tab', { name: 'Cloud' }).click();
  const name = 'Dynamics 365 Sales Enterprise';
  await page.getByRole('rowheader', { name }).waitFor();
  assert.match(await statusOf(page, name).innerText(), /Not activated/);
  // The row's name, not the chevron: it opens all the same.
  await page.getByRole('rowheader', { name }).click();
  const toggle = page.getByRole('button', { name: `Details for ${name}` });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  const details = page.locator(`#${await toggle.getAttribute('aria-controls')}`);
  await details.getByRole('button', { name: 'Get keys' }).click();
  const warning = page.getByRole('dialog');
  if (await warning.isVisible().catch(() => false)) {
    await warning.getByRole('button', { name: 'Reveal keys' }).click();
  }
  await details.getByRole('list', { name: 'Revealed product keys' }).waitFor();
  await statusOf(page, name).getByText('Active').waitFor();
  // Used follows: every licence the key carries is handed out.
  await details.getByText('Remaining', { exact: true }).locator('..').getByText('0', { exact: true }).waitFor();
  await page.context().close();
});

test('a seat makes its subscription Active, and Pending turns Active while the page is open', async () => {
  const page = await newPage(browser);
  await signIn(page, server.url, 'ga@contoso.example');
  await page.getByRole('tab', { name: 'Visual Studio subscriptions' }).click();
  const vs = 'Visual Studio Enterprise subscription';
  await page.getByRole('button', { name: `Details for ${vs}` }).click();
  await page.getByRole('button', { name: 'Assign user' }).first().click();
  const dialog = page.getByRole('dialog', { name: /Assign a seat/ });
  await dialog.getByRole('combobox', { name: 'User' }).fill('Evan');
  await dialog.getByRole('option', { name: /Evan/ }).first().click();
  await dialog.getByRole('button', { name: 'Assign user' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await statusOf(page, vs).getByText('Active').waitFor();

  await page.getByRole('tab', { name: 'Technical benefits' }).click();
  const tech = 'Product support incidents';
  await page.getByRole('button', { name: `Details for ${tech}` }).click();
  await page.getByRole('button', { name: 'Assign user' }).first().click();
  const assign = page.getByRole('dialog', { name: /Assign: Product support incidents/ });
  await assign.getByRole('combobox', { name: 'User' }).fill('Evan');
  await assign.getByRole('option', { name: /Evan/ }).first().click();
  // The user's own account email gets the instructions anyway: refused as you type.
  await assign.getByLabel('Alternate email').fill('employee@contoso.example');
  await assign.getByText(/the user's own account email/).waitFor();
  await assign.getByLabel('Alternate email').fill('evan.support@outlook.example');
  await assign.getByRole('button', { name: 'Assign user' }).click();
  await assign.waitFor({ state: 'hidden' });
  await statusOf(page, tech).getByText('Pending').waitFor();
  // No reload: the page asks again while something is pending.
  await statusOf(page, tech).getByText('Active').waitFor({ timeout: 20_000 });
  // The row stayed open through the refresh.
  assert.equal(await page.getByRole('button', { name: `Details for ${tech}` }).getAttribute('aria-expanded'), 'true');
  await page.context().close();
});

test('Korean on a phone keeps words whole', async () => {
  const page = await newPage(browser, { width: 360, height: 740 }, { locale: 'ko-KR' });
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('이메일').fill('ga@contoso.example');
  await page.getByLabel('암호').fill('demo-pass-2026');
  await page.getByRole('button', { name: '로그인', exact: true }).click();
  await page.getByRole('heading', { name: '혜택', level: 1 }).waitFor();
  const breaks = await page.evaluate(() => getComputedStyle(document.querySelector('main')).wordBreak);
  assert.equal(breaks, 'keep-all');
  await screenshot(page, 'benefits-korean-360');
  await page.context().close();
});
