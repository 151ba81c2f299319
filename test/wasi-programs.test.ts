// Real C programs (test/fixtures/wasi/*.c, built by build.sh) run under wagonette's
// WASI on both backends, compared with Node's node:wasi running the same .wasm.

import { afterAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MemFs } from '../src/host/wasi/index.js';
import { NodeFs, nodeWasi } from '../src/host/wasi/nodefs.js';
import type { WasiOptions } from '../src/host/wasi/index.js';
import { fixture, nativeImports, runNodeWasi, runOursEngine, runOursNative, tempDir, type RunResult } from './fixtures/wasi/harness.js';

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

function freshDir(): string {
  const d = tempDir();
  dirs.push(d);
  return d;
}

type Backend = 'memfs' | 'nodefs';

function ourOptions(backend: Backend, args: string[], env: Record<string, string>, stdin?: string): WasiOptions {
  const preopens = backend === 'memfs'
    ? { '.': { fs: new MemFs(), path: '/' } }
    : { '.': { fs: new NodeFs(), path: freshDir() } };
  return { args, env, preopens, stdin };
}

interface Case { program: string; args?: string[]; env?: Record<string, string>; stdin?: string; expectCode?: number }

const cases: Case[] = [
  { program: 'hello', args: ['hello'] },
  { program: 'hello', args: ['hello', 'cat'], stdin: 'line one\nline two with ünïcode\n' },
  { program: 'args_env', args: ['args_env', 'first', 'with space', '', 'ümlaut'], env: { HOME: '/home/guest', EMPTY: '', 'A_B': 'x=y' } },
  { program: 'files', args: ['files'] },
  { program: 'readdir', args: ['readdir'] },
  { program: 'fsops', args: ['fsops'] },
  { program: 'stat', args: ['stat'] },
  { program: 'clocks', args: ['clocks', String(Math.floor(Date.now() / 1000))] },
  { program: 'random', args: ['random'] },
  { program: 'sleep', args: ['sleep'] },
  { program: 'exitcode', args: ['exitcode', '0'], expectCode: 0 },
  { program: 'exitcode', args: ['exitcode', '42'], expectCode: 42 },
  { program: 'exitcode', args: ['exitcode', '3', 'return'], expectCode: 3 },
  { program: 'exitcode', args: ['exitcode', '255'], expectCode: 255 },
];

function label(c: Case): string {
  return `${c.program} ${(c.args ?? []).slice(1).map((a) => JSON.stringify(a)).join(' ')}`.trim();
}

describe.each(['memfs', 'nodefs'] as Backend[])('WASI programs on %s', (backend) => {
  for (const c of cases) {
    it(`${label(c)} matches node:wasi`, async () => {
      const bytes = fixture(`${c.program}.wasm`);
      const args = c.args ?? [c.program];
      const env = c.env ?? {};
      const expected = runNodeWasi(bytes, { args, env, dir: freshDir(), stdin: c.stdin });
      const ours = runOursNative(bytes, ourOptions(backend, args, env, c.stdin));
      expect(ours).toEqual(expected);
      if (c.expectCode !== undefined) expect(ours.exitCode).toBe(c.expectCode);
      // The same on the wagonette engine (readdir's 1,000 files only once: it is the slow one).
      if (backend === 'nodefs' && c.program === 'readdir') return;
      const viaEngine: RunResult | null = await runOursEngine(bytes, ourOptions(backend, args, env, c.stdin));
      expect(viaEngine).not.toBeNull();
      expect(viaEngine).toEqual(expected);
    }, 30_000);
  }
});

describe('nodeWasi', () => {
  it('takes preopens as host paths and runs on the real file system', () => {
    const host = freshDir();
    fs.writeFileSync(path.join(host, 'pre-existing.txt'), 'kept');
    const bytes = fixture('fsops.wasm');
    const out: Uint8Array[] = [];
    const w = nodeWasi({ args: ['fsops'], preopens: { '.': host }, stdout: (b) => out.push(b) });
    const mod = new WebAssembly.Module(bytes);
    let inst!: WebAssembly.Instance;
    inst = new WebAssembly.Instance(mod, nativeImports(mod, [w], {}, () => inst));
    (inst.exports._start as () => void)();
    const expected = runNodeWasi(bytes, { args: ['fsops'], dir: freshDir() });
    expect(Buffer.concat(out).toString()).toBe(expected.stdout);
    expect(fs.readdirSync(host)).toEqual(['pre-existing.txt']);
  });
});
