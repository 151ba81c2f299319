// Debug compilation: a function compiled with a DEBUG code before each live wasm
// instruction (FuncCompiler's debugHook). Each DEBUG code names a stop point that
// records what the debugger needs to present the machine state at that moment:
// the instruction, its byte offset, and where each operand-stack value lives
// (a frame slot, or a pending constant the compiler has not written anywhere yet).
// This compiled form is kept apart from the normal one and swapped in only while
// a debugger is attached, so normal execution never meets a DEBUG code.

import type { BlockType, FuncType, Instr, Module, ValType } from '../ast.js';
import { OP_BY_CODE, Op } from '../binary/opcodes.js';
import { FuncCompiler, kindOf, type DebugStackEntry } from '../exec/compile.js';
import { Kind, kindSize, type Compiled } from '../exec/compiled.js';
import type { FuncInst } from '../exec/func.js';
import type { ModuleInstance } from '../exec/instance.js';

/** The type shown for a value; 'ref' covers every reference type, 'num' an unknown 64-bit number. */
export type ShownType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'ref' | 'num';

/** One operand-stack value at a stop point. */
export interface StackSlot {
  type: ShownType;
  /** Word offset from fp, or -1: a constant whose bits are in `imm`. */
  src: number;
  imm: number;
}

/** A place where a debug-compiled function can stop: just before one wasm instruction. */
export interface StopPoint {
  /** Global id (the DEBUG code's operand). */
  id: number;
  fn: FuncInst;
  /** Index of the instruction in the function body. */
  index: number;
  /** Byte offset in the module binary (-1 when the module did not come from a binary). */
  offset: number;
  instr: Instr;
  /** pc of the DEBUG code in the debug-compiled code. */
  pc: number;
  /** The operand stack before the instruction, bottom first. */
  stack: StackSlot[];
  /** Operands the instruction consumes when it is a call (the callee's arguments, plus a table index/reference). */
  callArgs: number;
}

/** A function's debug-compiled form and its stop points, in pc order. */
export interface DebugForm {
  compiled: Compiled;
  points: StopPoint[];
}

export function shownType(t: ValType): ShownType {
  return typeof t === 'object' ? 'ref' : t;
}

const COMPARE = /^(eqz|eq|ne|lt|gt|le|ge)(_[su])?$/;
const LANE_TYPE: Record<string, ShownType> = { i8x16: 'i32', i16x8: 'i32', i32x4: 'i32', i64x2: 'i64', f32x4: 'f32', f64x2: 'f64' };

/** Result type of a numeric/memory/vector instruction, from its name (null: not derivable). */
function typeFromName(name: string): ShownType | null {
  const dot = name.indexOf('.');
  if (dot < 0) return null;
  const prefix = name.slice(0, dot), op = name.slice(dot + 1);
  if (prefix === 'i32' || prefix === 'i64' || prefix === 'f32' || prefix === 'f64') {
    return COMPARE.test(op) ? 'i32' : prefix;
  }
  if (prefix === 'v128' || prefix in LANE_TYPE) {
    if (op.startsWith('extract_lane')) return LANE_TYPE[prefix] ?? null;
    if (op === 'all_true' || op === 'any_true' || op === 'bitmask') return 'i32';
    return 'v128';
  }
  if (prefix === 'i31') return 'i32';
  return null;
}

/** Builds the stop points of one function while FuncCompiler runs. */
class PointRecorder {
  private readonly m: Module;
  private readonly inst: ModuleInstance;
  /** Types of the entries seen so far (entries are the compiler's own objects). */
  private readonly typed = new WeakMap<object, ShownType>();
  /** Block types of the open blocks, innermost last (legacy catch needs the try's tag payload). */
  private readonly blocks: BlockType[] = [];
  private prev: Instr | null = null;
  private prevStack: ShownType[] = [];
  readonly points: StopPoint[] = [];

  constructor(private readonly fn: FuncInst, private readonly all: StopPoint[]) {
    this.inst = fn.instance!;
    this.m = this.inst.module;
  }

  private localType(i: number): ValType {
    const params = this.fn.type.params;
    if (i < params.length) return params[i];
    let k = i - params.length;
    for (const g of this.fn.def!.locals) {
      if (k < g.count) return g.type;
      k -= g.count;
    }
    return 'i32';
  }

  private funcType(typeIndex: number): FuncType {
    return this.m.types[typeIndex].comp as FuncType;
  }

  private blockTypes(bt: BlockType | undefined, which: 'params' | 'results'): ShownType[] {
    if (bt === null || bt === undefined) return [];
    if (typeof bt === 'number') return this.funcType(bt)[which].map(shownType);
    return which === 'results' ? [shownType(bt)] : [];
  }

