// Capability confinement: the guest reaches only its preopened directory, on both
// backends, whatever it tries (.., absolute paths, symlinks out, renames out).

import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MemFs, WasiError } from '../src/host/wasi/index.js';
import { NodeFs } from '../src/host/wasi/nodefs.js';
import { resolvePath } from '../src/host/wasi/paths.js';
import { Errno } from '../src/host/wasi/errno.js';
import { fixture, runNodeWasi, runOursEngine, runOursNative, tempDir } from './fixtures/wasi/harness.js';

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

/** Every attempt refused, and only the final in-sandbox open allowed. */
function checkTranscript(stdout: string): void {
  const lines = stdout.trim().split('\n');
  expect(lines.length).toBeGreaterThan(15);
  for (const l of lines.slice(0, -1)) expect(l).toMatch(/: refused$/);
  expect(lines.at(-1)).toBe('inside still works: SUCCEEDED');
}

function listTree(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      out.push(path.relative(root, p) + (e.isDirectory() ? '/' : ''));
      if (e.isDirectory()) walk(p);
    }
  };
  walk(root);
  return out.sort();
}

describe('sandbox escapes', () => {
  it('all fail on the real file system and nothing outside changes', () => {
    const outer = tempDir();
    dirs.push(outer);
    fs.writeFileSync(path.join(outer, 'secret.txt'), 'top secret');
    fs.mkdirSync(path.join(outer, 'box'));
    const before = listTree(outer).filter((p) => !p.startsWith('box'));
    const r = runOursNative(fixture('sandbox.wasm'), { args: ['sandbox'], preopens: { '.': { fs: new NodeFs(), path: path.join(outer, 'box') } } });
    expect(r.exitCode).toBe(0);
    checkTranscript(r.stdout);
    expect(listTree(outer).filter((p) => !p.startsWith('box'))).toEqual(before);
    expect(fs.readFileSync(path.join(outer, 'secret.txt'), 'utf8')).toBe('top secret');
    // Node's own WASI refuses the same things.
    const outer2 = tempDir();
    dirs.push(outer2);
    fs.writeFileSync(path.join(outer2, 'secret.txt'), 'top secret');
    fs.mkdirSync(path.join(outer2, 'box'));
    expect(runNodeWasi(fixture('sandbox.wasm'), { args: ['sandbox'], dir: path.join(outer2, 'box') }).stdout).toBe(r.stdout);
  });

  it('all fail on the in-memory file system and nothing outside changes', () => {
    const mem = new MemFs();
    mem.writeFile('/secret.txt', 'top secret');
    mem.mkdirp('/box');
    const r = runOursNative(fixture('sandbox.wasm'), { args: ['sandbox'], preopens: { '.': { fs: mem, path: '/box' } } });
    checkTranscript(r.stdout);
    expect(mem.readdir('/').map((e) => e.name).sort()).toEqual(['box', 'secret.txt']);
    expect(new TextDecoder().decode(mem.readFile('/secret.txt'))).toBe('top secret');
  });

  it('all fail when run on the wagonette engine too', async () => {
    const outer = tempDir();
    dirs.push(outer);
    fs.writeFileSync(path.join(outer, 'secret.txt'), 'top secret');
    fs.mkdirSync(path.join(outer, 'box'));
    const r = await runOursEngine(fixture('sandbox.wasm'), { args: ['sandbox'], preopens: { '.': { fs: new NodeFs(), path: path.join(outer, 'box') } } });
    expect(r).not.toBeNull();
    checkTranscript(r!.stdout);
    expect(listTree(outer).filter((p) => !p.startsWith('box'))).toEqual(['box/', 'secret.txt'].filter((p) => !p.startsWith('box')));
    const mem = new MemFs();
    mem.writeFile('/secret.txt', 'top secret');
    mem.mkdirp('/box');
    const m = await runOursEngine(fixture('sandbox.wasm'), { args: ['sandbox'], preopens: { '.': { fs: mem, path: '/box' } } });
    checkTranscript(m!.stdout);
    expect(mem.readdir('/').map((e) => e.name).sort()).toEqual(['box', 'secret.txt']);
  }, 60_000);
});

