// The interpreter's rare instructions: GC objects and casts, tables, atomics and wide
// arithmetic, run out of line from interp.ts's loop. V8 does not optimise a function
// whose bytecode exceeds 60 KB (--max-optimized-bytecode-size=61440), and an
// unoptimised loop runs about 25 times slower, so the main loop keeps only what hot
// code needs; test/interp-size.test.ts checks its size. Each case executes the
// instruction at pc and returns the next pc; a trap throws with pc unchanged.

import { RuntimeError } from '../errors.js';
import { atomicAccess } from './atomic.js';
import { wideArith } from './wide-arith.js';
import { descEqTest, descriptorOf, newStructWithDesc } from './descriptors.js';
import type { Compiled } from './compiled.js';
import type { Engine } from './engine.js';
import type { ModuleInstance } from './instance.js';
import type { MemoryInst } from './memory.js';
import { Kind } from './compiled.js';
import { GcArray, GcStruct, newArray, refTest, unpack, wrapPacked, type ArrayLayout, type StructLayout } from './gc.js';
import { C } from './interp.js';

const EMPTY_BYTES = new Uint8Array(0);
const TWO32 = 4294967296;

export function trap(reason: string): never {
  throw new RuntimeError(reason);
}

export function addr(I: Int32Array, w: number, is64: boolean): number {
  return is64 ? (I[w + 1] >>> 0) * TWO32 + (I[w] >>> 0) : I[w] >>> 0;
}

export function memOf(inst: ModuleInstance, m: number): MemoryInst {
  return inst.memories[m];
}

export interface CastTarget { heap: import('../ast.js').HeapType; nullable: boolean; exact: boolean }

function allocArray(l: ArrayLayout, n: number): GcArray {
  if (n > 0x10000000) trap('out of bounds array access');
  return newArray(l, n);
}

function setElem(a: GcArray, l: ArrayLayout, k: number, I: Int32Array, R: unknown[], p: number): void {
  if (a.r !== null) { a.r[k] = R[p >> 1]; return; }
  const w = a.w!, at = k * l.elemWords;
  w[at] = wrapPacked(I[p], l.elem.packed); w[at + 1] = I[p + 1];
  if (l.elemWords === 4) { w[at + 2] = I[p + 2]; w[at + 3] = I[p + 3]; }
}

function initFromData(a: GcArray, l: ArrayLayout, d: number, seg: Uint8Array, s: number, n: number): void {
  const dv = new DataView(seg.buffer, seg.byteOffset, seg.byteLength);
  const z = l.elem.bytes, w = a.w!, ew = l.elemWords;
  for (let k = 0; k < n; k++) {
    const p = s + k * z, at = (d + k) * ew;
    if (z === 1) w[at] = seg[p];
    else if (z === 2) w[at] = dv.getUint16(p, true);
    else { w[at] = dv.getInt32(p, true); w[at + 1] = z >= 8 ? dv.getInt32(p + 4, true) : 0; }
    if (z === 16) { w[at + 2] = dv.getInt32(p + 8, true); w[at + 3] = dv.getInt32(p + 12, true); }
  }
}

