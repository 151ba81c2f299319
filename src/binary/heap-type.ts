// Heap types in the binary format (spec 5.3.4), with the custom-descriptors
// proposal's `exact x` form. The module decoder and the instruction stream both
// read them, so the rule and its error wording live here once.

import type { AbsHeapType, HeapType, RefType } from '../ast.js';
import { CompileError } from '../errors.js';
import type { ByteCursor } from './leb128.js';
import { readS33 } from './leb128.js';

/** The abstract heap type each one-byte code stands for (0x69..0x74); undefined for other bytes. */
export const ABS_HEAP_BY_BYTE: readonly (AbsHeapType | undefined)[] = (() => {
  const table: (AbsHeapType | undefined)[] = [];
  const codes: [number, AbsHeapType][] = [
    [0x74, 'noexn'], [0x73, 'nofunc'], [0x72, 'noextern'], [0x71, 'none'], [0x70, 'func'], [0x6f, 'extern'],
    [0x6e, 'any'], [0x6d, 'eq'], [0x6c, 'i31'], [0x6b, 'struct'], [0x6a, 'array'], [0x69, 'exn'],
  ];
  for (const [b, h] of codes) table[b] = h;
  return table;
})();

/** A byte cursor that also says whether the last heap type it read was `exact x`
 *  (the heap type itself stays a plain HeapType, as in the AST). */
export interface HeapTypeCursor extends ByteCursor {
  lastExact: boolean;
}

/** Reads a heap type: an abstract type's byte, `0x62 x` (exact, custom-descriptors) or a type index (s33). */
export function readHeapType(c: HeapTypeCursor): HeapType {
  const at = c.pos;
  c.lastExact = false;
  if (at < c.end) {
    const b = c.bytes[at]!;
    const abs = ABS_HEAP_BY_BYTE[b];
    if (abs !== undefined) {
      c.pos++;
      return abs;
    }
    if (b === 0x62) {
      c.pos++;
      const x = readS33(c);
      if (x < 0) throw new CompileError('malformed storage type', at);
      c.lastExact = true;
      return x;
    }
  }
  const v = readS33(c);
  if (v < 0) throw new CompileError('malformed heap type', at);
  return v;
}

/** A reference type `(ref null? ht)` after its 0x63/0x64 byte. */
export function readRefTo(c: HeapTypeCursor, nullable: boolean): RefType {
  const heap = readHeapType(c);
  return c.lastExact ? { nullable, heap, exact: true } : { nullable, heap };
}
