// The interpreter loop. One switch over the compiled code; operands are word
// offsets from the frame pointer `fp` into the shared value stack. Wasm calls
// push a frame record and jump (no JS recursion); only host calls use the JS
// stack. Non-call cases end with `continue`; calls and returns `break` to the
// shared frame-switching code after the switch.

import { RuntimeError } from '../errors.js';
import { descEqTest } from './descriptors.js';
import { SIMD_FNS } from './simd-fns.js';
import { i8x16Shuffle, v128LoadLane, v128Store, v128StoreLane, v128Views, type V128Views } from './simd.js';
import type { Compiled, HandlerClause } from './compiled.js';
import type { Engine } from './engine.js';
import { ExnRef, WasmException } from './exception.js';
import { FuncInst } from './func.js';
import type { ModuleInstance } from './instance.js';
import { memoryEpoch, type MemoryInst } from './memory.js';
import { rttSubtype } from './rtt.js';
import type { TableInst } from './table.js';
import * as L from './i64.js';
import { externalize, internalize, refTest } from './gc.js';
import * as Fl from './float.js';
import * as Cv from './convert.js';
import { addr, execRare, memOf, trap, type CastTarget } from './interp-rare.js';

/**
 * Internal opcodes of the compiled (slot-addressed) function form (see codes.ts). Operands
 * that name slots are word offsets from the frame pointer (slot k = word 2k). Numeric and
 * memory instructions keep the wasm name; their operands are [dst, src...] for numeric ops,
 * [dst, addr, offset, memory, addend] for loads and [addr, value, offset, memory, addend]
 * for stores. Declared here, beside the dispatch switch, so every build inlines it.
 */
export const enum C {
  UNREACHABLE = 0,
  JUMP = 1,
  BR_IF = 2,
  BR_UNLESS = 3,
  BR_TABLE = 4,
  RETURN = 5,
  CALL = 6,
  CALL_INDIRECT = 7,
  CALL_REF = 8,
  RETURN_CALL = 9,
  RETURN_CALL_INDIRECT = 10,
  RETURN_CALL_REF = 11,
  MOV = 12,
  MOV_REF = 13,
  MOV_V128 = 14,
  SELECT = 15,
  SELECT_REF = 16,
  SELECT_V128 = 17,
  CONST32 = 18,
  CONST64 = 19,
  CONST128 = 20,
  REF_CONST = 21,
  GLOBAL_GET = 22,
  GLOBAL_GET64 = 23,
  GLOBAL_GET_REF = 24,
  GLOBAL_GET_V128 = 25,
  GLOBAL_SET = 26,
  GLOBAL_SET64 = 27,
  GLOBAL_SET_REF = 28,
  GLOBAL_SET_V128 = 29,
  TABLE_GET = 30,
  TABLE_SET = 31,
  TABLE_SIZE = 32,
  TABLE_GROW = 33,
  TABLE_FILL = 34,
  TABLE_COPY = 35,
  TABLE_INIT = 36,
  ELEM_DROP = 37,
  MEMORY_SIZE = 38,
  MEMORY_GROW = 39,
  MEMORY_FILL = 40,
  MEMORY_COPY = 41,
  MEMORY_INIT = 42,
  DATA_DROP = 43,
  CHECK_ADDR64 = 44,
  TRAP_OOB = 45,
  REF_IS_NULL = 46,
  REF_FUNC = 47,
  REF_EQ = 48,
  REF_AS_NON_NULL = 49,
  BR_ON_NULL = 50,
  BR_ON_NON_NULL = 51,
  THROW = 52,
  THROW_REF = 53,
  RETHROW = 54,
  ENTER_TRY = 55,
  LEAVE_TRY = 56,
  I32_ADD_IMM = 57,
  I32_SUB_IMM = 58,
  I32_AND_IMM = 59,
  I32_SHL_IMM = 60,
  I32_SHR_S_IMM = 61,
  I32_SHR_U_IMM = 62,
  I32_EQ_IMM = 63,
  I32_NE_IMM = 64,
  I32_LT_S_IMM = 65,
  I32_LT_U_IMM = 66,
  I32_GT_S_IMM = 67,
  I32_GT_U_IMM = 68,
  I32_LE_S_IMM = 69,
  I32_GE_S_IMM = 70,
  BR_EQ = 71,
  BR_NE = 72,
  BR_LT_S = 73,
  BR_LT_U = 74,
  BR_GT_S = 75,
  BR_GT_U = 76,
  BR_LE_S = 77,
  BR_LE_U = 78,
  BR_GE_S = 79,
  BR_GE_U = 80,
  BR_EQ_IMM = 81,
  BR_NE_IMM = 82,
  BR_LT_S_IMM = 83,
  BR_LT_U_IMM = 84,
  BR_GT_S_IMM = 85,
  BR_GT_U_IMM = 86,
  BR_LE_S_IMM = 87,
  BR_LE_U_IMM = 88,
  BR_GE_S_IMM = 89,
  BR_GE_U_IMM = 90,
  I32_LE_U_IMM = 91,
  I32_GE_U_IMM = 92,
  SIMD_UNARY = 93,
  SIMD_BINARY = 94,
  SIMD_TERNARY = 95,
  SIMD_TEST = 96,
  SIMD_SHIFT = 97,
  SIMD_SPLAT_X = 98,
  SIMD_SPLAT_SRC = 99,
  SIMD_EXTRACT_X = 100,
  SIMD_EXTRACT_SRC = 101,
  SIMD_REPLACE_X = 102,
  SIMD_REPLACE_SRC = 103,
  SIMD_SHUFFLE = 104,
  SIMD_LOAD = 105,
  SIMD_STORE = 106,
  SIMD_LOAD_LANE = 107,
  SIMD_STORE_LANE = 108,
  REF_I31 = 109,
  I31_GET_S = 110,
  I31_GET_U = 111,
  STRUCT_NEW = 112,
  STRUCT_NEW_DEFAULT = 113,
  STRUCT_GET = 114,
  STRUCT_GET_S = 115,
  STRUCT_GET_U = 116,
  STRUCT_SET = 117,
  ARRAY_NEW = 118,
  ARRAY_NEW_DEFAULT = 119,
  ARRAY_NEW_FIXED = 120,
  ARRAY_NEW_DATA = 121,
  ARRAY_NEW_ELEM = 122,
  ARRAY_GET = 123,
  ARRAY_GET_S = 124,
  ARRAY_GET_U = 125,
  ARRAY_SET = 126,
  ARRAY_LEN = 127,
  ARRAY_FILL = 128,
  ARRAY_COPY = 129,
  ARRAY_INIT_DATA = 130,
  ARRAY_INIT_ELEM = 131,
  REF_TEST = 132,
  REF_CAST = 133,
  BR_ON_CAST = 134,
  BR_ON_CAST_FAIL = 135,
  ANY_CONVERT_EXTERN = 136,
  EXTERN_CONVERT_ANY = 137,
  I32_LOAD = 138,
  I64_LOAD = 139,
  F32_LOAD = 140,
  F64_LOAD = 141,
  I32_LOAD8_S = 142,
  I32_LOAD8_U = 143,
  I32_LOAD16_S = 144,
  I32_LOAD16_U = 145,
  I64_LOAD8_S = 146,
  I64_LOAD8_U = 147,
  I64_LOAD16_S = 148,
  I64_LOAD16_U = 149,
  I64_LOAD32_S = 150,
  I64_LOAD32_U = 151,
  I32_STORE = 152,
  I64_STORE = 153,
  F32_STORE = 154,
  F64_STORE = 155,
  I32_STORE8 = 156,
  I32_STORE16 = 157,
  I64_STORE8 = 158,
  I64_STORE16 = 159,
  I64_STORE32 = 160,
  I32_EQZ = 161,
  I32_EQ = 162,
  I32_NE = 163,
  I32_LT_S = 164,
  I32_LT_U = 165,
  I32_GT_S = 166,
  I32_GT_U = 167,
  I32_LE_S = 168,
  I32_LE_U = 169,
  I32_GE_S = 170,
  I32_GE_U = 171,
  I64_EQZ = 172,
  I64_EQ = 173,
  I64_NE = 174,
  I64_LT_S = 175,
  I64_LT_U = 176,
  I64_GT_S = 177,
  I64_GT_U = 178,
  I64_LE_S = 179,
  I64_LE_U = 180,
  I64_GE_S = 181,
  I64_GE_U = 182,
  F32_EQ = 183,
  F32_NE = 184,
  F32_LT = 185,
  F32_GT = 186,
  F32_LE = 187,
  F32_GE = 188,
  F64_EQ = 189,
  F64_NE = 190,
  F64_LT = 191,
  F64_GT = 192,
  F64_LE = 193,
  F64_GE = 194,
  I32_CLZ = 195,
  I32_CTZ = 196,
  I32_POPCNT = 197,
  I32_ADD = 198,
  I32_SUB = 199,
  I32_MUL = 200,
  I32_DIV_S = 201,
  I32_DIV_U = 202,
  I32_REM_S = 203,
  I32_REM_U = 204,
  I32_AND = 205,
  I32_OR = 206,
  I32_XOR = 207,
  I32_SHL = 208,
  I32_SHR_S = 209,
  I32_SHR_U = 210,
  I32_ROTL = 211,
  I32_ROTR = 212,
  I64_CLZ = 213,
  I64_CTZ = 214,
  I64_POPCNT = 215,
  I64_ADD = 216,
  I64_SUB = 217,
  I64_MUL = 218,
  I64_DIV_S = 219,
  I64_DIV_U = 220,
  I64_REM_S = 221,
  I64_REM_U = 222,
  I64_AND = 223,
  I64_OR = 224,
  I64_XOR = 225,
  I64_SHL = 226,
  I64_SHR_S = 227,
  I64_SHR_U = 228,
  I64_ROTL = 229,
  I64_ROTR = 230,
  F32_ABS = 231,
  F32_NEG = 232,
  F32_CEIL = 233,
  F32_FLOOR = 234,
  F32_TRUNC = 235,
  F32_NEAREST = 236,
  F32_SQRT = 237,
  F32_ADD = 238,
  F32_SUB = 239,
  F32_MUL = 240,
  F32_DIV = 241,
  F32_MIN = 242,
  F32_MAX = 243,
  F32_COPYSIGN = 244,
  F64_ABS = 245,
  F64_NEG = 246,
  F64_CEIL = 247,
  F64_FLOOR = 248,
  F64_TRUNC = 249,
  F64_NEAREST = 250,
  F64_SQRT = 251,
  F64_ADD = 252,
  F64_SUB = 253,
  F64_MUL = 254,
  F64_DIV = 255,
  F64_MIN = 256,
  F64_MAX = 257,
  F64_COPYSIGN = 258,
  I32_WRAP_I64 = 259,
  I32_TRUNC_F32_S = 260,
  I32_TRUNC_F32_U = 261,
  I32_TRUNC_F64_S = 262,
  I32_TRUNC_F64_U = 263,
  I64_EXTEND_I32_S = 264,
  I64_EXTEND_I32_U = 265,
  I64_TRUNC_F32_S = 266,
  I64_TRUNC_F32_U = 267,
  I64_TRUNC_F64_S = 268,
  I64_TRUNC_F64_U = 269,
  F32_CONVERT_I32_S = 270,
  F32_CONVERT_I32_U = 271,
  F32_CONVERT_I64_S = 272,
  F32_CONVERT_I64_U = 273,
  F32_DEMOTE_F64 = 274,
  F64_CONVERT_I32_S = 275,
  F64_CONVERT_I32_U = 276,
  F64_CONVERT_I64_S = 277,
  F64_CONVERT_I64_U = 278,
  F64_PROMOTE_F32 = 279,
  I32_REINTERPRET_F32 = 280,
  I64_REINTERPRET_F64 = 281,
  F32_REINTERPRET_I32 = 282,
  F64_REINTERPRET_I64 = 283,
  I32_EXTEND8_S = 284,
  I32_EXTEND16_S = 285,
  I64_EXTEND8_S = 286,
  I64_EXTEND16_S = 287,
  I64_EXTEND32_S = 288,
  I32_TRUNC_SAT_F32_S = 289,
  I32_TRUNC_SAT_F32_U = 290,
  I32_TRUNC_SAT_F64_S = 291,
  I32_TRUNC_SAT_F64_U = 292,
  I64_TRUNC_SAT_F32_S = 293,
  I64_TRUNC_SAT_F32_U = 294,
  I64_TRUNC_SAT_F64_S = 295,
  I64_TRUNC_SAT_F64_U = 296,
  /** Threads proposal: [desc, dst, addr, a, b, offset, memory]; see atomic.ts. */
  ATOMIC = 297,
  /** Wide-arithmetic proposal: [kind, dstLo, dstHi, a, b, c, d] (c, d unused by the multiplies). */
  WIDE_ARITH = 298,
  /** Debugger stop point, only in debug-compiled code (src/debug swaps that in while attached):
   *  [info id]. Normal compiles never emit it, so the hot loop never sees it. */
  DEBUG = 299,
  /** Custom-descriptors proposal (helpers in descriptors.ts). [dst, layout, fields base, descriptor, has fields] */
  STRUCT_NEW_DESC = 300,
  /** [dst, ref] */
  REF_GET_DESC = 301,
  /** [dst, ref, descriptor, nullable] */
  REF_CAST_DESC = 302,
  /** [ref, descriptor, nullable, target] */
  BR_ON_CAST_DESC = 303,
  BR_ON_CAST_DESC_FAIL = 304,
  /** Binary op whose right operand is loaded from memory 0 (a load fused into its consumer):
   *  [dst, a, addr, offset, addend]; the load's effective address and trap are unchanged. */
  F64_ADD_LOAD = 305,
  F64_SUB_LOAD = 306,
  F64_MUL_LOAD = 307,
  F64_DIV_LOAD = 308,
  I32_ADD_LOAD = 309,
  I32_SUB_LOAD = 310,
  I32_AND_LOAD = 311,
  I32_OR_LOAD = 312,
  I32_XOR_LOAD = 313,
  I32_MUL_LOAD = 314,
  /** i64 shifts by a constant count: [dst, a, k]. `_LO` forms take 1 <= k <= 31, `_HI` forms 32 <= k <= 63. */
  I64_SHL_LO = 315,
  I64_SHL_HI = 316,
  I64_SHR_S_LO = 317,
  I64_SHR_S_HI = 318,
  I64_SHR_U_LO = 319,
  I64_SHR_U_HI = 320,
  /** More i32 ops with an immediate right operand: [dst, a, imm] (rotate counts pre-masked to 0..31). */
  I32_OR_IMM = 321,
  I32_XOR_IMM = 322,
  I32_MUL_IMM = 323,
  I32_ROTL_IMM = 324,
  I32_ROTR_IMM = 325,
  /** [dst, index into Compiled.f64k] */
  CONST_F64 = 326,
  /** f64 compare-and-branch: [a, b, target]; the `N` forms branch when the comparison is false (NaN included). */
  BR_F64_EQ = 327,
  BR_F64_NE = 328,
  BR_F64_LT = 329,
  BR_F64_GT = 330,
  BR_F64_LE = 331,
  BR_F64_GE = 332,
  BR_F64_NLT = 333,
  BR_F64_NGT = 334,
  BR_F64_NLE = 335,
  BR_F64_NGE = 336,
  /** f64 op with a constant right operand: [dst, a, index into Compiled.f64k] */
  F64_ADD_K = 337,
  F64_SUB_K = 338,
  F64_MUL_K = 339,
  F64_DIV_K = 340,
  /** A move of a value the compiler knows is an f64: [dst, src], written as one 64-bit value. */
  MOV_F64 = 341,
  /** Memory-0 accesses at base + index (an i32.add folded in): loads [dst, base, index, offset],
   *  stores [base, index, value, offset]; the address is (base + index) mod 2^32 + offset. */
  I32_LOAD_X = 342,
  I32_LOAD8_U_X = 343,
  I32_STORE_X = 344,
  I32_STORE8_X = 345,
  /** Common SIMD ops written out (no helper call): [dst, a, b]. */
  F32X4_ADD = 346,
  F32X4_SUB = 347,
  F32X4_MUL = 348,
  I32X4_ADD = 349,
  I32X4_SUB = 350,
  V128_AND = 351,
  V128_OR = 352,
  V128_XOR = 353,
  /** v128.load / v128.store on memory 0: [dst, addr, offset] / [addr, value, offset]. */
  V128_LOAD0 = 354,
  V128_STORE0 = 355,
  /** f64 `mem[addr + offset] += x` on memory 0 (f64.load; f64.add; f64.store at one address): [x, addr, offset] */
  F64_ADD_STORE = 356,
  // ---- superinstructions: two wasm operations in one dispatch (compile.ts says when) ----
  /** `b ^ (a shifted by k)`: [dst, a, k, b]; the i64 forms take 0 < k < 32. */
  I64_XOR_SHR_U_LO = 357,
  I64_XOR_SHL_LO = 358,
  I32_XOR_SHR_U_IMM = 359,
  I32_XOR_SHL_IMM = 360,
  I32_XOR_ROTL_IMM = 361,
  /** `d = a + k`, then a compare-and-branch: [d, a, k, x, y or imm, target] (BR_IF/UNLESS: [d, a, k, x, target]). */
  ADD_IMM_BR_NE = 362,
  ADD_IMM_BR_NE_IMM = 363,
  ADD_IMM_BR_LT_S = 364,
  ADD_IMM_BR_LT_U = 365,
  ADD_IMM_BR_LT_S_IMM = 366,
  ADD_IMM_BR_LT_U_IMM = 367,
  ADD_IMM_BR_IF = 368,
  ADD_IMM_BR_UNLESS = 369,
  /** Two I32_ADD_IMMs: [d1, a1, k1, d2, a2, k2] */
  ADD_IMM2 = 370,
  /** Two MOVs: [d1, s1, d2, s2] */
  MOV2 = 371,
  /** f64 `a * b` feeding an add or subtract: [dst, a, b, c] gives a*b + c, a*b - c, c - a*b (two roundings, as unfused). */
  F64_MUL_ADD = 372,
  F64_MUL_SUB = 373,
  F64_SUB_MUL = 374,
  /** `a + b + c` (an i32.add feeding another): [dst, a, b, c] */
  I32_ADD3 = 375,
  /** `mem[addr2 + off2] += a * mem[addr1 + off1 + addend1]` on memory 0 (axpy): [a, addr1, off1, addend1, addr2, off2] */
  F64_MUL_LOAD_ADD_STORE = 376,
  /** i32x4/f32x4.extract_lane: [dst, v128, lane] (the lane's word, bits unchanged) */
  V128_EXTRACT32 = 377,
  /** `d = a + b`, then a compare-and-branch: [d, a, b, x, y, target] (a loop stepping by a variable stride). */
  ADD_BR_NE = 378,
  ADD_BR_LT_S = 379,
  ADD_BR_LT_U = 380,
  /** Compare the bytes at base1 + idx1 + off1 and base2 + idx2 + off2 (memory 0) and branch: [base1, idx1, off1, base2, idx2, off2, target] */
  BR_NE_BYTES_X = 381,
  BR_EQ_BYTES_X = 382,
  /** `rotl(a, k1) ^ rotl(b, k2)`: [dst, a, k1, b, k2] */
  I32_XOR_ROTL2 = 383,
  /** i64 `(b ^ (a >>> k)) * c`, 0 < k < 32: [dst, a, k, b, c] */
  I64_XOR_SHR_U_MUL = 384,
  /** f32x4 `a * b + c`, each step rounded to f32: [dst, a, b, c] */
  F32X4_MUL_ADD = 385,
  /** `lane k of v128 a | b`: [dst, a, k, b] */
  I32_OR_LANE = 386,
  /** i64 `a * b + c` and `a * b - c` (LCGs, hash steps): [dst, a, b, c] */
  I64_MUL_ADD = 387,
  I64_MUL_SUB = 388,
  /** i64 `c ^ (a << k)` and `c ^ rotl(a, k)`, k a slot (low 6 bits used): [dst, a, k, c] */
  I64_XOR_SHL = 389,
  I64_XOR_ROTL = 390,
  /** i64 `popcnt(a ^ b)` (Hamming distance), `clz(a | b)` and `ctz(a | b)` (a bound bit): [dst, a, b] */
  I64_POPCNT_XOR = 391,
  I64_CLZ_OR = 392,
  I64_CTZ_OR = 393,
  /** `lane 0 | lane 1 | ... | lane n-1` of v128 a, n in 2..4 (is any lane set): [dst, a, n] */
  I32_OR_LANES = 394,
  /** f32x4 lt and le, lanes -1/0: [dst, a, b] */
  F32X4_LT = 395,
  F32X4_LE = 396,
  I64_XOR_ADD = 397,
  I64_XOR_SHIFT2 = 398,
  I64_SHR_U_OR = 399,
}

