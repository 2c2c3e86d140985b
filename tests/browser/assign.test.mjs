// Handing benefits to people, in headless Chromium, as a Global admin would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, newPage, signIn, screenshot, expectNoAxeViolations, expand } from './helpers.mjs';

const ctx = serverAndBrowser();

/** Types into the user picker and chooses the person whose option contains `text`. */
async function pick(dialog, text) {
  const box = dialog.getByRole('combobox', { name: 'User' });
  await box.fill(text);
  await dialog.getByRole('option', { name: new RegExp(text, 'i') }).first().click();
}

test('assign a Visual Studio seat and remove it', async () => {
  const page = await newPage(ctx.browser);
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  const details = await expand(page, 'Visual Studio subscriptions', 'Visual Studio Professional subscription');
  await details.getByText('0 of 10 seats used, 10 free.').waitFor();
  await details.getByRole('button', { name: 'Assign user' }).click();
  const dialog = page.getByRole('dialog', { name: /Assign a seat/ });
  await dialog.waitFor();
  await pick(dialog, 'Evan');
  await dialog.getByRole('button', { name: 'Assign user' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await details.getByText('1 of 10 seats used, 9 free.').waitFor();
  const holders = details.getByRole('list', { name: 'Assigned users' });
  await holders.getByText('Evan Employee').waitFor();
  await page.getByRole('status').getByText('Seat assigned to Evan Employee.').waitFor();
  await screenshot(page, 'seat-assigned-1280');

  await holders.getByRole('button', { name: 'Remove Evan Employee' }).click();
  // It cannot be undone in one click: asked first, naming who and what, Cancel focused.
  const confirm = page.getByRole('dialog', { name: 'Remove this seat?' });
  await confirm.getByText(/Evan Employee loses Visual Studio Professional subscription at once/).waitFor();
  assert.equal(await confirm.getByRole('button', { name: 'Cancel' }).evaluate((b) => b === document.activeElement), true);
  await confirm.getByRole('button', { name: 'Remove seat' }).click();
  await details.getByText('0 of 10 seats used, 10 free.').waitFor();
  assert.equal(await details.getByRole('list', { name: 'Assigned users' }).count(), 0);
  await page.context().close();
});

test('a technical benefit refuses the company email as the alternate, then goes Pending', async () => {
  const page = await newPage(ctx.browser);
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  const details = await expand(page, 'Technical benefits', 'Product support incidents');
  await details.getByRole('button', { name: 'Assign user' }).click();
  const dialog = page.getByRole('dialog', { name: /Assign: Product support incidents/ });
  await pick(dialog, 'Evan');
  const alternate = dialog.getByLabel('Alternate email');
  await alternate.fill('Partner@Contoso.example');
  // Shown beside the field as you type, and tied to it for screen readers.
  const message = "Use an address other than your company's Partner Center account email.";
  await dialog.getByText(message).waitFor();
  assert.equal(await alternate.getAttribute('aria-invalid'), 'true');
  const describedBy = await alternate.getAttribute('aria-describedby');
  assert.ok(describedBy && (await page.locator(`#${describedBy.split(' ')[0]}`).textContent()).includes(message));
  await dialog.getByRole('button', { name: 'Assign user' }).click();
  await dialog.getByText(message).waitFor();
  const row = page.getByRole('row', { name: /Product support incidents/ }).first();
  assert.equal(await row.getByRole('cell', { name: 'Not activated', exact: true }).count(), 1, 'nothing saved');
  await screenshot(page, 'technical-invalid-alternate-1280');

  // The company mailbox with a +tag reaches the same inbox: refused as you type, by the same rule.
  await alternate.fill('partner+support@contoso.example');
  await dialog.getByText(/company's account email with a \+tag/).waitFor();
  assert.equal(await alternate.getAttribute('aria-invalid'), 'true');

  await alternate.fill('evan.support@outlook.example');
  assert.equal(await alternate.getAttribute('aria-invalid'), null);
  await dialog.getByRole('button', { name: 'Assign user' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await row.getByRole('cell', { name: 'Pending', exact: true }).waitFor();
  await details.getByText(/Activation was requested/).waitFor();
  await page.context().close();
});

test('set the marketing contact and activate Gold Core', async () => {
  const page = await newPage(ctx.browser);
  await signIn(page, ctx.server.url, 'mpa@contoso.example');
  await page.getByRole('tab', { name: 'Go-to-market benefits' }).click();
  const panel = page.getByRole('region', { name: 'Marketing contact' });
  await panel.getByText('No marketing contact yet').waitFor();

  // Before a contact exists, Activate explains why it is unavailable.
  const details = await expand(page, 'Go-to-market benefits', 'Marketing services: Gold Core');
  const activate = details.getByRole('button', { name: 'Activate Gold Core' });
  assert.equal(await activate.getAttribute('aria-disabled'), 'true');
  await details.getByText('Add a marketing contact first').first().waitFor();

  await panel.getByRole('button', { name: 'Add' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a marketing contact' });
  await pick(dialog, 'Evan');
  await dialog.getByLabel('Alternate email').fill('marketing@contoso-agency.example');
  await dialog.getByLabel('Contact phone').fill('010-1234-5678');
  await dialog.getByRole('button', { name: 'Assign user' }).click();
  await dialog.getByText('Start with + and the country code').waitFor();
  await dialog.getByLabel('Contact phone').fill('+82 10 1234 5678');
  await dialog.getByLabel('Preferred language').selectOption({ label: '한국어 (Korean)' });
  await dialog.getByRole('button', { name: 'Assign user' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await panel.getByText('marketing@contoso-agency.example').waitFor();
  // The phone comes back as it was typed.
  await panel.getByText('+82 10 1234 5678').waitFor();
  // Editing details keeps the person and says what it saves; changing picks someone else.
  await panel.getByRole('button', { name: 'Edit details' }).click();
  const edit = page.getByRole('dialog', { name: "Edit the marketing contact's details" });
  await edit.getByText('Evan Employee').waitFor();
  assert.equal(await edit.getByRole('combobox', { name: 'User' }).count(), 0);
  // Saving says what changed, not that the same person "is now" the contact.
  await edit.getByLabel('Contact phone').fill('+82 10 9999 0000');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await edit.waitFor({ state: 'hidden' });
  await page.getByRole('status').getByText("Saved Evan Employee's contact phone.").waitFor();
  await panel.getByText('+82 10 9999 0000').waitFor();
  await panel.getByRole('button', { name: 'Change person' }).click();
  const change = page.getByRole('dialog', { name: 'Choose a new marketing contact' });
  await change.getByRole('combobox', { name: 'User' }).waitFor();
  // The first Escape closes the picker's list (focus offers people at once), the second the dialog.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await change.waitFor({ state: 'hidden' });

  await activate.click();
  const ask = page.getByRole('dialog', { name: 'Activate Gold Core?' });
  await ask.getByText(/cannot be undone/).waitFor();
  // A quantity of one in words (issue 28: "This uses 1 of the 1 of …").
  await ask.getByText(/^This uses your only activation of Marketing services: Gold Core and cannot be undone/).waitFor();
  await ask.getByRole('button', { name: 'Activate Gold Core' }).click();
  const row = page.getByRole('row', { name: /Marketing services: Gold Core/ }).first();
  await row.getByRole('cell', { name: 'Pending', exact: true }).waitFor();
  await details.getByRole('listitem').filter({ hasText: 'Gold Core' }).getByText('Pending').waitFor();
  // The only activation used: the other type says so in the singular.
  await details.getByText('The only activation of Marketing services: Gold Core is already in use: no other type can be activated.').first().waitFor();
  await screenshot(page, 'gtm-pending-1280');
  await page.context().close();
});

test('submit an advisory hours request and see its case number', async () => {
  const page = await newPage(ctx.browser, { width: 360, height: 740 });
  await signIn(page, ctx.server.url, 'employee@contoso.example');
  const details = await expand(page, 'Technical benefits', 'Technical presales and deployment services');
  await details.getByRole('button', { name: 'Request advisory hours' }).click();
  const dialog = page.getByRole('dialog', { name: 'Request advisory hours' });
  await dialog.getByLabel('Title').fill('Landing zone review');
  await dialog.getByLabel('Description').fill('Review our Azure landing zone before go-live.');
  await dialog.getByLabel('Phase').selectOption({ label: 'Design' });
  await dialog.getByLabel('Product').fill('Microsoft Azure');
  await dialog.getByLabel('Hours').fill('500');
  await dialog.getByText(/Only \d+ hours remain/).waitFor();
  await dialog.getByLabel('Hours').fill('4');
  await dialog.getByLabel('Contact phone').fill('+82 2 1234 5678');
  await dialog.getByLabel('Time zone').selectOption('Asia/Seoul');
  await screenshot(page, 'advisory-form-360');
  await dialog.getByRole('button', { name: 'Submit request' }).click();
  const done = dialog.getByRole('status');
  await done.getByText('Request filed').first().waitFor();
  // The case number is shown to the person (13 digits: date and sequence).
  const caseNumber = await done.getByText(/^\d{13}$/).textContent();
  await screenshot(page, 'advisory-filed-360');
  await dialog.getByRole('button', { name: 'Done' }).click();
  await dialog.waitFor({ state: 'hidden' });
  // Its detail names the phase in words, not the stored code ("design").
  await page.goto(`${ctx.server.url}/service-requests`);
  await page.getByRole('link', { name: caseNumber }).click();
  const facts = page.locator('.details__facts');
  await facts.getByText('Design', { exact: true }).waitFor();
  // The phone as typed, not as stored ("+82212345678").
  await facts.getByText('+82 2 1234 5678', { exact: true }).waitFor();
  assert.equal(await facts.getByText('design', { exact: true }).count(), 0);
  await page.context().close();
});

test('assign Visual Studio seats from a pasted list: check it, then assign the lines that can be', async () => {
  const page = await newPage(ctx.browser);
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  const details = await expand(page, 'Visual Studio subscriptions', 'Visual Studio Enterprise subscription');
  await details.getByRole('button', { name: 'Assign from a list' }).click();
  const dialog = page.getByRole('dialog', { name: /Assign seats from a list/ });
  const list = dialog.getByLabel('Emails, one per line (or paste CSV)');
  // Nothing typed: said beside the field, nothing sent.
  await dialog.getByRole('button', { name: 'Check the list' }).click();
  await dialog.getByText('This field is required.').waitFor();
  await list.fill('sarah.johnson@contoso.example\nnobody@contoso.example\nSARAH.JOHNSON@contoso.example\nnot an email\nseoyeon.lee@contoso.example');
  await dialog.getByRole('button', { name: 'Check the list' }).click();
  const lines = dialog.getByRole('table', { name: 'What each line does' });
  await lines.getByText('Gets a seat: Sarah Johnson').waitFor();
  await lines.getByText('Not a user of your company').waitFor();
  await lines.getByRole('link', { name: 'Add them in Account settings' }).waitFor();
  await lines.getByText('Same person as line 1').waitFor();
  await lines.getByText('Gets a seat: Lee Seo-yeon').waitFor();
  await dialog.getByText(/2 of 5 lines will get a seat/).waitFor();
  await expectNoAxeViolations(page, 'bulk assign preview');
  await screenshot(page, 'bulk-assign-preview-1280', { fullPage: false });
  // All or nothing with bad lines: refused, nothing changed.
  await dialog.getByLabel('Assign nothing (all or nothing)').check();
  await dialog.getByRole('button', { name: 'Assign 2 seats' }).click();
  await dialog.getByText(/3 lines cannot be assigned, so nothing was assigned/).waitFor();
  await dialog.getByLabel('Assign the lines that can be').check();
  await dialog.getByRole('button', { name: 'Assign 2 seats' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('status').getByText('Assigned 2 seats; 3 lines left as they were.').waitFor();
  const holders = details.getByRole('list', { name: 'Assigned users' });
  await holders.getByText('Sarah Johnson').waitFor();
  await holders.getByText('Lee Seo-yeon').waitFor();
  await page.context().close();
});