describe('resolvePath', () => {
  // A tree a/b/c with a file f in each directory, a symlink "up" -> ".." in a/b,
  // "out" -> "../../.." in a, and "abs" -> "/etc" at the top.
  const mem = new MemFs();
  mem.mkdirp('/root/a/b/c');
  for (const d of ['/root', '/root/a', '/root/a/b', '/root/a/b/c']) mem.writeFile(`${d}/f`, 'x');
  mem.symlink('..', '/root/a/b/up');
  mem.symlink('../../..', '/root/a/out');
  mem.symlink('/etc', '/root/abs');
  mem.symlink('loop2', '/root/loop1');
  mem.symlink('loop1', '/root/loop2');

  const errno = (f: () => unknown): number => {
    try { f(); return 0; } catch (e) { if (e instanceof WasiError) return e.errno; throw e; }
  };

  it('normalises like POSIX when it stays inside, refuses when it would leave', () => {
    const comp = fc.constantFrom('.', '..', 'a', 'b', 'c');
    fc.assert(fc.property(fc.array(comp, { minLength: 1, maxLength: 8 }), fc.array(fc.constantFrom('a', 'b'), { maxLength: 2 }), (parts, start) => {
      // Reference: walk the components lexically (no symlinks among a/b/c).
      const dir = start[0] === 'a' ? (start[1] === 'b' ? ['a', 'b'] : ['a']) : [];
      const stack = [...dir];
      let escapes = false, missing = false;
      for (const p of parts) {
        if (p === '.') continue;
        if (p === '..') { if (stack.length === 0) { escapes = true; break; } stack.pop(); continue; }
        if (missing) continue;
        const expectNext = ['a', 'b', 'c'][stack.length];
        stack.push(p);
        if (p !== expectNext) missing = true;
      }
      const got = (() => { try { return resolvePath(mem, '/root', dir, parts.join('/'), true); } catch (e) { return e as WasiError; } })();
      if (escapes) {
        expect(got).toBeInstanceOf(WasiError);
        // A missing directory on the way may be reported first.
        expect([Errno.NOTCAPABLE, Errno.NOENT]).toContain((got as WasiError).errno);
      } else if (!(got instanceof WasiError)) {
        expect(got.rel).toEqual(stack);
        expect(got.path.startsWith('/root')).toBe(true);
      } else {
        expect(missing).toBe(true);
        expect(got.errno).toBe(Errno.NOENT);
      }
    }), { numRuns: 500 });
  });

  it('follows symlinks inside and refuses those that leave', () => {
    expect(resolvePath(mem, '/root', [], 'a/b/up/f', true).rel).toEqual(['a', 'f']);
    expect(resolvePath(mem, '/root', [], 'a/b/up/b/up/b/c', true).rel).toEqual(['a', 'b', 'c']);
    expect(resolvePath(mem, '/root', [], 'a/b/up', false).rel).toEqual(['a', 'b', 'up']);
    expect(errno(() => resolvePath(mem, '/root', [], 'a/out', true))).toBe(Errno.NOTCAPABLE);
    expect(errno(() => resolvePath(mem, '/root', [], 'a/out/x', false))).toBe(Errno.NOTCAPABLE);
    expect(errno(() => resolvePath(mem, '/root', [], 'abs/passwd', false))).toBe(Errno.NOTCAPABLE);
    expect(errno(() => resolvePath(mem, '/root', [], '/etc/passwd', false))).toBe(Errno.NOTCAPABLE);
    expect(errno(() => resolvePath(mem, '/root', [], 'loop1', true))).toBe(Errno.LOOP);
    expect(errno(() => resolvePath(mem, '/root', [], 'f/x', true))).toBe(Errno.NOTDIR);
    expect(errno(() => resolvePath(mem, '/root', [], 'f/', false))).toBe(Errno.NOTDIR);
    expect(errno(() => resolvePath(mem, '/root', [], '', false))).toBe(Errno.NOENT);
  });
});
