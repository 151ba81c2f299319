// An in-memory file system: a tree of nodes with POSIX-like semantics
// (hard links, symlinks stored as text, open files surviving unlink).

import { FileType } from './constants.js';
import { Errno, WasiError } from './errno.js';
import type { DirEntry, FileHandle, FileStat, FileSystem, OpenFlags } from './fs.js';

/** Largest file the in-memory backend will hold (keeps typed arrays in range). */
const MAX_FILE_SIZE = 0x7fff_ffff;

type Node = FileNode | DirNode | LinkNode;

interface NodeBase {
  ino: bigint;
  nlink: number;
  atim: bigint;
  mtim: bigint;
  ctim: bigint;
}
interface FileNode extends NodeBase { kind: 'file'; data: Uint8Array; size: number }
interface DirNode extends NodeBase { kind: 'dir'; children: Map<string, Node>; parent: DirNode }
interface LinkNode extends NodeBase { kind: 'link'; target: string }

function wallClockNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

export interface MemFsOptions {
  /** Clock for timestamps (ns since the epoch); defaults to the wall clock. */
  now?: () => bigint;
}

export class MemFs implements FileSystem {
  private readonly root: DirNode;
  private nextIno = 1n;
  private readonly now: () => bigint;

  constructor(options: MemFsOptions = {}) {
    this.now = options.now ?? wallClockNs;
    const t = this.now();
    const root = { kind: 'dir', ino: this.nextIno++, nlink: 2, atim: t, mtim: t, ctim: t, children: new Map() } as unknown as DirNode;
    root.parent = root;
    this.root = root;
  }

  // ---- convenience for embedders and tests ----

  /** Create or replace a file (parents are created as needed). */
  writeFile(path: string, content: Uint8Array | string): void {
    const parts = splitPath(path);
    const name = parts.pop();
    if (name === undefined) throw new WasiError(Errno.ISDIR);
    let dir = this.root;
    for (const p of parts) {
      let next = dir.children.get(p);
      if (!next) { this.mkdirIn(dir, p); next = dir.children.get(p)!; }
      if (next.kind !== 'dir') throw new WasiError(Errno.NOTDIR);
      dir = next;
    }
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content.slice();
    const existing = dir.children.get(name);
    if (existing && existing.kind === 'file') {
      existing.data = bytes; existing.size = bytes.length; existing.mtim = this.now();
      return;
    }
    if (existing) throw new WasiError(Errno.EXIST);
    dir.children.set(name, this.newFile(bytes));
    this.touchDir(dir);
  }

  /** The contents of a file. */
  readFile(path: string): Uint8Array {
    const n = this.lookup(path);
    if (n.kind !== 'file') throw new WasiError(n.kind === 'dir' ? Errno.ISDIR : Errno.INVAL);
    return n.data.slice(0, n.size);
  }

  /** Create a directory and its parents (no error when it exists). */
  mkdirp(path: string): void {
    let dir = this.root;
    for (const p of splitPath(path)) {
      let next = dir.children.get(p);
      if (!next) { this.mkdirIn(dir, p); next = dir.children.get(p)!; }
      if (next.kind !== 'dir') throw new WasiError(Errno.NOTDIR);
      dir = next;
    }
  }

  exists(path: string): boolean {
    try { this.lookup(path); return true; } catch { return false; }
  }

  // ---- FileSystem ----

  stat(path: string): FileStat {
    return this.statNode(this.lookup(path));
  }

  readlink(path: string): string {
    const n = this.lookup(path);
    if (n.kind !== 'link') throw new WasiError(Errno.INVAL);
    return n.target;
  }

  readdir(path: string): DirEntry[] {
    const n = this.lookup(path);
    if (n.kind !== 'dir') throw new WasiError(Errno.NOTDIR);
    n.atim = this.now();
    return [...n.children].map(([name, c]) => ({ name, filetype: fileTypeOf(c), ino: c.ino }));
  }

  mkdir(path: string): void {
    const [dir, name] = this.parentOf(path);
    if (dir.children.has(name)) throw new WasiError(Errno.EXIST);
    this.mkdirIn(dir, name);
  }

