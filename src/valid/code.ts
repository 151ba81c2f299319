// Instruction-sequence validation: the spec's algorithm with an operand stack and
// a control stack (appendix "Validation Algorithm"), over encoded value types.
// One CodeValidator is reused for every function and constant expression of a
// module, so per-instruction work allocates nothing.

import type { BlockType, Expr, Func, HeapType, Instr, ValType } from '../ast.js';
import { Op, PREFIX_GC, PREFIX_MISC, PREFIX_SIMD, prefixed } from '../binary/opcodes.js';
import { asByteStream, streamBody, streamExpr, type ByteBodyStream, type InstrStream } from '../binary/instr-stream.js';
import { CompileError } from '../errors.js';
import type { ModuleContext } from './context.js';
import { ValidationError } from './error.js';
import type { FuncInfo } from './info.js';
import {
  MEM_CMPXCHG, MEM_LOAD, MEM_LOAD_LANE, MEM_NOTIFY, MEM_RMW, MEM_STORE, MEM_STORE_LANE, MEM_WAIT, atomic,
  laneCount, memKind, memType, natAlign, sigParams, sigResults, slotOf,
} from './sigs.js';
import type { TypeContext } from './typectx.js';
import { inexactFuncRefs } from './exact-funcs.js';
import {
  BOT, F32, F64, H_ANY, H_ARRAY, H_BOT, H_EQ, H_EXN, H_EXTERN, H_I31, I32, I64, I8, I16, K_ARRAY,
  K_FUNC, K_STRUCT, REF_BASE, V128, decodeValType, heapOf, isDefaultable, isNullable, isRefCode, mkRef, EXACT,
  showValType, unpacked,
} from './types.js';

// Local aliases of the hot tables: one binding each, read without going through the
// import (which some loaders turn into a property lookup per access).
const SIG_PARAMS = sigParams;
const SIG_RESULTS = sigResults;
const LANE_COUNT = laneCount;
const MEM_KIND = memKind;
const slotOfOp = slotOf;

// Frame kinds are the opening opcodes (0x02 block, 0x03 loop, 0x04 if, 0x05 else,
// 0x06 try, 0x07 catch, 0x19 catch_all, 0x1f try_table); -1 for the function.
const K_LOOP = 0x03;

const EMPTY = new Int32Array(0);
/** Block results of the one-byte value-type block types, by byte (for the byte fast path). */
const NUM_RESULT: (Int32Array | undefined)[] = [];
NUM_RESULT[0x7f] = Int32Array.of(I32); NUM_RESULT[0x7e] = Int32Array.of(I64); NUM_RESULT[0x7d] = Int32Array.of(F32);
NUM_RESULT[0x7c] = Int32Array.of(F64); NUM_RESULT[0x7b] = Int32Array.of(V128);
// The validator needs no constant's value, only its type.
const SKIP_VALUES = { skipValues: true } as const;
const FRAME_FUNC = -1;

const GC = (sub: number) => prefixed(PREFIX_GC, sub);
const MISC = (sub: number) => prefixed(PREFIX_MISC, sub);
const SIMD = (sub: number) => prefixed(PREFIX_SIMD, sub);

// Codes compared against by name below (beyond `Op`). The `switch` statements use
// literal case labels (with the name in a comment) so V8 can dispatch by jump table.
const C = {
  memory_size: 0x3f, memory_grow: 0x40,
  struct_get: GC(2), struct_get_s: GC(3), struct_get_u: GC(4), struct_set: GC(5),
  array_new_data: GC(9), array_new_elem: GC(10), array_get: GC(11), array_get_s: GC(12), array_get_u: GC(13),
  array_set: GC(14), array_len: GC(15), array_fill: GC(16), array_copy: GC(17), array_init_data: GC(18),
  array_init_elem: GC(19), ref_test: GC(20), ref_test_null: GC(21), ref_cast: GC(22), ref_cast_null: GC(23),
  br_on_cast: GC(24), br_on_cast_fail: GC(25), i31_get_s: GC(29), i31_get_u: GC(30),
  memory_init: MISC(8), data_drop: MISC(9), memory_copy: MISC(10), memory_fill: MISC(11), table_init: MISC(12),
  elem_drop: MISC(13), table_copy: MISC(14), table_grow: MISC(15), table_size: MISC(16), table_fill: MISC(17),
  i8x16_shuffle: SIMD(13),
} as const;

/** Opcodes allowed in constant expressions (besides global.get, checked separately). */
const CONST_OPS = new Set<number>([
  Op.i32_const, Op.i64_const, Op.f32_const, Op.f64_const, Op.v128_const, Op.ref_null, Op.ref_func,
  Op.i32_add, Op.i32_sub, Op.i32_mul, Op.i64_add, Op.i64_sub, Op.i64_mul, Op.ref_i31,
  Op.struct_new, Op.struct_new_default, Op.array_new, Op.array_new_default, Op.array_new_fixed,
  Op.any_convert_extern, Op.extern_convert_any, Op.global_get, Op.end,
  0xfb020 /* struct.new_desc */, 0xfb021 /* struct.new_default_desc */,
]);

const EXNREF = mkRef(H_EXN, true);
const REF_EXN = mkRef(H_EXN, false);

export class CodeValidator {
  private readonly tc: TypeContext;
  // Operand stack.
  private vals = new Int32Array(64);
  private vsp = 0;
  private maxHeight = 0;
  // Control stack (parallel arrays).
  private depth = 0;
  private cOp = new Int32Array(16);
  private cStart = new Int32Array(16);
  private cHeight = new Int32Array(16);
  private cUnreach = new Uint8Array(16);
  private cInit = new Int32Array(16);
  private cParams: Int32Array[] = [];
  private cResults: Int32Array[] = [];
  // Locals and their initialisation (for non-defaultable locals).
  private locals = new Int32Array(16);
  private localCount = 0;
  private localInit = new Uint8Array(16);
  private initStack = new Int32Array(16);
  private initSp = 0;
  // Current instruction, for error offsets.
  private offset = -1;
  private funcIndex = -1;
  private singleResult = new Map<number, Int32Array>();
  private constMode = false;

  constructor(private readonly ctx: ModuleContext) {
    this.tc = ctx.tc;
  }

  // ---------------------------------------------------------------- errors

  private fail(msg: string): never {
    const where = this.funcIndex >= 0 ? ` (in function ${this.funcIndex})` : '';
    throw new ValidationError(msg + where, this.offset, this.funcIndex);
  }

  private mismatch(what: string, expected: Int32Array, n: number): never {
    // Show the values the instruction would consume (those above the frame's base).
    const base = this.cHeight[this.depth - 1];
    const from = Math.max(base, this.vsp - n);
    const have: string[] = [];
    for (let i = from; i < this.vsp; i++) have.push(showValType(this.vals[i]));
    const want = Array.from(expected, showValType);
    this.fail(`type mismatch: ${what} requires [${want.join(' ')}] but stack has [${have.join(' ')}]`);
  }

  // ---------------------------------------------------------------- operand stack

  private push(t: number): void {
    if (this.vsp === this.vals.length) {
      const v = new Int32Array(this.vals.length * 2);
      v.set(this.vals);
      this.vals = v;
    }
    this.vals[this.vsp++] = t;
    if (this.vsp > this.maxHeight) this.maxHeight = this.vsp;
  }

