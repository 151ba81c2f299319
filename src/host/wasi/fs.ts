// The file system interface behind WASI: one implementation in memory
// (memfs.ts, runs anywhere), one over the real file system (nodefs.ts, Node only).
//
// Backends see absolute, '/'-separated, normalised paths of their own namespace
// whose directory components are already resolved (no symlinks, no `.`/`..`):
// the sandboxing path walk (paths.ts) happens before a backend is asked anything.
// Failures are thrown as WasiError with a WASI errno.

import type { FileType } from './constants.js';

/** Times are nanoseconds since the Unix epoch. */
export interface FileStat {
  filetype: FileType;
  dev: bigint;
  ino: bigint;
  nlink: bigint;
  size: bigint;
  atim: bigint;
  mtim: bigint;
  ctim: bigint;
}

export interface DirEntry {
  name: string;
  filetype: FileType;
  ino: bigint;
}

export interface OpenFlags {
  read: boolean;
  write: boolean;
  /** Create the file when it does not exist. */
  create: boolean;
  /** With `create`: fail with EXIST when it exists. */
  exclusive: boolean;
  truncate: boolean;
}

/** An open regular file. Positions are explicit: the fd table keeps the offset. */
export interface FileHandle {
  read(into: Uint8Array, position: bigint): number;
  write(from: Uint8Array, position: bigint): number;
  stat(): FileStat;
  setSize(size: bigint): void;
  /** Nanosecond times; null leaves that time unchanged. */
  setTimes(atim: bigint | null, mtim: bigint | null): void;
  sync(): void;
  close(): void;
}

export interface FileSystem {
  /** Status of the object at `path`, not following a final symlink. */
  stat(path: string): FileStat;
  readlink(path: string): string;
  /** Entries without `.` and `..`, in a stable order. */
  readdir(path: string): DirEntry[];
  mkdir(path: string): void;
  rmdir(path: string): void;
  unlink(path: string): void;
  rename(from: string, to: string): void;
  link(existing: string, newPath: string): void;
  symlink(target: string, path: string): void;
  /** Set times of the object at `path` (a final symlink is not followed). */
  setTimes(path: string, atim: bigint | null, mtim: bigint | null): void;
  /** Open a regular file (the caller has checked that `path` is not a directory or symlink). */
  open(path: string, flags: OpenFlags): FileHandle;
}

/** Join a backend directory path and relative components. */
export function joinPath(root: string, rel: readonly string[]): string {
  if (rel.length === 0) return root;
  return (root.endsWith('/') ? root : root + '/') + rel.join('/');
}
