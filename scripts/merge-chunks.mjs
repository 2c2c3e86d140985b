// Called by scripts/split-wasm.sh (release builds) right after wasm-split: folds the small
// shared modules into the modules that are always loaded before whatever else needs them.
//
// wasm-split-cli puts a function used by several split points into a module of its own, one
// per set of split points that use it: 118 modules for our 12 points, most under a kilobyte,
// each a request with its headers and a file brotli compresses alone. It cannot know what we
// know about the order things load in (OWNERS):
// - the app chunk (router, shell) is loaded before every page and part: a module needed by it
//   goes into it, whoever else needs it too; so does a module needed by a split point always
//   loaded with it (WITH_APP: the app's texts, in the reader's language);
// - the Benefits page is loaded before an expanded benefit row: a module needed by the page and
//   by rows (and by nothing else but the designers' gallery) goes into the page;
// - a module needed by the expanded row and the gallery alone goes into the row's module.
// The rest, shared by pages that come in no known order (Benefits, Overview, Users, Packages:
// mostly Leptos's generic view code for them), go into three modules (COMMONS), each taking
// what the first page it names needs: `chunk_common_benefits` (Benefits carries the 180 KB
// budget), `chunk_common_overview` (where signing in lands) and `chunk_common` (the rest).
// Benefits then fetches only its share (26 KB brotli where the one common module was 58) and
// the Overview two; another page fetches all three, once. The price: the first expanded row
// also fetches `chunk_common` (36 KB), which the page no longer brought.
// A module also needed by a split point that can load before the app (the Korean texts, on
// the sign-in page: EARLY) stays as it is, so the sign-in page never pulls the app.
// Such a module that holds only data (no code: a string literal the Korean texts share with
// another split point, which the compiler stored once) goes into the first module instead:
// each is a few dozen bytes, and each was a request of its own on a Korean reader's every
// first load (three: 1.2 KB of headers for 159 bytes of text). In the first module the data is
// written to memory at start, before any chunk that reads it can load.
//
// Correctness does not rest on that order: whatever needed a merged module now needs the
// module it went into, which the loader fetches first (usually it is there already).
//
// How: every module wasm-split writes imports the same three things from "__wasm_split" (the
// memory, the function table, one global), and binaryen's wasm-merge would turn two imports
// of one memory into two memories. So each module to merge is pointed at a tiny hub module
// instead (the import's module name rewritten in place, same length), the hub imports the
// three once and exports them, and wasm-merge links them all into one module that imports
// them once. The loader (`__wasm_split.js`) is rewritten to match.
//
// Usage: node merge-chunks.mjs <dir with wasm-split's output> <the first module in it>
import { execFileSync } from 'node:child_process';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readModule, readUleb, toName, toUleb } from './wasm-imports.mjs';

// Each owner, and the split points that may need a module merged into it: those always loaded
// after it (or the gallery, a designers' page outside the size budget). `*`: every one.
const OWNERS = [
  ['app_chunk', '*'],
  ['benefits_page', ['benefit_details', 'gallery_page']],
  ['benefit_details', ['gallery_page']],
];
const EARLY = ['korean_first_texts'];
// Split points always loaded together with the app chunk (`ui::app::app_needs`: the app's
// texts in the reader's language): what they share with pages goes into the app chunk too,
// not into a common module every page would then fetch.
const WITH_APP = ['english_app_texts', 'korean_app_texts'];
// The pages a person lands on, and the address that opens each (see "Entry modules").
const ENTRIES = [
  ['benefits_page', '^\\/benefits(\\/|$)'],
  ['overview_page', '^\\/(overview)?$'],
];
// Above this many bytes of data, a data-only module stays a module: the first module is on
// every first load, and a larger table is better fetched by who needs it.
const DATA_ONLY_MAX = 1024;

const SHARED = '__wasm_split';
const HUB = '__wasm_hub00'; // as long as SHARED: the rename is done in place

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WASM_MERGE = path.join(root, '.tools/node_modules/binaryen/bin/wasm-merge');
const FEATURES = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
  '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue'];

const dir = process.argv[2];
const loaderPath = path.join(dir, '__wasm_split.js');
const fail = (what) => { console.error(`merge-chunks: ${what}`); process.exit(1); };
const firstModule = process.argv[3] ?? fail('usage: merge-chunks.mjs <dir> <first module>');

