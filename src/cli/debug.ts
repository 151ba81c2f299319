// `wasm-run debug [run flags] FILE [ARGS...]`: an interactive debugger on stdin, and
// `wasm-run --trace [run flags] FILE [ARGS...]`: run a program printing every executed
// instruction (function, byte offset, instruction) on stderr.
//
// A module with `_start` runs as a WASI program with ARGS as its arguments; otherwise
// ARGS are `FUNC VALUES...`: the export to call and its arguments.

import * as fs from 'node:fs';
import type { FuncType, ValType } from '../ast.js';
import type { Instance } from '../api/jsapi.js';
import { RuntimeError } from '../errors.js';
import type { RawValue } from '../exec/value.js';
import { WasiExit, type WasiResolver } from '../host/wasi/index.js';
import { Debugger, type RunResult } from '../debug/debugger.js';
import { disassembleFunction } from '../debug/disasm.js';
import type { DebugSession } from '../debug/session.js';
import { formatTrace } from '../debug/trace.js';
import { formatValue as formatDebugValue } from '../debug/values.js';
import { instanceOf, refKind } from '../api/raw.js';
import { FuncInst } from '../exec/func.js';
import { InputError } from './load.js';
import { linkProgram, parseRunArgs } from './run.js';
import { reportTrap } from './trap.js';
import { UsageError } from './usage.js';
import { formatValue, parseArg } from './values.js';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** Debugger commands, one a line; null at the end of input. */
export type LineSource = () => string | null;

export const DEBUG_HELP = `commands:
  break FUNC[@OFFSET] | break OFFSET   breakpoint on function entry or at a byte offset (hex with 0x)
  delete N                             remove breakpoint N
  info                                 list the breakpoints
  step | s                             run one instruction (into calls)
  next | n                             run one instruction of this function (over calls)
  finish                               run until the current function returns
  continue | c                         run to a breakpoint, a trap or the end
  bt                                   backtrace
  frame N                              select frame N for locals/stack/print/set
  locals                               locals of the selected frame
  stack                                operand stack of the selected frame
  print NAME | p NAME                  a local (of the selected frame) or global
  set NAME VALUE                       write a local or global
  mem ADDR LEN                         hex dump of memory
  disas [FUNC]                         disassemble (the current function, marked)
  run                                  start again from the beginning
  quit | q                             leave`;

const WASM_EXIT_TRAP = 134;

/** The call a debug/trace run makes: `_start`, or an export with arguments. */
interface Entry {
  func: string;
  args: RawValue[];
}

interface Loaded {
  instance: Instance;
  entry: Entry;
  wasi: WasiResolver;
}

function funcTypeOfExport(inst: Instance, name: string): FuncType | null {
  const f = instanceOf(inst).exports.get(name);
  return f instanceof FuncInst ? f.type : null;
}

/** Instantiate FILE like `wasm-run FILE` does, and decide what to call. */
function loadProgram(argv: string[], stdout: (b: Uint8Array) => void, stderr: (b: Uint8Array) => void,
  stdin: (max: number) => Uint8Array): Loaded {
  const flags = parseRunArgs(argv);
  const program = linkProgram(flags, { stdin, stdout, stderr });
  const w = program.wasi;
  const instance = program.instantiate();
  if (typeof instance.exports['_start'] === 'function') return { instance, entry: { func: '_start', args: [] }, wasi: w };
  const [name, ...rest] = flags.args.slice(1);
  if (name === undefined) throw new UsageError(`${flags.file} has no _start: give the function to call and its arguments`);
  const type = funcTypeOfExport(instance, name);
  if (type === null) throw new InputError(`${flags.file}: no exported function named "${name}"`);
  if (rest.length !== type.params.length) throw new UsageError(`"${name}" takes ${type.params.length} arguments, got ${rest.length}`);
  return { instance, entry: { func: name, args: rest.map((a, i) => parseArg(a, type.params[i] as ValType)) }, wasi: w };
}

const syncOut = (fd: number) => (b: Uint8Array): void => {
  let off = 0;
  while (off < b.length) {
    try { off += fs.writeSync(fd, b, off, b.length - off); } catch (e) {
      if ((e as { code?: string }).code !== 'EAGAIN') throw e;
    }
  }
};

function readStdin(max: number): Uint8Array {
  const buf = new Uint8Array(Math.min(max, 65536));
  try { return buf.subarray(0, fs.readSync(0, buf, 0, buf.length, null)); } catch (e) {
    if ((e as { code?: string }).code === 'EOF') return new Uint8Array(0);
    throw e;
  }
}

