// The `spectest` host module the official test suite imports from: print
// functions, four globals, a table, a memory (and their i64/shared variants).
// Values follow the reference interpreter's spectest module.

import type { ValType } from '../ast.js';
import { hostFunction, type HostFuncSpec } from '../exec/host.js';

/** The JS-API constructors the module's objects are made with (the engine's own mirror). */
export interface SpectestApi {
  Memory: new (desc: { initial: number; maximum?: number; shared?: boolean }) => object;
  Table: new (desc: { element: string; initial: number | bigint; maximum?: number | bigint; address?: 'i32' | 'i64' }) => object;
  Global: new (desc: { value: string; mutable?: boolean }, value?: unknown) => object;
}

/** Where print output goes; by default it is discarded. */
export type PrintSink = (line: string) => void;

function printer(name: string, params: ValType[], sink: PrintSink): HostFuncSpec {
  return hostFunction(params, [], (_caller, ...args: unknown[]) => {
    sink(args.map((a, i) => `${String(a)} : ${String(params[i])}`).join(' '));
  }, `spectest.${name}`);
}

/**
 * A fresh `spectest` instance's exports, as an import-object namespace. Each
 * script run gets its own, so one script's memory writes never leak into another.
 * Optional objects whose JS-API form the engine rejects (i64 table, shared memory) are left out.
 */
export function createSpectest(api: SpectestApi, sink: PrintSink = () => {}): Record<string, unknown> {
  const ns: Record<string, unknown> = {
    print: printer('print', [], sink),
    print_i32: printer('print_i32', ['i32'], sink),
    print_i64: printer('print_i64', ['i64'], sink),
    print_f32: printer('print_f32', ['f32'], sink),
    print_f64: printer('print_f64', ['f64'], sink),
    print_i32_f32: printer('print_i32_f32', ['i32', 'f32'], sink),
    print_f64_f64: printer('print_f64_f64', ['f64', 'f64'], sink),
    global_i32: new api.Global({ value: 'i32', mutable: false }, 666),
    global_i64: new api.Global({ value: 'i64', mutable: false }, 666n),
    global_f32: new api.Global({ value: 'f32', mutable: false }, 666.6),
    global_f64: new api.Global({ value: 'f64', mutable: false }, 666.6),
    table: new api.Table({ element: 'anyfunc', initial: 10, maximum: 20 }),
    memory: new api.Memory({ initial: 1, maximum: 2 }),
  };
  const optional: [string, () => object][] = [
    ['table64', () => new api.Table({ element: 'anyfunc', address: 'i64', initial: 10n, maximum: 20n })],
    ['shared_memory', () => new api.Memory({ initial: 1, maximum: 2, shared: true })],
  ];
  for (const [name, make] of optional) {
    try {
      ns[name] = make();
    } catch {
      // Not supported by this engine build: imports of it fail to link, as they should.
    }
  }
  return ns;
}
