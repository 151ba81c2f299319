// Resolvers: where imports come from. An Instance asks its resolvers in order
// and takes the first answer that is not undefined (src/exec/host.ts).

import type { Module } from '../ast.js';
import { RuntimeError } from '../errors.js';
import type { HostFuncSpec, ImportRequest, Resolver } from '../exec/host.js';

export { wasi } from './wasi/wasi.js';
export { env } from './env.js';
export { importTypeText, missingImportsError, valTypeText } from './import-errors.js';
import { missingImportsError } from './import-errors.js';

/** Answers from a JS-API import object: `{ module: { name: value } }`. */
export function importObjectResolver(obj: Record<string, unknown>, name = 'imports'): Resolver {
  return {
    name,
    resolve(req) {
      const ns = obj[req.module];
      if (ns === null || (typeof ns !== 'object' && typeof ns !== 'function')) return undefined;
      return (ns as Record<string, unknown>)[req.name];
    },
  };
}

/** Answers from other instances' exports, by module name (`--preload NAME=FILE`). */
export function instancesResolver(instances: Record<string, { exports: Record<string, unknown> }> | Map<string, { exports: Record<string, unknown> }>): Resolver {
  const get = (n: string) => (instances instanceof Map ? instances.get(n) : Object.prototype.hasOwnProperty.call(instances, n) ? instances[n] : undefined);
  return {
    name: 'instances',
    resolve(req) {
      const inst = get(req.module);
      if (!inst) return undefined;
      return Object.prototype.hasOwnProperty.call(inst.exports, req.name) ? inst.exports[req.name] : undefined;
    },
  };
}

/** One resolver asking several in order. */
export function chain(...resolvers: (Resolver | undefined | null | false)[]): Resolver {
  const list = resolvers.filter((r): r is Resolver => !!r);
  return {
    name: list.map((r) => r.name).join(' > '),
    resolve(req) {
      for (const r of list) {
        const v = r.resolve(req);
        if (v !== undefined) return v;
      }
      return undefined;
    },
  };
}

/** Last in a chain: links every missing function to a stub that traps when called. */
export function trapUnknownImportsResolver(): Resolver {
  return {
    name: 'trap-unknown-imports',
    resolve(req): HostFuncSpec | undefined {
      if (req.desc.kind !== 'func') return undefined;
      const t = req.importer.types[req.desc.type]?.comp;
      if (!t || t.kind !== 'func') return undefined;
      const what = `${req.module}.${req.name}`;
      return {
        params: t.params, results: t.results, name: what,
        impl: () => { throw new RuntimeError(`unresolved import called: ${what}`); },
      };
    },
  };
}

/** Ask `resolvers` for each of the module's imports; throws one LinkError listing all that are missing. */
export function resolveImports(m: Module, resolvers: Resolver[]): unknown[] {
  const values: unknown[] = [];
  const missing: ImportRequest[] = [];
  for (const imp of m.imports) {
    const req: ImportRequest = { module: imp.module, name: imp.name, desc: imp.desc, importer: m };
    let v: unknown;
    for (const r of resolvers) {
      v = r.resolve(req);
      if (v !== undefined) break;
    }
    if (v === undefined) missing.push(req);
    values.push(v);
  }
  if (missing.length > 0) throw missingImportsError(missing);
  return values;
}
