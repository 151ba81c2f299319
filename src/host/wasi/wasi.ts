// wasi_snapshot_preview1: all 46 functions as host functions that reach the
// caller's memory through the Caller, and `wasi(options)`, the Resolver that
// supplies them. Behaviour follows wasmtime where the WASI docs leave room.

import type { ValType } from '../../ast.js';
import type { Caller, HostFuncSpec, ImportRequest, Resolver } from '../../exec/host.js';
import { GuestMemory, encodeUtf8 } from '../guest-memory.js';
import { clockNow, clockResolution, sleepNs } from './clocks.js';
import {
  ClockId, DIRECTORY_RIGHTS, EventType, FILE_RIGHTS, FdFlags, FileType, FstFlags, LookupFlags, OFlags,
  PREOPENTYPE_DIR, Rights, SUBSCRIPTION_CLOCK_ABSTIME, TTY_RIGHTS, Whence,
} from './constants.js';
import { Errno, WasiError, errnoFromPosixCode } from './errno.js';
import { WasiExit } from './exit.js';
import { FdTable, fileTypeOfFd, type DirFd, type FdEntry, type FileFd } from './fdtable.js';
import { joinPath, type FileStat, type FileSystem } from './fs.js';
import { resolvePath, type ResolvedPath } from './paths.js';
import { defaultSink, inputStream, type InputSource, type OutputSink } from './stdio.js';

export const WASI_MODULE = 'wasi_snapshot_preview1';
/** The older snapshot 0, still imported by some binaries. */
export const WASI_UNSTABLE_MODULE = 'wasi_unstable';

/** A preopen target: a directory of some file system backend. */
export interface FsDir {
  fs: FileSystem;
  /** Backend path of the directory; '/' when omitted. */
  path?: string;
}

export interface WasiOptions {
  /** argv, program name first. */
  args?: string[];
  /** Environment: an object, or "NAME=VALUE" strings. */
  env?: Record<string, string> | string[];
  /** Guest directory name → backend path (in `fs`) or a backend directory. */
  preopens?: Record<string, string | FsDir>;
  /** Backend for preopens given as strings. */
  fs?: FileSystem;
  stdin?: InputSource;
  stdout?: OutputSink;
  stderr?: OutputSink;
}

/** The Resolver for "wasi_snapshot_preview1", plus its state for embedders. */
export interface WasiResolver extends Resolver {
  readonly functions: Readonly<Record<string, HostFuncSpec>>;
  /** The same for module "wasi_unstable" (snapshot 0 layouts). */
  readonly unstableFunctions: Readonly<Record<string, HostFuncSpec>>;
  readonly fds: FdTable;
}

const I32: ValType = 'i32';
const I64: ValType = 'i64';

const FILESTAT_SIZE = 64;
const DIRENT_HEADER = 24;
/** Where a subscription's fields are: preview1 and the older wasi_unstable differ. */
interface SubscriptionLayout { size: number; clockId: number; timeout: number; flags: number }
const PREVIEW1_SUBSCRIPTION: SubscriptionLayout = { size: 48, clockId: 16, timeout: 24, flags: 40 };
/** wasi_unstable's clock subscription starts with a u64 identifier. */
const UNSTABLE_SUBSCRIPTION: SubscriptionLayout = { size: 56, clockId: 24, timeout: 32, flags: 48 };
const EVENT_SIZE = 32;
/** Largest single transfer (keeps buffers reasonable; programs loop). */
const MAX_IO = 64 * 1024 * 1024;

/** The errno to return for an exception, or rethrow it (exits, traps, bugs). */
function errnoOf(e: unknown): number {
  if (e instanceof WasiError) return e.errno;
  if (e instanceof WasiExit) throw e;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^E[A-Z0-9]+$/.test(code)) return errnoFromPosixCode(code);
  throw e;
}

/** An i64 argument as a bigint, whatever the embedder passed (it should be a bigint). */
function toBigInt(x: unknown): bigint {
  if (typeof x === 'bigint') return x;
  const n = Number(x);
  return Number.isFinite(n) ? BigInt(Math.trunc(n)) : 0n;
}

function u64(x: bigint): bigint {
  return BigInt.asUintN(64, x);
}

function writeFilestat(m: GuestMemory, ptr: number, s: FileStat): void {
  m.check(ptr, FILESTAT_SIZE);
  m.bytes(ptr, FILESTAT_SIZE).fill(0);
  m.setU64(ptr, s.dev);
  m.setU64(ptr + 8, s.ino);
  m.setU8(ptr + 16, s.filetype);
  m.setU64(ptr + 24, s.nlink);
  m.setU64(ptr + 32, s.size);
  m.setU64(ptr + 40, s.atim);
  m.setU64(ptr + 48, s.mtim);
  m.setU64(ptr + 56, s.ctim);
}

/** wasi_unstable's filestat: nlink is a u32, so everything after it moves up. */
function writeFilestatUnstable(m: GuestMemory, ptr: number, s: FileStat): void {
  m.check(ptr, 56);
  m.bytes(ptr, 56).fill(0);
  m.setU64(ptr, s.dev);
  m.setU64(ptr + 8, s.ino);
  m.setU8(ptr + 16, s.filetype);
  m.setU32(ptr + 20, Number(s.nlink & 0xffff_ffffn));
  m.setU64(ptr + 24, s.size);
  m.setU64(ptr + 32, s.atim);
  m.setU64(ptr + 40, s.mtim);
  m.setU64(ptr + 48, s.ctim);
}

