// Every status true without a reload: what a first user hit (issue 9), as a person sees it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, newPage, signIn, screenshot, expectNoAxeViolations } from './helpers.mjs';

// Activations complete in a few seconds, so Pending turning Active can be watched.
const ctx = serverAndBrowser({ PB_ACTIVATION_DELAY_SECS: '3', PB_JOB_POLL_MS: '200' });

/** The Status cell of a benefit's row. */
function statusOf(page, name) {
  return page.getByRole('row', { name: new RegExp(name) }).first().locator('.benefit__status');
}

test('Get keys turns the row Active at once, and a click anywhere on a row header opens it', async () => {
  const page = await newPage(ctx.browser);
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  await page.getByRole('tab', { name: 'Cloud' }).click();
  const name = 'Dynamics 365 Sales Enterprise';
  await page.getByRole('rowheader', { name }).waitFor();
  assert.match(await statusOf(page, name).innerText(), /Not activated/);
  // The row's name, not the chevron: it opens all the same.
  await page.getByRole('rowheader', { name }).click();
  const toggle = page.getByRole('button', { name: `Details for ${name}` });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  const details = page.locator(`#${await toggle.getAttribute('aria-controls')}`);
  // One key: the hint says so in the singular.
  await details.getByText('Shows the product key and the special instructions.', { exact: false }).waitFor();
  await details.getByRole('button', { name: 'Get keys' }).click();
  // While its package is refundable, a warning comes first; wait for whichever answers.
  const warning = page.getByRole('dialog', { name: 'Reveal keys and give up the refund?' });
  const list = details.getByRole('list', { name: 'Revealed product keys' });
  await Promise.race([warning.waitFor(), list.waitFor()]);
  if (await warning.isVisible()) {
    await warning.getByRole('button', { name: 'Reveal keys' }).click();
  }
  await list.waitFor();
  await statusOf(page, name).getByText('Active').waitFor();
  // Revealing records who and when; it claims no licence used: all 5 remain, none "used".
  await details.getByText('Remaining', { exact: true }).locator('..').getByText('5', { exact: true }).waitFor();
  assert.equal(await page.getByRole('row', { name: new RegExp(name) }).getByText(/used/).count(), 0);
  // The Overview agrees: it is no longer under "Keys never revealed".
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
  const keys = page.getByRole('region', { name: 'Keys never revealed' });
  await keys.waitFor();
  assert.equal(await keys.getByRole('link', { name }).count(), 0);
  assert.equal(await keys.getByRole('link', { name: 'Microsoft 365 E3' }).count(), 0, 'activated long ago with its keys');
  await page.context().close();
});

test('a seat makes its subscription Active, and Pending turns Active while the page is open', async () => {
  const page = await newPage(ctx.browser);
  await signIn(page, ctx.server.url, 'ga@contoso.example');
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
  const page = await newPage(ctx.browser, { width: 360, height: 740 }, { locale: 'ko-KR' });
  await page.goto(`${ctx.server.url}/sign-in`);
  await page.getByLabel('이메일').fill('ga@contoso.example');
  await page.getByLabel('암호').fill('demo-pass-2026');
  await page.getByRole('button', { name: '로그인', exact: true }).click();
  await page.getByRole('heading', { name: '개요', level: 1 }).waitFor();
  await page.goto(`${ctx.server.url}/benefits/software`);
  await page.getByRole('heading', { name: '혜택', level: 1 }).waitFor();
  const breaks = await page.evaluate(() => getComputedStyle(document.querySelector('main')).wordBreak);
  assert.equal(breaks, 'keep-all');
  // A date is one unit on a line ("2027년 11월" / "25일" was split): no-break spaces inside it.
  await page.getByRole('rowheader').first().waitFor();
  const dates = await page.locator('main').evaluate((m) => m.innerText.match(/\d{4}년\s\d{1,2}월\s\d{1,2}일/g) ?? []);
  assert.ok(dates.length > 0, 'dates are shown');
  for (const d of dates) assert.doesNotMatch(d, / /, `a breakable space in ${JSON.stringify(d)}`);
  // A counter with every count: "라이선스 25개 · 3개 사용됨", never "· 3 사용됨".
  assert.doesNotMatch(await page.locator('main').innerText(), /· \d+ 사용됨/);
  await screenshot(page, 'benefits-korean-360');
  await page.context().close();
});