  private pushAll(ts: Int32Array): void {
    for (let i = 0; i < ts.length; i++) this.push(ts[i]);
  }

  /** Pop any operand (BOT when the stack is polymorphic). */
  private pop(): number {
    const d = this.depth - 1;
    if (this.vsp === this.cHeight[d]) {
      if (this.cUnreach[d]) return BOT;
      this.fail('type mismatch: expected an operand but stack is empty');
    }
    return this.vals[--this.vsp];
  }

  /** Pop an operand that must match `t`; returns the actual type. */
  private popT(t: number): number {
    const d = this.depth - 1;
    if (this.vsp === this.cHeight[d]) {
      if (this.cUnreach[d]) return t === BOT ? BOT : this.bottomOf(t);
      this.fail(`type mismatch: expected ${showValType(t)} but stack is empty`);
    }
    const a = this.vals[--this.vsp];
    if (a !== t && !this.tc.sub(a, t)) this.fail(`type mismatch: expected ${showValType(t)}, got ${showValType(a)}`);
    return a;
  }

  /** The most specific type matching `t`, for operands conjured by a polymorphic stack. */
  private bottomOf(t: number): number {
    return t >= REF_BASE ? mkRef(H_BOT, false) : BOT;
  }

  /** Pop a reference operand of any type; returns its code (a bottom ref when polymorphic). */
  private popRef(): number {
    const a = this.pop();
    if (a === BOT) return mkRef(H_BOT, false);
    if (a < REF_BASE) this.fail(`type mismatch: expected a reference, got ${showValType(a)}`);
    return a;
  }

  /** Pop values matching `ts` (last on top). */
  private popAll(ts: Int32Array, what = 'instruction'): void {
    const n = ts.length;
    const d = this.depth - 1;
    const avail = this.vsp - this.cHeight[d];
    if (avail < n && !this.cUnreach[d]) this.mismatch(what, ts, n);
    const top = this.vsp;
    for (let i = n - 1; i >= 0; i--) {
      const t = ts[i];
      if (this.vsp === this.cHeight[d]) break; // polymorphic: the rest are conjured
      const a = this.vals[this.vsp - 1];
      if (a !== t && !this.tc.sub(a, t)) { this.vsp = top; this.mismatch(what, ts, n); }
      this.vsp--;
    }
  }

  /** Check that the top of the stack matches `ts` without consuming it (for br_table). */
  private peekAll(ts: Int32Array): void {
    const d = this.depth - 1;
    const n = ts.length;
    const avail = this.vsp - this.cHeight[d];
    if (avail < n && !this.cUnreach[d]) this.mismatch('instruction', ts, n);
    for (let i = 0; i < n; i++) {
      const pos = this.vsp - n + i;
      if (pos < this.cHeight[d]) continue;
      const a = this.vals[pos];
      if (a !== ts[i] && !this.tc.sub(a, ts[i])) this.mismatch('instruction', ts, n);
    }
  }

  // ---------------------------------------------------------------- control stack

  private pushFrame(op: number, start: number, params: Int32Array, results: Int32Array): void {
    const d = this.depth;
    if (d === this.cOp.length) {
      const grow32 = (a: Int32Array) => { const b = new Int32Array(a.length * 2); b.set(a); return b; };
      this.cOp = grow32(this.cOp); this.cStart = grow32(this.cStart); this.cHeight = grow32(this.cHeight);
      this.cInit = grow32(this.cInit);
      const u = new Uint8Array(this.cUnreach.length * 2); u.set(this.cUnreach); this.cUnreach = u;
    }
    this.cOp[d] = op;
    this.cStart[d] = start;
    this.cHeight[d] = this.vsp;
    this.cUnreach[d] = 0;
    this.cInit[d] = this.initSp;
    this.cParams[d] = params;
    this.cResults[d] = results;
    this.depth = d + 1;
    this.pushAll(params);
  }

  /** Check the frame's results are on the stack and nothing else; reset locals' init state. */
  private closeFrameBody(): void {
    const d = this.depth - 1;
    const results = this.cResults[d];
    this.popAll(results);
    if (this.vsp !== this.cHeight[d]) {
      const extra: string[] = [];
      for (let i = this.cHeight[d]; i < this.vsp; i++) extra.push(showValType(this.vals[i]));
      this.fail(`type mismatch: block requires [${Array.from(results, showValType).join(' ')}] but stack has [${extra.join(' ')}]`);
    }
    this.resetInit(this.cInit[d]);
  }

  private resetInit(to: number): void {
    while (this.initSp > to) this.localInit[this.initStack[--this.initSp]] = 0;
  }

  private setUnreachable(): void {
    const d = this.depth - 1;
    this.vsp = this.cHeight[d];
    this.cUnreach[d] = 1;
  }

  private label(l: number | undefined): number {
    if (l === undefined || l < 0 || l >= this.depth) this.fail(`unknown label ${l}`);
    return this.depth - 1 - l;
  }

  private labelTypes(d: number): Int32Array {
    return this.cOp[d] === K_LOOP ? this.cParams[d] : this.cResults[d];
  }

  // Block signature of the last blockSig call (fields, so no tuple is allocated per block).
  private bsParams: Int32Array = EMPTY;
  private bsResults: Int32Array = EMPTY;

  private blockSig(bt: BlockType | undefined): void {
    if (bt === null || bt === undefined) {
      this.bsParams = EMPTY;
      this.bsResults = EMPTY;
    } else if (typeof bt === 'number') {
      const x = this.typeIdx(bt);
      if (this.tc.kind[x] !== K_FUNC) this.fail(`type mismatch: block type ${x} is not a function type`);
      this.bsParams = this.tc.params[x];
      this.bsResults = this.tc.results[x];
    } else {
      const t = this.val(bt);
      let r = this.singleResult.get(t);
      if (r === undefined) { r = Int32Array.of(t); this.singleResult.set(t, r); }
      this.bsParams = EMPTY;
      this.bsResults = r;
    }
  }

  // ---------------------------------------------------------------- index checks

  private val(t: ValType): number {
    try {
      return this.tc.val(t);
    } catch (e) {
      if (e instanceof CompileError) this.fail(e.reason);
      throw e;
    }
  }

  private heap(h: HeapType): number {
    try {
      return this.tc.heap(h);
    } catch (e) {
      if (e instanceof CompileError) this.fail(e.reason);
      throw e;
    }
  }

  private typeIdx(x: number | undefined): number {
    if (x === undefined || x < 0 || x >= this.tc.count) this.fail(`unknown type ${x}`);
    return x;
  }

  private funcTypeIdx(x: number | undefined): number {
    const t = this.typeIdx(x);
    if (this.tc.kind[t] !== K_FUNC) this.fail(`type mismatch: type ${t} is not a function type`);
    return t;
  }

  private structIdx(x: number | undefined): number {
    const t = this.typeIdx(x);
    if (this.tc.kind[t] !== K_STRUCT) this.fail(`type mismatch: type ${t} is not a struct type`);
    return t;
  }

  private arrayIdx(x: number | undefined): number {
    const t = this.typeIdx(x);
    if (this.tc.kind[t] !== K_ARRAY) this.fail(`type mismatch: type ${t} is not an array type`);
    return t;
  }

  private func(x: number | undefined): number {
    if (x === undefined || x < 0 || x >= this.ctx.funcTypes.length) this.fail(`unknown function ${x}`);
    return this.ctx.funcTypes[x];
  }

