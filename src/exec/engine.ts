// The machine: the realm's value stack (an ArrayBuffer seen as Int32/Float32/Float64
// arrays, 8-byte slots, references in a parallel JS array; see interp.ts) and a frame stack.
// Entry points write arguments at the current top, run the interpreter and
// read the results back. Host calls from wasm come back here re-entrantly.

import type { ValType } from '../ast.js';
import { RuntimeError } from '../errors.js';
import { i64FromBigInt, i64ToBigInt } from './i64.js';
import { Kind, kindSize } from './compiled.js';
import { kindOf } from './compile.js';
import { FuncInst } from './func.js';
import type { ModuleInstance } from './instance.js';
import type { RawValue } from './value.js';
import type { Caller, LinearMemory } from './host.js';
import { execute, valueStack } from './interp.js';
import { WasmException } from './exception.js';
import type { V128Views } from './simd.js';

/**
 * An attached debugger (src/debug). Only debug-compiled code calls it (at its DEBUG codes);
 * normal code never looks at it. `info` is the DEBUG code's operand. Return true to pause:
 * the interpreter then returns with the frame stack left in place.
 */
export interface DebugHook {
  onInstr(fn: FuncInst, pc: number, fp: number, depth: number, baseDepth: number, info: number): boolean;
}

export interface EngineOptions {
  /** Maximum wasm call depth (frames); deeper calls trap with "call stack exhausted". */
  maxCallDepth?: number;
}

/** Maps JS functions that represent wasm functions back to them. */
const funcOfWrapper = new WeakMap<object, FuncInst>();

/**
 * Runs wasm functions on the realm's value stack (interp.ts `valueStack`, 8 MiB, shared by
 * all engines) with its own frame records and depth limit.
 */
export class Engine {
  readonly I: Int32Array = valueStack.I;
  readonly F32: Float32Array = valueStack.F32;
  readonly F64: Float64Array = valueStack.F64;
  readonly R: unknown[] = valueStack.R;
  /** Lane views of the stack buffer, for the SIMD helpers. */
  readonly V: V128Views = valueStack.V;
  readonly stackWords: number = valueStack.words;
  /** Frame records: [return pc, fp] per depth, and the function running in each. */
  readonly frames: Int32Array;
  readonly frameFns: FuncInst[];
  readonly maxDepth: number;
  depth = 0;
  /** Set by src/debug while a debugger is attached; read only at DEBUG codes. */
  debugHook: DebugHook | null = null;
  /** Set by src/debug just before re-entering `execute` to resume a paused run (else -1). */
  resumePc = -1;
  resumeDepth = 0;

  constructor(opts: EngineOptions = {}) {
    this.maxDepth = opts.maxCallDepth ?? 10000;
    this.frames = new Int32Array(this.maxDepth * 2 + 4);
    this.frameFns = new Array<FuncInst>(this.maxDepth + 2);
  }

  /** First free word of the value stack: where a new activation starts (shared by all engines). */
  get top(): number { return valueStack.top; }
  set top(w: number) { valueStack.top = w; }

  // ---- slot <-> value conversion ----

  writeRaw(w: number, t: ValType, v: RawValue): void {
    const k = kindOf(t);
    if (k === Kind.REF) { this.R[w >> 1] = (v as { ref: unknown }).ref; return; }
    switch (v.type) {
      case 'i32': this.I[w] = v.value; this.I[w + 1] = 0; return;
      case 'f32': this.I[w] = v.bits; this.I[w + 1] = 0; return;
      case 'i64': i64FromBigInt(this.I, w, v.value); return;
      case 'f64': i64FromBigInt(this.I, w, v.bits); return;
      case 'v128': {
        const dv = new DataView(v.bytes.buffer, v.bytes.byteOffset, 16);
        for (let i = 0; i < 4; i++) this.I[w + i] = dv.getInt32(i * 4, true);
        return;
      }
      default: throw new TypeError(`cannot pass ${v.type} as ${String(t)}`);
    }
  }

