// Value types encoded as small integers, so the validator's operand stack is an
// Int32Array and type comparisons are integer compares. Concrete heap types are
// encoded by their *canonical* type index within the module (the first index with
// the same iso-recursive key), so equal codes mean equivalent types.
//
//   0            BOT: unknown operand (polymorphic stack)
//   1..5         i32 i64 f32 f64 v128
//   6, 7         i8 i16 (packed storage types; never on the operand stack)
//   8 + 2h + n   reference with heap code h, nullable bit n
//   | EXACT      the same for `(ref null? (exact $t))` (custom-descriptors proposal)
// Heap codes: 0..11 the abstract heap types below, 12 the bottom heap type (the
// type of an unknown reference in unreachable code), 16 + c a concrete type.

import type { HeapType, StorageType, ValType } from '../ast.js';

export const BOT = 0;
export const I32 = 1;
export const I64 = 2;
export const F32 = 3;
export const F64 = 4;
export const V128 = 5;
export const I8 = 6;
export const I16 = 7;
export const REF_BASE = 8;

export const H_FUNC = 0;
export const H_NOFUNC = 1;
export const H_EXTERN = 2;
export const H_NOEXTERN = 3;
export const H_ANY = 4;
export const H_EQ = 5;
export const H_I31 = 6;
export const H_STRUCT = 7;
export const H_ARRAY = 8;
export const H_NONE = 9;
export const H_EXN = 10;
export const H_NOEXN = 11;
export const H_BOT = 12;
export const H_CONCRETE = 16;

const ABS_NAMES: readonly string[] = [
  'func', 'nofunc', 'extern', 'noextern', 'any', 'eq', 'i31', 'struct', 'array', 'none', 'exn', 'noexn',
];
const ABS_CODE: ReadonlyMap<string, number> = new Map(ABS_NAMES.map((n, i) => [n, i]));

/** Flag bit of exact reference types; far above any heap code a module can have. */
export const EXACT = 1 << 28;

export function mkRef(heap: number, nullable: boolean): number {
  return REF_BASE + heap * 2 + (nullable ? 1 : 0);
}
export function isRefCode(t: number): boolean {
  return t >= REF_BASE;
}
export function heapOf(t: number): number {
  return ((t & (EXACT - 1)) - REF_BASE) >> 1;
}
export function isNullable(t: number): boolean {
  return (((t & (EXACT - 1)) - REF_BASE) & 1) === 1;
}
export function isExact(t: number): boolean {
  return t >= REF_BASE && (t & EXACT) !== 0;
}
/** A numeric or vector type (or BOT): what untyped `select` accepts. */
export function isNumOrVec(t: number): boolean {
  return t < REF_BASE;
}

/** Kind of a defined type. */
export const K_FUNC = 0;
export const K_STRUCT = 1;
export const K_ARRAY = 2;

/** The abstract heap code of a heap type name, or -1. */
export function absHeapCode(name: string): number {
  return ABS_CODE.get(name) ?? -1;
}

/** Decode a value type code back to the AST form (concrete heaps as canonical indices). */
export function decodeValType(t: number): ValType | undefined {
  switch (t) {
    case I32: return 'i32';
    case I64: return 'i64';
    case F32: return 'f32';
    case F64: return 'f64';
    case V128: return 'v128';
  }
  if (t < REF_BASE) return undefined;
  const h = heapOf(t);
  if (h === H_BOT) return undefined;
  const heap: HeapType = h >= H_CONCRETE ? h - H_CONCRETE : (ABS_NAMES[h] as HeapType);
  return isExact(t) ? { nullable: isNullable(t), heap, exact: true } : { nullable: isNullable(t), heap };
}

/** Readable form for error messages. */
export function showValType(t: number): string {
  switch (t) {
    case BOT: return 'bot';
    case I32: return 'i32';
    case I64: return 'i64';
    case F32: return 'f32';
    case F64: return 'f64';
    case V128: return 'v128';
    case I8: return 'i8';
    case I16: return 'i16';
  }
  const h = heapOf(t);
  const hs = h === H_BOT ? 'bot' : h >= H_CONCRETE ? String(h - H_CONCRETE) : ABS_NAMES[h];
  return `(ref ${isNullable(t) ? 'null ' : ''}${isExact(t) ? `(exact ${hs})` : hs})`;
}

/** Storage type of a field as written in the AST, encoded with a caller-supplied heap encoder. */
export function encodeStorage(t: StorageType, heap: (h: HeapType) => number): number {
  switch (t) {
    case 'i32': return I32;
    case 'i64': return I64;
    case 'f32': return F32;
    case 'f64': return F64;
    case 'v128': return V128;
    case 'i8': return I8;
    case 'i16': return I16;
  }
  return mkRef(heap(t.heap), t.nullable) | (t.exact && typeof t.heap === 'number' ? EXACT : 0);
}

/** The operand type of a storage type: packed types widen to i32. */
export function unpacked(t: number): number {
  return t === I8 || t === I16 ? I32 : t;
}

/** Whether a local/field of this type has a default value. */
export function isDefaultable(t: number): boolean {
  return t < REF_BASE || isNullable(t);
}