const STDIO_STAT: FileStat = {
  filetype: FileType.CHARACTER_DEVICE, dev: 0n, ino: 0n, nlink: 1n, size: 0n, atim: 0n, mtim: 0n, ctim: 0n,
};

/** New access and modification times from fst flags; null leaves a time alone. */
function timesFromFlags(atim: bigint, mtim: bigint, flags: number): [bigint | null, bigint | null] {
  if (flags & ~0xf) throw new WasiError(Errno.INVAL);
  if ((flags & FstFlags.ATIM) && (flags & FstFlags.ATIM_NOW)) throw new WasiError(Errno.INVAL);
  if ((flags & FstFlags.MTIM) && (flags & FstFlags.MTIM_NOW)) throw new WasiError(Errno.INVAL);
  const now = flags & (FstFlags.ATIM_NOW | FstFlags.MTIM_NOW) ? clockNow(ClockId.REALTIME) : 0n;
  const a = flags & FstFlags.ATIM ? u64(atim) : flags & FstFlags.ATIM_NOW ? now : null;
  const m = flags & FstFlags.MTIM ? u64(mtim) : flags & FstFlags.MTIM_NOW ? now : null;
  return [a, m];
}

/** argv/environ layout: pointer array + packed NUL-terminated strings. */
function writeStringList(m: GuestMemory, list: Uint8Array[], ptrsPtr: number, bufPtr: number): void {
  let p = bufPtr;
  list.forEach((s, i) => {
    m.setU32(ptrsPtr + i * 4, p);
    m.write(p, s);
    m.setU8(p + s.length, 0);
    p += s.length + 1;
  });
}

function encodeAll(strings: string[]): Uint8Array[] {
  return strings.map((s) => encodeUtf8(s));
}

