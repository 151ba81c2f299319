// Raw entry points for the spec runner: exact values (RawValue) in and out, no JS-API conversions.

import { ExnRef, WasmException } from '../exec/exception.js';
import { ExternBox } from '../exec/gc.js';
import { FuncInst } from '../exec/func.js';
import { GlobalInst } from '../exec/global.js';
import { ModuleInstance } from '../exec/instance.js';
import { i64ToBigInt } from '../exec/i64.js';
import type { RawValue, RefKind } from '../exec/value.js';
import { funcOfJS } from '../exec/engine.js';
import { EXTERN } from '../exec/instantiate.js';

export { WasmException };

/** The module instance behind a JS-API Instance (or the instance itself). */
export function instanceOf(x: object): ModuleInstance {
  if (x instanceof ModuleInstance) return x;
  const inner = (x as { [EXTERN]?: unknown })[EXTERN];
  if (inner instanceof ModuleInstance) return inner;
  throw new TypeError('not a wagonette instance');
}

export function invokeExport(instance: object, name: string, args: RawValue[]): RawValue[] {
  const inst = instanceOf(instance);
  const f = inst.exports.get(name);
  if (!(f instanceof FuncInst)) throw new TypeError(`no exported function named ${name}`);
  const engine = f.instance?.engine ?? inst.engine;
  return engine.invokeRaw(f, args);
}

export function readGlobal(instance: object, name: string): RawValue {
  const inst = instanceOf(instance);
  const g = inst.exports.get(name);
  if (!(g instanceof GlobalInst)) throw new TypeError(`no exported global named ${name}`);
  const t = g.type.type;
  if (typeof t === 'object') return { type: 'ref', ref: g.ref };
  switch (t) {
    case 'i32': return { type: 'i32', value: g.w[0] };
    case 'f32': return { type: 'f32', bits: g.w[0] >>> 0 };
    case 'i64': return { type: 'i64', value: i64ToBigInt(g.w, 0, true) };
    case 'f64': return { type: 'f64', bits: i64ToBigInt(g.w, 0, false) };
    case 'v128': return { type: 'v128', bytes: new Uint8Array(g.w.slice().buffer) };
  }
}

/** A host (extern) reference value, as `ref.extern n` / `ref.host n` denote: equal n, identical object. */
export class HostRef {
  constructor(readonly n: number) {}
}
const hostRefs = new Map<number, HostRef>();

export function hostRef(n: number): unknown {
  let r = hostRefs.get(n);
  if (!r) { r = new HostRef(n); hostRefs.set(n, r); }
  return r;
}

export function isHostRef(ref: unknown, n: number): boolean {
  return ref instanceof HostRef && ref.n === n;
}

export function refKind(ref: unknown): RefKind {
  if (ref === null) return 'null';
  if (typeof ref === 'number') return 'i31';
  if (ref instanceof ExternBox) return 'extern';
  if (ref instanceof FuncInst || funcOfJS(ref)) return 'func';
  if (ref instanceof HostRef) return 'host';
  if (ref instanceof ExnRef) return 'exn';
  const kind = (ref as { gcKind?: unknown })?.gcKind;
  if (kind === 'struct' || kind === 'array' || kind === 'i31') return kind;
  return 'extern';
}
