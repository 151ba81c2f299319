// Robustness laws of the decoder on hostile input: random bytes and randomly
// mutated valid modules either decode or throw a CompileError (never a JS
// TypeError/RangeError), and whatever decodes re-encodes to the same AST.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { decodeModule } from '../src/binary/decode.js';
import { encodeModule } from '../src/binary/encode.js';
import { CompileError } from '../src/errors.js';
import type { Module } from '../src/ast.js';
import { arbitraryModule, stripOffsets } from './arbitrary-module.js';

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** Decodes, allowing only CompileError; returns null for rejected input. */
function tryDecode(bytes: Uint8Array): Module | null {
  try {
    return decodeModule(bytes);
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    // The decoder's last-resort wrapper for internal errors must never be reached.
    expect(e.reason).not.toMatch(/^malformed module:/);
    expect(e.offset).toBeGreaterThanOrEqual(-1);
    expect(e.offset).toBeLessThanOrEqual(bytes.length);
    return null;
  }
}

/** The AST without offsets and without raw name-section bytes (re-encoded from `names`). */
function comparable(m: Module): Module {
  const s = stripOffsets(m);
  return { ...s, customs: s.customs.map((c) => (c.name === 'name' && m.names ? { ...c, data: new Uint8Array() } : c)) };
}

function stable(m: Module): void {
  const again = decodeModule(encodeModule(m));
  expect(comparable(again)).toEqual(comparable(m));
}

type Mutation = { kind: 'set' | 'insert' | 'delete' | 'truncate'; at: number; byte: number };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('set' as const, 'set' as const, 'insert' as const, 'delete' as const, 'truncate' as const),
  at: fc.nat(),
  byte: fc.oneof(fc.constantFrom(0x00, 0x0b, 0x7f, 0x80, 0xff, 0x40, 0x41, 0xfc, 0xfd, 0xfb), fc.nat({ max: 255 })),
});

function mutate(bytes: Uint8Array, ms: Mutation[]): Uint8Array {
  let b = Array.from(bytes);
  for (const m of ms) {
    if (b.length === 0) break;
    const at = m.at % b.length;
    if (m.kind === 'set') b[at] = m.byte;
    else if (m.kind === 'insert') b.splice(at, 0, m.byte);
    else if (m.kind === 'delete') b.splice(at, 1);
    else b = b.slice(0, at);
  }
  return Uint8Array.from(b);
}

describe('decoder robustness', () => {
  it('random bytes after a valid header throw only CompileError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (tail) => {
      const m = tryDecode(Uint8Array.from([...HEADER, ...tail]));
      if (m) stable(m);
    }), { numRuns: 5000 });
  });

  it('fully random bytes throw only CompileError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 32 }), (bytes) => {
      tryDecode(bytes);
    }), { numRuns: 2000 });
  });

  it('mutated valid modules throw only CompileError, and what decodes is stable', () => {
    fc.assert(fc.property(arbitraryModule, fc.array(mutation, { minLength: 1, maxLength: 4 }), (m, ms) => {
      const decoded = tryDecode(mutate(encodeModule(m), ms));
      if (decoded) stable(decoded);
    }), { numRuns: 1500 });
  });

  it('lazy and eager body decoding agree on mutated modules (same AST or same error)', () => {
    const outcome = (bytes: Uint8Array, eagerBodies: boolean) => {
      try {
        return stripOffsets(decodeModule(bytes, { eagerBodies }));
      } catch (e) {
        if (!(e instanceof CompileError)) throw e;
        return { error: e.message };
      }
    };
    fc.assert(fc.property(arbitraryModule, fc.array(mutation, { minLength: 1, maxLength: 3 }), (m, ms) => {
      const bytes = mutate(encodeModule(m), ms);
      expect(outcome(bytes, false)).toEqual(outcome(bytes, true));
    }), { numRuns: 1000 });
  });

  it('huge declared counts fail fast without allocating', () => {
    // Type section declaring 2^32-1 types in a 6-byte section.
    const bytes = Uint8Array.from([...HEADER, 0x01, 0x05, 0xff, 0xff, 0xff, 0xff, 0x0f]);
    const t0 = performance.now();
    expect(() => decodeModule(bytes)).toThrow('length out of bounds');
    expect(performance.now() - t0).toBeLessThan(100);
  });
});
