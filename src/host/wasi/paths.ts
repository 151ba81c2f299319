// Capability-safe path resolution: a guest path, relative to a directory fd,
// is walked component by component inside its preopened root. `..` above the
// root, absolute paths and symlinks whose targets leave the root are refused
// with ENOTCAPABLE, so no backend is ever asked about anything outside.

import { FileType } from './constants.js';
import { Errno, WasiError } from './errno.js';
import { joinPath, type FileSystem } from './fs.js';

/** Symlinks followed during one resolution before ELOOP (as Linux). */
const MAX_SYMLINKS = 40;

export interface ResolvedPath {
  /** Components below the preopen root. */
  rel: string[];
  /** The backend path. */
  path: string;
}

/**
 * Resolve `guestPath` against the directory `dirRel` (components below `root`).
 * Every symlink met on the way is followed, the final component's only when
 * `followFinal`. A final component that does not exist is fine (the caller may
 * create it); a missing directory on the way is ENOENT.
 */
export function resolvePath(fs: FileSystem, root: string, dirRel: readonly string[], guestPath: string, followFinal: boolean): ResolvedPath {
  if (guestPath.length === 0) throw new WasiError(Errno.NOENT);
  if (guestPath.includes('\0')) throw new WasiError(Errno.INVAL);
  if (guestPath.startsWith('/')) throw new WasiError(Errno.NOTCAPABLE);
  // A trailing slash asks for a directory: follow the final symlink and require one.
  const mustBeDir = guestPath.endsWith('/');
  const stack = [...dirRel];
  // Components still to walk, in reverse so pop() takes the next one.
  const pending = guestPath.split('/').filter((c) => c !== '').reverse();
  let links = 0;
  while (pending.length > 0) {
    const c = pending.pop()!;
    if (c === '.') continue;
    if (c === '..') {
      if (stack.length === 0) throw new WasiError(Errno.NOTCAPABLE);
      stack.pop();
      continue;
    }
    stack.push(c);
    const isFinal = pending.length === 0;
    if (isFinal && !followFinal && !mustBeDir) break;
    let type: FileType;
    try {
      type = fs.stat(joinPath(root, stack)).filetype;
    } catch (e) {
      if (isFinal && e instanceof WasiError && e.errno === Errno.NOENT) break;
      throw e;
    }
    if (type === FileType.SYMBOLIC_LINK) {
      if (++links > MAX_SYMLINKS) throw new WasiError(Errno.LOOP);
      const target = fs.readlink(joinPath(root, stack));
      stack.pop();
      if (target.startsWith('/')) throw new WasiError(Errno.NOTCAPABLE);
      if (target.length === 0) throw new WasiError(Errno.NOENT);
      for (const t of target.split('/').filter((x) => x !== '').reverse()) pending.push(t);
      continue;
    }
    if (!isFinal && type !== FileType.DIRECTORY) throw new WasiError(Errno.NOTDIR);
    if (isFinal && mustBeDir && type !== FileType.DIRECTORY) throw new WasiError(Errno.NOTDIR);
  }
  return { rel: stack, path: joinPath(root, stack) };
}