  private table(x: number | undefined): number {
    if (x === undefined || x < 0 || x >= this.ctx.tableAddr.length) this.fail(`unknown table ${x}`);
    return x;
  }

  private memory(x: number | undefined): number {
    if (x === undefined || x < 0 || x >= this.ctx.memAddr.length) this.fail(`unknown memory ${x}`);
    return this.ctx.memAddr[x];
  }

  private global(x: number | undefined): number {
    if (x === undefined || x < 0 || x >= this.ctx.globalCount) this.fail(`unknown global ${x}`);
    return x;
  }

  private tag(x: number | undefined): Int32Array {
    if (x === undefined || x < 0 || x >= this.ctx.tagTypes.length) this.fail(`unknown tag ${x}`);
    return this.tc.params[this.ctx.tagTypes[x]];
  }

  private elem(x: number | undefined): number {
    if (x === undefined || x < 0 || x >= this.ctx.elemTypes.length) this.fail(`unknown elem segment ${x}`);
    return this.ctx.elemTypes[x];
  }

  private data(x: number | undefined): void {
    if (!this.ctx.hasDataCount) this.fail('data count section required');
    if (x === undefined || x < 0 || x >= this.ctx.dataCount) this.fail(`unknown data segment ${x}`);
  }

  private local(x: number | undefined): number {
    if (x === undefined || x < 0 || x >= this.localCount) this.fail(`unknown local ${x}`);
    return x;
  }

  private field(t: number, x: number | undefined): number {
    if (x === undefined || x < 0 || x >= this.tc.fields[t].length) this.fail(`unknown field ${x}`);
    return x;
  }

  // ---------------------------------------------------------------- entry points

  /** Validate a defined function's body, reading it as a stream (from its bytes when it
   *  was decoded from a binary, so no `Instr[]` is built). With `record`, also returns the
   *  per-instruction facts (FuncInfo); without, returns null and records nothing. */
  validateFunction(f: Func, funcIndex: number, record: true): FuncInfo;
  validateFunction(f: Func, funcIndex: number, record?: boolean): FuncInfo | null;
  validateFunction(f: Func, funcIndex: number, record = false): FuncInfo | null {
    const tc = this.tc;
    this.funcIndex = funcIndex;
    this.offset = f.offset ?? -1;
    this.constMode = false;
    const ti = this.funcTypeIdx(f.type);
    const params = tc.params[ti];
    let n = params.length;
    for (const g of f.locals) n += g.count;
    if (n > 50000) this.fail('too many locals');
    if (this.locals.length < n) { this.locals = new Int32Array(n); this.localInit = new Uint8Array(n); }
    if (this.initStack.length < n) this.initStack = new Int32Array(n);
    this.localCount = n;
    let k = 0;
    for (let i = 0; i < params.length; i++) { this.locals[k] = params[i]; this.localInit[k++] = 1; }
    for (const g of f.locals) {
      const t = this.val(g.type);
      const init = isDefaultable(t) ? 1 : 0;
      for (let j = 0; j < g.count; j++) { this.locals[k] = t; this.localInit[k++] = init; }
    }
    this.initSp = 0;
    return this.run(streamBody(f, SKIP_VALUES), EMPTY, tc.results[ti], record);
  }

  /** Validate a constant expression producing `expected`. `globalCount` limits visible globals. */
  validateConst(e: Expr, expected: number): void {
    this.funcIndex = -1;
    this.offset = e.length > 0 ? e[0].offset : -1;
    this.constMode = true;
    this.localCount = 0;
    this.initSp = 0;
    let r = this.singleResult.get(expected);
    if (r === undefined) { r = Int32Array.of(expected); this.singleResult.set(expected, r); }
    this.run(streamExpr(e), EMPTY, r, false);
  }

  // Facts being recorded for the current function (growable scratch, reused across
  // functions; copied out to exact length when the function ends).
  private recording = false;
  private recHeights = new Int32Array(64);
  private recEnds = new Int32Array(64);
  private recElses = new Int32Array(64);
  private recTypes: (ValType | undefined)[] = [];

  private growRecord(): void {
    const n = this.recHeights.length * 2;
    const h = new Int32Array(n); h.set(this.recHeights); this.recHeights = h;
    const e = new Int32Array(n).fill(-1); e.set(this.recEnds); this.recEnds = e;
    const l = new Int32Array(n).fill(-1); l.set(this.recElses); this.recElses = l;
  }

  private run(body: InstrStream, params: Int32Array, results: Int32Array, record: boolean): FuncInfo | null {
    this.recording = record;
    if (record) {
      this.recEnds.fill(-1);
      this.recElses.fill(-1);
      this.recTypes = [];
    }
    this.vsp = 0;
    this.maxHeight = 0;
    this.depth = 0;
    this.pushFrame(FRAME_FUNC, -1, params, results);
    let i = 0;
    const bytes = record || this.constMode ? null : asByteStream(body);
    if (bytes !== null) i = this.runBytes(bytes);
    else for (; body.next(); i++) {
      const ins = body.cur;
      this.offset = ins.offset;
      if (this.depth === 0) this.fail('operators remaining after end of function');
      if (record) {
        if (i === this.recHeights.length) this.growRecord();
        this.recHeights[i] = this.cUnreach[this.depth - 1] ? -1 : this.vsp;
      }
      if (this.constMode) this.checkConstInstr(ins);
      this.step(ins, i);
    }
    if (this.depth !== 0) this.fail(this.constMode ? 'unexpected end of constant expression' : 'unexpected end of function body');
    if (!record) return null;
    this.recording = false;
    return {
      heights: this.recHeights.slice(0, i), operandTypes: this.recTypes, maxHeight: this.maxHeight,
      ends: this.recEnds.slice(0, i), elses: this.recElses.slice(0, i),
    };
  }

