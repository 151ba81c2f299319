// Instantiation in the spec's order: resolve and type-check imports, create the
// instance's functions/tables/memories/globals/tags, evaluate element and data
// segments, initialise active segments in order (trapping on bounds), drop
// active and declarative segments, run the start function.

import type { ExternKind, FuncType, GlobalType, HeapType, ImportDesc, Limits, Module, RefType, TableType, MemType, ValType } from '../ast.js';
import { LinkError, RuntimeError } from '../errors.js';
import { evalConst, type ConstVal } from './const-expr.js';
import { Engine, defaultEngine, funcOfJS } from './engine.js';
import { FuncInst } from './func.js';
import { GlobalInst } from './global.js';
import type { HostFuncSpec, ImportRequest, Resolver } from './host.js';
import { missingImportsError } from '../host/import-errors.js';
import { i64FromBigInt } from './i64.js';
import { ModuleInstance, type ExternVal } from './instance.js';
import { MemoryInst } from './memory.js';
import { moduleRtts, rttSubtype, type Rtt } from './rtt.js';
import { TableInst } from './table.js';
import { TagInst } from './tag.js';

/** Objects of the JS API (Memory, Table, Global, Tag) expose their runtime object under this key. */
export const EXTERN = Symbol.for('wagonette.extern');

export interface InstantiateOptions {
  maxCallDepth?: number;
  /** Unknown function imports become functions that trap when called, instead of a LinkError. */
  trapUnknownImports?: boolean;
  /** Engine cap on each defined memory's size, in bytes (default 4 GiB); growth beyond it returns -1. */
  maxMemoryBytes?: number;
  engine?: Engine;
}

/** Import resolution in progress (module.name), to report cycles instead of recursing forever. */
const resolving: string[] = [];

export function isHostFuncSpec(v: unknown): v is HostFuncSpec {
  return typeof v === 'object' && v !== null && typeof (v as HostFuncSpec).impl === 'function'
    && Array.isArray((v as HostFuncSpec).params) && Array.isArray((v as HostFuncSpec).results);
}

/** A plain import object as a resolver. */
export function importObjectResolver(obj: unknown): Resolver {
  return {
    name: 'imports',
    resolve(req) {
      if (obj === undefined || obj === null) return undefined;
      const ns = (obj as Record<string, unknown>)[req.module];
      if (ns === undefined || ns === null) return undefined;
      if (typeof ns !== 'object' && typeof ns !== 'function') throw new TypeError(`import namespace ${req.module} is not an object`);
      return (ns as Record<string, unknown>)[req.name];
    },
  };
}

const engines = new Map<number, Engine>();
function engineFor(opts: InstantiateOptions): Engine {
  if (opts.engine) return opts.engine;
  if (opts.maxCallDepth === undefined) return defaultEngine();
  let e = engines.get(opts.maxCallDepth);
  if (!e) { e = new Engine({ maxCallDepth: opts.maxCallDepth }); engines.set(opts.maxCallDepth, e); }
  return e;
}

