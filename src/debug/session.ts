// One debugged call: started paused before its first instruction, then driven by
// step / stepOver / stepOut / continue. While it is paused (or stopped by a trap)
// its frames, locals, operand stack, memory and globals can be read and written.

import { RuntimeError } from '../errors.js';
import { kindOf } from '../exec/compile.js';
import { kindSize } from '../exec/compiled.js';
import type { FuncInst } from '../exec/func.js';
import { GlobalInst } from '../exec/global.js';
import type { RawValue } from '../exec/value.js';
import { printInstr } from '../text/print.js';
import type { Debugger, RunResult } from './debugger.js';
import { StepMode } from './debugger.js';
import { localLayout, shownType, type ShownType, type StopPoint } from './points.js';
import {
  constValue, readGlobalValue, readSlot, writeGlobalValue, writeSlot, type DebugValue,
} from './values.js';

/** Where a wasm frame is: its function, pc and frame pointer. */
interface Place {
  fn: FuncInst;
  pc: number;
  fp: number;
  depth: number;
}

export interface LocalInfo {
  index: number;
  name: string;
  type: ShownType;
  value: unknown;
}

/** A wasm frame of a paused run, innermost first. */
export interface FrameInfo {
  /** 0 for the innermost frame. */
  level: number;
  func: number;
  name: string;
  /** Byte offset of the instruction about to run (callers: the call in progress). */
  offset: number;
  /** Index of that instruction in the function body. */
  index: number;
  /** That instruction in WAT form. */
  instr: string;
  point: StopPoint;
}

export type SessionState = 'paused' | 'running' | 'done' | 'trapped';
export type StopReason = 'entry' | 'step' | 'breakpoint' | 'fuel' | 'trap' | null;

function isRaw(v: unknown): v is RawValue {
  return typeof v === 'object' && v !== null && 'type' in v;
}

export class DebugSession {
  readonly func: FuncInst;
  readonly baseDepth: number;
  /** Word where the arguments (and later the results) sit. */
  private readonly base: number;
  private readonly savedTop: number;
  private readonly savedDepth: number;
  state: SessionState = 'running';
  /** Why the run last stopped. */
  reason: StopReason = null;
  /** The outcome of the last run request. */
  result: RunResult = 'paused';
  private started = false;
  private released = false;
  private mode: StepMode = StepMode.INSTR;
  private stepDepth = 0;
  /** The latest stop of this run (the paused place, or the trapping instruction's). */
  private last: Place | null = null;
  private paused: Place | null = null;

  constructor(private readonly dbg: Debugger, fn: FuncInst, args: readonly (number | bigint | RawValue)[],
    pauseAtEntry = true) {
    const eng = dbg.engine;
    const params = fn.type.params;
    if (args.length !== params.length) throw new TypeError(`${dbg.funcName(fn)} takes ${params.length} arguments, got ${args.length}`);
    if (fn.host !== null || fn.instance !== dbg.instance) throw new Error(`${dbg.funcName(fn)} is not defined in the debugged instance`);
    dbg.adopt(this);
    this.func = fn;
    this.savedTop = eng.top;
    this.savedDepth = eng.depth;
    this.baseDepth = eng.depth;
    this.base = eng.top;
    if (this.base + fn.paramWords + fn.resultWords + 8 > eng.stackWords) { this.release(); throw new RuntimeError('call stack exhausted'); }
    let w = this.base;
    try {
      params.forEach((p, i) => {
        const a = args[i];
        if (isRaw(a)) eng.writeRaw(w, p, a);
        else writeSlot(eng, w, shownType(p), a);
        w += kindSize(kindOf(p));
      });
    } catch (e) {
      this.release();
      throw e;
    }
    this.mode = pauseAtEntry ? StepMode.INSTR : StepMode.RUN;
    this.run();
    if (this.state === 'paused' && pauseAtEntry) this.reason = 'entry';
  }

  // ---- run control ----

  /** Run to the next instruction (into calls). */
  step(): RunResult {
    return this.resume(StepMode.INSTR);
  }

  /** Run to the next instruction of this frame or a caller (over calls). */
  stepOver(): RunResult {
    return this.resume(StepMode.OVER);
  }

  /** Run until the current function returns to a wasm caller (or the run ends). */
  stepOut(): RunResult {
    return this.resume(StepMode.OUT);
  }

