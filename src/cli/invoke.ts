// `wasm-run --invoke NAME FILE ARGS...`: instantiate FILE (no imports), call the
// exported function NAME with ARGS parsed by its parameter types, and print
// each result on its own line.

import { countImports, type FuncType, type Module } from '../ast.js';
import { loadEngine } from './engine.js';
import { InputError, readModuleFile } from './load.js';
import { UsageError } from './usage.js';
import { formatValue, parseArg } from './values.js';

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** The type of exported function `name`, or an InputError saying what is wrong. */
export function exportedFuncType(m: Module, name: string, file: string): FuncType {
  const exp = m.exports.find((e) => e.name === name);
  if (!exp) {
    const funcs = m.exports.filter((e) => e.kind === 'func').map((e) => e.name);
    throw new InputError(`${file}: no export named "${name}"${funcs.length ? ` (exported functions: ${funcs.join(', ')})` : ''}`);
  }
  if (exp.kind !== 'func') throw new InputError(`${file}: export "${name}" is a ${exp.kind}, not a function`);
  let typeIndex: number;
  const imported = countImports(m, 'func');
  if (exp.index < imported) {
    const funcImports = m.imports.filter((im) => im.desc.kind === 'func');
    typeIndex = (funcImports[exp.index]!.desc as { type: number }).type;
  } else {
    typeIndex = m.funcs[exp.index - imported]!.type;
  }
  const comp = m.types[typeIndex]!.comp;
  if (comp.kind !== 'func') throw new InputError(`${file}: export "${name}" has no function type`);
  return comp;
}

export async function invokeCommand(args: string[], io: Io): Promise<number> {
  const [name, file, ...rest] = args;
  if (name === undefined || name.startsWith('--')) throw new UsageError('--invoke needs NAME FILE [ARGS...]');
  if (file === undefined) throw new UsageError(`--invoke ${name} needs a FILE`);
  const engine = await loadEngine();
  const bytes = readModuleFile(engine, file);
  const ast = engine.decodeModule(bytes);
  const type = exportedFuncType(ast, name, file);
  if (rest.length !== type.params.length) {
    throw new UsageError(`"${name}" takes ${type.params.length} argument${type.params.length === 1 ? '' : 's'} (${type.params.map((p) => (typeof p === 'string' ? p : 'ref')).join(' ') || 'none'}), got ${rest.length}`);
  }
  const values = rest.map((a, i) => parseArg(a, type.params[i]!));
  const instance = new engine.W.Instance(new engine.W.Module(bytes), {});
  const results = engine.invokeExport(instance, name, values);
  for (const r of results) io.out(formatValue(r, engine.refKind));
  return 0;
}
