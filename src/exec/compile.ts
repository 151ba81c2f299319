// Lazily compiles one wasm function body (AST) into the slot-addressed internal
// form run by interp.ts. The compiler tracks the operand stack itself: each
// entry has a home slot (locals first, then stack position) and a source that
// may differ from it — a local read (`local.get` is not copied, the consumer
// reads the local's slot) or a pending i32/f32 constant. Pending sources are
// written home ("materialised") where control flow merges, so at every label
// all values are in their homes. Branch targets and stack offsets are fixed here;
// nothing scans for `end` at run time. The input module is assumed valid.
//
// Peephole fusions, each checking that the value it rewrites is the one the
// previous instruction just computed: `op; local.set x` writes x directly;
// an i32 compare (or eqz) feeding br_if/if becomes one compare-and-branch; an
// `i32.add` of a constant feeding a load/store address becomes the access's
// addend. Constants used inside loops live in a per-frame pool (see `pool`), as do
// the shadow slots of renamed locals (see `localSet`).

import type { BlockType, FuncType, Instr, Module, ValType } from '../ast.js';
import { Op, OP_BY_CODE, PREFIX_ATOMIC, PREFIX_MISC, PREFIX_SIMD, prefixed } from '../binary/opcodes.js';
import { atomicArity, atomicDescOf, atomicHasResult } from './atomic.js';
import { WideOp, wideOpOf } from './wide-arith.js';
import { arrayLayout, structLayout } from './gc.js';
import { C, CODE_OF_WASM } from './codes.js';
import { setCompiler } from './interp.js';
import { simdFn } from './simd-fns.js';
import { Kind, kindSize, type Compiled, type Handler, type HandlerClause } from './compiled.js';
import type { FuncInst } from './func.js';
import type { ModuleInstance } from './instance.js';
import * as S from './simd.js';

/** Marks an entry whose value is a pending 32-bit constant. */
const CONST = -1;

/** What the debugger sees of a virtual stack entry: its kind and where its value is now. */
export interface DebugStackEntry {
  readonly k: Kind;
  /** Word offset from fp, or -1 for a pending 32-bit constant held in `imm`. */
  readonly src: number;
  readonly imm: number;
}

interface Entry {
  k: Kind;
  /** Where the value is now: a word offset, or CONST. */
  src: number;
  home: number;
  imm: number;
  /** Known to be an f64 (moved with MOV_F64); false when unknown. */
  f64?: boolean;
}

type CtlKind = 'func' | 'block' | 'loop' | 'if' | 'try_table' | 'try' | 'catch';

interface Ctl {
  kind: CtlKind;
  params: Kind[];
  results: Kind[];
  /** Stack entries below the block's parameters. */
  height: number;
  /** Word height (above locals) below the parameters. */
  hw: number;
  /** Loop: pc of its start. */
  start: number;
  /** Code positions to patch with the pc of the end. */
  fix: number[];
  clauseFix: HandlerClause[];
  /** Delegate clauses that resume at this try's handler. */
  delegateFix: HandlerClause[];
  /** if: code position of the conditional jump to the else branch. */
  elseFix: number;
  dead: boolean;
  /** try_table / legacy try: pc where the protected range starts, and its clauses. */
  tryStart: number;
  clauses: HandlerClause[];
  /** Legacy try: word offset of the hidden local holding the caught exception. */
  exnSlot: number;
  /** Index in `handlers` once added, else -1. */
  handlerIndex: number;
}

export function kindOf(t: ValType): Kind {
  return t === 'v128' ? Kind.V128 : typeof t === 'object' ? Kind.REF : Kind.NUM;
}

const UNARY = new Set(['eqz', 'clz', 'ctz', 'popcnt', 'abs', 'neg', 'ceil', 'floor', 'trunc', 'nearest', 'sqrt',
  'extend8_s', 'extend16_s', 'extend32_s']);

function isUnary(name: string): boolean {
  const op = name.slice(name.indexOf('.') + 1);
  return UNARY.has(op) || /_(i32|i64|f32|f64)/.test(op) || op.startsWith('trunc_sat') || op.startsWith('demote')
    || op.startsWith('promote');
}

/** Numeric instruction shape by wasm code: internal code and operand count. */
const NUMERIC = new Map<number, { code: number; n: number }>();
const MEMACCESS = new Map<number, { code: number; store: boolean }>();
for (const [name, code] of CODE_OF_WASM) {
  const info = [...OP_BY_CODE.values()].find((o) => o.name === name)!;
  if (info.imm === 'memarg') MEMACCESS.set(info.code, { code, store: name.includes('store') });
  else NUMERIC.set(info.code, { code, n: isUnary(name) ? 1 : 2 });
}

/** i32 binary ops with an immediate right operand form. */
const IMM_FORM = new Map<number, number>([
  [0x6a, C.I32_ADD_IMM], [0x71, C.I32_AND_IMM], [0x74, C.I32_SHL_IMM], [0x75, C.I32_SHR_S_IMM],
  [0x76, C.I32_SHR_U_IMM], [0x46, C.I32_EQ_IMM], [0x47, C.I32_NE_IMM], [0x48, C.I32_LT_S_IMM],
  [0x49, C.I32_LT_U_IMM], [0x4a, C.I32_GT_S_IMM], [0x4b, C.I32_GT_U_IMM], [0x4c, C.I32_LE_S_IMM],
  [0x4e, C.I32_GE_S_IMM], [0x4d, C.I32_LE_U_IMM], [0x4f, C.I32_GE_U_IMM],
  [0x72, C.I32_OR_IMM], [0x73, C.I32_XOR_IMM], [0x6c, C.I32_MUL_IMM], [0x77, C.I32_ROTL_IMM], [0x78, C.I32_ROTR_IMM],
]);

// Compare-and-branch fusion: i32 comparisons in wasm order eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u.
const CMP = [C.I32_EQ, C.I32_NE, C.I32_LT_S, C.I32_LT_U, C.I32_GT_S, C.I32_GT_U, C.I32_LE_S, C.I32_LE_U, C.I32_GE_S, C.I32_GE_U];
const CMP_IMM = [C.I32_EQ_IMM, C.I32_NE_IMM, C.I32_LT_S_IMM, C.I32_LT_U_IMM, C.I32_GT_S_IMM, C.I32_GT_U_IMM,
  C.I32_LE_S_IMM, C.I32_LE_U_IMM, C.I32_GE_S_IMM, C.I32_GE_U_IMM];
const BR_CMP = [C.BR_EQ, C.BR_NE, C.BR_LT_S, C.BR_LT_U, C.BR_GT_S, C.BR_GT_U, C.BR_LE_S, C.BR_LE_U, C.BR_GE_S, C.BR_GE_U];
const BR_CMP_IMM = [C.BR_EQ_IMM, C.BR_NE_IMM, C.BR_LT_S_IMM, C.BR_LT_U_IMM, C.BR_GT_S_IMM, C.BR_GT_U_IMM,
  C.BR_LE_S_IMM, C.BR_LE_U_IMM, C.BR_GE_S_IMM, C.BR_GE_U_IMM];
/** The comparison that is true exactly when comparison i is false. */
const CMP_NEG = [1, 0, 8, 9, 6, 7, 4, 5, 2, 3];
/** Branches that can absorb an I32_ADD_IMM just before them. */
const ADD_IMM_BR = new Map<number, number>([
  [C.BR_NE, C.ADD_IMM_BR_NE], [C.BR_NE_IMM, C.ADD_IMM_BR_NE_IMM], [C.BR_LT_S, C.ADD_IMM_BR_LT_S],
  [C.BR_LT_U, C.ADD_IMM_BR_LT_U], [C.BR_LT_S_IMM, C.ADD_IMM_BR_LT_S_IMM], [C.BR_LT_U_IMM, C.ADD_IMM_BR_LT_U_IMM],
  [C.BR_IF, C.ADD_IMM_BR_IF], [C.BR_UNLESS, C.ADD_IMM_BR_UNLESS],
]);
/** Branches that can absorb an I32_ADD (of two slots) just before them. */
const ADD_BR = new Map<number, number>([[C.BR_NE, C.ADD_BR_NE], [C.BR_LT_S, C.ADD_BR_LT_S], [C.BR_LT_U, C.ADD_BR_LT_U]]);

/** Binary ops that can take their right operand straight from a load: wasm op -> [fused code, load code, commutative]. */
const LOAD_FUSED = new Map<number, [number, number, boolean]>([
  [0xa0, [C.F64_ADD_LOAD, C.F64_LOAD, true]], [0xa1, [C.F64_SUB_LOAD, C.F64_LOAD, false]],
  [0xa2, [C.F64_MUL_LOAD, C.F64_LOAD, true]], [0xa3, [C.F64_DIV_LOAD, C.F64_LOAD, false]],
  [0x6a, [C.I32_ADD_LOAD, C.I32_LOAD, true]], [0x6b, [C.I32_SUB_LOAD, C.I32_LOAD, false]],
  [0x6c, [C.I32_MUL_LOAD, C.I32_LOAD, true]], [0x71, [C.I32_AND_LOAD, C.I32_LOAD, true]],
  [0x72, [C.I32_OR_LOAD, C.I32_LOAD, true]], [0x73, [C.I32_XOR_LOAD, C.I32_LOAD, true]],
]);

/** Numeric wasm ops whose result is an f64: arithmetic, conversions to f64, reinterpret. */
const F64_RESULT = (op: number) => (op >= 0x99 && op <= 0xa6) || (op >= 0xb7 && op <= 0xbb) || op === 0xbf;

/** SIMD binary helpers the interpreter writes out inline, by helper. */
const SIMD_INLINE = new Map<unknown, number>([
  [S.f32x4Add, C.F32X4_ADD], [S.f32x4Sub, C.F32X4_SUB], [S.f32x4Mul, C.F32X4_MUL], [S.f32x4Lt, C.F32X4_LT], [S.f32x4Le, C.F32X4_LE],
  [S.i32x4Add, C.I32X4_ADD], [S.i32x4Sub, C.I32X4_SUB], [S.v128And, C.V128_AND], [S.v128Or, C.V128_OR], [S.v128Xor, C.V128_XOR],
]);

/** Memory accesses with a base + index form (memory 0, 32-bit addresses). */
const INDEXED = new Map<number, number>([
  [C.I32_LOAD, C.I32_LOAD_X], [C.I32_LOAD8_U, C.I32_LOAD8_U_X], [C.I32_STORE, C.I32_STORE_X], [C.I32_STORE8, C.I32_STORE8_X],
]);

/** f64 ops with a constant operand: wasm op -> [fused code, commutative]. */
const F64_K = new Map<number, [number, boolean]>([
  [0xa0, [C.F64_ADD_K, true]], [0xa1, [C.F64_SUB_K, false]], [0xa2, [C.F64_MUL_K, true]], [0xa3, [C.F64_DIV_K, false]],
]);

// f64 compare-and-branch, by the compare's internal code: [branch if true, branch if false].
const BR_F64 = new Map<number, [number, number]>([
  [C.F64_EQ, [C.BR_F64_EQ, C.BR_F64_NE]], [C.F64_NE, [C.BR_F64_NE, C.BR_F64_EQ]],
  [C.F64_LT, [C.BR_F64_LT, C.BR_F64_NLT]], [C.F64_GT, [C.BR_F64_GT, C.BR_F64_NGT]],
  [C.F64_LE, [C.BR_F64_LE, C.BR_F64_NLE]], [C.F64_GE, [C.BR_F64_GE, C.BR_F64_NGE]],
]);

/** i64 shl, shr_s, shr_u: index into I64_SHIFT_LO (whose `_HI` form is the next code). */
/**
 * Commutative ops that absorb the instruction computing one operand: wasm op -> [that code, fused code]s.
 * i32 sums of three terms; i64 `(y ^ (x >> k)) * m` (splitmix64, murmur3's fmix64, xorshift*);
 * i64 `x * a + c` (LCGs, polynomial hashes); i64 xor with a value shifted or rotated by a
 * variable count (hash mixing); or-ing the 32-bit lanes of a SIMD mask together (is any lane set).
 */
