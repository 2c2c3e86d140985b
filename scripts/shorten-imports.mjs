// Called by scripts/split-wasm.sh (release builds) right after wasm-bindgen: gives the first
// module's imports from its JS glue short names, in the module and in the glue alike.
//
// wasm-bindgen names each import after what it calls plus a 16-digit hash that keeps names
// from different crates apart (`__wbg_setAttribute_f6c1b2…`), and keeps those names in the
// release build. Both files carry them: 230 names, 17 KB raw, and the hashes are random
// digits that no compressor can shrink. The sign-in page and every other first load paid
// 2.9 KB (wasm) + 2.2 KB (JS) of brotli for them. Here each becomes `_0`, `_1`, … `_6f`.
//
// Only the names of imports from the glue (`./<stem>_bg.js`) change; the import section is
// rewritten with them and every other section is copied byte for byte. In the glue each name
// must occur exactly once (its key in the imports object), or the script stops the build:
// a name that also appeared elsewhere would be renamed in one place and not the other.
//
// Usage: node shorten-imports.mjs <module.wasm> <glue.js>   (both rewritten in place)
import { readFileSync, writeFileSync } from 'node:fs';

const [wasmPath, gluePath] = process.argv.slice(2);
if (!wasmPath || !gluePath) throw new Error('usage: shorten-imports.mjs <module.wasm> <glue.js>');
const wasm = readFileSync(wasmPath);
let glue = readFileSync(gluePath, 'utf8');

// The binary format's unsigned LEB128 and its strings (a length, then UTF-8).
let at = 8; // after the magic and the version
const uleb = () => {
  let value = 0;
  for (let shift = 0; ; shift += 7) {
    const byte = wasm[at++];
    value += (byte & 0x7f) * 2 ** shift;
    if (!(byte & 0x80)) return value;
  }
};
const name = () => {
  const length = uleb();
  const text = wasm.subarray(at, at + length).toString('utf8');
  at += length;
  return text;
};
const toUleb = (n) => {
  const bytes = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) byte |= 0x80;
    bytes.push(byte);
  } while (n);
  return Buffer.from(bytes);
};
const toName = (text) => {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([toUleb(bytes.length), bytes]);
};
// Skips an import's description (func, table, memory, global, tag), which stays as it is.
const skipDescription = () => {
  const kind = wasm[at++];
  const limits = () => {
    const flags = uleb();
    uleb();
    if (flags & 1) uleb();
  };
  if (kind === 0) uleb(); // a function: its type index
  else if (kind === 1) { at++; limits(); } // a table: element type, limits
  else if (kind === 2) limits(); // a memory
  else if (kind === 3) at += 2; // a global: value type, mutability
  else if (kind === 4) { at++; uleb(); } // a tag
  else throw new Error(`import of unknown kind ${kind}`);
};

const IMPORT_SECTION = 2;
const out = [wasm.subarray(0, 8)];
let renamed = 0;
while (at < wasm.length) {
  const start = at;
  const id = wasm[at++];
  const size = uleb();
  const end = at + size;
  if (id !== IMPORT_SECTION) {
    out.push(wasm.subarray(start, end));
    at = end;
    continue;
  }
  const count = uleb();
  const entries = [toUleb(count)];
  for (let i = 0; i < count; i++) {
    const module = name();
    const field = name();
    const description = at;
    skipDescription();
    let short = field;
    if (module.endsWith('_bg.js')) {
      short = `_${(renamed++).toString(36)}`;
      const key = new RegExp(`(?<![\\w$])${field.replace(/\$/g, '\\$')}(?![\\w$])`, 'g');
      const found = glue.match(key)?.length ?? 0;
      if (found !== 1) throw new Error(`shorten-imports: ${field} occurs ${found} times in ${gluePath}`);
      glue = glue.replace(key, short);
    }
    entries.push(toName(module), toName(short), wasm.subarray(description, at));
  }
  if (at !== end) throw new Error('shorten-imports: the import section did not parse to its end');
  const body = Buffer.concat(entries);
  out.push(Buffer.from([IMPORT_SECTION]), toUleb(body.length), body);
}
if (renamed === 0) throw new Error(`shorten-imports: no imports from the glue in ${wasmPath}`);
writeFileSync(wasmPath, Buffer.concat(out));
writeFileSync(gluePath, glue);
console.error(`shorten-imports: ${renamed} imports renamed`);
