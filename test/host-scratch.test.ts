import { it } from 'vitest';
import { MemFs, wasi } from '../src/host/wasi/index.js';
import { fixture, nativeImports } from './fixtures/wasi/harness.js';
it('x', () => {
  const w = wasi({ args: ['stat'], preopens: { '.': { fs: new MemFs() } }, stdout: () => {} });
  const traced = { name: 't', resolve(req: any) { const s: any = w.resolve(req); if (!s) return s; return { ...s, impl: (c: any, ...a: any[]) => { const r = s.impl(c, ...a); if (req.name.startsWith('path')) console.log(req.name, a.map(String).join(','), '->', r); return r; } }; } };
  const mod = new WebAssembly.Module(fixture('stat.wasm'));
  let inst: any; inst = new WebAssembly.Instance(mod, nativeImports(mod, [traced as any], {}, () => inst));
  try { inst.exports._start(); } catch (e) { console.log(String(e)); }
});
