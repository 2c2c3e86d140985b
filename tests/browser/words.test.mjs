// Issue 28, as a person sees it: counts in the plural their language uses, requests named in
// the reader's language and by what they are about, and toasts that cover nothing being worked on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, newPage, signIn, screenshot, expectNoAxeViolations, expand } from './helpers.mjs';

const ctx = serverAndBrowser();

/** Whether two boxes overlap. */
function overlap(a, b) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

test('one seat is "1 seat", and the toast that says so sits beside the seat list, not on it', async () => {
  const page = await newPage(ctx.browser);
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  const details = await expand(page, 'Visual Studio subscriptions', 'Visual Studio Enterprise subscription');
  await details.getByRole('button', { name: 'Assign from a list' }).click();
  const dialog = page.getByRole('dialog', { name: /Assign seats from a list/ });
  await dialog.getByLabel('Emails, one per line (or paste CSV)').fill('sarah.johnson@contoso.example');
  await dialog.getByRole('button', { name: 'Check the list' }).click();
  await dialog.getByText(/^1 of 1 line will get a seat; \d+ seats? (is|are) free\.$/).waitFor();
  await dialog.getByRole('button', { name: 'Assign 1 seat', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  const toast = page.locator('.toast').filter({ hasText: 'Assigned 1 seat.' });
  await toast.waitFor();
  // From 900 px the toasts sit at the bottom of the sidebar: clear of the page's content.
  const main = await page.locator('main').boundingBox();
  const box = await toast.boundingBox();
  assert.ok(box.x + box.width <= main.x + 1, `toast ${JSON.stringify(box)} over main ${JSON.stringify(main)}`);
  const holders = details.getByRole('list', { name: 'Assigned users' });
  await holders.getByText('Sarah Johnson').waitFor();
  assert.ok(!overlap(box, await holders.boundingBox()));
  await screenshot(page, 'toast-beside-seats-1280', { fullPage: false });
  await page.context().close();
});

test('on a phone a toast sits at the top, off the button just pressed and its hint', async () => {
  const page = await newPage(ctx.browser, { width: 360, height: 740 });
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  await page.goto(`${ctx.server.url}/packages`);
  const card = page.getByRole('article', { name: 'Gold Application Development competency' });
  const button = card.getByRole('button', { name: 'Request cancellation' });
  await button.scrollIntoViewIfNeeded();
  await button.click();
  const dialog = page.getByRole('dialog', { name: 'Request cancellation' });
  await dialog.getByRole('button', { name: 'Request cancellation' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const toast = page.locator('.toast').filter({ hasText: /Cancellation requested: case \d{13}/ });
  await toast.waitFor();
  const box = await toast.boundingBox();
  assert.ok(box.y < 120, `the toast is at the top: ${JSON.stringify(box)}`);
  assert.ok(!overlap(box, await card.getByText(/Being decided in case/).boundingBox()), 'the refund line stays readable');
  await screenshot(page, 'toast-top-360', { fullPage: false });
  await page.context().close();
});

test('a cancellation is named by its package in the trail and titled in Korean for a Korean reader', async () => {
  const page = await newPage(ctx.browser);
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  // A package of its own (the phone test cancels the demo's refundable one).
  await page.goto(`${ctx.server.url}/packages`);
  await page.getByRole('button', { name: 'Buy Microsoft Action Pack' }).click();
  const buy = page.getByRole('dialog', { name: 'Buy Microsoft Action Pack' });
  await buy.getByRole('button', { name: 'Buy package' }).click();
  await buy.waitFor({ state: 'hidden' });
  const card = page.getByRole('article', { name: 'Microsoft Action Pack' }).first();
  await card.getByRole('button', { name: 'Request cancellation' }).click();
  const dialog = page.getByRole('dialog', { name: 'Request cancellation' });
  await dialog.getByRole('button', { name: 'Request cancellation' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const link = card.getByRole('link', { name: /^\d{13}$/ });
  const caseNumber = await link.textContent();
  await link.click();
  await page.getByRole('heading', { level: 1, name: new RegExp(caseNumber) }).waitFor();
  await page.getByRole('button', { name: 'Withdraw' }).click();
  const confirm = page.getByRole('dialog', { name: /Withdraw/ });
  await confirm.getByText(/the package stays yours/).waitFor();
  await confirm.getByRole('button', { name: /Withdraw/ }).click();
  await page.getByRole('status').getByText(new RegExp(`${caseNumber}`)).first().waitFor();

  // The audit trail: both entries name the case and the package; none is empty.
  await page.goto(`${ctx.server.url}/audit`);
  const named = `Microsoft Action Pack · ${caseNumber}`;
  const table = page.getByRole('table', { name: 'Audit trail' });
  await table.getByRole('row').filter({ hasText: 'Request withdrawn' }).getByText(named).waitFor();
  await table.getByRole('row').filter({ hasText: 'Cancellation requested' }).getByText(named).waitFor();

  // In Korean: the request's title, the catalogue's lines.
  await page.getByLabel('Language').first().selectOption({ label: '한국어' });
  await page.getByRole('heading', { name: '감사 기록', level: 1 }).waitFor();
  await page.goto(`${ctx.server.url}/service-requests`);
  const row = page.getByRole('row', { name: new RegExp(caseNumber) });
  await row.getByText('Microsoft Action Pack 취소 및 환불').waitFor();
  assert.equal(await row.getByText(/for a refund/).count(), 0);
  await page.goto(`${ctx.server.url}/packages`);
  const catalogue = page.getByRole('region', { name: '패키지 구매' });
  await catalogue.getByText('Azure 크레딧: 매월 USD 100').waitFor();
  assert.equal(await catalogue.getByText(/per month|per year|seats|licenses/).count(), 0);
  await expectNoAxeViolations(page, 'packages in Korean');
  await screenshot(page, 'packages-korean-1280');
  await page.context().close();
});
