// Operand signatures of the instructions whose types follow from the opcode alone
// (numeric, vector, conversions), and the shape of memory accesses. Derived once
// from the opcode table's names, so every numeric/SIMD row is covered without a
// hand-written list.

import { OPCODES } from '../binary/opcodes.js';
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
/** Memory access kind by slot (0: not a memarg instruction). */
export const memKind = new Uint8Array(SLOT_COUNT);
/** Value type loaded/stored by slot. */
export const memType = new Uint8Array(SLOT_COUNT);
/** log2 of the natural alignment of memory accesses, by slot. */
export const natAlign = new Uint8Array(SLOT_COUNT);
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

for (const row of OPCODES) {
  const { code, name, imm } = row;
  const slot = slotOf(code);
  if (slot < 0) continue;
  const dot = name.indexOf('.');
  const prefix = dot > 0 ? name.slice(0, dot) : '';
  const op = name.slice(dot + 1);
  if (imm === 'memarg' || imm === 'memarg_lane') {
    const t = prefix === 'v128' ? V128 : SCALAR[prefix];
    if (imm === 'memarg_lane') {
      memKind[slot] = op.startsWith('load') ? MEM_LOAD_LANE : MEM_STORE_LANE;
      laneCount[slot] = 128 / (8 << (row.natAlign ?? 0));
    } else memKind[slot] = op.startsWith('load') ? MEM_LOAD : MEM_STORE;
    memType[slot] = t;
    natAlign[slot] = row.natAlign ?? 0;
    continue;
  }
  if (prefix in LANES) {
    if (imm === 'lane') laneCount[slot] = LANES[prefix];
    if (imm === 'none' || imm === 'lane') {
      const [p, r] = vectorSig(name);
      set(code, p, r);
    }
    continue;
  }
  if (prefix === 'v128' && (imm === 'none')) {
    const [p, r] = vectorSig(name);
    set(code, p, r);
    continue;
  }
  if (prefix in SCALAR && imm === 'none') {
    const t = SCALAR[prefix];
    const conv = /^\w+_(i32|i64|f32|f64)(_[su])?$/.exec(op);
    if (conv && !op.startsWith('extend8') && !op.startsWith('extend16') && !op.startsWith('extend32')) {
      set(code, [SCALAR[conv[1]]], [t]);
    } else if (op === 'eqz') set(code, [t], [I32]);
    else if (SCALAR_CMP.has(op)) set(code, [t, t], [I32]);
    else if (SCALAR_UNARY.has(op)) set(code, [t], [t]);
    else set(code, [t, t], [t]);
    continue;
  }
}
