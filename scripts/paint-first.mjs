// trunk post_build step (release builds, from scripts/split-wasm.sh): where the server has
// painted the page itself (the sign-in card, a signed-in page's frame: src/server/
// first_paint.rs), the code is asked for only after that paint.
//
// trunk's loader imports the glue at once, and the glue fetches the wasm (106 KB), which then
// shares a phone's bandwidth with the stylesheets the first paint waits for. Nothing on
// screen needs the code first when the server has painted it, so this has the loader wait
// for the first frame (a module script runs once the page is parsed and its stylesheets
// have loaded, so that frame is the first paint), then import the glue. Without a first paint
// (the gallery, a service request, an address with no route), or in a tab not on screen
// (where frames do not come), it goes on at once. The server also drops the preloads from
// the pages it paints (first_paint::render), and its policy allows this script by its hash,
// computed from this file.
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2];
let html = readFileSync(file, 'utf8');
const fail = (what) => { console.error(`paint-first: ${what} not found in ${file}`); process.exit(1); };

const importLine = /import init, \* as bindings from '([^']+\.js)';/;
if (!importLine.test(html)) fail("the loader's import of the glue");
html = html.replace(importLine, (_, glue) =>
  "if (document.querySelector('[data-first-paint]') && document.visibilityState === 'visible') {\n"
  + '  await new Promise((painted) => requestAnimationFrame(() => setTimeout(painted)));\n'
  + '}\n'
  + `const bindings = await import('${glue}');\n`
  + 'const init = bindings.default;');
writeFileSync(file, html);