const CHAINED = new Map<number, [number, number][]>([
  [0x6a, [[C.I32_ADD, C.I32_ADD3]]],
  [0x72, [[C.V128_EXTRACT32, C.I32_OR_LANE]]], [0x7c, [[C.I64_MUL, C.I64_MUL_ADD], [C.I64_XOR, C.I64_XOR_ADD]]],
  [0x85, [[C.I64_SHL, C.I64_XOR_SHL], [C.I64_ROTL, C.I64_XOR_ROTL]]],
]);
/** Non-commutative ops that absorb the instruction computing their left operand: i64 `x * a - c`. */
const CHAINED_LEFT = new Map<number, [number, number]>([[0x7d, [C.I64_MUL, C.I64_MUL_SUB]]]);
/**
 * Unary ops that absorb the instruction computing their operand: wasm op -> [that code, fused code].
 * i64 `popcnt(a ^ b)` (Hamming distance); `clz(x | 1)` and `ctz(x | 1 << 63)` (a bit count
 * bounded by a set bit, as `__builtin_clzll` of a value that may be zero compiles).
 */
const CHAINED_UNARY = new Map<number, [number, number]>([
  [0x7b, [C.I64_XOR, C.I64_POPCNT_XOR]], [0x79, [C.I64_OR, C.I64_CLZ_OR]], [0x7a, [C.I64_OR, C.I64_CTZ_OR]],
]);
/** Shifts by a constant that fold into a following xor: shift code -> fused code. */
const XOR_SHIFT = new Map<number, number>([
  [C.I64_SHR_U_LO, C.I64_XOR_SHR_U_LO], [C.I64_SHL_LO, C.I64_XOR_SHL_LO], [C.I32_SHR_U_IMM, C.I32_XOR_SHR_U_IMM],
  [C.I32_SHL_IMM, C.I32_XOR_SHL_IMM], [C.I32_ROTL_IMM, C.I32_XOR_ROTL_IMM],
]);
/** Instructions (beside numeric ones, memory accesses and SIMD) during which a local may stay renamed. */
const STRAIGHT = new Set<number>([
  Op.nop, Op.drop, Op.select, Op.select_t, Op.local_get, Op.local_set, Op.local_tee, Op.global_get, Op.global_set,
  Op.i32_const, Op.i64_const, Op.f32_const, Op.f64_const,
]);
const I64_SHIFT = new Map<number, number>([[0x86, 0], [0x87, 1], [0x88, 2]]);
const I64_SHIFT_LO = [C.I64_SHL_LO, C.I64_SHR_S_LO, C.I64_SHR_U_LO];

const MISC = (sub: number) => prefixed(PREFIX_MISC, sub);
const TWO32 = 4294967296;