// ---- the value stack ----
// One value stack per JS realm, shared by every Engine: each engine keeps its own frame
// records and call depth, and activations of different engines nest on the stack as calls
// do (`top` is shared). It is a module constant on purpose: TurboFan then folds the typed
// arrays' base and length into `execute`, where arrays read from an engine field cost a map
// check and three field loads in every case that touches a slot.
const STACK_SLOTS = 1 << 20;
const STACK = new ArrayBuffer(STACK_SLOTS * 8);
const SI = new Int32Array(STACK), SF32 = new Float32Array(STACK), SF64 = new Float64Array(STACK);
const SR = new Array<unknown>(STACK_SLOTS).fill(null);
const SV = v128Views(STACK);
const STACK_WORDS = STACK_SLOTS * 2;

export interface ValueStack {
  readonly I: Int32Array;
  readonly F32: Float32Array;
  readonly F64: Float64Array;
  /** References, one per slot (slot k at R[k], words 2k and 2k+1 unused). */
  readonly R: unknown[];
  /** Lane views of the same buffer, for the SIMD helpers. */
  readonly V: V128Views;
  /** Size in words (two per slot). */
  readonly words: number;
  /** First free word: where a new activation starts. */
  top: number;
}

export const valueStack: ValueStack = { I: SI, F32: SF32, F64: SF64, R: SR, V: SV, words: STACK_WORDS, top: 0 };

const EMPTY_VIEW = new DataView(new ArrayBuffer(0));
const EMPTY_BYTES = new Uint8Array(0);
const EMPTY_WORDS = new Int32Array(0);
const TWO32 = 4294967296;

// The high word of an unsigned 32x32-bit product al * bl with low word pl, written out in each
// i64 multiply (a call, even inlined, costs a check of the callee): the double product is within
// 2^10 of the exact one; plus 2^31 minus the exact low word (computed beside the product, off its
// path), times 2^-32, it truncates to the exact high word (the error stays far below 2^31).

const MODE_CALL = 1, MODE_RETURN = 2;


/** The compiler, installed by compile.ts (imported by the engine) so this file imports nothing that imports it. */
let compileHook: ((f: FuncInst) => Compiled) | null = null;
export function setCompiler(c: (f: FuncInst) => Compiled): void {
  compileHook = c;
}

function compiledOf(f: FuncInst): Compiled {
  return f.compiled ?? (f.compiled = compileNow(f));
}

function compileNow(f: FuncInst): Compiled {
  if (compileHook === null) throw new Error('internal error: the compiler (compile.ts) is not loaded');
  return compileHook(f);
}

function popcnt32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/**
 * Run `fn0` with its frame at `fp0`. A debugger (src/debug) may pause a run at a DEBUG code
 * (execute just returns) and later resume it by setting `eng.resumePc`/`eng.resumeDepth`: the
 * frame stack is left in the engine, so resuming re-enters this loop in the paused frame
 * (`fn0`, `fp0`). (Engine fields rather than extra parameters: default parameters on this
 * function measurably slowed the loop.)
 */