/** Create the WASI state and its functions. */
export function wasi(options: WasiOptions = {}): WasiResolver {
  const args = encodeAll(options.args ?? []);
  const envList = Array.isArray(options.env)
    ? options.env
    : Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${v}`);
  const environ = encodeAll(envList);

  const fds = new FdTable();
  const stdout = options.stdout ?? defaultSink(1);
  const stderr = options.stderr ?? defaultSink(2);
  fds.set(0, { kind: 'stdio', input: inputStream(options.stdin), rightsBase: TTY_RIGHTS, rightsInheriting: 0n, fdflags: 0 });
  fds.set(1, { kind: 'stdio', output: stdout, rightsBase: TTY_RIGHTS, rightsInheriting: 0n, fdflags: FdFlags.APPEND });
  fds.set(2, { kind: 'stdio', output: stderr, rightsBase: TTY_RIGHTS, rightsInheriting: 0n, fdflags: FdFlags.APPEND });
  for (const [guest, target] of Object.entries(options.preopens ?? {})) {
    const fs = typeof target === 'string' ? options.fs : target.fs;
    if (!fs) throw new Error(`wasi: preopen "${guest}" names a path but no \`fs\` backend was given`);
    const root = typeof target === 'string' ? target : target.path ?? '/';
    const st = fs.stat(root);
    if (st.filetype !== FileType.DIRECTORY && st.filetype !== FileType.SYMBOLIC_LINK) {
      throw new Error(`wasi: preopen "${guest}" (${root}) is not a directory`);
    }
    fds.add({
      kind: 'dir', fs, root, rel: [], preopenName: guest,
      rightsBase: DIRECTORY_RIGHTS, rightsInheriting: DIRECTORY_RIGHTS | FILE_RIGHTS, fdflags: 0,
    });
  }

  const functions: Record<string, HostFuncSpec> = {};
  type Body = (caller: Caller, ...a: any[]) => void;
  /** A function returning errno; i32 arguments arrive unsigned, i64 as bigint. */
  const errnoFunction = (module: string, name: string, params: ValType[], body: Body): HostFuncSpec => {
    const impl = (caller: Caller, ...raw: unknown[]): number => {
      try {
        const a = params.map((t, i) => (t === I32 ? Number(raw[i]) >>> 0 : toBigInt(raw[i])));
        body(caller, ...a);
        return Errno.SUCCESS;
      } catch (e) {
        return errnoOf(e);
      }
    };
    return { params, results: [I32], impl, name: `${module}.${name}` };
  };
  const def = (name: string, params: ValType[], body: Body): void => {
    functions[name] = errnoFunction(WASI_MODULE, name, params, body);
  };
  const mem = (c: Caller): GuestMemory => GuestMemory.of(c);

  const resolveAt = (fd: number, path: string, follow: boolean): [DirFd, ResolvedPath] => {
    const d = fds.dir(fd);
    return [d, resolvePath(d.fs, d.root, d.rel, path, follow)];
  };
  const pathArg = (m: GuestMemory, ptr: number, len: number): string => m.string(ptr, len);
  /** The path must name something below the preopen, not the preopened directory itself. */
  const requireName = (r: ResolvedPath): void => {
    if (r.rel.length === 0) throw new WasiError(Errno.INVAL);
  };

  // ---- args, environment ----
  def('args_get', [I32, I32], (c, argv, buf) => writeStringList(mem(c), args, argv, buf));
  def('args_sizes_get', [I32, I32], (c, countPtr, sizePtr) => {
    const m = mem(c);
    m.setU32(countPtr, args.length);
    m.setU32(sizePtr, args.reduce((n, s) => n + s.length + 1, 0));
  });
  def('environ_get', [I32, I32], (c, envp, buf) => writeStringList(mem(c), environ, envp, buf));
  def('environ_sizes_get', [I32, I32], (c, countPtr, sizePtr) => {
    const m = mem(c);
    m.setU32(countPtr, environ.length);
    m.setU32(sizePtr, environ.reduce((n, s) => n + s.length + 1, 0));
  });

  // ---- clocks, randomness, scheduling ----
  def('clock_res_get', [I32, I32], (c, id, out) => mem(c).setU64(out, clockResolution(id)));
  def('clock_time_get', [I32, I64, I32], (c, id, _precision, out) => mem(c).setU64(out, clockNow(id)));
  def('random_get', [I32, I32], (c, ptr, len) => {
    const target = mem(c).bytes(ptr, len);
    // getRandomValues fills at most 64 KiB per call.
    for (let off = 0; off < len; off += 65536) {
      const chunk = new Uint8Array(Math.min(65536, len - off));
      crypto.getRandomValues(chunk);
      target.set(chunk, off);
    }
  });
  def('sched_yield', [], () => {});
  def('proc_raise', [I32], () => { throw new WasiError(Errno.NOSYS); });
  functions.proc_exit = {
    params: [I32], results: [],
    impl: (_c: Caller, code: unknown) => { throw new WasiExit(Number(code) >>> 0); },
    name: `${WASI_MODULE}.proc_exit`,
  };

  // ---- fds ----
  def('fd_advise', [I32, I64, I64, I32], (_c, fd, _off, _len, advice) => {
    const e = fds.get(fd);
    if (e.kind === 'dir') throw new WasiError(Errno.BADF);
    if (advice > 5) throw new WasiError(Errno.INVAL);
  });
  // wasmtime no longer implements preallocation: a valid file fd gets ENOTSUP.
  def('fd_allocate', [I32, I64, I64], (_c, fd) => {
    fds.file(fd);
    throw new WasiError(Errno.NOTSUP);
  });
  def('fd_close', [I32], (_c, fd) => {
    const e = fds.remove(fd);
    if (e.kind === 'file') e.handle.close();
  });
  def('fd_datasync', [I32], (_c, fd) => syncFd(fds.get(fd)));
  def('fd_sync', [I32], (_c, fd) => syncFd(fds.get(fd)));
  def('fd_fdstat_get', [I32, I32], (c, fd, out) => {
    const e = fds.get(fd);
    const m = mem(c);
    m.check(out, 24);
    m.bytes(out, 24).fill(0);
    m.setU8(out, fileTypeOfFd(e));
    m.setU16(out + 2, e.fdflags);
    m.setU64(out + 8, e.rightsBase);
    m.setU64(out + 16, e.rightsInheriting);
  });
  def('fd_fdstat_set_flags', [I32, I32], (_c, fd, flags) => {
    const e = fds.get(fd);
    // Only APPEND and NONBLOCK can change after opening (wasmtime rejects the sync flags).
    if (flags & ~(FdFlags.APPEND | FdFlags.NONBLOCK)) throw new WasiError(Errno.INVAL);
    e.fdflags = flags;
  });
  def('fd_fdstat_set_rights', [I32, I64, I64], (_c, fd, base, inheriting) => {
    const e = fds.get(fd);
    const b = u64(base), i = u64(inheriting);
    // Rights can only be dropped, never gained.
    if ((b & ~e.rightsBase) !== 0n || (i & ~e.rightsInheriting) !== 0n) throw new WasiError(Errno.NOTCAPABLE);
    e.rightsBase = b;
    e.rightsInheriting = i;
  });
  def('fd_filestat_get', [I32, I32], (c, fd, out) => {
    const e = fds.get(fd);
    writeFilestat(mem(c), out, statFd(e));
  });
  def('fd_filestat_set_size', [I32, I64], (_c, fd, size) => {
    const f = fds.file(fd);
    if (!f.writable) throw new WasiError(Errno.INVAL); // ftruncate on a read-only fd
    const s = u64(size);
    if (s > BigInt(Number.MAX_SAFE_INTEGER)) throw new WasiError(Errno.FBIG);
    f.handle.setSize(s);
  });
  def('fd_filestat_set_times', [I32, I64, I64, I32], (_c, fd, atim, mtim, flags) => {
    const e = fds.get(fd);
    const [a, m] = timesFromFlags(atim, mtim, flags);
    if (e.kind === 'file') e.handle.setTimes(a, m);
    else if (e.kind === 'dir') e.fs.setTimes(joinPath(e.root, e.rel), a, m);
  });
  def('fd_pread', [I32, I32, I32, I64, I32], (c, fd, iovs, iovsLen, offset, out) => {
    const e = fds.get(fd);
    if (e.kind === 'stdio') throw new WasiError(Errno.SPIPE);
    const f = fds.file(fd);
    if (!f.readable) throw new WasiError(Errno.BADF);
    const m = mem(c);
    mem(c).setU32(out, readInto(f, m.iovecs(iovs, iovsLen), u64(offset)));
  });
  def('fd_pwrite', [I32, I32, I32, I64, I32], (c, fd, iovs, iovsLen, offset, out) => {
    const e = fds.get(fd);
    if (e.kind === 'stdio') throw new WasiError(Errno.SPIPE);
    const f = fds.file(fd);
    if (!f.writable) throw new WasiError(Errno.BADF);
    const m = mem(c);
    m.setU32(out, writeFrom(f, m.iovecs(iovs, iovsLen), u64(offset)));
  });
  def('fd_read', [I32, I32, I32, I32], (c, fd, iovs, iovsLen, out) => {
    const e = fds.get(fd);
    const m = mem(c);
    const bufs = m.iovecs(iovs, iovsLen);
    m.check(out, 4);
    if (e.kind === 'stdio') {
      if (!e.input) throw new WasiError(Errno.BADF);
      const want = Math.min(MAX_IO, bufs.reduce((n, b) => n + b.length, 0));
      const data = want > 0 ? e.input.read(want) : new Uint8Array(0);
      let off = 0;
      for (const b of bufs) {
        if (off >= data.length) break;
        const n = Math.min(b.length, data.length - off);
        b.set(data.subarray(off, off + n));
        off += n;
      }
      m.setU32(out, off);
      return;
    }
    const f = fds.file(fd);
    if (!f.readable) throw new WasiError(Errno.BADF);
    const n = readInto(f, bufs, f.position);
    f.position += BigInt(n);
    m.setU32(out, n);
  });
  def('fd_write', [I32, I32, I32, I32], (c, fd, iovs, iovsLen, out) => {
    const e = fds.get(fd);
    const m = mem(c);
    const bufs = m.iovecs(iovs, iovsLen);
    m.check(out, 4);
    if (e.kind === 'stdio') {
      if (!e.output) throw new WasiError(Errno.BADF);
      const total = bufs.reduce((n, b) => n + b.length, 0);
      const joined = new Uint8Array(total);
      let off = 0;
      for (const b of bufs) { joined.set(b, off); off += b.length; }
      if (total > 0) e.output(joined);
      m.setU32(out, total);
      return;
    }
    const f = fds.file(fd);
    if (!f.writable) throw new WasiError(Errno.BADF);
    if (f.fdflags & FdFlags.APPEND) f.position = f.handle.stat().size;
    const n = writeFrom(f, bufs, f.position);
    f.position += BigInt(n);
    m.setU32(out, n);
  });
  def('fd_prestat_get', [I32, I32], (c, fd, out) => {
    const e = fds.get(fd);
    if (e.kind !== 'dir' || e.preopenName === undefined) throw new WasiError(Errno.BADF);
    const m = mem(c);
    m.setU32(out, PREOPENTYPE_DIR); // tag byte + padding
    m.setU32(out + 4, encodeUtf8(e.preopenName).length);
  });
  def('fd_prestat_dir_name', [I32, I32, I32], (c, fd, ptr, len) => {
    const e = fds.get(fd);
    if (e.kind !== 'dir' || e.preopenName === undefined) throw new WasiError(Errno.BADF);
    const name = encodeUtf8(e.preopenName);
    if (len < name.length) throw new WasiError(Errno.NAMETOOLONG);
    mem(c).write(ptr, name);
  });
  def('fd_readdir', [I32, I32, I32, I64, I32], (c, fd, buf, bufLen, cookie, out) => {
    const e = fds.get(fd);
    if (e.kind !== 'dir') throw new WasiError(Errno.BADF);
    const m = mem(c);
    const target = m.bytes(buf, bufLen);
    m.check(out, 4);
    if (cookie === 0n || !e.listing) {
      const here = joinPath(e.root, e.rel);
      const self = e.fs.stat(here);
      const parent = e.rel.length > 0 ? e.fs.stat(joinPath(e.root, e.rel.slice(0, -1))) : self;
      e.listing = [
        { name: '.', filetype: FileType.DIRECTORY, ino: self.ino },
        { name: '..', filetype: FileType.DIRECTORY, ino: parent.ino },
        ...e.fs.readdir(here),
      ];
    }
    const entries = e.listing;
    // Cookie n means "continue at entry n"; each entry's d_next is its successor's index.
    const start = u64(cookie) >= BigInt(entries.length) ? entries.length : Number(u64(cookie));
    const header = new Uint8Array(DIRENT_HEADER);
    const hv = new DataView(header.buffer);
    let used = 0;
    for (let i = start; i < entries.length && used < bufLen; i++) {
      const ent = entries[i]!;
      const name = encodeUtf8(ent.name);
      header.fill(0);
      hv.setBigUint64(0, BigInt(i + 1), true);
      hv.setBigUint64(8, ent.ino, true);
      hv.setUint32(16, name.length, true);
      hv.setUint8(20, ent.filetype);
      // Copy as much as fits; a truncated last entry tells libc to grow its buffer.
      const h = Math.min(DIRENT_HEADER, bufLen - used);
      target.set(header.subarray(0, h), used);
      used += h;
      const n = Math.min(name.length, bufLen - used);
      target.set(name.subarray(0, n), used);
      used += n;
    }
    m.setU32(out, used);
  });
  def('fd_renumber', [I32, I32], (_c, from, to) => {
    const e = fds.get(from);
    const old = fds.get(to);
    if (from === to) return;
    if (old.kind === 'file') old.handle.close();
    fds.remove(from);
    fds.set(to, e);
  });
  def('fd_seek', [I32, I64, I32, I32], (c, fd, offset, whence, out) => {
    const e = fds.get(fd);
    if (e.kind === 'stdio') throw new WasiError(Errno.SPIPE);
    if (e.kind === 'dir') throw new WasiError(Errno.BADF);
    const m = mem(c);
    m.check(out, 8);
    const delta = BigInt.asIntN(64, offset);
    let base: bigint;
    if (whence === Whence.SET) base = 0n;
    else if (whence === Whence.CUR) base = e.position;
    else if (whence === Whence.END) base = e.handle.stat().size;
    else throw new WasiError(Errno.INVAL);
    const pos = base + delta;
    if (pos < 0n || pos > 0x7fff_ffff_ffff_ffffn) throw new WasiError(Errno.INVAL);
    e.position = pos;
    m.setU64(out, pos);
  });
  def('fd_tell', [I32, I32], (c, fd, out) => {
    const e = fds.get(fd);
    if (e.kind === 'stdio') throw new WasiError(Errno.SPIPE);
    if (e.kind === 'dir') throw new WasiError(Errno.BADF);
    mem(c).setU64(out, e.position);
  });

  // ---- paths ----
  def('path_create_directory', [I32, I32, I32], (c, fd, p, len) => {
    // "d/" names the directory to make: the trailing slash asks for nothing more.
    const [d, r] = resolveAt(fd, stripTrailingSlashes(pathArg(mem(c), p, len)), false);
    if (r.rel.length === 0) throw new WasiError(Errno.EXIST);
    d.fs.mkdir(r.path);
  });
  def('path_filestat_get', [I32, I32, I32, I32, I32], (c, fd, flags, p, len, out) => {
    const m = mem(c);
    const follow = (flags & LookupFlags.SYMLINK_FOLLOW) !== 0;
    // Without following, wasmtime ignores a trailing slash: "link/" is the link itself.
    const path = follow ? pathArg(m, p, len) : stripTrailingSlashes(pathArg(m, p, len));
    const [d, r] = resolveAt(fd, path, follow);
    writeFilestat(m, out, d.fs.stat(r.path));
  });
  def('path_filestat_set_times', [I32, I32, I32, I32, I64, I64, I32], (c, fd, flags, p, len, atim, mtim, fst) => {
    const [d, r] = resolveAt(fd, pathArg(mem(c), p, len), (flags & LookupFlags.SYMLINK_FOLLOW) !== 0);
    const [a, m] = timesFromFlags(atim, mtim, fst);
    d.fs.stat(r.path);
    d.fs.setTimes(r.path, a, m);
  });
  def('path_link', [I32, I32, I32, I32, I32, I32, I32], (c, oldFd, oldFlags, oldP, oldLen, newFd, newP, newLen) => {
    const m = mem(c);
    // As wasmtime: linking through a symlink (SYMLINK_FOLLOW) is not supported.
    if (oldFlags & LookupFlags.SYMLINK_FOLLOW) throw new WasiError(Errno.INVAL);
    const newPath = pathArg(m, newP, newLen), oldPath = pathArg(m, oldP, oldLen);
    // wasmtime's order: both paths' directories, then the source must exist, then the
    // target must not, then the source must not be a directory.
    const [od, or] = resolveAt(oldFd, stripTrailingSlashes(oldPath), false);
    // A source "name/" must be a directory or a link to one (as wasmtime: a file is
    // ENOTDIR, anything else not found).
    if (oldPath.endsWith('/')) {
      const type = od.fs.stat(or.path).filetype;
      if (type === FileType.REGULAR_FILE) throw new WasiError(Errno.NOTDIR);
      if (type !== FileType.DIRECTORY && !isDirectory(od.fs, resolvePathOrNull(od, oldPath))) throw new WasiError(Errno.NOENT);
    }
    const [nd, nr] = resolveAt(newFd, newPath, false);
    if (od.fs !== nd.fs) throw new WasiError(Errno.XDEV);
    const source = od.fs.stat(or.path);
    requireAbsent(nd.fs, nr, newPath);
    // With the slash the source is the directory (a link to one is followed): never linkable.
    if (source.filetype === FileType.DIRECTORY || oldPath.endsWith('/')) throw new WasiError(Errno.PERM);
    od.fs.link(or.path, nr.path);
  });
  def('path_open', [I32, I32, I32, I32, I32, I64, I64, I32, I32], (c, fd, dirflags, p, len, oflags, rightsBase, rightsInh, fdflags, out) => {
    const m = mem(c);
    m.check(out, 4);
    const path = pathArg(m, p, len);
    // "name/" can only be a directory, which O_CREAT does not make (Linux and wasmtime: EISDIR).
    if ((oflags & OFlags.CREAT) && path.endsWith('/')) throw new WasiError(Errno.ISDIR);
    // O_CREAT|O_EXCL never follows a final symlink: a dangling one makes it EEXIST.
    const exclusive = (oflags & OFlags.CREAT) !== 0 && (oflags & OFlags.EXCL) !== 0;
    const [d, r] = resolveAt(fd, path, (dirflags & LookupFlags.SYMLINK_FOLLOW) !== 0 && !exclusive);
    const base = u64(rightsBase) & d.rightsInheriting;
    const inheriting = u64(rightsInh) & d.rightsInheriting;
    let st: FileStat | null = null;
    try {
      st = d.fs.stat(r.path);
    } catch (e) {
      if (!(e instanceof WasiError && e.errno === Errno.NOENT)) throw e;
    }
    if (st && (oflags & OFlags.CREAT) && (oflags & OFlags.EXCL)) throw new WasiError(Errno.EXIST);
    if (st?.filetype === FileType.SYMBOLIC_LINK) throw new WasiError(Errno.LOOP); // O_NOFOLLOW on a link
    // Access as wasmtime derives it: write from the write rights or from creating/truncating;
    // read from the read rights, or whenever no write right was asked for.
    const writeRights = Rights.FD_WRITE | Rights.FD_DATASYNC | Rights.FD_ALLOCATE | Rights.FD_FILESTAT_SET_SIZE;
    const rightsWrite = (u64(rightsBase) & writeRights) !== 0n;
    const wantsWrite = rightsWrite || (oflags & (OFlags.TRUNC | OFlags.CREAT)) !== 0;
    if (st?.filetype === FileType.DIRECTORY || (!st && (oflags & OFlags.DIRECTORY))) {
      if (!st) throw new WasiError(Errno.NOENT);
      if (oflags & (OFlags.CREAT | OFlags.TRUNC)) throw new WasiError(Errno.ISDIR);
      if (wantsWrite && (u64(rightsBase) & Rights.FD_WRITE) !== 0n) throw new WasiError(Errno.ISDIR);
      const dirEntry: DirFd = {
        kind: 'dir', fs: d.fs, root: d.root, rel: r.rel,
        rightsBase: base & DIRECTORY_RIGHTS, rightsInheriting: inheriting, fdflags: fdflags & 0x1f,
      };
      m.setU32(out, fds.add(dirEntry));
      return;
    }
    if (oflags & OFlags.DIRECTORY) throw new WasiError(Errno.NOTDIR);
    if (!st && !(oflags & OFlags.CREAT)) throw new WasiError(Errno.NOENT);
    if (r.rel.length === 0) throw new WasiError(Errno.ISDIR);
    const readable = (u64(rightsBase) & (Rights.FD_READ | Rights.FD_READDIR)) !== 0n || !rightsWrite;
    const handle = d.fs.open(r.path, {
      read: readable, write: wantsWrite, create: (oflags & OFlags.CREAT) !== 0,
      exclusive: (oflags & OFlags.EXCL) !== 0, truncate: (oflags & OFlags.TRUNC) !== 0,
    });
    const fileEntry: FileFd = {
      kind: 'file', fs: d.fs, handle, position: 0n, readable, writable: wantsWrite,
      rightsBase: base & FILE_RIGHTS, rightsInheriting: inheriting & FILE_RIGHTS, fdflags: fdflags & 0x1f,
    };
    m.setU32(out, fds.add(fileEntry));
  });
  def('path_readlink', [I32, I32, I32, I32, I32, I32], (c, fd, p, len, buf, bufLen, out) => {
    const m = mem(c);
    const [d, r] = resolveAt(fd, pathArg(m, p, len), false);
    const target = encodeUtf8(d.fs.readlink(r.path));
    const n = Math.min(target.length, bufLen);
    m.check(buf, bufLen);
    m.check(out, 4);
    m.write(buf, target.subarray(0, n));
    m.setU32(out, n);
  });
  def('path_remove_directory', [I32, I32, I32], (c, fd, p, len) => {
    const path = pathArg(mem(c), p, len);
    const [d, r] = resolveAt(fd, path, false);
    d.fs.stat(r.path);
    // Removing "." or "..", or "dir/" with its slash, is EINVAL (as wasmtime).
    if (isDotName(path) || path.endsWith('/')) throw new WasiError(Errno.INVAL);
    requireName(r);
    d.fs.rmdir(r.path);
  });
  def('path_rename', [I32, I32, I32, I32, I32, I32], (c, fd, oldP, oldLen, newFd, newP, newLen) => {
    const m = mem(c);
    const oldPath = pathArg(m, oldP, oldLen), newPath = pathArg(m, newP, newLen);
    // wasmtime's order: escapes and missing parents, then "."/".." (busy), then a missing
    // source, then a trailing slash on a source that is no directory.
    const [od, or] = resolveAt(fd, stripTrailingSlashes(oldPath), false);
    const [nd, nr] = resolveAt(newFd, stripTrailingSlashes(newPath), false);
    if (od.fs !== nd.fs) throw new WasiError(Errno.XDEV);
    if (isDotName(oldPath) || isDotName(newPath) || or.rel.length === 0 || nr.rel.length === 0) throw new WasiError(Errno.BUSY);
    const source = od.fs.stat(or.path);
    if (oldPath.endsWith('/') && source.filetype !== FileType.DIRECTORY) throw new WasiError(Errno.NOTDIR);
    od.fs.rename(or.path, nr.path);
  });
  def('path_symlink', [I32, I32, I32, I32, I32], (c, oldP, oldLen, fd, newP, newLen) => {
    const m = mem(c);
    const target = pathArg(m, oldP, oldLen);
    // A link to an absolute path could only ever lead outside: refuse it up front, as wasmtime does.
    if (target.startsWith('/')) throw new WasiError(Errno.NOTCAPABLE);
    const newPath = pathArg(m, newP, newLen);
    const [d, r] = resolveAt(fd, newPath, false);
    requireAbsent(d.fs, r, newPath);
    d.fs.symlink(target, r.path);
  });
  def('path_unlink_file', [I32, I32, I32], (c, fd, p, len) => {
    const path = pathArg(mem(c), p, len);
    const [d, r] = resolveAt(fd, path, false);
    if (r.rel.length === 0) throw new WasiError(Errno.ISDIR); // "." and the like: a directory
    if (path.endsWith('/')) {
      const st = d.fs.stat(r.path);
      throw new WasiError(st.filetype === FileType.DIRECTORY ? Errno.ISDIR : Errno.NOTDIR);
    }
    d.fs.unlink(r.path);
  });

  // ---- polling ----
  const poll = (c: Caller, inPtr: number, outPtr: number, nsubs: number, outCount: number, layout: SubscriptionLayout): void => {
    const m = mem(c);
    if (nsubs === 0) throw new WasiError(Errno.INVAL);
    m.check(inPtr, nsubs * layout.size);
    m.check(outPtr, nsubs * EVENT_SIZE);
    m.check(outCount, 4);
    interface Ev { userdata: bigint; error: number; type: number; nbytes: bigint }
    const ready: Ev[] = [];
    const clocks: { userdata: bigint; wait: bigint }[] = [];
    for (let i = 0; i < nsubs; i++) {
      const s = inPtr + i * layout.size;
      const userdata = m.u64(s);
      const tag = m.u8(s + 8);
      if (tag === EventType.CLOCK) {
        const id = m.u32(s + layout.clockId);
        const timeout = m.u64(s + layout.timeout);
        const flags = m.u16(s + layout.flags);
        const now = clockNow(id); // an unknown clock fails the whole call with EINVAL, as in wasmtime
        clocks.push({ userdata, wait: flags & SUBSCRIPTION_CLOCK_ABSTIME ? timeout - now : timeout });
      } else if (tag === EventType.FD_READ || tag === EventType.FD_WRITE) {
        const fd = m.u32(s + 16);
        let error: number = Errno.SUCCESS;
        let nbytes = 0n;
        try {
          const e = fds.get(fd);
          if (e.kind === 'dir') throw new WasiError(Errno.BADF);
          if (e.kind === 'file' && tag === EventType.FD_READ) {
            const size = e.handle.stat().size;
            nbytes = size > e.position ? size - e.position : 0n;
          }
        } catch (e) {
          error = errnoOf(e);
        }
        ready.push({ userdata, error, type: tag, nbytes });
      } else {
        throw new WasiError(Errno.INVAL);
      }
    }
    if (ready.length === 0 && clocks.length > 0) {
      // Nothing else can become ready while we block: sleep until the first timeout.
      const wait = clocks.reduce((w, k) => (k.wait < w ? k.wait : w), clocks[0]!.wait);
      sleepNs(wait);
      for (const k of clocks) if (k.wait <= wait) ready.push({ userdata: k.userdata, error: 0, type: EventType.CLOCK, nbytes: 0n });
    } else {
      for (const k of clocks) if (k.wait <= 0n) ready.push({ userdata: k.userdata, error: 0, type: EventType.CLOCK, nbytes: 0n });
    }
    ready.forEach((ev, i) => {
      const o = outPtr + i * EVENT_SIZE;
      m.bytes(o, EVENT_SIZE).fill(0);
      m.setU64(o, ev.userdata);
      m.setU16(o + 8, ev.error);
      m.setU8(o + 10, ev.type);
      m.setU64(o + 16, ev.nbytes);
    });
    m.setU32(outCount, ready.length);
  };
  def('poll_oneoff', [I32, I32, I32, I32], (c, inPtr, outPtr, nsubs, outCount) => poll(c, inPtr, outPtr, nsubs, outCount, PREVIEW1_SUBSCRIPTION));

  // ---- sockets: no sockets are ever preopened, so every fd is not one ----
  const notSocket = (fd: number): never => {
    fds.get(fd);
    throw new WasiError(Errno.NOTSOCK);
  };
  def('sock_accept', [I32, I32, I32], (_c, fd) => notSocket(fd));
  def('sock_recv', [I32, I32, I32, I32, I32, I32], (_c, fd) => notSocket(fd));
  def('sock_send', [I32, I32, I32, I32, I32], (_c, fd) => notSocket(fd));
  def('sock_shutdown', [I32, I32], (_c, fd) => notSocket(fd));

  // ---- wasi_unstable (snapshot 0): the same calls but for three layouts ----
  const unstable: Record<string, HostFuncSpec> = {};
  for (const [name, f] of Object.entries(functions)) unstable[name] = { ...f, name: `${WASI_UNSTABLE_MODULE}.${name}` };
  const defUnstable = (name: string, params: ValType[], body: Body): void => {
    unstable[name] = errnoFunction(WASI_UNSTABLE_MODULE, name, params, body);
  };
  const preview1Seek = functions.fd_seek!;
  // Old whence order: CUR, END, SET.
  const UNSTABLE_WHENCE = [Whence.CUR, Whence.END, Whence.SET];
  defUnstable('fd_seek', [I32, I64, I32, I32], (c, fd, offset, whence, out) => {
    const rc = preview1Seek.impl(c, fd, offset, UNSTABLE_WHENCE[whence] ?? 99, out) as number;
    if (rc !== 0) throw new WasiError(rc);
  });
  defUnstable('fd_filestat_get', [I32, I32], (c, fd, out) => writeFilestatUnstable(mem(c), out, statFd(fds.get(fd))));
  defUnstable('path_filestat_get', [I32, I32, I32, I32, I32], (c, fd, flags, p, len, out) => {
    const m = mem(c);
    const [d, r] = resolveAt(fd, pathArg(m, p, len), (flags & LookupFlags.SYMLINK_FOLLOW) !== 0);
    writeFilestatUnstable(m, out, d.fs.stat(r.path));
  });
  defUnstable('poll_oneoff', [I32, I32, I32, I32], (c, inPtr, outPtr, nsubs, outCount) => poll(c, inPtr, outPtr, nsubs, outCount, UNSTABLE_SUBSCRIPTION));

  return {
    name: 'wasi',
    functions,
    unstableFunctions: unstable,
    fds,
    resolve(req: ImportRequest): unknown {
      if (req.desc.kind !== 'func') return undefined;
      const table = req.module === WASI_MODULE ? functions : req.module === WASI_UNSTABLE_MODULE ? unstable : null;
      return table && Object.prototype.hasOwnProperty.call(table, req.name) ? table[req.name] : undefined;
    },
  };
}

