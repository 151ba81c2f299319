// Runtime type identity. Types are compared across modules iso-recursively: a
// type's canonical key spells out its whole recursion group, with references
// inside the group written relative to the group and references outside it
// replaced by those types' own keys. Equal keys mean equal types; each key is
// interned to one Rtt object, which also knows its declared supertype (for
// subtyping checks in call_indirect, casts and import matching).

import type { CompType, Module, StorageType, SubType } from '../ast.js';

export interface Rtt {
  readonly key: string;
  /** The declared supertype (at most one in 3.0), or null. */
  readonly super: Rtt | null;
  readonly final: boolean;
  readonly comp: CompType;
  /** Length of the supertype chain; lets subtype checks stop early. */
  readonly depth: number;
}

const interned = new Map<string, Rtt>();
const perModule = new WeakMap<Module, Rtt[]>();

/** The Rtt of every type index of `m` (memoised per module). */
export function moduleRtts(m: Module): Rtt[] {
  let r = perModule.get(m);
  if (r) return r;
  r = [];
  const keys: string[] = [];
  let start = 0;
  const groups = m.recGroups.length ? m.recGroups : m.types.map(() => 1);
  for (const n of groups) {
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(subKey(m.types[start + i], start, n, keys));
    const gkey = `rec(${parts.join(';')})`;
    for (let i = 0; i < n; i++) keys.push(n === 1 ? gkey : `${gkey}#${i}`);
    for (let i = 0; i < n; i++) {
      const t = m.types[start + i];
      const sup = t.supers.length ? t.supers[0] : -1;
      // A supertype inside the same group comes earlier in it, so it is already made.
      const superRtt = sup >= 0 ? r[sup] ?? null : null;
      const key = keys[start + i];
      let rtt = interned.get(key);
      if (!rtt) {
        rtt = { key, super: superRtt, final: t.final, comp: t.comp, depth: superRtt ? superRtt.depth + 1 : 0 };
        interned.set(key, rtt);
      }
      r.push(rtt);
    }
    start += n;
  }
  perModule.set(m, r);
  return r;
}

/** Is `a` the same as or a declared subtype of `b`? */
export function rttSubtype(a: Rtt, b: Rtt): boolean {
  if (a === b) return true;
  let x: Rtt | null = a;
  while (x && x.depth > b.depth) x = x.super;
  return x === b;
}

function subKey(t: SubType, start: number, n: number, keys: string[]): string {
  const ref = (i: number) => (i >= start && i < start + n ? `@${i - start}` : `{${keys[i]}}`);
  const st = (s: StorageType): string => {
    if (typeof s === 'string') return s;
    const h = typeof s.heap === 'number' ? ref(s.heap) : s.heap;
    return `${s.nullable ? 'null ' : ''}${s.exact ? 'exact ' : ''}${h}`;
  };
  const c = t.comp;
  let body: string;
  if (c.kind === 'func') body = `func(${c.params.map(st).join(',')})->(${c.results.map(st).join(',')})`;
  else if (c.kind === 'struct') body = `struct(${c.fields.map((f) => (f.mutable ? 'mut ' : '') + st(f.type)).join(',')})`;
  else body = `array(${(c.field.mutable ? 'mut ' : '') + st(c.field.type)})`;
  // Custom-descriptors clauses are part of a type's identity.
  const clauses = (t.describes !== undefined ? `describes ${ref(t.describes)} ` : '')
    + (t.descriptor !== undefined ? `descriptor ${ref(t.descriptor)} ` : '');
  return `sub${t.final ? ' final' : ''}[${t.supers.map(ref).join(',')}]${clauses}${body}`;
}
