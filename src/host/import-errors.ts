// Describing imports in text-format style, and the one LinkError that lists
// every import nobody supplied. No dependencies beyond the AST and errors, so
// the engine's instantiation can use it.

import type { ImportDesc, Module, RefType, ValType } from '../ast.js';
import { LinkError } from '../errors.js';
import type { ImportRequest } from '../exec/host.js';


function refTypeText(r: RefType): string {
  if (r.nullable && typeof r.heap === 'string') {
    const short: Record<string, string> = { func: 'funcref', extern: 'externref', any: 'anyref', eq: 'eqref', i31: 'i31ref', struct: 'structref', array: 'arrayref', exn: 'exnref', none: 'nullref', nofunc: 'nullfuncref', noextern: 'nullexternref', noexn: 'nullexnref' };
    if (short[r.heap]) return short[r.heap]!;
  }
  return `(ref ${r.nullable ? 'null ' : ''}${r.heap})`;
}

export function valTypeText(t: ValType): string {
  return typeof t === 'string' ? t : refTypeText(t);
}

function limitsText(min: number, max: number | null): string {
  return max === null ? `${min}` : `${min} ${max}`;
}

/** An import's type in text-format style, e.g. `func (param i32) (result i32)`. */
export function importTypeText(desc: ImportDesc, m: Module): string {
  switch (desc.kind) {
    case 'func':
    case 'tag': {
      const t = m.types[desc.type]?.comp;
      if (!t || t.kind !== 'func') return `${desc.kind} (type ${desc.type})`;
      const ps = t.params.length ? ` (param ${t.params.map(valTypeText).join(' ')})` : '';
      const rs = t.results.length ? ` (result ${t.results.map(valTypeText).join(' ')})` : '';
      return `${desc.kind}${ps}${rs}`;
    }
    case 'memory': {
      const t = desc.type;
      return `memory ${t.address === 'i64' ? 'i64 ' : ''}${limitsText(t.limits.min, t.limits.max)}${t.shared ? ' shared' : ''}`;
    }
    case 'table':
      return `table ${desc.type.address === 'i64' ? 'i64 ' : ''}${limitsText(desc.type.limits.min, desc.type.limits.max)} ${refTypeText(desc.type.elem)}`;
    case 'global':
      return `global ${desc.type.mutable ? `(mut ${valTypeText(desc.type.type)})` : valTypeText(desc.type.type)}`;
  }
}

/** One LinkError naming every import nobody supplied. */
export function missingImportsError(missing: ImportRequest[]): LinkError {
  // Starts with "unknown import", the spec suite's wording for assert_unlinkable.
  if (missing.length === 1) {
    const r = missing[0]!;
    return new LinkError(`unknown import ${r.module}.${r.name}: ${importTypeText(r.desc, r.importer)}`);
  }
  const lines = missing.map((r) => `  ${r.module}.${r.name}: ${importTypeText(r.desc, r.importer)}`);
  return new LinkError(`unknown imports (${missing.length}):\n${lines.join('\n')}`);
}

