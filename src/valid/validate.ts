// Module validation (spec 3.0 "Modules"): types, imports, index spaces, limits,
// constant expressions, segments, start, exports, then every function body.

import type { Expr, Limits, MemType, Module, TableType } from '../ast.js';
import { Op } from '../binary/opcodes.js';
import { CompileError } from '../errors.js';
import { emptyModule } from '../ast.js';
import { keepShape } from '../binary/shape-anchor.js';
import { CodeValidator } from './code.js';
import type { ModuleContext } from './context.js';
import type { FuncInfo, ModuleInfo } from './info.js';
import { LazyFuncInfo } from './lazy-info.js';
import { TypeContext } from './typectx.js';
import { I32, I64, K_FUNC, isDefaultable } from './types.js';

const TWO_32 = 0x100000000;

function fail(msg: string, offset = -1): never {
  throw new CompileError(msg, offset);
}

function checkLimits(l: Limits, bound: number, what: string): void {
  if (l.max !== null && l.min > l.max) fail('size minimum must not be greater than maximum');
  if (l.min > bound || (l.max !== null && l.max > bound)) fail(what);
}

function checkMemType(mt: MemType): void {
  const log2 = mt.pageSizeLog2 ?? 16;
  if (log2 !== 0 && log2 !== 16) fail('invalid custom page size');
  if (mt.limits.max !== null && mt.limits.min > mt.limits.max) fail('size minimum must not be greater than maximum');
  if (mt.address === 'i32') {
    // Limits of i32 memories are u32, so with 1-byte pages the bound is 2^32-1 pages.
    const bound = Math.min(2 ** (32 - log2), TWO_32 - 1);
    checkLimits(mt.limits, bound, log2 === 16 ? 'memory size must be at most 65536 pages (4GiB)'
      : `memory size must be at most ${bound} pages (4GiB)`);
  } else {
    const bound = 2 ** (64 - log2);
    checkLimits(mt.limits, bound, log2 === 16 ? 'memory size must be at most 2^48 pages (256TiB)'
      : 'memory size must be at most 2^64 bytes');
  }
  if (mt.shared && mt.limits.max === null) fail('shared memory must have maximum');
}

function checkTableType(tt: TableType, tc: TypeContext): number {
  const bound = tt.address === 'i32' ? TWO_32 - 1 : 2 ** 64;
  checkLimits(tt.limits, bound, 'table size must be at most 2^32-1');
  return tc.val(tt.elem);
}

/** Function indices that `ref.func` may name inside function bodies (spec C.refs). */
function declaredRefs(m: Module, nfuncs: number): Uint8Array {
  const refs = new Uint8Array(nfuncs);
  const scan = (e: Expr | null | undefined) => {
    if (!e) return;
    for (const ins of e) if (ins.op === Op.ref_func && ins.idx !== undefined && ins.idx >= 0 && ins.idx < nfuncs) refs[ins.idx] = 1;
  };
  for (const g of m.globals) scan(g.init);
  for (const t of m.tables) scan(t.init);
  for (const el of m.elems) for (const e of el.init) scan(e);
  for (const ex of m.exports) if (ex.kind === 'func' && ex.index >= 0 && ex.index < nfuncs) refs[ex.index] = 1;
  return refs;
}

/** Validate a module; throws CompileError with the spec suite's wording. */
/** The validator of an empty module, validated once at load: it keeps the classes of the
 *  per-module objects alive (see ../binary/shape-anchor.ts). */
let anchor: CodeValidator | null = null;

/** Proposal rules that change what core 3.0 accepts, so they are off unless asked for. */
export interface ValidateOptions {
  /** custom-descriptors: br_on_cast/br_on_cast_fail accept any target in the source's hierarchy
   *  (core br_on_cast.wast asserts the 3.0 rule, target <: source). */
  customDescriptors?: boolean;
}