/** `wasm-run --trace ...`: run with every instruction reported on stderr. */
export async function traceCommand(argv: string[], io: Io): Promise<number> {
  const { instance, entry, wasi: w } = loadProgram(argv, syncOut(1), syncOut(2), readStdin);
  const dbg = new Debugger(instance, { breakOnTrap: false });
  dbg.trace = (e) => io.err(formatTrace(dbg, e));
  try {
    const s = dbg.start(entry.func, entry.args, { pauseAtEntry: false });
    const r = s.result;
    if (typeof r === 'object' && 'trap' in r) {
      if (r.trap instanceof RuntimeError) return reportTrap(r.trap, io.err);
      io.err(`wasm-run: uncaught wasm exception: ${r.trap.message}`);
      return WASM_EXIT_TRAP;
    }
    if (typeof r === 'object' && entry.func !== '_start') for (const v of r.done) io.out(formatValue(v, refKind));
    return 0;
  } catch (e) {
    if (e instanceof WasiExit) return e.code <= 255 ? e.code : 1;
    throw e;
  } finally {
    dbg.detach();
    w.fds.closeAll();
  }
}

/** A line reader over fd 0 (blocking, so the prompt loop stays synchronous). */
function stdinLines(): LineSource {
  let pending = '';
  let eof = false;
  const buf = new Uint8Array(4096);
  const dec = new TextDecoder();
  return () => {
    for (;;) {
      const nl = pending.indexOf('\n');
      if (nl >= 0) { const line = pending.slice(0, nl); pending = pending.slice(nl + 1); return line.replace(/\r$/, ''); }
      if (eof) { if (pending === '') return null; const line = pending; pending = ''; return line; }
      let n = 0;
      try { n = fs.readSync(0, buf, 0, buf.length, null); } catch (e) {
        const code = (e as { code?: string }).code;
        if (code === 'EAGAIN') { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5); continue; }
        if (code !== 'EOF') throw e;
      }
      if (n === 0) eof = true; else pending += dec.decode(buf.subarray(0, n), { stream: true });
    }
  };
}

/** The interactive debugger over one loaded program. */
export class DebugRepl {
  private readonly dbg: Debugger;
  private session: DebugSession;
  private frameLevel = 0;
  exitCode = 0;

  constructor(instance: Instance, private readonly entry: Entry, private readonly out: (s: string) => void) {
    this.dbg = new Debugger(instance);
    this.session = this.begin();
  }

  private begin(): DebugSession {
    this.frameLevel = 0;
    const s = this.dbg.start(this.entry.func, this.entry.args);
    this.session = s;
    this.report(s.result);
    return s;
  }

  private where(level = 0): string {
    const f = this.session.frame(level);
    return `${f.name} @ 0x${f.offset.toString(16)}: ${f.instr}`;
  }

  private report(r: RunResult): void {
    const s = this.session;
    if (r === 'paused') { this.out(`[${s.reason ?? 'stopped'}] ${this.where()}`); return; }
    if ('done' in r) {
      this.out(r.done.length ? `finished: ${r.done.map((v) => formatValue(v, refKind)).join(' ')}` : 'finished');
      return;
    }
    this.out(`trap: ${r.trap instanceof RuntimeError ? r.trap.reason : r.trap.message}`);
    this.exitCode = WASM_EXIT_TRAP;
    if (s.state === 'trapped') { try { this.out(`[trap] ${this.where()}`); } catch { /* no frame */ } }
  }

  private run(go: () => RunResult): void {
    this.frameLevel = 0;
    try {
      this.report(go());
    } catch (e) {
      if (e instanceof WasiExit) { this.out(`program exited with code ${e.code}`); this.exitCode = e.code; return; }
      throw e;
    }
  }

  private parseOffset(text: string): number {
    const n = /^0x[0-9a-f]+$/i.test(text) ? parseInt(text, 16) : /^\d+$/.test(text) ? Number(text) : NaN;
    if (Number.isNaN(n)) throw new Error(`not an offset: ${text}`);
    return n;
  }

  private readable(): boolean {
    const st = this.session.state;
    if (st === 'paused' || st === 'trapped') return true;
    this.out(`the program is not paused (${st}); use run to start again`);
    return false;
  }