export function instantiate(m: Module, resolvers: Resolver[], opts: InstantiateOptions = {}): ModuleInstance {
  const engine = engineFor(opts);
  const rtts = moduleRtts(m);
  const inst = new ModuleInstance(m, engine, rtts);

  // ---- imports ----
  // Missing imports are collected so one LinkError can list them all.
  const missing: ImportRequest[] = [];
  for (const im of m.imports) {
    const key = `${im.module}.${im.name}`;
    if (resolving.includes(key)) {
      const cycle = [...resolving.slice(resolving.indexOf(key)), key];
      throw new LinkError(`${im.desc.kind === 'global' ? 'global' : 'import'} cycle: ${cycle.join(' -> ')}`);
    }
    if (resolving.length > 1000) throw new LinkError(`import resolution too deep at ${key}`);
    resolving.push(key);
    let v: unknown;
    try {
      for (const r of resolvers) {
        v = r.resolve({ module: im.module, name: im.name, desc: im.desc, importer: m });
        if (v !== undefined) break;
      }
    } finally {
      resolving.pop();
    }
    if (v === undefined && !(im.desc.kind === 'func' && opts.trapUnknownImports)) {
      missing.push({ module: im.module, name: im.name, desc: im.desc, importer: m });
      continue;
    }
    if (missing.length > 0) continue;
    const x = importValue(v, im.desc, m, rtts, key, opts);
    switch (im.desc.kind) {
      case 'func': inst.funcs.push(x as FuncInst); break;
      case 'table': inst.tables.push(x as TableInst); break;
      case 'memory': inst.memories.push(x as MemoryInst); break;
      case 'global': inst.globals.push(x as GlobalInst); break;
      case 'tag': inst.tags.push(x as TagInst); break;
    }
  }

  if (missing.length > 0) throw missingImportsError(missing);

  // ---- definitions ----
  const nImportedFuncs = inst.funcs.length;
  m.funcs.forEach((f, i) => {
    const idx = nImportedFuncs + i;
    inst.funcs.push(FuncInst.wasm(m.types[f.type].comp as FuncType, rtts[f.type], inst, idx, f, inst.funcName(idx)));
  });
  for (const t of m.tags) inst.tags.push(new TagInst(m.types[t.type].comp as FuncType, rtts[t.type].key));
  for (const mem of m.memories) {
    try {
      inst.memories.push(new MemoryInst(mem.type, opts.maxMemoryBytes));
    } catch {
      throw new RuntimeError('memory size exceeds the engine limit');
    }
  }
  // Globals and tables in order: initialisers may read earlier globals.
  for (const g of m.globals) {
    const gi = new GlobalInst(g.type, rtts);
    setGlobal(gi, evalConst(g.init, inst));
    inst.globals.push(gi);
  }
  for (const t of m.tables) {
    const init = t.init ? evalConst(t.init, inst).ref : null;
    try {
      inst.tables.push(new TableInst(t.type, init, undefined, rtts));
    } catch {
      throw new RuntimeError('table size exceeds the engine limit');
    }
  }
  for (const e of m.elems) inst.elems.push(e.init.map((x) => evalConst(x, inst).ref));
  for (const d of m.datas) inst.datas.push(d.bytes);

  for (const ex of m.exports) inst.exports.set(ex.name, exportValue(inst, ex.kind, ex.index));

  // ---- active segments, in order ----
  m.elems.forEach((e, i) => {
    if (e.mode === 'active') {
      const t = inst.tables[e.table ?? 0];
      const off = constAddr(evalConst(e.offset!, inst), t.type.address === 'i64');
      const seg = inst.elems[i]!;
      if (off + seg.length > t.elements.length) throw new RuntimeError('out of bounds table access');
      for (let k = 0; k < seg.length; k++) t.elements[off + k] = seg[k];
      inst.elems[i] = null;
    } else if (e.mode === 'declarative') {
      inst.elems[i] = null;
    }
  });
  m.datas.forEach((d, i) => {
    if (d.mode !== 'active') return;
    const mem = inst.memories[d.memory];
    const off = constAddr(evalConst(d.offset!, inst), mem.type.address === 'i64');
    if (off + d.bytes.length > mem.bytes.length) throw new RuntimeError('out of bounds memory access');
    mem.bytes.set(d.bytes, off);
    inst.datas[i] = null;
  });

  if (m.start !== null) engine.invokeRaw(inst.funcs[m.start], [], inst);
  return inst;
}

function constAddr(v: ConstVal, is64: boolean): number {
  return is64 ? (v.w[1] >>> 0) * 4294967296 + (v.w[0] >>> 0) : v.w[0] >>> 0;
}

export function setGlobal(g: GlobalInst, v: ConstVal): void {
  if (v.isRef) g.ref = v.ref;
  else g.w.set(v.w);
}