  rmdir(path: string): void {
    const [dir, name] = this.parentOf(path);
    const n = dir.children.get(name);
    if (!n) throw new WasiError(Errno.NOENT);
    if (n.kind !== 'dir') throw new WasiError(Errno.NOTDIR);
    if (n.children.size > 0) throw new WasiError(Errno.NOTEMPTY);
    dir.children.delete(name);
    dir.nlink--;
    n.nlink = 0;
    this.touchDir(dir);
  }

  unlink(path: string): void {
    const [dir, name] = this.parentOf(path);
    const n = dir.children.get(name);
    if (!n) throw new WasiError(Errno.NOENT);
    if (n.kind === 'dir') throw new WasiError(Errno.ISDIR);
    dir.children.delete(name);
    n.nlink--;
    n.ctim = this.now();
    this.touchDir(dir);
  }

  rename(from: string, to: string): void {
    const [fromDir, fromName] = this.parentOf(from);
    const node = fromDir.children.get(fromName);
    if (!node) throw new WasiError(Errno.NOENT);
    const [toDir, toName] = this.parentOf(to);
    const existing = toDir.children.get(toName);
    // Linux's order: a source above the target is EINVAL, a target above the source ENOTEMPTY.
    if (fromDir !== toDir) {
      if (node.kind === 'dir' && isAncestorOrSelf(node, toDir, this.root)) throw new WasiError(Errno.INVAL);
      if (existing?.kind === 'dir' && isAncestorOrSelf(existing, fromDir, this.root)) throw new WasiError(Errno.NOTEMPTY);
    }
    if (existing === node) return;
    if (node.kind === 'dir') {
      if (existing) {
        if (existing.kind !== 'dir') throw new WasiError(Errno.NOTDIR);
        if (existing.children.size > 0) throw new WasiError(Errno.NOTEMPTY);
      }
    } else if (existing && existing.kind === 'dir') {
      throw new WasiError(Errno.ISDIR);
    }
    if (existing) {
      toDir.children.delete(toName);
      existing.nlink = existing.kind === 'dir' ? 0 : existing.nlink - 1;
      if (existing.kind === 'dir') toDir.nlink--;
    }
    fromDir.children.delete(fromName);
    toDir.children.set(toName, node);
    if (node.kind === 'dir') {
      fromDir.nlink--;
      toDir.nlink++;
      node.parent = toDir;
    }
    node.ctim = this.now();
    this.touchDir(fromDir);
    this.touchDir(toDir);
  }

  link(existing: string, newPath: string): void {
    const n = this.lookup(existing);
    const [dir, name] = this.parentOf(newPath);
    if (dir.children.has(name)) throw new WasiError(Errno.EXIST);
    if (n.kind === 'dir') throw new WasiError(Errno.PERM);
    dir.children.set(name, n);
    n.nlink++;
    n.ctim = this.now();
    this.touchDir(dir);
  }

  symlink(target: string, path: string): void {
    const [dir, name] = this.parentOf(path);
    if (dir.children.has(name)) throw new WasiError(Errno.EXIST);
    const t = this.now();
    dir.children.set(name, { kind: 'link', ino: this.nextIno++, nlink: 1, atim: t, mtim: t, ctim: t, target });
    this.touchDir(dir);
  }

  setTimes(path: string, atim: bigint | null, mtim: bigint | null): void {
    const n = this.lookup(path);
    if (atim !== null) n.atim = atim;
    if (mtim !== null) n.mtim = mtim;
    n.ctim = this.now();
  }

  open(path: string, flags: OpenFlags): FileHandle {
    const [dir, name] = this.parentOf(path);
    let n = dir.children.get(name);
    if (n && flags.create && flags.exclusive) throw new WasiError(Errno.EXIST);
    if (!n) {
      if (!flags.create) throw new WasiError(Errno.NOENT);
      n = this.newFile(new Uint8Array(0));
      dir.children.set(name, n);
      this.touchDir(dir);
    }
    if (n.kind === 'dir') throw new WasiError(Errno.ISDIR);
    if (n.kind === 'link') throw new WasiError(Errno.LOOP);
    if (flags.truncate && n.size > 0) {
      n.size = 0;
      n.mtim = n.ctim = this.now();
    }
    return new MemFileHandle(this, n);
  }

  // ---- internals ----

  /** @internal */ statNode(n: Node): FileStat {
    const size = n.kind === 'file' ? n.size : n.kind === 'link' ? new TextEncoder().encode(n.target).length : 4096;
    return {
      filetype: fileTypeOf(n), dev: 1n, ino: n.ino, nlink: BigInt(n.nlink), size: BigInt(size),
      atim: n.atim, mtim: n.mtim, ctim: n.ctim,
    };
  }