  /**
   * Validates a body read from its bytes: the commonest instructions are decoded
   * and checked right here when they are well-typed in the plainest way (exact
   * operand types, one-byte indices, short constants); anything else, including
   * every error, goes through the stream and `step`, which re-reads the
   * instruction from its first byte. So this path only ever accepts what `step`
   * would accept, and errors and their offsets are `step`'s. Returns the number
   * of instructions.
   */
  private runBytes(s: ByteBodyStream): number {
    const bytes = s.bytes;
    const stop = s.stop;
    // Every fast case reads at most 10 bytes from the opcode on.
    const safe = s.end - 10;
    let pos = s.pos;
    let i = 0;
    for (; pos < stop; i++) {
      // The fast cases never fail, so only the general path needs `this.offset`.
      if (pos < safe) {
        const op = bytes[pos]!;
        const b = bytes[pos + 1]!;
        const vsp = this.vsp;
        const base = this.cHeight[this.depth - 1];
        switch (op) {
          case 0x20 /* local_get */:
            if (b < 0x80 && b < this.localCount && this.localInit[b]) { this.push(this.locals[b]); pos += 2; continue; }
            break;
          case 0x21 /* local_set */: case 0x22 /* local_tee */:
            if (b < 0x80 && b < this.localCount && vsp > base && this.vals[vsp - 1] === this.locals[b]) {
              if (op === 0x21) this.vsp = vsp - 1;
              if (!this.localInit[b]) { this.localInit[b] = 1; this.initStack[this.initSp++] = b; }
              pos += 2;
              continue;
            }
            break;
          case 0x23 /* global_get */:
            if (b < 0x80 && b < this.ctx.globalCount) { this.push(this.ctx.globalType[b]); pos += 2; continue; }
            break;
          case 0x41 /* i32_const */: {
            // Up to 4 bytes (28 bits) a signed LEB128 is always a valid s32.
            let q = pos + 1;
            while (q < pos + 5 && bytes[q]! >= 0x80) q++;
            if (q < pos + 5) { this.push(I32); pos = q + 1; continue; }
            break;
          }
          case 0x42 /* i64_const */: {
            // Up to 9 bytes (63 bits) a signed LEB128 is always a valid s64.
            let q = pos + 1;
            while (q < pos + 10 && bytes[q]! >= 0x80) q++;
            if (q < pos + 10) { this.push(I64); pos = q + 1; continue; }
            break;
          }
          case 0x43 /* f32_const */: this.push(F32); pos += 5; continue;
          case 0x44 /* f64_const */: this.push(F64); pos += 9; continue;
          case 0x01 /* nop */: pos++; continue;
          case 0x02 /* block */: case 0x03 /* loop */: case 0x04 /* if */: {
            const r = b === 0x40 ? EMPTY : NUM_RESULT[b];
            if (r === undefined) break;
            if (op === 0x04) {
              if (vsp === base || this.vals[vsp - 1] !== I32) break;
              this.vsp = vsp - 1;
            }
            this.pushFrame(op, i, EMPTY, r);
            pos += 2;
            continue;
          }
          case 0x0b /* end */: {
            // An if without else has a check of its own (in step).
            const d = this.depth - 1;
            const r = this.cResults[d];
            if (this.cOp[d] === 0x04 || vsp - base !== r.length || !this.topIs(r)) break;
            // The results are on the stack with exactly their types: they stay.
            this.resetInit(this.cInit[d]);
            this.depth = d;
            pos++;
            continue;
          }
          case 0x0c /* br */: case 0x0d /* br_if */: {
            if (b >= 0x80 || b >= this.depth) break;
            const lt = this.labelTypes(this.depth - 1 - b);
            if (op === 0x0d) {
              if (vsp === base || this.vals[vsp - 1] !== I32 || vsp - 1 - lt.length < base) break;
              this.vsp = vsp - 1;
              if (!this.topIs(lt)) { this.vsp = vsp; break; }
            } else {
              if (vsp - lt.length < base || !this.topIs(lt)) break;
              this.setUnreachable();
            }
            pos += 2;
            continue;
          }
          case 0x10 /* call */: {
            let x = b, next = pos + 2;
            if (b >= 0x80) {
              const b2 = bytes[pos + 2]!;
              if (b2 >= 0x80) break;
              x = (b & 0x7f) | (b2 << 7);
              next = pos + 3;
            }
            if (x >= this.ctx.funcTypes.length) break;
            const t = this.ctx.funcTypes[x];
            if (!this.popExact(this.tc.params[t])) break;
            this.pushAll(this.tc.results[t]);
            pos = next;
            continue;
          }
          case 0x24 /* global_set */:
            if (b < 0x80 && b < this.ctx.globalCount && this.ctx.globalMut[b] && vsp > base &&
              this.vals[vsp - 1] === this.ctx.globalType[b]) { this.vsp = vsp - 1; pos += 2; continue; }
            break;
          case 0x1a /* drop */:
            if (vsp > base) { this.vsp = vsp - 1; pos++; continue; }
            break;
          case 0x1b /* select */: {
            if (vsp - base >= 3 && this.vals[vsp - 1] === I32) {
              const t = this.vals[vsp - 2];
              if (t === this.vals[vsp - 3] && t !== BOT && t < REF_BASE) { this.vsp = vsp - 2; pos++; continue; }
            }
            break;
          }
          default:
            // Plain loads and stores: memory 0, alignment flags only, a one-byte offset.
            if (op >= 0x28 && op <= 0x3e) {
              if (b >= 0x40 || bytes[pos + 2]! >= 0x80 || this.ctx.memAddr.length === 0 || b > natAlign[op]) break;
              const at = this.ctx.memAddr[0];
              const t = memType[op];
              if (MEM_KIND[op] === MEM_LOAD) {
                if (vsp === base || this.vals[vsp - 1] !== at) break;
                this.vals[vsp - 1] = t;
              } else {
                if (vsp - 2 < base || this.vals[vsp - 1] !== t || this.vals[vsp - 2] !== at) break;
                this.vsp = vsp - 2;
              }
              pos += 3;
              continue;
            }
            // Numeric instructions without immediates: a fixed signature.
            if (op >= 0x45 && op <= 0xc4) {
              const p = SIG_PARAMS[op];
              if (p !== undefined && this.popExact(p)) { this.pushAll(SIG_RESULTS[op]!); pos++; continue; }
            }
        }
      }
      this.offset = pos;
      s.pos = pos;
      s.next();
      this.step(s.cur, i);
      pos = s.pos;
    }
    s.pos = pos;
    return i;
  }

  /** Whether the values on top of the stack have exactly the types `ts` (the caller checked there are enough). */
  private topIs(ts: Int32Array): boolean {
    const top = this.vsp - ts.length;
    for (let k = 0; k < ts.length; k++) if (this.vals[top + k] !== ts[k]) return false;
    return true;
  }

  /** Pops `ts` if the stack's top holds exactly those types above the frame's base; else changes nothing. */
  private popExact(ts: Int32Array): boolean {
    const n = ts.length;
    const top = this.vsp - n;
    if (top < this.cHeight[this.depth - 1]) return false;
    for (let k = 0; k < n; k++) if (this.vals[top + k] !== ts[k]) return false;
    this.vsp = top;
    return true;
  }

  private checkConstInstr(ins: Instr): void {
    if (!CONST_OPS.has(ins.op)) this.fail('constant expression required');
    if (ins.op === Op.global_get) {
      const g = this.global(ins.idx);
      if (this.ctx.globalMut[g]) this.fail('constant expression required');
    }
  }

  // ---------------------------------------------------------------- instructions

