// Operand signatures of the instructions whose types follow from the opcode alone
// (numeric, vector, conversions), and the shape of memory accesses. Derived once
// from the opcode table's names, so every numeric/SIMD row is covered without a
// hand-written list.

import { OPCODES, type OpInfo } from '../binary/opcodes.js';
import { F32, F64, I32, I64, V128 } from './types.js';

/** Dense slot of an opcode code: bytes 0..255, then 512 per prefix 0xFB.. 0xFE. */
export function slotOf(code: number): number {
  if (code < 256) return code;
  const prefix = code >> 12;
  if (prefix < 0xfb || prefix > 0xfe) return -1;
  const sub = code & 0xfff;
  if (sub >= 512) return -1;
  return (prefix - 0xfb + 1) * 512 + sub;
}
export const SLOT_COUNT = 5 * 512;

/** Fixed signatures by slot (undefined: not a fixed-signature instruction). */
export const sigParams: (Int32Array | undefined)[] = new Array(SLOT_COUNT);
export const sigResults: (Int32Array | undefined)[] = new Array(SLOT_COUNT);

export const MEM_LOAD = 1;
export const MEM_STORE = 2;
export const MEM_LOAD_LANE = 3;
export const MEM_STORE_LANE = 4;
/** Atomic read-modify-write: [addr t] -> [t]. */
export const MEM_RMW = 5;
/** Atomic compare-exchange: [addr t t] -> [t]. */
export const MEM_CMPXCHG = 6;
/** memory.atomic.notify: [addr i32] -> [i32]. */
export const MEM_NOTIFY = 7;
/** memory.atomic.wait32/64: [addr t i64] -> [i32]. */
export const MEM_WAIT = 8;
/** Memory access kind by slot (0: not a memarg instruction). */
export const memKind = new Uint8Array(SLOT_COUNT);
/** Value type loaded/stored by slot. */
export const memType = new Uint8Array(SLOT_COUNT);
/** log2 of the natural alignment of memory accesses, by slot. */
export const natAlign = new Uint8Array(SLOT_COUNT);
/** 1 for atomic accesses, whose alignment must be exactly natural. */
export const atomic = new Uint8Array(SLOT_COUNT);
/** Lane count of lane-indexed instructions (extract/replace lane, load/store lane); 0 elsewhere. */
export const laneCount = new Uint8Array(SLOT_COUNT);

const SCALAR: Record<string, number> = { i32: I32, i64: I64, f32: F32, f64: F64 };
/** Scalar type of a vector shape's lanes. */
const LANE_SCALAR: Record<string, number> = { i8x16: I32, i16x8: I32, i32x4: I32, i64x2: I64, f32x4: F32, f64x2: F64 };
const LANES: Record<string, number> = { i8x16: 16, i16x8: 8, i32x4: 4, i64x2: 2, f32x4: 4, f64x2: 2 };

const SCALAR_UNARY = new Set(['clz', 'ctz', 'popcnt', 'abs', 'neg', 'ceil', 'floor', 'trunc', 'nearest', 'sqrt',
  'extend8_s', 'extend16_s', 'extend32_s']);
const SCALAR_CMP = new Set(['eq', 'ne', 'lt', 'lt_s', 'lt_u', 'gt', 'gt_s', 'gt_u', 'le', 'le_s', 'le_u', 'ge', 'ge_s', 'ge_u']);

function set(code: number, params: number[], results: number[]): void {
  const s = slotOf(code);
  sigParams[s] = Int32Array.from(params);
  sigResults[s] = Int32Array.from(results);
}

/** Signature of a v128 instruction (without memory/lane/const immediates) from its name. */
function vectorSig(name: string): [number[], number[]] {
  const [shape, op] = name.split('.') as [string, string];
  const v = V128;
  if (op === 'splat') return [[LANE_SCALAR[shape]], [v]];
  if (op.startsWith('extract_lane')) return [[v], [LANE_SCALAR[shape]]];
  if (op === 'replace_lane') return [[v, LANE_SCALAR[shape]], [v]];
  if (op === 'shl' || op === 'shr_s' || op === 'shr_u') return [[v, I32], [v]];
  if (op === 'all_true' || op === 'bitmask' || op === 'any_true') return [[v], [I32]];
  if (op === 'bitselect' || op === 'relaxed_laneselect' || op === 'relaxed_madd' || op === 'relaxed_nmadd' ||
    op === 'relaxed_dot_i8x16_i7x16_add_s') return [[v, v, v], [v]];
  if (/^(abs|neg|popcnt|sqrt|ceil|floor|trunc|nearest|not)$/.test(op) || op.startsWith('extend_') ||
    op.startsWith('convert') || op.startsWith('trunc_sat') || op.startsWith('relaxed_trunc') ||
    op.startsWith('demote') || op.startsWith('promote') || op.startsWith('extadd_pairwise')) return [[v], [v]];
  return [[v, v], [v]];
}