  /** Run until a breakpoint, a trap or the end. */
  continue(): RunResult {
    return this.resume(StepMode.RUN);
  }

  /** Called by the debugger at each stop of this run. */
  lastStop(fn: FuncInst, pc: number, fp: number, depth: number): void {
    const l = this.last;
    if (l === null) { this.last = { fn, pc, fp, depth }; return; }
    l.fn = fn; l.pc = pc; l.fp = fp; l.depth = depth;
  }

  /** Whether the current step request stops at an instruction at `depth`. */
  wantsStop(depth: number): boolean {
    switch (this.mode) {
      case StepMode.INSTR: return true;
      case StepMode.OVER: return depth <= this.stepDepth;
      case StepMode.OUT: return depth < this.stepDepth;
      default: return false;
    }
  }

  private resume(mode: StepMode): RunResult {
    if (this.state !== 'paused') return this.result;
    if (!this.dbg.mayRun(this)) throw new Error('a session started later is still paused above this one: end it first');
    this.mode = mode;
    this.stepDepth = this.paused!.depth;
    return this.run();
  }

  private run(): RunResult {
    const dbg = this.dbg, eng = dbg.engine;
    const p = this.paused;
    this.paused = null;
    this.reason = null;
    this.state = 'running';
    eng.top = this.base;
    eng.depth = this.baseDepth;
    try {
      dbg.runFor(this, () => {
        if (!this.started) { this.started = true; dbg.enter(this.func, this.base); }
        else dbg.enter(p!.fn, p!.fp, p!.pc + 2, p!.depth);
      });
    } catch (e) {
      if (!(e instanceof RuntimeError) && !(e instanceof Error && e.name === 'WasmException')) {
        this.release();
        this.state = 'done';
        throw e;
      }
      this.state = 'trapped';
      this.reason = 'trap';
      this.result = { trap: e as Error };
      if (dbg.breakOnTrap && this.last !== null) this.hold(this.last);
      else this.release();
      return this.result;
    }
    if (this.reason !== null) {
      this.state = 'paused';
      this.paused = { ...this.last! };
      this.hold(this.paused);
      this.result = 'paused';
      return this.result;
    }
    const out: RawValue[] = [];
    let w = this.base;
    for (const r of this.func.type.results) { out.push(eng.readRaw(w, r)); w += kindSize(kindOf(r)); }
    this.release();
    this.state = 'done';
    this.result = { done: out };
    return this.result;
  }

  /** Keep the paused frames safe from calls made while paused (they run above them). */
  private hold(at: Place): void {
    const eng = this.dbg.engine;
    eng.top = at.fp + this.dbg.frameWords(at.fn) + 8;
    eng.depth = at.depth + 1;
  }

  /** Give the engine's stacks back as they were before the session. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.dbg.released(this);
    const eng = this.dbg.engine;
    eng.top = this.savedTop;
    eng.depth = this.savedDepth;
  }

  /** End the session (a paused run is abandoned). */
  end(): void {
    this.release();
    if (this.state === 'paused') this.state = 'done';
    this.paused = null;
  }

  // ---- inspection ----

  /** The place of frame `level` (0: innermost) while paused or stopped by a trap. */
  private place(level: number): { at: Place; point: StopPoint; caller: boolean } {
    const top = this.state === 'paused' ? this.paused : this.state === 'trapped' && this.dbg.breakOnTrap ? this.last : null;
    if (top === null) throw new Error(`the session is ${this.state}, not paused`);
    const depth = top.depth - level;
    if (level < 0 || depth < this.baseDepth) throw new Error(`no frame ${level}`);
    const eng = this.dbg.engine;
    const at: Place = level === 0 ? top
      : { fn: eng.frameFns[depth], pc: eng.frames[2 * depth], fp: eng.frames[2 * depth + 1], depth };
    const point = level === 0 ? this.dbg.pointAt(at.fn, at.pc, false) : this.dbg.pointAt(at.fn, at.pc, true);
    if (point === null) throw new Error(`frame ${level} is not in debugged code`);
    return { at, point, caller: level > 0 };
  }

  /** The wasm frames of the run, innermost first. */
  frames(): FrameInfo[] {
    const out: FrameInfo[] = [];
    for (let level = 0; ; level++) {
      let p;
      try { p = this.place(level); } catch { break; }
      out.push(this.frameInfo(level, p.point));
    }
    return out;
  }

