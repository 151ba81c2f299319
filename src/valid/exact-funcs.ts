// Custom-descriptors proposal: `ref.func f` has the exact type of f, except for
// functions imported without `exact` (the provider may be a subtype). Computed
// once per module.

import type { Module } from '../ast.js';

const cache = new WeakMap<Module, Uint8Array>();

/** 1 per function index whose reference is inexact (an inexact import); defined functions are 0. */
export function inexactFuncRefs(m: Module): Uint8Array {
  let r = cache.get(m);
  if (r) return r;
  let n = 0;
  for (const im of m.imports) if (im.desc.kind === 'func') n++;
  r = new Uint8Array(n);
  let i = 0;
  for (const im of m.imports) if (im.desc.kind === 'func') r[i++] = im.desc.exact ? 0 : 1;
  cache.set(m, r);
  return r;
}