export function execute(eng: Engine, fn0: FuncInst, fp0: number): void {
  const I = SI, F32 = SF32, F64 = SF64, R = SR, V = SV;
  const frames = eng.frames, frameFns = eng.frameFns;
  const maxDepth = eng.maxDepth, stackWords = STACK_WORDS;
  const baseDepth = eng.depth;
  let depth = baseDepth;
  let cur = fn0;
  let comp = compiledOf(cur);
  let code = comp.code;
  let fp = fp0;
  let pc = 0;
  let inst = cur.instance!;
  let mem0: MemoryInst | null = inst.memories.length ? inst.memories[0] : null;
  let dv = mem0 ? mem0.view : EMPTY_VIEW;
  let mlen = dv.byteLength;
  // Word view of memory 0, for aligned 32/64-bit accesses (the common case).
  let m32 = mem0 ? mem0.words : EMPTY_WORDS;
  let m8 = mem0 ? mem0.bytes : EMPTY_BYTES;
  let epoch = memoryEpoch;
  /** True while a host function (or another engine's function) runs: pc is already past the call. */
  let inHostCall = false;
  let mode = 0;
  let callee: FuncInst = cur;
  let nfp = 0;
  let tail = false;

  if (depth >= maxDepth || fp + comp.frameWords > stackWords) trap('call stack exhausted');
  if (eng.resumePc >= 0) {
    pc = eng.resumePc; depth = eng.resumeDepth; eng.resumePc = -1;
  } else {
    for (let w = fp + comp.paramWords; w < fp + comp.localWords; w++) I[w] = 0;
    if (comp.refLocals) for (let w = fp + comp.paramWords; w < fp + comp.localWords; w += 2) R[w >> 1] = null;
    for (let k = 0, pool = comp.pool, b = fp + comp.poolBase; k < pool.length; k++) I[b + k] = pool[k];
  }

  for (;;) {
    try {
      for (;;) {
        switch (code[pc]) {
          // ---- control ----
          case C.UNREACHABLE: trap('unreachable');
          case C.JUMP: pc = code[pc + 1]; continue;
          case C.BR_IF: pc = I[fp + code[pc + 1]] !== 0 ? code[pc + 2] : pc + 3; continue;
          case C.BR_UNLESS: pc = I[fp + code[pc + 1]] === 0 ? code[pc + 2] : pc + 3; continue;
          // ---- fused i32 compare-and-branch: [a, b or immediate, target] ----
          case C.BR_EQ: pc = I[fp + code[pc + 1]] === I[fp + code[pc + 2]] ? code[pc + 3] : pc + 4; continue;
          case C.BR_NE: pc = I[fp + code[pc + 1]] !== I[fp + code[pc + 2]] ? code[pc + 3] : pc + 4; continue;
          case C.BR_LT_S: pc = I[fp + code[pc + 1]] < I[fp + code[pc + 2]] ? code[pc + 3] : pc + 4; continue;
          case C.BR_LT_U: pc = (I[fp + code[pc + 1]] >>> 0) < (I[fp + code[pc + 2]] >>> 0) ? code[pc + 3] : pc + 4; continue;
          case C.BR_GT_S: pc = I[fp + code[pc + 1]] > I[fp + code[pc + 2]] ? code[pc + 3] : pc + 4; continue;
          case C.BR_GT_U: pc = (I[fp + code[pc + 1]] >>> 0) > (I[fp + code[pc + 2]] >>> 0) ? code[pc + 3] : pc + 4; continue;
          case C.BR_LE_S: pc = I[fp + code[pc + 1]] <= I[fp + code[pc + 2]] ? code[pc + 3] : pc + 4; continue;
          case C.BR_LE_U: pc = (I[fp + code[pc + 1]] >>> 0) <= (I[fp + code[pc + 2]] >>> 0) ? code[pc + 3] : pc + 4; continue;
          case C.BR_GE_S: pc = I[fp + code[pc + 1]] >= I[fp + code[pc + 2]] ? code[pc + 3] : pc + 4; continue;
          case C.BR_GE_U: pc = (I[fp + code[pc + 1]] >>> 0) >= (I[fp + code[pc + 2]] >>> 0) ? code[pc + 3] : pc + 4; continue;
          case C.BR_EQ_IMM: pc = I[fp + code[pc + 1]] === code[pc + 2] ? code[pc + 3] : pc + 4; continue;
          case C.BR_NE_IMM: pc = I[fp + code[pc + 1]] !== code[pc + 2] ? code[pc + 3] : pc + 4; continue;
          case C.BR_LT_S_IMM: pc = I[fp + code[pc + 1]] < code[pc + 2] ? code[pc + 3] : pc + 4; continue;
          case C.BR_LT_U_IMM: pc = (I[fp + code[pc + 1]] >>> 0) < (code[pc + 2] >>> 0) ? code[pc + 3] : pc + 4; continue;
          case C.BR_GT_S_IMM: pc = I[fp + code[pc + 1]] > code[pc + 2] ? code[pc + 3] : pc + 4; continue;
          case C.BR_GT_U_IMM: pc = (I[fp + code[pc + 1]] >>> 0) > (code[pc + 2] >>> 0) ? code[pc + 3] : pc + 4; continue;
          case C.BR_LE_S_IMM: pc = I[fp + code[pc + 1]] <= code[pc + 2] ? code[pc + 3] : pc + 4; continue;
          case C.BR_LE_U_IMM: pc = (I[fp + code[pc + 1]] >>> 0) <= (code[pc + 2] >>> 0) ? code[pc + 3] : pc + 4; continue;
          case C.BR_GE_S_IMM: pc = I[fp + code[pc + 1]] >= code[pc + 2] ? code[pc + 3] : pc + 4; continue;
          case C.BR_GE_U_IMM: pc = (I[fp + code[pc + 1]] >>> 0) >= (code[pc + 2] >>> 0) ? code[pc + 3] : pc + 4; continue;
          case C.BR_F64_EQ: pc = F64[(fp + code[pc + 1]) >> 1] === F64[(fp + code[pc + 2]) >> 1] ? code[pc + 3] : pc + 4; continue;
          case C.BR_F64_NE: pc = F64[(fp + code[pc + 1]) >> 1] !== F64[(fp + code[pc + 2]) >> 1] ? code[pc + 3] : pc + 4; continue;
          case C.BR_F64_LT: pc = F64[(fp + code[pc + 1]) >> 1] < F64[(fp + code[pc + 2]) >> 1] ? code[pc + 3] : pc + 4; continue;
          case C.BR_F64_GT: pc = F64[(fp + code[pc + 1]) >> 1] > F64[(fp + code[pc + 2]) >> 1] ? code[pc + 3] : pc + 4; continue;
          case C.BR_F64_LE: pc = F64[(fp + code[pc + 1]) >> 1] <= F64[(fp + code[pc + 2]) >> 1] ? code[pc + 3] : pc + 4; continue;
          case C.BR_F64_GE: pc = F64[(fp + code[pc + 1]) >> 1] >= F64[(fp + code[pc + 2]) >> 1] ? code[pc + 3] : pc + 4; continue;
          case C.BR_F64_NLT: pc = F64[(fp + code[pc + 1]) >> 1] < F64[(fp + code[pc + 2]) >> 1] ? pc + 4 : code[pc + 3]; continue;
          case C.BR_F64_NGT: pc = F64[(fp + code[pc + 1]) >> 1] > F64[(fp + code[pc + 2]) >> 1] ? pc + 4 : code[pc + 3]; continue;
          case C.BR_F64_NLE: pc = F64[(fp + code[pc + 1]) >> 1] <= F64[(fp + code[pc + 2]) >> 1] ? pc + 4 : code[pc + 3]; continue;
          case C.BR_F64_NGE: pc = F64[(fp + code[pc + 1]) >> 1] >= F64[(fp + code[pc + 2]) >> 1] ? pc + 4 : code[pc + 3]; continue;
          case C.BR_TABLE: {
            const i = I[fp + code[pc + 1]] >>> 0, n = code[pc + 2];
            pc = code[pc + 3 + (i < n ? i : n)];
            continue;
          }
          case C.RETURN: mode = MODE_RETURN; break;
          case C.CALL: case C.RETURN_CALL:
            callee = inst.funcs[code[pc + 1]];
            nfp = fp + code[pc + 2];
            tail = code[pc] === C.RETURN_CALL;
            pc += 3;
            mode = MODE_CALL;
            break;
          case C.CALL_INDIRECT: case C.RETURN_CALL_INDIRECT: {
            const tbl = inst.tables[code[pc + 2]];
            const i = addr(I, fp + code[pc + 3], tbl.type.address === 'i64');
            if (i >= tbl.elements.length) trap('undefined element');
            const f = tbl.elements[i];
            if (f === null) trap(`uninitialized element ${i}`);
            const want = inst.rtts[code[pc + 1]];
            if (!(f instanceof FuncInst) || !(f.rtt === want || rttSubtype(f.rtt, want))) trap('indirect call type mismatch');
            callee = f;
            nfp = fp + code[pc + 4];
            tail = code[pc] === C.RETURN_CALL_INDIRECT;
            pc += 5;
            mode = MODE_CALL;
            break;
          }
          case C.CALL_REF: case C.RETURN_CALL_REF: {
            const f = R[(fp + code[pc + 1]) >> 1];
            if (f === null) trap('null function reference');
            callee = f as FuncInst;
            nfp = fp + code[pc + 2];
            tail = code[pc] === C.RETURN_CALL_REF;
            pc += 3;
            mode = MODE_CALL;
            break;
          }

          // ---- moves, select, constants ----
          // Moves copy words: the source is often an i32 written as one word, and reading that
          // back as a 64-bit value would stall the CPU (no store forwarding). f64 values use
          // MOV_F64 instead (see the f64 loads below for why 64-bit writes matter to them).
          case C.MOV: { const d = fp + code[pc + 1], s = fp + code[pc + 2]; I[d] = I[s]; I[d + 1] = I[s + 1]; pc += 3; continue; }
          case C.MOV_F64: {
            const d = fp + code[pc + 1], s = fp + code[pc + 2], x = F64[s >> 1];
            if (x === x) F64[d >> 1] = x;
            else { I[d] = I[s]; I[d + 1] = I[s + 1]; }
            pc += 3; continue;
          }
          case C.CONST_F64: F64[(fp + code[pc + 1]) >> 1] = comp.f64k[code[pc + 2]]; pc += 3; continue;
          case C.F64_ADD_K: F64[(fp + code[pc + 1]) >> 1] = F64[(fp + code[pc + 2]) >> 1] + comp.f64k[code[pc + 3]]; pc += 4; continue;
          case C.F64_SUB_K: F64[(fp + code[pc + 1]) >> 1] = F64[(fp + code[pc + 2]) >> 1] - comp.f64k[code[pc + 3]]; pc += 4; continue;
          case C.F64_MUL_K: F64[(fp + code[pc + 1]) >> 1] = F64[(fp + code[pc + 2]) >> 1] * comp.f64k[code[pc + 3]]; pc += 4; continue;
          case C.F64_DIV_K: F64[(fp + code[pc + 1]) >> 1] = F64[(fp + code[pc + 2]) >> 1] / comp.f64k[code[pc + 3]]; pc += 4; continue;
          case C.MOV_REF: R[(fp + code[pc + 1]) >> 1] = R[(fp + code[pc + 2]) >> 1]; pc += 3; continue;
          case C.MOV_V128: {
            const d = fp + code[pc + 1], s = fp + code[pc + 2];
            I[d] = I[s]; I[d + 1] = I[s + 1]; I[d + 2] = I[s + 2]; I[d + 3] = I[s + 3];
            pc += 3; continue;
          }
          case C.SELECT: {
            // the operand picked through a mask (-1 when the condition is non-zero), not a branch:
            // conditions from data (min/max, clamping, sieves) would mispredict it
            const c = I[fp + code[pc + 4]], x = code[pc + 2], y = code[pc + 3];
            const d = fp + code[pc + 1], s = fp + (y ^ ((x ^ y) & ((c | -c) >> 31)));
            I[d] = I[s]; I[d + 1] = I[s + 1];
            pc += 5; continue;
          }
          case C.SELECT_REF: {
            const s = fp + (I[fp + code[pc + 4]] !== 0 ? code[pc + 2] : code[pc + 3]);
            R[(fp + code[pc + 1]) >> 1] = R[s >> 1];
            pc += 5; continue;
          }
          case C.SELECT_V128: {
            const d = fp + code[pc + 1], s = fp + (I[fp + code[pc + 4]] !== 0 ? code[pc + 2] : code[pc + 3]);
            I[d] = I[s]; I[d + 1] = I[s + 1]; I[d + 2] = I[s + 2]; I[d + 3] = I[s + 3];
            pc += 5; continue;
          }
          case C.CONST32: I[fp + code[pc + 1]] = code[pc + 2]; pc += 3; continue;
          case C.CONST64: { const d = fp + code[pc + 1]; I[d] = code[pc + 2]; I[d + 1] = code[pc + 3]; pc += 4; continue; }
          case C.CONST128: {
            const d = fp + code[pc + 1];
            I[d] = code[pc + 2]; I[d + 1] = code[pc + 3]; I[d + 2] = code[pc + 4]; I[d + 3] = code[pc + 5];
            pc += 6; continue;
          }
          case C.REF_CONST: R[(fp + code[pc + 1]) >> 1] = null; pc += 2; continue;

          // ---- globals ----
          case C.GLOBAL_GET: case C.GLOBAL_GET64: {
            const g = inst.globals[code[pc + 2]].w, d = fp + code[pc + 1];
            I[d] = g[0]; I[d + 1] = g[1];
            pc += 3; continue;
          }
          case C.GLOBAL_GET_REF: R[(fp + code[pc + 1]) >> 1] = inst.globals[code[pc + 2]].ref; pc += 3; continue;
          case C.GLOBAL_GET_V128: {
            const g = inst.globals[code[pc + 2]].w, d = fp + code[pc + 1];
            I[d] = g[0]; I[d + 1] = g[1]; I[d + 2] = g[2]; I[d + 3] = g[3];
            pc += 3; continue;
          }
          case C.GLOBAL_SET: case C.GLOBAL_SET64: {
            const g = inst.globals[code[pc + 1]].w, s = fp + code[pc + 2];
            g[0] = I[s]; g[1] = I[s + 1];
            pc += 3; continue;
          }
          case C.GLOBAL_SET_REF: inst.globals[code[pc + 1]].ref = R[(fp + code[pc + 2]) >> 1]; pc += 3; continue;
          case C.GLOBAL_SET_V128: {
            const g = inst.globals[code[pc + 1]].w, s = fp + code[pc + 2];
            g[0] = I[s]; g[1] = I[s + 1]; g[2] = I[s + 2]; g[3] = I[s + 3];
            pc += 3; continue;
          }

          // ---- tables ----
          case C.ELEM_DROP: inst.elems[code[pc + 1]] = null; pc += 2; continue;

          // ---- memory management ----
          case C.MEMORY_SIZE: {
            const d = fp + code[pc + 1];
            I[d] = memOf(inst, code[pc + 2]).size(); I[d + 1] = 0;
            pc += 3; continue;
          }
          case C.MEMORY_GROW: {
            const m = memOf(inst, code[pc + 2]);
            const s = fp + code[pc + 3];
            const r = m.type.address === 'i64' && I[s + 1] !== 0 ? -1 : m.grow(I[s] >>> 0);
            const d = fp + code[pc + 1];
            I[d] = r; I[d + 1] = r < 0 ? -1 : 0;
            if (mem0 !== null) { dv = mem0.view; mlen = dv.byteLength; m32 = mem0.words; m8 = mem0.bytes; }
            pc += 4; continue;
          }
          case C.MEMORY_FILL: {
            const m = memOf(inst, code[pc + 1]);
            const is64 = m.type.address === 'i64';
            const d = addr(I, fp + code[pc + 2], is64), n = addr(I, fp + code[pc + 4], is64);
            if (d + n > m.bytes.length) trap('out of bounds memory access');
            m.bytes.fill(I[fp + code[pc + 3]] & 255, d, d + n);
            pc += 5; continue;
          }
          case C.MEMORY_COPY: {
            const md = memOf(inst, code[pc + 1]), ms = memOf(inst, code[pc + 2]);
            const d64 = md.type.address === 'i64', s64 = ms.type.address === 'i64';
            const d = addr(I, fp + code[pc + 3], d64), s = addr(I, fp + code[pc + 4], s64);
            const n = addr(I, fp + code[pc + 5], d64 && s64);
            if (s + n > ms.bytes.length || d + n > md.bytes.length) trap('out of bounds memory access');
            if (md === ms) md.bytes.copyWithin(d, s, s + n);
            else md.bytes.set(ms.bytes.subarray(s, s + n), d);
            pc += 6; continue;
          }
          case C.MEMORY_INIT: {
            const m = memOf(inst, code[pc + 1]);
            const seg = inst.datas[code[pc + 2]] ?? EMPTY_BYTES;
            const d = addr(I, fp + code[pc + 3], m.type.address === 'i64');
            const s = I[fp + code[pc + 4]] >>> 0, n = I[fp + code[pc + 5]] >>> 0;
            if (s + n > seg.length || d + n > m.bytes.length) trap('out of bounds memory access');
            m.bytes.set(seg.subarray(s, s + n), d);
            pc += 6; continue;
          }
          case C.DATA_DROP: inst.datas[code[pc + 1]] = null; pc += 2; continue;
          case C.CHECK_ADDR64: if (I[fp + code[pc + 1] + 1] !== 0) trap('out of bounds memory access'); pc += 2; continue;
          case C.TRAP_OOB: trap('out of bounds memory access');

          // ---- references ----
          case C.REF_IS_NULL: I[fp + code[pc + 1]] = R[(fp + code[pc + 2]) >> 1] === null ? 1 : 0; pc += 3; continue;
          case C.REF_FUNC: R[(fp + code[pc + 1]) >> 1] = inst.funcs[code[pc + 2]]; pc += 3; continue;
          case C.REF_EQ: I[fp + code[pc + 1]] = R[(fp + code[pc + 2]) >> 1] === R[(fp + code[pc + 3]) >> 1] ? 1 : 0; pc += 4; continue;
          case C.REF_AS_NON_NULL: {
            const r = R[(fp + code[pc + 2]) >> 1];
            if (r === null) trap('null reference');
            R[(fp + code[pc + 1]) >> 1] = r;
            pc += 3; continue;
          }
          case C.BR_ON_NULL: pc = R[(fp + code[pc + 1]) >> 1] === null ? code[pc + 2] : pc + 3; continue;
          case C.BR_ON_NON_NULL: pc = R[(fp + code[pc + 1]) >> 1] !== null ? code[pc + 2] : pc + 3; continue;

          // ---- exceptions ----
          case C.THROW: {
            const tag = inst.tags[code[pc + 1]];
            const base = fp + code[pc + 2];
            const nw = tag.payloadWords;
            const words = I.slice(base, base + nw);
            const refs = R.slice(base >> 1, (base + nw) >> 1);
            throw new ExnRef(tag, words, refs);
          }
          case C.THROW_REF: case C.RETHROW: {
            const r = R[(fp + code[pc + 1]) >> 1];
            if (r === null) trap('null exception reference');
            throw r;
          }

          // ---- i32 with an immediate ----
          case C.I32_ADD_IMM: I[fp + code[pc + 1]] = (I[fp + code[pc + 2]] + code[pc + 3]) | 0; pc += 4; continue;
          case C.I32_AND_IMM: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] & code[pc + 3]; pc += 4; continue;
          case C.I32_SHL_IMM: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] << code[pc + 3]; pc += 4; continue;
          case C.I32_SHR_S_IMM: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] >> code[pc + 3]; pc += 4; continue;
          case C.I32_SHR_U_IMM: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] >>> code[pc + 3]; pc += 4; continue;
          case C.I32_OR_IMM: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] | code[pc + 3]; pc += 4; continue;
          case C.I32_XOR_IMM: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] ^ code[pc + 3]; pc += 4; continue;
          case C.I32_MUL_IMM: I[fp + code[pc + 1]] = Math.imul(I[fp + code[pc + 2]], code[pc + 3]); pc += 4; continue;
          case C.I32_ROTL_IMM: { const a = I[fp + code[pc + 2]], k = code[pc + 3]; I[fp + code[pc + 1]] = (a << k) | (a >>> (32 - k)); pc += 4; continue; }
          case C.I32_ROTR_IMM: { const a = I[fp + code[pc + 2]], k = code[pc + 3]; I[fp + code[pc + 1]] = (a >>> k) | (a << (32 - k)); pc += 4; continue; }
          case C.I32_EQ_IMM: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] === code[pc + 3] ? 1 : 0; pc += 4; continue;
          case C.I32_NE_IMM: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] !== code[pc + 3] ? 1 : 0; pc += 4; continue;
          case C.I32_LT_S_IMM: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] < code[pc + 3] ? 1 : 0; pc += 4; continue;
          case C.I32_LT_U_IMM: I[fp + code[pc + 1]] = (I[fp + code[pc + 2]] >>> 0) < (code[pc + 3] >>> 0) ? 1 : 0; pc += 4; continue;
          case C.I32_GT_S_IMM: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] > code[pc + 3] ? 1 : 0; pc += 4; continue;
          case C.I32_GT_U_IMM: I[fp + code[pc + 1]] = (I[fp + code[pc + 2]] >>> 0) > (code[pc + 3] >>> 0) ? 1 : 0; pc += 4; continue;
          case C.I32_LE_S_IMM: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] <= code[pc + 3] ? 1 : 0; pc += 4; continue;
          case C.I32_GE_S_IMM: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] >= code[pc + 3] ? 1 : 0; pc += 4; continue;
          case C.I32_LE_U_IMM: I[fp + code[pc + 1]] = (I[fp + code[pc + 2]] >>> 0) <= (code[pc + 3] >>> 0) ? 1 : 0; pc += 4; continue;
          case C.I32_GE_U_IMM: I[fp + code[pc + 1]] = (I[fp + code[pc + 2]] >>> 0) >= (code[pc + 3] >>> 0) ? 1 : 0; pc += 4; continue;

          // ---- loads: [dst, addr, offset, memory, addend]; the address is (addr + addend) mod 2^32 ----
          case C.I32_LOAD: case C.F32_LOAD: {
            const m = code[pc + 4];
            if (m === 0) {
              const ea = ((I[fp + code[pc + 2]] + code[pc + 5]) >>> 0) + (code[pc + 3] >>> 0);
              if (ea + 4 > mlen) trap('out of bounds memory access');
              I[fp + code[pc + 1]] = (ea & 3) === 0 ? m32[ea >>> 2] : dv.getInt32(ea, true);
              pc += 6; continue;
            }
            const v = memOf(inst, m).view;
            const ea = ((I[fp + code[pc + 2]] + code[pc + 5]) >>> 0) + (code[pc + 3] >>> 0);
            if (ea + 4 > v.byteLength) trap('out of bounds memory access');
            I[fp + code[pc + 1]] = v.getInt32(ea, true);
            pc += 6; continue;
          }
          // f64 goes through the F64 view: writing the slot as two 32-bit words and then reading
          // it as one 64-bit value (the next f64 op) defeats the CPU's store forwarding. A NaN is
          // copied as words, since an engine may canonicalise NaN bits that pass through a double.
          case C.F64_LOAD: {
            const m = code[pc + 4];
            const v = m === 0 ? dv : memOf(inst, m).view;
            const ea = ((I[fp + code[pc + 2]] + code[pc + 5]) >>> 0) + (code[pc + 3] >>> 0);
            if (ea + 8 > (m === 0 ? mlen : v.byteLength)) trap('out of bounds memory access');
            const x = v.getFloat64(ea, true), d = fp + code[pc + 1];
            if (x === x) F64[d >> 1] = x;
            else { I[d] = v.getInt32(ea, true); I[d + 1] = v.getInt32(ea + 4, true); }
            pc += 6; continue;
          }
          case C.F64_STORE: {
            const m = code[pc + 4];
            const v = m === 0 ? dv : memOf(inst, m).view;
            const ea = ((I[fp + code[pc + 1]] + code[pc + 5]) >>> 0) + (code[pc + 3] >>> 0);
            if (ea + 8 > (m === 0 ? mlen : v.byteLength)) trap('out of bounds memory access');
            const s = fp + code[pc + 2], x = F64[s >> 1];
            if (x === x) v.setFloat64(ea, x, true);
            else { v.setInt32(ea, I[s], true); v.setInt32(ea + 4, I[s + 1], true); }
            pc += 6; continue;
          }
          case C.I64_LOAD: {
            const m = code[pc + 4];
            if (m === 0) {
              const ea = ((I[fp + code[pc + 2]] + code[pc + 5]) >>> 0) + (code[pc + 3] >>> 0);
              if (ea + 8 > mlen) trap('out of bounds memory access');
              // Often an f64 copied as an i64 (struct copies): write the slot as one 64-bit value.
              const d = fp + code[pc + 1], x = dv.getFloat64(ea, true);
              if (x === x) F64[d >> 1] = x;
              else { I[d] = dv.getInt32(ea, true); I[d + 1] = dv.getInt32(ea + 4, true); }
              pc += 6; continue;
            }
            const v = memOf(inst, m).view;
            const ea = ((I[fp + code[pc + 2]] + code[pc + 5]) >>> 0) + (code[pc + 3] >>> 0);
            if (ea + 8 > v.byteLength) trap('out of bounds memory access');
            const d = fp + code[pc + 1];
            I[d] = v.getInt32(ea, true); I[d + 1] = v.getInt32(ea + 4, true);
            pc += 6; continue;
          }
          // i32 byte loads on memory 0 get their own cases: they are common (string and byte loops)
          // and an i32 result needs no high word.
          case C.I32_LOAD8_U: {
            const m = code[pc + 4], b = m === 0 ? m8 : memOf(inst, m).bytes;
            const ea = ((I[fp + code[pc + 2]] + code[pc + 5]) >>> 0) + (code[pc + 3] >>> 0);
            if (ea >= (m === 0 ? mlen : b.length)) trap('out of bounds memory access');
            I[fp + code[pc + 1]] = b[ea];
            pc += 6; continue;
          }
          case C.I32_LOAD8_S: case C.I64_LOAD8_S: case C.I64_LOAD8_U: {
            const m = code[pc + 4];
            if (m === 0) {
              const ea = ((I[fp + code[pc + 2]] + code[pc + 5]) >>> 0) + (code[pc + 3] >>> 0);
              if (ea >= mlen) trap('out of bounds memory access');
              const op = code[pc], d = fp + code[pc + 1];
              const x = op === C.I32_LOAD8_U || op === C.I64_LOAD8_U ? m8[ea] : (m8[ea] << 24) >> 24;
              I[d] = x; I[d + 1] = x >> 31;
              pc += 6; continue;
            }
            const v = memOf(inst, m).view;
            const ea = ((I[fp + code[pc + 2]] + code[pc + 5]) >>> 0) + (code[pc + 3] >>> 0);
            if (ea + 1 > (m === 0 ? mlen : v.byteLength)) trap('out of bounds memory access');
            const op = code[pc], d = fp + code[pc + 1];
            const x = op === C.I32_LOAD8_S || op === C.I64_LOAD8_S ? v.getInt8(ea) : v.getUint8(ea);
            I[d] = x; I[d + 1] = x >> 31;
            pc += 6; continue;
          }
          case C.I32_LOAD16_S: case C.I32_LOAD16_U: case C.I64_LOAD16_S: case C.I64_LOAD16_U: {
            const m = code[pc + 4], v = m === 0 ? dv : memOf(inst, m).view;
            const ea = ((I[fp + code[pc + 2]] + code[pc + 5]) >>> 0) + (code[pc + 3] >>> 0);
            if (ea + 2 > (m === 0 ? mlen : v.byteLength)) trap('out of bounds memory access');
            const op = code[pc], d = fp + code[pc + 1];
            const x = op === C.I32_LOAD16_S || op === C.I64_LOAD16_S ? v.getInt16(ea, true) : v.getUint16(ea, true);
            I[d] = x; I[d + 1] = x >> 31;
            pc += 6; continue;
          }
          case C.I64_LOAD32_S: case C.I64_LOAD32_U: {
            const m = code[pc + 4], v = m === 0 ? dv : memOf(inst, m).view;
            const ea = ((I[fp + code[pc + 2]] + code[pc + 5]) >>> 0) + (code[pc + 3] >>> 0);
            if (ea + 4 > (m === 0 ? mlen : v.byteLength)) trap('out of bounds memory access');
            const d = fp + code[pc + 1];
            const x = v.getInt32(ea, true);
            I[d] = x; I[d + 1] = code[pc] === C.I64_LOAD32_S ? x >> 31 : 0;
            pc += 6; continue;
          }

          // ---- stores: [addr, value, offset, memory, addend] ----
          case C.I32_STORE: case C.F32_STORE: case C.I64_STORE32: {
            const m = code[pc + 4];
            if (m === 0) {
              const ea = ((I[fp + code[pc + 1]] + code[pc + 5]) >>> 0) + (code[pc + 3] >>> 0);
              if (ea + 4 > mlen) trap('out of bounds memory access');
              if ((ea & 3) === 0) m32[ea >>> 2] = I[fp + code[pc + 2]];
              else dv.setInt32(ea, I[fp + code[pc + 2]], true);
              pc += 6; continue;
            }
            const v = memOf(inst, m).view;
            const ea = ((I[fp + code[pc + 1]] + code[pc + 5]) >>> 0) + (code[pc + 3] >>> 0);
            if (ea + 4 > v.byteLength) trap('out of bounds memory access');
            v.setInt32(ea, I[fp + code[pc + 2]], true);
            pc += 6; continue;
          }
          case C.I64_STORE: {
            const m = code[pc + 4];
            if (m === 0) {
              const ea = ((I[fp + code[pc + 1]] + code[pc + 5]) >>> 0) + (code[pc + 3] >>> 0);
              if (ea + 8 > mlen) trap('out of bounds memory access');
              const s = fp + code[pc + 2];
              if ((ea & 3) === 0) { const k = ea >>> 2; m32[k] = I[s]; m32[k + 1] = I[s + 1]; }
              else { dv.setInt32(ea, I[s], true); dv.setInt32(ea + 4, I[s + 1], true); }
              pc += 6; continue;
            }
            const v = memOf(inst, m).view;
            const ea = ((I[fp + code[pc + 1]] + code[pc + 5]) >>> 0) + (code[pc + 3] >>> 0);
            if (ea + 8 > v.byteLength) trap('out of bounds memory access');
            const s = fp + code[pc + 2];
            v.setInt32(ea, I[s], true); v.setInt32(ea + 4, I[s + 1], true);
            pc += 6; continue;
          }
          case C.I32_STORE8: case C.I64_STORE8: {
            const m = code[pc + 4];
            if (m === 0) {
              const ea = ((I[fp + code[pc + 1]] + code[pc + 5]) >>> 0) + (code[pc + 3] >>> 0);
              if (ea >= mlen) trap('out of bounds memory access');
              m8[ea] = I[fp + code[pc + 2]];
              pc += 6; continue;
            }
            const v = memOf(inst, m).view;
            const ea = ((I[fp + code[pc + 1]] + code[pc + 5]) >>> 0) + (code[pc + 3] >>> 0);
            if (ea + 1 > (m === 0 ? mlen : v.byteLength)) trap('out of bounds memory access');
            v.setInt8(ea, I[fp + code[pc + 2]]);
            pc += 6; continue;
          }
          case C.I32_STORE16: case C.I64_STORE16: {
            const m = code[pc + 4], v = m === 0 ? dv : memOf(inst, m).view;
            const ea = ((I[fp + code[pc + 1]] + code[pc + 5]) >>> 0) + (code[pc + 3] >>> 0);
            if (ea + 2 > (m === 0 ? mlen : v.byteLength)) trap('out of bounds memory access');
            v.setInt16(ea, I[fp + code[pc + 2]], true);
            pc += 6; continue;
          }

          // ---- superinstructions ----
          case C.I64_XOR_SHR_U_LO: {
            const a = fp + code[pc + 2], k = code[pc + 3], b = fp + code[pc + 4], d = fp + code[pc + 1];
            const lo = I[a], hi = I[a + 1], bl = I[b], bh = I[b + 1];
            I[d] = bl ^ ((lo >>> k) | (hi << (32 - k))); I[d + 1] = bh ^ (hi >>> k);
            pc += 5; continue;
          }
          case C.I64_XOR_SHL_LO: {
            const a = fp + code[pc + 2], k = code[pc + 3], b = fp + code[pc + 4], d = fp + code[pc + 1];
            const lo = I[a], hi = I[a + 1], bl = I[b], bh = I[b + 1];
            I[d] = bl ^ (lo << k); I[d + 1] = bh ^ ((hi << k) | (lo >>> (32 - k)));
            pc += 5; continue;
          }
          case C.I64_XOR_SHIFT2: {
            // Two xorshift steps: x = b ^ (a shifted by k), then x ^ (x shifted by j), x also written
            // to e. A count above 0 shifts right (unsigned), below 0 left; each is in 1..31.
            const a = fp + code[pc + 2], k = code[pc + 3], b = fp + code[pc + 4], e = fp + code[pc + 5], j = code[pc + 6];
            const lo = I[a], hi = I[a + 1];
            let xl = I[b], xh = I[b + 1];
            if (k > 0) { xl ^= (lo >>> k) | (hi << (32 - k)); xh ^= hi >>> k; } else { xl ^= lo << -k; xh ^= (hi << -k) | (lo >>> (32 + k)); }
            I[e] = xl; I[e + 1] = xh;
            const d = fp + code[pc + 1];
            if (j > 0) { I[d] = xl ^ ((xl >>> j) | (xh << (32 - j))); I[d + 1] = xh ^ (xh >>> j); } else { I[d] = xl ^ (xl << -j); I[d + 1] = xh ^ ((xh << -j) | (xl >>> (32 + j))); }
            pc += 7; continue;
          }
          case C.I32_XOR_ROTL2: {
            const a = I[fp + code[pc + 2]], k = code[pc + 3], b = I[fp + code[pc + 4]], j = code[pc + 5];
            I[fp + code[pc + 1]] = ((a << k) | (a >>> (32 - k))) ^ ((b << j) | (b >>> (32 - j)));
            pc += 6; continue;
          }
          case C.I64_XOR_SHR_U_MUL: {
            // x = b ^ (a >>> k), written to e (a local it was kept in, else d), then x * c to d
            const a = fp + code[pc + 2], k = code[pc + 3], b = fp + code[pc + 4], c = fp + code[pc + 5], e = fp + code[pc + 6];
            const lo = I[a], hi = I[a + 1];
            const al = I[b] ^ ((lo >>> k) | (hi << (32 - k))), ah = I[b + 1] ^ (hi >>> k);
            const bl = I[c], bh = I[c + 1];
            I[e] = al; I[e + 1] = ah;
            const d = fp + code[pc + 1], pl = Math.imul(al, bl);
            I[d] = pl;
            I[d + 1] = (((((al >>> 0) * (bl >>> 0) + (2147483648 - (pl >>> 0))) * 2.3283064365386963e-10) | 0) + Math.imul(ah, bl) + Math.imul(al, bh)) | 0;
            pc += 7; continue;
          }
          case C.I64_SHR_U_OR: {
            // x = a >>> k (k in 1..63), written to e (a local it was kept in, else d), then x | c to d
            const a = fp + code[pc + 2], k = code[pc + 3], c = fp + code[pc + 4], e = fp + code[pc + 5];
            const lo = I[a], hi = I[a + 1], cl = I[c], ch = I[c + 1];
            const xl = k < 32 ? (lo >>> k) | (hi << (32 - k)) : hi >>> (k - 32), xh = k < 32 ? hi >>> k : 0;
            I[e] = xl; I[e + 1] = xh;
            const d = fp + code[pc + 1];
            I[d] = xl | cl; I[d + 1] = xh | ch;
            pc += 6; continue;
          }
          case C.I64_XOR_ADD: {
            // (a ^ b) + c, the carry as in I64_ADD
            const a = fp + code[pc + 2], b = fp + code[pc + 3], c = fp + code[pc + 4], d = fp + code[pc + 1];
            const xl = I[a] ^ I[b], cl = I[c], lo = (xl + cl) | 0;
            I[d + 1] = ((I[a + 1] ^ I[b + 1]) + I[c + 1] + (((xl & cl) | ((xl | cl) & ~lo)) >>> 31)) | 0;
            I[d] = lo;
            pc += 5; continue;
          }
          case C.I64_MUL_ADD: case C.I64_MUL_SUB: {
            const a = fp + code[pc + 2], b = fp + code[pc + 3], c = fp + code[pc + 4], d = fp + code[pc + 1];
            const al = I[a], bl = I[b];
            // as I64_MUL, then a 64-bit add or subtract of c
            const pl = Math.imul(al, bl), cl = I[c];
            const h = (((((al >>> 0) * (bl >>> 0) + (2147483648 - (pl >>> 0))) * 2.3283064365386963e-10) | 0) + Math.imul(I[a + 1], bl) + Math.imul(al, I[b + 1])) | 0;
            if (code[pc] === C.I64_MUL_ADD) {
              const lo = (pl + cl) | 0;
              I[d] = lo; I[d + 1] = (h + I[c + 1] + (((pl & cl) | ((pl | cl) & ~lo)) >>> 31)) | 0;
            } else {
              const lo = (pl - cl) | 0;
              I[d] = lo; I[d + 1] = (h - I[c + 1] - (((~pl & cl) | ((~pl | cl) & lo)) >>> 31)) | 0;
            }
            pc += 5; continue;
          }
          case C.I64_XOR_SHL: {
            const a = fp + code[pc + 2], k = (I[fp + code[pc + 3]] & code[pc + 4]) | code[pc + 5], c = fp + code[pc + 6], d = fp + code[pc + 1];
            const lo = I[a], hi = I[a + 1];
            // (lo >>> 1) >>> (31 - j) is lo >>> (32 - j), and 0 for j = 0; big: -1 when k >= 32
            const j = k & 31, sl = lo << j, sh = (hi << j) | ((lo >>> 1) >>> (31 - j)), big = -(k >>> 5);
            I[d] = I[c] ^ (sl & ~big); I[d + 1] = I[c + 1] ^ ((sh & ~big) | (sl & big));
            pc += 7; continue;
          }
          case C.I64_XOR_ROTL: {
            const a = fp + code[pc + 2], k = (I[fp + code[pc + 3]] & code[pc + 4]) | code[pc + 5], c = fp + code[pc + 6], d = fp + code[pc + 1];
            // the words swap for k & 32 (through a mask: a random count must not cost a mispredict)
            const x = I[a], y = I[a + 1], sw = -((k >>> 5) & 1) & (x ^ y), lo = x ^ sw, hi = y ^ sw, j = k & 31;
            I[d] = I[c] ^ ((lo << j) | ((hi >>> 1) >>> (31 - j)));
            I[d + 1] = I[c + 1] ^ ((hi << j) | ((lo >>> 1) >>> (31 - j)));
            pc += 7; continue;
          }
          case C.I64_POPCNT_XOR: {
            const a = fp + code[pc + 2], b = fp + code[pc + 3], d = fp + code[pc + 1];
            let x = I[a] ^ I[b], y = I[a + 1] ^ I[b + 1];
            x -= (x >>> 1) & 0x55555555; y -= (y >>> 1) & 0x55555555;
            // nibble counts of both words added (at most 8 each), then byte counts (at most 16)
            x = (x & 0x33333333) + ((x >>> 2) & 0x33333333) + (y & 0x33333333) + ((y >>> 2) & 0x33333333);
            x = (x & 0x0f0f0f0f) + ((x >>> 4) & 0x0f0f0f0f);
            I[d] = Math.imul(x, 0x01010101) >>> 24; I[d + 1] = 0;
            pc += 4; continue;
          }
          case C.I64_CLZ_OR: {
            const a = fp + code[pc + 2], b = fp + code[pc + 3], d = fp + code[pc + 1], hi = I[a + 1] | I[b + 1];
            I[d] = hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(I[a] | I[b]); I[d + 1] = 0;
            pc += 4; continue;
          }
          case C.I64_CTZ_OR: {
            const a = fp + code[pc + 2], b = fp + code[pc + 3], d = fp + code[pc + 1], lo = I[a] | I[b], hi = I[a + 1] | I[b + 1];
            I[d] = lo !== 0 ? 31 - Math.clz32(lo & -lo) : hi !== 0 ? 63 - Math.clz32(hi & -hi) : 64; I[d + 1] = 0;
            pc += 4; continue;
          }
          case C.I32_XOR_SHR_U_IMM: I[fp + code[pc + 1]] = I[fp + code[pc + 4]] ^ (I[fp + code[pc + 2]] >>> code[pc + 3]); pc += 5; continue;
          case C.I32_XOR_SHL_IMM: I[fp + code[pc + 1]] = I[fp + code[pc + 4]] ^ (I[fp + code[pc + 2]] << code[pc + 3]); pc += 5; continue;
          case C.I32_XOR_ROTL_IMM: {
            const a = I[fp + code[pc + 2]], k = code[pc + 3];
            I[fp + code[pc + 1]] = I[fp + code[pc + 4]] ^ ((a << k) | (a >>> (32 - k)));
            pc += 5; continue;
          }
          case C.ADD_IMM_BR_NE:
            I[fp + code[pc + 1]] = (I[fp + code[pc + 2]] + code[pc + 3]) | 0;
            pc = I[fp + code[pc + 4]] !== I[fp + code[pc + 5]] ? code[pc + 6] : pc + 7;
            continue;
          case C.ADD_IMM_BR_NE_IMM:
            I[fp + code[pc + 1]] = (I[fp + code[pc + 2]] + code[pc + 3]) | 0;
            pc = I[fp + code[pc + 4]] !== code[pc + 5] ? code[pc + 6] : pc + 7;
            continue;
          case C.ADD_IMM_BR_LT_S:
            I[fp + code[pc + 1]] = (I[fp + code[pc + 2]] + code[pc + 3]) | 0;
            pc = I[fp + code[pc + 4]] < I[fp + code[pc + 5]] ? code[pc + 6] : pc + 7;
            continue;
          case C.ADD_IMM_BR_LT_U:
            I[fp + code[pc + 1]] = (I[fp + code[pc + 2]] + code[pc + 3]) | 0;
            pc = (I[fp + code[pc + 4]] >>> 0) < (I[fp + code[pc + 5]] >>> 0) ? code[pc + 6] : pc + 7;
            continue;
          case C.BR_NE_BYTES_X: case C.BR_EQ_BYTES_X: {
            const ea1 = ((I[fp + code[pc + 1]] + I[fp + code[pc + 2]]) >>> 0) + (code[pc + 3] >>> 0);
            if (ea1 >= mlen) trap('out of bounds memory access');
            const ea2 = ((I[fp + code[pc + 4]] + I[fp + code[pc + 5]]) >>> 0) + (code[pc + 6] >>> 0);
            if (ea2 >= mlen) trap('out of bounds memory access');
            pc = (m8[ea1] !== m8[ea2]) === (code[pc] === C.BR_NE_BYTES_X) ? code[pc + 7] : pc + 8;
            continue;
          }
          case C.ADD_BR_NE:
            I[fp + code[pc + 1]] = (I[fp + code[pc + 2]] + I[fp + code[pc + 3]]) | 0;
            pc = I[fp + code[pc + 4]] !== I[fp + code[pc + 5]] ? code[pc + 6] : pc + 7;
            continue;
          case C.ADD_BR_LT_S:
            I[fp + code[pc + 1]] = (I[fp + code[pc + 2]] + I[fp + code[pc + 3]]) | 0;
            pc = I[fp + code[pc + 4]] < I[fp + code[pc + 5]] ? code[pc + 6] : pc + 7;
            continue;
          case C.ADD_BR_LT_U:
            I[fp + code[pc + 1]] = (I[fp + code[pc + 2]] + I[fp + code[pc + 3]]) | 0;
            pc = (I[fp + code[pc + 4]] >>> 0) < (I[fp + code[pc + 5]] >>> 0) ? code[pc + 6] : pc + 7;
            continue;
          case C.ADD_IMM_BR_LT_S_IMM:
            I[fp + code[pc + 1]] = (I[fp + code[pc + 2]] + code[pc + 3]) | 0;
            pc = I[fp + code[pc + 4]] < code[pc + 5] ? code[pc + 6] : pc + 7;
            continue;
          case C.ADD_IMM_BR_LT_U_IMM:
            I[fp + code[pc + 1]] = (I[fp + code[pc + 2]] + code[pc + 3]) | 0;
            pc = (I[fp + code[pc + 4]] >>> 0) < (code[pc + 5] >>> 0) ? code[pc + 6] : pc + 7;
            continue;
          case C.ADD_IMM_BR_IF:
            I[fp + code[pc + 1]] = (I[fp + code[pc + 2]] + code[pc + 3]) | 0;
            pc = I[fp + code[pc + 4]] !== 0 ? code[pc + 5] : pc + 6;
            continue;
          case C.ADD_IMM_BR_UNLESS:
            I[fp + code[pc + 1]] = (I[fp + code[pc + 2]] + code[pc + 3]) | 0;
            pc = I[fp + code[pc + 4]] === 0 ? code[pc + 5] : pc + 6;
            continue;
          case C.F64_MUL_ADD: F64[(fp + code[pc + 1]) >> 1] = F64[(fp + code[pc + 2]) >> 1] * F64[(fp + code[pc + 3]) >> 1] + F64[(fp + code[pc + 4]) >> 1]; pc += 5; continue;
          case C.F64_MUL_SUB: F64[(fp + code[pc + 1]) >> 1] = F64[(fp + code[pc + 2]) >> 1] * F64[(fp + code[pc + 3]) >> 1] - F64[(fp + code[pc + 4]) >> 1]; pc += 5; continue;
          case C.F64_SUB_MUL: F64[(fp + code[pc + 1]) >> 1] = F64[(fp + code[pc + 4]) >> 1] - F64[(fp + code[pc + 2]) >> 1] * F64[(fp + code[pc + 3]) >> 1]; pc += 5; continue;
          case C.I32_ADD3: I[fp + code[pc + 1]] = (I[fp + code[pc + 2]] + I[fp + code[pc + 3]] + I[fp + code[pc + 4]]) | 0; pc += 5; continue;
          case C.F64_MUL_LOAD_ADD_STORE: {
            const ea1 = ((I[fp + code[pc + 2]] + code[pc + 4]) >>> 0) + (code[pc + 3] >>> 0);
            if (ea1 + 8 > mlen) trap('out of bounds memory access');
            const p = F64[(fp + code[pc + 1]) >> 1] * dv.getFloat64(ea1, true);
            const ea2 = (I[fp + code[pc + 5]] >>> 0) + (code[pc + 6] >>> 0);
            if (ea2 + 8 > mlen) trap('out of bounds memory access');
            dv.setFloat64(ea2, p + dv.getFloat64(ea2, true), true);
            pc += 7; continue;
          }
          case C.ADD_IMM2:
            I[fp + code[pc + 1]] = (I[fp + code[pc + 2]] + code[pc + 3]) | 0;
            I[fp + code[pc + 4]] = (I[fp + code[pc + 5]] + code[pc + 6]) | 0;
            pc += 7; continue;
          case C.MOV2: {
            let d = fp + code[pc + 1], s = fp + code[pc + 2];
            I[d] = I[s]; I[d + 1] = I[s + 1];
            d = fp + code[pc + 3]; s = fp + code[pc + 4];
            I[d] = I[s]; I[d + 1] = I[s + 1];
            pc += 5; continue;
          }

          case C.F64_ADD_STORE: {
            const ea = (I[fp + code[pc + 2]] >>> 0) + (code[pc + 3] >>> 0);
            if (ea + 8 > mlen) trap('out of bounds memory access');
            dv.setFloat64(ea, F64[(fp + code[pc + 1]) >> 1] + dv.getFloat64(ea, true), true);
            pc += 4; continue;
          }

          // ---- memory 0 at base + index ----
          case C.I32_LOAD_X: {
            const ea = ((I[fp + code[pc + 2]] + I[fp + code[pc + 3]]) >>> 0) + (code[pc + 4] >>> 0);
            if (ea + 4 > mlen) trap('out of bounds memory access');
            I[fp + code[pc + 1]] = (ea & 3) === 0 ? m32[ea >>> 2] : dv.getInt32(ea, true);
            pc += 5; continue;
          }
          case C.I32_LOAD8_U_X: {
            const ea = ((I[fp + code[pc + 2]] + I[fp + code[pc + 3]]) >>> 0) + (code[pc + 4] >>> 0);
            if (ea >= mlen) trap('out of bounds memory access');
            I[fp + code[pc + 1]] = m8[ea];
            pc += 5; continue;
          }
          case C.I32_STORE_X: {
            const ea = ((I[fp + code[pc + 1]] + I[fp + code[pc + 2]]) >>> 0) + (code[pc + 4] >>> 0);
            if (ea + 4 > mlen) trap('out of bounds memory access');
            if ((ea & 3) === 0) m32[ea >>> 2] = I[fp + code[pc + 3]];
            else dv.setInt32(ea, I[fp + code[pc + 3]], true);
            pc += 5; continue;
          }
          case C.I32_STORE8_X: {
            const ea = ((I[fp + code[pc + 1]] + I[fp + code[pc + 2]]) >>> 0) + (code[pc + 4] >>> 0);
            if (ea >= mlen) trap('out of bounds memory access');
            m8[ea] = I[fp + code[pc + 3]];
            pc += 5; continue;
          }

          // ---- binary ops with the right operand loaded from memory 0: [dst, a, addr, offset, addend] ----
          case C.F64_ADD_LOAD: case C.F64_SUB_LOAD: case C.F64_MUL_LOAD: case C.F64_DIV_LOAD: {
            const ea = ((I[fp + code[pc + 3]] + code[pc + 5]) >>> 0) + (code[pc + 4] >>> 0);
            if (ea + 8 > mlen) trap('out of bounds memory access');
            const x = F64[(fp + code[pc + 2]) >> 1], y = dv.getFloat64(ea, true), op = code[pc];
            F64[(fp + code[pc + 1]) >> 1] = op === C.F64_ADD_LOAD ? x + y : op === C.F64_MUL_LOAD ? x * y : op === C.F64_SUB_LOAD ? x - y : x / y;
            pc += 6; continue;
          }
          case C.I32_ADD_LOAD: case C.I32_SUB_LOAD: case C.I32_AND_LOAD: case C.I32_OR_LOAD: case C.I32_XOR_LOAD: case C.I32_MUL_LOAD: {
            const ea = ((I[fp + code[pc + 3]] + code[pc + 5]) >>> 0) + (code[pc + 4] >>> 0);
            if (ea + 4 > mlen) trap('out of bounds memory access');
            const x = I[fp + code[pc + 2]], y = (ea & 3) === 0 ? m32[ea >>> 2] : dv.getInt32(ea, true), op = code[pc];
            let r: number;
            switch (op) {
              case C.I32_ADD_LOAD: r = (x + y) | 0; break;
              case C.I32_SUB_LOAD: r = (x - y) | 0; break;
              case C.I32_AND_LOAD: r = x & y; break;
              case C.I32_OR_LOAD: r = x | y; break;
              case C.I32_XOR_LOAD: r = x ^ y; break;
              default: r = Math.imul(x, y);
            }
            I[fp + code[pc + 1]] = r;
            pc += 6; continue;
          }

          // ---- i64 shifts by a constant: [dst, a, k] ----
          case C.I64_SHL_LO: {
            const d = fp + code[pc + 1], a = fp + code[pc + 2], k = code[pc + 3], lo = I[a];
            I[d + 1] = (I[a + 1] << k) | (lo >>> (32 - k)); I[d] = lo << k;
            pc += 4; continue;
          }
          case C.I64_SHL_HI: { const d = fp + code[pc + 1]; I[d + 1] = I[fp + code[pc + 2]] << (code[pc + 3] - 32); I[d] = 0; pc += 4; continue; }
          case C.I64_SHR_S_LO: {
            const d = fp + code[pc + 1], a = fp + code[pc + 2], k = code[pc + 3], hi = I[a + 1];
            I[d] = (I[a] >>> k) | (hi << (32 - k)); I[d + 1] = hi >> k;
            pc += 4; continue;
          }
          case C.I64_SHR_S_HI: { const d = fp + code[pc + 1], hi = I[fp + code[pc + 2] + 1]; I[d] = hi >> (code[pc + 3] - 32); I[d + 1] = hi >> 31; pc += 4; continue; }
          case C.I64_SHR_U_LO: {
            const d = fp + code[pc + 1], a = fp + code[pc + 2], k = code[pc + 3], hi = I[a + 1];
            I[d] = (I[a] >>> k) | (hi << (32 - k)); I[d + 1] = hi >>> k;
            pc += 4; continue;
          }
          case C.I64_SHR_U_HI: { const d = fp + code[pc + 1]; I[d] = I[fp + code[pc + 2] + 1] >>> (code[pc + 3] - 32); I[d + 1] = 0; pc += 4; continue; }

          // ---- i32 ----
          case C.I32_EQZ: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] === 0 ? 1 : 0; pc += 3; continue;
          case C.I32_EQ: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] === I[fp + code[pc + 3]] ? 1 : 0; pc += 4; continue;
          case C.I32_NE: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] !== I[fp + code[pc + 3]] ? 1 : 0; pc += 4; continue;
          case C.I32_LT_S: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] < I[fp + code[pc + 3]] ? 1 : 0; pc += 4; continue;
          case C.I32_LT_U: I[fp + code[pc + 1]] = (I[fp + code[pc + 2]] >>> 0) < (I[fp + code[pc + 3]] >>> 0) ? 1 : 0; pc += 4; continue;
          case C.I32_GT_S: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] > I[fp + code[pc + 3]] ? 1 : 0; pc += 4; continue;
          case C.I32_GT_U: I[fp + code[pc + 1]] = (I[fp + code[pc + 2]] >>> 0) > (I[fp + code[pc + 3]] >>> 0) ? 1 : 0; pc += 4; continue;
          case C.I32_LE_S: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] <= I[fp + code[pc + 3]] ? 1 : 0; pc += 4; continue;
          case C.I32_LE_U: I[fp + code[pc + 1]] = (I[fp + code[pc + 2]] >>> 0) <= (I[fp + code[pc + 3]] >>> 0) ? 1 : 0; pc += 4; continue;
          case C.I32_GE_S: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] >= I[fp + code[pc + 3]] ? 1 : 0; pc += 4; continue;
          case C.I32_GE_U: I[fp + code[pc + 1]] = (I[fp + code[pc + 2]] >>> 0) >= (I[fp + code[pc + 3]] >>> 0) ? 1 : 0; pc += 4; continue;
          case C.I32_CLZ: I[fp + code[pc + 1]] = Math.clz32(I[fp + code[pc + 2]]); pc += 3; continue;
          case C.I32_CTZ: { const x = I[fp + code[pc + 2]]; I[fp + code[pc + 1]] = x === 0 ? 32 : 31 - Math.clz32(x & -x); pc += 3; continue; }
          case C.I32_POPCNT: I[fp + code[pc + 1]] = popcnt32(I[fp + code[pc + 2]]); pc += 3; continue;
          case C.I32_ADD: I[fp + code[pc + 1]] = (I[fp + code[pc + 2]] + I[fp + code[pc + 3]]) | 0; pc += 4; continue;
          case C.I32_SUB: I[fp + code[pc + 1]] = (I[fp + code[pc + 2]] - I[fp + code[pc + 3]]) | 0; pc += 4; continue;
          case C.I32_MUL: I[fp + code[pc + 1]] = Math.imul(I[fp + code[pc + 2]], I[fp + code[pc + 3]]); pc += 4; continue;
          case C.I32_DIV_S: {
            const a = I[fp + code[pc + 2]], b = I[fp + code[pc + 3]];
            if (b === 0) trap('integer divide by zero');
            if (a === -2147483648 && b === -1) trap('integer overflow');
            I[fp + code[pc + 1]] = (a / b) | 0;
            pc += 4; continue;
          }
          case C.I32_DIV_U: {
            const a = I[fp + code[pc + 2]] >>> 0, b = I[fp + code[pc + 3]] >>> 0;
            if (b === 0) trap('integer divide by zero');
            I[fp + code[pc + 1]] = (a / b) >>> 0;
            pc += 4; continue;
          }
          case C.I32_REM_S: {
            const a = I[fp + code[pc + 2]], b = I[fp + code[pc + 3]];
            if (b === 0) trap('integer divide by zero');
            I[fp + code[pc + 1]] = b === -1 ? 0 : a % b;
            pc += 4; continue;
          }
          case C.I32_REM_U: {
            const a = I[fp + code[pc + 2]] >>> 0, b = I[fp + code[pc + 3]] >>> 0;
            if (b === 0) trap('integer divide by zero');
            I[fp + code[pc + 1]] = a % b;
            pc += 4; continue;
          }
          case C.I32_AND: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] & I[fp + code[pc + 3]]; pc += 4; continue;
          case C.I32_OR: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] | I[fp + code[pc + 3]]; pc += 4; continue;
          case C.I32_XOR: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] ^ I[fp + code[pc + 3]]; pc += 4; continue;
          case C.I32_SHL: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] << I[fp + code[pc + 3]]; pc += 4; continue;
          case C.I32_SHR_S: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] >> I[fp + code[pc + 3]]; pc += 4; continue;
          case C.I32_SHR_U: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] >>> I[fp + code[pc + 3]]; pc += 4; continue;
          case C.I32_ROTL: {
            const a = I[fp + code[pc + 2]], k = I[fp + code[pc + 3]] & 31;
            I[fp + code[pc + 1]] = (a << k) | (a >>> (32 - k));
            pc += 4; continue;
          }
          case C.I32_ROTR: {
            const a = I[fp + code[pc + 2]], k = I[fp + code[pc + 3]] & 31;
            I[fp + code[pc + 1]] = (a >>> k) | (a << (32 - k));
            pc += 4; continue;
          }
          case C.I32_EXTEND8_S: I[fp + code[pc + 1]] = (I[fp + code[pc + 2]] << 24) >> 24; pc += 3; continue;
          case C.I32_EXTEND16_S: I[fp + code[pc + 1]] = (I[fp + code[pc + 2]] << 16) >> 16; pc += 3; continue;

          // ---- i64 ----
          case C.I64_EQZ: I[fp + code[pc + 1]] = (I[fp + code[pc + 2]] | I[fp + code[pc + 2] + 1]) === 0 ? 1 : 0; pc += 3; continue;
          // i64 comparisons, inline: (hi, lo) pairs compared with the hi word signed or unsigned.
          case C.I64_EQ: { const a = fp + code[pc + 2], b = fp + code[pc + 3]; I[fp + code[pc + 1]] = I[a] === I[b] && I[a + 1] === I[b + 1] ? 1 : 0; pc += 4; continue; }
          case C.I64_NE: { const a = fp + code[pc + 2], b = fp + code[pc + 3]; I[fp + code[pc + 1]] = I[a] !== I[b] || I[a + 1] !== I[b + 1] ? 1 : 0; pc += 4; continue; }
          case C.I64_LT_S: case C.I64_GT_S: case C.I64_LE_S: case C.I64_GE_S: {
            const op = code[pc];
            let a = fp + code[pc + 2], b = fp + code[pc + 3];
            if (op === C.I64_GT_S || op === C.I64_LE_S) { const t = a; a = b; b = t; }
            // lt = a < b (for gt/le the operands are swapped); ge/le are its negation.
            const ah = I[a + 1], bh = I[b + 1];
            const lt = ah < bh || (ah === bh && (I[a] >>> 0) < (I[b] >>> 0));
            I[fp + code[pc + 1]] = (op === C.I64_LT_S || op === C.I64_GT_S) === lt ? 1 : 0;
            pc += 4; continue;
          }
          case C.I64_LT_U: case C.I64_GT_U: case C.I64_LE_U: case C.I64_GE_U: {
            const op = code[pc];
            let a = fp + code[pc + 2], b = fp + code[pc + 3];
            if (op === C.I64_GT_U || op === C.I64_LE_U) { const t = a; a = b; b = t; }
            const ah = I[a + 1] >>> 0, bh = I[b + 1] >>> 0;
            const lt = ah < bh || (ah === bh && (I[a] >>> 0) < (I[b] >>> 0));
            I[fp + code[pc + 1]] = (op === C.I64_LT_U || op === C.I64_GT_U) === lt ? 1 : 0;
            pc += 4; continue;
          }
          // Small i64 helpers are written out here: the loop is too large for V8 to inline calls.
          case C.I64_CLZ: {
            const d = fp + code[pc + 1], a = fp + code[pc + 2], hi = I[a + 1];
            I[d] = hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(I[a]); I[d + 1] = 0;
            pc += 3; continue;
          }
          case C.I64_CTZ: {
            const d = fp + code[pc + 1], a = fp + code[pc + 2], lo = I[a], hi = I[a + 1];
            I[d] = lo !== 0 ? 31 - Math.clz32(lo & -lo) : hi !== 0 ? 63 - Math.clz32(hi & -hi) : 64; I[d + 1] = 0;
            pc += 3; continue;
          }
          case C.I64_POPCNT: {
            const d = fp + code[pc + 1], a = fp + code[pc + 2];
            let x = I[a], y = I[a + 1];
            x -= (x >>> 1) & 0x55555555; y -= (y >>> 1) & 0x55555555;
            // nibble counts of both words added (at most 8 each), then byte counts (at most 16)
            x = (x & 0x33333333) + ((x >>> 2) & 0x33333333) + (y & 0x33333333) + ((y >>> 2) & 0x33333333);
            x = (x & 0x0f0f0f0f) + ((x >>> 4) & 0x0f0f0f0f);
            I[d] = Math.imul(x, 0x01010101) >>> 24; I[d + 1] = 0;
            pc += 3; continue;
          }
          case C.I64_ADD: {
            const d = fp + code[pc + 1], a = fp + code[pc + 2], b = fp + code[pc + 3];
            // The carry out of the low words comes from their top bits (Hacker's Delight 2-13), as
            // does the borrow in I64_SUB: TurboFan compiles `cond ? 1 : 0` to a branch, and random
            // operands mispredict it half the time. (The same in I64_MUL_ADD/SUB.)
            const al = I[a], bl = I[b], lo = (al + bl) | 0;
            const hi = (I[a + 1] + I[b + 1] + (((al & bl) | ((al | bl) & ~lo)) >>> 31)) | 0;
            I[d] = lo; I[d + 1] = hi;
            pc += 4; continue;
          }
          case C.I64_SUB: {
            const d = fp + code[pc + 1], a = fp + code[pc + 2], b = fp + code[pc + 3];
            const al = I[a], bl = I[b], lo = (al - bl) | 0;
            const hi = (I[a + 1] - I[b + 1] - (((~al & bl) | ((~al | bl) & lo)) >>> 31)) | 0;
            I[d] = lo; I[d + 1] = hi;
            pc += 4; continue;
          }
          case C.I64_MUL: {
            const d = fp + code[pc + 1], a = fp + code[pc + 2], b = fp + code[pc + 3];
            const al = I[a], ah = I[a + 1], bl = I[b], bh = I[b + 1];
            const pl = Math.imul(al, bl);
            I[d] = pl;
            I[d + 1] = (((((al >>> 0) * (bl >>> 0) + (2147483648 - (pl >>> 0))) * 2.3283064365386963e-10) | 0) + Math.imul(ah, bl) + Math.imul(al, bh)) | 0;
            pc += 4; continue;
          }
          // A divisor in [2^12, 2^30) (a typical constant or modulus) is divided inline as in
          // i64.ts divmodU: one double division, corrected by one step; a signed dividend by
          // its magnitude. Other divisors (and the traps) take the i64.ts functions.
          case C.I64_DIV_U: case C.I64_REM_U: {
            const d = fp + code[pc + 1], a = fp + code[pc + 2], b = fp + code[pc + 3], m = I[b];
            if (I[b + 1] === 0 && m >= 0x1000 && m < 0x40000000) {
              // q is not floored: everything below reads it truncated (Math.imul, | 0), and
              // truncating a non-negative q is flooring; skipping Math.floor shortens the chain.
              const nl = I[a] >>> 0;
              let q = ((I[a + 1] >>> 0) * TWO32 + nl) / m;
              let r = (nl - Math.imul(q, m)) | 0;
              if (r < 0) { q--; r += m; } else if (r >= m) { q++; r -= m; }
              if (code[pc] === C.I64_DIV_U) { I[d] = q; I[d + 1] = q / TWO32; } else { I[d] = r; I[d + 1] = 0; }
            } else if (code[pc] === C.I64_DIV_U) L.i64DivU(I, d, a, b);
            else L.i64RemU(I, d, a, b);
            pc += 4; continue;
          }
          case C.I64_DIV_S: case C.I64_REM_S: {
            const d = fp + code[pc + 1], a = fp + code[pc + 2], b = fp + code[pc + 3], m = I[b];
            if (I[b + 1] === 0 && m >= 0x1000 && m < 0x40000000) {
              // As above on the signed dividend: q is read truncated (toward zero), and is one off
              // at most, which shows as a remainder with the wrong sign (not 0) or a magnitude of m
              // or more; s steps toward it. The high word of a negative quotient is its truncated
              // q / 2^32 less 1 unless the low word is 0 (flooring without Math.floor).
              const nl = I[a], nh = I[a + 1];
              let q = (nh * TWO32 + (nl >>> 0)) / m;
              let r = (nl - Math.imul(q, m)) | 0;
              if ((r !== 0 && (r ^ nh) < 0) || r >= m || r <= -m) { const s = (r >> 31) | 1; q = Math.trunc(q) + s; r -= s * m; }
              if (code[pc] === C.I64_DIV_S) {
                const lo = q | 0;
                I[d] = lo; I[d + 1] = ((q * 2.3283064365386963e-10) | 0) - ((nh >>> 31) & ((lo | -lo) >>> 31));
              } else { I[d] = r; I[d + 1] = r >> 31; }
            } else if (code[pc] === C.I64_DIV_S) L.i64DivS(I, d, a, b);
            else L.i64RemS(I, d, a, b);
            pc += 4; continue;
          }
          case C.I64_AND: { const d = fp + code[pc + 1], a = fp + code[pc + 2], b = fp + code[pc + 3]; I[d] = I[a] & I[b]; I[d + 1] = I[a + 1] & I[b + 1]; pc += 4; continue; }
          case C.I64_OR: { const d = fp + code[pc + 1], a = fp + code[pc + 2], b = fp + code[pc + 3]; I[d] = I[a] | I[b]; I[d + 1] = I[a + 1] | I[b + 1]; pc += 4; continue; }
          case C.I64_XOR: { const d = fp + code[pc + 1], a = fp + code[pc + 2], b = fp + code[pc + 3]; I[d] = I[a] ^ I[b]; I[d + 1] = I[a + 1] ^ I[b + 1]; pc += 4; continue; }
          case C.I64_SHL: {
            const d = fp + code[pc + 1], a = fp + code[pc + 2], k = (I[fp + code[pc + 3]] & code[pc + 4]) | code[pc + 5];
            const lo = I[a], hi = I[a + 1];
            if (k === 0) { I[d] = lo; I[d + 1] = hi; }
            else if (k < 32) { I[d + 1] = (hi << k) | (lo >>> (32 - k)); I[d] = lo << k; }
            else { I[d + 1] = lo << (k - 32); I[d] = 0; }
            pc += 6; continue;
          }
          case C.I64_SHR_S: {
            const d = fp + code[pc + 1], a = fp + code[pc + 2], k = (I[fp + code[pc + 3]] & code[pc + 4]) | code[pc + 5];
            const lo = I[a], hi = I[a + 1];
            if (k === 0) { I[d] = lo; I[d + 1] = hi; }
            else if (k < 32) { I[d] = (lo >>> k) | (hi << (32 - k)); I[d + 1] = hi >> k; }
            else { I[d] = hi >> (k - 32); I[d + 1] = hi >> 31; }
            pc += 6; continue;
          }
          case C.I64_SHR_U: {
            const d = fp + code[pc + 1], a = fp + code[pc + 2], k = (I[fp + code[pc + 3]] & code[pc + 4]) | code[pc + 5];
            const lo = I[a], hi = I[a + 1];
            if (k === 0) { I[d] = lo; I[d + 1] = hi; }
            else if (k < 32) { I[d] = (lo >>> k) | (hi << (32 - k)); I[d + 1] = hi >>> k; }
            else { I[d] = hi >>> (k - 32); I[d + 1] = 0; }
            pc += 6; continue;
          }
          case C.I64_ROTL: case C.I64_ROTR: {
            const d = fp + code[pc + 1], a = fp + code[pc + 2];
            // rotr by k = rotl by 64 - k
            let k = (I[fp + code[pc + 3]] & code[pc + 4]) | code[pc + 5];
            if (code[pc] === C.I64_ROTR) k = (64 - k) & 63;
            // as I64_XOR_ROTL: a mask swaps the words for k >= 32; (hi >>> 1) >>> (31 - j) is 0 for j = 0
            const x = I[a], y = I[a + 1], sw = -(k >>> 5) & (x ^ y), lo = x ^ sw, hi = y ^ sw, j = k & 31;
            I[d] = (lo << j) | ((hi >>> 1) >>> (31 - j)); I[d + 1] = (hi << j) | ((lo >>> 1) >>> (31 - j));
            pc += 6; continue;
          }
          case C.I64_EXTEND8_S: L.i64Extend8S(I, fp + code[pc + 1], fp + code[pc + 2]); pc += 3; continue;
          case C.I64_EXTEND16_S: L.i64Extend16S(I, fp + code[pc + 1], fp + code[pc + 2]); pc += 3; continue;
          case C.I64_EXTEND32_S: L.i64Extend32S(I, fp + code[pc + 1], fp + code[pc + 2]); pc += 3; continue;

          // ---- f32 (values at F32[word]) ----
          case C.F32_EQ: I[fp + code[pc + 1]] = F32[fp + code[pc + 2]] === F32[fp + code[pc + 3]] ? 1 : 0; pc += 4; continue;
          case C.F32_NE: I[fp + code[pc + 1]] = F32[fp + code[pc + 2]] !== F32[fp + code[pc + 3]] ? 1 : 0; pc += 4; continue;
          case C.F32_LT: I[fp + code[pc + 1]] = F32[fp + code[pc + 2]] < F32[fp + code[pc + 3]] ? 1 : 0; pc += 4; continue;
          case C.F32_GT: I[fp + code[pc + 1]] = F32[fp + code[pc + 2]] > F32[fp + code[pc + 3]] ? 1 : 0; pc += 4; continue;
          case C.F32_LE: I[fp + code[pc + 1]] = F32[fp + code[pc + 2]] <= F32[fp + code[pc + 3]] ? 1 : 0; pc += 4; continue;
          case C.F32_GE: I[fp + code[pc + 1]] = F32[fp + code[pc + 2]] >= F32[fp + code[pc + 3]] ? 1 : 0; pc += 4; continue;
          case C.F32_ABS: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] & 0x7fffffff; pc += 3; continue;
          case C.F32_NEG: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] ^ -0x80000000; pc += 3; continue;
          case C.F32_CEIL: { const x = F32[fp + code[pc + 2]]; F32[fp + code[pc + 1]] = x !== x ? NaN : Math.ceil(x); pc += 3; continue; }
          case C.F32_FLOOR: { const x = F32[fp + code[pc + 2]]; F32[fp + code[pc + 1]] = x !== x ? NaN : Math.floor(x); pc += 3; continue; }
          case C.F32_TRUNC: { const x = F32[fp + code[pc + 2]]; F32[fp + code[pc + 1]] = x !== x ? NaN : Math.trunc(x); pc += 3; continue; }
          case C.F32_NEAREST: Fl.fNearestAt(F32, fp + code[pc + 1], fp + code[pc + 2]); pc += 3; continue;
          case C.F32_SQRT: F32[fp + code[pc + 1]] = Math.sqrt(F32[fp + code[pc + 2]]); pc += 3; continue;
          case C.F32_ADD: F32[fp + code[pc + 1]] = F32[fp + code[pc + 2]] + F32[fp + code[pc + 3]]; pc += 4; continue;
          case C.F32_SUB: F32[fp + code[pc + 1]] = F32[fp + code[pc + 2]] - F32[fp + code[pc + 3]]; pc += 4; continue;
          case C.F32_MUL: F32[fp + code[pc + 1]] = F32[fp + code[pc + 2]] * F32[fp + code[pc + 3]]; pc += 4; continue;
          case C.F32_DIV: F32[fp + code[pc + 1]] = F32[fp + code[pc + 2]] / F32[fp + code[pc + 3]]; pc += 4; continue;
          // min/max, rounding and conversions are inline (float.ts, convert.ts and i64.ts hold the same
          // rules for the other callers): a double passed to or returned from a call out of this
          // function would be boxed in a new HeapNumber on every execution.
          case C.F32_MIN: { const x = F32[fp + code[pc + 2]], y = F32[fp + code[pc + 3]]; F32[fp + code[pc + 1]] = x < y ? x : y < x ? y : x === y ? (x === 0 && 1 / x > 0 ? y : x) : NaN; pc += 4; continue; }
          case C.F32_MAX: { const x = F32[fp + code[pc + 2]], y = F32[fp + code[pc + 3]]; F32[fp + code[pc + 1]] = x > y ? x : y > x ? y : x === y ? (x === 0 && 1 / x < 0 ? y : x) : NaN; pc += 4; continue; }
          case C.F32_COPYSIGN: Fl.f32Copysign(I, fp + code[pc + 1], fp + code[pc + 2], fp + code[pc + 3]); pc += 4; continue;

          // ---- f64 (values at F64[word >> 1]) ----
          case C.F64_EQ: I[fp + code[pc + 1]] = F64[(fp + code[pc + 2]) >> 1] === F64[(fp + code[pc + 3]) >> 1] ? 1 : 0; pc += 4; continue;
          case C.F64_NE: I[fp + code[pc + 1]] = F64[(fp + code[pc + 2]) >> 1] !== F64[(fp + code[pc + 3]) >> 1] ? 1 : 0; pc += 4; continue;
          case C.F64_LT: I[fp + code[pc + 1]] = F64[(fp + code[pc + 2]) >> 1] < F64[(fp + code[pc + 3]) >> 1] ? 1 : 0; pc += 4; continue;
          case C.F64_GT: I[fp + code[pc + 1]] = F64[(fp + code[pc + 2]) >> 1] > F64[(fp + code[pc + 3]) >> 1] ? 1 : 0; pc += 4; continue;
          case C.F64_LE: I[fp + code[pc + 1]] = F64[(fp + code[pc + 2]) >> 1] <= F64[(fp + code[pc + 3]) >> 1] ? 1 : 0; pc += 4; continue;
          case C.F64_GE: I[fp + code[pc + 1]] = F64[(fp + code[pc + 2]) >> 1] >= F64[(fp + code[pc + 3]) >> 1] ? 1 : 0; pc += 4; continue;
          case C.F64_ABS: Fl.f64Abs(I, fp + code[pc + 1], fp + code[pc + 2]); pc += 3; continue;
          case C.F64_NEG: Fl.f64Neg(I, fp + code[pc + 1], fp + code[pc + 2]); pc += 3; continue;
          case C.F64_CEIL: { const x = F64[(fp + code[pc + 2]) >> 1]; F64[(fp + code[pc + 1]) >> 1] = x !== x ? NaN : Math.ceil(x); pc += 3; continue; }
          case C.F64_FLOOR: { const x = F64[(fp + code[pc + 2]) >> 1]; F64[(fp + code[pc + 1]) >> 1] = x !== x ? NaN : Math.floor(x); pc += 3; continue; }
          case C.F64_TRUNC: { const x = F64[(fp + code[pc + 2]) >> 1]; F64[(fp + code[pc + 1]) >> 1] = x !== x ? NaN : Math.trunc(x); pc += 3; continue; }
          case C.F64_NEAREST: Fl.fNearestAt(F64, (fp + code[pc + 1]) >> 1, (fp + code[pc + 2]) >> 1); pc += 3; continue;
          case C.F64_SQRT: F64[(fp + code[pc + 1]) >> 1] = Math.sqrt(F64[(fp + code[pc + 2]) >> 1]); pc += 3; continue;
          case C.F64_ADD: F64[(fp + code[pc + 1]) >> 1] = F64[(fp + code[pc + 2]) >> 1] + F64[(fp + code[pc + 3]) >> 1]; pc += 4; continue;
          case C.F64_SUB: F64[(fp + code[pc + 1]) >> 1] = F64[(fp + code[pc + 2]) >> 1] - F64[(fp + code[pc + 3]) >> 1]; pc += 4; continue;
          case C.F64_MUL: F64[(fp + code[pc + 1]) >> 1] = F64[(fp + code[pc + 2]) >> 1] * F64[(fp + code[pc + 3]) >> 1]; pc += 4; continue;
          case C.F64_DIV: F64[(fp + code[pc + 1]) >> 1] = F64[(fp + code[pc + 2]) >> 1] / F64[(fp + code[pc + 3]) >> 1]; pc += 4; continue;
          case C.F64_MIN: { const x = F64[(fp + code[pc + 2]) >> 1], y = F64[(fp + code[pc + 3]) >> 1]; F64[(fp + code[pc + 1]) >> 1] = x < y ? x : y < x ? y : x === y ? (x === 0 && 1 / x > 0 ? y : x) : NaN; pc += 4; continue; }
          case C.F64_MAX: { const x = F64[(fp + code[pc + 2]) >> 1], y = F64[(fp + code[pc + 3]) >> 1]; F64[(fp + code[pc + 1]) >> 1] = x > y ? x : y > x ? y : x === y ? (x === 0 && 1 / x < 0 ? y : x) : NaN; pc += 4; continue; }
          case C.F64_COPYSIGN: Fl.f64Copysign(I, fp + code[pc + 1], fp + code[pc + 2], fp + code[pc + 3]); pc += 4; continue;

          // ---- conversions ----
          case C.I32_WRAP_I64: case C.I32_REINTERPRET_F32: case C.F32_REINTERPRET_I32:
            I[fp + code[pc + 1]] = I[fp + code[pc + 2]]; pc += 3; continue;
          case C.I64_REINTERPRET_F64: case C.F64_REINTERPRET_I64: {
            const d = fp + code[pc + 1], s = fp + code[pc + 2];
            I[d] = I[s]; I[d + 1] = I[s + 1];
            pc += 3; continue;
          }
          case C.I32_TRUNC_F32_S: { const x = F32[fp + code[pc + 2]]; I[fp + code[pc + 1]] = x > -2147483648 && x < 2147483648 ? x | 0 : Cv.i32TruncS(x); pc += 3; continue; }
          case C.I32_TRUNC_F32_U: { const x = F32[fp + code[pc + 2]]; I[fp + code[pc + 1]] = x >= 0 && x < 4294967296 ? x | 0 : Cv.i32TruncU(x); pc += 3; continue; }
          case C.I32_TRUNC_F64_S: { const x = F64[(fp + code[pc + 2]) >> 1]; I[fp + code[pc + 1]] = x > -2147483648 && x < 2147483648 ? x | 0 : Cv.i32TruncS(x); pc += 3; continue; }
          case C.I32_TRUNC_F64_U: { const x = F64[(fp + code[pc + 2]) >> 1]; I[fp + code[pc + 1]] = x >= 0 && x < 4294967296 ? x | 0 : Cv.i32TruncU(x); pc += 3; continue; }
          case C.I32_TRUNC_SAT_F32_S: { const x = F32[fp + code[pc + 2]]; I[fp + code[pc + 1]] = x !== x ? 0 : x >= 2147483647 ? 2147483647 : x <= -2147483648 ? -2147483648 : x | 0; pc += 3; continue; }
          case C.I32_TRUNC_SAT_F32_U: { const x = F32[fp + code[pc + 2]]; I[fp + code[pc + 1]] = x !== x || x <= 0 ? 0 : x >= 4294967295 ? -1 : x | 0; pc += 3; continue; }
          case C.I32_TRUNC_SAT_F64_S: { const x = F64[(fp + code[pc + 2]) >> 1]; I[fp + code[pc + 1]] = x !== x ? 0 : x >= 2147483647 ? 2147483647 : x <= -2147483648 ? -2147483648 : x | 0; pc += 3; continue; }
          case C.I32_TRUNC_SAT_F64_U: { const x = F64[(fp + code[pc + 2]) >> 1]; I[fp + code[pc + 1]] = x !== x || x <= 0 ? 0 : x >= 4294967295 ? -1 : x | 0; pc += 3; continue; }
          case C.I64_EXTEND_I32_S: { const d = fp + code[pc + 1], x = I[fp + code[pc + 2]]; I[d] = x; I[d + 1] = x >> 31; pc += 3; continue; }
          case C.I64_EXTEND_I32_U: { const d = fp + code[pc + 1]; I[d] = I[fp + code[pc + 2]]; I[d + 1] = 0; pc += 3; continue; }
          case C.I64_TRUNC_F32_S: L.f64ToI64SAt(I, fp + code[pc + 1], F32, fp + code[pc + 2]); pc += 3; continue;
          case C.I64_TRUNC_F32_U: L.f64ToI64UAt(I, fp + code[pc + 1], F32, fp + code[pc + 2]); pc += 3; continue;
          case C.I64_TRUNC_F64_S: L.f64ToI64SAt(I, fp + code[pc + 1], F64, (fp + code[pc + 2]) >> 1); pc += 3; continue;
          case C.I64_TRUNC_F64_U: L.f64ToI64UAt(I, fp + code[pc + 1], F64, (fp + code[pc + 2]) >> 1); pc += 3; continue;
          case C.I64_TRUNC_SAT_F32_S: L.f64ToI64SSatAt(I, fp + code[pc + 1], F32, fp + code[pc + 2]); pc += 3; continue;
          case C.I64_TRUNC_SAT_F32_U: L.f64ToI64USatAt(I, fp + code[pc + 1], F32, fp + code[pc + 2]); pc += 3; continue;
          case C.I64_TRUNC_SAT_F64_S: L.f64ToI64SSatAt(I, fp + code[pc + 1], F64, (fp + code[pc + 2]) >> 1); pc += 3; continue;
          case C.I64_TRUNC_SAT_F64_U: L.f64ToI64USatAt(I, fp + code[pc + 1], F64, (fp + code[pc + 2]) >> 1); pc += 3; continue;
          case C.F32_CONVERT_I32_S: F32[fp + code[pc + 1]] = I[fp + code[pc + 2]]; pc += 3; continue;
          case C.F32_CONVERT_I32_U: F32[fp + code[pc + 1]] = I[fp + code[pc + 2]] >>> 0; pc += 3; continue;
          case C.F32_CONVERT_I64_S: L.i64ToF32SAt(I, fp + code[pc + 2], F32, fp + code[pc + 1]); pc += 3; continue;
          case C.F32_CONVERT_I64_U: L.i64ToF32UAt(I, fp + code[pc + 2], F32, fp + code[pc + 1]); pc += 3; continue;
          case C.F32_DEMOTE_F64: Fl.f32DemoteF64(I, fp + code[pc + 1], fp + code[pc + 2]); pc += 3; continue;
          case C.F64_CONVERT_I32_S: F64[(fp + code[pc + 1]) >> 1] = I[fp + code[pc + 2]]; pc += 3; continue;
          case C.F64_CONVERT_I32_U: F64[(fp + code[pc + 1]) >> 1] = I[fp + code[pc + 2]] >>> 0; pc += 3; continue;
          case C.F64_CONVERT_I64_S: { const a = fp + code[pc + 2]; F64[(fp + code[pc + 1]) >> 1] = I[a + 1] * TWO32 + (I[a] >>> 0); pc += 3; continue; }
          case C.F64_CONVERT_I64_U: { const a = fp + code[pc + 2]; F64[(fp + code[pc + 1]) >> 1] = (I[a + 1] >>> 0) * TWO32 + (I[a] >>> 0); pc += 3; continue; }
          case C.F64_PROMOTE_F32: Fl.f64PromoteF32(I, fp + code[pc + 1], fp + code[pc + 2]); pc += 3; continue;

          // ---- SIMD (helpers take byte offsets: word * 4) ----
          // Lanes in order 0..3, as the helpers in simd.ts do, so overlapping operands behave the same.
          // One case per op, so no lane re-tests which op it is.
          case C.F32X4_ADD: { const d = fp + code[pc + 1], a = fp + code[pc + 2], b = fp + code[pc + 3]; for (let i = 0; i < 4; i++) F32[d + i] = F32[a + i] + F32[b + i]; pc += 4; continue; }
          case C.F32X4_SUB: { const d = fp + code[pc + 1], a = fp + code[pc + 2], b = fp + code[pc + 3]; for (let i = 0; i < 4; i++) F32[d + i] = F32[a + i] - F32[b + i]; pc += 4; continue; }
          case C.F32X4_MUL: { const d = fp + code[pc + 1], a = fp + code[pc + 2], b = fp + code[pc + 3]; for (let i = 0; i < 4; i++) F32[d + i] = F32[a + i] * F32[b + i]; pc += 4; continue; }
          case C.F32X4_LT: { const d = fp + code[pc + 1], a = fp + code[pc + 2], b = fp + code[pc + 3]; for (let i = 0; i < 4; i++) I[d + i] = F32[a + i] < F32[b + i] ? -1 : 0; pc += 4; continue; }
          case C.F32X4_LE: { const d = fp + code[pc + 1], a = fp + code[pc + 2], b = fp + code[pc + 3]; for (let i = 0; i < 4; i++) I[d + i] = F32[a + i] <= F32[b + i] ? -1 : 0; pc += 4; continue; }
          case C.F32X4_MUL_ADD: {
            const d = fp + code[pc + 1], a = fp + code[pc + 2], b = fp + code[pc + 3], c = fp + code[pc + 4];
            for (let i = 0; i < 4; i++) F32[d + i] = Math.fround(F32[a + i] * F32[b + i]) + F32[c + i];
            pc += 5; continue;
          }
          case C.I32X4_ADD: { const d = fp + code[pc + 1], a = fp + code[pc + 2], b = fp + code[pc + 3]; for (let i = 0; i < 4; i++) I[d + i] = I[a + i] + I[b + i]; pc += 4; continue; }
          case C.I32X4_SUB: { const d = fp + code[pc + 1], a = fp + code[pc + 2], b = fp + code[pc + 3]; for (let i = 0; i < 4; i++) I[d + i] = I[a + i] - I[b + i]; pc += 4; continue; }
          case C.V128_AND: { const d = fp + code[pc + 1], a = fp + code[pc + 2], b = fp + code[pc + 3]; for (let i = 0; i < 4; i++) I[d + i] = I[a + i] & I[b + i]; pc += 4; continue; }
          case C.V128_OR: { const d = fp + code[pc + 1], a = fp + code[pc + 2], b = fp + code[pc + 3]; for (let i = 0; i < 4; i++) I[d + i] = I[a + i] | I[b + i]; pc += 4; continue; }
          case C.V128_XOR: { const d = fp + code[pc + 1], a = fp + code[pc + 2], b = fp + code[pc + 3]; for (let i = 0; i < 4; i++) I[d + i] = I[a + i] ^ I[b + i]; pc += 4; continue; }
          case C.V128_LOAD0: {
            const ea = (I[fp + code[pc + 2]] >>> 0) + (code[pc + 3] >>> 0);
            if (ea + 16 > mlen) trap('out of bounds memory access');
            const d = fp + code[pc + 1];
            if ((ea & 3) === 0) { const k = ea >>> 2; I[d] = m32[k]; I[d + 1] = m32[k + 1]; I[d + 2] = m32[k + 2]; I[d + 3] = m32[k + 3]; }
            else for (let i = 0; i < 4; i++) I[d + i] = dv.getInt32(ea + 4 * i, true);
            pc += 4; continue;
          }
          case C.V128_STORE0: {
            const ea = (I[fp + code[pc + 1]] >>> 0) + (code[pc + 3] >>> 0);
            if (ea + 16 > mlen) trap('out of bounds memory access');
            const s = fp + code[pc + 2];
            if ((ea & 3) === 0) { const k = ea >>> 2; m32[k] = I[s]; m32[k + 1] = I[s + 1]; m32[k + 2] = I[s + 2]; m32[k + 3] = I[s + 3]; }
            else for (let i = 0; i < 4; i++) dv.setInt32(ea + 4 * i, I[s + i], true);
            pc += 4; continue;
          }
          case C.SIMD_UNARY: SIMD_FNS[code[pc + 1]](V, (fp + code[pc + 2]) << 2, (fp + code[pc + 3]) << 2); pc += 4; continue;
          case C.SIMD_BINARY:
            SIMD_FNS[code[pc + 1]](V, (fp + code[pc + 2]) << 2, (fp + code[pc + 3]) << 2, (fp + code[pc + 4]) << 2);
            pc += 5; continue;
          case C.SIMD_TERNARY:
            SIMD_FNS[code[pc + 1]](V, (fp + code[pc + 2]) << 2, (fp + code[pc + 3]) << 2, (fp + code[pc + 4]) << 2, (fp + code[pc + 5]) << 2);
            pc += 6; continue;
          case C.SIMD_TEST: I[fp + code[pc + 2]] = SIMD_FNS[code[pc + 1]](V, (fp + code[pc + 3]) << 2); pc += 4; continue;
          case C.SIMD_SHIFT:
            SIMD_FNS[code[pc + 1]](V, (fp + code[pc + 2]) << 2, (fp + code[pc + 3]) << 2, I[fp + code[pc + 4]]);
            pc += 5; continue;
          case C.SIMD_SPLAT_X: SIMD_FNS[code[pc + 1]](V, (fp + code[pc + 2]) << 2, I[fp + code[pc + 3]]); pc += 4; continue;
          case C.SIMD_SPLAT_SRC: SIMD_FNS[code[pc + 1]](V, (fp + code[pc + 2]) << 2, (fp + code[pc + 3]) << 2); pc += 4; continue;
          case C.I32_OR_LANE: I[fp + code[pc + 1]] = I[fp + code[pc + 2] + code[pc + 3]] | I[fp + code[pc + 4]]; pc += 5; continue;
          case C.I32_OR_LANES: {
            const v = fp + code[pc + 2], n = code[pc + 3];
            I[fp + code[pc + 1]] = I[v] | I[v + 1] | (n > 2 ? I[v + 2] : 0) | (n > 3 ? I[v + 3] : 0);
            pc += 4; continue;
          }
          case C.V128_EXTRACT32: I[fp + code[pc + 1]] = I[fp + code[pc + 2] + code[pc + 3]]; pc += 4; continue;
          case C.SIMD_EXTRACT_X: I[fp + code[pc + 2]] = SIMD_FNS[code[pc + 1]](V, (fp + code[pc + 3]) << 2, code[pc + 4]); pc += 5; continue;
          case C.SIMD_EXTRACT_SRC:
            SIMD_FNS[code[pc + 1]](V, (fp + code[pc + 2]) << 2, (fp + code[pc + 3]) << 2, code[pc + 4]);
            pc += 5; continue;
          case C.SIMD_REPLACE_X:
            SIMD_FNS[code[pc + 1]](V, (fp + code[pc + 2]) << 2, (fp + code[pc + 3]) << 2, code[pc + 4], I[fp + code[pc + 5]]);
            pc += 6; continue;
          case C.SIMD_REPLACE_SRC:
            SIMD_FNS[code[pc + 1]](V, (fp + code[pc + 2]) << 2, (fp + code[pc + 3]) << 2, code[pc + 4], (fp + code[pc + 5]) << 2);
            pc += 6; continue;
          case C.SIMD_SHUFFLE:
            i8x16Shuffle(V, (fp + code[pc + 2]) << 2, (fp + code[pc + 3]) << 2, (fp + code[pc + 4]) << 2, comp.aux[code[pc + 1]] as Uint8Array);
            pc += 5; continue;
          case C.SIMD_LOAD: { // [fn, dst, addr, offset, memory, width]
            const bytes = memOf(inst, code[pc + 5]).bytes;
            const ea = (I[fp + code[pc + 3]] >>> 0) + (code[pc + 4] >>> 0);
            if (ea + code[pc + 6] > bytes.length) trap('out of bounds memory access');
            SIMD_FNS[code[pc + 1]](V, (fp + code[pc + 2]) << 2, bytes, ea);
            pc += 7; continue;
          }
          case C.SIMD_STORE: { // [addr, value, offset, memory]
            const bytes = memOf(inst, code[pc + 4]).bytes;
            const ea = (I[fp + code[pc + 1]] >>> 0) + (code[pc + 3] >>> 0);
            if (ea + 16 > bytes.length) trap('out of bounds memory access');
            v128Store(V, (fp + code[pc + 2]) << 2, bytes, ea);
            pc += 5; continue;
          }
          case C.SIMD_LOAD_LANE: { // [dst, addr, vec, offset, memory, lane, width]
            const bytes = memOf(inst, code[pc + 5]).bytes;
            const ea = (I[fp + code[pc + 2]] >>> 0) + (code[pc + 4] >>> 0);
            if (ea + code[pc + 7] > bytes.length) trap('out of bounds memory access');
            v128LoadLane(V, (fp + code[pc + 1]) << 2, (fp + code[pc + 3]) << 2, bytes, ea, code[pc + 6], code[pc + 7]);
            pc += 8; continue;
          }
          case C.SIMD_STORE_LANE: { // [addr, vec, offset, memory, lane, width]
            const bytes = memOf(inst, code[pc + 4]).bytes;
            const ea = (I[fp + code[pc + 1]] >>> 0) + (code[pc + 3] >>> 0);
            if (ea + code[pc + 6] > bytes.length) trap('out of bounds memory access');
            v128StoreLane(V, (fp + code[pc + 2]) << 2, bytes, ea, code[pc + 5], code[pc + 6]);
            pc += 7; continue;
          }

          // ---- threads and wide-arithmetic proposals (helpers in atomic.ts, wide-arith.ts) ----
          // ---- custom-descriptors proposal (helpers in descriptors.ts) ----
          case C.BR_ON_CAST_DESC: case C.BR_ON_CAST_DESC_FAIL: { // [ref, descriptor, nullable, target]
            const ok = descEqTest(R[(fp + code[pc + 1]) >> 1], R[(fp + code[pc + 2]) >> 1], code[pc + 3] === 1);
            pc = ok === (code[pc] === C.BR_ON_CAST_DESC) ? code[pc + 4] : pc + 5;
            continue;
          }

          // ---- GC ----
          case C.REF_I31: R[(fp + code[pc + 1]) >> 1] = (I[fp + code[pc + 2]] << 1) >> 1; pc += 3; continue;
          case C.ANY_CONVERT_EXTERN: R[(fp + code[pc + 1]) >> 1] = internalize(R[(fp + code[pc + 2]) >> 1]); pc += 3; continue;
          case C.EXTERN_CONVERT_ANY: R[(fp + code[pc + 1]) >> 1] = externalize(R[(fp + code[pc + 2]) >> 1]); pc += 3; continue;
          case C.BR_ON_CAST: case C.BR_ON_CAST_FAIL: {
            const t = comp.aux[code[pc + 2]] as CastTarget;
            const ok = refTest(R[(fp + code[pc + 1]) >> 1], t.heap, t.nullable, inst.rtts, t.exact);
            pc = ok === (code[pc] === C.BR_ON_CAST) ? code[pc + 3] : pc + 4;
            continue;
          }

          default:
            // DEBUG [info]: only in debug-compiled code, which src/debug swaps in while a
            // debugger is attached; handled here, off the case list, so normal dispatch is
            // untouched. The debugger may pause (return) and later resume at pc + 2.
            if (code[pc] === C.DEBUG) {
              if (eng.debugHook !== null && eng.debugHook.onInstr(cur, pc, fp, depth, baseDepth, code[pc + 1])) return;
              pc += 2; continue;
            }
            // GC objects, tables, atomics, wide arithmetic and casts run out of line (interp-rare.ts).
            pc = execRare(eng, inst, comp, code, pc, fp);
            continue;
        }

        // ---- calls and returns (reached by `break`) ----
        if (mode === MODE_CALL) {
          mode = 0;
          const f = callee;
          if (tail) {
            // Move the arguments to the frame base: the callee replaces this frame.
            const n = f.paramWords;
            for (let k = 0; k < n; k++) I[fp + k] = I[nfp + k];
            for (let k = 0; k < n; k += 2) R[(fp + k) >> 1] = R[(nfp + k) >> 1];
            nfp = fp;
          }
          if (f.host !== null || f.instance!.engine !== eng) {
            eng.depth = depth;
            eng.top = fp + comp.frameWords + 8;
            inHostCall = true;
            eng.callOut(f, nfp, inst);
            inHostCall = false;
            eng.depth = depth;
            if (mem0 !== null) { dv = mem0.view; mlen = dv.byteLength; m32 = mem0.words; m8 = mem0.bytes; }
            if (!tail) continue;
            // A tail call to a host function: its results are at the frame base; return.
          } else {
            if (!tail) {
              if (depth - baseDepth >= maxDepth || depth >= maxDepth) trap('call stack exhausted');
              frames[2 * depth] = pc;
              frames[2 * depth + 1] = fp;
              frameFns[depth] = cur;
              depth++;
            }
            const c = compiledOf(f);
            if (nfp + c.frameWords > stackWords) { if (!tail) depth--; trap('call stack exhausted'); }
            cur = f; comp = c; code = c.code; fp = nfp; pc = 0;
            for (let w = fp + c.paramWords; w < fp + c.localWords; w++) I[w] = 0;
            if (c.refLocals) for (let w = fp + c.paramWords; w < fp + c.localWords; w += 2) R[w >> 1] = null;
            if (c.pool.length !== 0) for (let k = 0, pool = c.pool, b = fp + c.poolBase; k < pool.length; k++) I[b + k] = pool[k];
            if (f.instance !== inst) {
              inst = f.instance!;
              mem0 = inst.memories.length ? inst.memories[0] : null;
              dv = mem0 ? mem0.view : EMPTY_VIEW; mlen = dv.byteLength; m32 = mem0 ? mem0.words : EMPTY_WORDS; m8 = mem0 ? mem0.bytes : EMPTY_BYTES;
            }
            continue;
          }
        }
        // MODE_RETURN (or a tail call to a host function)
        mode = 0;
        if (depth === baseDepth) { eng.depth = depth; return; }
        depth--;
        pc = frames[2 * depth];
        fp = frames[2 * depth + 1];
        cur = frameFns[depth];
        comp = cur.compiled!;
        code = comp.code;
        // Re-read the cached memory views only when the instance changed or some memory grew.
        if (cur.instance !== inst || epoch !== memoryEpoch) {
          inst = cur.instance!;
          mem0 = inst.memories.length ? inst.memories[0] : null;
          dv = mem0 ? mem0.view : EMPTY_VIEW; mlen = dv.byteLength; m32 = mem0 ? mem0.words : EMPTY_WORDS; m8 = mem0 ? mem0.bytes : EMPTY_BYTES;
          epoch = memoryEpoch;
        }
      }
    } catch (e) {
      // ---- traps and exceptions ----
      let exn: ExnRef | null = null;
      if (e instanceof ExnRef) exn = e;
      else if (e instanceof WasmException) exn = e.exn;
      if (exn === null) {
        const err = located(e, cur, inHostCall ? pc - 1 : pc, depth, baseDepth, frames, frameFns);
        eng.depth = baseDepth;
        throw err;
      }
      // Search this frame, then the callers', for a handler.
      // pc is past a host call (it was advanced before the call), at the throwing instruction otherwise.
      let p = inHostCall ? pc - 1 : pc;
      inHostCall = false;
      let clause: HandlerClause | null = null;
      for (;;) {
        clause = findClause(comp, p, exn, inst);
        if (clause !== null) break;
        if (depth === baseDepth) { eng.depth = baseDepth; throw e instanceof WasmException ? e : new WasmException(exn); }
        depth--;
        pc = frames[2 * depth];
        p = pc - 1;
        fp = frames[2 * depth + 1];
        cur = frameFns[depth];
        comp = cur.compiled!;
        code = comp.code;
        inst = cur.instance!;
      }
      mem0 = inst.memories.length ? inst.memories[0] : null;
      dv = mem0 ? mem0.view : EMPTY_VIEW; mlen = dv.byteLength; m32 = mem0 ? mem0.words : EMPTY_WORDS; m8 = mem0 ? mem0.bytes : EMPTY_BYTES;
      // Deliver the payload (and the exception reference) to the handler's label.
      if (clause.kind === 0 || clause.kind === 1) {
        let w = fp + clause.dst;
        for (let k = 0; k < exn.words.length; k++) I[w + k] = exn.words[k];
        for (let k = 0; k < exn.refs.length; k++) R[(w >> 1) + k] = exn.refs[k];
      }
      if (clause.exnDst >= 0) R[(fp + clause.exnDst) >> 1] = exn;
      if (clause.target === -2) {
        if (depth === baseDepth) { eng.depth = depth; return; }
        depth--;
        pc = frames[2 * depth];
        fp = frames[2 * depth + 1];
        cur = frameFns[depth];
        comp = cur.compiled!;
        code = comp.code;
        if (cur.instance !== inst) {
          inst = cur.instance!;
          mem0 = inst.memories.length ? inst.memories[0] : null;
        }
        dv = mem0 ? mem0.view : EMPTY_VIEW; mlen = dv.byteLength; m32 = mem0 ? mem0.words : EMPTY_WORDS; m8 = mem0 ? mem0.bytes : EMPTY_BYTES;
      } else {
        pc = clause.target;
      }
    }
  }
}



