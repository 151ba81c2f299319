// A function instance: wasm code bound to its module instance, or a host function.

import type { Func, FuncType, ValType } from '../ast.js';
import type { Rtt } from './rtt.js';
import type { ModuleInstance } from './instance.js';
import type { Compiled } from './compiled.js';

/** How a host function wants to be called. */
export type HostCallStyle = 'caller' | 'js';

export class FuncInst {
  readonly type: FuncType;
  readonly rtt: Rtt;
  /** Defining instance (wasm functions only). */
  readonly instance: ModuleInstance | null;
  /** Index in the defining module's function index space (-1 for host functions). */
  readonly index: number;
  readonly def: Func | null;
  /** Compiled on first call. */
  compiled: Compiled | null = null;
  readonly host: ((...args: any[]) => unknown) | null;
  readonly hostStyle: HostCallStyle;
  readonly name: string | undefined;
  /** Words taken by the parameters / results on the value stack. */
  readonly paramWords: number;
  readonly resultWords: number;
  /** The JS function that represents this function to JS (created once, for identity). */
  jsWrapper: ((...args: unknown[]) => unknown) | null = null;

  private constructor(type: FuncType, rtt: Rtt, instance: ModuleInstance | null, index: number,
    def: Func | null, host: ((...args: any[]) => unknown) | null, hostStyle: HostCallStyle, name?: string) {
    this.type = type; this.rtt = rtt; this.instance = instance; this.index = index;
    this.def = def; this.host = host; this.hostStyle = hostStyle; this.name = name;
    this.paramWords = wordsOf(type.params);
    this.resultWords = wordsOf(type.results);
  }

  static wasm(type: FuncType, rtt: Rtt, instance: ModuleInstance, index: number, def: Func, name?: string): FuncInst {
    return new FuncInst(type, rtt, instance, index, def, null, 'js', name);
  }

  static host(type: FuncType, rtt: Rtt, impl: (...args: any[]) => unknown, style: HostCallStyle, name?: string): FuncInst {
    return new FuncInst(type, rtt, null, -1, null, impl, style, name);
  }
}

function wordsOf(ts: ValType[]): number {
  let n = 0;
  for (const t of ts) n += t === 'v128' ? 4 : 2;
  return n;
}
