// trunk post_build step (release builds, from scripts/split-wasm.sh): the page paints before
// the code is even asked for.
//
// trunk's index.html preloads the glue and the wasm and imports the glue at once, so the
// first module (106 KB) is on the wire from the first byte, sharing a phone's bandwidth with
// the stylesheet the first paint waits for. The server paints the page itself (the sign-in
// card, a signed-in page's frame: src/server/first_paint.rs), so nothing on screen needs the
// code first. This drops the two preloads and has trunk's loader wait for the first frame
// after the stylesheets have applied before it imports the glue (which fetches the wasm).
// A module script runs only once the page has been parsed and its stylesheets have loaded, so
// that frame is the first paint. The server's policy allows the loader by its hash, computed
// from this file.
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2];
let html = readFileSync(file, 'utf8');
const fail = (what) => { console.error(`paint-first: ${what} not found in ${file}`); process.exit(1); };

const preloads = /<link(?=[^>]*rel="?(?:modulepreload|preload)"?[\s>])[^>]*>/g;
if (!preloads.test(html)) fail('the preload links');
html = html.replace(preloads, '');

const importLine = /import init, \* as bindings from '([^']+\.js)';/;
if (!importLine.test(html)) fail("the loader's import of the glue");
html = html.replace(importLine, (_, glue) =>
  'await new Promise((painted) => requestAnimationFrame(() => setTimeout(painted)));\n'
  + `const bindings = await import('${glue}');\n`
  + 'const init = bindings.default;');
writeFileSync(file, html);