  /** Frame `level` (0: innermost). */
  frame(level = 0): FrameInfo {
    return this.frameInfo(level, this.place(level).point);
  }

  private frameInfo(level: number, point: StopPoint): FrameInfo {
    const fn = point.fn;
    return {
      level, func: fn.index, name: this.dbg.funcName(fn), offset: point.offset, index: point.index,
      instr: printInstr(point.instr, fn.instance!.module, fn.index), point,
    };
  }

  /** The innermost frame's instruction offset (a shortcut for tests and the CLI). */
  get offset(): number {
    return this.frame(0).offset;
  }

  /** Locals (parameters first) of frame `level`, with their types and current values. */
  locals(level = 0): LocalInfo[] {
    const { at } = this.place(level);
    const names = at.fn.instance!.module.names?.locals.get(at.fn.index);
    return localLayout(at.fn).map((l, i) => {
      const v = readSlot(this.dbg.engine, at.fp + l.offset, shownType(l.type));
      return { index: i, name: names?.get(i) ?? String(i), type: v.type, value: v.value };
    });
  }

  /** The operand stack of frame `level`, bottom first (callers: without the arguments passed on). */
  stack(level = 0): DebugValue[] {
    const { at, point, caller } = this.place(level);
    const slots = caller ? point.stack.slice(0, point.stack.length - point.callArgs) : point.stack;
    return slots.map((s) => s.src < 0 ? constValue(s.imm, s.type) : readSlot(this.dbg.engine, at.fp + s.src, s.type));
  }

  private localIndex(fn: FuncInst, ref: number | string): number {
    const n = localLayout(fn).length;
    if (typeof ref === 'number' || /^\d+$/.test(ref)) {
      const i = Number(ref);
      if (i >= 0 && i < n) return i;
    } else {
      const name = ref.startsWith('$') ? ref.slice(1) : ref;
      const names = fn.instance!.module.names?.locals.get(fn.index);
      if (names) for (const [i, nm] of names) if (nm === name) return i;
    }
    throw new Error(`no local ${String(ref)} in ${this.dbg.funcName(fn)}`);
  }

  local(ref: number | string, level = 0): DebugValue {
    const { at } = this.place(level);
    const l = localLayout(at.fn)[this.localIndex(at.fn, ref)];
    return readSlot(this.dbg.engine, at.fp + l.offset, shownType(l.type));
  }

  /** Write a local of frame `level` (number, bigint, or WAT number text). */
  setLocal(ref: number | string, value: unknown, level = 0): void {
    const { at } = this.place(level);
    const l = localLayout(at.fn)[this.localIndex(at.fn, ref)];
    writeSlot(this.dbg.engine, at.fp + l.offset, shownType(l.type), value);
  }

  private globalInst(ref: number | string): GlobalInst {
    const inst = this.dbg.instance;
    if (typeof ref === 'number' || /^\d+$/.test(ref)) {
      const g = inst.globals[Number(ref)];
      if (g) return g;
    } else {
      const name = ref.startsWith('$') ? ref.slice(1) : ref;
      const names = inst.module.names?.globals;
      if (names) for (const [i, n] of names) if (n === name && inst.globals[i]) return inst.globals[i];
      const ex = inst.exports.get(name);
      if (ex instanceof GlobalInst) return ex;
    }
    throw new Error(`no global ${String(ref)}`);
  }

  global(ref: number | string): DebugValue {
    return readGlobalValue(this.globalInst(ref));
  }

  setGlobal(ref: number | string, value: unknown): void {
    writeGlobalValue(this.globalInst(ref), value);
  }

  /** A copy of `len` bytes of memory `mem` at `addr`. */
  readMemory(addr: number, len: number, mem = 0): Uint8Array {
    const m = this.dbg.instance.memories[mem];
    if (!m) throw new Error(`no memory ${mem}`);
    if (addr < 0 || len < 0 || addr + len > m.bytes.length) throw new RangeError(`memory range ${addr}+${len} is out of bounds`);
    return m.bytes.slice(addr, addr + len);
  }

  writeMemory(addr: number, bytes: Uint8Array, mem = 0): void {
    const m = this.dbg.instance.memories[mem];
    if (!m) throw new Error(`no memory ${mem}`);
    if (addr < 0 || addr + bytes.length > m.bytes.length) throw new RangeError(`memory range ${addr}+${bytes.length} is out of bounds`);
    m.bytes.set(bytes, addr);
  }
}