  /** One instruction: the frequent ones here, the rest in `stepRest`. */
  private step(ins: Instr, i: number): void {
    const op = ins.op;
    // Fast path: numeric/vector instructions whose signature the opcode fixes.
    const slot = op < 256 ? op : slotOfOp(op);
    if (slot >= 0) {
      const p = SIG_PARAMS[slot];
      if (p !== undefined) {
        const lc = LANE_COUNT[slot];
        if (lc !== 0 && (ins.lane === undefined || ins.lane >= lc)) this.fail('invalid lane index');
        this.popAll(p);
        this.pushAll(SIG_RESULTS[slot]!);
        return;
      }
    }
    const tc = this.tc;
    const ctx = this.ctx;
    switch (op) {
      case 0x1 /* nop */:
        return;
      case 0x2 /* block */: case 0x3 /* loop */: case 0x6 /* try */: {
        this.blockSig(ins.blockType);
        const p = this.bsParams, r = this.bsResults;
        this.popAll(p);
        this.pushFrame(op, i, p, r);
        return;
      }
      case 0x4 /* if */: {
        this.blockSig(ins.blockType);
        const p = this.bsParams, r = this.bsResults;
        this.popT(I32);
        this.popAll(p);
        this.pushFrame(op, i, p, r);
        return;
      }
      case 0x5 /* else */: {
        const d = this.depth - 1;
        if (this.cOp[d] !== Op.if) this.fail('else without matching if');
        this.closeFrameBody();
        if (this.recording) this.recElses[this.cStart[d]] = i;
        this.cOp[d] = Op.else;
        this.cUnreach[d] = 0;
        this.pushAll(this.cParams[d]);
        return;
      }
      case 0xb /* end */: {
        const d = this.depth - 1;
        const fop = this.cOp[d];
        if (fop === Op.if) {
          // An if without else: the implicit else passes params through as results.
          const p = this.cParams[d], r = this.cResults[d];
          let ok = p.length === r.length;
          for (let j = 0; ok && j < p.length; j++) ok = tc.sub(p[j], r[j]);
          if (!ok) this.fail('type mismatch: if without else must not change the stack');
        }
        this.closeFrameBody();
        if (this.recording && this.cStart[d] >= 0) this.recEnds[this.cStart[d]] = i;
        this.depth = d;
        this.vsp = this.cHeight[d];
        this.pushAll(this.cResults[d]);
        return;
      }
      case 0xc /* br */: {
        const ld = this.label(ins.idx);
        this.popAll(this.labelTypes(ld));
        this.setUnreachable();
        return;
      }
      case 0xd /* br_if */: {
        const ld = this.label(ins.idx);
        this.popT(I32);
        const lt = this.labelTypes(ld);
        this.popAll(lt);
        this.pushAll(lt);
        return;
      }
      case 0x10 /* call */: {
        const t = this.func(ins.idx);
        this.popAll(tc.params[t]);
        this.pushAll(tc.results[t]);
        return;
      }
      case 0x1a /* drop */: {
        const t = this.pop();
        if (this.recording && t !== BOT) this.recTypes[i] = decodeValType(t);
        return;
      }
      case 0x1b /* select */: {
        this.popT(I32);
        const t1 = this.pop();
        const t2 = this.pop();
        if (!((t1 < REF_BASE) && (t2 < REF_BASE))) this.fail('type mismatch: select operands must be numeric or vector');
        if (t1 !== t2 && t1 !== BOT && t2 !== BOT) this.fail('type mismatch: select operands differ');
        const t = t1 === BOT ? t2 : t1;
        this.push(t);
        if (this.recording && t !== BOT) this.recTypes[i] = decodeValType(t);
        return;
      }
      case 0x20 /* local_get */: {
        const x = this.local(ins.idx);
        if (!this.localInit[x]) this.fail(`uninitialized local ${x}`);
        this.push(this.locals[x]);
        return;
      }
      case 0x21 /* local_set */: case 0x22 /* local_tee */: {
        const x = this.local(ins.idx);
        const t = this.locals[x];
        this.popT(t);
        if (!this.localInit[x]) { this.localInit[x] = 1; this.initStack[this.initSp++] = x; }
        if (op === Op.local_tee) this.push(t);
        return;
      }
      case 0x23 /* global_get */:
        this.push(ctx.globalType[this.global(ins.idx)]);
        return;
      case 0x24 /* global_set */: {
        const g = this.global(ins.idx);
        if (!ctx.globalMut[g]) this.fail(`immutable global ${g}`);
        this.popT(ctx.globalType[g]);
        return;
      }
      case 0x41 /* i32_const */: this.push(I32); return;
      case 0x42 /* i64_const */: this.push(I64); return;
      case 0x43 /* f32_const */: this.push(F32); return;
      case 0x44 /* f64_const */: this.push(F64); return;
    }
    this.stepRest(ins, op, slot, i);
  }

