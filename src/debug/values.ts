// Reading and writing typed values in the engine's value stack (and in globals) for
// the debugger, and showing them as text.

import type { ValType } from '../ast.js';
import type { Engine } from '../exec/engine.js';
import type { GlobalInst } from '../exec/global.js';
import { f32Text, f64Text } from '../text/print.js';
import type { ShownType } from './points.js';

/** A value as the debugger presents it: i32/f32/f64 as number, i64 as bigint, v128 as 16 bytes, refs as is. */
export interface DebugValue {
  type: ShownType;
  value: unknown;
}

const f32 = new Float32Array(1);
const f32Bits = new Int32Array(f32.buffer);

/** The value of `type` stored at stack word `w`. */
export function readSlot(eng: Engine, w: number, type: ShownType): DebugValue {
  const I = eng.I;
  switch (type) {
    case 'i32': return { type, value: I[w] };
    case 'f32': return { type, value: eng.F32[w] };
    case 'f64': return { type, value: eng.F64[w >> 1] };
    case 'i64': case 'num': return { type, value: (BigInt(I[w + 1]) << 32n) | BigInt(I[w] >>> 0) };
    case 'v128': {
      const b = new Uint8Array(16);
      new Uint8Array(I.buffer, w * 4, 16).forEach((x, i) => { b[i] = x; });
      return { type, value: b };
    }
    case 'ref': return { type, value: eng.R[w >> 1] };
  }
}

/** A pending 32-bit constant (the compiler keeps i32/f32 constants as raw bits). */
export function constValue(bits: number, type: ShownType): DebugValue {
  if (type === 'f32') { f32Bits[0] = bits; return { type, value: f32[0] }; }
  return { type: type === 'num' ? 'i32' : type, value: bits | 0 };
}

const f64 = new Float64Array(1);
const f64Words = new Int32Array(f64.buffer);

/** Store a non-reference `value` (number, bigint or WAT number text) as `type` in words I[w...]. */
function writeWords(I: Int32Array, w: number, type: Exclude<ShownType, 'ref'>, value: unknown): void {
  switch (type) {
    case 'i32': I[w] = Number(parseNumber(value, false)) | 0; I[w + 1] = 0; return;
    case 'f32': f32[0] = Number(parseNumber(value, true)); I[w] = f32Bits[0]; I[w + 1] = 0; return;
    case 'f64': f64[0] = Number(parseNumber(value, true)); I[w] = f64Words[0]; I[w + 1] = f64Words[1]; return;
    case 'i64': case 'num': {
      const v = BigInt.asUintN(64, BigInt(parseNumber(value, false)));
      I[w] = Number(v & 0xffffffffn) | 0; I[w + 1] = Number(v >> 32n) | 0;
      return;
    }
    case 'v128': {
      if (!(value instanceof Uint8Array) || value.length !== 16) throw new TypeError('a v128 value is 16 bytes');
      new Uint8Array(I.buffer, I.byteOffset + w * 4, 16).set(value);
      return;
    }
  }
}

/** Store `value` as `type` at stack word `w` (references go to the reference array). */
export function writeSlot(eng: Engine, w: number, type: ShownType, value: unknown): void {
  if (type === 'ref') eng.R[w >> 1] = refValue(value);
  else writeWords(eng.I, w, type, value);
}

/** A reference to store: as given, except that text can only name the null reference. */
function refValue(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  if (v.trim() === 'null') return null;
  throw new TypeError(`only null can be written as a reference, not ${v}`);
}

function parseNumber(v: unknown, float: boolean): number | bigint {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (typeof v === 'string') {
    const s = v.trim().replace(/_/g, '');
    if (float) {
      const n = Number(s);
      if (!Number.isNaN(n) || /^[+-]?nan$/i.test(s)) return n;
    } else if (/^[+-]?(0x[0-9a-f]+|\d+)$/i.test(s)) {
      return s.startsWith('-') ? -BigInt(s.slice(1)) : BigInt(s.replace(/^\+/, ''));
    }
  }
  throw new TypeError(`not a number: ${String(v)}`);
}

export function globalShownType(g: GlobalInst): ShownType {
  const t: ValType = g.type.type;
  return typeof t === 'object' ? 'ref' : t;
}

export function readGlobalValue(g: GlobalInst): DebugValue {
  const type = globalShownType(g);
  switch (type) {
    case 'i32': return { type, value: g.w[0] };
    case 'f32': return constValue(g.w[0], 'f32');
    case 'i64': case 'num': return { type, value: (BigInt(g.w[1]) << 32n) | BigInt(g.w[0] >>> 0) };
    case 'f64': f64Words[0] = g.w[0]; f64Words[1] = g.w[1]; return { type, value: f64[0] };
    case 'v128': return { type, value: new Uint8Array(g.w.slice().buffer) };
    case 'ref': return { type, value: g.ref };
  }
}

export function writeGlobalValue(g: GlobalInst, value: unknown): void {
  const type = globalShownType(g);
  if (type === 'ref') g.ref = refValue(value);
  else writeWords(g.w, 0, type, value);
}

/** A value as text: `i32:5`, `f64:1.5`, `ref:null`. */
export function formatValue(v: DebugValue): string {
  const x = v.value;
  switch (v.type) {
    case 'i32': case 'i64': case 'num': return `${v.type === 'num' ? 'i64' : v.type}:${String(x)}`;
    case 'f32': f32[0] = x as number; return `f32:${f32Text(f32Bits[0] >>> 0)}`;
    case 'f64': {
      const bits = new BigUint64Array(new Float64Array([x as number]).buffer)[0];
      return `f64:${f64Text(bits)}`;
    }
    case 'v128': return `v128:${[...(x as Uint8Array)].map((b) => b.toString(16).padStart(2, '0')).join(' ')}`;
    case 'ref': return `ref:${refText(x)}`;
  }
}

function refText(r: unknown): string {
  if (r === null) return 'null';
  const ctor = (r as object).constructor?.name;
  if (ctor === 'FuncInst') {
    const f = r as { index: number; instance: { funcName(i: number): string | undefined } | null; name?: string };
    return `func ${f.instance?.funcName(f.index) ?? f.name ?? f.index}`;
  }
  return ctor ?? typeof r;
}