test('on a phone the header is one compact bar, the company whole, the pickers in the menu', async () => {
  const page = await newPage(ctx.browser, { width: 360, height: 740 });
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  const header = await page.locator('.app-header').boundingBox();
  assert.ok(header.height <= 72, `header ${header.height}px high`);
  const company = page.locator('.app-header__company');
  assert.ok(await company.evaluate((el) => el.scrollWidth <= el.clientWidth + 1), 'company name not cut');
  await company.getByText('Gold').waitFor();
  assert.equal(await page.getByRole('combobox', { name: 'Language' }).count(), 0, 'no pickers in the bar');
  await page.getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('navigation').getByRole('combobox', { name: 'Language' }).waitFor();
  await screenshot(page, 'header-menu-360');
  await page.context().close();
});

test('at 400 % zoom (320 × 256) everything reads without scrolling sideways', async () => {
  const page = await newPage(ctx.browser, { width: 320, height: 256 });
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${overflow}px of sideways scrolling`);
  const h1 = await page.getByRole('heading', { level: 1 }).boundingBox();
  assert.ok(h1.x >= 0, `the heading starts at ${h1.x}px`);
  const header = await page.locator('.app-header').evaluate((el) => getComputedStyle(el).position);
  assert.equal(header, 'static', 'the header scrolls away instead of taking the height');
  await screenshot(page, 'zoom-400-320x256');
  await page.context().close();
});

test('in forced colours the expand chevron keeps a visible boundary and the text colour', async () => {
  const page = await newPage(ctx.browser, { width: 1280, height: 800 }, { forcedColors: 'active' });
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  const button = page.getByRole('button', { name: /^Details for / }).first();
  const style = await button.evaluate((el) => {
    const s = getComputedStyle(el);
    const path = getComputedStyle(el.querySelector('path'));
    return { border: s.borderTopStyle, width: s.borderTopWidth, stroke: path.stroke, color: s.color };
  });
  assert.equal(style.border, 'solid');
  assert.notEqual(style.width, '0px');
  assert.equal(style.stroke, style.color, 'the chevron is drawn in the button text colour');
  await screenshot(page, 'forced-colors-1280');
  await page.context().close();
});

test('the picker offers people on a tap, marks seat holders, and clears "required" once someone is picked', async () => {
  const page = await newPage(ctx.browser);
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  await page.getByRole('tab', { name: 'Visual Studio subscriptions' }).click();
  const vs = 'Visual Studio Professional subscription';
  await page.getByRole('button', { name: `Details for ${vs}` }).click();
  // Give someone a seat first.
  await page.getByRole('button', { name: 'Assign user' }).first().click();
  let dialog = page.getByRole('dialog', { name: /Assign a seat/ });
  await dialog.getByRole('combobox', { name: 'User' }).fill('Evan');
  await dialog.getByRole('option', { name: /Evan/ }).first().click();
  await dialog.getByRole('button', { name: 'Assign user' }).click();
  await dialog.waitFor({ state: 'hidden' });

  await page.getByRole('button', { name: 'Assign user' }).first().click();
  dialog = page.getByRole('dialog', { name: /Assign a seat/ });
  await dialog.getByRole('button', { name: 'Assign user' }).click();
  await dialog.getByText('This field is required.').waitFor();
  // A tap offers people before any typing; the holder is marked and cannot be chosen.
  await dialog.getByRole('combobox', { name: 'User' }).click();
  const evan = dialog.getByRole('option', { name: /Evan Employee/ });
  await evan.waitFor();
  assert.equal(await evan.getAttribute('aria-disabled'), 'true');
  await evan.getByText('already holds a seat').waitFor();
  await dialog.getByRole('option', { name: /Grace Admin/ }).click();
  assert.equal(await dialog.getByText('This field is required.').count(), 0, 'the error went with the pick');
  await page.keyboard.press('Escape');
  await page.context().close();
});

test('an incident is opened against the remaining ones, opens to its detail and history, and can be withdrawn', async () => {
  // Product support incidents became Active in an earlier test of this file. The browser is in
  // Seoul: times read in its zone, and say so.
  const page = await newPage(ctx.browser, { width: 360, height: 740 }, { timezoneId: 'Asia/Seoul' });
  await signIn(page, ctx.server.url, 'employee@contoso.example');
  await page.getByRole('tab', { name: 'Technical benefits' }).click();
  const tech = 'Product support incidents';
  await page.getByRole('button', { name: `Details for ${tech}` }).click();
  await page.getByRole('button', { name: 'Open an incident' }).click();
  const dialog = page.getByRole('dialog', { name: 'Open an incident' });
  await dialog.getByRole('button', { name: 'Open an incident' }).click();
  // Every problem at once, beside its field.
  assert.ok((await dialog.getByText('This field is required.').count()) >= 3);
  await dialog.getByLabel('Title').fill('Cluster fails over in a loop');
  await dialog.getByLabel('Product').fill('SQL Server 2025');
  await dialog.getByLabel('Description').fill('Since the last update the availability group fails over every few minutes.');
  await dialog.getByLabel('Contact phone').fill('+82 2 1234 5678');
  await dialog.getByRole('button', { name: 'Open an incident' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const toast = page.getByRole('status').getByText(/Incident opened: case (\d+)/);
  await toast.waitFor();
  const caseNumber = (await toast.innerText()).match(/case (\d+)/)[1];

  await page.goto(`${ctx.server.url}/service-requests`);
  await page.getByRole('link', { name: caseNumber }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(caseNumber) }).waitFor();
  await page.getByText('Since the last update').waitFor();
  const history = page.getByRole('region', { name: 'History' });
  assert.equal(await history.getByRole('listitem').count(), 1);
  await history.getByText(/\(UTC\+9\)/).first().waitFor();
  await expectNoAxeViolations(page, 'request detail at 360 px');
  await page.getByRole('button', { name: 'Withdraw' }).click();
  const confirm = page.getByRole('dialog', { name: 'Withdraw this request?' });
  // What withdrawing gives back, in this request's words: the incident, not "hours, an incident".
  await confirm.getByText(`Case ${caseNumber} closes as withdrawn, and the support incident it took is free again.`, { exact: false }).waitFor();
  await confirm.getByRole('button', { name: 'Withdraw' }).click();
  await history.getByRole('listitem').nth(1).getByText('Withdrawn').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Withdraw' }).count(), 0, 'nothing left to withdraw');
  await screenshot(page, 'request-withdrawn-360');
  await page.context().close();
});

test('a row says each thing once, a phone shows a screenful of people, Copied clears', async () => {
  const page = await newPage(ctx.browser, { width: 1280, height: 800 });
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  await page.getByRole('tab', { name: 'Visual Studio subscriptions' }).click();
  const vs = 'Visual Studio Professional subscription';
  const toggle = page.getByRole('button', { name: `Details for ${vs}` });
  await toggle.click();
  const details = page.locator(`#${await toggle.getAttribute('aria-controls')}`);
  await details.getByText(/seats used/).waitFor();
  for (const repeated of ['Package', 'Quantity', 'Expires', 'Used']) {
    assert.equal(await details.getByText(repeated, { exact: true }).count(), 0, `${repeated} is already in the row`);
  }
  // Copy: "Copied" is news for a moment and then goes.
  await page.getByRole('tab', { name: 'Cloud' }).click();
  const d365 = page.getByRole('button', { name: 'Details for Dynamics 365 Sales Enterprise' });
  await d365.click();
  const keys = page.locator(`#${await d365.getAttribute('aria-controls')}`);
  await keys.getByRole('button', { name: 'Get keys' }).click();
  await keys.getByRole('button', { name: /^Copy/ }).first().click();
  await keys.getByText('Copied').waitFor();
  await keys.getByText('Copied').waitFor({ state: 'detached', timeout: 5_000 });
  await page.context().close();

  const phone = await newPage(ctx.browser, { width: 360, height: 740 });
  await signIn(phone, ctx.server.url, 'ga@contoso.example');
  await phone.goto(`${ctx.server.url}/settings/users`);
  await phone.getByRole('heading', { name: 'Account settings', level: 1 }).waitFor();
  await phone.getByRole('rowheader').nth(10).waitFor();
  // Was about three to a screen: a card (with its gap) now takes at most a fifth of it.
  const pitch = await phone.evaluate(() => {
    const rows = [...document.querySelectorAll('.users-table tbody > tr')];
    return rows[1].getBoundingClientRect().top - rows[0].getBoundingClientRect().top;
  });
  await screenshot(phone, 'users-compact-360');
  assert.ok(pitch * 5 <= 740, `a person takes ${pitch}px of a 740px screen`);
  await phone.context().close();

  // The buy dialog's text keeps its distance from the divider above the buttons.
  const buyer = await newPage(ctx.browser, { width: 360, height: 740 });
  await signIn(buyer, ctx.server.url, 'ga@contoso.example');
  await buyer.goto(`${ctx.server.url}/packages`);
  await buyer.getByRole('button', { name: 'Buy Microsoft Action Pack' }).click();
  const buy = buyer.getByRole('dialog', { name: 'Buy Microsoft Action Pack' });
  const gap = await buy.evaluate((d) => {
    const text = d.querySelector('.dialog__form > p').getBoundingClientRect();
    const actions = d.querySelector('.dialog__actions').getBoundingClientRect();
    return actions.top - text.bottom;
  });
  assert.ok(gap >= 16, `${gap}px between the text and the divider`);
  await buyer.context().close();
});

