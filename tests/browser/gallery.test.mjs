// The designers' workshop (/gallery): the story index, each kind of control, the frames, and
// the checks shown beside a story. (Every story's screenshots, console and axe: visual.test.mjs.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, newPage, screenshot, expectNoAxeViolations } from './helpers.mjs';

const ctx = serverAndBrowser();

const story = (page, key = 'en-light-fill') => page.frameLocator(`iframe[data-frame="${key}"]`);

/** The frame's document, once its story has rendered and been checked. */
async function settled(page, key = 'en-light-fill') {
  await story(page, key).locator('#story[data-checked]').waitFor();
  return page.frame({ url: new RegExp(`[?&]frame=${key}(&|$)`) });
}

test('the workshop lists every story, finds one by name and opens it at its own address', async () => {
  const page = await newPage(ctx.browser);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(`${ctx.server.url}/gallery`);
  await page.getByRole('heading', { name: 'StatusBadge every-status', level: 1 }).waitFor();
  const index = page.getByRole('navigation', { name: 'Stories' });
  const stories = index.locator('a[href^="/gallery/"]');
  assert.ok((await stories.count()) >= 40, `${await stories.count()} stories listed`);

  await page.getByLabel('Find a story').fill('picker');
  assert.deepEqual(await stories.allTextContents(), ['results', 'none', 'loading', 'error']);
  await index.getByRole('link', { name: 'none' }).click();
  await page.waitForURL(/\/gallery\/user-picker\/none$/);
  await page.getByRole('heading', { name: 'UserPicker none', level: 1 }).waitFor();
  await story(page).getByText('No one matches').waitFor();
  assert.equal(await index.getByRole('link', { name: 'none' }).getAttribute('aria-current'), 'page');

  await page.getByLabel('Find a story').fill('nothing like this');
  await index.getByText('No story matches.').waitFor();

  // A story's address opens it directly; one that does not exist says so.
  await page.goto(`${ctx.server.url}/gallery/user-picker/results`);
  await story(page).getByRole('option', { name: /Kim Min-jun/ }).waitFor();
  await page.goto(`${ctx.server.url}/gallery/user-picker/lost`);
  await page.getByRole('heading', { name: 'No story at this address' }).waitFor();
  await expectNoAxeViolations(page, 'missing story');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('each kind of control changes the story, and the address keeps it for a link', async () => {
  const page = await newPage(ctx.browser);
  const base = ctx.server.url;

  // Text, with suggestions: a long Korean name.
  await page.goto(`${base}/gallery/benefit-row/software`);
  await settled(page);
  const korean = '클라우드 플랫폼 역량 골드 등급 파트너를 위한 윈도우 서버 데이터센터 영구 라이선스';
  await page.getByLabel('Name').fill(korean);
  await story(page).getByRole('cell', { name: korean }).waitFor();
  await page.waitForURL((url) => new URL(url).searchParams.get('name') === korean);
  // A link to that state opens it, controls and story alike.
  await page.reload();
  await story(page).getByRole('cell', { name: korean }).waitFor();
  assert.equal(await page.getByLabel('Name').inputValue(), korean);

  // A number: seats used.
  await page.goto(`${base}/gallery/benefit-row/visual-studio`);
  await settled(page);
  await story(page).getByText('25 seats · 3 used').waitFor();
  await page.getByLabel('Used', { exact: true }).fill('7');
  await story(page).getByText('25 seats · 7 used').waitFor();
  assert.match(page.url(), /[?&]used=7(&|$)/);
  // Used goes as far as Quantity can (issue 28: it stopped at 100); a row never uses more
  // than it has.
  await page.getByLabel('Used', { exact: true }).fill('5000');
  await story(page).getByText('25 seats · 25 used').waitFor();
  // Out of range falls back to the story's own value rather than breaking it, and says so.
  await page.getByLabel('Used', { exact: true }).fill('200000');
  await story(page).getByText('25 seats · 3 used').waitFor();
  await page.getByText('Out of range (0 to 100000): the story shows 3.').waitFor();

  // A choice: the status.
  await page.goto(`${base}/gallery/status-badge/one`);
  await settled(page);
  await story(page).getByText('Pending').waitFor();
  await page.getByLabel('Status').selectOption('expired');
  await story(page).getByText('Expired').waitFor();
  assert.match(page.url(), /[?&]status=expired(&|$)/);

  // A toggle: disabled.
  await page.goto(`${base}/gallery/button/variants`);
  await settled(page);
  const primary = story(page).getByRole('button', { name: 'Assign a user' }).first();
  assert.equal(await primary.isDisabled(), false);
  await page.getByLabel('Disabled').check();
  await story(page).locator('button[disabled]').first().waitFor();
  assert.equal(await primary.isDisabled(), true);
  assert.match(page.url(), /[?&]disabled=true(&|$)/);

  // Reset brings back every default, in the controls, the story and the address.
  await page.getByRole('button', { name: 'Reset the controls' }).click();
  await page.waitForURL(/\/gallery\/button\/variants$/);
  assert.equal(await page.getByLabel('Disabled').isChecked(), false);
  await story(page).locator('button:not([disabled])').first().waitFor();
  await page.context().close();
});

test('frames show a story in both languages, both themes and three widths at once', async () => {
  const page = await newPage(ctx.browser, { width: 1280, height: 900 });
  await page.goto(`${ctx.server.url}/gallery/status-badge/one`);
  await settled(page);
  await page.getByLabel('Language').selectOption('both');
  await page.getByLabel('Theme').selectOption('both');
  await page.getByLabel('Width').selectOption('all');
  await page.waitForURL(/lang=both&theme=both&width=all/);
  const frames = page.locator('iframe[data-frame]');
  await page.waitForFunction(() => document.querySelectorAll('iframe[data-frame]').length === 12);
  for (const lang of ['en', 'ko']) {
    for (const theme of ['light', 'dark']) {
      for (const width of [360, 768, 1280]) {
        const key = `${lang}-${theme}-${width}`;
        const frame = await settled(page, key);
        const seen = await frame.evaluate(() => ({
          lang: document.documentElement.lang,
          theme: document.documentElement.dataset.theme,
          width: window.innerWidth,
          text: document.getElementById('story').innerText,
        }));
        assert.equal(seen.lang, lang, key);
        assert.equal(seen.theme, theme, key);
        assert.equal(seen.width, width, key);
        assert.match(seen.text, lang === 'ko' ? /보류 중/ : /Pending/, key);
      }
    }
  }
  assert.equal(await frames.count(), 12);
  const heights = () => frames.evaluateAll((fs) => fs.map((f) => f.getBoundingClientRect().height));
  // Which check each frame's story has reached (it counts up after each render).
  const checked = () => Promise.all(
    page.frames().filter((f) => /[?&]frame=/.test(f.url()))
      .map((f) => f.evaluate(() => Number(document.getElementById('story').dataset.checked))),
  );
  const before = await heights();
  const ticketsBefore = await checked();
  // A control reaches every frame.
  await page.getByLabel('Status').selectOption('active');
  await story(page, 'ko-dark-360').getByText('활성').waitFor();
  await story(page, 'en-light-1280').getByText('Active').waitFor();
  for (let i = 0; i < 100; i++) {
    const now = await checked();
    if (now.every((t, j) => t > ticketsBefore[j])) break;
    await page.waitForTimeout(100);
  }
  assert.ok((await checked()).every((t, j) => t > ticketsBefore[j]), 'every frame checked its new render');
  await page.waitForTimeout(200);
  assert.deepEqual(await heights(), before, 'a frame keeps its height while its story does');
  // The Korean and dark frames did not change the designer's own preferences, which the
  // frames share (the cookie the server reads, and the stored choices).
  const own = await page.evaluate(() => ({
    cookie: document.cookie,
    lang: localStorage.getItem('pb.lang'),
    theme: localStorage.getItem('pb.theme'),
  }));
  assert.doesNotMatch(own.cookie, /pb_lang=ko/);
  assert.doesNotMatch(own.cookie, /pb_theme=dark/);
  assert.equal(own.lang, null);
  assert.equal(own.theme, null);
  await screenshot(page, 'gallery-frames-1280');
  await page.context().close();
});

test('the checks beside a story run axe-core and the contrast of its text, and find what is wrong', async () => {
  // No axe from the test here: the workshop fetches its own.
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${ctx.server.url}/gallery/status-badge/one`);
  await settled(page);
  const checks = page.getByRole('region', { name: 'Checks' });
  await checks.getByText('English · light · canvas width: axe-core: no violations; contrast: every text passes AA in both themes').waitFor();
  const rows = checks.getByRole('table', { name: 'Text contrast, English · light · canvas width' }).getByRole('row');
  const themes = await rows.locator('td:first-child').allTextContents();
  assert.deepEqual([...new Set(themes)].sort(), ['dark', 'light'], 'both themes are measured');

  // Something wrong in the story: faint text and an image without a text alternative.
  const frame = await settled(page);
  await frame.evaluate(() => {
    const root = document.getElementById('story');
    const p = document.createElement('p');
    p.textContent = 'Faint words';
    p.style.color = '#bbbbbb';
    p.style.backgroundColor = '#ffffff';
    const img = document.createElement('img');
    img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
    root.append(p, img);
  });
  // Any change of the controls renders and checks the story again; changes in quick succession
  // (faster than a check runs) end in one report, of the last state.
  for (const status of ['active', 'expired', 'cancelled']) await page.getByLabel('Status').selectOption(status);
  // axe-core finds the missing alternative and, on its own, the faint text; the contrast
  // table finds the faint text in both themes.
  await checks.getByText(/axe-core: 2 violations; contrast: 2 below AA/).waitFor();
  await checks.getByText('image-alt').waitFor();
  await checks.getByText('color-contrast').waitFor();
  assert.equal(await checks.getByText(/did not run/).count(), 0);
  assert.equal(await frame.evaluate(() => document.getElementById('story').innerText.includes('Cancelled')), true);
  const faint = checks.getByRole('row').filter({ hasText: 'Faint words' });
  assert.equal(await faint.count(), 2, 'light and dark');
  assert.match(await faint.first().innerText(), /#bbbbbb on #ffffff\s+1\.91:1\s+4\.5:1\s+Fails AA/);
  await screenshot(page, 'gallery-checks-failing-1280');
  await context.close();
});

test('the workshop on a phone: the index above the story, everything reachable', async () => {
  const page = await newPage(ctx.browser, { width: 360, height: 740 });
  await page.goto(`${ctx.server.url}/gallery/dialog/invalid`);
  await settled(page);
  await story(page).getByRole('dialog', { name: 'Marketing contact' }).waitFor();
  await story(page).getByText(/other than your company's Partner Center account email/).first().waitFor();
  await expectNoAxeViolations(page, 'workshop 360');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the workshop is ${overflow}px wider than the phone`);
  await screenshot(page, 'gallery-workshop-360');
  await page.context().close();
});

test('a story opened on its own, outside the workshop, says first that it is a sample', async () => {
  const page = await newPage(ctx.browser);
  const base = ctx.server.url;
  // A frame's address opened directly, with text from the address: a convincing message on
  // the real origin unless it is marked.
  const res = await page.goto(`${base}/gallery/benefit-row/software?frame=x&name=Your%20account%20is%20locked`);
  assert.match(res.headers()['x-robots-tag'] ?? '', /noindex/, 'workshop pages are never indexed');
  await page.locator('#story[data-checked]').waitFor();
  const banner = page.getByRole('complementary', { name: 'Sample' });
  await banner.getByText('A sample from the component workshop').waitFor();
  await expectNoAxeViolations(page, 'story frame opened on its own');
  await screenshot(page, 'story-frame-alone-1280');

  // Inside the workshop the same story carries no banner.
  await page.goto(`${base}/gallery/benefit-row/software`);
  await settled(page);
  assert.equal(await story(page).locator('.sample-banner').count(), 0);
  await page.context().close();
});