/** Strip trailing slashes (keeping a lone "/", which resolution refuses anyway). */
function stripTrailingSlashes(path: string): string {
  const t = path.replace(/\/+$/, '');
  return t === '' && path !== '' ? '/' : t;
}

/** A name to be created must not exist (EEXIST); "name/" for a new non-directory is ENOENT. */
function requireAbsent(fs: FileSystem, r: ResolvedPath, guestPath: string): void {
  if (r.rel.length === 0) throw new WasiError(Errno.EXIST);
  let exists = true;
  try { fs.stat(r.path); } catch (e) { if (e instanceof WasiError && e.errno === Errno.NOENT) exists = false; else throw e; }
  if (exists) throw new WasiError(Errno.EXIST);
  if (guestPath.endsWith('/')) throw new WasiError(Errno.NOENT);
}

function isDirectory(fs: FileSystem, path: string | null): boolean {
  if (path === null) return false;
  try { return fs.stat(path).filetype === FileType.DIRECTORY; } catch { return false; }
}

/** The backend path `guestPath` leads to from `d`, following symlinks; null when it leads
 *  nowhere (an escape still throws). */
function resolvePathOrNull(d: DirFd, guestPath: string): string | null {
  try {
    return resolvePath(d.fs, d.root, d.rel, guestPath, true).path;
  } catch (e) {
    if (e instanceof WasiError && e.errno === Errno.NOTCAPABLE) throw e;
    return null;
  }
}