  /** Types of the values the previous instruction left on top of the stack (most specific guess). */
  private pushedBy(ins: Instr, n: number, closed: BlockType | undefined): ShownType[] {
    const op = ins.op;
    switch (op) {
      case Op.local_get: case Op.local_tee: return [shownType(this.localType(ins.idx!))];
      case Op.global_get: return [shownType(this.inst.globals[ins.idx!].type.type)];
      case Op.call: case Op.return_call: return this.inst.funcs[ins.idx!].type.results.map(shownType);
      case Op.call_indirect: case Op.call_ref: return this.funcType(ins.idx!).results.map(shownType);
      case Op.end: return this.blockTypes(closed, 'results');
      case Op.else: return this.blockTypes(closed, 'params');
      case Op.select: case Op.select_t: {
        const below = this.prevStack[this.prevStack.length - 3];
        return [ins.types?.[0] !== undefined ? shownType(ins.types[0]) : below ?? 'num'];
      }
      case 0x3f: case 0x40: return [this.inst.memories[ins.idx ?? 0]?.type.address === 'i64' ? 'i64' : 'i32'];
      default: break;
    }
    const info = OP_BY_CODE.get(op);
    const name = info?.name ?? '';
    if (name === 'table.size' || name === 'table.grow') return [this.inst.tables[ins.idx ?? 0]?.type.address === 'i64' ? 'i64' : 'i32'];
    const t = typeFromName(name);
    return new Array<ShownType>(n).fill(t ?? 'num');
  }

  /** FuncCompiler's debug hook: record a stop point before instruction `index`. */
  readonly before = (index: number, ins: Instr, pc: number, stack: readonly DebugStackEntry[]): number => {
    let closed: BlockType | undefined;
    const p = this.prev;
    if (p !== null) {
      if (p.op === Op.end) closed = this.blocks.pop();
      else if (p.op === Op.else) closed = this.blocks[this.blocks.length - 1];
    }
    const fresh = stack.filter((e) => !this.typed.has(e));
    if (fresh.length > 0) {
      const types = p === null ? [] : this.pushedBy(p, fresh.length, closed);
      fresh.forEach((e, i) => {
        const t = types[types.length - fresh.length + i] ?? (e.k === Kind.REF ? 'ref' : e.k === Kind.V128 ? 'v128' : 'num');
        this.typed.set(e, t);
      });
    }
    const op = ins.op;
    if (op === Op.block || op === Op.loop || op === Op.if || op === Op.try || op === Op.try_table) this.blocks.push(ins.blockType ?? null);
    const shown = stack.map((e) => this.typed.get(e)!);
    const point: StopPoint = {
      id: this.all.length, fn: this.fn, index, offset: ins.offset, instr: ins, pc,
      stack: stack.map((e, i) => ({ type: shown[i], src: e.src, imm: e.imm })),
      callArgs: this.callArgs(ins),
    };
    this.all.push(point);
    this.points.push(point);
    this.prev = ins;
    this.prevStack = shown;
    return point.id;
  };

  private callArgs(ins: Instr): number {
    switch (ins.op) {
      case Op.call: case Op.return_call: return this.inst.funcs[ins.idx!].type.params.length;
      case Op.call_indirect: case Op.return_call_indirect: case Op.call_ref: case Op.return_call_ref:
        return this.funcType(ins.idx!).params.length + 1;
      default: return 0;
    }
  }
}

/**
 * Every stop point of every debug-compiled function, by id (the DEBUG code's operand).
 * Shared by all debuggers, so one engine can run code of several debugged instances.
 */
export const STOP_POINTS: StopPoint[] = [];

/** Debug-compile a wasm function; its stop points are registered in STOP_POINTS. */
export function debugCompile(fn: FuncInst): DebugForm {
  const rec = new PointRecorder(fn, STOP_POINTS);
  const c = new FuncCompiler(fn);
  c.debugHook = rec.before;
  return { compiled: c.compile(), points: rec.points };
}

/** Word offset of each local (parameters first) in a frame, and its type. */
export function localLayout(fn: FuncInst): { type: ValType; offset: number }[] {
  const out: { type: ValType; offset: number }[] = [];
  let w = 0;
  const add = (t: ValType): void => { out.push({ type: t, offset: w }); w += kindSize(kindOf(t)); };
  for (const p of fn.type.params) add(p);
  for (const g of fn.def!.locals) for (let i = 0; i < g.count; i++) add(g.type);
  return out;
}

/** The last stop point at or before `pc` (points are in pc order), or null. */
export function pointAtOrBefore(points: readonly StopPoint[], pc: number): StopPoint | null {
  let lo = 0, hi = points.length - 1, best: StopPoint | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid].pc <= pc) { best = points[mid]; lo = mid + 1; } else hi = mid - 1;
  }
  return best;
}
