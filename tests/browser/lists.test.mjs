// Search, filter by status and sort on a benefit list and on Users, in headless Chromium: the
// controls are found by their labels, the list follows them, the address keeps them (a reload
// shows the same list), and axe finds nothing at 1280 px and 360 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, newPage, signIn, screenshot, expectNoAxeViolations } from './helpers.mjs';

const ctx = serverAndBrowser();

/** The names of the rows shown, top to bottom. */
const rowNames = (page) => page.locator('table.benefit-table th[scope="row"]').allInnerTexts();

/** What the server lists for a category, as the page got it (the page's own session). */
const listed = (page, category) => page.evaluate(async (category) => {
  const res = await fetch('/api/list_benefits', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ category }),
  });
  return res.json();
}, category);

/** The rule the page promises, said again independently: ties by name, then id. */
function expectedOrder(rows, by) {
  const name = (r) => r.name.toLowerCase();
  const remaining = (r) => Math.max(r.quantity - r.used, 0);
  const column = {
    name: () => 0,
    expiry: (a, b) => a.expires_on.localeCompare(b.expires_on),
    '-expiry': (a, b) => b.expires_on.localeCompare(a.expires_on),
    remaining: (a, b) => remaining(a) - remaining(b),
    '-remaining': (a, b) => remaining(b) - remaining(a),
  }[by];
  return [...rows]
    .sort((a, b) => column(a, b) || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : a.id - b.id))
    .map((r) => r.name);
}

test('a benefit list is searched, sorted and kept by status, and the address keeps it through a reload', async () => {
  const page = await newPage(ctx.browser);
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  // Cloud: several rows, one of them held by someone (the demo's Azure DevOps users).
  await page.getByRole('tab', { name: 'Cloud', exact: true }).click();
  await page.waitForURL(/\/benefits\/cloud$/);
  await page.locator('table.benefit-table').waitFor();
  const rows = await listed(page, 'Cloud');
  assert.ok(rows.length >= 3, 'the demo has several cloud rows');
  assert.deepEqual(await rowNames(page), expectedOrder(rows, 'name'), 'by name as the list opens');

  const tools = page.getByRole('search', { name: 'Search and sort Cloud' });
  for (const [label, slug] of [['Expires soonest', 'expiry'], ['Most remaining', '-remaining'], ['Least remaining', 'remaining'], ['Expires latest', '-expiry']]) {
    await tools.getByLabel('Sort by').selectOption({ label });
    await page.waitForURL((url) => url.searchParams.get('sort') === slug);
    assert.deepEqual(await rowNames(page), expectedOrder(rows, slug), label);
  }

  // A holder's name finds the seat they hold; the count says how many of how many.
  const holder = rows.flatMap((r) => r.assignees.map((a) => ({ row: r.name, name: a.name }))).at(0);
  assert.ok(holder, 'someone holds a seat in the demo');
  await tools.getByLabel('Search by name, package or holder').fill(holder.name);
  await page.waitForURL((url) => url.searchParams.get('q') === holder.name);
  const found = await rowNames(page);
  assert.ok(found.includes(holder.row), `${holder.name} holds a seat of ${holder.row}: ${found}`);
  assert.ok(found.length < rows.length, 'the others are left out');
  await page.getByRole('status').filter({ hasText: `${found.length} of ${rows.length} shown` }).waitFor();
  await expectNoAxeViolations(page, 'benefit list searched');
  await screenshot(page, 'list-benefits-searched-1280');

  // A reload (or the link sent to a colleague) shows the same list, controls and all.
  const address = page.url();
  await page.reload();
  await page.locator('table.benefit-table').waitFor();
  assert.equal(page.url(), address);
  assert.equal(await tools.getByLabel('Search by name, package or holder').inputValue(), holder.name);
  assert.equal(await tools.getByLabel('Sort by').inputValue(), '-expiry');
  assert.deepEqual(await rowNames(page), found);

  // Kept by status: only the active rows, still in the chosen order.
  await tools.getByLabel('Search by name, package or holder').fill('');
  await page.waitForURL((url) => !url.searchParams.has('q'));
  await tools.getByLabel('Status').selectOption({ label: 'Active' });
  await page.waitForURL((url) => url.searchParams.get('status') === 'active');
  const active = rows.filter((r) => r.status === 'Active');
  assert.ok(active.length > 0 && active.length < rows.length, 'the demo has active and other cloud rows');
  assert.deepEqual(await rowNames(page), expectedOrder(active, '-expiry'));

  // A status no row has, from an old link: said plainly, and one button brings every row back.
  await page.goto(`${ctx.server.url}/benefits/cloud?q=${encodeURIComponent(holder.name)}&status=cancelled`);
  await page.getByText('Nothing matches').waitFor();
  await page.getByRole('button', { name: 'Clear search and filters' }).click();
  await page.waitForURL((url) => !url.searchParams.has('q') && !url.searchParams.has('status'));
  assert.equal(await rowNames(page).then((n) => n.length), rows.length);
  assert.equal(await tools.getByLabel('Search by name, package or holder').inputValue(), '');
  await page.context().close();
});

