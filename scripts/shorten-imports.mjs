// Called by scripts/split-wasm.sh (release builds) right after wasm-bindgen: gives the first
// module's imports from its JS glue short names, in the module and in the glue alike.
//
// wasm-bindgen names each import after what it calls plus a 16-digit hash that keeps names
// from different crates apart (`__wbg_setAttribute_f6c1b2…`), and keeps those names in the
// release build. Both files carry them (some 200 names, 17 KB raw), and the hashes are
// random digits that no compressor can shrink: every first load paid 2.9 KB (wasm) + 2.2 KB
// (JS) of brotli for them. Here each becomes `_0`, `_1`, … in base 36.
//
// Only the names of imports from the glue (`./<out-name>_bg.js`) change; the import section
// is rewritten with them and every other section is copied byte for byte. In the glue each name
// must occur exactly once (its key in the imports object), or the script stops the build:
// a name that also appeared elsewhere would be renamed in one place and not the other.
//
// Usage: node shorten-imports.mjs <module.wasm> <glue.js>   (both rewritten in place)
import { readFileSync, writeFileSync } from 'node:fs';
import { readModule, toName, toUleb } from './wasm-imports.mjs';

const [wasmPath, gluePath] = process.argv.slice(2);
if (!wasmPath || !gluePath) throw new Error('usage: shorten-imports.mjs <module.wasm> <glue.js>');
const wasm = readFileSync(wasmPath);
let glue = readFileSync(gluePath, 'utf8');
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const { sections, imports } = readModule(wasm);
// The module wasm-bindgen's glue answers imports for: `./<out-name>_bg.js` (the glue's file
// name, or what it was before trunk gave it a hash). Exactly one, or this is not such a module.
const glueModules = [...new Set(imports.map((i) => i.module).filter((m) => /^\.\/[^/]+_bg\.js$/.test(m)))];
if (glueModules.length !== 1) throw new Error(`shorten-imports: not one module of wasm-bindgen's glue in ${wasmPath}: ${glueModules}`);
const [fromGlue] = glueModules;
let renamed = 0;
const entries = imports.map(({ module, field, kind, desc }) => {
  let short = field;
  if (module === fromGlue) {
    short = `_${(renamed++).toString(36)}`;
    const key = new RegExp(`(?<![\\w$])${escape(field)}(?![\\w$])`, 'g');
    const found = glue.match(key)?.length ?? 0;
    if (found !== 1) throw new Error(`shorten-imports: ${field} occurs ${found} times in ${gluePath}`);
    glue = glue.replace(key, short);
  }
  return Buffer.from([...toName(module), ...toName(short), kind, ...desc]);
});
if (renamed === 0) throw new Error(`shorten-imports: no imports from ${fromGlue} in ${wasmPath}`);

// The import section rebuilt with the new names; every other section as it was.
const IMPORT_SECTION = 2;
const body = Buffer.concat([Buffer.from(toUleb(imports.length)), ...entries]);
const out = [wasm.subarray(0, 8)];
for (const { id, start, end } of sections) {
  out.push(id === IMPORT_SECTION ? Buffer.from([IMPORT_SECTION, ...toUleb(body.length), ...body]) : wasm.subarray(start, end));
}
writeFileSync(wasmPath, Buffer.concat(out));
writeFileSync(gluePath, glue);
console.error(`shorten-imports: ${renamed} imports renamed`);