// ---- The loader: every module, what it needs -------------------------------------------
const loader = readFileSync(loaderPath, 'utf8');
const chunkDef = /\/\* [^*]* \*\/\nconst (__chunk_\d+) = makeLoad\(\(\) => \{\n {4}const src = fetch\(new URL\("\.\/(chunk_\d+)\.wasm", import\.meta\.url\)\);\n[\s\S]*?\n\}\n, \[([^\]]*)\]\);\n/g;
const splitDef = /export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\((\(\) => \{\n {4}const src = fetch\(new URL\("\.\/(split_\w+)\.wasm", import\.meta\.url\)\);\n[\s\S]*?\n\}\n), \[([^\]]*)\]\)\);\n?/g;
const list = (deps) => deps.split(',').map((d) => d.trim()).filter(Boolean);

const chunks = new Map(); // var -> { file }
for (const m of loader.matchAll(chunkDef)) {
  if (list(m[3]).length) fail(`${m[1]} needs other modules; this script does not expect that`);
  chunks.set(m[1], { file: `${m[2]}.wasm` });
}
const splits = new Map(); // name -> { fetcher, file, deps }
for (const m of loader.matchAll(splitDef)) {
  splits.set(m[1], { fetcher: m[2], file: `${m[3]}.wasm`, deps: list(m[4]) });
}
const firstDef = loader.search(/\/\* [^*]* \*\/\nconst __chunk_|export const __wasm_split_load_/);
if (!chunks.size || !splits.size || firstDef < 0) fail(`the loader's layout is not the one this script knows (${loaderPath})`);
for (const name of [...OWNERS.flatMap(([o, after]) => [o, ...(after === '*' ? [] : after)]), ...EARLY, ...WITH_APP]) {
  if (!splits.has(name)) fail(`no split point named ${name}`);
}

// ---- Which module goes where -----------------------------------------------------------
// The common modules: the loader's name for each, its file, and which shared modules it takes
// (given the split points that need one), the first that takes one.
const COMMONS = [
  ['__chunk_common_benefits', 'chunk_common_benefits', (users) => users.includes('benefits_page')],
  ['__chunk_common_overview', 'chunk_common_overview', (users) => users.includes('overview_page')],
  ['__chunk_common', 'chunk_common', () => true],
];
const isCommon = (o) => COMMONS.some(([v]) => v === o);
const FIRST = '(the first module)';
const ownerOf = new Map(); // chunk var -> owner name, a COMMONS name, or FIRST
const firstData = []; // the data segments moved into the first module, as encoded
for (const chunk of chunks.keys()) {
  const users = [...splits].filter(([, s]) => s.deps.includes(chunk)).map(([name]) => name);
  if (users.some((u) => EARLY.includes(u))) {
    const segments = dataOnly(readFileSync(path.join(dir, chunks.get(chunk).file)));
    if (segments && segments.reduce((n, s) => n + s.length, 0) <= DATA_ONLY_MAX) {
      ownerOf.set(chunk, FIRST);
      firstData.push(...segments);
    }
    continue;
  }
  if (users.some((u) => WITH_APP.includes(u))) users.push('app_chunk');
  const owner = OWNERS.find(([o, after]) => users.includes(o)
    && (after === '*' || users.every((u) => u === o || after.includes(u))));
  ownerOf.set(chunk, owner ? owner[0] : COMMONS.find(([, , takes]) => takes(users))[0]);
}

/**
 * A module that holds only data: its data segments, each as encoded (all active, at a
 * constant address in the one memory it imports); else null.
 */
function dataOnly(buf) {
  const { sections } = readModule(buf);
  // wasm-split writes every section a module may need, some of them empty: no function
  // (3: declared, 10: defined), export (7), global (6), start (8) or element segment (9).
  const entries = (id) => sections.filter((s) => s.id === id).reduce((n, s) => n + readUleb(buf, s.body)[0], 0);
  if ([3, 6, 7, 9, 10].some((id) => entries(id)) || sections.some(({ id }) => id === 8)) return null;
  // And no memory of its own (5): its segments are for the one memory every module imports.
  if (sections.some(({ id }) => id === 5)) return null;
  const data = sections.find(({ id }) => id === 11);
  if (!data) return null;
  const segments = [];
  let [count, at] = readUleb(buf, data.body);
  while (count--) {
    const start = at;
    // Active, memory 0 (flag 0), at `i32.const` (0x41, a signed LEB) then `end` (0x0b).
    if (buf[at++] !== 0 || buf[at++] !== 0x41) return null;
    while (buf[at++] & 0x80);
    if (buf[at++] !== 0x0b) return null;
    const [length, bytes] = readUleb(buf, at);
    at = bytes + length;
    if (length) segments.push(buf.subarray(start, at)); // an empty one writes nothing
  }
  if (at !== data.end) fail('a data section did not parse to its end');
  return segments;
}

