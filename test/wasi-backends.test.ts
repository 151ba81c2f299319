// The in-memory backend behaves like the real file system: random sequences of
// WASI path operations give the same errnos, the same stats and the same
// directory contents on MemFs and on NodeFs (through the same WASI layer).

import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Caller, HostFuncSpec } from '../src/exec/host.js';
import { MemFs, wasi, type FsDir } from '../src/host/wasi/index.js';
import { nodeFs } from '../src/host/wasi/nodefs.js';
import { nativeLinearMemory, tempDir } from './fixtures/wasi/harness.js';

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

type Op =
  | { op: 'mkdir' | 'rmdir' | 'unlink' | 'stat' | 'lstat' | 'list' | 'readlink'; p: string }
  | { op: 'rename' | 'link'; a: string; b: string }
  | { op: 'symlink'; target: string; p: string }
  | { op: 'write'; p: string; data: string; flags: number }
  | { op: 'read'; p: string };

/** A driver for one backend: runs ops through the WASI functions and reports what the guest would see. */
function driver(preopen: FsDir) {
  const w = wasi({ preopens: { '.': preopen } });
  const memory = new WebAssembly.Memory({ initial: 1 });
  const caller: Caller = { instance: null, memory: () => nativeLinearMemory(memory), getExport: () => undefined };
  const view = () => new DataView(memory.buffer);
  const bytes = () => new Uint8Array(memory.buffer);
  const call = (name: string, ...a: (number | bigint)[]) => (w.functions[name] as HostFuncSpec).impl(caller, ...a) as number;
  let top = 8192;
  const str = (s: string): [number, number] => {
    const b = new TextEncoder().encode(s);
    bytes().set(b, top);
    const r: [number, number] = [top, b.length];
    top += b.length;
    return r;
  };
  const openFd = (p: string, oflags: number, rights: bigint): number | string => {
    const rc = call('path_open', 3, 1, ...str(p), oflags, rights, 0n, 0, 0);
    return rc === 0 ? view().getUint32(0, true) : `errno ${rc}`;
  };
  const listDir = (p: string): string => {
    const fd = openFd(p, 2, 0x4000n);
    if (typeof fd === 'string') return fd;
    const names: string[] = [];
    let cookie = 0n;
    for (;;) {
      const rc = call('fd_readdir', fd, 100, 4000, cookie, 0);
      if (rc !== 0) return `errno ${rc}`;
      const used = view().getUint32(0, true);
      let off = 0;
      while (off + 24 <= used) {
        const n = view().getUint32(100 + off + 16, true);
        if (off + 24 + n > used) break;
        const type = view().getUint8(100 + off + 20);
        names.push(`${new TextDecoder().decode(bytes().subarray(100 + off + 24, 100 + off + 24 + n))}:${type}`);
        cookie = view().getBigUint64(100 + off, true);
        off += 24 + n;
      }
      if (used < 4000) break;
    }
    call('fd_close', fd);
    return names.sort().join(',');
  };
  return (o: Op): string => {
    top = 8192;
    switch (o.op) {
      case 'mkdir': return `rc ${call('path_create_directory', 3, ...str(o.p))}`;
      case 'rmdir': return `rc ${call('path_remove_directory', 3, ...str(o.p))}`;
      case 'unlink': return `rc ${call('path_unlink_file', 3, ...str(o.p))}`;
      case 'rename': return `rc ${call('path_rename', 3, ...str(o.a), 3, ...str(o.b))}`;
      case 'link': return `rc ${call('path_link', 3, 0, ...str(o.a), 3, ...str(o.b))}`;
      case 'symlink': return `rc ${call('path_symlink', ...str(o.target), 3, ...str(o.p))}`;
      case 'readlink': {
        const rc = call('path_readlink', 3, ...str(o.p), 200, 100, 0);
        return rc ? `rc ${rc}` : new TextDecoder().decode(bytes().subarray(200, 200 + view().getUint32(0, true)));
      }
      case 'stat': case 'lstat': {
        const rc = call('path_filestat_get', 3, o.op === 'stat' ? 1 : 0, ...str(o.p), 300);
        if (rc) return `rc ${rc}`;
        const type = view().getUint8(316);
        // Directory sizes and nlink differ between file systems; files' do not.
        return type === 3 ? 'dir' : `type ${type} nlink ${view().getBigUint64(324, true)} size ${type === 4 ? view().getBigUint64(332, true) : '-'}`;
      }
      case 'list': return listDir(o.p);
      case 'write': {
        const fd = openFd(o.p, o.flags, 0x40n | 0x2n);
        if (typeof fd === 'string') return fd;
        const [p, l] = str(o.data);
        view().setUint32(16, p, true);
        view().setUint32(20, l, true);
        const rc = call('fd_write', fd, 16, 1, 24);
        call('fd_close', fd);
        return `rc ${rc} wrote ${view().getUint32(24, true)}`;
      }
      case 'read': {
        const fd = openFd(o.p, 0, 0x2n);
        if (typeof fd === 'string') return fd;
        view().setUint32(16, 500, true);
        view().setUint32(20, 200, true);
        const rc = call('fd_read', fd, 16, 1, 24);
        call('fd_close', fd);
        return rc ? `rc ${rc}` : new TextDecoder().decode(bytes().subarray(500, 500 + view().getUint32(24, true)));
      }
    }
  };
}

const name = fc.constantFrom('a', 'b', 'c', 'a/x', 'a/y', 'b/x', 'a/x/z', 'l', 'a/l', '.', 'a/..', 'a/../b', 'l/x', 'b/');
const target = fc.constantFrom('a', 'b', 'x', '..', 'a/x', 'l', 'nowhere', '../a', 'a/../b');
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constantFrom('mkdir', 'rmdir', 'unlink', 'stat', 'lstat', 'list', 'readlink', 'read') as fc.Arbitrary<'mkdir'>, p: name }),
  fc.record({ op: fc.constantFrom('rename', 'link') as fc.Arbitrary<'rename'>, a: name, b: name }),
  fc.record({ op: fc.constant('symlink' as const), target, p: name }),
  fc.record({ op: fc.constant('write' as const), p: name, data: fc.string({ maxLength: 12 }), flags: fc.constantFrom(0, 1, 1 | 4, 1 | 8, 8) }),
);

describe('MemFs against the real file system', () => {
  it('random operation sequences give the same results on both', () => {
    fc.assert(fc.property(fc.array(opArb, { minLength: 1, maxLength: 30, size: 'max' }), (ops) => {
      const host = tempDir();
      dirs.push(host);
      const real = driver({ fs: nodeFs, path: host });
      const mem = driver({ fs: new MemFs(), path: '/' });
      // A starting tree, so that the random operations find things to act on.
      const setup: Op[] = [
        { op: 'mkdir', p: 'a' }, { op: 'mkdir', p: 'a/x' }, { op: 'write', p: 'a/y', data: 'hello', flags: 1 },
        { op: 'symlink', target: 'a', p: 'l' }, { op: 'write', p: 'c', data: 'see', flags: 1 },
      ];
      const transcript = (run: (o: Op) => string) => [...setup, ...ops].map((o) => `${JSON.stringify(o)} -> ${run(o)}`)
        .concat(['.', 'a', 'a/x', 'b'].map((p) => `final ${p} -> ${run({ op: 'list', p })}`));
      const onReal = transcript(real);
      const onMem = transcript(mem);
      fs.rmSync(host, { recursive: true, force: true });
      expect(onMem).toEqual(onReal);
    }), { numRuns: 400 });
  }, 120_000);
});