  /** Run one command line; false when the session should end. */
  exec(line: string): boolean {
    const [cmd, ...a] = line.trim().split(/\s+/);
    const s = this.session;
    try {
      switch (cmd) {
        case '': case undefined: return true;
        case 'quit': case 'q': case 'exit': return false;
        case 'help': case 'h': this.out(DEBUG_HELP); return true;
        case 'step': case 's': case 'stepi': this.run(() => s.step()); return true;
        case 'next': case 'n': this.run(() => s.stepOver()); return true;
        case 'finish': this.run(() => s.stepOut()); return true;
        case 'continue': case 'c': this.run(() => s.continue()); return true;
        case 'run': case 'restart': this.run(() => this.begin().result); return true;
        case 'break': case 'b': {
          const spec = a[0];
          if (spec === undefined) throw new Error('break needs FUNC[@OFFSET] or OFFSET');
          const at = spec.indexOf('@');
          let bp;
          if (at >= 0) bp = this.dbg.breakAt(spec.slice(0, at), this.parseOffset(spec.slice(at + 1)));
          else if (/^(0x[0-9a-f]+)$/i.test(spec) && s.state === 'paused') bp = this.dbg.breakAt(s.frame().func, this.parseOffset(spec));
          else bp = this.dbg.breakAt(spec);
          const fn = bp.point.fn;
          this.out(`breakpoint ${bp.id} at ${this.dbg.funcName(fn)} @ 0x${bp.point.offset.toString(16)}`);
          return true;
        }
        case 'info': case 'breaks': {
          const bps = this.dbg.breakpoints();
          if (bps.length === 0) this.out('no breakpoints');
          for (const bp of bps) this.out(`breakpoint ${bp.id} at ${this.dbg.funcName(bp.point.fn)} @ 0x${bp.point.offset.toString(16)}`);
          return true;
        }
        case 'delete': case 'd':
          this.out(this.dbg.clearBreakpoint(Number(a[0])) ? `deleted breakpoint ${a[0]}` : `no breakpoint ${a[0]}`);
          return true;
        case 'bt': case 'backtrace': case 'where':
          if (!this.readable()) return true;
          s.frames().forEach((f) => this.out(`#${f.level}  ${f.name} @ 0x${f.offset.toString(16)}: ${f.instr}`));
          return true;
        case 'frame': case 'f': {
          if (!this.readable()) return true;
          const n = Number(a[0] ?? 0);
          s.frame(n);
          this.frameLevel = n;
          this.out(`#${n}  ${this.where(n)}`);
          return true;
        }
        case 'locals':
          if (!this.readable()) return true;
          for (const l of s.locals(this.frameLevel)) {
            const name = /^\d+$/.test(l.name) ? l.name : `$${l.name}`;
            this.out(`${name}: ${formatDebugValue({ type: l.type, value: l.value })}`);
          }
          return true;
        case 'stack': {
          if (!this.readable()) return true;
          const st = s.stack(this.frameLevel);
          if (st.length === 0) this.out('(empty)');
          st.forEach((v, i) => this.out(`[${i}] ${formatDebugValue(v)}`));
          return true;
        }
        case 'print': case 'p': {
          if (!this.readable()) return true;
          const name = a[0];
          if (name === undefined) throw new Error('print needs a local or global name');
          let v;
          try { v = s.local(name, this.frameLevel); } catch { v = s.global(name); }
          this.out(`${name} = ${formatDebugValue(v)}`);
          return true;
        }
        case 'set': {
          if (!this.readable()) return true;
          const [name, value] = a;
          if (name === undefined || value === undefined) throw new Error('set needs NAME VALUE');
          let isLocal = true;
          try { s.local(name, this.frameLevel); } catch { isLocal = false; }
          if (isLocal) s.setLocal(name, value, this.frameLevel); else s.setGlobal(name, value);
          const v = isLocal ? s.local(name, this.frameLevel) : s.global(name);
          this.out(`${name} = ${formatDebugValue(v)}`);
          return true;
        }
        case 'mem': case 'x': {
          if (!this.readable()) return true;
          const addr = this.parseOffset(a[0] ?? ''), len = this.parseOffset(a[1] ?? '16');
          const bytes = s.readMemory(addr, len);
          for (let i = 0; i < bytes.length; i += 16) {
            const row = bytes.subarray(i, i + 16);
            const hex = [...row].map((b) => b.toString(16).padStart(2, '0')).join(' ');
            const text = [...row].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
            this.out(`${(addr + i).toString(16).padStart(8, '0')}: ${hex.padEnd(47)}  |${text}|`);
          }
          return true;
        }
        case 'disas': case 'disassemble': {
          const m = this.dbg.instance.module;
          if (a[0] !== undefined) { this.out(disassembleFunction(m, this.dbg.func(a[0]).index).trimEnd()); return true; }
          if (!this.readable()) return true;
          const f = s.frame(this.frameLevel);
          this.out(disassembleFunction(m, f.func, { mark: f.index }).trimEnd());
          return true;
        }
        default:
          this.out(`unknown command "${cmd}" (help lists the commands)`);
          return true;
      }
    } catch (e) {
      if (e instanceof WasiExit) throw e;
      this.out(`error: ${(e as Error).message}`);
      return true;
    }
  }

  close(): void {
    this.session.end();
    this.dbg.detach();
  }
}

/** `wasm-run debug ...`: the prompt loop. Commands come from `input` (stdin by default). */
export async function debugCommand(argv: string[], io: Io, input: LineSource = stdinLines()): Promise<number> {
  // The program gets an empty stdin: the debugger reads its commands from there.
  const { instance, entry, wasi: w } = loadProgram(argv, syncOut(1), syncOut(2), () => new Uint8Array(0));
  const tty = process.stdin.isTTY === true;
  const repl = new DebugRepl(instance, entry, io.out);
  try {
    for (;;) {
      if (tty) process.stdout.write('(wdb) ');
      const line = input();
      if (line === null) break;
      if (!tty) io.out(`(wdb) ${line}`);
      if (!repl.exec(line)) break;
    }
    return repl.exitCode;
  } finally {
    repl.close();
    w.fds.closeAll();
  }
}
