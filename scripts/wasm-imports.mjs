// Reading a WebAssembly module's import section, for the build steps that rewrite imports in
// place (merge-chunks.mjs points chunks at a hub module; shorten-imports.mjs renames the first
// module's imports from its glue). Only what those modules hold: functions, tables, memories
// (32- or 64-bit, shared or not, custom page sizes), globals and tags of the value types
// wasm32 emits; anything else stops the build rather than being misread.

/** Reads an unsigned LEB128 at `at`: [value, the offset after it]. */
export function readUleb(buf, at) {
  let value = 0;
  for (let shift = 0; ; shift += 7) {
    if (at >= buf.length) throw new Error('wasm: a number runs past the end of the module');
    const byte = buf[at++];
    value += (byte & 0x7f) * 2 ** shift;
    if (!(byte & 0x80)) return [value, at];
  }
}

/** `n` as unsigned LEB128 bytes. */
export function toUleb(n) {
  const bytes = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n) byte |= 0x80;
    bytes.push(byte);
  } while (n);
  return bytes;
}

/** A name as the binary format writes it: its length in bytes, then UTF-8. */
export const toName = (text) => [...toUleb(Buffer.byteLength(text)), ...Buffer.from(text)];

// Value types that are one byte: i32, i64, f32, f64, v128, funcref, externref. A typed
// reference (0x63, 0x64) carries a heap type after it, which nothing here emits.
const ONE_BYTE_TYPES = new Set([0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f]);

/**
 * The module's sections, each { id, start, body, end } (start: its id byte; body: after its
 * size), and the import section's entries, each { module, moduleAt, field, kind, flags, min,
 * desc } (moduleAt: the module name's first byte; desc: the bytes after the kind).
 */
export function readModule(buf) {
  const sections = [];
  const imports = [];
  let at = 8; // after the magic and the version
  while (at < buf.length) {
    const start = at;
    const id = buf[at];
    const [size, body] = readUleb(buf, at + 1);
    const end = body + size;
    if (end > buf.length) throw new Error(`wasm: section ${id} runs past the end of the module`);
    sections.push({ id, start, body, end });
    if (id === 2) {
      let [count, p] = readUleb(buf, body);
      while (count--) {
        const [moduleLength, moduleAt] = readUleb(buf, p);
        const module = buf.toString('utf8', moduleAt, moduleAt + moduleLength);
        const [fieldLength, fieldAt] = readUleb(buf, moduleAt + moduleLength);
        const field = buf.toString('utf8', fieldAt, fieldAt + fieldLength);
        let q = fieldAt + fieldLength;
        const kind = buf[q++];
        const descAt = q;
        const valueType = () => {
          if (!ONE_BYTE_TYPES.has(buf[q])) throw new Error(`wasm: ${field}: value type 0x${buf[q].toString(16)} not expected`);
          q++;
        };
        let flags;
        let min;
        if (kind === 0) [, q] = readUleb(buf, q); // a function: its type's index
        else if (kind === 1 || kind === 2) { // a table (element type first), a memory: limits
          if (kind === 1) valueType();
          [flags, q] = readUleb(buf, q);
          [min, q] = readUleb(buf, q);
          if (flags & 1) [, q] = readUleb(buf, q); // a maximum
          if (flags & 8) [, q] = readUleb(buf, q); // a custom page size
        } else if (kind === 3) { valueType(); q++; } // a global: type, mutability
        else if (kind === 4) { q++; [, q] = readUleb(buf, q); } // a tag: attribute, type's index
        else throw new Error(`wasm: ${field}: import kind ${kind} not expected`);
        imports.push({ module, moduleAt, field, kind, flags, min, desc: buf.subarray(descAt, q) });
        p = q;
      }
      if (p !== end) throw new Error('wasm: the import section did not parse to its end');
    }
    at = end;
  }
  return { sections, imports };
}
