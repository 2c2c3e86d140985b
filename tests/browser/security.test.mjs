// The hardening a person can see: the app runs whole under its Content-Security-Policy, an
// invitation arrives only by mail, one person at two companies chooses at sign-in, and a
// person changes their password or signs out everywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  serverAndBrowser, newPage, signIn, screenshot, expectNoAxeViolations, expectNoCspViolations, DEMO_PASSWORD,
} from './helpers.mjs';

// Emails go to a mail drop folder (one .eml file each), as `make run` does.
const ctx = serverAndBrowser((dir) => ({ PB_SMTP_URL: `file://${path.join(dir, 'mail')}` }));

/** The sign-up link in the newest email delivered to `to`, waiting for the outbox. */
async function invitationLink(to) {
  const folder = path.join(ctx.server.dir, 'mail');
  for (let i = 0; i < 100; i++) {
    let files = [];
    try { files = readdirSync(folder).filter((f) => f.endsWith('.eml')); } catch { /* not yet */ }
    for (const f of files) {
      const raw = readFileSync(path.join(folder, f), 'utf8');
      if (!raw.includes(`To: ${to}`) && !raw.includes(`<${to}>`)) continue;
      const [, body] = raw.split(/\r?\n\r?\n/);
      const text = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
      const m = text.match(/https?:\/\/\S+\/welcome\?token=[0-9a-f]{64}/);
      if (m) return m[0];
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no invitation for ${to} in ${folder}`);
}

test('the whole app runs under its Content-Security-Policy with zero violations', async () => {
  const page = await newPage(ctx.browser);
  const response = await page.goto(`${ctx.server.url}/`);
  const csp = response.headers()['content-security-policy'];
  assert.ok(csp.includes("frame-ancestors 'none'") && !csp.includes('unsafe-inline'), csp);
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  await page.getByRole('tab', { name: 'Software' }).click();
  const toggle = page.getByRole('button', { name: /^Details for / }).first();
  await toggle.click();
  await page.getByRole('button', { name: 'Get keys' }).first().click();
  const confirm = page.getByRole('dialog');
  if (await confirm.isVisible().catch(() => false)) {
    await confirm.getByRole('button', { name: /Get keys/ }).last().click();
  }
  await page.getByRole('button', { name: /^Copy/ }).first().waitFor();
  for (const tab of ['Cloud', 'Visual Studio subscriptions', 'Technical benefits', 'Go-to-market benefits']) {
    await page.getByRole('tab', { name: tab }).click();
    await page.getByRole('tabpanel').waitFor();
  }
  for (const link of ['Overview', 'Packages', 'Service requests', 'Account settings', 'Notifications', 'Your account']) {
    await page.getByRole('link', { name: link }).first().click();
    await page.waitForLoadState('networkidle');
  }
  await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: '한국어' });
  await page.getByRole('heading', { name: '내 계정', level: 1 }).waitFor();
  await page.goto(`${ctx.server.url}/gallery`);
  await page.waitForLoadState('networkidle');
  await expectNoCspViolations(page, 'every page, dialog, language and the gallery');
  // The detector itself works: an inline script the policy does not list is refused and seen.
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__ran = true';
    document.head.appendChild(s);
  });
  assert.equal(await page.evaluate(() => window.__ran ?? false), false, 'the policy blocked it');
  await assert.rejects(expectNoCspViolations(page, 'control'), /CSP violation/);
  await page.context().close();
});

test('an invited person gets the link by mail only, and one person at two companies chooses at sign-in', async () => {
  // Fabrikam's admin adds Contoso's employee, a consultant working for both.
  const admin = await newPage(ctx.browser);
  await signIn(admin, ctx.server.url, 'ga@fabrikam.example');
  await admin.getByRole('link', { name: 'Account settings' }).first().click();
  await admin.getByRole('button', { name: 'Add user' }).click();
  const dialog = admin.getByRole('dialog', { name: 'Add user' });
  await dialog.getByLabel('Name').fill('Evan Employee');
  await dialog.getByLabel('Email').fill('employee@contoso.example');
  await dialog.getByRole('button', { name: 'Add user' }).click();
  // Outside Fabrikam's domain: asked first, nothing added yet.
  await dialog.getByText("This address is not at fabrikam.example, your company's domain.", { exact: false }).waitFor();
  await expectNoAxeViolations(admin, 'add user outside the domain');
  await dialog.getByLabel('Yes, add this person from outside fabrikam.example').check();
  await dialog.getByRole('button', { name: 'Add user' }).click();
  await dialog.waitFor({ state: 'hidden' });
  // The new person lands where the list's order (by name) puts them, not on top.
  const names = await admin.locator('table.users-table tbody th[scope="row"]').allInnerTexts();
  assert.deepEqual(names, [...names].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)), names.join(' | '));
  assert.ok(names.includes('Evan Employee'), names.join(' | '));
  // Notifications shows the invitation was sent, never its link.
  await admin.getByRole('link', { name: 'Notifications' }).first().click();
  const item = admin.getByRole('listitem').filter({ hasText: 'employee@contoso.example' }).first();
  await item.getByText(/Partner Benefits/).first().click();
  await item.getByText('The sign-up link was sent only to the recipient', { exact: false }).waitFor();
  assert.ok(!(await admin.content()).includes('token='), 'no link on the page');
  await admin.context().close();

  // The person opens the link from the email and sets the same password they use at Contoso.
  const link = await invitationLink('employee@contoso.example');
  const person = await newPage(ctx.browser, { width: 360, height: 740 });
  await person.goto(link.replace(/^https?:\/\/[^/]+/, ctx.server.url));
  await person.getByLabel('New password').fill(DEMO_PASSWORD);
  await person.getByLabel('Type the password again').fill(DEMO_PASSWORD);
  await person.getByRole('button', { name: 'Set password and sign in' }).click();
  await person.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
  await person.context().close();

  // Signing in now asks which company.
  const page = await newPage(ctx.browser, { width: 360, height: 740 });
  await page.goto(`${ctx.server.url}/sign-in`);
  await page.getByLabel('Email').fill('employee@contoso.example');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: /account at several companies/ }).waitFor();
  await expectNoAxeViolations(page, 'company choice at 360 px');
  await screenshot(page, 'sign-in-choose-company-360');
  await page.getByRole('button', { name: /Sign in to Fabrikam/ }).click();
  await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
  await page.getByText(/Fabrikam/).first().waitFor();
  await page.context().close();
});

test('changing the password and signing out everywhere end the other sessions', async () => {
  const laptop = await newPage(ctx.browser);
  await signIn(laptop, ctx.server.url, 'mpa@contoso.example');
  const phone = await newPage(ctx.browser, { width: 360, height: 740 });
  await signIn(phone, ctx.server.url, 'mpa@contoso.example');

  await laptop.getByRole('link', { name: 'Your account' }).first().click();
  await laptop.getByRole('heading', { name: 'Your account', level: 1 }).waitFor();
  await laptop.getByLabel('Current password').fill('not my password');
  await laptop.getByLabel('New password').fill('a fresh long passphrase');
  await laptop.getByLabel('Type the password again').fill('a fresh long passphrase');
  await laptop.getByRole('button', { name: 'Change password' }).click();
  await laptop.getByText('That is not your current password.').waitFor();
  await expectNoAxeViolations(laptop, 'account page with an error');
  await laptop.getByLabel('Current password').fill(DEMO_PASSWORD);
  await laptop.getByRole('button', { name: 'Change password' }).click();
  await laptop.getByRole('status').getByText(/Your password was changed/).waitFor();
  await screenshot(laptop, 'account-password-changed-1280');

  // The phone's session ended with the old password.
  await phone.reload();
  await phone.getByRole('heading', { name: 'Sign in' }).waitFor();

  // Sign out everywhere ends this one too.
  await laptop.getByRole('button', { name: 'Sign out everywhere' }).click();
  await laptop.getByRole('heading', { name: 'Sign in' }).waitFor();
  await laptop.goto(`${ctx.server.url}/packages`);
  await laptop.getByRole('heading', { name: 'Sign in' }).waitFor();
  await laptop.context().close();
  await phone.context().close();
});

test('a problem only the server can see shows beside its field, keeps what was typed, and goes when the field changes', async () => {
  const admin = await newPage(ctx.browser);
  await signIn(admin, ctx.server.url, 'ga@contoso.example');
  await admin.getByRole('link', { name: 'Account settings' }).first().click();
  await admin.getByRole('button', { name: 'Add user' }).click();
  const dialog = admin.getByRole('dialog', { name: 'Add user' });
  await dialog.getByLabel('Name').fill('Second Evan');
  // Well formed, so the browser sends it; only the server knows the address is taken.
  await dialog.getByLabel('Email').fill('employee@contoso.example');
  await dialog.getByRole('button', { name: 'Add user' }).click();
  const email = dialog.getByRole('textbox', { name: 'Email' });
  await dialog.getByText('Someone already uses this email address.').waitFor();
  assert.equal(await email.getAttribute('aria-invalid'), 'true');
  const describedBy = await email.getAttribute('aria-describedby');
  assert.ok(describedBy.split(' ').includes('new-user-email-error'), `the message describes the field: ${describedBy}`);
  assert.equal(await admin.locator('#new-user-email-error').textContent(), 'Someone already uses this email address.');
  // Not a form-wide alert, and nothing typed was lost.
  assert.equal(await dialog.getByRole('alert').count(), 0);
  assert.equal(await dialog.getByLabel('Name').inputValue(), 'Second Evan');
  assert.equal(await email.inputValue(), 'employee@contoso.example');
  await expectNoAxeViolations(admin, 'add user with a server problem beside its field');
  // The answer was about the old address: changing it takes the message away.
  await email.fill('second.evan@contoso.example');
  await dialog.getByText('Someone already uses this email address.').waitFor({ state: 'detached' });
  assert.equal(await email.getAttribute('aria-invalid'), null);
  await admin.context().close();
});