  /** Everything `step` does not handle itself, kept apart so the hot path stays a small
   *  function (a huge optimised function pays for its frame on every call). */
  private stepRest(ins: Instr, op: number, slot: number, i: number): void {
    const tc = this.tc;
    const ctx = this.ctx;
    if (op < 256) {
      switch (op) {
        case 0x0 /* unreachable */:
          this.setUnreachable();
          return;
        case 0x1f /* try_table */: {
          this.blockSig(ins.blockType);
          const p = this.bsParams, r = this.bsResults;
          for (const c of ins.catches ?? []) {
            const ld = this.label(c.label);
            const lt = this.labelTypes(ld);
            let want: Int32Array;
            if (c.kind === 'catch' || c.kind === 'catch_ref') {
              const tp = this.tag(c.tag);
              if (c.kind === 'catch') want = tp;
              else { want = new Int32Array(tp.length + 1); want.set(tp); want[tp.length] = REF_EXN; }
            } else want = c.kind === 'catch_all' ? EMPTY : Int32Array.of(REF_EXN);
            let ok = want.length === lt.length;
            for (let j = 0; ok && j < want.length; j++) ok = tc.sub(want[j], lt[j]);
            if (!ok) this.fail('type mismatch: catch handler does not match its label');
          }
          this.popAll(p);
          this.pushFrame(op, i, p, r);
          return;
        }
        case 0x7 /* catch */: case 0x19 /* catch_all */: {
          const d = this.depth - 1;
          const fop = this.cOp[d];
          if (fop !== Op.try && fop !== Op.catch) this.fail(`${op === Op.catch ? 'catch' : 'catch_all'} without matching try`);
          const tp = op === Op.catch ? this.tag(ins.idx) : EMPTY;
          this.closeFrameBody();
          this.cOp[d] = op;
          this.cUnreach[d] = 0;
          this.pushAll(tp);
          return;
        }
        case 0x18 /* delegate */: {
          const d = this.depth - 1;
          if (this.cOp[d] !== Op.try) this.fail('delegate without matching try');
          this.closeFrameBody();
          if (this.recording) this.recEnds[this.cStart[d]] = i;
          this.depth = d;
          this.label(ins.idx);
          this.vsp = this.cHeight[d];
          this.pushAll(this.cResults[d]);
          return;
        }
        case 0x8 /* throw */: {
          this.popAll(this.tag(ins.idx));
          this.setUnreachable();
          return;
        }
        case 0x9 /* rethrow */: {
          const ld = this.label(ins.idx);
          const k = this.cOp[ld];
          if (k !== Op.catch && k !== Op.catch_all) this.fail('invalid rethrow label');
          this.setUnreachable();
          return;
        }
        case 0xa /* throw_ref */:
          this.popT(EXNREF);
          this.setUnreachable();
          return;
        case 0xe /* br_table */: {
          this.popT(I32);
          const labels = ins.labels ?? [];
          if (labels.length === 0) this.fail('unknown label');
          const dd = this.label(labels[labels.length - 1]);
          const arity = this.labelTypes(dd).length;
          for (let j = 0; j < labels.length; j++) {
            const lt = this.labelTypes(this.label(labels[j]));
            if (lt.length !== arity) this.fail('type mismatch: br_table targets have different arities');
            this.peekAll(lt);
          }
          this.popAll(this.labelTypes(dd));
          this.setUnreachable();
          return;
        }
        case 0xf /* return */:
          this.popAll(this.cResults[0]);
          this.setUnreachable();
          return;
        case 0x12 /* return_call */: {
          const t = this.func(ins.idx);
          this.checkTailResults(t);
          this.popAll(tc.params[t]);
          this.setUnreachable();
          return;
        }
        case 0x11 /* call_indirect */: case 0x13 /* return_call_indirect */: {
          const tb = this.table(ins.idx2);
          const t = this.funcTypeIdx(ins.idx);
          if (!tc.sub(ctx.tableElem[tb], mkRef(0 /* func */, true))) this.fail('type mismatch: table is not a function table');
          if (op === Op.return_call_indirect) this.checkTailResults(t);
          this.popT(ctx.tableAddr[tb]);
          this.popAll(tc.params[t]);
          if (op === Op.call_indirect) this.pushAll(tc.results[t]);
          else this.setUnreachable();
          return;
        }
        case 0x14 /* call_ref */: case 0x15 /* return_call_ref */: {
          const t = this.funcTypeIdx(ins.idx);
          if (op === Op.return_call_ref) this.checkTailResults(t);
          this.popT(tc.refOf(t, true));
          this.popAll(tc.params[t]);
          if (op === Op.call_ref) this.pushAll(tc.results[t]);
          else this.setUnreachable();
          return;
        }
        case 0x1c /* select_t */: {
          const ts = ins.types ?? [];
          if (ts.length !== 1) this.fail('invalid result arity');
          const t = this.val(ts[0]);
          this.popT(I32);
          this.popT(t);
          this.popT(t);
          this.push(t);
          return;
        }
        case 0x25 /* table_get */: {
          const tb = this.table(ins.idx);
          this.popT(ctx.tableAddr[tb]);
          this.push(ctx.tableElem[tb]);
          return;
        }
        case 0x26 /* table_set */: {
          const tb = this.table(ins.idx);
          this.popT(ctx.tableElem[tb]);
          this.popT(ctx.tableAddr[tb]);
          return;
        }
        case 0x3f /* memory_size */:
          this.push(this.memory(ins.idx));
          return;
        case 0x40 /* memory_grow */: {
          const at = this.memory(ins.idx);
          this.popT(at);
          this.push(at);
          return;
        }
        // ---- references
        case 0xd0 /* ref_null */:
          this.push(mkRef(this.heap(ins.heap ?? 'none'), true) | (ins.exact ? EXACT : 0));
          return;
        case 0xd1 /* ref_is_null */:
          this.popRef();
          this.push(I32);
          return;
        case 0xd2 /* ref_func */: {
          const x = ins.idx;
          const t = this.func(x);
          if (!this.constMode && !ctx.declaredRefs[x!]) this.fail(`undeclared function reference ${x}`);
          // Custom descriptors: a function reference has its exact type, unless imported inexactly.
          this.push(tc.refOf(t, false) | (inexactFuncRefs(tc.m)[x!] === 1 ? 0 : EXACT));
          return;
        }
        case 0xd3 /* ref_eq */:
          this.popT(mkRef(H_EQ, true));
          this.popT(mkRef(H_EQ, true));
          this.push(I32);
          return;
        case 0xd4 /* ref_as_non_null */: {
          const r = this.popRef();
          this.push(mkRef(heapOf(r), false) | (r & EXACT));
          return;
        }
        case 0xd5 /* br_on_null */: {
          const ld = this.label(ins.idx);
          const r = this.popRef();
          const lt = this.labelTypes(ld);
          this.popAll(lt);
          this.pushAll(lt);
          this.push(mkRef(heapOf(r), false) | (r & EXACT));
          return;
        }
        case 0xd6 /* br_on_non_null */: {
          const ld = this.label(ins.idx);
          const lt = this.labelTypes(ld);
          const n = lt.length;
          if (n === 0 || !isRefCode(lt[n - 1])) this.fail('type mismatch: br_on_non_null label must end in a reference');
          const r = this.popRef();
          this.push(mkRef(heapOf(r), false) | (r & EXACT));
          this.popAll(lt);
          for (let j = 0; j < n - 1; j++) this.push(lt[j]);
          return;
        }
      }
    } else if (this.stepPrefixed(ins, op)) return;
    // Memory instructions.
    if (slot >= 0) {
      const mk = MEM_KIND[slot];
      if (mk !== 0) {
        this.memAccess(ins, mk, memType[slot], laneCount[slot]);
        return;
      }
    }
    this.fail(`illegal opcode ${op.toString(16)}`);
  }