export function validateModule(m: Module, opts: ValidateOptions = {}): ModuleInfo {
  // Bodies are streamed, never materialised: the decoder has already reported
  // malformed code (it checks every body even when it builds them lazily), so a
  // malformed module is reported as such before anything here looks at validity.
  const tc = new TypeContext(m);
  const funcTypes: number[] = [];
  const tableAddr: number[] = [], tableElem: number[] = [];
  const memAddr: number[] = [];
  const globalType: number[] = [], globalMut: number[] = [];
  const tagTypes: number[] = [];
  let importedGlobals = 0;

  const funcTypeIdx = (x: number): number => {
    const t = tc.typeIdx(x);
    if (tc.kind[t] !== K_FUNC) fail(`type mismatch: type ${t} is not a function type`);
    return t;
  };
  const tagType = (x: number): number => {
    const t = funcTypeIdx(x);
    if (tc.results[t].length !== 0) fail('non-empty tag result type');
    return t;
  };

  for (const im of m.imports) {
    const d = im.desc;
    switch (d.kind) {
      case 'func': funcTypes.push(funcTypeIdx(d.type)); break;
      case 'table': tableElem.push(checkTableType(d.type, tc)); tableAddr.push(d.type.address === 'i64' ? I64 : I32); break;
      case 'memory': checkMemType(d.type); memAddr.push(d.type.address === 'i64' ? I64 : I32); break;
      case 'global': globalType.push(tc.val(d.type.type)); globalMut.push(d.type.mutable ? 1 : 0); importedGlobals++; break;
      case 'tag': tagTypes.push(tagType(d.type)); break;
    }
  }
  for (const f of m.funcs) funcTypes.push(funcTypeIdx(f.type));
  for (const t of m.tables) { tableElem.push(checkTableType(t.type, tc)); tableAddr.push(t.type.address === 'i64' ? I64 : I32); }
  for (const mem of m.memories) { checkMemType(mem.type); memAddr.push(mem.type.address === 'i64' ? I64 : I32); }
  for (const g of m.globals) { globalType.push(tc.val(g.type.type)); globalMut.push(g.type.mutable ? 1 : 0); }
  for (const t of m.tags) tagTypes.push(tagType(t.type));
  const elemTypes = m.elems.map((e) => tc.val(e.type));

  const fromBinary = m.funcs.some((f) => (f.offset ?? -1) >= 0);
  const ctx: ModuleContext = {
    tc,
    funcTypes: Int32Array.from(funcTypes),
    tableAddr: Uint8Array.from(tableAddr),
    tableElem: Int32Array.from(tableElem),
    memAddr: Uint8Array.from(memAddr),
    globalType: Int32Array.from(globalType),
    globalMut: Uint8Array.from(globalMut),
    globalCount: importedGlobals,
    tagTypes: Int32Array.from(tagTypes),
    elemTypes: Int32Array.from(elemTypes),
    dataCount: m.datas.length,
    hasDataCount: m.dataCount !== null || !fromBinary,
    declaredRefs: declaredRefs(m, funcTypes.length),
    customDescriptors: opts.customDescriptors === true,
  };
  const code = new CodeValidator(ctx);
  anchor ??= code;

  // Tables' initialisers see only imported globals (the table section precedes globals).
  ctx.globalCount = importedGlobals;
  m.tables.forEach((t, i) => {
    const et = tableElem[tableElem.length - m.tables.length + i];
    if (t.init) code.validateConst(t.init, et);
    else if (!isDefaultable(et)) fail('type mismatch: table of non-nullable references needs an initialiser');
  });
  // Each global sees the imported ones and those defined before it.
  m.globals.forEach((g, i) => {
    ctx.globalCount = importedGlobals + i;
    code.validateConst(g.init, globalType[importedGlobals + i]);
  });
  ctx.globalCount = globalType.length;

  m.elems.forEach((el, i) => {
    const et = elemTypes[i];
    if (el.mode === 'active') {
      const t = el.table ?? 0;
      if (t < 0 || t >= tableAddr.length) fail(`unknown table ${t}`);
      if (!tc.sub(et, tableElem[t])) fail('type mismatch: element segment does not match its table');
      if (!el.offset) fail('constant expression required');
      code.validateConst(el.offset, tableAddr[t]);
    }
    for (const e of el.init) code.validateConst(e, et);
  });
  for (const d of m.datas) {
    if (d.mode !== 'active') continue;
    if (d.memory < 0 || d.memory >= memAddr.length) fail(`unknown memory ${d.memory}`);
    if (!d.offset) fail('constant expression required');
    code.validateConst(d.offset, memAddr[d.memory]);
  }

  if (m.start !== null) {
    if (m.start < 0 || m.start >= funcTypes.length) fail(`unknown function ${m.start}`);
    const t = funcTypes[m.start];
    if (tc.params[t].length !== 0 || tc.results[t].length !== 0) fail('start function must have type [] -> []');
  }

  const names = new Set<string>();
  for (const ex of m.exports) {
    if (names.has(ex.name)) fail('duplicate export name');
    names.add(ex.name);
    const limit = ex.kind === 'func' ? funcTypes.length : ex.kind === 'table' ? tableAddr.length
      : ex.kind === 'memory' ? memAddr.length : ex.kind === 'global' ? globalType.length : tagTypes.length;
    if (ex.index < 0 || ex.index >= limit) fail(`unknown ${ex.kind === "func" ? "function" : ex.kind} ${ex.index}`);
  }

  const imported = funcTypes.length - m.funcs.length;
  for (let i = 0; i < m.funcs.length; i++) code.validateFunction(m.funcs[i], imported + i);
  // Per-instruction facts are recorded on demand, by a validator of their own (the
  // module is known valid by then, so re-validating one function cannot fail).
  let recorder: CodeValidator | null = null;
  const funcs: FuncInfo[] = m.funcs.map((f, i) =>
    new LazyFuncInfo(() => (recorder ??= new CodeValidator(ctx)).validateFunction(f, imported + i, true)));
  return { funcs, funcTypes, typeKeys: tc.keys };
}

validateModule(emptyModule());
keepShape(anchor);