test('support identifiers are shown to admins and to the person they belong to only', async () => {
  const name = 'Technical presales and deployment services';
  for (const [email, sees] of [['ga@contoso.example', true], ['employee@contoso.example', false]]) {
    const page = await newPage(ctx.browser);
    await signIn(page, ctx.server.url, email);
    await page.getByRole('tab', { name: 'Technical benefits' }).click();
    const toggle = page.getByRole('button', { name: `Details for ${name}` });
    await toggle.click();
    const details = page.locator(`#${await toggle.getAttribute('aria-controls')}`);
    await details.getByText(/Remaining/).first().waitFor();
    assert.equal((await details.getByText('Access ID', { exact: true }).count()) > 0, sees, email);
    await page.context().close();
  }
});

test('deactivating someone asks first, and their seat shows them deactivated', async () => {
  // Evan holds a Visual Studio Enterprise seat since an earlier test of this file.
  const page = await newPage(ctx.browser);
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  await page.goto(`${ctx.server.url}/settings/users`);
  await page.getByRole('searchbox', { name: 'Search by name or email' }).fill('Evan');
  await page.getByRole('button', { name: 'Deactivate Evan Employee' }).click();
  const ask = page.getByRole('dialog', { name: 'Deactivate Evan Employee?' });
  await ask.getByText(/signed out everywhere/).waitFor();
  await ask.getByRole('button', { name: 'Deactivate' }).click();
  await page.getByRole('status').getByText(/Evan Employee/).waitFor();
  await page.goto(`${ctx.server.url}/benefits/visual-studio`);
  const toggle = page.getByRole('button', { name: 'Details for Visual Studio Enterprise subscription' });
  await toggle.click();
  const holders = page.locator(`#${await toggle.getAttribute('aria-controls')}`).getByRole('list', { name: 'Assigned users' });
  await holders.getByText('deactivated').waitFor();
  await page.context().close();
});
