// Differential testing: random well-typed programs (differential-gen.ts) run on
// wagonette and on Node's native WebAssembly must give identical results (bit
// for bit: floats are returned reinterpreted), identical trap/no-trap, and
// identical memory contents afterwards.

import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { encodeModule } from '../src/binary/encode.js';
import { WebAssembly as W } from '../src/index.js';
import { genArgs, genProgram } from './differential-gen.js';

const Native = globalThis.WebAssembly;

type Outcome = { trap: boolean; value?: unknown; memory: Uint8Array };

function runNative(bytes: Uint8Array, args: unknown[]): Outcome {
  const inst = new Native.Instance(new Native.Module(bytes), {});
  const mem = inst.exports.mem as WebAssembly.Memory;
  try {
    const value = (inst.exports.main as (...a: unknown[]) => unknown)(...args);
    return { trap: false, value, memory: new Uint8Array(mem.buffer).slice() };
  } catch (e) {
    if (!(e instanceof Native.RuntimeError)) throw e;
    return { trap: true, memory: new Uint8Array(mem.buffer).slice() };
  }
}

function runOurs(bytes: Uint8Array, args: unknown[]): Outcome {
  const inst = new W.Instance(new W.Module(bytes), {});
  const mem = inst.exports.mem as { buffer: ArrayBuffer };
  try {
    const value = (inst.exports.main as (...a: unknown[]) => unknown)(...args);
    return { trap: false, value, memory: new Uint8Array(mem.buffer).slice() };
  } catch (e) {
    if (!(e instanceof W.RuntimeError)) throw e;
    return { trap: true, memory: new Uint8Array(mem.buffer).slice() };
  }
}

describe('differential: wagonette vs native WebAssembly', () => {
  it('agrees on random well-typed programs', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const prog = genProgram(seed);
        const bytes = encodeModule(prog.module);
        const args = genArgs(seed, prog.params);
        const want = runNative(bytes, args);
        const got = runOurs(bytes, args);
        expect({ seed, trap: got.trap, value: got.value }).toEqual({ seed, trap: want.trap, value: want.value });
        expect(Buffer.from(got.memory).equals(Buffer.from(want.memory))).toBe(true);
      }),
      { numRuns: 600 },
    );
  });

  it('generates programs that both trap and return', () => {
    let traps = 0, returns = 0;
    for (let seed = 0; seed < 150; seed++) {
      const prog = genProgram(seed);
      const out = runNative(encodeModule(prog.module), genArgs(seed, prog.params));
      if (out.trap) traps++; else returns++;
    }
    expect(traps).toBeGreaterThan(5);
    expect(returns).toBeGreaterThan(30);
  });
});
