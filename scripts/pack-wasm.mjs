// Prepares an optimised module for brotli, which sends it (scripts/split-wasm.sh, step 3b):
//
// 1. Names every function after a sort key, its type then the first bytes of its body, so
//    that `wasm-opt --reorder-functions-by-name` (run next) puts functions that look alike
//    side by side. The linker's order scatters them; brotli finds more and nearer repeats when
//    they are neighbours: −3.2 KB on the first module, −0.7 to −1.0 KB per chunk (measured
//    2026-12-04; ordering by size alone gave half that, by the function table's order more
//    than it saved). The names are only keys: the next step strips them.
// 2. Drops the element segments that only set table slots to null, in a module that defines
//    its table. wasm-split-cli writes one in the first module for each run of slots a chunk
//    fills when it loads (209, 1 KB as sent), but a new table's slots are null already, so
//    they change nothing. (In a module that imports the table they would clear live slots:
//    kept there. Nothing the toolchain writes uses element indices, `table.init` or
//    `elem.drop`, which dropping segments would renumber.)
//
// Usage: node pack-wasm.mjs <in.wasm> <out.wasm>
import { readFileSync, writeFileSync } from 'node:fs';
import { readModule, readUleb, toName, toUleb } from './wasm-imports.mjs';

const [inPath, outPath] = process.argv.slice(2);
if (!inPath || !outPath) throw new Error('usage: pack-wasm.mjs <in.wasm> <out.wasm>');
const wasm = readFileSync(inPath);
const { sections, imports } = readModule(wasm);
const fail = (why) => { throw new Error(`pack-wasm: ${inPath}: ${why}`); };

const FUNCTION_SECTION = 3;
const ELEMENT_SECTION = 9;
const CODE_SECTION = 10;
const CUSTOM_SECTION = 0;
// Bytes of a body that go into its key: enough to tell apart functions that only begin alike.
const KEY_BYTES = 300;

const section = (id) => sections.find((s) => s.id === id);
const customName = ({ body }) => {
  const [length, at] = readUleb(wasm, body);
  return wasm.toString('utf8', at, at + length);
};

// The type of each function the module defines.
const types = [];
{
  // A module of wasm-split's may define no function (then it has neither section).
  const s = section(FUNCTION_SECTION);
  let [count, at] = s ? readUleb(wasm, s.body) : [0];
  while (count--) {
    let type;
    [type, at] = readUleb(wasm, at);
    types.push(type);
  }
}

// Each body's key. Functions are numbered after the imported ones.
const importedFunctions = imports.filter((i) => i.kind === 0).length;
const importsTable = imports.some((i) => i.kind === 1);
const keys = [];
{
  const s = section(CODE_SECTION);
  let [count, at] = s ? readUleb(wasm, s.body) : [0];
  if (count !== types.length) fail('the code and function sections disagree');
  const width = String(Math.max(...types, 0)).length;
  for (let i = 0; i < count; i++) {
    const [size, bodyAt] = readUleb(wasm, at);
    const head = wasm.toString('hex', bodyAt, Math.min(bodyAt + size, bodyAt + KEY_BYTES));
    // The index last keeps keys unique, so the order is the same on every build.
    keys.push(`${String(types[i]).padStart(width, '0')}${head}_${i}`);
    at = bodyAt + size;
  }
}

// The element section without its null-only segments. Only the two forms the toolchain
// writes are read (0: function indices; 4: expressions, each ref.func or ref.null); any other
// stops the build rather than being misread.
function elementSection({ body, end }) {
  let [count, at] = readUleb(wasm, body);
  const kept = [];
  let dropped = 0;
  while (count--) {
    const start = at;
    let flags;
    [flags, at] = readUleb(wasm, at);
    if (flags !== 0 && flags !== 4) fail(`element segment form ${flags} not expected`);
    if (wasm[at++] !== 0x41) fail('an element segment offset that is not i32.const');
    [, at] = readUleb(wasm, at);
    if (wasm[at++] !== 0x0b) fail('an element segment offset longer than one instruction');
    let entries;
    [entries, at] = readUleb(wasm, at);
    let onlyNull = flags === 4;
    for (let i = 0; i < entries; i++) {
      if (flags === 0) {
        [, at] = readUleb(wasm, at);
        continue;
      }
      const op = wasm[at++];
      if (op === 0xd2) { onlyNull = false; [, at] = readUleb(wasm, at); } // ref.func
      else if (op === 0xd0 && wasm[at] === 0x70) at++; // ref.null func
      else fail(`element expression 0x${op.toString(16)} not expected`);
      if (wasm[at++] !== 0x0b) fail('an element expression longer than one instruction');
    }
    if (onlyNull && !importsTable) dropped++;
    else kept.push(wasm.subarray(start, at));
  }
  if (at !== end) fail('the element section did not parse to its end');
  const content = Buffer.concat([Buffer.from(toUleb(kept.length)), ...kept]);
  return { bytes: Buffer.concat([Buffer.from([ELEMENT_SECTION, ...toUleb(content.length)]), content]), dropped };
}

// The name section: subsection 1, function names.
function nameSection() {
  const entries = keys.map((key, i) => Buffer.from([...toUleb(importedFunctions + i), ...toName(key)]));
  const functionNames = Buffer.concat([Buffer.from(toUleb(keys.length)), ...entries]);
  const content = Buffer.concat([
    Buffer.from(toName('name')),
    Buffer.from([1, ...toUleb(functionNames.length)]),
    functionNames,
  ]);
  return Buffer.concat([Buffer.from([CUSTOM_SECTION, ...toUleb(content.length)]), content]);
}

const out = [wasm.subarray(0, 8)];
let dropped = 0;
for (const s of sections) {
  if (s.id === CUSTOM_SECTION && customName(s) === 'name') continue; // replaced below
  if (s.id === ELEMENT_SECTION) {
    const element = elementSection(s);
    dropped = element.dropped;
    out.push(element.bytes);
  } else out.push(wasm.subarray(s.start, s.end));
}
// Custom sections may come after all others; the name section is conventionally last.
out.push(nameSection());
writeFileSync(outPath, Buffer.concat(out));
console.error(`pack-wasm: ${inPath.split('/').pop()}: ${keys.length} functions keyed, ${dropped} null element segments dropped`);