test('Users are kept by status and sorted by email on a phone, and a reload keeps it', async () => {
  const page = await newPage(ctx.browser, { width: 360, height: 740 });
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  await page.goto(`${ctx.server.url}/settings/users`);
  const tools = page.getByRole('search', { name: 'Users' });
  await tools.waitFor();
  const table = page.locator('table.users-table tbody');
  await table.locator('tr').first().waitFor();

  await tools.getByLabel('Show').selectOption({ label: 'Deactivated' });
  await page.waitForURL((url) => url.searchParams.get('status') === 'deactivated');
  // The list has been replaced once no active person is left in it.
  await page.waitForFunction(() => {
    const cells = [...document.querySelectorAll('table.users-table td[data-label="Status"]')];
    return cells.length > 0 && cells.every((c) => c.textContent.includes('Deactivated'));
  });
  const statuses = await table.locator('td[data-label="Status"]').allInnerTexts();
  assert.ok(statuses.length > 0, 'the demo has deactivated people');
  assert.ok(statuses.every((s) => s.includes('Deactivated')), `only deactivated people: ${statuses}`);

  await tools.getByLabel('Show').selectOption({ label: 'Everyone' });
  await tools.getByLabel('Sort by').selectOption({ label: 'Email (A–Z)' });
  await page.waitForURL((url) => url.searchParams.get('sort') === 'email' && url.searchParams.get('status') === 'all');
  // Everyone, by email: more than the deactivated few, and a page of them.
  // Wait for the list in its new order, not only for 20 rows: the name-ordered list of a moment
  // ago has 20 rows too (a busy machine once read that one).
  await page.waitForFunction(() => {
    const cells = [...document.querySelectorAll('table.users-table td[data-label="Email"]')].map((c) => c.textContent.toLowerCase());
    return cells.length >= 20 && cells.every((c, i) => i === 0 || cells[i - 1] <= c);
  });
  const emails = await table.locator('td[data-label="Email"]').allInnerTexts();
  const sorted = [...emails].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
  assert.deepEqual(emails, sorted, 'by email');
  await expectNoAxeViolations(page, 'users sorted 360');
  await screenshot(page, 'list-users-360');

  await page.reload();
  await tools.waitFor();
  assert.equal(await tools.getByLabel('Show').inputValue(), 'all');
  assert.equal(await tools.getByLabel('Sort by').inputValue(), 'email');
  await page.context().close();
});

test('a list\'s address survives signing in: the link a colleague sent opens the same list', async () => {
  const page = await newPage(ctx.browser);
  const link = `${ctx.server.url}/benefits/cloud?q=azure&sort=-expiry`;
  await page.goto(link);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Email').fill('ga@contoso.example');
  await page.getByLabel('Password').fill('demo-pass-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Benefits', level: 1 }).waitFor();
  await page.waitForURL(link);
  const tools = page.getByRole('search', { name: 'Search and sort Cloud' });
  assert.equal(await tools.getByLabel('Search by name, package or holder').inputValue(), 'azure');
  assert.equal(await tools.getByLabel('Sort by').inputValue(), '-expiry');
  await page.context().close();
});

test('Edit roles names whose roles they are, sits like every dialog, and confirms the change', async () => {
  const page = await newPage(ctx.browser);
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  await page.goto(`${ctx.server.url}/settings/users?q=jimin`);
  await page.getByRole('button', { name: 'Edit roles of Kang Ji-min' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit roles of Kang Ji-min' });
  await dialog.waitFor();
  // Its title and legend start at the left, as in every other dialog (not the table cell's right).
  const align = await dialog.locator('legend').evaluate((e) => getComputedStyle(e).textAlign);
  assert.ok(['start', 'left'].includes(align), align);
  await expectNoAxeViolations(page, 'edit roles dialog');
  await dialog.getByLabel('MPN partner admin').check();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('status').getByText("Kang Ji-min's roles are saved: MPN partner admin.").waitFor();
  await page.context().close();
});

test('the only Global admin is told before any dialog that they cannot step down or deactivate themselves', async () => {
  const page = await newPage(ctx.browser, { width: 360, height: 740 });
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  await page.goto(`${ctx.server.url}/settings/users?q=grace`);
  const deactivate = page.getByRole('button', { name: 'Deactivate Grace Admin' });
  assert.equal(await deactivate.getAttribute('aria-disabled'), 'true');
  await page.getByText('You are the only Global admin who can sign in: add another Global admin first.').first().waitFor();
  // Pressed anyway (it stays focusable and announced, greyed): nothing opens.
  await deactivate.click({ force: true });
  assert.equal(await page.getByRole('dialog').count(), 0, 'no dialog asks what cannot be done');
  await page.getByRole('button', { name: 'Edit roles of Grace Admin' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit roles of Grace Admin' });
  assert.equal(await dialog.getByLabel('Global admin').isDisabled(), true);
  assert.equal(await dialog.getByLabel('Global admin').isChecked(), true);
  await expectNoAxeViolations(page, 'last global admin 360');
  await page.context().close();
});
