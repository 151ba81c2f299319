// Command-line values: parsing `--invoke` arguments by the parameter's type,
// and printing results exactly (floats in the shortest form that round-trips).

import type { ValType } from '../ast.js';
import type { RawValue } from '../exec/value.js';
import { UsageError } from './usage.js';

const f32buf = new DataView(new ArrayBuffer(8));

function f32Bits(x: number): number {
  f32buf.setFloat32(0, x, true);
  return f32buf.getUint32(0, true);
}
function f64Bits(x: number): bigint {
  f32buf.setFloat64(0, x, true);
  return f32buf.getBigUint64(0, true);
}
function bitsToF32(bits: number): number {
  f32buf.setUint32(0, bits >>> 0, true);
  return f32buf.getFloat32(0, true);
}
function bitsToF64(bits: bigint): number {
  f32buf.setBigUint64(0, BigInt.asUintN(64, bits), true);
  return f32buf.getFloat64(0, true);
}

/** An integer literal: optional sign, decimal or 0x hex, `_` between digits. */
function parseInteger(text: string): bigint | undefined {
  const m = /^([+-]?)(0x[0-9a-fA-F](?:_?[0-9a-fA-F])*|[0-9](?:_?[0-9])*)$/.exec(text);
  if (!m) return undefined;
  const v = BigInt(m[2]!.replace(/_/g, ''));
  return m[1] === '-' ? -v : v;
}

function parseFloatText(text: string): number | undefined {
  const t = text.replace(/_/g, '');
  if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(t)) return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return undefined;
  return Number(t);
}

/** Parse one command-line argument as a value of type `t`. */
export function parseArg(text: string, t: ValType): RawValue {
  const bad = (what: string) => new UsageError(`argument "${text}" is not ${what}`);
  switch (t) {
    case 'i32': {
      const v = parseInteger(text);
      if (v === undefined || v < -(2n ** 31n) || v >= 2n ** 32n) throw bad('an i32');
      return { type: 'i32', value: Number(BigInt.asIntN(32, v)) };
    }
    case 'i64': {
      const v = parseInteger(text);
      if (v === undefined || v < -(2n ** 63n) || v >= 2n ** 64n) throw bad('an i64');
      return { type: 'i64', value: BigInt.asIntN(64, v) };
    }
    case 'f32': {
      const v = parseFloatText(text);
      if (v === undefined) throw bad('an f32');
      return { type: 'f32', bits: f32Bits(v) };
    }
    case 'f64': {
      const v = parseFloatText(text);
      if (v === undefined) throw bad('an f64');
      return { type: 'f64', bits: f64Bits(v) };
    }
    case 'v128': {
      const v = parseInteger(text);
      if (v === undefined || v < 0n || v >= 2n ** 128n) throw bad('a v128 (an unsigned 128-bit integer)');
      const bytes = new Uint8Array(16);
      for (let i = 0; i < 16; i++) bytes[i] = Number((v >> BigInt(8 * i)) & 0xffn);
      return { type: 'v128', bytes };
    }
    default:
      if (text === 'null') return { type: 'ref', ref: null };
      throw bad('a reference (only "null" can be given on the command line)');
  }
}

/** Shortest decimal that reads back as the same f32. */
function formatF32(x: number): string {
  for (let p = 1; p <= 9; p++) {
    const s = x.toPrecision(p);
    if (Math.fround(Number(s)) === x) return String(Number(s));
  }
  return String(x);
}

function formatFloat(x: number, nanText: () => string, short: (x: number) => string): string {
  if (Number.isNaN(x)) return nanText();
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0 && 1 / x < 0) return '-0';
  return short(x);
}

/** A result value as printed by `--invoke`. */
export function formatValue(v: RawValue, refKind: (r: unknown) => string): string {
  switch (v.type) {
    case 'i32': return String(v.value | 0);
    case 'i64': return String(BigInt.asIntN(64, v.value));
    case 'f32': {
      const bits = v.bits >>> 0;
      return formatFloat(bitsToF32(bits), () => {
        const sign = bits >>> 31 ? '-' : '';
        const payload = bits & 0x7fffff;
        return payload === 0x400000 ? `${sign}nan` : `${sign}nan:0x${payload.toString(16)}`;
      }, formatF32);
    }
    case 'f64': {
      const bits = BigInt.asUintN(64, v.bits);
      return formatFloat(bitsToF64(bits), () => {
        const sign = bits >> 63n ? '-' : '';
        const payload = bits & 0xfffffffffffffn;
        return payload === 0x8000000000000n ? `${sign}nan` : `${sign}nan:0x${payload.toString(16)}`;
      }, (x) => String(x));
    }
    case 'v128': {
      const words: string[] = [];
      for (let i = 0; i < 4; i++) {
        const w = (v.bytes[i * 4]! | (v.bytes[i * 4 + 1]! << 8) | (v.bytes[i * 4 + 2]! << 16) | (v.bytes[i * 4 + 3]! << 24)) >>> 0;
        words.push('0x' + w.toString(16).padStart(8, '0'));
      }
      return `i32x4 ${words.join(' ')}`;
    }
    case 'ref': {
      const kind = refKind(v.ref);
      return kind === 'null' ? 'null' : `ref.${kind}`;
    }
  }
}
