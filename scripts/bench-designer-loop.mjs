// Called by scripts/bench-designer-loop.sh with the `trunk serve` address: opens a gallery story
// in headless Chromium and times (1) a style/ change until the story's computed style shows it
// (and checks the page was not reloaded), (2) a component's Rust source change until the
// rebuilt client has reloaded the story. Sources are put back after each edit.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, ROOT } from '../tests/browser/helpers.mjs';

const base = process.argv[2];
const STORY = `${base}/gallery/status-badge/one?frame=bench&lang=en&theme=light`;
const CSS = path.join(ROOT, 'style/gallery.css');
const RUST = path.join(ROOT, 'src/ui/components/status_badge.rs');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const browser = await launchBrowser();
const page = await browser.newPage();
page.setDefaultTimeout(600_000);
await page.goto(STORY);
await page.locator('#story[data-checked]').waitFor();
await page.evaluate(() => { window.__notReloaded = true; });

const css = readFileSync(CSS, 'utf8');
const styleRuns = [];
for (let i = 1; i <= 5; i++) {
  const colour = `rgb(${i}, 2, 3)`;
  const started = Date.now();
  writeFileSync(CSS, `${css}\n.story { outline: 3px solid ${colour}; }\n`);
  await page.waitForFunction((c) => getComputedStyle(document.getElementById('story')).outlineColor === c, colour, { polling: 'raf' });
  styleRuns.push(Date.now() - started);
  writeFileSync(CSS, css);
  await page.waitForFunction(() => getComputedStyle(document.getElementById('story')).outlineStyle === 'none', null, { polling: 'raf' });
}
const kept = await page.evaluate(() => window.__notReloaded === true);
console.log(`style/ change → story restyled: median ${median(styleRuns)} ms (runs: ${styleRuns.join(', ')} ms); page reloaded: ${kept ? 'no' : 'YES'}`);

const rust = readFileSync(RUST, 'utf8');
const rustRuns = [];
for (const edit of [`${rust}\n// designer-loop benchmark\n`, rust]) {
  const started = Date.now();
  writeFileSync(RUST, edit);
  await page.waitForFunction(() => window.__notReloaded !== true, null, { polling: 500 });
  await page.locator('#story[data-checked]').waitFor();
  rustRuns.push(Date.now() - started);
  await page.evaluate(() => { window.__notReloaded = true; });
}
writeFileSync(RUST, rust);
console.log(`component (.rs) change → rebuilt client shows the story: ${rustRuns.map((ms) => (ms / 1000).toFixed(1)).join(' s, ')} s`);
await browser.close();