export function execRare(eng: Engine, inst: ModuleInstance, comp: Compiled, code: Int32Array, pc: number, fp: number): number {
  const I = eng.I, R = eng.R;
  switch (code[pc]) {
      case C.TABLE_GET: {
        const t = inst.tables[code[pc + 2]];
        const i = addr(I, fp + code[pc + 3], t.type.address === 'i64');
        if (i >= t.elements.length) trap('out of bounds table access');
        R[(fp + code[pc + 1]) >> 1] = t.elements[i];
        return pc + 4;
      }
      case C.TABLE_SET: {
        const t = inst.tables[code[pc + 1]];
        const i = addr(I, fp + code[pc + 2], t.type.address === 'i64');
        if (i >= t.elements.length) trap('out of bounds table access');
        t.elements[i] = R[(fp + code[pc + 3]) >> 1];
        return pc + 4;
      }
      case C.TABLE_SIZE: {
        const d = fp + code[pc + 1];
        I[d] = inst.tables[code[pc + 2]].elements.length; I[d + 1] = 0;
        return pc + 3;
      }
      case C.TABLE_GROW: {
        const t = inst.tables[code[pc + 2]];
        const n = addr(I, fp + code[pc + 4], t.type.address === 'i64');
        const r = t.grow(n, R[(fp + code[pc + 3]) >> 1]);
        const d = fp + code[pc + 1];
        I[d] = r; I[d + 1] = r < 0 ? -1 : 0;
        return pc + 5;
      }
      case C.TABLE_FILL: {
        const t = inst.tables[code[pc + 1]];
        const is64 = t.type.address === 'i64';
        const i = addr(I, fp + code[pc + 2], is64), n = addr(I, fp + code[pc + 4], is64);
        if (i + n > t.elements.length) trap('out of bounds table access');
        t.elements.fill(R[(fp + code[pc + 3]) >> 1], i, i + n);
        return pc + 5;
      }
      case C.TABLE_COPY: {
        const td = inst.tables[code[pc + 1]], ts = inst.tables[code[pc + 2]];
        const d64 = td.type.address === 'i64', s64 = ts.type.address === 'i64';
        const d = addr(I, fp + code[pc + 3], d64), s = addr(I, fp + code[pc + 4], s64);
        const n = addr(I, fp + code[pc + 5], d64 && s64);
        if (s + n > ts.elements.length || d + n > td.elements.length) trap('out of bounds table access');
        if (td === ts) td.elements.copyWithin(d, s, s + n);
        else for (let k = 0; k < n; k++) td.elements[d + k] = ts.elements[s + k];
        return pc + 6;
      }
      case C.TABLE_INIT: {
        const t = inst.tables[code[pc + 1]];
        const seg = inst.elems[code[pc + 2]] ?? [];
        const d = addr(I, fp + code[pc + 3], t.type.address === 'i64');
        const s = I[fp + code[pc + 4]] >>> 0, n = I[fp + code[pc + 5]] >>> 0;
        if (s + n > seg.length || d + n > t.elements.length) trap('out of bounds table access');
        for (let k = 0; k < n; k++) t.elements[d + k] = seg[s + k];
        return pc + 6;
      }
      case C.ATOMIC: { // [desc, dst, addr, a, b, offset low, offset high, memory]
        const m = memOf(inst, code[pc + 8]);
        const low = (I[fp + code[pc + 3]] >>> 0) + (code[pc + 6] >>> 0);
        const ea = addr(I, fp + code[pc + 3], m.type.address === 'i64') + (code[pc + 6] >>> 0) + (code[pc + 7] >>> 0) * TWO32;
        atomicAccess(I, m, code[pc + 1], ea, low, fp + code[pc + 2], fp + code[pc + 4], fp + code[pc + 5]);
        return pc + 9;
      }
      case C.STRUCT_NEW_DESC: // [dst, layout, fields base, descriptor, has fields]
        R[(fp + code[pc + 1]) >> 1] = newStructWithDesc(comp.aux[code[pc + 2]] as StructLayout, I, R, fp + code[pc + 3], code[pc + 5] === 1, R[(fp + code[pc + 4]) >> 1]);
        return pc + 6;
      case C.REF_GET_DESC:
        R[(fp + code[pc + 1]) >> 1] = descriptorOf(R[(fp + code[pc + 2]) >> 1]);
        return pc + 3;
      case C.REF_CAST_DESC: { // [dst, ref, descriptor, nullable]
        const r = R[(fp + code[pc + 2]) >> 1];
        if (!descEqTest(r, R[(fp + code[pc + 3]) >> 1], code[pc + 4] === 1)) trap('descriptor cast failure');
        R[(fp + code[pc + 1]) >> 1] = r;
        return pc + 5;
      }
      case C.WIDE_ARITH: // [op, dst low, dst high, a, b, c, d]
        wideArith(I, code[pc + 1], fp + code[pc + 2], fp + code[pc + 3], fp + code[pc + 4], fp + code[pc + 5], fp + code[pc + 6], fp + code[pc + 7]);
        return pc + 8;
      case C.I31_GET_S: case C.I31_GET_U: {
        const r = R[(fp + code[pc + 2]) >> 1];
        if (r === null) trap('null i31 reference');
        I[fp + code[pc + 1]] = code[pc] === C.I31_GET_S ? r as number : (r as number) & 0x7fffffff;
        return pc + 3;
      }
      case C.REF_TEST: {
        const t = comp.aux[code[pc + 3]] as CastTarget;
        I[fp + code[pc + 1]] = refTest(R[(fp + code[pc + 2]) >> 1], t.heap, t.nullable, inst.rtts, t.exact) ? 1 : 0;
        return pc + 4;
      }
      case C.REF_CAST: {
        const t = comp.aux[code[pc + 3]] as CastTarget;
        const r = R[(fp + code[pc + 2]) >> 1];
        if (!refTest(r, t.heap, t.nullable, inst.rtts, t.exact)) trap('cast failure');
        R[(fp + code[pc + 1]) >> 1] = r;
        return pc + 4;
      }
      case C.STRUCT_NEW: case C.STRUCT_NEW_DEFAULT: {
        const l = comp.aux[code[pc + 2]] as StructLayout;
        const w = new Int32Array(l.words);
        const r = new Array<unknown>(l.refs).fill(null);
        if (code[pc] === C.STRUCT_NEW) {
          let p = fp + code[pc + 3];
          for (const f of l.fields) {
            if (f.kind === Kind.REF) { r[f.at] = R[p >> 1]; p += 2; }
            else if (f.kind === Kind.V128) { w[f.at] = I[p]; w[f.at + 1] = I[p + 1]; w[f.at + 2] = I[p + 2]; w[f.at + 3] = I[p + 3]; p += 4; }
            else { w[f.at] = wrapPacked(I[p], f.packed); w[f.at + 1] = I[p + 1]; p += 2; }
          }
        }
        R[(fp + code[pc + 1]) >> 1] = new GcStruct(l.rtt, w, r);
        return pc + (code[pc] === C.STRUCT_NEW ? 4 : 3);
      }
      case C.STRUCT_GET: {
        const o = R[(fp + code[pc + 2]) >> 1] as GcStruct | null;
        if (o === null) trap('null structure reference');
        const f = (comp.aux[code[pc + 3]] as StructLayout).fields[code[pc + 4]];
        const d = fp + code[pc + 1];
        if (f.kind === Kind.REF) R[d >> 1] = o.r[f.at];
        else if (f.kind === Kind.V128) { I[d] = o.w[f.at]; I[d + 1] = o.w[f.at + 1]; I[d + 2] = o.w[f.at + 2]; I[d + 3] = o.w[f.at + 3]; }
        else { I[d] = unpack(o.w[f.at], f.packed, code[pc + 5] === 1); I[d + 1] = o.w[f.at + 1]; }
        return pc + 6;
      }
      case C.STRUCT_SET: {
        const o = R[(fp + code[pc + 1]) >> 1] as GcStruct | null;
        if (o === null) trap('null structure reference');
        const f = (comp.aux[code[pc + 3]] as StructLayout).fields[code[pc + 4]];
        const s = fp + code[pc + 2];
        if (f.kind === Kind.REF) o.r[f.at] = R[s >> 1];
        else if (f.kind === Kind.V128) { o.w[f.at] = I[s]; o.w[f.at + 1] = I[s + 1]; o.w[f.at + 2] = I[s + 2]; o.w[f.at + 3] = I[s + 3]; }
        else { o.w[f.at] = wrapPacked(I[s], f.packed); o.w[f.at + 1] = I[s + 1]; }
        return pc + 5;
      }
      case C.ARRAY_NEW: case C.ARRAY_NEW_DEFAULT: {
        const l = comp.aux[code[pc + 2]] as ArrayLayout;
        const isNew = code[pc] === C.ARRAY_NEW;
        const n = I[fp + code[pc + (isNew ? 4 : 3)]] >>> 0;
        const a = allocArray(l, n);
        if (isNew) for (let k = 0; k < n; k++) setElem(a, l, k, I, R, fp + code[pc + 3]);
        R[(fp + code[pc + 1]) >> 1] = a;
        return pc + (isNew ? 5 : 4);
      }
      case C.ARRAY_NEW_FIXED: {
        const l = comp.aux[code[pc + 2]] as ArrayLayout;
        const n = code[pc + 4];
        const a = allocArray(l, n);
        const step = l.elemWords;
        for (let k = 0, p = fp + code[pc + 3]; k < n; k++, p += step) setElem(a, l, k, I, R, p);
        R[(fp + code[pc + 1]) >> 1] = a;
        return pc + 5;
      }
      case C.ARRAY_NEW_DATA: case C.ARRAY_NEW_ELEM: {
        const l = comp.aux[code[pc + 2]] as ArrayLayout;
        const s = I[fp + code[pc + 4]] >>> 0, n = I[fp + code[pc + 5]] >>> 0;
        let a: GcArray;
        if (code[pc] === C.ARRAY_NEW_DATA) {
          const seg = inst.datas[code[pc + 3]] ?? EMPTY_BYTES;
          if (s + n * l.elem.bytes > seg.length) trap('out of bounds memory access');
          a = allocArray(l, n);
          initFromData(a, l, 0, seg, s, n);
        } else {
          const seg = inst.elems[code[pc + 3]] ?? [];
          if (s + n > seg.length) trap('out of bounds table access');
          a = allocArray(l, n);
          for (let k = 0; k < n; k++) a.r![k] = seg[s + k];
        }
        R[(fp + code[pc + 1]) >> 1] = a;
        return pc + 6;
      }
      case C.ARRAY_GET: {
        const a = R[(fp + code[pc + 2]) >> 1] as GcArray | null;
        if (a === null) trap('null array reference');
        const i = I[fp + code[pc + 3]] >>> 0;
        if (i >= a.length) trap('out of bounds array access');
        const l = comp.aux[code[pc + 4]] as ArrayLayout;
        const d = fp + code[pc + 1];
        if (a.r !== null) R[d >> 1] = a.r[i];
        else {
          const w = a.w!, at = i * l.elemWords;
          I[d] = unpack(w[at], l.elem.packed, code[pc + 5] === 1); I[d + 1] = w[at + 1];
          if (l.elemWords === 4) { I[d + 2] = w[at + 2]; I[d + 3] = w[at + 3]; }
        }
        return pc + 6;
      }
      case C.ARRAY_SET: {
        const a = R[(fp + code[pc + 1]) >> 1] as GcArray | null;
        if (a === null) trap('null array reference');
        const i = I[fp + code[pc + 2]] >>> 0;
        if (i >= a.length) trap('out of bounds array access');
        setElem(a, comp.aux[code[pc + 4]] as ArrayLayout, i, I, R, fp + code[pc + 3]);
        return pc + 5;
      }
      case C.ARRAY_LEN: {
        const a = R[(fp + code[pc + 2]) >> 1] as GcArray | null;
        if (a === null) trap('null array reference');
        I[fp + code[pc + 1]] = a.length;
        return pc + 3;
      }
      case C.ARRAY_FILL: {
        const a = R[(fp + code[pc + 1]) >> 1] as GcArray | null;
        if (a === null) trap('null array reference');
        const o = I[fp + code[pc + 2]] >>> 0, n = I[fp + code[pc + 4]] >>> 0;
        if (o + n > a.length) trap('out of bounds array access');
        const l = comp.aux[code[pc + 5]] as ArrayLayout;
        for (let k = 0; k < n; k++) setElem(a, l, o + k, I, R, fp + code[pc + 3]);
        return pc + 6;
      }
      case C.ARRAY_COPY: {
        const da = R[(fp + code[pc + 1]) >> 1] as GcArray | null, sa = R[(fp + code[pc + 3]) >> 1] as GcArray | null;
        if (da === null || sa === null) trap('null array reference');
        const dO = I[fp + code[pc + 2]] >>> 0, sO = I[fp + code[pc + 4]] >>> 0, n = I[fp + code[pc + 5]] >>> 0;
        if (dO + n > da.length || sO + n > sa.length) trap('out of bounds array access');
        if (da.r !== null) {
          if (da === sa) da.r.copyWithin(dO, sO, sO + n);
          else for (let k = 0; k < n; k++) da.r[dO + k] = sa.r![sO + k];
        } else {
          const ew = (comp.aux[code[pc + 6]] as ArrayLayout).elemWords;
          da.w!.set(sa.w!.subarray(sO * ew, (sO + n) * ew), dO * ew);
        }
        return pc + 7;
      }
      case C.ARRAY_INIT_DATA: case C.ARRAY_INIT_ELEM: {
        const a = R[(fp + code[pc + 1]) >> 1] as GcArray | null;
        if (a === null) trap('null array reference');
        const dO = I[fp + code[pc + 2]] >>> 0, s = I[fp + code[pc + 3]] >>> 0, n = I[fp + code[pc + 4]] >>> 0;
        const l = comp.aux[code[pc + 5]] as ArrayLayout;
        if (dO + n > a.length) trap('out of bounds array access');
        if (code[pc] === C.ARRAY_INIT_DATA) {
          const seg = inst.datas[code[pc + 6]] ?? EMPTY_BYTES;
          if (s + n * l.elem.bytes > seg.length) trap('out of bounds memory access');
          initFromData(a, l, dO, seg, s, n);
        } else {
          const seg = inst.elems[code[pc + 6]] ?? [];
          if (s + n > seg.length) trap('out of bounds table access');
          for (let k = 0; k < n; k++) a.r![dO + k] = seg[s + k];
        }
        return pc + 7;
      }
    default:
      throw new Error(`internal error: bad compiled opcode ${code[pc]} at pc ${pc}`);
  }
}