/** What the validator needs to know about an opcode row, derived from its name and immediates. */
export type OpShape =
  | { kind: 'sig'; params: number[]; results: number[]; lanes?: number }
  | { kind: 'mem'; access: number; type: number; natAlign: number; lanes?: number; atomic?: boolean }
  | { kind: 'other' };

const ATOMIC_RMW_OPS = new Set(['add', 'sub', 'and', 'or', 'xor', 'xchg']);

/** Classify one opcode-table row (exported for tests; the tables below are built from it). */
export function classify(row: OpInfo): OpShape {
  const { name, imm } = row;
  const dot = name.indexOf('.');
  const prefix = dot > 0 ? name.slice(0, dot) : '';
  const op = name.slice(dot + 1);
  const nat = row.natAlign ?? 0;
  if (imm === 'memarg' || imm === 'memarg_lane') {
    // Threads proposal: memory.atomic.notify/wait*, iNN.atomic.{load,store,rmw*}.
    if (name === 'memory.atomic.notify') return { kind: 'mem', access: MEM_NOTIFY, type: I32, natAlign: nat, atomic: true };
    if (name === 'memory.atomic.wait32') return { kind: 'mem', access: MEM_WAIT, type: I32, natAlign: nat, atomic: true };
    if (name === 'memory.atomic.wait64') return { kind: 'mem', access: MEM_WAIT, type: I64, natAlign: nat, atomic: true };
    const t = prefix === 'v128' ? V128 : SCALAR[prefix];
    if (t === undefined) return { kind: 'other' };
    if (op.startsWith('atomic.')) {
      const rest = op.slice(7);
      if (rest.startsWith('load')) return { kind: 'mem', access: MEM_LOAD, type: t, natAlign: nat, atomic: true };
      if (rest.startsWith('store')) return { kind: 'mem', access: MEM_STORE, type: t, natAlign: nat, atomic: true };
      const rmw = /^rmw\d*\.(\w+?)(_u)?$/.exec(rest);
      if (rmw && rmw[1] === 'cmpxchg') return { kind: 'mem', access: MEM_CMPXCHG, type: t, natAlign: nat, atomic: true };
      if (rmw && ATOMIC_RMW_OPS.has(rmw[1])) return { kind: 'mem', access: MEM_RMW, type: t, natAlign: nat, atomic: true };
      return { kind: 'other' };
    }
    if (imm === 'memarg_lane') {
      return { kind: 'mem', access: op.startsWith('load') ? MEM_LOAD_LANE : MEM_STORE_LANE, type: t, natAlign: nat, lanes: 128 / (8 << nat) };
    }
    return { kind: 'mem', access: op.startsWith('load') ? MEM_LOAD : MEM_STORE, type: t, natAlign: nat };
  }
  if (name === 'atomic.fence') return { kind: 'sig', params: [], results: [] };
  if (prefix in LANES) {
    if (imm !== 'none' && imm !== 'lane') return { kind: 'other' };
    const [p, r] = vectorSig(name);
    return imm === 'lane' ? { kind: 'sig', params: p, results: r, lanes: LANES[prefix] } : { kind: 'sig', params: p, results: r };
  }
  if (prefix === 'v128' && imm === 'none') {
    const [p, r] = vectorSig(name);
    return { kind: 'sig', params: p, results: r };
  }
  if (prefix in SCALAR && imm === 'none') {
    const t = SCALAR[prefix];
    // Wide-arithmetic proposal: 128-bit add/sub on i64 pairs, widening multiply.
    if (op === 'add128' || op === 'sub128') return { kind: 'sig', params: [I64, I64, I64, I64], results: [I64, I64] };
    if (op === 'mul_wide_s' || op === 'mul_wide_u') return { kind: 'sig', params: [I64, I64], results: [I64, I64] };
    const conv = /^\w+_(i32|i64|f32|f64)(_[su])?$/.exec(op);
    if (conv) return { kind: 'sig', params: [SCALAR[conv[1]]], results: [t] };
    if (op === 'eqz') return { kind: 'sig', params: [t], results: [I32] };
    if (SCALAR_CMP.has(op)) return { kind: 'sig', params: [t, t], results: [I32] };
    if (SCALAR_UNARY.has(op)) return { kind: 'sig', params: [t], results: [t] };
    return { kind: 'sig', params: [t, t], results: [t] };
  }
  return { kind: 'other' };
}

for (const row of OPCODES) {
  const slot = slotOf(row.code);
  if (slot < 0) continue;
  const c = classify(row);
  if (c.kind === 'sig') {
    set(row.code, c.params, c.results);
    if (c.lanes !== undefined) laneCount[slot] = c.lanes;
  } else if (c.kind === 'mem') {
    memKind[slot] = c.access;
    memType[slot] = c.type;
    natAlign[slot] = c.natAlign;
    if (c.lanes !== undefined) laneCount[slot] = c.lanes;
    if (c.atomic) atomic[slot] = 1;
  }
}