function simdByName(name: string): number {
  const camel = name.replace(/[._]([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return simdFn((S as unknown as Record<string, unknown>)[camel]);
}
const SIMD_LOAD_WIDTH: Record<string, number> = {
  'v128.load': 16, 'v128.load8x8_s': 8, 'v128.load8x8_u': 8, 'v128.load16x4_s': 8, 'v128.load16x4_u': 8,
  'v128.load32x2_s': 8, 'v128.load32x2_u': 8, 'v128.load8_splat': 1, 'v128.load16_splat': 2,
  'v128.load32_splat': 4, 'v128.load64_splat': 8, 'v128.load32_zero': 4, 'v128.load64_zero': 8,
};

export class FuncCompiler {
  private readonly m: Module;
  private readonly inst: ModuleInstance;
  private readonly ft: FuncType;
  private code: number[] = [];
  private src: number[] = [];
  private stack: Entry[] = [];
  private ctls: Ctl[] = [];
  private handlers: Handler[] = [];
  private aux: unknown[] = [];
  private f64k: number[] = [];
  private localOff: number[] = [];
  private localKind: Kind[] = [];
  private localF64: boolean[] = [];
  /** Words of params + locals (+ hidden exception slots): the operand stack starts here. */
  private lw = 0;
  private hw = 0;
  private maxHw = 0;
  private at = -1;
  /** Position of the destination operand of the last plain instruction, and the code length after it. */
  private lastDst = -1;
  private lastEnd = -1;
  private lastStart = -1;
  /**
   * Adjacency for superinstructions that pair two instructions which need not share a value:
   * the end of the last plain instruction and the start of the plain instruction right before
   * it. Only a hard barrier (a label, a control instruction) clears them; `local.set` does not.
   */
  private plainEnd = -1;
  private prevPlainStart = -1;
  /** The plain instruction adjacent before prevPlainStart's, or -1. */
  private prev2PlainStart = -1;
  /** Start and end of the last MOV emitted by moveTo (for MOV2). */
  private movStart = -1;
  private movEnd = -1;
  private paramWords = 0;
  private refLocals = false;

  /**
   * Constant pool: 64-bit words ([lo, hi] pairs; a v128 takes two in a row) kept in frame
   * slots between the locals and the operand stack, written at entry, so constants used as
   * operands inside loops cost nothing per iteration. Filled from a first compilation pass (`wanted`).
   */
  private readonly pool: number[] = [];
  /** Pool index (in pairs) of each pooled constant, by key. */
  private readonly poolIndex = new Map<string, number>();
  private poolBase = 0;
  /** Words of pooled constants; the pool's shadow slots (see localSet) follow them. */
  private constWords = -1;
  /** Where each local's value is now: its own slot, or its shadow slot while renamed (see localSet). */
  private loc: number[] = [];
  /** Locals now renamed to their shadow slot. */
  private renamed: number[] = [];
  /** Constants this pass had to materialise with an instruction: key -> its pairs. */
  readonly wanted = new Map<string, [number, number][]>();
  /**
   * Debug compile mode (set only by src/debug, for a separately kept compiled form): called
   * before each live instruction with its body index, the pc and the virtual operand stack;
   * a DEBUG code carrying the answer is emitted there, after a barrier so no fusion spans
   * it. Normal compiles leave it null: no DEBUG codes, nothing to skip at run time.
   */
  debugHook: ((index: number, ins: Instr, pc: number, stack: readonly DebugStackEntry[]) => number) | null = null;

  constructor(private readonly fn: FuncInst, pool: [string, [number, number][]][] = []) {
    this.inst = fn.instance!;
    this.m = this.inst.module;
    this.ft = fn.type;
    // Constants first, then shadow slots (which change, so they are not "pooled" for isPooled).
    const ordered = pool.filter(([key]) => !key.startsWith('L')).concat(pool.filter(([key]) => key.startsWith('L')));
    for (const [key, pairs] of ordered) {
      if (key.startsWith('L') && this.constWords < 0) this.constWords = this.pool.length;
      this.poolIndex.set(key, this.pool.length / 2);
      for (const [lo, hi] of pairs) this.pool.push(lo, hi);
    }
    if (this.constWords < 0) this.constWords = this.pool.length;
  }

  /** Word offset of a pooled 64-bit constant, or -1 (and remember it was wanted). */
  private poolSlot(lo: number, hi: number): number {
    return this.pooled(`${lo},${hi}`, [[lo, hi]]);
  }

  /** Word offset of a pooled v128 constant (four words), or -1 (and remember it was wanted). */
  private poolSlot128(w: readonly number[]): number {
    return this.pooled(`v${w.join(',')}`, [[w[0], w[1]], [w[2], w[3]]]);
  }

  private pooled(key: string, pairs: [number, number][]): number {
    const i = this.poolIndex.get(key);
    if (i !== undefined) return this.poolBase + 2 * i;
    // Only constants used inside loops are worth a slot (the pool is copied at every call).
    if (this.ctls.some((c) => c.kind === 'loop') && this.wanted.size < 128) this.wanted.set(key, pairs);
    return -1;
  }

  private isPooled(src: number): boolean {
    return src >= this.poolBase && src < this.poolBase + this.constWords;
  }

  compile(): Compiled {
    const def = this.fn.def!;
    let w = 0;
    for (const p of this.ft.params) { this.addLocal(p, w); w += kindSize(kindOf(p)); }
    this.paramWords = w;
    for (const g of def.locals) {
      const k = kindOf(g.type);
      if (k === Kind.REF) this.refLocals = true;
      for (let i = 0; i < g.count; i++) { this.addLocal(g.type, w); w += kindSize(k); }
    }
    // Hidden reference slots for legacy `try` blocks (the caught exception, for rethrow):
    // one per try, which over-counts nesting but keeps the slot assignment trivial.
    let maxDepth = 0;
    for (const ins of def.body) if (ins.op === Op.try) maxDepth++;
    this.poolBase = w + 2 * maxDepth;
    this.lw = this.poolBase + this.pool.length;
    if (maxDepth > 0) this.refLocals = true;
    this.pushCtl('func', [], this.ft.results.map(kindOf));
    const body = def.body;
    let deadNest = 0;
    for (let i = 0; i < body.length; i++) {
      const ins = body[i];
      const top = this.ctls[this.ctls.length - 1];
      if (top.dead) {
        const op = ins.op;
        if (op === Op.block || op === Op.loop || op === Op.if || op === Op.try || op === Op.try_table) { deadNest++; continue; }
        if (deadNest > 0) {
          if (op === Op.end || op === Op.delegate) deadNest--;
          continue;
        }
        if (op !== Op.end && op !== Op.else && op !== Op.catch && op !== Op.catch_all && op !== Op.delegate) continue;
      }
      this.at = ins.offset;
      if (this.debugHook !== null) { this.barrier(); this.emit(C.DEBUG, this.debugHook(i, ins, this.pc, this.stack)); }
      this.instr(ins);
      if (this.ctls.length === 0) break;
    }
    const code = Int32Array.from(this.code);
    const srcOffset = new Int32Array(code.length).fill(-1);
    for (let i = 0; i < this.src.length; i += 2) srcOffset[this.src[i]] = this.src[i + 1];
    let resultWords = 0;
    for (const r of this.ft.results) resultWords += kindSize(kindOf(r));
    return {
      code, frameWords: this.lw + this.maxHw + 4, paramWords: this.paramWords, localWords: this.poolBase,
      refLocals: this.refLocals, resultWords, srcOffset, handlers: this.handlers, aux: this.aux,
      pool: Int32Array.from(this.pool), poolBase: this.poolBase, f64k: Float64Array.from(this.f64k),
    };
  }

  /** Index of a (non-NaN) f64 constant in Compiled.f64k. */
  private f64Const(f: number): number {
    let i = this.f64k.findIndex((x) => Object.is(x, f));
    if (i < 0) { i = this.f64k.length; this.f64k.push(f); }
    return i;
  }

  private addLocal(t: ValType, w: number): void {
    this.localOff.push(w);
    this.loc.push(w);
    this.localKind.push(kindOf(t));
    this.localF64.push(t === 'f64');
  }

  // ---- emission ----

  private emit(...words: number[]): void {
    this.src.push(this.code.length, this.at);
    for (const x of words) this.code.push(x);
  }

  /** Emit a plain instruction whose destination operand is words[1]: a later local.set may retarget it. */
  private emitDst(...words: number[]): void {
    const start = this.code.length;
    const adjacent = this.plainEnd === start;
    this.prev2PlainStart = adjacent ? this.prevPlainStart : -1;
    this.prevPlainStart = adjacent ? this.lastStart : -1;
    this.lastStart = start;
    this.emit(...words);
    this.lastDst = this.code.length - words.length + 1;
    this.lastEnd = this.plainEnd = this.code.length;
  }

  /** emitDst for an instruction whose destination operand is words[i]. */
  private emitDstAt(i: number, ...words: number[]): void {
    this.emitDst(...words);
    this.lastDst = this.lastStart + i;
  }

  /** Nothing emitted so far may fuse with what comes next (a label may be bound here). */
  private barrier(): void {
    this.lastEnd = -1;
    this.plainEnd = -1;
    this.prevPlainStart = -1;
    this.prev2PlainStart = -1;
    this.movEnd = -1;
  }

  /** The last value was consumed: no value fusion, but instructions stay adjacent. */
  private softBarrier(): void {
    this.lastEnd = -1;
  }

  private get pc(): number {
    return this.code.length;
  }

  // ---- the virtual operand stack ----

  private push(k: Kind): Entry {
    const home = this.lw + this.hw;
    const e: Entry = { k, src: home, home, imm: 0 };
    this.stack.push(e);
    this.hw += kindSize(k);
    if (this.hw > this.maxHw) this.maxHw = this.hw;
    return e;
  }

  private pushFrom(k: Kind, src: number, imm = 0): void {
    const e = this.push(k);
    e.src = src;
    e.imm = imm;
  }

  private pop(): Entry {
    const e = this.stack.pop()!;
    this.hw -= kindSize(e.k);
    return e;
  }

  /** A readable word offset for the entry's value (materialising a pending constant). */
  private rd(e: Entry): number {
    if (e.src === CONST) {
      const slot = this.poolSlot(e.imm, 0);
      if (slot >= 0) e.src = slot;
      else this.materialize(e);
    }
    return e.src;
  }

  private materialize(e: Entry): void {
    if (e.src === e.home) return;
    this.moveTo(e, e.home);
    e.src = e.home;
  }

  /**
   * At a block entry: every value must be in a place that does not change while the block
   * runs — its home, or (below the block's `nParams` parameters) a pooled constant. The
   * parameters themselves must be in their homes: branches to the block deliver there.
   */
  private materializeAll(nParams = 0): void {
    const firstParam = this.stack.length - nParams;
    this.stack.forEach((e, i) => { if (i >= firstParam || !this.isPooled(e.src)) this.materialize(e); });
  }

  private needsMaterialize(nParams: number): boolean {
    const firstParam = this.stack.length - nParams;
    return this.stack.some((e, i) => e.src !== e.home && (i >= firstParam || !this.isPooled(e.src)));
  }

  private materializeTop(n: number): void {
    for (let i = this.stack.length - n; i < this.stack.length; i++) this.materialize(this.stack[i]);
  }

  /** Emit a copy of the entry's value to `dst` without changing the entry. */
  private moveTo(e: Entry, dst: number): void {
    if (e.src === dst) return;
    if (e.src === CONST) { this.emit(C.CONST32, dst, e.imm); return; }
    const code = e.k === Kind.REF ? C.MOV_REF : e.k === Kind.V128 ? C.MOV_V128 : e.f64 === true ? C.MOV_F64 : C.MOV;
    if (code === C.MOV && this.movEnd === this.pc && this.code[this.movStart] === C.MOV) {
      // Two adjacent copies (`local.get a; local.set b; local.get c; local.set d`): one dispatch.
      this.code[this.movStart] = C.MOV2;
      this.code.push(dst, e.src);
      this.movEnd = this.pc;
      return;
    }
    this.movStart = this.pc;
    this.emit(code, dst, e.src);
    this.movEnd = this.pc;
  }

  private resetStack(height: number, kinds: Kind[]): void {
    while (this.stack.length > height) this.pop();
    for (const k of kinds) this.push(k);
  }

  // ---- control ----

  private blockSig(bt: BlockType | undefined): { params: Kind[]; results: Kind[] } {
    if (bt === null || bt === undefined) return { params: [], results: [] };
    if (typeof bt === 'number') {
      const c = this.m.types[bt].comp as FuncType;
      return { params: c.params.map(kindOf), results: c.results.map(kindOf) };
    }
    return { params: [], results: [kindOf(bt)] };
  }

  private pushCtl(kind: CtlKind, params: Kind[], results: Kind[]): Ctl {
    let pw = 0;
    for (const k of params) pw += kindSize(k);
    const c: Ctl = {
      kind, params, results, height: this.stack.length - params.length, hw: this.hw - pw, start: this.pc,
      fix: [], clauseFix: [], delegateFix: [], elseFix: -1, dead: false, tryStart: this.pc, clauses: [],
      exnSlot: -1, handlerIndex: -1,
    };
    this.ctls.push(c);
    return c;
  }

  private label(depth: number): Ctl {
    return this.ctls[this.ctls.length - 1 - depth];
  }

  private labelKinds(c: Ctl): Kind[] {
    return c.kind === 'loop' ? c.params : c.results;
  }

  /** The jump target for a branch to `c` written at code position `pos` (patched later for forward labels). */
  private targetAt(c: Ctl, pos: number): number {
    if (c.kind === 'loop') return c.start;
    c.fix.push(pos);
    return 0;
  }

  /** Do the label's values need copying to reach their homes at the label? */
  private needsMoves(c: Ctl, skip = 0): boolean {
    const kinds = this.labelKinds(c);
    let w = this.lw + c.hw;
    const base = this.stack.length - skip - kinds.length;
    for (let i = 0; i < kinds.length; i++) {
      if (this.stack[base + i].src !== w) return true;
      w += kindSize(kinds[i]);
    }
    return false;
  }

  private emitMoves(c: Ctl, skip = 0): void {
    const kinds = this.labelKinds(c);
    let w = this.lw + c.hw;
    const base = this.stack.length - skip - kinds.length;
    for (let i = 0; i < kinds.length; i++) {
      this.moveTo(this.stack[base + i], w);
      w += kindSize(kinds[i]);
    }
  }

  private emitBranch(c: Ctl): void {
    if (c.kind === 'func') { this.emitReturn(); return; }
    this.emitMoves(c);
    this.emit(C.JUMP, 0);
    this.code[this.pc - 1] = this.targetAt(c, this.pc - 1);
  }

  private emitReturn(): void {
    // Pure with respect to the virtual stack: a return may sit on a conditional path.
    const n = this.ft.results.length;
    const first = this.stack.length - n;
    // With several results, a later result may come from a local that an earlier one overwrites:
    // stage them in their homes (above the locals) first.
    if (n > 1) for (let i = first; i < this.stack.length; i++) this.moveTo(this.stack[i], this.stack[i].home);
    let w = 0;
    for (let i = first; i < this.stack.length; i++) {
      const e = this.stack[i];
      if (n > 1) {
        if (e.home !== w) this.emit(e.k === Kind.REF ? C.MOV_REF : e.k === Kind.V128 ? C.MOV_V128 : C.MOV, w, e.home);
      } else {
        this.moveTo(e, w);
      }
      w += kindSize(e.k);
    }
    this.emit(C.RETURN);
  }

  private markDead(): void {
    const c = this.ctls[this.ctls.length - 1];
    c.dead = true;
    this.resetStack(c.height, []);
    this.barrier();
  }

  private enterBlock(kind: CtlKind, bt: BlockType | undefined): Ctl {
    const sig = this.blockSig(bt);
    this.materializeAll(sig.params.length);
    this.barrier();
    return this.pushCtl(kind, sig.params, sig.results);
  }

  private endBlock(c: Ctl): void {
    if (!c.dead) this.materializeTop(c.results.length);
    if (c.kind === 'func') {
      if (!c.dead) this.emitReturn();
      this.ctls.pop();
      return;
    }
    if (c.kind === 'if' && c.elseFix >= 0) this.code[c.elseFix] = this.pc;
    if (c.kind === 'try_table' || c.kind === 'try') this.closeTry(c);
    for (const p of c.fix) this.code[p] = this.pc;
    for (const cl of c.clauseFix) cl.target = this.pc;
    this.ctls.pop();
    this.resetStack(c.height, c.results);
    this.barrier();
  }

  /** Register the handler of a try_table/try whose protected range ends here. */
  private closeTry(c: Ctl): void {
    if (c.handlerIndex >= 0) return;
    const h: Handler = { start: c.tryStart, end: this.pc, clauses: c.clauses };
    c.handlerIndex = this.handlers.length;
    this.handlers.push(h);
    for (const d of c.delegateFix) d.target = c.handlerIndex;
  }

  private tagPayload(tag: number): Kind[] {
    const tagType = this.inst.tags[tag].type;
    return tagType.params.map(kindOf);
  }

  // ---- instructions ----

  private instr(ins: Instr): void {
    const op = ins.op;
    const num = NUMERIC.get(op);
    if (num) { this.numeric(op, num.code, num.n); return; }
    const mem = MEMACCESS.get(op);
    if (mem) { this.memAccess(ins, mem.code, mem.store); return; }
    if (this.renamed.length > 0 && !STRAIGHT.has(op) && op >> 12 !== PREFIX_SIMD) this.unrename();
    switch (op) {
      case Op.unreachable: this.emit(C.UNREACHABLE); this.markDead(); return;
      case Op.nop: return;
      case Op.block: this.enterBlock('block', ins.blockType); return;
      case Op.loop: { const c = this.enterBlock('loop', ins.blockType); c.start = this.pc; return; }
      case Op.if: {
        const cond = this.pop();
        const sig = this.blockSig(ins.blockType);
        if (this.needsMaterialize(sig.params.length)) { this.rd(cond); this.materializeAll(sig.params.length); }
        const fix = this.condJump(cond, false);
        this.barrier();
        const c = this.pushCtl('if', sig.params, sig.results);
        c.elseFix = fix;
        return;
      }
      case Op.else: {
        const c = this.ctls[this.ctls.length - 1];
        if (!c.dead) {
          this.materializeTop(c.results.length);
          this.emit(C.JUMP, 0);
          c.fix.push(this.pc - 1);
        }
        this.code[c.elseFix] = this.pc;
        c.elseFix = -1;
        c.dead = false;
        this.resetStack(c.height, c.params);
        this.barrier();
        return;
      }
      case Op.end: this.endBlock(this.ctls[this.ctls.length - 1]); return;
      case Op.br: this.emitBranch(this.label(ins.idx!)); this.markDead(); return;
      case Op.br_if: this.brIf(this.label(ins.idx!)); return;
      case Op.br_table: this.brTable(ins.labels!); this.markDead(); return;
      case Op.return: this.emitReturn(); this.markDead(); return;
      case Op.call: this.call(ins.idx!, false); return;
      case Op.call_indirect: this.callIndirect(ins.idx!, ins.idx2 ?? 0, false); return;
      case Op.return_call: this.call(ins.idx!, true); return;
      case Op.return_call_indirect: this.callIndirect(ins.idx!, ins.idx2 ?? 0, true); return;
      case Op.call_ref: this.callRef(ins.idx!, false); return;
      case Op.return_call_ref: this.callRef(ins.idx!, true); return;
      case Op.drop: this.pop(); return;
      case Op.select: case Op.select_t: {
        const c = this.pop(), b = this.pop(), a = this.pop();
        const sa = this.rd(a), sb = this.rd(b), sc = this.rd(c);
        const d = this.push(a.k);
        this.emitDst(a.k === Kind.REF ? C.SELECT_REF : a.k === Kind.V128 ? C.SELECT_V128 : C.SELECT, d.home, sa, sb, sc);
        if (a.k !== Kind.NUM) this.barrier();
        return;
      }
      // Reads and constants emit nothing, so a fusion with the instruction before stays possible:
      // every fusion checks that the value it rewrites is the one that instruction computed.
      case Op.local_get: this.pushFrom(this.localKind[ins.idx!], this.loc[ins.idx!]); this.markF64(this.localF64[ins.idx!]); return;
      case Op.local_set: this.localSet(ins.idx!); return;
      case Op.local_tee: this.localSet(ins.idx!); this.pushFrom(this.localKind[ins.idx!], this.loc[ins.idx!]); this.markF64(this.localF64[ins.idx!]); return;
      case Op.global_get: {
        const k = kindOf(this.inst.globals[ins.idx!].type.type);
        const d = this.push(k);
        if (k === Kind.NUM) this.emitDst(C.GLOBAL_GET, d.home, ins.idx!);
        else { this.emit(k === Kind.REF ? C.GLOBAL_GET_REF : C.GLOBAL_GET_V128, d.home, ins.idx!); this.barrier(); }
        return;
      }
      case Op.global_set: {
        const v = this.pop();
        const s = this.rd(v);
        this.emit(v.k === Kind.REF ? C.GLOBAL_SET_REF : v.k === Kind.V128 ? C.GLOBAL_SET_V128 : C.GLOBAL_SET, ins.idx!, s);
        this.barrier();
        return;
      }
      case Op.table_get: { const i = this.pop(); const s = this.rd(i); const d = this.push(Kind.REF); this.emit(C.TABLE_GET, d.home, ins.idx!, s); this.barrier(); return; }
      case Op.table_set: { const v = this.pop(), i = this.pop(); this.emit(C.TABLE_SET, ins.idx!, this.rd(i), this.rd(v)); this.barrier(); return; }
      case Op.i32_const: this.pushFrom(Kind.NUM, CONST, ins.value as number); return;
      case Op.f32_const: this.pushFrom(Kind.NUM, CONST, ins.value as number | 0); return;
      case Op.i64_const: case Op.f64_const: {
        const v = BigInt.asUintN(64, ins.value as bigint);
        const lo = Number(v & 0xffffffffn) | 0, hi = Number(v >> 32n) | 0;
        const slot = this.poolSlot(lo, hi);
        if (slot >= 0) { this.pushFrom(Kind.NUM, slot); this.markF64(op === Op.f64_const); return; }
        const d = this.push(Kind.NUM);
        const f = new Float64Array(new Int32Array([lo, hi]).buffer)[0];
        if (op === Op.f64_const && f === f) this.emitDst(C.CONST_F64, d.home, this.f64Const(f));
        else this.emitDst(C.CONST64, d.home, lo, hi);
        this.markF64(op === Op.f64_const);
        return;
      }
      case Op.v128_const: {
        const b = ins.value as Uint8Array;
        const dv = new DataView(b.buffer, b.byteOffset, 16);
        const w = [dv.getInt32(0, true), dv.getInt32(4, true), dv.getInt32(8, true), dv.getInt32(12, true)];
        const slot = this.poolSlot128(w);
        if (slot >= 0) { this.pushFrom(Kind.V128, slot); return; }
        const d = this.push(Kind.V128);
        this.emit(C.CONST128, d.home, ...w);
        this.barrier();
        return;
      }
      case 0x3f: { const d = this.push(Kind.NUM); this.emitDst(C.MEMORY_SIZE, d.home, ins.idx ?? 0); return; }
      case 0x40: { const n = this.pop(); const s = this.rd(n); const d = this.push(Kind.NUM); this.emit(C.MEMORY_GROW, d.home, ins.idx ?? 0, s); this.barrier(); return; }
      case Op.ref_null: { const d = this.push(Kind.REF); this.emit(C.REF_CONST, d.home); this.barrier(); return; }
      case Op.ref_is_null: { const a = this.pop(); const s = this.rd(a); const d = this.push(Kind.NUM); this.emitDst(C.REF_IS_NULL, d.home, s); return; }
      case Op.ref_func: { const d = this.push(Kind.REF); this.emit(C.REF_FUNC, d.home, ins.idx!); this.barrier(); return; }
      case Op.ref_eq: { const b = this.pop(), a = this.pop(); const sa = this.rd(a), sb = this.rd(b); const d = this.push(Kind.NUM); this.emitDst(C.REF_EQ, d.home, sa, sb); return; }
      case Op.ref_as_non_null: { const a = this.pop(); const s = this.rd(a); const d = this.push(Kind.REF); this.emit(C.REF_AS_NON_NULL, d.home, s); this.barrier(); return; }
      case Op.br_on_null: this.brOnNull(this.label(ins.idx!), true); return;
      case Op.br_on_non_null: this.brOnNull(this.label(ins.idx!), false); return;
      case Op.try_table: this.tryTable(ins); return;
      case Op.throw: {
        const kinds = this.tagPayload(ins.idx!);
        this.materializeTop(kinds.length);
        const base = kinds.length ? this.stack[this.stack.length - kinds.length].home : this.lw + this.hw;
        this.emit(C.THROW, ins.idx!, base);
        this.markDead();
        return;
      }
      case Op.throw_ref: { const e = this.pop(); this.emit(C.THROW_REF, this.rd(e)); this.markDead(); return; }
      case Op.try: this.legacyTry(ins); return;
      case Op.catch: case Op.catch_all: this.legacyCatch(ins); return;
      case Op.delegate: this.legacyDelegate(ins); return;
      case Op.rethrow: { const c = this.label(ins.idx!); this.emit(C.RETHROW, c.exnSlot); this.markDead(); return; }
    }
    this.prefixedInstr(ins);
  }

  private prefixedInstr(ins: Instr): void {
    const op = ins.op;
    if (op >> 12 === 0xfd) { this.simdInstr(ins); return; }
    if (op >> 12 === 0xfb) { this.gcInstr(ins); return; }
    switch (op) {
      case MISC(8): { // memory.init data mem: [d s n]
        const n = this.pop(), s = this.pop(), d = this.pop();
        this.emit(C.MEMORY_INIT, ins.idx2 ?? 0, ins.idx!, this.rd(d), this.rd(s), this.rd(n)); this.barrier(); return;
      }
      case MISC(9): this.emit(C.DATA_DROP, ins.idx!); this.barrier(); return;
      case MISC(10): {
        const n = this.pop(), s = this.pop(), d = this.pop();
        this.emit(C.MEMORY_COPY, ins.idx ?? 0, ins.idx2 ?? 0, this.rd(d), this.rd(s), this.rd(n)); this.barrier(); return;
      }
      case MISC(11): {
        const n = this.pop(), v = this.pop(), d = this.pop();
        this.emit(C.MEMORY_FILL, ins.idx ?? 0, this.rd(d), this.rd(v), this.rd(n)); this.barrier(); return;
      }
      case MISC(12): {
        const n = this.pop(), s = this.pop(), d = this.pop();
        this.emit(C.TABLE_INIT, ins.idx2 ?? 0, ins.idx!, this.rd(d), this.rd(s), this.rd(n)); this.barrier(); return;
      }
      case MISC(13): this.emit(C.ELEM_DROP, ins.idx!); this.barrier(); return;
      case MISC(14): {
        const n = this.pop(), s = this.pop(), d = this.pop();
        this.emit(C.TABLE_COPY, ins.idx ?? 0, ins.idx2 ?? 0, this.rd(d), this.rd(s), this.rd(n)); this.barrier(); return;
      }
      case MISC(15): {
        const n = this.pop(), v = this.pop();
        const sv = this.rd(v), sn = this.rd(n);
        const d = this.push(Kind.NUM);
        this.emit(C.TABLE_GROW, d.home, ins.idx!, sv, sn); this.barrier(); return;
      }
      case MISC(16): { const d = this.push(Kind.NUM); this.emit(C.TABLE_SIZE, d.home, ins.idx!); this.barrier(); return; }
      case MISC(17): {
        const n = this.pop(), v = this.pop(), i = this.pop();
        this.emit(C.TABLE_FILL, ins.idx!, this.rd(i), this.rd(v), this.rd(n)); this.barrier(); return;
      }
    }
    if (op >> 12 === PREFIX_ATOMIC) { this.atomicInstr(ins); return; }
    const wide = wideOpOf(OP_BY_CODE.get(op)?.name ?? '');
    if (wide >= 0) { this.wideArith(wide); return; }
    const info = OP_BY_CODE.get(op);
    throw new UnsupportedError(`instruction ${info?.name ?? op.toString(16)} is not supported by the interpreter`);
  }

  /** Threads proposal: one ATOMIC code for all accesses; atomic.fence is a no-op single-threaded. */
  private atomicInstr(ins: Instr): void {
    const desc = atomicDescOf(OP_BY_CODE.get(ins.op)?.name ?? '');
    if (desc < 0) return; // atomic.fence
    const n = atomicArity(desc);
    const b = n === 3 ? this.pop() : null;
    const a = n >= 2 ? this.pop() : null;
    const ad = this.pop();
    const sad = this.rd(ad), sa = a ? this.rd(a) : 0, sb = b ? this.rd(b) : 0;
    const memIdx = ins.mem!.memory;
    const offset = ins.mem!.offset;
    const d = atomicHasResult(desc) ? this.push(Kind.NUM).home : 0;
    // An offset beyond 2^32 fits in no memory the engine can allocate, except a 64-bit one:
    // pass it as two words so the helper can form the exact effective address.
    this.emit(C.ATOMIC, desc, d, sad, sa, sb, offset % TWO32, Math.floor(offset / TWO32), memIdx);
    this.barrier();
  }

  /** Wide-arithmetic proposal: i64.add128/sub128 take four i64s, the multiplies two; all give two. */
  private wideArith(op: number): void {
    const four = op === WideOp.ADD128 || op === WideOp.SUB128;
    const e = four ? this.pop() : null, c = four ? this.pop() : null;
    const b = this.pop(), a = this.pop();
    const sa = this.rd(a), sb = this.rd(b), sc = c ? this.rd(c) : 0, se = e ? this.rd(e) : 0;
    const lo = this.push(Kind.NUM), hi = this.push(Kind.NUM);
    this.emit(C.WIDE_ARITH, op, lo.home, hi.home, sa, sb, sc, se);
    this.barrier();
  }

  private auxIndex(x: unknown): number {
    let i = this.aux.indexOf(x);
    if (i < 0) { i = this.aux.length; this.aux.push(x); }
    return i;
  }

  /** Pop `n` values into their homes (contiguous); returns the word offset of the first. */
  private popArgs(n: number): number {
    this.materializeTop(n);
    const base = n ? this.stack[this.stack.length - n].home : this.lw + this.hw;
    for (let i = 0; i < n; i++) this.pop();
    return base;
  }

  private gcInstr(ins: Instr): void {
    const sub = ins.op & 0xfff;
    const rtts = this.inst.rtts;
    const sl = () => this.auxIndex(structLayout(rtts[ins.idx!]));
    const al = (t = ins.idx!) => this.auxIndex(arrayLayout(rtts[t]));
    switch (sub) {
      case 0: { // struct.new
        const a = sl();
        const base = this.popArgs(structLayout(rtts[ins.idx!]).fields.length);
        const d = this.push(Kind.REF);
        this.emit(C.STRUCT_NEW, d.home, a, base);
        break;
      }
      case 1: { const a = sl(); const d = this.push(Kind.REF); this.emit(C.STRUCT_NEW_DEFAULT, d.home, a); break; }
      // ---- custom-descriptors proposal: the descriptor operand is on top
      case 32: case 33: { // struct.new_desc / struct.new_default_desc
        const a = sl();
        const dsc = this.pop(); const sd = this.rd(dsc);
        const n = sub === 32 ? structLayout(rtts[ins.idx!]).fields.length : 0;
        const base = this.popArgs(n);
        const d = this.push(Kind.REF);
        this.emit(C.STRUCT_NEW_DESC, d.home, a, base, sd, sub === 32 ? 1 : 0);
        break;
      }
      case 34: { const r = this.pop(); const sr = this.rd(r); const d = this.push(Kind.REF); this.emit(C.REF_GET_DESC, d.home, sr); break; }
      case 35: case 36: { // ref.cast_desc_eq (ref / ref null)
        const dsc = this.pop(), r = this.pop(); const sd = this.rd(dsc), sr = this.rd(r);
        const d = this.push(Kind.REF);
        this.emit(C.REF_CAST_DESC, d.home, sr, sd, sub === 36 ? 1 : 0);
        break;
      }
      case 37: case 38: { // br_on_cast_desc_eq(_fail): the reference stays, the descriptor is consumed
        const c = this.label(ins.idx!);
        const dsc = this.pop(); const sd = this.rd(dsc);
        const sr = this.rd(this.stack[this.stack.length - 1]);
        const nullable = ins.ref2!.nullable ? 1 : 0;
        const onMatch = sub === 37;
        if (c.kind !== 'func' && !this.needsMoves(c)) {
          this.emit(onMatch ? C.BR_ON_CAST_DESC : C.BR_ON_CAST_DESC_FAIL, sr, sd, nullable, 0);
          this.code[this.pc - 1] = this.targetAt(c, this.pc - 1);
        } else {
          this.emit(onMatch ? C.BR_ON_CAST_DESC_FAIL : C.BR_ON_CAST_DESC, sr, sd, nullable, 0);
          const skip = this.pc - 1;
          this.emitBranch(c);
          this.code[skip] = this.pc;
        }
        break;
      }
      case 2: case 3: case 4: { // struct.get(_s/_u)
        const a = sl();
        const r = this.pop(); const sr = this.rd(r);
        const d = this.push(structLayout(rtts[ins.idx!]).fields[ins.idx2!].kind);
        this.emit(C.STRUCT_GET, d.home, sr, a, ins.idx2!, sub === 3 ? 1 : 0);
        break;
      }
      case 5: { const a = sl(); const v = this.pop(), r = this.pop(); this.emit(C.STRUCT_SET, this.rd(r), this.rd(v), a, ins.idx2!); break; }
      case 6: { const a = al(); const n = this.pop(), v = this.pop(); const sv = this.rd(v), sn = this.rd(n); const d = this.push(Kind.REF); this.emit(C.ARRAY_NEW, d.home, a, sv, sn); break; }
      case 7: { const a = al(); const n = this.pop(); const sn = this.rd(n); const d = this.push(Kind.REF); this.emit(C.ARRAY_NEW_DEFAULT, d.home, a, sn); break; }
      case 8: { const a = al(); const base = this.popArgs(ins.idx2!); const d = this.push(Kind.REF); this.emit(C.ARRAY_NEW_FIXED, d.home, a, base, ins.idx2!); break; }
      case 9: case 10: { // array.new_data / array.new_elem
        const a = al(); const n = this.pop(), s = this.pop(); const ss = this.rd(s), sn = this.rd(n);
        const d = this.push(Kind.REF);
        this.emit(sub === 9 ? C.ARRAY_NEW_DATA : C.ARRAY_NEW_ELEM, d.home, a, ins.idx2!, ss, sn);
        break;
      }
      case 11: case 12: case 13: { // array.get(_s/_u)
        const a = al(); const i = this.pop(), r = this.pop(); const sr = this.rd(r), si = this.rd(i);
        const d = this.push(arrayLayout(rtts[ins.idx!]).elem.kind);
        this.emit(C.ARRAY_GET, d.home, sr, si, a, sub === 12 ? 1 : 0);
        break;
      }
      case 14: { const a = al(); const v = this.pop(), i = this.pop(), r = this.pop(); this.emit(C.ARRAY_SET, this.rd(r), this.rd(i), this.rd(v), a); break; }
      case 15: { const r = this.pop(); const sr = this.rd(r); const d = this.push(Kind.NUM); this.emit(C.ARRAY_LEN, d.home, sr); break; }
      case 16: { const a = al(); const n = this.pop(), v = this.pop(), o = this.pop(), r = this.pop(); this.emit(C.ARRAY_FILL, this.rd(r), this.rd(o), this.rd(v), this.rd(n), a); break; }
      case 17: {
        const a = al();
        const n = this.pop(), so = this.pop(), sr = this.pop(), dO = this.pop(), dr = this.pop();
        this.emit(C.ARRAY_COPY, this.rd(dr), this.rd(dO), this.rd(sr), this.rd(so), this.rd(n), a);
        break;
      }
      case 18: case 19: {
        const a = al(); const n = this.pop(), s = this.pop(), dO = this.pop(), r = this.pop();
        this.emit(sub === 18 ? C.ARRAY_INIT_DATA : C.ARRAY_INIT_ELEM, this.rd(r), this.rd(dO), this.rd(s), this.rd(n), a, ins.idx2!);
        break;
      }
      case 20: case 21: case 22: case 23: { // ref.test / ref.cast (nullable variants)
        const a = this.auxIndex({ heap: ins.heap!, nullable: sub === 21 || sub === 23, exact: ins.exact === true });
        const r = this.pop(); const sr = this.rd(r);
        const test = sub <= 21;
        const d = this.push(test ? Kind.NUM : Kind.REF);
        this.emit(test ? C.REF_TEST : C.REF_CAST, d.home, sr, a);
        break;
      }
      case 24: case 25: { // br_on_cast / br_on_cast_fail: the reference stays on the stack
        const c = this.label(ins.idx!);
        const a = this.auxIndex({ heap: ins.ref2!.heap, nullable: ins.ref2!.nullable, exact: ins.ref2!.exact === true });
        const sr = this.rd(this.stack[this.stack.length - 1]);
        const onMatch = sub === 24;
        if (c.kind !== 'func' && !this.needsMoves(c)) {
          this.emit(onMatch ? C.BR_ON_CAST : C.BR_ON_CAST_FAIL, sr, a, 0);
          this.code[this.pc - 1] = this.targetAt(c, this.pc - 1);
        } else {
          this.emit(onMatch ? C.BR_ON_CAST_FAIL : C.BR_ON_CAST, sr, a, 0);
          const skip = this.pc - 1;
          this.emitBranch(c);
          this.code[skip] = this.pc;
        }
        break;
      }
      case 26: case 27: case 28: case 29: case 30: {
        const r = this.pop(); const sr = this.rd(r);
        const d = this.push(sub >= 29 ? Kind.NUM : Kind.REF);
        const code = [C.ANY_CONVERT_EXTERN, C.EXTERN_CONVERT_ANY, C.REF_I31, C.I31_GET_S, C.I31_GET_U][sub - 26];
        this.emit(code, d.home, sr);
        break;
      }
      default:
        throw new UnsupportedError(`instruction ${OP_BY_CODE.get(ins.op)?.name ?? ins.op.toString(16)} is not supported by the interpreter`);
    }
    this.barrier();
  }

  private simdInstr(ins: Instr): void {
    const op = ins.op;
    let f: unknown;
    if ((f = S.SIMD_UNARY_BY_CODE.get(op))) {
      const a = this.pop(); const sa = this.rd(a); const d = this.push(Kind.V128);
      this.emitDstAt(2, C.SIMD_UNARY, simdFn(f), d.home, sa);
    } else if ((f = S.SIMD_BINARY_BY_CODE.get(op))) {
      const b = this.pop(), a = this.pop();
      const product = f === S.f32x4Add ? this.justComputed(a, b, C.F32X4_MUL) : null;
      if (product !== null) {
        // a * b + c per lane (each step rounded to f32, as unfused): one instruction.
        this.emitOverLast(C.F32X4_MUL_ADD, product, Kind.V128);
        return;
      }
      const sa = this.rd(a), sb = this.rd(b); const d = this.push(Kind.V128);
      const inline = SIMD_INLINE.get(f);
      if (inline !== undefined) this.emitDst(inline, d.home, sa, sb);
      else this.emitDstAt(2, C.SIMD_BINARY, simdFn(f), d.home, sa, sb);
    } else if ((f = S.SIMD_TERNARY_BY_CODE.get(op))) {
      const c = this.pop(), b = this.pop(), a = this.pop();
      const sa = this.rd(a), sb = this.rd(b), sc = this.rd(c); const d = this.push(Kind.V128);
      this.emitDstAt(2, C.SIMD_TERNARY, simdFn(f), d.home, sa, sb, sc);
    } else if ((f = S.SIMD_TEST_BY_CODE.get(op))) {
      const a = this.pop(); const sa = this.rd(a); const d = this.push(Kind.NUM);
      this.emitDstAt(2, C.SIMD_TEST, simdFn(f), d.home, sa);
    } else if ((f = S.SIMD_SHIFT_BY_CODE.get(op))) {
      const n = this.pop(), a = this.pop(); const sa = this.rd(a), sn = this.rd(n); const d = this.push(Kind.V128);
      this.emitDstAt(2, C.SIMD_SHIFT, simdFn(f), d.home, sa, sn);
    } else {
      const name = OP_BY_CODE.get(op)?.name ?? '';
      const narrow = /^i(8x16|16x8|32x4)\./.test(name);
      if (name.endsWith('.splat')) {
        const x = this.pop(); const sx = this.rd(x); const d = this.push(Kind.V128);
        this.emitDstAt(2, narrow ? C.SIMD_SPLAT_X : C.SIMD_SPLAT_SRC, simdByName(name), d.home, sx);
      } else if (name.includes('.extract_lane')) {
        const a = this.pop(); const sa = this.rd(a); const d = this.push(Kind.NUM);
        // A 32-bit lane is a word of the v128 slot: copy it (bits unchanged, f32 NaNs included).
        if (name === 'i32x4.extract_lane' || name === 'f32x4.extract_lane') this.emitDst(C.V128_EXTRACT32, d.home, sa, ins.lane!);
        else this.emitDstAt(2, narrow ? C.SIMD_EXTRACT_X : C.SIMD_EXTRACT_SRC, simdByName(name), d.home, sa, ins.lane!);
      } else if (name.endsWith('.replace_lane')) {
        const x = this.pop(), a = this.pop(); const sa = this.rd(a), sx = this.rd(x); const d = this.push(Kind.V128);
        this.emitDstAt(2, narrow ? C.SIMD_REPLACE_X : C.SIMD_REPLACE_SRC, simdByName(name), d.home, sa, ins.lane!, sx);
      } else if (name === 'i8x16.shuffle') {
        const b = this.pop(), a = this.pop(); const sa = this.rd(a), sb = this.rd(b); const d = this.push(Kind.V128);
        this.aux.push(Uint8Array.from(ins.lanes!));
        this.emitDstAt(2, C.SIMD_SHUFFLE, this.aux.length - 1, d.home, sa, sb);
      } else if (name in SIMD_LOAD_WIDTH || name === 'v128.store' || name.endsWith('_lane')) {
        this.simdMemory(ins, name);
        return;
      } else {
        throw new UnsupportedError(`instruction ${name} is not supported by the interpreter`);
      }
    }
    // No barrier: the result is the last plain instruction's, so a local.set can retarget it.
  }

  private simdMemory(ins: Instr, name: string): void {
    const memIdx = ins.mem!.memory;
    const is64 = this.inst.memories[memIdx].type.address === 'i64';
    const offset = ins.mem!.offset;
    const lane = name.endsWith('_lane');
    const width = lane ? Number(/(\d+)_lane/.exec(name)![1]) / 8 : SIMD_LOAD_WIDTH[name] ?? 16;
    const store = name.includes('store');
    const v = store || lane ? this.pop() : null;
    const a = this.pop();
    const sa = this.rd(a), sv = v ? this.rd(v) : 0;
    if (offset > 0xffffffff) { if (!store) this.push(Kind.V128); this.emit(C.TRAP_OOB); this.barrier(); return; }
    if (is64) this.emit(C.CHECK_ADDR64, sa);
    if (store) {
      if (lane) this.emit(C.SIMD_STORE_LANE, sa, sv, offset | 0, memIdx, ins.lane!, width);
      else if (memIdx === 0) this.emit(C.V128_STORE0, sa, sv, offset | 0);
      else this.emit(C.SIMD_STORE, sa, sv, offset | 0, memIdx);
    } else {
      const d = this.push(Kind.V128);
      if (lane) this.emit(C.SIMD_LOAD_LANE, d.home, sa, sv, offset | 0, memIdx, ins.lane!, width);
      else if (name === 'v128.load' && memIdx === 0) this.emit(C.V128_LOAD0, d.home, sa, offset | 0);
      else this.emit(C.SIMD_LOAD, simdByName(name), d.home, sa, offset | 0, memIdx, width);
    }
    this.barrier();
  }

  private numeric(op: number, code: number, n: number): void {
    this.numericOp(op, code, n);
    this.markF64(F64_RESULT(op));
  }

  private numericOp(op: number, code: number, n: number): void {
    if (n === 1) {
      const a = this.pop();
      if (this.fuseUnary(op, a)) return;
      const s = this.rd(a);
      if (op === 0xa7) {
        // i32.wrap_i64 is the low word, which is where the i64 already is: read it in place.
        this.pushFrom(Kind.NUM, s);
        this.softBarrier();
        return;
      }
      const d = this.push(Kind.NUM);
      this.emitDst(code, d.home, s);
      return;
    }
    const b = this.pop(), a = this.pop();
    const immForm = IMM_FORM.get(op);
    if (b.src === CONST && (immForm !== undefined || op === 0x6b)) {
      const sa = this.rd(a);
      const d = this.push(Kind.NUM);
      if (op === 0x6b) this.emitDst(C.I32_ADD_IMM, d.home, sa, (-b.imm) | 0);
      else if (op === 0x77 || op === 0x78) this.emitDst(immForm!, d.home, sa, b.imm & 31);
      else this.emitDst(immForm!, d.home, sa, b.imm);
      return;
    }
    if (this.fuseLoad(op, a, b)) return;
    if (this.fuseF64Const(op, a, b)) return;
    const shift = I64_SHIFT.get(op);
    if (shift !== undefined && this.fuseShift(shift, a, b)) return;
    if ((op === 0x73 || op === 0x85) && this.fuseXorShift(a, b)) return;
    if ((op === 0xa0 || op === 0xa1) && this.fuseMulAdd(op, a, b)) return;
    if (op === 0x7e && this.fuseXorShiftMul(a, b)) return;
    if (op === 0x84 && this.fuseShiftOr(a, b)) return;
    if (this.fuseChain(op, a, b)) return;
    let sb = -1, mask = 63, bits = 0;
    if (op >= 0x86 && op <= 0x8a && (this.lastIs(b, C.I64_EXTEND_I32_U) || this.lastIs(b, C.I64_EXTEND_I32_S))) {
      // An i64 shift count only uses its low 6 bits: read the i32 the extension started from.
      sb = this.dropLast().ops[1];
      // That i32 just and-ed or or-ed with a constant (`x << (n & 31)`, a count forced odd): the
      // shift applies the constant itself, as (count & mask) | bits.
      const prev = this.lastStart, pc = this.pc;
      if (this.plainEnd === pc && prev + 4 === pc && this.code[prev + 1] === sb && sb >= this.lw
        && (this.code[prev] === C.I32_AND_IMM || this.code[prev] === C.I32_OR_IMM)) {
        if (this.code[prev] === C.I32_AND_IMM) mask = this.code[prev + 3] & 63;
        else bits = this.code[prev + 3] & 63;
        sb = this.code[prev + 2];
        this.cutTo(prev);
        this.barrier();
      }
    }
    const sa = this.rd(a);
    if (sb < 0) sb = this.rd(b);
    const d = this.push(Kind.NUM);
    // Variable i64 shifts and rotations take the count as (I[count] & mask) | bits.
    if (op >= 0x86 && op <= 0x8a) this.emitDst(code, d.home, sa, sb, mask, bits);
    else this.emitDst(code, d.home, sa, sb);
  }

  /**
   * i64 `x * c` where the instruction just before computed x = b ^ (a >>> k), into a temporary or
   * into a local that x is read from here (xorshift64*: the state is kept, then multiplied; the
   * splitmix64 finaliser): one instruction, which still writes x where it went.
   */
  private fuseXorShiftMul(a: Entry, b: Entry): boolean {
    const last = this.keptResult(a, b, C.I64_XOR_SHR_U_LO);
    if (last === null) return false;
    const ops = this.code.slice(last.at + 2, last.at + 5);
    this.emitOverKept(last, C.I64_XOR_SHR_U_MUL, ops);
    return true;
  }

  /**
   * i64 `(a >>> k) | c` for a constant k, the shift just computed into a temporary or a local read
   * here (`(x >> 12) | 0x3ff0000000000000`, a random double's bits): one instruction, which still
   * writes the shifted value where it went.
   */
  private fuseShiftOr(a: Entry, b: Entry): boolean {
    const last = this.keptResult(a, b, C.I64_SHR_U_LO) ?? this.keptResult(a, b, C.I64_SHR_U_HI);
    if (last === null) return false;
    this.emitOverKept(last, C.I64_SHR_U_OR, this.code.slice(last.at + 2, last.at + 4));
    return true;
  }

  /**
   * The operand of a, b that the instruction just before computed with `code`, into a temporary
   * or into a local that the operand reads (a tee, or a set and a get); with its slot and the
   * other operand. Not when the other operand reads that slot: a fused instruction reads all its
   * operands before it writes anything.
   */
  private keptResult(a: Entry, b: Entry, code: number): { at: number; x: number; other: Entry } | null {
    const at = this.lastStart;
    if (at < 0 || this.plainEnd !== this.pc || this.code[at] !== code) return null;
    const x = this.code[at + 1];
    let mine: Entry, other: Entry;
    if (b.src === x) { mine = b; other = a; } else if (a.src === x && b.src !== CONST) { mine = a; other = b; } else return null;
    // A temporary must be that entry's own value.
    if ((x >= this.lw && mine.home !== x) || other.src === x) return null;
    return { at, x, other };
  }

  /** Replace the kept instruction by `fused`: `ops`, the other operand, then where the kept value goes. */
  private emitOverKept(last: { at: number; x: number; other: Entry }, fused: number, ops: number[]): void {
    this.cutTo(last.at);
    this.barrier();
    const so = this.rd(last.other);
    const d = this.push(Kind.NUM);
    // A temporary's value is not needed after: written to d, which the result then overwrites.
    this.emitDst(fused, d.home, ...ops, so, last.x >= this.lw ? d.home : last.x);
  }

  /** f64 `x * y` just computed, feeding an add or a subtract: one instruction, the same two roundings. */
  private fuseMulAdd(op: number, a: Entry, b: Entry): boolean {
    const other = this.justComputed(a, b, C.F64_MUL);
    if (other === null) return false;
    this.emitOverLast(op === 0xa0 ? C.F64_MUL_ADD : other === a ? C.F64_SUB_MUL : C.F64_MUL_SUB, other);
    return true;
  }

  /** An op whose operand the instruction before just computed, per CHAINED and CHAINED_LEFT: one instruction. */
  private fuseChain(op: number, a: Entry, b: Entry): boolean {
    for (const [producer, fused] of CHAINED.get(op) ?? []) {
      const other = this.justComputed(a, b, producer);
      if (other === null) continue;
      if (fused === C.I32_OR_LANE && this.orNextLane(other)) return true;
      this.emitOverLast(fused, other);
      return true;
    }
    const left = CHAINED_LEFT.get(op);
    if (left === undefined || b.src === CONST || !this.lastIs(a, left[0])) return false;
    this.emitOverLast(left[1], b);
    return true;
  }

  /**
   * `acc | lane k of v`, where acc is lanes 0..k-1 of the same v just or-ed together (the
   * extract of lane 0, or an I32_OR_LANES of k lanes): one I32_OR_LANES of k + 1 lanes. This is
   * how compilers test a SIMD mask for any set lane without v128.any_true.
   */
  private orNextLane(acc: Entry): boolean {
    const at = this.lastStart, v = this.code[at + 2], k = this.code[at + 3];
    const prev = this.prevPlainStart;
    if (prev < 0 || acc.src !== acc.home || this.code[prev + 1] !== acc.home || this.code[prev + 2] !== v) return false;
    const first = this.code[prev] === C.V128_EXTRACT32 && prev + 4 === at && k === 1 && this.code[prev + 3] === 0;
    const more = this.code[prev] === C.I32_OR_LANES && prev + 4 === at && this.code[prev + 3] === k;
    if (!first && !more) return false;
    // Cut both (the extract of lane k and acc's instruction); keep what precedes adjacent, as dropLast does.
    const prev2 = this.prev2PlainStart;
    this.cutTo(prev);
    this.barrier();
    if (prev2 >= 0) { this.lastStart = prev2; this.plainEnd = prev; }
    const d = this.push(Kind.NUM);
    this.emitDst(C.I32_OR_LANES, d.home, v, k + 1);
    return true;
  }

  /** A unary op whose operand the instruction before just computed, per CHAINED_UNARY: one instruction. */
  private fuseUnary(op: number, a: Entry): boolean {
    const chain = CHAINED_UNARY.get(op);
    if (chain === undefined || !this.lastIs(a, chain[0])) return false;
    const { ops } = this.dropLast();
    const d = this.push(Kind.NUM);
    this.emitDst(chain[1], d.home, ...ops.slice(1));
    return true;
  }

  /** The operand that the last plain instruction just computed with `code` (b, or a when b was not): the other one, or null. */
  private justComputed(a: Entry, b: Entry, code: number): Entry | null {
    if (this.lastIs(b, code)) return a;
    // A pending constant b would be materialised over the dropped instruction's operands.
    if (b.src !== CONST && this.lastIs(a, code)) return b;
    return null;
  }

  /** Replace the last instruction by `fused`: its operands (after the destination), then `other`'s slot. */
  private emitOverLast(fused: number, other: Entry, k: Kind = Kind.NUM): void {
    const { ops } = this.dropLast();
    const so = this.rd(other);
    const d = this.push(k);
    this.emitDst(fused, d.home, ...ops.slice(1), so);
  }

  /** `x ^ (y shifted by a constant)`, the shift just computed (xorshift, hash mixing): one instruction. */
  private fuseXorShift(a: Entry, b: Entry): boolean {
    const last = this.lastStart, shift = this.code[last];
    const fused = XOR_SHIFT.get(shift);
    const other = fused === undefined ? null : this.justComputed(a, b, shift);
    if (other === null) return false;
    const prev = this.prevPlainStart;
    if (fused === C.I32_XOR_ROTL_IMM && prev >= 0 && prev + 4 === last && this.code[prev] === C.I32_ROTL_IMM
      && other.src === other.home && this.code[prev + 1] === other.home && other.home >= this.lw) {
      // The other operand is a rotation just before (SHA-2's Σ: rotr ^ rotr ^ rotr): one instruction.
      const ops = [this.code[prev + 2], this.code[prev + 3], this.code[last + 2], this.code[last + 3]];
      this.cutTo(prev);
      this.barrier();
      const d = this.push(Kind.NUM);
      this.emitDst(C.I32_XOR_ROTL2, d.home, ...ops);
      return true;
    }
    this.emitOverLast(fused!, other);
    if (fused === C.I64_XOR_SHR_U_LO || fused === C.I64_XOR_SHL_LO) this.pairXorShift();
    return true;
  }

  /**
   * An i64 xor-shift of the value the xor-shift just before computed, as both its operands
   * (`x ^= x >> a; x ^= x << b`, xorshift generators): one I64_XOR_SHIFT2, which still writes
   * the first result where the first instruction did.
   */
  private pairXorShift(): void {
    const p = this.prevPlainStart, at = this.lastStart;
    if (p < 0 || p + 5 !== at) return;
    const first = this.code[p], second = this.code[at];
    if (first !== C.I64_XOR_SHR_U_LO && first !== C.I64_XOR_SHL_LO) return;
    const [d1, a1, k1, b1] = this.code.slice(p + 1, p + 5), [d2, a2, k2, b2] = this.code.slice(at + 1, at + 5);
    if (a2 !== d1 || b2 !== d1) return;
    this.cutTo(p);
    this.barrier();
    this.emitDst(C.I64_XOR_SHIFT2, d2, a1, first === C.I64_XOR_SHR_U_LO ? k1 : -k1, b1, d1, second === C.I64_XOR_SHR_U_LO ? k2 : -k2);
  }

  /** Record whether the top entry is known to be an f64. */
  private markF64(f: boolean): void {
    if (f) this.stack[this.stack.length - 1].f64 = true;
  }

  /** Did the last plain instruction just compute entry `e` with internal code `code`? */
  private lastIs(e: Entry, code: number): boolean {
    return e.src === e.home && this.lastEnd === this.pc && this.code[this.lastDst] === e.home && this.code[this.lastStart] === code;
  }

  /** Cut the code back to `at`, with its source positions; returns the wasm offset of the instruction that started there. */
  private cutTo(at: number): number {
    let off = this.at;
    for (let i = this.src.length - 2; i >= 0 && this.src[i] >= at; i -= 2) if (this.src[i] === at) off = this.src[i + 1];
    this.code.length = at;
    while (this.src.length && this.src[this.src.length - 2] >= at) this.src.length -= 2;
    return off;
  }

  /** Remove the last plain instruction; returns its operands and its wasm offset. */
  private dropLast(): { ops: number[]; at: number } {
    const at = this.lastStart, prev = this.prevPlainStart, prev2 = this.prev2PlainStart;
    const ops = this.code.slice(at + 1, this.lastEnd);
    const off = this.cutTo(at);
    this.barrier();
    // The instruction before the dropped one is adjacent to what comes next (no value fusion).
    if (prev >= 0) { this.lastStart = prev; this.plainEnd = at; this.prevPlainStart = prev2; }
    return { ops, at: off };
  }

  /**
   * `x op load(...)`: when one operand was just loaded from memory 0, fold the load into the
   * operation (the loaded value never goes through a slot). The fused instruction keeps the
   * load's wasm offset, so a bounds trap is reported where the load is.
   */
  private fuseLoad(op: number, a: Entry, b: Entry): boolean {
    const fused = LOAD_FUSED.get(op);
    if (fused === undefined) return false;
    const load = fused[1];
    let other: Entry;
    if (this.lastIs(b, load)) other = a;
    else if (fused[2] && b.src !== CONST && this.lastIs(a, load)) other = b;
    else return false;
    if (this.code[this.lastStart + 4] !== 0) return false;
    const { ops, at } = this.dropLast();
    const so = this.rd(other);
    const d = this.push(Kind.NUM);
    const here = this.at;
    this.at = at;
    this.emitDst(fused[0], d.home, so, ops[1], ops[2], ops[4]);
    this.at = here;
    return true;
  }

  /** `x op k` for an f64 constant k just materialised (CONST_F64): the op reads k from Compiled.f64k. */
  private fuseF64Const(op: number, a: Entry, b: Entry): boolean {
    const fused = F64_K.get(op);
    if (fused === undefined) return false;
    let other: Entry;
    if (this.lastIs(b, C.CONST_F64)) other = a;
    else if (fused[1] && b.src !== CONST && this.lastIs(a, C.CONST_F64)) other = b;
    else return false;
    const { ops } = this.dropLast();
    const so = this.rd(other);
    const d = this.push(Kind.NUM);
    this.emitDst(fused[0], d.home, so, ops[1]);
    return true;
  }

  /** i64 shift by a constant count (pooled or just materialised): no count masking or branching at run time. */
  private fuseShift(kind: number, a: Entry, b: Entry): boolean {
    let k: number;
    if (this.isPooled(b.src)) k = this.pool[b.src - this.poolBase] & 63;
    else if (this.lastIs(b, C.CONST64)) k = this.code[this.lastStart + 2] & 63;
    else return false;
    if (!this.isPooled(b.src)) this.dropLast();
    const sa = this.rd(a);
    const d = this.push(Kind.NUM);
    if (k === 0) this.emitDst(C.MOV, d.home, sa);
    else this.emitDst(k < 32 ? I64_SHIFT_LO[kind] : I64_SHIFT_LO[kind] + 1, d.home, sa, k);
    return true;
  }

  private memAccess(ins: Instr, code: number, store: boolean): void {
    const memIdx = ins.mem!.memory;
    const is64 = this.inst.memories[memIdx].type.address === 'i64';
    const offset = ins.mem!.offset;
    const v = store ? this.pop() : null;
    const a = this.pop();
    if (!is64 && memIdx === 0 && offset <= 0xffffffff && this.fuseIndexed(code, a, v, offset)) return;
    if (!is64 && memIdx === 0 && code === C.F64_STORE && this.fuseAddStore(a, v!, offset)) return;
    // Fold an `i32.add` of a constant that just computed the address: the access adds it
    // back with the same 32-bit wrap-around, so the effective address is unchanged.
    let sa = -1, addend = 0;
    if (!is64 && this.lastIs(a, C.I32_ADD_IMM)) {
      const { ops } = this.dropLast();
      sa = ops[1];
      addend = ops[2];
      this.barrier();
    }
    if (sa < 0) sa = this.rd(a);
    if (store) {
      const sv = this.rd(v!);
      if (offset > 0xffffffff) { this.emit(C.TRAP_OOB); this.barrier(); return; }
      if (is64) this.emit(C.CHECK_ADDR64, sa);
      this.emit(code, sa, sv, offset | 0, memIdx, addend);
      this.barrier();
      return;
    }
    if (offset > 0xffffffff) { this.push(Kind.NUM); this.emit(C.TRAP_OOB); this.barrier(); return; }
    if (is64) this.emit(C.CHECK_ADDR64, sa);
    const d = this.push(Kind.NUM);
    this.emitDst(code, d.home, sa, offset | 0, memIdx, addend);
    this.markF64(code === C.F64_LOAD);
  }

  /**
   * An access whose address an `i32.add` of two values just computed: the access adds them itself
   * (same 32-bit wrap-around). A store's value must already be in place (not a pending constant,
   * whose materialisation could overwrite an operand of the dropped add).
   */
  private fuseIndexed(code: number, a: Entry, v: Entry | null, offset: number): boolean {
    const x = INDEXED.get(code);
    if (x === undefined || !this.lastIs(a, C.I32_ADD) || (v !== null && v.src === CONST)) return false;
    const { ops } = this.dropLast();
    if (v === null) {
      const d = this.push(Kind.NUM);
      this.emitDst(x, d.home, ops[1], ops[2], offset | 0);
    } else {
      this.emit(x, ops[1], ops[2], this.rd(v), offset | 0);
      this.barrier();
    }
    return true;
  }

  /**
   * `f64.store A (f64.add x (f64.load A))` with the same address slot, offset and no addend, just
   * fused into F64_ADD_LOAD: one read-modify-write instruction (the sum is not kept anywhere else).
   */
  private fuseAddStore(a: Entry, v: Entry, offset: number): boolean {
    if (a.src === CONST || !this.lastIs(v, C.F64_ADD_LOAD)) return false;
    const at = this.lastStart;
    if (this.code[at + 3] !== a.src || this.code[at + 4] !== (offset | 0) || this.code[at + 5] !== 0) return false;
    const prev = this.prevPlainStart;
    const { ops } = this.dropLast();
    if (prev >= 0 && prev + 6 === at && this.code[prev] === C.F64_MUL_LOAD && this.code[prev + 1] === ops[1] && ops[1] >= this.lw) {
      // The addend is a product with a load that no one else reads (a stack slot): y[i] += a * x[j].
      this.code[prev] = C.F64_MUL_LOAD_ADD_STORE;
      this.code.splice(prev + 1, 1);
      this.code.push(a.src, offset | 0);
    } else {
      this.emit(C.F64_ADD_STORE, ops[1], a.src, offset | 0);
    }
    this.barrier();
    return true;
  }

  private localSet(x: number): void {
    const e = this.pop();
    let dst = this.localOff[x];
    const justComputed = (): boolean => e.src === e.home && this.lastEnd === this.pc && this.code[this.lastDst] === e.home;
    if (this.aliased(dst)) {
      // The stack still holds reads of the old value. Rather than copy them out, a value just
      // computed inside a loop goes to the local's shadow slot, and reads of the local go there
      // until the next set of it or the next instruction that is not straight-line (unrename).
      const shadow = justComputed() && this.localKind[x] === Kind.NUM && this.debugHook === null ? this.pooled(`L${x}`, [[0, 0]]) : -1;
      if (shadow >= 0) {
        this.materializeAliases(shadow);
        dst = shadow;
        if (this.loc[x] === this.localOff[x]) this.renamed.push(x);
      } else {
        this.materializeAliases(dst);
      }
    }
    if (dst === this.localOff[x] && this.loc[x] !== dst) this.renamed.splice(this.renamed.indexOf(x), 1);
    this.loc[x] = dst;
    // (Copies just emitted for aliases end the adjacency, so this is false after any.)
    if (justComputed() && !this.aliased(dst)) {
      // The value was just computed: write it straight into the local.
      this.code[this.lastDst] = dst;
      this.pairAddImm();
    } else {
      this.moveTo(e, dst);
    }
    this.softBarrier();
  }

  private aliased(slot: number): boolean {
    for (const s of this.stack) if (s.src === slot) return true;
    return false;
  }

  private materializeAliases(slot: number): void {
    for (const s of this.stack) if (s.src === slot) this.materialize(s);
  }

  /** Copy renamed locals home (reads of their old values first), as control flow needs them there. */
  private unrename(): void {
    // A value just computed (a branch condition, say) must stay last to fuse with what comes
    // next: the copies go before its instruction when that touches none of the slots they read
    // or write (a fused instruction may also write a shadow slot: xorshift64*'s kept state).
    const at = this.lastStart, end = this.lastEnd;
    let kept: number[] | null = null, keptAt = 0, dstAt = 0;
    if (end === this.pc && at >= 0) {
      const touched = new Set<number>();
      for (const x of this.renamed) {
        touched.add(this.localOff[x]).add(this.loc[x]);
        for (const s of this.stack) if (s.src === this.localOff[x]) touched.add(s.home);
      }
      dstAt = this.lastDst - at;
      const words = this.code.slice(at, end), op = words[0];
      // The slots it reads: known for the instructions a branch fuses with, else every operand word.
      const reads = CMP.includes(op) || BR_F64.has(op) ? [words[2], words[3]]
        : CMP_IMM.includes(op) || op === C.I32_EQZ || op === C.I32_ADD_IMM ? [words[2]]
        : words.filter((_, i) => i > 0 && i !== dstAt);
      if (dstAt === 1 && words[1] >= this.lw && !touched.has(words[1]) && !reads.some((w) => touched.has(w))) {
        kept = words;
        keptAt = this.cutTo(at);
      }
    }
    for (const x of this.renamed) {
      const home = this.localOff[x];
      this.materializeAliases(home);
      this.moveTo({ k: this.localKind[x], src: this.loc[x], home, imm: 0, f64: this.localF64[x] }, home);
      this.loc[x] = home;
    }
    this.renamed.length = 0;
    if (kept === null) { this.softBarrier(); return; }
    const start = this.pc;
    this.src.push(start, keptAt);
    for (const w of kept) this.code.push(w);
    this.lastStart = start;
    this.lastDst = start + dstAt;
    this.lastEnd = this.plainEnd = this.pc;
    this.prevPlainStart = this.prev2PlainStart = -1;
  }

  /** Two adjacent I32_ADD_IMMs, the second just stored to a local (induction variables): ADD_IMM2. */
  private pairAddImm(): void {
    const p = this.prevPlainStart, at = this.lastStart;
    if (p < 0 || p + 4 !== at || this.code[p] !== C.I32_ADD_IMM || this.code[at] !== C.I32_ADD_IMM) return;
    this.code[p] = C.ADD_IMM2;
    this.code.splice(at, 1);
    while (this.src.length && this.src[this.src.length - 2] >= at) this.src.length -= 2;
    this.lastStart = p;
    this.prevPlainStart = this.prev2PlainStart = -1;
    this.plainEnd = this.pc;
    this.lastEnd = -1;
  }

  /**
   * Emit a conditional jump on `cond` (when `onTrue`, jump if it is non-zero), fusing the
   * i32 comparison that just computed it. Returns the code position of the target operand.
   */
  private condJump(cond: Entry, onTrue: boolean): number {
    const s = this.rd(cond);
    if (cond.src === cond.home && this.lastEnd === this.pc && this.code[this.lastDst] === cond.home) {
      const at = this.lastStart, op = this.code[at];
      const a = this.code[at + 2], b = this.code[at + 3];
      const f64 = BR_F64.get(op);
      if (f64 !== undefined) {
        this.cutTo(at);
        this.barrier();
        this.emit(f64[onTrue ? 0 : 1], a, b, 0);
        return this.pc - 1;
      }
      let i = CMP.indexOf(op), imm = false;
      if (i < 0) { i = CMP_IMM.indexOf(op); imm = i >= 0; }
      if (i >= 0 || op === C.I32_EQZ) {
        const prev = this.prevPlainStart, prev2 = this.prev2PlainStart;
        this.cutTo(at);
        this.barrier();
        let br: number;
        if (op === C.I32_EQZ) br = onTrue ? C.BR_UNLESS : C.BR_IF;
        else {
          const k = onTrue ? i : CMP_NEG[i];
          br = imm ? BR_CMP_IMM[k] : BR_CMP[k];
        }
        if ((br === C.BR_NE || br === C.BR_EQ) && this.fuseByteCompare(prev2, prev, a, b, br)) return this.pc - 1;
        if (this.fuseAddImmBranch(prev, br)) this.code.push(a, ...(op === C.I32_EQZ ? [] : [b]), 0);
        else this.emit(br, a, ...(op === C.I32_EQZ ? [] : [b]), 0);
        return this.pc - 1;
      }
    }
    if (this.plainEnd === this.pc && this.fuseAddImmBranch(this.lastStart, onTrue ? C.BR_IF : C.BR_UNLESS)) {
      this.code.push(s, 0);
      this.barrier();
      return this.pc - 1;
    }
    this.emit(onTrue ? C.BR_IF : C.BR_UNLESS, s, 0);
    return this.pc - 1;
  }

  /**
   * `a[i] == b[j]` as a branch: two adjacent byte loads at base + index (at p2 and p1, ending at
   * the current pc) into stack slots that only the comparison reads. One instruction loads both
   * and branches (match-length and string-compare loops). Appends the target operand (0).
   */
  private fuseByteCompare(p2: number, p1: number, a: number, b: number, br: number): boolean {
    const c = this.code;
    if (p2 < 0 || p2 + 5 !== p1 || p1 + 5 !== this.pc || c[p2] !== C.I32_LOAD8_U_X || c[p1] !== C.I32_LOAD8_U_X) return false;
    const d2 = c[p2 + 1], d1 = c[p1 + 1];
    if (!((d2 === a && d1 === b) || (d2 === b && d1 === a)) || d1 === d2 || d1 < this.lw || d2 < this.lw) return false;
    if (c[p1 + 2] === d2 || c[p1 + 3] === d2) return false; // the second address uses the first byte
    const ops = [c[p2 + 2], c[p2 + 3], c[p2 + 4], c[p1 + 2], c[p1 + 3], c[p1 + 4]];
    // A bounds trap is reported at the first load.
    const here = this.at;
    this.at = this.cutTo(p2);
    this.emit(br === C.BR_NE ? C.BR_NE_BYTES_X : C.BR_EQ_BYTES_X, ...ops, 0);
    this.at = here;
    this.barrier();
    return true;
  }

  /**
   * An I32_ADD_IMM (or I32_ADD) at `p` ending at the current pc, followed by the branch `br`: turn
   * it into the ADD_IMM_BR (ADD_BR) form (a loop's increment and its test); the caller appends the
   * branch operands.
   */
  private fuseAddImmBranch(p: number, br: number): boolean {
    if (p < 0 || p + 4 !== this.pc || (this.code[p] !== C.I32_ADD_IMM && this.code[p] !== C.I32_ADD)) return false;
    const fused = (this.code[p] === C.I32_ADD ? ADD_BR : ADD_IMM_BR).get(br);
    if (fused === undefined) return false;
    this.code[p] = fused;
    this.barrier();
    return true;
  }

  private brIf(c: Ctl): void {
    const cond = this.pop();
    if (c.kind !== 'func' && !this.needsMoves(c)) {
      const t = this.condJump(cond, true);
      this.code[t] = this.targetAt(c, t);
    } else {
      const skip = this.condJump(cond, false);
      this.emitBranch(c);
      this.code[skip] = this.pc;
    }
    this.barrier();
  }

  private brTable(labels: number[]): void {
    const idx = this.pop();
    const s = this.rd(idx);
    this.emit(C.BR_TABLE, s, labels.length - 1, ...labels.map(() => 0));
    const tbl = this.pc - labels.length;
    const stubs: [number, Ctl][] = [];
    labels.forEach((l, i) => {
      const c = this.label(l);
      if (c.kind !== 'func' && !this.needsMoves(c)) this.code[tbl + i] = this.targetAt(c, tbl + i);
      else stubs.push([i, c]);
    });
    for (const [i, c] of stubs) {
      this.code[tbl + i] = this.pc;
      this.emitBranch(c);
    }
  }

  private brOnNull(c: Ctl, onNull: boolean): void {
    if (onNull) {
      const r = this.pop();
      const s = this.rd(r);
      if (c.kind !== 'func' && !this.needsMoves(c)) {
        this.emit(C.BR_ON_NULL, s, 0);
        this.code[this.pc - 1] = this.targetAt(c, this.pc - 1);
      } else {
        this.emit(C.BR_ON_NON_NULL, s, 0);
        const skip = this.pc - 1;
        this.emitBranch(c);
        this.code[skip] = this.pc;
      }
      this.pushFrom(Kind.REF, s);
    } else {
      const r = this.stack[this.stack.length - 1];
      const s = this.rd(r);
      if (c.kind !== 'func' && !this.needsMoves(c)) {
        this.emit(C.BR_ON_NON_NULL, s, 0);
        this.code[this.pc - 1] = this.targetAt(c, this.pc - 1);
      } else {
        this.emit(C.BR_ON_NULL, s, 0);
        const skip = this.pc - 1;
        this.emitBranch(c);
        this.code[skip] = this.pc;
      }
      this.pop();
    }
    this.barrier();
  }

  private call(f: number, tail: boolean): void {
    const ft = this.inst.funcs[f].type;
    const base = this.args(ft);
    if (tail) { this.emit(C.RETURN_CALL, f, base); this.markDead(); return; }
    this.emit(C.CALL, f, base);
    this.results(ft);
  }

  private callIndirect(typeIdx: number, table: number, tail: boolean): void {
    const ft = this.m.types[typeIdx].comp as FuncType;
    const i = this.pop();
    const si = this.rd(i);
    const base = this.args(ft);
    this.emit(tail ? C.RETURN_CALL_INDIRECT : C.CALL_INDIRECT, typeIdx, table, si, base);
    if (tail) { this.markDead(); return; }
    this.results(ft);
  }

  private callRef(typeIdx: number, tail: boolean): void {
    const ft = this.m.types[typeIdx].comp as FuncType;
    const r = this.pop();
    const sr = this.rd(r);
    const base = this.args(ft);
    this.emit(tail ? C.RETURN_CALL_REF : C.CALL_REF, sr, base);
    if (tail) { this.markDead(); return; }
    this.results(ft);
  }

  /** Put the arguments in their homes, pop them, and return the word offset of the first. */
  private args(ft: FuncType): number {
    const n = ft.params.length;
    this.materializeTop(n);
    const base = n ? this.stack[this.stack.length - n].home : this.lw + this.hw;
    for (let i = 0; i < n; i++) this.pop();
    // The callee's frame starts at `base`; its results land there too.
    return base;
  }

  private results(ft: FuncType): void {
    for (const r of ft.results) this.push(kindOf(r));
    this.barrier();
  }

  private tryTable(ins: Instr): void {
    // Catch labels are relative to the block around the try_table.
    const clauses: HandlerClause[] = [];
    for (const cat of ins.catches ?? []) {
      const target = this.label(cat.label);
      const payload = cat.kind === 'catch' || cat.kind === 'catch_ref' ? this.tagPayload(cat.tag!) : [];
      let pw = 0;
      for (const k of payload) pw += kindSize(k);
      const withRef = cat.kind === 'catch_ref' || cat.kind === 'catch_all_ref';
      const kind = ['catch', 'catch_ref', 'catch_all', 'catch_all_ref'].indexOf(cat.kind);
      // A catch to the function's own label returns: the values go to the result slots.
      const base = target.kind === 'func' ? 0 : this.lw + target.hw;
      const cl: HandlerClause = { kind, tag: cat.tag ?? -1, target: 0, dst: base, payload, exnDst: withRef ? base + pw : -1 };
      if (target.kind === 'loop') cl.target = target.start;
      else if (target.kind === 'func') cl.target = -2; // return from the function
      else target.clauseFix.push(cl);
      clauses.push(cl);
    }
    const c = this.enterBlock('try_table', ins.blockType);
    c.clauses = clauses;
    c.tryStart = this.pc;
  }

  private legacyTry(ins: Instr): void {
    const c = this.enterBlock('try', ins.blockType);
    c.tryStart = this.pc;
    let depth = 0;
    for (const x of this.ctls) if (x.kind === 'try' || x.kind === 'catch') depth++;
    c.exnSlot = this.lw - 2 * depth;
  }

  private legacyCatch(ins: Instr): void {
    const c = this.ctls[this.ctls.length - 1];
    if (!c.dead) {
      this.materializeTop(c.results.length);
      this.emit(C.JUMP, 0);
      c.fix.push(this.pc - 1);
    }
    if (c.kind === 'try') this.closeTry(c);
    c.kind = 'catch';
    const payload = ins.op === Op.catch ? this.tagPayload(ins.idx!) : [];
    c.clauses.push({
      kind: ins.op === Op.catch ? 0 : 2, tag: ins.op === Op.catch ? ins.idx! : -1, target: this.pc,
      dst: this.lw + c.hw, payload, exnDst: c.exnSlot,
    });
    c.dead = false;
    this.resetStack(c.height, payload);
    this.barrier();
  }

  private legacyDelegate(ins: Instr): void {
    const c = this.ctls[this.ctls.length - 1];
    if (!c.dead) this.materializeTop(c.results.length);
    // Exceptions from the try body resume the handler search at label ins.idx's try
    // (relative to the try itself: label 0 is the block around it).
    const clause: HandlerClause = { kind: 4, tag: -1, target: -1, dst: 0, payload: [], exnDst: -1 };
    c.clauses = [clause];
    for (let d = ins.idx! + 1; d < this.ctls.length; d++) {
      const t = this.ctls[this.ctls.length - 1 - d];
      if (t.kind === 'try') { t.delegateFix.push(clause); break; }
    }
    c.kind = 'try';
    this.endBlockAsDelegate(c);
  }

  private endBlockAsDelegate(c: Ctl): void {
    this.closeTry(c);
    for (const p of c.fix) this.code[p] = this.pc;
    for (const cl of c.clauseFix) cl.target = this.pc;
    this.ctls.pop();
    this.resetStack(c.height, c.results);
    this.barrier();
  }
}

/** An instruction the interpreter does not implement (reported as a CompileError-free runtime failure). */
export class UnsupportedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedError';
  }
}

setCompiler(compileFunction);

export function compileFunction(fn: FuncInst): Compiled {
  const first = new FuncCompiler(fn);
  const c = first.compile();
  if (first.wanted.size === 0) return c;
  // Recompile with the constants the first pass materialised kept in the frame's pool.
  return new FuncCompiler(fn, [...first.wanted]).compile();
}
