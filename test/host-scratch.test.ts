import { it } from 'vitest';
import { MemFs, wasi } from '../src/host/wasi/index.js';
import { NodeFs } from '../src/host/wasi/nodefs.js';
import { fixture, tempDir } from './fixtures/wasi/harness.js';
import { WebAssembly as W } from '../src/index.js';
it('x', () => {
  for (const fsys of [{ fs: new MemFs(), path: '/' }, { fs: new NodeFs(), path: tempDir() }]) {
  const w = wasi({ args: ['readdir'], preopens: { '.': fsys }, stdout: () => {} });
  const times = new Map<string, [number, number]>();
  const timed = { name: 't', resolve(req: any) { const s: any = w.resolve(req); if (!s) return s; return { ...s, impl: (c: any, ...a: any[]) => { const t = performance.now(); try { return s.impl(c, ...a); } finally { const e = times.get(req.name) ?? [0, 0]; e[0] += performance.now() - t; e[1]++; times.set(req.name, e); } } }; } };
  const t0 = performance.now();
  const inst = new W.Instance(new W.Module(fixture('readdir.wasm')), [timed as any]);
  try { (inst.exports._start as any)(); } catch (e) { }
  console.log('total', (performance.now() - t0).toFixed(0), [...times].map(([k, [t, n]]) => `${k}:${t.toFixed(0)}ms/${n}`).join(' '));
  }
}, 120000);
