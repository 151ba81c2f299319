// Which post-2.0 features a module uses, judged from its AST. The text tests use
// it to decide whether Node 20's native engine (V8 11.3) can cross-check a module:
// V8 11.3 has SIMD, reference types, bulk memory, tail calls and legacy exception
// handling, but not GC, typed function references, exnref, memory64, multi-memory,
// relaxed SIMD, extended constant expressions, table initialisers or custom page sizes.

import type { Expr, HeapType, Module, RefType, StorageType } from '../ast.js';
import { OP_BY_CODE, Op, PREFIX_GC, PREFIX_MISC, PREFIX_SIMD } from '../binary/opcodes.js';

const NODE20_HEAPS: ReadonlySet<HeapType> = new Set<HeapType>(['func', 'extern']);

function refUnsupported(r: RefType): boolean {
  return !r.nullable || !NODE20_HEAPS.has(r.heap);
}

function typeUnsupported(t: StorageType): boolean {
  if (typeof t === 'string') return t === 'i8' || t === 'i16';
  return refUnsupported(t);
}

/** Opcodes of typed function references, GC and exnref. */
const NEW_REF_OPS = new Set<number>([
  Op.call_ref, Op.return_call_ref, Op.ref_as_non_null, Op.br_on_null, Op.br_on_non_null,
  Op.ref_eq, Op.try_table, Op.throw_ref,
]);

const CONST_OPS = new Set<number>([
  Op.i32_const, Op.i64_const, Op.f32_const, Op.f64_const, Op.v128_const, Op.ref_null, Op.ref_func, Op.global_get, Op.end,
]);

function exprIssue(e: Expr, constant: boolean, importedGlobals = 0): string | null {
  for (const i of e) {
    if (constant && !CONST_OPS.has(i.op)) return 'extended-const';
    // 2.0 constant expressions may read imported globals only.
    if (constant && i.op === Op.global_get && (i.idx ?? 0) >= importedGlobals) return 'gc';
    if (i.op >> 12 === PREFIX_GC) return 'gc';
    if (NEW_REF_OPS.has(i.op)) return 'function-references/exnref';
    if (i.op >> 12 === PREFIX_SIMD && OP_BY_CODE.get(i.op)?.name.includes('relaxed')) return 'relaxed-simd';
    if (i.op >> 12 === PREFIX_MISC && (i.op & 0xfff) >= 19 && (i.op & 0xfff) <= 22) return 'wide-arithmetic';
    if (i.mem && i.mem.memory !== 0) return 'multi-memory';
    if (i.heap !== undefined && !NODE20_HEAPS.has(i.heap)) return 'gc';
    if (i.types && i.types.some(typeUnsupported)) return 'gc';
    if (i.blockType !== null && i.blockType !== undefined && typeof i.blockType === 'object' && refUnsupported(i.blockType)) return 'gc';
    // memory.size/grow/fill carry their memory in idx; copy/init carry a second one.
    const name = OP_BY_CODE.get(i.op)?.name ?? '';
    if (name.startsWith('memory.') && ((i.idx ?? 0) !== 0 || (i.idx2 ?? 0) !== 0) && name !== 'memory.init') return 'multi-memory';
    if (name === 'memory.init' && (i.idx2 ?? 0) !== 0) return 'multi-memory';
  }
  return null;
}

/** Why Node 20 cannot validate this module natively, or null when it should be able to. */
export function nativeUnsupported(m: Module): string | null {
  if (m.recGroups.some((n) => n > 1)) return 'gc';
  for (const t of m.types) {
    if (!t.final || t.supers.length) return 'gc';
    if (t.comp.kind !== 'func') return 'gc';
    if ([...t.comp.params, ...t.comp.results].some(typeUnsupported)) return 'gc';
  }
  let memories = 0;
  const importedGlobals = m.imports.filter((im) => im.desc.kind === 'global').length;
  for (const im of m.imports) {
    const d = im.desc;
    if (d.kind === 'func' && d.exact) return 'custom-descriptors';
    if (d.kind === 'memory') {
      memories++;
      if (d.type.address === 'i64') return 'memory64';
      if (d.type.pageSizeLog2 !== undefined) return 'custom-page-sizes';
    }
    if (d.kind === 'table' && (d.type.address === 'i64' || refUnsupported(d.type.elem))) return d.type.address === 'i64' ? 'memory64' : 'gc';
    if (d.kind === 'global' && typeUnsupported(d.type.type)) return 'gc';
  }
  for (const mem of m.memories) {
    memories++;
    if (mem.type.address === 'i64') return 'memory64';
    if (mem.type.pageSizeLog2 !== undefined) return 'custom-page-sizes';
  }
  if (memories > 1) return 'multi-memory';
  for (const t of m.tables) {
    if (t.type.address === 'i64') return 'memory64';
    if (refUnsupported(t.type.elem)) return 'gc';
    if (t.init) return 'table-init';
  }
  for (const g of m.globals) {
    if (typeUnsupported(g.type.type)) return 'gc';
    const w = exprIssue(g.init, true, importedGlobals);
    if (w) return w;
  }
  for (const e of m.elems) {
    if (refUnsupported(e.type) && !(e.type.heap === 'func' && !e.exprs)) return 'gc';
    for (const x of [...(e.offset ? [e.offset] : []), ...e.init]) {
      const w = exprIssue(x, true, importedGlobals);
      if (w) return w;
    }
  }
  for (const d of m.datas) {
    if (d.memory !== 0) return 'multi-memory';
    const w = d.offset && exprIssue(d.offset, true, importedGlobals);
    if (w) return w;
  }
  for (const f of m.funcs) {
    if (f.locals.some((l) => typeUnsupported(l.type))) return 'gc';
    const w = exprIssue(f.body, false);
    if (w) return w;
  }
  return null;
}
