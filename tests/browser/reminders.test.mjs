// Expiry reminders and the calendar feed in headless Chromium: a Global admin sets the
// company's thresholds (a bad one explained beside the field, a good one kept across a reload);
// a person makes their calendar address, which a calendar app can fetch, then revokes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, newPage, signIn, screenshot, expectNoAxeViolations } from './helpers.mjs';

const ctx = serverAndBrowser();

test('a Global admin sets the reminder days; a bad value is explained beside the field', async () => {
  const page = await newPage(ctx.browser);
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account settings' }).click();
  const days = page.getByRole('textbox', { name: 'Days before the end' });
  await page.waitForFunction(() => document.getElementById('reminder-days')?.value === '60, 30, 7');
  await days.fill('0, 400');
  await page.getByRole('button', { name: 'Save reminders' }).click();
  const message = page.getByText('Enter 1 to 5 whole numbers of days from 1 to 365, separated by commas.');
  await message.waitFor();
  // Beside the field: the field is marked invalid and described by that message.
  assert.equal(await days.getAttribute('aria-invalid'), 'true');
  const describedBy = (await days.getAttribute('aria-describedby')).split(/\s+/);
  assert.ok(describedBy.includes(await message.getAttribute('id')), `described by ${describedBy}`);
  await expectNoAxeViolations(page, 'reminder settings with an error');
  await days.fill('15 45');
  await page.getByRole('button', { name: 'Save reminders' }).click();
  await page.getByText('Expiry reminders saved.').waitFor();
  assert.equal(await days.inputValue(), '45, 15');
  await page.reload();
  await page.waitForFunction(() => document.getElementById('reminder-days')?.value === '45, 15');
  await page.context().close();
});

test('an employee makes a calendar address a calendar app can read, then revokes it', async () => {
  const page = await newPage(ctx.browser, { width: 360, height: 740 });
  await signIn(page, ctx.server.url, 'employee@contoso.example');
  // Employees have no reminder settings.
  await page.goto(`${ctx.server.url}/settings/users`);
  await page.getByRole('heading', { name: 'Account settings', level: 1 }).waitFor();
  await page.waitForLoadState('networkidle');
  assert.equal(await page.getByRole('textbox', { name: 'Days before the end' }).count(), 0);
  await page.goto(`${ctx.server.url}/account`);
  await page.getByRole('heading', { name: 'Calendar of expiry dates', level: 2 }).waitFor();
  await page.getByText('You have no calendar address.').waitFor();
  await page.getByRole('button', { name: 'Make calendar address' }).click();
  const address = page.getByRole('textbox', { name: 'Your new calendar address (shown only now):' });
  await address.waitFor();
  const url = await address.inputValue();
  assert.match(url, /\/calendar\/[0-9a-f]{64}\.ics$/);
  await page.getByRole('button', { name: 'Copy calendar address' }).waitFor();
  await expectNoAxeViolations(page, 'calendar address shown');
  await screenshot(page, 'calendar-feed-360');

  const feed = url.replace(/^https?:\/\/[^/]+/, ctx.server.url);
  const res = await fetch(feed);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/calendar; charset=utf-8');
  assert.match(await res.text(), /^BEGIN:VCALENDAR\r\n/);

  // After a reload the address is not shown again, only that there is one.
  await page.reload();
  await page.getByText(/Your calendar address was made on/).waitFor();
  assert.equal(await page.getByRole('textbox', { name: /calendar address/ }).count(), 0);
  await page.getByRole('button', { name: 'Revoke address' }).click();
  await page.getByText('Calendar address revoked. Calendars using it stop updating.').waitFor();
  await page.getByText('You have no calendar address.').waitFor();
  assert.equal((await fetch(feed)).status, 404);
  await page.context().close();
});
