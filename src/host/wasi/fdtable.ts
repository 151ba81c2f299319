// The WASI file descriptor table: what each fd number refers to.

import { FileType } from './constants.js';
import { Errno, WasiError } from './errno.js';
import type { DirEntry, FileHandle, FileSystem } from './fs.js';
import type { InputStream, OutputSink } from './stdio.js';

interface FdBase {
  rightsBase: bigint;
  rightsInheriting: bigint;
  fdflags: number;
}

/** fds 0-2: character devices wired to the embedder's hooks. */
export interface StdioFd extends FdBase {
  kind: 'stdio';
  input?: InputStream;
  output?: OutputSink;
}

/** An open regular file. */
export interface FileFd extends FdBase {
  kind: 'file';
  fs: FileSystem;
  handle: FileHandle;
  position: bigint;
  readable: boolean;
  writable: boolean;
}

/** An open directory: a place inside a preopen, from which paths resolve. */
export interface DirFd extends FdBase {
  kind: 'dir';
  fs: FileSystem;
  /** Backend path of the preopen this directory lies in. */
  root: string;
  /** Components from `root` to this directory. */
  rel: string[];
  /** Set for preopened directories: the name the guest sees (fd_prestat_dir_name). */
  preopenName?: string;
  /** The listing fd_readdir took at cookie 0; later cookies index into it, so a
   *  program unlinking entries while it reads the directory still sees each once. */
  listing?: DirEntry[];
}

export type FdEntry = StdioFd | FileFd | DirFd;

export class FdTable {
  private readonly fds = new Map<number, FdEntry>();

  get(fd: number): FdEntry {
    const e = this.fds.get(fd);
    if (!e) throw new WasiError(Errno.BADF);
    return e;
  }

  file(fd: number): FileFd {
    const e = this.get(fd);
    // Reading or writing a directory fd is EBADF (as wasmtime and Node's uvwasi).
    if (e.kind !== 'file') throw new WasiError(Errno.BADF);
    return e;
  }

  dir(fd: number): DirFd {
    const e = this.get(fd);
    if (e.kind !== 'dir') throw new WasiError(Errno.NOTDIR);
    return e;
  }

  has(fd: number): boolean {
    return this.fds.has(fd);
  }

  set(fd: number, e: FdEntry): void {
    this.fds.set(fd, e);
  }

  /** Install at the lowest free number (as POSIX and wasmtime do). */
  add(e: FdEntry): number {
    let fd = 0;
    while (this.fds.has(fd)) fd++;
    this.fds.set(fd, e);
    return fd;
  }

  remove(fd: number): FdEntry {
    const e = this.get(fd);
    this.fds.delete(fd);
    return e;
  }

  /** Close every open file (the embedder is done with this WASI instance). */
  closeAll(): void {
    for (const e of this.fds.values()) if (e.kind === 'file') e.handle.close();
    this.fds.clear();
  }
}

export function fileTypeOfFd(e: FdEntry): FileType {
  return e.kind === 'stdio' ? FileType.CHARACTER_DEVICE : e.kind === 'dir' ? FileType.DIRECTORY : FileType.REGULAR_FILE;
}