  /** @internal */ clock(): bigint {
    return this.now();
  }

  private newFile(data: Uint8Array): FileNode {
    const t = this.now();
    return { kind: 'file', ino: this.nextIno++, nlink: 1, atim: t, mtim: t, ctim: t, data, size: data.length };
  }

  private mkdirIn(dir: DirNode, name: string): void {
    const t = this.now();
    const d: DirNode = { kind: 'dir', ino: this.nextIno++, nlink: 2, atim: t, mtim: t, ctim: t, children: new Map(), parent: dir };
    dir.children.set(name, d);
    dir.nlink++;
    this.touchDir(dir);
  }

  private touchDir(dir: DirNode): void {
    dir.mtim = dir.ctim = this.now();
  }

  private lookup(path: string): Node {
    let n: Node = this.root;
    for (const p of splitPath(path)) {
      if (n.kind !== 'dir') throw new WasiError(Errno.NOTDIR);
      const next: Node | undefined = n.children.get(p);
      if (!next) throw new WasiError(Errno.NOENT);
      n = next;
    }
    return n;
  }

  private parentOf(path: string): [DirNode, string] {
    const parts = splitPath(path);
    const name = parts.pop();
    if (name === undefined) throw new WasiError(Errno.BUSY); // the root itself
    const dir = this.lookup('/' + parts.join('/'));
    if (dir.kind !== 'dir') throw new WasiError(Errno.NOTDIR);
    return [dir, name];
  }
}

class MemFileHandle implements FileHandle {
  constructor(private readonly fs: MemFs, private readonly node: FileNode) {}

  read(into: Uint8Array, position: bigint): number {
    const n = this.node;
    if (position >= BigInt(n.size)) return 0;
    const start = Number(position);
    const count = Math.min(into.length, n.size - start);
    into.set(n.data.subarray(start, start + count));
    n.atim = this.fs.clock();
    return count;
  }

  write(from: Uint8Array, position: bigint): number {
    const end = position + BigInt(from.length);
    if (end > BigInt(MAX_FILE_SIZE)) throw new WasiError(Errno.FBIG);
    const start = Number(position);
    this.reserve(Number(end));
    this.node.data.set(from, start);
    if (Number(end) > this.node.size) this.node.size = Number(end);
    this.node.mtim = this.node.ctim = this.fs.clock();
    return from.length;
  }

  stat(): FileStat {
    return this.fs.statNode(this.node);
  }

  setSize(size: bigint): void {
    if (size > BigInt(MAX_FILE_SIZE)) throw new WasiError(Errno.FBIG);
    const s = Number(size);
    const n = this.node;
    if (s > n.size) {
      this.reserve(s);
      n.data.fill(0, n.size, s);
    }
    n.size = s;
    n.mtim = n.ctim = this.fs.clock();
  }

  setTimes(atim: bigint | null, mtim: bigint | null): void {
    if (atim !== null) this.node.atim = atim;
    if (mtim !== null) this.node.mtim = mtim;
    this.node.ctim = this.fs.clock();
  }

  sync(): void {}
  close(): void {}

  /** Make room for `size` bytes, zero-filling any gap. */
  private reserve(size: number): void {
    const n = this.node;
    if (size <= n.data.length) {
      if (size > n.size) n.data.fill(0, n.size, size);
      return;
    }
    const grown = new Uint8Array(Math.min(MAX_FILE_SIZE, Math.max(size, n.data.length * 2, 64)));
    grown.set(n.data.subarray(0, n.size));
    n.data = grown;
  }
}

/** Is `a` the directory `d` or one of its ancestors? */
function isAncestorOrSelf(a: DirNode, d: DirNode, root: DirNode): boolean {
  for (let x = d; ; x = x.parent) {
    if (x === a) return true;
    if (x === root) return false;
  }
}

function fileTypeOf(n: Node): FileType {
  return n.kind === 'file' ? FileType.REGULAR_FILE : n.kind === 'dir' ? FileType.DIRECTORY : FileType.SYMBOLIC_LINK;
}

function splitPath(path: string): string[] {
  return path.split('/').filter((p) => p !== '' && p !== '.');
}
