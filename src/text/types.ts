// Text-format type syntax: value types, reference types, heap types, limits.
// Type indices are resolved through a callback so these helpers stay free of
// module state.

import type { AbsHeapType, HeapType, RefType, StorageType, ValType } from '../ast.js';
import { type Cursor, isList, head, type SNode, Cursor as C } from './sexpr.js';
import { TextError } from './lexer.js';

const ABS_HEAP: ReadonlySet<string> = new Set([
  'func', 'nofunc', 'extern', 'noextern', 'any', 'eq', 'i31', 'struct', 'array', 'none', 'exn', 'noexn',
]);

/** Reference type abbreviations such as `funcref` → `(ref null func)`. */
const REF_ABBREV: ReadonlyMap<string, AbsHeapType> = new Map<string, AbsHeapType>([
  ['funcref', 'func'], ['externref', 'extern'], ['anyref', 'any'], ['eqref', 'eq'], ['i31ref', 'i31'],
  ['structref', 'struct'], ['arrayref', 'array'], ['nullref', 'none'], ['nullfuncref', 'nofunc'],
  ['nullexternref', 'noextern'], ['exnref', 'exn'], ['nullexnref', 'noexn'],
]);

/** Resolves a type reference (id or number) to a type index. */
export type TypeResolver = (n: SNode) => number;

export function errorAt(n: SNode | { line: number; col: number }, msg: string): never {
  throw new TextError(msg, n.line, n.col);
}

/** A heap type atom: an abstract name or a type index. */
export function parseHeapType(n: SNode | undefined, resolveType: TypeResolver, at: Cursor): HeapType {
  if (n === undefined) at.error('unexpected token');
  if (n.kind === 'keyword' && ABS_HEAP.has(n.text)) return n.text as AbsHeapType;
  if (n.kind === 'id' || n.kind === 'reserved') return resolveType(n);
  return errorAt(n, 'unexpected token');
}

/** A heap type that may be `(exact x)` (custom-descriptors proposal; only for type indices). */
export function parseHeapTypeExact(n: SNode | undefined, resolveType: TypeResolver, at: Cursor): { heap: HeapType; exact: boolean } {
  if (n !== undefined && isList(n) && head(n) === 'exact') {
    const inner = new C(n.items, n);
    inner.next();
    const x = inner.next();
    if (x === undefined || (x.kind !== 'id' && x.kind !== 'reserved')) return errorAt(x ?? n, 'unexpected token');
    const heap = resolveType(x);
    inner.expectEnd();
    return { heap, exact: true };
  }
  return { heap: parseHeapType(n, resolveType, at), exact: false };
}

/** A reference type at the cursor (`funcref` or `(ref null? ht)`), or null when there is none. */
export function tryRefType(c: Cursor, resolveType: TypeResolver): RefType | null {
  const n = c.peek();
  if (n === undefined) return null;
  if (n.kind === 'keyword') {
    const abs = REF_ABBREV.get(n.text);
    if (abs === undefined) return null;
    c.next();
    return { nullable: true, heap: abs };
  }
  if (isList(n) && head(n) === 'ref') {
    c.next();
    const inner = new C(n.items, n);
    inner.next();
    const nullable = inner.eatKeyword('null');
    const { heap, exact } = parseHeapTypeExact(inner.next(), resolveType, inner);
    inner.expectEnd();
    return exact ? { nullable, heap, exact } : { nullable, heap };
  }
  return null;
}

export function parseRefType(c: Cursor, resolveType: TypeResolver): RefType {
  const r = tryRefType(c, resolveType);
  if (!r) return unexpectedType(c);
  return r;
}

const NUM_VEC: ReadonlySet<string> = new Set(['i32', 'i64', 'f32', 'f64', 'v128']);

/** A value type at the cursor, or null. */
export function tryValType(c: Cursor, resolveType: TypeResolver): ValType | null {
  const n = c.peek();
  if (n && n.kind === 'keyword' && NUM_VEC.has(n.text)) {
    c.next();
    return n.text as ValType;
  }
  return tryRefType(c, resolveType);
}

export function parseValType(c: Cursor, resolveType: TypeResolver): ValType {
  const t = tryValType(c, resolveType);
  if (!t) return unexpectedType(c);
  return t;
}

/** A keyword where a type belongs is an unknown (e.g. obsolete) type name. */
function unexpectedType(c: Cursor): never {
  const n = c.peek();
  if (n && (n.kind === 'keyword' || n.kind === 'reserved')) errorAt(n, `unknown operator ${n.text}`);
  return c.error('unexpected token');
}

/** A storage type: a value type or packed i8/i16. */
export function parseStorageType(c: Cursor, resolveType: TypeResolver): StorageType {
  const n = c.peek();
  if (n && n.kind === 'keyword' && (n.text === 'i8' || n.text === 'i16')) {
    c.next();
    return n.text;
  }
  return parseValType(c, resolveType);
}
