// The person view in headless Chromium: from a seat holder's name to everything they hold,
// and the seat handed to someone else right there; an employee reaches only their own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, newPage, signIn, screenshot, expectNoAxeViolations } from './helpers.mjs';

const ctx = serverAndBrowser();
const VS_PRO = 'Visual Studio Professional subscription';

test('from a seat holder\'s name to everything they hold, and the seat reassigned there', async () => {
  const page = await newPage(ctx.browser);
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  // Evan gets a seat, as on the Benefits page.
  await page.getByRole('tab', { name: 'Visual Studio subscriptions' }).click();
  const toggle = page.getByRole('button', { name: `Details for ${VS_PRO}` });
  await toggle.click();
  const details = page.locator(`#${await toggle.getAttribute('aria-controls')}`);
  await details.getByRole('button', { name: 'Assign user' }).click();
  const assign = page.getByRole('dialog', { name: /Assign a seat/ });
  await assign.getByRole('combobox', { name: 'User' }).fill('Evan');
  await assign.getByRole('option', { name: /Evan/ }).first().click();
  await assign.getByRole('button', { name: 'Assign user' }).click();
  await assign.waitFor({ state: 'hidden' });

  // His name is a link to everything he holds.
  await details.getByRole('list', { name: 'Assigned users' }).getByRole('link', { name: 'Evan Employee' }).click();
  await page.getByRole('heading', { name: 'Evan Employee', level: 1 }).waitFor();
  assert.match(page.url(), /\/settings\/users\/\d+$/);
  const holdings = page.getByRole('region', { name: 'What they hold' });
  await holdings.getByRole('link', { name: VS_PRO }).waitFor();
  await expectNoAxeViolations(page, 'person view');
  await screenshot(page, 'person-1280');

  // Handed to Minho in one step.
  await holdings.getByRole('button', { name: `Reassign Evan Employee's seat of ${VS_PRO}` }).click();
  const dialog = page.getByRole('dialog', { name: `Reassign a seat of ${VS_PRO}` });
  await dialog.getByText(/never free in between/).waitFor();
  // Choosing nobody is said beside the picker.
  await dialog.getByRole('button', { name: 'Reassign' }).click();
  const picker = dialog.getByRole('combobox', { name: 'New holder' });
  await page.waitForFunction(() => document.querySelector('[id^="reassign-user-"][aria-invalid="true"]'));
  assert.ok(await picker.getAttribute('aria-describedby'), 'the problem is tied to the picker');
  await expectNoAxeViolations(page, 'reassign dialog with an error');
  await picker.fill('Minho');
  await dialog.getByRole('option', { name: /Minho Park/ }).first().click();
  await dialog.getByRole('button', { name: 'Reassign' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('status').getByText(`Minho Park now holds the seat of ${VS_PRO}.`).waitFor();
  await holdings.getByText('Holds no benefits.').waitFor();

  // Minho's own view, reached from Users, lists it.
  await page.goto(`${ctx.server.url}/settings/users?q=minho`);
  await page.getByRole('table').getByRole('link', { name: 'Minho Park' }).click();
  await page.getByRole('heading', { name: 'Minho Park', level: 1 }).waitFor();
  await page.getByRole('region', { name: 'What they hold' }).getByRole('link', { name: VS_PRO }).waitFor();
  await page.context().close();
});

/** A Global admin gives Evan a seat of VS_PRO over the API (the page's own session). */
async function seatForEvan(who = 'evan') {
  const admin = await newPage(ctx.browser);
  await signIn(admin, ctx.server.url, 'ga@contoso.example');
  const answer = await admin.evaluate(async ({ benefit, who }) => {
    const call = async (fn, args) => {
      const res = await fetch(`/api/${fn}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(args) });
      return { status: res.status, body: await res.json() };
    };
    const rows = (await call('list_benefits', { category: 'VisualStudio' })).body;
    const person = (await call('search_users', { view: { search: who }, offset: 0 })).body.users[0];
    return call('assign_seat', { benefit_id: rows.find((r) => r.name === benefit).id, user_id: person.id });
  }, { benefit: VS_PRO, who });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  await admin.context().close();
}

test('an employee on a phone is told the directory is for admins, and reaches their own view only, without seat actions', async () => {
  await seatForEvan();
  const page = await newPage(ctx.browser, { width: 360, height: 740 });
  await signIn(page, ctx.server.url, 'employee@contoso.example');
  await page.goto(`${ctx.server.url}/settings/users`);
  // At the top: who may search the company's people (with the admins' names); no list.
  await page.getByText(/Only a Global admin or an MPN partner admin can search the company's directory/).waitFor();
  assert.equal(await page.getByRole('table').count(), 0, 'no directory');
  assert.equal(await page.getByRole('searchbox').count(), 0, 'no search');
  await expectNoAxeViolations(page, 'users page 360 employee');
  await screenshot(page, 'users-employee-360');
  await page.getByRole('link', { name: 'What you hold' }).click();
  await page.getByRole('heading', { name: 'Evan Employee', level: 1 }).waitFor();
  // He holds a seat, and may not hand it on or give it back himself.
  await page.getByRole('region', { name: 'What they hold' }).getByRole('link', { name: VS_PRO }).waitFor();
  assert.equal(await page.getByRole('button', { name: /Reassign|Remove/ }).count(), 0);
  await expectNoAxeViolations(page, 'person view 360 employee');
  await screenshot(page, 'person-employee-360');

  // On Benefits, a colleague holding a seat is a name and a work email: no sign-in date and
  // no account status, which are for admins and the person (his own row shows his).
  await seatForEvan('minjun');
  await page.goto(`${ctx.server.url}/benefits/visual-studio`);
  const toggle = page.getByRole('button', { name: `Details for ${VS_PRO}` });
  await toggle.click();
  const details = page.locator(`#${await toggle.getAttribute('aria-controls')}`);
  const holders = details.getByRole('list', { name: 'Assigned users' });
  const colleague = holders.getByRole('listitem').filter({ hasText: 'Kim Min-jun' });
  await colleague.getByText('minjun.kim@contoso.example').waitFor();
  assert.equal(await colleague.getByText(/signed in/i).count(), 0, 'no colleague\'s sign-in date');
  await holders.getByRole('listitem').filter({ hasText: 'Evan Employee' }).getByText(/Last signed in/).waitFor();
  await expectNoAxeViolations(page, 'seats 360 employee');
  await screenshot(page, 'seats-employee-360');
  await page.context().close();
});
