// wasi_snapshot_preview1 functions called directly with a fake Caller over a
// plain memory: layouts, errnos, readdir cookies, and robustness against any
// argument values (an errno, never a JS exception).

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Caller, HostFuncSpec } from '../src/exec/host.js';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MemFs, wasi, WasiExit, Errno, type FsDir } from '../src/host/wasi/index.js';
import { nodeFs } from '../src/host/wasi/nodefs.js';
import { emptyModule } from '../src/ast.js';
import { nativeLinearMemory } from './fixtures/wasi/harness.js';

const ALL = ['args_get', 'args_sizes_get', 'environ_get', 'environ_sizes_get', 'clock_res_get', 'clock_time_get', 'fd_advise',
  'fd_allocate', 'fd_close', 'fd_datasync', 'fd_fdstat_get', 'fd_fdstat_set_flags', 'fd_fdstat_set_rights', 'fd_filestat_get',
  'fd_filestat_set_size', 'fd_filestat_set_times', 'fd_pread', 'fd_prestat_get', 'fd_prestat_dir_name', 'fd_pwrite', 'fd_read',
  'fd_readdir', 'fd_renumber', 'fd_seek', 'fd_sync', 'fd_tell', 'fd_write', 'path_create_directory', 'path_filestat_get',
  'path_filestat_set_times', 'path_link', 'path_open', 'path_readlink', 'path_remove_directory', 'path_rename', 'path_symlink',
  'path_unlink_file', 'poll_oneoff', 'proc_exit', 'proc_raise', 'sched_yield', 'random_get', 'sock_accept', 'sock_recv',
  'sock_send', 'sock_shutdown'];

/** A WASI instance over a MemFs preopened as "/sandbox" (fd 3), with a fake caller. */
function setup(files: Record<string, string> = {}, preopen?: FsDir) {
  const fs = new MemFs();
  for (const [p, c] of Object.entries(files)) fs.writeFile(p, c);
  const out: Uint8Array[] = [];
  const w = wasi({ args: ['prog', 'arg1'], env: { A: 'b' }, preopens: { '/sandbox': preopen ?? { fs, path: '/' } }, stdout: (b) => out.push(b), stdin: 'input!' });
  const memory = new WebAssembly.Memory({ initial: 1 });
  const caller: Caller = { instance: null, memory: () => nativeLinearMemory(memory), getExport: () => undefined };
  const bytes = () => new Uint8Array(memory.buffer);
  const view = () => new DataView(memory.buffer);
  const call = (name: string, ...args: (number | bigint)[]) => (w.functions[name] as HostFuncSpec).impl(caller, ...args) as number;
  let strTop = 40000;
  /** Put a string in memory; returns [ptr, len]. */
  const str = (s: string): [number, number] => {
    const b = new TextEncoder().encode(s);
    bytes().set(b, strTop);
    const r: [number, number] = [strTop, b.length];
    strTop += b.length + 8;
    return r;
  };
  const open = (path: string, oflags = 0, rights = 0x1fffffffn, fdflags = 0): number => {
    const [p, l] = str(path);
    const rc = call('path_open', 3, 1, p, l, oflags, rights, rights, fdflags, 100);
    if (rc !== 0) return -rc;
    return view().getUint32(100, true);
  };
  const iov = (at: number, ptr: number, len: number) => { view().setUint32(at, ptr, true); view().setUint32(at + 4, len, true); };
  return { fs, w, call, bytes, view, str, open, iov, out, memory };
}

