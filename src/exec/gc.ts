// GC heap values (structs, arrays), i31 references, and the runtime type tests
// behind ref.test/ref.cast/br_on_cast. Field values are kept as raw words like
// the value stack (2 words per number, 4 per v128; packed i8/i16 stored wrapped),
// references in a parallel array. An i31 reference is a JS number (its signed value).

import type { FieldType, HeapType, StorageType } from '../ast.js';
import { Kind } from './compiled.js';
import { ExnRef } from './exception.js';
import { FuncInst } from './func.js';
import type { Rtt } from './rtt.js';
import { rttSubtype } from './rtt.js';

export class GcStruct {
  readonly gcKind = 'struct';
  /** `desc`: the descriptor struct it was allocated with (custom-descriptors proposal), else null. */
  constructor(readonly rtt: Rtt, readonly w: Int32Array, readonly r: unknown[], readonly desc: GcStruct | null = null) {}
}

export class GcArray {
  readonly gcKind = 'array';
  /** Elements: numbers as words (elemWords each), or references. */
  constructor(readonly rtt: Rtt, readonly length: number, readonly w: Int32Array | null, readonly r: unknown[] | null) {}
}

/** An internal (any) reference seen as an externref (extern.convert_any). */
export class ExternBox {
  constructor(readonly inner: unknown) {}
}

export interface FieldLayout {
  kind: Kind;
  /** 0, 8 or 16: packed storage width. */
  packed: number;
  /** Word offset in `w`, or index in `r` for references. */
  at: number;
  /** Bytes per element in data segments (array.new_data). */
  bytes: number;
}

export interface StructLayout { rtt: Rtt; fields: FieldLayout[]; words: number; refs: number }
export interface ArrayLayout { rtt: Rtt; elem: FieldLayout; elemWords: number }

function storageLayout(t: StorageType): FieldLayout {
  if (t === 'i8') return { kind: Kind.NUM, packed: 8, at: 0, bytes: 1 };
  if (t === 'i16') return { kind: Kind.NUM, packed: 16, at: 0, bytes: 2 };
  if (t === 'v128') return { kind: Kind.V128, packed: 0, at: 0, bytes: 16 };
  if (typeof t === 'object') return { kind: Kind.REF, packed: 0, at: 0, bytes: 0 };
  return { kind: Kind.NUM, packed: 0, at: 0, bytes: t === 'i32' || t === 'f32' ? 4 : 8 };
}

const structLayouts = new WeakMap<Rtt, StructLayout>();
const arrayLayouts = new WeakMap<Rtt, ArrayLayout>();

export function structLayout(rtt: Rtt): StructLayout {
  let l = structLayouts.get(rtt);
  if (l) return l;
  const fields: FieldLayout[] = [];
  let words = 0, refs = 0;
  for (const f of (rtt.comp as { fields: FieldType[] }).fields) {
    const fl = storageLayout(f.type);
    if (fl.kind === Kind.REF) fl.at = refs++;
    else { fl.at = words; words += fl.kind === Kind.V128 ? 4 : 2; }
    fields.push(fl);
  }
  l = { rtt, fields, words, refs };
  structLayouts.set(rtt, l);
  return l;
}

export function arrayLayout(rtt: Rtt): ArrayLayout {
  let l = arrayLayouts.get(rtt);
  if (l) return l;
  const elem = storageLayout((rtt.comp as { field: FieldType }).field.type);
  l = { rtt, elem, elemWords: elem.kind === Kind.V128 ? 4 : 2 };
  arrayLayouts.set(rtt, l);
  return l;
}

/** Wrap a value for packed storage. */
export function wrapPacked(x: number, packed: number): number {
  return packed === 8 ? x & 0xff : packed === 16 ? x & 0xffff : x;
}

/** Read a packed value, sign- or zero-extended. */
export function unpack(x: number, packed: number, signed: boolean): number {
  if (packed === 8) return signed ? (x << 24) >> 24 : x & 0xff;
  if (packed === 16) return signed ? (x << 16) >> 16 : x & 0xffff;
  return x;
}

export function newArray(l: ArrayLayout, n: number): GcArray {
  if (l.elem.kind === Kind.REF) return new GcArray(l.rtt, n, null, new Array<unknown>(n).fill(null));
  return new GcArray(l.rtt, n, new Int32Array(n * l.elemWords), null);
}

function rttOf(v: unknown): Rtt | null {
  if (v instanceof GcStruct || v instanceof GcArray || v instanceof FuncInst) return v.rtt;
  return null;
}

/** Does reference `v` have heap type `heap` (concrete indices resolved through `rtts`)? */
export function refTest(v: unknown, heap: HeapType, nullable: boolean, rtts: Rtt[], exact = false): boolean {
  if (v === null) return nullable;
  if (typeof heap === 'number') {
    const r = rttOf(v);
    // An exact type (custom descriptors) admits only that type: Rtts are interned, so identity is equivalence.
    return r !== null && (exact ? r === rtts[heap] : rttSubtype(r, rtts[heap]));
  }
  switch (heap) {
    case 'any': return !(v instanceof FuncInst) && !(v instanceof ExnRef);
    case 'eq': return typeof v === 'number' || v instanceof GcStruct || v instanceof GcArray;
    case 'i31': return typeof v === 'number';
    case 'struct': return v instanceof GcStruct;
    case 'array': return v instanceof GcArray;
    case 'func': return v instanceof FuncInst;
    case 'extern': case 'exn': return true;
    default: return false; // none, nofunc, noextern, noexn: only null
  }
}

export function externalize(v: unknown): unknown {
  if (typeof v === 'number' || v instanceof GcStruct || v instanceof GcArray) return new ExternBox(v);
  return v;
}

export function internalize(v: unknown): unknown {
  return v instanceof ExternBox ? v.inner : v;
}
