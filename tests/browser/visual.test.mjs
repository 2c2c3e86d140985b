// Every story of the designers' gallery, as it looks: screenshotted in headless Chromium at
// 360 and 1280 px, light and dark, and compared with the reference images in tests/visual/.
// A real difference fails the test and leaves the new image and a diff (changed pixels in red)
// in test-results/visual/. After a change that is meant, `make visual-update` writes the new
// references (review them as any other diff before committing).
//
// Deterministic by construction: the stories hold fixed sample data and call no server; the
// clock is frozen and the zone is UTC; transitions, animations and the caret are off in a
// story's frame; the fonts are named and installed by the test command (scripts/tools.sh).
// pixelmatch's anti-aliasing detection ignores edge pixels that differ by rendering alone.
//
// Each story also renders without a console error and axe-core finds nothing in it, in
// English (each screenshot) and in Korean (360 px, light and dark).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { serverAndBrowser, newPage, expectNoAxeViolations, ROOT, RESULTS } from './helpers.mjs';

const require = createRequire(path.join(ROOT, '.tools/package.json'));
const { PNG } = require('pngjs');
const { default: pixelmatch } = await import(pathToFileURL(path.join(ROOT, '.tools/node_modules/pixelmatch/index.js')));

const UPDATE = process.env.PB_UPDATE_VISUAL === '1';
const REFERENCES = path.join(ROOT, 'tests/visual');
const OUT = path.join(RESULTS, 'visual');
const FROZEN = new Date('2026-12-01T09:00:00Z');
// pixelmatch's per-pixel colour threshold (0–1; its default): smaller differences are the same colour.
const THRESHOLD = 0.1;
// `PB_VISUAL_ONLY=user-picker` checks (or updates) only the stories whose address has that text.
const ONLY = process.env.PB_VISUAL_ONLY ?? '';

const ctx = serverAndBrowser();

/** Every story in the workshop's index: its address and what its frame adds (`open=…`). */
async function allStories() {
  const page = await newPage(ctx.browser);
  await page.goto(`${ctx.server.url}/gallery`);
  const links = page.getByRole('navigation', { name: 'Stories' }).locator('a[href^="/gallery/"]');
  await links.first().waitFor();
  const stories = await links.evaluateAll((as) =>
    as.map((a) => ({ path: new URL(a.href).pathname, address: a.dataset.address ?? '' })),
  );
  await page.context().close();
  return stories.filter((s) => s.path.includes(ONLY));
}

/** Compares one screenshot with its reference; answers what is wrong, or null. */
function compare(name, png, written) {
  const reference = path.join(REFERENCES, `${name}.png`);
  const actual = PNG.sync.read(png);
  const known = existsSync(reference) ? PNG.sync.read(readFileSync(reference)) : null;
  const sameSize = known && known.width === actual.width && known.height === actual.height;
  const diff = sameSize ? new PNG({ width: actual.width, height: actual.height }) : null;
  const changed = sameSize
    ? pixelmatch(known.data, actual.data, diff.data, actual.width, actual.height, { threshold: THRESHOLD })
    : null;
  if (UPDATE) {
    if (changed !== 0) {
      writeFileSync(reference, png);
      written.push(name);
    }
    return null;
  }
  if (!known) return `${name}: no reference image (run \`make visual-update\` and review it)`;
  if (changed === 0) return null;
  mkdirSync(OUT, { recursive: true });
  writeFileSync(path.join(OUT, `${name}.actual.png`), png);
  if (!sameSize) {
    return `${name}: ${actual.width}×${actual.height} px, the reference is ${known.width}×${known.height} (test-results/visual/${name}.actual.png)`;
  }
  writeFileSync(path.join(OUT, `${name}.diff.png`), PNG.sync.write(diff));
  return `${name}: ${changed} pixels differ (test-results/visual/${name}.diff.png)`;
}

test('every story looks as its reference at 360 and 1280 px, light and dark, and in English and Korean has no console error and nothing for axe', async () => {
  const stories = await allStories();
  assert.ok(ONLY ? stories.length > 0 : stories.length >= 40, `${stories.length} stories`);
  mkdirSync(REFERENCES, { recursive: true });
  rmSync(OUT, { recursive: true, force: true });
  const problems = [];
  const written = [];
  const shot = new Set();
  // One page per frame setting; each story is opened in it, rendered, checked (console and
  // axe) and handed to `then` with its name.
  const visit = async ({ lang, theme, width }, then) => {
    const page = await newPage(ctx.browser, { width, height: 800 }, {
      colorScheme: theme,
      reducedMotion: 'reduce',
      timezoneId: 'UTC',
    });
    await page.clock.setFixedTime(FROZEN);
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    for (const story of stories) {
      const [, , component, state] = story.path.split('/');
      const name = `${component}--${state}--${lang === 'en' ? '' : `${lang}-`}${theme}-${width}`;
      errors.length = 0;
      await page.goto(`${ctx.server.url}${story.path}?frame=shot&lang=${lang}&theme=${theme}${story.address ? `&${story.address}` : ''}`);
      await page.locator(`html[lang="${lang}"] #story[data-checked]`).waitFor();
      try {
        await expectNoAxeViolations(page, name);
      } catch (e) {
        problems.push(e.message);
      }
      if (errors.length) problems.push(`${name}: console errors:\n  ${errors.join('\n  ')}`);
      // Opened on its own, a frame says it is a sample (gallery.test.mjs checks that, and axe
      // saw it above); the references are of the story itself, as the workshop shows it.
      await page.evaluate(() => document.querySelector('.sample-banner')?.remove());
      await then(page, name);
    }
    await page.context().close();
  };
  for (const theme of ['light', 'dark']) {
    for (const width of [360, 1280]) {
      await visit({ lang: 'en', theme, width }, async (page, name) => {
        shot.add(`${name}.png`);
        const png = await page.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide' });
        const wrong = compare(name, png, written);
        if (wrong) problems.push(wrong);
      });
    }
  }
  // Korean, for what a language changes: no console error and nothing for axe (lang, text
  // that no longer fits a control's name); not screenshotted, the English images cover layout.
  for (const theme of ['light', 'dark']) {
    await visit({ lang: 'ko', theme, width: 360 }, async () => {});
  }
  // A reference no story makes any more is a leftover: updating removes it, checking reports it.
  const leftovers = ONLY ? [] : readdirSync(REFERENCES).filter((f) => f.endsWith('.png') && !shot.has(f));
  for (const file of leftovers) {
    if (UPDATE) {
      rmSync(path.join(REFERENCES, file));
      written.push(`${file} (removed)`);
    } else {
      problems.push(`${file}: a reference image no story makes (run \`make visual-update\`)`);
    }
  }
  if (UPDATE) console.log(`visual references written: ${written.length ? written.join(', ') : 'none changed'}`);
  assert.deepEqual(problems, [], `\n${problems.join('\n')}`);
});
