// Tracing and fuel on top of the debugger: a per-instruction hook that exists only
// while a debugger is attached (normal code has no hook to skip), and an
// instruction budget that stops runs with "fuel exhausted" or pauses them.

import { printInstr } from '../text/print.js';
import { Debugger, type TraceEvent } from './debugger.js';

/** One trace line: `depth func@offset: instr`, e.g. `1 $fib@0x22: local.get $n`. */
export function formatTrace(dbg: Debugger, e: TraceEvent): string {
  const p = e.point, fn = p.fn;
  const where = p.offset >= 0 ? `0x${p.offset.toString(16)}` : `#${p.index}`;
  const name = dbg.funcName(fn);
  return `${'  '.repeat(Math.min(e.depth, 40))}${name.startsWith('func[') ? name : '$' + name}@${where}: ${printInstr(p.instr, fn.instance!.module, fn.index)}`;
}

/** Attach a debugger that reports every executed instruction of `instance` to `sink` (detach it to stop). */
export function traceInstance(instance: object, sink: (line: string) => void): Debugger {
  const dbg = new Debugger(instance, { breakOnTrap: false });
  dbg.trace = (e) => sink(formatTrace(dbg, e));
  return dbg;
}

/**
 * Attach a debugger that limits `instance` to `fuel` more instructions: beyond that, calls
 * trap with RuntimeError "fuel exhausted" (debug sessions can choose to pause instead).
 */
export function limitFuel(instance: object, fuel: number): Debugger {
  const dbg = new Debugger(instance, { breakOnTrap: false });
  dbg.fuel = fuel;
  return dbg;
}
