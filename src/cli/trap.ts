// How a trap is reported on the command line: the message, then the wasm
// backtrace innermost first, on stderr; the process exits with 134 (as after SIGABRT).

import { RuntimeError } from '../errors.js';

export const TRAP_EXIT_CODE = 134;

/** The lines printed for a trap. */
export function trapLines(e: RuntimeError): string[] {
  const lines = [`wasm-run: trap: ${e.message}`];
  if (e.wasmStack.length > 0) {
    lines.push('wasm backtrace:');
    e.wasmStack.forEach((frame, i) => lines.push(`  ${i}: ${frame}`));
  }
  return lines;
}

/** Print a trap to stderr and return the exit code to use. */
export function reportTrap(e: RuntimeError, err: (s: string) => void = (s) => process.stderr.write(s + '\n')): number {
  for (const l of trapLines(e)) err(l);
  return TRAP_EXIT_CODE;
}
