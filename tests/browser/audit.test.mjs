// The audit trail in headless Chromium: a Global admin assigns a seat, finds it in the trail,
// narrows the trail by person and action (kept in the address across a reload), and exports
// it as CSV; an employee has no way in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { serverAndBrowser, newPage, signIn, screenshot, expectNoAxeViolations } from './helpers.mjs';

const ctx = serverAndBrowser();

test('an assignment shows in the audit trail, which filters by person and action and exports CSV', async () => {
  const page = await newPage(ctx.browser);
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  // Hand Evan a seat, as in the Benefits page.
  await page.getByRole('tab', { name: 'Visual Studio subscriptions' }).click();
  await page.getByRole('button', { name: 'Details for Visual Studio Professional subscription' }).click();
  await page.getByRole('button', { name: 'Assign user' }).first().click();
  const dialog = page.getByRole('dialog', { name: /Assign a seat/ });
  await dialog.getByRole('combobox', { name: 'User' }).fill('Evan');
  await dialog.getByRole('option', { name: /Evan/ }).first().click();
  await dialog.getByRole('button', { name: 'Assign user' }).click();
  await dialog.waitFor({ state: 'hidden' });

  // And buy the Action Pack (its catalogue code is action_pack), as the Packages page does.
  const bought = await page.evaluate(async () => {
    const res = await fetch('/api/purchase_package', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'action_pack', idempotency_key: 'audit-trail-test-0001' }) });
    return res.status;
  });
  assert.equal(bought, 200);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit trail' }).click();
  await page.getByRole('heading', { name: 'Audit trail', level: 1 }).waitFor();
  const table = page.getByRole('table', { name: 'Audit trail' });
  // The purchase is the newest entry, its package named in words, not by its stored code.
  const purchase = table.getByRole('row').nth(1);
  await purchase.getByRole('cell', { name: 'Package purchased' }).waitFor();
  await purchase.getByText(/Action Pack/).waitFor();
  assert.equal(await table.getByText('action_pack').count(), 0, 'no stored code on the page');
  const newest = table.getByRole('row').nth(2);
  await newest.getByRole('cell', { name: 'Seat assigned' }).waitFor();
  await newest.getByRole('link', { name: 'Grace Admin' }).waitFor();
  await newest.getByRole('link', { name: 'Visual Studio Professional subscription' }).waitFor();
  // The demo's history is there too: the company's purchases.
  await table.getByRole('cell', { name: 'Package purchased' }).nth(1).waitFor();
  await expectNoAxeViolations(page, 'audit trail');
  await screenshot(page, 'audit-trail-1280');

  // Evan's name narrows the trail to him; the picker says whom.
  await newest.getByRole('link', { name: 'Evan Employee' }).click();
  await page.waitForURL(/[?&]person=\d+/);
  await page.waitForFunction(() => document.getElementById('audit-person')?.value === 'Evan Employee');
  await page.getByLabel('Action', { exact: true }).selectOption({ label: 'Seat assigned' });
  await page.getByRole('button', { name: 'Show entries' }).click();
  await page.waitForURL(/action=seat_assigned/);
  await page.getByText('Entries 1–1 of 1').waitFor();
  // A reload keeps the filter: it lives in the address.
  await page.reload();
  await page.getByText('Entries 1–1 of 1').waitFor();
  assert.equal(await page.getByLabel('Action', { exact: true }).inputValue(), 'seat_assigned');
  assert.equal(await page.getByRole('combobox', { name: 'Person' }).inputValue(), 'Evan Employee');
  const rows = page.getByRole('table', { name: 'Audit trail' }).getByRole('row');
  assert.equal(await rows.count(), 2, 'a header row and the one entry');

  // An end before the start is explained beside the field, before anything is sent.
  await page.getByLabel('From', { exact: true }).fill('2026-12-02');
  await page.getByLabel('To', { exact: true }).fill('2026-12-01');
  await page.getByRole('button', { name: 'Show entries' }).click();
  await page.getByText('The end date is before the start date.').waitFor();
  assert.match(page.url(), /action=seat_assigned/);
  assert.doesNotMatch(page.url(), /from=/);
  await expectNoAxeViolations(page, 'audit trail with a filter error');

  // Export: what the address's filter matches, as a CSV file the browser saves.
  await page.getByLabel('For Excel (adds a byte-order mark)').check();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^audit-trail-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = readFileSync(await download.path(), 'utf8');
  assert.ok(text.startsWith('\uFEFFTime (UTC),Who,'), text.slice(0, 80));
  const lines = text.trim().split('\r\n');
  assert.equal(lines.length, 2, text);
  assert.match(lines[1], /Grace Admin,ga@contoso\.example,Seat assigned,seat_assigned,Visual Studio Professional subscription,Evan Employee,employee@contoso\.example/);
  await page.getByRole('status').getByText(/^Saved audit-trail-/).waitFor();

  // The Action Pack brought a second "Visual Studio Professional subscription": wherever the
  // two are listed together, each names its package.
  const options = await page.getByLabel('Benefit', { exact: true }).locator('option').allTextContents();
  for (const pkg of ['Gold Cloud Platform competency', 'Microsoft Action Pack']) {
    assert.ok(options.includes(`Visual Studio Professional subscription (${pkg})`), options.join(' | '));
  }
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
  const free = page.getByRole('region', { name: 'Free seats' });
  await free.getByRole('link', { name: 'Visual Studio Professional subscription (Microsoft Action Pack)' }).waitFor();
  await free.getByRole('link', { name: 'Visual Studio Professional subscription (Gold Cloud Platform competency)' }).waitFor();
  await page.context().close();
});

test('an employee has no audit trail: no link, and the page says who may see it', async () => {
  const page = await newPage(ctx.browser);
  await signIn(page, ctx.server.url, 'employee@contoso.example');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Benefits' }).waitFor();
  assert.equal(await nav.getByRole('link', { name: 'Audit trail' }).count(), 0);
  await page.goto(`${ctx.server.url}/audit`);
  // Said at the top, under the heading, with who can; no filters, no export, no error.
  await page.getByText(/^Only a Global admin or an MPN partner admin can see the audit trail\. Your company's Global admins: Grace Admin/).waitFor();
  assert.equal(await page.getByRole('button').filter({ hasText: /Export|Apply|Filter/ }).count(), 0, 'no controls');
  assert.equal(await page.getByRole('textbox').count(), 0, 'no fields');
  assert.equal(await page.getByRole('alert').count(), 0, 'no error at the bottom');
  await expectNoAxeViolations(page, 'audit trail employee');
  await page.context().close();
});