describe('WASI functions', () => {
  it('provides all 46 functions with their wasm types', () => {
    const { w } = setup();
    expect(Object.keys(w.functions).sort()).toEqual([...ALL].sort());
    expect(w.functions.fd_seek!.params).toEqual(['i32', 'i64', 'i32', 'i32']);
    expect(w.functions.path_open!.params).toEqual(['i32', 'i32', 'i32', 'i32', 'i32', 'i64', 'i64', 'i32', 'i32']);
    expect(w.functions.proc_exit!.results).toEqual([]);
    expect(w.functions.clock_time_get!.params).toEqual(['i32', 'i64', 'i32']);
  });

  it('lays out args and environ as pointer arrays of NUL-terminated strings', () => {
    const { call, view, bytes } = setup();
    expect(call('args_sizes_get', 0, 4)).toBe(0);
    expect([view().getUint32(0, true), view().getUint32(4, true)]).toEqual([2, 10]);
    expect(call('args_get', 16, 64)).toBe(0);
    expect(view().getUint32(16, true)).toBe(64);
    expect(view().getUint32(20, true)).toBe(69);
    expect(new TextDecoder().decode(bytes().subarray(64, 74))).toBe('prog\0arg1\0');
    expect(call('environ_sizes_get', 0, 4)).toBe(0);
    expect([view().getUint32(0, true), view().getUint32(4, true)]).toEqual([1, 4]);
  });

  it('describes preopens through fd_prestat_get and fd_prestat_dir_name', () => {
    const { call, view, bytes } = setup();
    expect(call('fd_prestat_get', 3, 0)).toBe(0);
    expect(bytes()[0]).toBe(0);
    expect(view().getUint32(4, true)).toBe(8);
    expect(call('fd_prestat_dir_name', 3, 16, 3)).toBe(Errno.NAMETOOLONG);
    expect(call('fd_prestat_dir_name', 3, 16, 8)).toBe(0);
    expect(new TextDecoder().decode(bytes().subarray(16, 24))).toBe('/sandbox');
    expect(call('fd_prestat_get', 4, 0)).toBe(Errno.BADF);
    expect(call('fd_prestat_get', 1, 0)).toBe(Errno.BADF);
  });

  it('reads, writes, seeks, and reports file state', () => {
    const { call, view, open, iov, str, fs } = setup({ '/f.txt': 'abcdef' });
    const fd = open('f.txt');
    expect(fd).toBeGreaterThanOrEqual(4);
    iov(0, 200, 4);
    expect(call('fd_read', fd, 0, 1, 8)).toBe(0);
    expect(view().getUint32(8, true)).toBe(4);
    expect(call('fd_tell', fd, 16)).toBe(0);
    expect(view().getBigUint64(16, true)).toBe(4n);
    expect(call('fd_seek', fd, -10n, 1, 16)).toBe(Errno.INVAL);
    expect(call('fd_seek', fd, -2n, 2, 16)).toBe(0);
    expect(view().getBigUint64(16, true)).toBe(4n);
    expect(call('fd_seek', fd, 0n, 7, 16)).toBe(Errno.INVAL);
    const [p, l] = str('XY');
    iov(0, p, l);
    expect(call('fd_pwrite', fd, 0, 1, 1n, 8)).toBe(0);
    expect(new TextDecoder().decode(fs.readFile('/f.txt'))).toBe('aXYdef');
    expect(call('fd_allocate', fd, 10n, 5n)).toBe(Errno.NOTSUP);
    expect(call('fd_allocate', 3, 10n, 5n)).toBe(Errno.BADF);
    expect(call('fd_filestat_set_size', fd, 15n)).toBe(0);
    expect(fs.readFile('/f.txt').length).toBe(15);
    expect(call('fd_filestat_set_size', fd, 3n)).toBe(0);
    expect(call('fd_filestat_get', fd, 300)).toBe(0);
    expect(view().getUint8(316)).toBe(4); // regular file
    expect(view().getBigUint64(332, true)).toBe(3n);
    expect(call('fd_filestat_set_times', fd, 5n, 7n, 1 | 4)).toBe(0);
    expect(call('fd_filestat_get', fd, 300)).toBe(0);
    expect([view().getBigUint64(340, true), view().getBigUint64(348, true)]).toEqual([5n, 7n]);
    expect(call('fd_filestat_set_times', fd, 0n, 0n, 1 | 2)).toBe(Errno.INVAL);
    expect(call('fd_advise', fd, 0n, 0n, 1)).toBe(0);
    expect(call('fd_advise', fd, 0n, 0n, 9)).toBe(Errno.INVAL);
    expect(call('fd_sync', fd)).toBe(0);
    expect(call('fd_datasync', fd)).toBe(0);
    expect(call('fd_close', fd)).toBe(0);
    expect(call('fd_close', fd)).toBe(Errno.BADF);
  });

  it('appends with FDFLAGS_APPEND and honours read-only opens', () => {
    const { call, open, iov, str, fs } = setup({ '/log': '123' });
    const fd = open('log', 0, 0x40n /* fd_write */, 1 /* append */);
    const [p, l] = str('45');
    iov(0, p, l);
    expect(call('fd_write', fd, 0, 1, 8)).toBe(0);
    expect(new TextDecoder().decode(fs.readFile('/log'))).toBe('12345');
    const ro = open('log', 0, 0x2n /* fd_read */);
    expect(call('fd_write', ro, 0, 1, 8)).toBe(Errno.BADF);
    expect(call('fd_fdstat_get', ro, 64)).toBe(0);
  });

  it('writes stdout and reads stdin through the hooks', () => {
    const { call, iov, str, out, view, bytes } = setup();
    const [p, l] = str('hello');
    iov(0, p, 2);
    iov(8, p + 2, 3);
    expect(call('fd_write', 1, 0, 2, 16)).toBe(0);
    expect(view().getUint32(16, true)).toBe(5);
    expect(new TextDecoder().decode(out[0])).toBe('hello');
    iov(0, 500, 3);
    iov(8, 600, 10);
    expect(call('fd_read', 0, 0, 2, 16)).toBe(0);
    expect(view().getUint32(16, true)).toBe(6);
    expect(new TextDecoder().decode(bytes().subarray(500, 503)) + new TextDecoder().decode(bytes().subarray(600, 603))).toBe('input!');
    expect(call('fd_read', 0, 0, 2, 16)).toBe(0);
    expect(view().getUint32(16, true)).toBe(0);
    expect(call('fd_seek', 1, 0n, 0, 16)).toBe(Errno.SPIPE);
  });

  it('changes rights only downwards and renumbers fds', () => {
    const { call, open, view } = setup({ '/a': 'A' });
    const fd = open('a');
    expect(call('fd_fdstat_set_rights', fd, 2n, 0n)).toBe(0);
    expect(call('fd_fdstat_set_rights', fd, 6n, 0n)).toBe(Errno.NOTCAPABLE);
    expect(call('fd_fdstat_get', fd, 0)).toBe(0);
    expect(view().getBigUint64(8, true)).toBe(2n);
    expect(call('fd_fdstat_set_flags', fd, 1)).toBe(0);
    expect(call('fd_renumber', fd, 3)).toBe(0);
    expect(call('fd_fdstat_get', fd, 0)).toBe(Errno.BADF);
    expect(call('fd_fdstat_get', 3, 0)).toBe(0);
    expect(view().getUint8(0)).toBe(4);
    expect(call('fd_renumber', 3, 77)).toBe(Errno.BADF);
  });

  it('handles paths: mkdir, symlink, readlink (truncating), rename, link, unlink, rmdir, stat', () => {
    const { call, str, view, bytes, fs } = setup({ '/x': 'data' });
    const s = (t: string) => str(t);
    expect(call('path_create_directory', 3, ...s('d'))).toBe(0);
    expect(call('path_create_directory', 3, ...s('d'))).toBe(Errno.EXIST);
    expect(call('path_symlink', ...s('../x'), 3, ...s('d/l'))).toBe(0);
    expect(call('path_readlink', 3, ...s('d/l'), 700, 64, 8)).toBe(0);
    expect(view().getUint32(8, true)).toBe(4);
    expect(call('path_readlink', 3, ...s('d/l'), 700, 2, 8)).toBe(0);
    expect(view().getUint32(8, true)).toBe(2);
    expect(new TextDecoder().decode(bytes().subarray(700, 702))).toBe('..');
    expect(call('path_filestat_get', 3, 1, ...s('d/l'), 300)).toBe(0);
    expect(view().getUint8(316)).toBe(4);
    expect(call('path_filestat_get', 3, 0, ...s('d/l'), 300)).toBe(0);
    expect(view().getUint8(316)).toBe(7);
    expect(call('path_filestat_set_times', 3, 0, ...s('x'), 11n, 22n, 5)).toBe(0);
    expect(fs.stat('/x').mtim).toBe(22n);
    expect(call('path_link', 3, 0, ...s('x'), 3, ...s('d/hard'))).toBe(0);
    expect(fs.stat('/x').nlink).toBe(2n);
    expect(call('path_rename', 3, ...s('d/hard'), 3, ...s('moved'))).toBe(0);
    expect(fs.exists('/moved')).toBe(true);
    expect(call('path_remove_directory', 3, ...s('d'))).toBe(Errno.NOTEMPTY);
    expect(call('path_unlink_file', 3, ...s('d'))).toBe(Errno.ISDIR);
    expect(call('path_unlink_file', 3, ...s('d/l'))).toBe(0);
    expect(call('path_remove_directory', 3, ...s('d'))).toBe(0);
    expect(call('path_remove_directory', 3, ...s('.'))).toBe(Errno.INVAL);
    expect(call('path_unlink_file', 3, ...s('../x'))).toBe(Errno.NOTCAPABLE);
    expect(call('path_open', 3, 0, ...s('x'), 2 /* directory */, 0n, 0n, 0, 8)).toBe(Errno.NOTDIR);
    expect(call('path_open', 3, 0, ...s('x'), 1 | 4 /* creat|excl */, 0n, 0n, 0, 8)).toBe(Errno.EXIST);
    expect(call('path_open', 3, 0, ...s('nope'), 0, 0n, 0n, 0, 8)).toBe(Errno.NOENT);
  });

  it('fd_readdir: cookies resume exactly, truncated entries fill the buffer', () => {
    const names = Array.from({ length: 40 }, (_, i) => `file-${i}-${'z'.repeat(i % 7)}`);
    const files = Object.fromEntries(names.map((n) => [`/dir/${n}`, '']));
    const { call, view, bytes, open } = setup(files);
    const dfd = open('dir', 2, 0x4000n);
    expect(dfd).toBeGreaterThan(3);
    // Read with a small buffer, resuming from each complete entry's d_next, as wasi-libc does.
    const seen: string[] = [];
    let cookie = 0n;
    for (let guard = 0; guard < 1000; guard++) {
      const bufLen = 100;
      expect(call('fd_readdir', dfd, 1000, bufLen, cookie, 8)).toBe(0);
      const used = view().getUint32(8, true);
      let off = 0;
      let progressed = false;
      while (off + 24 <= used) {
        const next = view().getBigUint64(1000 + off, true);
        const nlen = view().getUint32(1000 + off + 16, true);
        if (off + 24 + nlen > used) break; // truncated: resume from here
        seen.push(new TextDecoder().decode(bytes().subarray(1000 + off + 24, 1000 + off + 24 + nlen)));
        cookie = next;
        off += 24 + nlen;
        progressed = true;
      }
      if (used < bufLen) break;
      expect(progressed).toBe(true);
    }
    expect(seen).toEqual(['.', '..', ...names]);
    expect(call('fd_readdir', dfd, 1000, 100, 1n << 62n, 8)).toBe(0);
    expect(view().getUint32(8, true)).toBe(0);
    expect(call('fd_readdir', 1, 1000, 100, 0n, 8)).toBe(Errno.BADF);
  });

  it('serves wasi_unstable with its own whence order, filestat and subscription layouts', () => {
    const { w, open, view, memory } = setup({ '/u.txt': '0123456789' });
    const caller: Caller = { instance: null, memory: () => nativeLinearMemory(memory), getExport: () => undefined };
    const u = (name: string) => {
      const spec = w.resolve({ module: 'wasi_unstable', name, desc: { kind: 'func', type: 0 }, importer: emptyModule() }) as HostFuncSpec;
      return (...a: (number | bigint)[]) => spec.impl(caller, ...a) as number;
    };
    expect(Object.keys(w.unstableFunctions).length).toBe(46);
    const fd = open('u.txt');
    expect(u('fd_seek')(fd, 3n, 2 /* SET in snapshot 0 */, 0)).toBe(0);
    expect(view().getBigUint64(0, true)).toBe(3n);
    expect(u('fd_seek')(fd, 2n, 0 /* CUR */, 0)).toBe(0);
    expect(view().getBigUint64(0, true)).toBe(5n);
    expect(u('fd_seek')(fd, -1n, 1 /* END */, 0)).toBe(0);
    expect(view().getBigUint64(0, true)).toBe(9n);
    expect(u('fd_filestat_get')(fd, 100)).toBe(0);
    expect(view().getUint8(116)).toBe(4);
    expect(view().getUint32(120, true)).toBe(1); // nlink: u32 at 20
    expect(view().getBigUint64(124, true)).toBe(10n); // size at 24
    // A clock subscription: identifier at 16, clock id at 24, timeout at 32.
    view().setBigUint64(200, 77n, true);
    view().setUint8(208, 0);
    view().setBigUint64(216, 123n, true);
    view().setUint32(224, 1, true);
    view().setBigUint64(232, 1_000_000n, true);
    view().setUint16(248, 0, true);
    expect(u('poll_oneoff')(200, 400, 1, 8)).toBe(0);
    expect(view().getUint32(8, true)).toBe(1);
    expect(view().getBigUint64(400, true)).toBe(77n);
    expect(w.resolve({ module: 'wasi_unstable', name: 'nope', desc: { kind: 'func', type: 0 }, importer: emptyModule() })).toBeUndefined();
  });

  it('fd_readdir: a program unlinking entries as it reads still sees every entry once', () => {
    const names = Array.from({ length: 300 }, (_, i) => `n${i}`);
    const { call, view, bytes, open, str, fs } = setup(Object.fromEntries(names.map((n) => [`/del/${n}`, ''])));
    const dfd = open('del', 2, 0x4000n);
    let cookie = 0n;
    const seen: string[] = [];
    for (;;) {
      expect(call('fd_readdir', dfd, 1000, 256, cookie, 8)).toBe(0);
      const used = view().getUint32(8, true);
      let off = 0;
      while (off + 24 <= used) {
        const nlen = view().getUint32(1000 + off + 16, true);
        if (off + 24 + nlen > used) break;
        const name = new TextDecoder().decode(bytes().subarray(1000 + off + 24, 1000 + off + 24 + nlen));
        cookie = view().getBigUint64(1000 + off, true);
        off += 24 + nlen;
        if (name === '.' || name === '..') continue;
        seen.push(name);
        expect(call('path_unlink_file', 3, ...str(`del/${name}`))).toBe(0);
      }
      if (used < 256) break;
    }
    expect(seen.sort()).toEqual([...names].sort());
    expect(fs.readdir('/del')).toEqual([]);
  });

  it('poll_oneoff: ready fds at once, clocks after their timeout', () => {
    const { call, view, open } = setup({ '/p': '12345' });
    const fd = open('p');
    const sub = (i: number, userdata: bigint, tag: number, fdOrClock: number, timeout = 0n) => {
      const s = 2000 + i * 48;
      view().setBigUint64(s, userdata, true);
      view().setUint8(s + 8, tag);
      view().setUint32(s + 16, fdOrClock, true);
      view().setBigUint64(s + 24, timeout, true);
      view().setUint16(s + 40, 0, true);
    };
    sub(0, 11n, 1, fd);
    sub(1, 22n, 0, 1, 5_000_000_000n);
    expect(call('poll_oneoff', 2000, 3000, 2, 8)).toBe(0);
    expect(view().getUint32(8, true)).toBe(1);
    expect(view().getBigUint64(3000, true)).toBe(11n);
    expect(view().getBigUint64(3016, true)).toBe(5n);
    sub(0, 33n, 0, 1, 30_000_000n);
    const t0 = performance.now();
    expect(call('poll_oneoff', 2000, 3000, 1, 8)).toBe(0);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(25);
    expect(view().getBigUint64(3000, true)).toBe(33n);
    expect(view().getUint8(3010)).toBe(0);
    expect(call('poll_oneoff', 2000, 3000, 0, 8)).toBe(Errno.INVAL);
    sub(0, 44n, 0, 9 /* no such clock */, 0n);
    expect(call('poll_oneoff', 2000, 3000, 1, 8)).toBe(Errno.INVAL);
  });

  it('clocks, random, sockets, proc_raise, proc_exit', () => {
    const { call, view, bytes } = setup();
    expect(call('clock_time_get', 0, 0n, 0)).toBe(0);
    const real = view().getBigUint64(0, true);
    expect(Number(real / 1_000_000n) - Date.now()).toBeLessThan(1000);
    expect(call('clock_time_get', 9, 0n, 0)).toBe(Errno.INVAL);
    expect(call('clock_res_get', 1, 0)).toBe(0);
    expect(view().getBigUint64(0, true)).toBeGreaterThan(0n);
    expect(call('random_get', 100, 200000)).toBe(Errno.FAULT);
    expect(call('random_get', 100, 1000)).toBe(0);
    expect(bytes().subarray(100, 1100).some((b) => b !== 0)).toBe(true);
    expect(call('sock_accept', 3, 0, 0)).toBe(Errno.NOTSOCK);
    expect(call('sock_recv', 99, 0, 0, 0, 0, 0)).toBe(Errno.BADF);
    expect(call('sock_send', 1, 0, 0, 0, 0)).toBe(Errno.NOTSOCK);
    expect(call('sock_shutdown', 1, 0)).toBe(Errno.NOTSOCK);
    expect(call('proc_raise', 6)).toBe(Errno.NOSYS);
    expect(call('sched_yield')).toBe(0);
    expect(() => call('proc_exit', 3)).toThrow(WasiExit);
    try { call('proc_exit', 3); } catch (e) { expect((e as WasiExit).code).toBe(3); }
  });

  it.each(['memfs', 'nodefs'])('answers any arguments with an errno, never a JS exception (%s)', (backend) => {
    const outer = backend === 'nodefs' ? fs.mkdtempSync(path.join(os.tmpdir(), 'wagonette-fuzz-')) : '';
    const hostDir = outer ? path.join(outer, 'box') : '';
    if (hostDir) fs.mkdirSync(hostDir);
    const { call, bytes } = setup({ '/a': 'x', '/d/b': 'y' }, backend === 'nodefs' ? { fs: nodeFs, path: hostDir } : undefined);
    // Path-like bytes everywhere, so random pointers and lengths make plausible (and hostile) paths.
    const pattern = new TextEncoder().encode('a/../d/b/./x/..//a\0/z/../../');
    for (let i = 0; i < 65536; i += pattern.length) bytes().set(pattern.subarray(0, Math.min(pattern.length, 65536 - i)), i);
    const arg = fc.oneof(fc.integer({ min: -5, max: 70000 }), fc.constantFrom(0, 3, 4, 65535, 65536, 0xffffffff, -1));
    const arg64 = fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.constantFrom(0n, 1n, -1n));
    const names = ALL.filter((n) => n !== 'proc_exit' && n !== 'poll_oneoff');
    const { w } = setup();
    fc.assert(fc.property(fc.constantFrom(...names), fc.array(arg, { minLength: 9, maxLength: 9 }), fc.array(arg64, { minLength: 3, maxLength: 3 }), (name, ints, longs) => {
      const spec = w.functions[name]!;
      let li = 0;
      const args = spec.params.map((t, i) => (t === 'i64' ? longs[li++ % 3]! : ints[i]!));
      const rc = call(name, ...args);
      expect(Number.isInteger(rc) && rc >= 0 && rc <= 76).toBe(true);
    }), { numRuns: backend === 'nodefs' ? 1500 : 3000 });
    if (hostDir) {
      // Nothing was created outside the preopened directory.
      expect(fs.readdirSync(outer)).toEqual(['box']);
      fs.rmSync(outer, { recursive: true, force: true });
    }
  });
});
