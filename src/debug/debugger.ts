// The debugger: attaches to a module instance by swapping in debug-compiled code for
// its functions (see points.ts), then runs calls in sessions that can pause before
// any instruction. Pausing is the interpreter returning from its loop with the frame
// stack left in the engine; resuming re-enters the loop at the saved pc, fp and
// depth. Everything is synchronous and deterministic.
//
// Limits: a run can only pause in wasm frames that the session's own call reaches
// without passing through a host function (wasm -> host -> wasm frames would need
// the host's JS frame to be suspended). Stops inside such nested calls are traced
// and counted for fuel but do not pause.

import { RuntimeError } from '../errors.js';
import type { Compiled } from '../exec/compiled.js';
import { kindOf } from '../exec/compile.js';
import { kindSize } from '../exec/compiled.js';
import type { DebugHook, Engine } from '../exec/engine.js';
import { execute } from '../exec/interp.js';
import { FuncInst } from '../exec/func.js';
import type { ModuleInstance } from '../exec/instance.js';
import type { RawValue } from '../exec/value.js';
import { instanceOf } from '../api/raw.js';
import { debugCompile, pointAtOrBefore, STOP_POINTS, type DebugForm, type StopPoint } from './points.js';
import { DebugSession } from './session.js';

/** One executed instruction, for tracing. */
export interface TraceEvent {
  point: StopPoint;
  /** Call depth of the frame (0: the outermost wasm frame of the run). */
  depth: number;
}

export type RunResult = 'paused' | { done: RawValue[] } | { trap: Error };

export interface Breakpoint {
  id: number;
  point: StopPoint;
}

export interface StartOptions {
  /** Pause before the first instruction (default true); otherwise run to the first stop. */
  pauseAtEntry?: boolean;
}

export interface DebuggerOptions {
  /** Pause when a run traps, with the trapping frame's state readable (default true). */
  breakOnTrap?: boolean;
  /** Called before every executed instruction of the instance. */
  trace?: ((e: TraceEvent) => void) | null;
}

/** How the current session wants to stop, set by step/continue. */
export const enum StepMode { RUN = 0, INSTR = 1, OVER = 2, OUT = 3 }

/** The debugger owning each stop point, by point id. */
const OWNERS: Debugger[] = [];

/** The engine's hook while any debugger is attached: hands each stop to the point's debugger. */
class DebugHub implements DebugHook {
  attached = 0;
  onInstr(fn: FuncInst, pc: number, fp: number, depth: number, baseDepth: number, info: number): boolean {
    return OWNERS[info].onInstr(fn, pc, fp, depth, baseDepth, info);
  }
}
const hubs = new WeakMap<Engine, DebugHub>();
/**
 * Sessions holding frames on the value stack, oldest first: only the newest may run. One list
 * for all engines, as the value stack is one per realm (interp.ts): a session of one engine
 * must not grow its frames over those of a later session of another.
 */
const holding: DebugSession[] = [];
/** Instances with a debugger attached (one at a time: attaching swaps their code). */
const debugged = new WeakSet<ModuleInstance>();

export class Debugger implements DebugHook {
  readonly instance: ModuleInstance;
  readonly engine: Engine;
  private readonly forms = new Map<FuncInst, DebugForm>();
  private readonly saved = new Map<FuncInst, Compiled | null>();
  private readonly breaks = new Map<number, Breakpoint>();
  private nextBreak = 1;
  breakOnTrap: boolean;
  trace: ((e: TraceEvent) => void) | null;
  /** Instructions left before the run stops; null: unlimited. */
  fuel: number | null = null;
  /** What running out of fuel does: trap with "fuel exhausted", or pause the run. */
  fuelMode: 'trap' | 'pause' = 'trap';
  /** Instructions executed under this debugger so far. */
  executed = 0;
  /** The running session, set while the interpreter runs on its behalf. */
  private active: DebugSession | null = null;
  /** The latest session (paused ones hold their frames until the next session starts). */
  private current: DebugSession | null = null;
  private attached = false;

  constructor(instance: object, opts: DebuggerOptions = {}) {
    this.instance = instanceOf(instance);
    this.engine = this.instance.engine;
    this.breakOnTrap = opts.breakOnTrap ?? true;
    this.trace = opts.trace ?? null;
    this.attach();
  }

  /** Swap debug-compiled code in for every wasm function of the instance. */
  private attach(): void {
    if (debugged.has(this.instance)) throw new Error('a debugger is already attached to this instance');
    let hub = hubs.get(this.engine);
    if (!hub) { hub = new DebugHub(); hubs.set(this.engine, hub); }
    if (this.engine.debugHook !== null && this.engine.debugHook !== hub) throw new Error('the engine has a foreign debug hook');
    for (const f of this.instance.funcs) {
      if (f.host !== null || f.instance !== this.instance || this.saved.has(f)) continue;
      let form = this.forms.get(f);
      if (!form) {
        form = debugCompile(f);
        for (const p of form.points) OWNERS[p.id] = this;
        this.forms.set(f, form);
      }
      this.saved.set(f, f.compiled);
      f.compiled = form.compiled;
    }
    debugged.add(this.instance);
    hub.attached++;
    this.engine.debugHook = hub;
    this.attached = true;
  }

  /** Restore the normal compiled code; the instance then runs at full speed again. */
  detach(): void {
    if (!this.attached) return;
    // A paused run's pcs point into debug code: it cannot outlive the swap.
    this.current?.end();
    this.current = null;
    for (const [f, c] of this.saved) f.compiled = c;
    debugged.delete(this.instance);
    this.saved.clear();
    const hub = hubs.get(this.engine)!;
    if (--hub.attached === 0 && this.engine.debugHook === hub) this.engine.debugHook = null;
    this.attached = false;
  }

