// For everyone: phones and desktops, light and dark, keyboard only, Korean. axe-core runs at
// every step and must find nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, newPage, signIn, screenshot, expectNoAxeViolations, tabTo } from './helpers.mjs';

const ctx = serverAndBrowser();

const VIEWPORTS = [
  { name: 'phone', width: 360, height: 740 },
  { name: 'desktop', width: 1280, height: 800 },
];
const THEMES = ['light', 'dark'];

async function open(viewport, theme) {
  return newPage(ctx.browser, viewport, { colorScheme: theme });
}

async function noHorizontalScroll(page, label) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${label}: the page is ${overflow}px wider than the screen`);
}

/** The main flows, checked with axe at each step. */
async function walkThrough(viewport, theme) {
  const tag = `${viewport.name}/${theme}`;
  const page = await open(viewport, theme);
  const nav = async (name) => {
    if (viewport.width < 900) {
      await page.getByRole('button', { name: 'Menu' }).click();
    }
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
  };
  await page.goto(`${ctx.server.url}/sign-in`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await expectNoAxeViolations(page, `${tag} sign-in`);
  await signIn(page, ctx.server.url, 'ga@contoso.example');
  await noHorizontalScroll(page, `${tag} benefits`);
  await expectNoAxeViolations(page, `${tag} benefits`);

  // An expanded software row with its downloads.
  const toggle = page.getByRole('button', { name: 'Details for Windows Server 2025 Datacenter' });
  await toggle.click();
  await page.getByRole('heading', { name: 'Downloads' }).waitFor();
  await expectNoAxeViolations(page, `${tag} expanded software row`);

  // A seat dialog with a validation error.
  await page.getByRole('tab', { name: 'Visual Studio subscriptions' }).click();
  await page.getByRole('button', { name: 'Details for Visual Studio Enterprise subscription' }).click();
  await page.getByRole('button', { name: 'Assign user' }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Assign user' }).click();
  await dialog.getByText('This field is required.').waitFor();
  await noHorizontalScroll(page, `${tag} seat dialog`);
  await expectNoAxeViolations(page, `${tag} seat dialog with an error`);
  if (viewport.width < 600) {
    const box = await dialog.boundingBox();
    assert.ok(box.width >= viewport.width - 1 && box.height >= viewport.height - 1, `${tag}: the dialog is a full-screen sheet (${JSON.stringify(box)})`);
  }
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });

  // The technical dialog and the go-to-market panel.
  await page.getByRole('tab', { name: 'Technical benefits' }).click();
  await page.getByRole('button', { name: 'Details for Product support incidents' }).click();
  await page.getByRole('button', { name: 'Assign user' }).first().click();
  await page.getByRole('dialog').getByLabel('Alternate email').fill('partner@contoso.example');
  await page.getByRole('dialog').getByText(/Partner Center account email/).first().waitFor();
  await expectNoAxeViolations(page, `${tag} technical dialog`);
  await page.keyboard.press('Escape');
  // Advisory hours form, its errors shown.
  await page.getByRole('button', { name: 'Details for Technical presales and deployment services' }).click();
  await page.getByRole('button', { name: 'Request advisory hours' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Submit request' }).click();
  await page.getByRole('dialog').getByText('This field is required.').first().waitFor();
  await expectNoAxeViolations(page, `${tag} advisory hours dialog`);
  await page.keyboard.press('Escape');

  // Software whose package is still refundable: the forfeit warning.
  await page.getByRole('tab', { name: 'Software' }).click();
  await page.getByRole('button', { name: 'Details for Visio Professional 2024' }).click();
  await page.getByRole('button', { name: 'Get keys' }).click();
  await page.getByRole('dialog', { name: 'Reveal keys and give up the refund?' }).waitFor();
  await expectNoAxeViolations(page, `${tag} forfeit warning`);
  await page.keyboard.press('Escape');

  await page.getByRole('tab', { name: 'Go-to-market benefits' }).click();
  await page.getByRole('region', { name: 'Marketing contact' }).waitFor();
  await page.getByRole('button', { name: 'Details for Marketing services: Gold Core' }).click();
  await expectNoAxeViolations(page, `${tag} go-to-market`);
  await page.getByRole('region', { name: 'Marketing contact' }).getByRole('button', { name: 'Add' }).click();
  await page.getByRole('dialog').getByLabel('Contact phone').fill('010');
  await page.getByRole('dialog').getByText(/Start with \+/).waitFor();
  await expectNoAxeViolations(page, `${tag} marketing contact dialog`);
  await page.keyboard.press('Escape');
  await screenshot(page, `gtm-${viewport.name}-${theme}`);

  for (const [link, heading] of [['Packages', 'Packages'], ['Service requests', 'Service requests'], ['Account settings', 'Account settings'], ['Notifications', 'Notifications'], ['Audit trail', 'Audit trail'], ['Your account', 'Your account']]) {
    await nav(link);
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    await noHorizontalScroll(page, `${tag} ${heading}`);
    await expectNoAxeViolations(page, `${tag} ${heading}`);
    await screenshot(page, `${heading.toLowerCase().replace(' ', '-')}-${viewport.name}-${theme}`);
    if (heading === 'Packages') {
      await page.getByRole('button', { name: 'Buy Microsoft Action Pack' }).click();
      await page.getByRole('dialog', { name: 'Buy Microsoft Action Pack' }).waitFor();
      await expectNoAxeViolations(page, `${tag} buy dialog`);
      await page.keyboard.press('Escape');
      await page.getByRole('article', { name: 'Gold Application Development competency' }).getByRole('button', { name: 'Request cancellation' }).click();
      await page.getByRole('dialog', { name: 'Request cancellation' }).waitFor();
      await expectNoAxeViolations(page, `${tag} cancellation dialog`);
      await page.keyboard.press('Escape');
    }
    if (heading === 'Audit trail') {
      await page.getByRole('table', { name: 'Audit trail' }).waitFor();
      await page.getByLabel('From', { exact: true }).fill('2026-12-02');
      await page.getByLabel('To', { exact: true }).fill('2026-12-01');
      await page.getByRole('button', { name: 'Show entries' }).click();
      await page.getByText('The end date is before the start date.').waitFor();
      await noHorizontalScroll(page, `${tag} audit trail with an error`);
      await expectNoAxeViolations(page, `${tag} audit trail with an error`);
    }
  }
  await nav('Account settings');
  await page.getByRole('button', { name: 'Add user' }).click();
  await page.getByRole('dialog', { name: 'Add user' }).getByRole('button', { name: 'Add user' }).click();
  await page.getByRole('dialog').getByText('This field is required.').waitFor();
  await expectNoAxeViolations(page, `${tag} add user dialog`);
  await page.context().close();
}

for (const viewport of VIEWPORTS) {
  for (const theme of THEMES) {
    test(`main flows at ${viewport.width} px in the ${theme} theme pass axe with zero violations`, async () => {
      await walkThrough(viewport, theme);
    });
  }
}

test('the invitation page and a failed sign-in pass axe', async () => {
  const page = await open({ width: 360, height: 740 }, 'dark');
  await page.goto(`${ctx.server.url}/welcome?token=nothing`);
  await page.getByRole('heading', { name: 'Welcome' }).waitFor();
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await page.getByText('Use at least 12 characters.').waitFor();
  await expectNoAxeViolations(page, 'welcome with errors');
  await page.goto(`${ctx.server.url}/sign-in`);
  await page.getByLabel('Email').fill('ga@contoso.example');
  await page.getByLabel('Password').fill('wrong');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').waitFor();
  await expectNoAxeViolations(page, 'sign-in with an error');
  await page.context().close();
});

test('a keyboard-only pass: sign in, open a category, expand a row, open a dialog, hit an error, Escape', async () => {
  const page = await open({ width: 1280, height: 800 }, 'light');
  await page.goto(`${ctx.server.url}/sign-in`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await tabTo(page, 'the email field', () => document.activeElement?.id === 'sign-in-email');
  await page.keyboard.type('ga@contoso.example');
  await page.keyboard.press('Tab');
  await page.keyboard.type('demo-pass-2026');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
  // From the Overview to Benefits by keyboard: the menu's link, then Enter.
  await tabTo(page, 'the Benefits link', () => document.activeElement?.textContent === 'Benefits');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Benefits', level: 1 }).waitFor();

  await tabTo(page, 'the Software tab', () => document.activeElement?.getAttribute('role') === 'tab');
  // A visible focus ring.
  const ring = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
  });
  assert.ok(ring, 'the focused tab shows a focus ring');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.waitForURL(/\/benefits\/visual-studio$/);
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Visual Studio subscriptions');

  await tabTo(page, 'a row\'s details button', () => document.activeElement?.getAttribute('aria-label') === 'Details for Visual Studio Professional subscription');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-expanded')), 'true');
  await page.keyboard.press(' ');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-expanded')), 'false', 'Space collapses it');
  await page.keyboard.press(' ');

  await tabTo(page, 'Assign user', () => document.activeElement?.textContent === 'Assign user');
  const opener = await page.evaluate(() => document.activeElement.id);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('role')), 'combobox', 'focus moves into the dialog');
  // Focus stays inside the dialog however far you tab.
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    const inside = await page.evaluate(() => !!document.activeElement.closest('dialog') || document.activeElement === document.body);
    assert.ok(inside, 'focus stays in the dialog');
  }
  await tabTo(page, 'the dialog\'s Assign user', () => document.activeElement?.closest('dialog') && document.activeElement.type === 'submit');
  await page.keyboard.press('Enter');
  await dialog.getByText('This field is required.').waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement.id), opener, 'focus returns to the button that opened it');
  await page.context().close();
});

test('switching to Korean shows the Benefits page in Korean and is remembered', async () => {
  const page = await open({ width: 1280, height: 800 }, 'light');
  await signIn(page, ctx.server.url, 'employee@contoso.example');
  await page.getByLabel('Language').first().selectOption({ label: '한국어' });
  await page.getByRole('tab', { name: '소프트웨어' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
  await page.reload();
  await page.getByRole('tab', { name: '소프트웨어' }).waitFor();
  await page.getByRole('heading', { name: '혜택', level: 1 }).waitFor();
  // Server messages follow the language too.
  await page.getByRole('button', { name: /Windows Server 2025 Datacenter/ }).click();
  await page.getByText(/전역 관리자/).first().waitFor();
  await expectNoAxeViolations(page, 'Korean benefits');
  await screenshot(page, 'benefits-korean-1280');
  await page.context().close();
});