/** Adds `segments` (encoded data segments) to the module in `file`, and counts them. */
function addData(file, segments) {
  const buf = readFileSync(file);
  const { sections } = readModule(buf);
  const data = sections.find(({ id }) => id === 11);
  const count = sections.find(({ id }) => id === 12);
  if (!data) fail(`${file} has no data section`);
  const [had, entries] = readUleb(buf, data.body);
  const section = (id, body) => Buffer.from([id, ...toUleb(body.length), ...body]);
  const parts = [];
  let at = 0;
  for (const s of sections) {
    if (s.id !== 11 && s.id !== 12) continue;
    parts.push(buf.subarray(at, s.start));
    if (s.id === 12) parts.push(section(12, toUleb(had + segments.length)));
    else parts.push(section(11, Buffer.concat([Buffer.from(toUleb(had + segments.length)), buf.subarray(entries, s.end), ...segments])));
    at = s.end;
  }
  parts.push(buf.subarray(at));
  if (count && readUleb(buf, count.body)[0] !== had) fail(`${file}: its data count does not match its data section`);
  writeFileSync(file, Buffer.concat(parts));
}

// ---- Merging the modules ---------------------------------------------------------------
/** Points the module's imports from SHARED at HUB (in place) and answers what it imports. */
function pointAtHub(buf) {
  const imports = {};
  for (const { module, moduleAt, field, kind, flags, min, desc } of readModule(buf).imports) {
    if (module !== SHARED) fail(`a module imports from ${module}, not ${SHARED}`);
    if (kind !== 1 && kind !== 2 && kind !== 3) fail(`import kind ${kind} not expected`);
    imports[field] = { kind, flags, min, desc };
    buf.write(HUB, moduleAt, 'utf8');
  }
  return imports;
}

/** The hub: imports what the modules import from SHARED, once, at the largest size asked. */
function hub(all) {
  const order = [['memory', 2], ['__indirect_function_table', 1], ['__wasm_split_shared0', 3]];
  const imports = []; const exports = [];
  for (const [field, kind] of order) {
    const seen = all.map((i) => i[field]).filter(Boolean);
    if (!seen.length) continue;
    let desc;
    if (kind === 3) desc = [...seen[0].desc];
    else {
      const widest = seen.reduce((a, b) => (b.min > a.min ? b : a));
      desc = [...widest.desc];
    }
    imports.push([...toName(SHARED), ...toName(field), kind, ...desc]);
    exports.push([...toName(field), kind, 0]);
  }
  const section = (id, entries) => {
    const body = [...toUleb(entries.length), ...entries.flat()];
    return [id, ...toUleb(body.length), ...body];
  };
  return Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...section(2, imports), ...section(7, exports)]);
}

