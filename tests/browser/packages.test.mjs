// Buying, the refund window and cancellation, clicked through in headless Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, newPage, signIn, screenshot } from './helpers.mjs';

const ctx = serverAndBrowser();

test('buy a package, forfeit its refund by revealing a key, and cancel another one', async () => {
  const page = await newPage(ctx.browser);
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Packages' }).click();
  await page.getByRole('heading', { name: 'Packages', level: 1 }).waitFor();

  // Buy from the catalogue.
  await page.getByRole('button', { name: 'Buy Silver Cloud Platform competency' }).click();
  const buy = page.getByRole('dialog', { name: 'Buy Silver Cloud Platform competency' });
  await buy.getByRole('button', { name: 'Buy package' }).click();
  await buy.waitFor({ state: 'hidden' });
  const bought = page.getByRole('article', { name: 'Silver Cloud Platform competency' });
  await bought.getByText(/30 days left to cancel for a refund/).waitFor();
  await screenshot(page, 'packages-bought-1280');

  // Follow its software benefit to the Benefits page and reveal a key, after the warning.
  await bought.getByText(/Benefits granted/).click();
  await bought.getByRole('link', { name: 'SQL Server 2025 Standard' }).click();
  const toggle = page.getByRole('button', { name: 'Details for SQL Server 2025 Standard' });
  await toggle.waitFor();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true', 'the link opens the row');
  const details = page.locator(`#${await toggle.getAttribute('aria-controls')}`);
  await details.getByRole('button', { name: 'Get keys' }).click();
  const warning = page.getByRole('dialog', { name: 'Reveal keys and give up the refund?' });
  await warning.getByText(/\(30 days left\)/).waitFor();
  // Keeping the refund reveals nothing.
  await warning.getByRole('button', { name: 'Keep the refund' }).click();
  assert.equal(await details.getByRole('list', { name: 'Revealed product keys' }).count(), 0);
  await details.getByRole('button', { name: 'Get keys' }).click();
  await warning.getByRole('button', { name: 'Reveal keys' }).click();
  await details.getByRole('list', { name: 'Revealed product keys' }).waitFor();

  // Back on Packages: no longer refundable, and why.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Packages' }).click();
  const after = page.getByRole('article', { name: 'Silver Cloud Platform competency' });
  await after.getByText(/No longer refundable: the keys of SQL Server 2025 Standard were revealed by Grace Admin/).waitFor();
  // Said once (issue 28): the refund line says why, and no greyed button repeats it.
  assert.equal(await after.getByText(/No longer refundable/).count(), 1);
  assert.equal(await after.getByRole('button', { name: 'Request cancellation' }).count(), 0);

  // Another package, still refundable: request its cancellation.
  const other = page.getByRole('article', { name: 'Gold Application Development competency' });
  await other.getByText(/18 days left/).waitFor();
  await other.getByRole('button', { name: 'Request cancellation' }).click();
  const dialog = page.getByRole('dialog', { name: 'Request cancellation' });
  // The buttons say what each does: keep the package, or request its cancellation.
  await dialog.getByRole('button', { name: 'Keep the package' }).waitFor();
  assert.equal(await dialog.getByRole('button', { name: 'Cancel', exact: true }).count(), 0);
  await dialog.getByLabel('Reason (optional)').fill('We bought the wrong competency.');
  await dialog.getByRole('button', { name: 'Request cancellation' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const toast = page.getByRole('status').getByText(/Cancellation requested: case \d{13}/);
  await toast.waitFor();
  const caseNumber = (await toast.textContent()).match(/\d{13}/)[0];
  // Right after filing, the card says it was requested (not "already"), and no more days left.
  await other.getByText(/Being decided in case/).waitFor();
  assert.equal(await other.getByText(/already/).count(), 0);
  assert.equal(await other.getByText(/days left/).count(), 0);
  // "Cancellation requested" once (its status), not three times; the case links to its request.
  assert.equal(await other.getByText(/Cancellation requested/).count(), 1);
  assert.equal(await other.getByRole('button', { name: 'Request cancellation' }).count(), 0);
  await screenshot(page, 'packages-cancel-requested-1280');
  await other.getByRole('link', { name: caseNumber }).click();
  await page.getByRole('heading', { level: 1, name: `${caseNumber} · Cancel Gold Application Development competency for a refund` }).waitFor();

  // The service request is listed with its case number.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Service requests' }).click();
  const row = page.getByRole('row', { name: new RegExp(caseNumber) });
  await row.getByRole('cell', { name: 'Cancellation', exact: true }).waitFor();
  await row.getByRole('cell', { name: 'Open', exact: true }).waitFor();
  await page.getByLabel('Status').selectOption({ label: 'Refunded' });
  await page.getByText('No service requests match.').waitFor();
  await page.context().close();
});