/** Store the value at word `p` of the stack into element k. */

/** Fill elements [d, d+n) from little-endian data bytes at s. */

/** The clause that catches `exn` at pc `p`, following delegates; null if none in this frame. */
function findClause(comp: Compiled, p: number, exn: ExnRef, inst: ModuleInstance): HandlerClause | null {
  const hs = comp.handlers;
  outer: for (let i = 0; i < hs.length; i++) {
    const h = hs[i];
    if (p < h.start || p >= h.end) continue;
    for (const cl of h.clauses) {
      if (cl.kind === 4) {
        if (cl.target < 0) return null;
        i = cl.target - 1;
        continue outer;
      }
      if (cl.kind >= 2 || inst.tags[cl.tag] === exn.tag) return cl;
    }
  }
  return null;
}

/** Attach the wasm location and backtrace to a trap; pass other errors through unchanged. */
function located(e: unknown, cur: FuncInst, pc: number, depth: number, baseDepth: number,
  frames: Int32Array, frameFns: FuncInst[]): unknown {
  let reason: string;
  if (e instanceof RuntimeError) {
    if (e.funcIndex >= 0 || e.wasmStack.length > 0) return e;
    reason = e.reason;
  } else if (e instanceof RangeError && /call stack/i.test(e.message)) {
    reason = 'call stack exhausted';
  } else {
    return e;
  }
  const where = (f: FuncInst, p: number): [number, string] => {
    const off = offsetAt(f.compiled, p);
    const name = f.instance?.funcName(f.index);
    return [off, `${name ?? `func[${f.index}]`}@${off}`];
  };
  const [off, top] = where(cur, pc);
  const stack = [top];
  for (let d = depth - 1; d >= baseDepth && stack.length < 64; d--) stack.push(where(frameFns[d], frames[2 * d] - 1)[1]);
  return new RuntimeError(reason, cur.index, cur.instance?.funcName(cur.index), off, stack);
}

function offsetAt(c: Compiled | null, pc: number): number {
  if (!c) return -1;
  for (let p = Math.min(pc, c.srcOffset.length - 1); p >= 0; p--) if (c.srcOffset[p] !== -1) return c.srcOffset[p];
  return -1;
}

export type { TableInst };