  // ---- functions and breakpoints ----

  /** A function of the instance by index or name (name section, then export name). */
  func(ref: number | string): FuncInst {
    const funcs = this.instance.funcs;
    if (typeof ref === 'number' || /^\d+$/.test(ref)) {
      const f = funcs[Number(ref)];
      if (f) return f;
    } else {
      const name = ref.startsWith('$') ? ref.slice(1) : ref;
      const names = this.instance.module.names?.funcs;
      if (names) for (const [i, n] of names) if (n === name && funcs[i]) return funcs[i];
      const ex = this.instance.exports.get(name);
      if (ex instanceof FuncInst) return ex;
    }
    throw new Error(`no function ${String(ref)}`);
  }

  /** A function's name: name section, else an export name, else `func[i]`. */
  funcName(f: FuncInst): string {
    const named = f.instance?.funcName(f.index);
    if (named !== undefined) return named;
    if (f.instance === this.instance) for (const [n, x] of this.instance.exports) if (x === f) return n;
    return f.index >= 0 ? `func[${f.index}]` : f.name ?? 'host';
  }

  /** Debug form of a function of this instance, or undefined (host or foreign functions). */
  form(f: FuncInst): DebugForm | undefined {
    return this.forms.get(f);
  }

  /**
   * Break before the instruction at byte `offset` of `func` (on function entry when omitted).
   * With a module that did not come from a binary, `offset` is the instruction's index in the body.
   */
  breakAt(func: number | string, offset?: number): Breakpoint {
    const f = this.func(func);
    const form = this.forms.get(f);
    if (!form || form.points.length === 0) throw new Error(`cannot break in ${this.funcName(f)}`);
    const point = offset === undefined ? form.points[0]
      : form.points.find((p) => (p.offset >= 0 ? p.offset : p.index) === offset);
    if (!point) throw new Error(`no instruction at offset ${offset} in ${this.funcName(f)}`);
    const bp = { id: this.nextBreak++, point };
    this.breaks.set(point.id, bp);
    return bp;
  }

  clearBreakpoint(id: number): boolean {
    for (const [k, bp] of this.breaks) if (bp.id === id) { this.breaks.delete(k); return true; }
    return false;
  }

  breakpoints(): Breakpoint[] {
    return [...this.breaks.values()].sort((a, b) => a.id - b.id);
  }

  // ---- runs ----

  /**
   * Start a call of `func` (export name, name-section name or index) with `args` (numbers,
   * bigints for i64, or RawValues). The session is returned paused before the first
   * instruction, or (pauseAtEntry false) at its first stop or finished; see `result`.
   */
  start(func: number | string, args: readonly (number | bigint | RawValue)[] = [], opts: StartOptions = {}): DebugSession {
    if (this.active !== null) throw new Error('a session is already running');
    if (!this.attached) this.attach();
    return new DebugSession(this, this.func(func), args, opts.pauseAtEntry ?? true);
  }

  /** Make `s` the current session; a previous paused or trapped one is ended (its frames released). */
  adopt(s: DebugSession): void {
    if (this.current !== null && this.current !== s) this.current.end();
    this.current = s;
    holding.push(s);
  }

  /** A session gave its stack space back. */
  released(s: DebugSession): void {
    const i = holding.indexOf(s);
    if (i >= 0) holding.splice(i, 1);
  }

  /** Whether `s` may run: no session started after it still holds frames above its own. */
  mayRun(s: DebugSession): boolean {
    return holding[holding.length - 1] === s;
  }

  /** Run `go` (which enters the interpreter) on behalf of `s`. */
  runFor(s: DebugSession, go: () => void): void {
    const prev = this.active;
    this.active = s;
    try {
      go();
    } finally {
      this.active = prev;
    }
  }

  /** The stop point of a DEBUG operand. */
  point(id: number): StopPoint {
    return STOP_POINTS[id];
  }

  /** The stop point a frame of `fn` is at, given its pc (for callers: their return pc). */
  pointAt(fn: FuncInst, pc: number, caller: boolean): StopPoint | null {
    const form = this.forms.get(fn);
    if (!form) return null;
    return pointAtOrBefore(form.points, caller ? pc - 1 : pc);
  }

  // ---- the interpreter's hook ----

  onInstr(fn: FuncInst, pc: number, fp: number, depth: number, baseDepth: number, info: number): boolean {
    this.executed++;
    const point = STOP_POINTS[info];
    const s = this.active;
    const own = s !== null && baseDepth === s.baseDepth;
    if (this.trace !== null) this.trace({ point, depth: s !== null ? depth - s.baseDepth : depth });
    if (own) s.lastStop(fn, pc, fp, depth);
    if (this.fuel !== null && --this.fuel < 0) {
      this.fuel = 0;
      if (this.fuelMode === 'trap' || !own) throw new RuntimeError('fuel exhausted');
      s.reason = 'fuel';
      return true;
    }
    if (!own) return false;
    if (s.wantsStop(depth)) { s.reason = 'step'; return true; }
    if (this.breaks.has(info)) { s.reason = 'breakpoint'; return true; }
    return false;
  }

  /** Words a paused frame of `fn` occupies from its fp. */
  frameWords(fn: FuncInst): number {
    return (fn.compiled ?? this.forms.get(fn)?.compiled)?.frameWords ?? kindSize(kindOf('i32'));
  }

  /** Enter the interpreter: a fresh call, or a resumption of a paused one. */
  enter(fn: FuncInst, fp: number, resumePc = -1, resumeDepth = 0): void {
    this.engine.resumePc = resumePc;
    this.engine.resumeDepth = resumeDepth;
    try {
      execute(this.engine, fn, fp);
    } finally {
      this.engine.resumePc = -1; // never left for a later, ordinary call
    }
  }
}