  readRaw(w: number, t: ValType): RawValue {
    if (typeof t === 'object') return { type: 'ref', ref: this.R[w >> 1] };
    switch (t) {
      case 'i32': return { type: 'i32', value: this.I[w] };
      case 'f32': return { type: 'f32', bits: this.I[w] >>> 0 };
      case 'i64': return { type: 'i64', value: i64ToBigInt(this.I, w, true) };
      case 'f64': return { type: 'f64', bits: i64ToBigInt(this.I, w, false) };
      case 'v128': {
        const bytes = new Uint8Array(16);
        const dv = new DataView(bytes.buffer);
        for (let i = 0; i < 4; i++) dv.setInt32(i * 4, this.I[w + i], true);
        return { type: 'v128', bytes };
      }
    }
  }

  /** JS-API ToWebAssemblyValue. */
  writeJS(w: number, t: ValType, v: unknown): void {
    if (typeof t === 'object') { this.R[w >> 1] = jsToRef(t.heap, v); return; }
    switch (t) {
      case 'i32': this.I[w] = Number(v) | 0; return;
      case 'i64': i64FromBigInt(this.I, w, BigInt.asIntN(64, toBigInt(v))); return;
      case 'f32': this.F32[w] = Number(v); return;
      case 'f64': this.F64[w >> 1] = Number(v); return;
      case 'v128': throw new TypeError('v128 values cannot cross the JS boundary');
    }
  }

  /** JS-API ToJSValue. */
  readJS(w: number, t: ValType): unknown {
    if (typeof t === 'object') return refToJS(this.R[w >> 1]);
    switch (t) {
      case 'i32': return this.I[w];
      case 'i64': return i64ToBigInt(this.I, w, true);
      case 'f32': return this.F32[w];
      case 'f64': return this.F64[w >> 1];
      case 'v128': throw new TypeError('v128 values cannot cross the JS boundary');
    }
  }

  // ---- entry points ----

  /** Call a function with raw values (spec-runner level). */
  /** `caller`: the instance a host function sees as its caller when it is called directly
   *  (the instance whose start function it is); null for calls from the embedder. */
  invokeRaw(fn: FuncInst, args: RawValue[], caller: ModuleInstance | null = null): RawValue[] {
    const params = fn.type.params;
    if (args.length !== params.length) throw new TypeError(`expected ${params.length} arguments, got ${args.length}`);
    const base = this.top;
    let w = base;
    for (let i = 0; i < params.length; i++) { this.writeRaw(w, params[i], args[i]); w += kindSize(kindOf(params[i])); }
    this.run(fn, base, w, caller);
    const out: RawValue[] = [];
    w = base;
    for (const r of fn.type.results) { out.push(this.readRaw(w, r)); w += kindSize(kindOf(r)); }
    return out;
  }

  /** Call a function with JS values (JS-API level). Returns undefined, a value or an array. */
  invokeJS(fn: FuncInst, args: readonly unknown[]): unknown {
    const params = fn.type.params;
    const base = this.top;
    let w = base;
    for (let i = 0; i < params.length; i++) { this.writeJS(w, params[i], args[i]); w += kindSize(kindOf(params[i])); }
    this.run(fn, base, w);
    const res = fn.type.results;
    if (res.length === 0) return undefined;
    if (res.length === 1) return this.readJS(base, res[0]);
    const out: unknown[] = [];
    w = base;
    for (const r of res) { out.push(this.readJS(w, r)); w += kindSize(kindOf(r)); }
    return out;
  }

  /** Run `fn` with its arguments already at words [base, end). */
  private run(fn: FuncInst, base: number, end: number, caller: ModuleInstance | null = null): void {
    const savedTop = this.top;
    const savedDepth = this.depth;
    if (end + 8 > this.stackWords) throw new RuntimeError('call stack exhausted');
    try {
      if (fn.host || fn.instance!.engine !== this) {
        this.top = end;
        this.callOut(fn, base, caller);
      } else {
        execute(this, fn, base);
      }
    } finally {
      this.top = savedTop;
      this.depth = savedDepth;
    }
  }