  /** Prefixed (0xFB/0xFC/0xFD) instructions without a fixed signature; false if not one of them. */
  private stepPrefixed(ins: Instr, op: number): boolean {
    const tc = this.tc;
    const ctx = this.ctx;
    switch (op) {
      case 0xfc010 /* table_size */:
        this.push(ctx.tableAddr[this.table(ins.idx)]);
        return true;
      case 0xfc00f /* table_grow */: {
        const tb = this.table(ins.idx);
        this.popT(ctx.tableAddr[tb]);
        this.popT(ctx.tableElem[tb]);
        this.push(ctx.tableAddr[tb]);
        return true;
      }
      case 0xfc011 /* table_fill */: {
        const tb = this.table(ins.idx);
        this.popT(ctx.tableAddr[tb]);
        this.popT(ctx.tableElem[tb]);
        this.popT(ctx.tableAddr[tb]);
        return true;
      }
      case 0xfc00e /* table_copy */: {
        const td = this.table(ins.idx), ts = this.table(ins.idx2);
        if (!tc.sub(ctx.tableElem[ts], ctx.tableElem[td])) this.fail('type mismatch: table element types do not match');
        const ad = ctx.tableAddr[td], as = ctx.tableAddr[ts];
        this.popT(ad === I64 && as === I64 ? I64 : I32);
        this.popT(as);
        this.popT(ad);
        return true;
      }
      case 0xfc00c /* table_init */: {
        const tb = this.table(ins.idx2);
        const et = this.elem(ins.idx);
        if (!tc.sub(et, ctx.tableElem[tb])) this.fail('type mismatch: element segment does not match table');
        this.popT(I32);
        this.popT(I32);
        this.popT(ctx.tableAddr[tb]);
        return true;
      }
      case 0xfc00d /* elem_drop */:
        this.elem(ins.idx);
        return true;
      case 0xfc00b /* memory_fill */: {
        const at = this.memory(ins.idx);
        this.popT(at);
        this.popT(I32);
        this.popT(at);
        return true;
      }
      case 0xfc00a /* memory_copy */: {
        const ad = this.memory(ins.idx), as = this.memory(ins.idx2);
        this.popT(ad === I64 && as === I64 ? I64 : I32);
        this.popT(as);
        this.popT(ad);
        return true;
      }
      case 0xfc008 /* memory_init */: {
        const at = this.memory(ins.idx2);
        this.data(ins.idx);
        this.popT(I32);
        this.popT(I32);
        this.popT(at);
        return true;
      }
      case 0xfc009 /* data_drop */:
        this.data(ins.idx);
        return true;
      case 0xfd00c /* v128_const */: this.push(V128); return true;
      case 0xfd00d /* i8x16_shuffle */: {
        const lanes = ins.lanes;
        if (!lanes || lanes.length !== 16) this.fail('invalid lane index');
        for (let j = 0; j < 16; j++) if (lanes[j] >= 32) this.fail('invalid lane index');
        this.popT(V128);
        this.popT(V128);
        this.push(V128);
        return true;
      }
      // ---- GC
      case 0xfb000 /* struct_new */: {
        const t = this.structIdx(ins.idx);
        if (tc.descriptorOf(t) >= 0) this.fail('type with descriptor requires descriptor allocation');
        const fs = tc.fields[t];
        for (let j = fs.length - 1; j >= 0; j--) this.popT(unpacked(fs[j]));
        this.push(tc.refOf(t, false) | EXACT);
        return true;
      }
      case 0xfb001 /* struct_new_default */: {
        const t = this.structIdx(ins.idx);
        if (tc.descriptorOf(t) >= 0) this.fail('type with descriptor requires descriptor allocation');
        const fs = tc.fields[t];
        for (let j = 0; j < fs.length; j++) if (!isDefaultable(fs[j])) this.fail('type mismatch: field type is not defaultable');
        this.push(tc.refOf(t, false) | EXACT);
        return true;
      }
      case 0xfb002 /* struct_get */: case 0xfb003 /* struct_get_s */: case 0xfb004 /* struct_get_u */: {
        const t = this.structIdx(ins.idx);
        const f = this.field(t, ins.idx2);
        const ft = tc.fields[t][f];
        this.checkPacked(op === C.struct_get, ft);
        this.popT(tc.refOf(t, true));
        this.push(unpacked(ft));
        return true;
      }
      case 0xfb005 /* struct_set */: {
        const t = this.structIdx(ins.idx);
        const f = this.field(t, ins.idx2);
        if (!tc.fieldMut[t][f]) this.fail('immutable field');
        this.popT(unpacked(tc.fields[t][f]));
        this.popT(tc.refOf(t, true));
        return true;
      }
      case 0xfb006 /* array_new */: {
        const t = this.arrayIdx(ins.idx);
        this.popT(I32);
        this.popT(unpacked(tc.fields[t][0]));
        this.push(tc.refOf(t, false) | EXACT);
        return true;
      }
      case 0xfb007 /* array_new_default */: {
        const t = this.arrayIdx(ins.idx);
        if (!isDefaultable(tc.fields[t][0])) this.fail('type mismatch: array element type is not defaultable');
        this.popT(I32);
        this.push(tc.refOf(t, false) | EXACT);
        return true;
      }
      case 0xfb008 /* array_new_fixed */: {
        const t = this.arrayIdx(ins.idx);
        const et = unpacked(tc.fields[t][0]);
        const count = ins.idx2 ?? 0;
        if (count > 10000) this.fail('array.new_fixed: too many operands');
        for (let j = 0; j < count; j++) this.popT(et);
        this.push(tc.refOf(t, false) | EXACT);
        return true;
      }
      case 0xfb009 /* array_new_data */: {
        const t = this.arrayIdx(ins.idx);
        if (isRefCode(tc.fields[t][0])) this.fail('array type is not numeric or vector');
        this.data(ins.idx2);
        this.popT(I32);
        this.popT(I32);
        this.push(tc.refOf(t, false) | EXACT);
        return true;
      }
      case 0xfb00a /* array_new_elem */: {
        const t = this.arrayIdx(ins.idx);
        const et = this.elem(ins.idx2);
        if (!tc.sub(et, tc.fields[t][0])) this.fail('type mismatch: element segment does not match array type');
        this.popT(I32);
        this.popT(I32);
        this.push(tc.refOf(t, false) | EXACT);
        return true;
      }
      case 0xfb00b /* array_get */: case 0xfb00c /* array_get_s */: case 0xfb00d /* array_get_u */: {
        const t = this.arrayIdx(ins.idx);
        const ft = tc.fields[t][0];
        this.checkPacked(op === C.array_get, ft);
        this.popT(I32);
        this.popT(tc.refOf(t, true));
        this.push(unpacked(ft));
        return true;
      }
      case 0xfb00e /* array_set */: {
        const t = this.arrayIdx(ins.idx);
        if (!tc.fieldMut[t][0]) this.fail('immutable array');
        this.popT(unpacked(tc.fields[t][0]));
        this.popT(I32);
        this.popT(tc.refOf(t, true));
        return true;
      }
      case 0xfb00f /* array_len */:
        this.popT(mkRef(H_ARRAY, true));
        this.push(I32);
        return true;
      case 0xfb010 /* array_fill */: {
        const t = this.arrayIdx(ins.idx);
        if (!tc.fieldMut[t][0]) this.fail('immutable array');
        this.popT(I32);
        this.popT(unpacked(tc.fields[t][0]));
        this.popT(I32);
        this.popT(tc.refOf(t, true));
        return true;
      }
      case 0xfb011 /* array_copy */: {
        const td = this.arrayIdx(ins.idx), ts = this.arrayIdx(ins.idx2);
        if (!tc.fieldMut[td][0]) this.fail('immutable array');
        if (!tc.sub(tc.fields[ts][0], tc.fields[td][0])) this.fail('array types do not match');
        this.popT(I32);
        this.popT(I32);
        this.popT(tc.refOf(ts, true));
        this.popT(I32);
        this.popT(tc.refOf(td, true));
        return true;
      }
      case 0xfb012 /* array_init_data */: {
        const t = this.arrayIdx(ins.idx);
        if (!tc.fieldMut[t][0]) this.fail('immutable array');
        if (isRefCode(tc.fields[t][0])) this.fail('array type is not numeric or vector');
        this.data(ins.idx2);
        this.popT(I32);
        this.popT(I32);
        this.popT(I32);
        this.popT(tc.refOf(t, true));
        return true;
      }
      case 0xfb013 /* array_init_elem */: {
        const t = this.arrayIdx(ins.idx);
        if (!tc.fieldMut[t][0]) this.fail('immutable array');
        const et = this.elem(ins.idx2);
        if (!tc.sub(et, tc.fields[t][0])) this.fail('type mismatch: element segment does not match array type');
        this.popT(I32);
        this.popT(I32);
        this.popT(I32);
        this.popT(tc.refOf(t, true));
        return true;
      }
      case 0xfb014 /* ref_test */: case 0xfb015 /* ref_test_null */: case 0xfb016 /* ref_cast */: case 0xfb017 /* ref_cast_null */: {
        const h = this.heap(ins.heap ?? 'none');
        const nullable = op === C.ref_test_null || op === C.ref_cast_null;
        this.popT(mkRef(tc.top(h), true));
        this.push(op === C.ref_test || op === C.ref_test_null ? I32 : mkRef(h, nullable) | (ins.exact ? EXACT : 0));
        return true;
      }
      case 0xfb018 /* br_on_cast */: case 0xfb019 /* br_on_cast_fail */: {
        const ld = this.label(ins.idx);
        if (!ins.ref || !ins.ref2) this.fail('type mismatch: br_on_cast needs two reference types');
        const rt1 = mkRef(this.heap(ins.ref.heap), ins.ref.nullable) | (ins.ref.exact ? EXACT : 0);
        const rt2 = mkRef(this.heap(ins.ref2.heap), ins.ref2.nullable) | (ins.ref2.exact ? EXACT : 0);
        if (this.ctx.customDescriptors) {
          // The proposal relaxes 3.0's rt2 <: rt1 to "same hierarchy", as for br_on_cast_desc_eq.
          if (tc.top(heapOf(rt1)) !== tc.top(heapOf(rt2))) this.fail('type mismatch: cast across hierarchies');
        } else if (!tc.sub(rt2, rt1)) this.fail('type mismatch: cast target is not a subtype of the source');
        // rt1 minus rt2: non-null when rt2 admits null.
        const diff = mkRef(heapOf(rt1), isNullable(rt1) && !isNullable(rt2)) | (rt1 & EXACT);
        const onBranch = op === C.br_on_cast ? rt2 : diff;
        const onFall = op === C.br_on_cast ? diff : rt2;
        const lt = this.labelTypes(ld);
        const n = lt.length;
        if (n === 0 || !tc.sub(onBranch, lt[n - 1])) this.fail('type mismatch: cast target does not match label');
        this.popT(rt1);
        this.push(onBranch);
        this.popAll(lt);
        for (let j = 0; j < n - 1; j++) this.push(lt[j]);
        this.push(onFall);
        return true;
      }
      // ---- custom-descriptors proposal
      case 0xfb020 /* struct_new_desc */: case 0xfb021 /* struct_new_default_desc */: {
        const t = this.structIdx(ins.idx);
        const y = tc.descriptorOf(t);
        if (y < 0) this.fail('type without descriptor requires non-descriptor allocation');
        this.popT(tc.refOf(y, true) | EXACT); // the descriptor, on top of the fields
        const fs = tc.fields[t];
        if (op === 0xfb020) {
          for (let j = fs.length - 1; j >= 0; j--) this.popT(unpacked(fs[j]));
        } else {
          for (let j = 0; j < fs.length; j++) if (!isDefaultable(fs[j])) this.fail('type mismatch: field type is not defaultable');
        }
        this.push(tc.refOf(t, false) | EXACT);
        return true;
      }
      case 0xfb022 /* ref_get_desc */: {
        const t = this.typeIdx(ins.idx);
        const y = tc.descriptorOf(t);
        if (y < 0) this.fail('type without descriptor');
        const r = this.popT(tc.refOf(t, true));
        // The descriptor is exact when the described reference is (or is bottom).
        const exact = r === BOT || tc.sub(r, tc.refOf(t, true) | EXACT);
        this.push(tc.refOf(y, false) | (exact ? EXACT : 0));
        return true;
      }
      case 0xfb023 /* ref_cast_desc_eq */: case 0xfb024 /* ref_cast_desc_eq_null */: {
        const h = this.heap(ins.heap ?? 'none');
        const x = ins.heap;
        const y = typeof x === 'number' ? tc.descriptorOf(x) : -1;
        if (y < 0) this.fail(`type ${String(x)} does not have a descriptor`);
        const exact = ins.exact ? EXACT : 0;
        this.popT(tc.refOf(y, true) | exact);
        this.popT(mkRef(tc.top(h), true));
        this.push(mkRef(h, op === 0xfb024) | exact);
        return true;
      }
      case 0xfb025 /* br_on_cast_desc_eq */: case 0xfb026 /* br_on_cast_desc_eq_fail */: {
        const ld = this.label(ins.idx);
        if (!ins.ref || !ins.ref2) this.fail('type mismatch: br_on_cast needs two reference types');
        const rt1 = mkRef(this.heap(ins.ref.heap), ins.ref.nullable) | (ins.ref.exact ? EXACT : 0);
        const rt2 = mkRef(this.heap(ins.ref2.heap), ins.ref2.nullable) | (ins.ref2.exact ? EXACT : 0);
        const x = ins.ref2.heap;
        const y = typeof x === 'number' ? tc.descriptorOf(x) : -1;
        if (y < 0) this.fail(`type ${String(x)} does not have a descriptor`);
        // Unlike br_on_cast, the target need only share the source's hierarchy.
        if (tc.top(heapOf(rt1)) !== tc.top(heapOf(rt2))) this.fail('type mismatch: cast across hierarchies');
        const diff = mkRef(heapOf(rt1), isNullable(rt1) && !isNullable(rt2)) | (rt1 & EXACT);
        const onBranch = op === 0xfb025 ? rt2 : diff;
        const onFall = op === 0xfb025 ? diff : rt2;
        const lt = this.labelTypes(ld);
        const n = lt.length;
        if (n === 0 || !tc.sub(onBranch, lt[n - 1])) this.fail('type mismatch: cast target does not match label');
        this.popT(tc.refOf(y, true) | (ins.ref2.exact ? EXACT : 0));
        this.popT(rt1);
        this.push(onBranch);
        this.popAll(lt);
        for (let j = 0; j < n - 1; j++) this.push(lt[j]);
        this.push(onFall);
        return true;
      }
      case 0xfb01a /* any_convert_extern */: {
        const r = this.popT(mkRef(H_EXTERN, true));
        this.push(mkRef(H_ANY, r === BOT ? false : isNullable(r)));
        return true;
      }
      case 0xfb01b /* extern_convert_any */: {
        const r = this.popT(mkRef(H_ANY, true));
        this.push(mkRef(H_EXTERN, r === BOT ? false : isNullable(r)));
        return true;
      }
      case 0xfb01c /* ref_i31 */:
        this.popT(I32);
        this.push(mkRef(H_I31, false));
        return true;
      case 0xfb01d /* i31_get_s */: case 0xfb01e /* i31_get_u */:
        this.popT(mkRef(H_I31, true));
        this.push(I32);
        return true;
    }
    return false;
  }

