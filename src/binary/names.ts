// The `name` custom section: decoding into `Names` and encoding back.
// Decoding is forgiving in the spec's sense: any malformation makes the whole
// section count as absent (null), never a compile error. Unknown subsections
// are skipped. Encoding writes subsections in id order and maps sorted by index.

import type { Names } from '../ast.js';
import { emptyNames } from '../ast.js';
import type { ByteCursor } from './leb128.js';
import { readU32, writeU32 } from './leb128.js';
import { ByteWriter } from './writer.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Encoder = new TextEncoder();

type NameMapKey = 'funcs' | 'types' | 'tables' | 'memories' | 'globals' | 'elems' | 'datas' | 'tags';
type IndirectKey = 'locals' | 'labels' | 'fields';

/** Subsection id of each name map (index by id). */
const MAP_IDS: Record<number, NameMapKey> = {
  1: 'funcs', 4: 'types', 5: 'tables', 6: 'memories', 7: 'globals', 8: 'elems', 9: 'datas', 11: 'tags',
};
const INDIRECT_IDS: Record<number, IndirectKey> = { 2: 'locals', 3: 'labels', 10: 'fields' };

class Malformed extends Error {}

function cursor(bytes: Uint8Array, pos: number, end: number): ByteCursor {
  return { bytes, pos, end };
}

function u32(c: ByteCursor): number {
  try {
    return readU32(c);
  } catch {
    throw new Malformed();
  }
}

function name(c: ByteCursor): string {
  const n = u32(c);
  if (n > c.end - c.pos) throw new Malformed();
  let s: string;
  try {
    s = utf8.decode(c.bytes.subarray(c.pos, c.pos + n));
  } catch {
    throw new Malformed();
  }
  c.pos += n;
  return s;
}

function nameMap(c: ByteCursor): Map<number, string> {
  const n = u32(c);
  if (n > c.end - c.pos) throw new Malformed();
  const map = new Map<number, string>();
  for (let i = 0; i < n; i++) {
    const idx = u32(c);
    map.set(idx, name(c));
  }
  return map;
}

/** Decodes the payload of a `name` custom section; null when it is malformed. */
export function decodeNames(data: Uint8Array): Names | null {
  const names = emptyNames();
  const c = cursor(data, 0, data.length);
  try {
    while (c.pos < c.end) {
      const id = data[c.pos++]!;
      const size = u32(c);
      if (size > c.end - c.pos) return null;
      const sub = cursor(data, c.pos, c.pos + size);
      c.pos += size;
      if (id === 0) {
        names.module = name(sub);
      } else if (MAP_IDS[id] !== undefined) {
        names[MAP_IDS[id]] = nameMap(sub);
      } else if (INDIRECT_IDS[id] !== undefined) {
        const n = u32(sub);
        if (n > sub.end - sub.pos) return null;
        const outer = new Map<number, Map<number, string>>();
        for (let i = 0; i < n; i++) {
          const idx = u32(sub);
          outer.set(idx, nameMap(sub));
        }
        names[INDIRECT_IDS[id]] = outer;
      } else {
        continue; // unknown subsection: skipped whole
      }
      if (sub.pos !== sub.end) return null;
    }
  } catch (e) {
    if (e instanceof Malformed) return null;
    throw e;
  }
  return names;
}

function writeName(w: ByteWriter, s: string): void {
  w.sized(utf8Encoder.encode(s));
}

function writeNameMap(w: ByteWriter, map: Map<number, string>): void {
  const keys = [...map.keys()].sort((a, b) => a - b);
  writeU32(w, keys.length);
  for (const k of keys) {
    writeU32(w, k);
    writeName(w, map.get(k)!);
  }
}

/** Encodes `names` as the payload of a `name` custom section (empty maps are left out). */
export function encodeNames(names: Names): Uint8Array {
  const out = new ByteWriter();
  const subsection = (id: number, fill: (w: ByteWriter) => void) => {
    const w = new ByteWriter();
    fill(w);
    out.byte(id);
    out.sized(w.finish());
  };
  for (let id = 0; id <= 11; id++) {
    if (id === 0) {
      if (names.module !== undefined) subsection(0, (w) => writeName(w, names.module!));
    } else if (MAP_IDS[id] !== undefined) {
      const map = names[MAP_IDS[id]];
      if (map.size > 0) subsection(id, (w) => writeNameMap(w, map));
    } else {
      const outer = names[INDIRECT_IDS[id]!];
      if (outer.size === 0) continue;
      subsection(id, (w) => {
        const keys = [...outer.keys()].sort((a, b) => a - b);
        writeU32(w, keys.length);
        for (const k of keys) {
          writeU32(w, k);
          writeNameMap(w, outer.get(k)!);
        }
      });
    }
  }
  return out.finish();
}
