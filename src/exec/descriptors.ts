// Custom-descriptors proposal at run time: structs allocated with a descriptor
// (struct.new_desc), reading it back (ref.get_desc), and the casts that compare
// a reference's descriptor with a given one by identity (ref.cast_desc_eq,
// br_on_cast_desc_eq). Operands are word offsets into the interpreter's stacks.

import { RuntimeError } from '../errors.js';
import { Kind } from './compiled.js';
import { GcStruct, wrapPacked, type StructLayout } from './gc.js';

function trap(reason: string): never {
  throw new RuntimeError(reason);
}

/** struct.new_desc / struct.new_default_desc: fields from word `p` (when `withFields`), then the descriptor. */
export function newStructWithDesc(l: StructLayout, I: Int32Array, R: unknown[], p: number, withFields: boolean, desc: unknown): GcStruct {
  if (desc === null) trap('null descriptor reference');
  const w = new Int32Array(l.words);
  const r = new Array<unknown>(l.refs).fill(null);
  if (withFields) {
    for (const f of l.fields) {
      if (f.kind === Kind.REF) { r[f.at] = R[p >> 1]; p += 2; }
      else if (f.kind === Kind.V128) { for (let k = 0; k < 4; k++) w[f.at + k] = I[p + k]; p += 4; }
      else { w[f.at] = wrapPacked(I[p], f.packed); w[f.at + 1] = I[p + 1]; p += 2; }
    }
  }
  return new GcStruct(l.rtt, w, r, desc as GcStruct);
}

/** ref.get_desc: the descriptor of a (non-null) struct. */
export function descriptorOf(v: unknown): unknown {
  if (v === null) trap('null reference');
  return (v as GcStruct).desc;
}

/** Whether `v` passes a descriptor-equality cast against `desc`; traps on a null descriptor. */
export function descEqTest(v: unknown, desc: unknown, nullable: boolean): boolean {
  if (desc === null) trap('null descriptor reference');
  if (v === null) return nullable;
  return v instanceof GcStruct && v.desc === desc;
}
