// wasm-run: command dispatch. Each subcommand lives in its own module; running
// a WASI program (`wasm-run [flags] FILE ARGS...`) is provided by ./run.ts.
//
// Exit codes: 0 success, 1 failure (bad module, failed tests, ...), 2 usage
// error, 134 trap; a WASI program's own exit code when it exits.
//
// Contract with ./run.ts (owned by the host layer): it exports
//   runCommand(args: string[]): Promise<number> | number
// where args is everything after `wasm-run` (run flags, FILE, program args) and
// the result is the exit code. It may throw UsageError (./usage.js) for bad flags
// (exit 2), InputError (./load.js) for unreadable files, RuntimeError for a trap
// (printed with its backtrace by reportTrap in ./trap.js, exit 134): main() maps them.

import { readFileSync } from 'node:fs';
import { OPCODES } from '../binary/opcodes.js';
import { CompileError, LinkError, RuntimeError } from '../errors.js';
import { MissingPartError } from './engine.js';
import { invokeCommand } from './invoke.js';
import { InputError } from './load.js';
import { reportTrap } from './trap.js';
import { USAGE, UsageError } from './usage.js';
import { validateCommand, wat2wasmCommand } from './convert.js';
import { wastCommand } from './wast.js';

/** Output streams, replaceable for tests. */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const stdio: Io = {
  out: (s) => process.stdout.write(s + '\n'),
  err: (s) => process.stderr.write(s + '\n'),
};

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** `wasm-run opcodes`: every opcode of the table, then the count. */
function opcodesCommand(io: Io): number {
  for (const o of OPCODES) {
    const code = o.code > 0xff ? `0x${(o.code >> 12).toString(16)} ${o.code & 0xfff}` : `0x${o.code.toString(16).padStart(2, '0')}`;
    io.out(`${code.padEnd(10)} ${o.name}`);
  }
  io.out(`${OPCODES.length} opcodes`);
  return 0;
}

/** The contract with ./run.ts (the host layer): run a WASI program from the full argument list. */
type RunCommand = (args: string[]) => Promise<number> | number;

async function runProgram(args: string[]): Promise<number> {
  // Loaded by a computed specifier: run.ts is written by the host layer and may not exist yet.
  const spec = './run.js';
  let mod: Record<string, unknown>;
  try {
    mod = (await import(spec)) as Record<string, unknown>;
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') throw new MissingPartError('running WASI programs (src/cli/run.ts)');
    throw e;
  }
  const fn = (mod['runCommand'] ?? mod['run'] ?? mod['default']) as RunCommand | undefined;
  if (typeof fn !== 'function') throw new MissingPartError('running WASI programs (src/cli/run.ts exports no runCommand)');
  return await fn(args);
}

async function dispatch(args: string[], io: Io): Promise<number> {
  const [first, ...rest] = args;
  switch (first) {
    case undefined:
      io.err(USAGE);
      return 2;
    case '--help':
    case '-h':
    case 'help':
      io.out(USAGE);
      return 0;
    case '--version':
    case '-V':
      io.out(`wasm-run (wagonette) ${version()}`);
      return 0;
    case 'wast':
      return wastCommand(rest, io.out);
    case 'opcodes':
      if (rest.length > 0) throw new UsageError('opcodes takes no arguments');
      return opcodesCommand(io);
    case 'validate':
      return validateCommand(rest, io);
    case 'wat2wasm':
      return wat2wasmCommand(rest, io);
    case '--invoke':
      return invokeCommand(rest, io);
    // The debugger (src/cli/debug.ts), loaded only when asked for.
    case 'debug':
      return (await import('./debug.js')).debugCommand(rest, io);
    case '--trace':
      return (await import('./debug.js')).traceCommand(rest, io);
    default:
      if (first.startsWith('--invoke=')) return invokeCommand([first.slice('--invoke='.length), ...rest], io);
      return runProgram(args);
  }
}

/** Run the CLI; returns the process exit code. Errors become one-line messages. */
export async function main(args: string[], io: Io = stdio): Promise<number> {
  try {
    return await dispatch(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`wasm-run: ${e.message}`);
      io.err('run `wasm-run --help` for usage');
      return 2;
    }
    if (e instanceof RuntimeError) return reportTrap(e, io.err);
    if (e instanceof InputError || e instanceof MissingPartError) {
      io.err(`wasm-run: ${e.message}`);
      return 1;
    }
    if (e instanceof CompileError) {
      io.err(`wasm-run: invalid module: ${e.message}`);
      return 1;
    }
    if (e instanceof LinkError) {
      io.err(`wasm-run: link error: ${e.message}`);
      return 1;
    }
    if (e instanceof Error && e.name === 'WasmException') {
      io.err(`wasm-run: uncaught wasm exception: ${e.message}`);
      return 134;
    }
    io.err(`wasm-run: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 1;
  }
}