  /**
   * Call a host function, or a wasm function of another engine, whose arguments are at
   * words `fp`...; its results are written back there. `caller` is the calling instance.
   * `this.top` must be above the caller's frame.
   */
  callOut(fn: FuncInst, fp: number, caller: ModuleInstance | null): void {
    const t = fn.type;
    if (!fn.host) {
      // Another engine's wasm function: pass the raw words across.
      const other = fn.instance!.engine;
      const args: RawValue[] = [];
      let w = fp;
      for (const p of t.params) { args.push(this.readRaw(w, p)); w += kindSize(kindOf(p)); }
      const res = other.invokeRaw(fn, args);
      w = fp;
      for (let i = 0; i < res.length; i++) { this.writeRaw(w, t.results[i], res[i]); w += kindSize(kindOf(t.results[i])); }
      return;
    }
    const args: unknown[] = [];
    let w = fp;
    for (const p of t.params) { args.push(this.readJS(w, p)); w += kindSize(kindOf(p)); }
    let r: unknown;
    try {
      r = fn.hostStyle === 'caller' ? fn.host(makeCaller(caller), ...args) : fn.host(...args);
    } catch (e) {
      if (e instanceof RangeError && /call stack/i.test(e.message)) throw new RuntimeError('call stack exhausted');
      throw e;
    }
    const res = t.results;
    if (res.length === 0) return;
    if (res.length === 1) { this.writeJS(fp, res[0], r); return; }
    const arr = iterableToArray(r, res.length);
    w = fp;
    for (let i = 0; i < res.length; i++) { this.writeJS(w, res[i], arr[i]); w += kindSize(kindOf(res[i])); }
  }
}

function iterableToArray(r: unknown, n: number): unknown[] {
  if (r === null || typeof r !== 'object' || !(Symbol.iterator in (r as object))) {
    throw new TypeError('host function with several results must return an iterable');
  }
  const arr = [...(r as Iterable<unknown>)];
  if (arr.length !== n) throw new TypeError(`host function returned ${arr.length} values, expected ${n}`);
  return arr;
}

function toBigInt(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'string') return BigInt(v);
  throw new TypeError(`cannot convert ${typeof v} to a BigInt`);
}

function jsToRef(heap: unknown, v: unknown): unknown {
  if (v === null) return null;
  if (heap === 'func' || heap === 'nofunc' || typeof heap === 'number') {
    if (typeof v === 'function') {
      const f = funcOfWrapper.get(v);
      if (f) return f;
    }
    if (heap === 'func' || heap === 'nofunc') throw new TypeError('not a wasm function');
  }
  if (heap === 'exn') throw new TypeError('exnref values cannot cross the JS boundary');
  if (v instanceof WasmException) return v.exn;
  return v;
}

function refToJS(r: unknown): unknown {
  if (r === null) return null;
  if (r instanceof FuncInst) return funcToJS(r);
  return r;
}

/** The JS function that stands for a wasm or host function (one per function, for identity). */
export function funcToJS(fn: FuncInst): (...args: unknown[]) => unknown {
  if (fn.jsWrapper) return fn.jsWrapper;
  const engine = fn.instance?.engine ?? defaultEngine();
  const name = String(fn.index >= 0 ? fn.index : fn.name ?? 'host');
  const wrapper = {
    [name]: (...args: unknown[]) => engine.invokeJS(fn, args),
  }[name];
  Object.defineProperty(wrapper, 'length', { value: fn.type.params.length });
  fn.jsWrapper = wrapper;
  funcOfWrapper.set(wrapper, fn);
  return wrapper;
}

/** The wasm function a JS function stands for, if it is one. */
export function funcOfJS(f: unknown): FuncInst | undefined {
  return typeof f === 'function' ? funcOfWrapper.get(f) : undefined;
}

let shared: Engine | null = null;
export function defaultEngine(): Engine {
  shared ??= new Engine();
  return shared;
}

function makeCaller(inst: ModuleInstance | null): Caller {
  return {
    instance: inst,
    memory(index = 0): LinearMemory | undefined {
      return inst?.memories[index];
    },
    getExport(name: string): unknown {
      const x = inst?.exports.get(name);
      if (x === undefined) return undefined;
      if (x instanceof FuncInst) return funcToJS(x);
      return x;
    },
  };
}
