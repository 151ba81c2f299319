// `wasm-run [run flags] FILE [ARGS...]`: run a WASI program from `_start`.
//
//   --dir HOST[::GUEST]     preopen a host directory (as GUEST; default: HOST as given)
//   --env NAME=VALUE        set an environment variable for the program
//   --preload NAME=FILE     instantiate FILE first; its exports satisfy imports from module NAME
//   --env-module            provide the built-in "env" module (printf, malloc, ...)
//   --trap-unknown-imports  link missing functions to stubs that trap when called
//
// The result is the program's exit code. A trap propagates as RuntimeError
// (main.ts prints it with the wasm backtrace and exits 134).

import * as fs from 'node:fs';
import { Instance, Module } from '../api/jsapi.js';
import type { Resolver } from '../exec/host.js';
import { env } from '../host/env.js';
import { instancesResolver } from '../host/resolvers.js';
import { wasi, WasiExit, type InputSource, type OutputSink, type WasiResolver } from '../host/wasi/index.js';
import { nodeDir } from '../host/wasi/nodefs.js';
import { wat2wasm } from '../text/index.js';
import { InputError } from './load.js';
import { UsageError } from './usage.js';

/** The run flags, for the CLI's help text (usage.ts may include it). */
export const RUN_FLAGS_USAGE = `run flags:
  --dir HOST[::GUEST]      preopen a host directory for the program (as GUEST)
  --env NAME=VALUE         set an environment variable
  --preload NAME=FILE      instantiate FILE first; it provides imports from module NAME
  --env-module             provide the built-in "env" module (printf, malloc, ...)
  --trap-unknown-imports   link missing functions to stubs that trap when called`;

export interface RunFlags {
  dirs: { host: string; guest: string }[];
  env: Record<string, string>;
  preloads: { name: string; file: string }[];
  envModule: boolean;
  trapUnknownImports: boolean;
  file: string;
  args: string[];
}

/** Split the command line into run flags, FILE and the program's own arguments. */
export function parseRunArgs(argv: string[]): RunFlags {
  const flags: RunFlags = { dirs: [], env: {}, preloads: [], envModule: false, trapUnknownImports: false, file: '', args: [] };
  let i = 0;
  // `--flag VALUE` or `--flag=VALUE`.
  const value = (flag: string, arg: string): string => {
    if (arg.includes('=') && arg.startsWith(flag + '=')) return arg.slice(flag.length + 1);
    const v = argv[++i];
    if (v === undefined) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') { i++; break; }
    if (!a.startsWith('--')) break;
    const name = a.split('=')[0]!;
    switch (name) {
      case '--dir': {
        const v = value('--dir', a);
        const sep = v.indexOf('::');
        const host = sep >= 0 ? v.slice(0, sep) : v;
        const guest = sep >= 0 ? v.slice(sep + 2) : v;
        if (!host || !guest) throw new UsageError(`--dir ${v}: expected HOST or HOST::GUEST`);
        flags.dirs.push({ host, guest });
        break;
      }
      case '--env': {
        const v = value('--env', a);
        const eq = v.indexOf('=');
        if (eq <= 0) throw new UsageError(`--env ${v}: expected NAME=VALUE`);
        flags.env[v.slice(0, eq)] = v.slice(eq + 1);
        break;
      }
      case '--preload': {
        const v = value('--preload', a);
        const eq = v.indexOf('=');
        if (eq <= 0 || eq === v.length - 1) throw new UsageError(`--preload ${v}: expected NAME=FILE`);
        flags.preloads.push({ name: v.slice(0, eq), file: v.slice(eq + 1) });
        break;
      }
      case '--env-module': flags.envModule = true; break;
      case '--trap-unknown-imports': flags.trapUnknownImports = true; break;
      default: throw new UsageError(`unknown flag ${a}`);
    }
  }
  const file = argv[i];
  if (file === undefined) throw new UsageError('no module file given');
  flags.file = file;
  // The program sees its file name as argv[0], then the rest untouched.
  flags.args = [file, ...argv.slice(i + 1)];
  return flags;
}

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