function exportValue(inst: ModuleInstance, kind: ExternKind, i: number): ExternVal {
  switch (kind) {
    case 'func': return inst.funcs[i];
    case 'table': return inst.tables[i];
    case 'memory': return inst.memories[i];
    case 'global': return inst.globals[i];
    case 'tag': return inst.tags[i];
  }
}

// ---- import matching ----

function incompatible(key: string, why: string): LinkError {
  return new LinkError(`incompatible import type for ${key}: ${why}`);
}

function unwrap(v: unknown): unknown {
  if (v !== null && (typeof v === 'object' || typeof v === 'function') && EXTERN in (v as object)) {
    return (v as { [EXTERN]: unknown })[EXTERN];
  }
  return v;
}

function importValue(v0: unknown, desc: ImportDesc, m: Module, rtts: Rtt[], key: string, opts: InstantiateOptions): ExternVal {
  if (v0 === undefined) {
    if (desc.kind === 'func' && opts.trapUnknownImports) {
      const ft = m.types[desc.type].comp as FuncType;
      return FuncInst.host(ft, rtts[desc.type], () => { throw new RuntimeError(`unresolved import called: ${key}`); }, 'js', key);
    }
    throw new LinkError(`unknown import ${key}`);
  }
  const v = unwrap(v0);
  switch (desc.kind) {
    case 'func': {
      const want = rtts[desc.type];
      const ft = m.types[desc.type].comp as FuncType;
      const wasmFn = v instanceof FuncInst ? v : funcOfJS(v);
      if (wasmFn) {
        if (!rttSubtype(wasmFn.rtt, want)) throw incompatible(key, 'function type mismatch');
        // Custom descriptors: an exact import admits only that very type, not a subtype.
        if (desc.exact && wasmFn.rtt !== want) throw incompatible(key, 'exact function type mismatch');
        return wasmFn;
      }
      if (isHostFuncSpec(v)) {
        if (!sameValTypes(v.params, ft.params) || !sameValTypes(v.results, ft.results)) throw incompatible(key, 'host function type mismatch');
        return FuncInst.host(ft, want, v.impl, 'caller', v.name ?? key);
      }
      if (typeof v === 'function') return FuncInst.host(ft, want, v as (...a: unknown[]) => unknown, 'js', key);
      throw incompatible(key, 'not a function');
    }
    case 'table': {
      if (!(v instanceof TableInst)) throw incompatible(key, 'not a table');
      if (!tableMatches(v, desc.type, rtts)) throw incompatible(key, 'table type mismatch');
      return v;
    }
    case 'memory': {
      if (!(v instanceof MemoryInst)) throw incompatible(key, 'not a memory');
      if (!memoryMatches(v, desc.type)) throw incompatible(key, 'memory type mismatch');
      return v;
    }
    case 'global': {
      const gt = desc.type;
      if (v instanceof GlobalInst) {
        if (v.type.mutable !== gt.mutable) throw incompatible(key, 'global mutability mismatch');
        const ok = gt.mutable
          ? valTypeEq(v.type.type, v.typeCtx, gt.type, rtts)
          : valSub(v.type.type, v.typeCtx, gt.type, rtts);
        if (!ok) throw incompatible(key, 'global type mismatch');
        return v;
      }
      if (gt.mutable) throw incompatible(key, 'mutable global needs a Global object');
      return globalFromJS(gt, v, rtts, key);
    }
    case 'tag': {
      if (!(v instanceof TagInst)) throw incompatible(key, 'not a tag');
      if (v.typeKey !== rtts[desc.type].key) throw incompatible(key, 'tag type mismatch');
      return v;
    }
  }
}

