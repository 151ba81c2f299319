// wagonette's WASI against transcripts recorded from wasmtime 49: random scripts of
// file operations (test/fixtures/wasi/wasmtime-ops/*.ops, made by gen.py, recorded by
// record.py) run through opsh.wasm, which calls WASI directly. Both backends must
// print what wasmtime printed. The one deliberate difference: an escape from the
// sandbox is ENOTCAPABLE (76) here and EPERM (63) in wasmtime, so both are read as
// one "refused" value (wasmtime also uses 63 for linking a directory).

import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MemFs } from '../src/host/wasi/index.js';
import { nodeFs } from '../src/host/wasi/nodefs.js';
import { FIXTURES, fixture, runOursNative, tempDir } from './fixtures/wasi/harness.js';

const OPS = path.join(FIXTURES, 'wasmtime-ops');
const scripts = fs.readdirSync(OPS).filter((f) => f.endsWith('.ops')).sort((a, b) => parseInt(a) - parseInt(b));

const normalise = (text: string) => text.replace(/: (63|76)$/gm, ': refused');

describe('WASI file operations match wasmtime', () => {
  it('has recorded scripts', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(10);
  });

  for (const script of scripts) {
    it(`script ${script} on both backends`, () => {
      const stdin = fs.readFileSync(path.join(OPS, script), 'utf8');
      const expected = normalise(fs.readFileSync(path.join(OPS, script.replace(/\.ops$/, '.wasmtime.txt')), 'utf8'));
      const dir = tempDir();
      try {
        const real = runOursNative(fixture('opsh.wasm'), { args: ['opsh'], stdin, preopens: { '.': { fs: nodeFs, path: dir } } });
        expect(normalise(real.stdout)).toBe(expected);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
      const mem = runOursNative(fixture('opsh.wasm'), { args: ['opsh'], stdin, preopens: { '.': { fs: new MemFs(), path: '/' } } });
      expect(normalise(mem.stdout)).toBe(expected);
    });
  }

  // fd-level calls. fd_fdstat_set_rights differs on purpose: wasmtime does not support
  // it (ENOTSUP, and reports every right); here rights can be dropped, as WASI specifies.
  it('fd-level calls on both backends', () => {
    const dropRights = (t: string) => t.split('\n').filter((l) => !/^(set_rights|rights after drop)/.test(l)).join('\n');
    const expected = dropRights(fs.readFileSync(path.join(OPS, 'fdops.wasmtime.txt'), 'utf8'));
    const dir = tempDir();
    try {
      const real = runOursNative(fixture('fdops.wasm'), { args: ['p'], preopens: { '.': { fs: nodeFs, path: dir } } });
      expect(dropRights(real.stdout)).toBe(expected);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const mem = runOursNative(fixture('fdops.wasm'), { args: ['p'], preopens: { '.': { fs: new MemFs(), path: '/' } } });
    expect(dropRights(mem.stdout)).toBe(expected);
  });
});