/** Bytes of FILE: a binary as is, WAT text converted by the engine's own front end. */
export function loadModuleBytes(path: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    if (fs.statSync(path).isDirectory()) throw new InputError(`${path}: is a directory, not a module file`);
    bytes = new Uint8Array(fs.readFileSync(path));
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as { code?: string }).code;
    throw new InputError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${(e as Error).message})`);
  }
  if (WASM_MAGIC.every((m, k) => bytes[k] === m)) return bytes;
  return wat2wasm(new TextDecoder().decode(bytes));
}

/** Write all of `bytes` to a file descriptor, riding out EAGAIN on non-blocking pipes. */
function writeAll(fd: number, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) {
    try {
      off += fs.writeSync(fd, bytes, off, bytes.length - off);
    } catch (e) {
      if ((e as { code?: string }).code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
}

/** Read up to `max` bytes of the process's stdin (empty at EOF). */
function readStdin(max: number): Uint8Array {
  const buf = new Uint8Array(Math.min(max, 65536));
  for (;;) {
    try {
      return buf.subarray(0, fs.readSync(0, buf, 0, buf.length, null));
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'EOF') return new Uint8Array(0);
      if (code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}

/** The program's standard streams; the process's own unless replaced (tests). */
export interface RunStdio {
  stdin?: InputSource;
  stdout?: OutputSink;
  stderr?: OutputSink;
}

/** A program as `wasm-run FILE` links it: WASI over preopened host directories, --preload
 *  instances, the optional env module. `instantiate()` instantiates the preloads, then FILE
 *  (start functions run then, so callers wrap it where WASI proc_exit may end the program). */
export interface LinkedProgram {
  wasi: WasiResolver;
  instantiate(): Instance;
}

export function linkProgram(flags: RunFlags, stdio: Required<RunStdio>): LinkedProgram {
  const preopens: Record<string, { fs: import('../host/wasi/fs.js').FileSystem; path: string }> = {};
  for (const d of flags.dirs) {
    try {
      preopens[d.guest] = nodeDir(d.host);
    } catch (e) {
      throw new InputError(`--dir ${d.host}: ${(e as Error).message}`);
    }
  }
  const w = wasi({ args: flags.args, env: flags.env, preopens, stdin: stdio.stdin, stdout: stdio.stdout, stderr: stdio.stderr });
  const resolvers: Resolver[] = [];
  const preloaded = new Map<string, Instance>();
  if (flags.preloads.length > 0) resolvers.push(instancesResolver(preloaded));
  resolvers.push(w);
  if (flags.envModule) resolvers.push(env({ stdout: stdio.stdout }));
  const options = { trapUnknownImports: flags.trapUnknownImports };
  return {
    wasi: w,
    instantiate(): Instance {
      for (const p of flags.preloads) {
        preloaded.set(p.name, new Instance(new Module(loadModuleBytes(p.file)), resolvers, options));
      }
      return new Instance(new Module(loadModuleBytes(flags.file)), resolvers, options);
    },
  };
}

/** Entry point used by main.ts: returns the exit code. */
export async function runCommand(argv: string[], stdio: RunStdio = {}): Promise<number> {
  const flags = parseRunArgs(argv);
  const program = linkProgram(flags, {
    stdin: stdio.stdin ?? readStdin,
    stdout: stdio.stdout ?? ((b: Uint8Array) => writeAll(1, b)),
    stderr: stdio.stderr ?? ((b: Uint8Array) => writeAll(2, b)),
  });
  const w = program.wasi;
  try {
    const instance = program.instantiate();
    const start = instance.exports['_start'];
    if (typeof start === 'function') {
      start();
      return 0;
    }
    // Modules without _start (built with --no-entry): `main`'s result is the exit code.
    const main = instance.exports['main'];
    if (typeof main === 'function') {
      const r = main();
      return typeof r === 'number' ? r & 0xff : 0;
    }
    throw new InputError(`${flags.file}: the module exports no _start function`);
  } catch (e) {
    if (e instanceof WasiExit) return e.code <= 255 ? e.code : 1;
    throw e;
  } finally {
    w.fds.closeAll();
  }
}