/** Does the path's last component name "." or ".."? */
function isDotName(path: string): boolean {
  const last = path.split('/').filter((c) => c !== '').pop();
  return last === '.' || last === '..';
}

/** fd_sync/fd_datasync: files only (wasmtime answers EBADF for directories and stdio). */
function syncFd(e: FdEntry): void {
  if (e.kind !== 'file') throw new WasiError(Errno.BADF);
  e.handle.sync();
}

function statFd(e: FdEntry): FileStat {
  if (e.kind === 'stdio') return STDIO_STAT;
  if (e.kind === 'file') return e.handle.stat();
  return e.fs.stat(joinPath(e.root, e.rel));
}

/** Scatter-read at `position`; returns bytes read (stops at end of file). */
function readInto(f: FileFd, bufs: Uint8Array[], position: bigint): number {
  let total = 0;
  for (const b of bufs) {
    let off = 0;
    while (off < b.length) {
      const n = f.handle.read(b.subarray(off, Math.min(b.length, off + MAX_IO)), position + BigInt(total + off));
      if (n === 0) return total + off;
      off += n;
    }
    total += off;
  }
  return total;
}

/** Gather-write at `position`; returns bytes written. */
function writeFrom(f: FileFd, bufs: Uint8Array[], position: bigint): number {
  let total = 0;
  for (const b of bufs) {
    let off = 0;
    while (off < b.length) {
      const n = f.handle.write(b.subarray(off, Math.min(b.length, off + MAX_IO)), position + BigInt(total + off));
      if (n === 0) return total + off;
      off += n;
    }
    total += off;
  }
  return total;
}
