// Matching results against a script's expected-value patterns, the way the
// official harness does: floats by bit pattern, NaN classes per lane, reference
// kinds, and `either` alternatives.

import type { RawValue, RefKind } from '../exec/value.js';
import type { Expected, LanePattern, Shape } from '../text/script.js';

/** What the matcher needs to know about reference values. */
export interface RefInspector {
  refKind(ref: unknown): RefKind;
  isHostRef(ref: unknown, n: number): boolean;
}

const F32_EXP = 0x7f800000;
const F32_QUIET = 0x00400000;
const F32_MAG = 0x7fffffff;
const F64_EXP = 0x7ff0000000000000n;
const F64_QUIET = 0x0008000000000000n;
const F64_MAG = 0x7fffffffffffffffn;

/** NaN class test on raw float bits: canonical = only the quiet bit set; arithmetic = quiet bit set. */
export function isNanOfClass(bits: number | bigint, width: 32 | 64, cls: 'canonical' | 'arithmetic'): boolean {
  if (width === 32) {
    const b = Number(bits) >>> 0;
    const mag = b & F32_MAG;
    return cls === 'canonical' ? mag === (F32_EXP | F32_QUIET) : (mag & (F32_EXP | F32_QUIET)) === (F32_EXP | F32_QUIET);
  }
  const b = BigInt.asUintN(64, BigInt(bits));
  const mag = b & F64_MAG;
  return cls === 'canonical' ? mag === (F64_EXP | F64_QUIET) : (mag & (F64_EXP | F64_QUIET)) === (F64_EXP | F64_QUIET);
}

const LANE_BITS: Record<Shape, number> = { i8x16: 8, i16x8: 16, i32x4: 32, i64x2: 64, f32x4: 32, f64x2: 64 };

/** Lane `i` of a v128 as an unsigned bigint of `bits` width (little-endian). */
function lane(bytes: Uint8Array, bits: number, i: number): bigint {
  const size = bits / 8;
  let v = 0n;
  for (let k = size - 1; k >= 0; k--) v = (v << 8n) | BigInt(bytes[i * size + k] ?? 0);
  return v;
}

function laneMatches(p: LanePattern, actual: bigint, bits: number): boolean {
  const mask = (1n << BigInt(bits)) - 1n;
  switch (p.kind) {
    case 'int': return (p.value & mask) === actual;
    case 'float': return (p.bits & mask) === actual;
    case 'nan': return isNanOfClass(actual, bits === 32 ? 32 : 64, p.nan);
  }
}

function sameValue(e: RawValue, a: RawValue, refs: RefInspector): boolean {
  if (e.type !== a.type) return false;
  switch (e.type) {
    case 'i32': return (e.value | 0) === ((a as typeof e).value | 0);
    case 'i64': return BigInt.asIntN(64, e.value) === BigInt.asIntN(64, (a as typeof e).value);
    case 'f32': return (e.bits >>> 0) === ((a as typeof e).bits >>> 0);
    case 'f64': return BigInt.asUintN(64, e.bits) === BigInt.asUintN(64, (a as typeof e).bits);
    case 'v128': {
      const x = (a as typeof e).bytes;
      return x.length === 16 && e.bytes.every((b, i) => b === x[i]);
    }
    case 'ref': {
      const r = (a as typeof e).ref;
      if (e.ref === null) return refs.refKind(r) === 'null';
      const marker = e.ref as { hostRef?: number };
      if (typeof marker.hostRef === 'number') return refs.isHostRef(r, marker.hostRef);
      return e.ref === r;
    }
  }
}

const EQ_KINDS: ReadonlySet<RefKind> = new Set(['struct', 'array', 'i31']);
const ANY_KINDS: ReadonlySet<RefKind> = new Set(['struct', 'array', 'i31', 'any', 'host']);

/** Does one result match one expected pattern? */
export function matches(e: Expected, a: RawValue, refs: RefInspector): boolean {
  switch (e.kind) {
    case 'value': return sameValue(e.value, a, refs);
    case 'nan':
      if (a.type !== e.type) return false;
      return isNanOfClass(a.type === 'f32' ? a.bits : (a as { bits: bigint }).bits, e.type === 'f32' ? 32 : 64, e.nan);
    case 'v128': {
      if (a.type !== 'v128') return false;
      const bits = LANE_BITS[e.shape];
      return e.lanes.length === 128 / bits && e.lanes.every((p, i) => laneMatches(p, lane(a.bytes, bits, i), bits));
    }
    case 'ref': {
      if (a.type !== 'ref') return false;
      const kind = refs.refKind(a.ref);
      switch (e.ref) {
        case 'null': return kind === 'null';
        case 'extern':
        case 'host':
          if (e.value !== undefined) return refs.isHostRef(a.ref, e.value);
          return kind === 'extern' || kind === 'host';
        case 'eq': return EQ_KINDS.has(kind);
        case 'any': return ANY_KINDS.has(kind);
        default: return kind === e.ref;
      }
    }
    case 'either': return e.options.some((o) => matches(o, a, refs));
  }
}

/** null when the results match, else a one-line description of the difference. */
export function compareResults(expected: Expected[], actual: RawValue[], refs: RefInspector): string | null {
  const bad = expected.length !== actual.length || expected.some((e, i) => !matches(e, actual[i]!, refs));
  if (!bad) return null;
  return `expected ${expected.map(formatExpected).join(' ') || '(nothing)'}, got ${actual.map((v) => formatRaw(v, refs)).join(' ') || '(nothing)'}`;
}

function num(f: number): string {
  return Number.isNaN(f) ? 'nan' : Object.is(f, -0) ? '-0' : String(f);
}

function hex(v: bigint | number, digits: number): string {
  return '0x' + v.toString(16).padStart(digits, '0');
}

/** A result value as text, with float bit patterns shown exactly. */
export function formatRaw(v: RawValue, refs?: RefInspector): string {
  switch (v.type) {
    case 'i32': return `i32:${v.value | 0}`;
    case 'i64': return `i64:${BigInt.asIntN(64, v.value)}`;
    case 'f32': {
      const f = new Float32Array(new Uint32Array([v.bits >>> 0]).buffer)[0]!;
      return `f32:${num(f)}(${hex(v.bits >>> 0, 8)})`;
    }
    case 'f64': {
      const f = new Float64Array(new BigUint64Array([BigInt.asUintN(64, v.bits)]).buffer)[0]!;
      return `f64:${num(f)}(${hex(BigInt.asUintN(64, v.bits), 16)})`;
    }
    case 'v128': return `v128:${Array.from(v.bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
    case 'ref': {
      if (v.ref === null) return 'ref.null';
      const marker = v.ref as { hostRef?: number };
      if (typeof marker === 'object' && typeof marker.hostRef === 'number') return `ref.extern ${marker.hostRef}`;
      return `ref.${refs ? refs.refKind(v.ref) : 'ref'}`;
    }
  }
}

/** An expected pattern as text. */
export function formatExpected(e: Expected): string {
  switch (e.kind) {
    case 'value': return formatRaw(e.value);
    case 'nan': return `${e.type}:nan:${e.nan}`;
    case 'v128': return `v128:${e.shape}[${e.lanes.map((l) => (l.kind === 'nan' ? `nan:${l.nan}` : l.kind === 'int' ? String(l.value) : hex(l.bits, 1))).join(' ')}]`;
    case 'ref': return `ref.${e.ref}${e.value !== undefined ? ' ' + e.value : ''}`;
    case 'either': return `(either ${e.options.map(formatExpected).join(' | ')})`;
  }
}
