// The designer's loop, for style/: when a stylesheet part changes, joins the parts again
// (scripts/bundle-css.sh), writes the result over the files `trunk serve` serves, and tells
// every open page on http://<host>:8081/events (server-sent events). A debug client
// (src/ui/dev.rs) swaps its stylesheets in place: no wasm rebuild, no reload, so an open
// dialog stays open and a story keeps its controls. trunk itself does not watch style/
// (Trunk.toml), or every CSS change would rebuild and reload the whole client.
//
//   node scripts/dev-styles.mjs [dist]      (scripts/dev.sh starts it; dist defaults to dist/)
import { watch, readdirSync, copyFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.resolve(process.argv[2] ?? path.join(ROOT, 'dist'));
const port = Number(process.env.PB_DEV_STYLES_PORT ?? 8081);
const clients = new Set();

createServer((req, res) => {
  if (req.url !== '/events') {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-store',
    'access-control-allow-origin': '*',
  });
  res.write(': listening\n\n');
  clients.add(res);
  req.on('close', () => clients.delete(res));
}).listen(port, '127.0.0.1', () => console.log(`dev-styles: style/ watched, pages told on :${port}`));

// The built stylesheets (whatever scripts/bundle-css.sh writes into target/style) and where
// trunk put each (its names carry a content hash).
function targets() {
  const files = existsSync(dist) ? readdirSync(dist) : [];
  const stems = readdirSync(path.join(ROOT, 'target/style'))
    .filter((f) => f.endsWith('.css'))
    .map((f) => f.slice(0, -'.css'.length));
  return stems.flatMap((stem) =>
    files
      .filter((f) => f === `${stem}.css` || (f.startsWith(`${stem}-`) && f.endsWith('.css')))
      .map((f) => [path.join(ROOT, 'target/style', `${stem}.css`), path.join(dist, f)]),
  );
}

let timer;
watch(path.join(ROOT, 'style'), () => {
  // An editor's save is often several events: one rebuild for them all.
  clearTimeout(timer);
  timer = setTimeout(() => {
    const started = performance.now();
    try {
      execFileSync('sh', [path.join(ROOT, 'scripts/bundle-css.sh')], { stdio: 'inherit' });
      for (const [from, to] of targets()) copyFileSync(from, to);
    } catch (e) {
      console.error(`dev-styles: ${e.message}`);
      return;
    }
    for (const res of clients) res.write(`data: ${Date.now()}\n\n`);
    console.log(`dev-styles: stylesheets rebuilt in ${Math.round(performance.now() - started)} ms, ${clients.size} page(s) told`);
  }, 30);
});