function globalFromJS(gt: GlobalType, v: unknown, rtts: Rtt[], key: string): GlobalInst {
  const g = new GlobalInst(gt, rtts);
  const t = gt.type;
  if (typeof t === 'object') { g.ref = v; return g; }
  if (t === 'i64') {
    if (typeof v !== 'bigint') throw incompatible(key, 'i64 global needs a BigInt');
    i64FromBigInt(g.w, 0, v);
    return g;
  }
  if (typeof v !== 'number') throw incompatible(key, 'global value must be a number');
  if (t === 'i32') g.w[0] = v | 0;
  else if (t === 'f32') new Float32Array(g.w.buffer, 0, 1)[0] = v;
  else if (t === 'f64') new Float64Array(g.w.buffer, 0, 1)[0] = v;
  else throw incompatible(key, 'v128 global cannot be given by a JS value');
  return g;
}

function sameValTypes(a: ValType[], b: ValType[]): boolean {
  return a.length === b.length && a.every((t, i) => valTypeEq(t, [], b[i], []));
}

function limitsMatch(actualMin: number, actualMax: number | null, want: Limits): boolean {
  if (actualMin < want.min) return false;
  if (want.max === null) return true;
  return actualMax !== null && actualMax <= want.max;
}

function tableMatches(t: TableInst, want: TableType, rtts: Rtt[]): boolean {
  if (t.type.address !== want.address) return false;
  if (!valTypeEq(t.type.elem, t.typeCtx, want.elem, rtts)) return false;
  return limitsMatch(t.elements.length, t.type.limits.max, want.limits);
}

function memoryMatches(mem: MemoryInst, want: MemType): boolean {
  if (mem.type.address !== want.address || mem.type.shared !== want.shared) return false;
  if ((mem.type.pageSizeLog2 ?? 16) !== (want.pageSizeLog2 ?? 16)) return false;
  return limitsMatch(mem.size(), mem.type.limits.max, want.limits);
}

function heapKey(h: HeapType, ctx: Rtt[]): string {
  return typeof h === 'number' ? ctx[h]?.key ?? `#${h}` : h;
}

export function valTypeEq(a: ValType, actx: Rtt[], b: ValType, bctx: Rtt[]): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.nullable === b.nullable && !a.exact === !b.exact && heapKey(a.heap, actx) === heapKey(b.heap, bctx);
}

export function valSub(a: ValType, actx: Rtt[], b: ValType, bctx: Rtt[]): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return refSub(a, actx, b, bctx);
}

function refSub(a: RefType, actx: Rtt[], b: RefType, bctx: Rtt[]): boolean {
  if (a.nullable && !b.nullable) return false;
  // Custom descriptors: an exact type admits only the same type (exactly) or a bottom type.
  if (b.exact && typeof b.heap === 'number') {
    if (a.exact && typeof a.heap === 'number') return actx[a.heap] === bctx[b.heap];
    return typeof a.heap !== 'number' && heapSub(a.heap, actx, b.heap, bctx);
  }
  return heapSub(a.heap, actx, b.heap, bctx);
}

const ABS_SUPER: Record<string, string[]> = {
  none: ['none', 'i31', 'struct', 'array', 'eq', 'any'], i31: ['i31', 'eq', 'any'], struct: ['struct', 'eq', 'any'],
  array: ['array', 'eq', 'any'], eq: ['eq', 'any'], any: ['any'], nofunc: ['nofunc', 'func'], func: ['func'],
  noextern: ['noextern', 'extern'], extern: ['extern'], noexn: ['noexn', 'exn'], exn: ['exn'],
};

export function heapSub(a: HeapType, actx: Rtt[], b: HeapType, bctx: Rtt[]): boolean {
  if (typeof a === 'number' && typeof b === 'number') return rttSubtype(actx[a], bctx[b]);
  if (typeof a === 'number') {
    const kind = actx[a].comp.kind;
    if (kind === 'func') return b === 'func';
    return b === kind || b === 'eq' || b === 'any';
  }
  if (typeof b === 'number') {
    const kind = bctx[b].comp.kind;
    return a === (kind === 'func' ? 'nofunc' : 'none');
  }
  return ABS_SUPER[a]?.includes(b) ?? false;
}
