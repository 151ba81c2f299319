// The real file system as a WASI backend (Node only: imports node:fs).
// Paths reaching here are already confined to a preopen by paths.ts; the
// final component is opened with O_NOFOLLOW so a symlink swapped in after
// resolution is refused rather than followed.

import * as fs from 'node:fs';
import { FileType } from './constants.js';
import { Errno, WasiError, errnoFromPosixCode } from './errno.js';
import type { DirEntry, FileHandle, FileStat, FileSystem, OpenFlags } from './fs.js';
import { wasi, type FsDir, type WasiOptions, type WasiResolver } from './wasi.js';

/** Run a Node fs call, turning its errors into WasiError. */
function host<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof WasiError) throw e;
    const code = (e as { code?: unknown } | null)?.code;
    // Node's own argument checks (ERR_OUT_OF_RANGE, ...) mean the request was unreasonable.
    if (typeof code === 'string') throw new WasiError(code.startsWith('ERR_') ? Errno.INVAL : errnoFromPosixCode(code), (e as Error).message);
    throw e;
  }
}

function fileTypeOf(s: fs.BigIntStats | fs.Dirent): FileType {
  if (s.isFile()) return FileType.REGULAR_FILE;
  if (s.isDirectory()) return FileType.DIRECTORY;
  if (s.isSymbolicLink()) return FileType.SYMBOLIC_LINK;
  if (s.isCharacterDevice()) return FileType.CHARACTER_DEVICE;
  if (s.isBlockDevice()) return FileType.BLOCK_DEVICE;
  if (s.isSocket()) return FileType.SOCKET_STREAM;
  return FileType.UNKNOWN;
}

function toFileStat(s: fs.BigIntStats): FileStat {
  return {
    filetype: fileTypeOf(s), dev: s.dev, ino: s.ino, nlink: s.nlink, size: s.size,
    atim: s.atimeNs, mtim: s.mtimeNs, ctim: s.ctimeNs,
  };
}

/** Node's utimes family takes seconds as numbers. */
function nsToSeconds(ns: bigint): number {
  return Number(ns / 1000n) / 1e6;
}

function utimesArgs(current: fs.BigIntStats, atim: bigint | null, mtim: bigint | null): [number, number] {
  return [nsToSeconds(atim ?? current.atimeNs), nsToSeconds(mtim ?? current.mtimeNs)];
}

export class NodeFs implements FileSystem {
  stat(path: string): FileStat {
    return host(() => toFileStat(fs.lstatSync(path, { bigint: true })));
  }

  readlink(path: string): string {
    return host(() => fs.readlinkSync(path, 'utf8'));
  }

  readdir(path: string): DirEntry[] {
    return host(() => {
      const out: DirEntry[] = [];
      for (const d of fs.readdirSync(path, { withFileTypes: true })) {
        let ino = 0n;
        try { ino = fs.lstatSync(`${path}/${d.name}`, { bigint: true }).ino; } catch { /* raced away */ }
        out.push({ name: d.name, filetype: fileTypeOf(d), ino });
      }
      return out;
    });
  }

  mkdir(path: string): void { host(() => fs.mkdirSync(path)); }
  rmdir(path: string): void { host(() => fs.rmdirSync(path)); }

  unlink(path: string): void {
    host(() => {
      // Linux reports EISDIR, macOS EPERM: answer EISDIR everywhere.
      if (fs.lstatSync(path).isDirectory()) throw new WasiError(Errno.ISDIR);
      fs.unlinkSync(path);
    });
  }

  rename(from: string, to: string): void { host(() => fs.renameSync(from, to)); }
  link(existing: string, newPath: string): void { host(() => fs.linkSync(existing, newPath)); }
  symlink(target: string, path: string): void { host(() => fs.symlinkSync(target, path)); }

  setTimes(path: string, atim: bigint | null, mtim: bigint | null): void {
    host(() => {
      const cur = fs.lstatSync(path, { bigint: true });
      const [a, m] = utimesArgs(cur, atim, mtim);
      fs.lutimesSync(path, a, m);
    });
  }

  open(path: string, flags: OpenFlags): FileHandle {
    const c = fs.constants;
    let mode = flags.read && flags.write ? c.O_RDWR : flags.write ? c.O_WRONLY : c.O_RDONLY;
    if (flags.create) mode |= c.O_CREAT;
    if (flags.exclusive) mode |= c.O_EXCL;
    if (flags.truncate) mode |= c.O_TRUNC;
    mode |= c.O_NOFOLLOW ?? 0;
    const fd = host(() => fs.openSync(path, mode, 0o666));
    return new NodeFileHandle(fd);
  }
}

class NodeFileHandle implements FileHandle {
  private closed = false;
  constructor(private readonly fd: number) {}

  read(into: Uint8Array, position: bigint): number {
    if (position > BigInt(Number.MAX_SAFE_INTEGER)) return 0;
    return host(() => fs.readSync(this.fd, into, 0, into.length, position));
  }

  write(from: Uint8Array, position: bigint): number {
    if (position + BigInt(from.length) > BigInt(Number.MAX_SAFE_INTEGER)) throw new WasiError(Errno.FBIG);
    return host(() => fs.writeSync(this.fd, from, 0, from.length, Number(position)));
  }

  stat(): FileStat {
    return host(() => toFileStat(fs.fstatSync(this.fd, { bigint: true })));
  }

  setSize(size: bigint): void {
    host(() => fs.ftruncateSync(this.fd, Number(size)));
  }

  setTimes(atim: bigint | null, mtim: bigint | null): void {
    host(() => {
      const [a, m] = utimesArgs(fs.fstatSync(this.fd, { bigint: true }), atim, mtim);
      fs.futimesSync(this.fd, a, m);
    });
  }

  sync(): void { host(() => fs.fsyncSync(this.fd)); }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    host(() => fs.closeSync(this.fd));
  }
}

/** One backend for the whole real file system, so renames and links between
 *  two preopens are not mistaken for cross-device operations. */
export const nodeFs = new NodeFs();

/** A preopen target on the real file system. */
export function nodeDir(path: string): { fs: NodeFs; path: string } {
  return { fs: nodeFs, path: fs.realpathSync(path) };
}

/** `wasi(options)` with the real file system behind preopens given as host paths. */
export function nodeWasi(options: WasiOptions = {}): WasiResolver {
  const preopens: Record<string, string | FsDir> = {};
  for (const [guest, target] of Object.entries(options.preopens ?? {})) {
    preopens[guest] = typeof target === 'string' ? nodeDir(target) : target;
  }
  return wasi({ ...options, fs: options.fs ?? nodeFs, preopens });
}
