// The Overview in headless Chromium: signing in lands on it; an admin finds what needs a
// decision and each item opens its row on Benefits; an employee sees what they hold; axe finds
// nothing at 1280 px and 360 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, newPage, screenshot, expectNoAxeViolations, DEMO_PASSWORD } from './helpers.mjs';

const ctx = serverAndBrowser();

async function signInToOverview(page, email) {
  await page.goto(`${ctx.server.url}/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
}

test('an admin lands on the Overview and a free-seats item opens its row', async () => {
  const page = await newPage(ctx.browser);
  await signInToOverview(page, 'ga@contoso.example');
  const seats = page.getByRole('region', { name: 'Free seats' });
  await seats.waitFor();
  await page.getByRole('region', { name: 'Keys never revealed' }).waitFor();
  await expectNoAxeViolations(page, 'overview 1280');
  await screenshot(page, 'overview-1280');
  await seats.getByRole('link', { name: 'Visual Studio Professional subscription' }).click();
  await page.getByRole('heading', { name: 'Benefits', level: 1 }).waitFor();
  await page.waitForURL(/\/benefits\/visual-studio/);
  // The row is open: its details toggle says so.
  const toggle = page.getByRole('button', { name: 'Details for Visual Studio Professional subscription' });
  await page.waitForFunction(() => [...document.querySelectorAll('button[aria-expanded="true"]')].length > 0);
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  await page.context().close();
});

test('an employee on a phone sees only their own overview, nothing of the company', async () => {
  const page = await newPage(ctx.browser, { width: 360, height: 740 });
  await signInToOverview(page, 'employee@contoso.example');
  await page.getByRole('region', { name: 'What you hold' }).or(page.getByText('You hold no benefits yet.')).first().waitFor();
  assert.equal(await page.getByRole('region', { name: 'Free seats' }).count(), 0, 'nothing of the company');
  await expectNoAxeViolations(page, 'overview 360 employee');
  await screenshot(page, 'overview-employee-360');
  await page.context().close();
});

test('the Overview fits the role: an MPN partner admin is not shown seats to hand out, an employee no "decisions"', async () => {
  const mpa = await newPage(ctx.browser, { width: 768, height: 900 });
  await signInToOverview(mpa, 'mpa@contoso.example');
  await mpa.getByRole('region', { name: 'Keys never revealed' }).waitFor();
  assert.equal(await mpa.getByRole('region', { name: 'Free seats' }).count(), 0, 'only a Global admin assigns seats');
  await mpa.context().close();

  const employee = await newPage(ctx.browser, { width: 360, height: 740 });
  await signInToOverview(employee, 'employee@contoso.example');
  await employee.getByText('What you hold and when it ends.').waitFor();
  assert.equal(await employee.getByText('What needs a decision soon').count(), 0);
  // Evan holds nothing in the demo: the sentence says so, and no empty card follows it.
  await employee.getByText('You hold no benefits yet.').waitFor();
  assert.equal(await employee.locator('.overview').count(), 0, 'no empty card');
  await employee.context().close();
});