  private memAccess(ins: Instr, kind: number, t: number, lanes: number): void {
    const ma = ins.mem;
    if (!ma) this.fail('missing memory immediate');
    const at = this.memory(ma.memory);
    const nat = natAlign[slotOf(ins.op)];
    if (ma.align > nat) this.fail('alignment must not be larger than natural');
    if (atomic[slotOf(ins.op)] && ma.align !== nat) this.fail('alignment must be exactly natural');
    if (at === I32 && ma.offset >= 0x100000000) this.fail('offset out of range');
    if (kind === MEM_LOAD_LANE || kind === MEM_STORE_LANE) {
      if (ins.lane === undefined || ins.lane >= lanes) this.fail('invalid lane index');
    }
    switch (kind) {
      case MEM_LOAD:
        this.popT(at);
        this.push(t);
        return;
      case MEM_STORE:
        this.popT(t);
        this.popT(at);
        return;
      case MEM_LOAD_LANE:
        this.popT(V128);
        this.popT(at);
        this.push(V128);
        return;
      case MEM_STORE_LANE:
        this.popT(V128);
        this.popT(at);
        return;
      case MEM_RMW:
        this.popT(t);
        this.popT(at);
        this.push(t);
        return;
      case MEM_CMPXCHG:
        this.popT(t);
        this.popT(t);
        this.popT(at);
        this.push(t);
        return;
      case MEM_NOTIFY:
        this.popT(I32);
        this.popT(at);
        this.push(I32);
        return;
      case MEM_WAIT:
        this.popT(I64);
        this.popT(t);
        this.popT(at);
        this.push(I32);
        return;
    }
  }

  private checkPacked(plain: boolean, ft: number): void {
    const packed = ft === I8 || ft === I16;
    if (plain && packed) this.fail('field is packed');
    if (!plain && !packed) this.fail('type mismatch: field is not packed');
  }

  /** Tail calls: the callee's results must match the caller's. */
  private checkTailResults(t: number): void {
    const cr = this.tc.results[t], fr = this.cResults[0];
    let ok = cr.length === fr.length;
    for (let j = 0; ok && j < cr.length; j++) ok = this.tc.sub(cr[j], fr[j]);
    if (!ok) this.fail('type mismatch: tail call results do not match the function results');
  }
}