/** Links `files` (in `dir`) into one module `out`, through the hub. */
function mergeFiles(files, out, what) {
  const buffers = files.map((f) => readFileSync(path.join(dir, f)));
  const imports = buffers.map(pointAtHub);
  const hubFile = path.join(dir, `${HUB}.wasm`);
  writeFileSync(hubFile, hub(imports));
  const args = [WASM_MERGE, hubFile, HUB];
  files.forEach((f, i) => {
    const tmp = path.join(dir, `${f}.hub`);
    writeFileSync(tmp, buffers[i]);
    args.push(tmp, `m${i}`);
  });
  try {
    // A module merged before re-exports what the hub gave it: the hub's own exports win.
    execFileSync(process.execPath, [...args, '-o', `${out}.merged`, '--skip-export-conflicts', ...FEATURES], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    fail(`wasm-merge failed for ${what}: ${String(e.stderr).split('\n').filter((l) => !l.startsWith('warning: unknown name subsection')).join('\n').slice(-2000)}`);
  }
  for (const f of files) rmSync(path.join(dir, `${f}.hub`));
  rmSync(hubFile);
}

const moved = [...ownerOf].filter(([, o]) => o === FIRST).map(([chunk]) => chunks.get(chunk).file);
if (firstData.length) addData(firstModule, firstData);
for (const f of moved) rmSync(path.join(dir, f));
if (moved.length) console.error(`merge-chunks: ${moved.length} data-only modules into the first module (${firstData.reduce((n, s) => n + s.length, 0)} bytes)`);

const commonFile = (o) => COMMONS.find(([v]) => v === o)[1];
for (const owner of [...OWNERS.map(([o]) => o), ...COMMONS.map(([v]) => v)]) {
  const merged = [...ownerOf].filter(([, o]) => o === owner).map(([chunk]) => chunk);
  if (!merged.length) continue;
  const into = isCommon(owner) ? [] : [splits.get(owner).file];
  const files = [...into, ...merged.map((c) => chunks.get(c).file)];
  const out = path.join(dir, isCommon(owner) ? `${commonFile(owner)}.wasm` : files[0]);
  mergeFiles(files, out, owner);
  for (const f of files) rmSync(path.join(dir, f));
  renameSync(`${out}.merged`, out);
  console.error(`merge-chunks: ${merged.length} modules into ${path.basename(out)}`);
}

// ---- The loader, to match --------------------------------------------------------------
const ownerVar = (o) => (isCommon(o) ? o : `__split_${o}`);
const depsOf = (name, deps) => [...new Set(deps.map((d) => {
  const o = ownerOf.get(d);
  if (!o) return d;
  return o === name || o === FIRST ? null : ownerVar(o);
}).filter(Boolean))];
// What each module the loader names needs, and its file, once merged.
const needs = new Map(); // var -> [vars]
const fileOf = new Map(); // var -> file
for (const [v, { file }] of chunks) if (!ownerOf.has(v)) { needs.set(v, []); fileOf.set(v, file); }
for (const [v, file] of COMMONS) { needs.set(v, []); fileOf.set(v, `${file}.wasm`); }
for (const [n, s] of splits) { needs.set(`__split_${n}`, depsOf(n, s.deps)); fileOf.set(`__split_${n}`, s.file); }

// ---- Entry modules ----------------------------------------------------------------------
// A page opened cold (or landed on after signing in) loads the app chunk, then its own
// module with what it shares with other pages: three modules one after the other (Benefits:
// 77 KB as sent). For the pages people land on, one more module holds all of them, linked
// into one (`entry_benefits_page.wasm`): brotli then finds what they share (5 KB less for
// Benefits), and it is one request instead of three. The loader picks it when the address it
// first sees is that page's; the modules it holds then all answer from it, so nothing is
// fetched twice, and any other way in is as before.
const entries = ENTRIES.filter(([page]) => splits.has(page) || fail(`no split point named ${page}`))
  .map(([page, address]) => {
    const members = [];
    const add = (v) => { if (!members.includes(v)) { needs.get(v).forEach(add); members.push(v); } };
    add(`__split_${page}`);
    // A module a split point loaded before the app needs (the Korean texts, on the sign-in
    // page) must not answer from an entry module: the sign-in page would wait for the app.
    for (const early of EARLY) {
      const shared = needs.get(`__split_${early}`).filter((v) => members.includes(v));
      if (shared.length) fail(`the ${page} entry would hold ${shared} , which ${early} needs before the app`);
    }
    const file = `entry_${page}.wasm`;
    mergeFiles(members.map((v) => fileOf.get(v)), path.join(dir, file), `the ${page} entry`);
    renameSync(path.join(dir, `${file}.merged`), path.join(dir, file));
    console.error(`merge-chunks: ${members.length} modules into ${file}`);
    return { v: `__entry_${page}`, file, address, members };
  });
const fetcherOf = (file) => `() => {
    const src = fetch(new URL("./${file}", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
`;
/** `const v = …`: the loader of an entry module holding v when there is one, else `def`. */
const define = (v, def) => {
  const via = entries.filter((e) => e.members.includes(v)).map((e) => `${e.v} ?? `).join('');
  return `const ${v} = ${via}${def};\n`;
};

let out = loader.slice(0, firstDef);
// Where this visit lands: the address; on the sign-in page, where signing in goes (its
// `next` by the same rule as `ui::pages::sign_in::safe_next`, else the Overview), as the app
// chunk is fetched there while the person types.
out += `const landing = (() => {
    if (!location.pathname.startsWith("/sign-in")) return location.pathname;
    const next = new URLSearchParams(location.search).get("next");
    if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/sign-in")) return "/overview";
    return next.split(/[?#]/)[0];
})();
`;
for (const e of entries) {
  out += `const ${e.v} = /${e.address}/.test(landing) ? makeLoad(${fetcherOf(e.file)}, []) : undefined;\n`;
}
for (const m of loader.matchAll(chunkDef)) if (!ownerOf.has(m[1])) {
  out += define(m[1], `makeLoad(${fetcherOf(fileOf.get(m[1]))}, [])`);
}
for (const [v] of COMMONS) {
  if (![...ownerOf.values()].includes(v)) continue;
  out += define(v, `makeLoad(${fetcherOf(fileOf.get(v))}, [])`);
}
// Owners first, in order: a later one may need an earlier one, and a `const` must be defined
// before another's list of what it needs names it.
const early = OWNERS.map(([o]) => o);
for (const o of early) {
  const s = splits.get(o);
  out += define(ownerVar(o), `makeLoad(${s.fetcher}, [${depsOf(o, s.deps).join(', ')}])`);
}
for (const [n, s] of splits) {
  if (!early.includes(n)) out += define(`__split_${n}`, `makeLoad(${s.fetcher}, [${depsOf(n, s.deps).join(', ')}])`);
  out += `export const __wasm_split_load_${n} = wrapAsyncCb(__split_${n});\n`;
}
writeFileSync(loaderPath, out);
